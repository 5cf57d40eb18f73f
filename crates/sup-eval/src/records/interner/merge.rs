//! Joining the interners of a load's pieces into one.
//!
//! Absorbing piece after piece into one big index costs a cache miss per
//! string once the index outgrows the cache, on one thread. Here every
//! piece's strings are sorted by the part of the index their hash falls in,
//! each part is filled on whichever thread is free (a part holds a few
//! thousand strings, so it stays in the cache), and a last pass in piece
//! order gives each distinct string its number: the number it would have
//! had had the pieces been interned one after the other, whatever the
//! threads' timing.

use super::{part_of, text_of, Interner, Part, Renumbering};
use crate::records::value::Sym;

/// About how many strings a part of a merged interner's index holds.
const PART_STRINGS: usize = 1 << 13;

/// The most parts an index is cut into.
const MAX_PARTS: usize = 1 << 12;

/// One piece's strings, sorted by part.
struct ByPart {
    /// Each string's hash, by symbol.
    hashes: Vec<u64>,
    /// The piece's symbols, part by part, each part's in their order.
    order: Vec<u32>,
    /// Where each part's symbols start in `order` (and one past the last).
    starts: Vec<usize>,
}

/// What filling one part found: its index (the strings' hashes beside
/// their number within the part), and for every string of every piece in
/// the part, in piece order, the number within the part it was given.
struct Filled {
    index: Part,
    /// The first piece and symbol of each of the part's distinct strings.
    firsts: Vec<(u32, u32)>,
    numbers: Vec<u32>,
}

/// Join `pieces`, in order, into one interner, on up to `threads` threads:
/// every string and set numbered as interning each piece's, in the order
/// that piece first saw them, piece after piece, numbers them; with how
/// each piece's numbers map to the joined one's.
pub(crate) fn merge(pieces: &[&Interner], threads: usize) -> (Interner, Vec<Renumbering>) {
    let total: usize = pieces.iter().map(|p| p.len()).sum();
    let parts = (total / PART_STRINGS).next_power_of_two().clamp(1, MAX_PARTS);
    let by_part: Vec<ByPart> = on_threads(pieces.len(), threads, |k| {
        pieces.get(k).map(|piece| sort_by_part(piece, parts))
    });
    let filled: Vec<Filled> = on_threads(parts, threads, |q| Some(fill(pieces, &by_part, q)));
    // Number the distinct strings in the order the pieces first saw them.
    let mut numbers: Vec<Vec<u32>> = filled
        .iter()
        .map(|f| vec![u32::MAX; f.firsts.len()])
        .collect();
    let mut cursors = vec![0usize; parts];
    let mut joined = Interner {
        arena: String::with_capacity(pieces.iter().map(|p| p.arena.len()).sum()),
        ends: Vec::with_capacity(total),
        ..Interner::default()
    };
    let mut renumberings = Vec::with_capacity(pieces.len());
    for (piece, sorted) in pieces.iter().zip(&by_part) {
        let mut syms = Vec::with_capacity(piece.len());
        for (i, hash) in sorted.hashes.iter().enumerate() {
            let q = part_of(*hash, parts);
            let (Some(cursor), Some(found), Some(number)) =
                (cursors.get_mut(q), filled.get(q), numbers.get_mut(q))
            else {
                syms.push(u32::MAX);
                continue;
            };
            let within = found.numbers.get(*cursor).copied().unwrap_or(0);
            *cursor += 1;
            let Some(slot) = number.get_mut(within as usize) else {
                syms.push(u32::MAX);
                continue;
            };
            if *slot == u32::MAX {
                *slot = u32::try_from(joined.ends.len()).unwrap_or(u32::MAX);
                let sym = Sym(u32::try_from(i).unwrap_or(u32::MAX));
                joined
                    .arena
                    .push_str(text_of(&piece.arena, &piece.ends, sym));
                joined.ends.push(joined.arena.len());
            }
            syms.push(*slot);
        }
        renumberings.push(syms);
    }
    // Each part's index now names strings by their joined number.
    let mut indexes: Vec<(Part, &Vec<u32>)> = filled
        .into_iter()
        .zip(&numbers)
        .map(|(f, n)| (f.index, n))
        .collect();
    std::thread::scope(|scope| {
        let half = indexes.len() / 2;
        let (first, second) = indexes.split_at_mut(half);
        if threads > 1 && !first.is_empty() {
            scope.spawn(|| renumber_parts(first));
        } else {
            renumber_parts(first);
        }
        renumber_parts(second);
    });
    joined.parts = indexes.into_iter().map(|(index, _)| index).collect();
    let renumberings = pieces
        .iter()
        .zip(renumberings)
        .map(|(piece, syms)| {
            let sets = joined.absorb_sets(piece, &syms);
            Renumbering { syms, sets }
        })
        .collect();
    (joined, renumberings)
}

/// Give every entry of each part's index its string's joined number.
fn renumber_parts(indexes: &mut [(Part, &Vec<u32>)]) {
    for (index, numbers) in indexes {
        for entry in index.iter_mut() {
            entry.1 = Sym(numbers.get(entry.1 .0 as usize).copied().unwrap_or(u32::MAX));
        }
    }
}

/// A piece's strings by part: a counting sort of its symbols.
fn sort_by_part(piece: &Interner, parts: usize) -> ByPart {
    let mut hashes = vec![0u64; piece.len()];
    for part in &piece.parts {
        for (hash, sym) in part {
            if let Some(h) = hashes.get_mut(sym.0 as usize) {
                *h = *hash;
            }
        }
    }
    let mut starts = vec![0usize; parts + 1];
    for hash in &hashes {
        if let Some(count) = starts.get_mut(part_of(*hash, parts) + 1) {
            *count += 1;
        }
    }
    for q in 1..starts.len() {
        let before = starts.get(q - 1).copied().unwrap_or(0);
        if let Some(s) = starts.get_mut(q) {
            *s += before;
        }
    }
    let mut next = starts.clone();
    let mut order = vec![0u32; hashes.len()];
    for (i, hash) in hashes.iter().enumerate() {
        if let Some(at) = next.get_mut(part_of(*hash, parts)) {
            if let Some(slot) = order.get_mut(*at) {
                *slot = u32::try_from(i).unwrap_or(u32::MAX);
            }
            *at += 1;
        }
    }
    ByPart {
        hashes,
        order,
        starts,
    }
}

/// Fill part `q`: every piece's strings that fall in it, piece after piece.
fn fill(pieces: &[&Interner], by_part: &[ByPart], q: usize) -> Filled {
    let count: usize = by_part
        .iter()
        .map(|b| b.starts.get(q + 1).unwrap_or(&0) - b.starts.get(q).unwrap_or(&0))
        .sum();
    let mut filled = Filled {
        index: Part::with_capacity(count),
        firsts: Vec::new(),
        numbers: Vec::with_capacity(count),
    };
    for (k, (piece, sorted)) in pieces.iter().zip(by_part).enumerate() {
        let (start, end) = (
            sorted.starts.get(q).copied().unwrap_or(0),
            sorted.starts.get(q + 1).copied().unwrap_or(0),
        );
        for i in sorted.order.get(start..end).unwrap_or(&[]) {
            let hash = sorted.hashes.get(*i as usize).copied().unwrap_or(0);
            let text = text_of(&piece.arena, &piece.ends, Sym(*i));
            let firsts = &filled.firsts;
            let entry = filled.index.entry(
                hash,
                |(h, n)| {
                    *h == hash
                        && firsts.get(n.0 as usize).is_some_and(|(pk, pi)| {
                            pieces.get(*pk as usize).is_some_and(|p| {
                                text_of(&p.arena, &p.ends, Sym(*pi)) == text
                            })
                        })
                },
                |(h, _)| *h,
            );
            let number = match entry {
                hashbrown::hash_table::Entry::Occupied(found) => found.get().1 .0,
                hashbrown::hash_table::Entry::Vacant(slot) => {
                    let n = u32::try_from(filled.firsts.len()).unwrap_or(u32::MAX);
                    slot.insert((hash, Sym(n)));
                    filled
                        .firsts
                        .push((u32::try_from(k).unwrap_or(u32::MAX), *i));
                    n
                }
            };
            filled.numbers.push(number);
        }
    }
    filled
}

/// `work(0..n)` on up to `threads` threads, in order; `None`s are left out.
fn on_threads<T: Send>(
    n: usize,
    threads: usize,
    work: impl Fn(usize) -> Option<T> + Sync,
) -> Vec<T> {
    let threads = threads.clamp(1, n.max(1));
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let work = &work;
        let helpers: Vec<_> = (1..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..n)
                        .step_by(threads)
                        .filter_map(|i| work(i).map(|w| (i, w)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut done: Vec<(usize, T)> = (0..n)
            .step_by(threads)
            .filter_map(|i| work(i).map(|w| (i, w)))
            .collect();
        for helper in helpers {
            // A helper that panicked: the scope passes its panic on.
            if let Ok(more) = helper.join() {
                done.extend(more);
            }
        }
        done
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, w)| w).collect()
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        reason = "tests fail loudly"
    )]
    use super::*;

    /// Pieces with strings shared between them, in and across pieces.
    fn pieces() -> Vec<Interner> {
        (0..7)
            .map(|k| {
                let mut piece = Interner::default();
                for j in 0..(k * 3_001 % 9_000) {
                    piece.intern(&format!("s{}", (j * 13 + k * 977) % 20_000));
                    if j % 50 == 0 {
                        let a = piece.intern(&format!("t{}", j % 7));
                        let b = piece.intern("shared");
                        piece.intern_set(vec![a, b]);
                    }
                }
                piece
            })
            .collect()
    }

    #[test]
    fn merging_numbers_as_absorbing_in_turn_does() {
        let pieces = pieces();
        let borrowed: Vec<&Interner> = pieces.iter().collect();
        let mut absorbed = Interner::default();
        let expected: Vec<Renumbering> = pieces.iter().map(|p| absorbed.absorb(p)).collect();
        for threads in [1, 2, 3] {
            let (merged, renumberings) = merge(&borrowed, threads);
            assert!(merged.parts.len() > 1, "a large merge is cut into parts");
            assert_eq!(merged.len(), absorbed.len());
            for i in 0..absorbed.len() {
                let sym = Sym(u32::try_from(i).unwrap());
                assert_eq!(merged.resolve(sym), absorbed.resolve(sym), "string {i}");
                assert_eq!(merged.get(absorbed.resolve(sym)), Some(sym));
            }
            assert_eq!(merged.get("never interned"), None);
            for (got, want) in renumberings.iter().zip(&expected) {
                assert_eq!(got.syms, want.syms);
                assert_eq!(got.sets, want.sets);
            }
            let mut merged = merged;
            let before = merged.len();
            assert_eq!(merged.intern("shared"), absorbed.get("shared").unwrap());
            assert_eq!(merged.intern("a new one").0 as usize, before);
        }
    }

    #[test]
    fn merging_nothing_or_one_piece() {
        let (empty, renumberings) = merge(&[], 2);
        assert!(empty.is_empty() && renumberings.is_empty());
        let mut one = Interner::default();
        one.intern("b");
        one.intern("a");
        let (merged, renumberings) = merge(&[&one], 2);
        assert_eq!(merged.resolve(Sym(0)), "b");
        assert_eq!(renumberings[0].syms, vec![0, 1]);
    }
}
