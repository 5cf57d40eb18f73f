//! Record exports: a directory of CSV, JSON Lines or Excel files, one per table
//! (or one sheet per table),
//! loaded and typed by a compiled policy's schema. The format is documented
//! in `docs/records.md`.
//!
//! **Invariant:** nothing is dropped silently. Every bad value is an error
//! naming its file, line and column; under `lenient` the row is skipped and
//! the error kept in [`Loaded::skipped`]; every column or file that is not
//! read is a [`RecordNote`].
//!
//! Like `src/workspace.rs`, this module reads files: the loader streams each
//! file row by row and keeps only the columns the policy's rules need
//! ([`Needs`]).

mod cell;
mod column;
mod csv_reader;
mod encoding;
mod error;
mod history;
mod interner;
mod load;
mod mapping;
mod memo;
mod needs;
mod plan;
mod source;
pub mod time;
mod value;
mod xlsx;

use std::collections::{BTreeMap, HashMap};

pub use column::{Cells, Lines, Offsets};
pub use error::{ErrorJson, RecordError, RecordNote};
pub use history::{ColumnHistory, Period};
pub use interner::{Interner, Renumbering};
pub use load::{load_dir, load_dir_in_chunks, load_dir_with_bands, LoadOptions, Loaded};
pub use mapping::{Derivation, Derived, Mapping, MappingAt, Matcher, Pattern, TableMapping};
pub use needs::Needs;
pub use time::Clock;
pub use value::{
    control_char, date_in_range, format_minutes, format_number, parse_date, parse_date_as,
    parse_datetime, parse_datetime_as, parse_duration, parse_time, year_out_of_range, FxBuild,
    ParsedDatetime, SetId, Sym, Value, FIRST_YEAR, LAST_YEAR,
};

use crate::policy::ColumnType;

/// Every table that was loaded, with the strings they share.
#[derive(Debug, Clone)]
pub struct Records {
    pub interner: Interner,
    pub clock: Clock,
    pub tables: BTreeMap<String, TableData>,
}

impl Records {
    /// An empty set of records in the policy's timezone.
    pub fn new(timezone: &str) -> Self {
        Records {
            interner: Interner::default(),
            clock: Clock::named(timezone),
            tables: BTreeMap::new(),
        }
    }

    pub fn table(&self, name: &str) -> Option<&TableData> {
        self.tables.get(name)
    }

    /// The text of an interned string.
    pub fn text(&self, sym: Sym) -> &str {
        self.interner.resolve(sym)
    }
}

/// One table, stored by column: only the columns the policy needs.
#[derive(Debug, Clone)]
pub struct TableData {
    pub name: String,
    /// The file it was read from, for messages.
    pub file: String,
    pub columns: Vec<ColumnData>,
    /// The line of the file each row started on.
    pub lines: Lines,
    /// Row index by id, for tables with an `id` column: made the first time
    /// a row is looked up by id. Most rows of the largest tables (sessions,
    /// discussions) are never looked up, and building the map as they load
    /// would cost a cache miss per row. A `OnceLock`, so that rules judged
    /// on several threads may share the table.
    ids: std::sync::OnceLock<RowIndex>,
    /// The ids already in the table, one bit per symbol: duplicates are
    /// caught as rows load without the map.
    id_bits: IdBits,
    id_column: Option<usize>,
    /// Per column (by index), its periods from the table's history file;
    /// `None` for a column no history row sets, and empty when the table
    /// has no history, so [`TableData::at_on`] costs one bounds check then.
    history: Vec<Option<Box<ColumnHistory>>>,
    history_file: Option<String>,
}

/// A set of symbols, one bit each, from the lowest set (a multiple of 64)
/// to the highest: a table's ids are interned together, so they are a
/// narrow band of the symbols (a bit a row, where bits from symbol 0 took
/// a bit for every symbol of the export, in every table).
#[derive(Debug, Clone, Default)]
struct IdBits {
    /// The symbol of the first word's first bit.
    base: u32,
    words: Vec<u64>,
}

impl IdBits {
    /// Add `id`; `false` if it was there already.
    #[inline]
    fn insert(&mut self, id: Sym) -> bool {
        // An id below the base wraps to far past the end.
        let at = id.0.wrapping_sub(self.base) as usize;
        match self.words.get_mut(at / 64) {
            Some(w) => {
                let bit = 1u64 << (at % 64);
                let new = *w & bit == 0;
                *w |= bit;
                new
            }
            None => self.insert_outside(id),
        }
    }

    /// Whether `id` is in the set.
    #[inline]
    fn contains(&self, id: Sym) -> bool {
        let at = id.0.wrapping_sub(self.base) as usize;
        self.words
            .get(at / 64)
            .is_some_and(|w| w & (1u64 << (at % 64)) != 0)
    }

    /// Add `id`, below or past every word so far.
    #[cold]
    fn insert_outside(&mut self, id: Sym) -> bool {
        if self.words.is_empty() {
            self.base = id.0 - id.0 % 64;
        } else if id.0 < self.base {
            // Rare: an id below every one before it.
            let base = id.0 - id.0 % 64;
            let shift = ((self.base - base) / 64) as usize;
            self.words.splice(0..0, std::iter::repeat_n(0, shift));
            self.base = base;
        }
        let at = (id.0 - self.base) as usize;
        let word = at / 64;
        if self.words.len() <= word {
            self.words.resize(word + 1, 0);
        }
        self.insert(id)
    }

    /// Empty, with room for the symbols from `low` to `high`.
    fn clear_for(&mut self, low: u32, high: u32) {
        self.base = low - low % 64;
        self.words = Vec::with_capacity(((high - self.base) / 64) as usize + 1);
    }
}

/// A table's rows by id.
#[derive(Debug, Clone)]
enum RowIndex {
    /// By symbol, from the lowest id's (the first field): the row, or
    /// `u32::MAX` for none.
    Dense(u32, Vec<u32>),
    Hashed(HashMap<Sym, u32, FxBuild>),
}

/// The values of one column, a row each.
#[derive(Debug, Clone)]
pub struct ColumnData {
    pub name: String,
    pub ty: ColumnType,
    pub values: Cells,
}

impl TableData {
    pub fn new(name: &str, file: &str, columns: Vec<(String, ColumnType)>) -> Self {
        let id_column = columns
            .iter()
            .position(|(n, t)| n == "id" && *t == ColumnType::Id);
        TableData {
            name: name.to_string(),
            file: file.to_string(),
            columns: columns
                .into_iter()
                .map(|(name, ty)| ColumnData {
                    values: Cells::for_type(&ty),
                    name,
                    ty,
                })
                .collect(),
            lines: Lines::default(),
            ids: std::sync::OnceLock::new(),
            id_bits: IdBits::default(),
            id_column,
            history: Vec::new(),
            history_file: None,
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The value at `row` of column `column` (by index); `Null` if out of range.
    pub fn at(&self, row: usize, column: usize) -> Value {
        self.columns
            .get(column)
            .and_then(|c| c.values.get(row))
            .unwrap_or(Value::Null)
    }

    /// The value at `row` of column `column` on `day`: the value of the
    /// history period of that row and column in force on `day` (its `from`
    /// and `to` days included), else the snapshot's ([`TableData::at`]).
    #[inline]
    pub fn at_on(&self, row: usize, column: usize, day: chrono::NaiveDate) -> Value {
        if let Some(history) = self.history.get(column).and_then(Option::as_deref) {
            if let Some(period) = history.in_force(row, day) {
                return period.value;
            }
        }
        self.at(row, column)
    }

    /// Whether any column has a history.
    #[inline]
    pub fn any_history(&self) -> bool {
        !self.history.is_empty()
    }

    /// Whether any history period sets `column`: if not, `at_on` is `at`
    /// on every day, for every row.
    #[inline]
    pub fn has_history(&self, column: usize) -> bool {
        self.history.get(column).is_some_and(Option::is_some)
    }

    /// The days on which any of `columns` of `row` may change value: each
    /// period's `from`, and the day after its `to`; sorted, each once.
    /// Between two consecutive days (and before the first, and from the
    /// last on) `at_on` gives the same values for these columns.
    pub fn change_days(&self, row: usize, columns: &[usize]) -> Vec<chrono::NaiveDate> {
        let mut days = Vec::new();
        for column in columns {
            for period in self.history_periods(row, *column) {
                days.push(period.from);
                if let Some(after) = period.to.and_then(|to| to.succ_opt()) {
                    days.push(after);
                }
            }
        }
        days.sort_unstable();
        days.dedup();
        days
    }

    /// The history periods of `row` and `column`, sorted by `from` and
    /// sharing no day; empty when it has none.
    pub fn history_periods(&self, row: usize, column: usize) -> &[Period] {
        self.history
            .get(column)
            .and_then(Option::as_deref)
            .map_or(&[], |h| h.of(row))
    }

    /// The history file the periods were read from, if the table has one.
    pub fn history_file(&self) -> Option<&str> {
        self.history_file.as_deref()
    }

    /// Attach a history: per column, its periods (`None` for none). The
    /// table's rows must be final: periods are indexed by row.
    pub(crate) fn set_history(&mut self, file: String, history: Vec<Option<Box<ColumnHistory>>>) {
        self.history = if history.iter().any(Option::is_some) {
            history
        } else {
            Vec::new()
        };
        self.history_file = Some(file);
    }

    /// The value at `row` of the column named `name`; `Null` if it was not loaded.
    pub fn get(&self, row: usize, name: &str) -> Value {
        self.column_index(name)
            .map_or(Value::Null, |c| self.at(row, c))
    }

    pub fn id(&self, row: usize) -> Option<Sym> {
        self.id_column.and_then(|c| self.at(row, c).sym())
    }

    /// Whether a row has the id `id`: one bit read, where [`Self::row_of`]
    /// builds the table's row index the first time.
    #[inline]
    pub fn has_id(&self, id: Sym) -> bool {
        self.id_bits.contains(id)
    }

    pub fn row_of(&self, id: Sym) -> Option<usize> {
        match self.ids.get_or_init(|| self.build_ids()) {
            // An id below the lowest wraps to far past the end.
            RowIndex::Dense(low, rows) => match rows.get(id.0.wrapping_sub(*low) as usize) {
                Some(&row) if row != u32::MAX => Some(row as usize),
                _ => None,
            },
            RowIndex::Hashed(rows) => rows.get(&id).map(|r| *r as usize),
        }
    }

    /// The symbols from the lowest id to the highest, when the table's
    /// ids are numbered together (its row index is an array): a map keyed
    /// by its ids can then be an array too (`eval/sym_map.rs`).
    pub fn id_band(&self) -> Option<std::ops::Range<u32>> {
        match self.ids.get_or_init(|| self.build_ids()) {
            RowIndex::Dense(low, rows) => {
                let len = u32::try_from(rows.len()).ok()?;
                Some(*low..low.checked_add(len)?)
            }
            RowIndex::Hashed(_) => None,
        }
    }

    fn build_ids(&self) -> RowIndex {
        let Some(column) = self.id_column.and_then(|c| self.columns.get(c)) else {
            return RowIndex::Hashed(HashMap::default());
        };
        let ids = || {
            column
                .values
                .iter()
                .enumerate()
                .filter_map(|(row, value)| Some((value.sym()?, u32::try_from(row).ok()?)))
        };
        // A table whose ids are a good share of the symbols between its
        // lowest and highest (every table read in one piece: its ids were
        // interned together) is indexed by a row per symbol: 4 bytes a
        // symbol against about 12 a row for a hash map, and a lookup is one
        // read from a short array.
        let (low, high) = ids().fold((u32::MAX, 0), |(l, h), (id, _)| (l.min(id.0), h.max(id.0)));
        let span = (high as usize + 1).saturating_sub(low as usize);
        if span <= column.values.len().saturating_mul(3) {
            let mut rows = vec![u32::MAX; span];
            for (id, row) in ids() {
                // The first row with an id keeps it (a duplicate is an
                // error, or skipped under `lenient`).
                if let Some(slot) = rows
                    .get_mut((id.0 - low) as usize)
                    .filter(|s| **s == u32::MAX)
                {
                    *slot = row;
                }
            }
            return RowIndex::Dense(low, rows);
        }
        let mut rows = HashMap::default();
        rows.reserve(column.values.len());
        for (id, row) in ids() {
            rows.entry(id).or_insert(row);
        }
        RowIndex::Hashed(rows)
    }

    /// Make room for `rows` more rows.
    pub(crate) fn reserve(&mut self, rows: usize) {
        for column in &mut self.columns {
            column.values.reserve(rows);
        }
    }

    /// Add a row; `Err` with the earlier row's line if its id is taken.
    pub(crate) fn push(&mut self, line: u64, values: &[Value]) -> Result<(), u64> {
        if let Some(c) = self.id_column {
            if let Some(id) = values.get(c).and_then(Value::sym) {
                if !self.id_bits.insert(id) {
                    // Rare: find the earlier row the slow way.
                    let first = self
                        .columns
                        .get(c)
                        .and_then(|col| col.values.iter().position(|v| v == Value::Str(id)))
                        .and_then(|r| self.lines.get(r))
                        .unwrap_or(0);
                    return Err(first);
                }
            }
        }
        for (column, value) in self.columns.iter_mut().zip(values) {
            column.values.push(*value);
        }
        self.lines.push(line);
        Ok(())
    }

    /// Keep only the rows for which `keep` is true. Called before any
    /// history is attached (a history is indexed by row).
    pub(crate) fn retain_rows(&mut self, keep: &[bool]) {
        self.history.clear();
        for column in &mut self.columns {
            column.values.retain(keep);
        }
        self.lines.retain(keep);
        // Ids were unique before rows were dropped.
        let _ = self.mark_ids();
    }

    /// Forget the id map and the ids' bits, and set the bits again from
    /// the id column; `false` if two rows have one id.
    fn mark_ids(&mut self) -> bool {
        self.ids = std::sync::OnceLock::new();
        let Some(column) = self.id_column.and_then(|c| self.columns.get(c)) else {
            self.id_bits = IdBits::default();
            return true;
        };
        let mut bits = IdBits::default();
        let mut unique = true;
        let mut mark = |ids: &mut dyn Iterator<Item = u32>, (low, high): (u32, u32)| {
            if low <= high {
                bits.clear_for(low, high);
            }
            for id in ids {
                unique &= bits.insert(Sym(id));
            }
        };
        let bounds = |(l, h): (u32, u32), s: u32| (l.min(s), h.max(s));
        match column.values.syms() {
            // The usual case, read straight from the cells.
            Some(syms) => {
                let ids = || syms.iter().copied().filter(|s| *s != u32::MAX);
                mark(&mut ids(), ids().fold((u32::MAX, 0), bounds));
            }
            None => {
                let ids = || column.values.iter().filter_map(|v| v.sym()).map(|s| s.0);
                mark(&mut ids(), ids().fold((u32::MAX, 0), bounds));
            }
        }
        self.id_bits = bits;
        unique
    }

    /// Give the table's symbols and sets the numbers of the interner that
    /// absorbed the one it was read with; `false` if two rows then have one
    /// id (read by an interner that deferred its ids, whose duplicates only
    /// show now).
    pub(crate) fn renumber(&mut self, renumbering: &Renumbering) -> bool {
        for column in &mut self.columns {
            column
                .values
                .renumber(&renumbering.syms, &renumbering.sets, renumbering.own);
        }
        self.mark_ids()
    }

    /// Add the rows of `more`, the next chunk of the same file, which
    /// starts after `lines` line ends; `false` (and this table half
    /// changed) if one of its ids is already here.
    pub(crate) fn append(&mut self, more: TableData, lines: u64) -> bool {
        if let Some(ids) = self.id_column.and_then(|c| more.columns.get(c)) {
            for id in ids.values.iter().filter_map(|v| v.sym()) {
                if !self.id_bits.insert(id) {
                    return false;
                }
            }
        }
        for (column, other) in self.columns.iter_mut().zip(more.columns) {
            column.values.append(other.values);
        }
        self.lines.extend_after(&more.lines, lines);
        true
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    /// A table of `ids` (symbols by number, `None` for an empty cell).
    fn table(ids: &[Option<u32>]) -> TableData {
        let mut table = TableData::new("t", "t.csv", vec![("id".into(), ColumnType::Id)]);
        for (line, id) in ids.iter().enumerate() {
            let value = id.map_or(Value::Null, |s| Value::Str(Sym(s)));
            // A duplicate is refused here as in a load.
            let _ = table.push(line as u64 + 2, &[value]);
        }
        table
    }

    #[test]
    fn id_bits_span_only_the_ids_and_find_each_duplicate() {
        let mut bits = IdBits::default();
        assert!(bits.insert(Sym(1_000_010)));
        assert_eq!((bits.base, bits.words.len()), (1_000_000, 1));
        assert!(bits.insert(Sym(1_000_100)));
        // Below the lowest so far: the bits move up, none lost.
        assert!(bits.insert(Sym(999_800)));
        assert_eq!(bits.base, 999_744);
        assert_eq!(bits.words.len(), 6);
        for id in [1_000_010, 1_000_100, 999_800] {
            assert!(!bits.insert(Sym(id)), "{id}");
        }
        assert!(bits.insert(Sym(999_801)));
        // A table renumbered sizes its bits from its own ids, and a
        // duplicate among them still shows.
        let mut t = table(&[Some(5_000_000), Some(5_000_063), None, Some(5_000_064)]);
        assert!(t.mark_ids());
        assert_eq!((t.id_bits.base, t.id_bits.words.len()), (5_000_000, 2));
        assert_eq!(t.push(9, &[Value::Str(Sym(5_000_063))]), Err(3));
        assert!(t.push(9, &[Value::Str(Sym(4_000_000))]).is_ok());
        assert!(!t.append(table(&[Some(5_000_064)]), 10));
        assert!(t.append(table(&[Some(5_000_065)]), 10));
        // `has_id` answers as `row_of` does, below, inside and past the bits.
        let ids = [
            0,
            3_999_999,
            4_000_000,
            4_999_999,
            5_000_000,
            5_000_001,
            5_000_063,
            5_000_064,
            5_000_065,
            5_000_066,
            u32::MAX,
        ];
        for id in ids {
            assert_eq!(t.has_id(Sym(id)), t.row_of(Sym(id)).is_some(), "{id}");
        }
        // Rows dropped (a dangling reference under `lenient`) lose their ids.
        let keep: Vec<bool> = (0..t.len()).map(|r| r != 0).collect();
        t.retain_rows(&keep);
        assert!(!t.has_id(Sym(5_000_000)));
        assert!(t.has_id(Sym(5_000_063)));
    }

    #[test]
    fn rows_are_found_by_id_whether_ids_are_many_or_few_of_the_symbols() {
        // Dense: the ids are most of the symbols up to the largest.
        let dense = table(&[Some(3), Some(0), None, Some(2), Some(3)]);
        assert!(matches!(
            dense.ids.get_or_init(|| dense.build_ids()),
            RowIndex::Dense(..)
        ));
        // Dense too: a narrow band of symbols far from 0 (a table read
        // after others), indexed from its lowest.
        let band = table(&[Some(5_000_003), Some(5_000_000), None, Some(5_000_002)]);
        assert!(matches!(
            band.ids.get_or_init(|| band.build_ids()),
            RowIndex::Dense(5_000_000, rows) if rows.len() == 4
        ));
        // Sparse: a few ids among millions of symbols.
        let sparse = table(&[Some(3_000_000), Some(7), None, Some(12)]);
        assert!(matches!(
            sparse.ids.get_or_init(|| sparse.build_ids()),
            RowIndex::Hashed(_)
        ));
        // The band a map keyed by the ids can be an array over.
        assert_eq!(dense.id_band(), Some(0..4));
        assert_eq!(band.id_band(), Some(5_000_000..5_000_004));
        assert_eq!(sparse.id_band(), None);
        for (t, found, missing) in [
            (&dense, vec![(3, 0), (0, 1), (2, 3)], vec![1, 4, u32::MAX]),
            (
                &sparse,
                vec![(3_000_000, 0), (7, 1), (12, 3)],
                vec![0, 3, 8, u32::MAX],
            ),
            (
                &band,
                vec![(5_000_003, 0), (5_000_000, 1), (5_000_002, 3)],
                vec![0, 4_999_999, 5_000_001, 5_000_004, u32::MAX],
            ),
        ] {
            for (id, row) in found {
                assert_eq!(t.row_of(Sym(id)), Some(row), "{id}");
            }
            for id in missing {
                assert_eq!(t.row_of(Sym(id)), None, "{id}");
            }
        }
    }
}
