//! The checker's diagnostics as LSP diagnostics: same codes, same messages,
//! same help and related locations as `sup check` prints.

use sup::diagnostic::{Code, Diagnostic, Severity};
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Uri,
};

use crate::analysis::Analysis;
use crate::convert::LineIndex;
use crate::world::World;

/// What every diagnostic says it comes from.
pub const SOURCE: &str = "sup";

/// The code of the one diagnostic of a file too large to check. The
/// server's own, since the library has no code for it (yet).
pub const TOO_LARGE: &str = "sup-lsp::file-too-large";

/// Every diagnostic of an analysis, converted.
pub fn to_lsp(analysis: &Analysis, world: &World) -> Vec<lsp::Diagnostic> {
    if analysis.too_large {
        return vec![too_large(analysis)];
    }
    analysis
        .checked
        .diagnostics
        .iter()
        .map(|d| convert(analysis, d, Some(world)))
        .collect()
}

/// What a file over [`crate::MAX_POLICY_BYTES`] gets instead of a check:
/// one error at its start.
fn too_large(analysis: &Analysis) -> lsp::Diagnostic {
    let start = lsp::Position::new(0, 0);
    lsp::Diagnostic {
        range: lsp::Range::new(start, start),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(TOO_LARGE.into())),
        source: Some(SOURCE.into()),
        message: format!(
            "this file is too large to check: {} bytes, over the {} MiB the sup language server checks\nhelp: a policy is far smaller than this; check that this is the file you meant to open",
            analysis.text.len(),
            crate::MAX_POLICY_BYTES >> 20
        ),
        ..lsp::Diagnostic::default()
    }
}

/// One diagnostic; related locations in other files need the `world`.
pub fn convert(analysis: &Analysis, d: &Diagnostic, world: Option<&World>) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    };
    // The help line is where a plain fix is spelt out ("did you mean ...?"),
    // so it goes into the message an author reads, as `sup check` prints it.
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let mut related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .skip(1)
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(analysis.uri.clone(), analysis.range(label.span)),
            message: label.message.clone(),
        })
        .collect();
    for other in d.related.iter().filter(|_| world.is_some()) {
        let Some(world) = world else { break };
        if let Some((uri, location)) = related_location(analysis, &other.file, other.span, world) {
            related.push(DiagnosticRelatedInformation {
                location: Location::new(uri, location),
                message: other.message.clone(),
            });
        }
    }
    let tags = (d.code == Code::UnusedDefinition).then(|| vec![DiagnosticTag::UNNECESSARY]);
    lsp::Diagnostic {
        range: analysis.range(d.primary_span()),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    }
}

/// A span in another file, named as the checker names it: relative to the
/// file being checked, or absolute.
fn related_location(
    analysis: &Analysis,
    file: &str,
    span: sup::span::Span,
    world: &World,
) -> Option<(Uri, lsp::Range)> {
    let path = analysis.resolve(file);
    if path == analysis.path {
        return Some((analysis.uri.clone(), analysis.range(span)));
    }
    if let Some(other) = world.analysis_of_path(&path) {
        return Some((other.uri.clone(), other.range(span)));
    }
    let text = crate::world::read_policy_file(&path)?;
    let index = LineIndex::new(&text, analysis.index.encoding());
    Some((Uri::from_file_path(&path)?, index.range(&text, span)))
}
