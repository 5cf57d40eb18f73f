//! The strings and sets every table of one load shares, each stored once
//! and named by a number ([`Sym`], [`SetId`]).
//!
//! A large load is read in pieces on several threads, each piece with an
//! interner of its own, which the main one absorbs in file order
//! ([`Interner::absorb`]), numbering every string as one thread reading the
//! pieces in turn would have.

use std::collections::HashMap;

use super::column::Offsets;
use super::time::Clock;
use super::value::{format_minutes, format_number, FxBuild, SetId, Sym, Value};

/// The numbers an absorbed interner's symbols and sets have in the one
/// that absorbed them ([`Interner::absorb`]), by their old number.
#[derive(Debug, Clone, Default)]
pub struct Renumbering {
    pub syms: Vec<u32>,
    pub sets: Vec<u32>,
}

/// Strings and sets shared by every table of one load.
///
/// The strings sit end to end in one arena (no allocation per string), and
/// the index holds only each string's symbol: four bytes a string, so that
/// the index of a large load (millions of ids) stays within the last-level
/// cache as long as it can, and a probe compares text only when the index's
/// seven-bit tag of the hash matches (once in a hundred or so for a string
/// that is not there).
#[derive(Debug, Clone)]
pub struct Interner {
    /// Every distinct string, end to end.
    arena: String,
    /// Where each string ends in the arena; string `i` starts where `i - 1`
    /// ends. Four bytes a string below 4 GiB of text.
    ends: Offsets,
    /// The symbol of every string, placed by (half of) its hash.
    index: hashbrown::HashTable<Sym>,
    sets: Vec<Box<[Sym]>>,
    set_index: HashMap<Box<[Sym]>, SetId, FxBuild>,
    /// Whether a table's own ids are added without a look in the index
    /// ([`Interner::intern_id`]): for the interner of a piece of a load,
    /// whose every id is new but for a duplicate, which the join finds.
    defer_ids: bool,
    /// The strings added that way, which the index does not hold.
    unindexed: Vec<u32>,
    /// The order in which the main interner is to absorb this piece's
    /// strings, worked out on the piece's thread.
    prepared: Option<AbsorbOrder>,
}

/// A piece's strings (place, half of the hash, symbol) sorted by where
/// they fall in an index of `mask + 1` buckets, and for each string the
/// piece holds twice, its first symbol (`u32::MAX` for the others; empty
/// when the piece holds none twice).
#[derive(Debug, Clone, Default)]
struct AbsorbOrder {
    mask: u64,
    order: Vec<(u64, u32, u32)>,
    first: Vec<u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            arena: String::new(),
            ends: Offsets::default(),
            index: hashbrown::HashTable::new(),
            sets: Vec::new(),
            set_index: HashMap::default(),
            defer_ids: false,
            unindexed: Vec::new(),
            prepared: None,
        }
    }
}

/// The half of a string's hash the index keeps.
#[inline]
fn kept_half(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// The hash the index's table places an entry by, from the half it keeps:
/// the multiplication spreads it over the top bits (the table's tags) as
/// well as the low ones (its buckets).
#[inline]
fn place(half: u32) -> u64 {
    u64::from(half).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl Interner {
    pub fn intern(&mut self, text: &str) -> Sym {
        self.intern_new(text).0
    }

    /// Intern a string; `true` when it was not interned before.
    pub fn intern_new(&mut self, text: &str) -> (Sym, bool) {
        let half = kept_half(hash_str(text));
        let (arena, ends) = (&self.arena, &self.ends);
        let entry = self.index.entry(
            place(half),
            |sym| text_of(arena, ends, *sym) == text,
            |sym| placed(arena, ends, *sym),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(found) => (*found.get(), false),
            hashbrown::hash_table::Entry::Vacant(slot) => {
                let sym = Sym(u32::try_from(self.ends.len()).unwrap_or(u32::MAX));
                slot.insert(sym);
                self.arena.push_str(text);
                self.ends
                    .push(u64::try_from(self.arena.len()).unwrap_or(u64::MAX));
                (sym, true)
            }
        }
    }

    /// Intern a table's own id, or a reference of a column whose texts
    /// seldom repeat. For a piece's interner that defers them, the text is
    /// added at the end without a look in the index: a table's ids are new
    /// strings but for a duplicate (an error), so the look is a cache miss
    /// that finds nothing. The same text interned again gets another
    /// symbol here; [`Interner::absorb`] gives both the one symbol, and a
    /// duplicate id shows as two rows with one id once the table is
    /// renumbered.
    #[inline]
    pub fn intern_id(&mut self, text: &str) -> Sym {
        if !self.defer_ids {
            return self.intern(text);
        }
        let sym = self.push_text(text);
        self.unindexed.push(sym.0);
        sym
    }

    /// Add `text` at the end of the arena, as the next symbol; the index
    /// is the caller's to update.
    fn push_text(&mut self, text: &str) -> Sym {
        let sym = Sym(u32::try_from(self.ends.len()).unwrap_or(u32::MAX));
        self.arena.push_str(text);
        self.ends
            .push(u64::try_from(self.arena.len()).unwrap_or(u64::MAX));
        sym
    }

    /// Add a table's own ids without a look in the index
    /// ([`Interner::intern_id`]).
    pub(crate) fn defer_ids(&mut self) {
        self.defer_ids = true;
    }

    /// Make room for about `additional` more strings.
    pub fn reserve(&mut self, additional: usize) {
        self.ends.reserve(additional);
        self.arena.reserve(additional.saturating_mul(8));
        let (arena, ends) = (&self.arena, &self.ends);
        self.index
            .reserve(additional, |sym| placed(arena, ends, *sym));
    }

    /// The symbol for `text` if it was ever interned.
    pub fn get(&self, text: &str) -> Option<Sym> {
        let half = kept_half(hash_str(text));
        self.index
            .find(place(half), |sym| {
                text_of(&self.arena, &self.ends, *sym) == text
            })
            .copied()
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        text_of(&self.arena, &self.ends, sym)
    }

    /// How many strings are interned.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Intern a set; its members are sorted and deduplicated first.
    pub fn intern_set(&mut self, mut members: Vec<Sym>) -> SetId {
        members.sort_unstable();
        members.dedup();
        let members: Box<[Sym]> = members.into_boxed_slice();
        if let Some(id) = self.set_index.get(&members) {
            return *id;
        }
        let id = SetId(u32::try_from(self.sets.len()).unwrap_or(u32::MAX));
        self.sets.push(members.clone());
        self.set_index.insert(members, id);
        id
    }

    /// Intern every string and set of `other`, in the order `other` first
    /// saw them: each gets the number it would have had here had it been
    /// interned here in that order.
    ///
    /// A piece of a large export brings tens of thousands of new strings to
    /// an index of millions, which does not fit in a cache: looked up in
    /// the order they come, each would cost a miss or two to main memory.
    /// They are looked up, and the new ones added, in the order of where
    /// they fall in the index instead, so the index is swept once from end
    /// to end; only the numbering follows `other`'s order.
    pub fn absorb(&mut self, other: &Interner) -> Renumbering {
        let count = other.ends.len();
        // Room first: the index must not grow (and move every entry) while
        // it is swept.
        let (arena, ends) = (&self.arena, &self.ends);
        self.index.reserve(count, |sym| placed(arena, ends, *sym));
        let mask = self.bucket_mask();
        let fresh;
        let prepared = match &other.prepared {
            Some(prepared) if prepared.mask == mask && prepared.order.len() == count => prepared,
            _ => {
                fresh = other.absorb_order(mask);
                &fresh
            }
        };
        let (order, first) = (&prepared.order, &prepared.first);
        let text = |i: u32| text_of(&other.arena, &other.ends, Sym(i));
        let repeat = |i: u32| first.get(i as usize).copied().filter(|j| *j != u32::MAX);
        // Which are here already.
        let mut syms = vec![u32::MAX; count];
        for &(_, half, i) in order {
            if repeat(i).is_some() {
                continue;
            }
            let (arena, ends) = (&self.arena, &self.ends);
            if let Some(sym) = self
                .index
                .find(place(half), |sym| text_of(arena, ends, *sym) == text(i))
            {
                if let Some(slot) = syms.get_mut(i as usize) {
                    *slot = sym.0;
                }
            }
        }
        // The new ones numbered in `other`'s order, then indexed in the
        // index's.
        let first_new = self.ends.len();
        for i in 0..count {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            let sym = match repeat(i) {
                // Numbered already: the first comes first.
                Some(j) => syms.get(j as usize).copied().unwrap_or(u32::MAX),
                None if syms.get(i as usize) == Some(&u32::MAX) => self.push_text(text(i)).0,
                None => continue,
            };
            if let Some(slot) = syms.get_mut(i as usize) {
                *slot = sym;
            }
        }
        for &(_, half, i) in order {
            let sym = syms.get(i as usize).copied().unwrap_or(u32::MAX);
            if (sym as usize) >= first_new && sym != u32::MAX && repeat(i).is_none() {
                let (arena, ends) = (&self.arena, &self.ends);
                self.index
                    .insert_unique(place(half), Sym(sym), |s| placed(arena, ends, *s));
            }
        }
        let sets = self.absorb_sets(other, &syms);
        Renumbering { syms, sets }
    }

    /// How many buckets less one the index has: the low bits of a placing
    /// hash that say where an entry falls (a power of two above 8/7 of its
    /// capacity).
    pub(crate) fn bucket_mask(&self) -> u64 {
        let buckets = (self.index.capacity().saturating_mul(8) / 7)
            .max(1)
            .next_power_of_two();
        u64::try_from(buckets).unwrap_or(u64::MAX) - 1
    }

    /// Work out, on this piece's own thread, the order in which an
    /// interner whose index has `mask + 1` buckets absorbs this one
    /// ([`Interner::absorb`]): the joining thread, which every piece waits
    /// for, then only looks the strings up and adds them.
    pub(crate) fn prepare_absorb(&mut self, mask: u64) {
        self.prepared = Some(self.absorb_order(mask));
    }

    /// This interner's strings by where they fall in an index of `mask + 1`
    /// buckets, and which of them it holds twice.
    fn absorb_order(&self, mask: u64) -> AbsorbOrder {
        let count = self.ends.len();
        let halves: Vec<u32> = (0..count)
            .map(|i| {
                let sym = Sym(u32::try_from(i).unwrap_or(u32::MAX));
                kept_half(hash_str(text_of(&self.arena, &self.ends, sym)))
            })
            .collect();
        // Sorted by place, then half: strings held twice (a text added
        // without a look) are next to each other, the first first.
        let mut order: Vec<(u64, u32, u32)> = halves
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let at = place(*h) & mask;
                (at, *h, u32::try_from(i).unwrap_or(u32::MAX))
            })
            .collect();
        sort_by_place(&mut order, mask);
        let text = |i: u32| text_of(&self.arena, &self.ends, Sym(i));
        // For each string held twice, its first symbol.
        let mut first = if self.unindexed.is_empty() {
            Vec::new()
        } else {
            vec![u32::MAX; count]
        };
        let mut group = 0;
        for k in 0..if first.is_empty() { 0 } else { order.len() } {
            let Some(&(at, half, i)) = order.get(k) else {
                break;
            };
            let same_place = |o: &(u64, u32, u32)| o.0 == at && o.1 == half;
            if k == 0 || !order.get(k - 1).is_some_and(same_place) {
                group = k;
                continue;
            }
            let earlier =
                order.get(group..k).unwrap_or(&[]).iter().find(|(_, _, j)| {
                    first.get(*j as usize) == Some(&u32::MAX) && text(*j) == text(i)
                });
            if let (Some(&(_, _, j)), Some(slot)) = (earlier, first.get_mut(i as usize)) {
                *slot = j;
            }
        }
        AbsorbOrder { mask, order, first }
    }

    /// Intern every set of `other`, whose symbols are numbered here as
    /// `syms` says: the numbers the sets get here.
    fn absorb_sets(&mut self, other: &Interner, syms: &[u32]) -> Vec<u32> {
        other
            .sets
            .iter()
            .map(|members| {
                let members = members
                    .iter()
                    .map(|s| Sym(syms.get(s.0 as usize).copied().unwrap_or(s.0)))
                    .collect();
                self.intern_set(members).0
            })
            .collect()
    }

    pub fn set(&self, id: SetId) -> &[Sym] {
        self.sets.get(id.0 as usize).map_or(&[], |s| s)
    }

    /// How a value reads in a report.
    pub fn display(&self, value: Value, clock: &mut Clock) -> String {
        match value {
            Value::Null => "(empty)".into(),
            Value::Str(s) => self.resolve(s).to_string(),
            Value::Num(n) => format_number(n),
            Value::Bool(b) => if b { "yes" } else { "no" }.into(),
            Value::Date(d) => d.to_string(),
            Value::Instant(i) => clock.local(i).format("%Y-%m-%d %H:%M").to_string(),
            Value::Minutes(m) => format_minutes(m),
            Value::Set(id) => {
                let members: Vec<&str> = self.set(id).iter().map(|s| self.resolve(*s)).collect();
                if members.is_empty() {
                    "(none)".into()
                } else {
                    members.join(", ")
                }
            }
        }
    }
}

/// Sort `order` (place, half, symbol) as `sort_unstable` would, the
/// places being below `mask + 1`: a stable radix sort on the place, eleven
/// bits a pass, then runs of one place sorted by half and symbol. A
/// comparison sort of a piece's hundred thousand strings took a tenth of a
/// large load's time, on the thread every piece waits for.
fn sort_by_place(order: &mut Vec<(u64, u32, u32)>, mask: u64) {
    const BITS: u32 = 11;
    let width = u64::BITS - mask.leading_zeros();
    let mut spare = vec![(0, 0, 0); order.len()];
    let mut shift = 0;
    while shift < width {
        let digit = |e: &(u64, u32, u32)| ((e.0 >> shift) & ((1 << BITS) - 1)) as usize;
        let mut starts = [0usize; 1 << BITS];
        for e in order.iter() {
            if let Some(n) = starts.get_mut(digit(e)) {
                *n += 1;
            }
        }
        let mut sum = 0;
        for n in &mut starts {
            let here = *n;
            *n = sum;
            sum += here;
        }
        for e in order.iter() {
            if let Some(n) = starts.get_mut(digit(e)) {
                if let Some(slot) = spare.get_mut(*n) {
                    *slot = *e;
                }
                *n += 1;
            }
        }
        std::mem::swap(order, &mut spare);
        shift += BITS;
    }
    // The radix passes kept each place's entries in symbol order; entries
    // of one place (a few at most) are put in order of half too.
    for run in order.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            run.sort_unstable();
        }
    }
}

/// Where the index places symbol `sym`, from its text: the index keeps
/// no hash, so growing it reads every string again (which a load avoids by
/// making room for all of them at its start).
fn placed(arena: &str, ends: &Offsets, sym: Sym) -> u64 {
    place(kept_half(hash_str(text_of(arena, ends, sym))))
}

/// The text of symbol `sym` in an arena.
fn text_of<'a>(arena: &'a str, ends: &Offsets, sym: Sym) -> &'a str {
    let i = sym.0 as usize;
    let at = |i: usize| {
        ends.get(i)
            .and_then(|e| usize::try_from(e).ok())
            .unwrap_or(0)
    };
    let end = at(i);
    let start = i.checked_sub(1).map_or(0, at);
    arena.get(start..end).unwrap_or("")
}

fn hash_str(text: &str) -> u64 {
    use std::hash::BuildHasher;
    FxBuild::default().hash_one(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absorbing_numbers_strings_and_sets_as_interning_them_in_turn_does() {
        // Enough strings that the index grows and its buckets are many.
        let words: Vec<String> = (0..5_000).map(|i| format!("w{}", i * 7 % 3_001)).collect();
        let mut main = Interner::default();
        for word in words.iter().take(1_000) {
            main.intern(word);
        }
        main.intern_set(vec![Sym(3), Sym(1)]);
        let mut direct = main.clone();
        let mut other = Interner::default();
        let mut local_sets = Vec::new();
        for (i, word) in words.iter().enumerate().skip(500) {
            let (a, b) = (direct.intern(word), other.intern(word));
            if i % 97 == 0 {
                let previous = Sym(b.0.saturating_sub(1));
                let p = direct.get(other.resolve(previous)).unwrap();
                let d = direct.intern_set(vec![a, p]);
                local_sets.push((d, other.intern_set(vec![b, previous])));
            }
        }
        let renumbering = main.absorb(&other);
        assert_eq!(main.len(), direct.len());
        for i in 0..direct.len() {
            let sym = Sym(u32::try_from(i).unwrap());
            assert_eq!(main.resolve(sym), direct.resolve(sym), "string {i}");
            assert_eq!(
                main.get(direct.resolve(sym)),
                Some(sym),
                "string {i} is found"
            );
        }
        for i in 0..other.len() {
            let sym = Sym(u32::try_from(i).unwrap());
            let new = Sym(renumbering.syms[i]);
            assert_eq!(main.resolve(new), other.resolve(sym));
        }
        for (d, local) in local_sets {
            assert_eq!(renumbering.sets[local.0 as usize], d.0);
            assert_eq!(main.set(d), direct.set(d));
        }
    }

    #[test]
    fn ids_added_without_a_look_are_numbered_as_interning_them_does() {
        // Ids, references to them and repeated ids, in and across pieces.
        let texts: Vec<(bool, String)> = (0..3_000)
            .map(|i| (i % 3 != 0, format!("x{}", (i * 7) % 2_000)))
            .collect();
        let mut direct = Interner::default();
        direct.intern("x5");
        let mut main = direct.clone();
        for piece in texts.chunks(700) {
            let mut other = Interner::default();
            other.defer_ids();
            let mut local = Vec::new();
            for (id, text) in piece {
                direct.intern(text);
                local.push(if *id {
                    other.intern_id(text)
                } else {
                    other.intern(text)
                });
            }
            let renumbering = main.absorb(&other);
            for ((_, text), sym) in piece.iter().zip(local) {
                let joined = Sym(renumbering.syms[sym.0 as usize]);
                assert_eq!(main.resolve(joined), text.as_str());
                assert_eq!(Some(joined), direct.get(text), "{text}");
            }
        }
        assert_eq!(main.len(), direct.len());
        for i in 0..direct.len() {
            let sym = Sym(u32::try_from(i).unwrap());
            assert_eq!(main.resolve(sym), direct.resolve(sym));
            assert_eq!(main.get(direct.resolve(sym)), Some(sym));
        }
    }

    #[test]
    fn the_radix_sort_orders_as_a_comparison_sort_does() {
        // Masks of one to three passes, and none; places that collide.
        for mask in [0u64, 1, (1 << 11) - 1, (1 << 20) - 1, (1 << 30) - 1] {
            let mut order: Vec<(u64, u32, u32)> = (0..5_000u32)
                .map(|i| {
                    let h = i.wrapping_mul(2_654_435_761) % 977;
                    (place(h) & mask, h, i)
                })
                .collect();
            let mut expected = order.clone();
            expected.sort_unstable();
            sort_by_place(&mut order, mask);
            assert_eq!(order, expected, "mask {mask:#x}");
        }
    }

    #[test]
    fn a_piece_prepared_for_another_mask_is_absorbed_all_the_same() {
        let mut direct = Interner::default();
        let mut main = Interner::default();
        // Room for all: the mask the pieces are prepared for stays right.
        main.reserve(3_000);
        for (n, mask) in [(300, Some(0)), (2_000, None), (700, Some(u64::MAX >> 4))] {
            let mut other = Interner::default();
            other.defer_ids();
            for k in 0..n {
                let text = format!("p{}", (k * 13) % 1_500);
                direct.intern(&text);
                if k % 2 == 0 {
                    other.intern_id(&text);
                } else {
                    other.intern(&text);
                }
            }
            // The mask the main interner has now, or a wrong one.
            let before = main.bucket_mask();
            other.prepare_absorb(mask.unwrap_or(before));
            main.absorb(&other);
            assert_eq!(main.bucket_mask(), before);
        }
        assert_eq!(main.len(), direct.len());
        for i in 0..direct.len() {
            let sym = Sym(u32::try_from(i).unwrap());
            assert_eq!(main.resolve(sym), direct.resolve(sym));
            assert_eq!(main.get(direct.resolve(sym)), Some(sym));
        }
    }

    #[test]
    fn interned_sets_are_shared() {
        let mut i = Interner::default();
        let (a, b) = (i.intern("a"), i.intern("b"));
        assert_eq!(i.intern_set(vec![b, a, a]), i.intern_set(vec![a, b]));
        let set = i.intern_set(vec![b, a]);
        assert_eq!(i.set(set), &[a, b]);
    }
}
