//! The mapping file: parsing, derivations, patterns and date formats.

use super::*;
use crate::check::{check, CheckOptions};

fn policy() -> CompiledPolicy {
    let source = "policy \"p\" {}\nregistrations: swe, hcpc\n";
    check(source, &CheckOptions::default()).policy
}

/// The error for `text`, or "" if it parses.
fn err(text: &str) -> String {
    Mapping::parse("m.toml", text, &policy())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
}

/// Assert that the error for `text` holds `part`.
fn has(text: &str, part: &str) {
    let e = err(text);
    assert!(e.contains(part), "{e}\n does not hold\n{part}");
}

fn parsed(text: &str) -> Mapping {
    match Mapping::parse("m.toml", text, &policy()) {
        Ok(m) => m,
        Err(e) => {
            assert_eq!(e.to_string(), "", "the mapping parses");
            Mapping::default()
        }
    }
}

#[test]
fn a_full_mapping_parses() {
    let text = r#"
[tables.sessions]
file = "case_notes.csv"
[tables.sessions.columns]
supervisee = "WorkerID"
start = "NoteDate"
[tables.sessions.values.kind]
SUPERCONT = "one_to_one"
[tables.sessions.formats]
start = "%d/%m/%Y %H:%M"
"#;
    let m = parsed(text);
    let s = m.table("sessions");
    assert_eq!(s.and_then(|s| s.file.as_deref()), Some("case_notes.csv"));
    assert_eq!(
        s.and_then(|s| s.columns.get("start")).map(String::as_str),
        Some("NoteDate")
    );
    assert_eq!(
        s.and_then(|s| s.formats.get("start")).cloned(),
        Some(vec!["%d/%m/%Y %H:%M".to_string()])
    );
}

#[test]
fn mistakes_are_named_with_their_line_and_column() {
    assert_eq!(
        err("[tables.sesions]"),
        "in the mapping `m.toml`, line 1, column 9: the policy has no table `sesions` (did you mean `sessions`?)"
    );
    assert_eq!(
        err("[tables.sessions.columns]\nsupervise = \"x\""),
        "in the mapping `m.toml`, line 2, column 1: `sessions` has no column `supervise` to rename (did you mean `supervisee`?)"
    );
    assert_eq!(
        err("[tables.sessions.values.kind]\nX = \"one_to_on\""),
        "in the mapping `m.toml`, line 2, column 5: `one_to_on` is not a `session_kind` value of the policy (did you mean `one_to_one`?)"
    );
    has(
        "[tables.sessions.values.start]\nX = \"y\"",
        "cannot be mapped",
    );
    has(
        "[tables.sessions.formats]\nkind = \"%d\"",
        "takes no date format",
    );
    assert_eq!(
        err("[tables.sessions.formats]\nstart = \"%Q/%m\""),
        "in the mapping `m.toml`, line 2, column 9: the format `%Q/%m` for `sessions.start` is not a chrono format (write it like `%d/%m/%Y %H:%M`)"
    );
    assert_eq!(
        err("[tables.sessions.formats]\nstart = \"%d/%m/%Y %H:%M\""),
        ""
    );
    // An unknown key: toml's message, at the key.
    let unknown = err("[tables.sessions]\nfiel = 3");
    assert!(
        unknown.starts_with("in the mapping `m.toml`, line 2, column 1: unknown field `fiel`"),
        "{unknown}"
    );
    has(
        "[tables.staff.columns]\ntenure = \"x\"",
        "no column `tenure`",
    );
    assert_eq!(
        err("[tables.sessions.columns]\nsupervisee = \"W\"\nsupervisor = \"W\""),
        "in the mapping `m.toml`, line 3, column 14: `sessions`: both `supervisee` and `supervisor` are mapped from the export column `W`"
    );
}

#[test]
fn a_history_is_mapped_like_its_table() {
    let text = r#"
[tables.staff_history]
file = "positions.csv"
[tables.staff_history.columns]
id = "StaffID"
from = "Start"
to = "End"
role = "Post"
[tables.staff_history.values.role]
TM = "team_manager"
[tables.staff_history.formats]
from = "%d/%m/%Y"
"#;
    let m = parsed(text);
    let h = m.table("staff_history");
    assert_eq!(h.and_then(|h| h.file.as_deref()), Some("positions.csv"));
    assert_eq!(
        h.and_then(|h| h.columns.get("to")).map(String::as_str),
        Some("End")
    );
    assert_eq!(
        err("[tables.staff_history.columns]\nfrm = \"Start\""),
        "in the mapping `m.toml`, line 2, column 1: `staff_history` has no column `frm` to rename (did you mean `from`?)"
    );
    has(
        "[tables.staff_history.formats]\nrole = \"%d\"",
        "takes no date format",
    );
    assert_eq!(err("[tables.sessions_history]"), "");
    has("[tables.stafff_history]", "no table `stafff_history`");
}

#[test]
fn derivations_parse() {
    let text = r#"
[tables.staff]
file = "ssd.xlsx"
sheet = "Professionals"
[tables.staff.derive]
registrations = { present = "prof_social_worker_registration_no", value = "swe" }
fte = { constant = 1 }
team = { constant = "Children's services" }
[tables.sessions.derive]
start = { date = "note_date", time = "note_time" }
[tables.sessions.patterns]
kind = [ { prefix = "GRP", value = "group_supervision" }, { regex = '^SUP\d+$', value = "one_to_one" } ]
[tables.sessions.other]
kind = "peer_supervision"
[tables.sessions.formats]
start = ["%d/%m/%Y", "%d %b %Y"]
"#;
    let m = parsed(text);
    let staff = m.table("staff");
    assert_eq!(
        staff.and_then(|s| s.sheet.as_deref()),
        Some("Professionals")
    );
    assert_eq!(
        staff.and_then(|s| s.derived.get("registrations")),
        Some(&Derived {
            how: Derivation::Present {
                column: "prof_social_worker_registration_no".into(),
                value: Some("swe".into()),
                absent: None,
            },
            at: MappingAt { line: 6, column: 1 },
        })
    );
    assert_eq!(
        staff.and_then(|s| s.derived.get("fte")).map(|d| &d.how),
        Some(&Derivation::Constant("1".into()))
    );
    let sessions = m.table("sessions");
    assert_eq!(
        sessions
            .and_then(|s| s.derived.get("start"))
            .map(|d| &d.how),
        Some(&Derivation::DateTime {
            date: "note_date".into(),
            time: "note_time".into()
        })
    );
    let patterns = sessions
        .and_then(|s| s.patterns.get("kind"))
        .map_or(&[][..], Vec::as_slice);
    assert_eq!(patterns.len(), 2);
    let first = |code: &str| {
        patterns
            .iter()
            .find(|p| p.matches(code))
            .map(|p| p.value.as_str())
    };
    assert_eq!(first("GRP7"), Some("group_supervision"));
    assert_eq!(first("SUP12"), Some("one_to_one"));
    assert_eq!(first("SUP12A"), None);
    assert_eq!(first("XGRP"), None);
    let Some(sessions) = sessions else { return };
    let allowed: Vec<String> = ["one_to_one", "group_supervision", "peer_supervision"]
        .map(String::from)
        .into();
    // Exact codes, then patterns in order, then the vocabulary, then `other`.
    assert_eq!(
        map_code(sessions, "kind", "GRP1", &allowed),
        Some("group_supervision")
    );
    assert_eq!(
        map_code(sessions, "kind", "one_to_one", &allowed),
        Some("one_to_one")
    );
    assert_eq!(
        map_code(sessions, "kind", "ZZZ", &allowed),
        Some("peer_supervision")
    );
    assert_eq!(map_code(sessions, "status", "ZZZ", &allowed), None);
}

#[test]
fn bad_derivations_are_named_where_they_are() {
    assert_eq!(
        err("[tables.sessions.patterns]\nkind = [{ regex = \"(SUP\", value = \"one_to_one\" }]"),
        "in the mapping `m.toml`, line 2, column 19: `(SUP` is not a regular expression: unclosed group"
    );
    assert_eq!(
        err("[tables.sessions.patterns]\nkind = [{ prefix = \"S\", regex = \"S\", value = \"one_to_one\" }]"),
        "in the mapping `m.toml`, line 2, column 9: a pattern has either a `prefix` or a `regex`, and the `value` it maps to: `{ prefix = \"GRP\", value = \"group_supervision\" }`"
    );
    has(
        "[tables.sessions.patterns]\nkind = [{ prefix = \"\", value = \"one_to_one\" }]",
        "an empty prefix matches every code",
    );
    has(
        "[tables.sessions.patterns]\nkind = [{ prefix = \"S\", value = \"one\" }]",
        "line 2, column 33: `one` is not a `session_kind` value",
    );
    has(
        "[tables.sessions.patterns]\nkind = [{ prefix = \"S\", valeu = \"x\" }]",
        "line 2, column 25: unknown field `valeu`",
    );
    has(
        "[tables.sessions.patterns]\nstart = [{ prefix = \"S\", value = \"x\" }]",
        "is a date and time, so its values cannot be mapped",
    );
    has("[tables.sessions.other]\nkind = \"peer_supervison\"", "line 2, column 8: `peer_supervison` is not a `session_kind` value of the policy (did you mean `peer_supervision`?)");
    assert_eq!(
        err("[tables.staff.derive]\nfte = { constant = \"full\" }"),
        "in the mapping `m.toml`, line 2, column 20: the constant `full` for `staff.fte` is not a number"
    );
    assert_eq!(
        err("[tables.staff.derive]\nregistrations = { constant = \"swe; nmc\" }"),
        "in the mapping `m.toml`, line 2, column 30: the constant `swe; nmc` for `staff.registrations` is not a set of `registration`"
    );
    assert_eq!(
        err("[tables.staff.derive]\nregistrations = { constant = \"swe; hcpc\" }"),
        ""
    );
    has(
        "[tables.staff.derive]\nregistrations = { present = \"reg_no\" }",
        "needs the `value` that `staff.registrations` takes",
    );
    has(
        "[tables.staff.derive]\nteam = { present = \"reg_no\", value = \"x\" }",
        "`staff.team` is text: a value from a column's presence is only for",
    );
    has(
        "[tables.requests.derive]\nurgent = { present = \"u\", value = \"yes\" }",
        "line 2, column 35: `requests.urgent` is yes/no",
    );
    assert_eq!(
        err("[tables.requests.derive]\nurgent = { present = \"u\" }"),
        ""
    );
    has(
        "[tables.sessions.derive]\nstart = { date = \"d\" }",
        "line 2, column 9: `sessions.start` is derived in one way",
    );
    has(
        "[tables.staff.derive]\nstart_date = { date = \"d\", time = \"t\" }",
        "`staff.start_date` is a date: only a date and time is read",
    );
    has(
        "[tables.staff.columns]\nfte = \"FTE\"\n[tables.staff.derive]\nfte = { constant = 1 }",
        "line 4, column 1: `staff.fte` is both renamed",
    );
    has(
        "[tables.staff]\nsheet = \"Staff\"",
        "line 2, column 9: `sheet` names a sheet of a workbook: give the workbook too",
    );
    has(
        "[tables.staff]\nfile = \"staff.csv\"\nsheet = \"Staff\"",
        "but `staff.csv` is not one",
    );
}

#[test]
fn formats_are_tried_in_order_and_ambiguous_ones_refused() {
    assert_eq!(
        err("[tables.staff.formats]\nstart_date = [\"%d/%m/%Y\", \"%m/%d/%Y\"]"),
        "in the mapping `m.toml`, line 2, column 14: the formats for `staff.start_date` are ambiguous: `04/03/2026` is one day read as `%d/%m/%Y` and another read as `%m/%d/%Y`; give the one format the export uses"
    );
    // A format that reads ISO 8601's text as another day.
    has(
        "[tables.staff.formats]\nstart_date = \"%Y-%d-%m\"",
        "`2026-03-04` is one day read as ISO 8601 and another read as `%Y-%d-%m`",
    );
    has(
        "[tables.staff.formats]\nstart_date = []",
        "no format is given",
    );
    // Digits in another order, with no sample among the probes.
    assert_eq!(
        err("[tables.staff.formats]\nstart_date = [\"%d%m%Y\", \"%Y%m%d\"]"),
        "in the mapping `m.toml`, line 2, column 14: the formats for `staff.start_date` are ambiguous: `%d%m%Y` and `%Y%m%d` read text of the same shape with the day, month and year (or time) in another order, so some text is one day read as one and another read as the other; give the one format the export uses"
    );
    // Day first with dashes is no ISO 8601 date (its year has four
    // digits), and two-digit years are not four-digit ones.
    assert_eq!(
        err("[tables.staff.formats]\nstart_date = [\"%d-%m-%Y\", \"%d/%m/%y\", \"%d/%m/%Y\"]"),
        ""
    );
    // Day first in two spellings is no ambiguity.
    assert_eq!(
        err("[tables.staff.formats]\nstart_date = [\"%d/%m/%Y\", \"%d.%m.%Y\", \"%d %b %Y\"]"),
        ""
    );
    assert_eq!(
        err("[tables.sessions.formats]\nstart = [\"%d/%m/%Y %H:%M\", \"%d/%m/%Y\"]"),
        ""
    );
}
