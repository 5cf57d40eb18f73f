//! Go to definition, find references, highlight and rename, within a file
//! and across the files linked by `conforms to`.
//!
//! A policy and the framework it conforms to share names on purpose (the
//! conformance check matches them), so a symbol is identified across files
//! by its kind and qualified name: renaming a group in a framework renames
//! it in every policy that conforms to it.

use std::collections::HashMap;
use std::sync::Arc;

use sup::check::{Definition, SymbolKind, PRELUDE_SOURCE};
use sup::span::Span;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    DocumentHighlight, DocumentHighlightKind, GotoDefinitionResponse, Location, Position,
    PrepareRenameResponse, Range, TextEdit, Uri, WorkspaceEdit,
};

use crate::analysis::{Analysis, SymbolKey};
use crate::convert::LineIndex;
use crate::prelude;
use crate::world::World;
use sup::syntax::tokens::{tokenize, TokenKind};

/// Where a symbol is defined.
#[derive(Debug, Clone)]
pub enum Site {
    /// In this file or a linked one.
    File {
        analysis: Arc<Analysis>,
        definition: Definition,
    },
    /// In the standard prelude.
    Prelude(&'static Definition),
}

/// Where a symbol is defined: this file first, then the framework it
/// conforms to, then the prelude.
pub fn definition_site(analysis: &Arc<Analysis>, world: &World, key: &SymbolKey) -> Option<Site> {
    if let Some(definition) = analysis.definition(key) {
        return Some(Site::File {
            analysis: analysis.clone(),
            definition: definition.clone(),
        });
    }
    if let Some(framework) = world.framework_of(analysis) {
        if let Some(definition) = framework.definition(key).cloned() {
            return Some(Site::File {
                analysis: framework,
                definition,
            });
        }
    }
    prelude::definition(key).map(Site::Prelude)
}

fn site_location(site: &Site, encoding: crate::convert::Encoding) -> Option<Location> {
    match site {
        Site::File {
            analysis,
            definition,
        } => Some(Location::new(
            analysis.uri.clone(),
            analysis.range(definition.span),
        )),
        Site::Prelude(definition) => {
            let index = LineIndex::new(PRELUDE_SOURCE, encoding);
            Some(Location::new(
                prelude::uri()?,
                index.range(PRELUDE_SOURCE, definition.span),
            ))
        }
    }
}

pub fn definition(
    analysis: &Arc<Analysis>,
    world: &World,
    position: Position,
) -> Option<GotoDefinitionResponse> {
    let offset = analysis.offset(position);
    if let Some(location) = conforms_to_link(analysis, offset) {
        return Some(GotoDefinitionResponse::Scalar(location));
    }
    let symbol = analysis.symbol_at(offset)?;
    let key = symbol.key();
    let encoding = analysis.index.encoding();
    let on_own_definition = analysis
        .definition(&key)
        .is_some_and(|d| d.span.start == symbol.span.start);
    if on_own_definition {
        // From a definition, go to the framework's counterpart: the
        // requirement this one must at least meet.
        if let Some(framework) = world.framework_of(analysis) {
            if let Some(definition) = framework.definition(&key) {
                return Some(GotoDefinitionResponse::Scalar(Location::new(
                    framework.uri.clone(),
                    framework.range(definition.span),
                )));
            }
        }
    }
    let site = definition_site(analysis, world, &key)?;
    site_location(&site, encoding).map(GotoDefinitionResponse::Scalar)
}

/// The `conforms to: "file.sup"` string leads to the framework file.
fn conforms_to_link(analysis: &Analysis, offset: usize) -> Option<Location> {
    let header = analysis.checked.module.items.iter().find_map(|i| match i {
        sup::syntax::ast::Item::Header(h) => Some(h),
        _ => None,
    })?;
    let field = header
        .fields
        .iter()
        .find(|f| f.name.node == "conforms to")?;
    let span = field.value.span;
    if !(span.start as usize <= offset && offset <= span.end as usize) {
        return None;
    }
    let path = analysis.framework_path()?;
    let uri = Uri::from_file_path(path)?;
    Some(Location::new(uri, Range::default()))
}

pub fn references(
    analysis: &Arc<Analysis>,
    world: &World,
    position: Position,
    include_declaration: bool,
) -> Option<Vec<Location>> {
    let offset = analysis.offset(position);
    let key = analysis.symbol_at(offset)?.key();
    let mut locations = Vec::new();
    for file in world.linked(analysis) {
        let definitions: Vec<u32> = definitions_in(&file, &key)
            .iter()
            .map(|d| d.span.start)
            .collect();
        for span in file.occurrences(&key) {
            if include_declaration || !definitions.contains(&span.start) {
                locations.push(Location::new(file.uri.clone(), file.range(span)));
            }
        }
    }
    if include_declaration {
        if let Some(site @ Site::Prelude(_)) = definition_site(analysis, world, &key) {
            locations.extend(site_location(&site, analysis.index.encoding()));
        }
    }
    Some(locations)
}

fn definitions_in<'a>(analysis: &'a Analysis, key: &SymbolKey) -> Vec<&'a Definition> {
    let aliases = key.aliases();
    analysis
        .checked
        .symbols
        .definitions
        .iter()
        .filter(|d| {
            aliases
                .iter()
                .any(|(kind, name)| d.kind == *kind && &d.name == name)
        })
        .collect()
}

pub fn highlight(analysis: &Analysis, position: Position) -> Option<Vec<DocumentHighlight>> {
    let key = analysis.symbol_at(analysis.offset(position))?.key();
    let definitions: Vec<u32> = definitions_in(analysis, &key)
        .iter()
        .map(|d| d.span.start)
        .collect();
    Some(
        analysis
            .occurrences(&key)
            .into_iter()
            .map(|span| DocumentHighlight {
                range: analysis.range(span),
                kind: Some(if definitions.contains(&span.start) {
                    DocumentHighlightKind::WRITE
                } else {
                    DocumentHighlightKind::READ
                }),
            })
            .collect(),
    )
}

/// The symbol to rename and where, or why it cannot be renamed.
fn renameable(
    analysis: &Arc<Analysis>,
    world: &World,
    position: Position,
) -> Result<(SymbolKey, Span, Vec<Arc<Analysis>>)> {
    let offset = analysis.offset(position);
    let symbol = analysis
        .symbol_at(offset)
        .ok_or_else(|| Error::invalid_params("place the cursor on a name to rename it"))?;
    let key = symbol.key();
    let linked = world.linked(analysis);
    let defined_here = linked
        .iter()
        .any(|file| !definitions_in(file, &key).is_empty());
    if !defined_here {
        let what = format!("{} `{}`", symbol.kind.describe(), key.short_name());
        return Err(Error::invalid_params(
            if prelude::definition(&key).is_some() {
                format!("the {what} is defined by the standard prelude, so it cannot be renamed")
            } else {
                format!("the {what} is not defined in this policy, so it cannot be renamed")
            },
        ));
    }
    Ok((key, symbol.span, linked))
}

pub fn prepare_rename(
    analysis: &Arc<Analysis>,
    world: &World,
    position: Position,
) -> Result<Option<PrepareRenameResponse>> {
    let (key, span, _) = renameable(analysis, world, position)?;
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: analysis.range(span),
        placeholder: key.short_name().to_string(),
    }))
}

pub fn rename(
    analysis: &Arc<Analysis>,
    world: &World,
    position: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>> {
    let (key, _, linked) = renameable(analysis, world, position)?;
    check_new_name(new_name)?;
    if new_name == key.short_name() {
        return Ok(None);
    }
    check_meaning_kept(&key, new_name)?;
    check_derived_column(&linked, &key, new_name)?;
    let renamed = SymbolKey {
        kind: key.kind,
        name: match key.name.rsplit_once('.') {
            Some((outer, _)) if key.name != key.short_name() => format!("{outer}.{new_name}"),
            _ => new_name.to_string(),
        },
    };
    // A name of the same kind clashes. So does a table's name for a group
    // and a group's for a table: `group x: NAME` may name either, and reads
    // the table, so the rename would quietly change what such a group is.
    let mut taken = vec![renamed.clone()];
    match key.kind {
        SymbolKind::Group => taken.push(SymbolKey {
            kind: SymbolKind::Table,
            name: new_name.to_string(),
        }),
        SymbolKind::Table => taken.push(SymbolKey {
            kind: SymbolKind::Group,
            name: new_name.to_string(),
        }),
        _ => {}
    }
    for other in &taken {
        let place = match linked.iter().find(|f| !definitions_in(f, other).is_empty()) {
            Some(file) => file
                .path
                .file_name()
                .map(|n| format!("`{}`", n.to_string_lossy()))
                .unwrap_or_default(),
            None if prelude::definition(other).is_some() => "the standard prelude".to_string(),
            None => continue,
        };
        let kind = other.kind.describe();
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        let mut message = format!("there is already {article} {kind} `{new_name}` in {place}");
        if other.kind != key.kind {
            message.push_str(&format!(
                ", and where a group or a table may be named (`group x: {new_name}`) the table is read"
            ));
        }
        return Err(Error::invalid_params(message));
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for file in &linked {
        let edits: Vec<TextEdit> = file
            .occurrences(&key)
            .into_iter()
            .map(|span| TextEdit::new(file.range(span), new_name.to_string()))
            .collect();
        if !edits.is_empty() {
            changes.entry(file.uri.clone()).or_default().extend(edits);
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}

/// A new name must be one word the grammar reads as a name.
fn check_new_name(name: &str) -> Result<()> {
    let tokens = tokenize(name);
    let one_word =
        matches!(tokens.as_slice(), [t] if t.kind == TokenKind::Word && t.span.len() == name.len());
    if !one_word {
        return Err(Error::invalid_params(format!(
            "`{name}` is not a name: use letters, digits and `_`, starting with a letter"
        )));
    }
    if sup::syntax::keywords::is_reserved(name) {
        return Err(Error::invalid_params(format!(
            "`{name}` is a keyword of the language; choose another name"
        )));
    }
    Ok(())
}

/// Words an access rule reads in place of a role or a purpose: `allow
/// subject`, `allow anyone`, `for any`. A role or purpose renamed to one of
/// them would still check, but every grant naming it would quietly mean
/// someone (or something) else, widening who may read the records.
const ACCESS_WORDS: &[(&str, &str, &str)] = &[
    ("role", "subject", "the person the record is about"),
    ("role", "anyone", "anyone at all"),
    ("purpose", "any", "any purpose"),
];

fn check_meaning_kept(key: &SymbolKey, new_name: &str) -> Result<()> {
    let Some((vocabulary, _)) = key.name.split_once('.') else {
        return Ok(());
    };
    if key.kind != SymbolKind::Value {
        return Ok(());
    }
    match ACCESS_WORDS
        .iter()
        .find(|(v, word, _)| *v == vocabulary && *word == new_name)
    {
        Some((_, word, meaning)) => Err(Error::invalid_params(format!(
            "in an access rule `{word}` means {meaning}, so a {vocabulary} named `{word}` would change what the rule allows; choose another name"
        ))),
        None => Ok(()),
    }
}

/// Columns `sup` works out itself (`staff.tenure`) are in no file and not
/// in the prelude's text, so the clash check above cannot see them: ask the
/// compiled tables instead.
fn check_derived_column(linked: &[Arc<Analysis>], key: &SymbolKey, new_name: &str) -> Result<()> {
    if key.kind != SymbolKind::Column {
        return Ok(());
    }
    let Some((table, _)) = key.name.split_once('.') else {
        return Ok(());
    };
    let taken = linked.iter().any(|file| {
        file.checked
            .policy
            .tables
            .get(table)
            .and_then(|t| t.column(new_name))
            .is_some()
    });
    if taken {
        return Err(Error::invalid_params(format!(
            "the table `{table}` already has a column `{new_name}`"
        )));
    }
    Ok(())
}
