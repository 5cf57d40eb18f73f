//! Access rules in English: grants, denials and notice.

use super::retention::record_kinds;
use crate::describe::english::list;
use crate::describe::names;
use crate::policy::{Access, CompiledPolicy, Grant, Notify, Relation};

pub(super) fn access(policy: &CompiledPolicy, a: &Access) -> String {
    let what = record_kinds(policy, &a.record_kinds);
    let grants: Vec<String> = a.allow.iter().map(|g| grant(policy, g)).collect();
    // "Only" is true unless some grant lets anyone read them for any purpose.
    let open_to_all =
        |g: &Grant| g.roles.iter().any(|r| r == "anyone") && g.purposes.iter().any(|p| p == "any");
    let only = if a.allow.iter().any(open_to_all) {
        ""
    } else {
        " only"
    };
    let mut text = match grants.as_slice() {
        [] => format!("{what} may not be read by anyone"),
        [rest @ .., last] if rest.len() >= 2 => {
            format!("{what} may be read{only} {}, and {last}", rest.join(", "))
        }
        _ => format!("{what} may be read{only} {}", list(&grants, "and")),
    };
    if !a.deny.is_empty() || !a.deny_relations.is_empty() {
        let denied: Vec<String> = a
            .deny
            .iter()
            .map(|r| names::role_plural(policy, r))
            .chain(a.deny_relations.iter().map(relation))
            .collect();
        text.push_str(&format!("; {} may not read them", list(&denied, "and")));
    }
    if let Some(notify) = &a.notify {
        let when = match notify.within {
            Some(within) => format!("within {within}"),
            None => "by the time it happens".to_string(),
        };
        text.push_str(&format!(
            "; the member of staff must be told of each access {when}"
        ));
    }
    text
}

/// "by line managers for supervision", with any notice owed for this grant.
fn grant(policy: &CompiledPolicy, g: &Grant) -> String {
    let roles: Vec<String> = g
        .roles
        .iter()
        .map(|r| names::role_plural(policy, r))
        .chain(g.relations.iter().map(relation))
        .collect();
    let roles = match roles.as_slice() {
        [only] if only == "the member of staff" => "the member of staff themselves".to_string(),
        _ => list(&roles, "and"),
    };
    let purposes = if g.purposes.iter().any(|p| p == "any") {
        "any purpose".to_string()
    } else {
        list(
            &g.purposes
                .iter()
                .map(|p| names::vocabulary_value(policy, "purpose", p))
                .collect::<Vec<_>>(),
            "and",
        )
    };
    match &g.notify {
        Some(notify) => format!(
            "by {roles} for {purposes} (telling the member of staff {})",
            notify_time(notify)
        ),
        None => format!("by {roles} for {purposes}"),
    }
}

/// "their supervisor's line manager (on the day of access)": who someone is
/// to the member of staff, read on the day.
fn relation(r: &Relation) -> String {
    let steps: Vec<String> = r.path.iter().map(|s| names::column(s)).collect();
    format!("their {} at the time", steps.join("'s "))
}

/// When the member of staff must be told; without a time, no later than
/// the access itself.
fn notify_time(notify: &Notify) -> String {
    match notify.within {
        Some(within) => format!("within {within}"),
        None => "by the time of the access".to_string(),
    }
}
