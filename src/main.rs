//! The `sup` command line. Kept thin: parsing arguments and choosing output
//! is all that happens here; the work is in the library.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
