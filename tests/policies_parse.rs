//! Every policy in `policies/` parses without a syntax diagnostic.
//!
//! The five policies encode the source documents in the source policies (the seed files);
//! this test keeps them in step with the grammar as it changes.

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

/// The `.sup` files in `policies/`, sorted so failures are reported in a
/// stable order.
fn policy_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sup"))
        .collect();
    files.sort();
    files
}

#[test]
fn there_are_five_policies() {
    let names: Vec<String> = policy_files()
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for expected in [
        "sendiass4bcp.sup",
        "sendsars.sup",
        "stour-federation.sup",
        "bcp-childrens-services.sup",
        "south-gloucestershire-framework.sup",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "policies/{expected} is missing; found {names:?}"
        );
    }
}

#[test]
fn every_policy_parses_without_diagnostics() {
    let mut failures = Vec::new();
    for path in policy_files() {
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let (module, diagnostics) = sup::syntax::parse(&text);
        if !diagnostics.is_empty() {
            failures.push(format!("{}:\n{diagnostics:#?}", path.display()));
        } else if module.items.is_empty() {
            failures.push(format!("{}: no statements", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "syntax diagnostics in policies:\n{}",
        failures.join("\n\n")
    );
}
