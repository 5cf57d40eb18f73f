//! Policy files on disk: reading them and checking what they name in other
//! files (the framework a policy conforms to). The rest of the library does
//! no I/O; the CLI and the language server come through here.

use std::path::{Path, PathBuf};

use crate::check::{self, CheckOptions, Checked};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast;

/// A policy file read from disk and checked.
#[derive(Debug, Clone)]
pub struct LoadedPolicy {
    pub path: PathBuf,
    /// The name used in messages: the path as given.
    pub name: String,
    pub source: String,
    pub checked: Checked,
    /// Other files the diagnostics point into, as (name, text): the
    /// framework, when the policy was judged against one.
    pub related_sources: Vec<(String, String)>,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot read `{path}`: {source}")]
pub struct ReadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// The largest policy file read, in bytes (16 MiB). The largest shipped
/// policy is under 100 KB; a file past this is refused before it is read
/// (`sup check /dev/zero` would otherwise grow without end). The language
/// server uses the same limit for open documents.
pub const MAX_POLICY_BYTES: u64 = 16 * 1024 * 1024;

/// Read and check one policy file (`-`: standard input).
pub fn load(path: &Path, today: Option<chrono::NaiveDate>) -> Result<LoadedPolicy, ReadError> {
    let (name, source) = read_named(path)?;
    Ok(check_source(path, &name, source, today))
}

/// The path that stands for standard input, and the name it goes by in messages.
pub const STDIN_PATH: &str = "-";
pub const STDIN_NAME: &str = "<stdin>";

/// Why a policy given as `.sup` text or compiled JSON cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Compiled(#[from] crate::policy::hash::CompiledError),
}

/// Read one policy, `.sup` text (checked) or the JSON `sup compile` wrote (detected by its
/// `.json` name or its content, and refused unless its format version and hash are right).
/// A compiled policy has no syntax tree and no diagnostics: it was checked when compiled.
pub fn load_any(path: &Path, today: Option<chrono::NaiveDate>) -> Result<LoadedPolicy, LoadError> {
    let (name, source) = read_named(path)?;
    if !crate::policy::hash::looks_compiled(&name, &source) {
        return Ok(check_source(path, &name, source, today));
    }
    let policy = crate::policy::hash::read_published(&name, &source)?;
    Ok(LoadedPolicy {
        path: path.to_path_buf(),
        name,
        source,
        checked: Checked {
            module: ast::Module::default(),
            policy,
            diagnostics: Vec::new(),
            symbols: Default::default(),
        },
        related_sources: Vec::new(),
    })
}

/// A policy's name in messages and its text: `-` is standard input.
fn read_named(path: &Path) -> Result<(String, String), ReadError> {
    if path.as_os_str() == STDIN_PATH {
        let source = read_stdin().map_err(|source| ReadError {
            path: STDIN_NAME.to_string(),
            source,
        })?;
        return Ok((STDIN_NAME.to_string(), source));
    }
    let name = path.display().to_string();
    let source = read_policy(path).map_err(|source| ReadError {
        path: name.clone(),
        source,
    })?;
    Ok((name, source))
}

/// Standard input as a policy's text, up to [`MAX_POLICY_BYTES`] as for a file. It is read once
/// and kept: a command that reads the policy twice (`sup eval - --trend`, which names the
/// columns to keep before loading) gets the same text each time.
pub fn read_stdin() -> std::io::Result<String> {
    static READ: std::sync::OnceLock<Result<String, (std::io::ErrorKind, String)>> =
        std::sync::OnceLock::new();
    READ.get_or_init(|| read_stdin_once().map_err(|e| (e.kind(), e.to_string())))
        .clone()
        .map_err(|(kind, message)| std::io::Error::new(kind, message))
}

fn read_stdin_once() -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_POLICY_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_POLICY_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!(
                "it is larger than {} MiB, the most a policy may be",
                MAX_POLICY_BYTES / (1024 * 1024)
            ),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| Error::new(ErrorKind::InvalidData, "stream did not contain valid UTF-8"))
}

/// The text of a policy file: a regular file of at most
/// [`MAX_POLICY_BYTES`], in UTF-8. A directory, a device (`/dev/zero`), a
/// pipe or a socket is refused without being opened (opening a pipe would
/// wait for a writer), and the read stops one byte past the limit, so no
/// file, however it grows, is read further.
pub fn read_policy(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(Error::new(ErrorKind::InvalidInput, "it is a directory"));
    }
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "it is not a regular file (a device, pipe or socket)",
        ));
    }
    let too_large = || {
        Error::new(
            ErrorKind::InvalidData,
            format!(
                "it is larger than {} MiB, the most a policy file may be",
                MAX_POLICY_BYTES / (1024 * 1024)
            ),
        )
    };
    if meta.len() > MAX_POLICY_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_POLICY_BYTES + 1)
        .read_to_end(&mut bytes)?;
    // The file grew after its size was looked at.
    if bytes.len() as u64 > MAX_POLICY_BYTES {
        return Err(too_large());
    }
    // The words `read_to_string` uses, so the message is as before.
    String::from_utf8(bytes)
        .map_err(|_| Error::new(ErrorKind::InvalidData, "stream did not contain valid UTF-8"))
}

/// Check text that belongs to `path` (which may be unsaved, in an editor).
pub fn check_source(
    path: &Path,
    name: &str,
    source: String,
    today: Option<chrono::NaiveDate>,
) -> LoadedPolicy {
    let options = CheckOptions {
        file_name: name.to_string(),
        today,
    };
    let mut checked = check::check(&source, &options);
    let mut related_sources = Vec::new();
    if let Some(d) =
        conformance_cycle(path, name, &checked).or_else(|| missing_framework(path, name, &checked))
    {
        checked.diagnostics.push(d);
        crate::diagnostic::sort(&mut checked.diagnostics);
    } else {
        let (found, framework) = conformance(path, name, &checked);
        if !found.is_empty() {
            checked.diagnostics.extend(found);
            crate::diagnostic::sort(&mut checked.diagnostics);
            related_sources.extend(framework);
        }
    }
    LoadedPolicy {
        path: path.to_path_buf(),
        name: name.to_string(),
        source,
        checked,
        related_sources,
    }
}

/// Where the policy is weaker than the framework it names (see
/// [`crate::diff::conformance`]). The framework is checked on its own, not
/// against a framework of its own, so frameworks that name each other cannot
/// loop. A policy with errors is not judged: its broken rules are missing
/// from the compiled policy and would be reported again as weaker points.
/// Also returns the framework's name and text, for drawing its rules under
/// the diagnostics that point at them.
fn conformance(
    path: &Path,
    name: &str,
    checked: &Checked,
) -> (Vec<Diagnostic>, Option<(String, String)>) {
    let Some(target) = checked.policy.header.conforms_to.as_ref() else {
        return (Vec::new(), None);
    };
    if checked.has_errors() {
        return (Vec::new(), None);
    }
    // Named the way the policy was named (relative, if it was), tidied.
    let framework_name = tidy(&framework_path(Path::new(name), target))
        .display()
        .to_string();
    let source = match read_policy(&framework_path(path, target)) {
        Ok(source) => source,
        Err(e) => {
            // What `missing_framework` did not already report: a file that
            // cannot be opened or is not UTF-8.
            let span = conforms_to_span(checked).unwrap_or_default();
            let d = Diagnostic::error(
                Code::MissingFramework,
                format!("cannot read the framework `{target}`: {e}"),
            )
            .with_label(span, format!("read {framework_name}"))
            .with_help("`conforms to` names a readable `.sup` file relative to this one");
            return (vec![d], None);
        }
    };
    let options = CheckOptions {
        file_name: framework_name.clone(),
        today: None,
    };
    let framework = check::check(&source, &options);
    if framework.has_errors() {
        let span = conforms_to_span(checked).unwrap_or_default();
        let d = Diagnostic::error(
            Code::MissingFramework,
            format!("the framework `{target}` has errors"),
        )
        .with_label(span, "conformance cannot be checked against it")
        .with_help(format!("run `sup check {framework_name}` and fix it first"));
        return (vec![d], None);
    }
    let found = crate::diff::conformance::diagnostics(checked, &framework_name, &framework);
    (found, Some((framework_name, source)))
}

fn conforms_to_span(checked: &Checked) -> Option<crate::span::Span> {
    checked.module.items.iter().find_map(|i| match i {
        ast::Item::Header(h) => h
            .fields
            .iter()
            .find(|f| f.name.node == "conforms to")
            .map(|f| f.value.span),
        _ => None,
    })
}

/// A path with `.` and `a/..` taken out, without touching the disk, so that
/// messages name `policies/x.sup` rather than `tests/data/../../policies/x.sup`.
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// The framework file a policy names, resolved against the policy's folder.
pub fn framework_path(policy_path: &Path, conforms_to: &str) -> PathBuf {
    policy_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(conforms_to)
}

fn missing_framework(path: &Path, name: &str, checked: &Checked) -> Option<Diagnostic> {
    let target = checked.policy.header.conforms_to.as_ref()?;
    let resolved = framework_path(path, target);
    // Shown relative to the name the user gave, so messages do not depend
    // on the working directory.
    let shown = framework_path(Path::new(name), target)
        .display()
        .to_string();
    // The newer messages name the file tidied, as `sup::weaker-than-framework`
    // does; "looked for" keeps the path as it was always shown.
    let tidied = tidy(&framework_path(Path::new(name), target))
        .display()
        .to_string();
    let (message, label, help) = match std::fs::metadata(&resolved) {
        Ok(meta) if meta.is_file() && meta.len() > 0 && meta.len() <= MAX_POLICY_BYTES => {
            return None;
        }
        Ok(meta) if meta.is_dir() => (
            format!("the framework `{target}` is a directory"),
            format!("{tidied} is a directory"),
            "`conforms to` names a `.sup` file, not a folder".to_string(),
        ),
        Ok(meta) if !meta.is_file() => (
            format!("the framework `{target}` is not a regular file"),
            format!("{tidied} is a device, pipe or socket"),
            "`conforms to` names a `.sup` file relative to this one".to_string(),
        ),
        Ok(meta) if meta.len() == 0 => (
            format!("the framework `{target}` is an empty file"),
            format!("{tidied} is empty"),
            "a framework is a `.sup` file with a `framework` header and rules".to_string(),
        ),
        Ok(_) => (
            format!(
                "the framework `{target}` is larger than {} MiB",
                MAX_POLICY_BYTES / (1024 * 1024)
            ),
            format!("{tidied} is too large to read"),
            "`conforms to` names a `.sup` file relative to this one".to_string(),
        ),
        Err(_) => (
            format!("cannot find the framework `{target}`"),
            format!("looked for {shown}"),
            "`conforms to` names a `.sup` file relative to this one".to_string(),
        ),
    };
    let span = conforms_to_span(checked)?;
    Some(
        Diagnostic::error(Code::MissingFramework, message)
            .with_label(span, label)
            .with_help(help),
    )
}

/// The most `conforms to` links followed looking for a way back.
const MAX_CONFORMANCE_CHAIN: usize = 32;

/// `sup::conformance-cycle`: the policy conforms to itself, or its
/// `conforms to` leads, framework by framework, back to it. A policy judged
/// against itself always passes, so the check would prove nothing.
fn conformance_cycle(path: &Path, name: &str, checked: &Checked) -> Option<Diagnostic> {
    let target = checked.policy.header.conforms_to.as_ref()?;
    let start = identity(path);
    let mut chain = vec![name.to_string()];
    let mut next_path = framework_path(path, target);
    let mut next_name = tidy(&framework_path(Path::new(name), target));
    for _ in 0..MAX_CONFORMANCE_CHAIN {
        chain.push(next_name.display().to_string());
        if identity(&next_path) == start {
            let span = conforms_to_clause_span(checked)?;
            let (message, label) = if chain.len() == 2 {
                (
                    "the policy conforms to itself".to_string(),
                    "this names the policy's own file".to_string(),
                )
            } else {
                (
                    "`conforms to` leads back to this policy".to_string(),
                    chain.join(" → "),
                )
            };
            return Some(
                Diagnostic::error(Code::ConformanceCycle, message)
                    .with_label(span, label)
                    .with_help(
                        "name the framework this policy must meet, one that does not itself conform to this policy",
                    ),
            );
        }
        let text = read_policy(&next_path).ok()?;
        let options = CheckOptions::default();
        let framework = check::check(&text, &options);
        let further = framework.policy.header.conforms_to?;
        next_name = tidy(&framework_path(&next_name, &further));
        next_path = framework_path(&next_path, &further);
    }
    None
}

/// What two paths to the same file have in common: the canonical path
/// when the file exists, else the path tidied.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        let absolute = std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf());
        tidy(&absolute)
    })
}

/// The whole `conforms to: "..."` field.
fn conforms_to_clause_span(checked: &Checked) -> Option<crate::span::Span> {
    checked.module.items.iter().find_map(|i| match i {
        ast::Item::Header(h) => h
            .fields
            .iter()
            .find(|f| f.name.node == "conforms to")
            .map(|f| f.span),
        _ => None,
    })
}
