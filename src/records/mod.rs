//! Record exports: a directory of CSV or JSON Lines files, one per table,
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

mod error;
mod load;
mod mapping;
mod needs;
pub mod time;
mod value;

use std::collections::{BTreeMap, HashMap};

pub use error::{ErrorJson, RecordError, RecordNote};
pub use load::{load_dir, LoadOptions, Loaded};
pub use mapping::{Mapping, TableMapping};
pub use needs::Needs;
pub use time::Clock;
pub use value::{
    format_minutes, format_number, parse_date, parse_datetime, parse_duration, FxBuild, Interner,
    ParsedDatetime, SetId, Sym, Value,
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
    pub lines: Vec<u64>,
    /// Row index by id, for tables with an `id` column.
    ids: HashMap<Sym, u32, FxBuild>,
    id_column: Option<usize>,
}

/// The values of one column, a row each.
#[derive(Debug, Clone)]
pub struct ColumnData {
    pub name: String,
    pub ty: ColumnType,
    pub values: Vec<Value>,
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
                    name,
                    ty,
                    values: Vec::new(),
                })
                .collect(),
            lines: Vec::new(),
            ids: HashMap::default(),
            id_column,
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
            .copied()
            .unwrap_or(Value::Null)
    }

    /// The value at `row` of the column named `name`; `Null` if it was not loaded.
    pub fn get(&self, row: usize, name: &str) -> Value {
        self.column_index(name)
            .map_or(Value::Null, |c| self.at(row, c))
    }

    pub fn id(&self, row: usize) -> Option<Sym> {
        self.id_column.and_then(|c| self.at(row, c).sym())
    }

    pub fn row_of(&self, id: Sym) -> Option<usize> {
        self.ids.get(&id).map(|r| *r as usize)
    }

    /// Add a row; `Err` with the earlier row's line if its id is taken.
    pub(crate) fn push(&mut self, line: u64, values: &[Value]) -> Result<(), u64> {
        if let Some(c) = self.id_column {
            if let Some(id) = values.get(c).and_then(Value::sym) {
                let row = u32::try_from(self.lines.len()).unwrap_or(u32::MAX);
                if let Some(first) = self.ids.get(&id) {
                    return Err(self.lines.get(*first as usize).copied().unwrap_or(0));
                }
                self.ids.insert(id, row);
            }
        }
        for (column, value) in self.columns.iter_mut().zip(values) {
            column.values.push(*value);
        }
        self.lines.push(line);
        Ok(())
    }

    /// Keep only the rows for which `keep` is true.
    pub(crate) fn retain_rows(&mut self, keep: &[bool]) {
        let mask = |values: &mut Vec<Value>| {
            let mut i = 0;
            values.retain(|_| {
                let k = keep.get(i).copied().unwrap_or(true);
                i += 1;
                k
            });
        };
        for column in &mut self.columns {
            mask(&mut column.values);
        }
        let mut i = 0;
        self.lines.retain(|_| {
            let k = keep.get(i).copied().unwrap_or(true);
            i += 1;
            k
        });
        self.ids.clear();
        if let Some(c) = self.id_column {
            for row in 0..self.len() {
                if let Some(id) = self.at(row, c).sym() {
                    self.ids.insert(id, u32::try_from(row).unwrap_or(u32::MAX));
                }
            }
        }
    }
}
