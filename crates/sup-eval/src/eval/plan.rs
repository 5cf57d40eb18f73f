//! The plan of one evaluation: every name the evaluator relies on resolved
//! once, before any rule is judged — the standard tables and the columns it
//! reads (as [`Col`] handles), the vocabulary values it tests, the text
//! values the policy's conditions compare with, the tenures at which
//! membership may change, which groups depend on the day, and which rules
//! override which. Built by [`Plan::new`] at the start of `evaluate`; read
//! only afterwards.

use std::collections::{BTreeSet, HashMap};

use super::schema;
use crate::policy::{CompiledPolicy, Condition, Duration, Expr, Literal, Part, RuleBody, Subject};
use crate::records::{FxBuild, Records, Sym, TableData};

/// A loaded column of a loaded table.
#[derive(Debug, Clone, Copy)]
pub struct Col<'a> {
    pub table: &'a TableData,
    pub column: usize,
}

impl<'a> Col<'a> {
    fn find(table: Option<&'a TableData>, name: &str) -> Option<Col<'a>> {
        let table = table?;
        Some(Col {
            table,
            column: table.column_index(name)?,
        })
    }
}

/// `staff` and the columns of it the evaluator reads by name.
#[derive(Debug, Clone, Copy)]
pub struct StaffPlan<'a> {
    pub table: Option<&'a TableData>,
    pub start_date: Option<Col<'a>>,
    pub end_date: Option<Col<'a>>,
    pub supervisor: Option<Col<'a>>,
    pub team: Option<Col<'a>>,
    pub caseload: Option<Col<'a>>,
    pub fte: Option<Col<'a>>,
    pub role: Option<Col<'a>>,
}

/// `sessions` and the columns of it the evaluator reads by name.
#[derive(Debug, Clone, Copy)]
pub struct SessionsPlan<'a> {
    pub table: Option<&'a TableData>,
    pub supervisor: Option<Col<'a>>,
}

/// `cases` and the columns of it the evaluator reads by name.
#[derive(Debug, Clone, Copy)]
pub struct CasesPlan<'a> {
    pub opened: Option<Col<'a>>,
    pub closed: Option<Col<'a>>,
}

/// The vocabulary values the evaluator tests (`None`: no row has it).
#[derive(Debug, Clone, Copy)]
pub struct Syms {
    pub cancelled: Option<Sym>,
}

/// The columns with a history that a table's groups read, for
/// [`super::context::Ctx::membership_change_days`]: a row's membership may
/// change on a day one of them changes.
#[derive(Debug, Default)]
pub struct HistoryReads<'a> {
    /// Columns of the member's own row (including the references below).
    pub own: Vec<usize>,
    /// Columns of another row, read through a reference column of the
    /// member's row (`supervisor.level`, `supervisor in seniors`):
    /// (reference column, referenced table, its columns).
    pub through: Vec<(usize, &'a TableData, Vec<usize>)>,
    /// Paths of more than one step (`supervisor.line_manager.registrations`)
    /// on which some step or the column read has a history.
    pub deep: Vec<DeepRead<'a>>,
}

/// A path of several steps a group reads: membership may change on a day
/// any row on the way changes the column the path reads of it.
#[derive(Debug)]
pub struct DeepRead<'a> {
    /// Each step: the `ref` column (of the table the step before reached,
    /// the member's own table first) and the table it refers to.
    pub steps: Vec<(usize, &'a TableData)>,
    /// The column read of the last step's row.
    pub column: usize,
}

/// Whose membership of a group can change from day to day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dependence {
    /// Fixed by the row's columns: computed once per row.
    Static,
    /// Depends on tenure or another derived column, or reads a column
    /// with a history (its own or through a reference).
    Dated,
}

pub struct Plan<'a> {
    pub staff: StaffPlan<'a>,
    pub sessions: SessionsPlan<'a>,
    pub cases: CasesPlan<'a>,
    pub sym: Syms,
    /// Every text value written in the policy's conditions → its symbol
    /// (`None` when no row has it). A policy has few such values but tests
    /// them on every row.
    pub literals: HashMap<&'a str, Option<Sym>, FxBuild>,
    /// Durations named in group and eligibility conditions: the tenures at
    /// which membership may change, sorted, each once.
    pub thresholds: Vec<Duration>,
    /// Group → whether its membership depends on the day.
    pub dependence: HashMap<&'a str, Dependence, FxBuild>,
    /// Rule → the groups of the rules that override it.
    pub overriders: HashMap<&'a str, Vec<&'a str>, FxBuild>,
    /// Table → the columns with a history its groups read; empty when no
    /// table has a history (an export without history files).
    pub history_reads: HashMap<&'a str, HistoryReads<'a>, FxBuild>,
}

impl<'a> Plan<'a> {
    pub fn new(policy: &'a CompiledPolicy, records: &'a Records) -> Plan<'a> {
        let table = |name: &str| records.tables.get(name);
        let staff = table(schema::STAFF);
        let sessions = table(schema::SESSIONS);
        let cases = table(schema::CASES);
        let mut literals: HashMap<&'a str, Option<Sym>, FxBuild> = HashMap::default();
        for condition in policy.conditions() {
            condition.for_each_part(&mut |part| {
                let mut add = |l: &'a Literal| {
                    if let Literal::Text(t) | Literal::Value(t) = l {
                        literals
                            .entry(t.as_str())
                            .or_insert_with(|| records.interner.get(t));
                    }
                };
                match part {
                    Part::Condition(Condition::Is { values, .. }) => values.iter().for_each(add),
                    Part::Condition(Condition::Has { value, .. }) => add(value),
                    Part::Expr(Expr::Literal { value }) => add(value),
                    _ => {}
                }
            });
        }
        let history_reads = history_reads(policy, records);
        let dependence = policy
            .groups
            .keys()
            .map(|g| {
                let d = if dated(policy, g, &mut BTreeSet::new())
                    || reads_history(policy, records, g, &mut BTreeSet::new())
                {
                    Dependence::Dated
                } else {
                    Dependence::Static
                };
                (g.as_str(), d)
            })
            .collect();
        let overriders = policy
            .rules
            .iter()
            .map(|rule| (rule.name.as_str(), overriding_groups(policy, &rule.name)))
            .collect();
        Plan {
            staff: StaffPlan {
                table: staff,
                start_date: Col::find(staff, schema::staff::START_DATE),
                end_date: Col::find(staff, schema::staff::END_DATE),
                supervisor: Col::find(staff, schema::staff::SUPERVISOR),
                team: Col::find(staff, schema::staff::TEAM),
                caseload: Col::find(staff, schema::staff::CASELOAD),
                fte: Col::find(staff, schema::staff::FTE),
                role: Col::find(staff, schema::staff::ROLE),
            },
            sessions: SessionsPlan {
                table: sessions,
                supervisor: Col::find(sessions, schema::sessions::SUPERVISOR),
            },
            cases: CasesPlan {
                opened: Col::find(cases, schema::cases::OPENED),
                closed: Col::find(cases, schema::cases::CLOSED),
            },
            sym: Syms {
                cancelled: records.interner.get(schema::sym::CANCELLED),
            },
            literals,
            thresholds: thresholds(policy),
            dependence,
            overriders,
            history_reads,
        }
    }
}

/// The durations named in group conditions and eligibility `when` clauses.
fn thresholds(policy: &CompiledPolicy) -> Vec<Duration> {
    let mut out = Vec::new();
    for group in policy.groups.values() {
        if let Some(c) = &group.condition {
            collect_durations(c, &mut out);
        }
    }
    for rule in &policy.rules {
        if let RuleBody::Eligibility(e) = &rule.body {
            for clause in &e.clauses {
                if let Some(w) = &clause.when {
                    collect_durations(w, &mut out);
                }
            }
        }
    }
    out.sort_by_key(|d| (d.unit, d.amount));
    out.dedup();
    out
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

/// Whether a group's membership reads a derived column (tenure), itself or
/// through a group it names.
fn dated(policy: &CompiledPolicy, group: &str, seen: &mut BTreeSet<String>) -> bool {
    if !seen.insert(group.to_string()) {
        return false;
    }
    let Some(g) = policy.groups.get(group) else {
        return false;
    };
    let table = policy.tables.get(&g.table);
    let mut dated_here = false;
    let mut inner_groups: Vec<&str> = Vec::new();
    for c in policy.group_conditions(group) {
        c.for_each_part(&mut |part| match part {
            // A column read through a reference is judged in its own table.
            Part::Expr(Expr::Column { column, .. }) => {
                dated_here |= table
                    .and_then(|t| t.column(column))
                    .is_some_and(|c| c.derived.is_some());
            }
            Part::Expr(Expr::Via(via)) => {
                dated_here |= policy
                    .tables
                    .get(via.column_table())
                    .and_then(|t| t.column(&via.column))
                    .is_some_and(|c| c.derived.is_some());
            }
            Part::Condition(Condition::InGroup { group, .. }) => inner_groups.push(group),
            _ => {}
        });
    }
    for inner in inner_groups {
        dated_here |= dated(policy, inner, seen);
    }
    dated_here
}

/// The columns with a history one group reads (its parents' conditions
/// included), as (own columns, through references). An `in GROUP` test on a
/// referenced row reads that group's own columns of the row.
pub(super) fn group_history_reads<'a>(
    policy: &CompiledPolicy,
    records: &'a Records,
    group: &str,
) -> HistoryReads<'a> {
    let mut reads = HistoryReads::default();
    let Some(table) = policy
        .groups
        .get(group)
        .and_then(|g| records.tables.get(&g.table))
    else {
        return reads;
    };
    let historised = |t: &TableData, name: &str| t.column_index(name).filter(|i| t.has_history(*i));
    let add_through =
        |reads: &mut HistoryReads<'a>, r: usize, target: &'a TableData, c: usize| match reads
            .through
            .iter_mut()
            .find(|(rr, t, _)| *rr == r && std::ptr::eq(*t, target))
        {
            Some((_, _, cols)) => {
                if !cols.contains(&c) {
                    cols.push(c);
                }
            }
            None => reads.through.push((r, target, vec![c])),
        };
    for condition in policy.group_conditions(group) {
        condition.for_each_part(&mut |part| match part {
            Part::Expr(Expr::Column {
                of: Subject::Row,
                column,
            }) => reads.own.extend(historised(table, column)),
            Part::Expr(Expr::Via(via)) if via.of == Subject::Row && !via.then.is_empty() => {
                reads.own.extend(historised(table, &via.reference));
                reads.deep.extend(deep_read(records, table, via));
            }
            Part::Expr(Expr::Via(via)) if via.of == Subject::Row => {
                reads.own.extend(historised(table, &via.reference));
                let (Some(r), Some(target)) = (
                    table.column_index(&via.reference),
                    records.tables.get(&via.table),
                ) else {
                    return;
                };
                if let Some(c) = historised(target, &via.column) {
                    add_through(&mut reads, r, target, c);
                }
            }
            Part::Condition(Condition::InGroup {
                target:
                    Expr::Column {
                        of: Subject::Row,
                        column,
                    },
                group: inner,
            }) => {
                let Some(r) = table.column_index(column) else {
                    return;
                };
                let inner_reads = group_history_reads_own(policy, records, inner);
                if let Some((target, cols)) = inner_reads {
                    for c in cols {
                        add_through(&mut reads, r, target, c);
                    }
                }
            }
            _ => {}
        });
    }
    reads.own.sort_unstable();
    reads.own.dedup();
    reads
}

/// A path of several steps from a row of `table`, when some column it
/// reads on the way has a history (otherwise it never changes membership).
fn deep_read<'a>(
    records: &'a Records,
    table: &'a TableData,
    via: &crate::policy::Via,
) -> Option<DeepRead<'a>> {
    let mut here = table;
    let mut steps = Vec::new();
    let mut any_history = false;
    for (reference, target) in via.steps() {
        let r = here.column_index(reference)?;
        any_history |= here.has_history(r);
        let next = records.tables.get(target)?;
        steps.push((r, next));
        here = next;
    }
    let column = here.column_index(&via.column)?;
    any_history |= here.has_history(column);
    any_history.then_some(DeepRead { steps, column })
}

/// The columns with a history of a group's own rows that its conditions
/// read directly, with the group's table.
fn group_history_reads_own<'a>(
    policy: &CompiledPolicy,
    records: &'a Records,
    group: &str,
) -> Option<(&'a TableData, Vec<usize>)> {
    let table = records.tables.get(&policy.groups.get(group)?.table)?;
    let mut cols = Vec::new();
    for condition in policy.group_conditions(group) {
        condition.for_each_part(&mut |part| {
            if let Part::Expr(Expr::Column {
                of: Subject::Row,
                column,
            }) = part
            {
                cols.extend(table.column_index(column).filter(|i| table.has_history(*i)));
            }
        });
    }
    Some((table, cols))
}

/// Per table, the columns with a history that its groups read (empty when
/// no loaded table has a history).
fn history_reads<'a>(
    policy: &'a CompiledPolicy,
    records: &'a Records,
) -> HashMap<&'a str, HistoryReads<'a>, FxBuild> {
    let mut out: HashMap<&'a str, HistoryReads<'a>, FxBuild> = HashMap::default();
    if !records.tables.values().any(TableData::any_history) {
        return out;
    }
    for (name, group) in &policy.groups {
        let reads = group_history_reads(policy, records, name);
        let entry = out.entry(group.table.as_str()).or_default();
        entry.own.extend(reads.own);
        entry.own.sort_unstable();
        entry.own.dedup();
        for (r, target, cols) in reads.through {
            match entry
                .through
                .iter_mut()
                .find(|(rr, t, _)| *rr == r && std::ptr::eq(*t, target))
            {
                Some((_, _, have)) => {
                    have.extend(cols);
                    have.sort_unstable();
                    have.dedup();
                }
                None => entry.through.push((r, target, cols)),
            }
        }
        entry.deep.extend(reads.deep);
    }
    out.retain(|_, r| !r.own.is_empty() || !r.through.is_empty() || !r.deep.is_empty());
    out
}

/// Whether a group reads a column with a history, itself, through a
/// reference, or through a group it names.
fn reads_history(
    policy: &CompiledPolicy,
    records: &Records,
    group: &str,
    seen: &mut BTreeSet<String>,
) -> bool {
    if !seen.insert(group.to_string()) {
        return false;
    }
    let reads = group_history_reads(policy, records, group);
    if !reads.own.is_empty() || !reads.through.is_empty() || !reads.deep.is_empty() {
        return true;
    }
    let mut inner: Vec<&str> = Vec::new();
    for c in policy.group_conditions(group) {
        c.for_each_part(&mut |part| {
            if let Part::Condition(Condition::InGroup { group, .. }) = part {
                inner.push(group);
            }
        });
    }
    inner
        .into_iter()
        .any(|g| reads_history(policy, records, g, seen))
}

/// The groups of the rules that override `rule`.
fn overriding_groups<'a>(policy: &'a CompiledPolicy, rule: &str) -> Vec<&'a str> {
    policy
        .rules
        .iter()
        .filter(|r| r.overrides.iter().any(|o| o == rule))
        .filter_map(|r| r.body.group())
        .collect()
}
