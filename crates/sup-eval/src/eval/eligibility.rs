//! Eligibility rules: who may supervise members of a group. Judged per
//! held session: each session whose supervisor fails a clause, on the day
//! it was held, is a finding.

use super::conditions::{self, Env};
use super::context::{ActivityIndex, Ctx, Occurrence, Supervisors, NO_ROW};
use super::schema;
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::policy::{Eligibility, EligibilityClause, Rule};
use crate::records::Sym;

pub(super) fn judge(ctx: &Ctx, rule: &Rule, e: &Eligibility, sink: &mut Sink) {
    let (Some(staff), Some(sessions)) = (ctx.plan.staff.table, ctx.plan.sessions.table) else {
        return;
    };
    let period = ctx.period;
    if ctx.plan.sessions.supervisor.is_none() {
        return;
    }
    let kinds = kinds_judged(ctx, e);
    let indexes: Vec<(&str, &ActivityIndex, &Supervisors)> = kinds
        .iter()
        .map(|k| (k.as_str(), ctx.activity(k), ctx.supervisors(k)))
        .collect();
    // A session of one kind is judged, not "not counted" as the others.
    ctx.trace_uncounted(&kinds);
    // Each supervisee's sessions are judged together, so what depends only
    // on the supervisee (their row, the days the rule applies to them) is
    // worked out once, not once per session.
    // They are taken in the order of their rows, the order their runs lie
    // in, so that the runs are read one after the other.
    let mut subjects: Vec<(usize, Sym)> = indexes
        .iter()
        .flat_map(|(_, index, _)| index.subjects().map(|(s, _)| s))
        .filter_map(|s| Some((staff.row_of(s)?, s)))
        .collect();
    subjects.sort_unstable();
    subjects.dedup();
    // Whether the rule applies on a day can be read from its spans when no
    // group involved changes with tenure.
    let by_spans = ctx.is_static(&e.group)
        && ctx
            .overriding_groups(&rule.name)
            .iter()
            .all(|g| ctx.is_static(g));
    // Clauses that read no tenure and no group give the same verdict for a
    // supervisor and supervisee on every day: remember it per pair.
    let cacheable = e.clauses.len() <= 64
        && e.clauses.iter().all(|c| {
            conditions::date_independent(ctx, &c.require)
                && c.when
                    .as_ref()
                    .is_none_or(|w| conditions::date_independent(ctx, w))
        });
    // Per supervisee: each supervisor seen and the clauses failed with them
    // (a person has few supervisors, so a list beats a map).
    let mut verdicts: Vec<(u32, u64)> = Vec::new();
    let mut judged: Vec<(&str, Occurrence, u32)> = Vec::new();
    // The rule's groups, looked up once for every supervisee.
    let applicable = ctx.applicable(&rule.name, &e.group);
    for (supervisee, subject) in subjects {
        if let Some(wanted) = ctx.traced_subject() {
            if ctx.text(subject) != wanted {
                continue;
            }
        }
        judged.clear();
        verdicts.clear();
        for (activity, index, supervisors) in &indexes {
            let list = index.of(subject);
            let rows = supervisors.rows.get(index.span(subject)).unwrap_or(&[]);
            let lo = list.partition_point(|o| o.date < period.from);
            judged.extend(
                list.iter()
                    .zip(rows)
                    .skip(lo)
                    .take_while(|(o, _)| o.date <= period.last)
                    .filter(|(o, _)| period.in_force_on(o.date))
                    .map(|(o, r)| (*activity, *o, *r)),
            );
        }
        if judged.is_empty() {
            continue;
        }
        // A row can qualify for two of the activities only when there are two.
        if indexes.len() > 1 {
            judged.sort_by_key(|(a, o, _)| (o.date, o.row, *a));
            judged.dedup_by_key(|(_, o, _)| o.row);
        }
        let spans = if by_spans {
            let lifetime = ctx.lifetime(staff, supervisee);
            ctx.applicable_spans_of(
                &applicable,
                staff,
                supervisee,
                period.from,
                period.last,
                lifetime,
            )
        } else {
            Vec::new()
        };
        let subject_id = ctx.text(subject);
        let tracing = ctx.tracing(subject_id);
        if tracing {
            ctx.trace_changes(&e.group, staff, supervisee, &[], period.last);
        }
        for &(activity, occ, supervisor_row) in &judged {
            let applies = if by_spans {
                spans.iter().any(|(a, b)| *a <= occ.date && occ.date <= *b)
            } else {
                ctx.applies_on(&rule.name, &e.group, staff, supervisee, occ.date)
            };
            if !applies {
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
            if sink.recording() {
                // A session is judged on its day, for its supervisee.
                sink.judged_on(&Ref::new(schema::STAFF, subject_id), None, occ.date);
            }
            let session_row = occ.row as usize;
            let supervisor = (supervisor_row != NO_ROW).then_some(supervisor_row as usize);
            let env = Env::pair(staff, supervisor, Some(supervisee), occ.date);
            // The clauses failed, as bits, when they can be remembered.
            let remembered =
                cacheable.then(
                    || match verdicts.iter().find(|(s, _)| *s == supervisor_row) {
                        Some((_, bits)) => *bits,
                        None => {
                            let bits = e
                                .clauses
                                .iter()
                                .enumerate()
                                .filter(|(_, c)| clause_fails(ctx, c, &env))
                                .fold(0u64, |bits, (i, _)| bits | (1 << i));
                            verdicts.push((supervisor_row, bits));
                            bits
                        }
                    },
                );
            if remembered == Some(0) && !tracing {
                continue;
            }
            // Names for messages, made only when something is said.
            let session_id = || ctx.row_id(sessions, session_row);
            let supervisor_id = || {
                supervisor
                    .map(|r| ctx.row_id(staff, r))
                    .unwrap_or_else(|| "(none)".into())
            };
            let mut failed = false;
            for (i, clause) in e.clauses.iter().enumerate() {
                let fails = match remembered {
                    Some(bits) => bits & (1 << i) != 0,
                    None => clause_fails(ctx, clause, &env),
                };
                if !fails {
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
                    subject: Ref::new(schema::STAFF, subject_id),
                    related: vec![Ref::new(schema::STAFF, &supervisor_id())],
                    window: Some(DateRange {
                        start: occ.date,
                        end: occ.date,
                    }),
                    due: None,
                    expected: format!("supervisor meets `{}`", clause.text.trim()),
                    actual,
                    evidence: vec![Ref::new(schema::SESSIONS, &session_id())],
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
}

/// Whether a session fails a clause: its `when` holds (or it has none) and
/// its condition does not.
fn clause_fails(ctx: &Ctx, clause: &EligibilityClause, env: &Env) -> bool {
    clause
        .when
        .as_ref()
        .is_none_or(|w| conditions::holds(ctx, w, env))
        && !conditions::holds(ctx, &clause.require, env)
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
            .get(schema::vocab::SESSION_KIND)
            .map(|v| v.values.as_slice())
            .unwrap_or(&[]);
        for kind in declared {
            let is_session = ctx
                .policy
                .activities
                .get(kind)
                .is_some_and(|a| a.table == schema::SESSIONS);
            if is_session && !kinds.contains(kind) {
                kinds.push(kind.clone());
            }
        }
    }
    kinds
}
