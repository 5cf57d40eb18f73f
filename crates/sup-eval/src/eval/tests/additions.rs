//! Tests for the parts of the compiled policy added after the evaluator was
//! first written: `every member of`, minimum notice (`at least D before`),
//! `is recorded`, bare values in comparisons, grant-level notification and
//! `anyone` in access rules, and eligibility over every kind of session.

use super::{staff_row, Case};

// ------------------------------------------------------------------ every member of

const DBS: &str = "roles: social_worker, service_manager\nregistrations: HCPC\ntags: dbs\ngroup all: staff\ngroup new: staff where tenure < 6 months\nrule r: every member of new: tags has dbs waivable by service_manager\n";

#[test]
fn every_member_is_judged_on_the_last_day() {
    let rows = [
        // New on the last day (1 April), without the tag: a finding.
        "S1,social_worker,A,1,,HCPC,1,2026-03-01,,,,,",
        // New, with it.
        "S2,social_worker,A,1,dbs,HCPC,1,2026-03-01,,,,,",
        // Six months' tenure by the last day: no longer in the group.
        "S3,social_worker,A,1,,HCPC,1,2025-10-01,,,,,",
        // Left before the last day: not a member that day.
        "S4,social_worker,A,1,,HCPC,1,2026-03-01,2026-03-20,,,,",
        // Starts on the as-of date: not yet employed.
        "S5,social_worker,A,1,,HCPC,1,2026-04-02,,,,,",
        // Covered by a waiver.
        "S6,social_worker,A,1,,HCPC,1,2026-03-01,,,,,",
        "M1,service_manager,A,4,dbs,HCPC,1,2020-01-01,,,,,",
    ];
    let run = Case::new(DBS)
        .staff(&rows)
        .file(
            "waivers.csv",
            "id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,S6,M1,check booked,2026-03-01,\n",
        )
        .at("2026-04-02")
        .from("2026-03-01")
        .run();
    let found: Vec<String> = run
        .findings
        .iter()
        .map(|f| format!("{:?} {} {} {}", f.status, f.subject, f.date, f.actual))
        .collect();
    assert_eq!(
        found,
        [
            "Breach staff S1 2026-04-01 tags = (none)",
            "Waived staff S6 2026-04-01 tags = (none)",
        ]
    );
    assert_eq!(run.findings.first().map(|f| f.evidence.len()), Some(1));
    assert_eq!(run.rules.first().map(|r| r.judged), Some(3));
}

#[test]
fn recorded_and_not_recorded() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule managed: every member of all: line_manager is recorded\nrule unsupervised: every member of all: supervisor is not recorded or supervising_for is recorded\n";
    let rows = [
        // Has a line manager; supervised, and not a supervisor.
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,S2,S2,,",
        // No line manager; not supervised.
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,2021-01-01,",
    ];
    let found = Case::new(policy).staff(&rows).at("2026-04-02").summary();
    assert_eq!(found, ["breach S2 2026-04-01", "breach S1 2026-04-01"]);
}

// ------------------------------------------------------------------ minimum notice

const NOTICE: &str = "roles: social_worker\nregistrations: HCPC\ntable reviews {\n  id: id\n  worker: ref staff\n  review_date: optional date\n  contacted: optional date\n}\nrule r: deadline reviews: contacted at least 2 weeks before review_date\n";

fn reviews(rows: &[&str]) -> String {
    format!("id,worker,review_date,contacted\n{}\n", rows.join("\n"))
}

#[test]
fn a_lead_time_counts_back_from_the_start() {
    let s = staff_row("S1", "2020-01-01");
    let rows = [
        // Due 2026-03-02: on the day is in time, the day after is late.
        "V1,S1,2026-03-16,2026-03-02",
        "V2,S1,2026-03-16,2026-03-03",
        // Never contacted, due passed.
        "V3,S1,2026-03-16,",
        // Never contacted, due 2026-04-06 (after the as-of date): pending.
        "V4,S1,2026-04-20,",
        // The review is in the future, but the notice was due in the past.
        "V5,S1,2026-04-10,",
        // No review date: nothing to count back from (noted).
        "V6,S1,,",
    ];
    let run = Case::new(NOTICE)
        .staff(&[&s])
        .file("reviews.csv", &reviews(&rows))
        .at("2026-04-01")
        .from("2026-03-01")
        .upcoming(10)
        .run();
    let found: Vec<String> = run
        .findings
        .iter()
        .map(|f| format!("{:?} {} {} {}", f.status, f.subject.id, f.date, f.actual))
        .collect();
    assert_eq!(
        found,
        [
            "Breach V2 2026-03-02 contacted 2026-03-03 (1 day late)",
            "Breach V3 2026-03-02 no `contacted` by the as-of date",
            "Breach V5 2026-03-27 no `contacted` by the as-of date",
            "Pending V4 2026-04-06 no `contacted` yet",
        ]
    );
    assert!(
        run.notes
            .iter()
            .any(|n| n.message.contains("`review_date` is empty")
                && n.rows == ["V6"]
                && n.code == crate::diagnostic::Code::EvalEmptyValue),
        "{:?}",
        run.notes
    );
}

#[test]
fn zero_days_before_means_no_later_than_and_working_days_skip_holidays() {
    let s = staff_row("S1", "2020-01-01");
    let policy = NOTICE.replace("at least 2 weeks", "at least 0 days");
    let found = Case::new(&policy)
        .staff(&[&s])
        .file(
            "reviews.csv",
            &reviews(&["V1,S1,2026-03-16,2026-03-16", "V2,S1,2026-03-16,2026-03-17"]),
        )
        .at("2026-04-01")
        .summary();
    assert_eq!(found, ["breach V2 2026-03-16"]);
    // Two working days before Tuesday 7 April 2026 skips Easter Monday and
    // Good Friday: Wednesday 1 April.
    let policy = NOTICE.replace("at least 2 weeks", "at least 2 working days");
    let found = Case::new(&policy)
        .staff(&[&s])
        .file(
            "reviews.csv",
            &reviews(&["V1,S1,2026-04-07,2026-04-01", "V2,S1,2026-04-07,2026-04-02"]),
        )
        .at("2026-05-01")
        .summary();
    assert_eq!(found, ["breach V2 2026-04-01"]);
}

// ------------------------------------------------------------------ bare values

#[test]
fn a_bare_value_on_the_right_of_a_comparison() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup all: staff\nrule r: eligible supervisor of one_to_one for all {\n  supervisor.role = team_manager\n}\nrule s: every member of all: role != team_manager\n";
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
    ];
    let found = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start\nX1,S1,T1,one_to_one,held,2026-03-10T10:00\nX2,S2,S1,one_to_one,held,2026-03-11T10:00\n")
        .at("2026-04-01")
        .from("2026-03-01")
        .summary();
    assert_eq!(found, ["breach S2 2026-03-11", "breach T1 2026-03-31"]);
}

// ------------------------------------------------------------------ eligibility of any session

#[test]
fn eligibility_without_kinds_judges_every_kind_of_session() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup all: staff\nrule r: eligible supervisor for all {\n  supervisor.level > supervisee.level\n}\n";
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
    ];
    let found = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start\nX1,S1,S2,one_to_one,held,2026-03-10T10:00\nX2,S1,S2,group_supervision,held,2026-03-11T10:00\nX3,S1,S2,peer_supervision,cancelled,2026-03-12T10:00\n")
        .at("2026-04-01")
        .from("2026-03-01")
        .summary();
    assert_eq!(found, ["breach S1 2026-03-10", "breach S1 2026-03-11"]);
}

// ------------------------------------------------------------------ access

const GRANTS: &str = "roles: social_worker, supervisor, manager, auditor, hr\nregistrations: HCPC\npurposes: supervision, audit, complaint\nrule r: access personal_supervision records {\n  allow subject for any\n  allow supervisor for supervision\n  allow manager for supervision and notify subject within 2 days\n  allow manager for complaint and notify subject within 10 days\n  allow anyone for audit and notify subject\n  deny hr\n}\n";

#[test]
fn grants_anyone_deny_and_notice_per_grant() {
    let s = staff_row("S1", "2010-01-01");
    let log = "id,record,accessed_by,role,purpose,accessed,subject_notified
L1,R1,P1,supervisor,supervision,2026-03-02T10:00,
L2,R1,P2,manager,supervision,2026-03-02T10:00,2026-03-05T09:00
L3,R1,P2,manager,complaint,2026-03-02T10:00,2026-03-05T09:00
L4,R1,P3,auditor,audit,2026-03-02T10:00,2026-03-02T10:00
L5,R1,P3,auditor,audit,2026-03-02T10:00,2026-03-02T11:00
L6,R1,P4,hr,audit,2026-03-02T10:00,2026-03-02T10:00
L7,R1,P3,auditor,supervision,2026-03-02T10:00,
L8,R1,P1,supervisor,audit,2026-03-02T10:00,
";
    let run = Case::new(GRANTS)
        .staff(&[&s])
        .file(
            "records.csv",
            "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,\n",
        )
        .file("access_log.csv", log)
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    let found: Vec<String> = run
        .findings
        .iter()
        .map(|f| format!("{} {}", f.subject.id, f.actual))
        .collect();
    // L1: a supervisor for supervision, no notice owed. L2: a manager for
    // supervision must be told within 2 days; told after 3. L3: within 10
    // days for a complaint: in time. L4: anyone may audit, told at once.
    // L5: told an hour late. L6: hr is denied, even for what anyone may do.
    // L7: no grant lets an auditor read for supervision. L8: a supervisor
    // auditing is allowed only as `anyone`, which owes notice at once.
    assert_eq!(
        found,
        [
            "L2 notified 2026-03-05 09:00 (23 hours late)",
            "L5 notified 2026-03-02 11:00 (1 hour late)",
            "L6 hr for audit",
            "L7 auditor for supervision",
            "L8 no notification by the as-of date",
        ]
    );
}

#[test]
fn notice_is_owed_only_when_every_matching_grant_asks_for_it() {
    let policy = "roles: social_worker, supervisor, manager\nregistrations: HCPC\npurposes: supervision\nrule r: access personal_supervision records {\n  allow supervisor, manager for supervision\n  allow manager for supervision and notify subject within 1 week\n  allow anyone for any and notify subject within 2 days\n}\n";
    let s = staff_row("S1", "2010-01-01");
    let log = "id,record,accessed_by,role,purpose,accessed,subject_notified
L1,R1,P1,manager,supervision,2026-03-02T10:00,
L2,R1,P2,social_worker,supervision,2026-03-02T10:00,2026-03-04T11:00
";
    let found = Case::new(policy)
        .staff(&[&s])
        .file(
            "records.csv",
            "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,\n",
        )
        .file("access_log.csv", log)
        .at("2026-04-01")
        .from("2026-03-01")
        .summary();
    // L1: the first grant, without notice, also matches: none is owed. L2:
    // only `anyone` matches: told a day and an hour after the access.
    assert_eq!(found, ["breach L2 2026-03-04"]);
}

#[test]
fn the_longest_notice_of_the_matching_grants_applies() {
    let policy = "roles: social_worker, manager\nregistrations: HCPC\npurposes: supervision\nrule r: access personal_supervision records {\n  allow manager for supervision and notify subject within 1 week\n  allow anyone for any and notify subject within 2 days\n}\n";
    let s = staff_row("S1", "2010-01-01");
    let log = "id,record,accessed_by,role,purpose,accessed,subject_notified
L1,R1,P1,manager,supervision,2026-03-02T10:00,2026-03-08T10:00
L2,R1,P1,manager,supervision,2026-03-02T10:00,2026-03-10T10:00
";
    let found = Case::new(policy)
        .staff(&[&s])
        .file(
            "records.csv",
            "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,\n",
        )
        .file("access_log.csv", log)
        .at("2026-04-01")
        .from("2026-03-01")
        .summary();
    assert_eq!(found, ["breach L2 2026-03-09"]);
}

// ------------------------------------------------------------------ notice as long as the row

const LENGTH_NOTICE: &str = "roles: social_worker\nregistrations: HCPC\ntable leave {\n  id: id\n  worker: ref staff\n  start: date\n  end: optional date\n  requested: optional date\n}\nrule r: deadline leave: requested at least the length of start to end before start\n";

#[test]
fn a_notice_as_long_as_the_leave() {
    let s = staff_row("S1", "2020-01-01");
    // (row, what the rule makes of it): the notice counts both ends of the
    // leave, so Monday 16 to Friday 20 March asks for 5 days: by Wed 11.
    let table = [
        ("L1,S1,2026-03-16,2026-03-20,2026-03-11", None),
        (
            "L2,S1,2026-03-16,2026-03-20,2026-03-12",
            Some("Breach L2 2026-03-11 requested 2026-03-12 (1 day late)"),
        ),
        // A one-day leave asks for a day: requested the day before.
        ("L3,S1,2026-03-16,2026-03-16,2026-03-15", None),
        (
            "L4,S1,2026-03-16,2026-03-16,2026-03-16",
            Some("Breach L4 2026-03-15 requested 2026-03-16 (1 day late)"),
        ),
        // Never requested, due passed.
        (
            "L5,S1,2026-03-16,2026-03-17,",
            Some("Breach L5 2026-03-14 no `requested` by the as-of date"),
        ),
        // No end: the length is not known (noted, not judged).
        ("L6,S1,2026-03-16,,2026-03-16", None),
        // Ends before it starts: not judged either (noted).
        ("L7,S1,2026-03-16,2026-03-10,2026-03-16", None),
    ];
    for (row, expected) in table {
        let run = Case::new(LENGTH_NOTICE)
            .staff(&[&s])
            .file(
                "leave.csv",
                &format!("id,worker,start,end,requested\n{row}\n"),
            )
            .at("2026-04-01")
            .from("2026-03-01")
            .run();
        let found: Vec<String> = run
            .findings
            .iter()
            .map(|f| format!("{:?} {} {} {}", f.status, f.subject.id, f.date, f.actual))
            .collect();
        assert_eq!(found, expected.into_iter().collect::<Vec<_>>(), "{row}");
    }
    let noted = |row: &str, words: &str| {
        let run = Case::new(LENGTH_NOTICE)
            .staff(&[&s])
            .file(
                "leave.csv",
                &format!("id,worker,start,end,requested\n{row}\n"),
            )
            .at("2026-04-01")
            .run();
        assert!(
            run.notes.iter().any(|n| n.message.contains(words)),
            "{row}: {:?}",
            run.notes
        );
    };
    noted("L6,S1,2026-03-16,,2026-03-16", "`end` is empty");
    noted(
        "L7,S1,2026-03-16,2026-03-10,2026-03-16",
        "is before `start`",
    );
}

// ------------------------------------------------------------------ alternating

const TURNS: &str = "roles: social_worker, team_manager\nregistrations: HCPC\nextend staff {\n  assessor: optional ref staff\n}\ngroup workers: staff where role is social_worker\nrule r: require one_to_one for workers: every 4 weeks, alternating between line_manager and assessor\n";

fn turns_staff(assessor: &str) -> String {
    format!(
        "{},assessor\nW1,social_worker,A,1,,HCPC,1,2020-01-01,,M1,M1,,,{assessor}\nM1,team_manager,A,3,,HCPC,1,2015-01-01,,,,,,\nA1,team_manager,A,3,,HCPC,1,2015-01-01,,,,,,\nC1,team_manager,A,3,,HCPC,1,2015-01-01,,,,,,\n",
        super::STAFF_HEADER
    )
}

/// The alternation findings for sessions led, a week apart from Monday
/// 2 March 2026, by each `(supervisor, status)`.
fn turns(assessor: &str, led: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    let rows: Vec<String> = led
        .iter()
        .enumerate()
        .map(|(i, (by, status))| {
            format!(
                "X{},W1,{by},one_to_one,{status},2026-03-{:02}T10:00,60,",
                i + 1,
                2 + 7 * i
            )
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let run = Case::new(TURNS)
        .file("staff.csv", &turns_staff(assessor))
        .file("sessions.csv", &super::sessions(&rows))
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    let found = run
        .findings
        .iter()
        .filter(|f| f.expected.contains("alternating"))
        .map(|f| {
            let evidence: Vec<&str> = f.evidence.iter().map(|e| e.id.as_str()).collect();
            format!("{} {} {}", f.subject.id, f.date, evidence.join("+"))
        })
        .collect();
    let notes = run.notes.iter().map(|n| n.message.clone()).collect();
    (found, notes)
}

/// Who leads each session, and its status.
type Led<'a> = &'a [(&'a str, &'a str)];

#[test]
fn sessions_alternate_between_two_people() {
    let held = "held";
    let table: [(Led, &[&str]); 7] = [
        // The first session has nothing before it.
        (&[("M1", held)], &[]),
        (&[("M1", held), ("A1", held), ("M1", held)], &[]),
        // The same person twice: the second session is the breach.
        (&[("M1", held), ("M1", held)], &["W1 2026-03-09 X1+X2"]),
        (
            &[("A1", held), ("A1", held), ("A1", held)],
            &["W1 2026-03-09 X1+X2", "W1 2026-03-16 X2+X3"],
        ),
        // A cancelled session never counts, so it is no one's turn.
        (
            &[("M1", held), ("A1", "cancelled"), ("M1", held)],
            &["W1 2026-03-16 X1+X3"],
        ),
        // A session led by neither is passed over.
        (
            &[("M1", held), ("C1", held), ("M1", held)],
            &["W1 2026-03-16 X1+X3"],
        ),
        (&[("M1", held), ("C1", held), ("A1", held)], &[]),
    ];
    for (led, expected) in table {
        let (found, _) = turns("A1", led);
        assert_eq!(found, expected, "{led:?}");
    }
}

#[test]
fn no_turns_without_both_people() {
    let (found, notes) = turns("", &[("M1", "held"), ("M1", "held")]);
    assert!(found.is_empty(), "{found:?}");
    assert!(
        notes.iter().any(|n| n.contains("`assessor` is empty")),
        "{notes:?}"
    );
    let (found, notes) = turns("M1", &[("M1", "held"), ("M1", "held")]);
    assert!(found.is_empty(), "{found:?}");
    assert!(
        notes.iter().any(|n| n.contains("the same person")),
        "{notes:?}"
    );
}
