//! `sup diff` end to end on real material: the SENDSARS policy as written
//! (2018) against the draft for its overdue review, in each output format,
//! with reviewed snapshots; and a reformatted, reordered copy, which must be
//! "no semantic change".
//!
//! The snapshots use frozen copies in `tests/data/diff/versions/`, so that
//! editing `policies/sendsars.sup` does not change them; the pair in
//! `policies/` is checked for its main changes without a snapshot.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const OLD: &str = "tests/data/diff/versions/sendsars-2018.sup";
const NEW: &str = "tests/data/diff/versions/sendsars-2026-draft.sup";

fn sup(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn human() {
    insta::assert_snapshot!(stdout(&sup(&["diff", OLD, NEW])));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(stdout(&sup(&["diff", OLD, NEW, "--format", "markdown"])));
}

#[test]
fn json() {
    let text = stdout(&sup(&["diff", OLD, NEW, "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["summary"]["unchanged"], 24);
    insta::assert_snapshot!(text);
}

/// A scratch copy of a policy under `target/`, so that it can sit beside
/// nothing and be deleted freely.
fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-scratch/diff_formats");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_reordered_and_reformatted_copy_has_no_semantic_change() {
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(OLD)).unwrap();
    // Every paragraph (a statement and the comments above it) in reverse
    // order, each rule squashed onto fewer lines and indented oddly.
    let mut paragraphs: Vec<String> = source
        .split("\n\n")
        .map(|p| p.replace("  allow", "      allow").replace(": ", " :  "))
        .collect();
    paragraphs.reverse();
    let shuffled = paragraphs.join("\n\n\n");
    let path = scratch("sendsars-reordered.sup", &shuffled);
    let path = path.to_str().unwrap();
    let out = stdout(&sup(&["diff", OLD, path]));
    assert!(out.ends_with("no semantic change\n"), "{out}");
    let out = stdout(&sup(&["diff", OLD, path, "--format", "markdown"]));
    assert!(out.contains("**No semantic change.**"), "{out}");
    let out = stdout(&sup(&["diff", OLD, path, "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["rules"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_policy_with_errors_is_not_compared() {
    let path = scratch(
        "broken.sup",
        "policy \"x\" { }\nrule r: require one_to_one for nobody: every 1 week\n",
    );
    let out = sup(&["diff", OLD, path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sup::unknown-group"), "{stderr}");
    assert!(stderr.contains("cannot compare"), "{stderr}");
}

#[test]
fn a_version_weaker_than_its_framework_is_still_compared() {
    let out = sup(&[
        "diff",
        "tests/data/diff/conformance/conforming-agency.sup",
        "tests/data/diff/conformance/weaker-agency.sup",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let text = stdout(&out);
    assert!(stderr.contains("sup::weaker-than-framework"), "{stderr}");
    assert!(
        stderr.contains("weaker-agency.sup` does not meet its framework"),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot compare"), "{stderr}");
    // The framework's rule is drawn from its own file.
    assert!(
        stderr.contains("south-gloucestershire-framework.sup:"),
        "{stderr}"
    );
    // The weaker deadline shows in the diff as looser.
    assert!(
        text.contains("looser   cancelled_sessions_rebooked"),
        "{text}"
    );
}

#[test]
fn a_missing_file_exits_two() {
    let out = sup(&["diff", OLD, "policies/no-such-policy.sup"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_shipped_draft_is_judged_change_by_change() {
    let text = stdout(&sup(&[
        "diff",
        "policies/sendsars.sup",
        "policies/sendsars-2026-draft.sup",
        "--format",
        "json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let verdict = |name: &str| {
        value["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["new"]["name"] == name || r["old"]["name"] == name)
            .map(|r| r["direction"].as_str().unwrap().to_string())
    };
    for (name, direction) in [
        ("monthly_one_to_one", "stricter"),
        ("supervised_by_a_manager", "looser"),
        ("records_within_5_working_days", "looser"),
        ("personal_supervision_access", "mixed"),
        ("personal_supervision_kept_six_years", "stricter"),
        ("caseload_per_fte", "mixed"),
        ("missed_calls_returned", "looser"),
        ("monthly_locality_meetings", "looser"),
        ("monthly_timesheets", "looser"),
    ] {
        assert_eq!(verdict(name).as_deref(), Some(direction), "{name}");
    }
    let header: Vec<&str> = value["header"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["field"].as_str().unwrap())
        .collect();
    assert_eq!(header, vec!["version", "effective", "review"]);
}
