//! Retention rules: how long records are kept and from when.

use crate::diff::{Aspect, Direction};
use crate::policy::{Duration, Retention, RetentionAnchor};

use super::durations::{duration_change, same_length};
use super::limits::parts_words;
use super::who::kinds;
use Direction::{Looser, Stricter};

fn anchor_words(a: RetentionAnchor) -> &'static str {
    match a {
        RetentionAnchor::Leaving => "leaving",
        RetentionAnchor::Creation => "creation",
    }
}

fn retention_text(r: &Retention) -> String {
    let mut parts = Vec::new();
    if let Some(min) = r.min {
        parts.push(format!("at least {min}"));
    }
    if let Some(max) = r.max {
        parts.push(format!("at most {max}"));
    }
    format!("{} after {}", parts.join(" and "), anchor_words(r.anchor))
}

pub(super) fn retention(a: &Retention, b: &Retention, out: &mut Vec<Aspect>) {
    kinds("which records", &a.record_kinds, &b.record_kinds, true, out);
    let mut parts: Vec<(Direction, String)> = Vec::new();
    if a.anchor != b.anchor {
        // A record is created before its subject leaves, so "after leaving"
        // is the later of the two: later is stricter for a minimum, looser
        // for a maximum.
        let later = b.anchor == RetentionAnchor::Leaving;
        let words = format!(
            "counted from {} instead of {}",
            anchor_words(b.anchor),
            anchor_words(a.anchor)
        );
        if b.min.is_some() {
            parts.push((
                if later { Stricter } else { Looser },
                format!("{words}, so records are kept longer"),
            ));
        }
        if b.max.is_some() {
            parts.push((
                if later { Looser } else { Stricter },
                format!("{words}, so records may be held longer"),
            ));
        }
    }
    let keep = |what: &str,
                old: Option<Duration>,
                new: Option<Duration>,
                longer_is_stricter: bool| match (old, new) {
        (None, None) => None,
        (Some(x), Some(y)) if same_length(x, y) => None,
        (None, Some(y)) => Some((Stricter, format!("a new {what} of {y}"))),
        (Some(x), None) => Some((Looser, format!("no {what} any more (was {x})"))),
        (Some(x), Some(y)) => Some(duration_change(x, y, !longer_is_stricter)),
    };
    parts.extend(keep("minimum", a.min, b.min, true));
    parts.extend(keep("maximum", a.max, b.max, false));
    if parts.is_empty() {
        return;
    }
    out.push(Aspect::new(
        "how long records are kept",
        retention_text(a),
        retention_text(b),
        Direction::combine(parts.iter().map(|p| p.0)),
        parts_words(parts),
    ));
}
