//! `sup eval`: judge record exports against a policy and report every
//! breach with its evidence. Exit 0: no breaches; 1: breaches; 2: could not
//! run (the policy has errors, or the export cannot be read).

use std::path::{Path, PathBuf};

use super::exit;
use sup::eval::trend::{trend, Granularity};
use sup::eval::{evaluate_recording, evaluate_versions, EvalOptions, PolicyVersion};
use sup::records::{load_dir, LoadOptions, Loaded, Mapping, RecordError};
use sup::report::findings::people::{self, People};
use sup::report::findings::{By, Format, Report};
use sup::workspace::{self, LoadedPolicy};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FindingsFormat {
    Human,
    Json,
    Junit,
    Csv,
    Markdown,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=...`).
    Github,
    /// One self-contained HTML page (to `-o FILE`, or standard output).
    Html,
    /// A spreadsheet workbook (needs `-o FILE`).
    Xlsx,
}

impl FindingsFormat {
    /// The text format, or `None` for the workbook (written as bytes).
    fn text(self) -> Option<Format> {
        Some(match self {
            FindingsFormat::Human => Format::Human,
            FindingsFormat::Json => Format::Json,
            FindingsFormat::Junit => Format::Junit,
            FindingsFormat::Csv => Format::Csv,
            FindingsFormat::Markdown => Format::Markdown,
            FindingsFormat::Sarif => Format::Sarif,
            FindingsFormat::Github => Format::Github,
            FindingsFormat::Html => Format::Html,
            FindingsFormat::Xlsx => return None,
        })
    }

    /// The file extension of `--split-by`'s files.
    fn extension(self) -> &'static str {
        match self {
            FindingsFormat::Human => "txt",
            FindingsFormat::Json => "json",
            FindingsFormat::Junit => "xml",
            FindingsFormat::Csv => "csv",
            FindingsFormat::Markdown => "md",
            FindingsFormat::Sarif => "sarif",
            FindingsFormat::Github => "txt",
            FindingsFormat::Html => "html",
            FindingsFormat::Xlsx => "xlsx",
        }
    }

    /// The formats that show each person's role and team.
    fn names_people(self) -> bool {
        matches!(
            self,
            FindingsFormat::Human | FindingsFormat::Html | FindingsFormat::Xlsx
        )
    }
}

/// How the human report groups findings (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ByArg {
    Team,
    Person,
    Rule,
}

impl From<ByArg> for By {
    fn from(b: ByArg) -> By {
        match b {
            ByArg::Team => By::Team,
            ByArg::Person => By::Person,
            ByArg::Rule => By::Rule,
        }
    }
}

/// What `--split-by` writes one report per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SplitBy {
    Team,
}

/// The periods of `--trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TrendBy {
    Month,
    Quarter,
}

impl From<TrendBy> for Granularity {
    fn from(t: TrendBy) -> Granularity {
        match t {
            TrendBy::Month => Granularity::Month,
            TrendBy::Quarter => Granularity::Quarter,
        }
    }
}

/// What `eval` and `explain` share: the policy, the records, the dates, as given on the
/// command line; what is not given comes from the project file (`sup.toml`).
#[derive(Debug, clap::Args)]
pub(crate) struct InputArgs {
    /// The policy to judge against: `.sup`, or the JSON `sup compile` wrote (`-`: standard
    /// input). Several versions of one policy (each with an `effective` date) judge each day
    /// under the version in force. Default: `policy` in `sup.toml`.
    #[arg(value_name = "POLICY", num_args = 0..)]
    pub policies: Vec<PathBuf>,
    /// The export directory: one `TABLE.csv`, `TABLE.jsonl` or `TABLE.xlsx` per table, or a
    /// workbook with a sheet per table (default: `records` in `sup.toml`).
    #[arg(long, value_name = "DIR")]
    pub records: Option<PathBuf>,
    /// A mapping from the export's names and codes onto the schema (docs/records.md).
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Judge the records as they stood at the start of this day (default: `sup.toml`'s, or today).
    #[arg(long, value_parser = super::parse_date, value_name = "YYYY-MM-DD")]
    pub as_of: Option<chrono::NaiveDate>,
    /// The first day judged (default: a year before the as-of date, or the policy's effective date if later).
    #[arg(long, value_parser = super::parse_date, value_name = "YYYY-MM-DD")]
    pub from: Option<chrono::NaiveDate>,
    /// Skip rows that cannot be read, reporting each, instead of stopping.
    #[arg(long)]
    pub lenient: bool,
}

/// [`InputArgs`] with the project file's values filled in where no flag was given.
#[derive(Debug)]
pub(crate) struct Input {
    pub policies: Vec<PathBuf>,
    pub records: PathBuf,
    pub map: Option<PathBuf>,
    pub as_of: Option<chrono::NaiveDate>,
    pub from: Option<chrono::NaiveDate>,
    pub lenient: bool,
}

impl InputArgs {
    /// Flags first, then the project file; a policy and a records directory are needed.
    pub fn resolve(&self, project: Option<&super::project::Project>) -> Result<Input, u8> {
        let policies = if self.policies.is_empty() {
            project.map(|p| p.policies.clone()).unwrap_or_default()
        } else {
            self.policies.clone()
        };
        if policies.is_empty() {
            sayln!("error: give the policy to judge against, or `policy` in a `sup.toml` (in this folder or one above)");
            return Err(exit::FAILED);
        }
        let Some(records) = self
            .records
            .clone()
            .or_else(|| project.and_then(|p| p.records.clone()))
        else {
            sayln!("error: give the export with `--records DIR`, or `records` in a `sup.toml` (in this folder or one above)");
            return Err(exit::FAILED);
        };
        Ok(Input {
            policies,
            records,
            map: self
                .map
                .clone()
                .or_else(|| project.and_then(|p| p.map.clone())),
            as_of: self.as_of.or_else(|| project.and_then(|p| p.as_of)),
            from: self.from.or_else(|| project.and_then(|p| p.from)),
            lenient: self.lenient || project.is_some_and(|p| p.lenient),
        })
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// How to print the findings (default: `sup.toml`'s, or human).
    #[arg(long, value_enum)]
    format: Option<FindingsFormat>,
    /// Also list what falls due in this period after the as-of date (`30d`, `4w`, `30`).
    #[arg(long, value_parser = parse_days, value_name = "DAYS")]
    upcoming: Option<u32>,
    /// Write the report to this file instead of standard output (with `--split-by`, a directory).
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// How the human report groups findings: each team and person, each person, or each rule.
    #[arg(long, value_enum, default_value_t = ByArg::Team)]
    by: ByArg,
    /// Write one report per team into the directory given with `-o`.
    #[arg(long, value_enum, value_name = "WHAT", requires = "output")]
    split_by: Option<SplitBy>,
    /// The most findings shown per rule in the human and Markdown reports (default: `sup.toml`'s, or 20).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Also report compliance per month or quarter, rule and team (in CSV, the series only).
    #[arg(long, value_enum, value_name = "PERIOD")]
    trend: Option<TrendBy>,
}

/// The most findings shown per rule when neither `--limit` nor `sup.toml` says.
const DEFAULT_LIMIT: usize = 20;

/// The longest `--upcoming` horizon. The evaluator works day by day, so an
/// unbounded horizon (`99999999d`) would exhaust memory instead of failing.
const MAX_UPCOMING_DAYS: u32 = 3660;

/// `30d`, `4w`, `30`: a number of days, from 1 to [`MAX_UPCOMING_DAYS`].
pub(crate) fn parse_days(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let (number, per) = if let Some(n) = t.strip_suffix('d') {
        (n, 1)
    } else if let Some(n) = t.strip_suffix('w') {
        (n, 7)
    } else {
        (t, 1)
    };
    let days = number
        .parse::<u128>()
        .map_err(|_| format!("`{text}` is not a number of days: write `30d`, `4w` or `30`"))?
        .saturating_mul(per);
    if days == 0 {
        return Err(format!(
            "`{text}` is no time at all: give at least 1 day, such as `30d`"
        ));
    }
    u32::try_from(days)
        .ok()
        .filter(|d| *d <= MAX_UPCOMING_DAYS)
        .ok_or_else(|| {
            format!("`{text}` is too far ahead: at most {MAX_UPCOMING_DAYS} days (about 10 years)")
        })
}

mod prepare;
pub(crate) use prepare::*;

pub(crate) fn run(args: &Args) -> u8 {
    // For measuring: `SUP_THREADS=1` judges every rule on one thread. The
    // report is the same whatever the number; anything but a whole number
    // leaves the default.
    if let Some(n) = std::env::var("SUP_THREADS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        sup::eval::set_threads(n);
    }
    let project = match super::project::find() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let project = project.as_ref();
    let input = match args.input.resolve(project) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let format = args
        .format
        .or_else(|| project.and_then(|p| p.format))
        .unwrap_or(FindingsFormat::Human);
    let upcoming = args.upcoming.or_else(|| project.and_then(|p| p.upcoming));
    let limit = args
        .limit
        .or_else(|| project.and_then(|p| p.limit))
        .unwrap_or(DEFAULT_LIMIT);
    // A JUnit report is pass or fail per test case: a series has no place
    // in it, and dropping it silently would hide that it was asked for.
    // Nor do SARIF results or workflow annotations, which are one per finding.
    let no_series = match format {
        FindingsFormat::Junit => Some("a JUnit report"),
        FindingsFormat::Sarif => Some("a SARIF log"),
        FindingsFormat::Github => Some("GitHub annotations"),
        _ => None,
    };
    if let (Some(_), Some(name)) = (args.trend, no_series) {
        sayln!("error: `--trend` cannot be shown in {name}: use `--format csv`, `json`, `human` or `markdown`");
        return exit::FAILED;
    }
    if format == FindingsFormat::Xlsx && args.output.is_none() {
        sayln!("error: a workbook is not text: give the file to write with `-o FILE.xlsx`");
        return exit::FAILED;
    }
    // The HTML page and the workbook chart compliance by team per month
    // unless asked for quarters.
    let trend_by = args.trend.or(match format {
        FindingsFormat::Html | FindingsFormat::Xlsx => Some(TrendBy::Month),
        _ => None,
    });
    let mut also_keep = match trend_by {
        Some(_) => trend_columns(&input.policies),
        None => Default::default(),
    };
    // Each person's role and team, and whose each row is: read only for the
    // reports that show them, so the others load what they always did.
    let names_people = format.names_people() || args.split_by.is_some();
    if names_people {
        for (table, columns) in people_columns(&input.policies) {
            also_keep.entry(table).or_default().extend(columns);
        }
    }
    let prepared = match prepare_keeping(&input, upcoming, also_keep) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let policy = &prepared.policy.checked.policy;
    let loaded_at = std::time::Instant::now();
    let records = &prepared.loaded.records;
    let record = trend_by.is_some();
    let mut evaluation = if prepared.earlier.is_empty() {
        evaluate_recording(policy, records, &prepared.options, record)
    } else {
        match evaluate_versions(&prepared.versions(), &prepared.options, record) {
            Ok(e) => e,
            Err(e) => {
                sayln!("error: {e}");
                return exit::FAILED;
            }
        }
    };
    if let Some(by) = trend_by {
        evaluation.trend = Some(trend(records, &evaluation, by.into()));
        // The judgements are summed up in the series: free them now.
        evaluation.judgements = Vec::new();
    }
    note_future(&mut evaluation, super::today());
    if std::env::var_os("SUP_TIMINGS").is_some() {
        sayln!(
            "timing: load {:.3}s, evaluate {:.3}s",
            prepared.load_time.as_secs_f64(),
            loaded_at.elapsed().as_secs_f64()
        );
        for rule in &evaluation.rules {
            sayln!(
                "timing: {:>8.3}s  {}",
                rule.elapsed.as_secs_f64(),
                rule.rule
            );
        }
    }
    let records = input.records.display().to_string();
    // With several versions, a file or column is "not read" only when no
    // version reads it.
    let load_notes: Vec<sup::records::RecordNote> = prepared
        .loaded
        .notes
        .iter()
        .filter(|n| prepared.earlier.iter().all(|(_, l)| l.notes.contains(n)))
        .cloned()
        .collect();
    let people = if names_people {
        People::read(
            &prepared.loaded.records,
            policy,
            &evaluation.findings,
            evaluation.period.last,
        )
    } else {
        People::default()
    };
    let report = Report {
        policy,
        records: &records,
        table_sizes: table_sizes(&prepared.loaded.records),
        evaluation: &evaluation,
        load_notes: &load_notes,
        skipped: &prepared.loaded.skipped,
        skipped_rows: prepared.loaded.skipped_rows,
        upcoming_days: upcoming,
        color: args.output.is_none() && format == FindingsFormat::Human && super::stdout_color(),
        limit,
        by: args.by.into(),
        people: &people,
    };
    let written = match (&args.output, args.split_by) {
        (Some(dir), Some(SplitBy::Team)) => split_by_team(&report, format, dir),
        (Some(path), None) => render(&report, format).and_then(|bytes| write_file(path, &bytes)),
        (None, _) => render(&report, format).map(|bytes| {
            super::print_stdout(&String::from_utf8_lossy(&bytes));
        }),
    };
    if let Err(message) = written {
        sayln!("error: {message}");
        return exit::FAILED;
    }
    let code = if evaluation.breaches() > 0 {
        exit::FOUND
    } else {
        exit::OK
    };
    // The process ends here: freeing a million interned ids one by one
    // takes longer than the operating system takes to reclaim them all.
    std::mem::forget(evaluation);
    std::mem::forget(prepared);
    code
}

/// The report in `format`, as the bytes to write.
fn render(report: &Report, format: FindingsFormat) -> Result<Vec<u8>, String> {
    match format.text() {
        Some(text) => Ok(report.render(text).into_bytes()),
        None => report.xlsx(),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

/// `--split-by team -o DIR`: one report per team, each holding only that
/// team's findings (and trend rows), named by the team's slug.
fn split_by_team(report: &Report, format: FindingsFormat, dir: &Path) -> Result<(), String> {
    if dir.is_file() {
        return Err(format!(
            "`{}` is a file: with `--split-by`, `-o` takes a directory",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let teams = report.teams();
    let names = sup::report::findings::file_names(&teams, format.extension());
    for (team, name) in teams.iter().zip(&names) {
        let evaluation = sup::report::findings::for_team(report.evaluation, report.people, team);
        let one = Report {
            evaluation: &evaluation,
            table_sizes: report.table_sizes.clone(),
            ..*report
        };
        write_file(&dir.join(name), &render(&one, format)?)?;
    }
    sayln!(
        "wrote {} to `{}`",
        match names.len() {
            1 => "1 team's report".to_string(),
            n => format!("{n} teams' reports"),
        },
        dir.display()
    );
    Ok(())
}

/// The columns the reports that name people read (each person's role and
/// team, and the staff each row refers to), for every version's policy.
/// The policy is read again here only to name them, as for `--trend`.
fn people_columns(paths: &[PathBuf]) -> KeepColumns {
    let mut keep = KeepColumns::new();
    for policy in paths
        .iter()
        .filter_map(|path| workspace::load(path, None).ok())
    {
        for (table, columns) in people::columns_read(&policy.checked.policy) {
            keep.entry(table).or_default().extend(columns);
        }
    }
    keep
}

/// The columns `--trend` reads that no rule may: the staff `team`, and each
/// table's references to staff (a case's `worker`: whose team it counts in).
/// The policy is read again here only to name them; a policy that cannot be
/// read is reported by `prepare`.
fn trend_columns(paths: &[PathBuf]) -> KeepColumns {
    let mut keep = std::collections::BTreeMap::from([(
        "staff".to_string(),
        std::collections::BTreeSet::from(["team".to_string()]),
    )]);
    for policy in paths
        .iter()
        .filter_map(|path| workspace::load_any(path, None).ok())
    {
        let staff = sup::policy::ColumnType::Ref("staff".to_string());
        for table in policy.checked.policy.tables.values() {
            for column in table.columns.iter().filter(|c| c.ty == staff) {
                keep.entry(table.name.clone())
                    .or_default()
                    .insert(column.name.clone());
            }
        }
    }
    keep
}

/// Rows loaded per table: staff and sessions first, then the rest.
fn table_sizes(records: &sup::records::Records) -> Vec<(String, usize)> {
    let mut sizes: Vec<(String, usize)> = records
        .tables
        .iter()
        .map(|(n, t)| (n.clone(), t.len()))
        .collect();
    sizes.sort_by_key(|(n, _)| (n != "staff", n != "sessions", n.clone()));
    sizes
}

#[cfg(test)]
mod tests {
    #[test]
    fn days() {
        assert_eq!(super::parse_days("30d"), Ok(30));
        assert_eq!(super::parse_days("4w"), Ok(28));
        assert_eq!(super::parse_days("7"), Ok(7));
        assert_eq!(super::parse_days("3660d"), Ok(3660));
        assert_eq!(
            super::parse_days("0d"),
            Err("`0d` is no time at all: give at least 1 day, such as `30d`".into())
        );
        assert_eq!(
            super::parse_days("soon"),
            Err("`soon` is not a number of days: write `30d`, `4w` or `30`".into())
        );
        // Too far ahead is refused, not left to exhaust memory.
        for text in ["3661d", "523w", "99999999d", "99999999999999999999w"] {
            assert!(
                super::parse_days(text).is_err_and(|e| e.contains("at most 3660 days")),
                "{text}"
            );
        }
    }
}
