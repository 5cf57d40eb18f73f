//! The words the checker reads in particular places, besides the keywords
//! (`syntax::keywords`): header fields, column types, periods after `per`,
//! `partial windows` choices, and what each unit and measure means.
//!
//! These are the checker's own tables: it resolves a word with them, suggests
//! from them when a word is unknown, and the language server offers and
//! explains the same entries, so an editor can never offer a word the checker
//! refuses or miss one it accepts.

use crate::policy::{CalendarPeriod, ColumnType, DurationUnit, Measure, PartialWindows};

/// A word (or phrase) the checker accepts in one place and what it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Word<T> {
    pub word: &'static str,
    pub means: T,
    /// What it means, for an author. `None` for a second spelling of a word
    /// that is explained (`calendar week` for `week`): editors neither offer
    /// nor explain it, though the checker accepts it.
    pub meaning: Option<&'static str>,
}

const fn w<T>(word: &'static str, means: T, meaning: &'static str) -> Word<T> {
    Word {
        word,
        means,
        meaning: Some(meaning),
    }
}

/// The header's fields, in the order they are usually written.
pub const HEADER_FIELDS: &[Word<()>] = &[
    w("owner", (), "Who owns the policy: `owner: \"Children's Services\"`."),
    w("version", (), "The policy's version: `version: \"2025-04\"`."),
    w("effective", (), "The date the policy takes effect: `effective: 2025-04-01`."),
    w("review", (), "The date the policy is due for review; after it, `sup check` warns."),
    w("timezone", (), "The IANA timezone that times in exports are read in (default `Europe/London`)."),
    w("holidays", (), "The holiday calendar working days skip (default `england_and_wales`)."),
    w("conforms to", (), "The framework file this policy must at least meet, relative to this file."),
    w("working hours", (), "The hours of the working day, for `is within working hours`: `working hours: \"08:30 to 17:30\"`."),
];

/// The column types named by one word (besides `ref`, `one of`, `set of`).
pub const COLUMN_TYPES: &[Word<ColumnType>] = &[
    w("id", ColumnType::Id, "A unique identifier of the row."),
    w("text", ColumnType::Text, "Any text."),
    w(
        "number",
        ColumnType::Number,
        "A number, such as `0.6` or `12`.",
    ),
    w("bool", ColumnType::Bool, "Yes or no."),
    w("date", ColumnType::Date, "A date, `YYYY-MM-DD`."),
    w("datetime", ColumnType::Datetime, "A date and time."),
    w("duration", ColumnType::Duration, "A length of time."),
];

/// The periods after `per`: the single words first, then the two-word ones.
pub const PERIODS: &[Word<CalendarPeriod>] = &[
    w("week", CalendarPeriod::Week, "Each week, Monday to Sunday."),
    w(
        "fortnight",
        CalendarPeriod::Fortnight,
        "Each fortnight, counted from Monday 3 January 2000.",
    ),
    w("month", CalendarPeriod::Month, "Each calendar month."),
    w(
        "quarter",
        CalendarPeriod::Quarter,
        "Each quarter: January to March, April to June, and so on.",
    ),
    w(
        "year",
        CalendarPeriod::Year,
        "Each calendar year, January to December.",
    ),
    Word {
        word: "calendar week",
        means: CalendarPeriod::Week,
        meaning: None,
    },
    w(
        "calendar month",
        CalendarPeriod::Month,
        "Each calendar month.",
    ),
    w(
        "calendar year",
        CalendarPeriod::Year,
        "Each calendar year, January to December.",
    ),
    w(
        "financial year",
        CalendarPeriod::FinancialYear,
        "Each financial year, April to March.",
    ),
    w(
        "academic year",
        CalendarPeriod::AcademicYear,
        "Each academic year, September to August.",
    ),
];

/// The choices of `partial windows`.
pub const PARTIAL_WINDOWS: &[Word<PartialWindows>] = &[
    w(
        "prorated",
        PartialWindows::Prorated,
        "Scale the requirement by the share of the window covered, rounding down.",
    ),
    w(
        "full",
        PartialWindows::Full,
        "Require the full amount anyway.",
    ),
    w(
        "ignored",
        PartialWindows::Ignored,
        "Do not judge windows a person was only partly in.",
    ),
];

/// The entry of `table` spelt `word`.
pub fn find<'t, T>(table: &'t [Word<T>], word: &str) -> Option<&'t Word<T>> {
    table.iter().find(|w| w.word == word)
}

/// Every spelling in `table`, for did-you-mean and lists of what is allowed.
pub fn spellings<T>(table: &[Word<T>]) -> impl Iterator<Item = &'static str> + Clone + '_ {
    table.iter().map(|w| w.word)
}

/// What a unit means, for each unit and multiple that a spelling in
/// `DurationUnit::SPELLINGS` names (`fortnight` is 2 weeks); `None` for a
/// multiple no spelling has.
pub fn unit_meaning(unit: DurationUnit, times: u32) -> Option<&'static str> {
    Some(match (unit, times) {
        (DurationUnit::Minutes, 1) => "Minutes of time.",
        (DurationUnit::Hours, 1) => {
            "Hours of time: `within 48 hours` is two whole days to the minute."
        }
        (DurationUnit::Days, 1) => "Calendar days, weekends and holidays included.",
        (DurationUnit::WorkingDays, 1) => {
            "Monday to Friday, leaving out the policy's holiday calendar (`holidays:` in the header)."
        }
        (DurationUnit::Weeks, 1) => "Weeks of 7 days.",
        (DurationUnit::Weeks, 2) => "Two weeks each.",
        (DurationUnit::Months, 1) => {
            "Calendar months: a month after 31 January is the last day of February."
        }
        (DurationUnit::Years, 1) => "Calendar years: a year after 29 February is 28 February.",
        _ => return None,
    })
}

/// Every unit in its plural spelling (`weeks`, `fortnights`), in the order of
/// `DurationUnit::SPELLINGS`, with the unit, multiple and meaning.
pub fn units() -> impl Iterator<Item = (&'static str, DurationUnit, u32, &'static str)> {
    DurationUnit::SPELLINGS
        .iter()
        .filter(|(word, _, _)| word.ends_with('s'))
        .filter_map(|&(word, unit, times)| Some((word, unit, times, unit_meaning(unit, times)?)))
}

/// What a measure of a `limit` rule means.
pub fn measure_meaning(measure: Measure) -> &'static str {
    match measure {
        Measure::Supervisees => {
            "How many staff name this member as their `supervisor`, on each day."
        }
        Measure::Caseload => "The member's `caseload`.",
        Measure::CaseloadPerFte => "The member's `caseload` divided by their `fte`.",
        Measure::GroupSize => "How many attended one session.",
        Measure::SessionLength => "How long one session lasted.",
        Measure::TeamCover => "The share of a team not on leave, on each day.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_spelling_has_a_meaning() {
        for &(word, unit, times) in DurationUnit::SPELLINGS {
            assert!(unit_meaning(unit, times).is_some(), "`{word}`");
        }
        let plurals: Vec<&str> = units().map(|(w, _, _, _)| w).collect();
        assert_eq!(
            plurals,
            [
                "minutes",
                "hours",
                "days",
                "working days",
                "weeks",
                "fortnights",
                "months",
                "years"
            ]
        );
    }

    #[test]
    fn every_spelling_is_listed_once() {
        fn once<T>(table: &[Word<T>]) {
            let mut all: Vec<&str> = spellings(table).collect();
            let count = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), count);
        }
        once(HEADER_FIELDS);
        once(COLUMN_TYPES);
        once(PERIODS);
        once(PARTIAL_WINDOWS);
    }

    #[test]
    fn only_a_second_spelling_goes_unexplained() {
        for period in PERIODS.iter().filter(|p| p.meaning.is_none()) {
            assert!(
                PERIODS
                    .iter()
                    .any(|p| p.means == period.means && p.meaning.is_some()),
                "`{}`",
                period.word
            );
        }
        for table in [
            HEADER_FIELDS.iter().map(|w| w.meaning).collect::<Vec<_>>(),
            COLUMN_TYPES.iter().map(|w| w.meaning).collect(),
            PARTIAL_WINDOWS.iter().map(|w| w.meaning).collect(),
        ] {
            assert!(table.iter().all(Option::is_some));
        }
    }
}
