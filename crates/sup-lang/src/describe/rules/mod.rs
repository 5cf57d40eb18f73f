//! One English sentence per rule, for each rule family.
//!
//! Sentences are built from the compiled policy only, so they say what the
//! evaluator will check, not what the author meant to write.
//!
//! One file per family (`frequency`, `eligibility`, `limits`, `deadlines`,
//! `retention`, `access`, `attribute`, `standing`), named as in `eval/`, `check/rules/`
//! and `diff/rules/`.

mod access;
mod attribute;
mod deadlines;
mod eligibility;
mod frequency;
mod limits;
mod retention;
mod standing;
#[cfg(test)]
mod tests;

use super::english::capitalise;
use crate::policy::{CompiledPolicy, RuleBody};

use access::access;
use attribute::attribute;
use deadlines::deadline;
use eligibility::eligibility;
use frequency::frequency;
use limits::limit;
use retention::retention;
use standing::standing;

/// The rule body as one sentence, ending with a full stop.
pub(crate) fn sentence(policy: &CompiledPolicy, body: &RuleBody) -> String {
    let text = match body {
        RuleBody::Frequency(f) => frequency(policy, f),
        RuleBody::Eligibility(e) => eligibility(policy, e),
        RuleBody::Limit(l) => limit(policy, l),
        RuleBody::Deadline(d) => deadline(policy, d),
        RuleBody::Retention(r) => retention(policy, r),
        RuleBody::Access(a) => access(policy, a),
        RuleBody::Attribute(a) => attribute(policy, a),
        RuleBody::Standing(s) => standing(policy, s),
    };
    format!("{}.", capitalise(&text))
}
