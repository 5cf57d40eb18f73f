//! Where an activity's occurrences lie in its index: the order of the
//! subjects' runs, and filling each run from the chunks of the table.

use std::collections::HashMap;

use super::Scanned;
use crate::eval::context::{Occurrence, NO_ROW};
use crate::records::{Cells, FxBuild, Sym, TableData, Value};

/// The subjects `numbers` (numbered in the order they were first met, each
/// with its count in `counts`; `renumbered` gives each chunk's subjects'
/// numbers) numbered again in the order of their rows in `subject_table`,
/// a subject that is no row last, by symbol: the subjects in their new
/// order, their counts, and each chunk's subjects' new numbers.
///
/// Judges walk subjects in that order (a frequency rule its group's
/// members, an eligibility rule its supervisees), so each then reads the
/// runs one after the other, not from anywhere in an array of hundreds of
/// megabytes.
pub(super) fn order_by_rows(
    numbers: &HashMap<Sym, u32, FxBuild>,
    counts: &[u32],
    renumbered: Vec<Vec<u32>>,
    subject_table: Option<&TableData>,
) -> (Vec<Sym>, Vec<u32>, Vec<Vec<u32>>) {
    let mut order: Vec<(u64, Sym, u32)> = numbers
        .iter()
        .map(|(&subject, &number)| {
            let row = subject_table
                .and_then(|t| t.row_of(subject))
                .map_or(u64::MAX, |r| r as u64);
            (row, subject, number)
        })
        .collect();
    order.sort_unstable();
    let mut moved = vec![0u32; order.len()];
    for (new, &(_, _, old)) in order.iter().enumerate() {
        if let Some(m) = moved.get_mut(old as usize) {
            *m = u32::try_from(new).unwrap_or(u32::MAX);
        }
    }
    let counts = order
        .iter()
        .map(|&(_, _, old)| counts.get(old as usize).copied().unwrap_or(0))
        .collect();
    let renumbered = renumbered
        .into_iter()
        .map(|numbers| {
            numbers
                .into_iter()
                .map(|old| moved.get(old as usize).copied().unwrap_or(u32::MAX))
                .collect()
        })
        .collect();
    let order = order.into_iter().map(|(_, subject, _)| subject).collect();
    (order, counts, renumbered)
}

/// Fill `slice`, the runs of the subjects numbered `subjects` (their runs
/// start at `starts`, the first at `slice`'s start), from the chunks'
/// qualifying rows, in table order, then sort each run by time: rows come
/// in table order, which is usually time order too, so a stable sort of a
/// run only reads it.
pub(super) fn fill_runs(
    chunks: &[Scanned],
    renumbered: &[Vec<u32>],
    starts: &[u32],
    dates: Option<&Cells>,
    subjects: std::ops::Range<usize>,
    slice: &mut [Occurrence],
) {
    let base = starts.get(subjects.start).copied().unwrap_or(0);
    let mut cursor: Vec<u32> = starts
        .get(subjects.clone())
        .unwrap_or(&[])
        .iter()
        .map(|s| s - base)
        .collect();
    let (low, high) = (subjects.start as u32, subjects.end as u32);
    for (chunk, numbers) in chunks.iter().zip(renumbered) {
        let rows = crate::eval::indexes::set_rows(&chunk.counted, chunk.start);
        for (row, &(place, date)) in rows.zip(&chunk.hits) {
            let number = numbers.get(place as usize).copied().unwrap_or(u32::MAX);
            if number < low || number >= high {
                continue;
            }
            // The instant, when the date column holds times.
            let at = match dates.and_then(|d| d.get(row)) {
                Some(Value::Instant(i)) => Some(i),
                _ => None,
            };
            if let Some(next) = cursor.get_mut((number - low) as usize) {
                if let Some(cell) = slice.get_mut(*next as usize) {
                    *cell = Occurrence::new(date, at, u32::try_from(row).unwrap_or(NO_ROW));
                }
                *next += 1;
            }
        }
    }
    for pair in starts
        .get(subjects.start..=subjects.end)
        .unwrap_or(&[])
        .windows(2)
    {
        let &[start, end] = pair else { continue };
        let (start, end) = ((start - base) as usize, (end - base) as usize);
        if let Some(run) = slice.get_mut(start..end) {
            run.sort_by_key(|o| (o.date, o.at(), o.row));
        }
    }
}
