//! Command-line arguments and dispatch to one module per subcommand.

/// `eprint!` for the subcommands, except that a closed standard error
/// (`sup ... 2>&1 | head`) is ignored instead of panicking: the exit code
/// still says what happened.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprintln!`, with a closed standard error ignored as in [`say!`].
macro_rules! sayln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod check;
mod compile;
mod describe;
mod diff;
mod eval;
mod explain;
mod fmt;
mod generate;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes shared by every subcommand.
pub(crate) mod exit {
    /// Clean: no errors, no findings.
    pub const OK: u8 = 0;
    /// The input has errors (or findings, or warnings under `--deny-warnings`).
    pub const FOUND: u8 = 1;
    /// Could not run: unreadable input or bad usage.
    pub const FAILED: u8 = 2;
}

/// Write, check and enforce staff-supervision policies.
#[derive(Debug, Parser)]
#[command(name = "sup", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check policy files and report every problem.
    Check(check::Args),
    /// Compile a policy to JSON, the form the evaluator reads.
    Compile(compile::Args),
    /// Judge record exports against a policy and report every breach.
    Eval(eval::Args),
    /// Show the timeline behind one rule's verdict on one subject.
    Explain(explain::Args),
    /// Write a synthetic export for the BCP policy, with planted breaches.
    Generate(generate::Args),
    /// Describe a policy in plain English (Markdown).
    Describe(describe::Args),
    /// Rewrite policy files in the canonical layout (`--check`: only report).
    Fmt(fmt::Args),
    /// Compare two versions of a policy: what got stricter, what got looser.
    Diff(diff::Args),
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiagnosticFormat {
    Human,
    Json,
}

/// A date argument, `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    // Exactly YYYY-MM-DD, as exports are read: chrono's `%Y` also takes
    // `+10000-01-01` or a year of one digit, which the message rules out.
    // The years exports are read in, too: a date outside them is a typo
    // (`0226-11-22`), not a day to judge records against.
    sup::records::parse_date(text).ok_or_else(|| {
        if sup::records::year_out_of_range(text, None) && text.len() == 10 {
            format!(
                "`{text}` is not a date: the year must be from {} to {}",
                sup::records::FIRST_YEAR,
                sup::records::LAST_YEAR
            )
        } else {
            format!("`{text}` is not a date: write YYYY-MM-DD, for example 2026-11-22")
        }
    })
}

pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Write to standard output. A reader that stops early (`sup ... | head`)
/// closes the pipe; that is not an error worth a panic or a message.
pub(crate) fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Read and check a policy that a command needs free of errors. On failure,
/// report why and return the exit code: 2 if unreadable, 1 if it has errors
/// (a policy with errors lacks the statements that failed, so output made
/// from it would silently leave rules out).
pub(crate) fn load_clean(
    path: &std::path::Path,
    verb: &str,
) -> Result<sup::workspace::LoadedPolicy, u8> {
    let policy = sup::workspace::load_any(path, None).map_err(|e| {
        eval::print_load_error(&e);
        exit::FAILED
    })?;
    if policy.checked.has_errors() {
        let errors: Vec<_> = policy
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        say!(
            "{}",
            sup::report::diagnostics::render_human(
                &policy.name,
                &policy.source,
                &errors,
                stderr_color()
            )
        );
        sayln!("not {verb}: `{}` has errors", policy.name);
        return Err(exit::FOUND);
    }
    Ok(policy)
}

/// Write a command's output to `-o FILE`, or to standard output.
pub(crate) fn emit(text: &str, output: Option<&std::path::Path>) -> u8 {
    match output {
        Some(out) => match std::fs::write(out, format!("{text}\n")) {
            Ok(()) => exit::OK,
            Err(e) => {
                sayln!("error: cannot write `{}`: {e}", out.display());
                exit::FAILED
            }
        },
        None => {
            print_stdout(&format!("{text}\n"));
            exit::OK
        }
    }
}

/// Whether to colour output written to stderr.
pub(crate) fn stderr_color() -> bool {
    use std::io::IsTerminal;
    color_on(std::io::stderr().is_terminal())
}

/// Whether to colour output written to stdout.
pub(crate) fn stdout_color() -> bool {
    use std::io::IsTerminal;
    color_on(std::io::stdout().is_terminal())
}

/// The one colour check: a terminal, and `NO_COLOR` not set.
fn color_on(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none()
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::FAILED
            } else {
                exit::OK
            });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Compile(args) => compile::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Describe(args) => describe::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Diff(args) => diff::run(&args),
    };
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_on_the_command_line_are_yyyy_mm_dd_only() {
        assert!(parse_date("2028-02-29").is_ok());
        for bad in [
            "2027-02-29",
            "+10000-01-01",
            "22/11/2026",
            "2026-1-5",
            "2026-11-22 ",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad:?}");
        }
        // The same years as exports, boundaries included.
        assert!(parse_date("1000-01-01").is_ok());
        assert!(parse_date("9999-12-31").is_ok());
        for bad in ["0000-01-01", "0999-12-31"] {
            assert_eq!(
                parse_date(bad),
                Err(format!(
                    "`{bad}` is not a date: the year must be from 1000 to 9999"
                ))
            );
        }
    }
}
