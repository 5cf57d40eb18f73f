//! Findings as GitHub Actions workflow annotations: a notice naming the policy, its hash and
//! the verdict, then one annotation per finding shown, on the rule's line in the policy file
//! (a breach is an `error` or `warning` by the rule's severity; waived and due-soon findings
//! are notices).

use super::{finding_sentence, plural, Report};
use crate::eval::{Severity, Status};
use crate::report::github::{annotation, At};

pub(super) fn render(r: &Report) -> String {
    let e = r.evaluation;
    let breaches = e.count(Status::Breach);
    let mut out = annotation(
        "notice",
        None,
        "sup eval",
        &[format!(
            "{}: {} as of {} (judged {} to {}); policy {} {}",
            r.policy.header.title,
            plural(breaches, "breach", "breaches"),
            e.period.as_of,
            e.period.from,
            e.period.last,
            r.policy.source,
            r.policy_hash()
        )],
    );
    for f in r.shown() {
        let command = match (f.status, f.severity) {
            (Status::Breach, Severity::Error) => "error",
            (Status::Breach, Severity::Warning) => "warning",
            _ => "notice",
        };
        let file = f.version.as_ref().map_or(&r.policy.source, |v| &v.file);
        let at = At {
            file,
            line: Some(f.line.max(1)),
            column: Some(f.column.max(1)),
            end_line: None,
            end_column: None,
        };
        out.push_str(&annotation(
            command,
            Some(&at),
            &f.rule,
            &[finding_sentence(f)],
        ));
    }
    out
}
