//! Waivers: a recorded, approved departure from a rule. A breach becomes
//! `waived` when a waiver names its rule and its subject (or, for a finding
//! about one row, the person the row is about), was approved by someone whose role may waive the rule, and was in
//! force on every day the finding covers (a window, a run of days, or one day;
//! `Finding::span`). Waivers that do not apply are noted on the
//! finding with the reason, so an expired waiver is visible, not hidden.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::context::Ctx;
use super::finding::{Finding, Severity, Status, WaiverInfo};
use super::schema;
use crate::diagnostic::Code;
use crate::records::{TableData, Value};

/// The days a waiver is in force: `granted` (none: always) to `expires`
/// (none: no end).
pub(super) type InForce = (Option<NaiveDate>, Option<NaiveDate>);

/// The waivers of `rule` that `apply` would accept on their rule and
/// approver, by the subject they name, with the days each is in force. A
/// rolling rule judges each window on its own, so it reports the worst window
/// none of these covers (see `frequency.rs`); `apply` then decides as for any
/// finding.
pub(super) fn in_force(ctx: &Ctx, rule: &crate::policy::Rule) -> HashMap<String, Vec<InForce>> {
    let mut out: HashMap<String, Vec<InForce>> = HashMap::new();
    let Some(table) = ctx.table(schema::WAIVERS) else {
        return out;
    };
    if rule.waivable_by.is_empty() {
        return out;
    }
    let staff = ctx.plan.staff.table;
    for row in 0..table.len() {
        let text = |column: &str| table.get(row, column).sym().map(|s| ctx.text(s));
        if text(schema::waivers::WAIVED_RULE) != Some(rule.name.as_str()) {
            continue;
        }
        let role_ok = staff
            .and_then(|s| {
                let r = s.row_of(table.get(row, schema::waivers::APPROVED_BY).sym()?)?;
                let on = approved_on(ctx, table, row);
                ctx.value_of(ctx.plan.staff.role, r, on).sym()
            })
            .is_some_and(|role| rule.waivable_by.iter().any(|w| w == ctx.text(role)));
        let Some(subject) = text(schema::waivers::SUBJECT) else {
            continue;
        };
        if role_ok {
            out.entry(subject.to_string()).or_default().push((
                ctx.day_of(table.get(row, schema::waivers::GRANTED)),
                ctx.day_of(table.get(row, schema::waivers::EXPIRES)),
            ));
        }
    }
    out
}

/// The day a waiver's approver's role is judged on: the day it was
/// granted, or the last day judged when that is not recorded.
fn approved_on(ctx: &Ctx, table: &TableData, row: usize) -> NaiveDate {
    ctx.day_of(table.get(row, schema::waivers::GRANTED))
        .unwrap_or(ctx.period.last)
}

pub(super) fn apply(ctx: &Ctx, findings: &mut [Finding]) {
    let Some(table) = ctx.table(schema::WAIVERS) else {
        return;
    };
    let staff = ctx.plan.staff.table;
    let mut named_rules: BTreeSet<String> = BTreeSet::new();
    struct Waiver {
        id: String,
        rule: String,
        subject: String,
        approver: String,
        approver_role: Option<String>,
        reason: String,
        granted: Option<chrono::NaiveDate>,
        expires: Option<chrono::NaiveDate>,
    }
    let mut waivers = Vec::new();
    for row in 0..table.len() {
        let text = |column: &str| {
            table
                .get(row, column)
                .sym()
                .map(|s| ctx.text(s).to_string())
                .unwrap_or_default()
        };
        let approver = text(schema::waivers::APPROVED_BY);
        let approver_role = staff.and_then(|s| {
            let r = s.row_of(table.get(row, schema::waivers::APPROVED_BY).sym()?)?;
            match ctx.value_of(ctx.plan.staff.role, r, approved_on(ctx, table, row)) {
                Value::Str(role) => Some(ctx.text(role).to_string()),
                _ => None,
            }
        });
        let w = Waiver {
            id: ctx.row_id(table, row),
            rule: text(schema::waivers::WAIVED_RULE),
            subject: text(schema::waivers::SUBJECT),
            approver,
            approver_role,
            reason: text(schema::waivers::REASON),
            granted: ctx.day_of(table.get(row, schema::waivers::GRANTED)),
            expires: ctx.day_of(table.get(row, schema::waivers::EXPIRES)),
        };
        named_rules.insert(w.rule.clone());
        waivers.push(w);
    }
    for name in &named_rules {
        if ctx.policy.rule(name).is_none() {
            let ids: Vec<String> = waivers
                .iter()
                .filter(|w| &w.rule == name)
                .map(|w| w.id.clone())
                .collect();
            let hint =
                crate::suggest::closest(name, ctx.policy.rules.iter().map(|r| r.name.as_str()))
                    .map(|b| format!(" (did you mean `{b}`?)"))
                    .unwrap_or_default();
            for id in ids {
                ctx.note(Code::EvalWaiverNamesNoRule, None, format!("waivers naming `{name}` apply to nothing: the policy has no such rule{hint}"), Some(id));
            }
        }
    }
    for finding in findings.iter_mut().filter(|f| f.status == Status::Breach) {
        let Some(rule) = ctx.policy.rule(&finding.rule) else {
            continue;
        };
        // A waiver names the finding's subject; for findings about one row
        // (a session, a record, an access) it may name the person instead.
        let row_subject = !matches!(
            finding.subject.kind.as_str(),
            schema::STAFF | schema::CASES | schema::TEAM
        );
        // The days the waiver must be in force on: all of a failing window
        // or run, or the finding's one day.
        let (first, last) = finding
            .span
            .map_or((finding.date, finding.date), |s| (s.start, s.end));
        let candidates = waivers.iter().filter(|w| {
            w.rule == finding.rule
                && (w.subject == finding.subject.id
                    || (row_subject && finding.related.iter().any(|r| r.id == w.subject)))
        });
        for w in candidates {
            let problem = if rule.waivable_by.is_empty() {
                Some(format!(
                    "waiver {} does not apply: `{}` is not waivable",
                    w.id, rule.name
                ))
            } else if !w
                .approver_role
                .as_ref()
                .is_some_and(|r| rule.waivable_by.contains(r))
            {
                Some(format!(
                    "waiver {} does not apply: approved by {} ({}), but only {} may waive this rule",
                    w.id,
                    w.approver,
                    w.approver_role.as_deref().unwrap_or("no role"),
                    rule.waivable_by.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(" or ")
                ))
            } else if w.granted.is_some_and(|g| g > first) {
                let began = if first == last {
                    String::new()
                } else {
                    "the breach began on ".to_string()
                };
                Some(format!(
                    "waiver {} does not apply: granted on {}, after {began}{first}",
                    w.id,
                    w.granted.map(|g| g.to_string()).unwrap_or_default(),
                ))
            } else {
                w.expires.filter(|e| last > *e).map(|e| {
                    if first == last {
                        format!("waiver {} expired on {e}", w.id)
                    } else {
                        format!(
                            "waiver {} expired on {e}, before the breach ended on {last}",
                            w.id
                        )
                    }
                })
            };
            match problem {
                Some(p) => finding.notes.push(p),
                None => {
                    finding.status = Status::Waived;
                    finding.severity = Severity::Info;
                    finding.waiver = Some(WaiverInfo {
                        id: w.id.clone(),
                        approved_by: w.approver.clone(),
                        approver_role: w.approver_role.clone().unwrap_or_default(),
                        reason: w.reason.clone(),
                        granted: w.granted.unwrap_or(finding.date),
                        expires: w.expires,
                    });
                    finding.notes.clear();
                    break;
                }
            }
        }
    }
}
