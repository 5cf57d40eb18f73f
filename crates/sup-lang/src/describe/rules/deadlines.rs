//! Deadline rules in English: the event a deadline runs from and to.

use crate::describe::conditions::{self, Mood, RowOwner, Scope};
use crate::describe::english::{self, without_article};
use crate::describe::names;
use crate::policy::{CompiledPolicy, Condition, Deadline, DeadlineEnd};

/// A date column read as an event: `recorded` → participle "recorded";
/// `notification_sent` → noun "notification", participle "sent";
/// `signed_by_supervisee` → "signed" by "the supervisee"; `start` → noun.
struct Event {
    noun: Option<String>,
    participle: Option<String>,
    /// "by the supervisee", when the column says who.
    by: Option<String>,
}

fn event(text: String) -> Event {
    let (main, by) = match text.split_once(" by ") {
        Some((main, who)) => (main.to_string(), Some(format!("by {}", with_the(who)))),
        None => (text, None),
    };
    match english::split_participle(&main) {
        Some((noun, participle)) => Event {
            noun: if noun.is_empty() { None } else { Some(noun) },
            participle: Some(participle),
            by,
        },
        None => Event {
            noun: Some(main),
            participle: None,
            by,
        },
    }
}

/// "supervisor" → "the supervisor"; leaves "HR" and "the panel" alone.
fn with_the(who: &str) -> String {
    if english::has_determiner(who) || who.chars().next().is_some_and(char::is_uppercase) {
        who.to_string()
    } else {
        format!("the {who}")
    }
}

/// Verbs whose past form does not take "being": "the officer left" becomes
/// "the date the officer left", not "the officer being left".
const INTRANSITIVE: &[&str] = &[
    "left", "started", "joined", "arrived", "ended", "finished", "retired", "moved",
];

/// The moment a deadline runs from, after "within 2 weeks of".
fn start_phrase(column: String) -> String {
    let e = event(column);
    let by = e.by.map(|b| format!(" {b}")).unwrap_or_default();
    match (e.noun, e.participle) {
        (Some(noun), Some(p)) if INTRANSITIVE.contains(&p.as_str()) => {
            format!("the date the {noun} {p}")
        }
        (Some(noun), Some(p)) => format!("the {noun} being {p}{by}"),
        (None, Some(p)) => format!("being {p}{by}"),
        (Some(noun), None) => format!("its {noun}"),
        (None, None) => "its date".into(),
    }
}

/// The moment a notice period ends at, after "before" or "no later than":
/// "its start", "the date it was decided", "the date the plan was sent".
fn moment_phrase(column: String) -> String {
    let e = event(column);
    let by = e.by.map(|b| format!(" {b}")).unwrap_or_default();
    match (e.noun, e.participle) {
        (Some(noun), Some(p)) if INTRANSITIVE.contains(&p.as_str()) => {
            format!("the date the {noun} {p}")
        }
        (Some(noun), Some(p)) => format!("the date the {noun} was {p}{by}"),
        (None, Some(p)) => format!("the date it was {p}{by}"),
        (Some(noun), None) => format!("its {noun}"),
        (None, None) => "its date".into(),
    }
}

pub(super) fn deadline(policy: &CompiledPolicy, d: &Deadline) -> String {
    // Each column as words: its label, else its name.
    let col = |c: &str| names::column_in(policy, &d.table, c);
    let row = match &d.activity {
        Some(a) => names::activities(policy, std::slice::from_ref(a)).singular,
        None => names::table_row(policy, &d.table),
    };
    let when = extra_filter(policy, d)
        .map(|c| {
            let scope = Scope {
                policy,
                table: &d.table,
                owner: RowOwner::Its,
            };
            conditions::render(&scope, c, Mood::Is)
        })
        .map(|c| format!("when {c}"));
    let by_when = match &d.end {
        DeadlineEnd::Within {
            limit,
            through,
            start_column,
        } if !through.is_empty() => {
            // "within 5 working days of the end of its absence": the row the
            // references lead to, read as a possessive chain, each column by
            // its label in its own table.
            let mut table = d.table.as_str();
            let mut whose: Vec<String> = Vec::new();
            for step in through {
                whose.push(names::column_in(policy, table, &step.reference));
                table = step.table.as_str();
            }
            format!(
                "within {limit} of the {} of its {}",
                names::column_in(policy, table, start_column),
                whose.join("'s ")
            )
        }
        DeadlineEnd::Within {
            limit,
            start_column,
            ..
        } => format!("within {limit} of {}", start_phrase(col(start_column))),
        DeadlineEnd::BeforeNext { activity, of } => {
            let next = names::activities(policy, std::slice::from_ref(activity));
            match of {
                // The person named by the row, not the row's own subject.
                // "own": the activity counted by that person, as it would
                // be counted for them (a supervisor's own supervision).
                Some(of) => {
                    let whose: Vec<String> = of.split('.').map(names::column).collect();
                    format!(
                        "before its {}'s own next {}",
                        whose.join("'s "),
                        without_article(&next.singular)
                    )
                }
                None => format!("before the next {}", without_article(&next.singular)),
            }
        }
        DeadlineEnd::LeadTime {
            lead,
            before_column,
        } if lead.is_zero() => {
            format!("no later than {}", moment_phrase(col(before_column)))
        }
        DeadlineEnd::LeadTime {
            lead,
            before_column,
        } => {
            format!(
                "at least {lead} before {}",
                moment_phrase(col(before_column))
            )
        }
        DeadlineEnd::LeadLength {
            from_column,
            to_column,
            before_column,
        } => format!(
            "at least as many days before {} as there are days from {} to {}, both counted",
            moment_phrase(col(before_column)),
            moment_phrase(col(from_column)),
            moment_phrase(col(to_column))
        ),
    };
    let end = event(col(&d.end_column));
    let by = end.by.map(|b| format!(" {b}")).unwrap_or_default();
    // A session is held, but it is the record of it that is signed.
    let each = if d.table == "sessions" && end.participle.as_deref() == Some("signed") {
        format!("the record of each {row}")
    } else {
        format!("each {row}")
    };
    match (end.noun, end.participle) {
        (None, Some(p)) => match when {
            Some(when) => format!("{each}, {when}, must be {p}{by} {by_when}"),
            None => format!("{each} must be {p}{by} {by_when}"),
        },
        (noun, participle) => {
            let noun = noun.unwrap_or_default();
            let must = match participle {
                Some(p) => format!("the {noun} must be {p}{by}"),
                None => format!("the {noun} must take place"),
            };
            let when = when.map(|w| format!(" {w}")).unwrap_or_default();
            format!("for each {row}{when}, {must} {by_when}")
        }
    }
}

/// The rule's own `where`, without the activity's filter, which the
/// activity's name already says ("one-to-one session" means held ones).
fn extra_filter<'p>(policy: &'p CompiledPolicy, d: &'p Deadline) -> Option<&'p Condition> {
    let filter = d.filter.as_ref()?;
    let activity_filter = d
        .activity
        .as_ref()
        .and_then(|a| policy.activities.get(a))
        .and_then(|a| a.filter.as_ref());
    match activity_filter {
        None => Some(filter),
        Some(own) if own == filter => None,
        Some(own) => match filter {
            Condition::All { of } => match of.as_slice() {
                [first, extra] if first == own => Some(extra),
                _ => Some(filter),
            },
            _ => Some(filter),
        },
    }
}
