//! `every member of GROUP: CONDITION`: a standing requirement on every
//! member of a group, whether or not anything happened. Judged once, on the
//! last day judged (the day before the as-of date), for each row that is a
//! member that day; each member who fails the condition is one finding.

use super::conditions::{self, Env};
use super::context::Ctx;
use super::{DateRange, Draft, Ref, Sink, Status};
use crate::policy::{Attribute, Rule};

pub(super) fn judge(ctx: &Ctx, rule: &Rule, a: &Attribute, sink: &mut Sink) {
    let Some(table) = ctx.table(&a.subject_table) else {
        return;
    };
    let on = ctx.period.last;
    let requirement = a.text.trim();
    for row in 0..table.len() {
        // Ids are only made into text when they are needed: when tracing or
        // reporting.
        let tracing = match ctx.traced_subject() {
            None => false,
            Some(subject) => {
                if ctx.row_id(table, row) != *subject {
                    continue;
                }
                true
            }
        };
        if !ctx.applies_on(&rule.name, &a.group, table, row, on) {
            if tracing {
                ctx.trace(
                    Some(on),
                    format!("not judged: not a member of `{}` on {on}", a.group),
                );
            }
            continue;
        }
        sink.judged += 1;
        if sink.recording() {
            let subject = Ref::new(&a.subject_table, &ctx.row_id(table, row));
            sink.judged_on(&subject, None, on);
        }
        let env = Env::row(table, row, on);
        let met = conditions::holds(ctx, &a.condition, &env);
        if tracing {
            let verdict = if met { "met" } else { "NOT met" };
            ctx.trace(
                Some(on),
                format!(
                    "`{requirement}` {verdict}: {}",
                    conditions::describe_values(ctx, &a.condition, &env)
                ),
            );
        }
        if met {
            continue;
        }
        let id = ctx.row_id(table, row);
        sink.push(Draft {
            status: Status::Breach,
            subject: Ref::new(&a.subject_table, &id),
            related: Vec::new(),
            window: Some(DateRange { start: on, end: on }),
            due: None,
            expected: format!("every member of `{}`: {requirement}", a.group),
            actual: conditions::describe_values(ctx, &a.condition, &env),
            evidence: vec![Ref::new(&a.subject_table, &id)],
            date: on,
        });
    }
}
