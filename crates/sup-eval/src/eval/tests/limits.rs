//! Limits: supervisee counts each day, waivers over failing runs and
//! rolling windows, evidence order, caseloads, team cover and session size.

use super::{one_to_ones, staff_row, Case};
use crate::eval::Status;

#[test]
fn supervisee_counts_are_judged_each_day() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup managers: staff where role is team_manager\nrule r: limit supervisees for managers: 2 to 3\n";
    let rows = [
        "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,2026-03-15,T1,,,",
        "S3,social_worker,A,1,,HCPC,1,2026-03-20,,T1,,,",
    ];
    let run = Case::new(policy)
        .staff(&rows)
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    assert_eq!(run.findings.len(), 1);
    let w = run.findings[0].window.unwrap();
    assert_eq!(
        (w.start.to_string(), w.end.to_string()),
        ("2026-03-16".into(), "2026-03-19".into())
    );
    assert_eq!(run.findings[0].actual, "1 supervisees");
}

/// The limit run of `supervisee_counts_are_judged_each_day` (16 to 19 March)
/// under each waiver: it is waived only if the waiver is in force on every
/// day of the run.
#[test]
fn a_waiver_must_cover_every_day_of_a_failing_run() {
    let policy = "roles: social_worker, team_manager, service_manager\nregistrations: HCPC\ngroup managers: staff where role is team_manager\nrule r: limit supervisees for managers: 2 to 3, waivable by service_manager\n";
    let rows = [
        "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,",
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,2026-03-15,T1,,,",
        "S3,social_worker,A,1,,HCPC,1,2026-03-20,,T1,,,",
    ];
    let cases = [
        ("2026-03-16", "2026-03-19", "waived"),
        ("2026-03-16", "", "waived"),
        // Granted on the run's last day: the three days before it stand.
        ("2026-03-19", "", "breach"),
        ("2026-03-17", "2026-03-19", "breach"),
        // Expired a day before the run ended.
        ("2026-03-16", "2026-03-18", "breach"),
    ];
    for (granted, expires, expected) in cases {
        let run = Case::new(policy)
            .staff(&rows)
            .file(
                "waivers.csv",
                &format!("id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,T1,M1,cover,{granted},{expires}\n"),
            )
            .at("2026-04-01")
            .from("2026-03-01")
            .run();
        assert_eq!(run.findings.len(), 1);
        let f = &run.findings[0];
        assert_eq!(
            format!("{:?}", f.status).to_lowercase(),
            expected,
            "{granted}..{expires}: {:?}",
            f.notes
        );
        if expected == "breach" {
            assert_eq!(f.notes.len(), 1, "{:?}", f.notes);
        }
    }
    let late = Case::new(policy)
        .staff(&rows)
        .file(
            "waivers.csv",
            "id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,T1,M1,cover,2026-03-16,2026-03-18\n",
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    assert_eq!(
        late.findings[0].notes,
        ["waiver W1 expired on 2026-03-18, before the breach ended on 2026-03-19"]
    );
}

/// A rolling rule fails in many windows; a waiver covers the finding only if
/// it is in force from the first day of the first failing window to the last
/// day of the last.
#[test]
fn a_waiver_must_cover_every_failing_rolling_window() {
    let policy = "roles: social_worker, service_manager\nregistrations: HCPC\ngroup all: staff where role is social_worker\nrule r: require one_to_one for all: at least 2 in any 3 months, waivable by service_manager\n";
    let s = staff_row("S1", "2020-01-01");
    let m = "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,";
    // Windows fail ending 2026-04-05 (2026-01-06 to 2026-04-05: only the
    // February session) to 2026-06-30, the last day judged (one session in
    // June), so they cover 2026-01-06 to 2026-06-30.
    let cases = [
        ("2026-01-06", "2026-06-30", "waived"),
        ("2026-01-01", "", "waived"),
        // In force on the worst window's last day only, as in the audit.
        ("2026-05-05", "2026-05-05", "breach"),
        ("2026-01-07", "2026-06-30", "breach"),
        ("2026-01-06", "2026-06-29", "breach"),
    ];
    let run = |waivers: &str| {
        Case::new(policy)
            .staff(&[&s, m])
            .file(
                "sessions.csv",
                &one_to_ones(&[
                    ("held", "2026-01-05T10:00"),
                    ("held", "2026-02-05T10:00"),
                    ("held", "2026-06-01T10:00"),
                ]),
            )
            .file(
                "waivers.csv",
                &format!("id,waived_rule,subject,approved_by,reason,granted,expires\n{waivers}"),
            )
            .at("2026-07-01")
            .from("2026-03-01")
            .run()
    };
    // Windows are judged one by one: with the windows ending up to 31 May
    // waived, the worst window left is the breach (the windows ending in June
    // each hold the 1 June session only; the earliest is reported), and it
    // says how many are waived.
    let partly = run("W1,r,S1,M1,cover,2026-01-06,2026-05-31\n");
    let f = &partly.findings[0];
    assert_eq!(f.status, Status::Breach);
    assert_eq!(
        f.window.map(|w| (w.start.to_string(), w.end.to_string())),
        Some(("2026-03-02".into(), "2026-06-01".into()))
    );
    assert!(
        f.actual.contains("of them covered by a waiver"),
        "{}",
        f.actual
    );
    // Two waivers that between them cover every failing window waive it.
    let both =
        run("W1,r,S1,M1,cover,2026-01-06,2026-05-31\nW2,r,S1,M1,cover,2026-03-01,2026-06-30\n");
    assert_eq!(both.findings[0].status, Status::Waived);
    for (granted, expires, expected) in cases {
        let run = Case::new(policy)
            .staff(&[&s, m])
            .file(
                "sessions.csv",
                &one_to_ones(&[
                    ("held", "2026-01-05T10:00"),
                    ("held", "2026-02-05T10:00"),
                    ("held", "2026-06-01T10:00"),
                ]),
            )
            .file(
                "waivers.csv",
                &format!("id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,S1,M1,cover,{granted},{expires}\n"),
            )
            .at("2026-07-01")
            .from("2026-03-01")
            .run();
        assert_eq!(run.findings.len(), 1);
        assert_eq!(
            format!("{:?}", run.findings[0].status).to_lowercase(),
            expected,
            "{granted}..{expires}: {:?}",
            run.findings[0].notes
        );
    }
}

#[test]
fn limit_evidence_is_in_id_order_whatever_the_row_order() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup managers: staff where role is team_manager\nrule r: limit supervisees for managers: 4 to 5\n";
    let mut rows = vec![
        "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        "S10,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
    ];
    for _ in 0..2 {
        let run = Case::new(policy)
            .staff(&rows)
            .at("2026-04-01")
            .from("2026-03-01")
            .run();
        let ids: Vec<&str> = run.findings[0]
            .evidence
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, ["S1", "S2", "S10"]);
        rows.reverse();
    }
}

#[test]
fn caseload_per_fte() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: limit caseload per fte for all: between 10 and 20\n";
    let header = "id,role,fte,caseload,start_date,end_date";
    let found = Case::new(policy)
        .file("staff.csv", &format!("{header}\nS1,social_worker,0.5,9,2020-01-01,\nS2,social_worker,0.5,4,2020-01-01,\nS3,social_worker,1,21,2020-01-01,\n"))
        .at("2026-04-01")
        .summary();
    assert_eq!(found, ["breach S2 2026-03-31", "breach S3 2026-03-31"]);
}

#[test]
fn team_cover_counts_working_days_only() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: limit team_cover for all: at least 50%\n";
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S3,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
    ];
    // S1 and S2 both away Friday 6 to Monday 9 March: two working days.
    let found = Case::new(policy)
        .staff(&rows)
        .file(
            "absences.csv",
            "id,staff,start,end\nA1,S1,2026-03-06,2026-03-09\nA2,S2,2026-03-06,2026-03-10\n",
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    assert_eq!(found.findings.len(), 1);
    let w = found.findings[0].window.unwrap();
    assert_eq!(
        (w.start.to_string(), w.end.to_string()),
        ("2026-03-06".into(), "2026-03-09".into())
    );
}

#[test]
fn session_length_and_group_size() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule long: limit session_length of group_supervision for all: at most 1 hour\nrule big: limit group_size of group_supervision for all: at most 6\n";
    let s = staff_row("S1", "2020-01-01");
    let found = Case::new(policy)
        .staff(&[&s])
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start,duration,attendees\nG1,S1,S1,group_supervision,held,2026-03-10T10:00,60,6\nG2,S1,S1,group_supervision,held,2026-03-11T10:00,61,7\nG3,S1,S1,one_to_one,held,2026-03-11T10:00,90,9\n")
        .at("2026-04-01")
        .from("2026-03-01")
        .summary();
    assert_eq!(found, ["breach G2 2026-03-11", "breach G2 2026-03-11"]);
}
