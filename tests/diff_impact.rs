//! `sup diff --records`: both versions of the BCP policy judged against the
//! example export, and the breaches the draft adds and resolves. The draft
//! (`tests/data/diff/impact/bcp-draft.sup`) tightens `monthly_supervision`
//! to `every 3 weeks`, renames `case_decisions_recorded_within_a_week` and
//! drops `supervisors_observed_annually`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::process::{Command, Output};

const OLD: &str = "tests/data/diff/impact/bcp.sup";
const NEW: &str = "tests/data/diff/impact/bcp-draft.sup";

fn sup(extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sup"))
        .args([
            "diff",
            OLD,
            NEW,
            "--records",
            "examples/records",
            "--as-of",
            "2026-11-22",
        ])
        .args(extra)
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

fn json() -> serde_json::Value {
    serde_json::from_str(&stdout(&sup(&["--format", "json"]))).unwrap()
}

/// (rule, subject id) of each finding in a list.
fn ids(list: &serde_json::Value) -> Vec<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["subject"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn added_and_resolved() {
    let value = json();
    let impact = &value["impact"];
    assert_eq!(impact["period"]["from"], "2025-11-22");
    assert_eq!(impact["period"]["to"], "2026-11-21");
    assert_eq!(impact["old"]["breaches"], 39);
    let added = ids(&impact["added"]);
    let resolved = ids(&impact["resolved"]);
    // The dropped rule's breach is resolved. S00003's breach of the
    // monthly rule (no session in May 2026) is not: the draft's
    // three-weekly gaps cut other windows, but one of them overlaps it.
    assert_eq!(
        resolved,
        [(
            "supervisors_observed_annually".to_string(),
            "S00008".to_string()
        )]
    );
    assert!(added.contains(&("monthly_supervision".into(), "S00003".into())));
    // Every 3 weeks is late for people seen monthly: the Head of Service, in
    // the Directorate, among them.
    let head = impact["added"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"]["id"] == "S00001")
        .expect("S00001 has an added breach");
    assert_eq!(head["rule"], "monthly_supervision");
    assert_eq!(head["team"], "Directorate");
    assert_eq!(head["window"]["start"], "2025-11-05");
    assert_eq!(head["due"], "2025-11-26");
    // Only the tightened rule adds breaches; the renamed rule's breaches are
    // the same findings on both sides, so neither added nor resolved.
    assert!(added.iter().all(|(rule, _)| rule == "monthly_supervision"));
    for list in [&added, &resolved] {
        assert!(!list
            .iter()
            .any(|(rule, _)| rule.contains("decisions_recorded")));
    }
    let new_breaches = impact["new"]["breaches"].as_u64().unwrap() as usize;
    assert_eq!(39 + added.len() - resolved.len(), new_breaches);
    // The counts by rule and by team add up to the lists.
    for (table, key) in [("by_rule", "added"), ("by_team", "added")] {
        let total: u64 = impact[table]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].as_u64().unwrap())
            .sum();
        assert_eq!(total as usize, added.len(), "{table}");
    }
    assert!(impact["by_rule"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["rule"] == "supervisors_observed_annually" && r["resolved"] == 1));
}

#[test]
fn without_records_there_is_no_impact() {
    let output = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(["diff", OLD, NEW, "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(value.get("impact").is_none());
}

#[test]
fn the_same_policy_has_no_impact() {
    let output = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args([
            "diff",
            OLD,
            OLD,
            "--records",
            "examples/records",
            "--as-of",
            "2026-11-22",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("no semantic change"), "{text}");
    assert!(text.contains("no breach added or resolved"), "{text}");
}

#[test]
fn an_unreadable_export_fails_with_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(["diff", OLD, NEW, "--records", "tests/data/no-such-dir"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn human() {
    insta::assert_snapshot!(stdout(&sup(&[])));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(stdout(&sup(&["--format", "markdown"])));
}
