//! Retention: how long records of some kinds must, and may, be kept,
//! judged over the record inventory. Deleted too early, or held too long.

use chrono::NaiveDate;

use super::context::Ctx;
use super::schema;
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::policy::{Retention, RetentionAnchor, Rule};
use crate::records::Value;

pub(super) fn judge(ctx: &Ctx, _rule: &Rule, r: &Retention, sink: &mut Sink) {
    let Some(records) = ctx.table(schema::RECORDS) else {
        return;
    };
    let staff = ctx.plan.staff.table;
    let period = ctx.period;
    for row in 0..records.len() {
        let Value::Str(kind) = records.get(row, schema::records::KIND) else {
            continue;
        };
        if !r.record_kinds.iter().any(|k| k == ctx.text(kind)) {
            continue;
        }
        let id = ctx.row_id(records, row);
        let subject = records
            .get(row, schema::records::SUBJECT)
            .sym()
            .map(|s| ctx.text(s).to_string());
        let tracing = ctx.tracing(&id) || subject.as_deref().is_some_and(|s| ctx.tracing(s));
        if ctx.traced_subject().is_some() && !tracing {
            continue;
        }
        let created = ctx.day_of(records.get(row, schema::records::CREATED));
        let deleted = ctx
            .day_of(records.get(row, schema::records::DELETED))
            .filter(|d| *d < period.as_of);
        let (anchor, anchor_words): (Option<NaiveDate>, String) = match r.anchor {
            RetentionAnchor::Creation => (created, "creation".into()),
            RetentionAnchor::Leaving => {
                let left = staff.and_then(|s| {
                    let sym = records.get(row, schema::records::SUBJECT).sym()?;
                    let srow = s.row_of(sym)?;
                    // Leaving is what the export says now (as a lifetime).
                    ctx.day_of(ctx.value_named_on(s, srow, schema::staff::END_DATE, period.last))
                });
                (left.filter(|d| *d < period.as_of), "leaving".into())
            }
        };
        let related: Vec<Ref> = subject.iter().map(|s| Ref::new(schema::STAFF, s)).collect();
        let evidence = vec![Ref::new(schema::RECORDS, &id)];
        sink.judged += 1;
        if sink.recording() {
            // Retention is judged on the last day, for the record's subject.
            let record = Ref::new(schema::RECORDS, &id);
            sink.judged_on(&record, subject.as_deref(), period.last);
        }
        if tracing {
            let a = anchor.map_or_else(
                || format!("no {anchor_words} yet"),
                |a| format!("{anchor_words} on {a}"),
            );
            let del = deleted.map_or_else(|| "not deleted".to_string(), |d| format!("deleted {d}"));
            ctx.trace(created, format!("record {id}: {a}; {del}"));
        }
        // Deleted too early.
        if let (Some(min), Some(gone)) = (r.min, deleted) {
            let keep_until = anchor.map(|a| ctx.add_to_date(a, min));
            let early = keep_until.is_none_or(|k| gone < k);
            if early && gone >= period.from && period.in_force_on(gone) {
                let expected = match keep_until {
                    Some(k) => format!("kept at least {min} after {anchor_words}: until {k}"),
                    None => {
                        format!("kept at least {min} after {anchor_words}, which has not happened")
                    }
                };
                sink.push(Draft {
                    status: Status::Breach,
                    subject: Ref::new(schema::RECORDS, &id),
                    related: related.clone(),
                    window: Some(DateRange {
                        start: gone,
                        end: keep_until.unwrap_or(gone).max(gone),
                    }),
                    due: keep_until.map(|k| k.to_string()),
                    expected,
                    actual: format!("deleted on {gone}"),
                    evidence: evidence.clone(),
                    date: gone,
                });
            }
        }
        // Held too long.
        if let (Some(max), Some(a)) = (r.max, anchor) {
            let delete_by = ctx.add_to_date(a, max);
            let held_until = deleted.unwrap_or(period.as_of);
            // Judged on its due day, or on the first day judged when it fell
            // due before (the version in force then judges it).
            if held_until > delete_by
                && delete_by <= period.last
                && held_until > period.from
                && period.in_force_on(delete_by.max(period.from))
            {
                let actual = match deleted {
                    Some(g) => format!(
                        "deleted on {g}, {} late",
                        super::plural((g - delete_by).num_days() as f64, "day", "days")
                    ),
                    None => "still held at the as-of date".to_string(),
                };
                sink.push(Draft {
                    status: Status::Breach,
                    subject: Ref::new(schema::RECORDS, &id),
                    related: related.clone(),
                    window: Some(DateRange {
                        start: delete_by,
                        end: held_until.pred_opt().unwrap_or(held_until),
                    }),
                    due: Some(delete_by.to_string()),
                    expected: format!(
                        "kept at most {max} after {anchor_words}: deleted by {delete_by}"
                    ),
                    actual,
                    evidence: evidence.clone(),
                    date: delete_by,
                });
            } else if deleted.is_none()
                && period.due_soon(delete_by)
                && period.in_force_on(delete_by)
            {
                sink.push(Draft {
                    status: Status::Pending,
                    subject: Ref::new(schema::RECORDS, &id),
                    related: related.clone(),
                    window: Some(DateRange {
                        start: a,
                        end: delete_by,
                    }),
                    due: Some(delete_by.to_string()),
                    expected: format!(
                        "kept at most {max} after {anchor_words}: deleted by {delete_by}"
                    ),
                    actual: "still held".into(),
                    evidence: evidence.clone(),
                    date: delete_by,
                });
            }
        }
    }
}
