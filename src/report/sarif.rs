//! SARIF 2.1.0 (the OASIS Static Analysis Results Interchange Format), the log code-scanning
//! dashboards read: one run of the tool `sup`, its rules (diagnostic codes for `check`, the
//! policy's rules for `eval`) and one result per diagnostic or finding. Only the parts of the
//! format `sup` has something to say in are written; each required property is always present.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

/// The schema a SARIF 2.1.0 log names.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    results: &'a [SarifResult],
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    properties: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: &'a [RuleDescriptor],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: String,
    short_description: Message,
}

#[derive(Serialize)]
pub struct Message {
    pub text: String,
}

/// One result: a diagnostic or a finding.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    pub rule_id: String,
    pub rule_index: usize,
    /// `error`, `warning` or `note`.
    pub level: &'static str,
    pub message: Message,
    pub locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_locations: Vec<Location>,
    /// A waived finding: suppressed by the policy's own waiver, with its reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub properties: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

#[derive(Serialize)]
pub struct ArtifactLocation {
    pub uri: String,
}

/// Lines and columns count from 1, as SARIF's do.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: u32,
    pub start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
}

#[derive(Serialize)]
pub struct Suppression {
    /// `external`: suppressed outside the analysed file (a waiver in the export).
    pub kind: &'static str,
    pub justification: String,
}

/// A log under construction: rules are added as results name them.
#[derive(Default)]
pub struct Builder {
    rules: Vec<RuleDescriptor>,
    results: Vec<SarifResult>,
    properties: serde_json::Map<String, serde_json::Value>,
}

impl Builder {
    /// The index of the rule `id`, added with its description the first time.
    pub fn rule(&mut self, id: &str, description: &str) -> usize {
        if let Some(i) = self.rules.iter().position(|r| r.id == id) {
            return i;
        }
        self.rules.push(RuleDescriptor {
            id: id.to_string(),
            short_description: Message {
                text: description.to_string(),
            },
        });
        self.rules.len() - 1
    }

    pub fn push(&mut self, result: SarifResult) {
        self.results.push(result);
    }

    /// A property of the run (the policy's hash, the period judged).
    pub fn property(&mut self, name: &str, value: impl Into<serde_json::Value>) {
        self.properties.insert(name.to_string(), value.into());
    }

    /// The log as pretty JSON, ending in a line break.
    pub fn finish(self) -> String {
        let log = Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "sup",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        rules: &self.rules,
                    },
                },
                results: &self.results,
                properties: self.properties,
            }],
        };
        match serde_json::to_string_pretty(&log) {
            // serde leaves bidirectional overrides and C1 controls raw.
            Ok(text) => crate::report::escape::json(text) + "\n",
            Err(e) => format!("{{\"error\": \"cannot write SARIF: {e}\"}}\n"),
        }
    }
}

/// A file name as a relative URI reference: `/` kept, anything but unreserved characters
/// percent-encoded (a space, `#`, `<stdin>`'s brackets), `\` read as `/`.
pub fn uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for byte in file.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A location in a file at a line and column (1-based).
pub fn location(file: &str, region: Option<Region>, message: Option<String>) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(file) },
            region,
        },
        message: message.map(|text| Message { text }),
    }
}

/// A diagnostic's severity as a SARIF level.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Add the diagnostics of one policy file (`related`: other files' texts, for their lines).
pub fn add_diagnostics(
    log: &mut Builder,
    file: &str,
    source: &str,
    diagnostics: &[Diagnostic],
    related: &[(String, String)],
) {
    let json = super::diagnostics::to_json_all(file, source, diagnostics, related);
    for (d, j) in diagnostics.iter().zip(json) {
        let rule_index = log.rule(d.code.as_str(), d.code.summary());
        let mut properties = serde_json::Map::new();
        if let Some(help) = &d.help {
            properties.insert("help".into(), help.clone().into());
        }
        log.push(SarifResult {
            rule_id: d.code.as_str().to_string(),
            rule_index,
            level: level(d.severity),
            message: Message {
                text: d.message.clone(),
            },
            locations: vec![location(
                file,
                Some(Region {
                    start_line: j.line,
                    start_column: j.column,
                    end_line: Some(j.end_line),
                    end_column: Some(j.end_column),
                }),
                None,
            )],
            related_locations: j
                .related
                .iter()
                .map(|r| {
                    let region = r.line.zip(r.column).map(|(line, column)| Region {
                        start_line: line,
                        start_column: column,
                        end_line: None,
                        end_column: None,
                    });
                    location(r.file, region, Some(r.message.to_string()))
                })
                .collect(),
            suppressions: Vec::new(),
            properties,
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_become_relative_uri_references() {
        assert_eq!(super::uri("policies/bcp.sup"), "policies/bcp.sup");
        assert_eq!(super::uri("my policy#2.sup"), "my%20policy%232.sup");
        assert_eq!(super::uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(super::uri("a\\b.sup"), "a/b.sup");
        assert_eq!(super::uri("é"), "%C3%A9");
    }
}
