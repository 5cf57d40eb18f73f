//! A member's pro rata share (`pro rata`, `fte`) and time scale (`scaled
//! by COLUMN`) as they stood on each day: what a window requires before its
//! partial share is taken. A column with no history for the member is one
//! value on every day, and the requirement is worked out exactly as it was
//! before histories (`amount × scale × share`).

use chrono::NaiveDate;

use super::super::context::Ctx;
use super::super::windows::{self, Span};
use crate::records::{format_number, TableData};

/// A column's numeric value over the days the rule applies to a member.
#[derive(Debug, Clone)]
pub(super) enum Factor {
    /// The same on every day.
    Constant(f64),
    /// Runs of days with one value each, in order, covering exactly the
    /// days on which the value is known (a number, not negative).
    Dated(Vec<(Span, f64)>),
}

/// What reading a factor over a member's days found.
pub(super) enum Read {
    /// A value on every day of `spans`, or on some of them: the days on
    /// which it is empty or negative are not judged, and `skipped` says so.
    Known { factor: Factor, skipped: bool },
    /// Empty (`negative`: negative) on every day: the member is not judged.
    Unknown { negative: bool },
}

/// Read `column` of a member's row over `spans`: once (on `judged_on`) when
/// the row has no history for it, else on each run of days between its
/// change days.
pub(super) fn read(
    ctx: &Ctx,
    table: &TableData,
    row: usize,
    column: &str,
    spans: &[Span],
    judged_on: NaiveDate,
) -> Read {
    let index = table.column_index(column);
    let dated = index.filter(|c| !table.history_periods(row, *c).is_empty());
    let Some(c) = dated else {
        return match ctx.value_named_on(table, row, column, judged_on).number() {
            Some(n) if n < 0.0 => Read::Unknown { negative: true },
            Some(n) => Read::Known {
                factor: Factor::Constant(n),
                skipped: false,
            },
            None => Read::Unknown { negative: false },
        };
    };
    let changes = table.change_days(row, &[c]);
    let mut runs: Vec<(Span, f64)> = Vec::new();
    let mut skipped = false;
    for &(lo, hi) in spans {
        let mut starts = vec![lo];
        starts.extend(changes.iter().copied().filter(|d| *d > lo && *d <= hi));
        for (i, start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).and_then(|n| n.pred_opt()).unwrap_or(hi);
            match ctx.value_on(table, row, c, *start).number() {
                Some(n) if n >= 0.0 => runs.push(((*start, end), n)),
                // Said only of days judged (or due soon).
                _ if end >= ctx.period.from => skipped = true,
                _ => {}
            }
        }
    }
    if runs.is_empty() {
        let negative = ctx
            .value_on(table, row, c, judged_on)
            .number()
            .is_some_and(|n| n < 0.0);
        return Read::Unknown { negative };
    }
    Read::Known {
        factor: Factor::Dated(runs),
        skipped,
    }
}

impl Factor {
    /// The days on which the value is known, within `spans`.
    pub(super) fn known_spans(&self, spans: &[Span]) -> Vec<Span> {
        match self {
            Factor::Constant(_) => spans.to_vec(),
            Factor::Dated(runs) => {
                let mut out: Vec<Span> = Vec::new();
                for (run, _) in runs {
                    for part in windows::clip(spans, *run) {
                        windows::push_merged(&mut out, part);
                    }
                }
                out
            }
        }
    }

    /// The value on `day` (runs are few: a scan).
    fn on(&self, day: NaiveDate) -> Option<f64> {
        match self {
            Factor::Constant(n) => Some(*n),
            Factor::Dated(runs) => runs
                .iter()
                .find(|((a, b), _)| *a <= day && day <= *b)
                .map(|(_, n)| *n),
        }
    }

    /// The days of `parts` on which the value changes (and the first).
    fn breaks(&self, parts: &[Span]) -> Vec<NaiveDate> {
        let mut out: Vec<NaiveDate> = parts.iter().map(|p| p.0).collect();
        if let Factor::Dated(runs) = self {
            for ((a, _), _) in runs {
                if parts.iter().any(|p| p.0 <= *a && *a <= p.1) {
                    out.push(*a);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// What a window requires before its partial share: `base × scale ×
/// share`, each factor as it stood on each day covered.
pub(super) struct Share<'s> {
    /// The amount written (a count, or minutes).
    pub base: f64,
    pub fte: &'s Factor,
    /// `scaled by COLUMN`: the column's name and value.
    pub scale: Option<(&'s str, &'s Factor)>,
}

impl Share<'_> {
    /// `base × scale × share` when both are one value on every day.
    pub(super) fn constant(&self) -> Option<f64> {
        let Factor::Constant(fte) = self.fte else {
            return None;
        };
        let scale = match self.scale {
            None => 1.0,
            Some((_, Factor::Constant(s))) => *s,
            Some(_) => return None,
        };
        Some(self.base * scale * fte)
    }

    /// Runs of the covered days (`parts`, the days the rule applies within a
    /// window) with one share and one scale each: (days, share, scale).
    fn runs(&self, parts: &[Span]) -> Vec<(i64, f64, f64)> {
        let mut days: Vec<NaiveDate> = self.fte.breaks(parts);
        if let Some((_, scale)) = self.scale {
            days.extend(scale.breaks(parts));
            days.sort_unstable();
            days.dedup();
        }
        let mut out: Vec<(i64, f64, f64)> = Vec::new();
        for part in parts {
            let inside: Vec<NaiveDate> = days
                .iter()
                .copied()
                .filter(|d| *d >= part.0 && *d <= part.1)
                .collect();
            for (i, start) in inside.iter().enumerate() {
                let end = inside
                    .get(i + 1)
                    .and_then(|n| n.pred_opt())
                    .unwrap_or(part.1);
                let fte = self.fte.on(*start).unwrap_or(0.0);
                let scale = self.scale.and_then(|(_, s)| s.on(*start)).unwrap_or(1.0);
                out.push((windows::days((*start, end)), fte, scale));
            }
        }
        out
    }

    /// The amount a window whose covered days are `parts` would require if
    /// the rule applied on all of its days: the sum over the covered days
    /// of `base × scale × share` divided by the days covered (the partial
    /// share is then taken by [`windows::required`], so a prorated window
    /// requires that sum over the window's length). With one share and one
    /// scale on every covered day, exactly `base × scale × share`.
    pub(super) fn full(&self, parts: &[Span]) -> f64 {
        if let Some(full) = self.constant() {
            return full;
        }
        let runs = self.runs(parts);
        let Some(&(_, fte, scale)) = runs.first() else {
            // No covered day: nothing is required (and nothing judged).
            return 0.0;
        };
        if runs.iter().all(|(_, f, s)| *f == fte && *s == scale) {
            return self.base * scale * fte;
        }
        let days: i64 = runs.iter().map(|(d, _, _)| *d).sum();
        let total: f64 = runs
            .iter()
            .map(|(d, f, s)| *d as f64 * self.base * s * f)
            .sum();
        total / days as f64
    }

    /// The values used on a window's covered days, in order, each once in a
    /// row: `[1, 0.5]` for a share that went from 1 to 0.5.
    fn values(&self, parts: &[Span], scale: bool) -> Vec<f64> {
        let constant = match (scale, self.fte, self.scale) {
            (false, Factor::Constant(n), _) => Some(*n),
            (true, _, Some((_, Factor::Constant(n)))) => Some(*n),
            (true, _, None) => return Vec::new(),
            _ => None,
        };
        if let Some(n) = constant {
            return vec![n];
        }
        let mut out: Vec<f64> = Vec::new();
        for (_, f, s) in self.runs(parts) {
            let v = if scale { s } else { f };
            if out.last() != Some(&v) {
                out.push(v);
            }
        }
        out
    }

    /// How the share was used in a window, for the finding's expected
    /// text: `pro rata at fte 0.5`, `pro rata at fte 1 then 0.5`, naming
    /// the column the share was read from (`pro rata at shifts_per_week
    /// 3`, or its label); `None` for a share of 1 throughout.
    pub(super) fn describe_fte(&self, parts: &[Span], column: &str) -> Option<String> {
        let values = self.values(parts, false);
        match values.as_slice() {
            [] => None,
            [one] if (one - 1.0).abs() <= f64::EPSILON => None,
            _ => Some(format!("pro rata at {column} {}", joined(&values))),
        }
    }

    /// The scale's column and the values it took in a window (`2`, `1
    /// then 2`).
    pub(super) fn describe_scale(&self, parts: &[Span]) -> Option<(&str, String)> {
        let (column, _) = self.scale?;
        let values = self.values(parts, true);
        (!values.is_empty()).then(|| (column, joined(&values)))
    }
}

fn joined(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format_number(*v))
        .collect::<Vec<_>>()
        .join(" then ")
}
