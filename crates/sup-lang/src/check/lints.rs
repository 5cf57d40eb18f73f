//! Checks across rules, made once every rule is compiled: `overrides` that
//! cannot work (errors), and lints, things that are legal but probably
//! wrong — unused definitions and rules that disagree without saying which
//! one wins.
//!
//! This file runs them in order and reports unused definitions;
//! `overrides` checks `overrides`, and `disagreements` finds rules that
//! disagree.

use super::symbols::SymbolKind;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast;

mod disagreements;
mod overrides;

impl Checker<'_> {
    pub(super) fn lint(&mut self, module: &ast::Module) {
        self.check_overrides(module);
        // In a file with errors, "unused" is mostly the echo of a misspelt
        // use: report it once the errors are fixed.
        if self.lint_unused && !self.diagnostics.iter().any(|d| d.is_error()) {
            self.lint_unused();
        }
        self.lint_conflicts(module);
        self.lint_contradictions(module);
        self.lint_ended_overrides(module);
    }

    fn lint_unused(&mut self) {
        let kinds = [
            (SymbolKind::Group, "group"),
            (SymbolKind::Calendar, "calendar"),
            (SymbolKind::Activity, "activity"),
            (SymbolKind::Holidays, "holiday calendar"),
            (SymbolKind::Table, "table"),
        ];
        // Every use, looked up once rather than searched for each definition.
        let used: std::collections::HashSet<(SymbolKind, &str)> = self
            .symbols
            .references
            .iter()
            .map(|r| (r.kind, r.name.as_str()))
            .collect();
        let mut found = Vec::new();
        for (kind, what) in kinds {
            for definition in &self.symbols.definitions {
                if definition.kind == kind && !used.contains(&(kind, definition.name.as_str())) {
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
}
