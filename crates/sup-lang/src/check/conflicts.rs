//! What a rule governs, so `sup::conflicting-rules` can find the rules each
//! one disagrees with without comparing it to every other rule.
//!
//! Two rules of a family can disagree only about the same thing: the same
//! activity (with the same supervisor column and shape of requirement), the
//! same measure, the same deadline, the same record kind. That is a rule's
//! *keys*. Given a shared key (and, for rules with a group, groups one within
//! the other), they disagree exactly when their *settings* differ: a setting
//! is the rule's amounts written so that amounts meaning the same in other
//! units (`every 2 weeks`, `every 14 days`) read the same. So the rules that
//! disagree with one rule are those of its key minus those of its setting,
//! which counts take in constant time: see [`Slot`].
//!
//! The pairwise tests in `lints.rs` stay the definition (they word the
//! warning); a unit test there checks that both always agree.

use std::collections::HashMap;

use crate::policy::{
    Amount, DeadlineEnd, Duration, DurationUnit, Requirement, RuleBody, Schedule, Window,
};

/// What a rule governs and how, as plain strings to hash.
pub(super) struct Governs {
    /// Sorted, without repeats; empty for rules that never disagree.
    pub keys: Vec<String>,
    pub setting: String,
}

pub(super) fn governs(body: &RuleBody) -> Governs {
    let (keys, setting) = match body {
        RuleBody::Frequency(f) => {
            let (shape, setting) = match &f.schedule {
                Schedule::Fixed { requirement } => {
                    (shape(requirement), requirement_key(requirement))
                }
                Schedule::ByTenure { phases } => (
                    "tenure".to_string(),
                    phases
                        .iter()
                        .map(|p| {
                            format!(
                                "{} {} {}",
                                length(&p.from),
                                bound(&p.until),
                                requirement_key(&p.requirement)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let keys = f
                .activities
                .iter()
                .map(|a| format!("require {a:?} with {:?} {shape}", f.with_supervisor))
                .collect();
            (keys, setting)
        }
        RuleBody::Limit(l) => {
            let mut activities = l.activities.clone();
            activities.sort();
            let key = format!(
                "limit {:?} of {activities:?} excluding {:?}",
                l.measure, l.excluding
            );
            (
                vec![key],
                format!("{} to {}", amount(&l.min), amount(&l.max)),
            )
        }
        RuleBody::Deadline(d) => {
            // Only deadlines that run a length of time from (or before) the
            // same column can be compared; the other forms never disagree.
            let (form, column, time) = match &d.end {
                DeadlineEnd::Within { limit, .. } => {
                    ("within", d.end.start_path().unwrap_or_default(), limit)
                }
                DeadlineEnd::LeadTime {
                    lead,
                    before_column,
                } => ("before", before_column.clone(), lead),
                DeadlineEnd::BeforeNext { .. } | DeadlineEnd::LeadLength { .. } => {
                    return Governs {
                        keys: Vec::new(),
                        setting: String::new(),
                    }
                }
            };
            let key = format!(
                "deadline {:?} {:?} where {:?} {form} {column:?}",
                d.table, d.end_column, d.filter
            );
            (vec![key], length(time))
        }
        RuleBody::Retention(r) => (
            r.record_kinds
                .iter()
                .map(|k| format!("retain {k:?} after {:?}", r.anchor))
                .collect(),
            format!("{} to {}", bound(&r.min), bound(&r.max)),
        ),
        RuleBody::Access(a) => (
            a.record_kinds
                .iter()
                .map(|k| format!("access {k:?}"))
                .collect(),
            format!("{:?} {:?} {:?}", a.allow, a.deny, a.notify),
        ),
        // Eligibility and attribute rules add up rather than disagree.
        // A shorter window implies a longer one: standing checks add up too.
        RuleBody::Eligibility(_) | RuleBody::Attribute(_) | RuleBody::Standing(_) => {
            (Vec::new(), String::new())
        }
    };
    let mut keys: Vec<String> = keys;
    keys.sort();
    keys.dedup();
    Governs { keys, setting }
}

/// Requirements of one shape can be compared; of different shapes, not.
fn shape(requirement: &Requirement) -> String {
    let window = |w: &Window| match w {
        Window::Calendar { .. } => "calendar",
        Window::Rolling { .. } => "rolling",
        Window::Periods { .. } => "periods",
    };
    // A maximum on its own (`at most 2 per month`) and a shortest gap on its
    // own (`at least 4 weeks apart`) add to a minimum rather than disagree
    // with it: they are shapes of their own.
    match requirement {
        Requirement::Count {
            min: 0, window: w, ..
        } => format!("most {}", window(w)),
        Requirement::Count { window: w, .. } => format!("count {}", window(w)),
        Requirement::Time { window: w, .. } => format!("time {}", window(w)),
        Requirement::Gap { max: None, .. } => "apart".into(),
        Requirement::Gap { .. } => "gap".into(),
        Requirement::Occurrences { of, .. } => format!("per {of:?}"),
    }
}

fn requirement_key(requirement: &Requirement) -> String {
    let window = |w: &Window| match w {
        Window::Rolling { length: l } => format!("rolling {}", length(l)),
        other => format!("{other:?}"),
    };
    match requirement {
        Requirement::Count {
            min,
            window: w,
            max,
        } => {
            format!("count {min} {max:?} {}", window(w))
        }
        Requirement::Gap { max, min } => format!("gap {} {}", bound(max), bound(min)),
        Requirement::Occurrences { count, of } => format!("every {count} {of:?}"),
        Requirement::Time {
            min,
            window: w,
            scaled_by,
        } => format!("time {} {} {scaled_by:?}", length(min), window(w)),
    }
}

/// A length written the same whatever its unit: minutes for fixed units,
/// months for months and years, and as written otherwise (working days).
fn length(d: &Duration) -> String {
    match (d.fixed_minutes(), d.unit) {
        (Some(minutes), _) => format!("{minutes} min"),
        (None, DurationUnit::Years) => format!("{} mon", u64::from(d.amount) * 12),
        (None, DurationUnit::Months) => format!("{} mon", d.amount),
        (None, _) => format!("{d:?}"),
    }
}

fn bound(d: &Option<Duration>) -> String {
    d.as_ref().map_or_else(|| "none".into(), length)
}

fn amount(a: &Option<Amount>) -> String {
    // `0.0 == -0.0`, so both are written alike.
    let number = |x: f64| if x == 0.0 { 0.0 } else { x };
    match a {
        None => "none".into(),
        Some(Amount::Duration(d)) => length(d),
        Some(Amount::Count(x)) => format!("count {:?}", number(*x)),
        Some(Amount::Percent(x)) => format!("percent {:?}", number(*x)),
    }
}

/// The rules so far of one key in one place (at one group, under one
/// group, or anywhere for rules without a group), in the order written.
#[derive(Debug, Default)]
pub(super) struct Slot {
    total: usize,
    of_setting: HashMap<String, usize>,
    /// The first rules, at most three of any one setting and six in all:
    /// whatever a rule's own setting, the first three of the others are
    /// among them.
    earliest: Vec<(usize, String)>,
}

impl Slot {
    pub(super) fn add(&mut self, rule: usize, setting: &str) {
        self.total += 1;
        *self.of_setting.entry(setting.to_string()).or_default() += 1;
        let same = self.earliest.iter().filter(|(_, s)| s == setting).count();
        if self.earliest.len() < 6 && same < 3 {
            self.earliest.push((rule, setting.to_string()));
        }
    }

    /// How many rules so far have another setting.
    pub(super) fn differing(&self, setting: &str) -> usize {
        self.total - self.of_setting.get(setting).copied().unwrap_or(0)
    }

    /// The first (at most three) rules so far with another setting.
    pub(super) fn first_differing<'s>(
        &'s self,
        setting: &'s str,
    ) -> impl Iterator<Item = usize> + 's {
        self.earliest
            .iter()
            .filter(move |(_, s)| s != setting)
            .map(|(i, _)| *i)
            .take(3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_finds_the_first_three_of_another_setting() {
        let mut slot = Slot::default();
        for (i, s) in ["a", "a", "a", "a", "b", "a", "c", "d", "e"]
            .iter()
            .enumerate()
        {
            slot.add(i, s);
        }
        assert_eq!(slot.first_differing("a").collect::<Vec<_>>(), [4, 6, 7]);
        assert_eq!(slot.first_differing("b").collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(slot.differing("a"), 4);
        assert_eq!(slot.differing("z"), 9);
    }

    #[test]
    fn lengths_that_mean_the_same_are_written_the_same() {
        let d = |amount, unit| Duration { amount, unit };
        assert_eq!(
            length(&d(2, DurationUnit::Weeks)),
            length(&d(14, DurationUnit::Days))
        );
        assert_eq!(
            length(&d(1, DurationUnit::Years)),
            length(&d(12, DurationUnit::Months))
        );
        assert_ne!(
            length(&d(5, DurationUnit::WorkingDays)),
            length(&d(5, DurationUnit::Days))
        );
    }
}
