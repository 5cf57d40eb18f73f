//! Activities declared: the session kinds the prelude gives, and the
//! policy's own activities over a table.

use super::qualified;
use crate::check::conditions::Context;
use crate::check::symbols::SymbolKind;
use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, ColumnType, Condition, Expr, Literal, Subject};
use crate::syntax::ast;

impl Checker<'_> {
    /// Each session kind is an activity: held sessions of that kind, by supervisee.
    pub(in crate::check) fn declare_session_activities(&mut self) {
        let kinds = self
            .vocabularies
            .get("session_kind")
            .map(|v| v.values.clone())
            .unwrap_or_default();
        for kind in kinds {
            self.activities
                .entry(kind.clone())
                .or_insert_with(|| policy::Activity {
                    name: kind.clone(),
                    label: None,
                    table: "sessions".into(),
                    subject_column: "supervisee".into(),
                    subject_table: "staff".into(),
                    date_column: "start".into(),
                    filter: Some(Condition::All {
                        of: vec![
                            Condition::Is {
                                target: Expr::Column {
                                    of: Subject::Row,
                                    column: "kind".into(),
                                },
                                negated: false,
                                values: vec![Literal::Value(kind.clone())],
                            },
                            Condition::Is {
                                target: Expr::Column {
                                    of: Subject::Row,
                                    column: "status".into(),
                                },
                                negated: false,
                                values: vec![Literal::Value("held".into())],
                            },
                        ],
                    }),
                });
        }
    }
}

impl Checker<'_> {
    pub(in crate::check) fn declare_activity(&mut self, decl: &ast::ActivityDecl) {
        if self.activities.contains_key(&decl.name.node) {
            let first = self.first_definition(SymbolKind::Activity, &decl.name.node);
            // A session kind is an activity without a definition of its
            // own: point at the kind the policy declared, if it did, rather
            // than blame the prelude.
            let kind = self.first_definition(
                SymbolKind::Value,
                &qualified("session_kind", &decl.name.node),
            );
            match (first, kind) {
                (None, Some(kind)) => self.error(
                    Diagnostic::error(
                        Code::DuplicateDefinition,
                        format!("the activity `{}` is defined twice", decl.name.node),
                    )
                    .with_label(decl.name.span, "defined again here")
                    .with_label(kind, "a session kind, and so already an activity")
                    .with_help(
                        "every session kind is an activity (its held sessions, by supervisee); give this activity another name",
                    ),
                ),
                _ => self.duplicate("activity", &decl.name, first),
            }
            return;
        }
        self.define(SymbolKind::Activity, &decl.name, decl.span);
        let Some(table) = self.lookup_table(&decl.table) else {
            self.broken.insert(decl.name.node.clone());
            return;
        };
        let subject = self.lookup_column(&table, &decl.subject_column);
        let date = self.lookup_column(&table, &decl.date_column);
        let filter = match &decl.condition {
            Some(c) => self.condition(c, &Context::Row(table.name.clone())),
            None => None,
        };
        let (Some(subject), Some(date)) = (subject, date) else {
            self.broken.insert(decl.name.node.clone());
            return;
        };
        let ColumnType::Ref(subject_table) = subject.ty.clone() else {
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    format!(
                        "the column `{}` does not refer to a staff member or another row",
                        subject.name
                    ),
                )
                .with_label(
                    decl.subject_column.span,
                    format!("this is {}", subject.ty.describe()),
                )
                .with_help(
                    "the subject of an activity is a column of type `ref staff` (or `ref cases`)",
                ),
            );
            self.broken.insert(decl.name.node.clone());
            return;
        };
        if !matches!(date.ty, ColumnType::Date | ColumnType::Datetime) {
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    format!("the column `{}` is not a date", date.name),
                )
                .with_label(
                    decl.date_column.span,
                    format!("this is {}", date.ty.describe()),
                )
                .with_help("an activity is dated by a column of type `date` or `datetime`"),
            );
            self.broken.insert(decl.name.node.clone());
            return;
        }
        if decl.condition.is_some() && filter.is_none() {
            self.broken.insert(decl.name.node.clone());
            return;
        }
        self.activities.insert(
            decl.name.node.clone(),
            policy::Activity {
                name: decl.name.node.clone(),
                label: decl.label.as_ref().map(|l| l.node.clone()),
                table: table.name.clone(),
                subject_column: subject.name.clone(),
                subject_table,
                date_column: date.name.clone(),
                filter,
            },
        );
    }
}
