//! Pairing the rules of two policies by what they govern.
//!
//! Every old rule is scored against every new rule of the same family: what
//! it governs (the kinds of session counted, the record kinds, the measure,
//! the table and column) must be the same or overlap, and who it governs
//! must be the same group, the same group redefined, or a group that takes
//! in the other. The best-scoring pairs are taken first; the rule name and an
//! identical body only break ties, so that two rules about the same thing
//! (two eligibility rules for one group, say) pair up as written.

use super::conditions::{relate, GroupRelation};
use super::rules::{group, object, Overlap, Sides};

/// Pairs of (old rule index, new rule index).
pub fn match_rules(sides: &Sides<'_>) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (o, old) in sides.old.rules.iter().enumerate() {
        for (n, new) in sides.new.rules.iter().enumerate() {
            if old.body.family() != new.body.family() {
                continue;
            }
            let what = match object(old).overlap(&object(new)) {
                Overlap::Same => 2,
                Overlap::Partly => 1,
                Overlap::None => continue,
            };
            let who = match (group(old), group(new)) {
                (Some(a), Some(b)) => {
                    match (relate(sides.old, a, sides.new, b), a == b) {
                        (GroupRelation::Same, _) => 3,
                        // The same group, redefined.
                        (_, true) => 2,
                        (GroupRelation::Wider | GroupRelation::Narrower, false) => 1,
                        (GroupRelation::Different | GroupRelation::Unknown, false) => continue,
                    }
                }
                _ => 3,
            };
            let same_name = usize::from(old.name == new.name);
            let same_body = usize::from(old.body == new.body);
            let score = what * 100 + who * 10 + same_name * 2 + same_body;
            candidates.push((score, o, n));
        }
    }
    // Highest score first; among equals, source order.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (_, o, n) in candidates {
        if pairs.iter().any(|(po, pn)| *po == o || *pn == n) {
            continue;
        }
        pairs.push((o, n));
    }
    pairs
}
