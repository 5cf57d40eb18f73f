//! Findings: what the evaluator concluded, as data. Rendering is
//! `src/report/findings.rs`'s job; the JSON form is documented in
//! `docs/findings.md`.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostic::Code;

/// Whether a finding fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The policy is not met.
    Breach,
    /// Not met, but a valid waiver covers it.
    Waived,
    /// Not met yet, and not late yet: due within the `--upcoming` horizon.
    Pending,
}

/// How loud a finding is. The language has no severities of its own, so
/// this follows the status: breaches are errors, pending items warnings,
/// waived ones information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// A row (or a team) a finding is about, named only by its export id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Ref {
    /// The table (`staff`, `cases`, `sessions`, ...) or `team`.
    pub kind: String,
    pub id: String,
}

impl Ref {
    pub fn new(kind: &str, id: &str) -> Self {
        Ref {
            kind: kind.to_string(),
            id: id.to_string(),
        }
    }
}

impl std::fmt::Display for Ref {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind, self.id)
    }
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl std::fmt::Display for DateRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{} to {}", self.start, self.end)
        }
    }
}

/// The waiver that covers a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaiverInfo {
    pub id: String,
    /// The approver's staff id.
    pub approved_by: String,
    pub approver_role: String,
    pub reason: String,
    pub granted: NaiveDate,
    pub expires: Option<NaiveDate>,
}

/// One place where the policy is not met (or will not be, soon).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub family: &'static str,
    /// Where the rule is written: line and column in the policy file.
    pub line: u32,
    pub column: u32,
    pub status: Status,
    pub severity: Severity,
    pub subject: Ref,
    /// Other rows the finding concerns (the supervisee of a session, the
    /// staff member a record is about).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Ref>,
    /// The window or span of days judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<DateRange>,
    /// When it was (or is) due, for deadlines and gaps: a date, or a date
    /// and time in the policy's timezone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    pub expected: String,
    pub actual: String,
    /// The rows that decided it.
    pub evidence: Vec<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<WaiverInfo>,
    /// Waivers that were considered and did not apply, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The day that places the finding in time: the window's last day, the
    /// session's day, the deadline's day. Waivers are matched against it.
    #[serde(skip)]
    pub date: NaiveDate,
    /// The days a waiver must be in force on to cover the finding: every day
    /// of a failing window (for a rolling rule, of every failing window) or of
    /// a run of failing days. `None` means the one day `date`. A waiver in
    /// force on the last day only must not hide the days before it.
    #[serde(skip)]
    pub span: Option<DateRange>,
    /// The rule's position in the policy, for ordering.
    #[serde(skip)]
    pub rule_index: usize,
    /// The policy version it was judged under, when several were judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<super::VersionTag>,
}

impl Finding {
    /// The order findings are reported in: by rule as written, then by
    /// subject (ids compared the way people sort them: `S2` before `S10`),
    /// then by time.
    pub fn report_order(a: &Finding, b: &Finding) -> Ordering {
        let version = |f: &Finding| f.version.as_ref().map(|v| v.index);
        version(a)
            .cmp(&version(b))
            .then_with(|| a.rule_index.cmp(&b.rule_index))
            .then_with(|| a.status.cmp(&b.status))
            .then_with(|| a.subject.kind.cmp(&b.subject.kind))
            .then_with(|| natural_cmp(&a.subject.id, &b.subject.id))
            .then_with(|| a.window.cmp(&b.window))
            .then_with(|| a.date.cmp(&b.date))
            .then_with(|| a.expected.cmp(&b.expected))
            .then_with(|| a.actual.cmp(&b.actual))
    }
}

/// Something the evaluator could not judge, or wants said: a session with
/// no duration under a time rule, a waiver naming no rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvalNote {
    /// What kind of note it is (`sup::eval::...`), from the one list in
    /// [`crate::diagnostic`].
    pub code: Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub message: String,
    /// The rows concerned (the first few).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<String>,
    /// How many rows in all.
    pub count: usize,
}

// Notes are listed in the order of what they say (rule, message, rows), as
// they were before they had a code: the code breaks ties only, so giving
// notes codes moved no note in any report.
impl Ord for EvalNote {
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.rule, &self.message, &self.rows, self.count, self.code).cmp(&(
            &other.rule,
            &other.message,
            &other.rows,
            other.count,
            other.code,
        ))
    }
}

impl PartialOrd for EvalNote {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compare strings with runs of digits compared as numbers: `S2 < S10`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let dx = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let dy = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let (nx, rx) = x.split_at(dx);
                let (ny, ry) = y.split_at(dy);
                let tx = trim_zeros(nx);
                let ty = trim_zeros(ny);
                let order = tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty));
                if order != Ordering::Equal {
                    return order;
                }
                x = rx;
                y = ry;
            }
            (Some(p), Some(q)) => {
                if p != q {
                    return p.cmp(q);
                }
                x = x.get(1..).unwrap_or(&[]);
                y = y.get(1..).unwrap_or(&[]);
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|c| **c == b'0').count();
    digits.get(zeros..).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_in_json_leads_with_its_code_and_sorts_by_what_it_says() {
        let note = |code, message: &str| EvalNote {
            code,
            rule: Some("r".into()),
            message: message.into(),
            rows: vec!["S1".into()],
            count: 2,
        };
        let empty = note(Code::EvalEmptyValue, "b");
        assert_eq!(
            serde_json::to_string(&empty).unwrap_or_default(),
            r#"{"code":"sup::eval::empty-value","rule":"r","message":"b","rows":["S1"],"count":2}"#
        );
        // The code breaks ties only: the message orders the notes, as it did
        // before notes had codes.
        let mut notes = [empty.clone(), note(Code::EvalSamePerson, "a")];
        notes.sort();
        assert_eq!(notes[1], empty);
    }

    #[test]
    fn ids_sort_naturally() {
        let mut ids = vec!["S10", "S2", "S1", "A", "S02", "T1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["A", "S1", "S02", "S2", "S10", "T1"]);
    }
}
