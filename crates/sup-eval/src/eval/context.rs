//! What every rule family shares: the evaluation period, the timezone and
//! working days, who is employed when, group membership over time, and the
//! occurrences of each activity per subject.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use super::finding::EvalNote;
use super::indexes::Indexes;
use super::plan::Plan;
use super::trace::Tracer;
use super::uncounted::{self, Uncounted};
use super::windows::{self, Span};
use crate::calendar::{add_duration, WorkingDays};
use crate::diagnostic::Code;
use crate::policy::{CompiledPolicy, Duration, Window};
use crate::records::{Clock, Records, Sym, TableData, Value};

/// The days judged. Records are read as they stood at the start of the
/// as-of date (midnight in the policy's timezone): anything dated on or
/// after it is in the future and not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day judged.
    pub from: NaiveDate,
    /// The evaluation moment is the start of this day.
    pub as_of: NaiveDate,
    /// The last day judged: the day before `as_of`.
    pub last: NaiveDate,
    /// The last day of the due-soon horizon (`--upcoming`), if any.
    pub horizon: Option<NaiveDate>,
    /// The days the policy version being judged is in force, inclusive,
    /// when several versions of a policy are judged (`src/eval/versions.rs`);
    /// `None` for a single policy. Rules apply to a subject only on these
    /// days (as if it had joined or left the rule's group), and per-row
    /// rules judge only rows whose judged day falls in them.
    pub in_force: Option<(NaiveDate, NaiveDate)>,
}

impl Period {
    pub fn new(from: NaiveDate, as_of: NaiveDate, upcoming_days: Option<u32>) -> Period {
        let last = as_of.pred_opt().unwrap_or(as_of);
        let horizon = upcoming_days.map(|n| {
            as_of
                .checked_add_days(Days::new(u64::from(n.max(1)) - 1))
                .unwrap_or(NaiveDate::MAX)
        });
        Period {
            from: from.min(last),
            as_of,
            last,
            horizon,
            in_force: None,
        }
    }

    /// Whether the policy version judged is in force on a day.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.in_force
            .is_none_or(|(first, last)| first <= day && day <= last)
    }

    /// Whether a due day is in the horizon.
    pub fn due_soon(&self, day: NaiveDate) -> bool {
        self.horizon.is_some_and(|h| day >= self.as_of && day <= h)
    }
}

pub use super::indexes::{ActivityIndex, Occurrence, Supervisors, NO_NEXT, NO_ROW};

/// What every judge reads: the period and time, the [`Plan`], the
/// [`Indexes`] (through accessors such as [`Ctx::activity`] and
/// [`Ctx::lifetime`]), and the mutable sinks (notes, the [`Tracer`]).
///
/// Rules are judged on several threads, each with a `Ctx` of its own
/// ([`Ctx::worker`]): the plan, the indexes and the notes are shared
/// between them; the clock (which caches the last day it converted) and the
/// trace are each thread's.
pub struct Ctx<'a> {
    pub policy: &'a CompiledPolicy,
    pub records: &'a Records,
    pub period: Period,
    pub working: WorkingDays<'a>,
    pub(super) clock: RefCell<Clock>,
    /// Every name the evaluator relies on, resolved once.
    pub plan: Arc<Plan<'a>>,
    /// What judges read, each built once on first use (by whichever thread
    /// asks first; a `OnceLock` makes the other wait for it).
    pub(super) indexes: Arc<Indexes<'a>>,
    /// Shared by every thread. Which thread says a note first does not
    /// change the report: a note about a rule is said only while that rule
    /// is judged, on one thread, and the indexes' notes (`note_rows`) are
    /// each said once, or keep the larger count and no row.
    pub notes: Arc<Mutex<Vec<EvalNote>>>,
    /// Told what the judges see of one subject (`sup explain`), or nothing.
    pub tracer: &'a dyn Tracer,
    /// The traced subject's rows an activity left out, until the rule that
    /// read it says which of them counted for none of its activities
    /// ([`Ctx::trace_uncounted`]).
    pub(super) uncounted: RefCell<Vec<Uncounted<'a>>>,
    /// How many threads rules are judged on (1 unless `evaluate_on` says
    /// otherwise): a large index is built in as many chunks.
    pub(super) threads: usize,
}

impl<'a> Ctx<'a> {
    pub fn new(
        policy: &'a CompiledPolicy,
        records: &'a Records,
        period: Period,
        tracer: &'a dyn Tracer,
    ) -> Self {
        let holidays = policy
            .holidays
            .get(&policy.header.holidays)
            .map(|h| h.dates.as_slice())
            .unwrap_or(&[]);
        Ctx {
            policy,
            records,
            period,
            working: WorkingDays::new(holidays),
            clock: RefCell::new(records.clock.clone()),
            plan: Arc::new(Plan::new(policy, records)),
            indexes: Arc::new(Indexes::new(policy, records)),
            notes: Arc::new(Mutex::new(Vec::new())),
            tracer,
            uncounted: RefCell::new(Vec::new()),
            threads: 1,
        }
    }

    /// A context for judging rules on another thread: the same plan,
    /// indexes and notes, a clock of its own, and nothing traced (`sup
    /// explain` judges one rule, on one thread).
    pub fn worker(&self) -> Ctx<'a> {
        Ctx {
            policy: self.policy,
            records: self.records,
            period: self.period,
            working: self.working,
            clock: RefCell::new(self.records.clock.clone()),
            plan: Arc::clone(&self.plan),
            indexes: Arc::clone(&self.indexes),
            notes: Arc::clone(&self.notes),
            tracer: &super::trace::NoTrace,
            uncounted: RefCell::new(Vec::new()),
            threads: self.threads,
        }
    }

    /// The notes said so far, sorted (as every report lists them).
    pub fn take_notes(&self) -> Vec<EvalNote> {
        let mut notes = std::mem::take(&mut *self.lock_notes());
        notes.sort();
        notes
    }

    // ------------------------------------------------------------ time

    pub fn local(&self, instant: i64) -> NaiveDateTime {
        self.clock.borrow_mut().local(instant)
    }

    pub fn local_date(&self, instant: i64) -> NaiveDate {
        self.clock.borrow_mut().local_date(instant)
    }

    pub fn instant(&self, local: NaiveDateTime) -> i64 {
        self.clock.borrow_mut().instant(local)
    }

    /// The evaluation moment: the start of the as-of day.
    pub fn cutoff(&self) -> i64 {
        self.instant(self.period.as_of.and_time(NaiveTime::MIN))
    }

    /// `date` plus a duration, as a date (calendar units; working days count
    /// from the day after).
    pub fn add_to_date(&self, date: NaiveDate, d: Duration) -> NaiveDate {
        add_duration(date.and_time(NaiveTime::MIN), d, &self.working).date()
    }

    /// `date` minus a duration, as a date.
    pub fn sub_from_date(&self, date: NaiveDate, d: Duration) -> NaiveDate {
        use crate::policy::DurationUnit as U;
        let result = match d.unit {
            U::Months => date.checked_sub_months(chrono::Months::new(d.amount)),
            U::Years => d
                .amount
                .checked_mul(12)
                .and_then(|m| date.checked_sub_months(chrono::Months::new(m))),
            U::WorkingDays => {
                let mut day = date;
                let mut left = d.amount;
                while left > 0 {
                    day = day.pred_opt().unwrap_or(NaiveDate::MIN);
                    if self.working.is_working_day(day) || day == NaiveDate::MIN {
                        left -= 1;
                    }
                }
                Some(day)
            }
            _ => d
                .fixed_minutes()
                .map(|m| m.div_euclid(1440))
                .and_then(|days| date.checked_sub_days(Days::new(days.unsigned_abs()))),
        };
        result.unwrap_or(NaiveDate::MIN)
    }

    /// A value's local day (dates as they are, instants in the timezone).
    pub fn day_of(&self, value: Value) -> Option<NaiveDate> {
        match value {
            Value::Date(d) => Some(d),
            Value::Instant(i) => Some(self.local_date(i)),
            _ => None,
        }
    }

    // ------------------------------------------------------------ text

    /// The windows of a frequency requirement whose last day falls in
    /// `[first_end, last_end]` ([`windows::windows`]). They are the same for
    /// every member, and a rolling window of months takes date arithmetic to
    /// find: work them out once per rule, not once per member.
    pub fn windows(
        &self,
        window: &Window,
        first_end: NaiveDate,
        last_end: NaiveDate,
    ) -> Arc<Vec<Span>> {
        let same = |(w, a, b): &(Window, NaiveDate, NaiveDate)| {
            w == window && *a == first_end && *b == last_end
        };
        if let Ok(list) = self.indexes.windows.lock() {
            if let Some((_, found)) = list.iter().find(|(k, _)| same(k)) {
                return Arc::clone(found);
            }
        }
        let found = Arc::new(windows::windows(self, window, first_end, last_end));
        if let Ok(mut list) = self.indexes.windows.lock() {
            list.push(((window.clone(), first_end, last_end), Arc::clone(&found)));
        }
        found
    }

    /// The symbol of a piece of policy text (a value in a condition). A
    /// policy has few such values but tests them on every row: they are
    /// looked up in the interner, whose millions of ids do not fit in a
    /// cache, once each.
    pub fn sym_of(&self, text: &str) -> Option<Sym> {
        match self.plan.literals.get(text) {
            Some(found) => *found,
            // Not written in a condition (a checked policy has no such
            // text): look it up each time.
            None => self.records.interner.get(text),
        }
    }

    pub fn text(&self, sym: Sym) -> &str {
        self.records.text(sym)
    }

    pub fn show(&self, value: Value) -> String {
        self.records
            .interner
            .display(value, &mut self.clock.borrow_mut())
    }

    pub fn table(&self, name: &str) -> Option<&'a TableData> {
        self.records.tables.get(name)
    }

    /// The id of a row, as text.
    pub fn row_id(&self, table: &TableData, row: usize) -> String {
        table
            .id(row)
            .map(|s| self.text(s).to_string())
            .unwrap_or_else(|| format!("line {}", table.lines.get(row).unwrap_or(0)))
    }

    /// A note about `row` (counted, the first few named), said once per rule
    /// and message however many rows it is about. Every note has a code.
    pub fn note(&self, code: Code, rule: Option<&str>, message: String, row: Option<String>) {
        let mut notes = self.lock_notes();
        if let Some(existing) = notes
            .iter_mut()
            .find(|n| n.code == code && n.rule.as_deref() == rule && n.message == message)
        {
            existing.count += 1;
            if let Some(r) = row {
                if existing.rows.len() < 5 {
                    existing.rows.push(r);
                }
            }
            return;
        }
        notes.push(EvalNote {
            code,
            rule: rule.map(str::to_string),
            message,
            rows: row.into_iter().collect(),
            count: 1,
        });
    }

    /// A note about `count` rows, `row` the first of them, said once however
    /// many activities find the same rows: a second saying keeps the larger
    /// count and the first row named, where [`Ctx::note`] would add them up.
    pub fn note_rows(&self, code: Code, message: String, count: usize, row: Option<String>) {
        let mut notes = self.lock_notes();
        if let Some(existing) = notes
            .iter_mut()
            .find(|n| n.code == code && n.rule.is_none() && n.message == message)
        {
            existing.count = existing.count.max(count);
            if existing.rows.is_empty() {
                existing.rows.extend(row);
            }
            return;
        }
        notes.push(EvalNote {
            code,
            rule: None,
            message,
            rows: row.into_iter().collect(),
            count,
        });
    }

    /// The notes, to add one. A thread that panicked while holding them
    /// (library code does not panic) leaves them as they were.
    fn lock_notes(&self) -> std::sync::MutexGuard<'_, Vec<EvalNote>> {
        self.notes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    // ------------------------------------------------------------ tracing

    /// The subject being traced, if any ([`Tracer::subject`]).
    pub fn traced_subject(&self) -> Option<&str> {
        self.tracer.subject()
    }

    pub fn tracing(&self, subject: &str) -> bool {
        self.tracer.subject() == Some(subject)
    }

    /// A table row as a subject to judge: its id, the id's text and whether
    /// `sup explain` traces it; `None` when the row has no id, or when
    /// another subject is traced (its rules need not be judged then).
    pub fn subject_to_judge(&self, table: &TableData, row: usize) -> Option<(Sym, String, bool)> {
        let id = table.id(row)?;
        let id_text = self.text(id).to_string();
        let tracing = self.tracing(&id_text);
        if self.traced_subject().is_some() && !tracing {
            return None;
        }
        Some((id, id_text, tracing))
    }

    pub fn trace(&self, date: Option<NaiveDate>, line: String) {
        self.tracer.line(date, line);
    }

    /// Trace the traced subject's rows that `activities` (the ones a rule
    /// counts together) left out, once per row and only if none of them
    /// counted it: a group session is not a `one_to_one`, but it counts for
    /// `one_to_one or group_supervision`.
    pub fn trace_uncounted<S: AsRef<str>>(&self, activities: &[S]) {
        let names: Vec<&str> = activities.iter().map(AsRef::as_ref).collect();
        let mine: Vec<Uncounted<'a>> = {
            let mut all = self.uncounted.borrow_mut();
            let (mine, rest) = std::mem::take(&mut *all)
                .into_iter()
                .partition(|u| names.contains(&u.activity));
            *all = rest;
            mine
        };
        if mine.is_empty() {
            return;
        }
        let traced = self
            .traced_subject()
            .and_then(|s| self.records.interner.get(s));
        // Only indexes already built: looking one up must not build another
        // (and record more rows) while these are being said.
        let built = |name: &str| {
            self.indexes
                .activities
                .get(name)
                .and_then(std::sync::OnceLock::get)
        };
        let counts = |table: &str, row: usize| {
            names.iter().any(|name| {
                let same_table = self
                    .policy
                    .activities
                    .get(*name)
                    .is_some_and(|a| a.table == table);
                same_table
                    && built(name).zip(traced).is_some_and(|(index, traced)| {
                        index.of(traced).iter().any(|o| o.row as usize == row)
                    })
            })
        };
        for (date, line) in uncounted::lines(&mine, &names, counts) {
            self.trace(date, line);
        }
    }

    /// Trace every row still left out by an activity no rule has spoken
    /// for (a deadline's source and its `before the next` activity are read
    /// apart, not counted together): each activity on its own.
    pub fn trace_uncounted_rest(&self) {
        let mut names: Vec<&'a str> = Vec::new();
        for u in self.uncounted.borrow().iter() {
            if !names.contains(&u.activity) {
                names.push(u.activity);
            }
        }
        for name in names {
            self.trace_uncounted(&[name]);
        }
    }
}
