//! Attribute rules: a column every row of a table must have.

use crate::diff::conditions::{differ_both_ways, implies};
use crate::diff::{Aspect, Direction};
use crate::policy::Attribute;

use super::governs::one_line;
use super::who::who;
use super::Sides;
use Direction::{Looser, Mixed, Neutral, Stricter};

pub(super) fn attribute(s: &Sides<'_>, a: &Attribute, b: &Attribute, out: &mut Vec<Aspect>) {
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
