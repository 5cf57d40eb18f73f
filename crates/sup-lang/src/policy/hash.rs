//! The compiled policy's content hash, and the published JSON that carries it.
//!
//! The hash is SHA-256 over the *canonical* JSON of a [`CompiledPolicy`]: its serde form written
//! compactly (`serde_json::to_vec`, fields in declaration order, maps sorted by key), without the
//! `hash` field itself. `sup compile` writes it as `"hash": "sha256:<hex>"`; reports name it, and
//! a compiled policy read back is refused when its hash no longer matches its content. This is the
//! one place the hash is computed.

use sha2::{Digest, Sha256};

use super::{CompiledPolicy, FORMAT_VERSION};

/// The prefix that says which algorithm made a hash.
pub const HASH_PREFIX: &str = "sha256:";

/// `sha256:<64 lowercase hex digits>` of the policy's canonical JSON.
pub fn content_hash(policy: &CompiledPolicy) -> String {
    // Serializing plain data (strings, numbers, sorted maps) cannot fail; were it ever to, the
    // hash of nothing is still a hash, and the mismatch on reading would say so.
    let canonical = serde_json::to_vec(policy).unwrap_or_default();
    let digest = Sha256::digest(&canonical);
    let mut out = String::with_capacity(HASH_PREFIX.len() + 64);
    out.push_str(HASH_PREFIX);
    for byte in digest.iter() {
        use std::fmt::Write as _;
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// The compiled policy as `sup compile` writes it: the policy's pretty JSON with
/// `"hash": "sha256:..."` added after `format_version`, its first field. Adding a line to serde's
/// own output keeps every other byte as it was (a `serde_json::Value` would sort the fields).
pub fn to_published_json(policy: &CompiledPolicy) -> Result<String, serde_json::Error> {
    let body = serde_json::to_string_pretty(policy)?;
    let head = format!("{{\n  \"format_version\": {},\n", policy.format_version);
    let Some(rest) = body.strip_prefix(&head) else {
        return Err(<serde_json::Error as serde::ser::Error>::custom(
            "`format_version` is not the compiled policy's first field",
        ));
    };
    Ok(format!(
        "{head}  \"hash\": \"{}\",\n{rest}",
        content_hash(policy)
    ))
}

/// Why a file given as a compiled policy cannot be used. Each names the file and, where it
/// applies, the line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompiledError {
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    NotJson {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: not a compiled policy: found {found}, expected a JSON object with `format_version` and `hash`")]
    NotAPolicy { file: String, found: String },
    #[error("{file}:{line}:{column}: compiled with format version {found}, but this `sup` reads format version {expected}")]
    FormatVersion {
        file: String,
        line: usize,
        column: usize,
        found: String,
        expected: u32,
    },
    #[error("{file}: the compiled policy has no `hash`, so its content cannot be trusted")]
    NoHash { file: String },
    #[error("{file}:{line}:{column}: the hash does not match the content: found `{found}`, the content hashes to `{expected}`")]
    HashMismatch {
        file: String,
        line: usize,
        column: usize,
        found: String,
        expected: String,
    },
    #[error("{file}:{line}:{column}: not a valid compiled policy: {message}")]
    Invalid {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
}

impl CompiledError {
    /// The stable code (documented in `docs/compiled-policy.md`).
    pub fn code(&self) -> &'static str {
        match self {
            CompiledError::NotJson { .. } => "sup::compiled::not-json",
            CompiledError::NotAPolicy { .. } => "sup::compiled::not-a-policy",
            CompiledError::FormatVersion { .. } => "sup::compiled::format-version",
            CompiledError::NoHash { .. } => "sup::compiled::no-hash",
            CompiledError::HashMismatch { .. } => "sup::compiled::hash-mismatch",
            CompiledError::Invalid { .. } => "sup::compiled::invalid",
        }
    }

    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            CompiledError::NotJson { .. } | CompiledError::NotAPolicy { .. } => {
                "give a `.sup` policy, or the JSON that `sup compile POLICY.sup -o FILE.json` writes"
            }
            CompiledError::FormatVersion { .. } => {
                "recompile the policy with this version of `sup compile`"
            }
            CompiledError::NoHash { .. }
            | CompiledError::HashMismatch { .. }
            | CompiledError::Invalid { .. } => {
                "the file was changed after it was compiled: recompile the `.sup` policy with `sup compile`"
            }
        }
    }
}

/// Whether a policy file is compiled JSON rather than `.sup` text: named `.json`, or its first
/// character that is not white space is `{` (no `.sup` statement starts with one).
pub fn looks_compiled(name: &str, text: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".json")
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
}

/// Read a compiled policy written by `sup compile`: refused unless it is a JSON object of this
/// [`FORMAT_VERSION`] whose `hash` matches its content.
pub fn read_published(file: &str, text: &str) -> Result<CompiledPolicy, CompiledError> {
    let at = |offset: usize| {
        let lc = crate::span::line_column(text, offset);
        (lc.line as usize, lc.column as usize)
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| CompiledError::NotJson {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
    let serde_json::Value::Object(fields) = &value else {
        return Err(CompiledError::NotAPolicy {
            file: file.to_string(),
            found: describe_value(&value),
        });
    };
    let Some(version) = fields.get("format_version") else {
        return Err(CompiledError::NotAPolicy {
            file: file.to_string(),
            found: "a JSON object without `format_version`".to_string(),
        });
    };
    if version.as_u64() != Some(u64::from(FORMAT_VERSION)) {
        let (line, column) = at(key_offset(text, "format_version"));
        return Err(CompiledError::FormatVersion {
            file: file.to_string(),
            line,
            column,
            found: version.to_string(),
            expected: FORMAT_VERSION,
        });
    }
    let Some(found) = fields.get("hash") else {
        return Err(CompiledError::NoHash {
            file: file.to_string(),
        });
    };
    // The hash is not part of the policy's type: serde passes over the field.
    let policy: CompiledPolicy =
        serde_json::from_str(text).map_err(|e| CompiledError::Invalid {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
    let expected = content_hash(&policy);
    if found.as_str() != Some(expected.as_str()) {
        let (line, column) = at(key_offset(text, "hash"));
        return Err(CompiledError::HashMismatch {
            file: file.to_string(),
            line,
            column,
            found: found
                .as_str()
                .map_or_else(|| found.to_string(), str::to_string),
            expected,
        });
    }
    Ok(policy)
}

/// Where the top-level `"KEY":` is written, or 0: the place an error about it points at.
fn key_offset(text: &str, key: &str) -> usize {
    text.find(&format!("\"{key}\"")).unwrap_or(0)
}

/// serde_json ends its messages with " at line L column C", which the error already says.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// What a JSON value is, for "found ...".
fn describe_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "`null`".to_string(),
        serde_json::Value::Bool(_) => "a JSON boolean".to_string(),
        serde_json::Value::Number(_) => "a JSON number".to_string(),
        serde_json::Value::String(_) => "a JSON string".to_string(),
        serde_json::Value::Array(_) => "a JSON array".to_string(),
        serde_json::Value::Object(_) => "a JSON object".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled() -> CompiledPolicy {
        let checked = crate::check::check(
            "policy \"P\" {\n  owner: \"O\"\n}\n",
            &crate::check::CheckOptions::default(),
        );
        checked.policy
    }

    #[test]
    fn the_hash_is_sha256_hex_of_the_compact_json() {
        let policy = compiled();
        let hash = content_hash(&policy);
        assert!(hash.starts_with("sha256:"));
        assert_eq!(hash.len(), 7 + 64);
        assert!(hash[7..]
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
        // Known answer: the hash of the empty input.
        let empty = Sha256::digest(b"");
        assert_eq!(
            empty.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn published_json_reads_back_and_writes_the_same_bytes() {
        let policy = compiled();
        let json = to_published_json(&policy).unwrap();
        assert!(json.starts_with("{\n  \"format_version\": "));
        assert!(json.contains(&format!("\n  \"hash\": \"{}\",\n", content_hash(&policy))));
        let back = read_published("p.json", &json).unwrap();
        assert_eq!(back, policy);
        assert_eq!(to_published_json(&back).unwrap(), json);
        // Without the hash line, the JSON is what the policy's serde form was.
        let without: String = json
            .lines()
            .filter(|l| !l.starts_with("  \"hash\": "))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(without, serde_json::to_string_pretty(&policy).unwrap());
    }

    #[test]
    fn a_changed_content_or_version_or_missing_hash_is_refused() {
        let json = to_published_json(&compiled()).unwrap();
        let edited = json.replacen("\"title\": \"P\"", "\"title\": \"Q\"", 1);
        let e = read_published("p.json", &edited).unwrap_err();
        assert_eq!(e.code(), "sup::compiled::hash-mismatch");
        assert!(
            matches!(
                e,
                CompiledError::HashMismatch {
                    line: 3,
                    column: 3,
                    ..
                }
            ),
            "{e:?}"
        );

        let old = json.replacen(
            &format!("\"format_version\": {FORMAT_VERSION}"),
            "\"format_version\": 2",
            1,
        );
        let e = read_published("p.json", &old).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("p.json:2:3: compiled with format version 2, but this `sup` reads format version {FORMAT_VERSION}")
        );

        let unhashed: String = json
            .lines()
            .filter(|l| !l.starts_with("  \"hash\": "))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            read_published("p.json", &unhashed).unwrap_err().code(),
            "sup::compiled::no-hash"
        );
    }

    #[test]
    fn json_that_is_not_a_compiled_policy_is_refused_with_a_reason() {
        for (text, code) in [
            ("", "sup::compiled::not-json"),
            ("{", "sup::compiled::not-json"),
            ("[1, 2]", "sup::compiled::not-a-policy"),
            ("{\"a\": 1}", "sup::compiled::not-a-policy"),
            (
                "{\"format_version\": \"3\"}",
                "sup::compiled::format-version",
            ),
            (
                &format!("{{\"format_version\": {FORMAT_VERSION}, \"hash\": \"x\"}}"),
                "sup::compiled::invalid",
            ),
        ] {
            assert_eq!(
                read_published("f.json", text).unwrap_err().code(),
                code,
                "{text}"
            );
        }
    }

    #[test]
    fn compiled_json_is_told_from_sup_text() {
        assert!(looks_compiled("a.JSON", "policy"));
        assert!(looks_compiled("-", " \n{\"format_version\": 3}"));
        assert!(!looks_compiled("a.sup", "# comment\npolicy \"x\" {}"));
    }
}
