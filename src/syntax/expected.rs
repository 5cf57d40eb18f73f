//! Turns a parse failure into a diagnostic in plain words.
//!
//! pest reports the grammar rules it tried at the furthest position it
//! reached; `parser.rs` names them in words an author understands and this
//! module decides what to say about the text found there.

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
) -> Diagnostic {
    let (found, found_len) = found_at(text, position);
    let span = Span::new(offset + position, offset + position + found_len);
    let list = join_or(wanted);
    let at_line_start = position == 0 || text[..position].ends_with('\n');
    let unknown_keyword = wanted.contains(&STATEMENT) && (wanted.len() == 1 || at_line_start);
    let mut diagnostic = if unknown_keyword && found_len > 0 && starts_word(text, position) {
        let word = &text[position..position + found_len];
        let mut d = Diagnostic::error(
            Code::UnknownKeyword,
            format!("`{word}` does not start a statement"),
        )
        .with_label(span, "expected a keyword here");
        if let Some(best) = suggest::closest(word, super::parser::ITEM_KEYWORDS.iter().copied()) {
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
    let help = help_for(text, position, wanted)
        .unwrap_or_else(|| "see docs/language.md for the form of each statement".to_string());
    diagnostic.with_help(help)
}

/// Extra advice for the mistakes authors make most.
fn help_for(text: &str, position: usize, wanted: &[&str]) -> Option<String> {
    let rest = text.get(position..).unwrap_or("");
    if rest.starts_with('\'') {
        return Some("text goes in double quotes: `\"like this\"`".into());
    }
    if rest.starts_with('"') && !rest[1..].lines().next().unwrap_or("").contains('"') {
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

fn starts_word(text: &str, position: usize) -> bool {
    text[position..]
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
        return (format!("`{}`", &rest[..len]), len);
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

/// A short label: the first expectation, and "..." if there are more.
fn short(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [first, ..] => format!("{first}, or ..."),
    }
}
