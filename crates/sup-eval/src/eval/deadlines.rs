//! Deadlines: a row's end column must be filled in within a time of its
//! start column, before the subject's next qualifying activity, or at least
//! a lead time before another column (a minimum notice). A missing end is a
//! breach once the deadline has passed by the as-of moment, and pending
//! before it.

use chrono::NaiveDate;

use super::conditions::{self, Env};
use super::context::{ActivityIndex, Ctx, Occurrence, NO_ROW};
use super::schema;
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::calendar::add_duration;
use crate::diagnostic::Code;
use crate::policy::{ColumnType, Deadline, DeadlineEnd, Duration, DurationUnit, Rule};
use crate::records::{TableData, Value};

mod due;
use due::notice;
pub(super) use due::{due_after, due_before, Due};

/// One deadline rule resolved against its table: the columns it reads and
/// the indexes it shares, found once before any row is judged.
struct Setup<'c> {
    table: &'c TableData,
    /// The row's `ref staff` column, whose person the finding relates to.
    owner_column: Option<usize>,
    /// `status`, when cancelled sessions are skipped.
    status_column: Option<usize>,
    cancelled: Option<crate::records::Sym>,
    skip_cancelled: bool,
    end_column: Option<usize>,
    /// `before the next`: the source row's subject and moment columns; the
    /// subject column is of the last table `subject_steps` lead to (`of
    /// supervisee.line_manager`), the row's own table when there are none.
    subject_column: Option<usize>,
    subject_steps: Vec<(Option<usize>, &'c TableData)>,
    date_column: Option<usize>,
    /// `within` / lead times: the column the deadline counts from or back from.
    start_column: Option<usize>,
    /// `within D of absence.end`: the `ref` columns followed to the row
    /// whose `start_column` is read (each a column of the table before it),
    /// and the tables they lead to.
    start_steps: Vec<(Option<usize>, &'c TableData)>,
    next_index: Option<&'c ActivityIndex>,
    /// The table the next activity is recorded in, and whether it is the
    /// source's own (a row is then never its own next one).
    next_table: &'c TableData,
    next_same_table: bool,
    cutoff: i64,
    /// Explaining: the traced subject's symbol (`Some(None)`: no row has it).
    traced: Option<Option<crate::records::Sym>>,
    /// The activity's own rows, when the deadline judges exactly those.
    activity_rows: Option<&'c ActivityIndex>,
    /// Each row's next occurrence among `next_index`'s, when the rows are
    /// the activity's own.
    shared_next: Option<&'c [Occurrence]>,
}

/// Step 1: resolve the rule against its table.
fn setup<'c>(ctx: &'c Ctx, d: &'c Deadline) -> Option<Setup<'c>> {
    let table = ctx.table(&d.table)?;
    let owner_column = ctx
        .policy
        .tables
        .get(&d.table)
        .and_then(|t| {
            t.columns
                .iter()
                .find(|c| c.ty == ColumnType::Ref(schema::STAFF.into()))
        })
        .and_then(|c| table.column_index(&c.name));
    let cancelled = ctx.plan.sym.cancelled;
    let status_column = table.column_index(schema::sessions::STATUS);
    let skip_cancelled = d.table == schema::SESSIONS && d.activity.is_some();
    let end_column = table.column_index(&d.end_column);
    let mut subject_steps = Vec::new();
    let (next_activity, subject_column, date_column) = match &d.end {
        DeadlineEnd::BeforeNext { activity, of } => {
            // The source's date is its activity's, or else (same table) the
            // next activity's; the subject is the row's own unless `of`
            // names someone else.
            let source = d
                .activity
                .as_ref()
                .and_then(|a| ctx.policy.activities.get(a))
                .filter(|a| a.table == d.table)
                .or_else(|| ctx.policy.activities.get(activity))
                .filter(|a| a.table == d.table)
                // A table source with `of`: its activities' date (the
                // checker made sure they agree on it).
                .or_else(|| ctx.policy.activities.values().find(|a| a.table == d.table));
            let subject = match of {
                Some(of) => {
                    // Every word but the last is a `ref` column followed.
                    let words: Vec<&str> = of.split('.').collect();
                    let (last, references) = words.split_last()?;
                    let mut here = table;
                    for reference in references {
                        let Some(ColumnType::Ref(target)) = ctx
                            .policy
                            .tables
                            .get(&here.name)
                            .and_then(|t| t.column(reference))
                            .map(|c| &c.ty)
                        else {
                            return None;
                        };
                        let target = ctx.table(target)?;
                        subject_steps.push((here.column_index(reference), target));
                        here = target;
                    }
                    here.column_index(last)
                }
                None => source.and_then(|a| table.column_index(&a.subject_column)),
            };
            (
                Some(activity.as_str()),
                subject,
                source.and_then(|a| table.column_index(&a.date_column)),
            )
        }
        DeadlineEnd::Within { .. }
        | DeadlineEnd::LeadTime { .. }
        | DeadlineEnd::LeadLength { .. } => (None, None, None),
    };
    let mut start_steps = Vec::new();
    let start_column = match &d.end {
        DeadlineEnd::Within {
            through,
            start_column,
            ..
        } => {
            let mut here = table;
            for step in through {
                let target = ctx.table(&step.table)?;
                start_steps.push((here.column_index(&step.reference), target));
                here = target;
            }
            here.column_index(start_column)
        }
        DeadlineEnd::LeadTime { before_column, .. }
        | DeadlineEnd::LeadLength { before_column, .. } => table.column_index(before_column),
        DeadlineEnd::BeforeNext { .. } => None,
    };
    let next_index = next_activity.map(|a| ctx.activity(a));
    let next_table = next_activity
        .and_then(|a| ctx.policy.activities.get(a))
        .and_then(|a| ctx.table(&a.table))
        .unwrap_or(table);
    let next_same_table = std::ptr::eq(next_table, table);
    let anchored_elsewhere = matches!(&d.end, DeadlineEnd::BeforeNext { of: Some(_), .. });
    let cutoff = ctx.cutoff();
    // Explaining: only rows whose id or owner is the subject.
    let traced = ctx.traced_subject().map(|t| ctx.records.interner.get(t));
    // A deadline over an activity with no `where` of its own judges exactly
    // the activity's rows: take them from its index instead of testing the
    // filter on every row.
    let activity_rows: Option<&super::context::ActivityIndex> = d
        .activity
        .as_ref()
        .and_then(|a| ctx.policy.activities.get(a))
        .filter(|a| a.table == d.table && a.filter.as_ref() == d.filter.as_ref())
        .map(|a| ctx.activity(&a.name));
    let shared_next = match (&activity_rows, next_activity) {
        (Some(_), Some(next)) if d.activity.as_deref() == Some(next) && !anchored_elsewhere => {
            Some(ctx.next_occurrences(next))
        }
        _ => None,
    };
    Some(Setup {
        table,
        owner_column,
        status_column,
        cancelled,
        skip_cancelled,
        end_column,
        subject_column,
        subject_steps,
        date_column,
        start_column,
        start_steps,
        next_index,
        next_table,
        next_same_table,
        cutoff,
        traced,
        activity_rows,
        shared_next,
    })
}

impl Setup<'_> {
    /// The value a `within` deadline counts from: the row's own start
    /// column, or through its references (as exported: a deadline reads the
    /// recorded values, as for its own columns). `Null` when a reference on
    /// the way is empty or names no row.
    fn start_value(&self, row: usize) -> Value {
        follow(self.table, row, &self.start_steps, self.start_column)
    }

    /// The next occurrence of the row's activity after `row`, one of the
    /// activity's own (`shared_next`); `None` when it has none yet.
    fn shared_next(&self, shared: &[Occurrence], row: usize) -> Option<Occurrence> {
        shared.get(row).copied().filter(|next| next.row != NO_ROW)
    }

    /// Whose next activity `before the next` waits for: the row's subject,
    /// or the one its `of` path names (as exported).
    fn subject_value(&self, row: usize) -> Value {
        follow(self.table, row, &self.subject_steps, self.subject_column)
    }
}

/// The row reached from `row` of `table` through `steps` (each a `ref`
/// column of the table before it, and the table it refers to); `None` when
/// a reference on the way is empty or names no row.
fn reach<'t>(
    table: &'t TableData,
    row: usize,
    steps: &[(Option<usize>, &'t TableData)],
) -> Option<(&'t TableData, usize)> {
    let mut here = table;
    let mut row = row;
    for (reference, target) in steps {
        let Value::Str(id) = reference.map(|c| here.at(row, c))? else {
            return None;
        };
        row = target.row_of(id)?;
        here = target;
    }
    Some((here, row))
}

/// The value of `column` in the row [`reach`] finds; `Null` when there is
/// none.
fn follow(
    table: &TableData,
    row: usize,
    steps: &[(Option<usize>, &TableData)],
    column: Option<usize>,
) -> Value {
    match (reach(table, row, steps), column) {
        (Some((here, row)), Some(c)) => here.at(row, c),
        _ => Value::Null,
    }
}

pub(super) fn judge(ctx: &Ctx, rule: &Rule, d: &Deadline, sink: &mut Sink) {
    let Some(s) = setup(ctx, d) else {
        return;
    };
    let period = ctx.period;
    let rows: Box<dyn Iterator<Item = usize>> = match &s.activity_rows {
        Some(index) => Box::new(index.rows()),
        None => Box::new(0..s.table.len()),
    };
    // Whose row it is (for `sup explain` and the finding), as the export
    // says now: read only for a row that needs it.
    let owner_of = |row: usize| {
        s.owner_column
            .and_then(|c| ctx.value_on(s.table, row, c, period.last).sym())
    };
    for row in rows {
        let tracing = match s.traced {
            None => false,
            Some(None) => continue,
            Some(Some(t)) => {
                if s.table.id(row) != Some(t) && owner_of(row) != Some(t) {
                    continue;
                }
                true
            }
        };
        // The activity's own rows are never cancelled sessions: reading it
        // left those out.
        if s.skip_cancelled && s.activity_rows.is_none() {
            if let (Some(c), Some(cancelled)) = (s.status_column, s.cancelled) {
                if s.table.at(row, c) == Value::Str(cancelled) {
                    continue;
                }
            }
        }
        let Some((due, next_row)) = due_of(ctx, rule, d, &s, row, tracing) else {
            continue;
        };
        // Under several policy versions a deadline is judged by the version
        // in force on its start event's day, so none is judged twice or
        // dropped when its due day falls in another version's days.
        if period.in_force.is_some()
            && start_event_day(ctx, d, &s, row).is_some_and(|day| !period.in_force_on(day))
        {
            continue;
        }
        if let (Some(filter), None) = (&d.filter, &s.activity_rows) {
            let on = due.day.min(period.last);
            if !conditions::holds(ctx, filter, &Env::row(s.table, row, on)) {
                continue;
            }
        }
        if tracing {
            trace_due(ctx, d, &s, row, due, next_row);
        }
        let counted = sink.judged;
        let judged = verdict(ctx, d, &s, row, due, tracing, &mut sink.judged);
        if judged.is_none() && !(sink.judged > counted && sink.recording()) {
            continue;
        }
        let owner = owner_of(row);
        if sink.judged > counted && sink.recording() {
            // A deadline is judged on its due day.
            let subject = Ref::new(&d.table, &ctx.row_id(s.table, row));
            sink.judged_on(&subject, owner.map(|o| ctx.text(o)), due.day);
        }
        let Some((status, end)) = judged else {
            continue;
        };
        push_finding(
            ctx, d, &s, row, owner, due, next_row, status, end, tracing, sink,
        );
    }
}

/// Step 2: when a row's end is due, and (for `before the next`) the row
/// that made it due; `None` when nothing is due (or it cannot be known,
/// which is noted).
fn due_of(
    ctx: &Ctx,
    rule: &Rule,
    d: &Deadline,
    s: &Setup,
    row: usize,
    tracing: bool,
) -> Option<(Due, Option<usize>)> {
    let period = ctx.period;
    let table = s.table;
    let start_column = s.start_column;
    let found = match &d.end {
        DeadlineEnd::Within { limit, .. } => {
            let start = s.start_value(row);
            if start_in_future(ctx, start) {
                return None;
            }
            let due = due_after(ctx, start, *limit);
            if due.is_none() && tracing && !s.start_steps.is_empty() {
                let judged = d.filter.as_ref().is_none_or(|filter| {
                    conditions::holds(ctx, filter, &Env::row(table, row, period.last))
                });
                if judged {
                    ctx.trace(
                        Some(period.last),
                        format!(
                            "{} {}: `{}` is empty (from {}), so nothing is due",
                            d.table,
                            ctx.row_id(table, row),
                            d.end.start_path().unwrap_or_default(),
                            reached(ctx, s, row)
                        ),
                    );
                }
            }
            (due?, None)
        }
        DeadlineEnd::LeadTime { before_column, .. }
        | DeadlineEnd::LeadLength { before_column, .. } => {
            let start = start_column.map_or(Value::Null, |c| table.at(row, c));
            let due = match notice(ctx, table, row, &d.end) {
                Ok(lead) => due_before(ctx, start, lead).ok_or_else(|| {
                    (
                        Code::EvalEmptyValue,
                        format!("not judged: `{before_column}` is empty, so nothing is due"),
                    )
                }),
                Err(why) => Err(why),
            };
            let due = match due {
                Ok(due) => due,
                Err((code, why)) => {
                    // Nothing to count back, or nothing to count back
                    // from: say so, for rows the rule would otherwise
                    // judge.
                    let judged = match (&d.filter, &s.activity_rows) {
                        (Some(filter), None) => {
                            conditions::holds(ctx, filter, &Env::row(table, row, period.last))
                        }
                        _ => true,
                    };
                    if judged {
                        ctx.note(code, Some(&rule.name), why, Some(ctx.row_id(table, row)));
                    }
                    return None;
                }
            };
            (due, None)
        }
        DeadlineEnd::BeforeNext { activity, .. } => {
            if let (Some(shared), false) = (&s.shared_next, tracing) {
                // The row is one the activity counted, so it has a subject
                // and a moment before the as-of date: only its next
                // occurrence is left to find.
                let next = s.shared_next(shared, row)?;
                let due = Due {
                    day: next.date,
                    at: next.at(),
                };
                return Some((due, Some(next.row as usize)));
            }
            let (Some(dc), Some(index)) = (s.date_column, &s.next_index) else {
                return None;
            };
            let Value::Str(subject) = s.subject_value(row) else {
                return None;
            };
            let moment = table.at(row, dc);
            let day = ctx.day_of(moment)?;
            if day >= period.as_of {
                return None;
            }
            // The first occurrence strictly after this row's moment:
            // precomputed when the rows are the activity's own.
            let next = if let Some(shared) = &s.shared_next {
                s.shared_next(shared, row)
            } else {
                let list = index.of(subject);
                let first_after = match moment {
                    Value::Instant(m) => {
                        list.partition_point(|o| o.at().map_or(o.date <= day, |a| a <= m))
                    }
                    _ => list.partition_point(|o| o.date <= day),
                };
                list.get(first_after..)
                    .and_then(|rest| {
                        rest.iter()
                            .find(|o| !s.next_same_table || o.row as usize != row)
                    })
                    .copied()
            };
            let Some(next) = next else {
                if tracing {
                    ctx.trace(
                        Some(day),
                        format!(
                            "{} {}: no later {activity} yet, so nothing is due",
                            d.table,
                            ctx.row_id(table, row)
                        ),
                    );
                }
                return None;
            };
            let due = Due {
                day: next.date,
                at: next.at(),
            };
            (due, Some(next.row as usize))
        }
    };
    Some(found)
}

/// The row the start of `within D of absence.end` was read from, for
/// `sup explain`: "absences A2", or "no row".
fn reached(ctx: &Ctx, s: &Setup, row: usize) -> String {
    match reach(s.table, row, &s.start_steps) {
        Some((t, r)) => format!("{} {}", t.name, ctx.row_id(t, r)),
        None => "no row".to_string(),
    }
}

/// For `sup explain`, a row the rule judges: when the deadline reached
/// through a reference (`within D of absence.end`, `before the next X of
/// COLUMN`) falls due, and which row it was read from. The row's own start
/// column is on the row already, so says nothing new.
fn trace_due(ctx: &Ctx, d: &Deadline, s: &Setup, row: usize, due: Due, next_row: Option<usize>) {
    let table = s.table;
    let text = match (&d.end, next_row) {
        (DeadlineEnd::Within { .. }, _) if !s.start_steps.is_empty() => format!(
            "`{}` is {} (from {}), so `{}` is due by {}",
            d.end.start_path().unwrap_or_default(),
            ctx.show(s.start_value(row)),
            reached(ctx, s, row),
            d.end_column,
            due.show(ctx)
        ),
        (DeadlineEnd::BeforeNext { activity, of }, Some(next)) => {
            // Whose next activity it waited for, and which one it was.
            let whose = match of {
                Some(of) => format!(" of `{of}` {}", ctx.show(s.subject_value(row))),
                None => String::new(),
            };
            format!(
                "the next {activity}{whose} is {} on {}, so `{}` is due by then",
                ctx.row_id(s.next_table, next),
                due.show(ctx),
                d.end_column
            )
        }
        _ => return,
    };
    // Said on the day the row starts counting (the start's or the source
    // row's own day), before the verdict on the due day.
    let on = start_day(ctx, s, row, d).unwrap_or(due.day).min(due.day);
    ctx.trace(
        Some(on),
        format!("{} {}: {text}", d.table, ctx.row_id(table, row)),
    );
}

/// Step 3: the row's status (`None`: in time, or not a finding), with its
/// end value as it stood at the as-of moment. Counts the rows judged.
fn verdict(
    ctx: &Ctx,
    d: &Deadline,
    s: &Setup,
    row: usize,
    due: Due,
    tracing: bool,
    judged: &mut usize,
) -> Option<(Status, Value)> {
    let period = ctx.period;
    let table = s.table;
    let cutoff = s.cutoff;
    let end = s.end_column.map_or(Value::Null, |c| table.at(row, c));
    let end = match end {
        Value::Instant(e) if e >= cutoff => Value::Null,
        Value::Date(e) if e >= period.as_of => Value::Null,
        other => other,
    };
    let passed = match due.at {
        Some(t) => t < cutoff,
        None => due.day < period.as_of,
    };
    let status = if !end.is_null() {
        if due.day < period.from {
            return None;
        }
        *judged += 1;
        if due.met_by(ctx, end) {
            if tracing {
                ctx.trace(
                    Some(due.day),
                    format!(
                        "{} {}: {} {} — in time",
                        d.table,
                        ctx.row_id(table, row),
                        d.end_column,
                        ctx.show(end)
                    ),
                );
            }
            return None;
        }
        Status::Breach
    } else if passed {
        if due.day < period.from {
            return None;
        }
        *judged += 1;
        Status::Breach
    } else {
        if tracing {
            ctx.trace(
                Some(due.day),
                format!(
                    "{} {}: `{}` due by {} — pending",
                    d.table,
                    ctx.row_id(table, row),
                    d.end_column,
                    due.show(ctx)
                ),
            );
        }
        if !period.due_soon(due.day) {
            return None;
        }
        Status::Pending
    };
    Some((status, end))
}

/// Step 4: the finding, in words.
#[allow(
    clippy::too_many_arguments,
    reason = "one step of the deadline judge; a struct for its inputs would be built only to be taken apart here"
)]
fn push_finding(
    ctx: &Ctx,
    d: &Deadline,
    s: &Setup,
    row: usize,
    owner: Option<crate::records::Sym>,
    due: Due,
    next_row: Option<usize>,
    status: Status,
    end: Value,
    tracing: bool,
    sink: &mut Sink,
) {
    let table = s.table;
    let start_column = s.start_column;
    let id = ctx.row_id(table, row);
    // Columns of the deadline's own table go by the labels the policy gave
    // them; without labels, by their names, as reports always read.
    let named = |column: &str| ctx.policy.column_named(&d.table, column);
    let end_column = named(&d.end_column);
    let start_text = match &d.end {
        DeadlineEnd::Within {
            limit,
            through,
            start_column,
        } => {
            let start = s.start_value(row);
            // A start reached through a reference (`absence.end`) is written
            // as its path: the label belongs to a column of another table.
            let start_name = if through.is_empty() {
                named(start_column)
            } else {
                d.end.start_path().unwrap_or_default()
            };
            format!(
                "`{end_column}` within {limit} of `{start_name}` ({})",
                ctx.show(start)
            )
        }
        DeadlineEnd::LeadTime {
            lead,
            before_column: name,
        } => {
            let start = start_column.map_or(Value::Null, |c| table.at(row, c));
            format!(
                "`{end_column}` at least {lead} before `{}` ({})",
                named(name),
                ctx.show(start)
            )
        }
        DeadlineEnd::LeadLength {
            from_column,
            to_column,
            before_column: name,
        } => {
            let start = start_column.map_or(Value::Null, |c| table.at(row, c));
            let lead = notice(ctx, table, row, &d.end)
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            format!(
                "`{end_column}` at least the length of `{}` to `{}`{lead} before `{}` ({})",
                named(from_column),
                named(to_column),
                named(name),
                ctx.show(start)
            )
        }
        DeadlineEnd::BeforeNext { activity, of } => {
            // Whose next one it is, when not the row's own subject.
            let whose = match of {
                Some(of) => format!(" of `{}` {}", named(of), ctx.show(s.subject_value(row))),
                None => String::new(),
            };
            format!(
                "`{end_column}` before the next {activity}{whose} ({} on {})",
                next_row
                    .map(|r| ctx.row_id(s.next_table, r))
                    .unwrap_or_default(),
                due.show(ctx)
            )
        }
    };
    let actual = match status {
        Status::Pending => format!("no `{end_column}` yet"),
        _ if end.is_null() => format!("no `{end_column}` by the as-of date"),
        _ => format!(
            "{end_column} {} ({})",
            ctx.show(end),
            due.lateness(ctx, end)
        ),
    };
    if tracing {
        ctx.trace(Some(due.day), format!("{} {id}: {actual}", d.table));
    }
    let mut evidence = vec![Ref::new(&d.table, &id)];
    evidence.extend(next_row.map(|r| Ref::new(&s.next_table.name, &ctx.row_id(s.next_table, r))));
    sink.push(Draft {
        status,
        subject: Ref::new(&d.table, &id),
        related: owner
            .map(|o| Ref::new(schema::STAFF, ctx.text(o)))
            .into_iter()
            .collect(),
        window: Some(DateRange {
            start: start_day(ctx, s, row, d).unwrap_or(due.day).min(due.day),
            end: due.day,
        }),
        due: Some(due.show(ctx)),
        expected: format!("{start_text}: by {}", due.show(ctx)),
        actual,
        evidence,
        date: due.day,
    });
}

fn start_day(ctx: &Ctx, s: &Setup, row: usize, d: &Deadline) -> Option<NaiveDate> {
    let table = s.table;
    match &d.end {
        DeadlineEnd::Within { .. } => ctx.day_of(s.start_value(row)),
        // The notice runs up to the deadline itself.
        DeadlineEnd::LeadTime { .. } | DeadlineEnd::LeadLength { .. } => None,
        DeadlineEnd::BeforeNext { .. } => ctx.day_of(table.at(row, s.date_column?)),
    }
}

/// The day of a row's start event, which fixes the policy version that
/// judges it: its `START` column (for a minimum notice too: the event the
/// notice is for), or for `before the next ACTIVITY` the row's own date.
/// Unlike the due day, it does not depend on the version's rule.
fn start_event_day(ctx: &Ctx, d: &Deadline, s: &Setup, row: usize) -> Option<NaiveDate> {
    let column = match d.end {
        DeadlineEnd::BeforeNext { .. } => s.date_column,
        DeadlineEnd::Within { .. } => return ctx.day_of(s.start_value(row)),
        _ => s.start_column,
    }?;
    ctx.day_of(s.table.at(row, column))
}

fn start_in_future(ctx: &Ctx, start: Value) -> bool {
    ctx.day_of(start).is_some_and(|d| d >= ctx.period.as_of)
}
