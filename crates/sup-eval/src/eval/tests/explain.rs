//! `explain`: what counted and what failed.

use super::{one_to_ones, staff_row, Case, MONTHLY};

#[test]
fn explain_shows_what_counted_and_what_failed() {
    let s = staff_row("S1", "2020-01-01");
    let lines = Case::new(MONTHLY)
        .staff(&[&s])
        .file(
            "sessions.csv",
            &one_to_ones(&[
                ("held", "2026-01-10T10:00"),
                ("cancelled", "2026-02-10T10:00"),
                ("planned", "2026-02-12T10:00"),
                ("held", "2026-03-02T10:00"),
            ]),
        )
        .at("2026-03-01")
        .from("2026-01-01")
        .explain("r", "S1");
    // The rows that did not count are there too, with why.
    assert_eq!(
        lines,
        [
            "2020-01-01 the rule applies (in `all`) from 2020-01-01 to 2026-02-28",
            "2026-01-10 sessions X1 counts",
            "2026-01-31 window 2026-01-01 to 2026-01-31: 1 required, 1 found: met",
            "2026-02-10 sessions X2 does not count as `one_to_one`: cancelled",
            "2026-02-12 sessions X3 does not count as `one_to_one`: its filter does not hold (kind `one_to_one`, status `planned`)",
            "2026-02-28 window 2026-02-01 to 2026-02-28: 1 required, 0 found: NOT met",
            "2026-03-02 sessions X4 does not count as `one_to_one`: dated on or after the as-of date",
        ]
    );
}
