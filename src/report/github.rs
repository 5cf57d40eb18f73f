//! GitHub Actions workflow annotations: one `::error`, `::warning` or `::notice` command per
//! line, which the runner shows on the line of the file it names. Every message and property
//! value goes through [`crate::report::escape::github_message`] / `github_property`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::report::escape::{github_message, github_property};

/// Where an annotation points: a file, and optionally a line and column span in it.
pub struct At<'a> {
    pub file: &'a str,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
}

/// One annotation line (with its line break). `lines` are the message's lines (the first is
/// the message; the rest, such as a help line, show under it).
pub fn annotation(command: &str, at: Option<&At>, title: &str, lines: &[String]) -> String {
    let mut properties = Vec::new();
    if let Some(at) = at {
        properties.push(format!("file={}", github_property(at.file)));
        for (name, value) in [
            ("line", at.line),
            ("col", at.column),
            ("endLine", at.end_line),
            ("endColumn", at.end_column),
        ] {
            if let Some(v) = value {
                properties.push(format!("{name}={v}"));
            }
        }
    }
    if !title.is_empty() {
        properties.push(format!("title={}", github_property(title)));
    }
    let message: Vec<String> = lines.iter().map(|l| github_message(l)).collect();
    let sep = if properties.is_empty() { "" } else { " " };
    format!(
        "::{command}{sep}{}::{}\n",
        properties.join(","),
        message.join("%0A")
    )
}

/// The command for a diagnostic's severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// The diagnostics of one policy file, one annotation each.
pub fn diagnostics(file: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let json = super::diagnostics::to_json_all(file, source, diagnostics, &[]);
    let mut out = String::new();
    for (d, j) in diagnostics.iter().zip(json) {
        let mut lines = vec![d.message.clone()];
        lines.extend(d.help.iter().map(|h| format!("help: {h}")));
        let at = At {
            file,
            line: Some(j.line),
            column: Some(j.column),
            end_line: Some(j.end_line),
            end_column: Some(j.end_column),
        };
        out.push_str(&annotation(
            command(d.severity),
            Some(&at),
            d.code.as_str(),
            &lines,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_annotation_names_file_line_column_and_title() {
        let at = At {
            file: "policies/a, b.sup",
            line: Some(3),
            column: Some(5),
            end_line: None,
            end_column: None,
        };
        assert_eq!(
            annotation(
                "error",
                Some(&at),
                "sup::unknown-table",
                &["no table `x`".into(), "help: 100% sure".into()]
            ),
            "::error file=policies/a%2C b.sup,line=3,col=5,title=sup%3A%3Aunknown-table::no table `x`%0Ahelp: 100%25 sure\n"
        );
        assert_eq!(
            annotation("notice", None, "", &["hi".into()]),
            "::notice::hi\n"
        );
    }
}
