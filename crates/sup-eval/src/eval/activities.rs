//! The occurrences of each activity per subject, built once per activity
//! and shared by every rule that counts it: the rows by subject, each
//! row's next occurrence, and each occurrence's supervisor.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::context::{ActivityIndex, Ctx, Occurrence, Supervisors, NO_NEXT, NO_ROW};
use super::indexes::NO_RUN;
use super::row_test::{Quick, RowTest};
use super::schema;
use super::sym_map::SymMap;
use super::uncounted::Uncounted;
use crate::diagnostic::Code;
use crate::records::{Cells, FxBuild, Sym, TableData, Value};

mod runs;

/// Tables with fewer rows than this are read on one thread: starting
/// another costs more than it saves. The crate's tests read their small
/// exports in chunks of a row or two, so that comparing one thread with
/// several (`tests/parallel.rs`) covers the chunks being put together.
const PARALLEL_ROWS: usize = if cfg!(test) { 2 } else { 50_000 };

/// One chunk of an activity's table, read ([`Ctx::scan_activities`]):
/// which rows qualify, whose they are and their day, but not their
/// occurrences, which are made from these once every chunk is read and
/// each subject's count known ([`Ctx::gather`]), straight into their place:
/// so an index takes little more than its own room while it is built.
#[derive(Default)]
struct Scanned {
    /// The chunk's first row.
    start: usize,
    /// The chunk's rows that qualify, one bit a row from `start`.
    counted: Vec<u64>,
    /// Each qualifying row's subject, as its place in `subjects`, and its
    /// local day (worked out once: it takes the clock).
    hits: Vec<(u32, NaiveDate)>,
    /// The chunk's subjects in the order first met, each with how many
    /// rows it has.
    subjects: Vec<(Sym, u32)>,
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
        // Chunks are put together in table order, and each subject's
        // occurrences sorted by a key that includes the row, so the index
        // is the same however it was read.
        let mut out = Vec::with_capacity(activities.len());
        for (k, activity) in activities.iter().enumerate() {
            let chunks: Vec<Scanned> = parts
                .iter_mut()
                .filter_map(|part| part.get_mut(k).map(std::mem::take))
                .collect();
            let future = chunks.iter().map(|c| c.future).sum::<usize>();
            let index = self.gather(
                chunks,
                table,
                &activity.date_column,
                self.table(&activity.subject_table),
            );
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
                start: rows.start,
                counted: vec![0; rows.len().div_ceil(64)],
                ..Scanned::default()
            })
            .collect();
        let start = rows.start;
        let Some(first) = activities.first() else {
            return out;
        };
        // Each activity's subjects, by their place in its `subjects`: an
        // array over the subject table's ids where they lie in a band.
        let band = self
            .table(&first.subject_table)
            .and_then(TableData::id_band);
        let mut places: Vec<SymMap<u32>> = activities
            .iter()
            .map(|_| SymMap::new(band.clone(), u32::MAX))
            .collect();
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
            let date = match value(date_cells, row) {
                Value::Date(d) => d,
                Value::Instant(i) => self.local_date(i),
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
            let (word, bit) = ((row - start) / 64, 1u64 << ((row - start) % 64));
            for (((activity, filter), scanned), places) in activities
                .iter()
                .zip(&filters)
                .zip(&mut out)
                .zip(&mut places)
            {
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
                let subjects = &mut scanned.subjects;
                // Looked up first, and only added on a miss (once a subject
                // a chunk): `entry` is not inlined, and costs several times
                // a lookup on every row.
                let place = match places.get(subject) {
                    Some(place) => place,
                    None => {
                        subjects.push((subject, 0));
                        let place = u32::try_from(subjects.len() - 1).unwrap_or(u32::MAX);
                        places.insert(subject, place);
                        place
                    }
                };
                if let Some((_, count)) = subjects.get_mut(place as usize) {
                    *count += 1;
                }
                scanned.hits.push((place, date));
                if let Some(bits) = scanned.counted.get_mut(word) {
                    *bits |= bit;
                }
            }
        }
        for scanned in &mut out {
            scanned.future = future;
        }
        out
    }

    /// The index of one activity from the chunks its table was read in
    /// (in table order): each subject's occurrences put in one array of
    /// exactly their number, each subject's together and sorted by time.
    /// The occurrences are made from the chunks' rows and days here,
    /// straight into their place; `date_column` is the activity's. A large
    /// table's subjects are shared out between the threads, each filling
    /// and sorting the runs of its own subjects, which lie side by side.
    fn gather(
        &self,
        chunks: Vec<Scanned>,
        table: &TableData,
        date_column: &str,
        subject_table: Option<&TableData>,
    ) -> ActivityIndex {
        // Each subject numbered in the order it is first met, over the
        // chunks in turn, with its count: its run's start follows.
        let mut numbers: HashMap<Sym, u32, FxBuild> = HashMap::default();
        let mut counts: Vec<u32> = Vec::new();
        let renumbered: Vec<Vec<u32>> = chunks
            .iter()
            .map(|chunk| {
                chunk
                    .subjects
                    .iter()
                    .map(|&(subject, count)| {
                        let next = u32::try_from(counts.len()).unwrap_or(u32::MAX);
                        let number = *numbers.entry(subject).or_insert(next);
                        if number == next {
                            counts.push(0);
                        }
                        if let Some(c) = counts.get_mut(number as usize) {
                            *c += count;
                        }
                        number
                    })
                    .collect()
            })
            .collect();
        let (order, counts, renumbered) =
            runs::order_by_rows(&numbers, &counts, renumbered, subject_table);
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut total = 0u32;
        for count in &counts {
            starts.push(total);
            total += count;
        }
        starts.push(total);
        let dates = table
            .column_index(date_column)
            .and_then(|c| table.columns.get(c))
            .map(|c| &c.values);
        // The subjects cut into one range a thread, at about equal numbers
        // of occurrences.
        let parts = if (total as usize) < PARALLEL_ROWS || self.traced_subject().is_some() {
            1
        } else {
            self.threads.max(1)
        };
        let mut cuts: Vec<usize> = (1..parts)
            .map(|k| starts.partition_point(|s| (*s as usize) < total as usize * k / parts))
            .collect();
        cuts.insert(0, 0);
        cuts.push(counts.len());
        cuts.dedup();
        let ranges: Vec<std::ops::Range<usize>> = cuts
            .windows(2)
            .filter_map(|pair| match *pair {
                [from, to] => Some(from..to),
                _ => None,
            })
            .collect();
        let (chunks, renumbered, starts) = (&chunks, &renumbered, &starts);
        // The parts are taken from one list by every thread, this one
        // too: a thread that could not be started leaves its part to it.
        // Each thread makes the array it fills, so that both write fresh
        // memory at once.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let filled = std::sync::Mutex::new(Vec::with_capacity(ranges.len()));
        let work = || loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(subjects) = ranges.get(k) else { break };
            let at = |s: usize| starts.get(s).copied().unwrap_or(total) as usize;
            let len = at(subjects.end) - at(subjects.start);
            let mut part = vec![Occurrence::new(NaiveDate::MIN, None, NO_ROW); len];
            runs::fill_runs(
                chunks,
                renumbered,
                starts,
                dates,
                subjects.clone(),
                &mut part,
            );
            if let Ok(mut filled) = filled.lock() {
                filled.push((k, part));
            }
        };
        std::thread::scope(|scope| {
            for _ in 1..ranges.len() {
                let _ = std::thread::Builder::new()
                    .name("sup-index".to_string())
                    .spawn_scoped(scope, work);
            }
            work();
        });
        let mut filled = filled.into_inner().unwrap_or_default();
        filled.sort_by_key(|(k, _)| *k);
        let occurrences: Vec<Vec<Occurrence>> = filled.into_iter().map(|(_, part)| part).collect();
        let mut counted = vec![0u64; table.len().div_ceil(64)];
        for chunk in chunks {
            for (word, &bits) in chunk.counted.iter().enumerate() {
                // A chunk's bits start at its first row, which need not be
                // a multiple of 64: each word may straddle two of the
                // table's.
                let row = chunk.start + word * 64;
                if let Some(w) = counted.get_mut(row / 64) {
                    *w |= bits << (row % 64);
                }
                if row % 64 != 0 {
                    if let Some(w) = counted.get_mut(row / 64 + 1) {
                        *w |= bits >> (64 - row % 64);
                    }
                }
            }
        }
        let mut runs = SymMap::new(subject_table.and_then(TableData::id_band), NO_RUN);
        for (number, &subject) in order.iter().enumerate() {
            let (Some(&start), Some(&end)) = (starts.get(number), starts.get(number + 1)) else {
                continue;
            };
            runs.insert(subject, (start, end));
        }
        ActivityIndex::new(occurrences, runs, order, counted)
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
        for (subject, list) in index.subjects() {
            let Some(row) = subjects.row_of(subject) else {
                continue;
            };
            let (start, end) = self.lifetime(subjects, row);
            // Most lists lie wholly within the lifetime: their ends say so,
            // and they are not searched (the first probe of a search misses
            // the cache at every subject of a large export).
            let before = if list.first().is_some_and(|o| o.date < start) {
                list.partition_point(|o| o.date < start)
            } else {
                0
            };
            let after = if list.last().is_some_and(|o| o.date > end) {
                list.len() - list.partition_point(|o| o.date <= end)
            } else {
                0
            };
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
                    let key = (o.date, o.at(), o.row);
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
    /// subject's first occurrence of the same activity strictly later than
    /// it ([`NO_NEXT`] for rows with none yet, or not counted): 16 bytes a
    /// row. Built once from the sorted per-subject runs and shared by every
    /// `before the next` deadline over the activity, which reads it in
    /// table order: a position among the activity's occurrences instead
    /// (4 bytes) sent each row's read to a random place in them, a miss to
    /// main memory a row once they outgrow the cache (4M sessions).
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
        let mut next = vec![NO_NEXT; len];
        // The moment an occurrence is at: its instant, or its day.
        let moment = |o: &Occurrence| o.at().map_or((o.date, i64::MIN), |a| (o.date, a));
        for (_, list) in index.subjects() {
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
        let len = index.len();
        out.rows = vec![NO_ROW; len];
        let Some(cells) = cells else {
            // Read through the history, on the day of each session.
            for (o, slot) in index.parts().flatten().zip(out.rows.iter_mut()) {
                let supervisor = match column {
                    Some(c) => self.value_on(c.table, o.row as usize, c.column, o.date),
                    None => Value::Null,
                };
                *slot = match (supervisor, staff) {
                    (Value::Str(s), Some(staff)) => staff_row(staff, s),
                    _ => NO_ROW,
                };
            }
            return out;
        };
        // The occurrences are shared out between the threads in parts,
        // each read in its order (a subject's together): the reads of the
        // supervisor column go all over it, and two threads wait for two.
        let threads = if len < PARALLEL_ROWS || self.traced_subject().is_some() {
            1
        } else {
            self.threads.max(1)
        };
        let part = len.div_ceil(threads).max(1);
        // Taken from one list by every thread, this one too: a thread that
        // could not be started leaves its part to it.
        let mut parts: Vec<(&[Occurrence], &mut [u32])> = Vec::new();
        let mut rows: &mut [u32] = &mut out.rows;
        for occurrences in index.parts().flat_map(|p| p.chunks(part)) {
            let (mine, rest) = std::mem::take(&mut rows).split_at_mut(occurrences.len());
            parts.push((occurrences, mine));
            rows = rest;
        }
        let helpers = parts.len().saturating_sub(1);
        let parts = std::sync::Mutex::new(parts);
        let work = || loop {
            let next = parts.lock().ok().and_then(|mut parts| parts.pop());
            let Some((occurrences, rows)) = next else {
                break;
            };
            supervisors_of(cells, staff, occurrences, rows);
        };
        std::thread::scope(|scope| {
            for _ in 0..helpers {
                let _ = std::thread::Builder::new()
                    .name("sup-index".to_string())
                    .spawn_scoped(scope, work);
            }
            work();
        });
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
            out.extend(index.of(subject).iter().map(|o| (*o, table)));
        };
        // One activity's list is already in order, each row once.
        if let [name] = activities {
            add_activity(name, &mut out);
            return out;
        }
        for name in activities {
            add_activity(name, &mut out);
        }
        out.sort_by_key(|(o, t)| (o.date, o.at(), *t, o.row));
        out.dedup_by_key(|(o, t)| (*t, o.row));
        out
    }
}

/// The row of `staff` whose id is `id`, or [`NO_ROW`].
fn staff_row(staff: &TableData, id: Sym) -> u32 {
    staff
        .row_of(id)
        .and_then(|r| u32::try_from(r).ok())
        .unwrap_or(NO_ROW)
}

/// Each of `occurrences`' supervisor as a row of `staff` (from the
/// supervisor column's `cells`), into `rows`.
fn supervisors_of(
    cells: &Cells,
    staff: Option<&TableData>,
    occurrences: &[Occurrence],
    rows: &mut [u32],
) {
    // A supervisee's sessions are mostly with one supervisor: the last one
    // found is asked first.
    let mut last: Option<(Sym, u32)> = None;
    for (o, slot) in occurrences.iter().zip(rows) {
        *slot = match (cells.get(o.row as usize), staff) {
            (Some(Value::Str(s)), Some(staff)) => match last {
                Some((seen, row)) if seen == s => row,
                _ => {
                    let row = staff_row(staff, s);
                    last = Some((s, row));
                    row
                }
            },
            _ => NO_ROW,
        };
    }
}
