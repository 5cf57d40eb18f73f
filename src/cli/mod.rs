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

/// [`sayln!`] for what is not an error (summaries, notes), silenced by `-q/--quiet`.
macro_rules! tell {
    ($($arg:tt)*) => {{
        if !$crate::cli::quiet() {
            sayln!($($arg)*);
        }
    }};
}

mod check;
mod compile;
mod completions;
mod describe;
mod diff;
mod eval;
mod explain;
mod fmt;
mod generate;
mod project;

use std::process::ExitCode;
use std::sync::OnceLock;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes shared by every subcommand (each command's `--help` says what they mean for it;
/// `docs/cli.md` lists them all).
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
#[command(
    name = "sup",
    version,
    about,
    long_about = None,
    after_help = "Exit status: 0 nothing to act on, 1 something found (errors, breaches, unformatted files), 2 could not run. Each command's --help says what they mean for it; docs/cli.md lists them all."
)]
pub(crate) struct Cli {
    /// When to colour output: `auto` colours a terminal unless `NO_COLOR` is set (or
    /// `CLICOLOR_FORCE` asks for colour anyway).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// Print nothing but errors (the exit code still says what was found; `-o` files are still written).
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check policy files and report every problem.
    #[command(after_help = exit_help(&[
        (exit::OK, "no errors (warnings alone are not errors)"),
        (exit::FOUND, "a policy has errors, or warnings under `--deny-warnings`"),
        (exit::FAILED, "a file cannot be read, or bad usage"),
    ]))]
    Check(check::Args),
    /// Compile a policy to JSON (with its content hash), the form the evaluator reads.
    #[command(after_help = exit_help(&[
        (exit::OK, "compiled"),
        (exit::FOUND, "the policy has errors: nothing is written"),
        (exit::FAILED, "the policy or the output cannot be read or written, or bad usage"),
    ]))]
    Compile(compile::Args),
    /// Judge record exports against a policy and report every breach.
    #[command(after_help = exit_help(&[
        (exit::OK, "no breaches"),
        (exit::FOUND, "breaches found"),
        (exit::FAILED, "could not run: the policy has errors or is refused, the export or mapping cannot be read, or bad usage"),
    ]))]
    Eval(eval::Args),
    /// Show the timeline behind one rule's verdict on one subject.
    #[command(after_help = exit_help(&[
        (exit::OK, "the rule is met for the subject, or does not apply to it"),
        (exit::FOUND, "the rule is breached for the subject"),
        (exit::FAILED, "could not run: unknown rule or subject, unreadable input, or bad usage"),
    ]))]
    Explain(explain::Args),
    /// Write a synthetic export for the BCP policy, with planted breaches.
    #[command(after_help = exit_help(&[
        (exit::OK, "written"),
        (exit::FAILED, "cannot write, or bad usage"),
    ]))]
    Generate(generate::Args),
    /// Describe a policy in plain English (Markdown).
    #[command(after_help = exit_help(&[
        (exit::OK, "described"),
        (exit::FOUND, "the policy has errors"),
        (exit::FAILED, "the policy cannot be read or is refused, or bad usage"),
    ]))]
    Describe(describe::Args),
    /// Rewrite policy files in place in the canonical layout (`--check`: only report).
    #[command(after_help = exit_help(&[
        (exit::OK, "every file is (now) formatted"),
        (exit::FOUND, "`--check`: a file is not formatted"),
        (exit::FAILED, "a file cannot be read or written, or has syntax errors, or bad usage"),
    ]))]
    Fmt(fmt::Args),
    /// Compare two versions of a policy: what got stricter, what got looser.
    #[command(after_help = exit_help(&[
        (exit::OK, "compared (whatever changed)"),
        (exit::FOUND, "either policy has errors"),
        (exit::FAILED, "a file, the export or the mapping cannot be read, or bad usage"),
    ]))]
    Diff(diff::Args),
    /// Print a shell completion script (bash, zsh, fish or powershell).
    #[command(after_help = exit_help(&[(exit::OK, "printed"), (exit::FAILED, "bad usage")]))]
    Completions(completions::CompletionArgs),
    /// Print the manual page (roff), or write one per command into a folder.
    #[command(after_help = exit_help(&[(exit::OK, "printed or written"), (exit::FAILED, "cannot write, or bad usage")]))]
    Man(completions::ManArgs),
}

/// The "Exit status" section of a command's `--help`.
const fn exit_help(codes: &'static [(u8, &'static str)]) -> ExitHelp {
    ExitHelp(codes)
}

/// Exit codes and what they mean for one command, shown after its help.
#[derive(Clone, Copy)]
pub(crate) struct ExitHelp(pub &'static [(u8, &'static str)]);

impl From<ExitHelp> for clap::builder::StyledStr {
    fn from(help: ExitHelp) -> Self {
        let mut text = String::from("Exit status:");
        for (code, meaning) in help.0 {
            text.push_str(&format!("\n  {code}  {meaning}"));
        }
        text.into()
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiagnosticFormat {
    /// Drawn for a terminal, with the source lines underlined (miette).
    Human,
    /// For tools: the shape in docs/diagnostics.md.
    Json,
    /// For screen readers: no drawing, no colour, one paragraph per diagnostic.
    Plain,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=...`).
    Github,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What the global flags decided, set once before a command runs.
struct Settings {
    color: ColorChoice,
    quiet: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// `-q/--quiet` was given.
pub(crate) fn quiet() -> bool {
    SETTINGS.get().is_some_and(|s| s.quiet)
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

/// Write to standard output (nothing under `-q`). A reader that stops early
/// (`sup ... | head`) closes the pipe; that is not an error worth a panic or a message.
pub(crate) fn print_stdout(text: &str) {
    use std::io::Write;
    if quiet() {
        return;
    }
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
    if print_policy_errors(&policy) {
        sayln!("not {verb}: `{}` has errors", policy.name);
        return Err(exit::FOUND);
    }
    Ok(policy)
}

/// A policy's errors, not its warnings, in the order the checker gave them.
pub(crate) fn policy_errors(
    policy: &sup::workspace::LoadedPolicy,
) -> Vec<sup::diagnostic::Diagnostic> {
    policy
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect()
}

/// Print a policy's errors (not its warnings) to standard error, as `sup check` shows them;
/// whether it had any.
pub(crate) fn print_policy_errors(policy: &sup::workspace::LoadedPolicy) -> bool {
    if !policy.checked.has_errors() {
        return false;
    }
    let errors = policy_errors(policy);
    say!(
        "{}",
        sup::report::diagnostics::render_human(
            &policy.name,
            &policy.source,
            &errors,
            stderr_color()
        )
    );
    true
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

/// The one colour decision, for miette's diagnostics and every report.
fn color_on(is_terminal: bool) -> bool {
    decide_color(
        SETTINGS.get().map_or(ColorChoice::Auto, |s| s.color),
        is_terminal,
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("CLICOLOR_FORCE").as_deref(),
    )
}

/// `--color always|never` decides; under `auto`, a non-empty `NO_COLOR` turns colour off, then
/// a `CLICOLOR_FORCE` other than empty or `0` turns it on, and otherwise a terminal gets colour.
fn decide_color(
    choice: ColorChoice,
    is_terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    clicolor_force: Option<&std::ffi::OsStr>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if no_color.is_some_and(|v| !v.is_empty()) {
                false
            } else if clicolor_force.is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else {
                is_terminal
            }
        }
    }
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
    let _ = SETTINGS.set(Settings {
        color: cli.color,
        quiet: cli.quiet,
    });
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Compile(args) => compile::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Describe(args) => describe::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
    };
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::{decide_color, parse_date, ColorChoice};
    use std::ffi::OsStr;

    #[test]
    fn one_colour_decision_honours_the_flag_then_no_color_then_clicolor_force() {
        let set = |v: &'static str| Some(OsStr::new(v));
        // The flag wins over the environment and the terminal.
        assert!(decide_color(ColorChoice::Always, false, set("1"), None));
        assert!(!decide_color(ColorChoice::Never, true, None, set("1")));
        // auto: NO_COLOR (non-empty) first, then CLICOLOR_FORCE, then the terminal.
        assert!(!decide_color(ColorChoice::Auto, true, set("1"), set("1")));
        assert!(decide_color(ColorChoice::Auto, true, set(""), None));
        assert!(decide_color(ColorChoice::Auto, false, None, set("1")));
        assert!(!decide_color(ColorChoice::Auto, false, None, set("0")));
        assert!(!decide_color(ColorChoice::Auto, false, None, set("")));
        assert!(decide_color(ColorChoice::Auto, true, None, None));
        assert!(!decide_color(ColorChoice::Auto, false, None, None));
    }

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
