//! Access rules: who may read records of some kinds, for what purpose, and
//! whether the person the record is about was told. Judged per access in
//! the access log.

use super::context::Ctx;
use super::deadlines::{due_after, Due};
use super::schema;
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::policy::{Access, Duration, Relation, Rule};
use crate::records::{Sym, TableData, Value};

/// The person `relation` leads to from `subject` on `day`: each `ref staff`
/// column read on that day (through the staff history), so a former
/// supervisor is no longer one. `None` when a reference on the way is empty
/// or dangling.
fn reached_on(
    ctx: &Ctx,
    staff: &TableData,
    subject: Sym,
    relation: &Relation,
    day: chrono::NaiveDate,
) -> Option<Sym> {
    let mut row = staff.row_of(subject)?;
    let mut reached = None;
    for step in &relation.path {
        let Value::Str(id) = ctx.value_named_on(staff, row, step, day) else {
            return None;
        };
        row = staff.row_of(id)?;
        reached = Some(id);
    }
    reached
}

/// How an access fares under a rule.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Verdict {
    pub allowed: bool,
    /// A `deny` names the accessor's role (deny wins over every grant).
    pub denied: bool,
    /// The subject must be told: the time each applicable notification
    /// allows (`None`: by the time of the access). The latest applies.
    pub notice: Option<Vec<Option<Duration>>>,
}

/// Whether an access by `role` for `purpose` is allowed, and whether the
/// subject is owed a notification (`docs/semantics.md`, access).
///
/// A grant matches when one of its roles is the accessor's role, `anyone`,
/// or `subject` for the record's subject, or one of its relationships holds
/// between the accessor and the subject (`related`), and one of its purposes
/// is the access's or `any`. Allowed: some grant matches and no `deny` names
/// the role or a relationship that holds. A rule-wide `notify` covers every access; otherwise notice is owed
/// only when every matching grant carries its own `notify` (one matching
/// grant without it means none is owed), and the longest time applies.
pub(super) fn judge_access(
    a: &Access,
    role: &str,
    purpose: &str,
    is_subject: bool,
    related: &dyn Fn(&Relation) -> bool,
) -> Verdict {
    let role_matches = |r: &str| r == role || r == "anyone" || (r == "subject" && is_subject);
    let denied = a.deny.iter().any(|d| role_matches(d)) || a.deny_relations.iter().any(related);
    let matching: Vec<&crate::policy::Grant> = a
        .allow
        .iter()
        .filter(|g| {
            (g.roles.iter().any(|r| role_matches(r)) || g.relations.iter().any(related))
                && g.purposes.iter().any(|p| p == "any" || p == purpose)
        })
        .collect();
    let allowed = !denied && !matching.is_empty();
    let notice = match &a.notify {
        Some(n) => Some(vec![n.within]),
        None if allowed && matching.iter().all(|g| g.notify.is_some()) => Some(
            matching
                .iter()
                .filter_map(|g| g.notify.as_ref().map(|n| n.within))
                .collect(),
        ),
        None => None,
    };
    Verdict {
        allowed,
        denied,
        notice,
    }
}

pub(super) fn judge(ctx: &Ctx, _rule: &Rule, a: &Access, sink: &mut Sink) {
    let (Some(log), Some(records)) = (ctx.table(schema::ACCESS_LOG), ctx.table(schema::RECORDS))
    else {
        return;
    };
    let period = ctx.period;
    let allowed_text = a
        .allow
        .iter()
        .map(|g| {
            let who: Vec<String> = g
                .roles
                .iter()
                .cloned()
                .chain(
                    g.relations
                        .iter()
                        .map(|r| format!("the subject's {}", r.dotted())),
                )
                .collect();
            format!("{} for {}", who.join(", "), g.purposes.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let has_relations =
        !a.deny_relations.is_empty() || a.allow.iter().any(|g| !g.relations.is_empty());
    for row in 0..log.len() {
        let accessed = log.get(row, schema::access_log::ACCESSED);
        let Some(day) = ctx.day_of(accessed) else {
            continue;
        };
        if day < period.from || day > period.last || !period.in_force_on(day) {
            continue;
        }
        let Some(record_row) = log
            .get(row, schema::access_log::RECORD)
            .sym()
            .and_then(|s| records.row_of(s))
        else {
            continue;
        };
        let Value::Str(kind) = records.get(record_row, schema::records::KIND) else {
            continue;
        };
        if !a.record_kinds.iter().any(|k| k == ctx.text(kind)) {
            continue;
        }
        let id = ctx.row_id(log, row);
        let record_id = ctx.row_id(records, record_row);
        let subject = records.get(record_row, schema::records::SUBJECT).sym();
        let subject_text = subject.map(|s| ctx.text(s).to_string());
        let tracing = ctx.tracing(&id) || subject_text.as_deref().is_some_and(|s| ctx.tracing(s));
        if ctx.traced_subject().is_some() && !tracing {
            continue;
        }
        sink.judged += 1;
        if sink.recording() {
            // An access is judged on its day, for the record's subject.
            let subject = Ref::new(schema::ACCESS_LOG, &id);
            sink.judged_on(&subject, subject_text.as_deref(), day);
        }
        let role = log
            .get(row, schema::access_log::ROLE)
            .sym()
            .map(|s| ctx.text(s).to_string())
            .unwrap_or_default();
        let purpose = log
            .get(row, schema::access_log::PURPOSE)
            .sym()
            .map(|s| ctx.text(s).to_string())
            .unwrap_or_default();
        let by = log.get(row, schema::access_log::ACCESSED_BY).sym();
        let is_subject = by.is_some() && by == subject;
        let mut related = vec![Ref::new(schema::RECORDS, &record_id)];
        related.extend(subject_text.iter().map(|s| Ref::new(schema::STAFF, s)));
        let evidence = vec![Ref::new(schema::ACCESS_LOG, &id)];
        let who = if is_subject {
            format!("{role} (the subject)")
        } else {
            role.clone()
        };
        let staff = ctx.table(schema::STAFF);
        let reached = |r: &Relation| match (staff, subject) {
            (Some(staff), Some(subject)) => reached_on(ctx, staff, subject, r, day),
            _ => None,
        };
        let relation_holds = |r: &Relation| by.is_some() && reached(r) == by;
        if tracing {
            // Who each relationship named that day: the reason an access by
            // a former supervisor is not allowed, when the log's role is
            // the same as before.
            let mut said: Vec<String> = Vec::new();
            let relations = a.allow.iter().flat_map(|g| &g.relations);
            for r in relations.chain(&a.deny_relations) {
                let dotted = r.dotted();
                if said.contains(&dotted) {
                    continue;
                }
                let named =
                    reached(r).map_or_else(|| "no one".to_string(), |p| ctx.text(p).to_string());
                let verdict = if relation_holds(r) {
                    "the reader"
                } else {
                    "not the reader"
                };
                ctx.trace(
                    Some(day),
                    format!(
                        "access {id}: the subject's {dotted} on {day} is {named}, {verdict} ({})",
                        by.map_or("no one", |b| ctx.text(b))
                    ),
                );
                said.push(dotted);
            }
        }
        let verdict = judge_access(a, &role, &purpose, is_subject, &relation_holds);
        let (allowed, denied) = (verdict.allowed, verdict.denied);
        if tracing {
            let verdict = if allowed { "allowed" } else { "NOT allowed" };
            ctx.trace(
                Some(day),
                format!("access {id} to record {record_id} by {who} for {purpose}: {verdict}"),
            );
        }
        if !allowed {
            let expected = if denied {
                format!("`{role}` is denied these records")
            } else {
                format!("access allowed only to {allowed_text}")
            };
            sink.push(Draft {
                status: Status::Breach,
                subject: Ref::new(schema::ACCESS_LOG, &id),
                related: related.clone(),
                window: Some(DateRange {
                    start: day,
                    end: day,
                }),
                due: None,
                expected,
                // Under relationships, who read it matters, not only the
                // role the log gives them.
                actual: match by.filter(|_| has_relations) {
                    Some(by) => format!("{} ({who}) for {purpose}", ctx.text(by)),
                    None => format!("{who} for {purpose}"),
                },
                evidence: evidence.clone(),
                date: day,
            });
        }
        // The subject reading their own record is never told about it.
        if is_subject {
            continue;
        }
        let Some(notice) = verdict.notice else {
            continue;
        };
        // The latest of the times allowed (a day-long deadline ends after
        // any moment of that day).
        let latest = notice
            .iter()
            .filter_map(|within| {
                let due = match within {
                    Some(w) => due_after(ctx, accessed, *w)?,
                    None => match accessed {
                        Value::Instant(i) => Due { day, at: Some(i) },
                        _ => Due { day, at: None },
                    },
                };
                Some((due, *within))
            })
            .max_by_key(|(d, _)| (d.day, d.at.unwrap_or(i64::MAX)));
        let Some((due, within)) = latest else {
            continue;
        };
        let notified = log.get(row, schema::access_log::SUBJECT_NOTIFIED);
        let notified = if ctx.day_of(notified).is_some_and(|d| d >= period.as_of) {
            Value::Null
        } else {
            notified
        };
        let within = within.map_or_else(
            || "at the time of access".to_string(),
            |w| format!("within {w}"),
        );
        let expected = format!("subject notified {within}: by {}", due.show(ctx));
        let (status, actual) = if !notified.is_null() {
            if due.met_by(ctx, notified) {
                continue;
            }
            (
                Status::Breach,
                format!(
                    "notified {} ({})",
                    ctx.show(notified),
                    due.lateness(ctx, notified)
                ),
            )
        } else if due.passed(ctx) {
            (
                Status::Breach,
                "no notification by the as-of date".to_string(),
            )
        } else if period.due_soon(due.day) {
            (Status::Pending, "not notified yet".to_string())
        } else {
            continue;
        };
        if tracing {
            ctx.trace(Some(due.day), format!("access {id}: {actual}"));
        }
        sink.push(Draft {
            status,
            subject: Ref::new(schema::ACCESS_LOG, &id),
            related,
            window: Some(DateRange {
                start: day,
                end: due.day,
            }),
            due: Some(due.show(ctx)),
            expected,
            actual,
            evidence,
            date: due.day,
        });
    }
}
