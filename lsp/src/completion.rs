//! Completion that knows where the cursor is: keywords that may come next,
//! and the groups, tables, columns, roles, purposes, session kinds, units
//! and periods that fit that place.
//!
//! The statement under the cursor is usually half-typed and so missing from
//! the syntax tree; its words are read with the library's forgiving tokenizer
//! (`sup::syntax::tokens`) instead, and the names on offer come from the rest
//! of the file, which the checker has compiled.
//!
//! This file reads the tokens before the cursor and decides what is expected
//! there; `rules` and `conditions` decide inside a rule's body and a
//! condition, and `items` turns what is expected into completion items.

use sup::policy::CompiledPolicy;
use tower_lsp_server::ls_types::{CompletionItem, CompletionTextEdit, Position, Range, TextEdit};

use crate::analysis::Analysis;
use crate::words;
use sup::syntax::tokens::{tokenize, TokenKind};

mod conditions;
mod items;
mod rules;

use conditions::{condition, table_of, Row};
use items::items;
use rules::rule_body;

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
    /// After `every N`: a unit of time, or an activity to count
    /// (`every 8 shifts`).
    UnitsAndActivities,
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
    let statement = before.get(start..)?;
    let tokens = tokenize(statement);
    // Inside a comment or an unfinished string: nothing to offer.
    if let Some(last) = tokens.last() {
        let ends_here = start + last.span.end as usize == offset;
        if last.kind == TokenKind::Comment
            || (last.kind == TokenKind::String
                && (ends_here && !last.text(statement).ends_with('"') || last.span.len() == 1))
        {
            return Some(Vec::new());
        }
    }
    let mut toks: Vec<Tok> = tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .map(|t| Tok {
            text: t.text(statement).to_string(),
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
    replace_typed_words(
        &mut out,
        analysis,
        before.get(line_start..).unwrap_or(""),
        position,
    );
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
            // `get` is `None` inside a character: only whole ones are typed.
            .filter_map(|n| line_before.get(line_before.len() - n..))
            .find(|typed| {
                let at_word_start = line_before
                    .strip_suffix(typed)
                    .unwrap_or("")
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
            condition(
                w.get(colon + 2..).unwrap_or_default(),
                &Row::Table(table),
                policy,
            )
        }
        "activity" => {
            let Some(colon) = w.iter().position(|t| *t == ":") else {
                return Expect::Nothing;
            };
            let table = w.get(colon + 1).copied().unwrap_or("").to_string();
            match w.get(colon + 1..).unwrap_or_default() {
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
            let body = w.get(colon + 1..).unwrap_or_default();
            if body.is_empty() {
                return Expect::RuleStart;
            }
            rule_body(body, policy, after_number, &line)
        }
        _ => {
            let typed = format!("{} ", w.join(" "));
            let starts: Vec<&'static str> = words::item_starts()
                .iter()
                .map(String::as_str)
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
