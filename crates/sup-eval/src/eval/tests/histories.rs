//! Attribute histories (`staff_history.csv`): every column is judged as it
//! stood on the day judged — group membership, `with supervisor`,
//! eligibility, supervisees per day, team cover — pinned at the boundary
//! days of a history period (its `from` and `to` days are in force, the day
//! after `to` is not).

use super::{d, Case};
use crate::eval::context::{Ctx, Period};
use crate::eval::trace::NoTrace;
use crate::records::Value;

/// A history file for staff: `id,from,to,COLUMN` rows.
fn history(column: &str, rows: &[&str]) -> String {
    format!("id,from,to,{column}\n{}\n", rows.join("\n"))
}

fn sessions(rows: &[(&str, &str, &str)]) -> String {
    let mut text = String::from("id,supervisee,supervisor,kind,status,start\n");
    for (i, (supervisee, supervisor, start)) in rows.iter().enumerate() {
        text.push_str(&format!(
            "X{},{supervisee},{supervisor},one_to_one,held,{start}\n",
            i + 1
        ));
    }
    text
}

const NORTH: &str = "roles: social_worker, team_manager\nregistrations: HCPC\n\
group north: staff where team is North\n\
rule r: require one_to_one for north: at least 2 per month\n";

#[test]
fn a_period_is_in_force_from_its_from_day_to_its_to_day_and_membership_follows() {
    let (policy, records) = Case::new(NORTH)
        .staff(&["S1,social_worker,South,1,,HCPC,1,2020-01-01,,,,,"])
        .file(
            "staff_history.csv",
            &history("team", &["S1,2026-03-15,2026-04-10,North"]),
        )
        .file("sessions.csv", &sessions(&[]))
        .setup();
    let ctx = Ctx::new(
        &policy,
        &records,
        Period::new(d("2026-01-01"), d("2026-06-01"), None),
        &NoTrace,
    );
    let staff = ctx.table("staff").unwrap();
    let team = staff.column_index("team").unwrap();
    let text = |day: &str| match ctx.value_on(staff, 0, team, d(day)) {
        Value::Str(s) => ctx.text(s).to_string(),
        other => format!("{other:?}"),
    };
    assert_eq!(text("2026-03-14"), "South", "the day before `from`");
    assert_eq!(text("2026-03-15"), "North", "the `from` day is in force");
    assert_eq!(text("2026-04-10"), "North", "the `to` day is in force");
    assert_eq!(text("2026-04-11"), "South", "the day after `to` is not");
    assert!(!ctx.is_static("north"), "a group reading a dated column");
    assert_eq!(
        ctx.membership_change_days(staff, 0, d("2026-01-01"), d("2026-05-31")),
        [d("2026-03-15"), d("2026-04-11")]
    );
    assert_eq!(
        ctx.member_spans(
            "north",
            staff,
            0,
            (d("2026-01-01"), d("2026-05-31")),
            ctx.lifetime(staff, 0)
        ),
        [(d("2026-03-15"), d("2026-04-10"))]
    );
    assert!(ctx.member_on("north", staff, 0, d("2026-04-10")));
    assert!(!ctx.member_on("north", staff, 0, d("2026-04-11")));
}

#[test]
fn a_member_is_judged_only_for_the_months_they_were_in_the_group() {
    // S1 is in North now but was in South until 15 March: January and
    // February are not theirs to answer for (a snapshot would flag them),
    // and March is pro-rated like a starter's. S2 is in South now but was in
    // North in January and February: those months are breaches a snapshot
    // would miss. (`at least 2 per month`: March's 16 days of 31 require 1.)
    let case = Case::new(NORTH)
        .staff(&[
            "S1,social_worker,North,1,,HCPC,1,2020-01-01,,,,,",
            "S2,social_worker,South,1,,HCPC,1,2020-01-01,,,,,",
        ])
        .file(
            "staff_history.csv",
            &history(
                "team",
                &[
                    "S1,2025-06-01,2026-03-15,South",
                    "S2,2025-06-01,2026-02-28,North",
                ],
            ),
        )
        .file(
            "sessions.csv",
            &sessions(&[
                ("S1", "S9", "2026-04-10T10:00"),
                ("S1", "S9", "2026-04-20T10:00"),
                ("S1", "S9", "2026-05-05T10:00"),
                ("S1", "S9", "2026-05-15T10:00"),
            ]),
        )
        .at("2026-06-01")
        .from("2026-01-01");
    assert_eq!(
        case.summary(),
        [
            "breach S1 2026-03-31",
            "breach S2 2026-01-31",
            "breach S2 2026-02-28",
        ]
    );
    let run = case.run();
    let march = run.findings.iter().find(|f| f.subject.id == "S1").unwrap();
    let window = march.window.unwrap();
    assert_eq!(
        (window.start, window.end),
        (d("2026-03-01"), d("2026-03-31"))
    );
    assert!(march.expected.contains("at least 1 "), "{}", march.expected);
}

#[test]
fn a_group_through_a_reference_changes_when_the_referenced_row_does() {
    // `supervisor.level >= 3`: S1's supervisor M1 is raised to level 3 on
    // 1 March until 15 April; M2 (level 4) supervises S1 from 1 May.
    // (April's 15 days of 30 require 1 of 2.)
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\n\
group senior_led: staff where supervisor.level >= 3\n\
rule r: require one_to_one for senior_led: at least 2 per month\n";
    let case = Case::new(policy)
        .staff(&[
            "S1,social_worker,A,1,,HCPC,1,2020-01-01,,M1,,,",
            "M1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
            "M2,team_manager,A,4,,HCPC,1,2020-01-01,,,,,",
        ])
        .file(
            "staff_history.csv",
            "id,from,to,level,supervisor\nM1,2026-03-01,2026-04-15,3,\nS1,2026-05-01,,,M2\n",
        )
        .file("sessions.csv", &sessions(&[]))
        .at("2026-06-01")
        .from("2026-01-01");
    let (policy, records) = case.setup();
    let ctx = Ctx::new(
        &policy,
        &records,
        Period::new(d("2026-01-01"), d("2026-06-01"), None),
        &NoTrace,
    );
    let staff = ctx.table("staff").unwrap();
    assert_eq!(
        ctx.member_spans(
            "senior_led",
            staff,
            0,
            (d("2026-01-01"), d("2026-05-31")),
            ctx.lifetime(staff, 0)
        ),
        [
            (d("2026-03-01"), d("2026-04-15")),
            (d("2026-05-01"), d("2026-05-31"))
        ]
    );
    assert_eq!(
        case.summary(),
        [
            "breach S1 2026-03-31",
            "breach S1 2026-04-30",
            "breach S1 2026-05-31"
        ]
    );
}

#[test]
fn with_supervisor_counts_a_session_for_the_supervisor_in_force_that_day() {
    // S1's supervisor is S3 now, and was S2 until 14 January.
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\n\
rule r: require one_to_one with supervisor for all: at least 1 per month\n";
    let found = |supervisor: &str, day: &str| {
        Case::new(policy)
            .staff(&[
                "S1,social_worker,A,1,,HCPC,1,2020-01-01,,S3,,,",
                "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
                "S3,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
            ])
            .file(
                "staff_history.csv",
                &history("supervisor", &["S1,2025-01-01,2026-01-14,S2"]),
            )
            .file(
                "sessions.csv",
                &sessions(&[("S1", supervisor, &format!("{day}T10:00"))]),
            )
            .at("2026-02-01")
            .from("2026-01-01")
            .summary()
            .into_iter()
            .filter(|f| f.contains("S1"))
            .collect::<Vec<_>>()
    };
    let breach = ["breach S1 2026-01-31"];
    // The day before the change: the old supervisor's session counts...
    assert_eq!(found("S2", "2026-01-14"), Vec::<String>::new());
    // ... and the new one's does not.
    assert_eq!(found("S3", "2026-01-14"), breach);
    // The day of the change: the other way round.
    assert_eq!(found("S3", "2026-01-15"), Vec::<String>::new());
    assert_eq!(found("S2", "2026-01-15"), breach);
}

#[test]
fn eligibility_reads_the_supervisors_level_on_the_session_day() {
    // `supervisor.level >= supervisee.level + 1`: S2 (level 1) is raised to
    // level 2 from 10 March.
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\ngroup all: staff\n\
rule r: eligible supervisor of one_to_one for all {\n  supervisor.level >= supervisee.level + 1\n}\n";
    let found = |day: &str| {
        Case::new(policy)
            .staff(&[
                "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
                "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
            ])
            .file(
                "staff_history.csv",
                &history("level", &["S2,2026-03-10,,2"]),
            )
            .file(
                "sessions.csv",
                &sessions(&[("S1", "S2", &format!("{day}T10:00"))]),
            )
            .at("2026-04-01")
            .from("2026-03-01")
            .summary()
    };
    assert_eq!(found("2026-03-09"), ["breach S1 2026-03-09"]);
    assert_eq!(found("2026-03-10"), Vec::<String>::new());
}

#[test]
fn supervisees_are_counted_each_day_by_the_supervisor_in_force() {
    // S3 is supervised by T2 now, and by T1 from 10 to 20 January.
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\n\
group managers: staff where role is team_manager\nrule r: limit supervisees for managers: at most 2\n";
    let run = Case::new(policy)
        .staff(&[
            "T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
            "T2,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
            "S1,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
            "S2,social_worker,A,1,,HCPC,1,2020-01-01,,T1,,,",
            "S3,social_worker,A,1,,HCPC,1,2020-01-01,,T2,,,",
        ])
        .file(
            "staff_history.csv",
            &history("supervisor", &["S3,2026-01-10,2026-01-20,T1"]),
        )
        .at("2026-02-01")
        .from("2026-01-01")
        .run();
    assert_eq!(run.findings.len(), 1, "{:#?}", run.findings);
    let f = &run.findings[0];
    assert_eq!(f.subject.id, "T1");
    let w = f.window.unwrap();
    assert_eq!((w.start, w.end), (d("2026-01-10"), d("2026-01-20")));
    assert_eq!(f.actual, "3 supervisees");
    let evidence: Vec<&str> = f.evidence.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(evidence, ["S1", "S2", "S3"]);
}

const PRO_RATA: &str = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\n\
rule r: require one_to_one for all: at least 4 per quarter, pro rata\n";

#[test]
fn pro_rata_sums_the_share_of_each_day_of_the_window() {
    // S1 works full time until 15 February and half time from 16 February:
    // Q1 2026 (90 days) requires 4 × (46 × 1 + 44 × 0.5) / 90 = 3.02, so 3.
    let case = |sessions_held: &[(&str, &str, &str)]| {
        Case::new(PRO_RATA)
            .staff(&["S1,social_worker,A,1,,HCPC,0.5,2020-01-01,,,,,"])
            .file(
                "staff_history.csv",
                &history("fte", &["S1,2025-01-01,2026-02-15,1"]),
            )
            .file("sessions.csv", &sessions(sessions_held))
            .at("2026-04-01")
            .from("2026-01-01")
    };
    let two = [
        ("S1", "S2", "2026-01-10T10:00"),
        ("S1", "S2", "2026-02-10T10:00"),
    ];
    let run = case(&two).run();
    assert_eq!(run.findings.len(), 1, "{:#?}", run.findings);
    assert_eq!(
        run.findings[0].expected,
        "at least 3 one_to_one per quarter (pro rata at fte 1 then 0.5)"
    );
    let three = [
        ("S1", "S2", "2026-01-10T10:00"),
        ("S1", "S2", "2026-02-10T10:00"),
        ("S1", "S2", "2026-03-10T10:00"),
    ];
    assert_eq!(case(&three).summary(), Vec::<String>::new());
    // A snapshot reading (0.5 all quarter) would require 2 and pass two.
}

#[test]
fn pro_rata_with_one_share_in_the_window_is_as_without_history() {
    // The change is after the quarter judged: Q1 is all at 0.5, exactly as
    // the snapshot says (4 × 0.5 = 2).
    let run = Case::new(PRO_RATA)
        .staff(&["S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,"])
        .file(
            "staff_history.csv",
            &history("fte", &["S1,2025-01-01,2026-03-31,0.5"]),
        )
        .file(
            "sessions.csv",
            &sessions(&[("S1", "S2", "2026-01-10T10:00")]),
        )
        .at("2026-04-01")
        .from("2026-01-01")
        .run();
    assert_eq!(run.findings.len(), 1, "{:#?}", run.findings);
    assert_eq!(
        run.findings[0].expected,
        "at least 2 one_to_one per quarter (pro rata at fte 0.5)"
    );
}

#[test]
fn days_with_no_share_are_not_judged() {
    // The history gives a negative share for January (a mistake in the
    // export): January is not judged (and noted), February and March are.
    let run = Case::new(
        "roles: social_worker\nregistrations: HCPC\ngroup all: staff\n\
rule r: require one_to_one for all: at least 1 per month, pro rata\n",
    )
    .staff(&["S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,"])
    .file(
        "staff_history.csv",
        &history("fte", &["S1,2026-01-01,2026-01-31,-1"]),
    )
    .file(
        "sessions.csv",
        &sessions(&[("S1", "S2", "2026-03-10T10:00")]),
    )
    .at("2026-04-01")
    .from("2026-01-01")
    .run();
    let found: Vec<String> = run.findings.iter().map(|f| f.date.to_string()).collect();
    assert_eq!(found, ["2026-02-28"]);
    assert_eq!(run.notes.len(), 1, "{:#?}", run.notes);
    assert_eq!(
        run.notes[0].message,
        "days on which `fte` is empty or negative are not judged"
    );
}

#[test]
fn team_cover_counts_the_team_each_member_was_in_that_day() {
    // S4 is in team B now, and was in team A until Sunday 8 March. S1 and S2
    // are away from Friday 6 to Tuesday 10 March: team A has 2 of 4 on the
    // Friday (50%), and 1 of 3 from the Monday.
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: limit team_cover for all: at least 50%\n";
    let run = Case::new(policy)
        .staff(&[
            "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
            "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
            "S3,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
            "S4,social_worker,B,1,,HCPC,1,2020-01-01,,,,,",
        ])
        .file(
            "staff_history.csv",
            &history("team", &["S4,2026-01-01,2026-03-08,A"]),
        )
        .file(
            "absences.csv",
            "id,staff,start,end\nA1,S1,2026-03-06,2026-03-10\nA2,S2,2026-03-06,2026-03-10\n",
        )
        .at("2026-04-01")
        .from("2026-03-01")
        .run();
    assert_eq!(run.findings.len(), 1, "{:#?}", run.findings);
    let f = &run.findings[0];
    assert_eq!(f.subject.id, "A");
    let w = f.window.unwrap();
    assert_eq!((w.start, w.end), (d("2026-03-09"), d("2026-03-10")));
    assert_eq!(f.actual, "33.3% available");
}

#[test]
fn within_the_team_compares_the_teams_of_the_session_day() {
    // S1 was in team B until 9 March and is in team A (its supervisor's)
    // from 10 March.
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\n\
rule r: eligible supervisor of one_to_one for all {\n  supervisor.team = supervisee.team\n}\n";
    let found = |day: &str| {
        Case::new(policy)
            .staff(&[
                "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
                "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
            ])
            .file(
                "staff_history.csv",
                &history("team", &["S1,2025-01-01,2026-03-09,B"]),
            )
            .file(
                "sessions.csv",
                &sessions(&[("S1", "S2", &format!("{day}T10:00"))]),
            )
            .at("2026-04-01")
            .from("2026-03-01")
            .summary()
    };
    assert_eq!(found("2026-03-09"), ["breach S1 2026-03-09"]);
    assert_eq!(found("2026-03-10"), Vec::<String>::new());
}

#[test]
fn a_group_of_the_referenced_person_changes_when_their_row_does() {
    // `supervisor in managers`: M1 is a team manager from 1 March only.
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\n\
group managers: staff where role is team_manager\n\
group managed: staff where supervisor in managers\n\
rule r: require one_to_one for managed: at least 1 per month\n";
    let (policy, records) = Case::new(policy)
        .staff(&[
            "S1,social_worker,A,1,,HCPC,1,2020-01-01,,M1,,,",
            "M1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        ])
        .file(
            "staff_history.csv",
            &history("role", &["M1,2025-01-01,2026-02-28,social_worker"]),
        )
        .file("sessions.csv", &sessions(&[]))
        .setup();
    let ctx = Ctx::new(
        &policy,
        &records,
        Period::new(d("2026-01-01"), d("2026-06-01"), None),
        &NoTrace,
    );
    let staff = ctx.table("staff").unwrap();
    assert_eq!(
        ctx.member_spans(
            "managed",
            staff,
            0,
            (d("2026-01-01"), d("2026-05-31")),
            ctx.lifetime(staff, 0)
        ),
        [(d("2026-03-01"), d("2026-05-31"))]
    );
}

#[test]
fn a_waivers_approver_is_judged_by_their_role_on_the_day_it_was_granted() {
    // M1 is a service manager now, and was a team manager until the day
    // given: a waiver granted on 1 March counts only if M1 could waive then.
    let policy = "roles: social_worker, team_manager, service_manager\nregistrations: HCPC\ngroup all: staff\n\
rule r: eligible supervisor of one_to_one for all {\n  supervisor.level >= supervisee.level + 1\n} waivable by service_manager\n";
    let found = |until: &str| {
        Case::new(policy)
            .staff(&[
                "S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
                "S2,social_worker,A,1,,HCPC,1,2020-01-01,,,,,",
                "M1,service_manager,A,4,,HCPC,1,2020-01-01,,,,,",
            ])
            .file(
                "staff_history.csv",
                &history("role", &[&format!("M1,2025-01-01,{until},team_manager")]),
            )
            .file(
                "sessions.csv",
                &sessions(&[("S1", "S2", "2026-03-10T10:00")]),
            )
            .file(
                "waivers.csv",
                "id,waived_rule,subject,approved_by,reason,granted,expires\nW1,r,S1,M1,cover,2026-03-01,\n",
            )
            .at("2026-04-01")
            .from("2026-03-01")
            .summary()
    };
    assert_eq!(found("2026-03-01"), ["breach S1 2026-03-10"]);
    assert_eq!(found("2026-02-28"), ["waived S1 2026-03-10"]);
}

#[test]
fn a_caseload_is_the_one_on_the_last_day_judged() {
    let policy = "roles: social_worker\nregistrations: HCPC\ngroup all: staff\nrule r: limit caseload for all: at most 10\n";
    let found = |to: &str| {
        Case::new(policy)
            .file(
                "staff.csv",
                "id,role,team,level,registrations,fte,start_date,end_date,supervisor,caseload\nS1,social_worker,A,1,HCPC,1,2020-01-01,,,20\n",
            )
            .file(
                "staff_history.csv",
                &history("caseload", &[&format!("S1,2026-01-01,{to},8")]),
            )
            .at("2026-04-01")
            .from("2026-03-01")
            .summary()
    };
    // 8 until the last day judged (31 March): within the limit.
    assert_eq!(found("2026-03-31"), Vec::<String>::new());
    // 20 again from 31 March.
    assert_eq!(found("2026-03-30"), ["breach S1 2026-03-31"]);
}

#[test]
fn explain_shows_the_changes_that_moved_the_subject_into_and_out_of_the_rule() {
    // S1 moved from South into North on 16 March and out again on 1 May,
    // and went half time on 1 April.
    let policy = "roles: social_worker\nregistrations: HCPC\n\
group north: staff where team is North\n\
rule r: require one_to_one for north: at least 2 per month, pro rata\n";
    let lines = Case::new(policy)
        .staff(&["S1,social_worker,South,1,,HCPC,1,2020-01-01,,,,,"])
        .file(
            "staff_history.csv",
            "id,from,to,team,fte\nS1,2026-03-16,2026-04-30,North,\nS1,2026-04-01,,,0.5\n",
        )
        .file("sessions.csv", &sessions(&[]))
        .at("2026-06-01")
        .from("2026-01-01")
        .explain("r", "S1");
    let changes: Vec<&String> = lines.iter().filter(|l| l.contains("changed")).collect();
    assert_eq!(
        changes,
        [
            "2026-03-16 `team` changed from South to North: now in `north`",
            "2026-04-01 `fte` changed from 1 to 0.5",
            "2026-05-01 `team` changed from North to South: no longer in `north`",
        ]
    );
    // The change comes before the span it opened, on the same day.
    let at = |text: &str| lines.iter().position(|l| l.contains(text)).unwrap();
    assert!(at("now in `north`") < at("the rule applies (in `north`) from 2026-03-16"));
}

#[test]
fn explain_names_the_referenced_row_whose_change_moved_the_subject() {
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\n\
group senior_led: staff where supervisor.level >= 3\n\
rule r: require one_to_one for senior_led: at least 1 per month\n";
    let lines = Case::new(policy)
        .staff(&[
            "S1,social_worker,A,1,,HCPC,1,2020-01-01,,M1,,,",
            "M1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,",
        ])
        .file(
            "staff_history.csv",
            &history("level", &["M1,2026-03-01,,3"]),
        )
        .file("sessions.csv", &sessions(&[]))
        .at("2026-06-01")
        .from("2026-01-01")
        .explain("r", "S1");
    assert!(
        lines.contains(
            &"2026-03-01 `supervisor.level` (M1) changed from 2 to 3: now in `senior_led`"
                .to_string()
        ),
        "{lines:#?}"
    );
}

#[test]
fn explain_shows_the_changes_that_moved_a_manager_into_a_limit() {
    // T1 became a team manager on 10 January.
    let policy = "roles: social_worker, team_manager\nregistrations: HCPC\n\
group managers: staff where role is team_manager\nrule r: limit supervisees for managers: at most 2\n";
    let lines = Case::new(policy)
        .staff(&["T1,team_manager,A,2,,HCPC,1,2020-01-01,,,,,"])
        .file(
            "staff_history.csv",
            &history("role", &["T1,2025-01-01,2026-01-09,social_worker"]),
        )
        .at("2026-02-01")
        .from("2026-01-01")
        .explain("r", "T1");
    assert!(
        lines.contains(
            &"2026-01-10 `role` changed from social_worker to team_manager: now in `managers`"
                .to_string()
        ),
        "{lines:#?}"
    );
}

#[test]
fn a_time_scale_is_read_on_each_day_of_the_window() {
    // Placement days go from 2 to 4 on Thursday 5 March: the week of
    // Monday 2 March requires 30 minutes × (3 × 2 + 4 × 4) ÷ 7 = 94 minutes
    // (rounded down), where a snapshot reading (4) would require 2 hours.
    let policy = "roles: social_worker\nregistrations: HCPC\nextend staff { placement_days: optional number }\ngroup all: staff\nrule r: require one_to_one for all: at least 30 minutes per week scaled by placement_days\n";
    let run = Case::new(policy)
        .staff(&["S1,social_worker,A,1,,HCPC,1,2020-01-01,,,,,4"])
        .file(
            "staff_history.csv",
            &history("placement_days", &["S1,2026-01-01,2026-03-04,2"]),
        )
        .file(
            "sessions.csv",
            "id,supervisee,supervisor,kind,status,start,duration\nX1,S1,S2,one_to_one,held,2026-03-03T10:00,90\n",
        )
        .at("2026-03-09")
        .from("2026-03-02")
        .run();
    assert_eq!(run.findings.len(), 1, "{:#?}", run.findings);
    assert_eq!(
        run.findings[0].expected,
        "at least 1h 34m of one_to_one per week (30m × placement_days 2 then 4)"
    );
    assert_eq!(run.findings[0].actual, "1h 30m");
}
