//! Code actions: the checker's own suggested fixes (did-you-mean, a missing
//! unit, swapped bounds) as quick fixes, attached to their diagnostics.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, WorkspaceEdit,
};

use crate::analysis::Analysis;
use crate::diagnostics;

/// Whether asking for actions of `kind` takes in quick fixes: kinds are
/// dotted and a kind includes those below it, so `""` (all) and `quickfix`
/// do, `quickfix.x` and `source` do not.
pub fn includes_quick_fixes(kind: &CodeActionKind) -> bool {
    let asked = kind.as_str();
    asked.is_empty() || asked == CodeActionKind::QUICKFIX.as_str()
}

pub fn code_actions(analysis: &Analysis, range: Range) -> Option<Vec<CodeActionOrCommand>> {
    let wanted = analysis.index.span(&analysis.text, range);
    let mut actions = Vec::new();
    for d in &analysis.checked.diagnostics {
        let at = d.primary_span();
        // Offer the fixes of every diagnostic that touches the range (the
        // cursor, for most editors).
        if at.end < wanted.start || at.start > wanted.end {
            continue;
        }
        let single = d.fixes.len() == 1;
        for fix in &d.fixes {
            let edit = TextEdit::new(analysis.range(fix.span), fix.replacement.clone());
            let changes = HashMap::from([(analysis.uri.clone(), vec![edit])]);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostics::convert(analysis, d, None)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..WorkspaceEdit::default()
                }),
                command: None,
                is_preferred: Some(single),
                disabled: None,
                data: None,
            }));
        }
    }
    Some(actions)
}
