//! Lowering of the syntax tree's small enums to the compiled policy's own.
//!
//! The two sets of types are kept apart so that the compiled JSON is
//! defined only in `src/policy/` (its `FORMAT_VERSION` guards it) and the
//! syntax tree is free to change. The matches are exhaustive on purpose: a
//! variant added to either side fails to compile here until someone decides
//! what it becomes in the compiled policy.

use crate::policy;
use crate::syntax::ast;

impl From<ast::PolicyKind> for policy::PolicyKind {
    fn from(kind: ast::PolicyKind) -> Self {
        match kind {
            ast::PolicyKind::Policy => policy::PolicyKind::Policy,
            ast::PolicyKind::Framework => policy::PolicyKind::Framework,
        }
    }
}

impl From<ast::RetentionAnchor> for policy::RetentionAnchor {
    fn from(anchor: ast::RetentionAnchor) -> Self {
        match anchor {
            ast::RetentionAnchor::Leaving => policy::RetentionAnchor::Leaving,
            ast::RetentionAnchor::Creation => policy::RetentionAnchor::Creation,
        }
    }
}

impl From<ast::CompareOp> for policy::CompareOp {
    fn from(op: ast::CompareOp) -> Self {
        match op {
            ast::CompareOp::Eq => policy::CompareOp::Eq,
            ast::CompareOp::Ne => policy::CompareOp::Ne,
            ast::CompareOp::Lt => policy::CompareOp::Lt,
            ast::CompareOp::Le => policy::CompareOp::Le,
            ast::CompareOp::Gt => policy::CompareOp::Gt,
            ast::CompareOp::Ge => policy::CompareOp::Ge,
        }
    }
}

impl From<ast::ArithOp> for policy::ArithOp {
    fn from(op: ast::ArithOp) -> Self {
        match op {
            ast::ArithOp::Add => policy::ArithOp::Add,
            ast::ArithOp::Sub => policy::ArithOp::Sub,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each syntax variant becomes the compiled variant of the same meaning,
    /// which is what the compiled JSON (`"="`, `"add"`, `"leaving"`, ...)
    /// has always said for it.
    #[test]
    fn every_variant_lowers_to_its_namesake() {
        let kinds = [
            (ast::PolicyKind::Policy, "\"policy\""),
            (ast::PolicyKind::Framework, "\"framework\""),
        ];
        for (kind, json) in kinds {
            let lowered = policy::PolicyKind::from(kind);
            assert_eq!(serde_json::to_string(&lowered).ok().as_deref(), Some(json));
        }
        let anchors = [
            (ast::RetentionAnchor::Leaving, "\"leaving\""),
            (ast::RetentionAnchor::Creation, "\"creation\""),
        ];
        for (anchor, json) in anchors {
            let lowered = policy::RetentionAnchor::from(anchor);
            assert_eq!(serde_json::to_string(&lowered).ok().as_deref(), Some(json));
        }
        let ops = [
            ast::CompareOp::Eq,
            ast::CompareOp::Ne,
            ast::CompareOp::Lt,
            ast::CompareOp::Le,
            ast::CompareOp::Gt,
            ast::CompareOp::Ge,
        ];
        for op in ops {
            let lowered = policy::CompareOp::from(op);
            let json = format!("\"{}\"", op.symbol());
            assert_eq!(serde_json::to_string(&lowered).ok(), Some(json));
        }
        let ariths = [
            (ast::ArithOp::Add, "\"add\""),
            (ast::ArithOp::Sub, "\"sub\""),
        ];
        for (op, json) in ariths {
            let lowered = policy::ArithOp::from(op);
            assert_eq!(serde_json::to_string(&lowered).ok().as_deref(), Some(json));
        }
    }
}
