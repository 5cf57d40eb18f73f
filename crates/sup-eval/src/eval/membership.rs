//! Who a rule applies to, on which days: a row's lifetime, group
//! membership over time, and rules that override others. Also the one
//! accessor for a row's column value on a day ([`Ctx::value_on`]) and the
//! one list of days on which membership may change
//! ([`Ctx::membership_change_days`]).

use std::borrow::Cow;
use std::cell::OnceCell;

use chrono::NaiveDate;

use super::context::Ctx;
use super::plan::{Col, DeepRead, Dependence};
use super::row_test::RowTest;
use super::schema;
use super::windows::{self, Span};
use crate::records::{TableData, Value};

impl<'a> Ctx<'a> {
    /// The value of a loaded column of a row as it stood on `day`. Every
    /// read the evaluator makes of a row's column for a day it judges goes
    /// through here (or [`Ctx::value_named_on`]), so that a column whose
    /// value changes over time is answered in one place: the value of the
    /// table's history period in force on `day` that sets the column, else
    /// the snapshot's ([`TableData::at_on`]; one bounds check when the
    /// table has no history).
    #[inline]
    pub fn value_on(&self, table: &TableData, row: usize, column: usize, day: NaiveDate) -> Value {
        table.at_on(row, column, day)
    }

    /// [`Ctx::value_on`] through a column handle of the plan; `Null` when
    /// the column was not loaded.
    #[inline]
    pub fn value_of(&self, col: Option<Col>, row: usize, day: NaiveDate) -> Value {
        col.map_or(Value::Null, |c| self.value_on(c.table, row, c.column, day))
    }

    /// [`Ctx::value_on`] by column name; `Null` when the column was not
    /// loaded.
    #[inline]
    pub fn value_named_on(
        &self,
        table: &TableData,
        row: usize,
        column: &str,
        day: NaiveDate,
    ) -> Value {
        table
            .column_index(column)
            .map_or(Value::Null, |c| self.value_on(table, row, c, day))
    }

    /// The days a row exists: `start_date`..`end_date` for staff,
    /// `opened`..`closed` for cases, all time for other tables.
    pub fn lifetime(&self, table: &TableData, row: usize) -> Span {
        match self.indexes.lifetimes.get(table.name.as_str()) {
            Some(cell) => cell
                .get_or_init(|| {
                    (0..table.len())
                        .map(|r| self.lifetime_of(table, r))
                        .collect()
                })
                .get(row)
                .copied()
                .unwrap_or((NaiveDate::MIN, NaiveDate::MAX)),
            None => self.lifetime_of(table, row),
        }
    }

    fn lifetime_of(&self, table: &TableData, row: usize) -> Span {
        let (start, end) = match table.name.as_str() {
            schema::STAFF => (self.plan.staff.start_date, self.plan.staff.end_date),
            schema::CASES => (self.plan.cases.opened, self.plan.cases.closed),
            _ => return self.declared_lifetime(table, row),
        };
        // A lifetime is what the export says now: read as of the last day
        // judged (a start or leaving date is not itself dated).
        let on = self.period.last;
        let day = |col: Option<Col>| {
            col.and_then(|c| self.day_of(self.value_on(c.table, row, c.column, on)))
        };
        (
            day(start).unwrap_or(NaiveDate::MIN),
            day(end).unwrap_or(NaiveDate::MAX),
        )
    }

    /// A policy table's `lifetime from START [to END]`, read like a staff
    /// member's dates; a table without one has no bounds.
    fn declared_lifetime(&self, table: &TableData, row: usize) -> Span {
        let declared = self
            .policy
            .tables
            .get(table.name.as_str())
            .and_then(|t| t.lifetime.as_ref());
        let Some(lifetime) = declared else {
            return (NaiveDate::MIN, NaiveDate::MAX);
        };
        let on = self.period.last;
        let day = |column: Option<&String>| {
            column.and_then(|c| self.day_of(self.value_named_on(table, row, c, on)))
        };
        (
            day(Some(&lifetime.start)).unwrap_or(NaiveDate::MIN),
            day(lifetime.end.as_ref()).unwrap_or(NaiveDate::MAX),
        )
    }

    /// Whether a row of `table` is in `group` on `on` (its lifetime aside).
    pub fn member_on(&self, group: &str, table: &TableData, row: usize, on: NaiveDate) -> bool {
        if self.dependence_of(group) == Dependence::Static {
            if let Some(members) = self.static_members(group, table) {
                return members.get(row).copied().unwrap_or(false);
            }
        }
        self.member_raw(group, table, row, on)
    }

    fn member_raw(&self, group: &str, table: &TableData, row: usize, on: NaiveDate) -> bool {
        self.group_tests(group, table)
            .iter()
            .all(|t| t.holds(self, table, row, on))
    }

    /// A group's conditions (its own and its parents'), resolved against
    /// its table (built once; against another table, each time).
    fn group_tests(&self, group: &str, table: &TableData) -> Cow<'_, [RowTest<'a>]> {
        let build = || -> Vec<RowTest<'a>> {
            self.policy
                .group_conditions(group)
                .into_iter()
                .map(|c| RowTest::new(self, table, c))
                .collect()
        };
        if let Some(cell) = self.indexes.group_tests.get(group) {
            let (name, tests) = cell.get_or_init(|| (table.name.clone(), build()));
            if *name == table.name {
                return Cow::Borrowed(tests);
            }
        }
        Cow::Owned(build())
    }

    /// Each row's membership of a group that does not depend on the day,
    /// judged once (on the last day judged); `None` for a group the policy
    /// does not define.
    fn static_members(&self, group: &str, table: &TableData) -> Option<&[bool]> {
        let cell = self.indexes.static_members.get(group)?;
        let members = cell.get_or_init(|| {
            let on = self.period.last;
            let tests = self.group_tests(group, table);
            (0..table.len())
                .map(|row| tests.iter().all(|t| t.holds(self, table, row, on)))
                .collect()
        });
        Some(members)
    }

    /// Whether membership of a group is fixed by the rows' own columns (it
    /// does not change with tenure).
    pub fn is_static(&self, group: &str) -> bool {
        self.dependence_of(group) == Dependence::Static
    }

    fn dependence_of(&self, group: &str) -> Dependence {
        self.plan
            .dependence
            .get(group)
            .copied()
            .unwrap_or(Dependence::Static)
    }

    /// The spans of days within `[lo, hi]` on which the row exists (its
    /// lifetime is `[start, end]`, [`Ctx::lifetime`], found once by the
    /// caller for all the groups it asks about) and is a member of `group`.
    /// Membership that depends on the day is re-judged on each of
    /// [`Ctx::membership_change_days`]. The judges ask through
    /// [`Ctx::applicable_spans_of`], with the group looked up once; the
    /// tests ask for one group's spans here.
    #[cfg(test)]
    pub fn member_spans(
        &self,
        group: &str,
        table: &TableData,
        row: usize,
        span: Span,
        lifetime: Span,
    ) -> Vec<Span> {
        self.member_spans_of(&self.group_ref(group), table, row, span, lifetime)
    }

    /// A group by name, with whether its membership depends on the day
    /// looked up.
    fn group_ref<'c>(&'c self, name: &'c str) -> GroupRef<'c> {
        GroupRef {
            name,
            fixed: self.dependence_of(name) == Dependence::Static,
            members: OnceCell::new(),
        }
    }

    /// The spans of days within `[lo, hi]` on which the row exists (its
    /// lifetime is `[start, end]`, [`Ctx::lifetime`], found once by the
    /// caller for all the groups it asks about) and is a member of `group`,
    /// already looked up. Membership that depends on the day is re-judged
    /// on each of [`Ctx::membership_change_days`].
    fn member_spans_of<'c>(
        &'c self,
        group: &GroupRef<'c>,
        table: &TableData,
        row: usize,
        (lo, hi): Span,
        (start, end): Span,
    ) -> Vec<Span> {
        let (mut lo, mut hi) = (lo.max(start), hi.min(end));
        // A policy version applies only while in force: like a group joined
        // on its effective date and left the day before the next version's.
        if let Some((first, last)) = self.period.in_force {
            (lo, hi) = (lo.max(first), hi.min(last));
        }
        if lo > hi {
            return Vec::new();
        }
        if group.fixed {
            // `member_on`, without asking again whether the group is static.
            // Its members are looked up when a row first needs them, as
            // before the group was looked up once for many rows.
            let members = *group
                .members
                .get_or_init(|| self.static_members(group.name, table));
            let member = match members {
                Some(members) => members.get(row).copied().unwrap_or(false),
                None => self.member_raw(group.name, table, row, lo),
            };
            return if member { vec![(lo, hi)] } else { Vec::new() };
        }
        let group = group.name;
        let breaks = self.membership_change_days(table, row, lo, hi);
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
    pub fn overriding_groups(&self, rule: &str) -> &[&'a str] {
        self.plan.overriders.get(rule).map_or(&[], Vec::as_slice)
    }

    /// What [`Ctx::applicable_spans_of`] needs of `rule` and `group`,
    /// looked up by name once for a rule judged over every row of a table
    /// rather than once a row: whether each group depends on the day, the
    /// overriding rules' groups, and each static group's members (when a
    /// row first needs them).
    pub fn applicable<'c>(&'c self, rule: &str, group: &'c str) -> Applicable<'c> {
        Applicable {
            group: self.group_ref(group),
            overriders: self
                .overriding_groups(rule)
                .iter()
                .map(|g| self.group_ref(g))
                .collect(),
        }
    }

    /// Where a rule applies to a row: member of its group, alive (the
    /// row's `lifetime`, [`Ctx::lifetime`]), not taken over by an
    /// overriding rule; the rule and its groups looked up once
    /// ([`Ctx::applicable`]).
    pub fn applicable_spans_of<'c>(
        &'c self,
        applicable: &Applicable<'c>,
        table: &TableData,
        row: usize,
        lo: NaiveDate,
        hi: NaiveDate,
        lifetime: Span,
    ) -> Vec<Span> {
        let mut spans = self.member_spans_of(&applicable.group, table, row, (lo, hi), lifetime);
        for other in &applicable.overriders {
            if spans.is_empty() {
                break;
            }
            let taken = self.member_spans_of(other, table, row, (lo, hi), lifetime);
            // Most members are in none of the overriding groups.
            if !taken.is_empty() {
                spans = windows::subtract(&spans, &taken);
            }
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
        if on < start
            || on > end
            || !self.period.in_force_on(on)
            || !self.member_on(group, table, row, on)
        {
            return false;
        }
        !self
            .overriding_groups(rule)
            .iter()
            .any(|g| self.member_on(g, table, row, on))
    }

    /// The days in `(lo, hi]` on which a row's membership of a group whose
    /// membership depends on the day may change, sorted, each once: the day
    /// a tenure (from `start_date`, `supervisor_since` or `opened`) reaches a
    /// duration named in a group or eligibility condition, and the day
    /// after (`tenure <= d` stops holding then); and the days on which a
    /// column with a history that a group of the table reads changes: on
    /// the row itself, and on the rows its references name
    /// ([`super::plan::HistoryReads`]). Membership is constant between two
    /// such days. This is the one place that says so.
    pub fn membership_change_days(
        &self,
        table: &TableData,
        row: usize,
        lo: NaiveDate,
        hi: NaiveDate,
    ) -> Vec<NaiveDate> {
        let mut breaks: Vec<NaiveDate> = Vec::new();
        let inside = |d: &NaiveDate| *d > lo && *d <= hi;
        for source in schema::TENURE_ANCHORS {
            // A tenure's anchor may itself have a history (a new
            // supervisor, a new `supervisor_since`): each value it takes.
            let mut anchors: Vec<NaiveDate> = Vec::new();
            if let Some(c) = table.column_index(source) {
                anchors.extend(self.day_of(self.value_on(table, row, c, lo)));
                for p in table.history_periods(row, c) {
                    if p.from <= hi && p.to.is_none_or(|to| to >= lo) {
                        anchors.extend(self.day_of(p.value));
                    }
                }
            }
            for anchor in anchors {
                self.tenure_breaks(anchor, lo, hi, &mut breaks);
            }
        }
        if let Some(reads) = self.plan.history_reads.get(table.name.as_str()) {
            breaks.extend(
                table
                    .change_days(row, &reads.own)
                    .into_iter()
                    .filter(inside),
            );
            for (reference, target, columns) in &reads.through {
                // Every row the reference names at some time within the
                // days (a superset is harmless: membership is re-judged).
                for value in self.named_within(table, row, *reference, lo, hi) {
                    let Value::Str(id) = value else { continue };
                    if let Some(other) = target.row_of(id) {
                        breaks.extend(
                            target
                                .change_days(other, columns)
                                .into_iter()
                                .filter(inside),
                        );
                    }
                }
            }
            for deep in &reads.deep {
                self.deep_change_days(table, row, deep, lo, hi, &mut breaks);
            }
            breaks.retain(inside);
        }
        breaks.sort_unstable();
        breaks.dedup();
        breaks
    }

    /// The days in `(lo, hi]` on which a tenure measured from `anchor`
    /// reaches a threshold of the plan, and the days after.
    /// Every value a reference column of a row holds at some time within
    /// `lo..=hi`: the one in force on `lo`, and each history period's that
    /// overlaps the days.
    fn named_within(
        &self,
        table: &TableData,
        row: usize,
        reference: usize,
        lo: NaiveDate,
        hi: NaiveDate,
    ) -> Vec<Value> {
        let mut named: Vec<Value> = vec![self.value_on(table, row, reference, lo)];
        named.extend(
            table
                .history_periods(row, reference)
                .iter()
                .filter(|p| p.from <= hi && p.to.is_none_or(|to| to >= lo))
                .map(|p| p.value),
        );
        named
    }

    /// The days within `lo..=hi` on which a row reached along a path of
    /// several steps changes what the path reads: every row each step names
    /// at some time within the days is followed (a superset is harmless:
    /// membership is re-judged on each day given).
    fn deep_change_days(
        &self,
        table: &TableData,
        row: usize,
        deep: &DeepRead,
        lo: NaiveDate,
        hi: NaiveDate,
        out: &mut Vec<NaiveDate>,
    ) {
        let mut frontier: Vec<(&TableData, usize)> = vec![(table, row)];
        for (reference, target) in &deep.steps {
            let mut next: Vec<(&TableData, usize)> = Vec::new();
            for (here, r) in &frontier {
                out.extend(here.change_days(*r, &[*reference]));
                for value in self.named_within(here, *r, *reference, lo, hi) {
                    let Value::Str(id) = value else { continue };
                    if let Some(other) = target.row_of(id) {
                        if !next.iter().any(|(_, o)| *o == other) {
                            next.push((*target, other));
                        }
                    }
                }
            }
            frontier = next;
        }
        for (here, r) in frontier {
            out.extend(here.change_days(r, &[deep.column]));
        }
    }

    fn tenure_breaks(
        &self,
        anchor: NaiveDate,
        lo: NaiveDate,
        hi: NaiveDate,
        breaks: &mut Vec<NaiveDate>,
    ) {
        for d in &self.plan.thresholds {
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
}

impl Ctx<'_> {
    /// `sup explain`: each day from the first day judged to `hi` on which a
    /// column with a history changed that moves a row into or out of
    /// `group` (its own columns, and those of the rows its references name)
    /// or that the rule reads besides (`also`: the pro rata share, the
    /// `with` column), with the old and new values and what it did to the
    /// row's membership.
    pub fn trace_changes(
        &self,
        group: &str,
        table: &TableData,
        row: usize,
        also: &[&str],
        hi: NaiveDate,
    ) {
        if !table.any_history() && self.plan.history_reads.is_empty() {
            return;
        }
        let lo = self.period.from;
        let reads = super::plan::group_history_reads(self.policy, self.records, group);
        let mut own: Vec<usize> = reads.own.clone();
        own.extend(
            also.iter()
                .filter_map(|c| table.column_index(c))
                .filter(|c| table.has_history(*c)),
        );
        own.sort_unstable();
        own.dedup();
        let show = |v: Value| {
            if v.is_null() {
                "(empty)".to_string()
            } else {
                self.show(v)
            }
        };
        // What a change on `day` did to the row's membership.
        let moved = |day: NaiveDate| -> String {
            let Some(before) = day.pred_opt() else {
                return String::new();
            };
            let (was, is) = (
                self.member_on(group, table, row, before),
                self.member_on(group, table, row, day),
            );
            match (was, is) {
                (false, true) => format!(": now in `{group}`"),
                (true, false) => format!(": no longer in `{group}`"),
                _ => String::new(),
            }
        };
        // A line for a read (`label`) whose value changed on `day`; nothing
        // when the value stayed the same.
        let note_change = |lines: &mut Vec<(NaiveDate, String)>,
                           day: NaiveDate,
                           label: String,
                           (old, new): (Value, Value)| {
            if old != new {
                lines.push((
                    day,
                    format!(
                        "{label} changed from {} to {}{}",
                        show(old),
                        show(new),
                        moved(day)
                    ),
                ));
            }
        };
        let mut lines: Vec<(NaiveDate, String)> = Vec::new();
        for column in own {
            let name = table
                .columns
                .get(column)
                .map(|c| c.name.as_str())
                .unwrap_or_default();
            for day in table.change_days(row, &[column]) {
                if day < lo || day > hi {
                    continue;
                }
                let Some(before) = day.pred_opt() else {
                    continue;
                };
                let values = (
                    self.value_on(table, row, column, before),
                    self.value_on(table, row, column, day),
                );
                note_change(&mut lines, day, format!("`{name}`"), values);
            }
        }
        for (reference, target, columns) in &reads.through {
            let reference_name = table
                .columns
                .get(*reference)
                .map(|c| c.name.as_str())
                .unwrap_or_default();
            let mut named: Vec<Value> = vec![self.value_on(table, row, *reference, lo)];
            named.extend(
                table
                    .history_periods(row, *reference)
                    .iter()
                    .map(|p| p.value),
            );
            named.sort_by_key(|v| v.sym());
            named.dedup();
            for value in named {
                let Value::Str(id) = value else { continue };
                let Some(other) = target.row_of(id) else {
                    continue;
                };
                for column in columns {
                    let name = target
                        .columns
                        .get(*column)
                        .map(|c| c.name.as_str())
                        .unwrap_or_default();
                    for day in target.change_days(other, &[*column]) {
                        let Some(before) = day.pred_opt() else {
                            continue;
                        };
                        // Only while the reference names that row.
                        if day < lo
                            || day > hi
                            || self.value_on(table, row, *reference, day) != value
                        {
                            continue;
                        }
                        let values = (
                            self.value_on(target, other, *column, before),
                            self.value_on(target, other, *column, day),
                        );
                        let label = format!("`{reference_name}.{name}` ({})", self.text(id));
                        note_change(&mut lines, day, label, values);
                    }
                }
            }
        }
        for deep in &reads.deep {
            // The path's value the day before each day something on the way
            // changes, and that day: a change of any step shows as a change
            // of what the path reads.
            let mut days = Vec::new();
            self.deep_change_days(table, row, deep, lo, hi, &mut days);
            days.sort_unstable();
            days.dedup();
            for day in days.into_iter().filter(|d| *d >= lo && *d <= hi) {
                let Some(before) = day.pred_opt() else {
                    continue;
                };
                let values = (
                    self.deep_value(table, row, deep, before),
                    self.deep_value(table, row, deep, day),
                );
                let label = format!("`{}`", deep_name(table, deep));
                note_change(&mut lines, day, label, values);
            }
        }
        lines.sort();
        for (day, line) in lines {
            self.trace(Some(day), line);
        }
    }

    /// What a path of several steps reads from a row on a day (`Null` when
    /// a reference on the way is empty or names no row).
    fn deep_value(&self, table: &TableData, row: usize, deep: &DeepRead, day: NaiveDate) -> Value {
        let mut here = table;
        let mut row = row;
        for (reference, target) in &deep.steps {
            let Value::Str(id) = self.value_on(here, row, *reference, day) else {
                return Value::Null;
            };
            let Some(next) = target.row_of(id) else {
                return Value::Null;
            };
            here = target;
            row = next;
        }
        self.value_on(here, row, deep.column, day)
    }
}

/// A path of several steps as written: `supervisor.line_manager.registrations`.
fn deep_name(table: &TableData, deep: &DeepRead) -> String {
    let mut here = table;
    let mut words: Vec<&str> = Vec::new();
    for (reference, target) in &deep.steps {
        words.push(here.columns.get(*reference).map_or("", |c| c.name.as_str()));
        here = target;
    }
    words.push(
        here.columns
            .get(deep.column)
            .map_or("", |c| c.name.as_str()),
    );
    words.join(".")
}

/// A group looked up by name once: whether its membership depends on the
/// day, and (for one that does not) its members, found when a row first
/// needs them.
struct GroupRef<'c> {
    name: &'c str,
    fixed: bool,
    members: OnceCell<Option<&'c [bool]>>,
}

/// A rule's group and the groups of the rules overriding it, looked up
/// once ([`Ctx::applicable`]) for [`Ctx::applicable_spans_of`].
pub struct Applicable<'c> {
    group: GroupRef<'c>,
    overriders: Vec<GroupRef<'c>>,
}
