//! Inlay hints that help a reader compare rules: how many sessions a year a
//! frequency asks for (`every 2 weeks` ≈ 26 a year).

use sup::policy::{CompiledPolicy, DurationUnit};
use sup::span::Span;
use sup::syntax::ast::{Item, Quantity, Requirement, RuleBody, Schedule, WindowExpr};
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
        let requirements: Vec<&Requirement> = match &frequency.schedule {
            Schedule::Fixed(r) => vec![r],
            Schedule::ByTenure(phases) => phases.iter().map(|p| &p.requirement).collect(),
        };
        for requirement in requirements {
            if let Some((at, label)) = per_year(policy, requirement) {
                hints.push(InlayHint {
                    position: analysis.index.position(&analysis.text, at.end as usize),
                    label: InlayHintLabel::String(label),
                    kind: None,
                    text_edits: None,
                    tooltip: Some(InlayHintTooltip::String(
                        "About how many a year this asks of someone in the group all year".into(),
                    )),
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                });
            }
        }
    }
    hints
}

/// Where to put the hint, and its text.
fn per_year(policy: &CompiledPolicy, requirement: &Requirement) -> Option<(Span, String)> {
    match requirement {
        Requirement::Every { gap, .. } => {
            let days = days(&gap.node)?;
            Some((gap.span, label(DAYS_PER_YEAR / days, exact(&gap.node))))
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
                return Some((
                    window.span,
                    format!("≈ {} hours a year", round(minutes * windows_a_year / 60.0)),
                ));
            }
            Some((
                window.span,
                label(amount.node.value() * windows_a_year, is_exact),
            ))
        }
    }
}

fn label(per_year: f64, is_exact: bool) -> String {
    let rounded = round(per_year);
    if is_exact && (per_year - per_year.round()).abs() < 1e-9 {
        format!("= {rounded} a year")
    } else {
        format!("≈ {rounded} a year")
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
