//! Frequency rules in English: requirements, windows and schedules by tenure.

use crate::describe::english::{count_free, every, list, ordinal, with_article};
use crate::describe::names::{self, ActivityPhrase};
use crate::policy::{
    CalendarPeriod, CompiledPolicy, Duration, Frequency, PartialWindows, Phase, Requirement,
    Schedule, Window,
};

/// A requirement as words. Most read as an adverb after the activity ("a
/// one-to-one session *at least every 2 weeks*"); a count of three or more,
/// or a time, reads better with the activity inside ("at least 10 one-to-one
/// sessions in each calendar year").
enum Wording {
    Adverbial(String),
    Whole(String),
}

impl Wording {
    fn whole(self, activity: &ActivityPhrase) -> String {
        match self {
            Wording::Adverbial(adverb) => format!("{} {adverb}", activity.with_article),
            Wording::Whole(text) => text,
        }
    }
}

fn requirement(
    policy: &CompiledPolicy,
    table: &str,
    requirement: &Requirement,
    activity: &ActivityPhrase,
) -> Wording {
    match requirement {
        Requirement::Occurrences { count, of } => {
            let counted = names::activities(policy, std::slice::from_ref(of));
            // A label that cannot be made plural gives way to the name.
            let plural = counted.plural.clone().unwrap_or_else(|| {
                crate::describe::english::plural(&crate::describe::english::words(of))
            });
            let per = match count {
                1 => format!("for every {}", counted.singular),
                n => format!("in every {n} {plural}"),
            };
            Wording::Adverbial(format!(
                "at least once {per} (by the day of the {} {} after the last one)",
                ordinal(count.saturating_add(1)),
                counted.singular
            ))
        }
        Requirement::Gap {
            max: Some(max),
            min: None,
        } => Wording::Adverbial(format!("at least {}", every(*max))),
        Requirement::Gap {
            max: Some(max),
            min: Some(min),
        } => Wording::Adverbial(format!(
            "at least {}, and never within {} of the previous one",
            every(*max),
            min
        )),
        Requirement::Gap { max: None, min } => {
            let apart = min.map_or_else(String::new, |m| format!("at least {m} apart"));
            match &activity.plural {
                Some(plural) => Wording::Whole(format!("their {plural} {apart}")),
                None => Wording::Whole(format!("each {} {apart}", activity.singular)),
            }
        }
        Requirement::Count {
            min: 0,
            window,
            max: Some(max),
        } => {
            // "must have no more than": a maximum read as a minimum
            // ("must have ... at most twice") would sound like a demand.
            let window = window_phrase(policy, window);
            match (max, &activity.plural) {
                (1, _) => {
                    Wording::Whole(format!("no more than one {} {window}", activity.singular))
                }
                (n, Some(plural)) => Wording::Whole(format!("no more than {n} {plural} {window}")),
                (n, None) => Wording::Whole(format!(
                    "{} no more than {n} times {window}",
                    activity.with_article
                )),
            }
        }
        Requirement::Count { min, window, max } => {
            let window = window_phrase(policy, window);
            match (min, max, &activity.plural) {
                (1, None, _) => Wording::Adverbial(format!("at least once {window}")),
                (2, None, _) => Wording::Adverbial(format!("at least twice {window}")),
                (n, None, Some(plural)) => {
                    Wording::Whole(format!("at least {n} {plural} {window}"))
                }
                (n, None, None) => Wording::Adverbial(format!("at least {n} times {window}")),
                (n, Some(m), Some(plural)) if *m > 2 => {
                    Wording::Whole(format!("at least {n} and at most {m} {plural} {window}"))
                }
                (n, Some(m), _) => Wording::Adverbial(format!(
                    "at least {} and at most {} {window}",
                    times(*n),
                    times(*m)
                )),
            }
        }
        Requirement::Time {
            min,
            window,
            scaled_by,
        } => {
            let what = activity
                .plural
                .clone()
                .unwrap_or_else(|| activity.singular.clone());
            let scale = scaled_by
                .as_deref()
                .map(|c| scaled_phrase(policy, table, c))
                .unwrap_or_default();
            Wording::Whole(format!(
                "at least {min} of {what} {}{scale}",
                window_phrase(policy, window)
            ))
        }
    }
}

/// A number of times as an adverb: "once", "twice", "3 times".
fn times(n: u32) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

/// "for each of their placement days" for a plural column, "multiplied by
/// their weighting" otherwise.
fn scaled_phrase(policy: &CompiledPolicy, table: &str, column: &str) -> String {
    let words = names::column_in(policy, table, column);
    if words.ends_with('s') {
        format!(" for each of their {words}")
    } else {
        format!(" multiplied by their {words}")
    }
}

fn window_phrase(policy: &CompiledPolicy, window: &Window) -> String {
    match window {
        Window::Calendar { period } => match period {
            CalendarPeriod::Week => "in each calendar week".into(),
            CalendarPeriod::Fortnight => "in each fortnight".into(),
            CalendarPeriod::Month => "in each calendar month".into(),
            CalendarPeriod::Quarter => "in each quarter".into(),
            CalendarPeriod::Year => "in each calendar year".into(),
            CalendarPeriod::FinancialYear => "in each financial year (April to March)".into(),
            CalendarPeriod::AcademicYear => "in each academic year (September to August)".into(),
        },
        Window::Rolling { length } => {
            if length.amount == 1 {
                let unit = count_free(*length);
                format!("in any period of {}", with_article(&unit))
            } else {
                format!("in any period of {length}")
            }
        }
        Window::Periods { calendar } => {
            format!("in each {}", names::calendar_period(policy, calendar))
        }
    }
}

pub(super) fn frequency(policy: &CompiledPolicy, f: &Frequency) -> String {
    let mut activity = names::activities(policy, &f.activities);
    if let Some(column) = &f.with_supervisor {
        activity = activity.followed_by(&format!(
            "with their {}",
            names::column_in(policy, &f.subject_table, column)
        ));
    }
    let who = names::group(policy, &f.group);
    let what = match &f.schedule {
        Schedule::Fixed { requirement: r } => {
            requirement(policy, &f.subject_table, r, &activity).whole(&activity)
        }
        Schedule::ByTenure { phases } => phased(policy, &f.subject_table, phases, &activity),
    };
    let mut text = format!("{who} must have {what}");
    let requirements: Vec<&Requirement> = match &f.schedule {
        Schedule::Fixed { requirement } => vec![requirement],
        Schedule::ByTenure { phases } => phases.iter().map(|p| &p.requirement).collect(),
    };
    // Only a minimum is pro-rated and scaled for partial periods: a maximum
    // or a gap (of time or of rows counted) is the same for everyone.
    let counted = requirements.iter().any(|r| {
        !matches!(
            r,
            Requirement::Gap { .. }
                | Requirement::Count { min: 0, .. }
                | Requirement::Occurrences { .. }
        )
    });
    if counted && f.subject_table == "staff" {
        match f.pro_rata.as_deref() {
            None => text.push_str("; part-time staff are not pro-rated"),
            Some("fte") => text.push_str(
                "; this is pro-rated for part-time staff by their full-time equivalent (FTE)",
            ),
            Some(column) => text.push_str(&format!(
                "; this is pro-rated by their {}",
                names::column_in(policy, &f.subject_table, column)
            )),
        }
    }
    if counted {
        match f.partial_windows {
            PartialWindows::Prorated => {}
            PartialWindows::Full => text.push_str("; the full amount is required even for a period someone is only partly covered for"),
            PartialWindows::Ignored => text.push_str("; periods someone is only partly covered for are not checked"),
        }
    }
    if let Some(alt) = &f.alternating {
        text.push_str(&format!(
            "; these sessions must alternate between their {} and their {}, so neither leads two in a row (sessions led by anyone else are passed over)",
            names::column_in(policy, &f.subject_table, &alt.first),
            names::column_in(policy, &f.subject_table, &alt.second)
        ));
    }
    text
}

/// "a one-to-one session at least every week for their first 6 weeks, at
/// least every 2 weeks from then until 12 months, and at least every month
/// after that".
fn phased(
    policy: &CompiledPolicy,
    table: &str,
    phases: &[Phase],
    activity: &ActivityPhrase,
) -> String {
    let wordings: Vec<Wording> = phases
        .iter()
        .map(|p| requirement(policy, table, &p.requirement, activity))
        .collect();
    let all_adverbial = wordings.iter().all(|w| matches!(w, Wording::Adverbial(_)));
    let mut parts = Vec::new();
    let mut previous_end: Option<Duration> = None;
    for (index, (phase, wording)) in phases.iter().zip(wordings).enumerate() {
        let what = match wording {
            Wording::Adverbial(adverb) if all_adverbial => adverb,
            other => other.whole(activity),
        };
        let continues = previous_end.is_some_and(|end| {
            end == phase.from
                || (end.approx_minutes() - phase.from.approx_minutes()).abs() <= 1440.0
        });
        let when = match (phase.from.is_zero(), continues, phase.until) {
            (true, _, Some(until)) => format!("for their first {}", count_free(until)),
            (true, _, None) => "from the start".to_string(),
            (false, true, Some(until)) => format!("from then until {until}"),
            (false, true, None) => "after that".to_string(),
            (false, false, Some(until)) => format!("from {} until {until} of service", phase.from),
            (false, false, None) => format!("from {} of service onwards", phase.from),
        };
        // A lone phase that covers all of tenure needs no time phrase.
        if index == 0 && phases.len() == 1 && phase.from.is_zero() && phase.until.is_none() {
            parts.push(what);
        } else {
            parts.push(format!("{what} {when}"));
        }
        previous_end = phase.until;
    }
    let joined = match parts.as_slice() {
        [rest @ .., last] if rest.len() >= 2 => format!("{}, and {last}", rest.join(", ")),
        _ => list(&parts, "and"),
    };
    let body = if all_adverbial {
        format!("{} {joined}", activity.with_article)
    } else {
        joined
    };
    match phases.last().and_then(|p| p.until) {
        Some(end) => format!("{body}; nothing is required after {end}"),
        None => body,
    }
}
