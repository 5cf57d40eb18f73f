//! Rules judged on several threads give what one thread gives: the same
//! findings in the same order, the same notes, summaries and judgements.
//! (`tests/planted.rs` compares the same on a generated export under the
//! BCP policy.)

use chrono::NaiveDate;

use super::{sessions, Case};
use crate::eval::{evaluate_on, period_of, Evaluation, Status};

/// Everything an evaluation reports, less the time each rule took.
fn reported(mut e: Evaluation) -> Evaluation {
    for rule in &mut e.rules {
        rule.elapsed = std::time::Duration::ZERO;
    }
    e
}

/// Two supervisees who started before the year judged, one who started
/// in it, and their manager.
fn staff() -> [&'static str; 4] {
    [
        "S1,social_worker,A,1,,HCPC,1,2024-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2025-06-01,,,,,",
        "S3,social_worker,A,1,,HCPC,1,2026-10-15,,,,,",
        "M1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
    ]
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
            .staff(&staff())
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

#[test]
fn an_activity_read_in_chunks_is_the_activity_read_whole() {
    use crate::eval::context::Ctx;
    use crate::eval::trace::NoTrace;
    // Rows out of time order and subjects spread over every chunk, with a
    // cancelled row, a group session (not a one-to-one), one on the as-of
    // day and one after it (the future), and one before S3 started.
    let rows = [
        "A1,S1,M1,one_to_one,held,2026-03-10T10:00,60,",
        "A2,S2,M1,one_to_one,held,2026-01-05T09:00,60,",
        "A3,S1,M1,one_to_one,cancelled,2026-02-10T10:00,60,",
        "A4,S1,M1,group_supervision,held,2026-02-11T10:00,60,",
        "A5,S2,M1,one_to_one,held,2026-11-22T00:00,60,",
        "A6,S1,M1,one_to_one,held,2026-01-10T10:00,60,",
        "A7,S3,M1,one_to_one,held,2026-09-01T10:00,60,",
        "A8,S2,M1,one_to_one,held,2026-12-01T10:00,60,",
        "A9,S1,M1,one_to_one,held,2026-01-10T09:00,60,",
        "A10,S2,M1,one_to_one,held,2026-01-05T09:00,30,",
        "A11,S3,M1,one_to_one,held,2026-11-21T23:30,60,",
    ];
    let case = Case::new(
        "roles: social_worker, manager\nregistrations: HCPC\ngroup all: staff\n\
         rule monthly: require one_to_one for all: at least 1 per month\n",
    )
    .staff(&staff())
    .file("sessions.csv", &sessions(&rows));
    let (policy, records) = case.setup();
    let period = period_of(&policy, &case.options());
    let read = |threads: usize| {
        let mut ctx = Ctx::new(&policy, &records, period, &NoTrace);
        ctx.threads = threads;
        let index = ctx.activity("one_to_one");
        let mut subjects: Vec<_> = index
            .subjects()
            .map(|(s, list)| (records.interner.resolve(s).to_string(), list.to_vec()))
            .collect();
        subjects.sort_by(|a, b| a.0.cmp(&b.0));
        (index.rows().collect::<Vec<_>>(), subjects, ctx.take_notes())
    };
    let whole = read(1);
    // Table order, less the cancelled row, the group session and the two in
    // the future; each subject's occurrences in time order, ties by row.
    assert_eq!(whole.0, [0, 1, 5, 6, 8, 9, 10]);
    let rows_of = |s: &str| -> Vec<u32> {
        let list = &whole.1.iter().find(|(n, _)| n == s).unwrap().1;
        list.iter().map(|o| o.row).collect()
    };
    assert_eq!(rows_of("S1"), [8, 5, 0]);
    assert_eq!(rows_of("S2"), [1, 9]);
    assert_eq!(rows_of("S3"), [6, 10]);
    let codes: Vec<_> = whole.2.iter().map(|n| (n.code, n.count)).collect();
    assert!(
        codes.contains(&(crate::diagnostic::Code::EvalFutureRows, 2)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&(crate::diagnostic::Code::EvalOutsideLifetime, 1)),
        "{codes:?}"
    );
    for threads in [2, 3, 5, 11, 64] {
        assert_eq!(read(threads), whole, "{threads} threads");
    }
}

#[test]
fn activities_read_together_are_each_read_alone() {
    use crate::eval::context::Ctx;
    use crate::eval::trace::NoTrace;
    // Three activities over the sessions, by supervisee on start, that rules
    // name: two with a filter of plain values (read straight from the
    // columns) and one whose filter compares (read by the general test).
    // Rows of every kind and status, a cancelled one, one with no duration,
    // and one in the future.
    let policy = "roles: social_worker, manager\nregistrations: HCPC\ngroup all: staff\n\
        activity long_session: sessions by supervisee on start where duration >= 45 minutes\n\
        activity not_one_to_one: sessions by supervisee on start where kind is not one_to_one\n\
        rule others: require not_one_to_one for all: at least 1 per quarter\n\
        rule monthly: require one_to_one for all: at least 1 per month\n\
        rule groups: require group_supervision for all: at least 1 per quarter\n\
        rule long: require long_session for all: at least 1 per quarter\n";
    let rows = [
        "A1,S1,M1,one_to_one,held,2026-03-10T10:00,60,",
        "A2,S2,M1,group_supervision,held,2026-01-05T09:00,30,",
        "A3,S1,M1,one_to_one,cancelled,2026-02-10T10:00,60,",
        "A4,S1,M1,group_supervision,held,2026-02-11T10:00,90,",
        "A5,S2,M1,one_to_one,planned,2026-04-22T00:00,60,",
        "A6,S1,M1,peer_supervision,held,2026-01-10T10:00,45,",
        "A7,S3,M1,one_to_one,held,2026-11-01T10:00,44,",
        "A8,S2,M1,one_to_one,held,2026-12-01T10:00,60,",
        "A9,S1,M1,one_to_one,held,2026-07-01T10:00,10,",
        "A10,S2,M1,one_to_one,held,2026-01-05T09:00,,",
        "A11,S3,M1,group_supervision,held,2026-11-21T23:30,60,",
        "A12,S2,M1,one_to_one,held,2026-06-30T23:30,120,",
    ];
    let case = Case::new(policy)
        .staff(&staff())
        .file("sessions.csv", &sessions(&rows));
    let (policy, records) = case.setup();
    let period = period_of(&policy, &case.options());
    let names = [
        "group_supervision",
        "long_session",
        "not_one_to_one",
        "one_to_one",
    ];
    let shown = |index: &crate::eval::context::ActivityIndex| {
        let mut subjects: Vec<_> = index
            .subjects()
            .map(|(s, list)| (records.interner.resolve(s).to_string(), list.to_vec()))
            .collect();
        subjects.sort_by(|a, b| a.0.cmp(&b.0));
        (index.rows().collect::<Vec<_>>(), subjects)
    };
    for threads in [1, 2, 5] {
        let mut together = Ctx::new(&policy, &records, period, &NoTrace);
        together.threads = threads;
        let mut alone = Ctx::new(&policy, &records, period, &NoTrace);
        alone.threads = threads;
        for name in names {
            let read_alone = alone.build_activities(&[name]).pop().unwrap();
            assert_eq!(
                shown(together.activity(name)),
                shown(&read_alone),
                "{name}, {threads} threads"
            );
        }
        assert_eq!(together.take_notes(), alone.take_notes());
    }
    // What each holds, so that the comparison is not of two empty lists.
    let ctx = Ctx::new(&policy, &records, period, &NoTrace);
    let scans: Vec<&Vec<&str>> = ctx.indexes.scans.iter().map(|(n, _)| n).collect();
    assert_eq!(scans, [&names.to_vec()], "the four are read together");
    // The filters read straight from the columns mean what the general
    // test means, row by row.
    let table = records.table("sessions").unwrap();
    let mut quick = 0;
    for name in names {
        let filter = policy.activities[name].filter.as_ref().unwrap();
        let test = crate::eval::row_test::RowTest::new(&ctx, table, filter);
        if let Some(q) = crate::eval::row_test::Quick::new(&test, table) {
            quick += 1;
            for row in 0..table.len() {
                let day = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
                assert_eq!(
                    q.holds(row),
                    test.holds(&ctx, table, row, day),
                    "{name} row {row}"
                );
            }
        }
    }
    assert_eq!(quick, 3, "all but the comparison of durations");
    assert_eq!(
        ctx.activity("not_one_to_one").rows().collect::<Vec<_>>(),
        [1, 3, 5, 10]
    );
    assert_eq!(
        ctx.activity("one_to_one").rows().collect::<Vec<_>>(),
        [0, 6, 8, 9, 11]
    );
    assert_eq!(
        ctx.activity("group_supervision").rows().collect::<Vec<_>>(),
        [1, 3, 10]
    );
    // Every kind and status counts with a long enough duration (45 minutes
    // on the boundary, 44 not), but not the cancelled session.
    assert_eq!(
        ctx.activity("long_session").rows().collect::<Vec<_>>(),
        [0, 3, 4, 5, 10, 11]
    );
}
