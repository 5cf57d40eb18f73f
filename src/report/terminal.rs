//! Text from an export, made safe to print on a terminal. Used by the human
//! and Markdown reports and by the errors printed when an export cannot be
//! read: all echo ids, values and file names that the export's author chose.

/// Text from the export (ids, waiver reasons, file names, values) as it is
/// safe to print on a terminal: control characters (an escape sequence could
/// recolour, hide or rewrite what is shown; a line break would forge a line
/// of the report) and the bidirectional overrides that reorder what is seen
/// are shown escaped, as `\u{1b}`, `\n`, `\u{202e}`.
pub fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn control_characters_and_bidi_overrides_are_escaped() {
        assert_eq!(safe("S1\x1b[2J"), "S1\\u{1b}[2J");
        assert_eq!(safe("held\nheld"), "held\\nheld");
        assert_eq!(safe("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(safe("plain, é"), "plain, é");
    }
}
