//! Comparing durations written in different units, and what a frequency
//! requirement guarantees over a window of another shape.
//!
//! A duration is judged by the shortest and longest stretch of calendar time
//! it can cover: `1 month` is 28 to 31 days, `5 working days` 7 to 13 days
//! (weekends, and the policy's holidays — England and Wales bank holidays
//! unless its header names another calendar — at their most bunched, at
//! Christmas and Easter). When the ranges do not overlap, or only touch, the
//! comparison is certain; otherwise it is decided by the typical length and
//! said to be "usually" so.

use std::cell::RefCell;
use std::sync::OnceLock;

use chrono::{Datelike, Months, NaiveDate};

use crate::calendar::WorkingDays;
use crate::policy::{CalendarPeriod, CompiledPolicy, Duration, DurationUnit, Window};

const MINUTES_PER_DAY: f64 = 1440.0;

/// The shortest and longest calendar time a duration covers, in minutes.
pub(crate) fn bounds(d: Duration) -> (f64, f64) {
    let n = f64::from(d.amount);
    match d.unit {
        DurationUnit::Minutes => (n, n),
        DurationUnit::Hours => (n * 60.0, n * 60.0),
        DurationUnit::Days => (n * MINUTES_PER_DAY, n * MINUTES_PER_DAY),
        DurationUnit::Weeks => (n * 7.0 * MINUTES_PER_DAY, n * 7.0 * MINUTES_PER_DAY),
        DurationUnit::WorkingDays => {
            let (low, high) = working_day_span(d.amount);
            (low * MINUTES_PER_DAY, high * MINUTES_PER_DAY)
        }
        DurationUnit::Months => {
            let (low, high) = month_span(d.amount);
            (low * MINUTES_PER_DAY, high * MINUTES_PER_DAY)
        }
        DurationUnit::Years => {
            let (low, high) = month_span(d.amount.saturating_mul(12));
            (low * MINUTES_PER_DAY, high * MINUTES_PER_DAY)
        }
    }
}

/// Sample start dates: every day of four years, so every weekday, month
/// length and leap year is met, and England and Wales bank holidays with them.
fn sample_starts() -> &'static [NaiveDate] {
    static STARTS: OnceLock<Vec<NaiveDate>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut days = Vec::new();
        let mut day = NaiveDate::from_ymd_opt(2023, 1, 1);
        while let Some(d) = day {
            if d.year() > 2026 {
                break;
            }
            days.push(d);
            day = d.succ_opt();
        }
        days
    })
}

/// Days covered by `n` calendar months, shortest and longest.
fn month_span(n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    span_over_starts(|start| start.checked_add_months(Months::new(n)))
}

thread_local! {
    /// The holiday lists that working days skip in the policies being
    /// compared (each header's `holidays:`), set for the length of one
    /// comparison by [`holidays_in_use`]. A thread-local rather than a
    /// parameter because durations are compared in dozens of places that
    /// know nothing of the policies; it is always set and reset by a guard,
    /// so no comparison sees another's lists.
    static HOLIDAYS: RefCell<Vec<Vec<NaiveDate>>> = const { RefCell::new(Vec::new()) };
}

/// While alive, working days are measured against the holiday lists of
/// the policies being compared; dropping it restores the previous lists.
pub(crate) struct HolidaysInUse {
    previous: Vec<Vec<NaiveDate>>,
}

impl Drop for HolidaysInUse {
    fn drop(&mut self) {
        let previous = std::mem::take(&mut self.previous);
        HOLIDAYS.with(|h| *h.borrow_mut() = previous);
    }
}

/// Measure working days against the holiday calendars the headers of
/// `policies` name, until the guard is dropped.
pub(crate) fn holidays_in_use(policies: &[&CompiledPolicy]) -> HolidaysInUse {
    let mut lists: Vec<Vec<NaiveDate>> = Vec::new();
    for p in policies {
        let dates = p.holidays.get(&p.header.holidays).map_or_else(
            || crate::calendar::england_and_wales().to_vec(),
            |h| h.dates.clone(),
        );
        if !lists.contains(&dates) {
            lists.push(dates);
        }
    }
    let previous = HOLIDAYS.with(|h| std::mem::replace(&mut *h.borrow_mut(), lists));
    HolidaysInUse { previous }
}

/// Days covered by `n` working days, shortest and longest, over the
/// holiday calendars in use (England and Wales when none is set). When the
/// two versions skip different holidays, the range covers both, so a
/// comparison that depends on which applies is not called certain.
fn working_day_span(n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let lists = HOLIDAYS.with(|h| h.borrow().clone());
    let span = |holidays: &[NaiveDate]| {
        let calendar = WorkingDays::new(holidays);
        span_over_starts(|start| {
            // Only working-day starts: a request made on a Saturday is judged
            // from the Monday, which is the same as starting on the Monday.
            calendar
                .is_working_day(start)
                .then(|| calendar.add(start, n))
        })
    };
    if lists.is_empty() {
        return span(crate::calendar::england_and_wales());
    }
    lists
        .iter()
        .map(|l| span(l))
        .fold((f64::MAX, f64::MIN), |(lo, hi), (l, h)| {
            (lo.min(l), hi.max(h))
        })
}

fn span_over_starts(end_of: impl Fn(NaiveDate) -> Option<NaiveDate>) -> (f64, f64) {
    let mut low = i64::MAX;
    let mut high = i64::MIN;
    for &start in sample_starts() {
        if let Some(end) = end_of(start) {
            let days = (end - start).num_days();
            low = low.min(days);
            high = high.max(days);
        }
    }
    if low > high {
        return (0.0, 0.0);
    }
    #[expect(
        clippy::cast_precision_loss,
        reason = "spans are a few thousand days at most"
    )]
    (low as f64, high as f64)
}

/// How a new duration compares with an old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Length {
    Same,
    /// Shorter; `certain` when it is never longer.
    Shorter {
        certain: bool,
    },
    Longer {
        certain: bool,
    },
}

pub(crate) fn compare(old: Duration, new: Duration) -> Length {
    if old == new {
        return Length::Same;
    }
    let (old_low, old_high) = bounds(old);
    let (new_low, new_high) = bounds(new);
    if (old_low - new_low).abs() < 1e-6 && (old_high - new_high).abs() < 1e-6 {
        return Length::Same;
    }
    if new_high <= old_low {
        return Length::Shorter { certain: true };
    }
    if new_low >= old_high {
        return Length::Longer { certain: true };
    }
    let (old_typical, new_typical) = (old.approx_minutes(), new.approx_minutes());
    if (old_typical - new_typical).abs() < 1.0 {
        Length::Same
    } else if new_typical < old_typical {
        Length::Shorter { certain: false }
    } else {
        Length::Longer { certain: false }
    }
}

/// Words for the range a duration covers, when it is not fixed
/// ("1 month is 28 to 31 days").
pub(crate) fn range_words(d: Duration) -> Option<String> {
    let (low, high) = bounds(d);
    if (high - low).abs() < 1e-6 {
        return None;
    }
    let (low, high) = (low / MINUTES_PER_DAY, high / MINUTES_PER_DAY);
    Some(format!("{d} is {low} to {high} days"))
}

/// A sentence explaining a comparison of two durations of different kinds
/// (working against calendar days, months against weeks); `None` when the
/// units are simple enough to need no explanation.
pub(crate) fn explain(old: Duration, new: Duration) -> Option<String> {
    if old.unit == new.unit {
        return None;
    }
    let fixed = |d: Duration| d.fixed_minutes().is_some();
    if fixed(old) && fixed(new) {
        return None;
    }
    let parts: Vec<String> = [range_words(old), range_words(new)]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

// ---------------------------------------------------------------- windows

/// A window's kind and length, for comparing frequency requirements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    /// Fixed calendar periods.
    Calendar(CalendarPeriod),
    /// Every stretch of this length.
    Rolling(Duration),
    /// The periods of a declared calendar, `min` to `max` days long.
    Periods { min_days: f64, max_days: f64 },
}

pub(crate) fn shape(window: &Window, policy: &CompiledPolicy) -> Option<Shape> {
    Some(match window {
        Window::Calendar { period } => Shape::Calendar(*period),
        Window::Rolling { length } => Shape::Rolling(*length),
        Window::Periods { calendar } => {
            let periods = &policy.calendars.get(calendar)?.periods;
            let lengths = periods.iter().map(|p| (p.end - p.start).num_days() + 1);
            #[expect(
                clippy::cast_precision_loss,
                reason = "calendar periods are a few hundred days at most"
            )]
            let (min, max) = lengths.fold((f64::MAX, 0.0_f64), |(lo, hi), n| {
                (lo.min(n as f64), hi.max(n as f64))
            });
            if min > max {
                return None;
            }
            Shape::Periods {
                min_days: min,
                max_days: max,
            }
        }
    })
}

/// A calendar period as a duration, and whether it is counted in months.
fn period_length(period: CalendarPeriod) -> Duration {
    match period {
        CalendarPeriod::Week => Duration::new(1, DurationUnit::Weeks),
        CalendarPeriod::Fortnight => Duration::new(2, DurationUnit::Weeks),
        CalendarPeriod::Month => Duration::new(1, DurationUnit::Months),
        CalendarPeriod::Quarter => Duration::new(3, DurationUnit::Months),
        CalendarPeriod::Year | CalendarPeriod::FinancialYear | CalendarPeriod::AcademicYear => {
            Duration::new(1, DurationUnit::Years)
        }
    }
}

/// Shortest and longest length of a window, in minutes.
pub(crate) fn shape_bounds(shape: Shape) -> (f64, f64) {
    match shape {
        Shape::Calendar(p) => bounds(period_length(p)),
        Shape::Rolling(d) => bounds(d),
        Shape::Periods { min_days, max_days } => {
            (min_days * MINUTES_PER_DAY, max_days * MINUTES_PER_DAY)
        }
    }
}

/// Typical length of a window in days.
pub(crate) fn typical_days(shape: Shape) -> f64 {
    match shape {
        Shape::Calendar(p) => period_length(p).approx_minutes() / MINUTES_PER_DAY,
        Shape::Rolling(d) => d.approx_minutes() / MINUTES_PER_DAY,
        Shape::Periods { min_days, max_days } => (min_days + max_days) / 2.0,
    }
}

/// Length in months, for durations counted in months or years.
fn in_months(d: Duration) -> Option<u32> {
    match d.unit {
        DurationUnit::Months => Some(d.amount),
        DurationUnit::Years => Some(d.amount.saturating_mul(12)),
        _ => None,
    }
}

/// How many stretches of length `inner` always fit, one after another,
/// inside any stretch of length `outer`.
pub(crate) fn fits(inner: Duration, outer: Duration) -> u32 {
    if inner.amount == 0 {
        return 0;
    }
    if let (Some(i), Some(o)) = (in_months(inner), in_months(outer)) {
        return o / i;
    }
    if let (Some(i), Some(o)) = (inner.fixed_minutes(), outer.fixed_minutes()) {
        return u32::try_from(o / i.max(1)).unwrap_or(u32::MAX);
    }
    let (_, inner_high) = bounds(inner);
    let (outer_low, _) = bounds(outer);
    whole(outer_low / inner_high)
}

fn whole(x: f64) -> u32 {
    if x.is_finite() && x > 0.0 {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "rounded down on purpose; checked positive and finite"
        )]
        let n = (x + 1e-9).floor().min(f64::from(u32::MAX)) as u32;
        n
    } else {
        0
    }
}

/// True when each period of `inner` lies inside one period of `outer`
/// (months in years, quarters in financial years, weeks in fortnights).
fn aligned(inner: CalendarPeriod, outer: CalendarPeriod) -> bool {
    use CalendarPeriod::*;
    inner == outer
        || matches!(
            (inner, outer),
            (Week, Fortnight)
                | (Month, Quarter | Year | FinancialYear | AcademicYear)
                | (Quarter, Year | FinancialYear)
        )
}

/// How many whole windows of shape `inner` always lie inside a window of
/// shape `outer`.
pub(crate) fn whole_windows(inner: Shape, outer: Shape) -> u32 {
    match (inner, outer) {
        (Shape::Rolling(i), Shape::Rolling(o)) => fits(i, o),
        (Shape::Rolling(i), Shape::Calendar(p)) => fits(i, period_length(p)),
        (Shape::Calendar(i), Shape::Calendar(o)) if aligned(i, o) => {
            fits(period_length(i), period_length(o))
        }
        (Shape::Calendar(i), Shape::Calendar(o)) => {
            // Not aligned: the outer period may start part-way through one.
            fits(period_length(i), period_length(o)).saturating_sub(1)
        }
        (Shape::Calendar(i), Shape::Rolling(o)) => fits(period_length(i), o).saturating_sub(1),
        (Shape::Periods { .. }, Shape::Periods { .. }) if inner == outer => 1,
        _ => {
            let (_, inner_high) = shape_bounds(inner);
            let (outer_low, _) = shape_bounds(outer);
            whole(outer_low / inner_high).saturating_sub(1)
        }
    }
}

/// How many events there always are in a window when no gap between them
/// is longer than `gap`.
pub(crate) fn events_with_gap(gap: Duration, window: Shape) -> u32 {
    match window {
        Shape::Rolling(d) => fits(gap, d),
        Shape::Calendar(p) => fits(gap, period_length(p)),
        Shape::Periods { min_days, .. } => whole(min_days * MINUTES_PER_DAY / bounds(gap).1),
    }
}

/// The longest time between two qualifying events that a window shape
/// allows when each window must hold at least one, in minutes.
pub(crate) fn longest_gap(shape: Shape) -> f64 {
    let (_, high) = shape_bounds(shape);
    match shape {
        Shape::Rolling(_) => high,
        // One at the start of a period and the next at the end of the following.
        Shape::Calendar(_) | Shape::Periods { .. } => 2.0 * high,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: u32, unit: DurationUnit) -> Duration {
        Duration::new(n, unit)
    }

    #[test]
    fn months_and_years_span_sensible_ranges() {
        assert_eq!(month_span(1), (28.0, 31.0));
        assert_eq!(month_span(12), (365.0, 366.0));
        assert_eq!(
            bounds(d(1, DurationUnit::Years)),
            bounds(d(12, DurationUnit::Months))
        );
    }

    #[test]
    fn working_days_are_at_least_as_long_as_calendar_days() {
        let (low, high) = working_day_span(5);
        assert_eq!(low, 7.0);
        assert!((9.0..=13.0).contains(&high), "{high}");
        let (low, high) = working_day_span(1);
        assert_eq!(low, 1.0);
        assert!(high >= 3.0, "{high}");
    }

    #[test]
    fn compares_across_units() {
        use Length::*;
        let hours48 = d(48, DurationUnit::Hours);
        assert_eq!(
            compare(hours48, d(5, DurationUnit::WorkingDays)),
            Longer { certain: true }
        );
        assert_eq!(
            compare(hours48, d(2, DurationUnit::WorkingDays)),
            Longer { certain: true }
        );
        assert_eq!(
            compare(d(2, DurationUnit::Weeks), d(14, DurationUnit::Days)),
            Same
        );
        assert_eq!(
            compare(d(12, DurationUnit::Months), d(1, DurationUnit::Years)),
            Same
        );
        assert_eq!(
            compare(d(4, DurationUnit::Weeks), d(1, DurationUnit::Months)),
            Longer { certain: true }
        );
        assert_eq!(
            compare(d(1, DurationUnit::Months), d(30, DurationUnit::Days)),
            Shorter { certain: false }
        );
        assert_eq!(
            compare(d(1, DurationUnit::Weeks), d(5, DurationUnit::WorkingDays)),
            Longer { certain: true }
        );
    }

    #[test]
    fn whole_windows_respect_alignment() {
        use CalendarPeriod::*;
        assert_eq!(
            whole_windows(Shape::Calendar(Month), Shape::Calendar(Year)),
            12
        );
        assert_eq!(
            whole_windows(
                Shape::Calendar(Month),
                Shape::Rolling(d(12, DurationUnit::Months))
            ),
            11
        );
        assert_eq!(
            whole_windows(
                Shape::Calendar(Year),
                Shape::Rolling(d(12, DurationUnit::Months))
            ),
            0
        );
        assert_eq!(
            whole_windows(
                Shape::Rolling(d(12, DurationUnit::Months)),
                Shape::Calendar(Year)
            ),
            1
        );
        assert_eq!(
            whole_windows(Shape::Calendar(Week), Shape::Calendar(Month)),
            3
        );
    }
}
