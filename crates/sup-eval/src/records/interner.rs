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

mod bands;
mod sorted;
pub(crate) use bands::{in_band, Band, OwnIds, OWN};
use sorted::{find_at, gallop, merge_placed, sort_by_first};

/// The numbers an absorbed interner's symbols and sets have in the one
/// that absorbed them ([`Interner::absorb`]), by their old number.
#[derive(Debug, Clone, Default)]
pub struct Renumbering {
    pub syms: Vec<u32>,
    pub sets: Vec<u32>,
    /// The band symbol of the piece's first own id ([`OWN`]), when it kept
    /// its ids apart.
    pub own: Option<u32>,
}

/// Strings and sets shared by every table of one load.
///
/// The strings sit end to end in one arena (no allocation per string).
/// Those interned here directly have a hash table of symbols, four bytes a
/// string, whose probe compares text only when its seven-bit tag of the
/// hash matches; those absorbed from the pieces of a load (millions of
/// ids) are a list of (half of the hash, symbol) in order, eight bytes a
/// string with no spare room, looked up by binary search.
#[derive(Debug, Clone)]
pub struct Interner {
    /// Every distinct string, end to end.
    arena: String,
    /// Where each string ends in the arena; string `i` starts where `i - 1`
    /// ends. Four bytes a string below 4 GiB of text.
    ends: Offsets,
    /// The symbol of every string interned here directly, placed by (half
    /// of) its hash.
    index: hashbrown::HashTable<Sym>,
    /// (half of the hash, symbol) of every string absorbed from a piece
    /// ([`Interner::absorb`]), in order: a piece's strings, sorted the
    /// same way, are merged in by one pass from end to end.
    absorbed: Vec<(u32, u32)>,
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
    /// A piece's own ids, kept apart for a band (`bands.rs`).
    own: Option<OwnIds>,
    /// The bands of large tables' ids, in order of their symbols.
    bands: Vec<Band>,
}

/// A piece's strings (half of the hash, symbol) sorted, but for those it
/// holds twice (a text added without a look again), which are listed apart
/// as (symbol, first symbol of the text), in order of symbol: the walk
/// along the sorted strings then reads nothing by symbol, which would be a
/// read from anywhere in an array of the piece's size at every string.
#[derive(Debug, Clone, Default)]
struct AbsorbOrder {
    order: Vec<(u32, u32)>,
    repeats: Vec<(u32, u32)>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            arena: String::new(),
            ends: Offsets::default(),
            index: hashbrown::HashTable::new(),
            absorbed: Vec::new(),
            sets: Vec::new(),
            set_index: HashMap::default(),
            defer_ids: false,
            unindexed: Vec::new(),
            prepared: None,
            own: None,
            bands: Vec::new(),
        }
    }
}

/// The half of a string's hash the index keeps: the hash's two halves
/// mixed, since the high half alone of the hash of short texts that differ
/// in a few digits (a table's ids) repeats dozens of times as often as
/// chance would have it, and every repeat costs a comparison of texts.
#[inline]
fn kept_half(hash: u64) -> u32 {
    ((hash ^ (hash >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as u32
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
        if let Some(sym) = self.find_absorbed(half, text) {
            return (sym, false);
        }
        if let Some(sym) = self.find_in_bands(half, text) {
            return (sym, false);
        }
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

    /// Intern a table's own id. For a piece's interner that defers them,
    /// the id is added at the end without a look in the index: a table's ids
    /// are new strings but for a duplicate (an error), so the look finds
    /// nothing. The same text interned again gets another
    /// symbol here; [`Interner::absorb`] gives both the one symbol, and a
    /// duplicate id shows as two rows with one id once the table is
    /// renumbered.
    #[inline]
    pub fn intern_id(&mut self, text: &str) -> Sym {
        if let Some(sym) = self.push_own(text) {
            return sym;
        }
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

    /// Make room for the text of about `additional` more strings.
    pub fn reserve(&mut self, additional: usize) {
        self.ends.reserve(additional);
        self.arena.reserve(additional.saturating_mul(8));
    }

    /// Make room in the index for about `additional` more strings interned
    /// directly: growing it reads every string it holds again
    /// ([`placed`]), from all over the arena.
    pub(crate) fn reserve_index(&mut self, additional: usize) {
        let (arena, ends) = (&self.arena, &self.ends);
        self.index
            .reserve(additional, |sym| placed(arena, ends, *sym));
    }

    /// Make room for about `additional` more strings absorbed from pieces
    /// ([`Interner::absorb`]): their text, and their place in the list of
    /// absorbed strings, which then never moves to grow.
    pub fn reserve_absorbed(&mut self, additional: usize) {
        self.reserve(additional);
        self.absorbed.reserve(additional);
    }

    /// The symbol for `text` if it was ever interned.
    pub fn get(&self, text: &str) -> Option<Sym> {
        let half = kept_half(hash_str(text));
        self.index
            .find(place(half), |sym| {
                text_of(&self.arena, &self.ends, *sym) == text
            })
            .copied()
            .or_else(|| self.find_absorbed(half, text))
            .or_else(|| self.find_in_bands(half, text))
    }

    /// The symbol of `text` (whose hash's kept half is `half`) among the
    /// strings absorbed from pieces.
    fn find_absorbed(&self, half: u32, text: &str) -> Option<Sym> {
        if self.absorbed.is_empty() {
            return None;
        }
        let from = self.absorbed.partition_point(|(h, _)| *h < half);
        self.find_absorbed_at(from, half, text)
    }

    /// The symbol of `text` among the absorbed strings from position `at`
    /// on that have its hash's kept half, `half`.
    fn find_absorbed_at(&self, at: usize, half: u32, text: &str) -> Option<Sym> {
        find_at(&self.absorbed, at, half, |sym| {
            text_of(&self.arena, &self.ends, Sym(sym)) == text
        })
        .map(Sym)
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        if sym.0 >= OWN {
            return self.band_text(sym.0);
        }
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
    /// millions, which do not fit in a cache: looked up in a hash table in
    /// the order they come, each would cost a miss or two to main memory,
    /// and even looked up in the table's order (a sweep) every line of it is
    /// read and written again for each piece. The strings absorbed are kept
    /// in a list sorted by hash instead, and a piece's, sorted the same way
    /// on its own thread, are found and added by one pass along it, which
    /// the processor streams; only the numbering follows `other`'s order.
    pub fn absorb(&mut self, other: &Interner) -> Renumbering {
        let count = other.ends.len();
        let fresh;
        let prepared = match &other.prepared {
            Some(prepared) if prepared.order.len() + prepared.repeats.len() == count => prepared,
            _ => {
                fresh = other.absorb_order();
                &fresh
            }
        };
        let (order, repeats) = (&prepared.order, &prepared.repeats);
        let text = |i: u32| text_of(&other.arena, &other.ends, Sym(i));
        // Which are here already: both lists are in order of half, so one
        // walk along the absorbed strings finds those whose half is there.
        // Their texts are compared after the walk, in a loop of its own:
        // each comparison reads two strings far apart in memory, and with
        // no walk between them the processor waits for several at once.
        let mut syms = vec![u32::MAX; count];
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        // Which of them share their half with more than one string here,
        // a bit each: rare, but those are looked for among them all.
        let mut shared = vec![0u64; count.div_ceil(64)];
        let mut elsewhere: Vec<(u32, u32)> = Vec::new();
        // Where each string of `order` goes in the list if it is new: after
        // every entry of its half or below, since a new symbol is above all
        // the list holds. Known from the walk, the merge below need not
        // look for it again.
        let mut places = vec![0u32; order.len()];
        let mut at = 0;
        for (&(half, i), place) in order.iter().zip(&mut places) {
            at = gallop(&self.absorbed, at, half);
            let mut after = at;
            match self.absorbed.get(at) {
                Some(&(h, sym)) if h == half => {
                    candidates.push((sym, i));
                    after += 1;
                    if self.absorbed.get(at + 1).is_some_and(|(h, _)| *h == half) {
                        if let Some(bits) = shared.get_mut(i as usize / 64) {
                            *bits |= 1 << (i % 64);
                        }
                        after = gallop(&self.absorbed, after, half.saturating_add(1));
                        if half == u32::MAX {
                            after = self.absorbed.len();
                        }
                    }
                }
                _ if !self.index.is_empty() => elsewhere.push((half, i)),
                _ => {}
            }
            *place = u32::try_from(after).unwrap_or(u32::MAX);
        }
        // In order of the symbol they may be: its text is then read from
        // further along the arena each time, and the piece's too when its
        // strings are references in the order of what they reference.
        sort_by_first(&mut candidates);
        for (sym, i) in candidates {
            let text = text(i);
            let here = if text_of(&self.arena, &self.ends, Sym(sym)) == text {
                Some(Sym(sym))
            } else {
                // Not that string: another with the same half, if any.
                let more = shared
                    .get(i as usize / 64)
                    .is_some_and(|bits| bits & (1 << (i % 64)) != 0);
                let half = kept_half(hash_str(text));
                let found = more.then(|| self.find_absorbed(half, text)).flatten();
                if found.is_none() && !self.index.is_empty() {
                    elsewhere.push((half, i));
                }
                found
            };
            if let (Some(sym), Some(slot)) = (here, syms.get_mut(i as usize)) {
                *slot = sym.0;
            }
        }
        // Strings interned here directly are in the index, not the list.
        for (half, i) in elsewhere {
            let here = self
                .index
                .find(place(half), |sym| {
                    text_of(&self.arena, &self.ends, *sym) == text(i)
                })
                .copied();
            if let (Some(sym), Some(slot)) = (here, syms.get_mut(i as usize)) {
                *slot = sym.0;
            }
        }
        // Those a band holds.
        if !self.bands.is_empty() {
            self.absorb_from_bands(order, &mut syms, text);
        }
        // The new ones numbered in `other`'s order.
        let first_new = self.ends.len();
        let mut repeats = repeats.iter().peekable();
        for i in 0..count {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            let sym = match repeats.next_if(|(r, _)| *r == i) {
                // Numbered already: the first comes first.
                Some(&(_, j)) => syms.get(j as usize).copied().unwrap_or(u32::MAX),
                None if syms.get(i as usize) == Some(&u32::MAX) => self.push_text(text(i)).0,
                None => continue,
            };
            if let Some(slot) = syms.get_mut(i as usize) {
                *slot = sym;
            }
        }
        // Then merged into the absorbed list, from its end back.
        let new: Vec<((u32, u32), u32)> = order
            .iter()
            .zip(&places)
            .filter_map(|(&(half, i), &place)| {
                let sym = syms.get(i as usize).copied()?;
                ((sym as usize) >= first_new && sym != u32::MAX && !in_band(sym))
                    .then_some(((half, sym), place))
            })
            .collect();
        merge_placed(&mut self.absorbed, &new);
        let sets = self.absorb_sets(other, &syms);
        Renumbering {
            syms,
            sets,
            own: None,
        }
    }

    /// Work out, on this piece's own thread, the order in which an
    /// interner absorbs this one ([`Interner::absorb`]): the joining
    /// thread, which every piece waits for, then only looks the strings up
    /// and adds them.
    pub(crate) fn prepare_absorb(&mut self) {
        self.sort_own();
        self.prepared = Some(self.absorb_order());
    }

    /// This interner's strings by half of their hash, then number, and
    /// which of them it holds twice.
    fn absorb_order(&self) -> AbsorbOrder {
        let count = self.ends.len();
        let mut order: Vec<(u32, u32)> = (0..count)
            .map(|i| {
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                let half = kept_half(hash_str(text_of(&self.arena, &self.ends, Sym(i))));
                (half, i)
            })
            .collect();
        sort_by_first(&mut order);
        let mut repeats = Vec::new();
        // Only a text added without a look can be held twice.
        if self.unindexed.is_empty() {
            return AbsorbOrder { order, repeats };
        }
        let text = |i: u32| text_of(&self.arena, &self.ends, Sym(i));
        // A run of one half is one text repeated (a reference added again
        // and again) far more often than texts that share a half: each is
        // compared with the run's distinct texts so far, and only those
        // kept in the order.
        let mut kept = Vec::with_capacity(order.len());
        for run in order.chunk_by(|a, b| a.0 == b.0) {
            let distinct_from = kept.len();
            for &(half, i) in run {
                let seen = kept
                    .get(distinct_from..)
                    .unwrap_or(&[])
                    .iter()
                    .find(|(_, j)| text(*j) == text(i));
                match seen {
                    Some(&(_, j)) => repeats.push((i, j)),
                    None => kept.push((half, i)),
                }
            }
        }
        repeats.sort_unstable();
        AbsorbOrder {
            order: kept,
            repeats,
        }
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
    fn prepared_or_not_and_interned_directly_or_absorbed_a_string_has_one_symbol() {
        let mut direct = Interner::default();
        let mut main = Interner::default();
        main.reserve_absorbed(3_000);
        for (n, prepare, own) in [(300, true, 40), (2_000, false, 0), (700, true, 25)] {
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
            if prepare {
                other.prepare_absorb();
            }
            main.absorb(&other);
            // Strings interned on the main interner itself (a history
            // table is read there), some absorbed already.
            for k in 0..own {
                let text = format!("p{}", k * 61);
                assert_eq!(main.intern(&text), direct.intern(&text), "{text}");
            }
        }
        assert_eq!(main.len(), direct.len());
        for i in 0..direct.len() {
            let sym = Sym(u32::try_from(i).unwrap());
            assert_eq!(main.resolve(sym), direct.resolve(sym));
            assert_eq!(main.get(direct.resolve(sym)), Some(sym));
        }
        assert_eq!(main.get("nowhere"), None);
    }

    /// Many random loads: pieces of texts drawn from a small pool (so that
    /// they repeat within and across pieces), each text added as an id
    /// without a look or interned, pieces prepared or not, and texts
    /// interned on the main interner between pieces. Absorbing must number
    /// every text as interning them all in turn does.
    #[test]
    fn random_loads_absorb_as_interning_in_turn_does() {
        let mut seed: u64 = 0x5eed;
        let mut next = move |below: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % below.max(1)
        };
        for case in 0..200 {
            let pool = 1 + next(400);
            let mut direct = Interner::default();
            let mut main = Interner::default();
            if case % 3 == 0 {
                main.reserve_absorbed(usize::try_from(next(2_000)).unwrap());
            }
            for _ in 0..next(6) {
                let mut other = Interner::default();
                if next(4) != 0 {
                    other.defer_ids();
                }
                let mut local = Vec::new();
                for _ in 0..next(300) {
                    let text = format!("t{}", next(pool));
                    direct.intern(&text);
                    let sym = if next(2) == 0 {
                        other.intern_id(&text)
                    } else {
                        other.intern(&text)
                    };
                    local.push((text, sym));
                }
                if next(2) == 0 {
                    other.prepare_absorb();
                }
                let renumbering = main.absorb(&other);
                for (text, sym) in local {
                    let joined = Sym(renumbering.syms[sym.0 as usize]);
                    assert_eq!(Some(joined), direct.get(&text), "case {case}: {text}");
                }
                for _ in 0..next(20) {
                    let text = format!("t{}", next(pool + 50));
                    assert_eq!(main.intern(&text), direct.intern(&text), "case {case}");
                }
            }
            assert_eq!(main.len(), direct.len(), "case {case}");
            for i in 0..direct.len() {
                let sym = Sym(u32::try_from(i).unwrap());
                assert_eq!(main.resolve(sym), direct.resolve(sym), "case {case}");
                assert_eq!(main.get(direct.resolve(sym)), Some(sym), "case {case}");
            }
        }
    }

    #[test]
    fn strings_whose_halves_collide_are_told_apart_when_absorbed() {
        // Three strings whose kept halves are the same, found by trying
        // many (a 32-bit half repeats among a few hundred thousand).
        let mut seen: HashMap<u32, Vec<String>> = HashMap::new();
        let mut same = None;
        for k in 0..3_000_000u32 {
            let text = format!("c{k}");
            let texts = seen.entry(kept_half(hash_str(&text))).or_default();
            texts.push(text);
            if texts.len() == 2 {
                same = Some(texts.clone());
                break;
            }
        }
        let [a, b] = <[String; 2]>::try_from(same.expect("a collision")).unwrap();
        let piece = |texts: &[&str]| {
            let mut piece = Interner::default();
            for text in texts {
                piece.intern(text);
            }
            piece
        };
        let mut main = Interner::default();
        main.intern("first");
        // `a` alone in the list with its half: `b` is not it.
        let first = main.absorb(&piece(&[a.as_str(), "x"]));
        let second = main.absorb(&piece(&[b.as_str(), a.as_str()]));
        assert_eq!(second.syms[1], first.syms[0], "{a} found again");
        assert_ne!(second.syms[0], first.syms[0], "{b} is another string");
        // Both in the list now, side by side: each found as itself.
        let third = main.absorb(&piece(&["y", b.as_str(), a.as_str()]));
        assert_eq!(third.syms[1], second.syms[0]);
        assert_eq!(third.syms[2], first.syms[0]);
        assert_eq!(main.get(&a), Some(Sym(first.syms[0])));
        assert_eq!(main.get(&b), Some(Sym(second.syms[0])));
        assert_eq!(main.resolve(Sym(third.syms[1])), b);
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
