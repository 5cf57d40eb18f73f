//! Collects `# ...` comments, which the grammar skips, so that a formatter
//! can put them back where they were written.

use super::ast::Comment;
use super::tokens::{tokens, tokens_from, TokenKind};

/// Every comment in `source`, in order. A `#` inside double quotes is text,
/// not a comment; strings end at a newline, as in the grammar.
///
/// No token spans lines (a string ends at its line's end), so a line without
/// a `#` holds no comment and only the lines with one are tokenized, each
/// from its start: the same tokens as reading the whole text, for a fraction
/// of the work (most lines of a policy are not comments).
pub fn collect(source: &str) -> Vec<Comment> {
    let mut found = Vec::new();
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let end = start + line.len();
        if line.contains('#') {
            let comments = tokens_from(source, start)
                .take_while(|t| (t.span.start as usize) < end)
                .filter(|t| t.kind == TokenKind::Comment)
                .map(|t| Comment {
                    text: t
                        .text(source)
                        .get(1..)
                        .unwrap_or("")
                        .trim_end_matches('\r')
                        .to_string(),
                    span: t.span,
                });
            found.extend(comments);
        }
        start = end;
    }
    found
}

/// Where the comment on one line starts (its `#`), if the line has one; error
/// recovery reads a line without its comment. Found by the one tokenizer, so
/// a `#` inside double quotes is text here as everywhere.
pub(super) fn comment_start(line: &str) -> Option<usize> {
    tokens(line)
        .find(|t| t.kind == TokenKind::Comment)
        .map(|t| t.span.start as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_and_skips_hashes_in_strings() {
        let src = "# first\npolicy \"a # b\" { } # trailing\n";
        let found: Vec<String> = collect(src).into_iter().map(|c| c.text).collect();
        assert_eq!(found, vec![" first".to_string(), " trailing".to_string()]);
    }

    #[test]
    fn the_same_comments_as_reading_every_token() {
        let src = "# a\ngroup g: staff # b\n\"x # y\" # c\n\"open # d\nrule \"z\" # e\r\n#f";
        let every: Vec<Comment> = tokens(src)
            .filter(|t| t.kind == TokenKind::Comment)
            .map(|t| Comment {
                text: t.text(src)[1..].trim_end_matches('\r').to_string(),
                span: t.span,
            })
            .collect();
        assert_eq!(every.len(), 5);
        assert_eq!(collect(src), every);
    }

    #[test]
    fn comment_spans_cover_the_hash_to_the_line_end() {
        let src = "x # café\ny";
        let c = &collect(src)[0];
        assert_eq!(c.span.text(src), "# café");
    }
}
