//! Standing checks judged on every day: `ACTIVITY within the last D` and
//! `ACTIVITY booked within the next D`, with the boundary days of
//! `docs/semantics.md` ("Standing checks").

use super::{staff_row, Case};

const DBS: &str = "roles: social_worker\nregistrations: HCPC\ntable dbs_checks { id: id\n staff: ref staff\n checked: date }\nactivity dbs_check \"a DBS check\": dbs_checks by staff on checked\ngroup all: staff\nrule dbs: every member of all: dbs_check within the last 3 years\n";

/// Staff rows for these ids, in post since 2020.
fn long_serving(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| staff_row(id, "2020-01-01")).collect()
}

fn summary_with_windows(case: &Case) -> Vec<String> {
    case.run()
        .findings
        .iter()
        .map(|f| {
            let window = f
                .window
                .as_ref()
                .map_or(String::new(), |w| format!("{}..{}", w.start, w.end));
            format!("{} {window} {}", f.subject.id, f.actual)
        })
        .collect()
}

#[test]
fn a_check_covers_its_day_and_the_same_day_three_years_on() {
    let staff = long_serving(&["S1", "S2", "S3", "S4"]);
    let staff: Vec<&str> = staff.iter().map(String::as_str).collect();
    let checks = "id,staff,checked\n\
        D1,S1,2023-05-10\n\
        D2,S2,2023-05-10\nD3,S2,2026-05-11\n\
        D4,S3,2023-05-10\nD5,S3,2026-05-12\n";
    let case = Case::new(DBS)
        .staff(&staff)
        .file("dbs_checks.csv", checks)
        .from("2026-05-01")
        .at("2026-06-01");
    assert_eq!(
        summary_with_windows(&case),
        [
            // Covered to 10 May 2026 inclusive; lapsed from the 11th.
            "S1 2026-05-11..2026-05-31 none from 2026-05-11 to 2026-05-31 (21 days): the last, D1, covered up to 2026-05-10",
            // Renewed on the 11th: no day uncovered. Renewed on the 12th: one.
            "S3 2026-05-11..2026-05-11 none from 2026-05-11 to 2026-05-11 (1 day): the last, D4, covered up to 2026-05-10",
            // Never checked: every day of the period.
            "S4 2026-05-01..2026-05-31 none from 2026-05-01 to 2026-05-31 (31 days): no `dbs_check` on record before then",
        ]
    );
    assert_eq!(case.run().rules.first().map(|r| r.judged), Some(4));
}

#[test]
fn only_the_days_of_membership_are_judged() {
    // Joined on 20 May, left on 25 May: judged on those six days only.
    let staff = ["S1,social_worker,A,1,,HCPC,1,2026-05-20,2026-05-25,,,,"];
    let case = Case::new(DBS)
        .staff(&staff)
        .file("dbs_checks.csv", "id,staff,checked\n")
        .from("2026-05-01")
        .at("2026-06-01");
    assert_eq!(
        summary_with_windows(&case),
        ["S1 2026-05-20..2026-05-25 none from 2026-05-20 to 2026-05-25 (6 days): no `dbs_check` on record before then"]
    );
}

const AHEAD: &str = "roles: social_worker\nregistrations: HCPC\nextend sessions { booked: optional datetime }\ngroup all: staff\nrule ahead: every member of all: one_to_one booked within the next 3 months\n";

fn sessions(rows: &[&str]) -> String {
    format!(
        "id,supervisee,supervisor,kind,status,start,booked\n{}\n",
        rows.join("\n")
    )
}

#[test]
fn a_booking_counts_from_the_day_it_was_made_until_the_day_before_the_session() {
    let staff = long_serving(&["S1", "S2", "S3", "S4"]);
    let staff: Vec<&str> = staff.iter().map(String::as_str).collect();
    let rows = [
        // S1: held on 15 March (booked in January), then one planned for
        // 30 June: three months before it is 30 March, so 15 to 29 March
        // have nothing booked within the next three months.
        "X1,S1,S1,one_to_one,held,2026-03-15T10:00,2026-01-10T09:00",
        "X2,S1,S1,one_to_one,planned,2026-06-30T10:00,2026-02-01T09:00",
        // S2: held on 19 March; the next was only booked on the 20th, so
        // the 19th itself (the session's own day does not count as ahead)
        // had nothing booked.
        "X3,S2,S2,one_to_one,held,2026-03-19T10:00,2026-01-01T09:00",
        "X4,S2,S2,one_to_one,planned,2026-04-15T10:00,2026-03-20T16:30",
        // S3: a cancelled booking never counts; a group session is not a
        // one-to-one.
        "X5,S3,S3,one_to_one,cancelled,2026-04-10T10:00,2026-01-01T09:00",
        "X6,S3,S3,group_supervision,planned,2026-04-10T10:00,2026-01-01T09:00",
        // S4: when it was booked is not recorded: not known to be booked
        // ahead.
        "X7,S4,S4,one_to_one,planned,2026-04-10T10:00,",
    ];
    let case = Case::new(AHEAD)
        .staff(&staff)
        .file("sessions.csv", &sessions(&rows))
        .from("2026-03-01")
        .at("2026-04-01");
    assert_eq!(
        summary_with_windows(&case),
        [
            "S1 2026-03-15..2026-03-29 none booked from 2026-03-15 to 2026-03-29 (15 days): the last booking, X1, covered up to 2026-03-14",
            "S2 2026-03-19..2026-03-19 none booked from 2026-03-19 to 2026-03-19 (1 day): the last booking, X3, covered up to 2026-03-18",
            "S3 2026-03-01..2026-03-31 none booked from 2026-03-01 to 2026-03-31 (31 days)",
            "S4 2026-03-01..2026-03-31 none booked from 2026-03-01 to 2026-03-31 (31 days)",
        ]
    );
}

// ------------------------------------------------------------------ every N ACTIVITY

const SHIFTS: &str = "roles: social_worker\nregistrations: HCPC\ntable shifts { id: id\n worker: ref staff\n date: date }\nactivity shift \"a shift worked\": shifts by worker on date\ngroup agency: staff\nrule r: require one_to_one for agency: every 3 shifts\n";

#[test]
fn the_shift_after_the_count_is_one_too_many() {
    let staff = long_serving(&["S1", "S2", "S3"]);
    let staff: Vec<&str> = staff.iter().map(String::as_str).collect();
    let shifts = "id,worker,date\n\
        A1,S1,2026-03-02\nA2,S1,2026-03-03\nA3,S1,2026-03-04\nA4,S1,2026-03-05\nA5,S1,2026-03-06\n\
        B1,S2,2026-03-02\nB2,S2,2026-03-03\nB3,S2,2026-03-04\nB4,S2,2026-03-05\n\
        C1,S3,2026-03-02\nC2,S3,2026-03-03\nC3,S3,2026-03-04\nC4,S3,2026-03-05\nC5,S3,2026-03-06\nC6,S3,2026-03-09\nC7,S3,2026-03-10\nC8,S3,2026-03-11\nC9,S3,2026-03-12\n";
    let sessions = "id,supervisee,supervisor,kind,status,start\n\
        X1,S1,S1,one_to_one,held,2026-03-01T10:00\n\
        X2,S2,S2,one_to_one,held,2026-03-01T10:00\n\
        X3,S2,S2,one_to_one,held,2026-03-05T16:00\n\
        X4,S3,S3,one_to_one,held,2026-03-01T10:00\n\
        X5,S3,S3,one_to_one,held,2026-03-09T10:00\n";
    let case = Case::new(SHIFTS)
        .staff(&staff)
        .file("shifts.csv", shifts)
        .file("sessions.csv", sessions)
        .from("2026-03-01")
        .at("2026-04-01");
    assert_eq!(
        summary_with_windows(&case),
        [
            // Three shifts after X1 are allowed; the fourth (A4) is one too
            // many, and A5 in the same run is not a second breach.
            "S1 2026-03-01..2026-03-05 none since X1 on 2026-03-01 by A4 on 2026-03-05, the 4th `shift` after it",
            // S2 was supervised on the day of the fourth shift: in time.
            // S3: C4 breaks the run after X4; X5 on the day of C6 resets
            // the count, and C9 is the fourth after it.
            "S3 2026-03-01..2026-03-05 none since X4 on 2026-03-01 by C4 on 2026-03-05, the 4th `shift` after it",
            "S3 2026-03-09..2026-03-12 none since X5 on 2026-03-09 by C9 on 2026-03-12, the 4th `shift` after it",
        ]
    );
}
