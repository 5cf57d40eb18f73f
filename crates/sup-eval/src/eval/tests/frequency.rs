//! Frequency: window edges, cancelled sessions, rolling windows, pro rata,
//! partial windows, gaps, phases, group changes, time and named supervisors.

use super::{one_to_ones, staff_row, Case, MONTHLY};

#[test]
fn the_last_day_of_a_window_counts_and_the_next_day_does_not() {
    let cases = [
        ("2026-01-31T16:00", "2026-02-01", vec![]),
        (
            "2026-02-01T09:00",
            "2026-02-01",
            vec!["breach S1 2026-01-31"],
        ),
        // January is judged only once it is over.
        ("2026-02-01T09:00", "2026-01-31", vec![]),
    ];
    for (start, as_of, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let found = Case::new(MONTHLY)
            .staff(&[&s])
            .file("sessions.csv", &one_to_ones(&[("held", start)]))
            .at(as_of)
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "session {start}, as of {as_of}");
    }
}

#[test]
fn cancelled_sessions_never_count() {
    let s = staff_row("S1", "2020-01-01");
    let found = Case::new(MONTHLY)
        .staff(&[&s])
        .file(
            "sessions.csv",
            &one_to_ones(&[
                ("cancelled", "2026-01-10T10:00"),
                ("planned", "2026-01-12T10:00"),
            ]),
        )
        .at("2026-02-01")
        .from("2026-01-01")
        .summary();
    assert_eq!(found, ["breach S1 2026-01-31"]);
}

#[test]
fn rolling_windows_across_29_february() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 1 in any 12 months\n";
    // The 12-month window ending 2025-02-28 starts on 2024-02-29.
    let cases = [
        ("2025-03-01", vec![]),
        ("2025-03-02", vec!["breach S1 2025-03-01"]),
    ];
    for (as_of, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let found = Case::new(policy)
            .staff(&[&s])
            .file(
                "sessions.csv",
                &one_to_ones(&[("held", "2024-02-29T10:00")]),
            )
            .at(as_of)
            .from("2025-02-01")
            .summary();
        assert_eq!(found, expected, "as of {as_of}");
    }
}

#[test]
fn rolling_windows_report_the_worst_one_only() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 2 in any 3 months\n";
    let s = staff_row("S1", "2020-01-01");
    let run = Case::new(policy)
        .staff(&[&s])
        .file(
            "sessions.csv",
            &one_to_ones(&[
                ("held", "2026-01-05T10:00"),
                ("held", "2026-02-05T10:00"),
                ("held", "2026-06-01T10:00"),
            ]),
        )
        .at("2026-07-01")
        .from("2026-03-01")
        .run();
    assert_eq!(run.findings.len(), 1);
    let f = &run.findings[0];
    // Windows ending 2026-05-06 to 2026-05-31 hold nothing at all: the worst.
    assert_eq!(
        f.window.map(|w| (w.start.to_string(), w.end.to_string())),
        Some(("2026-02-06".into(), "2026-05-05".into()))
    );
    assert!(
        f.actual.starts_with("0 in the worst window"),
        "{}",
        f.actual
    );
}

#[test]
fn starters_and_leavers_are_prorated_rounding_down() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 2 per month\n";
    let cases = [
        // 15 of 31 days: 2 × 15/31 = 0.97, rounded down: nothing required.
        ("2026-01-17", "", vec![]),
        // 16 of 31 days: 1.03, so 1 is required and none was held.
        ("2026-01-16", "", vec!["breach S1 2026-01-31"]),
        // A leaver on 16 January: the same.
        ("2020-01-01", "2026-01-16", vec!["breach S1 2026-01-31"]),
        ("2020-01-01", "2026-01-15", vec![]),
    ];
    for (start, end, expected) in cases {
        let s = format!("S1,social_worker,A,1,,HCPC,1,{start},{end},,,,");
        let found = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &one_to_ones(&[]))
            .at("2026-02-01")
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "start {start}, end {end}");
    }
}

#[test]
fn partial_windows_can_be_required_in_full_or_ignored() {
    let full = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 2 per month, partial windows full\n";
    let ignored = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 2 per month, partial windows ignored\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2026-01-25,,,,,";
    let sessions = one_to_ones(&[("held", "2026-01-26T10:00")]);
    let f = Case::new(full)
        .staff(&[s])
        .file("sessions.csv", &sessions)
        .at("2026-02-01")
        .from("2026-01-01")
        .summary();
    assert_eq!(f, ["breach S1 2026-01-31"]);
    let i = Case::new(ignored)
        .staff(&[s])
        .file("sessions.csv", &sessions)
        .at("2026-02-01")
        .from("2026-01-01")
        .summary();
    assert!(i.is_empty());
}

#[test]
fn pro_rata_scales_by_fte_and_not_pro_rata_does_not() {
    let pro = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 10 per year, pro rata\n";
    let not = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 10 per year, not pro rata\n";
    let s = "S1,social_worker,A,1,,HCPC,0.5,2020-01-01,,,,,";
    let held: Vec<(&str, String)> = (1..=5)
        .map(|m| ("held", format!("2025-{m:02}-10T10:00")))
        .collect();
    let held: Vec<(&str, &str)> = held.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let sessions = one_to_ones(&held);
    assert!(Case::new(pro)
        .staff(&[s])
        .file("sessions.csv", &sessions)
        .at("2026-01-01")
        .from("2025-01-01")
        .summary()
        .is_empty());
    assert_eq!(
        Case::new(not)
            .staff(&[s])
            .file("sessions.csv", &sessions)
            .at("2026-01-01")
            .from("2025-01-01")
            .summary(),
        ["breach S1 2025-12-31"]
    );
}

#[test]
fn every_n_is_the_longest_gap_from_when_the_rule_applies() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: every 2 weeks\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2026-01-05,,,,,";
    let cases = [
        // Starts Monday 5 January: first due by 19 January.
        (
            vec!["2026-01-19T10:00", "2026-02-02T10:00"],
            "2026-02-10",
            vec![],
        ),
        (
            vec!["2026-01-20T10:00", "2026-02-03T10:00"],
            "2026-02-10",
            vec!["breach S1 2026-01-19"],
        ),
        // Nothing since 2 February: due 16 February, missed by the 17th.
        (
            vec!["2026-01-19T10:00", "2026-02-02T10:00"],
            "2026-02-17",
            vec!["breach S1 2026-02-16"],
        ),
        (
            vec!["2026-01-19T10:00", "2026-02-02T10:00"],
            "2026-02-16",
            vec![],
        ),
    ];
    for (starts, as_of, expected) in cases {
        let rows: Vec<(&str, &str)> = starts.iter().map(|s| ("held", *s)).collect();
        let found = Case::new(policy)
            .staff(&[s])
            .file("sessions.csv", &one_to_ones(&rows))
            .at(as_of)
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "{starts:?} as of {as_of}");
    }
}

#[test]
fn phases_by_tenure_change_the_requirement() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all by tenure {\n  first 4 weeks: every 1 week\n  then: every 4 weeks\n}\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2026-01-05,,,,,";
    // Weekly to 1 February (4 weeks), then every 4 weeks from 2 February.
    let weekly = [
        "2026-01-12T10:00",
        "2026-01-19T10:00",
        "2026-01-26T10:00",
        "2026-02-02T10:00",
    ];
    let rows: Vec<(&str, &str)> = weekly.iter().map(|s| ("held", *s)).collect();
    let found = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &one_to_ones(&rows))
        .at("2026-03-01")
        .from("2026-01-01")
        .summary();
    assert!(found.is_empty(), "{found:?}");
    // A week missed in the first phase is a breach; the second phase is met.
    let rows: Vec<(&str, &str)> = [weekly[0], weekly[2], weekly[3]]
        .iter()
        .map(|s| ("held", *s))
        .collect();
    let found = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &one_to_ones(&rows))
        .at("2026-03-01")
        .from("2026-01-01")
        .summary();
    assert_eq!(found, ["breach S1 2026-01-19"]);
}

#[test]
fn people_who_change_group_are_judged_only_while_in_it() {
    // New staff are in `new_staff` for their first 6 months.
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup new_staff: staff where tenure < 6 months\nrule r: require one_to_one for new_staff: at least 1 per month\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2025-09-01,,,,,";
    // Sessions Sep to Dec 2025, none from January: in the group to 28 Feb.
    let held = [
        "2025-09-10T10:00",
        "2025-10-10T10:00",
        "2025-11-10T10:00",
        "2025-12-10T10:00",
    ];
    let rows: Vec<(&str, &str)> = held.iter().map(|s| ("held", *s)).collect();
    let found = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &one_to_ones(&rows))
        .at("2026-06-01")
        .from("2025-09-01")
        .summary();
    assert_eq!(found, ["breach S1 2026-01-31", "breach S1 2026-02-28"]);
}

#[test]
fn time_requirements_scale_by_a_column() {
    let policy = "roles: social_worker\nregistrations: HCPC\nextend staff { placement_days: optional number }\ngroup all: staff\nrule r: require one_to_one for all: at least 30 minutes per week scaled by placement_days\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,3";
    let sessions = |minutes: u32| {
        format!("id,supervisee,supervisor,kind,status,start,duration\nX1,S1,S1,one_to_one,held,2026-03-03T10:00,{minutes}\n")
    };
    // Week of Monday 2 March 2026: 3 days × 30 minutes = 90 minutes.
    let ok = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &sessions(90))
        .at("2026-03-09")
        .from("2026-03-02")
        .summary();
    assert!(ok.is_empty(), "{ok:?}");
    let short = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &sessions(60))
        .at("2026-03-09")
        .from("2026-03-02")
        .run();
    assert_eq!(short.findings.len(), 1);
    assert_eq!(short.findings[0].actual, "1h");
    assert!(
        short.findings[0].expected.contains("1h 30m"),
        "{}",
        short.findings[0].expected
    );
}

#[test]
fn with_a_named_supervisor_only_their_sessions_count() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one with line_manager for all: at least 1 per month\n";
    let s1 = "S1,social_worker,A,1,,HCPC,1,2020-01-01,,S3,S2,,";
    let s2 = "S2,social_worker,A,2,,HCPC,1,2020-01-01,,,,,";
    let s3 = "S3,social_worker,A,2,,HCPC,1,2020-01-01,,,,,";
    let with = |supervisor: &str| {
        format!("id,supervisee,supervisor,kind,status,start\nX1,S1,{supervisor},one_to_one,held,2026-01-10T10:00\nX2,S2,S1,one_to_one,held,2026-01-10T10:00\nX3,S3,S1,one_to_one,held,2026-01-10T10:00\n")
    };
    let found = |sup: &str| {
        Case::new(policy)
            .staff(&[s1, s2, s3])
            .file("sessions.csv", &with(sup))
            .at("2026-02-01")
            .from("2026-01-01")
            .summary()
    };
    assert_eq!(
        found("S2"),
        ["breach S2 2026-01-31", "breach S3 2026-01-31"]
    );
    assert_eq!(
        found("S3"),
        [
            "breach S1 2026-01-31",
            "breach S2 2026-01-31",
            "breach S3 2026-01-31"
        ]
    );
}

#[test]
fn frequency_over_cases() {
    let policy = "roles: social_worker\nregistrations: HCPC\ncase flags: safeguarding\ngroup flagged: cases where flags has safeguarding\nrule r: require case_discussion for flagged: at least 1 per month\n";
    let s = staff_row("S1", "2020-01-01");
    let found = Case::new(policy)
        .staff(&[&s])
        .file("cases.csv", "id,worker,flags,opened,closed\nC1,S1,safeguarding,2025-01-01,\nC2,S1,,2025-01-01,\nC3,S1,safeguarding,2025-01-01,2026-01-05\n")
        .file("case_discussions.csv", "id,case,session,discussed\nD1,C2,,2026-01-10\n")
        .at("2026-02-01")
        .from("2026-01-01")
        .summary();
    // C3 closed on 5 January: 5 of 31 days, so nothing is required of it.
    assert_eq!(found, ["breach C1 2026-01-31"]);
}

#[test]
fn overriding_rules_take_their_members_out() {
    let policy = "roles: social_worker\nregistrations: HCPC\ntags: asye\ngroup all: staff\ngroup asye: staff where tags has asye\nrule general: require one_to_one for all: at least 1 per month\nrule asye_weekly: require one_to_one for asye: at least 1 per week, overrides general\n";
    let s1 = "S1,social_worker,A,1,asye,HCPC,1,2020-01-01,,,,,";
    let s2 = "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,";
    let run = Case::new(policy)
        .staff(&[s1, s2])
        .file(
            "sessions.csv",
            "id,supervisee,supervisor,kind,status,start\n",
        )
        .at("2026-02-02")
        .from("2026-01-26")
        .run();
    let found: Vec<(String, String)> = run
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.subject.id.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("general".to_string(), "S2".to_string()),
            ("asye_weekly".to_string(), "S1".to_string())
        ]
    );
}

#[test]
fn passing_over_met_rolling_windows_changes_nothing() {
    use crate::eval::{evaluate_on, period_of, set_window_shortcut, Status};
    // Rolling windows of days and of months, with rows to spare and with
    // none; several rows on one day; a part-timer (pro rata), a leaver, a
    // starter, a group that members leave after six months (the windows
    // then reach past the span), and rows on the days windows start and end.
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\n\
        group new_staff: staff where tenure < 6 months\n\
        rule yearly: require one_to_one for all: at least 1 in any 12 months\n\
        rule quarterly: require one_to_one for all: at least 2 in any 3 months\n\
        rule busy: require one_to_one for all: at least 3 in any 2 months\n\
        rule days: require one_to_one for all: at least 2 in any 30 days, not pro rata\n\
        rule starters: require one_to_one for new_staff: at least 2 in any 1 month\n";
    let staff = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,0.5,2020-01-01,,,,,",
        "S3,social_worker,A,1,,HCPC,1,2020-01-01,2026-06-30,,,,",
        "S4,social_worker,A,1,,HCPC,1,2026-03-15,,,,,",
    ];
    let days = [
        "2025-11-22",
        "2025-12-01",
        "2025-12-01",
        "2025-12-21",
        "2026-01-20",
        "2026-01-21",
        "2026-02-19",
        "2026-03-15",
        "2026-03-16",
        "2026-04-14",
        "2026-04-15",
        "2026-04-15",
        "2026-06-30",
        "2026-07-01",
        "2026-08-30",
        "2026-09-29",
        "2026-10-01",
        "2026-11-21",
    ];
    let mut text = String::from("id,supervisee,supervisor,kind,status,start\n");
    for (i, day) in days.iter().enumerate() {
        for (j, s) in ["S1", "S2", "S3", "S4"].iter().enumerate() {
            // Each person misses a different share of the days.
            if (i + j) % (j + 2) != 0 {
                text.push_str(&format!("X{i}{s},{s},S1,one_to_one,held,{day}T10:00\n"));
            }
        }
    }
    let case = Case::new(policy)
        .staff(&staff)
        .file("sessions.csv", &text)
        .from("2025-11-22");
    let (policy, records) = case.setup();
    let period = period_of(&policy, &case.options());
    let run = |shortcut: bool| {
        set_window_shortcut(shortcut);
        let mut e = evaluate_on(&policy, &records, period, true, 1);
        set_window_shortcut(true);
        for rule in &mut e.rules {
            rule.elapsed = std::time::Duration::ZERO;
        }
        e
    };
    let passed_over = run(true);
    let measured = run(false);
    assert!(passed_over.count(Status::Breach) > 0);
    assert_eq!(passed_over.findings, measured.findings);
    assert_eq!(passed_over.notes, measured.notes);
    assert_eq!(passed_over.rules, measured.rules);
    assert_eq!(passed_over.judgements, measured.judgements);
}
