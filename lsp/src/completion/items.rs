//! Completion items for an expected place: keywords, declared names and
//! values, each with its kind and detail.

use std::collections::BTreeSet;

use sup::policy::{ColumnType, CompiledPolicy};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind,
};

use super::Expect;
use crate::analysis::Analysis;
use crate::words;

pub(super) fn items(expect: &Expect, analysis: &Analysis) -> Vec<CompletionItem> {
    let policy = &analysis.checked.policy;
    let mut out = Vec::new();
    let keyword = |out: &mut Vec<CompletionItem>, word: &str| {
        let first = word.split([' ', '.', ':']).next().unwrap_or(word);
        out.push(item(
            word,
            CompletionItemKind::KEYWORD,
            None,
            words::keyword(first),
        ));
    };
    match expect {
        Expect::Keywords(list) => list.iter().for_each(|w| keyword(&mut out, w)),
        Expect::ItemStart => words::item_starts()
            .iter()
            .for_each(|w| keyword(&mut out, w)),
        Expect::RuleStart => {
            for (word, shape) in words::RULE_STARTS {
                let first = word.split(' ').next().unwrap_or(word);
                out.push(item(
                    word,
                    CompletionItemKind::KEYWORD,
                    Some(shape.to_string()),
                    words::keyword(first),
                ));
            }
        }
        Expect::RuleOptions => words::RULE_OPTIONS
            .iter()
            .for_each(|w| keyword(&mut out, w)),
        Expect::HeaderFields => {
            for (field, explanation) in words::offered(words::HEADER_FIELDS) {
                out.push(item(
                    field,
                    CompletionItemKind::PROPERTY,
                    None,
                    Some(explanation),
                ));
            }
        }
        Expect::Frameworks => {
            for name in sibling_policies(analysis) {
                out.push(item(
                    &format!("\"{name}\""),
                    CompletionItemKind::FILE,
                    Some("framework file".into()),
                    None,
                ));
            }
        }
        Expect::Holidays => {
            for name in policy.holidays.keys() {
                out.push(item(
                    name,
                    CompletionItemKind::MODULE,
                    Some("holiday calendar".into()),
                    None,
                ));
            }
        }
        Expect::Tables => tables(&mut out, policy),
        Expect::TablesAndGroups => {
            groups(&mut out, policy);
            tables(&mut out, policy);
        }
        Expect::TablesAndActivities => {
            tables(&mut out, policy);
            activities(&mut out, policy);
        }
        Expect::Groups => groups(&mut out, policy),
        Expect::Activities => activities(&mut out, policy),
        Expect::Calendars => {
            for (name, calendar) in &policy.calendars {
                out.push(item(
                    name,
                    CompletionItemKind::MODULE,
                    calendar.label.clone().or(Some("calendar".into())),
                    None,
                ));
            }
        }
        Expect::Vocabularies => {
            for name in policy.vocabularies.keys() {
                out.push(item(
                    name,
                    CompletionItemKind::ENUM,
                    Some("list of values".into()),
                    None,
                ));
            }
        }
        Expect::Values(vocabulary) => {
            values(&mut out, policy, vocabulary);
        }
        Expect::Roles { subject } => {
            if *subject {
                out.push(item(
                    "subject",
                    CompletionItemKind::KEYWORD,
                    None,
                    words::keyword("subject"),
                ));
                relationships(&mut out, policy);
            }
            values(&mut out, policy, "role");
        }
        Expect::Purposes => {
            out.push(item(
                "any",
                CompletionItemKind::KEYWORD,
                None,
                Some("Any purpose."),
            ));
            values(&mut out, policy, "purpose");
        }
        Expect::RecordKinds => values(&mut out, policy, "record_kind"),
        Expect::Rules => {
            for d in analysis
                .checked
                .symbols
                .definitions
                .iter()
                .filter(|d| d.kind == sup::check::SymbolKind::Rule)
            {
                out.push(item(
                    &d.name,
                    CompletionItemKind::FUNCTION,
                    Some("rule".into()),
                    None,
                ));
            }
        }
        Expect::Columns { table, condition } => {
            if let Some(t) = policy.tables.get(table) {
                for column in &t.columns {
                    out.push(item(
                        &column.name,
                        CompletionItemKind::FIELD,
                        Some(column.ty.describe()),
                        None,
                    ));
                }
            }
            if *condition {
                keyword(&mut out, "not");
            }
        }
        Expect::StaffRefs => {
            if let Some(t) = policy.tables.get("staff") {
                for column in t
                    .columns
                    .iter()
                    .filter(|c| matches!(&c.ty, ColumnType::Ref(table) if table == "staff"))
                {
                    out.push(item(
                        &column.name,
                        CompletionItemKind::FIELD,
                        Some(column.ty.describe()),
                        None,
                    ));
                }
            }
        }
        Expect::Pair => {
            keyword(&mut out, "supervisor.");
            keyword(&mut out, "supervisee.");
        }
        Expect::Units => units(&mut out),
        Expect::UnitsAndActivities => {
            units(&mut out);
            activities(&mut out, policy);
        }
        Expect::Periods => {
            for (period, explanation) in words::offered(words::PERIODS) {
                out.push(item(
                    period,
                    CompletionItemKind::KEYWORD,
                    None,
                    Some(explanation),
                ));
            }
        }
        Expect::ColumnTypes => {
            for (ty, explanation) in words::offered(words::COLUMN_TYPES) {
                out.push(item(
                    ty,
                    CompletionItemKind::TYPE_PARAMETER,
                    None,
                    Some(explanation),
                ));
            }
            for word in ["optional", "ref", "one of", "set of"] {
                keyword(&mut out, word);
            }
        }
        Expect::Measures => {
            for (measure, explanation) in words::measures() {
                out.push(item(
                    measure,
                    CompletionItemKind::KEYWORD,
                    None,
                    Some(explanation),
                ));
            }
        }
        Expect::PartialWindows => {
            for (choice, explanation) in words::offered(words::PARTIAL_WINDOWS) {
                out.push(item(
                    choice,
                    CompletionItemKind::KEYWORD,
                    None,
                    Some(explanation),
                ));
            }
        }
        Expect::YesNo => {
            out.push(item("yes", CompletionItemKind::VALUE, None, None));
            out.push(item("no", CompletionItemKind::VALUE, None, None));
        }
        Expect::With(inner, keywords) => {
            out = items(inner, analysis);
            keywords.iter().for_each(|w| keyword(&mut out, w));
        }
        Expect::Nothing => {}
    }
    // Keep the order above (context first) whatever the client sorts by.
    for (i, it) in out.iter_mut().enumerate() {
        it.sort_text = Some(format!("{i:04}"));
    }
    let mut seen = BTreeSet::new();
    out.retain(|it| seen.insert(it.label.clone()));
    out
}

/// The names of the other `.sup` files in the same folder, sorted; none
/// for a document that is not a `file:` (its path is made up, and may be
/// `/`). Only the first [`crate::world::MAX_SCANNED_ENTRIES`] entries of
/// the folder are looked at, so a huge folder costs a bounded listing.
fn sibling_policies(analysis: &Analysis) -> Vec<String> {
    let path = analysis.path.as_path();
    if analysis.uri.scheme().as_str() != "file" {
        return Vec::new();
    }
    let Some(folder) = path.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .take(crate::world::MAX_SCANNED_ENTRIES)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sup") && p.as_path() != path)
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

fn units(out: &mut Vec<CompletionItem>) {
    for (unit, explanation) in words::units() {
        out.push(item(
            unit,
            CompletionItemKind::UNIT,
            None,
            Some(explanation),
        ));
    }
}

fn tables(out: &mut Vec<CompletionItem>, policy: &CompiledPolicy) {
    for (name, table) in &policy.tables {
        out.push(item(
            name,
            CompletionItemKind::STRUCT,
            table.label.clone().or(Some("table".into())),
            None,
        ));
    }
}

fn groups(out: &mut Vec<CompletionItem>, policy: &CompiledPolicy) {
    for (name, group) in &policy.groups {
        let detail = group
            .label
            .clone()
            .unwrap_or_else(|| format!("group of {}", group.table));
        out.push(item(name, CompletionItemKind::CLASS, Some(detail), None));
    }
}

fn activities(out: &mut Vec<CompletionItem>, policy: &CompiledPolicy) {
    for (name, activity) in &policy.activities {
        let detail = activity
            .label
            .clone()
            .unwrap_or_else(|| format!("from {}", activity.table));
        out.push(item(name, CompletionItemKind::EVENT, Some(detail), None));
    }
}

/// The relationships an access rule may name: each `ref staff` column of
/// `staff` that no declared role shadows (a role of the same name wins).
fn relationships(out: &mut Vec<CompletionItem>, policy: &CompiledPolicy) {
    let roles = policy.vocabularies.get("role");
    let Some(staff) = policy.tables.get("staff") else {
        return;
    };
    for column in &staff.columns {
        let shadowed = roles.is_some_and(|v| v.values.contains(&column.name));
        if column.ty == ColumnType::Ref("staff".into()) && !shadowed {
            out.push(item(
                &column.name,
                CompletionItemKind::FIELD,
                Some("relationship to the subject".into()),
                Some("Whoever this column names for the record's subject on the day of access."),
            ));
        }
    }
}

fn values(out: &mut Vec<CompletionItem>, policy: &CompiledPolicy, vocabulary: &str) {
    if let Some(v) = policy.vocabularies.get(vocabulary) {
        for value in &v.values {
            out.push(item(
                value,
                CompletionItemKind::ENUM_MEMBER,
                Some(vocabulary.replace('_', " ")),
                None,
            ));
        }
    }
}

fn item(
    label: &str,
    kind: CompletionItemKind,
    detail: Option<String>,
    documentation: Option<&str>,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        documentation: documentation.map(|d| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: d.to_string(),
            })
        }),
        ..CompletionItem::default()
    }
}
