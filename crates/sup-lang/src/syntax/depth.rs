//! A cheap scan of how deeply each statement nests its conditions, run before
//! the grammar sees the text.
//!
//! The grammar, the lowering into the syntax tree, the checker, `describe`,
//! the formatter and the diff all recurse once (or several times) per
//! bracket and per `not`. A condition nested thousands deep would overflow
//! the stack in any of them, so a statement deeper than [`MAX_NESTING`] is
//! refused here, with `sup::too-deeply-nested`, and never handed to pest.

use super::tokens::{tokens, TokenKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

/// The deepest a condition may nest: brackets and `not`s together
/// (`not (not (x is y))` is 4 deep). Real policies nest two or three deep.
/// The grammar is the hungriest walk: in a debug build (where frames are
/// largest) each bracket costs it about 45 KB of stack, and 48 brackets
/// overflowed a 2 MiB thread, the smallest the language server checks on.
/// At 24 every stage stays near half of that (`tests/deep_inputs.rs`).
pub const MAX_NESTING: usize = 24;

/// The first place in `text` where the nesting goes past [`MAX_NESTING`]:
/// the byte range of the `(` or `not` that crosses it. Text in comments and
/// quoted strings does not count.
///
/// The count is an upper bound on what the grammar will recurse through: a
/// `not` counts until the `and`, `or` or `)` that ends what it negates (it
/// binds tighter than both), and `is not` counts as well, so a statement
/// under the limit here is under it for every walk after it.
pub(super) fn first_too_deep(text: &str) -> Option<(usize, usize)> {
    // Only a `(` or a `not` deepens, each once: a text with no more of them
    // (counted anywhere, comments and strings too) than the limit cannot go
    // past it, so the usual statement is never tokenized here.
    // Brackets are counted byte by byte (a loop the compiler vectorises),
    // `not`s only in the statements that hold one (a vectorised search).
    let bytes = text.as_bytes();
    let opens = bytes.iter().filter(|&&b| b == b'(').count();
    let nots = if text.contains("not") {
        bytes.windows(3).filter(|w| *w == b"not").count()
    } else {
        0
    };
    if opens + nots <= MAX_NESTING {
        return None;
    }
    // One entry per open bracket (the first is the statement itself): the
    // number of `not`s still pending at that level.
    let mut levels: Vec<usize> = vec![0];
    let mut depth = 0usize;
    for token in tokens(text) {
        let (start, end) = (token.span.start as usize, token.span.end as usize);
        match (token.kind, token.text(text)) {
            (TokenKind::Punct, "(") => {
                depth += 1;
                levels.push(0);
                if depth > MAX_NESTING {
                    return Some((start, end));
                }
            }
            // A stray `)` with no `(` open closes nothing.
            (TokenKind::Punct, ")") if levels.len() > 1 => {
                // What the bracket closes was an atom: the `not`s before it
                // stay pending until an `and`, `or` or `)` at this level.
                let nots = levels.pop().unwrap_or(0);
                depth = depth.saturating_sub(nots + 1);
            }
            (TokenKind::Word, "not") => {
                depth += 1;
                if let Some(pending) = levels.last_mut() {
                    *pending += 1;
                }
                if depth > MAX_NESTING {
                    return Some((start, end));
                }
            }
            (TokenKind::Word, "and" | "or") => {
                if let Some(pending) = levels.last_mut() {
                    depth = depth.saturating_sub(*pending);
                    *pending = 0;
                }
            }
            // Comments and strings are single tokens: brackets and words in
            // them are never seen.
            _ => {}
        }
    }
    None
}

/// The diagnostic for a statement nested too deeply at `start..end`, the
/// `(` or `not` that crosses the limit (offsets in the whole file).
pub(super) fn diagnostic(start: usize, end: usize) -> Diagnostic {
    Diagnostic::error(
        Code::TooDeeplyNested,
        format!("this condition nests brackets and `not`s more than {MAX_NESTING} deep"),
    )
    .with_label(
        Span::new(start, end),
        format!("level {} starts here", MAX_NESTING + 1),
    )
    .with_help(
        "remove brackets that group nothing, or name part of the condition as a group \
         (`group g: staff where ...`) and test membership with `in g`",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parens(n: usize) -> String {
        format!(
            "group g: staff where {}role is x{}\n",
            "(".repeat(n),
            ")".repeat(n)
        )
    }

    #[test]
    fn brackets_up_to_the_limit_pass_and_one_more_is_refused_at_that_bracket() {
        assert_eq!(first_too_deep(&parens(MAX_NESTING)), None);
        let src = parens(MAX_NESTING + 1);
        let at = "group g: staff where ".len() + MAX_NESTING;
        assert_eq!(first_too_deep(&src), Some((at, at + 1)));
    }

    #[test]
    fn nots_count_and_end_at_and_or_or() {
        let nots = |n: usize| format!("group g: staff where {}role is x\n", "not ".repeat(n));
        assert_eq!(first_too_deep(&nots(MAX_NESTING)), None);
        let src = nots(MAX_NESTING + 1);
        let (start, end) = first_too_deep(&src).unwrap_or_default();
        assert_eq!(&src[start..end], "not");
        assert_eq!(start, "group g: staff where ".len() + 4 * MAX_NESTING);
        // Many negated tests joined by `and` are not nested at all.
        let flat = format!(
            "group g: staff where {}\n",
            vec!["not role is x"; 10 * MAX_NESTING].join(" and ")
        );
        assert_eq!(first_too_deep(&flat), None);
        let flat = format!(
            "group g: staff where {}\n",
            vec!["(role is not x)"; 10 * MAX_NESTING].join(" or ")
        );
        assert_eq!(first_too_deep(&flat), None);
    }

    #[test]
    fn brackets_and_nots_add_up() {
        let half = MAX_NESTING / 2;
        let src = format!(
            "group g: staff where {}role is x{}\n",
            "not (".repeat(half),
            ")".repeat(half)
        );
        assert_eq!(first_too_deep(&src), None);
        let src = format!("group g: staff where not {src}");
        assert!(first_too_deep(&src).is_some());
    }

    #[test]
    fn comments_strings_and_stray_closing_brackets_do_not_count() {
        let deep = "(".repeat(MAX_NESTING + 5);
        assert_eq!(first_too_deep(&format!("# {deep}\ngroup g: staff\n")), None);
        assert_eq!(
            first_too_deep(&format!("table t \"{deep}\" {{\n}}\n")),
            None
        );
        let src = format!("{}{}", ")".repeat(100), parens(MAX_NESTING));
        assert_eq!(first_too_deep(&src), None);
    }
}
