//! Issue 11, walls 3 to 5: each clause encoded directly checks clean,
//! evaluates to the breach planted in its small export under
//! `tests/data/lang/<construct>/records/`, and `describe` reads it back
//! (reviewed snapshots in `tests/snapshots/lang_days__*.snap`).

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
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `sup` in the crate root; (exit code, stdout, stderr).
fn sup(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the sup binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The construct's policy checks clean (no error, no warning).
fn checks_clean(construct: &str) {
    let policy = format!("tests/data/lang/{construct}/policy.sup");
    let (code, out, err) = sup(&["check", &policy, "--today", "2026-11-22", "--deny-warnings"]);
    assert_eq!(code, 0, "{construct} should check clean:\n{out}{err}");
}

/// `subject window actual` of each finding, judged from 1 January to 31
/// March 2026.
fn findings(construct: &str) -> Vec<String> {
    let policy = format!("tests/data/lang/{construct}/policy.sup");
    let records = format!("tests/data/lang/{construct}/records");
    let (code, out, err) = sup(&[
        "eval",
        &policy,
        "--records",
        &records,
        "--as-of",
        "2026-04-01",
        "--from",
        "2026-01-01",
        "--format",
        "json",
    ]);
    assert!(code == 0 || code == 1, "{construct}: exit {code}: {err}");
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    parsed["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {}..{} {}",
                f["status"].as_str().unwrap_or(""),
                f["subject"]["id"].as_str().unwrap_or(""),
                f["window"]["start"].as_str().unwrap_or(""),
                f["window"]["end"].as_str().unwrap_or(""),
                f["actual"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn described(construct: &str) -> String {
    let policy = format!("tests/data/lang/{construct}/policy.sup");
    let (code, out, err) = sup(&["describe", &policy]);
    assert_eq!(code, 0, "{construct}: {err}");
    out
}

#[test]
fn a_dbs_check_within_the_last_3_years_on_every_day() {
    checks_clean("standing-last");
    assert_eq!(
        findings("standing-last"),
        ["breach S2 2026-02-15..2026-03-01 none from 2026-02-15 to 2026-03-01 (15 days): the last, D3, covered up to 2026-02-14"]
    );
    insta::assert_snapshot!("standing_last", described("standing-last"));
}

#[test]
fn a_session_booked_within_the_next_3_months_on_every_day() {
    checks_clean("standing-booked");
    assert_eq!(
        findings("standing-booked"),
        ["breach S1 2026-02-20..2026-02-26 none booked from 2026-02-20 to 2026-02-26 (7 days): the last booking, X2, covered up to 2026-02-19"]
    );
    insta::assert_snapshot!("standing_booked", described("standing-booked"));
}

#[test]
fn supervised_every_8_shifts_worked() {
    checks_clean("every-occurrence");
    assert_eq!(
        findings("every-occurrence"),
        ["breach A 2026-01-09..2026-02-04 none since X1 on 2026-01-09 by A13 on 2026-02-04, the 9th `shift` after it"]
    );
    insta::assert_snapshot!("every_occurrence", described("every-occurrence"));
}

#[test]
fn labels_of_columns_and_registrations_are_read_back() {
    checks_clean("labels");
    let policy = "tests/data/lang/labels/policy.sup";
    let (code, out, err) = sup(&[
        "eval",
        policy,
        "--records",
        "tests/data/lang/labels/records",
        "--as-of",
        "2026-04-01",
        "--from",
        "2026-03-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let expected: Vec<&str> = parsed["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["expected"].as_str().unwrap_or(""))
        .collect();
    // `pro rata by week_share` names the column it read, by its label.
    assert!(
        expected.contains(
            &"at least 3 one_to_one per month (pro rata at share of a full week worked 0.6)"
        ),
        "{expected:?}"
    );
    // The deadline's columns go by their labels too, in both texts.
    let late = parsed["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "given_for_signature")
        .expect("the late signature request");
    assert_eq!(
        late["expected"],
        "`supervisee's signature requested` within 5 working days of `start` (2026-03-16 10:00): by 2026-03-23"
    );
    assert_eq!(
        late["actual"],
        "supervisee's signature requested 2026-03-30 (7 days late)"
    );
    insta::assert_snapshot!("labels", described("labels"));
}

/// The one changed rule's verdict and reasons, `old` → `new`.
fn diff_verdict(old: &str, new: &str) -> (sup::diff::Direction, String) {
    let base = "policy \"Diff\" { review: 2030-01-01 }\ntags: agency\nextend sessions { booked: optional datetime }\ntable dbs_checks { id: id\n staff: ref staff\n checked: date }\nactivity dbs_check: dbs_checks by staff on checked\ntable shifts { id: id\n worker: ref staff\n date: date }\nactivity shift: shifts by worker on date\nactivity night: shifts by worker on date\ngroup all_staff: staff\n";
    let compile = |rule: &str| {
        let checked = sup::check::check(
            &format!("{base}{rule}\n"),
            &sup::check::CheckOptions::default(),
        );
        assert!(!checked.has_errors(), "{rule}: {:#?}", checked.diagnostics);
        checked.policy
    };
    let d = sup::diff::diff(&compile(old), &compile(new));
    assert_eq!(d.rules.len(), 1, "{}", sup::diff::render::human(&d));
    let change = &d.rules[0];
    let reasons: Vec<String> = change
        .aspects
        .iter()
        .map(|a| format!("{}: {}", a.what, a.reason))
        .collect();
    (change.direction, reasons.join(" | "))
}

#[test]
fn the_diff_judges_standing_checks_and_counted_cadences() {
    use sup::diff::Direction::{Looser, Neutral, Stricter};
    let cases = [
        (
            "rule r: every member of all_staff: dbs_check within the last 3 years",
            "rule r: every member of all_staff: dbs_check within the last 2 years",
            Stricter,
            "window: renewed more often: 2 years is shorter than 3 years",
        ),
        (
            "rule r: every member of all_staff: one_to_one booked within the next 3 months",
            "rule r: every member of all_staff: one_to_one booked within the next 6 months",
            Looser,
            "window: the next booking may be further off: 6 months is longer than 3 months",
        ),
        (
            "rule r: require one_to_one for all_staff: every 8 shifts",
            "rule r: require one_to_one for all_staff: every 6 shifts",
            Stricter,
            "how often: more often: every 6 of `shift` instead of every 8",
        ),
        (
            "rule r: require one_to_one for all_staff: every 8 shifts",
            "rule r: require one_to_one for all_staff: every 8 nights",
            // Shifts and nights are counted apart: neither takes in the other.
            Neutral,
            "how often: counted in rows of `night` instead of `shift`; the two cannot be compared",
        ),
    ];
    for (old, new, direction, reason) in cases {
        let (got, words) = diff_verdict(old, new);
        assert_eq!((got, words.as_str()), (direction, reason), "{old} → {new}");
        let (back, _) = diff_verdict(new, old);
        let opposite = match direction {
            Stricter => Looser,
            Looser => Stricter,
            other => other,
        };
        assert_eq!(back, opposite, "{new} → {old}");
    }
}
