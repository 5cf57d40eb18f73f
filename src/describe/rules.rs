//! One English sentence per rule, for each of the six rule families.
//!
//! Sentences are built from the compiled policy only, so they say what the
//! evaluator will check, not what the author meant to write.

use super::conditions::{self, Mood, RowOwner, Scope};
use super::english::{self, capitalise, count_free, every, list, with_article, without_article};
use super::names::{self, ActivityPhrase};
use crate::policy::{
    Access, Amount, Attribute, CalendarPeriod, CompiledPolicy, Condition, Deadline, DeadlineEnd,
    Duration, Eligibility, Frequency, Grant, Limit, Measure, Notify, PartialWindows, Phase,
    Requirement, Retention, RetentionAnchor, RuleBody, Schedule, Window,
};

/// The rule body as one sentence, ending with a full stop.
pub(crate) fn sentence(policy: &CompiledPolicy, body: &RuleBody) -> String {
    let text = match body {
        RuleBody::Frequency(f) => frequency(policy, f),
        RuleBody::Eligibility(e) => eligibility(policy, e),
        RuleBody::Limit(l) => limit(policy, l),
        RuleBody::Deadline(d) => deadline(policy, d),
        RuleBody::Retention(r) => retention(policy, r),
        RuleBody::Access(a) => access(policy, a),
        RuleBody::Attribute(a) => attribute(policy, a),
    };
    format!("{}.", capitalise(&text))
}

// ---------------------------------------------------------------- frequency

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
    requirement: &Requirement,
    activity: &ActivityPhrase,
) -> Wording {
    match requirement {
        Requirement::Gap { max } => Wording::Adverbial(format!("at least {}", every(*max))),
        Requirement::Count { min, window } => {
            let window = window_phrase(policy, window);
            match (min, &activity.plural) {
                (1, _) => Wording::Adverbial(format!("at least once {window}")),
                (2, _) => Wording::Adverbial(format!("at least twice {window}")),
                (n, Some(plural)) => Wording::Whole(format!("at least {n} {plural} {window}")),
                (n, None) => Wording::Adverbial(format!("at least {n} times {window}")),
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
            let scale = scaled_by.as_deref().map(scaled_phrase).unwrap_or_default();
            Wording::Whole(format!(
                "at least {min} of {what} {}{scale}",
                window_phrase(policy, window)
            ))
        }
    }
}

/// "for each of their placement days" for a plural column, "multiplied by
/// their weighting" otherwise.
fn scaled_phrase(column: &str) -> String {
    let words = names::column(column);
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

fn frequency(policy: &CompiledPolicy, f: &Frequency) -> String {
    let mut activity = names::activities(policy, &f.activities);
    if let Some(column) = &f.with_supervisor {
        activity = activity.followed_by(&format!("with their {}", names::column(column)));
    }
    let who = names::group(policy, &f.group);
    let what = match &f.schedule {
        Schedule::Fixed { requirement: r } => requirement(policy, r, &activity).whole(&activity),
        Schedule::ByTenure { phases } => phased(policy, phases, &activity),
    };
    let mut text = format!("{who} must have {what}");
    let requirements: Vec<&Requirement> = match &f.schedule {
        Schedule::Fixed { requirement } => vec![requirement],
        Schedule::ByTenure { phases } => phases.iter().map(|p| &p.requirement).collect(),
    };
    let counted = requirements
        .iter()
        .any(|r| !matches!(r, Requirement::Gap { .. }));
    if counted && f.subject_table == "staff" {
        match f.pro_rata.as_deref() {
            None => text.push_str("; part-time staff are not pro-rated"),
            Some("fte") => text.push_str(
                "; this is pro-rated for part-time staff by their full-time equivalent (FTE)",
            ),
            Some(column) => text.push_str(&format!(
                "; this is pro-rated by their {}",
                names::column(column)
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
            names::column(&alt.first),
            names::column(&alt.second)
        ));
    }
    text
}

/// "a one-to-one session at least every week for their first 6 weeks, at
/// least every 2 weeks from then until 12 months, and at least every month
/// after that".
fn phased(policy: &CompiledPolicy, phases: &[Phase], activity: &ActivityPhrase) -> String {
    let wordings: Vec<Wording> = phases
        .iter()
        .map(|p| requirement(policy, &p.requirement, activity))
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

// ---------------------------------------------------------------- eligibility

fn eligibility(policy: &CompiledPolicy, e: &Eligibility) -> String {
    let sessions = if names::all_session_kinds(policy, &e.activities) {
        "supervision session".to_string()
    } else {
        names::activities(policy, &e.activities).singular
    };
    let scope = Scope {
        policy,
        table: "staff",
        owner: RowOwner::Their,
    };
    // Neighbouring clauses under the same `when` share it: "when the
    // supervisor's role is X, A and B".
    let mut runs: Vec<(Option<&Condition>, Vec<String>)> = Vec::new();
    for clause in &e.clauses {
        let require = conditions::render(&scope, &clause.require, Mood::Must);
        match runs.last_mut() {
            Some((Some(when), requires)) if Some(*when) == clause.when.as_ref() => {
                requires.push(require)
            }
            _ => runs.push((clause.when.as_ref(), vec![require])),
        }
    }
    let clauses: Vec<String> = runs
        .into_iter()
        .map(|(when, requires)| {
            let requires = list(&requires, "and");
            match when {
                Some(when) => format!(
                    "when {}, {requires}",
                    conditions::render(&scope, when, Mood::Is)
                ),
                None => requires,
            }
        })
        .collect();
    // Clauses that carry their own commas ("when ..., ...", "A, B or C") are
    // kept apart with semicolons.
    let joined = match clauses.as_slice() {
        [rest @ .., last] if !rest.is_empty() && clauses.iter().any(|c| c.contains(", ")) => {
            format!("{}; and {last}", rest.join("; "))
        }
        _ => list(&clauses, "and"),
    };
    format!(
        "in any {sessions} with {}, {joined}",
        names::group(policy, &e.group)
    )
}

// ---------------------------------------------------------------- limits

/// "between 5 and 7", "at most 6", "at least 50%", "exactly 3".
fn range(min: Option<Amount>, max: Option<Amount>) -> String {
    match (min, max) {
        (Some(low), Some(high)) if low == high => format!("exactly {low}"),
        (Some(low), Some(high)) => format!("between {low} and {high}"),
        (Some(low), None) => format!("at least {low}"),
        (None, Some(high)) => format!("at most {high}"),
        (None, None) => "any number of".into(),
    }
}

fn limit(policy: &CompiledPolicy, l: &Limit) -> String {
    let who = names::group(policy, &l.group);
    let amount = range(l.min, l.max);
    let sessions = || {
        if l.activities.is_empty() {
            "supervision session".to_string()
        } else {
            names::activities(policy, &l.activities).singular
        }
    };
    let mut text = match l.measure {
        Measure::Supervisees => format!("{who} must each have {amount} supervisees at all times"),
        Measure::Caseload => format!("{who} must each have a caseload of {amount}"),
        Measure::CaseloadPerFte => {
            format!("{who} must each have a caseload of {amount} per full-time equivalent (FTE)")
        }
        Measure::GroupSize => format!(
            "each {} with {who} must have {amount} attendees",
            sessions()
        ),
        Measure::SessionLength => format!("each {} with {who} must last {amount}", sessions()),
        Measure::TeamCover => format!(
            "among {who}, {amount} of each team must be available (not on leave) on every day"
        ),
    };
    if let Some(calendar) = &l.excluding {
        text.push_str(&format!(
            ", except during {}",
            names::calendar(policy, calendar)
        ));
    }
    text
}

// ---------------------------------------------------------------- deadlines

/// A date column read as an event: `recorded` → participle "recorded";
/// `notification_sent` → noun "notification", participle "sent";
/// `signed_by_supervisee` → "signed" by "the supervisee"; `start` → noun.
struct Event {
    noun: Option<String>,
    participle: Option<String>,
    /// "by the supervisee", when the column says who.
    by: Option<String>,
}

fn event(column: &str) -> Event {
    let text = names::column(column);
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
fn start_phrase(column: &str) -> String {
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
fn moment_phrase(column: &str) -> String {
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

fn deadline(policy: &CompiledPolicy, d: &Deadline) -> String {
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
            start_column,
        } => format!("within {limit} of {}", start_phrase(start_column)),
        DeadlineEnd::BeforeNext { activity } => {
            let next = names::activities(policy, std::slice::from_ref(activity));
            format!("before the next {}", without_article(&next.singular))
        }
        DeadlineEnd::LeadTime {
            lead,
            before_column,
        } if lead.is_zero() => {
            format!("no later than {}", moment_phrase(before_column))
        }
        DeadlineEnd::LeadTime {
            lead,
            before_column,
        } => {
            format!("at least {lead} before {}", moment_phrase(before_column))
        }
        DeadlineEnd::LeadLength {
            from_column,
            to_column,
            before_column,
        } => format!(
            "at least as many days before {} as there are days from {} to {}, both counted",
            moment_phrase(before_column),
            moment_phrase(from_column),
            moment_phrase(to_column)
        ),
    };
    let end = event(&d.end_column);
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

// ---------------------------------------------------------------- retention

fn record_kinds(policy: &CompiledPolicy, kinds: &[String]) -> String {
    format!(
        "{} records",
        list(
            &kinds
                .iter()
                .map(|k| names::vocabulary_value(policy, "record_kind", k))
                .collect::<Vec<_>>(),
            "and"
        )
    )
}

fn retention(policy: &CompiledPolicy, r: &Retention) -> String {
    let what = record_kinds(policy, &r.record_kinds);
    let after = match r.anchor {
        RetentionAnchor::Leaving => "after the member of staff leaves",
        RetentionAnchor::Creation => "after they are created",
    };
    match (r.min, r.max) {
        (Some(min), Some(max)) => {
            format!("{what} must be kept for at least {min}, and for no more than {max}, {after}")
        }
        (Some(min), None) => format!("{what} must be kept for at least {min} {after}"),
        (None, Some(max)) => format!("{what} must not be kept for more than {max} {after}"),
        (None, None) => format!("{what} may be kept for any length of time"),
    }
}

// ---------------------------------------------------------------- access

fn access(policy: &CompiledPolicy, a: &Access) -> String {
    let what = record_kinds(policy, &a.record_kinds);
    let grants: Vec<String> = a.allow.iter().map(|g| grant(policy, g)).collect();
    // "Only" is true unless some grant lets anyone read them for any purpose.
    let open_to_all =
        |g: &Grant| g.roles.iter().any(|r| r == "anyone") && g.purposes.iter().any(|p| p == "any");
    let only = if a.allow.iter().any(open_to_all) {
        ""
    } else {
        " only"
    };
    let mut text = match grants.as_slice() {
        [] => format!("{what} may not be read by anyone"),
        [rest @ .., last] if rest.len() >= 2 => {
            format!("{what} may be read{only} {}, and {last}", rest.join(", "))
        }
        _ => format!("{what} may be read{only} {}", list(&grants, "and")),
    };
    if !a.deny.is_empty() {
        let denied: Vec<String> = a
            .deny
            .iter()
            .map(|r| names::role_plural(policy, r))
            .collect();
        text.push_str(&format!("; {} may not read them", list(&denied, "and")));
    }
    if let Some(notify) = &a.notify {
        let when = match notify.within {
            Some(within) => format!("within {within}"),
            None => "by the time it happens".to_string(),
        };
        text.push_str(&format!(
            "; the member of staff must be told of each access {when}"
        ));
    }
    text
}

/// "by line managers for supervision", with any notice owed for this grant.
fn grant(policy: &CompiledPolicy, g: &Grant) -> String {
    let roles: Vec<String> = g
        .roles
        .iter()
        .map(|r| names::role_plural(policy, r))
        .collect();
    let roles = match roles.as_slice() {
        [only] if only == "the member of staff" => "the member of staff themselves".to_string(),
        _ => list(&roles, "and"),
    };
    let purposes = if g.purposes.iter().any(|p| p == "any") {
        "any purpose".to_string()
    } else {
        list(
            &g.purposes
                .iter()
                .map(|p| names::vocabulary_value(policy, "purpose", p))
                .collect::<Vec<_>>(),
            "and",
        )
    };
    match &g.notify {
        Some(notify) => format!(
            "by {roles} for {purposes} (telling the member of staff {})",
            notify_time(notify)
        ),
        None => format!("by {roles} for {purposes}"),
    }
}

/// When the member of staff must be told; without a time, no later than
/// the access itself.
fn notify_time(notify: &Notify) -> String {
    match notify.within {
        Some(within) => format!("within {within}"),
        None => "by the time of the access".to_string(),
    }
}

// ---------------------------------------------------------------- attributes

fn attribute(policy: &CompiledPolicy, a: &Attribute) -> String {
    let scope = Scope {
        policy,
        table: &a.subject_table,
        owner: RowOwner::Their,
    };
    // Stated as a fact after a colon rather than with "must" inside: a
    // group's label ("all staff employed ...") does not always take "each
    // of" gracefully, but it always takes "must each".
    format!(
        "{} must each meet this condition: {}",
        names::group(policy, &a.group),
        conditions::render(&scope, &a.condition, Mood::Is)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, CheckOptions};

    const HEADER: &str = "policy \"T\" { owner: \"O\" }\n\
        roles: service_manager, line_manager, inspector, senior_manager\n\
        purposes: supervision, inspection, quality_assurance\n\
        registrations: HCPC\n\
        tags: asye\n\
        group social_workers: staff\n\
        group nqsw \"newly qualified social workers\": staff where tags has asye\n";

    /// The sentence for the last rule in `src` (after a standard header).
    fn describe(src: &str) -> String {
        let checked = check(
            &format!("{HEADER}{src}"),
            &CheckOptions {
                file_name: "test.sup".into(),
                today: None,
            },
        );
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        let rule = checked.policy.rules.last().expect("a rule");
        sentence(&checked.policy, &rule.body)
    }

    #[test]
    fn frequency_count_not_pro_rata() {
        assert_eq!(
            describe("rule r: require one_to_one for social_workers: at least 10 per year, not pro rata"),
            "Social workers must have at least 10 one-to-one sessions in each calendar year; part-time staff are not pro-rated."
        );
    }

    #[test]
    fn frequency_pro_rata_by_fte() {
        assert_eq!(
            describe("rule r: require one_to_one for social_workers: at least 10 per year, pro rata"),
            "Social workers must have at least 10 one-to-one sessions in each calendar year; this is pro-rated for part-time staff by their full-time equivalent (FTE)."
        );
    }

    #[test]
    fn frequency_once_reads_as_an_adverb() {
        assert_eq!(
            describe("rule r: require one_to_one for social_workers: at least once in any 12 months"),
            "Social workers must have a one-to-one session at least once in any period of 12 months; part-time staff are not pro-rated."
        );
    }

    #[test]
    fn frequency_gap() {
        assert_eq!(
            describe("rule r: require one_to_one for social_workers: every 2 weeks"),
            "Social workers must have a one-to-one session at least every 2 weeks."
        );
    }

    #[test]
    fn frequency_by_tenure() {
        assert_eq!(
            describe("rule r: require one_to_one for nqsw by tenure {\n first 6 weeks: every 1 week\n until 12 months: every 2 weeks\n then: every 1 month\n}"),
            "Newly qualified social workers must have a one-to-one session at least every week for their first 6 weeks, at least every 2 weeks from then until 12 months, and at least every month after that."
        );
    }

    #[test]
    fn frequency_by_tenure_that_stops() {
        assert_eq!(
            describe("rule r: require one_to_one with line_manager for nqsw by tenure {\n first 6 weeks: every 2 weeks\n until 12 months: every 4 weeks\n}"),
            "Newly qualified social workers must have a one-to-one session with their line manager at least every 2 weeks for their first 6 weeks and at least every 4 weeks from then until 12 months; nothing is required after 12 months."
        );
    }

    #[test]
    fn frequency_time_scaled() {
        assert_eq!(
            describe("extend staff {\n placement_days: optional number\n}\nrule r: require one_to_one for social_workers: at least 30 minutes per week scaled by placement_days, not pro rata"),
            "Social workers must have at least 30 minutes of one-to-one sessions in each calendar week for each of their placement days; part-time staff are not pro-rated."
        );
    }

    #[test]
    fn frequency_over_declared_calendar_and_cases() {
        assert_eq!(
            describe("calendar half_term \"academic half terms\" {\n a: 2025-09-01 to 2025-10-24\n}\ngroup concern \"cases with a safeguarding concern\": cases\nrule r: require case_discussion for concern: at least once in each half_term"),
            "Cases with a safeguarding concern must have a discussion of the case at supervision at least once in each academic half term."
        );
    }

    #[test]
    fn frequency_partial_windows_named_when_not_the_default() {
        assert_eq!(
            describe("rule r: require agreement for social_workers: at least 3 per financial year, pro rata, partial windows full"),
            "Social workers must have a supervision agreement made or reviewed at least 3 times in each financial year (April to March); this is pro-rated for part-time staff by their full-time equivalent (FTE); the full amount is required even for a period someone is only partly covered for."
        );
    }

    #[test]
    fn eligibility_with_when() {
        assert_eq!(
            describe("rule r: eligible supervisor of one_to_one for social_workers {\n supervisor.level >= supervisee.level + 1\n supervisor.registrations has HCPC\n when supervisee.tenure < 12 months: supervisor.supervising_for >= 2 years\n}"),
            "In any one-to-one session with social workers, the supervisor's level must be at least the supervisee's level plus 1; the supervisor's registrations must include HCPC; and when the supervisee's length of service is less than 12 months, the supervisor's time as a supervisor must be at least 2 years."
        );
    }

    #[test]
    fn eligibility_clauses_share_a_when() {
        assert_eq!(
            describe("rule r: eligible supervisor of one_to_one for social_workers {\n when supervisor.role is line_manager: supervisee.tags has asye\n when supervisor.role is line_manager: supervisor.level >= 3\n}"),
            "In any one-to-one session with social workers, when the supervisor's role is line manager, the supervisee's tags must include ASYE and the supervisor's level must be at least 3."
        );
    }

    #[test]
    fn eligibility_lists_are_kept_apart_with_semicolons() {
        assert_eq!(
            describe("rule r: eligible supervisor of one_to_one for social_workers {\n supervisor.role is one of line_manager, senior_manager\n supervisor.level >= 3\n}"),
            "In any one-to-one session with social workers, the supervisor's role must be line manager or senior manager and the supervisor's level must be at least 3."
        );
        assert_eq!(
            describe("rule r: eligible supervisor of one_to_one for social_workers {\n supervisor.role is one of line_manager, senior_manager, service_manager\n supervisor.level >= 3\n}"),
            "In any one-to-one session with social workers, the supervisor's role must be line manager, senior manager or service manager; and the supervisor's level must be at least 3."
        );
    }

    #[test]
    fn eligibility_for_every_kind_of_session() {
        assert_eq!(
            describe("rule r: eligible supervisor for social_workers {\n supervisor.role is service_manager\n}"),
            "In any supervision session with social workers, the supervisor's role must be service manager."
        );
    }

    #[test]
    fn limit_range() {
        assert_eq!(
            describe("rule r: limit supervisees for social_workers: 5 to 7"),
            "Social workers must each have between 5 and 7 supervisees at all times."
        );
        assert_eq!(
            describe("rule r: limit caseload per fte for social_workers: between 150 and 200"),
            "Social workers must each have a caseload of between 150 and 200 per full-time equivalent (FTE)."
        );
        assert_eq!(
            describe("rule r: limit group_size of group_supervision for social_workers: at most 6"),
            "Each group supervision session with social workers must have at most 6 attendees."
        );
        assert_eq!(
            describe("rule r: limit session_length for social_workers: at most 1 hour"),
            "Each supervision session with social workers must last at most 1 hour."
        );
    }

    #[test]
    fn limit_team_cover_excluding_a_calendar() {
        assert_eq!(
            describe("calendar christmas \"the Christmas period\" {\n c: 2025-12-24 to 2026-01-01\n}\nrule r: limit team_cover for social_workers: at least 50% excluding christmas"),
            "Among social workers, at least 50% of each team must be available (not on leave) on every day, except during the Christmas period."
        );
    }

    #[test]
    fn deadline_within() {
        assert_eq!(
            describe("rule r: deadline sessions: recorded within 48 hours of start"),
            "Each supervision session must be recorded within 48 hours of its start."
        );
        assert_eq!(
            describe("rule r: deadline case_decisions: recorded within 1 week of decided"),
            "Each case decision must be recorded within 1 week of being decided."
        );
    }

    #[test]
    fn deadline_with_where() {
        assert_eq!(
            describe("rule r: deadline sessions: rebooked within 2 working days of start where status is cancelled"),
            "Each supervision session, when its status is cancelled, must be rebooked within 2 working days of its start."
        );
        assert_eq!(
            describe("rule r: deadline requests: met within 24 hours of requested where urgent is yes"),
            "Each supervision request, when it is urgent, must be met within 24 hours of being requested."
        );
    }

    #[test]
    fn deadline_before_next_over_an_activity() {
        assert_eq!(
            describe("rule r: deadline one_to_one: signed_by_supervisee before the next one_to_one"),
            "The record of each one-to-one session must be signed by the supervisee before the next one-to-one session."
        );
    }

    #[test]
    fn deadline_on_a_declared_table() {
        let table = "table reviews \"annual reviews of EHC plans\" {\n id: id\n holder: ref staff\n review_date: date\n amendments_proposed: bool\n notification_sent: optional date\n plan_sent: optional date\n meeting: optional date\n officer_left: optional date\n}\n";
        assert_eq!(
            describe(&format!("{table}rule r: deadline reviews: notification_sent within 4 weeks of review_date")),
            "For each annual review of EHC plans, the notification must be sent within 4 weeks of its review date."
        );
        assert_eq!(
            describe(&format!("{table}rule r: deadline reviews: plan_sent within 4 weeks of notification_sent where amendments_proposed is yes")),
            "For each annual review of EHC plans when amendments are proposed, the plan must be sent within 4 weeks of the notification being sent."
        );
        assert_eq!(
            describe(&format!("{table}rule r: deadline reviews: meeting within 9 weeks of officer_left")),
            "For each annual review of EHC plans, the meeting must take place within 9 weeks of the date the officer left."
        );
    }

    #[test]
    fn retention_bounds() {
        assert_eq!(
            describe("rule r: retain personal_supervision records: at least 6 years after leaving"),
            "Personal supervision records must be kept for at least 6 years after the member of staff leaves."
        );
        assert_eq!(
            describe("rule r: retain appraisal records: at least 2 years and at most 6 years after creation"),
            "Appraisal records must be kept for at least 2 years, and for no more than 6 years, after they are created."
        );
        assert_eq!(describe("rule r: retain appraisal records: at most 6 years after leaving"), "Appraisal records must not be kept for more than 6 years after the member of staff leaves.");
    }

    #[test]
    fn deadline_with_lead_time() {
        assert_eq!(
            describe("extend sessions {\n booked: optional datetime\n}\nrule r: deadline sessions: booked at least 1 week before start"),
            "Each supervision session must be booked at least 1 week before its start."
        );
    }

    #[test]
    fn deadline_with_zero_lead_time() {
        let table = "table reductions \"decisions to reduce supervision\" {\n id: id\n worker: ref staff\n decided: date\n practice_observed: optional date\n plan_quality_assured: optional date\n}\n";
        assert_eq!(
            describe(&format!("{table}rule r: deadline reductions: practice_observed at least 0 days before decided")),
            "For each decision to reduce supervision, the practice must be observed no later than the date it was decided."
        );
        assert_eq!(
            describe(&format!("{table}rule r: deadline reductions: plan_quality_assured at least 2 weeks before practice_observed where practice_observed is recorded")),
            "For each decision to reduce supervision when the practice has been observed, the plan must be quality assured at least 2 weeks before the date the practice was observed."
        );
    }

    #[test]
    fn attribute_with_recorded() {
        assert_eq!(
            describe("rule r: every member of social_workers: supervisor is recorded or tenure >= 12 months"),
            "Social workers must each meet this condition: their supervisor is recorded or their length of service is at least 12 months."
        );
    }

    #[test]
    fn attribute_every_member() {
        assert_eq!(
            describe("rule r: every member of nqsw: registrations has HCPC"),
            "Newly qualified social workers must each meet this condition: their registrations include HCPC."
        );
    }

    #[test]
    fn access_with_notice_for_one_grant() {
        assert_eq!(
            describe("rule r: access personal_supervision records {\n allow line_manager for supervision\n allow anyone for inspection and notify subject within 5 working days\n}"),
            "Personal supervision records may be read only by line managers for supervision and by anyone for inspection (telling the member of staff within 5 working days)."
        );
    }

    #[test]
    fn access_open_to_anyone_drops_only() {
        assert_eq!(
            describe("rule r: access personal_supervision records {\n allow line_manager for supervision\n allow anyone for any and notify subject\n}"),
            "Personal supervision records may be read by line managers for supervision and by anyone for any purpose (telling the member of staff by the time of the access)."
        );
    }

    #[test]
    fn access_with_notification() {
        assert_eq!(
            describe("rule r: access personal_supervision records {\n allow line_manager for supervision\n allow inspector for inspection\n notify subject within 5 working days\n}"),
            "Personal supervision records may be read only by line managers for supervision and by inspectors for inspection; the member of staff must be told of each access within 5 working days."
        );
    }

    #[test]
    fn access_with_subject_and_deny() {
        assert_eq!(
            describe("rule r: access case_supervision, appraisal records {\n allow subject for any\n allow line_manager, senior_manager for supervision, quality_assurance\n allow inspector for inspection\n deny service_manager\n notify subject\n}"),
            "Case supervision and appraisal records may be read only by the member of staff themselves for any purpose, by line managers and senior managers for supervision and quality assurance, and by inspectors for inspection; service managers may not read them; the member of staff must be told of each access by the time it happens."
        );
    }
}
