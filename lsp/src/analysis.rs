//! One checked version of one file: the library's answer plus what the
//! editor features need to map it back to positions.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sup::check::{Checked, SymbolKind};
use sup::span::Span;
use tower_lsp_server::ls_types::{Range, Uri};

use crate::convert::LineIndex;
use crate::world::World;

/// A file checked exactly as `sup check` would check it.
#[derive(Debug)]
pub struct Analysis {
    pub uri: Uri,
    pub path: PathBuf,
    /// The document version checked, or `None` for a file read from disk.
    pub version: Option<i32>,
    /// The document generation checked (see [`crate::state::Document`]);
    /// 0 for a file read from disk.
    pub generation: u64,
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    pub checked: Checked,
    /// The workspace folder the file is named from in messages, if any.
    pub root: Option<PathBuf>,
    /// Whether the text is over [`crate::MAX_POLICY_BYTES`]: then it was
    /// not checked (`checked` is that of an empty file, without its
    /// diagnostics), and its one diagnostic says so.
    pub too_large: bool,
}

impl Analysis {
    /// Check `text` as the contents of `path`, with the world's settings,
    /// reading the framework it names from the world (its open buffers,
    /// then the disk).
    ///
    /// The file is named in messages relative to the workspace folder that
    /// holds it, as `sup check policies/x.sup` run from that folder would
    /// name it; files outside every folder by their full path.
    pub fn new(
        uri: Uri,
        path: PathBuf,
        version: Option<i32>,
        generation: u64,
        text: Arc<str>,
        index: Arc<LineIndex>,
        world: &World,
    ) -> Self {
        let config = world.config();
        let root = config.roots.iter().find(|r| path.starts_with(r)).cloned();
        let name = match &root {
            Some(root) => path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string(),
            None => path.display().to_string(),
        };
        let too_large = text.len() > crate::MAX_POLICY_BYTES;
        let options = sup::check::CheckOptions {
            file_name: name,
            today: config.today(),
        };
        let checked = if too_large {
            // Not parsed at all: the parse and check of a file this size
            // would hold a thread (and memory) for a long time, and every
            // keystroke would start another.
            let mut empty = sup::check::check("", &options);
            empty.diagnostics.clear();
            empty
        } else {
            sup::check::check_source_reusing(&path, &text, &options, world, &world.parsed).checked
        };
        Analysis {
            uri,
            path,
            version,
            generation,
            text,
            index,
            checked,
            root,
            too_large,
        }
    }

    /// Read and check a file that is not open in the editor.
    pub fn from_disk(path: &Path, world: &World) -> Option<Self> {
        let encoding = world.config().encoding;
        let text = crate::world::read_policy_file(path)?;
        let uri = Uri::from_file_path(path)?;
        let index = Arc::new(LineIndex::new(&text, encoding));
        Some(Analysis::new(
            uri,
            path.to_path_buf(),
            None,
            0,
            Arc::from(text),
            index,
            world,
        ))
    }

    /// The file another file's diagnostic names: relative names are
    /// relative to the same folder this file was named from.
    pub fn resolve(&self, file: &str) -> PathBuf {
        let path = Path::new(file);
        if path.is_absolute() {
            return normalise(path);
        }
        match &self.root {
            Some(root) => normalise(&root.join(path)),
            None => normalise(path),
        }
    }

    pub fn trimmed(&self, span: Span) -> Span {
        trim_statement(&self.text, span)
    }

    pub fn range(&self, span: Span) -> Range {
        self.index.range(&self.text, span)
    }

    pub fn offset(&self, position: tower_lsp_server::ls_types::Position) -> usize {
        self.index.offset(&self.text, position)
    }

    /// The framework file this policy names in `conforms to`, if it exists.
    pub fn framework_path(&self) -> Option<PathBuf> {
        let target = self.checked.policy.header.conforms_to.as_ref()?;
        let path = sup::check::framework_path(&self.path, target);
        path.is_file().then(|| normalise(&path))
    }

    /// The symbol whose name is at `offset`: a use or a definition.
    pub fn symbol_at(&self, offset: usize) -> Option<Symbol> {
        self.checked
            .symbols
            .at(offset)
            .map(|(kind, name, span)| Symbol {
                kind,
                name: name.to_string(),
                span,
            })
    }

    /// Where this file defines a symbol, if it does.
    pub fn definition(&self, symbol: &SymbolKey) -> Option<&sup::check::Definition> {
        symbol
            .aliases()
            .into_iter()
            .find_map(|(kind, name)| self.checked.symbols.definition(kind, &name))
    }

    /// Every span in this file that names the symbol (or its alias).
    pub fn occurrences(&self, symbol: &SymbolKey) -> Vec<Span> {
        let mut spans: Vec<Span> = symbol
            .aliases()
            .into_iter()
            .flat_map(|(kind, name)| self.checked.symbols.occurrences(kind, &name))
            .collect();
        spans.sort_by_key(|s| (s.start, s.end));
        spans.dedup_by(|a, b| a.start == b.start && a.end == b.end);
        spans
    }
}

/// A symbol under the cursor.
#[derive(Debug, Clone)]
pub struct Symbol {
    pub kind: SymbolKind,
    /// Qualified for columns (`staff.role`) and values (`role.social_worker`).
    pub name: String,
    pub span: Span,
}

impl Symbol {
    pub fn key(&self) -> SymbolKey {
        SymbolKey {
            kind: self.kind,
            name: self.name.clone(),
        }
    }
}

/// What identifies a symbol across files: its kind and qualified name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SymbolKey {
    pub kind: SymbolKind,
    pub name: String,
}

impl SymbolKey {
    /// The symbol and the other names it goes by. A session kind is both a
    /// value (`session kinds: appraisal` defines `session_kind.appraisal`)
    /// and an activity (`require appraisal for ...` uses `appraisal`), so
    /// navigation treats the two as one.
    pub fn aliases(&self) -> Vec<(SymbolKind, String)> {
        let mut all = vec![(self.kind, self.name.clone())];
        match self.kind {
            SymbolKind::Activity => {
                all.push((SymbolKind::Value, format!("session_kind.{}", self.name)))
            }
            SymbolKind::Value => {
                if let Some(kind) = self.name.strip_prefix("session_kind.") {
                    all.push((SymbolKind::Activity, kind.to_string()));
                }
            }
            _ => {}
        }
        all
    }

    /// The name as written in the source: the last part of a qualified name.
    pub fn short_name(&self) -> &str {
        match self.kind {
            SymbolKind::Column | SymbolKind::Value => {
                self.name.rsplit('.').next().unwrap_or(&self.name)
            }
            _ => &self.name,
        }
    }
}

/// A statement's span without the blank lines and whole-line comments the
/// parser includes after it (comments are whitespace to the grammar), so
/// that it ends on its own last line.
pub fn trim_statement(source: &str, span: Span) -> Span {
    let mut text = span.text(source).trim_end();
    while let Some((before, last)) = text.rsplit_once('\n') {
        if !last.trim_start().starts_with('#') {
            break;
        }
        text = before.trim_end();
    }
    Span::new(span.start as usize, span.start as usize + text.len())
}

/// A path made absolute and free of `.` and `..`, so two spellings of one
/// file compare equal. Falls back to the path as given.
pub fn normalise(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
