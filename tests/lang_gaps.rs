//! The language's reach, walls 2, 7 and 8 of issue 11: maxima (`at most 2
//! per month`, `at most 3 in any 4 weeks`), gap ranges (`every 4 to 6
//! weeks`) and minimum gaps (`at least 2 weeks apart`). Each construct has a
//! small export under `tests/data/lang/<construct>/` with breaches planted
//! on purpose (and compliant rows on the boundary days); the policy must
//! check clean, the evaluator must find exactly the planted breaches, and
//! `describe` must read the clause back as it is meant (reviewed snapshots).

// A failed expectation in a test is a failing test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::PathBuf;

use chrono::NaiveDate;
use sup::check::{check, CheckOptions};
use sup::eval::{evaluate, EvalOptions, Status};
use sup::records::{load_dir, LoadOptions};

fn dir(construct: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/lang")
        .join(construct)
}

fn compiled(construct: &str) -> sup::policy::CompiledPolicy {
    let source = std::fs::read_to_string(dir(construct).join("policy.sup")).expect("policy");
    let checked = check(&source, &CheckOptions::default());
    assert!(
        checked.diagnostics.is_empty(),
        "{construct} does not check clean: {:#?}",
        checked.diagnostics
    );
    checked.policy
}

/// Every breach of the construct's export as of `as_of`: (rule, subject,
/// day, what was found).
fn breaches(construct: &str, as_of: &str) -> Vec<(String, String, String, String)> {
    let policy = compiled(construct);
    let loaded = load_dir(&dir(construct), &policy, &LoadOptions::default()).expect("loads");
    let evaluation = evaluate(
        &policy,
        &loaded.records,
        &EvalOptions {
            as_of: NaiveDate::parse_from_str(as_of, "%Y-%m-%d").expect("date"),
            from: None,
            upcoming_days: None,
        },
    );
    let mut found: Vec<(String, String, String, String)> = evaluation
        .findings
        .iter()
        .filter(|f| f.status == Status::Breach)
        .map(|f| {
            (
                f.rule.clone(),
                f.subject.id.clone(),
                f.date.to_string(),
                f.actual.clone(),
            )
        })
        .collect();
    found.sort();
    found
}

fn row(rule: &str, subject: &str, day: &str, actual: &str) -> (String, String, String, String) {
    (rule.into(), subject.into(), day.into(), actual.into())
}

#[test]
fn at_most_finds_the_crowded_month_and_the_crowded_four_weeks() {
    // S2: three in February (the third on its last day) is one too many;
    // 2 March is exactly four weeks after 2 February, so no four fall in
    // any 4 weeks. S3: two a month, but four from 20 January to 10 February.
    assert_eq!(
        breaches("at-most", "2026-04-01"),
        vec![
            row("monthly_at_most_twice", "S2", "2026-02-28", "3"),
            row(
                "three_in_four_weeks",
                "S3",
                "2026-02-10",
                "4 from 2026-01-20 to 2026-02-10"
            ),
        ]
    );
}

#[test]
fn a_gap_range_finds_the_session_too_soon_and_the_one_too_late() {
    // S2: 5 January to 2 February is exactly 4 weeks (allowed), 2 to 23
    // February three (too soon), 23 February to 6 April exactly 6 (allowed).
    // S3: 5 January to 20 February is 6 weeks and 4 days (late).
    assert_eq!(
        breaches("gap-range", "2026-04-10"),
        vec![
            row(
                "four_to_six_weekly",
                "S2",
                "2026-02-23",
                "21 days after the one on 2026-02-02 (7 days too soon)"
            ),
            row(
                "four_to_six_weekly",
                "S3",
                "2026-02-16",
                "none from 2026-01-05 until 2026-02-20 (4 days late)"
            ),
        ]
    );
}

#[test]
fn a_minimum_gap_finds_each_session_too_soon_after_the_one_before() {
    // S2: 29 December (before the period) to 5 January is too soon, 5 to 19
    // January exactly two weeks (allowed), 19 to 30 January too soon. S3:
    // two sessions on one day are zero days apart.
    assert_eq!(
        breaches("apart", "2026-04-10"),
        vec![
            row(
                "fortnight_apart",
                "S2",
                "2026-01-05",
                "7 days after the one on 2025-12-29 (7 days too soon)"
            ),
            row(
                "fortnight_apart",
                "S2",
                "2026-01-30",
                "11 days after the one on 2026-01-19 (3 days too soon)"
            ),
            row(
                "fortnight_apart",
                "S3",
                "2026-03-02",
                "0 days after the one on 2026-03-02 (14 days too soon)"
            ),
        ]
    );
}

#[test]
fn describe_reads_each_construct_back() {
    for construct in ["at-most", "gap-range", "apart"] {
        let text = sup::describe::describe(&compiled(construct));
        insta::assert_snapshot!(format!("lang_gaps_describe_{construct}"), text);
    }
}

#[test]
fn each_construct_formats_to_itself() {
    for construct in ["at-most", "gap-range", "apart"] {
        let source = std::fs::read_to_string(dir(construct).join("policy.sup")).expect("policy");
        let formatted = sup::format::format(&source).expect("formats");
        assert_eq!(formatted, source, "{construct} is not in canonical layout");
    }
}
