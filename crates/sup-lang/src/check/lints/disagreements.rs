//! Rules that disagree without saying which one wins: each rule reported
//! once, against the first earlier rule it disagrees with.

use std::collections::{BTreeMap, HashMap};

use crate::check::conflicts::{governs, Governs, Slot};
use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{
    Amount, DeadlineEnd, Duration, DurationUnit, Requirement, RuleBody, Schedule, Window,
};
use crate::syntax::ast;

impl Checker<'_> {
    /// Two frequency rules that set different amounts of the same shape for
    /// the same activity and overlapping groups disagree, unless one says it
    /// overrides the other.
    ///
    /// Each rule is reported once, against the first earlier rule it
    /// disagrees with, with a count of the others: a pair-by-pair report
    /// grows with the square of the rules (200 rules on one group gave
    /// 16,000 warnings).
    pub(super) fn lint_conflicts(&mut self, module: &ast::Module) {
        let spans: BTreeMap<&str, crate::span::Span> = module
            .items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Rule(r) => Some((r.name.node.as_str(), r.name.span)),
                _ => None,
            })
            .collect();
        let span_of = |name: &str| spans.get(name).copied().unwrap_or_default();
        let mut found = Vec::new();
        for (j, earlier) in self.earlier_conflicts() {
            let (Some(b), Some(a)) = (self.rules.get(j), self.rules.get(earlier.first)) else {
                continue;
            };
            let Some(conflict) = self
                .other_conflict(&a.body, &b.body)
                .or_else(|| self.frequency_conflict(a, b))
            else {
                continue;
            };
            let name = |i: usize| self.rules.get(i).map_or("", |r| r.name.as_str());
            let also = match (earlier.count, earlier.next.as_slice()) {
                (0 | 1, _) => String::new(),
                (2, [one, ..]) => format!(" (and with `{}`)", name(*one)),
                (3, [one, two, ..]) => {
                    format!(" (and with `{}` and `{}`)", name(*one), name(*two))
                }
                (count, [one, two, ..]) => format!(
                    " (and with `{}`, `{}` and {} more {})",
                    name(*one),
                    name(*two),
                    count - 3,
                    if count == 4 { "rule" } else { "rules" }
                ),
                _ => String::new(),
            };
            found.push(
                Diagnostic::warning(
                    Code::ConflictingRules,
                    format!(
                        "`{}` and `{}` set different {}{also}",
                        a.name, b.name, conflict.what
                    ),
                )
                .with_label(span_of(&b.name), "this rule")
                .with_label(span_of(&a.name), "disagrees with this one")
                .with_help(if conflict.can_override {
                    format!(
                        "as written both are judged, so {} must meet both; say which one wins: add `overrides {}` to `{}` if it replaces it, or {}",
                        conflict.who, a.name, b.name, conflict.otherwise
                    )
                } else {
                    format!(
                        "as written both are judged, so {} must meet both; keep only the one you mean, or {}",
                        conflict.who, conflict.otherwise
                    )
                }),
            );
        }
        self.diagnostics.extend(found);
    }

    /// For each rule that disagrees with an earlier one (index, in order):
    /// the first such earlier rule, the next two, and how many in all.
    ///
    /// Only rules whose groups are one within the other can disagree (or,
    /// for rules without a group, rules of the same family), and only about
    /// the same thing (see `conflicts.rs`). Rules of one key in one place
    /// are counted by setting as they come, so a rule is not compared with
    /// every earlier rule: 2,000 rules on one group took seconds that way.
    /// A rule about several things at once, or with `overrides` either way,
    /// is compared rule by rule with those that could disagree with it.
    fn earlier_conflicts(&self) -> Vec<(usize, Earlier)> {
        let overridden: std::collections::HashSet<&str> = self
            .rules
            .iter()
            .flat_map(|r| r.overrides.iter().map(String::as_str))
            .collect();
        let governs: Vec<Governs> = self.rules.iter().map(|r| governs(&r.body)).collect();
        // Rule indices by group, by enclosing group and by family, for the
        // rule-by-rule comparisons.
        let mut exact: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut under: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut by_family: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, rule) in self.rules.iter().enumerate() {
            match rule.body.group() {
                Some(g) => {
                    exact.entry(g).or_default().push(i);
                    for outer in self.chain(g) {
                        under.entry(outer).or_default().push(i);
                    }
                }
                None => by_family.entry(rule.body.family()).or_default().push(i),
            }
        }
        // The same, counted per key as the rules come: at a group, under a
        // group (itself included), and for rules without a group.
        let mut at: HashMap<(&str, &str), Slot> = HashMap::new();
        let mut within: HashMap<(&str, &str), Slot> = HashMap::new();
        let mut anywhere: HashMap<&str, Slot> = HashMap::new();
        let mut found = Vec::new();
        for (j, (b, gov)) in self.rules.iter().zip(&governs).enumerate() {
            let Some(key) = gov.keys.first() else {
                continue;
            };
            let group = b.body.group();
            let by_counts = gov.keys.len() == 1
                && b.overrides.is_empty()
                && !overridden.contains(b.name.as_str());
            let earlier = if by_counts {
                let setting = gov.setting.as_str();
                let slots: Vec<&Slot> = match group {
                    Some(g) => self
                        .chain(g)
                        .into_iter()
                        .skip(1)
                        .filter_map(|outer| at.get(&(outer, key.as_str())))
                        .chain(within.get(&(g, key.as_str())))
                        .collect(),
                    None => anywhere.get(key.as_str()).into_iter().collect(),
                };
                let count = slots.iter().map(|s| s.differing(setting)).sum();
                let mut firsts: Vec<usize> = slots
                    .iter()
                    .flat_map(|s| s.first_differing(setting))
                    .collect();
                firsts.sort_unstable();
                firsts.dedup();
                firsts.truncate(3);
                Earlier::from(firsts, count)
            } else {
                let candidates: Vec<usize> = match group {
                    Some(g) => self
                        .chain(g)
                        .into_iter()
                        .flat_map(|outer| exact.get(outer).into_iter().flatten())
                        .chain(under.get(g).into_iter().flatten())
                        .copied()
                        .filter(|&i| i < j)
                        .collect(),
                    None => by_family
                        .get(b.body.family())
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(|&i| i < j)
                        .collect(),
                };
                self.compare_each(b, candidates)
            };
            if let Some(earlier) = earlier {
                found.push((j, earlier));
            }
            for key in &gov.keys {
                match group {
                    Some(g) => {
                        at.entry((g, key)).or_default().add(j, &gov.setting);
                        for outer in self.chain(g) {
                            within.entry((outer, key)).or_default().add(j, &gov.setting);
                        }
                    }
                    None => anywhere.entry(key).or_default().add(j, &gov.setting),
                }
            }
        }
        found
    }

    /// The earlier rules among `candidates` that `b` disagrees with, found
    /// by comparing it with each.
    fn compare_each(&self, b: &crate::policy::Rule, mut candidates: Vec<usize>) -> Option<Earlier> {
        candidates.sort_unstable();
        candidates.dedup();
        let disagreeing: Vec<usize> = candidates
            .into_iter()
            .filter(|&i| {
                self.rules.get(i).is_some_and(|a| {
                    !(a.overrides.contains(&b.name) || b.overrides.contains(&a.name))
                        && (self.other_conflict(&a.body, &b.body).is_some()
                            || self.frequency_conflict(a, b).is_some())
                })
            })
            .collect();
        let count = disagreeing.len();
        Earlier::from(disagreeing.into_iter().take(3).collect(), count)
    }

    /// Two `require` rules for the same activity and overlapping groups
    /// with requirements of the same shape but different amounts.
    fn frequency_conflict(
        &self,
        a: &crate::policy::Rule,
        b: &crate::policy::Rule,
    ) -> Option<Conflict> {
        let (RuleBody::Frequency(fa), RuleBody::Frequency(fb)) = (&a.body, &b.body) else {
            return None;
        };
        let shared = fa.activities.iter().find(|x| fb.activities.contains(x))?;
        if fa.with_supervisor != fb.with_supervisor {
            return None;
        }
        let a_inside = self.group_within(&fa.group, &fb.group);
        if !(a_inside || self.group_within(&fb.group, &fa.group))
            || !disagree(&fa.schedule, &fb.schedule)
        {
            return None;
        }
        let inner = if a_inside { &fa.group } else { &fb.group };
        Some(Conflict {
            what: format!("requirements for `{shared}` for members of `{inner}`"),
            who: format!("members of `{inner}`"),
            otherwise: "make the groups separate".into(),
            can_override: true,
        })
    }

    /// Limits, deadlines, retention and access rules that govern the same
    /// thing differently. (Frequency rules have their own test above;
    /// eligibility and attribute rules add up rather than disagree.)
    fn other_conflict(&self, a: &RuleBody, b: &RuleBody) -> Option<Conflict> {
        match (a, b) {
            (RuleBody::Limit(x), RuleBody::Limit(y)) => {
                let mut kinds = (x.activities.clone(), y.activities.clone());
                kinds.0.sort();
                kinds.1.sort();
                let overlap =
                    self.group_within(&x.group, &y.group) || self.group_within(&y.group, &x.group);
                let same =
                    x.measure == y.measure && kinds.0 == kinds.1 && x.excluding == y.excluding;
                if !(same && overlap)
                    || (same_amount(&x.min, &y.min) && same_amount(&x.max, &y.max))
                {
                    return None;
                }
                let inner = if self.group_within(&x.group, &y.group) {
                    &x.group
                } else {
                    &y.group
                };
                Some(Conflict {
                    what: format!("limits on `{}` for members of `{inner}`", x.measure.name()),
                    who: format!("members of `{inner}`"),
                    otherwise: "make the groups separate".into(),
                    can_override: true,
                })
            }
            (RuleBody::Deadline(x), RuleBody::Deadline(y)) => {
                let same_start = match (&x.end, &y.end) {
                    (
                        DeadlineEnd::Within { limit: l, .. },
                        DeadlineEnd::Within { limit: m, .. },
                    ) => x.end.start_path() == y.end.start_path() && !same_length(l, m),
                    (
                        DeadlineEnd::LeadTime {
                            lead: l,
                            before_column: s,
                        },
                        DeadlineEnd::LeadTime {
                            lead: m,
                            before_column: t,
                        },
                    ) => s == t && !same_length(l, m),
                    _ => false,
                };
                let same =
                    x.table == y.table && x.end_column == y.end_column && x.filter == y.filter;
                (same && same_start).then(|| Conflict {
                    what: format!("deadlines for `{}` on `{}`", x.end_column, x.table),
                    who: "the rows they judge".into(),
                    otherwise: "give them `where` conditions that choose different rows".into(),
                    can_override: false,
                })
            }
            (RuleBody::Retention(x), RuleBody::Retention(y)) => {
                let shared = x.record_kinds.iter().find(|k| y.record_kinds.contains(k))?;
                let differ = x.anchor == y.anchor
                    && !(same_bound(&x.min, &y.min) && same_bound(&x.max, &y.max));
                differ.then(|| Conflict {
                    what: format!("retention periods for `{shared}` records"),
                    who: "those records".into(),
                    otherwise: "let each cover different record kinds".into(),
                    can_override: false,
                })
            }
            (RuleBody::Access(x), RuleBody::Access(y)) => {
                // Each access is judged by every rule covering its record
                // kind, so one that only some of them allow is a finding:
                // two different lists for one kind almost always meant one.
                let shared = x.record_kinds.iter().find(|k| y.record_kinds.contains(k))?;
                let differ = x.allow != y.allow || x.deny != y.deny || x.notify != y.notify;
                differ.then(|| Conflict {
                    what: format!("access to `{shared}` records"),
                    who: "each access".into(),
                    otherwise: "merge them into one access rule".into(),
                    can_override: false,
                })
            }
            _ => None,
        }
    }

    /// A group and the groups it refines, innermost first. Stops at a
    /// circle of refinements (reported elsewhere).
    pub(super) fn chain<'g>(&'g self, group: &'g str) -> Vec<&'g str> {
        // A set beside the list: searching the list for each step made a
        // chain of n refinements cost n² comparisons of names.
        let mut found = vec![group];
        let mut seen = std::collections::HashSet::from([group]);
        let mut current = group;
        while let Some(parent) = self.groups.get(current).and_then(|g| g.parent.as_deref()) {
            if !seen.insert(parent) || found.len() > self.groups.len() {
                break;
            }
            found.push(parent);
            current = parent;
        }
        found
    }

    pub(in crate::check) fn group_within(&self, inner: &str, outer: &str) -> bool {
        let mut current = Some(inner.to_string());
        let mut steps = 0;
        while let Some(name) = current {
            if name == outer {
                return true;
            }
            steps += 1;
            if steps > self.groups.len() + 1 {
                return false;
            }
            current = self.groups.get(&name).and_then(|g| g.parent.clone());
        }
        false
    }
}

/// The earlier rules one rule disagrees with.
#[derive(Debug, PartialEq)]
struct Earlier {
    first: usize,
    /// The two after the first, if there are as many.
    next: Vec<usize>,
    /// How many in all, the first included.
    count: usize,
}

impl Earlier {
    /// From the first (at most three) in order, and how many in all.
    pub(super) fn from(firsts: Vec<usize>, count: usize) -> Option<Earlier> {
        let (&first, next) = firsts.split_first()?;
        Some(Earlier {
            first,
            next: next.to_vec(),
            count,
        })
    }
}

/// What two rules of the same family disagree about, in words.
struct Conflict {
    /// "limits on `supervisees` for members of `managers`".
    what: String,
    /// Who or what has to meet both rules as written.
    who: String,
    /// The way out other than `overrides`.
    otherwise: String,
    /// Whether `overrides` can settle it (only rules with a group).
    can_override: bool,
}

/// Same shape of requirement (both counts per the same kind of window, both
/// gaps, both times), different amounts. Amounts that mean the same in other
/// units (`every 2 weeks`, `every 14 days`) do not disagree (language.md
/// 12.9).
fn disagree(a: &Schedule, b: &Schedule) -> bool {
    match (a, b) {
        (Schedule::Fixed { requirement: x }, Schedule::Fixed { requirement: y }) => match (x, y) {
            // A maximum alone and a minimum are of different shapes: both
            // hold, one does not replace the other (`conflicts::shape`).
            (
                Requirement::Count {
                    window: wa,
                    min: ma,
                    ..
                },
                Requirement::Count {
                    window: wb,
                    min: mb,
                    ..
                },
            ) => same_window_kind(wa, wb) && (*ma == 0) == (*mb == 0) && !same_requirement(x, y),
            (Requirement::Time { window: wa, .. }, Requirement::Time { window: wb, .. }) => {
                same_window_kind(wa, wb) && !same_requirement(x, y)
            }
            (Requirement::Gap { max: ma, .. }, Requirement::Gap { max: mb, .. }) => {
                ma.is_none() == mb.is_none() && !same_requirement(x, y)
            }
            (Requirement::Occurrences { of: a, .. }, Requirement::Occurrences { of: b, .. }) => {
                a == b && !same_requirement(x, y)
            }
            _ => false,
        },
        (Schedule::ByTenure { phases: pa }, Schedule::ByTenure { phases: pb }) => {
            pa.len() != pb.len()
                || pa.iter().zip(pb).any(|(p, q)| {
                    !(same_length(&p.from, &q.from)
                        && same_bound(&p.until, &q.until)
                        && same_requirement(&p.requirement, &q.requirement))
                })
        }
        _ => false,
    }
}

/// The same requirement, perhaps in other units.
fn same_requirement(a: &Requirement, b: &Requirement) -> bool {
    match (a, b) {
        (
            Requirement::Count {
                min: m,
                window: w,
                max: x,
            },
            Requirement::Count {
                min: n,
                window: v,
                max: y,
            },
        ) => m == n && x == y && same_window(w, v),
        (Requirement::Gap { max: m, min: x }, Requirement::Gap { max: n, min: y }) => {
            same_bound(m, n) && same_bound(x, y)
        }
        (
            Requirement::Occurrences { count: m, of: a },
            Requirement::Occurrences { count: n, of: b },
        ) => m == n && a == b,
        (
            Requirement::Time {
                min: m,
                window: w,
                scaled_by: s,
            },
            Requirement::Time {
                min: n,
                window: v,
                scaled_by: t,
            },
        ) => same_length(m, n) && same_window(w, v) && s == t,
        _ => false,
    }
}

fn same_window(a: &Window, b: &Window) -> bool {
    match (a, b) {
        (Window::Rolling { length: x }, Window::Rolling { length: y }) => same_length(x, y),
        _ => a == b,
    }
}

fn same_window_kind(a: &Window, b: &Window) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Two durations that mean the same length (`2 weeks` and `14 days`, `12
/// months` and `1 year`), so writing one rule twice in other words is not
/// reported as a disagreement.
fn same_length(a: &Duration, b: &Duration) -> bool {
    if a == b {
        return true;
    }
    let calendar = |d: &Duration| matches!(d.unit, DurationUnit::Months | DurationUnit::Years);
    match (a.fixed_minutes(), b.fixed_minutes()) {
        (Some(x), Some(y)) => x == y,
        _ if calendar(a) && calendar(b) => {
            let months = |d: &Duration| match d.unit {
                DurationUnit::Years => u64::from(d.amount) * 12,
                _ => u64::from(d.amount),
            };
            months(a) == months(b)
        }
        _ => false,
    }
}

fn same_bound(a: &Option<Duration>, b: &Option<Duration>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => same_length(x, y),
        (None, None) => true,
        _ => false,
    }
}

fn same_amount(a: &Option<Amount>, b: &Option<Amount>) -> bool {
    match (a, b) {
        (Some(Amount::Duration(x)), Some(Amount::Duration(y))) => same_length(x, y),
        (x, y) => x == y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckOptions, Checker};

    /// Every rule's earlier disagreements, found by comparing it with every
    /// earlier rule: the definition the counting must agree with.
    fn compared_pairwise(checker: &Checker<'_>) -> Vec<(usize, Earlier)> {
        checker
            .rules
            .iter()
            .enumerate()
            .filter_map(|(j, b)| Some((j, checker.compare_each(b, (0..j).collect())?)))
            .collect()
    }

    fn agree(name: &str, source: &str) {
        let options = CheckOptions::default();
        let mut checker = Checker::new(source, &options);
        checker.load_prelude();
        let (module, _) = crate::syntax::parse(source);
        checker.check_module(&module);
        assert_eq!(
            checker.earlier_conflicts(),
            compared_pairwise(&checker),
            "{name}"
        );
    }

    /// Rules of every family, in nested groups, some saying the same in
    /// other units, some about several things, some overriding others.
    const MIXED: &str = r#"policy "Mixed" { }
roles: manager
tags: asye
record kinds: notes
purposes: audit
group all: staff
group nq: all where tags has asye
group senior: all where level > 3
rule a1: require one_to_one for all: at least 10 per year
rule a2: require one_to_one for nq: at least 12 per year
rule a3: require one_to_one for senior: at least 10 per year
rule a4: require one_to_one or group_supervision for all: at least 6 per year
rule a5: require one_to_one for nq: at least 12 per year
rule a6: require one_to_one for all: at least 2 per year overrides a1
rule a7: require one_to_one for all: every 2 weeks
rule a8: require one_to_one for nq: every 14 days
rule a9: require one_to_one for nq: every 1 month
rule a10: require one_to_one for all: at least 1 hour per month
rule a11: require one_to_one for all: at least 60 minutes per month
rule a12: require one_to_one for senior: at least 3 per year
rule a13: require one_to_one for senior: at least 4 per year
rule a14: require one_to_one for nq by tenure {
  first 6 weeks: every 1 week
  then: every 1 month
}
rule a15: require one_to_one for nq by tenure {
  first 6 weeks: every 1 week
  then: every 2 months
}
rule a16: require one_to_one for all: at least 10 in any 12 months
rule a17: require one_to_one for all: at least 10 in any 1 year
rule a18: require one_to_one for all: at least 9 in any 1 year
rule a19: require group_supervision for nq: at least 5 per year
rule l1: limit supervisees for all: at most 6
rule l2: limit supervisees for nq: at most 4
rule l3: limit supervisees for senior: between 2 and 6
rule l4: limit group_size of group_supervision for all: at most 8
rule l5: limit group_size of group_supervision for nq: at most 8
rule d1: deadline sessions: recorded within 48 hours of start
rule d2: deadline sessions: recorded within 2 days of start
rule d3: deadline sessions: recorded within 5 working days of start
rule d4: deadline sessions: recorded within 3 days of start where status is held
rule r1: retain notes records: at least 6 years after leaving
rule r2: retain notes records: at least 72 months after leaving
rule r3: retain notes records: at least 7 years after leaving
rule r4: retain notes records: at least 7 years after creation
rule x1: access notes records {
  allow manager for audit
}
rule x2: access notes records {
  allow manager for audit
}
rule x3: access notes, personal_supervision records {
  allow subject for any
}
rule e1: every member of nq: tags has asye
rule e2: every member of nq: level > 1
"#;

    #[test]
    fn counting_agrees_with_comparing_every_pair() {
        agree("mixed", MIXED);
        // The same rules again, so each has earlier rules alike and unlike.
        let twice = format!(
            "{MIXED}{}",
            MIXED
                .lines()
                .skip(8)
                .map(|l| l.replace("rule ", "rule again_") + "\n")
                .collect::<String>()
        );
        agree("mixed twice", &twice);
        // The fixtures and policies are at the top of the workspace.
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        for dir in ["tests/data/check/err", "tests/data/check/ok", "policies"] {
            for entry in std::fs::read_dir(root.join(dir))
                .into_iter()
                .flatten()
                .flatten()
            {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "sup") {
                    let source = std::fs::read_to_string(&path).unwrap_or_default();
                    agree(&path.display().to_string(), &source);
                }
            }
        }
    }
}
