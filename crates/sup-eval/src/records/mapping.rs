//! The mapping file (`--map mapping.toml`): how a real export's files,
//! sheets, column names, codes and date formats map onto the policy's
//! schema, and how values the export does not hold as such are derived
//! (a code from a column's presence or a pattern, a constant, a date and
//! time from two columns), without editing the export. The format is
//! documented in `docs/records.md`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::error::RecordError;
use crate::policy::{Column, ColumnType, CompiledPolicy, Table};

/// Where something is in the mapping file, for messages about the export
/// that it shapes (1-based; 0 when unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MappingAt {
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for MappingAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// A parsed and checked mapping. The default maps nothing: files are named
/// after their tables and columns after the schema's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    pub tables: BTreeMap<String, TableMapping>,
    /// The mapping file's name, for messages about what it derives.
    pub file: String,
}

/// How one table is mapped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableMapping {
    /// The file holding the table, relative to the records directory.
    pub file: Option<String>,
    /// The sheet of an `.xlsx` file holding the table.
    pub sheet: Option<String>,
    /// Schema column → the export's column name.
    pub columns: BTreeMap<String, String>,
    /// Schema column → (export code → schema value).
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Schema column → the patterns its codes are matched against, in the
    /// order written, after the exact codes of `values`.
    pub patterns: BTreeMap<String, Vec<Pattern>>,
    /// Schema column → the value of a code that nothing else maps and that
    /// is not a value of the vocabulary itself.
    pub other: BTreeMap<String, String>,
    /// Schema column → chrono formats for its dates or datetimes
    /// (`%d/%m/%Y %H:%M`), tried in order when a value is not ISO 8601.
    pub formats: BTreeMap<String, Vec<String>>,
    /// Schema column → how its value is derived, instead of read from a
    /// column of the same or a mapped name.
    pub derived: BTreeMap<String, Derived>,
    /// The mapping file, for messages about what it derives.
    pub mapping_file: String,
}

/// A code pattern: a prefix or a regular expression, and the schema value
/// of the codes it matches.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub matcher: Matcher,
    pub value: String,
    /// Where the pattern is written in the mapping file.
    pub at: MappingAt,
}

/// What a [`Pattern`] matches.
#[derive(Debug, Clone)]
pub enum Matcher {
    Prefix(String),
    /// Searched anywhere in the code unless anchored (`^...$`).
    Regex(regex::Regex),
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
            && self.at == other.at
            && match (&self.matcher, &other.matcher) {
                (Matcher::Prefix(a), Matcher::Prefix(b)) => a == b,
                (Matcher::Regex(a), Matcher::Regex(b)) => a.as_str() == b.as_str(),
                _ => false,
            }
    }
}

impl Pattern {
    pub fn matches(&self, code: &str) -> bool {
        match &self.matcher {
            Matcher::Prefix(p) => code.starts_with(p.as_str()),
            Matcher::Regex(r) => r.is_match(code),
        }
    }
}

/// A column's value derived from the export rather than read from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub how: Derivation,
    /// Where the derivation is written in the mapping file.
    pub at: MappingAt,
}

/// How a column's value is derived.
#[derive(Debug, Clone, PartialEq)]
pub enum Derivation {
    /// The same text on every row, typed as the column (the export lacks it).
    Constant(String),
    /// From whether `column` is empty: `value` when it is not (a code for
    /// `one of` and `set of` columns; yes for a yes/no column), `absent`
    /// (or empty, or no) when it is.
    Present {
        column: String,
        value: Option<String>,
        absent: Option<String>,
    },
    /// A date and time from two columns; an empty time is midnight.
    DateTime { date: String, time: String },
}

impl Derived {
    /// The export columns the derivation reads.
    pub fn sources(&self) -> Vec<&str> {
        match &self.how {
            Derivation::Constant(_) => Vec::new(),
            Derivation::Present { column, .. } => vec![column.as_str()],
            Derivation::DateTime { date, time } => vec![date.as_str(), time.as_str()],
        }
    }
}

impl TableMapping {
    /// Every export column the mapping reads for this table: renamed and
    /// derived from.
    pub fn export_columns(&self) -> impl Iterator<Item = &str> {
        self.columns
            .values()
            .map(String::as_str)
            .chain(self.derived.values().flat_map(Derived::sources))
    }
}

// The file as written, every name with where it is.

type Name = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    #[serde(default)]
    tables: BTreeMap<Name, Spanned<RawTable>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    file: Option<Name>,
    sheet: Option<Name>,
    #[serde(default)]
    columns: BTreeMap<Name, Name>,
    #[serde(default)]
    values: BTreeMap<Name, BTreeMap<Name, Name>>,
    #[serde(default)]
    patterns: BTreeMap<Name, Vec<Spanned<RawPattern>>>,
    #[serde(default)]
    other: BTreeMap<Name, Name>,
    #[serde(default)]
    formats: BTreeMap<Name, Spanned<RawFormats>>,
    #[serde(default)]
    derive: BTreeMap<Name, Spanned<RawDerive>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    prefix: Option<Name>,
    regex: Option<Name>,
    value: Name,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFormats {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Integer(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDerive {
    constant: Option<Spanned<Scalar>>,
    present: Option<Name>,
    value: Option<Name>,
    absent: Option<Name>,
    date: Option<Name>,
    time: Option<Name>,
}

/// Dates that two formats read differently if they are ambiguous: each
/// has a day of 12 or less that is not its month, and a time.
const PROBES: [(i32, u32, u32, u32, u32, u32); 2] =
    [(2026, 3, 4, 9, 5, 6), (2027, 11, 2, 13, 45, 30)];

impl Mapping {
    /// Parse a mapping and check every name in it against the policy; an
    /// error names the line and column of the mapping file it is about.
    #[expect(
        clippy::result_large_err,
        reason = "read once per run; boxing would only move the allocation"
    )]
    pub fn parse(file: &str, text: &str, policy: &CompiledPolicy) -> Result<Mapping, RecordError> {
        let checker = Checker { file, text };
        let raw: RawMapping = toml::from_str(text).map_err(|e| {
            checker.bad(e.span().unwrap_or(0..0), e.message().trim_end().to_string())
        })?;
        let mut tables = BTreeMap::new();
        for (name, table) in &raw.tables {
            let checked = checker.table(policy, name, table.get_ref())?;
            tables.insert(name.get_ref().clone(), checked);
        }
        Ok(Mapping {
            tables,
            file: file.to_string(),
        })
    }

    pub fn table(&self, name: &str) -> Option<&TableMapping> {
        self.tables.get(name)
    }
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
}

fn did_you_mean<'a>(name: &str, among: impl IntoIterator<Item = &'a str>) -> String {
    crate::suggest::closest(name, among)
        .map(|b| format!(" (did you mean `{b}`?)"))
        .unwrap_or_default()
}

impl Checker<'_> {
    fn at(&self, span: std::ops::Range<usize>) -> MappingAt {
        let at = crate::span::line_column(self.text, span.start);
        MappingAt {
            line: at.line,
            column: at.column,
        }
    }

    fn bad(&self, span: std::ops::Range<usize>, message: String) -> RecordError {
        let at = self.at(span);
        RecordError::BadMapping {
            file: self.file.to_string(),
            line: at.line,
            column: at.column,
            message,
        }
    }

    #[expect(clippy::result_large_err, reason = "as `Mapping::parse`")]
    fn table(
        &self,
        policy: &CompiledPolicy,
        name: &Name,
        raw: &RawTable,
    ) -> Result<TableMapping, RecordError> {
        let table_name = name.get_ref().as_str();
        // A table's history (`staff_history`) is mapped like a table: its
        // columns are `id`, `from`, `to` and the table's own.
        let history = super::history::history_schema(policy, table_name);
        let Some(table) = policy.tables.get(table_name).or(history.as_ref()) else {
            let hint = did_you_mean(table_name, policy.tables.keys().map(String::as_str));
            return Err(self.bad(
                name.span(),
                format!("the policy has no table `{table_name}`{hint}"),
            ));
        };
        let column = |name: &Name, what: &str| -> Result<&Column, RecordError> {
            let column = name.get_ref();
            table
                .column(column)
                .filter(|c| c.derived.is_none())
                .ok_or_else(|| {
                    let hint = did_you_mean(column, table.columns.iter().map(|c| c.name.as_str()));
                    self.bad(
                        name.span(),
                        format!("`{table_name}` has no column `{column}` to {what}{hint}"),
                    )
                })
        };
        let mut out = TableMapping {
            file: raw.file.as_ref().map(|f| f.get_ref().clone()),
            sheet: raw.sheet.as_ref().map(|s| s.get_ref().clone()),
            mapping_file: self.file.to_string(),
            ..TableMapping::default()
        };
        let workbook = raw
            .file
            .as_ref()
            .is_some_and(|f| f.get_ref().to_ascii_lowercase().ends_with(".xlsx"));
        if let (Some(sheet), Some(file), false) = (&raw.sheet, &raw.file, workbook) {
            return Err(self.bad(
                sheet.span(),
                format!(
                    "`sheet` names a sheet of an Excel workbook, but `{}` is not one (`.xlsx`)",
                    file.get_ref()
                ),
            ));
        }
        if let (Some(sheet), None) = (&raw.sheet, &raw.file) {
            return Err(self.bad(
                sheet.span(),
                format!("`sheet` names a sheet of a workbook: give the workbook too, `file = \"export.xlsx\"` under `[tables.{table_name}]`"),
            ));
        }
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (schema, export) in &raw.columns {
            column(schema, "rename")?;
            if let Some(other) = seen.insert(export.get_ref(), schema.get_ref()) {
                return Err(self.bad(export.span(), format!("`{table_name}`: both `{other}` and `{}` are mapped from the export column `{}`", schema.get_ref(), export.get_ref())));
            }
            out.columns
                .insert(schema.get_ref().clone(), export.get_ref().clone());
        }
        for (name, codes) in &raw.values {
            let col = column(name, "map values of")?;
            let vocabulary = self.vocabulary(policy, table_name, name, col)?;
            let mut map = BTreeMap::new();
            for (code, target) in codes {
                self.in_vocabulary(policy, vocabulary, target)?;
                map.insert(code.get_ref().clone(), target.get_ref().clone());
            }
            out.values.insert(name.get_ref().clone(), map);
        }
        for (name, patterns) in &raw.patterns {
            let col = column(name, "match the codes of")?;
            let vocabulary = self.vocabulary(policy, table_name, name, col)?;
            let mut list = Vec::new();
            for pattern in patterns {
                list.push(self.pattern(policy, vocabulary, pattern)?);
            }
            out.patterns.insert(name.get_ref().clone(), list);
        }
        for (name, target) in &raw.other {
            let col = column(name, "give a value for other codes of")?;
            let vocabulary = self.vocabulary(policy, table_name, name, col)?;
            self.in_vocabulary(policy, vocabulary, target)?;
            out.other
                .insert(name.get_ref().clone(), target.get_ref().clone());
        }
        for (name, formats) in &raw.formats {
            let col = column(name, "give a format for")?;
            out.formats.insert(
                name.get_ref().clone(),
                self.formats(table_name, name, col, formats)?,
            );
        }
        for (name, derive) in &raw.derive {
            let col = column(name, "derive")?;
            if raw.columns.contains_key(name.get_ref().as_str()) {
                return Err(self.bad(
                    name.span(),
                    format!(
                        "`{table_name}.{}` is both renamed (under `columns`) and derived: keep one",
                        name.get_ref()
                    ),
                ));
            }
            let how = self.derivation(policy, table, &out, col, derive)?;
            out.derived.insert(
                name.get_ref().clone(),
                Derived {
                    how,
                    at: self.at(name.span()),
                },
            );
        }
        Ok(out)
    }

    /// The vocabulary of a `one of` or `set of` column, which codes map onto.
    #[expect(clippy::result_large_err, reason = "as `Mapping::parse`")]
    fn vocabulary<'c>(
        &self,
        policy: &CompiledPolicy,
        table: &str,
        name: &Name,
        col: &'c Column,
    ) -> Result<&'c str, RecordError> {
        let _ = policy;
        match &col.ty {
            ColumnType::OneOf(v) | ColumnType::SetOf(v) => Ok(v),
            other => Err(self.bad(
                name.span(),
                format!(
                    "`{table}.{}` is {}, so its values cannot be mapped; only `one of` and `set of` columns have codes",
                    name.get_ref(),
                    other.describe()
                ),
            )),
        }
    }

    #[expect(clippy::result_large_err, reason = "as `Mapping::parse`")]
    fn in_vocabulary(
        &self,
        policy: &CompiledPolicy,
        vocabulary: &str,
        target: &Name,
    ) -> Result<(), RecordError> {
        let allowed = policy
            .vocabularies
            .get(vocabulary)
            .map(|v| v.values.as_slice())
            .unwrap_or(&[]);
        let value = target.get_ref();
        if allowed.is_empty() || allowed.contains(value) {
            return Ok(());
        }
        let hint = did_you_mean(value, allowed.iter().map(String::as_str));
        Err(self.bad(
            target.span(),
            format!("`{value}` is not a `{vocabulary}` value of the policy{hint}"),
        ))
    }

    #[expect(clippy::result_large_err, reason = "as `Mapping::parse`")]
    fn pattern(
        &self,
        policy: &CompiledPolicy,
        vocabulary: &str,
        pattern: &Spanned<RawPattern>,
    ) -> Result<Pattern, RecordError> {
        let raw = pattern.get_ref();
        self.in_vocabulary(policy, vocabulary, &raw.value)?;
        let matcher = match (&raw.prefix, &raw.regex) {
            (Some(prefix), None) if !prefix.get_ref().is_empty() => {
                Matcher::Prefix(prefix.get_ref().clone())
            }
            (Some(prefix), None) => {
                return Err(self.bad(
                    prefix.span(),
                    "an empty prefix matches every code: use `other` for the value of every code no other entry maps".into(),
                ))
            }
            (None, Some(regex)) => {
                // The regex crate has no look-around or back-references, so
                // matching takes time linear in the code's length, whatever
                // the pattern.
                let compiled = regex::RegexBuilder::new(regex.get_ref())
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| {
                        let why = match e {
                            regex::Error::Syntax(text) => text
                                .lines()
                                .last()
                                .unwrap_or("")
                                .trim_start_matches("error: ")
                                .to_string(),
                            regex::Error::CompiledTooBig(_) => "it is too large".into(),
                            _ => e.to_string(),
                        };
                        self.bad(
                            regex.span(),
                            format!("`{}` is not a regular expression: {why}", regex.get_ref()),
                        )
                    })?;
                Matcher::Regex(compiled)
            }
            _ => {
                return Err(self.bad(
                    pattern.span(),
                    "a pattern has either a `prefix` or a `regex`, and the `value` it maps to: `{ prefix = \"GRP\", value = \"group_supervision\" }`".into(),
                ))
            }
        };
        Ok(Pattern {
            matcher,
            value: raw.value.get_ref().clone(),
            at: self.at(pattern.span()),
        })
    }

    #[expect(clippy::result_large_err, reason = "as `Mapping::parse`")]
    fn formats(
        &self,
        table: &str,
        name: &Name,
        col: &Column,
        formats: &Spanned<RawFormats>,
    ) -> Result<Vec<String>, RecordError> {
        let column = name.get_ref();
        let with_time = match col.ty {
            ColumnType::Date => false,
            ColumnType::Datetime => true,
            _ => {
                return Err(self.bad(
                    name.span(),
                    format!(
                        "`{table}.{column}` is {}, so it takes no date format",
                        col.ty.describe()
                    ),
                ))
            }
        };
        let list = match formats.get_ref() {
            RawFormats::One(f) => vec![f.clone()],
            RawFormats::Many(list) => list.clone(),
        };
        if list.is_empty() {
            return Err(self.bad(
                formats.span(),
                format!("no format is given for `{table}.{column}`: write one, like `%d/%m/%Y`, or remove the line"),
            ));
        }
        for format in &list {
            // A format chrono cannot read would reject every value of the
            // column, one error per row: say so once, here.
            if chrono::format::StrftimeItems::new(format)
                .any(|item| matches!(item, chrono::format::Item::Error))
            {
                return Err(self.bad(
                    formats.span(),
                    format!("the format `{format}` for `{table}.{column}` is not a chrono format (write it like `%d/%m/%Y %H:%M`)"),
                ));
            }
        }
        if let Some((first, second, sample)) = ambiguous(&list, with_time) {
            return Err(self.bad(
                formats.span(),
                format!("the formats for `{table}.{column}` are ambiguous: `{sample}` is one day read as {first} and another read as {second}; give the one format the export uses"),
            ));
        }
        if let Some((first, second)) = same_shape(&list, with_time) {
            return Err(self.bad(
                formats.span(),
                format!("the formats for `{table}.{column}` are ambiguous: {first} and {second} read text of the same shape with the day, month and year (or time) in another order, so some text is one day read as one and another read as the other; give the one format the export uses"),
            ));
        }
        Ok(list)
    }

    #[expect(clippy::result_large_err, reason = "as `Mapping::parse`")]
    fn derivation(
        &self,
        policy: &CompiledPolicy,
        table: &Table,
        mapped: &TableMapping,
        col: &Column,
        derive: &Spanned<RawDerive>,
    ) -> Result<Derivation, RecordError> {
        let raw = derive.get_ref();
        let name = format!("{}.{}", table.name, col.name);
        let span = derive.span();
        let vocabulary = match &col.ty {
            ColumnType::OneOf(v) | ColumnType::SetOf(v) => Some(v.as_str()),
            _ => None,
        };
        match raw {
            RawDerive {
                constant: Some(constant),
                present: None,
                value: None,
                absent: None,
                date: None,
                time: None,
            } => {
                let text = constant.get_ref().text();
                if let Err(why) = check_constant(policy, mapped, col, &text) {
                    return Err(self.bad(
                        constant.span(),
                        format!("the constant `{text}` for `{name}` is not {why}"),
                    ));
                }
                Ok(Derivation::Constant(text))
            }
            RawDerive {
                constant: None,
                present: Some(present),
                value,
                absent,
                date: None,
                time: None,
            } => {
                match (&col.ty, vocabulary) {
                    (_, Some(vocabulary)) => {
                        let Some(value) = value else {
                            return Err(self.bad(span, format!("a code from a column's presence needs the `value` that `{name}` takes when the column is not empty: `{{ present = \"{}\", value = \"...\" }}`", present.get_ref())));
                        };
                        self.in_vocabulary(policy, vocabulary, value)?;
                        if let Some(absent) = absent {
                            self.in_vocabulary(policy, vocabulary, absent)?;
                        }
                    }
                    (ColumnType::Bool, None) => {
                        if let Some(extra) = value.as_ref().or(absent.as_ref()) {
                            return Err(self.bad(extra.span(), format!("`{name}` is yes/no: it is yes when `{}` is not empty and no when it is, so it takes no `value` or `absent`", present.get_ref())));
                        }
                    }
                    (other, None) => {
                        return Err(self.bad(span, format!("`{name}` is {}: a value from a column's presence is only for `one of`, `set of` and yes/no columns", other.describe())));
                    }
                }
                Ok(Derivation::Present {
                    column: present.get_ref().clone(),
                    value: value.as_ref().map(|v| v.get_ref().clone()),
                    absent: absent.as_ref().map(|v| v.get_ref().clone()),
                })
            }
            RawDerive {
                constant: None,
                present: None,
                value: None,
                absent: None,
                date: Some(date),
                time: Some(time),
            } => {
                if col.ty != ColumnType::Datetime {
                    return Err(self.bad(span, format!("`{name}` is {}: only a date and time is read from a date column and a time column", col.ty.describe())));
                }
                Ok(Derivation::DateTime {
                    date: date.get_ref().clone(),
                    time: time.get_ref().clone(),
                })
            }
            _ => Err(self.bad(
                span,
                format!("`{name}` is derived in one way: `{{ constant = ... }}`, `{{ present = \"COLUMN\", value = \"...\" }}`, or `{{ date = \"COLUMN\", time = \"COLUMN\" }}`"),
            )),
        }
    }
}

/// Whether `text` reads as a value of `col` (with the table's code
/// mapping and formats): `Err` says what it should be.
fn check_constant(
    policy: &CompiledPolicy,
    mapped: &TableMapping,
    col: &Column,
    text: &str,
) -> Result<(), String> {
    use super::value;
    let formats = mapped.formats.get(&col.name).map_or(&[][..], Vec::as_slice);
    let ok = match &col.ty {
        _ if text.trim().is_empty() => false,
        ColumnType::Id | ColumnType::Ref(_) => value::control_char(text).is_none(),
        ColumnType::Text => true,
        ColumnType::Number => value::parse_number(text).is_some(),
        ColumnType::Bool => value::parse_bool(text).is_some(),
        ColumnType::Duration => value::parse_duration(text).is_some(),
        ColumnType::Date => {
            value::parse_date(text).is_some()
                || formats
                    .iter()
                    .any(|f| value::parse_date_as(text, f).is_some())
        }
        ColumnType::Datetime => {
            value::parse_datetime(text).is_some()
                || formats
                    .iter()
                    .any(|f| value::parse_datetime_as(text, f).is_some())
        }
        ColumnType::OneOf(v) | ColumnType::SetOf(v) => {
            let allowed = policy
                .vocabularies
                .get(v)
                .map(|v| v.values.as_slice())
                .unwrap_or(&[]);
            let members: Vec<&str> = if matches!(col.ty, ColumnType::SetOf(_)) {
                value::split_set(text).collect()
            } else {
                vec![text.trim()]
            };
            allowed.is_empty()
                || members.iter().all(|m| {
                    let code = map_code(mapped, &col.name, m, allowed);
                    code.is_some_and(|c| allowed.iter().any(|a| a == c))
                })
        }
    };
    if ok {
        Ok(())
    } else {
        Err(col.ty.describe())
    }
}

/// The schema value of an export `code` of `column` under `mapping`: its
/// exact code, else the first pattern it matches, else itself if it is a
/// value of the vocabulary (`allowed`; empty: any value), else `other`;
/// `None` if none of them maps it.
pub(super) fn map_code<'a>(
    mapping: &'a TableMapping,
    column: &str,
    code: &'a str,
    allowed: &[String],
) -> Option<&'a str> {
    if let Some(value) = mapping.values.get(column).and_then(|c| c.get(code)) {
        return Some(value);
    }
    if let Some(pattern) = mapping
        .patterns
        .get(column)
        .and_then(|list| list.iter().find(|p| p.matches(code)))
    {
        return Some(&pattern.value);
    }
    if allowed.is_empty() || allowed.iter().any(|a| a == code) {
        return Some(code);
    }
    mapping.other.get(column).map(String::as_str)
}

mod formats;
use formats::{ambiguous, same_shape};

#[cfg(test)]
mod tests;
