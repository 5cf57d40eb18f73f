//! Rows of a policy's own tables, which have no lifetime: what a frequency
//! rule asks of them, and that no report prints a date outside the
//! evaluation period's calendar.

use super::*;

const CARERS: &str = "roles: social_worker\nregistrations: HCPC\n\
table carers {\n  id: id\n  worker: ref staff\n}\n\
table visits {\n  id: id\n  carer: ref carers\n  date: date\n}\n\
activity visit: visits by carer on date\n\
group all_carers: carers\n\
rule r: require visit for all_carers: every 6 weeks\n";

#[test]
fn a_row_with_no_lifetime_is_due_from_the_first_day_judged() {
    let s = staff_row("S1", "2020-01-01");
    let run = Case::new(CARERS)
        .staff(&[&s])
        .file("carers.csv", "id,worker\nC1,S1\nC2,S1\nC3,S1\n")
        // C2: a visit before the first day judged starts its clock; C3:
        // one visit in the period, in time.
        .file(
            "visits.csv",
            "id,carer,date\nV1,C2,2025-12-01\nV2,C3,2026-02-11\n",
        )
        .at("2026-04-01")
        .from("2026-01-01")
        .run();
    let found: Vec<String> = run
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.subject.id, f.due.clone().unwrap_or_default(), f.actual))
        .collect();
    // C1, with no visits: due 6 weeks after 1 January (12 February), not
    // in the year -262143. C2: 6 weeks after 1 December is 12 January.
    // C3: from 1 January to 11 February is 41 days, then 6 weeks after
    // 11 February is 25 March.
    assert_eq!(
        found,
        [
            "C1 2026-02-12 none after 2026-01-01 by the as-of date",
            "C2 2026-01-12 none after 2025-12-01 by the as-of date",
            "C3 2026-03-25 none after 2026-02-11 by the as-of date",
        ]
    );
    for f in &run.findings {
        let window = f.window.unwrap();
        assert!(window.start >= d("2025-01-01"), "{f:?}");
    }
}
