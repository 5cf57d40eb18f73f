//! Collects `# ...` comments, which the grammar skips, so that a formatter
//! can put them back where they were written.

use super::ast::Comment;
use crate::span::Span;

/// Every comment in `source`, in order. A `#` inside double quotes is text,
/// not a comment; strings end at a newline, as in the grammar.
pub fn collect(source: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut line_start = 0;
    for line in source.split('\n') {
        if let Some(at) = comment_start(line) {
            let text = line
                .get(at + 1..)
                .unwrap_or("")
                .trim_end_matches('\r')
                .to_string();
            comments.push(Comment {
                text,
                span: Span::new(line_start + at, line_start + line.len()),
            });
        }
        line_start += line.len() + 1;
    }
    comments
}

/// Where the comment on one line starts (its `#`), if the line has one: the
/// one scan for comments, which error recovery uses too. A `#` inside double
/// quotes is text; a string ends with its line, as in the grammar.
pub(super) fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '#' if !in_string => return Some(i),
            _ => {}
        }
    }
    None
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
