//! A file's text as miette reads it, shared by all of the file's diagnostics.
//!
//! miette finds the lines around a span by scanning the text from its start,
//! and each report owns its source. With a copy of the file per diagnostic
//! and a scan from the top for each, a file with thousands of warnings took
//! time quadratic in its size. Here the text is shared, and miette is handed
//! the text from a few lines before the span, found with an index of line
//! starts; the line numbers and counts it reports are moved on by the lines
//! skipped, so what it draws is exactly what it would draw from the whole text.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

#[derive(Debug, Clone)]
pub(super) struct SharedSource {
    text: Arc<str>,
    /// The byte offset where each line starts, the first at 0.
    starts: Arc<[usize]>,
}

impl SharedSource {
    pub(super) fn new(text: &str) -> Self {
        // miette ends a line at a lone `\r` when it finds a span's line and
        // column, but not when it lists the lines it draws, which then ran
        // together. Drawn from a copy with each made a `\n` (byte for byte,
        // so spans hold), the lines are the ones `sup` counts.
        let normalised = crate::span::lone_cr_as_lf(text);
        let text = normalised.as_deref().unwrap_or(text);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SharedSource {
            text: Arc::from(text),
            starts: starts.into(),
        }
    }
}

impl SharedSource {
    /// The text itself, shared.
    pub(super) fn text(&self) -> &Arc<str> {
        &self.text
    }
}

impl SourceCode for SharedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span.offset();
        // The line holding the span's start, and the first line shown.
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let first = line.saturating_sub(context_lines_before);
        // Start on the line feed that ends the line before the first one
        // shown: miette's scan then reaches the span in the same state as a
        // scan from the top (it treats a span's first byte differently after
        // a line end), having counted `first - 1` fewer line ends.
        let (from, skipped) = match first.checked_sub(1) {
            Some(skipped) => (
                self.starts
                    .get(first)
                    .map_or(0, |s| s.saturating_sub(1))
                    .min(offset),
                skipped,
            ),
            None => (0, 0),
        };
        let window: &'a str = self.text.get(from..).unwrap_or("");
        let inner = SourceSpan::new((offset - from).into(), span.len());
        let contents = window.read_span(&inner, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            SourceSpan::new(
                (contents.span().offset() + from).into(),
                contents.span().len(),
            ),
            contents.line() + skipped,
            contents.column(),
            // miette's count runs from the start of what it read, and its
            // renderer uses it to decide whether two labels' snippets merge:
            // count the skipped lines too, as a read of the whole text does.
            contents.line_count() + skipped,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What miette reads from the whole text, against the shared source.
    fn same_as_whole_text(text: &str) {
        let shared = SharedSource::new(text);
        for offset in 0..=text.len() {
            if !text.is_char_boundary(offset) {
                continue;
            }
            for len in [0, 1, 5, 12] {
                let len = len.min(text.len() - offset);
                let span = SourceSpan::new(offset.into(), len);
                for (before, after) in [(0, 0), (1, 1), (2, 3), (3, 0), (0, 2)] {
                    let want = text.read_span(&span, before, after);
                    let got = shared.read_span(&span, before, after);
                    match (want, got) {
                        (Ok(w), Ok(g)) => {
                            let key = |c: &dyn SpanContents| {
                                (
                                    c.data().to_vec(),
                                    c.span().offset(),
                                    c.span().len(),
                                    c.line(),
                                    c.column(),
                                    c.line_count(),
                                )
                            };
                            assert_eq!(key(&*g), key(&*w), "{text:?} at {offset}+{len}");
                        }
                        (Err(_), Err(_)) => {}
                        (w, g) => panic!(
                            "{text:?} at {offset}+{len}: {:?} vs {:?}",
                            w.is_ok(),
                            g.is_ok()
                        ),
                    }
                }
            }
        }
    }

    #[test]
    fn reads_what_miette_reads_from_the_whole_text() {
        same_as_whole_text("one\ntwo\nthree\nfour\nfive\nsix\n");
        same_as_whole_text("a\r\nbé\r\n\r\ncafé — d\r\ne");
        same_as_whole_text("no line end");
        same_as_whole_text("");
        same_as_whole_text("\n\n\nx\n\n");
    }

    #[test]
    fn a_lone_carriage_return_is_read_as_a_line_feed() {
        let text = "a\rb\nc\rd\ne\n";
        let shared = SharedSource::new(text);
        let span = SourceSpan::new(6.into(), 1);
        let got = shared
            .read_span(&span, 1, 1)
            .unwrap_or_else(|e| panic!("{e}"));
        let want = "a\nb\nc\nd\ne\n"
            .read_span(&span, 1, 1)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.data(), want.data());
        assert_eq!((got.line(), got.column()), (want.line(), want.column()));
        assert_eq!(got.line(), 2, "the context line before `d`");
    }
}
