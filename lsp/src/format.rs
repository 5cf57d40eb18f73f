//! Formatting, from the same code as `sup fmt` (`sup::format`).
//!
//! A file with syntax errors is left alone (no edits): formatting it could
//! lose text, and `sup fmt` refuses it for the same reason. The edit covers
//! only the stretch that changes, so the editor keeps the cursor and folds
//! elsewhere in the file where they were. A file with CRLF line ends keeps
//! them: `sup fmt` writes `\n`, and an edit turning every line end into
//! `\n` would rewrite the whole file (losing the cursor and folds) on every
//! format of a file that is already tidy.

use tower_lsp_server::ls_types::TextEdit;

use crate::analysis::Analysis;
use sup::span::Span;

/// Whether the server offers `textDocument/formatting`.
pub const AVAILABLE: bool = true;

pub fn format(analysis: &Analysis) -> Option<Vec<TextEdit>> {
    let old = &*analysis.text;
    let new = with_line_ends_of(old, sup::format::format(old).ok()?);
    let (span, replacement) = changed_stretch(old, &new)?;
    Some(vec![TextEdit::new(
        analysis.range(span),
        replacement.to_string(),
    )])
}

/// `new` (written with `\n`) with `\r\n` line ends if `old`'s first line
/// ends so.
fn with_line_ends_of(old: &str, new: String) -> String {
    let crlf = old
        .split_once('\n')
        .is_some_and(|(first, _)| first.ends_with('\r'));
    if crlf {
        new.replace('\n', "\r\n")
    } else {
        new
    }
}

/// The smallest span of `old` that, replaced by the returned part of `new`,
/// turns `old` into `new`; `None` when they are equal. Both ends fall on
/// character boundaries.
fn changed_stretch<'a>(old: &str, new: &'a str) -> Option<(Span, &'a str)> {
    if old == new {
        return None;
    }
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or_else(|| old.len().min(new.len()), |((i, _), _)| i);
    // The common suffix, not reaching into the common prefix of either.
    // `prefix` ends on a character both share, so it is a boundary of both.
    let old_rest = old.get(prefix..).unwrap_or("");
    let new_rest = new.get(prefix..).unwrap_or("");
    let mut suffix = 0;
    for (a, b) in old_rest.chars().rev().zip(new_rest.chars().rev()) {
        if a != b {
            break;
        }
        suffix += a.len_utf8();
    }
    let span = Span::new(prefix, old.len() - suffix);
    Some((span, new_rest.get(..new_rest.len() - suffix).unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, new: &str) -> String {
        let (span, replacement) = changed_stretch(old, new).unwrap();
        format!(
            "{}{replacement}{}",
            &old[..span.start as usize],
            &old[span.end as usize..]
        )
    }

    #[test]
    fn the_edit_covers_only_what_changes() {
        let (span, replacement) =
            changed_stretch("group a:   staff\n", "group a: staff\n").unwrap();
        assert_eq!((span.start, span.end, replacement), (9, 11, ""));
    }

    #[test]
    fn crlf_line_ends_are_kept() {
        assert_eq!(
            with_line_ends_of("a\r\nb\r\n", "a\n\nb\n".to_string()),
            "a\r\n\r\nb\r\n"
        );
        assert_eq!(
            with_line_ends_of("a\nb\r\n", "a\nb\n".to_string()),
            "a\nb\n"
        );
        assert_eq!(with_line_ends_of("a", "a\n".to_string()), "a\n");
    }

    #[test]
    fn edits_respect_character_boundaries() {
        for (old, new) in [
            ("é—x", "é—y"),
            ("ab", "abc"),
            ("abc", "ab"),
            ("—", "–"),
            ("aXa", "aa"),
            ("", "x"),
        ] {
            assert_eq!(apply(old, new), new, "{old:?} → {new:?}");
        }
        assert!(changed_stretch("same", "same").is_none());
    }
}
