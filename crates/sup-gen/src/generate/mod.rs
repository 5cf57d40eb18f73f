//! Synthetic exports for the BCP Children's Services policy
//! (`policies/bcp-childrens-services.sup`): a fictitious organisation of any
//! size whose records meet every rule, with breaches planted on purpose and
//! a list of what was planted. `examples/records/` is written by it, the
//! planted-breach test checks the evaluator finds exactly the planted list,
//! and the benchmark uses it at scale.
//!
//! The generator does no I/O: [`Org::write_table`] writes one table as CSV
//! to any writer, and the CLI (`sup generate`) chooses the files.

#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a development tool over data it built itself, not library code users call with their input"
)]

mod build;
mod plant;

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// About this many current staff (rounded to whole teams of seven).
    pub staff: usize,
    /// The day the export is judged at; records end the day before.
    pub as_of: NaiveDate,
    /// Years of history before the as-of date.
    pub years: u32,
    pub seed: u64,
    /// How many breaches to plant for each kind of breach (0: none).
    pub plants: usize,
    /// Pad the sessions table with extra held one-to-ones up to this many
    /// rows (0: only the scheduled ones). For benchmarks.
    pub sessions: usize,
    /// Write `staff_history.csv`: past values of staff columns (acting
    /// line managers and training for most staff, and the time-aware
    /// plants' moves). Off by
    /// default, so an export without it is the same as before.
    pub history: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            staff: 40,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or(NaiveDate::MIN),
            years: 2,
            seed: 1,
            plants: 1,
            sessions: 0,
            history: false,
        }
    }
}

/// One planted breach: the finding the evaluator must report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Planted {
    pub rule: String,
    /// The finding's subject id.
    pub subject: String,
    /// The finding's day (window end, session day, deadline), when it can
    /// be known exactly; rolling windows report their worst window, so
    /// only the subject is pinned for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// `breach`, or `waived` for a breach a valid waiver covers.
    pub status: &'static str,
    /// What was done to the records.
    pub what: String,
    /// Found only by an evaluator that reads `staff_history`: the snapshot
    /// alone shows nothing wrong. Not written to `planted.json`, so that
    /// file is the same as before for exports without a history.
    #[serde(skip)]
    pub only_with_history: bool,
}

/// The tables, as generated.
#[derive(Debug, Clone, Default)]
pub struct Org {
    pub staff: Vec<Staff>,
    pub sessions: Vec<Session>,
    pub cases: Vec<Case>,
    pub discussions: Vec<Discussion>,
    pub decisions: Vec<Decision>,
    pub records: Vec<RecordRow>,
    pub access: Vec<Access>,
    pub agreements: Vec<Agreement>,
    pub observations: Vec<Observation>,
    pub waivers: Vec<Waiver>,
    pub reductions: Vec<FrequencyReduction>,
    pub planted: Vec<Planted>,
    /// Periods in which staff columns had other values (`staff_history`),
    /// written only when [`Config::history`] is set.
    pub history: Vec<StaffHistory>,
    /// Compliant subjects that a snapshot evaluator (one that ignores the
    /// history) would flag: the evaluator must report none of them.
    pub traps: Vec<Planted>,
    /// Staff the plants changed: no padding sessions for them.
    pub(crate) protected: std::collections::HashSet<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Staff {
    pub id: String,
    pub role: &'static str,
    pub team: String,
    pub level: u32,
    pub tags: Vec<&'static str>,
    pub registrations: Vec<&'static str>,
    pub fte: f64,
    pub caseload: Option<u32>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub line_manager: Option<String>,
    pub supervisor: Option<String>,
    pub supervisor_since: Option<NaiveDate>,
    pub asye_assessor: Option<String>,
    pub placement_days: Option<u32>,
    /// What the generator schedules for this person.
    pub(crate) kind: Kind,
}

/// The supervision pattern a person follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Kind {
    #[default]
    Monthly,
    Nqsw,
    Nqep,
    Tep,
    OverseasTwoWeekly,
    OverseasThreeWeekly,
    /// Left before the records begin: records inventory only.
    Former,
}

/// One period of `staff_history`: the columns set (`Some`) had these
/// values from `from` to `to` (inclusive; `None`: still in force).
#[derive(Debug, Clone, Default)]
pub struct StaffHistory {
    pub id: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub tags: Option<Vec<&'static str>>,
    pub registrations: Option<Vec<&'static str>>,
    pub line_manager: Option<String>,
    pub supervisor: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub supervisee: String,
    pub supervisor: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub start: NaiveDateTime,
    pub duration: u32,
    pub recorded: Option<NaiveDateTime>,
    pub signed_by_supervisor: Option<NaiveDateTime>,
    pub signed_by_supervisee: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub id: String,
    pub worker: String,
    pub flags: Vec<&'static str>,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Discussion {
    pub id: String,
    pub case: String,
    pub session: Option<String>,
    pub discussed: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub id: String,
    pub case: String,
    pub decided_by: String,
    pub decided: NaiveDateTime,
    pub recorded: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct RecordRow {
    pub id: String,
    pub subject: String,
    pub kind: &'static str,
    pub created: NaiveDate,
    pub deleted: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Access {
    pub id: String,
    pub record: String,
    pub accessed_by: String,
    pub role: &'static str,
    pub purpose: &'static str,
    pub accessed: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct Agreement {
    pub id: String,
    pub supervisee: String,
    pub supervisor: Option<String>,
    pub date: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Observation {
    pub id: String,
    pub observed: String,
    pub observer: String,
    pub kind: &'static str,
    pub date: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Waiver {
    pub id: String,
    pub waived_rule: String,
    pub subject: String,
    pub approved_by: String,
    pub reason: String,
    pub granted: NaiveDate,
    pub expires: Option<NaiveDate>,
}

/// A decision to reduce an overseas social worker's frequency of
/// supervision, and the direct observation of practice it rests on.
#[derive(Debug, Clone)]
pub struct FrequencyReduction {
    pub id: String,
    pub worker: String,
    pub decided: NaiveDate,
    pub practice_observed: Option<NaiveDate>,
}

/// The tables [`Org::write_table`] writes, in order.
pub const TABLES: &[&str] = &[
    "staff",
    "sessions",
    "cases",
    "case_discussions",
    "case_decisions",
    "records",
    "access_log",
    "agreements",
    "observations",
    "waivers",
    "frequency_reductions",
];

/// The history table [`Org::write_table`] also writes, when
/// [`Config::history`] is set (as `staff_history.csv`).
pub const HISTORY_TABLE: &str = "staff_history";

/// Generate an organisation.
pub fn generate(config: &Config) -> Org {
    let mut org = build::baseline(config);
    if config.plants > 0 {
        plant::plant(&mut org, config);
    }
    build::pad_sessions(&mut org, config);
    org.planted.sort();
    org.traps.sort();
    org.history
        .sort_by(|a, b| (&a.id, a.from).cmp(&(&b.id, b.from)));
    org
}

impl Org {
    /// Write one table (one of [`TABLES`]) as CSV with a header row.
    pub fn write_table(&self, table: &str, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        let dt = |t: &Option<NaiveDateTime>| {
            t.map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
                .unwrap_or_default()
        };
        let d = |t: &Option<NaiveDate>| t.map(|t| t.to_string()).unwrap_or_default();
        let o = |t: &Option<String>| t.clone().unwrap_or_default();
        match table {
            "staff" => {
                w.write_record([
                    "id",
                    "role",
                    "team",
                    "level",
                    "tags",
                    "registrations",
                    "fte",
                    "caseload",
                    "start_date",
                    "end_date",
                    "line_manager",
                    "supervisor",
                    "supervisor_since",
                    "asye_assessor",
                    "placement_days",
                ])?;
                for s in &self.staff {
                    w.write_record([
                        s.id.clone(),
                        s.role.to_string(),
                        s.team.clone(),
                        s.level.to_string(),
                        s.tags.join(";"),
                        s.registrations.join(";"),
                        crate::records::format_number(s.fte),
                        s.caseload.map(|c| c.to_string()).unwrap_or_default(),
                        s.start.to_string(),
                        d(&s.end),
                        o(&s.line_manager),
                        o(&s.supervisor),
                        d(&s.supervisor_since),
                        o(&s.asye_assessor),
                        s.placement_days.map(|p| p.to_string()).unwrap_or_default(),
                    ])?;
                }
            }
            "sessions" => {
                w.write_record([
                    "id",
                    "supervisee",
                    "supervisor",
                    "kind",
                    "status",
                    "start",
                    "duration",
                    "recorded",
                    "signed_by_supervisor",
                    "signed_by_supervisee",
                ])?;
                for s in &self.sessions {
                    w.write_record([
                        s.id.clone(),
                        s.supervisee.clone(),
                        s.supervisor.clone(),
                        s.kind.to_string(),
                        s.status.to_string(),
                        s.start.format("%Y-%m-%dT%H:%M").to_string(),
                        s.duration.to_string(),
                        dt(&s.recorded),
                        dt(&s.signed_by_supervisor),
                        dt(&s.signed_by_supervisee),
                    ])?;
                }
            }
            "cases" => {
                w.write_record(["id", "worker", "flags", "opened", "closed"])?;
                for c in &self.cases {
                    w.write_record([
                        c.id.clone(),
                        c.worker.clone(),
                        c.flags.join(";"),
                        c.opened.to_string(),
                        d(&c.closed),
                    ])?;
                }
            }
            "case_discussions" => {
                w.write_record(["id", "case", "session", "discussed"])?;
                for c in &self.discussions {
                    w.write_record([
                        c.id.clone(),
                        c.case.clone(),
                        o(&c.session),
                        c.discussed.to_string(),
                    ])?;
                }
            }
            "case_decisions" => {
                w.write_record(["id", "case", "decided_by", "decided", "recorded"])?;
                for c in &self.decisions {
                    w.write_record([
                        c.id.clone(),
                        c.case.clone(),
                        c.decided_by.clone(),
                        dt(&Some(c.decided)),
                        dt(&c.recorded),
                    ])?;
                }
            }
            "records" => {
                w.write_record(["id", "subject", "kind", "created", "deleted"])?;
                for r in &self.records {
                    w.write_record([
                        r.id.clone(),
                        r.subject.clone(),
                        r.kind.to_string(),
                        r.created.to_string(),
                        d(&r.deleted),
                    ])?;
                }
            }
            "access_log" => {
                w.write_record([
                    "id",
                    "record",
                    "accessed_by",
                    "role",
                    "purpose",
                    "accessed",
                    "subject_notified",
                ])?;
                for a in &self.access {
                    w.write_record([
                        a.id.clone(),
                        a.record.clone(),
                        a.accessed_by.clone(),
                        a.role.to_string(),
                        a.purpose.to_string(),
                        dt(&Some(a.accessed)),
                        String::new(),
                    ])?;
                }
            }
            "agreements" => {
                w.write_record(["id", "supervisee", "supervisor", "date"])?;
                for a in &self.agreements {
                    w.write_record([
                        a.id.clone(),
                        a.supervisee.clone(),
                        o(&a.supervisor),
                        a.date.to_string(),
                    ])?;
                }
            }
            "observations" => {
                w.write_record(["id", "observed", "observer", "kind", "date"])?;
                for a in &self.observations {
                    w.write_record([
                        a.id.clone(),
                        a.observed.clone(),
                        a.observer.clone(),
                        a.kind.to_string(),
                        a.date.to_string(),
                    ])?;
                }
            }
            "waivers" => {
                w.write_record([
                    "id",
                    "waived_rule",
                    "subject",
                    "approved_by",
                    "reason",
                    "granted",
                    "expires",
                ])?;
                for a in &self.waivers {
                    w.write_record([
                        a.id.clone(),
                        a.waived_rule.clone(),
                        a.subject.clone(),
                        a.approved_by.clone(),
                        a.reason.clone(),
                        a.granted.to_string(),
                        d(&a.expires),
                    ])?;
                }
            }
            "staff_history" => {
                w.write_record([
                    "id",
                    "from",
                    "to",
                    "tags",
                    "registrations",
                    "line_manager",
                    "supervisor",
                ])?;
                let set = |v: &Option<Vec<&'static str>>| v.as_ref().map(|v| v.join(";"));
                for h in &self.history {
                    w.write_record([
                        h.id.clone(),
                        h.from.to_string(),
                        d(&h.to),
                        set(&h.tags).unwrap_or_default(),
                        set(&h.registrations).unwrap_or_default(),
                        o(&h.line_manager),
                        o(&h.supervisor),
                    ])?;
                }
            }
            "frequency_reductions" => {
                w.write_record(["id", "worker", "decided", "practice_observed"])?;
                for r in &self.reductions {
                    w.write_record([
                        r.id.clone(),
                        r.worker.clone(),
                        r.decided.to_string(),
                        d(&r.practice_observed),
                    ])?;
                }
            }
            other => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("no table `{other}`"),
                ));
            }
        }
        w.flush()
    }

    /// The compliant subjects a snapshot evaluator would flag, as JSON.
    pub fn traps_json(&self) -> String {
        serde_json::to_string_pretty(&self.traps).unwrap_or_else(|_| "[]".into()) + "\n"
    }

    /// The planted breaches as JSON.
    pub fn planted_json(&self) -> String {
        serde_json::to_string_pretty(&self.planted).unwrap_or_else(|_| "[]".into()) + "\n"
    }
}

/// A small, seeded, dependency-free random number generator
/// (xorshift64*), so a seed always gives the same organisation.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}
