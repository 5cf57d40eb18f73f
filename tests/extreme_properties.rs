//! Property tests over extreme inputs: deeply nested conditions, very long
//! lines, very long names and long chains of groups, with random line ends.
//! Whatever the input, check, the human and JSON reports, describe, format
//! and diff never panic (nor overflow the stack), and formatting is
//! idempotent.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use proptest::prelude::*;
use sup::check::{check, CheckOptions};
use sup::report::diagnostics::{render_human, to_json_all};

const HEADER: &str = "policy \"P\" {\n  owner: \"X\"\n}\nroles: a, b\n";

/// Every stage over `source`, on a 2 MiB stack (the smallest the language
/// server checks on).
fn every_stage(source: String) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let options = CheckOptions {
                file_name: "x.sup".into(),
                today: None,
            };
            let checked = check(&source, &options);
            for d in &checked.diagnostics {
                for label in &d.labels {
                    assert!(label.span.end as usize <= source.len());
                    assert!(source.is_char_boundary(label.span.start as usize));
                }
            }
            let text = render_human("x.sup", &source, &checked.diagnostics, false);
            // A long line is drawn in a window, never whole.
            assert!(
                text.lines().all(|l| l.chars().count() < 2_000),
                "{:.500}",
                text
            );
            let _ = to_json_all("x.sup", &source, &checked.diagnostics, &[]);
            let _ = sup::describe::describe(&checked.policy);
            let _ = sup::diff::diff(&checked.policy, &checked.policy);
            if let Ok(once) = sup::format::format(&source) {
                let twice = sup::format::format(&once).expect("formatted text parses");
                assert_eq!(once, twice, "not idempotent");
            }
        })
        .expect("spawn")
        .join()
        .expect("a stage panicked or ran out of stack");
}

/// A condition built from brackets, `not`s and tests, up to `depth` deep
/// (possibly far past the nesting limit).
fn nested() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(
            prop_oneof![
                Just("("),
                Just("not "),
                Just("not ("),
                Just("role is a and (")
            ],
            0..120,
        ),
        0usize..300,
    )
        .prop_map(|(opens, extra)| {
            let mut text = opens.concat();
            text.push_str("role is a");
            let closes = text.matches('(').count();
            // Sometimes too few or too many closing brackets.
            let closes = (closes + extra).saturating_sub(150);
            text.push_str(&")".repeat(closes));
            text
        })
}

/// Some line end: `\n`, `\r\n` or a lone `\r`.
fn line_end() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("\n"), Just("\r\n"), Just("\r")]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn nested_conditions_never_break_a_stage(condition in nested(), end in line_end()) {
        every_stage(format!(
            "{HEADER}group g: staff where {condition}{end}rule r: require one_to_one for g: every 1 week{end}"
        ));
    }

    #[test]
    fn long_lines_never_break_a_stage(
        pad in 66_000usize..80_000,
        mistake_first in any::<bool>(),
        end in line_end(),
    ) {
        let (first, second) = if mistake_first { ("rol", "role") } else { ("role", "rol") };
        every_stage(format!(
            "{HEADER}group g: staff where {first} is a{}and {second} is b{end}rule r: require one_to_one for g: every 1 week{end}",
            " ".repeat(pad)
        ));
    }

    #[test]
    fn long_names_never_break_a_stage(len in 1_000usize..70_000, c in "[a-z_]") {
        let name = c.repeat(len);
        every_stage(format!(
            "{HEADER}group {name}: staff where role is a\nrule r: require one_to_one for {name}x: every 1 week\n"
        ));
    }

    #[test]
    fn long_chains_never_break_a_stage(links in 1usize..400, circle in any::<bool>()) {
        let root = if circle { format!("g{links}") } else { "staff".to_string() };
        let mut text = format!("{HEADER}group g0: {root} where role is a\n");
        for i in 1..=links {
            text.push_str(&format!("group g{i}: g{} where role is b\n", i - 1));
        }
        text.push_str(&format!("rule r: require one_to_one for g{links}: every 1 week\n"));
        every_stage(text);
    }
}
