//! The impact of a policy change on real records: both versions judged
//! over the same export and period, and the breaches the new version adds
//! and resolves, by rule and by team.
//!
//! Breaches of the two runs are matched by rule (paired across versions by
//! the diff's own rule matching, so a renamed rule is the same rule), subject
//! (kind and id), window and due date; a breach in both runs is neither
//! added nor resolved, whatever its wording. Then a breach left on each side
//! of the same rule and subject whose windows overlap is matched too (`once
//! per month` → `every 3 weeks` cuts new windows, but a subject late in
//! December under both versions is still late). Only breaches are compared;
//! waived findings are counted on each side.
//!
//! Like the rest of the diff this reads no files: the caller evaluates.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::eval::{natural_cmp, DateRange, Evaluation, Finding, Status};
use crate::policy::CompiledPolicy;
use crate::records::Records;
use sup_lang::diff::{match_rules, Sides};

/// Everything that changed between two versions of a policy (the language's
/// [`sup_lang::diff::PolicyDiff`], which it dereferences to) and, for `sup
/// diff --records`, what the change does to an export's findings. The JSON
/// is the comparison's, with `impact` last when there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyDiff {
    #[serde(flatten)]
    pub comparison: sup_lang::diff::PolicyDiff,
    /// What the change does to an export's findings (`sup diff --records`);
    /// absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
}

// A diff is read field by field by its printers and tests; the comparison's
// fields read the same whether or not an impact was added.
impl std::ops::Deref for PolicyDiff {
    type Target = sup_lang::diff::PolicyDiff;

    fn deref(&self) -> &Self::Target {
        &self.comparison
    }
}

/// Compare two compiled policies ([`sup_lang::diff::diff`]), with no impact yet.
pub fn diff(old: &CompiledPolicy, new: &CompiledPolicy) -> PolicyDiff {
    PolicyDiff {
        comparison: sup_lang::diff::diff(old, new),
        impact: None,
    }
}

/// One side's run: the policy, the export as its schema typed it, and
/// what the evaluator found.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub policy: &'a CompiledPolicy,
    pub records: &'a Records,
    pub evaluation: &'a Evaluation,
}

/// What the new version would change on these records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    /// The export directory, as given.
    pub records: String,
    pub period: ImpactPeriod,
    pub old: Totals,
    pub new: Totals,
    /// Breaches the new version finds and the old did not, in the new
    /// version's report order.
    pub added: Vec<ImpactFinding>,
    /// Breaches the old version found and the new does not, in the old
    /// version's report order.
    pub resolved: Vec<ImpactFinding>,
    /// Rules with any added or resolved breach: the new version's rules in
    /// its order, then rules it dropped.
    pub by_rule: Vec<RuleImpact>,
    /// Teams with any added or resolved breach, by name; findings with no
    /// team last.
    pub by_team: Vec<TeamImpact>,
}

impl Impact {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.resolved.is_empty()
    }
}

/// The days both versions were judged over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImpactPeriod {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub as_of: chrono::NaiveDate,
}

/// One version's findings, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub breaches: usize,
    pub waived: usize,
}

/// A breach added or resolved, with the team it is counted under.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactFinding {
    /// The team of the finding's staff subject (or, when the subject is not
    /// a member of staff, of the first member of staff among its related
    /// rows, such as a session's supervisee); a team finding's own team.
    pub team: Option<String>,
    #[serde(flatten)]
    pub finding: Finding,
}

/// Added and resolved breaches of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleImpact {
    /// The rule's name in the new version (in the old, if it was dropped).
    pub rule: String,
    /// The old name, when the rule was renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
    pub added: usize,
    pub resolved: usize,
}

/// Added and resolved breaches of one team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamImpact {
    /// `null` for findings that name no member of staff (a case).
    pub team: Option<String>,
    pub added: usize,
    pub resolved: usize,
}

/// Which rule a finding belongs to, the same on both sides for a matched pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RuleKey {
    Pair(usize, usize),
    OnlyOld(usize),
    OnlyNew(usize),
}

type Key<'f> = (
    RuleKey,
    &'f str,
    &'f str,
    Option<DateRange>,
    Option<&'f str>,
);

fn key(rule: RuleKey, f: &Finding) -> Key<'_> {
    (
        rule,
        f.subject.kind.as_str(),
        f.subject.id.as_str(),
        f.window,
        f.due.as_deref(),
    )
}

/// Compare the breaches of two runs over the same export.
pub fn impact(old: Run<'_>, new: Run<'_>, records: &str) -> Impact {
    let pairs = match_rules(&Sides {
        old: old.policy,
        new: new.policy,
    });
    let old_key = |i: usize| {
        pairs
            .iter()
            .find(|(o, _)| *o == i)
            .map_or(RuleKey::OnlyOld(i), |(o, n)| RuleKey::Pair(*o, *n))
    };
    let new_key = |i: usize| {
        pairs
            .iter()
            .find(|(_, n)| *n == i)
            .map_or(RuleKey::OnlyNew(i), |(o, n)| RuleKey::Pair(*o, *n))
    };
    let breaches = |run: &Run<'_>| -> Vec<usize> {
        (0..run.evaluation.findings.len())
            .filter(|i| {
                run.evaluation
                    .findings
                    .get(*i)
                    .is_some_and(|f| f.status == Status::Breach)
            })
            .collect()
    };
    // Each old breach, by key; a breach of the new run takes one away.
    let mut unmatched: BTreeMap<Key<'_>, Vec<usize>> = BTreeMap::new();
    for i in breaches(&old) {
        if let Some(f) = old.evaluation.findings.get(i) {
            unmatched
                .entry(key(old_key(f.rule_index), f))
                .or_default()
                .push(i);
        }
    }
    // First the same window (or due date); then, for a breach left on each
    // side, an overlapping window of the same rule and subject: the rule
    // cut its windows differently, but the subject is late in both.
    let mut fresh = Vec::new();
    for i in breaches(&new) {
        let Some(f) = new.evaluation.findings.get(i) else {
            continue;
        };
        let found = unmatched
            .get_mut(&key(new_key(f.rule_index), f))
            .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
        if found.is_none() {
            fresh.push(i);
        }
    }
    let mut left: Vec<usize> = unmatched.into_values().flatten().collect();
    left.sort_unstable();
    let mut added = Vec::new();
    for i in fresh {
        let Some(f) = new.evaluation.findings.get(i) else {
            continue;
        };
        let rule = new_key(f.rule_index);
        let same = left.iter().position(|o| {
            old.evaluation.findings.get(*o).is_some_and(|g| {
                old_key(g.rule_index) == rule
                    && g.subject == f.subject
                    && overlap(g.window, f.window)
            })
        });
        match same {
            Some(at) => {
                left.remove(at);
            }
            None => added.push((rule, with_team(new.records, f))),
        }
    }
    let resolved: Vec<(RuleKey, ImpactFinding)> = left
        .into_iter()
        .filter_map(|i| old.evaluation.findings.get(i))
        .map(|f| (old_key(f.rule_index), with_team(old.records, f)))
        .collect();

    let by_rule = by_rule(&old, &new, &pairs, &added, &resolved);
    let by_team = by_team(&added, &resolved);
    let totals = |e: &Evaluation| Totals {
        breaches: e.count(Status::Breach),
        waived: e.count(Status::Waived),
    };
    let period = new.evaluation.period;
    Impact {
        records: records.to_string(),
        period: ImpactPeriod {
            from: period.from,
            to: period.last,
            as_of: period.as_of,
        },
        old: totals(old.evaluation),
        new: totals(new.evaluation),
        added: added.into_iter().map(|(_, f)| f).collect(),
        resolved: resolved.into_iter().map(|(_, f)| f).collect(),
        by_rule,
        by_team,
    }
}

fn by_rule(
    old: &Run<'_>,
    new: &Run<'_>,
    pairs: &[(usize, usize)],
    added: &[(RuleKey, ImpactFinding)],
    resolved: &[(RuleKey, ImpactFinding)],
) -> Vec<RuleImpact> {
    let count = |list: &[(RuleKey, ImpactFinding)], k: RuleKey| {
        list.iter().filter(|(r, _)| *r == k).count()
    };
    let mut keys: Vec<RuleKey> = (0..new.policy.rules.len())
        .map(|n| {
            pairs
                .iter()
                .find(|(_, pn)| *pn == n)
                .map_or(RuleKey::OnlyNew(n), |(o, _)| RuleKey::Pair(*o, n))
        })
        .collect();
    keys.extend(
        (0..old.policy.rules.len())
            .filter(|o| !pairs.iter().any(|(po, _)| po == o))
            .map(RuleKey::OnlyOld),
    );
    let name = |p: &CompiledPolicy, i: usize| p.rules.get(i).map(|r| r.name.clone());
    keys.into_iter()
        .filter_map(|k| {
            let (rule, was) = match k {
                RuleKey::Pair(o, n) => {
                    let (old_name, new_name) = (name(old.policy, o)?, name(new.policy, n)?);
                    let was = (old_name != new_name).then_some(old_name);
                    (new_name, was)
                }
                RuleKey::OnlyNew(n) => (name(new.policy, n)?, None),
                RuleKey::OnlyOld(o) => (name(old.policy, o)?, None),
            };
            let (a, r) = (count(added, k), count(resolved, k));
            (a + r > 0).then_some(RuleImpact {
                rule,
                was,
                added: a,
                resolved: r,
            })
        })
        .collect()
}

fn by_team(
    added: &[(RuleKey, ImpactFinding)],
    resolved: &[(RuleKey, ImpactFinding)],
) -> Vec<TeamImpact> {
    let mut teams: BTreeMap<Option<String>, (usize, usize)> = BTreeMap::new();
    for (_, f) in added {
        teams.entry(f.team.clone()).or_default().0 += 1;
    }
    for (_, f) in resolved {
        teams.entry(f.team.clone()).or_default().1 += 1;
    }
    let mut rows: Vec<TeamImpact> = teams
        .into_iter()
        .map(|(team, (added, resolved))| TeamImpact {
            team,
            added,
            resolved,
        })
        .collect();
    rows.sort_by(|a, b| match (&a.team, &b.team) {
        (Some(x), Some(y)) => natural_cmp(x, y),
        (x, y) => x.is_none().cmp(&y.is_none()),
    });
    rows
}

/// Two windows that share a day.
fn overlap(a: Option<DateRange>, b: Option<DateRange>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.start <= b.end && b.start <= a.end)
}

fn with_team(records: &Records, finding: &Finding) -> ImpactFinding {
    ImpactFinding {
        team: team_of(records, finding),
        finding: finding.clone(),
    }
}

/// The team a finding is counted under (see [`ImpactFinding::team`]).
fn team_of(records: &Records, finding: &Finding) -> Option<String> {
    if finding.subject.kind == "team" {
        return Some(finding.subject.id.clone());
    }
    let staff_id = if finding.subject.kind == "staff" {
        &finding.subject.id
    } else {
        &finding.related.iter().find(|r| r.kind == "staff")?.id
    };
    let staff = records.table("staff")?;
    let row = staff.row_of(records.interner.get(staff_id)?)?;
    let team = staff.get(row, "team").sym()?;
    Some(records.text(team).to_string())
}
