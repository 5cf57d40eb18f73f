//! Attribute rules in English.

use crate::describe::conditions::{self, Mood, RowOwner, Scope};
use crate::describe::names;
use crate::policy::{Attribute, CompiledPolicy};

pub(super) fn attribute(policy: &CompiledPolicy, a: &Attribute) -> String {
    let scope = Scope {
        policy,
        table: &a.subject_table,
        owner: RowOwner::Their,
    };
    // Stated as a fact after a colon rather than with "must" inside: a
    // group's label ("all staff employed ...") does not always take "each
    // of" gracefully, but it always takes "must each".
    format!(
        "{} must each meet this condition: {}",
        names::group(policy, &a.group),
        conditions::render(&scope, &a.condition, Mood::Is)
    )
}
