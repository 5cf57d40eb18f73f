//! Small English helpers for `describe`: turning names into words, plurals,
//! articles, lists, dates and durations as a reader expects them.
//!
//! Everything here is a heuristic tuned for the vocabulary of supervision
//! policies (roles, session kinds, record kinds). It never fails: a word it
//! does not know is left as it is, which reads a little stiffly but is never
//! wrong.

use chrono::NaiveDate;

use crate::policy::Duration;

/// Short lower-case names that are acronyms even though they contain a vowel.
/// Names without any vowel (`hr`, `dsl`, `nqsw`) are caught by a rule instead.
const KNOWN_ACRONYMS: &[&str] = &[
    "fte", "asye", "nqep", "ofsted", "ceo", "cin", "ehc", "ehcp", "sen", "sendco", "toil", "rag",
];

/// Two-letter English words; any other two-letter name (`ep`, `sw`, `qa`)
/// is read as an acronym.
const TWO_LETTER_WORDS: &[&str] = &[
    "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no",
    "of", "on", "or", "so", "to", "up", "us", "we",
];

/// Turn a `.sup` name into words: `line_manager` → "line manager",
/// `one_to_one` → "one-to-one", `hr_adviser` → "HR adviser".
pub fn words(name: &str) -> String {
    let parts: Vec<&str> = name.split('_').filter(|p| !p.is_empty()).collect();
    let mut out = String::new();
    let mut index = 0;
    while let Some(part) = parts.get(index) {
        // `one_to_one`, `face_to_face`, `peer_to_peer`: the same word either
        // side of `to` is a compound adjective and is hyphenated.
        let compound = parts.get(index + 1) == Some(&"to") && parts.get(index + 2) == Some(part);
        if !out.is_empty() {
            out.push(' ');
        }
        if compound {
            let word = word(part);
            out.push_str(&format!("{word}-to-{word}"));
            index += 3;
        } else {
            out.push_str(&word(part));
            index += 1;
        }
    }
    out
}

/// One word of a name, upper-cased when it is an acronym.
fn word(part: &str) -> String {
    if is_acronym(part) {
        part.to_ascii_uppercase()
    } else {
        part.to_string()
    }
}

/// A lower-case word that is read letter by letter: a known one, or one with
/// no vowel at all (`hr`, `dsl`, `hcpc`). Words the author already
/// capitalised are left alone.
fn is_acronym(part: &str) -> bool {
    if part.len() < 2 || !part.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    KNOWN_ACRONYMS.contains(&part)
        || (part.len() == 2 && !TWO_LETTER_WORDS.contains(&part))
        || !part.chars().any(|c| "aeiouy".contains(c))
}

/// Upper-case the first letter, for the start of a sentence.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Title case for a role named as a person ("a Service Manager"); short
/// joining words stay lower case and acronyms stay as they are.
pub(crate) fn title_case(text: &str) -> String {
    let small = ["of", "and", "the", "for", "in", "to", "a", "an", "or"];
    text.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && small.contains(&w) {
                w.to_string()
            } else {
                capitalise(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The plural of a noun phrase: the head noun changes, so "head of service"
/// becomes "heads of service" and "line manager" becomes "line managers".
pub(crate) fn plural(phrase: &str) -> String {
    if let Some((head, tail)) = phrase.split_once(" of ") {
        return format!("{} of {tail}", plural(head));
    }
    match phrase.rsplit_once(' ') {
        Some((front, last)) => format!("{front} {}", plural_word(last)),
        None => plural_word(phrase),
    }
}

fn plural_word(word: &str) -> String {
    let irregular = [
        ("person", "people"),
        ("child", "children"),
        ("staff", "staff"),
        ("Staff", "Staff"),
    ];
    if let Some((_, many)) = irregular.iter().find(|(one, _)| *one == word) {
        return (*many).to_string();
    }
    if word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return format!("{word}s");
    }
    let lower = word.to_ascii_lowercase();
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// The singular of a plural label: "academic half terms" → "academic half
/// term", "annual reviews of EHC plans" → "annual review of EHC plans". The
/// head noun is the word before the first word that starts a post-modifier
/// ("of", "held", ...), or else the last word. A phrase that does not look
/// plural is returned as it is.
pub(crate) fn singular(phrase: &str) -> String {
    if let Some((front, rest)) = phrase.split_once(" (") {
        if phrase.ends_with(')') {
            return format!("{} ({rest}", singular(front));
        }
    }
    let parts: Vec<&str> = phrase.split(' ').collect();
    let head = parts
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, w)| POST_MODIFIERS.contains(w))
        .map_or(parts.len().saturating_sub(1), |(i, _)| i - 1);
    parts
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == head {
                singular_word(w)
            } else {
                (*w).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that start a phrase after a head noun ("reviews *of* plans",
/// "cases *held* by officers").
const POST_MODIFIERS: &[&str] = &[
    "of", "to", "with", "by", "who", "whose", "that", "which", "for", "in", "on", "from", "at",
    "during", "held", "agreed", "made", "given", "kept",
];

fn singular_word(word: &str) -> String {
    let irregular = [("people", "person"), ("children", "child")];
    if let Some((_, one)) = irregular.iter().find(|(many, _)| *many == word) {
        return (*one).to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for end in ["sses", "ches", "shes", "xes"] {
        if word.ends_with(end) {
            return word.get(..word.len() - 2).unwrap_or(word).to_string();
        }
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word.to_string();
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() => stem.to_string(),
        _ => word.to_string(),
    }
}

/// "a" or "an" for the phrase, by how its first word sounds.
pub(crate) fn article(phrase: &str) -> &'static str {
    let first = phrase.split([' ', '-']).next().unwrap_or("");
    if first.len() > 1
        && first
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        // Read letter by letter: "an HR adviser", "a DSL".
        return match first.chars().next() {
            Some(c) if "AEFHILMNORSX".contains(c) => "an",
            _ => "a",
        };
    }
    let lower = first.to_ascii_lowercase();
    let sounds_like_you = ["one", "once", "uni", "use", "usu", "eu", "ewe"];
    let silent_h = ["hour", "honest", "honour", "heir"];
    if sounds_like_you.iter().any(|p| lower.starts_with(p)) {
        return "a";
    }
    if silent_h.iter().any(|p| lower.starts_with(p)) {
        return "an";
    }
    match lower.chars().next() {
        Some(c) if "aeiou".contains(c) => "an",
        _ => "a",
    }
}

/// The phrase with "a" or "an" in front, unless it already starts with an
/// article or another word that does the same job.
pub(crate) fn with_article(phrase: &str) -> String {
    if has_determiner(phrase) {
        phrase.to_string()
    } else {
        format!("{} {phrase}", article(phrase))
    }
}

/// True when the phrase already starts with "a", "the", "all" and the like.
pub(crate) fn has_determiner(phrase: &str) -> bool {
    let first = phrase.split(' ').next().unwrap_or("").to_ascii_lowercase();
    [
        "a", "an", "the", "all", "any", "each", "every", "their", "its",
    ]
    .contains(&first.as_str())
}

/// The phrase without a leading "a", "an" or "the".
pub(crate) fn without_article(phrase: &str) -> &str {
    for article in ["a ", "an ", "the ", "A ", "An ", "The "] {
        if let Some(rest) = phrase.strip_prefix(article) {
            return rest;
        }
    }
    phrase
}

/// "a", "a and b", "a, b and c" (no serial comma, as in British usage).
pub(crate) fn list(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// Past participles that do not end in "-ed", for reading column names
/// such as `amendments_proposed` or `letter_sent`.
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "sent", "met", "held", "done", "made", "written", "given", "seen", "left", "taken", "kept",
    "told", "shown", "paid", "read", "set", "put", "begun", "drawn",
];

/// Two-word verbs whose participle would otherwise be split from its first
/// word ("the plan quality must be assured").
const COMPOUND_PARTICIPLES: &[&str] = &[
    "quality assured",
    "signed off",
    "carried out",
    "followed up",
    "set up",
    "filled in",
    "handed over",
];

fn is_participle(word: &str) -> bool {
    (word.len() > 3 && word.ends_with("ed")) || IRREGULAR_PARTICIPLES.contains(&word)
}

/// Split a column's words into what happened and to what, when they end in
/// a past participle: "notification sent" → ("notification", "sent"),
/// "recorded" → ("", "recorded"), "amended plan quality assured" →
/// ("amended plan", "quality assured"). `None` for a plain noun ("start").
pub fn split_participle(phrase: &str) -> Option<(String, String)> {
    for compound in COMPOUND_PARTICIPLES {
        if phrase == *compound {
            return Some((String::new(), (*compound).to_string()));
        }
        if let Some(noun) = phrase
            .strip_suffix(compound)
            .and_then(|n| n.strip_suffix(' '))
        {
            return Some((noun.to_string(), (*compound).to_string()));
        }
    }
    match phrase.rsplit_once(' ') {
        Some((noun, last)) if is_participle(last) => Some((noun.to_string(), last.to_string())),
        None if is_participle(phrase) => Some((String::new(), phrase.to_string())),
        _ => None,
    }
}

/// A date as a reader writes it: "1 September 2025".
pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "every week" for one unit, "every 2 weeks" for more.
pub(crate) fn every(d: Duration) -> String {
    format!("every {}", count_free(d))
}

/// A duration without a leading "1": "week", "2 weeks". For phrases such as
/// "every week" and "their first month" where "1" reads stiffly.
pub(crate) fn count_free(d: Duration) -> String {
    let text = d.to_string();
    if d.amount == 1 {
        text.strip_prefix("1 ").map_or(text.clone(), str::to_string)
    } else {
        text
    }
}

/// Escape the characters that Markdown would treat as formatting, in text
/// that comes from the policy's author (titles, labels, quoted values).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `2nd`, `9th`, `11th`, `21st`.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::DurationUnit;

    #[test]
    fn names_become_words() {
        assert_eq!(words("line_manager"), "line manager");
        assert_eq!(words("one_to_one"), "one-to-one");
        assert_eq!(words("hr_adviser"), "HR adviser");
        assert_eq!(words("nqsw"), "NQSW");
        assert_eq!(words("HCPC"), "HCPC");
        assert_eq!(words("time_to_review"), "time to review");
        assert_eq!(words("ep_trained"), "EP trained");
        assert_eq!(words("head_of_service"), "head of service");
    }

    #[test]
    fn plurals_change_the_head_noun() {
        assert_eq!(plural("line manager"), "line managers");
        assert_eq!(plural("head of service"), "heads of service");
        assert_eq!(plural("deputy"), "deputies");
        assert_eq!(plural("HR adviser"), "HR advisers");
        assert_eq!(plural("DSL"), "DSLs");
        assert_eq!(plural("coach"), "coaches");
    }

    #[test]
    fn singulars_undo_common_plurals() {
        assert_eq!(singular("academic half terms"), "academic half term");
        assert_eq!(singular("supervision sessions"), "supervision session");
        assert_eq!(singular("school holidays"), "school holiday");
        assert_eq!(singular("access log"), "access log");
        assert_eq!(singular("business"), "business");
        assert_eq!(singular("bodies"), "body");
        assert_eq!(
            singular("annual reviews of EHC plans"),
            "annual review of EHC plans"
        );
        assert_eq!(
            singular("EHC needs assessments (the 20 weeks process)"),
            "EHC needs assessment (the 20 weeks process)"
        );
        assert_eq!(
            singular("outcomes agreed with families and professionals"),
            "outcome agreed with families and professionals"
        );
        assert_eq!(
            singular("school weeks in term time"),
            "school week in term time"
        );
        assert_eq!(
            singular("decisions to reduce an overseas social worker's frequency of supervision"),
            "decision to reduce an overseas social worker's frequency of supervision"
        );
    }

    #[test]
    fn articles_follow_sound() {
        assert_eq!(with_article("one-to-one session"), "a one-to-one session");
        assert_eq!(with_article("appraisal session"), "an appraisal session");
        assert_eq!(with_article("HR adviser"), "an HR adviser");
        assert_eq!(with_article("DSL"), "a DSL");
        assert_eq!(with_article("hour"), "an hour");
        assert_eq!(with_article("the manager"), "the manager");
    }

    #[test]
    fn lists_join_without_serial_comma() {
        let items = |xs: &[&str]| xs.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        assert_eq!(list(&items(&["a"]), "and"), "a");
        assert_eq!(list(&items(&["a", "b"]), "or"), "a or b");
        assert_eq!(list(&items(&["a", "b", "c"]), "and"), "a, b and c");
    }

    #[test]
    fn durations_drop_a_leading_one() {
        assert_eq!(every(Duration::new(1, DurationUnit::Weeks)), "every week");
        assert_eq!(
            every(Duration::new(2, DurationUnit::Weeks)),
            "every 2 weeks"
        );
        assert_eq!(
            count_free(Duration::new(1, DurationUnit::WorkingDays)),
            "working day"
        );
    }

    #[test]
    fn participles_split_from_their_nouns() {
        let split = |p: &str| split_participle(p).map(|(n, v)| format!("{n}|{v}"));
        assert_eq!(
            split("notification sent").as_deref(),
            Some("notification|sent")
        );
        assert_eq!(split("recorded").as_deref(), Some("|recorded"));
        assert_eq!(
            split("amended plan quality assured").as_deref(),
            Some("amended plan|quality assured")
        );
        assert_eq!(
            split("quality assured").as_deref(),
            Some("|quality assured")
        );
        assert_eq!(split("start"), None);
        assert_eq!(split("review date"), None);
    }

    #[test]
    fn dates_read_in_full() {
        let d = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
        assert_eq!(date(d), "1 September 2025");
    }

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(escape("a_b *c*"), "a\\_b \\*c\\*");
    }

    #[test]
    fn roles_as_people_are_title_case() {
        assert_eq!(title_case("head of service"), "Head of Service");
        assert_eq!(title_case("HR adviser"), "HR Adviser");
    }
}
