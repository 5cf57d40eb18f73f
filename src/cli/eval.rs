//! `sup eval`: judge record exports against a policy and report every
//! breach with its evidence. Exit 0: no breaches; 1: breaches; 2: could not
//! run (the policy has errors, or the export cannot be read).

use std::path::{Path, PathBuf};

use super::exit;
use sup::eval::trend::{trend, Granularity};
use sup::eval::{evaluate_recording, evaluate_versions, EvalOptions, PolicyVersion};
use sup::records::{load_dir, LoadOptions, Loaded, Mapping, RecordError};
use sup::report::diagnostics::render_human;
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
    /// The export directory: one `TABLE.csv` or `TABLE.jsonl` per table (default: `records` in `sup.toml`).
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

/// The policy, checked, and the export, loaded: or the exit code.
pub(crate) struct Prepared {
    /// The policy (with several versions, the latest one).
    pub policy: LoadedPolicy,
    pub loaded: Loaded,
    /// With several versions, the other ones, each with the export as it
    /// types it.
    pub earlier: Vec<(LoadedPolicy, Loaded)>,
    pub options: EvalOptions,
    /// How long reading the export took.
    pub load_time: std::time::Duration,
}

impl Prepared {
    /// Every version, each with its export (one when one policy was given).
    pub fn versions(&self) -> Vec<PolicyVersion<'_>> {
        let mut all: Vec<PolicyVersion> = self
            .earlier
            .iter()
            .map(|(p, l)| PolicyVersion {
                policy: &p.checked.policy,
                records: &l.records,
            })
            .collect();
        all.push(PolicyVersion {
            policy: &self.policy.checked.policy,
            records: &self.loaded.records,
        });
        all
    }
}

pub(crate) fn prepare(input: &Input, upcoming: Option<u32>) -> Result<Prepared, u8> {
    prepare_keeping(input, upcoming, Default::default())
}

/// [`prepare`], keeping `also_keep`'s columns that no rule reads (the staff
/// `team`, which `--trend` groups by).
pub(crate) fn prepare_keeping(
    input: &Input,
    upcoming: Option<u32>,
    also_keep: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Result<Prepared, u8> {
    let as_of = input.as_of.unwrap_or_else(super::today);
    if input.policies.len() < 2 {
        let Some(path) = input.policies.first() else {
            sayln!("error: give the policy to judge against");
            return Err(exit::FAILED);
        };
        return prepare_one(input, path, upcoming, as_of, also_keep);
    }
    prepare_versions(input, upcoming, as_of, also_keep)
}

/// Columns to keep although no rule reads them, by table.
type KeepColumns = std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;

/// Several versions of one policy: each checked, ordered by effective date,
/// and the export loaded once per version (each types it by its own schema).
fn prepare_versions(
    input: &Input,
    upcoming: Option<u32>,
    as_of: chrono::NaiveDate,
    also_keep: KeepColumns,
) -> Result<Prepared, u8> {
    let mut policies = Vec::with_capacity(input.policies.len());
    for path in &input.policies {
        policies.push(check_policy(path, as_of)?);
    }
    let compiled: Vec<&sup::policy::CompiledPolicy> =
        policies.iter().map(|p| &p.checked.policy).collect();
    let order = match sup::eval::order_versions(&compiled) {
        Ok(order) => order,
        Err(e) => {
            sayln!("error: {e}");
            return Err(exit::FAILED);
        }
    };
    let options = EvalOptions {
        as_of,
        from: input.from,
        upcoming_days: upcoming,
    };
    let from = sup::eval::first_day(&compiled, &options);
    if let Some(given) = input.from.filter(|f| *f >= as_of) {
        sayln!("error: `--from {given}` is not before `--as-of {as_of}`: nothing would be judged");
        return Err(exit::FAILED);
    }
    if from >= as_of {
        sayln!(
            "error: the earliest version takes effect on {from}, not before `--as-of {as_of}`: nothing would be judged"
        );
        return Err(exit::FAILED);
    }
    check_period(from, as_of)?;
    let mut slots: Vec<Option<LoadedPolicy>> = policies.into_iter().map(Some).collect();
    let load_started = std::time::Instant::now();
    let mut loaded = Vec::with_capacity(order.len());
    for i in order {
        let Some(policy) = slots.get_mut(i).and_then(Option::take) else {
            continue;
        };
        let records = match load_records(
            &input.records,
            input.map.as_deref(),
            input.lenient,
            &policy,
            also_keep.clone(),
        ) {
            Ok(l) => l,
            Err(code) => {
                sayln!(
                    "error: the export does not fit `{}` (each version reads it by its own tables and columns)",
                    policy.name
                );
                return Err(code);
            }
        };
        loaded.push((policy, records));
    }
    let Some((policy, last)) = loaded.pop() else {
        return Err(exit::FAILED);
    };
    Ok(Prepared {
        policy,
        loaded: last,
        earlier: loaded,
        load_time: load_started.elapsed(),
        options,
    })
}

/// Read and check one policy file, printing its errors; or the exit code.
fn check_policy(path: &Path, as_of: chrono::NaiveDate) -> Result<LoadedPolicy, u8> {
    let policy = match workspace::load_any(path, Some(as_of)) {
        Ok(p) => p,
        Err(e) => {
            print_load_error(&e);
            return Err(exit::FAILED);
        }
    };
    if policy.checked.has_errors() {
        let errors: Vec<_> = policy
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        say!(
            "{}",
            render_human(&policy.name, &policy.source, &errors, super::stderr_color())
        );
        sayln!(
            "error: `{}` has errors, so it cannot be evaluated; `sup check` lists them",
            policy.name
        );
        return Err(exit::FAILED);
    }
    Ok(policy)
}

fn prepare_one(
    input: &Input,
    path: &Path,
    upcoming: Option<u32>,
    as_of: chrono::NaiveDate,
    also_keep: KeepColumns,
) -> Result<Prepared, u8> {
    let policy = check_policy(path, as_of)?;
    // Usage problems first: reading a large export only to refuse it is slow.
    match (input.from, policy.checked.policy.header.effective) {
        (Some(from), _) if from >= as_of => {
            sayln!(
                "error: `--from {from}` is not before `--as-of {as_of}`: nothing would be judged"
            );
            return Err(exit::FAILED);
        }
        // By default judging starts when the policy takes effect; a policy
        // not yet in force on the as-of date has nothing to judge (the
        // period used to shrink to the one day before the as-of date, whose
        // month was then judged against rules not yet in force).
        (None, Some(effective)) if effective >= as_of => {
            sayln!(
                "error: `{}` takes effect on {effective}, not before `--as-of {as_of}`: nothing would be judged (give `--from` to judge earlier records against it anyway)",
                policy.name
            );
            return Err(exit::FAILED);
        }
        _ => {}
    }
    check_period(input.from.unwrap_or(as_of), as_of)?;
    let load_started = std::time::Instant::now();
    let loaded = load_records(
        &input.records,
        input.map.as_deref(),
        input.lenient,
        &policy,
        also_keep,
    )?;
    Ok(Prepared {
        policy,
        loaded,
        earlier: Vec::new(),
        load_time: load_started.elapsed(),
        options: EvalOptions {
            as_of,
            from: input.from,
            upcoming_days: upcoming,
        },
    })
}

/// The longest evaluation period: two centuries is more than any record of
/// employment, and bounds the memory per-day structures take (`--from
/// 1900-01-01 --as-of 9999-12-31` took over 1.5 GB).
const MAX_PERIOD_YEARS: i64 = 200;

/// Refuse a period too long to judge (exit 2), before anything is read.
pub(crate) fn check_period(from: chrono::NaiveDate, as_of: chrono::NaiveDate) -> Result<(), u8> {
    if (as_of - from).num_days() > MAX_PERIOD_YEARS * 366 {
        sayln!(
            "error: `--from {from}` to `--as-of {as_of}` is longer than {MAX_PERIOD_YEARS} years: give a shorter period (judging is done day by day)"
        );
        return Err(exit::FAILED);
    }
    Ok(())
}

/// An as-of date after tomorrow judges days that have not happened: with no
/// records for them, every rule looks broken. Say so in the report.
pub(crate) fn note_future(evaluation: &mut sup::eval::Evaluation, today: chrono::NaiveDate) {
    let as_of = evaluation.period.as_of;
    let Some(tomorrow) = today.succ_opt() else {
        return;
    };
    if as_of <= tomorrow {
        return;
    }
    let last = evaluation.period.last;
    let first = tomorrow.max(evaluation.period.from);
    let days = usize::try_from((last - first).num_days() + 1).unwrap_or(0);
    evaluation.notes.insert(
        0,
        sup::eval::EvalNote {
            code: sup::diagnostic::Code::EvalFutureAsOf,
            rule: None,
            message: format!(
                "`--as-of {as_of}` is after today ({today}): the days from {first} to {last} have no records yet, so what is found about them is not yet a breach"
            ),
            rows: Vec::new(),
            count: days,
        },
    );
}

/// Read the export (and the mapping, if any) as `policy`'s schema types it,
/// printing every error; or the exit code.
pub(crate) fn load_records(
    records: &Path,
    map: Option<&Path>,
    lenient: bool,
    policy: &LoadedPolicy,
    also_keep: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Result<Loaded, u8> {
    let mapping = match map {
        Some(path) => match read_mapping(path, policy) {
            Ok(m) => m,
            Err(e) => {
                print_record_errors(&[e]);
                sayln!("error: the mapping file cannot be used; nothing was evaluated");
                return Err(exit::FAILED);
            }
        },
        None => Mapping::default(),
    };
    let options = LoadOptions {
        mapping,
        lenient,
        also_keep,
    };
    match load_dir(records, &policy.checked.policy, &options) {
        Ok(l) => Ok(l),
        Err(errors) => {
            print_record_errors(&errors);
            // Rows beyond the first few listed in a file still count.
            let unlisted: usize = errors
                .iter()
                .map(|e| match e {
                    RecordError::TooMany { count, shown, .. } => count.saturating_sub(*shown),
                    _ => 0,
                })
                .sum();
            let rows = errors.iter().filter(|e| e.is_row_error()).count() + unlisted;
            if rows > 0 && !lenient {
                sayln!(
                    "error: the export has {rows} bad {}; nothing was evaluated (`--lenient` skips bad rows and reports each)",
                    if rows == 1 { "value or row" } else { "values or rows" }
                );
            } else {
                sayln!("error: the export cannot be read; nothing was evaluated");
            }
            Err(exit::FAILED)
        }
    }
}

#[expect(
    clippy::result_large_err,
    reason = "read once per run; boxing would only move the allocation"
)]
fn read_mapping(path: &Path, policy: &LoadedPolicy) -> Result<Mapping, RecordError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| RecordError::Unreadable {
        file: name.clone(),
        message: e.to_string(),
    })?;
    Mapping::parse(&name, &text, &policy.checked.policy)
}

pub(crate) fn print_record_errors(errors: &[RecordError]) {
    for e in errors {
        print_shown(&Shown::of(e));
    }
}

/// A policy that cannot be used: unreadable, or compiled JSON that is refused (with its code
/// and help, as an export's errors are shown).
pub(crate) fn print_load_error(e: &workspace::LoadError) {
    use sup::report::escape::terminal as safe;
    match e {
        workspace::LoadError::Read(e) => sayln!("error: {e}"),
        workspace::LoadError::Compiled(c) => print_shown(&Shown {
            message: safe(&c.to_string()).into_owned(),
            code: c.code().to_string(),
            help: Some(c.help().to_string()),
        }),
    }
}

fn print_shown(shown: &Shown) {
    let handler = sup::report::diagnostics::graphical(super::stderr_color());
    {
        let mut text = String::new();
        if handler.render_report(&mut text, shown).is_err() {
            text = format!("error: {shown}\n");
        }
        say!("{text}");
    }
}

/// A record error as printed: its message and help quote values, ids and
/// file names from the export, in which an escape sequence would recolour or
/// clear the terminal and a line break or bidirectional override would forge
/// or reorder what is read. They are escaped as in the human report.
#[derive(Debug)]
struct Shown {
    message: String,
    code: String,
    help: Option<String>,
}

impl Shown {
    fn of(e: &RecordError) -> Shown {
        use sup::report::escape::terminal as safe;
        Shown {
            message: safe(&e.to_string()).into_owned(),
            code: e.code_str(),
            help: e.help_str().map(|h| safe(&h).into_owned()),
        }
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl miette::Diagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display + 'a>)
    }
}

pub(crate) fn run(args: &Args) -> u8 {
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
