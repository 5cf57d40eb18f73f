//! Durations compared and judged, shared by the families that have a time:
//! frequency, limits, deadlines and retention.

use crate::diff::quantity::{self, compare as compare_durations, Length};
use crate::diff::Direction;
use crate::policy::{Duration, DurationUnit};

use Direction::{Looser, Mixed, Neutral, Stricter};

/// How two durations compare, in words: "5 working days is longer than 48
/// hours (5 working days is 7 to 13 days)"; when it depends on the start
/// date, where each way holds ("30 days is shorter than 1 month in months
/// of 31 days, as long in months of 30 days and longer in February").
pub(super) fn duration_words(old: Duration, new: Duration, length: Length) -> String {
    let calendar = working_days_in(&[old, new])
        .then(quantity::holidays_change_words)
        .flatten();
    // The same words, other holidays skipped: say which, not "5 working
    // days is longer than 5 working days".
    if old == new {
        let how = match length {
            Length::Same => "are as long as before",
            Length::Shorter => "are never longer and sometimes shorter",
            Length::Longer => "are never shorter and sometimes longer",
            Length::Depends => "are shorter on some dates and longer on others",
        };
        let why = calendar.map_or(String::new(), |w| format!(" ({w})"));
        return format!("{new} {how}{why}");
    }
    let mut text = match length {
        Length::Same => format!("{new} is the same as {old}"),
        Length::Shorter => format!("{new} is shorter than {old}"),
        Length::Longer => format!("{new} is longer than {old}"),
        Length::Depends => quantity::depends_words(old, new),
    };
    let why: Vec<String> = quantity::explain(old, new)
        .into_iter()
        .chain(calendar)
        .collect();
    if !why.is_empty() {
        text.push_str(&format!(" ({})", why.join("; ")));
    }
    text
}

/// Whether any of `durations` is in working days.
fn working_days_in(durations: &[Duration]) -> bool {
    durations
        .iter()
        .any(|d| d.unit == DurationUnit::WorkingDays)
}

/// Judge a change of duration. `shorter_is_stricter` for deadlines and
/// gaps; the opposite for times that must be spent or kept. When which is
/// longer depends on the date (`30 days` against `1 month`) the change is
/// mixed: stricter on some dates and looser on others.
pub(super) fn duration_change(
    old: Duration,
    new: Duration,
    shorter_is_stricter: bool,
) -> (Direction, String) {
    let length = compare_durations(old, new);
    let direction = match length {
        Length::Same => Neutral,
        Length::Depends => Mixed,
        Length::Shorter if shorter_is_stricter => Stricter,
        Length::Longer if !shorter_is_stricter => Stricter,
        _ => Looser,
    };
    (direction, duration_words(old, new, length))
}

/// [`duration_change`], its words led by what the change means each way:
/// `stricter` or `looser` (such as "sooner: " and "later: "), and nothing
/// when it is mixed.
pub(super) fn led_duration_change(
    old: Duration,
    new: Duration,
    shorter_is_stricter: bool,
    stricter: &str,
    looser: &str,
) -> (Direction, String) {
    let (direction, words) = duration_change(old, new, shorter_is_stricter);
    let lead = match direction {
        Stricter => stricter,
        Looser => looser,
        _ => "",
    };
    (direction, format!("{lead}{words}"))
}

/// Two durations of the same length however written (`2 weeks`, `14 days`).
pub(super) fn same_length(a: Duration, b: Duration) -> bool {
    compare_durations(a, b) == Length::Same
}
