//! `sup describe`: the policy in plain English, as Markdown.

use std::path::PathBuf;

use super::exit;
use sup::report::diagnostics::render_human;
use sup::workspace;

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
    let policy = match workspace::load(&args.file, None) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::FAILED;
        }
    };
    // A policy with errors is missing the statements that failed, so a
    // description of it would silently leave rules out.
    if policy.checked.has_errors() {
        let errors: Vec<_> = policy
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        eprint!(
            "{}",
            render_human(&policy.name, &policy.source, &errors, super::stderr_color())
        );
        eprintln!("not described: `{}` has errors", policy.name);
        return exit::FOUND;
    }
    let markdown = sup::describe::describe(&policy.checked.policy);
    match &args.output {
        Some(out) => {
            if let Err(e) = std::fs::write(out, markdown + "\n") {
                eprintln!("error: cannot write `{}`: {e}", out.display());
                return exit::FAILED;
            }
            exit::OK
        }
        None => {
            super::print_stdout(&format!("{markdown}\n"));
            exit::OK
        }
    }
}
