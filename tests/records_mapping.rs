//! Real exports in: the SSD-style export under `tests/data/records/ok/ssd/`
//! (professionals with a registration number, supervision notes with codes
//! and DD/MM/YYYY dates) is mapped with no list of people and judged to
//! known findings; the same rows as Excel workbooks (made here with
//! rust_xlsxwriter: date and time cells, text dates, a formula) give the
//! same findings; a bad workbook's errors name the sheet, row and column;
//! and the mapping's parsing holds up to random input.

// A failed expectation in a test is a failing test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ssd() -> PathBuf {
    root().join("tests/data/records/ok/ssd")
}

/// `sup eval` of the SSD policy on `records` with `mapping`, run in `dir`:
/// (exit code, stdout, stderr).
fn eval(dir: &Path, records: &str, mapping: &str, format: &str) -> (i32, String, String) {
    let policy = ssd().join("policy.sup");
    let out = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(["eval"])
        .arg(&policy)
        .args([
            "--records",
            records,
            "--map",
            mapping,
            "--as-of",
            "2026-04-01",
            "--from",
            "2026-01-01",
            "--format",
            format,
        ])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("sup runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The findings of a JSON report.
fn findings(json: &str) -> serde_json::Value {
    let report: serde_json::Value = serde_json::from_str(json).expect("a JSON report");
    report
        .get("findings")
        .cloned()
        .expect("the report has findings")
}

/// Each finding as `rule subject window`, for reading.
fn summary(findings: &serde_json::Value) -> Vec<String> {
    let text = |v: &serde_json::Value, path: &[&str]| {
        let mut v = v;
        for key in path {
            v = &v[*key];
        }
        v.as_str().unwrap_or("").to_string()
    };
    findings
        .as_array()
        .expect("a list")
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}..{}",
                text(f, &["rule"]),
                text(f, &["subject", "kind"]),
                text(f, &["subject", "id"]),
                text(f, &["window", "start"]),
                text(f, &["window", "end"]),
            )
        })
        .collect()
}

fn ssd_findings() -> serde_json::Value {
    let (code, out, err) = eval(&ssd(), ".", "mapping.toml", "json");
    assert_eq!(code, 1, "{err}");
    assert!(err.is_empty(), "{err}");
    findings(&out)
}

#[test]
fn the_ssd_export_is_mapped_with_no_list_of_people() {
    // P004 had February's one-to-one cancelled, and P006 only a group
    // session (`GRP-TEAM`, by prefix); P006 was supervised in January by
    // P003, whose registration number is empty (so no `swe`); N02 was
    // recorded five days after it was held. Everyone else is compliant:
    // the ISO date (N04), the `%d %b %Y` date (N07), the note with no time
    // (a cancelled one) and the session at 16:30 on the last day (N09)
    // were all read.
    assert_eq!(
        summary(&ssd_findings()),
        [
            "monthly staff P004 2026-02-01..2026-02-28",
            "monthly staff P006 2026-02-01..2026-02-28",
            "registered_supervisors staff P006 2026-01-08..2026-01-08",
            "recorded_within_48_hours sessions N02 2026-01-07..2026-01-09",
        ]
    );
    let mapping = std::fs::read_to_string(ssd().join("mapping.toml")).expect("mapping");
    for id in ["P001", "P002", "P003", "P004", "P005", "P006", "SW1000"] {
        assert!(!mapping.contains(id), "the mapping lists no person: {id}");
    }
}

/// The rows of a CSV file of the SSD case.
fn rows(file: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(ssd().join(file)).expect("csv");
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// `31/03/2026` as its parts.
fn dmy(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = text.split('/');
    let d = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let y = parts.next()?.parse().ok()?;
    Some((y, m, d))
}

/// `09:30` as its parts.
fn hm(text: &str) -> Option<(u16, u8)> {
    let (h, m) = text.split_once(':')?;
    Some((h.parse().ok()?, m.parse().ok()?))
}

/// Write one sheet: professionals as text, notes with real date, time and
/// date-time cells where the CSV has `DD/MM/YYYY` (the others stay text,
/// as a hand-kept workbook has them), and the first note's code as a
/// formula whose cached value is the code.
fn write_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    rows: &[Vec<String>],
    dated: bool,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("hh:mm");
    let date_time = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    // Two empty rows above the header: rows are named as Excel numbers
    // them, from 1 at the top of the sheet.
    let header = rows.first().cloned().unwrap_or_default();
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 2).unwrap_or(u32::MAX);
        for (c, value) in row.iter().enumerate() {
            let name = header.get(c).map_or("", String::as_str);
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            if value.is_empty() {
                continue;
            }
            let as_date = dmy(value).and_then(|(y, m, d)| ExcelDateTime::from_ymd(y, m, d).ok());
            let as_time = hm(value).and_then(|(h, m)| ExcelDateTime::from_hms(h, m, 0).ok());
            if r == 2 || !dated {
                sheet.write_string(r, c, value)?;
            } else if let (Some(day), "note_date") = (&as_date, name) {
                sheet.write_datetime_with_format(r, c, day, &date)?;
            } else if let (Some(at), "note_time") = (&as_time, name) {
                sheet.write_datetime_with_format(r, c, at, &time)?;
            } else if name == "note_recorded_date" && value.contains('/') {
                let (day, at) = value.split_once(' ').unwrap_or_default();
                let (y, m, d) = dmy(day).unwrap_or_default();
                let (h, min) = hm(at).unwrap_or_default();
                let when = ExcelDateTime::from_ymd(y, m, d)?.and_hms(h, min, 0)?;
                sheet.write_datetime_with_format(r, c, when, &date_time)?;
            } else if name == "note_type_code" && r == 3 {
                let (prefix, rest) = value.split_at(3);
                let formula = Formula::new(format!("=\"{prefix}\"&\"{rest}\"")).set_result(value);
                sheet.write_formula(r, c, formula)?;
            } else {
                sheet.write_string(r, c, value)?;
            }
        }
    }
    Ok(())
}

/// A directory under the test target's scratch space, emptied.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("records_mapping")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Save a workbook at `path` with a sheet per (name, rows): the staff
/// sheet first, as text; the notes next, with date and time cells; then
/// sheets with no rows.
fn save_workbook(path: &Path, staff: &str, notes: (&str, &[Vec<String>]), empty: &[&str]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name(staff).unwrap();
    write_sheet(sheet, &rows("professionals.csv"), false).unwrap();
    let sheet = book.add_worksheet().set_name(notes.0).unwrap();
    write_sheet(sheet, notes.1, true).unwrap();
    for name in empty {
        book.add_worksheet().set_name(*name).unwrap();
    }
    book.save(path).unwrap();
}

/// The SSD mapping with each table's `file = ...` line replaced.
fn mapping_with(staff: &str, sessions: &str) -> String {
    std::fs::read_to_string(ssd().join("mapping.toml"))
        .expect("mapping")
        .replace("file = \"professionals.csv\"\n", staff)
        .replace("file = \"supervision_notes.csv\"\n", sessions)
}

#[test]
fn the_ssd_export_as_a_workbook_gives_the_same_findings() {
    let csv = ssd_findings();
    // One workbook with its sheets named in the mapping.
    let dir = scratch("named-sheets");
    let notes = rows("supervision_notes.csv");
    save_workbook(
        &dir.join("ssd.xlsx"),
        "Professionals",
        ("Supervision notes", &notes),
        &[],
    );
    let mapping = mapping_with(
        "file = \"ssd.xlsx\"\nsheet = \"Professionals\"\n",
        "file = \"ssd.xlsx\"\nsheet = \"Supervision notes\"\n",
    );
    std::fs::write(dir.join("mapping.toml"), mapping).unwrap();
    let (code, out, err) = eval(&dir, ".", "mapping.toml", "json");
    assert_eq!((code, err.as_str()), (1, ""));
    assert_eq!(findings(&out), csv);

    // One sheet per table, named after it: no file in the mapping.
    let dir = scratch("sheet-per-table");
    save_workbook(
        &dir.join("export.xlsx"),
        "staff",
        ("sessions", &notes),
        &["Read me"],
    );
    std::fs::write(dir.join("mapping.toml"), mapping_with("", "")).unwrap();
    let (code, out, err) = eval(&dir, ".", "mapping.toml", "json");
    assert_eq!((code, err.as_str()), (1, ""));
    assert_eq!(findings(&out), csv);
    // The human report names the sheets it read.
    let (_, human, _) = eval(&dir, ".", "mapping.toml", "human");
    assert!(
        human.contains("records  . (staff 6, sessions 10)"),
        "{human}"
    );
}

#[test]
fn a_bad_workbook_names_the_sheet_row_and_column() {
    let dir = scratch("bad-cells");
    let mut notes = rows("supervision_notes.csv");
    // Excel row 5 (the header is on row 3): a day that does not exist; row
    // 6: a status code nothing maps; row 7: a time that is no time.
    notes[2][5] = "30/02/2026".into();
    notes[3][4] = "DONE".into();
    notes[4][6] = "9h30".into();
    save_workbook(&dir.join("export.xlsx"), "staff", ("sessions", &notes), &[]);
    std::fs::write(dir.join("mapping.toml"), mapping_with("", "")).unwrap();
    let (code, out, err) = eval(&dir, ".", "mapping.toml", "human");
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    insta::assert_snapshot!("xlsx-bad-cells", err);

    // A mapping naming a sheet the workbook does not have.
    std::fs::write(
        dir.join("mapping.toml"),
        mapping_with("file = \"export.xlsx\"\nsheet = \"Staff\"\n", ""),
    )
    .unwrap();
    let (code, _, err) = eval(&dir, ".", "mapping.toml", "human");
    assert_eq!(code, 2, "{err}");
    insta::assert_snapshot!("xlsx-missing-sheet", err);

    // A CSV file saved with the workbook's extension.
    let dir = scratch("not-a-workbook");
    std::fs::copy(ssd().join("professionals.csv"), dir.join("staff.xlsx")).unwrap();
    std::fs::copy(
        ssd().join("supervision_notes.csv"),
        dir.join("supervision_notes.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.join("mapping.toml"),
        mapping_with("", "file = \"supervision_notes.csv\"\n"),
    )
    .unwrap();
    let (code, _, err) = eval(&dir, ".", "mapping.toml", "human");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("sup::records::unreadable")
            && err.contains(
                "cannot read `./staff.xlsx`: it is not an Excel workbook (.xlsx) that can be read"
            ),
        "{err}"
    );
}

/// Date formats an export might use; some pairs are ambiguous.
const FORMATS: &[&str] = &[
    "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %b %Y", "%b %d %Y", "%Y/%m/%d", "%Y/%d/%m",
    "%d/%m/%y", "%d%m%Y", "%m%d%Y", "%Y%m%d", "%Y-%d-%m", "%e/%m/%Y", "%y%m%d", "%d %B %Y", "%F",
    "%D",
];

fn policy() -> sup::policy::CompiledPolicy {
    let source = "policy \"p\" {}\nregistrations: swe\n";
    sup::check::check(source, &sup::check::CheckOptions::default()).policy
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the text, parsing a mapping gives a mapping or one error
    /// naming a line and column inside the text, and never panics.
    #[test]
    fn any_mapping_text_parses_or_names_where(
        lines in prop::collection::vec(prop_oneof![
            Just("[tables.sessions]".to_string()),
            Just("[tables.sessions.patterns]".to_string()),
            Just("[tables.sessions.derive]".to_string()),
            Just("[tables.staff.derive]".to_string()),
            Just("[tables.sessions.formats]".to_string()),
            Just("[tables.sessions.other]".to_string()),
            "[a-z_.\\[\\]]{0,20}",
            "[a-z_]{1,12} = \"[^\"\\\\\n]{0,12}\"",
            "kind = \\[\\{ (regex|prefix) = '[^'\n]{0,12}', value = \"[a-z_]{0,12}\" \\}\\]",
            "(start|recorded) = \\{ (date|time|constant|present) = \"[a-z_]{0,8}\"( , (date|time|value) = \"[a-z_ ]{0,8}\")? \\}",
            "registrations = \\{ present = \"[a-z]{1,8}\", value = \"[a-z]{0,5}\" \\}",
            "start = \\[(\"%[dmYbyHM/ .-]{0,8}\", ?){0,3}\\]",
            ".{0,30}",
        ], 0..8)
    ) {
        let text = lines.join("\n");
        // Lines end as the policy's spans count them: at `\n`, or at a `\r`
        // not followed by one.
        let ends = text.char_indices().filter(|(i, c)| {
            *c == '\n' || (*c == '\r' && text.as_bytes().get(i + 1) != Some(&b'\n'))
        });
        let line_count = u32::try_from(ends.count() + 1).unwrap_or(u32::MAX);
        match sup::records::Mapping::parse("m.toml", &text, &policy()) {
            Ok(_) => {}
            Err(sup::records::RecordError::BadMapping { line, column, message, .. }) => {
                prop_assert!(line >= 1 && line <= line_count, "line {line} of {line_count}: {message}\n{text:?}");
                prop_assert!(column >= 1, "{message}");
                prop_assert!(!message.is_empty());
            }
            Err(other) => prop_assert!(false, "not a mapping error: {other}"),
        }
    }

    /// Formats are tried in order after ISO 8601, and a list that is
    /// accepted is one in which every format reads back each day it writes:
    /// no earlier format reads it as another day.
    #[test]
    fn accepted_formats_read_back_every_day(
        picks in prop::collection::vec(0..FORMATS.len(), 1..4),
        days in 0i64..(365 * 60),
    ) {
        let formats: Vec<&str> = picks.iter().map(|i| FORMATS[*i]).collect();
        let list: Vec<String> = formats.iter().map(|f| format!("{f:?}")).collect();
        let text = format!("[tables.staff.formats]\nstart_date = [{}]\n", list.join(", "));
        let accepted = sup::records::Mapping::parse("m.toml", &text, &policy()).is_ok();
        let day = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::TimeDelta::days(days);
        if accepted {
            for format in &formats {
                let written = day.format(format).to_string();
                let read = sup::records::parse_date(&written).or_else(|| {
                    formats.iter().find_map(|f| sup::records::parse_date_as(&written, f))
                });
                prop_assert_eq!(read, Some(day), "{} written as {}", format, written);
            }
        }
    }

    /// A code is mapped by the first pattern that matches it, a prefix
    /// matching exactly the codes that start with it.
    #[test]
    fn patterns_are_tried_in_order(prefix in "[A-Z]{1,4}", code in "[A-Z]{0,6}") {
        let text = format!(
            "[tables.sessions.patterns]\nkind = [{{ prefix = \"{prefix}\", value = \"group_supervision\" }}, {{ regex = '^[A-Z]+$', value = \"peer_supervision\" }}]\n"
        );
        let mapping = sup::records::Mapping::parse("m.toml", &text, &policy()).unwrap();
        let patterns = &mapping.table("sessions").unwrap().patterns["kind"];
        let first = patterns.iter().find(|p| p.matches(&code)).map(|p| p.value.as_str());
        let expected = if code.starts_with(&prefix) {
            Some("group_supervision")
        } else if code.is_empty() {
            None
        } else {
            Some("peer_supervision")
        };
        prop_assert_eq!(first, expected);
    }
}
