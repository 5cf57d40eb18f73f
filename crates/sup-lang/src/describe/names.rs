//! How the things a policy names read in English: groups, activities,
//! columns, roles, record kinds and calendars.
//!
//! A label the author gave (`group nqsw "newly qualified social workers"`)
//! always wins, since the author knows their readers; otherwise the name is
//! turned into words.

use super::english::{self, escape, plural, singular, with_article, without_article, words};
use crate::policy::CompiledPolicy;

/// Session-kind words that already name a kind of meeting, so "session" is
/// not added after them ("a team meeting", not "a team meeting session").
const MEETING_NOUNS: &[&str] = &[
    "meeting",
    "session",
    "appraisal",
    "review",
    "observation",
    "conference",
    "visit",
    "call",
];

/// A group as a noun phrase: its label, or its name in words.
pub fn group(policy: &CompiledPolicy, name: &str) -> String {
    match policy.groups.get(name).and_then(|g| g.label.as_deref()) {
        Some(label) => escape(label),
        None => words(name),
    }
}

/// A column as words, with the prelude's derived and abbreviated columns
/// spelt out.
pub fn column(name: &str) -> String {
    match name {
        "tenure" => "length of service".into(),
        "supervising_for" => "time as a supervisor".into(),
        "supervisor_since" => "date of becoming a supervisor".into(),
        "end_date" => "leaving date".into(),
        "fte" => "full-time equivalent (FTE)".into(),
        _ => words(name),
    }
}

/// A column of a table as words: the label the policy gave it
/// (`signed: date "date of signature"`), else [`column`].
pub(crate) fn column_in(policy: &CompiledPolicy, table: &str, name: &str) -> String {
    match policy.column_label(table, name) {
        Some(label) => escape(label),
        None => column(name),
    }
}

/// The label the policy gave a value of a vocabulary, if any.
fn value_label<'p>(policy: &'p CompiledPolicy, vocabulary: &str, value: &str) -> Option<&'p str> {
    policy
        .vocabularies
        .get(vocabulary)
        .and_then(|v| v.label(value))
}

/// A role as a person, plural: "line managers" (or the label, made plural).
pub(crate) fn role_plural(policy: &CompiledPolicy, role: &str) -> String {
    match role {
        "subject" => return "the member of staff".into(),
        "anyone" => return "anyone".into(),
        _ => {}
    }
    match value_label(policy, "role", role) {
        Some(label) => plural(&escape(label)),
        None => plural(&words(role)),
    }
}

/// A role as one person, with an article: "a Service Manager" (title case
/// unless the policy labels the role).
pub(crate) fn role_as_person(policy: &CompiledPolicy, role: &str) -> String {
    match value_label(policy, "role", role) {
        Some(label) => with_article(&escape(label)),
        None => with_article(&english::title_case(&words(role))),
    }
}

/// A value of a vocabulary: its label, or `one_to_one` → "one-to-one".
pub fn vocabulary_value(policy: &CompiledPolicy, vocabulary: &str, value: &str) -> String {
    match value_label(policy, vocabulary, value) {
        Some(label) => escape(label),
        None => words(value),
    }
}

/// A value of some vocabulary, without its label: `one_to_one` → "one-to-one".
pub(crate) fn value(value: &str) -> String {
    words(value)
}

/// A calendar as a noun phrase, as labelled ("academic half terms").
pub(crate) fn calendar(policy: &CompiledPolicy, name: &str) -> String {
    match policy.calendars.get(name).and_then(|c| c.label.as_deref()) {
        Some(label) => escape(label),
        None => words(name),
    }
}

/// One period of a calendar: "academic half term".
pub(crate) fn calendar_period(policy: &CompiledPolicy, name: &str) -> String {
    singular(without_article(&calendar(policy, name)))
}

/// One row of a table, for "each ..." : "supervision session".
/// A label that does not look plural ("leave and absence", "access log")
/// names the table as a whole, so one row is "a leave and absence record".
pub fn table_row(policy: &CompiledPolicy, table: &str) -> String {
    let rows = table_rows(policy, table);
    if is_collective(&rows) {
        return format!("member of {rows}");
    }
    let one = singular(&rows);
    if one == rows {
        format!("{rows} record")
    } else {
        one
    }
}

/// The rows of a table, plural: "supervision sessions".
pub(crate) fn table_rows(policy: &CompiledPolicy, table: &str) -> String {
    match policy.tables.get(table).and_then(|t| t.label.as_deref()) {
        Some(label) => escape(without_article(label)),
        None => words(table),
    }
}

/// Nouns that are plural without an "s": "all staff", "a member of staff".
fn is_collective(rows: &str) -> bool {
    ["staff", "personnel", "workforce"].contains(&rows.rsplit(' ').next().unwrap_or(rows))
}

/// Every row of a table: "all supervision sessions", "all leave and
/// absence records".
pub(crate) fn table_all(policy: &CompiledPolicy, table: &str) -> String {
    let rows = table_rows(policy, table);
    if singular(&rows) == rows && !is_collective(&rows) {
        format!("all {rows} records")
    } else {
        format!("all {rows}")
    }
}

/// A holiday calendar, as the days working days skip.
pub(crate) fn holidays(name: &str) -> String {
    match name {
        "england_and_wales" => "bank holidays in England and Wales".into(),
        "scotland" => "bank holidays in Scotland".into(),
        "northern_ireland" => "bank holidays in Northern Ireland".into(),
        _ => format!("the holidays in the `{name}` calendar"),
    }
}

/// One or more activities (any of which counts) as English.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityPhrase {
    /// Without an article: "one-to-one or group supervision session".
    pub singular: String,
    /// With an article: "a one-to-one or group supervision session".
    pub with_article: String,
    /// "one-to-one or group supervision sessions"; `None` when a label the
    /// author wrote cannot safely be made plural.
    pub plural: Option<String>,
}

impl ActivityPhrase {
    /// Add a phrase after the noun: "with their line manager".
    pub fn followed_by(mut self, tail: &str) -> Self {
        self.singular = format!("{} {tail}", self.singular);
        self.with_article = format!("{} {tail}", self.with_article);
        self.plural = self.plural.map(|p| format!("{p} {tail}"));
        self
    }
}

/// How one activity reads.
enum One {
    /// A session kind: the kind in words, and whether "session" follows.
    Kind { kind: String, add_session: bool },
    /// A label the author wrote, which may start with an article.
    Label(String),
    /// A declared activity without a label: its name as a noun.
    Noun(String),
}

fn one(policy: &CompiledPolicy, name: &str) -> One {
    let activity = policy.activities.get(name);
    if let Some(label) = activity.and_then(|a| a.label.as_deref()) {
        return One::Label(escape(label));
    }
    let is_kind = policy
        .vocabularies
        .get("session_kind")
        .is_some_and(|v| v.values.iter().any(|k| k == name));
    let kind = words(name);
    if is_kind {
        let add_session = !MEETING_NOUNS.iter().any(|n| kind.ends_with(n));
        One::Kind { kind, add_session }
    } else {
        One::Noun(kind)
    }
}

impl One {
    fn singular(&self) -> String {
        match self {
            One::Kind {
                kind,
                add_session: true,
            } => format!("{kind} session"),
            One::Kind {
                kind,
                add_session: false,
            } => kind.clone(),
            One::Label(label) => without_article(label).to_string(),
            One::Noun(noun) => noun.clone(),
        }
    }

    fn with_article(&self) -> String {
        match self {
            One::Label(label) => with_article(label),
            _ => with_article(&self.singular()),
        }
    }

    fn plural(&self) -> Option<String> {
        match self {
            One::Label(_) => None,
            _ => Some(plural(&self.singular())),
        }
    }
}

/// Activities joined with "or": kinds that all take "session" share it
/// ("one-to-one or group supervision session").
pub fn activities(policy: &CompiledPolicy, names: &[String]) -> ActivityPhrase {
    let ones: Vec<One> = names.iter().map(|n| one(policy, n)).collect();
    if let [only] = ones.as_slice() {
        return ActivityPhrase {
            singular: only.singular(),
            with_article: only.with_article(),
            plural: only.plural(),
        };
    }
    let shared: Option<Vec<String>> = ones
        .iter()
        .map(|o| match o {
            One::Kind {
                kind,
                add_session: true,
            } => Some(kind.clone()),
            _ => None,
        })
        .collect();
    if let Some(kinds) = shared.filter(|k| !k.is_empty()) {
        let joined = english::list(&kinds, "or");
        let singular = format!("{joined} session");
        return ActivityPhrase {
            with_article: with_article(&singular),
            plural: Some(format!("{joined} sessions")),
            singular,
        };
    }
    let singular = english::list(&ones.iter().map(One::singular).collect::<Vec<_>>(), "or");
    let with_article = english::list(
        &ones.iter().map(One::with_article).collect::<Vec<_>>(),
        "or",
    );
    let plurals: Option<Vec<String>> = ones.iter().map(One::plural).collect();
    ActivityPhrase {
        singular,
        with_article,
        plural: plurals.map(|p| english::list(&p, "or")),
    }
}

/// True when `names` are every session kind, in any order: an eligibility
/// rule written without `of` covers them all.
pub(crate) fn all_session_kinds(policy: &CompiledPolicy, names: &[String]) -> bool {
    let Some(kinds) = policy.vocabularies.get("session_kind") else {
        return false;
    };
    let mut a: Vec<&String> = kinds.values.iter().collect();
    let mut b: Vec<&String> = names.iter().collect();
    a.sort();
    b.sort();
    a == b && !a.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::clean_policy;

    const HEADER: &str = "policy \"T\" { owner: \"O\" }\n";

    #[test]
    fn session_kinds_take_session() {
        let p = clean_policy(HEADER);
        let a = activities(&p, &["one_to_one".into()]);
        assert_eq!(a.with_article, "a one-to-one session");
        assert_eq!(a.plural.as_deref(), Some("one-to-one sessions"));
    }

    #[test]
    fn kinds_share_one_session_noun() {
        let p = clean_policy(HEADER);
        let a = activities(&p, &["one_to_one".into(), "group_supervision".into()]);
        assert_eq!(a.with_article, "a one-to-one or group supervision session");
        assert_eq!(
            a.plural.as_deref(),
            Some("one-to-one or group supervision sessions")
        );
    }

    #[test]
    fn meetings_are_not_sessions() {
        let p = clean_policy(&format!("{HEADER}session kinds: team_meeting\n"));
        let a = activities(&p, &["team_meeting".into(), "one_to_one".into()]);
        assert_eq!(a.with_article, "a team meeting or a one-to-one session");
        assert_eq!(
            a.plural.as_deref(),
            Some("team meetings or one-to-one sessions")
        );
    }

    #[test]
    fn labels_are_used_as_written() {
        let p = clean_policy(HEADER);
        let a = activities(&p, &["agreement".into()]);
        assert_eq!(a.with_article, "a supervision agreement made or reviewed");
        assert_eq!(a.singular, "supervision agreement made or reviewed");
        assert_eq!(a.plural, None);
    }

    #[test]
    fn groups_use_their_label_or_name() {
        let p = clean_policy(&format!("{HEADER}group nqsw \"newly qualified social workers\": staff\ngroup all_staff: staff\n"));
        assert_eq!(group(&p, "nqsw"), "newly qualified social workers");
        assert_eq!(group(&p, "all_staff"), "all staff");
    }

    #[test]
    fn table_rows_are_singular() {
        let p = clean_policy(HEADER);
        assert_eq!(table_row(&p, "sessions"), "supervision session");
        assert_eq!(table_row(&p, "case_decisions"), "case decision");
        assert_eq!(table_row(&p, "absences"), "leave and absence record");
        assert_eq!(table_row(&p, "staff"), "member of staff");
        assert_eq!(table_all(&p, "staff"), "all staff");
        assert_eq!(table_all(&p, "absences"), "all leave and absence records");
    }
}
