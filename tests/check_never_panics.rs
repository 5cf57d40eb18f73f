//! Property tests: whatever the text, parsing and checking return
//! diagnostics and never panic, and every span they report lies inside the
//! source on character boundaries.

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

const SEED: &str = include_str!("data/check/ok/every-family.sup");

fn assert_well_formed(source: &str) {
    let checked = check(
        source,
        &CheckOptions {
            file_name: "fuzz.sup".into(),
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22),
        },
    );
    for d in &checked.diagnostics {
        for label in &d.labels {
            let (start, end) = (label.span.start as usize, label.span.end as usize);
            assert!(
                start <= end && end <= source.len(),
                "{}: span {start}..{end} outside {} bytes",
                d.code,
                source.len()
            );
            assert!(
                source.is_char_boundary(start) && source.is_char_boundary(end),
                "{}: span splits a character",
                d.code
            );
        }
    }
}

/// Pieces of the language, so random text often looks nearly right.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("rule ".to_string()),
        Just("group ".to_string()),
        Just("require one_to_one for x: ".to_string()),
        Just("at least 10 per year".to_string()),
        Just("every 2 weeks".to_string()),
        Just("by tenure { first 6 weeks: every 1 week then: every 1 month }".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("\n".to_string()),
        Just("\"".to_string()),
        Just("#".to_string()),
        Just(": ".to_string()),
        Just("café — ".to_string()),
        "[a-z_]{1,8} ".prop_map(|s| s),
        "[0-9]{1,3}(\\.[0-9])? ".prop_map(|s| s),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(source in "\\PC{0,200}") {
        assert_well_formed(&source);
    }

    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(token(), 0..40)) {
        assert_well_formed(&tokens.concat());
    }

    #[test]
    fn mutated_policies_never_panic(cut in 0usize..SEED.len(), len in 0usize..40, insert in "\\PC{0,12}") {
        // Replace a stretch of a valid policy with random text.
        let mut start = cut.min(SEED.len());
        while !SEED.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(SEED.len());
        while !SEED.is_char_boundary(end) { end -= 1; }
        let mutated = format!("{}{}{}", &SEED[..start], insert, &SEED[end..]);
        assert_well_formed(&mutated);
    }
}
