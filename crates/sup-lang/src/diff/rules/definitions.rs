//! The header and definitions of two policies: tables, groups, activities,
//! calendars and their labels and lifetimes.

use std::collections::BTreeSet;

use crate::diff::conditions::{relate, GroupRelation};
use crate::diff::{ChangeKind, DefinitionChange, Direction, HeaderChange};
use crate::policy::{CompiledPolicy, Origin};

use super::frequency::calendar_span;
use super::governs::set;
use super::who::{activity_words, members, whom};
use super::{names, Sides};
use Direction::{Looser, Mixed, Neutral, Stricter};

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
    let unchanged = crate::diff::conditions::unchanged_groups(old, new);
    for (name, was_group, now_group) in old
        .groups
        .iter()
        .filter_map(|(k, g)| new.groups.get(k).map(|n| (k, g, n)))
    {
        let (was, now) = (&was_group.label, &now_group.label);
        if was != now {
            out.push(changed("group", name, relabelled(was, now), Neutral));
        }
        // The same membership on both sides is `Same`, as `relate` would
        // find, without rebuilding each group's chain of conditions (which
        // made a chain of n refinements cost n² or worse).
        if unchanged.contains(name.as_str()) {
            continue;
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
                    "now {}, was {}",
                    activity_words(new, &b),
                    activity_words(old, &a)
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
