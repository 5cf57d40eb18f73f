//! Adding a policy [`Duration`] to a moment.

use chrono::{Months, NaiveDateTime, NaiveTime, TimeDelta};

use super::WorkingDays;
use crate::policy::{Duration, DurationUnit};

/// The last second of a day, 23:59:59: when a working-day deadline falls.
pub const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// The moment `d` after `start`.
///
/// - Minutes, hours, days and weeks are exact lengths of time (a day is
///   24 hours: times are naive, with no daylight-saving shifts).
/// - Months and years are calendar arithmetic on the date, keeping the time
///   of day and clamping to the end of a shorter month: 2024-01-31 plus
///   1 month is 2024-02-29, 2020-02-29 plus 1 year is 2021-02-28.
/// - Working days give the end of a day (23:59:59, [`END_OF_DAY`]): the day
///   [`WorkingDays::add`] finds `d.amount` working days after `start`'s date.
///   5 working days from a Friday at 17:00 is the following Friday at
///   23:59:59, later if there are bank holidays in between. 0 working days
///   is the end of `start`'s date if that is a working day, otherwise the end
///   of the next working day.
///
/// Saturates at `NaiveDateTime::MAX` instead of overflowing.
pub fn add_duration(start: NaiveDateTime, d: Duration, working: &WorkingDays) -> NaiveDateTime {
    let added = match d.unit {
        DurationUnit::Minutes | DurationUnit::Hours | DurationUnit::Days | DurationUnit::Weeks => d
            .fixed_minutes()
            .and_then(TimeDelta::try_minutes)
            .and_then(|delta| start.checked_add_signed(delta)),
        DurationUnit::Months => start.checked_add_months(Months::new(d.amount)),
        DurationUnit::Years => d
            .amount
            .checked_mul(12)
            .and_then(|months| start.checked_add_months(Months::new(months))),
        DurationUnit::WorkingDays => Some(working.add(start.date(), d.amount).and_time(END_OF_DAY)),
    };
    added.unwrap_or(NaiveDateTime::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::england_and_wales;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, day: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, day)
            .unwrap()
            .and_hms_opt(h, min, s)
            .unwrap()
    }

    fn add(start: NaiveDateTime, amount: u32, unit: DurationUnit) -> NaiveDateTime {
        add_duration(
            start,
            Duration::new(amount, unit),
            &WorkingDays::new(england_and_wales()),
        )
    }

    #[test]
    fn fixed_units_are_exact() {
        let start = at(2026, 3, 28, 22, 30, 0);
        assert_eq!(
            add(start, 90, DurationUnit::Minutes),
            at(2026, 3, 29, 0, 0, 0)
        );
        assert_eq!(
            add(start, 2, DurationUnit::Hours),
            at(2026, 3, 29, 0, 30, 0)
        );
        assert_eq!(add(start, 4, DurationUnit::Days), at(2026, 4, 1, 22, 30, 0));
        assert_eq!(
            add(start, 2, DurationUnit::Weeks),
            at(2026, 4, 11, 22, 30, 0)
        );
        assert_eq!(add(start, 0, DurationUnit::Days), start);
    }

    /// Asserts, for each `(start, amount, end)`, that `amount` of `unit`
    /// after `start` ends at `end`; a failure names the case.
    fn adds(unit: DurationUnit, cases: &[(NaiveDateTime, u32, NaiveDateTime)]) {
        for &(start, amount, end) in cases {
            assert_eq!(
                add(start, amount, unit),
                end,
                "{amount} {unit:?} after {start}"
            );
        }
    }

    #[test]
    fn months_clamp_to_month_end() {
        adds(
            DurationUnit::Months,
            &[
                (at(2024, 1, 31, 9, 0, 0), 1, at(2024, 2, 29, 9, 0, 0)),
                (at(2023, 1, 31, 9, 0, 0), 1, at(2023, 2, 28, 9, 0, 0)),
                (at(2024, 8, 31, 9, 0, 0), 1, at(2024, 9, 30, 9, 0, 0)),
                (at(2024, 11, 15, 9, 0, 0), 3, at(2025, 2, 15, 9, 0, 0)),
            ],
        );
    }

    #[test]
    fn years_from_a_leap_day() {
        adds(
            DurationUnit::Years,
            &[
                (at(2020, 2, 29, 12, 0, 0), 1, at(2021, 2, 28, 12, 0, 0)),
                (at(2020, 2, 29, 12, 0, 0), 4, at(2024, 2, 29, 12, 0, 0)),
                (at(2020, 2, 29, 12, 0, 0), 6, at(2026, 2, 28, 12, 0, 0)),
            ],
        );
    }

    #[test]
    fn working_days_end_at_end_of_day() {
        adds(
            DurationUnit::WorkingDays,
            &[
                // Friday 6 March 2026 at 17:00, 5 working days: end of Friday 13 March.
                (at(2026, 3, 6, 17, 0, 0), 5, at(2026, 3, 13, 23, 59, 59)),
                // Thursday 2 April 2026 (before Easter): end of Monday 13 April.
                (at(2026, 4, 2, 9, 0, 0), 5, at(2026, 4, 13, 23, 59, 59)),
                // Good Friday 2026 at 10:00, 0 working days: end of Tuesday 7 April.
                (at(2026, 4, 3, 10, 0, 0), 0, at(2026, 4, 7, 23, 59, 59)),
            ],
        );
    }

    #[test]
    fn overflow_saturates() {
        let far = NaiveDateTime::MAX;
        assert_eq!(add(far, 1, DurationUnit::Minutes), NaiveDateTime::MAX);
        assert_eq!(add(far, 1, DurationUnit::Months), NaiveDateTime::MAX);
        assert_eq!(add(far, u32::MAX, DurationUnit::Years), NaiveDateTime::MAX);
        assert_eq!(add(far, u32::MAX, DurationUnit::Weeks), NaiveDateTime::MAX);
        assert_eq!(
            add(far, 1, DurationUnit::WorkingDays).date(),
            NaiveDateTime::MAX.date()
        );
    }
}
