//! The JSON report. Its schema is documented in `docs/findings.md`;
//! `format_version` changes when a field is removed or changes meaning.

use serde::Serialize;

use super::Report;
use crate::eval::{EvalNote, Finding, RuleSummary, Status};
use crate::records::{ErrorJson, RecordNote};

/// Bumped when the JSON report changes incompatibly.
pub const FINDINGS_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Json<'a> {
    format_version: u32,
    tool: String,
    policy: Policy<'a>,
    /// With several policy versions only: each, in effective-date order.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    versions: &'a [crate::eval::VersionTag],
    records: &'a str,
    period: Period,
    summary: Summary,
    rules: &'a [RuleSummary],
    findings: Vec<&'a Finding>,
    notes: Notes<'a>,
    skipped_rows: Vec<ErrorJson>,
    /// Only with `--trend`: without it the report is as it always was.
    #[serde(skip_serializing_if = "Option::is_none")]
    trend: Option<super::trend::Json<'a>>,
}

#[derive(Serialize)]
struct Policy<'a> {
    title: &'a str,
    file: &'a str,
    /// The content hash, `sha256:...`, as `sup compile` writes it.
    hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct Period {
    from: String,
    to: String,
    as_of: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    upcoming_until: Option<String>,
}

#[derive(Serialize)]
struct Summary {
    breaches: usize,
    waived: usize,
    pending: usize,
    rules: usize,
    rules_with_breaches: usize,
    skipped_rows: usize,
}

#[derive(Serialize)]
struct Notes<'a> {
    records: &'a [RecordNote],
    evaluation: &'a [EvalNote],
}

pub(super) fn render(r: &Report) -> String {
    let e = r.evaluation;
    let json = Json {
        format_version: FINDINGS_FORMAT_VERSION,
        tool: format!("sup {}", env!("CARGO_PKG_VERSION")),
        policy: Policy {
            title: &r.policy.header.title,
            file: &r.policy.source,
            hash: r.policy_hash(),
            version: r.policy.header.version.as_deref(),
        },
        versions: &e.versions,
        records: r.records,
        period: Period {
            from: e.period.from.to_string(),
            to: e.period.last.to_string(),
            as_of: e.period.as_of.to_string(),
            upcoming_until: r.upcoming_days.and(e.period.horizon).map(|h| h.to_string()),
        },
        summary: Summary {
            breaches: e.count(Status::Breach),
            waived: e.count(Status::Waived),
            pending: if r.upcoming_days.is_some() {
                e.count(Status::Pending)
            } else {
                0
            },
            rules: e.rules.len(),
            rules_with_breaches: r.rules_with_breaches(),
            skipped_rows: r.skipped_rows,
        },
        rules: &e.rules,
        findings: r.shown().collect(),
        notes: Notes {
            records: r.load_notes,
            evaluation: &e.notes,
        },
        skipped_rows: r.skipped.iter().map(|s| s.to_json()).collect(),
        trend: e.trend.as_ref().map(super::trend::json),
    };
    match serde_json::to_string_pretty(&json) {
        // serde leaves bidirectional overrides and C1 controls raw.
        Ok(text) => crate::report::escape::json(text) + "\n",
        Err(e) => format!("{{\"error\": \"cannot write JSON: {e}\"}}\n"),
    }
}
