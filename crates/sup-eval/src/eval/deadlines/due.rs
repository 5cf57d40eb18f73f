//! When a deadline falls due: a limit after a start (`within`, in calendar time or working
//! days), a lead time before a column, and the notice a row asks for.

use super::*;

/// When something is due: an instant, or the end of a local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::eval) struct Due {
    pub day: NaiveDate,
    /// `None`: any time on `day`.
    pub at: Option<i64>,
}

impl Due {
    /// Whether the moment has passed at the start of the as-of day.
    pub fn passed(&self, ctx: &Ctx) -> bool {
        match self.at {
            Some(t) => t < ctx.cutoff(),
            None => self.day < ctx.period.as_of,
        }
    }

    pub fn show(&self, ctx: &Ctx) -> String {
        match self.at {
            Some(t) => ctx.local(t).format("%Y-%m-%d %H:%M").to_string(),
            None => self.day.to_string(),
        }
    }

    /// Whether an end value meets the deadline.
    pub fn met_by(&self, ctx: &Ctx, end: Value) -> bool {
        match (end, self.at) {
            (Value::Instant(e), Some(t)) => e <= t,
            (Value::Instant(e), None) => ctx.local_date(e) <= self.day,
            (Value::Date(e), _) => e <= self.day,
            _ => false,
        }
    }

    /// How late an end value is, in words.
    pub fn lateness(&self, ctx: &Ctx, end: Value) -> String {
        let seconds = match (end, self.at) {
            (Value::Instant(e), Some(t)) => e - t,
            (Value::Instant(e), None) => (ctx.local_date(e) - self.day).num_days() * 86_400,
            (Value::Date(e), _) => (e - self.day).num_days() * 86_400,
            _ => 0,
        };
        // Under two days, say it to the minute: a recording one minute after
        // the 48th hour is "1 minute late", not rounded up to an hour.
        let minutes = (seconds + 59) / 60;
        if self.at.is_some() && minutes < 48 * 60 {
            let (h, m) = (minutes / 60, minutes % 60);
            match (h, m) {
                (0, m) => crate::eval::plural(m as f64, "minute late", "minutes late"),
                (h, 0) => crate::eval::plural(h as f64, "hour late", "hours late"),
                (h, m) => format!(
                    "{} {} late",
                    crate::eval::plural(h as f64, "hour", "hours"),
                    crate::eval::plural(m as f64, "minute", "minutes")
                ),
            }
        } else {
            // From two days on, whole days, and the hours begun after them:
            // 2 days and 1 minute is "2 days 1 hour late", not rounded up to
            // a third day the reader would take as a full one.
            let hours = (seconds + 3_599) / 3_600;
            let (days, hours) = (hours / 24, hours % 24);
            if hours == 0 {
                crate::eval::plural(days as f64, "day late", "days late")
            } else {
                format!(
                    "{} {} late",
                    crate::eval::plural(days as f64, "day", "days"),
                    crate::eval::plural(hours as f64, "hour", "hours")
                )
            }
        }
    }
}

/// The deadline `limit` after a start value.
///
/// - From a date and time: minutes and hours are elapsed time (48 hours
///   across the night the clocks change is 47 or 49 on the wall clock);
///   days, weeks, months and years keep the wall-clock time (1 week after
///   Monday 09:00 is the next Monday 09:00, whatever the clocks did);
///   working days end at the end of the working day found.
/// - From a date alone: minutes and hours count from its midnight; longer
///   units give a whole day, due by its end.
pub(in crate::eval) fn due_after(ctx: &Ctx, start: Value, limit: Duration) -> Option<Due> {
    match start {
        Value::Instant(i) => match limit.unit {
            DurationUnit::Minutes | DurationUnit::Hours => {
                let t = i.saturating_add(limit.fixed_minutes()?.saturating_mul(60));
                Some(Due {
                    day: ctx.local_date(t),
                    at: Some(t),
                })
            }
            DurationUnit::WorkingDays => {
                let local = add_duration(ctx.local(i), limit, &ctx.working);
                Some(Due {
                    day: local.date(),
                    at: None,
                })
            }
            _ => {
                let local = add_duration(ctx.local(i), limit, &ctx.working);
                Some(Due {
                    day: local.date(),
                    at: Some(ctx.instant(local)),
                })
            }
        },
        Value::Date(d) => match limit.unit {
            DurationUnit::Minutes | DurationUnit::Hours => {
                let t = ctx
                    .instant(d.and_time(chrono::NaiveTime::MIN))
                    .saturating_add(limit.fixed_minutes()?.saturating_mul(60));
                Some(Due {
                    day: ctx.local_date(t),
                    at: Some(t),
                })
            }
            _ => Some(Due {
                day: ctx.add_to_date(d, limit),
                at: None,
            }),
        },
        _ => None,
    }
}

/// The deadline `lead` before a start value (a minimum notice: `booked at
/// least 1 week before start`).
///
/// Minutes and hours are elapsed time before the start's moment; longer
/// units count back from the start's local day (working days skip
/// weekends and holidays), and the end is due by the end of the day found.
/// `at least 0 days before` is due on the start's own day.
pub(in crate::eval) fn due_before(ctx: &Ctx, start: Value, lead: Duration) -> Option<Due> {
    let elapsed = matches!(lead.unit, DurationUnit::Minutes | DurationUnit::Hours);
    match start {
        Value::Instant(i) if elapsed => {
            let t = i.saturating_sub(lead.fixed_minutes()?.saturating_mul(60));
            Some(Due {
                day: ctx.local_date(t),
                at: Some(t),
            })
        }
        Value::Date(d) if elapsed => {
            let t = ctx
                .instant(d.and_time(chrono::NaiveTime::MIN))
                .saturating_sub(lead.fixed_minutes()?.saturating_mul(60));
            Some(Due {
                day: ctx.local_date(t),
                at: Some(t),
            })
        }
        Value::Instant(_) | Value::Date(_) => Some(Due {
            day: ctx.sub_from_date(ctx.day_of(start)?, lead),
            at: None,
        }),
        _ => None,
    }
}

/// The minimum notice a row asks for: the fixed lead time, or the number of
/// calendar days from one of its columns to another, both ends counted (a
/// leave from Monday to Friday asks for 5 days). `Err` says why a row has no
/// notice to count, with the note's code: an empty column, or a span that
/// ends before it starts.
pub(super) fn notice(
    ctx: &Ctx,
    table: &TableData,
    row: usize,
    end: &DeadlineEnd,
) -> Result<Duration, (Code, String)> {
    let (from_column, to_column) = match end {
        DeadlineEnd::LeadTime { lead, .. } => return Ok(*lead),
        DeadlineEnd::LeadLength {
            from_column,
            to_column,
            ..
        } => (from_column, to_column),
        DeadlineEnd::Within { limit, .. } => return Ok(*limit),
        DeadlineEnd::BeforeNext { .. } => return Err((Code::EvalEmptyValue, "no notice".into())),
    };
    let empty = |c: &str| {
        (
            Code::EvalEmptyValue,
            format!("not judged: `{c}` is empty, so the notice is not known"),
        )
    };
    let from = ctx
        .day_of(table.get(row, from_column))
        .ok_or_else(|| empty(from_column))?;
    let to = ctx
        .day_of(table.get(row, to_column))
        .ok_or_else(|| empty(to_column))?;
    let days = (to - from).num_days() + 1;
    match u32::try_from(days) {
        Ok(amount) if amount > 0 => Ok(Duration {
            amount,
            unit: DurationUnit::Days,
        }),
        _ => Err((
            Code::EvalReversedNotice,
            format!(
                "not judged: `{to_column}` ({to}) is before `{from_column}` ({from}), so the notice is not known"
            ),
        )),
    }
}
