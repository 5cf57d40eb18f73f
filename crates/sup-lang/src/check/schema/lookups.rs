//! Lookups of declared names (tables, columns, groups, activities,
//! calendars, vocabulary values), each recorded as a use for editors and
//! reported with a suggestion when unknown.

use super::{backticked, qualified, VOCABULARY_HEADINGS};
use crate::check::symbols::SymbolKind;
use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy;
use crate::syntax::ast;

impl Checker<'_> {
    pub(in crate::check) fn lookup_table(&mut self, name: &ast::Name) -> Option<policy::Table> {
        if let Some(t) = self.tables.get(&name.node).cloned() {
            self.refer(SymbolKind::Table, &name.node, name.span);
            return Some(t);
        }
        let names: Vec<String> = self.tables.keys().cloned().collect();
        self.unknown(
            Code::UnknownTable,
            "table",
            name,
            names.iter().map(String::as_str),
            "tables",
        );
        None
    }

    pub(in crate::check) fn lookup_column(
        &mut self,
        table: &policy::Table,
        name: &ast::Name,
    ) -> Option<policy::Column> {
        if let Some(c) = table.column(&name.node).cloned() {
            self.refer(
                SymbolKind::Column,
                &qualified(&table.name, &name.node),
                name.span,
            );
            return Some(c);
        }
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        let d = Diagnostic::error(
            Code::UnknownColumn,
            format!("the table `{}` has no column `{}`", table.name, name.node),
        )
        .with_label(name.span, "no such column")
        .suggest_or(&name.node, name.span, names.iter().copied(), || {
            Some(format!(
                "`{}` has the columns {}; add one with `extend {} {{ {}: ... }}`",
                table.name,
                backticked(&names),
                table.name,
                name.node
            ))
        });
        self.error(d);
        None
    }

    pub(in crate::check) fn lookup_group(&mut self, name: &ast::Name) -> Option<policy::Group> {
        if let Some(g) = self.groups.get(&name.node).cloned() {
            self.refer(SymbolKind::Group, &name.node, name.span);
            return Some(g);
        }
        if self.broken.contains(&name.node) {
            self.refer(SymbolKind::Group, &name.node, name.span);
            return None;
        }
        let names: Vec<String> = self.groups.keys().cloned().collect();
        let is_table = self.tables.contains_key(&name.node);
        // A role or tag written where a group belongs: say how to make the
        // group it was meant to name.
        let has = |vocabulary: &str| {
            self.vocabularies
                .get(vocabulary)
                .is_some_and(|v| v.values.contains(&name.node))
        };
        let as_value = if has("role") {
            Some(format!(
                "`{0}` is a role, not a group: declare `group {0}s: staff where role is {0}` and use that",
                name.node
            ))
        } else if has("tag") {
            Some(format!(
                "`{0}` is a tag, not a group: declare `group {0}_staff: staff where tags has {0}` and use that",
                name.node
            ))
        } else {
            None
        };
        let d = Diagnostic::error(Code::UnknownGroup, format!("unknown group `{}`", name.node))
            .with_label(name.span, "not a declared group")
            .suggest_or(
                &name.node,
                name.span,
                names.iter().map(String::as_str),
                || {
                    Some(if let Some(help) = as_value {
                        help
                    } else if is_table {
                        format!(
                            "to mean every row of `{0}`, declare `group everyone: {0}`",
                            name.node
                        )
                    } else {
                        format!("declare it: `group {}: staff where ...`", name.node)
                    })
                },
            );
        self.error(d);
        None
    }

    /// The table a rule's group would range over when the group itself could
    /// not be found, so the rest of the rule (its condition, its columns) is
    /// still checked in the same run: the table of the group the "did you
    /// mean" points to, the table itself if a table was named, or else
    /// `default`, the table the rule's family implies. `None` for a group
    /// whose own declaration failed: its table cannot be known, and a guess
    /// would report mistakes that are not there.
    pub(in crate::check) fn table_for_unknown_group(
        &self,
        name: &ast::Name,
        default: Option<&str>,
    ) -> Option<String> {
        if let Some(group) = self.groups.get(&name.node) {
            return Some(group.table.clone());
        }
        if self.broken.contains(&name.node) {
            return None;
        }
        if self.tables.contains_key(&name.node) {
            return Some(name.node.clone());
        }
        let meant = crate::suggest::closest(&name.node, self.groups.keys().map(String::as_str));
        match meant.and_then(|g| self.groups.get(g)) {
            Some(group) => Some(group.table.clone()),
            None => default.map(str::to_string),
        }
    }

    pub(in crate::check) fn lookup_activity(
        &mut self,
        name: &ast::Name,
    ) -> Option<policy::Activity> {
        if let Some(a) = self.activities.get(&name.node).cloned() {
            self.refer(SymbolKind::Activity, &name.node, name.span);
            return Some(a);
        }
        if self.broken.contains(&name.node) {
            return None;
        }
        let names: Vec<String> = self.activities.keys().cloned().collect();
        let d = Diagnostic::error(
            Code::UnknownActivity,
            format!("unknown activity `{}`", name.node),
        )
        .with_label(name.span, "not a session kind or declared activity")
        .suggest_or(&name.node, name.span, names.iter().map(String::as_str), || {
            Some(format!(
                "add it to the session kinds (`session kinds: {}`) or declare it with `activity {}: TABLE by COLUMN on COLUMN`",
                name.node, name.node
            ))
        });
        self.error(d);
        None
    }

    pub(in crate::check) fn lookup_calendar(
        &mut self,
        name: &ast::Name,
    ) -> Option<policy::Calendar> {
        if let Some(c) = self.calendars.get(&name.node).cloned() {
            self.refer(SymbolKind::Calendar, &name.node, name.span);
            return Some(c);
        }
        let names: Vec<String> = self.calendars.keys().cloned().collect();
        self.unknown(
            Code::UnknownCalendar,
            "calendar",
            name,
            names.iter().map(String::as_str),
            "calendars",
        );
        None
    }

    /// Check that `value` is one of the vocabulary's values.
    pub(in crate::check) fn lookup_value(&mut self, vocabulary: &str, value: &ast::Name) -> bool {
        let values = self
            .vocabularies
            .get(vocabulary)
            .map(|v| v.values.clone())
            .unwrap_or_default();
        if values.contains(&value.node) {
            self.refer(
                SymbolKind::Value,
                &qualified(vocabulary, &value.node),
                value.span,
            );
            return true;
        }
        let heading = VOCABULARY_HEADINGS
            .iter()
            .find(|(_, v)| *v == vocabulary)
            .map_or_else(
                || format!("values of {vocabulary}"),
                |(h, _)| (*h).to_string(),
            );
        let what = vocabulary.replace('_', " ");
        let value_names: Vec<&str> = values.iter().map(String::as_str).collect();
        let d = Diagnostic::error(
            Code::UnknownValue,
            format!("unknown {what} `{}`", value.node),
        )
        .with_label(value.span, format!("not one of the declared {heading}"))
        .suggest_or(&value.node, value.span, value_names.iter().copied(), || {
            Some(if values.is_empty() {
                format!("declare it: `{heading}: {}`", value.node)
            } else {
                format!(
                    "the {heading} are {}; add it with `{heading}: {}`",
                    backticked(&value_names),
                    value.node
                )
            })
        });
        self.error(d);
        false
    }
}
