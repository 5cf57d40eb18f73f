//! Formatting, from the same code as `sup fmt`.
//!
//! FORMAT: `sup fmt` is being written on another branch. When `sup::format`
//! reaches this branch, set [`AVAILABLE`] to true and make [`format`] call it,
//! returning one edit that replaces the whole text (or `None` when the text
//! does not parse, so a half-typed file is never rewritten). Until then the
//! server does not advertise formatting, and this is never called.

use tower_lsp_server::ls_types::TextEdit;

use crate::analysis::Analysis;

/// Whether the server offers `textDocument/formatting`.
pub const AVAILABLE: bool = false;

pub fn format(analysis: &Analysis) -> Option<Vec<TextEdit>> {
    let _ = analysis;
    None
}
