//! Frequency rules: how often an activity must happen for each member of a
//! group. Counts and times per window (calendar, rolling, declared
//! periods), the longest gap allowed (`every N`), phases by tenure, pro
//! rata and partial windows.
//!
//! This file finds who is judged, over which days and against which
//! requirement; `windowed` judges counts and times window by window, `gaps`
//! the longest gap, and `share` pro rata and partial windows.

use chrono::NaiveDate;

use super::alternation;
use super::context::{Ctx, Occurrence};
use super::schema;
use super::windows::{self, Span};
use super::{plural, waivers, DateRange, Draft, Ref, Sink, Status};
use crate::diagnostic::Code;
use crate::policy::{Duration, Frequency, Requirement, Rule, Schedule, Window};
use crate::records::{format_minutes, format_number, TableData, Value};

mod gaps;
mod maxima;
mod occurrences;
mod share;
mod windowed;
pub use windowed::set_window_shortcut;

use gaps::{judge_gaps, judge_spacing};
use occurrences::judge_occurrences;
use share::{Factor, Read, Share};
use windowed::{
    describe_window, judge_windows, measure_in, row_id, row_of, trace_spans, window_breach, Measure,
};

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
        ctx.note(
            Code::EvalNoWindowEnded,
            Some(&rule.name),
            reason.clone(),
            None,
        );
        sink.not_judged = Some(reason);
    }
    // The rule's groups, looked up once for every row.
    let applicable = ctx.applicable(&rule.name, &f.group);
    for row in 0..table.len() {
        let Some((id, id_text, tracing)) = ctx.subject_to_judge(table, row) else {
            continue;
        };
        let lifetime = ctx.lifetime(table, row);
        let spans = ctx.applicable_spans_of(&applicable, table, row, lifetime.0, hi, lifetime);
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
                    ctx.note(Code::EvalNegativeValue, Some(&rule.name), format!("not judged: `{column}` is negative, so the requirement cannot be pro-rated"), Some(subject.id.clone()));
                    continue;
                }
                Read::Unknown { negative: false } => {
                    ctx.note(Code::EvalEmptyValue, Some(&rule.name), format!("not judged: `{column}` is empty, so the requirement cannot be pro-rated"), Some(subject.id.clone()));
                    continue;
                }
                Read::Known { factor, skipped } => {
                    if skipped {
                        ctx.note(
                            Code::EvalSomeDaysNotJudged,
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
            // This phase's windows judged: counts and times differ only in
            // the window, the share required and what is measured.
            let in_windows = |sink: &mut Sink, window: &Window, share: &Share, what: &Measure| {
                judge_windows(
                    ctx,
                    f,
                    sink,
                    &subject,
                    &phase_spans,
                    window,
                    share,
                    what,
                    &counted,
                    &qualifier,
                );
            };
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
                    in_windows(sink, window, &share, &what);
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
                                    ctx.note(Code::EvalNegativeValue, Some(&rule.name), format!("not judged: `{column}` is negative, so the time required is unknown"), Some(subject.id.clone()));
                                    continue;
                                }
                                // A scale unknown on some days leaves the
                                // time required unknown in their windows:
                                // the member is not judged on it.
                                Read::Unknown { negative: false }
                                | Read::Known { skipped: true, .. } => {
                                    ctx.note(Code::EvalEmptyValue, Some(&rule.name), format!("not judged: `{column}` is empty, so the time required is unknown"), Some(subject.id.clone()));
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
                    in_windows(sink, window, &share, &what);
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
                Requirement::Occurrences { count, of } => {
                    if sink.recording() {
                        let about = subject.about.as_deref();
                        sink.judged_over(&subject.reference(), about, &phase_spans);
                    }
                    judge_occurrences(
                        ctx,
                        sink,
                        &subject,
                        &phase_spans,
                        *count,
                        of,
                        &counted,
                        &activities,
                        &qualifier,
                    )
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
            Requirement::Count { min: 0, .. }
            | Requirement::Gap { .. }
            | Requirement::Occurrences { .. } => Some((period.from, period.last)),
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
            Requirement::Gap { .. } | Requirement::Occurrences { .. } => None,
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
    // One activity's rows are read from its index as they stand (already
    // in order, each once), without copying them into a list first: most
    // rules count one activity, and this is done for every member.
    let single = match f.activities.as_slice() {
        [name] => Some((
            ctx.activity(name).of(subject),
            ctx.policy
                .activities
                .get(name)
                .map_or("", |a| a.table.as_str()),
        )),
        _ => None,
    };
    let merged = match single {
        Some(_) => Vec::new(),
        None => ctx.occurrences(&f.activities, subject),
    };
    let occurrences = single
        .into_iter()
        .flat_map(|(list, table)| list.iter().map(move |o| (*o, table)))
        .chain(merged.iter().copied());
    // Most rows count: room for all of them at once.
    let mut out = Vec::with_capacity(single.map_or(merged.len(), |(list, _)| list.len()));
    // The table and the columns read, found by name once per table, not
    // once per row. Every row of an activity carries the same name (the
    // policy's), so the address says it is the same before the text does.
    let mut columns: Vec<(&str, &TableData, Option<usize>, Option<usize>)> = Vec::new();
    for (occ, table_name) in occurrences {
        let same = |t: &&str| std::ptr::eq(*t, table_name) || *t == table_name;
        let (table, supervisor_column, duration_column) =
            match columns.iter().find(|(t, ..)| same(t)) {
                Some(&(_, table, s, d)) => (table, s, d),
                None => {
                    let Some(table) = ctx.table(table_name) else {
                        continue;
                    };
                    let found = (
                        table,
                        table.column_index(schema::sessions::SUPERVISOR),
                        table.column_index(schema::sessions::DURATION),
                    );
                    columns.push((table_name, found.0, found.1, found.2));
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
                        Code::EvalNoDuration,
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
