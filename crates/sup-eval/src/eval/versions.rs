//! Several versions of one policy judged over one period: each day is judged
//! under the version in force on it. This is an orchestration layer: each
//! version is evaluated on its own with [`Period::in_force`] set to its days,
//! which the few judges that decide *when* something is judged consult (see
//! `docs/semantics.md`, "Policy versions in force"); the findings are then
//! tagged with their version and merged.

use chrono::NaiveDate;
use serde::Serialize;

use super::{evaluate_in, explain_in, EvalOptions, Evaluation, ExplainError, Explanation, Period};
use crate::policy::CompiledPolicy;
use crate::records::Records;

/// Which version of the policy a finding (or a rule's summary) was judged
/// under. Present only when several versions were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionTag {
    /// The policy file, as given.
    pub file: String,
    /// The header's `version:`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub effective: NaiveDate,
    /// The last day the version is in force: the day before the next
    /// version's effective date; `None` for the latest version.
    pub until: Option<NaiveDate>,
    /// The version's place in effective-date order, for grouping.
    #[serde(skip)]
    pub index: usize,
}

impl VersionTag {
    /// `policies/a.sup (2026-draft), effective 2026-09-01`.
    pub fn describe(&self) -> String {
        let label = self
            .label
            .as_ref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        format!("{}{label}, effective {}", self.file, self.effective)
    }
}

/// One version to judge: its compiled policy and the export as it types it.
pub struct PolicyVersion<'a> {
    pub policy: &'a CompiledPolicy,
    pub records: &'a Records,
}

/// Why the versions cannot be judged together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    #[error("`{file}` has no `effective` date: when several versions of a policy are judged, each must say from which day it is in force")]
    NoEffectiveDate { file: String },
    #[error("`{first}` and `{second}` are both effective on {day}: two versions cannot be in force on the same day")]
    SameDay {
        first: String,
        second: String,
        day: NaiveDate,
    },
}

/// The versions' positions in effective-date order, or why they cannot be
/// ordered. Any order on the command line gives the same answer.
pub fn order_versions(policies: &[&CompiledPolicy]) -> Result<Vec<usize>, VersionError> {
    let mut dated = Vec::with_capacity(policies.len());
    for (i, p) in policies.iter().enumerate() {
        match p.header.effective {
            Some(day) => dated.push((day, i)),
            None => {
                return Err(VersionError::NoEffectiveDate {
                    file: p.source.clone(),
                })
            }
        }
    }
    dated.sort();
    for pair in dated.windows(2) {
        if let [(a, i), (b, j)] = pair {
            if a == b {
                let name = |k: usize| {
                    policies
                        .get(k)
                        .map(|p| p.source.clone())
                        .unwrap_or_default()
                };
                return Err(VersionError::SameDay {
                    first: name(*i),
                    second: name(*j),
                    day: *a,
                });
            }
        }
    }
    Ok(dated.into_iter().map(|(_, i)| i).collect())
}

/// The first and last day a version is in force, inclusive.
pub type InForce = (NaiveDate, NaiveDate);

/// Each version's tag and the days it is in force, in effective-date order.
/// The first version's days run back to the beginning of time and the last
/// version's forward without end: the evaluation period bounds them
/// ([`first_day`] starts it no earlier than the earliest effective date).
pub fn tags(policies: &[&CompiledPolicy]) -> Result<Vec<(VersionTag, InForce)>, VersionError> {
    let order = order_versions(policies)?;
    let effective: Vec<NaiveDate> = order
        .iter()
        .filter_map(|i| policies.get(*i).and_then(|p| p.header.effective))
        .collect();
    let mut out = Vec::with_capacity(order.len());
    for (index, i) in order.iter().enumerate() {
        let Some(policy) = policies.get(*i) else {
            continue;
        };
        let Some(start) = effective.get(index).copied() else {
            continue;
        };
        let until = effective.get(index + 1).and_then(|next| next.pred_opt());
        let first = if index == 0 { NaiveDate::MIN } else { start };
        out.push((
            VersionTag {
                file: policy.source.clone(),
                label: policy.header.version.clone(),
                effective: start,
                until,
                index,
            },
            (first, until.unwrap_or(NaiveDate::MAX)),
        ));
    }
    Ok(out)
}

/// The first day judged across versions: `--from`, or twelve months before
/// the as-of date; never before the earliest version took effect.
pub fn first_day(policies: &[&CompiledPolicy], options: &EvalOptions) -> NaiveDate {
    let earliest = policies.iter().filter_map(|p| p.header.effective).min();
    let year_ago = options
        .as_of
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(options.as_of);
    let from = options.from.unwrap_or(year_ago);
    earliest.map_or(from, |e| from.max(e))
}

/// Judge every version on the days it is in force, and merge the findings:
/// in version order, then each version's report order.
pub fn evaluate_versions(
    versions: &[PolicyVersion],
    options: &EvalOptions,
    record: bool,
) -> Result<Evaluation, VersionError> {
    let policies: Vec<&CompiledPolicy> = versions.iter().map(|v| v.policy).collect();
    let order = order_versions(&policies)?;
    let tags = tags(&policies)?;
    let from = first_day(&policies, options);
    let period = Period::new(from, options.as_of, options.upcoming_days);
    let mut merged = Evaluation {
        period,
        findings: Vec::new(),
        notes: Vec::new(),
        rules: Vec::new(),
        judgements: Vec::new(),
        trend: None,
        versions: Vec::new(),
    };
    for (i, (tag, days)) in order.iter().zip(tags) {
        let Some(version) = versions.get(*i) else {
            continue;
        };
        let mut own = period;
        own.in_force = Some(days);
        let evaluation = evaluate_in(version.policy, version.records, own, record);
        // Rule positions count on from the versions before, so that the
        // merged summaries, findings and judgements agree on each rule.
        let offset = merged.rules.len();
        merged
            .judgements
            .extend(evaluation.judgements.into_iter().map(|mut j| {
                j.rule_index += offset;
                j
            }));
        merged
            .findings
            .extend(evaluation.findings.into_iter().map(|mut f| {
                f.version = Some(tag.clone());
                f.rule_index += offset;
                f
            }));
        merged
            .rules
            .extend(evaluation.rules.into_iter().map(|mut r| {
                r.version = Some(tag.clone());
                r
            }));
        merged.notes.extend(evaluation.notes);
        merged.versions.push(tag);
    }
    // A waiver may name a rule that only another version has: it applies
    // there, so it is not a waiver naming nothing.
    let names: std::collections::BTreeSet<&str> = versions
        .iter()
        .flat_map(|v| v.policy.rules.iter().map(|r| r.name.as_str()))
        .collect();
    merged.notes.retain(|n| {
        !(n.message.starts_with("waivers naming `")
            && n.message
                .split('`')
                .nth(1)
                .is_some_and(|name| names.contains(name)))
    });
    // The same remark from two versions (a holiday calendar, rows outside a
    // lifetime) is said once.
    merged.notes.sort();
    merged.notes.dedup();
    Ok(merged)
}

/// `sup explain` over several versions: the rule's timeline under each
/// version that has a rule of that name, on the days it is in force, in
/// effective-date order. An error only when no version has the rule.
pub fn explain_versions(
    versions: &[PolicyVersion],
    options: &EvalOptions,
    rule: &str,
    subject: &str,
) -> Result<Result<Vec<Explanation>, ExplainError>, VersionError> {
    let policies: Vec<&CompiledPolicy> = versions.iter().map(|v| v.policy).collect();
    let order = order_versions(&policies)?;
    let tags = tags(&policies)?;
    let from = first_day(&policies, options);
    let period = Period::new(from, options.as_of, options.upcoming_days);
    let mut out = Vec::new();
    let mut first_error = None;
    for (i, (tag, days)) in order.iter().zip(tags) {
        let Some(version) = versions.get(*i) else {
            continue;
        };
        let mut own = period;
        own.in_force = Some(days);
        match explain_in(version.policy, version.records, own, rule, subject) {
            Ok(mut e) => {
                e.findings
                    .iter_mut()
                    .for_each(|f| f.version = Some(tag.clone()));
                e.rule.version = Some(tag.clone());
                e.version = Some(tag);
                out.push(e);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Ok(match (out.is_empty(), first_error) {
        (true, Some(e)) => Err(e),
        _ => Ok(out),
    })
}
