//! Attribute histories: a table's `TABLE_history` file, one row per period
//! in which some of a row's columns had other values than the snapshot's.
//! Read with the same row loop as the tables, checked (ids, references,
//! overlapping periods), and stored per column, compactly, for the
//! evaluator's [`TableData::at_on`]. The format is in `docs/records.md`.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::cell::ColumnPlan;
use super::error::{list_first, RecordError};
use super::load::{Loader, RowSink};
use super::mapping::TableMapping;
use super::value::Value;
use super::TableData;
use crate::policy::{Column, ColumnType, CompiledPolicy, Table};

/// What a table's history file is named after: `staff` → `staff_history`.
pub const SUFFIX: &str = "_history";

/// One period of one row's column: the value in force from `from` to `to`
/// (both inclusive; `None`: still in force).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub value: Value,
    /// The history file's line the period is on, for messages.
    pub line: u64,
}

impl Period {
    /// Whether the period is in force on `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// One column's periods, for every row of the table: the periods of row
/// `r` are `periods[starts[r]..starts[r + 1]]`, sorted by `from` and never
/// sharing a day. One index entry a row (4 bytes) and one period a change
/// keeps a lookup to two array reads and a search among a row's few periods.
#[derive(Debug, Clone, Default)]
pub struct ColumnHistory {
    starts: Vec<u32>,
    periods: Vec<Period>,
}

impl ColumnHistory {
    /// The periods of `row`, by `from`; empty for a row with none.
    pub fn of(&self, row: usize) -> &[Period] {
        let (Some(&a), Some(&b)) = (self.starts.get(row), self.starts.get(row + 1)) else {
            return &[];
        };
        self.periods.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// The period of `row` in force on `day`, if any.
    pub fn in_force(&self, row: usize, day: NaiveDate) -> Option<&Period> {
        let periods = self.of(row);
        // Sorted by `from` and disjoint: the one that can cover `day` is the
        // last that starts on or before it.
        let i = periods.partition_point(|p| p.from <= day);
        periods.get(i.checked_sub(1)?).filter(|p| p.covers(day))
    }

    /// Build from `(row, period)` pairs, any order, for a table of `rows`
    /// rows. The periods of one row must not overlap (checked before).
    pub(super) fn build(rows: usize, mut periods: Vec<(u32, Period)>) -> ColumnHistory {
        periods.sort_by_key(|(row, p)| (*row, p.from));
        let mut starts = Vec::with_capacity(rows + 1);
        let mut next = 0usize;
        for row in 0..=rows {
            while periods.get(next).is_some_and(|(r, _)| (*r as usize) < row) {
                next += 1;
            }
            starts.push(u32::try_from(next).unwrap_or(u32::MAX));
        }
        ColumnHistory {
            starts,
            periods: periods.into_iter().map(|(_, p)| p).collect(),
        }
    }
}

/// The columns that bound a row's lifetime (`start_date`/`end_date` for
/// staff, `opened`/`closed` for cases): a history cannot set them. A row
/// exists from one day to another; a lifetime that changed over time would
/// say it both did and did not exist on a day.
pub(crate) fn lifetime_columns(table: &str) -> &'static [&'static str] {
    match table {
        "staff" => &["start_date", "end_date"],
        "cases" => &["opened", "closed"],
        _ => &[],
    }
}

/// The schema of `name`'s history, if `name` is `TABLE_history` for a table
/// of the policy with an `id` column (and not itself a table): `id` (a
/// reference to the table's row), `from`, `to` (optional), then every column
/// of the table that is read from the export, each optional, except those
/// of its lifetime ([`lifetime_columns`]).
pub(crate) fn history_schema(policy: &CompiledPolicy, name: &str) -> Option<Table> {
    if policy.tables.contains_key(name) {
        return None;
    }
    let base = policy.tables.get(name.strip_suffix(SUFFIX)?)?;
    base.column("id").filter(|c| c.ty == ColumnType::Id)?;
    let column = |name: &str, ty: ColumnType, optional: bool| Column {
        name: name.to_string(),
        ty,
        optional,
        derived: None,
        label: None,
    };
    let mut columns = vec![
        column("id", ColumnType::Ref(base.name.clone()), false),
        column("from", ColumnType::Date, false),
        column("to", ColumnType::Date, true),
    ];
    columns.extend(
        base.columns
            .iter()
            .filter(|c| c.derived.is_none() && !matches!(c.name.as_str(), "id" | "from" | "to"))
            .filter(|c| !lifetime_columns(&base.name).contains(&c.name.as_str()))
            .map(|c| column(&c.name, c.ty.clone(), true)),
    );
    Some(Table {
        name: name.to_string(),
        label: None,
        origin: base.origin,
        columns,
        // A history is periods of a row's values, not rows with lives.
        lifetime: None,
    })
}

/// A history's rows as they are read, before they are checked as a whole.
pub(super) struct HistoryRows {
    file: String,
    /// For each kept column of the file: the table's column it sets (`None`
    /// for `id`, `from` and `to`).
    targets: Vec<Option<usize>>,
    id: usize,
    from: usize,
    to: Option<usize>,
    /// How `to` is named in messages (the export's name, if mapped).
    to_label: String,
    /// The empty set: an empty `set of` cell sets nothing.
    empty_set: Option<Value>,
    rows: Vec<HistoryRow>,
}

struct HistoryRow {
    line: u64,
    id: Value,
    from: NaiveDate,
    to: Option<NaiveDate>,
    /// (table column, value) for each column the row sets.
    sets: Vec<(usize, Value)>,
}

impl HistoryRows {
    pub(super) fn new(
        file: &str,
        plans: &[ColumnPlan],
        data: Option<&TableData>,
        empty_set: Value,
    ) -> HistoryRows {
        let position = |name: &str| plans.iter().position(|p| p.column.name == name);
        HistoryRows {
            file: file.to_string(),
            targets: plans
                .iter()
                .map(|p| match p.column.name.as_str() {
                    "id" | "from" | "to" => None,
                    name => data.and_then(|d| d.column_index(name)),
                })
                .collect(),
            id: position("id").unwrap_or(usize::MAX),
            from: position("from").unwrap_or(usize::MAX),
            to: position("to"),
            to_label: plans
                .iter()
                .find(|p| p.column.name == "to")
                .map_or_else(|| "to".to_string(), |p| p.label.clone()),
            empty_set: Some(empty_set),
            rows: Vec::new(),
        }
    }
}

impl RowSink for HistoryRows {
    fn reserve(&mut self, rows: usize) {
        self.rows.reserve(rows);
    }

    fn take(
        &mut self,
        loader: &mut Loader,
        line: u64,
        values: &[Value],
        row_errors: &mut Vec<RecordError>,
        bad_rows: &mut usize,
    ) {
        let from = values.get(self.from).copied();
        let to = self.to.and_then(|i| values.get(i)).copied();
        if row_errors.is_empty() {
            if let (Some(Value::Date(from)), Some(Value::Date(to))) = (from, to) {
                if to < from {
                    row_errors.push(RecordError::BadValue {
                        file: self.file.clone(),
                        line,
                        column: self.to_label.clone(),
                        value: to.to_string(),
                        expected: format!("a date on or after `from` ({from})"),
                        help: "`to` is the last day the period is in force, so it cannot be before `from`; leave it empty if the period has not ended".into(),
                    });
                }
            }
        }
        let (Some(Value::Date(from)), true) = (from, row_errors.is_empty()) else {
            loader.row_failed(std::mem::take(row_errors), bad_rows);
            return;
        };
        let sets = self
            .targets
            .iter()
            .zip(values)
            .filter_map(|(target, value)| Some(((*target)?, *value)))
            // An empty cell (or JSON `null`, or no key) does not set the
            // column in this period: the snapshot's value, or another
            // period's, applies.
            .filter(|(_, value)| !value.is_null() && Some(*value) != self.empty_set)
            .collect();
        self.rows.push(HistoryRow {
            line,
            id: values.get(self.id).copied().unwrap_or(Value::Null),
            from,
            to: match to {
                Some(Value::Date(to)) => Some(to),
                _ => None,
            },
            sets,
        });
    }
}

impl Loader<'_> {
    /// Read `table`'s history from `path` (the table is loaded, its rows
    /// final), check it and attach it to the table.
    pub(super) fn load_history(
        &mut self,
        table: &str,
        path: &super::load::Found,
        mapping: &TableMapping,
    ) {
        let Some(schema) = history_schema(self.policy, &format!("{table}{SUFFIX}")) else {
            return;
        };
        let Some(data) = self.records.tables.get(table) else {
            return;
        };
        // Only the table's loaded columns (those the rules read) can be
        // looked up on a day; the history's other columns are noted unread.
        let mut needed: BTreeSet<String> = ["id", "from", "to"].map(String::from).into();
        needed.extend(data.columns.iter().map(|c| c.name.clone()));
        let empty_set = Value::Set(self.records.interner.intern_set(Vec::new()));
        // Ids and references are looked up only when every table loaded: a
        // row that failed would make its history dangle for no reason.
        let lookups = self.errors.is_empty();
        let (errors_from, skipped_from) = (self.errors.len(), self.skipped.len());
        let read = self.read_file(
            &schema,
            path,
            &needed,
            mapping,
            true,
            |loader, plans, file| {
                HistoryRows::new(file, plans, loader.records.tables.get(table), empty_set)
            },
        );
        let Some(rows) = read else { return };
        self.attach_history(table, rows, lookups);
        // The file's errors in line order, those of single rows and those
        // found checking them together alike (a stable sort keeps the
        // order of one line's errors and puts those of no line last).
        let by_line = |e: &RecordError| e.line().unwrap_or(u64::MAX);
        if let Some(errors) = self.errors.get_mut(errors_from..) {
            errors.sort_by_key(by_line);
        }
        if let Some(skipped) = self.skipped.get_mut(skipped_from..) {
            skipped.sort_by_key(by_line);
        }
    }

    /// Check the rows of a history as a whole (each id is a row of the table,
    /// each reference names a row, a row's periods that set the same column
    /// share no day), then store the good ones by column.
    fn attach_history(&mut self, table: &str, history: HistoryRows, lookups: bool) {
        let Some(data) = self.records.tables.get(table) else {
            return;
        };
        let file = history.file.clone();
        let mut found: Vec<RecordError> = Vec::new();
        let mut bad = vec![false; history.rows.len()];
        let mut rows_of = vec![u32::MAX; history.rows.len()];
        for (i, row) in history.rows.iter().enumerate() {
            let Value::Str(id) = row.id else { continue };
            match data.row_of(id) {
                Some(r) => {
                    if let Some(slot) = rows_of.get_mut(i) {
                        *slot = u32::try_from(r).unwrap_or(u32::MAX);
                    }
                }
                None if lookups => {
                    mark(&mut bad, i);
                    found.push(RecordError::DanglingRef {
                        file: file.clone(),
                        line: row.line,
                        column: "id".into(),
                        table: table.to_string(),
                        id: self.records.interner.resolve(id).to_string(),
                    });
                }
                None => mark(&mut bad, i),
            }
            for (column, value) in &row.sets {
                let Some(ColumnType::Ref(target)) = data.columns.get(*column).map(|c| &c.ty) else {
                    continue;
                };
                let (Value::Str(to), Some(target_table)) = (value, self.records.tables.get(target))
                else {
                    continue;
                };
                if lookups && target_table.row_of(*to).is_none() {
                    mark(&mut bad, i);
                    found.push(RecordError::DanglingRef {
                        file: file.clone(),
                        line: row.line,
                        column: data
                            .columns
                            .get(*column)
                            .map(|c| c.name.clone())
                            .unwrap_or_default(),
                        table: target.clone(),
                        id: self.records.interner.resolve(*to).to_string(),
                    });
                }
            }
        }
        // Periods of one row that set the same column must share no day:
        // per column, sorted by (row, from), each is checked against the
        // last good one before it, which reaches furthest.
        let mut columns: Vec<Vec<(u32, Period)>> = vec![Vec::new(); data.columns.len()];
        for (i, row) in history.rows.iter().enumerate() {
            for (column, value) in &row.sets {
                if let Some(periods) = columns.get_mut(*column) {
                    let period = Period {
                        from: row.from,
                        to: row.to,
                        value: *value,
                        line: row.line,
                    };
                    periods.push((u32::try_from(i).unwrap_or(u32::MAX), period));
                }
            }
        }
        for (column, periods) in columns.iter_mut().enumerate() {
            periods.sort_by_key(|(i, p)| {
                (
                    rows_of.get(*i as usize).copied().unwrap_or(u32::MAX),
                    p.from,
                    p.line,
                )
            });
            let mut last: Option<(u32, Period)> = None;
            for (i, period) in periods.iter() {
                let (i, row) = (
                    *i as usize,
                    rows_of.get(*i as usize).copied().unwrap_or(u32::MAX),
                );
                if bad.get(i).copied().unwrap_or(true) || row == u32::MAX {
                    continue;
                }
                if let Some((_, last)) = last.filter(|(r, _)| *r == row) {
                    if last.to.is_none_or(|to| period.from <= to) {
                        mark(&mut bad, i);
                        let id = history.rows.get(i).and_then(|r| r.id.sym());
                        found.push(RecordError::OverlappingHistory {
                            file: file.clone(),
                            line: period.line,
                            id: id
                                .map(|s| self.records.interner.resolve(s).to_string())
                                .unwrap_or_default(),
                            column: data
                                .columns
                                .get(column)
                                .map(|c| c.name.clone())
                                .unwrap_or_default(),
                            from: period.from.to_string(),
                            other_line: last.line,
                        });
                        continue;
                    }
                }
                last = Some((row, *period));
            }
        }
        found.sort_by_key(RecordError::line);
        let bad_count = bad.iter().filter(|b| **b).count();
        if self.options.lenient {
            self.skipped_rows += bad_count;
            self.skipped.extend(found);
        } else {
            list_first(&mut self.errors, &file, found);
        }
        let rows = data.len();
        let histories: Vec<Option<Box<ColumnHistory>>> = columns
            .into_iter()
            .map(|periods| {
                let good: Vec<(u32, Period)> = periods
                    .into_iter()
                    .filter(|(i, _)| !bad.get(*i as usize).copied().unwrap_or(true))
                    .filter_map(|(i, p)| {
                        let row = rows_of
                            .get(i as usize)
                            .copied()
                            .filter(|r| *r != u32::MAX)?;
                        Some((row, p))
                    })
                    .collect();
                (!good.is_empty()).then(|| Box::new(ColumnHistory::build(rows, good)))
            })
            .collect();
        if let Some(data) = self.records.tables.get_mut(table) {
            data.set_history(file, histories);
        }
    }
}

/// Marks row `i` as bad; `i` always comes from enumerating the same rows.
fn mark(bad: &mut [bool], i: usize) {
    if let Some(b) = bad.get_mut(i) {
        *b = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Sym;

    fn day(text: &str) -> NaiveDate {
        crate::records::parse_date(text).unwrap_or_default()
    }

    fn period(from: &str, to: Option<&str>, value: u32) -> Period {
        Period {
            from: day(from),
            to: to.map(day),
            value: Value::Str(Sym(value)),
            line: 2,
        }
    }

    /// A table of three rows: row 0 has two periods with a gap between
    /// them, the second open-ended; row 1 has none; row 2 has one.
    fn table() -> TableData {
        let mut data = TableData::new(
            "staff",
            "staff.csv",
            vec![
                ("id".into(), ColumnType::Id),
                ("role".into(), ColumnType::Text),
            ],
        );
        for (line, id) in [(2, 10), (3, 11), (4, 12)] {
            let _ = data.push(line, &[Value::Str(Sym(id)), Value::Str(Sym(100))]);
        }
        let history = ColumnHistory::build(
            3,
            vec![
                (2, period("2026-01-01", Some("2026-01-31"), 7)),
                (0, period("2026-03-01", None, 6)),
                (0, period("2026-01-10", Some("2026-01-20"), 5)),
            ],
        );
        data.set_history(
            "staff_history.csv".into(),
            vec![None, Some(Box::new(history))],
        );
        data
    }

    #[test]
    fn at_on_is_the_period_in_force_else_the_snapshot() {
        let data = table();
        let role = |row: usize, d: &str| data.at_on(row, 1, day(d));
        let (snapshot, first, second) =
            (Value::Str(Sym(100)), Value::Str(Sym(5)), Value::Str(Sym(6)));
        assert_eq!(role(0, "2026-01-09"), snapshot, "the day before `from`");
        assert_eq!(role(0, "2026-01-10"), first, "the `from` day is in force");
        assert_eq!(role(0, "2026-01-20"), first, "the `to` day is in force");
        assert_eq!(role(0, "2026-01-21"), snapshot, "`to + 1` is not: a gap");
        assert_eq!(role(0, "2026-02-28"), snapshot, "the gap's last day");
        assert_eq!(role(0, "2026-03-01"), second);
        assert_eq!(role(0, "2099-12-31"), second, "an empty `to` never ends");
        assert_eq!(role(1, "2026-01-15"), snapshot, "a row with no history");
        assert_eq!(role(2, "2026-01-31"), Value::Str(Sym(7)));
        assert_eq!(role(2, "2026-02-01"), snapshot);
        assert_eq!(
            data.at_on(0, 0, day("2026-01-15")),
            Value::Str(Sym(10)),
            "no history for `id`"
        );
        assert_eq!(
            data.at_on(9, 1, day("2026-01-15")),
            Value::Null,
            "no such row"
        );
    }

    #[test]
    fn change_days_and_periods_are_per_row() {
        let data = table();
        assert!(data.has_history(1));
        assert!(!data.has_history(0));
        assert!(!data.has_history(7));
        assert_eq!(
            data.change_days(0, &[0, 1]),
            vec![day("2026-01-10"), day("2026-01-21"), day("2026-03-01")]
        );
        assert_eq!(data.change_days(1, &[1]), Vec::<NaiveDate>::new());
        assert_eq!(
            data.change_days(2, &[1]),
            vec![day("2026-01-01"), day("2026-02-01")]
        );
        let periods = data.history_periods(0, 1);
        assert_eq!(periods.len(), 2);
        assert_eq!(periods.first().map(|p| p.from), Some(day("2026-01-10")));
        assert!(data.history_periods(1, 1).is_empty());
        assert!(data.history_periods(0, 0).is_empty());
        assert_eq!(data.history_file(), Some("staff_history.csv"));
    }
}
