//! Conformance to the South Gloucestershire framework (seed 004), shipped in
//! `policies/`: one example agency policy meets it, one does not, and each of
//! the second's weaker points is reported in both files.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::{Path, PathBuf};

use sup::diagnostic::{Code, Severity};
use sup::report::diagnostics::{render_human, render_human_with_related};
use sup::workspace;

fn example(name: &str) -> (PathBuf, String) {
    let relative = format!("tests/data/diff/conformance/{name}");
    (
        Path::new(env!("CARGO_MANIFEST_DIR")).join(&relative),
        relative,
    )
}

fn load(name: &str) -> workspace::LoadedPolicy {
    let (path, relative) = example(name);
    let source = std::fs::read_to_string(&path).unwrap();
    workspace::check_source(
        &path,
        &relative,
        source,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
    )
}

#[test]
fn the_framework_is_a_framework_and_checks_clean() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/south-gloucestershire-framework.sup");
    let loaded = workspace::load(&path, chrono::NaiveDate::from_ymd_opt(2026, 1, 1)).unwrap();
    assert_eq!(
        loaded.checked.policy.header.kind,
        sup::policy::PolicyKind::Framework
    );
    assert!(
        loaded.checked.diagnostics.is_empty(),
        "{:#?}",
        loaded.checked.diagnostics
    );
}

#[test]
fn a_policy_at_least_as_strict_as_the_framework_checks_clean() {
    let loaded = load("conforming-agency.sup");
    let problems: Vec<_> = loaded
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .collect();
    assert!(
        problems.is_empty(),
        "{}",
        render_human(
            &loaded.name,
            &loaded.source,
            &loaded.checked.diagnostics,
            false
        )
    );
}

#[test]
fn each_weaker_point_is_an_error_labelled_in_both_files() {
    let loaded = load("weaker-agency.sup");
    let weaker: Vec<_> = loaded
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::WeakerThanFramework)
        .collect();
    // (what the label underlines in the policy, the framework rule named).
    // The framework lets anyone read a record for any purpose as long as the
    // member of staff is told, so HR may read here, but must tell them; so
    // must the supervisor's manager.
    let mut found: Vec<(String, String)> = weaker
        .iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Error);
            assert!(d.help.is_some());
            let related = &d.related[0];
            assert_eq!(related.file, "policies/south-gloucestershire-framework.sup");
            let framework =
                std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&related.file))
                    .unwrap();
            let framework_rule = related
                .span
                .text(&framework)
                .split(':')
                .next()
                .unwrap()
                .to_string();
            (
                d.primary_span().text(&loaded.source).to_string(),
                framework_rule,
            )
        })
        .collect();
    found.sort();
    let conforms = "\"../../../../policies/south-gloucestershire-framework.sup\"";
    let mut expected: Vec<(String, String)> = [
        (conforms, "rule professional_supervision_six_per_year"),
        (conforms, "rule record_signed_by_supervisee"),
        (
            "six_a_year",
            "rule management_supervision_six_in_any_12_months",
        ),
        (
            "cancelled_sessions_rebooked",
            "rule cancelled_sessions_rebooked",
        ),
        (
            "urgent_supervision",
            "rule urgent_supervision_within_24_hours",
        ),
        (
            "supervision_record_access",
            "rule supervision_record_access",
        ),
        (
            "supervision_record_access",
            "rule supervision_record_access",
        ),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    expected.sort();
    assert_eq!(found, expected);
    // The framework's rule is drawn under each weaker point, from its own file.
    let rendered = render_human_with_related(
        &loaded.name,
        &loaded.source,
        &loaded.checked.diagnostics,
        &loaded.related_sources,
        false,
    );
    insta::assert_snapshot!("weaker_agency", rendered);
}

#[test]
fn a_policy_with_errors_is_not_judged_against_its_framework() {
    let (path, relative) = example("weaker-agency.sup");
    let source = std::fs::read_to_string(&path).unwrap().replace(
        "rule six_a_year: require one_to_one",
        "rule six_a_year: require one_two_one",
    );
    let loaded = workspace::check_source(&path, &relative, source, None);
    assert!(loaded.checked.has_errors());
    assert!(!loaded
        .checked
        .diagnostics
        .iter()
        .any(|d| d.code == Code::WeakerThanFramework));
}

#[test]
fn a_rule_that_overrides_a_conforming_rule_must_conform_too() {
    // `monthly_one_to_one` meets the framework's six in any 12 months, but
    // for agency staff a quarterly rule replaces it: they are held only to
    // that, which is weaker. A fortnightly override is fine.
    let (path, relative) = example("conforming-agency.sup");
    let source = std::fs::read_to_string(&path).unwrap()
        + "\ntags: agency, senior\n\
           group agency_staff: all_staff where tags has agency\n\
           group senior_staff: all_staff where tags has senior\n\
           rule agency_quarterly: require one_to_one for agency_staff: at least once per quarter, not pro rata, overrides monthly_one_to_one\n\
           rule senior_fortnightly: require one_to_one for senior_staff: every 2 weeks, overrides monthly_one_to_one\n";
    let loaded = workspace::check_source(&path, &relative, source, None);
    let weaker: Vec<_> = loaded
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::WeakerThanFramework)
        .collect();
    assert_eq!(weaker.len(), 1, "{weaker:#?}");
    assert_eq!(
        weaker[0].primary_span().text(&loaded.source),
        "agency_quarterly"
    );
    assert!(weaker[0].labels[0].message.starts_with("how often:"));
    assert!(weaker[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("`agency_quarterly` overrides `monthly_one_to_one`"));
}

#[test]
fn every_shipped_policy_meets_itself_as_a_framework() {
    // A policy is at least as strict as itself: each rule meets its own
    // copy, overridden rules included.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "sup") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let options = sup::check::CheckOptions {
            file_name: path.display().to_string(),
            today: None,
        };
        let policy = sup::check::check(&source, &options).policy;
        let weaker = sup::check::conformance::weaker_points(&policy, &policy);
        assert!(weaker.is_empty(), "{}: {weaker:#?}", path.display());
        seen += 1;
    }
    assert!(seen >= 6);
}

#[test]
fn a_point_that_cannot_be_compared_with_the_framework_does_not_meet_it() {
    // A fixed deadline of two years against the framework's "before the next
    // one_to_one" cannot be shown to be at least as strict (it may be far
    // looser), so it must not pass as meeting the framework.
    let (path, relative) = example("conforming-agency.sup");
    let source = std::fs::read_to_string(&path).unwrap().replace(
        "rule sessions_recorded: deadline one_to_one: recorded before the next one_to_one",
        "rule sessions_recorded: deadline one_to_one: recorded within 2 years of start",
    );
    let loaded = workspace::check_source(&path, &relative, source, None);
    let weaker: Vec<_> = loaded
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::WeakerThanFramework)
        .collect();
    assert_eq!(weaker.len(), 1, "{weaker:#?}");
    assert_eq!(
        weaker[0].message,
        "`sessions_recorded` cannot be shown to be at least as strict as the framework's `sessions_recorded` (deadline)"
    );
    assert_eq!(
        weaker[0].primary_span().text(&loaded.source),
        "sessions_recorded"
    );
    let help = weaker[0].help.as_deref().unwrap_or("");
    assert!(
        help.contains("so it cannot be shown to be at least as strict"),
        "{help}"
    );
}

/// The conformance diagnostics of a policy made of `policy_rules` against a
/// framework made of `framework_rules`, both compiled from text.
fn conformance_of(framework_rules: &str, policy_rules: &str) -> Vec<sup::diagnostic::Diagnostic> {
    let compile = |kind: &str, extra: &str, rules: &str| {
        let source = format!(
            "{kind} \"Case\" {{\n  review: 2030-01-01\n{extra}}}\n\
             roles: auditor\npurposes: auditing\n{rules}\n"
        );
        let checked = sup::check::check(
            &source,
            &sup::check::CheckOptions {
                file_name: "case.sup".into(),
                today: None,
            },
        );
        assert!(
            checked.diagnostics.iter().all(|d| !d.is_error()),
            "{rules}\n{:#?}",
            checked.diagnostics
        );
        checked
    };
    let (framework_header, holidays) = framework_rules
        .split_once("\n---\n")
        .unwrap_or(("", framework_rules));
    let framework = compile("framework", framework_header, holidays);
    let (policy_header, rules) = policy_rules
        .split_once("\n---\n")
        .unwrap_or(("", policy_rules));
    let policy = compile("policy", policy_header, rules);
    sup::check::conformance::diagnostics(&policy, "framework.sup", &framework.policy)
}

#[test]
fn a_duration_that_is_stricter_only_in_some_months_does_not_meet_the_framework() {
    // (framework rule, policy rule, whether it meets the framework, words
    // the help must contain when it does not).
    let deadline =
        |limit: &str| format!("rule r: deadline sessions: recorded within {limit} of start");
    let gap = |every: &str| format!("rule r: require one_to_one for staff_all: every {every}");
    let gap = |every: &str| format!("group staff_all: staff\n{}", gap(every));
    let rows: Vec<(String, String, bool, &str)> = vec![
        // Shorter in months of 31 days, longer in February.
        (
            deadline("1 month"),
            deadline("30 days"),
            false,
            "30 days is shorter than 1 month in months of 31 days, as long in months of 30 days and longer in February",
        ),
        (deadline("1 month"), deadline("28 days"), true, ""),
        (deadline("1 month"), deadline("4 weeks"), true, ""),
        (
            deadline("1 month"),
            deadline("31 days"),
            false,
            "31 days is longer than 1 month",
        ),
        (deadline("30 days"), deadline("1 month"), false, "longer in months of 31 days"),
        (deadline("31 days"), deadline("1 month"), true, ""),
        (gap("1 month"), gap("30 days"), false, "longer in February"),
        (gap("1 month"), gap("4 weeks"), true, ""),
        (gap("1 year"), gap("365 days"), true, ""),
        (gap("52 weeks"), gap("1 year"), false, "1 year is longer than 52 weeks"),
        // Working days against calendar days agree: 2 days is never longer
        // than 2 working days, but 3 days is longer on most dates.
        (deadline("2 working days"), deadline("2 days"), true, ""),
        (
            deadline("2 working days"),
            deadline("3 days"),
            false,
            "3 days is shorter than 2 working days where 2 working days is 4 to",
        ),
    ];
    let mut failures = Vec::new();
    for (framework, policy, meets, words) in &rows {
        let found = conformance_of(framework, policy);
        let weaker: Vec<_> = found
            .iter()
            .filter(|d| d.code == Code::WeakerThanFramework)
            .collect();
        let help = weaker
            .iter()
            .filter_map(|d| d.help.clone())
            .collect::<Vec<_>>()
            .join(" | ");
        if weaker.is_empty() != *meets || !help.contains(words) {
            failures.push(format!(
                "{framework}\n  against {policy}: expected meets={meets} with {words:?}, got {} diagnostics: {help}",
                weaker.len()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_same_working_days_over_more_holidays_do_not_meet_the_framework() {
    let rule = "rule r: deadline sessions: recorded within 2 working days of start";
    let closures = format!(
        "  holidays: closures\n\n---\nholidays closures {{\n  include england_and_wales\n  2024-12-23\n}}\n{rule}"
    );
    // The framework's working days skip bank holidays only; the policy's
    // skip a closure day too, so its deadline can fall later.
    let found = conformance_of(rule, &closures);
    assert_eq!(found.len(), 1, "{found:#?}");
    let help = found[0].help.as_deref().unwrap_or("");
    assert!(
        help.contains("2 working days are never shorter and sometimes longer (working days now skip `closures` instead of `england_and_wales`: 1 more weekday off (2024-12-23))"),
        "{help}"
    );
    // The other way round (the framework skips the closure too) it is met.
    let found = conformance_of(&closures, rule);
    assert!(found.is_empty(), "{found:#?}");
}
