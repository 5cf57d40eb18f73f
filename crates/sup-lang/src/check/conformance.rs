//! Conformance, a check pass: is a policy at least as strict as the
//! framework it names in `conforms to`? It compares two compiled policies;
//! [`check_source`](super::check_source) reads and checks the framework.
//!
//! Each framework rule is compared with the policy's rules of the same family
//! that govern the same thing, using the same judgement as `sup diff` with
//! the framework as the old version and the policy as the new one. A
//! framework rule is met when some policy rule covers everyone it covers and
//! is nowhere looser, nor different in a way that cannot be compared (a time
//! against a count: the framework asks for at least as strict, which must be
//! shown). Otherwise the closest policy rule (the one with the fewest such
//! points) is reported, one diagnostic per point; when
//! no rule of the policy governs the same thing, the framework rule is
//! reported as missing.
//!
//! Each rule is judged on its own: two policy rules that only together meet
//! a framework rule (one for social workers, one for everyone else, say) are
//! not combined. A policy rule that meets a framework rule but is overridden
//! for some members is met only if each rule overriding it is nowhere looser
//! either (its narrower group aside). `docs/diff.md` says more.

use serde::Serialize;

use super::symbols::SymbolKind;
use super::Checked;
use crate::describe::describe_rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::diff::rules::{compare, object, Overlap, Sides};
use crate::diff::{Aspect, Direction};
use crate::policy::{CompiledPolicy, Rule};
use crate::span::Span;

/// A framework rule that the policy does not meet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weakness {
    pub framework_rule: String,
    #[serde(skip)]
    pub framework_span: Span,
    pub framework_line: u32,
    /// What the framework rule requires, in plain English.
    pub requirement: String,
    /// The policy rule that comes closest, if any governs the same thing.
    pub policy_rule: Option<String>,
    /// The points on which that rule is weaker (looser or mixed) or cannot
    /// be compared (neutral).
    pub aspects: Vec<Aspect>,
}

/// Every framework rule the policy does not meet, in framework order.
pub fn weaker_points(framework: &CompiledPolicy, policy: &CompiledPolicy) -> Vec<Weakness> {
    // Working days are measured with the holidays each policy skips.
    let _holidays = crate::diff::quantity::holidays_in_use(framework, policy);
    let sides = Sides {
        old: framework,
        new: policy,
    };
    let mut out = Vec::new();
    for required in &framework.rules {
        let mut best: Option<(&Rule, Vec<Aspect>)> = None;
        let mut met = false;
        for candidate in &policy.rules {
            if candidate.body.family() != required.body.family()
                || object(required).overlap(&object(candidate)) == Overlap::None
            {
                continue;
            }
            let weaker: Vec<Aspect> = compare(&sides, required, candidate)
                .into_iter()
                .filter(falls_short)
                .collect();
            // A rule that meets the framework may be replaced for some of
            // its members by rules that override it; those members are held
            // only to the overriding rule, so it must meet the framework too.
            let (rule, weaker) = if weaker.is_empty() {
                match weaker_overrider(&sides, required, candidate) {
                    None => {
                        met = true;
                        break;
                    }
                    Some(found) => found,
                }
            } else {
                (candidate, weaker)
            };
            if best.as_ref().is_none_or(|(_, b)| weaker.len() < b.len()) {
                best = Some((rule, weaker));
            }
        }
        if met {
            continue;
        }
        let (policy_rule, aspects) = match best {
            Some((rule, aspects)) => (Some(rule.name.clone()), aspects),
            None => (None, Vec::new()),
        };
        out.push(Weakness {
            framework_rule: required.name.clone(),
            framework_span: required.source.span,
            framework_line: required.source.line,
            requirement: describe_rule(framework, required),
            policy_rule,
            aspects,
        });
    }
    out
}

/// The first policy rule that overrides `meeting` (which meets `required`)
/// and is weaker than `required` for the members it takes over, with its
/// weaker points. Its narrower group is not one of them: it only takes over
/// part of `meeting`'s group, which is how overriding works.
fn weaker_overrider<'p>(
    sides: &Sides<'p>,
    required: &Rule,
    meeting: &Rule,
) -> Option<(&'p Rule, Vec<Aspect>)> {
    sides
        .new
        .rules
        .iter()
        .filter(|r| r.overrides.contains(&meeting.name))
        .filter(|r| r.body.family() == required.body.family())
        // The framework may itself override `required` for some members
        // (BCP's language-student cases): an overriding rule that meets such
        // a framework rule, for members it covers, is as strict as needed.
        .filter(|r| {
            !sides
                .old
                .rules
                .iter()
                .filter(|f| f.overrides.contains(&required.name))
                .any(|f| meets_for_fewer(sides, f, r))
        })
        .find_map(|r| {
            let weaker: Vec<Aspect> = compare(sides, required, r)
                .into_iter()
                .filter(falls_short)
                .filter(|a| a.what != "who it applies to")
                .map(|mut a| {
                    a.reason = format!(
                        "{} (`{}` overrides `{}`, which meets the framework, for its members)",
                        a.reason, r.name, meeting.name
                    );
                    a
                })
                .collect();
            (!weaker.is_empty()).then_some((r, weaker))
        })
}

/// Whether a point of a policy rule keeps it from meeting the framework rule.
/// The framework asks for a rule at least as strict, so a point that cannot
/// be shown to be (neutral: a time against a count, a fixed deadline against
/// "before the next session", another calendar to skip) falls short as much
/// as a looser one. Only a new name and a change of which rules it replaces
/// are neutral by nature: they ask neither more nor less of anyone here.
fn falls_short(aspect: &Aspect) -> bool {
    match aspect.direction {
        Direction::Looser | Direction::Mixed => true,
        Direction::Stricter => false,
        Direction::Neutral => !harmless(aspect),
    }
}

/// A neutral point that asks neither more nor less (see [`falls_short`]).
fn harmless(aspect: &Aspect) -> bool {
    matches!(aspect.what.as_str(), "name" | "which rules it replaces")
}

/// Whether policy rule `r` is nowhere looser than framework rule `f`, except
/// that it may cover fewer of `f`'s members.
fn meets_for_fewer(sides: &Sides<'_>, f: &Rule, r: &Rule) -> bool {
    f.body.family() == r.body.family()
        && compare(sides, f, r).iter().all(|a| match a.direction {
            Direction::Looser => a.what == "who it applies to",
            _ => !falls_short(a),
        })
}

/// The weaker points of a checked policy as diagnostics: labelled in the
/// policy (at the rule's name, from the checker's symbol index, or at its
/// `conforms to`), with a related location in the framework file
/// `framework_file`, whose compiled rules say where they were written.
pub fn diagnostics(
    policy: &Checked,
    framework_file: &str,
    framework: &CompiledPolicy,
) -> Vec<Diagnostic> {
    let conforms_span = super::sources::conforms_to_spans(policy).map(|(value, _)| value);
    let name_span = |name: &str| {
        policy
            .symbols
            .definition(SymbolKind::Rule, name)
            .map(|d| d.span)
    };
    let mut out = Vec::new();
    for weakness in weaker_points(framework, &policy.policy) {
        let framework_rule = &weakness.framework_rule;
        let where_required = format!("`{framework_file}` line {}", weakness.framework_line);
        match &weakness.policy_rule {
            Some(rule) => {
                let span = name_span(rule).or(conforms_span).unwrap_or_default();
                for aspect in &weakness.aspects {
                    let now = if aspect.new.is_empty() {
                        "nothing"
                    } else {
                        &aspect.new
                    };
                    let required = if aspect.old.is_empty() {
                        "nothing"
                    } else {
                        &aspect.old
                    };
                    let message = if aspect.direction == Direction::Neutral {
                        format!(
                            "`{rule}` cannot be shown to be at least as strict as the framework's `{framework_rule}` ({})",
                            aspect.what
                        )
                    } else {
                        format!(
                            "`{rule}` is weaker than the framework's `{framework_rule}` ({})",
                            aspect.what
                        )
                    };
                    out.push(
                        Diagnostic::error(Code::WeakerThanFramework, message)
                            .with_label(
                                span,
                                format!(
                                    "{}: {now}; the framework requires {required}",
                                    aspect.what
                                ),
                            )
                            .with_help(help(aspect, &where_required, &weakness.requirement))
                            .with_related(
                                framework_file,
                                weakness.framework_span,
                                format!("the framework's `{framework_rule}`"),
                            ),
                    );
                }
            }
            None => out.push(
                Diagnostic::error(
                    Code::WeakerThanFramework,
                    format!("no rule meets the framework's `{framework_rule}`"),
                )
                .with_label(
                    conforms_span.unwrap_or_default(),
                    format!("this framework requires `{framework_rule}`"),
                )
                .with_help(format!(
                    "add a rule at least as strict as the framework's ({where_required}): {}",
                    weakness.requirement
                ))
                .with_related(
                    framework_file,
                    weakness.framework_span,
                    format!("the framework's `{framework_rule}`"),
                ),
            ),
        }
    }
    out
}

/// The help line for one weaker point. Reasons that compare quantities
/// ("5 working days is longer than 2 working days") help here; the others
/// are worded as changes between versions, so only the framework's rule is
/// quoted for them.
fn help(aspect: &Aspect, where_required: &str, requirement: &str) -> String {
    // A point that cannot be compared always says why not: without it the
    // error would not say what to change.
    if aspect.direction == Direction::Neutral {
        return format!(
            "{}, so it cannot be shown to be at least as strict; write it as the framework does ({where_required}), which says: {requirement}",
            aspect.reason
        );
    }
    let compares_quantities = aspect.what == "how often"
        || aspect.what.starts_with("tenure")
        || matches!(
            aspect.what.as_str(),
            "deadline" | "range" | "how long records are kept"
        );
    // A mixed point (30 days against the framework's month: shorter in
    // some months, longer in February) needs its reason to say where it
    // falls short.
    if compares_quantities || aspect.direction == Direction::Mixed {
        format!(
            "{}; make it at least as strict as the framework ({where_required}), which says: {requirement}",
            aspect.reason
        )
    } else {
        format!("make it at least as strict as the framework ({where_required}), which says: {requirement}")
    }
}
