//! `sup`: a language, checker and evaluator for staff-supervision policies.
//!
//! The pipeline is `syntax` (text → tree) → `check` (tree → compiled policy
//! and diagnostics). Every stage returns data; rendering is left to callers.

// Library code never panics on bad input: every failure is a diagnostic.
// (Tests may unwrap; see clippy.toml.)

pub mod calendar;
pub mod check;
pub mod describe;
pub mod diagnostic;
pub mod diff;
pub mod eval;
pub mod format;
pub mod generate;
pub mod policy;
pub mod records;
pub mod report;
pub mod span;
pub mod suggest;
pub mod syntax;
pub mod workspace;
