//! `sup diff`: what changed between two versions of a policy, rule by rule,
//! each change judged stricter, looser, mixed or neutral; with `--records`,
//! the breaches the new version adds and resolves on an export. Exit 0:
//! compared (whatever changed or was found); 1: either policy has errors; 2:
//! a file, the export or the mapping cannot be read, or bad dates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::eval::load_records;
use super::exit;
use sup::diagnostic::Code;
use sup::diff::impact::Run;
use sup::diff::render::{render, Format};
use sup::eval::{evaluate, EvalOptions};
use sup::report::diagnostics::render_human_with_related;
use sup::workspace::{self, LoadedPolicy};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Plain text for a terminal.
    Human,
    /// The diff as JSON, for tools.
    Json,
    /// Markdown, to paste into a review paper.
    Markdown,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The policy as it was.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The policy as it is now (or the draft).
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// How to print the diff.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// Also judge this export with both versions and report the breaches the
    /// new version adds and resolves, by rule and by team.
    #[arg(long, value_name = "DIR")]
    records: Option<PathBuf>,
    /// A mapping from the export's names and codes onto the schema (docs/records.md).
    #[arg(long, value_name = "FILE", requires = "records")]
    map: Option<PathBuf>,
    /// Judge the records as they stood at the start of this day (default: today).
    #[arg(long, value_parser = super::parse_date, value_name = "YYYY-MM-DD", requires = "records")]
    as_of: Option<chrono::NaiveDate>,
    /// The first day judged, for both versions (default: a year before the as-of date).
    #[arg(long, value_parser = super::parse_date, value_name = "YYYY-MM-DD", requires = "records")]
    from: Option<chrono::NaiveDate>,
    /// Skip rows that cannot be read, reporting each, instead of stopping.
    #[arg(long, requires = "records")]
    lenient: bool,
}

pub(crate) fn run(args: &Args) -> u8 {
    let mut loaded = Vec::new();
    for path in [&args.old, &args.new] {
        match workspace::load_any(path, None) {
            Ok(p) => loaded.push(p),
            Err(e) => {
                super::eval::print_load_error(&e);
                return exit::FAILED;
            }
        }
    }
    let mut broken = false;
    for policy in &loaded {
        let errors = super::policy_errors(policy);
        if errors.is_empty() {
            continue;
        }
        say!(
            "{}",
            render_human_with_related(
                &policy.name,
                &policy.source,
                &errors,
                &policy.related_sources,
                super::stderr_color()
            )
        );
        // Conformance is judged only on a policy that compiled cleanly, so a
        // version that merely falls short of its framework can still be
        // compared, and a review wants both answers: what changed, and where
        // the draft falls short.
        if errors.iter().all(|d| d.code == Code::WeakerThanFramework) {
            tell!(
                "`{}` does not meet its framework (above); compared anyway",
                policy.name
            );
        } else {
            sayln!("cannot compare: `{}` has errors", policy.name);
            broken = true;
        }
    }
    if broken {
        return exit::FOUND;
    }
    let [old, new] = [&loaded[0], &loaded[1]];
    let mut diff = sup::diff::diff(&old.checked.policy, &new.checked.policy);
    if let Some(dir) = &args.records {
        match impact(args, dir, old, new) {
            Ok(impact) => diff.impact = Some(impact),
            Err(code) => return code,
        }
    }
    let format = match args.format {
        DiffFormat::Human => Format::Human,
        DiffFormat::Json => Format::Json,
        DiffFormat::Markdown => Format::Markdown,
    };
    super::print_stdout(&render(&diff, format));
    exit::OK
}

/// Judge the export with both versions over the same period, each loading
/// it with its own schema; or the exit code (2: the export, the mapping or
/// the dates are unusable).
fn impact(
    args: &Args,
    dir: &Path,
    old: &LoadedPolicy,
    new: &LoadedPolicy,
) -> Result<sup::diff::impact::Impact, u8> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    // Both versions are judged over the same days, whatever their effective
    // dates: the question is what each would find on the same records.
    let from = args.from.unwrap_or_else(|| {
        as_of
            .checked_sub_months(chrono::Months::new(12))
            .unwrap_or(as_of)
    });
    if from >= as_of {
        sayln!("error: `--from {from}` is not before `--as-of {as_of}`: nothing would be judged");
        return Err(exit::FAILED);
    }
    super::eval::check_period(from, as_of)?;
    let options = EvalOptions {
        as_of,
        from: Some(from),
        upcoming_days: None,
    };
    // Findings are counted by team, so keep `staff.team` whether or not a
    // rule reads it.
    let also_keep = BTreeMap::from([("staff".to_string(), BTreeSet::from(["team".to_string()]))]);
    let mut runs = Vec::new();
    for policy in [old, new] {
        let loaded = load_records(
            dir,
            args.map.as_deref(),
            args.lenient,
            policy,
            also_keep.clone(),
        )?;
        if loaded.skipped_rows > 0 {
            let rows = loaded.skipped_rows;
            tell!(
                "warning: {rows} {} of the export skipped for `{}` (`--lenient`); `sup eval` lists {}",
                if rows == 1 { "row was" } else { "rows were" },
                policy.name,
                if rows == 1 { "it" } else { "them" }
            );
        }
        let evaluation = evaluate(&policy.checked.policy, &loaded.records, &options);
        runs.push((loaded, evaluation));
    }
    let [(old_loaded, old_eval), (new_loaded, new_eval)] = [&runs[0], &runs[1]];
    Ok(sup::diff::impact::impact(
        Run {
            policy: &old.checked.policy,
            records: &old_loaded.records,
            evaluation: old_eval,
        },
        Run {
            policy: &new.checked.policy,
            records: &new_loaded.records,
            evaluation: new_eval,
        },
        &dir.display().to_string(),
    ))
}
