//! `sup fmt` from the command line: rewriting in place, `--check` for CI,
//! and refusing files that do not parse.

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

fn sup(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A scratch file under `target/`, named for the test so tests run in parallel.
fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-scratch/fmt_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const MESSY: &str = "policy \"Messy\"{review:2027-01-01}\n\n\n\nrule r:require one_to_one for all_staff:at least 10 per year # ten\ngroup all_staff : staff\n";
const TIDY: &str = "policy \"Messy\" {\n  review: 2027-01-01\n}\n\nrule r: require one_to_one for all_staff: at least 10 per year # ten\n\ngroup all_staff: staff\n";

#[test]
fn check_prints_a_diff_and_exits_one_without_touching_the_file() {
    let path = scratch("check.sup", MESSY);
    let out = sup(&["fmt", "--check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("-rule r:require one_to_one"), "{stdout}");
    assert!(
        stdout.contains("+rule r: require one_to_one for all_staff: at least 10 per year # ten"),
        "{stdout}"
    );
    assert!(stdout.contains("(formatted)"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 file is not formatted"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MESSY);
}

#[test]
fn without_check_the_file_is_rewritten_and_then_passes_check() {
    let path = scratch("rewrite.sup", MESSY);
    let out = sup(&["fmt", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), TIDY);
    let out = sup(&["fmt", "--check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn the_shipped_policies_pass_check() {
    let mut args = vec!["fmt".to_string(), "--check".to_string()];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sup") {
            args.push(path.display().to_string());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = sup(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_file_with_syntax_errors_is_left_alone_and_reported() {
    let broken = "policy \"x\" { }\nrule r: require one_to_one for\n";
    let path = scratch("broken.sup", broken);
    let out = sup(&["fmt", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sup::syntax"), "{stderr}");
    assert!(stderr.contains("has syntax errors"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn a_missing_file_exits_two() {
    let out = sup(&["fmt", "--check", "policies/no-such-file.sup"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_byte_order_mark_is_dropped_and_the_rest_formatted() {
    // Windows editors may save one; the canonical layout has none, so a
    // file with one is rewritten without it and then passes `--check`.
    let path = scratch("bom.sup", &format!("\u{feff}{MESSY}"));
    let out = sup(&["fmt", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), TIDY);
    let out = sup(&["fmt", "--check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
}
