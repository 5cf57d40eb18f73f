//! Time from a `didChange` notification to the `publishDiagnostics` for that
//! version, for a generated 2,000-line policy, through the whole server (an
//! in-process pipe speaking framed JSON-RPC, as an editor would).
//!
//! Run: `cargo bench -p sup-lsp --bench diagnostics` (`-- --write FILE`
//! writes the generated policy to FILE instead). The figure to compare
//! with the 15 ms target is the median with the default settings; a run
//! with a fixed 20 ms debounce shows what such a wait would add, and the
//! check alone (and its parse) shows what the library's part of it is.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a benchmark that cannot set itself up should stop loudly"
)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::TestClient;
use serde_json::json;

const URI: &str = "file:///bench/policy.sup";
const ROUNDS: usize = 60;

/// A policy of about `lines` lines shaped like the shipped ones: each rule
/// and group after the comment quoting its clause, every rule family, and
/// a term calendar.
fn generate(lines: usize) -> String {
    let mut out = String::from(
        "# A generated policy for the benchmark — café\n\
         policy \"Generated policy\" {\n  owner: \"Benchmark\"\n  version: \"1\"\n  effective: 2025-04-01\n  review: 2027-04-01\n}\n\n\
         roles: social_worker, senior_social_worker, team_manager, service_manager, inspector, auditor\n\
         tags: asye, overseas, statutory, trained\n\
         purposes: supervision, audit, inspection, disciplinary\n\
         session kinds: live_supervision\n\n\
         extend staff {\n  placement_days: optional number\n}\n\n\
         group all_staff \"everyone\": staff\n\n\
         rule records_seen: access personal_supervision records {\n  allow team_manager for supervision\n  allow inspector for inspection\n  notify subject within 5 working days\n}\n\n\
         calendar half_term \"half terms\" {\n",
    );
    for year in 2024..2028 {
        for (k, (from, to)) in [("09-01", "10-24"), ("11-03", "12-19")].iter().enumerate() {
            out.push_str(&format!(
                "  autumn_{}_{year}: {year}-{from} to {year}-{to}\n",
                k + 1
            ));
        }
    }
    out.push_str("}\n\n");
    let mut i = 0;
    while out.lines().count() < lines {
        let clause = format!("# \"Staff in team {i} receive regular supervision\" (Section {i})\n");
        out.push_str(&clause);
        out.push_str(&format!(
            "group team_{i} \"team {i}\": all_staff where team = \"Team {i}\" and level >= {}\n",
            i % 5
        ));
        if i % 6 == 1 {
            out.push_str(&format!(
                "group new_in_team_{i}: team_{i} where tenure < 12 months and tags has asye\n"
            ));
        }
        out.push_str(&clause);
        out.push_str(&match i % 6 {
            0 => format!("rule monthly_{i}: require one_to_one for team_{i}: at least 1 per month, not pro rata\n"),
            1 => format!(
                "rule phased_{i}: require one_to_one for new_in_team_{i} by tenure {{\n  first 6 weeks: every 1 week\n  until 12 months: every 2 weeks\n  then: every 1 month\n}}\n"
            ),
            2 => format!(
                "rule eligible_{i}: eligible supervisor of one_to_one for team_{i} {{\n  supervisor.level >= supervisee.level + 1\n  when supervisee.tenure < 12 months: supervisor.supervising_for >= 2 years\n}} waivable by service_manager\n"
            ),
            3 => format!("rule termly_{i}: require live_supervision for team_{i}: at least once in each half_term\n"),
            4 => format!(
                "rule recorded_{i}: deadline sessions: recorded within 5 working days of start where status is held and supervisee in team_{i}\n"
            ),
            _ => format!("rule ratio_{i}: limit supervisees for team_{i}: 5 to 7, waivable by service_manager\n"),
        });
        out.push('\n');
        i += 1;
    }
    out
}

struct Stats {
    min: Duration,
    median: Duration,
    p90: Duration,
    max: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Stats {
        min: samples[0],
        median: at(0.5),
        p90: at(0.9),
        max: *samples.last().unwrap(),
    }
}

/// Change one number per round (so each check has real work) and time until
/// that version's diagnostics arrive.
async fn change_to_diagnostics(text: &str, debounce_ms: Option<u64>) -> Stats {
    let mut client = TestClient::in_process();
    let mut options = json!({ "today": "2026-11-22" });
    if let Some(ms) = debounce_ms {
        options["debounceMs"] = json!(ms);
    }
    client.initialize_with(json!({}), options).await;
    client.open(URI, text).await;
    let first = client.diagnostics(URI).await;
    assert_eq!(
        first["diagnostics"],
        json!([]),
        "the generated policy must check clean"
    );
    // Each round retypes one digit, as an editor sends it: an incremental
    // change of one character (the first rule's `at least N per month`).
    let line = text
        .lines()
        .position(|l| l.contains("at least 1 per month"))
        .unwrap() as u32;
    let column = text
        .lines()
        .nth(line as usize)
        .unwrap()
        .find("at least 1")
        .unwrap() as u32
        + 9;
    let mut samples = Vec::new();
    for round in 0..ROUNDS {
        let version = round as i32 + 2;
        let digit = (round % 3 + 1).to_string();
        let started = Instant::now();
        client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": URI, "version": version },
                    "contentChanges": [{
                        "range": { "start": { "line": line, "character": column }, "end": { "line": line, "character": column + 1 } },
                        "text": digit
                    }]
                }),
            )
            .await;
        loop {
            let published = client.diagnostics(URI).await;
            if published["version"] == version {
                assert_eq!(
                    published["diagnostics"],
                    json!([]),
                    "the edit keeps the policy clean"
                );
                break;
            }
        }
        samples.push(started.elapsed());
    }
    client.shutdown().await;
    stats(samples)
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: keep it short then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let text = generate(2000);
    // `-- --write FILE` writes the policy out and stops, for timing
    // `sup check` on the same file (`docs/performance.md`).
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--write") {
        std::fs::write(&args[at + 1], &text).unwrap();
        return;
    }
    let lines = text.lines().count();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();

    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22);
    let mut checks = Vec::new();
    for _ in 0..if quick { 1 } else { ROUNDS } {
        let started = Instant::now();
        let loaded = sup_eval::workspace::check_source(
            std::path::Path::new("policy.sup"),
            "policy.sup",
            text.clone(),
            today,
        );
        checks.push(started.elapsed());
        assert!(
            loaded.checked.diagnostics.is_empty(),
            "{:#?}",
            loaded.checked.diagnostics.first()
        );
    }
    let check = stats(checks);
    let mut parses = Vec::new();
    for _ in 0..if quick { 1 } else { ROUNDS } {
        let started = Instant::now();
        let _ = sup::syntax::parse(&text);
        parses.push(started.elapsed());
    }
    let parse = stats(parses);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "generated policy: {lines} lines, {} bytes, {} rules; load average {}",
        text.len(),
        text.lines().filter(|l| l.starts_with("rule ")).count(),
        load.split(' ').take(3).collect::<Vec<_>>().join(" ")
    );
    show("sup check of the text alone", &check);
    show("  of which parsing", &parse);
    if quick {
        return;
    }
    show(
        "didChange → diagnostics (default settings)",
        &runtime.block_on(change_to_diagnostics(&text, None)),
    );
    show(
        "didChange → diagnostics (20 ms debounce)",
        &runtime.block_on(change_to_diagnostics(&text, Some(20))),
    );
}

fn show(label: &str, s: &Stats) {
    println!(
        "{label:<42} min {:>8.2?}  median {:>8.2?}  p90 {:>8.2?}  max {:>8.2?}",
        s.min, s.median, s.p90, s.max
    );
}
