//! One cell of an export read as its column's type: the plan for each kept
//! column, the typing, and the error that names what is wrong with a cell.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::error::RecordError;
use super::interner::Interner;
use super::mapping::{Derivation, Derived, Pattern};
use super::memo::ColumnMemo;
#[cfg(test)]
use super::memo::EARLY_LOOK;
use super::time::Clock;
use super::value::{self, ParsedDatetime, Value};
use crate::policy::{Column, ColumnType};

/// How one kept column is read.
pub(super) struct ColumnPlan<'a> {
    pub(super) column: &'a Column,
    /// The field's position in the file's header (CSV), or its key (JSONL).
    pub(super) source: Option<usize>,
    pub(super) key: String,
    /// How the column is named in messages: the export's name, and the
    /// schema's when they differ.
    pub(super) label: String,
    pub(super) codes: Option<&'a BTreeMap<String, String>>,
    /// The mapping's code patterns, tried in order after `codes`.
    pub(super) patterns: &'a [Pattern],
    /// The mapping file, for messages that point into it.
    pub(super) mapping_file: &'a str,
    /// The value of a code nothing maps and the vocabulary does not have.
    pub(super) other: Option<&'a String>,
    /// The mapping's date formats, tried in order after ISO 8601.
    pub(super) formats: &'a [String],
    pub(super) vocabulary: &'a [String],
    /// How the value is derived, if the mapping derives it: the source
    /// (`source`, `key`) is then the column it is derived from.
    pub(super) derived: Option<&'a Derived>,
    /// For a date and time from two columns: the time column's plan (the
    /// same schema column, read from the other export column).
    pub(super) time: Option<Box<ColumnPlan<'a>>>,
    /// Recent texts of this column and their symbols. Codes and references
    /// repeat; asking this small table first keeps the run off the big
    /// interner, whose millions of ids do not fit in a cache. Columns that
    /// reference the same table share it (`share_memos` in `plan.rs`).
    pub(super) memo: std::rc::Rc<ColumnMemo>,
    /// The last cell of this column read without an error, and its value:
    /// exports sorted by date repeat a code, a reference or a date on row
    /// after row, and a cell that reads as the one above it is not read
    /// again.
    pub(super) last: std::cell::RefCell<(String, Option<Value>)>,
}

impl<'a> ColumnPlan<'a> {
    /// A plan that reads `column` as it is from the file's column `key`
    /// (at `source` in a header): no codes, formats or derivation.
    pub(super) fn plain(
        column: &'a Column,
        source: Option<usize>,
        key: String,
        label: String,
    ) -> Self {
        ColumnPlan {
            column,
            source,
            key,
            label,
            codes: None,
            patterns: &[],
            mapping_file: "",
            other: None,
            formats: &[],
            vocabulary: &[],
            derived: None,
            time: None,
            memo: std::rc::Rc::default(),
            last: std::cell::RefCell::default(),
        }
    }

    /// The symbol of `text`, remembered for this column when it repeats.
    #[inline]
    pub(super) fn intern(&self, interner: &mut Interner, text: &str) -> super::value::Sym {
        if let Some(sym) = self.remembered(text) {
            return sym;
        }
        let sym = interner.intern(text);
        self.remember(text, sym);
        sym
    }

    /// The symbol this column's cell `text` was read as before, if it is
    /// remembered: the cell was checked then, and reads the same now.
    #[inline]
    fn remembered(&self, text: &str) -> Option<super::value::Sym> {
        self.memo.remembered(text)
    }

    #[inline]
    fn remember(&self, text: &str, sym: super::value::Sym) {
        self.memo.remember(text, sym);
    }
}

/// Why one cell could not be read.
pub(super) enum CellError {
    Missing,
    /// `expected`: "a date", "a date and time" or "a time".
    BadDate {
        help: String,
        expected: &'static str,
    },
    BadValue {
        expected: String,
        help: String,
    },
    Unknown {
        vocabulary: String,
        help: String,
    },
}

/// Read one cell as its column's type.
#[inline(always)]
pub(super) fn read_cell(
    plan: &ColumnPlan,
    raw: &str,
    interner: &mut Interner,
    clock: &mut Clock,
) -> Result<Value, CellError> {
    // A table's own ids do not repeat; every other cell that reads as the
    // one above it has that one's value (reading a cell has no other
    // effect: interning a text again gives its symbol again).
    if plan.column.ty == ColumnType::Id {
        return read_text(plan, raw, interner, clock);
    }
    {
        let last = plan.last.borrow();
        if let (text, Some(value)) = &*last {
            if same_text(text.as_bytes(), raw.as_bytes()) {
                return Ok(*value);
            }
        }
    }
    let value = read_text(plan, raw, interner, clock)?;
    let mut last = plan.last.borrow_mut();
    last.0.clear();
    last.0.push_str(raw);
    last.1 = Some(value);
    Ok(value)
}

/// Whether two cells read the same. Most cells are 8 to 16 bytes (a date,
/// a time, an id): those are compared as two words each, which may
/// overlap, without a call to `memcmp` for every cell of every row.
#[inline(always)]
fn same_text(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if (8..=16).contains(&n) {
        let word = |s: &[u8], at: usize| {
            s.get(at..at + 8)
                .and_then(|w| w.try_into().ok())
                .map_or(0, u64::from_le_bytes)
        };
        return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
    }
    a == b
}

/// Read one cell's text as its column's type.
#[inline(always)]
fn read_text(
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
        // A table's own ids do not repeat: no memo.
        ColumnType::Id => {
            no_control(text, "id")?;
            Ok(Value::Str(interner.intern_id(text)))
        }
        ColumnType::Ref(_) => {
            // A reference seen before in this column was checked then.
            if let Some(sym) = plan.remembered(text) {
                return Ok(Value::Str(sym));
            }
            no_control(text, "id")?;
            let sym = interner.intern(text);
            plan.remember(text, sym);
            Ok(Value::Str(sym))
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
            if let Some(d) = plan.formats.iter().find_map(|f| value::parse_date_as(text, f)) {
                return Ok(Value::Date(d));
            }
            Err(CellError::BadDate {
                help: date_help(text, plan.formats, false),
                expected: "a date",
            })
        }
        ColumnType::Datetime => {
            if let Some(parsed) = value::parse_datetime(text) {
                return Ok(match parsed {
                    ParsedDatetime::Local(local) => Value::Instant(clock.instant(local)),
                    ParsedDatetime::Instant(i) => Value::Instant(i),
                });
            }
            if let Some(dt) = plan
                .formats
                .iter()
                .find_map(|f| value::parse_datetime_as(text, f))
            {
                return Ok(Value::Instant(clock.instant(dt)));
            }
            Err(CellError::BadDate {
                help: date_help(text, plan.formats, true),
                expected: "a date and time",
            })
        }
        ColumnType::OneOf(vocabulary) => {
            // Codes repeat: a text read before is remembered with the code
            // it was checked, mapped and read as, keyed by the text as it
            // is in the export.
            if let Some(sym) = plan.remembered(text) {
                return Ok(Value::Str(sym));
            }
            no_control(text, "code")?;
            let value = map_code(plan, text);
            check_vocabulary(plan, vocabulary, value)?;
            let sym = interner.intern(value);
            plan.remember(text, sym);
            Ok(Value::Str(sym))
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
#[inline]
pub(super) fn trim_cell(raw: &str) -> &str {
    // `char::is_whitespace` also counts the vertical tab, which
    // `u8::is_ascii_whitespace` does not.
    let plain = |b: &u8| b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0B;
    match raw.as_bytes() {
        [first, .., last] if plain(first) && plain(last) => raw,
        [only] if plain(only) => raw,
        _ => raw.trim(),
    }
}

/// The text a derived column reads as, given the raw text of the column it
/// is derived from (`raw`); the raw text itself for a column read as is.
// Called for every cell: not inlining it cost a call and a copy of
// the text's `Cow` on each.
#[inline(always)]
pub(super) fn derived_text<'r>(plan: &'r ColumnPlan, raw: Cow<'r, str>) -> Cow<'r, str> {
    match plan.derived.map(|d| &d.how) {
        None | Some(Derivation::DateTime { .. }) => raw,
        Some(Derivation::Constant(text)) => Cow::Borrowed(text),
        Some(Derivation::Present { value, absent, .. }) => {
            let present = !trim_cell(&raw).is_empty();
            let bool = plan.column.ty == ColumnType::Bool;
            Cow::Borrowed(match (present, value, absent) {
                (true, Some(value), _) => value,
                (true, None, _) => "yes",
                (false, _, Some(absent)) => absent,
                (false, _, None) if bool => "no",
                (false, _, None) => "",
            })
        }
    }
}

/// A date and time from a date column (`raw_date`, read by `plan`) and a
/// time column (`raw_time`, read by `time`). An empty time is midnight;
/// the error says which of the two cells is wrong (`true`: the time).
pub(super) fn read_date_and_time(
    plan: &ColumnPlan,
    raw_date: &str,
    raw_time: &str,
    clock: &mut Clock,
) -> Result<Value, (bool, CellError)> {
    let (date, time) = (trim_cell(raw_date), trim_cell(raw_time));
    if date.is_empty() {
        return match (time.is_empty(), plan.column.optional) {
            (true, true) => Ok(Value::Null),
            _ => Err((false, CellError::Missing)),
        };
    }
    let day = value::parse_date(date)
        .or_else(|| {
            plan.formats
                .iter()
                .find_map(|f| value::parse_date_as(date, f))
        })
        .ok_or_else(|| {
            (
                false,
                CellError::BadDate {
                    help: date_help(date, plan.formats, false),
                    expected: "a date",
                },
            )
        })?;
    let at = if time.is_empty() {
        chrono::NaiveTime::MIN
    } else {
        value::parse_time(time).ok_or_else(|| {
            (
                true,
                CellError::BadDate {
                    help: "write the time of day as `09:30` or `09:30:15` (24-hour clock)".into(),
                    expected: "a time",
                },
            )
        })?
    };
    Ok(Value::Instant(clock.instant(day.and_time(at))))
}

/// The schema value of an export code: the mapping's exact code, else the
/// first of its patterns that matches, else the code itself if it is a
/// value of the vocabulary, else the mapping's `other`; else the code,
/// which is then not a value of the vocabulary.
#[inline]
fn map_code<'a>(plan: &'a ColumnPlan, text: &'a str) -> &'a str {
    if let Some(value) = plan.codes.and_then(|c| c.get(text)) {
        return value;
    }
    if plan.patterns.is_empty() && plan.other.is_none() {
        return text;
    }
    if let Some(pattern) = plan.patterns.iter().find(|p| p.matches(text)) {
        return &pattern.value;
    }
    match plan.other {
        Some(other) if !plan.vocabulary.iter().any(|v| v == text) => other,
        _ => text,
    }
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
    if let Some(first) = plan.patterns.first() {
        return Err(CellError::Unknown {
            vocabulary: vocabulary.to_string(),
            help: format!(
                "it matches none of the patterns for `{}` in the mapping `{}` (from {}) and is not a `{vocabulary}` value: add a code or a pattern for it, or give the column an `other` value",
                plan.column.name, plan.mapping_file, first.at
            ),
        });
    }
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

fn date_help(text: &str, formats: &[String], with_time: bool) -> String {
    let example = if with_time {
        "`2026-03-10T09:30` or `2026-03-10 09:30:00+00:00`"
    } else {
        "`2026-03-10`"
    };
    let looks_british = text.len() >= 8 && text.as_bytes().get(2) == Some(&b'/');
    let mut help = format!("write ISO 8601, such as {example}");
    if let [format] = formats {
        help.push_str(&format!(
            ", or the mapping file's format for it, `{format}`"
        ));
    } else if !formats.is_empty() {
        let list: Vec<String> = formats.iter().map(|f| format!("`{f}`")).collect();
        help.push_str(&format!(
            ", or one of the mapping file's formats for it, {}",
            list.join(", ")
        ));
    } else if looks_british {
        help.push_str(", or give the export's format in the mapping file (`[tables.TABLE.formats] COLUMN = \"%d/%m/%Y\"`)");
    }
    if value::year_out_of_range(text, None)
        || formats
            .iter()
            .any(|f| value::year_out_of_range(text, Some(f)))
    {
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

pub(super) fn cell_error(
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
        CellError::BadDate { help, expected } => RecordError::BadDate {
            file,
            line,
            column,
            value,
            expected,
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

/// An optional column `c` of type `ty`, for tests of reading cells.
#[cfg(test)]
pub(super) fn column(ty: ColumnType) -> Column {
    Column {
        name: "c".into(),
        ty,
        optional: true,
        derived: None,
        label: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::mapping::MappingAt;

    fn present(value: Option<&str>, absent: Option<&str>) -> Derived {
        Derived {
            how: Derivation::Present {
                column: "reg_no".into(),
                value: value.map(String::from),
                absent: absent.map(String::from),
            },
            at: MappingAt::default(),
        }
    }

    #[test]
    fn cells_are_the_same_only_when_every_byte_is() {
        // Every length to 24, and a change at every place, at both ends of
        // the words compared.
        for n in 0..=24usize {
            let text: Vec<u8> = (0..n as u8).map(|k| b'a' + k).collect();
            assert!(same_text(&text, &text.clone()), "{n}");
            for at in 0..n {
                let mut other = text.clone();
                if let Some(x) = other.get_mut(at) {
                    *x = b'Z';
                }
                assert!(!same_text(&text, &other), "{n} {at}");
            }
            let longer = [text.as_slice(), b"x"].concat();
            assert!(!same_text(&text, &longer), "{n}");
        }
    }

    #[test]
    fn a_cell_like_the_one_above_reads_as_it_did_and_a_bad_one_fails_each_time() {
        let (date, code) = (
            column(ColumnType::Date),
            column(ColumnType::OneOf("status".into())),
        );
        let mut interner = Interner::default();
        let mut clock = Clock::named("Europe/London");
        let plan = ColumnPlan::plain(&date, Some(0), "c".into(), "c".into());
        let mut read = |raw: &str| match read_cell(&plan, raw, &mut interner, &mut clock) {
            Ok(Value::Date(d)) => d.to_string(),
            Ok(Value::Null) => "empty".into(),
            Ok(_) => "other".into(),
            Err(_) => "error".into(),
        };
        let cells = [
            "2026-01-05",
            "2026-01-05",
            "31/02/2026",
            "31/02/2026",
            "",
            "",
            "2026-01-05",
            "2026-01-06",
        ];
        let read: Vec<String> = cells.iter().map(|c| read(c)).collect();
        assert_eq!(
            read,
            [
                "2026-01-05",
                "2026-01-05",
                "error",
                "error",
                "empty",
                "empty",
                "2026-01-05",
                "2026-01-06"
            ]
        );
        // A code: the same symbol as the first read gave, and an unknown
        // code refused on every row it is on.
        let vocabulary = ["held".to_string(), "cancelled".to_string()];
        let mut plan = ColumnPlan::plain(&code, Some(0), "c".into(), "c".into());
        plan.vocabulary = &vocabulary;
        let mut codes = Vec::new();
        for raw in ["held", "held", "helt", "helt", "held"] {
            codes.push(read_cell(&plan, raw, &mut interner, &mut clock).ok());
        }
        let held = interner.get("held").map(Value::Str);
        assert!(held.is_some());
        assert_eq!(codes, [held, held, None, None, held]);
    }

    #[test]
    fn a_full_memo_that_finds_too_little_is_given_up_and_cells_still_read() {
        let reference = column(ColumnType::Ref("staff".into()));
        let mut interner = Interner::default();
        let mut clock = Clock::named("Europe/London");
        // Texts that never repeat: the memo fills a quarter, finds
        // nothing, and goes.
        let plan = ColumnPlan::plain(&reference, Some(0), "c".into(), "c".into());
        for k in 0..EARLY_LOOK + 10 {
            let text = format!("S{k}");
            let read = read_cell(&plan, &text, &mut interner, &mut clock).ok();
            assert_eq!(read, interner.get(&text).map(Value::Str), "{text}");
        }
        assert!(plan.memo.given_up());
        assert_eq!(
            read_cell(&plan, "S7", &mut interner, &mut clock).ok(),
            interner.get("S7").map(Value::Str)
        );
        // Texts that repeat, though not one after another: it stays.
        let plan = ColumnPlan::plain(&reference, Some(0), "c".into(), "c".into());
        for k in 0..3 * 1_000 {
            let text = format!("S{}", (k * 7) % 1_000);
            let read = read_cell(&plan, &text, &mut interner, &mut clock).ok();
            assert_eq!(read, interner.get(&text).map(Value::Str));
        }
        assert!(!plan.memo.given_up());
        assert_eq!(plan.memo.len(), 1_000);
    }

    #[test]
    fn a_date_and_time_from_two_columns() {
        let column = Column {
            name: "start".into(),
            ty: ColumnType::Datetime,
            optional: false,
            derived: None,
            label: None,
        };
        let formats = ["%d/%m/%Y".to_string()];
        let mut plan = ColumnPlan::plain(&column, Some(0), "d".into(), "d".into());
        plan.formats = &formats;
        let mut clock = Clock::named("Europe/London");
        let mut read =
            |date: &str, time: &str| match read_date_and_time(&plan, date, time, &mut clock) {
                Ok(Value::Instant(i)) => chrono::DateTime::from_timestamp(i, 0)
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                    .unwrap_or_default(),
                Ok(_) => "not an instant".into(),
                Err((true, _)) => "bad time".into(),
                Err((false, CellError::Missing)) => "missing".into(),
                Err((false, _)) => "bad date".into(),
            };
        // GMT in winter, BST in summer; an empty time is midnight.
        assert_eq!(read("05/01/2026", "09:30"), "2026-01-05T09:30:00Z");
        assert_eq!(read("2026-07-01", "9:30:15"), "2026-07-01T08:30:15Z");
        assert_eq!(read("31/03/2026", ""), "2026-03-30T23:00:00Z");
        assert_eq!(read("31/03/2026", "23:59:59"), "2026-03-31T22:59:59Z");
        // The hour the clocks skip is read with the offset before it.
        assert_eq!(read("29/03/2026", "01:30"), "2026-03-29T01:30:00Z");
        assert_eq!(read("29/03/2026", "24:00"), "bad time");
        assert_eq!(read("29/02/2026", "10:00"), "bad date");
        assert_eq!(read("", "10:00"), "missing");
        assert_eq!(read("", ""), "missing");
    }

    #[test]
    fn a_value_from_a_column_s_presence() {
        let set = column(ColumnType::SetOf("registration".into()));
        let yes_no = column(ColumnType::Bool);
        let read = |c: &Column, d: &Derived, raw: &str| {
            let mut plan = ColumnPlan::plain(c, Some(0), "reg_no".into(), "reg_no".into());
            plan.derived = Some(d);
            derived_text(&plan, Cow::Borrowed(raw)).into_owned()
        };
        let swe = present(Some("swe"), None);
        assert_eq!(read(&set, &swe, "SW100001"), "swe");
        // Spaces alone are no value.
        assert_eq!(read(&set, &swe, "  "), "");
        assert_eq!(read(&set, &swe, ""), "");
        let either = present(Some("swe"), Some("hcpc"));
        assert_eq!(read(&set, &either, ""), "hcpc");
        let flag = present(None, None);
        assert_eq!(read(&yes_no, &flag, "x"), "yes");
        assert_eq!(read(&yes_no, &flag, ""), "no");
        let constant = Derived {
            how: Derivation::Constant("1".into()),
            at: MappingAt::default(),
        };
        assert_eq!(read(&yes_no, &constant, "ignored"), "1");
    }

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
