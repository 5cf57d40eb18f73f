//! The language's words as an editor offers them. Statement and rule starts
//! (with the shape of each rule) and rule options are written here for
//! completion; every other word, and what it means, is read from the
//! library's tables: keywords from `sup::syntax::keywords`, header fields,
//! column types, periods, `partial windows` choices, units and measures from
//! `sup::check::words`, the tables the checker itself resolves them with.

use std::sync::OnceLock;

use sup::check::words::{self as checker, Word};
use sup::policy::{DurationUnit, Measure};
use sup::syntax::keywords;

pub use sup::check::words::{COLUMN_TYPES, HEADER_FIELDS, PARTIAL_WINDOWS, PERIODS};

/// Words that start a top-level statement, offered at the start of a line:
/// the statement keywords, the headings of lists of values (`roles:`), then
/// `values of`.
pub fn item_starts() -> &'static [String] {
    static STARTS: OnceLock<Vec<String>> = OnceLock::new();
    STARTS.get_or_init(|| {
        keywords::STATEMENT_STARTS
            .iter()
            .map(|w| (*w).to_string())
            .chain(
                keywords::VOCABULARY_HEADINGS
                    .iter()
                    .map(|(h, _)| format!("{h}:")),
            )
            .chain(["values of".to_string()])
            .collect()
    })
}

/// How each rule family starts, offered after `rule NAME:`.
pub const RULE_STARTS: &[(&str, &str)] = &[
    (
        "require",
        "require ACTIVITY for GROUP: at least N per PERIOD",
    ),
    (
        "eligible supervisor",
        "eligible supervisor of ACTIVITY for GROUP { CONDITIONS }",
    ),
    ("limit", "limit MEASURE for GROUP: N to M"),
    (
        "deadline",
        "deadline TABLE: COLUMN within DURATION of COLUMN",
    ),
    (
        "retain",
        "retain KIND records: at least DURATION after leaving",
    ),
    ("access", "access KIND records { allow ROLE for PURPOSE }"),
    ("every member of", "every member of GROUP: CONDITION"),
    (
        "every member of",
        "every member of GROUP: ACTIVITY within the last DURATION",
    ),
    (
        "every member of",
        "every member of GROUP: ACTIVITY booked within the next DURATION",
    ),
];

/// Rule options, offered after a complete rule.
pub const RULE_OPTIONS: &[&str] = &[
    "waivable by",
    "overrides",
    "not pro rata",
    "pro rata",
    "partial windows",
    "alternating between",
];

/// The entries of one of the checker's tables that an editor offers, with
/// what each means (a second spelling, with no meaning, is left out).
pub fn offered<T>(table: &'static [Word<T>]) -> impl Iterator<Item = (&'static str, &'static str)> {
    table.iter().filter_map(|w| Some((w.word, w.meaning?)))
}

/// What `word` means in one of the checker's tables, if it is offered there.
pub fn explained<T>(table: &'static [Word<T>], word: &str) -> Option<&'static str> {
    offered(table).find(|(w, _)| *w == word).map(|(_, m)| m)
}

/// Units of time in their plural spelling, with what they mean.
pub fn units() -> impl Iterator<Item = (&'static str, &'static str)> {
    checker::units().map(|(word, _, _, meaning)| (word, meaning))
}

/// Measures a `limit` rule can bound, with what they mean.
pub fn measures() -> impl Iterator<Item = (&'static str, &'static str)> {
    Measure::ALL
        .iter()
        .map(|(word, m)| (*word, checker::measure_meaning(*m)))
}

/// What a keyword means (the table is `sup::syntax::keywords`).
pub fn keyword(word: &str) -> Option<&'static str> {
    keywords::meaning(word)
}

pub fn is_keyword(word: &str) -> bool {
    keyword(word).is_some() || matches!(word, "calendar" | "framework")
}

/// A unit in any spelling the checker accepts: its plural spelling and what
/// it means.
pub fn unit(word: &str) -> Option<(&'static str, &'static str)> {
    let (unit, times) = DurationUnit::from_word(word)?;
    checker::units()
        .find(|(_, u, t, _)| (*u, *t) == (unit, times))
        .map(|(word, _, _, meaning)| (word, meaning))
}

pub fn is_unit(word: &str) -> bool {
    unit(word).is_some()
}
