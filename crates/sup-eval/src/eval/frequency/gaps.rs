//! `every N`: the longest gap allowed between qualifying rows of a
//! frequency rule, from the day the rule starts to apply.

use super::*;

/// A judge of one bound of a gap: [`judge_gaps`] or [`judge_spacing`].
pub(super) type Judge = for<'a, 'b, 'c, 'd, 'e, 'f> fn(
    &'a Ctx,
    &'b mut Sink,
    &'c Subject,
    &'d [Span],
    Duration,
    &'e [Counted<'f>],
    &str,
    &str,
);

/// `every N`: no gap longer than N between the moment the rule starts to
/// apply (or the last qualifying row) and the next qualifying row.
#[allow(
    clippy::too_many_arguments,
    reason = "the subject's judged spans and counted rows, passed as they are built by the frequency judge"
)]
pub(super) fn judge_gaps(
    ctx: &Ctx,
    sink: &mut Sink,
    subject: &Subject,
    spans: &[Span],
    max: Duration,
    counted: &[Counted],
    activities: &str,
    qualifier: &str,
) {
    let period = ctx.period;
    let expected = format!("{activities} at least every {max}{qualifier}");
    let reference = |c: &Counted| Ref::new(c.table, &row_id(ctx, c));
    for &(span_start, end) in spans {
        // The clock starts when the rule starts to apply. A row with no
        // known start (a policy table without a lifetime) has been there
        // since the beginning of time, which no report can print (it was
        // "due in the year -262143"): its clock starts on its first
        // qualifying row before the first day judged, or else on that day.
        let start = if span_start == NaiveDate::MIN {
            counted
                .first()
                .map(|c| c.occ.date)
                .filter(|d| *d < period.from)
                .unwrap_or(period.from)
                .max(span_start)
        } else {
            span_start
        };
        let mut anchor_date = start;
        let mut anchor: Option<&Counted> = None;
        let judged_end = end.min(period.last);
        if subject.tracing {
            ctx.trace(
                Some(start),
                format!(
                    "`every {max}` starts to apply; first due by {}",
                    ctx.add_to_date(start, max)
                ),
            );
        }
        let lo = counted.partition_point(|c| c.occ.date < start);
        for c in counted.iter().skip(lo) {
            if c.occ.date > judged_end {
                break;
            }
            let due = ctx.add_to_date(anchor_date, max);
            if c.occ.date > due
                && due <= period.last
                && (due >= period.from || c.occ.date > period.from)
            {
                let late = (c.occ.date - due).num_days();
                if subject.tracing {
                    ctx.trace(
                        Some(c.occ.date),
                        format!(
                            "{} {}: {} after the one due by {due}",
                            c.table,
                            row_id(ctx, c),
                            plural(late as f64, "day late", "days late")
                        ),
                    );
                }
                sink.push(Draft {
                    status: Status::Breach,
                    subject: subject.reference(),
                    related: Vec::new(),
                    window: Some(DateRange {
                        start: anchor_date,
                        end: c.occ.date,
                    }),
                    due: Some(due.to_string()),
                    expected: expected.clone(),
                    actual: format!(
                        "none from {anchor_date} until {} ({})",
                        c.occ.date,
                        plural(late as f64, "day late", "days late")
                    ),
                    evidence: anchor
                        .map(reference)
                        .into_iter()
                        .chain(std::iter::once(reference(c)))
                        .collect(),
                    date: due,
                });
            }
            anchor_date = c.occ.date;
            anchor = Some(c);
        }
        let due = ctx.add_to_date(anchor_date, max);
        if due <= judged_end {
            if judged_end >= period.from {
                let how = if end < period.last {
                    format!(
                        "none after {anchor_date} up to {end}, the last day the requirement applied"
                    )
                } else {
                    format!("none after {anchor_date} by the as-of date")
                };
                if subject.tracing {
                    ctx.trace(Some(due), format!("missed: {how}"));
                }
                sink.push(Draft {
                    status: Status::Breach,
                    subject: subject.reference(),
                    related: Vec::new(),
                    window: Some(DateRange {
                        start: anchor_date,
                        end: judged_end,
                    }),
                    due: Some(due.to_string()),
                    expected: expected.clone(),
                    actual: how,
                    evidence: anchor.map(reference).into_iter().collect(),
                    date: due,
                });
            }
        } else if due <= end && period.due_soon(due) {
            if subject.tracing {
                ctx.trace(Some(due), "next due (pending)".into());
            }
            sink.push(Draft {
                status: Status::Pending,
                subject: subject.reference(),
                related: Vec::new(),
                window: Some(DateRange {
                    start: anchor_date,
                    end: due,
                }),
                due: Some(due.to_string()),
                expected: expected.clone(),
                actual: match anchor {
                    Some(_) => format!("last on {anchor_date}; next due by {due}"),
                    None => {
                        format!("none since it started to apply on {anchor_date}; due by {due}")
                    }
                },
                evidence: anchor.map(reference).into_iter().collect(),
                date: due,
            });
        } else if subject.tracing && end > period.last {
            ctx.trace(Some(due), "next due".into());
        }
    }
}

/// `at least D apart` (or the shorter end of `every A to B`): each
/// qualifying row on a day the rule applies, in the days judged, that comes
/// less than `min` after the qualifying row before it (whenever that was)
/// is a finding, dated that row. Exactly `min` after is allowed; two on one
/// day are zero apart.
#[allow(
    clippy::too_many_arguments,
    reason = "the judge takes the same context as its sibling judges in frequency/"
)]
pub(super) fn judge_spacing(
    ctx: &Ctx,
    sink: &mut Sink,
    subject: &Subject,
    spans: &[Span],
    min: Duration,
    counted: &[Counted],
    activities: &str,
    qualifier: &str,
) {
    let period = ctx.period;
    let expected = format!("{activities} at least {min} apart{qualifier}");
    let reference = |c: &Counted| Ref::new(c.table, &row_id(ctx, c));
    for pair in counted.windows(2) {
        let [before, c] = pair else { continue };
        let day = c.occ.date;
        if day < period.from || day > period.last {
            continue;
        }
        if !spans.iter().any(|s| s.0 <= day && day <= s.1) {
            continue;
        }
        let allowed = ctx.add_to_date(before.occ.date, min);
        if day >= allowed {
            continue;
        }
        let apart = (day - before.occ.date).num_days();
        let early = (allowed - day).num_days();
        if subject.tracing {
            ctx.trace(
                Some(day),
                format!(
                    "{} {}: {} after the one on {}, allowed from {allowed}",
                    c.table,
                    row_id(ctx, c),
                    plural(apart as f64, "day", "days"),
                    before.occ.date
                ),
            );
        }
        sink.push(Draft {
            status: Status::Breach,
            subject: subject.reference(),
            related: Vec::new(),
            window: Some(DateRange {
                start: before.occ.date,
                end: day,
            }),
            due: None,
            expected: expected.clone(),
            actual: format!(
                "{} after the one on {} ({} too soon)",
                plural(apart as f64, "day", "days"),
                before.occ.date,
                plural(early as f64, "day", "days")
            ),
            evidence: vec![reference(before), reference(c)],
            date: day,
        });
    }
}
