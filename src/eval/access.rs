//! Access rules: who may read records of some kinds, for what purpose, and
//! whether the person the record is about was told. Judged per access in
//! the access log.

use super::context::Ctx;
use super::deadlines::{due_after, Due};
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::policy::{Access, Rule};
use crate::records::Value;

pub(super) fn judge(ctx: &Ctx, _rule: &Rule, a: &Access, sink: &mut Sink) {
    let (Some(log), Some(records)) = (ctx.table("access_log"), ctx.table("records")) else {
        return;
    };
    let period = ctx.period;
    let allowed_text = a
        .allow
        .iter()
        .map(|g| format!("{} for {}", g.roles.join(", "), g.purposes.join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
    for row in 0..log.len() {
        let accessed = log.get(row, "accessed");
        let Some(day) = ctx.day_of(accessed) else {
            continue;
        };
        if day < period.from || day > period.last {
            continue;
        }
        let Some(record_row) = log.get(row, "record").sym().and_then(|s| records.row_of(s)) else {
            continue;
        };
        let Value::Str(kind) = records.get(record_row, "kind") else {
            continue;
        };
        if !a.record_kinds.iter().any(|k| k == ctx.text(kind)) {
            continue;
        }
        let id = ctx.row_id(log, row);
        let record_id = ctx.row_id(records, record_row);
        let subject = records.get(record_row, "subject").sym();
        let subject_text = subject.map(|s| ctx.text(s).to_string());
        let tracing = ctx.tracing(&id) || subject_text.as_deref().is_some_and(|s| ctx.tracing(s));
        if ctx.trace_subject.is_some() && !tracing {
            continue;
        }
        sink.judged += 1;
        let role = log
            .get(row, "role")
            .sym()
            .map(|s| ctx.text(s).to_string())
            .unwrap_or_default();
        let purpose = log
            .get(row, "purpose")
            .sym()
            .map(|s| ctx.text(s).to_string())
            .unwrap_or_default();
        let by = log.get(row, "accessed_by").sym();
        let is_subject = by.is_some() && by == subject;
        let mut related = vec![Ref::new("records", &record_id)];
        related.extend(subject_text.iter().map(|s| Ref::new("staff", s)));
        let evidence = vec![Ref::new("access_log", &id)];
        let who = if is_subject {
            format!("{role} (the subject)")
        } else {
            role.clone()
        };
        let denied = a
            .deny
            .iter()
            .any(|d| *d == role || (d == "subject" && is_subject));
        let allowed = !denied
            && a.allow.iter().any(|g| {
                let role_ok = g
                    .roles
                    .iter()
                    .any(|r| *r == role || (r == "subject" && is_subject));
                let purpose_ok = g.purposes.iter().any(|p| p == "any" || *p == purpose);
                role_ok && purpose_ok
            });
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
                subject: Ref::new("access_log", &id),
                related: related.clone(),
                window: Some(DateRange {
                    start: day,
                    end: day,
                }),
                due: None,
                expected,
                actual: format!("{who} for {purpose}"),
                evidence: evidence.clone(),
                date: day,
            });
        }
        let Some(notify) = &a.notify else { continue };
        if is_subject {
            continue;
        }
        let due = match notify.within {
            Some(within) => due_after(ctx, accessed, within),
            None => match accessed {
                Value::Instant(i) => Some(Due { day, at: Some(i) }),
                _ => Some(Due { day, at: None }),
            },
        };
        let Some(due) = due else { continue };
        let notified = log.get(row, "subject_notified");
        let notified = if ctx.day_of(notified).is_some_and(|d| d >= period.as_of) {
            Value::Null
        } else {
            notified
        };
        let within = notify.within.map_or_else(
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
            subject: Ref::new("access_log", &id),
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
