//! Eligibility rules checked and lowered.

use crate::check::conditions::Context;
use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy;
use crate::syntax::ast;

impl Checker<'_> {
    pub(super) fn eligibility(
        &mut self,
        rule: &ast::EligibilityRule,
    ) -> Option<policy::Eligibility> {
        let group = self.lookup_group(&rule.group);
        let activities = if rule.activities.is_empty() {
            Some(
                self.vocabularies
                    .get("session_kind")
                    .map(|v| v.values.clone())
                    .unwrap_or_default(),
            )
        } else {
            let found = self.activities_for(&rule.activities);
            if let Some(found) = &found {
                for (name, a) in rule.activities.iter().zip(found) {
                    if a.table != "sessions" {
                        self.error(
                            Diagnostic::error(Code::WrongTable, format!("`{}` is not a kind of session", name.node))
                                .with_label(name.span, "has no supervisor")
                                .with_help("an eligibility rule judges the supervisors of sessions: name session kinds"),
                        );
                    }
                }
            }
            found.map(|f| f.into_iter().map(|a| a.name).collect())
        };
        let mut clauses = Vec::new();
        let mut ok = true;
        for clause in &rule.clauses {
            let when = clause
                .when
                .as_ref()
                .map(|w| self.condition(w, &Context::Pair));
            let require = self.condition(&clause.require, &Context::Pair);
            match (when, require) {
                (Some(None), _) | (_, None) => ok = false,
                (when, Some(require)) => clauses.push(policy::EligibilityClause {
                    when: when.flatten(),
                    require,
                    text: self.text_of(clause.span),
                }),
            }
        }
        // An unknown group or one of the wrong table must not hide that the
        // rule is empty: each is its own mistake.
        if let Some(g) = &group {
            ok &= self.expect_group_table(&rule.group, g, "staff", "an eligibility rule");
        }
        if rule.clauses.is_empty() {
            self.error(
                Diagnostic::error(Code::EmptyRule, "this eligibility rule has no conditions")
                    .with_label(rule.span, "nothing to check")
                    .with_help("add a condition such as `supervisor.level > supervisee.level` inside the braces"),
            );
            ok = false;
        }
        let group = group?;
        if !ok {
            return None;
        }
        Some(policy::Eligibility {
            activities: activities?,
            any_session: rule.activities.is_empty(),
            group: group.name,
            clauses,
        })
    }
}
