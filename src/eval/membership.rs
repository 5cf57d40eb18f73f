//! Who a rule applies to, on which days: a row's lifetime, group
//! membership over time, and rules that override others. Also the one
//! accessor for a row's column value on a day ([`Ctx::value_on`]) and the
//! one list of days on which membership may change
//! ([`Ctx::membership_change_days`]).

use std::collections::BTreeSet;
use std::rc::Rc;

use chrono::NaiveDate;

use super::context::{Ctx, Dependence};
use super::row_test::RowTest;
use super::schema;
use super::windows::{self, Span};
use crate::policy::{Condition, Expr, Part, RuleBody};
use crate::records::{TableData, Value};

impl<'a> Ctx<'a> {
    /// The value of a loaded column of a row as it stood on `day`. Every
    /// read the evaluator makes of a row's column for a day it judges goes
    /// through here (or [`Ctx::value_named_on`]), so that a column whose
    /// value changes over time is answered in one place. Today a row has one
    /// value per column and `day` is not needed.
    #[inline]
    pub fn value_on(&self, table: &TableData, row: usize, column: usize, day: NaiveDate) -> Value {
        let _ = day;
        table.at(row, column)
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
            schema::STAFF => (schema::staff::START_DATE, schema::staff::END_DATE),
            schema::CASES => (schema::cases::OPENED, schema::cases::CLOSED),
            _ => return (NaiveDate::MIN, NaiveDate::MAX),
        };
        // A lifetime is what the export says now: read as of the last day
        // judged (a start or leaving date is not itself dated).
        let on = self.period.last;
        let start = self
            .day_of(self.value_named_on(table, row, start, on))
            .unwrap_or(NaiveDate::MIN);
        let end = self
            .day_of(self.value_named_on(table, row, end, on))
            .unwrap_or(NaiveDate::MAX);
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
    /// member of `group`. Membership that depends on the day is re-judged on
    /// each of [`Ctx::membership_change_days`].
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

    /// The days in `(lo, hi]` on which a row's membership of a group whose
    /// membership depends on the day may change, sorted, each once: the day
    /// a tenure (from `start_date`, `supervisor_since` or `opened`) reaches a
    /// duration named in a group or eligibility condition, and the day
    /// after (`tenure <= d` stops holding then). Membership is constant
    /// between two such days. This is the one place that says so: dated
    /// column values (attribute histories) add their change days here.
    pub fn membership_change_days(
        &self,
        table: &TableData,
        row: usize,
        lo: NaiveDate,
        hi: NaiveDate,
    ) -> Vec<NaiveDate> {
        let mut breaks: Vec<NaiveDate> = Vec::new();
        for source in schema::TENURE_ANCHORS {
            let Some(anchor) = self.day_of(self.value_named_on(table, row, source, lo)) else {
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
        breaks
    }
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
