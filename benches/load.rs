//! Loading an export against the bare `csv`-crate parse of the same files:
//! the ratio of the two, from paired runs taken alternately so that a busy
//! host slows both alike (`cargo bench --bench load`).
//!
//! The bare parse reads every record of each file `sup` reads into one
//! reused `csv::ByteRecord`, on one thread, and types nothing. The export is
//! `SUP_BENCH_RECORDS` (a directory, such as a `sup generate` export) or,
//! without it, one generated for the run (`SUP_BENCH_STAFF`, default 1,000,
//! and `SUP_BENCH_SESSIONS`, default 100,000, seed 42) and removed after;
//! `SUP_BENCH_ROUNDS` pairs are run (default 5).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a benchmark that cannot set itself up should stop loudly"
)]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{bcp_policy, setting, write_export};
use sup::generate::Config;
use sup::records::{load_dir, LoadOptions};

/// Every record of `files`, fields counted so that nothing is optimised away.
fn bare_parse(files: &[PathBuf]) -> usize {
    let mut fields = 0;
    let mut record = csv::ByteRecord::new();
    for file in files {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(file)
            .expect("open");
        while reader.read_byte_record(&mut record).expect("read") {
            fields += record.len();
        }
    }
    fields
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter given after `--` is ignored.
    let policy = bcp_policy();
    let (dir, generated) = match std::env::var_os("SUP_BENCH_RECORDS") {
        Some(dir) => (PathBuf::from(dir), false),
        None => {
            let config = Config {
                staff: setting("SUP_BENCH_STAFF", 1_000),
                sessions: setting("SUP_BENCH_SESSIONS", 100_000),
                plants: 5,
                seed: 42,
                ..Config::default()
            };
            let dir = std::env::temp_dir().join(format!("sup-bench-load-{}", std::process::id()));
            write_export(&config, &dir);
            (dir, true)
        }
    };
    let load = |dir: &Path| load_dir(dir, &policy, &LoadOptions::default()).expect("loads");
    // The files `sup` reads are the ones the bare parse reads.
    let loaded = load(&dir);
    let files: Vec<PathBuf> = loaded
        .records
        .tables
        .values()
        .map(|t| PathBuf::from(&t.file))
        .collect();
    let rows: usize = loaded.records.tables.values().map(|t| t.len()).sum();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    drop(loaded);
    let rounds = setting("SUP_BENCH_ROUNDS", 5).max(1);
    let (mut bare, mut sup) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        std::hint::black_box(bare_parse(&files));
        bare.push(start.elapsed());
        let start = Instant::now();
        let loaded = std::hint::black_box(load(&dir));
        sup.push(start.elapsed());
        // Freeing is not loading (`sup` leaves it to the operating system).
        drop(loaded);
    }
    let ratios: Vec<String> = bare
        .iter()
        .zip(&sup)
        .map(|(b, s)| format!("{:.2}", s.as_secs_f64() / b.as_secs_f64()))
        .collect();
    let (bare, sup) = (median(&mut bare), median(&mut sup));
    println!(
        "{} files, {} MB, {rows} rows kept, {} threads, {rounds} paired rounds",
        files.len(),
        bytes / 1_000_000,
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
    );
    println!(
        "bare csv parse (median)  {:>8.1} ms",
        bare.as_secs_f64() * 1e3
    );
    println!(
        "sup load_dir (median)    {:>8.1} ms",
        sup.as_secs_f64() * 1e3
    );
    println!(
        "load / bare parse        {:>8.2}   (each pair: {})",
        sup.as_secs_f64() / bare.as_secs_f64(),
        ratios.join(", ")
    );
    if generated {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
