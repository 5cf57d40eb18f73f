//! JUnit XML for CI dashboards: a test suite per rule, a failing test case
//! per rule × subject with breaches, a skipped one per subject whose
//! findings are all waived, and one passing case standing for every other
//! subject the rule judged.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{evidence_text, waiver_text, window_text, Report};
use crate::eval::{natural_cmp, Finding, Status};
use crate::report::escape::{terminal as safe, xml};

pub(super) fn render(r: &Report) -> String {
    let e = r.evaluation;
    let mut suites = String::new();
    let (mut total_tests, mut total_failures, mut total_skipped) = (0usize, 0usize, 0usize);
    for rule in &e.rules {
        let mut by_subject: BTreeMap<(String, String), Vec<&Finding>> = BTreeMap::new();
        for f in e.findings.iter().filter(|f| {
            f.rule == rule.rule
                && f.status != Status::Pending
                && f.version.as_ref().map(|v| v.index) == rule.version.as_ref().map(|v| v.index)
        }) {
            by_subject
                .entry((f.subject.kind.clone(), f.subject.id.clone()))
                .or_default()
                .push(f);
        }
        let mut subjects: Vec<(&(String, String), &Vec<&Finding>)> = by_subject.iter().collect();
        subjects.sort_by(|a, b| {
            a.0 .0
                .cmp(&b.0 .0)
                .then_with(|| natural_cmp(&a.0 .1, &b.0 .1))
        });
        let mut cases = String::new();
        let (mut failures, mut skipped) = (0, 0);
        for ((kind, id), findings) in &subjects {
            let name = safe(&format!("{kind} {id}")).into_owned();
            let breaches: Vec<&&Finding> = findings
                .iter()
                .filter(|f| f.status == Status::Breach)
                .collect();
            if breaches.is_empty() {
                skipped += 1;
                // One waiver usually covers many findings: say it once.
                let mut why: Vec<String> = Vec::new();
                for w in findings.iter().filter_map(|f| f.waiver.as_ref()) {
                    let text = format!("waived: {}", safe(&waiver_text(w)));
                    if !why.contains(&text) {
                        why.push(text);
                    }
                }
                let _ = writeln!(cases, "    <testcase classname=\"sup.{}\" name=\"{}\">\n      <skipped message=\"{}\"/>\n    </testcase>", xml(&rule.rule), xml(&name), xml(&why.join("; ")));
                continue;
            }
            failures += 1;
            let message = match breaches.as_slice() {
                [one] => {
                    safe(&format!("expected {}; actual {}", one.expected, one.actual)).into_owned()
                }
                many => format!("{} breaches", many.len()),
            };
            let mut body = String::new();
            for f in &breaches {
                let _ = writeln!(
                    body,
                    "{}: expected {}; actual {}",
                    window_text(f),
                    safe(&f.expected),
                    safe(&f.actual)
                );
                if !f.evidence.is_empty() {
                    let _ = writeln!(body, "  evidence: {}", safe(&evidence_text(f)));
                }
                for n in &f.notes {
                    let _ = writeln!(body, "  note: {}", safe(n));
                }
            }
            let _ = writeln!(
                cases,
                "    <testcase classname=\"sup.{}\" name=\"{}\">\n      <failure type=\"breach\" message=\"{}\">{}</failure>\n    </testcase>",
                xml(&rule.rule),
                xml(&name),
                xml(&message),
                xml(body.trim_end())
            );
        }
        let others = rule.judged.saturating_sub(subjects.len());
        let mut tests = subjects.len();
        if others > 0 || subjects.is_empty() {
            tests += 1;
            let what = if rule.judged == 0 {
                "nothing to judge".to_string()
            } else {
                format!("the rest met ({} judgements in all)", rule.judged)
            };
            let _ = writeln!(
                cases,
                "    <testcase classname=\"sup.{}\" name=\"{}\"/>",
                xml(&rule.rule),
                xml(&what)
            );
        }
        total_tests += tests;
        total_failures += failures;
        total_skipped += skipped;
        // With several policy versions, the version judged under is a
        // property of the suite, and the source is that version's file.
        let (source, version) = match &rule.version {
            Some(v) => (
                v.file.as_str(),
                format!(
                    "      <property name=\"version\" value=\"{}\"/>\n",
                    xml(&safe(&v.describe()))
                ),
            ),
            None => (
                r.policy.source.as_str(),
                format!(
                    "      <property name=\"policy_hash\" value=\"{}\"/>\n",
                    r.policy_hash()
                ),
            ),
        };
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n    <properties>\n      <property name=\"family\" value=\"{}\"/>\n      <property name=\"source\" value=\"{}:{}\"/>\n{version}    </properties>\n{cases}  </testsuite>",
            xml(&rule.rule),
            rule.family,
            xml(&safe(source)),
            rule.line
        );
    }
    // Rows skipped under --lenient: a suite of their own, one skipped test
    // case per row, so a dashboard shows what the verdicts left out.
    if !r.skipped.is_empty() {
        let mut cases = String::new();
        // A row with several errors is one test case, with every error.
        let mut lines: BTreeMap<(&str, u64), Vec<String>> = BTreeMap::new();
        for s in r.skipped {
            lines
                .entry((s.file(), s.line().unwrap_or(0)))
                .or_default()
                .push(format!("[{}] {}", s.code_str(), safe(&s.to_string())));
        }
        for ((file, line), why) in &lines {
            let _ = writeln!(
                cases,
                "    <testcase classname=\"sup.export\" name=\"{}\">\n      <skipped message=\"{}\"/>\n    </testcase>",
                xml(&safe(&format!("{file} line {line}"))),
                xml(&why.join("; "))
            );
        }
        total_tests += lines.len();
        total_skipped += lines.len();
        let _ = writeln!(
            suites,
            "  <testsuite name=\"skipped rows\" tests=\"{n}\" failures=\"0\" errors=\"0\" skipped=\"{n}\">\n{cases}  </testsuite>",
            n = lines.len()
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"0\" skipped=\"{total_skipped}\">\n{suites}</testsuites>\n",
        xml(&safe(&format!("sup eval: {} (as of {})", r.policy.header.title, e.period.as_of)))
    )
}
