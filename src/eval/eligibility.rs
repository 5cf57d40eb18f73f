//! Eligibility rules: who may supervise members of a group. Judged per
//! held session: each session whose supervisor fails a clause, on the day
//! it was held, is a finding.

use super::conditions::{self, Env};
use super::context::Ctx;
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::policy::{Eligibility, Rule};
use crate::records::Value;

pub(super) fn judge(ctx: &Ctx, rule: &Rule, e: &Eligibility, sink: &mut Sink) {
    let (Some(staff), Some(sessions)) = (ctx.table("staff"), ctx.table("sessions")) else {
        return;
    };
    let period = ctx.period;
    let Some(supervisor_col) = sessions.column_index("supervisor") else {
        return;
    };
    let kinds = kinds_judged(ctx, e);
    let mut judged: Vec<(&str, crate::records::Sym, super::context::Occurrence)> = Vec::new();
    for activity in &kinds {
        let index = ctx.activity(activity);
        for (subject, list) in &index.by_subject {
            if let Some(wanted) = &ctx.trace_subject {
                if ctx.text(*subject) != wanted {
                    continue;
                }
            }
            for occ in list {
                if occ.date >= period.from && occ.date <= period.last {
                    judged.push((activity.as_str(), *subject, *occ));
                }
            }
        }
    }
    // A row can qualify for two of the activities only when there are two.
    if kinds.len() > 1 {
        judged.sort_by_key(|(a, s, o)| (o.date, o.row, *a, *s));
        judged.dedup_by_key(|(_, _, o)| o.row);
    }
    for (activity, subject, occ) in judged {
        let Some(supervisee) = staff.row_of(subject) else {
            continue;
        };
        let subject_id = ctx.text(subject);
        let tracing = ctx.tracing(subject_id);
        if !ctx.applies_on(&rule.name, &e.group, staff, supervisee, occ.date) {
            if tracing {
                ctx.trace(
                    Some(occ.date),
                    format!(
                        "session {} is not judged: the rule does not apply that day",
                        ctx.row_id(sessions, occ.row as usize)
                    ),
                );
            }
            continue;
        }
        sink.judged += 1;
        let session_row = occ.row as usize;
        let supervisor = match sessions.at(session_row, supervisor_col) {
            Value::Str(s) => staff.row_of(s),
            _ => None,
        };
        // Names for messages, made only when something is said.
        let session_id = || ctx.row_id(sessions, session_row);
        let supervisor_id = || {
            supervisor
                .map(|r| ctx.row_id(staff, r))
                .unwrap_or_else(|| "(none)".into())
        };
        let env = Env::pair(staff, supervisor, Some(supervisee), occ.date);
        let mut failed = false;
        for clause in &e.clauses {
            if let Some(when) = &clause.when {
                if !conditions::holds(ctx, when, &env) {
                    continue;
                }
            }
            if conditions::holds(ctx, &clause.require, &env) {
                continue;
            }
            failed = true;
            let mut actual = conditions::describe_values(ctx, &clause.require, &env);
            if let Some(when) = &clause.when {
                actual = format!(
                    "{actual} (applies because {})",
                    conditions::describe_values(ctx, when, &env)
                );
            }
            if tracing {
                ctx.trace(
                    Some(occ.date),
                    format!(
                        "{activity} {} with {}: `{}` fails: {actual}",
                        session_id(),
                        supervisor_id(),
                        clause.text.trim()
                    ),
                );
            }
            sink.push(Draft {
                status: Status::Breach,
                subject: Ref::new("staff", subject_id),
                related: vec![Ref::new("staff", &supervisor_id())],
                window: Some(DateRange {
                    start: occ.date,
                    end: occ.date,
                }),
                due: None,
                expected: format!("supervisor meets `{}`", clause.text.trim()),
                actual,
                evidence: vec![Ref::new("sessions", &session_id())],
                date: occ.date,
            });
        }
        if tracing && !failed {
            ctx.trace(
                Some(occ.date),
                format!(
                    "{activity} {} with {}: eligible",
                    session_id(),
                    supervisor_id()
                ),
            );
        }
    }
}

/// The session kinds a rule judges: those it names, or, for a rule that
/// names none (`any_session`), every kind of session the policy has — the
/// compiled list was made when the policy was checked, so kinds the policy
/// declares now are added.
fn kinds_judged(ctx: &Ctx, e: &Eligibility) -> Vec<String> {
    let mut kinds: Vec<String> = e.activities.clone();
    if e.any_session {
        let declared = ctx
            .policy
            .vocabularies
            .get("session_kind")
            .map(|v| v.values.as_slice())
            .unwrap_or(&[]);
        for kind in declared {
            let is_session = ctx
                .policy
                .activities
                .get(kind)
                .is_some_and(|a| a.table == "sessions");
            if is_session && !kinds.contains(kind) {
                kinds.push(kind.clone());
            }
        }
    }
    kinds
}
