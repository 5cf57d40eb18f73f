//! Semantic diff of two compiled policies, and the stricter/looser judgement
//! that conformance to a framework reuses.

use crate::policy::CompiledPolicy;
use crate::span::Span;

/// The policy with everything that says where it was written taken out
/// (file name, spans, lines and columns, the text of rules as written), so
/// that two compiled policies can be compared for meaning alone.
pub fn without_positions(policy: &CompiledPolicy) -> CompiledPolicy {
    let mut policy = policy.clone();
    policy.source = String::new();
    for rule in &mut policy.rules {
        rule.source.file = String::new();
        rule.source.span = Span::default();
        rule.source.line = 0;
        rule.source.column = 0;
        rule.text = String::new();
        if let crate::policy::RuleBody::Eligibility(e) = &mut rule.body {
            for clause in &mut e.clauses {
                clause.text = String::new();
            }
        }
    }
    policy
}

/// True when two compiled policies mean the same, however they are laid out.
pub fn same_meaning(a: &CompiledPolicy, b: &CompiledPolicy) -> bool {
    without_positions(a) == without_positions(b)
}
