//! After every table is read: each reference names a row that exists, and no row ends
//! before it starts.

use super::*;
use crate::records::error::list_first;

impl Loader<'_> {
    /// Every reference must name a row of its table; under `lenient`, rows
    /// with dangling references are skipped, until none are left.
    pub(super) fn check_references(&mut self) {
        let names: Vec<String> = self.records.tables.keys().cloned().collect();
        // Skipping a row can leave others dangling (a chain of line managers
        // is as long as the organisation is deep), so go round until a round
        // removes nothing. Each further round removes at least one row, so
        // this ends.
        loop {
            let mut removed_any = false;
            // Without `lenient` nothing changes between tables: all are
            // looked at at once, on every core (a million references to
            // sessions take a tenth of a second), and their errors listed
            // in table order.
            let found: Vec<(Vec<bool>, Vec<RecordError>)> = if self.options.lenient {
                Vec::new()
            } else {
                dangling_in_all(&self.records, &names)
            };
            let mut found = found.into_iter();
            for name in &names {
                let (keep, mut found) = match found.next() {
                    Some(done) => done,
                    None => match self.records.tables.get(name) {
                        Some(table) => dangling(&self.records, table),
                        None => continue,
                    },
                };
                if found.is_empty() {
                    continue;
                }
                let Some(table) = self.records.tables.get(name) else {
                    continue;
                };
                found.sort_by_key(|e| e.line());
                if self.options.lenient {
                    self.skipped_rows += keep.iter().filter(|k| !**k).count();
                    self.skipped.extend(found);
                    if let Some(table) = self.records.tables.get_mut(name) {
                        table.retain_rows(&keep);
                    }
                    removed_any = true;
                } else {
                    list_first(&mut self.errors, &table.file, found);
                }
            }
            if !removed_any {
                break;
            }
        }
    }
}

/// [`dangling`] for each of the tables `names`, in order, read on every
/// core.
fn dangling_in_all(records: &Records, names: &[String]) -> Vec<(Vec<bool>, Vec<RecordError>)> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::Mutex::new(Vec::new());
    let work = || loop {
        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(name) = names.get(k) else { break };
        let found = records
            .tables
            .get(name)
            .map_or_else(Default::default, |table| dangling(records, table));
        if let Ok(mut done) = done.lock() {
            done.push((k, found));
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    std::thread::scope(|scope| {
        for _ in 1..threads.min(names.len()) {
            // A thread that cannot be started leaves its tables to this one.
            let _ = std::thread::Builder::new().spawn_scoped(scope, work);
        }
        work();
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, found)| found).collect()
}

/// The rows of `table` to keep, and an error for each reference that names
/// no row of its table.
fn dangling(records: &Records, table: &TableData) -> (Vec<bool>, Vec<RecordError>) {
    let mut keep = vec![true; table.len()];
    let mut found = Vec::new();
    for column in &table.columns {
        let ColumnType::Ref(target) = &column.ty else {
            continue;
        };
        let Some(target_table) = records.tables.get(target) else {
            continue;
        };
        for (row, value) in column.values.iter().enumerate() {
            let Value::Str(id) = value else { continue };
            if !target_table.has_id(id) {
                if let Some(k) = keep.get_mut(row) {
                    *k = false;
                }
                found.push(RecordError::DanglingRef {
                    file: table.file.clone(),
                    line: table.lines.get(row).unwrap_or(0),
                    column: column.name.clone(),
                    table: target.clone(),
                    id: records.interner.resolve(id).to_string(),
                });
            }
        }
    }
    (keep, found)
}

/// A staff member who leaves before they start, a case closed before it
/// opened or an absence that ends before it starts would cover no day: the
/// evaluator would pass over them without a word, so the row is an error.
pub(super) fn ends_before_it_starts(
    data: &TableData,
    line: u64,
    values: &[Value],
) -> Option<RecordError> {
    let (start, end) = match data.name.as_str() {
        "staff" => ("start_date", "end_date"),
        "cases" => ("opened", "closed"),
        "absences" => ("start", "end"),
        _ => return None,
    };
    let first = values.get(data.column_index(start)?)?;
    let last = values.get(data.column_index(end)?)?;
    let (Value::Date(first), Value::Date(last)) = (first, last) else {
        return None;
    };
    (last < first).then(|| RecordError::BadValue {
        file: data.file.clone(),
        line,
        column: end.to_string(),
        value: last.to_string(),
        expected: format!("a date on or after `{start}` ({first})"),
        help: format!(
            "`{end}` is the last day, so it cannot be before `{start}`; check the two dates"
        ),
    })
}
