//! Standing checks: how far back a most recent row, or how far ahead a
//! booking, may be on every day.

use crate::diff::{Aspect, Direction};
use crate::policy::{Standing, StandingSide};

use super::durations::{duration_change, same_length};
use super::who::who;
use super::Sides;
use Direction::{Looser, Stricter};

fn standing_text(s: &Standing) -> String {
    match s.side {
        StandingSide::Last => format!("{} within the last {}", s.activity, s.within),
        StandingSide::Next => format!("{} booked within the next {}", s.activity, s.within),
    }
}

pub(super) fn standing(s: &Sides<'_>, a: &Standing, b: &Standing, out: &mut Vec<Aspect>) {
    who(s, &a.group, &b.group, out);
    // Rules of different activities or sides are never matched (`governs`),
    // so only the window can change here.
    if same_length(a.within, b.within) {
        return;
    }
    // On both sides a shorter window is harder to meet: a row within the
    // last 2 years is within the last 3, and a booking within the next 3
    // months is within the next 6.
    let (direction, words) = duration_change(a.within, b.within, true);
    let lead = match (direction, a.side) {
        (Stricter, StandingSide::Last) => "renewed more often: ",
        (Looser, StandingSide::Last) => "renewed less often: ",
        (Stricter, StandingSide::Next) => "the next booking must be nearer: ",
        (Looser, StandingSide::Next) => "the next booking may be further off: ",
        _ => "",
    };
    out.push(Aspect::new(
        "window",
        standing_text(a),
        standing_text(b),
        direction,
        format!("{lead}{words}"),
    ));
}
