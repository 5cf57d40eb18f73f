//! `sup eval` and `sup explain` run as a user runs them: the built binary on
//! `examples/records`, one snapshot per output format, and the exit codes
//! CI gates on.

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
        unhashed(&String::from_utf8_lossy(&out.stdout)),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const POLICY: &str = "policies/bcp-childrens-services.sup";

fn eval(format: &str) -> (i32, String) {
    let (code, out, err) = sup(&[
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--format",
        format,
    ]);
    assert!(err.is_empty(), "stderr: {err}");
    (code, out)
}

#[test]
fn human_report() {
    let (code, out) = eval("human");
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

/// The human report grouped another way (`--by person|rule`), with what is
/// due soon.
fn human_by(by: &str) -> String {
    let (code, out, err) = sup(&[
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--upcoming",
        "14d",
        "--by",
        by,
    ]);
    assert!(err.is_empty(), "stderr: {err}");
    assert_eq!(code, 1);
    out
}

#[test]
fn human_report_by_person() {
    insta::assert_snapshot!(human_by("person"));
}

#[test]
fn human_report_by_rule() {
    insta::assert_snapshot!(human_by("rule"));
}

#[test]
fn human_report_by_team_with_due_soon() {
    let out = human_by("team");
    // The summary comes first, then each team with its people.
    let summary = out.find("Summary\n").expect("a summary");
    let first_team = out.find("── ").expect("a team heading");
    assert!(summary < first_team, "{out}");
    // Open breaches before closed ones, each person's due soon last.
    let s00008 = out.split("S00008  ").nth(1).expect("S00008 has findings");
    let s00008 = s00008.split("\nS000").next().unwrap_or_default();
    assert!(s00008.contains("✗ open"), "{s00008}");
    // One line for the waiver that covers twelve months of one supervision.
    assert_eq!(out.matches("by W0000001").count(), 1, "{out}");
    assert!(
        out.contains("waived 12 times from 2025-12-12 to 2026-11-12 by W0000001"),
        "{out}"
    );
    // What the issue quoted is said in words now.
    for raw in [
        "windows fail",
        "at least 0 days before",
        "supervisor.level >= supervisee.level + 1",
        "supervising_for = (empty)",
        "hours late",
    ] {
        assert!(!out.contains(raw), "`{raw}` in\n{out}");
    }
}

#[test]
fn json_report() {
    let (code, out) = eval("json");
    assert_eq!(code, 1);
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(parsed["format_version"], 1);
    insta::assert_snapshot!(out);
}

#[test]
fn junit_report() {
    let (code, out) = eval("junit");
    assert_eq!(code, 1);
    assert!(out.starts_with("<?xml"));
    insta::assert_snapshot!(out);
}

#[test]
fn csv_report() {
    let (code, out) = eval("csv");
    assert_eq!(code, 1);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows = reader.records().count();
    let json = eval("json").1;
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(
        Some(rows),
        parsed["findings"].as_array().map(Vec::len),
        "one CSV row per finding"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn markdown_report() {
    let (code, out) = eval("markdown");
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn due_soon_view() {
    let (code, out, _) = sup(&[
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--upcoming",
        "14d",
        "--limit",
        "3",
        "--by",
        "rule",
    ]);
    assert_eq!(code, 1);
    let due = out
        .split("Due in the next 14 days")
        .nth(1)
        .unwrap_or_default();
    insta::assert_snapshot!(due);
}

#[test]
fn due_soon_in_markdown() {
    let (code, out, _) = sup(&[
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--upcoming",
        "14d",
        "--limit",
        "3",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 1);
    let due = out.split("### Due soon").nth(1).unwrap_or_default();
    insta::assert_snapshot!(due);
}

#[test]
fn explain_a_verdict() {
    let planted: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/planted.json")).expect("planted list"),
    )
    .expect("JSON");
    let nqsw = planted
        .as_array()
        .and_then(|a| a.iter().find(|p| p["rule"] == "nqsw_schedule"))
        .expect("a planted nqsw_schedule breach");
    let subject = nqsw["subject"].as_str().unwrap_or_default();
    let (code, out, err) = sup(&[
        "explain",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--rule",
        "nqsw_schedule",
        "--subject",
        subject,
    ]);
    assert!(err.is_empty(), "{err}");
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

/// `sup explain` on the small fixture in `tests/data/explain/either`, whose
/// rules count or judge two kinds of session.
fn explain_either(rule: &str) -> String {
    let (code, out, err) = sup(&[
        "explain",
        "tests/data/explain/either/policy.sup",
        "--records",
        "tests/data/explain/either/records",
        "--as-of",
        "2026-03-01",
        "--rule",
        rule,
        "--subject",
        "S2",
    ]);
    assert!(err.is_empty(), "{err}");
    assert!(code == 0 || code == 1, "exit {code}");
    out
}

/// A row that counts under one of a rule's activities is listed as counting
/// only, not also as "does not count" under the other; a row that counts
/// under none is listed once, with the reason.
#[test]
fn explain_a_rule_of_two_activities_says_each_row_once() {
    for rule in ["either", "managers_supervise"] {
        let out = explain_either(rule);
        for id in ["X1", "X2"] {
            assert!(
                !out.contains(&format!("sessions {id} does not count")),
                "{rule}: {out}"
            );
        }
        for id in ["X3", "X4", "X5", "X6"] {
            assert_eq!(
                out.matches(&format!("sessions {id} does not count"))
                    .count(),
                1,
                "{rule}: {out}"
            );
        }
    }
    insta::assert_snapshot!("explain_either_frequency", explain_either("either"));
    insta::assert_snapshot!(
        "explain_either_eligibility",
        explain_either("managers_supervise")
    );
}

#[test]
fn explain_rejects_unknown_rules_and_subjects() {
    let (code, _, err) = sup(&[
        "explain",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--rule",
        "nqsw_schedul",
        "--subject",
        "S00019",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `nqsw_schedule`?"), "{err}");
    let (code, _, err) = sup(&[
        "explain",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--rule",
        "nqsw_schedule",
        "--subject",
        "NOBODY",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no row of the export has the id `NOBODY`"),
        "{err}"
    );
}

#[test]
fn explain_says_when_a_rule_never_applied_and_when_it_was_met() {
    let explain = |rule: &str, subject: &str| {
        sup(&[
            "explain",
            POLICY,
            "--records",
            "examples/records",
            "--as-of",
            "2026-11-22",
            "--rule",
            rule,
            "--subject",
            subject,
        ])
    };
    // S00001 is the head of service, never a newly qualified social worker.
    let (code, out, _) = explain("nqsw_schedule", "S00001");
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().last(),
        Some("verdict: not judged (the rule does not apply to S00001 in the period)")
    );
    let (code, out, _) = explain("monthly_supervision", "S00001");
    assert_eq!(code, 0);
    assert_eq!(out.lines().last(), Some("verdict: met"));
    // A session id given to a rule about staff: say what the id is.
    let (code, out, _) = explain("monthly_supervision", "X0000337");
    assert_eq!(code, 0);
    assert!(
        out.contains("the rule never applied to `X0000337` (a row of `sessions`) in this period"),
        "{out}"
    );
}

#[test]
fn a_compliant_export_exits_zero_and_writes_to_a_file() {
    let dir = std::env::temp_dir().join(format!("sup-compliant-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.display().to_string();
    let (code, _, err) = sup(&[
        "generate",
        "--out",
        &d,
        "--plants",
        "0",
        "--seed",
        "7",
        "--planted",
        &format!("{d}.planted.json"),
    ]);
    assert_eq!(code, 0, "{err}");
    let report = dir.join("report.xml");
    let (code, out, err) = sup(&[
        "eval",
        POLICY,
        "--records",
        &d,
        "--as-of",
        "2026-11-22",
        "--format",
        "junit",
        "-o",
        &report.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let xml = std::fs::read_to_string(&report).expect("report written");
    assert!(xml.contains("failures=\"0\""), "{xml}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(format!("{d}.planted.json"));
}

#[test]
fn a_policy_with_errors_cannot_be_evaluated() {
    let dir = std::env::temp_dir().join(format!("sup-bad-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let policy = dir.join("bad.sup");
    std::fs::write(
        &policy,
        "policy \"x\" {}\nrule r: require one_to_one for nobody: at least 1 per month\n",
    )
    .expect("write");
    let (code, _, err) = sup(&[
        "eval",
        &policy.display().to_string(),
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be evaluated"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_examples_are_what_the_generator_writes() {
    // examples/records is `sup generate --out examples/records --planted
    // examples/planted.json --history --traps examples/traps.json` with the
    // defaults: regenerate and compare.
    let dir = std::env::temp_dir().join(format!("sup-regen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.display().to_string();
    let planted = format!("{d}.planted.json");
    let traps = format!("{d}.traps.json");
    let (code, _, err) = sup(&[
        "generate",
        "--out",
        &d,
        "--planted",
        &planted,
        "--history",
        "--traps",
        &traps,
    ]);
    assert_eq!(code, 0, "{err}");
    // Every file written is committed, and the same.
    let written = std::fs::read_dir(&dir).expect("written").count();
    let committed = std::fs::read_dir(root().join("examples/records"))
        .expect("examples")
        .count();
    assert_eq!(written, committed);
    for entry in std::fs::read_dir(root().join("examples/records")).expect("examples") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let committed = std::fs::read_to_string(&path).expect("read");
        let fresh = std::fs::read_to_string(Path::new(&d).join(&name)).unwrap_or_default();
        assert!(
            committed == fresh,
            "examples/records/{name} differs from the generator's output: regenerate it"
        );
    }
    let committed = std::fs::read_to_string(root().join("examples/planted.json")).expect("read");
    assert_eq!(
        committed,
        std::fs::read_to_string(&planted).unwrap_or_default()
    );
    let committed = std::fs::read_to_string(root().join("examples/traps.json")).expect("read");
    assert_eq!(
        committed,
        std::fs::read_to_string(&traps).unwrap_or_default()
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(planted);
    let _ = std::fs::remove_file(traps);
}

#[test]
fn a_policy_not_yet_in_force_has_nothing_to_judge() {
    // The example policy takes effect on 2025-04-01.
    let run = |as_of: &str, from: Option<&str>| {
        let mut args = vec![
            "eval",
            POLICY,
            "--records",
            "examples/records",
            "--as-of",
            as_of,
        ];
        if let Some(from) = from {
            args.extend(["--from", from]);
        }
        sup(&args)
    };
    let (code, out, err) = run("2025-04-01", None);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "error: `policies/bcp-childrens-services.sup` takes effect on 2025-04-01, not before `--as-of 2025-04-01`: nothing would be judged (give `--from` to judge earlier records against it anyway)\n"
    );
    // From the day it takes effect, its first day is judged.
    let (code, out, _) = run("2025-04-02", None);
    assert!(code == 0 || code == 1, "exit {code}");
    assert!(out.contains("judged   2025-04-01 to 2025-04-01"), "{out}");
    // Asked for explicitly, earlier records are judged.
    let (code, out, _) = run("2025-04-01", Some("2025-03-01"));
    assert!(code == 0 || code == 1, "exit {code}");
    assert!(out.contains("judged   2025-03-01 to 2025-03-31"), "{out}");
}

#[test]
fn a_request_for_fewer_staff_than_the_smallest_organisation_is_noted() {
    let dir = std::env::temp_dir().join(format!("sup-small-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.display().to_string();
    let (code, _, err) = sup(&["generate", "--out", &d, "--staff", "3"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "note: asked for 3 staff; the smallest organisation that gives every rule someone to judge has 45"
        ),
        "{err}"
    );
    assert!(err.contains("wrote 45 staff"), "{err}");
    // A request the organisation can meet gets no note.
    let (code, _, err) = sup(&["generate", "--out", &d, "--staff", "100"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("note:"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_as_of_date_in_the_future_is_noted_and_a_period_of_centuries_refused() {
    // Far enough ahead to be after whatever day the test runs on.
    let (code, out, err) = sup(&[
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2999-01-01",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("`--as-of 2999-01-01` is after today") && out.contains("have no records yet"),
        "{out}"
    );
    // The examples' own as-of date is in the past: no such note.
    let (_, out) = eval("human");
    assert!(!out.contains("is after today"), "{out}");
    // 1900 to 9999 would judge 8,000 years day by day (over 1.5 GB).
    let (code, out, err) = sup(&[
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--from",
        "1900-01-01",
        "--as-of",
        "9999-12-31",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("is longer than 200 years"), "{err}");
}

#[test]
fn generate_refuses_sizes_it_cannot_meet_with_a_message() {
    // A mistyped size used to run until the out-of-memory killer ended it
    // (`--staff 99999999999`) or panic on an overflow (`--years 4000000000`).
    let dir = std::env::temp_dir().join(format!("sup-sizes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.display().to_string();
    for (args, message) in [
        (
            ["--staff", "99999999999"],
            "`99999999999` is too many: at most 100,000 staff",
        ),
        (
            ["--staff", "99999999999999999999999"],
            "is too many: at most 100,000 staff",
        ),
        (["--sessions", "100000000"], "at most 10,000,000 sessions"),
        (
            ["--years", "4000000000"],
            "`4000000000` is too many: at most 100 years",
        ),
        (["--years", "0"], "`0` is too few: give at least 1"),
        (["--plants", "5000"], "at most 1,000 breaches of each kind"),
        (["--staff", "1e6"], "`1e6` is not a whole number of staff"),
    ] {
        let mut all = vec!["generate", "--out", &d];
        all.extend(args);
        let (code, out, err) = sup(&all);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    assert!(!dir.exists(), "nothing is written on bad usage");
}

#[test]
fn generate_into_a_file_says_a_directory_is_wanted() {
    let file = std::env::temp_dir().join(format!("sup-out-file-{}", std::process::id()));
    std::fs::write(&file, "not a directory").expect("write");
    let f = file.display().to_string();
    let (code, _, err) = sup(&["generate", "--out", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("is a file: `--out` takes a directory"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    let _ = std::fs::remove_file(file);
}

#[test]
fn generate_with_a_directory_for_the_planted_list_writes_nothing() {
    // Refused before any file is written, not after the whole export.
    let base = std::env::temp_dir().join(format!("sup-planted-dir-{}", std::process::id()));
    let out = base.join("out");
    std::fs::create_dir_all(&base).expect("dir");
    let (o, b) = (out.display().to_string(), base.display().to_string());
    let (code, _, err) = sup(&["generate", "--out", &o, "--planted", &b]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("is a directory: `--planted` takes the file"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn generate_with_the_default_size_notes_no_request() {
    // Nobody asked for 40 staff when `--staff` is left out: no note about it.
    let dir = std::env::temp_dir().join(format!("sup-default-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.display().to_string();
    let (code, _, err) = sup(&["generate", "--out", &d]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("note:"), "{err}");
    assert!(err.contains("wrote 45 staff"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn records_given_as_a_file_says_a_directory_is_wanted() {
    // Giving one file of the export used to print only "Not a directory (os error 20)".
    let (code, out, err) = sup(&[
        "eval",
        POLICY,
        "--records",
        "examples/records/staff.csv",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("it is a file: `--records` takes the directory that holds the export's files"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

/// A character no report may print raw: a control character other than the
/// line ends the report itself writes, or a bidirectional override.
fn raw_unsafe(text: &str) -> Option<char> {
    text.chars().find(|c| {
        *c != '\n'
            && (c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    })
}

/// Write a hostile export: a team name that clears the screen and sets the
/// window title, with a carriage return and a NUL (text columns may hold
/// them); an id with a right-to-left override (allowed, shown escaped); a
/// waiver reason that forges a line; and a session id with an escape
/// sequence, which is a bad value skipped under `--lenient` and quoted in
/// its error.
fn hostile_export(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let files: [(&str, &str); 5] = [
        (
            "old.sup",
            "policy \"Hostile\" {\n  effective: 2026-01-01\n}\nroles: social_worker, team_manager\ngroup all_staff: staff\nrule monthly: require one_to_one for all_staff: at least once per month, waivable by team_manager\n",
        ),
        (
            "new.sup",
            "policy \"Hostile\" {\n  effective: 2026-01-01\n}\nroles: social_worker, team_manager\ngroup all_staff: staff\nrule monthly: require one_to_one for all_staff: at least twice per month, waivable by team_manager\n",
        ),
        (
            "records/staff.csv",
            "id,role,team,start_date,end_date\nS1,team_manager,Managers,2020-01-06,\nS2\u{202e},social_worker,\"Red\u{1b}[2J\u{1b}]0;owned\u{7}\r\0B\",2021-03-01,\nS3,social_worker,\"Blue\u{202e}eulB\u{9b}31m\",2021-03-01,\n",
        ),
        (
            "records/sessions.csv",
            "id,supervisee,supervisor,kind,status,start\nX1,S3,S1,one_to_one,held,2026-01-12T10:00\nX2,S3,S1,one_to_one,held,2026-02-09T10:00\nX3,S3,S1,one_to_one,held,2026-03-09T10:00\nX\u{1b}[31m4,S3,S1,one_to_one,held,2026-03-10T10:00\n",
        ),
        (
            "records/waivers.csv",
            "id,waived_rule,subject,approved_by,reason,granted,expires\nW1,monthly,S2\u{202e},S1,\"cover\u{1b}[2J\r\nforged line\0\",2026-01-01,\n",
        ),
    ];
    std::fs::create_dir_all(dir.join("records")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn hostile_export_text_never_reaches_a_report_raw() {
    let dir = std::env::temp_dir().join(format!("sup-hostile-{}", std::process::id()));
    hostile_export(&dir);
    let (old, new) = (dir.join("old.sup"), dir.join("new.sup"));
    let records = dir.join("records");
    let (old, new, records) = (
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        records.to_str().unwrap(),
    );
    let period = ["--as-of", "2026-04-01", "--from", "2026-01-01", "--lenient"];
    let mut outputs = Vec::new();
    for format in [
        "human", "json", "junit", "csv", "markdown", "sarif", "github",
    ] {
        let mut args = vec!["eval", old, "--records", records, "--format", format];
        args.extend(period);
        let (code, out, err) = sup(&args);
        assert_eq!(code, 1, "{format}: {err}");
        outputs.push((format!("eval {format}"), out, err));
    }
    for format in ["human", "json"] {
        let mut args = vec![
            "explain",
            old,
            "--records",
            records,
            "--rule",
            "monthly",
            "--subject",
            "S2\u{202e}",
            "--format",
            format,
        ];
        args.extend(period);
        let (code, out, err) = sup(&args);
        assert_eq!(code, 0, "explain {format}: {err}\n{out}");
        outputs.push((format!("explain {format}"), out, err));
    }
    for format in ["human", "json", "markdown"] {
        let mut args = vec!["diff", old, new, "--records", records, "--format", format];
        args.extend(period);
        let (code, out, err) = sup(&args);
        assert_eq!(code, 0, "diff {format}: {err}");
        outputs.push((format!("diff --records {format}"), out, err));
    }
    let _ = std::fs::remove_dir_all(&dir);
    for (what, out, err) in &outputs {
        assert!(!out.is_empty(), "{what} printed nothing");
        for (stream, text) in [("stdout", out), ("stderr", err)] {
            assert_eq!(raw_unsafe(text), None, "{what} {stream}:\n{text}");
        }
    }
    let find = |what: &str| {
        outputs
            .iter()
            .find(|(w, _, _)| w == what)
            .map(|(_, out, _)| out.clone())
            .unwrap()
    };
    // Escaped, not dropped: what the export holds can still be read.
    let human = find("eval human");
    assert!(human.contains("S2\\u{202e}"), "{human}");
    assert!(
        human.contains("cover\\u{1b}[2J\\r\\nforged line\\0"),
        "{human}"
    );
    assert!(human.contains("X\\u{1b}[31m4"), "{human}");
    // JSON means exactly what the export said.
    let json: serde_json::Value = serde_json::from_str(&find("eval json")).unwrap();
    let reasons: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["waiver"]["reason"].as_str())
        .collect();
    assert!(
        reasons.contains(&"cover\u{1b}[2J\r\nforged line\0"),
        "{json}"
    );
    // JUnit stays well-formed XML 1.0: every `&` starts an entity.
    let junit = find("eval junit");
    for (i, _) in junit.match_indices('&') {
        let rest = &junit[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#10;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "{junit}"
        );
    }
    assert!(junit.contains("staff S2\\u{202e}"), "{junit}");
    assert!(find("eval csv").contains("cover\\u{1b}[2J\\r\\nforged line\\0"));
    assert!(find("eval markdown").contains("X\\u{1b}[31m4"));
    let explain = find("explain human");
    assert!(explain.contains("subject S2\\u{202e}"), "{explain}");
    let diff = find("diff --records human");
    assert!(diff.contains("Blue\\u{202e}eulB\\u{9b}31m"), "{diff}");
    let diff_json: serde_json::Value = serde_json::from_str(&find("diff --records json")).unwrap();
    let teams: Vec<&str> = diff_json["impact"]["by_team"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["team"].as_str())
        .collect();
    assert!(teams.contains(&"Blue\u{202e}eulB\u{9b}31m"), "{diff_json}");
    assert!(find("diff --records markdown").contains("Blue\\u{202e}eulB\\u{9b}31m"));
}

#[test]
fn years_outside_1000_to_9999_are_bad_dates_skipped_under_lenient() {
    let case = "tests/data/records/err/year-out-of-range";
    let (code, out, err) = sup(&[
        "eval",
        "tests/data/records/policy.sup",
        "--records",
        case,
        "--as-of",
        "2026-04-01",
        "--from",
        "2026-01-01",
        "--lenient",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.is_empty(), "{err}");
    // Both bad dates are skipped and counted, and the case decision made by
    // S3 (whose start date is bad) is skipped with it.
    assert!(out.contains("Skipped under --lenient: 3 rows"), "{out}");
    assert!(
        out.contains("[sup::records::bad-date] `tests/data/records/err/year-out-of-range/sessions.csv` line 3, column `start`: `0000-01-13T10:00` is not a date and time"),
        "{out}"
    );
    assert!(
        out.contains("[sup::records::bad-date] `tests/data/records/err/year-out-of-range/staff.csv` line 4, column `start_date`: `0999-12-31` is not a date"),
        "{out}"
    );
    // Command-line dates keep to the same years.
    for (flag, date) in [("--as-of", "0000-01-01"), ("--from", "0999-12-31")] {
        let (code, out, err) = sup(&["eval", POLICY, "--records", "examples/records", flag, date]);
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.contains(&format!(
                "`{date}` is not a date: the year must be from 1000 to 9999"
            )),
            "{err}"
        );
    }
}

fn eval_trend(format: &str, by: &str) -> (i32, String, String) {
    sup(&[
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--trend",
        by,
        "--format",
        format,
    ])
}

#[test]
fn trend_by_month_as_csv() {
    let (code, out, err) = eval_trend("csv", "month");
    assert!(err.is_empty(), "stderr: {err}");
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn trend_by_month_in_the_human_report() {
    let (code, out, err) = eval_trend("human", "month");
    assert!(err.is_empty(), "stderr: {err}");
    assert_eq!(code, 1);
    // The findings are the report without `--trend`; the series follows.
    let (_, plain) = eval("human");
    assert!(out.starts_with(&plain), "the findings changed with --trend");
    insta::assert_snapshot!(out.get(plain.len()..).unwrap_or_default());
}

#[test]
fn trend_in_json_is_an_object_added_to_the_report() {
    let (code, out, err) = eval_trend("json", "month");
    assert!(err.is_empty(), "stderr: {err}");
    assert_eq!(code, 1);
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let (_, plain) = eval("json");
    let mut without: serde_json::Value = parsed.clone();
    without.as_object_mut().map(|o| o.remove("trend"));
    let plain: serde_json::Value = serde_json::from_str(&plain).expect("valid JSON");
    assert_eq!(without, plain);
    assert_eq!(parsed["trend"]["by"], "month");
    let first = &parsed["trend"]["rows"][0];
    assert_eq!(first["period"], "2025-11");
    assert_eq!(first["start"], "2025-11-22");
    assert_eq!(first["end"], "2025-11-30");
    assert_eq!(first["partial"], true);
}

#[test]
fn trend_is_refused_in_junit() {
    let (code, out, err) = eval_trend("junit", "month");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "error: `--trend` cannot be shown in a JUnit report: use `--format csv`, `json`, `human` or `markdown`\n"
    );
}

#[test]
fn explain_says_when_no_window_has_ended_yet() {
    // From 2 November, as of 22 November: no month has ended in the period.
    let (code, out, _) = sup(&[
        "explain",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--from",
        "2026-11-02",
        "--rule",
        "monthly_supervision",
        "--subject",
        "S00001",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().last(),
        Some("verdict: not judged: no window `per month` has ended in the days judged yet (the first ends on 2026-11-30)")
    );
}

// ------------------------------------------------------------------ policy versions

/// The README's command: SENDSARS as written and its 2026 draft, judged
/// across the draft's effective date.
fn sendsars(format: &str) -> (i32, String) {
    let (code, out, err) = sup(&[
        "eval",
        "policies/sendsars.sup",
        "policies/sendsars-2026-draft.sup",
        "--records",
        "examples/sendsars-records",
        "--as-of",
        "2026-11-22",
        "--format",
        format,
    ]);
    assert!(err.is_empty(), "stderr: {err}");
    (code, out)
}

#[test]
fn versions_of_a_policy_judged_across_the_change() {
    let (code, out) = sendsars("human");
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
    // The command line's order does not matter.
    let (_, reversed, _) = sup(&[
        "eval",
        "policies/sendsars-2026-draft.sup",
        "policies/sendsars.sup",
        "--records",
        "examples/sendsars-records",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(reversed, out);
}

#[test]
fn every_format_says_which_version_judged_each_finding() {
    let (_, json) = sendsars("json");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(parsed["versions"][0]["file"], "policies/sendsars.sup");
    assert_eq!(parsed["versions"][0]["until"], "2026-08-31");
    assert_eq!(parsed["versions"][1]["label"], "2026-draft");
    assert_eq!(parsed["versions"][1]["effective"], "2026-09-01");
    assert_eq!(parsed["summary"]["breaches"], 5);
    let findings = parsed["findings"].as_array().expect("findings");
    let judged: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap_or(""),
                f["version"]["label"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        judged,
        [
            "records_within_48_hours 2018-08",
            "missed_calls_returned 2018-08",
            "monthly_one_to_one 2026-draft",
            "caseload_per_fte 2026-draft",
            "school_contacted_before_review 2026-draft",
        ]
    );
    let (_, csv) = sendsars("csv");
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .is_some_and(|h| h.ends_with(",notes,version_file,version_label,version_effective")));
    assert!(lines
        .next()
        .is_some_and(|l| l.ends_with(",policies/sendsars.sup,2018-08,2018-08-01")));
    let (_, junit) = sendsars("junit");
    assert!(junit.contains("<property name=\"version\" value=\"policies/sendsars-2026-draft.sup (2026-draft), effective 2026-09-01\"/>"));
    assert!(junit.contains("<property name=\"source\" value=\"policies/sendsars.sup:203\"/>"));
    let (_, markdown) = sendsars("markdown");
    assert!(markdown
        .contains("| | **policies/sendsars.sup (2018-08), effective 2018-08-01** | | | | |"));
    assert!(markdown.contains("### `caseload_per_fte` under policies/sendsars-2026-draft.sup (2026-draft), effective 2026-09-01"));
}

#[test]
fn versions_need_an_effective_date_each_and_no_two_on_one_day() {
    let dir = std::env::temp_dir().join(format!("sup-versions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = std::fs::read_to_string(root().join("policies/sendsars.sup")).expect("policy");
    let undated = dir.join("undated.sup");
    std::fs::write(&undated, text.replace("  effective: 2018-08-01\n", "")).expect("write");
    let same = dir.join("same-day.sup");
    std::fs::write(&same, &text).expect("write");
    let run = |second: &Path| {
        sup(&[
            "eval",
            "policies/sendsars.sup",
            &second.display().to_string(),
            "--records",
            "examples/sendsars-records",
            "--as-of",
            "2026-11-22",
        ])
    };
    let (code, out, err) = run(&undated);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        format!(
            "error: `{}` has no `effective` date: when several versions of a policy are judged, each must say from which day it is in force\n",
            undated.display()
        )
    );
    let (code, _, err) = run(&same);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "error: `policies/sendsars.sup` and `{}` are both effective on 2018-08-01: two versions cannot be in force on the same day\n",
            same.display()
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_across_versions_shows_each_version_with_the_rule() {
    let (code, out, err) = sup(&[
        "explain",
        "policies/sendsars.sup",
        "policies/sendsars-2026-draft.sup",
        "--records",
        "examples/sendsars-records",
        "--as-of",
        "2026-11-22",
        "--rule",
        "caseload_per_fte",
        "--subject",
        "S07",
    ]);
    assert!(err.is_empty(), "{err}");
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

/// `tests/data/history`: S1 joined the North team on 1 April and S2 left it
/// on 1 March, which only `staff_history.csv` says (the snapshot has S1 in
/// North and S2 in South). Judged with the history, S1 is not flagged for
/// the months before they joined and S2 is flagged for the months they
/// were in North with no one-to-one; without it, the other way round.
#[test]
fn a_staff_history_moves_people_into_and_out_of_groups_on_the_right_days() {
    let breaches = |records: &str| -> Vec<String> {
        let (code, out, err) = sup(&[
            "eval",
            "tests/data/history/policy.sup",
            "--records",
            records,
            "--as-of",
            "2026-07-01",
            "--from",
            "2026-01-01",
            "--format",
            "csv",
        ]);
        assert!(err.is_empty(), "stderr: {err}");
        assert_eq!(code, 1, "{out}");
        out.lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                format!("{} {} {}", f[3], f[6], f[9])
            })
            .collect()
    };
    assert_eq!(
        breaches("tests/data/history"),
        ["breach S2 2026-01-31", "breach S2 2026-02-28"]
    );
    // The same export without its history: the snapshot on every day.
    let dir = std::env::temp_dir().join(format!("sup-history-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["staff.csv", "sessions.csv"] {
        std::fs::copy(root().join("tests/data/history").join(file), dir.join(file)).unwrap();
    }
    let snapshot = breaches(dir.to_str().unwrap());
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        snapshot,
        [
            "breach S1 2026-01-31",
            "breach S1 2026-02-28",
            "breach S1 2026-03-31"
        ]
    );
}
