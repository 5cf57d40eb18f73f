//! `sup.toml`, the project file: found by searching upward from the working directory, it names
//! the policy (or its versions), the records directory, the mapping and defaults for `sup eval`
//! and `sup explain`, so `sup eval` alone runs a project's main job. Flags override it. Paths in
//! it are relative to the folder it is in. An unknown key or a bad value is an error with a code,
//! the file, line and column, and a help line (see docs/cli.md).

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::eval::FindingsFormat;
use super::exit;

/// The project file's name.
pub(crate) const FILE_NAME: &str = "sup.toml";

/// A project file, read and checked, its paths resolved against its folder.
#[derive(Debug, Default)]
pub(crate) struct Project {
    /// The file, as found (relative to the working directory when under it).
    pub file: PathBuf,
    pub policies: Vec<PathBuf>,
    pub records: Option<PathBuf>,
    pub map: Option<PathBuf>,
    pub as_of: Option<chrono::NaiveDate>,
    pub from: Option<chrono::NaiveDate>,
    pub format: Option<FindingsFormat>,
    pub upcoming: Option<u32>,
    pub limit: Option<usize>,
    pub lenient: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    policy: Option<Spanned<OneOrMany>>,
    records: Option<String>,
    map: Option<String>,
    #[serde(default)]
    defaults: RawDefaults,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDefaults {
    as_of: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
    upcoming: Option<Spanned<String>>,
    limit: Option<usize>,
    lenient: Option<bool>,
}

/// What is wrong with a project file, and where.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ProjectError {
    pub code: &'static str,
    pub message: String,
    pub span: Option<Range<usize>>,
    pub help: String,
}

/// The nearest `sup.toml` in the working directory or a folder above it, read and checked;
/// `None` when there is none. A file that cannot be read or is wrong is reported (exit 2).
pub(crate) fn find() -> Result<Option<Project>, u8> {
    let Ok(cwd) = std::env::current_dir() else {
        return Ok(None);
    };
    let Some((levels, path)) = nearest(&cwd) else {
        return Ok(None);
    };
    // Named relative to the working directory (`../sup.toml`), as paths given as flags are.
    let mut shown: PathBuf = std::iter::repeat_n("..", levels).collect();
    shown.push(FILE_NAME);
    let base = shown.parent().unwrap_or(Path::new("")).to_path_buf();
    let name = shown.display().to_string();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            sayln!("error: cannot read `{name}`: {e}");
            return Err(exit::FAILED);
        }
    };
    match parse(&base, &text) {
        Ok(mut project) => {
            project.file = shown;
            Ok(Some(project))
        }
        Err(e) => {
            print_error(&name, &text, &e);
            Err(exit::FAILED)
        }
    }
}

/// The nearest `sup.toml` at or above `start`: how many folders up, and its path.
pub(crate) fn nearest(start: &Path) -> Option<(usize, PathBuf)> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .enumerate()
        .find(|(_, candidate)| candidate.is_file())
}

/// Check a project file's text; paths are joined to `base`, the file's folder.
pub(crate) fn parse(base: &Path, text: &str) -> Result<Project, ProjectError> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end().to_string();
        let unknown = message.starts_with("unknown field");
        ProjectError {
            code: if unknown {
                "sup::project::unknown-key"
            } else {
                "sup::project::bad-value"
            },
            message: message.replace("unknown field", "unknown key"),
            span: e.span(),
            help: if unknown {
                "the keys are `policy`, `records`, `map` and, under `[defaults]`, `as-of`, `from`, `format`, `upcoming`, `limit` and `lenient` (docs/cli.md)".to_string()
            } else {
                "see docs/cli.md for what each key takes".to_string()
            },
        }
    })?;
    let join = |p: &str| base.join(p);
    let policies = match raw.policy.map(Spanned::into_inner) {
        None => Vec::new(),
        Some(OneOrMany::One(p)) => vec![join(&p)],
        Some(OneOrMany::Many(ps)) => ps.iter().map(|p| join(p)).collect(),
    };
    let d = raw.defaults;
    let date =
        |value: &Option<Spanned<String>>| -> Result<Option<chrono::NaiveDate>, ProjectError> {
            value
                .as_ref()
                .map(|v| {
                    super::parse_date(v.get_ref())
                        .map_err(|message| bad(v, message, "write the date as \"YYYY-MM-DD\""))
                })
                .transpose()
        };
    let format = d
        .format
        .as_ref()
        .map(|v| {
            <FindingsFormat as clap::ValueEnum>::from_str(v.get_ref(), false).map_err(|_| {
                bad(
                    v,
                    format!("`{}` is not a report format", v.get_ref()),
                    "one of \"human\", \"json\", \"junit\", \"csv\", \"markdown\", \"sarif\", \"github\"",
                )
            })
        })
        .transpose()?;
    let upcoming = d
        .upcoming
        .as_ref()
        .map(|v| {
            super::eval::parse_days(v.get_ref())
                .map_err(|m| bad(v, m, "a number of days, such as \"30d\" or \"4w\""))
        })
        .transpose()?;
    Ok(Project {
        file: PathBuf::new(),
        policies,
        records: raw.records.as_deref().map(join),
        map: raw.map.as_deref().map(join),
        as_of: date(&d.as_of)?,
        from: date(&d.from)?,
        format,
        upcoming,
        limit: d.limit,
        lenient: d.lenient.unwrap_or(false),
    })
}

fn bad(value: &Spanned<String>, message: String, help: &str) -> ProjectError {
    ProjectError {
        code: "sup::project::bad-value",
        message,
        span: Some(value.span()),
        help: help.to_string(),
    }
}

/// A project file's error, drawn under its line as the policy's diagnostics are.
fn print_error(name: &str, text: &str, e: &ProjectError) {
    use sup::report::escape::terminal as safe;
    let mut diagnostic = miette::MietteDiagnostic::new(safe(&e.message).into_owned())
        .with_code(e.code)
        .with_help(e.help.clone());
    if let Some(span) = &e.span {
        diagnostic = diagnostic.with_label(miette::LabeledSpan::at(span.clone(), "here"));
    }
    let report = miette::Report::new(diagnostic)
        .with_source_code(miette::NamedSource::new(name, text.to_string()));
    let mut out = String::new();
    if sup::report::diagnostics::graphical(super::stderr_color())
        .render_report(&mut out, report.as_ref())
        .is_err()
    {
        out = format!("error[{}]: {name}: {}\n", e.code, e.message);
    }
    say!("{out}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_project_file_reads_with_paths_under_its_folder() {
        let p = parse(
            Path::new("examples"),
            "policy = \"../policies/a.sup\"\nrecords = \"records\"\nmap = \"map.toml\"\n[defaults]\nas-of = \"2026-11-22\"\nfrom = \"2026-01-01\"\nformat = \"sarif\"\nupcoming = \"4w\"\nlimit = 5\nlenient = true\n",
        )
        .unwrap();
        assert_eq!(
            p.policies,
            vec![PathBuf::from("examples/../policies/a.sup")]
        );
        assert_eq!(p.records, Some(PathBuf::from("examples/records")));
        assert_eq!(p.map, Some(PathBuf::from("examples/map.toml")));
        assert_eq!(p.as_of, chrono::NaiveDate::from_ymd_opt(2026, 11, 22));
        assert_eq!(p.from, chrono::NaiveDate::from_ymd_opt(2026, 1, 1));
        assert_eq!(p.format, Some(FindingsFormat::Sarif));
        assert_eq!(p.upcoming, Some(28));
        assert_eq!(p.limit, Some(5));
        assert!(p.lenient);
        let versions = parse(Path::new(""), "policy = [\"a.sup\", \"b.sup\"]\n").unwrap();
        assert_eq!(
            versions.policies,
            vec![PathBuf::from("a.sup"), PathBuf::from("b.sup")]
        );
    }

    #[test]
    fn an_unknown_key_or_a_bad_value_is_coded_and_placed() {
        let text = "policy = \"a.sup\"\npolcy = \"b.sup\"\n";
        let e = parse(Path::new(""), text).unwrap_err();
        assert_eq!(e.code, "sup::project::unknown-key");
        assert_eq!(e.span.map(|s| &text[s]), Some("polcy"));
        assert!(
            e.message.starts_with("unknown key `polcy`"),
            "{}",
            e.message
        );

        let text = "[defaults]\nas-of = \"2026-02-30\"\n";
        let e = parse(Path::new(""), text).unwrap_err();
        assert_eq!(e.code, "sup::project::bad-value");
        assert_eq!(e.span.map(|s| &text[s]), Some("\"2026-02-30\""));

        let text = "[defaults]\nformat = \"pdf\"\n";
        let e = parse(Path::new(""), text).unwrap_err();
        assert_eq!(e.message, "`pdf` is not a report format");

        let text = "[defaults]\nlimit = -1\n";
        let e = parse(Path::new(""), text).unwrap_err();
        assert_eq!(e.code, "sup::project::bad-value");
        assert_eq!(e.span.map(|s| &text[s]), Some("-1"));

        let text = "[defaults]\nupcoming = \"0d\"\n";
        assert_eq!(
            parse(Path::new(""), text).unwrap_err().code,
            "sup::project::bad-value"
        );
    }
}
