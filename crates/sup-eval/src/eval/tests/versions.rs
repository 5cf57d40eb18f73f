//! Several versions of one policy over one period: which version judges
//! what, at the boundary days (`docs/semantics.md`, "Policy versions in
//! force").

use super::*;
use crate::eval::{evaluate_versions, order_versions, PolicyVersion, VersionError};

/// Versions as (effective date, label, body), judged over one export: the
/// export, as-of and from days are a [`Case`]'s (its policy is unused).
struct Versions<'a> {
    versions: Vec<(&'a str, &'a str, String)>,
    case: Case<'a>,
}

impl<'a> Versions<'a> {
    fn new(versions: &[(&'a str, &'a str, &str)]) -> Self {
        Versions {
            versions: versions
                .iter()
                .map(|(e, l, b)| (*e, *l, b.to_string()))
                .collect(),
            case: Case::new(""),
        }
    }

    fn file(self, name: &'a str, text: &str) -> Self {
        let case = self.case.file(name, text);
        Versions { case, ..self }
    }

    fn staff(self, rows: &[&str]) -> Self {
        let case = self.case.staff(rows);
        Versions { case, ..self }
    }

    fn at(self, as_of: &'a str) -> Self {
        let case = self.case.at(as_of);
        Versions { case, ..self }
    }

    fn from(self, from: &'a str) -> Self {
        let case = self.case.from(from);
        Versions { case, ..self }
    }

    fn policies(&self) -> Vec<crate::policy::CompiledPolicy> {
        self.versions
            .iter()
            .map(|(effective, label, body)| {
                let header = format!(
                    "policy \"test\" {{\n  version: \"{label}\"\n  effective: {effective}\n  timezone: \"Europe/London\"\n}}\n"
                );
                let checked = check(&format!("{header}{body}"), &CheckOptions::default());
                assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
                let mut policy = checked.policy;
                policy.source = format!("{label}.sup");
                policy
            })
            .collect()
    }

    fn run(&self) -> Evaluation {
        let policies = self.policies();
        let records: Vec<crate::records::Records> =
            policies.iter().map(|p| self.case.records_for(p)).collect();
        let versions: Vec<PolicyVersion> = policies
            .iter()
            .zip(&records)
            .map(|(policy, records)| PolicyVersion { policy, records })
            .collect();
        evaluate_versions(&versions, &self.case.options(), false).unwrap()
    }

    /// `status subject day version` for each finding, in report order.
    fn summary(&self) -> Vec<String> {
        self.run()
            .findings
            .iter()
            .map(|f| {
                let label = f
                    .version
                    .as_ref()
                    .and_then(|v| v.label.clone())
                    .unwrap_or_default();
                format!(
                    "{} {} {} {label}",
                    status_word(f.status),
                    f.subject.id,
                    f.date
                )
            })
            .collect()
    }
}

const PREAMBLE: &str =
    "roles: social_worker, team_manager, service_manager\nregistrations: HCPC\ngroup all: staff\n";

fn body(rules: &str) -> String {
    format!("{PREAMBLE}{rules}\n")
}

#[test]
fn each_window_is_judged_by_the_version_in_force() {
    // One one-to-one a month; the 2026 version asks for two from 1 March.
    let v1 = body("rule r: require one_to_one for all: at least 1 per month");
    let v2 = body("rule r: require one_to_one for all: at least 2 per month");
    let s = staff_row("S1", "2020-01-01");
    let found = Versions::new(&[("2015-01-01", "v1", &v1), ("2026-03-01", "v2", &v2)])
        .staff(&[&s])
        .file(
            "sessions.csv",
            &one_to_ones(&[
                ("held", "2026-01-10T10:00"),
                ("held", "2026-02-10T10:00"),
                ("held", "2026-03-10T10:00"),
            ]),
        )
        .at("2026-04-01")
        .from("2026-01-01")
        .summary();
    // February (due 28 February, the last day of v1) is met under v1;
    // March, the first month of v2, is short under v2.
    assert_eq!(found, ["breach S1 2026-03-31 v2"]);
}

#[test]
fn a_window_the_change_falls_in_is_two_partial_windows() {
    // Two a month under both versions, none held. A change on 17 March
    // leaves v1 16 of 31 days (2 × 16/31 = 1.03: 1 required) and v2 15
    // (0.97: none); on 16 March, v1 15 days and v2 16.
    let rule = body("rule r: require one_to_one for all: at least 2 per month");
    let s = staff_row("S1", "2020-01-01");
    for (change, expected) in [
        ("2026-03-17", "breach S1 2026-03-31 v1"),
        ("2026-03-16", "breach S1 2026-03-31 v2"),
    ] {
        let run = Versions::new(&[("2015-01-01", "v1", &rule), (change, "v2", &rule)])
            .staff(&[&s])
            .file("sessions.csv", &one_to_ones(&[]))
            .at("2026-04-01")
            .from("2026-03-01");
        assert_eq!(run.summary(), [expected], "change on {change}");
        // The window reported is the calendar month, as for a starter; the
        // requirement is the version's share of it.
        let evaluation = run.run();
        let finding = evaluation.findings.first().unwrap();
        let window = finding.window.unwrap();
        assert_eq!(
            (window.start, window.end),
            (d("2026-03-01"), d("2026-03-31"))
        );
        assert_eq!(
            finding.expected,
            "at least 1 one_to_one per month (prorated: the rule applied on 16 of the window's 31 days)",
            "{change}"
        );
    }
}

#[test]
fn an_every_n_clock_starts_again_on_the_effective_date() {
    // Every 4 weeks under v1, every 2 weeks under v2 from 1 March. The last
    // session is on 20 February: v1 would want the next by 20 March, but v1
    // is not in force then, so it owes nothing; v2's clock starts on 1
    // March, due 15 March.
    let v1 = body("rule r: require one_to_one for all: every 4 weeks");
    let v2 = body("rule r: require one_to_one for all: every 2 weeks");
    let s = staff_row("S1", "2020-01-01");
    for (next, expected) in [
        ("2026-03-15T10:00", vec![]),
        ("2026-03-16T10:00", vec!["breach S1 2026-03-15 v2"]),
    ] {
        let found = Versions::new(&[("2015-01-01", "v1", &v1), ("2026-03-01", "v2", &v2)])
            .staff(&[&s])
            .file(
                "sessions.csv",
                &one_to_ones(&[
                    ("held", "2026-01-30T10:00"),
                    ("held", "2026-02-20T10:00"),
                    ("held", next),
                ]),
            )
            .at("2026-03-20")
            .from("2026-02-01")
            .summary();
        assert_eq!(found, expected, "next session {next}");
    }
}

#[test]
fn a_deadline_is_judged_by_the_version_in_force_on_its_start_day() {
    // 48 hours under v1; 5 days under v2 from 1 March. Both sessions are
    // recorded 72 hours after they start.
    let v1 =
        body("rule r: deadline sessions: recorded within 48 hours of start where status is held");
    let v2 =
        body("rule r: deadline sessions: recorded within 5 days of start where status is held");
    let s = staff_row("S1", "2020-01-01");
    let found = Versions::new(&[("2015-01-01", "v1", &v1), ("2026-03-01", "v2", &v2)])
        .staff(&[&s])
        .file(
            "sessions.csv",
            &sessions(&[
                // Started on v1's last day, due on 2 March (in v2's days):
                // still v1's, and late.
                "X1,S1,S1,one_to_one,held,2026-02-28T10:00,60,2026-03-03T10:00",
                // Started on v2's first day: v2's, and in time.
                "X2,S1,S1,one_to_one,held,2026-03-01T10:00,60,2026-03-04T10:00",
            ]),
        )
        .at("2026-04-01")
        .from("2026-02-01")
        .summary();
    assert_eq!(found, ["breach X1 2026-03-02 v1"]);
}

#[test]
fn a_session_is_judged_by_the_version_in_force_on_its_day() {
    // v1 asks for a supervisor one level up, v2 two levels up, from 1 March.
    let v1 = body("rule r: eligible supervisor of one_to_one for all {\n  supervisor.level >= supervisee.level + 1\n}");
    let v2 = body("rule r: eligible supervisor of one_to_one for all {\n  supervisor.level >= supervisee.level + 2\n}");
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S3,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
    ];
    let found = Versions::new(&[("2015-01-01", "v1", &v1), ("2026-03-01", "v2", &v2)])
        .staff(&rows)
        .file(
            "sessions.csv",
            "id,supervisee,supervisor,kind,status,start\nX1,S1,S3,one_to_one,held,2026-02-28T10:00\nX2,S1,S3,one_to_one,held,2026-03-01T10:00\n",
        )
        .at("2026-04-01")
        .from("2026-02-01")
        .summary();
    assert_eq!(found, ["breach S1 2026-03-01 v2"]);
}

#[test]
fn every_member_is_judged_by_the_version_in_force_on_the_last_day() {
    let v1 = body("rule r: every member of all: fte >= 0.5");
    let v2 = body("rule r: every member of all: fte >= 1");
    let s = "S1,social_worker,A,1,,HCPC,0.8,2020-01-01,,,,,";
    // The last day judged is 31 March: v2's if it takes effect that day,
    // v1's if it takes effect on the as-of date.
    for (change, expected) in [
        ("2026-03-31", vec!["breach S1 2026-03-31 v2"]),
        ("2026-04-01", vec![]),
    ] {
        let found = Versions::new(&[("2015-01-01", "v1", &v1), (change, "v2", &v2)])
            .staff(&[s])
            .at("2026-04-01")
            .from("2026-03-01")
            .summary();
        assert_eq!(found, expected, "change on {change}");
    }
}

#[test]
fn days_before_the_earliest_version_are_not_judged() {
    let rule = body("rule r: require one_to_one for all: at least 1 per month");
    let s = staff_row("S1", "2020-01-01");
    let evaluation = Versions::new(&[("2026-02-01", "v1", &rule), ("2026-03-01", "v2", &rule)])
        .staff(&[&s])
        .file("sessions.csv", &one_to_ones(&[]))
        .at("2026-04-01")
        .from("2026-01-01")
        .run();
    assert_eq!(evaluation.period.from, d("2026-02-01"));
    let found: Vec<String> = evaluation
        .findings
        .iter()
        .map(|f| format!("{} {}", f.date, f.version.as_ref().unwrap().file))
        .collect();
    // No January: neither version was in force.
    assert_eq!(found, ["2026-02-28 v1.sup", "2026-03-31 v2.sup"]);
    let tags: Vec<(NaiveDate, Option<NaiveDate>)> = evaluation
        .versions
        .iter()
        .map(|v| (v.effective, v.until))
        .collect();
    assert_eq!(
        tags,
        [
            (d("2026-02-01"), Some(d("2026-02-28"))),
            (d("2026-03-01"), None)
        ]
    );
}

#[test]
fn waivers_name_the_rules_of_the_version_judged_under() {
    // v2 renames the rule; a waiver names the new name. It covers v2's
    // finding, not v1's, and is not noted as naming no rule.
    let v1 = body("rule old_name: require one_to_one for all: at least 1 per month waivable by service_manager");
    let v2 = body("rule new_name: require one_to_one for all: at least 1 per month waivable by service_manager");
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,",
    ];
    let evaluation = Versions::new(&[("2015-01-01", "v1", &v1), ("2026-03-01", "v2", &v2)])
        .staff(&rows)
        .file("sessions.csv", &one_to_ones(&[]))
        .file(
            "waivers.csv",
            "id,waived_rule,subject,approved_by,reason,granted,expires\nW1,new_name,S1,M1,vacancy,2026-01-01,\n",
        )
        .at("2026-04-01")
        .from("2026-02-01")
        .run();
    let found: Vec<String> = evaluation
        .findings
        .iter()
        .filter(|f| f.subject.id == "S1")
        .map(|f| format!("{} {:?} {}", f.rule, f.status, f.date))
        .collect();
    assert_eq!(
        found,
        ["old_name Breach 2026-02-28", "new_name Waived 2026-03-31"]
    );
    assert!(
        evaluation
            .notes
            .iter()
            .all(|n| !n.message.contains("new_name")),
        "{:?}",
        evaluation.notes
    );
}

#[test]
fn versions_need_an_effective_date_each_and_no_two_on_one_day() {
    let rule = body("rule r: require one_to_one for all: at least 1 per month");
    let two = Versions::new(&[("2026-03-01", "b", &rule), ("2015-01-01", "a", &rule)]).policies();
    // Any order on the command line: ordered by effective date.
    let refs: Vec<&crate::policy::CompiledPolicy> = two.iter().collect();
    assert_eq!(order_versions(&refs), Ok(vec![1, 0]));
    let same = Versions::new(&[("2026-03-01", "a", &rule), ("2026-03-01", "b", &rule)]).policies();
    let refs: Vec<&crate::policy::CompiledPolicy> = same.iter().collect();
    assert_eq!(
        order_versions(&refs),
        Err(VersionError::SameDay {
            first: "a.sup".into(),
            second: "b.sup".into(),
            day: d("2026-03-01")
        })
    );
    let mut undated = two;
    if let Some(p) = undated.get_mut(1) {
        p.header.effective = None;
    }
    let refs: Vec<&crate::policy::CompiledPolicy> = undated.iter().collect();
    assert_eq!(
        order_versions(&refs),
        Err(VersionError::NoEffectiveDate {
            file: "a.sup".into()
        })
    );
}

#[test]
fn an_access_and_a_deletion_are_judged_on_their_own_day() {
    // From 1 March, v2 asks for notice of every access and keeps records 7
    // years after creation instead of 6.
    let v1 = body("purposes: supervision\nrule a: access personal_supervision records {\n  allow anyone for supervision\n}\nrule k: retain personal_supervision records: at least 6 years after creation");
    let v2 = body("purposes: supervision\nrule a: access personal_supervision records {\n  allow anyone for supervision\n  notify subject within 5 days\n}\nrule k: retain personal_supervision records: at least 7 years after creation");
    let s = staff_row("S1", "2010-01-01");
    let found = Versions::new(&[("2015-01-01", "v1", &v1), ("2026-03-01", "v2", &v2)])
        .staff(&[&s])
        .file(
            "records.csv",
            // Created 10 March 2019: kept until 10 March 2025 (v1) or 2026 (v2).
            "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2019-03-10,2026-02-28\nR2,S1,personal_supervision,2019-03-10,2026-03-01\n",
        )
        .file(
            "access_log.csv",
            "id,record,accessed_by,role,purpose,accessed,subject_notified\nL1,R1,M1,social_worker,supervision,2026-02-28T10:00,\nL2,R1,M1,social_worker,supervision,2026-03-01T10:00,\n",
        )
        .at("2026-04-01")
        .from("2026-02-01")
        .summary();
    // L1 and R1 on v1's last day: v1 asks no notice and 6 years. L2 and R2
    // on v2's first: no notice by 6 March, deleted 9 days early.
    assert_eq!(
        found,
        ["breach L2 2026-03-06 v2", "breach R2 2026-03-01 v2"]
    );
}

#[test]
fn supervisee_counts_are_judged_each_day_under_the_version_in_force() {
    // At most 1 supervisee under v1, at most 2 under v2 from 1 March; M1
    // supervises 2 all along: a run of failing days ending on v1's last day.
    let v1 = body("group managers: staff where role is team_manager\nrule l: limit supervisees for managers: at most 1");
    let v2 = body("group managers: staff where role is team_manager\nrule l: limit supervisees for managers: at most 2");
    let rows = [
        "M1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,M1,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,M1,,,",
    ];
    let evaluation = Versions::new(&[("2015-01-01", "v1", &v1), ("2026-03-01", "v2", &v2)])
        .staff(&rows)
        .at("2026-04-01")
        .from("2026-02-01")
        .run();
    let found: Vec<String> = evaluation
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f.subject.id,
                f.window.unwrap(),
                f.version.as_ref().unwrap().file
            )
        })
        .collect();
    assert_eq!(found, ["M1 2026-02-01 to 2026-02-28 v1.sup"]);
}
