//! Lowering of the definitions: tables, extensions, vocabularies, groups,
//! calendars, holidays and activities.

use pest::iterators::Pair;

use super::{Lower, Rule};
use crate::syntax::ast::*;

impl Lower {
    pub(super) fn table(&self, pair: Pair<Rule>) -> TableDecl {
        let span = self.stmt_span(&pair);
        let name = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let label = self.label(&pair);
        let lifetime = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::lifetime_decl)
            .map(|p| {
                let span = self.stmt_span(&p);
                let mut names = p
                    .into_inner()
                    .filter(|n| n.as_rule() == Rule::name)
                    .map(|n| self.name(n));
                LifetimeDecl {
                    start: names
                        .next()
                        .unwrap_or_else(|| Spanned::new(String::new(), span)),
                    end: names.next(),
                    span,
                }
            });
        let columns = self.columns(pair.into_inner());
        TableDecl {
            name,
            label,
            columns,
            lifetime,
            span,
        }
    }

    pub(super) fn extend(&self, pair: Pair<Rule>) -> ExtendDecl {
        let span = self.stmt_span(&pair);
        let table = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let columns = self.columns(pair.into_inner());
        ExtendDecl {
            table,
            columns,
            span,
        }
    }

    pub(super) fn vocabulary(&self, pair: Pair<Rule>) -> VocabularyDecl {
        let span = self.stmt_span(&pair);
        let mut heading = Spanned::new(String::new(), span);
        let mut custom = false;
        let mut values = Vec::new();
        let mut labels = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::vocab_head => {
                    let hspan = self.span(&p);
                    if let Some(n) = p.clone().into_inner().find(|q| q.as_rule() == Rule::name) {
                        custom = true;
                        heading = self.name(n);
                    } else {
                        let words: Vec<&str> = p.as_str().split_whitespace().collect();
                        heading = Spanned::new(words.join(" "), hspan);
                    }
                }
                Rule::vocab_values => {
                    for value in p.into_inner().filter(|q| q.as_rule() == Rule::vocab_value) {
                        let label = self.label(&value);
                        if let Some(name) = self.first_name(&value) {
                            values.push(name);
                            labels.push(label);
                        }
                    }
                }
                _ => {}
            }
        }
        VocabularyDecl {
            heading,
            custom,
            values,
            labels,
            span,
        }
    }

    pub(super) fn group(&self, pair: Pair<Rule>) -> GroupDecl {
        let span = self.stmt_span(&pair);
        let label = self.label(&pair);
        let condition = self.condition_child(&pair);
        let mut names = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::name)
            .map(|p| self.name(p));
        let empty = Spanned::new(String::new(), span);
        let name = names.next().unwrap_or_else(|| empty.clone());
        let base = names.next().unwrap_or(empty);
        GroupDecl {
            name,
            label,
            base,
            condition,
            span,
        }
    }

    pub(super) fn calendar(&self, pair: Pair<Rule>) -> CalendarDecl {
        let span = self.stmt_span(&pair);
        let label = self.label(&pair);
        let name = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let periods = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::period_decl)
            .filter_map(|p| {
                let pspan = self.stmt_span(&p);
                let mut it = p.into_inner();
                let name = self.name(it.next()?);
                let mut dates = it
                    .filter(|d| d.as_rule() == Rule::date)
                    .map(|d| Spanned::new(d.as_str().to_string(), self.span(&d)));
                let start = dates.next()?;
                let end = dates.next()?;
                Some(PeriodDecl {
                    name,
                    start,
                    end,
                    span: pspan,
                })
            })
            .collect();
        CalendarDecl {
            name,
            label,
            periods,
            span,
        }
    }

    pub(super) fn holidays(&self, pair: Pair<Rule>) -> HolidaysDecl {
        let span = self.stmt_span(&pair);
        let name = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let mut includes = Vec::new();
        let mut dates = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::holiday_include => {
                    if let Some(n) = self.last_name(p) {
                        includes.push(n);
                    }
                }
                Rule::holiday_date => {
                    let dspan = self.span(&p);
                    let label = self.label(&p);
                    if let Some(d) = p.into_inner().find(|q| q.as_rule() == Rule::date) {
                        dates.push(HolidayDate {
                            date: Spanned::new(d.as_str().to_string(), self.span(&d)),
                            label,
                            span: dspan,
                        });
                    }
                }
                _ => {}
            }
        }
        HolidaysDecl {
            name,
            includes,
            dates,
            span,
        }
    }

    pub(super) fn activity(&self, pair: Pair<Rule>) -> ActivityDecl {
        let span = self.stmt_span(&pair);
        let label = self.label(&pair);
        let condition = self.condition_child(&pair);
        let names: Vec<Name> = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::name)
            .map(|p| self.name(p))
            .collect();
        let get = |i: usize| {
            names
                .get(i)
                .cloned()
                .unwrap_or_else(|| Spanned::new(String::new(), span))
        };
        ActivityDecl {
            name: get(0),
            label,
            table: get(1),
            subject_column: get(2),
            date_column: get(3),
            condition,
            span,
        }
    }
}
