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
        .map(|f| {
            format!(
                "{} {} {}",
                f.subject.id,
                f.due.clone().unwrap_or_default(),
                f.actual
            )
        })
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

const DECLARED: &str = "roles: social_worker\nregistrations: HCPC\n\
table carers {\n  id: id\n  worker: ref staff\n  approved: date\n  deregistered: optional date\n  lifetime from approved to deregistered\n}\n\
table visits {\n  id: id\n  carer: ref carers\n  date: date\n}\n\
activity visit: visits by carer on date\n\
group all_carers: carers\n";

#[test]
fn a_declared_lifetime_bounds_what_is_asked_of_a_row() {
    let policy = format!("{DECLARED}rule r: require visit for all_carers: at least 2 per month\n");
    let s = staff_row("S1", "2020-01-01");
    let run = Case::new(&policy)
        .staff(&[&s])
        .file(
            "carers.csv",
            "id,worker,approved,deregistered\n\
             C1,S1,2026-02-15,\n\
             C2,S1,2026-02-15,\n\
             C3,S1,2020-01-01,2026-01-16\n\
             C4,S1,2020-01-01,2026-01-16\n",
        )
        .file(
            "visits.csv",
            "id,carer,date\nV1,C2,2026-02-15\nV2,C3,2026-01-16\nV3,C4,2026-01-17\n",
        )
        .at("2026-04-01")
        .from("2026-01-01")
        .run();
    let found: Vec<String> = run
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.subject.id, f.date, f.actual))
        .collect();
    // C1, approved 15 February: nothing asked in January; February's 14 of
    // 28 days ask for 1. C2: its visit on the day of approval counts. C3:
    // deregistered 16 January (16 of 31 days: 1), its visit that day counts,
    // and nothing is asked after. C4: a visit the day after deregistration
    // counts for nothing.
    assert_eq!(
        found,
        [
            "C1 2026-02-28 0",
            "C1 2026-03-31 0",
            "C2 2026-03-31 0",
            "C4 2026-01-31 0",
        ]
    );
    // The visit outside C4's lifetime is noted, not dropped silently.
    assert!(
        run.notes.iter().any(|n| n.rows.contains(&"V3".to_string())),
        "{:?}",
        run.notes
    );
}

#[test]
fn every_n_starts_on_the_declared_start() {
    let policy = format!("{DECLARED}rule r: require visit for all_carers: every 4 weeks\n");
    let s = staff_row("S1", "2020-01-01");
    let found = Case::new(&policy)
        .staff(&[&s])
        .file(
            "carers.csv",
            "id,worker,approved,deregistered\nC1,S1,2026-02-02,\n",
        )
        .file("visits.csv", "id,carer,date\n")
        .at("2026-04-01")
        .from("2026-01-01")
        .summary();
    // Approved 2 February: due 4 weeks later, 2 March.
    assert_eq!(found, ["breach C1 2026-03-02"]);
}
