//! Byte ranges into a source file, and turning them into lines and columns.

use serde::{Deserialize, Serialize};

/// A byte range `start..end` in one source file.
///
/// Two spans always compare equal: a span says where a node was written, not
/// what it means, so syntax trees that differ only in layout compare equal.
/// Compare `start` and `end` directly when the position itself matters.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl PartialEq for Span {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for Span {}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn shifted(self, by: usize) -> Span {
        Span::new(self.start as usize + by, self.end as usize + by)
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text the span covers, or "" if it is out of range.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.range()).unwrap_or("")
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
}

/// The byte-order mark some editors save at the start of a file.
const BOM: char = '\u{feff}';

/// Bytes of line 1 that no editor shows: a leading byte-order mark. Columns
/// are counted from the first real character, as editors count them (VS Code
/// does not include the mark in positions), so it counts for nothing.
fn hidden_prefix(source: &str) -> usize {
    if source.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    }
}

/// Where each line end is: a `\n`, or a `\r` not followed by one (a file
/// saved with old Mac line ends). `\r\n` ends a line at its `\n`.
pub fn line_ends(source: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = source.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, &b)| {
        (b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))).then_some(i)
    })
}

/// The text with each lone `\r` made a `\n`, byte for byte, so that every
/// span into one is a span into the other. `None` when there is none, the
/// usual case. The grammar, the comment collector and the formatter read
/// this, so a file with carriage-return line ends reads as lines.
pub fn lone_cr_as_lf(source: &str) -> Option<String> {
    // Almost every file has no `\r` at all: one fast scan says so.
    if !source.contains('\r') {
        return None;
    }
    let bytes = source.as_bytes();
    if !line_ends(source).any(|i| bytes.get(i) == Some(&b'\r')) {
        return None;
    }
    let mut out = bytes.to_vec();
    for i in line_ends(source) {
        if let Some(b) = out.get_mut(i) {
            *b = b'\n';
        }
    }
    // Only one ASCII byte was swapped for another: still UTF-8.
    String::from_utf8(out).ok()
}

/// Line and column of a byte offset. Offsets past the end clamp to the end;
/// offsets inside a character count as that character; a leading byte-order
/// mark is not a column.
pub fn line_column(source: &str, offset: usize) -> LineColumn {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or_else(|| {
        // Inside a multi-byte character: step back to its start.
        let mut o = offset;
        while !source.is_char_boundary(o) {
            o -= 1;
        }
        source.get(..o).unwrap_or("")
    });
    // The line ends before the offset, by the one rule of [`line_ends`]
    // (judged on the whole text, so a `\r` just before the offset is a line
    // end only if no `\n` follows it).
    let last_end = line_ends(source)
        .take_while(|&i| i < before.len())
        .enumerate()
        .last();
    let line = last_end.map_or(0, |(n, _)| n + 1) + 1;
    let line_start = last_end.map_or(hidden_prefix(source).min(before.len()), |(_, i)| i + 1);
    let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
    LineColumn {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

/// Where each line starts, built once so that many offsets in one text can
/// be turned into lines and columns without rescanning it from the start
/// each time (which made checking a 50,000-line file take seconds).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(line_ends(source).map(|i| i + 1))
            .collect();

        LineIndex { starts }
    }

    /// Same answer as [`line_column`] for the text the index was built from.
    pub fn line_column(&self, source: &str, offset: usize) -> LineColumn {
        let mut offset = offset.min(source.len());
        // Inside a multi-byte character: step back to its start.
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let line_start = match self.starts.get(line - 1).copied() {
            Some(start) if line > 1 => start,
            _ => hidden_prefix(source),
        }
        .min(offset);
        let column = source
            .get(line_start..offset)
            .map_or(0, |text| text.chars().count())
            + 1;
        LineColumn {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_compare_equal_whatever_their_offsets() {
        assert_eq!(Span::new(0, 3), Span::new(10, 20));
    }

    #[test]
    fn line_column_counts_from_one_and_counts_characters() {
        let src = "ab\ncafé x";
        assert_eq!(line_column(src, 0), LineColumn { line: 1, column: 1 });
        assert_eq!(line_column(src, 3), LineColumn { line: 2, column: 1 });
        // `x` is after the two-byte `é`: byte 9, character column 6.
        assert_eq!(line_column(src, 9), LineColumn { line: 2, column: 6 });
        assert_eq!(line_column(src, 999), LineColumn { line: 2, column: 7 });
    }

    #[test]
    fn line_index_agrees_with_line_column_at_every_offset() {
        for src in [
            "",
            "\n",
            "ab\ncafé x\n\n\u{feff}y\r\nz",
            "é\nü",
            "\u{feff}a\nb",
        ] {
            let index = LineIndex::new(src);
            for offset in 0..=src.len() + 2 {
                assert_eq!(
                    index.line_column(src, offset),
                    line_column(src, offset),
                    "{src:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        // `x` is the first character an editor shows on line 1.
        let src = "\u{feff}x y\nz";
        let index = LineIndex::new(src);
        for (offset, column) in [(0, 1), (1, 1), (3, 1), (5, 3)] {
            let want = LineColumn { line: 1, column };
            assert_eq!(line_column(src, offset), want, "at {offset}");
            assert_eq!(index.line_column(src, offset), want, "at {offset}");
        }
        let want = LineColumn { line: 2, column: 1 };
        assert_eq!(line_column(src, 7), want);
        assert_eq!(index.line_column(src, 7), want);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_and_crlf_is_one_line_end() {
        let src = "a\rbc\r\nd\re";
        let index = LineIndex::new(src);
        for (offset, line, column) in [(0, 1, 1), (2, 2, 1), (3, 2, 2), (6, 3, 1), (8, 4, 1)] {
            let want = LineColumn { line, column };
            assert_eq!(line_column(src, offset), want, "at {offset}");
            assert_eq!(index.line_column(src, offset), want, "at {offset}");
        }
        assert_eq!(lone_cr_as_lf(src).as_deref(), Some("a\nbc\r\nd\ne"));
        assert_eq!(lone_cr_as_lf("a\r\nb\n"), None);
        for src in ["\r", "\r\r\n", "x\ry\r", "é\rü"] {
            let index = LineIndex::new(src);
            for offset in 0..=src.len() {
                assert_eq!(
                    index.line_column(src, offset),
                    line_column(src, offset),
                    "{src:?}"
                );
            }
        }
    }

    #[test]
    fn line_column_inside_a_character_does_not_panic() {
        let src = "é";
        assert_eq!(line_column(src, 1), LineColumn { line: 1, column: 1 });
    }
}
