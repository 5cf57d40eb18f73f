//! `sup describe`: the policy in plain English, as Markdown.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The `.sup` file to describe.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Write the Markdown here instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> u8 {
    match super::load_clean(&args.file, "described") {
        Ok(policy) => super::emit(
            &sup::describe::describe(&policy.checked.policy),
            args.output.as_deref(),
        ),
        Err(code) => code,
    }
}
