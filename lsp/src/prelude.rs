//! The standard prelude as an editor sees it: where each of its tables,
//! columns, values and activities is defined, for hover and go-to-definition
//! on names a policy uses without declaring them.

use std::path::PathBuf;
use std::sync::OnceLock;

use sup::check::{Definition, SymbolKind, PRELUDE_SOURCE};
use sup::syntax::ast::Item;
use tower_lsp_server::ls_types::Uri;

/// Vocabulary headings and the vocabulary each declares (as the checker names them).
const HEADINGS: &[(&str, &str)] = &[
    ("roles", "role"),
    ("tags", "tag"),
    ("registrations", "registration"),
    ("purposes", "purpose"),
    ("teams", "team"),
    ("case flags", "case_flag"),
    ("session kinds", "session_kind"),
    ("record kinds", "record_kind"),
];

/// The vocabulary a heading declares: `session kinds` → `session_kind`,
/// `values of outcome` → `outcome`.
pub fn vocabulary_of_heading(heading: &str, custom: bool) -> Option<String> {
    if custom {
        return Some(heading.to_string());
    }
    HEADINGS
        .iter()
        .find(|(h, _)| *h == heading)
        .map(|(_, v)| (*v).to_string())
}

/// The heading that declares values of a vocabulary: `role` → `roles`.
pub fn heading_of_vocabulary(vocabulary: &str) -> String {
    HEADINGS.iter().find(|(_, v)| *v == vocabulary).map_or_else(
        || format!("values of {vocabulary}"),
        |(h, _)| (*h).to_string(),
    )
}

/// Every definition in the prelude.
pub fn definitions() -> &'static [Definition] {
    static DEFINITIONS: OnceLock<Vec<Definition>> = OnceLock::new();
    DEFINITIONS.get_or_init(|| {
        let (module, _) = sup::syntax::parse(PRELUDE_SOURCE);
        let mut out = Vec::new();
        let mut define = |kind, name: String, span, full_span| {
            out.push(Definition {
                kind,
                name,
                span,
                full_span,
            })
        };
        for item in &module.items {
            match item {
                Item::Table(t) => {
                    define(SymbolKind::Table, t.name.node.clone(), t.name.span, t.span);
                    for c in &t.columns {
                        define(
                            SymbolKind::Column,
                            format!("{}.{}", t.name.node, c.name.node),
                            c.name.span,
                            c.span,
                        );
                    }
                }
                Item::Vocabulary(v) => {
                    if let Some(vocabulary) = vocabulary_of_heading(&v.heading.node, v.custom) {
                        for value in &v.values {
                            define(
                                SymbolKind::Value,
                                format!("{vocabulary}.{}", value.node),
                                value.span,
                                v.span,
                            );
                        }
                    }
                }
                Item::Activity(a) => define(
                    SymbolKind::Activity,
                    a.name.node.clone(),
                    a.name.span,
                    a.span,
                ),
                _ => {}
            }
        }
        out
    })
}

/// The prelude's definition of a symbol (or of one of its aliases).
pub fn definition(key: &crate::analysis::SymbolKey) -> Option<&'static Definition> {
    key.aliases().into_iter().find_map(|(kind, name)| {
        definitions()
            .iter()
            .find(|d| d.kind == kind && d.name == name)
    })
}

/// A file holding the prelude's text, written on first use, so that an
/// editor can open it for go-to-definition. `None` if it cannot be written.
pub fn uri() -> Option<Uri> {
    static URI: OnceLock<Option<Uri>> = OnceLock::new();
    URI.get_or_init(|| {
        let dir: PathBuf =
            std::env::temp_dir().join(format!("sup-lsp-{}", env!("CARGO_PKG_VERSION")));
        let path = dir.join("prelude.sup");
        let current = std::fs::read_to_string(&path).is_ok_and(|t| t == PRELUDE_SOURCE);
        if !current {
            std::fs::create_dir_all(&dir).ok()?;
            std::fs::write(&path, PRELUDE_SOURCE).ok()?;
        }
        Uri::from_file_path(&path)
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tables_columns_values_and_activities() {
        let find = |kind, name: &str| {
            definitions()
                .iter()
                .any(|d| d.kind == kind && d.name == name)
        };
        assert!(find(SymbolKind::Table, "staff"));
        assert!(find(SymbolKind::Column, "staff.role"));
        assert!(find(SymbolKind::Value, "session_kind.one_to_one"));
        assert!(find(SymbolKind::Activity, "agreement"));
    }
}
