//! Lowering of rules: the header of a rule, its options and each family's
//! body.

use pest::iterators::Pair;

use super::{Lower, Rule};
use crate::syntax::ast::*;

impl Lower {
    pub(super) fn rule(&self, pair: Pair<Rule>) -> Option<RuleDecl> {
        let span = self.stmt_span(&pair);
        let mut name = None;
        let mut body = None;
        let mut options = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.name(p)),
                Rule::frequency => body = self.frequency(p).map(RuleBody::Frequency),
                Rule::eligibility => body = Some(RuleBody::Eligibility(self.eligibility(p))),
                Rule::limit => body = self.limit(p).map(RuleBody::Limit),
                Rule::deadline => body = self.deadline(p).map(RuleBody::Deadline),
                Rule::retention => body = self.retention(p).map(RuleBody::Retention),
                Rule::access => body = Some(RuleBody::Access(self.access(p))),
                Rule::attribute
                    if p.clone()
                        .into_inner()
                        .any(|c| c.as_rule() == Rule::standing) =>
                {
                    body = self.standing(p).map(RuleBody::Standing);
                }
                Rule::attribute => {
                    let aspan = self.span(&p);
                    let group = self.first_name(&p);
                    let condition = self.condition_child(&p);
                    if let (Some(group), Some(condition)) = (group, condition) {
                        body = Some(RuleBody::Attribute(AttributeRule {
                            group,
                            condition,
                            span: aspan,
                        }));
                    }
                }
                Rule::rule_option => {
                    if let Some(o) = self.rule_option(p) {
                        options.push(o);
                    }
                }
                _ => {}
            }
        }
        Some(RuleDecl {
            name: name?,
            body: body?,
            options,
            span,
        })
    }

    fn standing(&self, pair: Pair<Rule>) -> Option<StandingRule> {
        let span = self.span(&pair);
        let group = self.first_name(&pair)?;
        let inner = pair.into_inner().find(|p| p.as_rule() == Rule::standing)?;
        let mut activity = None;
        let mut booked = None;
        let mut side = None;
        let mut within = None;
        for p in inner.into_inner() {
            match p.as_rule() {
                Rule::name => activity = Some(self.name(p)),
                Rule::standing_booked => booked = Some(self.span(&p)),
                Rule::standing_side => {
                    let node = if p.as_str() == "last" {
                        StandingSide::Last
                    } else {
                        StandingSide::Next
                    };
                    side = Some(Spanned::new(node, self.span(&p)));
                }
                Rule::quantity => within = Some(self.quantity(p)),
                _ => {}
            }
        }
        Some(StandingRule {
            group,
            activity: activity?,
            booked,
            side: side?,
            within: within?,
            span,
        })
    }

    fn rule_option(&self, pair: Pair<Rule>) -> Option<Spanned<RuleOption>> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let option = match inner.as_rule() {
            Rule::waivable => RuleOption::WaivableBy(
                self.names(
                    inner
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::name_list)?,
                ),
            ),
            Rule::overrides => RuleOption::Overrides(
                self.names(
                    inner
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::name_list)?,
                ),
            ),
            Rule::not_pro_rata => RuleOption::NotProRata,
            Rule::pro_rata => RuleOption::ProRata(self.first_name(&inner)),
            Rule::partial_windows => RuleOption::PartialWindows(self.first_name(&inner)?),
            Rule::alternating => {
                let mut names = self.names(inner);
                let second = names.pop()?;
                let first = names.pop()?;
                RuleOption::Alternating(first, second)
            }
            _ => return None,
        };
        Some(Spanned::new(option, span))
    }

    fn activity_list(&self, pair: &Pair<Rule>) -> Vec<Name> {
        pair.clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::activity_list)
            .map(|p| self.names(p))
            .unwrap_or_default()
    }

    fn frequency(&self, pair: Pair<Rule>) -> Option<FrequencyRule> {
        let span = self.stmt_span(&pair);
        let activities = self.activity_list(&pair);
        let mut with_supervisor = None;
        let mut group = None;
        let mut schedule = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::with_supervisor => with_supervisor = self.first_name(&p),
                Rule::name => group = Some(self.name(p)),
                Rule::requirement => schedule = self.requirement(p).map(Schedule::Fixed),
                Rule::phased => {
                    let phases = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::phase)
                        .filter_map(|q| self.phase(q))
                        .collect();
                    schedule = Some(Schedule::ByTenure(phases));
                }
                _ => {}
            }
        }
        Some(FrequencyRule {
            activities,
            with_supervisor,
            group: group?,
            schedule: schedule?,
            span,
        })
    }

    fn phase(&self, pair: Pair<Rule>) -> Option<Phase> {
        let span = self.stmt_span(&pair);
        let mut range = None;
        let mut requirement = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::phase_range => {
                    let rspan = self.span(&p);
                    let inner = p.into_inner().next()?;
                    let quantities: Vec<Spanned<Quantity>> = inner
                        .clone()
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::quantity)
                        .map(|q| self.quantity(q))
                        .collect();
                    let mut qs = quantities.into_iter();
                    let r = match inner.as_rule() {
                        Rule::first_phase => PhaseRange::First(qs.next()?),
                        Rule::until_phase => PhaseRange::Until(qs.next()?),
                        Rule::from_phase => {
                            let from = qs.next()?;
                            PhaseRange::From(from, qs.next())
                        }
                        _ => PhaseRange::Then,
                    };
                    range = Some(Spanned::new(r, rspan));
                }
                Rule::requirement => requirement = self.requirement(p),
                _ => {}
            }
        }
        Some(Phase {
            range: range?,
            requirement: requirement?,
            span,
        })
    }

    fn requirement(&self, pair: Pair<Rule>) -> Option<Requirement> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::every_req => {
                let part = inner
                    .into_inner()
                    .find(|p| matches!(p.as_rule(), Rule::quantity | Rule::gap_range))?;
                if part.as_rule() == Rule::quantity {
                    return Some(Requirement::Every {
                        gap: self.quantity(part),
                        shortest: None,
                        span,
                    });
                }
                // `every 4 to 6 weeks`: a bare number, then the longest gap.
                let mut shortest = None;
                let mut gap = None;
                for p in part.into_inner() {
                    match p.as_rule() {
                        Rule::number => {
                            shortest = Some(Spanned::new(
                                Quantity {
                                    number: p.as_str().to_string(),
                                    unit: None,
                                },
                                self.span(&p),
                            ));
                        }
                        Rule::quantity => gap = Some(self.quantity(p)),
                        _ => {}
                    }
                }
                Some(Requirement::Every {
                    gap: gap?,
                    shortest,
                    span,
                })
            }
            Rule::min_gap_req => {
                let q = inner.into_inner().find(|p| p.as_rule() == Rule::quantity)?;
                Some(Requirement::Apart {
                    gap: self.quantity(q),
                    span,
                })
            }
            Rule::at_most_req => {
                let mut amount = None;
                let mut window = None;
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::amount => amount = self.amount(p),
                        Rule::window => window = self.window(p),
                        _ => {}
                    }
                }
                Some(Requirement::AtMost {
                    amount: amount?,
                    window: window?,
                    span,
                })
            }
            _ => {
                let mut amount = None;
                let mut most = None;
                let mut window = None;
                let mut scaled_by = None;
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::amount => amount = self.amount(p),
                        Rule::most_also => {
                            most = p
                                .into_inner()
                                .find(|q| q.as_rule() == Rule::amount)
                                .and_then(|q| self.amount(q));
                        }
                        Rule::window => window = self.window(p),
                        Rule::scaled_by => scaled_by = self.first_name(&p),
                        _ => {}
                    }
                }
                Some(Requirement::AtLeast {
                    amount: amount?,
                    most,
                    window: window?,
                    scaled_by,
                    span,
                })
            }
        }
    }

    fn amount(&self, pair: Pair<Rule>) -> Option<Spanned<Quantity>> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let number = match inner.as_rule() {
            Rule::once => "1",
            Rule::twice => "2",
            _ => return Some(self.quantity(inner)),
        };
        Some(Spanned::new(
            Quantity {
                number: number.to_string(),
                unit: None,
            },
            span,
        ))
    }

    fn window(&self, pair: Pair<Rule>) -> Option<Spanned<WindowExpr>> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let window = match inner.as_rule() {
            Rule::per_period => {
                let mut qualifier = None;
                let mut period = None;
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::period_qualifier => qualifier = Some(p.as_str().to_string()),
                        Rule::period_word => period = Some(self.name(p)),
                        _ => {}
                    }
                }
                WindowExpr::Per {
                    qualifier,
                    period: period?,
                }
            }
            Rule::in_any => WindowExpr::InAny(
                self.quantity(inner.into_inner().find(|p| p.as_rule() == Rule::quantity)?),
            ),
            _ => WindowExpr::InEach(self.first_name(&inner)?),
        };
        Some(Spanned::new(window, span))
    }

    fn eligibility(&self, pair: Pair<Rule>) -> EligibilityRule {
        let span = self.stmt_span(&pair);
        let activities = self.activity_list(&pair);
        let group = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let clauses = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::eligibility_clause)
            .filter_map(|p| {
                let cspan = self.stmt_span(&p);
                let mut conditions: Vec<Condition> = p
                    .into_inner()
                    .filter(|q| q.as_rule() == Rule::condition)
                    .filter_map(|q| self.condition(q))
                    .collect();
                let require = conditions.pop()?;
                let when = conditions.pop();
                Some(EligibilityClause {
                    when,
                    require,
                    span: cspan,
                })
            })
            .collect();
        EligibilityRule {
            activities,
            group,
            clauses,
            span,
        }
    }

    fn limit(&self, pair: Pair<Rule>) -> Option<LimitRule> {
        let span = self.stmt_span(&pair);
        let activities = self.activity_list(&pair);
        let mut measure = None;
        let mut per = None;
        let mut group = None;
        let mut range = None;
        let mut excluding = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::measure => {
                    let mut names = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::name)
                        .map(|q| self.name(q));
                    measure = names.next();
                    per = names.next();
                }
                Rule::name => group = Some(self.name(p)),
                Rule::range => range = self.range(p),
                Rule::excluding => excluding = self.first_name(&p),
                _ => {}
            }
        }
        Some(LimitRule {
            measure: measure?,
            per,
            activities,
            group: group?,
            range: range?,
            excluding,
            span,
        })
    }

    fn quantities(&self, pair: Pair<Rule>) -> Vec<Spanned<Quantity>> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::quantity)
            .map(|p| self.quantity(p))
            .collect()
    }

    fn range(&self, pair: Pair<Rule>) -> Option<Spanned<RangeExpr>> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let rule = inner.as_rule();
        let mut qs = self.quantities(inner).into_iter();
        let range = match rule {
            Rule::at_most => RangeExpr::AtMost(qs.next()?),
            Rule::at_least => RangeExpr::AtLeast(qs.next()?),
            _ => {
                let low = qs.next()?;
                RangeExpr::Between(low, qs.next()?)
            }
        };
        Some(Spanned::new(range, span))
    }

    fn deadline(&self, pair: Pair<Rule>) -> Option<DeadlineRule> {
        let span = self.stmt_span(&pair);
        let condition = self.condition_child(&pair);
        let mut names = Vec::new();
        let mut end = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => names.push(self.name(p)),
                Rule::deadline_end => {
                    let inner = p.into_inner().next()?;
                    end = Some(match inner.as_rule() {
                        Rule::within_of => {
                            let limit = self.quantity(
                                inner
                                    .clone()
                                    .into_inner()
                                    .find(|q| q.as_rule() == Rule::quantity)?,
                            );
                            let mut path = self
                                .path(inner.into_inner().find(|p| p.as_rule() == Rule::path)?)
                                .node
                                .segments;
                            let start_column = path.pop()?;
                            DeadlineEnd::Within {
                                limit,
                                through: path,
                                start_column,
                            }
                        }
                        Rule::lead_time => {
                            let lead = self.quantity(
                                inner
                                    .clone()
                                    .into_inner()
                                    .find(|q| q.as_rule() == Rule::quantity)?,
                            );
                            DeadlineEnd::LeadTime {
                                lead,
                                before_column: self.first_name(&inner)?,
                            }
                        }
                        Rule::lead_length => {
                            let span = self.span(&inner);
                            let mut names = inner
                                .into_inner()
                                .filter(|n| n.as_rule() == Rule::name)
                                .map(|n| self.name(n));
                            DeadlineEnd::LeadLength {
                                from_column: names.next()?,
                                to_column: names.next()?,
                                before_column: names.next()?,
                                span,
                            }
                        }
                        _ => {
                            let mut parts = inner.into_inner();
                            let activity = parts
                                .clone()
                                .find(|n| n.as_rule() == Rule::name)
                                .map(|n| self.name(n))?;
                            // Kept as written, dots and all, for the checker
                            // to split (as a grantee is).
                            let of = parts.find(|n| n.as_rule() == Rule::path).map(|p| {
                                let span = self.span(&p);
                                Name::new(p.as_str().to_string(), span)
                            });
                            DeadlineEnd::BeforeNext { activity, of }
                        }
                    });
                }
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Some(DeadlineRule {
            source: names.next()?,
            end_column: names.next()?,
            end: end?,
            condition,
            span,
        })
    }

    fn retention(&self, pair: Pair<Rule>) -> Option<RetentionRule> {
        let span = self.stmt_span(&pair);
        let record_kind = self.first_name(&pair)?;
        let mut bounds = Vec::new();
        let mut anchor = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::retention_bound => {
                    let inner = p.into_inner().next()?;
                    let bspan = self.span(&inner);
                    let rule = inner.as_rule();
                    let q = self.quantities(inner).into_iter().next()?;
                    let bound = if rule == Rule::at_most {
                        RetentionBound::AtMost(q)
                    } else {
                        RetentionBound::AtLeast(q)
                    };
                    bounds.push(Spanned::new(bound, bspan));
                }
                Rule::retention_anchor => {
                    let a = if p.as_str().trim() == "creation" {
                        RetentionAnchor::Creation
                    } else {
                        RetentionAnchor::Leaving
                    };
                    anchor = Some(Spanned::new(a, self.span(&p)));
                }
                _ => {}
            }
        }
        Some(RetentionRule {
            record_kind,
            bounds,
            anchor: anchor?,
            span,
        })
    }

    fn access(&self, pair: Pair<Rule>) -> AccessRule {
        let span = self.stmt_span(&pair);
        let mut record_kinds = Vec::new();
        let mut clauses = Vec::new();
        for p in pair.into_inner() {
            let cspan = self.stmt_span(&p);
            match p.as_rule() {
                Rule::name_list => record_kinds = self.names(p),
                Rule::allow_clause => {
                    let notify = p
                        .clone()
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::grant_notify)
                        .map(|q| {
                            q.into_inner()
                                .find(|r| r.as_rule() == Rule::quantity)
                                .map(|r| self.quantity(r))
                        });
                    let mut roles = Vec::new();
                    let mut purposes = Vec::new();
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::grantee_list => roles = self.grantees(q),
                            Rule::name_list => purposes = self.names(q),
                            _ => {}
                        }
                    }
                    clauses.push(AccessClause::Allow {
                        roles,
                        purposes,
                        notify,
                        span: cspan,
                    });
                }
                Rule::deny_clause => {
                    let roles = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::grantee_list)
                        .map(|q| self.grantees(q))
                        .unwrap_or_default();
                    clauses.push(AccessClause::Deny { roles, span: cspan });
                }
                Rule::notify_clause => {
                    let within = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::quantity)
                        .map(|q| self.quantity(q));
                    clauses.push(AccessClause::Notify {
                        within,
                        span: cspan,
                    });
                }
                _ => {}
            }
        }
        AccessRule {
            record_kinds,
            clauses,
            span,
        }
    }
}
