//! Deadlines: a row's end column must be filled in within a time of its
//! start column, or before the subject's next qualifying activity. A
//! missing end is a breach once the deadline has passed by the as-of
//! moment, and pending before it.

use chrono::NaiveDate;

use super::conditions::{self, Env};
use super::context::Ctx;
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::calendar::add_duration;
use crate::policy::{ColumnType, Deadline, DeadlineEnd, Duration, DurationUnit, Rule};
use crate::records::{TableData, Value};

/// When something is due: an instant, or the end of a local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Due {
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
        let hours = (seconds + 3599) / 3600;
        if self.at.is_some() && hours < 48 {
            super::plural(hours as f64, "hour late", "hours late")
        } else {
            let days = (seconds + 86_399) / 86_400;
            super::plural(days as f64, "day late", "days late")
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
pub(super) fn due_after(ctx: &Ctx, start: Value, limit: Duration) -> Option<Due> {
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

pub(super) fn judge(ctx: &Ctx, _rule: &Rule, d: &Deadline, sink: &mut Sink) {
    let Some(table) = ctx.table(&d.table) else {
        return;
    };
    let period = ctx.period;
    let owner_column = ctx
        .policy
        .tables
        .get(&d.table)
        .and_then(|t| {
            t.columns
                .iter()
                .find(|c| c.ty == ColumnType::Ref("staff".into()))
        })
        .map(|c| c.name.clone());
    let cancelled = ctx.records.interner.get("cancelled");
    let skip_cancelled = d.table == "sessions" && d.activity.is_some();
    let (next_activity, subject_column, date_column) = match &d.end {
        DeadlineEnd::BeforeNext { activity } => {
            let source = d
                .activity
                .as_ref()
                .or(Some(activity))
                .and_then(|a| ctx.policy.activities.get(a));
            (
                Some(activity.as_str()),
                source.map(|a| a.subject_column.clone()),
                source.map(|a| a.date_column.clone()),
            )
        }
        DeadlineEnd::Within { .. } => (None, None, None),
    };
    let next_index = next_activity.map(|a| ctx.activity(a));
    for row in 0..table.len() {
        let id = ctx.row_id(table, row);
        let owner = owner_column
            .as_ref()
            .map(|c| table.get(row, c))
            .and_then(|v| v.sym())
            .map(|s| ctx.text(s).to_string());
        if ctx.trace_subject.is_some()
            && !ctx.tracing(&id)
            && owner.as_deref().map_or(true, |o| !ctx.tracing(o))
        {
            continue;
        }
        if skip_cancelled && cancelled.is_some_and(|c| table.get(row, "status") == Value::Str(c)) {
            continue;
        }
        let (due, start_text, evidence_extra) = match &d.end {
            DeadlineEnd::Within {
                limit,
                start_column,
            } => {
                let start = table.get(row, start_column);
                let Some(due) = due_after(ctx, start, *limit) else {
                    continue;
                };
                if start_in_future(ctx, start) {
                    continue;
                }
                (
                    due,
                    format!(
                        "`{}` within {limit} of `{start_column}` ({})",
                        d.end_column,
                        ctx.show(start)
                    ),
                    None,
                )
            }
            DeadlineEnd::BeforeNext { activity } => {
                let (Some(sc), Some(dc), Some(index)) =
                    (&subject_column, &date_column, &next_index)
                else {
                    continue;
                };
                let Value::Str(subject) = table.get(row, sc) else {
                    continue;
                };
                let moment = table.get(row, dc);
                let Some(day) = ctx.day_of(moment) else {
                    continue;
                };
                if day >= period.as_of {
                    continue;
                }
                let after = |o: &&super::context::Occurrence| {
                    o.row as usize != row
                        && match (moment, o.at) {
                            (Value::Instant(m), Some(a)) => a > m,
                            _ => o.date > day,
                        }
                };
                let Some(next) = index
                    .by_subject
                    .get(&subject)
                    .and_then(|list| list.iter().find(after))
                else {
                    if ctx.tracing(&id) || owner.as_deref().is_some_and(|o| ctx.tracing(o)) {
                        ctx.trace(
                            Some(day),
                            format!(
                                "{} {id}: no later {activity} yet, so nothing is due",
                                d.table
                            ),
                        );
                    }
                    continue;
                };
                let next_id = ctx.row_id(table, next.row as usize);
                let due = Due {
                    day: next.date,
                    at: next.at,
                };
                (
                    due,
                    format!(
                        "`{}` before the next {activity} ({next_id} on {})",
                        d.end_column,
                        due.show(ctx)
                    ),
                    Some(Ref::new(&d.table, &next_id)),
                )
            }
        };
        let on = due.day.min(period.last);
        if let Some(filter) = &d.filter {
            if !conditions::holds(ctx, filter, &Env::row(table, row, on)) {
                continue;
            }
        }
        let end = table.get(row, &d.end_column);
        let end = if end_in_future(ctx, end) {
            Value::Null
        } else {
            end
        };
        let related: Vec<Ref> = owner.iter().map(|o| Ref::new("staff", o)).collect();
        let mut evidence = vec![Ref::new(&d.table, &id)];
        evidence.extend(evidence_extra);
        let tracing = ctx.tracing(&id) || owner.as_deref().is_some_and(|o| ctx.tracing(o));
        let expected = format!("{start_text}: by {}", due.show(ctx));
        if !end.is_null() {
            if due.day < period.from {
                continue;
            }
            sink.judged += 1;
            if due.met_by(ctx, end) {
                if tracing {
                    ctx.trace(
                        Some(due.day),
                        format!(
                            "{} {id}: {} {} — in time",
                            d.table,
                            d.end_column,
                            ctx.show(end)
                        ),
                    );
                }
                continue;
            }
            let late = due.lateness(ctx, end);
            if tracing {
                ctx.trace(
                    Some(due.day),
                    format!(
                        "{} {id}: {} {} — {late}",
                        d.table,
                        d.end_column,
                        ctx.show(end)
                    ),
                );
            }
            sink.push(Draft {
                status: Status::Breach,
                subject: Ref::new(&d.table, &id),
                related,
                window: Some(DateRange {
                    start: start_day(ctx, table, row, d)
                        .unwrap_or(due.day)
                        .min(due.day),
                    end: due.day,
                }),
                due: Some(due.show(ctx)),
                expected,
                actual: format!("{} {} ({late})", d.end_column, ctx.show(end)),
                evidence,
                date: due.day,
            });
        } else if due.passed(ctx) {
            if due.day < period.from {
                continue;
            }
            sink.judged += 1;
            if tracing {
                ctx.trace(
                    Some(due.day),
                    format!(
                        "{} {id}: no `{}` by {} — missed",
                        d.table,
                        d.end_column,
                        due.show(ctx)
                    ),
                );
            }
            sink.push(Draft {
                status: Status::Breach,
                subject: Ref::new(&d.table, &id),
                related,
                window: Some(DateRange {
                    start: start_day(ctx, table, row, d)
                        .unwrap_or(due.day)
                        .min(due.day),
                    end: due.day,
                }),
                due: Some(due.show(ctx)),
                expected,
                actual: format!("no `{}` by the as-of date", d.end_column),
                evidence,
                date: due.day,
            });
        } else {
            if tracing {
                ctx.trace(
                    Some(due.day),
                    format!(
                        "{} {id}: `{}` due by {} — pending",
                        d.table,
                        d.end_column,
                        due.show(ctx)
                    ),
                );
            }
            if period.due_soon(due.day) {
                sink.push(Draft {
                    status: Status::Pending,
                    subject: Ref::new(&d.table, &id),
                    related,
                    window: Some(DateRange {
                        start: start_day(ctx, table, row, d)
                            .unwrap_or(due.day)
                            .min(due.day),
                        end: due.day,
                    }),
                    due: Some(due.show(ctx)),
                    expected,
                    actual: format!("no `{}` yet", d.end_column),
                    evidence,
                    date: due.day,
                });
            }
        }
    }
}

fn start_day(ctx: &Ctx, table: &TableData, row: usize, d: &Deadline) -> Option<NaiveDate> {
    match &d.end {
        DeadlineEnd::Within { start_column, .. } => ctx.day_of(table.get(row, start_column)),
        DeadlineEnd::BeforeNext { activity } => {
            let a = d
                .activity
                .as_ref()
                .or(Some(activity))
                .and_then(|a| ctx.policy.activities.get(a))?;
            ctx.day_of(table.get(row, &a.date_column))
        }
    }
}

fn start_in_future(ctx: &Ctx, start: Value) -> bool {
    ctx.day_of(start).is_some_and(|d| d >= ctx.period.as_of)
}

fn end_in_future(ctx: &Ctx, end: Value) -> bool {
    ctx.day_of(end).is_some_and(|d| d >= ctx.period.as_of)
}
