//! The cells of one column, stored by type.
//!
//! A [`Value`] is 16 bytes so that any cell fits, but a column holds one
//! type: its ids are 4-byte symbols, its dates 4 bytes, its times 8. Storing
//! each column at its type's own width cuts the memory a million sessions
//! take, and the time spent writing and later reading it, by more than half.
//!
//! Times and durations start narrower still: a time on a whole minute (as
//! nearly every time in an export is) is 4 bytes of minutes since 1970, and
//! a duration 4 bytes of minutes. The first one that does not fit widens
//! the column to 8 bytes a cell. A vocabulary column (a session's kind and
//! status) is a byte a cell, an index into the few symbols it holds, until
//! it holds more than 255 of them.
//!
//! Empty cells are a sentinel the type cannot otherwise hold (`u32::MAX` for
//! a symbol, `u8::MAX` for a code, `i64::MIN` for a time, `i32::MIN` for a
//! narrow one). A value
//! that does not fit the column's storage, whether of another type or equal
//! to the sentinel, turns the column into plain [`Value`]s: nothing the
//! loader reads is ever lost or changed by the compact form.

use chrono::NaiveDate;

use super::interner::OWN;
use super::memo::SEEDED;
use super::value::{SetId, Sym, Value};
use crate::policy::ColumnType;

mod lines;
pub use lines::{Lines, Offsets};

/// The empty symbol or set.
const NO_INDEX: u32 = u32::MAX;
/// The empty vocabulary value.
const NO_CODE: u8 = u8::MAX;
/// The empty time or duration.
const NO_TIME: i64 = i64::MIN;
/// The empty narrow time or duration.
const NO_MINUTES: i32 = i32::MIN;

#[derive(Debug, Clone)]
pub enum Cells {
    /// Ids, references and text, and vocabulary values once a column has
    /// more than 255 of them.
    Syms(Vec<u32>),
    /// Vocabulary values (a session's kind and status), a byte each: the
    /// value's symbol is `codes[byte]`. A vocabulary has a few words, and
    /// these were 4 bytes a cell.
    Codes {
        codes: Vec<u32>,
        cells: Vec<u8>,
    },
    Sets(Vec<u32>),
    Dates(Vec<Option<NaiveDate>>),
    /// Times on a whole minute: minutes since 1970-01-01T00:00Z.
    InstantMinutes(Vec<i32>),
    /// Times in seconds since 1970-01-01T00:00Z.
    Instants(Vec<i64>),
    /// Durations in minutes, narrow.
    ShortMinutes(Vec<i32>),
    Minutes(Vec<i64>),
    Nums(Vec<Option<f64>>),
    Bools(Vec<Option<bool>>),
    /// Any values: what a column becomes when a value does not fit its type.
    Mixed(Vec<Value>),
}

impl Cells {
    /// Empty storage for a column of type `ty`.
    pub fn for_type(ty: &ColumnType) -> Self {
        match ty {
            ColumnType::Id | ColumnType::Text | ColumnType::Ref(_) => Cells::Syms(Vec::new()),
            ColumnType::OneOf(_) => Cells::Codes {
                codes: Vec::new(),
                cells: Vec::new(),
            },
            ColumnType::SetOf(_) => Cells::Sets(Vec::new()),
            ColumnType::Date => Cells::Dates(Vec::new()),
            ColumnType::Datetime => Cells::InstantMinutes(Vec::new()),
            ColumnType::Duration => Cells::ShortMinutes(Vec::new()),
            ColumnType::Number => Cells::Nums(Vec::new()),
            ColumnType::Bool => Cells::Bools(Vec::new()),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Cells::Syms(v) | Cells::Sets(v) => v.len(),
            Cells::Codes { cells, .. } => cells.len(),
            Cells::Dates(v) => v.len(),
            Cells::InstantMinutes(v) | Cells::ShortMinutes(v) => v.len(),
            Cells::Instants(v) | Cells::Minutes(v) => v.len(),
            Cells::Nums(v) => v.len(),
            Cells::Bools(v) => v.len(),
            Cells::Mixed(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at `row`, `None` past the end. Always inlined: it is the
    /// read of every cell, and a call costs more than the read.
    #[inline(always)]
    pub fn get(&self, row: usize) -> Option<Value> {
        Some(match self {
            Cells::Syms(v) => match *v.get(row)? {
                NO_INDEX => Value::Null,
                s => Value::Str(Sym(s)),
            },
            Cells::Sets(v) => match *v.get(row)? {
                NO_INDEX => Value::Null,
                s => Value::Set(SetId(s)),
            },
            Cells::Codes { codes, cells } => match *cells.get(row)? {
                NO_CODE => Value::Null,
                c => codes
                    .get(usize::from(c))
                    .map_or(Value::Null, |s| Value::Str(Sym(*s))),
            },
            Cells::Dates(v) => v.get(row)?.map_or(Value::Null, Value::Date),
            Cells::InstantMinutes(v) => match *v.get(row)? {
                NO_MINUTES => Value::Null,
                m => Value::Instant(i64::from(m) * 60),
            },
            Cells::ShortMinutes(v) => match *v.get(row)? {
                NO_MINUTES => Value::Null,
                m => Value::Minutes(i64::from(m)),
            },
            Cells::Instants(v) => match *v.get(row)? {
                NO_TIME => Value::Null,
                t => Value::Instant(t),
            },
            Cells::Minutes(v) => match *v.get(row)? {
                NO_TIME => Value::Null,
                m => Value::Minutes(m),
            },
            Cells::Nums(v) => v.get(row)?.map_or(Value::Null, Value::Num),
            Cells::Bools(v) => v.get(row)?.map_or(Value::Null, Value::Bool),
            Cells::Mixed(v) => *v.get(row)?,
        })
    }

    /// The symbols of a column of ids, references or text, the empty cell
    /// `u32::MAX`; `None` for any other storage.
    pub fn syms(&self) -> Option<&[u32]> {
        match self {
            Cells::Syms(v) => Some(v),
            _ => None,
        }
    }

    /// Every value, in row order.
    pub fn iter(&self) -> impl Iterator<Item = Value> + '_ {
        (0..self.len()).filter_map(|row| self.get(row))
    }

    pub fn reserve(&mut self, additional: usize) {
        match self {
            Cells::Syms(v) | Cells::Sets(v) => v.reserve(additional),
            Cells::Codes { cells, .. } => cells.reserve(additional),
            Cells::Dates(v) => v.reserve(additional),
            Cells::InstantMinutes(v) | Cells::ShortMinutes(v) => v.reserve(additional),
            Cells::Instants(v) | Cells::Minutes(v) => v.reserve(additional),
            Cells::Nums(v) => v.reserve(additional),
            Cells::Bools(v) => v.reserve(additional),
            Cells::Mixed(v) => v.reserve(additional),
        }
    }

    /// Give every symbol and set its new number (`syms[old]`,
    /// `sets[old]`): a table read with an interner of its own joins the
    /// main one.
    pub fn renumber(&mut self, syms: &[u32], sets: &[u32], own: Option<u32>) {
        let new = |map: &[u32], old: u32| map.get(old as usize).copied().unwrap_or(old);
        // A symbol from a seeded memo is the load's own already; one of the
        // piece's own ids (kept apart for a band) is numbered after `own`.
        let sym = |old: u32| {
            if old & SEEDED != 0 {
                old & !SEEDED
            } else if old & OWN != 0 {
                own.map_or(old, |base| base.saturating_add(old & !OWN))
            } else {
                new(syms, old)
            }
        };
        match self {
            Cells::Syms(v) => v
                .iter_mut()
                .filter(|s| **s != NO_INDEX)
                .for_each(|s| *s = sym(*s)),
            Cells::Sets(v) => v
                .iter_mut()
                .filter(|s| **s != NO_INDEX)
                .for_each(|s| *s = new(sets, *s)),
            // Distinct symbols stay distinct: only the few codes change.
            Cells::Codes { codes, .. } => codes.iter_mut().for_each(|s| *s = sym(*s)),
            Cells::Mixed(v) => {
                for value in v {
                    match value {
                        Value::Str(s) => s.0 = sym(s.0),
                        Value::Set(s) => s.0 = new(sets, s.0),
                        _ => {}
                    }
                }
            }
            Cells::Dates(_)
            | Cells::InstantMinutes(_)
            | Cells::ShortMinutes(_)
            | Cells::Instants(_)
            | Cells::Minutes(_)
            | Cells::Nums(_)
            | Cells::Bools(_) => {}
        }
    }

    /// Add `other`'s values at the end (a column read in chunks).
    pub fn append(&mut self, other: Cells) {
        let other = match (&mut *self, other) {
            (
                Cells::Codes { codes, cells },
                Cells::Codes {
                    codes: more,
                    cells: theirs,
                },
            ) => {
                // Their codes as ours, if ours can hold them all.
                let mut ours = Vec::with_capacity(more.len());
                for s in &more {
                    match code_of(codes, *s) {
                        Some(c) => ours.push(c),
                        None => break,
                    }
                }
                if ours.len() == more.len() {
                    cells.extend(theirs.iter().map(|c| match ours.get(usize::from(*c)) {
                        Some(ours) => *ours,
                        None => NO_CODE,
                    }));
                    return;
                }
                Cells::Codes {
                    codes: more,
                    cells: theirs,
                }
            }
            (_, other) => other,
        };
        match (&mut *self, other) {
            (Cells::Syms(a), Cells::Syms(b)) => a.extend(b),
            (Cells::Sets(a), Cells::Sets(b)) => a.extend(b),
            (Cells::Dates(a), Cells::Dates(b)) => a.extend(b),
            (Cells::InstantMinutes(a), Cells::InstantMinutes(b)) => a.extend(b),
            (Cells::ShortMinutes(a), Cells::ShortMinutes(b)) => a.extend(b),
            (Cells::Instants(a), Cells::Instants(b)) => a.extend(b),
            (Cells::Minutes(a), Cells::Minutes(b)) => a.extend(b),
            (Cells::Nums(a), Cells::Nums(b)) => a.extend(b),
            (Cells::Bools(a), Cells::Bools(b)) => a.extend(b),
            (Cells::Mixed(a), Cells::Mixed(b)) => a.extend(b),
            // One chunk's column turned to plain values: `push` turns this
            // one too.
            (_, other) => other.iter().for_each(|value| self.push(value)),
        }
    }

    /// Add a value at the end.
    #[inline]
    pub fn push(&mut self, value: Value) {
        let fits = match (&mut *self, value) {
            (Cells::Syms(v), Value::Null) | (Cells::Sets(v), Value::Null) => {
                v.push(NO_INDEX);
                true
            }
            (Cells::Codes { cells, .. }, Value::Null) => {
                cells.push(NO_CODE);
                true
            }
            (Cells::Codes { codes, cells }, Value::Str(Sym(s))) if s != NO_INDEX => {
                code_of(codes, s).map(|c| cells.push(c)).is_some()
            }
            (Cells::Syms(v), Value::Str(Sym(s))) | (Cells::Sets(v), Value::Set(SetId(s)))
                if s != NO_INDEX =>
            {
                v.push(s);
                true
            }
            (Cells::Dates(v), Value::Null) => {
                v.push(None);
                true
            }
            (Cells::Dates(v), Value::Date(d)) => {
                v.push(Some(d));
                true
            }
            (Cells::InstantMinutes(v), Value::Null) | (Cells::ShortMinutes(v), Value::Null) => {
                v.push(NO_MINUTES);
                true
            }
            (Cells::InstantMinutes(v), Value::Instant(t)) => {
                whole_minutes(t).map(|m| v.push(m)).is_some()
            }
            (Cells::ShortMinutes(v), Value::Minutes(t)) => narrow(t).map(|m| v.push(m)).is_some(),
            (Cells::Instants(v), Value::Null) | (Cells::Minutes(v), Value::Null) => {
                v.push(NO_TIME);
                true
            }
            (Cells::Instants(v), Value::Instant(t)) | (Cells::Minutes(v), Value::Minutes(t))
                if t != NO_TIME =>
            {
                v.push(t);
                true
            }
            (Cells::Nums(v), Value::Null) => {
                v.push(None);
                true
            }
            (Cells::Nums(v), Value::Num(n)) => {
                v.push(Some(n));
                true
            }
            (Cells::Bools(v), Value::Null) => {
                v.push(None);
                true
            }
            (Cells::Bools(v), Value::Bool(b)) => {
                v.push(Some(b));
                true
            }
            (Cells::Mixed(v), value) => {
                v.push(value);
                true
            }
            _ => false,
        };
        if !fits {
            self.push_misfit(value);
        }
    }

    /// Add a value the column's storage cannot hold as it is: a narrow
    /// column of times or durations widens, any other turns to plain values.
    #[cold]
    fn push_misfit(&mut self, value: Value) {
        match (&*self, value) {
            (Cells::InstantMinutes(_), Value::Instant(_))
            | (Cells::ShortMinutes(_), Value::Minutes(_))
            | (Cells::Codes { .. }, Value::Str(_)) => {
                self.widen();
                self.push(value);
            }
            _ => {
                let mut mixed: Vec<Value> = self.iter().collect();
                mixed.push(value);
                *self = Cells::Mixed(mixed);
            }
        }
    }

    /// A narrow column of times or durations at 8 bytes a cell, and one of
    /// codes at a symbol a cell, its values the same; any other column as
    /// it is.
    fn widen(&mut self) {
        let wide = |v: &[i32], scale: i64| -> Vec<i64> {
            v.iter()
                .map(|m| match *m {
                    NO_MINUTES => NO_TIME,
                    m => i64::from(m) * scale,
                })
                .collect()
        };
        match self {
            Cells::InstantMinutes(v) => *self = Cells::Instants(wide(v, 60)),
            Cells::ShortMinutes(v) => *self = Cells::Minutes(wide(v, 1)),
            Cells::Codes { codes, cells } => {
                let syms = cells
                    .iter()
                    .map(|c| match codes.get(usize::from(*c)) {
                        Some(s) if *c != NO_CODE => *s,
                        _ => NO_INDEX,
                    })
                    .collect();
                *self = Cells::Syms(syms);
            }
            _ => {}
        }
    }

    /// Keep the rows whose `keep` is true (rows past its end are kept).
    pub fn retain(&mut self, keep: &[bool]) {
        match self {
            Cells::Syms(v) | Cells::Sets(v) => mask(v, keep),
            Cells::Codes { cells, .. } => mask(cells, keep),
            Cells::Dates(v) => mask(v, keep),
            Cells::InstantMinutes(v) | Cells::ShortMinutes(v) => mask(v, keep),
            Cells::Instants(v) | Cells::Minutes(v) => mask(v, keep),
            Cells::Nums(v) => mask(v, keep),
            Cells::Bools(v) => mask(v, keep),
            Cells::Mixed(v) => mask(v, keep),
        }
    }
}

/// Keep the values whose `keep` is true (values past its end are kept).
fn mask<T>(values: &mut Vec<T>, keep: &[bool]) {
    let mut i = 0;
    values.retain(|_| {
        let k = keep.get(i).copied().unwrap_or(true);
        i += 1;
        k
    });
}

/// The code of symbol `s` among `codes`, added if it is new and there is
/// room (a code for each of 255 symbols, the last byte being the empty
/// cell); `None` when there is not.
#[inline]
fn code_of(codes: &mut Vec<u32>, s: u32) -> Option<u8> {
    // A vocabulary has a few words: a look along them is a few compares.
    match codes.iter().position(|c| *c == s) {
        Some(at) => u8::try_from(at).ok(),
        None => {
            let code = u8::try_from(codes.len()).ok().filter(|c| *c != NO_CODE)?;
            codes.push(s);
            Some(code)
        }
    }
}

/// `seconds` since 1970 as whole minutes, if it is on a minute and they
/// fit a narrow cell.
#[inline]
fn whole_minutes(seconds: i64) -> Option<i32> {
    if seconds % 60 != 0 {
        return None;
    }
    narrow(seconds / 60)
}

/// `minutes` in a narrow cell, if they fit (and are not its sentinel).
#[inline]
fn narrow(minutes: i64) -> Option<i32> {
    i32::try_from(minutes).ok().filter(|m| *m != NO_MINUTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(ty: &ColumnType, values: &[Value]) -> Cells {
        let mut cells = Cells::for_type(ty);
        for v in values {
            cells.push(*v);
        }
        let back: Vec<Value> = cells.iter().collect();
        assert_eq!(back, values, "{ty:?}");
        cells
    }

    /// A piece's symbols are renumbered as the join says; one from a
    /// seeded memo is the load's own already, and only loses its mark.
    #[test]
    fn renumbering_keeps_seeded_symbols_and_empty_cells() {
        let syms = [10, 11, 12];
        let values = [
            Value::Str(Sym(2)),
            Value::Null,
            Value::Str(Sym(7 | SEEDED)),
            Value::Str(Sym(0)),
            Value::Str(Sym(SEEDED)),
        ];
        let expected = [
            Value::Str(Sym(12)),
            Value::Null,
            Value::Str(Sym(7)),
            Value::Str(Sym(10)),
            Value::Str(Sym(0)),
        ];
        // As symbols, as codes (few distinct ones) and mixed with numbers.
        for ty in [
            ColumnType::Ref("staff".into()),
            ColumnType::OneOf("x".into()),
            ColumnType::Text,
        ] {
            let mut cells = round_trip(&ty, &values);
            cells.renumber(&syms, &[], None);
            assert_eq!(cells.iter().collect::<Vec<_>>(), expected, "{ty:?}");
        }
        let mut mixed = Cells::Mixed(vec![Value::Num(1.5), Value::Str(Sym(3 | SEEDED))]);
        mixed.renumber(&syms, &[], None);
        assert_eq!(
            mixed.iter().collect::<Vec<_>>(),
            [Value::Num(1.5), Value::Str(Sym(3))]
        );
    }

    #[test]
    fn each_type_keeps_its_values_and_empty_cells() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let cases: Vec<(ColumnType, Vec<Value>)> = vec![
            (
                ColumnType::Id,
                vec![Value::Str(Sym(0)), Value::Null, Value::Str(Sym(7))],
            ),
            (
                ColumnType::SetOf("x".into()),
                vec![Value::Set(SetId(3)), Value::Null],
            ),
            (
                ColumnType::OneOf("x".into()),
                vec![Value::Str(Sym(8)), Value::Null, Value::Str(Sym(8))],
            ),
            (ColumnType::Date, vec![Value::Date(d), Value::Null]),
            (
                ColumnType::Datetime,
                vec![Value::Instant(-5), Value::Null, Value::Instant(i64::MAX)],
            ),
            (
                ColumnType::Duration,
                vec![Value::Minutes(0), Value::Null, Value::Minutes(-1)],
            ),
            (
                ColumnType::Number,
                vec![Value::Num(0.5), Value::Null, Value::Num(f64::INFINITY)],
            ),
            (
                ColumnType::Bool,
                vec![Value::Bool(false), Value::Null, Value::Bool(true)],
            ),
        ];
        for (ty, values) in &cases {
            let cells = round_trip(ty, values);
            assert!(!matches!(cells, Cells::Mixed(_)), "{ty:?} stayed compact");
        }
    }

    #[test]
    fn a_value_that_does_not_fit_makes_the_column_mixed_and_loses_nothing() {
        // Another type, and each sentinel as a real value.
        let cells = round_trip(
            &ColumnType::Text,
            &[Value::Str(Sym(1)), Value::Num(2.0), Value::Null],
        );
        assert!(matches!(cells, Cells::Mixed(_)));
        round_trip(
            &ColumnType::Id,
            &[Value::Str(Sym(1)), Value::Str(Sym(u32::MAX))],
        );
        round_trip(
            &ColumnType::Datetime,
            &[Value::Null, Value::Instant(i64::MIN)],
        );
        round_trip(&ColumnType::Duration, &[Value::Minutes(i64::MIN)]);
    }

    #[test]
    fn retain_drops_the_masked_rows() {
        let mut cells = round_trip(
            &ColumnType::Duration,
            &[
                Value::Minutes(1),
                Value::Minutes(2),
                Value::Null,
                Value::Minutes(4),
            ],
        );
        cells.retain(&[true, false, true]);
        let left: Vec<Value> = cells.iter().collect();
        assert_eq!(
            left,
            vec![Value::Minutes(1), Value::Null, Value::Minutes(4)]
        );
    }

    #[test]
    fn times_on_the_minute_are_four_bytes_until_one_is_not() {
        let on_minutes = [Value::Instant(0), Value::Null, Value::Instant(-60 * 1_000)];
        let cells = round_trip(&ColumnType::Datetime, &on_minutes);
        assert!(matches!(cells, Cells::InstantMinutes(_)));
        // A second past the minute, a time past what 32 bits of minutes
        // hold (year 6053), and the narrow sentinel: each widens the column,
        // and the values before it are kept.
        for odd in [61, i64::from(i32::MAX) * 60 + 60, i64::from(i32::MIN) * 60] {
            let mut values = on_minutes.to_vec();
            values.push(Value::Instant(odd));
            values.push(Value::Instant(120));
            let cells = round_trip(&ColumnType::Datetime, &values);
            assert!(matches!(cells, Cells::Instants(_)), "{odd}");
        }
        let cells = round_trip(
            &ColumnType::Duration,
            &[
                Value::Minutes(90),
                Value::Null,
                Value::Minutes(1_000_000_000),
            ],
        );
        assert!(matches!(cells, Cells::ShortMinutes(_)));
        let cells = round_trip(
            &ColumnType::Duration,
            &[
                Value::Minutes(90),
                Value::Minutes(i64::from(i32::MIN)),
                Value::Null,
            ],
        );
        assert!(matches!(cells, Cells::Minutes(_)));
        // Chunks of one column, one narrow and one wide, join wide.
        let mut narrow = round_trip(&ColumnType::Datetime, &[Value::Instant(60)]);
        let wide = round_trip(&ColumnType::Datetime, &[Value::Instant(1), Value::Null]);
        narrow.append(wide);
        let joined: Vec<Value> = narrow.iter().collect();
        assert_eq!(
            joined,
            vec![Value::Instant(60), Value::Instant(1), Value::Null]
        );
    }

    #[test]
    fn vocabulary_values_are_a_byte_until_there_are_more_than_255() {
        let ty = ColumnType::OneOf("kind".into());
        let values = [Value::Str(Sym(70)), Value::Null, Value::Str(Sym(3))];
        let mut cells = round_trip(&ty, &values);
        assert!(matches!(&cells, Cells::Codes { codes, .. } if codes == &[70, 3]));
        // Renumbered, only the codes change.
        let mut syms = vec![0; 71];
        syms[70] = 5;
        syms[3] = 9;
        cells.renumber(&syms, &[], None);
        let renumbered: Vec<Value> = cells.iter().collect();
        assert_eq!(
            renumbered,
            [Value::Str(Sym(5)), Value::Null, Value::Str(Sym(9))]
        );
        // A chunk with codes of its own, in another order, joins.
        let mut more = Cells::for_type(&ty);
        for v in [Value::Str(Sym(9)), Value::Str(Sym(11)), Value::Null] {
            more.push(v);
        }
        cells.append(more);
        let joined: Vec<Value> = cells.iter().collect();
        assert_eq!(
            joined,
            [
                Value::Str(Sym(5)),
                Value::Null,
                Value::Str(Sym(9)),
                Value::Str(Sym(9)),
                Value::Str(Sym(11)),
                Value::Null
            ]
        );
        assert!(matches!(&cells, Cells::Codes { codes, .. } if codes == &[5, 9, 11]));
        // The 256th distinct value (and the empty symbol) turn the column to
        // symbols, every value kept.
        let many: Vec<Value> = (0..300).map(|s| Value::Str(Sym(s % 256))).collect();
        let cells = round_trip(&ty, &many);
        assert!(matches!(cells, Cells::Syms(_)));
        let cells = round_trip(&ty, &[Value::Str(Sym(1)), Value::Str(Sym(u32::MAX))]);
        assert!(matches!(cells, Cells::Mixed(_)));
        // Chunks whose codes together are more than a byte holds join as
        // symbols.
        let mut first = round_trip(&ty, &many[..200]);
        let second = round_trip(
            &ty,
            &(200..300).map(|s| Value::Str(Sym(s))).collect::<Vec<_>>(),
        );
        assert!(matches!(first, Cells::Codes { .. }));
        assert!(matches!(second, Cells::Codes { .. }));
        first.append(second);
        assert!(matches!(first, Cells::Syms(_)));
        let joined: Vec<Value> = first.iter().collect();
        let want: Vec<Value> = (0..300).map(|s| Value::Str(Sym(s))).collect();
        assert_eq!(joined, want);
        let mut kept = round_trip(&ty, &values);
        kept.retain(&[false, true]);
        assert_eq!(
            kept.iter().collect::<Vec<_>>(),
            [Value::Null, Value::Str(Sym(3))]
        );
    }

    #[test]
    fn dates_are_four_bytes() {
        assert_eq!(std::mem::size_of::<Option<NaiveDate>>(), 4);
    }
}
