//! Standing checks, judged on every day a subject is a member of the rule's
//! group within the period:
//!
//! - `ACTIVITY within the last D`: a row of the activity dated `t` covers
//!   the days `t` to `t + D`, both counted (a DBS check on 2023-05-10 with
//!   `3 years` covers up to and including 2026-05-10);
//! - `ACTIVITY booked within the next D`: a row dated `t` and booked on `b`
//!   (its `booked` column, local date) covers the days from the later of
//!   `b` and `t - D` to the day before `t`. A row with no `booked` value is
//!   not known to have been booked ahead and covers nothing; a cancelled
//!   session never counts (when it was cancelled is not recorded).
//!
//! Each stretch of consecutive member days that nothing covers is one
//! breach, dated on its first day, its window the stretch.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::context::Ctx;
use super::row_test::RowTest;
use super::schema;
use super::windows::{self, Span};
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::policy::{Rule, RuleBody, Standing, StandingSide};
use crate::records::{Sym, Value};

pub(super) fn judge(ctx: &Ctx, rule: &Rule, s: &Standing, sink: &mut Sink) {
    let Some(table) = ctx.table(&s.subject_table) else {
        return;
    };
    let period = ctx.period;
    let bookings = match s.side {
        StandingSide::Next => Some(bookings(ctx, s)),
        StandingSide::Last => None,
    };
    let expected = match s.side {
        StandingSide::Last => format!(
            "every member of `{}`, on every day: `{}` within the last {}",
            s.group, s.activity, s.within
        ),
        StandingSide::Next => format!(
            "every member of `{}`, on every day: `{}` booked within the next {}",
            s.group, s.activity, s.within
        ),
    };
    // The rule's groups, looked up once for every row.
    let applicable = ctx.applicable(&rule.name, &s.group);
    for row in 0..table.len() {
        let Some((id, id_text, tracing)) = ctx.subject_to_judge(table, row) else {
            continue;
        };
        let lifetime = ctx.lifetime(table, row);
        let spans =
            ctx.applicable_spans_of(&applicable, table, row, period.from, period.last, lifetime);
        if spans.is_empty() {
            if tracing {
                ctx.trace(
                    None,
                    format!("not judged: not a member of `{}` in the period", s.group),
                );
            }
            continue;
        }
        sink.judged += 1;
        if sink.recording() {
            let subject = Ref::new(&s.subject_table, &id_text);
            // Judged on every day, but the trend keeps one judgement per
            // subject a month: the first member day of each month will do.
            for span in &spans {
                let mut day = span.0;
                while day <= span.1 {
                    sink.judged_on(&subject, None, day);
                    let Some(next) = first_of_next_month(day) else {
                        break;
                    };
                    day = next;
                }
            }
        }
        let (covered, evidence) = match &bookings {
            None => last_cover(ctx, s, id),
            Some(map) => map.get(&id).cloned().unwrap_or_default(),
        };
        if tracing {
            for (span, row_id) in covered.iter().zip(&evidence) {
                ctx.trace(
                    Some(span.0),
                    format!("`{}` {row_id} covers {} to {}", s.activity, span.0, span.1),
                );
            }
        }
        let mut merged: Vec<Span> = Vec::new();
        let mut sorted = covered.clone();
        sorted.sort();
        for span in sorted {
            windows::push_merged(&mut merged, span);
        }
        for gap in windows::subtract(&spans, &merged) {
            let days = (gap.1 - gap.0).num_days() + 1;
            let last_before = covered
                .iter()
                .zip(&evidence)
                .filter(|(c, _)| c.1 < gap.0)
                .max_by_key(|(c, _)| c.1);
            let actual = match (s.side, last_before) {
                (StandingSide::Last, Some((c, row_id))) => format!(
                    "none from {} to {} ({days} day{}): the last, {row_id}, covered up to {}",
                    gap.0,
                    gap.1,
                    if days == 1 { "" } else { "s" },
                    c.1
                ),
                (StandingSide::Next, Some((c, row_id))) => format!(
                    "none booked from {} to {} ({days} day{}): the last booking, {row_id}, covered up to {}",
                    gap.0,
                    gap.1,
                    if days == 1 { "" } else { "s" },
                    c.1
                ),
                (StandingSide::Last, None) => format!(
                    "none from {} to {} ({days} day{}): no `{}` on record before then",
                    gap.0,
                    gap.1,
                    if days == 1 { "" } else { "s" },
                    s.activity
                ),
                (StandingSide::Next, None) => format!(
                    "none booked from {} to {} ({days} day{})",
                    gap.0,
                    gap.1,
                    if days == 1 { "" } else { "s" }
                ),
            };
            if tracing {
                ctx.trace(Some(gap.0), format!("NOT met: {actual}"));
            }
            let table_name = ctx
                .policy
                .activities
                .get(&s.activity)
                .map_or("", |a| a.table.as_str());
            let mut proof = vec![Ref::new(&s.subject_table, &id_text)];
            if let Some((_, row_id)) = last_before {
                proof.push(Ref::new(table_name, row_id));
            }
            sink.push_spanning(
                Draft {
                    status: Status::Breach,
                    subject: Ref::new(&s.subject_table, &id_text),
                    related: Vec::new(),
                    window: Some(DateRange {
                        start: gap.0,
                        end: gap.1,
                    }),
                    due: None,
                    expected: expected.clone(),
                    actual,
                    evidence: proof,
                    date: gap.0,
                },
                Some(DateRange {
                    start: gap.0,
                    end: gap.1,
                }),
            );
        }
    }
}

/// The days each row of the activity covers looking back, in date order,
/// with the row's id.
fn last_cover(ctx: &Ctx, s: &Standing, subject: Sym) -> (Vec<Span>, Vec<String>) {
    let mut covered = Vec::new();
    let mut ids = Vec::new();
    for (occ, table_name) in ctx.occurrences(std::slice::from_ref(&s.activity), subject) {
        let Some(table) = ctx.table(table_name) else {
            continue;
        };
        covered.push((occ.date, ctx.add_to_date(occ.date, s.within)));
        ids.push(ctx.row_id(table, occ.row as usize));
    }
    (covered, ids)
}

type Covers = (Vec<Span>, Vec<String>);

/// The days each booking covers looking ahead, by subject. Rows dated on or
/// after the as-of date count too: a booking for next month is what keeps
/// today covered.
fn bookings(ctx: &Ctx, s: &Standing) -> HashMap<Sym, Covers> {
    let mut out: HashMap<Sym, Covers> = HashMap::new();
    let Some(activity) = ctx.policy.activities.get(&s.activity) else {
        return out;
    };
    let Some(table) = ctx.table(&activity.table) else {
        return out;
    };
    let (Some(subject_col), Some(date_col), Some(booked_col)) = (
        table.column_index(&activity.subject_column),
        table.column_index(&activity.date_column),
        s.booked_column
            .as_deref()
            .and_then(|c| table.column_index(c)),
    ) else {
        return out;
    };
    let status_col = (activity.table == schema::SESSIONS)
        .then(|| table.column_index(schema::sessions::STATUS))
        .flatten();
    let cancelled = ctx.plan.sym.cancelled;
    // The filter is resolved against the table as the policy holds it (a
    // row test borrows the policy's condition for as long as the context).
    let held = ctx.policy.rules.iter().find_map(|r| match &r.body {
        RuleBody::Standing(own) if own == s => own.booking_filter.as_ref(),
        _ => None,
    });
    let filter = held.map(|c| RowTest::new(ctx, table, c));
    for row in 0..table.len() {
        if let (Some(c), Some(cancelled)) = (status_col, cancelled) {
            if table.at(row, c) == Value::Str(cancelled) {
                continue;
            }
        }
        let Value::Str(subject) = table.at(row, subject_col) else {
            continue;
        };
        let (Some(date), Some(booked)) = (
            ctx.day_of(table.at(row, date_col)),
            ctx.day_of(table.at(row, booked_col)),
        ) else {
            continue;
        };
        if filter
            .as_ref()
            .is_some_and(|f| !f.holds(ctx, table, row, booked))
        {
            continue;
        }
        let Some(day_before) = date.pred_opt() else {
            continue;
        };
        let first = booked.max(ctx.sub_from_date(date, s.within));
        if first > day_before {
            continue;
        }
        let entry = out.entry(subject).or_default();
        entry.0.push((first, day_before));
        entry.1.push(ctx.row_id(table, row));
    }
    out
}

fn first_of_next_month(day: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    let (year, month) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
}
