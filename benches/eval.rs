//! Criterion benchmark: load and evaluate a generated export under the BCP
//! policy. Small by default so `cargo bench` stays quick on a shared
//! machine; `SUP_BENCH_STAFF` and `SUP_BENCH_SESSIONS` scale it up. The
//! 10,000-staff, 1,000,000-session figures in `docs/performance.md` come
//! from the `sup` binary timed as a whole (see there).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a benchmark that cannot set itself up should stop loudly"
)]

mod common;

use common::{bcp_policy, setting, write_export};
use criterion::{criterion_group, criterion_main, Criterion};
use sup::eval::{evaluate, EvalOptions};
use sup::generate::Config;
use sup::records::{load_dir, LoadOptions};

fn bench(c: &mut Criterion) {
    let policy = bcp_policy();
    let config = Config {
        staff: setting("SUP_BENCH_STAFF", 400),
        sessions: setting("SUP_BENCH_SESSIONS", 40_000),
        plants: 5,
        ..Config::default()
    };
    let dir = std::env::temp_dir().join(format!("sup-bench-{}", std::process::id()));
    let org = write_export(&config, &dir);
    let options = EvalOptions {
        as_of: config.as_of,
        from: None,
        upcoming_days: None,
    };
    let name = format!("{} staff, {} sessions", org.staff.len(), org.sessions.len());
    let mut group = c.benchmark_group("bcp");
    group.sample_size(10);
    group.bench_function(format!("load {name}"), |b| {
        b.iter(|| load_dir(&dir, &policy, &LoadOptions::default()).expect("loads"));
    });
    let loaded = load_dir(&dir, &policy, &LoadOptions::default()).expect("loads");
    group.bench_function(format!("evaluate {name}"), |b| {
        b.iter(|| evaluate(&policy, &loaded.records, &options));
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
