//! Inlay hints that help a reader compare rules: how many sessions a year a
//! frequency asks for (`every 2 weeks` ≈ 26 a year), or over a phase that
//! ends (`first 6 weeks: every 1 week` ≈ 6 in the phase).

use sup::policy::{CompiledPolicy, DurationUnit};
use sup::span::Span;
use sup::syntax::ast::{Item, PhaseRange, Quantity, Requirement, RuleBody, Schedule, WindowExpr};
use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintTooltip, Range};

use crate::analysis::Analysis;

const DAYS_PER_YEAR: f64 = 365.25;

pub fn inlay_hints(analysis: &Analysis, range: Range) -> Vec<InlayHint> {
    let wanted = analysis.index.span(&analysis.text, range);
    let policy = &analysis.checked.policy;
    let mut hints = Vec::new();
    for item in &analysis.checked.module.items {
        let Item::Rule(rule) = item else { continue };
        if rule.span.end < wanted.start || rule.span.start > wanted.end {
            continue;
        }
        let RuleBody::Frequency(frequency) = &rule.body else {
            continue;
        };
        // Each requirement with the length in days of the phase it holds
        // for, if that phase ends: a phase of 6 weeks holds about 6 weekly
        // sessions, not the 52 a year its rate would make.
        let requirements: Vec<(&Requirement, Option<f64>)> = match &frequency.schedule {
            Schedule::Fixed(r) => vec![(r, None)],
            Schedule::ByTenure(phases) => {
                // Where the previous phase ended, in days of tenure.
                let mut start = Some(0.0);
                let mut out = Vec::new();
                for phase in phases {
                    // The phase's start and end; `None` if it never ends.
                    let bounds = match &phase.range.node {
                        PhaseRange::First(q) => Some((Some(0.0), days(&q.node))),
                        PhaseRange::Until(q) => Some((start, days(&q.node))),
                        PhaseRange::From(a, Some(b)) => Some((days(&a.node), days(&b.node))),
                        PhaseRange::From(_, None) | PhaseRange::Then => None,
                    };
                    start = bounds.and_then(|(_, end)| end);
                    match bounds {
                        // Someone stays in it all year: the yearly figure holds.
                        None => out.push((&phase.requirement, None)),
                        Some((Some(from), Some(end))) if end > from => {
                            out.push((&phase.requirement, Some(end - from)));
                        }
                        // A phase whose length cannot be read gets no hint
                        // rather than a yearly one that would mislead.
                        Some(_) => {}
                    }
                }
                out
            }
        };
        for (requirement, phase_days) in requirements {
            let Some(rate) = per_year(policy, requirement) else {
                continue;
            };
            let (label, tooltip) = match phase_days {
                None => (
                    rate.label(),
                    "About how many a year this asks of someone in the group all year",
                ),
                Some(length) => (
                    rate.in_phase(length),
                    "About how many this asks of someone over the whole phase",
                ),
            };
            hints.push(InlayHint {
                position: analysis
                    .index
                    .position(&analysis.text, rate.at.end as usize),
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(tooltip.into())),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            });
        }
    }
    hints
}

/// How much a requirement asks for in a year, and where its hint goes.
struct Rate {
    at: Span,
    per_year: f64,
    /// Whether the yearly figure is exact (`every 1 month` is 12 a year).
    exact: bool,
    /// Whether it counts hours (a time requirement) rather than sessions.
    hours: bool,
}

impl Rate {
    fn label(&self) -> String {
        let rounded = round(self.per_year);
        let hours = if self.hours { " hours" } else { "" };
        if self.exact && !self.hours && (self.per_year - self.per_year.round()).abs() < 1e-9 {
            format!("= {rounded}{hours} a year")
        } else {
            format!("≈ {rounded}{hours} a year")
        }
    }

    /// Over a phase of `days` days.
    fn in_phase(&self, days: f64) -> String {
        let hours = if self.hours { " hours" } else { "" };
        format!(
            "≈ {}{hours} in the phase",
            round(self.per_year * days / DAYS_PER_YEAR)
        )
    }
}

/// Where to put the hint, and how many a year.
fn per_year(policy: &CompiledPolicy, requirement: &Requirement) -> Option<Rate> {
    match requirement {
        // A maximum or a shortest gap asks for no number a year.
        Requirement::AtMost { .. } | Requirement::Apart { .. } => None,
        Requirement::Every { gap, .. } => {
            let days = days(&gap.node)?;
            Some(Rate {
                at: gap.span,
                per_year: DAYS_PER_YEAR / days,
                exact: exact(&gap.node),
                hours: false,
            })
        }
        Requirement::AtLeast {
            amount,
            window,
            scaled_by,
            ..
        } => {
            if scaled_by.is_some() {
                return None; // Depends on each person's value.
            }
            let (windows_a_year, is_exact) = match &window.node {
                WindowExpr::Per { qualifier, period } => {
                    let n = match (qualifier.as_deref(), period.node.as_str()) {
                        (None | Some("calendar"), "week") => (DAYS_PER_YEAR / 7.0, false),
                        (None, "fortnight") => (DAYS_PER_YEAR / 14.0, false),
                        (None | Some("calendar"), "month") => (12.0, true),
                        (None, "quarter") => (4.0, true),
                        _ => return None, // Already a year.
                    };
                    n
                }
                WindowExpr::InAny(length) => {
                    let d = days(&length.node)?;
                    if (d - DAYS_PER_YEAR).abs() < 1.0 {
                        return None;
                    }
                    (DAYS_PER_YEAR / d, exact(&length.node))
                }
                WindowExpr::InEach(calendar) => {
                    let calendar = policy.calendars.get(&calendar.node)?;
                    let (first, last) = (calendar.periods.first()?, calendar.periods.last()?);
                    // Calendars of terms leave out the holidays between them, so
                    // count whole years covered: six half terms in a school year
                    // are six a year, not six in ten months.
                    let covered = (last.end - first.start).num_days() as f64 + 1.0;
                    let years = (covered / DAYS_PER_YEAR).round().max(1.0);
                    (calendar.periods.len() as f64 / years, false)
                }
            };
            let unit = amount.node.unit.as_ref().map(|u| u.node.as_str());
            if let Some(unit) = unit {
                // A time requirement: hours a year.
                let (u, multiplier) = DurationUnit::from_word(unit)?;
                let minutes = amount.node.value() * f64::from(multiplier) * minutes_per(u)?;
                return Some(Rate {
                    at: window.span,
                    per_year: minutes * windows_a_year / 60.0,
                    exact: false,
                    hours: true,
                });
            }
            Some(Rate {
                at: window.span,
                per_year: amount.node.value() * windows_a_year,
                exact: is_exact,
                hours: false,
            })
        }
    }
}

fn round(n: f64) -> String {
    if n >= 1.5 || n == 0.0 {
        format!("{}", n.round())
    } else {
        format!("{:.1}", n)
    }
}

/// Whether a length divides a year exactly (months and years do).
fn exact(q: &Quantity) -> bool {
    q.unit
        .as_ref()
        .and_then(|u| DurationUnit::from_word(&u.node))
        .is_some_and(|(u, _)| matches!(u, DurationUnit::Months | DurationUnit::Years))
}

/// A length in days, roughly (a month is a twelfth of a year).
fn days(q: &Quantity) -> Option<f64> {
    let (unit, multiplier) = DurationUnit::from_word(&q.unit.as_ref()?.node)?;
    let per = match unit {
        DurationUnit::Days => 1.0,
        DurationUnit::WorkingDays => 7.0 / 5.0,
        DurationUnit::Weeks => 7.0,
        DurationUnit::Months => DAYS_PER_YEAR / 12.0,
        DurationUnit::Years => DAYS_PER_YEAR,
        DurationUnit::Minutes | DurationUnit::Hours => return None,
    };
    let days = q.value() * f64::from(multiplier) * per;
    (days > 0.0).then_some(days)
}

fn minutes_per(unit: DurationUnit) -> Option<f64> {
    match unit {
        DurationUnit::Minutes => Some(1.0),
        DurationUnit::Hours => Some(60.0),
        DurationUnit::Days => Some(1440.0),
        _ => None,
    }
}
