//! Deadline rules: which rows, from which start, by when.

use crate::diff::conditions::{differ_both_ways, implies_optional};
use crate::diff::{Aspect, Direction};
use crate::policy::{CompiledPolicy, Deadline, DeadlineEnd, Duration, DurationUnit};

use super::durations::{led_duration_change, same_length};
use super::who::{activity_definitions, ActivityUse};
use super::Sides;
use Direction::{Looser, Mixed, Neutral, Stricter};

fn rows_words(policy: &CompiledPolicy, d: &Deadline) -> String {
    match &d.filter {
        Some(c) => format!(
            "`{}` where {}",
            d.table,
            crate::describe::describe_condition(policy, c, &d.table)
        ),
        None => format!("every row of `{}`", d.table),
    }
}

fn end_text(d: &Deadline) -> String {
    match &d.end {
        DeadlineEnd::Within { limit, .. } => format!(
            "{} within {limit} of {}",
            d.end_column,
            d.end.start_path().unwrap_or_default()
        ),
        DeadlineEnd::BeforeNext { activity, of } => match of {
            Some(of) => format!("{} before the next {activity} of {of}", d.end_column),
            None => format!("{} before the next {activity}", d.end_column),
        },
        DeadlineEnd::LeadTime {
            lead,
            before_column,
        } => format!("{} at least {lead} before {before_column}", d.end_column),
        DeadlineEnd::LeadLength {
            from_column,
            to_column,
            before_column,
        } => format!(
            "{} at least the length of {from_column} to {to_column} before {before_column}",
            d.end_column
        ),
    }
}

/// Whether a fixed notice is never longer than the shortest notice a row's
/// length can ask for: a span counting both ends covers at least one day.
fn at_most_one_day(lead: Duration) -> bool {
    match lead.unit {
        DurationUnit::Days => lead.amount <= 1,
        DurationUnit::Minutes | DurationUnit::Hours => {
            lead.fixed_minutes().is_some_and(|m| m <= 24 * 60)
        }
        _ => lead.amount == 0,
    }
}

pub(super) fn deadline(s: &Sides<'_>, a: &Deadline, b: &Deadline, out: &mut Vec<Aspect>) {
    if a.filter != b.filter {
        let forward = implies_optional(a.filter.as_ref(), b.filter.as_ref());
        let backward = implies_optional(b.filter.as_ref(), a.filter.as_ref());
        let (direction, reason) = match (forward, backward) {
            (true, true) => (Neutral, ""),
            (true, false) => (
                Stricter,
                "judges more rows: every row judged before is judged now, and more",
            ),
            (false, true) => (Looser, "judges fewer rows"),
            (false, false) => match (&a.filter, &b.filter) {
                (Some(x), Some(y)) if differ_both_ways(x, y) => {
                    (Mixed, "judges different rows: some newly, some no longer")
                }
                // Not shown either way is not a direction.
                _ => (
                    Neutral,
                    "cannot tell whether either `where` takes in the rows of the other",
                ),
            },
        };
        // Empty: the same rows, written differently.
        if !reason.is_empty() {
            out.push(Aspect::new(
                "which rows",
                rows_words(s.old, a),
                rows_words(s.new, b),
                direction,
                reason,
            ));
        }
    }
    let (direction, reason) = match (&a.end, &b.end) {
        (DeadlineEnd::Within { limit: la, .. }, DeadlineEnd::Within { limit: lb, .. }) => {
            // `absence.end` and `end` are different columns.
            let (sa, sb) = (
                a.end.start_path().unwrap_or_default(),
                b.end.start_path().unwrap_or_default(),
            );
            if sa != sb {
                out.push(Aspect::new(
                    "counted from",
                    &sa,
                    &sb,
                    Neutral,
                    format!("the time is counted from `{sb}` instead of `{sa}`"),
                ));
            }
            if same_length(*la, *lb) {
                return;
            }
            led_duration_change(*la, *lb, true, "sooner: ", "later: ")
        }
        (
            DeadlineEnd::LeadTime {
                lead: la,
                before_column: ca,
            },
            DeadlineEnd::LeadTime {
                lead: lb,
                before_column: cb,
            },
        ) => {
            if ca != cb {
                out.push(Aspect::new(
                    "notice before",
                    ca,
                    cb,
                    Neutral,
                    format!("the notice is counted back from `{cb}` instead of `{ca}`"),
                ));
            }
            if same_length(*la, *lb) {
                return;
            }
            led_duration_change(*la, *lb, false, "more notice: ", "less notice: ")
        }
        (
            DeadlineEnd::LeadLength {
                from_column: fa,
                to_column: ta,
                before_column: ca,
            },
            DeadlineEnd::LeadLength {
                from_column: fb,
                to_column: tb,
                before_column: cb,
            },
        ) => {
            if (fa, ta, ca) == (fb, tb, cb) {
                return;
            }
            (
                Mixed,
                "the notice is measured over different columns: which is longer depends on each row"
                    .to_string(),
            )
        }
        // A fixed notice against one as long as the row: the row's length is
        // at least a day, so a fixed notice of a day or less asks for less.
        (
            DeadlineEnd::LeadTime {
                lead,
                before_column: ca,
            },
            DeadlineEnd::LeadLength {
                before_column: cb, ..
            },
        ) if ca == cb => {
            if at_most_one_day(*lead) {
                (
                    Stricter,
                    "more notice: as long as the row's own length, which is never less than a day"
                        .to_string(),
                )
            } else {
                (
                    Mixed,
                    format!("the notice is the row's own length instead of {lead}: more for long rows, less for short ones"),
                )
            }
        }
        (
            DeadlineEnd::LeadLength {
                before_column: ca, ..
            },
            DeadlineEnd::LeadTime {
                lead,
                before_column: cb,
            },
        ) if ca == cb => {
            if at_most_one_day(*lead) {
                (
                    Looser,
                    format!("less notice: {lead} instead of the row's own length, which is never less than a day"),
                )
            } else {
                (
                    Mixed,
                    format!("the notice is {lead} instead of the row's own length: more for short rows, less for long ones"),
                )
            }
        }
        (
            DeadlineEnd::BeforeNext {
                activity: x,
                of: ox,
            },
            DeadlineEnd::BeforeNext {
                activity: y,
                of: oy,
            },
        ) if ox != oy => {
            // Another person's next session is unrelated in time to the
            // first person's: neither is stricter.
            let whose = |o: &Option<String>| match o {
                Some(o) => format!("the next `{y}` of `{o}`"),
                None => "the row's own subject's next one".to_string(),
            };
            (
                Neutral,
                format!("due before {} instead of {}", whose(oy), whose(ox).replace(&format!("`{y}`"), &format!("`{x}`"))),
            )
        }
        (
            DeadlineEnd::BeforeNext { activity: x, .. },
            DeadlineEnd::BeforeNext { activity: y, .. },
        ) => {
            if x == y {
                // The same words, but the activity may now take other rows.
                let (x, y) = (std::slice::from_ref(x), std::slice::from_ref(y));
                activity_definitions(s, x, y, ActivityUse::Next, out);
                return;
            }
            (
                Neutral,
                format!("due before the next `{y}` instead of the next `{x}`"),
            )
        }
        // Counted back from the column the other counted forward from: a
        // due date at or before it is never later than one after it.
        (
            DeadlineEnd::Within {
                limit,
                through,
                start_column: sa,
            },
            DeadlineEnd::LeadTime {
                before_column: cb, ..
            }
            | DeadlineEnd::LeadLength {
                before_column: cb, ..
            },
        ) if through.is_empty() && sa == cb => (
            Stricter,
            format!("sooner: due before `{cb}` instead of up to {limit} after it"),
        ),
        (
            DeadlineEnd::LeadTime {
                before_column: ca, ..
            }
            | DeadlineEnd::LeadLength {
                before_column: ca, ..
            },
            DeadlineEnd::Within {
                limit,
                through,
                start_column: sb,
            },
        ) if through.is_empty() && ca == sb => (
            Looser,
            format!("later: due up to {limit} after `{sb}` instead of before it"),
        ),
        (DeadlineEnd::BeforeNext { .. }, _) | (_, DeadlineEnd::BeforeNext { .. }) => (
            Neutral,
            "a different kind of deadline: which is stricter depends on how often sessions happen"
                .to_string(),
        ),
        _ => (
            Neutral,
            "a different kind of deadline, counted from other columns: which is stricter depends on each row's dates"
                .to_string(),
        ),
    };
    out.push(Aspect::new(
        "deadline",
        end_text(a),
        end_text(b),
        direction,
        reason,
    ));
}
