//! A reader that stops early (`sup ... | head`, `2>&1 | head`) closes the
//! pipe under the command. That is not an error worth a panic: every
//! subcommand must still exit with its own code, never Rust's 101.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::process::{Command, Stdio};

/// Runs `sup` with both output pipes closed before it can write, and
/// returns its exit code (`None` if a signal ended it).
fn exit_code_with_closed_pipes(args: &[&str]) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closing the read ends at once means the first write fails with
    // `EPIPE` (Rust ignores SIGPIPE), the case that used to panic.
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().unwrap().code()
}

#[test]
fn every_subcommand_survives_a_reader_that_stops_early() {
    let unformatted = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("unformatted.sup");
    let source = std::fs::read_to_string("policies/sendsars.sup").unwrap();
    std::fs::write(&unformatted, format!("{source}\n\n\n")).unwrap();
    let unformatted = unformatted.to_str().unwrap();
    let cases: &[(&[&str], i32)] = &[
        (
            &["check", "--today", "2026-11-22", "policies/sendsars.sup"],
            0,
        ),
        (
            &[
                "check",
                "--format",
                "json",
                "policies/bcp-childrens-services.sup",
            ],
            0,
        ),
        (&["compile", "policies/bcp-childrens-services.sup"], 0),
        (&["describe", "policies/bcp-childrens-services.sup"], 0),
        (
            &[
                "diff",
                "policies/sendsars.sup",
                "policies/sendsars-2026-draft.sup",
            ],
            0,
        ),
        (&["fmt", "--check", unformatted], 1),
        (
            &[
                "eval",
                "policies/bcp-childrens-services.sup",
                "--records",
                "examples/records",
                "--as-of",
                "2026-11-22",
            ],
            1,
        ),
        (&["check", "no/such/file.sup"], 2),
    ];
    for (args, expected) in cases {
        assert_eq!(
            exit_code_with_closed_pipes(args),
            Some(*expected),
            "sup {}",
            args.join(" ")
        );
    }
}
