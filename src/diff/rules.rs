//! Comparing two rules that govern the same thing, aspect by aspect, and the
//! header and definitions of two policies.
//!
//! Each comparison reads "old → new" and judges the new version: stricter
//! when it asks more of people (more often, sooner, of more people, with
//! fewer readers), looser when it asks less. Conformance calls the same code
//! with the framework as "old" and the agency's policy as "new", so "looser"
//! there means "weaker than the framework".

use std::collections::BTreeSet;

use super::conditions::{
    columns, differ_both_ways, implies, implies_optional, relate, GroupRelation,
};
use super::quantity::{self, compare as compare_durations, Length, Shape};
use super::{Aspect, ChangeKind, DefinitionChange, Direction, HeaderChange};
use crate::policy::{
    Access, Alternation, Amount, Attribute, CalendarPeriod, CompiledPolicy, Deadline, DeadlineEnd,
    Duration, DurationUnit, Eligibility, EligibilityClause, Frequency, Limit, Measure, Notify,
    Origin, PartialWindows, Period, Requirement, Retention, RetentionAnchor, Rule, RuleBody,
    Schedule, Window,
};

use Direction::{Looser, Mixed, Neutral, Stricter};

/// The two policies being compared.
pub(crate) struct Sides<'a> {
    pub old: &'a CompiledPolicy,
    pub new: &'a CompiledPolicy,
}

// ---------------------------------------------------------------- what a rule governs

/// What a rule is about, besides who: the thing two versions of a rule must
/// share to be the same rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Object {
    Frequency {
        activities: BTreeSet<String>,
        with_supervisor: Option<String>,
    },
    Eligibility {
        activities: BTreeSet<String>,
    },
    Limit {
        measure: Measure,
        activities: BTreeSet<String>,
    },
    Deadline {
        table: String,
        end_column: String,
    },
    Retention {
        kinds: BTreeSet<String>,
    },
    Access {
        kinds: BTreeSet<String>,
    },
    Attribute {
        columns: BTreeSet<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overlap {
    Same,
    Partly,
    None,
}

fn sets(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Overlap {
    if a == b {
        Overlap::Same
    } else if a.intersection(b).next().is_some() {
        Overlap::Partly
    } else {
        Overlap::None
    }
}

impl Object {
    pub(crate) fn overlap(&self, other: &Object) -> Overlap {
        match (self, other) {
            (
                Object::Frequency {
                    activities: a,
                    with_supervisor: wa,
                },
                Object::Frequency {
                    activities: b,
                    with_supervisor: wb,
                },
            ) => match (sets(a, b), wa == wb) {
                (Overlap::Same, true) => Overlap::Same,
                (Overlap::None, _) => Overlap::None,
                _ => Overlap::Partly,
            },
            (Object::Eligibility { activities: a }, Object::Eligibility { activities: b })
            | (Object::Retention { kinds: a }, Object::Retention { kinds: b })
            | (Object::Access { kinds: a }, Object::Access { kinds: b })
            | (Object::Attribute { columns: a }, Object::Attribute { columns: b }) => sets(a, b),
            (
                Object::Limit {
                    measure: ma,
                    activities: a,
                },
                Object::Limit {
                    measure: mb,
                    activities: b,
                },
            ) if ma == mb => match sets(a, b) {
                Overlap::None if !a.is_empty() && !b.is_empty() => Overlap::None,
                Overlap::None => Overlap::Partly,
                other => other,
            },
            // A caseload counted per full-time equivalent is still the
            // member's caseload: the same rule, measured another way.
            (
                Object::Limit {
                    measure: Measure::Caseload | Measure::CaseloadPerFte,
                    ..
                },
                Object::Limit {
                    measure: Measure::Caseload | Measure::CaseloadPerFte,
                    ..
                },
            ) => Overlap::Partly,
            (
                Object::Deadline {
                    table: ta,
                    end_column: ea,
                },
                Object::Deadline {
                    table: tb,
                    end_column: eb,
                },
            ) if ta == tb && ea == eb => Overlap::Same,
            _ => Overlap::None,
        }
    }
}

fn set(items: &[String]) -> BTreeSet<String> {
    items.iter().cloned().collect()
}

pub(crate) fn object(rule: &Rule) -> Object {
    match &rule.body {
        RuleBody::Frequency(f) => Object::Frequency {
            activities: set(&f.activities),
            with_supervisor: f.with_supervisor.clone(),
        },
        RuleBody::Eligibility(e) => Object::Eligibility {
            activities: set(&e.activities),
        },
        RuleBody::Limit(l) => Object::Limit {
            measure: l.measure,
            activities: set(&l.activities),
        },
        RuleBody::Deadline(d) => Object::Deadline {
            table: d.table.clone(),
            end_column: d.end_column.clone(),
        },
        RuleBody::Retention(r) => Object::Retention {
            kinds: set(&r.record_kinds),
        },
        RuleBody::Access(a) => Object::Access {
            kinds: set(&a.record_kinds),
        },
        RuleBody::Attribute(a) => Object::Attribute {
            columns: columns(&a.condition).into_iter().collect(),
        },
    }
}

/// The group a rule is about, for the families that have one.
pub(crate) fn group(rule: &Rule) -> Option<&str> {
    match &rule.body {
        RuleBody::Frequency(f) => Some(&f.group),
        RuleBody::Eligibility(e) => Some(&e.group),
        RuleBody::Limit(l) => Some(&l.group),
        RuleBody::Attribute(a) => Some(&a.group),
        RuleBody::Deadline(_) | RuleBody::Retention(_) | RuleBody::Access(_) => None,
    }
}

/// What a rule governs, in the policy's own names.
pub(crate) fn governs(rule: &Rule) -> String {
    match &rule.body {
        RuleBody::Frequency(f) => {
            let with = f
                .with_supervisor
                .as_ref()
                .map_or(String::new(), |w| format!(" with {w}"));
            format!("{}{with} for {}", f.activities.join(" or "), f.group)
        }
        RuleBody::Eligibility(e) => {
            format!(
                "supervisors of {} for {}",
                e.activities.join(" or "),
                e.group
            )
        }
        RuleBody::Limit(l) => {
            let of = if l.activities.is_empty() {
                String::new()
            } else {
                format!(" of {}", l.activities.join(" or "))
            };
            format!("{}{of} for {}", l.measure.name(), l.group)
        }
        RuleBody::Deadline(d) => format!(
            "{} on {}",
            d.end_column,
            d.activity.as_deref().unwrap_or(&d.table)
        ),
        RuleBody::Retention(r) => format!("{} records", r.record_kinds.join(", ")),
        RuleBody::Access(a) => format!("{} records", a.record_kinds.join(", ")),
        RuleBody::Attribute(a) => format!(
            "every member of {} ({})",
            a.group,
            columns(&a.condition)
                .iter()
                .map(|c| c.trim_start_matches("row."))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A rule as written, without its name, on one line.
pub(crate) fn summary(rule: &Rule) -> String {
    let text = rule
        .text
        .split_once(':')
        .map_or(rule.text.as_str(), |(_, rest)| rest);
    one_line(text)
}

fn one_line(text: &str) -> String {
    text.lines()
        .map(|l| l.split(" #").next().unwrap_or(l).trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------- comparing rules

/// Every way `new` differs from `old`, each judged; empty when they mean the same.
pub(crate) fn compare(s: &Sides<'_>, old: &Rule, new: &Rule) -> Vec<Aspect> {
    let mut out = Vec::new();
    match (&old.body, &new.body) {
        (RuleBody::Frequency(a), RuleBody::Frequency(b)) => frequency(s, a, b, &mut out),
        (RuleBody::Eligibility(a), RuleBody::Eligibility(b)) => eligibility(s, a, b, &mut out),
        (RuleBody::Limit(a), RuleBody::Limit(b)) => limit(s, a, b, &mut out),
        (RuleBody::Deadline(a), RuleBody::Deadline(b)) => deadline(s, a, b, &mut out),
        (RuleBody::Retention(a), RuleBody::Retention(b)) => retention(a, b, &mut out),
        (RuleBody::Access(a), RuleBody::Access(b)) => access(a, b, &mut out),
        (RuleBody::Attribute(a), RuleBody::Attribute(b)) => attribute(s, a, b, &mut out),
        _ => {}
    }
    options(old, new, &mut out);
    out
}

/// Options every family has: who may waive, what it overrides, its name.
fn options(old: &Rule, new: &Rule, out: &mut Vec<Aspect>) {
    let (a, b) = (set(&old.waivable_by), set(&new.waivable_by));
    if a != b {
        let added: Vec<String> = b.difference(&a).cloned().collect();
        let removed: Vec<String> = a.difference(&b).cloned().collect();
        let (direction, reason) = match (added.is_empty(), removed.is_empty()) {
            (false, true) => (
                Looser,
                format!("{} may now approve a departure", names(&added)),
            ),
            (true, false) => (
                Stricter,
                format!("{} may no longer approve a departure", names(&removed)),
            ),
            _ => (
                Mixed,
                format!(
                    "{} may now approve a departure, {} no longer",
                    names(&added),
                    names(&removed)
                ),
            ),
        };
        out.push(Aspect::new(
            "who may waive it",
            or_none(&old.waivable_by),
            or_none(&new.waivable_by),
            direction,
            reason,
        ));
    }
    if set(&old.overrides) != set(&new.overrides) {
        out.push(Aspect::new(
            "which rules it replaces",
            or_none(&old.overrides),
            or_none(&new.overrides),
            Neutral,
            "it replaces other rules for those it covers: stricter or looser depending on those rules",
        ));
    }
    if old.name != new.name {
        out.push(Aspect::new(
            "name",
            &old.name,
            &new.name,
            Neutral,
            format!(
                "renamed; waivers recorded against `{}` no longer name it",
                old.name
            ),
        ));
    }
}

fn names(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

// ---------------------------------------------------------------- who

/// A group's name and who its members are: "`nqsw` (their tags include ASYE)".
fn group_words(policy: &CompiledPolicy, group: &str) -> String {
    format!("`{group}` ({})", members(policy, group))
}

/// Who the members of a group are, in words, ancestors' conditions included.
fn members(policy: &CompiledPolicy, group: &str) -> String {
    let Some(g) = policy.groups.get(group) else {
        return "not defined".to_string();
    };
    let conditions = policy.group_conditions(group);
    if conditions.is_empty() {
        return format!("every row of `{}`", g.table);
    }
    let words: Vec<String> = conditions
        .iter()
        .map(|c| crate::describe::describe_condition(policy, c, &g.table))
        .collect();
    words.join(" and ")
}

/// What a group's members are, in words: staff are people, but a group may
/// choose cases or rows of another table.
fn whom(policy: &CompiledPolicy, group: &str) -> &'static str {
    match policy.groups.get(group).map(|g| g.table.as_str()) {
        Some("staff") | None => "people",
        Some("cases") => "cases",
        Some(_) => "rows",
    }
}

pub(crate) fn who(s: &Sides<'_>, old: &str, new: &str, out: &mut Vec<Aspect>) {
    let relation = relate(s.old, old, s.new, new);
    let renamed = old != new;
    let people = whom(s.new, new);
    let (direction, reason) = match (relation, renamed) {
        // The same members, whatever the group is called: no change.
        (GroupRelation::Same, _) => return,
        (GroupRelation::Wider, false) => (
            Stricter,
            format!(
                "`{new}` was redefined to take in more {people} (now: {}; before: {})",
                members(s.new, new),
                members(s.old, old)
            ),
        ),
        (GroupRelation::Wider, true) => (
            Stricter,
            format!(
                "applies to more {people}: {} takes in everyone in {} and more",
                group_words(s.new, new),
                group_words(s.old, old)
            ),
        ),
        (GroupRelation::Narrower, false) => (
            Looser,
            format!(
                "`{new}` was redefined to take in fewer {people} (now: {}; before: {})",
                members(s.new, new),
                members(s.old, old)
            ),
        ),
        (GroupRelation::Narrower, true) => (
            Looser,
            format!(
                "applies to fewer {people}: {} instead of {}",
                group_words(s.new, new),
                group_words(s.old, old)
            ),
        ),
        (GroupRelation::Different, false) => (
            Mixed,
            format!(
                "`{new}` was redefined (now: {}; before: {}); some {people} are newly covered and others no longer",
                members(s.new, new),
                members(s.old, old)
            ),
        ),
        (GroupRelation::Different, true) => (
            Mixed,
            format!(
                "applies to {} instead of {}; neither takes in everyone in the other",
                group_words(s.new, new),
                group_words(s.old, old)
            ),
        ),
        // Not shown either way is not a direction.
        (GroupRelation::Unknown, false) => (
            Neutral,
            format!(
                "`{new}` was redefined (now: {}; before: {}); cannot tell whether it takes in more {people} or fewer",
                members(s.new, new),
                members(s.old, old)
            ),
        ),
        (GroupRelation::Unknown, true) => (
            Neutral,
            format!(
                "applies to {} instead of {}; cannot tell whether either takes in everyone in the other",
                group_words(s.new, new),
                group_words(s.old, old)
            ),
        ),
    };
    out.push(Aspect::new(
        "who it applies to",
        old,
        new,
        direction,
        reason,
    ));
}

/// A change to a list of kinds (of session, of record) a rule covers.
/// `more_is_stricter`: covering more kinds asks more (judging more sessions)
/// rather than less (counting more sessions towards a requirement).
fn kinds(
    what: &str,
    old: &[String],
    new: &[String],
    more_is_stricter: bool,
    out: &mut Vec<Aspect>,
) {
    let (a, b) = (set(old), set(new));
    if a == b {
        return;
    }
    let added: Vec<String> = b.difference(&a).cloned().collect();
    let removed: Vec<String> = a.difference(&b).cloned().collect();
    let (more, less) = if more_is_stricter {
        (Stricter, Looser)
    } else {
        (Looser, Stricter)
    };
    let (direction, reason) = match (added.is_empty(), removed.is_empty()) {
        (false, true) => (more, format!("now also {}", names(&added))),
        (true, false) => (less, format!("no longer {}", names(&removed))),
        _ => (
            Mixed,
            format!("now {} but no longer {}", names(&added), names(&removed)),
        ),
    };
    out.push(Aspect::new(
        what,
        old.join(" or "),
        new.join(" or "),
        direction,
        reason,
    ));
}

/// How a rule uses the rows of an activity, which decides whether more of
/// them asks more or less.
#[derive(Clone, Copy)]
enum ActivityUse {
    /// They count towards a requirement: more rows is looser.
    Counted,
    /// They are judged: more rows is stricter.
    Judged,
    /// The next one ends a deadline (`before the next ...`): more rows
    /// bring it sooner, which is stricter.
    Next,
}

/// An activity the rule names in both versions whose definition changed
/// (another date column, other rows): the rule counts or judges other rows
/// even though its own words are the same, so the change is judged on it.
fn activity_definitions(
    s: &Sides<'_>,
    old: &[String],
    new: &[String],
    used: ActivityUse,
    out: &mut Vec<Aspect>,
) {
    for name in old.iter().filter(|n| new.contains(n)) {
        let (Some(a), Some(b)) = (s.old.activities.get(name), s.new.activities.get(name)) else {
            continue;
        };
        let mut parts: Vec<(Direction, String)> = Vec::new();
        if (&a.table, &a.subject_column) != (&b.table, &b.subject_column) {
            parts.push((
                Neutral,
                format!(
                    "now rows of `{}` by `{}`, was `{}` by `{}`: other rows, which cannot be compared",
                    b.table, b.subject_column, a.table, a.subject_column
                ),
            ));
        } else if a.filter != b.filter {
            let more = implies_optional(a.filter.as_ref(), b.filter.as_ref());
            let fewer = implies_optional(b.filter.as_ref(), a.filter.as_ref());
            let (more_rows, fewer_rows, verb) = match used {
                ActivityUse::Counted => (Looser, Stricter, "count"),
                ActivityUse::Judged => (Stricter, Looser, "are judged"),
                ActivityUse::Next => (Stricter, Looser, "can be the next one"),
            };
            match (more, fewer) {
                (true, true) => {}
                (true, false) => parts.push((more_rows, format!("more rows {verb}"))),
                (false, true) => parts.push((fewer_rows, format!("fewer rows {verb}"))),
                (false, false) => match (&a.filter, &b.filter) {
                    (Some(x), Some(y)) if differ_both_ways(x, y) => parts.push((
                        Mixed,
                        format!("other rows {verb}: some newly, some no longer"),
                    )),
                    _ => parts.push((
                        Neutral,
                        format!("cannot tell whether more or fewer rows {verb}"),
                    )),
                },
            }
        }
        if a.date_column != b.date_column {
            parts.push((
                Neutral,
                format!(
                    "dated by `{}` instead of `{}`: which is stricter depends on each row's dates",
                    b.date_column, a.date_column
                ),
            ));
        }
        if parts.is_empty() {
            continue;
        }
        let direction = Direction::combine(parts.iter().map(|p| p.0));
        let words: Vec<String> = parts.into_iter().map(|p| p.1).collect();
        let describe = |policy: &CompiledPolicy, x: &crate::policy::Activity| {
            format!(
                "{} by {} on {}{}",
                x.table,
                x.subject_column,
                x.date_column,
                x.filter.as_ref().map_or(String::new(), |c| format!(
                    " where {}",
                    crate::describe::describe_condition(policy, c, &x.table)
                ))
            )
        };
        out.push(Aspect::new(
            format!("definition of `{name}`"),
            describe(s.old, a),
            describe(s.new, b),
            direction,
            format!("`{name}` was redefined: {}", words.join("; ")),
        ));
    }
}

// ---------------------------------------------------------------- frequency

fn frequency(s: &Sides<'_>, a: &Frequency, b: &Frequency, out: &mut Vec<Aspect>) {
    who(s, &a.group, &b.group, out);
    kinds(
        "which sessions count",
        &a.activities,
        &b.activities,
        false,
        out,
    );
    activity_definitions(s, &a.activities, &b.activities, ActivityUse::Counted, out);
    match (&a.with_supervisor, &b.with_supervisor) {
        (None, Some(c)) => out.push(Aspect::new(
            "with whom",
            "any supervisor",
            c,
            Stricter,
            format!("only sessions with the member's `{c}` count now"),
        )),
        (Some(c), None) => out.push(Aspect::new(
            "with whom",
            c,
            "any supervisor",
            Looser,
            format!("sessions with any supervisor count now, not only with the member's `{c}`"),
        )),
        (Some(x), Some(y)) if x != y => out.push(Aspect::new(
            "with whom",
            x,
            y,
            Neutral,
            format!("sessions must now be with the member's `{y}`, not `{x}`"),
        )),
        _ => {}
    }
    schedule(s, &a.schedule, &b.schedule, out);
    match (&a.pro_rata, &b.pro_rata) {
        (None, Some(c)) => out.push(Aspect::new(
            "part-time staff",
            "not pro rata",
            format!("pro rata by {c}"),
            Looser,
            format!("now pro rata by `{c}`: part-time staff need proportionally fewer"),
        )),
        (Some(c), None) => out.push(Aspect::new(
            "part-time staff",
            format!("pro rata by {c}"),
            "not pro rata",
            Stricter,
            "no longer pro rata: part-time staff need the full amount",
        )),
        (Some(x), Some(y)) if x != y => out.push(Aspect::new(
            "part-time staff",
            format!("pro rata by {x}"),
            format!("pro rata by {y}"),
            Neutral,
            format!("pro-rated by `{y}` instead of `{x}`"),
        )),
        _ => {}
    }
    if a.partial_windows != b.partial_windows {
        let rank = |p: PartialWindows| match p {
            PartialWindows::Ignored => 0,
            PartialWindows::Prorated => 1,
            PartialWindows::Full => 2,
        };
        let words = |p: PartialWindows| match p {
            PartialWindows::Ignored => "partial windows ignored",
            PartialWindows::Prorated => "partial windows prorated",
            PartialWindows::Full => "partial windows in full",
        };
        let stricter = rank(b.partial_windows) > rank(a.partial_windows);
        out.push(Aspect::new(
            "starters and leavers",
            words(a.partial_windows),
            words(b.partial_windows),
            if stricter { Stricter } else { Looser },
            if stricter {
                "people covered for only part of a window must now meet more of the requirement"
            } else {
                "people covered for only part of a window must now meet less of the requirement"
            },
        ));
    }
    let turns = |x: &Alternation| format!("alternating between {} and {}", x.first, x.second);
    match (&a.alternating, &b.alternating) {
        (None, Some(y)) => out.push(Aspect::new(
            "taking turns",
            "anyone may lead",
            turns(y),
            Stricter,
            format!(
                "`{}` and `{}` must now take turns: neither may lead two sessions in a row",
                y.first, y.second
            ),
        )),
        (Some(x), None) => out.push(Aspect::new(
            "taking turns",
            turns(x),
            "anyone may lead",
            Looser,
            format!(
                "`{}` and `{}` no longer have to take turns",
                x.first, x.second
            ),
        )),
        // The same two people in either order take the same turns.
        (Some(x), Some(y))
            if (x.first != y.first || x.second != y.second)
                && (x.first != y.second || x.second != y.first) =>
        {
            out.push(Aspect::new(
                "taking turns",
                turns(x),
                turns(y),
                Mixed,
                "different people must take turns",
            ))
        }
        _ => {}
    }
}

/// One phase of a schedule: the tenure it covers and its requirement.
struct Stretch<'a> {
    from: Duration,
    until: Option<Duration>,
    requirement: &'a Requirement,
}

fn stretches(schedule: &Schedule) -> Vec<Stretch<'_>> {
    match schedule {
        Schedule::Fixed { requirement } => vec![Stretch {
            from: Duration::new(0, DurationUnit::Days),
            until: None,
            requirement,
        }],
        Schedule::ByTenure { phases } => phases
            .iter()
            .map(|p| Stretch {
                from: p.from,
                until: p.until,
                requirement: &p.requirement,
            })
            .collect(),
    }
}

fn active<'a>(stretches: &'a [Stretch<'a>], at: f64) -> Option<&'a Requirement> {
    stretches
        .iter()
        .find(|p| {
            p.from.approx_minutes() <= at + 1.0
                && p.until.is_none_or(|u| u.approx_minutes() > at + 1.0)
        })
        .map(|p| p.requirement)
}

/// A stretch of tenure (start, end) and the old and new requirements there.
type Piece<'a> = (
    Duration,
    Option<Duration>,
    Option<&'a Requirement>,
    Option<&'a Requirement>,
);

fn schedule(s: &Sides<'_>, old: &Schedule, new: &Schedule, out: &mut Vec<Aspect>) {
    // The same words may still mean other windows: a calendar redefined.
    if old == new
        && stretches(old)
            .iter()
            .all(|p| same_requirement(s, p.requirement, p.requirement))
    {
        return;
    }
    let (a, b) = (stretches(old), stretches(new));
    let phased =
        matches!(old, Schedule::ByTenure { .. }) || matches!(new, Schedule::ByTenure { .. });
    // Cut the tenure line wherever either schedule changes phase.
    let mut cuts: Vec<Duration> = Vec::new();
    for p in a.iter().chain(&b) {
        for d in std::iter::once(p.from).chain(p.until) {
            if !cuts
                .iter()
                .any(|c| (c.approx_minutes() - d.approx_minutes()).abs() < 1.0)
            {
                cuts.push(d);
            }
        }
    }
    cuts.sort_by(|x, y| x.approx_minutes().total_cmp(&y.approx_minutes()));
    // Each stretch of tenure: its start, end, and both requirements.
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    for (i, start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).copied();
        let at = start.approx_minutes();
        let (ro, rn) = (active(&a, at), active(&b, at));
        if ro.is_none() && rn.is_none() {
            continue;
        }
        match pieces.last_mut() {
            Some(last) if last.1.is_some_and(|e| e == *start) && last.2 == ro && last.3 == rn => {
                last.1 = end;
            }
            _ => pieces.push((*start, end, ro, rn)),
        }
    }
    for (start, end, ro, rn) in pieces {
        let what = if phased {
            tenure_words(start, end)
        } else {
            "how often".to_string()
        };
        let text = |r: Option<&Requirement>| r.map_or("nothing".to_string(), requirement_text);
        let (direction, reason) = match (ro, rn) {
            (Some(x), Some(y)) => match requirement_change(s, x, y) {
                Some(change) => change,
                None => continue,
            },
            (None, Some(_)) => (Stricter, "a requirement where there was none".to_string()),
            (Some(_), None) => (Looser, "no requirement any more".to_string()),
            (None, None) => continue,
        };
        out.push(Aspect::new(what, text(ro), text(rn), direction, reason));
    }
}

fn tenure_words(start: Duration, end: Option<Duration>) -> String {
    match (start.is_zero(), end) {
        (true, Some(e)) => format!("tenure under {e}"),
        (true, None) => "any tenure".to_string(),
        (false, Some(e)) => format!("tenure from {start} to {e}"),
        (false, None) => format!("tenure from {start}"),
    }
}

fn period_words(p: CalendarPeriod) -> &'static str {
    match p {
        CalendarPeriod::Week => "week",
        CalendarPeriod::Fortnight => "fortnight",
        CalendarPeriod::Month => "month",
        CalendarPeriod::Quarter => "quarter",
        CalendarPeriod::Year => "year",
        CalendarPeriod::FinancialYear => "financial year",
        CalendarPeriod::AcademicYear => "academic year",
    }
}

/// A fixed period as a window in words: "calendar month", but "financial
/// year" (a financial or academic year is not a calendar one).
fn calendar_period_words(p: CalendarPeriod) -> String {
    match p {
        CalendarPeriod::FinancialYear | CalendarPeriod::AcademicYear => period_words(p).to_string(),
        _ => format!("calendar {}", period_words(p)),
    }
}

fn window_text(w: &Window) -> String {
    match w {
        Window::Calendar { period } => format!("per {}", period_words(*period)),
        Window::Rolling { length } => format!("in any {length}"),
        Window::Periods { calendar } => format!("in each {calendar}"),
    }
}

pub(crate) fn requirement_text(r: &Requirement) -> String {
    match r {
        Requirement::Count { min, window } => format!("at least {min} {}", window_text(window)),
        Requirement::Gap { max } => format!("every {max}"),
        Requirement::Time {
            min,
            window,
            scaled_by,
        } => {
            let scaled = scaled_by
                .as_ref()
                .map_or(String::new(), |c| format!(" scaled by {c}"));
            format!("at least {min} {}{scaled}", window_text(window))
        }
    }
}

/// How two durations compare, in words: "5 working days is longer than 48
/// hours (5 working days is 7 to 13 days)"; when it depends on the start
/// date, where each way holds ("30 days is shorter than 1 month in months
/// of 31 days, as long in months of 30 days and longer in February").
fn duration_words(old: Duration, new: Duration, length: Length) -> String {
    let calendar = working_days_in(&[old, new])
        .then(quantity::holidays_change_words)
        .flatten();
    // The same words, other holidays skipped: say which, not "5 working
    // days is longer than 5 working days".
    if old == new {
        let how = match length {
            Length::Same => "are as long as before",
            Length::Shorter => "are never longer and sometimes shorter",
            Length::Longer => "are never shorter and sometimes longer",
            Length::Depends => "are shorter on some dates and longer on others",
        };
        let why = calendar.map_or(String::new(), |w| format!(" ({w})"));
        return format!("{new} {how}{why}");
    }
    let mut text = match length {
        Length::Same => format!("{new} is the same as {old}"),
        Length::Shorter => format!("{new} is shorter than {old}"),
        Length::Longer => format!("{new} is longer than {old}"),
        Length::Depends => quantity::depends_words(old, new),
    };
    let why: Vec<String> = quantity::explain(old, new)
        .into_iter()
        .chain(calendar)
        .collect();
    if !why.is_empty() {
        text.push_str(&format!(" ({})", why.join("; ")));
    }
    text
}

/// Whether any of `durations` is in working days.
fn working_days_in(durations: &[Duration]) -> bool {
    durations
        .iter()
        .any(|d| d.unit == DurationUnit::WorkingDays)
}

/// Judge a change of duration. `shorter_is_stricter` for deadlines and
/// gaps; the opposite for times that must be spent or kept. When which is
/// longer depends on the date (`30 days` against `1 month`) the change is
/// mixed: stricter on some dates and looser on others.
fn duration_change(old: Duration, new: Duration, shorter_is_stricter: bool) -> (Direction, String) {
    let length = compare_durations(old, new);
    let direction = match length {
        Length::Same => Neutral,
        Length::Depends => Mixed,
        Length::Shorter if shorter_is_stricter => Stricter,
        Length::Longer if !shorter_is_stricter => Stricter,
        _ => Looser,
    };
    (direction, duration_words(old, new, length))
}

/// Two durations of the same length however written (`2 weeks`, `14 days`).
fn same_length(a: Duration, b: Duration) -> bool {
    compare_durations(a, b) == Length::Same
}

/// How many a year a requirement asks for, roughly.
fn per_year(r: &Requirement, policy: &CompiledPolicy) -> Option<f64> {
    match r {
        Requirement::Count { min, window } => {
            let days = quantity::typical_days(quantity::shape(window, policy)?);
            (days > 0.0).then(|| f64::from(*min) * 365.25 / days)
        }
        Requirement::Gap { max } => {
            let days = max.approx_minutes() / 1440.0;
            (days > 0.0).then(|| 365.25 / days)
        }
        Requirement::Time { .. } => None,
    }
}

fn rate_words(x: f64) -> String {
    if x >= 10.0 || (x - x.round()).abs() < 0.05 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// True when meeting requirement `a` (in policy `pa`) always meets `b` (in
/// `pb`); `None` when the two cannot be compared.
fn guarantees(
    pa: &CompiledPolicy,
    a: &Requirement,
    pb: &CompiledPolicy,
    b: &Requirement,
) -> Option<bool> {
    match b {
        Requirement::Count { min, window } => {
            let target = quantity::shape(window, pb)?;
            match a {
                Requirement::Count { min: n, window: w } => {
                    if let Some(whole) = whole_periods(pa, w, pb, window) {
                        return Some(n.saturating_mul(whole) >= *min);
                    }
                    let inner = quantity::shape(w, pa)?;
                    Some(n.saturating_mul(quantity::whole_windows(inner, target)) >= *min)
                }
                Requirement::Gap { max } => Some(quantity::events_with_gap(*max, target) >= *min),
                Requirement::Time { .. } => None,
            }
        }
        Requirement::Gap { max } => match a {
            Requirement::Gap { max: h } => Some(matches!(
                compare_durations(*max, *h),
                Length::Same | Length::Shorter
            )),
            Requirement::Count { min: n, window } if *n >= 1 => {
                let shape = quantity::shape(window, pa)?;
                Some(match shape {
                    // One in every stretch of `w` starting anywhere: the next
                    // comes at most `w` after each, measured as `w` is (in
                    // months when both are in months), so `at least 1 in any
                    // 1 month` is `every 1 month`.
                    Shape::Rolling(w) => {
                        matches!(compare_durations(*max, w), Length::Same | Length::Shorter)
                    }
                    _ => quantity::longest_gap(shape) <= quantity::bounds(*max).0,
                })
            }
            Requirement::Count { .. } => Some(false),
            Requirement::Time { .. } => None,
        },
        Requirement::Time {
            min,
            window,
            scaled_by,
        } => match a {
            Requirement::Time {
                min: u,
                window: w,
                scaled_by: sa,
            } if sa == scaled_by => {
                let whole = match whole_periods(pa, w, pb, window) {
                    Some(whole) => whole,
                    None => quantity::whole_windows(
                        quantity::shape(w, pa)?,
                        quantity::shape(window, pb)?,
                    ),
                };
                Some(quantity::bounds(*u).0 * f64::from(whole) >= quantity::bounds(*min).1)
            }
            _ => None,
        },
    }
}

/// The periods of the declared calendar a window counts in (`in each
/// half_term`), if it is one.
fn declared_periods<'p>(window: &Window, policy: &'p CompiledPolicy) -> Option<&'p [Period]> {
    match window {
        Window::Periods { calendar } => policy.calendars.get(calendar).map(|c| &c.periods[..]),
        Window::Calendar { .. } | Window::Rolling { .. } => None,
    }
}

/// When both windows are declared calendars: how many whole periods of
/// `inner` (in `pa`) each period of `outer` (in `pb`) always holds, the
/// fewest over `outer`'s periods. Compared date by date, so a calendar
/// redefined under the same name (a term split in two, a year added) is
/// judged by its periods, not its name.
fn whole_periods(
    pa: &CompiledPolicy,
    inner: &Window,
    pb: &CompiledPolicy,
    outer: &Window,
) -> Option<u32> {
    let (inner, outer) = (declared_periods(inner, pa)?, declared_periods(outer, pb)?);
    let fewest = outer
        .iter()
        .map(|o| {
            inner
                .iter()
                .filter(|i| i.start >= o.start && i.end <= o.end)
                .count()
        })
        .min()
        // A calendar with no periods asks for nothing.
        .map_or(u32::MAX, |n| u32::try_from(n).unwrap_or(u32::MAX));
    Some(fewest)
}

/// The same window in both versions: the same words and, for a declared
/// calendar, the same periods (a calendar redefined under its old name is
/// not the same window).
fn same_window(s: &Sides<'_>, a: &Window, b: &Window) -> bool {
    a == b
        && declared_periods(a, s.old) == declared_periods(b, s.new)
        && !matches!(b, Window::Rolling { length } if working_days_moved(*length))
}

/// A duration in working days when the two versions skip different
/// holidays: the same words, but another length of time.
fn working_days_moved(d: Duration) -> bool {
    d.unit == DurationUnit::WorkingDays && quantity::holidays_differ()
}

/// The same requirement in both versions: the same words over the same
/// windows (see [`same_window`]).
fn same_requirement(s: &Sides<'_>, old: &Requirement, new: &Requirement) -> bool {
    old == new
        && match (old, new) {
            (Requirement::Count { window: a, .. }, Requirement::Count { window: b, .. }) => {
                same_window(s, a, b)
            }
            (
                Requirement::Time {
                    min: x, window: a, ..
                },
                Requirement::Time { window: b, .. },
            ) => same_window(s, a, b) && !working_days_moved(*x),
            (Requirement::Gap { max }, _) => !working_days_moved(*max),
            _ => true,
        }
}

/// Two requirements that differ at most in their windows.
fn same_apart_from_window(old: &Requirement, new: &Requirement) -> bool {
    match (old, new) {
        (Requirement::Count { min: a, .. }, Requirement::Count { min: b, .. }) => a == b,
        (
            Requirement::Time {
                min: a,
                scaled_by: x,
                ..
            },
            Requirement::Time {
                min: b,
                scaled_by: y,
                ..
            },
        ) => a == b && x == y && !working_days_moved(*a),
        _ => false,
    }
}

/// A declared calendar's periods in words: "2 periods from 2025-09-01 to
/// 2026-07-20".
fn calendar_span(c: &crate::policy::Calendar) -> String {
    match (c.periods.first(), c.periods.last()) {
        (Some(f), Some(l)) if c.periods.len() == 1 => {
            format!("1 period from {} to {}", f.start, l.end)
        }
        (Some(f), Some(l)) => {
            format!("{} periods from {} to {}", c.periods.len(), f.start, l.end)
        }
        _ => "no periods".to_string(),
    }
}

/// When a requirement counts in a declared calendar that was redefined
/// under the same name: what changed, for the reason.
fn redefined_calendar_words(s: &Sides<'_>, old: &Requirement, new: &Requirement) -> Option<String> {
    let window = |r: &Requirement| match r {
        Requirement::Count { window, .. } | Requirement::Time { window, .. } => {
            Some(window.clone())
        }
        Requirement::Gap { .. } => None,
    };
    let (Some(Window::Periods { calendar: x }), Some(Window::Periods { calendar: y })) =
        (window(old), window(new))
    else {
        return None;
    };
    let (a, b) = (s.old.calendars.get(&x)?, s.new.calendars.get(&y)?);
    (x == y && a.periods != b.periods).then(|| {
        format!(
            "`{y}` was redefined: now {}, was {}",
            calendar_span(b),
            calendar_span(a)
        )
    })
}

/// The kind of window a requirement counts in, in words, for reasons.
fn shape_change_words(s: &Sides<'_>, old: &Requirement, new: &Requirement) -> Option<String> {
    let shape = |r: &Requirement, p: &CompiledPolicy| match r {
        Requirement::Count { window, .. } | Requirement::Time { window, .. } => {
            quantity::shape(window, p)
        }
        Requirement::Gap { .. } => None,
    };
    match (old, new) {
        (Requirement::Gap { max }, Requirement::Count { window, .. } | Requirement::Time { window, .. }) => Some(format!(
            "counted {} instead of a longest gap of {max}",
            window_text(window)
        )),
        (Requirement::Count { window, .. } | Requirement::Time { window, .. }, Requirement::Gap { max }) => Some(format!(
            "a longest gap of {max} instead of a count {}",
            window_text(window)
        )),
        _ => match (shape(old, s.old)?, shape(new, s.new)?) {
            (Shape::Calendar(p), Shape::Rolling(d)) => Some(format!(
                "every stretch of {d} must hold, not just each {}",
                calendar_period_words(p)
            )),
            (Shape::Rolling(d), Shape::Calendar(p)) => Some(format!(
                "only each {} must hold, not every stretch of {d}, so sessions may bunch at the ends of periods",
                calendar_period_words(p)
            )),
            (x, y) if x == y => None,
            (x, y) => {
                let (wo, wn) = match (old, new) {
                    (
                        Requirement::Count { window: a, .. } | Requirement::Time { window: a, .. },
                        Requirement::Count { window: b, .. } | Requirement::Time { window: b, .. },
                    ) => (window_text(a), window_text(b)),
                    _ => return None,
                };
                // Windows in units of different kinds (working days against
                // weeks) need their lengths shown for the verdict to follow.
                let why = match (x, y) {
                    (Shape::Rolling(a), Shape::Rolling(b)) => quantity::explain(a, b)
                        .map(|w| format!(" ({w})"))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                Some(format!("counted {wn} instead of {wo}{why}"))
            }
        },
    }
}

/// Judge a change of requirement; `None` when it is the same.
pub(crate) fn requirement_change(
    s: &Sides<'_>,
    old: &Requirement,
    new: &Requirement,
) -> Option<(Direction, String)> {
    if same_requirement(s, old, new) {
        return None;
    }
    match (old, new) {
        // The same requirement in a rolling window of the same number of
        // working days, when working days skip other holidays: a window
        // that is longer asks less.
        (
            Requirement::Count {
                window: Window::Rolling { length: la },
                ..
            }
            | Requirement::Time {
                window: Window::Rolling { length: la },
                ..
            },
            Requirement::Count {
                window: Window::Rolling { length: lb },
                ..
            }
            | Requirement::Time {
                window: Window::Rolling { length: lb },
                ..
            },
        ) if la == lb && working_days_moved(*la) && same_apart_from_window(old, new) => {
            if same_length(*la, *lb) {
                return None;
            }
            let (direction, words) = duration_change(*la, *lb, true);
            return Some((direction, format!("the window: {words}")));
        }
        (Requirement::Count { min: a, window: wa }, Requirement::Count { min: b, window: wb })
            if same_window(s, wa, wb) =>
        {
            let w = window_text(wb);
            return Some(if b > a {
                (Stricter, format!("more often: {b} instead of {a} {w}"))
            } else {
                (Looser, format!("less often: {b} instead of {a} {w}"))
            });
        }
        (Requirement::Gap { max: a }, Requirement::Gap { max: b }) => {
            if same_length(*a, *b) {
                return None;
            }
            let (direction, words) = duration_change(*a, *b, true);
            let lead = match direction {
                Stricter => "more often: ",
                Looser => "less often: ",
                _ => "",
            };
            return Some((direction, format!("{lead}{words}")));
        }
        (
            Requirement::Time {
                min: a,
                window: wa,
                scaled_by: sa,
            },
            Requirement::Time {
                min: b,
                window: wb,
                scaled_by: sb,
            },
        ) if same_window(s, wa, wb) && sa == sb => {
            if same_length(*a, *b) {
                return None;
            }
            let (direction, words) = duration_change(*a, *b, false);
            let lead = match direction {
                Stricter => "more time: ",
                Looser => "less time: ",
                _ => "",
            };
            return Some((direction, format!("{lead}{words}")));
        }
        _ => {}
    }
    let forward = guarantees(s.new, new, s.old, old);
    let backward = guarantees(s.old, old, s.new, new);
    let mut parts = Vec::new();
    if let (Some(ro), Some(rn)) = (per_year(old, s.old), per_year(new, s.new)) {
        if (rn - ro).abs() > 0.02 * ro.max(1e-9) {
            parts.push(format!(
                "about {} a year instead of {}",
                rate_words(rn),
                rate_words(ro)
            ));
        } else {
            parts.push(format!("about {} a year in both", rate_words(rn)));
        }
    }
    if let Some(words) = shape_change_words(s, old, new) {
        parts.push(words);
    }
    if let Some(words) = redefined_calendar_words(s, old, new) {
        parts.push(words);
    }
    let direction = match (forward, backward) {
        // Each guarantees the other: the same requirement in other words.
        (Some(true), Some(true)) => return None,
        (Some(true), _) => Stricter,
        (_, Some(true)) => Looser,
        (Some(false), Some(false)) => Mixed,
        _ => {
            parts.push("the two cannot be compared".to_string());
            Neutral
        }
    };
    Some((direction, parts.join("; ")))
}

// ---------------------------------------------------------------- eligibility

fn clause_text(c: &EligibilityClause) -> String {
    one_line(&c.text)
}

fn eligibility(s: &Sides<'_>, a: &Eligibility, b: &Eligibility, out: &mut Vec<Aspect>) {
    who(s, &a.group, &b.group, out);
    kinds(
        "which sessions are judged",
        &a.activities,
        &b.activities,
        true,
        out,
    );
    activity_definitions(s, &a.activities, &b.activities, ActivityUse::Judged, out);
    let mut unmatched_new: Vec<&EligibilityClause> = b.clauses.iter().collect();
    let mut unmatched_old: Vec<&EligibilityClause> = Vec::new();
    for o in &a.clauses {
        match unmatched_new
            .iter()
            .position(|n| n.when == o.when && n.require == o.require)
        {
            Some(i) => {
                unmatched_new.remove(i);
            }
            None => unmatched_old.push(o),
        }
    }
    for o in unmatched_old {
        let same_topic = unmatched_new.iter().position(|n| {
            n.when == o.when && {
                let (x, y) = (columns(&o.require), columns(&n.require));
                x.iter().any(|c| y.contains(c))
            }
        });
        match same_topic {
            Some(i) => {
                let n = unmatched_new.remove(i);
                let (direction, reason) = match (implies(&n.require, &o.require), implies(&o.require, &n.require)) {
                    (true, true) => continue,
                    (true, false) => (Stricter, "harder to meet: every supervisor who meets the new condition met the old one"),
                    (false, true) => (Looser, "easier to meet: every supervisor who met the old condition meets the new one"),
                    (false, false) if differ_both_ways(&o.require, &n.require) => (Mixed, "neither condition takes in the other: some supervisors gain, some lose"),
                    // `implies` is conservative: not shown either way is not
                    // a direction.
                    (false, false) => (Neutral, "cannot tell whether either condition takes in the other"),
                };
                out.push(Aspect::new(
                    "supervisor condition",
                    clause_text(o),
                    clause_text(n),
                    direction,
                    reason,
                ));
            }
            None => out.push(Aspect::new(
                "supervisor condition",
                clause_text(o),
                "",
                Looser,
                "condition dropped",
            )),
        }
    }
    for n in unmatched_new {
        out.push(Aspect::new(
            "supervisor condition",
            "",
            clause_text(n),
            Stricter,
            "a new condition on supervisors",
        ));
    }
}

// ---------------------------------------------------------------- limits

fn amount_order(old: Amount, new: Amount) -> Option<Length> {
    let number = |a: f64, b: f64| {
        if (a - b).abs() < 1e-9 {
            Length::Same
        } else if b < a {
            Length::Shorter
        } else {
            Length::Longer
        }
    };
    match (old, new) {
        (Amount::Count(a), Amount::Count(b)) | (Amount::Percent(a), Amount::Percent(b)) => {
            Some(number(a, b))
        }
        (Amount::Duration(a), Amount::Duration(b)) => Some(compare_durations(a, b)),
        _ => None,
    }
}

fn range_text(min: Option<Amount>, max: Option<Amount>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("between {a} and {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "no limit".to_string(),
    }
}

/// Reasons for several parts of one aspect; each says its own direction
/// when they do not all agree.
fn parts_words(parts: Vec<(Direction, String)>) -> String {
    let overall = Direction::combine(parts.iter().map(|p| p.0));
    parts
        .into_iter()
        .map(|(d, words)| {
            if overall == Mixed && d != Neutral {
                format!("{words} ({})", d.word())
            } else {
                words
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One end of a range: `raise_is_stricter` for a minimum.
fn bound(
    what: &str,
    old: Option<Amount>,
    new: Option<Amount>,
    raise_is_stricter: bool,
) -> Option<(Direction, String)> {
    match (old, new) {
        (None, None) => None,
        (None, Some(b)) => Some((Stricter, format!("a new {what} of {b}"))),
        (Some(a), None) => Some((Looser, format!("no {what} any more (was {a})"))),
        (Some(a), Some(b)) => {
            // Equal amounts still go through the comparison: the same
            // working days may skip other holidays.
            let order = amount_order(a, b)?;
            let raised = match order {
                Length::Same => return None,
                Length::Longer => true,
                Length::Shorter => false,
                Length::Depends => {
                    let (Amount::Duration(x), Amount::Duration(y)) = (a, b) else {
                        return None;
                    };
                    return Some((
                        Mixed,
                        format!(
                            "{what} changed from {a} to {b}: {}",
                            duration_words(x, y, order)
                        ),
                    ));
                }
            };
            let direction = if raised == raise_is_stricter {
                Stricter
            } else {
                Looser
            };
            let verb = if raised { "raised" } else { "lowered" };
            Some((direction, format!("{what} {verb} from {a} to {b}")))
        }
    }
}

fn limit(s: &Sides<'_>, a: &Limit, b: &Limit, out: &mut Vec<Aspect>) {
    who(s, &a.group, &b.group, out);
    kinds(
        "which sessions are judged",
        &a.activities,
        &b.activities,
        true,
        out,
    );
    activity_definitions(s, &a.activities, &b.activities, ActivityUse::Judged, out);
    if a.measure != b.measure {
        out.push(Aspect::new(
            "measure",
            a.measure.name(),
            b.measure.name(),
            Neutral,
            format!(
                "measured as `{}` instead of `{}`: which is stricter depends on each member's fte",
                b.measure.name(),
                a.measure.name()
            ),
        ));
    }
    let low = bound("minimum", a.min, b.min, true);
    let high = bound("maximum", a.max, b.max, false);
    if low.is_some() || high.is_some() {
        let parts: Vec<(Direction, String)> = low.into_iter().chain(high).collect();
        out.push(Aspect::new(
            "range",
            range_text(a.min, a.max),
            range_text(b.min, b.max),
            Direction::combine(parts.iter().map(|p| p.0)),
            parts_words(parts),
        ));
    }
    match (&a.excluding, &b.excluding) {
        (None, Some(c)) => out.push(Aspect::new(
            "days not judged",
            "none",
            c,
            Looser,
            format!("days in `{c}` are no longer judged"),
        )),
        (Some(c), None) => out.push(Aspect::new(
            "days not judged",
            c,
            "none",
            Stricter,
            format!("days in `{c}` are judged now"),
        )),
        // Judged by the days left out, not the calendar's name: the same
        // calendar redefined (a year added) leaves out other days too.
        (Some(x), Some(y)) => {
            let (Some(old_days), Some(new_days)) =
                (calendar_days(s.old, x), calendar_days(s.new, y))
            else {
                return;
            };
            let which = if x == y {
                format!("`{y}` was redefined; ")
            } else {
                String::new()
            };
            let more = new_days.difference(&old_days).count();
            let fewer = old_days.difference(&new_days).count();
            let (direction, reason) = match (more, fewer) {
                (0, 0) => return,
                (m, 0) => (Looser, format!("{which}{m} more days are left out")),
                (0, f) => (Stricter, format!("{which}{f} fewer days are left out")),
                (m, f) => (
                    Mixed,
                    format!("{which}{m} days are newly left out and {f} days are judged now"),
                ),
            };
            let reason = if x == y {
                reason
            } else {
                format!("days in `{y}` are left out instead of days in `{x}`: {reason}")
            };
            out.push(Aspect::new("days not judged", x, y, direction, reason));
        }
        _ => {}
    }
}

/// Every day in a declared calendar's periods.
fn calendar_days(policy: &CompiledPolicy, calendar: &str) -> Option<BTreeSet<chrono::NaiveDate>> {
    let mut days = BTreeSet::new();
    for p in &policy.calendars.get(calendar)?.periods {
        let mut day = p.start;
        while day <= p.end {
            days.insert(day);
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
    }
    Some(days)
}

// ---------------------------------------------------------------- deadlines

fn rows_words(policy: &CompiledPolicy, d: &Deadline) -> String {
    match &d.filter {
        Some(c) => format!(
            "`{}` where {}",
            d.table,
            crate::describe::describe_condition(policy, c, &d.table)
        ),
        None => format!("every row of `{}`", d.table),
    }
}

fn end_text(d: &Deadline) -> String {
    match &d.end {
        DeadlineEnd::Within {
            limit,
            start_column,
        } => format!("{} within {limit} of {start_column}", d.end_column),
        DeadlineEnd::BeforeNext { activity } => {
            format!("{} before the next {activity}", d.end_column)
        }
        DeadlineEnd::LeadTime {
            lead,
            before_column,
        } => format!("{} at least {lead} before {before_column}", d.end_column),
        DeadlineEnd::LeadLength {
            from_column,
            to_column,
            before_column,
        } => format!(
            "{} at least the length of {from_column} to {to_column} before {before_column}",
            d.end_column
        ),
    }
}

/// Whether a fixed notice is never longer than the shortest notice a row's
/// length can ask for: a span counting both ends covers at least one day.
fn at_most_one_day(lead: Duration) -> bool {
    match lead.unit {
        DurationUnit::Days => lead.amount <= 1,
        DurationUnit::Minutes | DurationUnit::Hours => {
            lead.fixed_minutes().is_some_and(|m| m <= 24 * 60)
        }
        _ => lead.amount == 0,
    }
}

fn deadline(s: &Sides<'_>, a: &Deadline, b: &Deadline, out: &mut Vec<Aspect>) {
    if a.filter != b.filter {
        let forward = implies_optional(a.filter.as_ref(), b.filter.as_ref());
        let backward = implies_optional(b.filter.as_ref(), a.filter.as_ref());
        let (direction, reason) = match (forward, backward) {
            (true, true) => (Neutral, ""),
            (true, false) => (
                Stricter,
                "judges more rows: every row judged before is judged now, and more",
            ),
            (false, true) => (Looser, "judges fewer rows"),
            (false, false) => match (&a.filter, &b.filter) {
                (Some(x), Some(y)) if differ_both_ways(x, y) => {
                    (Mixed, "judges different rows: some newly, some no longer")
                }
                // Not shown either way is not a direction.
                _ => (
                    Neutral,
                    "cannot tell whether either `where` takes in the rows of the other",
                ),
            },
        };
        // Empty: the same rows, written differently.
        if !reason.is_empty() {
            out.push(Aspect::new(
                "which rows",
                rows_words(s.old, a),
                rows_words(s.new, b),
                direction,
                reason,
            ));
        }
    }
    let (direction, reason) = match (&a.end, &b.end) {
        (
            DeadlineEnd::Within {
                limit: la,
                start_column: sa,
            },
            DeadlineEnd::Within {
                limit: lb,
                start_column: sb,
            },
        ) => {
            if sa != sb {
                out.push(Aspect::new(
                    "counted from",
                    sa,
                    sb,
                    Neutral,
                    format!("the time is counted from `{sb}` instead of `{sa}`"),
                ));
            }
            if same_length(*la, *lb) {
                return;
            }
            let (direction, words) = duration_change(*la, *lb, true);
            let lead = match direction {
                Stricter => "sooner: ",
                Looser => "later: ",
                _ => "",
            };
            (direction, format!("{lead}{words}"))
        }
        (
            DeadlineEnd::LeadTime {
                lead: la,
                before_column: ca,
            },
            DeadlineEnd::LeadTime {
                lead: lb,
                before_column: cb,
            },
        ) => {
            if ca != cb {
                out.push(Aspect::new(
                    "notice before",
                    ca,
                    cb,
                    Neutral,
                    format!("the notice is counted back from `{cb}` instead of `{ca}`"),
                ));
            }
            if same_length(*la, *lb) {
                return;
            }
            let (direction, words) = duration_change(*la, *lb, false);
            let lead = match direction {
                Stricter => "more notice: ",
                Looser => "less notice: ",
                _ => "",
            };
            (direction, format!("{lead}{words}"))
        }
        (
            DeadlineEnd::LeadLength {
                from_column: fa,
                to_column: ta,
                before_column: ca,
            },
            DeadlineEnd::LeadLength {
                from_column: fb,
                to_column: tb,
                before_column: cb,
            },
        ) => {
            if (fa, ta, ca) == (fb, tb, cb) {
                return;
            }
            (
                Mixed,
                "the notice is measured over different columns: which is longer depends on each row"
                    .to_string(),
            )
        }
        // A fixed notice against one as long as the row: the row's length is
        // at least a day, so a fixed notice of a day or less asks for less.
        (
            DeadlineEnd::LeadTime {
                lead,
                before_column: ca,
            },
            DeadlineEnd::LeadLength {
                before_column: cb, ..
            },
        ) if ca == cb => {
            if at_most_one_day(*lead) {
                (
                    Stricter,
                    "more notice: as long as the row's own length, which is never less than a day"
                        .to_string(),
                )
            } else {
                (
                    Mixed,
                    format!("the notice is the row's own length instead of {lead}: more for long rows, less for short ones"),
                )
            }
        }
        (
            DeadlineEnd::LeadLength {
                before_column: ca, ..
            },
            DeadlineEnd::LeadTime {
                lead,
                before_column: cb,
            },
        ) if ca == cb => {
            if at_most_one_day(*lead) {
                (
                    Looser,
                    format!("less notice: {lead} instead of the row's own length, which is never less than a day"),
                )
            } else {
                (
                    Mixed,
                    format!("the notice is {lead} instead of the row's own length: more for short rows, less for long ones"),
                )
            }
        }
        (DeadlineEnd::BeforeNext { activity: x }, DeadlineEnd::BeforeNext { activity: y }) => {
            if x == y {
                // The same words, but the activity may now take other rows.
                let (x, y) = (std::slice::from_ref(x), std::slice::from_ref(y));
                activity_definitions(s, x, y, ActivityUse::Next, out);
                return;
            }
            (
                Neutral,
                format!("due before the next `{y}` instead of the next `{x}`"),
            )
        }
        // Counted back from the column the other counted forward from: a
        // due date at or before it is never later than one after it.
        (
            DeadlineEnd::Within {
                limit,
                start_column: sa,
            },
            DeadlineEnd::LeadTime {
                before_column: cb, ..
            }
            | DeadlineEnd::LeadLength {
                before_column: cb, ..
            },
        ) if sa == cb => (
            Stricter,
            format!("sooner: due before `{cb}` instead of up to {limit} after it"),
        ),
        (
            DeadlineEnd::LeadTime {
                before_column: ca, ..
            }
            | DeadlineEnd::LeadLength {
                before_column: ca, ..
            },
            DeadlineEnd::Within {
                limit,
                start_column: sb,
            },
        ) if ca == sb => (
            Looser,
            format!("later: due up to {limit} after `{sb}` instead of before it"),
        ),
        (DeadlineEnd::BeforeNext { .. }, _) | (_, DeadlineEnd::BeforeNext { .. }) => (
            Neutral,
            "a different kind of deadline: which is stricter depends on how often sessions happen"
                .to_string(),
        ),
        _ => (
            Neutral,
            "a different kind of deadline, counted from other columns: which is stricter depends on each row's dates"
                .to_string(),
        ),
    };
    out.push(Aspect::new(
        "deadline",
        end_text(a),
        end_text(b),
        direction,
        reason,
    ));
}

// ---------------------------------------------------------------- retention

fn anchor_words(a: RetentionAnchor) -> &'static str {
    match a {
        RetentionAnchor::Leaving => "leaving",
        RetentionAnchor::Creation => "creation",
    }
}

fn retention_text(r: &Retention) -> String {
    let mut parts = Vec::new();
    if let Some(min) = r.min {
        parts.push(format!("at least {min}"));
    }
    if let Some(max) = r.max {
        parts.push(format!("at most {max}"));
    }
    format!("{} after {}", parts.join(" and "), anchor_words(r.anchor))
}

fn retention(a: &Retention, b: &Retention, out: &mut Vec<Aspect>) {
    kinds("which records", &a.record_kinds, &b.record_kinds, true, out);
    let mut parts: Vec<(Direction, String)> = Vec::new();
    if a.anchor != b.anchor {
        // A record is created before its subject leaves, so "after leaving"
        // is the later of the two: later is stricter for a minimum, looser
        // for a maximum.
        let later = b.anchor == RetentionAnchor::Leaving;
        let words = format!(
            "counted from {} instead of {}",
            anchor_words(b.anchor),
            anchor_words(a.anchor)
        );
        if b.min.is_some() {
            parts.push((
                if later { Stricter } else { Looser },
                format!("{words}, so records are kept longer"),
            ));
        }
        if b.max.is_some() {
            parts.push((
                if later { Looser } else { Stricter },
                format!("{words}, so records may be held longer"),
            ));
        }
    }
    let keep = |what: &str,
                old: Option<Duration>,
                new: Option<Duration>,
                longer_is_stricter: bool| match (old, new) {
        (None, None) => None,
        (Some(x), Some(y)) if same_length(x, y) => None,
        (None, Some(y)) => Some((Stricter, format!("a new {what} of {y}"))),
        (Some(x), None) => Some((Looser, format!("no {what} any more (was {x})"))),
        (Some(x), Some(y)) => Some(duration_change(x, y, !longer_is_stricter)),
    };
    parts.extend(keep("minimum", a.min, b.min, true));
    parts.extend(keep("maximum", a.max, b.max, false));
    if parts.is_empty() {
        return;
    }
    out.push(Aspect::new(
        "how long records are kept",
        retention_text(a),
        retention_text(b),
        Direction::combine(parts.iter().map(|p| p.0)),
        parts_words(parts),
    ));
}

// ---------------------------------------------------------------- access

/// Whether a `deny` refuses `role`: one naming it, or `deny anyone`. As in
/// the evaluator (`judge_access`), a deny wins over every grant.
fn denied(access: &Access, role: &str) -> bool {
    access.deny.iter().any(|d| d == role || d == "anyone")
}

/// The purposes a role may read for, in order; `any` stands for every
/// purpose. None when it is denied, whatever its grants list.
fn purposes_of(access: &Access, role: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if denied(access, role) {
        return out;
    }
    for g in &access.allow {
        if g.roles.iter().any(|r| r == role) {
            for p in &g.purposes {
                if !out.contains(p) {
                    out.push(p.clone());
                }
            }
        }
    }
    out
}

fn allows(access: &Access, role: &str, purpose: &str) -> bool {
    !denied(access, role)
        && access.allow.iter().any(|g| {
            (g.roles.iter().any(|r| r == role || r == "anyone"))
                && g.purposes.iter().any(|p| p == purpose || p == "any")
        })
}

/// The notice owed to the subject when `role` reads for `purpose`: `None`
/// when the access is not allowed at all, `Some(None)` when it is allowed
/// without notice. As the evaluator judges it (`judge_access`,
/// `docs/semantics.md` §6): a rule-wide `notify` applies to every access
/// and its time is the one allowed, whatever the grants say; without one, a
/// reader may rely on whichever grant asks least, so the loosest covering
/// grant counts. A denied role may not read at all, so nothing is owed for
/// it: a notice its grant asked is not "no longer told" when a deny takes
/// the access away.
fn owed(access: &Access, role: &str, purpose: &str) -> Option<Option<Notify>> {
    if denied(access, role) {
        return None;
    }
    let covering: Vec<&crate::policy::Grant> = access
        .allow
        .iter()
        .filter(|g| {
            g.roles.iter().any(|r| r == role || r == "anyone")
                && g.purposes.iter().any(|p| p == purpose || p == "any")
        })
        .collect();
    if covering.is_empty() {
        return None;
    }
    if access.notify.is_some() {
        return Some(access.notify.clone());
    }
    let loosest = if covering.iter().any(|g| g.notify.is_none()) {
        None
    } else {
        covering
            .iter()
            .filter_map(|g| g.notify.clone())
            .max_by(|x, y| notify_rank(x).total_cmp(&notify_rank(y)))
    };
    Some(loosest)
}

/// Whether a `deny role` changes anything in `access` (read without the
/// deny): only when some grant would otherwise let that role read. A deny
/// of a role no grant covers refuses nothing, so adding or dropping it asks
/// neither more nor less.
fn deny_matters(access: &Access, role: &str) -> bool {
    access
        .allow
        .iter()
        .any(|g| role == "anyone" || g.roles.iter().any(|r| r == role || r == "anyone"))
}

/// Smaller is stricter: at once is 0, then the time allowed.
fn notify_rank(n: &Notify) -> f64 {
    n.within.map_or(0.0, |d| d.approx_minutes())
}

fn notify_text(n: Option<&Notify>) -> String {
    match n {
        None => "not notified".to_string(),
        Some(Notify { within: None }) => "notified at once".to_string(),
        Some(Notify { within: Some(d) }) => format!("notified within {d}"),
    }
}

/// A change in when the subject is told; `None` when the same.
fn notify_change(old: Option<&Notify>, new: Option<&Notify>) -> Option<(Direction, String)> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some((Stricter, "the member of staff must now be told".to_string())),
        (Some(_), None) => Some((
            Looser,
            "the member of staff no longer has to be told".to_string(),
        )),
        (Some(a), Some(b)) => match (a.within, b.within) {
            (None, Some(d)) => Some((Looser, format!("may now be told up to {d} later"))),
            (Some(d), None) => Some((
                Stricter,
                format!("must now be told at once, not within {d}"),
            )),
            (Some(x), Some(y)) if same_length(x, y) => None,
            (Some(x), Some(y)) => Some(duration_change(x, y, true)),
            (None, None) => None,
        },
    }
}

/// A change of notice for one purpose: the purpose, its judgement and
/// reason, and the notice before and after.
type NoticeChange = (String, Direction, String, Option<Notify>, Option<Notify>);

fn access(a: &Access, b: &Access, out: &mut Vec<Aspect>) {
    kinds("which records", &a.record_kinds, &b.record_kinds, true, out);
    let mut roles: Vec<String> = Vec::new();
    for g in a.allow.iter().chain(&b.allow) {
        for r in &g.roles {
            if !roles.contains(r) {
                roles.push(r.clone());
            }
        }
    }
    for role in &roles {
        let (old, new) = (purposes_of(a, role), purposes_of(b, role));
        if set(&old) != set(&new) {
            let gained: Vec<String> = new
                .iter()
                .filter(|p| !allows(a, role, p))
                .cloned()
                .collect();
            let lost: Vec<String> = old
                .iter()
                .filter(|p| !allows(b, role, p))
                .cloned()
                .collect();
            let (direction, reason) = match (gained.is_empty(), lost.is_empty()) {
                (false, true) if old.is_empty() => (
                    Looser,
                    format!("`{role}` may now read them, for {}", names(&gained)),
                ),
                (false, true) => (
                    Looser,
                    format!("`{role}` may now also read them for {}", names(&gained)),
                ),
                (true, false) if new.is_empty() => {
                    (Stricter, format!("`{role}` may no longer read them"))
                }
                (true, false) => (
                    Stricter,
                    format!("`{role}` may no longer read them for {}", names(&lost)),
                ),
                (false, false) => (
                    Mixed,
                    format!(
                        "`{role}` may now read them for {} but no longer for {}",
                        names(&gained),
                        names(&lost)
                    ),
                ),
                (true, true) => (Neutral, String::new()),
            };
            let text = |p: &[String]| {
                if p.is_empty() {
                    "no access".to_string()
                } else {
                    format!("for {}", p.join(", "))
                }
            };
            // Empty: the same purposes, listed differently.
            if !reason.is_empty() {
                out.push(Aspect::new(
                    format!("who may read: {role}"),
                    text(&old),
                    text(&new),
                    direction,
                    reason,
                ));
            }
        }
        // The notice owed for each purpose the role may read for in both
        // versions. Where it is just the rule-wide notice on both sides, the
        // rule-wide aspect below says it once for everyone.
        let mut changes: Vec<NoticeChange> = Vec::new();
        for purpose in old.iter().chain(&new) {
            if changes.iter().any(|c| &c.0 == purpose) {
                continue;
            }
            let (Some(x), Some(y)) = (owed(a, role, purpose), owed(b, role, purpose)) else {
                continue;
            };
            if x == a.notify && y == b.notify {
                continue;
            }
            if let Some((direction, reason)) = notify_change(x.as_ref(), y.as_ref()) {
                changes.push((purpose.clone(), direction, reason, x, y));
            }
        }
        if let Some((_, _, reason, x, y)) = changes.first() {
            let purposes: Vec<String> = changes.iter().map(|c| c.0.clone()).collect();
            out.push(Aspect::new(
                format!("telling the subject when `{role}` reads"),
                notify_text(x.as_ref()),
                notify_text(y.as_ref()),
                Direction::combine(changes.iter().map(|c| c.1)),
                format!("{reason} (for {})", names(&purposes)),
            ));
        }
    }
    let (da, db) = (set(&a.deny), set(&b.deny));
    for r in db.difference(&da).filter(|r| deny_matters(b, r)) {
        out.push(Aspect::new(
            format!("who may read: {r}"),
            "not denied",
            "denied",
            Stricter,
            format!("`{r}` is now explicitly refused"),
        ));
    }
    for r in da.difference(&db).filter(|r| deny_matters(a, r)) {
        out.push(Aspect::new(
            format!("who may read: {r}"),
            "denied",
            "not denied",
            Looser,
            format!("`{r}` is no longer explicitly refused"),
        ));
    }
    if let Some((direction, reason)) = notify_change(a.notify.as_ref(), b.notify.as_ref()) {
        out.push(Aspect::new(
            "telling the subject",
            notify_text(a.notify.as_ref()),
            notify_text(b.notify.as_ref()),
            direction,
            reason,
        ));
    }
}

// ---------------------------------------------------------------- attributes

fn attribute(s: &Sides<'_>, a: &Attribute, b: &Attribute, out: &mut Vec<Aspect>) {
    who(s, &a.group, &b.group, out);
    if a.condition == b.condition {
        return;
    }
    let (direction, reason) = match (
        implies(&b.condition, &a.condition),
        implies(&a.condition, &b.condition),
    ) {
        (true, true) => return,
        (true, false) => (
            Stricter,
            "harder to meet: everyone who meets the new condition met the old one",
        ),
        (false, true) => (
            Looser,
            "easier to meet: everyone who met the old condition meets the new one",
        ),
        (false, false) if differ_both_ways(&a.condition, &b.condition) => {
            (Mixed, "neither condition takes in the other")
        }
        // Not shown either way is not a direction.
        (false, false) => (
            Neutral,
            "cannot tell whether either condition takes in the other",
        ),
    };
    out.push(Aspect::new(
        "condition",
        one_line(&a.text),
        one_line(&b.text),
        direction,
        reason,
    ));
}

// ---------------------------------------------------------------- header and definitions

pub(crate) fn header_changes(old: &CompiledPolicy, new: &CompiledPolicy) -> Vec<HeaderChange> {
    let (a, b) = (&old.header, &new.header);
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let kind = |k: crate::policy::PolicyKind| Some(format!("{k:?}").to_lowercase());
    let hours = |h: Option<crate::policy::WorkingHours>| {
        h.map(|h| format!("{} to {}", h.from.format("%H:%M"), h.to.format("%H:%M")))
    };
    let fields: [(&'static str, Option<String>, Option<String>); 10] = [
        ("kind", kind(a.kind), kind(b.kind)),
        ("title", Some(a.title.clone()), Some(b.title.clone())),
        ("owner", a.owner.clone(), b.owner.clone()),
        ("version", a.version.clone(), b.version.clone()),
        ("effective", date(a.effective), date(b.effective)),
        ("review", date(a.review), date(b.review)),
        (
            "timezone",
            Some(a.timezone.clone()),
            Some(b.timezone.clone()),
        ),
        (
            "holidays",
            Some(a.holidays.clone()),
            Some(b.holidays.clone()),
        ),
        ("conforms to", a.conforms_to.clone(), b.conforms_to.clone()),
        // Not judged stricter or looser: shorter hours narrow `is within`
        // but widen `is not within`.
        (
            "working hours",
            hours(a.working_hours),
            hours(b.working_hours),
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, x, y)| x != y)
        .map(|(field, old, new)| HeaderChange { field, old, new })
        .collect()
}

fn added_removed<T>(
    what: &str,
    old: &std::collections::BTreeMap<String, T>,
    new: &std::collections::BTreeMap<String, T>,
    keep: impl Fn(&T) -> bool,
    out: &mut Vec<DefinitionChange>,
) {
    for name in new.keys().filter(|k| !old.contains_key(*k)) {
        if new.get(name).is_some_and(&keep) {
            out.push(DefinitionChange {
                what: what.to_string(),
                name: name.clone(),
                kind: ChangeKind::Added,
                detail: String::new(),
                direction: Neutral,
            });
        }
    }
    for name in old.keys().filter(|k| !new.contains_key(*k)) {
        if old.get(name).is_some_and(&keep) {
            out.push(DefinitionChange {
                what: what.to_string(),
                name: name.clone(),
                kind: ChangeKind::Removed,
                detail: String::new(),
                direction: Neutral,
            });
        }
    }
}

/// A label change in words; labels change wording only, never a rule.
fn relabelled(was: &Option<String>, now: &Option<String>) -> String {
    match (was, now) {
        (Some(a), Some(b)) => format!("relabelled \"{a}\" → \"{b}\" (wording only)"),
        (None, Some(b)) => format!("now labelled \"{b}\" (wording only)"),
        (Some(a), None) => format!("no longer labelled \"{a}\" (wording only)"),
        (None, None) => String::new(),
    }
}

/// A table's lifetime changed: it changes the reach of every rule over the
/// table's rows. Declaring one asks nothing of rows outside it (looser);
/// dropping it asks of them from the beginning of the records (stricter);
/// other columns bound it differently (mixed).
fn lifetime_change(
    table: &str,
    was: &Option<crate::policy::Lifetime>,
    now: &Option<crate::policy::Lifetime>,
) -> DefinitionChange {
    let words = |l: &crate::policy::Lifetime| match &l.end {
        Some(end) => format!("`{}` to `{end}`", l.start),
        None => format!("from `{}`", l.start),
    };
    let (detail, direction) = match (was, now) {
        (None, Some(n)) => (
            format!(
                "rows now exist only {}: rules over them ask nothing outside it",
                words(n)
            ),
            Looser,
        ),
        (Some(w), None) => (
            format!(
                "rows no longer have a lifetime (was {}): rules over them apply on every day",
                words(w)
            ),
            Stricter,
        ),
        (Some(w), Some(n)) => (
            format!(
                "rows now exist {} (was {}): rules over them reach other days",
                words(n),
                words(w)
            ),
            Mixed,
        ),
        (None, None) => (String::new(), Neutral),
    };
    changed("table", table, detail, direction)
}

fn changed(what: &str, name: &str, detail: String, direction: Direction) -> DefinitionChange {
    DefinitionChange {
        what: what.to_string(),
        name: name.to_string(),
        kind: ChangeKind::Changed,
        detail,
        direction,
    }
}

pub(crate) fn definition_changes(s: &Sides<'_>) -> Vec<DefinitionChange> {
    let (old, new) = (s.old, s.new);
    let mut out = Vec::new();
    added_removed("group", &old.groups, &new.groups, |_| true, &mut out);
    for (name, _) in old
        .groups
        .iter()
        .filter(|(k, _)| new.groups.contains_key(*k))
    {
        let (was, now) = (&old.groups[name].label, &new.groups[name].label);
        if was != now {
            out.push(changed("group", name, relabelled(was, now), Neutral));
        }
        let direction = match relate(old, name, new, name) {
            GroupRelation::Same => continue,
            GroupRelation::Wider => Stricter,
            GroupRelation::Narrower => Looser,
            GroupRelation::Different => Mixed,
            GroupRelation::Unknown => Neutral,
        };
        let people = whom(new, name);
        let effect = match direction {
            Stricter => format!("takes in more {people}, so every rule about it asks more"),
            Looser => format!("takes in fewer {people}, so every rule about it asks less"),
            Mixed => format!("takes in some {people} it did not and leaves out some it did"),
            _ => format!("may take in other {people}: cannot tell whether more or fewer"),
        };
        out.push(changed(
            "group",
            name,
            format!(
                "now: {}; before: {}. It {effect}",
                members(new, name),
                members(old, name)
            ),
            direction,
        ));
    }
    added_removed(
        "activity",
        &old.activities,
        &new.activities,
        |_| true,
        &mut out,
    );
    for (name, a) in &old.activities {
        let Some(b) = new.activities.get(name) else {
            continue;
        };
        if a.label != b.label {
            out.push(changed(
                "activity",
                name,
                relabelled(&a.label, &b.label),
                Neutral,
            ));
        }
        let (mut a, mut b) = (a.clone(), b.clone());
        a.label = None;
        b.label = None;
        if a != b {
            out.push(changed(
                "activity",
                name,
                format!(
                    "now {} by {} on {}{}, was {} by {} on {}{}",
                    b.table,
                    b.subject_column,
                    b.date_column,
                    b.filter.as_ref().map_or(String::new(), |c| format!(
                        " where {}",
                        crate::describe::describe_condition(new, c, &b.table)
                    )),
                    a.table,
                    a.subject_column,
                    a.date_column,
                    a.filter.as_ref().map_or(String::new(), |c| format!(
                        " where {}",
                        crate::describe::describe_condition(old, c, &a.table)
                    )),
                ),
                Neutral,
            ));
        }
    }
    added_removed(
        "calendar",
        &old.calendars,
        &new.calendars,
        |_| true,
        &mut out,
    );
    for (name, a) in &old.calendars {
        let Some(b) = new.calendars.get(name) else {
            continue;
        };
        if a.periods != b.periods {
            out.push(changed(
                "calendar",
                name,
                format!("now {}, was {}", calendar_span(b), calendar_span(a)),
                Neutral,
            ));
        }
    }
    added_removed(
        "values of",
        &old.vocabularies,
        &new.vocabularies,
        |_| true,
        &mut out,
    );
    for (name, a) in &old.vocabularies {
        let Some(b) = new.vocabularies.get(name) else {
            continue;
        };
        let (x, y) = (set(&a.values), set(&b.values));
        let mut parts = Vec::new();
        let added: Vec<String> = y.difference(&x).cloned().collect();
        let removed: Vec<String> = x.difference(&y).cloned().collect();
        if !added.is_empty() {
            parts.push(format!("adds {}", names(&added)));
        }
        if !removed.is_empty() {
            parts.push(format!("removes {}", names(&removed)));
        }
        // A label changes no rule, but it changes how every rule reads in
        // plain English (`describe`, the review paper), so say so.
        for value in x.intersection(&y) {
            let (was, now) = (a.labels.get(value).cloned(), b.labels.get(value).cloned());
            if was != now {
                parts.push(format!("`{value}` {}", relabelled(&was, &now)));
            }
        }
        if !parts.is_empty() {
            out.push(changed("values of", name, parts.join("; "), Neutral));
        }
    }
    let own = |t: &crate::policy::Table| t.origin == Origin::Policy;
    added_removed("table", &old.tables, &new.tables, own, &mut out);
    for (name, a) in &old.tables {
        let Some(b) = new.tables.get(name) else {
            continue;
        };
        if a.columns != b.columns {
            let cols = |t: &crate::policy::Table| {
                t.columns
                    .iter()
                    .map(|c| c.name.clone())
                    .collect::<BTreeSet<_>>()
            };
            let (x, y) = (cols(a), cols(b));
            let added: Vec<String> = y.difference(&x).cloned().collect();
            let removed: Vec<String> = x.difference(&y).cloned().collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("adds columns {}", names(&added)));
            }
            if !removed.is_empty() {
                parts.push(format!("removes columns {}", names(&removed)));
            }
            if parts.is_empty() {
                parts.push("column types changed".to_string());
            }
            out.push(changed("table", name, parts.join("; "), Neutral));
        }
        if a.lifetime != b.lifetime {
            out.push(lifetime_change(name, &a.lifetime, &b.lifetime));
        }
    }
    added_removed("holidays", &old.holidays, &new.holidays, |_| true, &mut out);
    for (name, a) in &old.holidays {
        let Some(b) = new.holidays.get(name) else {
            continue;
        };
        if a.dates != b.dates {
            out.push(changed(
                "holidays",
                name,
                format!("{} dates, was {}", b.dates.len(), a.dates.len()),
                Neutral,
            ));
        }
    }
    out
}
