//! Collects `# ...` comments, which the grammar skips, so that a formatter
//! can put them back where they were written.

use super::ast::Comment;
use crate::span::Span;

/// Every comment in `source`, in order. A `#` inside double quotes is text,
/// not a comment; strings end at a newline, as in the grammar.
pub fn collect(source: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut in_string = false;
    let mut chars = source.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => in_string = !in_string,
            '\n' => in_string = false,
            '#' if !in_string => {
                let end = source
                    .get(i..)
                    .and_then(|r| r.find('\n'))
                    .map_or(source.len(), |n| i + n);
                let text = source
                    .get(i + 1..end)
                    .unwrap_or("")
                    .trim_end_matches('\r')
                    .to_string();
                comments.push(Comment {
                    text,
                    span: Span::new(i, end),
                });
                // Skip to the end of the line: nothing after `#` is code.
                for (j, _) in chars.by_ref() {
                    if j + 1 >= end {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    comments
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
    fn comment_spans_cover_the_hash_to_the_line_end() {
        let src = "x # café\ny";
        let c = &collect(src)[0];
        assert_eq!(c.span.text(src), "# café");
    }
}
