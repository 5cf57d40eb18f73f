//! `sup`: a language, checker and evaluator for staff-supervision policies.
//!
//! The pipeline is `syntax` (text → tree) → `check` (tree → compiled policy
//! and diagnostics). Every stage returns data; rendering is left to callers.

pub mod calendar;
pub mod check;
pub mod diagnostic;
pub mod eval;
pub mod generate;
pub mod policy;
pub mod records;
pub mod span;
pub mod suggest;
pub mod syntax;
pub mod report;
pub mod workspace;
