//! Frequency rules: requirements, schedules by tenure and the windows they
//! count in.

use crate::diff::quantity::{self, compare as compare_durations, Length, Shape};
use crate::diff::{Aspect, Direction};
use crate::policy::{
    Alternation, CalendarPeriod, CompiledPolicy, Duration, DurationUnit, Frequency, PartialWindows,
    Period, Requirement, Schedule, Window,
};

use super::durations::{duration_change, led_duration_change, same_length};
use super::who::{sessions, who, ActivityUse};
use super::Sides;
use Direction::{Looser, Mixed, Neutral, Stricter};

mod caps;
mod rates;
use caps::*;
pub(crate) use rates::requirement_text;
use rates::*;

pub(super) fn frequency(s: &Sides<'_>, a: &Frequency, b: &Frequency, out: &mut Vec<Aspect>) {
    who(s, &a.group, &b.group, out);
    sessions(s, &a.activities, &b.activities, ActivityUse::Counted, out);
    match (&a.with_supervisor, &b.with_supervisor) {
        (None, Some(c)) => out.push(Aspect::new(
            "with whom",
            "any supervisor",
            c,
            Stricter,
            format!("only sessions with the member's `{c}` count now"),
        )),
        (Some(c), None) => out.push(Aspect::new(
            "with whom",
            c,
            "any supervisor",
            Looser,
            format!("sessions with any supervisor count now, not only with the member's `{c}`"),
        )),
        (Some(x), Some(y)) if x != y => out.push(Aspect::new(
            "with whom",
            x,
            y,
            Neutral,
            format!("sessions must now be with the member's `{y}`, not `{x}`"),
        )),
        _ => {}
    }
    schedule(s, &a.schedule, &b.schedule, out);
    match (&a.pro_rata, &b.pro_rata) {
        (None, Some(c)) => out.push(Aspect::new(
            "part-time staff",
            "not pro rata",
            format!("pro rata by {c}"),
            Looser,
            format!("now pro rata by `{c}`: part-time staff need proportionally fewer"),
        )),
        (Some(c), None) => out.push(Aspect::new(
            "part-time staff",
            format!("pro rata by {c}"),
            "not pro rata",
            Stricter,
            "no longer pro rata: part-time staff need the full amount",
        )),
        (Some(x), Some(y)) if x != y => out.push(Aspect::new(
            "part-time staff",
            format!("pro rata by {x}"),
            format!("pro rata by {y}"),
            Neutral,
            format!("pro-rated by `{y}` instead of `{x}`"),
        )),
        _ => {}
    }
    if a.partial_windows != b.partial_windows {
        let rank = |p: PartialWindows| match p {
            PartialWindows::Ignored => 0,
            PartialWindows::Prorated => 1,
            PartialWindows::Full => 2,
        };
        let words = |p: PartialWindows| match p {
            PartialWindows::Ignored => "partial windows ignored",
            PartialWindows::Prorated => "partial windows prorated",
            PartialWindows::Full => "partial windows in full",
        };
        let stricter = rank(b.partial_windows) > rank(a.partial_windows);
        out.push(Aspect::new(
            "starters and leavers",
            words(a.partial_windows),
            words(b.partial_windows),
            if stricter { Stricter } else { Looser },
            if stricter {
                "people covered for only part of a window must now meet more of the requirement"
            } else {
                "people covered for only part of a window must now meet less of the requirement"
            },
        ));
    }
    let turns = |x: &Alternation| format!("alternating between {} and {}", x.first, x.second);
    match (&a.alternating, &b.alternating) {
        (None, Some(y)) => out.push(Aspect::new(
            "taking turns",
            "anyone may lead",
            turns(y),
            Stricter,
            format!(
                "`{}` and `{}` must now take turns: neither may lead two sessions in a row",
                y.first, y.second
            ),
        )),
        (Some(x), None) => out.push(Aspect::new(
            "taking turns",
            turns(x),
            "anyone may lead",
            Looser,
            format!(
                "`{}` and `{}` no longer have to take turns",
                x.first, x.second
            ),
        )),
        // The same two people in either order take the same turns.
        (Some(x), Some(y))
            if (x.first != y.first || x.second != y.second)
                && (x.first != y.second || x.second != y.first) =>
        {
            out.push(Aspect::new(
                "taking turns",
                turns(x),
                turns(y),
                Mixed,
                "different people must take turns",
            ))
        }
        _ => {}
    }
}

/// One phase of a schedule: the tenure it covers and its requirement.
struct Stretch<'a> {
    from: Duration,
    until: Option<Duration>,
    requirement: &'a Requirement,
}

fn stretches(schedule: &Schedule) -> Vec<Stretch<'_>> {
    match schedule {
        Schedule::Fixed { requirement } => vec![Stretch {
            from: Duration::new(0, DurationUnit::Days),
            until: None,
            requirement,
        }],
        Schedule::ByTenure { phases } => phases
            .iter()
            .map(|p| Stretch {
                from: p.from,
                until: p.until,
                requirement: &p.requirement,
            })
            .collect(),
    }
}

fn active<'a>(stretches: &'a [Stretch<'a>], at: f64) -> Option<&'a Requirement> {
    stretches
        .iter()
        .find(|p| {
            p.from.approx_minutes() <= at + 1.0
                && p.until.is_none_or(|u| u.approx_minutes() > at + 1.0)
        })
        .map(|p| p.requirement)
}

/// A stretch of tenure (start, end) and the old and new requirements there.
type Piece<'a> = (
    Duration,
    Option<Duration>,
    Option<&'a Requirement>,
    Option<&'a Requirement>,
);

fn schedule(s: &Sides<'_>, old: &Schedule, new: &Schedule, out: &mut Vec<Aspect>) {
    // The same words may still mean other windows: a calendar redefined.
    if old == new
        && stretches(old)
            .iter()
            .all(|p| same_requirement(s, p.requirement, p.requirement))
    {
        return;
    }
    let (a, b) = (stretches(old), stretches(new));
    let phased =
        matches!(old, Schedule::ByTenure { .. }) || matches!(new, Schedule::ByTenure { .. });
    // Cut the tenure line wherever either schedule changes phase.
    let mut cuts: Vec<Duration> = Vec::new();
    for p in a.iter().chain(&b) {
        for d in std::iter::once(p.from).chain(p.until) {
            if !cuts
                .iter()
                .any(|c| (c.approx_minutes() - d.approx_minutes()).abs() < 1.0)
            {
                cuts.push(d);
            }
        }
    }
    cuts.sort_by(|x, y| x.approx_minutes().total_cmp(&y.approx_minutes()));
    // Each stretch of tenure: its start, end, and both requirements.
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    for (i, start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).copied();
        let at = start.approx_minutes();
        let (ro, rn) = (active(&a, at), active(&b, at));
        if ro.is_none() && rn.is_none() {
            continue;
        }
        match pieces.last_mut() {
            Some(last) if last.1.is_some_and(|e| e == *start) && last.2 == ro && last.3 == rn => {
                last.1 = end;
            }
            _ => pieces.push((*start, end, ro, rn)),
        }
    }
    for (start, end, ro, rn) in pieces {
        let what = if phased {
            tenure_words(start, end)
        } else {
            "how often".to_string()
        };
        let text = |r: Option<&Requirement>| r.map_or("nothing".to_string(), requirement_text);
        let (direction, reason) = match (ro, rn) {
            (Some(x), Some(y)) => match requirement_change(s, x, y) {
                Some(change) => change,
                None => continue,
            },
            (None, Some(_)) => (Stricter, "a requirement where there was none".to_string()),
            (Some(_), None) => (Looser, "no requirement any more".to_string()),
            (None, None) => continue,
        };
        out.push(Aspect::new(what, text(ro), text(rn), direction, reason));
    }
}

/// The same window in both versions: the same words and, for a declared
/// calendar, the same periods (a calendar redefined under its old name is
/// not the same window).
fn same_window(s: &Sides<'_>, a: &Window, b: &Window) -> bool {
    a == b
        && declared_periods(a, s.old) == declared_periods(b, s.new)
        && !matches!(b, Window::Rolling { length } if working_days_moved(*length))
}

/// A duration in working days when the two versions skip different
/// holidays: the same words, but another length of time.
fn working_days_moved(d: Duration) -> bool {
    d.unit == DurationUnit::WorkingDays && quantity::holidays_differ()
}

/// The same requirement in both versions: the same words over the same
/// windows (see [`same_window`]).
fn same_requirement(s: &Sides<'_>, old: &Requirement, new: &Requirement) -> bool {
    old == new
        && match (old, new) {
            (Requirement::Count { window: a, .. }, Requirement::Count { window: b, .. }) => {
                same_window(s, a, b)
            }
            (
                Requirement::Time {
                    min: x, window: a, ..
                },
                Requirement::Time { window: b, .. },
            ) => same_window(s, a, b) && !working_days_moved(*x),
            (Requirement::Gap { max, min }, _) => {
                !max.iter().chain(min).any(|d| working_days_moved(*d))
            }
            _ => true,
        }
}

/// Two requirements that differ at most in their windows.
fn same_apart_from_window(old: &Requirement, new: &Requirement) -> bool {
    match (old, new) {
        (Requirement::Count { min: a, max: x, .. }, Requirement::Count { min: b, max: y, .. }) => {
            a == b && x == y
        }
        (
            Requirement::Time {
                min: a,
                scaled_by: x,
                ..
            },
            Requirement::Time {
                min: b,
                scaled_by: y,
                ..
            },
        ) => a == b && x == y && !working_days_moved(*a),
        _ => false,
    }
}

/// A declared calendar's periods in words: "2 periods from 2025-09-01 to
/// 2026-07-20".
pub(super) fn calendar_span(c: &crate::policy::Calendar) -> String {
    match (c.periods.first(), c.periods.last()) {
        (Some(f), Some(l)) if c.periods.len() == 1 => {
            format!("1 period from {} to {}", f.start, l.end)
        }
        (Some(f), Some(l)) => {
            format!("{} periods from {} to {}", c.periods.len(), f.start, l.end)
        }
        _ => "no periods".to_string(),
    }
}

/// When a requirement counts in a declared calendar that was redefined
/// under the same name: what changed, for the reason.
fn redefined_calendar_words(s: &Sides<'_>, old: &Requirement, new: &Requirement) -> Option<String> {
    let window = |r: &Requirement| match r {
        Requirement::Count { window, .. } | Requirement::Time { window, .. } => {
            Some(window.clone())
        }
        Requirement::Gap { .. } | Requirement::Occurrences { .. } => None,
    };
    let (Some(Window::Periods { calendar: x }), Some(Window::Periods { calendar: y })) =
        (window(old), window(new))
    else {
        return None;
    };
    let (a, b) = (s.old.calendars.get(&x)?, s.new.calendars.get(&y)?);
    (x == y && a.periods != b.periods).then(|| {
        format!(
            "`{y}` was redefined: now {}, was {}",
            calendar_span(b),
            calendar_span(a)
        )
    })
}

/// The kind of window a requirement counts in, in words, for reasons.
fn shape_change_words(s: &Sides<'_>, old: &Requirement, new: &Requirement) -> Option<String> {
    let shape = |r: &Requirement, p: &CompiledPolicy| match r {
        Requirement::Count { window, .. } | Requirement::Time { window, .. } => {
            quantity::shape(window, p)
        }
        Requirement::Gap { .. } | Requirement::Occurrences { .. } => None,
    };
    match (old, new) {
        (Requirement::Occurrences { of: a, .. }, Requirement::Occurrences { of: b, .. })
            if a != b =>
        {
            Some(format!("counted in rows of `{b}` instead of `{a}`"))
        }
        (Requirement::Occurrences { count, of }, _) => Some(format!(
            "{} instead of once every {count} of `{of}`",
            requirement_text(new)
        )),
        (_, Requirement::Occurrences { count, of }) => Some(format!(
            "once every {count} of `{of}` instead of {}",
            requirement_text(old)
        )),
        (Requirement::Gap { max: Some(max), .. }, Requirement::Count { window, .. } | Requirement::Time { window, .. }) => Some(format!(
            "counted {} instead of a longest gap of {max}",
            window_text(window)
        )),
        (Requirement::Count { window, .. } | Requirement::Time { window, .. }, Requirement::Gap { max: Some(max), .. }) => Some(format!(
            "a longest gap of {max} instead of a count {}",
            window_text(window)
        )),
        _ => match (shape(old, s.old)?, shape(new, s.new)?) {
            (Shape::Calendar(p), Shape::Rolling(d)) => Some(format!(
                "every stretch of {d} must hold, not just each {}",
                calendar_period_words(p)
            )),
            (Shape::Rolling(d), Shape::Calendar(p)) => Some(format!(
                "only each {} must hold, not every stretch of {d}, so sessions may bunch at the ends of periods",
                calendar_period_words(p)
            )),
            (x, y) if x == y => None,
            (x, y) => {
                let (wo, wn) = match (old, new) {
                    (
                        Requirement::Count { window: a, .. } | Requirement::Time { window: a, .. },
                        Requirement::Count { window: b, .. } | Requirement::Time { window: b, .. },
                    ) => (window_text(a), window_text(b)),
                    _ => return None,
                };
                // Windows in units of different kinds (working days against
                // weeks) need their lengths shown for the verdict to follow.
                let why = match (x, y) {
                    (Shape::Rolling(a), Shape::Rolling(b)) => quantity::explain(a, b)
                        .map(|w| format!(" ({w})"))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                Some(format!("counted {wn} instead of {wo}{why}"))
            }
        },
    }
}

/// Judge a change of requirement; `None` when it is the same.
pub(crate) fn requirement_change(
    s: &Sides<'_>,
    old: &Requirement,
    new: &Requirement,
) -> Option<(Direction, String)> {
    if same_requirement(s, old, new) {
        return None;
    }
    if capped(old) || capped(new) {
        return split_change(s, old, new);
    }
    match (old, new) {
        // The same requirement in a rolling window of the same number of
        // working days, when working days skip other holidays: a window
        // that is longer asks less.
        (
            Requirement::Count {
                window: Window::Rolling { length: la },
                ..
            }
            | Requirement::Time {
                window: Window::Rolling { length: la },
                ..
            },
            Requirement::Count {
                window: Window::Rolling { length: lb },
                ..
            }
            | Requirement::Time {
                window: Window::Rolling { length: lb },
                ..
            },
        ) if la == lb && working_days_moved(*la) && same_apart_from_window(old, new) => {
            if same_length(*la, *lb) {
                return None;
            }
            let (direction, words) = duration_change(*la, *lb, true);
            return Some((direction, format!("the window: {words}")));
        }
        (
            Requirement::Count {
                min: a,
                window: wa,
                max: None,
            },
            Requirement::Count {
                min: b,
                window: wb,
                max: None,
            },
        ) if same_window(s, wa, wb) => {
            let w = window_text(wb);
            return Some(if b > a {
                (Stricter, format!("more often: {b} instead of {a} {w}"))
            } else {
                (Looser, format!("less often: {b} instead of {a} {w}"))
            });
        }
        (
            Requirement::Gap {
                max: Some(a),
                min: None,
            },
            Requirement::Gap {
                max: Some(b),
                min: None,
            },
        ) => {
            if same_length(*a, *b) {
                return None;
            }
            return Some(led_duration_change(
                *a,
                *b,
                true,
                "more often: ",
                "less often: ",
            ));
        }
        (
            Requirement::Time {
                min: a,
                window: wa,
                scaled_by: sa,
            },
            Requirement::Time {
                min: b,
                window: wb,
                scaled_by: sb,
            },
        ) if same_window(s, wa, wb) && sa == sb => {
            if same_length(*a, *b) {
                return None;
            }
            return Some(led_duration_change(
                *a,
                *b,
                false,
                "more time: ",
                "less time: ",
            ));
        }
        (
            Requirement::Occurrences { count: a, of: x },
            Requirement::Occurrences { count: b, of: y },
        ) if x == y => {
            return Some(if b < a {
                (
                    Stricter,
                    format!("more often: every {b} of `{y}` instead of every {a}"),
                )
            } else {
                (
                    Looser,
                    format!("less often: every {b} of `{y}` instead of every {a}"),
                )
            });
        }
        _ => {}
    }
    let forward = guarantees(s.new, new, s.old, old);
    let backward = guarantees(s.old, old, s.new, new);
    let mut parts = Vec::new();
    if let (Some(ro), Some(rn)) = (per_year(old, s.old), per_year(new, s.new)) {
        if (rn - ro).abs() > 0.02 * ro.max(1e-9) {
            parts.push(format!(
                "about {} a year instead of {}",
                rate_words(rn),
                rate_words(ro)
            ));
        } else {
            parts.push(format!("about {} a year in both", rate_words(rn)));
        }
    }
    if let Some(words) = shape_change_words(s, old, new) {
        parts.push(words);
    }
    if let Some(words) = redefined_calendar_words(s, old, new) {
        parts.push(words);
    }
    let direction = match (forward, backward) {
        // Each guarantees the other: the same requirement in other words.
        (Some(true), Some(true)) => return None,
        (Some(true), _) => Stricter,
        (_, Some(true)) => Looser,
        (Some(false), Some(false)) => {
            // Name each half: the rate says one, the longest gap the other.
            if let Some((rate_half, gap_half)) = other_half(s, old, new) {
                if let Some(first) = parts.first_mut() {
                    *first = format!("{rate_half}: {first}");
                }
                parts.push(gap_half);
            }
            Mixed
        }
        _ => {
            parts.push("the two cannot be compared".to_string());
            Neutral
        }
    };
    Some((direction, parts.join("; ")))
}
