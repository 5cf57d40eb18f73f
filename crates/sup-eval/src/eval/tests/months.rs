//! `month of COLUMN`: the calendar month of a date, or of a datetime's
//! local date in the policy's timezone.

use super::{staff_row, Case};

const POLICY: &str = "roles: social_worker\nregistrations: HCPC\n\
table flexi {\n  id: id\n  employee: ref staff\n  accrued: date\n  taken: optional date\n  logged: optional datetime\n}\n\
group all_flexi: flexi\n\
rule same_month: every member of all_flexi: month of taken = month of accrued\n\
rule not_later: every member of all_flexi: month of taken <= month of accrued\n\
rule logged_in_month: every member of all_flexi: month of logged = month of accrued\n";

#[test]
fn the_last_day_of_a_month_and_the_first_of_the_next_differ() {
    let rows = [
        // Same month, first and last day: nothing.
        "F1,S1,2026-03-01,2026-03-31,2026-03-15T12:00:00",
        // Taken on the first of the next month: not the same month, and
        // later (both rules).
        "F2,S1,2026-03-31,2026-04-01,2026-03-15T12:00:00",
        // Same day and month a year later: a different month.
        "F3,S1,2025-03-10,2026-03-10,2025-03-10T12:00:00",
        // Taken the month before: not the same month, but not later.
        "F4,S1,2026-03-01,2026-02-28,2026-03-01T12:00:00",
        // Not taken: every test on it is false.
        "F5,S1,2026-03-01,,2026-03-01T12:00:00",
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): July.
        "F6,S1,2026-07-01,2026-07-01,2026-06-30T23:30:00Z",
        // 23:30 UTC on 31 January is 23:30 in London (GMT): January.
        "F7,S1,2026-02-01,2026-02-01,2026-01-31T23:30:00Z",
    ];
    let found = Case::new(POLICY)
        .staff(&[&staff_row("S1", "2020-01-01")])
        .file(
            "flexi.csv",
            &format!("id,employee,accrued,taken,logged\n{}\n", rows.join("\n")),
        )
        .at("2026-08-01")
        .summary();
    assert_eq!(
        found,
        [
            // same_month
            "breach F2 2026-07-31",
            "breach F3 2026-07-31",
            "breach F4 2026-07-31",
            "breach F5 2026-07-31",
            // not_later
            "breach F2 2026-07-31",
            "breach F3 2026-07-31",
            "breach F5 2026-07-31",
            // logged_in_month: F6 is July in London, F7 January.
            "breach F7 2026-07-31",
        ]
    );
}
