//! Lowering of quantities, values, paths and conditions.

use pest::iterators::Pair;

use super::{Lower, Rule};
use crate::span::Span;
use crate::syntax::ast::*;

impl Lower {
    pub(super) fn quantity(&self, pair: Pair<Rule>) -> Spanned<Quantity> {
        let span = self.span(&pair);
        let mut number = String::new();
        let mut unit = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::number => number = p.as_str().to_string(),
                Rule::percent => unit = Some(Spanned::new("%".to_string(), self.span(&p))),
                Rule::unit => {
                    let words: Vec<&str> = p.as_str().split_whitespace().collect();
                    unit = Some(Spanned::new(words.join(" "), self.span(&p)));
                }
                _ => {}
            }
        }
        Spanned::new(Quantity { number, unit }, span)
    }

    pub(super) fn value(&self, pair: Pair<Rule>) -> Value {
        match pair.as_rule() {
            Rule::date => Value::Date(pair.as_str().to_string()),
            Rule::string => Value::Text(self.string(pair).node),
            Rule::quantity => Value::Quantity(self.quantity(pair).node),
            Rule::value => pair
                .into_inner()
                .next()
                .map(|p| self.value(p))
                .unwrap_or(Value::Word(String::new())),
            _ => Value::Word(pair.as_str().to_string()),
        }
    }

    fn spanned_value(&self, pair: Pair<Rule>) -> Spanned<Value> {
        let span = self.span(&pair);
        Spanned::new(self.value(pair), span)
    }

    pub(super) fn path(&self, pair: Pair<Rule>) -> Spanned<Path> {
        let span = self.span(&pair);
        let segments = pair
            .into_inner()
            .filter(|p| matches!(p.as_rule(), Rule::name | Rule::word))
            .map(|p| self.name(p))
            .collect();
        Spanned::new(Path { segments }, span)
    }

    pub(super) fn condition(&self, pair: Pair<Rule>) -> Option<Condition> {
        // Most levels (`condition`, `not_expr`, an `or` or `and` of one part)
        // only pass their one part on: those need no span and no list.
        let span = match pair.as_rule() {
            Rule::condition | Rule::not_expr | Rule::or_expr | Rule::and_expr => Span::default(),
            _ => self.stmt_span(&pair),
        };
        match pair.as_rule() {
            Rule::condition => self.condition(pair.into_inner().next()?),
            Rule::or_expr | Rule::and_expr => {
                let whole = pair.clone();
                let is_or = pair.as_rule() == Rule::or_expr;
                let mut parts = pair
                    .into_inner()
                    .filter(|p| !matches!(p.as_rule(), Rule::kw_or | Rule::kw_and))
                    .filter_map(|p| self.condition(p));
                let parts: Vec<Condition> = match (parts.next(), parts.next()) {
                    (Some(only), None) => return Some(only),
                    (first, second) => first.into_iter().chain(second).chain(parts).collect(),
                };
                let span = self.stmt_span(&whole);
                Some(if is_or {
                    Condition::Or(parts, span)
                } else {
                    Condition::And(parts, span)
                })
            }
            // A parenthesised condition: skip the brackets.
            Rule::not_expr => pair.into_inner().find_map(|p| self.condition(p)),
            Rule::negation => {
                let inner = pair.into_inner().find(|p| p.as_rule() != Rule::kw_not)?;
                Some(Condition::Not(Box::new(self.condition(inner)?), span))
            }
            Rule::is_test => {
                let mut path = None;
                let mut negated = false;
                let mut values = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::path => path = Some(self.path(p)),
                        Rule::is_not => negated = true,
                        Rule::one_of_values => {
                            values = p
                                .into_inner()
                                .filter(|q| q.as_rule() == Rule::value)
                                .map(|q| self.spanned_value(q))
                                .collect();
                        }
                        Rule::value => values.push(self.spanned_value(p)),
                        _ => {}
                    }
                }
                Some(Condition::Is {
                    path: path?,
                    negated,
                    values,
                    span,
                })
            }
            Rule::presence_test => {
                let negated = pair
                    .clone()
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::is_not);
                let path = self.path(pair.into_inner().find(|p| p.as_rule() == Rule::path)?);
                Some(Condition::Recorded {
                    path,
                    negated,
                    span,
                })
            }
            Rule::hours_test => {
                let negated = pair
                    .clone()
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::is_not);
                let path = self.path(pair.into_inner().find(|p| p.as_rule() == Rule::path)?);
                Some(Condition::WorkingHours {
                    path,
                    negated,
                    span,
                })
            }
            Rule::has_test => {
                let mut it = pair
                    .into_inner()
                    .filter(|p| matches!(p.as_rule(), Rule::path | Rule::value));
                let path = self.path(it.next()?);
                let value = self.spanned_value(it.next()?);
                Some(Condition::Has { path, value, span })
            }
            Rule::in_test => {
                let mut path = None;
                let mut group = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::path => path = Some(self.path(p)),
                        Rule::name => group = Some(self.name(p)),
                        _ => {}
                    }
                }
                Some(Condition::InGroup {
                    path: path?,
                    group: group?,
                    span,
                })
            }
            Rule::comparison => {
                let mut left = None;
                let mut op = None;
                let mut right = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::operand if left.is_none() => left = self.operand(p),
                        Rule::operand => right = self.operand(p),
                        Rule::compare_op => {
                            op = Some(match p.as_str() {
                                "=" => CompareOp::Eq,
                                "!=" => CompareOp::Ne,
                                "<" => CompareOp::Lt,
                                "<=" => CompareOp::Le,
                                ">" => CompareOp::Gt,
                                _ => CompareOp::Ge,
                            })
                        }
                        _ => {}
                    }
                }
                Some(Condition::Compare {
                    left: left?,
                    op: op?,
                    right: right?,
                    span,
                })
            }
            _ => None,
        }
    }

    fn operand(&self, pair: Pair<Rule>) -> Option<Operand> {
        let span = self.stmt_span(&pair);
        let mut first = None;
        let mut rest = Vec::new();
        let mut pending = ArithOp::Add;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::arith_op => {
                    pending = if p.as_str() == "-" {
                        ArithOp::Sub
                    } else {
                        ArithOp::Add
                    }
                }
                _ => {
                    let term = match p.as_rule() {
                        Rule::path => Term::Path(self.path(p)),
                        Rule::month_of => {
                            let whole = self.span(&p);
                            let path = p.into_inner().find(|q| q.as_rule() == Rule::path)?;
                            Term::MonthOf(self.path(path), whole)
                        }
                        _ => Term::Literal(self.spanned_value(p)),
                    };
                    if first.is_none() {
                        first = Some(term);
                    } else {
                        rest.push((pending, term));
                    }
                }
            }
        }
        Some(Operand {
            first: first?,
            rest,
            span,
        })
    }
}
