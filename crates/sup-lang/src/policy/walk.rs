//! The one walk over a compiled condition: every condition and expression
//! node, in source order. Code that needs to know what a condition reads
//! (columns, groups, durations) asks this walk instead of matching every
//! variant itself, so a new condition or expression form is taught here once.

use super::{CompiledPolicy, Condition, Expr, RuleBody};

/// One node met while walking a condition.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// A condition, before its inner conditions and expressions.
    Condition(&'a Condition),
    /// An expression, before its inner expressions (left before right).
    Expr(&'a Expr),
}

impl Condition {
    /// Call `visit` on this condition and every condition and expression
    /// inside it, depth first and in source order (a node before its
    /// children, a left operand before a right one).
    pub fn for_each_part<'a>(&'a self, visit: &mut impl FnMut(Part<'a>)) {
        visit(Part::Condition(self));
        match self {
            Condition::All { of } | Condition::Any { of } => {
                of.iter().for_each(|c| c.for_each_part(visit))
            }
            Condition::Not { condition } => condition.for_each_part(visit),
            Condition::Is { target, .. }
            | Condition::Recorded { target, .. }
            | Condition::WorkingHours { target, .. }
            | Condition::Has { target, .. }
            | Condition::InGroup { target, .. } => target.for_each_expr(visit),
            Condition::Compare { left, right, .. } => {
                left.for_each_expr(visit);
                right.for_each_expr(visit);
            }
        }
    }
}

impl Expr {
    /// Call `visit` on this expression and every expression inside it,
    /// depth first, left before right.
    pub fn for_each_expr<'a>(&'a self, visit: &mut impl FnMut(Part<'a>)) {
        visit(Part::Expr(self));
        match self {
            Expr::MonthOf { of } => of.for_each_expr(visit),
            Expr::Arith { left, right, .. } => {
                left.for_each_expr(visit);
                right.for_each_expr(visit);
            }
            Expr::Column { .. } | Expr::Via(_) | Expr::Literal { .. } => {}
        }
    }
}

impl CompiledPolicy {
    /// Every condition written in the policy, outermost only: groups',
    /// activity filters, eligibility clauses, deadline filters and
    /// attribute rules ([`Condition::for_each_part`] reaches inside each).
    pub fn conditions(&self) -> Vec<&Condition> {
        let mut out: Vec<&Condition> = Vec::new();
        out.extend(self.groups.values().filter_map(|g| g.condition.as_ref()));
        out.extend(self.activities.values().filter_map(|a| a.filter.as_ref()));
        for rule in &self.rules {
            match &rule.body {
                RuleBody::Eligibility(e) => {
                    for clause in &e.clauses {
                        out.extend(clause.when.as_ref());
                        out.push(&clause.require);
                    }
                }
                RuleBody::Deadline(d) => {
                    out.extend(d.filter.as_ref());
                    out.extend(d.condition.as_ref());
                }
                RuleBody::Attribute(a) => out.push(&a.condition),
                RuleBody::Standing(s) => out.extend(s.booking_filter.as_ref()),
                RuleBody::Frequency(_)
                | RuleBody::Limit(_)
                | RuleBody::Retention(_)
                | RuleBody::Access(_) => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{ArithOp, CompareOp, Literal, Subject};

    fn column(name: &str) -> Expr {
        Expr::Column {
            of: Subject::Row,
            column: name.into(),
        }
    }

    #[test]
    fn visits_every_node_in_source_order() {
        let condition = Condition::All {
            of: vec![
                Condition::Not {
                    condition: Box::new(Condition::InGroup {
                        target: column("id"),
                        group: "asye".into(),
                    }),
                },
                Condition::Compare {
                    left: Expr::Arith {
                        left: Box::new(column("a")),
                        op: ArithOp::Add,
                        right: Box::new(Expr::MonthOf {
                            of: Box::new(column("b")),
                        }),
                    },
                    op: CompareOp::Lt,
                    right: Expr::Literal {
                        value: Literal::Number(3.0),
                    },
                },
            ],
        };
        let mut seen = Vec::new();
        condition.for_each_part(&mut |part| {
            seen.push(match part {
                Part::Condition(Condition::All { .. }) => "all".to_string(),
                Part::Condition(Condition::Not { .. }) => "not".to_string(),
                Part::Condition(Condition::InGroup { group, .. }) => format!("in {group}"),
                Part::Condition(Condition::Compare { .. }) => "compare".to_string(),
                Part::Condition(_) => "other".to_string(),
                Part::Expr(Expr::Column { column, .. }) => column.clone(),
                Part::Expr(Expr::Arith { .. }) => "+".to_string(),
                Part::Expr(Expr::MonthOf { .. }) => "month".to_string(),
                Part::Expr(Expr::Literal { .. }) => "3".to_string(),
                Part::Expr(Expr::Via(_)) => "via".to_string(),
            })
        });
        assert_eq!(
            seen,
            ["all", "not", "in asye", "id", "compare", "+", "a", "month", "b", "3"]
        );
    }
}
