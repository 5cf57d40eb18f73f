//! Who a rule is about and which kinds and activities it covers: group
//! members in words, and judging a change of them.

use crate::diff::conditions::{differ_both_ways, implies_optional, relate, GroupRelation};
use crate::diff::{Aspect, Direction};
use crate::policy::CompiledPolicy;

use super::governs::set;
use super::{names, Sides};
use Direction::{Looser, Mixed, Neutral, Stricter};

/// A group's name and who its members are: "`nqsw` (their tags include ASYE)".
fn group_words(policy: &CompiledPolicy, group: &str) -> String {
    format!("`{group}` ({})", members(policy, group))
}

/// Who the members of a group are, in words, ancestors' conditions included.
pub(super) fn members(policy: &CompiledPolicy, group: &str) -> String {
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
pub(super) fn whom(policy: &CompiledPolicy, group: &str) -> &'static str {
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
pub(super) fn kinds(
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
pub(super) enum ActivityUse {
    /// They count towards a requirement: more rows is looser.
    Counted,
    /// They are judged: more rows is stricter.
    Judged,
    /// The next one ends a deadline (`before the next ...`): more rows
    /// bring it sooner, which is stricter.
    Next,
}

impl ActivityUse {
    /// How a change that uses more of an activity's rows is judged, how one
    /// that uses fewer is, and the verb for what the rule does with them.
    fn judgement(self) -> (Direction, Direction, &'static str) {
        match self {
            ActivityUse::Counted => (Looser, Stricter, "count"),
            ActivityUse::Judged => (Stricter, Looser, "are judged"),
            ActivityUse::Next => (Stricter, Looser, "can be the next one"),
        }
    }
}

/// The sessions a rule counts or judges: the activities it names (more
/// kinds counted asks less, more kinds judged asks more), then any it names
/// in both versions whose definition changed.
pub(super) fn sessions(
    s: &Sides<'_>,
    old: &[String],
    new: &[String],
    used: ActivityUse,
    out: &mut Vec<Aspect>,
) {
    let (more_rows, _, verb) = used.judgement();
    kinds(
        &format!("which sessions {verb}"),
        old,
        new,
        more_rows == Stricter,
        out,
    );
    activity_definitions(s, old, new, used, out);
}

/// An activity the rule names in both versions whose definition changed
/// (another date column, other rows): the rule counts or judges other rows
/// even though its own words are the same, so the change is judged on it.
pub(super) fn activity_definitions(
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
            let (more_rows, fewer_rows, verb) = used.judgement();
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
        out.push(Aspect::new(
            format!("definition of `{name}`"),
            activity_words(s.old, a),
            activity_words(s.new, b),
            direction,
            format!("`{name}` was redefined: {}", words.join("; ")),
        ));
    }
}

/// An activity's definition as the policy words it: `sessions by supervisee
/// on start where ...`.
pub(super) fn activity_words(
    policy: &CompiledPolicy,
    activity: &crate::policy::Activity,
) -> String {
    format!(
        "{} by {} on {}{}",
        activity.table,
        activity.subject_column,
        activity.date_column,
        activity.filter.as_ref().map_or(String::new(), |c| format!(
            " where {}",
            crate::describe::describe_condition(policy, c, &activity.table)
        ))
    )
}
