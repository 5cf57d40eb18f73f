//! `sup generate`: write a synthetic export for the BCP policy, with
//! planted breaches and `planted.json` listing them.

use std::path::PathBuf;

use super::exit;
use sup::generate::{generate, Config, HISTORY_TABLE, TABLES};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The directory to write (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// About this many current staff (default 40). The organisation always
    /// has at least five teams (about 45 staff), so that every rule has
    /// someone to judge.
    #[arg(long, value_parser = parse_staff)]
    staff: Option<usize>,
    /// Pad the sessions table to this many rows (0: only the scheduled ones).
    #[arg(long, default_value_t = 0, value_parser = parse_sessions)]
    sessions: usize,
    /// The as-of date the history leads up to.
    #[arg(long, value_parser = super::parse_date, value_name = "YYYY-MM-DD", default_value = "2026-11-22")]
    as_of: chrono::NaiveDate,
    /// Years of history.
    #[arg(long, default_value_t = 2, value_parser = parse_years)]
    years: u32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Breaches planted of each kind (0: a compliant export).
    #[arg(long, default_value_t = 1, value_parser = parse_plants)]
    plants: usize,
    /// Also write `staff_history.csv` (past training, supervisors, line
    /// managers, tags and a lapsed registration), with breaches only an evaluator
    /// that reads it finds, and `traps.json`: compliant people an evaluator
    /// that ignores it would flag.
    #[arg(long)]
    history: bool,
    /// Where to write the list of planted findings (default: DIR/planted.json).
    #[arg(long, value_name = "FILE")]
    planted: Option<PathBuf>,
    /// With `--history`, where to write the list of traps (default:
    /// DIR/traps.json).
    #[arg(long, value_name = "FILE", requires = "history")]
    traps: Option<PathBuf>,
}

// Bounds on the sizes asked for. Without them a mistyped number (an extra
// zero or three) runs for hours and ends in the out-of-memory killer, not in
// a message; the largest benchmark (docs/performance.md) is 40,000 staff and
// 4,000,000 sessions, well inside them.
const MAX_STAFF: u64 = 100_000;
const MAX_SESSIONS: u64 = 10_000_000;
const MAX_YEARS: u64 = 100;
const MAX_PLANTS: u64 = 1_000;

/// A whole number from `min` to `max`, or a message saying what to write.
fn bounded(text: &str, what: &str, min: u64, max: u64) -> Result<u64, String> {
    let digits = text.trim();
    let too_many = || format!("`{text}` is too many: at most {} {what}", thousands(max));
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{text}` is not a whole number of {what}"));
    }
    // All digits but too long for a u64 is a (very) large number, not a typo.
    let n: u64 = digits.parse().map_err(|_| too_many())?;
    if n < min {
        return Err(format!("`{text}` is too few: give at least {min}"));
    }
    if n > max {
        return Err(too_many());
    }
    Ok(n)
}

/// `100000` as `100,000`, as the limits are written in the docs.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn as_usize(n: u64) -> Result<usize, String> {
    usize::try_from(n).map_err(|_| format!("`{n}` is too large for this machine"))
}

fn parse_staff(text: &str) -> Result<usize, String> {
    as_usize(bounded(text, "staff", 0, MAX_STAFF)?)
}

fn parse_sessions(text: &str) -> Result<usize, String> {
    as_usize(bounded(text, "sessions", 0, MAX_SESSIONS)?)
}

fn parse_years(text: &str) -> Result<u32, String> {
    let n = bounded(text, "years", 1, MAX_YEARS)?;
    u32::try_from(n).map_err(|_| format!("`{n}` is too many years"))
}

fn parse_plants(text: &str) -> Result<usize, String> {
    as_usize(bounded(text, "breaches of each kind", 0, MAX_PLANTS)?)
}

pub(crate) fn run(args: &Args) -> u8 {
    // Checked before the (possibly long) generation, not after it.
    if args.out.is_file() {
        sayln!(
            "error: `{}` is a file: `--out` takes a directory to write the export's files into (it is created if missing)",
            args.out.display()
        );
        return exit::FAILED;
    }
    if let Some(planted) = args.planted.as_ref().filter(|p| p.is_dir()) {
        sayln!(
            "error: `{}` is a directory: `--planted` takes the file to write the list of planted findings to",
            planted.display()
        );
        return exit::FAILED;
    }
    if let Some(traps) = args.traps.as_ref().filter(|p| p.is_dir()) {
        sayln!(
            "error: `{}` is a directory: `--traps` takes the file to write the list of traps to",
            traps.display()
        );
        return exit::FAILED;
    }
    let staff = args.staff.unwrap_or(Config::default().staff);
    let config = Config {
        staff,
        as_of: args.as_of,
        years: args.years,
        seed: args.seed,
        plants: args.plants,
        sessions: args.sessions,
        history: args.history,
    };
    let org = generate(&config);
    // The smallest organisation is larger than a small request: say so
    // rather than leave the reader to find out from the files. Only a
    // request below the written count can be below it, and the smallest
    // organisation is cheap to make.
    // Only a number the user gave is "asked for": the default is no request.
    let asked = args.staff.filter(|asked| *asked < org.staff.len());
    if let Some(asked) = asked {
        let minimum = generate(&Config {
            staff: 0,
            sessions: 0,
            ..config
        })
        .staff
        .len();
        if asked < minimum {
            tell!(
                "note: asked for {asked} staff; the smallest organisation that gives every rule someone to judge has {minimum}"
            );
        }
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        sayln!("error: cannot create `{}`: {e}", args.out.display());
        return exit::FAILED;
    }
    let history = args.history.then_some(HISTORY_TABLE);
    for table in TABLES.iter().copied().chain(history) {
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
    if args.history {
        let traps = args
            .traps
            .clone()
            .unwrap_or_else(|| args.out.join("traps.json"));
        if let Err(e) = std::fs::write(&traps, org.traps_json()) {
            sayln!("error: cannot write `{}`: {e}", traps.display());
            return exit::FAILED;
        }
    }
    tell!(
        "wrote {} staff, {} sessions, {} cases and {} planted findings to {}",
        org.staff.len(),
        org.sessions.len(),
        org.cases.len(),
        org.planted.len(),
        args.out.display()
    );
    exit::OK
}
