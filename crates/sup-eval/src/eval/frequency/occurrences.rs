//! `every 8 shifts`: a cadence counted in rows of another activity for the
//! same subject, not in time. The qualifying row is due before the row of
//! the counted activity after the `count`th since the last qualifying row
//! (or since the rule started to apply). Rows are ordered by local date; a
//! qualifying row on the same day as a counted one comes first (supervised
//! on the day of the ninth shift is in time).

use super::*;
use crate::describe::english::ordinal;

#[allow(
    clippy::too_many_arguments,
    reason = "the subject's judged spans and counted rows, passed as they are built by the frequency judge"
)]
pub(super) fn judge_occurrences(
    ctx: &Ctx,
    sink: &mut Sink,
    subject: &Subject,
    spans: &[Span],
    count: u32,
    of: &str,
    counted: &[Counted],
    activities: &str,
    qualifier: &str,
) {
    let period = ctx.period;
    let Some(id) = subject.table.id(subject.row) else {
        return;
    };
    let expected = format!("{activities} at least once every {count} of `{of}`{qualifier}");
    let counted_table = ctx
        .policy
        .activities
        .get(of)
        .map_or("", |a| a.table.as_str());
    let rows = ctx.occurrences(&[of.to_string()], id);
    let row_ref = |table: &str, row: u32| {
        Ref::new(
            table,
            &ctx.table(table)
                .map(|t| ctx.row_id(t, row as usize))
                .unwrap_or_default(),
        )
    };
    for &(start, end) in spans {
        let last = end.min(period.last);
        // Both lists are sorted by date: merge them, qualifying rows first
        // on a shared day.
        let mut sessions = counted
            .iter()
            .filter(|c| c.occ.date >= start && c.occ.date <= last)
            .peekable();
        let mut since = 0u32;
        let mut anchor: Option<(NaiveDate, Ref)> = None;
        for (occ, _) in rows
            .iter()
            .filter(|(o, _)| o.date >= start && o.date <= last)
        {
            while let Some(c) = sessions.next_if(|c| c.occ.date <= occ.date) {
                since = 0;
                anchor = Some((c.occ.date, row_ref(c.table, c.occ.row)));
            }
            since = since.saturating_add(1);
            if since != count.saturating_add(1) {
                continue;
            }
            if occ.date < period.from {
                continue;
            }
            let here = row_ref(counted_table, occ.row);
            let from = anchor.as_ref().map_or(start, |(d, _)| *d);
            let actual = match &anchor {
                Some((d, r)) => format!(
                    "none since {} on {d} by {} on {}, the {} `{of}` after it",
                    r.id,
                    here.id,
                    occ.date,
                    ordinal(since)
                ),
                None => format!(
                    "none since the rule started to apply on {start} by {} on {}, the {} `{of}`",
                    here.id,
                    occ.date,
                    ordinal(since)
                ),
            };
            if subject.tracing {
                ctx.trace(Some(occ.date), format!("NOT met: {actual}"));
            }
            sink.push(Draft {
                status: Status::Breach,
                subject: subject.reference(),
                related: Vec::new(),
                window: Some(DateRange {
                    start: from,
                    end: occ.date,
                }),
                // Due by the day of that row: a qualifying row that day is
                // in time.
                due: Some(occ.date.to_string()),
                expected: expected.clone(),
                actual,
                evidence: anchor
                    .as_ref()
                    .map(|(_, r)| r.clone())
                    .into_iter()
                    .chain(std::iter::once(here))
                    .collect(),
                date: occ.date,
            });
        }
    }
}
