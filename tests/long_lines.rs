//! A diagnostic on a line of 200,000 characters: every human report draws a
//! window of the line around the label, the caret under the right text, and
//! the header gives the real column (miette panicked past column 65,535).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::process::Command;

use sup::check::{check, CheckOptions};
use sup::report::diagnostics::render_human;

const PAD: usize = 200_000;

/// A policy whose one mistake (`rol`) is at the end of a 200,000-character
/// line, or at its start.
fn policy(at_end: bool) -> String {
    let (first, second) = if at_end {
        ("role", "rol")
    } else {
        ("rol", "role")
    };
    format!(
        "policy \"P\" {{\n  owner: \"X\"\n}}\nroles: a\ngroup g: staff where {first} is a{}and {second} is a\nrule r: require one_to_one for g: every 1 week\n",
        " ".repeat(PAD)
    )
}

fn render(source: &str) -> String {
    let checked = check(
        source,
        &CheckOptions {
            file_name: "long.sup".into(),
            today: None,
        },
    );
    assert_eq!(checked.diagnostics.len(), 1, "{:#?}", checked.diagnostics);
    render_human("long.sup", source, &checked.diagnostics, false)
}

/// The drawn source line holding `rol `, and the underline below it: the
/// underline's first mark must sit under the `r` of `rol`.
fn assert_caret_under_rol(text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains("rol is a"))
        .unwrap_or_else(|| panic!("no source line:\n{text}"));
    let column = |line: &str, needle: &str| {
        let byte = line
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {line}"));
        line[..byte].chars().count()
    };
    let word = if lines[i].contains(" rol is") {
        column(lines[i], " rol is") + 1
    } else {
        column(lines[i], "rol is")
    };
    let under = lines[i + 1];
    assert_eq!(column(under, "─"), word, "\n{}\n{}", lines[i], under);
    for line in &lines {
        assert!(
            line.chars().count() < 200,
            "a line of {} characters",
            line.len()
        );
    }
}

#[test]
fn an_error_at_the_end_of_a_long_line_is_drawn_in_a_window() {
    let text = render(&policy(true));
    assert!(text.contains("[long.sup:5:"), "{text}");
    let header = text
        .lines()
        .find(|l| l.contains("[long.sup:"))
        .unwrap_or("");
    // The column is the real one: after the 200,000 spaces.
    let want = format!(
        "[long.sup:5:{}]",
        "group g: staff where role is a".len() + PAD + "and ".len() + 1
    );
    assert!(header.contains(&want), "{header} vs {want}");
    assert!(text.contains('…'), "{text}");
    assert_caret_under_rol(&text);
}

#[test]
fn an_error_at_the_start_of_a_long_line_is_drawn_in_a_window() {
    let text = render(&policy(false));
    assert!(text.contains("[long.sup:5:22]"), "{text}");
    assert!(text.contains("group g: staff where rol is a"), "{text}");
    assert_caret_under_rol(&text);
}

#[test]
fn every_human_report_survives_a_long_line() {
    let dir = std::env::temp_dir().join(format!("sup-long-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("records")).unwrap();
    let ok = dir.join("ok.sup");
    std::fs::write(&ok, "policy \"P\" {\n  owner: \"X\"\n}\n").unwrap();
    for (name, at_end) in [("end.sup", true), ("start.sup", false)] {
        let path = dir.join(name);
        std::fs::write(&path, policy(at_end)).unwrap();
        let (p, o, r) = (
            path.to_str().unwrap(),
            ok.to_str().unwrap(),
            dir.join("records"),
        );
        let r = r.to_str().unwrap();
        // `eval` cannot run on a policy with errors: 2, as before.
        for (args, code) in [
            (vec!["check", p], 1),
            (vec!["describe", p], 1),
            (vec!["compile", p], 1),
            (vec!["eval", "--records", r, "--as-of", "2026-01-01", p], 2),
            (vec!["diff", o, p], 1),
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_sup"))
                .args(&args)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr:.3000}");
            assert!(
                stderr.contains("sup::unknown-column"),
                "{args:?}: {stderr:.3000}"
            );
            assert!(stderr.contains('…'), "{args:?}: {stderr:.3000}");
            assert!(
                stderr.len() < 5_000,
                "{args:?}: printed {} bytes",
                stderr.len()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
