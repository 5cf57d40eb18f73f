//! Findings for people and machines: `human` (a summary, then each team,
//! person or rule with its findings in plain words), `html` (one
//! self-contained page), `xlsx` (a workbook for data teams), `json` (schema
//! in `docs/findings.md`), `junit` (one test case per rule × subject), `csv`
//! (for spreadsheets) and `markdown` (a summary for a CI job page).
//!
//! **Invariant:** reports name rows only by their export ids. No names, no
//! free text from the export reaches a report, except a waiver's reason,
//! which the policy requires to be shown.

mod csv;
mod digest;
mod github;
mod html;
mod human;
mod json;
mod junit;
mod markdown;
pub mod people;
mod sarif;
mod trend;
mod words;
mod xlsx;

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
    /// One self-contained HTML page (`html.rs`).
    Html,
}

/// How the reports for people group findings (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    /// Each team, then each person in it.
    #[default]
    Team,
    /// Each person, in id order.
    Person,
    /// Each rule, in the policy's order.
    Rule,
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
    /// How `human` groups findings.
    pub by: By,
    /// Each person's role and team, for `human`, `html` and `xlsx`.
    pub people: &'a people::People,
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
            Format::Html => html::render(self),
        }
    }

    /// The spreadsheet report: an `.xlsx` workbook, or why it could not be
    /// written.
    pub fn xlsx(&self) -> Result<Vec<u8>, String> {
        xlsx::render(self)
    }

    /// The teams of the findings shown, as people sort them, for
    /// `--split-by team`.
    pub fn teams(&self) -> Vec<String> {
        let mut teams: Vec<String> = self
            .shown()
            .map(|f| self.people.team_of(f).to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        teams.sort_by(|a, b| digest::team_order(a, b));
        teams
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

/// The evaluation as one team's report shows it (`--split-by team`): only
/// the findings that count in `team` (and its rows of the trend), each
/// rule's counts of breaches, waived and pending findings recounted from
/// them. How many each rule judged stays the organisation's.
pub fn for_team(evaluation: &Evaluation, people: &people::People, team: &str) -> Evaluation {
    let mut one = evaluation.clone();
    one.findings.retain(|f| people.team_of(f) == team);
    for rule in &mut one.rules {
        let mine = |f: &&Finding| {
            f.rule == rule.rule
                && f.version.as_ref().map(|v| v.index) == rule.version.as_ref().map(|v| v.index)
        };
        let count = |status: Status| {
            one.findings
                .iter()
                .filter(mine)
                .filter(|f| f.status == status)
                .count()
        };
        rule.breaches = count(Status::Breach);
        rule.waived = count(Status::Waived);
        rule.pending = count(Status::Pending);
    }
    if let Some(trend) = &mut one.trend {
        trend.rows.retain(|row| row.team == team);
    }
    one
}

/// File names for `--split-by team`: each team's id as a safe slug (lower
/// case letters, digits and `-`; `(no team)` → `no-team`), with `-2`,
/// `-3`, … added when two teams' slugs would collide.
pub fn file_names(teams: &[String], extension: &str) -> Vec<String> {
    let mut taken = std::collections::BTreeSet::new();
    teams
        .iter()
        .map(|team| {
            let base = slug(team);
            let mut name = base.clone();
            let mut n = 1;
            while !taken.insert(name.clone()) {
                n += 1;
                name = format!("{base}-{n}");
            }
            format!("{name}.{extension}")
        })
        .collect()
}

/// `Team North (West)` → `team-north-west`; a name with no letter or digit
/// → `team`.
fn slug(team: &str) -> String {
    let mut out = String::new();
    for c in team.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    // Short enough for any file system, whatever the export holds.
    out.truncate(60);
    if out.is_empty() {
        "team".to_string()
    } else {
        out
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
pub(crate) mod tests {
    use super::*;
    use crate::eval::{DateRange, Ref, Severity};
    use chrono::NaiveDate;

    #[test]
    fn team_files_are_safe_slugs_and_never_collide() {
        let teams: Vec<String> = [
            "Team 1",
            "team-1",
            "Team 1!",
            "(no team)",
            "../../etc",
            "\u{1b}[2J",
            "Équipe Nord",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        assert_eq!(
            file_names(&teams, "html"),
            [
                "team-1.html",
                "team-1-2.html",
                "team-1-3.html",
                "no-team.html",
                "etc.html",
                "2j.html",
                "quipe-nord.html",
            ]
        );
        assert_eq!(file_names(&["***".to_string()], "txt"), ["team.txt"]);
    }

    /// A breach of `rule` by staff S1 dated `day`, for tests to adjust.
    pub(crate) fn finding(rule: &str, family: &'static str, day: NaiveDate) -> Finding {
        Finding {
            rule: rule.into(),
            family,
            line: 1,
            column: 1,
            status: Status::Breach,
            severity: Severity::Error,
            subject: Ref::new("staff", "S1"),
            related: vec![],
            window: None,
            due: None,
            expected: String::new(),
            actual: String::new(),
            evidence: vec![],
            waiver: None,
            notes: vec![],
            date: day,
            span: None,
            rule_index: 0,
            version: None,
        }
    }

    #[test]
    fn evidence_groups_by_table() {
        let mut f = finding("r", "frequency", NaiveDate::MIN);
        f.window = Some(DateRange {
            start: NaiveDate::MIN,
            end: NaiveDate::MIN,
        });
        f.evidence = vec![
            Ref::new("sessions", "X1"),
            Ref::new("sessions", "X2"),
            Ref::new("staff", "S1"),
        ];
        assert_eq!(evidence_text(&f), "sessions X1, X2; staff S1");
    }
}
