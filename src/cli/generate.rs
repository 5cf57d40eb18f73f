//! `sup generate`: write a synthetic export for the BCP policy, with
//! planted breaches and `planted.json` listing them.

use std::path::PathBuf;

use super::exit;
use sup::generate::{generate, Config, TABLES};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The directory to write (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// About this many current staff. The organisation always has at least
    /// five teams (about 40 staff), so that every rule has someone to judge.
    #[arg(long, default_value_t = 40)]
    staff: usize,
    /// Pad the sessions table to this many rows (0: only the scheduled ones).
    #[arg(long, default_value_t = 0)]
    sessions: usize,
    /// The as-of date the history leads up to.
    #[arg(long, value_parser = super::parse_date, value_name = "YYYY-MM-DD", default_value = "2026-11-22")]
    as_of: chrono::NaiveDate,
    /// Years of history.
    #[arg(long, default_value_t = 2)]
    years: u32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Breaches planted of each kind (0: a compliant export).
    #[arg(long, default_value_t = 1)]
    plants: usize,
    /// Where to write the list of planted findings (default: DIR/planted.json).
    #[arg(long, value_name = "FILE")]
    planted: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> u8 {
    let config = Config {
        staff: args.staff,
        as_of: args.as_of,
        years: args.years,
        seed: args.seed,
        plants: args.plants,
        sessions: args.sessions,
    };
    let org = generate(&config);
    // The smallest organisation is larger than a small request: say so
    // rather than leave the reader to find out from the files. Only a
    // request below the written count can be below it, and the smallest
    // organisation is cheap to make.
    if args.staff < org.staff.len() {
        let minimum = generate(&Config {
            staff: 0,
            sessions: 0,
            ..config
        })
        .staff
        .len();
        if args.staff < minimum {
            sayln!(
                "note: asked for {} staff; the smallest organisation that gives every rule someone to judge has {minimum}",
                args.staff
            );
        }
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        sayln!("error: cannot create `{}`: {e}", args.out.display());
        return exit::FAILED;
    }
    for table in TABLES {
        let path = args.out.join(format!("{table}.csv"));
        let written = std::fs::File::create(&path).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            org.write_table(table, &mut w)?;
            std::io::Write::flush(&mut w)
        });
        if let Err(e) = written {
            sayln!("error: cannot write `{}`: {e}", path.display());
            return exit::FAILED;
        }
    }
    let planted = args
        .planted
        .clone()
        .unwrap_or_else(|| args.out.join("planted.json"));
    if let Err(e) = std::fs::write(&planted, org.planted_json()) {
        sayln!("error: cannot write `{}`: {e}", planted.display());
        return exit::FAILED;
    }
    sayln!(
        "wrote {} staff, {} sessions, {} cases and {} planted findings to {}",
        org.staff.len(),
        org.sessions.len(),
        org.cases.len(),
        org.planted.len(),
        args.out.display()
    );
    exit::OK
}
