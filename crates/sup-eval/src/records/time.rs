//! The policy's timezone: turning naive export datetimes into instants and
//! instants back into local dates, fast enough for millions of rows.
//!
//! Instants are stored as seconds since 1970-01-01T00:00:00Z. Offsets are
//! cached per day: a day on which the UTC offset does not change (all but two
//! a year in Europe/London) is converted with one addition, and only the two
//! transition days go through `chrono-tz` for every value.

use std::collections::HashMap;

use chrono::{LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::value::FxBuild;

const SECONDS_PER_DAY: i64 = 86_400;

/// The offset in force all day, or `None` on a day the clocks change.
type DayOffset = Option<i64>;

/// Converts between local (naive) times in one timezone and instants.
#[derive(Debug, Clone)]
pub struct Clock {
    tz: Tz,
    /// Local date → the offset (seconds east of UTC) for naive → instant.
    local_days: HashMap<NaiveDate, DayOffset, FxBuild>,
    /// UTC date → the offset for instant → local.
    utc_days: HashMap<NaiveDate, DayOffset, FxBuild>,
    /// The last UTC day converted and its offset: rows come in runs.
    last_utc_day: Option<(i64, DayOffset)>,
    /// The last local day converted and its offset, likewise.
    last_local_day: Option<(NaiveDate, DayOffset)>,
}

impl Clock {
    pub fn new(tz: Tz) -> Self {
        Clock {
            tz,
            local_days: HashMap::default(),
            utc_days: HashMap::default(),
            last_utc_day: None,
            last_local_day: None,
        }
    }

    /// The clock for an IANA name; Europe/London if the name is unknown (the
    /// checker has already rejected unknown names).
    pub fn named(name: &str) -> Self {
        Clock::new(name.parse().unwrap_or(chrono_tz::Europe::London))
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The instant a local wall-clock time names. In the hour the clocks go
    /// back, which repeats, the earlier instant is taken; in the hour the
    /// clocks go forward, which does not exist, the time is read with the
    /// offset in force before the change (01:30 on a spring-forward day in
    /// London is 01:30 GMT, which the clocks show as 02:30 BST).
    pub fn instant(&mut self, local: NaiveDateTime) -> i64 {
        let date = local.date();
        let offset = match self.last_local_day {
            Some((d, offset)) if d == date => offset,
            _ => {
                let offset = match self.local_days.get(&date) {
                    Some(cached) => *cached,
                    None => {
                        let computed = self.uniform_local_offset(date);
                        self.local_days.insert(date, computed);
                        computed
                    }
                };
                self.last_local_day = Some((date, offset));
                offset
            }
        };
        let naive_seconds = local.and_utc().timestamp();
        match offset {
            Some(offset) => naive_seconds - offset,
            None => naive_seconds - self.offset_for_local(local),
        }
    }

    /// The local wall-clock time of an instant.
    pub fn local(&mut self, instant: i64) -> NaiveDateTime {
        let day_number = instant.div_euclid(SECONDS_PER_DAY);
        let offset = match self.last_utc_day {
            Some((d, offset)) if d == day_number => offset,
            _ => {
                let utc = to_naive(instant);
                let date = utc.date();
                let computed = match self.utc_days.get(&date) {
                    Some(cached) => *cached,
                    None => {
                        let computed = self.uniform_utc_offset(date);
                        self.utc_days.insert(date, computed);
                        computed
                    }
                };
                self.last_utc_day = Some((day_number, computed));
                computed
            }
        };
        let offset = match offset {
            Some(o) => o,
            None => i64::from(
                self.tz
                    .offset_from_utc_datetime(&to_naive(instant))
                    .fix()
                    .local_minus_utc(),
            ),
        };
        to_naive(instant + offset)
    }

    /// The local date of an instant.
    pub fn local_date(&mut self, instant: i64) -> NaiveDate {
        self.local(instant).date()
    }

    /// The instant of local midnight at the start of `date`.
    pub fn start_of(&mut self, date: NaiveDate) -> i64 {
        self.instant(date.and_time(NaiveTime::MIN))
    }

    fn offset_for_local(&self, local: NaiveDateTime) -> i64 {
        match self.tz.offset_from_local_datetime(&local) {
            LocalResult::Single(o) => i64::from(o.fix().local_minus_utc()),
            LocalResult::Ambiguous(earlier, _) => i64::from(earlier.fix().local_minus_utc()),
            LocalResult::None => {
                // In the gap: use the offset an hour earlier, before the change.
                let before = local - chrono::TimeDelta::hours(3);
                match self.tz.offset_from_local_datetime(&before) {
                    LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => {
                        i64::from(o.fix().local_minus_utc())
                    }
                    LocalResult::None => 0,
                }
            }
        }
    }

    /// The offset if it is the same at every local time of `date`.
    fn uniform_local_offset(&self, date: NaiveDate) -> DayOffset {
        let start = self.offset_for_local(date.and_time(NaiveTime::MIN));
        let next = date.succ_opt()?.and_time(NaiveTime::MIN);
        let end = self.offset_for_local(next);
        let ambiguous_or_gap = (0..24).any(|h| {
            NaiveTime::from_hms_opt(h, 30, 0)
                .map(|t| {
                    !matches!(
                        self.tz.offset_from_local_datetime(&date.and_time(t)),
                        LocalResult::Single(_)
                    )
                })
                .unwrap_or(true)
        });
        (start == end && !ambiguous_or_gap).then_some(start)
    }

    /// The offset if it is the same at every instant of the UTC `date`.
    fn uniform_utc_offset(&self, date: NaiveDate) -> DayOffset {
        let start = date.and_time(NaiveTime::MIN);
        let first = self
            .tz
            .offset_from_utc_datetime(&start)
            .fix()
            .local_minus_utc();
        let last = self
            .tz
            .offset_from_utc_datetime(&(start + chrono::TimeDelta::seconds(SECONDS_PER_DAY - 1)))
            .fix()
            .local_minus_utc();
        (first == last).then_some(i64::from(first))
    }
}

/// The naive date and time `seconds` after 1970-01-01T00:00:00.
fn to_naive(seconds: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|d| d.naive_utc())
        .unwrap_or(NaiveDateTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .unwrap_or(NaiveDateTime::MIN)
    }

    #[test]
    fn london_summer_and_winter_offsets() {
        let mut clock = Clock::named("Europe/London");
        let winter = clock.instant(at(2026, 1, 15, 12, 0));
        assert_eq!(clock.local(winter), at(2026, 1, 15, 12, 0));
        let summer = clock.instant(at(2026, 7, 15, 12, 0));
        assert_eq!(clock.local(summer), at(2026, 7, 15, 12, 0));
        // 12:00 BST is 11:00 UTC.
        assert_eq!(summer, at(2026, 7, 15, 11, 0).and_utc().timestamp());
    }

    #[test]
    fn the_day_the_clocks_go_forward_has_23_hours() {
        let mut clock = Clock::named("Europe/London");
        let midnight = clock.instant(at(2026, 3, 29, 0, 0));
        let next = clock.instant(at(2026, 3, 30, 0, 0));
        assert_eq!(next - midnight, 23 * 3600);
        // 01:30 does not exist; it is read as 01:30 GMT.
        let gap = clock.instant(at(2026, 3, 29, 1, 30));
        assert_eq!(gap, at(2026, 3, 29, 1, 30).and_utc().timestamp());
        assert_eq!(clock.local(gap), at(2026, 3, 29, 2, 30));
    }

    #[test]
    fn the_repeated_hour_in_autumn_takes_the_earlier_instant() {
        let mut clock = Clock::named("Europe/London");
        let repeated = clock.instant(at(2026, 10, 25, 1, 30));
        // 01:30 BST is 00:30 UTC.
        assert_eq!(repeated, at(2026, 10, 25, 0, 30).and_utc().timestamp());
        let day = clock.instant(at(2026, 10, 26, 0, 0)) - clock.instant(at(2026, 10, 25, 0, 0));
        assert_eq!(day, 25 * 3600);
    }
}
