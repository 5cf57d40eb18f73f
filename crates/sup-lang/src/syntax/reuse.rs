//! Statements kept between versions of one text, so an editor that checks
//! on every keystroke parses only the statements that changed.
//!
//! A statement is reused when the same text stands at the same byte offset
//! (its spans are then still right), which holds for every statement before
//! an edit and, when the edit keeps the length, after it too. Only texts
//! whose every statement parses are answered this way: anything else is
//! parsed as [`super::parse`] always does, so diagnostics and recovery are
//! exactly the same.

use std::collections::HashMap;
use std::sync::Mutex;

use super::ast::Item;

/// The most statements kept; past it the cache starts again empty, so a
/// long editing session holds at most a few documents' worth.
const MAX_KEPT: usize = 20_000;

/// Parsed statements by (offset, text), shared by the checks of one
/// process (an editor's documents); lookups and stores take a lock briefly.
#[derive(Debug, Default)]
pub struct ParseCache {
    kept: Mutex<HashMap<(usize, String), Vec<Item>>>,
}

impl ParseCache {
    pub fn new() -> Self {
        ParseCache::default()
    }

    /// How many statements are kept.
    pub fn kept(&self) -> usize {
        self.kept.lock().map_or(0, |kept| kept.len())
    }

    /// The statements parsed from `text` at `offset` before, if any.
    pub(super) fn get(&self, offset: usize, text: &str) -> Option<Vec<Item>> {
        let kept = self.kept.lock().ok()?;
        kept.get(&(offset, text.to_string())).cloned()
    }

    /// Keep the statements parsed from `text` at `offset`.
    pub(super) fn put(&self, offset: usize, text: &str, items: &[Item]) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert((offset, text.to_string()), items.to_vec());
    }
}
