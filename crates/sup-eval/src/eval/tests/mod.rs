//! Table-driven boundary tests for every rule family: each case is a small
//! policy, a few export rows and the findings expected at an as-of date.
//! `docs/semantics.md` states the rules these tests pin.
//!
//! This file holds the harness (`Case`) and the export builders the topic
//! files share; each family's tests are in a file of its name.

mod access;
mod additions;
mod ambiguous;
mod audit;
mod deadlines;
mod eligibility;
mod explain;
mod frequency;
mod histories;
mod labels;
mod lifetimes;
mod limits;
mod months;
mod parallel;
mod periods;
mod retention;
mod standing;
mod through;
mod versions;
mod working_hours;

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use super::{evaluate, explain, EvalOptions, Evaluation, Status};
use crate::check::{check, CheckOptions};
use crate::records::{load_dir, LoadOptions};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A status as the summaries write it.
fn status_word(status: Status) -> &'static str {
    match status {
        Status::Breach => "breach",
        Status::Waived => "waived",
        Status::Pending => "pending",
    }
}

const HEADER: &str =
    "policy \"test\" {\n  effective: 2015-01-01\n  timezone: \"Europe/London\"\n}\n";

/// Staff with the columns most tests need.
const STAFF_HEADER: &str = "id,role,team,level,tags,registrations,fte,start_date,end_date,supervisor,line_manager,supervisor_since,placement_days";

struct Case<'a> {
    header: &'a str,
    policy: &'a str,
    files: Vec<(&'a str, String)>,
    as_of: &'a str,
    from: Option<&'a str>,
    upcoming: Option<u32>,
}

impl<'a> Case<'a> {
    fn new(policy: &'a str) -> Self {
        Case {
            header: HEADER,
            policy,
            files: Vec::new(),
            as_of: "2026-11-22",
            from: None,
            upcoming: None,
        }
    }

    /// A header other than [`HEADER`].
    fn header(mut self, header: &'a str) -> Self {
        self.header = header;
        self
    }

    fn file(mut self, name: &'a str, text: &str) -> Self {
        self.files.push((name, text.trim_start().to_string()));
        self
    }

    fn staff(self, rows: &[&str]) -> Self {
        let text = format!("{STAFF_HEADER}\n{}\n", rows.join("\n"));
        self.file("staff.csv", &text)
    }

    fn at(mut self, as_of: &'a str) -> Self {
        self.as_of = as_of;
        self
    }

    fn from(mut self, from: &'a str) -> Self {
        self.from = Some(from);
        self
    }

    fn upcoming(mut self, days: u32) -> Self {
        self.upcoming = Some(days);
        self
    }

    fn setup(&self) -> (crate::policy::CompiledPolicy, crate::records::Records) {
        let source = format!("{}{}", self.header, self.policy);
        let checked = check(&source, &CheckOptions::default());
        assert!(
            !checked.has_errors(),
            "policy has errors: {:#?}",
            checked.diagnostics
        );
        let records = self.records_for(&checked.policy);
        (checked.policy, records)
    }

    /// The case's export as `policy` types it.
    fn records_for(&self, policy: &crate::policy::CompiledPolicy) -> crate::records::Records {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("sup-eval-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &self.files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let loaded = load_dir(&dir, policy, &LoadOptions::default());
        let _ = std::fs::remove_dir_all(&dir);
        loaded
            .unwrap_or_else(|e| panic!("load failed: {e:#?}"))
            .records
    }

    fn options(&self) -> EvalOptions {
        EvalOptions {
            as_of: d(self.as_of),
            from: self.from.map(d),
            upcoming_days: self.upcoming,
        }
    }

    fn run(&self) -> Evaluation {
        let (policy, records) = self.setup();
        evaluate(&policy, &records, &self.options())
    }

    /// `status subject window-end` for each finding, in report order.
    fn summary(&self) -> Vec<String> {
        self.run()
            .findings
            .iter()
            .map(|f| format!("{} {} {}", status_word(f.status), f.subject.id, f.date))
            .collect()
    }

    fn explain(&self, rule: &str, subject: &str) -> Vec<String> {
        let (policy, records) = self.setup();
        let e = explain(&policy, &records, &self.options(), rule, subject).unwrap();
        e.timeline
            .iter()
            .map(|t| match t.date {
                Some(d) => format!("{d} {}", t.text),
                None => t.text.clone(),
            })
            .collect()
    }
}

fn staff_row(id: &str, start: &str) -> String {
    format!("{id},social_worker,A,1,,HCPC,1,{start},,,,,")
}

// ------------------------------------------------------------------ shared exports and policies

const RECORDED_48H: &str = "roles: social_worker, manager\nregistrations: HCPC\nrule r: deadline sessions: recorded within 48 hours of start where status is held\n";

fn sessions(rows: &[&str]) -> String {
    format!(
        "id,supervisee,supervisor,kind,status,start,duration,recorded\n{}\n",
        rows.join("\n")
    )
}

const MONTHLY: &str = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 1 per month\n";

fn one_to_ones(rows: &[(&str, &str)]) -> String {
    let mut text = String::from("id,supervisee,supervisor,kind,status,start\n");
    for (i, (status, start)) in rows.iter().enumerate() {
        text.push_str(&format!("X{},S1,S1,one_to_one,{status},{start}\n", i + 1));
    }
    text
}
