//! `sup eval`: judge record exports against a policy and report every
//! breach with its evidence. Exit 0: no breaches; 1: breaches; 2: could not
//! run (the policy has errors, or the export cannot be read).

use std::path::{Path, PathBuf};

use super::exit;
use sup::eval::trend::{trend, Granularity};
use sup::eval::{evaluate_recording, evaluate_versions, EvalOptions, PolicyVersion};
use sup::records::{load_dir, LoadOptions, Loaded, Mapping, RecordError};
use sup::report::diagnostics::render_human;
use sup::report::findings::{Format, Report};
use sup::workspace::{self, LoadedPolicy};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FindingsFormat {
    Human,
    Json,
    Junit,
    Csv,
    Markdown,
}

impl From<FindingsFormat> for Format {
    fn from(f: FindingsFormat) -> Format {
        match f {
            FindingsFormat::Human => Format::Human,
            FindingsFormat::Json => Format::Json,
            FindingsFormat::Junit => Format::Junit,
            FindingsFormat::Csv => Format::Csv,
            FindingsFormat::Markdown => Format::Markdown,
        }
    }
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

/// What `eval` and `explain` share: the policy, the records, the dates.
#[derive(Debug, clap::Args)]
pub(crate) struct Input {
    /// The `.sup` policy to judge against; several versions of one policy
    /// (each with an `effective` date) judge each day under the version in force.
    #[arg(value_name = "POLICY", required = true, num_args = 1..)]
    pub policies: Vec<PathBuf>,
    /// The export directory: one `TABLE.csv`, `TABLE.jsonl` or `TABLE.xlsx` per table, or a
    /// workbook with a sheet per table.
    #[arg(long, value_name = "DIR")]
    pub records: PathBuf,
    /// A mapping from the export's names and codes onto the schema (docs/records.md).
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Judge the records as they stood at the start of this day (default: today).
    #[arg(long, value_parser = super::parse_date, value_name = "YYYY-MM-DD")]
    pub as_of: Option<chrono::NaiveDate>,
    /// The first day judged (default: a year before the as-of date, or the policy's effective date if later).
    #[arg(long, value_parser = super::parse_date, value_name = "YYYY-MM-DD")]
    pub from: Option<chrono::NaiveDate>,
    /// Skip rows that cannot be read, reporting each, instead of stopping.
    #[arg(long)]
    pub lenient: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: Input,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = FindingsFormat::Human)]
    format: FindingsFormat,
    /// Also list what falls due in this period after the as-of date (`30d`, `4w`, `30`).
    #[arg(long, value_parser = parse_days, value_name = "DAYS")]
    upcoming: Option<u32>,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The most findings shown per rule in the human and Markdown reports.
    #[arg(long, default_value_t = 20, value_name = "N")]
    limit: usize,
    /// Also report compliance per month or quarter, rule and team (in CSV, the series only).
    #[arg(long, value_enum, value_name = "PERIOD")]
    trend: Option<TrendBy>,
}

/// The longest `--upcoming` horizon. The evaluator works day by day, so an
/// unbounded horizon (`99999999d`) would exhaust memory instead of failing.
const MAX_UPCOMING_DAYS: u32 = 3660;

/// `30d`, `4w`, `30`: a number of days, from 1 to [`MAX_UPCOMING_DAYS`].
fn parse_days(text: &str) -> Result<u32, String> {
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
    let policy = match workspace::load(path, Some(as_of)) {
        Ok(p) => p,
        Err(e) => {
            sayln!("error: {e}");
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
    let handler = if super::stderr_color() {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode())
    } else {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
    };
    for e in errors {
        let shown = Shown::of(e);
        let mut text = String::new();
        if handler.render_report(&mut text, &shown).is_err() {
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
    // A JUnit report is pass or fail per test case: a series has no place
    // in it, and dropping it silently would hide that it was asked for.
    if args.trend.is_some() && args.format == FindingsFormat::Junit {
        sayln!("error: `--trend` cannot be shown in a JUnit report: use `--format csv`, `json`, `human` or `markdown`");
        return exit::FAILED;
    }
    let also_keep = match args.trend {
        Some(_) => trend_columns(&args.input.policies),
        None => Default::default(),
    };
    let prepared = match prepare_keeping(&args.input, args.upcoming, also_keep) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let policy = &prepared.policy.checked.policy;
    let loaded_at = std::time::Instant::now();
    let records = &prepared.loaded.records;
    let record = args.trend.is_some();
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
    if let Some(by) = args.trend {
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
    let records = args.input.records.display().to_string();
    // With several versions, a file or column is "not read" only when no
    // version reads it.
    let load_notes: Vec<sup::records::RecordNote> = prepared
        .loaded
        .notes
        .iter()
        .filter(|n| prepared.earlier.iter().all(|(_, l)| l.notes.contains(n)))
        .cloned()
        .collect();
    let report = Report {
        policy,
        records: &records,
        table_sizes: table_sizes(&prepared.loaded.records),
        evaluation: &evaluation,
        load_notes: &load_notes,
        skipped: &prepared.loaded.skipped,
        skipped_rows: prepared.loaded.skipped_rows,
        upcoming_days: args.upcoming,
        color: args.output.is_none()
            && args.format == FindingsFormat::Human
            && super::stdout_color(),
        limit: args.limit,
    };
    let text = report.render(args.format.into());
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                sayln!("error: cannot write `{}`: {e}", path.display());
                return exit::FAILED;
            }
        }
        None => super::print_stdout(&text),
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
        .filter_map(|path| workspace::load(path, None).ok())
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
