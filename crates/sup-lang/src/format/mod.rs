//! `sup fmt`: one canonical layout for `.sup` files, comments kept where
//! they were written. The command line and the language server both call
//! [`format`](fn@format).
//!
//! **Invariants** (tested over `policies/` and generated policies):
//! formatting is idempotent (`format(format(x)) == format(x)`), never changes
//! meaning (the syntax tree, and so the compiled policy, is the same before
//! and after), and keeps every comment, in order.
//!
//! How comments are kept: the grammar skips them, so the layout remembers the
//! stretch of source each output line came from, and each comment is put back
//! by position. A comment with code before it on its line stays at the end of
//! that code's output line; a comment on a line of its own goes just before
//! the next line of code (inside the block it was written in, when it comes
//! before a `}`). Blank lines are kept where the author put them, at most one
//! in a row, never just inside a brace; top-level items always have a blank
//! line between them, except that consecutive one-line vocabularies
//! (`roles:`, `purposes:` ...) may stay together.

mod layout;

use crate::diagnostic::Diagnostic;
use crate::syntax::{self, ast::Comment};
use layout::{Layout, Line, Role};

/// Why a file could not be formatted.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FormatError {
    /// The file does not parse: formatting it could lose text, so it is left
    /// alone. The diagnostics say what is wrong.
    #[error("the file has syntax errors; fix them before formatting")]
    Syntax(Vec<Diagnostic>),
}

/// The canonical layout of `source`, or the syntax errors that prevent it.
pub fn format(source: &str) -> Result<String, FormatError> {
    // Lone carriage returns end lines (see `syntax::parse`); the layout
    // below finds lines by `\n`, and writes `\n` line ends.
    let normalised = crate::span::lone_cr_as_lf(source);
    let source = normalised.as_deref().unwrap_or(source);
    let (module, diagnostics) = syntax::parse(source);
    if !diagnostics.is_empty() {
        return Err(FormatError::Syntax(diagnostics));
    }
    let mut layout = Layout::new(source, &module.comments);
    layout.module(&module);
    Ok(weave(source, &layout.lines, &module.comments))
}

/// Where a comment goes in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// On its own line, before line `n`.
    Before(usize),
    /// At the end of line `n`.
    After(usize),
    /// After the last line of code.
    End,
}

/// True when the comment has code before it on its source line.
fn is_trailing(source: &str, comment: &Comment) -> bool {
    let start = comment.span.start as usize;
    let line_start = source
        .get(..start)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    source
        .get(line_start..start)
        .is_some_and(|before| !before.trim().is_empty())
}

fn place(source: &str, lines: &[Line], comment: &Comment) -> Place {
    let at = comment.span.start as usize;
    if is_trailing(source, comment) {
        if let Some(n) = lines.iter().rposition(|l| l.start <= at) {
            return Place::After(n);
        }
    }
    match lines.iter().position(|l| l.end > at) {
        Some(n) => Place::Before(n),
        None => Place::End,
    }
}

/// True when the source between two offsets holds an empty line.
fn blank_between(source: &str, from: usize, to: usize) -> bool {
    if from >= to {
        return false;
    }
    let Some(text) = source.get(from..to) else {
        return false;
    };
    let pieces: Vec<&str> = text.split('\n').collect();
    // The pieces between the first and the last are whole lines.
    let inner = pieces.len().saturating_sub(2);
    pieces
        .iter()
        .skip(1)
        .take(inner)
        .any(|p| p.trim().is_empty())
}

/// Builds the output text line by line, deciding where blank lines go.
struct Writer<'a> {
    source: &'a str,
    out: String,
    /// Source offset where the last thing written ended.
    previous_end: usize,
    /// Nothing written yet, or the last line opened a block.
    no_blank_next: bool,
}

impl Writer<'_> {
    fn write(
        &mut self,
        indent: usize,
        text: &str,
        start: usize,
        end: usize,
        force_blank: bool,
        forbid_blank: bool,
    ) {
        let wants_blank = force_blank || blank_between(self.source, self.previous_end, start);
        if wants_blank && !self.no_blank_next && !forbid_blank {
            self.out.push('\n');
        }
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
        self.previous_end = self.previous_end.max(end);
        self.no_blank_next = false;
    }
}

fn comment_text(comment: &Comment) -> String {
    format!("#{}", comment.text.trim_end())
}

/// Put the comments back among the lines of code.
fn weave(source: &str, lines: &[Line], comments: &[Comment]) -> String {
    let mut before: Vec<Vec<&Comment>> = vec![Vec::new(); lines.len()];
    let mut after: Vec<Vec<&Comment>> = vec![Vec::new(); lines.len()];
    let mut end = Vec::new();
    for comment in comments {
        match place(source, lines, comment) {
            Place::Before(n) => before.get_mut(n).into_iter().for_each(|b| b.push(comment)),
            Place::After(n) => after.get_mut(n).into_iter().for_each(|a| a.push(comment)),
            Place::End => end.push(comment),
        }
    }
    // A line can end with only one comment, and comments stay in order: when
    // joining a statement written over several lines brings in more than one,
    // only the last of them can stay at the end of the line (if it was at the
    // end of a line of code); the rest go above it.
    for (before, after) in before.iter_mut().zip(after.iter_mut()) {
        if after.is_empty() {
            continue;
        }
        let mut all: Vec<&Comment> = before.drain(..).chain(after.drain(..)).collect();
        all.sort_by_key(|c| c.span.start);
        let last = all.pop();
        if let Some(last) = last {
            if is_trailing(source, last) {
                after.push(last);
            } else {
                all.push(last);
            }
        }
        *before = all;
    }

    let mut writer = Writer {
        source,
        out: String::new(),
        previous_end: 0,
        no_blank_next: true,
    };
    let mut previous_item_vocabulary: Option<bool> = None;
    for ((line, before), after) in lines.iter().zip(&before).zip(&after) {
        // A top-level item gets a blank line before it (before its leading
        // comments), except between two vocabularies, which keep the author's choice.
        let mut force_blank = match line.role {
            Role::ItemStart { vocabulary } => {
                let force = previous_item_vocabulary.is_some_and(|prev| !(prev && vocabulary));
                previous_item_vocabulary = Some(vocabulary);
                force
            }
            Role::Inner => false,
        };
        let comment_indent = if line.closes {
            line.indent + 1
        } else {
            line.indent
        };
        for comment in before {
            let (s, e) = (comment.span.start as usize, comment.span.end as usize);
            writer.write(
                comment_indent,
                &comment_text(comment),
                s,
                e,
                force_blank,
                false,
            );
            force_blank = false;
        }
        let mut text = line.text.clone();
        let mut line_end = line.end;
        if let Some(c) = after.first() {
            text.push(' ');
            text.push_str(&comment_text(c));
            line_end = line_end.max(c.span.end as usize);
        }
        writer.write(
            line.indent,
            &text,
            line.start,
            line_end,
            force_blank,
            line.closes,
        );
        writer.no_blank_next = line.opens;
    }
    for comment in end {
        let (s, e) = (comment.span.start as usize, comment.span.end as usize);
        let force = false;
        writer.write(0, &comment_text(comment), s, e, force, false);
    }
    writer.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(src: &str) -> String {
        match format(src) {
            Ok(text) => text,
            Err(e) => panic!("{e}: {e:?}"),
        }
    }

    #[test]
    fn lays_out_a_header_and_rules() {
        let src = "policy   \"T\"{owner:\"x\"\n review :  2026-01-01}\nrule a:require one_to_one for staff_group:at least 10 per year,not pro rata";
        assert_eq!(
            fmt(src),
            "policy \"T\" {\n  owner: \"x\"\n  review: 2026-01-01\n}\n\nrule a: require one_to_one for staff_group: at least 10 per year, not pro rata\n"
        );
    }

    #[test]
    fn lays_out_the_newer_condition_forms() {
        let src = "policy \"T\" {\n  working hours:   \"08:30 to 17:30\"\n}\ngroup g: sessions where start  is not within  working hours and month of  start = month  of recorded or supervisor.role is x\n";
        assert_eq!(
            fmt(src),
            "policy \"T\" {\n  working hours: \"08:30 to 17:30\"\n}\n\ngroup g: sessions where start is not within working hours and month of start = month of recorded or supervisor.role is x\n"
        );
    }

    #[test]
    fn keeps_comments_where_they_were_written() {
        let src = "# top\n\npolicy \"T\" { # opens\n  # about owner\n  owner: \"x\" # trailing\n  # before close\n}\n# tail\n";
        assert_eq!(
            fmt(src),
            "# top\n\npolicy \"T\" { # opens\n  # about owner\n  owner: \"x\" # trailing\n  # before close\n}\n# tail\n"
        );
    }

    #[test]
    fn a_statement_over_several_lines_becomes_one() {
        let src = "rule a: require one_to_one # kinds\n  for g: # group\n  at least 10 per year\n";
        assert_eq!(
            fmt(src),
            "# kinds\nrule a: require one_to_one for g: at least 10 per year # group\n"
        );
    }

    #[test]
    fn vocabularies_may_stay_together_but_other_items_get_a_blank_line() {
        let src = "roles: a, b\npurposes: c\ngroup g: staff\ngroup h: staff\n\n\n\nroles: d\n";
        assert_eq!(
            fmt(src),
            "roles: a, b\npurposes: c\n\ngroup g: staff\n\ngroup h: staff\n\nroles: d\n"
        );
    }

    #[test]
    fn blocks_close_with_options_after_the_brace() {
        let src = "rule r: access x records{allow a for b\n\n\ndeny c}waivable by m,overrides q";
        assert_eq!(fmt(src), "rule r: access x records {\n  allow a for b\n\n  deny c\n} waivable by m, overrides q\n");
    }

    #[test]
    fn conditions_keep_their_grouping() {
        let src = "group g: staff where (a is x or b is y) and not (c is z and d has w) and (e is f and g in h)\n";
        assert_eq!(fmt(src), "group g: staff where (a is x or b is y) and not (c is z and d has w) and (e is f and g in h)\n");
        let src = "group g: staff where a is x or b is y and c is one of p, q\n";
        assert_eq!(fmt(src), src);
    }

    #[test]
    fn keeps_the_authors_wording_where_it_reads_differently() {
        let src = "rule a: require x for g: at least once per year\nrule b: limit caseload for g: between 1 and 2\nrule c: limit caseload for g: 1 to 2\n";
        assert_eq!(
            fmt(src),
            "rule a: require x for g: at least once per year\n\nrule b: limit caseload for g: between 1 and 2\n\nrule c: limit caseload for g: 1 to 2\n"
        );
    }

    #[test]
    fn fills_in_optional_words() {
        let src = "rule a: deadline one_to_one: signed before next one_to_one\nrule b: retain appraisal: at least 6 years after leaving\n";
        assert_eq!(
            fmt(src),
            "rule a: deadline one_to_one: signed before the next one_to_one\n\nrule b: retain appraisal records: at least 6 years after leaving\n"
        );
    }

    #[test]
    fn refuses_a_file_with_syntax_errors() {
        assert!(
            matches!(format("rule a: require\n"), Err(FormatError::Syntax(d)) if !d.is_empty())
        );
    }

    #[test]
    fn phases_and_holidays() {
        let src = "rule n: require one_to_one for nqsw by tenure { first 6 weeks: every 1 week\n until 12 months: every 2 weeks then: every 1 month }\nholidays h { include england_and_wales 2025-12-24 \"eve\" include other }\n";
        assert_eq!(
            fmt(src),
            "rule n: require one_to_one for nqsw by tenure {\n  first 6 weeks: every 1 week\n  until 12 months: every 2 weeks\n  then: every 1 month\n}\n\nholidays h {\n  include england_and_wales\n  2025-12-24 \"eve\"\n  include other\n}\n"
        );
    }

    #[test]
    fn empty_input_stays_empty() {
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("# only a comment\n"), "# only a comment\n");
    }
}
