//! The third row source: one sheet of an Excel workbook (`.xlsx`), read
//! with calamine. A sheet is read whole (calamine has no streaming reader);
//! its first row with any value is the header, and a row's "line" is its
//! row number as Excel shows it. Cells become the text the loader's one
//! row loop types, as for CSV: numbers as written (`3`, `0.5`), yes/no as
//! `true`/`false`, date cells (and plain numbers in a date column, both
//! Excel serial numbers) as ISO 8601. A formula's cached value is read.

use std::borrow::Cow;
use std::path::Path;

use calamine::{Data, Reader};

use super::cell::ColumnPlan;
use super::error::RecordError;
use super::source::{RowSource, Step};
use crate::policy::ColumnType;

/// The largest serial number Excel gives a day: 9999-12-31 is 2958465.
const LAST_SERIAL: f64 = 2_958_466.0;

/// How a sheet of a workbook is named in messages: the file and the sheet.
pub(super) fn label(path: &Path, sheet: &str) -> String {
    format!("{} (sheet {sheet})", path.display())
}

/// The names of a workbook's sheets, in the workbook's order.
#[expect(
    clippy::result_large_err,
    reason = "once per workbook; boxing would only move the allocation"
)]
pub(super) fn sheet_names(path: &Path) -> Result<Vec<String>, RecordError> {
    Ok(open(path)?.sheet_names())
}

type Workbook = calamine::Xlsx<std::io::BufReader<std::fs::File>>;

#[expect(clippy::result_large_err, reason = "as `sheet_names`")]
fn open(path: &Path) -> Result<Workbook, RecordError> {
    // A file that is not there says so, as a CSV file's would.
    if let Err(e) = std::fs::metadata(path) {
        return Err(RecordError::Unreadable {
            file: path.display().to_string(),
            message: e.to_string(),
        });
    }
    calamine::open_workbook::<Workbook, _>(path).map_err(|e| RecordError::Unreadable {
        file: path.display().to_string(),
        message: format!("it is not an Excel workbook (.xlsx) that can be read: {e}"),
    })
}

/// One sheet, row by row.
pub(super) struct XlsxRows {
    file: String,
    range: calamine::Range<Data>,
    /// The Excel row number of the range's first row, less one.
    first_row: u64,
    /// The index (in the range) of the next row to read, and of the current.
    next: usize,
    current: usize,
}

impl XlsxRows {
    /// Open the sheet that holds `table`: `sheet` if the mapping names one,
    /// else the sheet named after the table, else the workbook's only
    /// sheet. The source (named `file (sheet NAME)` in messages) and the
    /// header's column names.
    #[expect(clippy::result_large_err, reason = "as `sheet_names`")]
    pub(super) fn open(
        path: &Path,
        sheet: Option<&str>,
        table: &str,
    ) -> Result<(Self, Vec<String>), RecordError> {
        let mut workbook = open(path)?;
        let names = workbook.sheet_names();
        let chosen = match sheet {
            Some(wanted) => names.iter().find(|n| *n == wanted),
            None => names.iter().find(|n| *n == table).or(if names.len() == 1 {
                names.first()
            } else {
                None
            }),
        };
        let Some(name) = chosen.cloned() else {
            let wanted = sheet.unwrap_or(table).to_string();
            let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let hint = crate::suggest::closest(&wanted, names.iter().map(String::as_str))
                .map(|b| format!("did you mean `{b}`? "))
                .unwrap_or_default();
            return Err(RecordError::MissingSheet {
                file: path.display().to_string(),
                sheet: wanted,
                help: format!(
                    "{hint}its sheets are {}; name the one that holds `{table}` in the mapping file: `[tables.{table}] sheet = \"...\"`",
                    listed.join(", ")
                ),
            });
        };
        let file = label(path, &name);
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| RecordError::Unreadable {
                file: file.clone(),
                message: e.to_string(),
            })?;
        let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
        let mut source = XlsxRows {
            file,
            range,
            first_row,
            next: 0,
            current: 0,
        };
        // The header is the first row with a value: a sheet may start with
        // empty rows.
        let header = loop {
            let Some(row) = source.range.rows().nth(source.next) else {
                return Err(RecordError::EmptyFile {
                    file: source.file.clone(),
                });
            };
            source.next += 1;
            if row.iter().any(|c| !is_blank(c)) {
                break row
                    .iter()
                    .map(|c| header_text(c).trim().to_string())
                    .collect::<Vec<_>>();
            }
        };
        Ok((source, header))
    }

    pub(super) fn file(&self) -> &str {
        &self.file
    }
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn header_text(cell: &Data) -> Cow<'_, str> {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(s),
        Data::Empty => Cow::Borrowed(""),
        other => Cow::Owned(other.to_string()),
    }
}

/// A number as it would be written in a CSV export: `3`, not `3.0`.
fn number_text(n: f64) -> String {
    super::value::format_number(n)
}

/// An Excel serial number (days since the workbook's epoch, the time of day
/// as the fraction) as ISO 8601: a date, a time of day (a serial below 1,
/// as a time cell holds), or both. A serial outside Excel's days is left a
/// number, which no date column reads.
fn serial_text(serial: &calamine::ExcelDateTime) -> String {
    let value = serial.as_f64();
    if !value.is_finite() || !(0.0..LAST_SERIAL).contains(&value) {
        return number_text(value);
    }
    let (y, m, d, h, min, s, ms) = serial.to_ymd_hms_milli();
    let Some(exact) = chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
        .and_then(|day| {
            day.and_hms_milli_opt(u32::from(h), u32::from(min), u32::from(s), u32::from(ms))
        })
    else {
        // Excel's 1900-02-29, a day that never was.
        return format!("{y:04}-{m:02}-{d:02}");
    };
    // To the nearest second: a time typed as 09:30 is stored as a binary
    // fraction a hair either side of it.
    let rounded = exact + chrono::TimeDelta::milliseconds(500);
    let at = rounded
        - chrono::TimeDelta::milliseconds(i64::from(rounded.and_utc().timestamp_subsec_millis()));
    if value < 1.0 {
        at.format("%H:%M:%S").to_string()
    } else if at.time() == chrono::NaiveTime::MIN {
        at.format("%Y-%m-%d").to_string()
    } else {
        at.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

impl RowSource for XlsxRows {
    fn next_row(&mut self) -> Step {
        let Some(row) = self.range.rows().nth(self.next) else {
            return Step::End;
        };
        self.current = self.next;
        self.next += 1;
        let line = self.first_row + u64::try_from(self.current).unwrap_or(u64::MAX) + 1;
        if row.iter().all(is_blank) {
            return Step::Blank;
        }
        Step::Row(line)
    }

    fn cell(
        &self,
        _index: usize,
        plan: &ColumnPlan,
        line: u64,
    ) -> Result<Cow<'_, str>, Box<RecordError>> {
        let Some(column) = plan.source else {
            return Ok(Cow::Borrowed(""));
        };
        let Some(cell) = self.range.get((self.current, column)) else {
            return Ok(Cow::Borrowed(""));
        };
        let dated = matches!(plan.column.ty, ColumnType::Date | ColumnType::Datetime);
        Ok(match cell {
            Data::Empty => Cow::Borrowed(""),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(s),
            Data::Int(i) => Cow::Owned(i.to_string()),
            // A plain number in a date column is a serial number whose cell
            // lost its date format.
            Data::Float(f) if dated => Cow::Owned(serial_text(&calamine::ExcelDateTime::new(
                *f,
                calamine::ExcelDateTimeType::DateTime,
                false,
            ))),
            Data::Float(f) => Cow::Owned(number_text(*f)),
            Data::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            // A duration cell (`[h]:mm`), or a time cell in a duration
            // column (`1:30` typed into an `hh:mm` cell), is read as minutes.
            Data::DateTime(d) if d.is_duration() || plan.column.ty == ColumnType::Duration => {
                Cow::Owned(number_text((d.as_f64() * 1440.0).round()))
            }
            Data::DateTime(d) => Cow::Owned(serial_text(d)),
            Data::Error(e) => {
                return Err(Box::new(RecordError::BadValue {
                    file: self.file.clone(),
                    line,
                    column: plan.label.clone(),
                    value: e.to_string(),
                    expected: plan.column.ty.describe(),
                    help: "the cell holds a spreadsheet error, not a value: correct its formula or its value in the workbook".into(),
                }))
            }
        })
    }

    fn rows_left(&self) -> Option<usize> {
        Some(self.range.height().saturating_sub(self.next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Column;
    use crate::records::cell::column;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    fn serial(v: f64) -> String {
        serial_text(&ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false))
    }

    #[test]
    fn serial_numbers_read_as_iso_dates_and_times() {
        // 46085 is 2026-03-04 in the 1900 system.
        assert_eq!(serial(46085.0), "2026-03-04");
        assert_eq!(serial(46085.0 + 9.5 / 24.0), "2026-03-04T09:30:00");
        assert_eq!(serial(9.5 / 24.0), "09:30:00");
        // A hair before midnight rounds to the next day's midnight.
        assert_eq!(serial(46_085.999_999_99), "2026-03-05");
        // Excel's first day, and a day Excel does not have.
        assert_eq!(serial(1.0), "1900-01-01");
        assert_eq!(serial(-1.0), "-1");
        assert_eq!(serial(3_000_000.0), "3000000");
    }

    #[test]
    fn each_kind_of_cell_reads_as_its_text() -> Result<(), rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{ExcelDateTime as Xdt, Format, Formula, Workbook};
        let dir = std::env::temp_dir().join(format!("sup-xlsx-cells-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("cells.xlsx");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("t")?;
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let time = Format::new().set_num_format("hh:mm");
        let span = Format::new().set_num_format("[h]:mm");
        sheet.write_string(0, 0, "a")?;
        sheet.write_number(1, 0, 3.0)?;
        sheet.write_number(2, 0, 0.5)?;
        sheet.write_boolean(3, 0, true)?;
        sheet.write_datetime_with_format(4, 0, Xdt::from_ymd(2026, 3, 4)?, &date)?;
        sheet.write_datetime_with_format(5, 0, Xdt::from_hms(9, 30, 0)?, &time)?;
        sheet.write_datetime_with_format(6, 0, Xdt::from_hms(26, 15, 0)?, &span)?;
        sheet.write_formula(7, 0, Formula::new("=\"S\"&\"12\"").set_result("S12"))?;
        sheet.write_number(8, 0, 46085.0)?;
        book.save(&path)?;
        let (mut rows, header) = XlsxRows::open(&path, None, "t")
            .map_err(|e| rust_xlsxwriter::XlsxError::ParameterError(e.to_string()))?;
        assert_eq!(header, ["a"]);
        assert_eq!(rows.file(), format!("{} (sheet t)", path.display()));
        let (text, number, date_col, datetime, duration) = (
            column(ColumnType::Text),
            column(ColumnType::Number),
            column(ColumnType::Date),
            column(ColumnType::Datetime),
            column(ColumnType::Duration),
        );
        let mut read = |c: &Column| match rows.next_row() {
            Step::Row(line) => rows
                .cell(
                    0,
                    &ColumnPlan::plain(c, Some(0), c.name.clone(), c.name.clone()),
                    line,
                )
                .map(|t| format!("{line}: {t}"))
                .unwrap_or_else(|e| e.to_string()),
            _ => "no row".into(),
        };
        assert_eq!(read(&number), "2: 3");
        assert_eq!(read(&number), "3: 0.5");
        assert_eq!(read(&text), "4: true");
        assert_eq!(read(&date_col), "5: 2026-03-04");
        assert_eq!(read(&datetime), "6: 09:30:00");
        assert_eq!(read(&duration), "7: 1575");
        // A formula: its cached value.
        assert_eq!(read(&text), "8: S12");
        // A plain number in a date column is a serial number; elsewhere a number.
        assert_eq!(read(&date_col), "9: 2026-03-04");
        assert!(matches!(rows.next_row(), Step::End));
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(number_text(-2.0), "-2");
        assert_eq!(number_text(1e20), "100000000000000000000");
    }
}
