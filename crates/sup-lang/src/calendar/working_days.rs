//! Working days: Monday to Friday, less a list of holidays.

use chrono::{Datelike, Days, NaiveDate};

/// A working-day calendar: Monday to Friday, except the listed holidays.
///
/// The holiday slice must be sorted ascending (duplicates and weekend dates
/// are harmless). An unsorted slice gives wrong answers but never panics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkingDays<'a> {
    holidays: &'a [NaiveDate],
}

impl<'a> WorkingDays<'a> {
    /// Monday to Friday less `holidays`, which must be sorted ascending
    /// (as [`super::england_and_wales`] and [`super::shipped`] return them).
    pub const fn new(holidays: &'a [NaiveDate]) -> Self {
        WorkingDays { holidays }
    }

    /// Monday to Friday, with no holidays.
    pub const fn weekends_only() -> WorkingDays<'static> {
        WorkingDays { holidays: &[] }
    }

    /// The holidays this calendar skips.
    pub const fn holidays(&self) -> &'a [NaiveDate] {
        self.holidays
    }

    /// Whether `date` is a Monday to Friday that is not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date) && self.holidays.binary_search(&date).is_err()
    }

    /// The date `n` working days after `date`: the `n`th working day strictly
    /// after it, whatever `date` itself is (1 working day after a Friday, a
    /// Saturday or a Sunday is the Monday, if that is not a holiday).
    ///
    /// `n = 0` means "no later than `date`'s own working day": `date` itself if
    /// it is a working day, otherwise the next working day (0 working days
    /// after a Saturday is the Monday). So `between(date, add(date, n))` is `n`
    /// for every `n >= 1`, and `add(date, 0)` is never before `date`.
    ///
    /// Saturates at `NaiveDate::MAX` if the answer is out of range.
    pub fn add(&self, date: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return if self.is_working_day(date) {
                date
            } else {
                self.add(date, 1)
            };
        }
        // Jump over weekends arithmetically, then again over as many working
        // days as there were holidays in the stretch just jumped, until a
        // stretch has no holidays in it. Each holiday is met at most once.
        let mut current = date;
        let mut remaining = u64::from(n);
        while remaining > 0 {
            let Some(target) = add_weekdays(current, remaining) else {
                return NaiveDate::MAX;
            };
            remaining = self.weekday_holidays(current, target);
            current = target;
        }
        current
    }

    /// The number of working days in `(start, end]`: after `start`, up to and
    /// including `end`. Zero when `start == end`; negative when `end` is
    /// before `start` (`between(a, b) == -between(b, a)`).
    ///
    /// Friday to the following Monday is 1; Monday to Friday of the same week
    /// is 4; Saturday to Sunday is 0.
    pub fn between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        if end < start {
            return -self.between(end, start);
        }
        let weekdays = weekday_rank(end) - weekday_rank(start);
        // Never more than `u32::MAX` distinct holidays in practice; saturate anyway.
        let holidays = i64::try_from(self.weekday_holidays(start, end)).unwrap_or(i64::MAX);
        weekdays.saturating_sub(holidays)
    }

    /// Distinct holidays in `(after, upto]` that fall Monday to Friday.
    fn weekday_holidays(&self, after: NaiveDate, upto: NaiveDate) -> u64 {
        if upto <= after {
            return 0;
        }
        let lo = self.holidays.partition_point(|h| *h <= after);
        let hi = self.holidays.partition_point(|h| *h <= upto);
        let stretch = self.holidays.get(lo..hi).unwrap_or(&[]);
        let mut count = 0;
        let mut previous = None;
        for &holiday in stretch {
            if previous != Some(holiday) && !is_weekend(holiday) {
                count += 1;
            }
            previous = Some(holiday);
        }
        count
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    date.weekday().num_days_from_monday() >= 5
}

/// Monday-to-Friday days up to and including `date`, counted from an
/// arbitrary fixed origin: only differences are meaningful.
fn weekday_rank(date: NaiveDate) -> i64 {
    let day = i64::from(date.num_days_from_ce());
    let weekday = i64::from(date.weekday().num_days_from_monday());
    // `day - weekday` is this week's Monday; Mondays are 7 apart.
    5 * (day - weekday).div_euclid(7) + (weekday + 1).min(5)
}

/// The `n`th Monday-to-Friday day strictly after `date`, for `n >= 1`.
fn add_weekdays(date: NaiveDate, n: u64) -> Option<NaiveDate> {
    let weekday = u64::from(date.weekday().num_days_from_monday());
    let (base, weekday, n) = if weekday >= 5 {
        // The first weekday after a weekend day is the Monday: count on from it.
        (
            date.checked_add_days(Days::new(7 - weekday))?,
            0,
            n.saturating_sub(1),
        )
    } else {
        (date, weekday, n)
    };
    let mut days = (n / 5).checked_mul(7)?.checked_add(n % 5)?;
    if weekday + n % 5 >= 5 {
        days = days.checked_add(2)?;
    }
    base.checked_add_days(Days::new(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::england_and_wales;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ew() -> WorkingDays<'static> {
        WorkingDays::new(england_and_wales())
    }

    fn naive_add(w: &WorkingDays, date: NaiveDate, n: u32) -> NaiveDate {
        let mut current = date;
        if n == 0 {
            while !w.is_working_day(current) {
                current = current.succ_opt().unwrap();
            }
            return current;
        }
        let mut left = n;
        while left > 0 {
            current = current.succ_opt().unwrap();
            if w.is_working_day(current) {
                left -= 1;
            }
        }
        current
    }

    fn naive_between(w: &WorkingDays, start: NaiveDate, end: NaiveDate) -> i64 {
        let (lo, hi, sign) = if start <= end {
            (start, end, 1)
        } else {
            (end, start, -1)
        };
        let mut count = 0;
        let mut current = lo;
        while current < hi {
            current = current.succ_opt().unwrap();
            if w.is_working_day(current) {
                count += 1;
            }
        }
        sign * count
    }

    #[test]
    fn weekends_and_bank_holidays_are_not_working_days() {
        let w = ew();
        assert!(w.is_working_day(d(2026, 4, 2))); // Thursday before Easter
        assert!(!w.is_working_day(d(2026, 4, 3))); // Good Friday
        assert!(!w.is_working_day(d(2026, 4, 4))); // Saturday
        assert!(!w.is_working_day(d(2026, 4, 5))); // Sunday
        assert!(!w.is_working_day(d(2026, 4, 6))); // Easter Monday
        assert!(w.is_working_day(d(2026, 4, 7)));
        assert!(WorkingDays::weekends_only().is_working_day(d(2026, 4, 3)));
    }

    #[test]
    fn five_working_days_from_friday_is_next_friday() {
        let w = ew();
        assert_eq!(w.add(d(2026, 3, 6), 5), d(2026, 3, 13));
        assert_eq!(w.add(d(2026, 3, 6), 1), d(2026, 3, 9));
        assert_eq!(w.add(d(2026, 3, 7), 1), d(2026, 3, 9)); // from Saturday
        assert_eq!(w.add(d(2026, 3, 8), 1), d(2026, 3, 9)); // from Sunday
    }

    #[test]
    fn adding_working_days_skips_easter() {
        let w = ew();
        // Thursday 2 April 2026: Good Friday and Easter Monday are skipped.
        assert_eq!(w.add(d(2026, 4, 2), 1), d(2026, 4, 7));
        assert_eq!(w.add(d(2026, 4, 2), 5), d(2026, 4, 13));
        assert_eq!(w.between(d(2026, 4, 2), d(2026, 4, 13)), 5);
    }

    #[test]
    fn adding_working_days_skips_christmas_substitutes() {
        let w = ew();
        // Friday 24 December 2021; 27 and 28 are substitute days.
        assert_eq!(w.add(d(2021, 12, 24), 1), d(2021, 12, 29));
        // Friday 23 December 2022; 26 and 27 are holidays.
        assert_eq!(w.add(d(2022, 12, 23), 1), d(2022, 12, 28));
        // Friday 24 December 2027; 27 and 28 are substitute days.
        assert_eq!(w.add(d(2027, 12, 24), 3), d(2027, 12, 31));
        // Jubilee: Wednesday 1 June 2022, then Thursday and Friday off.
        assert_eq!(w.add(d(2022, 6, 1), 1), d(2022, 6, 6));
    }

    #[test]
    fn zero_working_days_is_the_same_or_next_working_day() {
        let w = ew();
        assert_eq!(w.add(d(2026, 3, 6), 0), d(2026, 3, 6)); // Friday
        assert_eq!(w.add(d(2026, 3, 7), 0), d(2026, 3, 9)); // Saturday
        assert_eq!(w.add(d(2026, 4, 3), 0), d(2026, 4, 7)); // Good Friday
    }

    #[test]
    fn between_counts_half_open_interval() {
        let w = ew();
        assert_eq!(w.between(d(2026, 3, 9), d(2026, 3, 9)), 0);
        assert_eq!(w.between(d(2026, 3, 9), d(2026, 3, 13)), 4); // Mon to Fri
        assert_eq!(w.between(d(2026, 3, 13), d(2026, 3, 16)), 1); // Fri to Mon
        assert_eq!(w.between(d(2026, 3, 14), d(2026, 3, 15)), 0); // Sat to Sun
        assert_eq!(w.between(d(2026, 3, 13), d(2026, 3, 9)), -4);
        // 2026 has 261 weekdays, 8 of them bank holidays.
        assert_eq!(w.between(d(2025, 12, 31), d(2026, 12, 31)), 253);
    }

    #[test]
    fn duplicate_and_weekend_holidays_are_harmless() {
        let holidays = [d(2026, 3, 7), d(2026, 3, 10), d(2026, 3, 10)];
        let w = WorkingDays::new(&holidays);
        assert_eq!(w.between(d(2026, 3, 6), d(2026, 3, 13)), 4);
        assert_eq!(w.add(d(2026, 3, 6), 4), d(2026, 3, 13));
    }

    #[test]
    fn far_dates_saturate() {
        let w = WorkingDays::weekends_only();
        assert_eq!(w.add(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(w.add(d(262_000, 1, 1), u32::MAX), NaiveDate::MAX);
        let _ = w.between(NaiveDate::MIN, NaiveDate::MAX);
        let _ = w.add(NaiveDate::MIN, 3);
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..(19 * 366)).prop_map(|offset| d(2013, 1, 1) + chrono::TimeDelta::days(offset))
    }

    proptest! {
        #[test]
        fn add_matches_day_by_day(date in any_date(), n in 0u32..400) {
            let w = ew();
            prop_assert_eq!(w.add(date, n), naive_add(&w, date, n));
        }

        #[test]
        fn between_matches_day_by_day(a in any_date(), b in any_date()) {
            let w = ew();
            prop_assert_eq!(w.between(a, b), naive_between(&w, a, b));
        }

        #[test]
        fn between_inverts_add(date in any_date(), n in 1u32..400) {
            let w = ew();
            prop_assert_eq!(w.between(date, w.add(date, n)), i64::from(n));
        }
    }
}
