//! Line numbers and offsets, which almost always fit in 32 bits: where
//! each of the interner's strings ends, and the line each row of a table
//! starts on, kept as runs of rows on consecutive lines.

/// Numbers that almost always fit in 32 bits, 4 bytes each until one does
/// not, then 8: where each string ends in the interner's arena (wide past
/// 4 GiB of distinct text), and the lines of a table whose rows seldom
/// follow on ([`Lines`]; wide for a file of more than four billion lines).
#[derive(Debug, Clone)]
pub enum Offsets {
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

impl Default for Offsets {
    fn default() -> Self {
        Offsets::Narrow(Vec::new())
    }
}

impl Offsets {
    pub fn len(&self) -> usize {
        match self {
            Offsets::Narrow(v) => v.len(),
            Offsets::Wide(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number at `row`.
    pub fn get(&self, row: usize) -> Option<u64> {
        match self {
            Offsets::Narrow(v) => v.get(row).map(|l| u64::from(*l)),
            Offsets::Wide(v) => v.get(row).copied(),
        }
    }

    pub fn reserve(&mut self, additional: usize) {
        match self {
            Offsets::Narrow(v) => v.reserve(additional),
            Offsets::Wide(v) => v.reserve(additional),
        }
    }

    /// Give back the room grown into but not used.
    pub fn shrink_to_fit(&mut self) {
        match self {
            Offsets::Narrow(v) => v.shrink_to_fit(),
            Offsets::Wide(v) => v.shrink_to_fit(),
        }
    }

    #[inline]
    pub fn push(&mut self, line: u64) {
        match self {
            Offsets::Narrow(v) => match u32::try_from(line) {
                Ok(l) => v.push(l),
                Err(_) => {
                    let mut wide: Vec<u64> = v.iter().map(|l| u64::from(*l)).collect();
                    wide.push(line);
                    *self = Offsets::Wide(wide);
                }
            },
            Offsets::Wide(v) => v.push(line),
        }
    }
}

/// The line of its file each row of a table starts on, kept as runs of
/// rows on consecutive lines: a CSV file without line ends inside its
/// values is one run, so a table's lines take a few bytes whatever its
/// size, where a number a row took 4 bytes of every row (7 bytes a session
/// row in all). A file whose rows seldom follow on (a line end in every
/// row's values) keeps a number a row instead, so it never takes more
/// than that.
#[derive(Debug, Clone)]
pub enum Lines {
    /// `(first row, its line)` of each run, the rows of a run on
    /// consecutive lines; `len` rows in all.
    Runs { runs: Vec<(usize, u64)>, len: usize },
    /// A number a row.
    Each(Offsets),
}

impl Default for Lines {
    fn default() -> Self {
        Lines::Runs {
            runs: Vec::new(),
            len: 0,
        }
    }
}

/// Runs are given up for a number a row when there are more than one for
/// this many rows (a run is 16 bytes, a number 4) and more than a few.
const ROWS_PER_RUN: usize = 4;
const FEW_RUNS: usize = 64;

impl Lines {
    pub fn len(&self) -> usize {
        match self {
            Lines::Runs { len, .. } => *len,
            Lines::Each(lines) => lines.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The line `row` starts on.
    pub fn get(&self, row: usize) -> Option<u64> {
        match self {
            Lines::Runs { runs, len } => {
                if row >= *len {
                    return None;
                }
                let run = runs.partition_point(|(first, _)| *first <= row);
                let (first, line) = runs.get(run.checked_sub(1)?)?;
                Some(line.saturating_add((row - first) as u64))
            }
            Lines::Each(lines) => lines.get(row),
        }
    }

    /// Add the next row's line.
    #[inline]
    pub fn push(&mut self, line: u64) {
        match self {
            Lines::Runs { runs, len } => {
                let follows = runs.last().is_some_and(|(first, start)| {
                    start.checked_add((*len - first) as u64) == Some(line)
                });
                if !follows {
                    if runs.len() >= FEW_RUNS && runs.len() * ROWS_PER_RUN > *len {
                        self.make_each();
                        self.push(line);
                        return;
                    }
                    runs.push((*len, line));
                }
                *len += 1;
            }
            Lines::Each(lines) => lines.push(line),
        }
    }

    /// A number a row, the lines the same.
    #[cold]
    fn make_each(&mut self) {
        let mut each = Offsets::default();
        each.reserve(self.len());
        for row in 0..self.len() {
            if let Some(line) = self.get(row) {
                each.push(line);
            }
        }
        *self = Lines::Each(each);
    }

    /// Add `more`'s lines, each `by` more (the lines of the next chunk of
    /// the same file).
    pub fn extend_after(&mut self, more: &Lines, by: u64) {
        match more {
            // Run by run, so that joining chunks costs nothing a row.
            Lines::Runs { runs, len } => {
                for (k, (first, line)) in runs.iter().enumerate() {
                    let end = runs.get(k + 1).map_or(*len, |(next, _)| *next);
                    let line = line.saturating_add(by);
                    self.push(line);
                    match self {
                        Lines::Runs { len: mine, .. } => *mine += end - first - 1,
                        Lines::Each(lines) => {
                            for step in 1..(end - first) as u64 {
                                lines.push(line.saturating_add(step));
                            }
                        }
                    }
                }
            }
            Lines::Each(lines) => {
                for row in 0..lines.len() {
                    if let Some(line) = lines.get(row) {
                        self.push(line.saturating_add(by));
                    }
                }
            }
        }
    }

    /// Keep the rows whose `keep` is true (rows past its end are kept).
    pub fn retain(&mut self, keep: &[bool]) {
        let mut kept = Lines::default();
        for row in 0..self.len() {
            if keep.get(row).copied().unwrap_or(true) {
                if let Some(line) = self.get(row) {
                    kept.push(line);
                }
            }
        }
        *self = kept;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    #[test]
    fn offsets_are_four_bytes_until_one_is_not() {
        let mut ends = Offsets::default();
        ends.push(2);
        ends.push(u64::from(u32::MAX));
        assert!(matches!(ends, Offsets::Narrow(_)));
        ends.push(u64::from(u32::MAX) + 1);
        assert!(matches!(ends, Offsets::Wide(_)));
        let kept: Vec<u64> = (0..ends.len()).filter_map(|r| ends.get(r)).collect();
        assert_eq!(kept, vec![2, u64::from(u32::MAX), u64::from(u32::MAX) + 1]);
    }

    fn all(lines: &Lines) -> Vec<u64> {
        (0..lines.len()).map(|r| lines.get(r).unwrap()).collect()
    }

    #[test]
    fn lines_that_follow_on_are_one_run_and_a_jump_starts_another() {
        let mut lines = Lines::default();
        assert_eq!(lines.get(0), None);
        // A header on line 1, then rows; a quoted line end in the third
        // row's values puts the fourth two lines on.
        for line in [2, 3, 4, 6, 7, u64::from(u32::MAX) + 1] {
            lines.push(line);
        }
        assert_eq!(all(&lines), [2, 3, 4, 6, 7, u64::from(u32::MAX) + 1]);
        assert!(matches!(&lines, Lines::Runs { runs, .. } if runs.len() == 3));
        assert_eq!(lines.get(6), None);
        // The next chunk of the file, counted from its own start (after 10
        // line ends), is added run by run.
        let mut more = Lines::default();
        for line in [1, 2, 3, 5] {
            more.push(line);
        }
        lines.extend_after(&more, 10);
        assert_eq!(
            all(&lines),
            [2, 3, 4, 6, 7, u64::from(u32::MAX) + 1, 11, 12, 13, 15]
        );
        assert!(matches!(&lines, Lines::Runs { runs, .. } if runs.len() == 5));
        lines.retain(&[true, false, true, true]);
        assert_eq!(
            all(&lines),
            [2, 4, 6, 7, u64::from(u32::MAX) + 1, 11, 12, 13, 15]
        );
    }

    #[test]
    fn lines_that_seldom_follow_on_are_kept_one_a_row() {
        // Every row two lines on from the one before: a run a row, until
        // runs would take more room than a number a row.
        let mut lines = Lines::default();
        let expected: Vec<u64> = (0..1000).map(|r| 2 + 2 * r).collect();
        for line in &expected {
            lines.push(*line);
        }
        assert!(matches!(lines, Lines::Each(_)));
        assert_eq!(all(&lines), expected);
        // Chunks of either kind join either kind, lines the same.
        let mut runs = Lines::default();
        runs.push(2);
        runs.push(3);
        let mut joined = runs.clone();
        joined.extend_after(&lines, 3);
        let mut want = vec![2, 3];
        want.extend(expected.iter().map(|l| l + 3));
        assert_eq!(all(&joined), want);
        let mut each = lines.clone();
        let mut more = Lines::default();
        more.push(1);
        more.push(2);
        more.push(3);
        each.extend_after(&more, 2001);
        let mut want = expected.clone();
        want.extend([2002, 2003, 2004]);
        assert_eq!(all(&each), want);
    }
}
