//! A Markdown summary for a CI job page: a table of rules, then the first
//! findings of each rule that has any.

use std::fmt::Write;

use super::{evidence_text, first_line, plural, waiver_text, window_text, Report};
use crate::eval::{Finding, Status};
use crate::report::escape::markdown_cell as cell;

pub(super) fn render(r: &Report) -> String {
    let e = r.evaluation;
    let mut out = String::new();
    let breaches = e.count(Status::Breach);
    let _ = writeln!(out, "## sup eval: {}\n", cell(&r.policy.header.title));
    let _ = writeln!(out, "Policy hash `{}`\n", r.policy_hash());
    let mut line = format!(
        "As of {} · judged {} to {} · ",
        e.period.as_of, e.period.from, e.period.last
    );
    if breaches == 0 {
        line.push_str("**no breaches**");
    } else {
        line.push_str(&format!(
            "**{}** in {} of {} rules",
            plural(breaches, "breach", "breaches"),
            r.rules_with_breaches(),
            e.rules.len()
        ));
    }
    let waived = e.count(Status::Waived);
    if waived > 0 {
        line.push_str(&format!(" · {waived} waived"));
    }
    if r.upcoming_days.is_some() {
        line.push_str(&format!(" · {} due soon", e.count(Status::Pending)));
    }
    if r.skipped_rows > 0 {
        line.push_str(&format!(
            " · {} skipped",
            plural(r.skipped_rows, "row", "rows")
        ));
    }
    let _ = writeln!(out, "{line}\n");
    let _ = writeln!(out, "| | rule | family | judged | breaches | waived |");
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|");
    let mut shown_version = None;
    for rule in &e.rules {
        // Several policy versions: a row naming each before its rules.
        if let Some(v) = &rule.version {
            if shown_version != Some(v.index) {
                shown_version = Some(v.index);
                let _ = writeln!(out, "| | **{}** | | | | |", cell(&v.describe()));
            }
        }
        let mark = if rule.breaches > 0 { "❌" } else { "✅" };
        let _ = writeln!(
            out,
            "| {mark} | `{}` (line {}) | {} | {} | {} | {} |",
            cell(&rule.rule),
            rule.line,
            rule.family,
            rule.judged,
            rule.breaches,
            rule.waived
        );
    }
    for rule in e.rules.iter().filter(|r| r.breaches > 0 || r.waived > 0) {
        let findings: Vec<&Finding> = e
            .findings
            .iter()
            .filter(|f| {
                f.rule == rule.rule
                    && f.status != Status::Pending
                    && f.version.as_ref().map(|v| v.index) == rule.version.as_ref().map(|v| v.index)
            })
            .collect();
        let under = rule
            .version
            .as_ref()
            .map(|v| format!(" under {}", cell(&v.describe())))
            .unwrap_or_default();
        let _ = writeln!(out, "\n### `{}`{under}\n", cell(&rule.rule));
        let _ = writeln!(out, "`{}`\n", first_line(&rule.text).replace('`', "'"));
        let _ = writeln!(
            out,
            "| status | subject | window | expected | actual | evidence |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for f in findings.iter().take(r.limit) {
            let status = match &f.waiver {
                // Who waived it, why and until when belong with the finding:
                // a reader of the job page has nothing else to go on.
                Some(w) => format!("waived: {}", cell(&waiver_text(w))),
                None => "breach".into(),
            };
            let _ = writeln!(
                out,
                "| {status} | {} | {} | {} | {} | {} |",
                cell(&f.subject.to_string()),
                window_text(f),
                cell(&f.expected),
                cell(&f.actual),
                cell(&evidence_text(f))
            );
        }
        if findings.len() > r.limit {
            let _ = writeln!(out, "\n… and {} more.", findings.len() - r.limit);
        }
    }
    // What falls due soon is the point of --upcoming: list it (by due day),
    // not only count it.
    let mut pending: Vec<&Finding> = e
        .findings
        .iter()
        .filter(|f| f.status == Status::Pending)
        .collect();
    if r.upcoming_days.is_some() && !pending.is_empty() {
        pending.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| Finding::report_order(a, b))
        });
        let _ = writeln!(
            out,
            "\n### Due soon: {}\n",
            plural(pending.len(), "item", "items")
        );
        let _ = writeln!(out, "| due | rule | subject | expected | so far |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for f in pending.iter().take(r.limit) {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} |",
                f.date,
                cell(&f.rule),
                cell(&f.subject.to_string()),
                cell(&f.expected),
                cell(&f.actual)
            );
        }
        if pending.len() > r.limit {
            let _ = writeln!(out, "\n… and {} more.", pending.len() - r.limit);
        }
    }
    // Rows left out under --lenient are listed, not only counted: a reader
    // of the job page must see what the verdicts were reached without.
    if !r.skipped.is_empty() {
        let _ = writeln!(
            out,
            "\n### Skipped under `--lenient`: {}\n",
            plural(r.skipped_rows, "row", "rows")
        );
        let _ = writeln!(out, "| code | file | line | problem |");
        let _ = writeln!(out, "|---|---|---:|---|");
        for s in r.skipped.iter().take(r.limit) {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                s.code_str(),
                cell(s.file()),
                s.line().map(|l| l.to_string()).unwrap_or_default(),
                cell(&s.to_string())
            );
        }
        if r.skipped.len() > r.limit {
            let _ = writeln!(
                out,
                "\n… and {} more (all are in `--format json`).",
                r.skipped.len() - r.limit
            );
        }
    }
    if let Some(t) = &e.trend {
        super::trend::markdown(&mut out, t);
    }
    out
}
