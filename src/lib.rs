//! `sup`: the `sup` command's library — the reports and the command line —
//! and, re-exported under the names they have always had, the language
//! ([`sup_lang`]), the evaluator ([`sup_eval`]) and the generator
//! ([`sup_gen`]).

// Tests may unwrap and index (clippy.toml), and may slice strings; library
// code is held to the workspace's lints:
#![cfg_attr(
    test,
    allow(
        clippy::string_slice,
        reason = "a test: a panic is a failing test; library code is still checked in the ordinary build"
    )
)]

pub use sup_eval::{eval, records, workspace};
pub use sup_gen::generate;
pub use sup_lang::{calendar, check, describe, diagnostic, format, policy, span, suggest, syntax};

pub mod report;

/// `sup diff`: the comparison ([`sup_lang::diff`]), the impact on an export
/// ([`sup_eval::diff::impact`]) and the rendering, which uses the reports'
/// escaping.
pub mod diff {
    pub use sup_eval::diff::*;

    pub mod render;
}
