//! Very long lines, cut down to windows around the labels before miette
//! draws them.
//!
//! miette pads each underline to its column with a formatting width, and a
//! width past 65,535 panics ("Formatting argument out of range"); a line of
//! 200,000 characters would also be printed whole. When a line near a
//! diagnostic is longer than [`LONG_LINE`], the report is drawn from a copy
//! of the lines around it in which each long line keeps only the text around
//! each label's ends, the cuts marked `…`. Offsets are mapped both ways, so
//! the carets stay under the same text and the `file:line:column` header
//! still gives the position in the real file. Files without long lines are
//! drawn exactly as before: this path is not taken for them.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines longer than this many bytes are cut down.
pub(super) const LONG_LINE: usize = 1_000;

/// Characters kept on each side of a label's end.
const AROUND: usize = 40;

/// Lines kept above the first label's line and below the last one, for
/// miette's context lines.
const CONTEXT: usize = 2;

const ELLIPSIS: &str = "…";

/// The lines around some labels, long lines cut down, as miette reads them.
#[derive(Debug, Clone)]
pub(super) struct Windowed {
    /// The copy miette draws, starting at the start of line `first_line`.
    data: Arc<str>,
    /// The real text, for columns.
    real: Arc<str>,
    /// 0-based number of the first line in `data`.
    first_line: usize,
    /// Text kept from the real text: (offset in `data`, offset in the real
    /// text, length), in order.
    pieces: Arc<[(usize, usize, usize)]>,
}

/// Where each line in `text[from..to]` starts and its text ends (before its
/// line end), a line end being `\n`, `\r\n` or a lone `\r` as miette reads it.
fn lines(text: &str, from: usize, to: usize) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = from;
    let mut i = from;
    while i < to {
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match b {
            b'\n' => {
                out.push((start, i, i + 1));
                start = i + 1;
            }
            b'\r' => {
                let next = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push((start, i, next));
                start = next;
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, to, to));
    out
}

fn is_line_end(b: u8) -> bool {
    matches!(b, b'\n' | b'\r')
}

/// The start of the line holding `offset`, `extra` lines further up.
fn line_start_above(text: &str, offset: usize, extra: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = offset.min(bytes.len());
    for n in 0..=extra {
        while at > 0 && !bytes.get(at - 1).copied().is_some_and(is_line_end) {
            at -= 1;
        }
        if n == extra || at == 0 {
            break;
        }
        // Step over the line end (`\r\n` as one) onto the line above.
        at -= 1;
        if at > 0 && bytes.get(at) == Some(&b'\n') && bytes.get(at - 1) == Some(&b'\r') {
            at -= 1;
        }
    }
    at
}

/// The end of the line holding `offset` (past its line end), `extra` lines
/// further down.
fn line_end_below(text: &str, offset: usize, extra: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = offset.min(bytes.len());
    for _ in 0..=extra {
        while bytes.get(at).is_some_and(|&b| !is_line_end(b)) {
            at += 1;
        }
        if at >= bytes.len() {
            break;
        }
        at += if bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
    }
    at
}

/// `offset` moved `n` characters left (not before `floor`).
fn chars_left(text: &str, offset: usize, n: usize, floor: usize) -> usize {
    text.get(floor..offset)
        .and_then(|t| t.char_indices().rev().nth(n.saturating_sub(1)))
        .map_or(floor, |(i, _)| floor + i)
}

/// `offset` moved `n` characters right (not past `ceiling`).
fn chars_right(text: &str, offset: usize, n: usize, ceiling: usize) -> usize {
    text.get(offset..ceiling)
        .and_then(|t| t.char_indices().nth(n))
        .map_or(ceiling, |(i, _)| offset + i)
}

/// The number of line ends before `offset`, counted as miette counts them.
fn lines_before(text: &str, offset: usize) -> usize {
    let all = text.as_bytes();
    let bytes = all.get(..offset).unwrap_or(all);
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

impl Windowed {
    /// A cut-down copy around `points` (offsets of label ends in `text`),
    /// or `None` when no line near them is long, so miette can read the
    /// text as it is.
    pub(super) fn new(text: &Arc<str>, points: &[usize]) -> Option<Windowed> {
        let lowest = points.iter().copied().min()?.min(text.len());
        let highest = points.iter().copied().max()?.min(text.len());
        let from = line_start_above(text, lowest, CONTEXT);
        let to = line_end_below(text, highest, CONTEXT);
        let region = lines(text, from, to);
        if region.iter().all(|&(s, e, _)| e - s <= LONG_LINE) {
            return None;
        }
        let mut data = String::new();
        let mut pieces = Vec::new();
        let mut keep = |data: &mut String, start: usize, end: usize| {
            pieces.push((data.len(), start, end - start));
            data.push_str(text.get(start..end).unwrap_or(""));
        };
        for &(start, end, next) in &region {
            if end - start <= LONG_LINE {
                keep(&mut data, start, next);
                continue;
            }
            // Windows around each point on this line, merged when they touch.
            let mut windows: Vec<(usize, usize)> = Vec::new();
            let mut on_line: Vec<usize> = points
                .iter()
                .copied()
                .filter(|&p| p >= start && p <= end)
                .collect();
            on_line.sort_unstable();
            if on_line.is_empty() {
                // A context line: its start is enough to recognise it.
                on_line.push(start);
            }
            for p in on_line {
                let w = (
                    chars_left(text, p, AROUND, start),
                    chars_right(text, p, AROUND, end),
                );
                match windows.last_mut() {
                    Some(last) if w.0 <= last.1 + ELLIPSIS.len() + 2 => last.1 = last.1.max(w.1),
                    _ => windows.push(w),
                }
            }
            let mut at = start;
            for (i, &(ws, we)) in windows.iter().enumerate() {
                if ws > at {
                    data.push_str(if i == 0 { "… " } else { " … " });
                }
                keep(&mut data, ws, we);
                at = we;
            }
            if at < end {
                data.push_str(" …");
            }
            keep(&mut data, end, next);
        }
        Some(Windowed {
            data: Arc::from(data),
            real: Arc::clone(text),
            first_line: lines_before(text, from),
            pieces: pieces.into(),
        })
    }

    /// Where a real offset is drawn: in its piece, or at the nearest piece
    /// when the text there was cut.
    pub(super) fn to_data(&self, real: usize) -> usize {
        let i = self.pieces.partition_point(|&(_, r, _)| r <= real);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(d, r, len)) if real <= r + len => d + (real - r),
            Some(&(d, _, len)) => match self.pieces.get(i) {
                Some(&(next, _, _)) => next,
                None => d + len,
            },
            None => self.pieces.first().map_or(0, |&(d, _, _)| d),
        }
    }

    /// The real offset drawn at `data`.
    fn to_real(&self, data: usize) -> usize {
        let i = self.pieces.partition_point(|&(d, _, _)| d <= data);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(d, r, len)) => r + (data - d).min(len),
            None => 0,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.data.len()
    }
}

impl SourceCode for Windowed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let data: &'a str = &self.data;
        let contents = data.read_span(span, context_lines_before, context_lines_after)?;
        // miette counts a column in bytes from the line start, and gives 0
        // when it read context lines: count the same in the real text.
        let column = if context_lines_before == 0 {
            let real = self.to_real(span.offset());
            real - line_start_above(&self.real, real, 0)
        } else {
            contents.column()
        };
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            contents.line() + self.first_line,
            column,
            contents.line_count() + self.first_line,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_left_to_miette() {
        let text: Arc<str> = Arc::from("a\nb c\nd\n");
        assert!(Windowed::new(&text, &[2, 3]).is_none());
    }

    #[test]
    fn a_long_line_keeps_the_text_around_each_label_end() {
        let long = format!("{}X{}", "a".repeat(5_000), "b".repeat(5_000));
        let text: Arc<str> = Arc::from(format!("one\n{long}\nthree\n").as_str());
        let x = text.find('X').unwrap_or(0);
        let w = Windowed::new(&text, &[x, x + 1]).unwrap_or_else(|| panic!("not windowed"));
        let d = w.to_data(x);
        assert_eq!(&w.data[d..d + 1], "X");
        assert_eq!(w.to_real(d), x);
        let line = w.data.lines().nth(1).unwrap_or("");
        assert!(line.starts_with("… a"), "{line}");
        assert!(line.ends_with("b …"), "{line}");
        assert!(line.chars().count() < 100, "{line}");
        assert!(w.data.starts_with("one\n") && w.data.ends_with("\nthree\n"));
    }

    #[test]
    fn labels_far_apart_on_one_line_get_a_window_each() {
        let long = format!("S{}E", "é".repeat(100_000));
        let text: Arc<str> = Arc::from(long.as_str());
        let end = text.len() - 1;
        let w = Windowed::new(&text, &[0, 1, end, end + 1]).unwrap_or_else(|| panic!("none"));
        assert!(w.data.starts_with("Sé"));
        assert!(w.data.ends_with("éE"));
        assert_eq!(w.data.matches('…').count(), 1);
        assert_eq!(&w.data[w.to_data(end)..], "E");
    }

    #[test]
    fn the_header_column_is_the_real_one() {
        let text: Arc<str> = Arc::from(format!("x\n{}Y\n", " ".repeat(70_000)).as_str());
        let y = text.find('Y').unwrap_or(0);
        let w = Windowed::new(&text, &[y, y + 1]).unwrap_or_else(|| panic!("none"));
        let span = SourceSpan::new(w.to_data(y).into(), 1);
        let contents = w.read_span(&span, 0, 0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((contents.line(), contents.column()), (1, 70_000));
    }
}
