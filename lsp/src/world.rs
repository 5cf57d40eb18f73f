//! Everything the server knows: open documents, settings, and files read
//! from disk for cross-file features (the framework a policy conforms to,
//! and the policies that conform to a framework). The world is also what a
//! check reads the framework from ([`Sources`]): the open buffer when there
//! is one, so a framework is judged as it stands in the editor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::SystemTime;

use sup::check::{SourceError, Sources};
use tower_lsp_server::ls_types::Uri;

use crate::analysis::{normalise, Analysis};
use crate::config::Config;
use crate::state::{Document, Documents};

/// How many `.sup` files a search for conforming policies reads at most, so
/// that opening a framework inside a huge folder stays quick.
pub const MAX_SCANNED_FILES: usize = 500;
/// How many directory entries that search looks at in all, `.sup` or not:
/// a workspace of a million other files costs no more than this.
pub const MAX_SCANNED_ENTRIES: usize = 20_000;
/// How deep below a workspace folder that search goes.
pub const MAX_SCAN_DEPTH: usize = 6;

/// A file read from disk, with the modification time and length it was read at.
type DiskEntry = (Option<SystemTime>, u64, Arc<Analysis>);

#[derive(Debug, Default)]
pub struct World {
    pub docs: Documents,
    config: RwLock<Config>,
    /// Files read from disk, keyed by path.
    disk: Mutex<HashMap<PathBuf, DiskEntry>>,
    /// The check running for each open document, with the generation it
    /// checks: a request that needs that generation waits for it instead of
    /// checking the same text a second time.
    in_flight: Mutex<HashMap<Uri, InFlight>>,
    /// Statements parsed for earlier checks: a keystroke re-parses only the
    /// statement it changed (`sup::syntax::ParseCache`).
    pub parsed: sup::syntax::ParseCache,
}

/// A check of one generation of a document, done once for all who need it.
type InFlight = (u64, Arc<OnceLock<Arc<Analysis>>>);

impl World {
    pub fn config(&self) -> Config {
        self.config
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn set_config(&self, config: Config) {
        *self
            .config
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = config;
    }

    /// The analysis of the current text of an open document, checking it now
    /// if the debounced check has not caught up yet. Blocks while it checks:
    /// call it from a blocking thread, never from a task that serves others.
    /// Checks of one generation are shared: a second caller waits for the
    /// check that is running rather than starting another.
    pub fn analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let doc = self.docs.get(uri)?;
        Some(self.analysis_of_doc(uri, doc))
    }

    /// The analysis of one state of an open document: the one a request
    /// was made against, taken when it arrived, since later changes may be
    /// applied before a blocking thread gets to it.
    pub fn analysis_of_doc(&self, uri: &Uri, doc: Document) -> Arc<Analysis> {
        if let Some(analysis) = doc.current_analysis() {
            return analysis;
        }
        let cell = {
            let mut in_flight = self
                .in_flight
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let entry = in_flight
                .entry(uri.clone())
                .or_insert_with(|| (doc.generation, Arc::default()));
            if entry.0 != doc.generation {
                // A check of an older text: whoever runs it keeps its cell.
                *entry = (doc.generation, Arc::default());
            }
            entry.1.clone()
        };
        let analysis = cell
            .get_or_init(|| {
                Arc::new(Analysis::new(
                    uri.clone(),
                    doc.path.clone(),
                    Some(doc.version),
                    doc.generation,
                    doc.text.clone(),
                    doc.index.clone(),
                    self,
                ))
            })
            .clone();
        self.store(uri, &analysis);
        // Kept, or outdated: either way no later caller needs the cell.
        let mut in_flight = self
            .in_flight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if in_flight
            .get(uri)
            .is_some_and(|(generation, _)| *generation == doc.generation)
        {
            in_flight.remove(uri);
        }
        analysis
    }

    /// Keep an analysis if it is of the document's current generation: one
    /// that finished after the text or a file it names changed is dropped.
    pub fn store(&self, uri: &Uri, analysis: &Arc<Analysis>) {
        if let Some(doc) = self.docs.lock().get_mut(uri) {
            if analysis.generation == doc.generation {
                doc.analysis = Some(analysis.clone());
            }
        }
    }

    /// The analysis of a file by path: the open document if there is one,
    /// else the file on disk (cached until it changes).
    pub fn analysis_of_path(&self, path: &Path) -> Option<Arc<Analysis>> {
        if let Some((uri, _)) = self.docs.by_path(path) {
            return self.analysis(&uri);
        }
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let stamp = (meta.modified().ok(), meta.len());
        let mut disk = self
            .disk
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((modified, len, analysis)) = disk.get(path) {
            if (*modified, *len) == stamp {
                return Some(analysis.clone());
            }
        }
        let analysis = Arc::new(Analysis::from_disk(path, self)?);
        disk.insert(path.to_path_buf(), (stamp.0, stamp.1, analysis.clone()));
        Some(analysis)
    }

    /// Forget what was read from disk (a watched file changed).
    pub fn forget_disk(&self, path: &Path) {
        self.disk
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(path);
    }

    /// The framework a file conforms to, if it names one that exists.
    pub fn framework_of(&self, analysis: &Analysis) -> Option<Arc<Analysis>> {
        let path = analysis.framework_path()?;
        if normalise(&analysis.path) == path {
            return None;
        }
        self.analysis_of_path(&path)
    }

    /// The policies that conform to the framework at `path`: open documents,
    /// and `.sup` files in the workspace folders (bounded: see
    /// [`MAX_SCANNED_FILES`], [`MAX_SCANNED_ENTRIES`], [`MAX_SCAN_DEPTH`]).
    /// Without a workspace folder only open documents are looked at: the
    /// folder of a file may be a home or root directory (a document whose
    /// URI is not `file:` is placed at `/`), far too big to search.
    pub fn conforming_to(&self, path: &Path) -> Vec<Arc<Analysis>> {
        let framework = normalise(path);
        let mut candidates: Vec<PathBuf> = self
            .docs
            .uris()
            .into_iter()
            .filter_map(|u| self.docs.get(&u).map(|d| d.path))
            .collect();
        let mut budget = Budget {
            files: MAX_SCANNED_FILES,
            entries: MAX_SCANNED_ENTRIES,
        };
        for folder in self.config().roots {
            scan(&folder, 0, &mut budget, &mut candidates);
        }
        let mut seen = std::collections::HashSet::new();
        candidates
            .into_iter()
            .filter(|p| seen.insert(normalise(p)))
            .filter(|p| normalise(p) != framework)
            .filter_map(|p| self.analysis_of_path(&p))
            .filter(|a| a.framework_path().as_deref() == Some(framework.as_path()))
            .collect()
    }

    /// The file itself and every file linked to it by `conforms to`, either
    /// way: where a symbol's definitions and uses may be.
    pub fn linked(&self, analysis: &Arc<Analysis>) -> Vec<Arc<Analysis>> {
        let mut all = vec![analysis.clone()];
        let framework = self.framework_of(analysis);
        let root = framework.clone().unwrap_or_else(|| analysis.clone());
        if let Some(f) = framework {
            all.push(f);
        }
        for policy in self.conforming_to(&root.path) {
            all.push(policy);
        }
        let mut seen = std::collections::HashSet::new();
        all.retain(|a| seen.insert(normalise(&a.path)));
        all
    }
}

impl World {
    /// The open document at `path`, however the path is spelt (a
    /// framework named `../shared/framework.sup`).
    fn open_at(&self, path: &Path) -> Option<Document> {
        if let Some((_, doc)) = self.docs.by_path(path) {
            return Some(doc);
        }
        let key = file_key(path);
        self.docs
            .uris()
            .into_iter()
            .filter_map(|uri| self.docs.get(&uri))
            .find(|doc| file_key(&doc.path) == key)
    }
}

/// A check reads the files a policy names through the world: an open
/// document as it stands in the editor, saved or not, else the file on disk,
/// read and bounded as `sup check` reads it.
impl Sources for World {
    fn read(&self, path: &Path) -> Result<String, SourceError> {
        let Some(doc) = self.open_at(path) else {
            return sup_eval::workspace::FileSystem.read(path);
        };
        if doc.text.len() > crate::MAX_POLICY_BYTES {
            return Err(SourceError::TooLarge {
                limit: crate::MAX_POLICY_BYTES as u64,
            });
        }
        Ok(doc.text.to_string())
    }

    fn identity(&self, path: &Path) -> PathBuf {
        sup_eval::workspace::FileSystem.identity(path)
    }
}

/// A path to compare files by, also for a file that no longer exists (or
/// does not yet): its folder resolved, then its name.
pub fn file_key(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(folder), Some(name)) if !folder.as_os_str().is_empty() => {
            normalise(folder).join(name)
        }
        _ => normalise(path),
    }
}

/// What a search for `.sup` files may still look at.
struct Budget {
    files: usize,
    entries: usize,
}

impl Budget {
    fn spent(&self) -> bool {
        self.files == 0 || self.entries == 0
    }
}

/// Collect `.sup` files below `folder`, skipping hidden folders, build
/// output and symbolic links to folders (which may loop). Only regular
/// files are collected: a FIFO or device named `*.sup` would block the
/// reader forever.
fn scan(folder: &Path, depth: usize, budget: &mut Budget, out: &mut Vec<PathBuf>) {
    if depth > MAX_SCAN_DEPTH || budget.spent() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut entries: Vec<_> = entries
        .flatten()
        .take(budget.entries)
        .map(|e| (e.path(), e.file_type().ok()))
        .collect();
    budget.entries -= entries.len();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        if budget.files == 0 {
            return;
        }
        let Some(kind) = kind else { continue };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                scan(&path, depth + 1, budget, out);
            }
        } else if path.extension().is_some_and(|e| e == "sup")
            // A link is followed to see what it names; a link to a
            // regular file counts, one to anything else does not.
            && (kind.is_file() || (kind.is_symlink() && path.is_file()))
        {
            budget.files -= 1;
            out.push(path);
        }
    }
}

/// The text of a policy file on disk, or `None` if it is not a regular
/// file (a FIFO or a device would block the read forever), is larger than
/// [`crate::MAX_POLICY_BYTES`], or is not UTF-8. The type is checked before
/// the file is opened: opening a FIFO already blocks.
pub fn read_policy_file(path: &Path) -> Option<String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > crate::MAX_POLICY_BYTES as u64 {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    // Bounded again while reading: the file may grow after the check.
    let mut bytes = Vec::new();
    file.take(crate::MAX_POLICY_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    if bytes.len() > crate::MAX_POLICY_BYTES {
        return None;
    }
    String::from_utf8(bytes).ok()
}
