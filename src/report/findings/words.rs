//! Findings in plain words, for the reports people read (`human`, `html`,
//! `xlsx`): what happened, whether it is still open, and what to do next —
//! "No one-to-one session from 2025-12-15 until 2025-12-29 (7 days late)",
//! "book a one-to-one session with S00004 (line manager) by 2026-11-23".
//!
//! The evaluator's `expected` and `actual` texts are written for the JSON
//! contract and quote the policy's names (`supervisor.level`, `one_to_one`,
//! `(empty)`); here each name the policy declares is said in the words
//! `describe` uses, and each rule family is told as a service manager would
//! tell it. Lateness is always in days.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::people::People;
use crate::describe::english::{capitalise, split_participle};
use crate::describe::{self, names, Mood, RowOwner, Scope};
use crate::eval::{Finding, Status};
use crate::policy::{CompiledPolicy, Requirement, Rule, RuleBody, Schedule, StandingSide};

/// One finding, told in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Plain {
    /// A breach still to put right on the last day judged.
    pub open: bool,
    /// What happened, as one sentence (no final full stop).
    pub what: String,
    /// What to do next, for an open breach or something due soon.
    pub next: Option<String>,
}

/// The policy's names as words, built once per report.
pub struct Words<'p> {
    policy: &'p CompiledPolicy,
    names: HashMap<String, String>,
    /// Columns holding several values, said with "are" ("their tags are").
    plural_columns: Vec<String>,
    /// The last day judged: a breach reaching it is open.
    last: NaiveDate,
}

impl<'p> Words<'p> {
    pub fn new(policy: &'p CompiledPolicy, last: NaiveDate) -> Self {
        let mut names: HashMap<String, String> = HashMap::new();
        let mut plural_columns = Vec::new();
        for table in policy.tables.values() {
            for column in &table.columns {
                if matches!(column.ty, crate::policy::ColumnType::SetOf(_)) {
                    plural_columns.push(names::column(&column.name));
                }
                names
                    .entry(column.name.clone())
                    .or_insert_with(|| names::column(&column.name));
            }
        }
        for activity in policy.activities.keys() {
            names.entry(activity.clone()).or_insert_with(|| {
                names::activities(policy, std::slice::from_ref(activity)).singular
            });
        }
        for vocabulary in policy.vocabularies.values() {
            for value in &vocabulary.values {
                names
                    .entry(value.clone())
                    .or_insert_with(|| names::vocabulary_value(policy, &vocabulary.name, value));
            }
        }
        for group in policy.groups.keys() {
            names
                .entry(group.clone())
                .or_insert_with(|| names::group(policy, group));
        }
        plural_columns.sort();
        plural_columns.dedup();
        Words {
            policy,
            names,
            plural_columns,
            last,
        }
    }

    fn rule(&self, f: &Finding) -> Option<&'p Rule> {
        self.policy.rules.iter().find(|r| r.name == f.rule)
    }

    /// Text from the evaluator with the policy's names in words:
    /// `` `supervisor.level` = 3 `` → "the supervisor's level is 3",
    /// `asye_assessor = (empty)` → "ASYE assessor is not recorded", `1h 30m`
    /// → "1 hour 30 minutes". Ids and other text are left as they are.
    pub fn humanise(&self, text: &str) -> String {
        let text = text
            .replace("` = (empty)", "` is not recorded")
            .replace(" = (empty)", " is not recorded")
            .replace(" = (none)", ": none")
            .replace(" = ", " is ")
            .replace('`', "");
        let mut out = String::with_capacity(text.len() + 16);
        let mut token = String::new();
        let flush = |token: &mut String, out: &mut String| {
            if !token.is_empty() {
                // A sentence's full stop is not part of a name.
                let trailing = token.ends_with('.');
                let name = token.trim_end_matches('.');
                out.push_str(&self.name(name));
                if trailing {
                    out.push('.');
                }
                token.clear();
            }
        };
        for c in text.chars() {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                token.push(c);
            } else {
                flush(&mut token, &mut out);
                out.push(c);
            }
        }
        flush(&mut token, &mut out);
        // An access rule's relationship reads "the subject's
        // supervisor.line_manager", whose path is already "the supervisor's
        // line manager": one possessive is enough.
        out = out.replace("'s the ", "'s ");
        for column in &self.plural_columns {
            out = out.replace(&format!("{column} is "), &format!("{column} are "));
        }
        out
    }

    /// What an `every member` rule found, the member's own columns named as
    /// theirs: `tags = a, b` → "their tags are a and b".
    fn theirs(&self, actual: &str, table: &str) -> String {
        let own = |name: &str| {
            self.policy
                .tables
                .get(table)
                .is_some_and(|t| t.columns.iter().any(|c| c.name == name))
        };
        let parts: Vec<String> = actual
            .split(", ")
            .map(|part| match part.split_once(" = ") {
                Some((name, _)) if own(name) => format!("their {part}"),
                _ => part.to_string(),
            })
            .collect();
        self.humanise(&parts.join(", ")).replace(", ", " and ")
    }

    /// One token: a declared name, a path through a reference, a length of
    /// time, or anything else as it is.
    fn name(&self, token: &str) -> String {
        if let Some((owner, column)) = token.split_once('.') {
            if !owner.is_empty() && !column.is_empty() && !column.contains('.') {
                let whose = match owner {
                    "supervisor" | "supervisee" => format!("the {owner}'s"),
                    other => format!("{}'s", self.name(other)),
                };
                return format!("{whose} {}", self.name(column));
            }
        }
        if let Some(found) = self.names.get(token) {
            return found.clone();
        }
        let unit = |digits: &str, one: &str, many: &str| {
            digits.parse::<u64>().ok().map(|n| match n {
                1 => format!("1 {one}"),
                n => format!("{n} {many}"),
            })
        };
        if let Some(n) = token
            .strip_suffix('h')
            .and_then(|d| unit(d, "hour", "hours"))
        {
            return n;
        }
        if let Some(n) = token
            .strip_suffix('m')
            .and_then(|d| unit(d, "minute", "minutes"))
        {
            return n;
        }
        token.to_string()
    }

    /// A row of a table as a reader names it: "case decision K0001091".
    fn row(&self, kind: &str, id: &str) -> String {
        format!("{} {id}", names::table_row(self.policy, kind))
    }

    /// Whether a breach is still to be put right on the last day judged: it
    /// reaches that day (a gap with no session since, a member who still
    /// fails, a limit still exceeded), or what was due has not been done.
    /// A deletion, a session or an access that happened is over.
    pub fn is_open(&self, f: &Finding) -> bool {
        if f.status != Status::Breach {
            return false;
        }
        match f.family {
            "retention" | "eligibility" => false,
            "access" => f.actual.ends_with("by the as-of date"),
            _ => {
                let end = f
                    .span
                    .map(|s| s.end)
                    .or(f.window.map(|w| w.end))
                    .unwrap_or(f.date);
                end >= self.last
                    || f.actual.ends_with("by the as-of date")
                    || f.actual.starts_with("none since")
                    || self
                        .rolling_ends(f)
                        .is_some_and(|(_, last)| last >= self.last)
            }
        }
    }

    /// A rolling rule's failing windows: the first and last days they end on
    /// (`… windows fail, ending 2026-06-05 to 2026-11-21`).
    fn rolling_ends(&self, f: &Finding) -> Option<(NaiveDate, NaiveDate)> {
        let tail = f.actual.split_once("ending ")?.1;
        let first = date(tail.get(..10)?)?;
        let last = tail
            .split_once(" to ")
            .and_then(|(_, l)| date(l.get(..10)?))
            .unwrap_or(first);
        Some((first, last))
    }

    /// The finding in words.
    pub fn plain(&self, f: &Finding, people: &People) -> Plain {
        let open = self.is_open(f);
        let rule = self.rule(f);
        if f.status == Status::Pending {
            return Plain {
                open,
                what: self.due_soon(f, rule),
                next: Some(self.next(f, rule, people, Some(f.date))),
            };
        }
        let what = match rule.map(|r| &r.body) {
            Some(RuleBody::Frequency(q)) => self.frequency(f, q, open),
            Some(RuleBody::Deadline(d)) => self.deadline(f, &d.end_column),
            Some(RuleBody::Eligibility(e)) => self.eligibility(f, e),
            Some(RuleBody::Attribute(a)) => {
                let scope = Scope {
                    policy: self.policy,
                    table: &a.subject_table,
                    owner: RowOwner::Their,
                };
                format!(
                    "As one of {}, {}; but {}",
                    names::group(self.policy, &a.group),
                    describe::describe_condition_in(&scope, &a.condition, Mood::Must),
                    self.theirs(&f.actual, &a.subject_table)
                )
            }
            Some(RuleBody::Standing(s)) => {
                let activity = names::activities(self.policy, std::slice::from_ref(&s.activity));
                let need = match s.side {
                    StandingSide::Last => format!("within the last {}", s.within),
                    StandingSide::Next => format!("booked within the next {}", s.within),
                };
                format!(
                    "As one of {}, they need {} {need} on every day; but there was {}",
                    names::group(self.policy, &s.group),
                    activity.with_article,
                    self.humanise(&f.actual)
                )
            }
            Some(RuleBody::Limit(_)) => format!(
                "{} {}, where the policy allows {}",
                capitalise(&self.humanise(&f.actual)),
                self.days(f),
                self.humanise(&f.expected)
            ),
            Some(RuleBody::Retention(_)) => format!(
                "{} {}; it had to be {}",
                capitalise(&self.row(&f.subject.kind, &f.subject.id)),
                self.humanise(&f.actual),
                self.humanise(&f.expected)
            ),
            Some(RuleBody::Access(_)) => {
                let allowed = f
                    .expected
                    .strip_prefix("access allowed only to ")
                    .unwrap_or(&f.expected);
                format!(
                    "{} on {}: {}, which the policy does not allow (allowed: {})",
                    capitalise(&self.row(&f.subject.kind, &f.subject.id)),
                    f.date,
                    self.humanise(&f.actual),
                    self.humanise(allowed)
                )
            }
            // A rule of an earlier policy version (the report holds the
            // latest): a deadline still reads by its column.
            None if f.family == "deadline" => {
                let column = match f.actual.strip_prefix("no `") {
                    Some(rest) => rest.split('`').next().unwrap_or_default(),
                    None => f.actual.split(' ').next().unwrap_or_default(),
                };
                self.deadline(f, column)
            }
            None => format!(
                "{} (expected {})",
                capitalise(&self.humanise(&f.actual)),
                self.humanise(&f.expected)
            ),
        };
        let next = match f.status {
            Status::Breach if open => Some(self.next(f, rule, people, None)),
            _ => None,
        };
        Plain { open, what, next }
    }

    /// Something due soon: what is due by when, and where it stands.
    fn due_soon(&self, f: &Finding, rule: Option<&Rule>) -> String {
        let due = f.due.clone().unwrap_or_else(|| f.date.to_string());
        // `last on 2026-11-16; next due by 2026-11-30`: the date is said once.
        let state = self.humanise(f.actual.split("; ").next().unwrap_or(&f.actual));
        match rule.map(|r| &r.body) {
            Some(RuleBody::Deadline(d)) => format!(
                "{}: {} date due by {due}",
                capitalise(&self.row(&f.subject.kind, &f.subject.id)),
                names::column(&d.end_column)
            ),
            Some(RuleBody::Frequency(q)) => {
                let activity = names::activities(self.policy, &q.activities).singular;
                let with = q
                    .with_supervisor
                    .as_deref()
                    .map(|c| format!(" with their {}", names::column(c)))
                    .unwrap_or_default();
                let whom = if f.subject.kind == "staff" {
                    String::new()
                } else {
                    format!(" for {}", self.row(&f.subject.kind, &f.subject.id))
                };
                let need = match rule_requirement(q) {
                    Some(Requirement::Time { .. }) => {
                        format!(" (the policy asks for {})", self.humanise(&f.expected))
                    }
                    _ => String::new(),
                };
                format!(
                    "{}{with}{whom} due by {due}: {state}{need}",
                    capitalise(&activity)
                )
            }
            _ => format!("Due by {due}: {}; {state}", self.humanise(&f.expected)),
        }
    }

    /// "from 2026-09-12 to 2026-10-02", or "on 2026-01-08".
    fn days(&self, f: &Finding) -> String {
        match f.window {
            Some(w) if w.start != w.end => format!("from {} to {}", w.start, w.end),
            Some(w) => format!("on {}", w.start),
            None => format!("on {}", f.date),
        }
    }

    fn frequency(&self, f: &Finding, q: &crate::policy::Frequency, open: bool) -> String {
        let activity = names::activities(self.policy, &q.activities);
        let mut with = q
            .with_supervisor
            .as_deref()
            .map(|c| format!(" with their {}", names::column(c)))
            .unwrap_or_default();
        // A case's findings are listed under its worker: say which case.
        if f.subject.kind != "staff" {
            with.push_str(&format!(
                " for {}",
                self.row(&f.subject.kind, &f.subject.id)
            ));
        }
        let plural = activity
            .plural
            .clone()
            .unwrap_or_else(|| activity.singular.clone());
        if let Some(rest) = f.actual.strip_prefix("two in a row") {
            return format!("Two {plural} in a row{}", self.humanise(rest));
        }
        if let Some((first, last)) = self.rolling_ends(f) {
            let length = f
                .expected
                .split_once("in any ")
                .map(|(_, l)| l.split(" (").next().unwrap_or(l).to_string())
                .unwrap_or_default();
            let window = f.window.map(|w| w.start).unwrap_or(f.date);
            return if open {
                format!(
                    "No {}{with} in over {length}: none since {window}, overdue since {first}",
                    activity.singular
                )
            } else {
                format!(
                    "Went over {length} without {}{with}: overdue from {first} until {last}",
                    activity.with_article
                )
            };
        }
        if let Some(rest) = f.actual.strip_prefix("none ") {
            let due = f
                .due
                .as_deref()
                .map(|d| format!("; one was due by {d}"))
                .unwrap_or_default();
            return format!(
                "No {}{with} {}{due}",
                activity.singular,
                self.humanise(rest)
            );
        }
        // A count or a time in a window: `0`, `50m`.
        let had = match f.actual.parse::<u64>() {
            Ok(0) => format!("No {plural}{with}"),
            Ok(1) => format!("Only 1 {}{with}", activity.singular),
            Ok(n) => format!("Only {n} {plural}{with}"),
            Err(_) => match self.humanise(&f.actual).as_str() {
                "0 minutes" => format!("No time in {plural}{with}"),
                time => format!("Only {time} of {plural}{with}"),
            },
        };
        let expected = self.humanise(&f.expected);
        format!(
            "{had} {}, where the policy asks for {expected}",
            self.days(f)
        )
    }

    fn deadline(&self, f: &Finding, end_column: &str) -> String {
        let row = capitalise(&self.row(&f.subject.kind, &f.subject.id));
        let column = names::column(end_column);
        let due = f.due.clone().unwrap_or_else(|| f.date.to_string());
        if f.actual.ends_with("by the as-of date") {
            return format!("{row}: no {column} date yet; it was due by {due}");
        }
        // `recorded 2026-02-18 16:00 (2 days late)`: the day it was done,
        // and how late in days.
        let done = f
            .actual
            .strip_prefix(end_column)
            .map(str::trim_start)
            .and_then(|rest| rest.split(" (").next());
        let days_late = done
            .and_then(|d| Some((date(d.get(..10)?)?, date(due.get(..10)?)?)))
            .map(|(d, due)| (d - due).num_days());
        match (done, days_late) {
            (Some(done), Some(late)) => {
                let late = match late {
                    i64::MIN..=0 => "later on the day it was due".to_string(),
                    1 => "1 day late".to_string(),
                    n => format!("{n} days late"),
                };
                let done = match split_participle(&column) {
                    Some((_, participle)) if column == participle => format!("{column} {done}"),
                    _ => format!("{column} on {done}"),
                };
                format!("{row}: {done}, {late} (due by {due})")
            }
            _ => format!("{row}: {} (due by {due})", self.humanise(&f.actual)),
        }
    }

    fn eligibility(&self, f: &Finding, e: &crate::policy::Eligibility) -> String {
        let scope = Scope {
            policy: self.policy,
            table: "staff",
            owner: RowOwner::Their,
        };
        let text = f
            .expected
            .strip_prefix("supervisor meets `")
            .and_then(|t| t.strip_suffix('`'))
            .unwrap_or(&f.expected);
        let clause = e.clauses.iter().find(|c| c.text == text);
        let must = match clause {
            Some(c) => {
                let require = describe::describe_condition_in(&scope, &c.require, Mood::Must);
                match &c.when {
                    Some(when) => format!(
                        "when {}, {require}",
                        describe::describe_condition_in(&scope, when, Mood::Is)
                    ),
                    None => require,
                }
            }
            None => self.humanise(text),
        };
        let activity = names::activities(self.policy, &e.activities).singular;
        let session = f
            .evidence
            .first()
            .map(|s| format!(" {}", s.id))
            .unwrap_or_default();
        let by = f
            .related
            .iter()
            .find(|r| r.kind == "staff")
            .map(|r| format!(", supervised by {}", r.id))
            .unwrap_or_default();
        let actual = self.humanise(&f.actual).replace(", ", " and ");
        format!(
            "{}{session} on {}{by}: {must}, but {actual}",
            capitalise(&activity),
            f.date
        )
    }

    /// What to do next about an open breach (`by`: `None`, as soon as
    /// possible) or something due soon (`by`: its day).
    fn next(
        &self,
        f: &Finding,
        rule: Option<&Rule>,
        people: &People,
        by: Option<NaiveDate>,
    ) -> String {
        let when = match (by, &f.due) {
            (Some(_), Some(due)) => format!("by {due}"),
            (Some(day), None) => format!("by {day}"),
            (None, Some(due)) => format!("now (it was due by {due})"),
            (None, None) => "now".to_string(),
        };
        match rule.map(|r| &r.body) {
            Some(RuleBody::Frequency(q)) => {
                let activity = names::activities(self.policy, &q.activities).with_article;
                let owner = people.owner_of(f).and_then(|id| people.person(id));
                let column = q.with_supervisor.as_deref().unwrap_or("supervisor");
                let with = match owner.and_then(|p| p.colleagues.get(column)) {
                    Some(id) if f.subject.kind == "staff" => {
                        format!(" with {id} ({})", names::column(column))
                    }
                    _ => String::new(),
                };
                let whom = if f.subject.kind == "staff" {
                    String::new()
                } else {
                    format!(" for {}", self.row(&f.subject.kind, &f.subject.id))
                };
                let how_much = match rule_requirement(q) {
                    Some(Requirement::Time { .. }) => {
                        let need = f.expected.split(" of ").next().unwrap_or("");
                        format!(" ({} in all)", self.humanise(need))
                    }
                    _ => String::new(),
                };
                format!("book {activity}{with}{whom}{how_much} {when}")
            }
            Some(RuleBody::Deadline(d)) => format!(
                "record the {} date for {} {when}",
                names::column(&d.end_column),
                self.row(&f.subject.kind, &f.subject.id)
            ),
            Some(RuleBody::Attribute(a)) => {
                let scope = Scope {
                    policy: self.policy,
                    table: &a.subject_table,
                    owner: RowOwner::Their,
                };
                format!(
                    "update their record or arrangements so that {}",
                    describe::describe_condition_in(&scope, &a.condition, Mood::Is)
                )
            }
            Some(RuleBody::Limit(l)) if l.measure == crate::policy::Measure::Supervisees => {
                format!(
                    "reallocate supervisees so that there are {} {when}",
                    self.humanise(&f.expected)
                )
            }
            Some(RuleBody::Limit(_)) => format!(
                "bring it within the limit ({}) {when}",
                self.humanise(&f.expected)
            ),
            Some(RuleBody::Standing(s)) => {
                let activity = names::activities(self.policy, std::slice::from_ref(&s.activity));
                format!("book {} {when}", activity.with_article)
            }
            _ => format!("put it right {when}"),
        }
    }
}

/// The requirement a frequency rule states (the first phase's, for a
/// schedule by tenure: they are all of one kind).
fn rule_requirement(q: &crate::policy::Frequency) -> Option<&Requirement> {
    match &q.schedule {
        Schedule::Fixed { requirement } => Some(requirement),
        Schedule::ByTenure { phases } => phases.first().map(|p| &p.requirement),
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, CheckOptions};
    use crate::eval::{DateRange, Ref};
    use crate::report::findings::people::Person;

    fn policy() -> CompiledPolicy {
        let checked = check(
            include_str!("../../../policies/bcp-childrens-services.sup"),
            &CheckOptions {
                file_name: "bcp.sup".into(),
                today: None,
            },
        );
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        checked.policy
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A breach of `rule` by staff S1, dated `day`, with `actual`.
    fn finding(rule: &str, family: &'static str, day: &str, actual: &str) -> Finding {
        let mut f = crate::report::findings::tests::finding(rule, family, d(day));
        f.actual = actual.into();
        f
    }

    #[test]
    fn names_are_said_in_words() {
        let p = policy();
        let w = Words::new(&p, d("2026-11-21"));
        assert_eq!(
            w.humanise("supervisor.level = 3, supervisee.level = 3"),
            "the supervisor's level is 3, the supervisee's level is 3"
        );
        assert_eq!(
            w.humanise("supervisor.registrations = (none)"),
            "the supervisor's registrations: none"
        );
        assert_eq!(
            w.humanise("`supervising_for` = (empty)"),
            "time as a supervisor is not recorded"
        );
        assert_eq!(
            w.humanise("at least 1h 30m of one_to_one per week."),
            "at least 1 hour 30 minutes of one-to-one session per week."
        );
        // Several values: "are".
        assert_eq!(
            w.humanise("supervisee.tags = statutory, sw_qualified"),
            "the supervisee's tags are statutory, SW qualified"
        );
        // An id the policy does not declare is left as it is.
        assert_eq!(w.humanise("X_1 on 2026-01-05"), "X_1 on 2026-01-05");
        // A relationship of an access rule, one step or a path.
        assert_eq!(
            w.humanise("the subject's supervisor, the subject's supervisor.line_manager for any"),
            "the subject's supervisor, the subject's supervisor's line manager for any"
        );
    }

    #[test]
    fn a_breach_reaching_the_last_day_judged_is_open_and_one_ending_the_day_before_is_closed() {
        let p = policy();
        let w = Words::new(&p, d("2026-11-21"));
        let mut f = finding("monthly_supervision", "frequency", "2026-11-21", "0");
        f.window = Some(DateRange {
            start: d("2026-11-01"),
            end: d("2026-11-21"),
        });
        assert!(w.is_open(&f));
        f.window = Some(DateRange {
            start: d("2026-10-21"),
            end: d("2026-11-20"),
        });
        f.date = d("2026-11-20");
        assert!(!w.is_open(&f));
        // Not done by the as-of date: open, however long ago it was due.
        let f = finding(
            "case_decisions_recorded_within_a_week",
            "deadline",
            "2026-04-23",
            "no `recorded` by the as-of date",
        );
        assert!(w.is_open(&f));
        // A session with the wrong supervisor happened: it is over.
        let f = finding("one_level_higher", "eligibility", "2026-11-21", "x");
        assert!(!w.is_open(&f));
        // A rolling rule whose failing windows end on the last day judged.
        let f = finding(
            "annual_live_supervision",
            "frequency",
            "2026-06-05",
            "0 in the worst window; 170 windows fail, ending 2026-06-05 to 2026-11-21",
        );
        assert!(w.is_open(&f));
        let f = finding(
            "annual_live_supervision",
            "frequency",
            "2026-06-05",
            "0 in the worst window; 3 windows fail, ending 2026-06-05 to 2026-06-07",
        );
        assert!(!w.is_open(&f));
    }

    #[test]
    fn lateness_is_in_days() {
        let p = policy();
        let w = Words::new(&p, d("2026-11-21"));
        let people = People::default();
        let late = |actual: &str, due: &str| {
            let mut f = finding(
                "case_decisions_recorded_within_a_week",
                "deadline",
                "2026-02-16",
                actual,
            );
            f.subject = Ref::new("case_decisions", "K1");
            f.due = Some(due.into());
            w.plain(&f, &people).what
        };
        assert_eq!(
            late(
                "recorded 2026-02-18 16:00 (2 days late)",
                "2026-02-16 16:00"
            ),
            "Case decision K1: recorded 2026-02-18 16:00, 2 days late (due by 2026-02-16 16:00)"
        );
        assert_eq!(
            late(
                "recorded 2026-02-17 09:00 (17 hours late)",
                "2026-02-16 16:00"
            ),
            "Case decision K1: recorded 2026-02-17 09:00, 1 day late (due by 2026-02-16 16:00)"
        );
        assert_eq!(
            late("recorded 2026-02-16 17:00 (1 hour late)", "2026-02-16 16:00"),
            "Case decision K1: recorded 2026-02-16 17:00, later on the day it was due (due by 2026-02-16 16:00)"
        );
    }

    #[test]
    fn what_to_do_next_names_the_colleague_the_rule_asks_for() {
        let p = policy();
        let w = Words::new(&p, d("2026-11-21"));
        let mut people = People::default();
        people.insert(
            "S1",
            Person {
                role: "social_worker".into(),
                team: "Team 1".into(),
                colleagues: [
                    ("line_manager".to_string(), "S4".to_string()),
                    ("supervisor".to_string(), "S5".to_string()),
                ]
                .into(),
            },
        );
        let mut f = finding(
            "nqep_monthly_with_line_manager",
            "frequency",
            "2026-11-30",
            "0 so far",
        );
        f.status = Status::Pending;
        let plain = w.plain(&f, &people);
        assert_eq!(
            plain.next.as_deref(),
            Some("book a one-to-one session with S4 (line manager) by 2026-11-30")
        );
        assert!(!plain.open);
        let f = finding(
            "agreement_reviewed_annually",
            "frequency",
            "2026-01-15",
            "0 in the worst window; 311 windows fail, ending 2026-01-15 to 2026-11-21",
        );
        let plain = w.plain(&f, &people);
        assert!(plain.open);
        assert_eq!(
            plain.next.as_deref(),
            Some("book a supervision agreement made or reviewed with S5 (supervisor) now")
        );
    }
}
