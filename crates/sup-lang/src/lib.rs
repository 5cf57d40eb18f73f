//! `sup-lang`: the staff-supervision policy language — parsing, checking and
//! the compiled policy, with no file I/O and no command-line parts.

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

pub mod calendar;
pub mod check;
pub mod describe;
pub mod diagnostic;
pub mod diff;
pub mod format;
pub mod policy;
pub mod span;
pub mod suggest;
pub mod syntax;
