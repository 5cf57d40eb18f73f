//! The invariants of `docs/architecture.md` that can be read off the source
//! tree, checked on every test run: downstream stages and the compiled
//! policy never import the syntax tree, only the named I/O modules touch the
//! file system, every module says what it is for in a `//!` line, no file
//! grows past 800 lines without saying why, and the library crates and the
//! language server do without the command's dependencies.
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
const DOWNSTREAM: &[&str] = &[
    "crates/sup-eval/src/eval",
    "crates/sup-eval/src/diff",
    "crates/sup-eval/src/records",
    "crates/sup-lang/src/diff",
    "crates/sup-lang/src/describe",
    "crates/sup-eval/src/workspace.rs",
    "src/diff",
];

/// The compiled policy's own types, which must not borrow from the syntax
/// tree: its JSON is guarded by `FORMAT_VERSION` and must not change when
/// the tree does. No exceptions, test code included.
const POLICY: &str = "crates/sup-lang/src/policy";

/// Every folder of Rust source the checks below read.
const SOURCE_DIRS: &[&str] = &["src", "crates", "lsp/src"];

/// Downstream files that still import the syntax tree, with the reason
/// (also recorded in `docs/architecture.md`). The test fails when one no
/// longer does, so the list cannot go stale.
const SYNTAX_EXCEPTIONS: &[(&str, &str)] = &[];

/// The modules that may touch the file system.
const IO_MODULES: &[&str] = &[
    "crates/sup-eval/src/workspace.rs",
    "crates/sup-eval/src/records/load.rs",
    "crates/sup-eval/src/records/load/chunks.rs",
    "crates/sup-eval/src/records/xlsx.rs",
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
    for (name, text) in SOURCE_DIRS.iter().flat_map(|dir| sources(dir)) {
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

/// The code of a whole file, its tests included, without comments.
fn code_without_comments(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether code names the `syntax` module: as a path (`syntax::ast`) or
/// imported in a group (`use crate::{policy, syntax}`).
fn names_the_syntax_module(code: &str) -> bool {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| word == "syntax")
}

#[test]
fn the_compiled_policy_never_imports_the_syntax_tree() {
    let found: Vec<String> = sources(POLICY)
        .into_iter()
        .filter(|(_, text)| names_the_syntax_module(&code_without_comments(text)))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        found,
        Vec::<String>::new(),
        "these name `syntax`; the compiled policy has its own types, which \
         the checker lowers the syntax tree into (crates/sup-lang/src/check/lower.rs, docs/architecture.md)"
    );
}

#[test]
fn only_the_named_modules_touch_the_file_system() {
    let mut found = Vec::new();
    // The language server is a program of its own: it reads the files it
    // is asked about.
    for (name, text) in ["src", "crates"].iter().flat_map(|dir| sources(dir)) {
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
    for dir in SOURCE_DIRS {
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
    for dir in SOURCE_DIRS {
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

/// The dependencies the command alone may have: its argument parser, the
/// generated completions and manual, the spreadsheet report.
const COMMAND_ONLY: &[&str] = &["clap", "clap_complete", "clap_mangen", "rust_xlsxwriter"];

/// The `[dependencies]` table of a package's `Cargo.toml`.
fn dependencies(manifest: &str) -> toml::Table {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(manifest)).unwrap();
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    match table.remove("dependencies") {
        Some(toml::Value::Table(deps)) => deps,
        _ => toml::Table::new(),
    }
}

/// The package a dependency entry names (`package = ...` when renamed).
fn package_of<'a>(key: &'a str, entry: &'a toml::Value) -> &'a str {
    entry
        .get("package")
        .and_then(toml::Value::as_str)
        .unwrap_or(key)
}

#[test]
fn the_library_crates_do_without_the_commands_dependencies() {
    let mut found = Vec::new();
    for manifest in [
        "crates/sup-lang/Cargo.toml",
        "crates/sup-eval/Cargo.toml",
        "lsp/Cargo.toml",
    ] {
        for (key, entry) in &dependencies(manifest) {
            let package = package_of(key, entry);
            if COMMAND_ONLY.contains(&package) || package == "sup" {
                found.push(format!("{manifest}: {package}"));
            }
            // miette's `fancy` renders reports for a terminal: the command's job.
            let features = entry.get("features").and_then(toml::Value::as_array);
            if package == "miette"
                && features.is_some_and(|f| f.iter().any(|f| f.as_str() == Some("fancy")))
            {
                found.push(format!("{manifest}: miette with `fancy`"));
            }
        }
    }
    // The language has no use for miette at all.
    if dependencies("crates/sup-lang/Cargo.toml").contains_key("miette") {
        found.push("crates/sup-lang/Cargo.toml: miette".into());
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "only the `sup` command may depend on these (docs/architecture.md)"
    );
    // The check reads what it means to: the command does have them.
    let command = dependencies("Cargo.toml");
    assert!(COMMAND_ONLY.iter().all(|d| command.contains_key(*d)));
    assert_eq!(
        package_of("sup", &dependencies("lsp/Cargo.toml")["sup"]),
        "sup-lang"
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
    let whole = code_without_comments(code);
    assert!(whole.contains("std::fs"));
    assert!(names_the_syntax_module(&whole));
    assert!(names_the_syntax_module("use crate::{policy, syntax};"));
    assert!(!names_the_syntax_module(&code_without_comments(
        "// syntax:: in a comment\nlet syntax_tree = 1;"
    )));
    assert!(!names_the_syntax_module(&code_without_comments(
        "// crate::syntax::ast\nuse crate::span::Span;"
    )));
}
