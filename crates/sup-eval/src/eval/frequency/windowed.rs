//! Counts and times judged window by window: what each window holds, how
//! much it needs once pro rata and partial windows are applied, and the
//! finding for a window that falls short.

use super::*;
use chrono::Datelike;
use std::sync::atomic::{AtomicBool, Ordering};

pub(super) fn row_of(occ: Occurrence) -> usize {
    occ.row as usize
}

pub(super) fn row_id(ctx: &Ctx, c: &Counted) -> String {
    ctx.table(c.table)
        .map(|t| ctx.row_id(t, c.occ.row as usize))
        .unwrap_or_default()
}

/// A breach found in window `w` (or between two dated rows), dated `date`.
pub(super) fn window_breach(
    subject: &Subject,
    w: Span,
    expected: String,
    actual: String,
    evidence: Vec<Ref>,
    date: NaiveDate,
) -> Draft {
    Draft {
        status: Status::Breach,
        subject: subject.reference(),
        related: Vec::new(),
        window: Some(DateRange {
            start: w.0,
            end: w.1,
        }),
        due: None,
        expected,
        actual,
        evidence,
        date,
    }
}

pub(super) enum Measure<'a> {
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

/// Measures the windows of one subject, in order, without listing rows:
/// days of `spans` inside each window, and what the rows on them add up to.
///
/// Windows come in order of their days, so the rows inside each span's part
/// of a window start and end at or after where they did for the window
/// before: each bound slides forward from its last place, where searching
/// the whole list again for every window (a rolling window ends on every
/// day of the year) would cost a binary search per bound. A bound that
/// would move back (a calendar's periods out of order) is searched for.
struct Measurer<'c> {
    counted: &'c [Counted<'c>],
    /// The minutes of the rows before each index, for time requirements
    /// (whole minutes, so the difference of two is exact as a float, and
    /// the same as adding the rows between them up).
    before: Vec<i64>,
    /// Per span, the first row on or after its part's first day and the
    /// first row after its last day, in the window measured last.
    bounds: Vec<(usize, usize)>,
}

impl<'c> Measurer<'c> {
    fn new(counted: &'c [Counted<'c>], spans: usize, time: bool) -> Self {
        let before = if time {
            std::iter::once(0)
                .chain(counted.iter().scan(0i64, |sum, c| {
                    *sum = sum.saturating_add(c.minutes);
                    Some(*sum)
                }))
                .collect()
        } else {
            Vec::new()
        };
        Measurer {
            counted,
            before,
            bounds: vec![(0, 0); spans],
        }
    }

    /// The covered days and the total of `window` (as [`measure_in`] would
    /// count them over the window's parts).
    fn measure(&mut self, spans: &[Span], window: Span) -> (i64, f64) {
        let (mut covered, mut total) = (0, 0.0);
        for (span, bounds) in spans.iter().zip(self.bounds.iter_mut()) {
            let Some(part) = windows::intersect(*span, window) else {
                continue;
            };
            covered += windows::days(part);
            let lo = slide(self.counted, bounds.0, |c| c.occ.date < part.0);
            let hi = slide(self.counted, bounds.1.max(lo), |c| c.occ.date <= part.1);
            *bounds = (lo, hi);
            if self.before.is_empty() {
                total += hi.saturating_sub(lo) as f64;
            } else {
                let sum = |i: usize| self.before.get(i).copied().unwrap_or(0);
                total += sum(hi).saturating_sub(sum(lo)) as f64;
            }
        }
        (covered, total)
    }
}

/// Whether met rolling windows may be passed over without measuring them
/// ([`MetUntil`]); off only to compare with and without it in tests
/// ([`set_window_shortcut`]).
static SHORTCUT: AtomicBool = AtomicBool::new(true);

/// Measure every rolling window (`false`) or pass over those that cannot
/// fail (`true`, the default). The findings and judgements are the same
/// either way; tests compare the two.
#[doc(hidden)]
pub fn set_window_shortcut(on: bool) {
    SHORTCUT.store(on, Ordering::Relaxed);
}

/// Later rolling windows that are met because an earlier one was, with
/// rows to spare.
///
/// Take a met count window `w` that lies inside one span (the rule applied
/// on every day of it) under a constant share (the same requirement
/// whatever the days), holding `a` rows against `r` required. A later
/// window `v` with `w`'s start ≤ `v`'s start, `w`'s end ≤ `v`'s end, and `v`
/// inside the same span, also needs `r` (it too is covered whole), and
/// holds every row of `w` on or after `v`'s start. So while `v` starts no
/// later than the day of `w`'s `(a - r + 1)`-th row, it holds at least `r`
/// rows and is met: measuring it would change nothing, and a met window
/// adds nothing to the findings. A rolling window ends on every day of
/// the year, and most are met, so most are passed over.
#[derive(Clone, Copy)]
struct MetUntil {
    /// The met window measured.
    base: Span,
    /// The latest start day of a later window known to be met.
    last_start: NaiveDate,
    /// The end of the span the met window lies in.
    span_end: NaiveDate,
}

impl MetUntil {
    /// After a met window `w` with `spare` rows more than required.
    fn after(
        counted: &[Counted],
        spans: &[Span],
        w: Span,
        spare: f64,
        share: f64,
    ) -> Option<MetUntil> {
        // A share of no rows (or not a number) is left to the measure.
        let usable = share > 0.0 && spare >= 0.0;
        if !usable {
            return None;
        }
        let span = spans.iter().find(|s| s.0 <= w.0 && w.1 <= s.1)?;
        let first = counted.partition_point(|c| c.occ.date < w.0);
        // `spare` is a whole number of rows: the count and the required
        // number are both whole.
        let row = counted.get(first + spare as usize)?;
        (row.occ.date <= w.1).then_some(MetUntil {
            base: w,
            last_start: row.occ.date,
            span_end: span.1,
        })
    }

    /// Whether later window `v` is known to be met. Rolling windows come
    /// with their first and last days each in order, so the windows after
    /// `base` it covers are one run: the conditions on the first and last
    /// days that hold of `base` keep holding, and the other two, once
    /// broken, stay broken.
    fn covers(&self, v: Span) -> bool {
        self.base.0 <= v.0 && v.0 <= self.last_start && self.base.1 <= v.1 && v.1 <= self.span_end
    }
}

/// The first index of `counted` whose row does not satisfy `before` (which
/// holds for a prefix of the list), looked for from `from` onwards; searched
/// for in the whole list if it lies before `from`.
fn slide(counted: &[Counted], from: usize, before: impl Fn(&Counted) -> bool) -> usize {
    let behind = from > 0 && counted.get(from - 1).is_some_and(|c| !before(c));
    if behind {
        return counted.partition_point(before);
    }
    let mut i = from;
    while counted.get(i).is_some_and(&before) {
        i += 1;
    }
    i
}

/// What the rows in `parts` add up to, and which rows they are.
pub(super) fn measure_in(counted: &[Counted], parts: &[Span], time: bool) -> (f64, Vec<usize>) {
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

#[allow(
    clippy::too_many_arguments,
    reason = "the subject's judged spans and counted rows, passed as they are built by the frequency judge"
)]
pub(super) fn judge_windows(
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
    let mut failing: Vec<(Span, f64, f64, i64, Vec<usize>)> = Vec::new();
    let recorded = sink.recording().then(|| subject.reference());
    let mut measurer = Measurer::new(counted, spans.len(), time);
    // The month of the last window judged on, while recording.
    let mut said_in: Option<(i32, u32)> = None;
    // Rolling windows already known to be met (see `MetUntil`).
    let mut met: Option<MetUntil> = None;
    let shortcut = rolling && !time && SHORTCUT.load(Ordering::Relaxed);
    let list = ctx.windows(window, period.from, period.last);
    let mut next = 0;
    while let Some(&w) = list.get(next) {
        next += 1;
        if let Some(m) = met.filter(|m| m.covers(w)) {
            if recorded.is_none() {
                // The windows a met one covers come one after another
                // (`MetUntil::covers`): pass over them all at once.
                next += list
                    .get(next..)
                    .map_or(0, |rest| rest.partition_point(|v| m.covers(*v)));
                continue;
            }
            if let Some(me) = &recorded {
                let month = (w.1.year(), w.1.month());
                if said_in != Some(month) {
                    sink.judged_on(me, subject.about.as_deref(), w.1);
                    said_in = Some(month);
                }
            }
            continue;
        }
        // Most windows are met: measure them without allocating, and list
        // the rows only for those that fail.
        let (covered, actual) = measurer.measure(spans, w);
        let full = share
            .constant()
            .unwrap_or_else(|| share.full(&windows::clip(spans, w)));
        let window_days = windows::days(w);
        let Some(required) = windows::required(full, covered, window_days, f.partial_windows)
        else {
            continue;
        };
        if required <= 0.0 {
            continue;
        }
        if let Some(me) = &recorded {
            // A window is judged on its last day, and judgements of one
            // subject in one month are one (`Sink::judged_on`): a rolling
            // window ends on every day, so say so once a month, not daily.
            let month = (w.1.year(), w.1.month());
            if said_in != Some(month) {
                sink.judged_on(me, subject.about.as_deref(), w.1);
                said_in = Some(month);
            }
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
        } else if shortcut && covered >= window_days {
            if let Some(constant) = share.constant() {
                met = MetUntil::after(counted, spans, w, actual - required, constant);
            }
        }
    }
    // The column the share is read from, as the policy labels it.
    let share_column = f.pro_rata.as_deref().map_or_else(
        || "fte".to_string(),
        |c| ctx.policy.column_named(&f.subject_table, c),
    );
    let explain = |w: Span, required: f64, covered: i64| -> String {
        let mut notes = Vec::new();
        let window_days = windows::days(w);
        if covered < window_days {
            notes.push(format!(
                "prorated: the rule applied on {covered} of the window's {window_days} days"
            ));
        }
        let parts = windows::clip(spans, w);
        if let Some(text) = share.describe_fte(&parts, &share_column) {
            notes.push(text);
        }
        if let (Some((column, n)), Measure::Time { per, .. }) = (share.describe_scale(&parts), what)
        {
            notes.push(format!("{} × {column} {n}", format_minutes(*per)));
        }
        if let Some(c) = &f.with_supervisor {
            notes.push(format!("with the `{c}`"));
        }
        // The window's words are only wanted for a finding: most subjects
        // have none, so they are not written out for every subject.
        let window_words = describe_window(window);
        let mut text = format!("{} {window_words}{qualifier}", what.describe(required));
        if !notes.is_empty() {
            text.push_str(&format!(" ({})", notes.join("; ")));
        }
        text
    };
    let evidence = |rows: &[usize]| -> Vec<Ref> {
        rows.iter()
            .filter_map(|i| counted.get(*i))
            .map(|c| Ref::new(c.table, &row_id(ctx, c)))
            .collect()
    };
    // A failing window as a finding; `actual` says what was found in it.
    let breach = |w: Span, required: f64, covered: i64, actual: String, rows: &[usize]| {
        let expected = explain(w, required, covered);
        window_breach(subject, w, expected, actual, evidence(rows), w.1)
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
                    "every window {} ending {} to {} is met",
                    describe_window(window),
                    period.from,
                    period.last
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

pub(super) fn describe_window(window: &Window) -> String {
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

pub(super) fn trace_spans(ctx: &Ctx, group: &str, spans: &[Span]) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, day).unwrap()
    }

    /// What the rows of `window` add up to, by searching the whole list.
    fn searched(counted: &[Counted], spans: &[Span], window: Span) -> (i64, f64) {
        let (mut covered, mut total) = (0, 0.0);
        for part in spans.iter().filter_map(|s| windows::intersect(*s, window)) {
            covered += windows::days(part);
            let lo = counted.partition_point(|c| c.occ.date < part.0);
            let hi = counted.partition_point(|c| c.occ.date <= part.1);
            total += counted[lo..hi]
                .iter()
                .map(|c| c.minutes as f64)
                .sum::<f64>();
        }
        (covered, total)
    }

    #[test]
    fn sliding_bounds_measure_what_searching_does_in_any_window_order() {
        // Two rows on the 5th, none on the 6th to the 9th, one on the last
        // day of the first span and one on the first of the second.
        let rows = [(5, 30), (5, 45), (10, 60), (12, 15), (20, 90), (31, 10)];
        let counted: Vec<Counted> = rows
            .iter()
            .enumerate()
            .map(|(i, &(day, minutes))| Counted {
                occ: Occurrence::new(d(day), None, i as u32),
                table: "sessions",
                minutes,
            })
            .collect();
        let spans = [(d(3), d(10)), (d(12), d(25))];
        // Rolling windows of a week in order, then windows that move back
        // (a calendar's periods need not come in order) and one with no row.
        let mut windows: Vec<Span> = (1..=25).map(|e| (d(e), d(e + 6))).collect();
        windows.extend([(d(1), d(31)), (d(4), d(5)), (d(6), d(9)), (d(12), d(12))]);
        for time in [false, true] {
            let mut measurer = Measurer::new(&counted, spans.len(), time);
            for &w in &windows {
                let (covered, total) = measurer.measure(&spans, w);
                let (want_covered, want_minutes) = searched(&counted, &spans, w);
                assert_eq!(covered, want_covered, "{w:?}");
                if time {
                    assert_eq!(total, want_minutes, "{w:?}");
                } else {
                    let lo_hi = |p: Span| {
                        counted.partition_point(|c| c.occ.date < p.0)
                            ..counted.partition_point(|c| c.occ.date <= p.1)
                    };
                    let want: usize = spans
                        .iter()
                        .filter_map(|s| windows::intersect(*s, w))
                        .map(|p| lo_hi(p).len())
                        .sum();
                    assert_eq!(total, want as f64, "{w:?}");
                }
            }
        }
        // Pinned: the week ending on the 11th holds the two rows of the 5th
        // and the one of the 10th (the 11th is in no span).
        let mut measurer = Measurer::new(&counted, spans.len(), true);
        assert_eq!(measurer.measure(&spans, (d(5), d(11))), (6, 135.0));
        assert_eq!(measurer.measure(&spans, (d(26), d(31))), (0, 0.0));
    }
}
