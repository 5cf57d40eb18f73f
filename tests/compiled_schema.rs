//! The golden schema of the compiled policy's JSON: what `FORMAT_VERSION`
//! promises, read off real output.
//!
//! Every `.sup` file under `policies/` and `tests/data/` that checks cleanly
//! (among them `tests/data/schema/every-construct.sup`, written to use every
//! construct) is compiled and written as JSON, and the JSON is reduced to its
//! shape: every path with the kinds of value found there, each object's
//! fields in the order they are written (`?` for one sometimes left out), and
//! the words an enumeration was seen to take. Types used in many places
//! (`Condition` and `Expr`, which nest without limit, `Literal`, `Duration`,
//! `Amount`, `Requirement`, `Window`) are described once each, under their
//! name and variant (`Condition<is>`), and named where they appear, so a new
//! policy using a known type somewhere new does not change the description.
//! The shape is compared with a reviewed snapshot, so a change to the
//! compiled policy's types that changes its JSON fails here, however it came
//! about. A second snapshot pins the shipped policies' compiled JSON byte for
//! byte, by content hash.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use sup::policy::FORMAT_VERSION;

/// JSON as written: unlike `serde_json::Value`, an object keeps its fields
/// in the order they were written, which the content hash depends on.
enum Json {
    Null,
    Bool,
    Integer,
    Float,
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Json, E> {
        Ok(Json::Bool)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Json, E> {
        Ok(Json::Integer)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Json, E> {
        Ok(Json::Integer)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Json, E> {
        Ok(Json::Float)
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_string()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut fields = Vec::new();
        while let Some((key, value)) = map.next_entry()? {
            fields.push((key, value));
        }
        Ok(Json::Object(fields))
    }
}

/// Objects whose keys are names from the policy (a `BTreeMap`), not fields:
/// their entries are described once, under `.*`.
const MAPS: &[&str] = &[
    "CompiledPolicy.tables",
    "CompiledPolicy.vocabularies",
    "CompiledPolicy.groups",
    "CompiledPolicy.calendars",
    "CompiledPolicy.holidays",
    "CompiledPolicy.activities",
    "CompiledPolicy.vocabularies.*.labels",
];

/// Types that appear in many places, described once under their name and
/// named where they appear, so that each reads the same wherever a policy
/// uses it: found by where they are (a path ending so) ...
const NAMED_AT: &[(&str, &str)] = &[
    (".requirement", "Requirement"),
    (".window", "Window"),
    ("Condition<is>.values[]", "Literal"),
    ("Condition<has>.value", "Literal"),
    ("Expr<literal>.value", "Literal"),
    ("<limit>.min", "Amount"),
    ("<limit>.max", "Amount"),
];

/// ... or by their tags: `Condition`'s variants and `Expr`'s, which also
/// nest without limit ...
const CONDITION_KINDS: &[&str] = &[
    "all",
    "any",
    "not",
    "is",
    "recorded",
    "working_hours",
    "has",
    "in_group",
    "compare",
];
const EXPR_KINDS: &[&str] = &["column", "via", "month_of", "literal", "arith"];

/// ... or by their fields: a `Duration`.
const DURATION_FIELDS: &[&str] = &["amount", "unit"];

/// Fields that hold one word of a closed set (an enum written as a string);
/// the words seen are part of the shape. Free names (tables, columns, ...)
/// are not: they are only `string`.
const ENUM_FIELDS: &[&str] = &[
    "op",
    "unit",
    "origin",
    "partial_windows",
    "period",
    "measure",
    "side",
    "anchor",
];

/// Paths whose `kind` field is an enum of the struct, not a variant's tag.
const NOT_TAGGED: &[&str] = &["CompiledPolicy.header"];

/// Where a value sits, and what was seen there.
#[derive(Default)]
struct Shape {
    /// Path → kinds of value seen there.
    kinds: BTreeMap<String, BTreeSet<String>>,
    /// Object path → what its objects held.
    objects: BTreeMap<String, Fields>,
}

/// The fields of the objects seen at one path.
#[derive(Default)]
struct Fields {
    /// Every field, in the order first seen.
    first_seen: Vec<String>,
    /// Field → in how many objects it was present.
    present: BTreeMap<String, usize>,
    /// Pairs written one right after the other, somewhere.
    follows: BTreeSet<(String, String)>,
    /// How many objects were seen.
    seen: usize,
}

impl Fields {
    fn add(&mut self, keys: &[&str]) {
        self.seen += 1;
        for key in keys {
            if !self.first_seen.iter().any(|k| k == key) {
                self.first_seen.push(key.to_string());
            }
            *self.present.entry(key.to_string()).or_default() += 1;
        }
        for pair in keys.windows(2) {
            self.follows
                .insert((pair[0].to_string(), pair[1].to_string()));
        }
    }

    /// The fields in written order: each after every field some object
    /// wrote before it (optional fields are left out of some objects, so
    /// no one object need show the whole order); `?` marks a field some
    /// objects leave out.
    fn in_order(&self) -> Vec<String> {
        let mut left: Vec<&String> = self.first_seen.iter().collect();
        let mut out = Vec::new();
        while !left.is_empty() {
            let next = left
                .iter()
                .position(|k| {
                    !left
                        .iter()
                        .any(|before| self.follows.contains(&((*before).clone(), (*k).clone())))
                })
                .unwrap_or(0);
            let key = left.remove(next);
            let optional = self.present.get(key).copied().unwrap_or(0) < self.seen;
            out.push(format!("{key}{}", if optional { "?" } else { "" }));
        }
        out
    }
}

impl Shape {
    fn kind(&mut self, path: &str, kind: impl Into<String>) {
        self.kinds
            .entry(path.to_string())
            .or_default()
            .insert(kind.into());
    }

    fn walk(&mut self, path: &str, value: &Json) {
        match value {
            Json::Null => self.kind(path, "null"),
            Json::Bool => self.kind(path, "bool"),
            Json::Integer => self.kind(path, "integer"),
            Json::Float => self.kind(path, "float"),
            Json::String(s) => {
                let field = path.rsplit('.').next().unwrap_or(path);
                let enumerated = ENUM_FIELDS.contains(&field)
                    || path == "CompiledPolicy.header.kind"
                    || path.starts_with("Expr<") && path.ends_with(">.of");
                if enumerated {
                    self.kind(path, format!("{s:?}"));
                } else {
                    self.kind(path, "string");
                }
            }
            Json::Array(items) => {
                self.kind(path, "array");
                let inner = format!("{path}[]");
                for item in items {
                    self.walk(&inner, item);
                }
            }
            Json::Object(fields) => self.object(path, fields),
        }
    }

    fn object(&mut self, path: &str, fields: &[(String, Json)]) {
        if MAPS.contains(&path) {
            self.kind(path, "map");
            let inner = format!("{path}.*");
            for (_, value) in fields {
                self.walk(&inner, value);
            }
            return;
        }
        let tag = fields.iter().find_map(|(k, v)| match v {
            Json::String(s) if k == "kind" || k == "family" => Some(s.as_str()),
            _ => None,
        });
        let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        let named = NAMED_AT
            .iter()
            .find(|(end, _)| path.ends_with(end))
            .map(|(_, name)| *name)
            .or(match tag {
                Some(tag) if CONDITION_KINDS.contains(&tag) => Some("Condition"),
                Some(tag) if EXPR_KINDS.contains(&tag) => Some("Expr"),
                _ => None,
            })
            .or((keys == DURATION_FIELDS).then_some("Duration"));
        let tag = tag.filter(|_| !NOT_TAGGED.contains(&path));
        let here = match (named, tag) {
            (Some(name), Some(tag)) => {
                self.kind(path, name);
                format!("{name}<{tag}>")
            }
            (Some(name), None) => {
                self.kind(path, name);
                name.to_string()
            }
            (None, Some(tag)) => {
                self.kind(path, format!("<{tag}>"));
                format!("{path}<{tag}>")
            }
            (None, None) => {
                self.kind(path, "object");
                path.to_string()
            }
        };
        self.objects.entry(here.clone()).or_default().add(&keys);
        for (key, value) in fields {
            self.walk(&format!("{here}.{key}"), value);
        }
    }

    /// One line per path, sorted: its kinds, and an object's fields.
    fn describe(&self) -> String {
        let mut out = format!("format_version: {FORMAT_VERSION}\n");
        let paths: BTreeSet<&String> = self.kinds.keys().chain(self.objects.keys()).collect();
        for path in paths {
            out.push_str(path);
            out.push(':');
            if let Some(kinds) = self.kinds.get(path) {
                out.push(' ');
                out.push_str(&kinds.iter().cloned().collect::<Vec<_>>().join(" | "));
            }
            if let Some(fields) = self.objects.get(path) {
                out.push_str(&format!(" {{{}}}", fields.in_order().join(", ")));
            }
            out.push('\n');
        }
        out
    }
}

/// Every `.sup` file under `dir`, recursively.
fn sup_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sup_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "sup") {
            out.push(path);
        }
    }
}

/// The compiled JSON of every clean policy in the repository, by file.
fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sup_files(&root.join("policies"), &mut files);
    sup_files(&root.join("tests/data"), &mut files);
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let loaded = sup::workspace::load(&path, None).unwrap();
        if loaded.checked.has_errors() {
            continue;
        }
        let json = serde_json::to_string_pretty(&loaded.checked.policy).unwrap();
        out.push((path.strip_prefix(root).unwrap().to_path_buf(), json));
    }
    out
}

fn shape_of(corpus: &[(PathBuf, String)]) -> Shape {
    let mut shape = Shape::default();
    for (_, json) in corpus {
        let value: Json = serde_json::from_str(json).unwrap();
        shape.walk("CompiledPolicy", &value);
    }
    shape
}

const CHANGED: &str = "\n\nThe JSON of a compiled policy changed (the diff above). If that is \
    meant: bump FORMAT_VERSION in src/policy/mod.rs, update docs/compiled-policy.md, then accept \
    the snapshot (review the .snap.new and move it over the .snap). If only a new policy under \
    policies/ or tests/data/ shows more of the same format (a field seen absent for the first \
    time), accept it without a bump.\n";

/// Compare with the reviewed snapshot `name`, saying what to do when the
/// JSON changed after insta's diff.
fn matches_reviewed(name: &str, text: String) {
    let outcome = std::panic::catch_unwind(|| {
        insta::assert_snapshot!(name, text);
    });
    if outcome.is_err() {
        panic!("{CHANGED}");
    }
}

#[test]
fn the_compiled_json_has_the_reviewed_schema() {
    let corpus = corpus();
    assert!(
        corpus
            .iter()
            .any(|(p, _)| p.ends_with("schema/every-construct.sup")),
        "tests/data/schema/every-construct.sup must check cleanly"
    );
    let described = shape_of(&corpus).describe();
    matches_reviewed("compiled_schema", described);
}

/// The shipped policies compile to the same JSON, byte for byte: the
/// content hash of each (`sup compile`'s `hash`), named as `sup compile
/// policies/NAME.sup` run from the repository's root names it. A change to
/// the compiled policy's types that only moves code keeps these; one that
/// changes the JSON changes the schema above too.
#[test]
fn the_shipped_policies_compile_to_the_same_json() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sup_files(&root.join("policies"), &mut files);
    files.sort();
    let mut hashes = String::new();
    for path in files {
        let name = path.strip_prefix(root).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = sup::workspace::check_source(&path, &name, text, None);
        assert!(!loaded.checked.has_errors(), "{name} has errors");
        let hash = sup::policy::hash::content_hash(&loaded.checked.policy);
        hashes.push_str(&format!("{name}: {hash}\n"));
    }
    matches_reviewed("shipped_policies", hashes);
}

/// The describer sees what it is meant to: order, optional fields, maps,
/// tags, the two recursive types and enumerated words.
#[test]
fn the_shape_is_read_off_the_json() {
    let json = r#"{
        "format_version": 4,
        "tables": {"staff": {"name": "staff", "origin": "prelude"}},
        "rules": [
            {"name": "a", "body": {"family": "retention", "anchor": "leaving", "min": null}},
            {"name": "b", "extra": 1.5, "body": {"family": "retention", "anchor": "creation", "min": {"amount": 1, "unit": "years"}}}
        ],
        "filter": {"kind": "not", "condition": {"kind": "compare", "op": ">=",
            "left": {"kind": "column", "of": "row", "column": "level"},
            "right": {"kind": "literal", "value": {"kind": "number", "value": 3.0}}}}
    }"#;
    let value: Json = serde_json::from_str(json).unwrap();
    let mut shape = Shape::default();
    shape.walk("CompiledPolicy", &value);
    let expected = "\
format_version: 4
CompiledPolicy: object {format_version, tables, rules, filter}
CompiledPolicy.filter: Condition
CompiledPolicy.format_version: integer
CompiledPolicy.rules: array
CompiledPolicy.rules[]: object {name, extra?, body}
CompiledPolicy.rules[].body: <retention>
CompiledPolicy.rules[].body<retention>: {family, anchor, min}
CompiledPolicy.rules[].body<retention>.anchor: \"creation\" | \"leaving\"
CompiledPolicy.rules[].body<retention>.family: string
CompiledPolicy.rules[].body<retention>.min: Duration | null
CompiledPolicy.rules[].extra: float
CompiledPolicy.rules[].name: string
CompiledPolicy.tables: map
CompiledPolicy.tables.*: object {name, origin}
CompiledPolicy.tables.*.name: string
CompiledPolicy.tables.*.origin: \"prelude\"
Condition<compare>: {kind, op, left, right}
Condition<compare>.kind: string
Condition<compare>.left: Expr
Condition<compare>.op: \">=\"
Condition<compare>.right: Expr
Condition<not>: {kind, condition}
Condition<not>.condition: Condition
Condition<not>.kind: string
Duration: {amount, unit}
Duration.amount: integer
Duration.unit: \"years\"
Expr<column>: {kind, of, column}
Expr<column>.column: string
Expr<column>.kind: string
Expr<column>.of: \"row\"
Expr<literal>: {kind, value}
Expr<literal>.kind: string
Expr<literal>.value: Literal
Literal<number>: {kind, value}
Literal<number>.kind: string
Literal<number>.value: float
";
    let expected = expected.replace(
        "format_version: 4",
        &format!("format_version: {FORMAT_VERSION}"),
    );
    assert_eq!(shape.describe(), expected);
}

/// Fields that no one object writes together still come out in written
/// order, once some object shows it.
#[test]
fn optional_fields_keep_their_written_order() {
    let mut fields = Fields::default();
    fields.add(&["kind", "min"]);
    fields.add(&["kind", "max"]);
    fields.add(&["kind", "max", "min"]);
    assert_eq!(fields.in_order(), ["kind", "max?", "min?"]);
    let mut always = Fields::default();
    always.add(&["a", "b"]);
    always.add(&["a", "b"]);
    assert_eq!(always.in_order(), ["a", "b"]);
}
