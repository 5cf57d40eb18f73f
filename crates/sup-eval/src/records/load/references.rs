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
/// core: a large table (4M sessions) in parts of [`PART_ROWS`] rows, so
/// that it does not keep one core busy while the other waits.
fn dangling_in_all(records: &Records, names: &[String]) -> Vec<(Vec<bool>, Vec<RecordError>)> {
    let tables: Vec<Option<&TableData>> = names.iter().map(|n| records.tables.get(n)).collect();
    // (table, rows) to look at, in order.
    let parts: Vec<(usize, std::ops::Range<usize>)> = tables
        .iter()
        .enumerate()
        .flat_map(|(k, table)| {
            let len = table.map_or(0, |t| t.len());
            (0..len.div_ceil(PART_ROWS).max(1))
                .map(move |p| (k, p * PART_ROWS..((p + 1) * PART_ROWS).min(len)))
        })
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::Mutex::new(Vec::new());
    let work = || loop {
        let p = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some((k, rows)) = parts.get(p) else { break };
        let found = tables
            .get(*k)
            .copied()
            .flatten()
            .map_or_else(Default::default, |table| {
                dangling_in(records, table, rows.clone())
            });
        if let Ok(mut done) = done.lock() {
            done.push((p, found));
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    std::thread::scope(|scope| {
        for _ in 1..threads.min(parts.len()) {
            // A thread that cannot be started leaves its parts to this one.
            let _ = std::thread::Builder::new().spawn_scoped(scope, work);
        }
        work();
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_by_key(|(p, _)| *p);
    // Each table's parts put back together, in order.
    let mut out: Vec<(Vec<bool>, Vec<RecordError>)> = tables
        .iter()
        .map(|table| (vec![true; table.map_or(0, |t| t.len())], Vec::new()))
        .collect();
    for (p, (rows, errors)) in done {
        let Some((_, (keep, found))) = parts.get(p).and_then(|(k, _)| Some((k, out.get_mut(*k)?)))
        else {
            continue;
        };
        for row in rows {
            if let Some(k) = keep.get_mut(row) {
                *k = false;
            }
        }
        found.extend(errors);
    }
    out
}

/// How many rows of a table one thread looks at in turn.
const PART_ROWS: usize = if cfg!(test) { 3 } else { 1 << 20 };

/// The rows of `table` to keep, and an error for each reference that names
/// no row of its table.
fn dangling(records: &Records, table: &TableData) -> (Vec<bool>, Vec<RecordError>) {
    let mut keep = vec![true; table.len()];
    let (rows, found) = dangling_in(records, table, 0..table.len());
    for row in rows {
        if let Some(k) = keep.get_mut(row) {
            *k = false;
        }
    }
    (keep, found)
}

/// The rows among `rows` of `table` with a reference that names no row of
/// its table, and an error for each such reference, column by column.
fn dangling_in(
    records: &Records,
    table: &TableData,
    rows: std::ops::Range<usize>,
) -> (Vec<usize>, Vec<RecordError>) {
    let mut dropped = Vec::new();
    let mut found = Vec::new();
    for column in &table.columns {
        let ColumnType::Ref(target) = &column.ty else {
            continue;
        };
        let Some(target_table) = records.tables.get(target) else {
            continue;
        };
        for row in rows.clone() {
            let Some(Value::Str(id)) = column.values.get(row) else {
                continue;
            };
            if !target_table.has_id(id) {
                dropped.push(row);
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
    (dropped, found)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    /// A table looked at in parts of [`PART_ROWS`] rows, on several
    /// threads, has the references a look at the whole finds, row for row
    /// and error for error once sorted by line (as they are listed).
    #[test]
    fn in_parts_or_whole_a_table_has_the_same_dangling_references() {
        let mut records = Records::new("Europe/London");
        let id = |name: &str| (name.to_string(), ColumnType::Id);
        let reference = |name: &str| (name.to_string(), ColumnType::Ref("staff".into()));
        let mut staff = TableData::new("staff", "staff.csv", vec![id("id")]);
        for (line, name) in ["a", "b"].into_iter().enumerate() {
            let sym = records.interner.intern(name);
            staff.push(line as u64 + 2, &[Value::Str(sym)]).unwrap();
        }
        let columns = vec![id("id"), reference("supervisee"), reference("supervisor")];
        let mut sessions = TableData::new("sessions", "sessions.csv", columns);
        for row in 0..11u32 {
            let own = format!("s{row}");
            let supervisee = if row % 4 == 1 {
                format!("x{row}")
            } else {
                "a".into()
            };
            let supervisor = if row % 3 == 0 { "y" } else { "b" };
            let values: Vec<Value> = [own.as_str(), &supervisee, supervisor]
                .iter()
                .map(|t| Value::Str(records.interner.intern(t)))
                .collect();
            sessions.push(u64::from(row) + 2, &values).unwrap();
        }
        records.tables.insert("staff".into(), staff);
        records.tables.insert("sessions".into(), sessions);
        let names: Vec<String> = vec!["sessions".into(), "missing".into(), "staff".into()];
        let sorted = |(keep, mut found): (Vec<bool>, Vec<RecordError>)| {
            found.sort_by_key(RecordError::line);
            (keep, format!("{found:?}"))
        };
        let in_parts: Vec<_> = dangling_in_all(&records, &names)
            .into_iter()
            .map(sorted)
            .collect();
        let whole: Vec<_> = names
            .iter()
            .map(|n| {
                records
                    .tables
                    .get(n)
                    .map(|t| dangling(&records, t))
                    .unwrap_or_default()
            })
            .map(sorted)
            .collect();
        assert_eq!(in_parts, whole);
        // Rows 0, 1, 3, 5, 6 and 9 name someone who is not there.
        let dropped: Vec<usize> = (0..11).filter(|r| !in_parts[0].0[*r]).collect();
        assert_eq!(dropped, [0, 1, 3, 5, 6, 9]);
        assert_eq!(in_parts[0].1.matches("DanglingRef").count(), 7);
    }
}
