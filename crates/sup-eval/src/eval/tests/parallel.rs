//! Rules judged on several threads give what one thread gives: the same
//! findings in the same order, the same notes, summaries and judgements.
//! (`tests/planted.rs` compares the same on a generated export under the
//! BCP policy.)

use super::{sessions, staff_row, Case};
use crate::eval::{evaluate_on, period_of, Evaluation, Status};

/// Everything an evaluation reports, less the time each rule took.
fn reported(mut e: Evaluation) -> Evaluation {
    for rule in &mut e.rules {
        rule.elapsed = std::time::Duration::ZERO;
    }
    e
}

#[test]
fn any_number_of_threads_reports_what_one_thread_does() {
    // Rules of several families over the same activity (the index built by
    // whichever thread asks first), a time rule that says notes about rows
    // with no duration, and rules with nothing to judge.
    let policy = "roles: social_worker, manager\nregistrations: HCPC\ngroup all: staff\n\
        rule monthly: require one_to_one for all: at least 1 per month\n\
        rule rolling: require one_to_one for all: at least 2 in any 3 months\n\
        rule minutes: require one_to_one for all: at least 30 minutes per month\n\
        rule yearly: require one_to_one for all: at least 1 in any 12 months\n\
        rule recorded: deadline sessions: recorded within 48 hours of start where status is held\n\
        rule quarterly: require one_to_one for all: at least 1 per quarter\n";
    let mut rows = Vec::new();
    for (i, day) in [
        "2026-01-10",
        "2026-02-03",
        "2026-05-20",
        "2026-09-01",
        "2026-11-02",
    ]
    .iter()
    .enumerate()
    {
        // S1 every time, with a duration; S2 on alternate days, without one.
        rows.push(format!(
            "A{i},S1,M1,one_to_one,held,{day}T10:00,60,{day}T12:00"
        ));
        if i % 2 == 0 {
            rows.push(format!("B{i},S2,M1,one_to_one,held,{day}T10:00,,"));
        }
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    for upcoming in [None, Some(28)] {
        let mut case = Case::new(policy)
            .staff(&[
                &staff_row("S1", "2024-01-01"),
                &staff_row("S2", "2025-06-01"),
                &staff_row("S3", "2026-10-15"),
                &staff_row("M1", "2020-01-01"),
            ])
            .file("sessions.csv", &sessions(&rows));
        if let Some(days) = upcoming {
            case = case.upcoming(days);
        }
        let (policy, records) = case.setup();
        let period = period_of(&policy, &case.options());
        // With the judgements `--trend` records, which are kept in rule order.
        let one = reported(evaluate_on(&policy, &records, period, true, 1));
        assert!(one.count(Status::Breach) > 0);
        assert!(!one.notes.is_empty(), "S2's sessions have no duration");
        assert!(!one.judgements.is_empty());
        assert_eq!(one.rules.len(), 6);
        for threads in [2, 3, 64] {
            let many = reported(evaluate_on(&policy, &records, period, true, threads));
            assert_eq!(many.findings, one.findings, "{threads} threads");
            assert_eq!(many.notes, one.notes, "{threads} threads");
            assert_eq!(many.rules, one.rules, "{threads} threads");
            assert_eq!(many.judgements, one.judgements, "{threads} threads");
        }
    }
}
