//! `sup diff`: what changed between two versions of a policy, rule by rule,
//! each change judged stricter, looser, mixed or neutral.

use std::path::PathBuf;

use clap::ValueEnum;

use super::exit;
use sup::diff::render::{render, Format};
use sup::report::diagnostics::render_human;
use sup::workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Plain text for a terminal.
    Human,
    /// The diff as JSON, for tools.
    Json,
    /// Markdown, to paste into a review paper.
    Markdown,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The policy as it was.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The policy as it is now (or the draft).
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// How to print the diff.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
}

pub(crate) fn run(args: &Args) -> u8 {
    let mut loaded = Vec::new();
    for path in [&args.old, &args.new] {
        match workspace::load(path, None) {
            Ok(p) => loaded.push(p),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::FAILED;
            }
        }
    }
    let mut broken = false;
    for policy in &loaded {
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
            eprintln!("cannot compare: `{}` has errors", policy.name);
            broken = true;
        }
    }
    if broken {
        return exit::FOUND;
    }
    let [old, new] = [&loaded[0], &loaded[1]];
    let diff = sup::diff::diff(&old.checked.policy, &new.checked.policy);
    let format = match args.format {
        DiffFormat::Human => Format::Human,
        DiffFormat::Json => Format::Json,
        DiffFormat::Markdown => Format::Markdown,
    };
    print!("{}", render(&diff, format));
    exit::OK
}
