//! A condition as items: negations pushed inwards, neighbouring tests on
//! one column merged, and each item rendered with its nesting.

use super::clauses::{
    bool_clause, bool_target, clause, compare, expr_subject, recorded, values_phrase,
    working_hours, Verb,
};
use super::{Mood, Scope};
use crate::describe::english;
use crate::describe::names;
use crate::policy::{CompareOp, Condition, Expr, Literal};

/// Where a part of a condition sits, so nested `and`/`or` can be marked
/// ("either ... or ...", "both ... and ...").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nesting {
    Top,
    InAll,
    InAny,
}

/// A condition after negations are pushed inwards and neighbouring tests on
/// one column are merged.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item<'a> {
    All(Vec<Item<'a>>),
    Any(Vec<Item<'a>>),
    /// `not` around an `and` or `or`, which has no shorter English.
    NotCompound(Box<Item<'a>>),
    /// The target is (or is not) one of the values.
    Is {
        target: &'a Expr,
        negated: bool,
        values: Vec<&'a Literal>,
    },
    /// The set includes the values: all of them when `all`, else any.
    Has {
        target: &'a Expr,
        negated: bool,
        values: Vec<&'a Literal>,
        all: bool,
    },
    InGroup {
        target: &'a Expr,
        negated: bool,
        group: &'a str,
    },
    Recorded {
        target: &'a Expr,
        negated: bool,
    },
    WorkingHours {
        target: &'a Expr,
        negated: bool,
    },
    Compare {
        left: &'a Expr,
        op: CompareOp,
        right: &'a Expr,
    },
}

impl<'a> Item<'a> {
    pub(super) fn from(condition: &'a Condition) -> Item<'a> {
        Item::build(condition, false)
    }

    fn build(condition: &'a Condition, negated: bool) -> Item<'a> {
        match condition {
            Condition::Not { condition } => Item::build(condition, !negated),
            Condition::All { of } | Condition::Any { of } => {
                let parts: Vec<Item<'a>> = of.iter().map(|c| Item::build(c, false)).collect();
                let is_all = matches!(condition, Condition::All { .. });
                let item = if is_all {
                    Item::All(merge(parts, true))
                } else {
                    Item::Any(merge(parts, false))
                };
                if negated {
                    Item::NotCompound(Box::new(item))
                } else {
                    item
                }
            }
            Condition::Is {
                target,
                negated: n,
                values,
            } => Item::Is {
                target,
                negated: *n != negated,
                values: values.iter().collect(),
            },
            Condition::Has { target, value } => Item::Has {
                target,
                negated,
                values: vec![value],
                all: false,
            },
            Condition::InGroup { target, group } => Item::InGroup {
                target,
                negated,
                group,
            },
            Condition::Recorded { target, negated: n } => Item::Recorded {
                target,
                negated: *n != negated,
            },
            Condition::WorkingHours { target, negated: n } => Item::WorkingHours {
                target,
                negated: *n != negated,
            },
            Condition::Compare { left, op, right } => Item::Compare {
                left,
                op: if negated { inverse(*op) } else { *op },
                right,
            },
        }
    }
}

/// The comparison that holds exactly when `op` does not.
fn inverse(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Eq => CompareOp::Ne,
        CompareOp::Ne => CompareOp::Eq,
        CompareOp::Lt => CompareOp::Ge,
        CompareOp::Ge => CompareOp::Lt,
        CompareOp::Le => CompareOp::Gt,
        CompareOp::Gt => CompareOp::Le,
    }
}

/// Merge neighbouring tests on the same column where English has a short
/// form: in an `or`, "include A or B" and "is A or B"; in an `and`,
/// "include A and B", "include neither A nor B" and "is neither A nor B".
fn merge(parts: Vec<Item<'_>>, in_all: bool) -> Vec<Item<'_>> {
    let mut out: Vec<Item<'_>> = Vec::new();
    for part in parts {
        let merged = match (out.last_mut(), &part) {
            (
                Some(Item::Has {
                    target: t1,
                    negated: n1,
                    values: v1,
                    all: a1,
                }),
                Item::Has {
                    target: t2,
                    negated: n2,
                    values: v2,
                    ..
                },
            ) if t1 == t2 && n1 == n2 && (in_all || !*n1) => {
                // `and` of positives: all of them; `and` of negatives: none
                // of them; `or` of positives: any of them.
                *a1 = in_all && !*n1;
                v1.extend(v2.iter().copied());
                true
            }
            (
                Some(Item::Is {
                    target: t1,
                    negated: n1,
                    values: v1,
                }),
                Item::Is {
                    target: t2,
                    negated: n2,
                    values: v2,
                },
            ) if t1 == t2 && n1 == n2 && *n1 == in_all => {
                v1.extend(v2.iter().copied());
                true
            }
            _ => false,
        };
        if !merged {
            out.push(part);
        }
    }
    out
}

pub(super) fn render_item(
    scope: &Scope<'_>,
    item: &Item<'_>,
    mood: Mood,
    nesting: Nesting,
) -> String {
    match item {
        Item::All(parts) | Item::Any(parts) => {
            let is_all = matches!(item, Item::All(_));
            let inner = if is_all {
                Nesting::InAll
            } else {
                Nesting::InAny
            };
            let texts: Vec<String> = parts
                .iter()
                .map(|p| render_item(scope, p, mood, inner))
                .collect();
            let joined = english::list(&texts, if is_all { "and" } else { "or" });
            match (nesting, is_all, texts.len()) {
                (_, _, 0 | 1) | (Nesting::Top, _, _) => joined,
                (Nesting::InAll, false, _) => format!("either {joined}"),
                (Nesting::InAny, true, 2) => format!("both {joined}"),
                (_, _, _) => format!("({joined})"),
            }
        }
        Item::NotCompound(inner) => {
            let text = render_item(scope, inner, Mood::Is, Nesting::Top);
            match mood {
                Mood::Is => format!("it is not the case that {text}"),
                Mood::Must => format!("it must not be the case that {text}"),
            }
        }
        Item::Is {
            target,
            negated,
            values,
        } => {
            if let (Some(bool_column), [Literal::Bool(value)]) =
                (bool_target(scope, target), values.as_slice())
            {
                return bool_clause(scope, bool_column, *value != *negated, mood);
            }
            let (complement, negated) = values_phrase(scope, target, values, *negated, "or");
            let (subject, plural) = expr_subject(scope, target);
            clause(&subject, plural, Verb::Be, negated, mood, &complement)
        }
        Item::Has {
            target,
            negated,
            values,
            all,
        } => {
            let conjunction = if *all { "and" } else { "or" };
            let (complement, negated) = values_phrase(scope, target, values, *negated, conjunction);
            let (subject, plural) = expr_subject(scope, target);
            clause(&subject, plural, Verb::Include, negated, mood, &complement)
        }
        Item::InGroup {
            target,
            negated,
            group,
        } => {
            let label = names::group(scope.policy, group);
            let complement = if english::has_determiner(&label) {
                format!("one of {label}")
            } else {
                format!("one of the {label}")
            };
            let (subject, plural) = expr_subject(scope, target);
            clause(&subject, plural, Verb::Be, *negated, mood, &complement)
        }
        Item::Recorded { target, negated } => recorded(scope, target, *negated, mood),
        Item::WorkingHours { target, negated } => {
            let (subject, plural) = expr_subject(scope, target);
            clause(
                &subject,
                plural,
                Verb::Be,
                *negated,
                mood,
                &working_hours(scope),
            )
        }
        Item::Compare { left, op, right } => compare(scope, left, *op, right, mood),
    }
}
