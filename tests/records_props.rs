//! Property tests: the loaders never panic, whatever bytes an export holds,
//! and every row is either loaded or reported.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use proptest::prelude::*;
use sup::records::{load_dir, LoadOptions, RecordError};

const POLICY: &str = "policy \"p\" {\n  effective: 2026-01-01\n}\nroles: social_worker\ngroup all: staff\nrule monthly: require one_to_one for all: at least once per month\nrule recorded: deadline sessions: recorded within 48 hours of start\nrule long: limit session_length of one_to_one for all: at most 2 hours\n";

const STAFF: &str = "id,role,start_date,end_date\nS1,social_worker,2020-01-06,\n";

fn policy() -> sup::policy::CompiledPolicy {
    let checked = sup::check::check(POLICY, &sup::check::CheckOptions::default());
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    checked.policy
}

/// Write `sessions` as the given file beside a valid staff file and load.
fn load(name: &str, sessions: &[u8], lenient: bool) -> Result<usize, usize> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("sup-props-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("staff.csv"), STAFF).expect("write");
    std::fs::write(dir.join(name), sessions).expect("write");
    let result = load_dir(
        &dir,
        &policy(),
        &LoadOptions {
            lenient,
            ..LoadOptions::default()
        },
    );
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(loaded) => {
            let sessions = loaded.records.table("sessions").map_or(0, |t| t.len());
            // Lenient loads account for every skipped row.
            assert!(lenient || loaded.skipped.is_empty());
            Ok(sessions + loaded.skipped_rows)
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                assert!(!e.code_str().is_empty());
            }
            Err(errors.len())
        }
    }
}

const HEADER: &str = "id,supervisee,supervisor,kind,status,start,duration,recorded\n";

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("S1".to_string()),
        Just("one_to_one".to_string()),
        Just("held".to_string()),
        Just("2026-02-30T10:00".to_string()),
        Just("2026-03-01T10:00".to_string()),
        Just("2026-03-29T01:30".to_string()),
        Just("\"quoted, comma\"".to_string()),
        "[ -~]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn csv_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), lenient in any::<bool>()) {
        let _ = load("sessions.csv", &bytes, lenient);
    }

    #[test]
    fn csv_after_a_header_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), lenient in any::<bool>()) {
        let mut text = HEADER.as_bytes().to_vec();
        text.extend(bytes);
        let _ = load("sessions.csv", &text, lenient);
    }

    #[test]
    fn jsonl_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), lenient in any::<bool>()) {
        let _ = load("sessions.jsonl", &bytes, lenient);
    }

    #[test]
    fn rows_of_odd_cells_are_loaded_or_reported(rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..10), 0..8)) {
        let mut text = HEADER.to_string();
        let mut expected = 0;
        for (i, row) in rows.iter().enumerate() {
            let mut cells = row.clone();
            if let Some(first) = cells.first_mut() {
                *first = format!("X{i}");
            }
            let line = cells.join(",").replace(['\n', '\r'], " ");
            if line.trim().is_empty() {
                continue;
            }
            expected += 1;
            text.push_str(&line);
            text.push('\n');
        }
        // Under --lenient, each row is either loaded or counted as skipped
        // (quoted cells may merge lines, so at most the rows written).
        if let Ok(accounted) = load("sessions.csv", text.as_bytes(), true) {
            prop_assert!(accounted <= expected, "{accounted} > {expected}");
        }
    }
}

/// Load `text` as the sessions file (`name`) beside a valid staff file;
/// every error must name that file, a line of it, and, when it is about a
/// value, the column. The error list of a strict load, or the skipped rows
/// of a lenient one.
fn load_and_check_errors(name: &str, text: &[u8], lenient: bool) -> Vec<String> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("sup-props-long-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("staff.csv"), STAFF).expect("write");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    let result = load_dir(
        &dir,
        &policy(),
        &LoadOptions {
            lenient,
            ..LoadOptions::default()
        },
    );
    let _ = std::fs::remove_dir_all(&dir);
    let errors = match result {
        Ok(loaded) => loaded.skipped,
        Err(errors) => errors,
    };
    // A row starts on a line of the file: at most one past its last line
    // end (a last line with no line end).
    let lines = text.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let file = path.display().to_string();
    let mut shown = Vec::new();
    for e in &errors {
        let message = e.to_string();
        assert!(!e.code_str().is_empty(), "{message}");
        if e.code_str() == "sup::records::too-many-errors" {
            continue;
        }
        assert_eq!(e.file(), file, "{message}");
        assert!(message.contains(&format!("`{file}`")), "{message}");
        // Only a problem with the whole file has no line: one saved as
        // UTF-16, or a header that is empty or names a column twice.
        let Some(line) = e.line() else {
            assert!(
                matches!(
                    e,
                    RecordError::Utf16 { .. }
                        | RecordError::EmptyFile { .. }
                        | RecordError::MissingColumn { .. }
                        | RecordError::DuplicateColumn { .. }
                ),
                "no line: {message}"
            );
            continue;
        };
        assert!(
            (1..=lines).contains(&line),
            "line {line} of {lines}: {message}"
        );
        assert!(message.contains(&format!("line {line}")), "{message}");
        if matches!(
            e,
            RecordError::BadDate { .. }
                | RecordError::BadValue { .. }
                | RecordError::UnknownValue { .. }
                | RecordError::MissingValue { .. }
                | RecordError::DanglingRef { .. }
                | RecordError::NotUtf8 { .. }
        ) {
            assert!(message.contains(", column `"), "{message}");
        }
        // A value is quoted at most 60 characters long, however long it is.
        if let RecordError::BadDate { value, .. }
        | RecordError::BadValue { value, .. }
        | RecordError::UnknownValue { value, .. } = e
        {
            assert!(
                value.chars().count() <= 60,
                "{} chars",
                value.chars().count()
            );
        }
        shown.push(message);
    }
    shown
}

/// Characters an export should not hold but may: controls, bidi
/// overrides, quotes, separators, a byte-order mark, non-ASCII letters.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        1 => Just('\0'),
        1 => Just('\t'),
        1 => Just('\r'),
        1 => Just('\n'),
        1 => Just('\u{1b}'),
        1 => Just('\u{7f}'),
        1 => Just('\u{9b}'),
        1 => Just('\u{202e}'),
        1 => Just('\u{feff}'),
        1 => Just('"'),
        1 => Just(','),
        1 => Just(';'),
        1 => Just('é'),
    ]
}

/// A long run of one hostile character pattern: up to 200,000 characters.
fn long_field() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(hostile_char(), 1..8),
        1usize..25_000,
    )
        .prop_map(|(unit, times)| unit.into_iter().collect::<String>().repeat(times))
}

const ROW: [&str; 8] = [
    "X1",
    "S1",
    "S1",
    "one_to_one",
    "held",
    "2026-03-02T10:00",
    "60",
    "2026-03-02T12:00",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn a_long_hostile_field_in_csv_is_loaded_or_reported_with_its_place(
        field in long_field(),
        at in 0usize..8,
        quoted in any::<bool>(),
        lenient in any::<bool>(),
    ) {
        let mut cells: Vec<String> = ROW.iter().map(|c| c.to_string()).collect();
        cells[at] = if quoted {
            format!("\"{}\"", field.replace('"', "\"\""))
        } else {
            field
        };
        let text = format!("{HEADER}{}\nX2,S1,S1,one_to_one,held,2026-03-03T10:00,60,2026-03-03T12:00\n", cells.join(","));
        load_and_check_errors("sessions.csv", text.as_bytes(), lenient);
    }

    #[test]
    fn a_long_hostile_value_in_json_lines_is_loaded_or_reported_with_its_place(
        field in long_field(),
        at in 0usize..8,
        lenient in any::<bool>(),
    ) {
        let keys = HEADER.trim().split(',');
        let mut object = serde_json::Map::new();
        for (i, (key, cell)) in keys.zip(ROW).enumerate() {
            let value = if i == at { field.clone() } else { cell.to_string() };
            object.insert(key.to_string(), serde_json::Value::String(value));
        }
        let text = format!("{}\n", serde_json::Value::Object(object));
        load_and_check_errors("sessions.jsonl", text.as_bytes(), lenient);
    }

    #[test]
    fn a_very_long_line_of_bytes_never_panics(
        unit in proptest::collection::vec(any::<u8>(), 1..16),
        times in 1usize..20_000,
        jsonl in any::<bool>(),
        lenient in any::<bool>(),
    ) {
        let mut text = if jsonl { Vec::new() } else { HEADER.as_bytes().to_vec() };
        for _ in 0..times {
            text.extend(&unit);
        }
        let name = if jsonl { "sessions.jsonl" } else { "sessions.csv" };
        load_and_check_errors(name, &text, lenient);
    }
}

#[test]
fn control_characters_in_ids_and_codes_are_bad_values_but_text_may_hold_them() {
    let policy = "policy \"p\" {\n  effective: 2026-01-01\n}\nroles: social_worker, team_manager\ngroup all: staff\nrule monthly: require one_to_one for all: at least once per month, waivable by team_manager\n";
    let checked = sup::check::check(policy, &sup::check::CheckOptions::default());
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let dir = std::env::temp_dir().join(format!("sup-controls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let files = [
        // A NUL and a tab in ids, DEL in a role; a team (text) may hold them.
        ("staff.csv", "id,role,team,start_date,end_date\nS1,team_manager,\"A\t\u{0}\u{1b}\",2020-01-06,\nS\u{0}2,social_worker,A,2021-03-01,\n\"S\t3\",social_worker,A,2021-03-01,\nS4,social\u{7f}_worker,A,2021-03-01,\n"),
        ("sessions.csv", "id,supervisee,supervisor,kind,status,start\nX1,S1,S1,one_to_one,held,2026-01-12T10:00\n"),
        // A waiver's reason is text: a line break and an escape are kept.
        ("waivers.csv", "id,waived_rule,subject,approved_by,reason,granted,expires\nW1,monthly,S1,S1,\"a\r\nb\u{1b}\",2026-01-01,\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    // No rule reads `team`: keep it, as `sup diff --records` does.
    let keep = std::collections::BTreeMap::from([(
        "staff".to_string(),
        std::collections::BTreeSet::from(["team".to_string()]),
    )]);
    let strict = load_dir(
        &dir,
        &checked.policy,
        &LoadOptions {
            also_keep: keep.clone(),
            ..LoadOptions::default()
        },
    );
    let lenient = load_dir(
        &dir,
        &checked.policy,
        &LoadOptions {
            lenient: true,
            also_keep: keep,
            ..LoadOptions::default()
        },
    );
    let _ = std::fs::remove_dir_all(&dir);
    let errors = strict.expect_err("control characters in ids are errors");
    let found: Vec<(String, Option<u64>)> =
        errors.iter().map(|e| (e.code_str(), e.line())).collect();
    assert_eq!(
        found,
        [
            ("sup::records::bad-value".to_string(), Some(3)),
            ("sup::records::bad-value".to_string(), Some(4)),
            ("sup::records::bad-value".to_string(), Some(5)),
        ]
    );
    assert!(
        errors[0].to_string().ends_with(
            ", column `id`: `S\u{0}2` is not a valid id: it holds the control character U+0000"
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[1]
            .to_string()
            .ends_with("`S\t3` is not a valid id: it holds the control character U+0009"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].to_string().contains("column `role`"),
        "{}",
        errors[2]
    );
    let loaded = lenient.expect("a lenient load skips them");
    assert_eq!(loaded.skipped_rows, 3);
    let staff = loaded.records.table("staff").expect("staff");
    assert_eq!(staff.len(), 1);
    let team = staff.get(0, "team").sym().expect("a team");
    assert_eq!(loaded.records.text(team), "A\t\u{0}\u{1b}");
    let waivers = loaded.records.table("waivers").expect("waivers");
    let reason = waivers.get(0, "reason").sym().expect("a reason");
    assert_eq!(loaded.records.text(reason), "a\r\nb\u{1b}");
}

#[test]
fn value_parsers_never_panic_on_odd_text() {
    for text in [
        "",
        "T",
        "2026-",
        "2026-13-01",
        "2026-01-01T",
        "2026-01-01T24:00",
        "2026-01-01T10:00+99:00",
        "PT",
        "PTH",
        "1:",
        ":",
        "9999999999999999999 hours",
        "٣",
        "2026-01-01T10:00:60",
    ] {
        let _ = sup::records::parse_datetime(text);
        let _ = sup::records::parse_date(text);
        let _ = sup::records::parse_duration(text);
    }
}

#[test]
fn lenient_skips_every_row_a_skipped_row_leaves_dangling() {
    // A chain of line managers deeper than any fixed number of passes: the
    // first has a bad date, so every one after it refers to a skipped row.
    let policy = "policy \"p\" {\n  effective: 2026-01-01\n}\nroles: social_worker\ngroup all: staff\nrule monthly: require one_to_one with line_manager for all: at least once per month\n";
    let checked = sup::check::check(policy, &sup::check::CheckOptions::default());
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let mut staff =
        String::from("id,role,start_date,end_date,line_manager\nS0,social_worker,2020-02-30,,\n");
    for i in 1..=20 {
        staff.push_str(&format!("S{i},social_worker,2020-01-06,,S{}\n", i - 1));
    }
    staff.push_str("T1,social_worker,2020-01-06,,\n");
    let dir = std::env::temp_dir().join(format!("sup-chain-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("staff.csv"), staff).expect("write");
    std::fs::write(
        dir.join("sessions.csv"),
        "id,supervisee,supervisor,kind,status,start\n",
    )
    .expect("write");
    let result = load_dir(
        &dir,
        &checked.policy,
        &LoadOptions {
            lenient: true,
            ..LoadOptions::default()
        },
    );
    let _ = std::fs::remove_dir_all(&dir);
    let loaded = result.expect("a lenient load");
    // S0 (bad date) and S1..S20 (each refers to a skipped row) are skipped,
    // each reported once; T1 alone is left.
    assert_eq!(loaded.skipped_rows, 21);
    assert_eq!(loaded.skipped.len(), 21);
    assert_eq!(loaded.records.table("staff").map(|t| t.len()), Some(1));
}

#[test]
fn a_file_with_many_bad_rows_lists_fifty_and_counts_them_all() {
    let mut text = HEADER.to_string();
    for i in 0..75 {
        // Every row has an unknown status; one good row in the middle.
        let status = if i == 30 { "held" } else { "hled" };
        text.push_str(&format!(
            "X{i},S1,S1,one_to_one,{status},2026-01-05T10:00,60,2026-01-05T12:00\n"
        ));
    }
    let dir = std::env::temp_dir().join(format!("sup-many-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("staff.csv"), STAFF).expect("write");
    std::fs::write(dir.join("sessions.csv"), &text).expect("write");
    let result = load_dir(&dir, &policy(), &LoadOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    let errors = result.expect_err("bad rows stop a strict load");
    let listed = errors.iter().filter(|e| e.is_row_error()).count();
    assert_eq!(listed, 50);
    // The last one listed is the 51st data row (line 52): row 31 was good.
    assert_eq!(errors.get(49).and_then(|e| e.line()), Some(52));
    let Some(sup::records::RecordError::TooMany { count, shown, .. }) = errors.last() else {
        panic!("the last error says how many there were: {errors:?}");
    };
    assert_eq!((*count, *shown), (74, 50));
    assert_eq!(
        errors.last().map(ToString::to_string).unwrap_or_default(),
        format!(
            "`{}` has 74 bad rows; showing the first 50",
            dir.join("sessions.csv").display()
        )
    );
}

#[test]
fn a_row_that_ends_before_it_starts_is_an_error() {
    let policy = "policy \"p\" {\n  effective: 2026-01-01\n}\nroles: social_worker\ngroup all: staff\ngroup open_cases: cases\nrule cover: limit team_cover for all: at least 50%\nrule discussed: require case_discussion for open_cases: at least 1 per month\n";
    let checked = sup::check::check(policy, &sup::check::CheckOptions::default());
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let dir = std::env::temp_dir().join(format!("sup-ends-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let files = [
        // S2 leaves the day before it starts; S3 leaves the day it starts.
        ("staff.csv", "id,role,team,start_date,end_date\nS1,social_worker,A,2020-01-01,\nS2,social_worker,A,2024-05-02,2024-05-01\nS3,social_worker,A,2024-05-02,2024-05-02\n"),
        ("cases.csv", "id,worker,flags,opened,closed\nC1,S1,,2025-01-10,2025-01-09\nC2,S1,,2025-01-10,\n"),
        ("case_discussions.csv", "id,case,session,discussed\n"),
        ("absences.csv", "id,staff,start,end\nA1,S1,2026-03-10,2026-03-10\nA2,S1,2026-03-10,2026-03-09\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    let result = load_dir(&dir, &checked.policy, &LoadOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    let errors = result.expect_err("rows that end before they start are errors");
    let mut found: Vec<String> = errors
        .iter()
        .map(|e| {
            let file = std::path::Path::new(e.file())
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("{} {file}:{}", e.code_str(), e.line().unwrap_or(0))
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "sup::records::bad-value absences.csv:3",
            "sup::records::bad-value cases.csv:2",
            "sup::records::bad-value staff.csv:3",
        ]
    );
}
