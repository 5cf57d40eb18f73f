//! Evaluating a compiled condition against one row, or against a session's
//! supervisor and supervisee, on one day.
//!
//! A missing value (an empty optional cell) makes every test on it false:
//! `x = 3`, `x != 3` and `x has v` are all false when `x` is empty, and
//! `x is not v` is true (an empty value is not `v`).

use chrono::NaiveDate;

use super::context::Ctx;
use super::schema;
use crate::policy::{
    ArithOp, CompareOp, Condition, Derivation, Duration, Expr, Literal, Part, Subject, Via,
};
use crate::records::{Sym, TableData, Value};

/// Whose columns a condition reads.
#[derive(Clone, Copy)]
pub struct Env<'t> {
    pub table: Option<&'t TableData>,
    pub row: usize,
    /// Rows of `staff`, for eligibility conditions.
    pub supervisor: Option<usize>,
    pub supervisee: Option<usize>,
    pub staff: Option<&'t TableData>,
    /// The day judged: derived columns (tenure) are measured to it.
    pub on: NaiveDate,
}

impl<'t> Env<'t> {
    pub fn row(table: &'t TableData, row: usize, on: NaiveDate) -> Self {
        Env {
            table: Some(table),
            row,
            supervisor: None,
            supervisee: None,
            staff: None,
            on,
        }
    }

    pub fn pair(
        staff: &'t TableData,
        supervisor: Option<usize>,
        supervisee: Option<usize>,
        on: NaiveDate,
    ) -> Self {
        Env {
            table: None,
            row: 0,
            supervisor,
            supervisee,
            staff: Some(staff),
            on,
        }
    }
}

/// A value while a condition is evaluated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum V<'p> {
    Null,
    Cell(Value),
    /// Text that no row has (a literal never interned).
    Absent,
    Duration(Duration),
    /// A derived duration: the time from this day to the day judged.
    Since(NaiveDate, NaiveDate),
    Literal(&'p Literal),
    /// A calendar month, counted from year 0 (`year * 12 + month - 1`).
    Month(i32),
}

fn month_index(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.year() * 12 + d.month0() as i32
}

/// Whether the condition holds.
pub fn holds(ctx: &Ctx, condition: &Condition, env: &Env) -> bool {
    match condition {
        Condition::All { of } => of.iter().all(|c| holds(ctx, c, env)),
        Condition::Any { of } => of.iter().any(|c| holds(ctx, c, env)),
        Condition::Not { condition } => !holds(ctx, condition, env),
        Condition::Is {
            target,
            negated,
            values,
        } => {
            let value = eval(ctx, target, env);
            let found = !matches!(value, V::Null)
                && values.iter().any(|l| equal(ctx, value, V::Literal(l)));
            found != *negated
        }
        // A derived column (tenure) is recorded when its source is.
        Condition::Recorded { target, negated } => {
            let empty = matches!(eval(ctx, target, env), V::Null);
            empty == *negated
        }
        // Local wall-clock time in the policy's timezone, so a session at
        // 08:30 is at 08:30 in summer and winter alike.
        Condition::WorkingHours { target, negated } => match eval(ctx, target, env) {
            V::Cell(Value::Instant(instant)) => {
                let local = ctx.local(instant);
                let inside = ctx.policy.header.working_hours.is_some_and(|h| {
                    local.time() >= h.from
                        && local.time() < h.to
                        && ctx.working.is_working_day(local.date())
                });
                inside != *negated
            }
            _ => false,
        },
        Condition::Has { target, value } => match eval(ctx, target, env) {
            V::Cell(Value::Set(set)) => match literal_sym(ctx, value) {
                Some(sym) => ctx.records.interner.set(set).contains(&sym),
                None => false,
            },
            _ => false,
        },
        Condition::InGroup { target, group } => {
            let Some(g) = ctx.policy.groups.get(group) else {
                return false;
            };
            let Some(table) = ctx.table(&g.table) else {
                return false;
            };
            let id = match eval(ctx, target, env) {
                V::Cell(Value::Str(s)) => s,
                _ => return false,
            };
            match table.row_of(id) {
                Some(row) => {
                    let (start, end) = ctx.lifetime(table, row);
                    env.on >= start && env.on <= end && ctx.member_on(group, table, row, env.on)
                }
                None => false,
            }
        }
        Condition::Compare { left, op, right } => {
            let (l, r) = (eval(ctx, left, env), eval(ctx, right, env));
            compare(ctx, l, *op, r, env.on)
        }
    }
}

/// The value of an expression.
pub fn eval<'p>(ctx: &Ctx, expr: &'p Expr, env: &Env) -> V<'p> {
    match expr {
        Expr::Literal { value } => match value {
            Literal::Duration(d) => V::Duration(*d),
            other => V::Literal(other),
        },
        Expr::Column { of, column } => column_value(ctx, *of, column, env),
        Expr::Via(via) => via_value(ctx, via, env),
        Expr::MonthOf { of } => match settle(ctx, eval(ctx, of, env)) {
            V::Cell(Value::Date(d)) => V::Month(month_index(d)),
            // A datetime's month is that of its local date: 23:30 UTC on
            // 31 May is 1 June in London.
            V::Cell(Value::Instant(i)) => V::Month(month_index(ctx.local_date(i))),
            _ => V::Null,
        },
        Expr::Arith { left, op, right } => {
            arith(ctx, eval(ctx, left, env), *op, eval(ctx, right, env))
        }
    }
}

/// The table and row whose columns `of` names.
fn subject_row<'t>(of: Subject, env: &Env<'t>) -> Option<(&'t TableData, usize)> {
    match of {
        Subject::Row => env.table.map(|t| (t, env.row)),
        Subject::Supervisor => env.staff.zip(env.supervisor),
        Subject::Supervisee => env.staff.zip(env.supervisee),
    }
}

fn column_value<'p>(ctx: &Ctx, of: Subject, column: &str, env: &Env) -> V<'p> {
    match subject_row(of, env) {
        Some((table, row)) => cell_value(ctx, table, row, column, env.on),
        None => V::Null,
    }
}

/// The row that the path's `ref` columns lead to from the subject's row,
/// each step read on the day judged; `None` when a reference on the way is
/// empty or names no row (dangling).
pub fn referenced_row<'t>(ctx: &Ctx<'t>, via: &Via, env: &Env) -> Option<(&'t TableData, usize)> {
    let start = subject_row(via.of, env)?;
    let mut reached: Option<(&'t TableData, usize)> = None;
    for (reference, table) in via.steps() {
        let (here, row) = match reached {
            Some((t, r)) => (t, r),
            None => start,
        };
        let Value::Str(id) = ctx.value_named_on(here, row, reference, env.on) else {
            return None;
        };
        let target = ctx.table(table)?;
        reached = Some((target, target.row_of(id)?));
    }
    reached
}

/// `REF.COLUMN`. An empty or dangling reference has no value, so every
/// test on it is false, as for an empty cell.
fn via_value<'p>(ctx: &Ctx, via: &Via, env: &Env) -> V<'p> {
    match referenced_row(ctx, via, env) {
        Some((target, row)) => cell_value(ctx, target, row, &via.column, env.on),
        None => V::Null,
    }
}

/// A column of one row, derived columns (tenure) measured to `on`.
pub fn cell_value<'p>(
    ctx: &Ctx,
    table: &TableData,
    row: usize,
    column: &str,
    on: NaiveDate,
) -> V<'p> {
    // Loaded columns are never derived: read them directly.
    if let Some(index) = table.column_index(column) {
        return match ctx.value_on(table, row, index, on) {
            Value::Null => V::Null,
            v => V::Cell(v),
        };
    }
    let derived = ctx
        .policy
        .tables
        .get(&table.name)
        .and_then(|t| t.column(column))
        .and_then(|c| c.derived.clone());
    if let Some(Derivation::Since { column: source }) = derived {
        return match ctx.day_of(ctx.value_named_on(table, row, &source, on)) {
            Some(from) => V::Since(from, on),
            None => V::Null,
        };
    }
    match ctx.value_named_on(table, row, column, on) {
        Value::Null => V::Null,
        v => V::Cell(v),
    }
}

fn literal_sym(ctx: &Ctx, literal: &Literal) -> Option<Sym> {
    match literal {
        Literal::Text(t) | Literal::Value(t) => ctx.sym_of(t),
        _ => None,
    }
}

/// Reduce a literal to a cell value where it can be one.
fn settle<'p>(ctx: &Ctx, v: V<'p>) -> V<'p> {
    match v {
        V::Literal(Literal::Text(t) | Literal::Value(t)) => match ctx.sym_of(t) {
            Some(sym) => V::Cell(Value::Str(sym)),
            None => V::Absent,
        },
        V::Literal(Literal::Number(n)) => V::Cell(Value::Num(*n)),
        V::Literal(Literal::Bool(b)) => V::Cell(Value::Bool(*b)),
        V::Literal(Literal::Date(d)) => V::Cell(Value::Date(*d)),
        V::Literal(Literal::Duration(d)) => V::Duration(*d),
        other => other,
    }
}

fn equal(ctx: &Ctx, a: V, b: V) -> bool {
    compare(ctx, a, CompareOp::Eq, b, NaiveDate::MIN)
}

fn compare(ctx: &Ctx, a: V, op: CompareOp, b: V, _on: NaiveDate) -> bool {
    use std::cmp::Ordering;
    let (a, b) = (settle(ctx, a), settle(ctx, b));
    let ordering: Option<Ordering> = match (a, b) {
        (V::Null, _) | (_, V::Null) => return false,
        (V::Absent, V::Cell(Value::Str(_))) | (V::Cell(Value::Str(_)), V::Absent) => {
            Some(Ordering::Less)
        }
        (V::Cell(x), V::Cell(y)) => cell_order(ctx, x, y),
        (V::Since(from, on), V::Duration(d)) => Some(on.cmp(&ctx.add_to_date(from, d))),
        (V::Duration(d), V::Since(from, on)) => Some(ctx.add_to_date(from, d).cmp(&on)),
        (V::Since(f1, on1), V::Since(f2, on2)) => Some((on1 - f1).cmp(&(on2 - f2))),
        (V::Cell(Value::Minutes(m)), V::Duration(d)) => {
            Some((m as f64).total_cmp(&d.approx_minutes()))
        }
        (V::Duration(d), V::Cell(Value::Minutes(m))) => {
            Some(d.approx_minutes().total_cmp(&(m as f64)))
        }
        (V::Duration(x), V::Duration(y)) => Some(x.approx_minutes().total_cmp(&y.approx_minutes())),
        (V::Month(x), V::Month(y)) => Some(x.cmp(&y)),
        _ => None,
    };
    let Some(ordering) = ordering else {
        return false;
    };
    let is_str = matches!(
        (a, b),
        (V::Cell(Value::Str(_)), _) | (_, V::Cell(Value::Str(_))) | (V::Absent, _) | (_, V::Absent)
    );
    match op {
        CompareOp::Eq => ordering == Ordering::Equal,
        CompareOp::Ne => ordering != Ordering::Equal,
        // Text has no order: only `=` and `!=` mean anything (the checker
        // rejects the rest).
        _ if is_str => false,
        CompareOp::Lt => ordering == Ordering::Less,
        CompareOp::Le => ordering != Ordering::Greater,
        CompareOp::Gt => ordering == Ordering::Greater,
        CompareOp::Ge => ordering != Ordering::Less,
    }
}

fn cell_order(ctx: &Ctx, x: Value, y: Value) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    match (x, y) {
        (Value::Str(a), Value::Str(b)) => Some(if a == b {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        (Value::Num(a), Value::Num(b)) => Some(a.total_cmp(&b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(&b)),
        (Value::Date(a), Value::Date(b)) => Some(a.cmp(&b)),
        (Value::Instant(a), Value::Instant(b)) => Some(a.cmp(&b)),
        (Value::Instant(a), Value::Date(b)) => Some(ctx.local_date(a).cmp(&b)),
        (Value::Date(a), Value::Instant(b)) => Some(a.cmp(&ctx.local_date(b))),
        (Value::Minutes(a), Value::Minutes(b)) => Some(a.cmp(&b)),
        (Value::Set(a), Value::Set(b)) => Some(if a == b {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        _ => None,
    }
}

fn arith<'p>(ctx: &Ctx, a: V<'p>, op: ArithOp, b: V<'p>) -> V<'p> {
    let (a, b) = (settle(ctx, a), settle(ctx, b));
    let sign = if op == ArithOp::Add { 1.0 } else { -1.0 };
    match (a, b) {
        (V::Cell(Value::Num(x)), V::Cell(Value::Num(y))) => V::Cell(Value::Num(x + sign * y)),
        (V::Cell(Value::Date(d)), V::Duration(dur))
        | (V::Duration(dur), V::Cell(Value::Date(d))) => {
            V::Cell(Value::Date(if op == ArithOp::Add {
                ctx.add_to_date(d, dur)
            } else {
                ctx.sub_from_date(d, dur)
            }))
        }
        (V::Cell(Value::Instant(i)), V::Duration(dur)) => {
            let day = ctx.local_date(i);
            V::Cell(Value::Date(if op == ArithOp::Add {
                ctx.add_to_date(day, dur)
            } else {
                ctx.sub_from_date(day, dur)
            }))
        }
        (V::Cell(Value::Minutes(m)), V::Duration(d))
        | (V::Duration(d), V::Cell(Value::Minutes(m))) => {
            V::Cell(Value::Minutes(m + (sign * d.approx_minutes()) as i64))
        }
        (V::Duration(x), V::Duration(y)) => V::Cell(Value::Minutes(
            (x.approx_minutes() + sign * y.approx_minutes()) as i64,
        )),
        _ => V::Null,
    }
}

/// Whether a condition gives the same answer on every day for the same rows:
/// it reads no derived column (tenure), no column with a history, and tests
/// no group membership (which depends on the day through lifetimes and
/// tenure).
pub fn date_independent(ctx: &Ctx, condition: &Condition) -> bool {
    let mut has_group = false;
    condition.for_each_part(&mut |part| {
        has_group |= matches!(part, Part::Condition(Condition::InGroup { .. }));
    });
    if has_group {
        return false;
    }
    let mut reads = Vec::new();
    collect(condition, &mut reads);
    let staff = ctx.policy.tables.get(schema::STAFF);
    reads.iter().all(|read| {
        let (table, column) = match read {
            Expr::Column {
                of: Subject::Supervisor | Subject::Supervisee,
                column,
            } => (staff, column),
            // A row's own table, or a referenced one, is not known here:
            // say it may depend on the day.
            _ => (None, &String::new()),
        };
        let dated_values = ctx
            .plan
            .staff
            .table
            .and_then(|t| Some(t.has_history(t.column_index(column)?)))
            .unwrap_or(false);
        !dated_values
            && table
                .and_then(|t| t.column(column))
                .is_some_and(|c| c.derived.is_none())
    })
}

/// The columns a condition reads, with their values, for explaining why it
/// failed: `supervisor.level = 3`, `staff.role = officer`.
pub fn describe_values(ctx: &Ctx, condition: &Condition, env: &Env) -> String {
    let mut reads: Vec<Expr> = Vec::new();
    collect(condition, &mut reads);
    let mut parts = Vec::new();
    for read in &reads {
        let name = match read {
            Expr::Column { of, column } => {
                let prefix = match of {
                    Subject::Row => "",
                    Subject::Supervisor => "supervisor.",
                    Subject::Supervisee => "supervisee.",
                };
                // A column goes by the label the policy gave it in the
                // table it is read from (the row's, or staff for the
                // supervisor and supervisee), else by its name.
                let table = match of {
                    Subject::Row => env.table.map(|t| t.name.as_str()),
                    Subject::Supervisor | Subject::Supervisee => Some(schema::STAFF),
                };
                if column == schema::ID && *of != Subject::Row {
                    prefix.trim_end_matches('.').to_string()
                } else {
                    let named = table
                        .map_or_else(|| column.clone(), |t| ctx.policy.column_named(t, column));
                    format!("{prefix}{named}")
                }
            }
            Expr::Via(via) => match via.of {
                Subject::Row => via.dotted(),
                Subject::Supervisor => format!("supervisor.{}", via.dotted()),
                Subject::Supervisee => format!("supervisee.{}", via.dotted()),
            },
            _ => continue,
        };
        let shown = match eval(ctx, read, env) {
            V::Null => "(empty)".to_string(),
            V::Cell(v) => ctx.show(v),
            V::Since(from, on) => describe_since(from, on),
            _ => String::new(),
        };
        parts.push(format!("{name} = {shown}"));
    }
    parts.join(", ")
}

/// `1 year 2 months`, `5 weeks`: a tenure in words.
pub fn describe_since(from: NaiveDate, on: NaiveDate) -> String {
    if on < from {
        return "not started".into();
    }
    let mut months = 0u32;
    while from
        .checked_add_months(chrono::Months::new(months + 1))
        .is_some_and(|d| d <= on)
    {
        months += 1;
    }
    let rest = from
        .checked_add_months(chrono::Months::new(months))
        .map_or(0, |d| (on - d).num_days());
    let (years, months) = (months / 12, months % 12);
    let mut parts = Vec::new();
    if years > 0 {
        parts.push(format!("{years} year{}", if years == 1 { "" } else { "s" }));
    }
    if months > 0 {
        parts.push(format!(
            "{months} month{}",
            if months == 1 { "" } else { "s" }
        ));
    }
    if years == 0 && (months == 0 || rest > 0) {
        parts.push(format!("{rest} day{}", if rest == 1 { "" } else { "s" }));
    }
    parts.join(" ")
}

/// The column reads (`Expr::Column`, `Expr::Via`) of a condition, each
/// once, in order.
fn collect(condition: &Condition, out: &mut Vec<Expr>) {
    condition.for_each_part(&mut |part| {
        if let Part::Expr(e @ (Expr::Column { .. } | Expr::Via(_))) = part {
            if !out.contains(e) {
                out.push(e.clone());
            }
        }
    });
}
