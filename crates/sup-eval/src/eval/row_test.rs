//! Conditions on one row of one table, resolved once: column names become
//! column positions and values become symbols. Activity filters and group
//! conditions are tested on every row of tables with a million rows, where
//! finding a column by name and a value in the interner for each row cost
//! more than the test itself.
//!
//! A resolved test means exactly what [`conditions::holds`] means; shapes
//! it does not resolve (comparisons, derived columns, groups) are left to
//! it. A column read through a reference (`staff.role`) is resolved too:
//! the reference's position and the referenced table are found once, and
//! only the id is looked up per row.

use chrono::NaiveDate;

use super::conditions::{self, Env};
use super::context::Ctx;
use crate::policy::{Condition, Expr, Literal, Subject};
use crate::records::{Cells, Sym, TableData, Value};

/// The text of a text or bare-word value.
fn text(l: &Literal) -> Option<&str> {
    match l {
        Literal::Text(t) | Literal::Value(t) => Some(t.as_str()),
        _ => None,
    }
}

/// Where a resolved test finds its value.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'p> {
    /// A loaded column of the row itself.
    Here(usize),
    /// A loaded column of the row that the `reference` column names.
    Via {
        reference: usize,
        target: &'p TableData,
        column: usize,
    },
}

impl Cell<'_> {
    /// The value on day `on` ([`Ctx::value_on`]); `Null` for an empty or
    /// dangling reference.
    fn get(self, ctx: &Ctx, table: &TableData, row: usize, on: NaiveDate) -> Value {
        match self {
            Cell::Here(column) => ctx.value_on(table, row, column, on),
            Cell::Via {
                reference,
                target,
                column,
            } => match ctx.value_on(table, row, reference, on) {
                Value::Str(id) => target
                    .row_of(id)
                    .map_or(Value::Null, |r| ctx.value_on(target, r, column, on)),
                _ => Value::Null,
            },
        }
    }
}

/// A condition resolved against one table.
#[derive(Debug, Clone)]
pub enum RowTest<'p> {
    All(Vec<RowTest<'p>>),
    Any(Vec<RowTest<'p>>),
    Not(Box<RowTest<'p>>),
    /// `COLUMN is [not] one of` text values: the symbols of those that occur
    /// in the records (a value no row has can never match).
    IsText {
        column: Cell<'p>,
        negated: bool,
        syms: Vec<Sym>,
    },
    /// `COLUMN has VALUE` on a set column.
    Has {
        column: Cell<'p>,
        sym: Option<Sym>,
    },
    /// `COLUMN is [not] recorded`.
    Recorded {
        column: Cell<'p>,
        negated: bool,
    },
    /// Anything else.
    Other(&'p Condition),
}

impl<'p> RowTest<'p> {
    pub fn new(ctx: &Ctx<'p>, table: &TableData, condition: &'p Condition) -> Self {
        let loaded = |target: &Expr| match target {
            Expr::Column {
                of: Subject::Row,
                column,
            } => table.column_index(column).map(Cell::Here),
            // A longer path is judged by the general evaluator.
            Expr::Via(via) if via.of == Subject::Row && via.then.is_empty() => {
                let target = ctx.table(&via.table)?;
                Some(Cell::Via {
                    reference: table.column_index(&via.reference)?,
                    target,
                    column: target.column_index(&via.column)?,
                })
            }
            _ => None,
        };
        match condition {
            Condition::All { of } => {
                RowTest::All(of.iter().map(|c| RowTest::new(ctx, table, c)).collect())
            }
            Condition::Any { of } => {
                RowTest::Any(of.iter().map(|c| RowTest::new(ctx, table, c)).collect())
            }
            Condition::Not { condition } => {
                RowTest::Not(Box::new(RowTest::new(ctx, table, condition)))
            }
            Condition::Is {
                target,
                negated,
                values,
            } => match loaded(target) {
                Some(column) if values.iter().all(|v| text(v).is_some()) => RowTest::IsText {
                    column,
                    negated: *negated,
                    syms: values
                        .iter()
                        .filter_map(|v| text(v).and_then(|t| ctx.sym_of(t)))
                        .collect(),
                },
                _ => RowTest::Other(condition),
            },
            Condition::Has { target, value } => match loaded(target) {
                Some(column) => RowTest::Has {
                    column,
                    sym: text(value).and_then(|t| ctx.sym_of(t)),
                },
                None => RowTest::Other(condition),
            },
            Condition::Recorded { target, negated } => match loaded(target) {
                Some(column) => RowTest::Recorded {
                    column,
                    negated: *negated,
                },
                None => RowTest::Other(condition),
            },
            Condition::InGroup { .. }
            | Condition::Compare { .. }
            | Condition::WorkingHours { .. } => RowTest::Other(condition),
        }
    }

    /// Whether the condition holds for `row` on day `on`.
    pub fn holds(&self, ctx: &Ctx, table: &TableData, row: usize, on: NaiveDate) -> bool {
        match self {
            RowTest::All(of) => of.iter().all(|t| t.holds(ctx, table, row, on)),
            RowTest::Any(of) => of.iter().any(|t| t.holds(ctx, table, row, on)),
            RowTest::Not(t) => !t.holds(ctx, table, row, on),
            RowTest::IsText {
                column,
                negated,
                syms,
            } => {
                let found =
                    matches!(column.get(ctx, table, row, on), Value::Str(s) if syms.contains(&s));
                found != *negated
            }
            RowTest::Has { column, sym } => match (column.get(ctx, table, row, on), sym) {
                (Value::Set(set), Some(sym)) => ctx.records.interner.set(set).contains(sym),
                _ => false,
            },
            RowTest::Recorded { column, negated } => {
                column.get(ctx, table, row, on).is_null() == *negated
            }
            RowTest::Other(condition) => {
                conditions::holds(ctx, condition, &Env::row(table, row, on))
            }
        }
    }
}

/// A resolved test of plain text values on columns without a history
/// (`kind is one_to_one and status is held`), read straight from the
/// columns: what an activity's filter usually is, tested on every row of
/// the sessions. Means exactly what [`RowTest::holds`] means of the test it
/// was made from.
#[derive(Debug, Clone)]
pub struct Quick<'t> {
    /// Each part: the column's cells, the values wanted, and whether the
    /// test is `is not`. All must hold.
    parts: Vec<(&'t Cells, Vec<Sym>, bool)>,
}

impl<'t> Quick<'t> {
    /// The quick form of `test` over `table`, if it has one: an `is` test,
    /// or an `all` of them, on the row's own columns, none with a history
    /// (whose value would depend on the day).
    pub fn new(test: &RowTest, table: &'t TableData) -> Option<Quick<'t>> {
        let one = |t: &RowTest| match t {
            RowTest::IsText {
                column: Cell::Here(c),
                negated,
                syms,
            } if !table.has_history(*c) => {
                let cells = &table.columns.get(*c)?.values;
                Some((cells, syms.clone(), *negated))
            }
            _ => None,
        };
        let parts = match test {
            RowTest::All(of) => of.iter().map(one).collect::<Option<Vec<_>>>()?,
            t => vec![one(t)?],
        };
        Some(Quick { parts })
    }

    /// Whether the test holds for `row`.
    #[inline]
    pub fn holds(&self, row: usize) -> bool {
        self.parts.iter().all(|(cells, syms, negated)| {
            let found = matches!(cells.get(row), Some(Value::Str(s)) if syms.contains(&s));
            found != *negated
        })
    }
}
