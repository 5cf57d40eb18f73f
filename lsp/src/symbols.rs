//! The outline: every statement of the file as a document symbol, read from
//! the syntax tree, so statements that fail to check still appear.

use sup::span::Span;
use sup::syntax::ast::{self, ColumnTypeExpr, Item, PolicyKind, RuleBody};
use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

use crate::analysis::Analysis;

pub fn document_symbols(analysis: &Analysis) -> Vec<DocumentSymbol> {
    analysis
        .checked
        .module
        .items
        .iter()
        .map(|item| item_symbol(analysis, item))
        .collect()
}

fn item_symbol(a: &Analysis, item: &Item) -> DocumentSymbol {
    match item {
        Item::Header(h) => {
            let kind = match h.kind {
                PolicyKind::Policy => "policy",
                PolicyKind::Framework => "framework",
            };
            let fields = h
                .fields
                .iter()
                .map(|f| {
                    symbol(
                        a,
                        &f.name.node,
                        Some(f.value.span.text(&a.text).to_string()),
                        SymbolKind::PROPERTY,
                        f.span,
                        f.name.span,
                        None,
                    )
                })
                .collect();
            symbol(
                a,
                &h.title.node,
                Some(kind.into()),
                SymbolKind::MODULE,
                h.span,
                h.title.span,
                Some(fields),
            )
        }
        Item::Table(t) => {
            let columns = columns(a, &t.columns);
            symbol(
                a,
                &t.name.node,
                t.label.as_ref().map(|l| l.node.clone()),
                SymbolKind::STRUCT,
                t.span,
                t.name.span,
                Some(columns),
            )
        }
        Item::Extend(e) => {
            let columns = columns(a, &e.columns);
            symbol(
                a,
                &format!("extend {}", e.table.node),
                None,
                SymbolKind::STRUCT,
                e.span,
                e.table.span,
                Some(columns),
            )
        }
        Item::Vocabulary(v) => {
            let values = v
                .values
                .iter()
                .map(|value| {
                    symbol(
                        a,
                        &value.node,
                        None,
                        SymbolKind::ENUM_MEMBER,
                        value.span,
                        value.span,
                        None,
                    )
                })
                .collect();
            let name = if v.custom {
                format!("values of {}", v.heading.node)
            } else {
                v.heading.node.clone()
            };
            symbol(
                a,
                &name,
                None,
                SymbolKind::ENUM,
                v.span,
                v.heading.span,
                Some(values),
            )
        }
        Item::Group(g) => {
            let detail = g
                .label
                .as_ref()
                .map_or_else(|| g.base.node.clone(), |l| l.node.clone());
            symbol(
                a,
                &g.name.node,
                Some(detail),
                SymbolKind::OBJECT,
                g.span,
                g.name.span,
                None,
            )
        }
        Item::Calendar(c) => {
            let periods = c
                .periods
                .iter()
                .map(|p| {
                    let detail = format!("{} to {}", p.start.node, p.end.node);
                    symbol(
                        a,
                        &p.name.node,
                        Some(detail),
                        SymbolKind::CONSTANT,
                        p.span,
                        p.name.span,
                        None,
                    )
                })
                .collect();
            symbol(
                a,
                &c.name.node,
                c.label.as_ref().map(|l| l.node.clone()),
                SymbolKind::NAMESPACE,
                c.span,
                c.name.span,
                Some(periods),
            )
        }
        Item::Holidays(h) => symbol(
            a,
            &h.name.node,
            Some("holidays".into()),
            SymbolKind::NAMESPACE,
            h.span,
            h.name.span,
            None,
        ),
        Item::Activity(act) => {
            let detail = act
                .label
                .as_ref()
                .map_or_else(|| act.table.node.clone(), |l| l.node.clone());
            symbol(
                a,
                &act.name.node,
                Some(detail),
                SymbolKind::EVENT,
                act.span,
                act.name.span,
                None,
            )
        }
        Item::Rule(r) => {
            let family = match &r.body {
                RuleBody::Frequency(_) => "frequency",
                RuleBody::Eligibility(_) => "eligibility",
                RuleBody::Limit(_) => "limit",
                RuleBody::Deadline(_) => "deadline",
                RuleBody::Retention(_) => "retention",
                RuleBody::Access(_) => "access",
                RuleBody::Attribute(_) => "attribute",
                RuleBody::Standing(_) => "standing",
            };
            symbol(
                a,
                &r.name.node,
                Some(family.into()),
                SymbolKind::FUNCTION,
                r.span,
                r.name.span,
                None,
            )
        }
    }
}

fn columns(a: &Analysis, columns: &[ast::ColumnDecl]) -> Vec<DocumentSymbol> {
    columns
        .iter()
        .map(|c| {
            let ty = match &c.ty.node {
                ColumnTypeExpr::Basic(t) => t.clone(),
                ColumnTypeExpr::Ref(t) => format!("ref {}", t.node),
                ColumnTypeExpr::OneOf(v) => format!("one of {}", v.node),
                ColumnTypeExpr::SetOf(v) => format!("set of {}", v.node),
            };
            let detail = if c.optional {
                format!("optional {ty}")
            } else {
                ty
            };
            symbol(
                a,
                &c.name.node,
                Some(detail),
                SymbolKind::FIELD,
                c.span,
                c.name.span,
                None,
            )
        })
        .collect()
}

#[expect(
    deprecated,
    reason = "`deprecated` is a required field of the LSP type; `tags` replaces it"
)]
fn symbol(
    a: &Analysis,
    name: &str,
    detail: Option<String>,
    kind: SymbolKind,
    full: Span,
    selection: Span,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    // LSP requires the selection inside the range; spans from a recovered
    // parse are trusted, but never to the point of sending an invalid symbol.
    let full = a.trimmed(full).to(selection);
    DocumentSymbol {
        // An empty name is invalid in LSP (VS Code rejects the whole outline).
        name: if name.is_empty() {
            "(unnamed)".into()
        } else {
            name.to_string()
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: a.range(full),
        selection_range: a.range(selection),
        children: children.filter(|c| !c.is_empty()),
    }
}
