//! Issue 11, wall 1: relations more than one step away or in another table.
//! Each construct has a small export under `tests/data/lang/<construct>/`
//! with its clause encoded in `policy.sup` and a breach planted next to a
//! case that is in time (the boundary day). Each test checks the encoding is
//! clean and already formatted, judges the export with the built binary, and
//! holds what `describe` says of the rule (a reviewed snapshot).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sup(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sup"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("the sup binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn policy(construct: &str) -> String {
    format!("tests/data/lang/{construct}/policy.sup")
}

/// The encoding checks with no diagnostic at all and is in canonical form.
fn assert_clean(construct: &str) {
    let path = root().join(policy(construct));
    let loaded = sup::workspace::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded.checked.diagnostics.is_empty(),
        "{construct}: {:?}",
        loaded.checked.diagnostics
    );
    let (code, out, err) = sup(&["fmt", "--check", &policy(construct)]);
    assert_eq!(code, 0, "{construct} is not formatted: {out}{err}");
}

/// Every finding of the export, as "status subject window_end actual", from
/// January to March 2026.
fn findings(construct: &str, records: &Path) -> Vec<String> {
    let (code, out, err) = sup(&[
        "eval",
        &policy(construct),
        "--records",
        records.to_str().unwrap(),
        "--from",
        "2026-01-01",
        "--as-of",
        "2026-04-01",
        "--format",
        "json",
    ]);
    assert!(err.is_empty(), "stderr: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["status"].as_str().unwrap(),
                f["subject"]["id"].as_str().unwrap(),
                f["window"]["end"].as_str().unwrap_or("-"),
                f["actual"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(code, i32::from(!found.is_empty()), "{out}");
    found
}

fn export(construct: &str) -> PathBuf {
    root().join("tests/data/lang").join(construct)
}

/// The sentence `describe` gives the policy's rules (the last section).
fn described(construct: &str) -> String {
    let (code, out, err) = sup(&["describe", &policy(construct)]);
    assert_eq!(code, 0, "{err}");
    out
}

/// A copy of the export without its history files: every day reads the
/// snapshot.
fn without_history(construct: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sup-lang-{construct}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(export(construct)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".csv") && !name.ends_with("_history.csv") {
            std::fs::copy(&path, dir.join(name)).unwrap();
        }
    }
    dir
}

/// `supervisor.line_manager.registrations has swe`: W1's supervisor S1 was
/// line managed by the unregistered M9 until 28 February, by M0 (registered)
/// from 1 March. W1 is in the group in January and February only; read from
/// the snapshot alone (M0 throughout) W1 would never be.
#[test]
fn a_path_of_two_steps_is_read_on_each_day() {
    assert_clean("paths");
    assert_eq!(
        findings("paths", &export("paths")),
        ["breach W1 2026-01-31 0", "breach W1 2026-02-28 0"]
    );
    let snapshot = without_history("paths");
    let found = findings("paths", &snapshot);
    let _ = std::fs::remove_dir_all(&snapshot);
    assert!(found.is_empty(), "{found:?}");
    // `explain` says why W1 left the group, naming the whole path.
    let (_, explained, err) = sup(&[
        "explain",
        &policy("paths"),
        "--records",
        export("paths").to_str().unwrap(),
        "--from",
        "2026-01-01",
        "--as-of",
        "2026-04-01",
        "--rule",
        "additional_supervision",
        "--subject",
        "W1",
    ]);
    assert!(err.is_empty(), "{err}");
    assert!(
        explained.contains("2026-03-01  `supervisor.line_manager.registrations` changed from (none) to swe: no longer in `supervisor_managed_by_unregistered`"),
        "{explained}"
    );
    insta::assert_snapshot!(described("paths"));
}

/// In an eligibility rule the path starts from the session's supervisor:
/// S1's line manager is M9 (unregistered) on 12 January and M0 (registered)
/// on 12 March, so only January's session breaks the rule.
#[test]
fn a_path_from_the_supervisor_is_read_on_the_day_of_the_session() {
    let path = "tests/data/lang/paths/eligibility.sup";
    let loaded = sup::workspace::load(&root().join(path), None).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded.checked.diagnostics.is_empty(),
        "{:?}",
        loaded.checked.diagnostics
    );
    let (code, out, err) = sup(&[
        "eval",
        path,
        "--records",
        export("paths").to_str().unwrap(),
        "--from",
        "2026-01-01",
        "--as-of",
        "2026-04-01",
        "--format",
        "csv",
    ]);
    assert!(err.is_empty(), "{err}");
    assert_eq!(code, 1, "{out}");
    let rows: Vec<String> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(10).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        rows,
        ["supervisor_line_managed_by_registered,eligibility,14,breach,error,staff,W1,staff S1,2026-01-12,2026-01-12"]
    );
}

/// The timeline `explain` gives `rule` for `subject`, January to March
/// 2026: its dated lines, as printed.
fn explained(construct: &str, rule: &str, subject: &str) -> Vec<String> {
    let (_, out, err) = sup(&[
        "explain",
        &policy(construct),
        "--records",
        export(construct).to_str().unwrap(),
        "--from",
        "2026-01-01",
        "--as-of",
        "2026-04-01",
        "--rule",
        rule,
        "--subject",
        subject,
    ]);
    assert!(err.is_empty(), "{err}");
    out.lines()
        .filter(|l| l.starts_with("  2026-"))
        .map(|l| l.trim().to_string())
        .collect()
}

/// `within 5 working days of absence.end`: A1 ends Friday 6 February, so S1
/// is due by Friday 13 February, and its rebooking at 16:00 that day is in
/// time; A2 ends Friday 6 March and S2 is rebooked on Monday 16 March, late.
#[test]
fn a_deadline_counts_from_a_column_of_the_row_a_reference_names() {
    assert_clean("deadline-through");
    assert_eq!(
        findings("deadline-through", &export("deadline-through")),
        ["breach S2 2026-03-13 rebooked 2026-03-16 09:00 (3 days late)"]
    );
    // `explain` says which row the start was read from, and the due day.
    assert_eq!(
        explained("deadline-through", "rebooked_after_sickness", "S2"),
        [
            "2026-03-06  sessions S2: `absence.end` is 2026-03-06 (from absences A2), so `rebooked` is due by 2026-03-13",
            "2026-03-13  sessions S2: rebooked 2026-03-16 09:00 (3 days late)",
        ]
    );
    assert_eq!(
        explained("deadline-through", "rebooked_after_sickness", "S1"),
        [
            "2026-02-06  sessions S1: `absence.end` is 2026-02-06 (from absences A1), so `rebooked` is due by 2026-02-13",
            "2026-02-13  sessions S1: rebooked 2026-02-13 16:00 — in time",
        ]
    );
    insta::assert_snapshot!(described("deadline-through"));
}

/// `before the next one_to_one of supervisor`: the agreement's supervisor
/// M1 is next supervised on 10 February (G1's manager told that day: in
/// time) and 16 March (G2's told on 20 March: late), although W2's own next
/// session on 5 March comes first. G3 is no departure.
#[test]
fn a_deadline_waits_for_the_next_activity_of_someone_the_row_names() {
    assert_clean("next-of");
    assert_eq!(
        findings("next-of", &export("next-of")),
        ["breach G2 2026-03-16 line_manager_told 2026-03-20 (4 days late)"]
    );
    // `explain` names whose next session it waited for, and which it was:
    // M1's on 16 March, not W2's own on 5 March.
    assert_eq!(
        explained("next-of", "line_manager_told_of_departure", "G2"),
        [
            "2026-03-02  agreements G2: the next one_to_one of `supervisor` M1 is X3 on 2026-03-16 10:00, so `line_manager_told` is due by then",
            "2026-03-16  agreements G2: line_manager_told 2026-03-20 (4 days late)",
        ]
    );
    insta::assert_snapshot!(described("next-of"));
}

/// `of supervisee.supervisor`: a path to whose next activity it is. W1's
/// and W2's supervisor is M1, so the agreements wait for M1's sessions as
/// with `of supervisor`, and G2's notice is late the same way.
#[test]
fn whose_next_activity_may_be_reached_through_a_path() {
    let through = variant(
        "next-of",
        "one_to_one of supervisor",
        "one_to_one of supervisee.supervisor",
    );
    let path = through.to_str().unwrap().to_string();
    let (code, out, err) = sup(&[
        "eval",
        &path,
        "--records",
        export("next-of").to_str().unwrap(),
        "--from",
        "2026-01-01",
        "--as-of",
        "2026-04-01",
        "--format",
        "csv",
    ]);
    let (_, described, _) = sup(&["describe", &path]);
    let _ = std::fs::remove_file(&through);
    assert!(err.is_empty(), "{err}");
    assert_eq!(code, 1, "{out}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(
        rows[0].contains(
            "before the next one_to_one of `supervisee.supervisor` M1 (X3 on 2026-03-16 10:00)"
        ),
        "{out}"
    );
    assert!(
        described.contains("before its supervisee's supervisor's own next one-to-one session"),
        "{described}"
    );
}

/// `allow supervisor, supervisor.line_manager`: M1 supervised W1 until 28
/// February and may read W1's file that day (L1) but not on 1 March (L2);
/// M2 may from 1 March (L3). H1, M1's line manager, may while M1 is the
/// supervisor (L4) and not after (L5), though the log gives H1 the same role
/// throughout. The subject may always (L6).
#[test]
fn access_by_relationship_is_judged_on_the_day_of_access() {
    assert_clean("access-relations");
    assert_eq!(
        findings("access-relations", &export("access-relations")),
        [
            "breach L2 2026-03-01 M1 (team_manager) for supervision",
            "breach L5 2026-03-02 H1 (head_of_service) for supervision"
        ]
    );
    // `explain` says whom each relationship named on the day of access: H1
    // is M1's line manager while M1 supervises W1 (L4), not after (L5).
    let lines = explained("access-relations", "supervision_files_confidential", "W1");
    for expected in [
        "2026-02-27  access L4: the subject's supervisor.line_manager on 2026-02-27 is H1, the reader (H1)",
        "2026-03-01  access L2: the subject's supervisor on 2026-03-01 is M2, not the reader (M1)",
        "2026-03-02  access L5: the subject's supervisor.line_manager on 2026-03-02 is H2, not the reader (H1)",
        "2026-03-02  access L5 to record R1 by head_of_service for supervision: NOT allowed",
    ] {
        assert!(lines.iter().any(|l| l == expected), "{expected}\n{lines:#?}");
    }
    // Read from the snapshot alone, M2 and H2 are the supervisor and their
    // line manager throughout: M1's and H1's accesses in February are then
    // breaches, and March's are not.
    let snapshot = without_history("access-relations");
    let found = findings("access-relations", &snapshot);
    let _ = std::fs::remove_dir_all(&snapshot);
    assert_eq!(
        found,
        [
            "breach L1 2026-02-28 M1 (team_manager) for supervision",
            "breach L2 2026-03-01 M1 (team_manager) for supervision",
            "breach L4 2026-02-27 H1 (head_of_service) for supervision",
            "breach L5 2026-03-02 H1 (head_of_service) for supervision"
        ]
    );
    insta::assert_snapshot!(described("access-relations"));
}

/// A copy of a construct's policy with one text replaced, in a temporary
/// file (removed by the caller).
fn variant(construct: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join(policy(construct))).unwrap();
    assert!(text.contains(from), "{from}");
    // One file per call: tests run in parallel and may vary one policy.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!(
        "sup-lang-{construct}-variant-{}-{call}.sup",
        std::process::id()
    ));
    std::fs::write(&path, text.replace(from, to)).unwrap();
    path
}

/// The diff's one-line judgements and reasons, each trimmed.
fn judged(old: &str, new: &str) -> Vec<String> {
    let (_, out, err) = sup(&["diff", old, new]);
    assert!(err.is_empty(), "{err}");
    out.lines()
        .map(str::trim)
        .filter(|l| {
            ["stricter", "looser", "mixed", "neutral"]
                .iter()
                .any(|w| l.starts_with(w))
        })
        .map(str::to_string)
        .collect()
}

/// Adding a relationship to the grants lets someone more read: looser; the
/// other way round, stricter. Waiting for another person's next session
/// instead of the row's own subject's cannot be ranked.
#[test]
fn the_diff_judges_relationships_and_whose_next_activity() {
    let narrower = variant(
        "access-relations",
        "allow supervisor, supervisor.line_manager for supervision",
        "allow supervisor for supervision",
    );
    let narrower_path = narrower.to_str().unwrap();
    let wider = policy("access-relations");
    assert_eq!(
        judged(narrower_path, &wider),
        [
            "looser   supervision_files_confidential (access: personal_supervision records)",
            "looser: `subject.supervisor.line_manager` may now read them, for `supervision`"
        ]
    );
    assert_eq!(
        judged(&wider, narrower_path),
        [
            "stricter supervision_files_confidential (access: personal_supervision records)",
            "stricter: `subject.supervisor.line_manager` may no longer read them"
        ]
    );
    let _ = std::fs::remove_file(&narrower);
    let other = variant(
        "next-of",
        "one_to_one of supervisor",
        "one_to_one of supervisee",
    );
    assert_eq!(
        judged(&policy("next-of"), other.to_str().unwrap()),
        [
            "neutral  line_manager_told_of_departure (deadline: line_manager_told on agreement)",
            "neutral: due before the next `one_to_one` of `supervisee` instead of the next `one_to_one` of `supervisor`"
        ]
    );
    let _ = std::fs::remove_file(&other);
}
