//! The mapping file (`--map mapping.toml`): how a real export's files,
//! column names, codes and date formats map onto the policy's schema,
//! without editing the export. The format is documented in `docs/records.md`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::error::RecordError;
use crate::policy::{ColumnType, CompiledPolicy};

/// A parsed and checked mapping. The default maps nothing: files are named
/// after their tables and columns after the schema's.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub tables: BTreeMap<String, TableMapping>,
}

/// How one table is mapped.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableMapping {
    /// The file holding the table, relative to the records directory.
    pub file: Option<String>,
    /// Schema column → the export's column name.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Schema column → (export code → schema value).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Schema column → a chrono format for its dates or datetimes
    /// (`%d/%m/%Y %H:%M`), tried when the value is not ISO 8601.
    #[serde(default)]
    pub formats: BTreeMap<String, String>,
}

impl Mapping {
    /// Parse a mapping and check every name in it against the policy.
    #[expect(
        clippy::result_large_err,
        reason = "read once per run; boxing would only move the allocation"
    )]
    pub fn parse(file: &str, text: &str, policy: &CompiledPolicy) -> Result<Mapping, RecordError> {
        let bad = |message: String| RecordError::BadMapping {
            file: file.to_string(),
            message,
        };
        let mapping: Mapping = toml::from_str(text)
            .map_err(|e| bad(e.message().to_string() + &location(text, e.span())))?;
        for (table_name, table_mapping) in &mapping.tables {
            // A table's history (`staff_history`) is mapped like a table:
            // its columns are `id`, `from`, `to` and the table's own.
            let history = super::history::history_schema(policy, table_name);
            let Some(table) = policy.tables.get(table_name).or(history.as_ref()) else {
                let hint =
                    crate::suggest::closest(table_name, policy.tables.keys().map(String::as_str))
                        .map(|b| format!(" (did you mean `{b}`?)"))
                        .unwrap_or_default();
                return Err(bad(format!("the policy has no table `{table_name}`{hint}")));
            };
            let check_column =
                |column: &str, what: &str| -> Result<&crate::policy::Column, RecordError> {
                    table
                        .column(column)
                        .filter(|c| c.derived.is_none())
                        .ok_or_else(|| {
                            let hint = crate::suggest::closest(
                                column,
                                table.columns.iter().map(|c| c.name.as_str()),
                            )
                            .map(|b| format!(" (did you mean `{b}`?)"))
                            .unwrap_or_default();
                            bad(format!(
                                "`{table_name}` has no column `{column}` to {what}{hint}"
                            ))
                        })
                };
            for column in table_mapping.columns.keys() {
                check_column(column, "rename")?;
            }
            let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
            for (column, export) in &table_mapping.columns {
                if let Some(other) = seen.insert(export.as_str(), column.as_str()) {
                    return Err(bad(format!("`{table_name}`: both `{other}` and `{column}` are mapped from the export column `{export}`")));
                }
            }
            for (column, codes) in &table_mapping.values {
                let col = check_column(column, "map values of")?;
                let vocabulary = match &col.ty {
                    ColumnType::OneOf(v) | ColumnType::SetOf(v) => v,
                    other => {
                        return Err(bad(format!(
                            "`{table_name}.{column}` is {}, so its values cannot be mapped; only `one of` and `set of` columns have codes",
                            other.describe()
                        )))
                    }
                };
                let allowed = policy
                    .vocabularies
                    .get(vocabulary)
                    .map(|v| v.values.as_slice())
                    .unwrap_or(&[]);
                for target in codes.values() {
                    if !allowed.is_empty() && !allowed.contains(target) {
                        let hint =
                            crate::suggest::closest(target, allowed.iter().map(String::as_str))
                                .map(|b| format!(" (did you mean `{b}`?)"))
                                .unwrap_or_default();
                        return Err(bad(format!(
                            "`{target}` is not a `{vocabulary}` value of the policy{hint}"
                        )));
                    }
                }
            }
            for (column, format) in &table_mapping.formats {
                let col = check_column(column, "give a format for")?;
                if !matches!(col.ty, ColumnType::Date | ColumnType::Datetime) {
                    return Err(bad(format!(
                        "`{table_name}.{column}` is {}, so it takes no date format",
                        col.ty.describe()
                    )));
                }
                // A format chrono cannot read would reject every value of the
                // column, one error per row: say so once, here.
                if chrono::format::StrftimeItems::new(format)
                    .any(|item| matches!(item, chrono::format::Item::Error))
                {
                    return Err(bad(format!(
                        "the format `{format}` for `{table_name}.{column}` is not a chrono format (write it like `%d/%m/%Y %H:%M`)"
                    )));
                }
            }
        }
        Ok(mapping)
    }

    pub fn table(&self, name: &str) -> Option<&TableMapping> {
        self.tables.get(name)
    }
}

fn location(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(range) => {
            let at = crate::span::line_column(text, range.start);
            format!(" (line {}, column {})", at.line, at.column)
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, CheckOptions};

    fn policy() -> CompiledPolicy {
        let source = "policy \"p\" {}\n";
        check(source, &CheckOptions::default()).policy
    }

    #[test]
    fn a_full_mapping_parses() {
        let text = r#"
[tables.sessions]
file = "case_notes.csv"
[tables.sessions.columns]
supervisee = "WorkerID"
start = "NoteDate"
[tables.sessions.values.kind]
SUPERCONT = "one_to_one"
[tables.sessions.formats]
start = "%d/%m/%Y %H:%M"
"#;
        let m = Mapping::parse("m.toml", text, &policy()).unwrap_or_default();
        let s = m.table("sessions");
        assert_eq!(s.and_then(|s| s.file.as_deref()), Some("case_notes.csv"));
        assert_eq!(
            s.and_then(|s| s.columns.get("start")).map(String::as_str),
            Some("NoteDate")
        );
    }

    #[test]
    fn mistakes_are_named() {
        let p = policy();
        let err = |text: &str| {
            Mapping::parse("m.toml", text, &p)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err("[tables.sesions]").contains("did you mean `sessions`"));
        assert!(err("[tables.sessions.columns]\nsupervise = \"x\"")
            .contains("did you mean `supervisee`"));
        assert!(err("[tables.sessions.values.kind]\nX = \"one_to_on\"")
            .contains("did you mean `one_to_one`"));
        assert!(err("[tables.sessions.values.start]\nX = \"y\"").contains("cannot be mapped"));
        assert!(err("[tables.sessions.formats]\nkind = \"%d\"").contains("takes no date format"));
        assert_eq!(
            err("[tables.sessions.formats]\nstart = \"%Q/%m\""),
            "in the mapping `m.toml`: the format `%Q/%m` for `sessions.start` is not a chrono format (write it like `%d/%m/%Y %H:%M`)"
        );
        assert_eq!(
            err("[tables.sessions.formats]\nstart = \"%d/%m/%Y %H:%M\""),
            ""
        );
        assert!(err("[tables.sessions]\nfiel = 3").contains("line 2"));
        assert!(err("[tables.staff.columns]\ntenure = \"x\"").contains("no column `tenure`"));
    }

    #[test]
    fn a_history_is_mapped_like_its_table() {
        let p = policy();
        let text = r#"
[tables.staff_history]
file = "positions.csv"
[tables.staff_history.columns]
id = "StaffID"
from = "Start"
to = "End"
role = "Post"
[tables.staff_history.values.role]
TM = "team_manager"
[tables.staff_history.formats]
from = "%d/%m/%Y"
"#;
        let m = Mapping::parse("m.toml", text, &p).unwrap_or_default();
        let h = m.table("staff_history");
        assert_eq!(h.and_then(|h| h.file.as_deref()), Some("positions.csv"));
        assert_eq!(
            h.and_then(|h| h.columns.get("to")).map(String::as_str),
            Some("End")
        );
        let err = |text: &str| {
            Mapping::parse("m.toml", text, &p)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            err("[tables.staff_history.columns]\nfrm = \"Start\""),
            "in the mapping `m.toml`: `staff_history` has no column `frm` to rename (did you mean `from`?)"
        );
        assert!(
            err("[tables.staff_history.formats]\nrole = \"%d\"").contains("takes no date format")
        );
        assert_eq!(err("[tables.sessions_history]"), "");
        assert!(err("[tables.stafff_history]").contains("no table `stafff_history`"));
    }
}
