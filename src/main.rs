//! The `sup` command line. Kept thin: parsing arguments and choosing output
//! is all that happens here; the work is in the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
