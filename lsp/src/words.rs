//! The language's own words: keywords, units, periods and column types, with
//! the short plain-English explanation an author sees on hover.
//!
//! The keywords and what they mean come from the library's one table
//! (`sup::syntax::keywords`, held equal to the grammar by its tests); the
//! other lists here mirror the checker's tables, and the tests below check
//! them against it, so that they cannot drift apart.

use sup::syntax::keywords;

/// Words that start a top-level statement, offered at the start of a line.
pub const ITEM_STARTS: &[&str] = &[
    "policy",
    "framework",
    "table",
    "extend",
    "group",
    "calendar",
    "holidays",
    "activity",
    "rule",
    "roles:",
    "tags:",
    "registrations:",
    "purposes:",
    "teams:",
    "session kinds:",
    "record kinds:",
    "case flags:",
    "values of",
];

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

/// Header fields.
pub const HEADER_FIELDS: &[(&str, &str)] = &[
    (
        "owner",
        "Who owns the policy: `owner: \"Children's Services\"`.",
    ),
    ("version", "The policy's version: `version: \"2025-04\"`."),
    (
        "effective",
        "The date the policy takes effect: `effective: 2025-04-01`.",
    ),
    (
        "review",
        "The date the policy is due for review; after it, `sup check` warns.",
    ),
    (
        "timezone",
        "The IANA timezone that times in exports are read in (default `Europe/London`).",
    ),
    (
        "holidays",
        "The holiday calendar working days skip (default `england_and_wales`).",
    ),
    (
        "conforms to",
        "The framework file this policy must at least meet, relative to this file.",
    ),
    (
        "working hours",
        "The hours of the working day, for `is within working hours`: `working hours: \"08:30 to 17:30\"`.",
    ),
];

/// Units of time, with what they mean.
pub const UNITS: &[(&str, &str)] = &[
    ("minutes", "Minutes of time."),
    (
        "hours",
        "Hours of time: `within 48 hours` is two whole days to the minute.",
    ),
    ("days", "Calendar days, weekends and holidays included."),
    (
        "working days",
        "Monday to Friday, leaving out the policy's holiday calendar (`holidays:` in the header).",
    ),
    ("weeks", "Weeks of 7 days."),
    ("fortnights", "Two weeks each."),
    (
        "months",
        "Calendar months: a month after 31 January is the last day of February.",
    ),
    (
        "years",
        "Calendar years: a year after 29 February is 28 February.",
    ),
];

/// The singular spellings the checker also accepts.
pub const UNIT_SINGULARS: &[(&str, &str)] = &[
    ("minute", "minutes"),
    ("hour", "hours"),
    ("day", "days"),
    ("working day", "working days"),
    ("week", "weeks"),
    ("fortnight", "fortnights"),
    ("month", "months"),
    ("year", "years"),
];

/// Periods after `per`, with what they mean.
pub const PERIODS: &[(&str, &str)] = &[
    ("week", "Each week, Monday to Sunday."),
    (
        "fortnight",
        "Each fortnight, counted from Monday 3 January 2000.",
    ),
    ("month", "Each calendar month."),
    (
        "quarter",
        "Each quarter: January to March, April to June, and so on.",
    ),
    ("year", "Each calendar year, January to December."),
    ("calendar month", "Each calendar month."),
    ("calendar year", "Each calendar year, January to December."),
    ("financial year", "Each financial year, April to March."),
    ("academic year", "Each academic year, September to August."),
];

/// Column types, with what they mean.
pub const TYPES: &[(&str, &str)] = &[
    ("id", "A unique identifier of the row."),
    ("text", "Any text."),
    ("number", "A number, such as `0.6` or `12`."),
    ("bool", "Yes or no."),
    ("date", "A date, `YYYY-MM-DD`."),
    ("datetime", "A date and time."),
    ("duration", "A length of time."),
];

/// Measures a `limit` rule can bound.
pub const MEASURES: &[(&str, &str)] = &[
    (
        "supervisees",
        "How many staff name this member as their `supervisor`, on each day.",
    ),
    ("caseload", "The member's `caseload`."),
    (
        "caseload per fte",
        "The member's `caseload` divided by their `fte`.",
    ),
    ("group_size", "How many attended one session."),
    ("session_length", "How long one session lasted."),
    (
        "team_cover",
        "The share of a team not on leave, on each day.",
    ),
];

/// `partial windows` choices.
pub const PARTIAL_WINDOWS: &[(&str, &str)] = &[
    (
        "prorated",
        "Scale the requirement by the share of the window covered, rounding down.",
    ),
    ("full", "Require the full amount anyway."),
    (
        "ignored",
        "Do not judge windows a person was only partly in.",
    ),
];

/// What a keyword means (the table is `sup::syntax::keywords`).
pub fn keyword(word: &str) -> Option<&'static str> {
    keywords::meaning(word)
}

pub fn is_keyword(word: &str) -> bool {
    keyword(word).is_some() || matches!(word, "calendar" | "framework")
}

/// The explanation of a unit, in any spelling the checker accepts.
pub fn unit(word: &str) -> Option<(&'static str, &'static str)> {
    let canonical = UNIT_SINGULARS
        .iter()
        .find(|(w, _)| *w == word)
        .map_or(word, |(_, c)| *c);
    UNITS.iter().find(|(w, _)| *w == canonical).copied()
}

pub fn is_unit(word: &str) -> bool {
    unit(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sup::check::{check, CheckOptions};
    use sup::diagnostic::Code;

    /// The codes of the diagnostics of `source`.
    fn codes(source: &str) -> Vec<Code> {
        check(source, &CheckOptions::default())
            .diagnostics
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    const HEADER: &str = "policy \"P\" {\n  review: 2030-01-01\n}\ngroup g: staff\n";

    #[test]
    fn every_unit_is_one_the_checker_knows() {
        for unit in UNITS.iter().chain(UNIT_SINGULARS).map(|(u, _)| u) {
            assert!(
                sup::policy::DurationUnit::from_word(unit).is_some(),
                "`{unit}`"
            );
        }
    }

    #[test]
    fn every_period_is_one_the_checker_knows() {
        for (period, _) in PERIODS {
            let source =
                format!("{HEADER}rule r: require one_to_one for g: at least 1 per {period}\n");
            assert_eq!(codes(&source), [], "per {period}");
        }
    }

    #[test]
    fn every_type_is_one_the_checker_knows() {
        for (ty, _) in TYPES {
            let source = format!("{HEADER}extend staff {{\n  extra: optional {ty}\n}}\n");
            assert!(!codes(&source).contains(&Code::UnknownType), "`{ty}`");
        }
    }

    #[test]
    fn every_measure_and_partial_window_is_one_the_checker_knows() {
        for (measure, _) in MEASURES {
            assert!(
                sup::policy::Measure::ALL.iter().any(|(m, _)| m == measure),
                "`{measure}`"
            );
        }
        for (choice, _) in PARTIAL_WINDOWS {
            let source = format!("{HEADER}rule r: require one_to_one for g: at least 1 per month, partial windows {choice}\n");
            assert_eq!(codes(&source), [], "partial windows {choice}");
        }
    }

    #[test]
    fn every_header_field_is_one_the_checker_knows() {
        for (field, _) in HEADER_FIELDS {
            let source = format!("policy \"P\" {{\n  {field}: \"x\"\n}}\n");
            assert!(
                !codes(&source).contains(&Code::UnknownHeaderField),
                "`{field}`"
            );
        }
    }
}
