//! The `sup` command line. Kept thin: parsing arguments and choosing output
//! is all that happens here; the work is in the library.

#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "the command line, not library code: it indexes its own tables of the library's results"
)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
