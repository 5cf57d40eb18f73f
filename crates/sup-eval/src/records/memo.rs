//! A column's memo: the texts a column of one piece of a load has read,
//! and the symbols they were interned as, so that a code or a reference
//! read again is neither checked nor looked up in the interner again.
//! Columns that reference the same table share one memo: they hold the
//! same people's ids, and one table of them stays in the cache where two
//! would not.

use std::cell::{Cell, RefCell};

use crate::records::value::{FxBuild, Sym};

/// The most texts a column's memo keeps: references to every person of a
/// large organisation (100,000 staff), whose ids would otherwise be looked
/// up in the piece's interner, a cache miss each.
pub(super) const MEMO_SIZE: usize = 1 << 18;

/// The mark of a symbol a seeded memo gives ([`ColumnMemo::seeded`]): the
/// symbol is already the load's own, not the piece's, and is kept as it is
/// when the piece is joined (`Renumbering`).
pub(crate) const SEEDED: u32 = 1 << 31;

/// When a memo holds this many texts, it is given up if it finds next to
/// nothing.
pub(super) const EARLY_LOOK: usize = MEMO_SIZE / 4;

/// The remembered texts of one or more columns, and their symbols. A short
/// text (an id or a code) is kept in its entry, so that finding it reads
/// no other memory: a key kept apart costs a cache miss at every lookup
/// once the memo holds tens of thousands of people's ids.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// 16 bytes an entry, so that 40,000 people's ids fit in a megabyte.
    short: std::collections::HashMap<ShortText, Sym, FxBuild>,
    long: std::collections::HashMap<Box<str>, Sym, FxBuild>,
}

/// A text of at most [`ShortText::MAX`] bytes, as three words that say
/// which text it is: its first bytes, then its last three bytes and its
/// length (see [`ShortText::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortText([u32; 3]);

impl ShortText {
    const MAX: usize = 11;

    /// The words are read straight from the text, a few of them and
    /// overlapping, never copied into a buffer a byte at a time: reading a
    /// word back from bytes just stored stalls the core at every lookup.
    #[inline]
    fn new(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let n = b.len();
        let word = |at: usize| -> u32 {
            b.get(at..at + 4)
                .and_then(|w| w.try_into().ok())
                .map_or(0, u32::from_le_bytes)
        };
        let byte = |at: usize| b.get(at).map_or(0, |&x| u32::from(x));
        // Given the length, each form covers every byte: 8 to 11 bytes are
        // the first 8 and the last 3; 4 to 7 the first 4 and the last 4; 1
        // to 3 the first, the middle and the last.
        let ([first, second], last) = match n {
            0 => ([0, 0], 0),
            1..=3 => ([byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0], 0),
            4..=7 => ([word(0), word(n - 4)], 0),
            8..=Self::MAX => ([word(0), word(4)], word(n - 4) >> 8),
            _ => return None,
        };
        // `n` is at most 11: it fits in the byte the last three leave.
        Some(ShortText([first, second, last << 8 | n as u32]))
    }
}

impl std::hash::Hash for ShortText {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Two words, not twelve bytes: the hasher takes a byte slice a
        // byte at a time past its last whole word.
        let [a, b, c] = self.0;
        state.write_usize((u64::from(a) | u64::from(b) << 32) as usize);
        state.write_usize(c as usize);
    }
}

impl Memo {
    pub(crate) fn get(&self, text: &str) -> Option<Sym> {
        match ShortText::new(text) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(text).copied(),
        }
    }

    pub(crate) fn insert(&mut self, text: &str, sym: Sym) {
        match ShortText::new(text) {
            Some(key) => self.short.insert(key, sym),
            None => self.long.insert(text.into(), sym),
        };
    }

    pub(crate) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Make room for `additional` more short texts.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.short.reserve(additional);
    }
}

/// A memo as columns use it: found texts are counted, so that a memo
/// that only costs is given up.
#[derive(Debug, Default)]
pub(super) struct ColumnMemo {
    /// The ids of the table the column references, when that table was
    /// joined before this piece was read (`load/chunks.rs`): each with its
    /// symbol in the load's own interner, marked [`SEEDED`]. Shared by
    /// every piece read after it, and never changed.
    seed: Option<std::sync::Arc<Memo>>,
    memo: RefCell<Memo>,
    /// How many texts were looked up, and how many were found: a memo
    /// that is full and has found fewer than half (references to more
    /// people than a chunk has rows) is given up. `u32::MAX` looked: given
    /// up.
    uses: Cell<(u32, u32)>,
}

impl ColumnMemo {
    /// A memo that knows `seed`'s texts from the start.
    pub(super) fn seeded(seed: std::sync::Arc<Memo>) -> Self {
        ColumnMemo {
            seed: Some(seed),
            ..ColumnMemo::default()
        }
    }

    /// The symbol `text` was read as before, if it is remembered: the cell
    /// was checked then, and reads the same now. A text of the seed was
    /// checked as its table's id.
    #[inline]
    pub(super) fn remembered(&self, text: &str) -> Option<Sym> {
        if let Some(sym) = self.seed.as_ref().and_then(|seed| seed.get(text)) {
            return Some(sym);
        }
        let (looked, found) = self.uses.get();
        if looked == u32::MAX {
            return None;
        }
        let sym = self.memo.borrow().get(text);
        let found = found.saturating_add(u32::from(sym.is_some()));
        self.uses.set((looked.saturating_add(1), found));
        sym
    }

    /// Whether this memo was given up, its texts found too seldom to pay
    /// for keeping them.
    #[inline]
    pub(super) fn given_up(&self) -> bool {
        self.uses.get().0 == u32::MAX
    }

    pub(super) fn remember(&self, text: &str, sym: Sym) {
        if self.given_up() {
            return;
        }
        let mut memo = self.memo.borrow_mut();
        let (looked, found) = self.uses.get();
        let give_up = match memo.len() {
            // Full. Found too seldom to pay for what it keeps (references
            // to more people than a chunk has rows, say), it is given up; a
            // column of references to 100,000 people is found again and
            // again only once most of them have been seen, so it is judged
            // only now.
            MEMO_SIZE.. => found < looked / 2,
            // A quarter full and finding next to nothing: references that
            // do not repeat (each a session of its own), which would only
            // fill it. References to 100,000 people have been found over a
            // third of the time by now.
            EARLY_LOOK => found < looked / 8,
            _ => false,
        };
        if give_up {
            self.uses.set((u32::MAX, 0));
            *memo = Memo::default();
        } else if memo.len() < MEMO_SIZE {
            memo.insert(text, sym);
        }
    }

    /// How many texts it holds.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.memo.borrow().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Look `texts` up in turn, remembering each one not found.
    fn look_up(memo: &ColumnMemo, texts: impl Iterator<Item = String>) {
        for (i, text) in texts.enumerate() {
            if memo.remembered(&text).is_none() {
                memo.remember(&text, Sym(i as u32));
            }
        }
    }

    /// A seeded memo finds the seed's texts first, as the seed gives them
    /// (marked), whatever it has learnt or given up since; other texts it
    /// learns as any memo does.
    #[test]
    fn a_seeded_memo_finds_the_seed_first() {
        let mut seed = Memo::default();
        seed.insert("S1", Sym(4 | SEEDED));
        seed.insert("a-long-staff-id-0001", Sym(5 | SEEDED));
        let memo = ColumnMemo::seeded(std::sync::Arc::new(seed));
        assert_eq!(memo.remembered("S1"), Some(Sym(4 | SEEDED)));
        assert_eq!(
            memo.remembered("a-long-staff-id-0001"),
            Some(Sym(5 | SEEDED))
        );
        assert_eq!(memo.remembered("S2"), None);
        memo.remember("S2", Sym(0));
        assert_eq!(memo.remembered("S2"), Some(Sym(0)));
        // Texts that never repeat make it give up what it learnt, not the seed.
        look_up(&memo, (0..=EARLY_LOOK).map(|k| format!("X{k}")));
        assert!(memo.given_up());
        assert_eq!(memo.remembered("S2"), None);
        assert_eq!(memo.remembered("S1"), Some(Sym(4 | SEEDED)));
    }

    #[test]
    fn a_memo_is_given_up_when_it_finds_too_little_and_kept_otherwise() {
        // Never a repeat: given up once a quarter full, not before.
        let memo = ColumnMemo::default();
        look_up(&memo, (0..EARLY_LOOK).map(|k| format!("X{k}")));
        assert!(!memo.given_up());
        assert_eq!(memo.len(), EARLY_LOOK);
        look_up(&memo, std::iter::once("X-1".to_string()));
        assert!(memo.given_up());
        // References to 100,000 people at random: kept, and it fills.
        let memo = ColumnMemo::default();
        let mut x = 1u64;
        let people: Vec<String> = (0..400_000)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                format!("S{}", (x >> 33) % 100_000)
            })
            .collect();
        let distinct: std::collections::HashSet<&String> = people.iter().collect();
        look_up(&memo, people.iter().cloned());
        assert!(!memo.given_up());
        assert_eq!(memo.len(), distinct.len());
        // As many texts as it holds, each twice in turn: found half the
        // time, kept until full; then given up once the texts it holds
        // are found less than half the time.
        let memo = ColumnMemo::default();
        look_up(
            &memo,
            (0..MEMO_SIZE as u64).flat_map(|k| [format!("P{k}"), format!("P{k}")]),
        );
        assert!(!memo.given_up());
        assert_eq!(memo.len(), MEMO_SIZE);
        look_up(&memo, (0..2).map(|k| format!("Q{k}")));
        assert!(memo.given_up());
    }

    #[test]
    fn short_texts_are_told_apart_by_every_byte_and_their_length() {
        // Every text of up to 5 bytes from three bytes, `\0` included (a
        // text padded with zeros must not read as a shorter one).
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last = texts.clone();
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| {
                    [0u8, b'a', 0x7f].map(|x| {
                        let mut t = t.clone();
                        t.push(x);
                        t
                    })
                })
                .collect();
            texts.extend(last.iter().cloned());
        }
        // Longer ones: a text of each length to 11, and each of it with one
        // byte changed.
        for n in 6..=ShortText::MAX {
            let text: Vec<u8> = (0..n as u8).map(|k| b'0' + k).collect();
            for at in 0..n {
                let mut changed = text.clone();
                if let Some(x) = changed.get_mut(at) {
                    *x = b'z';
                }
                texts.push(changed);
            }
            texts.push(text);
        }
        let keys: std::collections::HashSet<[u32; 3]> = texts
            .iter()
            .filter_map(|t| ShortText::new(std::str::from_utf8(t).ok()?).map(|k| k.0))
            .collect();
        assert_eq!(keys.len(), texts.len());
    }

    #[test]
    fn the_memo_tells_texts_apart_at_every_length() {
        const { assert!(MEMO_SIZE >= 100_000) };
        let mut memo = Memo::default();
        // Short texts kept in their entry (up to 11 bytes), longer ones
        // apart; texts that differ only in length or in their last byte.
        let texts = [
            "",
            "a",
            "a\0",
            "S00078",
            "S000780",
            "12345678901",
            "12345678902",
            "123456789012",
            "12345678901234567890123",
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
        assert_eq!(memo.get("1234567890"), None);
        assert_eq!(memo.get("1234567890123"), None);
        assert!(ShortText::new("12345678901").is_some());
        assert!(ShortText::new("123456789012").is_none());
        assert_eq!(std::mem::size_of::<(ShortText, Sym)>(), 16);
    }
}
