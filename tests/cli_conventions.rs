//! The conventions of command-line and CI tools: exit codes (documented in each command's
//! `--help` and in docs/cli.md, one test per code), `--color` with `NO_COLOR` and
//! `CLICOLOR_FORCE`, `-q`, `-` for standard input, `sup.toml`, shell completions and the manual
//! page, and the SARIF, GitHub and plain formats (snapshots of the example organisation, and
//! SARIF's required structure checked).

// A failed expectation in a test is a failing test, which is what we want.
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

use common::{root, unhashed, Run};

const POLICY: &str = "policies/bcp-childrens-services.sup";
const ERRORS: &str = "tests/data/check/err/unknown-table--no-guess-for-the-deadline-columns.sup";
const WARNINGS: &str = "tests/data/check/err/unused-definition.sup";
const COMMANDS: &[&str] = &[
    "check",
    "compile",
    "eval",
    "explain",
    "generate",
    "describe",
    "fmt",
    "diff",
    "completions",
    "man",
];

/// Run `sup` in `dir` (see [`common::run_sup`]).
fn sup_in(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
    common::run_sup(env!("CARGO_BIN_EXE_sup"), dir, args, env, stdin)
}

fn sup(args: &[&str]) -> Run {
    sup_in(&root(), args, &[], "")
}

/// A fresh folder for one test.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sup-conventions-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn eval_example(extra: &[&str]) -> Run {
    let mut args = vec![
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
    ];
    args.extend_from_slice(extra);
    sup(&args)
}

fn explain_example(rule: &str, subject: &str) -> Run {
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
}

fn code(run: Run) -> i32 {
    run.0
}

#[test]
fn exit_0_for_every_command() {
    let dir = temp("exit-0");
    let d = dir.to_str().unwrap();
    assert_eq!(code(sup(&["check", "--today", "2026-11-22", POLICY])), 0);
    assert_eq!(
        code(sup(&["check", "--today", "2026-11-22", WARNINGS])),
        0,
        "warnings alone"
    );
    assert_eq!(
        code(sup(&["compile", POLICY, "-o", &format!("{d}/p.json")])),
        0
    );
    assert_eq!(code(sup(&["describe", POLICY])), 0);
    assert_eq!(code(sup(&["fmt", "--check", POLICY])), 0);
    assert_eq!(code(sup(&["diff", POLICY, POLICY])), 0);
    assert_eq!(code(sup(&["completions", "bash"])), 0);
    assert_eq!(code(sup(&["man"])), 0);
    assert_eq!(code(explain_example("monthly_supervision", "S00001")), 0);
    let export = format!("{d}/export");
    let run = sup(&["generate", "--out", &export, "--plants", "0", "--seed", "7"]);
    assert_eq!(run.0, 0, "{}", run.2);
    let run = sup(&[
        "eval",
        POLICY,
        "--records",
        &export,
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(run.0, 0, "no breaches: {}", run.2);
}

#[test]
fn exit_1_for_every_command_that_finds_something() {
    let dir = temp("exit-1");
    let d = dir.to_str().unwrap();
    assert_eq!(code(sup(&["check", ERRORS])), 1);
    assert_eq!(
        code(sup(&[
            "check",
            "--deny-warnings",
            "--today",
            "2026-11-22",
            WARNINGS
        ])),
        1
    );
    let out = format!("{d}/p.json");
    assert_eq!(code(sup(&["compile", ERRORS, "-o", &out])), 1);
    assert!(!Path::new(&out).exists(), "nothing is written");
    assert_eq!(code(sup(&["describe", ERRORS])), 1);
    assert_eq!(code(sup(&["diff", POLICY, ERRORS])), 1);
    let unformatted = sup_in(
        &root(),
        &["fmt", "--check", "-"],
        &[],
        "policy \"x\" {\nowner:   \"O\"\n}\n",
    );
    assert_eq!(unformatted.0, 1);
    assert_eq!(code(eval_example(&[])), 1);
    assert_eq!(code(explain_example("nqsw_schedule", "S00013")), 1);
}

#[test]
fn exit_2_for_every_command_that_cannot_run() {
    let dir = temp("exit-2");
    let d = dir.to_str().unwrap();
    let missing = "no/such/policy.sup";
    for command in ["check", "compile", "describe", "fmt"] {
        assert_eq!(code(sup(&[command, missing])), 2, "{command}");
    }
    assert_eq!(code(sup(&["diff", POLICY, missing])), 2);
    assert_eq!(
        code(sup(&["eval", missing, "--records", "examples/records"])),
        2
    );
    assert_eq!(code(explain_example("no_such_rule", "S00001")), 2);
    // `--out` names a file, not a folder.
    let file = format!("{d}/a-file");
    std::fs::write(&file, "").unwrap();
    assert_eq!(code(sup(&["generate", "--out", &file])), 2);
    assert_eq!(code(sup(&["completions", "tcsh"])), 2);
    assert_eq!(code(sup(&["man", "--no-such-flag"])), 2);
    assert_eq!(code(sup(&["eval", "--format", "pdf"])), 2);
}

/// The "Exit status:" block of a command's `--help`.
fn exit_status(command: &str) -> Vec<String> {
    let (code, out, err) = sup(&[command, "--help"]);
    assert_eq!(code, 0, "{err}");
    let block = out
        .split("Exit status:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("`sup {command} --help` has no exit status: {out}"));
    block
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn every_command_documents_its_exit_codes_in_help_and_in_docs() {
    let docs = std::fs::read_to_string(root().join("docs/cli.md")).unwrap();
    for command in COMMANDS {
        let codes = exit_status(command);
        assert!(codes.len() >= 2, "{command}: {codes:?}");
        assert!(codes[0].starts_with("0  "), "{command}: {codes:?}");
        // docs/cli.md has a table per command: `| 0 | meaning |`.
        let section = docs
            .split(&format!("### `sup {command}`"))
            .nth(1)
            .unwrap_or_else(|| panic!("docs/cli.md has no section for `sup {command}`"));
        for line in &codes {
            let (number, meaning) = line.split_once("  ").unwrap();
            let row = format!("| {number} | {} |", meaning.trim());
            assert!(
                section.split("\n### ").next().unwrap().contains(&row),
                "docs/cli.md, `sup {command}`: missing {row}"
            );
        }
    }
}

#[test]
fn completions_name_every_command_and_bash_reads_the_script() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, err) = sup(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        for command in COMMANDS {
            assert!(
                out.contains(command),
                "{shell} completion lacks `{command}`"
            );
        }
    }
    let (_, script, _) = sup(&["completions", "bash"]);
    let dir = temp("bash");
    let file = dir.join("sup.bash");
    std::fs::write(&file, &script).unwrap();
    let parsed = Command::new("bash").arg("-n").arg(&file).status();
    if let Ok(status) = parsed {
        assert!(status.success(), "bash -n rejects the completion script");
    }
}

#[test]
fn the_manual_page_names_every_command_and_one_page_per_command_is_written() {
    let (code, page, err) = sup(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH sup 1"),
        "{page}"
    );
    for command in COMMANDS {
        assert!(page.contains(command), "sup.1 lacks `{command}`");
    }
    let dir = temp("man");
    let (code, _, err) = sup(&["man", "--out", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for command in COMMANDS {
        let page = std::fs::read_to_string(dir.join(format!("sup-{command}.1")))
            .unwrap_or_else(|_| panic!("no sup-{command}.1"));
        assert!(page.contains(".TH sup-"), "sup-{command}.1");
    }
}

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let run = |flags: &[&str], env: &[(&str, &str)]| {
        let mut args = flags.to_vec();
        args.extend(["check", ERRORS]);
        let (_, _, err) = sup_in(&root(), &args, env, "");
        let mut args = flags.to_vec();
        args.extend([
            "eval",
            POLICY,
            "--records",
            "examples/records",
            "--as-of",
            "2026-11-22",
        ]);
        let (_, out, _) = sup_in(&root(), &args, env, "");
        (err.contains('\u{1b}'), out.contains('\u{1b}'))
    };
    // Not a terminal: no colour, unless forced.
    assert_eq!(run(&[], &[]), (false, false));
    assert_eq!(run(&["--color", "always"], &[]), (true, true));
    assert_eq!(run(&[], &[("CLICOLOR_FORCE", "1")]), (true, true));
    assert_eq!(run(&[], &[("CLICOLOR_FORCE", "0")]), (false, false));
    assert_eq!(
        run(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
        (false, false)
    );
    assert_eq!(
        run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]),
        (false, false)
    );
    assert_eq!(
        run(&["--color", "always"], &[("NO_COLOR", "1")]),
        (true, true)
    );
}

#[test]
fn quiet_prints_only_errors_and_keeps_the_exit_codes() {
    let (code, out, err) = sup(&[
        "-q",
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", ""));
    let (code, out, err) = sup(&["check", "-q", "--today", "2026-11-22", WARNINGS]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "", ""),
        "warnings are not errors"
    );
    let (code, _, err) = sup(&["check", "--quiet", ERRORS]);
    assert_eq!(code, 1);
    assert!(err.contains("sup::unknown-table"), "{err}");
    assert!(!err.contains("checked 1 file"), "no summary: {err}");
    // A report asked for with -o is still written.
    let dir = temp("quiet");
    let report = dir.join("r.json");
    let run = sup(&[
        "-q",
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run, (1, String::new(), String::new()));
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .contains("\"breaches\": 44"));
}

#[test]
fn a_dash_reads_the_policy_from_standard_input() {
    let policy = std::fs::read_to_string(root().join(POLICY)).unwrap();
    let stdin = |args: &[&str]| sup_in(&root(), args, &[], &policy);
    let (code, _, err) = stdin(&["check", "--today", "2026-11-22", "-"]);
    assert_eq!(code, 0, "{err}");
    let (code, compiled, _) = stdin(&["compile", "-"]);
    assert_eq!(code, 0);
    assert!(
        compiled.contains("\"source\": \"<stdin>\""),
        "named <stdin>"
    );
    assert_eq!(stdin(&["describe", "-"]), sup(&["describe", POLICY]));
    let (code, formatted, _) = stdin(&["fmt", "-"]);
    assert_eq!(
        (code, formatted.as_str()),
        (0, policy.as_str()),
        "already formatted"
    );
    let eval_csv = |text: &str| {
        let args = [
            "eval",
            "-",
            "--records",
            "examples/records",
            "--as-of",
            "2026-11-22",
            "--format",
            "csv",
        ];
        sup_in(&root(), &args, &[], text)
    };
    let (code, report, err) = eval_csv(&policy);
    assert_eq!(code, 1, "{err}");
    assert_eq!(report, eval_example(&["--format", "csv"]).1);
    // Standard input is read once, however often the command reads the policy.
    let trend = |policy: &str, text: &str| {
        let args = [
            "eval",
            policy,
            "--records",
            "examples/records",
            "--as-of",
            "2026-11-22",
            "--trend",
            "month",
            "--format",
            "csv",
        ];
        sup_in(&root(), &args, &[], text)
    };
    assert_eq!(trend("-", &policy), trend(POLICY, ""));
    // A compiled policy on standard input is told by its content.
    let by_content = eval_csv(&compiled);
    assert_eq!(by_content.0, 1, "{}", by_content.2);
    assert_eq!(by_content.1, report);
    let errors = std::fs::read_to_string(root().join(ERRORS)).unwrap();
    let (code, _, err) = sup_in(&root(), &["check", "--format", "plain", "-"], &[], &errors);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error[sup::unknown-table]: <stdin>:3:18: "),
        "{err}"
    );
}

#[test]
fn sup_toml_runs_the_main_job_and_flags_override_it() {
    let examples = root().join("examples");
    let (code, out, err) = sup_in(&examples, &["eval"], &[], "");
    assert_eq!(code, 1, "{err}");
    let (_, given, _) = sup_in(
        &examples,
        &[
            "eval",
            "../policies/bcp-childrens-services.sup",
            "--records",
            "records",
            "--as-of",
            "2026-11-22",
        ],
        &[],
        "",
    );
    assert_eq!(out, given);
    // A flag overrides the file: another format, another day.
    let (_, json, _) = sup_in(
        &examples,
        &["eval", "--format", "json", "--as-of", "2026-06-01"],
        &[],
        "",
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["period"]["as_of"], "2026-06-01");
    // `sup check` alone checks the project's policy.
    let (code, _, err) = sup_in(&examples, &["check", "--today", "2026-11-22"], &[], "");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.ends_with("checked 1 file: 0 errors, 0 warnings\n"),
        "{err}"
    );
    // Found from a folder below, with paths still relative to the file's folder.
    let (code, below, err) = sup_in(
        &examples.join("records"),
        &["eval", "--format", "csv"],
        &[],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(below, eval_example(&["--format", "csv"]).1);
}

#[test]
fn a_bad_sup_toml_is_a_coded_error_with_its_place() {
    let dir = temp("toml");
    std::fs::write(
        dir.join("sup.toml"),
        "policy = \"p.sup\"\n\n[defaults]\nas_of = \"2026-11-22\"\n",
    )
    .unwrap();
    let (code, out, err) = sup_in(&dir, &["eval"], &[("NO_COLOR", "1")], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("sup::project::unknown-key"), "{err}");
    assert!(err.contains("unknown key `as_of`"), "{err}");
    assert!(err.contains("[sup.toml:4:1]"), "{err}");
    std::fs::write(
        dir.join("sup.toml"),
        "records = \"r\"\n[defaults]\nupcoming = \"soon\"\n",
    )
    .unwrap();
    let (code, _, err) = sup_in(
        &dir,
        &["explain", "--rule", "r", "--subject", "s"],
        &[("NO_COLOR", "1")],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("sup::project::bad-value"), "{err}");
    assert!(err.contains("[sup.toml:3:12]"), "{err}");
    // Neither flags nor file name the policy.
    std::fs::write(dir.join("sup.toml"), "records = \"r\"\n").unwrap();
    let (code, _, err) = sup_in(&dir, &["eval"], &[], "");
    assert_eq!(code, 2);
    assert!(err.contains("give the policy to judge against"), "{err}");
}

/// The parts of a SARIF 2.1.0 log that the specification requires, and that each result's
/// rule index, level and location are right.
fn assert_valid_sarif(log: &serde_json::Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .unwrap()
        .ends_with("sarif-schema-2.1.0.json"));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert!(!runs.is_empty());
    for run in runs {
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "sup");
        let rules = driver["rules"].as_array().expect("rules");
        for rule in rules {
            assert!(rule["id"].is_string());
            assert!(rule["shortDescription"]["text"].is_string());
        }
        for result in run["results"].as_array().expect("results is an array") {
            assert!(result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty()));
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            assert!(
                ["error", "warning", "note", "none"].contains(&result["level"].as_str().unwrap())
            );
            for location in result["locations"].as_array().expect("locations") {
                let physical = &location["physicalLocation"];
                assert!(physical["artifactLocation"]["uri"]
                    .as_str()
                    .is_some_and(|u| !u.contains(' ')));
                let region = &physical["region"];
                assert!(region["startLine"].as_u64().unwrap() >= 1);
                assert!(region["startColumn"].as_u64().unwrap() >= 1);
            }
            for s in result["suppressions"].as_array().into_iter().flatten() {
                assert_eq!(s["kind"], "external");
                assert!(s["justification"].is_string());
            }
        }
    }
}

#[test]
fn eval_as_sarif() {
    let (code, out, err) = eval_example(&["--format", "sarif", "--upcoming", "14d"]);
    assert_eq!(code, 1, "{err}");
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let (_, json, _) = eval_example(&["--format", "json", "--upcoming", "14d"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(results.len(), report["findings"].as_array().unwrap().len());
    let errors = results
        .iter()
        .filter(|r| r["level"] == "error" && r["suppressions"].is_null())
        .count();
    assert_eq!(
        errors as u64,
        report["summary"]["breaches"].as_u64().unwrap()
    );
    let waived = results
        .iter()
        .filter(|r| r["suppressions"].is_array())
        .count();
    assert_eq!(waived as u64, report["summary"]["waived"].as_u64().unwrap());
    assert!(waived > 0);
    assert_eq!(
        log["runs"][0]["properties"]["policy_hash"],
        report["policy"]["hash"]
    );
    insta::assert_snapshot!(unhashed(&out));
}

#[test]
fn eval_as_github_annotations() {
    let (code, out, err) = eval_example(&["--format", "github"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::error ")).count(),
        44
    );
    insta::assert_snapshot!(unhashed(&out));
}

#[test]
fn check_as_sarif_github_and_plain() {
    let files = [
        ERRORS,
        WARNINGS,
        "tests/data/check/err/weaker-than-framework.sup",
    ];
    let mut args = vec!["check", "--today", "2026-11-22", "--format", "sarif"];
    args.extend(files);
    let (code, sarif, err) = sup(&args);
    assert_eq!(code, 1, "{err}");
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_valid_sarif(&log);
    insta::assert_snapshot!("check_sarif", sarif);
    args[4] = "github";
    let (code, github, _) = sup(&args);
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_github", github);
    args[4] = "plain";
    let (code, out, plain) = sup(&args);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        !plain.contains(['│', '╭', '×', '\u{1b}']),
        "no drawing, no colour"
    );
    insta::assert_snapshot!("check_plain", plain);
}
