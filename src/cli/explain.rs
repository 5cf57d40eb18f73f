//! `sup explain`: the timeline behind one rule's verdict on one subject —
//! which rows counted, which windows or deadlines failed, and why.

use std::fmt::Write;

use super::eval::{prepare, InputArgs};
use super::exit;
use super::print_stdout;
use sup::eval::{explain, explain_versions, Explanation, Status};
use sup::report::escape::{self, terminal as safe};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExplainFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The rule to explain.
    #[arg(long, value_name = "RULE")]
    rule: String,
    /// The staff, case or row id (or team name) to explain it for.
    #[arg(long, value_name = "ID")]
    subject: String,
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    format: ExplainFormat,
}

pub(crate) fn run(args: &Args) -> u8 {
    let project = match super::project::find() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let input = match args.input.resolve(project.as_ref()) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let prepared = match prepare(&input, None) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let policy = &prepared.policy.checked.policy;
    let records = &prepared.loaded.records;
    let known = records
        .interner
        .get(&args.subject)
        .is_some_and(|sym| records.tables.values().any(|t| t.row_of(sym).is_some()));
    let is_team = records.tables.get("staff").is_some_and(|t| {
        (0..t.len()).any(|r| {
            t.get(r, "team")
                .sym()
                .is_some_and(|s| records.text(s) == args.subject)
        })
    });
    if !known && !is_team {
        let staff_ids = records
            .tables
            .get("staff")
            .map(|t| {
                (0..t.len())
                    .filter_map(|r| t.id(r))
                    .map(|s| records.text(s).to_string())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let hint = sup::suggest::closest(&args.subject, staff_ids.iter().map(String::as_str))
            .map(|b| format!("; did you mean `{b}`?"))
            .unwrap_or_default();
        sayln!(
            "error: no row of the export has the id `{}`{}",
            safe(&args.subject),
            safe(&hint)
        );
        return exit::FAILED;
    }
    if !prepared.earlier.is_empty() {
        return run_versions(args, &prepared, &tables_of(records, &args.subject));
    }
    let explanation = match explain(
        policy,
        records,
        &prepared.options,
        &args.rule,
        &args.subject,
    ) {
        Ok(e) => e,
        Err(e) => {
            sayln!("error: {}", safe(&e.to_string()));
            return exit::FAILED;
        }
    };
    match args.format {
        ExplainFormat::Human => {
            // The tables the id is a row of, to say what the subject is when
            // the rule judges something else (a session id for a rule about
            // staff).
            let tables = tables_of(records, &args.subject);
            print_stdout(&render(&explanation, &policy.source, &tables));
        }
        ExplainFormat::Json => match serde_json::to_string_pretty(&explanation) {
            Ok(json) => print_stdout(&format!("{}\n", escape::json(json))),
            Err(e) => {
                sayln!("error: cannot write JSON: {e}");
                return exit::FAILED;
            }
        },
    }
    if explanation
        .findings
        .iter()
        .any(|f| f.status == Status::Breach)
    {
        exit::FOUND
    } else {
        exit::OK
    }
}

/// The tables an id is a row of.
fn tables_of<'r>(records: &'r sup::records::Records, subject: &str) -> Vec<&'r str> {
    let mut tables: Vec<&str> = records
        .interner
        .get(subject)
        .map(|sym| {
            records
                .tables
                .values()
                .filter(|t| t.row_of(sym).is_some())
                .map(|t| t.name.as_str())
                .collect()
        })
        .unwrap_or_default();
    tables.sort_unstable();
    tables
}

/// Several versions: the timeline under each version that has the rule,
/// one after the other (human) or as a list (JSON).
fn run_versions(args: &Args, prepared: &super::eval::Prepared, tables: &[&str]) -> u8 {
    let explanations = match explain_versions(
        &prepared.versions(),
        &prepared.options,
        &args.rule,
        &args.subject,
    ) {
        Ok(Ok(e)) => e,
        Ok(Err(e)) => {
            sayln!("error: {}", safe(&e.to_string()));
            return exit::FAILED;
        }
        Err(e) => {
            sayln!("error: {e}");
            return exit::FAILED;
        }
    };
    match args.format {
        ExplainFormat::Human => {
            let mut out = String::new();
            for (i, e) in explanations.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let Some(v) = &e.version else { continue };
                let last = v.until.map_or(e.period.last, |u| u.min(e.period.last));
                let first = v.effective.max(e.period.from);
                let days = if first <= last {
                    format!("in force {first} to {last}")
                } else {
                    "not in force on the days judged".to_string()
                };
                let _ = writeln!(out, "── {}: {days}", safe(&v.describe()));
                out.push_str(&render(e, &v.file, tables));
            }
            print_stdout(&out);
        }
        ExplainFormat::Json => match serde_json::to_string_pretty(&explanations) {
            Ok(json) => print_stdout(&format!("{}\n", escape::json(json))),
            Err(e) => {
                sayln!("error: cannot write JSON: {e}");
                return exit::FAILED;
            }
        },
    }
    if explanations
        .iter()
        .flat_map(|e| &e.findings)
        .any(|f| f.status == Status::Breach)
    {
        exit::FOUND
    } else {
        exit::OK
    }
}

fn render(e: &Explanation, source: &str, tables: &[&str]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "rule {} ({}, {}:{})",
        e.rule.rule,
        e.rule.family,
        safe(source),
        e.rule.line
    );
    for line in e.rule.text.lines() {
        let _ = writeln!(out, "  │ {line}");
    }
    let _ = writeln!(
        out,
        "subject {}, judged {} to {} (records as they stood at the start of {})\n",
        safe(&e.subject),
        e.period.from,
        e.period.last,
        e.period.as_of
    );
    if e.timeline.is_empty() {
        let what = if tables.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = tables.iter().map(|t| format!("`{t}`")).collect();
            format!(" (a row of {})", list.join(" and "))
        };
        let _ = writeln!(
            out,
            "the rule never applied to `{}`{what} in this period",
            safe(&e.subject)
        );
    }
    for entry in &e.timeline {
        let date = entry.date.map_or_else(|| " ".repeat(10), |d| d.to_string());
        let _ = writeln!(out, "  {date}  {}", safe(&entry.text));
    }
    out.push('\n');
    let breaches = e
        .findings
        .iter()
        .filter(|f| f.status == Status::Breach)
        .count();
    let waived = e
        .findings
        .iter()
        .filter(|f| f.status == Status::Waived)
        .count();
    if let (true, Some(why)) = (e.findings.is_empty(), &e.not_judged) {
        let _ = writeln!(out, "verdict: {}", safe(why));
    } else if e.findings.is_empty() && e.rule.judged == 0 {
        // Nothing was judged: saying "met" would claim a compliance the
        // records never showed.
        let _ = writeln!(
            out,
            "verdict: not judged (the rule does not apply to {} in the period)",
            safe(&e.subject)
        );
    } else if e.findings.is_empty() {
        let _ = writeln!(out, "verdict: met");
    } else {
        let _ = writeln!(
            out,
            "verdict: {breaches} breach{}, {waived} waived",
            if breaches == 1 { "" } else { "es" }
        );
    }
    for f in &e.findings {
        let window = f.window.map(|w| format!(" {w}")).unwrap_or_default();
        let status = match f.status {
            Status::Breach => "breach",
            Status::Waived => "waived",
            Status::Pending => "due soon",
        };
        let _ = writeln!(
            out,
            "  {status}{window}: expected {}; actual {}",
            safe(&f.expected),
            safe(&f.actual)
        );
        if let Some(w) = &f.waiver {
            let _ = writeln!(
                out,
                "    waiver {}",
                safe(&format!(
                    "{} by {} ({}): {}",
                    w.id, w.approved_by, w.approver_role, w.reason
                ))
            );
        }
        for n in &f.notes {
            let _ = writeln!(out, "    note: {}", safe(n));
        }
    }
    out
}
