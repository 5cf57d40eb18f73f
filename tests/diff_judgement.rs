//! The stricter/looser judgement, as a table: for every rule family and every
//! kind of quantity (counts, durations, working against calendar days,
//! windows, ranges, sets of purposes and roles), an old rule, a new rule, and
//! the verdict `sup diff` must reach.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use sup::check::{check, CheckOptions};
use sup::diff::{diff, ChangeKind, Direction, PolicyDiff};

use Direction::{Looser, Mixed, Neutral, Stricter};

/// Declarations every case can use.
const BASE: &str = r#"
policy "Judgement" { review: 2030-01-01 }
roles: social_worker, team_manager, auditor, hr_officer
purposes: supervision, auditing, grievance
tags: asye, senior
registrations: HCPC
calendar half_term {
  autumn_1: 2025-09-01 to 2025-10-24
  autumn_2: 2025-11-03 to 2025-12-19
}
calendar christmas {
  christmas_2025: 2025-12-24 to 2026-01-01
}
group all_staff: staff
group social_workers: staff where role is social_worker
group asye: social_workers where tags has asye
group managers: staff where role is team_manager
case flags: safeguarding
group all_cases: cases
group safeguarding_cases: all_cases where flags has safeguarding
"#;

fn compile(rules: &str) -> sup::policy::CompiledPolicy {
    let source = format!("{BASE}\n{rules}\n");
    let checked = check(
        &source,
        &CheckOptions {
            file_name: "case.sup".into(),
            today: None,
        },
    );
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{rules}\n{errors:#?}");
    checked.policy
}

fn compare(old: &str, new: &str) -> PolicyDiff {
    diff(&compile(old), &compile(new))
}

/// The verdict on a single rule that changed (and matched: not added and removed).
fn verdict(old: &str, new: &str) -> (Direction, String) {
    let d = compare(old, new);
    assert_eq!(
        d.rules.len(),
        1,
        "expected one changed rule:\n{old}\n{new}\n{}",
        sup::diff::render::human(&d)
    );
    let change = &d.rules[0];
    assert_eq!(
        change.kind,
        ChangeKind::Changed,
        "{}",
        sup::diff::render::human(&d)
    );
    let reasons: Vec<String> = change
        .aspects
        .iter()
        .map(|a| format!("{}: {}", a.what, a.reason))
        .collect();
    (change.direction, reasons.join(" | "))
}

/// The verdict on the same change made the other way round.
fn opposite(d: Direction) -> Direction {
    match d {
        Stricter => Looser,
        Looser => Stricter,
        other => other,
    }
}

/// Run a table of (old rule, new rule, expected verdict, words the reason
/// must contain). Each row is also run backwards, new to old, which must
/// give the opposite verdict: undoing a stricter change is looser.
fn table(rows: &[(&str, &str, Direction, &str)]) {
    let mut failures = Vec::new();
    for (old, new, expected, words) in rows {
        let (direction, reason) = verdict(old, new);
        if direction != *expected || !reason.contains(words) {
            failures.push(format!("{old}\n  → {new}\n  expected {expected:?} with {words:?}, got {direction:?}: {reason}"));
        }
        let (back, reason) = verdict(new, old);
        if back != opposite(*expected) {
            failures.push(format!(
                "backwards: {new}\n  → {old}\n  expected {:?}, got {back:?}: {reason}",
                opposite(*expected)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

fn rule(body: &str) -> String {
    format!("rule r: {body}")
}

#[test]
fn frequency_counts_windows_and_gaps() {
    let f = |req: &str| rule(&format!("require one_to_one for social_workers: {req}"));
    let rows = [
        (
            f("at least 6 per year"),
            f("at least 10 per year"),
            Stricter,
            "more often: 10 instead of 6",
        ),
        (
            f("at least 10 per year"),
            f("at least 6 per year"),
            Looser,
            "less often",
        ),
        // Rolling windows in working days against calendar days: the
        // reason shows how long the working days can be.
        (
            f("at least 1 in any 10 working days"),
            f("at least 1 in any 2 weeks"),
            Stricter,
            "counted in any 2 weeks instead of in any 10 working days (10 working days is 14 to 19 days)",
        ),
        // Calendar against rolling windows.
        (
            f("at least 6 per year"),
            f("at least 6 in any 12 months"),
            Stricter,
            "every stretch of 12 months",
        ),
        (
            f("at least 6 in any 12 months"),
            f("at least 6 per year"),
            Looser,
            "only each calendar year",
        ),
        (
            f("at least 6 in any 12 months"),
            f("at least 6 per financial year"),
            Looser,
            "only each financial year must hold",
        ),
        (
            f("at least 10 per year"),
            f("at least 6 in any 12 months"),
            Mixed,
            "about 6 a year instead of 10",
        ),
        // Windows of different lengths.
        (
            f("at least 12 per year"),
            f("at least once per month"),
            Stricter,
            "per month",
        ),
        (
            f("at least once per month"),
            f("at least 12 per year"),
            Looser,
            "",
        ),
        (
            f("at least once per month"),
            f("at least 6 in any 12 months"),
            Looser,
            "about 6 a year instead of 12",
        ),
        (
            f("at least once per quarter"),
            f("at least 4 per financial year"),
            Looser,
            "",
        ),
        (
            f("at least 4 per financial year"),
            f("at least once per quarter"),
            Stricter,
            "",
        ),
        // Declared calendar periods.
        (
            f("at least once in each half_term"),
            f("at least twice in each half_term"),
            Stricter,
            "2 instead of 1",
        ),
        // Longest gaps, in different units.
        (
            f("every 2 weeks"),
            f("every 3 weeks"),
            Looser,
            "3 weeks is longer than 2 weeks",
        ),
        (
            f("every 1 month"),
            f("every 4 weeks"),
            Stricter,
            "4 weeks is shorter than 1 month",
        ),
        (
            f("every 4 weeks"),
            f("every 1 month"),
            Looser,
            "1 month is 28 to 31 days",
        ),
        (
            f("every 10 working days"),
            f("every 2 weeks"),
            Stricter,
            "10 working days is 14 to",
        ),
        (
            f("every 2 weeks"),
            f("every 10 working days"),
            Looser,
            "working days",
        ),
        // A month is 28 to 31 days: 30 days is a shorter gap only in
        // months of 31 days, and a longer one in February.
        (
            f("every 1 month"),
            f("every 30 days"),
            Mixed,
            "30 days is shorter than 1 month in months of 31 days, as long in months of 30 days and longer in February",
        ),
        (f("every 1 month"), f("every 28 days"), Stricter, "more often: 28 days is shorter than 1 month"),
        (f("every 31 days"), f("every 1 month"), Stricter, "1 month is shorter than 31 days"),
        (
            f("at least 1 in any 30 days"),
            f("at least 1 in any 1 month"),
            Mixed,
            "",
        ),
        // Neither guarantees the other: monthly sessions can leave 11 in a
        // stretch of 52 weeks, and 12 in any 52 weeks allows a long gap.
        (
            f("at least 12 in any 52 weeks"),
            f("every 1 month"),
            Mixed,
            "",
        ),
        // A gap against a count.
        (
            f("every 1 month"),
            f("at least once per month"),
            Looser,
            "instead of a longest gap",
        ),
        (
            f("at least once per week"),
            f("every 2 weeks"),
            Looser,
            "a longest gap of 2 weeks",
        ),
        (f("every 1 week"), f("at least twice per month"), Looser, ""),
        (
            f("at least 6 in any 12 months"),
            f("every 1 month"),
            Stricter,
            "",
        ),
        // One in any stretch of 4 weeks: never a gap of more than 4 weeks.
        (
            f("every 1 month"),
            f("at least 1 in any 4 weeks"),
            Stricter,
            "",
        ),
        // Times.
        (
            f("at least 1 hour per fortnight"),
            f("at least 90 minutes per fortnight"),
            Stricter,
            "more time",
        ),
        (
            f("at least 90 minutes per fortnight"),
            f("at least 1 hour per fortnight"),
            Looser,
            "less time",
        ),
        (
            f("at least 1 hour per fortnight"),
            f("at least 2 hours per month"),
            Mixed,
            "",
        ),
        (
            f("at least 1 hour per fortnight"),
            f("at least once per fortnight"),
            Neutral,
            "cannot be compared",
        ),
    ];
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

#[test]
fn frequency_phases_by_tenure() {
    let phased = |first: &str, then: &str| {
        rule(&format!(
            "require one_to_one for asye by tenure {{\n  first {first}: every 1 week\n  then: every {then}\n}}"
        ))
    };
    let rows = [
        (
            phased("6 weeks", "1 month"),
            phased("12 weeks", "1 month"),
            Stricter,
            "tenure from 6 weeks to 12 weeks",
        ),
        (
            phased("6 weeks", "1 month"),
            phased("6 weeks", "2 months"),
            Looser,
            "tenure from 6 weeks",
        ),
        (
            phased("6 weeks", "2 weeks"),
            phased("2 months", "1 month"),
            Mixed,
            "",
        ),
        (
            rule("require one_to_one for asye: every 1 month"),
            phased("6 weeks", "1 month"),
            Stricter,
            "tenure under 6 weeks",
        ),
    ];
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

#[test]
fn frequency_who_what_and_options() {
    let rows = [
        // A group widened is stricter for the rule, and says which.
        (
            "rule r: require one_to_one for asye: every 1 month",
            "rule r: require one_to_one for social_workers: every 1 month",
            Stricter,
            "applies to more people: `social_workers`",
        ),
        (
            "rule r: require one_to_one for all_staff: every 1 month",
            "rule r: require one_to_one for social_workers: every 1 month",
            Looser,
            "applies to fewer people",
        ),
        // A group of cases takes in more cases, not more people.
        (
            "rule r: require case_discussion for safeguarding_cases: every 1 month",
            "rule r: require case_discussion for all_cases: every 1 month",
            Stricter,
            "applies to more cases: `all_cases`",
        ),
        (
            "rule r: require one_to_one for all_staff: every 1 month",
            "rule r: require one_to_one or group_supervision for all_staff: every 1 month",
            Looser,
            "now also `group_supervision`",
        ),
        (
            "rule r: require one_to_one or group_supervision for all_staff: every 1 month",
            "rule r: require one_to_one for all_staff: every 1 month",
            Stricter,
            "no longer `group_supervision`",
        ),
        (
            "rule r: require one_to_one for all_staff: every 1 month",
            "rule r: require one_to_one with line_manager for all_staff: every 1 month",
            Stricter,
            "only sessions with the member's `line_manager`",
        ),
        (
            "rule r: require one_to_one for all_staff: every 1 month",
            "rule r: require one_to_one for all_staff: every 1 month, alternating between line_manager and supervisor",
            Stricter,
            "neither may lead two sessions in a row",
        ),
        (
            "rule r: require one_to_one for all_staff: at least 10 per year, not pro rata",
            "rule r: require one_to_one for all_staff: at least 10 per year, pro rata",
            Looser,
            "part-time staff need proportionally fewer",
        ),
        (
            "rule r: require one_to_one for all_staff: at least 10 per year",
            "rule r: require one_to_one for all_staff: at least 10 per year, partial windows full",
            Stricter,
            "part of a window",
        ),
        (
            "rule r: require one_to_one for all_staff: at least 10 per year",
            "rule r: require one_to_one for all_staff: at least 10 per year, waivable by team_manager",
            Looser,
            "`team_manager` may now approve",
        ),
        (
            "rule r: require one_to_one for all_staff: at least 10 per year, waivable by team_manager",
            "rule r: require one_to_one for all_staff: at least 10 per year",
            Stricter,
            "no longer approve",
        ),
    ];
    table(&rows);
}

#[test]
fn the_group_is_judged_by_its_members_not_its_name() {
    // Redefining a group widens every rule about it.
    let old = "rule r: require one_to_one for social_workers: every 1 month";
    let d = diff(&compile(old), &compile(&format!("{old}\n")).clone());
    assert!(d.is_empty());
    let wider_base = BASE.replace(
        "group social_workers: staff where role is social_worker",
        "group social_workers: staff where role is one of social_worker, team_manager",
    );
    let wide = {
        let source = format!("{wider_base}\n{old}\n");
        check(
            &source,
            &CheckOptions {
                file_name: "case.sup".into(),
                today: None,
            },
        )
        .policy
    };
    let d = diff(&compile(old), &wide);
    assert_eq!(d.rules.len(), 1);
    assert_eq!(d.rules[0].direction, Stricter);
    assert!(
        d.rules[0].aspects[0]
            .reason
            .contains("redefined to take in more people"),
        "{:?}",
        d.rules[0].aspects
    );
    // `asye` refines `social_workers`, so it takes in more people too.
    let redefined: Vec<(&str, Direction)> = d
        .definitions
        .iter()
        .map(|x| (x.name.as_str(), x.direction))
        .collect();
    assert_eq!(
        redefined,
        vec![("asye", Stricter), ("social_workers", Stricter)]
    );
    // A rule moved to an unrelated group is a different rule.
    let d = compare(
        "rule r: require one_to_one for asye: every 1 month",
        "rule r: require one_to_one for managers: every 1 month",
    );
    let kinds: Vec<ChangeKind> = d.rules.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, vec![ChangeKind::Added, ChangeKind::Removed]);
}

#[test]
fn a_redefined_group_is_mixed_only_when_known_to_differ_both_ways() {
    let redefine = |condition: &str| {
        let source = format!(
            "{}
rule r: require one_to_one for social_workers: every 1 month
",
            BASE.replace(
                "group social_workers: staff where role is social_worker",
                &format!("group social_workers: staff where {condition}"),
            )
        );
        let d = diff(
            &compile("rule r: require one_to_one for social_workers: every 1 month"),
            &check(
                &source,
                &CheckOptions {
                    file_name: "case.sup".into(),
                    today: None,
                },
            )
            .policy,
        );
        let group = d
            .definitions
            .iter()
            .find(|x| x.name == "social_workers")
            .map(|x| (x.direction, x.detail.clone()));
        (
            d.rules[0].direction,
            d.rules[0].aspects[0].reason.clone(),
            group,
        )
    };
    // Team managers instead of social workers: some people gain, some lose.
    let (rule, reason, group) = redefine("role is team_manager");
    assert_eq!(rule, Mixed, "{reason}");
    assert!(reason.contains("some people are newly covered and others no longer"));
    assert_eq!(group.map(|g| g.0), Some(Mixed));
    // A condition on another column: it may take in the same people, more
    // or fewer; no direction is claimed.
    let (rule, reason, group) = redefine("tags has senior");
    assert_eq!(rule, Neutral, "{reason}");
    assert!(
        reason.contains("cannot tell whether it takes in more people or fewer"),
        "{reason}"
    );
    assert_eq!(group.map(|g| g.0), Some(Neutral));
}

#[test]
fn eligibility_conditions_and_sets_of_roles() {
    let e = |clauses: &str| {
        rule(&format!(
            "eligible supervisor of one_to_one for social_workers {{\n{clauses}\n}}"
        ))
    };
    let rows = [
        (e("supervisor.level >= supervisee.level + 1"), e("supervisor.level >= supervisee.level + 2"), Stricter, "harder to meet"),
        (e("supervisor.level >= supervisee.level + 2"), e("supervisor.level >= supervisee.level + 1"), Looser, "easier to meet"),
        (e("supervisor.role is one of team_manager, social_worker"), e("supervisor.role is team_manager"), Stricter, "harder"),
        (e("supervisor.role is team_manager"), e("supervisor.role is one of team_manager, social_worker"), Looser, "easier"),
        (e("supervisor.role is team_manager"), e("supervisor.role is team_manager\nsupervisor.registrations has HCPC"), Stricter, "a new condition"),
        (e("supervisor.role is team_manager\nsupervisor.registrations has HCPC"), e("supervisor.role is team_manager"), Looser, "condition dropped"),
        (
            e("supervisor.supervising_for >= 1 years"),
            e("supervisor.supervising_for >= 6 months"),
            Looser,
            "easier",
        ),
        (
            e("supervisor.role is team_manager"),
            rule("eligible supervisor of one_to_one or group_supervision for social_workers {\nsupervisor.role is team_manager\n}"),
            Stricter,
            "now also `group_supervision`",
        ),
        (e("supervisor.role is team_manager"), e("supervisor.role is team_manager") + ", waivable by team_manager", Looser, "approve"),
    ];
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

#[test]
fn limits_ranges_counts_durations_and_percentages() {
    let rows = [
        (
            "limit supervisees for managers: 5 to 7",
            "limit supervisees for managers: 5 to 6",
            Stricter,
            "maximum lowered from 7 to 6",
        ),
        (
            "limit supervisees for managers: 5 to 7",
            "limit supervisees for managers: 4 to 8",
            Looser,
            "minimum lowered",
        ),
        (
            "limit supervisees for managers: 5 to 7",
            "limit supervisees for managers: 4 to 6",
            Mixed,
            "(looser)",
        ),
        (
            "limit supervisees for managers: 5 to 7",
            "limit supervisees for managers: at most 7",
            Looser,
            "no minimum any more",
        ),
        (
            "limit supervisees for managers: at most 7",
            "limit supervisees for managers: between 5 and 7",
            Stricter,
            "a new minimum of 5",
        ),
        (
            "limit caseload per fte for social_workers: between 150 and 200",
            "limit caseload per fte for social_workers: between 140 and 180",
            Mixed,
            "maximum lowered from 200 to 180 (stricter)",
        ),
        // The same caseload, measured another way: a change, not a new rule.
        (
            "limit caseload for social_workers: at most 20",
            "limit caseload per fte for social_workers: at most 20",
            Neutral,
            "measured as `caseload per fte` instead of `caseload`: which is stricter depends on each member's fte",
        ),
        (
            "limit group_size of group_supervision for all_staff: at most 6",
            "limit group_size of group_supervision for all_staff: at most 8",
            Looser,
            "raised from 6 to 8",
        ),
        (
            "limit session_length for all_staff: at most 1 hour",
            "limit session_length for all_staff: at most 90 minutes",
            Looser,
            "raised from 1 hour to 90 minutes",
        ),
        (
            "limit session_length for all_staff: at most 2 hours",
            "limit session_length for all_staff: at most 90 minutes",
            Stricter,
            "lowered",
        ),
        (
            "limit team_cover for all_staff: at least 50%",
            "limit team_cover for all_staff: at least 60%",
            Stricter,
            "raised from 50% to 60%",
        ),
        (
            "limit team_cover for all_staff: at least 50%",
            "limit team_cover for all_staff: at least 50% excluding christmas",
            Looser,
            "no longer judged",
        ),
        (
            "limit session_length of one_to_one for all_staff: at most 1 hour",
            "limit session_length of one_to_one or group_supervision for all_staff: at most 1 hour",
            Stricter,
            "now also",
        ),
    ];
    let rows: Vec<(String, String, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (rule(a), rule(b), *d, *w))
        .collect();
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

#[test]
fn deadlines_working_and_calendar_days() {
    let d = |limit: &str| {
        rule(&format!(
            "deadline sessions: recorded within {limit} of start where status is held"
        ))
    };
    let rows = [
        (
            d("48 hours"),
            d("5 working days"),
            Looser,
            "5 working days is longer than 48 hours (5 working days is 7 to",
        ),
        (d("5 working days"), d("48 hours"), Stricter, "sooner"),
        (
            d("24 hours"),
            d("1 working day"),
            Looser,
            "1 working day is longer than 24 hours",
        ),
        (
            d("2 working days"),
            d("48 hours"),
            Stricter,
            "48 hours is shorter than 2 working days",
        ),
        (d("1 week"), d("5 working days"), Looser, "longer"),
        (d("1 week"), d("3 working days"), Stricter, "shorter"),
        (
            d("4 weeks"),
            d("1 month"),
            Looser,
            "1 month is longer than 4 weeks",
        ),
        // Which is longer depends on the month: mixed, and the reason says
        // where each way holds.
        (
            d("1 month"),
            d("30 days"),
            Mixed,
            "30 days is shorter than 1 month in months of 31 days, as long in months of 30 days and longer in February (1 month is 28 to 31 days)",
        ),
        (
            d("30 days"),
            d("1 month"),
            Mixed,
            "1 month is shorter than 30 days in February",
        ),
        // Never longer than a month, even in February: certain.
        (
            d("1 month"),
            d("28 days"),
            Stricter,
            "28 days is shorter than 1 month",
        ),
        (
            d("1 month"),
            d("29 days"),
            Mixed,
            "longer in February",
        ),
        // A year is 365 or 366 days: 365 days is never longer.
        (
            d("1 year"),
            d("365 days"),
            Stricter,
            "365 days is shorter than 1 year",
        ),
        (
            d("52 weeks"),
            d("1 year"),
            Looser,
            "1 year is longer than 52 weeks",
        ),
        // Working days against calendar days: 5 working days is 7 days
        // unless a bank holiday falls in them.
        (
            d("5 working days"),
            d("10 days"),
            Mixed,
            "10 days is shorter than 5 working days where 5 working days is 11 to 12 days, as long where 5 working days is 10 days and longer where 5 working days is 7 to 9 days",
        ),
        (
            d("5 working days"),
            d("7 days"),
            Stricter,
            "7 days is shorter than 5 working days",
        ),
        (
            d("1 month"),
            d("31 days"),
            Looser,
            "31 days is longer than 1 month",
        ),
        (
            d("60 days"),
            d("2 months"),
            Mixed,
            "2 months is shorter than 60 days where 2 months is 59 days, as long where 2 months is 60 days and longer where 2 months is 61 to 62 days",
        ),
        (
            d("2 months"),
            d("62 days"),
            Looser,
            "62 days is longer than 2 months",
        ),
        (
            d("8 weeks"),
            d("2 months"),
            Looser,
            "2 months is longer than 8 weeks (2 months is 59 to 62 days)",
        ),
        // Which rows are judged.
        (
            d("48 hours"),
            rule("deadline sessions: recorded within 48 hours of start"),
            Stricter,
            "judges more rows",
        ),
        (
            rule("deadline sessions: recorded within 48 hours of start"),
            d("48 hours"),
            Looser,
            "judges fewer rows",
        ),
        // Minimum notice.
        (
            rule("deadline sessions: rebooked at least 1 week before start"),
            rule("deadline sessions: rebooked at least 2 weeks before start"),
            Stricter,
            "more notice",
        ),
        (
            rule("deadline sessions: rebooked at least 5 working days before start"),
            rule("deadline sessions: rebooked at least 1 week before start"),
            Looser,
            "less notice",
        ),
        // A notice as long as the row: never less than a day.
        (
            rule("deadline sessions: rebooked at least 0 days before start"),
            rule(
                "deadline sessions: rebooked at least the length of start to recorded before start",
            ),
            Stricter,
            "more notice",
        ),
        (
            rule(
                "deadline sessions: rebooked at least the length of start to recorded before start",
            ),
            rule("deadline sessions: rebooked at least 1 day before start"),
            Looser,
            "less notice",
        ),
        (
            rule("deadline sessions: rebooked at least 1 week before start"),
            rule(
                "deadline sessions: rebooked at least the length of start to recorded before start",
            ),
            Mixed,
            "more for long rows",
        ),
        // Due before the column instead of after it: sooner, whatever the
        // lengths.
        (
            d("2 weeks"),
            rule("deadline sessions: recorded at least 2 weeks before start where status is held"),
            Stricter,
            "sooner: due before `start` instead of up to 2 weeks after it",
        ),
        (
            d("2 weeks"),
            rule("deadline sessions: recorded at least the length of start to rebooked before start where status is held"),
            Stricter,
            "sooner",
        ),
        // Counted from different columns: it depends on each row.
        (
            d("2 weeks"),
            rule("deadline sessions: recorded at least 2 weeks before rebooked where status is held"),
            Neutral,
            "depends on each row's dates",
        ),
        // A different kind of deadline cannot be ranked.
        (
            d("48 hours"),
            rule("deadline sessions: recorded before the next one_to_one where status is held"),
            Neutral,
            "depends on how often sessions happen",
        ),
    ];
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

#[test]
fn retention_minimums_maximums_and_anchors() {
    let r = |bounds: &str, anchor: &str| {
        rule(&format!(
            "retain personal_supervision records: {bounds} after {anchor}"
        ))
    };
    let rows = [
        (
            r("at least 6 years", "leaving"),
            r("at least 7 years", "leaving"),
            Stricter,
            "7 years is longer than 6 years",
        ),
        (
            r("at least 6 years", "leaving"),
            r("at least 5 years", "leaving"),
            Looser,
            "shorter",
        ),
        (
            r("at least 6 years", "leaving"),
            r("at least 6 years and at most 7 years", "leaving"),
            Stricter,
            "a new maximum of 7 years",
        ),
        (
            r("at least 6 years and at most 7 years", "leaving"),
            r("at least 6 years and at most 8 years", "leaving"),
            Looser,
            "8 years is longer",
        ),
        (
            r("at least 6 years", "creation"),
            r("at least 6 years", "leaving"),
            Stricter,
            "kept longer",
        ),
        (
            r("at least 6 years", "leaving"),
            r("at least 6 years", "creation"),
            Looser,
            "counted from creation",
        ),
        (
            r("at most 6 years", "leaving"),
            r("at most 6 years", "creation"),
            Stricter,
            "counted from creation",
        ),
    ];
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

#[test]
fn access_sets_of_roles_and_purposes() {
    let a = |clauses: &str| {
        rule(&format!(
            "access personal_supervision records {{\n  allow subject for any\n{clauses}\n}}"
        ))
    };
    let rows = [
        // A purpose added to a role's access is looser.
        (a("allow hr_officer for grievance"), a("allow hr_officer for grievance, auditing"), Looser, "`hr_officer` may now also read them for `auditing`"),
        (a("allow hr_officer for grievance, auditing"), a("allow hr_officer for grievance"), Stricter, "no longer read them for `auditing`"),
        (a("allow hr_officer for grievance"), a("allow hr_officer for grievance\nallow auditor for auditing"), Looser, "`auditor` may now read them"),
        (a("allow hr_officer for grievance\nallow auditor for auditing"), a("allow hr_officer for grievance"), Stricter, "`auditor` may no longer read them"),
        (a("allow hr_officer for grievance"), a("allow hr_officer for auditing"), Mixed, "but no longer"),
        (a("allow hr_officer for grievance"), a("allow hr_officer for any"), Looser, "`any`"),
        (a("allow hr_officer for grievance\nallow anyone for auditing"), a("allow hr_officer for grievance\nallow anyone for auditing\ndeny auditor"), Stricter, "explicitly refused"),
        // `deny anyone` takes every access away, whatever notice the grants
        // asked: the notice is no longer owed because no one may read.
        (
            a("allow hr_officer for grievance and notify subject"),
            a("allow hr_officer for grievance\ndeny anyone"),
            Stricter,
            "`anyone` is now explicitly refused",
        ),
        (
            a("allow hr_officer for grievance, auditing and notify subject within 5 days"),
            a("allow hr_officer for grievance\ndeny anyone"),
            Stricter,
            "`anyone` is now explicitly refused",
        ),
        // Dropping a deny of everyone lets the named roles read again, for
        // whatever their grants now say.
        (
            a("allow hr_officer for grievance, auditing\ndeny anyone"),
            a("allow hr_officer for grievance"),
            Looser,
            "`anyone` is no longer explicitly refused",
        ),
        (
            a("allow hr_officer for grievance\ndeny anyone"),
            a("allow hr_officer for grievance and notify subject"),
            Looser,
            "`anyone` is no longer explicitly refused",
        ),
        // Telling the member of staff.
        (a("allow hr_officer for grievance"), a("allow hr_officer for grievance\nnotify subject"), Stricter, "must now be told"),
        (a("allow hr_officer for grievance\nnotify subject"), a("allow hr_officer for grievance\nnotify subject within 5 working days"), Looser, "up to 5 working days later"),
        (
            a("allow hr_officer for grievance\nnotify subject within 5 working days"),
            a("allow hr_officer for grievance\nnotify subject within 2 working days"),
            Stricter,
            "shorter",
        ),
        (a("allow hr_officer for grievance"), a("allow hr_officer for grievance and notify subject"), Stricter, "when `hr_officer` reads"),
        // A reader relies on whichever grant asks least; the rule-wide notice applies to all.
        (
            a("allow hr_officer for grievance and notify subject"),
            a("allow hr_officer for grievance and notify subject\nallow hr_officer for grievance"),
            Looser,
            "no longer has to be told",
        ),
        (
            a("allow hr_officer for grievance"),
            a("allow anyone for any and notify subject"),
            Mixed,
            "`anyone` may now read them",
        ),
        (
            a("allow anyone for any and notify subject"),
            a("allow anyone for any and notify subject\nallow auditor for auditing"),
            Looser,
            "when `auditor` reads",
        ),
        // Which records the rule covers.
        (
            a("allow hr_officer for grievance"),
            rule("access personal_supervision, appraisal records {\n  allow subject for any\nallow hr_officer for grievance\n}"),
            Stricter,
            "now also `appraisal`",
        ),
    ];
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

#[test]
fn attribute_conditions() {
    let rows = [
        (
            rule("every member of social_workers: registrations has HCPC"),
            rule("every member of social_workers: registrations has HCPC and tags has senior"),
            Stricter,
            "harder to meet",
        ),
        (
            rule("every member of social_workers: registrations has HCPC and tags has senior"),
            rule("every member of social_workers: registrations has HCPC"),
            Looser,
            "easier to meet",
        ),
        (
            rule("every member of asye: registrations has HCPC"),
            rule("every member of social_workers: registrations has HCPC"),
            Stricter,
            "more people",
        ),
        // Each takes in people the other does not: known, not guessed.
        (
            rule("every member of all_staff: role is social_worker"),
            rule("every member of all_staff: role is team_manager"),
            Mixed,
            "neither condition takes in the other",
        ),
        // Neither shown to take in the other, but they may well overlap or
        // be the same: no direction is claimed.
        (
            rule("every member of all_staff: role is social_worker or tags has senior"),
            rule("every member of all_staff: role is team_manager or tags has asye"),
            Neutral,
            "cannot tell whether either condition takes in the other",
        ),
    ];
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

#[test]
fn a_changed_calendar_or_activity_shows_in_the_rules_that_use_it() {
    let terms = |periods: &str| format!("calendar terms {{\n{periods}\n}}");
    let one_term = terms("year_1: 2025-09-01 to 2026-07-20");
    let two_terms = terms("autumn: 2025-09-01 to 2025-12-19\nspring: 2026-01-05 to 2026-07-20");
    let in_terms = |calendar: &str| {
        format!("{calendar}\nrule r: require one_to_one for all_staff: at least 3 in each terms")
    };
    let holidays = |periods: &str| {
        format!(
            "calendar closed {{\n{periods}\n}}\nrule r: limit team_cover for all_staff: at least 50% excluding closed"
        )
    };
    let one_closure = holidays("c25: 2025-12-24 to 2026-01-01");
    let two_closures = holidays("c25: 2025-12-24 to 2026-01-01\nc26: 2026-12-24 to 2027-01-01");
    let other_closure = holidays("c26: 2026-12-24 to 2027-01-01");
    let activity = |on: &str, filter: &str| {
        format!(
            "activity reflective: sessions by supervisee on {on}{filter}\nrule r: require reflective for all_staff: at least 6 per year"
        )
    };
    let rows = [
        // One term split in two: three in each half is more than three a year.
        (
            in_terms(&one_term),
            in_terms(&two_terms),
            Stricter,
            "`terms` was redefined: now 2 periods from 2025-09-01 to 2026-07-20, was 1 period from 2025-09-01 to 2026-07-20",
        ),
        // More days left out of a limit is looser, whatever the calendar is called.
        (
            one_closure.clone(),
            two_closures.clone(),
            Looser,
            "`closed` was redefined; 9 more days are left out",
        ),
        (
            one_closure,
            other_closure,
            Mixed,
            "9 days are newly left out and 9 days are judged now",
        ),
        (
            rule("limit team_cover for all_staff: at least 50% excluding christmas"),
            "calendar summer {\n  s: 2025-12-24 to 2026-01-01\n  t: 2026-07-20 to 2026-08-31\n}\nrule r: limit team_cover for all_staff: at least 50% excluding summer".to_string(),
            Looser,
            "days in `summer` are left out instead of days in `christmas`: 43 more days are left out",
        ),
        // The same activity counted on another date, or fewer rows counted.
        (
            activity("recorded", ""),
            activity("signed_by_supervisor", ""),
            Neutral,
            "dated by `signed_by_supervisor` instead of `recorded`",
        ),
        (
            activity("start", ""),
            activity("start", " where status is held"),
            Stricter,
            "`reflective` was redefined: fewer rows count",
        ),
        // Fewer sessions that can be the next one: the next comes later.
        (
            "activity reflective: sessions by supervisee on start\nrule r: deadline sessions: recorded before the next reflective".to_string(),
            "activity reflective: sessions by supervisee on start where status is held\nrule r: deadline sessions: recorded before the next reflective".to_string(),
            Looser,
            "`reflective` was redefined: fewer rows can be the next one",
        ),
    ];
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

#[test]
fn the_same_meaning_written_differently_is_no_change() {
    let same = [
        ("require one_to_one for all_staff: every 2 weeks", "require one_to_one for all_staff: every 14 days"),
        ("require one_to_one for all_staff: every 1 fortnight", "require one_to_one for all_staff: every 2 weeks"),
        ("require one_to_one for all_staff: at least 6 in any 12 months", "require one_to_one for all_staff: at least 6 in any 1 year"),
        ("require one_to_one for all_staff: at least once per month", "require one_to_one for all_staff: at least 1 per calendar month"),
        // One in every stretch of a month is a gap of at most a month, and
        // the other way round.
        ("require one_to_one for all_staff: every 1 month", "require one_to_one for all_staff: at least 1 in any 1 month"),
        ("require one_to_one for all_staff: at least 1 in any 12 months", "require one_to_one for all_staff: every 1 year"),
        ("deadline sessions: recorded within 1 week of start", "deadline sessions: recorded within 7 days of start"),
        ("retain appraisal records: at least 6 years after leaving", "retain appraisal records: at least 72 months after leaving"),
        ("limit supervisees for managers: 5 to 7", "limit supervisees for managers: between 5 and 7"),
        (
            "eligible supervisor of one_to_one for social_workers {\nsupervisor.role is one of team_manager, social_worker\n}",
            "eligible supervisor of one_to_one for social_workers {\nsupervisor.role is one of social_worker, team_manager\n}",
        ),
        (
            "eligible supervisor of one_to_one for social_workers {\nsupervisor.role is one of team_manager, social_worker\n}",
            "eligible supervisor of one_to_one for social_workers {\nsupervisor.role is team_manager or supervisor.role is social_worker\n}",
        ),
        // A deny of a role no grant covers refuses nothing.
        (
            "access personal_supervision records {\nallow hr_officer for grievance\ndeny auditor\n}",
            "access personal_supervision records {\nallow hr_officer for grievance\n}",
        ),
        // `deny anyone` refuses every role, those it names in grants too
        // (the checker refuses a role both allowed and denied by name): their
        // grants and the notice they ask change nothing while it stays.
        (
            "access personal_supervision records {\nallow auditor for auditing\ndeny anyone\n}",
            "access personal_supervision records {\nallow auditor for auditing, grievance\ndeny anyone\n}",
        ),
        (
            "access personal_supervision records {\nallow auditor for auditing\ndeny anyone\n}",
            "access personal_supervision records {\nallow auditor for auditing and notify subject\ndeny anyone\n}",
        ),
        // A rule-wide notice is the one owed, whatever a grant says (as the
        // evaluator judges it).
        (
            "access personal_supervision records {\nallow hr_officer for grievance and notify subject\nnotify subject within 5 days\n}",
            "access personal_supervision records {\nallow hr_officer for grievance\nnotify subject within 5 days\n}",
        ),
        (
            "every member of all_staff: role is one of team_manager, social_worker",
            "every member of all_staff: role is social_worker or role is team_manager",
        ),
    ];
    for (old, new) in same {
        let d = compare(&rule(old), &rule(new));
        assert!(
            d.is_empty(),
            "{old} → {new}\n{}",
            sup::diff::render::human(&d)
        );
    }
}

#[test]
fn rules_are_matched_by_what_they_govern_not_by_name_or_order() {
    let old = "rule a: require one_to_one for all_staff: every 1 month\nrule b: deadline sessions: recorded within 48 hours of start\nrule c: retain appraisal records: at least 6 years after leaving";
    let new = "rule retained: retain appraisal records: at least 6 years after leaving\nrule recorded: deadline sessions: recorded within 72 hours of start\nrule monthly: require one_to_one for all_staff: every 1 month";
    let d = compare(old, new);
    let changed: Vec<(&str, &str)> = d
        .rules
        .iter()
        .map(|r| {
            (
                r.old.as_ref().unwrap().name.as_str(),
                r.new.as_ref().unwrap().name.as_str(),
            )
        })
        .collect();
    // All three are matched; each is renamed (neutral) and one is looser.
    assert_eq!(
        changed,
        vec![("c", "retained"), ("b", "recorded"), ("a", "monthly")]
    );
    let directions: Vec<Direction> = d.rules.iter().map(|r| r.direction).collect();
    assert_eq!(directions, vec![Neutral, Looser, Neutral]);
}

#[test]
fn added_and_removed_rules_and_header_changes() {
    let old_source = format!("{BASE}\nrule a: require one_to_one for all_staff: every 1 month\n");
    let new_source = old_source
        .replace(
            "policy \"Judgement\" { review: 2030-01-01 }",
            "policy \"Judgement\" { version: \"2\" review: 2031-01-01 }",
        )
        .replace(
            "rule a: require one_to_one for all_staff: every 1 month",
            "rule b: deadline sessions: recorded within 48 hours of start",
        );
    let options = CheckOptions {
        file_name: "case.sup".into(),
        today: None,
    };
    let d = diff(
        &check(&old_source, &options).policy,
        &check(&new_source, &options).policy,
    );
    let fields: Vec<&str> = d.header.iter().map(|h| h.field).collect();
    assert_eq!(fields, vec!["version", "review"]);
    let kinds: Vec<(ChangeKind, Direction)> =
        d.rules.iter().map(|r| (r.kind, r.direction)).collect();
    assert_eq!(
        kinds,
        vec![(ChangeKind::Added, Stricter), (ChangeKind::Removed, Looser)]
    );
    assert_eq!(d.summary.added, 1);
    assert_eq!(d.summary.removed, 1);
}

#[test]
fn a_label_change_is_reported_as_wording_only() {
    // Labels change how rules read (describe, the review paper), never what
    // they ask: reported, neutral.
    let old = "rule a: require one_to_one for all_staff: every 1 month";
    let relabel = |source: String| {
        source
            .replace(
                "roles: social_worker, team_manager",
                "roles: social_worker \"Social Worker\", team_manager",
            )
            .replace(
                "group all_staff: staff",
                "group all_staff \"everyone on the staff\": staff",
            )
    };
    let options = CheckOptions {
        file_name: "case.sup".into(),
        today: None,
    };
    let before = format!("{BASE}\n{old}\n");
    let after = relabel(before.clone());
    let d = diff(
        &check(&before, &options).policy,
        &check(&after, &options).policy,
    );
    assert!(d.rules.is_empty(), "{}", sup::diff::render::human(&d));
    let details: Vec<(String, String, Direction)> = d
        .definitions
        .iter()
        .map(|c| (c.name.clone(), c.detail.clone(), c.direction))
        .collect();
    assert_eq!(
        details,
        vec![
            (
                "all_staff".to_string(),
                "now labelled \"everyone on the staff\" (wording only)".to_string(),
                Neutral
            ),
            (
                "role".to_string(),
                "`social_worker` now labelled \"Social Worker\" (wording only)".to_string(),
                Neutral
            ),
        ]
    );
}

#[test]
fn every_shipped_policy_against_itself_is_no_change() {
    // The matcher must pair every rule with itself, even where two rules
    // govern the same thing (BCP's two eligibility rules for one group).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "sup") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let options = CheckOptions {
            file_name: path.display().to_string(),
            today: None,
        };
        let policy = check(&source, &options).policy;
        let d = diff(&policy, &policy);
        assert!(
            d.is_empty(),
            "{}\n{}",
            path.display(),
            sup::diff::render::human(&d)
        );
        assert_eq!(d.unchanged.len(), policy.rules.len(), "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 6);
}

#[test]
fn the_shipped_draft_judged_backwards_gives_the_opposite_verdicts() {
    // Going back from the draft to the 2018 policy undoes every change:
    // the same rules are paired, each with the opposite verdict.
    let load = |name: &str| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let source = std::fs::read_to_string(&path).unwrap();
        let options = CheckOptions {
            file_name: name.into(),
            today: None,
        };
        check(&source, &options).policy
    };
    let (old, new) = (
        load("policies/sendsars.sup"),
        load("policies/sendsars-2026-draft.sup"),
    );
    let forward = diff(&old, &new);
    let backward = diff(&new, &old);
    let verdicts = |d: &PolicyDiff, forward: bool| {
        let mut v: Vec<(String, Direction)> = d
            .rules
            .iter()
            .map(|r| {
                // Name each change by the 2018 rule (or the draft's, for one
                // only the draft has), whichever way it was diffed.
                let (was, now) = (r.old.as_ref(), r.new.as_ref());
                let old_side = if forward { was } else { now };
                let name = old_side
                    .or(if forward { now } else { was })
                    .unwrap()
                    .name
                    .clone();
                (name, r.direction)
            })
            .collect();
        v.sort();
        v
    };
    let expected: Vec<(String, Direction)> = verdicts(&forward, true)
        .into_iter()
        .map(|(n, d)| (n, opposite(d)))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(verdicts(&backward, false), expected);
}

#[test]
fn working_days_skip_the_holidays_the_policy_names() {
    // A fortnight's closure at Christmas 2024: five working days from the
    // Friday before it run to 10 January, 21 days, so 14 days is no longer
    // always longer than 5 working days: longer on most dates, shorter
    // across the closure, so mixed.
    let policy = |deadline: &str| {
        let source = format!(
            "policy \"Closures\" {{\n  review: 2030-01-01\n  holidays: closures\n}}\n\
             holidays closures {{\n  include england_and_wales\n  2024-12-23\n  2024-12-24\n  2024-12-27\n  2024-12-30\n  2024-12-31\n  2025-01-02\n  2025-01-03\n}}\n\
             rule r: deadline sessions: recorded within {deadline} of start\n"
        );
        let checked = check(
            &source,
            &CheckOptions {
                file_name: "closures.sup".into(),
                today: None,
            },
        );
        assert!(
            checked.diagnostics.iter().all(|d| !d.is_error()),
            "{:#?}",
            checked.diagnostics
        );
        checked.policy
    };
    let d = diff(&policy("5 working days"), &policy("14 days"));
    let aspect = &d.rules[0].aspects[0];
    assert_eq!(aspect.direction, Mixed);
    assert_eq!(
        aspect.reason,
        "14 days is shorter than 5 working days where 5 working days is 21 days and longer where 5 working days is 7 to 12 days (5 working days is 7 to 21 days)"
    );
    // The same change under the shipped holidays alone is certain.
    let (direction, reason) = verdict(
        &rule("deadline sessions: recorded within 5 working days of start"),
        &rule("deadline sessions: recorded within 14 days of start"),
    );
    assert_eq!(direction, Looser);
    assert!(
        reason.contains("14 days is longer than 5 working days"),
        "{reason}"
    );
}

/// Holiday calendars for the rows below: each declaration, and the name the
/// header gives (`None`: the default, England and Wales).
const CLOSURES: &str = "holidays closures {\n  include england_and_wales\n  2024-12-23\n  2024-12-24\n  2024-12-27\n  2024-12-30\n  2024-12-31\n}";
const SUMMER: &str = "holidays summer {\n  include england_and_wales\n  2025-08-01\n}";
// A Saturday only: no weekday off at all, not even bank holidays.
const NONE: &str = "holidays none {\n  2025-01-04\n}";

/// The base declarations with the header's `holidays:` set to `holidays`
/// (declared by `declaration`), and `rules`.
fn compile_with_holidays(
    holidays: Option<&str>,
    declaration: &str,
    rules: &str,
) -> sup::policy::CompiledPolicy {
    let header = match holidays {
        Some(name) => {
            format!("policy \"Judgement\" {{\n  review: 2030-01-01\n  holidays: {name}\n}}")
        }
        None => "policy \"Judgement\" { review: 2030-01-01 }".to_string(),
    };
    let source = format!(
        "{}\n{declaration}\n{rules}\n",
        BASE.replace("policy \"Judgement\" { review: 2030-01-01 }", &header)
    );
    let checked = check(
        &source,
        &CheckOptions {
            file_name: "case.sup".into(),
            today: None,
        },
    );
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{source}\n{errors:#?}");
    checked.policy
}

#[test]
fn the_same_working_days_over_other_holidays_change_the_rules_that_use_them() {
    let closures = (Some("closures"), CLOSURES);
    let summer = (Some("summer"), SUMMER);
    let none = (Some("none"), NONE);
    let shipped = (None, "");
    let access = |notify: &str| {
        rule(&format!(
            "access personal_supervision records {{\n  allow subject for any\n  allow hr_officer for grievance\n  notify subject within {notify}\n}}"
        ))
    };
    // (old holidays, new holidays, the rule in both, verdict, words).
    let rows = [
        // More days off: working days never come sooner, sometimes later.
        (
            shipped,
            closures,
            rule("deadline sessions: recorded within 5 working days of start"),
            Looser,
            "5 working days are never shorter and sometimes longer (working days now skip `closures` instead of `england_and_wales`: 5 more weekdays off (2024-12-23, 2024-12-24, 2024-12-27, …))",
        ),
        // No bank holidays at all: working days never later.
        (
            shipped,
            none,
            rule("deadline sessions: recorded within 5 working days of start"),
            Stricter,
            "never longer and sometimes shorter",
        ),
        // Each has days off the other does not.
        (
            closures,
            summer,
            rule("deadline sessions: recorded within 5 working days of start"),
            Mixed,
            "shorter on some dates and longer on others",
        ),
        // Notice counted in working days: more days off, more notice.
        (
            shipped,
            closures,
            rule("deadline sessions: rebooked at least 5 working days before start"),
            Stricter,
            "more notice",
        ),
        (
            shipped,
            closures,
            rule("require one_to_one for social_workers: every 10 working days"),
            Looser,
            "less often",
        ),
        (
            shipped,
            closures,
            rule("require one_to_one for social_workers: at least 1 in any 10 working days"),
            Looser,
            "the window: 10 working days are never shorter",
        ),
        (
            shipped,
            closures,
            access("5 working days"),
            Looser,
            "`closures`",
        ),
        (
            shipped,
            closures,
            rule("limit session_length for all_staff: at most 2 working days"),
            Looser,
            "maximum raised",
        ),
    ];
    let mut failures = Vec::new();
    for ((old_name, old_decl), (new_name, new_decl), body, expected, words) in &rows {
        let old = compile_with_holidays(*old_name, old_decl, body);
        let new = compile_with_holidays(*new_name, new_decl, body);
        for (a, b, want) in [(&old, &new, *expected), (&new, &old, opposite(*expected))] {
            let d = diff(a, b);
            let Some(change) = d.rules.first() else {
                failures.push(format!("{body}: no rule changed"));
                continue;
            };
            let reasons: Vec<String> = change.aspects.iter().map(|a| a.reason.clone()).collect();
            let reasons = reasons.join(" | ");
            let forward = std::ptr::eq(a, &old);
            if change.direction != want || (forward && !reasons.contains(words)) {
                failures.push(format!(
                    "{body} ({}): expected {want:?} with {words:?}, got {:?}: {reasons}",
                    if forward { "forward" } else { "backward" },
                    change.direction
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    // A rule in hours is not touched by the holidays: only the header says so.
    let hours = rule("deadline sessions: recorded within 48 hours of start");
    let d = diff(
        &compile_with_holidays(None, "", &hours),
        &compile_with_holidays(Some("closures"), CLOSURES, &hours),
    );
    assert!(d.rules.is_empty(), "{}", sup::diff::render::human(&d));
    assert!(d.header.iter().any(|h| h.field == "holidays"));
}

#[test]
fn a_changed_lifetime_changes_the_reach_of_the_rules_over_the_table() {
    let carers = |lifetime: &str| {
        format!(
            "table carers {{\n  id: id\n  approved: date\n  deregistered: optional date\n  left: optional date\n  {lifetime}\n}}\ngroup all_carers: carers\nrule r: every member of all_carers: approved is recorded"
        )
    };
    let cases = [
        ("", "lifetime from approved to deregistered", Looser, "rows now exist only `approved` to `deregistered`: rules over them ask nothing outside it"),
        ("lifetime from approved", "", Stricter, "rows no longer have a lifetime (was from `approved`): rules over them apply on every day"),
        ("lifetime from approved to deregistered", "lifetime from approved to left", Mixed, "rows now exist `approved` to `left` (was `approved` to `deregistered`): rules over them reach other days"),
    ];
    for (old, new, direction, detail) in cases {
        let d = compare(&carers(old), &carers(new));
        let found: Vec<(String, Direction, String)> = d
            .definitions
            .iter()
            .map(|c| (c.name.clone(), c.direction, c.detail.clone()))
            .collect();
        assert_eq!(
            found,
            [("carers".to_string(), direction, detail.to_string())],
            "{old:?} → {new:?}"
        );
    }
}

/// Maxima and shortest gaps (issue 11, wall 2): a cap is judged apart from
/// the minimum, and a change that tightens one and loosens the other is
/// mixed with both halves in the reason.
#[test]
fn frequency_maxima_and_shortest_gaps() {
    let f = |req: &str| rule(&format!("require one_to_one for social_workers: {req}"));
    let rows = [
        (
            f("at most 3 per month"),
            f("at most 2 per month"),
            Stricter,
            "fewer allowed: at most 2 instead of 3 per month",
        ),
        (
            f("at least 1 per month"),
            f("at least 1 and at most 2 per month"),
            Stricter,
            "a maximum where there was none: at most 2 per month",
        ),
        (
            f("at least 1 and at most 2 per month"),
            f("at least 2 and at most 3 per month"),
            Mixed,
            "more often: 2 instead of 1 per month; more allowed: at most 3 instead of 2 per month",
        ),
        (
            f("every 6 weeks"),
            f("every 4 to 6 weeks"),
            Stricter,
            "sessions must now be at least 4 weeks apart",
        ),
        (
            f("every 4 to 6 weeks"),
            f("every 3 to 6 weeks"),
            Looser,
            "closer together: ",
        ),
        (
            f("at least 2 weeks apart"),
            f("at least 3 weeks apart"),
            Stricter,
            "further apart: ",
        ),
        (
            f("at most 2 per month"),
            f("at least 1 per month"),
            Mixed,
            "a minimum where there was none: at least 1 per month; no maximum any more (was at most 2 per month)",
        ),
    ];
    let rows: Vec<(&str, &str, Direction, &str)> = rows
        .iter()
        .map(|(a, b, d, w)| (a.as_str(), b.as_str(), *d, *w))
        .collect();
    table(&rows);
}

/// Wall 8: `every 6 months` → `at least once in each term` is mixed, and
/// the reason gives both halves, with the periods a year counted from the
/// calendar (three terms a year are three a year).
#[test]
fn a_mixed_change_gives_both_halves_and_counts_periods_from_the_calendar() {
    let calendar = "calendar term {\n  autumn: 2025-09-01 to 2025-12-19\n  spring: 2026-01-05 to 2026-03-27\n  summer: 2026-04-13 to 2026-07-22\n}\n";
    let (direction, reason) = verdict(
        &format!("{calendar}rule r: require one_to_one for social_workers: every 6 months"),
        &format!(
            "{calendar}rule r: require one_to_one for social_workers: at least once in each term"
        ),
    );
    assert_eq!(direction, Mixed, "{reason}");
    assert_eq!(
        reason,
        "how often: stricter: about 3 a year instead of 2; counted in each term instead of a longest gap of 6 months; looser: sessions may now be up to 207 days apart instead of 184 days"
    );
}
