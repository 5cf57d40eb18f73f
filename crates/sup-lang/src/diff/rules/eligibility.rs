//! Eligibility rules: who may do an activity and on what conditions.

use crate::diff::conditions::{columns, differ_both_ways, implies};
use crate::diff::{Aspect, Direction};
use crate::policy::{Eligibility, EligibilityClause};

use super::governs::one_line;
use super::who::{sessions, who, ActivityUse};
use super::Sides;
use Direction::{Looser, Mixed, Neutral, Stricter};

fn clause_text(c: &EligibilityClause) -> String {
    one_line(&c.text)
}

pub(super) fn eligibility(s: &Sides<'_>, a: &Eligibility, b: &Eligibility, out: &mut Vec<Aspect>) {
    who(s, &a.group, &b.group, out);
    sessions(s, &a.activities, &b.activities, ActivityUse::Judged, out);
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
