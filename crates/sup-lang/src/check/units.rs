//! Quantities: numbers and their units, checked for the kind of amount each
//! place in a rule needs.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{Amount, Duration, DurationUnit};
use crate::span::Span;
use crate::syntax::ast::{Quantity, Spanned};

/// What kind of amount a place in a rule needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Count,
    Duration,
    Percent,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Count => "a count such as `6`",
            Kind::Duration => "a duration such as `48 hours`",
            Kind::Percent => "a percentage such as `50%`",
        }
    }
}

fn unit_words() -> impl Iterator<Item = &'static str> + Clone {
    DurationUnit::SPELLINGS.iter().map(|(w, _, _)| *w)
}

/// The longest duration a policy may give, in years.
const MAX_YEARS: f64 = 1000.0;

impl Checker<'_> {
    /// A plain number (no unit).
    pub(super) fn number(&mut self, q: &Quantity, span: Span) -> Option<f64> {
        match q.number.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                self.error(
                    Diagnostic::error(
                        Code::InvalidQuantity,
                        format!("`{}` is not a number", q.number),
                    )
                    .with_label(span, "not a number")
                    .with_help("write numbers with digits and at most one decimal point"),
                );
                None
            }
        }
    }

    /// A quantity that must be of `kind`.
    pub(super) fn amount(&mut self, q: &Spanned<Quantity>, kind: Kind) -> Option<Amount> {
        match kind {
            Kind::Count => self.count_amount(q).map(Amount::Count),
            Kind::Duration => self.duration(&q.node, q.span).map(Amount::Duration),
            Kind::Percent => self.percent(q).map(Amount::Percent),
        }
    }

    fn count_amount(&mut self, q: &Spanned<Quantity>) -> Option<f64> {
        self.count_at_least(q, "zero")
    }

    /// A count, not negative; `least` says in words the smallest one the
    /// caller accepts, for the help.
    fn count_at_least(&mut self, q: &Spanned<Quantity>, least: &str) -> Option<f64> {
        if let Some(unit) = &q.node.unit {
            self.wrong_unit(q, &unit.node, unit.span, Kind::Count);
            return None;
        }
        let n = self.number(&q.node, q.span)?;
        if n < 0.0 {
            self.error(
                Diagnostic::error(
                    Code::InvalidQuantity,
                    format!("`{}` is negative", q.node.number),
                )
                .with_label(q.span, "a count cannot be below zero")
                .with_help(format!("write a count of {least} or more")),
            );
            return None;
        }
        Some(n)
    }

    /// A whole, positive count (`at least 10`).
    pub(super) fn count(&mut self, q: &Spanned<Quantity>) -> Option<u32> {
        // Zero is rejected below too, so the help for a negative count must
        // not offer it.
        let n = self.count_at_least(q, "1")?;
        if n.fract() == 0.0 && n > f64::from(u32::MAX) {
            self.too_large(&q.node.number, q.span);
            return None;
        }
        if n.fract() != 0.0 || n < 1.0 {
            self.error(
                Diagnostic::error(
                    Code::InvalidQuantity,
                    format!("`{}` is not a whole number of one or more", q.node.number),
                )
                .with_label(q.span, "expected a whole number such as `6`")
                .with_help("a count of sessions is a whole number of at least 1"),
            );
            return None;
        }
        Some(n as u32)
    }

    fn percent(&mut self, q: &Spanned<Quantity>) -> Option<f64> {
        match q.node.unit.as_ref().map(|u| u.node.as_str()) {
            Some("%") => {}
            Some(other) => {
                let (text, span) = (
                    other.to_string(),
                    q.node.unit.as_ref().map_or(q.span, |u| u.span),
                );
                self.wrong_unit(q, &text, span, Kind::Percent);
                return None;
            }
            None => {
                self.error(
                    Diagnostic::error(
                        Code::UnitMismatch,
                        format!("`{}` needs a `%`", q.node.number),
                    )
                    .with_label(q.span, "expected a percentage such as `50%`")
                    .with_help("write the share as a percentage")
                    .with_fix(
                        "add `%`",
                        Span::new(q.span.end as usize, q.span.end as usize),
                        "%",
                    ),
                );
                return None;
            }
        }
        let n = self.number(&q.node, q.span)?;
        if !(0.0..=100.0).contains(&n) {
            self.error(
                Diagnostic::error(
                    Code::InvalidQuantity,
                    format!("`{}%` is not a share between 0% and 100%", q.node.number),
                )
                .with_label(q.span, "out of range")
                .with_help("a percentage of a team is between 0% and 100%"),
            );
            return None;
        }
        Some(n)
    }

    /// A duration (`48 hours`). Fractions become a smaller unit where one is
    /// exact (`1.5 hours` is 90 minutes).
    pub(super) fn duration(&mut self, q: &Quantity, span: Span) -> Option<Duration> {
        let Some(unit) = &q.unit else {
            let end = Span::new(span.end as usize, span.end as usize);
            let mut d = Diagnostic::error(
                Code::UnitMismatch,
                format!("`{}` is a count, but a duration belongs here", q.number),
            )
            .with_label(span, "expected a duration such as `48 hours`")
            .with_help(format!(
                "add a unit: `{0} hours`, `{0} days`, `{0} weeks` or `{0} months`",
                q.number
            ));
            for word in ["hours", "days", "weeks", "months"] {
                d = d.with_fix(format!("add `{word}`"), end, format!(" {word}"));
            }
            self.error(d);
            return None;
        };
        let Some((unit_kind, multiplier)) = DurationUnit::from_word(&unit.node) else {
            let spanned = Spanned::new(q.clone(), span);
            self.wrong_unit(&spanned, &unit.node, unit.span, Kind::Duration);
            return None;
        };
        let n = self.number(q, span)?;
        if n < 0.0 {
            self.error(
                Diagnostic::error(
                    Code::InvalidQuantity,
                    format!("`{} {}` is negative", q.number, unit.node),
                )
                .with_label(span, "a duration cannot be below zero")
                .with_help("write a duration of zero or more"),
            );
            return None;
        }
        let n = n * f64::from(multiplier);
        if n.fract() == 0.0 && n <= f64::from(u32::MAX) {
            return self.within_bound(Duration::new(n as u32, unit_kind), q, unit, span);
        }
        if n > f64::from(u32::MAX) {
            // Not a fraction problem: stepping down to a smaller unit only
            // makes the number bigger.
            self.too_large(&format!("{} {}", q.number, unit.node), span);
            return None;
        }
        // Step down through units of fixed length until the amount is whole
        // (`1.5 weeks` is 252 hours, not an error).
        let mut amount = n;
        let mut unit_now = unit_kind;
        loop {
            let smaller = match unit_now {
                DurationUnit::Hours => Some((60.0, DurationUnit::Minutes)),
                DurationUnit::Days => Some((24.0, DurationUnit::Hours)),
                DurationUnit::Weeks => Some((7.0, DurationUnit::Days)),
                _ => None,
            };
            let Some((factor, small)) = smaller else {
                break;
            };
            amount *= factor;
            unit_now = small;
            if amount.fract() == 0.0 && amount <= f64::from(u32::MAX) {
                return self.within_bound(Duration::new(amount as u32, unit_now), q, unit, span);
            }
        }
        // Where the stepping down stopped says why the fraction cannot be
        // kept: nothing is smaller than a minute, a working day is not split,
        // and months and years have no fixed length to step down from.
        let minutes = |n: f64| {
            if n == 1.0 {
                "1 minute".to_string()
            } else {
                format!("{n} minutes")
            }
        };
        let (label, help) = match unit_now {
            DurationUnit::Minutes => (
                "nothing is smaller than a minute",
                if amount.floor() == 0.0 {
                    format!("round it to whole minutes: `{}`", minutes(amount.ceil()))
                } else {
                    format!(
                        "round it to whole minutes: `{}` or `{}`",
                        minutes(amount.floor()),
                        minutes(amount.ceil())
                    )
                },
            ),
            DurationUnit::WorkingDays => (
                "a working day is not split",
                "round it to whole working days".to_string(),
            ),
            DurationUnit::Years if (amount * 12.0).fract() == 0.0 => (
                "a year has no fixed length, so part of one is not exact",
                format!("write it in months: `{} months`", amount * 12.0),
            ),
            DurationUnit::Years => (
                "a year has no fixed length, so part of one is not exact",
                "write it in months, weeks or days".to_string(),
            ),
            _ => (
                "a month has no fixed length, so part of one is not exact",
                "write it in weeks or days, for example `6 weeks` rather than `1.5 months`"
                    .to_string(),
            ),
        };
        self.error(
            Diagnostic::error(
                Code::InvalidQuantity,
                format!(
                    "`{} {}` is not a whole number of {}",
                    q.number, unit.node, unit.node
                ),
            )
            .with_label(span, label)
            .with_help(help),
        );
        None
    }

    /// A duration no longer than [`MAX_YEARS`]. Longer ones mean nothing in
    /// a policy and overflow date arithmetic downstream (the diff adds them
    /// to dates; the evaluator walks windows of that length).
    fn within_bound(
        &mut self,
        d: Duration,
        q: &Quantity,
        unit: &Spanned<String>,
        span: Span,
    ) -> Option<Duration> {
        let years = match d.unit {
            DurationUnit::Years => f64::from(d.amount),
            DurationUnit::Months => f64::from(d.amount) / 12.0,
            // About 253 working days a year; a bound, not a calendar.
            DurationUnit::WorkingDays => f64::from(d.amount) / 253.0,
            _ => d.fixed_minutes().unwrap_or(0) as f64 / (365.25 * 24.0 * 60.0),
        };
        if years <= MAX_YEARS {
            return Some(d);
        }
        self.error(
            Diagnostic::error(
                Code::InvalidQuantity,
                format!("`{} {}` is longer than 1,000 years", q.number, unit.node),
            )
            .with_label(span, "more than 1,000 years")
            .with_help("durations are at most 1,000 years; check for a slip of the keyboard"),
        );
        None
    }

    /// An amount beyond what a policy can mean (and what `sup` stores).
    fn too_large(&mut self, written: &str, span: Span) {
        self.error(
            Diagnostic::error(Code::InvalidQuantity, format!("`{written}` is too large"))
                .with_label(span, "more than 4294967295")
                .with_help("amounts are at most 4294967295; check for a slip of the keyboard"),
        );
    }

    /// Report a unit that is unknown or of the wrong kind.
    fn wrong_unit(&mut self, q: &Spanned<Quantity>, unit: &str, unit_span: Span, wanted: Kind) {
        let is_duration = DurationUnit::from_word(unit).is_some();
        let is_percent = unit == "%";
        if is_duration || is_percent {
            let found = if is_duration {
                "a duration"
            } else {
                "a percentage"
            };
            let mut d = Diagnostic::error(
                Code::UnitMismatch,
                format!(
                    "`{} {unit}` is {found}, but {} belongs here",
                    q.node.number,
                    wanted.describe()
                ),
            )
            .with_label(q.span, format!("expected {}", wanted.describe()));
            if wanted == Kind::Count {
                let start = q.span.start as usize + q.node.number.len();
                d = d
                    .with_help("remove the unit: counts of sessions have none")
                    .with_fix(
                        "remove the unit",
                        Span::new(start, unit_span.end as usize),
                        "",
                    );
            } else {
                d = d.with_help(format!("write {}", wanted.describe()));
            }
            self.error(d);
            return;
        }
        let d = Diagnostic::error(Code::UnknownUnit, format!("unknown unit `{unit}`"))
            .with_label(unit_span, "not a unit `sup` knows")
            .suggest_or(unit, unit_span, unit_words(), || {
                Some("units are minutes, hours, days, working days, weeks, fortnights, months and years, or `%`".into())
            });
        self.error(d);
    }
}
