//! The generator plants breaches and lists them; the evaluator must find
//! every planted breach and nothing else, for several seeds and sizes.

// A failed expectation in a test is a failing test, which is what we want.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use sup::eval::{evaluate, EvalOptions, Status};
use sup::generate::{generate, Config, TABLES};
use sup::records::{load_dir, LoadOptions};

fn check(config: Config) {
    if let Err(e) = verdict(&config) {
        panic!("{e}");
    }
}

/// Whether the evaluator finds every planted breach of `config`'s export,
/// on its day, and nothing else; if not, what differs.
fn verdict(config: &Config) -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let source =
        std::fs::read_to_string(root.join("policies/bcp-childrens-services.sup")).expect("policy");
    let checked = sup::check::check(&source, &sup::check::CheckOptions::default());
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let org = generate(config);
    let dir = std::env::temp_dir().join(format!(
        "sup-planted-{}-{}-{}",
        std::process::id(),
        config.seed,
        config.staff
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for table in TABLES {
        let mut file = std::fs::File::create(dir.join(format!("{table}.csv"))).expect("create");
        org.write_table(table, &mut file).expect("write");
    }
    let loaded = load_dir(&dir, &checked.policy, &LoadOptions::default())
        .expect("the generated export loads");
    let _ = std::fs::remove_dir_all(&dir);
    let evaluation = evaluate(
        &checked.policy,
        &loaded.records,
        &EvalOptions {
            as_of: config.as_of,
            from: None,
            upcoming_days: None,
        },
    );
    // (rule, subject, status) → the days of the findings.
    let mut found: BTreeMap<(String, String, &str), Vec<NaiveDate>> = BTreeMap::new();
    for f in &evaluation.findings {
        let status = match f.status {
            Status::Breach => "breach",
            Status::Waived => "waived",
            Status::Pending => continue,
        };
        found
            .entry((f.rule.clone(), f.subject.id.clone(), status))
            .or_default()
            .push(f.date);
    }
    let mut missing = Vec::new();
    for p in &org.planted {
        let key = (p.rule.clone(), p.subject.clone(), p.status);
        match found.get(&key) {
            None => missing.push(format!("{p:?}")),
            Some(days) => {
                if let Some(d) = p.date {
                    if !days.contains(&d) {
                        missing.push(format!("{p:?} (found on {days:?})"));
                    }
                }
            }
        }
    }
    let unexpected: Vec<String> = found
        .keys()
        .filter(|(rule, subject, status)| {
            !org.planted
                .iter()
                .any(|p| &p.rule == rule && &p.subject == subject && p.status == *status)
        })
        .map(|k| format!("{k:?}"))
        .collect();
    if !missing.is_empty() || !unexpected.is_empty() {
        return Err(format!(
            "seed {} staff {} plants {}: missing {missing:#?}\nunexpected {unexpected:#?}",
            config.seed, config.staff, config.plants
        ));
    }
    // Dated plants produce exactly one finding each (one breach can plant
    // several findings of one rule, such as two repeats in a run of turns).
    let dated = |p: &&sup::generate::Planted| p.date.is_some() && p.status == "breach";
    for p in org.planted.iter().filter(dated) {
        let n = found
            .get(&(p.rule.clone(), p.subject.clone(), "breach"))
            .map_or(0, Vec::len);
        let planted = org
            .planted
            .iter()
            .filter(dated)
            .filter(|q| q.rule == p.rule && q.subject == p.subject)
            .count();
        if n != planted {
            return Err(format!(
                "seed {} staff {} plants {}: {planted} planted, {n} found: {p:?}",
                config.seed, config.staff, config.plants
            ));
        }
    }
    if config.plants > 0 {
        let families: std::collections::BTreeSet<&str> =
            evaluation.findings.iter().map(|f| f.family).collect();
        if families.len() != 7 {
            return Err(format!(
                "seed {}: not every family has a planted breach: {families:?}",
                config.seed
            ));
        }
    }
    Ok(())
}

/// Many plants draw the same case decision more than once; it must be
/// planted once (a second plant overwrote the first, and the planted list then
/// named a breach the export did not have).
#[test]
fn a_case_decision_is_planted_once() {
    for seed in 1..=5 {
        let org = generate(&Config {
            staff: 40,
            seed,
            plants: 50,
            ..Config::default()
        });
        let mut seen = std::collections::BTreeSet::new();
        for p in org
            .planted
            .iter()
            .filter(|p| p.rule == "case_decisions_recorded_within_a_week")
        {
            assert!(
                seen.insert(p.subject.clone()),
                "seed {seed}: {} planted twice",
                p.subject
            );
        }
    }
}

#[test]
fn planted_breaches_are_found_and_nothing_else() {
    // The last three put several rounds of plants in one organisation of
    // 400: a manager left short-staffed by one round once got a starter
    // planted by an earlier round, and the breach was found on another day.
    for (seed, staff, plants) in [
        (1, 40, 1),
        (2, 40, 1),
        (3, 100, 2),
        (11, 250, 3),
        (2, 400, 5),
        (4, 400, 5),
        (7, 400, 20),
    ] {
        check(Config {
            staff,
            seed,
            plants,
            ..Config::default()
        });
    }
}

#[test]
fn a_compliant_export_has_no_breaches() {
    let config = Config {
        plants: 0,
        seed: 5,
        ..Config::default()
    };
    check(config);
}

/// Every seed from 1 to 8 with 1, 5, 20 and 50 plants of each kind in an
/// organisation of 400, and a few at the default size: many plants crowd
/// the same teams and managers, which is where plants used to interact.
/// About 40 seconds in a debug build, so run on demand:
/// `cargo test --test planted -- --ignored`.
#[test]
#[ignore = "a sweep of 40 exports; run with --ignored"]
fn sweep_of_seeds_and_plant_counts() {
    let mut configs = Vec::new();
    for seed in 1..=8 {
        for plants in [1, 5, 20, 50] {
            configs.push((seed, 400, plants));
        }
    }
    for seed in 1..=4 {
        configs.push((seed, Config::default().staff, 20));
    }
    let failures: Vec<String> = configs
        .into_iter()
        .filter_map(|(seed, staff, plants)| {
            verdict(&Config {
                staff,
                seed,
                plants,
                ..Config::default()
            })
            .err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
