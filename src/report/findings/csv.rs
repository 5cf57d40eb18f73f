//! One row per finding, for spreadsheets. Export ids are untrusted text:
//! control characters are escaped and cells that a spreadsheet would read
//! as a formula (starting `=`, `+`, `@`, or `-` followed by a non-digit)
//! are prefixed with `'` ([`crate::report::escape::csv_cell`]).

use super::{evidence_text, Report};
use crate::eval::Status;
use crate::report::escape::csv_cell;

const HEADER: &[&str] = &[
    "rule",
    "family",
    "line",
    "status",
    "severity",
    "subject_kind",
    "subject_id",
    "related",
    "window_start",
    "window_end",
    "due",
    "expected",
    "actual",
    "evidence",
    "waiver",
    "waiver_approved_by",
    "waiver_expires",
    "waiver_reason",
    "notes",
];

pub(super) fn render(r: &Report) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // The version columns only when several versions were judged: a single
    // policy's CSV stays as it was.
    let versions = !r.evaluation.versions.is_empty();
    let mut header: Vec<&str> = HEADER.to_vec();
    if versions {
        header.extend(["version_file", "version_label", "version_effective"]);
    }
    let _ = writer.write_record(&header);
    for f in r.shown() {
        let status = match f.status {
            Status::Breach => "breach",
            Status::Waived => "waived",
            Status::Pending => "pending",
        };
        let severity = match f.severity {
            crate::eval::Severity::Error => "error",
            crate::eval::Severity::Warning => "warning",
            crate::eval::Severity::Info => "info",
        };
        let related: Vec<String> = f.related.iter().map(|x| x.to_string()).collect();
        let w = f.waiver.as_ref();
        let mut row = vec![
            f.rule.clone(),
            f.family.to_string(),
            f.line.to_string(),
            status.to_string(),
            severity.to_string(),
            f.subject.kind.clone(),
            f.subject.id.clone(),
            related.join("; "),
            f.window.map(|w| w.start.to_string()).unwrap_or_default(),
            f.window.map(|w| w.end.to_string()).unwrap_or_default(),
            f.due.clone().unwrap_or_default(),
            f.expected.clone(),
            f.actual.clone(),
            evidence_text(f),
            w.map(|w| w.id.clone()).unwrap_or_default(),
            w.map(|w| w.approved_by.clone()).unwrap_or_default(),
            w.and_then(|w| w.expires)
                .map(|e| e.to_string())
                .unwrap_or_default(),
            w.map(|w| w.reason.clone()).unwrap_or_default(),
            f.notes.join("; "),
        ];
        if let (true, Some(v)) = (versions, &f.version) {
            row.push(v.file.clone());
            row.push(v.label.clone().unwrap_or_default());
            row.push(v.effective.to_string());
        }
        let _ = writer.write_record(row.iter().map(|c| csv_cell(c)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
