//! Frequency rules: how often an activity must happen for each member of a
//! group. Counts and times per window (calendar, rolling, declared
//! periods), the longest gap allowed (`every N`), phases by tenure, pro
//! rata and partial windows.

use chrono::NaiveDate;

use super::alternation;
use super::context::{Ctx, Occurrence};
use super::schema;
use super::windows::{self, Span};
use super::{plural, waivers, DateRange, Draft, Ref, Sink, Status};
use crate::policy::{Duration, Frequency, Requirement, Rule, Schedule, Window};
use crate::records::{format_minutes, format_number, TableData, Value};

mod gaps;
mod maxima;
mod share;

use gaps::{judge_gaps, judge_spacing};
use share::{Factor, Read, Share};

/// One qualifying row, with what it contributes.
#[derive(Debug, Clone, Copy)]
struct Counted<'a> {
    occ: Occurrence,
    table: &'a str,
    /// Its length, for time requirements (0 if unknown).
    minutes: i64,
}

/// The subject being judged.
struct Subject<'a> {
    table: &'a TableData,
    row: usize,
    kind: &'a str,
    id: String,
    tracing: bool,
    /// The waivers of the rule naming this subject, for rolling windows.
    waivers: &'a [waivers::InForce],
    /// The staff member a subject that is not staff is about (a case's
    /// worker), read only when judgements are recorded (`--trend`).
    about: Option<String>,
}

impl Subject<'_> {
    fn reference(&self) -> Ref {
        Ref::new(self.kind, &self.id)
    }
}

pub(super) fn judge(ctx: &Ctx, rule: &Rule, f: &Frequency, sink: &mut Sink) {
    let Some(table) = ctx.table(&f.subject_table) else {
        return;
    };
    let period = ctx.period;
    let hi = period.horizon.unwrap_or(period.last).max(period.last);
    let activities = f.activities.join(" or ");
    let needs_minutes = requirements(f)
        .iter()
        .any(|r| matches!(r, Requirement::Time { .. }));
    let in_force = waivers::in_force(ctx, rule);
    let judged_days = days_judged(ctx, f);
    // Whose team a case (or a policy table's row) counts in: its first
    // reference to staff, found once.
    let about_column = sink
        .recording()
        .then(|| staff_reference(ctx, f, table))
        .flatten();
    let reach = judged_days.map_or(period.from, |d| d.0);
    if judged_days.is_none() {
        // Before the first window has closed nothing is judged: saying "all
        // met" would claim a compliance no record showed.
        let reason = not_closed_yet(ctx, f);
        ctx.note(Some(&rule.name), reason.clone(), None);
        sink.not_judged = Some(reason);
    }
    for row in 0..table.len() {
        let Some(id) = table.id(row) else { continue };
        let id_text = ctx.text(id).to_string();
        let tracing = ctx.tracing(&id_text);
        if ctx.traced_subject().is_some() && !tracing {
            continue;
        }
        let (start, _) = ctx.lifetime(table, row);
        let spans = ctx.applicable_spans(&rule.name, &f.group, table, row, start, hi);
        if tracing {
            // The changes that moved the member, and those of the columns
            // the rule reads besides (share, `with`, scale), before the
            // spans they made.
            let scales = requirements(f).into_iter().filter_map(|r| match r {
                Requirement::Time { scaled_by, .. } => scaled_by.as_ref(),
                _ => None,
            });
            let also: Vec<&str> = f
                .pro_rata
                .iter()
                .chain(f.with_supervisor.iter())
                .chain(scales)
                .map(String::as_str)
                .collect();
            ctx.trace_changes(&f.group, table, row, &also, hi);
            trace_spans(ctx, &f.group, &spans);
        }
        // A window ending in the period reaches back before `from` (the 12
        // months ending on `from`, the quarter `from` falls in): someone who
        // left in those days is judged on it, pro-rated like any leaver.
        if spans.iter().all(|s| s.1 < reach) {
            continue;
        }
        if judged_days.is_some_and(|d| spans.iter().any(|s| windows::intersect(*s, d).is_some())) {
            sink.judged += 1;
        }
        // A member's pro rata share and scale with no history are read once,
        // on the last day the rule applied to them in the days judged; with
        // one, on each day ([`share::read`]).
        let judged_on = spans.last().map_or(period.last, |s| s.1.min(period.last));
        let subject = Subject {
            table,
            row,
            kind: &f.subject_table,
            waivers: in_force.get(&id_text).map_or(&[], Vec::as_slice),
            id: id_text,
            tracing,
            about: about_column.and_then(|c| match ctx.value_on(table, row, c, judged_on) {
                Value::Str(s) => Some(ctx.text(s).to_string()),
                _ => None,
            }),
        };
        // The share on each day the rule applies: days on which it is
        // empty or negative are not judged; on none, the member is not.
        let (fte, spans) = match &f.pro_rata {
            Some(column) => match share::read(ctx, table, row, column, &spans, judged_on) {
                // A negative share would turn the requirement into one that
                // anything meets: say so instead of passing the member.
                Read::Unknown { negative: true } => {
                    ctx.note(Some(&rule.name), format!("not judged: `{column}` is negative, so the requirement cannot be pro-rated"), Some(subject.id.clone()));
                    continue;
                }
                Read::Unknown { negative: false } => {
                    ctx.note(Some(&rule.name), format!("not judged: `{column}` is empty, so the requirement cannot be pro-rated"), Some(subject.id.clone()));
                    continue;
                }
                Read::Known { factor, skipped } => {
                    if skipped {
                        ctx.note(
                            Some(&rule.name),
                            format!("days on which `{column}` is empty or negative are not judged"),
                            Some(subject.id.clone()),
                        );
                    }
                    let known = factor.known_spans(&spans);
                    (factor, known)
                }
            },
            None => (Factor::Constant(1.0), spans),
        };
        // `with supervisor`: the member's column as it stood on each
        // session's day (a session before a reallocation counts for the old
        // supervisor only).
        let supervisor_filter = f.with_supervisor.as_ref().map(|c| table.column_index(c));
        let counted = counted(ctx, rule, f, id, needs_minutes, supervisor_filter, &subject);
        if tracing {
            // The rows none of the activities counted, each once: one that
            // a second activity counts is in the list below.
            ctx.trace_uncounted(&f.activities);
            for c in &counted {
                let what = if needs_minutes {
                    format!(" ({})", format_minutes(c.minutes))
                } else {
                    String::new()
                };
                ctx.trace(
                    Some(c.occ.date),
                    format!("{} {} counts{what}", c.table, row_id(ctx, c)),
                );
            }
            if counted.is_empty() {
                ctx.trace(
                    None,
                    format!("no qualifying {activities} before the as-of date"),
                );
            }
        }
        let phased = phases(ctx, f, &subject, &spans);
        if let Some(alt) = &f.alternating {
            let member = alternation::Member {
                table,
                row,
                sym: id,
                reference: subject.reference(),
                tracing,
            };
            let applies = joined(phased.iter().flat_map(|(_, s, _)| s.iter().copied()));
            alternation::judge(ctx, rule, f, alt, &member, &applies, sink);
        }
        for (requirement, phase_spans, phase) in phased {
            if phase_spans.is_empty() {
                continue;
            }
            let qualifier = phase
                .map(|p| format!(" (while tenure is {p})"))
                .unwrap_or_default();
            match requirement {
                Requirement::Count { min, window, max } => {
                    if let Some(max) = max {
                        maxima::judge_maxima(
                            ctx,
                            sink,
                            &subject,
                            &phase_spans,
                            window,
                            *max,
                            &counted,
                            &activities,
                            &qualifier,
                        );
                    }
                    if *min == 0 {
                        if sink.recording() {
                            // A maximum alone is watched on every day the
                            // rule applies, as a gap is.
                            let about = subject.about.as_deref();
                            sink.judged_over(&subject.reference(), about, &phase_spans);
                        }
                        continue;
                    }
                    let share = Share {
                        base: f64::from(*min),
                        fte: &fte,
                        scale: None,
                    };
                    let what = Measure::Count {
                        activities: &activities,
                    };
                    judge_windows(
                        ctx,
                        f,
                        sink,
                        &subject,
                        &phase_spans,
                        window,
                        &share,
                        &what,
                        &counted,
                        &qualifier,
                    );
                }
                Requirement::Time {
                    min,
                    window,
                    scaled_by,
                } => {
                    let Some(per) = min.fixed_minutes() else {
                        continue;
                    };
                    let scale = match scaled_by {
                        Some(column) => {
                            match share::read(ctx, table, row, column, &phase_spans, judged_on) {
                                Read::Unknown { negative: true } => {
                                    ctx.note(Some(&rule.name), format!("not judged: `{column}` is negative, so the time required is unknown"), Some(subject.id.clone()));
                                    continue;
                                }
                                // A scale unknown on some days leaves the
                                // time required unknown in their windows:
                                // the member is not judged on it.
                                Read::Unknown { negative: false }
                                | Read::Known { skipped: true, .. } => {
                                    ctx.note(Some(&rule.name), format!("not judged: `{column}` is empty, so the time required is unknown"), Some(subject.id.clone()));
                                    continue;
                                }
                                Read::Known { factor, .. } => Some((column.as_str(), factor)),
                            }
                        }
                        None => None,
                    };
                    let share = Share {
                        base: per as f64,
                        fte: &fte,
                        scale: scale.as_ref().map(|(c, f)| (*c, f)),
                    };
                    let what = Measure::Time {
                        activities: &activities,
                        per,
                    };
                    judge_windows(
                        ctx,
                        f,
                        sink,
                        &subject,
                        &phase_spans,
                        window,
                        &share,
                        &what,
                        &counted,
                        &qualifier,
                    );
                }
                Requirement::Gap { max, min } => {
                    if sink.recording() {
                        // A gap is watched on every day the rule applies.
                        let about = subject.about.as_deref();
                        sink.judged_over(&subject.reference(), about, &phase_spans);
                    }
                    // The shortest gap and the longest, each judged and
                    // reported on its own.
                    let judges: [(Option<Duration>, gaps::Judge); 2] =
                        [(*min, judge_spacing), (*max, judge_gaps)];
                    for (bound, judge) in judges {
                        if let Some(bound) = bound {
                            judge(
                                ctx,
                                sink,
                                &subject,
                                &phase_spans,
                                bound,
                                &counted,
                                &activities,
                                &qualifier,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The days the windows and gaps judged in the period cover: from the start
/// of the earliest window ending in `[from, last]` (or `from`, for gaps: a
/// gap due before `from` is judged only if still open on it) to the end of
/// the last. `None` when no window has ended in the period yet (`per year`
/// judged from June to November) and the rule has no gap to judge.
fn days_judged(ctx: &Ctx, f: &Frequency) -> Option<Span> {
    let period = ctx.period;
    requirements(f)
        .into_iter()
        .filter_map(|r| match r {
            // A maximum is judged on every day, in a period still running
            // too, like a gap.
            Requirement::Count { min: 0, .. } | Requirement::Gap { .. } => {
                Some((period.from, period.last))
            }
            Requirement::Count { window, .. } | Requirement::Time { window, .. } => {
                let list = ctx.windows(window, period.from, period.last);
                let first = list.first()?;
                let last = list.last()?;
                Some((first.0.min(period.from), last.1))
            }
        })
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// The column of a subject table other than staff that names a staff member
/// (`worker` of `cases`), if the table has one and it was loaded.
fn staff_reference(ctx: &Ctx, f: &Frequency, table: &TableData) -> Option<usize> {
    if f.subject_table == schema::STAFF {
        return None;
    }
    let wanted = crate::policy::ColumnType::Ref(schema::STAFF.to_string());
    ctx.policy
        .tables
        .get(&f.subject_table)?
        .columns
        .iter()
        .filter(|c| c.ty == wanted)
        .find_map(|c| table.column_index(&c.name))
}

/// Why a rule none of whose windows has closed in the period judged no one.
fn not_closed_yet(ctx: &Ctx, f: &Frequency) -> String {
    let period = ctx.period;
    let first_end = requirements(f)
        .into_iter()
        .filter_map(|r| match r {
            Requirement::Count { min: 0, .. } => None,
            Requirement::Count { window, .. } | Requirement::Time { window, .. } => {
                let ahead = period.last.checked_add_days(chrono::Days::new(800))?;
                windows::windows(ctx, window, period.from, ahead)
                    .first()
                    .map(|w| (w.1, describe_window(window)))
            }
            Requirement::Gap { .. } => None,
        })
        .min();
    match first_end {
        Some((end, words)) => format!(
            "not judged: no window `{words}` has ended in the days judged yet (the first ends on {end})"
        ),
        None => "not judged: no window has ended in the days judged yet".to_string(),
    }
}

/// Spans in order, with those that touch or overlap made one: turns carry
/// over from one phase of a tenure schedule into the next.
fn joined(spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut all: Vec<Span> = spans.filter(|s| s.0 <= s.1).collect();
    all.sort();
    let mut out: Vec<Span> = Vec::new();
    for s in all {
        match out.last_mut() {
            Some(last) if last.1.succ_opt().is_some_and(|next| s.0 <= next) => {
                last.1 = last.1.max(s.1);
            }
            _ => out.push(s),
        }
    }
    out
}

fn requirements(f: &Frequency) -> Vec<&Requirement> {
    match &f.schedule {
        Schedule::Fixed { requirement } => vec![requirement],
        Schedule::ByTenure { phases } => phases.iter().map(|p| &p.requirement).collect(),
    }
}

/// The requirement in force on each span: one for a fixed schedule, one per
/// phase of a tenure schedule (the phase's tenure range, on the calendar).
fn phases<'f>(
    ctx: &Ctx,
    f: &'f Frequency,
    subject: &Subject,
    spans: &[Span],
) -> Vec<(&'f Requirement, Vec<Span>, Option<String>)> {
    match &f.schedule {
        Schedule::Fixed { requirement } => vec![(requirement, spans.to_vec(), None)],
        Schedule::ByTenure { phases } => {
            let start = ctx.value_named_on(
                subject.table,
                subject.row,
                schema::staff::START_DATE,
                ctx.period.last,
            );
            let Some(start) = ctx.day_of(start) else {
                return Vec::new();
            };
            phases
                .iter()
                .map(|p| {
                    let first = ctx.add_to_date(start, p.from);
                    let last = p
                        .until
                        .map(|u| {
                            ctx.add_to_date(start, u)
                                .pred_opt()
                                .unwrap_or(NaiveDate::MIN)
                        })
                        .unwrap_or(NaiveDate::MAX);
                    let label = match p.until {
                        Some(u) if p.from.is_zero() => format!("under {u}"),
                        Some(u) => format!("{} to {u}", p.from),
                        None => format!("{} or more", p.from),
                    };
                    if subject.tracing && first > ctx.period.last {
                        ctx.trace(
                            Some(first),
                            format!("phase `{label}` starts on {first}, after the period"),
                        );
                    } else if subject.tracing {
                        ctx.trace(
                            Some(first),
                            format!(
                                "phase `{label}` runs {}",
                                DateRange {
                                    start: first,
                                    end: last.min(ctx.period.last.max(first))
                                }
                            ),
                        );
                    }
                    (
                        &p.requirement,
                        windows::clip(spans, (first, last)),
                        Some(label),
                    )
                })
                .collect()
        }
    }
}

fn counted<'a>(
    ctx: &'a Ctx,
    rule: &Rule,
    f: &Frequency,
    subject: crate::records::Sym,
    needs_minutes: bool,
    supervisor_filter: Option<Option<usize>>,
    s: &Subject,
) -> Vec<Counted<'a>> {
    let mut out = Vec::new();
    // The columns read, found by name once per table, not once per row.
    let mut columns: Vec<(&str, Option<usize>, Option<usize>)> = Vec::new();
    for (occ, table_name) in ctx.occurrences(&f.activities, subject) {
        let Some(table) = ctx.table(table_name) else {
            continue;
        };
        let (supervisor_column, duration_column) =
            match columns.iter().find(|(t, _, _)| *t == table_name) {
                Some((_, s, d)) => (*s, *d),
                None => {
                    let found = (
                        table.column_index(schema::sessions::SUPERVISOR),
                        table.column_index(schema::sessions::DURATION),
                    );
                    columns.push((table_name, found.0, found.1));
                    found
                }
            };
        let at = |column: Option<usize>| {
            column.map_or(Value::Null, |c| {
                ctx.value_on(table, row_of(occ), c, occ.date)
            })
        };
        let row = occ.row as usize;
        if let Some(member_column) = supervisor_filter {
            let wanted =
                member_column.map_or(Value::Null, |c| ctx.value_on(s.table, s.row, c, occ.date));
            let held_by = at(supervisor_column);
            if wanted.is_null() || held_by != wanted {
                if s.tracing {
                    ctx.trace(
                        Some(occ.date),
                        format!(
                            "{table_name} {} does not count: not with the `{}`",
                            ctx.row_id(table, row),
                            f.with_supervisor.as_deref().unwrap_or("")
                        ),
                    );
                }
                continue;
            }
        }
        let minutes = if needs_minutes {
            match at(duration_column) {
                Value::Minutes(m) => m,
                _ => {
                    ctx.note(
                        Some(&rule.name),
                        format!("`{table_name}` rows with no `duration` count as no time"),
                        Some(ctx.row_id(table, row)),
                    );
                    0
                }
            }
        } else {
            0
        };
        out.push(Counted {
            occ,
            table: table_name,
            minutes,
        });
    }
    out
}

fn row_of(occ: Occurrence) -> usize {
    occ.row as usize
}

fn row_id(ctx: &Ctx, c: &Counted) -> String {
    ctx.table(c.table)
        .map(|t| ctx.row_id(t, c.occ.row as usize))
        .unwrap_or_default()
}

enum Measure<'a> {
    Count { activities: &'a str },
    Time { activities: &'a str, per: i64 },
}

impl Measure<'_> {
    fn describe(&self, amount: f64) -> String {
        match self {
            Measure::Count { activities } => {
                format!("at least {} {activities}", format_number(amount))
            }
            Measure::Time { activities, .. } => {
                format!("at least {} of {activities}", format_minutes(amount as i64))
            }
        }
    }

    fn show(&self, amount: f64) -> String {
        match self {
            Measure::Count { .. } => format_number(amount),
            Measure::Time { .. } => format_minutes(amount as i64),
        }
    }
}

/// Days of `spans` inside `window`, and what the rows on them add up to.
fn measure_quick(counted: &[Counted], spans: &[Span], window: Span, time: bool) -> (i64, f64) {
    let (mut covered, mut total) = (0, 0.0);
    for span in spans {
        let Some(part) = windows::intersect(*span, window) else {
            continue;
        };
        covered += windows::days(part);
        let lo = counted.partition_point(|c| c.occ.date < part.0);
        let hi = counted.partition_point(|c| c.occ.date <= part.1);
        if time {
            total += counted
                .get(lo..hi)
                .unwrap_or(&[])
                .iter()
                .map(|c| c.minutes as f64)
                .sum::<f64>();
        } else {
            total += hi.saturating_sub(lo) as f64;
        }
    }
    (covered, total)
}

/// What the rows in `parts` add up to, and which rows they are.
fn measure_in(counted: &[Counted], parts: &[Span], time: bool) -> (f64, Vec<usize>) {
    let mut total = 0.0;
    let mut rows = Vec::new();
    for part in parts {
        let lo = counted.partition_point(|c| c.occ.date < part.0);
        let hi = counted.partition_point(|c| c.occ.date <= part.1);
        for (i, c) in counted.iter().enumerate().take(hi).skip(lo) {
            total += if time { c.minutes as f64 } else { 1.0 };
            rows.push(i);
        }
    }
    (total, rows)
}

#[allow(clippy::too_many_arguments)]
fn judge_windows(
    ctx: &Ctx,
    f: &Frequency,
    sink: &mut Sink,
    subject: &Subject,
    spans: &[Span],
    window: &Window,
    share: &Share,
    what: &Measure,
    counted: &[Counted],
    qualifier: &str,
) {
    let period = ctx.period;
    let time = matches!(what, Measure::Time { .. });
    let rolling = matches!(window, Window::Rolling { .. });
    let window_words = describe_window(window);
    let mut failing: Vec<(Span, f64, f64, i64, Vec<usize>)> = Vec::new();
    let recorded = sink.recording().then(|| subject.reference());
    for &w in ctx.windows(window, period.from, period.last).iter() {
        // Most windows are met: measure them without allocating, and list
        // the rows only for those that fail.
        let (covered, actual) = measure_quick(counted, spans, w, time);
        let full = share
            .constant()
            .unwrap_or_else(|| share.full(&windows::clip(spans, w)));
        let Some(required) = windows::required(full, covered, windows::days(w), f.partial_windows)
        else {
            continue;
        };
        if required <= 0.0 {
            continue;
        }
        if let Some(me) = &recorded {
            // A window is judged on its last day.
            sink.judged_on(me, subject.about.as_deref(), w.1);
        }
        let rows = if actual < required {
            measure_in(counted, &windows::clip(spans, w), time).1
        } else {
            Vec::new()
        };
        if subject.tracing && !rolling {
            let verdict = if actual >= required { "met" } else { "NOT met" };
            ctx.trace(
                Some(w.1),
                format!(
                    "window {}: {} required, {} found: {verdict}",
                    DateRange {
                        start: w.0,
                        end: w.1
                    },
                    what.show(required),
                    what.show(actual)
                ),
            );
        }
        if actual < required {
            failing.push((w, required, actual, covered, rows));
        }
    }
    let explain = |w: Span, required: f64, covered: i64| -> String {
        let mut notes = Vec::new();
        let window_days = windows::days(w);
        if covered < window_days {
            notes.push(format!(
                "prorated: the rule applied on {covered} of the window's {window_days} days"
            ));
        }
        let parts = windows::clip(spans, w);
        if let Some(text) = share.describe_fte(&parts) {
            notes.push(text);
        }
        if let (Some((column, n)), Measure::Time { per, .. }) = (share.describe_scale(&parts), what)
        {
            notes.push(format!("{} × {column} {n}", format_minutes(*per)));
        }
        if let Some(c) = &f.with_supervisor {
            notes.push(format!("with the `{c}`"));
        }
        let mut text = format!("{} {window_words}{qualifier}", what.describe(required));
        if !notes.is_empty() {
            text.push_str(&format!(" ({})", notes.join("; ")));
        }
        text
    };
    let evidence = |rows: &[usize]| -> Vec<Ref> {
        rows.iter()
            .filter_map(|i| counted.get(*i))
            .map(|c| {
                Ref::new(
                    c.table,
                    &ctx.table(c.table)
                        .map(|t| ctx.row_id(t, c.occ.row as usize))
                        .unwrap_or_default(),
                )
            })
            .collect()
    };
    // A failing window as a finding; `actual` says what was found in it.
    let breach = |w: Span, required: f64, covered: i64, actual: String, rows: &[usize]| Draft {
        status: Status::Breach,
        subject: subject.reference(),
        related: Vec::new(),
        window: Some(DateRange {
            start: w.0,
            end: w.1,
        }),
        due: None,
        expected: explain(w, required, covered),
        actual,
        evidence: evidence(rows),
        date: w.1,
    };
    if rolling {
        // Each window is judged on its own, so a waiver covers the windows it
        // is in force for, and no others: report the worst window no waiver
        // covers. When waivers cover them all, the worst one stands for them
        // (and `waivers::apply` finds the waiver that covers it).
        let waived = |w: Span| {
            subject.waivers.iter().any(|(granted, expires)| {
                granted.is_none_or(|g| g <= w.0) && expires.is_none_or(|e| e >= w.1)
            })
        };
        let open: Vec<&(Span, f64, f64, i64, Vec<usize>)> =
            failing.iter().filter(|f| !waived(f.0)).collect();
        let pool: Vec<&(Span, f64, f64, i64, Vec<usize>)> = if open.is_empty() {
            failing.iter().collect()
        } else {
            open.clone()
        };
        if let Some((w, required, actual, covered, rows)) = pool
            .iter()
            .copied()
            .max_by(|a, b| {
                (a.1 - a.2)
                    .total_cmp(&(b.1 - b.2))
                    .then_with(|| b.0 .1.cmp(&a.0 .1))
            })
            .cloned()
        {
            let (first, last) = (
                failing.first().map(|f| f.0 .1),
                failing.last().map(|f| f.0 .1),
            );
            let mut spread = match (first, last) {
                (Some(a), Some(b)) if failing.len() > 1 => {
                    format!("; {} windows fail, ending {} to {}", failing.len(), a, b)
                }
                _ => String::new(),
            };
            let waived_windows = failing.len() - open.len();
            if !open.is_empty() && waived_windows > 0 {
                spread.push_str(&format!(", {waived_windows} of them covered by a waiver"));
            }
            if subject.tracing {
                ctx.trace(
                    Some(w.1),
                    format!(
                        "worst window {}: {} required, {} found{spread}",
                        DateRange {
                            start: w.0,
                            end: w.1
                        },
                        what.show(required),
                        what.show(actual)
                    ),
                );
            }
            // With windows no waiver covers, the finding stands for all of
            // them: a waiver must be in force from the first day of the first
            // to the last day of the last (none is, by the choice above).
            // With none, it stands for its own window.
            let span = if open.is_empty() {
                Some(DateRange {
                    start: w.0,
                    end: w.1,
                })
            } else {
                open.first().zip(open.last()).map(|(a, b)| DateRange {
                    start: a.0 .0,
                    end: b.0 .1,
                })
            };
            sink.push_spanning(
                breach(
                    w,
                    required,
                    covered,
                    format!("{} in the worst window{spread}", what.show(actual)),
                    &rows,
                ),
                span,
            );
        } else if subject.tracing {
            ctx.trace(
                None,
                format!(
                    "every window {window_words} ending {} to {} is met",
                    period.from, period.last
                ),
            );
        }
    } else {
        for (w, required, actual, covered, rows) in &failing {
            // The shortfall is the whole window's: a waiver must cover all of it.
            let span = Some(DateRange {
                start: w.0,
                end: w.1,
            });
            sink.push_spanning(
                breach(*w, *required, *covered, what.show(*actual), rows),
                span,
            );
        }
    }
    // Due soon: windows ending in the horizon that are not met yet.
    let Some(horizon) = period.horizon else {
        return;
    };
    let ongoing_breach = rolling && failing_last(&failing, period.last);
    for &w in ctx.windows(window, period.as_of, horizon).iter() {
        let parts = windows::clip(spans, w);
        let covered: i64 = parts.iter().map(|p| windows::days(*p)).sum();
        let full = share.full(&parts);
        let Some(required) = windows::required(full, covered, windows::days(w), f.partial_windows)
        else {
            continue;
        };
        if required <= 0.0 {
            continue;
        }
        let (actual, rows) = measure_in(counted, &parts, time);
        if actual >= required || ongoing_breach {
            continue;
        }
        sink.push(Draft {
            status: Status::Pending,
            subject: subject.reference(),
            related: Vec::new(),
            window: Some(DateRange {
                start: w.0,
                end: w.1,
            }),
            due: Some(w.1.to_string()),
            expected: explain(w, required, covered),
            actual: format!("{} so far", what.show(actual)),
            evidence: evidence(&rows),
            date: w.1,
        });
        if rolling {
            // The first rolling window to fail is the one to act on.
            break;
        }
    }
}

fn failing_last(failing: &[(Span, f64, f64, i64, Vec<usize>)], last: NaiveDate) -> bool {
    failing.last().is_some_and(|f| f.0 .1 == last)
}

fn describe_window(window: &Window) -> String {
    match window {
        Window::Calendar { period } => {
            let name = match period {
                crate::policy::CalendarPeriod::Week => "week",
                crate::policy::CalendarPeriod::Fortnight => "fortnight",
                crate::policy::CalendarPeriod::Month => "month",
                crate::policy::CalendarPeriod::Quarter => "quarter",
                crate::policy::CalendarPeriod::Year => "year",
                crate::policy::CalendarPeriod::FinancialYear => "financial year",
                crate::policy::CalendarPeriod::AcademicYear => "academic year",
            };
            format!("per {name}")
        }
        Window::Rolling { length } => format!("in any {length}"),
        Window::Periods { calendar } => format!("in each {calendar}"),
    }
}

fn trace_spans(ctx: &Ctx, group: &str, spans: &[Span]) {
    if spans.is_empty() {
        ctx.trace(
            None,
            format!("never in `{group}` (or the rule is overridden) while employed"),
        );
    }
    for s in spans {
        let end = if s.1 == NaiveDate::MAX {
            "onwards".to_string()
        } else {
            format!("to {}", s.1)
        };
        ctx.trace(
            Some(s.0),
            format!("the rule applies (in `{group}`) from {} {end}", s.0),
        );
    }
}
