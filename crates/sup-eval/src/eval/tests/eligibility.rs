//! Eligibility per session, and waivers until they expire.

use super::Case;

const LEVEL: &str = "roles: social_worker, team_manager, service_manager\nregistrations: HCPC\ngroup all: staff\nrule r: eligible supervisor of one_to_one for all {\n  supervisor.level >= supervisee.level + 1\n} waivable by service_manager\n";

fn eligibility_case<'a>(waivers: &str) -> Case<'a> {
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S3,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,",
    ];
    Case::new(LEVEL)
        .staff(&rows)
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start\nX1,S1,S2,one_to_one,held,2026-03-10T10:00\nX2,S1,S3,one_to_one,held,2026-03-11T10:00\n")
        .file("waivers.csv", &format!("id,waived_rule,subject,approved_by,reason,granted,expires\n{waivers}"))
        .at("2026-04-01")
        .from("2026-03-01")
}

#[test]
fn eligibility_is_judged_per_session() {
    assert_eq!(eligibility_case("").summary(), ["breach S1 2026-03-10"]);
}

#[test]
fn waivers_apply_until_they_expire() {
    let cases = [
        (
            "W1,r,S1,M1,cover during vacancy,2026-01-01,2026-03-10",
            "waived S1 2026-03-10",
        ),
        (
            "W1,r,S1,M1,cover during vacancy,2026-01-01,",
            "waived S1 2026-03-10",
        ),
        (
            "W1,r,S1,M1,cover during vacancy,2026-01-01,2026-03-09",
            "breach S1 2026-03-10",
        ),
        (
            "W1,r,S1,M1,cover during vacancy,2026-03-11,",
            "breach S1 2026-03-10",
        ),
        // Approved by someone whose role cannot waive the rule.
        (
            "W1,r,S1,S3,cover during vacancy,2026-01-01,",
            "breach S1 2026-03-10",
        ),
        // A waiver for the supervisor does not cover their supervisee.
        (
            "W1,r,S2,M1,cover during vacancy,2026-01-01,",
            "breach S1 2026-03-10",
        ),
        ("W1,other,S1,M1,cover,2026-01-01,", "breach S1 2026-03-10"),
    ];
    for (waiver, expected) in cases {
        let run = eligibility_case(waiver).run();
        let found: Vec<String> = run
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}",
                    format!("{:?}", f.status).to_lowercase(),
                    f.subject.id,
                    f.date
                )
            })
            .collect();
        assert_eq!(found, [expected], "waiver {waiver}");
        let f = &run.findings[0];
        if expected.starts_with("breach") && waiver.contains(",r,S1") {
            assert_eq!(f.notes.len(), 1, "{waiver}: {:?}", f.notes);
        }
        if expected.starts_with("waived") {
            let w = f.waiver.as_ref().unwrap();
            assert_eq!(
                (w.id.as_str(), w.approved_by.as_str(), w.reason.as_str()),
                ("W1", "M1", "cover during vacancy")
            );
        }
    }
    let expired = eligibility_case("W1,r,S1,M1,cover,2026-01-01,2026-03-09").run();
    assert_eq!(
        expired.findings[0].notes,
        ["waiver W1 expired on 2026-03-09"]
    );
}

#[test]
fn eligibility_with_a_tenure_condition() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup all: staff\nrule r: eligible supervisor of one_to_one for all {\n  when supervisee.tenure < 12 months: supervisor.supervising_for >= 1 year\n}\n";
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2025-06-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2024-01-01,,,,,",
        "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,2025-09-01,",
    ];
    let found = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start\nX1,S1,T1,one_to_one,held,2026-03-10T10:00\nX2,S2,T1,one_to_one,held,2026-03-10T10:00\nX3,S1,T1,one_to_one,held,2026-06-01T10:00\n")
        .at("2026-07-01")
        .from("2026-03-01")
        .summary();
    // S1 is new until 1 June 2026, when the condition stops applying.
    assert_eq!(found, ["breach S1 2026-03-10"]);
}
