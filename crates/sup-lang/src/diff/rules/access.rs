//! Access rules: who may read records for which purpose, and when the
//! subject is told.

use crate::diff::{Aspect, Direction};
use crate::policy::{Access, Grant, Notify};

use super::durations::{duration_change, same_length};
use super::governs::set;
use super::names;
use super::who::kinds;
use Direction::{Looser, Mixed, Neutral, Stricter};

/// Whom a grant names: its roles, and its relationships to the subject
/// written in full (`subject.supervisor`), so a relationship is never taken
/// for a role of the same name.
fn grantees(g: &Grant) -> impl Iterator<Item = String> + '_ {
    g.roles.iter().cloned().chain(
        g.relations
            .iter()
            .map(|r| format!("subject.{}", r.dotted())),
    )
}

/// Whom the rule denies, named as in [`grantees`].
fn denials(access: &Access) -> Vec<String> {
    access
        .deny
        .iter()
        .cloned()
        .chain(
            access
                .deny_relations
                .iter()
                .map(|r| format!("subject.{}", r.dotted())),
        )
        .collect()
}

/// Whether a `deny` refuses `role`: one naming it, or `deny anyone`. As in
/// the evaluator (`judge_access`), a deny wins over every grant.
fn denied(access: &Access, role: &str) -> bool {
    denials(access).iter().any(|d| d == role || d == "anyone")
}

/// The purposes a role may read for, in order; `any` stands for every
/// purpose. None when it is denied, whatever its grants list.
fn purposes_of(access: &Access, role: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if denied(access, role) {
        return out;
    }
    for g in &access.allow {
        if grantees(g).any(|r| r == role) {
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
            grantees(g).any(|r| r == role || r == "anyone")
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
            grantees(g).any(|r| r == role || r == "anyone")
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
        .any(|g| role == "anyone" || grantees(g).any(|r| r == role || r == "anyone"))
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

pub(super) fn access(a: &Access, b: &Access, out: &mut Vec<Aspect>) {
    kinds("which records", &a.record_kinds, &b.record_kinds, true, out);
    let mut roles: Vec<String> = Vec::new();
    for g in a.allow.iter().chain(&b.allow) {
        for r in grantees(g) {
            if !roles.contains(&r) {
                roles.push(r);
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
    let (da, db) = (set(&denials(a)), set(&denials(b)));
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
