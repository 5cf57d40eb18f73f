//! Conditions: resolving column paths and checking that each test compares
//! values of the same type.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, ColumnType, Condition, Expr, Literal, Subject};
use crate::span::Span;
use crate::syntax::ast;

/// What the names in a condition refer to.
#[derive(Debug, Clone)]
pub(super) enum Context {
    /// Columns of one row of this table (a group's condition, a `where`).
    Row(String),
    /// A session's supervisor and supervisee, both `staff` rows.
    Pair,
}

/// The type of an expression, as far as the checker needs it.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Number,
    Date,
    Duration,
    Text,
    Bool,
    /// A value of this vocabulary.
    Value(String),
    /// A set of values of this vocabulary.
    Set(String),
    /// An id of a row of this table.
    Row(String),
    /// A bare word whose meaning depends on what it is compared with.
    Word(String),
    /// A calendar month (`month of taken`).
    Month,
}

impl Ty {
    fn of_column(ty: &ColumnType, table: &str) -> Ty {
        match ty {
            ColumnType::Id => Ty::Row(table.to_string()),
            ColumnType::Text => Ty::Text,
            ColumnType::Number => Ty::Number,
            ColumnType::Bool => Ty::Bool,
            ColumnType::Date | ColumnType::Datetime => Ty::Date,
            ColumnType::Duration => Ty::Duration,
            ColumnType::Ref(t) => Ty::Row(t.clone()),
            ColumnType::OneOf(v) => Ty::Value(v.clone()),
            ColumnType::SetOf(v) => Ty::Set(v.clone()),
        }
    }

    fn describe(&self) -> String {
        match self {
            Ty::Number => "a number".into(),
            Ty::Date => "a date".into(),
            Ty::Duration => "a duration".into(),
            Ty::Text => "text".into(),
            Ty::Bool => "yes or no".into(),
            Ty::Value(v) => format!("one `{v}`"),
            Ty::Set(v) => format!("a set of `{v}`"),
            Ty::Row(t) => format!("a row of `{t}`"),
            Ty::Word(w) => format!("the word `{w}`"),
            Ty::Month => "a calendar month".into(),
        }
    }

    fn ordered(&self) -> bool {
        matches!(self, Ty::Number | Ty::Date | Ty::Duration | Ty::Month)
    }
}

impl Checker<'_> {
    /// Check a condition; `None` if anything in it is wrong (each problem is
    /// reported once).
    pub(super) fn condition(
        &mut self,
        condition: &ast::Condition,
        context: &Context,
    ) -> Option<Condition> {
        match condition {
            ast::Condition::And(parts, _) | ast::Condition::Or(parts, _) => {
                let checked: Vec<Option<Condition>> =
                    parts.iter().map(|p| self.condition(p, context)).collect();
                let of = checked.into_iter().collect::<Option<Vec<_>>>()?;
                Some(if matches!(condition, ast::Condition::And(..)) {
                    Condition::All { of }
                } else {
                    Condition::Any { of }
                })
            }
            ast::Condition::Not(inner, _) => Some(Condition::Not {
                condition: Box::new(self.condition(inner, context)?),
            }),
            ast::Condition::Is {
                path,
                negated,
                values,
                ..
            } => {
                let (target, ty) = self.path(path, context)?;
                if let Ty::Set(v) = &ty {
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            format!(
                                "`{}` is a set, so it cannot be one value",
                                path.node.dotted()
                            ),
                        )
                        .with_label(path.span, format!("this is a set of `{v}`"))
                        .with_help(format!(
                            "to test whether the set contains a value, write `{} has VALUE`",
                            path.node.dotted()
                        )),
                    );
                    return None;
                }
                let literals: Vec<Option<Literal>> = values
                    .iter()
                    .map(|v| self.literal_for(v, &ty, path))
                    .collect();
                let values = literals.into_iter().collect::<Option<Vec<_>>>()?;
                Some(Condition::Is {
                    target,
                    negated: *negated,
                    values,
                })
            }
            ast::Condition::Recorded { path, negated, .. } => {
                let (target, _) = self.path(path, context)?;
                Some(Condition::Recorded {
                    target,
                    negated: *negated,
                })
            }
            ast::Condition::WorkingHours {
                path,
                negated,
                span,
            } => {
                let (target, ty) = self.path(path, context)?;
                let column_type = self.read_type(&target, context);
                if column_type != Some(ColumnType::Datetime) {
                    let found = match column_type {
                        Some(ColumnType::Date) => "a date without a time of day".to_string(),
                        _ => ty.describe(),
                    };
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            format!(
                                "`{}` is {found}, so it cannot be within working hours",
                                path.node.dotted()
                            ),
                        )
                        .with_label(path.span, format!("this is {found}"))
                        .with_help("working hours are tested on a `datetime` column, such as a session's `start`"),
                    );
                    return None;
                }
                if self
                    .header
                    .as_ref()
                    .is_some_and(|h| h.working_hours.is_none())
                {
                    self.error(
                        Diagnostic::error(
                            Code::MissingWorkingHours,
                            "the policy does not say what its working hours are",
                        )
                        .with_label(*span, "this tests working hours")
                        .with_help(
                            "declare them in the header: `working hours: \"08:30 to 17:30\"`",
                        ),
                    );
                    return None;
                }
                Some(Condition::WorkingHours {
                    target,
                    negated: *negated,
                })
            }
            ast::Condition::Has { path, value, .. } => {
                let (target, ty) = self.path(path, context)?;
                let Ty::Set(vocabulary) = &ty else {
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            format!(
                                "`{}` is not a set, so it cannot contain values",
                                path.node.dotted()
                            ),
                        )
                        .with_label(path.span, format!("this is {}", ty.describe()))
                        .with_help(format!(
                            "to compare it with one value, write `{} is VALUE`",
                            path.node.dotted()
                        )),
                    );
                    return None;
                };
                let value = self.literal_for(value, &Ty::Value(vocabulary.clone()), path)?;
                Some(Condition::Has { target, value })
            }
            ast::Condition::InGroup { path, group, .. } => {
                let (target, ty) = self.path(path, context)?;
                let group_def = self.lookup_group(group)?;
                match &ty {
                    Ty::Row(table) if *table == group_def.table => Some(Condition::InGroup {
                        target,
                        group: group.node.clone(),
                    }),
                    _ => {
                        self.error(
                            Diagnostic::error(
                                Code::WrongTable,
                                format!("`{}` is not a row of `{}`, so it cannot be in `{}`", path.node.dotted(), group_def.table, group.node),
                            )
                            .with_label(path.span, format!("this is {}", ty.describe()))
                            .with_label(group.span, format!("a group of `{}`", group_def.table))
                            .with_help("test membership of someone: `supervisee in GROUP` or `supervisor in GROUP`"),
                        );
                        None
                    }
                }
            }
            ast::Condition::Compare {
                left,
                op,
                right,
                span,
            } => {
                let (l, lt) = self.operand(left, context)?;
                let (r, rt) = self.operand(right, context)?;
                // Quoted text names a value as a bare word does
                // (`role = "social_worker"`, like `role is "social_worker"`).
                let lt = quoted_value(&l, lt, &rt);
                let rt = quoted_value(&r, rt, &lt);
                // A bare word takes its meaning from the other side, when
                // that side is a value that words can name. Otherwise the
                // word was meant as a column: say it does not exist.
                for (ty, other, operand) in [(&lt, &rt, left), (&rt, &lt, right)] {
                    let word_fits =
                        matches!(other, Ty::Value(_) | Ty::Bool | Ty::Text | Ty::Row(_));
                    if matches!(ty, Ty::Word(_)) && !word_fits {
                        if let ast::Term::Path(p) = &operand.first {
                            self.path(p, context);
                        }
                        return None;
                    }
                }
                let (l, lt) = self.settle_word(l, lt, &rt, left.span)?;
                let (r, rt) = self.settle_word(r, rt, &lt, right.span)?;
                let same = compatible(&lt, &rt);
                if !same {
                    self.error(
                        Diagnostic::error(Code::TypeMismatch, format!("cannot compare {} with {}", lt.describe(), rt.describe()))
                            .with_label(left.span, format!("this is {}", lt.describe()))
                            .with_label(right.span, format!("this is {}", rt.describe()))
                            .with_help(match (&lt, &rt) {
                                // `start_date > 5`: a date against an amount
                                // usually means "how long since".
                                (Ty::Date, Ty::Number | Ty::Duration) | (Ty::Number | Ty::Duration, Ty::Date) => {
                                    "a date compares with a date such as `2025-09-01`; for how long ago it was, compare a duration column such as `tenure >= 12 months`"
                                }
                                (Ty::Month, _) | (_, Ty::Month) => {
                                    "a calendar month compares only with another, such as `month of taken = month of accrued`"
                                }
                                _ => "both sides of a comparison must be of the same kind: numbers, dates, durations or names",
                            }),
                    );
                    return None;
                }
                if !matches!(op, ast::CompareOp::Eq | ast::CompareOp::Ne) && !lt.ordered() {
                    self.error(
                        Diagnostic::error(Code::TypeMismatch, format!("{} has no order, so `{}` means nothing", lt.describe(), op.symbol()))
                            .with_label(*span, "this comparison")
                            .with_help("only numbers, dates and durations can be compared with `<`, `<=`, `>` or `>=`; use `=` or `is`"),
                    );
                    return None;
                }
                Some(Condition::Compare {
                    left: l,
                    op: (*op).into(),
                    right: r,
                })
            }
        }
    }

    /// Resolve a column path in its context.
    fn path(&mut self, path: &ast::Spanned<ast::Path>, context: &Context) -> Option<(Expr, Ty)> {
        let segments = &path.node.segments;
        let (subject, table_name, column) = match context {
            Context::Row(table) => match segments.as_slice() {
                [column] => (Subject::Row, table.clone(), column),
                [references @ .., column] => {
                    return self.via(Subject::Row, table, references, column)
                }
                [] => return None,
            },
            Context::Pair => {
                let (first, rest) = segments.split_first()?;
                let subject = match first.node.as_str() {
                    "supervisor" => Subject::Supervisor,
                    "supervisee" => Subject::Supervisee,
                    _ => {
                        let mut d = Diagnostic::error(Code::UnknownColumn, format!("`{}` is neither `supervisor` nor `supervisee`", first.node))
                            .with_label(first.span, "whose column is this?")
                            .with_help("in an eligibility rule, say whose column you mean: `supervisor.level` or `supervisee.level`");
                        if let Some(best) =
                            crate::suggest::closest(&first.node, ["supervisor", "supervisee"])
                        {
                            d = d.with_fix(format!("replace with `{best}`"), first.span, best);
                        }
                        self.error(d);
                        return None;
                    }
                };
                match rest {
                    [] => {
                        return Some((
                            Expr::Column {
                                of: subject,
                                column: "id".into(),
                            },
                            Ty::Row("staff".into()),
                        ))
                    }
                    [column] => (subject, "staff".to_string(), column),
                    [references @ .., column] => {
                        return self.via(subject, "staff", references, column)
                    }
                }
            }
        };
        // The table is lent out of the map for the lookup rather than cloned
        // (a clone of every column per path was the checker's largest cost);
        // `lookup_column` reads only the table it is given.
        let tables = std::mem::take(&mut self.tables);
        let found = tables
            .get(&table_name)
            .map(|table| self.lookup_column(table, column));
        self.tables = tables;
        let column = found??;
        Some((
            Expr::Column {
                of: subject,
                column: column.name.clone(),
            },
            Ty::of_column(&column.ty, &table_name),
        ))
    }

    /// The declared type of a column read, as the schema gives it (the
    /// checker's `Ty` does not tell a date from a datetime).
    fn read_type(&self, expr: &Expr, context: &Context) -> Option<ColumnType> {
        let (table, column) = match (expr, context) {
            (
                Expr::Column {
                    of: Subject::Row,
                    column,
                },
                Context::Row(table),
            ) => (table.as_str(), column),
            (Expr::Column { column, .. }, Context::Pair) => ("staff", column),
            (Expr::Via(via), _) => (via.column_table(), &via.column),
            _ => return None,
        };
        self.tables.get(table)?.column(column).map(|c| c.ty.clone())
    }

    /// `REF.COLUMN` (or `REF.REF.COLUMN`, any number of steps) on a row of
    /// `table`: a column of the row that the `ref` column `REF` names, each
    /// further `REF` a `ref` column of the row the step before reached.
    fn via(
        &mut self,
        of: Subject,
        table_name: &str,
        references: &[ast::Name],
        column: &ast::Name,
    ) -> Option<(Expr, Ty)> {
        let (steps, target_table) = self.follow_references(table_name, references, column)?;
        let here = target_table.name.clone();
        let found = self.lookup_column(&target_table, column)?;
        let mut steps = steps.into_iter();
        let first = steps.next()?;
        Some((
            Expr::Via(Box::new(policy::Via {
                of,
                reference: first.reference,
                table: first.table,
                then: steps.collect(),
                column: found.name.clone(),
            })),
            Ty::of_column(&found.ty, &here),
        ))
    }

    /// The steps of a path's `ref` columns from a row of `table_name`, and
    /// the table the last one refers to (where `column` is then looked up).
    /// `None` once a step is reported: unknown, or not a reference.
    pub(in crate::check) fn follow_references(
        &mut self,
        table_name: &str,
        references: &[ast::Name],
        column: &ast::Name,
    ) -> Option<(Vec<policy::Step>, policy::Table)> {
        let mut here = self.tables.get(table_name).cloned()?;
        let mut steps: Vec<policy::Step> = Vec::new();
        for (i, reference) in references.iter().enumerate() {
            let ref_column = self.lookup_column(&here, reference)?;
            let ColumnType::Ref(target) = &ref_column.ty else {
                self.not_a_reference(
                    &here.name.clone(),
                    &here,
                    &ref_column,
                    reference,
                    references.get(i + 1..).unwrap_or(&[]),
                    column,
                );
                return None;
            };
            steps.push(policy::Step {
                reference: ref_column.name.clone(),
                table: target.clone(),
            });
            here = self.tables.get(target).cloned()?;
        }
        Some((steps, here))
    }

    /// A step of a path that is not a `ref` column, so the words after it
    /// mean nothing: say which columns of that table do reach further.
    fn not_a_reference(
        &mut self,
        table_name: &str,
        table: &policy::Table,
        ref_column: &policy::Column,
        reference: &ast::Name,
        after: &[ast::Name],
        column: &ast::Name,
    ) {
        let refs: Vec<&str> = table
            .columns
            .iter()
            .filter(|c| matches!(c.ty, ColumnType::Ref(_)))
            .map(|c| c.name.as_str())
            .collect();
        let help = if refs.is_empty() {
            format!("`{table_name}` has no `ref` column, so a path can use only its own columns")
        } else {
            format!(
                "only a `ref` column reaches into another table; `{table_name}` has {}",
                super::schema::backticked(&refs)
            )
        };
        let rest: Vec<&str> = after
            .iter()
            .chain(std::iter::once(column))
            .map(|n| n.node.as_str())
            .collect();
        self.error(
            Diagnostic::error(
                Code::TypeMismatch,
                format!(
                    "`{}` is not a reference to another table, so `{}.{}` means nothing",
                    reference.node,
                    reference.node,
                    rest.join(".")
                ),
            )
            .with_label(
                reference.span,
                format!(
                    "this is {}",
                    Ty::of_column(&ref_column.ty, table_name).describe()
                ),
            )
            .with_help(help),
        );
    }

    fn operand(&mut self, operand: &ast::Operand, context: &Context) -> Option<(Expr, Ty)> {
        let (mut expr, mut ty) = self.term(&operand.first, context)?;
        for (op, term) in &operand.rest {
            let (right, right_ty) = self.term(term, context)?;
            let result = match (&ty, &right_ty, op) {
                (Ty::Number, Ty::Number, _) => Ty::Number,
                (Ty::Date, Ty::Duration, _) => Ty::Date,
                (Ty::Duration, Ty::Duration, _) => Ty::Duration,
                (Ty::Duration, Ty::Date, ast::ArithOp::Add) => Ty::Date,
                _ => {
                    self.error(
                        Diagnostic::error(Code::TypeMismatch, format!("cannot add or subtract {} and {}", ty.describe(), right_ty.describe()))
                            .with_label(operand.span, "in this sum")
                            .with_help("add numbers to numbers, and durations to dates or durations (`start_date + 6 weeks`)"),
                    );
                    return None;
                }
            };
            expr = Expr::Arith {
                left: Box::new(expr),
                op: (*op).into(),
                right: Box::new(right),
            };
            ty = result;
        }
        Some((expr, ty))
    }

    fn term(&mut self, term: &ast::Term, context: &Context) -> Option<(Expr, Ty)> {
        match term {
            // A single word that is not a column here is a value (`role =
            // social_worker`, `urgent = yes`); the other side gives its type.
            // The day judged has no name in a condition: point at the forms
            // that judge every day instead of a type mismatch about a word.
            ast::Term::Path(p)
                if self.is_bare_word(p, context)
                    && matches!(p.node.dotted().as_str(), "today" | "now") =>
            {
                let word = p.node.dotted();
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        format!("`{word}` is not a value: a condition reads the columns of a row, on each day judged"),
                    )
                    .with_label(p.span, "not a column or a value")
                    .with_help(
                        "for \"a DBS check within the last 3 years\" on every day, declare the checks as an activity and write `every member of GROUP: dbs_check within the last 3 years`; to look ahead, `one_to_one booked within the next 3 months`; for the time since a date, use a derived column such as `tenure`",
                    ),
                );
                None
            }
            ast::Term::Path(p) if self.is_bare_word(p, context) => {
                let word = p.node.dotted();
                Some((
                    Expr::Literal {
                        value: Literal::Text(word.clone()),
                    },
                    Ty::Word(word),
                ))
            }
            ast::Term::Path(p) => self.path(p, context),
            ast::Term::MonthOf(p, _) => {
                let (expr, ty) = self.path(p, context)?;
                if ty != Ty::Date {
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            format!(
                                "`{}` is {}, so it has no calendar month",
                                p.node.dotted(),
                                ty.describe()
                            ),
                        )
                        .with_label(p.span, format!("this is {}", ty.describe()))
                        .with_help(
                            "`month of` takes a date or datetime column, such as `month of taken`",
                        ),
                    );
                    return None;
                }
                Some((Expr::MonthOf { of: Box::new(expr) }, Ty::Month))
            }
            ast::Term::Literal(v) => {
                let (value, ty) = match &v.node {
                    ast::Value::Date(text) => (
                        Literal::Date(super::schema::parse_date(self, text, v.span)?),
                        Ty::Date,
                    ),
                    ast::Value::Text(text) => (Literal::Text(text.clone()), Ty::Text),
                    ast::Value::Word(w) => (Literal::Text(w.clone()), Ty::Word(w.clone())),
                    ast::Value::Quantity(q) => match &q.unit {
                        None => (Literal::Number(self.number(q, v.span)?), Ty::Number),
                        Some(_) => (Literal::Duration(self.duration(q, v.span)?), Ty::Duration),
                    },
                };
                Some((Expr::Literal { value }, ty))
            }
        }
    }

    /// True for a one-word path that names no column in this context.
    fn is_bare_word(&self, path: &ast::Spanned<ast::Path>, context: &Context) -> bool {
        let [word] = path.node.segments.as_slice() else {
            return false;
        };
        match context {
            Context::Row(table) => self
                .tables
                .get(table)
                .is_some_and(|t| t.column(&word.node).is_none()),
            Context::Pair => !matches!(word.node.as_str(), "supervisor" | "supervisee"),
        }
    }

    /// Give a bare word the type of the other side of a comparison.
    fn settle_word(&mut self, expr: Expr, ty: Ty, other: &Ty, span: Span) -> Option<(Expr, Ty)> {
        let Ty::Word(word) = &ty else {
            return Some((expr, ty));
        };
        let name = ast::Spanned::new(word.clone(), span);
        match other {
            Ty::Value(v) => {
                if self.lookup_value(v, &name) {
                    Some((
                        Expr::Literal {
                            value: Literal::Value(word.clone()),
                        },
                        other.clone(),
                    ))
                } else {
                    None
                }
            }
            Ty::Bool => Some((
                Expr::Literal {
                    value: Literal::Bool(self.boolean(&name)?),
                },
                Ty::Bool,
            )),
            _ => Some((expr, Ty::Text)),
        }
    }

    fn boolean(&mut self, word: &ast::Name) -> Option<bool> {
        match word.node.as_str() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => {
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        format!("`{}` is not yes or no", word.node),
                    )
                    .with_label(word.span, "expected `yes` or `no`")
                    .with_help("a yes-or-no column is compared with `yes` or `no`"),
                );
                None
            }
        }
    }

    /// A literal on the right of `is` or `has`, typed by the column it tests.
    fn literal_for(
        &mut self,
        value: &ast::Spanned<ast::Value>,
        ty: &Ty,
        path: &ast::Spanned<ast::Path>,
    ) -> Option<Literal> {
        let mismatch = |checker: &mut Self, found: &str| {
            checker.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    format!(
                        "`{}` is {}, but this is {found}",
                        path.node.dotted(),
                        ty.describe()
                    ),
                )
                .with_label(value.span, format!("this is {found}"))
                .with_label(path.span, format!("this is {}", ty.describe()))
                .with_help(match ty {
                    Ty::Value(v) => format!("write one of the declared `{v}` values"),
                    Ty::Number => "write a number without a unit, such as `3`".into(),
                    Ty::Date => "write a date such as `2025-09-01`".into(),
                    Ty::Duration => "write a duration such as `12 months`".into(),
                    Ty::Bool => "write `yes` or `no`".into(),
                    _ => "write a word or text in double quotes".into(),
                }),
            );
            None
        };
        match (&value.node, ty) {
            (ast::Value::Word(w), Ty::Value(v)) | (ast::Value::Text(w), Ty::Value(v)) => {
                let name = ast::Spanned::new(w.clone(), value.span);
                self.lookup_value(v, &name)
                    .then(|| Literal::Value(w.clone()))
            }
            (ast::Value::Word(w), Ty::Bool) => {
                let name = ast::Spanned::new(w.clone(), value.span);
                self.boolean(&name).map(Literal::Bool)
            }
            (ast::Value::Word(w) | ast::Value::Text(w), Ty::Text | Ty::Row(_)) => {
                Some(Literal::Text(w.clone()))
            }
            (ast::Value::Quantity(q), Ty::Number) if q.unit.is_none() => {
                Some(Literal::Number(self.number(q, value.span)?))
            }
            (ast::Value::Quantity(q), Ty::Duration) => {
                Some(Literal::Duration(self.duration(q, value.span)?))
            }
            (ast::Value::Date(d), Ty::Date) => Some(Literal::Date(super::schema::parse_date(
                self, d, value.span,
            )?)),
            (ast::Value::Quantity(q), _) if q.unit.is_some() => mismatch(self, "a duration"),
            (ast::Value::Quantity(_), _) => mismatch(self, "a number"),
            (ast::Value::Date(_), _) => mismatch(self, "a date"),
            (ast::Value::Text(_), _) => mismatch(self, "text"),
            (ast::Value::Word(w), _) => mismatch(self, &format!("the word `{w}`")),
        }
    }

    /// Check a group's table is the one a rule needs.
    pub(super) fn expect_group_table(
        &mut self,
        group: &ast::Name,
        found: &policy::Group,
        wanted: &str,
        why: &str,
    ) -> bool {
        if found.table == wanted {
            return true;
        }
        self.error(
            Diagnostic::error(
                Code::WrongTable,
                format!(
                    "`{}` is a group of `{}`, but {why} needs a group of `{wanted}`",
                    group.node, found.table
                ),
            )
            .with_label(group.span, format!("a group of `{}`", found.table))
            .with_help(format!(
                "use a group declared as `group NAME: {wanted} where ...`"
            )),
        );
        false
    }
}

fn compatible(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Text | Ty::Row(_), Ty::Text | Ty::Row(_)) => true,
        (Ty::Value(x), Ty::Value(y)) | (Ty::Set(x), Ty::Set(y)) => x == y,
        _ => a == b,
    }
}

/// Quoted text compared with a value column is read as that value's name.
fn quoted_value(expr: &Expr, ty: Ty, other: &Ty) -> Ty {
    match (expr, &ty, other) {
        (
            Expr::Literal {
                value: Literal::Text(text),
            },
            Ty::Text,
            Ty::Value(_),
        ) => Ty::Word(text.clone()),
        _ => ty,
    }
}
