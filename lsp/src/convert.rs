//! Byte offsets ↔ LSP positions: the one place that knows how a column is counted.
//!
//! The library speaks byte [`Span`]s; LSP speaks `(line, character)` where a
//! character is a UTF-16 code unit unless the client offered UTF-8 when the
//! session began. Every range the server sends or reads goes through
//! [`LineIndex::position`] or [`LineIndex::offset`], so a policy with `café`
//! or an em dash in a comment underlines the right letters in every editor.

use sup::span::Span;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// How the client counts columns, agreed in `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-16 code units: the LSP default, and what VS Code uses.
    #[default]
    Utf16,
    /// Bytes: cheaper, and offered by Neovim and Helix.
    Utf8,
}

impl Encoding {
    /// Choose from what the client offers, preferring UTF-8 (no conversion
    /// needed on our side) and falling back to the mandatory UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }

    /// How many columns one character takes.
    fn width(self, c: char) -> u32 {
        let units = match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        };
        u32::try_from(units).unwrap_or(1)
    }
}

/// Where each line of a text starts, for converting positions both ways.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the start of each line. The first is 0, or just past
    /// a leading byte-order mark: editors do not show the mark nor count it
    /// in positions (VS Code leaves it out of the text and of every column),
    /// so line 0, character 0 is the first real character, as in `sup check`.
    line_starts: Vec<usize>,
    encoding: Encoding,
}

impl LineIndex {
    pub fn new(text: &str, encoding: Encoding) -> Self {
        let bom = if text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let mut line_starts = vec![bom];
        // `\n`, `\r\n` and a lone `\r` each end a line, for the protocol as
        // for the checker.
        if text.contains('\r') {
            line_starts.extend(sup::span::line_ends(text).map(|i| i + 1));
        } else {
            // The usual case, and a fast scan on a large document.
            line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        }
        LineIndex {
            line_starts,
            encoding,
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of line `line` without its line break (`\n` or `\r\n`).
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |next| next.saturating_sub(1))
            .max(start);
        let end = if text.get(start..end).is_some_and(|l| l.ends_with('\r')) {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// The LSP position of a byte offset. An offset past the end clamps to
    /// the end; one inside a multi-byte character counts as that character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let character: u32 = text
            .get(start..)
            .unwrap_or("")
            .char_indices()
            .take_while(|(i, c)| start + i + c.len_utf8() <= offset)
            .map(|(_, c)| self.encoding.width(c))
            .sum();
        Position::new(u32::try_from(line).unwrap_or(u32::MAX), character)
    }

    /// The byte offset of an LSP position. A column past the end of its line
    /// clamps to the line's end and a line past the end to the text's end,
    /// as the protocol asks; a column inside a character (half a surrogate
    /// pair) moves to the character's start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.line_starts.len() {
            return text.len();
        }
        let range = self.line_range(text, line);
        let mut column = 0;
        for (i, c) in text.get(range.clone()).unwrap_or("").char_indices() {
            let next = column + self.encoding.width(c);
            if next > position.character {
                return range.start + i;
            }
            column = next;
        }
        range.end
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        let start = span.start as usize;
        let end = (span.end as usize).max(start);
        Range::new(self.position(text, start), self.position(text, end))
    }

    pub fn span(&self, text: &str, range: Range) -> Span {
        let start = self.offset(text, range.start);
        let end = self.offset(text, range.end).max(start);
        Span::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# café — ok\r\nrule x\n𝄞z";

    #[test]
    fn utf16_counts_code_units() {
        let index = LineIndex::new(TEXT, Encoding::Utf16);
        // `—` is after `# café `: 7 characters, all one UTF-16 unit.
        let dash = TEXT.find('—').unwrap();
        assert_eq!(index.position(TEXT, dash), Position::new(0, 7));
        assert_eq!(
            index.position(TEXT, dash + '—'.len_utf8()),
            Position::new(0, 8)
        );
        // The clef is two UTF-16 units.
        let z = TEXT.find('z').unwrap();
        assert_eq!(index.position(TEXT, z), Position::new(2, 2));
        assert_eq!(index.offset(TEXT, Position::new(2, 2)), z);
        assert_eq!(index.offset(TEXT, Position::new(0, 8)), dash + 3);
    }

    #[test]
    fn utf8_counts_bytes() {
        let index = LineIndex::new(TEXT, Encoding::Utf8);
        let dash = TEXT.find('—').unwrap();
        assert_eq!(index.position(TEXT, dash), Position::new(0, 8));
        assert_eq!(index.offset(TEXT, Position::new(0, 8)), dash);
    }

    #[test]
    fn every_character_boundary_round_trips() {
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let index = LineIndex::new(TEXT, encoding);
            for (offset, _) in TEXT
                .char_indices()
                .filter(|(_, c)| *c != '\n' && *c != '\r')
            {
                assert_eq!(
                    index.offset(TEXT, index.position(TEXT, offset)),
                    offset,
                    "{encoding:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let index = LineIndex::new(TEXT, Encoding::Utf16);
        // Past the end of line 0 stops before the `\r\n`.
        assert_eq!(
            index.offset(TEXT, Position::new(0, 999)),
            TEXT.find('\r').unwrap()
        );
        assert_eq!(index.offset(TEXT, Position::new(99, 0)), TEXT.len());
        // Inside the surrogate pair: the clef's start.
        assert_eq!(
            index.offset(TEXT, Position::new(2, 1)),
            TEXT.find('𝄞').unwrap()
        );
        assert_eq!(index.position(TEXT, 10_000), Position::new(2, 3));
    }

    #[test]
    fn a_byte_order_mark_is_not_a_character() {
        // A file read from disk may start with a mark the editor hides.
        let text = "\u{feff}rule x\nrule y";
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let index = LineIndex::new(text, encoding);
            let x = text.find('x').unwrap();
            assert_eq!(index.position(text, x), Position::new(0, 5));
            assert_eq!(index.offset(text, Position::new(0, 5)), x);
            assert_eq!(index.position(text, 0), Position::new(0, 0));
            assert_eq!(index.offset(text, Position::new(0, 0)), 3);
            let y = text.find('y').unwrap();
            assert_eq!(index.position(text, y), Position::new(1, 5));
        }
    }

    #[test]
    fn offsets_inside_a_character_count_as_that_character() {
        let index = LineIndex::new("é", Encoding::Utf16);
        assert_eq!(index.position("é", 1), Position::new(0, 0));
    }

    #[test]
    fn negotiation_prefers_utf8_and_defaults_to_utf16() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Encoding::Utf16
        );
        assert_eq!(
            Encoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
    }
}
