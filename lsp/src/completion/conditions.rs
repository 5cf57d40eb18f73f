//! What may come next inside a condition: the rows it reads, paths to
//! columns and the operators and values that fit their type.

use sup::policy::{ColumnType, CompiledPolicy};

use super::Expect;

/// What a condition's rows are.
pub(super) enum Row {
    Table(String),
    /// A session's supervisor and supervisee, both staff.
    Pair,
}

/// Inside a `where` condition (or after a group's base).
pub(super) fn condition(tail: &[&str], row: &Row, policy: &CompiledPolicy) -> Expect {
    match tail.iter().position(|t| *t == "where") {
        Some(i) => condition_tail(tail.get(i + 1..).unwrap_or_default(), row, policy),
        None => Expect::Keywords(vec!["where"]),
    }
}

/// The words of a condition so far → what may come next.
pub(super) fn condition_tail(cond: &[&str], row: &Row, policy: &CompiledPolicy) -> Expect {
    let last = cond.last().copied().unwrap_or("");
    let starts_operand = matches!(
        last,
        "" | "where"
            | "and"
            | "or"
            | "not"
            | "("
            | "when"
            | ">="
            | "<="
            | "!="
            | "="
            | "<"
            | ">"
            | "+"
            | "-"
    );
    if starts_operand {
        return match row {
            Row::Table(table) => Expect::Columns {
                table: table.clone(),
                condition: matches!(last, "" | "where" | "and" | "or" | "(" | "when"),
            },
            Row::Pair => Expect::Pair,
        };
    }
    if last == "." {
        // `supervisor.` or a ref column followed by a dot. A path takes one
        // hop only (the checker rejects `line_manager.supervisor.role`), so
        // after a second dot there is nothing to offer.
        let path = path_before(cond.split_last().map_or(&[], |(_, init)| init));
        if path.len() != 1 {
            return Expect::Nothing;
        }
        return match resolve_path(&path, row, policy) {
            Some(ColumnType::Ref(table)) => Expect::Columns {
                table,
                condition: false,
            },
            _ => Expect::Nothing,
        };
    }
    // After `PATH is`, `PATH is not`, `PATH is one of a,`: its values.
    if let Some(is) = cond.iter().rposition(|t| *t == "is" || *t == "has") {
        let rest = cond.get(is + 1..).unwrap_or_default();
        let listing = rest.is_empty()
            || matches!(rest, ["not"] | ["one", "of"] | ["not", "one", "of"])
            || last == ",";
        if listing {
            let path = path_before(cond.get(..is).unwrap_or_default());
            let ty = resolve_path(&path, row, policy);
            return match (cond.get(is).copied(), ty) {
                (Some("is"), ty) if rest.is_empty() => {
                    let mut words = vec!["not", "one of", "recorded"];
                    // Only a date and time has a time of day.
                    if matches!(ty, Some(ColumnType::Datetime)) {
                        words.push("within working hours");
                    }
                    let values = match ty {
                        Some(ColumnType::OneOf(v)) => Expect::Values(v),
                        Some(ColumnType::Bool) => Expect::YesNo,
                        _ => Expect::Nothing,
                    };
                    Expect::With(Box::new(values), words)
                }
                (Some("is"), Some(ColumnType::OneOf(v))) => Expect::Values(v),
                (Some("is"), Some(ColumnType::Bool)) => Expect::YesNo,
                (Some("is"), Some(ColumnType::Datetime)) if rest == ["not"] => {
                    Expect::Keywords(vec!["one of", "recorded", "within working hours"])
                }
                (Some("is"), _) if rest == ["not"] => Expect::Keywords(vec!["one of", "recorded"]),
                (Some("has"), Some(ColumnType::SetOf(v))) => Expect::Values(v),
                _ => Expect::Nothing,
            };
        }
    }
    if last == "in" {
        return Expect::Groups;
    }
    Expect::Keywords(vec!["and", "or"])
}

/// The dotted path that ends the tokens: `supervisee . role` → [supervisee, role].
fn path_before<'a>(toks: &[&'a str]) -> Vec<&'a str> {
    let mut path = Vec::new();
    let mut i = toks.len();
    while let Some(&word) = i.checked_sub(1).and_then(|j| toks.get(j)) {
        if !word
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            break;
        }
        path.push(word);
        if i >= 2 && toks.get(i - 2) == Some(&".") {
            i -= 2;
        } else {
            break;
        }
    }
    path.reverse();
    path
}

/// The type of the column a path names, following `ref` columns.
fn resolve_path(path: &[&str], row: &Row, policy: &CompiledPolicy) -> Option<ColumnType> {
    let (mut table, rest) = match (row, path) {
        (Row::Pair, [who, rest @ ..]) if matches!(*who, "supervisor" | "supervisee") => {
            if rest.is_empty() {
                return Some(ColumnType::Ref("staff".into()));
            }
            ("staff".to_string(), rest)
        }
        (Row::Table(t), rest) => (t.clone(), rest),
        _ => return None,
    };
    let mut ty = None;
    for segment in rest {
        let column = policy.tables.get(&table)?.column(segment)?;
        if let ColumnType::Ref(next) = &column.ty {
            table = next.clone();
        }
        ty = Some(column.ty.clone());
    }
    ty
}

/// The table whose rows a group, table or activity is about.
pub(super) fn table_of(policy: &CompiledPolicy, name: &str) -> Option<String> {
    if policy.tables.contains_key(name) {
        return Some(name.to_string());
    }
    if let Some(group) = policy.groups.get(name) {
        return Some(group.table.clone());
    }
    policy.activities.get(name).map(|a| a.table.clone())
}
