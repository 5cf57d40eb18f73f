//! The indexes judges read: built from the plan and the records, each at
//! most once, on first use, and never changed afterwards. Every key is
//! known when the evaluation starts (the policy's activities and groups,
//! the loaded tables), so each index is a `OnceLock` in a map fixed at
//! construction: no `RefCell`, no `Rc`, so that rules are judged on
//! several threads over one set of indexes (`parallel.rs`): whichever
//! thread asks first builds an index, and one that asks meanwhile waits for
//! it. Notes and the trace are kept apart, in the context's mutable sinks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;

use super::row_test::RowTest;
use super::sym_map::SymMap;
use super::windows::Span;
use crate::policy::{CompiledPolicy, DeadlineEnd, Requirement, RuleBody, Schedule, Window};
use crate::records::{FxBuild, Records, Sym};

/// The rows of one activity, by subject, sorted by time.
///
/// Every occurrence sits in one of a few arrays (one a thread that filled
/// them), each subject's together (a run sorted by time), with no room to
/// spare: a list per subject grown by doubling held up to twice the room it
/// needed, and at 10M sessions these lists were the largest thing the
/// evaluator built. The arrays are each made by the thread that fills it:
/// one array, made and cleared before the threads start, kept them both
/// waiting while one thread wrote 72 MB at 4M sessions.
#[derive(Debug)]
pub struct ActivityIndex {
    /// Every occurrence, a subject's in one run sorted by (date, instant,
    /// row), in parts that follow each other: no run is cut between two.
    occurrences: Vec<Vec<Occurrence>>,
    /// Where each part starts among all the occurrences.
    part_starts: Vec<u32>,
    /// Subject → where its run starts and ends in `occurrences`; an array
    /// over the subject table's ids where they lie in a band.
    runs: SymMap<(u32, u32)>,
    /// The subjects in the order their runs lie in.
    order: Vec<Sym>,
    /// The table's rows that qualify, one bit a row: table order is the
    /// order of the bits, at an eighth of a byte a row of the table.
    counted: Vec<u64>,
}

/// No run: every subject in an index has at least one occurrence, so no
/// run starts and ends at 0.
pub(super) const NO_RUN: (u32, u32) = (0, 0);

impl Default for ActivityIndex {
    fn default() -> Self {
        ActivityIndex {
            occurrences: Vec::new(),
            part_starts: Vec::new(),
            runs: SymMap::new(None, NO_RUN),
            order: Vec::new(),
            counted: Vec::new(),
        }
    }
}

impl ActivityIndex {
    /// The index of `occurrences`, in parts one after the other, each
    /// subject's already together in one part: `runs` gives where each
    /// subject's run starts and ends among them all, and `order` the
    /// subjects in the order of their runs.
    pub(super) fn new(
        occurrences: Vec<Vec<Occurrence>>,
        runs: SymMap<(u32, u32)>,
        order: Vec<Sym>,
        counted: Vec<u64>,
    ) -> Self {
        let mut part_starts = Vec::with_capacity(occurrences.len());
        let mut start = 0u32;
        for part in &occurrences {
            part_starts.push(start);
            start = start.saturating_add(u32::try_from(part.len()).unwrap_or(u32::MAX));
        }
        ActivityIndex {
            occurrences,
            part_starts,
            runs,
            order,
            counted,
        }
    }

    /// A subject's occurrences, sorted by time (empty for none).
    pub fn of(&self, subject: Sym) -> &[Occurrence] {
        let span = self.span(subject);
        // The last part that starts at or before the run: a few parts at
        // most, one a thread.
        let part = self
            .part_starts
            .partition_point(|start| *start as usize <= span.start)
            .saturating_sub(1);
        let (Some(occurrences), Some(&start)) =
            (self.occurrences.get(part), self.part_starts.get(part))
        else {
            return &[];
        };
        let start = start as usize;
        occurrences
            .get(span.start.saturating_sub(start)..span.end.saturating_sub(start))
            .unwrap_or(&[])
    }

    /// Where a subject's occurrences are among all of them, the parts one
    /// after the other (empty for none): the same places in
    /// [`Supervisors::rows`].
    pub fn span(&self, subject: Sym) -> std::ops::Range<usize> {
        self.runs
            .get(subject)
            .map_or(0..0, |(start, end)| start as usize..end as usize)
    }

    /// Every subject with its occurrences, in the order their runs lie in
    /// (the order of their rows in the subject table).
    pub fn subjects(&self) -> impl Iterator<Item = (Sym, &[Occurrence])> + '_ {
        self.order
            .iter()
            .map(|&subject| (subject, self.of(subject)))
    }

    /// Every occurrence, each subject's in one run, in parts one after
    /// the other.
    pub fn parts(&self) -> impl Iterator<Item = &[Occurrence]> + '_ {
        self.occurrences.iter().map(Vec::as_slice)
    }

    /// How many occurrences there are.
    pub fn len(&self) -> usize {
        self.occurrences.iter().map(Vec::len).sum()
    }

    /// Every qualifying row, in table order.
    pub fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        set_rows(&self.counted, 0)
    }
}

/// The rows whose bits are set in `words`, one bit a row from row `start`,
/// in order.
pub(super) fn set_rows(words: &[u64], start: usize) -> impl Iterator<Item = usize> + '_ {
    words.iter().enumerate().flat_map(move |(word, &bits)| {
        let mut bits = bits;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                start + word * 64 + bit
            })
        })
    })
}

/// One qualifying row of an activity: 16 bytes, the instant kept as a
/// plain number with a value no export can hold standing for none (an
/// `Option<i64>` would make it 24).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Occurrence {
    /// The local day it happened.
    pub date: NaiveDate,
    pub row: u32,
    /// The instant, or [`NO_INSTANT`].
    instant: i64,
}

/// No instant: the date column is a date. No time an export can hold is
/// this far back (years are read from 1 on).
const NO_INSTANT: i64 = i64::MIN;

impl Occurrence {
    pub const fn new(date: NaiveDate, at: Option<i64>, row: u32) -> Self {
        let instant = match at {
            Some(at) => at,
            None => NO_INSTANT,
        };
        Occurrence { date, row, instant }
    }

    /// The instant, when the date column is a datetime.
    #[inline]
    pub fn at(&self) -> Option<i64> {
        (self.instant != NO_INSTANT).then_some(self.instant)
    }
}

/// Each occurrence's supervisor: see `Ctx::supervisors`.
#[derive(Debug, Default)]
pub struct Supervisors {
    /// A row of `staff` (or [`NO_ROW`]) per occurrence, in the places of
    /// the activity's [`ActivityIndex::all`].
    pub rows: Vec<u32>,
}

/// No row (in [`Supervisors`]).
pub const NO_ROW: u32 = u32::MAX;

/// No next occurrence (in `Ctx::next_occurrences`): no row.
pub const NO_NEXT: Occurrence = Occurrence::new(NaiveDate::MIN, None, NO_ROW);

type Once<'a, T> = HashMap<&'a str, OnceLock<T>, FxBuild>;

/// The windows of one frequency requirement in a range of end days.
type WindowKey = (Window, NaiveDate, NaiveDate);

/// Activities read together in one pass over their table
/// (`Ctx::activity`), and their indexes, in the same order.
pub(super) type Scan<'a> = (Vec<&'a str>, OnceLock<Vec<ActivityIndex>>);

pub struct Indexes<'a> {
    /// Activity → its rows by subject, sorted by time.
    pub(super) activities: Once<'a, ActivityIndex>,
    /// Activities that rules name over one table, by one subject column
    /// and one date column (the sessions' one-to-ones and live
    /// supervisions), two or more: each table's rows are read once for all
    /// of them. An activity alone on its table is not here.
    pub(super) scans: Vec<Scan<'a>>,
    /// Activity → its place in `scans`.
    pub(super) scan_of: HashMap<&'a str, usize, FxBuild>,
    /// Activity → for each row of its table, its next occurrence, or
    /// [`NO_NEXT`].
    pub(super) next: Once<'a, Vec<Occurrence>>,
    /// Activity → each occurrence's supervisor (a row of `staff`), aligned
    /// with the activity's per-subject lists.
    pub(super) supervisors: Once<'a, Supervisors>,
    /// Table → each row's lifetime.
    pub(super) lifetimes: Once<'a, Vec<Span>>,
    /// Group → its table's name and its conditions resolved against it.
    pub(super) group_tests: Once<'a, (String, Vec<RowTest<'a>>)>,
    /// Group (whose membership does not depend on the day) → each row's
    /// membership.
    pub(super) static_members: Once<'a, Vec<bool>>,
    /// The windows judged, by window and range of end days (see
    /// `Ctx::windows`): few, and keyed by value, so a short list.
    pub(super) windows: Mutex<Vec<(WindowKey, Arc<Vec<Span>>)>>,
    /// What an unknown activity gets (a checked policy has none).
    pub(super) no_activity: ActivityIndex,
    pub(super) no_supervisors: Supervisors,
}

impl<'a> Indexes<'a> {
    pub fn new(policy: &'a CompiledPolicy, records: &'a Records) -> Self {
        fn keys<'k, T>(names: impl Iterator<Item = &'k String>) -> Once<'k, T> {
            names.map(|n| (n.as_str(), OnceLock::new())).collect()
        }
        let (scans, scan_of) = scans(policy);
        Indexes {
            activities: keys(policy.activities.keys()),
            scans,
            scan_of,
            next: keys(policy.activities.keys()),
            supervisors: keys(policy.activities.keys()),
            lifetimes: keys(records.tables.keys()),
            group_tests: keys(policy.groups.keys()),
            static_members: keys(policy.groups.keys()),
            windows: Mutex::new(Vec::new()),
            no_activity: ActivityIndex::default(),
            no_supervisors: Supervisors::default(),
        }
    }
}

/// The activities some rule names, grouped by what a pass over the rows
/// reads (table, subject column, date column); groups of one left out.
fn scans(policy: &CompiledPolicy) -> (Vec<Scan<'_>>, HashMap<&str, usize, FxBuild>) {
    let mut named: Vec<&str> = Vec::new();
    for rule in &policy.rules {
        match &rule.body {
            RuleBody::Frequency(f) => {
                named.extend(f.activities.iter().map(String::as_str));
                let requirements: Vec<&Requirement> = match &f.schedule {
                    Schedule::Fixed { requirement } => vec![requirement],
                    Schedule::ByTenure { phases } => {
                        phases.iter().map(|p| &p.requirement).collect()
                    }
                };
                for r in requirements {
                    if let Requirement::Occurrences { of, .. } = r {
                        named.push(of);
                    }
                }
            }
            RuleBody::Eligibility(e) => named.extend(e.activities.iter().map(String::as_str)),
            RuleBody::Limit(l) => named.extend(l.activities.iter().map(String::as_str)),
            RuleBody::Deadline(d) => {
                named.extend(d.activity.as_deref());
                if let DeadlineEnd::BeforeNext { activity, .. } = &d.end {
                    named.push(activity);
                }
            }
            RuleBody::Standing(s) => named.push(&s.activity),
            RuleBody::Retention(_) | RuleBody::Access(_) | RuleBody::Attribute(_) => {}
        }
    }
    // In the policy's order of activities, so that the groups are the same
    // whatever order the rules name them in.
    // (table, subject column, date column) → the activities over them.
    type Key<'k> = (&'k str, &'k str, &'k str);
    let mut groups: Vec<(Key, Vec<&str>)> = Vec::new();
    for (name, a) in &policy.activities {
        if !named.contains(&name.as_str()) {
            continue;
        }
        let key = (
            a.table.as_str(),
            a.subject_column.as_str(),
            a.date_column.as_str(),
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) => names.push(name),
            None => groups.push((key, vec![name])),
        }
    }
    let mut scans = Vec::new();
    let mut scan_of = HashMap::default();
    for (_, names) in groups.into_iter().filter(|(_, n)| n.len() > 1) {
        for name in &names {
            scan_of.insert(*name, scans.len());
        }
        scans.push((names, OnceLock::new()));
    }
    (scans, scan_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_occurrence_is_sixteen_bytes_and_keeps_its_instant_or_none() {
        assert_eq!(std::mem::size_of::<Occurrence>(), 16);
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        for at in [None, Some(0), Some(-1), Some(i64::MAX), Some(i64::MIN + 1)] {
            let o = Occurrence::new(day, at, 7);
            assert_eq!((o.date, o.at(), o.row), (day, at, 7), "{at:?}");
        }
    }

    #[test]
    fn an_index_gives_each_subject_its_run_and_the_rows_in_table_order() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default();
        let occurrences = vec![
            Occurrence::new(day(1), None, 127),
            Occurrence::new(day(2), None, 0),
            Occurrence::new(day(3), None, 2),
        ];
        let mut runs = SymMap::new(Some(3..6), NO_RUN);
        runs.insert(Sym(4), (0, 1));
        runs.insert(Sym(9), (1, 3));
        let index = ActivityIndex::new(
            vec![occurrences],
            runs,
            vec![Sym(4), Sym(9)],
            vec![0b101, 1 << 63],
        );
        assert_eq!(index.rows().collect::<Vec<_>>(), [0, 2, 127]);
        let rows = |s| index.of(Sym(s)).iter().map(|o| o.row).collect::<Vec<_>>();
        assert_eq!((rows(4), rows(9), rows(5)), (vec![127], vec![0, 2], vec![]));
        assert_eq!((index.span(Sym(9)), index.span(Sym(5))), (1..3, 0..0));
        // In the order the runs lie in.
        let subjects: Vec<(Sym, usize)> =
            index.subjects().map(|(s, list)| (s, list.len())).collect();
        assert_eq!(subjects, [(Sym(4), 1), (Sym(9), 2)]);
        assert_eq!(index.len(), 3);
    }

    #[test]
    fn a_run_is_found_in_whichever_part_holds_it() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default();
        let parts = vec![
            vec![
                Occurrence::new(day(1), None, 5),
                Occurrence::new(day(2), None, 1),
            ],
            vec![],
            vec![Occurrence::new(day(3), None, 4)],
            vec![
                Occurrence::new(day(4), None, 2),
                Occurrence::new(day(5), None, 3),
            ],
        ];
        let mut runs = SymMap::new(None, NO_RUN);
        for (subject, run) in [(1, (0, 1)), (2, (1, 2)), (3, (2, 3)), (4, (3, 5))] {
            runs.insert(Sym(subject), run);
        }
        let index = ActivityIndex::new(parts, runs, (1..5).map(Sym).collect(), vec![0b11_1110]);
        let rows = |s| index.of(Sym(s)).iter().map(|o| o.row).collect::<Vec<_>>();
        assert_eq!(
            (rows(1), rows(2), rows(3), rows(4), rows(9)),
            (vec![5], vec![1], vec![4], vec![2, 3], vec![])
        );
        assert_eq!((index.len(), index.parts().count()), (5, 4));
    }
}
