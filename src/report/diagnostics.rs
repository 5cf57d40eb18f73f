//! Diagnostics as a miette report for people, or as JSON for tools.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde::Serialize;

use super::shared_source::SharedSource;
use super::windowed::Windowed;
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::LineIndex;

/// One diagnostic bound to its source, in the shape miette renders.
#[derive(Debug)]
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    /// The text without a leading byte-order mark (see [`without_bom`]).
    source: NamedSource<Source>,
    /// Bytes taken off the front of the text, to take off every span.
    hidden: usize,
    /// The length of the text without the mark.
    len: usize,
    /// Its related locations in other files whose text we have, drawn
    /// under it so a reader sees both ends (the policy's rule and the
    /// framework's) without opening the other file.
    related: Vec<RelatedReport>,
}

/// A related location in another file, drawn as a note with its own source.
#[derive(Debug)]
struct RelatedReport {
    message: String,
    source: NamedSource<Source>,
    span: SourceSpan,
}

/// The text miette reads for one report: the whole file, or, when a line
/// near the labels is very long, the lines around them cut down (see
/// [`Windowed`]); label offsets are then mapped into the cut-down copy.
#[derive(Debug, Clone)]
enum Source {
    Whole(SharedSource),
    Windowed(Windowed),
}

impl Source {
    /// The source for labels at `points` (offsets in `shared`'s text).
    fn around(shared: &SharedSource, points: &[usize]) -> Source {
        match Windowed::new(shared.text(), points) {
            Some(w) => Source::Windowed(w),
            None => Source::Whole(shared.clone()),
        }
    }

    /// A span of the real text as drawn from this source.
    fn span(&self, start: usize, end: usize) -> SourceSpan {
        match self {
            Source::Whole(_) => SourceSpan::from(start..end),
            Source::Windowed(w) => {
                let start = w.to_data(start);
                SourceSpan::from(start..w.to_data(end).clamp(start, w.len()))
            }
        }
    }
}

impl miette::SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        match self {
            Source::Whole(s) => s.read_span(span, context_lines_before, context_lines_after),
            Source::Windowed(w) => w.read_span(span, context_lines_before, context_lines_after),
        }
    }
}

impl std::fmt::Display for RelatedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RelatedReport {}

impl miette::Diagnostic for RelatedReport {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("required here".to_string()), self.span),
        )))
    }
}

impl Report<'_> {
    /// A label's span in the text without its byte-order mark, clamped to it.
    fn real_span(&self, span: crate::span::Span) -> (usize, usize) {
        clamp_span(span, self.hidden, self.len)
    }
}

/// `span` moved back by `hidden` bytes and clamped to `len`.
fn clamp_span(span: crate::span::Span, hidden: usize, len: usize) -> (usize, usize) {
    let start = (span.start as usize).saturating_sub(hidden).min(len);
    let end = (span.end as usize).saturating_sub(hidden).clamp(start, len);
    (start, end)
}

impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.diagnostic.labels.iter().enumerate().map(
            move |(i, label)| {
                let (start, end) = self.real_span(label.span);
                let span = self.source.inner().span(start, end);
                if i == 0 {
                    LabeledSpan::new_primary_with_span(Some(label.message.clone()), span)
                } else {
                    LabeledSpan::new_with_span(Some(label.message.clone()), span)
                }
            },
        )))
    }
}

/// Render diagnostics for a terminal. `color` picks a coloured theme.
pub fn render_human(file: &str, source: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    render_human_with_related(file, source, diagnostics, &[], color)
}

/// miette's drawing of a report, coloured or not: the one place its theme
/// is chosen, for the policy's diagnostics and for every other error the
/// CLI draws the same way (an export's, a project file's, a compiled
/// policy's), once `--color` has decided.
pub fn graphical(color: bool) -> GraphicalReportHandler {
    GraphicalReportHandler::new_themed(if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    })
}

/// Like [`render_human`], also drawing each related location whose file is
/// among `other_sources` (pairs of file name, as in [`Related::file`], and
/// text): a policy's weaker rule and the framework rule it falls short of.
/// Related locations in files not given are left to the JSON and editors.
///
/// [`Related::file`]: crate::diagnostic::Related::file
pub fn render_human_with_related(
    file: &str,
    source: &str,
    diagnostics: &[Diagnostic],
    other_sources: &[(String, String)],
    color: bool,
) -> String {
    let handler = graphical(color).with_width(100);
    let mut out = String::new();
    // Each file's text once, shared by every report that shows it.
    let (text, hidden) = without_bom(source);
    let shared = SharedSource::new(text);
    let others: Vec<(&str, &str, usize, SharedSource)> = other_sources
        .iter()
        .map(|(name, text)| {
            let (text, hidden) = without_bom(text);
            (name.as_str(), text, hidden, SharedSource::new(text))
        })
        .collect();
    for diagnostic in diagnostics {
        let related = diagnostic
            .related
            .iter()
            .filter_map(|r| {
                let (name, text, hidden, shared) =
                    others.iter().find(|(name, ..)| *name == r.file)?;
                let text = *text;
                let (start, end) = clamp_span(r.span, *hidden, text.len());
                // The first line is enough to show which rule: a whole
                // access block would bury the error it explains.
                let end = text
                    .get(start..end)
                    .and_then(|t| t.find('\n'))
                    .map_or(end, |n| start + n);
                let source = Source::around(shared, &[start, end]);
                Some(RelatedReport {
                    message: r.message.clone(),
                    span: source.span(start, end),
                    source: NamedSource::new(name, source),
                })
            })
            .collect();
        let points: Vec<usize> = diagnostic
            .labels
            .iter()
            .flat_map(|l| {
                let (start, end) = clamp_span(l.span, hidden, text.len());
                [start, end]
            })
            .collect();
        let report = Report {
            diagnostic,
            source: NamedSource::new(file, Source::around(&shared, &points)),
            hidden,
            len: text.len(),
            related,
        };
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&format!("{}: {}\n", diagnostic.code, diagnostic.message));
        }
        out.push('\n');
    }
    out
}

/// Diagnostics for a screen reader (`--format plain`): no box drawing, no colour, no source
/// excerpt; one paragraph per diagnostic, its first line
/// `error[CODE]: FILE:LINE:COLUMN: MESSAGE`, then a `label:` line per label (where it points
/// and what it says), a `related:` line per location in another file and a `help:` line.
pub fn render_plain(
    file: &str,
    source: &str,
    diagnostics: &[Diagnostic],
    other_sources: &[(String, String)],
) -> String {
    use crate::report::escape::terminal as safe;
    let mut out = String::new();
    for j in to_json_all(file, source, diagnostics, other_sources) {
        let severity = match j.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        out.push_str(&format!(
            "{severity}[{}]: {}:{}:{}: {}\n",
            j.code,
            safe(file),
            j.line,
            j.column,
            safe(j.message)
        ));
        for label in &j.labels {
            out.push_str(&format!(
                "  label: {}:{}:{}: {}\n",
                safe(file),
                label.line,
                label.column,
                safe(label.message)
            ));
        }
        for r in &j.related {
            let place = match (r.line, r.column) {
                (Some(line), Some(column)) => format!("{}:{line}:{column}", safe(r.file)),
                _ => safe(r.file).into_owned(),
            };
            out.push_str(&format!("  related: {place}: {}\n", safe(r.message)));
        }
        if let Some(help) = j.help {
            out.push_str(&format!("  help: {}\n", safe(help)));
        }
        out.push('\n');
    }
    out
}

/// The text as an editor shows it, without a leading byte-order mark, and
/// how many bytes were taken off. miette counts columns itself, and would
/// count the mark as one on line 1; spans still count it, so they are moved
/// back by as much.
fn without_bom(text: &str) -> (&str, usize) {
    match text.strip_prefix(crate::syntax::BOM) {
        Some(rest) => (rest, text.len() - rest.len()),
        None => (text, 0),
    }
}

/// One diagnostic as JSON: the documented, stable shape of `--format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'static str,
    pub severity: Severity,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub file: &'a str,
    /// Byte offsets of the primary span.
    pub span: JsonSpan,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub labels: Vec<JsonLabel<'a>>,
    pub fixes: &'a [crate::diagnostic::Fix],
    /// Locations in other files that explain this one (the framework rule a
    /// policy falls short of), with byte spans into those files.
    pub related: Vec<JsonRelated<'a>>,
}

/// A related location: its file, byte span and message, and its line and
/// column when that file's text was at hand (`null` otherwise).
#[derive(Debug, Serialize)]
pub struct JsonRelated<'a> {
    pub file: &'a str,
    pub message: &'a str,
    pub span: JsonSpan,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct JsonSpan {
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Serialize)]
pub struct JsonLabel<'a> {
    pub message: &'a str,
    pub span: JsonSpan,
    pub line: u32,
    pub column: u32,
}

pub fn to_json<'a>(file: &'a str, source: &str, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    to_json_with_related(file, source, diagnostic, &[])
}

/// Every diagnostic of one file as JSON, like [`to_json_with_related`] for
/// each, with the file's lines indexed once rather than counted from the
/// top for every diagnostic.
pub fn to_json_all<'a>(
    file: &'a str,
    source: &str,
    diagnostics: &'a [Diagnostic],
    other_sources: &[(String, String)],
) -> Vec<JsonDiagnostic<'a>> {
    let lines = Lines::new(source);
    let others: Vec<(&str, Lines)> = other_sources
        .iter()
        .map(|(name, text)| (name.as_str(), Lines::new(text)))
        .collect();
    diagnostics
        .iter()
        .map(|d| json_of(file, &lines, d, &others))
        .collect()
}

/// A text and the index of its line starts.
struct Lines<'s> {
    text: &'s str,
    index: LineIndex,
}

impl<'s> Lines<'s> {
    fn new(text: &'s str) -> Self {
        Lines {
            text,
            index: LineIndex::new(text),
        }
    }

    fn at(&self, offset: usize) -> crate::span::LineColumn {
        self.index.line_column(self.text, offset)
    }
}

/// Like [`to_json`], giving the line and column of each related location
/// whose file is among `other_sources` (file name, text).
pub fn to_json_with_related<'a>(
    file: &'a str,
    source: &str,
    diagnostic: &'a Diagnostic,
    other_sources: &[(String, String)],
) -> JsonDiagnostic<'a> {
    let others: Vec<(&str, Lines)> = other_sources
        .iter()
        .map(|(name, text)| (name.as_str(), Lines::new(text)))
        .collect();
    json_of(file, &Lines::new(source), diagnostic, &others)
}

fn json_of<'a>(
    file: &'a str,
    source: &Lines,
    diagnostic: &'a Diagnostic,
    others: &[(&str, Lines)],
) -> JsonDiagnostic<'a> {
    let span = diagnostic.primary_span();
    let start = source.at(span.start as usize);
    let end = source.at(span.end as usize);
    JsonDiagnostic {
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity,
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
        file,
        span: JsonSpan {
            start: span.start,
            end: span.end,
        },
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        labels: diagnostic
            .labels
            .iter()
            .map(|l| {
                let at = source.at(l.span.start as usize);
                JsonLabel {
                    message: &l.message,
                    span: JsonSpan {
                        start: l.span.start,
                        end: l.span.end,
                    },
                    line: at.line,
                    column: at.column,
                }
            })
            .collect(),
        fixes: &diagnostic.fixes,
        related: diagnostic
            .related
            .iter()
            .map(|r| {
                let at = others
                    .iter()
                    .find(|(name, _)| *name == r.file)
                    .map(|(_, text)| text.at((r.span.start as usize).min(text.text.len())));
                JsonRelated {
                    file: &r.file,
                    message: &r.message,
                    span: JsonSpan {
                        start: r.span.start,
                        end: r.span.end,
                    },
                    line: at.map(|a| a.line),
                    column: at.map(|a| a.column),
                }
            })
            .collect(),
    }
}
