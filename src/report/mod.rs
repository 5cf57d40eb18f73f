//! Rendering results for people and machines. The core returns data; this
//! module (and the language server) decide how it looks.

pub mod diagnostics;
pub mod findings;
mod shared_source;
pub mod terminal;
mod windowed;
