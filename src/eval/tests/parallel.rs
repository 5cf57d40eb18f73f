//! Rules judged on several threads give what one thread gives: the same
//! findings in the same order, the same notes, summaries and judgements.

use super::d;
use crate::eval::{evaluate_on, period_of, EvalOptions, Evaluation, Status};
use crate::generate::{generate, Config, HISTORY_TABLE, TABLES};
use crate::records::{load_dir, LoadOptions};

/// Everything an evaluation reports, less the time each rule took.
fn reported(mut e: Evaluation) -> Evaluation {
    for rule in &mut e.rules {
        rule.elapsed = std::time::Duration::ZERO;
    }
    e
}

#[test]
fn any_number_of_threads_reports_what_one_thread_does() {
    let source = include_str!("../../../policies/bcp-childrens-services.sup");
    let checked = crate::check::check(source, &crate::check::CheckOptions::default());
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let policy = checked.policy;
    let org = generate(&Config {
        staff: 60,
        seed: 7,
        plants: 2,
        history: true,
        ..Config::default()
    });
    let dir = std::env::temp_dir().join(format!("sup-eval-parallel-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for table in TABLES.iter().copied().chain([HISTORY_TABLE]) {
        let mut file = std::fs::File::create(dir.join(format!("{table}.csv"))).unwrap();
        org.write_table(table, &mut file).unwrap();
    }
    let loaded = load_dir(&dir, &policy, &LoadOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    let records = loaded.unwrap().records;
    for upcoming in [None, Some(28)] {
        let options = EvalOptions {
            as_of: d("2026-11-22"),
            from: None,
            upcoming_days: upcoming,
        };
        let period = period_of(&policy, &options);
        // With the judgements `--trend` records, which are kept in rule order.
        let one = reported(evaluate_on(&policy, &records, period, true, 1));
        assert!(one.count(Status::Breach) > 0, "the plants are breaches");
        assert!(!one.judgements.is_empty());
        assert_eq!(one.rules.len(), policy.rules.len());
        for threads in [2, 3, 64] {
            let many = reported(evaluate_on(&policy, &records, period, true, threads));
            assert_eq!(many.findings, one.findings, "{threads} threads");
            assert_eq!(many.notes, one.notes, "{threads} threads");
            assert_eq!(many.rules, one.rules, "{threads} threads");
            assert_eq!(many.judgements, one.judgements, "{threads} threads");
        }
    }
}
