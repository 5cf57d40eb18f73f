//! What a rule governs: the object two versions of a rule must share to be
//! the same rule, and a rule in words on one line.

use std::collections::BTreeSet;

use crate::diff::conditions::columns;
use crate::policy::{Measure, Rule, RuleBody, StandingSide};

/// What a rule is about, besides who: the thing two versions of a rule must
/// share to be the same rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Object {
    Frequency {
        activities: BTreeSet<String>,
        with_supervisor: Option<String>,
    },
    Eligibility {
        activities: BTreeSet<String>,
    },
    Limit {
        measure: Measure,
        activities: BTreeSet<String>,
    },
    Deadline {
        table: String,
        end_column: String,
    },
    Retention {
        kinds: BTreeSet<String>,
    },
    Access {
        kinds: BTreeSet<String>,
    },
    Attribute {
        columns: BTreeSet<String>,
    },
    Standing {
        activity: String,
        side: StandingSide,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overlap {
    Same,
    Partly,
    None,
}

fn sets(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Overlap {
    if a == b {
        Overlap::Same
    } else if a.intersection(b).next().is_some() {
        Overlap::Partly
    } else {
        Overlap::None
    }
}

impl Object {
    pub(crate) fn overlap(&self, other: &Object) -> Overlap {
        match (self, other) {
            (
                Object::Frequency {
                    activities: a,
                    with_supervisor: wa,
                },
                Object::Frequency {
                    activities: b,
                    with_supervisor: wb,
                },
            ) => match (sets(a, b), wa == wb) {
                (Overlap::Same, true) => Overlap::Same,
                (Overlap::None, _) => Overlap::None,
                _ => Overlap::Partly,
            },
            (Object::Eligibility { activities: a }, Object::Eligibility { activities: b })
            | (Object::Retention { kinds: a }, Object::Retention { kinds: b })
            | (Object::Access { kinds: a }, Object::Access { kinds: b })
            | (Object::Attribute { columns: a }, Object::Attribute { columns: b }) => sets(a, b),
            (
                Object::Standing {
                    activity: a,
                    side: sa,
                },
                Object::Standing {
                    activity: b,
                    side: sb,
                },
            ) if a == b && sa == sb => Overlap::Same,
            (
                Object::Limit {
                    measure: ma,
                    activities: a,
                },
                Object::Limit {
                    measure: mb,
                    activities: b,
                },
            ) if ma == mb => match sets(a, b) {
                Overlap::None if !a.is_empty() && !b.is_empty() => Overlap::None,
                Overlap::None => Overlap::Partly,
                other => other,
            },
            // A caseload counted per full-time equivalent is still the
            // member's caseload: the same rule, measured another way.
            (
                Object::Limit {
                    measure: Measure::Caseload | Measure::CaseloadPerFte,
                    ..
                },
                Object::Limit {
                    measure: Measure::Caseload | Measure::CaseloadPerFte,
                    ..
                },
            ) => Overlap::Partly,
            (
                Object::Deadline {
                    table: ta,
                    end_column: ea,
                },
                Object::Deadline {
                    table: tb,
                    end_column: eb,
                },
            ) if ta == tb && ea == eb => Overlap::Same,
            _ => Overlap::None,
        }
    }
}

pub(super) fn set(items: &[String]) -> BTreeSet<String> {
    items.iter().cloned().collect()
}

pub(crate) fn object(rule: &Rule) -> Object {
    match &rule.body {
        RuleBody::Frequency(f) => Object::Frequency {
            activities: set(&f.activities),
            with_supervisor: f.with_supervisor.clone(),
        },
        RuleBody::Eligibility(e) => Object::Eligibility {
            activities: set(&e.activities),
        },
        RuleBody::Limit(l) => Object::Limit {
            measure: l.measure,
            activities: set(&l.activities),
        },
        RuleBody::Deadline(d) => Object::Deadline {
            table: d.table.clone(),
            end_column: d.end_column.clone(),
        },
        RuleBody::Retention(r) => Object::Retention {
            kinds: set(&r.record_kinds),
        },
        RuleBody::Access(a) => Object::Access {
            kinds: set(&a.record_kinds),
        },
        RuleBody::Attribute(a) => Object::Attribute {
            columns: columns(&a.condition).into_iter().collect(),
        },
        RuleBody::Standing(s) => Object::Standing {
            activity: s.activity.clone(),
            side: s.side,
        },
    }
}

/// The group a rule is about, for the families that have one.
pub(crate) fn group(rule: &Rule) -> Option<&str> {
    match &rule.body {
        RuleBody::Frequency(f) => Some(&f.group),
        RuleBody::Eligibility(e) => Some(&e.group),
        RuleBody::Limit(l) => Some(&l.group),
        RuleBody::Attribute(a) => Some(&a.group),
        RuleBody::Standing(s) => Some(&s.group),
        RuleBody::Deadline(_) | RuleBody::Retention(_) | RuleBody::Access(_) => None,
    }
}

/// What a rule governs, in the policy's own names.
pub(crate) fn governs(rule: &Rule) -> String {
    match &rule.body {
        RuleBody::Frequency(f) => {
            let with = f
                .with_supervisor
                .as_ref()
                .map_or(String::new(), |w| format!(" with {w}"));
            format!("{}{with} for {}", f.activities.join(" or "), f.group)
        }
        RuleBody::Eligibility(e) => {
            format!(
                "supervisors of {} for {}",
                e.activities.join(" or "),
                e.group
            )
        }
        RuleBody::Limit(l) => {
            let of = if l.activities.is_empty() {
                String::new()
            } else {
                format!(" of {}", l.activities.join(" or "))
            };
            format!("{}{of} for {}", l.measure.name(), l.group)
        }
        RuleBody::Deadline(d) => format!(
            "{} on {}",
            d.end_column,
            d.activity.as_deref().unwrap_or(&d.table)
        ),
        RuleBody::Retention(r) => format!("{} records", r.record_kinds.join(", ")),
        RuleBody::Access(a) => format!("{} records", a.record_kinds.join(", ")),
        RuleBody::Attribute(a) => format!(
            "every member of {} ({})",
            a.group,
            columns(&a.condition)
                .iter()
                .map(|c| c.trim_start_matches("row."))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        RuleBody::Standing(s) => {
            let side = match s.side {
                StandingSide::Last => "the most recent",
                StandingSide::Next => "bookings of",
            };
            format!("{side} {} for {}", s.activity, s.group)
        }
    }
}

/// A rule as written, without its name, on one line.
pub(crate) fn summary(rule: &Rule) -> String {
    let text = rule
        .text
        .split_once(':')
        .map_or(rule.text.as_str(), |(_, rest)| rest);
    one_line(text)
}

pub(super) fn one_line(text: &str) -> String {
    text.lines()
        .map(|l| l.split(" #").next().unwrap_or(l).trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ")
}
