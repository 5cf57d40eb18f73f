//! The compliance series of `--trend month|quarter` in each format: a CSV of
//! its own (the series replaces the findings, as a spreadsheet takes one
//! table), a `trend` object in the JSON report, and a compact table after
//! the summary of the human and Markdown reports. Team names come from the
//! export, so they are escaped for each format.

use std::fmt::Write;

use serde::Serialize;

use crate::eval::trend::{Granularity, Trend, TrendRow};
use crate::report::escape::{csv_cell, markdown_cell, terminal as safe};

/// The CSV columns, in order.
const HEADER: &[&str] = &[
    "period", "start", "end", "partial", "rule", "team", "judged", "met", "breached", "waived",
    "rate",
];

fn granularity_word(g: Granularity) -> &'static str {
    match g {
        Granularity::Month => "month",
        Granularity::Quarter => "quarter",
    }
}

/// The rate as shown: a whole percentage, or one decimal below 1% and
/// above 99% so that 99.6% does not read as "all met".
fn rate_text(row: &TrendRow) -> String {
    match row.rate() {
        None => String::new(),
        Some(r) if (r > 0.0 && r < 1.0) || (r > 99.0 && r < 100.0) => format!("{r:.1}%"),
        Some(r) => format!("{r:.0}%"),
    }
}

/// The rate in the machine formats: a fraction rounded to 4 places.
fn rate_fraction(row: &TrendRow) -> Option<f64> {
    row.rate().map(|r| (r * 100.0).round() / 10000.0)
}

pub(super) fn csv(trend: &Trend) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record(HEADER);
    for row in &trend.rows {
        let _ = writer.write_record([
            row.period.clone(),
            row.start.to_string(),
            row.end.to_string(),
            row.partial.to_string(),
            csv_cell(&row.rule),
            csv_cell(&row.team),
            row.judged.to_string(),
            row.met.to_string(),
            row.breached.to_string(),
            row.waived.to_string(),
            rate_fraction(row)
                .map(|r| r.to_string())
                .unwrap_or_default(),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The `trend` member of the JSON report.
#[derive(Serialize)]
pub(super) struct Json<'a> {
    by: &'static str,
    rows: Vec<JsonRow<'a>>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    period: &'a str,
    start: String,
    end: String,
    partial: bool,
    rule: &'a str,
    team: &'a str,
    judged: usize,
    met: usize,
    breached: usize,
    waived: usize,
    /// `met / judged`, 0 to 1.
    rate: Option<f64>,
}

pub(super) fn json(trend: &Trend) -> Json<'_> {
    Json {
        by: granularity_word(trend.granularity),
        rows: trend
            .rows
            .iter()
            .map(|r| JsonRow {
                period: &r.period,
                start: r.start.to_string(),
                end: r.end.to_string(),
                partial: r.partial,
                rule: &r.rule,
                team: &r.team,
                judged: r.judged,
                met: r.met,
                breached: r.breached,
                waived: r.waived,
                rate: rate_fraction(r),
            })
            .collect(),
    }
}

/// The cells of one row of the people's table.
fn cells(row: &TrendRow) -> [String; 8] {
    let mark = if row.partial { "*" } else { "" };
    [
        format!("{}{mark}", row.period),
        row.rule.clone(),
        row.team.clone(),
        row.judged.to_string(),
        row.met.to_string(),
        row.breached.to_string(),
        row.waived.to_string(),
        rate_text(row),
    ]
}

const TITLES: [&str; 8] = [
    "period", "rule", "team", "judged", "met", "breached", "waived", "rate",
];

fn heading(trend: &Trend) -> String {
    format!(
        "Compliance by {}: people judged, and how many met the rule (* = only part of the period was judged)",
        granularity_word(trend.granularity)
    )
}

pub(super) fn human(out: &mut String, trend: &Trend) {
    let _ = writeln!(out, "\n{}", heading(trend));
    if trend.rows.is_empty() {
        let _ = writeln!(out, "  no one was judged in the period");
        return;
    }
    let rows: Vec<[String; 8]> = trend
        .rows
        .iter()
        .map(|r| {
            let mut c = cells(r);
            c[2] = safe(&c[2]).into_owned();
            c
        })
        .collect();
    let mut widths = TITLES.map(|t| t.chars().count());
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut text = String::from(" ");
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            // Words to the left, numbers to the right.
            if i < 3 {
                let _ = write!(text, " {c:<w$}");
            } else {
                let _ = write!(text, " {c:>w$}");
            }
        }
        text.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(&TITLES.map(str::to_string)));
    for row in &rows {
        let _ = writeln!(out, "{}", line(row));
    }
}

pub(super) fn markdown(out: &mut String, trend: &Trend) {
    let _ = writeln!(out, "\n### {}\n", heading(trend));
    if trend.rows.is_empty() {
        let _ = writeln!(out, "No one was judged in the period.");
        return;
    }
    let _ = writeln!(out, "| {} |", TITLES.join(" | "));
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|");
    for row in &trend.rows {
        let mut c = cells(row);
        c[1] = format!("`{}`", c[1]);
        c[2] = markdown_cell(&c[2]);
        let _ = writeln!(out, "| {} |", c.join(" | "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn row(judged: usize, met: usize, team: &str) -> TrendRow {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        TrendRow {
            period: "2026-10".into(),
            start: d("2026-10-01"),
            end: d("2026-10-31"),
            partial: false,
            rule: "monthly".into(),
            team: team.into(),
            judged,
            met,
            breached: judged - met,
            waived: 0,
        }
    }

    #[test]
    fn rates_near_the_ends_keep_a_decimal() {
        assert_eq!(rate_text(&row(1000, 996, "A")), "99.6%");
        assert_eq!(rate_text(&row(100, 87, "A")), "87%");
        assert_eq!(rate_text(&row(1000, 4, "A")), "0.4%");
        assert_eq!(rate_text(&row(5, 5, "A")), "100%");
        assert_eq!(rate_fraction(&row(3, 2, "A")), Some(0.6667));
    }

    #[test]
    fn team_names_are_escaped_for_the_terminal_and_markdown() {
        let trend = Trend {
            granularity: Granularity::Quarter,
            rows: vec![TrendRow {
                partial: true,
                ..row(4, 3, "Team\u{1b}[2J | A")
            }],
        };
        let mut text = String::new();
        human(&mut text, &trend);
        assert_eq!(
            text,
            "\nCompliance by quarter: people judged, and how many met the rule (* = only part of the period was judged)\n\
             \x20 period   rule    team              judged met breached waived rate\n\
             \x20 2026-10* monthly Team\\u{1b}[2J | A      4   3        1      0  75%\n"
        );
        let mut md = String::new();
        markdown(&mut md, &trend);
        assert!(
            md.contains("| 2026-10* | `monthly` | Team\\u{1b}[2J \\| A | 4 | 3 | 1 | 0 | 75% |"),
            "{md}"
        );
    }

    #[test]
    fn a_team_name_that_looks_like_a_formula_is_quoted_in_csv() {
        let trend = Trend {
            granularity: Granularity::Month,
            rows: vec![row(2, 1, "=cmd()")],
        };
        assert_eq!(
            csv(&trend),
            "period,start,end,partial,rule,team,judged,met,breached,waived,rate\n\
             2026-10,2026-10-01,2026-10-31,false,monthly,'=cmd(),2,1,1,0,0.5\n"
        );
    }
}
