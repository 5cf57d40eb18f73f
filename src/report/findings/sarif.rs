//! Findings as a SARIF 2.1.0 log: the policy's rules as the tool's rules, one result per
//! finding shown, located at the rule in the policy file; a waived finding is suppressed with
//! its waiver as the justification; the run's properties name the policy's hash and period.

use super::{evidence_text, finding_sentence, first_line, waiver_text, Report};
use crate::eval::{Severity, Status};
use crate::report::sarif::{location, Builder, Message, Region, SarifResult, Suppression};

pub(super) fn render(r: &Report) -> String {
    let e = r.evaluation;
    let mut log = Builder::default();
    log.property("policy_title", r.policy.header.title.as_str());
    log.property("policy_file", r.policy.source.as_str());
    log.property("policy_hash", r.policy_hash());
    log.property("records", r.records);
    log.property("from", e.period.from.to_string());
    log.property("to", e.period.last.to_string());
    log.property("as_of", e.period.as_of.to_string());
    for rule in &e.rules {
        log.rule(&rule.rule, first_line(&rule.text));
    }
    for f in r.shown() {
        let summary = e.rules.iter().find(|s| s.rule == f.rule);
        let rule_index = log.rule(&f.rule, summary.map_or("", |s| first_line(&s.text)));
        let level = match (f.status, f.severity) {
            (Status::Pending, _) | (_, Severity::Info) => "note",
            (_, Severity::Warning) => "warning",
            (_, Severity::Error) => "error",
        };
        let file = f.version.as_ref().map_or(&r.policy.source, |v| &v.file);
        let mut properties = serde_json::Map::new();
        let status = match f.status {
            Status::Breach => "breach",
            Status::Waived => "waived",
            Status::Pending => "pending",
        };
        properties.insert("status".into(), status.into());
        properties.insert("family".into(), f.family.into());
        properties.insert("subject".into(), f.subject.to_string().into());
        if let Some(w) = f.window {
            properties.insert("window".into(), w.to_string().into());
        }
        if let Some(due) = &f.due {
            properties.insert("due".into(), due.clone().into());
        }
        if !f.evidence.is_empty() {
            properties.insert("evidence".into(), evidence_text(f).into());
        }
        log.push(SarifResult {
            rule_id: f.rule.clone(),
            rule_index,
            level,
            message: Message {
                text: finding_sentence(f),
            },
            locations: vec![location(
                file,
                Some(Region {
                    start_line: f.line.max(1),
                    start_column: f.column.max(1),
                    end_line: None,
                    end_column: None,
                }),
                None,
            )],
            related_locations: Vec::new(),
            suppressions: f
                .waiver
                .iter()
                .map(|w| Suppression {
                    kind: "external",
                    justification: waiver_text(w),
                })
                .collect(),
            properties,
        });
    }
    log.finish()
}
