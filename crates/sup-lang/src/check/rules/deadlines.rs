//! Deadline rules checked and lowered: the rows, their start and end.

use crate::check::conditions::Context;
use crate::check::symbols::SymbolKind;
use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, ColumnType, Condition};
use crate::syntax::ast;

impl Checker<'_> {
    pub(super) fn deadline(&mut self, rule: &ast::DeadlineRule) -> Option<policy::Deadline> {
        // The source is an activity (its rows, filtered) or a whole table.
        let source = if let Some(a) = self.activities.get(&rule.source.node).cloned() {
            self.refer(SymbolKind::Activity, &rule.source.node, rule.source.span);
            self.tables.get(&a.table).cloned().map(|table| {
                let filters = a.filter.clone().into_iter().collect::<Vec<Condition>>();
                (table, Some(a), filters)
            })
        } else if self.tables.contains_key(&rule.source.node) {
            self.lookup_table(&rule.source)
                .map(|table| (table, None, Vec::new()))
        } else {
            None
        };
        // An unknown source must not hide the rest of the rule: the time
        // allowed (`48 horus`) is checked whatever the source, and the
        // columns and `where` against the table the "did you mean" points
        // to. With no good guess they are left until the source is fixed,
        // rather than reported against a table nobody meant.
        let table = match &source {
            Some((table, _, _)) => Some(table.clone()),
            None => self.unknown_deadline_source(&rule.source),
        };
        let end_column = table
            .as_ref()
            .and_then(|t| self.lookup_column(t, &rule.end_column));
        let source_activity = source.as_ref().and_then(|(_, a, _)| a.clone());
        let end = self.deadline_end(&rule.end, table.as_ref(), source_activity.as_ref());
        let end_is_date = end_column
            .as_ref()
            .map(|c| self.expect_date(c, &rule.end_column));
        let written = match (&rule.condition, &table) {
            (Some(condition), Some(table)) => {
                Some(self.condition(condition, &Context::Row(table.name.clone())))
            }
            (Some(_), None) => Some(None),
            (None, _) => None,
        };
        let (table, activity, mut filters) = source?;
        let (end_column, end) = (end_column?, end?);
        end_is_date.flatten()?;
        let written = match written {
            Some(condition) => Some(condition?),
            None => None,
        };
        filters.extend(written.clone());
        let filter = match filters.len() {
            0 => None,
            1 => filters.pop(),
            _ => Some(Condition::All { of: filters }),
        };
        Some(policy::Deadline {
            table: table.name,
            activity: activity.map(|a| a.name),
            filter,
            condition: written,
            end_column: end_column.name,
            end,
        })
    }

    /// Report a deadline's unknown source, and give the table the "did you
    /// mean" points to (an activity's table, or the table itself), if any.
    fn unknown_deadline_source(&mut self, source: &ast::Name) -> Option<policy::Table> {
        if self.activities.contains_key(&source.node) {
            // An activity over a table that failed to declare: reported
            // already, and no table to check against.
            return None;
        }
        let mut names: Vec<String> = self.tables.keys().cloned().collect();
        names.extend(self.activities.keys().cloned());
        self.unknown(
            Code::UnknownTable,
            "table or activity",
            source,
            names.iter().map(String::as_str),
            "tables and activities",
        );
        let meant = crate::suggest::closest(&source.node, names.iter().map(String::as_str))?;
        let table = match self.activities.get(meant) {
            Some(a) => a.table.clone(),
            None => meant.to_string(),
        };
        self.tables.get(&table).cloned()
    }

    /// How a deadline ends, checked against the source's `table` (`None`
    /// when the source is unknown and could not be guessed: its columns are
    /// then not checked). Every part is checked before giving up, so one
    /// run reports every mistake.
    fn deadline_end(
        &mut self,
        end: &ast::DeadlineEnd,
        table: Option<&policy::Table>,
        source_activity: Option<&policy::Activity>,
    ) -> Option<policy::DeadlineEnd> {
        match end {
            ast::DeadlineEnd::Within {
                limit,
                through,
                start_column,
            } => {
                let limit = self.duration(&limit.node, limit.span);
                let (steps, start_table) = match table {
                    Some(table) => self.deadline_through(table, through, start_column)?,
                    None => (Vec::new(), None),
                };
                let start = self.date_columns(start_table.as_ref(), &[start_column]);
                Some(policy::DeadlineEnd::Within {
                    limit: limit?,
                    through: steps,
                    start_column: start?.pop()?,
                })
            }
            ast::DeadlineEnd::BeforeNext {
                activity: next,
                of: Some(of),
            } => {
                let next_activity = self.lookup_activity(next)?;
                let table = table?;
                self.next_of(table, source_activity, &next_activity, next, of)
            }
            ast::DeadlineEnd::BeforeNext {
                activity: next,
                of: None,
            } => {
                // An unknown activity is unknown whatever the source.
                let next_activity = self.lookup_activity(next)?;
                let table = table?;
                if next_activity.table != table.name {
                    let people: Vec<&str> = table
                        .columns
                        .iter()
                        .filter(|c| c.ty == ColumnType::Ref(next_activity.subject_table.clone()))
                        .map(|c| c.name.as_str())
                        .collect();
                    let help = match people.first() {
                        Some(first) => format!(
                            "to wait for the next `{}` of someone this row names, say whose: `before the next {} of {first}`",
                            next.node, next.node
                        ),
                        None => "`before the next ACTIVITY` compares rows of the same table, or names whose next one it is with `of COLUMN` (a `ref` column of the source)".to_string(),
                    };
                    self.error(
                        Diagnostic::error(
                            Code::WrongTable,
                            format!(
                                "`{}` is recorded in `{}`, not in `{}`",
                                next.node, next_activity.table, table.name
                            ),
                        )
                        .with_label(next.span, format!("rows of `{}`", next_activity.table))
                        .with_help(help),
                    );
                    return None;
                }
                Some(policy::DeadlineEnd::BeforeNext {
                    activity: next_activity.name,
                    of: None,
                })
            }
            ast::DeadlineEnd::LeadTime {
                lead,
                before_column,
            } => {
                let lead = self.duration(&lead.node, lead.span);
                let before = self.date_columns(table, &[before_column]);
                Some(policy::DeadlineEnd::LeadTime {
                    lead: lead?,
                    before_column: before?.pop()?,
                })
            }
            ast::DeadlineEnd::LeadLength {
                from_column,
                to_column,
                before_column,
                ..
            } => {
                let columns = self.date_columns(table, &[from_column, to_column, before_column])?;
                let [from, to, before] = <[String; 3]>::try_from(columns).ok()?;
                Some(policy::DeadlineEnd::LeadLength {
                    from_column: from,
                    to_column: to,
                    before_column: before,
                })
            }
        }
    }

    /// `within D of REF.COLUMN`: the steps from the source `table` through
    /// its `ref` columns, and the table whose column is then read (`None`
    /// inside when a step's table is unknown, so nothing more is checked).
    #[allow(
        clippy::type_complexity,
        reason = "the steps and the final table are read together by one caller"
    )]
    fn deadline_through(
        &mut self,
        table: &policy::Table,
        through: &[ast::Name],
        start_column: &ast::Name,
    ) -> Option<(Vec<policy::Step>, Option<policy::Table>)> {
        let (steps, here) = self.follow_references(&table.name, through, start_column)?;
        Some((steps, Some(here)))
    }

    /// `before the next ACTIVITY of COLUMN`: `COLUMN` is a `ref` column of
    /// the source naming what the activity is counted by (a member of staff
    /// for sessions), and the source's own date is that of its activity, or
    /// of the next activity when both are recorded in the same table.
    fn next_of(
        &mut self,
        source: &policy::Table,
        source_activity: Option<&policy::Activity>,
        next_activity: &policy::Activity,
        next: &ast::Name,
        of: &ast::Name,
    ) -> Option<policy::DeadlineEnd> {
        // `of supervisee.line_manager`: every step but the last is a `ref`
        // column followed from the row; the last names whose activity it is.
        let mut offset = 0;
        let mut words: Vec<ast::Name> = Vec::new();
        for word in of.node.split('.') {
            let start = of.span.start as usize + offset;
            words.push(ast::Name::new(
                word.to_string(),
                crate::span::Span::new(start, start + word.len()),
            ));
            offset += word.len() + 1;
        }
        let (last, references) = words.split_last()?;
        let (steps, owner) = self.follow_references(&source.name, references, last)?;
        let table = &owner;
        let of = last;
        let column = self.lookup_column(table, of)?;
        let wanted = ColumnType::Ref(next_activity.subject_table.clone());
        if column.ty != wanted {
            let fitting: Vec<&str> = table
                .columns
                .iter()
                .filter(|c| c.ty == wanted)
                .map(|c| c.name.as_str())
                .collect();
            let help = if fitting.is_empty() {
                format!(
                    "`{}` has no column referring to `{}`, whose rows `{}` is counted by",
                    table.name, next_activity.subject_table, next.node
                )
            } else {
                format!(
                    "`{}` is counted by rows of `{}`; `{}` refers to them in {}",
                    next.node,
                    next_activity.subject_table,
                    table.name,
                    crate::check::schema::backticked(&fitting)
                )
            };
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    format!(
                        "`{}` is not a reference to `{}`, so it cannot say whose next `{}` it is",
                        of.node, next_activity.subject_table, next.node
                    ),
                )
                .with_label(of.span, format!("this is {}", column.ty.describe()))
                .with_help(help),
            );
            return None;
        }
        // A table source is dated by its activities when they agree on the
        // date column (every session kind reads `start`).
        let dates: std::collections::BTreeSet<&str> = self
            .activities
            .values()
            .filter(|a| a.table == source.name)
            .map(|a| a.date_column.as_str())
            .collect();
        let dated_by_source = source_activity.is_some_and(|a| a.table == source.name);
        if !dated_by_source && next_activity.table != source.name && dates.len() != 1 {
            let activities: Vec<String> = self
                .activities
                .values()
                .filter(|a| a.table == source.name)
                .map(|a| a.name.clone())
                .collect();
            let help = match activities.first() {
                Some(a) => format!(
                    "write the deadline over an activity of `{}`, whose date the wait starts from: `deadline {a}: ...`",
                    source.name
                ),
                None => format!(
                    "declare an activity over `{}` (its date is when the wait starts) and write the deadline over it",
                    source.name
                ),
            };
            self.error(
                Diagnostic::error(
                    Code::WrongTable,
                    format!(
                        "the rows of `{}` have no date to wait from for the next `{}`",
                        source.name, next.node
                    ),
                )
                .with_label(next.span, format!("rows of `{}`", next_activity.table))
                .with_help(help),
            );
            return None;
        }
        let mut path: Vec<String> = steps.into_iter().map(|s| s.reference).collect();
        path.push(column.name);
        Some(policy::DeadlineEnd::BeforeNext {
            activity: next_activity.name.clone(),
            of: Some(path.join(".")),
        })
    }

    /// The named columns of `table`, each a date or datetime: all looked up
    /// first, then each type checked, so every unknown or mistyped column is
    /// reported. `None` once any problem is reported, or with no table.
    fn date_columns(
        &mut self,
        table: Option<&policy::Table>,
        names: &[&ast::Name],
    ) -> Option<Vec<String>> {
        let table = table?;
        let found: Vec<Option<policy::Column>> = names
            .iter()
            .map(|name| self.lookup_column(table, name))
            .collect();
        let mut ok = true;
        for (column, name) in found.iter().zip(names) {
            if let Some(column) = column {
                ok &= self.expect_date(column, name).is_some();
            }
        }
        let columns: Option<Vec<String>> = found.into_iter().map(|c| c.map(|c| c.name)).collect();
        ok.then_some(columns).flatten()
    }

    fn expect_date(&mut self, column: &policy::Column, name: &ast::Name) -> Option<()> {
        if matches!(column.ty, ColumnType::Date | ColumnType::Datetime) {
            return Some(());
        }
        self.error(
            Diagnostic::error(Code::TypeMismatch, format!("`{}` is not a date", name.node))
                .with_label(name.span, format!("this is {}", column.ty.describe()))
                .with_help("a deadline runs from one date or datetime column to another"),
        );
        None
    }
}
