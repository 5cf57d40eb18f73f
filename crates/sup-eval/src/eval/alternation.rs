//! `alternating between FIRST and SECOND` on a frequency rule: two of the
//! subject's `ref staff` columns (a line manager and an assessor, say) take
//! turns leading the held sessions that the rule counts.
//!
//! Only sessions led by one of the two people take part. A session led by
//! someone else (cover, a group facilitator) is not anyone's turn: it is
//! passed over, neither breaking nor continuing the run. Cancelled and
//! planned sessions never count, because activities over sessions are held
//! sessions only. Each time two sessions in a row are led by the same one
//! of the two, the second is a breach, with both sessions as evidence.

use chrono::NaiveDate;

use super::context::{Ctx, Occurrence};
use super::schema;
use super::windows::Span;
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::diagnostic::Code;
use crate::policy::{Alternation, Frequency, Rule};
use crate::records::{Sym, TableData, Value};

/// Which of the two people led a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Turn {
    First,
    Second,
}

/// The subject of one frequency rule, as the alternation needs it.
pub(super) struct Member<'a> {
    pub table: &'a TableData,
    pub row: usize,
    pub sym: Sym,
    pub reference: Ref,
    pub tracing: bool,
}

/// Judge one member over the days the rule applies to them (`spans`, in
/// order, each inclusive).
pub(super) fn judge(
    ctx: &Ctx,
    rule: &Rule,
    f: &Frequency,
    alt: &Alternation,
    member: &Member,
    spans: &[Span],
    sink: &mut Sink,
) {
    let period = ctx.period;
    let (first_column, second_column) = (
        member.table.column_index(&alt.first),
        member.table.column_index(&alt.second),
    );
    // For the notes below: the two people as the export says now.
    let first = ctx.value_named_on(member.table, member.row, &alt.first, period.last);
    let second = ctx.value_named_on(member.table, member.row, &alt.second, period.last);
    // Sessions led by one of the two, inside the rule's spans, in order.
    let mut led: Vec<(Occurrence, Turn, usize)> = Vec::new();
    for (occ, table_name) in ctx.occurrences(&f.activities, member.sym) {
        let day = occ.date;
        let Some(span) = spans.iter().position(|s| s.0 <= day && day <= s.1) else {
            continue;
        };
        let Some(table) = ctx.table(table_name) else {
            continue;
        };
        let by = ctx.value_named_on(table, occ.row as usize, schema::sessions::SUPERVISOR, day);
        // The two people as they stood on the session's day.
        let first = first_column.map_or(Value::Null, |c| {
            ctx.value_on(member.table, member.row, c, day)
        });
        let second = second_column.map_or(Value::Null, |c| {
            ctx.value_on(member.table, member.row, c, day)
        });
        let turn = if !first.is_null() && by == first {
            Turn::First
        } else if !second.is_null() && by == second {
            Turn::Second
        } else {
            if member.tracing {
                ctx.trace(
                    Some(day),
                    format!(
                        "{table_name} {} is led by neither `{}` nor `{}`: not anyone's turn",
                        ctx.row_id(table, occ.row as usize),
                        alt.first,
                        alt.second
                    ),
                );
            }
            continue;
        };
        led.push((occ, turn, span));
    }
    let judged_any = led
        .iter()
        .skip(1)
        .any(|(o, _, _)| o.date >= period.from && o.date <= period.last);
    if !judged_any {
        return;
    }
    // Without both people, or with one person in both columns, there are
    // no turns to take: say so rather than call every session a repeat.
    let missing = [(&alt.first, first), (&alt.second, second)]
        .into_iter()
        .find(|(_, v)| v.is_null());
    if let Some((column, _)) = missing {
        ctx.note(
            Code::EvalEmptyValue,
            Some(&rule.name),
            format!("alternation not judged: `{column}` is empty"),
            Some(member.reference.id.clone()),
        );
        return;
    }
    if first == second {
        ctx.note(
            Code::EvalSamePerson,
            Some(&rule.name),
            format!(
                "alternation not judged: `{}` and `{}` are the same person",
                alt.first, alt.second
            ),
            Some(member.reference.id.clone()),
        );
        return;
    }
    let sessions = ctx.plan.sessions.table;
    let id_of = |o: &Occurrence| {
        sessions
            .map(|t| ctx.row_id(t, o.row as usize))
            .unwrap_or_default()
    };
    for pair in led.windows(2) {
        let [(before, a, span_a), (after, b, span_b)] = pair else {
            continue;
        };
        // Turns do not carry over a time the rule did not apply.
        if a != b || span_a != span_b || !in_period(ctx, after.date) {
            continue;
        }
        let (column, person) = match a {
            Turn::First => (&alt.first, first),
            Turn::Second => (&alt.second, second),
        };
        let other = match a {
            Turn::First => &alt.second,
            Turn::Second => &alt.first,
        };
        let who = ctx.show(person);
        let (earlier, later) = (id_of(before), id_of(after));
        sink.push(Draft {
            status: Status::Breach,
            subject: member.reference.clone(),
            related: match person {
                Value::Str(_) => vec![Ref::new(schema::STAFF, &who)],
                _ => Vec::new(),
            },
            window: Some(DateRange {
                start: before.date,
                end: after.date,
            }),
            due: None,
            expected: format!(
                "{} alternating between `{}` and `{}`",
                f.activities.join(" or "),
                alt.first,
                alt.second
            ),
            actual: format!(
                "two in a row led by `{column}` ({who}): {earlier} on {} and {later} on {}, with no session led by `{other}` between",
                before.date, after.date
            ),
            evidence: vec![Ref::new(schema::SESSIONS, &earlier), Ref::new(schema::SESSIONS, &later)],
            date: after.date,
        });
    }
}

fn in_period(ctx: &Ctx, day: NaiveDate) -> bool {
    day >= ctx.period.from && day <= ctx.period.last
}
