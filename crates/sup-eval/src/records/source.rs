//! Where rows come from: a CSV file or a JSON Lines file, each read as a
//! [`RowSource`] that yields one row at a time with the line it starts on
//! and the raw text of each kept cell. The loader has one row loop for both.

use std::collections::BTreeSet;
use std::io::Read;

use super::cell::ColumnPlan;
use super::csv_reader::{CsvReader, Row};
use super::error::{RecordError, RecordNote};
use crate::diagnostic::Code;
use crate::policy::ColumnType;

fn csv_error(file: &str, error: &csv::Error) -> RecordError {
    let line = error.position().map_or(0, csv::Position::line);
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => RecordError::NotUtf8 {
            file: file.to_string(),
            line,
            column: "(row)".into(),
        },
        csv::ErrorKind::Io(e) => RecordError::Unreadable {
            file: file.to_string(),
            message: e.to_string(),
        },
        _ => RecordError::BadCsv {
            file: file.to_string(),
            line,
            message: error.to_string(),
        },
    }
}

/// One line of a JSON Lines file. serde_json's own `Value` keeps the last of
/// two equal keys without a word (`{"kind": "a", "kind": "b"}` reads as `b`);
/// here a repeated key is an error, as a repeated CSV column is.
enum JsonLine {
    Object(serde_json::Map<String, serde_json::Value>),
    Other,
}

impl<'de> serde::Deserialize<'de> for JsonLine {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonLineVisitor)
    }
}

struct JsonLineVisitor;

impl<'de> serde::de::Visitor<'de> for JsonLineVisitor {
    type Value = JsonLine;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonLine, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "the key `{key}` appears twice in the object"
                )));
            }
            let value = map.next_value::<serde_json::Value>()?;
            object.insert(key, value);
        }
        Ok(JsonLine::Object(object))
    }

    // Anything else is read (so the line's syntax is still checked) and
    // reported as "not a JSON object".
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonLine, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(JsonLine::Other)
    }
    fn visit_bool<E>(self, _: bool) -> Result<JsonLine, E> {
        Ok(JsonLine::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<JsonLine, E> {
        Ok(JsonLine::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<JsonLine, E> {
        Ok(JsonLine::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<JsonLine, E> {
        Ok(JsonLine::Other)
    }
    fn visit_str<E>(self, _: &str) -> Result<JsonLine, E> {
        Ok(JsonLine::Other)
    }
    fn visit_unit<E>(self) -> Result<JsonLine, E> {
        Ok(JsonLine::Other)
    }
}

/// What a source gives next.
pub(super) enum Step {
    /// A row, starting on this line: its cells are read with
    /// [`RowSource::cell`].
    Row(u64),
    /// Not a row (a blank line).
    Blank,
    /// A row that cannot be read at all: skipped under `--lenient`.
    Bad(Vec<RecordError>),
    /// The rest of the file cannot be read, even under `--lenient`.
    Stop(RecordError),
    End,
}

/// A file read row by row. The loader's one row loop (`Loader::read_rows`)
/// types the cells, checks them and handles `--lenient`; a source only
/// knows its format.
pub(super) trait RowSource {
    /// Move to the next row.
    fn next_row(&mut self) -> Step;
    /// The raw text of the current row's cell for the kept column `index`
    /// (its plan is `plan`), or why it cannot be read. A column the file
    /// does not have reads as empty.
    fn cell(
        &self,
        index: usize,
        plan: &ColumnPlan,
        line: u64,
    ) -> Result<std::borrow::Cow<'_, str>, Box<RecordError>>;
    /// After the row's cells were read, with how many could not be: a note
    /// about the row, or an error that stops the file.
    fn after_row(
        &mut self,
        _line: u64,
        _errors: usize,
    ) -> Result<Option<RecordNote>, Box<RecordError>> {
        Ok(None)
    }
    /// How many rows are left, estimated, once a sample was read.
    fn rows_left(&self) -> Option<usize> {
        None
    }
    /// How many line ends were read so far, and whether a `"` was among
    /// the bytes read (for a CSV file read in chunks).
    fn read_so_far(&self) -> (u64, bool) {
        (0, true)
    }
}

/// A CSV file with a header row.
pub(super) struct CsvRows<R: Read> {
    csv: CsvReader<R>,
    /// The current row: as text once it is checked to be UTF-8 (the whole
    /// row at once, which is cheaper than field by field).
    row: Row,
    file: String,
    header_len: usize,
    /// The file's size in bytes, to estimate its rows and to know the end.
    size: u64,
    /// The current row runs over several lines, to `last_line`.
    runs_on: bool,
    last_line: u64,
}

impl<R: Read> CsvRows<R> {
    /// Read the header row: the source and the header's column names.
    #[expect(
        clippy::result_large_err,
        reason = "once per file; boxing would only move the allocation"
    )]
    pub(super) fn open(
        file: &str,
        reader: R,
        size: u64,
    ) -> Result<(Self, Vec<String>), RecordError> {
        let mut csv = CsvReader::new(reader);
        let mut row = Row::default();
        let empty = || RecordError::EmptyFile {
            file: file.to_string(),
        };
        let header: Vec<String> = match csv.read_row(&mut row) {
            Ok(true) => {
                let mut names = Vec::new();
                for field in row.iter() {
                    let name = std::str::from_utf8(field).map_err(|_| RecordError::NotUtf8 {
                        file: file.to_string(),
                        line: 1,
                        column: "(header)".into(),
                    })?;
                    names.push(name.trim().to_string());
                }
                names
            }
            Ok(false) => return Err(empty()),
            Err(e) => return Err(csv_error(file, &csv::Error::from(e))),
        };
        if header.iter().all(String::is_empty) {
            return Err(empty());
        }
        let source = CsvRows {
            csv,
            row,
            file: file.to_string(),
            header_len: header.len(),
            size,
            runs_on: false,
            last_line: 0,
        };
        Ok((source, header))
    }

    /// Rows that start a chunk of a file, after its header (read with
    /// [`CsvRows::open`] from the file's start): `reader` starts at a row
    /// and holds `size` bytes. Lines are counted from the chunk's start,
    /// its first line being line 1.
    pub(super) fn resume(file: &str, reader: R, size: u64, header_len: usize) -> Self {
        let csv = CsvReader::new(reader);
        CsvRows {
            csv,
            row: Row::default(),
            file: file.to_string(),
            header_len,
            size,
            runs_on: false,
            last_line: 0,
        }
    }
}

impl<R: Read> CsvRows<R> {
    /// The current row's fields, as bytes.
    fn bytes(&self) -> &Row {
        &self.row
    }

    #[cold]
    fn not_utf8(&self, plan: &ColumnPlan, line: u64) -> Box<RecordError> {
        Box::new(RecordError::NotUtf8 {
            file: self.file.clone(),
            line,
            column: plan.label.clone(),
        })
    }
}

impl<R: Read> RowSource for CsvRows<R> {
    fn read_so_far(&self) -> (u64, bool) {
        (self.csv.lines_read(), self.csv.quoted())
    }

    fn rows_left(&self) -> Option<usize> {
        let bytes = self.row.position().max(1);
        let expected = self.size.saturating_mul(super::load::ROWS_SAMPLED) / bytes;
        usize::try_from(expected.saturating_sub(super::load::ROWS_SAMPLED)).ok()
    }

    fn next_row(&mut self) -> Step {
        let record = &mut self.row;
        match self.csv.read_row(record) {
            Ok(true) => {}
            Ok(false) => return Step::End,
            // Byte records fail only on I/O: the rest of the file cannot be
            // read, so this is no bad row to skip, even under --lenient
            // (reading on could repeat the error).
            Err(e) => return Step::Stop(csv_error(&self.file, &csv::Error::from(e))),
        }
        let line = record.line();
        if record.len() == 1
            && record
                .get(0)
                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        {
            // A blank line (often the last one): not a row.
            return Step::Blank;
        }
        // A bad row that runs over several lines is almost always a quote
        // left open: the csv reader has read the rows after it into one
        // field, so skipping "the row" would lose them without a word. Such
        // a row stops the file instead, even under --lenient. The reader's
        // position is past the row's line end, so a row on one line moves it
        // one line on; the last row of a file with no final line end does
        // not, so look inside that one too.
        let at_end = self.csv.position() >= self.size;
        let next_line = self.csv.line_ahead();
        self.runs_on =
            (next_line > line + 1 || at_end) && record.iter().any(|f| f.contains(&b'\n'));
        self.last_line = if self.runs_on {
            let breaks = record.iter().flatten().filter(|b| **b == b'\n').count();
            // A quote open to the end of the file holds the last line's own
            // line end, which starts no further line.
            let trailing = record
                .iter()
                .next_back()
                .is_some_and(|f| f.ends_with(b"\n"));
            line + u64::try_from(breaks.saturating_sub(usize::from(trailing))).unwrap_or(0)
        } else {
            line
        };
        let (found, expected) = (record.len(), self.header_len);
        if found == expected {
            // A field that is not UTF-8 is named when its cell is read.
            record.check_text();
            return Step::Row(line);
        }
        if self.runs_on {
            return Step::Stop(RecordError::UnclosedQuote {
                file: self.file.clone(),
                line,
                last_line: self.last_line,
                problem: format!("has {found} fields where the header has {expected}"),
            });
        }
        Step::Bad(vec![RecordError::RaggedRow {
            file: self.file.clone(),
            line,
            expected,
            found,
            advice: if found == expected + 1 && record.get(expected).is_some_and(<[u8]>::is_empty) {
                "the row ends with a comma the header does not have: remove it, or quote a field that contains a comma: \"like, this\""
            } else if found > expected {
                "a field containing a comma must be quoted: \"like, this\""
            } else {
                "every row needs a field for each column, empty ones too: `a,,c`"
            },
        }])
    }

    #[inline]
    fn cell(
        &self,
        _index: usize,
        plan: &ColumnPlan,
        line: u64,
    ) -> Result<std::borrow::Cow<'_, str>, Box<RecordError>> {
        let Some(i) = plan.source else {
            return Ok(std::borrow::Cow::Borrowed(""));
        };
        if let Some(text) = self.row.text(i) {
            return Ok(std::borrow::Cow::Borrowed(text));
        }
        match std::str::from_utf8(self.row.get(i).unwrap_or(b"")) {
            Ok(text) => Ok(std::borrow::Cow::Borrowed(text)),
            Err(_) => Err(self.not_utf8(plan, line)),
        }
    }

    fn after_row(
        &mut self,
        line: u64,
        errors: usize,
    ) -> Result<Option<RecordNote>, Box<RecordError>> {
        // A good row with a value over several lines is valid CSV (notes
        // typed with line breaks), but if a line inside the value has as many
        // commas as a row of the file, it is probably rows that a quote left
        // open swallowed.
        let looks_like_rows = self.runs_on && {
            let commas = self.header_len.saturating_sub(1).max(1);
            self.bytes().iter().any(|f| {
                f.split(|b| *b == b'\n')
                    .skip(1)
                    .any(|l| l.iter().filter(|b| **b == b',').count() >= commas)
            })
        };
        let last_line = self.last_line;
        // A bad value in such a row stops the file. A row with the right
        // number of fields and no such lines is a quoted value closed where
        // it should be (`"held\nheld"`): its errors are the values' own, and
        // skipping it under --lenient loses that row only.
        if looks_like_rows && errors > 0 {
            return Err(Box::new(RecordError::UnclosedQuote {
                file: self.file.clone(),
                line,
                last_line,
                problem: format!("{errors} of its values cannot be read"),
            }));
        }
        // A good row that swallowed what look like rows: say so, rather than
        // be silent.
        Ok(looks_like_rows.then(|| RecordNote {
            code: Code::RecordMultiLineValue,
            file: self.file.clone(),
            message: format!(
                "line {line}: a quoted value runs on to line {last_line} and holds lines that look like rows of the file; if a quote was left open there, those rows were not read"
            ),
        }))
    }
}

/// A JSON Lines file: one object a line, its keys the columns.
pub(super) struct JsonRows<R> {
    reader: R,
    file: String,
    line_buf: Vec<u8>,
    line: u64,
    object: serde_json::Map<String, serde_json::Value>,
    /// The keys of every column of the table (mapped), and the keys seen
    /// that are not among them.
    known_keys: BTreeSet<String>,
    unknown_keys: BTreeSet<String>,
    /// With `Some`, the known keys seen are gathered too (a history notes
    /// the columns it has that no rule reads).
    known_seen: Option<BTreeSet<String>>,
    /// Which of the kept columns some line has: an optional one no line has
    /// may be misspelt (see [`JsonRows::finish`]).
    seen: Vec<std::cell::Cell<bool>>,
}

impl<R: std::io::BufRead> JsonRows<R> {
    pub(super) fn new(
        file: &str,
        reader: R,
        known_keys: BTreeSet<String>,
        kept: usize,
        gather_known: bool,
    ) -> Self {
        JsonRows {
            reader,
            file: file.to_string(),
            line_buf: Vec::new(),
            line: 0,
            object: serde_json::Map::new(),
            known_keys,
            unknown_keys: BTreeSet::new(),
            known_seen: gather_known.then(BTreeSet::new),
            seen: vec![std::cell::Cell::new(false); kept],
        }
    }

    /// Which kept columns some line has, the keys that name no column, and
    /// (if gathered) the keys seen that do.
    pub(super) fn finish(self) -> (Vec<bool>, BTreeSet<String>, BTreeSet<String>) {
        (
            self.seen
                .into_iter()
                .map(std::cell::Cell::into_inner)
                .collect(),
            self.unknown_keys,
            self.known_seen.unwrap_or_default(),
        )
    }
}

impl<R: std::io::BufRead> RowSource for JsonRows<R> {
    fn next_row(&mut self) -> Step {
        self.line_buf.clear();
        match self.reader.read_until(b'\n', &mut self.line_buf) {
            Ok(0) => return Step::End,
            Ok(_) => self.line += 1,
            Err(e) => {
                return Step::Stop(RecordError::Unreadable {
                    file: self.file.clone(),
                    message: e.to_string(),
                })
            }
        }
        let (file, line) = (&self.file, self.line);
        let Ok(text) = std::str::from_utf8(&self.line_buf) else {
            return Step::Bad(vec![RecordError::NotUtf8 {
                file: file.clone(),
                line,
                column: "(line)".into(),
            }]);
        };
        let text = text.trim();
        if text.is_empty() {
            return Step::Blank;
        }
        let bad = |message: String| {
            Step::Bad(vec![RecordError::BadJson {
                file: file.clone(),
                line,
                message,
            }])
        };
        self.object = match serde_json::from_str::<JsonLine>(text) {
            Ok(JsonLine::Object(o)) => o,
            Ok(JsonLine::Other) => return bad("the line is not a JSON object".into()),
            Err(e) => {
                // serde_json counts lines within the one line it was given
                // ("at line 1 column 32"): keep only the column.
                let text = e.to_string();
                let position = format!(" at line {} column {}", e.line(), e.column());
                return bad(match text.strip_suffix(&position) {
                    Some(what) => format!("{what}, at column {}", e.column()),
                    None => text,
                });
            }
        };
        for key in self.object.keys() {
            if !self.known_keys.contains(key) {
                if !self.unknown_keys.contains(key) {
                    self.unknown_keys.insert(key.clone());
                }
            } else if let Some(known) = &mut self.known_seen {
                if !known.contains(key) {
                    known.insert(key.clone());
                }
            }
        }
        Step::Row(line)
    }

    fn cell(
        &self,
        index: usize,
        plan: &ColumnPlan,
        line: u64,
    ) -> Result<std::borrow::Cow<'_, str>, Box<RecordError>> {
        use serde_json::Value as Json;
        let value = self.object.get(&plan.key);
        if let Some(seen) = self.seen.get(index) {
            seen.set(seen.get() | value.is_some());
        }
        // An array is a set's values; anywhere else, joining it would make
        // one value of several (`["a", "b"]` as `a;b`), and an object is no
        // value at all: both are errors, not guesses.
        let set = matches!(plan.column.ty, ColumnType::SetOf(_));
        if let Some(v @ (Json::Array(_) | Json::Object(_))) = value {
            if !set || v.is_object() {
                let what = if v.is_array() {
                    "an array"
                } else {
                    "an object"
                };
                return Err(Box::new(RecordError::BadValue {
                    file: self.file.clone(),
                    line,
                    column: plan.label.clone(),
                    value: v.to_string().chars().take(60).collect(),
                    expected: plan.column.ty.describe(),
                    help: format!(
                        "{what} is read only as the values of a `set of` column; `{}` takes one value: a string, number or yes/no",
                        plan.column.name
                    ),
                }));
            }
        }
        // `true` where an id or a code belongs is a mistake in the export,
        // not the id `true`: read as text it would only show up later as a
        // dangling reference or an unknown code.
        if let Some(Json::Bool(b)) = value {
            if plan.column.ty != ColumnType::Bool {
                return Err(Box::new(RecordError::BadValue {
                    file: self.file.clone(),
                    line,
                    column: plan.label.clone(),
                    value: b.to_string(),
                    expected: plan.column.ty.describe(),
                    help: format!(
                        "`{}` holds {}, not yes/no: write it as a string or number",
                        plan.column.name,
                        plan.column.ty.describe()
                    ),
                }));
            }
        }
        Ok(match value {
            None | Some(Json::Null) => "".into(),
            Some(Json::String(s)) => s.as_str().into(),
            Some(Json::Bool(b)) => b.to_string().into(),
            Some(Json::Number(n)) => n.to_string().into(),
            Some(Json::Array(items)) => {
                let mut joined = Vec::new();
                for item in items {
                    match item {
                        Json::String(s) => joined.push(s.clone()),
                        other => joined.push(other.to_string()),
                    }
                }
                joined.join(";").into()
            }
            Some(other @ Json::Object(_)) => other.to_string().into(),
        })
    }
}
