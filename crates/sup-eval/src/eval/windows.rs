//! Spans of days and the windows frequency rules are counted in: calendar
//! periods, rolling windows, declared calendars, and how much of a window a
//! subject was covered by the rule (starters, leavers, group changes).

use chrono::{Datelike, NaiveDate};

use super::context::Ctx;
use crate::calendar::periods_between;
use crate::policy::{PartialWindows, Window};

/// An inclusive span of days, `(first, last)`.
pub type Span = (NaiveDate, NaiveDate);

/// Days in a span (0 if it is empty).
pub fn days(span: Span) -> i64 {
    let (a, b) = span;
    // Within one year, or from one year into the next (every month, week
    // and quarter, most rolling windows), the days of the year say it:
    // this is asked for every window of every person.
    match b.year() - a.year() {
        0 => (i64::from(b.ordinal()) - i64::from(a.ordinal()) + 1).max(0),
        1 => {
            let first_year = if a.leap_year() { 366 } else { 365 };
            first_year - i64::from(a.ordinal()) + i64::from(b.ordinal()) + 1
        }
        // Day numbers, not `span.1 - span.0`: that builds a duration in
        // seconds and divides it back.
        _ => (i64::from(b.to_epoch_days()) - i64::from(a.to_epoch_days()) + 1).max(0),
    }
}

/// Each day from `start` to `end`, both included.
pub fn days_in(start: NaiveDate, end: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    start.iter_days().take_while(move |d| *d <= end)
}

pub fn intersect(a: Span, b: Span) -> Option<Span> {
    let s = (a.0.max(b.0), a.1.min(b.1));
    (s.0 <= s.1).then_some(s)
}

/// Append a span, merging it with the last one if they touch.
pub fn push_merged(spans: &mut Vec<Span>, span: Span) {
    if let Some(last) = spans.last_mut() {
        if last.1.succ_opt().is_some_and(|next| next >= span.0) {
            last.1 = last.1.max(span.1);
            return;
        }
    }
    spans.push(span);
}

/// The days of `spans` not in `remove` (both sorted and disjoint).
pub fn subtract(spans: &[Span], remove: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for &(mut start, end) in spans {
        let mut alive = true;
        for &(rs, re) in remove {
            if re < start || rs > end {
                continue;
            }
            if rs > start {
                out.push((start, rs.pred_opt().unwrap_or(rs)));
            }
            match re.succ_opt() {
                Some(next) if re < end => start = next,
                _ => {
                    alive = false;
                    break;
                }
            }
        }
        if alive {
            out.push((start, end));
        }
    }
    out
}

/// The parts of `spans` inside `window`.
pub fn clip(spans: &[Span], window: Span) -> Vec<Span> {
    spans.iter().filter_map(|s| intersect(*s, window)).collect()
}

/// The windows a count or time requirement is judged in: each window whose
/// last day falls in `[first_end, last_end]`, in order.
pub fn windows(ctx: &Ctx, window: &Window, first_end: NaiveDate, last_end: NaiveDate) -> Vec<Span> {
    if first_end > last_end {
        return Vec::new();
    }
    match window {
        Window::Calendar { period } => periods_between(first_end, last_end, *period)
            .into_iter()
            .filter(|(_, end)| *end >= first_end && *end <= last_end)
            .collect(),
        Window::Rolling { length } => {
            let mut out = Vec::new();
            let mut end = first_end;
            while end <= last_end {
                out.push((rolling_start(ctx, end, *length), end));
                match end.succ_opt() {
                    Some(next) => end = next,
                    None => break,
                }
            }
            out
        }
        Window::Periods { calendar } => ctx
            .policy
            .calendars
            .get(calendar)
            .map(|c| {
                c.periods
                    .iter()
                    .filter(|p| p.end >= first_end && p.end <= last_end)
                    .map(|p| (p.start, p.end))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The first day of the rolling window of `length` that ends on `end`: the
/// day after `end` minus the length. A 12-month window ending 2025-02-28
/// starts 2024-02-29; one ending 2024-02-29 starts 2023-03-01.
pub fn rolling_start(ctx: &Ctx, end: NaiveDate, length: crate::policy::Duration) -> NaiveDate {
    let back = ctx.sub_from_date(end, length);
    back.succ_opt().unwrap_or(back)
}

/// What a window requires of a subject covered for `covered` of its days:
/// the full amount when covered throughout; otherwise as `partial` says.
/// `None`: the window is not judged.
pub fn required(full: f64, covered: i64, window_days: i64, partial: PartialWindows) -> Option<f64> {
    if covered <= 0 || window_days <= 0 {
        return None;
    }
    if covered >= window_days {
        return Some(full.floor());
    }
    match partial {
        PartialWindows::Full => Some(full.floor()),
        PartialWindows::Ignored => None,
        // Rounded down: a starter three days into a month owes nothing that month.
        PartialWindows::Prorated => {
            Some((full * covered as f64 / window_days as f64 + 1e-9).floor())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn days_counts_both_ends_and_agrees_with_date_subtraction() {
        assert_eq!(days((d(2024, 2, 28), d(2024, 3, 1))), 3);
        assert_eq!(days((d(2026, 1, 1), d(2026, 1, 1))), 1);
        assert_eq!(days((d(2026, 1, 2), d(2026, 1, 1))), 0);
        let dates = [
            NaiveDate::MIN,
            d(-1, 12, 31),
            d(0, 2, 29),
            d(1, 1, 1),
            d(1900, 2, 28),
            d(2000, 2, 29),
            d(2026, 3, 29),
            NaiveDate::MAX,
        ];
        for a in dates {
            for b in dates {
                assert_eq!(days((a, b)), ((b - a).num_days() + 1).max(0), "{a} {b}");
            }
        }
    }

    #[test]
    fn days_within_a_year_and_across_one_agree_with_date_subtraction() {
        // Every 5th day from 2023 to 2029 (two leap years, 2024 and 2028)
        // against spans of 0 to 800 days, so that spans within a year, into
        // the next and over several are all met, each from a leap year and
        // from a common one; and spans that end before they start.
        let mut a = d(2023, 1, 1);
        while a <= d(2029, 12, 31) {
            for len in (-3..800).step_by(7) {
                let b = a + chrono::Days::new(len.max(0) as u64)
                    - chrono::Days::new((-len).max(0) as u64);
                assert_eq!(days((a, b)), ((b - a).num_days() + 1).max(0), "{a} {b}");
            }
            a = a + chrono::Days::new(5);
        }
        // Pinned: the last day of a leap year into the next; a year from
        // 1 March 2023 (the leap day within); December into January.
        assert_eq!(days((d(2024, 12, 31), d(2025, 1, 1))), 2);
        assert_eq!(days((d(2023, 3, 1), d(2024, 2, 29))), 366);
        assert_eq!(days((d(2025, 12, 1), d(2026, 1, 31))), 62);
        assert_eq!(days((d(2026, 1, 1), d(2025, 12, 31))), 0);
    }

    #[test]
    fn subtracting_spans() {
        let all = [(d(2026, 1, 1), d(2026, 12, 31))];
        let hole = [(d(2026, 3, 1), d(2026, 3, 31))];
        assert_eq!(
            subtract(&all, &hole),
            vec![
                (d(2026, 1, 1), d(2026, 2, 28)),
                (d(2026, 4, 1), d(2026, 12, 31))
            ]
        );
        assert_eq!(subtract(&all, &all), vec![]);
        assert_eq!(
            subtract(&hole, &[(d(2025, 1, 1), d(2026, 3, 10))]),
            vec![(d(2026, 3, 11), d(2026, 3, 31))]
        );
    }

    #[test]
    fn partial_windows() {
        // A starter covered 15 of 30 days of a "2 per month" window owes 1.
        assert_eq!(required(2.0, 15, 30, PartialWindows::Prorated), Some(1.0));
        // ... and 14 days owe 0 (rounded down).
        assert_eq!(required(2.0, 14, 30, PartialWindows::Prorated), Some(0.0));
        assert_eq!(required(2.0, 14, 30, PartialWindows::Full), Some(2.0));
        assert_eq!(required(2.0, 14, 30, PartialWindows::Ignored), None);
        assert_eq!(
            required(10.0, 365, 365, PartialWindows::Ignored),
            Some(10.0)
        );
        assert_eq!(required(10.0, 0, 365, PartialWindows::Full), None);
    }

    #[test]
    fn merging() {
        let mut spans = vec![(d(2026, 1, 1), d(2026, 1, 31))];
        push_merged(&mut spans, (d(2026, 2, 1), d(2026, 2, 10)));
        push_merged(&mut spans, (d(2026, 2, 12), d(2026, 2, 20)));
        assert_eq!(
            spans,
            vec![
                (d(2026, 1, 1), d(2026, 2, 10)),
                (d(2026, 2, 12), d(2026, 2, 20))
            ]
        );
    }
}
