//! Limit rules: a minimum and maximum of a measure, per window.

use std::collections::BTreeSet;

use crate::diff::quantity::{compare as compare_durations, Length};
use crate::diff::{Aspect, Direction};
use crate::policy::{Amount, CompiledPolicy, Limit};

use super::durations::duration_words;
use super::who::{sessions, who, ActivityUse};
use super::Sides;
use Direction::{Looser, Mixed, Neutral, Stricter};

fn amount_order(old: Amount, new: Amount) -> Option<Length> {
    let number = |a: f64, b: f64| {
        if (a - b).abs() < 1e-9 {
            Length::Same
        } else if b < a {
            Length::Shorter
        } else {
            Length::Longer
        }
    };
    match (old, new) {
        (Amount::Count(a), Amount::Count(b)) | (Amount::Percent(a), Amount::Percent(b)) => {
            Some(number(a, b))
        }
        (Amount::Duration(a), Amount::Duration(b)) => Some(compare_durations(a, b)),
        _ => None,
    }
}

fn range_text(min: Option<Amount>, max: Option<Amount>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("between {a} and {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "no limit".to_string(),
    }
}

/// Reasons for several parts of one aspect; each says its own direction
/// when they do not all agree.
pub(super) fn parts_words(parts: Vec<(Direction, String)>) -> String {
    let overall = Direction::combine(parts.iter().map(|p| p.0));
    parts
        .into_iter()
        .map(|(d, words)| {
            if overall == Mixed && d != Neutral {
                format!("{words} ({})", d.word())
            } else {
                words
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One end of a range: `raise_is_stricter` for a minimum.
fn bound(
    what: &str,
    old: Option<Amount>,
    new: Option<Amount>,
    raise_is_stricter: bool,
) -> Option<(Direction, String)> {
    match (old, new) {
        (None, None) => None,
        (None, Some(b)) => Some((Stricter, format!("a new {what} of {b}"))),
        (Some(a), None) => Some((Looser, format!("no {what} any more (was {a})"))),
        (Some(a), Some(b)) => {
            // Equal amounts still go through the comparison: the same
            // working days may skip other holidays.
            let order = amount_order(a, b)?;
            let raised = match order {
                Length::Same => return None,
                Length::Longer => true,
                Length::Shorter => false,
                Length::Depends => {
                    let (Amount::Duration(x), Amount::Duration(y)) = (a, b) else {
                        return None;
                    };
                    return Some((
                        Mixed,
                        format!(
                            "{what} changed from {a} to {b}: {}",
                            duration_words(x, y, order)
                        ),
                    ));
                }
            };
            let direction = if raised == raise_is_stricter {
                Stricter
            } else {
                Looser
            };
            let verb = if raised { "raised" } else { "lowered" };
            Some((direction, format!("{what} {verb} from {a} to {b}")))
        }
    }
}

pub(super) fn limit(s: &Sides<'_>, a: &Limit, b: &Limit, out: &mut Vec<Aspect>) {
    who(s, &a.group, &b.group, out);
    sessions(s, &a.activities, &b.activities, ActivityUse::Judged, out);
    if a.measure != b.measure {
        out.push(Aspect::new(
            "measure",
            a.measure.name(),
            b.measure.name(),
            Neutral,
            format!(
                "measured as `{}` instead of `{}`: which is stricter depends on each member's fte",
                b.measure.name(),
                a.measure.name()
            ),
        ));
    }
    let low = bound("minimum", a.min, b.min, true);
    let high = bound("maximum", a.max, b.max, false);
    if low.is_some() || high.is_some() {
        let parts: Vec<(Direction, String)> = low.into_iter().chain(high).collect();
        out.push(Aspect::new(
            "range",
            range_text(a.min, a.max),
            range_text(b.min, b.max),
            Direction::combine(parts.iter().map(|p| p.0)),
            parts_words(parts),
        ));
    }
    match (&a.excluding, &b.excluding) {
        (None, Some(c)) => out.push(Aspect::new(
            "days not judged",
            "none",
            c,
            Looser,
            format!("days in `{c}` are no longer judged"),
        )),
        (Some(c), None) => out.push(Aspect::new(
            "days not judged",
            c,
            "none",
            Stricter,
            format!("days in `{c}` are judged now"),
        )),
        // Judged by the days left out, not the calendar's name: the same
        // calendar redefined (a year added) leaves out other days too.
        (Some(x), Some(y)) => {
            let (Some(old_days), Some(new_days)) =
                (calendar_days(s.old, x), calendar_days(s.new, y))
            else {
                return;
            };
            let which = if x == y {
                format!("`{y}` was redefined; ")
            } else {
                String::new()
            };
            let more = new_days.difference(&old_days).count();
            let fewer = old_days.difference(&new_days).count();
            let (direction, reason) = match (more, fewer) {
                (0, 0) => return,
                (m, 0) => (Looser, format!("{which}{m} more days are left out")),
                (0, f) => (Stricter, format!("{which}{f} fewer days are left out")),
                (m, f) => (
                    Mixed,
                    format!("{which}{m} days are newly left out and {f} days are judged now"),
                ),
            };
            let reason = if x == y {
                reason
            } else {
                format!("days in `{y}` are left out instead of days in `{x}`: {reason}")
            };
            out.push(Aspect::new("days not judged", x, y, direction, reason));
        }
        _ => {}
    }
}

/// Every day in a declared calendar's periods.
fn calendar_days(policy: &CompiledPolicy, calendar: &str) -> Option<BTreeSet<chrono::NaiveDate>> {
    let mut days = BTreeSet::new();
    for p in &policy.calendars.get(calendar)?.periods {
        let mut day = p.start;
        while day <= p.end {
            days.insert(day);
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
    }
    Some(days)
}
