//! The occurrences of each activity per subject, built once per activity
//! and shared by every rule that counts it: the rows by subject, each
//! row's next occurrence, and each occurrence's supervisor.

use chrono::NaiveDate;

use super::context::{ActivityIndex, Ctx, Occurrence, Supervisors, NO_OCCURRENCE, NO_ROW};
use super::row_test::{Quick, RowTest};
use super::schema;
use super::uncounted::Uncounted;
use crate::diagnostic::Code;
use crate::records::{Cells, Sym, TableData, Value};

/// Tables with fewer rows than this are read on one thread: starting
/// another costs more than it saves. The crate's tests read their small
/// exports in chunks of a row or two, so that comparing one thread with
/// several (`tests/parallel.rs`) covers the chunks being put together.
const PARALLEL_ROWS: usize = if cfg!(test) { 2 } else { 50_000 };

/// One chunk of an activity's table, read ([`Ctx::scan_activities`]).
struct Scanned {
    index: ActivityIndex,
    future: usize,
}

impl<'a> Ctx<'a> {
    /// The rows of an activity by subject, sorted by time. Cancelled
    /// sessions never count, and rows dated on or after the as-of date are
    /// in the future.
    pub fn activity(&self, name: &str) -> &ActivityIndex {
        // Activities read together (`Indexes::scans`) are built together,
        // except when explaining: the traced subject's left-out rows are
        // then recorded activity by activity, as they always were.
        if self.traced_subject().is_none() {
            if let Some((names, cell)) = self
                .indexes
                .scan_of
                .get(name)
                .and_then(|&i| self.indexes.scans.get(i))
            {
                let built = cell.get_or_init(|| self.build_activities(names));
                if let Some(index) = names
                    .iter()
                    .position(|n| *n == name)
                    .and_then(|i| built.get(i))
                {
                    return index;
                }
            }
        }
        match self.indexes.activities.get(name) {
            Some(cell) => {
                cell.get_or_init(|| self.build_activities(&[name]).pop().unwrap_or_default())
            }
            None => &self.indexes.no_activity,
        }
    }

    /// The indexes of `names`, activities over one table with one subject
    /// column and one date column, read in one pass over the rows.
    pub(super) fn build_activities(&self, names: &[&str]) -> Vec<ActivityIndex> {
        let activities: Vec<&'a crate::policy::Activity> = names
            .iter()
            .filter_map(|n| self.policy.activities.get(*n))
            .collect();
        let Some(table) = activities.first().and_then(|a| self.table(&a.table)) else {
            return names.iter().map(|_| ActivityIndex::default()).collect();
        };
        let len = table.len();
        // The rows are read in chunks on the judging threads when the table
        // is large (the sessions' one-to-ones at 1M rows take a few tenths
        // of a second, and most session rules wait for them). `sup explain`
        // (a traced subject) reads on one thread: its left-out rows are
        // recorded in this thread's context.
        let threads = if self.traced_subject().is_some() || len < PARALLEL_ROWS {
            1
        } else {
            self.threads.clamp(1, len.div_ceil(PARALLEL_ROWS / 2))
        };
        let mut parts: Vec<Vec<Scanned>> = if threads == 1 {
            vec![self.scan_activities(&activities, table, 0..len)]
        } else {
            let chunk = len.div_ceil(threads);
            let ranges: Vec<std::ops::Range<usize>> = (0..threads)
                .map(|i| (i * chunk).min(len)..((i + 1) * chunk).min(len))
                .collect();
            let activities = &activities;
            std::thread::scope(|scope| {
                let helpers: Vec<_> = ranges
                    .iter()
                    .skip(1)
                    .map(|range| {
                        let worker = self.worker();
                        let chunk = range.clone();
                        let spawned = std::thread::Builder::new()
                            .name("sup-index".to_string())
                            .spawn_scoped(scope, move || {
                                worker.scan_activities(activities, table, chunk)
                            });
                        (range.clone(), spawned)
                    })
                    .collect();
                let mut parts = Vec::with_capacity(threads);
                parts.push(self.scan_activities(
                    activities,
                    table,
                    ranges.first().cloned().unwrap_or(0..0),
                ));
                for (range, spawned) in helpers {
                    // A chunk whose thread could not be started, or whose
                    // thread panicked (a bug), is read here instead.
                    let part = spawned
                        .ok()
                        .and_then(|h| h.join().ok())
                        .unwrap_or_else(|| self.scan_activities(activities, table, range));
                    parts.push(part);
                }
                parts
            })
        };
        // Chunks are put together in table order: `rows` stays in table
        // order, and each subject's list is sorted by a key that includes
        // the row, so the index is the same however it was read.
        let mut out = Vec::with_capacity(activities.len());
        for (k, activity) in activities.iter().enumerate() {
            let mut index = ActivityIndex::default();
            let mut future = 0;
            for part in &mut parts {
                let Some(scanned) = part.get_mut(k) else {
                    continue;
                };
                let chunk = std::mem::take(&mut scanned.index);
                future += scanned.future;
                if index.rows.is_empty() && index.by_subject.is_empty() {
                    index = chunk;
                    continue;
                }
                index.rows.extend(chunk.rows);
                for (subject, list) in chunk.by_subject {
                    index.by_subject.entry(subject).or_default().extend(list);
                }
            }
            if parts.len() > 1 {
                // Sorted runs, one per chunk, each in table order: a stable
                // sort merges them in one pass, and (date, instant, row)
                // orders every occurrence, so the lists are those of one
                // chunk read whole.
                for list in index.by_subject.values_mut() {
                    list.sort_by_key(|o| (o.date, o.at, o.row));
                }
            }
            self.note_outside_lifetimes(activity, &index);
            if future > 0 {
                // Every activity over the table finds the same future rows:
                // the note says how many there are, not how many activities
                // saw them.
                self.note_rows(
                    Code::EvalFutureRows,
                    format!(
                        "`{}` rows dated on or after the as-of date are in the future and not counted",
                        activity.table
                    ),
                    future,
                    None,
                );
            }
            out.push(index);
        }
        out
    }

    /// The rows of `rows` (a range of the activities' table) that count
    /// towards each of `activities` (over one table, with one subject column
    /// and one date column), by subject, each subject's sorted by time, and
    /// how many of them are in the future: one [`Scanned`] per activity, in
    /// order.
    fn scan_activities(
        &self,
        activities: &[&'a crate::policy::Activity],
        table: &TableData,
        rows: std::ops::Range<usize>,
    ) -> Vec<Scanned> {
        let mut out: Vec<Scanned> = activities
            .iter()
            .map(|_| Scanned {
                index: ActivityIndex::default(),
                future: 0,
            })
            .collect();
        let Some(first) = activities.first() else {
            return out;
        };
        // The subject, date and status are read straight from their
        // columns' cells: what `TableData::at` gives, without a call per
        // value.
        let cells = |c: usize| table.columns.get(c).map(|c| &c.values);
        let (Some(subject_cells), Some(date_cells)) = (
            table.column_index(&first.subject_column).and_then(cells),
            table.column_index(&first.date_column).and_then(cells),
        ) else {
            return out;
        };
        let subject_col = table.column_index(&first.subject_column);
        let status_cells = (first.table == schema::SESSIONS)
            .then(|| table.column_index(schema::sessions::STATUS))
            .flatten()
            .and_then(cells);
        let cancelled = self.plan.sym.cancelled;
        // Each activity's filter, in its quick form where it has one.
        let filters: Vec<Option<(RowTest, Option<Quick>)>> = activities
            .iter()
            .map(|a| {
                a.filter.as_ref().map(|c| {
                    let test = RowTest::new(self, table, c);
                    let quick = Quick::new(&test, table);
                    (test, quick)
                })
            })
            .collect();
        let mut future = 0usize;
        // `sup explain` promises the rows that did not count too, and why.
        // Only the traced subject's rows are looked at twice, so evaluation
        // (no subject traced) does no more than before.
        let traced = self
            .traced_subject()
            .and_then(|s| self.records.interner.get(s));
        // Only recorded here: whether the row counts under another of the
        // rule's activities is for the rule to say (`uncounted.rs`).
        let skip = |row: usize, date: Option<NaiveDate>, why: &str| {
            let Some(subject_col) = subject_col else {
                return;
            };
            if traced.is_some() && table.at(row, subject_col).sym() == traced {
                for activity in activities {
                    self.uncounted.borrow_mut().push(Uncounted {
                        activity: &activity.name,
                        table: &activity.table,
                        row,
                        id: self.row_id(table, row),
                        date,
                        why: why.to_string(),
                    });
                }
            }
        };
        let value = |cells: &Cells, row: usize| cells.get(row).unwrap_or(Value::Null);
        let day = |value: Value| match value {
            Value::Date(d) => Some(d),
            Value::Instant(i) => Some(self.local_date(i)),
            _ => None,
        };
        for row in rows {
            if let (Some(status), Some(cancelled)) = (status_cells, cancelled) {
                if value(status, row) == Value::Str(cancelled) {
                    skip(row, day(value(date_cells, row)), "cancelled");
                    continue;
                }
            }
            let Value::Str(subject) = value(subject_cells, row) else {
                continue;
            };
            let (date, at) = match value(date_cells, row) {
                Value::Date(d) => (d, None),
                Value::Instant(i) => (self.local_date(i), Some(i)),
                _ => {
                    skip(row, None, &format!("`{}` is empty", first.date_column));
                    continue;
                }
            };
            if date >= self.period.as_of {
                future += 1;
                skip(row, Some(date), "dated on or after the as-of date");
                continue;
            }
            let row32 = u32::try_from(row).unwrap_or(u32::MAX);
            for ((activity, filter), scanned) in activities.iter().zip(&filters).zip(&mut out) {
                let holds = match filter {
                    None => true,
                    Some((_, Some(quick))) => quick.holds(row),
                    Some((test, None)) => test.holds(self, table, row, date),
                };
                if !holds {
                    if traced == Some(subject) {
                        self.trace_filtered(activity, table, row, date);
                    }
                    continue;
                }
                scanned.index.rows.push(row32);
                scanned
                    .index
                    .by_subject
                    .entry(subject)
                    .or_default()
                    .push(Occurrence {
                        date,
                        at,
                        row: row32,
                    });
            }
        }
        // Each subject's list sorted here, on the chunk's own thread: the
        // chunks' sorted lists are then put together by a merge of runs.
        for scanned in &mut out {
            scanned.future = future;
            for list in scanned.index.by_subject.values_mut() {
                list.sort_by_key(|o| (o.date, o.at, o.row));
            }
        }
        out
    }

    /// Records, for `sup explain`, that the traced subject's `row` was left
    /// out of `activity` by its filter, saying what the row is so the
    /// reader sees why (a group session is not a one-to-one; a planned one
    /// not held).
    fn trace_filtered(
        &self,
        activity: &'a crate::policy::Activity,
        table: &TableData,
        row: usize,
        date: NaiveDate,
    ) {
        let shown: Vec<String> = [schema::sessions::KIND, schema::sessions::STATUS]
            .into_iter()
            .filter_map(|c| {
                let v = table.at(row, table.column_index(c)?).sym()?;
                Some(format!("{c} `{}`", self.text(v)))
            })
            .collect();
        let why = if shown.is_empty() {
            "its filter does not hold".to_string()
        } else {
            format!("its filter does not hold ({})", shown.join(", "))
        };
        self.uncounted.borrow_mut().push(Uncounted {
            activity: &activity.name,
            table: &activity.table,
            row,
            id: self.row_id(table, row),
            date: Some(date),
            why,
        });
    }

    /// Rows dated before their subject started (or a case opened) or after
    /// they left (or it closed) count towards no frequency rule, since none applies
    /// to the subject on those days. That is usually an export mistake, so
    /// say how many there are rather than pass over them in silence. Each
    /// subject's list is sorted, so only its ends need looking at.
    fn note_outside_lifetimes(&self, activity: &crate::policy::Activity, index: &ActivityIndex) {
        let Some(subjects) = self.table(&activity.subject_table) else {
            return;
        };
        let mut outside = 0usize;
        let mut example = None;
        for (&subject, list) in &index.by_subject {
            let Some(row) = subjects.row_of(subject) else {
                continue;
            };
            let (start, end) = self.lifetime(subjects, row);
            let before = list.partition_point(|o| o.date < start);
            let after = list.len() - list.partition_point(|o| o.date <= end);
            if before + after > 0 {
                outside += before + after;
                // The earliest of them, whichever subject it belongs to (the
                // subjects are not visited in date order).
                let first = if before > 0 {
                    list.first()
                } else {
                    list.get(list.len() - after)
                };
                if let Some(o) = first {
                    let key = (o.date, o.at, o.row);
                    if example.is_none_or(|e| key < e) {
                        example = Some(key);
                    }
                }
            }
        }
        if outside == 0 {
            return;
        }
        let when = match activity.subject_table.as_str() {
            schema::CASES => "before the case opened or after it closed",
            _ => "before the person started or after they left",
        };
        let row = example.and_then(|(_, _, r)| {
            self.table(&activity.table)
                .map(|t| self.row_id(t, r as usize))
        });
        self.note_rows(
            Code::EvalOutsideLifetime,
            format!(
                "`{}` rows ({}) dated {when} count towards no frequency rule",
                activity.table, activity.name
            ),
            outside,
            row,
        );
    }

    /// For each row of an activity's table that the activity counts, the
    /// subject's first occurrence of the same activity strictly later than it
    /// ([`NO_OCCURRENCE`] for rows with none yet, or not counted). Built once
    /// from the sorted per-subject lists and shared by every `before the
    /// next` deadline over the activity: one pass, where searching each
    /// row's subject list would jump around memory a million times.
    pub fn next_occurrences(&self, name: &str) -> &[Occurrence] {
        match self.indexes.next.get(name) {
            Some(cell) => cell.get_or_init(|| self.build_next(name)),
            None => &[],
        }
    }

    fn build_next(&self, name: &str) -> Vec<Occurrence> {
        let index = self.activity(name);
        let len = self
            .policy
            .activities
            .get(name)
            .and_then(|a| self.table(&a.table))
            .map_or(0, TableData::len);
        let mut next = vec![NO_OCCURRENCE; len];
        // The moment an occurrence is at: its instant, or its day.
        let moment = |o: &Occurrence| o.at.map_or((o.date, i64::MIN), |a| (o.date, a));
        for list in index.by_subject.values() {
            let mut j = 0;
            for (i, o) in list.iter().enumerate() {
                j = j.max(i + 1);
                while list.get(j).is_some_and(|n| moment(n) <= moment(o)) {
                    j += 1;
                }
                if let (Some(slot), Some(n)) = (next.get_mut(o.row as usize), list.get(j)) {
                    *slot = *n;
                }
            }
        }
        next
    }

    /// The supervisor of each occurrence of a session activity, as a row of
    /// `staff` ([`NO_ROW`] when empty or unknown), in the same order as the
    /// activity's per-subject lists. Every eligibility rule over the
    /// activity reads these in order instead of looking each session up.
    pub fn supervisors(&self, name: &str) -> &Supervisors {
        match self.indexes.supervisors.get(name) {
            Some(cell) => cell.get_or_init(|| self.build_supervisors(name)),
            None => &self.indexes.no_supervisors,
        }
    }

    fn build_supervisors(&self, name: &str) -> Supervisors {
        let index = self.activity(name);
        let mut out = Supervisors::default();
        let column = self.plan.sessions.supervisor;
        let staff = self.plan.staff.table;
        // Without a history the column is read straight from its cells.
        let cells = column
            .filter(|c| !c.table.has_history(c.column))
            .and_then(|c| c.table.columns.get(c.column))
            .map(|c| &c.values);
        for (subject, list) in &index.by_subject {
            // A supervisee's sessions are mostly with one supervisor: the
            // last one found is asked first.
            let mut last: Option<(Sym, u32)> = None;
            let rows: Vec<u32> = list
                .iter()
                .map(|o| {
                    let supervisor = match (cells, column) {
                        (Some(cells), _) => cells.get(o.row as usize).unwrap_or(Value::Null),
                        (None, Some(c)) => self.value_on(c.table, o.row as usize, c.column, o.date),
                        (None, None) => Value::Null,
                    };
                    match (supervisor, staff) {
                        (Value::Str(s), Some(staff)) => match last {
                            Some((seen, row)) if seen == s => row,
                            _ => {
                                let row = staff
                                    .row_of(s)
                                    .and_then(|r| u32::try_from(r).ok())
                                    .unwrap_or(NO_ROW);
                                last = Some((s, row));
                                row
                            }
                        },
                        _ => NO_ROW,
                    }
                })
                .collect();
            out.by_subject.insert(*subject, rows);
        }
        out
    }

    /// The occurrences of any of `activities` for a subject, merged and
    /// sorted (a row counted by two of them counts once).
    pub fn occurrences(&self, activities: &[String], subject: Sym) -> Vec<(Occurrence, &'a str)> {
        let mut out: Vec<(Occurrence, &'a str)> = Vec::new();
        // Appends one activity's occurrences for the subject, each with the
        // activity's table.
        let add_activity = |name: &String, out: &mut Vec<(Occurrence, &'a str)>| {
            let index = self.activity(name);
            let table = self
                .policy
                .activities
                .get(name)
                .map_or("", |a| a.table.as_str());
            if let Some(list) = index.by_subject.get(&subject) {
                out.extend(list.iter().map(|o| (*o, table)));
            }
        };
        // One activity's list is already in order, each row once.
        if let [name] = activities {
            add_activity(name, &mut out);
            return out;
        }
        for name in activities {
            add_activity(name, &mut out);
        }
        out.sort_by_key(|(o, t)| (o.date, o.at, *t, o.row));
        out.dedup_by_key(|(o, t)| (*t, o.row));
        out
    }
}
