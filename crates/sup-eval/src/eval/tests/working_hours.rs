//! `is within working hours`: the local wall-clock time in the policy's
//! timezone, from the opening time (included) to the closing time
//! (excluded), on a Monday to Friday that is not a holiday.

use super::{sessions, staff_row, Case};

const HEADER: &str = "policy \"test\" {\n  effective: 2015-01-01\n  timezone: \"Europe/London\"\n  working hours: \"08:30 to 17:30\"\n}\n";

const POLICY: &str = "roles: social_worker, manager\nregistrations: HCPC\n\
group arranged: sessions where status is not cancelled\n\
rule r: every member of arranged: start is within working hours\n";

#[test]
fn the_opening_minute_is_in_and_the_closing_minute_is_out() {
    let rows = [
        // Tuesday 3 March 2026 (GMT).
        "X1,S1,M1,one_to_one,held,2026-03-03T08:30:00,60,",
        "X2,S1,M1,one_to_one,held,2026-03-03T08:29:00,60,",
        "X3,S1,M1,one_to_one,held,2026-03-03T17:29:00,60,",
        "X4,S1,M1,one_to_one,held,2026-03-03T17:30:00,60,",
        // Good Friday 3 April 2026, a bank holiday in England and Wales.
        "X5,S1,M1,one_to_one,held,2026-04-03T10:00:00,60,",
        // Saturday.
        "X6,S1,M1,one_to_one,held,2026-03-07T10:00:00,60,",
        // The clocks went forward on Sunday 29 March: 07:30 UTC on the
        // Monday is 08:30 in London, in hours; 16:30 UTC is 17:30, out.
        "X7,S1,M1,one_to_one,held,2026-03-30T07:30:00Z,60,",
        "X8,S1,M1,one_to_one,held,2026-03-30T16:30:00Z,60,",
        // Cancelled: not judged.
        "X9,S1,M1,one_to_one,cancelled,2026-03-07T10:00:00,60,",
    ];
    let found = Case::new(POLICY)
        .header(HEADER)
        .staff(&[
            &staff_row("S1", "2020-01-01"),
            &staff_row("M1", "2020-01-01"),
        ])
        .file("sessions.csv", &sessions(&rows))
        .at("2026-04-10")
        .from("2026-03-01")
        .summary();
    assert_eq!(
        found,
        [
            "breach X2 2026-04-09",
            "breach X4 2026-04-09",
            "breach X5 2026-04-09",
            "breach X6 2026-04-09",
            "breach X8 2026-04-09",
        ]
    );
}
