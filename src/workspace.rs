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

/// Read and check one policy file.
pub fn load(path: &Path, today: Option<chrono::NaiveDate>) -> Result<LoadedPolicy, ReadError> {
    let name = path.display().to_string();
    let source = std::fs::read_to_string(path).map_err(|source| ReadError {
        path: name.clone(),
        source,
    })?;
    Ok(check_source(path, &name, source, today))
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
    if let Some(d) = missing_framework(path, name, &checked) {
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
    let Ok(source) = std::fs::read_to_string(framework_path(path, target)) else {
        return (Vec::new(), None);
    };
    // Named the way the policy was named (relative, if it was), tidied.
    let framework_name = tidy(&framework_path(Path::new(name), target))
        .display()
        .to_string();
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
    if resolved.is_file() {
        return None;
    }
    let span = checked.module.items.iter().find_map(|i| match i {
        ast::Item::Header(h) => h
            .fields
            .iter()
            .find(|f| f.name.node == "conforms to")
            .map(|f| f.value.span),
        _ => None,
    })?;
    Some(
        Diagnostic::error(
            Code::MissingFramework,
            format!("cannot find the framework `{target}`"),
        )
        // Shown relative to the name the user gave, so messages do not
        // depend on the working directory.
        .with_label(
            span,
            format!(
                "looked for {}",
                framework_path(Path::new(name), target).display()
            ),
        )
        .with_help("`conforms to` names a `.sup` file relative to this one"),
    )
}
