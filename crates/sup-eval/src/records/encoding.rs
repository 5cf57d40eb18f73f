//! Recognising text that is not UTF-8 as a whole, before any row is read.
//!
//! Spreadsheets save "Unicode text" as UTF-16. Read as UTF-8, a UTF-16 file
//! with a byte-order mark fails on its first byte, but one without a mark is
//! valid UTF-8 with a NUL before (or after) every letter: its header then
//! names no column the schema knows, and the user is told that a file which
//! plainly has an `id` column has none. Saying "this is UTF-16" once, for
//! the whole file, is both true and what to fix.

/// The encoding `start` (the first bytes of a file) is written in, when it is
/// recognisably UTF-16; `None` for anything else (UTF-8 included).
pub(super) fn utf16(start: &[u8]) -> Option<&'static str> {
    match start {
        [0xFF, 0xFE, ..] => Some("UTF-16 (little-endian)"),
        [0xFE, 0xFF, ..] => Some("UTF-16 (big-endian)"),
        // No mark: a header starts with a letter, so UTF-16 shows as a NUL
        // beside the first character. No text export holds a NUL.
        [0, b, ..] if *b != 0 => Some("UTF-16 (big-endian)"),
        [b, 0, ..] if *b != 0 => Some("UTF-16 (little-endian)"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::utf16;

    #[test]
    fn utf16_is_recognised_with_and_without_a_mark() {
        let le: Vec<u8> = "id,role"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "id,role"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16(&le), Some("UTF-16 (little-endian)"));
        assert_eq!(utf16(&be), Some("UTF-16 (big-endian)"));
        assert_eq!(
            utf16(&[0xFF, 0xFE, b'i', 0]),
            Some("UTF-16 (little-endian)")
        );
        assert_eq!(utf16(&[0xFE, 0xFF, 0, b'i']), Some("UTF-16 (big-endian)"));
    }

    #[test]
    fn utf8_and_empty_files_are_not_utf16() {
        assert_eq!(utf16(b"id,role\n"), None);
        assert_eq!(utf16(b"\xEF\xBB\xBFid,role\n"), None);
        assert_eq!(utf16("é,ü".as_bytes()), None);
        assert_eq!(utf16(b""), None);
        assert_eq!(utf16(b"i"), None);
    }
}
