//! The policy's timezone: turning naive export datetimes into instants and
//! instants back into local dates, fast enough for millions of rows.
//!
//! Instants are stored as seconds since 1970-01-01T00:00:00Z. The clock
//! keeps a table of UTC offsets by UTC day, filled on first use: a day on
//! which the offset does not change (all but two a year in Europe/London)
//! is converted with one lookup and one addition, whatever order the rows
//! come in, and only the days the clocks change go through `chrono-tz` for
//! every value. A local day is converted with one offset when the two UTC
//! days either side of it share that offset with it: any instant a local
//! time of that day could name lies in those five days (offsets differ by
//! less than 28 hours), so the time names exactly one instant. Other local
//! days go through `chrono-tz` for every value, which is always right, only
//! slower. The last local day read with one offset is remembered with the
//! instant of its midnight, so a run of values on one day is one addition
//! each.

use std::collections::HashMap;

use chrono::{LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike};
use chrono_tz::Tz;

use super::value::FxBuild;

const SECONDS_PER_DAY: i64 = 86_400;

/// The days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// An offset not worked out yet.
const UNKNOWN: i32 = i32::MAX;
/// No one offset: the clocks change that day (or, for a local day, near it).
const CHANGES: i32 = i32::MIN;

/// The most days the table covers (about 110 years, 480 KB): a day further
/// from those converted first is kept in a map instead, so that a stray
/// year such as 9999 does not grow the table without bound.
const MAX_TABLE_DAYS: i64 = 40_000;

/// Days added on each side when the table grows, so that a run of rows
/// spread over a few years grows it a handful of times, not once a day.
const GROWTH_DAYS: i64 = 400;

/// What the clock knows of one day number (days since 1970-01-01).
#[derive(Debug, Clone, Copy)]
struct Day {
    /// The offset (seconds east of UTC) in force all of the UTC day, or
    /// [`CHANGES`], or [`UNKNOWN`] until first needed.
    utc: i32,
    /// The one offset every local time of the local day is read with, or
    /// [`CHANGES`], or [`UNKNOWN`] until first needed.
    local: i32,
    /// The day's date.
    date: NaiveDate,
}

/// Converts between local (naive) times in one timezone and instants.
#[derive(Debug, Clone)]
pub struct Clock {
    tz: Tz,
    /// The day number of `days[0]`.
    first_day: i64,
    /// A run of days, filled as they are first needed.
    days: Vec<Day>,
    /// UTC offsets of days the table cannot reach, likewise.
    far: HashMap<i64, i32, FxBuild>,
    /// The last local day converted with one offset, and the instant of its
    /// midnight: the datetimes of one row (a session's start, recording
    /// and signatures) often fall on one day, and then the day number need
    /// not be worked out again.
    last_local: Option<(NaiveDate, i64)>,
}

impl Clock {
    pub fn new(tz: Tz) -> Self {
        Clock {
            tz,
            first_day: 0,
            days: Vec::new(),
            far: HashMap::default(),
            last_local: None,
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
        let time = i64::from(local.time().num_seconds_from_midnight());
        if let Some((date, midnight)) = self.last_local {
            if date == local.date() {
                return midnight + time;
            }
        }
        let naive_seconds = local.and_utc().timestamp();
        let day = naive_seconds.div_euclid(SECONDS_PER_DAY);
        let offset = match self.slot(day) {
            Some(slot) => match self.days.get(slot).map(|d| d.local) {
                Some(UNKNOWN) | None => self.fill_local(day, slot),
                Some(known) => known,
            },
            None => self.local_day_offset(day).unwrap_or(CHANGES),
        };
        if offset == CHANGES {
            naive_seconds - self.offset_for_local(local)
        } else {
            let instant = naive_seconds - i64::from(offset);
            self.last_local = Some((local.date(), instant - time));
            instant
        }
    }

    /// The local wall-clock time of an instant.
    pub fn local(&mut self, instant: i64) -> NaiveDateTime {
        to_naive(instant + self.offset_at(instant))
    }

    /// The local date of an instant: [`Clock::local`]'s date, without
    /// working out the time of day.
    pub fn local_date(&mut self, instant: i64) -> NaiveDate {
        let local = instant + self.offset_at(instant);
        let day = local.div_euclid(SECONDS_PER_DAY);
        match self.position(day).and_then(|at| self.days.get(at)) {
            Some(d) => d.date,
            None => date_of_day(day).unwrap_or_else(|| to_naive(local).date()),
        }
    }

    /// The instant of local midnight at the start of `date`.
    pub fn start_of(&mut self, date: NaiveDate) -> i64 {
        self.instant(date.and_time(NaiveTime::MIN))
    }

    /// The offset (seconds east of UTC) in force at `instant`.
    #[inline]
    fn offset_at(&mut self, instant: i64) -> i64 {
        let day = instant.div_euclid(SECONDS_PER_DAY);
        let offset = match self.slot(day) {
            Some(slot) => match self.days.get(slot).map(|d| d.utc) {
                Some(UNKNOWN) | None => self.fill_utc(day, slot),
                Some(known) => known,
            },
            None => self.utc_day_offset(day).unwrap_or(CHANGES),
        };
        if offset == CHANGES {
            i64::from(
                self.tz
                    .offset_from_utc_datetime(&to_naive(instant))
                    .fix()
                    .local_minus_utc(),
            )
        } else {
            i64::from(offset)
        }
    }

    #[cold]
    fn fill_utc(&mut self, day: i64, slot: usize) -> i32 {
        let computed = self.uniform_utc_offset(day).unwrap_or(CHANGES);
        if let Some(d) = self.days.get_mut(slot) {
            d.utc = computed;
        }
        computed
    }

    #[cold]
    fn fill_local(&mut self, day: i64, slot: usize) -> i32 {
        let computed = self.local_day_offset(day).unwrap_or(CHANGES);
        if let Some(d) = self.days.get_mut(slot) {
            d.local = computed;
        }
        computed
    }

    /// The one offset every local time of local day `day` is read with, if
    /// the two UTC days either side share it.
    fn local_day_offset(&mut self, day: i64) -> Option<i32> {
        let offset = self.utc_day_offset(day)?;
        [day - 2, day - 1, day + 1, day + 2]
            .into_iter()
            .all(|d| self.utc_day_offset(d) == Some(offset))
            .then_some(offset)
    }

    /// The offset in force all of UTC day `day`; `None` on a day it
    /// changes.
    fn utc_day_offset(&mut self, day: i64) -> Option<i32> {
        let entry = match self.slot(day) {
            Some(slot) => match self.days.get(slot).map(|d| d.utc) {
                Some(UNKNOWN) | None => self.fill_utc(day, slot),
                Some(known) => known,
            },
            None => match self.far.get(&day) {
                Some(&known) => known,
                None => {
                    let computed = self.uniform_utc_offset(day).unwrap_or(CHANGES);
                    self.far.insert(day, computed);
                    computed
                }
            },
        };
        (entry != CHANGES).then_some(entry)
    }

    /// The position of `day` in the table, if it holds it.
    #[inline]
    fn position(&self, day: i64) -> Option<usize> {
        // A day before the table wraps round to a position past its end.
        let at = day.wrapping_sub(self.first_day) as u64;
        (at < self.days.len() as u64).then_some(at as usize)
    }

    /// The position of `day` in the table, grown to hold it; `None` if
    /// holding it would make the table longer than [`MAX_TABLE_DAYS`].
    #[inline]
    fn slot(&mut self, day: i64) -> Option<usize> {
        match self.position(day) {
            Some(at) => Some(at),
            None => self.grow(day),
        }
    }

    #[cold]
    fn grow(&mut self, day: i64) -> Option<usize> {
        let len = self.days.len() as i64;
        let (start, end) = if len == 0 {
            (day - GROWTH_DAYS, day + GROWTH_DAYS + 1)
        } else if day < self.first_day {
            (day - GROWTH_DAYS, self.first_day + len)
        } else {
            (self.first_day, day + GROWTH_DAYS + 1)
        };
        if end - start > MAX_TABLE_DAYS {
            return None;
        }
        let mut days = Vec::with_capacity(usize::try_from(end - start).ok()?);
        for d in start..end {
            let known = self.position(d).and_then(|at| self.days.get(at)).copied();
            match known {
                Some(entry) => days.push(entry),
                None => days.push(Day {
                    utc: UNKNOWN,
                    local: UNKNOWN,
                    date: date_of_day(d)?,
                }),
            }
        }
        self.days = days;
        self.first_day = start;
        self.position(day)
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

    /// The offset if it is the same at every instant of UTC day `day`.
    fn uniform_utc_offset(&self, day: i64) -> Option<i32> {
        let start = day.checked_mul(SECONDS_PER_DAY)?;
        let first = self
            .tz
            .offset_from_utc_datetime(&to_naive(start))
            .fix()
            .local_minus_utc();
        let last = self
            .tz
            .offset_from_utc_datetime(&to_naive(start + SECONDS_PER_DAY - 1))
            .fix()
            .local_minus_utc();
        (first == last && first != UNKNOWN && first != CHANGES).then_some(first)
    }
}

/// The date of day number `day` (days since 1970-01-01).
fn date_of_day(day: i64) -> Option<NaiveDate> {
    i32::try_from(day + UNIX_EPOCH_DAYS_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
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

#[cfg(test)]
mod table_tests {
    //! The table of offsets against `chrono-tz` itself, instant by instant,
    //! in an order that jumps about as the sessions of an export do.

    use super::*;

    const ZONES: [&str; 6] = [
        "Europe/London",
        "America/New_York",
        // A half-hour change of offset.
        "Australia/Lord_Howe",
        // The day skipped when the zone crossed the date line (2011-12-30).
        "Pacific/Apia",
        "Asia/Kolkata",
        "UTC",
    ];

    /// What `Clock::local` must give: chrono-tz's offset at the instant.
    fn reference_local(tz: Tz, instant: i64) -> NaiveDateTime {
        let offset = tz.offset_from_utc_datetime(&to_naive(instant)).fix();
        to_naive(instant + i64::from(offset.local_minus_utc()))
    }

    /// Every `step` seconds from `from` for `count` steps, visited in a
    /// scrambled order (a stride prime to the count).
    fn scrambled(from: i64, step: i64, count: i64) -> impl Iterator<Item = i64> {
        (0..count).map(move |i| from + ((i * 7_919) % count) * step)
    }

    #[test]
    fn local_times_are_chrono_tz_s_in_any_order() {
        for zone in ZONES {
            let mut clock = Clock::named(zone);
            let tz = clock.tz();
            // 2010-01-01 to about 2030, every 20 minutes and 7 seconds.
            for instant in scrambled(1_262_304_000, 1_207, 520_000) {
                let expected = reference_local(tz, instant);
                assert_eq!(clock.local(instant), expected, "{zone} {instant}");
                assert_eq!(
                    clock.local_date(instant),
                    expected.date(),
                    "{zone} {instant}"
                );
            }
        }
    }

    #[test]
    fn instants_are_the_rule_s_in_any_order() {
        for zone in ZONES {
            let mut clock = Clock::named(zone);
            let plain = Clock::named(zone);
            // Local times from 2010 to about 2030, every 13 minutes: every
            // repeated and every skipped hour is visited, jumping about and
            // then in order (runs of one day, as a row's datetimes are).
            let in_order = (0..800_000).map(|i| 1_262_304_000 + i * 780);
            for naive in scrambled(1_262_304_000, 780, 800_000).chain(in_order) {
                let local = to_naive(naive);
                let expected = naive - plain.offset_for_local(local);
                assert_eq!(clock.instant(local), expected, "{zone} {local}");
            }
        }
    }

    #[test]
    fn days_far_apart_are_converted_alike() {
        let mut clock = Clock::named("Europe/London");
        let tz = clock.tz();
        // The first value sets where the table is; later ones a century or
        // more away go through the map of far days.
        let far = [
            at(9999, 7, 1, 12, 0),
            at(2026, 3, 29, 1, 30),
            at(1850, 6, 1, 0, 0),
            at(2026, 10, 25, 1, 30),
            at(2300, 3, 26, 1, 30),
            at(1900, 1, 1, 0, 0),
        ];
        for local in far {
            let instant = clock.instant(local);
            assert_eq!(
                instant,
                local.and_utc().timestamp() - clock.offset_for_local(local)
            );
            assert_eq!(clock.local(instant), reference_local(tz, instant));
            assert_eq!(
                clock.local_date(instant),
                reference_local(tz, instant).date()
            );
        }
        assert!(clock.days.len() as i64 <= MAX_TABLE_DAYS);
        assert!(!clock.far.is_empty());
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .unwrap_or(NaiveDateTime::MIN)
    }
}
