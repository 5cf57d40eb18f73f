//! Maxima and shortest gaps, judged apart from the minimum they come with: a change to
//! both halves is mixed, with a reason for each.

use super::*;

/// A mixed change between a count and a gap (or two counts) is stricter in
/// one way and looser in another: the rate says one half, the longest time
/// allowed between two sessions the other. The rate half's direction, and
/// the gap half in words.
pub(super) fn other_half(
    s: &Sides<'_>,
    old: &Requirement,
    new: &Requirement,
) -> Option<(&'static str, String)> {
    let (ro, rn) = (per_year(old, s.old)?, per_year(new, s.new)?);
    let (go, gn) = (longest_gap_days(old, s.old)?, longest_gap_days(new, s.new)?);
    let days = |d: f64| format!("{} days", d.round());
    if rn > ro * 1.02 && gn > go {
        Some((
            "stricter",
            format!(
                "looser: sessions may now be up to {} apart instead of {}",
                days(gn),
                days(go)
            ),
        ))
    } else if rn < ro * 0.98 && gn < go {
        Some((
            "looser",
            format!(
                "stricter: sessions may now be at most {} apart instead of {}",
                days(gn),
                days(go)
            ),
        ))
    } else {
        None
    }
}

/// A requirement with a maximum or a shortest gap in it.
pub(super) fn capped(r: &Requirement) -> bool {
    matches!(
        r,
        Requirement::Count { max: Some(_), .. } | Requirement::Gap { min: Some(_), .. }
    )
}

/// What a requirement asks for at least, without its cap; `None` for a cap
/// on its own (`at most 2 per month`, `at least 4 weeks apart`).
pub(super) fn floor(r: &Requirement) -> Option<Requirement> {
    match r {
        Requirement::Count { min: 0, .. } | Requirement::Gap { max: None, .. } => None,
        Requirement::Count { min, window, .. } => Some(Requirement::Count {
            min: *min,
            window: window.clone(),
            max: None,
        }),
        Requirement::Gap { max, .. } => Some(Requirement::Gap {
            max: *max,
            min: None,
        }),
        Requirement::Time { .. } | Requirement::Occurrences { .. } => Some(r.clone()),
    }
}

/// The cap of a requirement: at most so many in a window, or no two
/// sessions closer than a time.
pub(super) enum Cap<'a> {
    Most(u32, &'a Window),
    Apart(Duration),
}

pub(super) fn cap(r: &Requirement) -> Option<Cap<'_>> {
    match r {
        Requirement::Count {
            max: Some(m),
            window,
            ..
        } => Some(Cap::Most(*m, window)),
        Requirement::Gap { min: Some(m), .. } => Some(Cap::Apart(*m)),
        _ => None,
    }
}

/// A change to or from a requirement with a cap: the floor and the cap are
/// judged apart, and the change is mixed when one is stricter and the other
/// looser. Both halves are given.
pub(super) fn split_change(
    s: &Sides<'_>,
    old: &Requirement,
    new: &Requirement,
) -> Option<(Direction, String)> {
    let mut halves: Vec<(Direction, String)> = Vec::new();
    match (floor(old), floor(new)) {
        (Some(a), Some(b)) => halves.extend(requirement_change(s, &a, &b)),
        (None, Some(b)) => halves.push((
            Stricter,
            format!("a minimum where there was none: {}", requirement_text(&b)),
        )),
        (Some(a), None) => halves.push((
            Looser,
            format!("no minimum any more (was {})", requirement_text(&a)),
        )),
        (None, None) => {}
    }
    match (cap(old), cap(new)) {
        (None, Some(Cap::Most(m, w))) => halves.push((
            Stricter,
            format!(
                "a maximum where there was none: at most {m} {}",
                window_text(w)
            ),
        )),
        (None, Some(Cap::Apart(d))) => {
            halves.push((Stricter, format!("sessions must now be at least {d} apart")))
        }
        (Some(Cap::Most(m, w)), None) => halves.push((
            Looser,
            format!("no maximum any more (was at most {m} {})", window_text(w)),
        )),
        (Some(Cap::Apart(d)), None) => {
            halves.push((Looser, format!("sessions may now be closer than {d} apart")))
        }
        (Some(Cap::Most(a, wa)), Some(Cap::Most(b, wb))) if same_window(s, wa, wb) => {
            let w = window_text(wb);
            match b.cmp(&a) {
                std::cmp::Ordering::Less => halves.push((
                    Stricter,
                    format!("fewer allowed: at most {b} instead of {a} {w}"),
                )),
                std::cmp::Ordering::Greater => halves.push((
                    Looser,
                    format!("more allowed: at most {b} instead of {a} {w}"),
                )),
                std::cmp::Ordering::Equal => {}
            }
        }
        (Some(Cap::Apart(a)), Some(Cap::Apart(b))) => {
            if !same_length(a, b) {
                halves.push(led_duration_change(
                    a,
                    b,
                    false,
                    "further apart: ",
                    "closer together: ",
                ));
            }
        }
        (Some(a), Some(b)) => halves.push((
            Neutral,
            format!(
                "the cap changed from {} to {}, which cannot be compared",
                cap_text(&a),
                cap_text(&b)
            ),
        )),
        (None, None) => {}
    }
    let direction = halves.iter().map(|h| h.0).reduce(|x, y| match (x, y) {
        (x, y) if x == y => x,
        (Neutral, y) => y,
        (x, Neutral) => x,
        _ => Mixed,
    })?;
    let reason = halves
        .into_iter()
        .map(|h| h.1)
        .collect::<Vec<_>>()
        .join("; ");
    Some((direction, reason))
}

pub(super) fn cap_text(c: &Cap<'_>) -> String {
    match c {
        Cap::Most(m, w) => format!("at most {m} {}", window_text(w)),
        Cap::Apart(d) => format!("at least {d} apart"),
    }
}
