//! A compiled policy survives JSON: compile → JSON → read back is the same
//! policy, and the JSON carries the format version.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::{Path, PathBuf};

use sup::check::{check, CheckOptions};
use sup::policy::{CompiledPolicy, FORMAT_VERSION};

fn clean_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests/data/check/ok", "policies"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "sup") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn compiled_policies_round_trip_through_json() {
    let mut compiled = 0;
    for path in clean_sources() {
        let source = std::fs::read_to_string(&path).unwrap();
        let checked = check(
            &source,
            &CheckOptions {
                file_name: path.display().to_string(),
                today: None,
            },
        );
        if checked.has_errors() {
            continue;
        }
        let json = serde_json::to_string_pretty(&checked.policy).unwrap();
        let back: CompiledPolicy = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back,
            checked.policy,
            "{} changed in the round trip",
            path.display()
        );
        let again = serde_json::to_string_pretty(&back).unwrap();
        assert_eq!(again, json, "{}: JSON is not stable", path.display());
        compiled += 1;
    }
    assert!(compiled > 0, "no policy compiled cleanly");
}

#[test]
fn the_json_names_its_format_version() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/check/ok/every-family.sup"),
    )
    .unwrap();
    let checked = check(&source, &CheckOptions::default());
    let value: serde_json::Value = serde_json::to_value(&checked.policy).unwrap();
    assert_eq!(value["format_version"], FORMAT_VERSION);
    assert_eq!(
        value["rules"].as_array().map(Vec::len),
        Some(checked.policy.rules.len())
    );
}
