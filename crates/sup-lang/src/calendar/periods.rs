//! Calendar periods: the week, month, financial year, ... a date falls in.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::policy::CalendarPeriod;

/// Fortnights are counted from this Monday, 3 January 2000.
const FORTNIGHT_ANCHOR: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 3) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// The first and last day (both inclusive) of the `period` containing `date`.
///
/// - Week: Monday to Sunday.
/// - Fortnight: two weeks, Monday to the Sunday after next, counted from
///   Monday 3 January 2000 (and back before it).
/// - Month; Quarter: January to March, April to June, July to September,
///   October to December; Year: January to December.
/// - FinancialYear: 1 April to 31 March.
/// - AcademicYear: 1 September to 31 August.
///
/// Bounds beyond chrono's date range saturate at `NaiveDate::MIN`/`MAX`.
pub fn period_containing(date: NaiveDate, period: CalendarPeriod) -> (NaiveDate, NaiveDate) {
    let (year, month) = (date.year(), date.month());
    match period {
        CalendarPeriod::Week => {
            let start = back(date, u64::from(date.weekday().num_days_from_monday()));
            (start, forward(start, 6))
        }
        CalendarPeriod::Fortnight => {
            let offset = date.signed_duration_since(FORTNIGHT_ANCHOR).num_days();
            let start = back(date, offset.rem_euclid(14).unsigned_abs());
            (start, forward(start, 13))
        }
        CalendarPeriod::Month => whole_months(year, month, 1),
        CalendarPeriod::Quarter => whole_months(year, (month - 1) / 3 * 3 + 1, 3),
        CalendarPeriod::Year => whole_months(year, 1, 12),
        CalendarPeriod::FinancialYear => whole_months(
            if month >= 4 {
                year
            } else {
                year.saturating_sub(1)
            },
            4,
            12,
        ),
        CalendarPeriod::AcademicYear => whole_months(
            if month >= 9 {
                year
            } else {
                year.saturating_sub(1)
            },
            9,
            12,
        ),
    }
}

/// Every `period` that overlaps `[from, to]`, in order, each as its inclusive
/// first and last day. The first may start before `from` and the last may end
/// after `to`: periods are whole, not clipped. Empty when `to` is before
/// `from`; one period when both fall in the same one.
pub fn periods_between(
    from: NaiveDate,
    to: NaiveDate,
    period: CalendarPeriod,
) -> Vec<(NaiveDate, NaiveDate)> {
    let mut periods = Vec::new();
    let mut current = from;
    while current <= to {
        let (start, end) = period_containing(current, period);
        periods.push((start, end));
        match end.succ_opt() {
            // `end >= current` always holds; the check guarantees progress.
            Some(next) if next > current => current = next,
            _ => break,
        }
    }
    periods
}

/// `count` whole months from the first of `month` in `year`.
fn whole_months(year: i32, month: u32, count: u32) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
    let end = start
        .checked_add_months(Months::new(count))
        .and_then(|next| next.pred_opt())
        .unwrap_or(NaiveDate::MAX);
    (start, end)
}

fn back(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

fn forward(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;
    use proptest::prelude::*;

    const ALL: [CalendarPeriod; 7] = [
        CalendarPeriod::Week,
        CalendarPeriod::Fortnight,
        CalendarPeriod::Month,
        CalendarPeriod::Quarter,
        CalendarPeriod::Year,
        CalendarPeriod::FinancialYear,
        CalendarPeriod::AcademicYear,
    ];

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Asserts, for each `(day, first, last)`, that the `period` holding
    /// `day` runs from `first` to `last`; a failure names the day.
    fn holds(period: CalendarPeriod, cases: &[(NaiveDate, NaiveDate, NaiveDate)]) {
        for &(day, first, last) in cases {
            assert_eq!(
                period_containing(day, period),
                (first, last),
                "the {period:?} holding {day}"
            );
        }
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        holds(
            CalendarPeriod::Week,
            &[
                (d(2026, 3, 9), d(2026, 3, 9), d(2026, 3, 15)), // Monday
                (d(2026, 3, 11), d(2026, 3, 9), d(2026, 3, 15)),
                (d(2026, 3, 15), d(2026, 3, 9), d(2026, 3, 15)), // Sunday
                (d(2026, 3, 16), d(2026, 3, 16), d(2026, 3, 22)),
                // Across a year end.
                (d(2026, 1, 1), d(2025, 12, 29), d(2026, 1, 4)),
            ],
        );
    }

    #[test]
    fn fortnights_count_from_3_january_2000() {
        holds(
            CalendarPeriod::Fortnight,
            &[
                (d(2000, 1, 3), d(2000, 1, 3), d(2000, 1, 16)),
                (d(2000, 1, 16), d(2000, 1, 3), d(2000, 1, 16)),
                (d(2000, 1, 17), d(2000, 1, 17), d(2000, 1, 30)),
                (d(2000, 1, 2), d(1999, 12, 20), d(2000, 1, 2)),
                (d(2026, 3, 11), d(2026, 3, 9), d(2026, 3, 22)),
                (d(2026, 3, 8), d(2026, 2, 23), d(2026, 3, 8)),
                (d(2026, 1, 1), d(2025, 12, 29), d(2026, 1, 11)),
            ],
        );
    }

    #[test]
    fn months_quarters_and_years() {
        holds(
            CalendarPeriod::Month,
            &[
                (d(2024, 2, 29), d(2024, 2, 1), d(2024, 2, 29)),
                (d(2023, 2, 1), d(2023, 2, 1), d(2023, 2, 28)),
                (d(2026, 12, 31), d(2026, 12, 1), d(2026, 12, 31)),
            ],
        );
        holds(
            CalendarPeriod::Quarter,
            &[
                (d(2026, 3, 31), d(2026, 1, 1), d(2026, 3, 31)),
                (d(2026, 4, 1), d(2026, 4, 1), d(2026, 6, 30)),
                (d(2026, 12, 31), d(2026, 10, 1), d(2026, 12, 31)),
            ],
        );
        holds(
            CalendarPeriod::Year,
            &[(d(2026, 7, 4), d(2026, 1, 1), d(2026, 12, 31))],
        );
    }

    #[test]
    fn financial_year_turns_on_1_april() {
        holds(
            CalendarPeriod::FinancialYear,
            &[
                (d(2026, 3, 31), d(2025, 4, 1), d(2026, 3, 31)),
                (d(2026, 4, 1), d(2026, 4, 1), d(2027, 3, 31)),
                (d(2026, 1, 1), d(2025, 4, 1), d(2026, 3, 31)),
                (d(2026, 12, 31), d(2026, 4, 1), d(2027, 3, 31)),
            ],
        );
    }

    #[test]
    fn academic_year_turns_on_1_september() {
        holds(
            CalendarPeriod::AcademicYear,
            &[
                (d(2026, 8, 31), d(2025, 9, 1), d(2026, 8, 31)),
                (d(2026, 9, 1), d(2026, 9, 1), d(2027, 8, 31)),
                (d(2027, 2, 28), d(2026, 9, 1), d(2027, 8, 31)),
            ],
        );
    }

    #[test]
    fn periods_between_lists_every_overlapping_period() {
        assert_eq!(
            periods_between(d(2026, 1, 15), d(2026, 3, 1), CalendarPeriod::Month),
            vec![
                (d(2026, 1, 1), d(2026, 1, 31)),
                (d(2026, 2, 1), d(2026, 2, 28)),
                (d(2026, 3, 1), d(2026, 3, 31)),
            ]
        );
        assert_eq!(
            periods_between(d(2026, 3, 31), d(2026, 4, 1), CalendarPeriod::FinancialYear),
            vec![
                (d(2025, 4, 1), d(2026, 3, 31)),
                (d(2026, 4, 1), d(2027, 3, 31))
            ]
        );
        assert_eq!(
            periods_between(d(2026, 3, 10), d(2026, 3, 10), CalendarPeriod::Week),
            vec![(d(2026, 3, 9), d(2026, 3, 15))]
        );
        assert_eq!(
            periods_between(d(2026, 3, 15), d(2026, 3, 16), CalendarPeriod::Week),
            vec![
                (d(2026, 3, 9), d(2026, 3, 15)),
                (d(2026, 3, 16), d(2026, 3, 22))
            ]
        );
        assert!(periods_between(d(2026, 3, 11), d(2026, 3, 10), CalendarPeriod::Week).is_empty());
        assert_eq!(
            periods_between(d(2020, 1, 1), d(2029, 12, 31), CalendarPeriod::AcademicYear).len(),
            11
        );
    }

    #[test]
    fn extreme_dates_saturate() {
        for period in ALL {
            let (start, end) = period_containing(NaiveDate::MIN, period);
            assert!(start <= NaiveDate::MIN && end >= NaiveDate::MIN);
            let (start, end) = period_containing(NaiveDate::MAX, period);
            assert!(start <= NaiveDate::MAX && end == NaiveDate::MAX);
            let near_max = NaiveDate::MAX - chrono::TimeDelta::days(40);
            assert!(!periods_between(near_max, NaiveDate::MAX, period).is_empty());
        }
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (-200_000i64..200_000).prop_map(|offset| d(2000, 1, 1) + chrono::TimeDelta::days(offset))
    }

    proptest! {
        #[test]
        fn periods_contain_their_dates_and_tile(date in any_date(), which in 0usize..7) {
            let period = ALL[which];
            let (start, end) = period_containing(date, period);
            prop_assert!(start <= date && date <= end);
            prop_assert_eq!(period_containing(start, period), (start, end));
            prop_assert_eq!(period_containing(end, period), (start, end));
            let next = period_containing(end.succ_opt().unwrap(), period);
            prop_assert_eq!(next.0, end.succ_opt().unwrap());
            let previous = period_containing(start.pred_opt().unwrap(), period);
            prop_assert_eq!(previous.1, start.pred_opt().unwrap());
            if matches!(period, CalendarPeriod::Week | CalendarPeriod::Fortnight) {
                prop_assert_eq!(start.weekday(), Weekday::Mon);
                prop_assert_eq!(end.weekday(), Weekday::Sun);
            } else {
                prop_assert_eq!(start.day(), 1);
            }
        }
    }
}
