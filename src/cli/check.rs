//! `sup check`: report every problem in one or more policy files.

use std::path::PathBuf;

use super::{exit, DiagnosticFormat};
use sup::diagnostic::Severity;
use sup::report::diagnostics::{render_human_with_related, render_plain, to_json_all};
use sup::workspace;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The date a review date is judged against (default: today).
    #[arg(long, value_parser = super::parse_date, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
    /// Treat warnings as errors (exit 1 if there are any).
    #[arg(long)]
    deny_warnings: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    format: DiagnosticFormat,
    /// The `.sup` files to check (`-`: standard input; default: `policy` in `sup.toml`).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub(crate) fn run(args: &Args) -> u8 {
    let today = args.today.unwrap_or_else(super::today);
    let files = if args.files.is_empty() {
        match super::project::find() {
            Ok(Some(project)) if !project.policies.is_empty() => project.policies,
            Ok(_) => {
                sayln!("error: give the policy files to check, or `policy` in a `sup.toml` (in this folder or one above)");
                return exit::FAILED;
            }
            Err(code) => return code,
        }
    } else {
        args.files.clone()
    };
    keep_freed_memory();
    let mut loaded = Vec::new();
    let mut unreadable = false;
    for path in &files {
        match workspace::load(path, Some(today)) {
            Ok(policy) => loaded.push(policy),
            Err(e) => {
                sayln!("error: {e}");
                unreadable = true;
            }
        }
    }
    let count = |severity: Severity| -> usize {
        loaded
            .iter()
            .map(|p| {
                p.checked
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == severity)
                    .count()
            })
            .sum()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    // Under `-q`, only errors: warnings are left out (they change no exit code unless
    // `--deny-warnings`, whose exit code still says so).
    let shown = |p: &workspace::LoadedPolicy| -> Vec<sup::diagnostic::Diagnostic> {
        p.checked
            .diagnostics
            .iter()
            .filter(|d| !super::quiet() || d.is_error())
            .cloned()
            .collect()
    };
    let summary = || {
        tell!(
            "checked {} file{}: {} error{}, {} warning{}",
            loaded.len(),
            plural(loaded.len()),
            errors,
            plural(errors),
            warnings,
            plural(warnings)
        );
    };
    match args.format {
        DiagnosticFormat::Human => {
            let color = super::stderr_color();
            for policy in &loaded {
                say!(
                    "{}",
                    render_human_with_related(
                        &policy.name,
                        &policy.source,
                        &shown(policy),
                        &policy.related_sources,
                        color
                    )
                );
            }
            summary();
        }
        DiagnosticFormat::Plain => {
            for policy in &loaded {
                say!(
                    "{}",
                    render_plain(
                        &policy.name,
                        &policy.source,
                        &shown(policy),
                        &policy.related_sources
                    )
                );
            }
            summary();
        }
        DiagnosticFormat::Json => {
            let all: Vec<_> = loaded
                .iter()
                .flat_map(|p| {
                    to_json_all(
                        &p.name,
                        &p.source,
                        &p.checked.diagnostics,
                        &p.related_sources,
                    )
                })
                .collect();
            match serde_json::to_string_pretty(&all) {
                Ok(json) => super::print_stdout(&format!("{json}\n")),
                Err(e) => {
                    sayln!("error: cannot write JSON: {e}");
                    return exit::FAILED;
                }
            }
        }
        DiagnosticFormat::Sarif => {
            let mut log = sup::report::sarif::Builder::default();
            for p in &loaded {
                sup::report::sarif::add_diagnostics(
                    &mut log,
                    &p.name,
                    &p.source,
                    &p.checked.diagnostics,
                    &p.related_sources,
                );
            }
            super::print_stdout(&log.finish());
        }
        DiagnosticFormat::Github => {
            let text: String = loaded
                .iter()
                .map(|p| {
                    sup::report::github::diagnostics(&p.name, &p.source, &p.checked.diagnostics)
                })
                .collect();
            super::print_stdout(&text);
        }
    }
    // The process ends as soon as this returns, and the system takes its
    // memory back at once: freeing the checked files' trees a node at a time
    // first would be about 3% of checking a 2,000-line policy.
    std::mem::forget(loaded);
    if unreadable {
        exit::FAILED
    } else if errors > 0 || (args.deny_warnings && warnings > 0) {
        exit::FOUND
    } else {
        exit::OK
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Asks the allocator to keep freed memory for reuse rather than hand it back
/// to the system. glibc's `malloc` maps a large block (128 KB or more) on its
/// own and unmaps it when it is freed, unless a block at least as large was
/// freed before: that raises its threshold for mapping (mallopt(3),
/// `M_MMAP_THRESHOLD`, "dynamic adjustment"). The parser's token queue for a
/// large file is such a block, megabytes of fresh pages that are given back
/// just before the checker asks for as many again, each page a fault to the
/// kernel. One block of 4 MB reserved and freed first (never written, so it
/// costs no page) keeps everything smaller than it in the heap, where the
/// checker reuses the parser's pages. Other allocators are unaffected.
fn keep_freed_memory() {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(4 << 20)));
}
