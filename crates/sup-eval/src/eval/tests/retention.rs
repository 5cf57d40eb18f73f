//! Retention: from a leap day, and deleting before leaving.

use super::{staff_row, Case};

#[test]
fn retention_from_a_leap_day() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: retain personal_supervision records: at least 6 years and at most 7 years after leaving\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2010-01-01,2020-02-29,,,,";
    let cases = [
        // 6 years after 29 February 2020 is 28 February 2026.
        ("2026-02-27", "2027-01-01", vec!["breach R1 2026-02-27"]),
        ("2026-02-28", "2027-01-01", vec![]),
        ("", "2027-02-28", vec![]),
        ("", "2027-03-01", vec!["breach R1 2027-02-28"]),
        ("2027-03-05", "2027-04-01", vec!["breach R1 2027-02-28"]),
    ];
    for (deleted, as_of, expected) in cases {
        let found = Case::new(policy)
            .staff(&[s])
            .file("records.csv", &format!("id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,{deleted}\nR2,S1,appraisal,2015-01-01,2020-03-01\n"))
            .at(as_of)
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "deleted {deleted:?} as of {as_of}");
    }
}

#[test]
fn deleting_before_leaving_is_too_early() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: retain personal_supervision records: at least 6 years after leaving\n";
    let s = staff_row("S1", "2010-01-01");
    let found = Case::new(policy)
        .staff(&[&s])
        .file(
            "records.csv",
            "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,2026-03-01\n",
        )
        .at("2026-04-01")
        .from("2026-01-01")
        .summary();
    assert_eq!(found, ["breach R1 2026-03-01"]);
}
