//! Durations and amounts with their units, as the compiled policy holds them.

use serde::{Deserialize, Serialize};

/// A length of time in one unit. Months and years are calendar units: the
/// evaluator adds them to dates (`6 years after 2020-02-29` is 2026-02-28),
/// never converts them to days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Minutes,
    Hours,
    Days,
    /// Monday to Friday, less the policy's holidays.
    WorkingDays,
    Weeks,
    Months,
    Years,
}

impl DurationUnit {
    /// Every spelling accepted in a `.sup` file, and the unit and multiplier it means.
    pub const SPELLINGS: &'static [(&'static str, DurationUnit, u32)] = &[
        ("minute", DurationUnit::Minutes, 1),
        ("minutes", DurationUnit::Minutes, 1),
        ("hour", DurationUnit::Hours, 1),
        ("hours", DurationUnit::Hours, 1),
        ("day", DurationUnit::Days, 1),
        ("days", DurationUnit::Days, 1),
        ("working day", DurationUnit::WorkingDays, 1),
        ("working days", DurationUnit::WorkingDays, 1),
        ("week", DurationUnit::Weeks, 1),
        ("weeks", DurationUnit::Weeks, 1),
        ("fortnight", DurationUnit::Weeks, 2),
        ("fortnights", DurationUnit::Weeks, 2),
        ("month", DurationUnit::Months, 1),
        ("months", DurationUnit::Months, 1),
        ("year", DurationUnit::Years, 1),
        ("years", DurationUnit::Years, 1),
    ];

    /// The unit a word names, with the multiplier (`fortnight` is 2 weeks).
    pub fn from_word(word: &str) -> Option<(DurationUnit, u32)> {
        DurationUnit::SPELLINGS
            .iter()
            .find(|(w, _, _)| *w == word)
            .map(|(_, u, m)| (*u, *m))
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            DurationUnit::Minutes => ("minute", "minutes"),
            DurationUnit::Hours => ("hour", "hours"),
            DurationUnit::Days => ("day", "days"),
            DurationUnit::WorkingDays => ("working day", "working days"),
            DurationUnit::Weeks => ("week", "weeks"),
            DurationUnit::Months => ("month", "months"),
            DurationUnit::Years => ("year", "years"),
        }
    }

    /// Roughly how many minutes one unit is, for ordering durations of
    /// different units (a working day counts as 7/5 of a day).
    fn approx_minutes(self) -> f64 {
        match self {
            DurationUnit::Minutes => 1.0,
            DurationUnit::Hours => 60.0,
            DurationUnit::Days => 1440.0,
            DurationUnit::WorkingDays => 1440.0 * 7.0 / 5.0,
            DurationUnit::Weeks => 1440.0 * 7.0,
            DurationUnit::Months => 1440.0 * 365.25 / 12.0,
            DurationUnit::Years => 1440.0 * 365.25,
        }
    }
}

impl Duration {
    pub fn new(amount: u32, unit: DurationUnit) -> Self {
        Duration { amount, unit }
    }

    /// Approximate length in minutes, for comparing durations written in
    /// different units (`6 weeks` < `12 months`). Never used to evaluate.
    pub fn approx_minutes(&self) -> f64 {
        f64::from(self.amount) * self.unit.approx_minutes()
    }

    /// Exact length in minutes, for units of fixed length.
    pub fn fixed_minutes(&self) -> Option<i64> {
        let per = match self.unit {
            DurationUnit::Minutes => 1,
            DurationUnit::Hours => 60,
            DurationUnit::Days => 1440,
            DurationUnit::Weeks => 10080,
            DurationUnit::WorkingDays | DurationUnit::Months | DurationUnit::Years => return None,
        };
        Some(i64::from(self.amount) * per)
    }

    pub fn is_zero(&self) -> bool {
        self.amount == 0
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (one, many) = self.unit.words();
        write!(
            f,
            "{} {}",
            self.amount,
            if self.amount == 1 { one } else { many }
        )
    }
}

/// A checked quantity: a count, a duration or a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Amount {
    Count(f64),
    Duration(Duration),
    Percent(f64),
}

impl Amount {
    /// A number for ordering two amounts of the same kind.
    pub fn magnitude(&self) -> f64 {
        match self {
            Amount::Count(n) | Amount::Percent(n) => *n,
            Amount::Duration(d) => d.approx_minutes(),
        }
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Amount::Count(n) => write!(f, "{n}"),
            Amount::Duration(d) => write!(f, "{d}"),
            Amount::Percent(p) => write!(f, "{p}%"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fortnight_is_two_weeks() {
        assert_eq!(
            DurationUnit::from_word("fortnight"),
            Some((DurationUnit::Weeks, 2))
        );
    }

    #[test]
    fn durations_read_as_english() {
        assert_eq!(Duration::new(1, DurationUnit::Weeks).to_string(), "1 week");
        assert_eq!(
            Duration::new(5, DurationUnit::WorkingDays).to_string(),
            "5 working days"
        );
    }

    #[test]
    fn durations_of_different_units_order_sensibly() {
        let six_weeks = Duration::new(6, DurationUnit::Weeks);
        let twelve_months = Duration::new(12, DurationUnit::Months);
        let one_year = Duration::new(1, DurationUnit::Years);
        assert!(six_weeks.approx_minutes() < twelve_months.approx_minutes());
        assert!((twelve_months.approx_minutes() - one_year.approx_minutes()).abs() < 1.0);
    }
}
