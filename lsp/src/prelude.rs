//! The standard prelude as an editor sees it: where each of its tables,
//! columns, values and activities is defined, for hover and go-to-definition
//! on names a policy uses without declaring them.

use std::path::PathBuf;
use std::sync::OnceLock;

use sup::check::{Definition, PRELUDE_SOURCE, VOCABULARY_HEADINGS};
use tower_lsp_server::ls_types::Uri;

/// The heading that declares values of a vocabulary: `role` → `roles`.
pub fn heading_of_vocabulary(vocabulary: &str) -> String {
    VOCABULARY_HEADINGS
        .iter()
        .find(|(_, v)| *v == vocabulary)
        .map_or_else(
            || format!("values of {vocabulary}"),
            |(h, _)| (*h).to_string(),
        )
}

/// The prelude's definition of a symbol (or of one of its aliases), as the
/// checker declares the prelude.
pub fn definition(key: &crate::analysis::SymbolKey) -> Option<&'static Definition> {
    key.aliases().into_iter().find_map(|(kind, name)| {
        sup::check::prelude_definitions()
            .iter()
            .find(|d| d.kind == kind && d.name == name)
    })
}

/// A file holding the prelude's text, written on first use, so that an
/// editor can open it for go-to-definition. `None` if it cannot be written.
///
/// The file is the user's own: in their cache folder, or else in a folder of
/// the temporary directory named after them and refused unless it is a real
/// folder only they can write to. It is written under a fresh name (never
/// through a link someone left in its place), made read-only, since edits
/// to it would change nothing, and then moved to its name.
pub fn uri() -> Option<Uri> {
    static URI: OnceLock<Option<Uri>> = OnceLock::new();
    URI.get_or_init(|| {
        let path = path()?;
        let current = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file())
            && std::fs::read_to_string(&path).is_ok_and(|t| t == PRELUDE_SOURCE);
        if !current {
            write(&path).ok()?;
        }
        Uri::from_file_path(&path)
    })
    .clone()
}

/// Whether a document is the prelude file that [`uri`] writes: it is for
/// reading, and its diagnostics (a prelude has no header, and defines what
/// the checker also takes from the prelude) would only be noise.
pub fn is_prelude(uri: &Uri) -> bool {
    let Some(file) = uri.to_file_path() else {
        return false;
    };
    // Most documents are not named so: no need to find the folder for them.
    if file.file_name().is_none_or(|n| n != "prelude.sup") {
        return false;
    }
    let Some(prelude) = path() else {
        return false;
    };
    *file == prelude || crate::analysis::normalise(&file) == crate::analysis::normalise(&prelude)
}

/// Where the prelude file goes, creating its folder; `None` if no safe
/// folder can be had.
fn path() -> Option<PathBuf> {
    static PATH: OnceLock<Option<PathBuf>> = OnceLock::new();
    PATH.get_or_init(|| {
        let name = format!("sup-lsp-{}", env!("CARGO_PKG_VERSION"));
        let cache = cache_dir().map(|c| c.join(&name));
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "user".into());
        let user: String = user
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        let temp = std::env::temp_dir().join(format!("{name}-{user}"));
        let folder = cache
            .into_iter()
            .chain([temp])
            .find(|folder| private_folder(folder))?;
        Some(folder.join("prelude.sup"))
    })
    .clone()
}

/// The user's cache folder, where one is known.
fn cache_dir() -> Option<PathBuf> {
    let from = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if cfg!(windows) {
        return from("LOCALAPPDATA");
    }
    if cfg!(target_os = "macos") {
        return from("HOME").map(|h| h.join("Library/Caches"));
    }
    from("XDG_CACHE_HOME").or_else(|| from("HOME").map(|h| h.join(".cache")))
}

/// Create `folder` (only the user may enter it) if it is missing, and say
/// whether it is a real folder, not a link, that only the user can write to.
fn private_folder(folder: &std::path::Path) -> bool {
    if let Some(parent) = folder.parent() {
        // The cache folder itself may not exist yet on a fresh account.
        let _ = std::fs::create_dir_all(parent);
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    let _ = builder.create(folder);
    let Ok(meta) = std::fs::symlink_metadata(folder) else {
        return false;
    };
    if !meta.file_type().is_dir() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Someone else's folder (made first, under a guessable name in a
        // shared temporary directory), or one others may write to, is not
        // used: they could swap the file for another.
        let mine = own_uid().is_none_or(|uid| meta.uid() == uid);
        if !mine || meta.mode() & 0o022 != 0 {
            return false;
        }
    }
    true
}

/// The user id this process runs as, read from a file it has just made.
#[cfg(unix)]
fn own_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    static UID: OnceLock<Option<u32>> = OnceLock::new();
    *UID.get_or_init(|| {
        let probe = std::env::temp_dir().join(format!(
            "sup-lsp-uid-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .ok()?;
        let uid = file.metadata().ok().map(|m| m.uid());
        drop(file);
        let _ = std::fs::remove_file(&probe);
        uid
    })
}

/// Write the prelude to a fresh file beside `path`, read-only, then move it
/// over `path` (replacing a link there, never writing through it).
fn write(path: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    let fresh = path.with_file_name(format!(
        ".prelude-{}-{}.sup",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o444);
    let result = options.open(&fresh).and_then(|mut file| {
        file.write_all(PRELUDE_SOURCE.as_bytes())?;
        let mut permissions = file.metadata()?.permissions();
        permissions.set_readonly(true);
        file.set_permissions(permissions)?;
        drop(file);
        std::fs::rename(&fresh, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&fresh);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prelude_file_is_read_only_and_recognised() {
        let uri = uri().expect("no prelude file");
        assert!(is_prelude(&uri));
        let path = uri.to_file_path().unwrap().into_owned();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), PRELUDE_SOURCE);
        let meta = std::fs::symlink_metadata(&path).unwrap();
        assert!(meta.file_type().is_file());
        assert!(meta.permissions().readonly());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(meta.permissions().mode() & 0o777, 0o444);
        }
    }
}
