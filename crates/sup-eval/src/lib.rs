//! `sup-eval`: record exports judged against a compiled policy.

// Library code never panics on bad input: every failure is a diagnostic.
// The lints that hold it to that are in the workspace's Cargo.toml; tests
// may unwrap and index (clippy.toml), and may slice strings:
#![cfg_attr(
    test,
    allow(
        clippy::string_slice,
        reason = "a test: a panic is a failing test; library code is still checked in the ordinary build"
    )
)]

// The moved modules name the language's modules as `crate::policy`,
// `crate::check`, ... as they did in one crate; these imports keep them so.
use sup_lang::{calendar, check, describe, diagnostic, policy, span, suggest};

pub mod eval;
pub mod records;
pub mod workspace;

/// The diff of two policies ([`sup_lang::diff`]) and, here, its impact on
/// an export (`sup diff --records`), which needs the evaluator.
pub mod diff {
    pub use sup_lang::diff::*;

    pub mod impact;

    // These shadow the language's comparison with the one that can carry an
    // impact, so the command and its tests read one `PolicyDiff`.
    pub use impact::{diff, PolicyDiff};
}
