//! The occurrences of each activity per subject, built once per activity
//! and shared by every rule that counts it: the rows by subject, each
//! row's next occurrence, and each occurrence's supervisor.

use chrono::NaiveDate;

use super::context::{ActivityIndex, Ctx, Occurrence, Supervisors, NO_OCCURRENCE, NO_ROW};
use super::row_test::RowTest;
use super::schema;
use super::uncounted::Uncounted;
use crate::diagnostic::Code;
use crate::records::{Sym, TableData, Value};

/// Tables with fewer rows than this are read on one thread: starting
/// another costs more than it saves. The crate's tests read their small
/// exports in chunks of a row or two, so that comparing one thread with
/// several (`tests/parallel.rs`) covers the chunks being put together.
const PARALLEL_ROWS: usize = if cfg!(test) { 2 } else { 50_000 };

/// One chunk of an activity's table, read ([`Ctx::scan_activity`]).
struct Scanned {
    index: ActivityIndex,
    future: usize,
}

impl<'a> Ctx<'a> {
    /// The rows of an activity by subject, sorted by time. Cancelled
    /// sessions never count, and rows dated on or after the as-of date are
    /// in the future.
    pub fn activity(&self, name: &str) -> &ActivityIndex {
        match self.indexes.activities.get(name) {
            Some(cell) => cell.get_or_init(|| self.build_activity(name)),
            None => &self.indexes.no_activity,
        }
    }

    fn build_activity(&self, name: &str) -> ActivityIndex {
        let mut index = ActivityIndex::default();
        let Some(activity) = self.policy.activities.get(name) else {
            return index;
        };
        let Some(table) = self.table(&activity.table) else {
            return index;
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
        let mut parts: Vec<Scanned> = if threads == 1 {
            vec![self.scan_activity(activity, table, 0..len)]
        } else {
            let chunk = len.div_ceil(threads);
            let ranges: Vec<std::ops::Range<usize>> = (0..threads)
                .map(|i| (i * chunk).min(len)..((i + 1) * chunk).min(len))
                .collect();
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
                                worker.scan_activity(activity, table, chunk)
                            });
                        (range.clone(), spawned)
                    })
                    .collect();
                let mut parts = Vec::with_capacity(threads);
                parts.push(self.scan_activity(
                    activity,
                    table,
                    ranges.first().cloned().unwrap_or(0..0),
                ));
                for (range, spawned) in helpers {
                    // A chunk whose thread could not be started, or whose
                    // thread panicked (a bug), is read here instead.
                    let part = spawned
                        .ok()
                        .and_then(|h| h.join().ok())
                        .unwrap_or_else(|| self.scan_activity(activity, table, range));
                    parts.push(part);
                }
                parts
            })
        };
        // Chunks are put together in table order: `rows` stays in table
        // order, and each subject's list is sorted below by a key that
        // includes the row, so the index is the same however it was read.
        let mut future = 0;
        let mut chunks = parts.drain(..);
        if let Some(first) = chunks.next() {
            future = first.future;
            index = first.index;
        }
        for part in chunks {
            future += part.future;
            index.rows.extend(part.index.rows);
            for (subject, list) in part.index.by_subject {
                index.by_subject.entry(subject).or_default().extend(list);
            }
        }
        for list in index.by_subject.values_mut() {
            list.sort_by_key(|o| (o.date, o.at, o.row));
        }
        self.note_outside_lifetimes(activity, &index);
        if future > 0 {
            // Every activity over the table finds the same future rows: the
            // note says how many there are, not how many activities saw them.
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
        index
    }

    /// The rows of `rows` (a range of the activity's table) that count
    /// towards the activity, by subject and unsorted, and how many of them
    /// are in the future.
    fn scan_activity(
        &self,
        activity: &'a crate::policy::Activity,
        table: &TableData,
        rows: std::ops::Range<usize>,
    ) -> Scanned {
        let mut index = ActivityIndex::default();
        let (Some(subject_col), Some(date_col)) = (
            table.column_index(&activity.subject_column),
            table.column_index(&activity.date_column),
        ) else {
            return Scanned { index, future: 0 };
        };
        let status_col = (activity.table == schema::SESSIONS)
            .then(|| table.column_index(schema::sessions::STATUS))
            .flatten();
        let cancelled = self.plan.sym.cancelled;
        let filter = activity
            .filter
            .as_ref()
            .map(|c| RowTest::new(self, table, c));
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
            if traced.is_some() && table.at(row, subject_col).sym() == traced {
                self.uncounted.borrow_mut().push(Uncounted {
                    activity: &activity.name,
                    table: &activity.table,
                    row,
                    id: self.row_id(table, row),
                    date,
                    why: why.to_string(),
                });
            }
        };
        let day = |value: Value| match value {
            Value::Date(d) => Some(d),
            Value::Instant(i) => Some(self.local_date(i)),
            _ => None,
        };
        for row in rows {
            if let (Some(c), Some(cancelled)) = (status_col, cancelled) {
                if table.at(row, c) == Value::Str(cancelled) {
                    skip(row, day(table.at(row, date_col)), "cancelled");
                    continue;
                }
            }
            let Value::Str(subject) = table.at(row, subject_col) else {
                continue;
            };
            let value = table.at(row, date_col);
            let (date, at) = match value {
                Value::Date(d) => (d, None),
                Value::Instant(i) => (self.local_date(i), Some(i)),
                _ => {
                    skip(row, None, &format!("`{}` is empty", activity.date_column));
                    continue;
                }
            };
            if date >= self.period.as_of {
                future += 1;
                skip(row, Some(date), "dated on or after the as-of date");
                continue;
            }
            if filter
                .as_ref()
                .is_some_and(|f| !f.holds(self, table, row, date))
            {
                if traced == Some(subject) {
                    // Say what the row is, so the reader sees why (a group
                    // session is not a one-to-one; a planned one not held).
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
                    skip(row, Some(date), &why);
                }
                continue;
            }
            let row = u32::try_from(row).unwrap_or(u32::MAX);
            index.rows.push(row);
            index
                .by_subject
                .entry(subject)
                .or_default()
                .push(Occurrence { date, at, row });
        }
        Scanned { index, future }
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
        for (subject, list) in &index.by_subject {
            let rows: Vec<u32> = list
                .iter()
                .map(|o| {
                    let supervisor = column.map_or(Value::Null, |c| {
                        self.value_on(c.table, o.row as usize, c.column, o.date)
                    });
                    match (supervisor, staff) {
                        (Value::Str(s), Some(staff)) => staff
                            .row_of(s)
                            .and_then(|r| u32::try_from(r).ok())
                            .unwrap_or(NO_ROW),
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
