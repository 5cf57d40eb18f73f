//! Eligibility rules in English.

use crate::describe::conditions::{self, Mood, RowOwner, Scope};
use crate::describe::english::list;
use crate::describe::names;
use crate::policy::{CompiledPolicy, Condition, Eligibility};

pub(super) fn eligibility(policy: &CompiledPolicy, e: &Eligibility) -> String {
    let sessions = if names::all_session_kinds(policy, &e.activities) {
        "supervision session".to_string()
    } else {
        names::activities(policy, &e.activities).singular
    };
    let scope = Scope {
        policy,
        table: "staff",
        owner: RowOwner::Their,
    };
    // Neighbouring clauses under the same `when` share it: "when the
    // supervisor's role is X, A and B".
    let mut runs: Vec<(Option<&Condition>, Vec<String>)> = Vec::new();
    for clause in &e.clauses {
        let require = conditions::render(&scope, &clause.require, Mood::Must);
        match runs.last_mut() {
            Some((Some(when), requires)) if Some(*when) == clause.when.as_ref() => {
                requires.push(require)
            }
            _ => runs.push((clause.when.as_ref(), vec![require])),
        }
    }
    let clauses: Vec<String> = runs
        .into_iter()
        .map(|(when, requires)| {
            let requires = list(&requires, "and");
            match when {
                Some(when) => format!(
                    "when {}, {requires}",
                    conditions::render(&scope, when, Mood::Is)
                ),
                None => requires,
            }
        })
        .collect();
    // Clauses that carry their own commas ("when ..., ...", "A, B or C") are
    // kept apart with semicolons.
    let joined = match clauses.as_slice() {
        [rest @ .., last] if !rest.is_empty() && clauses.iter().any(|c| c.contains(", ")) => {
            format!("{}; and {last}", rest.join("; "))
        }
        _ => list(&clauses, "and"),
    };
    format!(
        "in any {sessions} with {}, {joined}",
        names::group(policy, &e.group)
    )
}
