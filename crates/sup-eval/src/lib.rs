//! `sup-eval`: record exports judged against a compiled policy.
//!
//! [`records`] reads an export (a directory of CSV, JSON Lines or `.xlsx`
//! files, one per table) typed by the policy's schema, every error with its
//! file, line and column; [`eval`] judges it for a period and gives the
//! findings; [`diff::impact`] compares two policies' findings on one export
//! (`sup diff --records`). [`workspace`] reads policy files and is the file
//! system a check reads a framework from. The language itself (parsing,
//! checking, the compiled policy) is `sup-lang`.
//!
//! ```
//! use chrono::NaiveDate;
//! use sup_eval::eval::{evaluate, EvalOptions};
//! use sup_eval::records::{load_dir, LoadOptions};
//! use sup_lang::check::{check, CheckOptions};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let source = r#"policy "Example" {
//!   effective: 2025-04-01
//! }
//! roles: social_worker
//! group social_workers: staff where role is social_worker
//! rule monthly: require one_to_one for social_workers: at least 1 per month
//! "#;
//! let checked = check(source, &CheckOptions::default());
//! assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
//!
//! // An export is a directory with a file per table.
//! let dir = std::env::temp_dir().join(format!("sup-eval-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! std::fs::write(
//!     dir.join("staff.csv"),
//!     "id,role,start_date\nS1,social_worker,2026-01-05\n",
//! )?;
//! std::fs::write(
//!     dir.join("sessions.csv"),
//!     "id,supervisee,supervisor,kind,status,start\n\
//!      X1,S1,S1,one_to_one,held,2026-09-10T10:00\n\
//!      X2,S1,S1,one_to_one,cancelled,2026-10-08T10:00\n",
//! )?;
//! let loaded = load_dir(&dir, &checked.policy, &LoadOptions::default());
//! std::fs::remove_dir_all(&dir)?;
//! let records = loaded.map_err(|errors| format!("{errors:?}"))?.records;
//!
//! let options = EvalOptions {
//!     as_of: NaiveDate::from_ymd_opt(2026, 11, 1).ok_or("date")?,
//!     from: NaiveDate::from_ymd_opt(2026, 9, 1),
//!     upcoming_days: None,
//! };
//! let evaluation = evaluate(&checked.policy, &records, &options);
//! // September had its session; the one in October was cancelled.
//! let found: Vec<String> = evaluation
//!     .findings
//!     .iter()
//!     .map(|f| format!("{} {} {}", f.rule, f.subject.id, f.date))
//!     .collect();
//! assert_eq!(found, ["monthly S1 2026-10-31"]);
//! # Ok(())
//! # }
//! ```

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
