//! Open documents: their text, version and latest analysis.
//!
//! **Invariant:** a change is applied to the text synchronously, in the order
//! the client sent it, before the handler that received it first awaits.
//! tower-lsp-server starts handlers in arrival order, so every later request
//! sees the text as the client sees it. Versions only go up: a change that
//! does not raise the version is stale and ignored.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::analysis::Analysis;
use crate::convert::{Encoding, LineIndex};

/// One document the client has open.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the document lives on disk (or would, for an unsaved buffer):
    /// `conforms to` paths are resolved against its folder.
    pub path: PathBuf,
    pub version: i32,
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    /// The analysis of some generation of the document; current only when
    /// its generation equals [`Document::generation`].
    pub analysis: Option<Arc<Analysis>>,
    /// The generation whose diagnostics were last sent, so that one result
    /// is not sent twice.
    pub published: Option<u64>,
    /// Changes with every edit and every request to check again; unique
    /// across documents, so a reopened document never looks unchanged.
    pub generation: u64,
    /// Whether a check of this document is running (see `schedule_check`).
    pub checking: bool,
}

/// The text with each lone carriage return made a line feed. The protocol
/// counts `\r`, `\n` and `\r\n` alike as line ends, and so does the
/// checker; swapping the one byte keeps every position the client sends
/// and receives the same, while every line-based feature of the server
/// (completion, hover, folding) needs to look for `\n` only.
fn lone_cr_as_lf(text: String) -> String {
    sup::span::lone_cr_as_lf(&text).unwrap_or(text)
}

/// A fresh generation number.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Document {
    pub fn new(path: PathBuf, version: i32, text: String, encoding: Encoding) -> Self {
        let text = lone_cr_as_lf(text);
        let index = Arc::new(LineIndex::new(&text, encoding));
        Document {
            path,
            version,
            text: Arc::from(text),
            index,
            analysis: None,
            published: None,
            generation: next_generation(),
            checking: false,
        }
    }

    /// Forget the analysis and what was published: the text is the same but
    /// something it depends on (a file it names) may have changed.
    pub fn invalidate(&mut self) {
        self.analysis = None;
        self.published = None;
        self.generation = next_generation();
    }

    /// The analysis, if it is of the current text and of the files it
    /// names as they are now.
    pub fn current_analysis(&self) -> Option<Arc<Analysis>> {
        self.analysis
            .clone()
            .filter(|a| a.generation == self.generation)
    }

    /// Apply one `didChange` notification. Returns false, changing nothing,
    /// when `version` is not newer than the text's.
    pub fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) -> bool {
        if version <= self.version {
            return false;
        }
        let encoding = self.index.encoding();
        let mut text = self.text.to_string();
        let mut index = LineIndex::clone(&self.index);
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = index.span(&text, range);
                    text.replace_range(span.range(), &change.text);
                }
                None => text = change.text,
            }
            text = lone_cr_as_lf(text);
            index = LineIndex::new(&text, encoding);
        }
        self.version = version;
        self.generation = next_generation();
        self.text = Arc::from(text);
        self.index = Arc::new(index);
        true
    }
}

/// Every open document, behind one lock that is never held across an `.await`.
#[derive(Debug, Default)]
pub struct Documents {
    map: Mutex<HashMap<Uri, Document>>,
}

impl Documents {
    /// The lock, even if a thread panicked while holding it: the map holds
    /// whole documents, so it is never left half-updated.
    pub fn lock(&self) -> MutexGuard<'_, HashMap<Uri, Document>> {
        self.map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn get(&self, uri: &Uri) -> Option<Document> {
        self.lock().get(uri).cloned()
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.lock().get(uri).map(|d| d.version)
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.lock().keys().cloned().collect()
    }

    /// The open document at `path`, if any.
    pub fn by_path(&self, path: &std::path::Path) -> Option<(Uri, Document)> {
        self.lock()
            .iter()
            .find(|(_, d)| d.path == path)
            .map(|(u, d)| (u.clone(), d.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|(a, b)| Range::new(Position::new(a.0, a.1), Position::new(b.0, b.1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn lone_carriage_returns_are_line_ends_at_the_same_positions() {
        let mut doc = Document::new(
            "a.sup".into(),
            1,
            "# one\rgroup a: staff\r\n# three\r".into(),
            Encoding::Utf16,
        );
        // Byte for byte the same length; lone CRs read as LF, CRLF kept.
        assert_eq!(&*doc.text, "# one\ngroup a: staff\r\n# three\n");
        assert_eq!(doc.index.line_count(), 4);
        // Line 1, column 6 is still the `a` the client sees there.
        assert!(doc.apply(2, vec![change(Some(((1, 6), (1, 7))), "team\rx")]));
        assert_eq!(&*doc.text, "# one\ngroup team\nx: staff\r\n# three\n");
        let index = LineIndex::new("a\rb\r\nc\nd", Encoding::Utf8);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.position("a\rb\r\nc\nd", 2), Position::new(1, 0));
        assert_eq!(index.line_range("a\rb\r\nc\nd", 1), 2..3);
    }

    #[test]
    fn incremental_changes_apply_in_order_with_utf16_columns() {
        let mut doc = Document::new(
            "a.sup".into(),
            1,
            "# café\ngroup a: staff\n".into(),
            Encoding::Utf16,
        );
        // Replace `a` (line 1, columns 6..7), then append after `café`.
        assert!(doc.apply(
            2,
            vec![
                change(Some(((1, 6), (1, 7))), "team"),
                change(Some(((0, 6), (0, 6))), " — x")
            ]
        ));
        assert_eq!(&*doc.text, "# café — x\ngroup team: staff\n");
    }

    #[test]
    fn a_change_that_does_not_raise_the_version_is_ignored() {
        let mut doc = Document::new("a.sup".into(), 3, "x".into(), Encoding::Utf16);
        assert!(!doc.apply(3, vec![change(None, "y")]));
        assert!(!doc.apply(2, vec![change(None, "y")]));
        assert_eq!(&*doc.text, "x");
        assert!(doc.apply(4, vec![change(None, "y")]));
        assert_eq!(&*doc.text, "y");
    }

    #[test]
    fn ranges_out_of_bounds_clamp_instead_of_panicking() {
        let mut doc = Document::new("a.sup".into(), 1, "ab".into(), Encoding::Utf16);
        assert!(doc.apply(2, vec![change(Some(((5, 0), (9, 9))), "c")]));
        assert_eq!(&*doc.text, "abc");
        assert!(doc.apply(3, vec![change(Some(((0, 9), (0, 1))), "")]));
        assert_eq!(&*doc.text, "abc");
    }
}
