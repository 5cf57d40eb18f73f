//! The language's words in one table: every keyword the grammar matches
//! (`kw_*` rules in `grammar/sup.pest`), which of them are reserved (never
//! read as a name), the words that only have a meaning in context (`roles:`,
//! `session kinds`), and what each means in plain English.
//!
//! The grammar stays the authority on where a word may appear; this table is
//! the one list every other reader takes its words from (the language
//! server's completion, hover and highlighting), and the tests below hold it
//! equal to the grammar.

/// How the grammar treats a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A keyword (`kw_WORD`) that is also reserved: never a name or a unit.
    Reserved,
    /// A keyword (`kw_WORD`) that may still be a name elsewhere.
    Keyword,
    /// Not a keyword of the grammar, but a word with a meaning in some
    /// place (`roles:`, `session kinds`, `supervisee.`).
    Contextual,
}

/// One word of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub word: &'static str,
    pub kind: Kind,
    /// What it means, for an author; multi-word phrases are explained under
    /// their first word.
    pub meaning: Option<&'static str>,
}

const fn k(word: &'static str, kind: Kind, meaning: Option<&'static str>) -> Word {
    Word {
        word,
        kind,
        meaning,
    }
}

use Kind::{Contextual, Keyword, Reserved};

/// Every word of the language, in the order an author meets them.
pub const WORDS: &[Word] = &[
    k("policy", Reserved, Some("Starts the header of an organisation's policy: `policy \"Title\" { owner: ..., review: ... }`.")),
    k("framework", Reserved, Some("Starts the header of a framework that other policies must at least meet (`conforms to`).")),
    k("table", Reserved, Some("Declares a table of records the policy is checked against, with its typed columns.")),
    k("extend", Reserved, Some("Adds columns to a table, such as `extend staff { placement_days: optional number }`.")),
    k("optional", Reserved, Some("The column may be empty in an export.")),
    k("lifetime", Keyword, Some("`lifetime from START [to END]` in a table: the date columns between which a row exists; rules ask nothing of it outside them.")),
    k("ref", Keyword, Some("The column holds the id of a row in another table: `ref staff`.")),
    k("one", Keyword, Some("`one of VOCABULARY`: the column holds one of a list of values (a role, a kind).")),
    k("set", Keyword, Some("`set of VOCABULARY`: the column holds any number of values (tags, registrations).")),
    k("values", Reserved, Some("`values of NAME: a, b`: declares a list of allowed values of your own.")),
    k("group", Reserved, Some("Declares a group of staff (or cases) chosen by a condition: `group nqsw: staff where tags has asye`.")),
    k("where", Reserved, Some("Introduces the condition that chooses which rows belong or count.")),
    k("calendar", Reserved, Some("Declares named date ranges such as academic half terms, for `in each NAME`. In `per calendar month`: whole calendar months.")),
    k("holidays", Reserved, Some("Declares the days that are not working days, besides weekends.")),
    k("include", Reserved, Some("Adds another holiday calendar's days to this one, such as `include england_and_wales`.")),
    k("activity", Reserved, Some("Declares something that happens to a person on a date and can be counted, read from a table.")),
    k("rule", Reserved, Some("Names a rule: `rule NAME: ...`. Each rule is one requirement of the policy.")),
    k("require", Reserved, Some("A frequency rule: how often something must happen for each member of a group.")),
    k("eligible", Reserved, Some("`eligible supervisor`: who may supervise members of a group. Every session is checked.")),
    k("supervisor", Keyword, Some("The person leading the session. In conditions, `supervisor.level` reads the supervisor's `staff` record.")),
    k("supervisee", Contextual, Some("The person being supervised. In conditions, `supervisee.level` reads their `staff` record.")),
    k("limit", Reserved, Some("A limit rule: a measure (supervisees, caseload, group size, ...) must stay within a range.")),
    k("deadline", Reserved, Some("A deadline rule: something must be done within a time of an event, or before the next one.")),
    k("retain", Reserved, Some("A retention rule: how long records must (and may) be kept.")),
    k("access", Reserved, Some("An access rule: who may read records, and for what purpose. Anything not allowed is a finding.")),
    k("allow", Reserved, Some("Lets these roles read the records for these purposes.")),
    k("deny", Reserved, Some("Refuses these roles, whatever the purpose.")),
    k("notify", Reserved, Some("`notify subject`: the person the record is about must be told of each access; `allow ... and notify subject` for one grant only.")),
    k("subject", Keyword, Some("The person the record is about.")),
    k("for", Reserved, Some("Names who a rule applies to (a group), or in `allow`, the purposes.")),
    k("with", Reserved, Some("`with COLUMN`: only sessions with the person that column names count, such as `with line_manager`.")),
    k("at", Reserved, Some("`at least` sets a minimum; `at most` sets a maximum.")),
    k("least", Reserved, Some("`at least N`: N or more.")),
    k("most", Reserved, Some("`at most N`: N or fewer. In a requirement, `at most 2 per month` is a maximum: more sessions than that in a window is a finding.")),
    k("apart", Reserved, Some("`at least 4 weeks apart`: no two sessions closer than that (the later one is the finding); exactly 4 weeks apart is fine.")),
    k("once", Reserved, Some("One time: `at least once per year`.")),
    k("twice", Reserved, Some("Two times: `at least twice per year`.")),
    k("every", Reserved, Some("`every 2 weeks`: the longest gap allowed between two sessions, counted from when the rule starts to apply. `every 4 to 6 weeks`: a gap range, no gap longer than 6 weeks and no two sessions closer than 4. `every member of GROUP: CONDITION`: a condition each member must meet.")),
    k("member", Keyword, Some("`every member of GROUP: CONDITION`: each member of the group must meet the condition (say, a DBS check recorded).")),
    k("recorded", Keyword, Some("`COLUMN is recorded`: the column has a value; `is not recorded`: it is empty.")),
    k("working", Keyword, Some("`COLUMN is within working hours`: a date and time falls within the header's `working hours` on a working day (Monday to Friday, not a holiday).")),
    k("hours", Keyword, Some("`within working hours`: the hours the header declares, such as `working hours: \"08:30 to 17:30\"`. Also a unit: `48 hours`.")),
    k("per", Reserved, Some("A fixed calendar period: `per month` counts each calendar month, `per year` each January to December.")),
    k("in", Reserved, Some("`in any 12 months`: every rolling window of that length. `in each NAME`: each period of a declared calendar. In a condition: membership of a group.")),
    k("any", Keyword, Some("`in any 12 months`: every window of that length must hold, wherever it starts. In `allow ... for any`: any purpose.")),
    k("each", Reserved, Some("`in each NAME`: each period of the declared calendar must hold.")),
    k("financial", Keyword, Some("`per financial year`: April to March.")),
    k("academic", Keyword, Some("`per academic year`: September to August.")),
    k("scaled", Reserved, Some("`scaled by COLUMN`: the amount is multiplied by the person's value in that column.")),
    k("by", Reserved, Some("Joins a rule to a column or list: `by tenure`, `waivable by`, `scaled by`, `pro rata by`.")),
    k("tenure", Keyword, Some("How long the person has been in post, counted from `start_date`.")),
    k("first", Reserved, Some("`first 6 weeks`: a phase from the start of tenure.")),
    k("until", Reserved, Some("`until 12 months`: a phase that runs from the end of the previous one up to this tenure.")),
    k("from", Reserved, Some("`from 6 weeks until 12 months`: a phase between two tenures.")),
    k("then", Reserved, Some("`then`: the last phase, from the end of the previous one onwards.")),
    k("between", Reserved, Some("`between 5 and 7`: both ends included.")),
    k("and", Reserved, Some("Both conditions must hold.")),
    k("or", Reserved, Some("Either condition may hold; in a list of activities, any of them counts.")),
    k("not", Reserved, Some("The condition must not hold. In `not pro rata`: part-time staff have the same requirement as full-time.")),
    k("is", Reserved, Some("Compares a column with a value: `role is social_worker`, `status is not cancelled`.")),
    k("has", Reserved, Some("A set column contains the value: `tags has asye`.")),
    k("of", Reserved, Some("Names the table, list or activities meant.")),
    k("on", Reserved, Some("In an activity, the column holding the date it happened: `agreements by supervisee on date`.")),
    k("to", Reserved, Some("A range: `5 to 7`, or a calendar period `2025-09-01 to 2025-10-24`.")),
    k("when", Reserved, Some("`when CONDITION: REQUIREMENT`: the requirement applies only when the condition holds.")),
    k("within", Reserved, Some("A time limit: `within 48 hours of start`.")),
    k("before", Reserved, Some("`before the next one_to_one`: done by the next such session. `at least 1 week before start`: a minimum notice.")),
    k("next", Keyword, Some("The next session of that kind for the same person. In `every member of GROUP: one_to_one booked within the next 3 months`: on every day, a session already booked for a day in the next 3 months.")),
    k("last", Keyword, Some("`every member of GROUP: dbs_check within the last 3 years`: on every day, the most recent row of the activity is no older than that (a row dated D covers D to D + 3 years).")),
    k("booked", Keyword, Some("`one_to_one booked within the next 3 months`: judged on each day against the rows booked by then (the table's `booked` column); a cancelled session never counts.")),
    k("the", Keyword, Some("Read as plain English: `before the next one_to_one`.")),
    k("length", Keyword, Some("`at least the length of start to end before start`: a notice as many days as the row's span covers, both ends counted.")),
    k("after", Reserved, Some("Counted from an event: `6 years after leaving`.")),
    k("leaving", Keyword, Some("Counted from the date the staff member left (`end_date`).")),
    k("creation", Keyword, Some("Counted from the date the record was created.")),
    k("records", Keyword, Some("Records of the kinds named, from the record inventory.")),
    k("alternating", Reserved, Some("`alternating between line_manager and asye_assessor`: the two people named in these columns take turns leading the sessions; neither may lead two in a row.")),
    k("waivable", Reserved, Some("`waivable by ROLE`: a recorded waiver approved by that role turns a finding into a waived one (still reported).")),
    k("overrides", Reserved, Some("`overrides RULE`: for the people this rule covers, the named rule does not apply.")),
    k("pro", Reserved, Some("`pro rata`: the requirement is scaled by FTE (or `pro rata by COLUMN`); `not pro rata`: everyone has the full requirement.")),
    k("rata", Keyword, Some("See `pro rata`.")),
    k("partial", Reserved, Some("`partial windows prorated|full|ignored`: how to judge a window a person was only partly in.")),
    k("windows", Keyword, Some("See `partial windows`.")),
    k("excluding", Reserved, Some("`excluding NAME`: days in the calendar's periods are not judged.")),
    k("roles", Contextual, Some("Declares roles: job roles for `staff.role`, and roles that appear in the access log.")),
    k("tags", Contextual, Some("Declares tags, the labels an HR export gives staff (`asye`, `overseas`).")),
    k("registrations", Contextual, Some("Declares professional registrations, such as `HCPC`.")),
    k("purposes", Contextual, Some("Declares the purposes for which records may be accessed.")),
    k("teams", Contextual, Some("Declares team names.")),
    k("session", Contextual, Some("`session kinds: ...` declares kinds of supervision session; each can be counted by a rule.")),
    k("record", Contextual, Some("`record kinds: ...` declares kinds of record, for retention and access rules.")),
    k("case", Contextual, Some("`case flags: ...` declares flags a case can carry, such as `safeguarding`.")),
    k("kinds", Contextual, Some("See `session kinds` and `record kinds`.")),
    k("flags", Contextual, Some("See `case flags`.")),
    // No hover text yet.
    k("month", Keyword, None),
];

/// The keywords that start a top-level statement (the grammar's
/// `item_start`, less the headings of lists of values), in the order an
/// author meets them.
pub const STATEMENT_STARTS: &[&str] = &[
    "policy",
    "framework",
    "table",
    "extend",
    "group",
    "calendar",
    "holidays",
    "activity",
    "rule",
];

/// The headings that declare values of the standard lists (the grammar's
/// `vocab_word`), each with the list it fills: `session kinds` →
/// `session_kind`. Any other list is declared by `values of NAME`.
pub const VOCABULARY_HEADINGS: &[(&str, &str)] = &[
    ("roles", "role"),
    ("tags", "tag"),
    ("registrations", "registration"),
    ("purposes", "purpose"),
    ("teams", "team"),
    ("session kinds", "session_kind"),
    ("record kinds", "record_kind"),
    ("case flags", "case_flag"),
];

/// Every word that may start a top-level statement: the keywords, `values`
/// and the one-word headings (for did-you-mean on a statement's first word).
pub fn statement_words() -> impl Iterator<Item = &'static str> + Clone {
    STATEMENT_STARTS.iter().copied().chain(["values"]).chain(
        VOCABULARY_HEADINGS
            .iter()
            .map(|(h, _)| *h)
            .filter(|h| !h.contains(' ')),
    )
}

/// The entry for `word`, if it is one of the language's words.
pub fn word(word: &str) -> Option<&'static Word> {
    WORDS.iter().find(|w| w.word == word)
}

/// What `word` means, if the table explains it.
pub fn meaning(word: &str) -> Option<&'static str> {
    self::word(word).and_then(|w| w.meaning)
}

/// The reserved words: never read as a name (`reserved` in the grammar).
pub fn reserved() -> impl Iterator<Item = &'static str> {
    WORDS.iter().filter(|w| w.kind == Reserved).map(|w| w.word)
}

/// Whether `word` is reserved.
pub fn is_reserved(word: &str) -> bool {
    self::word(word).is_some_and(|w| w.kind == Reserved)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAMMAR: &str = include_str!("../../../../grammar/sup.pest");

    /// The words of the grammar's `kw_WORD = @{ "WORD" ~ !word_chars }` rules.
    fn grammar_keywords() -> Vec<&'static str> {
        let mut out: Vec<&str> = GRAMMAR
            .lines()
            .filter(|line| line.starts_with("kw_"))
            .filter_map(|line| line.split('"').nth(1))
            .collect();
        out.sort_unstable();
        out
    }

    /// The words of the grammar's `reserved_word` rule: each literal that is
    /// not followed by a group is a word, or the rest of one after the
    /// literals whose groups it is in (`"a" ~ ("t" | "nd")`: `at`, `and`);
    /// the look-aheads on ranges of letters (`&('a'..'e')`) add nothing.
    fn grammar_reserved() -> Vec<String> {
        let start = GRAMMAR.find("reserved_word = _{").unwrap_or(0);
        let rule = GRAMMAR.get(start..).unwrap_or("");
        let body = rule
            .get(..rule.find("~ !(ASCII_ALPHANUMERIC").unwrap_or(0))
            .unwrap_or("");
        let mut out = Vec::new();
        // The literal each open group follows ("" for a plain bracket).
        let mut prefixes: Vec<&str> = Vec::new();
        // The last literal, until what follows it says whether it is a word.
        let mut pending: Option<&str> = None;
        let mut flush = |pending: &mut Option<&str>, prefixes: &[&str]| {
            if let Some(rest) = pending.take() {
                out.push(format!("{}{rest}", prefixes.concat()));
            }
        };
        let mut rest = body;
        while let Some(c) = rest.chars().next() {
            rest = &rest[c.len_utf8()..];
            match c {
                '"' | '\'' => {
                    let end = rest.find(c).unwrap_or(rest.len());
                    if c == '"' {
                        flush(&mut pending, &prefixes);
                        pending = Some(&rest[..end]);
                    }
                    rest = rest.get(end + 1..).unwrap_or("");
                }
                '(' => prefixes.push(pending.take().unwrap_or("")),
                ')' => {
                    flush(&mut pending, &prefixes);
                    prefixes.pop();
                }
                '|' => flush(&mut pending, &prefixes),
                _ => {}
            }
        }
        flush(&mut pending, &prefixes);
        out.sort_unstable();
        out
    }

    fn ours(kinds: &[Kind]) -> Vec<&'static str> {
        let mut out: Vec<&str> = WORDS
            .iter()
            .filter(|w| kinds.contains(&w.kind))
            .map(|w| w.word)
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn the_keywords_are_the_grammars() {
        assert!(grammar_keywords().len() > 50, "the grammar was not read");
        assert_eq!(ours(&[Reserved, Keyword]), grammar_keywords());
    }

    #[test]
    fn the_reserved_words_are_the_grammars() {
        assert!(grammar_reserved().len() > 50, "the grammar was not read");
        assert_eq!(ours(&[Reserved]), grammar_reserved());
        assert!(grammar_reserved().iter().all(|w| is_reserved(w)));
        assert!(!is_reserved("supervisee"));
    }

    /// The string literals and `kw_` words of one grammar rule.
    fn grammar_rule(name: &str) -> String {
        let start = GRAMMAR.find(&format!("\n{name} ")).unwrap_or(0);
        let rule = GRAMMAR.get(start + 1..).unwrap_or("");
        let end = rule.find("}\n").unwrap_or(0);
        rule.get(..end).unwrap_or("").to_string()
    }

    #[test]
    fn statement_starts_and_headings_are_the_grammars() {
        let starts = grammar_rule("item_start");
        let mut theirs: Vec<&str> = starts
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter_map(|w| w.strip_prefix("kw_"))
            .collect();
        theirs.sort_unstable();
        let mut ours = STATEMENT_STARTS.to_vec();
        ours.sort_unstable();
        assert!(ours.len() > 5, "the grammar was not read");
        assert_eq!(ours, theirs);
        assert!(starts.contains("vocab_head"));

        let heads = grammar_rule("vocab_word");
        let mut theirs: Vec<&str> = heads
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()))
            .collect();
        theirs.sort_unstable();
        theirs.dedup();
        let mut ours: Vec<&str> = VOCABULARY_HEADINGS
            .iter()
            .flat_map(|(h, _)| h.split(' '))
            .collect();
        ours.sort_unstable();
        ours.dedup();
        assert_eq!(ours, theirs);
        let words: Vec<&str> = statement_words().collect();
        assert!(words.contains(&"rule") && words.contains(&"values") && words.contains(&"teams"));
        assert!(!words.iter().any(|w| w.contains(' ')));
    }

    #[test]
    fn each_word_is_listed_once() {
        let mut words: Vec<&str> = WORDS.iter().map(|w| w.word).collect();
        let count = words.len();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), count);
    }

    #[test]
    fn no_reserved_word_parses_as_a_name_and_a_longer_word_does() {
        // What the grammar does, not only what it lists: a word that starts
        // with a shorter reserved word (`within`, `once`, `include`) must be
        // tried first, or it reads as a name.
        for w in reserved() {
            let said = |name: &str| {
                let text = format!("policy \"t\" {{\n  version: 1\n}}\ngroup {name}: staff\n");
                let (_, diagnostics) = crate::syntax::parse(&text);
                diagnostics.iter().any(|d| {
                    d.message == format!("`{name}` is a reserved word, so it cannot be a name")
                })
            };
            assert!(said(w), "`{w}` was read as a name");
            assert!(!said(&format!("{w}_x")), "`{w}_x` was not read as a name");
        }
    }

    #[test]
    fn every_reserved_word_is_explained() {
        for w in reserved() {
            assert!(meaning(w).is_some(), "no explanation for `{w}`");
        }
    }
}
