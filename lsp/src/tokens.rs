//! Semantic tokens: the library tokenizer's tokens (`sup::syntax::tokens`),
//! with names coloured by what the checker resolved them to (a group, a
//! column, a role...).

use std::collections::HashMap;

use sup::check::SymbolKind;
use tower_lsp_server::ls_types::{
    Range, SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens,
    SemanticTokensLegend,
};

use crate::analysis::{Analysis, SymbolKey};
use crate::{prelude, words};
use sup::syntax::tokens::{tokenize, TokenKind};

/// Token types, in legend order: a token's type is its index here.
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::COMMENT,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::OPERATOR,
    SemanticTokenType::TYPE,
    SemanticTokenType::STRUCT,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::CLASS,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::EVENT,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::PARAMETER,
];

const MODIFIERS: &[SemanticTokenModifier] = &[
    SemanticTokenModifier::DECLARATION,
    SemanticTokenModifier::DEFAULT_LIBRARY,
];
const DECLARATION: u32 = 1;
const DEFAULT_LIBRARY: u32 = 2;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

fn type_index(t: &SemanticTokenType) -> u32 {
    TYPES
        .iter()
        .position(|x| x == t)
        .and_then(|i| u32::try_from(i).ok())
        .unwrap_or(0)
}

fn symbol_type(kind: SymbolKind) -> SemanticTokenType {
    match kind {
        SymbolKind::Table => SemanticTokenType::STRUCT,
        SymbolKind::Column => SemanticTokenType::PROPERTY,
        SymbolKind::Group => SemanticTokenType::CLASS,
        SymbolKind::Value => SemanticTokenType::ENUM_MEMBER,
        SymbolKind::Calendar | SymbolKind::Holidays => SemanticTokenType::NAMESPACE,
        SymbolKind::Activity => SemanticTokenType::EVENT,
        SymbolKind::Rule => SemanticTokenType::FUNCTION,
    }
}

/// One classified token, before delta encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub start: usize,
    pub end: usize,
    pub token_type: SemanticTokenType,
    pub modifiers: u32,
}

/// Every token of the file with its class, in order.
pub fn classify(analysis: &Analysis) -> Vec<Classified> {
    let text = &*analysis.text;
    let symbols = &analysis.checked.symbols;
    let mut names: HashMap<u32, (SymbolKind, u32)> = HashMap::new();
    for r in &symbols.references {
        let key = SymbolKey {
            kind: r.kind,
            name: r.name.clone(),
        };
        let from_prelude =
            analysis.definition(&key).is_none() && prelude::definition(&key).is_some();
        names.insert(
            r.span.start,
            (r.kind, if from_prelude { DEFAULT_LIBRARY } else { 0 }),
        );
    }
    for d in &symbols.definitions {
        names.insert(d.span.start, (d.kind, DECLARATION));
    }
    let header = analysis.checked.module.items.iter().find_map(|i| match i {
        sup::syntax::ast::Item::Header(h) => Some(h.span),
        _ => None,
    });
    let tokens = tokenize(text);
    let mut out = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let word = token.text(text);
        let prev = i.checked_sub(1).and_then(|j| tokens.get(j));
        let next = tokens.get(i + 1);
        let (token_type, modifiers) = match token.kind {
            TokenKind::Comment => (SemanticTokenType::COMMENT, 0),
            TokenKind::String => (SemanticTokenType::STRING, 0),
            TokenKind::Number | TokenKind::Date => (SemanticTokenType::NUMBER, 0),
            TokenKind::Punct => match word {
                ">=" | "<=" | "!=" | "=" | "<" | ">" | "+" | "-" | "%" => {
                    (SemanticTokenType::OPERATOR, 0)
                }
                _ => continue,
            },
            TokenKind::Word => {
                if let Some((kind, modifiers)) = names.get(&token.span.start) {
                    (symbol_type(*kind), *modifiers)
                } else if (prev.is_some_and(|p| p.kind == TokenKind::Number)
                    && (words::is_unit(word) || word == "working"))
                    || (word.starts_with("day") && prev.is_some_and(|p| p.text(text) == "working"))
                {
                    // A unit reads as part of its quantity: `48 hours`.
                    (SemanticTokenType::NUMBER, 0)
                } else if matches!(word, "supervisor" | "supervisee" | "subject")
                    && next.is_some_and(|n| n.text(text) == ".")
                {
                    (SemanticTokenType::PARAMETER, 0)
                } else if header
                    .is_some_and(|h| h.start < token.span.start && token.span.end < h.end)
                    && (next.is_some_and(|n| n.text(text) == ":")
                        || word == "conforms"
                        || (word == "to" && prev.is_some_and(|p| p.text(text) == "conforms")))
                {
                    (SemanticTokenType::PROPERTY, 0)
                } else if prev.is_some_and(|p| matches!(p.text(text), ":" | "optional"))
                    && words::explained(words::COLUMN_TYPES, word).is_some()
                {
                    (SemanticTokenType::TYPE, DEFAULT_LIBRARY)
                } else if words::is_keyword(word) {
                    (SemanticTokenType::KEYWORD, 0)
                } else {
                    continue;
                }
            }
        };
        out.push(Classified {
            start: token.span.start as usize,
            end: token.span.end as usize,
            token_type,
            modifiers,
        });
    }
    out
}

/// The tokens of the file (or of `range`), delta-encoded as LSP asks.
pub fn semantic_tokens(analysis: &Analysis, range: Option<Range>) -> SemanticTokens {
    let text = &*analysis.text;
    let bounds = range.map(|r| (analysis.offset(r.start), analysis.offset(r.end)));
    let mut data = Vec::new();
    let (mut last_line, mut last_start) = (0, 0);
    for token in classify(analysis) {
        if let Some((from, to)) = bounds {
            if token.end < from || token.start > to {
                continue;
            }
        }
        let start = analysis.index.position(text, token.start);
        let end = analysis.index.position(text, token.end);
        // Tokens never span lines (strings and comments stop at the line's end).
        let length = if end.line == start.line {
            end.character.saturating_sub(start.character)
        } else {
            0
        };
        if length == 0 {
            continue;
        }
        // Tokens come in order, so neither delta is ever negative.
        let delta_line = start.line.saturating_sub(last_line);
        let delta_start = if delta_line == 0 {
            start.character.saturating_sub(last_start)
        } else {
            start.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: type_index(&token.token_type),
            token_modifiers_bitset: token.modifiers,
        });
        last_line = start.line;
        last_start = start.character;
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}
