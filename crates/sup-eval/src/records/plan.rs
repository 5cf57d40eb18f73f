//! Matching a file's columns (a CSV header, or JSON Lines keys) to the
//! schema's: which columns are kept, where each is in the file, and the
//! errors and notes about columns that are missing, repeated or unknown.

use std::collections::{BTreeMap, BTreeSet};

use super::cell::ColumnPlan;
use super::error::{RecordError, RecordNote};
use super::load::Loader;
use super::mapping::{Derivation, Derived, TableMapping};
use super::TableData;
use crate::diagnostic::Code;
use crate::policy::{ColumnType, CompiledPolicy, Table};

/// What a plan is made of: the schema (a table's, or its history's), the
/// file and its header (none for JSON Lines), and which columns to keep.
#[derive(Clone, Copy)]
pub(super) struct PlanFor<'m, 'a> {
    pub table: &'m Table,
    pub file: &'a str,
    pub header: &'a [String],
    pub needed: &'a BTreeSet<String>,
    pub mapping: &'m TableMapping,
    pub policy: &'m CompiledPolicy,
    /// CSV: the columns are known from the header before any row.
    pub fixed_header: bool,
    /// A history file: a column the table does not have is an error (the
    /// history would change nothing the rules could see), and columns
    /// missing from it are not noted.
    pub history: bool,
}

/// A history file's column that its table does not have.
fn unknown_history_column(table: &Table, file: &str, column: &str) -> RecordError {
    let base = table
        .name
        .strip_suffix(super::history::SUFFIX)
        .unwrap_or(&table.name);
    if super::history::lifetime_columns(base).contains(&column) {
        return RecordError::DatedLifetime {
            file: file.to_string(),
            table: base.to_string(),
            column: column.to_string(),
        };
    }
    let hint = crate::suggest::closest(column, table.columns.iter().map(|c| c.name.as_str()))
        .map(|b| format!("did you mean `{b}`? "))
        .unwrap_or_default();
    RecordError::UnknownHistoryColumn {
        file: file.to_string(),
        table: table
            .name
            .strip_suffix(super::history::SUFFIX)
            .unwrap_or(&table.name)
            .to_string(),
        column: column.to_string(),
        help: format!("{hint}a history has `id`, `from`, `to` and columns of its table; rename or remove the column, or map it in the mapping file"),
    }
}

/// A column the mapping derives a value from (`column`) that the file
/// does not have.
fn derived_source_missing(
    table: &Table,
    file: &str,
    mapping: &TableMapping,
    derived: &Derived,
    schema_column: &str,
    column: &str,
) -> RecordError {
    RecordError::MissingColumn {
        file: file.to_string(),
        table: table.name.clone(),
        column: column.to_string(),
        help: format!(
            "the mapping `{}` ({}) reads `{}.{schema_column}` from it: add the column to the export, or correct its name in the mapping",
            mapping.mapping_file, derived.at, table.name
        ),
    }
}

impl Loader<'_> {
    /// Plan the kept columns against the export's column names.
    pub(super) fn plan<'m>(&mut self, what: &PlanFor<'m, '_>) -> Option<Vec<ColumnPlan<'m>>> {
        let PlanFor {
            table,
            file,
            header,
            needed,
            mapping,
            policy,
            fixed_header,
            history,
        } = *what;
        let mut plans = Vec::new();
        let mut unused_present: Vec<String> = Vec::new();
        let mut missing_unused: Vec<String> = Vec::new();
        let mut missing_optional: Vec<(String, String)> = Vec::new();
        let mut used = vec![false; header.len()];
        let mut ok = true;
        for column in table.columns.iter().filter(|c| c.derived.is_none()) {
            let derived = mapping.derived.get(&column.name);
            let key = match derived.map(|d| &d.how) {
                Some(Derivation::Present { column: from, .. })
                | Some(Derivation::DateTime { date: from, .. }) => from.clone(),
                _ => mapping
                    .columns
                    .get(&column.name)
                    .cloned()
                    .unwrap_or_else(|| column.name.clone()),
            };
            let constant = matches!(derived.map(|d| &d.how), Some(Derivation::Constant(_)));
            let mut source = header.iter().position(|h| h.trim() == key);
            if constant {
                // The constant is the value: a column of the file with the
                // schema's name is not read, which is said.
                if source.is_some() && needed.contains(&column.name) {
                    self.notes.push(RecordNote {
                        code: Code::RecordUnusedColumn,
                        file: file.to_string(),
                        message: format!(
                            "not read: `{key}`; the mapping gives `{}` a constant",
                            column.name
                        ),
                    });
                }
                source = None;
            }
            if let Some(i) = source {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
            if !needed.contains(&column.name) {
                if history && source.is_some() {
                    unused_present.push(format!("`{key}`"));
                }
                if source.is_none() && !column.optional && fixed_header && !constant {
                    missing_unused.push(key.clone());
                }
                continue;
            }
            let kept_only = self
                .kept_only
                .get(&table.name)
                .is_some_and(|c| c.contains(&column.name));
            let time = match derived {
                Some(
                    d @ Derived {
                        how: Derivation::DateTime { time, .. },
                        ..
                    },
                ) => {
                    let time_source = header.iter().position(|h| h.trim() == *time);
                    if let Some(u) = time_source.and_then(|i| used.get_mut(i)) {
                        *u = true;
                    }
                    if time_source.is_none() && fixed_header {
                        self.errors.push(derived_source_missing(
                            table,
                            file,
                            mapping,
                            d,
                            &column.name,
                            time,
                        ));
                        ok = false;
                    }
                    Some(Box::new(ColumnPlan::plain(
                        column,
                        time_source,
                        time.clone(),
                        format!("{time}` mapped onto `{}", column.name),
                    )))
                }
                _ => None,
            };
            if let (Some(d), None, true, false) = (derived, source, fixed_header, constant) {
                // The mapping names the column: whether or not the schema's
                // column is optional, a missing one is a mistake.
                self.errors.push(derived_source_missing(
                    table,
                    file,
                    mapping,
                    d,
                    &column.name,
                    &key,
                ));
                ok = false;
            } else if source.is_none() && fixed_header && !constant {
                if kept_only {
                    // Asked for by a report, not by a rule: without it the
                    // report says less (no team), and the load is as it was.
                    continue;
                } else if column.optional && history {
                    // A history row sets only the columns that changed: a
                    // history file without one of them is the usual case.
                } else if column.optional {
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
            let label = if constant {
                format!("{}` (a constant of the mapping", column.name)
            } else if key == column.name {
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
                patterns: mapping
                    .patterns
                    .get(&column.name)
                    .map_or(&[], Vec::as_slice),
                mapping_file: &mapping.mapping_file,
                other: mapping.other.get(&column.name),
                formats: mapping.formats.get(&column.name).map_or(&[], Vec::as_slice),
                vocabulary,
                derived,
                time,
                memo: std::rc::Rc::default(),
                last: std::cell::RefCell::default(),
            });
        }
        // An optional column the rules read that is missing, beside a column
        // the schema does not know spelt nearly like it, is almost certainly
        // a typo (`signed_by_supervsor`): read as empty, it would make every
        // row a breach. So that is an error; a missing optional column with
        // no such neighbour is only noted.
        let is_known =
            |h: &str| table.column(h).is_some() || mapping.export_columns().any(|v| v == h);
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
                    code: Code::RecordMissingOptionalColumn,
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
                code: Code::RecordMissingUnusedColumn,
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
                let unknown = !used.get(i).copied().unwrap_or(true) && !is_known(h);
                if unknown && history {
                    self.errors.push(unknown_history_column(table, file, h));
                    ok = false;
                } else if unknown && !misspelt.contains(h) {
                    self.notes.push(RecordNote {
                        code: Code::RecordUnknownColumn,
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
                    code: Code::RecordUnknownColumn,
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
        self.note_unread(file, &unused_present);
        share_memos(&mut plans, &self.seeds);
        ok.then_some(plans)
    }

    /// A history's columns no rule reads (`unread`, in backticks): noted.
    fn note_unread(&mut self, file: &str, unread: &[String]) {
        if !unread.is_empty() {
            self.notes.push(RecordNote {
                code: Code::RecordUnusedColumn,
                file: file.to_string(),
                message: format!(
                    "not read: {}; no rule of this policy reads {}",
                    unread.join(", "),
                    if unread.len() == 1 { "it" } else { "them" }
                ),
            });
        }
    }

    /// After a JSON Lines file: an optional key no line has, beside a key
    /// the schema does not know spelt nearly like it, is almost certainly a
    /// typo (as for a CSV header), and reading it as empty would make false
    /// breaches. Other unknown keys are noted, or in a history, errors.
    pub(super) fn check_keys(
        &mut self,
        what: &PlanFor,
        plans: &[ColumnPlan],
        seen: &[bool],
        mut unknown_keys: BTreeSet<String>,
        known_seen: &BTreeSet<String>,
    ) {
        let (table, file) = (what.table, what.file);
        if what.history {
            for key in unknown_keys {
                self.errors.push(unknown_history_column(table, file, &key));
            }
            // As for a CSV history's header: keys no rule reads are noted.
            let unread: Vec<String> = known_seen
                .iter()
                .filter(|key| !plans.iter().any(|p| &p.key == *key))
                .map(|key| format!("`{key}`"))
                .collect();
            self.note_unread(file, &unread);
            return;
        }
        for (plan, _) in plans
            .iter()
            .zip(seen)
            .filter(|(p, seen)| !**seen && p.column.optional && p.derived.is_none())
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
                code: Code::RecordUnknownColumn,
                file: file.to_string(),
                message: format!(
                    "key `{key}` is not in the `{}` table of the schema; ignored",
                    table.name
                ),
            });
        }
    }

    pub(super) fn new_table(&self, table: &Table, file: &str, plans: &[ColumnPlan]) -> TableData {
        TableData::new(
            &table.name,
            file,
            plans
                .iter()
                .map(|p| (p.column.name.clone(), p.column.ty.clone()))
                .collect(),
        )
    }
}

/// Columns that reference the same table (a session's supervisee and
/// supervisor) hold the same people's ids: they share one memo, which
/// learns each id once and is half the memory two would be. A table
/// joined already has its ids in `seeds`: the memo knows them from the
/// start.
fn share_memos<'a>(plans: &mut [ColumnPlan<'a>], seeds: &super::load::Seeds) {
    use super::memo::ColumnMemo;
    let mut by_target: BTreeMap<&str, std::rc::Rc<ColumnMemo>> = BTreeMap::new();
    for plan in plans.iter_mut() {
        let column: &'a crate::policy::Column = plan.column;
        if let ColumnType::Ref(target) = &column.ty {
            let memo =
                by_target
                    .entry(target.as_str())
                    .or_insert_with(|| match seeds.get(target) {
                        Some(seed) => std::rc::Rc::new(ColumnMemo::seeded(seed.clone())),
                        None => plan.memo.clone(),
                    });
            plan.memo = memo.clone();
        }
    }
}
