//! Reading an export directory: finding each table's file, streaming its
//! rows, typing each kept cell, then checking ids and references.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::cell::{cell_error, derived_text, read_cell, read_date_and_time, ColumnPlan};
use super::error::{RecordError, RecordNote};
use super::history::{history_schema, SUFFIX};
use super::mapping::{Derivation, Derived, Mapping, TableMapping};
use super::needs::Needs;
use super::plan::PlanFor;
use super::source::{CsvRows, JsonRows, RowSource, Step};
use super::value::Value;
use super::xlsx::XlsxRows;
use super::{Records, TableData};
use crate::diagnostic::Code;
use crate::policy::{ColumnType, CompiledPolicy, Table};

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
pub(super) const ROWS_SAMPLED: u64 = 256;

/// In strict mode, stop reading a file after this many bad rows.
pub(super) const MAX_ERRORS_PER_FILE: usize = 50;

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
    let mut present: BTreeMap<String, Vec<Found>> = BTreeMap::new();
    let mut others: Vec<PathBuf> = Vec::new();
    let mut workbooks: Vec<PathBuf> = Vec::new();
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
            present.entry(stem).or_default().push(Found::file(path));
        } else if path.is_file() && ext == "xlsx" {
            workbooks.push(path);
        } else if path.is_file() {
            others.push(path);
        }
    }
    let mut needs = Needs::of(policy);
    // Columns kept only for a report (no rule reads them): read when the
    // export has them, passed over in silence when it does not.
    let mut kept_only: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (table, columns) in &options.also_keep {
        let (Some(declared), Some(kept)) = (policy.tables.get(table), needs.tables.get_mut(table))
        else {
            continue;
        };
        let extra: Vec<String> = columns
            .iter()
            .filter(|c| declared.columns.iter().any(|d| &d.name == *c) && !kept.contains(*c))
            .cloned()
            .collect();
        kept.extend(extra.iter().cloned());
        kept_only.entry(table.clone()).or_default().extend(extra);
    }
    let mut loader = Loader {
        policy,
        options,
        records: Records::new(&policy.header.timezone),
        notes: Vec::new(),
        errors: Vec::new(),
        skipped: Vec::new(),
        skipped_rows: 0,
        kept_only,
        chunk: None,
        seeds: Seeds::default(),
    };
    // A workbook named after a table holds it (in its sheet of that name,
    // or its only sheet); another holds the tables its sheets are named
    // after, one sheet per table.
    let is_table =
        |name: &str| policy.tables.contains_key(name) || history_schema(policy, name).is_some();
    for book in workbooks {
        let name = book
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let stem = book
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if name.starts_with("~$") {
            loader.notes.push(RecordNote {
                code: Code::RecordUnknownFile,
                file: book.display().to_string(),
                message: "not read: Excel's lock file for a workbook open in Excel".into(),
            });
            continue;
        }
        if is_table(&stem) {
            present.entry(stem).or_default().push(Found::file(book));
            continue;
        }
        let mapped = options
            .mapping
            .tables
            .values()
            .any(|t| t.file.as_deref() == Some(name.as_str()));
        match super::xlsx::sheet_names(&book) {
            Ok(sheets) => {
                let tables: Vec<&String> = sheets.iter().filter(|s| is_table(s)).collect();
                for sheet in &tables {
                    present.entry((*sheet).clone()).or_default().push(Found {
                        path: book.clone(),
                        sheet: Some((*sheet).clone()),
                    });
                }
                if tables.is_empty() && !mapped {
                    let listed: Vec<String> = sheets.iter().map(|s| format!("`{s}`")).collect();
                    loader.notes.push(RecordNote {
                        code: Code::RecordUnknownFile,
                        file: book.display().to_string(),
                        message: format!("not read: no sheet is named after a table of the policy (its sheets: {})", listed.join(", ")),
                    });
                }
            }
            // A workbook that cannot be opened may hold no table at all: if
            // it held one, that table's missing file is the error.
            Err(e) if !mapped => loader.notes.push(RecordNote {
                code: Code::RecordUnknownFile,
                file: book.display().to_string(),
                message: format!(
                    "not read: {}",
                    e.to_string().split_once(": ").map_or("", |(_, why)| why)
                ),
            }),
            Err(_) => {}
        }
    }
    let mapped_files: BTreeSet<String> = options
        .mapping
        .tables
        .values()
        .filter_map(|t| t.file.clone())
        .collect();
    // Files that no table claims.
    for (stem, paths) in &present {
        let claimed_by_mapping = paths.iter().any(|p| {
            p.path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| mapped_files.contains(n))
        });
        if claimed_by_mapping {
            continue;
        }
        // A table the mapping reads from another file: this one, named after
        // the table, is left unread, which must be said, not done silently.
        let is_history = history_schema(policy, stem).is_some();
        let elsewhere = options
            .mapping
            .table(stem)
            .and_then(|t| t.file.as_deref())
            .filter(|_| policy.tables.contains_key(stem) || is_history);
        if let Some(mapped) = elsewhere {
            for p in paths {
                loader.notes.push(RecordNote {
                    code: Code::RecordUnknownFile,
                    file: p.label(),
                    message: format!("not read: the mapping names `{mapped}` for `{stem}`"),
                });
            }
        } else if !policy.tables.contains_key(stem) && !is_history {
            for p in paths {
                loader.notes.push(RecordNote {
                    code: Code::RecordUnknownFile,
                    file: p.label(),
                    message: format!("not read: the policy has no table `{stem}`"),
                });
            }
        }
    }
    for other in &others {
        loader.notes.push(RecordNote {
            code: Code::RecordUnknownFile,
            file: other.display().to_string(),
            message: "not read: only `.csv`, `.jsonl` and `.xlsx` files are exports".into(),
        });
    }
    let empty = TableMapping::default();
    // Room for every string at once spares the interner's list of absorbed
    // strings from growing (old and new copies both in memory) as it fills.
    let to_read: u64 = policy
        .tables
        .keys()
        .filter(|name| needs.table(name).is_some() || *name == "waivers")
        .filter_map(|name| {
            let mapping = options.mapping.table(name).unwrap_or(&empty);
            table_file(dir, mapping, present.get(name)).ok().flatten()
        })
        .filter_map(|found| std::fs::metadata(found.path).ok())
        .map(|m| m.len())
        .sum();
    loader
        .records
        .interner
        .reserve_absorbed(usize::try_from(to_read / BYTES_PER_STRING).unwrap_or(0));
    // Tables are read after this loop, on every core (`load/chunks.rs`).
    let mut jobs = Vec::new();
    for (name, table) in &policy.tables {
        let mapping = options.mapping.table(name).unwrap_or(&empty);
        let path = match table_file(dir, mapping, present.get(name)) {
            Ok(path) => path,
            Err((first, second)) => {
                loader.errors.push(RecordError::AmbiguousTable {
                    table: name.clone(),
                    first: first.label(),
                    second: second.label(),
                });
                continue;
            }
        };
        let needed = needs.table(name);
        let is_waivers = name == "waivers";
        match (path, needed) {
            (Some(path), Some(needed)) => {
                jobs.push(loader.job(table, path, needed.clone(), mapping))
            }
            (Some(path), None) if is_waivers => {
                let all: BTreeSet<String> = table.columns.iter().map(|c| c.name.clone()).collect();
                jobs.push(loader.job(table, path, all, mapping));
            }
            (Some(path), None) => loader.notes.push(RecordNote {
                code: Code::RecordUnusedTable,
                file: path.label(),
                message: format!("not read: no rule of this policy uses `{name}`"),
            }),
            (None, Some(_)) if is_waivers => {}
            (None, Some(_)) => {
                // A file no table claims, named like this one (`Staff.csv`,
                // `session.csv`), is most likely it.
                let unclaimed = present.keys().filter(|stem| {
                    !policy.tables.contains_key(stem.as_str())
                        && history_schema(policy, stem).is_none()
                });
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
                    .map(|found| &found.path)
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
                        code: Code::RecordNoWaivers,
                        file: dir_name.clone(),
                        message: "no `waivers` file: no finding can be waived".into(),
                    });
                }
            }
        }
    }
    loader.read_tables(jobs);
    if loader.errors.is_empty() {
        loader.check_references();
    }
    // Histories are read once their tables' rows are final: a history row
    // is checked against them and indexed by row.
    for name in policy.tables.keys() {
        let history = format!("{name}{SUFFIX}");
        if history_schema(policy, &history).is_none() {
            continue;
        }
        let mapping = options.mapping.table(&history).unwrap_or(&empty);
        let path = match table_file(dir, mapping, present.get(&history)) {
            Ok(Some(path)) => path,
            Ok(None) => continue,
            Err((first, second)) => {
                loader.errors.push(RecordError::AmbiguousTable {
                    table: history,
                    first: first.label(),
                    second: second.label(),
                });
                continue;
            }
        };
        if loader.records.tables.contains_key(name) {
            loader.load_history(name, &path, mapping);
        } else if needs.table(name).is_none() {
            loader.notes.push(RecordNote {
                code: Code::RecordUnusedTable,
                file: path.label(),
                message: format!("not read: no rule of this policy uses `{name}`"),
            });
        }
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

/// Where a table is: a file, or a sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub(super) path: PathBuf,
    /// The sheet, for a workbook whose sheets are named after tables; a
    /// workbook named after its table is read from its sheet of that name,
    /// or its only sheet.
    pub(super) sheet: Option<String>,
}

impl Found {
    fn file(path: PathBuf) -> Self {
        Found { path, sheet: None }
    }

    /// How it is named in messages.
    pub(super) fn label(&self) -> String {
        match &self.sheet {
            Some(sheet) => super::xlsx::label(&self.path, sheet),
            None => self.path.display().to_string(),
        }
    }

    fn is_workbook(&self) -> bool {
        self.path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    }
}

/// The file a table is read from: the one its mapping names, else the one
/// file of the directory named after it; `Err` with two of them when there
/// are several.
fn table_file<'p>(
    dir: &Path,
    mapping: &TableMapping,
    found: Option<&'p Vec<Found>>,
) -> Result<Option<Found>, (&'p Found, &'p Found)> {
    match (&mapping.file, found.map(Vec::as_slice)) {
        (Some(file), _) => Ok(Some(Found {
            path: dir.join(file),
            sheet: mapping.sheet.clone(),
        })),
        (None, Some([one])) => Ok(Some(one.clone())),
        (None, Some([first, second, ..])) => Err((first, second)),
        _ => Ok(None),
    }
}

pub(super) struct Loader<'a> {
    pub(super) policy: &'a CompiledPolicy,
    pub(super) options: &'a LoadOptions,
    pub(super) records: Records,
    pub(super) notes: Vec<RecordNote>,
    /// Errors that stop the load.
    pub(super) errors: Vec<RecordError>,
    pub(super) skipped: Vec<RecordError>,
    pub(super) skipped_rows: usize,
    /// Per table, the columns kept only for a report (`LoadOptions::also_keep`
    /// less what the rules read): a missing one is neither noted nor an error.
    pub(super) kept_only: BTreeMap<String, BTreeSet<String>>,
    /// The part of a CSV file this loader reads, when a large file is read
    /// in chunks on several threads (`load/chunks.rs`); `None` for all of it.
    pub(super) chunk: Option<chunks::Chunk>,
    /// The ids of tables joined before this loader started (`load/chunks.rs`).
    pub(super) seeds: Seeds,
}

/// Where the rows of a file go once their cells are typed: a table, or a
/// table's history.
pub(super) trait RowSink {
    /// Make room for `rows` more rows.
    fn reserve(&mut self, rows: usize);
    /// Take a row whose cells were read (`row_errors` says what could not
    /// be), or report it to `loader` as bad.
    fn take(
        &mut self,
        loader: &mut Loader,
        line: u64,
        values: &[Value],
        row_errors: &mut Vec<RecordError>,
        bad_rows: &mut usize,
    );
}

impl RowSink for TableData {
    fn reserve(&mut self, rows: usize) {
        TableData::reserve(self, rows);
    }

    fn take(
        &mut self,
        loader: &mut Loader,
        line: u64,
        values: &[Value],
        row_errors: &mut Vec<RecordError>,
        bad_rows: &mut usize,
    ) {
        loader.finish_row(self, line, values, row_errors, bad_rows);
    }
}

impl Loader<'_> {
    /// Read the file at `path` as `table` (a table or a history's schema)
    /// into the sink `make` gives for its kept columns; `None` if the file
    /// cannot be read at all (the error is in `self.errors`).
    pub(super) fn read_file<K: RowSink>(
        &mut self,
        table: &Table,
        found: &Found,
        needed: &BTreeSet<String>,
        mapping: &TableMapping,
        history: bool,
        make: impl FnOnce(&mut Self, &[ColumnPlan], &str) -> K,
    ) -> Option<K> {
        let what = PlanFor {
            table,
            file: "",
            header: &[],
            needed,
            mapping,
            policy: self.policy,
            fixed_header: true,
            history,
        };
        if found.is_workbook() {
            let opened = XlsxRows::open(&found.path, found.sheet.as_deref(), &table.name).map(
                |(source, header)| {
                    let file = source.file().to_string();
                    (source, header, file)
                },
            );
            return self.read_with_header(opened, what, make);
        }
        let path = found.path.as_path();
        let file = path.display().to_string();
        let unreadable = |e: std::io::Error| RecordError::Unreadable {
            file: file.clone(),
            message: e.to_string(),
        };
        let handle = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.errors.push(unreadable(e));
                return None;
            }
        };
        let mut reader = BufReader::with_capacity(1 << 16, handle);
        match reader.fill_buf() {
            Ok(buf) if buf.starts_with(BOM) => reader.consume(BOM.len()),
            Ok(buf) => {
                if let Some(encoding) = super::encoding::utf16(buf) {
                    self.errors.push(RecordError::Utf16 {
                        file: file.clone(),
                        encoding,
                    });
                    return None;
                }
            }
            Err(e) => {
                self.errors.push(unreadable(e));
                return None;
            }
        }
        if path.extension().is_some_and(|e| e == "jsonl") {
            let plan = PlanFor {
                file: &file,
                fixed_header: false,
                ..what
            };
            let plans = self.plan(&plan)?;
            let mut sink = make(self, &plans, &file);
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
                .chain(mapping.export_columns().map(str::to_string))
                .collect();
            let mut source = JsonRows::new(&file, reader, known_keys, plans.len(), history);
            let bad_rows = self.read_rows(&mut source, &file, &plans, &mut sink)?;
            let (seen, unknown_keys, known_seen) = source.finish();
            self.check_keys(&plan, &plans, &seen, unknown_keys, &known_seen);
            self.too_many(&file, bad_rows);
            Some(sink)
        } else {
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            match self.chunk.as_ref().map(|c| (c.start, c.end)) {
                None => {
                    let opened = CsvRows::open(&file, reader, size)
                        .map(|(source, header)| (source, header, file.clone()));
                    self.read_with_header(opened, what, make)
                }
                // The first chunk: the file's start, header included.
                Some((0, end)) => {
                    let reader = std::io::Read::take(reader, end);
                    let opened = CsvRows::open(&file, reader, end)
                        .map(|(source, header)| (source, header, file.clone()));
                    self.read_with_header(opened, what, make)
                }
                Some((start, end)) => {
                    let opened = chunks::open_chunk(path, &file, reader, size, start, end);
                    self.read_with_header(opened, what, make)
                }
            }
        }
    }

    /// Read a source with a header row (a CSV file, a sheet), opened as
    /// (the source, its header, how its file is named): its columns planned
    /// as `what` says against the header, its rows into the sink `make`
    /// gives.
    fn read_with_header<S: RowSource, K: RowSink>(
        &mut self,
        opened: Result<(S, Vec<String>, String), RecordError>,
        what: PlanFor,
        make: impl FnOnce(&mut Self, &[ColumnPlan], &str) -> K,
    ) -> Option<K> {
        let (mut source, header, file) = match opened {
            Ok(opened) => opened,
            Err(e) => {
                self.errors.push(e);
                return None;
            }
        };
        let plans = self.plan(&PlanFor {
            file: &file,
            header: &header,
            ..what
        })?;
        let mut sink = make(self, &plans, &file);
        let said = (self.errors.len(), self.notes.len());
        let bad_rows = self.read_rows(&mut source, &file, &plans, &mut sink);
        if let Some(chunk) = &mut self.chunk {
            (chunk.lines, chunk.quoted) = source.read_so_far();
            chunk.clean = bad_rows == Some(0) && said == (self.errors.len(), self.notes.len());
        }
        self.too_many(&file, bad_rows.unwrap_or(0));
        Some(sink)
    }

    /// The one row loop: every row of `source`, its kept cells typed by
    /// their `plans`, into `sink`. The number of bad rows, or `None` when
    /// the file stopped in a way that leaves nothing to keep.
    fn read_rows<S: RowSource, K: RowSink>(
        &mut self,
        source: &mut S,
        file: &str,
        plans: &[ColumnPlan],
        sink: &mut K,
    ) -> Option<usize> {
        let mut values = Vec::with_capacity(plans.len());
        let mut row_errors = Vec::new();
        let mut bad_rows = 0usize;
        let mut rows_read = 0u64;
        loop {
            // After a sample of rows, make room for the rest of the file at
            // once instead of growing every column again and again.
            rows_read += 1;
            if rows_read == ROWS_SAMPLED {
                if let Some(rows) = source.rows_left() {
                    sink.reserve(rows);
                }
            }
            let line = match source.next_row() {
                Step::Row(line) => line,
                Step::Blank => continue,
                Step::Bad(errors) => {
                    self.row_failed(errors, &mut bad_rows);
                    continue;
                }
                Step::Stop(error @ RecordError::Unreadable { .. }) => {
                    // Reading stopped halfway: what was read is no table.
                    self.errors.push(error);
                    return None;
                }
                Step::Stop(error) => {
                    self.errors.push(error);
                    break;
                }
                Step::End => break,
            };
            values.clear();
            row_errors.clear();
            for (index, plan) in plans.iter().enumerate() {
                let raw = match plan.derived {
                    // A constant reads no cell of the file.
                    Some(Derived {
                        how: Derivation::Constant(text),
                        ..
                    }) => Ok(std::borrow::Cow::Borrowed(text.as_str())),
                    _ => source.cell(index, plan, line),
                };
                let raw = match raw {
                    Ok(raw) => raw,
                    Err(e) => {
                        row_errors.push(*e);
                        values.push(Value::Null);
                        continue;
                    }
                };
                if let Some(time) = &plan.time {
                    let read = match source.cell(index, time, line) {
                        Err(e) => Err(*e),
                        Ok(raw_time) => {
                            read_date_and_time(plan, &raw, &raw_time, &mut self.records.clock)
                                .map_err(|(in_time, e)| {
                                    if in_time {
                                        cell_error(file, line, time, &raw_time, e)
                                    } else {
                                        cell_error(file, line, plan, &raw, e)
                                    }
                                })
                        }
                    };
                    match read {
                        Ok(v) => values.push(v),
                        Err(e) => {
                            row_errors.push(e);
                            values.push(Value::Null);
                        }
                    }
                    continue;
                }
                let raw = derived_text(plan, raw);
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
            match source.after_row(line, row_errors.len()) {
                Ok(None) => {}
                Ok(Some(note)) => self.notes.push(note),
                Err(error) => {
                    self.errors.push(*error);
                    break;
                }
            }
            sink.take(self, line, &values, &mut row_errors, &mut bad_rows);
        }
        Some(bad_rows)
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

    pub(super) fn row_failed(&mut self, errors: Vec<RecordError>, bad_rows: &mut usize) {
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
    pub(super) fn too_many(&mut self, file: &str, bad_rows: usize) {
        if !self.options.lenient && bad_rows > MAX_ERRORS_PER_FILE {
            self.errors.push(RecordError::TooMany {
                file: file.to_string(),
                count: bad_rows,
                shown: MAX_ERRORS_PER_FILE,
            });
        }
    }
}

mod chunks;
pub(super) use chunks::Seeds;
use chunks::BYTES_PER_STRING;
pub use chunks::{load_dir_in_chunks, load_dir_with_bands};
mod references;
use references::ends_before_it_starts;
