//! Policy files on disk: reading them, and the file system as the
//! [`Sources`] a check reads the framework of a policy from. The rest of the
//! library does no I/O; the CLI and the language server come through here.

use std::path::{Path, PathBuf};

use crate::check::{self, CheckOptions, Checked, SourceError, Sources};

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
        checked: Checked::compiled(policy),
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

/// Check text that belongs to `path` (which may be unsaved, in an editor),
/// reading the framework it names from the file system.
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
    let checked = check::check_source(path, &source, &options, &FileSystem);
    LoadedPolicy {
        path: path.to_path_buf(),
        name: name.to_string(),
        source,
        checked: checked.checked,
        related_sources: checked.related_sources,
    }
}

/// The file system as [`Sources`]: regular files of at most
/// [`MAX_POLICY_BYTES`], read as [`read_policy`] reads them.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileSystem;

impl Sources for FileSystem {
    fn read(&self, path: &Path) -> Result<String, SourceError> {
        // Looked at before it is opened, so each kind of file that is no
        // policy is named in its own words (and a pipe is never opened).
        let meta = std::fs::metadata(path).map_err(|_| SourceError::NotFound)?;
        if meta.is_dir() {
            return Err(SourceError::Directory);
        }
        if !meta.is_file() {
            return Err(SourceError::NotRegularFile);
        }
        if meta.len() > MAX_POLICY_BYTES {
            return Err(SourceError::TooLarge {
                limit: MAX_POLICY_BYTES,
            });
        }
        read_policy(path).map_err(|e| SourceError::Unreadable(e.to_string()))
    }

    /// The canonical path when the file exists, else the path made
    /// absolute and tidied.
    fn identity(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| {
            let absolute = std::env::current_dir()
                .map(|d| d.join(path))
                .unwrap_or_else(|_| path.to_path_buf());
            check::tidy(&absolute)
        })
    }
}
