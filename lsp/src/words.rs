//! The language's own words: keywords, units, periods and column types, with
//! the short plain-English explanation an author sees on hover.
//!
//! These lists mirror the grammar (`grammar/sup.pest`) and the checker's
//! tables; the tests below check them against both, so that they cannot
//! drift apart.

/// Keywords with what they mean. Multi-word phrases are explained under
/// their first word.
pub const KEYWORDS: &[(&str, &str)] = &[
    ("policy", "Starts the header of an organisation's policy: `policy \"Title\" { owner: ..., review: ... }`."),
    ("framework", "Starts the header of a framework that other policies must at least meet (`conforms to`)."),
    ("table", "Declares a table of records the policy is checked against, with its typed columns."),
    ("extend", "Adds columns to a table, such as `extend staff { placement_days: optional number }`."),
    ("optional", "The column may be empty in an export."),
    ("lifetime", "`lifetime from START [to END]` in a table: the date columns between which a row exists; rules ask nothing of it outside them."),
    ("ref", "The column holds the id of a row in another table: `ref staff`."),
    ("one", "`one of VOCABULARY`: the column holds one of a list of values (a role, a kind)."),
    ("set", "`set of VOCABULARY`: the column holds any number of values (tags, registrations)."),
    ("values", "`values of NAME: a, b`: declares a list of allowed values of your own."),
    ("group", "Declares a group of staff (or cases) chosen by a condition: `group nqsw: staff where tags has asye`."),
    ("where", "Introduces the condition that chooses which rows belong or count."),
    ("calendar", "Declares named date ranges such as academic half terms, for `in each NAME`. In `per calendar month`: whole calendar months."),
    ("holidays", "Declares the days that are not working days, besides weekends."),
    ("include", "Adds another holiday calendar's days to this one, such as `include england_and_wales`."),
    ("activity", "Declares something that happens to a person on a date and can be counted, read from a table."),
    ("rule", "Names a rule: `rule NAME: ...`. Each rule is one requirement of the policy."),
    ("require", "A frequency rule: how often something must happen for each member of a group."),
    ("eligible", "`eligible supervisor`: who may supervise members of a group. Every session is checked."),
    ("supervisor", "The person leading the session. In conditions, `supervisor.level` reads the supervisor's `staff` record."),
    ("supervisee", "The person being supervised. In conditions, `supervisee.level` reads their `staff` record."),
    ("limit", "A limit rule: a measure (supervisees, caseload, group size, ...) must stay within a range."),
    ("deadline", "A deadline rule: something must be done within a time of an event, or before the next one."),
    ("retain", "A retention rule: how long records must (and may) be kept."),
    ("access", "An access rule: who may read records, and for what purpose. Anything not allowed is a finding."),
    ("allow", "Lets these roles read the records for these purposes."),
    ("deny", "Refuses these roles, whatever the purpose."),
    ("notify", "`notify subject`: the person the record is about must be told of each access; `allow ... and notify subject` for one grant only."),
    ("subject", "The person the record is about."),
    ("for", "Names who a rule applies to (a group), or in `allow`, the purposes."),
    ("with", "`with COLUMN`: only sessions with the person that column names count, such as `with line_manager`."),
    ("at", "`at least` sets a minimum; `at most` sets a maximum."),
    ("least", "`at least N`: N or more."),
    ("most", "`at most N`: N or fewer. In a requirement, `at most 2 per month` is a maximum: more sessions than that in a window is a finding."),
    ("apart", "`at least 4 weeks apart`: no two sessions closer than that (the later one is the finding); exactly 4 weeks apart is fine."),
    ("once", "One time: `at least once per year`."),
    ("twice", "Two times: `at least twice per year`."),
    ("every", "`every 2 weeks`: the longest gap allowed between two sessions, counted from when the rule starts to apply. `every 4 to 6 weeks`: a gap range, no gap longer than 6 weeks and no two sessions closer than 4. `every member of GROUP: CONDITION`: a condition each member must meet."),
    ("member", "`every member of GROUP: CONDITION`: each member of the group must meet the condition (say, a DBS check recorded)."),
    ("recorded", "`COLUMN is recorded`: the column has a value; `is not recorded`: it is empty."),
    ("working", "`COLUMN is within working hours`: a date and time falls within the header's `working hours` on a working day (Monday to Friday, not a holiday)."),
    ("hours", "`within working hours`: the hours the header declares, such as `working hours: \"08:30 to 17:30\"`. Also a unit: `48 hours`."),
    ("per", "A fixed calendar period: `per month` counts each calendar month, `per year` each January to December."),
    ("in", "`in any 12 months`: every rolling window of that length. `in each NAME`: each period of a declared calendar. In a condition: membership of a group."),
    ("any", "`in any 12 months`: every window of that length must hold, wherever it starts. In `allow ... for any`: any purpose."),
    ("each", "`in each NAME`: each period of the declared calendar must hold."),
    ("financial", "`per financial year`: April to March."),
    ("academic", "`per academic year`: September to August."),
    ("scaled", "`scaled by COLUMN`: the amount is multiplied by the person's value in that column."),
    ("by", "Joins a rule to a column or list: `by tenure`, `waivable by`, `scaled by`, `pro rata by`."),
    ("tenure", "How long the person has been in post, counted from `start_date`."),
    ("first", "`first 6 weeks`: a phase from the start of tenure."),
    ("until", "`until 12 months`: a phase that runs from the end of the previous one up to this tenure."),
    ("from", "`from 6 weeks until 12 months`: a phase between two tenures."),
    ("then", "`then`: the last phase, from the end of the previous one onwards."),
    ("between", "`between 5 and 7`: both ends included."),
    ("and", "Both conditions must hold."),
    ("or", "Either condition may hold; in a list of activities, any of them counts."),
    ("not", "The condition must not hold. In `not pro rata`: part-time staff have the same requirement as full-time."),
    ("is", "Compares a column with a value: `role is social_worker`, `status is not cancelled`."),
    ("has", "A set column contains the value: `tags has asye`."),
    ("of", "Names the table, list or activities meant."),
    ("on", "In an activity, the column holding the date it happened: `agreements by supervisee on date`."),
    ("to", "A range: `5 to 7`, or a calendar period `2025-09-01 to 2025-10-24`."),
    ("when", "`when CONDITION: REQUIREMENT`: the requirement applies only when the condition holds."),
    ("within", "A time limit: `within 48 hours of start`."),
    ("before", "`before the next one_to_one`: done by the next such session. `at least 1 week before start`: a minimum notice."),
    ("next", "The next session of that kind for the same person."),
    ("the", "Read as plain English: `before the next one_to_one`."),
    ("length", "`at least the length of start to end before start`: a notice as many days as the row's span covers, both ends counted."),
    ("after", "Counted from an event: `6 years after leaving`."),
    ("leaving", "Counted from the date the staff member left (`end_date`)."),
    ("creation", "Counted from the date the record was created."),
    ("records", "Records of the kinds named, from the record inventory."),
    ("alternating", "`alternating between line_manager and asye_assessor`: the two people named in these columns take turns leading the sessions; neither may lead two in a row."),
    ("waivable", "`waivable by ROLE`: a recorded waiver approved by that role turns a finding into a waived one (still reported)."),
    ("overrides", "`overrides RULE`: for the people this rule covers, the named rule does not apply."),
    ("pro", "`pro rata`: the requirement is scaled by FTE (or `pro rata by COLUMN`); `not pro rata`: everyone has the full requirement."),
    ("rata", "See `pro rata`."),
    ("partial", "`partial windows prorated|full|ignored`: how to judge a window a person was only partly in."),
    ("windows", "See `partial windows`."),
    ("excluding", "`excluding NAME`: days in the calendar's periods are not judged."),
    ("roles", "Declares roles: job roles for `staff.role`, and roles that appear in the access log."),
    ("tags", "Declares tags, the labels an HR export gives staff (`asye`, `overseas`)."),
    ("registrations", "Declares professional registrations, such as `HCPC`."),
    ("purposes", "Declares the purposes for which records may be accessed."),
    ("teams", "Declares team names."),
    ("session", "`session kinds: ...` declares kinds of supervision session; each can be counted by a rule."),
    ("record", "`record kinds: ...` declares kinds of record, for retention and access rules."),
    ("case", "`case flags: ...` declares flags a case can carry, such as `safeguarding`."),
    ("kinds", "See `session kinds` and `record kinds`."),
    ("flags", "See `case flags`."),
];

/// Words that start a top-level statement, offered at the start of a line.
pub const ITEM_STARTS: &[&str] = &[
    "policy",
    "framework",
    "table",
    "extend",
    "group",
    "calendar",
    "holidays",
    "activity",
    "rule",
    "roles:",
    "tags:",
    "registrations:",
    "purposes:",
    "teams:",
    "session kinds:",
    "record kinds:",
    "case flags:",
    "values of",
];

/// How each rule family starts, offered after `rule NAME:`.
pub const RULE_STARTS: &[(&str, &str)] = &[
    (
        "require",
        "require ACTIVITY for GROUP: at least N per PERIOD",
    ),
    (
        "eligible supervisor",
        "eligible supervisor of ACTIVITY for GROUP { CONDITIONS }",
    ),
    ("limit", "limit MEASURE for GROUP: N to M"),
    (
        "deadline",
        "deadline TABLE: COLUMN within DURATION of COLUMN",
    ),
    (
        "retain",
        "retain KIND records: at least DURATION after leaving",
    ),
    ("access", "access KIND records { allow ROLE for PURPOSE }"),
    ("every member of", "every member of GROUP: CONDITION"),
];

/// Rule options, offered after a complete rule.
pub const RULE_OPTIONS: &[&str] = &[
    "waivable by",
    "overrides",
    "not pro rata",
    "pro rata",
    "partial windows",
    "alternating between",
];

/// Header fields.
pub const HEADER_FIELDS: &[(&str, &str)] = &[
    (
        "owner",
        "Who owns the policy: `owner: \"Children's Services\"`.",
    ),
    ("version", "The policy's version: `version: \"2025-04\"`."),
    (
        "effective",
        "The date the policy takes effect: `effective: 2025-04-01`.",
    ),
    (
        "review",
        "The date the policy is due for review; after it, `sup check` warns.",
    ),
    (
        "timezone",
        "The IANA timezone that times in exports are read in (default `Europe/London`).",
    ),
    (
        "holidays",
        "The holiday calendar working days skip (default `england_and_wales`).",
    ),
    (
        "conforms to",
        "The framework file this policy must at least meet, relative to this file.",
    ),
    (
        "working hours",
        "The hours of the working day, for `is within working hours`: `working hours: \"08:30 to 17:30\"`.",
    ),
];

/// Units of time, with what they mean.
pub const UNITS: &[(&str, &str)] = &[
    ("minutes", "Minutes of time."),
    (
        "hours",
        "Hours of time: `within 48 hours` is two whole days to the minute.",
    ),
    ("days", "Calendar days, weekends and holidays included."),
    (
        "working days",
        "Monday to Friday, leaving out the policy's holiday calendar (`holidays:` in the header).",
    ),
    ("weeks", "Weeks of 7 days."),
    ("fortnights", "Two weeks each."),
    (
        "months",
        "Calendar months: a month after 31 January is the last day of February.",
    ),
    (
        "years",
        "Calendar years: a year after 29 February is 28 February.",
    ),
];

/// The singular spellings the checker also accepts.
pub const UNIT_SINGULARS: &[(&str, &str)] = &[
    ("minute", "minutes"),
    ("hour", "hours"),
    ("day", "days"),
    ("working day", "working days"),
    ("week", "weeks"),
    ("fortnight", "fortnights"),
    ("month", "months"),
    ("year", "years"),
];

/// Periods after `per`, with what they mean.
pub const PERIODS: &[(&str, &str)] = &[
    ("week", "Each week, Monday to Sunday."),
    (
        "fortnight",
        "Each fortnight, counted from Monday 3 January 2000.",
    ),
    ("month", "Each calendar month."),
    (
        "quarter",
        "Each quarter: January to March, April to June, and so on.",
    ),
    ("year", "Each calendar year, January to December."),
    ("calendar month", "Each calendar month."),
    ("calendar year", "Each calendar year, January to December."),
    ("financial year", "Each financial year, April to March."),
    ("academic year", "Each academic year, September to August."),
];

/// Column types, with what they mean.
pub const TYPES: &[(&str, &str)] = &[
    ("id", "A unique identifier of the row."),
    ("text", "Any text."),
    ("number", "A number, such as `0.6` or `12`."),
    ("bool", "Yes or no."),
    ("date", "A date, `YYYY-MM-DD`."),
    ("datetime", "A date and time."),
    ("duration", "A length of time."),
];

/// Measures a `limit` rule can bound.
pub const MEASURES: &[(&str, &str)] = &[
    (
        "supervisees",
        "How many staff name this member as their `supervisor`, on each day.",
    ),
    ("caseload", "The member's `caseload`."),
    (
        "caseload per fte",
        "The member's `caseload` divided by their `fte`.",
    ),
    ("group_size", "How many attended one session."),
    ("session_length", "How long one session lasted."),
    (
        "team_cover",
        "The share of a team not on leave, on each day.",
    ),
];

/// `partial windows` choices.
pub const PARTIAL_WINDOWS: &[(&str, &str)] = &[
    (
        "prorated",
        "Scale the requirement by the share of the window covered, rounding down.",
    ),
    ("full", "Require the full amount anyway."),
    (
        "ignored",
        "Do not judge windows a person was only partly in.",
    ),
];

pub fn keyword(word: &str) -> Option<&'static str> {
    KEYWORDS.iter().find(|(w, _)| *w == word).map(|(_, e)| *e)
}

pub fn is_keyword(word: &str) -> bool {
    keyword(word).is_some() || matches!(word, "calendar" | "framework")
}

/// The explanation of a unit, in any spelling the checker accepts.
pub fn unit(word: &str) -> Option<(&'static str, &'static str)> {
    let canonical = UNIT_SINGULARS
        .iter()
        .find(|(w, _)| *w == word)
        .map_or(word, |(_, c)| *c);
    UNITS.iter().find(|(w, _)| *w == canonical).copied()
}

pub fn is_unit(word: &str) -> bool {
    unit(word).is_some()
}

/// Words the grammar never reads as a name (`reserved` in `grammar/sup.pest`).
pub const RESERVED: &[&str] = &[
    "policy",
    "framework",
    "table",
    "extend",
    "group",
    "calendar",
    "holidays",
    "activity",
    "rule",
    "require",
    "eligible",
    "limit",
    "deadline",
    "retain",
    "access",
    "allow",
    "deny",
    "notify",
    "values",
    "for",
    "where",
    "with",
    "within",
    "per",
    "in",
    "each",
    "every",
    "at",
    "least",
    "most",
    "to",
    "and",
    "or",
    "not",
    "is",
    "has",
    "of",
    "by",
    "on",
    "when",
    "first",
    "until",
    "from",
    "then",
    "between",
    "after",
    "before",
    "waivable",
    "overrides",
    "pro",
    "partial",
    "scaled",
    "excluding",
    "include",
    "optional",
    "once",
    "twice",
    "alternating",
    "apart",
];

#[cfg(test)]
mod tests {
    use super::*;
    use sup::check::{check, CheckOptions};
    use sup::diagnostic::Code;

    /// The codes of the diagnostics of `source`.
    fn codes(source: &str) -> Vec<Code> {
        check(source, &CheckOptions::default())
            .diagnostics
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    const HEADER: &str = "policy \"P\" {\n  review: 2030-01-01\n}\ngroup g: staff\n";

    #[test]
    fn reserved_words_are_the_grammars() {
        let grammar = include_str!("../../grammar/sup.pest");
        let start = grammar.find("reserved = @{").unwrap();
        let end = start + grammar[start..].find("~ !(").unwrap();
        let mut from_grammar: Vec<&str> =
            grammar[start..end].split('"').skip(1).step_by(2).collect();
        let mut ours = RESERVED.to_vec();
        from_grammar.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, from_grammar);
    }

    #[test]
    fn every_reserved_word_is_explained() {
        for word in RESERVED {
            assert!(keyword(word).is_some(), "no explanation for `{word}`");
        }
    }

    #[test]
    fn every_unit_is_one_the_checker_knows() {
        for unit in UNITS.iter().chain(UNIT_SINGULARS).map(|(u, _)| u) {
            assert!(
                sup::policy::DurationUnit::from_word(unit).is_some(),
                "`{unit}`"
            );
        }
    }

    #[test]
    fn every_period_is_one_the_checker_knows() {
        for (period, _) in PERIODS {
            let source =
                format!("{HEADER}rule r: require one_to_one for g: at least 1 per {period}\n");
            assert_eq!(codes(&source), [], "per {period}");
        }
    }

    #[test]
    fn every_type_is_one_the_checker_knows() {
        for (ty, _) in TYPES {
            let source = format!("{HEADER}extend staff {{\n  extra: optional {ty}\n}}\n");
            assert!(!codes(&source).contains(&Code::UnknownType), "`{ty}`");
        }
    }

    #[test]
    fn every_measure_and_partial_window_is_one_the_checker_knows() {
        for (measure, _) in MEASURES {
            assert!(
                sup::policy::Measure::ALL.iter().any(|(m, _)| m == measure),
                "`{measure}`"
            );
        }
        for (choice, _) in PARTIAL_WINDOWS {
            let source = format!("{HEADER}rule r: require one_to_one for g: at least 1 per month, partial windows {choice}\n");
            assert_eq!(codes(&source), [], "partial windows {choice}");
        }
    }

    #[test]
    fn every_header_field_is_one_the_checker_knows() {
        for (field, _) in HEADER_FIELDS {
            let source = format!("policy \"P\" {{\n  {field}: \"x\"\n}}\n");
            assert!(
                !codes(&source).contains(&Code::UnknownHeaderField),
                "`{field}`"
            );
        }
    }
}
