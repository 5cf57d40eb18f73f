//! Every diagnostic code has a small failing fixture in `tests/data/check/err/`,
//! named after the code (`CODE.sup`, or `CODE--what.sup` for more cases of
//! one code), and a reviewed snapshot of how `sup check` renders it.
//! Files in `tests/data/check/ok/` must check clean.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sup::diagnostic::{Code, Severity, Stage};
use sup::report::diagnostics::render_human_with_related;
use sup::workspace;

fn today() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 11, 22)
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/check")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sup"))
        .collect();
    files.sort();
    files
}

/// The fixture as `sup check` would show it, with a path relative to the repo
/// so snapshots do not depend on where the repo is.
fn rendered(path: &Path) -> (workspace::LoadedPolicy, String) {
    let name = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display()
        .to_string();
    let source = std::fs::read_to_string(path).unwrap();
    let loaded = workspace::check_source(path, &name, source, today());
    let text = render_human_with_related(
        &name,
        &loaded.source,
        &loaded.checked.diagnostics,
        &loaded.related_sources,
        false,
    );
    (loaded, text)
}

#[test]
fn every_error_fixture_reports_its_code() {
    for path in fixtures("err") {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let code = stem.split("--").next().unwrap();
        let (loaded, text) = rendered(&path);
        let codes: Vec<&str> = loaded
            .checked
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert!(
            codes.contains(&format!("sup::{code}").as_str()),
            "{stem}: expected sup::{code}, got {codes:?}\n{text}"
        );
        let snapshot = format!(
            "----- SOURCE\n{}\n----- DIAGNOSTICS\n{}",
            loaded.source, text
        );
        insta::with_settings!({ snapshot_path => "snapshots/check", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(stem, snapshot);
        });
    }
}

#[test]
fn every_code_has_a_fixture() {
    let have: Vec<String> = fixtures("err")
        .iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            format!("sup::{}", stem.split("--").next().unwrap())
        })
        .collect();
    // Only the checker's codes come from a policy file; an export's and the
    // evaluator's are documented with the output that shows them.
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.stage() == Stage::Check)
        .map(|c| c.as_str())
        .filter(|c| !have.iter().any(|h| h == c))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

#[test]
fn every_diagnostic_has_a_label_and_a_help_line() {
    for path in fixtures("err") {
        let (loaded, _) = rendered(&path);
        for d in &loaded.checked.diagnostics {
            assert!(
                !d.labels.is_empty(),
                "{}: {} has no label",
                path.display(),
                d.code
            );
            assert!(
                d.help.is_some(),
                "{}: {} has no help",
                path.display(),
                d.code
            );
            let span = d.primary_span();
            assert!(
                span.end as usize <= loaded.source.len(),
                "{}: span past the end",
                d.code
            );
        }
    }
}

#[test]
fn ok_fixtures_check_clean() {
    for path in fixtures("ok") {
        let (loaded, text) = rendered(&path);
        let errors: Vec<_> = loaded
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Note)
            .collect();
        assert!(
            errors.is_empty(),
            "{} should check clean:\n{text}",
            path.display()
        );
    }
}

#[test]
fn every_code_is_documented() {
    // docs/diagnostics.md is where authors look a code up: each needs a row in
    // the table and a section of its own.
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
            .unwrap();
    let undocumented: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| {
            let anchor = c.replace("::", "");
            !(docs.contains(&format!("\n## `{c}`\n")) && docs.contains(&format!("(#{anchor})")))
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from docs/diagnostics.md: {undocumented:?}"
    );
}

#[test]
fn every_documented_code_exists() {
    // The other way round: a section or a table row of docs/diagnostics.md
    // for a code no stage gives (renamed, or never made) is a defect too.
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
            .unwrap();
    let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let sections = docs
        .split("\n## `")
        .skip(1)
        .map(|s| s.split('`').next().unwrap());
    let rows = docs
        .lines()
        .filter_map(|l| l.strip_prefix("| [`"))
        .map(|l| l.split('`').next().unwrap());
    let documented: Vec<&str> = sections.chain(rows).collect();
    let unknown: Vec<&str> = documented
        .iter()
        .copied()
        .filter(|c| !known.contains(c))
        .collect();
    assert!(
        unknown.is_empty(),
        "docs/diagnostics.md documents codes that do not exist: {unknown:?}"
    );
    // Each code once in the table and once as a section, so the count is
    // exact: a code documented twice would drift.
    assert_eq!(documented.len(), 2 * Code::ALL.len());
    // Every code of an export or the evaluator says when it appears and
    // shows what it looks like, as the checker's executable examples do.
    for section in docs.split("\n## `").skip(1) {
        let code = section.split('`').next().unwrap();
        if Code::ALL
            .iter()
            .any(|c| c.as_str() == code && c.stage() != Stage::Check)
        {
            assert!(
                section.contains("\nAppears when: "),
                "{code}: no `Appears when`"
            );
            let example = section
                .split_once("Example")
                .and_then(|(_, rest)| rest.split("```\n").nth(1))
                .unwrap_or("");
            assert!(!example.trim().is_empty(), "{code}: no example");
            // An export's error is shown under its code; a note is a line
            // of the report's Notes, its code only in the JSON.
            if section.contains("**Error.**") {
                assert!(
                    example.contains(code),
                    "{code}: the example does not show the code"
                );
            }
        }
    }
}

#[test]
fn every_example_in_the_docs_gives_what_the_docs_say() {
    // Each section of docs/diagnostics.md shows a complete file and the one
    // diagnostic it gives; check both, so the page cannot drift from the
    // checker. (`sup::weaker-than-framework` needs a framework beside the
    // file; its fixture is checked above instead.)
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
            .unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for section in docs.split("\n## `").skip(1) {
        let code = section.split('`').next().unwrap();
        // An export's and the evaluator's codes come from records, not from
        // a policy file alone (see `every_documented_code_exists`).
        let of_check = Code::ALL
            .iter()
            .any(|c| c.as_str() == code && c.stage() == Stage::Check);
        if code == "sup::weaker-than-framework" || !of_check {
            continue;
        }
        let example = section
            .split("Example:\n\n```\n")
            .nth(1)
            .and_then(|rest| rest.split("```\n\ngives:\n\n```\n").next());
        let gives = section
            .split("gives:\n\n```\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next());
        let (Some(example), Some(gives)) = (example, gives) else {
            failures.push(format!("{code}: no example"));
            continue;
        };
        let first = gives.lines().next().unwrap_or("");
        let message = first.split_once(": ").map_or("", |(_, m)| m);
        let help = gives
            .lines()
            .find_map(|l| l.strip_prefix("  help: "))
            .map(str::to_string);
        // A path in a folder with no framework files, for `conforms to`.
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/check/example.sup");
        let loaded = workspace::check_source(&path, "example.sup", example.to_string(), today());
        let got: Vec<(String, String, Option<String>)> = loaded
            .checked
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.as_str().to_string(),
                    d.message.clone(),
                    d.help.clone(),
                )
            })
            .collect();
        let want = vec![(code.to_string(), message.to_string(), help)];
        if got != want {
            failures.push(format!("{code}:\n  docs: {want:?}\n  got:  {got:?}"));
        }
        checked += 1;
    }
    assert!(checked > 40, "only {checked} examples found");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
