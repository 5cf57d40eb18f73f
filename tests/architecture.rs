//! The invariants of `docs/architecture.md` that can be read off the source
//! tree, checked on every test run: downstream stages never import the
//! syntax tree, only the named I/O modules touch the file system, every
//! module says what it is for in a `//!` line, and no file grows past 800
//! lines without saying why.
//!
//! Code in test modules (`#[cfg(test)]` onwards, and files under a `tests/`
//! folder) is left out: tests may read fixtures from disk.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::{Path, PathBuf};

/// The longest a source file may be without a stated reason.
const MAX_LINES: usize = 800;

/// What a long file's `//!` doc says, followed by its reason, to be allowed.
const LONG_FILE_MARKER: &str = "Longer than 800 lines:";

/// Downstream stages that read the compiled policy, never the syntax tree,
/// and the module that reads files (it hands text to the checker and
/// takes back what it found).
const DOWNSTREAM: &[&str] = &["src/eval", "src/diff", "src/describe", "src/workspace.rs"];

/// Downstream files that still import the syntax tree, with the reason
/// (also recorded in `docs/architecture.md`). The test fails when one no
/// longer does, so the list cannot go stale.
const SYNTAX_EXCEPTIONS: &[(&str, &str)] = &[];

/// The modules that may touch the file system.
const IO_MODULES: &[&str] = &[
    "src/workspace.rs",
    "src/records/load.rs",
    "src/records/load/chunks.rs",
    "src/records/xlsx.rs",
    "src/cli/",
    "src/main.rs",
];

/// Every `.rs` file under `dir`, relative to the crate root with `/`
/// separators, and its text.
fn sources(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![root.join(dir)];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap();
                let name = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no sources found under {dir}");
    out
}

/// A file's library code: without its test module and comments, so a
/// `syntax::` in a doc line or a fixture read in a test is not counted.
/// Files under a `tests/` folder are test code through and through.
fn library_code(name: &str, text: &str) -> String {
    if name.contains("/tests/") {
        return String::new();
    }
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn downstream_stages_never_import_the_syntax_tree() {
    let mut found = Vec::new();
    let mut used_exceptions = Vec::new();
    for (name, text) in sources("src") {
        if !DOWNSTREAM.iter().any(|stage| name.starts_with(stage)) {
            continue;
        }
        if !library_code(&name, &text).contains("syntax::") {
            continue;
        }
        if SYNTAX_EXCEPTIONS.iter().any(|(n, _)| *n == name) {
            used_exceptions.push(name);
        } else {
            found.push(name);
        }
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "these read the syntax tree; read `policy::` instead (docs/architecture.md)"
    );
    let stale: Vec<&str> = SYNTAX_EXCEPTIONS
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !used_exceptions.iter().any(|u| u == n))
        .collect();
    assert_eq!(
        stale,
        Vec::<&str>::new(),
        "these no longer import the syntax tree: take them off the list of exceptions"
    );
}

#[test]
fn only_the_named_modules_touch_the_file_system() {
    let mut found = Vec::new();
    for (name, text) in sources("src") {
        if IO_MODULES.iter().any(|m| name.starts_with(m)) {
            continue;
        }
        let code = library_code(&name, &text);
        for pattern in ["std::fs", "File::", "fs::"] {
            if code.contains(pattern) {
                found.push(format!("{name}: {pattern}"));
            }
        }
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "file-system access outside {IO_MODULES:?} (docs/architecture.md)"
    );
}

#[test]
fn every_module_starts_with_what_it_is_for() {
    let mut found = Vec::new();
    for dir in ["src", "lsp/src"] {
        for (name, text) in sources(dir) {
            if !text.starts_with("//!") {
                found.push(name);
            }
        }
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "these have no `//!` first line"
    );
}

#[test]
fn no_file_is_long_without_a_stated_reason() {
    let mut found = Vec::new();
    for dir in ["src", "lsp/src"] {
        for (name, text) in sources(dir) {
            let lines = text.lines().count();
            if lines <= MAX_LINES {
                continue;
            }
            let stated = text
                .lines()
                .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
                .filter_map(|l| l.strip_prefix("//!"))
                .filter_map(|l| l.trim().strip_prefix(LONG_FILE_MARKER))
                .any(|reason| !reason.trim().is_empty());
            if !stated {
                found.push(format!("{name}: {lines} lines"));
            }
        }
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "split these along their seams, or give the reason in a `//! {LONG_FILE_MARKER} ...` line"
    );
}

/// The checks themselves find what they are meant to find.
#[test]
fn the_checks_see_what_they_look_for() {
    let code = "//! Doc.\nuse crate::syntax::ast;\n// syntax:: in a comment\n#[cfg(test)]\nmod tests { use std::fs; }\n";
    let library = library_code("src/eval/x.rs", code);
    assert!(library.contains("syntax::ast"));
    assert!(!library.contains("comment"));
    assert!(!library.contains("std::fs"));
    assert_eq!(library_code("src/eval/tests/x.rs", code), "");
}
