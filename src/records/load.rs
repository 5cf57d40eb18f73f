//! Reading an export directory: finding each table's file, streaming its
//! rows, typing each kept cell, then checking ids and references.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::error::{RecordError, RecordNote};
use super::mapping::{Mapping, TableMapping};
use super::needs::Needs;
use super::time::Clock;
use super::value::{self, Interner, ParsedDatetime, Value};
use super::{Records, TableData};
use crate::policy::{Column, ColumnType, CompiledPolicy, Table};

/// How to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub mapping: Mapping,
    /// Skip bad rows (each is kept in [`Loaded::skipped`]) instead of failing.
    pub lenient: bool,
    /// Columns to keep besides those the rules read (table → columns), for
    /// tables that are loaded and declare them: `sup diff --records` keeps
    /// `staff.team` to count findings by team.
    pub also_keep: BTreeMap<String, BTreeSet<String>>,
}

/// A successful load.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub records: Records,
    pub notes: Vec<RecordNote>,
    /// Under `lenient`: every error that made a row be skipped, in file order.
    pub skipped: Vec<RecordError>,
    /// Under `lenient`: how many rows were skipped (a row may have several errors).
    pub skipped_rows: usize,
}

/// Rows read before a file's row count is estimated from their length.
const ROWS_SAMPLED: u64 = 256;

/// In strict mode, stop reading a file after this many bad rows.
const MAX_ERRORS_PER_FILE: usize = 50;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Load every table the policy needs from `dir`.
pub fn load_dir(
    dir: &Path,
    policy: &CompiledPolicy,
    options: &LoadOptions,
) -> Result<Loaded, Vec<RecordError>> {
    let dir_name = dir.display().to_string();
    // "Not a directory (os error 20)" does not say what to do: the usual
    // mistake is giving one file of the export instead of its directory.
    if dir.is_file() {
        return Err(vec![RecordError::Unreadable {
            file: dir_name,
            message: "it is a file: `--records` takes the directory that holds the export's files (`staff.csv`, `sessions.csv`, ...)".into(),
        }]);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![RecordError::Unreadable {
            file: dir_name.clone(),
            message: e.to_string(),
        }]
    })?;
    let mut present: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut others: Vec<PathBuf> = Vec::new();
    let mut file_names: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    file_names.sort();
    for path in file_names {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if path.is_file() && (ext == "csv" || ext == "jsonl") {
            present.entry(stem).or_default().push(path);
        } else if path.is_file() {
            others.push(path);
        }
    }
    let mut needs = Needs::of(policy);
    for (table, columns) in &options.also_keep {
        let (Some(declared), Some(kept)) = (policy.tables.get(table), needs.tables.get_mut(table))
        else {
            continue;
        };
        kept.extend(
            columns
                .iter()
                .filter(|c| declared.columns.iter().any(|d| &d.name == *c))
                .cloned(),
        );
    }
    let mut loader = Loader {
        policy,
        options,
        records: Records::new(&policy.header.timezone),
        notes: Vec::new(),
        errors: Vec::new(),
        skipped: Vec::new(),
        skipped_rows: 0,
    };
    let mapped_files: BTreeSet<String> = options
        .mapping
        .tables
        .values()
        .filter_map(|t| t.file.clone())
        .collect();
    // Files that no table claims.
    for (stem, paths) in &present {
        let claimed_by_mapping = paths.iter().any(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| mapped_files.contains(n))
        });
        if claimed_by_mapping {
            continue;
        }
        // A table the mapping reads from another file: this one, named after
        // the table, is left unread, which must be said, not done silently.
        let elsewhere = options
            .mapping
            .table(stem)
            .and_then(|t| t.file.as_deref())
            .filter(|_| policy.tables.contains_key(stem));
        if let Some(mapped) = elsewhere {
            for p in paths {
                loader.notes.push(RecordNote {
                    code: "sup::records::unknown-file",
                    file: p.display().to_string(),
                    message: format!("not read: the mapping names `{mapped}` for `{stem}`"),
                });
            }
        } else if !policy.tables.contains_key(stem) {
            for p in paths {
                loader.notes.push(RecordNote {
                    code: "sup::records::unknown-file",
                    file: p.display().to_string(),
                    message: format!("not read: the policy has no table `{stem}`"),
                });
            }
        }
    }
    for other in &others {
        loader.notes.push(RecordNote {
            code: "sup::records::unknown-file",
            file: other.display().to_string(),
            message: "not read: only `.csv` and `.jsonl` files are exports".into(),
        });
    }
    let empty = TableMapping::default();
    // Ids are most of what is interned, about one per 100 bytes of export.
    // Making room for all of them at once spares the interner's index from
    // growing (and rewriting a million slots) between one table and the next.
    let to_read: u64 = policy
        .tables
        .keys()
        .filter(|name| needs.table(name).is_some() || *name == "waivers")
        .filter_map(|name| {
            let mapping = options.mapping.table(name).unwrap_or(&empty);
            table_file(dir, mapping, present.get(name)).ok().flatten()
        })
        .filter_map(|path| std::fs::metadata(path).ok())
        .map(|m| m.len())
        .sum();
    loader
        .records
        .interner
        .reserve(usize::try_from(to_read / 100).unwrap_or(0));
    for (name, table) in &policy.tables {
        let mapping = options.mapping.table(name).unwrap_or(&empty);
        let path = match table_file(dir, mapping, present.get(name)) {
            Ok(path) => path,
            Err((first, second)) => {
                loader.errors.push(RecordError::AmbiguousTable {
                    table: name.clone(),
                    first: first.display().to_string(),
                    second: second.display().to_string(),
                });
                continue;
            }
        };
        let needed = needs.table(name);
        let is_waivers = name == "waivers";
        match (path, needed) {
            (Some(path), Some(needed)) => loader.load_table(table, &path, needed, mapping),
            (Some(path), None) if is_waivers => {
                let all: BTreeSet<String> = table.columns.iter().map(|c| c.name.clone()).collect();
                loader.load_table(table, &path, &all, mapping);
            }
            (Some(path), None) => loader.notes.push(RecordNote {
                code: "sup::records::unused-table",
                file: path.display().to_string(),
                message: format!("not read: no rule of this policy uses `{name}`"),
            }),
            (None, Some(_)) if is_waivers => {}
            (None, Some(_)) => {
                // A file no table claims, named like this one (`Staff.csv`,
                // `session.csv`), is most likely it.
                let unclaimed = present
                    .keys()
                    .filter(|stem| !policy.tables.contains_key(stem.as_str()));
                let close = unclaimed
                    .clone()
                    .find(|stem| stem.eq_ignore_ascii_case(name))
                    .map(String::as_str)
                    .or_else(|| crate::suggest::closest(name, unclaimed.map(String::as_str)));
                // Failing that, a file named after the table but not `.csv`
                // or `.jsonl` (`sessions.CSV` from Windows, `sessions.json`):
                // it is noted and skipped, but the note is not printed when
                // the run stops, so the error must point at it.
                let other_extension = || {
                    others.iter().find(|p| {
                        p.file_stem()
                            .and_then(|s| s.to_str())
                            .is_some_and(|s| s.eq_ignore_ascii_case(name))
                    })
                };
                let hint = close
                    .and_then(|stem| present.get(stem))
                    .and_then(|paths| paths.first())
                    .or_else(other_extension)
                    .and_then(|p| p.file_name())
                    .map(|f| format!("is `{}` it? rename it, or ", f.to_string_lossy()))
                    .unwrap_or_default();
                loader.errors.push(RecordError::MissingTable {
                    table: name.clone(),
                    dir: dir_name.clone(),
                    hint,
                });
            }
            (None, None) => {
                if is_waivers && policy.rules.iter().any(|r| !r.waivable_by.is_empty()) {
                    loader.notes.push(RecordNote {
                        code: "sup::records::no-waivers",
                        file: dir_name.clone(),
                        message: "no `waivers` file: no finding can be waived".into(),
                    });
                }
            }
        }
    }
    if loader.errors.is_empty() {
        loader.check_references();
    }
    if !loader.errors.is_empty() {
        return Err(loader.errors);
    }
    Ok(Loaded {
        records: loader.records,
        notes: loader.notes,
        skipped: loader.skipped,
        skipped_rows: loader.skipped_rows,
    })
}

/// The file a table is read from: the one its mapping names, else the one
/// file of the directory named after it; `Err` with two of them when there
/// are several.
fn table_file<'p>(
    dir: &Path,
    mapping: &TableMapping,
    found: Option<&'p Vec<PathBuf>>,
) -> Result<Option<PathBuf>, (&'p PathBuf, &'p PathBuf)> {
    match (&mapping.file, found.map(Vec::as_slice)) {
        (Some(file), _) => Ok(Some(dir.join(file))),
        (None, Some([one])) => Ok(Some(one.clone())),
        (None, Some([first, second, ..])) => Err((first, second)),
        _ => Ok(None),
    }
}

struct Loader<'a> {
    policy: &'a CompiledPolicy,
    options: &'a LoadOptions,
    records: Records,
    notes: Vec<RecordNote>,
    /// Errors that stop the load.
    errors: Vec<RecordError>,
    skipped: Vec<RecordError>,
    skipped_rows: usize,
}

/// How one kept column is read.
struct ColumnPlan<'a> {
    column: &'a Column,
    /// The field's position in the file's header (CSV), or its key (JSONL).
    source: Option<usize>,
    key: String,
    /// How the column is named in messages: the export's name, and the
    /// schema's when they differ.
    label: String,
    codes: Option<&'a BTreeMap<String, String>>,
    format: Option<&'a String>,
    vocabulary: &'a [String],
    /// Recent texts of this column and their symbols. Codes and references
    /// repeat; asking this small table first keeps the run off the big
    /// interner, whose millions of ids do not fit in a cache.
    memo: std::cell::RefCell<
        std::collections::HashMap<Box<str>, super::value::Sym, super::value::FxBuild>,
    >,
}

/// The most texts a column's memo keeps.
const MEMO_SIZE: usize = 1 << 16;

impl ColumnPlan<'_> {
    fn intern(&self, interner: &mut Interner, text: &str) -> super::value::Sym {
        if self.column.ty == ColumnType::Id {
            return interner.intern(text);
        }
        if let Some(sym) = self.memo.borrow().get(text) {
            return *sym;
        }
        let sym = interner.intern(text);
        let mut memo = self.memo.borrow_mut();
        if memo.len() < MEMO_SIZE {
            memo.insert(text.into(), sym);
        }
        sym
    }
}

/// Why one cell could not be read.
enum CellError {
    Missing,
    BadDate { help: String, time: bool },
    BadValue { expected: String, help: String },
    Unknown { vocabulary: String, help: String },
}

impl Loader<'_> {
    fn load_table(
        &mut self,
        table: &Table,
        path: &Path,
        needed: &BTreeSet<String>,
        mapping: &TableMapping,
    ) {
        let file = path.display().to_string();
        let handle = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.errors.push(RecordError::Unreadable {
                    file,
                    message: e.to_string(),
                });
                return;
            }
        };
        let mut reader = BufReader::with_capacity(1 << 16, handle);
        match reader.fill_buf() {
            Ok(buf) if buf.starts_with(BOM) => reader.consume(BOM.len()),
            Ok(buf) => {
                if let Some(encoding) = super::encoding::utf16(buf) {
                    self.errors.push(RecordError::Utf16 { file, encoding });
                    return;
                }
            }
            Err(e) => {
                self.errors.push(RecordError::Unreadable {
                    file,
                    message: e.to_string(),
                });
                return;
            }
        }
        let is_jsonl = path.extension().is_some_and(|e| e == "jsonl");
        if is_jsonl {
            self.load_jsonl(table, &file, reader, needed, mapping);
        } else {
            self.load_csv(table, &file, reader, needed, mapping);
        }
    }

    /// Plan the kept columns against the export's column names.
    #[expect(
        clippy::too_many_arguments,
        reason = "one call site per file format; the arguments are what a plan is made of"
    )]
    fn plan<'m>(
        &mut self,
        table: &'m Table,
        file: &str,
        header: &[String],
        needed: &BTreeSet<String>,
        mapping: &'m TableMapping,
        policy: &'m CompiledPolicy,
        fixed_header: bool,
    ) -> Option<Vec<ColumnPlan<'m>>> {
        let mut plans = Vec::new();
        let mut missing_unused: Vec<String> = Vec::new();
        let mut missing_optional: Vec<(String, String)> = Vec::new();
        let mut used = vec![false; header.len()];
        let mut ok = true;
        for column in table.columns.iter().filter(|c| c.derived.is_none()) {
            let key = mapping
                .columns
                .get(&column.name)
                .cloned()
                .unwrap_or_else(|| column.name.clone());
            let source = header.iter().position(|h| h.trim() == key);
            if let Some(i) = source {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
            if !needed.contains(&column.name) {
                if source.is_none() && !column.optional && fixed_header {
                    missing_unused.push(key.clone());
                }
                continue;
            }
            if source.is_none() && fixed_header {
                if column.optional {
                    // Judged once every header column is matched: a column
                    // the schema does not know that is spelt nearly like it
                    // is an error, not a note (see below).
                    missing_optional.push((key.clone(), column.name.clone()));
                } else {
                    let mut help = format!("`{}` is required: add a `{key}` column", column.name);
                    if let Some(best) =
                        crate::suggest::closest(&key, header.iter().map(String::as_str))
                    {
                        help = format!("did you mean `{best}`? map it in the mapping file: `[tables.{}.columns] {} = \"{best}\"`", table.name, column.name);
                    } else if mapping.columns.is_empty() {
                        help.push_str(", or map one of the export's columns onto it with `--map`");
                    }
                    self.errors.push(RecordError::MissingColumn {
                        file: file.to_string(),
                        table: table.name.clone(),
                        column: key.clone(),
                        help,
                    });
                    ok = false;
                }
            }
            // Messages put the label in backticks (column `{label}`), so a
            // mapped column reads "column `NoteDate` mapped onto `start`".
            let label = if key == column.name {
                key.clone()
            } else {
                format!("{key}` mapped onto `{}", column.name)
            };
            let vocabulary = match &column.ty {
                ColumnType::OneOf(v) | ColumnType::SetOf(v) => policy
                    .vocabularies
                    .get(v)
                    .map(|v| v.values.as_slice())
                    .unwrap_or(&[]),
                _ => &[],
            };
            plans.push(ColumnPlan {
                column,
                source,
                key,
                label,
                codes: mapping.values.get(&column.name),
                format: mapping.formats.get(&column.name),
                vocabulary,
                memo: std::cell::RefCell::new(std::collections::HashMap::default()),
            });
        }
        // An optional column the rules read that is missing, beside a column
        // the schema does not know spelt nearly like it, is almost certainly
        // a typo (`signed_by_supervsor`): read as empty, it would make every
        // row a breach. So that is an error; a missing optional column with
        // no such neighbour is only noted.
        let is_known =
            |h: &str| table.column(h).is_some() || mapping.columns.values().any(|v| v == h);
        let mut misspelt: BTreeSet<&str> = BTreeSet::new();
        for (key, column) in &missing_optional {
            let unknown = header
                .iter()
                .enumerate()
                .filter(|(i, h)| {
                    !h.is_empty() && !used.get(*i).copied().unwrap_or(true) && !is_known(h)
                })
                .map(|(_, h)| h.as_str());
            if let Some(best) = crate::suggest::closest(key, unknown) {
                misspelt.insert(best);
                self.errors.push(RecordError::MissingColumn {
                    file: file.to_string(),
                    table: table.name.clone(),
                    column: key.clone(),
                    help: format!(
                        "it is optional, but the file has a column `{best}`, which the schema does not have: if that is `{key}` misspelt, rename it, or map it in the mapping file: `[tables.{}.columns] {column} = \"{best}\"`",
                        table.name
                    ),
                });
                ok = false;
            } else {
                self.notes.push(RecordNote {
                    code: "sup::records::missing-optional-column",
                    file: file.to_string(),
                    message: format!(
                        "has no column `{key}`; it is optional, so every row reads as empty"
                    ),
                });
            }
        }
        if !missing_unused.is_empty() {
            let names: Vec<String> = missing_unused.iter().map(|c| format!("`{c}`")).collect();
            self.notes.push(RecordNote {
                code: "sup::records::missing-unused-column",
                file: file.to_string(),
                message: format!(
                    "has no {} {}; no rule of this policy reads {}",
                    if names.len() == 1 {
                        "column"
                    } else {
                        "columns"
                    },
                    names.join(", "),
                    if names.len() == 1 { "it" } else { "them" }
                ),
            });
        }
        if fixed_header {
            let mut seen = BTreeSet::new();
            let mut unnamed = Vec::new();
            for (i, h) in header.iter().enumerate() {
                let h = h.trim();
                // Spreadsheets often save empty columns after the last one
                // (`a,b,,`): columns with no name cannot be read, so they are
                // ignored, with a note, rather than called duplicates.
                if h.is_empty() {
                    unnamed.push((i + 1).to_string());
                    continue;
                }
                if !seen.insert(h) {
                    self.errors.push(RecordError::DuplicateColumn {
                        file: file.to_string(),
                        column: h.to_string(),
                    });
                    ok = false;
                }
                if !used.get(i).copied().unwrap_or(true) && !is_known(h) && !misspelt.contains(h) {
                    self.notes.push(RecordNote {
                        code: "sup::records::unknown-column",
                        file: file.to_string(),
                        message: format!(
                            "column `{h}` is not in the `{}` table of the schema; ignored",
                            table.name
                        ),
                    });
                }
            }
            if !unnamed.is_empty() {
                self.notes.push(RecordNote {
                    code: "sup::records::unknown-column",
                    file: file.to_string(),
                    message: format!(
                        "the header leaves {} unnamed ({} {}); ignored",
                        if unnamed.len() == 1 {
                            "a column"
                        } else {
                            "columns"
                        },
                        if unnamed.len() == 1 {
                            "field"
                        } else {
                            "fields"
                        },
                        unnamed.join(", ")
                    ),
                });
            }
        }
        ok.then_some(plans)
    }

    fn new_table(&self, table: &Table, file: &str, plans: &[ColumnPlan]) -> TableData {
        TableData::new(
            &table.name,
            file,
            plans
                .iter()
                .map(|p| (p.column.name.clone(), p.column.ty.clone()))
                .collect(),
        )
    }

    fn load_csv(
        &mut self,
        table: &Table,
        file: &str,
        reader: impl Read,
        needed: &BTreeSet<String>,
        mapping: &TableMapping,
    ) {
        // The csv reader's own line numbers lag by one per row with CRLF line
        // ends, so lines are counted from the bytes it reads instead.
        let lines = std::rc::Rc::new(std::cell::RefCell::new(LineEnds::default()));
        let reader = CountLines {
            inner: reader,
            read: 0,
            ends: std::rc::Rc::clone(&lines),
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let mut record = csv::ByteRecord::new();
        let header: Vec<String> = match csv.read_byte_record(&mut record) {
            Ok(true) => {
                let mut names = Vec::new();
                for field in record.iter() {
                    match std::str::from_utf8(field) {
                        Ok(s) => names.push(s.trim().to_string()),
                        Err(_) => {
                            self.errors.push(RecordError::NotUtf8 {
                                file: file.to_string(),
                                line: 1,
                                column: "(header)".into(),
                            });
                            return;
                        }
                    }
                }
                names
            }
            Ok(false) => {
                self.errors.push(RecordError::EmptyFile {
                    file: file.to_string(),
                });
                return;
            }
            Err(e) => {
                self.errors.push(csv_error(file, &e));
                return;
            }
        };
        if header.iter().all(String::is_empty) {
            self.errors.push(RecordError::EmptyFile {
                file: file.to_string(),
            });
            return;
        }
        let policy = self.policy;
        let Some(plans) = self.plan(table, file, &header, needed, mapping, policy, true) else {
            return;
        };
        let mut data = self.new_table(table, file, &plans);
        let mut values = Vec::with_capacity(plans.len());
        let mut row_errors = Vec::new();
        let mut bad_rows = 0usize;
        let size = std::fs::metadata(file).map_or(0, |m| m.len());
        let mut rows_read = 0u64;
        loop {
            // After a sample of rows, make room for the rest of the file at
            // once instead of growing every column again and again.
            rows_read += 1;
            if rows_read == ROWS_SAMPLED {
                let bytes = record.position().map_or(0, csv::Position::byte).max(1);
                let expected = size.saturating_mul(ROWS_SAMPLED) / bytes;
                data.reserve(usize::try_from(expected.saturating_sub(ROWS_SAMPLED)).unwrap_or(0));
            }
            match csv.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    // Byte records fail only on I/O: the rest of the file
                    // cannot be read, so this is no bad row to skip, even
                    // under --lenient (reading on could repeat the error).
                    self.errors.push(csv_error(file, &e));
                    break;
                }
            }
            let line = lines
                .borrow_mut()
                .line_at(record.position().map_or(0, csv::Position::byte));
            if record.len() == 1
                && record
                    .get(0)
                    .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                // A blank line (often the last one): not a row.
                continue;
            }
            // A bad row that runs over several lines is almost always a
            // quote left open: the csv reader has read the rows after it into
            // one field, so skipping "the row" would lose them without a
            // word. Such a row stops the file instead, even under --lenient.
            // The reader's position is past the row's line end, so a row on
            // one line moves it one line on; the last row of a file with no
            // final line end does not, so look inside that one too.
            let at_end = csv.position().byte() >= size;
            let next_line = lines.borrow().peek_line_at(csv.position().byte());
            let runs_on =
                (next_line > line + 1 || at_end) && record.iter().any(|f| f.contains(&b'\n'));
            let last_line = if runs_on {
                let breaks = record.iter().flatten().filter(|b| **b == b'\n').count();
                // A quote open to the end of the file holds the last line's
                // own line end, which starts no further line.
                let trailing = record
                    .iter()
                    .next_back()
                    .is_some_and(|f| f.ends_with(b"\n"));
                line + u64::try_from(breaks.saturating_sub(usize::from(trailing))).unwrap_or(0)
            } else {
                line
            };
            if record.len() != header.len() {
                if runs_on {
                    self.errors.push(RecordError::UnclosedQuote {
                        file: file.to_string(),
                        line,
                        last_line,
                        problem: format!(
                            "has {} fields where the header has {}",
                            record.len(),
                            header.len()
                        ),
                    });
                    break;
                }
                self.row_failed(
                    vec![RecordError::RaggedRow {
                        file: file.to_string(),
                        line,
                        expected: header.len(),
                        found: record.len(),
                        advice: if record.len() == header.len() + 1
                            && record.get(header.len()).is_some_and(<[u8]>::is_empty)
                        {
                            "the row ends with a comma the header does not have: remove it, or quote a field that contains a comma: \"like, this\""
                        } else if record.len() > header.len() {
                            "a field containing a comma must be quoted: \"like, this\""
                        } else {
                            "every row needs a field for each column, empty ones too: `a,,c`"
                        },
                    }],
                    &mut bad_rows,
                );
                continue;
            }
            values.clear();
            row_errors.clear();
            // One check of the whole row is cheaper than one per field; a
            // row that fails is checked field by field to name the column.
            let row_text = std::str::from_utf8(record.as_slice()).ok();
            for plan in &plans {
                let raw = match (plan.source, row_text) {
                    (None, _) => Ok(""),
                    (Some(i), Some(text)) => {
                        Ok(record.range(i).and_then(|r| text.get(r)).unwrap_or(""))
                    }
                    (Some(i), None) => record.get(i).map_or(Ok(""), std::str::from_utf8),
                };
                let Ok(raw) = raw else {
                    row_errors.push(RecordError::NotUtf8 {
                        file: file.to_string(),
                        line,
                        column: plan.label.clone(),
                    });
                    values.push(Value::Null);
                    continue;
                };
                match read_cell(
                    plan,
                    raw,
                    &mut self.records.interner,
                    &mut self.records.clock,
                ) {
                    Ok(v) => values.push(v),
                    Err(e) => {
                        row_errors.push(cell_error(file, line, plan, raw, e));
                        values.push(Value::Null);
                    }
                }
            }
            // A good row with a value over several lines is valid CSV (notes
            // typed with line breaks), but if a line inside the value has as
            // many commas as a row of the file, it is probably rows that a
            // quote left open swallowed.
            let looks_like_rows = runs_on && {
                let commas = header.len().saturating_sub(1).max(1);
                record.iter().any(|f| {
                    f.split(|b| *b == b'\n')
                        .skip(1)
                        .any(|l| l.iter().filter(|b| **b == b',').count() >= commas)
                })
            };
            // A bad value in such a row stops the file. A row with the right
            // number of fields and no such lines is a quoted value closed
            // where it should be (`"held\nheld"`): its errors are the
            // values' own, and skipping it under --lenient loses that row only.
            if looks_like_rows && !row_errors.is_empty() {
                self.errors.push(RecordError::UnclosedQuote {
                    file: file.to_string(),
                    line,
                    last_line,
                    problem: format!("{} of its values cannot be read", row_errors.len()),
                });
                break;
            }
            // A good row that swallowed what look like rows: say so, rather
            // than be silent.
            if looks_like_rows {
                self.notes.push(RecordNote {
                    code: "sup::records::multi-line-value",
                    file: file.to_string(),
                    message: format!(
                        "line {line}: a quoted value runs on to line {last_line} and holds lines that look like rows of the file; if a quote was left open there, those rows were not read"
                    ),
                });
            }
            self.finish_row(&mut data, line, &values, &mut row_errors, &mut bad_rows);
        }
        self.too_many(file, bad_rows);
        self.records.tables.insert(table.name.clone(), data);
    }

    fn load_jsonl(
        &mut self,
        table: &Table,
        file: &str,
        mut reader: impl BufRead,
        needed: &BTreeSet<String>,
        mapping: &TableMapping,
    ) {
        let policy = self.policy;
        let Some(plans) = self.plan(table, file, &[], needed, mapping, policy, false) else {
            return;
        };
        let mut data = self.new_table(table, file, &plans);
        let mut line_buf = Vec::new();
        let mut line: u64 = 0;
        let mut values = Vec::with_capacity(plans.len());
        let mut row_errors = Vec::new();
        let mut bad_rows = 0usize;
        let mut unknown_keys: BTreeSet<String> = BTreeSet::new();
        // Which of the keys the rules read some line has: an optional one no
        // line has may be misspelt (below).
        let mut seen_keys = vec![false; plans.len()];
        let known_keys: BTreeSet<String> = table
            .columns
            .iter()
            .map(|c| {
                mapping
                    .columns
                    .get(&c.name)
                    .cloned()
                    .unwrap_or_else(|| c.name.clone())
            })
            .collect();
        loop {
            line_buf.clear();
            match reader.read_until(b'\n', &mut line_buf) {
                Ok(0) => break,
                Ok(_) => line += 1,
                Err(e) => {
                    self.errors.push(RecordError::Unreadable {
                        file: file.to_string(),
                        message: e.to_string(),
                    });
                    return;
                }
            }
            let text = match std::str::from_utf8(&line_buf) {
                Ok(t) => t.trim(),
                Err(_) => {
                    self.row_failed(
                        vec![RecordError::NotUtf8 {
                            file: file.to_string(),
                            line,
                            column: "(line)".into(),
                        }],
                        &mut bad_rows,
                    );
                    continue;
                }
            };
            if text.is_empty() {
                continue;
            }
            let object = match serde_json::from_str::<JsonLine>(text) {
                Ok(JsonLine::Object(o)) => o,
                Ok(JsonLine::Other) => {
                    self.row_failed(
                        vec![RecordError::BadJson {
                            file: file.to_string(),
                            line,
                            message: "the line is not a JSON object".into(),
                        }],
                        &mut bad_rows,
                    );
                    continue;
                }
                Err(e) => {
                    // serde_json counts lines within the one line it was
                    // given ("at line 1 column 32"): keep only the column.
                    let text = e.to_string();
                    let position = format!(" at line {} column {}", e.line(), e.column());
                    let message = match text.strip_suffix(&position) {
                        Some(what) => format!("{what}, at column {}", e.column()),
                        None => text,
                    };
                    self.row_failed(
                        vec![RecordError::BadJson {
                            file: file.to_string(),
                            line,
                            message,
                        }],
                        &mut bad_rows,
                    );
                    continue;
                }
            };
            for key in object.keys() {
                if !known_keys.contains(key) && !unknown_keys.contains(key) {
                    unknown_keys.insert(key.clone());
                }
            }
            values.clear();
            row_errors.clear();
            for (plan, seen) in plans.iter().zip(seen_keys.iter_mut()) {
                let value = object.get(&plan.key);
                *seen |= value.is_some();
                // An array is a set's values; anywhere else, joining it would
                // make one value of several (`["a", "b"]` as `a;b`), and an
                // object is no value at all: both are errors, not guesses.
                let set = matches!(plan.column.ty, ColumnType::SetOf(_));
                if let Some(v @ (serde_json::Value::Array(_) | serde_json::Value::Object(_))) =
                    value
                {
                    if !set || v.is_object() {
                        let what = if v.is_array() {
                            "an array"
                        } else {
                            "an object"
                        };
                        let text: String = v.to_string().chars().take(60).collect();
                        row_errors.push(RecordError::BadValue {
                            file: file.to_string(),
                            line,
                            column: plan.label.clone(),
                            value: text,
                            expected: plan.column.ty.describe(),
                            help: format!(
                                "{what} is read only as the values of a `set of` column; `{}` takes one value: a string, number or yes/no",
                                plan.column.name
                            ),
                        });
                        values.push(Value::Null);
                        continue;
                    }
                }
                // `true` where an id or a code belongs is a mistake in the
                // export, not the id `true`: read as text it would only show
                // up later as a dangling reference or an unknown code.
                if let Some(serde_json::Value::Bool(b)) = value {
                    if plan.column.ty != ColumnType::Bool {
                        row_errors.push(RecordError::BadValue {
                            file: file.to_string(),
                            line,
                            column: plan.label.clone(),
                            value: b.to_string(),
                            expected: plan.column.ty.describe(),
                            help: format!(
                                "`{}` holds {}, not yes/no: write it as a string or number",
                                plan.column.name,
                                plan.column.ty.describe()
                            ),
                        });
                        values.push(Value::Null);
                        continue;
                    }
                }
                let raw: std::borrow::Cow<str> = match value {
                    None | Some(serde_json::Value::Null) => "".into(),
                    Some(serde_json::Value::String(s)) => s.as_str().into(),
                    Some(serde_json::Value::Bool(b)) => b.to_string().into(),
                    Some(serde_json::Value::Number(n)) => n.to_string().into(),
                    Some(serde_json::Value::Array(items)) => {
                        let mut joined = Vec::new();
                        for item in items {
                            match item {
                                serde_json::Value::String(s) => joined.push(s.clone()),
                                other => joined.push(other.to_string()),
                            }
                        }
                        joined.join(";").into()
                    }
                    Some(other @ serde_json::Value::Object(_)) => other.to_string().into(),
                };
                match read_cell(
                    plan,
                    &raw,
                    &mut self.records.interner,
                    &mut self.records.clock,
                ) {
                    Ok(v) => values.push(v),
                    Err(e) => {
                        row_errors.push(cell_error(file, line, plan, &raw, e));
                        values.push(Value::Null);
                    }
                }
            }
            self.finish_row(&mut data, line, &values, &mut row_errors, &mut bad_rows);
        }
        // As for a CSV header: an optional key no line has, beside a key the
        // schema does not know spelt nearly like it, is almost certainly a
        // typo, and reading it as empty would make false breaches.
        for (plan, _) in plans
            .iter()
            .zip(&seen_keys)
            .filter(|(p, seen)| !**seen && p.column.optional)
        {
            if let Some(best) =
                crate::suggest::closest(&plan.key, unknown_keys.iter().map(String::as_str))
            {
                let best = best.to_string();
                self.errors.push(RecordError::MissingColumn {
                    file: file.to_string(),
                    table: table.name.clone(),
                    column: plan.key.clone(),
                    help: format!(
                        "it is optional, but the lines have a key `{best}`, which the schema does not have: if that is `{}` misspelt, rename it, or map it in the mapping file: `[tables.{}.columns] {} = \"{best}\"`",
                        plan.key, table.name, plan.column.name
                    ),
                });
                unknown_keys.remove(&best);
            }
        }
        for key in unknown_keys {
            self.notes.push(RecordNote {
                code: "sup::records::unknown-column",
                file: file.to_string(),
                message: format!(
                    "key `{key}` is not in the `{}` table of the schema; ignored",
                    table.name
                ),
            });
        }
        self.too_many(file, bad_rows);
        self.records.tables.insert(table.name.clone(), data);
    }

    fn finish_row(
        &mut self,
        data: &mut TableData,
        line: u64,
        values: &[Value],
        row_errors: &mut Vec<RecordError>,
        bad_rows: &mut usize,
    ) {
        if row_errors.is_empty() {
            if let Some(e) = ends_before_it_starts(data, line, values) {
                row_errors.push(e);
            }
        }
        if row_errors.is_empty() {
            if let Err(first_line) = data.push(line, values) {
                let id = data
                    .column_index("id")
                    .and_then(|c| values.get(c))
                    .and_then(Value::sym)
                    .map(|s| self.records.interner.resolve(s).to_string())
                    .unwrap_or_default();
                self.row_failed(
                    vec![RecordError::DuplicateId {
                        file: data.file.clone(),
                        line,
                        id,
                        first_line,
                    }],
                    bad_rows,
                );
            }
        } else {
            self.row_failed(std::mem::take(row_errors), bad_rows);
        }
    }

    fn row_failed(&mut self, errors: Vec<RecordError>, bad_rows: &mut usize) {
        *bad_rows += 1;
        if self.options.lenient {
            self.skipped_rows += 1;
            self.skipped.extend(errors);
        } else if *bad_rows <= MAX_ERRORS_PER_FILE {
            self.errors.extend(errors);
        }
    }

    /// In strict mode only the first [`MAX_ERRORS_PER_FILE`] bad rows of a
    /// file are listed; the file is still read to the end so that the count
    /// given for the rest is exact.
    fn too_many(&mut self, file: &str, bad_rows: usize) {
        if !self.options.lenient && bad_rows > MAX_ERRORS_PER_FILE {
            self.errors.push(RecordError::TooMany {
                file: file.to_string(),
                count: bad_rows,
                shown: MAX_ERRORS_PER_FILE,
            });
        }
    }

    /// Every reference must name a row of its table; under `lenient`, rows
    /// with dangling references are skipped, until none are left.
    fn check_references(&mut self) {
        let names: Vec<String> = self.records.tables.keys().cloned().collect();
        // Skipping a row can leave others dangling (a chain of line managers
        // is as long as the organisation is deep), so go round until a round
        // removes nothing. Each further round removes at least one row, so
        // this ends.
        loop {
            let mut removed_any = false;
            for name in &names {
                let Some(table) = self.records.tables.get(name) else {
                    continue;
                };
                let mut keep = vec![true; table.len()];
                let mut found = Vec::new();
                for column in &table.columns {
                    let ColumnType::Ref(target) = &column.ty else {
                        continue;
                    };
                    let Some(target_table) = self.records.tables.get(target) else {
                        continue;
                    };
                    for (row, value) in column.values.iter().enumerate() {
                        let Value::Str(id) = value else { continue };
                        if target_table.row_of(id).is_none() {
                            if let Some(k) = keep.get_mut(row) {
                                *k = false;
                            }
                            found.push(RecordError::DanglingRef {
                                file: table.file.clone(),
                                line: table.lines.get(row).copied().unwrap_or(0),
                                column: column.name.clone(),
                                table: target.clone(),
                                id: self.records.interner.resolve(id).to_string(),
                            });
                        }
                    }
                }
                if found.is_empty() {
                    continue;
                }
                found.sort_by_key(|e| e.line());
                if self.options.lenient {
                    self.skipped_rows += keep.iter().filter(|k| !**k).count();
                    self.skipped.extend(found);
                    if let Some(table) = self.records.tables.get_mut(name) {
                        table.retain_rows(&keep);
                    }
                    removed_any = true;
                } else {
                    let total = found.len();
                    self.errors
                        .extend(found.into_iter().take(MAX_ERRORS_PER_FILE));
                    if total > MAX_ERRORS_PER_FILE {
                        self.errors.push(RecordError::TooMany {
                            file: table.file.clone(),
                            count: total,
                            shown: MAX_ERRORS_PER_FILE,
                        });
                    }
                }
            }
            if !removed_any {
                break;
            }
        }
    }
}

/// A staff member who leaves before they start, a case closed before it
/// opened or an absence that ends before it starts would cover no day: the
/// evaluator would pass over them without a word, so the row is an error.
fn ends_before_it_starts(data: &TableData, line: u64, values: &[Value]) -> Option<RecordError> {
    let (start, end) = match data.name.as_str() {
        "staff" => ("start_date", "end_date"),
        "cases" => ("opened", "closed"),
        "absences" => ("start", "end"),
        _ => return None,
    };
    let first = values.get(data.column_index(start)?)?;
    let last = values.get(data.column_index(end)?)?;
    let (Value::Date(first), Value::Date(last)) = (first, last) else {
        return None;
    };
    (last < first).then(|| RecordError::BadValue {
        file: data.file.clone(),
        line,
        column: end.to_string(),
        value: last.to_string(),
        expected: format!("a date on or after `{start}` ({first})"),
        help: format!(
            "`{end}` is the last day, so it cannot be before `{start}`; check the two dates"
        ),
    })
}

/// Read one cell as its column's type.
#[inline(always)]
fn read_cell(
    plan: &ColumnPlan,
    raw: &str,
    interner: &mut Interner,
    clock: &mut Clock,
) -> Result<Value, CellError> {
    let text = trim_cell(raw);
    let ty = &plan.column.ty;
    if text.is_empty() {
        return match ty {
            ColumnType::SetOf(_) => Ok(Value::Set(interner.intern_set(Vec::new()))),
            _ if plan.column.optional => Ok(Value::Null),
            _ => Err(CellError::Missing),
        };
    }
    match ty {
        ColumnType::Id | ColumnType::Ref(_) => {
            no_control(text, "id")?;
            Ok(Value::Str(plan.intern(interner, text)))
        }
        ColumnType::Text => Ok(Value::Str(plan.intern(interner, text))),
        ColumnType::Number => value::parse_number(text).map(Value::Num).ok_or_else(|| CellError::BadValue {
            expected: "a number".into(),
            help: "write a number such as `3` or `0.5`, with a `.` for decimals".into(),
        }),
        ColumnType::Bool => value::parse_bool(text).map(Value::Bool).ok_or_else(|| CellError::BadValue {
            expected: "yes or no".into(),
            help: "write `yes` or `no` (`true`/`false`, `1`/`0` also work)".into(),
        }),
        ColumnType::Duration => value::parse_duration(text).map(Value::Minutes).ok_or_else(|| CellError::BadValue {
            expected: "a duration".into(),
            help: "write minutes (`90`), hours and minutes (`1:30`), `90 minutes`, `1.5 hours` or ISO 8601 (`PT1H30M`)".into(),
        }),
        ColumnType::Date => {
            if let Some(d) = value::parse_date(text) {
                return Ok(Value::Date(d));
            }
            if let Some(d) = plan.format.and_then(|f| value::parse_date_as(text, f)) {
                return Ok(Value::Date(d));
            }
            Err(CellError::BadDate {
                help: date_help(text, plan.format, false),
                time: false,
            })
        }
        ColumnType::Datetime => {
            if let Some(parsed) = value::parse_datetime(text) {
                return Ok(match parsed {
                    ParsedDatetime::Local(local) => Value::Instant(clock.instant(local)),
                    ParsedDatetime::Instant(i) => Value::Instant(i),
                });
            }
            if let Some(dt) = plan.format.and_then(|f| value::parse_datetime_as(text, f)) {
                return Ok(Value::Instant(clock.instant(dt)));
            }
            Err(CellError::BadDate {
                help: date_help(text, plan.format, true),
                time: true,
            })
        }
        ColumnType::OneOf(vocabulary) => {
            no_control(text, "code")?;
            let value = map_code(plan, text);
            check_vocabulary(plan, vocabulary, value)?;
            Ok(Value::Str(plan.intern(interner, value)))
        }
        ColumnType::SetOf(vocabulary) => {
            no_control(text, "code")?;
            let mut members = Vec::new();
            for member in value::split_set(text) {
                let value = map_code(plan, member);
                check_vocabulary(plan, vocabulary, value)?;
                members.push(plan.intern(interner, value));
            }
            Ok(Value::Set(interner.intern_set(members)))
        }
    }
}

/// Refuse an id or a code (`what`) that holds a control character
/// (`value::control_char` says why).
fn no_control(text: &str, what: &str) -> Result<(), CellError> {
    match value::control_char(text) {
        None => Ok(()),
        Some(c) => Err(CellError::BadValue {
            expected: format!("a valid {what}: it holds the control character U+{:04X}", u32::from(c)),
            help: "ids and codes cannot hold control characters (NUL, tab, line breaks, escape sequences): correct the value in the export".into(),
        }),
    }
}

/// `raw` without surrounding white space. Almost every cell starts and ends
/// with a printable ASCII character: checking the two ends first spares
/// `str::trim` (which decodes characters) a call per cell.
fn trim_cell(raw: &str) -> &str {
    // `char::is_whitespace` also counts the vertical tab, which
    // `u8::is_ascii_whitespace` does not.
    let plain = |b: &u8| b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0B;
    match raw.as_bytes() {
        [first, .., last] if plain(first) && plain(last) => raw,
        [only] if plain(only) => raw,
        _ => raw.trim(),
    }
}

fn map_code<'a>(plan: &'a ColumnPlan, text: &'a str) -> &'a str {
    plan.codes
        .and_then(|c| c.get(text))
        .map_or(text, String::as_str)
}

fn check_vocabulary(plan: &ColumnPlan, vocabulary: &str, value: &str) -> Result<(), CellError> {
    if plan.vocabulary.is_empty() || plan.vocabulary.iter().any(|v| v == value) {
        return Ok(());
    }
    // A code close to one the mapping translates is most likely a typo in
    // the mapping (or the export): name both.
    let mapped = plan.codes.and_then(|codes| {
        crate::suggest::closest(value, codes.keys().map(String::as_str))
            .and_then(|code| codes.get(code).map(|to| (code, to)))
    });
    let help = match (
        mapped,
        crate::suggest::closest(value, plan.vocabulary.iter().map(String::as_str)),
    ) {
        (Some((code, to)), _) => format!(
            "the mapping file maps `{code}` to `{to}`, but not `{value}`: is one of them misspelt?"
        ),
        (None, Some(best)) => format!("did you mean `{best}`?"),
        (None, None) => format!(
            "the policy's `{vocabulary}` values are {}; map export codes onto them in the mapping file's `values` section",
            list(plan.vocabulary)
        ),
    };
    Err(CellError::Unknown {
        vocabulary: vocabulary.to_string(),
        help,
    })
}

fn list(values: &[String]) -> String {
    let shown: Vec<String> = values.iter().take(8).map(|v| format!("`{v}`")).collect();
    let more = values.len().saturating_sub(8);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn date_help(text: &str, format: Option<&String>, with_time: bool) -> String {
    let example = if with_time {
        "`2026-03-10T09:30` or `2026-03-10 09:30:00+00:00`"
    } else {
        "`2026-03-10`"
    };
    let looks_british = text.len() >= 8 && text.as_bytes().get(2) == Some(&b'/');
    let mut help = format!("write ISO 8601, such as {example}");
    if let Some(format) = format {
        help.push_str(&format!(
            ", or the mapping file's format for it, `{format}`"
        ));
    } else if looks_british {
        help.push_str(", or give the export's format in the mapping file (`[tables.TABLE.formats] COLUMN = \"%d/%m/%Y\"`)");
    }
    if value::year_out_of_range(text, format.map(String::as_str)) {
        help = format!(
            "dates must be in the years {} to {}: check the year; {help}",
            value::FIRST_YEAR,
            value::LAST_YEAR
        );
    } else if value::parse_date(text.get(0..10).unwrap_or("")).is_none()
        && text.len() >= 10
        && text.as_bytes().get(4) == Some(&b'-')
    {
        help = format!("check the day exists in that month; {help}");
    }
    help
}

fn cell_error(
    file: &str,
    line: u64,
    plan: &ColumnPlan,
    raw: &str,
    error: CellError,
) -> RecordError {
    let file = file.to_string();
    let column = plan.label.clone();
    let value: String = raw.trim().chars().take(60).collect();
    match error {
        CellError::Missing => RecordError::MissingValue {
            file,
            line,
            column,
            expected: plan.column.ty.describe(),
        },
        CellError::BadDate { help, time } => RecordError::BadDate {
            file,
            line,
            column,
            value,
            expected: if time { "a date and time" } else { "a date" },
            help,
        },
        CellError::BadValue { expected, help } => RecordError::BadValue {
            file,
            line,
            column,
            value,
            expected,
            help,
        },
        CellError::Unknown { vocabulary, help } => RecordError::UnknownValue {
            file,
            line,
            column,
            value,
            vocabulary,
            help,
        },
    }
}

/// The byte offsets of the line ends read but not yet passed, and how many
/// have been passed: the line a byte is on, whatever the line ends are. The
/// queue holds only the line ends in the csv reader's buffer (or in one long
/// quoted value), so it stays small and nothing is allocated per row.
#[derive(Default)]
struct LineEnds {
    pending: std::collections::VecDeque<u64>,
    passed: u64,
}

impl LineEnds {
    /// The 1-based line of the byte at `offset`; offsets asked for must not
    /// go backwards. A line end at `offset` itself counts as passed: with
    /// CRLF the csv reader stops after the `\r`, so the position it gives
    /// for the next row (and after a row) is the `\n` that ends the line.
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.pending.front().is_some_and(|e| *e <= offset) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    /// As `line_at`, without forgetting anything (for an offset ahead).
    fn peek_line_at(&self, offset: u64) -> u64 {
        let ahead = self.pending.iter().take_while(|e| **e <= offset).count();
        self.passed + u64::try_from(ahead).unwrap_or(u64::MAX) + 1
    }
}

/// A reader that notes where each `\n` is as the bytes go by.
struct CountLines<R> {
    inner: R,
    read: u64,
    ends: std::rc::Rc<std::cell::RefCell<LineEnds>>,
}

impl<R: Read> Read for CountLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let base = self.read;
        let mut ends = self.ends.borrow_mut();
        for i in memchr::memchr_iter(b'\n', buf.get(..n).unwrap_or(&[])) {
            ends.pending
                .push_back(base + u64::try_from(i).unwrap_or(u64::MAX));
        }
        self.read += u64::try_from(n).unwrap_or(u64::MAX);
        Ok(n)
    }
}

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

#[cfg(test)]
mod tests {
    use super::trim_cell;

    #[test]
    fn trim_cell_trims_as_str_trim_does() {
        for raw in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\r",
            "\u{0B}a\u{0B}",
            "\u{A0}a\u{A0}",
            "é",
            " é ",
            "a b",
            "\u{2003}x",
            "S00012",
        ] {
            assert_eq!(trim_cell(raw), raw.trim(), "{raw:?}");
        }
    }
}
