//! Lints: things that are legal but probably wrong — unused definitions and
//! rules that disagree without saying which one wins.

use super::symbols::SymbolKind;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{Requirement, RuleBody, Schedule, Window};
use crate::syntax::ast;

impl Checker<'_> {
    pub(super) fn lint(&mut self, module: &ast::Module) {
        // In a file with errors, "unused" is mostly the echo of a misspelt
        // use: report it once the errors are fixed.
        if self.lint_unused && !self.diagnostics.iter().any(|d| d.is_error()) {
            self.lint_unused();
        }
        self.lint_conflicts(module);
    }

    fn lint_unused(&mut self) {
        let kinds = [
            (SymbolKind::Group, "group"),
            (SymbolKind::Calendar, "calendar"),
            (SymbolKind::Activity, "activity"),
            (SymbolKind::Holidays, "holiday calendar"),
            (SymbolKind::Table, "table"),
        ];
        let mut found = Vec::new();
        for (kind, what) in kinds {
            for definition in &self.symbols.definitions {
                if definition.kind == kind && !self.symbols.is_used(kind, &definition.name) {
                    found.push(
                        Diagnostic::warning(
                            Code::UnusedDefinition,
                            format!("the {what} `{}` is never used", definition.name),
                        )
                        .with_label(definition.span, "defined here")
                        .with_help(format!(
                            "use it in a rule, or remove it; a rule-less {what} checks nothing"
                        )),
                    );
                }
            }
        }
        self.diagnostics.extend(found);
    }

    /// Two frequency rules that set different amounts of the same shape for
    /// the same activity and overlapping groups disagree, unless one says it
    /// overrides the other.
    fn lint_conflicts(&mut self, module: &ast::Module) {
        let spans: Vec<(String, crate::span::Span)> = module
            .items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Rule(r) => Some((r.name.node.clone(), r.name.span)),
                _ => None,
            })
            .collect();
        let span_of = |name: &str| {
            spans
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| *s)
                .unwrap_or_default()
        };
        let mut found = Vec::new();
        for (i, a) in self.rules.iter().enumerate() {
            for b in self.rules.iter().skip(i + 1) {
                let (RuleBody::Frequency(fa), RuleBody::Frequency(fb)) = (&a.body, &b.body) else {
                    continue;
                };
                if a.overrides.contains(&b.name) || b.overrides.contains(&a.name) {
                    continue;
                }
                let shared: Vec<&String> = fa
                    .activities
                    .iter()
                    .filter(|x| fb.activities.contains(x))
                    .collect();
                if shared.is_empty() || fa.with_supervisor != fb.with_supervisor {
                    continue;
                }
                let overlap = self.group_within(&fa.group, &fb.group)
                    || self.group_within(&fb.group, &fa.group);
                if !overlap || !disagree(&fa.schedule, &fb.schedule) {
                    continue;
                }
                let inner = if self.group_within(&fa.group, &fb.group) {
                    &fa.group
                } else {
                    &fb.group
                };
                found.push(
                    Diagnostic::warning(
                        Code::ConflictingRules,
                        format!("`{}` and `{}` set different requirements for `{}` for members of `{inner}`", a.name, b.name, shared[0]),
                    )
                    .with_label(span_of(&b.name), "this rule")
                    .with_label(span_of(&a.name), "disagrees with this one")
                    .with_help(format!(
                        "as written both are judged, so members of `{inner}` must meet both; say which one wins: add `overrides {}` to `{}` if it replaces it, or make the groups separate",
                        a.name, b.name
                    )),
                );
            }
        }
        self.diagnostics.extend(found);
    }

    fn group_within(&self, inner: &str, outer: &str) -> bool {
        let mut current = Some(inner.to_string());
        let mut steps = 0;
        while let Some(name) = current {
            if name == outer {
                return true;
            }
            steps += 1;
            if steps > self.groups.len() + 1 {
                return false;
            }
            current = self.groups.get(&name).and_then(|g| g.parent.clone());
        }
        false
    }
}

/// Same shape of requirement (both counts per the same kind of window, both
/// gaps, both times), different amounts.
fn disagree(a: &Schedule, b: &Schedule) -> bool {
    match (a, b) {
        (Schedule::Fixed { requirement: x }, Schedule::Fixed { requirement: y }) => match (x, y) {
            (Requirement::Count { window: wa, .. }, Requirement::Count { window: wb, .. })
            | (Requirement::Time { window: wa, .. }, Requirement::Time { window: wb, .. }) => {
                same_window_kind(wa, wb) && x != y
            }
            (Requirement::Gap { .. }, Requirement::Gap { .. }) => x != y,
            _ => false,
        },
        (Schedule::ByTenure { .. }, Schedule::ByTenure { .. }) => a != b,
        _ => false,
    }
}

fn same_window_kind(a: &Window, b: &Window) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}
