//! Findings name a column by the label the policy gave it (issue 11, wall
//! 5), and by its name when it has none.

use super::{staff_row, Case};

/// A deadline whose every column is labelled, and the same without labels.
const NOTICE_LABELLED: &str = "roles: social_worker\nregistrations: HCPC\ntable reviews {\n  id: id\n  worker: ref staff\n  review_date: optional date \"date of the review\"\n  contacted: optional date \"family contacted\"\n}\nrule r: deadline reviews: contacted at least 2 weeks before review_date\n";
const NOTICE_BARE: &str = "roles: social_worker\nregistrations: HCPC\ntable reviews {\n  id: id\n  worker: ref staff\n  review_date: optional date\n  contacted: optional date\n}\nrule r: deadline reviews: contacted at least 2 weeks before review_date\n";

/// `expected | actual` of each finding.
fn texts(case: &Case) -> Vec<String> {
    case.run()
        .findings
        .iter()
        .map(|f| format!("{} | {}", f.expected, f.actual))
        .collect()
}

fn notice_case(policy: &str) -> Vec<String> {
    let s = staff_row("S1", "2020-01-01");
    // Due 2026-03-02: contacted a day late; and one never contacted.
    let reviews =
        "id,worker,review_date,contacted\nV1,S1,2026-03-16,2026-03-03\nV2,S1,2026-03-16,\n";
    texts(
        &Case::new(policy)
            .staff(&[&s])
            .file("reviews.csv", reviews)
            .at("2026-04-01"),
    )
}

#[test]
fn a_deadline_finding_names_its_columns_by_their_labels() {
    assert_eq!(
        notice_case(NOTICE_LABELLED),
        [
            "`family contacted` at least 2 weeks before `date of the review` (2026-03-16): by 2026-03-02 | family contacted 2026-03-03 (1 day late)",
            "`family contacted` at least 2 weeks before `date of the review` (2026-03-16): by 2026-03-02 | no `family contacted` by the as-of date",
        ]
    );
}

#[test]
fn a_deadline_finding_without_labels_names_its_columns() {
    assert_eq!(
        notice_case(NOTICE_BARE),
        [
            "`contacted` at least 2 weeks before `review_date` (2026-03-16): by 2026-03-02 | contacted 2026-03-03 (1 day late)",
            "`contacted` at least 2 weeks before `review_date` (2026-03-16): by 2026-03-02 | no `contacted` by the as-of date",
        ]
    );
}

#[test]
fn an_every_member_finding_names_its_columns_by_their_labels() {
    let labelled = "roles: social_worker\nregistrations: HCPC\nextend staff {\n  induction: optional date \"induction completed\"\n}\ngroup all: staff\nrule r: every member of all: induction is recorded\n";
    let bare = "roles: social_worker\nregistrations: HCPC\nextend staff {\n  induction: optional date\n}\ngroup all: staff\nrule r: every member of all: induction is recorded\n";
    let staff = "id,role,team,level,tags,registrations,fte,start_date,end_date,supervisor,line_manager,supervisor_since,placement_days,induction\n\
        S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,,\n\
        S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,,2020-02-01\n";
    let run = |policy| texts(&Case::new(policy).file("staff.csv", staff).at("2026-04-02"));
    assert_eq!(
        run(labelled),
        ["every member of `all`: induction is recorded | induction completed = (empty)"]
    );
    assert_eq!(
        run(bare),
        ["every member of `all`: induction is recorded | induction = (empty)"]
    );
}
