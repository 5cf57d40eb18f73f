//! The spreadsheet report (`--format xlsx`): a workbook of four sheets —
//! summary, findings, due soon and trend — each with its header row frozen
//! and (but the summary) an autofilter, dates as real dates, counts as
//! numbers. What data teams pass around; the findings sheet has a row per
//! finding, with the same plain words as the human report.
//!
//! Every cell is written as a string, number or date, never as a formula,
//! so text from an export cannot run as one; control characters in it are
//! escaped as in the other reports.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::digest::{Digest, Entry, Standing};
use super::{evidence_text, Report};
use crate::eval::Status;
use crate::report::escape::terminal as safe;

/// The columns of the findings sheet.
const FINDINGS: &[(&str, f64)] = &[
    ("status", 9.0),
    ("date", 11.0),
    ("person", 10.0),
    ("role", 16.0),
    ("team", 16.0),
    ("rule", 28.0),
    ("family", 11.0),
    ("line", 6.0),
    ("what", 70.0),
    ("next", 50.0),
    ("window_start", 12.0),
    ("window_end", 12.0),
    ("due", 16.0),
    ("subject", 18.0),
    ("evidence", 30.0),
    ("expected", 40.0),
    ("actual", 40.0),
    ("waiver", 10.0),
    ("waiver_approved_by", 12.0),
    ("waiver_expires", 12.0),
    ("waiver_reason", 40.0),
];

const DUE_SOON: &[(&str, f64)] = &[
    ("due", 11.0),
    ("person", 10.0),
    ("role", 16.0),
    ("team", 16.0),
    ("rule", 28.0),
    ("what", 70.0),
    ("next", 60.0),
];

const TREND: &[(&str, f64)] = &[
    ("period", 9.0),
    ("start", 11.0),
    ("end", 11.0),
    ("partial", 8.0),
    ("rule", 28.0),
    ("team", 16.0),
    ("judged", 8.0),
    ("met", 8.0),
    ("breached", 9.0),
    ("waived", 8.0),
    ("rate", 8.0),
];

pub(super) fn render(r: &Report) -> Result<Vec<u8>, String> {
    build(r).map_err(|e| format!("cannot write the workbook: {e}"))
}

/// Formats shared by the sheets.
struct Styles {
    header: Format,
    date: Format,
    rate: Format,
    wrap: Format,
}

fn build(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let d = Digest::of(r);
    let styles = Styles {
        header: Format::new().set_bold(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        rate: Format::new().set_num_format("0.0%"),
        wrap: Format::new().set_text_wrap(),
    };
    let mut workbook = Workbook::new();
    summary(workbook.add_worksheet(), r, &d, &styles)?;
    findings(workbook.add_worksheet(), r, &d, &styles)?;
    due_soon(workbook.add_worksheet(), r, &d, &styles)?;
    trend(workbook.add_worksheet(), r, &styles)?;
    workbook.save_to_buffer()
}

/// A header row, frozen, with each column's width.
fn header(sheet: &mut Worksheet, columns: &[(&str, f64)], s: &Styles) -> Result<(), XlsxError> {
    for (col, (name, width)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, col, *name, &s.header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn filter(sheet: &mut Worksheet, rows: u32, columns: &[(&str, f64)]) -> Result<(), XlsxError> {
    let last = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    sheet.autofilter(0, 0, rows.max(1), last)?;
    Ok(())
}

fn date(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    day: NaiveDate,
    s: &Styles,
) -> Result<(), XlsxError> {
    // Excel's dates run from 1900 to 9999; a day outside them stays text.
    let excel = u16::try_from(day.year())
        .ok()
        .and_then(|y| u8::try_from(day.month()).ok().map(|m| (y, m)))
        .and_then(|(y, m)| u8::try_from(day.day()).ok().map(|d| (y, m, d)))
        .and_then(|(y, m, d)| ExcelDateTime::from_ymd(y, m, d).ok());
    match excel {
        Some(when) => sheet.write_datetime_with_format(row, col, &when, &s.date)?,
        None => sheet.write_string(row, col, day.to_string())?,
    };
    Ok(())
}

fn text(sheet: &mut Worksheet, row: u32, col: u16, value: &str) -> Result<(), XlsxError> {
    if !value.is_empty() {
        sheet.write_string(row, col, safe(value))?;
    }
    Ok(())
}

fn number(sheet: &mut Worksheet, row: u32, col: u16, value: usize) -> Result<(), XlsxError> {
    sheet.write_number(row, col, value as f64)?;
    Ok(())
}

fn summary(sheet: &mut Worksheet, r: &Report, d: &Digest, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("summary")?;
    let e = r.evaluation;
    let period = e.period;
    let columns: &[(&str, f64)] = &[
        ("team", 22.0),
        ("people", 8.0),
        ("open", 8.0),
        ("closed", 8.0),
        ("waived", 8.0),
        ("due_soon", 9.0),
    ];
    header(sheet, columns, s)?;
    let mut row = 1u32;
    let counts = d
        .teams
        .iter()
        .map(|(t, c)| (t.as_str(), c))
        .chain([("all teams", &d.total)]);
    for (team, c) in counts {
        text(sheet, row, 0, team)?;
        for (col, n) in (1u16..).zip([c.people, c.open, c.closed, c.waived, c.due_soon]) {
            number(sheet, row, col, n)?;
        }
        row += 1;
    }
    // What was judged, below the table.
    row += 1;
    let facts: Vec<(&str, String)> = vec![
        ("policy", r.policy.header.title.clone()),
        ("policy file", r.policy.source.clone()),
        ("records", r.records.to_string()),
    ];
    for (name, value) in facts {
        sheet.write_string_with_format(row, 0, name, &s.header)?;
        text(sheet, row, 1, &value)?;
        row += 1;
    }
    for (name, day) in [
        ("first day judged", Some(period.from)),
        ("last day judged", Some(period.last)),
        ("as of", Some(period.as_of)),
        ("due soon until", period.horizon),
    ] {
        if let Some(day) = day {
            sheet.write_string_with_format(row, 0, name, &s.header)?;
            date(sheet, row, 1, day, s)?;
            row += 1;
        }
    }
    for (name, n) in [
        ("breaches", e.count(Status::Breach)),
        ("waived", e.count(Status::Waived)),
        ("pending", e.count(Status::Pending)),
        ("rules", e.rules.len()),
        ("rules with breaches", r.rules_with_breaches()),
        ("skipped rows", r.skipped_rows),
    ] {
        sheet.write_string_with_format(row, 0, name, &s.header)?;
        number(sheet, row, 1, n)?;
        row += 1;
    }
    Ok(())
}

/// Role and team of an entry's person, as the sheets show them.
fn role_of(r: &Report, e: &Entry) -> String {
    e.person
        .as_deref()
        .and_then(|id| r.people.person(id))
        .map(|p| p.role.clone())
        .unwrap_or_default()
}

fn findings(sheet: &mut Worksheet, r: &Report, d: &Digest, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("findings")?;
    header(sheet, FINDINGS, s)?;
    let mut row = 1u32;
    for e in d.entries.iter().filter(|e| e.standing != Standing::DueSoon) {
        let role = role_of(r, e);
        for f in &e.findings {
            text(sheet, row, 0, e.standing.word())?;
            date(sheet, row, 1, f.date, s)?;
            text(sheet, row, 2, e.person.as_deref().unwrap_or(""))?;
            text(sheet, row, 3, &role)?;
            text(sheet, row, 4, &e.team)?;
            text(sheet, row, 5, &f.rule)?;
            text(sheet, row, 6, f.family)?;
            number(sheet, row, 7, f.line as usize)?;
            sheet.write_string_with_format(row, 8, safe(&e.plain.what), &s.wrap)?;
            text(sheet, row, 9, e.plain.next.as_deref().unwrap_or(""))?;
            if let Some(w) = f.window {
                date(sheet, row, 10, w.start, s)?;
                date(sheet, row, 11, w.end, s)?;
            }
            text(sheet, row, 12, f.due.as_deref().unwrap_or(""))?;
            text(sheet, row, 13, &f.subject.to_string())?;
            text(sheet, row, 14, &evidence_text(f))?;
            text(sheet, row, 15, &f.expected)?;
            text(sheet, row, 16, &f.actual)?;
            if let Some(w) = &f.waiver {
                text(sheet, row, 17, &w.id)?;
                text(sheet, row, 18, &w.approved_by)?;
                if let Some(x) = w.expires {
                    date(sheet, row, 19, x, s)?;
                }
                text(sheet, row, 20, &w.reason)?;
            }
            row += 1;
        }
    }
    filter(sheet, row.saturating_sub(1), FINDINGS)
}

fn due_soon(sheet: &mut Worksheet, r: &Report, d: &Digest, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("due soon")?;
    header(sheet, DUE_SOON, s)?;
    let mut row = 1u32;
    for e in d.entries.iter().filter(|e| e.standing == Standing::DueSoon) {
        let Some(f) = e.first() else {
            continue;
        };
        date(sheet, row, 0, f.date, s)?;
        text(sheet, row, 1, e.person.as_deref().unwrap_or(""))?;
        text(sheet, row, 2, &role_of(r, e))?;
        text(sheet, row, 3, &e.team)?;
        text(sheet, row, 4, &f.rule)?;
        text(sheet, row, 5, &e.plain.what)?;
        text(sheet, row, 6, e.plain.next.as_deref().unwrap_or(""))?;
        row += 1;
    }
    filter(sheet, row.saturating_sub(1), DUE_SOON)
}

fn trend(sheet: &mut Worksheet, r: &Report, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("trend")?;
    header(sheet, TREND, s)?;
    let mut row = 1u32;
    for t in r.evaluation.trend.iter().flat_map(|t| &t.rows) {
        text(sheet, row, 0, &t.period)?;
        date(sheet, row, 1, t.start, s)?;
        date(sheet, row, 2, t.end, s)?;
        sheet.write_boolean(row, 3, t.partial)?;
        text(sheet, row, 4, &t.rule)?;
        text(sheet, row, 5, &t.team)?;
        for (col, n) in (6u16..).zip([t.judged, t.met, t.breached, t.waived]) {
            number(sheet, row, col, n)?;
        }
        if let Some(rate) = t.rate() {
            sheet.write_number_with_format(row, 10, rate / 100.0, &s.rate)?;
        }
        row += 1;
    }
    filter(sheet, row.saturating_sub(1), TREND)
}
