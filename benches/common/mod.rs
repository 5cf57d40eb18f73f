//! Setup shared by the benchmarks: settings read from the environment and a
//! generated export written as CSV, so `eval` and `load` measure the same
//! kind of files made the same way.

use std::path::{Path, PathBuf};

use sup::generate::{generate, Config, Org, TABLES};

/// The whole-number setting `name` from the environment, or `default` when
/// it is unset or not a number.
pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The policy the benchmarks judge with, checked from the repository's copy.
pub fn bcp_policy() -> sup::policy::CompiledPolicy {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let source =
        std::fs::read_to_string(root.join("policies/bcp-childrens-services.sup")).expect("policy");
    sup::check::check(&source, &sup::check::CheckOptions::default()).policy
}

/// Generate an organisation from `config` and write every table of it as
/// `<table>.csv` into `dir` (created if missing); the caller removes `dir`.
pub fn write_export(config: &Config, dir: &Path) -> Org {
    let org = generate(config);
    std::fs::create_dir_all(dir).expect("temp dir");
    for table in TABLES {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(dir.join(format!("{table}.csv"))).expect("create"),
        );
        org.write_table(table, &mut file).expect("write");
    }
    org
}
