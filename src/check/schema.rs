//! Declarations: vocabularies, tables, groups, calendars, holidays and
//! activities, checked and entered into the checker's tables.

use chrono::NaiveDate;

use super::conditions::Context;
use super::symbols::SymbolKind;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, ColumnType, Condition, Expr, Literal, Origin, Subject};
use crate::span::Span;
use crate::syntax::ast;

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

/// Headings of the vocabulary statement and the vocabulary each fills.
const VOCABULARY_HEADINGS: &[(&str, &str)] = &[
    ("roles", "role"),
    ("tags", "tag"),
    ("registrations", "registration"),
    ("purposes", "purpose"),
    ("teams", "team"),
    ("case flags", "case_flag"),
    ("session kinds", "session_kind"),
    ("record kinds", "record_kind"),
];

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

const BASIC_TYPES: &[(&str, ColumnType)] = &[
    ("id", ColumnType::Id),
    ("text", ColumnType::Text),
    ("number", ColumnType::Number),
    ("bool", ColumnType::Bool),
    ("date", ColumnType::Date),
    ("datetime", ColumnType::Datetime),
    ("duration", ColumnType::Duration),
];

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
                    match BASIC_TYPES.iter().find(|(w, _)| w == word) {
                        Some((_, ty)) => ty.clone(),
                        None => {
                            let name = ast::Spanned::new(word.clone(), column.ty.span);
                            let mut candidates: Vec<&str> =
                                BASIC_TYPES.iter().map(|(w, _)| *w).collect();
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

    pub(super) fn declare_calendar(&mut self, decl: &ast::CalendarDecl) {
        if self.calendars.contains_key(&decl.name.node) {
            let first = self.first_definition(SymbolKind::Calendar, &decl.name.node);
            self.duplicate("calendar", &decl.name, first);
            return;
        }
        self.define(SymbolKind::Calendar, &decl.name, decl.span);
        let mut periods: Vec<(policy::Period, Span)> = Vec::new();
        // A period's name is what findings report (`in each half_term`,
        // period `autumn_1`), so two periods of one name are ambiguous.
        let mut named: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
        for period in &decl.periods {
            if let Some(first) = named.get(period.name.node.as_str()) {
                self.error(
                    Diagnostic::error(
                        Code::DuplicateDefinition,
                        format!(
                            "the period `{}` is defined twice in `{}`",
                            period.name.node, decl.name.node
                        ),
                    )
                    .with_label(period.name.span, "defined again here")
                    .with_label(*first, "first defined here")
                    .with_help("give each period of a calendar its own name, such as `autumn_1` and `autumn_2`"),
                );
                continue;
            }
            named.insert(&period.name.node, period.name.span);
            let start = parse_date(self, &period.start.node, period.start.span);
            let end = parse_date(self, &period.end.node, period.end.span);
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            if end < start {
                self.error(
                    Diagnostic::error(
                        Code::InvalidPeriod,
                        format!("the period `{}` ends before it starts", period.name.node),
                    )
                    .with_label(period.end.span, format!("ends {end}"))
                    .with_label(period.start.span, format!("starts {start}"))
                    .with_help("periods run from their first day to their last day, both included"),
                );
                continue;
            }
            periods.push((
                policy::Period {
                    name: period.name.node.clone(),
                    start,
                    end,
                },
                period.span,
            ));
        }
        periods.sort_by_key(|(p, _)| p.start);
        for pair in periods.windows(2) {
            if let [(a, a_span), (b, b_span)] = pair {
                if b.start <= a.end {
                    self.error(
                        Diagnostic::error(
                            Code::InvalidPeriod,
                            format!("the periods `{}` and `{}` overlap", a.name, b.name),
                        )
                        .with_label(*b_span, format!("starts {} ...", b.start))
                        .with_label(*a_span, format!("... before this one ends on {}", a.end))
                        .with_help("each day belongs to at most one period of a calendar"),
                    );
                }
            }
        }
        self.calendars.insert(
            decl.name.node.clone(),
            policy::Calendar {
                name: decl.name.node.clone(),
                label: decl.label.as_ref().map(|l| l.node.clone()),
                periods: periods.into_iter().map(|(p, _)| p).collect(),
            },
        );
    }

    pub(super) fn declare_holidays(&mut self, decl: &ast::HolidaysDecl) {
        if self.holidays.contains_key(&decl.name.node)
            || crate::calendar::shipped(&decl.name.node).is_some()
        {
            let first = self.first_definition(SymbolKind::Holidays, &decl.name.node);
            self.duplicate("holiday calendar", &decl.name, first);
            return;
        }
        self.define(SymbolKind::Holidays, &decl.name, decl.span);
        let mut dates = Vec::new();
        for include in &decl.includes {
            if let Some(shipped) = crate::calendar::shipped(&include.node) {
                dates.extend_from_slice(shipped);
            } else if let Some(other) = self.holidays.get(&include.node) {
                dates.extend(other.dates.iter().copied());
                self.refer(SymbolKind::Holidays, &include.node, include.span);
            } else {
                let mut names: Vec<String> = self.holidays.keys().cloned().collect();
                names.extend(crate::calendar::SHIPPED.iter().map(|s| (*s).to_string()));
                self.unknown(
                    Code::UnknownHolidays,
                    "holiday calendar",
                    include,
                    names.iter().map(String::as_str),
                    "holiday calendars",
                );
            }
        }
        for date in &decl.dates {
            if let Some(d) = parse_date(self, &date.date.node, date.date.span) {
                dates.push(d);
            }
        }
        dates.sort();
        dates.dedup();
        self.holidays.insert(
            decl.name.node.clone(),
            policy::HolidayCalendar {
                name: decl.name.node.clone(),
                dates,
            },
        );
    }

    /// Each session kind is an activity: held sessions of that kind, by supervisee.
    pub(super) fn declare_session_activities(&mut self) {
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

    pub(super) fn declare_groups(&mut self, decls: &[&ast::GroupDecl]) {
        // Names first, so groups can refine groups declared further down.
        // Names are looked up in sets and maps, not searched for, so that
        // many groups do not take quadratic time.
        let mut fresh = Vec::new();
        let mut fresh_names: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for decl in decls {
            if self.groups.contains_key(&decl.name.node)
                || fresh_names.contains(decl.name.node.as_str())
            {
                let first = self.first_definition(SymbolKind::Group, &decl.name.node);
                self.duplicate("group", &decl.name, first);
                continue;
            }
            self.define(SymbolKind::Group, &decl.name, decl.span);
            fresh_names.insert(&decl.name.node);
            fresh.push(*decl);
        }
        let names: Vec<String> = fresh.iter().map(|d| d.name.node.clone()).collect();
        let position: std::collections::HashMap<&str, usize> = fresh
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name.node.as_str(), i))
            .collect();
        // Resolve bases: a table, or a group (its table follows the chain).
        let mut parents: Vec<(String, Option<String>, Option<String>)> = Vec::new();
        for decl in &fresh {
            let base = &decl.base.node;
            if self.tables.contains_key(base) {
                self.refer(SymbolKind::Table, base, decl.base.span);
                parents.push((decl.name.node.clone(), None, Some(base.clone())));
            } else if position.contains_key(base.as_str()) || self.groups.contains_key(base) {
                self.refer(SymbolKind::Group, base, decl.base.span);
                parents.push((decl.name.node.clone(), Some(base.clone()), None));
            } else {
                let mut candidates: Vec<String> = self.tables.keys().cloned().collect();
                candidates.extend(names.iter().cloned());
                candidates.extend(self.groups.keys().cloned());
                self.unknown(
                    Code::UnknownGroup,
                    "group or table",
                    &decl.base,
                    candidates.iter().map(String::as_str),
                    "groups and tables",
                );
                self.broken.insert(decl.name.node.clone());
                parents.push((decl.name.node.clone(), None, None));
            }
        }
        // Find each group's table by walking up; a cycle is an error. Each
        // walk stops at a group already settled and settles every group it
        // passed, so a chain of n refinements costs n steps, not n² (or,
        // with the search of the path for a repeat, n³).
        let settled = settle_chains(&parents, &position, |name| {
            self.groups.get(name).map(|g| g.table.clone())
        });
        for (i, decl) in fresh.iter().enumerate() {
            let table = match settled.get(i) {
                Some(Walk::Table(t)) => Some(t.clone()),
                Some(Walk::Cycle(entry)) => {
                    // The first group met twice on the walk up from this one.
                    let parent = &fresh[*entry].name.node;
                    self.error(
                        Diagnostic::error(Code::UnknownGroup, format!("the group `{}` refines itself", decl.name.node))
                            .with_label(decl.base.span, format!("`{parent}` leads back to `{}`", decl.name.node))
                            .with_help("a group must end in a table such as `staff`: `group NAME: staff where ...`"),
                    );
                    None
                }
                _ => None,
            };
            let Some(table) = table else {
                self.broken.insert(decl.name.node.clone());
                continue;
            };
            let parent = parents.get(i).and_then(|(_, p, _)| p.clone());
            self.groups.insert(
                decl.name.node.clone(),
                policy::Group {
                    name: decl.name.node.clone(),
                    label: decl.label.as_ref().map(|l| l.node.clone()),
                    table,
                    parent,
                    condition: None,
                },
            );
        }
        // Conditions last: they may test membership of any group.
        for decl in &fresh {
            let Some(table) = self.groups.get(&decl.name.node).map(|g| g.table.clone()) else {
                continue;
            };
            if let Some(condition) = &decl.condition {
                let compiled = self.condition(condition, &Context::Row(table));
                match compiled {
                    Some(c) => {
                        if let Some(g) = self.groups.get_mut(&decl.name.node) {
                            g.condition = Some(c);
                        }
                    }
                    None => {
                        self.broken.insert(decl.name.node.clone());
                    }
                }
            }
        }
    }

    pub(super) fn declare_activity(&mut self, decl: &ast::ActivityDecl) {
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

    // ------------------------------------------------------------ lookups

    pub(super) fn lookup_table(&mut self, name: &ast::Name) -> Option<policy::Table> {
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

    pub(super) fn lookup_column(
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

    pub(super) fn lookup_group(&mut self, name: &ast::Name) -> Option<policy::Group> {
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
    pub(super) fn table_for_unknown_group(
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

    pub(super) fn lookup_activity(&mut self, name: &ast::Name) -> Option<policy::Activity> {
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

    pub(super) fn lookup_calendar(&mut self, name: &ast::Name) -> Option<policy::Calendar> {
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
    pub(super) fn lookup_value(&mut self, vocabulary: &str, value: &ast::Name) -> bool {
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

/// Where the walk up from a group ends.
#[derive(Debug, Clone, PartialEq)]
enum Walk {
    /// Not walked yet.
    Unvisited,
    /// On the walk being made.
    OnPath,
    /// At a table.
    Table(String),
    /// In a circle of refinements: the index of the first group the walk
    /// up from this one meets twice.
    Cycle(usize),
    /// At a base that does not exist (reported already).
    Nowhere,
}

/// Each group's end of the walk up its parents. `parents[i]` is group i's
/// (name, parent group, table); `position` finds a group among them;
/// `earlier` gives the table of a group declared before (the prelude's).
/// Every group is stepped through once in all, without recursion.
fn settle_chains(
    parents: &[(String, Option<String>, Option<String>)],
    position: &std::collections::HashMap<&str, usize>,
    earlier: impl Fn(&str) -> Option<String>,
) -> Vec<Walk> {
    let mut state = vec![Walk::Unvisited; parents.len()];
    for start in 0..parents.len() {
        if state[start] != Walk::Unvisited {
            continue;
        }
        let mut path = Vec::new();
        let mut current = start;
        let end = loop {
            match &state[current] {
                Walk::Unvisited => {}
                Walk::OnPath => break Walk::Cycle(current),
                settled => break settled.clone(),
            }
            state[current] = Walk::OnPath;
            path.push(current);
            let Some((_, parent, table)) = parents.get(current) else {
                break Walk::Nowhere;
            };
            if let Some(t) = table {
                break Walk::Table(t.clone());
            }
            let Some(parent) = parent else {
                break Walk::Nowhere;
            };
            match position.get(parent.as_str()).copied() {
                Some(p) => current = p,
                None => break earlier(parent).map_or(Walk::Nowhere, Walk::Table),
            }
        };
        // A group in the circle meets itself first; one leading into it
        // meets the circle's first group on its way.
        let circle_from = match end {
            Walk::Cycle(entry) => path.iter().position(|&p| p == entry),
            _ => None,
        };
        for (k, &p) in path.iter().enumerate() {
            state[p] = match (&end, circle_from) {
                (Walk::Cycle(_), Some(from)) if k >= from => Walk::Cycle(p),
                _ => end.clone(),
            };
        }
    }
    state
}
