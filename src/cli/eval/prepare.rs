//! Preparing an evaluation: the policy (or its versions) checked, the export loaded with its
//! mapping, the dates checked; and printing what stops it. Shared by `eval` and `explain`.

use super::*;

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
    let as_of = input.as_of.unwrap_or_else(crate::cli::today);
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
pub(crate) type KeepColumns =
    std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;

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
    if crate::cli::print_policy_errors(&policy) {
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
    let handler = sup::report::diagnostics::graphical(crate::cli::stderr_color());
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
