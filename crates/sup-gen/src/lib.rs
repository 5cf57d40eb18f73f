//! `sup-gen`: synthetic exports with planted breaches, a development tool.

// The generator names the language and the records as `crate::policy`,
// `crate::records`, ... as it did inside one crate.
use sup_eval::records;
use sup_lang::{calendar, policy};

pub mod generate;

