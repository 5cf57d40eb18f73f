//! Conditions that reach through a reference (`staff.role`): resolved tests
//! (group membership) and the general path (comparisons, deadline `where`)
//! must agree, and an empty reference makes every test through it false.
//! (The loader rejects a dangling reference, or skips its row under
//! `--lenient`, so only an empty one reaches the evaluator.)

use super::Case;

const POLICY: &str = "roles: officer, manager\nregistrations: HCPC\n\
extend absences {\n  reallocated: optional date\n}\n\
group officer_absences: absences where staff.role is officer and end >= start + 3 weeks\n\
group senior_absences: absences where staff.level >= 2\n\
rule realloc: every member of officer_absences: reallocated is recorded\n\
rule senior: every member of senior_absences: reallocated is recorded\n\
group all: staff\n\
rule managed_by_a_manager: every member of all: line_manager.role is manager\n\
rule not_managed_by_an_officer: every member of all: not line_manager.role is officer\n";

const STAFF: [&str; 3] = [
    "O1,officer,A,1,,HCPC,1,2020-01-01,,,M1,,",
    "O2,officer,A,2,,HCPC,1,2020-01-01,,,M1,,",
    "M1,manager,A,3,,HCPC,1,2020-01-01,,,,,",
];

fn absences(rows: &[&str]) -> String {
    format!("id,staff,start,end,reallocated\n{}\n", rows.join("\n"))
}

#[test]
fn a_condition_reads_the_referenced_row() {
    let rows = [
        // An officer off for exactly three weeks, not reallocated: a breach.
        "A1,O1,2026-03-02,2026-03-23,",
        // One day short of three weeks: not in the group.
        "A2,O1,2026-03-02,2026-03-22,",
        // A manager's long absence: not an officer.
        "A3,M1,2026-03-02,2026-04-01,",
        // Reallocated.
        "A4,O2,2026-03-02,2026-03-30,2026-03-10",
    ];
    let found = Case::new(POLICY)
        .staff(&STAFF)
        .file("absences.csv", &absences(&rows))
        .at("2026-04-02")
        .from("2026-03-01")
        .summary();
    assert_eq!(
        found,
        [
            // realloc: A1 only (A2 is short, A3 a manager's, A4 reallocated).
            "breach A1 2026-04-01",
            // senior: the manager's absence, read through a comparison.
            "breach A3 2026-04-01",
            // managed_by_a_manager: M1 has no line manager, so the test
            // is false; not_managed_by_an_officer holds for M1 for the
            // same reason.
            "breach M1 2026-04-01",
        ]
    );
}
