//! Standing checks (`every member of GROUP: dbs_check within the last 3
//! years`, `...: one_to_one booked within the next 3 months`) checked and
//! lowered.

use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, ColumnType, Condition, Expr, Literal, StandingSide, Subject};
use crate::syntax::ast;

/// The column of an activity's table that says when a row was booked.
const BOOKED_COLUMN: &str = "booked";

impl Checker<'_> {
    pub(super) fn standing(&mut self, rule: &ast::StandingRule) -> Option<policy::Standing> {
        let group = self.lookup_group(&rule.group);
        let activity = self.lookup_activity(&rule.activity);
        let within = self.duration(&rule.within.node, rule.within.span);
        let side = match rule.side.node {
            ast::StandingSide::Last => StandingSide::Last,
            ast::StandingSide::Next => StandingSide::Next,
        };
        let mut ok = true;
        match (side, rule.booked) {
            (StandingSide::Last, Some(booked)) => {
                self.error(
                    Diagnostic::error(
                        Code::StandingDirection,
                        "`booked` looks ahead, but `within the last` looks back",
                    )
                    .with_label(booked, "a booking is for a day to come")
                    .with_label(rule.side.span, "looks back from each day")
                    .with_help(format!(
                        "write `{0} booked within the next {1}` for sessions booked ahead, or `{0} within the last {1}` for the most recent one",
                        rule.activity.node,
                        rule.within.span.text(self.source)
                    ))
                    .with_fix(
                        "remove `booked`",
                        crate::span::Span::new(booked.start as usize, booked.end as usize + 1),
                        "",
                    ),
                );
                ok = false;
            }
            (StandingSide::Next, None) => {
                self.error(
                    Diagnostic::error(
                        Code::StandingDirection,
                        format!(
                            "`within the next` needs `booked`: a `{}` to come exists only as a booking",
                            rule.activity.node
                        ),
                    )
                    .with_label(rule.side.span, "looks ahead from each day")
                    .with_help(format!(
                        "write `{0} booked within the next {1}` (judged on each day against the bookings made by then), or `{0} within the last {1}` for the most recent one",
                        rule.activity.node,
                        rule.within.span.text(self.source)
                    ))
                    .with_fix(
                        "add `booked`",
                        crate::span::Span::new(
                            rule.activity.span.end as usize,
                            rule.activity.span.end as usize,
                        ),
                        " booked",
                    ),
                );
                ok = false;
            }
            _ => {}
        }
        if let (Some(g), Some(a)) = (&group, &activity) {
            if a.subject_table != g.table {
                self.error(
                    Diagnostic::error(
                        Code::WrongTable,
                        format!(
                            "`{}` happens to rows of `{}`, but `{}` is a group of `{}`",
                            rule.activity.node, a.subject_table, rule.group.node, g.table
                        ),
                    )
                    .with_label(rule.activity.span, format!("about `{}`", a.subject_table))
                    .with_label(rule.group.span, format!("a group of `{}`", g.table))
                    .with_help(format!("name a group of `{}`", a.subject_table)),
                );
                ok = false;
            }
        }
        let mut booked_column = None;
        if let (StandingSide::Next, Some(_), Some(a)) = (side, rule.booked, &activity) {
            let column = self
                .tables
                .get(&a.table)
                .and_then(|t| t.column(BOOKED_COLUMN))
                .map(|c| c.ty.clone());
            match column {
                Some(ColumnType::Date | ColumnType::Datetime) => {
                    booked_column = Some(BOOKED_COLUMN.to_string());
                }
                other => {
                    let what = match &other {
                        Some(ty) => format!("its `{BOOKED_COLUMN}` column is {}", ty.describe()),
                        None => format!("`{}` has no `{BOOKED_COLUMN}` column", a.table),
                    };
                    self.error(
                        Diagnostic::error(
                            Code::NoBookingDate,
                            format!(
                                "`{}` cannot be judged as booked ahead: {what}",
                                rule.activity.node
                            ),
                        )
                        .with_label(
                            rule.activity.span,
                            format!("rows of `{}`", a.table),
                        )
                        .with_help(format!(
                            "a row counts as booked from the day in its `{BOOKED_COLUMN}` column: add it with `extend {} {{ {BOOKED_COLUMN}: optional datetime }}` and fill it in the export",
                            a.table
                        )),
                    );
                    ok = false;
                }
            }
        }
        let (group, activity, within) = (group?, activity?, within?);
        if within.is_zero() {
            self.error(
                Diagnostic::error(Code::InvalidQuantity, "a window of zero can never be met")
                    .with_label(rule.within.span, "zero")
                    .with_help("write how far back (or ahead) to look, such as `3 years`"),
            );
            return None;
        }
        if !ok {
            return None;
        }
        let booking_filter = booked_column
            .is_some()
            .then(|| activity.filter.clone().and_then(without_held))
            .flatten();
        Some(policy::Standing {
            group: group.name,
            subject_table: group.table,
            activity: activity.name,
            side,
            within,
            booked_column,
            booking_filter,
        })
    }
}

/// An activity's filter without its `status is held` test: a session is
/// booked while still `planned`, and only held once it has happened.
fn without_held(filter: Condition) -> Option<Condition> {
    let held = |c: &Condition| {
        matches!(c, Condition::Is { target: Expr::Column { of: Subject::Row, column }, negated: false, values }
            if column == "status" && values.as_slice() == [Literal::Value("held".into())])
    };
    match filter {
        c if held(&c) => None,
        Condition::All { of } => {
            let mut rest: Vec<Condition> = of.into_iter().filter(|c| !held(c)).collect();
            match rest.len() {
                0 => None,
                1 => rest.pop(),
                _ => Some(Condition::All { of: rest }),
            }
        }
        other => Some(other),
    }
}
