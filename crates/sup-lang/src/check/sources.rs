//! Checking a policy together with the files it names: the framework of its
//! `conforms to`, read through a [`Sources`] the caller gives (the file
//! system for `sup`, the open buffers for the language server), so the
//! checker itself never touches a file.
//!
//! The framework is checked on its own, not against a framework of its own,
//! so frameworks that name each other cannot loop; `sup::conformance-cycle`
//! reports a chain that leads back to the policy.

use std::path::{Path, PathBuf};

use super::{check, CheckOptions, Checked};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::ast;

/// Where a check reads the files a policy names. Implementations bound
/// what they read (the file system one by `workspace::MAX_POLICY_BYTES`).
pub trait Sources {
    /// The text of the policy at `path`, as it stands now: an editor's
    /// unsaved buffer, or the file.
    fn read(&self, path: &Path) -> Result<String, SourceError>;

    /// What two paths to the same file have in common, to find a
    /// `conforms to` that leads back to the policy. The path tidied, unless
    /// the implementation knows better (the file system resolves links).
    fn identity(&self, path: &Path) -> PathBuf {
        tidy(path)
    }
}

/// Why a named file could not be read. Each is worded in its own
/// `sup::missing-framework` message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("there is no such file")]
    NotFound,
    #[error("it is a directory")]
    Directory,
    #[error("it is not a regular file (a device, pipe or socket)")]
    NotRegularFile,
    /// Larger than `limit` bytes, the most a policy may be.
    #[error("it is larger than {} MiB", limit / (1024 * 1024))]
    TooLarge { limit: u64 },
    /// It is there, but reading it failed: the reason as the system gave it
    /// (a permission, or text that is not UTF-8).
    #[error("{0}")]
    Unreadable(String),
}

/// A policy checked with the files it names.
#[derive(Debug, Clone)]
pub struct CheckedSource {
    pub checked: Checked,
    /// Other files the diagnostics point into, as (name, text): the
    /// framework, when the policy was judged against one.
    pub related_sources: Vec<(String, String)>,
}

/// Check `source`, the text of the policy at `path` (which may be unsaved,
/// in an editor), named `options.file_name` in messages; when it `conforms
/// to` a framework, read the framework through `sources` and judge the
/// policy against it.
pub fn check_source(
    path: &Path,
    source: &str,
    options: &CheckOptions,
    sources: &dyn Sources,
) -> CheckedSource {
    with_framework(path, check(source, options), options, sources)
}

/// [`check_source`], reusing the statements `cache` holds from earlier
/// versions of the policy (an editor's buffer), with the same result.
pub fn check_source_reusing(
    path: &Path,
    source: &str,
    options: &CheckOptions,
    sources: &dyn Sources,
    cache: &crate::syntax::ParseCache,
) -> CheckedSource {
    let checked = super::check_reusing(source, options, cache);
    with_framework(path, checked, options, sources)
}

/// The policy's check, with what judging it against its framework found.
fn with_framework(
    path: &Path,
    mut checked: Checked,
    options: &CheckOptions,
    sources: &dyn Sources,
) -> CheckedSource {
    let (found, framework) = framework_diagnostics(path, &options.file_name, &checked, sources);
    if !found.is_empty() {
        checked.diagnostics.extend(found);
        crate::diagnostic::sort(&mut checked.diagnostics);
    }
    CheckedSource {
        checked,
        related_sources: framework.into_iter().collect(),
    }
}

/// The framework file a policy names, resolved against the policy's folder.
pub fn framework_path(policy_path: &Path, conforms_to: &str) -> PathBuf {
    policy_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(conforms_to)
}

/// A path with `.` and `a/..` taken out, without touching the disk, so that
/// messages name `policies/x.sup` rather than `tests/data/../../policies/x.sup`.
pub fn tidy(path: &Path) -> PathBuf {
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

/// The `conforms to: "..."` field of the policy's header: its value's span
/// and the whole field's.
pub(super) fn conforms_to_spans(checked: &Checked) -> Option<(Span, Span)> {
    checked.module.items.iter().find_map(|i| match i {
        ast::Item::Header(h) => h
            .fields
            .iter()
            .find(|f| f.name.node == "conforms to")
            .map(|f| (f.value.span, f.span)),
        _ => None,
    })
}

/// What the framework a policy names adds to its diagnostics: a cycle, a
/// framework that cannot be read or has errors, or the points where the
/// policy is weaker (see [`super::conformance`]). A policy with errors is
/// not judged: its broken rules are missing from the compiled policy and
/// would be reported again as weaker points. Also returns the framework's
/// name and text, for drawing its rules under the diagnostics that point at
/// them.
fn framework_diagnostics(
    path: &Path,
    name: &str,
    checked: &Checked,
    sources: &dyn Sources,
) -> (Vec<Diagnostic>, Option<(String, String)>) {
    let Some(target) = checked.policy.header.conforms_to.as_deref() else {
        return (Vec::new(), None);
    };
    let Some((value_span, field_span)) = conforms_to_spans(checked) else {
        return (Vec::new(), None);
    };
    // Named the way the policy was named (relative, if it was), tidied.
    let framework_name = tidy(&framework_path(Path::new(name), target))
        .display()
        .to_string();
    let text = sources.read(&framework_path(path, target));
    // Checked once, for the cycle and for the judgement alike.
    let framework = match &text {
        Ok(text) if !text.is_empty() => Some(check(
            text,
            &CheckOptions {
                file_name: framework_name.clone(),
                today: None,
            },
        )),
        _ => None,
    };
    let start = Walk {
        path,
        name,
        target,
        first: framework.as_ref(),
    };
    if let Some(d) = conformance_cycle(&start, sources, field_span) {
        return (vec![d], None);
    }
    let text = match text {
        // A file that is there but cannot be read is reported only for a
        // policy that would be judged.
        Err(SourceError::Unreadable(e)) if !checked.has_errors() => {
            let d = Diagnostic::error(
                Code::MissingFramework,
                format!("cannot read the framework `{target}`: {e}"),
            )
            .with_label(value_span, format!("read {framework_name}"))
            .with_help("`conforms to` names a readable `.sup` file relative to this one");
            return (vec![d], None);
        }
        Err(SourceError::Unreadable(_)) => return (Vec::new(), None),
        Err(e) => return (vec![missing(name, target, &e, value_span)], None),
        Ok(text) if text.is_empty() => {
            let d = Diagnostic::error(
                Code::MissingFramework,
                format!("the framework `{target}` is an empty file"),
            )
            .with_label(value_span, format!("{framework_name} is empty"))
            .with_help("a framework is a `.sup` file with a `framework` header and rules");
            return (vec![d], None);
        }
        Ok(text) => text,
    };
    let Some(framework) = framework.filter(|_| !checked.has_errors()) else {
        return (Vec::new(), None);
    };
    if framework.has_errors() {
        let d = Diagnostic::error(
            Code::MissingFramework,
            format!("the framework `{target}` has errors"),
        )
        .with_label(value_span, "conformance cannot be checked against it")
        .with_help(format!("run `sup check {framework_name}` and fix it first"));
        return (vec![d], None);
    }
    let found = super::conformance::diagnostics(checked, &framework_name, &framework.policy);
    if found.is_empty() {
        return (Vec::new(), None);
    }
    (found, Some((framework_name, text)))
}

/// `sup::missing-framework` for a framework file that is not there, or is
/// not a file a policy can be.
fn missing(name: &str, target: &str, error: &SourceError, span: Span) -> Diagnostic {
    // Shown relative to the name the user gave, so messages do not depend
    // on the working directory. The newer messages name the file tidied, as
    // `sup::weaker-than-framework` does; "looked for" keeps the path as it
    // was always shown.
    let shown = framework_path(Path::new(name), target);
    let tidied = tidy(&shown).display().to_string();
    let relative = "`conforms to` names a `.sup` file relative to this one";
    let (message, label, help) = match error {
        SourceError::Directory => (
            format!("the framework `{target}` is a directory"),
            format!("{tidied} is a directory"),
            "`conforms to` names a `.sup` file, not a folder",
        ),
        SourceError::NotRegularFile => (
            format!("the framework `{target}` is not a regular file"),
            format!("{tidied} is a device, pipe or socket"),
            relative,
        ),
        SourceError::TooLarge { limit } => (
            format!(
                "the framework `{target}` is larger than {} MiB",
                limit / (1024 * 1024)
            ),
            format!("{tidied} is too large to read"),
            relative,
        ),
        // An unreadable file has its own message (see `framework_diagnostics`).
        SourceError::NotFound | SourceError::Unreadable(_) => (
            format!("cannot find the framework `{target}`"),
            format!("looked for {}", shown.display()),
            relative,
        ),
    };
    Diagnostic::error(Code::MissingFramework, message)
        .with_label(span, label)
        .with_help(help)
}

/// The most `conforms to` links followed looking for a way back.
const MAX_CONFORMANCE_CHAIN: usize = 32;

/// Where a walk along `conforms to` links starts: the policy, the framework
/// it names, and that framework as already checked (if it could be read).
struct Walk<'a> {
    path: &'a Path,
    name: &'a str,
    target: &'a str,
    first: Option<&'a Checked>,
}

/// `sup::conformance-cycle`: the policy conforms to itself, or its
/// `conforms to` leads, framework by framework, back to it. A policy judged
/// against itself always passes, so the check would prove nothing.
fn conformance_cycle(walk: &Walk<'_>, sources: &dyn Sources, span: Span) -> Option<Diagnostic> {
    let start = sources.identity(walk.path);
    let mut chain = vec![walk.name.to_string()];
    let mut next_path = framework_path(walk.path, walk.target);
    let mut next_name = tidy(&framework_path(Path::new(walk.name), walk.target));
    for hop in 0..MAX_CONFORMANCE_CHAIN {
        chain.push(next_name.display().to_string());
        if sources.identity(&next_path) == start {
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
        let further = if hop == 0 {
            walk.first?.policy.header.conforms_to.clone()?
        } else {
            let text = sources.read(&next_path).ok()?;
            check(&text, &CheckOptions::default())
                .policy
                .header
                .conforms_to?
        };
        next_name = tidy(&framework_path(&next_name, &further));
        next_path = framework_path(&next_path, &further);
    }
    None
}

#[cfg(test)]
mod tests;
