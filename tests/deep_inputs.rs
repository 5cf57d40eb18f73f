//! Inputs nested or chained far beyond any real policy: every stage (parse,
//! check, describe, format, diff, rendering) and every command must answer
//! with a diagnostic, never overflow the stack or panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use sup::check::{check, CheckOptions};
use sup::diagnostic::Code;
use sup::syntax::MAX_NESTING;

const HEADER: &str =
    "policy \"Deep\" {\n  owner: \"Test\"\n}\nroles: social_worker, team_manager\n";

fn options() -> CheckOptions {
    CheckOptions {
        file_name: "deep.sup".into(),
        today: None,
    }
}

/// A policy whose group condition is `depth` brackets deep.
fn parens(depth: usize) -> String {
    format!(
        "{HEADER}group g: staff where {}role is social_worker{}\nrule r: require one_to_one for g: every 1 month\n",
        "(".repeat(depth),
        ")".repeat(depth)
    )
}

/// A policy whose group condition is `depth` `not`s deep.
fn nots(depth: usize) -> String {
    format!(
        "{HEADER}group g: staff where {}role is social_worker\nrule r: require one_to_one for g: every 1 month\n",
        "not ".repeat(depth)
    )
}

/// Brackets and `not`s alternating, `depth` in all.
fn mixed(depth: usize) -> String {
    let half = depth / 2;
    format!(
        "{HEADER}group g: staff where {}role is social_worker{}\nrule r: require one_to_one for g: every 1 month\n",
        "not (".repeat(half),
        ")".repeat(half)
    )
}

/// Everything the library does with a policy, as the CLI and the language
/// server do it.
fn every_stage(source: &str) -> Vec<Code> {
    let checked = check(source, &options());
    let codes: Vec<Code> = checked.diagnostics.iter().map(|d| d.code).collect();
    let _ = sup::report::diagnostics::render_human("deep.sup", source, &checked.diagnostics, false);
    let _ = sup::describe::describe(&checked.policy);
    let _ = sup::format::format(source);
    let other = check(&nots(1), &options());
    let _ = sup::diff::diff(&other.policy, &checked.policy);
    let _ = sup::diff::diff(&checked.policy, &other.policy);
    codes
}

/// Run `f` on a thread with a 2 MiB stack, the smallest the language server
/// may check on.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the stage ran out of stack or panicked");
}

#[test]
fn at_the_limit_every_stage_fits_in_a_2_mib_stack() {
    on_small_stack(|| {
        for source in [parens(MAX_NESTING), nots(MAX_NESTING), mixed(MAX_NESTING)] {
            let codes = every_stage(&source);
            assert!(codes.is_empty(), "{codes:?}");
            let checked = check(&source, &options());
            assert!(checked.policy.groups.contains_key("g"));
            let formatted = sup::format::format(&source).expect("formats");
            assert_eq!(sup::format::format(&formatted).expect("formats"), formatted);
        }
    });
}

#[test]
fn one_past_the_limit_is_refused_at_the_construct_that_crosses_it() {
    for (source, text) in [
        (parens(MAX_NESTING + 1), "("),
        (nots(MAX_NESTING + 1), "not"),
    ] {
        let checked = check(&source, &options());
        let d = &checked.diagnostics[0];
        assert_eq!(d.code, Code::TooDeeplyNested, "{:#?}", checked.diagnostics);
        let span = d.primary_span();
        assert_eq!(span.text(&source), text);
        let before = &source[span.end as usize..];
        // Exactly MAX_NESTING of the same construct come before it.
        let line = &source[..span.start as usize];
        let line = &line[line.rfind('\n').map_or(0, |i| i + 1)..];
        assert_eq!(line.matches(text).count(), MAX_NESTING, "{before:.10}");
        assert!(d.help.is_some());
    }
}

#[test]
fn depth_100_000_is_a_diagnostic_in_every_stage() {
    on_small_stack(|| {
        for source in [parens(100_000), nots(100_000), mixed(100_000)] {
            let codes = every_stage(&source);
            assert_eq!(codes.first(), Some(&Code::TooDeeplyNested), "{codes:?}");
            match sup::format::format(&source) {
                Err(sup::format::FormatError::Syntax(d)) => {
                    assert_eq!(d[0].code, Code::TooDeeplyNested)
                }
                Ok(_) => panic!("formatted an over-deep file"),
            }
        }
    });
}

#[test]
fn an_over_deep_statement_costs_only_itself() {
    let source = format!("{}group h: staff where role is team_manager\nrule s: require one_to_one for h: every 1 week\n", parens(1000));
    let checked = check(&source, &options());
    assert_eq!(checked.diagnostics[0].code, Code::TooDeeplyNested);
    assert!(checked.policy.groups.contains_key("h"));
    assert!(checked.policy.rules.iter().any(|r| r.name == "s"));
}

fn sup() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sup"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sup-deep-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_command_exits_1_with_the_diagnostic_at_depth_100_000() {
    let dir = temp_dir("cli");
    let ok = write(&dir, "ok.sup", &nots(1));
    for (name, text) in [("parens.sup", parens(100_000)), ("nots.sup", nots(100_000))] {
        let deep = write(&dir, name, &text);
        let deep = deep.to_str().unwrap();
        let ok = ok.to_str().unwrap();
        for args in [
            vec!["check", deep],
            vec!["check", "--format", "json", deep],
            vec!["describe", deep],
            vec!["compile", deep],
            vec!["diff", ok, deep],
            vec!["diff", deep, ok],
        ] {
            let out = sup().args(&args).output().unwrap();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.status.code(), Some(1), "{args:?}: {all:.2000}");
            assert!(
                all.contains("sup::too-deeply-nested"),
                "{args:?}: {all:.2000}"
            );
        }
        // `sup fmt` leaves a file with errors alone and exits 2, as for any
        // syntax error.
        for args in [vec!["fmt", "--check", deep], vec!["fmt", deep]] {
            let out = sup().args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr:.2000}");
            assert!(
                stderr.contains("sup::too-deeply-nested"),
                "{args:?}: {stderr:.2000}"
            );
            assert_eq!(std::fs::read_to_string(deep).unwrap(), text);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `links` groups, each refining the one before, and a rule for the last.
fn chain(links: usize) -> String {
    let mut text = format!("{HEADER}group g0: staff where role is social_worker\n");
    for i in 1..=links {
        text.push_str(&format!(
            "group g{i}: g{} where role is social_worker\n",
            i - 1
        ));
    }
    text.push_str(&format!(
        "rule r: require one_to_one for g{links}: every 1 month\n"
    ));
    text
}

#[test]
fn a_chain_of_50_000_refinements_goes_through_every_stage() {
    // Functional, not timed: docs/performance.md has the figures. Before,
    // the chain's table and the conflict lint rescanned it for every link.
    on_small_stack(|| {
        let source = chain(50_000);
        let checked = check(&source, &options());
        assert!(
            checked.diagnostics.is_empty(),
            "{:#?}",
            &checked.diagnostics[..1]
        );
        assert_eq!(checked.policy.groups["g50000"].table, "staff");
        assert_eq!(checked.policy.group_conditions("g50000").len(), 50_001);
        let described = sup::describe::describe(&checked.policy);
        assert!(described.contains("g50000"));
        let formatted = sup::format::format(&source).expect("formats");
        assert!(formatted.contains("group g50000: g49999 where role is social_worker"));
        let same = sup::diff::diff(&checked.policy, &checked.policy);
        assert!(sup::diff::same_meaning(&checked.policy, &checked.policy));
        let _ = same;
    });
}

#[test]
fn a_circle_of_50_000_refinements_is_reported_for_each_group() {
    on_small_stack(|| {
        let source = chain(50_000).replace("group g0: staff where", "group g0: g50000 where");
        let checked = check(&source, &options());
        let circles = checked
            .diagnostics
            .iter()
            .filter(|d| d.message.ends_with("refines itself"))
            .count();
        assert_eq!(circles, 50_001);
    });
}
