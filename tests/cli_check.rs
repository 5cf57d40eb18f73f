//! The `sup` binary: exit codes and output formats of `check` and `compile`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::Path;
use std::process::{Command, Output};

fn sup(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

const CLEAN: &str = "tests/data/check/ok/every-family.sup";
const BROKEN: &str = "tests/data/check/err/unknown-unit.sup";
const OVERDUE: &str = "tests/data/check/err/review-overdue.sup";

#[test]
fn a_clean_policy_exits_zero() {
    let out = sup(&["check", "--today", "2026-11-22", CLEAN]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("checked 1 file: 0 errors, 0 warnings"));
}

#[test]
fn errors_exit_one_and_name_the_file_line_and_column() {
    let out = sup(&["check", "--today", "2026-11-22", BROKEN]);
    assert_eq!(code(&out), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sup::unknown-unit"), "{stderr}");
    assert!(
        stderr.contains("tests/data/check/err/unknown-unit.sup:7:"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `hours`?"), "{stderr}");
}

#[test]
fn warnings_alone_exit_zero_unless_denied() {
    assert_eq!(code(&sup(&["check", "--today", "2026-11-22", OVERDUE])), 0);
    assert_eq!(
        code(&sup(&[
            "check",
            "--today",
            "2026-11-22",
            "--deny-warnings",
            OVERDUE
        ])),
        1
    );
}

#[test]
fn the_review_date_is_judged_against_today() {
    let out = sup(&["check", "--today", "2021-01-01", "--deny-warnings", OVERDUE]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn unreadable_input_and_bad_usage_exit_two() {
    assert_eq!(code(&sup(&["check", "no/such/file.sup"])), 2);
    assert_eq!(code(&sup(&["check", "--today", "yesterday", CLEAN])), 2);
    assert_eq!(code(&sup(&["check"])), 2);
    assert_eq!(code(&sup(&["frobnicate"])), 2);
}

#[test]
fn json_lists_every_diagnostic_with_its_position() {
    let out = sup(&[
        "check",
        "--today",
        "2026-11-22",
        "--format",
        "json",
        BROKEN,
        OVERDUE,
    ]);
    assert_eq!(code(&out), 1);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = value.as_array().unwrap();
    let unit = all
        .iter()
        .find(|d| d["code"] == "sup::unknown-unit")
        .unwrap();
    assert_eq!(unit["severity"], "error");
    assert_eq!(unit["file"], BROKEN);
    assert_eq!(unit["line"], 7);
    assert_eq!(unit["help"], "did you mean `hours`?");
    assert_eq!(unit["fixes"][0]["replacement"], "hours");
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BROKEN)).unwrap();
    let (start, end) = (
        unit["span"]["start"].as_u64().unwrap() as usize,
        unit["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&source[start..end], "hourz");
    assert!(all
        .iter()
        .any(|d| d["code"] == "sup::review-overdue" && d["severity"] == "warning"));
}

#[test]
fn a_byte_order_mark_is_not_a_column_on_line_one() {
    // Editors hide the mark and do not count it: `reviw` is in column 14.
    const BOM: &str = "tests/data/check/err/unknown-header-field--after-a-byte-order-mark.sup";
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BOM)).unwrap();
    assert!(source.starts_with('\u{feff}'));
    let out = sup(&["check", "--today", "2026-11-22", BOM]);
    assert_eq!(code(&out), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{BOM}:1:14]")), "{stderr}");
    let out = sup(&["check", "--today", "2026-11-22", "--format", "json", BOM]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let field = &value[0];
    assert_eq!(field["code"], "sup::unknown-header-field");
    assert_eq!((&field["line"], &field["column"]), (&1.into(), &14.into()));
    assert_eq!(field["end_column"], 19);
    assert_eq!(field["labels"][0]["column"], 14);
    // Spans still count bytes of the text as given, mark included.
    let start = field["span"]["start"].as_u64().unwrap() as usize;
    assert!(source[start..].starts_with("reviw"));
}

#[test]
fn json_gives_the_framework_rule_a_weaker_point_falls_short_of() {
    let out = sup(&[
        "check",
        "--today",
        "2026-11-22",
        "--format",
        "json",
        "tests/data/check/err/weaker-than-framework.sup",
    ]);
    assert_eq!(code(&out), 1);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let related = &value[0]["related"][0];
    assert_eq!(
        related["file"],
        "policies/south-gloucestershire-framework.sup"
    );
    let framework = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/south-gloucestershire-framework.sup"),
    )
    .unwrap();
    let start = related["span"]["start"].as_u64().unwrap() as usize;
    assert!(framework[start..].starts_with("rule cancelled_sessions_rebooked:"));
    let line = framework[..start].lines().count() + 1;
    assert_eq!(related["line"], line);
    assert_eq!(related["column"], 1);
}

#[test]
fn compile_prints_the_compiled_policy() {
    let out = sup(&["compile", CLEAN]);
    assert_eq!(code(&out), 0);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["format_version"], sup::policy::FORMAT_VERSION);
    assert_eq!(value["header"]["title"], "Every family");
}

#[test]
fn compile_refuses_a_policy_with_errors() {
    let out = sup(&["compile", BROKEN]);
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not compiled"));
}

#[test]
fn compile_writes_to_a_file() {
    let dir = std::env::temp_dir().join(format!("sup-compile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_path = dir.join("policy.json");
    let out = sup(&["compile", CLEAN, "-o", out_path.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_eq!(written["format_version"], sup::policy::FORMAT_VERSION);
    std::fs::remove_dir_all(&dir).unwrap();
}
