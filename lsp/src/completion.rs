//! Completion that knows where the cursor is: keywords that may come next,
//! and the groups, tables, columns, roles, purposes, session kinds, units
//! and periods that fit that place.
//!
//! The statement under the cursor is usually half-typed and so missing from
//! the syntax tree; its words are read with the forgiving lexer instead, and
//! the names on offer come from the rest of the file, which the checker has
//! compiled.

use std::collections::BTreeSet;

use sup::policy::{ColumnType, CompiledPolicy};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Position, Range, TextEdit,
};

use crate::analysis::Analysis;
use crate::lexer::{self, TokenKind};
use crate::words;

/// What fits at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    Keywords(Vec<&'static str>),
    ItemStart,
    RuleStart,
    RuleOptions,
    HeaderFields,
    Holidays,
    Tables,
    TablesAndGroups,
    TablesAndActivities,
    Groups,
    Activities,
    Calendars,
    Vocabularies,
    /// Values of this vocabulary (`role` → the roles).
    Values(String),
    /// Roles, plus `subject` and the relationships to the subject (the
    /// `ref staff` columns of `staff` that are not roles) in an access rule.
    Roles {
        subject: bool,
    },
    /// Purposes, plus `any`.
    Purposes,
    RecordKinds,
    Rules,
    /// Columns of this table, and the keywords that may start a condition.
    Columns {
        table: String,
        condition: bool,
    },
    /// `supervisor.` and `supervisee.` at the start of an eligibility condition.
    Pair,
    /// The `ref staff` columns of staff, for `alternating between`.
    StaffRefs,
    Units,
    Periods,
    ColumnTypes,
    Measures,
    PartialWindows,
    YesNo,
    /// The other `.sup` files next to this one, quoted, for `conforms to:`.
    Frameworks,
    /// What one kind offers, plus some keywords.
    With(Box<Expect>, Vec<&'static str>),
    Nothing,
}

/// One token before the cursor, as the context reader sees it.
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    kind: TokenKind,
    /// Whether the token is on the cursor's line.
    on_cursor_line: bool,
}

pub fn complete(analysis: &Analysis, position: Position) -> Option<Vec<CompletionItem>> {
    let text = &*analysis.text;
    let offset = analysis.offset(position);
    let before = text.get(..offset)?;
    let start = statement_start(before);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let tokens = lexer::tokenize(before.get(start..)?);
    // Inside a comment or an unfinished string: nothing to offer.
    if let Some(last) = tokens.last() {
        let ends_here = start + last.span.end as usize == offset;
        if last.kind == TokenKind::Comment
            || (last.kind == TokenKind::String
                && (ends_here && !last.text(&before[start..]).ends_with('"')
                    || last.span.len() == 1))
        {
            return Some(Vec::new());
        }
    }
    let mut toks: Vec<Tok> = tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .map(|t| Tok {
            text: t.text(&before[start..]).to_string(),
            kind: t.kind,
            on_cursor_line: start + t.span.start as usize >= line_start,
        })
        .collect();
    // A word touching the cursor is what is being typed: the client filters
    // by it, and the context is what comes before it.
    if let (Some(last), Some(c)) = (toks.last(), before.chars().last()) {
        if last.kind == TokenKind::Word && (c.is_ascii_alphanumeric() || c == '_') {
            toks.pop();
        }
    }
    // At the very start of a line outside any braces, a new statement begins,
    // whatever the statement above left unfinished.
    let depth: i32 = toks
        .iter()
        .map(|t| i32::from(t.text == "{") - i32::from(t.text == "}"))
        .sum();
    if offset == line_start && depth <= 0 {
        return Some(items(&Expect::ItemStart, analysis));
    }
    let expect = expect(&toks, &analysis.checked.policy);
    let mut out = items(&expect, analysis);
    replace_typed_words(&mut out, analysis, &before[line_start..], position);
    Some(out)
}

/// Give each label of several words (`not pro rata`) an edit that replaces
/// the words of it already typed before the cursor (`not pro `): inserted
/// at the cursor instead, they would be written twice (`not pro not pro
/// rata`). The typed part must start at a word's start.
fn replace_typed_words(
    items: &mut [CompletionItem],
    analysis: &Analysis,
    line_before: &str,
    position: Position,
) {
    for item in items.iter_mut() {
        if !item.label.contains(' ') {
            continue;
        }
        let typed = (1..=line_before.len())
            .rev()
            .filter(|&n| line_before.is_char_boundary(line_before.len() - n))
            .map(|n| &line_before[line_before.len() - n..])
            .find(|typed| {
                let at_word_start = line_before[..line_before.len() - typed.len()]
                    .chars()
                    .last()
                    .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
                typed.contains(' ') && at_word_start && item.label.starts_with(typed)
            });
        let Some(typed) = typed else { continue };
        let start = analysis.offset(position).saturating_sub(typed.len());
        let range = Range::new(analysis.index.position(&analysis.text, start), position);
        item.filter_text = Some(item.label.clone());
        item.text_edit = Some(CompletionTextEdit::Edit(TextEdit::new(
            range,
            item.label.clone(),
        )));
    }
}

/// Where the statement holding the cursor starts: the last line that starts
/// at column 1 with a word, as the parser's own recovery reads statements.
fn statement_start(before: &str) -> usize {
    let mut offset = before.len();
    loop {
        let line_start = before
            .get(..offset)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line = before.get(line_start..).unwrap_or("");
        if line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) || line_start == 0 {
            return line_start;
        }
        offset = line_start.saturating_sub(1);
    }
}

/// Read the context from the tokens of the statement before the cursor.
fn expect(toks: &[Tok], policy: &CompiledPolicy) -> Expect {
    let w: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
    let Some(&first) = w.first() else {
        return Expect::ItemStart;
    };
    let last = w.last().copied().unwrap_or("");
    let depth: i32 = w
        .iter()
        .map(|t| i32::from(*t == "{") - i32::from(*t == "}"))
        .sum();
    let line: Vec<&str> = toks
        .iter()
        .filter(|t| t.on_cursor_line)
        .map(|t| t.text.as_str())
        .collect();
    let after_number = toks.last().is_some_and(|t| t.kind == TokenKind::Number);
    match first {
        "policy" | "framework" => {
            if depth <= 0 {
                return Expect::Nothing;
            }
            match line.as_slice() {
                [] | ["{"] => Expect::HeaderFields,
                [.., "holidays", ":"] => Expect::Holidays,
                [.., "conforms", "to", ":"] => Expect::Frameworks,
                _ => Expect::Nothing,
            }
        }
        "table" | "extend" => {
            if depth <= 0 {
                return if first == "extend" && w.len() == 1 {
                    Expect::Tables
                } else {
                    Expect::Nothing
                };
            }
            match line.as_slice() {
                [.., ":"] | [.., ":", "optional"] => Expect::ColumnTypes,
                [.., "ref"] => Expect::Tables,
                [.., "one" | "set", "of"] => Expect::Vocabularies,
                _ => Expect::Nothing,
            }
        }
        "group" => {
            let Some(colon) = w.iter().position(|t| *t == ":") else {
                return Expect::Nothing;
            };
            if w.len() == colon + 1 {
                return Expect::TablesAndGroups;
            }
            let base = w.get(colon + 1).copied().unwrap_or("");
            if w.len() == colon + 2 {
                return Expect::Keywords(vec!["where"]);
            }
            let table = table_of(policy, base).unwrap_or_else(|| "staff".into());
            condition(&w[colon + 2..], &Row::Table(table), policy)
        }
        "activity" => {
            let Some(colon) = w.iter().position(|t| *t == ":") else {
                return Expect::Nothing;
            };
            let table = w.get(colon + 1).copied().unwrap_or("").to_string();
            match &w[colon + 1..] {
                [] => Expect::Tables,
                [_] => Expect::Keywords(vec!["by"]),
                [_, "by"] | [_, "by", _, "on"] => Expect::Columns {
                    table,
                    condition: false,
                },
                [_, "by", _] => Expect::Keywords(vec!["on"]),
                [_, "by", _, "on", _] => Expect::Keywords(vec!["where"]),
                [_, "by", _, "on", _, rest @ ..] => condition(rest, &Row::Table(table), policy),
                _ => Expect::Nothing,
            }
        }
        "holidays" if depth > 0 => match line.as_slice() {
            [] | ["{"] => Expect::Keywords(vec!["include"]),
            [.., "include"] => Expect::Holidays,
            _ => Expect::Nothing,
        },
        "rule" => {
            let Some(colon) = w.iter().position(|t| *t == ":") else {
                return Expect::Nothing;
            };
            let body = &w[colon + 1..];
            if body.is_empty() {
                return Expect::RuleStart;
            }
            rule_body(body, policy, after_number, &line)
        }
        _ => {
            let typed = format!("{} ", w.join(" "));
            let starts: Vec<&'static str> = words::ITEM_STARTS
                .iter()
                .copied()
                .filter(|start| start.starts_with(&typed))
                .collect();
            if w.len() == 1 && first == "values" {
                Expect::Keywords(vec!["of"])
            } else if depth == 0 && !starts.is_empty() {
                // `session ` → `session kinds:`, replacing what is typed.
                Expect::Keywords(starts)
            } else if depth == 0 && last == "}" {
                Expect::ItemStart
            } else {
                Expect::Nothing
            }
        }
    }
}

/// What a condition's rows are.
enum Row {
    Table(String),
    /// A session's supervisor and supervisee, both staff.
    Pair,
}

fn rule_body(body: &[&str], policy: &CompiledPolicy, after_number: bool, line: &[&str]) -> Expect {
    let last = body.last().copied().unwrap_or("");
    let prev = body
        .len()
        .checked_sub(2)
        .and_then(|i| body.get(i))
        .copied()
        .unwrap_or("");
    let has = |word: &str| body.contains(&word);
    let family = body.first().copied().unwrap_or("");
    // Options after a finished rule come first: they may follow any family.
    match (prev, last) {
        ("waivable", "by") => return Expect::Roles { subject: false },
        (_, "overrides") => return Expect::Rules,
        ("partial", "windows") => return Expect::PartialWindows,
        (_, "partial") => return Expect::Keywords(vec!["windows"]),
        (_, "waivable") => return Expect::Keywords(vec!["by"]),
        (_, "not") if family == "require" => return Expect::Keywords(vec!["pro rata"]),
        // Two of the supervisee's `ref staff` columns take turns.
        ("alternating", "between") if family == "require" => return Expect::StaffRefs,
        ("between", _) if family == "require" && has("alternating") => {
            return Expect::Keywords(vec!["and"]);
        }
        (_, "and") if family == "require" && body.ends_with(&["between", prev, "and"]) => {
            return Expect::StaffRefs;
        }
        // `5 working ` is a unit half-typed; `within working ` is a time of day.
        ("within", "working") => return Expect::Keywords(vec!["hours"]),
        (_, "working") => return Expect::Keywords(vec!["days"]),
        _ => {}
    }
    if let Some(i) = body
        .iter()
        .rposition(|t| *t == "waivable" || *t == "overrides")
    {
        if last == "," && body.get(i + 1).is_some() {
            return if body.get(i) == Some(&"waivable") {
                Expect::Roles { subject: false }
            } else {
                Expect::Rules
            };
        }
    }
    match family {
        "require" => {
            let group_at = body.iter().position(|t| *t == "for");
            if group_at.is_none() {
                return match last {
                    "require" | "or" => Expect::Activities,
                    "with" => Expect::Columns {
                        table: "staff".into(),
                        condition: false,
                    },
                    _ => Expect::Keywords(vec!["or", "with", "for"]),
                };
            }
            let group_at = group_at.unwrap_or(0);
            if body.len() == group_at + 1 {
                return Expect::Groups;
            }
            let group = body.get(group_at + 1).copied().unwrap_or("");
            if body.len() == group_at + 2 {
                return Expect::Keywords(vec!["by tenure"]);
            }
            if last == "by" && prev == group {
                return Expect::Keywords(vec!["tenure"]);
            }
            if has("tenure") && line.iter().all(|t| *t == "{") && !body.ends_with(&["tenure"]) {
                return Expect::Keywords(vec!["first", "until", "from", "then"]);
            }
            let table = table_of(policy, group).unwrap_or_else(|| "staff".into());
            requirement(body, prev, last, after_number, &table)
        }
        "eligible" => match last {
            "eligible" => Expect::Keywords(vec!["supervisor"]),
            "supervisor" if body.len() == 2 => Expect::Keywords(vec!["of", "for"]),
            "of" | "or" if !has("{") => Expect::Activities,
            "for" if !has("{") => Expect::Groups,
            _ if !has("{") => Expect::Keywords(vec!["or", "for", "{"]),
            _ => {
                // One clause per line: read the cursor's line, after any
                // `{` and `when ...:`.
                let clause = line.strip_prefix(&["{"]).unwrap_or(line);
                if clause.is_empty() {
                    return Expect::Keywords(vec!["when", "supervisor.", "supervisee."]);
                }
                let clause = clause
                    .iter()
                    .rposition(|t| *t == ":")
                    .map_or(clause, |i| &clause[i + 1..]);
                condition_tail(clause, &Row::Pair, policy)
            }
        },
        "every" => match (prev, last) {
            (_, "every") => Expect::Keywords(vec!["member"]),
            (_, "member") => Expect::Keywords(vec!["of"]),
            ("member", "of") => Expect::Groups,
            _ => match body.iter().position(|t| *t == ":") {
                Some(colon) => {
                    let group = body.get(colon.saturating_sub(1)).copied().unwrap_or("");
                    let table = table_of(policy, group).unwrap_or_else(|| "staff".into());
                    condition_tail(&body[colon + 1..], &Row::Table(table), policy)
                }
                None => Expect::Nothing,
            },
        },
        "limit" => match (prev, last) {
            (_, "limit") => Expect::Measures,
            (_, "of") | (_, "or") if !has("for") => Expect::Activities,
            (_, "for") => Expect::Groups,
            (_, "excluding") => Expect::Calendars,
            (_, ":") => Expect::Keywords(vec!["at least", "at most", "between"]),
            _ if after_number && has(":") => Expect::Units,
            _ => Expect::Nothing,
        },
        "deadline" => {
            let source = body.get(1).copied().unwrap_or("");
            let table = table_of(policy, source).unwrap_or_else(|| source.to_string());
            match (prev, last) {
                (_, "deadline") => Expect::TablesAndActivities,
                (_, ":") => Expect::Columns {
                    table,
                    condition: false,
                },
                ("the", "next") | ("before", "next") => Expect::Activities,
                (_, "before") if has("least") => Expect::Columns {
                    table,
                    condition: false,
                },
                (_, "before") => Expect::Keywords(vec!["the next"]),
                (_, "at") => Expect::Keywords(vec!["least"]),
                (_, "the") => Expect::Keywords(vec!["next"]),
                // `before the next one_to_one of supervisor`: whose next one.
                ("next", _) => Expect::Keywords(vec!["of", "where"]),
                (_, "within") => Expect::Nothing,
                (_, "of") => Expect::Columns {
                    table,
                    condition: false,
                },
                _ if after_number => Expect::Units,
                _ => match body.iter().position(|t| *t == "where") {
                    Some(i) => condition(&body[i..], &Row::Table(table), policy),
                    None if body.len() == 4 => {
                        Expect::Keywords(vec!["within", "before", "at least"])
                    }
                    None if has("least") && !has("before") => Expect::Keywords(vec!["before"]),
                    None => Expect::Keywords(vec!["where"]),
                },
            }
        }
        "retain" => match (prev, last) {
            (_, "retain") => Expect::RecordKinds,
            (_, ":") | (_, "and") => Expect::Keywords(vec!["at least", "at most"]),
            ("at", "least") | ("at", "most") => Expect::Nothing,
            (_, "after") => Expect::Keywords(vec!["leaving", "creation"]),
            _ if after_number => Expect::Units,
            _ if !has(":") => Expect::Keywords(vec!["records"]),
            _ => Expect::Keywords(vec!["and", "after"]),
        },
        "access" => {
            if !has("{") {
                return match last {
                    "access" | "," => Expect::RecordKinds,
                    _ => Expect::Keywords(vec!["records"]),
                };
            }
            // A clause usually has a line of its own, but a short rule may
            // be written on one line: `access x records { deny inspector }`.
            let clause = match line.iter().rposition(|t| *t == "{") {
                Some(brace) => &line[brace + 1..],
                None => line,
            };
            match clause {
                [] => Expect::Keywords(vec!["allow", "deny", "notify subject"]),
                ["allow", ..] if clause.contains(&"for") => match (prev, last) {
                    (_, "for" | ",") => Expect::Purposes,
                    (_, "and") => Expect::Keywords(vec!["notify subject"]),
                    (_, "notify") => Expect::Keywords(vec!["subject"]),
                    ("notify", "subject") => Expect::Keywords(vec!["within"]),
                    _ if after_number => Expect::Units,
                    _ if clause.contains(&"notify") => Expect::Nothing,
                    _ => Expect::Keywords(vec!["and notify subject"]),
                },
                ["allow"] | ["allow", .., ","] => Expect::Roles { subject: true },
                ["allow", ..] => Expect::Keywords(vec!["for"]),
                ["deny"] | ["deny", .., ","] => Expect::Roles { subject: false },
                ["notify"] => Expect::Keywords(vec!["subject"]),
                ["notify", "subject"] => Expect::Keywords(vec!["within"]),
                [.., "within", _] if after_number => Expect::Units,
                _ => Expect::Nothing,
            }
        }
        _ => Expect::Nothing,
    }
}

/// The rest of a frequency requirement: `at least N [and at most M] WINDOW`,
/// `at most N WINDOW`, `every [N to] N UNIT` or `at least N UNIT apart`.
fn requirement(body: &[&str], prev: &str, last: &str, after_number: bool, table: &str) -> Expect {
    match (prev, last) {
        (_, ":") => Expect::Keywords(vec!["at least", "at most", "every"]),
        (_, "at") => Expect::Keywords(vec!["least", "most"]),
        ("at", "least" | "most") | (_, "every" | "to") => Expect::Nothing,
        // `at least 1 and at most 2 per month`
        (_, "and") => Expect::Keywords(vec!["at most"]),
        // `every 4 to 6 weeks`: a gap range, or a unit for a single gap.
        ("every", _) if after_number => Expect::With(Box::new(Expect::Units), vec!["to"]),
        // A maximum counts sessions: no unit, straight on to the window.
        ("most", _) if after_number => Expect::Keywords(vec!["per", "in any", "in each"]),
        (_, "per") => Expect::Periods,
        (_, "calendar") => Expect::Keywords(vec!["month", "year", "week"]),
        (_, "financial" | "academic") => Expect::Keywords(vec!["year"]),
        (_, "in") => Expect::Keywords(vec!["any", "each"]),
        ("in", "each") => Expect::Calendars,
        ("in", "any") => Expect::Nothing,
        ("scaled", "by") | ("rata", "by") => Expect::Columns {
            table: table.to_string(),
            condition: false,
        },
        (_, "scaled") => Expect::Keywords(vec!["by"]),
        (_, "once" | "twice") => Expect::Keywords(vec!["per", "in any", "in each"]),
        // The amount of `at least`: a count (`at least 10 per year`) goes
        // straight on to its window, a time (`at least 30 minutes per week`)
        // takes a unit first.
        ("least", _) if after_number => Expect::With(
            Box::new(Expect::Units),
            vec!["per", "in any", "in each", "and at most"],
        ),
        _ if after_number => Expect::Units,
        _ => {
            let window_done = body.contains(&"per")
                || body.contains(&"each")
                || body.contains(&"any")
                || body.contains(&"every")
                || body.contains(&"apart");
            if window_done {
                Expect::RuleOptions
            } else if body.contains(&"least") && !body.contains(&"and") {
                // `at least 4 weeks`: a time in a window, or a shortest gap.
                Expect::Keywords(vec!["per", "in any", "in each", "apart"])
            } else {
                Expect::Keywords(vec!["per", "in any", "in each"])
            }
        }
    }
}

/// Inside a `where` condition (or after a group's base).
fn condition(tail: &[&str], row: &Row, policy: &CompiledPolicy) -> Expect {
    match tail.iter().position(|t| *t == "where") {
        Some(i) => condition_tail(&tail[i + 1..], row, policy),
        None => Expect::Keywords(vec!["where"]),
    }
}

/// The words of a condition so far → what may come next.
fn condition_tail(cond: &[&str], row: &Row, policy: &CompiledPolicy) -> Expect {
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
        let path = path_before(&cond[..cond.len() - 1]);
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
        let rest = &cond[is + 1..];
        let listing = rest.is_empty()
            || matches!(rest, ["not"] | ["one", "of"] | ["not", "one", "of"])
            || last == ",";
        if listing {
            let path = path_before(&cond[..is]);
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
    while i > 0 {
        let word = toks[i - 1];
        if !word
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            break;
        }
        path.push(word);
        if i >= 2 && toks[i - 2] == "." {
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
fn table_of(policy: &CompiledPolicy, name: &str) -> Option<String> {
    if policy.tables.contains_key(name) {
        return Some(name.to_string());
    }
    if let Some(group) = policy.groups.get(name) {
        return Some(group.table.clone());
    }
    policy.activities.get(name).map(|a| a.table.clone())
}

// ------------------------------------------------------------ items

fn items(expect: &Expect, analysis: &Analysis) -> Vec<CompletionItem> {
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
        Expect::ItemStart => words::ITEM_STARTS.iter().for_each(|w| keyword(&mut out, w)),
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
            for (field, explanation) in words::HEADER_FIELDS {
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
        Expect::Units => {
            for (unit, explanation) in words::UNITS {
                out.push(item(
                    unit,
                    CompletionItemKind::UNIT,
                    None,
                    Some(explanation),
                ));
            }
        }
        Expect::Periods => {
            for (period, explanation) in words::PERIODS {
                out.push(item(
                    period,
                    CompletionItemKind::KEYWORD,
                    None,
                    Some(explanation),
                ));
            }
        }
        Expect::ColumnTypes => {
            for (ty, explanation) in words::TYPES {
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
            for (measure, explanation) in words::MEASURES {
                out.push(item(
                    measure,
                    CompletionItemKind::KEYWORD,
                    None,
                    Some(explanation),
                ));
            }
        }
        Expect::PartialWindows => {
            for (choice, explanation) in words::PARTIAL_WINDOWS {
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
