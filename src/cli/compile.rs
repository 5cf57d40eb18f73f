//! `sup compile`: the compiled policy as JSON.

use std::path::PathBuf;

use super::exit;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The `.sup` file to compile (`-`: standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Write the JSON here instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> u8 {
    let policy = match super::load_clean(&args.file, "compiled") {
        Ok(p) => p,
        Err(code) => return code,
    };
    match sup::policy::hash::to_published_json(&policy.checked.policy) {
        Ok(json) => super::emit(&json, args.output.as_deref()),
        Err(e) => {
            sayln!("error: cannot write JSON: {e}");
            exit::FAILED
        }
    }
}
