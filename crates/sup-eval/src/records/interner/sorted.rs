//! The interner's sorted list of absorbed strings, (half of the hash,
//! symbol) pairs: sorting a piece's, finding a half by walking and then
//! doubling, and merging new pairs in from the end.

/// Sort pairs by their first number, those with the same one kept in
/// their order: a radix sort, eleven bits a pass. A piece's (half, symbol)
/// pairs, given in order of symbol, come out as `sort_unstable` would sort
/// them. A comparison sort of a piece's hundred thousand strings took a
/// tenth of a large load's time.
pub(super) fn sort_by_first(order: &mut Vec<(u32, u32)>) {
    const BITS: u32 = 11;
    let mut spare = vec![(0, 0); order.len()];
    let mut shift = 0;
    while shift < u32::BITS {
        let digit = |e: &(u32, u32)| ((e.0 >> shift) & ((1 << BITS) - 1)) as usize;
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
}

/// The first position at or after `from` in `list` (sorted) whose half
/// is not below `half`: found by steps that double, then halving, so that
/// a piece's strings, far fewer than the list's, skip most of it.
pub(super) fn gallop(list: &[(u32, u32)], from: usize, half: u32) -> usize {
    let below = |at: usize| list.get(at).is_some_and(|(h, _)| *h < half);
    // The next string is usually a few entries on (a piece brings one
    // string for every ten to twenty the list holds): a plain walk there
    // mispredicts one branch where the doubling steps mispredict several.
    let mut from = from;
    for _ in 0..32 {
        if !below(from) {
            return from;
        }
        from += 1;
    }
    if !below(from) {
        return from;
    }
    // `from + step / 2` is below; find a `from + step` that is not.
    let mut step = 1;
    while below(from + step) {
        step *= 2;
    }
    let (low, high) = (from + step / 2 + 1, (from + step).min(list.len()));
    low + list
        .get(low..high)
        .unwrap_or(&[])
        .partition_point(|(h, _)| *h < half)
}

/// The symbol of the first entry of `list` (sorted by half) from position
/// `at` on whose half is `half` and whose symbol `is` accepts (its text is
/// the one looked for).
pub(super) fn find_at(
    list: &[(u32, u32)],
    at: usize,
    half: u32,
    is: impl Fn(u32) -> bool,
) -> Option<u32> {
    list.get(at..)
        .unwrap_or(&[])
        .iter()
        .take_while(|(h, _)| *h == half)
        .map(|(_, sym)| *sym)
        .find(|sym| is(*sym))
}

/// Whether two entries of `list` (sorted by half) with the same half are
/// the same text (`same` compares two symbols' texts). Equal halves are
/// rare (about 12,000 pairs among ten million ids, by chance), so the walk
/// looks for the next pair of them in one tight loop and compares texts
/// only there.
pub(super) fn repeats(list: &[(u32, u32)], same: impl Fn(u32, u32) -> bool) -> bool {
    let mut rest = list;
    while let Some(at) = rest
        .windows(2)
        .position(|w| matches!(w, [a, b] if a.0 == b.0))
    {
        let from = rest.get(at..).unwrap_or(&[]);
        let half = from.first().map_or(0, |e| e.0);
        let len = from.iter().take_while(|(h, _)| *h == half).count();
        let run = from.get(..len).unwrap_or(&[]);
        let repeated = run
            .iter()
            .enumerate()
            .any(|(k, (_, a))| run.iter().skip(k + 1).any(|(_, b)| same(*a, *b)));
        if repeated {
            return true;
        }
        rest = from.get(len..).unwrap_or(&[]);
    }
    false
}

/// Whether an entry of `a` and one of `b` (each sorted by half) have the
/// same half and the same text (`same(sym_of_a, sym_of_b)`). The shorter
/// list is walked and the longer galloped through.
pub(super) fn any_common(
    a: &[(u32, u32)],
    b: &[(u32, u32)],
    same: impl Fn(u32, u32) -> bool,
) -> bool {
    let (short, long, swapped) = if a.len() <= b.len() {
        (a, b, false)
    } else {
        (b, a, true)
    };
    let mut at = 0;
    short.iter().any(|&(half, s)| {
        at = gallop(long, at, half);
        long.get(at..)
            .unwrap_or(&[])
            .iter()
            .take_while(|(h, _)| *h == half)
            .any(|&(_, l)| if swapped { same(l, s) } else { same(s, l) })
    })
}

/// Merge `new` into `list`, both sorted, each new entry with its place:
/// how many of the old entries come before it (found by the walk that
/// looked for it, `Interner::absorb`). The list grows by `new`'s length,
/// and the old entries between two places move back in one block, from
/// the end of the list: most of the list moves, but as a copy of memory,
/// not entry by entry.
pub(super) fn merge_placed(list: &mut Vec<(u32, u32)>, new: &[((u32, u32), u32)]) {
    let old = list.len();
    list.resize(old + new.len(), (0, 0));
    let mut end = old;
    for (b, &(entry, place)) in new.iter().enumerate().rev() {
        // A place past the old entries not yet moved cannot be (the places
        // rise with the entries); kept in bounds all the same.
        let at = (place as usize).min(end);
        list.copy_within(at..end, at + b + 1);
        if let Some(slot) = list.get_mut(at + b) {
            *slot = entry;
        }
        end = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_radix_sort_orders_as_a_comparison_sort_does() {
        // Halves that collide, and halves over the whole range.
        for spread in [977u32, u32::MAX] {
            let mut order: Vec<(u32, u32)> = (0..5_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) % spread, i))
                .collect();
            let mut expected = order.clone();
            expected.sort_unstable();
            sort_by_first(&mut order);
            assert_eq!(order, expected, "spread {spread}");
        }
    }

    #[test]
    fn merging_by_place_keeps_the_list_in_order() {
        let list: Vec<(u32, u32)> = (0..50).map(|i| (i * 4, i)).collect();
        // At the start, between entries, beside an equal half, at the end.
        let new: Vec<(u32, u32)> = vec![(0, 60), (3, 61), (7, 62), (8, 63), (199, 64), (500, 65)];
        let placed: Vec<((u32, u32), u32)> = new
            .iter()
            .map(|e| (*e, list.iter().filter(|o| *o <= e).count() as u32))
            .collect();
        let mut expected = list.clone();
        expected.extend(&new);
        expected.sort_unstable();
        let mut merged = list.clone();
        merge_placed(&mut merged, &placed);
        assert_eq!(merged, expected);
        let mut empty = Vec::new();
        let at_start: Vec<((u32, u32), u32)> = new.iter().map(|e| (*e, 0)).collect();
        merge_placed(&mut empty, &at_start);
        assert_eq!(empty, new);
    }

    #[test]
    fn galloping_finds_the_first_entry_not_below() {
        // Short gaps (walked) and long ones (past the walk, by doubling).
        let halves = [1, 3, 3, 3, 8, 9, 20, 20, 21]
            .into_iter()
            .chain((30..200).map(|h| h * 2))
            .chain([500, 500, 501]);
        let list: Vec<(u32, u32)> = halves.enumerate().map(|(i, h)| (h, i as u32)).collect();
        for from in 0..=list.len() {
            for half in (0..25).chain([59, 60, 61, 99, 100, 397, 398, 399, 400, 500, 501, 502]) {
                let expected = from + list[from..].iter().take_while(|(h, _)| *h < half).count();
                assert_eq!(
                    gallop(&list, from, half),
                    expected,
                    "from {from}, half {half}"
                );
            }
        }
    }

    #[test]
    fn a_repeat_is_two_equal_texts_under_one_half() {
        // Symbols stand for texts by their value modulo 100.
        let same = |a: u32, b: u32| a % 100 == b % 100;
        let list = |entries: &[(u32, u32)]| entries.to_vec();
        assert!(!repeats(&[], same));
        assert!(!repeats(&list(&[(1, 1)]), same));
        // Equal halves, different texts: no repeat.
        assert!(!repeats(&list(&[(1, 1), (1, 2), (1, 3), (2, 4)]), same));
        // The same text, at the start, at the end, and apart in a long run.
        assert!(repeats(&list(&[(1, 1), (1, 101), (2, 4)]), same));
        assert!(repeats(&list(&[(0, 9), (1, 1), (2, 4), (2, 104)]), same));
        assert!(repeats(&list(&[(3, 5), (3, 6), (3, 7), (3, 105)]), same));
        // The same text under different halves is no repeat here.
        assert!(!repeats(&list(&[(1, 1), (2, 101)]), same));
    }

    #[test]
    fn a_common_entry_is_found_whichever_list_is_longer() {
        let same = |a: u32, b: u32| a % 100 == b % 100;
        let short: Vec<(u32, u32)> = vec![(5, 1), (9, 2), (40, 3)];
        let long: Vec<(u32, u32)> = (0..200).map(|h| (h * 2, 1_000 + h)).collect();
        // Halves 40 meet (1,020 and 3 are different texts), then the same.
        assert!(!any_common(&short, &long, same));
        assert!(!any_common(&long, &short, same));
        let mut with = long.clone();
        with.insert(21, (40, 203));
        assert!(any_common(&short, &with, same));
        assert!(any_common(&with, &short, same));
        // `same` gets each list's own symbol first.
        let first_from_a = |a: u32, b: u32| a == 3 && b == 203;
        assert!(any_common(&short, &with, first_from_a));
        assert!(!any_common(&with, &short, first_from_a));
        assert!(!any_common(&[], &long, same));
    }
}
