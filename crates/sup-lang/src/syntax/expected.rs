//! Turns a parse failure into a diagnostic in plain words.
//!
//! pest reports the grammar rules it tried at the furthest position it
//! reached; `parser.rs` names them in words an author understands and this
//! module decides what to say about the text found there.

mod requirements;

use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::suggest;

/// What the parser wants where a new statement may start.
pub(super) const STATEMENT: &str =
    "a statement such as `policy`, `table`, `group`, `calendar`, `activity` or `rule`";

/// Build the diagnostic for a parse failure at byte `position` of `text`, a
/// chunk that starts at byte `offset` of the file.
pub(super) fn diagnostic(
    text: &str,
    offset: usize,
    position: usize,
    wanted: &[&str],
    last_chunk: bool,
) -> Diagnostic {
    let (mut found, found_len) = found_at(text, position);
    if position >= text.len() && !last_chunk {
        // Recovery parses each statement alone: its end is the next
        // statement, not the end of the file.
        found = "the start of the next statement".into();
    }
    let before = text.get(..position).unwrap_or("");
    let rest = text.get(position..).unwrap_or("");
    // A `}` found is itself the closing brace, so the block is closed: the
    // mistake is whatever is missing before it.
    // Only a brace that the rest of the text does not close either is
    // "never closed": inside a closed block the mistake is elsewhere.
    let open_brace = if rest.starts_with('}') {
        None
    } else {
        unclosed_brace(before).filter(|&brace| still_open(text, brace))
    };
    let code_end = end_of_code(before);
    let span = if position >= text.len() && open_brace.is_none() {
        // A statement that stops short is underlined where its text stops,
        // not at the next statement (or the end of the file), which may be
        // lines further down.
        Span::new(offset + code_end, offset + code_end)
    } else {
        Span::new(offset + position, offset + position + found_len)
    };
    if let Some(d) = number_after_per(text, offset, position, &found) {
        return d;
    }
    if let Some(d) = number_after_standing_within(text, offset, position, &found) {
        return d;
    }
    if let Some(d) = requirements::requirement_wording(text, offset, position, &found) {
        return d;
    }
    if let Some(d) = reserved_as_name(text, position, found_len, span, wanted) {
        return d;
    }
    let list = join_or(wanted);
    let at_line_start = position == 0 || text.get(..position).is_some_and(|t| t.ends_with('\n'));
    let unknown_keyword = wanted.contains(&STATEMENT) && (wanted.len() == 1 || at_line_start);
    let mut diagnostic = if unknown_keyword && found_len > 0 && starts_word(text, position) {
        let word = text.get(position..position + found_len).unwrap_or("");
        let mut d = Diagnostic::error(
            Code::UnknownKeyword,
            format!("`{word}` does not start a statement"),
        )
        .with_label(span, "expected a keyword here");
        if let Some(best) = suggest::closest(word, super::keywords::statement_words()) {
            d = d.with_help(format!("did you mean `{best}`?")).with_fix(
                format!("replace with `{best}`"),
                span,
                best,
            );
        } else {
            d = d.with_help(format!("expected {STATEMENT}"));
        }
        return d;
    } else if list.is_empty() {
        Diagnostic::error(Code::Syntax, format!("unexpected {found}"))
    } else if position >= text.len() && open_brace.is_none() && code_end > 0 {
        let previous = previous_word(before);
        Diagnostic::error(
            Code::Syntax,
            format!("expected {list} after `{previous}`, but the statement stops there"),
        )
    } else {
        Diagnostic::error(Code::Syntax, format!("expected {list}, found {found}"))
    };
    diagnostic = diagnostic.with_label(
        span,
        if list.is_empty() {
            "not expected here".to_string()
        } else {
            format!("expected {}", short(wanted))
        },
    );
    if let Some(brace) = open_brace {
        return diagnostic
            .with_label(
                Span::new(offset + brace, offset + brace + 1),
                "this `{` is never closed",
            )
            .with_help("add a `}` to close the block");
    }
    let previous = previous_word(before);
    if let Some(d) = misplaced_unit(diagnostic.clone(), text, offset, position, before) {
        return d;
    }
    if found_len > 0 && starts_word(text, position) {
        let word = text.get(position..position + found_len).unwrap_or("");
        let candidates = keywords_wanted(wanted);
        // Two letters are too few to tell a slip from another word (`on`
        // is one letter from `or`).
        // Words of other policy languages, too far from ours in spelling
        // for "did you mean" to find them.
        let synonym = match word {
            "permit" | "grant" => Some("allow"),
            "forbid" | "refuse" => Some("deny"),
            _ => None,
        }
        .filter(|k| candidates.contains(k));
        if let Some(best) = synonym {
            return diagnostic
                .with_help(format!("did you mean `{best}`?"))
                .with_fix(format!("replace with `{best}`"), span, best);
        }
        if word.len() >= 3 && !candidates.contains(&word) {
            if let Some(best) = suggest::closest(word, candidates.iter().copied()) {
                return diagnostic
                    .with_help(format!("did you mean `{best}`?"))
                    .with_fix(format!("replace with `{best}`"), span, best);
            }
        }
    }
    if let Some(help) = missing_value_or_title(before, rest, previous, wanted) {
        // `review:` at the end of its line: underline where the value
        // belongs, not the `}` or field on a later line.
        let code = before.get(..code_end).unwrap_or(before);
        let line_ends = before.get(code_end..).is_some_and(|r| r.contains('\n'));
        if code.ends_with(':') && line_ends {
            if let Some(label) = diagnostic.labels.first_mut() {
                label.span = Span::new(offset + code_end, offset + code_end);
            }
        }
        return diagnostic.with_help(help);
    }
    // Only before a word, a number or text: before punctuation (`a, b`)
    // the `:` is rarely what is missing.
    let before_value = text
        .get(position..)
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '"');
    if wanted.contains(&"`:`") && before_value && !previous.is_empty() {
        // The most common slip: a field or a rule's head without its `:`.
        let at = Span::new(offset + code_end, offset + code_end);
        return diagnostic
            .with_help(format!("add a `:` after `{previous}`"))
            .with_fix(format!("insert `:` after `{previous}`"), at, ":");
    }
    if position >= text.len() && !previous.is_empty() && !wanted.is_empty() {
        let help = if previous == "for" && wanted == ["a name"] {
            "name the group the rule is for (`for social_workers`), or delete the unfinished rule"
                .to_string()
        } else {
            format!(
                "add {} after `{previous}`, or delete the unfinished statement",
                short(wanted)
            )
        };
        return diagnostic.with_help(help);
    }
    let help = help_for(text, position, wanted)
        .unwrap_or_else(|| "see docs/language.md for the form of each statement".to_string());
    diagnostic.with_help(help)
}

/// Words of the language that may stand where a keyword is wanted, for
/// "did you mean" on a misspelt one (`requre`, `evry`, `waiveable`).
const KEYWORDS: &[&str] = &[
    "access",
    "after",
    "allow",
    "and",
    "any",
    "apart",
    "at",
    "before",
    "between",
    "by",
    "creation",
    "deadline",
    "deny",
    "each",
    "eligible",
    "every",
    "excluding",
    "first",
    "for",
    "from",
    "has",
    "in",
    "is",
    "least",
    "leaving",
    "limit",
    "member",
    "most",
    "next",
    "not",
    "notify",
    "of",
    "on",
    "one",
    "optional",
    "or",
    "overrides",
    "partial",
    "per",
    "pro",
    "rata",
    "records",
    "require",
    "retain",
    "scaled",
    "subject",
    "supervisor",
    "tenure",
    "then",
    "to",
    "until",
    "waivable",
    "where",
    "windows",
    "with",
    "within",
];

/// The keywords among what the parser wanted: the first word of each
/// example it gives (`at least 10 per year` → `at`), and the rule options,
/// which its description names only one of.
fn keywords_wanted(wanted: &[&str]) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    for w in wanted {
        if w.starts_with("a rule option") {
            found.extend(["waivable", "overrides", "not", "pro", "partial"]);
        }
        for (i, quoted) in w.split('`').enumerate() {
            if i % 2 == 0 {
                continue;
            }
            let first = quoted.split_whitespace().next().unwrap_or("");
            if let Some(k) = KEYWORDS.iter().find(|k| **k == first) {
                found.push(k);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// A unit the grammar could not join to its number: written against it
/// (`48hours`), on the next line (`every 2` / `weeks`), or `%` after a
/// space (`50 %`). Each gets the one-character fix.
fn misplaced_unit(
    diagnostic: Diagnostic,
    text: &str,
    offset: usize,
    position: usize,
    before: &str,
) -> Option<Diagnostic> {
    let rest = text.get(position..)?;
    let is_unit = |w: &str| {
        let singular = w.strip_suffix('s').unwrap_or(w);
        matches!(
            singular,
            "minute" | "hour" | "day" | "working" | "week" | "fortnight" | "month" | "year"
        )
    };
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let number_before = before.trim_end().ends_with(|c: char| c.is_ascii_digit());
    if !word.is_empty() && is_unit(&word) && before.ends_with(|c: char| c.is_ascii_digit()) {
        let at = Span::new(offset + position, offset + position);
        return Some(
            diagnostic
                .with_help(format!("put a space between the number and `{word}`"))
                .with_fix("insert a space", at, " "),
        );
    }
    let gap = before.get(before.trim_end().len()..).unwrap_or("");
    if !word.is_empty() && is_unit(&word) && number_before && gap.contains('\n') {
        let start = before.trim_end().len();
        return Some(
            diagnostic
                .with_help(format!(
                    "a unit goes on the same line as its number: move `{word}` up"
                ))
                .with_fix(
                    format!("join `{word}` to its number"),
                    Span::new(offset + start, offset + position),
                    " ",
                ),
        );
    }
    if rest.starts_with('%') && number_before && !gap.is_empty() && !gap.contains('\n') {
        let start = before.trim_end().len();
        return Some(
            diagnostic
                .with_help("write `%` right after the number, as in `50%`")
                .with_fix(
                    "remove the space",
                    Span::new(offset + start, offset + position),
                    "",
                ),
        );
    }
    None
}

/// Help for a header without its title, and for a `field:` with nothing
/// after it (the grammar then reads the next line's name as its value and
/// stumbles on that line's `:`).
fn missing_value_or_title(
    before: &str,
    rest: &str,
    previous: &str,
    wanted: &[&str],
) -> Option<String> {
    if matches!(previous, "policy" | "framework")
        && wanted.contains(&"text in double quotes")
        && !rest.starts_with('"')
    {
        return Some(format!(
            "a header starts with its title in double quotes: `{previous} \"Supervision Policy\" {{`"
        ));
    }
    let code = before.get(..end_of_code(before)).unwrap_or(before);
    // Nothing follows the `:` on its line (`rule r: requir ...` is another
    // mistake).
    let nothing_after = rest.is_empty()
        || rest.starts_with('}')
        || before.get(code.len()..).is_some_and(|r| r.contains('\n'));
    if let (Some(field), true) = (code.strip_suffix(':'), nothing_after) {
        let field = previous_word(field);
        return Some(format!("`{field}:` has no value: write one after the `:`"));
    }
    if rest.starts_with(':') {
        // `previous` opens its line, and the line above ends with `field:`.
        let above = code.strip_suffix(previous)?;
        if !above.trim_end_matches([' ', '\t']).ends_with('\n') {
            return None;
        }
        let above = above.get(..end_of_code(above)).unwrap_or(above);
        let field = previous_word(above.strip_suffix(':')?);
        return Some(format!(
            "`{field}:` on the line above has no value, so `{previous}` was read as its value; write a value after `{field}:`"
        ));
    }
    None
}

/// `per 12 months` (or `per 12 kilograms`): `per` takes a calendar period,
/// and a window of a given length is written `in any 12 months`. The grammar
/// only sees a number where it wanted a name, so say what was meant.
fn number_after_per(text: &str, offset: usize, position: usize, found: &str) -> Option<Diagnostic> {
    let before = text.get(..position)?;
    let mut words = before.split_whitespace().rev();
    if words.next()? != "per" {
        return None;
    }
    // Only in a count (`at least 6 per ...`), not `caseload per fte`.
    let count = words.next()?;
    if !(count == "once" || count == "twice" || count.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let rest = text.get(position..)?;
    let line = rest.lines().next().unwrap_or("");
    let mut tokens = line.split_whitespace();
    let number = tokens.next()?;
    if !number.chars().next()?.is_ascii_digit() {
        return None;
    }
    let unit = tokens
        .next()
        .filter(|u| u.chars().all(|c| c.is_ascii_alphabetic()));
    let length = match unit {
        Some(unit) => format!("{number} {unit}"),
        None => number.to_string(),
    };
    // The quantity's extent in the line: from the number to the end of its unit.
    let quantity_len = unit
        .and_then(|u| line.find(u).map(|i| i + u.len()))
        .unwrap_or(number.len());
    let per_start = before.trim_end().len() - "per".len();
    let mut d = Diagnostic::error(
        Code::Syntax,
        format!("expected a calendar period such as `year` or `month` after `per`, found {found}"),
    )
    .with_label(
        Span::new(offset + position, offset + position + quantity_len),
        "`per` takes a calendar period, not a length",
    );
    let known_unit = unit.is_some_and(|u| {
        let singular = u.strip_suffix('s').unwrap_or(u);
        matches!(
            singular,
            "minute" | "hour" | "day" | "week" | "fortnight" | "month" | "year"
        )
    });
    if known_unit {
        d = d
            .with_help(format!(
                "`per` counts in calendar periods (`per year`, `per month`); for any stretch of {length}, write `in any {length}`"
            ))
            .with_fix(
                format!("replace with `in any {length}`"),
                Span::new(offset + per_start, offset + position + quantity_len),
                format!("in any {length}"),
            );
    } else {
        d = d.with_help(
            "`per` counts in calendar periods (`per year`, `per month`); a window of a given length is written `in any` and a duration, such as `in any 12 months`",
        );
    }
    Some(d)
}

/// `every member of GROUP: dbs_check within 3 years`: a standing check
/// says which way it looks (`within the last 3 years`, `booked within the
/// next 3 months`). The grammar only sees a number where it wanted `the`.
fn number_after_standing_within(
    text: &str,
    offset: usize,
    position: usize,
    found: &str,
) -> Option<Diagnostic> {
    let before = text.get(..position)?;
    let mut words = before.split_whitespace().rev();
    if words.next()? != "within" || !before.contains("every member of") {
        return None;
    }
    let booked = words.next() == Some("booked");
    let rest = text.get(position..)?;
    if !rest.chars().next()?.is_ascii_digit() {
        return None;
    }
    let side = if booked { "the next" } else { "the last" };
    let d = Diagnostic::error(
        Code::Syntax,
        format!("expected `the last` or `the next` after `within`, found {found}"),
    )
    .with_label(
        Span::new(offset + position, offset + position),
        "which way from each day?",
    )
    .with_help(
        "a check judged on every day says which way it looks: `dbs_check within the last 3 years` (the most recent row), or `one_to_one booked within the next 3 months` (a booking ahead)",
    )
    .with_fix(
        format!("insert `{side}`"),
        Span::new(offset + position, offset + position),
        format!("{side} "),
    );
    Some(d)
}

/// The word just before the error, for help lines.
fn previous_word(before: &str) -> &str {
    let code = before.get(..end_of_code(before)).unwrap_or(before);
    code.rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
}

/// The byte offset just after the last character of code in `before`,
/// skipping trailing blank space and comments.
fn end_of_code(before: &str) -> usize {
    let mut end = before.len();
    for line in before.split_inclusive('\n').rev() {
        let start = end - line.len();
        let code = strip_comment(line).trim_end();
        if !code.is_empty() {
            return start + code.len();
        }
        end = start;
    }
    0
}

/// A line without its `#` comment (a `#` inside double quotes is text).
fn strip_comment(line: &str) -> &str {
    super::comments::comment_start(line).map_or(line, |at| line.get(..at).unwrap_or(line))
}

/// Extra advice for the mistakes authors make most.
fn help_for(text: &str, position: usize, wanted: &[&str]) -> Option<String> {
    let rest = text.get(position..).unwrap_or("");
    let previous_word = text
        .get(..position)
        .unwrap_or("")
        .split_whitespace()
        .next_back()
        .unwrap_or("");
    if matches!(previous_word, "a" | "an") && wanted.iter().any(|w| w.starts_with("a window")) {
        return Some("write `per year` (or `per month`, `per week`) rather than `a year`".into());
    }
    if rest.starts_with(['\'', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}']) {
        // Word processors turn straight quotes into curly ones.
        return Some("text goes in straight double quotes: `\"like this\"`".into());
    }
    // A header field's whole line, to see which field the value is for.
    let line_start = text
        .get(..position)
        .unwrap_or(text)
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text
        .get(line_start..)
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
        .trim();
    if let Some((field, value)) = line.split_once(':') {
        let value = value.trim();
        let field = field.trim();
        if matches!(field, "review" | "effective")
            && value.starts_with(|c: char| c.is_ascii_digit())
        {
            return Some("write dates as YYYY-MM-DD, such as `2027-09-01`".into());
        }
        if field == "version" && !value.starts_with('"') && !value.is_empty() {
            return Some(format!(
                "a version is text: put it in double quotes, `version: \"{value}\"`"
            ));
        }
    }
    if rest.starts_with('"')
        && !rest
            .get(1..)
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("")
            .contains('"')
    {
        return Some("this text is not closed: add a `\"` before the end of the line".into());
    }
    if wanted.iter().any(|w| w.starts_with("a rule such as")) {
        return Some(
            "a rule reads `rule NAME: require ACTIVITY for GROUP: at least 10 per year`".into(),
        );
    }
    if wanted.contains(&"a number such as `10` or `48 hours`") {
        return Some(
            "write numbers as digits, for example `48 hours` rather than `forty-eight hours`"
                .into(),
        );
    }
    None
}

/// The byte offset of the last `{` left open before the error, if the error
/// comes where a new statement starts (so an ordinary mistake inside the
/// braces is not blamed on them).
/// A reserved word where a name belongs (`group every: staff`, a column
/// called `from`).
fn reserved_as_name(
    text: &str,
    position: usize,
    found_len: usize,
    span: Span,
    wanted: &[&str],
) -> Option<Diagnostic> {
    if found_len == 0 || !wanted.contains(&"a name") {
        return None;
    }
    let rest = text.get(position..)?;
    let starts_with_digit = rest.starts_with(|c: char| c.is_ascii_digit());
    let word_after_digits = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if starts_with_digit && word_after_digits {
        // `2nd_date`: a name cannot start with a digit.
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let end = position + word.len();
        return Some(
            Diagnostic::error(
                Code::Syntax,
                format!("`{word}` cannot be a name: it starts with a digit"),
            )
            .with_label(
                Span::new(span.start as usize, span.start as usize + (end - position)),
                "starts with a digit",
            )
            .with_help("a name starts with a letter or `_`, such as `date_2` or `second_date`"),
        );
    }
    if !starts_word(text, position) {
        return None;
    }
    let word = text.get(position..position + found_len)?;
    if !super::parser::is_reserved(word) {
        return None;
    }
    Some(
        Diagnostic::error(
            Code::Syntax,
            format!("`{word}` is a reserved word, so it cannot be a name"),
        )
        .with_label(span, "reserved word")
        .with_help(format!(
            "choose another name (one that only contains a reserved word, such as `{word}_name`, is fine); the reserved words are listed in docs/language.md, section 2"
        )),
    )
}

/// Whether the `{` at byte `brace` is still open at the end of `text`.
fn still_open(text: &str, brace: usize) -> bool {
    open_braces(text).contains(&brace)
}

/// The byte offsets of the `{`s that `text` leaves open, outermost first.
/// Braces inside a string or a comment do not count; both end with their
/// line, as in the grammar.
fn open_braces(text: &str) -> Vec<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut in_string = false;
    let mut in_comment = false;
    for (i, c) in text.char_indices() {
        match c {
            '\n' => {
                in_string = false;
                in_comment = false;
            }
            _ if in_comment => {}
            '"' => in_string = !in_string,
            '#' if !in_string => in_comment = true,
            '{' if !in_string => open.push(i),
            '}' if !in_string => {
                open.pop();
            }
            _ => {}
        }
    }
    open
}

fn unclosed_brace(before: &str) -> Option<usize> {
    let open = open_braces(before);
    let at_line_start = before
        .rsplit('\n')
        .next()
        .is_some_and(|l| l.trim().is_empty());
    if at_line_start {
        open.last().copied()
    } else {
        None
    }
}

fn starts_word(text: &str, position: usize) -> bool {
    text.get(position..)
        .unwrap_or("")
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
}

/// The token at `position`, described for a message, and its length in bytes.
fn found_at(text: &str, position: usize) -> (String, usize) {
    let rest = text.get(position..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return ("the end of the file".into(), 0);
    };
    if first.is_ascii_alphanumeric() || first == '_' {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        return (format!("`{}`", rest.get(..len).unwrap_or(rest)), len);
    }
    if first == '\n' || first == '\r' {
        return ("the end of the line".into(), 0);
    }
    (format!("`{first}`"), first.len_utf8())
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A short label: all the expectations when there are few, else the first
/// and "..." (the message has the full list).
fn short(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        few if few.len() <= 3 && few.iter().all(|i| i.len() < 40) => join_or(few),
        [first, ..] => format!("{first}, or ..."),
    }
}
