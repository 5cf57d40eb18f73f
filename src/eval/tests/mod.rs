//! Table-driven boundary tests for every rule family: each case is a small
//! policy, a few export rows and the findings expected at an as-of date.
//! `docs/semantics.md` states the rules these tests pin.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod additions;
mod ambiguous;
mod histories;
mod lifetimes;
mod months;
mod periods;
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

// ------------------------------------------------------------------ deadlines

const RECORDED_48H: &str = "roles: social_worker, manager\nregistrations: HCPC\nrule r: deadline sessions: recorded within 48 hours of start where status is held\n";

fn sessions(rows: &[&str]) -> String {
    format!(
        "id,supervisee,supervisor,kind,status,start,duration,recorded\n{}\n",
        rows.join("\n")
    )
}

#[test]
fn the_48th_hour_is_in_time_and_the_next_minute_is_not() {
    let cases = [
        ("2026-03-04T10:00", vec![]),
        ("2026-03-04T09:59", vec![]),
        ("2026-03-04T10:01", vec!["breach X1 2026-03-04"]),
        ("", vec!["breach X1 2026-03-04"]),
    ];
    for (recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,2026-03-02T10:00,60,{recorded}");
        let found = Case::new(RECORDED_48H)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-04-01")
            .summary();
        assert_eq!(found, expected, "recorded {recorded:?}");
    }
    // How late: to the minute under two days, then in days and the hours
    // begun after them.
    for (recorded, late) in [
        ("2026-03-04T10:01", "1 minute late"),
        ("2026-03-04T11:00", "1 hour late"),
        ("2026-03-04T11:01", "1 hour 1 minute late"),
        ("2026-03-06T09:59", "47 hours 59 minutes late"),
        ("2026-03-06T10:00", "2 days late"),
        ("2026-03-06T10:01", "2 days 1 hour late"),
        ("2026-03-07T09:00", "2 days 23 hours late"),
        ("2026-03-07T10:00", "3 days late"),
    ] {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,2026-03-02T10:00,60,{recorded}");
        let run = Case::new(RECORDED_48H)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-04-01")
            .run();
        assert_eq!(
            run.findings.first().map(|f| f.actual.clone()),
            Some(format!("recorded {} ({late})", recorded.replace('T', " "))),
        );
    }
}

#[test]
fn hours_are_elapsed_time_across_the_clocks_changing() {
    // Saturday 28 March 2026 12:00 GMT; the clocks go forward at 01:00 on
    // the 29th, so 48 hours later is Monday 30 March 13:00 BST.
    let cases = [
        ("2026-03-30T12:59", vec![]),
        ("2026-03-30T13:00", vec![]),
        ("2026-03-30T13:01", vec!["breach X1 2026-03-30"]),
        // An explicit offset is an instant: 12:00Z is 13:00 BST.
        ("2026-03-30T12:00:00Z", vec![]),
        ("2026-03-30T12:01:00Z", vec!["breach X1 2026-03-30"]),
    ];
    for (recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,2026-03-28T12:00,60,{recorded}");
        let found = Case::new(RECORDED_48H)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-04-10")
            .summary();
        assert_eq!(found, expected, "recorded {recorded:?}");
    }
}

#[test]
fn days_and_weeks_keep_the_wall_clock_across_the_clocks_changing() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline case_decisions: recorded within 1 week of decided\n";
    let cases = [
        ("2026-04-02T09:00", vec![]),
        ("2026-04-02T09:01", vec!["breach D1 2026-04-02"]),
    ];
    for (recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let found = Case::new(policy)
            .staff(&[&s])
            .file(
                "cases.csv",
                "id,worker,flags,opened,closed\nC1,S1,,2026-01-01,\n",
            )
            .file(
                "case_decisions.csv",
                &format!(
                    "id,case,decided_by,decided,recorded\nD1,C1,S1,2026-03-26T09:00,{recorded}\n"
                ),
            )
            .at("2026-05-01")
            .summary();
        assert_eq!(found, expected, "recorded {recorded:?}");
    }
}

#[test]
fn a_bank_holiday_inside_a_working_day_deadline_moves_it() {
    // Thursday 2 April 2026 + 5 working days skips Good Friday and Easter
    // Monday: due by the end of Monday 13 April.
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline sessions: recorded within 5 working days of start where status is held\n";
    let cases = [
        ("2026-04-13T23:30", vec![]),
        ("2026-04-14T08:00", vec!["breach X1 2026-04-13"]),
        ("2026-04-09", vec![]),
    ];
    for (recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,2026-04-02T10:00,60,{recorded}");
        let found = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-05-01")
            .summary();
        assert_eq!(found, expected, "recorded {recorded:?}");
    }
}

#[test]
fn a_missing_end_is_pending_until_the_deadline_passes() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline case_decisions: recorded within 1 week of decided\n";
    // Both decided Sunday 1 March 10:00, so due Sunday 8 March 10:00. D1 is
    // recorded late, on 20 March; D2 never is.
    let decisions = "id,case,decided_by,decided,recorded\nD1,C1,S1,2026-03-01T10:00,2026-03-20T10:00\nD2,C1,S1,2026-03-01T10:00,\n";
    let cases = [
        // At the start of the due day the deadline has not passed: both are
        // pending (D1's recording is in the future, so not known yet), and
        // listed only with --upcoming.
        (
            "2026-03-08",
            Some(30),
            vec!["pending D1 2026-03-08", "pending D2 2026-03-08"],
        ),
        ("2026-03-08", None, vec![]),
        ("2026-03-05", None, vec![]),
        // The day after, both are missed; D1 still looks missing.
        (
            "2026-03-09",
            Some(30),
            vec!["breach D1 2026-03-08", "breach D2 2026-03-08"],
        ),
        // Once D1 is recorded, it is late; D2 is still missed.
        (
            "2026-03-21",
            None,
            vec!["breach D1 2026-03-08", "breach D2 2026-03-08"],
        ),
    ];
    for (as_of, upcoming, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let mut case = Case::new(policy)
            .staff(&[&s])
            .file(
                "cases.csv",
                "id,worker,flags,opened,closed\nC1,S1,,2026-01-01,\n",
            )
            .file("case_decisions.csv", decisions)
            .at(as_of)
            .from("2026-03-01");
        if let Some(u) = upcoming {
            case = case.upcoming(u);
        }
        assert_eq!(case.summary(), expected, "as of {as_of}");
        if as_of == "2026-03-21" {
            let actual: Vec<String> = case
                .run()
                .findings
                .iter()
                .map(|f| f.actual.clone())
                .collect();
            assert_eq!(
                actual,
                [
                    "recorded 2026-03-20 10:00 (12 days late)",
                    "no `recorded` by the as-of date"
                ]
            );
        }
    }
}

#[test]
fn before_the_next_session() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline one_to_one: signed_by_supervisee before the next one_to_one\n";
    let header = "id,supervisee,supervisor,kind,status,start,signed_by_supervisee";
    let rows = [
        "X1,S1,S2,one_to_one,held,2026-03-02T10:00,2026-03-09T09:00",
        "X2,S1,S2,one_to_one,held,2026-03-09T10:00,2026-03-23T10:30",
        "X3,S1,S2,one_to_one,cancelled,2026-03-16T10:00,",
        "X4,S1,S2,one_to_one,held,2026-03-23T10:00,",
    ];
    let s1 = staff_row("S1", "2020-01-01");
    let s2 = staff_row("S2", "2020-01-01");
    let found = Case::new(policy)
        .staff(&[&s1, &s2])
        .file("sessions.csv", &format!("{header}\n{}\n", rows.join("\n")))
        .at("2026-04-01")
        .summary();
    // X1 signed before X2; X2 signed after X4 started (the cancelled X3 is
    // not a session); X4 has no next session yet.
    assert_eq!(found, ["breach X2 2026-03-23"]);
}

// ------------------------------------------------------------------ frequency

const MONTHLY: &str = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 1 per month\n";

fn one_to_ones(rows: &[(&str, &str)]) -> String {
    let mut text = String::from("id,supervisee,supervisor,kind,status,start\n");
    for (i, (status, start)) in rows.iter().enumerate() {
        text.push_str(&format!("X{},S1,S1,one_to_one,{status},{start}\n", i + 1));
    }
    text
}

#[test]
fn the_last_day_of_a_window_counts_and_the_next_day_does_not() {
    let cases = [
        ("2026-01-31T16:00", "2026-02-01", vec![]),
        (
            "2026-02-01T09:00",
            "2026-02-01",
            vec!["breach S1 2026-01-31"],
        ),
        // January is judged only once it is over.
        ("2026-02-01T09:00", "2026-01-31", vec![]),
    ];
    for (start, as_of, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let found = Case::new(MONTHLY)
            .staff(&[&s])
            .file("sessions.csv", &one_to_ones(&[("held", start)]))
            .at(as_of)
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "session {start}, as of {as_of}");
    }
}

#[test]
fn cancelled_sessions_never_count() {
    let s = staff_row("S1", "2020-01-01");
    let found = Case::new(MONTHLY)
        .staff(&[&s])
        .file(
            "sessions.csv",
            &one_to_ones(&[
                ("cancelled", "2026-01-10T10:00"),
                ("planned", "2026-01-12T10:00"),
            ]),
        )
        .at("2026-02-01")
        .from("2026-01-01")
        .summary();
    assert_eq!(found, ["breach S1 2026-01-31"]);
}

#[test]
fn rolling_windows_across_29_february() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 1 in any 12 months\n";
    // The 12-month window ending 2025-02-28 starts on 2024-02-29.
    let cases = [
        ("2025-03-01", vec![]),
        ("2025-03-02", vec!["breach S1 2025-03-01"]),
    ];
    for (as_of, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let found = Case::new(policy)
            .staff(&[&s])
            .file(
                "sessions.csv",
                &one_to_ones(&[("held", "2024-02-29T10:00")]),
            )
            .at(as_of)
            .from("2025-02-01")
            .summary();
        assert_eq!(found, expected, "as of {as_of}");
    }
}

#[test]
fn rolling_windows_report_the_worst_one_only() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 2 in any 3 months\n";
    let s = staff_row("S1", "2020-01-01");
    let run = Case::new(policy)
        .staff(&[&s])
        .file(
            "sessions.csv",
            &one_to_ones(&[
                ("held", "2026-01-05T10:00"),
                ("held", "2026-02-05T10:00"),
                ("held", "2026-06-01T10:00"),
            ]),
        )
        .at("2026-07-01")
        .from("2026-03-01")
        .run();
    assert_eq!(run.findings.len(), 1);
    let f = &run.findings[0];
    // Windows ending 2026-05-06 to 2026-05-31 hold nothing at all: the worst.
    assert_eq!(
        f.window.map(|w| (w.start.to_string(), w.end.to_string())),
        Some(("2026-02-06".into(), "2026-05-05".into()))
    );
    assert!(
        f.actual.starts_with("0 in the worst window"),
        "{}",
        f.actual
    );
}

#[test]
fn starters_and_leavers_are_prorated_rounding_down() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 2 per month\n";
    let cases = [
        // 15 of 31 days: 2 × 15/31 = 0.97, rounded down: nothing required.
        ("2026-01-17", "", vec![]),
        // 16 of 31 days: 1.03, so 1 is required and none was held.
        ("2026-01-16", "", vec!["breach S1 2026-01-31"]),
        // A leaver on 16 January: the same.
        ("2020-01-01", "2026-01-16", vec!["breach S1 2026-01-31"]),
        ("2020-01-01", "2026-01-15", vec![]),
    ];
    for (start, end, expected) in cases {
        let s = format!("S1,social_worker,A,1,,HCPC,1,{start},{end},,,,");
        let found = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &one_to_ones(&[]))
            .at("2026-02-01")
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "start {start}, end {end}");
    }
}

#[test]
fn partial_windows_can_be_required_in_full_or_ignored() {
    let full = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 2 per month, partial windows full\n";
    let ignored = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 2 per month, partial windows ignored\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2026-01-25,,,,,";
    let sessions = one_to_ones(&[("held", "2026-01-26T10:00")]);
    let f = Case::new(full)
        .staff(&[s])
        .file("sessions.csv", &sessions)
        .at("2026-02-01")
        .from("2026-01-01")
        .summary();
    assert_eq!(f, ["breach S1 2026-01-31"]);
    let i = Case::new(ignored)
        .staff(&[s])
        .file("sessions.csv", &sessions)
        .at("2026-02-01")
        .from("2026-01-01")
        .summary();
    assert!(i.is_empty());
}

#[test]
fn pro_rata_scales_by_fte_and_not_pro_rata_does_not() {
    let pro = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 10 per year, pro rata\n";
    let not = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 10 per year, not pro rata\n";
    let s = "S1,social_worker,A,1,,HCPC,0.5,2020-01-01,,,,,";
    let held: Vec<(&str, String)> = (1..=5)
        .map(|m| ("held", format!("2025-{m:02}-10T10:00")))
        .collect();
    let held: Vec<(&str, &str)> = held.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let sessions = one_to_ones(&held);
    assert!(Case::new(pro)
        .staff(&[s])
        .file("sessions.csv", &sessions)
        .at("2026-01-01")
        .from("2025-01-01")
        .summary()
        .is_empty());
    assert_eq!(
        Case::new(not)
            .staff(&[s])
            .file("sessions.csv", &sessions)
            .at("2026-01-01")
            .from("2025-01-01")
            .summary(),
        ["breach S1 2025-12-31"]
    );
}

#[test]
fn every_n_is_the_longest_gap_from_when_the_rule_applies() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: every 2 weeks\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2026-01-05,,,,,";
    let cases = [
        // Starts Monday 5 January: first due by 19 January.
        (
            vec!["2026-01-19T10:00", "2026-02-02T10:00"],
            "2026-02-10",
            vec![],
        ),
        (
            vec!["2026-01-20T10:00", "2026-02-03T10:00"],
            "2026-02-10",
            vec!["breach S1 2026-01-19"],
        ),
        // Nothing since 2 February: due 16 February, missed by the 17th.
        (
            vec!["2026-01-19T10:00", "2026-02-02T10:00"],
            "2026-02-17",
            vec!["breach S1 2026-02-16"],
        ),
        (
            vec!["2026-01-19T10:00", "2026-02-02T10:00"],
            "2026-02-16",
            vec![],
        ),
    ];
    for (starts, as_of, expected) in cases {
        let rows: Vec<(&str, &str)> = starts.iter().map(|s| ("held", *s)).collect();
        let found = Case::new(policy)
            .staff(&[s])
            .file("sessions.csv", &one_to_ones(&rows))
            .at(as_of)
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "{starts:?} as of {as_of}");
    }
}

#[test]
fn phases_by_tenure_change_the_requirement() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all by tenure {\n  first 4 weeks: every 1 week\n  then: every 4 weeks\n}\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2026-01-05,,,,,";
    // Weekly to 1 February (4 weeks), then every 4 weeks from 2 February.
    let weekly = [
        "2026-01-12T10:00",
        "2026-01-19T10:00",
        "2026-01-26T10:00",
        "2026-02-02T10:00",
    ];
    let rows: Vec<(&str, &str)> = weekly.iter().map(|s| ("held", *s)).collect();
    let found = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &one_to_ones(&rows))
        .at("2026-03-01")
        .from("2026-01-01")
        .summary();
    assert!(found.is_empty(), "{found:?}");
    // A week missed in the first phase is a breach; the second phase is met.
    let rows: Vec<(&str, &str)> = [weekly[0], weekly[2], weekly[3]]
        .iter()
        .map(|s| ("held", *s))
        .collect();
    let found = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &one_to_ones(&rows))
        .at("2026-03-01")
        .from("2026-01-01")
        .summary();
    assert_eq!(found, ["breach S1 2026-01-19"]);
}

#[test]
fn people_who_change_group_are_judged_only_while_in_it() {
    // New staff are in `new_staff` for their first 6 months.
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup new_staff: staff where tenure < 6 months\nrule r: require one_to_one for new_staff: at least 1 per month\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2025-09-01,,,,,";
    // Sessions Sep to Dec 2025, none from January: in the group to 28 Feb.
    let held = [
        "2025-09-10T10:00",
        "2025-10-10T10:00",
        "2025-11-10T10:00",
        "2025-12-10T10:00",
    ];
    let rows: Vec<(&str, &str)> = held.iter().map(|s| ("held", *s)).collect();
    let found = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &one_to_ones(&rows))
        .at("2026-06-01")
        .from("2025-09-01")
        .summary();
    assert_eq!(found, ["breach S1 2026-01-31", "breach S1 2026-02-28"]);
}

#[test]
fn time_requirements_scale_by_a_column() {
    let policy = "roles: social_worker\nregistrations: HCPC\nextend staff { placement_days: optional number }\ngroup all: staff\nrule r: require one_to_one for all: at least 30 minutes per week scaled by placement_days\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,3";
    let sessions = |minutes: u32| {
        format!("id,supervisee,supervisor,kind,status,start,duration\nX1,S1,S1,one_to_one,held,2026-03-03T10:00,{minutes}\n")
    };
    // Week of Monday 2 March 2026: 3 days × 30 minutes = 90 minutes.
    let ok = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &sessions(90))
        .at("2026-03-09")
        .from("2026-03-02")
        .summary();
    assert!(ok.is_empty(), "{ok:?}");
    let short = Case::new(policy)
        .staff(&[s])
        .file("sessions.csv", &sessions(60))
        .at("2026-03-09")
        .from("2026-03-02")
        .run();
    assert_eq!(short.findings.len(), 1);
    assert_eq!(short.findings[0].actual, "1h");
    assert!(
        short.findings[0].expected.contains("1h 30m"),
        "{}",
        short.findings[0].expected
    );
}

#[test]
fn with_a_named_supervisor_only_their_sessions_count() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one with line_manager for all: at least 1 per month\n";
    let s1 = "S1,social_worker,A,1,,HCPC,1,2020-01-01,,S3,S2,,";
    let s2 = "S2,social_worker,A,2,,HCPC,1,2020-01-01,,,,,";
    let s3 = "S3,social_worker,A,2,,HCPC,1,2020-01-01,,,,,";
    let with = |supervisor: &str| {
        format!("id,supervisee,supervisor,kind,status,start\nX1,S1,{supervisor},one_to_one,held,2026-01-10T10:00\nX2,S2,S1,one_to_one,held,2026-01-10T10:00\nX3,S3,S1,one_to_one,held,2026-01-10T10:00\n")
    };
    let found = |sup: &str| {
        Case::new(policy)
            .staff(&[s1, s2, s3])
            .file("sessions.csv", &with(sup))
            .at("2026-02-01")
            .from("2026-01-01")
            .summary()
    };
    assert_eq!(
        found("S2"),
        ["breach S2 2026-01-31", "breach S3 2026-01-31"]
    );
    assert_eq!(
        found("S3"),
        [
            "breach S1 2026-01-31",
            "breach S2 2026-01-31",
            "breach S3 2026-01-31"
        ]
    );
}

#[test]
fn frequency_over_cases() {
    let policy = "roles: social_worker\nregistrations: HCPC\ncase flags: safeguarding\ngroup flagged: cases where flags has safeguarding\nrule r: require case_discussion for flagged: at least 1 per month\n";
    let s = staff_row("S1", "2020-01-01");
    let found = Case::new(policy)
        .staff(&[&s])
        .file("cases.csv", "id,worker,flags,opened,closed\nC1,S1,safeguarding,2025-01-01,\nC2,S1,,2025-01-01,\nC3,S1,safeguarding,2025-01-01,2026-01-05\n")
        .file("case_discussions.csv", "id,case,session,discussed\nD1,C2,,2026-01-10\n")
        .at("2026-02-01")
        .from("2026-01-01")
        .summary();
    // C3 closed on 5 January: 5 of 31 days, so nothing is required of it.
    assert_eq!(found, ["breach C1 2026-01-31"]);
}

#[test]
fn overriding_rules_take_their_members_out() {
    let policy = "roles: social_worker\nregistrations: HCPC\ntags: asye\ngroup all: staff\ngroup asye: staff where tags has asye\nrule general: require one_to_one for all: at least 1 per month\nrule asye_weekly: require one_to_one for asye: at least 1 per week, overrides general\n";
    let s1 = "S1,social_worker,A,1,asye,HCPC,1,2020-01-01,,,,,";
    let s2 = "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,";
    let run = Case::new(policy)
        .staff(&[s1, s2])
        .file(
            "sessions.csv",
            "id,supervisee,supervisor,kind,status,start\n",
        )
        .at("2026-02-02")
        .from("2026-01-26")
        .run();
    let found: Vec<(String, String)> = run
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.subject.id.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("general".to_string(), "S2".to_string()),
            ("asye_weekly".to_string(), "S1".to_string())
        ]
    );
}

// ------------------------------------------------------------------ eligibility and waivers

const LEVEL: &str = "roles: social_worker, team_manager, service_manager\nregistrations: HCPC\ngroup all: staff\nrule r: eligible supervisor of one_to_one for all {\n  supervisor.level >= supervisee.level + 1\n} waivable by service_manager\n";

fn eligibility_case<'a>(waivers: &str) -> Case<'a> {
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S3,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,",
    ];
    Case::new(LEVEL)
        .staff(&rows)
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start\nX1,S1,S2,one_to_one,held,2026-03-10T10:00\nX2,S1,S3,one_to_one,held,2026-03-11T10:00\n")
        .file("waivers.csv", &format!("id,waived_rule,subject,approved_by,reason,granted,expires\n{waivers}"))
        .at("2026-04-01")
        .from("2026-03-01")
}

#[test]
fn eligibility_is_judged_per_session() {
    assert_eq!(eligibility_case("").summary(), ["breach S1 2026-03-10"]);
}

#[test]
fn waivers_apply_until_they_expire() {
    let cases = [
        (
            "W1,r,S1,M1,cover during vacancy,2026-01-01,2026-03-10",
            "waived S1 2026-03-10",
        ),
        (
            "W1,r,S1,M1,cover during vacancy,2026-01-01,",
            "waived S1 2026-03-10",
        ),
        (
            "W1,r,S1,M1,cover during vacancy,2026-01-01,2026-03-09",
            "breach S1 2026-03-10",
        ),
        (
            "W1,r,S1,M1,cover during vacancy,2026-03-11,",
            "breach S1 2026-03-10",
        ),
        // Approved by someone whose role cannot waive the rule.
        (
            "W1,r,S1,S3,cover during vacancy,2026-01-01,",
            "breach S1 2026-03-10",
        ),
        // A waiver for the supervisor does not cover their supervisee.
        (
            "W1,r,S2,M1,cover during vacancy,2026-01-01,",
            "breach S1 2026-03-10",
        ),
        ("W1,other,S1,M1,cover,2026-01-01,", "breach S1 2026-03-10"),
    ];
    for (waiver, expected) in cases {
        let run = eligibility_case(waiver).run();
        let found: Vec<String> = run
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}",
                    format!("{:?}", f.status).to_lowercase(),
                    f.subject.id,
                    f.date
                )
            })
            .collect();
        assert_eq!(found, [expected], "waiver {waiver}");
        let f = &run.findings[0];
        if expected.starts_with("breach") && waiver.contains(",r,S1") {
            assert_eq!(f.notes.len(), 1, "{waiver}: {:?}", f.notes);
        }
        if expected.starts_with("waived") {
            let w = f.waiver.as_ref().unwrap();
            assert_eq!(
                (w.id.as_str(), w.approved_by.as_str(), w.reason.as_str()),
                ("W1", "M1", "cover during vacancy")
            );
        }
    }
    let expired = eligibility_case("W1,r,S1,M1,cover,2026-01-01,2026-03-09").run();
    assert_eq!(
        expired.findings[0].notes,
        ["waiver W1 expired on 2026-03-09"]
    );
}

#[test]
fn eligibility_with_a_tenure_condition() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup all: staff\nrule r: eligible supervisor of one_to_one for all {\n  when supervisee.tenure < 12 months: supervisor.supervising_for >= 1 year\n}\n";
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2025-06-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2024-01-01,,,,,",
        "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,2025-09-01,",
    ];
    let found = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start\nX1,S1,T1,one_to_one,held,2026-03-10T10:00\nX2,S2,T1,one_to_one,held,2026-03-10T10:00\nX3,S1,T1,one_to_one,held,2026-06-01T10:00\n")
        .at("2026-07-01")
        .from("2026-03-01")
        .summary();
    // S1 is new until 1 June 2026, when the condition stops applying.
    assert_eq!(found, ["breach S1 2026-03-10"]);
}

// ------------------------------------------------------------------ limits

#[test]
fn supervisee_counts_are_judged_each_day() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup managers: staff where role is team_manager\nrule r: limit supervisees for managers: 2 to 3\n";
    let rows = [
        "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,2026-03-15,T1,,,",
        "S3,social_worker,A,1,,HCPC,1,2026-03-20,,T1,,,",
    ];
    let run = Case::new(policy)
        .staff(&rows)
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    assert_eq!(run.findings.len(), 1);
    let w = run.findings[0].window.unwrap();
    assert_eq!(
        (w.start.to_string(), w.end.to_string()),
        ("2026-03-16".into(), "2026-03-19".into())
    );
    assert_eq!(run.findings[0].actual, "1 supervisees");
}

/// The limit run of `supervisee_counts_are_judged_each_day` (16 to 19 March)
/// under each waiver: it is waived only if the waiver is in force on every
/// day of the run.
#[test]
fn a_waiver_must_cover_every_day_of_a_failing_run() {
    let policy = "roles: social_worker, team_manager, service_manager\nregistrations: HCPC\ngroup managers: staff where role is team_manager\nrule r: limit supervisees for managers: 2 to 3, waivable by service_manager\n";
    let rows = [
        "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,",
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,2026-03-15,T1,,,",
        "S3,social_worker,A,1,,HCPC,1,2026-03-20,,T1,,,",
    ];
    let cases = [
        ("2026-03-16", "2026-03-19", "waived"),
        ("2026-03-16", "", "waived"),
        // Granted on the run's last day: the three days before it stand.
        ("2026-03-19", "", "breach"),
        ("2026-03-17", "2026-03-19", "breach"),
        // Expired a day before the run ended.
        ("2026-03-16", "2026-03-18", "breach"),
    ];
    for (granted, expires, expected) in cases {
        let run = Case::new(policy)
            .staff(&rows)
            .file(
                "waivers.csv",
                &format!("id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,T1,M1,cover,{granted},{expires}\n"),
            )
            .at("2026-04-01")
            .from("2026-03-01")
            .run();
        assert_eq!(run.findings.len(), 1);
        let f = &run.findings[0];
        assert_eq!(
            format!("{:?}", f.status).to_lowercase(),
            expected,
            "{granted}..{expires}: {:?}",
            f.notes
        );
        if expected == "breach" {
            assert_eq!(f.notes.len(), 1, "{:?}", f.notes);
        }
    }
    let late = Case::new(policy)
        .staff(&rows)
        .file(
            "waivers.csv",
            "id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,T1,M1,cover,2026-03-16,2026-03-18\n",
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    assert_eq!(
        late.findings[0].notes,
        ["waiver W1 expired on 2026-03-18, before the breach ended on 2026-03-19"]
    );
}

/// A rolling rule fails in many windows; a waiver covers the finding only if
/// it is in force from the first day of the first failing window to the last
/// day of the last.
#[test]
fn a_waiver_must_cover_every_failing_rolling_window() {
    let policy = "roles: social_worker, service_manager\nregistrations: HCPC\ngroup all: staff where role is social_worker\nrule r: require one_to_one for all: at least 2 in any 3 months, waivable by service_manager\n";
    let s = staff_row("S1", "2020-01-01");
    let m = "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,";
    // Windows fail ending 2026-04-05 (2026-01-06 to 2026-04-05: only the
    // February session) to 2026-06-30, the last day judged (one session in
    // June), so they cover 2026-01-06 to 2026-06-30.
    let cases = [
        ("2026-01-06", "2026-06-30", "waived"),
        ("2026-01-01", "", "waived"),
        // In force on the worst window's last day only, as in the audit.
        ("2026-05-05", "2026-05-05", "breach"),
        ("2026-01-07", "2026-06-30", "breach"),
        ("2026-01-06", "2026-06-29", "breach"),
    ];
    let run = |waivers: &str| {
        Case::new(policy)
            .staff(&[&s, m])
            .file(
                "sessions.csv",
                &one_to_ones(&[
                    ("held", "2026-01-05T10:00"),
                    ("held", "2026-02-05T10:00"),
                    ("held", "2026-06-01T10:00"),
                ]),
            )
            .file(
                "waivers.csv",
                &format!("id,waived_rule,subject,approved_by,reason,granted,expires\n{waivers}"),
            )
            .at("2026-07-01")
            .from("2026-03-01")
            .run()
    };
    // Windows are judged one by one: with the windows ending up to 31 May
    // waived, the worst window left is the breach (the windows ending in June
    // each hold the 1 June session only; the earliest is reported), and it
    // says how many are waived.
    let partly = run("W1,r,S1,M1,cover,2026-01-06,2026-05-31\n");
    let f = &partly.findings[0];
    assert_eq!(f.status, Status::Breach);
    assert_eq!(
        f.window.map(|w| (w.start.to_string(), w.end.to_string())),
        Some(("2026-03-02".into(), "2026-06-01".into()))
    );
    assert!(
        f.actual.contains("of them covered by a waiver"),
        "{}",
        f.actual
    );
    // Two waivers that between them cover every failing window waive it.
    let both =
        run("W1,r,S1,M1,cover,2026-01-06,2026-05-31\nW2,r,S1,M1,cover,2026-03-01,2026-06-30\n");
    assert_eq!(both.findings[0].status, Status::Waived);
    for (granted, expires, expected) in cases {
        let run = Case::new(policy)
            .staff(&[&s, m])
            .file(
                "sessions.csv",
                &one_to_ones(&[
                    ("held", "2026-01-05T10:00"),
                    ("held", "2026-02-05T10:00"),
                    ("held", "2026-06-01T10:00"),
                ]),
            )
            .file(
                "waivers.csv",
                &format!("id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,S1,M1,cover,{granted},{expires}\n"),
            )
            .at("2026-07-01")
            .from("2026-03-01")
            .run();
        assert_eq!(run.findings.len(), 1);
        assert_eq!(
            format!("{:?}", run.findings[0].status).to_lowercase(),
            expected,
            "{granted}..{expires}: {:?}",
            run.findings[0].notes
        );
    }
}

#[test]
fn limit_evidence_is_in_id_order_whatever_the_row_order() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup managers: staff where role is team_manager\nrule r: limit supervisees for managers: 4 to 5\n";
    let mut rows = vec![
        "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        "S10,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
    ];
    for _ in 0..2 {
        let run = Case::new(policy)
            .staff(&rows)
            .at("2026-04-01")
            .from("2026-03-01")
            .run();
        let ids: Vec<&str> = run.findings[0]
            .evidence
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, ["S1", "S2", "S10"]);
        rows.reverse();
    }
}

#[test]
fn caseload_per_fte() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: limit caseload per fte for all: between 10 and 20\n";
    let header = "id,role,fte,caseload,start_date,end_date";
    let found = Case::new(policy)
        .file("staff.csv", &format!("{header}\nS1,social_worker,0.5,9,2020-01-01,\nS2,social_worker,0.5,4,2020-01-01,\nS3,social_worker,1,21,2020-01-01,\n"))
        .at("2026-04-01")
        .summary();
    assert_eq!(found, ["breach S2 2026-03-31", "breach S3 2026-03-31"]);
}

#[test]
fn team_cover_counts_working_days_only() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: limit team_cover for all: at least 50%\n";
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S3,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
    ];
    // S1 and S2 both away Friday 6 to Monday 9 March: two working days.
    let found = Case::new(policy)
        .staff(&rows)
        .file(
            "absences.csv",
            "id,staff,start,end\nA1,S1,2026-03-06,2026-03-09\nA2,S2,2026-03-06,2026-03-10\n",
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    assert_eq!(found.findings.len(), 1);
    let w = found.findings[0].window.unwrap();
    assert_eq!(
        (w.start.to_string(), w.end.to_string()),
        ("2026-03-06".into(), "2026-03-09".into())
    );
}

#[test]
fn session_length_and_group_size() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule long: limit session_length of group_supervision for all: at most 1 hour\nrule big: limit group_size of group_supervision for all: at most 6\n";
    let s = staff_row("S1", "2020-01-01");
    let found = Case::new(policy)
        .staff(&[&s])
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start,duration,attendees\nG1,S1,S1,group_supervision,held,2026-03-10T10:00,60,6\nG2,S1,S1,group_supervision,held,2026-03-11T10:00,61,7\nG3,S1,S1,one_to_one,held,2026-03-11T10:00,90,9\n")
        .at("2026-04-01")
        .from("2026-03-01")
        .summary();
    assert_eq!(found, ["breach G2 2026-03-11", "breach G2 2026-03-11"]);
}

// ------------------------------------------------------------------ retention and access

#[test]
fn retention_from_a_leap_day() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: retain personal_supervision records: at least 6 years and at most 7 years after leaving\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2010-01-01,2020-02-29,,,,";
    let cases = [
        // 6 years after 29 February 2020 is 28 February 2026.
        ("2026-02-27", "2027-01-01", vec!["breach R1 2026-02-27"]),
        ("2026-02-28", "2027-01-01", vec![]),
        ("", "2027-02-28", vec![]),
        ("", "2027-03-01", vec!["breach R1 2027-02-28"]),
        ("2027-03-05", "2027-04-01", vec!["breach R1 2027-02-28"]),
    ];
    for (deleted, as_of, expected) in cases {
        let found = Case::new(policy)
            .staff(&[s])
            .file("records.csv", &format!("id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,{deleted}\nR2,S1,appraisal,2015-01-01,2020-03-01\n"))
            .at(as_of)
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "deleted {deleted:?} as of {as_of}");
    }
}

#[test]
fn deleting_before_leaving_is_too_early() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: retain personal_supervision records: at least 6 years after leaving\n";
    let s = staff_row("S1", "2010-01-01");
    let found = Case::new(policy)
        .staff(&[&s])
        .file(
            "records.csv",
            "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,2026-03-01\n",
        )
        .at("2026-04-01")
        .from("2026-01-01")
        .summary();
    assert_eq!(found, ["breach R1 2026-03-01"]);
}

const ACCESS: &str = "roles: social_worker, line_manager, inspector, hr\nregistrations: HCPC\npurposes: supervision, inspection, gossip\nrule r: access personal_supervision records {\n  allow subject for any\n  allow line_manager for supervision\n  allow inspector for inspection\n  deny hr\n  notify subject within 5 working days\n}\n";

#[test]
fn access_needs_an_allowed_role_and_purpose_and_a_timely_notice() {
    let s = staff_row("S1", "2010-01-01");
    let log = "id,record,accessed_by,role,purpose,accessed,subject_notified
L1,R1,M1,line_manager,supervision,2026-04-02T10:00,2026-04-13T09:00
L2,R1,M1,line_manager,gossip,2026-04-02T10:00,2026-04-02T10:00
L3,R1,S1,social_worker,gossip,2026-04-02T10:00,
L4,R1,I1,inspector,inspection,2026-04-02T10:00,2026-04-14T09:00
L5,R1,H1,hr,supervision,2026-04-02T10:00,2026-04-02T10:00
L6,R2,H1,hr,supervision,2026-04-02T10:00,
L7,R1,I1,inspector,inspection,2026-04-20T10:00,
";
    let found = Case::new(ACCESS)
        .staff(&[&s])
        .file("records.csv", "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,\nR2,S1,appraisal,2015-01-01,\n")
        .file("access_log.csv", log)
        .at("2026-04-22")
        .from("2026-04-01")
        .upcoming(30)
        .summary();
    // L1: in time across Easter (due end of Monday 13 April). L2: wrong
    // purpose. L3: the subject, for any purpose, needs no notice. L4:
    // notified a day late. L5: a denied role. L6: not a record kind this rule
    // covers. L7: notice due 27 April, pending.
    assert_eq!(
        found,
        [
            "breach L2 2026-04-02",
            "breach L4 2026-04-13",
            "breach L5 2026-04-02",
            "pending L7 2026-04-27"
        ]
    );
}

// ------------------------------------------------------------------ explain

#[test]
fn explain_shows_what_counted_and_what_failed() {
    let s = staff_row("S1", "2020-01-01");
    let lines = Case::new(MONTHLY)
        .staff(&[&s])
        .file(
            "sessions.csv",
            &one_to_ones(&[
                ("held", "2026-01-10T10:00"),
                ("cancelled", "2026-02-10T10:00"),
                ("planned", "2026-02-12T10:00"),
                ("held", "2026-03-02T10:00"),
            ]),
        )
        .at("2026-03-01")
        .from("2026-01-01")
        .explain("r", "S1");
    // The rows that did not count are there too, with why.
    assert_eq!(
        lines,
        [
            "2020-01-01 the rule applies (in `all`) from 2020-01-01 to 2026-02-28",
            "2026-01-10 sessions X1 counts",
            "2026-01-31 window 2026-01-01 to 2026-01-31: 1 required, 1 found: met",
            "2026-02-10 sessions X2 does not count as `one_to_one`: cancelled",
            "2026-02-12 sessions X3 does not count as `one_to_one`: its filter does not hold (kind `one_to_one`, status `planned`)",
            "2026-02-28 window 2026-02-01 to 2026-02-28: 1 required, 0 found: NOT met",
            "2026-03-02 sessions X4 does not count as `one_to_one`: dated on or after the as-of date",
        ]
    );
}

// ------------------------------------------------------------------ boundary days added in the audit

#[test]
fn group_changers_are_prorated_like_starters() {
    // `new_staff` is left on the day tenure reaches 6 months; `experienced`
    // is joined that day. Each month the rule only partly covers requires 2
    // pro-rated by the days covered, rounded down.
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup new_staff: staff where tenure < 6 months\ngroup experienced: staff where tenure >= 6 months\nrule new: require one_to_one for new_staff: at least 2 per month\nrule old: require one_to_one for experienced: at least 2 per month\n";
    let cases = [
        // Leaves `new_staff` on 16 March: in it 1 to 15 March, 15 of 31
        // days, so nothing is required of March. Joins `experienced` on 16
        // March: 16 of 31 days, so 1 is required, and none was held.
        ("2025-09-16", vec!["old"]),
        // A day later: 16 days in `new_staff` (1 required), 15 in
        // `experienced` (none required).
        ("2025-09-17", vec!["new"]),
    ];
    for (start, rules) in cases {
        let s = format!("S1,social_worker,A,1,,HCPC,1,{start},,,,,");
        // Two sessions in February keep February met under either rule.
        let run = Case::new(policy)
            .staff(&[&s])
            .file(
                "sessions.csv",
                &one_to_ones(&[("held", "2026-02-03T10:00"), ("held", "2026-02-04T10:00")]),
            )
            .at("2026-04-01")
            .from("2026-03-01")
            .run();
        let found: Vec<(String, String)> = run
            .findings
            .iter()
            .map(|f| (f.rule.clone(), f.date.to_string()))
            .collect();
        let want: Vec<(String, String)> = rules
            .iter()
            .map(|r| (r.to_string(), "2026-03-31".to_string()))
            .collect();
        assert_eq!(found, want, "start {start}");
    }
    // Only sessions on days the rule covers count: a session on 20 March
    // does not meet `new_staff`'s March for someone who left it on the 16th.
    let s = "S1,social_worker,A,1,,HCPC,1,2025-09-17,,,,,";
    let run = Case::new(policy)
        .staff(&[s])
        .file(
            "sessions.csv",
            &one_to_ones(&[("held", "2026-03-20T10:00")]),
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    let found: Vec<&str> = run.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(found, ["new"]);
}

#[test]
fn hours_are_elapsed_time_when_the_clocks_go_back() {
    // Saturday 24 October 2026 12:00 BST; the clocks go back at 02:00 BST on
    // the 25th, so 48 hours later is Monday 26 October 11:00 GMT, not 12:00.
    let cases = [
        ("2026-10-24T12:00", "2026-10-26T11:00", vec![]),
        (
            "2026-10-24T12:00",
            "2026-10-26T11:01",
            vec!["breach X1 2026-10-26"],
        ),
        (
            "2026-10-24T12:00",
            "2026-10-26T12:00",
            vec!["breach X1 2026-10-26"],
        ),
        // 01:30 on the 25th happens twice; a naive time is the first
        // (00:30 UTC), so 48 hours later is 00:30 UTC on the 27th.
        ("2026-10-25T01:30", "2026-10-27T00:30", vec![]),
        (
            "2026-10-25T01:30",
            "2026-10-27T00:31:00Z",
            vec!["breach X1 2026-10-27"],
        ),
    ];
    for (start, recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let session = format!("X1,S1,S1,one_to_one,held,{start},60,{recorded}");
        let found = Case::new(RECORDED_48H)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[&session]))
            .at("2026-11-10")
            .from("2026-10-01")
            .summary();
        assert_eq!(found, expected, "start {start}, recorded {recorded}");
    }
}

#[test]
fn a_gap_due_before_from_is_judged_only_if_still_open_on_from() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: every 2 weeks\n";
    let s = "S1,social_worker,A,1,,HCPC,1,2025-01-01,,,,,";
    // After 5 January the next is due by 19 January; none until 10 February.
    let rows = one_to_ones(&[("held", "2026-01-05T10:00"), ("held", "2026-02-10T10:00")]);
    let cases = [
        // Still open on 25 January: judged, and dated its due day.
        ("2026-01-25", vec!["breach S1 2026-01-19"]),
        // The last day it was open, 9 February.
        ("2026-02-09", vec!["breach S1 2026-01-19"]),
        // Closed by the session on 10 February: before the period.
        ("2026-02-10", vec![]),
    ];
    for (from, expected) in cases {
        let found = Case::new(policy)
            .staff(&[s])
            .file("sessions.csv", &rows)
            .at("2026-02-20")
            .from(from)
            .summary();
        assert_eq!(found, expected, "from {from}");
    }
}

#[test]
fn declared_periods_count_their_own_days_only() {
    // Two terms with a week's break between them; each is judged once over.
    let policy = "roles: social_worker\nregistrations: HCPC\ncalendar term \"terms\" {\n  spring_1: 2026-01-05 to 2026-02-13\n  spring_2: 2026-02-23 to 2026-03-27\n}\ngroup all: staff\nrule r: require one_to_one for all: at least 1 in each term\n";
    let cases = [
        // On the last day of each term: both met.
        (
            vec!["2026-02-13T16:00", "2026-03-27T16:00"],
            "2026-04-01",
            vec![],
        ),
        // In the break: counts for neither term, and the break asks nothing.
        (
            vec!["2026-02-16T10:00", "2026-03-27T16:00"],
            "2026-04-01",
            vec!["breach S1 2026-02-13"],
        ),
        // The second term is judged only once it is over.
        (vec!["2026-02-13T16:00"], "2026-03-27", vec![]),
        (
            vec!["2026-02-13T16:00"],
            "2026-03-28",
            vec!["breach S1 2026-03-27"],
        ),
    ];
    for (starts, as_of, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let rows: Vec<(&str, &str)> = starts.iter().map(|s| ("held", *s)).collect();
        let found = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &one_to_ones(&rows))
            .at(as_of)
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "{starts:?} as of {as_of}");
    }
}

#[test]
fn days_in_an_excluded_calendar_are_not_judged() {
    let rule = "rule r: limit team_cover for all: at least 50%";
    let policy = |excluding: &str| {
        format!("roles: social_worker\nregistrations: HCPC\ncalendar christmas \"Christmas\" {{\n  christmas_2025: 2025-12-24 to 2026-01-01\n}}\ngroup all: staff\n{rule}{excluding}\n")
    };
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S3,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
    ];
    // Two of three away from Wednesday 24 December to Friday 2 January.
    let absences = "id,staff,start,end\nA1,S1,2025-12-24,2026-01-02\nA2,S2,2025-12-24,2026-01-02\n";
    let window = |excluding: &str| {
        let text = policy(excluding);
        let run = Case::new(&text)
            .staff(&rows)
            .file("absences.csv", absences)
            .at("2026-01-10")
            .from("2025-12-01")
            .run();
        run.findings
            .iter()
            .map(|f| f.window.map(|w| format!("{} to {}", w.start, w.end)))
            .collect::<Vec<_>>()
    };
    // Every failing working day, bank holidays and the weekend skipped.
    assert_eq!(window(""), [Some("2025-12-24 to 2026-01-02".to_string())]);
    // Christmas excluded: only Friday 2 January, the day after it ends.
    assert_eq!(
        window(" excluding christmas"),
        [Some("2026-01-02 to 2026-01-02".to_string())]
    );
}

#[test]
fn a_rule_that_is_not_waivable_cannot_be_waived() {
    let policy = "roles: social_worker, team_manager, service_manager\nregistrations: HCPC\ngroup all: staff\nrule r: eligible supervisor of one_to_one for all {\n  supervisor.level >= supervisee.level + 1\n}\n";
    let rows = [
        "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
        "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,",
    ];
    let run = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", "id,supervisee,supervisor,kind,status,start\nX1,S1,S2,one_to_one,held,2026-03-10T10:00\n")
        .file("waivers.csv", "id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,S1,M1,cover,2026-01-01,\nW2,q,S1,M1,cover,2026-01-01,\n")
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    assert_eq!(run.findings.len(), 1);
    let f = &run.findings[0];
    assert_eq!(f.status, Status::Breach);
    assert_eq!(f.notes, ["waiver W1 does not apply: `r` is not waivable"]);
    // A waiver naming a rule the policy does not have is noted, not dropped.
    assert!(
        run.notes
            .iter()
            .any(|n| n.message.starts_with("waivers naming `q` apply to nothing")),
        "{:?}",
        run.notes
    );
}

#[test]
fn records_due_for_deletion_soon_are_listed_as_pending() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: retain personal_supervision records: at least 6 years and at most 7 years after leaving\n";
    // Left 31 March 2019: to be deleted by 31 March 2026 (inclusive).
    let s = "S1,social_worker,A,1,,HCPC,1,2010-01-01,2019-03-31,,,,";
    let cases = [
        ("2026-03-02", 30, vec!["pending R1 2026-03-31"]),
        ("2026-03-01", 30, vec![]),
        ("2026-03-31", 30, vec!["pending R1 2026-03-31"]),
        ("2026-04-01", 30, vec!["breach R1 2026-03-31"]),
    ];
    for (as_of, days, expected) in cases {
        let found = Case::new(policy)
            .staff(&[s])
            .file(
                "records.csv",
                "id,subject,kind,created,deleted\nR1,S1,personal_supervision,2015-01-01,\n",
            )
            .at(as_of)
            .from("2026-01-01")
            .upcoming(days)
            .summary();
        assert_eq!(found, expected, "as of {as_of}");
    }
}

#[test]
fn a_negative_fte_or_scale_is_noted_and_not_judged() {
    let policy = "roles: social_worker\nregistrations: HCPC\nextend staff { placement_days: optional number }\ngroup all: staff\nrule share: require one_to_one for all: at least 1 per month, pro rata\nrule hours: require one_to_one for all: at least 30 minutes per month scaled by placement_days\n";
    // S1 has fte -1 and S2 placement_days -2: neither is passed as if met.
    let rows = [
        "S1,social_worker,A,1,,HCPC,-1,2020-01-01,,,,,1",
        "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,-2",
        "S3,social_worker,A,1,,HCPC,0,2020-01-01,,,,,0",
    ];
    let run = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", &one_to_ones(&[]))
        .at("2026-02-01")
        .from("2026-01-01")
        .run();
    let found: Vec<(String, String)> = run
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.subject.id.clone()))
        .collect();
    // S2 (fte 1) owes one session and 30 × -2 is not judged; S1 is judged
    // by `hours` only; S3 (fte 0, no placement days) owes nothing.
    assert_eq!(
        found,
        [
            ("share".to_string(), "S2".to_string()),
            ("hours".to_string(), "S1".to_string())
        ]
    );
    let notes: Vec<(Option<String>, String, Vec<String>)> = run
        .notes
        .iter()
        .map(|n| (n.rule.clone(), n.message.clone(), n.rows.clone()))
        .collect();
    assert!(
        notes.contains(&(
            Some("share".into()),
            "not judged: `fte` is negative, so the requirement cannot be pro-rated".into(),
            vec!["S1".into()]
        )),
        "{notes:?}"
    );
    assert!(
        notes.contains(&(
            Some("hours".into()),
            "not judged: `placement_days` is negative, so the time required is unknown".into(),
            vec!["S2".into()]
        )),
        "{notes:?}"
    );
}

#[test]
fn every_n_for_someone_who_leaves_is_due_only_while_they_are_there() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup experienced: staff where tenure >= 6 months\nrule r: require one_to_one for experienced: every 2 weeks\n";
    // All join `experienced` on 1 January 2026, so the first is due by 15
    // January; none is held.
    let cases = [
        // Left on the 14th: gone before anything fell due.
        ("2026-01-14", vec![]),
        // Left on the 15th: there all of the due day, so it was missed.
        ("2026-01-15", vec!["breach S1 2026-01-15"]),
        ("", vec!["breach S1 2026-01-15"]),
    ];
    for (end, expected) in cases {
        let s = format!("S1,social_worker,A,1,,HCPC,1,2025-07-01,{end},,,,");
        let run = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &one_to_ones(&[]))
            .at("2026-01-20")
            .from("2026-01-01");
        assert_eq!(run.summary(), expected, "end {end:?}");
        if end == "2026-01-15" {
            assert_eq!(
                run.run().findings[0].actual,
                "none after 2026-01-01 up to 2026-01-15, the last day the requirement applied"
            );
        }
    }
}

#[test]
fn a_row_two_named_activities_match_counts_once() {
    let policy = "roles: social_worker\nregistrations: HCPC\nactivity long_one_to_one \"a one-to-one of an hour or more\": sessions by supervisee on start where kind is one_to_one and duration >= 1 hour\ngroup all: staff\nrule r: require one_to_one or long_one_to_one for all: at least 2 per month\n";
    let header = "id,supervisee,supervisor,kind,status,start,duration";
    let cases = [
        // One long one-to-one matches both activities: still one session.
        (
            vec!["X1,S1,S1,one_to_one,held,2026-01-10T10:00,90"],
            vec!["breach S1 2026-01-31"],
        ),
        (
            vec![
                "X1,S1,S1,one_to_one,held,2026-01-10T10:00,90",
                "X2,S1,S1,one_to_one,held,2026-01-20T10:00,30",
            ],
            vec![],
        ),
    ];
    for (rows, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let found = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &format!("{header}\n{}\n", rows.join("\n")))
            .at("2026-02-01")
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "{rows:?}");
    }
}

#[test]
fn a_month_after_the_31st_is_the_end_of_a_shorter_month() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline case_decisions: recorded within 1 month of decided\n";
    // Decided Saturday 31 January 2026 10:00: due Saturday 28 February 10:00.
    let cases = [
        ("2026-02-28T10:00", vec![]),
        ("2026-02-28T10:01", vec!["breach D1 2026-02-28"]),
        ("2026-03-01T09:00", vec!["breach D1 2026-02-28"]),
    ];
    for (recorded, expected) in cases {
        let s = staff_row("S1", "2020-01-01");
        let found = Case::new(policy)
            .staff(&[&s])
            .file(
                "cases.csv",
                "id,worker,flags,opened,closed\nC1,S1,,2026-01-01,\n",
            )
            .file(
                "case_decisions.csv",
                &format!(
                    "id,case,decided_by,decided,recorded\nD1,C1,S1,2026-01-31T10:00,{recorded}\n"
                ),
            )
            .at("2026-04-01")
            .from("2026-01-01")
            .summary();
        assert_eq!(found, expected, "recorded {recorded}");
    }
}

#[test]
fn days_judged_beyond_the_holiday_calendar_are_noted() {
    let policy = "roles: social_worker\nregistrations: HCPC\nrule r: deadline sessions: recorded within 5 working days of start where status is held\n";
    let note = |as_of: &str, from: &str, upcoming: Option<u32>| {
        let s = staff_row("S1", "2010-01-01");
        let mut case = Case::new(policy)
            .staff(&[&s])
            .file("sessions.csv", &sessions(&[]))
            .at(as_of)
            .from(from);
        if let Some(days) = upcoming {
            case = case.upcoming(days);
        }
        case.run()
            .notes
            .iter()
            .map(|n| n.message.clone())
            .filter(|m| m.starts_with("the holiday calendar"))
            .collect::<Vec<_>>()
    };
    // The shipped list runs from 2015 to 2030.
    assert!(note("2030-12-31", "2015-01-01", None).is_empty());
    assert_eq!(
        note("2031-01-02", "2030-12-01", None),
        ["the holiday calendar `england_and_wales` lists holidays from 2015 to 2030, but the days judged run from 2030-12-01 to 2031-01-01: outside those years, working days skip weekends only"]
    );
    // A due-soon horizon past the list counts too; so does a start before it.
    assert_eq!(note("2030-12-20", "2030-12-01", Some(30)).len(), 1);
    assert_eq!(note("2015-02-01", "2014-12-31", None).len(), 1);
}

#[test]
fn rows_outside_the_subjects_employment_count_for_nothing_and_are_noted() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: require one_to_one for all: at least 1 per month\n";
    // S1 works from 1 March to 30 April 2026. Sessions on the first and
    // last day are inside; the day before and the day after are not.
    let rows = ["S1,social_worker,A,1,,HCPC,1,2026-03-01,2026-04-30,,,,"];
    let sessions = one_to_ones(&[
        ("held", "2026-02-28T10:00"),
        ("held", "2026-03-01T10:00"),
        ("held", "2026-04-30T10:00"),
        ("held", "2026-05-01T10:00"),
    ]);
    let run = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", &sessions)
        .at("2026-06-01")
        .from("2026-01-01")
        .run();
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    let notes: Vec<(String, Vec<String>, usize)> = run
        .notes
        .iter()
        .map(|n| (n.message.clone(), n.rows.clone(), n.count))
        .collect();
    assert_eq!(
        notes,
        [(
            "`sessions` rows (one_to_one) dated before the person started or after they left count towards no frequency rule"
                .to_string(),
            vec!["X1".to_string()],
            2
        )]
    );
    // Rows on the first and last days alone: nothing to say.
    let inside = one_to_ones(&[("held", "2026-03-01T10:00"), ("held", "2026-04-30T10:00")]);
    let run = Case::new(policy)
        .staff(&rows)
        .file("sessions.csv", &inside)
        .at("2026-06-01")
        .from("2026-01-01")
        .run();
    assert!(run.notes.is_empty(), "{:?}", run.notes);
}

#[test]
fn membership_may_change_on_the_day_a_tenure_is_reached_and_the_day_after() {
    use super::context::{Ctx, Period};
    use super::trace::NoTrace;
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup new_staff: staff where tenure < 6 months\nrule r: require one_to_one for new_staff: at least 1 per month\n";
    let (policy, records) = Case::new(policy)
        .staff(&["S1,social_worker,A,1,,HCPC,1,2025-09-01,,,,,"])
        .file("sessions.csv", &one_to_ones(&[]))
        .setup();
    let ctx = Ctx::new(
        &policy,
        &records,
        Period::new(d("2025-09-01"), d("2026-06-01"), None),
        &NoTrace,
    );
    let staff = ctx.table("staff").unwrap();
    // Six months from 1 September is 1 March: `tenure < 6 months` stops
    // holding then, and `tenure <= 6 months` the day after.
    assert_eq!(
        ctx.membership_change_days(staff, 0, d("2025-09-01"), d("2026-05-31")),
        [d("2026-03-01"), d("2026-03-02")]
    );
    // Only days after `lo`, up to `hi` itself.
    assert_eq!(
        ctx.membership_change_days(staff, 0, d("2026-03-01"), d("2026-03-01")),
        Vec::<NaiveDate>::new()
    );
    assert_eq!(
        ctx.membership_change_days(staff, 0, d("2026-02-28"), d("2026-03-01")),
        [d("2026-03-01")]
    );
    assert_eq!(
        ctx.member_spans("new_staff", staff, 0, d("2025-01-01"), d("2026-05-31")),
        [(d("2025-09-01"), d("2026-02-28"))]
    );
    // The one read of a column on a day: with no history, the loaded value
    // on every day.
    let start = staff.column_index("start_date").unwrap();
    for day in [d("2020-01-01"), d("2026-03-01")] {
        assert_eq!(
            ctx.value_on(staff, 0, start, day),
            crate::records::Value::Date(d("2025-09-01"))
        );
    }
}
