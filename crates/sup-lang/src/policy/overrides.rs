//! What an `overrides` leaves behind: a `by tenure` rule whose last phase
//! ends still takes its members out of the rules it overrides (for as long
//! as they are in its group), so after the last phase they may have no
//! requirement at all. Read by the checker (`sup::override-after-last-phase`)
//! and by `describe`, so both say the same.

use std::collections::BTreeMap;

use super::{Duration, Group, Rule, RuleBody, Schedule};

/// When `rule` is a `by tenure` rule that overrides another and whose last
/// phase ends, and no other rule for all its members and one of its
/// activities requires anything after that: the tenure at which its
/// members are left with no requirement. `None` otherwise.
pub fn uncovered_after_last_phase(
    rules: &[Rule],
    groups: &BTreeMap<String, Group>,
    rule: &Rule,
) -> Option<Duration> {
    if rule.overrides.is_empty() {
        return None;
    }
    let RuleBody::Frequency(f) = &rule.body else {
        return None;
    };
    let Schedule::ByTenure { phases } = &f.schedule else {
        return None;
    };
    let end = phases.last()?.until?;
    let covered = rules.iter().any(|other| {
        let RuleBody::Frequency(g) = &other.body else {
            return false;
        };
        other.name != rule.name
            && !rule.overrides.contains(&other.name)
            && g.activities.iter().any(|a| f.activities.contains(a))
            && within(groups, &f.group, &g.group)
            && match &g.schedule {
                Schedule::Fixed { .. } => true,
                Schedule::ByTenure { phases } => phases.last().is_some_and(|p| {
                    p.until
                        .is_none_or(|u| u.approx_minutes() > end.approx_minutes())
                }),
            }
    });
    (!covered).then_some(end)
}

/// Whether every member of `inner` is a member of `outer`: the same group,
/// or one that refines it, directly or through others.
fn within(groups: &BTreeMap<String, Group>, inner: &str, outer: &str) -> bool {
    let mut current = Some(inner);
    // A cycle of parents (reported elsewhere) must not loop for ever.
    for _ in 0..=groups.len() {
        match current {
            Some(name) if name == outer => return true,
            Some(name) => current = groups.get(name).and_then(|g| g.parent.as_deref()),
            None => return false,
        }
    }
    false
}
