//! Retention rules checked and lowered.

use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy;
use crate::span::Span;
use crate::syntax::ast;

impl Checker<'_> {
    pub(super) fn retention(&mut self, rule: &ast::RetentionRule) -> Option<policy::Retention> {
        let kind_ok = self.lookup_value("record_kind", &rule.record_kind);
        let mut min = None;
        let mut max = None;
        let mut ok = kind_ok;
        let mut spans: (Option<Span>, Option<Span>) = (None, None);
        for bound in &rule.bounds {
            let (slot, span_slot, q) = match &bound.node {
                ast::RetentionBound::AtLeast(q) => (&mut min, &mut spans.0, q),
                ast::RetentionBound::AtMost(q) => (&mut max, &mut spans.1, q),
            };
            if slot.is_some() {
                self.error(
                    Diagnostic::error(Code::DuplicateOption, "this bound is given twice")
                        .with_label(bound.span, "given again")
                        .with_help("give at most one `at least` and one `at most`"),
                );
                ok = false;
                // Still say if the copy's own duration is wrong.
                let _ = self.duration(&q.node, q.span);
                continue;
            }
            *span_slot = Some(q.span);
            match self.duration(&q.node, q.span) {
                Some(d) => *slot = Some(d),
                None => ok = false,
            }
        }
        if let (Some(low), Some(high), (Some(ls), Some(hs))) = (min, max, spans) {
            if low.approx_minutes() > high.approx_minutes() {
                self.error(
                    Diagnostic::error(
                        Code::ImpossibleRange,
                        format!("records cannot be kept at least {low} and at most {high}"),
                    )
                    .with_label(ls, "minimum")
                    .with_label(hs, "maximum")
                    .with_help("the minimum time records are kept must not exceed the maximum"),
                );
                ok = false;
            }
        }
        ok.then(|| policy::Retention {
            record_kinds: vec![rule.record_kind.node.clone()],
            min,
            max,
            anchor: rule.anchor.node.into(),
        })
    }
}
