//! The one forgiving tokenizer: words, numbers, dates, strings, comments and
//! punctuation, read the way the grammar reads them, from any text at all.
//!
//! pest stays the grammar; this is for the readers that must see text before
//! (or without) the grammar: the comment collector, error recovery, the
//! nesting scan (`depth.rs`) and the language server's highlighting,
//! completion and hover on half-typed text. It never fails and knows nothing
//! of which word goes where.

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `group`, `social_workers`, `working`: a letter or `_`, then letters,
    /// digits and `_` (the grammar's `word_chars`).
    Word,
    /// `48`, `1.5`
    Number,
    /// `2025-09-01`
    Date,
    /// `"..."` up to the closing quote or the line's end (a string never
    /// spans lines, as in the grammar).
    String,
    /// `# ...` to the line's end, the `\r` of a CRLF included.
    Comment,
    /// `>=`, `<=`, `!=`, or any other single character that is not a space.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        self.span.text(source)
    }
}

/// Every token of `source`, in order.
pub fn tokenize(source: &str) -> Vec<Token> {
    tokens(source).collect()
}

/// The tokens of `source`, one at a time (for scans that need no list).
pub fn tokens(source: &str) -> Tokens<'_> {
    Tokens { source, at: 0 }
}

/// The tokens of `source` from byte `at` on (a line's start: no token spans
/// lines), with spans still counted from the start of `source`.
pub(crate) fn tokens_from(source: &str, at: usize) -> Tokens<'_> {
    Tokens { source, at }
}

/// The iterator [`tokens`] returns.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    source: &'a str,
    at: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.source.as_bytes();
        let mut i = self.at;
        while bytes
            .get(i)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            i += 1;
        }
        let start = i;
        let b = *bytes.get(i)?;
        let kind = match b {
            b'#' => {
                i = line_end(bytes, i);
                TokenKind::Comment
            }
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    if c == b'\n' {
                        break;
                    }
                    i += 1;
                    if c == b'"' {
                        break;
                    }
                }
                TokenKind::String
            }
            b'0'..=b'9' => {
                if is_date(bytes, i) {
                    i += 10;
                    TokenKind::Date
                } else {
                    i = skip(bytes, i, |c| c.is_ascii_digit());
                    if bytes.get(i) == Some(&b'.')
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                    {
                        i = skip(bytes, i + 1, |c| c.is_ascii_digit());
                    }
                    TokenKind::Number
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                i = skip(bytes, i, |c| c.is_ascii_alphanumeric() || c == b'_');
                TokenKind::Word
            }
            b'>' | b'<' | b'!' if bytes.get(i + 1) == Some(&b'=') => {
                i += 2;
                TokenKind::Punct
            }
            _ => {
                // One character, however many bytes it takes.
                i += self
                    .source
                    .get(i..)
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
                TokenKind::Punct
            }
        };
        self.at = i;
        Some(Token {
            kind,
            span: Span::new(start, i),
        })
    }
}

fn skip(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while bytes.get(i).is_some_and(|&c| keep(c)) {
        i += 1;
    }
    i
}

fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'\n'))
        .map_or(bytes.len(), |n| i + n)
}

fn is_date(bytes: &[u8], i: usize) -> bool {
    let Some(d) = bytes.get(i..i + 10) else {
        return false;
    };
    let shape = d.iter().enumerate().all(|(k, c)| {
        if k == 4 || k == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    shape && !bytes.get(i + 10).is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(TokenKind, &str)> {
        tokenize(src)
            .into_iter()
            .map(|t| (t.kind, t.text(src)))
            .collect()
    }

    #[test]
    fn splits_a_rule_into_tokens() {
        use TokenKind::*;
        assert_eq!(
            kinds("rule r: require x for g: every 2 weeks # café — note\n"),
            vec![
                (Word, "rule"),
                (Word, "r"),
                (Punct, ":"),
                (Word, "require"),
                (Word, "x"),
                (Word, "for"),
                (Word, "g"),
                (Punct, ":"),
                (Word, "every"),
                (Number, "2"),
                (Word, "weeks"),
                (Comment, "# café — note"),
            ]
        );
    }

    #[test]
    fn dates_strings_and_operators() {
        use TokenKind::*;
        assert_eq!(
            kinds("review: 2027-09-01 \"a # b\" >= 1.5% \"open\n"),
            vec![
                (Word, "review"),
                (Punct, ":"),
                (Date, "2027-09-01"),
                (String, "\"a # b\""),
                (Punct, ">="),
                (Number, "1.5"),
                (Punct, "%"),
                (String, "\"open"),
            ]
        );
    }

    #[test]
    fn a_comment_keeps_a_crlf_carriage_return_and_a_string_ends_at_its_line() {
        use TokenKind::*;
        assert_eq!(
            kinds("# note\r\n\"open\r\nx"),
            vec![(Comment, "# note\r"), (String, "\"open\r"), (Word, "x")]
        );
    }

    #[test]
    fn any_text_tokenizes_without_panicking() {
        for src in ["", "\"", "#", "2025-1", "é—𝄞", "1.", "!", "\u{0}"] {
            let tokens = tokenize(src);
            assert!(
                tokens.iter().all(|t| src.get(t.span.range()).is_some()),
                "{src:?}"
            );
        }
    }
}
