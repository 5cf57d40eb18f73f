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
    last_chunk: bool,
) -> Diagnostic {
    let (mut found, found_len) = found_at(text, position);
    if position >= text.len() && !last_chunk {
        // Recovery parses each statement alone: its end is the next
        // statement, not the end of the file.
        found = "the start of the next statement".into();
    }
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
    if let Some(brace) = unclosed_brace(text.get(..position).unwrap_or("")) {
        return diagnostic
            .with_label(
                Span::new(offset + brace, offset + brace + 1),
                "this `{` is never closed",
            )
            .with_help("add a `}` to close the block");
    }
    let help = help_for(text, position, wanted)
        .unwrap_or_else(|| "see docs/language.md for the form of each statement".to_string());
    diagnostic.with_help(help)
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

/// The byte offset of the last `{` left open before the error, if the error
/// comes where a new statement starts (so an ordinary mistake inside the
/// braces is not blamed on them).
fn unclosed_brace(before: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut in_string = false;
    let mut in_comment = false;
    for (i, c) in before.char_indices() {
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

/// A short label: all the expectations when there are few, else the first
/// and "..." (the message has the full list).
fn short(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        few if few.len() <= 3 && few.iter().all(|i| i.len() < 40) => join_or(few),
        [first, ..] => format!("{first}, or ..."),
    }
}
