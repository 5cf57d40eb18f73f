//! Hover: on a rule, what it requires in plain English; on a name, its
//! definition; on a keyword, unit, type or date, a short explanation.

use std::sync::Arc;

use sup::check::SymbolKind;
use sup::policy::{CompiledPolicy, Derivation};
use sup::span::Span;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use crate::analysis::{Analysis, Symbol};
use crate::navigation::{definition_site, Site};
use crate::words;
use crate::world::World;
use sup::syntax::tokens::{tokenize, Token, TokenKind};

/// The longest definition shown in a hover, in lines.
const MAX_DEFINITION_LINES: usize = 16;

pub fn hover(analysis: &Arc<Analysis>, world: &World, position: Position) -> Option<Hover> {
    let offset = analysis.offset(position);
    let (markdown, span) = match analysis.symbol_at(offset) {
        Some(symbol) => (symbol_hover(analysis, world, &symbol), symbol.span),
        None => word_hover(analysis, offset)?,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(analysis.range(span)),
    })
}

fn symbol_hover(analysis: &Arc<Analysis>, world: &World, symbol: &Symbol) -> String {
    let key = symbol.key();
    let mut out = format!("**{}** `{}`", symbol.kind.describe(), key.short_name());
    if symbol.kind == SymbolKind::Rule {
        let policy = &analysis.checked.policy;
        if let Some(rule) = policy.rule(&symbol.name) {
            // The same sentence as `sup describe`, and the same notes.
            let mut sentence = sup::describe::describe_rule(policy, rule);
            for note in sup::describe::rule_notes(policy, rule) {
                sentence.push(' ');
                sentence.push_str(&note);
            }
            out.push_str(&format!(" · {}\n\n{sentence}", rule.body.family()));
            return out;
        }
    }
    let site = definition_site(analysis, world, &key);
    let meaning = match &site {
        Some(Site::File {
            analysis: other, ..
        }) => meaning(&other.checked.policy, symbol),
        _ => meaning(&analysis.checked.policy, symbol),
    };
    if let Some(meaning) = meaning {
        out.push_str(&format!("\n\n{meaning}"));
    }
    match site {
        Some(Site::File {
            analysis: other,
            definition,
        }) => {
            let comments = leading_comments(&other, definition.full_span);
            out.push_str(&format!(
                "\n\n```sup\n{}{}\n```",
                comments,
                excerpt(&other.text, definition.full_span)
            ));
            if other.path != analysis.path {
                let name = other
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out.push_str(&format!("\n\nDefined in `{name}`."));
            }
        }
        Some(Site::Prelude(definition)) => {
            out.push_str(&format!(
                "\n\n```sup\n{}\n```\n\nDefined by the standard prelude.",
                excerpt(sup::check::PRELUDE_SOURCE, definition.full_span)
            ));
        }
        None => {}
    }
    out
}

/// One line saying what a name is, from the compiled policy.
fn meaning(policy: &CompiledPolicy, symbol: &Symbol) -> Option<String> {
    let name = symbol.name.as_str();
    match symbol.kind {
        SymbolKind::Table => {
            let table = policy.tables.get(name)?;
            let what = table
                .label
                .clone()
                .unwrap_or_else(|| format!("`{name}` records"));
            Some(format!(
                "The table of {what}, with {} columns.",
                table.columns.len()
            ))
        }
        SymbolKind::Column => {
            let (table, column) = name.split_once('.')?;
            let column = policy.tables.get(table)?.column(column)?;
            let optional = if column.optional {
                ", may be empty"
            } else {
                ""
            };
            let derived = match &column.derived {
                Some(Derivation::Since { column }) => {
                    format!(" Worked out by `sup`: the time since `{column}`, on the day judged.")
                }
                None => String::new(),
            };
            // The label the policy gave the column is how `describe` and
            // the findings read it.
            let label = column
                .label
                .as_ref()
                .map(|l| format!(" — \"{l}\""))
                .unwrap_or_default();
            Some(format!(
                "A column of `{table}`{label}: {}{optional}.{derived}",
                column.ty.describe()
            ))
        }
        SymbolKind::Group => {
            let group = policy.groups.get(name)?;
            let label = group
                .label
                .as_ref()
                .map(|l| format!(" — {l}"))
                .unwrap_or_default();
            let parent = group
                .parent
                .as_ref()
                .map(|p| format!(", within `{p}`"))
                .unwrap_or_default();
            Some(format!("A group of `{}` rows{parent}{label}.", group.table))
        }
        SymbolKind::Value => {
            let (vocabulary, value) = name.split_once('.')?;
            let heading = crate::prelude::heading_of_vocabulary(vocabulary);
            let label = policy
                .vocabularies
                .get(vocabulary)
                .and_then(|v| v.label(value))
                .map(|l| format!(" — \"{l}\""))
                .unwrap_or_default();
            Some(format!("One of the `{heading}`{label}."))
        }
        SymbolKind::Calendar => {
            let calendar = policy.calendars.get(name)?;
            let (first, last) = (calendar.periods.first()?, calendar.periods.last()?);
            Some(format!(
                "A calendar of {} periods, from {} to {}.",
                calendar.periods.len(),
                first.start,
                last.end
            ))
        }
        SymbolKind::Holidays => {
            let holidays = policy.holidays.get(name)?;
            Some(format!(
                "A holiday calendar of {} days, besides weekends.",
                holidays.dates.len()
            ))
        }
        SymbolKind::Activity => {
            let activity = policy.activities.get(name)?;
            let label = activity
                .label
                .as_ref()
                .map(|l| format!(" — {l}"))
                .unwrap_or_default();
            Some(format!(
                "Counted from `{}` rows: the person in `{}`, on the date in `{}`{label}.",
                activity.table, activity.subject_column, activity.date_column
            ))
        }
        SymbolKind::Rule => None,
    }
}

/// The statement's text, cut to a readable length.
fn excerpt(text: &str, span: Span) -> String {
    let body = crate::analysis::trim_statement(text, span).text(text);
    let lines: Vec<&str> = body.lines().collect();
    if lines.len() <= MAX_DEFINITION_LINES {
        return body.to_string();
    }
    let mut shown = lines
        .iter()
        .take(MAX_DEFINITION_LINES - 1)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    shown.push_str("\n  ...");
    shown
}

/// The `#` comment lines directly above a definition's statement: in the
/// shipped policies, the clause of the written policy that it encodes.
fn leading_comments(analysis: &Analysis, full_span: Span) -> String {
    let text = &*analysis.text;
    let start = full_span.start as usize;
    let statement_line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    // Only for statements that start a line: a column or value is described
    // by the comments above its own line, which belong to the table or list.
    let mut lines = Vec::new();
    let mut end = statement_line_start;
    while end > 0 {
        let before = text.get(..end - 1).unwrap_or("");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.get(line_start..).unwrap_or("").trim();
        if !line.starts_with('#') || line.starts_with("# ----") {
            break;
        }
        lines.push(line);
        end = line_start;
    }
    lines.reverse();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Hover on a word that is not a name: a keyword, unit, period, type,
/// header field, measure, or a date.
fn word_hover(analysis: &Analysis, offset: usize) -> Option<(String, Span)> {
    let text = &*analysis.text;
    let tokens = tokenize(text);
    let i = tokens.iter().position(|t| {
        t.span.start as usize <= offset
            && offset <= t.span.end as usize
            && t.kind != TokenKind::Comment
    })?;
    let token = tokens.get(i)?;
    let word = token.text(text);
    let prev = |k: usize| {
        i.checked_sub(k)
            .and_then(|j| tokens.get(j))
            .map(|t| t.text(text))
    };
    let next = |k: usize| tokens.get(i + k).map(|t| t.text(text));
    match token.kind {
        TokenKind::Date => {
            let date = chrono::NaiveDate::parse_from_str(word, "%Y-%m-%d").ok()?;
            Some((format!("{}", date.format("%A %-d %B %Y")), token.span))
        }
        TokenKind::String
            if in_header(analysis, offset)
                && prev(2) == Some("to")
                && prev(3) == Some("conforms") =>
        {
            let path = analysis.framework_path();
            let message = match path {
                Some(path) => format!(
                    "The framework this policy must at least meet: `{}`.",
                    path.display()
                ),
                None => {
                    "The framework this policy must at least meet (not found next to this file)."
                        .to_string()
                }
            };
            Some((message, token.span))
        }
        TokenKind::Word => {
            // Two-word units and headings read as one.
            let working_days = if word == "working" && next(1).is_some_and(|w| w.starts_with("day"))
            {
                Some(span_to(token, tokens.get(i + 1)))
            } else if word.starts_with("day") && prev(1) == Some("working") {
                i.checked_sub(1)
                    .and_then(|j| tokens.get(j))
                    .map(|w| w.span.to(token.span))
            } else {
                None
            };
            if let Some(span) = working_days {
                let (name, explanation) = words::unit("working days")?;
                return Some((format!("**{name}** (unit)\n\n{explanation}"), span));
            }
            let after_number = i
                .checked_sub(1)
                .and_then(|j| tokens.get(j))
                .is_some_and(|t| t.kind == TokenKind::Number);
            if after_number && word != "working" {
                if let Some((name, explanation)) = words::unit(word) {
                    return Some((format!("**{name}** (unit)\n\n{explanation}"), token.span));
                }
            }
            if prev(1) == Some("per")
                || (prev(2) == Some("per")
                    && matches!(prev(1), Some("calendar" | "financial" | "academic")))
            {
                let phrase = if prev(1) == Some("per") {
                    word.to_string()
                } else {
                    format!("{} {word}", prev(1).unwrap_or(""))
                };
                if let Some(explanation) = words::explained(words::PERIODS, &phrase) {
                    return Some((format!("**per {phrase}**\n\n{explanation}"), token.span));
                }
            }
            if in_header(analysis, offset)
                && (next(1) == Some(":") || (word == "conforms" && next(1) == Some("to")))
            {
                let field = if word == "conforms" {
                    "conforms to"
                } else {
                    word
                };
                if let Some(explanation) = words::explained(words::HEADER_FIELDS, field) {
                    return Some((
                        format!("**{field}** (header field)\n\n{explanation}"),
                        token.span,
                    ));
                }
            }
            if matches!(prev(1), Some(":" | "optional")) {
                if let Some(explanation) = words::explained(words::COLUMN_TYPES, word) {
                    return Some((
                        format!("**{word}** (column type)\n\n{explanation}"),
                        token.span,
                    ));
                }
            }
            if prev(1) == Some("limit") {
                if let Some((_, explanation)) =
                    words::measures().find(|(m, _)| m.split(' ').next() == Some(word))
                {
                    return Some((format!("**{word}** (measure)\n\n{explanation}"), token.span));
                }
            }
            if prev(1) == Some("windows") {
                if let Some(explanation) = words::explained(words::PARTIAL_WINDOWS, word) {
                    return Some((
                        format!("**partial windows {word}**\n\n{explanation}"),
                        token.span,
                    ));
                }
            }
            if prev(1) == Some("of") && matches!(prev(2), Some("values" | "one" | "set")) {
                if let Some(list) = vocabulary_hover(analysis, word) {
                    return Some((list, token.span));
                }
            }
            let explanation = words::keyword(word)?;
            Some((format!("**{word}**\n\n{explanation}"), token.span))
        }
        _ => None,
    }
}

/// A list of values (`values of rag`, `one of role`): the checker keeps no
/// symbol for the list itself, only for each value, so its name would
/// otherwise have no hover at all.
fn vocabulary_hover(analysis: &Analysis, name: &str) -> Option<String> {
    let vocabulary = analysis.checked.policy.vocabularies.get(name)?;
    let values: Vec<String> = vocabulary.values.iter().map(|v| format!("`{v}`")).collect();
    let heading = crate::prelude::heading_of_vocabulary(name);
    let body = match values.len() {
        0 => format!("No values yet: declare them with `{heading}: ...`."),
        1 => format!("1 value: {}.", values.join("")),
        n => format!("{n} values: {}.", values.join(", ")),
    };
    Some(format!(
        "**{name}** (list of values, declared by `{heading}:`)\n\n{body}"
    ))
}

fn span_to(first: &Token, last: Option<&Token>) -> Span {
    last.map_or(first.span, |l| first.span.to(l.span))
}

fn in_header(analysis: &Analysis, offset: usize) -> bool {
    analysis.checked.module.items.iter().any(|item| {
        matches!(item, sup::syntax::ast::Item::Header(_))
            && (item.span().start as usize) <= offset
            && offset <= item.span().end as usize
    })
}
