//! A map keyed by symbol that is an array over a band of symbols: the ids
//! of one table, which the loader numbers together (`load/chunks.rs`,
//! `join_order`). An index by person reads one slot of a short array for
//! each of millions of sessions, where a hash map of 100,000 people would
//! hash each key and, at that size, miss the cache at most lookups.
//! Symbols outside the band (none, once references are checked) go to a
//! hash map, so the map holds any key.

use std::collections::HashMap;
use std::ops::Range;

use crate::records::{FxBuild, Sym};

#[derive(Debug, Clone)]
pub(crate) struct SymMap<V> {
    /// The first symbol of the band.
    low: u32,
    /// One slot a symbol of the band; `none` for no value.
    dense: Vec<V>,
    none: V,
    rest: HashMap<Sym, V, FxBuild>,
}

impl<V: Copy + PartialEq> SymMap<V> {
    /// An empty map, an array over `band` (a table's ids, from
    /// `TableData::id_band`); `none` marks an empty slot and is never a
    /// value.
    pub(crate) fn new(band: Option<Range<u32>>, none: V) -> Self {
        let band = band.unwrap_or(0..0);
        SymMap {
            low: band.start,
            dense: vec![none; band.len()],
            none,
            rest: HashMap::default(),
        }
    }

    #[inline]
    pub(crate) fn get(&self, key: Sym) -> Option<V> {
        // A symbol below the band wraps to far past its end.
        match self.dense.get(key.0.wrapping_sub(self.low) as usize) {
            Some(v) if *v != self.none => Some(*v),
            Some(_) => None,
            None => self.rest.get(&key).copied(),
        }
    }

    #[inline]
    pub(crate) fn insert(&mut self, key: Sym, value: V) {
        match self.dense.get_mut(key.0.wrapping_sub(self.low) as usize) {
            Some(slot) => *slot = value,
            None => {
                self.rest.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_inside_outside_and_at_the_edges_of_the_band() {
        let mut map = SymMap::new(Some(10..20), u32::MAX);
        for key in [0, 9, 10, 19, 20, u32::MAX] {
            assert_eq!(map.get(Sym(key)), None, "{key} before any insert");
        }
        for key in [0, 9, 10, 15, 19, 20, u32::MAX] {
            map.insert(Sym(key), key / 2);
        }
        for key in [0, 9, 10, 15, 19, 20, u32::MAX] {
            assert_eq!(map.get(Sym(key)), Some(key / 2), "{key}");
        }
        for key in [1, 11, 18, 21] {
            assert_eq!(map.get(Sym(key)), None, "{key} never inserted");
        }
        map.insert(Sym(15), 7);
        assert_eq!(map.get(Sym(15)), Some(7), "a value replaced");
    }

    #[test]
    fn with_no_band_every_key_is_hashed() {
        let mut map = SymMap::new(None, (u32::MAX, u32::MAX));
        map.insert(Sym(3), (1, 2));
        assert_eq!(map.get(Sym(3)), Some((1, 2)));
        assert_eq!(map.get(Sym(4)), None);
    }
}
