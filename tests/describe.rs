//! `sup describe` on every shipped policy, as reviewed snapshots.
//!
//! Each policy in `policies/` that checks clean is described by the real
//! binary and compared with `tests/snapshots/describe__<file stem>.snap`.
//! The snapshots are read by a person before they are accepted: they are
//! the plain-English face of the policy for the people who must follow it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `.sup` files in `policies/`, sorted for a stable order.
fn policy_files() -> Vec<PathBuf> {
    let dir = manifest_dir().join("policies");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sup"))
        .collect();
    files.sort();
    files
}

/// Run `sup describe` from the crate root with a path relative to it, so
/// nothing machine-specific reaches the output.
fn sup_describe(relative: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sup"))
        .current_dir(manifest_dir())
        .arg("describe")
        .arg(relative)
        .output()
        .expect("the sup binary runs")
}

#[test]
fn every_clean_policy_is_described() {
    let mut described = 0;
    for path in policy_files() {
        let relative = path
            .strip_prefix(manifest_dir())
            .unwrap_or(&path)
            .to_path_buf();
        let loaded = sup::workspace::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
        if loaded.checked.has_errors() {
            // Another test reports broken policies; a description of one
            // would leave its broken rules out.
            continue;
        }
        let output = sup_describe(&relative);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "sup describe {} failed: {stderr}",
            relative.display()
        );
        let stdout = String::from_utf8(output.stdout).expect("Markdown is UTF-8");
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        insta::with_settings!({ description => format!("sup describe {}", relative.display()), omit_expression => true }, {
            insta::assert_snapshot!(stem, stdout);
        });
        described += 1;
    }
    assert!(
        described > 0,
        "no policy in policies/ checks clean, so nothing was described"
    );
}

#[test]
fn a_policy_with_errors_is_not_described() {
    let dir = std::env::temp_dir().join(format!("sup-describe-test-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.sup");
    fs::write(&file, "policy \"Broken\" { owner: \"O\" }\nrule r: require one_to_one for nobody: at least 1 per year\n").unwrap();
    let output = sup_describe(&file);
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not described"), "{stderr}");
}

#[test]
fn an_unreadable_file_fails_with_exit_code_2() {
    let output = sup_describe(Path::new("policies/does-not-exist.sup"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read"), "{stderr}");
}
