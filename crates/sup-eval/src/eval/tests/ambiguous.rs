//! Seven cases a careful reader of `docs/semantics.md` could take two
//! ways, each decided and pinned here (the page names each test).

use super::{one_to_ones, sessions, staff_row, Case};

#[test]
fn a_late_session_on_from_closes_a_gap_due_before_it_unjudged() {
    // Due by 19 January, made up on 10 February: with `--from 2026-02-10`
    // the gap was closed on the first day judged, so no day of the period
    // was overdue; from 9 February it is judged (dated its due day).
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: every 2 weeks\n";
    let rows = one_to_ones(&[("held", "2026-01-05T10:00"), ("held", "2026-02-10T10:00")]);
    let run = |from| {
        Case::new(policy)
            .staff(&[&staff_row("S1", "2025-01-01")])
            .file("sessions.csv", &rows)
            .at("2026-02-20")
            .from(from)
            .summary()
    };
    assert_eq!(run("2026-02-10"), Vec::<String>::new());
    assert_eq!(run("2026-02-09"), ["breach S1 2026-01-19"]);
}

const RETAIN: &str = "roles: social_worker\nregistrations: HCPC\nrule r: retain personal_supervision records: at least 1 year and at most 2 years after creation\n";

fn retention(rows: &str, from: &str) -> Vec<String> {
    Case::new(RETAIN)
        .staff(&[&staff_row("S1", "2015-01-01")])
        .file(
            "records.csv",
            &format!("id,subject,kind,created,deleted\n{rows}"),
        )
        .at("2026-04-01")
        .from(from)
        .summary()
}

#[test]
fn retention_judges_deletions_from_from_and_records_still_held_past_their_maximum() {
    // Deleted too early on 31 May 2025: judged only if that day is in the
    // period.
    let early = "R1,S1,personal_supervision,2025-01-01,2025-05-31\n";
    assert_eq!(retention(early, "2025-06-01"), Vec::<String>::new());
    assert_eq!(retention(early, "2025-05-31"), ["breach R1 2025-05-31"]);
    // To be deleted by 1 January 2017 and still held: a breach on every day
    // of the period, reported however long ago it fell due, dated its due day.
    let held = "R2,S1,personal_supervision,2015-01-01,\n";
    assert_eq!(retention(held, "2026-01-01"), ["breach R2 2017-01-01"]);
    // Deleted late, but before `from`: nothing of it is in the period.
    let late = "R3,S1,personal_supervision,2015-01-01,2025-12-31\n";
    assert_eq!(retention(late, "2026-01-01"), Vec::<String>::new());
    // Deleted late on `from` itself: held on no day of the period... held
    // until the start of `from`, so the day before is the last day held.
    let on_from = "R4,S1,personal_supervision,2015-01-01,2026-01-01\n";
    assert_eq!(retention(on_from, "2026-01-01"), Vec::<String>::new());
    assert_eq!(retention(on_from, "2025-12-31"), ["breach R4 2017-01-01"]);
}

#[test]
fn a_waiver_covers_a_deadline_or_gap_if_in_force_on_its_due_day() {
    let policy = "roles: social_worker, service_manager\nregistrations: HCPC\ngroup all: staff where role is social_worker\n\
        rule gap: require one_to_one for all: every 2 weeks waivable by service_manager\n\
        rule rec: deadline sessions: recorded within 48 hours of start where status is held waivable by service_manager\n";
    // The gap after 5 January is due 19 January (made up 10 February); the
    // record of X1 is due 7 January 10:00 (made 9 January).
    let rows = sessions(&[
        "X1,S1,S1,one_to_one,held,2026-01-05T10:00,60,2026-01-09T10:00",
        "X2,S1,S1,one_to_one,held,2026-02-10T10:00,60,2026-02-10T12:00",
    ]);
    let run = |gap_waiver: &str, rec_waiver: &str| {
        Case::new(policy)
            .staff(&[
                &staff_row("S1", "2026-01-05"),
                "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,",
            ])
            .file("sessions.csv", &rows)
            .file(
                "waivers.csv",
                &format!("id,waived_rule,subject,approved_by,reason,granted,expires\nW1,gap,S1,M1,cover,{gap_waiver}\nW2,rec,X1,M1,cover,{rec_waiver}\n"),
            )
            .at("2026-02-20")
            .from("2026-01-01")
            .summary()
    };
    // In force on the due day only: enough.
    assert_eq!(
        run("2026-01-19,2026-01-19", "2026-01-07,2026-01-07"),
        ["waived S1 2026-01-19", "waived X1 2026-01-07"]
    );
    // Granted the day after the due day, or expired the day before: not.
    assert_eq!(
        run("2026-01-20,", "2026-01-08,"),
        ["breach S1 2026-01-19", "breach X1 2026-01-07"]
    );
    assert_eq!(
        run("2026-01-01,2026-01-18", "2026-01-01,2026-01-06"),
        ["breach S1 2026-01-19", "breach X1 2026-01-07"]
    );
}

#[test]
fn with_supervisor_counts_nothing_for_a_member_with_no_supervisor() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup all: staff where role is social_worker\n\
        rule r: require one_to_one with supervisor for all: at least 1 per month\n";
    // S1 has no supervisor: a session with anyone (S2 here) does not count;
    // S2's with their supervisor S3 does.
    let s1 = "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,";
    let s2 = "S2,social_worker,A,1,,HCPC,1,2020-01-01,,S3,,,";
    let s3 = "S3,team_manager,A,2,,HCPC,1,2020-01-01,,,,,";
    let found = Case::new(policy)
        .staff(&[s1, s2, s3])
        .file(
            "sessions.csv",
            "id,supervisee,supervisor,kind,status,start\n\
             X1,S1,S2,one_to_one,held,2026-03-05T10:00\n\
             X3,S2,S3,one_to_one,held,2026-03-05T10:00\n",
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .summary();
    assert_eq!(found, ["breach S1 2026-03-31"]);
}

#[test]
fn every_member_judges_rows_of_tables_without_a_lifetime_whatever_their_date() {
    let policy = "roles: social_worker\nregistrations: HCPC\n\
        table checks {\n  id: id\n  employee: ref staff\n  due: date\n  done: optional date\n}\n\
        group all_checks: checks\n\
        rule done: every member of all_checks: done is recorded\n";
    let found = Case::new(policy)
        .staff(&[&staff_row("S1", "2020-01-01")])
        .file(
            "checks.csv",
            "id,employee,due,done\nC1,S1,2026-03-01,\nC2,S1,2026-05-01,\n",
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .summary();
    // C2 is dated after the as-of date and judged all the same.
    assert_eq!(found, ["breach C1 2026-03-31", "breach C2 2026-03-31"]);
}

#[test]
fn upcoming_shows_the_first_rolling_window_in_the_horizon_that_would_fail() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 2 in any 3 months\n";
    // Sessions on 10 January and 20 February: the 3 months ending on the
    // as-of date 1 April hold both; from 10 April on, only one.
    let rows = one_to_ones(&[("held", "2026-01-10T10:00"), ("held", "2026-02-20T10:00")]);
    let run = |days| {
        Case::new(policy)
            .staff(&[&staff_row("S1", "2020-01-01")])
            .file("sessions.csv", &rows)
            .at("2026-04-01")
            .from("2026-03-01")
            .upcoming(days)
            .run()
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{:?} {}",
                    f.status,
                    f.window.map(|w| w.to_string()).unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(9), Vec::<String>::new());
    assert_eq!(run(10), ["Pending 2026-01-11 to 2026-04-10"]);
    assert_eq!(run(60), ["Pending 2026-01-11 to 2026-04-10"]);
    // Failing already on the last day judged: a breach, and nothing due.
    let failing = Case::new(policy)
        .staff(&[&staff_row("S1", "2020-01-01")])
        .file(
            "sessions.csv",
            &one_to_ones(&[("held", "2026-02-20T10:00")]),
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .upcoming(60)
        .summary();
    assert_eq!(failing, ["breach S1 2026-03-01"]);
}

#[test]
fn deadlines_of_rows_dated_after_the_as_of_date_are_not_judged_or_due() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline sessions: recorded within 48 hours of start where status is held\n";
    let rows = sessions(&[
        // Held after the as-of date (a row not yet possible): due 3 April.
        "X1,S1,S1,one_to_one,held,2026-04-01T10:00,60,",
        "X2,S1,S1,one_to_one,held,2026-03-30T10:00,60,",
    ]);
    let found = Case::new(policy)
        .staff(&[&staff_row("S1", "2020-01-01")])
        .file("sessions.csv", &rows)
        .at("2026-04-01")
        .from("2026-03-01")
        .upcoming(30)
        .summary();
    assert_eq!(found, ["pending X2 2026-04-01"]);
}

#[test]
fn a_breach_due_before_from_counts_in_the_first_period_of_a_trend() {
    use super::super::trend::{trend, Granularity};
    let case = Case::new(RETAIN)
        .staff(&[&staff_row("S1", "2015-01-01")])
        .file(
            "records.csv",
            "id,subject,kind,created,deleted\nR2,S1,personal_supervision,2015-01-01,\n",
        )
        .at("2026-04-01")
        .from("2026-01-01");
    let (policy, records) = case.setup();
    let run = super::super::evaluate_recording(&policy, &records, &case.options(), true);
    let rows: Vec<String> = trend(&records, &run, Granularity::Quarter)
        .rows
        .iter()
        .map(|r| format!("{} {} {}/{}", r.period, r.team, r.judged, r.breached))
        .collect();
    // `(no team)`: this policy reads no `team`, so the loader drops it
    // (`sup eval --trend` keeps it).
    assert_eq!(rows, ["2026-Q1 (no team) 1/1"]);
}
