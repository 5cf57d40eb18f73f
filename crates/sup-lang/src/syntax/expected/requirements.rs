//! Requirements written as plain English would say them (`no more than 2 per
//! month`, `no sooner than 4 weeks after the previous`, `between 1 and 2 per
//! month`, `every 4-6 weeks`): the grammar sees only a word it did not
//! expect, so say how the language writes each, with a fix where the
//! rewrite is certain.

use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

/// A word of `line` with its byte range in the line.
type Word<'a> = (&'a str, usize, usize);

fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace() || c == ',' || c == '#', start) {
            (true, Some(s)) => {
                out.push((line.get(s..i).unwrap_or(""), s, i));
                start = None;
                if c == ',' || c == '#' {
                    break;
                }
            }
            (true, None) if c == ',' || c == '#' => break,
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((line.get(s..).unwrap_or(""), s, line.len()));
    }
    out
}

fn is_count(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_digit())
}

/// The diagnostic for a requirement worded another way, when the text at
/// `position` is one; `None` otherwise.
pub(super) fn requirement_wording(
    text: &str,
    offset: usize,
    position: usize,
    found: &str,
) -> Option<Diagnostic> {
    let before = text.get(..position)?;
    // Only in a `require` rule: `limit ...: up to 7` has ranges of its own.
    let statement = before
        .get(before.rfind("rule ").unwrap_or(0)..)
        .unwrap_or(before);
    if !statement.split_whitespace().any(|w| w == "require") {
        return None;
    }
    let rest = text.get(position..)?;
    let line = rest.lines().next().unwrap_or("");
    let ws = words(line);
    let at = |w: &Word| Span::new(offset + position + w.1, offset + position + w.2);
    let from_to = |a: &Word, b: &Word| Span::new(offset + position + a.1, offset + position + b.2);
    let texts: Vec<&str> = ws.iter().map(|w| w.0).collect();
    let error = |message: String, span: Span, label: &str| {
        Diagnostic::error(Code::Syntax, message).with_label(span, label.to_string())
    };
    if before.trim_end().ends_with(':') {
        // `no more than 2 per month`, `up to 2 per month`, `a maximum of 2 per month`
        let lead = match texts.as_slice() {
            ["no" | "not", "more", "than", n, ..] if is_count(n) => Some(3),
            ["up", "to", n, ..] if is_count(n) => Some(2),
            ["maximum", "of", n, ..] if is_count(n) => Some(2),
            ["a", "maximum", "of", n, ..] if is_count(n) => Some(3),
            _ => None,
        };
        if let (Some(lead), Some(first)) = (lead, ws.first()) {
            let last = ws.get(lead - 1)?;
            let phrase = line.get(first.1..last.2).unwrap_or("");
            return Some(
                error(
                    format!("expected a requirement, found `{phrase}`"),
                    from_to(first, last),
                    "a maximum is written `at most`",
                )
                .with_help({
                    let said = texts.get(lead..).unwrap_or(&[]);
                    if said.iter().any(|w| *w == "per" || *w == "in") {
                        format!("write a maximum as `at most {}`", said.join(" "))
                    } else {
                        format!(
                            "write a maximum as `at most {}` and a window, such as `per month`, `in any 4 weeks` or `in each term`",
                            said.first().copied().unwrap_or("2")
                        )
                    }
                })
                .with_fix(
                    format!("replace `{phrase}` with `at most`"),
                    from_to(first, last),
                    "at most",
                ),
            );
        }
        // `no sooner than 4 weeks after the previous (one)`
        if let ["no" | "not", "sooner" | "earlier" | "less", "than", n, unit, tail @ ..] =
            texts.as_slice()
        {
            let mut used = 5;
            let mut tail = tail.iter();
            match tail.next() {
                Some(&"after") => {
                    used += 1;
                    let mut next = tail.next();
                    if next == Some(&"the") {
                        used += 1;
                        next = tail.next();
                    }
                    if matches!(next, Some(&("previous" | "last"))) {
                        used += 1;
                        if matches!(tail.next(), Some(&("one" | "session"))) {
                            used += 1;
                        }
                    }
                }
                Some(&"apart") => used += 1,
                _ => {}
            }
            let (first, last) = (ws.first()?, ws.get(used - 1)?);
            let phrase = line.get(first.1..last.2).unwrap_or("");
            let rewrite = format!("at least {n} {unit} apart");
            return Some(
                error(
                    format!("expected a requirement, found `{phrase}`"),
                    from_to(first, last),
                    "a shortest gap is written `at least ... apart`",
                )
                .with_help(format!(
                    "write the shortest time allowed between two sessions as `{rewrite}`; `every 4 to 6 weeks` sets the longest too"
                ))
                .with_fix(format!("replace with `{rewrite}`"), from_to(first, last), rewrite),
            );
        }
        // `between 1 and 2 per month`, `1 to 2 per month`
        let range = match texts.as_slice() {
            ["between", a, "and", b, ..] if is_count(a) && is_count(b) => Some((a, b, 4)),
            [a, "to", b, ..] if is_count(a) && is_count(b) => Some((a, b, 3)),
            _ => None,
        };
        if let (Some((a, b, n)), Some(first)) = (range, ws.first()) {
            let last = ws.get(n - 1)?;
            let phrase = line.get(first.1..last.2).unwrap_or("");
            let rewrite = format!("at least {a} and at most {b}");
            return Some(
                error(
                    format!("expected a requirement, found `{phrase}`"),
                    from_to(first, last),
                    "a minimum and a maximum",
                )
                .with_help(format!("write both ends as `{rewrite} per month`"))
                .with_fix(
                    format!("replace with `{rewrite}`"),
                    from_to(first, last),
                    rewrite,
                ),
            );
        }
        return None;
    }
    let tail: Vec<&str> = before.split_whitespace().rev().take(4).collect();
    // `every 4-6 weeks`: the range is written with `to`.
    if let (Some(dash), [n, "every", ..]) = (rest.strip_prefix('-'), tail.as_slice()) {
        let m: String = dash.chars().take_while(char::is_ascii_digit).collect();
        let unit = dash
            .get(m.len()..)
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("");
        let m = format!("{m} {unit}").trim_end().to_string();
        if is_count(n) && m.starts_with(|c: char| c.is_ascii_digit()) {
            let span = Span::new(offset + position, offset + position + 1);
            return Some(
                error(
                    format!("expected a unit or `to`, found `-` in `every {n}-{m}`"),
                    span,
                    "a gap range is written with `to`",
                )
                .with_help(format!(
                    "write `every {n} to {m}`: no gap longer than {m}, and no two sessions closer than {n}"
                ))
                .with_fix("replace `-` with ` to `", span, " to "),
            );
        }
    }
    // `at most 2 weeks apart`: a maximum counts sessions; a longest gap is `every`.
    if let (Some(apart), [unit, n, "most", "at", ..]) = (ws.first(), tail.as_slice()) {
        if apart.0 == "apart" && is_count(n) {
            return Some(
                error(
                    format!("expected a window such as `per month` after `at most {n} {unit}`, found {found}"),
                    at(apart),
                    "`at most` caps how many sessions a window holds",
                )
                .with_help(format!(
                    "for the longest time allowed between sessions write `every {n} {unit}`; for the shortest, `at least {n} {unit} apart`"
                )),
            );
        }
    }
    // `at least 4 weeks between sessions`: the shortest gap is `apart`.
    if let (Some(between), [unit, n, "least", "at", ..]) = (ws.first(), tail.as_slice()) {
        if between.0 == "between" && is_count(n) {
            let last = match ws.get(1) {
                Some(w) if matches!(w.0, "sessions" | "them" | "each") => w,
                _ => between,
            };
            let span = from_to(between, last);
            return Some(
                error(
                    format!(
                        "expected `apart` or a window after `at least {n} {unit}`, found {found}"
                    ),
                    span,
                    "the shortest gap is written `apart`",
                )
                .with_help(format!(
                    "write `at least {n} {unit} apart` for the shortest time between two sessions"
                ))
                .with_fix("replace with `apart`", span, "apart"),
            );
        }
    }
    None
}
