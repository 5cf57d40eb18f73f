//! Limits: a measure that must stay within a range. Supervisees per
//! supervisor and team cover are judged on each day of the period (one
//! finding per run of failing days); caseloads at the end of the period;
//! group size and session length per held session.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::context::Ctx;
use super::schema;
use super::windows;
use super::{natural_cmp, DateRange, Draft, Ref, Sink, Status};
use crate::diagnostic::Code;
use crate::policy::{Amount, Limit, Measure, Rule};
use crate::records::{format_minutes, format_number, Sym, TableData, Value};

pub(super) fn judge(ctx: &Ctx, rule: &Rule, l: &Limit, sink: &mut Sink) {
    match l.measure {
        Measure::Supervisees => supervisees(ctx, rule, l, sink),
        Measure::Caseload | Measure::CaseloadPerFte => caseload(ctx, rule, l, sink),
        Measure::GroupSize | Measure::SessionLength => per_session(ctx, rule, l, sink),
        Measure::TeamCover => team_cover(ctx, rule, l, sink),
    }
}

/// The range as written: `5 to 7`, `at most 6`.
fn range_text(l: &Limit) -> String {
    match (l.min, l.max) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "any".into(),
    }
}

/// Whether a value (minutes for durations) is within the range.
fn within(l: &Limit, value: f64) -> bool {
    let bound = |a: Amount| match a {
        Amount::Count(n) | Amount::Percent(n) => n,
        Amount::Duration(d) => d.fixed_minutes().map_or(d.approx_minutes(), |m| m as f64),
    };
    l.min.is_none_or(|m| value >= bound(m) - 1e-9) && l.max.is_none_or(|m| value <= bound(m) + 1e-9)
}

/// Days of the period the rule judges: not in the `excluding` calendar.
fn excluded(ctx: &Ctx, l: &Limit, day: NaiveDate) -> bool {
    let Some(name) = &l.excluding else {
        return false;
    };
    ctx.policy
        .calendars
        .get(name)
        .is_some_and(|c| c.periods.iter().any(|p| p.start <= day && day <= p.end))
}

/// Runs of consecutive failing days, each with its values.
struct Runs {
    open: Option<(NaiveDate, NaiveDate, f64, f64)>,
    done: Vec<(NaiveDate, NaiveDate, f64, f64)>,
}

impl Runs {
    fn new() -> Self {
        Runs {
            open: None,
            done: Vec::new(),
        }
    }

    fn day(&mut self, day: NaiveDate, failing: Option<f64>) {
        match (failing, self.open.as_mut()) {
            (Some(v), Some(run)) if run.1.succ_opt() == Some(day) => {
                run.1 = day;
                run.2 = run.2.min(v);
                run.3 = run.3.max(v);
            }
            (Some(v), _) => {
                if let Some(run) = self.open.take() {
                    self.done.push(run);
                }
                self.open = Some((day, day, v, v));
            }
            (None, _) => {
                if let Some(run) = self.open.take() {
                    self.done.push(run);
                }
            }
        }
    }

    fn finish(mut self) -> Vec<(NaiveDate, NaiveDate, f64, f64)> {
        if let Some(run) = self.open.take() {
            self.done.push(run);
        }
        self.done
    }
}

fn shown_range(lo: f64, hi: f64, suffix: &str) -> String {
    if (lo - hi).abs() < 1e-9 {
        format!("{}{suffix}", format_number(lo))
    } else {
        format!(
            "{}{suffix} to {}{suffix}",
            format_number(lo),
            format_number(hi)
        )
    }
}

fn supervisees(ctx: &Ctx, rule: &Rule, l: &Limit, sink: &mut Sink) {
    let Some(staff) = ctx.plan.staff.table else {
        return;
    };
    let period = ctx.period;
    let Some(sup_col) = ctx.plan.staff.supervisor.map(|c| c.column) else {
        return;
    };
    // Every supervisor each row has at some time in the period: the
    // export's, and each a history gives it. Who is counted on a day is the
    // row whose `supervisor` in force that day names the supervisor.
    let dated = staff.has_history(sup_col);
    let mut by_supervisor: BTreeMap<Sym, Vec<usize>> = BTreeMap::new();
    for row in 0..staff.len() {
        let mut named: Vec<Value> = vec![ctx.value_on(staff, row, sup_col, period.last)];
        if dated {
            named.extend(
                staff
                    .history_periods(row, sup_col)
                    .iter()
                    .filter(|p| p.from <= period.last && p.to.is_none_or(|to| to >= period.from))
                    .map(|p| p.value),
            );
            named.push(ctx.value_on(staff, row, sup_col, period.from));
            named.sort_by_key(|v| v.sym());
            named.dedup();
        }
        for value in named {
            if let Value::Str(s) = value {
                by_supervisor.entry(s).or_default().push(row);
            }
        }
    }
    let lifetimes: Vec<(NaiveDate, NaiveDate)> =
        (0..staff.len()).map(|r| ctx.lifetime(staff, r)).collect();
    // Whether `r` is employed on `day` with `supervisor` as its supervisor.
    let supervised_on = |r: usize, supervisor: Sym, day: NaiveDate| {
        lifetimes
            .get(r)
            .is_some_and(|(s, e)| *s <= day && day <= *e)
            && (!dated || ctx.value_on(staff, r, sup_col, day) == Value::Str(supervisor))
    };
    // The rule's groups, looked up once for every member.
    let applicable = ctx.applicable(&rule.name, &l.group);
    for row in 0..staff.len() {
        let Some((id, id_text, tracing)) = ctx.subject_to_judge(staff, row) else {
            continue;
        };
        let lifetime = ctx.lifetime(staff, row);
        let spans =
            ctx.applicable_spans_of(&applicable, staff, row, period.from, period.last, lifetime);
        if tracing {
            ctx.trace_changes(&l.group, staff, row, &[], period.last);
        }
        if spans.is_empty() {
            continue;
        }
        sink.judged += 1;
        if sink.recording() {
            sink.judged_over(&Ref::new(schema::STAFF, &id_text), None, &spans);
        }
        let mine = by_supervisor.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let mut runs = Runs::new();
        for span in &spans {
            let mut day = span.0;
            while day <= span.1 {
                let failing = if excluded(ctx, l, day) {
                    None
                } else {
                    let n = mine.iter().filter(|r| supervised_on(**r, id, day)).count() as f64;
                    (!within(l, n)).then_some(n)
                };
                runs.day(day, failing);
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
            runs.day(span.1, None);
        }
        for (start, end, lo, hi) in runs.finish() {
            // Those supervised by the member on some day of the run.
            let mut evidence: Vec<Ref> = mine
                .iter()
                .filter(|r| {
                    lifetimes
                        .get(**r)
                        .is_some_and(|(s, e)| *s <= end && start <= *e)
                        && (!dated
                            || windows::days_in(start, end).any(|day| supervised_on(**r, id, day)))
                })
                .map(|r| Ref::new(schema::STAFF, &ctx.row_id(staff, *r)))
                .collect();
            // By id, not by the export's row order, so that the same records
            // in another order give the same report.
            evidence.sort_by(|a, b| natural_cmp(&a.id, &b.id));
            let actual = format!("{} supervisees", shown_range(lo, hi, ""));
            if tracing {
                ctx.trace(
                    Some(start),
                    format!("{} to {end}: {actual}, outside {}", start, range_text(l)),
                );
            }
            let draft = Draft {
                status: Status::Breach,
                subject: Ref::new(schema::STAFF, &id_text),
                related: Vec::new(),
                window: Some(DateRange { start, end }),
                due: None,
                expected: format!("{} supervisees on each day", range_text(l)),
                actual,
                evidence,
                date: end,
            };
            // Every day of the run failed: a waiver must be in force on all of them.
            sink.push_spanning(draft, Some(DateRange { start, end }));
        }
        if tracing {
            ctx.trace(
                None,
                format!(
                    "{} supervisees on {}",
                    mine.iter()
                        .filter(|r| supervised_on(**r, id, period.last))
                        .count(),
                    period.last
                ),
            );
        }
    }
}

fn caseload(ctx: &Ctx, rule: &Rule, l: &Limit, sink: &mut Sink) {
    let Some(staff) = ctx.plan.staff.table else {
        return;
    };
    let day = ctx.period.last;
    for row in 0..staff.len() {
        let id_text = ctx.row_id(staff, row);
        if ctx.traced_subject().is_some() && !ctx.tracing(&id_text) {
            continue;
        }
        if !ctx.applies_on(&rule.name, &l.group, staff, row, day) {
            continue;
        }
        let Some(caseload) = ctx.value_of(ctx.plan.staff.caseload, row, day).number() else {
            ctx.note(
                Code::EvalEmptyValue,
                Some(&rule.name),
                "not judged: `caseload` is empty".into(),
                Some(id_text),
            );
            continue;
        };
        let (value, what) = if l.measure == Measure::CaseloadPerFte {
            match ctx.value_of(ctx.plan.staff.fte, row, day).number() {
                Some(fte) if fte > 0.0 => (
                    caseload / fte,
                    format!(
                        "caseload {} at fte {}",
                        format_number(caseload),
                        format_number(fte)
                    ),
                ),
                _ => {
                    ctx.note(
                        Code::EvalEmptyValue,
                        Some(&rule.name),
                        "not judged: `fte` is empty or zero".into(),
                        Some(id_text),
                    );
                    continue;
                }
            }
        } else {
            (caseload, format!("caseload {}", format_number(caseload)))
        };
        sink.judged += 1;
        if sink.recording() {
            sink.judged_on(&Ref::new(schema::STAFF, &id_text), None, day);
        }
        if ctx.tracing(&id_text) {
            ctx.trace(
                Some(day),
                format!("{what}: {}", format_number((value * 10.0).round() / 10.0)),
            );
        }
        if !within(l, value) {
            sink.push(Draft {
                status: Status::Breach,
                subject: Ref::new(schema::STAFF, &id_text),
                related: Vec::new(),
                window: Some(DateRange {
                    start: day,
                    end: day,
                }),
                due: None,
                expected: format!("{} {}", l.measure.name(), range_text(l)),
                actual: format!("{} ({what})", format_number((value * 10.0).round() / 10.0)),
                evidence: vec![Ref::new(schema::STAFF, &id_text)],
                date: day,
            });
        }
    }
}

fn per_session(ctx: &Ctx, rule: &Rule, l: &Limit, sink: &mut Sink) {
    let (Some(staff), Some(sessions)) = (ctx.plan.staff.table, ctx.plan.sessions.table) else {
        return;
    };
    let period = ctx.period;
    let activities: Vec<String> = if l.activities.is_empty() {
        ctx.policy
            .activities
            .values()
            .filter(|a| a.table == schema::SESSIONS)
            .map(|a| a.name.clone())
            .collect()
    } else {
        l.activities.clone()
    };
    let column = if l.measure == Measure::GroupSize {
        schema::sessions::ATTENDEES
    } else {
        schema::sessions::DURATION
    };
    let mut rows: Vec<(NaiveDate, u32, Sym)> = Vec::new();
    for a in &activities {
        for (subject, list) in ctx.activity(a).subjects() {
            rows.extend(
                list.iter()
                    .filter(|o| {
                        o.date >= period.from && o.date <= period.last && period.in_force_on(o.date)
                    })
                    .map(|o| (o.date, o.row, subject)),
            );
        }
    }
    ctx.trace_uncounted(&activities);
    rows.sort();
    rows.dedup_by_key(|r| r.1);
    for (date, row, subject) in rows {
        let subject_id = ctx.text(subject).to_string();
        if ctx.traced_subject().is_some() && !ctx.tracing(&subject_id) {
            continue;
        }
        let Some(staff_row) = staff.row_of(subject) else {
            continue;
        };
        if !ctx.applies_on(&rule.name, &l.group, staff, staff_row, date) || excluded(ctx, l, date) {
            continue;
        }
        let session_id = ctx.row_id(sessions, row as usize);
        let (value, shown) = match ctx.value_named_on(sessions, row as usize, column, date) {
            Value::Num(n) => (n, format_number(n)),
            Value::Minutes(m) => (m as f64, format_minutes(m)),
            _ => {
                ctx.note(
                    Code::EvalEmptyValue,
                    Some(&rule.name),
                    format!("not judged: `{column}` is empty"),
                    Some(session_id),
                );
                continue;
            }
        };
        sink.judged += 1;
        if sink.recording() {
            // A limit on a session is judged on its day, for its subject.
            sink.judged_on(&Ref::new(schema::STAFF, &subject_id), None, date);
        }
        if ctx.tracing(&subject_id) {
            ctx.trace(
                Some(date),
                format!("session {session_id}: {column} {shown}"),
            );
        }
        if !within(l, value) {
            sink.push(Draft {
                status: Status::Breach,
                subject: Ref::new(schema::SESSIONS, &session_id),
                related: vec![Ref::new(schema::STAFF, &subject_id)],
                window: Some(DateRange {
                    start: date,
                    end: date,
                }),
                due: None,
                expected: format!("{} {}", l.measure.name(), range_text(l)),
                actual: shown,
                evidence: vec![Ref::new(schema::SESSIONS, &session_id)],
                date,
            });
        }
    }
}

fn team_cover(ctx: &Ctx, rule: &Rule, l: &Limit, sink: &mut Sink) {
    let Some(staff) = ctx.plan.staff.table else {
        return;
    };
    let period = ctx.period;
    let absences = absences_by_staff(ctx);
    // Every team each row is in at some time in the period (the export's,
    // and each its history gives); a member counts on the days its team in
    // force is this one.
    let team_col = ctx.plan.staff.team;
    let dated = team_col.is_some_and(|c| c.table.has_history(c.column));
    let mut teams: BTreeMap<String, (Sym, Vec<usize>)> = BTreeMap::new();
    for row in 0..staff.len() {
        let mut named = vec![ctx.value_of(team_col, row, period.last)];
        if let (true, Some(c)) = (dated, team_col) {
            named.extend(
                staff
                    .history_periods(row, c.column)
                    .iter()
                    .filter(|p| p.from <= period.last && p.to.is_none_or(|to| to >= period.from))
                    .map(|p| p.value),
            );
            named.push(ctx.value_of(team_col, row, period.from));
            named.sort_by_key(|v| v.sym());
            named.dedup();
        }
        for value in named {
            if let Value::Str(team) = value {
                teams
                    .entry(ctx.text(team).to_string())
                    .or_insert_with(|| (team, Vec::new()))
                    .1
                    .push(row);
            }
        }
    }
    for (team, (team_sym, members)) in teams {
        if ctx.traced_subject().is_some() && !ctx.tracing(&team) {
            continue;
        }
        let mut runs = Runs::new();
        let mut judged = false;
        let team_ref = sink.recording().then(|| Ref::new(schema::TEAM, &team));
        let mut day = period.from;
        let mut worst_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
        while day <= period.last {
            let mut failing = None;
            if ctx.working.is_working_day(day) && !excluded(ctx, l, day) {
                let present: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|r| {
                        (!dated || ctx.value_of(team_col, *r, day) == Value::Str(team_sym))
                            && ctx.applies_on(&rule.name, &l.group, staff, *r, day)
                    })
                    .collect();
                if !present.is_empty() {
                    judged = true;
                    if let Some(me) = &team_ref {
                        // Team cover is judged on each working day, for the team.
                        sink.judged_on(me, None, day);
                    }
                    let away: Vec<usize> = present
                        .iter()
                        .copied()
                        .filter(|r| on_leave(&absences, staff, *r, day))
                        .collect();
                    let cover = 100.0 * (present.len() - away.len()) as f64 / present.len() as f64;
                    if !within(l, cover) {
                        failing = Some((cover * 10.0).round() / 10.0);
                        worst_day.insert(day, away);
                    }
                }
                runs.day(day, failing);
            }
            // Weekends, holidays and excluded days neither break nor extend a
            // run: `merge_across_gaps` joins runs they separate.
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        if judged {
            sink.judged += 1;
        }
        for (start, end, lo, hi) in merge_across_gaps(ctx, runs.finish()) {
            let mut evidence: Vec<Ref> = worst_day
                .range(start..=end)
                .next()
                .map(|(_, away)| {
                    away.iter()
                        .map(|r| Ref::new(schema::STAFF, &ctx.row_id(staff, *r)))
                        .collect()
                })
                .unwrap_or_default();
            // By id, whatever the export's row order (as above).
            evidence.sort_by(|a, b| natural_cmp(&a.id, &b.id));
            if ctx.tracing(&team) {
                ctx.trace(
                    Some(start),
                    format!("{start} to {end}: cover {}", shown_range(lo, hi, "%")),
                );
            }
            let draft = Draft {
                status: Status::Breach,
                subject: Ref::new(schema::TEAM, &team),
                related: Vec::new(),
                window: Some(DateRange { start, end }),
                due: None,
                expected: format!(
                    "{} of the team available on each working day",
                    range_text(l)
                ),
                actual: format!("{} available", shown_range(lo, hi, "%")),
                evidence,
                date: end,
            };
            // Every day of the run failed: a waiver must be in force on all of them.
            sink.push_spanning(draft, Some(DateRange { start, end }));
        }
    }
}

/// Runs split only by non-working days are one run.
fn merge_across_gaps(
    ctx: &Ctx,
    runs: Vec<(NaiveDate, NaiveDate, f64, f64)>,
) -> Vec<(NaiveDate, NaiveDate, f64, f64)> {
    let mut out: Vec<(NaiveDate, NaiveDate, f64, f64)> = Vec::new();
    for run in runs {
        if let Some(last) = out.last_mut() {
            let next_working = ctx.working.add(last.1, 1);
            if next_working == run.0 {
                last.1 = run.1;
                last.2 = last.2.min(run.2);
                last.3 = last.3.max(run.3);
                continue;
            }
        }
        out.push(run);
    }
    out
}

fn absences_by_staff(ctx: &Ctx) -> BTreeMap<Sym, Vec<windows::Span>> {
    let mut out: BTreeMap<Sym, Vec<windows::Span>> = BTreeMap::new();
    let Some(table) = ctx.table(schema::ABSENCES) else {
        return out;
    };
    for row in 0..table.len() {
        let (Value::Str(s), Some(a), Some(b)) = (
            table.get(row, schema::absences::STAFF),
            ctx.day_of(table.get(row, schema::absences::START)),
            ctx.day_of(table.get(row, schema::absences::END)),
        ) else {
            continue;
        };
        out.entry(s).or_default().push((a, b));
    }
    out
}

fn on_leave(
    absences: &BTreeMap<Sym, Vec<windows::Span>>,
    staff: &TableData,
    row: usize,
    day: NaiveDate,
) -> bool {
    staff
        .id(row)
        .and_then(|id| absences.get(&id))
        .is_some_and(|list| list.iter().any(|(a, b)| *a <= day && day <= *b))
}
