//! `at most N WINDOW`: the most qualifying rows a window may hold, and
//! `at least D apart`: the shortest time allowed between two of them.

use super::*;

/// `at most N WINDOW`. A calendar or declared period holding more than N
/// rows on days the rule applies is one finding, dated its last day (or the
/// as-of date, for a period still running). In a rolling window each row
/// that makes more than N within one window's length of the rows before it
/// is a finding of its own, dated that row. The maximum is never pro-rated:
/// a part-timer may have as many as anyone.
#[allow(
    clippy::too_many_arguments,
    reason = "the judge takes the same context as its sibling judges in frequency/"
)]
pub(super) fn judge_maxima(
    ctx: &Ctx,
    sink: &mut Sink,
    subject: &Subject,
    spans: &[Span],
    window: &Window,
    max: u32,
    counted: &[Counted],
    activities: &str,
    qualifier: &str,
) {
    let period = ctx.period;
    let window_words = describe_window(window);
    let expected = format!("at most {max} {activities} {window_words}{qualifier}");
    // Rows after the as-of date are bookings, not sessions held.
    let held: Vec<Counted> = counted
        .iter()
        .copied()
        .filter(|c| c.occ.date <= period.last)
        .collect();
    let reference = |c: &Counted| Ref::new(c.table, &row_id(ctx, c));
    let limit = max as usize;
    if let Window::Rolling { length } = window {
        for (j, c) in held.iter().enumerate() {
            let judged = c.occ.date >= period.from
                && spans.iter().any(|s| s.0 <= c.occ.date && c.occ.date <= s.1);
            let Some(first) = j.checked_sub(limit).and_then(|i| held.get(i)) else {
                continue;
            };
            // The window of `length` starting on the earlier row's day
            // ends the day before `first + length`.
            if !judged || c.occ.date >= ctx.add_to_date(first.occ.date, *length) {
                continue;
            }
            let rows = held.get(j - limit..=j).unwrap_or(&[]);
            if subject.tracing {
                ctx.trace(
                    Some(c.occ.date),
                    format!(
                        "{} {}: {} within {length} of {}",
                        c.table,
                        row_id(ctx, c),
                        plural((limit + 1) as f64, "session", "sessions"),
                        first.occ.date
                    ),
                );
            }
            sink.push(window_breach(
                subject,
                (first.occ.date, c.occ.date),
                expected.clone(),
                format!("{} from {} to {}", limit + 1, first.occ.date, c.occ.date),
                rows.iter().map(reference).collect(),
                c.occ.date,
            ));
        }
        return;
    }
    let ahead = period
        .last
        .checked_add_days(chrono::Days::new(800))
        .unwrap_or(period.last);
    for &w in ctx.windows(window, period.from, ahead).iter() {
        // A period still running on the as-of date is judged on what it
        // holds so far: a maximum, once passed, stays passed.
        if w.0 > period.last {
            break;
        }
        let parts = windows::clip(spans, w);
        if parts.is_empty() {
            continue;
        }
        let (total, rows) = measure_in(&held, &parts, false);
        let found = rows.len();
        if subject.tracing {
            let verdict = if found > limit { "NOT met" } else { "met" };
            ctx.trace(
                Some(w.1.min(period.last)),
                format!(
                    "window {}: at most {max} allowed, {} found: {verdict}",
                    DateRange {
                        start: w.0,
                        end: w.1
                    },
                    format_number(total)
                ),
            );
        }
        if found <= limit {
            continue;
        }
        let end = w.1.min(period.last);
        sink.push_spanning(
            window_breach(
                subject,
                w,
                expected.clone(),
                format_number(total),
                rows.iter()
                    .filter_map(|i| held.get(*i))
                    .map(reference)
                    .collect(),
                end,
            ),
            Some(DateRange {
                start: w.0,
                end: w.1,
            }),
        );
    }
}
