//! Rules that no one can meet together, and overrides that outlast the
//! schedule that made them: `sup::contradictory-rules` (a minimum in one
//! rule above a maximum in another, a longest gap in one shorter than a
//! shortest gap in another) and `sup::override-after-last-phase` (a `by
//! tenure` rule whose last phase ends, and that overrides another rule, so
//! after its last phase its members have no requirement from either, nor
//! from any other rule).

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{uncovered_after_last_phase, Frequency, Requirement, RuleBody, Schedule};
use crate::span::Span;
use crate::syntax::ast;

/// A fixed `require` rule as written and as compiled.
struct Fixed<'a> {
    name: &'a str,
    span: Span,
    overrides: &'a [String],
    f: &'a Frequency,
    requirement: &'a Requirement,
}

impl Checker<'_> {
    /// The `require` rules of the module that compiled: as written, as
    /// compiled, and their frequency.
    fn require_rules<'m>(
        &'m self,
        module: &'m ast::Module,
    ) -> impl Iterator<Item = (&'m ast::RuleDecl, &'m crate::policy::Rule, &'m Frequency)> {
        module.items.iter().filter_map(move |item| {
            let ast::Item::Rule(rule) = item else {
                return None;
            };
            let compiled = self.rule(&rule.name.node)?;
            match &compiled.body {
                RuleBody::Frequency(f) => Some((rule, compiled, f)),
                _ => None,
            }
        })
    }

    /// `sup::contradictory-rules`. Only a rule with a cap (`at most`, or a
    /// shortest gap) can contradict another, so each is compared with the
    /// others, not every pair.
    pub(super) fn lint_contradictions(&mut self, module: &ast::Module) {
        let mut fixed = Vec::new();
        for (rule, compiled, f) in self.require_rules(module) {
            let Schedule::Fixed { requirement } = &f.schedule else {
                continue;
            };
            fixed.push(Fixed {
                name: &compiled.name,
                span: rule.name.span,
                overrides: &compiled.overrides,
                f,
                requirement,
            });
        }
        let mut found = Vec::new();
        for cap in fixed.iter().filter(|r| capped(r.requirement)) {
            for other in &fixed {
                if std::ptr::eq(cap, other)
                    || cap.overrides.iter().any(|o| o == other.name)
                    || other.overrides.iter().any(|o| o == cap.name)
                    || !(self.group_within(&cap.f.group, &other.f.group)
                        || self.group_within(&other.f.group, &cap.f.group))
                {
                    continue;
                }
                if let Some(words) = contradiction(cap, other) {
                    // Said once, at the later of the two rules.
                    let (here, there) = if cap.span.start > other.span.start {
                        (cap, other)
                    } else {
                        (other, cap)
                    };
                    found.push(
                        Diagnostic::warning(
                            Code::ContradictoryRules,
                            format!("`{}` and `{}` cannot both be met: {words}", cap.name, other.name),
                        )
                        .with_label(here.span, "this rule")
                        .with_label(there.span, "contradicts this one")
                        .with_help(format!(
                            "no member of `{}` can meet both; change one of the amounts, or say which rule wins with `overrides`",
                            narrower(self, cap, other)
                        )),
                    );
                }
            }
        }
        self.diagnostics.extend(found);
    }

    /// `sup::override-after-last-phase`.
    pub(super) fn lint_ended_overrides(&mut self, module: &ast::Module) {
        let mut found = Vec::new();
        for (rule, compiled, f) in self.require_rules(module) {
            // Another rule that still requires something of them after the
            // last phase (`then: every 1 month` in a rule `with
            // line_manager`) leaves no one uncovered.
            let Some(end) = uncovered_after_last_phase(&self.rules, &self.groups, compiled) else {
                continue;
            };
            for option in &rule.options {
                let ast::RuleOption::Overrides(targets) = &option.node else {
                    continue;
                };
                let names: Vec<String> = targets.iter().map(|t| format!("`{}`", t.node)).collect();
                let names = names.join(" and ");
                found.push(
                    Diagnostic::warning(
                        Code::OverrideAfterLastPhase,
                        format!(
                            "`{}` requires nothing after {end} of tenure, but still overrides {names} then",
                            rule.name.node
                        ),
                    )
                    .with_label(option.span, format!("in force for every member of `{}`, whatever their tenure", f.group))
                    .with_label(phases_span(rule), format!("the last phase ends at {end}"))
                    .with_help(format!(
                        "after {end} no rule requires anything of its members; add a last phase (`then: ...`) saying what they need, or leave {names} in force by not overriding it"
                    )),
                );
            }
        }
        self.diagnostics.extend(found);
    }
}

/// The span of a rule's last phase's tenure, for its label.
fn phases_span(rule: &ast::RuleDecl) -> Span {
    match &rule.body {
        ast::RuleBody::Frequency(ast::FrequencyRule {
            schedule: ast::Schedule::ByTenure(phases),
            ..
        }) => phases.last().map_or(rule.name.span, |p| p.range.span),
        _ => rule.name.span,
    }
}

fn narrower<'a>(checker: &Checker<'_>, a: &'a Fixed, b: &'a Fixed) -> &'a str {
    if checker.group_within(&a.f.group, &b.f.group) {
        &a.f.group
    } else {
        &b.f.group
    }
}

fn capped(r: &Requirement) -> bool {
    matches!(
        r,
        Requirement::Count { max: Some(_), .. } | Requirement::Gap { min: Some(_), .. }
    )
}

/// Why the cap of `cap` and the floor of `other` cannot both be met, if they
/// cannot: every session `other` counts is one `cap` counts too (its
/// activities among the cap's, and the cap with no `with` or the same one).
fn contradiction(cap: &Fixed, other: &Fixed) -> Option<String> {
    let counted_by_cap = other
        .f
        .activities
        .iter()
        .all(|a| cap.f.activities.contains(a))
        && (cap.f.with_supervisor.is_none() || cap.f.with_supervisor == other.f.with_supervisor);
    if !counted_by_cap {
        return None;
    }
    match (cap.requirement, other.requirement) {
        (
            Requirement::Count {
                max: Some(most),
                window: wa,
                ..
            },
            Requirement::Count {
                min, window: wb, ..
            },
        ) if wa == wb && min > most => Some(format!(
            "at least {min} required, but at most {most} allowed in the same windows"
        )),
        (
            Requirement::Gap {
                min: Some(shortest),
                ..
            },
            Requirement::Gap {
                max: Some(longest), ..
            },
        ) if cap.f.activities == other.f.activities
            && shortest.approx_minutes() > longest.approx_minutes() =>
        {
            Some(format!(
                "sessions at least {shortest} apart, but never more than {longest} apart"
            ))
        }
        _ => None,
    }
}
