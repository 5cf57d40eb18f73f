//! Does one condition imply another? A conservative, syntactic answer: when
//! [`implies`] says yes, every row that meets the first meets the second;
//! when it says no, it may simply not know. Used to tell whether a group got
//! wider or narrower, a deadline's `where` covers more rows, or an
//! eligibility condition got stricter.

use crate::policy::{ArithOp, CompareOp, CompiledPolicy, Condition, Expr, Literal, Part};

/// True when every row meeting `a` also meets `b` (as far as can be told
/// from their shape).
pub(crate) fn implies(a: &Condition, b: &Condition) -> bool {
    if a == b {
        return true;
    }
    match (a, b) {
        (_, Condition::All { of }) => of.iter().all(|x| implies(a, x)),
        // `role is one of a, b` is `role is a or role is b`: judged as that
        // disjunction, it implies whatever each of its values implies, so it
        // compares equal with the same thing written out with `or`.
        (
            Condition::Is {
                target,
                negated: false,
                values,
            },
            _,
        ) if values.len() > 1 => values.iter().all(|v| {
            implies(
                &Condition::Is {
                    target: target.clone(),
                    negated: false,
                    values: vec![v.clone()],
                },
                b,
            )
        }),
        (Condition::Any { of }, _) => of.iter().all(|x| implies(x, b)),
        (Condition::All { of }, _) if of.iter().any(|x| implies(x, b)) => true,
        (_, Condition::Any { of }) if of.iter().any(|x| implies(a, x)) => true,
        (Condition::Not { condition: x }, Condition::Not { condition: y }) => implies(y, x),
        (
            Condition::Is {
                target: ta,
                negated: na,
                values: va,
            },
            Condition::Is {
                target: tb,
                negated: nb,
                values: vb,
            },
        ) if ta == tb => match (na, nb) {
            (false, false) => va.iter().all(|v| vb.contains(v)),
            (true, true) => vb.iter().all(|v| va.contains(v)),
            (false, true) => va.iter().all(|v| !vb.contains(v)),
            (true, false) => false,
        },
        (
            Condition::Compare {
                left: la,
                op: oa,
                right: ra,
            },
            Condition::Compare {
                left: lb,
                op: ob,
                right: rb,
            },
        ) if la == lb => compare_implies(*oa, ra, *ob, rb),
        _ => false,
    }
}

/// How two conditions relate when neither can be shown to imply the other:
/// true only when each is known to take in rows the other does not (`role
/// is a` against `role is b`), so that "some gain, some lose" is a fact and
/// not a guess; otherwise the caller cannot tell.
pub(crate) fn differ_both_ways(a: &Condition, b: &Condition) -> bool {
    match (a, b) {
        (
            Condition::Is {
                target: ta,
                negated: false,
                values: va,
            },
            Condition::Is {
                target: tb,
                negated: false,
                values: vb,
            },
        ) if ta == tb => va.iter().any(|v| !vb.contains(v)) && vb.iter().any(|v| !va.contains(v)),
        _ => false,
    }
}

/// `left OA ra` implies `left OB rb`, where each right side is a common base
/// plus a constant (`supervisee.level + 1`, `2 years`).
fn compare_implies(oa: CompareOp, ra: &Expr, ob: CompareOp, rb: &Expr) -> bool {
    let (Some((base_a, ka)), Some((base_b, kb))) = (split(ra), split(rb)) else {
        return false;
    };
    if base_a != base_b {
        return false;
    }
    use CompareOp::*;
    match (oa, ob) {
        (Ge, Ge) | (Gt, Gt) | (Gt, Ge) => ka >= kb,
        (Ge, Gt) | (Eq, Gt) => ka > kb,
        (Eq, Ge) => ka >= kb,
        (Le, Le) | (Lt, Lt) | (Lt, Le) => ka <= kb,
        (Le, Lt) | (Eq, Lt) => ka < kb,
        (Eq, Le) => ka <= kb,
        (Eq, Eq) => (ka - kb).abs() < 1e-9,
        (Ne, Ne) => (ka - kb).abs() < 1e-9,
        _ => false,
    }
}

/// An expression as `base + constant`; the base is `None` for a literal.
fn split(e: &Expr) -> Option<(Option<Expr>, f64)> {
    match e {
        Expr::Literal { value } => Some((None, number(value)?)),
        Expr::Arith { left, op, right } => match right.as_ref() {
            Expr::Literal { value } => {
                let k = number(value)?;
                let (base, k0) = split(left)?;
                Some((
                    base,
                    match op {
                        ArithOp::Add => k0 + k,
                        ArithOp::Sub => k0 - k,
                    },
                ))
            }
            _ => Some((Some(e.clone()), 0.0)),
        },
        Expr::Column { .. } | Expr::Via(_) | Expr::MonthOf { .. } => Some((Some(e.clone()), 0.0)),
    }
}

fn number(value: &Literal) -> Option<f64> {
    match value {
        Literal::Number(n) => Some(*n),
        Literal::Duration(d) => Some(d.approx_minutes()),
        _ => None,
    }
}

/// How one group compares with another (possibly in another policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupRelation {
    Same,
    /// The second group has every member of the first, and maybe more.
    Wider,
    Narrower,
    /// Each known to take in members the other does not (rows of another
    /// table, `role is a` against `role is b`).
    Different,
    /// Neither shown to take in the other, nor known not to: `implies` is
    /// conservative, so the two may even be the same.
    Unknown,
}

/// The condition a row must meet to be in `group`, ancestors included.
pub(crate) fn membership(policy: &CompiledPolicy, group: &str) -> Option<(String, Condition)> {
    let table = policy.groups.get(group)?.table.clone();
    let of: Vec<Condition> = policy
        .group_conditions(group)
        .into_iter()
        .cloned()
        .collect();
    Some((table, Condition::All { of: flatten(of) }))
}

fn flatten(conditions: Vec<Condition>) -> Vec<Condition> {
    let mut out = Vec::new();
    for c in conditions {
        match c {
            Condition::All { of } => out.extend(flatten(of)),
            other => out.push(other),
        }
    }
    out
}

/// The groups of the same name whose membership is the same in both
/// policies: the same table, the same own condition, and the same parent,
/// itself unchanged. Each group is looked at once (the answer for a parent
/// is kept for its children), without recursion, so a chain of any length
/// costs its length.
pub(crate) fn unchanged_groups<'p>(
    old: &'p CompiledPolicy,
    new: &CompiledPolicy,
) -> std::collections::HashSet<&'p str> {
    use std::collections::HashMap;
    let mut known: HashMap<&'p str, bool> = HashMap::new();
    for start in old.groups.keys() {
        let mut path: Vec<&'p str> = Vec::new();
        let mut current: Option<&'p str> = Some(start.as_str());
        let answer = loop {
            let Some(name) = current else { break true };
            if let Some(&k) = known.get(name) {
                break k;
            }
            let (Some(a), Some(b)) = (old.groups.get(name), new.groups.get(name)) else {
                break false;
            };
            if a.table != b.table || a.condition != b.condition || a.parent != b.parent {
                known.insert(name, false);
                break false;
            }
            path.push(name);
            // A circle cannot be compiled, but stop rather than loop.
            if path.len() > old.groups.len() {
                break false;
            }
            current = a.parent.as_deref();
        };
        for name in path {
            known.insert(name, answer);
        }
    }
    known
        .into_iter()
        .filter_map(|(name, same)| same.then_some(name))
        .collect()
}

/// Compare `old_group` in `old` with `new_group` in `new`.
pub(crate) fn relate(
    old: &CompiledPolicy,
    old_group: &str,
    new: &CompiledPolicy,
    new_group: &str,
) -> GroupRelation {
    let (Some((old_table, a)), Some((new_table, b))) =
        (membership(old, old_group), membership(new, new_group))
    else {
        return if old_group == new_group {
            GroupRelation::Same
        } else {
            GroupRelation::Different
        };
    };
    if old_table != new_table {
        return GroupRelation::Different;
    }
    // What `implies` would find both ways, found in one pass: comparing two
    // long chains of conditions pairwise costs the square of their length.
    if a == b {
        return GroupRelation::Same;
    }
    match (implies(&a, &b), implies(&b, &a)) {
        (true, true) => GroupRelation::Same,
        (true, false) => GroupRelation::Wider,
        (false, true) => GroupRelation::Narrower,
        (false, false) if differ_both_ways_all(&a, &b) => GroupRelation::Different,
        (false, false) => GroupRelation::Unknown,
    }
}

/// [`differ_both_ways`] for two `and`-lists: the conditions they share are
/// set aside, and what is left must be one condition each, known to differ
/// both ways (`team is x and role is a` against `team is x and role is b`).
fn differ_both_ways_all(a: &Condition, b: &Condition) -> bool {
    let list = |c: &Condition| match c {
        Condition::All { of } => of.clone(),
        other => vec![other.clone()],
    };
    let (x, y) = (list(a), list(b));
    let only_x: Vec<&Condition> = x.iter().filter(|c| !y.contains(c)).collect();
    let only_y: Vec<&Condition> = y.iter().filter(|c| !x.contains(c)).collect();
    matches!((only_x.as_slice(), only_y.as_slice()), ([p], [q]) if differ_both_ways(p, q))
}

/// Like [`implies`], with a missing condition meaning "every row".
pub(crate) fn implies_optional(a: Option<&Condition>, b: Option<&Condition>) -> bool {
    match (a, b) {
        (_, None) => true,
        (None, Some(b)) => matches!(b, Condition::All { of } if of.is_empty()),
        (Some(a), Some(b)) => implies(a, b),
    }
}

/// The columns a condition reads, for pairing up conditions about the same
/// thing (`supervisor.level` in both).
pub(crate) fn columns(c: &Condition) -> Vec<String> {
    let mut out = Vec::new();
    collect_columns(c, &mut out);
    out.sort();
    out.dedup();
    out
}

fn collect_columns(c: &Condition, out: &mut Vec<String>) {
    c.for_each_part(&mut |part| {
        if let Part::Expr(e) = part {
            expr_columns(e, out);
        }
    });
}

/// The column one expression node reads itself (not its inner expressions).
fn expr_columns(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Column { of, column } => out.push(format!("{of:?}.{column}").to_lowercase()),
        Expr::Via(via) => out.push(format!("{:?}.{}", via.of, via.dotted()).to_lowercase()),
        // Inner expressions are met by the walk on their own.
        Expr::Literal { .. } | Expr::MonthOf { .. } | Expr::Arith { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Subject;

    fn col(name: &str) -> Expr {
        Expr::Column {
            of: Subject::Row,
            column: name.into(),
        }
    }

    fn is(column: &str, values: &[&str]) -> Condition {
        Condition::Is {
            target: col(column),
            negated: false,
            values: values.iter().map(|v| Literal::Value((*v).into())).collect(),
        }
    }

    fn at_least(column: &str, other: &str, k: f64) -> Condition {
        Condition::Compare {
            left: col(column),
            op: CompareOp::Ge,
            right: Expr::Arith {
                left: Box::new(col(other)),
                op: ArithOp::Add,
                right: Box::new(Expr::Literal {
                    value: Literal::Number(k),
                }),
            },
        }
    }

    #[test]
    fn fewer_values_imply_more() {
        assert!(implies(&is("role", &["a"]), &is("role", &["a", "b"])));
        assert!(!implies(&is("role", &["a", "b"]), &is("role", &["a"])));
    }

    #[test]
    fn one_of_several_values_is_the_same_as_each_value_joined_by_or() {
        let any = Condition::Any {
            of: vec![is("role", &["a"]), is("role", &["b"])],
        };
        let one_of = is("role", &["a", "b"]);
        assert!(implies(&one_of, &any));
        assert!(implies(&any, &one_of));
        assert!(!implies(&one_of, &is("role", &["a"])));
        let wider = Condition::Any {
            of: vec![is("role", &["a"]), is("role", &["c"])],
        };
        assert!(!implies(&one_of, &wider));
    }

    #[test]
    fn only_conditions_on_the_same_values_are_known_to_differ_both_ways() {
        assert!(differ_both_ways(&is("role", &["a"]), &is("role", &["b"])));
        assert!(!differ_both_ways(&is("role", &["a"]), &is("team", &["b"])));
        assert!(!differ_both_ways(
            &at_least("a", "b", 1.0),
            &at_least("a", "c", 1.0)
        ));
    }

    #[test]
    fn more_conditions_imply_fewer() {
        let both = Condition::All {
            of: vec![is("role", &["a"]), is("team", &["x"])],
        };
        assert!(implies(&both, &is("team", &["x"])));
        assert!(!implies(&is("team", &["x"]), &both));
        assert!(implies(&both, &Condition::All { of: vec![] }));
    }

    #[test]
    fn a_larger_margin_implies_a_smaller_one() {
        assert!(implies(&at_least("a", "b", 2.0), &at_least("a", "b", 1.0)));
        assert!(!implies(&at_least("a", "b", 1.0), &at_least("a", "b", 2.0)));
    }

    #[test]
    fn a_column_through_a_reference_is_judged_like_any_other() {
        let via = |values: &[&str]| Condition::Is {
            target: Expr::Via(Box::new(crate::policy::Via {
                of: Subject::Row,
                reference: "staff".into(),
                table: "staff".into(),
                then: Vec::new(),
                column: "role".into(),
            })),
            negated: false,
            values: values.iter().map(|v| Literal::Value((*v).into())).collect(),
        };
        assert!(implies(&via(&["a"]), &via(&["a", "b"])));
        assert!(!implies(&via(&["a", "b"]), &via(&["a"])));
        // The absence's own `role` is not the staff member's.
        assert!(!implies(&via(&["a"]), &is("role", &["a", "b"])));
    }

    #[test]
    fn adding_a_working_hours_test_is_stricter() {
        let hours = Condition::WorkingHours {
            target: col("start"),
            negated: false,
        };
        let both = Condition::All {
            of: vec![is("status", &["held"]), hours.clone()],
        };
        assert!(implies(&both, &is("status", &["held"])));
        assert!(!implies(&is("status", &["held"]), &both));
        let outside = Condition::WorkingHours {
            target: col("start"),
            negated: true,
        };
        assert!(!implies(&hours, &outside));
    }

    #[test]
    fn same_month_is_stricter_than_no_later_month() {
        let month = |c: &str| Expr::MonthOf {
            of: Box::new(col(c)),
        };
        let cmp = |op| Condition::Compare {
            left: month("taken"),
            op,
            right: month("accrued"),
        };
        assert!(implies(&cmp(CompareOp::Eq), &cmp(CompareOp::Le)));
        assert!(!implies(&cmp(CompareOp::Le), &cmp(CompareOp::Eq)));
        // The month of a column is not the column.
        let day = Condition::Compare {
            left: month("taken"),
            op: CompareOp::Eq,
            right: col("accrued"),
        };
        assert!(!implies(&cmp(CompareOp::Eq), &day));
    }
}
