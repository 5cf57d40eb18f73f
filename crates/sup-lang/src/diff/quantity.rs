//! Comparing durations written in different units, and what a frequency
//! requirement guarantees over a window of another shape.
//!
//! A duration is judged by the shortest and longest stretch of calendar time
//! it can cover: `1 month` is 28 to 31 days, `5 working days` 7 to 13 days
//! (weekends, and the policy's holidays — England and Wales bank holidays
//! unless its header names another calendar — at their most bunched, at
//! Christmas and Easter). Two durations are compared from the same start
//! date, every day of four years: one is shorter only when it is never
//! longer, and when it is shorter from some starts and longer from others
//! (`30 days` against `1 month`) the comparison "depends", and the words
//! say where each way holds.

use std::cell::RefCell;
use std::collections::BTreeSet;
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

/// The holidays one version's working days skip: the calendar its header
/// names and that calendar's dates, sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Holidays {
    name: String,
    dates: Vec<NaiveDate>,
}

impl Holidays {
    fn of(policy: &CompiledPolicy) -> Self {
        let mut dates = policy.holidays.get(&policy.header.holidays).map_or_else(
            || crate::calendar::england_and_wales().to_vec(),
            |h| h.dates.clone(),
        );
        // `WorkingDays` needs them sorted; a declared list may not be.
        dates.sort_unstable();
        dates.dedup();
        Holidays {
            name: policy.header.holidays.clone(),
            dates,
        }
    }

    /// The days off that fall on a weekday: a Saturday listed as a holiday
    /// changes no working day.
    fn weekdays(&self) -> BTreeSet<NaiveDate> {
        self.dates
            .iter()
            .copied()
            .filter(|d| d.weekday().number_from_monday() <= 5)
            .collect()
    }
}

/// Which version a duration comes from: working days skip that version's
/// holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Old,
    New,
}

thread_local! {
    /// The holidays that working days skip in the two versions being
    /// compared (each header's `holidays:`), set for the length of one
    /// comparison by [`holidays_in_use`]. A thread-local rather than a
    /// parameter because durations are compared in dozens of places that
    /// know nothing of the policies; it is always set and reset by a guard,
    /// so no comparison sees another's lists.
    static HOLIDAYS: RefCell<Option<(Holidays, Holidays)>> = const { RefCell::new(None) };
}

/// While alive, working days are measured against the holiday lists of
/// the policies being compared; dropping it restores the previous lists.
pub(crate) struct HolidaysInUse {
    previous: Option<(Holidays, Holidays)>,
}

impl Drop for HolidaysInUse {
    fn drop(&mut self) {
        let previous = self.previous.take();
        HOLIDAYS.with(|h| *h.borrow_mut() = previous);
    }
}

/// Measure working days against the holiday calendars the headers of
/// `old` and `new` name, until the guard is dropped.
pub(crate) fn holidays_in_use(old: &CompiledPolicy, new: &CompiledPolicy) -> HolidaysInUse {
    let sides = Some((Holidays::of(old), Holidays::of(new)));
    let previous = HOLIDAYS.with(|h| std::mem::replace(&mut *h.borrow_mut(), sides));
    HolidaysInUse { previous }
}

/// The holidays one side's working days skip (England and Wales when no
/// comparison has set them).
fn holidays(side: Side) -> Holidays {
    HOLIDAYS
        .with(|h| {
            h.borrow().as_ref().map(|(old, new)| match side {
                Side::Old => old.clone(),
                Side::New => new.clone(),
            })
        })
        .unwrap_or_else(|| Holidays {
            name: "england_and_wales".to_string(),
            dates: crate::calendar::england_and_wales().to_vec(),
        })
}

/// Days covered by `n` working days, shortest and longest, over the
/// holiday calendars of both versions. When the two versions skip
/// different holidays, the range covers both, so a comparison that depends
/// on which applies is not called certain.
fn working_day_span(n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let (old, new) = (holidays(Side::Old), holidays(Side::New));
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
    let (lo, hi) = span(&old.dates);
    if old.dates == new.dates {
        return (lo, hi);
    }
    let (l, h) = span(&new.dates);
    (lo.min(l), hi.max(h))
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

/// How a new duration compares with an old one, measured from the same
/// start date: a month is 28 to 31 days, so `30 days` is shorter than
/// `1 month` from some starts and longer from others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Length {
    /// As long from every start.
    Same,
    /// Never longer, and shorter from some start.
    Shorter,
    /// Never shorter, and longer from some start.
    Longer,
    /// Shorter from some starts and longer from others: neither is always
    /// at least as long as the other.
    Depends,
}

/// How `new` compares with `old` (each measured with its own version's
/// holidays, when in working days).
pub(crate) fn compare(old: Duration, new: Duration) -> Length {
    compare_on((old, Side::Old), (new, Side::New))
}

fn order(a: f64, b: f64) -> Length {
    if (a - b).abs() < 1e-6 {
        Length::Same
    } else if b < a {
        Length::Shorter
    } else {
        Length::Longer
    }
}

/// How duration `b` (from version `b.1`) compares with `a` (from `a.1`).
pub(crate) fn compare_on(a: (Duration, Side), b: (Duration, Side)) -> Length {
    let ((da, sa), (db, sb)) = (a, b);
    if da.unit == DurationUnit::WorkingDays && db.unit == DurationUnit::WorkingDays {
        let (ha, hb) = (holidays(sa), holidays(sb));
        if ha.dates == hb.dates {
            return order(f64::from(da.amount), f64::from(db.amount));
        }
        // More days off never make a working day come sooner, so a
        // calendar that takes in the other's days off and more gives
        // working days at least as long.
        let (wa, wb) = (ha.weekdays(), hb.weekdays());
        let more = wb.difference(&wa).next().is_some();
        let fewer = wa.difference(&wb).next().is_some();
        match (da.amount.cmp(&db.amount), more, fewer) {
            (std::cmp::Ordering::Equal, false, false) => return Length::Same,
            (std::cmp::Ordering::Equal, true, false) | (std::cmp::Ordering::Less, _, false) => {
                return Length::Longer
            }
            (std::cmp::Ordering::Equal, false, true) | (std::cmp::Ordering::Greater, false, _) => {
                return Length::Shorter
            }
            (std::cmp::Ordering::Equal, true, true) => return Length::Depends,
            // Different amounts over calendars that differ both ways:
            // measured.
            _ => {}
        }
    } else if da == db {
        return Length::Same;
    }
    if let (Some(x), Some(y)) = (da.fixed_minutes(), db.fixed_minutes()) {
        #[expect(
            clippy::cast_precision_loss,
            reason = "durations are far below 2^52 minutes"
        )]
        return order(x as f64, y as f64);
    }
    if let (Some(x), Some(y)) = (in_months(da), in_months(db)) {
        return order(f64::from(x), f64::from(y));
    }
    let tally = pointwise(a, b);
    match (tally.shorter.is_empty(), tally.longer.is_empty()) {
        (true, true) => Length::Same,
        (false, true) => Length::Shorter,
        (true, false) => Length::Longer,
        (false, false) => Length::Depends,
    }
}

/// From each sampled start date: the lengths (in days) of the duration
/// that varies, grouped by whether `b` is shorter, as long, or longer than
/// `a` from there.
#[derive(Debug, Default)]
struct Tally {
    shorter: BTreeSet<i64>,
    same: BTreeSet<i64>,
    longer: BTreeSet<i64>,
}

/// The end of `d` after `start`, in minutes, with `holidays` for working
/// days; `None` when `start` is not a working day and `d` is in working
/// days (a request made on a Saturday is judged from the Monday).
fn minutes_from(d: Duration, start: NaiveDate, holidays: &[NaiveDate]) -> Option<f64> {
    if let Some(m) = d.fixed_minutes() {
        #[expect(
            clippy::cast_precision_loss,
            reason = "durations are far below 2^52 minutes"
        )]
        return Some(m as f64);
    }
    let end = match d.unit {
        DurationUnit::WorkingDays => {
            let calendar = WorkingDays::new(holidays);
            if !calendar.is_working_day(start) {
                return None;
            }
            calendar.add(start, d.amount)
        }
        _ => start.checked_add_months(Months::new(in_months(d)?))?,
    };
    #[expect(
        clippy::cast_precision_loss,
        reason = "spans are a few thousand days at most"
    )]
    Some((end - start).num_days() as f64 * MINUTES_PER_DAY)
}

/// Compare `b` with `a` from every sampled start date.
fn pointwise(a: (Duration, Side), b: (Duration, Side)) -> Tally {
    let ((da, sa), (db, sb)) = (a, b);
    let (ha, hb) = (holidays(sa), holidays(sb));
    // Lengths are told by the duration that varies; `a` when both do.
    let key_of = |ma: f64, mb: f64| {
        let m = if da.fixed_minutes().is_some() { mb } else { ma };
        #[expect(
            clippy::cast_possible_truncation,
            reason = "whole days of a few thousand at most"
        )]
        let days = (m / MINUTES_PER_DAY).round() as i64;
        days
    };
    let mut tally = Tally::default();
    for &start in sample_starts() {
        let (Some(ma), Some(mb)) = (
            minutes_from(da, start, &ha.dates),
            minutes_from(db, start, &hb.dates),
        ) else {
            continue;
        };
        let key = key_of(ma, mb);
        match order(ma, mb) {
            Length::Shorter => tally.shorter.insert(key),
            Length::Longer => tally.longer.insert(key),
            _ => tally.same.insert(key),
        };
    }
    tally
}

/// Where a stretch of `d` that is `days` long falls, in words: for a month,
/// which months ("in February"); for a year, whether it takes in 29
/// February; otherwise its length ("where it is 7 to 9 days").
fn where_words(d: Duration, days: &BTreeSet<i64>) -> String {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return String::new();
    };
    match (d.unit, in_months(d)) {
        (_, Some(1)) => {
            let mut names: Vec<&str> = Vec::new();
            for n in days.iter().rev() {
                let name = match n {
                    31 => "months of 31 days",
                    30 => "months of 30 days",
                    _ => "February",
                };
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            format!("in {}", names.join(" and "))
        }
        (_, Some(12)) => {
            if *first == 366 {
                "in a year that takes in 29 February".to_string()
            } else if *last == 365 {
                "in a year without 29 February".to_string()
            } else {
                format!("where it is {first} to {last} days")
            }
        }
        _ if first == last => format!("where {d} is {first} days"),
        _ => format!("where {d} is {first} to {last} days"),
    }
}

/// Why a comparison depends on the start date: where the new duration is
/// shorter than the old, as long, and longer ("30 days is shorter than 1
/// month in months of 31 days, as long in months of 30 days and longer in
/// February").
pub(crate) fn depends_words(old: Duration, new: Duration) -> String {
    let tally = pointwise((old, Side::Old), (new, Side::New));
    let both_vary = old.fixed_minutes().is_none() && new.fixed_minutes().is_none();
    if both_vary || old == new {
        return format!("{new} is shorter than {old} from some start dates and longer from others");
    }
    let varying = if old.fixed_minutes().is_some() {
        new
    } else {
        old
    };
    let parts: Vec<(&str, &str, &BTreeSet<i64>)> = [
        ("shorter than", "shorter", &tally.shorter),
        ("as long as", "as long", &tally.same),
        ("longer than", "longer", &tally.longer),
    ]
    .into_iter()
    .filter(|(_, _, days)| !days.is_empty())
    .collect();
    let mut words: Vec<String> = Vec::new();
    for (i, (long, short, days)) in parts.iter().enumerate() {
        let place = where_words(varying, days);
        words.push(if i == 0 {
            format!("{new} is {long} {old} {place}")
        } else {
            format!("{short} {place}")
        });
    }
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.join(""),
    }
}

/// Whether the two versions' working days skip different weekdays, so the
/// same number of working days means another length of time.
pub(crate) fn holidays_differ() -> bool {
    holidays(Side::Old).weekdays() != holidays(Side::New).weekdays()
}

/// When the two versions' working days skip different holidays: which,
/// and how many weekdays off each has that the other does not.
pub(crate) fn holidays_change_words() -> Option<String> {
    let (old, new) = (holidays(Side::Old), holidays(Side::New));
    let (wo, wn) = (old.weekdays(), new.weekdays());
    if wo == wn {
        return None;
    }
    let more: Vec<NaiveDate> = wn.difference(&wo).copied().collect();
    let fewer: Vec<NaiveDate> = wo.difference(&wn).copied().collect();
    let dates = |ds: &[NaiveDate]| {
        let mut shown: Vec<String> = ds.iter().take(3).map(ToString::to_string).collect();
        if ds.len() > 3 {
            shown.push("…".to_string());
        }
        shown.join(", ")
    };
    let mut counts = Vec::new();
    if !more.is_empty() {
        let days = if more.len() == 1 {
            "weekday"
        } else {
            "weekdays"
        };
        counts.push(format!("{} more {days} off ({})", more.len(), dates(&more)));
    }
    if !fewer.is_empty() {
        counts.push(format!("{} fewer ({})", fewer.len(), dates(&fewer)));
    }
    let which = if old.name == new.name {
        format!("`{}` was redefined", new.name)
    } else {
        format!(
            "working days now skip `{}` instead of `{}`",
            new.name, old.name
        )
    };
    Some(format!("{which}: {}", counts.join(" and ")))
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
        use DurationUnit::*;
        use Length::*;
        for (a, b, length) in [
            (d(48, Hours), d(5, WorkingDays), Longer),
            (d(48, Hours), d(2, WorkingDays), Longer),
            (d(2, Weeks), d(14, Days), Same),
            (d(12, Months), d(1, Years), Same),
            (d(4, Weeks), d(1, Months), Longer),
            (d(1, Months), d(30, Days), Depends),
            (d(1, Weeks), d(5, WorkingDays), Longer),
        ] {
            assert_eq!(compare(a, b), length, "{a:?} against {b:?}");
        }
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
