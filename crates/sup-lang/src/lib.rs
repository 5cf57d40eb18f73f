//! `sup-lang`: the staff-supervision policy language — parsing, checking and
//! the compiled policy, with no file I/O and no command-line parts.
//!
//! The pipeline is [`syntax`] (text → tree, every span and comment kept) →
//! [`check`] (tree → [`policy::CompiledPolicy`] and [`diagnostic::Diagnostic`]s,
//! each with a stable code). [`calendar`] does the working-day arithmetic,
//! [`format`](mod@format) lays a file out, [`describe`] puts a compiled policy into plain
//! English, and [`diff`] compares two compiled policies, each change judged
//! stricter or looser.
//!
//! `describe` and `diff` read only compiled policies, yet they are here and not
//! with the evaluator: conformance to a framework (`conforms to`) is a check
//! pass that judges the policy against its framework with the diff's
//! comparison of rules and words its findings with `describe`. Reading
//! exports, evaluating and a diff's impact on an export are in `sup-eval`.
//!
//! ```
//! use sup_lang::check::{check, CheckOptions};
//! use sup_lang::describe::describe_rule;
//!
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
//! let rule = &checked.policy.rules[0];
//! assert_eq!(rule.name, "monthly");
//! assert_eq!(
//!     describe_rule(&checked.policy, rule),
//!     "Social workers must have a one-to-one session at least once in each calendar month; \
//!      part-time staff are not pro-rated."
//! );
//!
//! // A misspelt group is a diagnostic with a stable code and a suggestion.
//! let typo = source.replace("for social_workers:", "for social_worker:");
//! let checked = check(&typo, &CheckOptions::default());
//! let error = &checked.diagnostics[0];
//! assert_eq!(error.code.as_str(), "sup::unknown-group");
//! assert_eq!(error.help.as_deref(), Some("did you mean `social_workers`?"));
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
