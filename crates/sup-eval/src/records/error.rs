//! What can be wrong with an export, as errors with stable codes.
//!
//! Every error names the file, and where it applies the line, the column
//! and the expected type, so the person who produced the export can find
//! and fix it. Messages are lowercase with user input in backticks; the
//! advice goes in `help`.

use serde::Serialize;

use super::load::MAX_ERRORS_PER_FILE;
use crate::diagnostic::Code;

/// A problem with an export: a file, a row or a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum RecordError {
    #[error("cannot read `{file}`: {message}")]
    #[diagnostic(help("check the path and the file's permissions"))]
    Unreadable { file: String, message: String },

    #[error("no file for the table `{table}` in `{dir}`")]
    #[diagnostic(
        help("this policy's rules read `{table}`: {hint}add `{table}.csv` or `{table}.jsonl` (a header row is enough if there are no rows), or a sheet `{table}` to a workbook (`.xlsx`) of the export, or name the file in the mapping")
    )]
    MissingTable {
        table: String,
        dir: String,
        /// A file of the directory with a name close to the table's, as
        /// "is `Staff.csv` it? rename it, or ", or empty.
        hint: String,
    },

    #[error("two files for the table `{table}`: `{first}` and `{second}`")]
    #[diagnostic(help("keep one of them, or name the one to use in the mapping file"))]
    AmbiguousTable {
        table: String,
        first: String,
        second: String,
    },

    #[error("`{file}` is empty")]
    #[diagnostic(help("a CSV file needs at least a header row naming its columns"))]
    EmptyFile { file: String },

    #[error("`{file}` has no column `{column}`, which `{table}` needs")]
    #[diagnostic(help("{help}"))]
    MissingColumn {
        file: String,
        table: String,
        column: String,
        help: String,
    },

    #[error("`{file}` has the column `{column}` twice")]
    #[diagnostic(help("rename or remove one of them"))]
    DuplicateColumn { file: String, column: String },

    #[error("`{file}` line {line}: the row has {found} fields, but the header has {expected}")]
    #[diagnostic(help("{advice}"))]
    RaggedRow {
        file: String,
        line: u64,
        expected: usize,
        found: usize,
        /// Too many fields: quote commas; too few: keep the empty ones.
        advice: &'static str,
    },

    #[error("`{file}` line {line}: {message}")]
    #[diagnostic(help(
        "the file must be CSV with a header row, UTF-8, fields quoted with double quotes"
    ))]
    BadCsv {
        file: String,
        line: u64,
        message: String,
    },

    #[error("`{file}` line {line}: the row runs on to line {last_line} inside a quoted field, and {problem}")]
    #[diagnostic(
        help("close the quote (`\"`) left open on line {line}; the rows after it were read into that one field, so the file cannot be read, even with `--lenient`")
    )]
    UnclosedQuote {
        file: String,
        line: u64,
        last_line: u64,
        /// What is wrong with the row so read.
        problem: String,
    },

    #[error("`{file}` line {line}: {message}")]
    #[diagnostic(help("each line of a `.jsonl` file must be one JSON object, such as {{\"id\": \"S1\", \"start_date\": \"2024-01-08\"}}"))]
    BadJson {
        file: String,
        line: u64,
        message: String,
    },

    #[error("`{file}` is {encoding} text, not UTF-8")]
    #[diagnostic(
        help("save the export as UTF-8 (in Excel: Save As, then \"CSV UTF-8\"); no row of it can be read as it is, even with `--lenient`")
    )]
    Utf16 {
        file: String,
        encoding: &'static str,
    },

    #[error("`{file}` line {line}, column `{column}`: the text is not UTF-8")]
    #[diagnostic(help("save the export as UTF-8"))]
    NotUtf8 {
        file: String,
        line: u64,
        column: String,
    },

    #[error("`{file}` line {line}, column `{column}`: `{value}` is not {expected}")]
    #[diagnostic(help("{help}"))]
    BadDate {
        file: String,
        line: u64,
        column: String,
        value: String,
        /// `a date`, or `a date and time` for a datetime column.
        expected: &'static str,
        help: String,
    },

    #[error("`{file}` line {line}, column `{column}`: `{value}` is not {expected}")]
    #[diagnostic(help("{help}"))]
    BadValue {
        file: String,
        line: u64,
        column: String,
        value: String,
        expected: String,
        help: String,
    },

    #[error("`{file}` line {line}, column `{column}`: `{value}` is not one of the policy's `{vocabulary}` values")]
    #[diagnostic(help("{help}"))]
    UnknownValue {
        file: String,
        line: u64,
        column: String,
        value: String,
        vocabulary: String,
        help: String,
    },

    #[error("`{file}` line {line}, column `{column}`: the value is missing")]
    #[diagnostic(help("`{column}` is required: every row needs {expected}"))]
    MissingValue {
        file: String,
        line: u64,
        column: String,
        expected: String,
    },

    #[error("`{file}` line {line}: the id `{id}` is used again (first on line {first_line})")]
    #[diagnostic(help("ids must be unique within a table"))]
    DuplicateId {
        file: String,
        line: u64,
        id: String,
        first_line: u64,
    },

    #[error("`{file}` line {line}, column `{column}`: no row of `{table}` has the id `{id}`")]
    #[diagnostic(help("export the `{table}` row it refers to, or correct the id"))]
    DanglingRef {
        file: String,
        line: u64,
        column: String,
        table: String,
        id: String,
    },

    #[error("`{file}` has the column `{column}`, which the table `{table}` does not have")]
    #[diagnostic(help("{help}"))]
    UnknownHistoryColumn {
        file: String,
        table: String,
        column: String,
        help: String,
    },

    #[error("`{file}` has the column `{column}`, but a row's lifetime has no history")]
    #[diagnostic(
        help("a history dates a row's attributes, not the days the row exists: give `{column}` in `{table}` itself (its first or last day) and remove the column from the history")
    )]
    DatedLifetime {
        file: String,
        table: String,
        column: String,
    },

    #[error("`{file}` line {line}: this period of `{id}` sets `{column}` from {from}, but so does the period on line {other_line}, which covers that day")]
    #[diagnostic(
        help("a row's periods that set the same column must not share a day: end one (`to`, the last day in force) before the other starts (`from`)")
    )]
    OverlappingHistory {
        file: String,
        line: u64,
        id: String,
        column: String,
        from: String,
        other_line: u64,
    },

    #[error("in the mapping `{file}`, line {line}, column {column}: {message}")]
    #[diagnostic(help("see docs/records.md for the mapping file's format"))]
    BadMapping {
        file: String,
        line: u32,
        column: u32,
        message: String,
    },

    #[error("`{file}` has no sheet `{sheet}`")]
    #[diagnostic(help("{help}"))]
    MissingSheet {
        file: String,
        sheet: String,
        /// The workbook's sheets, and how to name one.
        help: String,
    },

    #[error("`{file}` has {count} bad rows; showing the first {shown}")]
    #[diagnostic(help(
        "fix these, or run with `--lenient` to skip bad rows and see them all counted"
    ))]
    TooMany {
        file: String,
        count: usize,
        shown: usize,
    },
}

impl RecordError {
    /// The stable code, from the one list in [`crate::diagnostic`].
    pub fn code(&self) -> Code {
        match self {
            RecordError::Unreadable { .. } => Code::RecordUnreadable,
            RecordError::MissingTable { .. } => Code::RecordMissingTable,
            RecordError::AmbiguousTable { .. } => Code::RecordAmbiguousTable,
            RecordError::EmptyFile { .. } => Code::RecordEmptyFile,
            RecordError::MissingColumn { .. } => Code::RecordMissingColumn,
            RecordError::DuplicateColumn { .. } => Code::RecordDuplicateColumn,
            RecordError::RaggedRow { .. } => Code::RecordRaggedRow,
            RecordError::BadCsv { .. } | RecordError::UnclosedQuote { .. } => Code::RecordBadCsv,
            RecordError::BadJson { .. } => Code::RecordBadJson,
            RecordError::Utf16 { .. } | RecordError::NotUtf8 { .. } => Code::RecordNotUtf8,
            RecordError::BadDate { .. } => Code::RecordBadDate,
            RecordError::BadValue { .. } => Code::RecordBadValue,
            RecordError::UnknownValue { .. } => Code::RecordUnknownValue,
            RecordError::MissingValue { .. } => Code::RecordMissingValue,
            RecordError::DuplicateId { .. } => Code::RecordDuplicateId,
            RecordError::DanglingRef { .. } => Code::RecordDanglingRef,
            RecordError::UnknownHistoryColumn { .. } => Code::RecordUnknownHistoryColumn,
            RecordError::DatedLifetime { .. } => Code::RecordDatedLifetime,
            RecordError::OverlappingHistory { .. } => Code::RecordOverlappingHistory,
            RecordError::BadMapping { .. } => Code::RecordBadMapping,
            RecordError::MissingSheet { .. } => Code::RecordMissingSheet,
            RecordError::TooMany { .. } => Code::RecordTooManyErrors,
        }
    }

    /// The stable code, as a string (`sup::records::bad-date`).
    pub fn code_str(&self) -> String {
        self.code().as_str().to_string()
    }

    /// The help line, if any.
    pub fn help_str(&self) -> Option<String> {
        miette::Diagnostic::help(self).map(|h| h.to_string())
    }

    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            RecordError::MissingTable { dir, .. } => dir,
            RecordError::AmbiguousTable { first, .. } => first,
            RecordError::Unreadable { file, .. }
            | RecordError::EmptyFile { file }
            | RecordError::MissingColumn { file, .. }
            | RecordError::UnknownHistoryColumn { file, .. }
            | RecordError::DatedLifetime { file, .. }
            | RecordError::OverlappingHistory { file, .. }
            | RecordError::DuplicateColumn { file, .. }
            | RecordError::RaggedRow { file, .. }
            | RecordError::BadCsv { file, .. }
            | RecordError::UnclosedQuote { file, .. }
            | RecordError::BadJson { file, .. }
            | RecordError::NotUtf8 { file, .. }
            | RecordError::Utf16 { file, .. }
            | RecordError::BadDate { file, .. }
            | RecordError::BadValue { file, .. }
            | RecordError::UnknownValue { file, .. }
            | RecordError::MissingValue { file, .. }
            | RecordError::DuplicateId { file, .. }
            | RecordError::DanglingRef { file, .. }
            | RecordError::BadMapping { file, .. }
            | RecordError::MissingSheet { file, .. }
            | RecordError::TooMany { file, .. } => file,
        }
    }

    /// The line the error is on, if it is about one row.
    pub fn line(&self) -> Option<u64> {
        match self {
            RecordError::RaggedRow { line, .. }
            | RecordError::BadCsv { line, .. }
            | RecordError::UnclosedQuote { line, .. }
            | RecordError::BadJson { line, .. }
            | RecordError::NotUtf8 { line, .. }
            | RecordError::BadDate { line, .. }
            | RecordError::BadValue { line, .. }
            | RecordError::UnknownValue { line, .. }
            | RecordError::MissingValue { line, .. }
            | RecordError::DuplicateId { line, .. }
            | RecordError::DanglingRef { line, .. }
            | RecordError::OverlappingHistory { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// Whether skipping the row it is on gets past it (`--lenient`).
    pub fn is_row_error(&self) -> bool {
        // An open quote swallows the rows after it: skipping "the row" would
        // drop them silently, so it is a problem with the whole file.
        self.line().is_some() && !matches!(self, RecordError::UnclosedQuote { .. })
    }

    /// The error as data, for JSON reports.
    pub fn to_json(&self) -> ErrorJson {
        ErrorJson {
            code: self.code_str(),
            message: self.to_string(),
            file: self.file().to_string(),
            line: self.line(),
            help: self.help_str(),
        }
    }
}

/// A [`RecordError`] in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorJson {
    pub code: String,
    pub message: String,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// Something worth knowing about an export that changes nothing: an
/// ignored column, a file no rule reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordNote {
    pub code: Code,
    pub file: String,
    pub message: String,
}

/// Lists the errors found in a file once its rows were read (strict mode):
/// the first [`MAX_ERRORS_PER_FILE`] of them, then how many there were in
/// all. It takes the loader's error list, not the loader, so that callers
/// can keep reading the loaded tables meanwhile.
pub(super) fn list_first(errors: &mut Vec<RecordError>, file: &str, found: Vec<RecordError>) {
    let total = found.len();
    errors.extend(found.into_iter().take(MAX_ERRORS_PER_FILE));
    if total > MAX_ERRORS_PER_FILE {
        errors.push(RecordError::TooMany {
            file: file.to_string(),
            count: total,
            shown: MAX_ERRORS_PER_FILE,
        });
    }
}
