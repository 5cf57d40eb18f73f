//! Boundary days added in the audit, across families.

use chrono::NaiveDate;

use super::{d, one_to_ones, sessions, staff_row, Case, RECORDED_48H};
use crate::eval::Status;

#[test]
fn group_changers_are_prorated_like_starters() {
    // `new_staff` is left on the day tenure reaches 6 months; `experienced`
    // is joined that day. Each month the rule only partly covers requires 2
    // pro-rated by the days covered, rounded down.
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup new_staff: staff where tenure < 6 months\ngroup experienced: staff where tenure >= 6 months\nrule new: require one_to_one for new_staff: at least 2 per month\nrule old: require one_to_one for experienced: at least 2 per month\n";
    let cases = [
        // Leaves `new_staff` on 16 March: in it 1 to 15 March, 15 of 31
        // days, so nothing is required of March. Joins `experienced` on 16
        // March: 16 of 31 days, so 1 is required, and none was held.
        ("2025-09-16", vec!["old"]),
        // A day later: 16 days in `new_staff` (1 required), 15 in
        // `experienced` (none required).
        ("2025-09-17", vec!["new"]),
    ];
    for (start, rules) in cases {
        let s = format!("S1,social_worker,A,1,,HCPC,1,{start},,,,,");
        // Two sessions in February keep February met under either rule.
        let run = Case::new(policy)
            .staff(&[&s])
            .file(
                "sessions.csv",
                &one_to_ones(&[("held", "2026-02-03T10:00"), ("held", "2026-02-04T10:00")]),
            )
            .at("2026-04-01")
            .from("2026-03-01")
            .run();
        let found: Vec<(String, String)> = run
            .findings
            .iter()
            .map(|f| (f.rule.clone(), f.date.to_string()))
            .collect();
        let want: Vec<(String, String)> = rules
            .iter()
            .map(|r| (r.to_string(), "2026-03-31".to_string()))
            .collect();
        assert_eq!(found, want, "start {start}");
    }
    // Only sessions on days the rule covers count: a session on 20 March
    // does not meet `new_staff`'s March for someone who left it on the 16th.
    let s = "S1,social_worker,A,1,,HCPC,1,2025-09-17,,,,,";
    let run = Case::new(policy)
        .staff(&[s])
        .file(
            "sessions.csv",
            &one_to_ones(&[("held", "2026-03-20T10:00")]),
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    let found: Vec<&str> = run.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(found, ["new"]);
}

#[test]
fn hours_are_elapsed_time_when_the_clocks_go_back() {
    // Saturday 24 October 2026 12:00 BST; the clocks go back at 02:00 BST on
    // the 25th, so 48 hours later is Monday 26 October 11:00 GMT, not 12:00.
    let cases = [
        ("2026-10-24T12:00", "2026-10-26T11:00", vec![]),
        (
            "2026-10-24T12:00",
            "2026-10-26T11:01",
            vec!["breach X1 2026-10-26"],
        ),
        (
            "2026-10-24T12:00",
            "2026-10-26T12:00",
            vec!["breach X1 2026-10-26"],
        ),
        // 01:30 on the 25th happens twice; a naive time is the first
        // (00:30 UTC), so 48 hours later is 00:30 UTC on the 27th.
        ("2026-10-25T01:30", "2026-10-27T00:30", vec![]),
        (
            "2026-10-25T01:30",
            "2026-10-27T00:31:00Z",
            vec!["breach X1 2026-10-27"],
        ),
    ];
    for (start, recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,{start},60,{recorded}");
        let found = Case::new(RECORDED_48H)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-11-10")
            .from("2026-10-01")
            .summary();
        assert_eq!(found, expected, "start {start}, recorded {recorded}");
    }
}

#[test]
fn a_gap_due_before_from_is_judged_only_if_still_open_on_from() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: every 2 weeks\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2025-01-01,,,,,";
    // After 5 January the next is due by 19 January; none until 10 February.
    let rows = one_to_ones(&[("held", "2026-01-05T10:00"), ("held", "2026-02-10T10:00")]);
    let cases = [
        // Still open on 25 January: judged, and dated its due day.
        ("2026-01-25", vec!["breach S1 2026-01-19"]),
        // The last day it was open, 9 February.
        ("2026-02-09", vec!["breach S1 2026-01-19"]),
        // Closed by the session on 10 February: before the period.
        ("2026-02-10", vec![]),
    ];
    for (from, expected) in cases {
        let found = Case::new(policy)
            .staff(&[s])
            .file("sessions.csv", &rows)
            .at("2026-02-20")
            .from(from)
            .summary();
        assert_eq!(found, expected, "from {from}");
    }
}

#[test]
fn declared_periods_count_their_own_days_only() {
    // Two terms with a week's break between them; each is judged once over.
    let policy = "roles: social_worker\nregistrations: HCPC\ncalendar term \"terms\" {\n  spring_1: 2026-01-05 to 2026-02-13\n  spring_2: 2026-02-23 to 2026-03-27\n}\ngroup all: staff\nrule r: require one_to_one for all: at least 1 in each term\n";
    let cases = [
        // On the last day of each term: both met.
        (
            vec!["2026-02-13T16:00", "2026-03-27T16:00"],
            "2026-04-01",
            vec![],
        ),
        // In the break: counts for neither term, and the break asks nothing.
        (
            vec!["2026-02-16T10:00", "2026-03-27T16:00"],
            "2026-04-01",
            vec!["breach S1 2026-02-13"],
        ),
        // The second term is judged only once it is over.
        (vec!["2026-02-13T16:00"], "2026-03-27", vec![]),
        (
            vec!["2026-02-13T16:00"],
            "2026-03-28",
            vec!["breach S1 2026-03-27"],
        ),
    ];
    for (starts, as_of, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let rows: Vec<(&str, &str)> = starts.iter().map(|s| ("held", *s)).collect();
        let found = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &one_to_ones(&rows))
            .at(as_of)
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "{starts:?} as of {as_of}");
    }
}

#[test]
fn days_in_an_excluded_calendar_are_not_judged() {
    let rule = "rule r: limit team_cover for all: at least 50%";
    let policy = |excluding: &str| {
        format!("roles: social_worker\nregistrations: HCPC\ncalendar christmas \"Christmas\" {{\n  christmas_2025: 2025-12-24 to 2026-01-01\n}}\ngroup all: staff\n{rule}{excluding}\n")
    };
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S3,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
    ];
    // Two of three away from Wednesday 24 December to Friday 2 January.
    let absences = "id,staff,start,end\nA1,S1,2025-12-24,2026-01-02\nA2,S2,2025-12-24,2026-01-02\n";
    let window = |excluding: &str| {
        let text = policy(excluding);
        let run = Case::new(&text)
            .staff(&rows)
            .file("absences.csv", absences)
            .at("2026-01-10")
            .from("2025-12-01")
            .run();
        run.findings
            .iter()
            .map(|f| f.window.map(|w| format!("{} to {}", w.start, w.end)))
            .collect::<Vec<_>>()
    };
    // Every failing working day, bank holidays and the weekend skipped.
    assert_eq!(window(""), [Some("2025-12-24 to 2026-01-02".to_string())]);
    // Christmas excluded: only Friday 2 January, the day after it ends.
    assert_eq!(
        window(" excluding christmas"),
        [Some("2026-01-02 to 2026-01-02".to_string())]
    );
}

#[test]
fn a_rule_that_is_not_waivable_cannot_be_waived() {
    let policy = "roles: social_worker, team_manager, service_manager\nregistrations: HCPC\ngroup all: staff\nrule r: eligible supervisor of one_to_one for all {\n  supervisor.level >= supervisee.level + 1\n}\n";
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,",
    ];
    let run = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start\nX1,S1,S2,one_to_one,held,2026-03-10T10:00\n")
        .file("waivers.csv", "id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,S1,M1,cover,2026-01-01,\nW2,q,S1,M1,cover,2026-01-01,\n")
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    assert_eq!(run.findings.len(), 1);
    let f = &run.findings[0];
    assert_eq!(f.status, Status::Breach);
    assert_eq!(f.notes, ["waiver W1 does not apply: `r` is not waivable"]);
    // A waiver naming a rule the policy does not have is noted, not dropped.
    assert!(
        run.notes.iter().any(
            |n| n.message.starts_with("waivers naming `q` apply to nothing")
                && n.code == crate::diagnostic::Code::EvalWaiverNamesNoRule
        ),
        "{:?}",
        run.notes
    );
}

#[test]
fn records_due_for_deletion_soon_are_listed_as_pending() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: retain personal_supervision records: at least 6 years and at most 7 years after leaving\n";
    // Left 31 March 2019: to be deleted by 31 March 2026 (inclusive).
    let s = "S1,social_worker,A,1,,HCPC,1,2010-01-01,2019-03-31,,,,";
    let cases = [
        ("2026-03-02", 30, vec!["pending R1 2026-03-31"]),
        ("2026-03-01", 30, vec![]),
        ("2026-03-31", 30, vec!["pending R1 2026-03-31"]),
        ("2026-04-01", 30, vec!["breach R1 2026-03-31"]),
    ];
    for (as_of, days, expected) in cases {
        let found = Case::new(policy)
            .staff(&[s])
            .file(
                "records.csv",
                "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,\n",
            )
            .at(as_of)
            .from("2026-01-01")
            .upcoming(days)
            .summary();
        assert_eq!(found, expected, "as of {as_of}");
    }
}

#[test]
fn a_negative_fte_or_scale_is_noted_and_not_judged() {
    let policy = "roles: social_worker\nregistrations: HCPC\nextend staff { placement_days: optional number }\ngroup all: staff\nrule share: require one_to_one for all: at least 1 per month, pro rata\nrule hours: require one_to_one for all: at least 30 minutes per month scaled by placement_days\n";
    // S1 has fte -1 and S2 placement_days -2: neither is passed as if met.
    let rows = [
        "S1,social_worker,A,1,,HCPC,-1,2020-01-01,,,,,1",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,-2",
        "S3,social_worker,A,1,,HCPC,0,2020-01-01,,,,,0",
    ];
    let run = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", &one_to_ones(&[]))
        .at("2026-02-01")
        .from("2026-01-01")
        .run();
    let found: Vec<(String, String)> = run
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.subject.id.clone()))
        .collect();
    // S2 (fte 1) owes one session and 30 × -2 is not judged; S1 is judged
    // by `hours` only; S3 (fte 0, no placement days) owes nothing.
    assert_eq!(
        found,
        [
            ("share".to_string(), "S2".to_string()),
            ("hours".to_string(), "S1".to_string())
        ]
    );
    let notes: Vec<(Option<String>, String, Vec<String>)> = run
        .notes
        .iter()
        .map(|n| (n.rule.clone(), n.message.clone(), n.rows.clone()))
        .collect();
    assert!(
        notes.contains(&(
            Some("share".into()),
            "not judged: `fte` is negative, so the requirement cannot be pro-rated".into(),
            vec!["S1".into()]
        )),
        "{notes:?}"
    );
    assert!(
        notes.contains(&(
            Some("hours".into()),
            "not judged: `placement_days` is negative, so the time required is unknown".into(),
            vec!["S2".into()]
        )),
        "{notes:?}"
    );
}

#[test]
fn every_n_for_someone_who_leaves_is_due_only_while_they_are_there() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup experienced: staff where tenure >= 6 months\nrule r: require one_to_one for experienced: every 2 weeks\n";
    // All join `experienced` on 1 January 2026, so the first is due by 15
    // January; none is held.
    let cases = [
        // Left on the 14th: gone before anything fell due.
        ("2026-01-14", vec![]),
        // Left on the 15th: there all of the due day, so it was missed.
        ("2026-01-15", vec!["breach S1 2026-01-15"]),
        ("", vec!["breach S1 2026-01-15"]),
    ];
    for (end, expected) in cases {
        let s = format!("S1,social_worker,A,1,,HCPC,1,2025-07-01,{end},,,,");
        let run = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &one_to_ones(&[]))
            .at("2026-01-20")
            .from("2026-01-01");
        assert_eq!(run.summary(), expected, "end {end:?}");
        if end == "2026-01-15" {
            assert_eq!(
                run.run().findings[0].actual,
                "none after 2026-01-01 up to 2026-01-15, the last day the requirement applied"
            );
        }
    }
}

#[test]
fn a_row_two_named_activities_match_counts_once() {
    let policy = "roles: social_worker\nregistrations: HCPC\nactivity long_one_to_one \"a one-to-one of an hour or more\": sessions by supervisee on start where kind is one_to_one and duration >= 1 hour\ngroup all: staff\nrule r: require one_to_one or long_one_to_one for all: at least 2 per month\n";
    let header = "id,supervisee,supervisor,kind,status,start,duration";
    let cases = [
        // One long one-to-one matches both activities: still one session.
        (
            vec!["X1,S1,S1,one_to_one,held,2026-01-10T10:00,90"],
            vec!["breach S1 2026-01-31"],
        ),
        (
            vec![
                "X1,S1,S1,one_to_one,held,2026-01-10T10:00,90",
                "X2,S1,S1,one_to_one,held,2026-01-20T10:00,30",
            ],
            vec![],
        ),
    ];
    for (rows, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let found = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &format!("{header}\n{}\n", rows.join("\n")))
            .at("2026-02-01")
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "{rows:?}");
    }
}

#[test]
fn a_month_after_the_31st_is_the_end_of_a_shorter_month() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline case_decisions: recorded within 1 month of decided\n";
    // Decided Saturday 31 January 2026 10:00: due Saturday 28 February 10:00.
    let cases = [
        ("2026-02-28T10:00", vec![]),
        ("2026-02-28T10:01", vec!["breach D1 2026-02-28"]),
        ("2026-03-01T09:00", vec!["breach D1 2026-02-28"]),
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
                    "id,case,decided_by,decided,recorded\nD1,C1,S1,2026-01-31T10:00,{recorded}\n"
                ),
            )
            .at("2026-04-01")
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "recorded {recorded}");
    }
}

#[test]
fn days_judged_beyond_the_holiday_calendar_are_noted() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline sessions: recorded within 5 working days of start where status is held\n";
    let note = |as_of: &str, from: &str, upcoming: Option<u32>| {
        let s = staff_row("S1", "2010-01-01");
        let mut case = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[]))
            .at(as_of)
            .from(from);
        if let Some(days) = upcoming {
            case = case.upcoming(days);
        }
        case.run()
            .notes
            .iter()
            .map(|n| n.message.clone())
            .filter(|m| m.starts_with("the holiday calendar"))
            .collect::<Vec<_>>()
    };
    // The shipped list runs from 2015 to 2030.
    assert!(note("2030-12-31", "2015-01-01", None).is_empty());
    assert_eq!(
        note("2031-01-02", "2030-12-01", None),
        ["the holiday calendar `england_and_wales` lists holidays from 2015 to 2030, but the days judged run from 2030-12-01 to 2031-01-01: outside those years, working days skip weekends only"]
    );
    // A due-soon horizon past the list counts too; so does a start before it.
    assert_eq!(note("2030-12-20", "2030-12-01", Some(30)).len(), 1);
    assert_eq!(note("2015-02-01", "2014-12-31", None).len(), 1);
}

#[test]
fn rows_outside_the_subjects_employment_count_for_nothing_and_are_noted() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 1 per month\n";
    // S1 works from 1 March to 30 April 2026. Sessions on the first and
    // last day are inside; the day before and the day after are not.
    let rows = ["S1,social_worker,A,1,,HCPC,1,2026-03-01,2026-04-30,,,,"];
    let sessions = one_to_ones(&[
        ("held", "2026-02-28T10:00"),
        ("held", "2026-03-01T10:00"),
        ("held", "2026-04-30T10:00"),
        ("held", "2026-05-01T10:00"),
    ]);
    let run = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", &sessions)
        .at("2026-06-01")
        .from("2026-01-01")
        .run();
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    let notes: Vec<(String, Vec<String>, usize)> = run
        .notes
        .iter()
        .map(|n| (n.message.clone(), n.rows.clone(), n.count))
        .collect();
    assert_eq!(
        notes,
        [(
            "`sessions` rows (one_to_one) dated before the person started or after they left count towards no frequency rule"
                .to_string(),
            vec!["X1".to_string()],
            2
        )]
    );
    // Rows on the first and last days alone: nothing to say.
    let inside = one_to_ones(&[("held", "2026-03-01T10:00"), ("held", "2026-04-30T10:00")]);
    let run = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", &inside)
        .at("2026-06-01")
        .from("2026-01-01")
        .run();
    assert!(run.notes.is_empty(), "{:?}", run.notes);
}

#[test]
fn membership_may_change_on_the_day_a_tenure_is_reached_and_the_day_after() {
    use crate::eval::context::{Ctx, Period};
    use crate::eval::trace::NoTrace;
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup new_staff: staff where tenure < 6 months\nrule r: require one_to_one for new_staff: at least 1 per month\n";
    let (policy, records) = Case::new(policy)
        .staff(&["S1,social_worker,A,1,,HCPC,1,2025-09-01,,,,,"])
        .file("sessions.csv", &one_to_ones(&[]))
        .setup();
    let ctx = Ctx::new(
        &policy,
        &records,
        Period::new(d("2025-09-01"), d("2026-06-01"), None),
        &NoTrace,
    );
    let staff = ctx.table("staff").unwrap();
    // Six months from 1 September is 1 March: `tenure < 6 months` stops
    // holding then, and `tenure <= 6 months` the day after.
    assert_eq!(
        ctx.membership_change_days(staff, 0, d("2025-09-01"), d("2026-05-31")),
        [d("2026-03-01"), d("2026-03-02")]
    );
    // Only days after `lo`, up to `hi` itself.
    assert_eq!(
        ctx.membership_change_days(staff, 0, d("2026-03-01"), d("2026-03-01")),
        Vec::<NaiveDate>::new()
    );
    assert_eq!(
        ctx.membership_change_days(staff, 0, d("2026-02-28"), d("2026-03-01")),
        [d("2026-03-01")]
    );
    assert_eq!(
        ctx.member_spans(
            "new_staff",
            staff,
            0,
            (d("2025-01-01"), d("2026-05-31")),
            ctx.lifetime(staff, 0)
        ),
        [(d("2025-09-01"), d("2026-02-28"))]
    );
    // The one read of a column on a day: with no history, the loaded value
    // on every day.
    let start = staff.column_index("start_date").unwrap();
    for day in [d("2020-01-01"), d("2026-03-01")] {
        assert_eq!(
            ctx.value_on(staff, 0, start, day),
            crate::records::Value::Date(d("2025-09-01"))
        );
    }
}
