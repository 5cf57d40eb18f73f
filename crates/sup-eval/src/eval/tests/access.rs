//! Access: an allowed role and purpose, and a timely notice.

use super::{staff_row, Case};

const ACCESS: &str = "roles: social_worker, line_manager, inspector, hr\nregistrations: HCPC\npurposes: supervision, inspection, gossip\nrule r: access personal_supervision records {\n  allow subject for any\n  allow line_manager for supervision\n  allow inspector for inspection\n  deny hr\n  notify subject within 5 working days\n}\n";

#[test]
fn access_needs_an_allowed_role_and_purpose_and_a_timely_notice() {
    let s = staff_row("S1", "2010-01-01");
    let log = "id,record,accessed_by,role,purpose,accessed,subject_notified
L1,R1,M1,line_manager,supervision,2026-04-02T10:00,2026-04-13T09:00
L2,R1,M1,line_manager,gossip,2026-04-02T10:00,2026-04-02T10:00
L3,R1,S1,social_worker,gossip,2026-04-02T10:00,
L4,R1,I1,inspector,inspection,2026-04-02T10:00,2026-04-14T09:00
L5,R1,H1,hr,supervision,2026-04-02T10:00,2026-04-02T10:00
L6,R2,H1,hr,supervision,2026-04-02T10:00,
L7,R1,I1,inspector,inspection,2026-04-20T10:00,
";
    let found = Case::new(ACCESS)
        .staff(&[&s])
        .file("records.csv", "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,\nR2,S1,appraisal,2015-01-01,\n")
        .file("access_log.csv", log)
        .at("2026-04-22")
        .from("2026-04-01")
        .upcoming(30)
        .summary();
    // L1: in time across Easter (due end of Monday 13 April). L2: wrong
    // purpose. L3: the subject, for any purpose, needs no notice. L4:
    // notified a day late. L5: a denied role. L6: not a record kind this rule
    // covers. L7: notice due 27 April, pending.
    assert_eq!(
        found,
        [
            "breach L2 2026-04-02",
            "breach L4 2026-04-13",
            "breach L5 2026-04-02",
            "pending L7 2026-04-27"
        ]
    );
}
