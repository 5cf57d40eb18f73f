//! Deadlines: the last minute in time, hours and days across the clocks
//! changing, bank holidays, missing ends and `before the next`.

use super::{sessions, staff_row, Case, RECORDED_48H};

#[test]
fn the_48th_hour_is_in_time_and_the_next_minute_is_not() {
    let cases = [
        ("2026-03-04T10:00", vec![]),
        ("2026-03-04T09:59", vec![]),
        ("2026-03-04T10:01", vec!["breach X1 2026-03-04"]),
        ("", vec!["breach X1 2026-03-04"]),
    ];
    for (recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,2026-03-02T10:00,60,{recorded}");
        let found = Case::new(RECORDED_48H)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-04-01")
            .summary();
        assert_eq!(found, expected, "recorded {recorded:?}");
    }
    // How late: to the minute under two days, then in days and the hours
    // begun after them.
    for (recorded, late) in [
        ("2026-03-04T10:01", "1 minute late"),
        ("2026-03-04T11:00", "1 hour late"),
        ("2026-03-04T11:01", "1 hour 1 minute late"),
        ("2026-03-06T09:59", "47 hours 59 minutes late"),
        ("2026-03-06T10:00", "2 days late"),
        ("2026-03-06T10:01", "2 days 1 hour late"),
        ("2026-03-07T09:00", "2 days 23 hours late"),
        ("2026-03-07T10:00", "3 days late"),
    ] {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,2026-03-02T10:00,60,{recorded}");
        let run = Case::new(RECORDED_48H)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-04-01")
            .run();
        assert_eq!(
            run.findings.first().map(|f| f.actual.clone()),
            Some(format!("recorded {} ({late})", recorded.replace('T', " "))),
        );
    }
}

#[test]
fn hours_are_elapsed_time_across_the_clocks_changing() {
    // Saturday 28 March 2026 12:00 GMT; the clocks go forward at 01:00 on
    // the 29th, so 48 hours later is Monday 30 March 13:00 BST.
    let cases = [
        ("2026-03-30T12:59", vec![]),
        ("2026-03-30T13:00", vec![]),
        ("2026-03-30T13:01", vec!["breach X1 2026-03-30"]),
        // An explicit offset is an instant: 12:00Z is 13:00 BST.
        ("2026-03-30T12:00:00Z", vec![]),
        ("2026-03-30T12:01:00Z", vec!["breach X1 2026-03-30"]),
    ];
    for (recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,2026-03-28T12:00,60,{recorded}");
        let found = Case::new(RECORDED_48H)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-04-10")
            .summary();
        assert_eq!(found, expected, "recorded {recorded:?}");
    }
}

#[test]
fn days_and_weeks_keep_the_wall_clock_across_the_clocks_changing() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline case_decisions: recorded within 1 week of decided\n";
    let cases = [
        ("2026-04-02T09:00", vec![]),
        ("2026-04-02T09:01", vec!["breach D1 2026-04-02"]),
    ];
    for (recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let found = Case::new(policy)
            .staff(&[&s])
            .file(
                "cases.csv",
                "id,worker,flags,opened,closed\nC1,S1,,2026-01-01,\n",
            )
            .file(
                "case_decisions.csv",
                &format!(
                    "id,case,decided_by,decided,recorded\nD1,C1,S1,2026-03-26T09:00,{recorded}\n"
                ),
            )
            .at("2026-05-01")
            .summary();
        assert_eq!(found, expected, "recorded {recorded:?}");
    }
}

#[test]
fn a_bank_holiday_inside_a_working_day_deadline_moves_it() {
    // Thursday 2 April 2026 + 5 working days skips Good Friday and Easter
    // Monday: due by the end of Monday 13 April.
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline sessions: recorded within 5 working days of start where status is held\n";
    let cases = [
        ("2026-04-13T23:30", vec![]),
        ("2026-04-14T08:00", vec!["breach X1 2026-04-13"]),
        ("2026-04-09", vec![]),
    ];
    for (recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,2026-04-02T10:00,60,{recorded}");
        let found = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-05-01")
            .summary();
        assert_eq!(found, expected, "recorded {recorded:?}");
    }
}

#[test]
fn a_missing_end_is_pending_until_the_deadline_passes() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline case_decisions: recorded within 1 week of decided\n";
    // Both decided Sunday 1 March 10:00, so due Sunday 8 March 10:00. D1 is
    // recorded late, on 20 March; D2 never is.
    let decisions = "id,case,decided_by,decided,recorded\nD1,C1,S1,2026-03-01T10:00,2026-03-20T10:00\nD2,C1,S1,2026-03-01T10:00,\n";
    let cases = [
        // At the start of the due day the deadline has not passed: both are
        // pending (D1's recording is in the future, so not known yet), and
        // listed only with --upcoming.
        (
            "2026-03-08",
            Some(30),
            vec!["pending D1 2026-03-08", "pending D2 2026-03-08"],
        ),
        ("2026-03-08", None, vec![]),
        ("2026-03-05", None, vec![]),
        // The day after, both are missed; D1 still looks missing.
        (
            "2026-03-09",
            Some(30),
            vec!["breach D1 2026-03-08", "breach D2 2026-03-08"],
        ),
        // Once D1 is recorded, it is late; D2 is still missed.
        (
            "2026-03-21",
            None,
            vec!["breach D1 2026-03-08", "breach D2 2026-03-08"],
        ),
    ];
    for (as_of, upcoming, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let mut case = Case::new(policy)
            .staff(&[&s])
            .file(
                "cases.csv",
                "id,worker,flags,opened,closed\nC1,S1,,2026-01-01,\n",
            )
            .file("case_decisions.csv", decisions)
            .at(as_of)
            .from("2026-03-01");
        if let Some(u) = upcoming {
            case = case.upcoming(u);
        }
        assert_eq!(case.summary(), expected, "as of {as_of}");
        if as_of == "2026-03-21" {
            let actual: Vec<String> = case
                .run()
                .findings
                .iter()
                .map(|f| f.actual.clone())
                .collect();
            assert_eq!(
                actual,
                [
                    "recorded 2026-03-20 10:00 (12 days late)",
                    "no `recorded` by the as-of date"
                ]
            );
        }
    }
}

#[test]
fn before_the_next_session() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline one_to_one: signed_by_supervisee before the next one_to_one\n";
    let header = "id,supervisee,supervisor,kind,status,start,signed_by_supervisee";
    let rows = [
        "X1,S1,S2,one_to_one,held,2026-03-02T10:00,2026-03-09T09:00",
        "X2,S1,S2,one_to_one,held,2026-03-09T10:00,2026-03-23T10:30",
        "X3,S1,S2,one_to_one,cancelled,2026-03-16T10:00,",
        "X4,S1,S2,one_to_one,held,2026-03-23T10:00,",
    ];
    let s1 = staff_row("S1", "2020-01-01");
    let s2 = staff_row("S2", "2020-01-01");
    let found = Case::new(policy)
        .staff(&[&s1, &s2])
        .file("sessions.csv", &format!("{header}\n{}\n", rows.join("\n")))
        .at("2026-04-01")
        .summary();
    // X1 signed before X2; X2 signed after X4 started (the cancelled X3 is
    // not a session); X4 has no next session yet.
    assert_eq!(found, ["breach X2 2026-03-23"]);
}

/// `within D of absence.end`: `explain` says the row the start was read
/// from, and when the reference is empty that nothing is due (there is no
/// finding either).
#[test]
fn explain_says_where_a_start_through_a_reference_came_from() {
    let policy = "roles: social_worker\nregistrations: HCPC\nextend sessions {\n  absence: optional ref absences\n}\nrule r: deadline sessions: rebooked within 5 working days of absence.end where status is cancelled\n";
    let s = staff_row("S1", "2020-01-01");
    let absences = "id,staff,start,end\nA1,S1,2026-03-02,2026-03-06\n";
    let sessions = "id,supervisee,supervisor,kind,status,start,rebooked,absence\n\
        X1,S1,S1,one_to_one,cancelled,2026-03-03T10:00,2026-03-16T09:00,A1\n\
        X2,S1,S1,one_to_one,cancelled,2026-03-10T10:00,,\n";
    let case = Case::new(policy)
        .staff(&[&s])
        .file("absences.csv", absences)
        .file("sessions.csv", sessions)
        .from("2026-03-01")
        .at("2026-04-01");
    assert_eq!(
        case.explain("r", "X1"),
        [
            "2026-03-06 sessions X1: `absence.end` is 2026-03-06 (from absences A1), so `rebooked` is due by 2026-03-13",
            "2026-03-13 sessions X1: rebooked 2026-03-16 09:00 (3 days late)",
        ]
    );
    assert_eq!(
        case.explain("r", "X2"),
        ["2026-03-31 sessions X2: `absence.end` is empty (from no row), so nothing is due"]
    );
    assert_eq!(case.summary(), ["breach X1 2026-03-13"]);
}
