//! `sup-gen`: synthetic exports with planted breaches, a development tool.
//!
//! [`generate::generate`] builds a fictitious organisation for the BCP
//! Children's Services policy (`policies/bcp-childrens-services.sup`) whose
//! records meet every rule but the breaches it plants, and lists what it
//! planted; `sup generate` writes it out, the planted-breach test checks the
//! evaluator finds exactly that list, and the benchmarks use it at scale. It
//! is not published: it knows one policy, and exists for this repository.
//!
//! ```
//! use sup_gen::generate::{generate, Config, TABLES};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let org = generate(&Config { staff: 14, ..Config::default() });
//! assert_eq!(org.staff.len(), 45);
//! assert!(!org.planted.is_empty());
//!
//! // Each table is written as CSV to any writer: here, into memory.
//! let mut staff = Vec::new();
//! org.write_table(TABLES[0], &mut staff)?;
//! let staff = String::from_utf8(staff)?;
//! assert!(staff.starts_with("id,role,team,level,tags,registrations,fte,"));
//! assert_eq!(staff.lines().count(), org.staff.len() + 1);
//! # Ok(())
//! # }
//! ```

// The generator names the language and the records as `crate::policy`,
// `crate::records`, ... as it did inside one crate.
use sup_eval::records;
use sup_lang::{calendar, policy};

pub mod generate;
