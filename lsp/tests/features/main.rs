//! In-process protocol tests for every capability: a real client talks
//! JSON-RPC to the server over an in-memory pipe. Snapshots draw the cursor
//! and the returned ranges under the source, to be read, not trusted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

#[path = "../common/mod.rs"]
mod common;

mod actions;
mod completion;
mod diagnostics;
mod formatting;
mod hints;
mod hover;
mod limits;
mod navigation;
mod outline;
mod protocol;
mod tokens;

/// A small policy that uses most of the language, with a non-ASCII comment.
pub const POLICY: &str = r#"# A small policy for tests — café
policy "Test policy" {
  owner: "Children's Services"
  review: 2027-04-01
}

roles: social_worker, team_manager
tags: asye
purposes: supervision, audit

extend staff {
  placement_days: optional number
}

group all_staff "everyone": staff
group nqsw "newly qualified social workers": all_staff where tags has asye

calendar half_term "half terms" {
  autumn_1: 2025-09-01 to 2025-10-24
  autumn_2: 2025-11-03 to 2025-12-19
}

rule nqsw_fortnightly: require one_to_one for nqsw: every 2 weeks
rule half_termly: require one_to_one for all_staff: at least once in each half_term
rule who_supervises: eligible supervisor of one_to_one for nqsw {
  supervisor.role is team_manager
}
rule teps_time: require one_to_one for all_staff: at least 30 minutes per week scaled by placement_days
rule records_seen: access personal_supervision records {
  allow social_worker for supervision, audit
}
"#;

/// The URI tests open [`POLICY`] under (it need not exist on disk).
pub const URI: &str = "file:///tests/policy.sup";
