//! The VS Code extension's static files, checked without npm or VS Code:
//! each is valid JSON, `package.json` points at files that exist, and the
//! TextMate grammar knows every keyword of `grammar/sup.pest` (and no word
//! the language does not have), so highlighting cannot drift from the
//! language as keywords are added.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sup::policy::DurationUnit;
use sup_lsp::words;

fn extension_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode")
}

/// A file of the extension, parsed; the test fails with the parser's
/// position if it is not JSON.
fn json_file(relative: &str) -> Value {
    let path = extension_dir().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{relative} is not valid JSON: {e}"))
}

fn grammar() -> Value {
    json_file("syntaxes/sup.tmLanguage.json")
}

/// Every `match` regex in the TextMate grammar, wherever it is nested.
fn patterns(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("match" | "begin" | "end", Value::String(regex)) => out.push(regex.clone()),
                    _ => patterns(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| patterns(i, out)),
        _ => {}
    }
}

/// The lower-case words a regex spells out, leaving out character classes
/// (`[A-Za-z_]`) and escapes (`\b`, `\s`), which are not words of the language.
fn spelt_words(regex: &str) -> BTreeSet<String> {
    let mut plain = String::new();
    let mut chars = regex.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
                plain.push(' ');
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            _ => plain.push(c),
        }
    }
    plain
        .split(|c: char| !c.is_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The words `grammar/sup.pest` reserves as keywords: each `kw_x` rule's
/// literal, and the vocabulary headings (`roles`, `session kinds`, ...).
fn pest_keywords() -> BTreeSet<String> {
    let pest = include_str!("../../grammar/sup.pest");
    let mut keywords = BTreeSet::new();
    for line in pest.lines().filter(|l| l.trim_start().starts_with("kw_")) {
        for literal in line.split('"').skip(1).step_by(2) {
            keywords.extend(spelt_words(literal));
        }
    }
    // The vocabulary headings' rule runs over two lines, up to its `}`.
    let start = pest.find("\nvocab_word").expect("no vocab_word rule");
    let end = start + pest[start..].find('}').expect("vocab_word is not closed");
    for literal in pest[start..end].split('"').skip(1).step_by(2) {
        keywords.extend(spelt_words(literal));
    }
    keywords
}

/// The choices of the first group in `regex` that starts with `first`, with
/// `x\s+y` and `x[ \t]+y` read as `x y`, and `xs?` as both `x` and `xs`.
fn alternatives(regex: &str, first: &str) -> BTreeSet<String> {
    let opening = format!("({first}");
    let start = regex
        .find(&opening)
        .unwrap_or_else(|| panic!("no group starting `{opening}` in {regex}"))
        + 1;
    let end = start + regex[start..].find(')').expect("the group is not closed");
    let mut out = BTreeSet::new();
    for choice in regex[start..end].split('|') {
        let spaced = choice.replace(r"[ \t]+", " ").replace(r"\s+", " ");
        match spaced.strip_suffix("s?") {
            Some(stem) => {
                out.insert(stem.to_string());
                out.insert(format!("{stem}s"));
            }
            None => {
                out.insert(spaced);
            }
        }
    }
    out
}

fn pattern_of(grammar: &Value, name: &str) -> String {
    grammar["repository"][name]["match"]
        .as_str()
        .unwrap_or_else(|| panic!("the grammar has no `{name}` pattern with a `match`"))
        .to_string()
}

#[test]
fn the_extension_files_are_json_and_point_at_each_other() {
    let package = json_file("package.json");
    let grammar = grammar();
    json_file("language-configuration.json");

    let language = &package["contributes"]["languages"][0];
    assert_eq!(language["id"], "sup");
    assert_eq!(language["extensions"], serde_json::json!([".sup"]));
    let configuration = language["configuration"].as_str().unwrap();
    assert!(
        extension_dir().join(configuration).is_file(),
        "{configuration}"
    );

    let contributed = &package["contributes"]["grammars"][0];
    assert_eq!(contributed["language"], "sup");
    assert_eq!(contributed["scopeName"], grammar["scopeName"]);
    let path = contributed["path"].as_str().unwrap();
    assert_eq!(
        extension_dir().join(path).canonicalize().unwrap(),
        extension_dir()
            .join("syntaxes/sup.tmLanguage.json")
            .canonicalize()
            .unwrap()
    );

    // `main` is the bundle `npm run bundle` writes from `extension.js` (it
    // is built when the extension is packaged, so not in a clean clone).
    let main = package["main"].as_str().unwrap();
    let bundle = package["scripts"]["bundle"].as_str().unwrap_or_default();
    assert!(extension_dir().join("extension.js").is_file());
    assert!(
        bundle.starts_with("esbuild extension.js ")
            && bundle.ends_with(&format!("--outfile={}", main.trim_start_matches("./"))),
        "{main} is not what `npm run bundle` writes: {bundle}"
    );
    assert_eq!(
        package["scripts"]["vscode:prepublish"], "npm run bundle",
        "packaging builds the bundle first"
    );
    assert!(
        package["dependencies"]["vscode-languageclient"].is_string(),
        "the client library is a dependency"
    );
    // The client reads `sup.trace.server` by the client's id, `sup`.
    assert!(package["contributes"]["configuration"]["properties"]["sup.trace.server"].is_object());
}

#[test]
fn the_grammar_highlights_every_keyword_and_only_words_of_the_language() {
    let mut regexes = Vec::new();
    patterns(&grammar(), &mut regexes);
    let highlighted: BTreeSet<String> = regexes.iter().flat_map(|r| spelt_words(r)).collect();

    let keywords = pest_keywords();
    let missing: Vec<&String> = keywords.difference(&highlighted).collect();
    assert!(
        missing.is_empty(),
        "keywords of grammar/sup.pest the TextMate grammar does not highlight: {missing:?}"
    );

    // Besides keywords, the grammar may name units, column types, header
    // fields and the words the server explains (`supervisee`); anything
    // else is a typo or a word the language no longer has.
    let mut known = keywords;
    let listed = sup::syntax::keywords::WORDS
        .iter()
        .map(|w| w.word)
        .chain(DurationUnit::SPELLINGS.iter().map(|(w, _, _)| *w))
        .chain(words::offered(words::COLUMN_TYPES).map(|(w, _)| w))
        .chain(words::offered(words::HEADER_FIELDS).map(|(w, _)| w));
    for phrase in listed {
        known.extend(spelt_words(phrase));
    }
    let unknown: Vec<&String> = highlighted.difference(&known).collect();
    assert!(
        unknown.is_empty(),
        "words in the TextMate grammar that are not the language's: {unknown:?}"
    );
}

#[test]
fn units_types_and_header_fields_are_the_checkers() {
    let grammar = grammar();
    let set = |list: &mut dyn Iterator<Item = &str>| -> BTreeSet<String> {
        list.map(str::to_string).collect()
    };

    let units = alternatives(&pattern_of(&grammar, "quantity"), "working");
    let expected = set(&mut DurationUnit::SPELLINGS.iter().map(|(w, _, _)| *w));
    assert_eq!(units, expected, "units after a number");

    let types = alternatives(&pattern_of(&grammar, "column"), "id");
    let expected = set(&mut words::offered(words::COLUMN_TYPES).map(|(w, _)| w));
    assert_eq!(types, expected, "column types");

    let fields = alternatives(&pattern_of(&grammar, "header-field"), "owner");
    let expected = set(&mut words::offered(words::HEADER_FIELDS).map(|(w, _)| w));
    assert_eq!(fields, expected, "header fields");
}

#[test]
fn the_word_lists_are_read_as_intended() {
    // The helpers above decide what the checks compare; a mistake in them
    // would make the checks pass vacuously.
    assert_eq!(
        spelt_words(r"^\s*(rule)\s+([A-Za-z_][A-Za-z0-9_]*)"),
        BTreeSet::from(["rule".to_string()])
    );
    assert_eq!(
        alternatives(r"[ \t]+(working[ \t]+days?|hours?|x)\b", "working"),
        BTreeSet::from(["working day", "working days", "hour", "hours", "x"].map(str::to_string))
    );
    let keywords = pest_keywords();
    for word in [
        "policy", "eligible", "recorded", "session", "kinds", "purposes",
    ] {
        assert!(keywords.contains(word), "`{word}` not read from sup.pest");
    }
    assert!(!keywords.contains("ascii"), "rule bodies are not keywords");
}
