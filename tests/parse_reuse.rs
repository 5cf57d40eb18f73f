//! Parsing with statements kept from earlier versions
//! (`syntax::parse_reusing`, what the language server does on each
//! keystroke) gives exactly what parsing from scratch gives: the same tree
//! with the same spans, and the same diagnostics, for every policy and
//! fixture, on a first parse, on a second, and after edits before, inside
//! and after a statement that change the length of the text or keep it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::fs;
use std::path::Path;

use sup::check::{check, check_reusing, CheckOptions};
use sup::syntax::{parse, parse_reusing, ParseCache};

/// Every `.sup` file under `dir`, recursively, sorted.
fn sup_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sup_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "sup") {
            out.push(path);
        }
    }
}

/// The tree and diagnostics with every span written out (`Span`'s `==`
/// ignores positions, so the debug form is compared).
fn parsed(result: &(sup::syntax::Module, Vec<sup::diagnostic::Diagnostic>)) -> String {
    format!("{result:#?}")
}

fn same(text: &str, cache: &ParseCache, what: &str) {
    assert_eq!(
        parsed(&parse_reusing(text, cache)),
        parsed(&parse(text)),
        "{what}"
    );
}

#[test]
fn reusing_statements_parses_every_file_as_from_scratch() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sup_files(&root.join("policies"), &mut files);
    sup_files(&root.join("tests/data/check"), &mut files);
    assert!(files.len() > 100, "the fixtures were not found");
    let cache = ParseCache::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let name = file.display();
        same(&text, &cache, &format!("{name}, first parse"));
        if name.to_string().contains("policies") {
            assert!(cache.kept() > 0, "{name}: nothing kept to reuse");
        }
        same(&text, &cache, &format!("{name}, second parse"));
        // Edits at a quarter, half and three quarters of the way through:
        // a character added (the rest moves), then one replaced (nothing
        // moves), then one removed.
        for quarter in 1..4 {
            let mut at = text.len() * quarter / 4;
            while !text.is_char_boundary(at) {
                at += 1;
            }
            let (before, after) = text.split_at(at);
            let added = format!("{before}x{after}");
            same(&added, &cache, &format!("{name}, x added at {at}"));
            let replaced = format!("{before}y{}", &added[at + 1..]);
            same(&replaced, &cache, &format!("{name}, y for x at {at}"));
            same(&text, &cache, &format!("{name}, back as it was"));
        }
    }
}

#[test]
fn a_check_reusing_statements_is_the_same_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sup_files(&root.join("policies"), &mut files);
    let options = CheckOptions {
        file_name: "p.sup".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22),
    };
    let cache = ParseCache::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        for _ in 0..2 {
            let reused = check_reusing(&text, &options, &cache);
            let fresh = check(&text, &options);
            assert_eq!(
                format!("{:?}", reused.diagnostics),
                format!("{:?}", fresh.diagnostics)
            );
            assert_eq!(
                serde_json::to_string(&reused.policy).unwrap(),
                serde_json::to_string(&fresh.policy).unwrap(),
                "{}",
                file.display()
            );
            assert_eq!(
                format!("{:?}", reused.symbols),
                format!("{:?}", fresh.symbols)
            );
        }
    }
}

#[test]
fn a_window_cut_short_reads_the_same_either_way() {
    // `per calendar` at the end of a rule, then a group: the file once
    // read `group` as the period (`per calendar group`, "unknown period")
    // and the rest of the line as a vocabulary, losing the group, where the
    // rule read on its own stops after `calendar`. A reserved word is never
    // a period now, so every reading stops there.
    let text = "policy \"t\" {\n  version: 1\n}\ngroup everyone: staff\n\
                rule r: require one_to_one for everyone: at least 1 per calendar\n\
                group later: staff\n";
    let cache = ParseCache::new();
    for round in ["first", "second"] {
        same(text, &cache, &format!("{round} parse"));
    }
    // The statement stops after `calendar`, and the group after it is
    // read as a group.
    let (module, diagnostics) = parse(text);
    let at = text.find("calendar\n").unwrap() + "calendar".len();
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("a period such as")
                && d.labels
                    .first()
                    .is_some_and(|l| l.span.start as usize == at)),
        "{diagnostics:#?}"
    );
    assert!(format!("{module:?}").contains("\"later\""), "{module:#?}");
}

/// Bits of the language and of broken text, to splice into a policy.
const PIECES: &[&str] = &[
    "\n",
    "{",
    "}",
    ":",
    ",",
    "\"",
    "#",
    " per calendar\n",
    "\nrule ",
    "\ngroup g: staff\n",
    " within ",
    " once ",
    " include ",
    " where ",
    " not ",
    " and ",
    "by tenure {",
    "\r\n",
    "\u{feff}",
    " 2026-02-30 ",
    " 48 hours ",
    "(",
    ")",
    "every member of ",
    "\n  ",
    // A clause cut short where the next line starts a statement.
    " per calendar\ngroup g: staff\n",
    " at least 1 per\nrule ",
    " within\ncalendar ",
];

/// One edit: splice `PIECES[piece]` in at `at` (a fraction of the text),
/// or, with `cut`, also remove up to `cut` bytes there.
type Edit = (f64, usize, usize);

fn edited(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_string();
    for &(at, piece, cut) in edits {
        let mut i = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        let mut j = (i + cut).min(text.len());
        while !text.is_char_boundary(j) {
            j += 1;
        }
        text.replace_range(i..j, PIECES[piece % PIECES.len()]);
    }
    text
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// Random edits of every policy, each parsed after the one before with
    /// the same cache (as a language server does): the reuse never shows.
    #[test]
    fn reusing_statements_survives_random_edits(
        edits in proptest::collection::vec((0.0..1.0f64, 0..64usize, 0..24usize), 1..6)
    ) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        sup_files(&root.join("policies"), &mut files);
        let cache = ParseCache::new();
        for file in &files {
            let text = fs::read_to_string(file).unwrap();
            same(&text, &cache, &format!("{}", file.display()));
            let changed = edited(&text, &edits);
            proptest::prop_assert_eq!(
                parsed(&parse_reusing(&changed, &cache)),
                parsed(&parse(&changed)),
                "{} after {:?}", file.display(), edits
            );
        }
    }
}
