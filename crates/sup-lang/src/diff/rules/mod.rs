//! Comparing two rules that govern the same thing, aspect by aspect, and the
//! header and definitions of two policies.
//!
//! Each comparison reads "old → new" and judges the new version: stricter
//! when it asks more of people (more often, sooner, of more people, with
//! fewer readers), looser when it asks less. Conformance calls the same code
//! with the framework as "old" and the agency's policy as "new", so "looser"
//! there means "weaker than the framework".
//!
//! One file per rule family (`frequency`, `eligibility`, `limits`,
//! `deadlines`, `retention`, `access`, `attribute`, `standing`), named as in `eval/`,
//! `check/rules/` and `describe/rules/`; shared judgements live in
//! `governs` (what a rule is about), `who` (groups, kinds, activities) and
//! `durations`; `definitions` compares the header and definitions.

mod access;
mod attribute;
mod deadlines;
mod definitions;
mod durations;
mod eligibility;
mod frequency;
mod governs;
mod limits;
mod retention;
mod standing;
mod who;

use super::{Aspect, Direction};
use crate::policy::{CompiledPolicy, Rule, RuleBody};

use access::access;
use attribute::attribute;
use deadlines::deadline;
use eligibility::eligibility;
use frequency::frequency;
use governs::set;
use limits::limit;
use retention::retention;
use standing::standing;

pub(crate) use definitions::{definition_changes, header_changes};
pub(crate) use governs::{governs, group, object, summary, Overlap};

use Direction::{Looser, Mixed, Neutral, Stricter};

/// The two policies being compared.
pub struct Sides<'a> {
    pub old: &'a CompiledPolicy,
    pub new: &'a CompiledPolicy,
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
        (RuleBody::Standing(a), RuleBody::Standing(b)) => standing(s, a, b, &mut out),
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
