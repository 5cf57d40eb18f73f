//! The evaluation period's edges: who is judged when they left before
//! `--from`, what the notes about rows count, and rules no period of which
//! has closed yet. `docs/semantics.md` ("Time") states what these pin.

use super::{Case, Status};
use crate::diagnostic::Code;

const WORKERS: &str = "roles: social_worker\nregistrations: HCPC\ngroup workers: staff\n\
rule six_in_12: require one_to_one for workers: at least 6 in any 12 months\n\
rule two_a_quarter: require one_to_one for workers: at least 2 per quarter\n";

fn leaver(id: &str, end: &str) -> String {
    format!("{id},social_worker,A,1,,HCPC,1,2020-01-01,{end},,,,")
}

#[test]
fn a_member_who_left_before_from_is_judged_on_windows_ending_in_the_period() {
    let found = Case::new(WORKERS)
        .staff(&[&leaver("A", "2025-05-31"), &leaver("B", "2025-06-01")])
        .file(
            "sessions.csv",
            "id,supervisee,supervisor,kind,status,start\n\
             X1,A,A,one_to_one,held,2024-07-10\n\
             X2,B,B,one_to_one,held,2024-07-10\n",
        )
        .at("2025-07-01")
        .from("2025-06-01")
        .run();
    let shown: Vec<String> = found
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f.rule,
                f.subject.id,
                f.window.map(|w| w.to_string()).unwrap_or_default(),
                f.expected
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            // The window ending on `from` covers A on 364 of its 365 days.
            "six_in_12 A 2024-06-02 to 2025-06-01 at least 5 one_to_one in any 12 months (prorated: the rule applied on 364 of the window's 365 days)",
            "six_in_12 B 2024-06-02 to 2025-06-01 at least 6 one_to_one in any 12 months",
            // Q2 2025 ends in the period and covers A on 61 of its 91 days.
            "two_a_quarter A 2025-04-01 to 2025-06-30 at least 1 one_to_one per quarter (prorated: the rule applied on 61 of the window's 91 days)",
            "two_a_quarter B 2025-04-01 to 2025-06-30 at least 1 one_to_one per quarter (prorated: the rule applied on 62 of the window's 91 days)",
        ]
    );
    assert!(found.findings.iter().all(|f| f.status == Status::Breach));
    let judged: Vec<(&str, usize)> = found
        .rules
        .iter()
        .map(|r| (r.rule.as_str(), r.judged))
        .collect();
    assert_eq!(judged, [("six_in_12", 2), ("two_a_quarter", 2)]);
}

/// `(message, rows, count)` of each note.
fn notes(run: &super::Evaluation) -> Vec<(String, Vec<String>, usize)> {
    run.notes
        .iter()
        .map(|n| (n.message.clone(), n.rows.clone(), n.count))
        .collect()
}

#[test]
fn rows_outside_a_lifetime_are_counted_once_and_the_earliest_is_named() {
    // Two rules over two session kinds read the same sessions table: each
    // row outside S1's employment (1 March to 30 April) or after the as-of
    // date is counted once, and the note names the earliest one.
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\n\
        rule one: require one_to_one for all: at least 1 per month\n\
        rule in_groups: require group_supervision for all: at least 1 per month\n";
    let sessions = "id,supervisee,supervisor,kind,status,start\n\
        G1,S1,S1,group_supervision,held,2026-03-10T10:00\n\
        G2,S1,S1,group_supervision,held,2026-04-10T10:00\n\
        X1,S1,S1,one_to_one,held,2026-03-10T10:00\n\
        X2,S1,S1,one_to_one,held,2026-04-10T10:00\n\
        Y1,S1,S1,one_to_one,held,2026-05-05T10:00\n\
        Y2,S1,S1,one_to_one,held,2026-05-20T10:00\n\
        F1,S1,S1,one_to_one,held,2026-06-10T10:00\n";
    let run = Case::new(policy)
        .staff(&["S1,social_worker,A,1,,HCPC,1,2026-03-01,2026-04-30,,,,"])
        .file("sessions.csv", sessions)
        .at("2026-06-01")
        .from("2026-01-01")
        .run();
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(
        notes(&run),
        [
            (
                "`sessions` rows (one_to_one) dated before the person started or after they left count towards no frequency rule".to_string(),
                vec!["Y1".to_string()],
                2
            ),
            (
                "`sessions` rows dated on or after the as-of date are in the future and not counted".to_string(),
                vec![],
                1
            ),
        ]
    );
    let codes: Vec<Code> = run.notes.iter().map(|n| n.code).collect();
    assert_eq!(codes, [Code::EvalOutsideLifetime, Code::EvalFutureRows]);
}

#[test]
fn per_year_before_any_year_has_closed_judges_no_one_and_says_so() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\n\
        rule yearly: require one_to_one for all: at least 2 per year\n";
    let staff = [super::staff_row("S1", "2020-01-01")];
    let records =
        "id,supervisee,supervisor,kind,status,start\nX1,S1,S1,one_to_one,held,2026-07-01\n";
    let case = || {
        Case::new(policy)
            .staff(&[&staff[0]])
            .file("sessions.csv", records)
            .at("2026-11-22")
            .from("2026-06-01")
    };
    let run = case().run();
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.rules.first().map(|r| r.judged), Some(0));
    assert_eq!(
        notes(&run),
        [(
            "not judged: no window `per year` has ended in the days judged yet (the first ends on 2026-12-31)".to_string(),
            vec![],
            1
        )]
    );
    let (policy, records) = case().setup();
    let e = super::explain(&policy, &records, &case().options(), "yearly", "S1").unwrap();
    assert_eq!(e.rule.judged, 0);
    assert_eq!(
        e.not_judged.as_deref(),
        Some("not judged: no window `per year` has ended in the days judged yet (the first ends on 2026-12-31)")
    );
    // The year in progress is shown under `--upcoming` once it ends within
    // the horizon (2026-12-31 is the 40th day counting the as-of date), not
    // before.
    assert!(case().upcoming(39).summary().is_empty());
    let ahead = case().upcoming(40).run();
    let shown: Vec<String> = ahead
        .findings
        .iter()
        .map(|f| format!("{:?} {} {}", f.status, f.subject.id, f.actual))
        .collect();
    assert_eq!(shown, ["Pending S1 1 so far"]);
    // Once the year has closed (as of 1 January) it is judged.
    let closed = case().at("2027-01-01").run();
    assert_eq!(closed.rules.first().map(|r| r.judged), Some(1));
    assert!(closed.notes.is_empty(), "{:?}", closed.notes);
}

// ---------------------------------------------------------------- trend

/// `period rule team judged/met/breached/waived` per row of the series.
fn series(case: &Case, by: super::super::trend::Granularity) -> Vec<String> {
    let (policy, records) = case.setup();
    let run = super::super::evaluate_recording(&policy, &records, &case.options(), true);
    super::super::trend::trend(&records, &run, by)
        .rows
        .iter()
        .map(|r| {
            format!(
                "{}{} {} {} {}/{}/{}/{}",
                r.period,
                if r.partial { "*" } else { "" },
                r.rule,
                r.team,
                r.judged,
                r.met,
                r.breached,
                r.waived
            )
        })
        .collect()
}

/// A monthly rule over staff whose team is read, so the loader keeps it.
const BY_TEAM: &str = "roles: social_worker, service_manager\nregistrations: HCPC\n\
    group all: staff where team is recorded and role is social_worker\n\
    rule monthly: require one_to_one for all: at least 1 per month waivable by service_manager\n";

#[test]
fn a_trend_counts_people_per_month_and_team_as_the_team_stood_then() {
    use super::super::trend::Granularity;
    // S1 moves from team A to team B on 1 March; S2 stays in A and misses
    // February (a breach) and March (waived). The period starts mid-January.
    let case = Case::new(BY_TEAM)
        .staff(&[
            &super::staff_row("S1", "2020-01-01").replace(",A,", ",B,"),
            &super::staff_row("S2", "2020-01-01"),
            "M1,service_manager,M,4,,HCPC,1,2020-01-01,,,,,",
        ])
        .file(
            "staff_history.csv",
            "id,from,to,team\nS1,2020-01-01,2026-02-28,A\n",
        )
        .file(
            "sessions.csv",
            "id,supervisee,supervisor,kind,status,start\n\
             X1,S1,S1,one_to_one,held,2026-01-05\n\
             X2,S1,S1,one_to_one,held,2026-02-05\n\
             X3,S1,S1,one_to_one,held,2026-03-05\n\
             X4,S2,S2,one_to_one,held,2026-01-05\n",
        )
        .file(
            "waivers.csv",
            "id,waived_rule,subject,approved_by,reason,granted,expires\n\
             W1,monthly,S2,M1,cover,2026-03-01,2026-03-31\n",
        )
        .at("2026-04-01")
        .from("2026-01-15");
    assert_eq!(
        series(&case, Granularity::Month),
        [
            // January ends in the period, which starts on the 15th.
            "2026-01* monthly A 2/2/0/0",
            "2026-02 monthly A 2/1/1/0",
            "2026-03 monthly A 1/0/0/1",
            "2026-03 monthly B 1/1/0/0",
        ]
    );
    // By quarter, S2 breached in Q1 (and was waived too: the breach wins).
    assert_eq!(
        series(&case, Granularity::Quarter),
        ["2026-Q1* monthly A 2/1/1/0", "2026-Q1* monthly B 1/1/0/0"]
    );
    // The last day of a month belongs to it: as of 1 February, January is
    // the last month judged and February has no row.
    assert_eq!(
        series(&case.at("2026-02-01"), Granularity::Month),
        ["2026-01* monthly A 2/2/0/0"]
    );
}
