//! Findings for people and machines: `human` (grouped by rule, quoting the
//! rule's source line), `json` (schema in `docs/findings.md`), `junit` (one
//! test case per rule × subject), `csv` (for spreadsheets) and `markdown`
//! (a summary for a CI job page).
//!
//! **Invariant:** reports name rows only by their export ids. No names, no
//! free text from the export reaches a report, except a waiver's reason,
//! which the policy requires to be shown.

mod csv;
mod github;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;
mod trend;

use crate::eval::{Evaluation, Finding, Status};
use crate::policy::CompiledPolicy;
use crate::records::{RecordError, RecordNote};

/// The output formats of `sup eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Junit,
    Csv,
    Markdown,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

/// Everything a report shows.
pub struct Report<'a> {
    pub policy: &'a CompiledPolicy,
    /// The records directory, as given.
    pub records: &'a str,
    /// Rows loaded per table, for the header.
    pub table_sizes: Vec<(String, usize)>,
    pub evaluation: &'a Evaluation,
    pub load_notes: &'a [RecordNote],
    /// Errors of rows skipped under `--lenient`.
    pub skipped: &'a [RecordError],
    pub skipped_rows: usize,
    /// Show pending (due soon) findings: `--upcoming` was given.
    pub upcoming_days: Option<u32>,
    /// Colour the human report.
    pub color: bool,
    /// The most findings shown per rule by `human` and `markdown`.
    pub limit: usize,
}

impl Report<'_> {
    /// Render in a format.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Human => human::render(self),
            Format::Json => json::render(self),
            Format::Junit => junit::render(self),
            // A spreadsheet takes one table: with `--trend`, the series.
            Format::Csv => match &self.evaluation.trend {
                Some(t) => trend::csv(t),
                None => csv::render(self),
            },
            Format::Markdown => markdown::render(self),
            Format::Sarif => sarif::render(self),
            Format::Github => github::render(self),
        }
    }

    /// Findings shown: pending ones only with `--upcoming`.
    fn shown(&self) -> impl Iterator<Item = &Finding> {
        self.evaluation
            .findings
            .iter()
            .filter(|f| f.status != Status::Pending || self.upcoming_days.is_some())
    }

    /// The policy's content hash, `sha256:...` (as `sup compile` writes it): a report names
    /// exactly which policy judged, whether it was given as `.sup` or compiled.
    fn policy_hash(&self) -> String {
        crate::policy::hash::content_hash(self.policy)
    }

    fn rules_with_breaches(&self) -> usize {
        self.evaluation
            .rules
            .iter()
            .filter(|r| r.breaches > 0)
            .count()
    }
}

/// `1 breach`, `2 breaches`.
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The first line of a rule as written.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end()
}

fn evidence_text(f: &Finding) -> String {
    let mut by_kind: Vec<(String, Vec<String>)> = Vec::new();
    for r in &f.evidence {
        match by_kind.iter_mut().find(|(k, _)| *k == r.kind) {
            Some((_, ids)) => ids.push(r.id.clone()),
            None => by_kind.push((r.kind.clone(), vec![r.id.clone()])),
        }
    }
    by_kind
        .into_iter()
        .map(|(kind, ids)| format!("{kind} {}", ids.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A waiver in one line, for the reports that have no room for its fields:
/// `W1 approved by S3 (service_manager), until 2026-03-10: cover during vacancy`.
fn waiver_text(w: &crate::eval::WaiverInfo) -> String {
    let expires = w
        .expires
        .map_or_else(|| "with no expiry".to_string(), |e| format!("until {e}"));
    format!(
        "{} approved by {} ({}), granted {}, {expires}: {}",
        w.id, w.approved_by, w.approver_role, w.granted, w.reason
    )
}

/// A finding in one sentence, for the formats that show each as one message (SARIF, GitHub):
/// `staff S1 (2026-01-01 to 2026-01-31): expected ...; found ...`, and how it stands.
fn finding_sentence(f: &Finding) -> String {
    let window = f.window.map(|w| format!(" ({w})")).unwrap_or_default();
    let mut text = format!(
        "{}{window}: expected {}; found {}",
        f.subject, f.expected, f.actual
    );
    match (&f.waiver, f.status) {
        (Some(w), _) => text.push_str(&format!(" (waived: {})", waiver_text(w))),
        (None, Status::Pending) => text.push_str(&format!(" (due {})", f.date)),
        _ => {}
    }
    text
}

fn window_text(f: &Finding) -> String {
    f.window.map(|w| w.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{DateRange, Ref, Severity};

    #[test]
    fn evidence_groups_by_table() {
        let f = Finding {
            rule: "r".into(),
            family: "frequency",
            line: 1,
            column: 1,
            status: Status::Breach,
            severity: Severity::Error,
            subject: Ref::new("staff", "S1"),
            related: vec![],
            window: Some(DateRange {
                start: chrono::NaiveDate::MIN,
                end: chrono::NaiveDate::MIN,
            }),
            due: None,
            expected: String::new(),
            actual: String::new(),
            evidence: vec![
                Ref::new("sessions", "X1"),
                Ref::new("sessions", "X2"),
                Ref::new("staff", "S1"),
            ],
            waiver: None,
            notes: vec![],
            date: chrono::NaiveDate::MIN,
            span: None,
            rule_index: 0,
            version: None,
        };
        assert_eq!(evidence_text(&f), "sessions X1, X2; staff S1");
    }
}
