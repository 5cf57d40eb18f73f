//! Holiday lists shipped with `sup`.

use std::sync::OnceLock;

use chrono::NaiveDate;

/// Names of the shipped holiday lists, as [`shipped`] accepts them.
pub const SHIPPED: &[&str] = &["england_and_wales"];

const ENGLAND_AND_WALES: &str =
    include_str!("../../../../data/bank-holidays/england-and-wales.txt");

/// The shipped holiday list with this name (one of [`SHIPPED`]), sorted.
pub fn shipped(name: &str) -> Option<&'static [NaiveDate]> {
    match name {
        "england_and_wales" => Some(england_and_wales()),
        _ => None,
    }
}

/// Bank holidays in England and Wales, 2015 to 2030, sorted ascending with
/// no duplicates. Parsed once from `data/bank-holidays/england-and-wales.txt`.
pub fn england_and_wales() -> &'static [NaiveDate] {
    static PARSED: OnceLock<Vec<NaiveDate>> = OnceLock::new();
    PARSED.get_or_init(|| parse(ENGLAND_AND_WALES))
}

/// Reads a holiday file: one `YYYY-MM-DD` date a line, optionally followed by
/// a tab (or spaces) and a name; `#` comment lines and blank lines are skipped.
/// Lines that do not start with a valid date are skipped too (the shipped
/// files are checked by tests). The result is sorted and deduplicated.
fn parse(text: &str) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = text.lines().filter_map(parse_line).collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}

fn parse_line(line: &str) -> Option<NaiveDate> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let date = line.split_whitespace().next()?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Weekday};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn year(y: i32) -> Vec<NaiveDate> {
        england_and_wales()
            .iter()
            .copied()
            .filter(|h| h.year() == y)
            .collect()
    }

    #[test]
    fn every_data_line_parses() {
        let data_lines = ENGLAND_AND_WALES
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count();
        assert_eq!(england_and_wales().len(), data_lines);
        for line in ENGLAND_AND_WALES.lines().filter(|l| !l.starts_with('#')) {
            let (date, name) = line.split_once('\t').unwrap();
            assert!(parse_line(date).is_some(), "{line}");
            assert!(!name.trim().is_empty(), "{line}");
        }
    }

    #[test]
    fn list_is_sorted_covers_2015_to_2030_and_only_weekdays() {
        let all = england_and_wales();
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(all.first(), Some(&d(2015, 1, 1)));
        assert_eq!(all.last(), Some(&d(2030, 12, 26)));
        assert!(all
            .iter()
            .all(|h| !matches!(h.weekday(), Weekday::Sat | Weekday::Sun)));
        // Eight a year, plus the 2022 jubilee and funeral and the 2023 coronation.
        assert_eq!(all.len(), 16 * 8 + 3);
    }

    #[test]
    fn year_2026() {
        assert_eq!(
            year(2026),
            vec![
                d(2026, 1, 1),
                d(2026, 4, 3),
                d(2026, 4, 6),
                d(2026, 5, 4),
                d(2026, 5, 25),
                d(2026, 8, 31),
                d(2026, 12, 25),
                d(2026, 12, 28),
            ]
        );
    }

    #[test]
    fn ve_day_2020_moved_early_may() {
        let y = year(2020);
        assert!(y.contains(&d(2020, 5, 8)));
        assert!(!y.contains(&d(2020, 5, 4)));
    }

    #[test]
    fn platinum_jubilee_and_state_funeral_2022() {
        assert_eq!(
            year(2022),
            vec![
                d(2022, 1, 3),
                d(2022, 4, 15),
                d(2022, 4, 18),
                d(2022, 5, 2),
                d(2022, 6, 2),
                d(2022, 6, 3),
                d(2022, 8, 29),
                d(2022, 9, 19),
                d(2022, 12, 26),
                d(2022, 12, 27),
            ]
        );
        assert!(!year(2022).contains(&d(2022, 5, 30)));
    }

    #[test]
    fn coronation_2023() {
        assert!(year(2023).contains(&d(2023, 5, 8)));
        assert!(year(2023).contains(&d(2023, 5, 1)));
    }

    #[test]
    fn christmas_substitute_days() {
        // Christmas on Saturday: Monday 27 and Tuesday 28.
        for y in [2021, 2027] {
            let h = year(y);
            assert!(
                h.contains(&d(y, 12, 27)) && h.contains(&d(y, 12, 28)),
                "{y}"
            );
            assert!(
                !h.contains(&d(y, 12, 25)) && !h.contains(&d(y, 12, 26)),
                "{y}"
            );
        }
        // Christmas on Sunday: Boxing Day Monday 26, substitute Tuesday 27.
        let h = year(2022);
        assert!(h.contains(&d(2022, 12, 26)) && h.contains(&d(2022, 12, 27)));
        // Boxing Day on Saturday: Monday 28.
        let h = year(2026);
        assert!(h.contains(&d(2026, 12, 25)) && h.contains(&d(2026, 12, 28)));
        // New Year's Day on Saturday (2022) and Sunday (2023).
        assert!(year(2022).contains(&d(2022, 1, 3)));
        assert!(year(2023).contains(&d(2023, 1, 2)));
    }

    #[test]
    fn shipped_lists_by_name() {
        for name in SHIPPED {
            assert!(shipped(name).is_some(), "{name}");
        }
        assert_eq!(shipped("england_and_wales"), Some(england_and_wales()));
        assert_eq!(shipped("scotland"), None);
    }

    #[test]
    fn parser_skips_comments_blanks_and_junk() {
        let text =
            "# header\n\n2024-01-01\tNew Year\n2023-12-25 Christmas\nnot a date\n2024-01-01\n";
        assert_eq!(parse(text), vec![d(2023, 12, 25), d(2024, 1, 1)]);
    }
}
