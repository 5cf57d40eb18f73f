//! The export corpus: every broken export under `tests/data/records/err/`
//! must stop `sup eval` with exit code 2 and the error in its snapshot (file,
//! line, column, expected type, stable code); every export under `ok/` (BOM,
//! CRLF, JSON Lines, a mapping, `--lenient`) must load and be judged.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::unhashed;

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
    eval_with(case, &[])
}

/// As [`eval`], with `extra` arguments after the case's own.
fn eval_with(case: &Path, extra: &[&str]) -> (i32, String, String) {
    let relative = case
        .strip_prefix(root())
        .unwrap_or(case)
        .display()
        .to_string();
    // A case may bring its own policy (the history cases read staff
    // columns the shared one does not).
    let policy = if case.join("policy.sup").is_file() {
        format!("{relative}/policy.sup")
    } else {
        "tests/data/records/policy.sup".into()
    };
    let mut args = vec![
        "eval".to_string(),
        policy,
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
    args.extend(extra.iter().map(|a| a.to_string()));
    let out = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(&args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("sup runs");
    (
        out.status.code().unwrap_or(-1),
        unhashed(&String::from_utf8_lossy(&out.stdout)),
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
fn the_json_report_gives_each_note_its_code() {
    // The notes the human report lists under "Notes", in the same order, each
    // with the stable code documented in docs/diagnostics.md.
    let case = root().join("tests/data/records/ok/multi-line-values");
    let (code, out, err) = eval_with(&case, &["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let notes: Vec<(&str, &str)> = json["notes"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["code"].as_str().unwrap(), n["file"].as_str().unwrap()))
        .collect();
    let cases = "tests/data/records/ok/multi-line-values/cases.csv";
    let staff = "tests/data/records/ok/multi-line-values/staff.csv";
    assert_eq!(
        notes,
        [
            ("sup::records::unused-table", cases),
            ("sup::records::missing-unused-column", staff),
            ("sup::records::unknown-column", staff),
            ("sup::records::multi-line-value", staff),
        ]
    );
    let known: Vec<&str> = sup::diagnostic::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert!(notes.iter().all(|(c, _)| known.contains(c)));
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
        let text = unhashed(&String::from_utf8_lossy(&out.stdout));
        for line in ["line 4", "line 7"] {
            assert!(text.contains(line), "{format}: {line}\n{text}");
        }
        insta::assert_snapshot!(format!("lenient-{format}"), text);
    }
}

/// The three history cases hold the same periods as CSV, JSON Lines and a
/// mapped file: each must give the same value on each boundary day.
#[test]
fn histories_give_the_value_in_force_on_each_day() {
    use sup::records::{load_dir, LoadOptions, Mapping, Value};
    let ok = root().join("tests/data/records/ok");
    let source = std::fs::read_to_string(ok.join("history/policy.sup")).expect("policy");
    let policy = sup::check::check(&source, &sup::check::CheckOptions::default()).policy;
    for case in ["history", "history-jsonl", "history-mapped"] {
        let dir = ok.join(case);
        let mapping = match std::fs::read_to_string(dir.join("mapping.toml")) {
            Ok(text) => Mapping::parse("mapping.toml", &text, &policy).expect("mapping"),
            Err(_) => Mapping::default(),
        };
        let options = LoadOptions {
            mapping,
            ..LoadOptions::default()
        };
        let loaded = load_dir(&dir, &policy, &options).expect("loads");
        let records = &loaded.records;
        let staff = records.table("staff").expect("staff");
        let row = |id: &str| {
            let sym = records.interner.get(id).expect("interned");
            staff.row_of(sym).expect("a row")
        };
        let (role, supervisor) = (
            staff.column_index("role").expect("role"),
            staff.column_index("supervisor").expect("supervisor"),
        );
        let day = |d: &str| sup::records::parse_date(d).expect("a date");
        let text = |v: Value| v.sym().map(|s| records.text(s).to_string());
        let on = |id: &str, column: usize, d: &str| text(staff.at_on(row(id), column, day(d)));
        let some = |s: &str| Some(s.to_string());
        // S2: team manager until the end of 2025, then the snapshot's
        // social worker; supervised by S4 in January, by S1 (the snapshot)
        // in February, and by S4 again from March on.
        assert_eq!(on("S2", role, "2025-12-31"), some("team_manager"), "{case}");
        assert_eq!(
            on("S2", role, "2026-01-01"),
            some("social_worker"),
            "{case}"
        );
        assert_eq!(on("S2", supervisor, "2026-01-01"), some("S4"), "{case}");
        assert_eq!(on("S2", supervisor, "2026-01-31"), some("S4"), "{case}");
        assert_eq!(on("S2", supervisor, "2026-02-01"), some("S1"), "{case}");
        assert_eq!(on("S2", supervisor, "2026-02-28"), some("S1"), "{case}");
        assert_eq!(on("S2", supervisor, "2026-03-01"), some("S4"), "{case}");
        assert_eq!(on("S2", supervisor, "2030-01-01"), some("S4"), "{case}");
        // S3: team manager from 2026 on, open-ended.
        assert_eq!(
            on("S3", role, "2025-12-31"),
            some("social_worker"),
            "{case}"
        );
        assert_eq!(on("S3", role, "2026-01-01"), some("team_manager"), "{case}");
        // S4: a social worker supervised by S1 in February only.
        assert_eq!(on("S4", role, "2026-01-31"), some("team_manager"), "{case}");
        assert_eq!(
            on("S4", role, "2026-02-01"),
            some("social_worker"),
            "{case}"
        );
        assert_eq!(on("S4", supervisor, "2026-02-15"), some("S1"), "{case}");
        assert_eq!(on("S4", supervisor, "2026-03-01"), None, "{case}");
        assert!(
            staff.has_history(role) && staff.has_history(supervisor),
            "{case}"
        );
        assert_eq!(
            staff.change_days(row("S2"), &[role, supervisor]),
            ["2025-06-01", "2026-01-01", "2026-02-01", "2026-03-01"].map(day),
            "{case}"
        );
        let periods = staff.history_periods(row("S2"), role);
        assert_eq!(periods.len(), 1, "{case}");
        // The line of the file: JSON Lines has no header row.
        let line = if case == "history-jsonl" { 1 } else { 2 };
        assert_eq!(periods.first().map(|p| p.line), Some(line), "{case}");
        // S1 has no history: the snapshot on every day.
        assert!(staff.change_days(row("S1"), &[role, supervisor]).is_empty());
    }
}
