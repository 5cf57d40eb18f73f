//! The baseline organisation: teams of a manager and six staff, service
//! managers over five to seven teams, and a schedule for everyone that
//! meets every rule of the BCP policy.
//!
//! This file holds the shared date helpers and the builder; `people` makes
//! the staff, `sessions` their sessions and `records` the other tables.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::*;

mod people;
mod records;
mod sessions;

pub(super) use sessions::pad_sessions;

pub(super) struct Ids {
    pub session: usize,
    pub other: usize,
}

impl Ids {
    pub fn session(&mut self) -> String {
        self.session += 1;
        format!("X{:07}", self.session)
    }
    pub fn next(&mut self, prefix: &str) -> String {
        self.other += 1;
        format!("{prefix}{:07}", self.other)
    }
}

/// Dates that bound the history.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    /// The first day of history.
    pub start: NaiveDate,
    /// The first day judged by default (a year before the as-of date).
    pub from: NaiveDate,
    /// The last day of history: the day before the as-of date.
    pub last: NaiveDate,
}

pub(super) fn span_of(config: &Config) -> Span {
    let as_of = config.as_of;
    Span {
        start: as_of
            .checked_sub_months(Months::new(config.years.max(1).saturating_mul(12)))
            .unwrap_or(as_of),
        from: as_of.checked_sub_months(Months::new(12)).unwrap_or(as_of),
        last: as_of.pred_opt().unwrap_or(as_of),
    }
}

pub(super) fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN))
}

pub(super) fn days(date: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        date.checked_add_days(Days::new(n.unsigned_abs()))
            .unwrap_or(date)
    } else {
        date.checked_sub_days(Days::new(n.unsigned_abs()))
            .unwrap_or(date)
    }
}

pub(super) fn months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_months(Months::new(n)).unwrap_or(date)
}

/// The Monday on or before a date.
pub(super) fn monday(date: NaiveDate) -> NaiveDate {
    days(date, -i64::from(date.weekday().num_days_from_monday()))
}

struct Builder<'c> {
    config: &'c Config,
    rng: Rng,
    span: Span,
    org: Org,
    ids: Ids,
}

pub(super) fn baseline(config: &Config) -> Org {
    let mut b = Builder {
        config,
        rng: Rng::new(config.seed),
        span: span_of(config),
        org: Org::default(),
        ids: Ids {
            session: 0,
            other: 0,
        },
    };
    b.people();
    b.schedules();
    b.inventory();
    b.reductions();
    if config.history {
        b.neutral_history();
    }
    b.org
}

impl Builder<'_> {
    fn staff_id(&self) -> String {
        format!("S{:05}", self.org.staff.len() + 1)
    }

    fn long_serving_start(&mut self) -> NaiveDate {
        let year = 2014 + self.rng.below(8) as i32;
        let day = 1 + self.rng.below(300) as i64;
        monday(days(
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(self.span.start),
            day,
        ))
    }

    fn add(&mut self, mut s: Staff) -> String {
        s.id = self.staff_id();
        let id = s.id.clone();
        self.org.staff.push(s);
        id
    }
}
