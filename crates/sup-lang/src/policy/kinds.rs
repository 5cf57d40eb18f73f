//! The compiled policy's own small enums that the syntax tree also spells:
//! a policy's kind, a retention rule's anchor, and the comparison and
//! arithmetic operators of conditions.
//!
//! They mirror `syntax::ast`'s enums of the same names but are separate
//! types, so that the JSON guarded by [`FORMAT_VERSION`](super::FORMAT_VERSION)
//! is written here and nowhere else: a change to the syntax tree cannot
//! change the compiled format unnoticed. The checker lowers one into the
//! other (`check/lower.rs`).

use serde::{Deserialize, Serialize};

/// Whether a file is an organisation's policy or a framework that policies conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    Policy,
    Framework,
}

/// What a retention period is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetentionAnchor {
    /// After the staff member the record is about leaves (`end_date`).
    Leaving,
    /// After the record was created (`created`).
    Creation,
}

/// A comparison, written in the JSON as its symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompareOp {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}

/// `+` or `-` between two terms of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArithOp {
    Add,
    Sub,
}
