//! The compiled policy is what the evaluator runs: `sup eval compiled.json` reports exactly what
//! `sup eval policy.sup` does, in every format, each report names the content hash `sup compile`
//! wrote, and a compiled policy of another format version, with a changed content, or JSON that
//! is no compiled policy at all, is refused with a coded error, never a panic.

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

use common::root;

use proptest::prelude::*;
use sup::policy::hash::{content_hash, read_published, to_published_json};
use sup::policy::FORMAT_VERSION;

const POLICY: &str = "policies/bcp-childrens-services.sup";

/// Run `sup` in the crate root; (exit code, stdout, stderr).
fn sup(args: &[&str]) -> (i32, String, String) {
    common::run_sup(
        env!("CARGO_BIN_EXE_sup"),
        &root(),
        args,
        &[("NO_COLOR", "1")],
        "",
    )
}

/// `sup compile POLICY` into a fresh folder; (the JSON's path, its text).
fn compiled(name: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("sup-compiled-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("policy.json");
    let (code, _, err) = sup(&["compile", POLICY, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    (out, text)
}

fn hash_of(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["hash"].as_str().unwrap().to_string()
}

#[test]
fn eval_of_the_compiled_policy_is_byte_for_byte_eval_of_the_source_in_every_format() {
    let (json_path, json) = compiled("every-format");
    let hash = hash_of(&json);
    assert!(hash.starts_with("sha256:") && hash.len() == 71, "{hash}");
    for format in ["human", "json", "junit", "csv", "markdown"] {
        let run = |policy: &str| {
            sup(&[
                "eval",
                policy,
                "--records",
                "examples/records",
                "--as-of",
                "2026-11-22",
                "--upcoming",
                "30d",
                "--format",
                format,
            ])
        };
        let from_source = run(POLICY);
        let from_compiled = run(json_path.to_str().unwrap());
        assert_eq!(from_source.0, 1, "{format}: {}", from_source.2);
        assert_eq!(from_compiled, from_source, "{format}");
        // Every report with a header names the hash; CSV is one table of findings.
        let named = from_source.1.contains(&hash);
        assert_eq!(named, format != "csv", "{format} names the hash: {named}");
    }
    let (_, json_report, _) = sup(&[
        "eval",
        json_path.to_str().unwrap(),
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&json_report).unwrap();
    assert_eq!(report["policy"]["hash"], hash.as_str());
    assert_eq!(report["policy"]["file"], POLICY);
}

#[test]
fn explain_and_diff_read_a_compiled_policy_as_they_read_its_source() {
    let (json_path, _) = compiled("explain-diff");
    let compiled = json_path.to_str().unwrap();
    let explain = |policy: &str| {
        sup(&[
            "explain",
            policy,
            "--records",
            "examples/records",
            "--as-of",
            "2026-11-22",
            "--rule",
            "nqsw_schedule",
            "--subject",
            "S00001",
        ])
    };
    let from_source = explain(POLICY);
    assert_eq!(explain(compiled), from_source);
    assert!(!from_source.1.is_empty(), "{}", from_source.2);
    // A policy compared with its own compilation: nothing changed.
    let both = sup(&["diff", POLICY, compiled]);
    assert_eq!(both, sup(&["diff", POLICY, POLICY]));
    assert_eq!(both.0, 0, "{}", both.2);
    assert_eq!(
        sup(&["describe", compiled]),
        sup(&["describe", POLICY]),
        "describe"
    );
}

/// Run `sup eval` on `text` written as a `.json` file; (exit code, stderr).
fn eval_text(name: &str, text: &str) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("sup-compiled-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("policy.json");
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = sup(&[
        "eval",
        path.to_str().unwrap(),
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
    ]);
    assert!(out.is_empty(), "nothing is reported: {out}");
    (code, err)
}

#[test]
fn another_format_version_a_changed_content_and_a_missing_hash_are_refused() {
    let (_, json) = compiled("refused");
    let old = json.replacen(
        &format!("\"format_version\": {FORMAT_VERSION},"),
        "\"format_version\": 1,",
        1,
    );
    let (code, err) = eval_text("old", &old);
    assert_eq!(code, 2);
    assert!(err.contains("sup::compiled::format-version"), "{err}");
    assert!(
        err.contains(&format!(
            "policy.json:2:3: compiled with format version 1, but this `sup` reads format version {FORMAT_VERSION}"
        )),
        "{err}"
    );
    assert!(
        err.contains("recompile the policy with this version of `sup compile`"),
        "{err}"
    );

    let edited = json.replacen("\"weeks\"", "\"days\"", 1);
    assert_ne!(edited, json, "the fixture has a duration in weeks");
    let (code, err) = eval_text("edited", &edited);
    assert_eq!(code, 2);
    assert!(err.contains("sup::compiled::hash-mismatch"), "{err}");
    assert!(
        err.contains("policy.json:3:3: the hash does not match the content"),
        "{err}"
    );
    assert!(
        err.contains("recompile the `.sup` policy with `sup compile`"),
        "{err}"
    );

    let unhashed: String = json
        .lines()
        .filter(|l| !l.starts_with("  \"hash\":"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (code, err) = eval_text("unhashed", &unhashed);
    assert_eq!(code, 2);
    assert!(err.contains("sup::compiled::no-hash"), "{err}");

    let (code, err) = eval_text("array", "[\"not\", \"a\", \"policy\"]");
    assert_eq!(code, 2);
    assert!(err.contains("sup::compiled::not-a-policy"), "{err}");
    assert!(err.contains("found a JSON array"), "{err}");

    let (code, err) = eval_text("broken", "{\n  \"format_version\": 3,\n  oops\n}");
    assert_eq!(code, 2);
    assert!(err.contains("sup::compiled::not-json"), "{err}");
    assert!(err.contains("policy.json:3:3: not valid JSON"), "{err}");
}

#[test]
fn every_clean_policy_round_trips_through_the_published_json() {
    let mut count = 0;
    for entry in std::fs::read_dir(root().join("policies")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "sup") {
            continue;
        }
        let loaded = sup::workspace::load(&path, None).unwrap();
        if loaded.checked.has_errors() {
            continue;
        }
        let json = to_published_json(&loaded.checked.policy).unwrap();
        let back = read_published("p.json", &json).unwrap();
        assert_eq!(back, loaded.checked.policy, "{}", path.display());
        assert_eq!(
            to_published_json(&back).unwrap(),
            json,
            "{}",
            path.display()
        );
        assert_eq!(hash_of(&json), content_hash(&back));
        count += 1;
    }
    assert!(count >= 4, "{count} policies compiled");
}

fn published() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let loaded = sup::workspace::load(Path::new(&root().join(POLICY)), None).unwrap();
        to_published_json(&loaded.checked.policy).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// Bytes that are no compiled policy: refused with a code, never a panic.
    #[test]
    fn garbage_is_refused_with_a_code(text in "\\PC{0,200}") {
        if let Err(e) = read_published("g.json", &text) {
            prop_assert!(e.code().starts_with("sup::compiled::"));
        }
    }

    /// A compiled policy cut short or with one character changed is refused (or, where the
    /// change is only layout, read as the same policy).
    #[test]
    fn a_damaged_compiled_policy_is_refused_or_unchanged(at in 0usize..100_000, cut in any::<bool>(), with in any::<char>()) {
        let json = published();
        let at = at % json.len();
        let mut damaged: String = json.chars().take(at).collect();
        if !cut {
            damaged.push(with);
            damaged.extend(json.chars().skip(at + 1));
        }
        match read_published("d.json", &damaged) {
            Err(e) => prop_assert!(e.code().starts_with("sup::compiled::")),
            Ok(policy) => prop_assert_eq!(to_published_json(&policy).unwrap(), json),
        }
    }
}
