//! What every rule family shares: the evaluation period, the timezone and
//! working days, who is employed when, group membership over time, and the
//! occurrences of each activity per subject.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use super::finding::EvalNote;
use super::row_test::RowTest;
use super::uncounted::{self, Uncounted};
use super::windows::{self, Span};
use crate::calendar::{add_duration, WorkingDays};
use crate::policy::{CompiledPolicy, Condition, Duration, Expr, Literal, Part, RuleBody, Window};
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
        }
    }

    /// Whether a due day is in the horizon.
    pub fn due_soon(&self, day: NaiveDate) -> bool {
        self.horizon.is_some_and(|h| day >= self.as_of && day <= h)
    }
}

/// The rows of one activity, by subject, sorted by time.
#[derive(Debug, Default)]
pub struct ActivityIndex {
    pub by_subject: HashMap<Sym, Vec<Occurrence>, crate::records::FxBuild>,
    /// Every qualifying row, in table order.
    pub rows: Vec<u32>,
}

/// One qualifying row of an activity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Occurrence {
    /// The local day it happened.
    pub date: NaiveDate,
    /// The instant, when the date column is a datetime.
    pub at: Option<i64>,
    pub row: u32,
}

/// Each occurrence's supervisor: see [`Ctx::supervisors`].
#[derive(Debug, Default)]
pub struct Supervisors {
    pub by_subject: HashMap<Sym, Vec<u32>, crate::records::FxBuild>,
}

/// No row (in [`Supervisors`]).
pub const NO_ROW: u32 = u32::MAX;

/// No occurrence (in [`Ctx::next_occurrences`]).
pub const NO_OCCURRENCE: Occurrence = Occurrence {
    date: NaiveDate::MIN,
    at: None,
    row: u32::MAX,
};

/// Whose membership of a group can change from day to day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dependence {
    /// Fixed by the row's columns: computed once per row.
    Static,
    /// Depends on tenure or another derived column.
    Dated,
}

pub struct Ctx<'a> {
    pub policy: &'a CompiledPolicy,
    pub records: &'a Records,
    pub period: Period,
    pub working: WorkingDays<'a>,
    clock: RefCell<Clock>,
    /// Durations named in group conditions: the tenures at which membership
    /// may change.
    thresholds: Vec<Duration>,
    static_members: RefCell<HashMap<String, Rc<Vec<bool>>, crate::records::FxBuild>>,
    dependence: RefCell<HashMap<String, Dependence, crate::records::FxBuild>>,
    activities: RefCell<HashMap<String, Rc<ActivityIndex>, crate::records::FxBuild>>,
    /// Activity → for each row of its table, the next occurrence.
    /// Group → its table and its conditions resolved against it.
    #[allow(clippy::type_complexity)]
    group_tests: RefCell<HashMap<String, (String, Rc<Vec<RowTest<'a>>>), crate::records::FxBuild>>,
    /// The windows judged, by window and range of end days (see
    /// [`Ctx::windows`]).
    #[allow(clippy::type_complexity)]
    windows: RefCell<Vec<((Window, NaiveDate, NaiveDate), Rc<Vec<Span>>)>>,
    /// Policy text → its symbol (see [`Ctx::sym_of`]).
    literals: RefCell<HashMap<Box<str>, Option<Sym>, crate::records::FxBuild>>,
    /// Activity → each occurrence's supervisor (a row of `staff`), aligned
    /// with the activity's per-subject lists.
    supervisors: RefCell<HashMap<String, Rc<Supervisors>, crate::records::FxBuild>>,
    next: RefCell<HashMap<String, Rc<Vec<Occurrence>>, crate::records::FxBuild>>,
    pub notes: RefCell<Vec<EvalNote>>,
    /// Rule → the groups of the rules that override it.
    overriders: RefCell<HashMap<String, Rc<Vec<&'a str>>, crate::records::FxBuild>>,
    /// Table → each row's lifetime.
    lifetimes: RefCell<HashMap<String, Rc<Vec<Span>>, crate::records::FxBuild>>,
    /// Set by `sup explain`: the subject whose timeline is being traced.
    pub trace_subject: Option<String>,
    pub trace: RefCell<Vec<(Option<NaiveDate>, String)>>,
    /// The traced subject's rows an activity left out, until the rule that
    /// read it says which of them counted for none of its activities
    /// ([`Ctx::trace_uncounted`]).
    uncounted: RefCell<Vec<Uncounted<'a>>>,
}

impl<'a> Ctx<'a> {
    pub fn new(policy: &'a CompiledPolicy, records: &'a Records, period: Period) -> Self {
        let holidays = policy
            .holidays
            .get(&policy.header.holidays)
            .map(|h| h.dates.as_slice())
            .unwrap_or(&[]);
        let mut thresholds = Vec::new();
        for group in policy.groups.values() {
            if let Some(c) = &group.condition {
                collect_durations(c, &mut thresholds);
            }
        }
        for rule in &policy.rules {
            if let RuleBody::Eligibility(e) = &rule.body {
                for clause in &e.clauses {
                    if let Some(w) = &clause.when {
                        collect_durations(w, &mut thresholds);
                    }
                }
            }
        }
        thresholds.sort_by_key(|d| (d.unit, d.amount));
        thresholds.dedup();
        Ctx {
            policy,
            records,
            period,
            working: WorkingDays::new(holidays),
            clock: RefCell::new(records.clock.clone()),
            thresholds,
            static_members: RefCell::new(HashMap::default()),
            dependence: RefCell::new(HashMap::default()),
            activities: RefCell::new(HashMap::default()),
            next: RefCell::new(HashMap::default()),
            supervisors: RefCell::new(HashMap::default()),
            literals: RefCell::new(HashMap::default()),
            windows: RefCell::new(Vec::new()),
            group_tests: RefCell::new(HashMap::default()),
            notes: RefCell::new(Vec::new()),
            overriders: RefCell::new(HashMap::default()),
            lifetimes: RefCell::new(HashMap::default()),
            trace_subject: None,
            trace: RefCell::new(Vec::new()),
            uncounted: RefCell::new(Vec::new()),
        }
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
    ) -> Rc<Vec<Span>> {
        let same = |(w, a, b): &(Window, NaiveDate, NaiveDate)| {
            w == window && *a == first_end && *b == last_end
        };
        if let Some((_, found)) = self.windows.borrow().iter().find(|(k, _)| same(k)) {
            return Rc::clone(found);
        }
        let found = Rc::new(windows::windows(self, window, first_end, last_end));
        self.windows
            .borrow_mut()
            .push(((window.clone(), first_end, last_end), Rc::clone(&found)));
        found
    }

    /// The symbol of a piece of policy text (a value in a condition). A
    /// policy has few such values but tests them on every row: they are
    /// looked up in the interner, whose millions of ids do not fit in a
    /// cache, once each.
    pub fn sym_of(&self, text: &str) -> Option<Sym> {
        if let Some(found) = self.literals.borrow().get(text) {
            return *found;
        }
        let sym = self.records.interner.get(text);
        self.literals.borrow_mut().insert(text.into(), sym);
        sym
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
            .unwrap_or_else(|| format!("line {}", table.lines.get(row).copied().unwrap_or(0)))
    }

    pub fn note(&self, rule: Option<&str>, message: String, row: Option<String>) {
        let mut notes = self.notes.borrow_mut();
        if let Some(existing) = notes
            .iter_mut()
            .find(|n| n.rule.as_deref() == rule && n.message == message)
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
            rule: rule.map(str::to_string),
            message,
            rows: row.into_iter().collect(),
            count: 1,
        });
    }

    // ------------------------------------------------------------ tracing

    pub fn tracing(&self, subject: &str) -> bool {
        self.trace_subject.as_deref() == Some(subject)
    }

    pub fn trace(&self, date: Option<NaiveDate>, line: String) {
        self.trace.borrow_mut().push((date, line));
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
            .trace_subject
            .as_deref()
            .and_then(|s| self.records.interner.get(s));
        // Only indexes already built: looking one up must not build another
        // (and record more rows) while these are being said.
        let built = self.activities.borrow();
        let counts = |table: &str, row: usize| {
            names.iter().any(|name| {
                let same_table = self
                    .policy
                    .activities
                    .get(*name)
                    .is_some_and(|a| a.table == table);
                same_table
                    && built
                        .get(*name)
                        .and_then(|index| index.by_subject.get(&traced?))
                        .is_some_and(|list| list.iter().any(|o| o.row as usize == row))
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

    // ------------------------------------------------------------ who, when

    /// The days a row exists: `start_date`..`end_date` for staff,
    /// `opened`..`closed` for cases, all time for other tables.
    pub fn lifetime(&self, table: &TableData, row: usize) -> Span {
        if let Some(all) = self.lifetimes.borrow().get(&table.name) {
            if let Some(span) = all.get(row) {
                return *span;
            }
        }
        let all: Vec<Span> = (0..table.len())
            .map(|r| self.lifetime_of(table, r))
            .collect();
        let span = all
            .get(row)
            .copied()
            .unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
        self.lifetimes
            .borrow_mut()
            .insert(table.name.clone(), Rc::new(all));
        span
    }

    fn lifetime_of(&self, table: &TableData, row: usize) -> Span {
        let (start, end) = match table.name.as_str() {
            "staff" => ("start_date", "end_date"),
            "cases" => ("opened", "closed"),
            _ => return (NaiveDate::MIN, NaiveDate::MAX),
        };
        let start = self.day_of(table.get(row, start)).unwrap_or(NaiveDate::MIN);
        let end = self.day_of(table.get(row, end)).unwrap_or(NaiveDate::MAX);
        (start, end)
    }

    /// Whether a row of `table` is in `group` on `on` (its lifetime aside).
    pub fn member_on(&self, group: &str, table: &TableData, row: usize, on: NaiveDate) -> bool {
        if self.dependence_of(group) == Dependence::Static {
            let members = self.static_members(group, table);
            return members.get(row).copied().unwrap_or(false);
        }
        self.member_raw(group, table, row, on)
    }

    fn member_raw(&self, group: &str, table: &TableData, row: usize, on: NaiveDate) -> bool {
        self.group_tests(group, table)
            .iter()
            .all(|t| t.holds(self, table, row, on))
    }

    /// A group's conditions (its own and its parents'), resolved against
    /// its table.
    fn group_tests(&self, group: &str, table: &TableData) -> Rc<Vec<RowTest<'a>>> {
        if let Some((name, tests)) = self.group_tests.borrow().get(group) {
            if *name == table.name {
                return Rc::clone(tests);
            }
        }
        let tests: Rc<Vec<RowTest<'a>>> = Rc::new(
            self.policy
                .group_conditions(group)
                .into_iter()
                .map(|c| RowTest::new(self, table, c))
                .collect(),
        );
        self.group_tests
            .borrow_mut()
            .insert(group.to_string(), (table.name.clone(), Rc::clone(&tests)));
        tests
    }

    fn static_members(&self, group: &str, table: &TableData) -> Rc<Vec<bool>> {
        if let Some(m) = self.static_members.borrow().get(group) {
            return Rc::clone(m);
        }
        let on = self.period.last;
        let tests = self.group_tests(group, table);
        let members: Vec<bool> = (0..table.len())
            .map(|row| tests.iter().all(|t| t.holds(self, table, row, on)))
            .collect();
        let members = Rc::new(members);
        self.static_members
            .borrow_mut()
            .insert(group.to_string(), Rc::clone(&members));
        members
    }

    /// Whether membership of a group is fixed by the rows' own columns (it
    /// does not change with tenure).
    pub fn is_static(&self, group: &str) -> bool {
        self.dependence_of(group) == Dependence::Static
    }

    fn dependence_of(&self, group: &str) -> Dependence {
        if let Some(d) = self.dependence.borrow().get(group) {
            return *d;
        }
        let mut seen = BTreeSet::new();
        let d = if self.dated(group, &mut seen) {
            Dependence::Dated
        } else {
            Dependence::Static
        };
        self.dependence.borrow_mut().insert(group.to_string(), d);
        d
    }

    fn dated(&self, group: &str, seen: &mut BTreeSet<String>) -> bool {
        if !seen.insert(group.to_string()) {
            return false;
        }
        let Some(g) = self.policy.groups.get(group) else {
            return false;
        };
        let table = self.policy.tables.get(&g.table);
        let mut dated = false;
        for c in self.policy.group_conditions(group) {
            let mut columns = Vec::new();
            let mut groups = Vec::new();
            condition_parts(c, &mut columns, &mut groups);
            // A column read through a reference is judged in its own table.
            dated |= columns.iter().any(|(via, col)| {
                via.as_ref()
                    .map_or(table, |t| self.policy.tables.get(t))
                    .and_then(|t| t.column(col))
                    .is_some_and(|c| c.derived.is_some())
            });
            for inner in groups {
                dated |= self.dated(&inner, seen);
            }
        }
        dated
    }

    /// The spans of days within `[lo, hi]` on which the row exists and is a
    /// member of `group`. Membership that depends on tenure is re-judged at
    /// each day a tenure crosses a duration named in a group condition.
    pub fn member_spans(
        &self,
        group: &str,
        table: &TableData,
        row: usize,
        lo: NaiveDate,
        hi: NaiveDate,
    ) -> Vec<Span> {
        let (start, end) = self.lifetime(table, row);
        let (lo, hi) = (lo.max(start), hi.min(end));
        if lo > hi {
            return Vec::new();
        }
        if self.dependence_of(group) == Dependence::Static {
            return if self.member_on(group, table, row, lo) {
                vec![(lo, hi)]
            } else {
                Vec::new()
            };
        }
        let mut breaks: Vec<NaiveDate> = Vec::new();
        for source in ["start_date", "supervisor_since", "opened"] {
            let Some(anchor) = self.day_of(table.get(row, source)) else {
                continue;
            };
            for d in &self.thresholds {
                let at = self.add_to_date(anchor, *d);
                if at > lo && at <= hi {
                    breaks.push(at);
                }
                // `tenure <= d` changes the day after.
                if let Some(next) = at.succ_opt() {
                    if next > lo && next <= hi {
                        breaks.push(next);
                    }
                }
            }
        }
        breaks.sort_unstable();
        breaks.dedup();
        let mut spans: Vec<Span> = Vec::new();
        let mut starts = vec![lo];
        starts.extend(breaks);
        for (i, s) in starts.iter().enumerate() {
            let e = starts.get(i + 1).and_then(|n| n.pred_opt()).unwrap_or(hi);
            if self.member_raw(group, table, row, *s) {
                windows::push_merged(&mut spans, (*s, e));
            }
        }
        spans
    }

    /// Rules that replace `rule` for the members of their groups.
    pub fn overriding_groups(&self, rule: &str) -> Rc<Vec<&'a str>> {
        if let Some(found) = self.overriders.borrow().get(rule) {
            return Rc::clone(found);
        }
        let found: Rc<Vec<&'a str>> = Rc::new(self.overriding_groups_uncached(rule));
        self.overriders
            .borrow_mut()
            .insert(rule.to_string(), Rc::clone(&found));
        found
    }

    fn overriding_groups_uncached(&self, rule: &str) -> Vec<&'a str> {
        self.policy
            .rules
            .iter()
            .filter(|r| r.overrides.iter().any(|o| o == rule))
            .filter_map(|r| match &r.body {
                RuleBody::Frequency(f) => Some(f.group.as_str()),
                RuleBody::Eligibility(e) => Some(e.group.as_str()),
                RuleBody::Limit(l) => Some(l.group.as_str()),
                RuleBody::Attribute(a) => Some(a.group.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Where `rule` applies to a row: member of `group`, alive, not taken
    /// over by an overriding rule.
    pub fn applicable_spans(
        &self,
        rule: &str,
        group: &str,
        table: &TableData,
        row: usize,
        lo: NaiveDate,
        hi: NaiveDate,
    ) -> Vec<Span> {
        let mut spans = self.member_spans(group, table, row, lo, hi);
        for other in self.overriding_groups(rule).iter() {
            if spans.is_empty() {
                break;
            }
            let taken = self.member_spans(other, table, row, lo, hi);
            spans = windows::subtract(&spans, &taken);
        }
        spans
    }

    /// Whether `rule` applies to a row on one day.
    pub fn applies_on(
        &self,
        rule: &str,
        group: &str,
        table: &TableData,
        row: usize,
        on: NaiveDate,
    ) -> bool {
        let (start, end) = self.lifetime(table, row);
        if on < start || on > end || !self.member_on(group, table, row, on) {
            return false;
        }
        !self
            .overriding_groups(rule)
            .iter()
            .any(|g| self.member_on(g, table, row, on))
    }

    // ------------------------------------------------------------ activities

    /// The rows of an activity by subject, sorted by time. Cancelled
    /// sessions never count, and rows dated on or after the as-of date are
    /// in the future.
    pub fn activity(&self, name: &str) -> Rc<ActivityIndex> {
        if let Some(index) = self.activities.borrow().get(name) {
            return Rc::clone(index);
        }
        let index = Rc::new(self.build_activity(name));
        self.activities
            .borrow_mut()
            .insert(name.to_string(), Rc::clone(&index));
        index
    }

    fn build_activity(&self, name: &str) -> ActivityIndex {
        let mut index = ActivityIndex::default();
        let Some(activity) = self.policy.activities.get(name) else {
            return index;
        };
        let Some(table) = self.table(&activity.table) else {
            return index;
        };
        let (Some(subject_col), Some(date_col)) = (
            table.column_index(&activity.subject_column),
            table.column_index(&activity.date_column),
        ) else {
            return index;
        };
        let status_col = (activity.table == "sessions")
            .then(|| table.column_index("status"))
            .flatten();
        let cancelled = self.records.interner.get("cancelled");
        let filter = activity
            .filter
            .as_ref()
            .map(|c| RowTest::new(self, table, c));
        let mut future = 0usize;
        // `sup explain` promises the rows that did not count too, and why.
        // Only the traced subject's rows are looked at twice, so evaluation
        // (no subject traced) does no more than before.
        let traced = self
            .trace_subject
            .as_deref()
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
        for row in 0..table.len() {
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
                    let shown: Vec<String> = ["kind", "status"]
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
        for list in index.by_subject.values_mut() {
            list.sort_by_key(|o| (o.date, o.at, o.row));
        }
        self.note_outside_lifetimes(activity, &index);
        if future > 0 {
            self.note(
                None,
                format!(
                    "`{}` rows dated on or after the as-of date are in the future and not counted",
                    activity.table
                ),
                None,
            );
            if let Some(n) = self.notes.borrow_mut().last_mut() {
                n.count = n.count.max(future);
            }
        }
        index
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
                let first = if before > 0 {
                    list.first()
                } else {
                    list.last()
                };
                example = example.or(first.map(|o| o.row as usize));
            }
        }
        if outside == 0 {
            return;
        }
        let when = match activity.subject_table.as_str() {
            "cases" => "before the case opened or after it closed",
            _ => "before the person started or after they left",
        };
        let row = example.and_then(|r| self.table(&activity.table).map(|t| self.row_id(t, r)));
        self.note(
            None,
            format!(
                "`{}` rows ({}) dated {when} count towards no frequency rule",
                activity.table, activity.name
            ),
            row,
        );
        if let Some(n) = self.notes.borrow_mut().last_mut() {
            n.count = n.count.max(outside);
        }
    }

    /// For each row of an activity's table that the activity counts, the
    /// subject's first occurrence of the same activity strictly later than it
    /// ([`NO_OCCURRENCE`] for rows with none yet, or not counted). Built once
    /// from the sorted per-subject lists and shared by every `before the
    /// next` deadline over the activity: one pass, where searching each
    /// row's subject list would jump around memory a million times.
    pub fn next_occurrences(&self, name: &str) -> Rc<Vec<Occurrence>> {
        if let Some(found) = self.next.borrow().get(name) {
            return Rc::clone(found);
        }
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
        let next = Rc::new(next);
        self.next
            .borrow_mut()
            .insert(name.to_string(), Rc::clone(&next));
        next
    }

    /// The supervisor of each occurrence of a session activity, as a row of
    /// `staff` ([`NO_ROW`] when empty or unknown), in the same order as the
    /// activity's per-subject lists. Every eligibility rule over the
    /// activity reads these in order instead of looking each session up.
    pub fn supervisors(&self, name: &str) -> Rc<Supervisors> {
        if let Some(found) = self.supervisors.borrow().get(name) {
            return Rc::clone(found);
        }
        let index = self.activity(name);
        let mut out = Supervisors::default();
        let sessions = self.table("sessions");
        let column = sessions.and_then(|t| t.column_index("supervisor"));
        let staff = self.table("staff");
        for (subject, list) in &index.by_subject {
            let rows: Vec<u32> = list
                .iter()
                .map(|o| {
                    let supervisor = match (sessions, column) {
                        (Some(t), Some(c)) => t.at(o.row as usize, c),
                        _ => Value::Null,
                    };
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
        let out = Rc::new(out);
        self.supervisors
            .borrow_mut()
            .insert(name.to_string(), Rc::clone(&out));
        out
    }

    /// The occurrences of any of `activities` for a subject, merged and
    /// sorted (a row counted by two of them counts once).
    pub fn occurrences(&self, activities: &[String], subject: Sym) -> Vec<(Occurrence, &'a str)> {
        let mut out: Vec<(Occurrence, &'a str)> = Vec::new();
        // One activity's list is already in order, each row once.
        if let [name] = activities {
            let index = self.activity(name);
            let table = self
                .policy
                .activities
                .get(name)
                .map_or("", |a| a.table.as_str());
            if let Some(list) = index.by_subject.get(&subject) {
                out.extend(list.iter().map(|o| (*o, table)));
            }
            return out;
        }
        for name in activities {
            let index = self.activity(name);
            let table = self
                .policy
                .activities
                .get(name)
                .map_or("", |a| a.table.as_str());
            if let Some(list) = index.by_subject.get(&subject) {
                out.extend(list.iter().map(|o| (*o, table)));
            }
        }
        out.sort_by_key(|(o, t)| (o.date, o.at, *t, o.row));
        out.dedup_by_key(|(o, t)| (*t, o.row));
        out
    }
}

/// The durations a condition names: the tenures at which it may change.
fn collect_durations(condition: &Condition, out: &mut Vec<Duration>) {
    condition.for_each_part(&mut |part| match part {
        Part::Condition(Condition::Is { values, .. }) => {
            out.extend(values.iter().filter_map(|v| match v {
                Literal::Duration(d) => Some(*d),
                _ => None,
            }))
        }
        Part::Expr(Expr::Literal {
            value: Literal::Duration(d),
        }) => out.push(*d),
        _ => {}
    });
}

/// The columns a condition reads (with the referenced table for `REF.COLUMN`)
/// and the groups it names.
type Reads = Vec<(Option<String>, String)>;

fn condition_parts(condition: &Condition, columns: &mut Reads, groups: &mut Vec<String>) {
    condition.for_each_part(&mut |part| match part {
        Part::Expr(Expr::Column { column, .. }) => columns.push((None, column.clone())),
        Part::Expr(Expr::Via(via)) => columns.push((Some(via.table.clone()), via.column.clone())),
        Part::Condition(Condition::InGroup { group, .. }) => groups.push(group.clone()),
        _ => {}
    });
}
