//! Where each name is defined and used: the index behind an editor's
//! go-to-definition, find-references, rename and outline.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// The kinds of things a name can denote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    Table,
    /// Named `table.column`.
    Column,
    Group,
    /// A vocabulary value, named `vocabulary.value`.
    Value,
    Calendar,
    Holidays,
    Activity,
    Rule,
}

impl SymbolKind {
    pub fn describe(self) -> &'static str {
        match self {
            SymbolKind::Table => "table",
            SymbolKind::Column => "column",
            SymbolKind::Group => "group",
            SymbolKind::Value => "value",
            SymbolKind::Calendar => "calendar",
            SymbolKind::Holidays => "holiday calendar",
            SymbolKind::Activity => "activity",
            SymbolKind::Rule => "rule",
        }
    }
}

/// A name defined in the policy file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub kind: SymbolKind,
    pub name: String,
    /// The name itself.
    pub span: Span,
    /// The whole statement that defines it.
    pub full_span: Span,
}

/// A use of a name in the policy file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub kind: SymbolKind,
    pub name: String,
    pub span: Span,
}

/// Every definition and use in one file. Names defined by the prelude have
/// no definition here, but their uses are recorded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SymbolIndex {
    pub definitions: Vec<Definition>,
    pub references: Vec<Reference>,
}

impl SymbolIndex {
    pub(crate) fn define(&mut self, kind: SymbolKind, name: &str, span: Span, full_span: Span) {
        self.definitions.push(Definition {
            kind,
            name: name.to_string(),
            span,
            full_span,
        });
    }

    pub(crate) fn refer(&mut self, kind: SymbolKind, name: &str, span: Span) {
        self.references.push(Reference {
            kind,
            name: name.to_string(),
            span,
        });
    }

    /// The first definition of a name of this kind.
    pub fn definition(&self, kind: SymbolKind, name: &str) -> Option<&Definition> {
        self.definitions
            .iter()
            .find(|d| d.kind == kind && d.name == name)
    }

    /// The definition or reference whose span contains `offset`.
    pub fn at(&self, offset: usize) -> Option<(SymbolKind, &str, Span)> {
        let inside = |s: Span| (s.start as usize) <= offset && offset <= (s.end as usize);
        self.references
            .iter()
            .find(|r| inside(r.span))
            .map(|r| (r.kind, r.name.as_str(), r.span))
            .or_else(|| {
                self.definitions
                    .iter()
                    .find(|d| inside(d.span))
                    .map(|d| (d.kind, d.name.as_str(), d.span))
            })
    }

    /// Every span that names this symbol: its definitions and its uses.
    pub fn occurrences(&self, kind: SymbolKind, name: &str) -> Vec<Span> {
        let mut spans: Vec<Span> = self
            .definitions
            .iter()
            .filter(|d| d.kind == kind && d.name == name)
            .map(|d| d.span)
            .chain(
                self.references
                    .iter()
                    .filter(|r| r.kind == kind && r.name == name)
                    .map(|r| r.span),
            )
            .collect();
        spans.sort_by_key(|s| (s.start, s.end));
        spans.dedup_by(|a, b| a.start == b.start && a.end == b.end);
        spans
    }

    pub fn is_used(&self, kind: SymbolKind, name: &str) -> bool {
        self.references
            .iter()
            .any(|r| r.kind == kind && r.name == name)
    }
}
