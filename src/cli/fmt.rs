//! `sup fmt`: rewrite policy files in the canonical layout, or with
//! `--check` report (as a unified diff) the files that are not in it.

use std::path::PathBuf;

use super::exit;
use sup::format::{format, FormatError};
use sup::report::diagnostics::render_human;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Change nothing: print a diff of each file that is not formatted and
    /// exit 1 if there is one (for CI).
    #[arg(long)]
    check: bool,
    /// The `.sup` files to format, in place (`-`: read standard input, write the formatted
    /// text to standard output).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub(crate) fn run(args: &Args) -> u8 {
    let mut failed = false;
    let mut unformatted = 0usize;
    for path in &args.files {
        let stdin = path.as_os_str() == sup::workspace::STDIN_PATH;
        let name = if stdin {
            sup::workspace::STDIN_NAME.to_string()
        } else {
            path.display().to_string()
        };
        let read = if stdin {
            sup::workspace::read_stdin()
        } else {
            sup::workspace::read_policy(path)
        };
        let source = match read {
            Ok(s) => s,
            Err(e) => {
                sayln!("error: cannot read `{name}`: {e}");
                failed = true;
                continue;
            }
        };
        let formatted = match format(&source) {
            Ok(f) => f,
            Err(FormatError::Syntax(diagnostics)) => {
                say!(
                    "{}",
                    render_human(&name, &source, &diagnostics, super::stderr_color())
                );
                sayln!("not formatted: `{name}` has syntax errors");
                failed = true;
                continue;
            }
        };
        if stdin && !args.check {
            // Standard input has no file to rewrite: the formatted text is the output.
            super::print_stdout(&formatted);
            continue;
        }
        if formatted == source {
            continue;
        }
        unformatted += 1;
        if args.check {
            // A diff cannot show line ends: show the file's lines as lines,
            // and say what else changes.
            let lone_cr = sup::span::lone_cr_as_lf(&source);
            if lone_cr.is_some() {
                tell!(
                    "note: `{name}` ends lines with carriage returns; `sup fmt` writes line feeds"
                );
            }
            let shown = lone_cr.as_deref().unwrap_or(&source);
            super::print_stdout(&unified_diff(&name, shown, &formatted));
        } else if let Err(e) = std::fs::write(path, &formatted) {
            sayln!("error: cannot write `{name}`: {e}");
            failed = true;
        } else {
            tell!("formatted {name}");
        }
    }
    if failed {
        exit::FAILED
    } else if args.check && unformatted > 0 {
        sayln!(
            "{unformatted} file{} not formatted; run `sup fmt` on {}",
            if unformatted == 1 { " is" } else { "s are" },
            if unformatted == 1 { "it" } else { "them" }
        );
        exit::FOUND
    } else {
        exit::OK
    }
}

/// A unified diff from the file as it is to the file formatted.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .to_string()
}
