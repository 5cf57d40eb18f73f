//! Bands: the ids of a large table, numbered by the order they were read in
//! a range of symbols of their own, their texts left in the arenas of the
//! pieces that read them.
//!
//! A table's own ids are nearly all new strings, read once each: joining
//! them into the interner's list of absorbed strings cost the thread that
//! joins a load's pieces about 40 ns an id (a walk along the list, a copy of
//! the text, a place in the list), most of the join of a large table. A
//! band takes a piece's ids as they are; once the table's last piece is in,
//! its ids are sorted by hash once and checked against each other and
//! against every other string, so that a string still has one symbol
//! ([`Interner::add_band`]). A string interned or absorbed after that is
//! looked for among the bands too.

use super::sorted::{any_common, find_at, gallop, repeats, sort_by_first};
use super::{hash_str, kept_half, text_of, Interner};
use crate::records::column::Offsets;
use crate::records::memo::SEEDED;
use crate::records::value::Sym;

/// The mark of a piece's own id: the piece numbers its ids in the order it
/// reads them, and the join gives each its band's symbol (`Renumbering`).
pub(crate) const OWN: u32 = 1 << 30;

/// The first band symbol: above every other string's, below the mark of a
/// seeded memo's symbol.
pub(crate) const BAND_START: u32 = 1 << 30;

/// The top bit of a half: the band's list is sorted in two parts, by it.
const TOP_BIT: u32 = 1 << 31;

/// Whether `sym` is a band's.
#[inline]
pub(crate) fn in_band(sym: u32) -> bool {
    (BAND_START..SEEDED).contains(&sym)
}

/// What a set of texts is made of, coarsely: which first bytes and which
/// lengths occur among them. Two bands whose marks do not meet share no
/// text, and the walk that would look for one (84 ms for 4.6M case
/// discussion ids against 10M session ids) is not needed: the ids of two
/// tables usually differ in their first letter or their length.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    first: [u64; 4],
    /// A bit a length, the last for 63 bytes and more.
    lengths: u64,
}

impl Marks {
    #[inline]
    fn add(&mut self, text: &str) {
        let first = text.as_bytes().first().map_or(0, |b| usize::from(*b));
        if let Some(word) = self.first.get_mut(first / 64) {
            *word |= 1 << (first % 64);
        }
        self.lengths |= 1 << text.len().min(63);
    }

    fn with(self, other: Marks) -> Marks {
        let mut first = self.first;
        for (word, theirs) in first.iter_mut().zip(other.first) {
            *word |= theirs;
        }
        Marks {
            first,
            lengths: self.lengths | other.lengths,
        }
    }

    /// Whether a text could be in both sets.
    fn meet(&self, other: &Marks) -> bool {
        self.lengths & other.lengths != 0
            && self.first.iter().zip(other.first).any(|(a, b)| a & b != 0)
    }
}

/// A piece's own ids: their texts end to end, in the order read, and
/// (half of the hash, number) of each, sorted on the piece's thread.
#[derive(Debug, Clone, Default)]
pub(crate) struct OwnIds {
    arena: String,
    ends: Offsets,
    order: Vec<(u32, u32)>,
    marks: Marks,
}

impl OwnIds {
    fn push(&mut self, text: &str) -> Sym {
        let n = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
        self.marks.add(text);
        self.arena.push_str(text);
        self.ends
            .push(u64::try_from(self.arena.len()).unwrap_or(u64::MAX));
        Sym(OWN | n)
    }

    fn text(&self, n: u32) -> &str {
        text_of(&self.arena, &self.ends, Sym(n))
    }

    fn sort(&mut self) {
        let count = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
        let mut order: Vec<(u32, u32)> = (0..count)
            .map(|n| (kept_half(hash_str(self.text(n))), n))
            .collect();
        sort_by_first(&mut order);
        self.order = order;
    }

    pub(crate) fn len(&self) -> u32 {
        u32::try_from(self.ends.len()).unwrap_or(u32::MAX)
    }
}

/// One table's ids: symbols `first..first + len`, their texts in the
/// arenas of the pieces that read them, and (half of the hash, symbol) of
/// each, sorted once the band is added.
#[derive(Debug, Clone, Default)]
pub(crate) struct Band {
    first: u32,
    len: u32,
    /// Each piece's ids: the index of its first id in the band, and its
    /// texts.
    segments: Vec<(u32, String, Offsets)>,
    /// The pieces' sorted (half, symbol) pairs, one after the other: those
    /// whose half's top bit is clear, then those whose is set, each sorted
    /// on a thread of its own once the band is added.
    runs: [Vec<(u32, u32)>; 2],
    sorted: Vec<(u32, u32)>,
    marks: Marks,
}

impl Band {
    /// The symbol the band's `index`-th id has.
    fn sym(&self, index: u32) -> u32 {
        self.first.saturating_add(index)
    }

    /// Take a piece's own ids, numbered after those taken before: the
    /// symbol its first id has, which its table's cells are renumbered by.
    pub(crate) fn take(&mut self, own: OwnIds) -> u32 {
        let base = self.sym(self.len);
        let mut own = own;
        if own.order.len() != own.ends.len() {
            own.sort();
        }
        // The piece's ids are sorted: those whose half's top bit is clear
        // come first.
        let split = own.order.partition_point(|(half, _)| *half < TOP_BIT);
        let (low, high) = own.order.split_at(split);
        for (run, part) in self.runs.iter_mut().zip([low, high]) {
            run.extend(part.iter().map(|&(half, n)| (half, base.saturating_add(n))));
        }
        let count = own.len();
        // Kept for the whole evaluation: the room a piece's texts grew
        // into by doubling is given back (a tenth of the peak at 10M).
        own.arena.shrink_to_fit();
        own.ends.shrink_to_fit();
        self.marks = self.marks.with(own.marks);
        self.segments.push((self.len, own.arena, own.ends));
        self.len = self.len.saturating_add(count);
        base
    }

    fn contains(&self, sym: u32) -> bool {
        sym >= self.first && sym - self.first < self.len
    }

    /// The text of band symbol `sym`.
    fn text(&self, sym: u32) -> &str {
        let index = sym.saturating_sub(self.first);
        let at = self
            .segments
            .partition_point(|(start, _, _)| *start <= index)
            .saturating_sub(1);
        match self.segments.get(at) {
            Some((start, arena, ends)) => text_of(arena, ends, Sym(index - start)),
            None => "",
        }
    }

    /// The symbol of `text` (whose hash's kept half is `half`), if it is
    /// one of the band's ids.
    fn find(&self, half: u32, text: &str) -> Option<Sym> {
        let from = self.sorted.partition_point(|(h, _)| *h < half);
        self.find_from(from, half, text)
    }

    fn find_from(&self, at: usize, half: u32, text: &str) -> Option<Sym> {
        find_at(&self.sorted, at, half, |sym| self.text(sym) == text).map(Sym)
    }
}

impl Interner {
    /// Keep a table's own ids apart ([`Interner::intern_id`]), for a band.
    pub(crate) fn keep_ids_apart(&mut self) {
        self.own = Some(OwnIds::default());
    }

    /// Add a table's own id to those kept apart, if they are.
    #[inline]
    pub(super) fn push_own(&mut self, text: &str) -> Option<Sym> {
        self.own.as_mut().map(|own| own.push(text))
    }

    /// Sort the ids kept apart, on the piece's thread.
    pub(super) fn sort_own(&mut self) {
        if let Some(own) = &mut self.own {
            own.sort();
        }
    }

    /// The ids kept apart, for the join to put in a band.
    pub(crate) fn take_own(&mut self) -> Option<OwnIds> {
        self.own.take()
    }

    /// A band for the next table, numbered after every band added.
    pub(crate) fn new_band(&self) -> Band {
        let first = self
            .bands
            .last()
            .map_or(BAND_START, |b| b.first.saturating_add(b.len));
        Band {
            first,
            ..Band::default()
        }
    }

    /// Add a table's band once its last piece is in: `false` (and nothing
    /// added) if two of its ids are one text, or one is a string this
    /// interner (or another band) holds already. The table is then read
    /// again without a band, the ordinary way, for the message or the
    /// symbol that gives.
    pub(crate) fn add_band(&mut self, band: Band) -> bool {
        let mut band = band;
        // Each half of the list sorted on a thread of its own: the thread
        // that joins the pieces would otherwise sort them all alone, while
        // the other has nothing left to read (86 ms at 4M ids).
        let [mut low, high] = std::mem::take(&mut band.runs);
        let high = std::sync::Mutex::new(high);
        let sort_high = || {
            if let Ok(mut high) = high.lock() {
                sort_by_first(&mut high);
            }
        };
        std::thread::scope(|scope| {
            // A thread that cannot be started leaves its half to this one.
            let other = std::thread::Builder::new().spawn_scoped(scope, sort_high);
            sort_by_first(&mut low);
            if other.is_err() {
                sort_high();
            }
        });
        low.extend_from_slice(&high.into_inner().unwrap_or_default());
        band.sorted = low;
        let unique = !repeats(&band.sorted, |a, b| band.text(a) == band.text(b));
        if !unique || self.shares_a_string(&band) {
            return false;
        }
        if u64::from(band.first) + u64::from(band.len) > u64::from(SEEDED) {
            return false;
        }
        self.bands.push(band);
        true
    }

    /// Whether one of `band`'s ids is a string held here already.
    fn shares_a_string(&self, band: &Band) -> bool {
        // The absorbed strings, each other band's and the new band's, all
        // in order of half: one walk along the band's list for each.
        let main = |sym: u32| text_of(&self.arena, &self.ends, Sym(sym));
        shares_with(band, &self.absorbed, main)
            || self.index.iter().any(|sym| {
                let text = main(sym.0);
                band.find(kept_half(hash_str(text)), text).is_some()
            })
            || self
                .bands
                .iter()
                .filter(|other| band.marks.meet(&other.marks))
                .any(|other| shares_with(band, &other.sorted, |sym| other.text(sym)))
    }

    /// The symbol of `text` (whose hash's kept half is `half`) among the
    /// bands' ids.
    pub(super) fn find_in_bands(&self, half: u32, text: &str) -> Option<Sym> {
        self.bands.iter().find_map(|band| band.find(half, text))
    }

    /// The text of a band's symbol, or of a piece's own id.
    pub(super) fn band_text(&self, sym: u32) -> &str {
        if let Some(band) = self.bands.iter().find(|b| b.contains(sym)) {
            return band.text(sym);
        }
        match &self.own {
            Some(own) if sym & OWN != 0 => own.text(sym & !OWN),
            _ => "",
        }
    }

    /// For each of a piece's strings not found here (`syms[i]` is
    /// `u32::MAX`), in order of half (`order`), its band symbol if a band
    /// holds it; `text` gives the piece's string `i`.
    pub(super) fn absorb_from_bands<'t>(
        &self,
        order: &[(u32, u32)],
        syms: &mut [u32],
        text: impl Fn(u32) -> &'t str,
    ) {
        for band in &self.bands {
            let mut at = 0;
            for &(half, i) in order {
                if syms.get(i as usize) != Some(&u32::MAX) {
                    continue;
                }
                at = gallop(&band.sorted, at, half);
                if band.sorted.get(at).is_some_and(|(h, _)| *h == half) {
                    if let (Some(sym), Some(slot)) =
                        (band.find_from(at, half, text(i)), syms.get_mut(i as usize))
                    {
                        *slot = sym.0;
                    }
                }
            }
        }
    }
}

/// Whether a string of `list` ((half, symbol) pairs sorted by half, `text`
/// giving a symbol's text) is one of `band`'s ids.
fn shares_with<'t>(band: &Band, list: &[(u32, u32)], text: impl Fn(u32) -> &'t str) -> bool {
    any_common(&band.sorted, list, |b, l| band.text(b) == text(l))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    /// A piece that keeps its ids apart, with `ids` as its own ids and
    /// `others` interned.
    fn piece(ids: &[&str], others: &[&str]) -> Interner {
        let mut piece = Interner::default();
        piece.keep_ids_apart();
        for id in ids {
            let sym = piece.intern_id(id);
            assert!(sym.0 & OWN != 0);
            assert_eq!(piece.resolve(sym), *id);
        }
        for other in others {
            piece.intern(other);
        }
        piece.prepare_absorb();
        piece
    }

    /// Join `pieces` into `main` as one table's band, as the loader does.
    fn join(main: &mut Interner, pieces: Vec<Interner>) -> (bool, Vec<u32>) {
        let mut band = main.new_band();
        let mut bases = Vec::new();
        for mut piece in pieces {
            main.absorb(&piece);
            bases.push(band.take(piece.take_own().unwrap()));
        }
        (main.add_band(band), bases)
    }

    #[test]
    fn a_band_numbers_ids_by_piece_and_every_lookup_finds_them() {
        let mut main = Interner::default();
        main.intern("team");
        let (added, bases) = join(
            &mut main,
            vec![
                piece(&["s1", "s2"], &["held"]),
                piece(&["s3"], &["held", "x"]),
            ],
        );
        assert!(added);
        assert_eq!(bases, [BAND_START, BAND_START + 2]);
        for (k, id) in ["s1", "s2", "s3"].iter().enumerate() {
            let sym = Sym(BAND_START + k as u32);
            assert_eq!(main.resolve(sym), *id);
            assert_eq!(main.get(id), Some(sym));
            assert_eq!(main.intern(id), sym, "interned again, {id} is the band's");
        }
        // The other strings are numbered as ever, the ids taking no number.
        assert_eq!(main.len(), 3);
        assert_eq!(main.get("x"), Some(Sym(2)));
        // A later piece's reference to an id gets the band's symbol.
        let mut later = Interner::default();
        let (s2, new) = (later.intern("s2"), later.intern("new"));
        let renumbering = main.absorb(&later);
        assert_eq!(renumbering.syms[s2.0 as usize], BAND_START + 1);
        assert_eq!(main.resolve(Sym(renumbering.syms[new.0 as usize])), "new");
        assert_eq!(main.len(), 4);
        // A second band follows the first.
        let (added, bases) = join(&mut main, vec![piece(&["c1"], &[])]);
        assert!(added);
        assert_eq!(bases, [BAND_START + 3]);
        assert_eq!(main.get("c1"), Some(Sym(BAND_START + 3)));
    }

    #[test]
    fn a_band_with_an_id_twice_or_an_id_held_elsewhere_is_not_added() {
        // Twice, in one piece and in two.
        let mut main = Interner::default();
        assert!(!join(&mut main, vec![piece(&["a", "b", "a"], &[])]).0);
        let mut main = Interner::default();
        assert!(!join(&mut main, vec![piece(&["a"], &[]), piece(&["b", "a"], &[])]).0);
        // Interned before, directly or absorbed, or read in the same piece
        // as another column's text.
        let mut main = Interner::default();
        main.intern("b");
        assert!(!join(&mut main, vec![piece(&["a", "b"], &[])]).0);
        let mut main = Interner::default();
        main.absorb(&piece(&[], &["b"]));
        assert!(!join(&mut main, vec![piece(&["a", "b"], &[])]).0);
        let mut main = Interner::default();
        assert!(!join(&mut main, vec![piece(&["a"], &[]), piece(&["b"], &["a"])]).0);
        // Another band's id.
        let mut main = Interner::default();
        assert!(join(&mut main, vec![piece(&["a", "b"], &[])]).0);
        assert!(!join(&mut main, vec![piece(&["c", "b"], &[])]).0);
        // Nothing of a band not added is kept: the next band starts where
        // the refused one did, and its ids are not found.
        assert_eq!(main.new_band().first, BAND_START + 2);
        assert_eq!(main.get("c"), None);
    }

    #[test]
    fn bands_whose_marks_do_not_meet_share_no_id_and_others_are_walked() {
        let marks = |texts: &[&str]| {
            let mut m = Marks::default();
            for t in texts {
                m.add(t);
            }
            m
        };
        // Other first letters, other lengths: apart.
        assert!(!marks(&["X1", "X22"]).meet(&marks(&["D1", "D22"])));
        assert!(!marks(&["X1", "X22"]).meet(&marks(&["X333"])));
        // A first letter and a length in common, even from two texts.
        assert!(marks(&["X1", "D22"]).meet(&marks(&["X22"])));
        assert!(marks(&["X1", "D22"]).meet(&marks(&["D1"])));
        // Long texts share the last length bit; an empty one has byte 0.
        let long = "L".repeat(70);
        assert!(marks(&[&long]).meet(&marks(&[&"L".repeat(64)])));
        assert!(marks(&[""]).meet(&marks(&[""])));
        // Added bands: apart ones both kept, and an id of one in another
        // still refused when the marks meet only through other ids.
        let mut main = Interner::default();
        assert!(join(&mut main, vec![piece(&["X1", "X2"], &[])]).0);
        assert!(join(&mut main, vec![piece(&["D1", "D2"], &[])]).0);
        assert!(!join(&mut main, vec![piece(&["Q1"], &[]), piece(&["D2"], &[])]).0);
        assert_eq!(main.get("D2"), Some(Sym(BAND_START + 3)));
    }

    #[test]
    fn ids_whose_halves_collide_are_told_apart() {
        // Two texts with one kept half (found by trying many).
        let mut seen = std::collections::HashMap::new();
        let mut pair = None;
        for k in 0..3_000_000u32 {
            let text = format!("i{k}");
            if let Some(other) = seen.insert(kept_half(hash_str(&text)), text.clone()) {
                pair = Some((other, text));
                break;
            }
        }
        let (a, b) = pair.expect("a collision");
        let mut main = Interner::default();
        assert!(
            join(
                &mut main,
                vec![piece(&[a.as_str()], &[]), piece(&[b.as_str()], &[])]
            )
            .0
        );
        assert_eq!(main.get(&a), Some(Sym(BAND_START)));
        assert_eq!(main.get(&b), Some(Sym(BAND_START + 1)));
        let mut main = Interner::default();
        main.intern(&a);
        assert!(join(&mut main, vec![piece(&[b.as_str()], &[])]).0);
        assert_eq!(main.get(&b), Some(Sym(BAND_START)));
    }
}
