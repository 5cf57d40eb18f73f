//! `sup compile`: the compiled policy as JSON.

use std::path::PathBuf;

use super::exit;
use sup::report::diagnostics::render_human;
use sup::workspace;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The `.sup` file to compile.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Write the JSON here instead of to standard output.
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
        eprintln!("not compiled: `{}` has errors", policy.name);
        return exit::FOUND;
    }
    let json = match serde_json::to_string_pretty(&policy.checked.policy) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: cannot write JSON: {e}");
            return exit::FAILED;
        }
    };
    match &args.output {
        Some(out) => {
            if let Err(e) = std::fs::write(out, json + "\n") {
                eprintln!("error: cannot write `{}`: {e}", out.display());
                return exit::FAILED;
            }
            exit::OK
        }
        None => {
            super::print_stdout(&format!("{json}\n"));
            exit::OK
        }
    }
}
