//! A column's memo: the texts a column of one piece of a load has read,
//! and the symbols they were interned as, so that a code or a reference
//! read again is neither checked nor looked up in the interner again.

/// The most texts a column's memo keeps: references to every person of a
/// large organisation (100,000 staff), whose ids would otherwise be looked
/// up in the piece's interner, a cache miss each.
pub(super) const MEMO_SIZE: usize = 1 << 18;

/// A column's remembered texts and their symbols. A short text (an id or
/// a code) is kept in its entry, so that finding it reads no other memory:
/// a key kept apart costs a cache miss at every lookup once the memo holds
/// tens of thousands of people's ids.
#[derive(Debug, Default)]
pub(super) struct Memo {
    short: std::collections::HashMap<
        ShortText,
        crate::records::value::Sym,
        crate::records::value::FxBuild,
    >,
    long: std::collections::HashMap<
        Box<str>,
        crate::records::value::Sym,
        crate::records::value::FxBuild,
    >,
}

/// A text of at most 23 bytes, its length first, the rest zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ShortText([u64; 3]);

impl ShortText {
    fn new(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let mut out = [0u8; 24];
        out.get_mut(1..=bytes.len())?.copy_from_slice(bytes);
        *out.get_mut(0)? = u8::try_from(bytes.len()).ok()?;
        let word = |k: usize| {
            let mut w = [0u8; 8];
            if let Some(part) = out.get(k * 8..k * 8 + 8) {
                w.copy_from_slice(part);
            }
            u64::from_le_bytes(w)
        };
        Some(ShortText([word(0), word(1), word(2)]))
    }
}

impl Memo {
    pub(super) fn get(&self, text: &str) -> Option<crate::records::value::Sym> {
        match ShortText::new(text) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(text).copied(),
        }
    }

    pub(super) fn insert(&mut self, text: &str, sym: crate::records::value::Sym) {
        match ShortText::new(text) {
            Some(key) => self.short.insert(key, sym),
            None => self.long.insert(text.into(), sym),
        };
    }

    pub(super) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_tells_texts_apart_at_every_length() {
        const { assert!(MEMO_SIZE >= 100_000) };
        use crate::records::value::Sym;
        let mut memo = Memo::default();
        // Short texts kept in their entry (up to 23 bytes), longer ones
        // apart; texts that differ only in length or in their last byte.
        let texts = [
            "",
            "a",
            "a\0",
            "S00078",
            "S000780",
            "12345678901234567890123",
            "12345678901234567890124",
            "123456789012345678901234",
            "personal_supervision_kept",
            "é",
        ];
        for (i, text) in texts.iter().enumerate() {
            memo.insert(text, Sym(i as u32));
        }
        assert_eq!(memo.len(), texts.len());
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(memo.get(text), Some(Sym(i as u32)), "{text:?}");
        }
        assert_eq!(memo.get("S00079"), None);
        assert_eq!(memo.get("1234567890123456789012345"), None);
        assert!(ShortText::new("12345678901234567890123").is_some());
        assert!(ShortText::new("123456789012345678901234").is_none());
    }
}
