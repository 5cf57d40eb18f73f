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

/// How many of `list[..end]` (sorted) are not above `entry`: found by
/// steps back from `end` that double, then halving.
fn gallop_back(list: &[(u32, u32)], end: usize, entry: &(u32, u32)) -> usize {
    let above = |at: usize| list.get(at).is_some_and(|e| e > entry);
    // `list[end - step / 2..end]` is above `entry`.
    let mut step = 1;
    while step <= end && above(end - step) {
        step *= 2;
    }
    let (low, high) = (end.saturating_sub(step), end - step / 2);
    low + list
        .get(low..high)
        .unwrap_or(&[])
        .partition_point(|e| e <= entry)
}

/// Merge `new`, sorted, into `list`, sorted: the list grows by `new`'s
/// length, and the old entries after each new one move back in one block
/// (most of the list moves, but as a copy of memory, not entry by entry).
pub(super) fn merge_from_the_end(list: &mut Vec<(u32, u32)>, new: &[(u32, u32)]) {
    let old = list.len();
    list.resize(old + new.len(), (0, 0));
    let mut end = old;
    for (b, entry) in new.iter().enumerate().rev() {
        // Where `entry` goes among the old entries not yet moved: near
        // their end, since the new entries are spread over the whole list.
        let at = gallop_back(list, end, entry);
        list.copy_within(at..end, at + b + 1);
        if let Some(slot) = list.get_mut(at + b) {
            *slot = *entry;
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
    fn merging_from_the_end_keeps_the_list_in_order() {
        let mut list: Vec<(u32, u32)> = (0..50).map(|i| (i * 4, i)).collect();
        let new: Vec<(u32, u32)> = vec![(0, 60), (3, 61), (7, 62), (199, 63), (500, 64)];
        let mut expected = list.clone();
        expected.extend(&new);
        expected.sort_unstable();
        merge_from_the_end(&mut list, &new);
        assert_eq!(list, expected);
        let mut empty = Vec::new();
        merge_from_the_end(&mut empty, &new);
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
    fn galloping_back_counts_the_entries_not_above() {
        let list: Vec<(u32, u32)> = [1, 3, 3, 3, 8, 9, 20, 20, 21]
            .iter()
            .map(|h| (*h, 0))
            .collect();
        for end in 0..=list.len() {
            for half in 0..25 {
                let entry = (half, 0);
                let expected = list[..end].iter().filter(|e| **e <= entry).count();
                assert_eq!(
                    gallop_back(&list, end, &entry),
                    expected,
                    "end {end}, half {half}"
                );
            }
        }
    }
}
