//! The export corpus: every broken export under `tests/data/records/err/`
//! must stop `sup eval` with exit code 2 and the error in its snapshot (file,
//! line, column, expected type, stable code); every export under `ok/` (BOM,
//! CRLF, JSON Lines, a mapping, `--lenient`) must load and be judged.

// A failed expectation in a test is a failing test, which is what we want.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases(kind: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/data/records").join(kind);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// Run `sup eval` on one case; (exit code, stdout, stderr).
fn eval(case: &Path) -> (i32, String, String) {
    let relative = case
        .strip_prefix(root())
        .unwrap_or(case)
        .display()
        .to_string();
    let mut args = vec![
        "eval".to_string(),
        "tests/data/records/policy.sup".into(),
        "--records".into(),
        relative.clone(),
        "--as-of".into(),
        "2026-04-01".into(),
        "--from".into(),
        "2026-01-01".into(),
    ];
    if case.join("mapping.toml").is_file() {
        args.push("--map".into());
        args.push(format!("{relative}/mapping.toml"));
    }
    if let Ok(extra) = std::fs::read_to_string(case.join("args")) {
        args.extend(extra.split_whitespace().map(str::to_string));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(&args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("sup runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn name(case: &Path) -> String {
    case.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn broken_exports_stop_with_a_clear_error() {
    let all = cases("err");
    assert!(all.len() >= 14, "the corpus has {} cases", all.len());
    for case in all {
        let (code, out, err) = eval(&case);
        assert_eq!(code, 2, "{}: exit {code}\n{err}", case.display());
        assert!(
            out.is_empty(),
            "{}: nothing is reported when the export cannot be read",
            case.display()
        );
        assert!(
            err.contains("sup::records::"),
            "{}: every error has a stable code\n{err}",
            case.display()
        );
        insta::assert_snapshot!(format!("err-{}", name(&case)), err);
    }
}

#[test]
fn awkward_but_valid_exports_load() {
    for case in cases("ok") {
        let (code, out, err) = eval(&case);
        assert!(
            code == 0 || code == 1,
            "{}: exit {code}\n{err}",
            case.display()
        );
        assert!(err.is_empty(), "{}: {err}", case.display());
        insta::assert_snapshot!(format!("ok-{}", name(&case)), out);
    }
}

#[test]
fn the_same_export_reads_the_same_in_every_encoding() {
    // BOM and CRLF, JSON Lines and a mapped export hold the same rows as the
    // plain CSV: the findings must be the same.
    let findings = |case: &str| {
        let (_, out, _) = eval(&root().join("tests/data/records/ok").join(case));
        out.lines()
            .skip(4)
            .filter(|l| !l.contains("not read") && !l.contains("tests/data/records/ok/"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let plain = findings("bom-and-crlf");
    assert_eq!(plain, findings("jsonl"));
    let mapped: Vec<String> = findings("mapped")
        .into_iter()
        .filter(|l| !l.contains("Notes") && !l.contains("case_notes.csv"))
        .collect();
    let plain_without_notes: Vec<String> =
        plain.into_iter().filter(|l| !l.contains("Notes")).collect();
    assert_eq!(plain_without_notes, mapped);
}

#[test]
fn skipped_rows_are_listed_in_markdown_and_junit() {
    // Under --lenient every skipped row must reach every report a person
    // or a dashboard reads, not only the human one.
    for format in ["markdown", "junit"] {
        let out = Command::new(env!("CARGO_BIN_EXE_sup"))
            .args([
                "eval",
                "tests/data/records/policy.sup",
                "--records",
                "tests/data/records/ok/lenient",
                "--lenient",
                "--as-of",
                "2026-04-01",
                "--from",
                "2026-01-01",
                "--format",
                format,
            ])
            .current_dir(root())
            .env("NO_COLOR", "1")
            .output()
            .expect("sup runs");
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        for line in ["line 4", "line 7"] {
            assert!(text.contains(line), "{format}: {line}\n{text}");
        }
        insta::assert_snapshot!(format!("lenient-{format}"), text);
    }
}
