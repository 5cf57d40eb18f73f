//! Declarations: vocabularies, tables, groups, calendars, holidays and
//! activities, checked and entered into the checker's tables.
//!
//! This file declares vocabularies and tables; `calendars`, `groups` and
//! `activities` declare the rest, and `lookups` finds a declared name again.

use chrono::NaiveDate;

use super::symbols::SymbolKind;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, ColumnType, Origin};
use crate::span::Span;
use crate::syntax::ast;

mod activities;
mod calendars;
mod groups;
mod lookups;

/// Vocabularies that prelude columns use, so they exist even when a policy
/// declares no values for them.
const BUILTIN_VOCABULARIES: &[&str] = &[
    "role",
    "tag",
    "registration",
    "purpose",
    "team",
    "case_flag",
    "session_kind",
    "session_status",
    "record_kind",
    "observation_kind",
];

/// Headings of the vocabulary statement and the vocabulary each fills: the
/// one list is the language's word table.
pub use crate::syntax::keywords::VOCABULARY_HEADINGS;

/// What a word means in access rules, when a vocabulary may not declare it:
/// `subject` and `anyone` as roles, `any` as a purpose.
fn access_word(vocabulary: &str, value: &str) -> Option<&'static str> {
    match (vocabulary, value) {
        ("role", "subject") => Some("the person the record is about"),
        ("role", "anyone") => Some("anyone at all"),
        ("purpose", "any") => Some("any purpose"),
        _ => None,
    }
}

/// Parse `YYYY-MM-DD`, reporting a date that does not exist.
pub(super) fn parse_date(checker: &mut Checker, text: &str, span: Span) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            checker.error(
                Diagnostic::error(Code::InvalidDate, format!("`{text}` is not a date in the calendar"))
                    .with_label(span, "no such day")
                    .with_help("write dates as YYYY-MM-DD, for example `2025-09-01`, and check the day exists in that month"),
            );
            None
        }
    }
}

impl Checker<'_> {
    fn define(&mut self, kind: SymbolKind, name: &ast::Name, full: Span) {
        if self.origin == Origin::Policy {
            self.symbols.define(kind, &name.node, name.span, full);
        }
    }

    /// Record a use of a name (policy file only: prelude spans point elsewhere).
    pub(super) fn refer(&mut self, kind: SymbolKind, name: &str, span: Span) {
        if self.origin == Origin::Policy {
            self.symbols.refer(kind, name, span);
        }
    }

    fn first_definition(&self, kind: SymbolKind, name: &str) -> Option<Span> {
        self.symbols.definition(kind, name).map(|d| d.span)
    }

    pub(super) fn declare_vocabulary(&mut self, decl: &ast::VocabularyDecl) {
        for name in BUILTIN_VOCABULARIES {
            self.vocabularies
                .entry((*name).to_string())
                .or_insert_with(|| policy::Vocabulary {
                    name: (*name).to_string(),
                    values: Vec::new(),
                    labels: Default::default(),
                });
        }
        let vocabulary = if decl.custom {
            decl.heading.node.clone()
        } else {
            match VOCABULARY_HEADINGS
                .iter()
                .find(|(h, _)| *h == decl.heading.node)
            {
                Some((_, v)) => (*v).to_string(),
                None => return,
            }
        };
        let entry = self
            .vocabularies
            .entry(vocabulary.clone())
            .or_insert_with(|| policy::Vocabulary {
                name: vocabulary.clone(),
                values: Vec::new(),
                labels: Default::default(),
            });
        let mut duplicates = Vec::new();
        let mut built_in = Vec::new();
        for (value, label) in decl.values.iter().zip(&decl.labels) {
            if let Some(meaning) = access_word(&vocabulary, &value.node) {
                // `allow subject for ...` already means the record's subject:
                // a role of that name would be read as that, and its grants
                // would go to someone else without a word.
                built_in.push((value.clone(), meaning));
            } else if entry.values.contains(&value.node) {
                duplicates.push(value.clone());
            } else {
                entry.values.push(value.node.clone());
                if let Some(label) = label {
                    entry.labels.insert(value.node.clone(), label.node.clone());
                }
            }
        }
        if self.origin == Origin::Policy {
            for value in &decl.values {
                self.symbols.define(
                    SymbolKind::Value,
                    &qualified(&vocabulary, &value.node),
                    value.span,
                    decl.span,
                );
            }
        }
        for value in duplicates {
            let first =
                self.first_definition(SymbolKind::Value, &qualified(&vocabulary, &value.node));
            let first = first.filter(|s| s.start != value.span.start);
            self.duplicate("value", &value, first);
        }
        for (value, meaning) in built_in {
            self.error(
                Diagnostic::error(
                    Code::DuplicateDefinition,
                    format!(
                        "`{}` cannot be declared as a {vocabulary}: access rules already use it for {meaning}",
                        value.node
                    ),
                )
                .with_label(value.span, format!("already means {meaning}"))
                .with_help(format!(
                    "give the {vocabulary} another name, such as `{}_{vocabulary}`",
                    value.node
                )),
            );
        }
    }

    pub(super) fn declare_table(&mut self, decl: &ast::TableDecl) {
        if self.tables.contains_key(&decl.name.node) {
            let first = self.first_definition(SymbolKind::Table, &decl.name.node);
            self.duplicate("table", &decl.name, first);
            return;
        }
        self.define(SymbolKind::Table, &decl.name, decl.span);
        let mut table = policy::Table {
            name: decl.name.node.clone(),
            label: decl.label.as_ref().map(|l| l.node.clone()),
            origin: self.origin,
            columns: Vec::new(),
            lifetime: None,
        };
        self.add_columns(&mut table, &decl.columns);
        if let Some(lifetime) = &decl.lifetime {
            table.lifetime = self.lifetime(&table, lifetime);
        }
        self.tables.insert(table.name.clone(), table);
    }

    /// `lifetime from START [to END]`: both must be date or datetime columns
    /// of the table (a row's life is counted in days).
    fn lifetime(
        &mut self,
        table: &policy::Table,
        decl: &ast::LifetimeDecl,
    ) -> Option<policy::Lifetime> {
        let mut ok = true;
        for name in std::iter::once(&decl.start).chain(decl.end.as_ref()) {
            match table.column(&name.node) {
                None => {
                    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
                    self.unknown(Code::UnknownColumn, "column", name, names, "columns");
                    ok = false;
                }
                Some(c) if !matches!(c.ty, ColumnType::Date | ColumnType::Datetime) => {
                    let dated: Vec<&str> = table
                        .columns
                        .iter()
                        .filter(|c| matches!(c.ty, ColumnType::Date | ColumnType::Datetime))
                        .map(|c| c.name.as_str())
                        .collect();
                    let help = if dated.is_empty() {
                        format!("add a `date` column to `{}` for it", table.name)
                    } else {
                        format!("name a date column: {}", backticked(&dated))
                    };
                    self.error(
                        crate::diagnostic::Diagnostic::error(
                            Code::TypeMismatch,
                            format!(
                                "a lifetime is bounded by days, and `{}` is {}",
                                name.node,
                                c.ty.describe()
                            ),
                        )
                        .with_label(name.span, "not a date or datetime column")
                        .with_help(help),
                    );
                    ok = false;
                }
                Some(_) => {
                    let full = qualified(&table.name, &name.node);
                    self.refer(SymbolKind::Column, &full, name.span);
                }
            }
        }
        ok.then(|| policy::Lifetime {
            start: decl.start.node.clone(),
            end: decl.end.as_ref().map(|e| e.node.clone()),
        })
    }

    pub(super) fn extend_table(&mut self, decl: &ast::ExtendDecl) {
        let Some(mut table) = self.tables.remove(&decl.table.node) else {
            let names: Vec<String> = self.tables.keys().cloned().collect();
            self.unknown(
                Code::UnknownTable,
                "table",
                &decl.table,
                names.iter().map(String::as_str),
                "tables",
            );
            return;
        };
        self.refer(SymbolKind::Table, &decl.table.node, decl.table.span);
        self.add_columns(&mut table, &decl.columns);
        self.tables.insert(table.name.clone(), table);
    }

    fn add_columns(&mut self, table: &mut policy::Table, columns: &[ast::ColumnDecl]) {
        for column in columns {
            if table.column(&column.name.node).is_some() {
                let first = self.first_definition(
                    SymbolKind::Column,
                    &qualified(&table.name, &column.name.node),
                );
                self.duplicate("column", &column.name, first);
                continue;
            }
            let full = qualified(&table.name, &column.name.node);
            if self.origin == Origin::Policy {
                self.symbols
                    .define(SymbolKind::Column, &full, column.name.span, column.span);
            }
            let ty = match &column.ty.node {
                ast::ColumnTypeExpr::Basic(word) => {
                    match super::words::find(super::words::COLUMN_TYPES, word) {
                        Some(basic) => basic.means.clone(),
                        None => {
                            let name = ast::Spanned::new(word.clone(), column.ty.span);
                            let mut candidates: Vec<&str> =
                                super::words::spellings(super::words::COLUMN_TYPES).collect();
                            candidates.extend(["ref TABLE", "one of VALUES", "set of VALUES"]);
                            self.unknown(
                                Code::UnknownType,
                                "column type",
                                &name,
                                candidates,
                                "column types",
                            );
                            continue;
                        }
                    }
                }
                ast::ColumnTypeExpr::Ref(t) => ColumnType::Ref(t.node.clone()),
                ast::ColumnTypeExpr::OneOf(v) => ColumnType::OneOf(v.node.clone()),
                ast::ColumnTypeExpr::SetOf(v) => ColumnType::SetOf(v.node.clone()),
            };
            table.columns.push(policy::Column {
                name: column.name.node.clone(),
                ty,
                optional: column.optional,
                derived: None,
                label: column.label.as_ref().map(|l| l.node.clone()),
            });
        }
    }

    /// `staff` has columns computed from others (see the prelude).
    pub(super) fn add_derived_columns(&mut self) {
        let Some(staff) = self.tables.get_mut("staff") else {
            return;
        };
        for (name, from) in [
            ("tenure", "start_date"),
            ("supervising_for", "supervisor_since"),
        ] {
            if staff.column(name).is_none() {
                staff.columns.push(policy::Column {
                    name: name.to_string(),
                    ty: ColumnType::Duration,
                    optional: from != "start_date",
                    derived: Some(policy::Derivation::Since {
                        column: from.to_string(),
                    }),
                    label: None,
                });
            }
        }
    }

    /// Check that `ref` and `one of` types name things that exist, now that
    /// every table and vocabulary has been declared.
    pub(super) fn check_table_types(&mut self, items: &[ast::Item]) {
        for item in items {
            let columns = match item {
                ast::Item::Table(t) => &t.columns,
                ast::Item::Extend(e) => &e.columns,
                _ => continue,
            };
            for column in columns {
                match &column.ty.node {
                    ast::ColumnTypeExpr::Ref(t) => {
                        if self.tables.contains_key(&t.node) {
                            self.refer(SymbolKind::Table, &t.node, t.span);
                        } else {
                            let names: Vec<String> = self.tables.keys().cloned().collect();
                            self.unknown(
                                Code::UnknownTable,
                                "table",
                                t,
                                names.iter().map(String::as_str),
                                "tables",
                            );
                        }
                    }
                    ast::ColumnTypeExpr::OneOf(v) | ast::ColumnTypeExpr::SetOf(v) => {
                        if !self.vocabularies.contains_key(&v.node) {
                            let names: Vec<String> = self.vocabularies.keys().cloned().collect();
                            self.unknown(
                                Code::UnknownVocabulary,
                                "list of values",
                                v,
                                names.iter().map(String::as_str),
                                "lists of values",
                            );
                        }
                    }
                    ast::ColumnTypeExpr::Basic(_) => {}
                }
            }
        }
    }
}

/// `table.column` or `vocabulary.value`, as the symbol index names them.
pub(super) fn qualified(outer: &str, inner: &str) -> String {
    format!("{outer}.{inner}")
}

/// "`a`, `b`, `c`" for help lines.
pub(super) fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
