//! Rendering results for people and machines. The core returns data; this
//! module (and the language server) decide how it looks. Text from an
//! export is escaped for every format in one place, [`escape`].

pub mod diagnostics;
pub mod escape;
pub mod findings;
pub mod github;
pub mod sarif;
mod shared_source;
mod windowed;

/// The terminal escaping under its former name, for code written against it.
pub mod terminal {
    pub use super::escape::terminal as safe;
}
