//! Reading CSV files in chunks on several threads changes nothing: every
//! export of the corpus (`tests/data/records/ok/` and `err/`) and the
//! examples, read with files cut into chunks as small as a few bytes, gives
//! exactly what reading each file whole gives — the same rows, lines,
//! symbol numbers, strings, sets, notes, skipped rows and errors (file,
//! line and column included).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sup::records::{
    load_dir, load_dir_in_chunks, load_dir_with_bands, LoadOptions, Loaded, Mapping, RecordError,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Everything a load gives, as text: each table's rows (line, then each
/// value with its symbol or set number and what it stands for), the
/// interner's strings in order, then the notes and skipped errors.
/// The policy the record corpus is checked against.
fn corpus_policy() -> sup::policy::CompiledPolicy {
    let text = std::fs::read_to_string(root().join("tests/data/records/policy.sup")).unwrap();
    sup::check::check(&text, &sup::check::CheckOptions::default()).policy
}

/// An empty directory of this run's own, for an export a test writes.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sup-chunks-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The text a string or a set stands for; `None` for any other value.
fn text_of(records: &sup::records::Records, value: sup::records::Value) -> Option<String> {
    match value {
        sup::records::Value::Str(s) => Some(records.text(s).to_string()),
        sup::records::Value::Set(set) => Some(
            records
                .interner
                .set(set)
                .iter()
                .map(|s| records.text(*s))
                .collect::<Vec<_>>()
                .join("|"),
        ),
        _ => None,
    }
}

fn dump(loaded: &Result<Loaded, Vec<RecordError>>) -> String {
    let mut out = String::new();
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(errors) => return format!("errors: {errors:#?}"),
    };
    let records = &loaded.records;
    for (name, table) in &records.tables {
        writeln!(
            out,
            "table {name} from {} ({} rows)",
            table.file,
            table.len()
        )
        .unwrap();
        for row in 0..table.len() {
            write!(out, "  line {}:", table.lines.get(row).unwrap()).unwrap();
            for (c, column) in table.columns.iter().enumerate() {
                let value = table.at(row, c);
                let text = text_of(records, value).unwrap_or_default();
                write!(out, " {}={value:?}({text})", column.name).unwrap();
                for period in table.history_periods(row, c) {
                    write!(out, " [{period:?}]").unwrap();
                }
            }
            out.push('\n');
        }
    }
    let strings: Vec<&str> = (0..records.interner.len())
        .map(|i| records.text(sup::records::Sym(u32::try_from(i).unwrap())))
        .collect();
    writeln!(out, "strings: {strings:?}").unwrap();
    write_messages(&mut out, loaded);
    out
}

/// A load's notes and skipped rows, after its tables.
fn write_messages(out: &mut String, loaded: &Loaded) {
    writeln!(out, "notes: {:#?}", loaded.notes).unwrap();
    writeln!(
        out,
        "skipped {}: {:#?}",
        loaded.skipped_rows, loaded.skipped
    )
    .unwrap();
}

/// What a load reads, without the numbers it gives strings and sets: a
/// load that keeps a table's ids in a band numbers them otherwise, and
/// must read every value, note and error the same.
fn dump_texts(loaded: &Result<Loaded, Vec<RecordError>>) -> String {
    let Ok(loaded) = loaded else {
        return dump(loaded);
    };
    let records = &loaded.records;
    let mut out = String::new();
    for (name, table) in &records.tables {
        writeln!(out, "table {name} ({} rows)", table.len()).unwrap();
        for row in 0..table.len() {
            write!(out, "  line {}:", table.lines.get(row).unwrap()).unwrap();
            for (c, column) in table.columns.iter().enumerate() {
                let value = table.at(row, c);
                let text = text_of(records, value).unwrap_or_else(|| format!("{value:?}"));
                write!(out, " {}={text}", column.name).unwrap();
                for period in table.history_periods(row, c) {
                    write!(
                        out,
                        " [{} {:?} {:?}]",
                        records
                            .interner
                            .display(period.value, &mut records.clock.clone()),
                        period.from,
                        period.to
                    )
                    .unwrap();
                }
            }
            out.push('\n');
        }
    }
    write_messages(&mut out, loaded);
    out
}

/// The export directories: the corpus's cases and the examples.
fn exports() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for kind in ["ok", "err"] {
        let dir = root().join("tests/data/records").join(kind);
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.push(path);
            }
        }
    }
    out.push(root().join("examples/records"));
    out.sort();
    out
}

fn options(case: &Path, policy: &sup::policy::CompiledPolicy) -> LoadOptions {
    let mapping = match std::fs::read_to_string(case.join("mapping.toml")) {
        Ok(text) => Mapping::parse("mapping.toml", &text, policy).unwrap_or_default(),
        Err(_) => Mapping::default(),
    };
    let lenient = std::fs::read_to_string(case.join("args")).is_ok_and(|a| a.contains("--lenient"));
    LoadOptions {
        mapping,
        lenient,
        ..LoadOptions::default()
    }
}

/// Every export of the corpus and the examples, with its policy and the
/// options its case asks for.
fn each_export(mut check: impl FnMut(&Path, &sup::policy::CompiledPolicy, &LoadOptions)) {
    let shared = std::fs::read_to_string(root().join("tests/data/records/policy.sup")).unwrap();
    for case in exports() {
        let source = std::fs::read_to_string(case.join("policy.sup")).unwrap_or_else(|_| {
            if case.ends_with("examples/records") {
                std::fs::read_to_string(root().join("policies/bcp-childrens-services.sup")).unwrap()
            } else {
                shared.clone()
            }
        });
        let policy = sup::check::check(&source, &sup::check::CheckOptions::default()).policy;
        check(&case, &policy, &options(&case, &policy));
    }
}

/// Check that `case` read in chunks of several sizes (`chunked`, by size)
/// reads `whole`; how many sizes were compared.
fn chunks_read_as(case: &Path, whole: &str, chunked: impl Fn(u64) -> String) -> usize {
    let sizes = [1, 7, 64, 1000];
    for bytes in sizes {
        assert_eq!(
            chunked(bytes),
            whole,
            "{}: chunks of {bytes} bytes",
            case.display()
        );
    }
    sizes.len()
}

#[test]
fn chunks_of_any_size_read_what_the_whole_file_reads() {
    let mut compared = 0;
    each_export(|case, policy, options| {
        let whole = dump(&load_dir(case, policy, options));
        compared += chunks_read_as(case, &whole, |bytes| {
            dump(&load_dir_in_chunks(case, policy, options, bytes))
        });
    });
    assert!(compared > 200, "{compared} loads compared");
}

/// Every table's ids kept in a band: read whole or in chunks of any size,
/// an export gives the same rows, symbols, notes and errors; and the same
/// values, notes and errors as a load without bands (the corpus's case of
/// an id twice among them).
#[test]
fn bands_read_what_the_interner_alone_reads_whole_or_in_chunks() {
    let mut compared = 0;
    each_export(|case, policy, options| {
        let plain = load_dir(case, policy, options);
        let banded = load_dir_with_bands(case, policy, options, (0, None));
        assert_eq!(
            dump_texts(&banded),
            dump_texts(&plain),
            "{}",
            case.display()
        );
        compared += chunks_read_as(case, &dump(&banded), |bytes| {
            dump(&load_dir_with_bands(
                case,
                policy,
                options,
                (0, Some(bytes)),
            ))
        });
    });
    assert!(compared > 200, "{compared} loads compared");
}

/// A session whose id is a staff id (another band's) and one whose id is
/// a role (a code the staff file holds): a band would give each text a
/// second symbol, so the table is read the ordinary way, and each text has
/// one symbol, whole or in chunks.
#[test]
fn an_id_that_is_another_string_of_the_load_has_one_symbol() {
    let dir = fresh_dir("bands");
    let from = root().join("tests/data/records/ok/history");
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = match path.file_name().and_then(|n| n.to_str()) {
            Some("sessions.csv") => {
                text.replacen("\nX1,", "\nS1,", 1)
                    .replacen("\nX2,", "\nsocial_worker,", 1)
            }
            _ => text,
        };
        std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
    }
    let source = std::fs::read_to_string(from.join("policy.sup")).unwrap();
    let policy = sup::check::check(&source, &sup::check::CheckOptions::default()).policy;
    let options = LoadOptions::default();
    let plain = load_dir(&dir, &policy, &options);
    let banded = load_dir_with_bands(&dir, &policy, &options, (0, None));
    assert_eq!(dump_texts(&banded), dump_texts(&plain));
    for bytes in [1, 64] {
        let chunked = load_dir_with_bands(&dir, &policy, &options, (0, Some(bytes)));
        assert_eq!(dump(&chunked), dump(&banded), "chunks of {bytes} bytes");
    }
    let records = &banded.as_ref().unwrap().records;
    let sessions = records.table("sessions").unwrap();
    let ids: Vec<&str> = (0..3)
        .map(|r| records.text(sessions.id(r).unwrap()))
        .collect();
    assert_eq!(ids, ["S1", "social_worker", "X3"]);
    for (row, id) in ids.iter().enumerate() {
        assert_eq!(records.interner.get(id), sessions.id(row), "{id}");
    }
    let staff = records.table("staff").unwrap();
    assert_eq!(staff.id(0), sessions.id(0), "S1 is one symbol");
    let role = staff.column_index("role").unwrap();
    let social_worker = (0..staff.len()).find_map(|r| match staff.at(r, role) {
        sup::records::Value::Str(s) if records.text(s) == "social_worker" => Some(s),
        _ => None,
    });
    assert_eq!(social_worker, sessions.id(1), "social_worker is one symbol");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file cut where no quote came before reads in chunks; a quote before a
/// cut (a value over two lines could hold the line end cut at) makes it be
/// read whole; an id in two chunks is the duplicate it is in the whole file.
#[test]
fn quotes_and_duplicates_across_chunks_read_as_in_the_whole_file() {
    let dir = std::env::temp_dir().join(format!("sup-chunks-{}", std::process::id()));
    let policy = corpus_policy();
    let base = root().join("tests/data/records/ok/lenient");
    let staff = std::fs::read_to_string(base.join("staff.csv")).unwrap();
    let mut header_and_rows = staff.lines();
    let header = header_and_rows.next().unwrap();
    let rows: Vec<&str> = header_and_rows.filter(|l| !l.trim().is_empty()).collect();
    assert!(rows.len() >= 3, "the staff file has rows to cut between");
    let variants = [
        // A quoted value with a line end inside it, in the first chunk.
        format!("{header}\n{}\n", rows.join("\n")).replacen(",A,", ",\"A\nB\",", 1),
        // The last row repeated: its id is in two chunks.
        format!("{header}\n{}\n{}\n", rows.join("\n"), rows[rows.len() - 1]),
    ];
    assert!(
        variants[0].contains("\"A\nB\""),
        "the first row has a team to quote"
    );
    for (i, text) in variants.iter().enumerate() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&base).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "csv") {
                std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
            }
        }
        std::fs::write(dir.join("staff.csv"), text).unwrap();
        for lenient in [false, true] {
            let options = LoadOptions {
                lenient,
                ..LoadOptions::default()
            };
            let whole = dump(&load_dir(&dir, &policy, &options));
            for bytes in [1, 16, 40] {
                let chunked = dump(&load_dir_in_chunks(&dir, &policy, &options, bytes));
                assert_eq!(chunked, whole, "variant {i}, chunks of {bytes} bytes");
            }
            if i == 1 && !lenient {
                assert!(whole.contains("DuplicateId"), "{whole}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// An export large enough that a chunk gives up the memo of a column
/// whose references seldom repeat (a session's supervisee, among 20,000
/// staff, each twice and far apart): chunks of several sizes still read
/// what the whole files read, symbol numbers included, and each reference
/// is its person's one symbol.
#[test]
fn references_whose_memo_is_given_up_read_as_in_the_whole_file() {
    let policy = corpus_policy();
    let dir = fresh_dir("refs");
    let staff = 20_000;
    let mut text = String::from("id,role,team,start_date,end_date\n");
    for k in 0..staff {
        writeln!(text, "S{k},social_worker,A,2020-01-06,").unwrap();
    }
    std::fs::write(dir.join("staff.csv"), &text).unwrap();
    let mut text = String::from("id,supervisee,supervisor,kind,status,start,duration,recorded\n");
    for k in 0..2 * staff {
        let (supervisee, supervisor) = ((k * 7_919) % staff, (k * 13) % 50);
        writeln!(
            text,
            "X{k},S{supervisee},S{supervisor},one_to_one,held,2026-01-12T10:00,60,2026-01-12T15:00"
        )
        .unwrap();
    }
    std::fs::write(dir.join("sessions.csv"), &text).unwrap();
    for (file, header) in [
        ("cases.csv", "id,worker,flags,opened,closed"),
        ("case_decisions.csv", "id,case,decided_by,decided,recorded"),
    ] {
        std::fs::write(dir.join(file), format!("{header}\n")).unwrap();
    }
    let options = LoadOptions::default();
    let loaded = load_dir(&dir, &policy, &options);
    let whole = dump(&loaded);
    let records = &loaded.as_ref().unwrap().records;
    let sessions = &records.tables["sessions"];
    let column = sessions.column_index("supervisee").unwrap();
    for row in [0, 1, staff - 1, staff, 2 * staff - 1] {
        let supervisee = sessions.at(row, column).sym().unwrap();
        let expected = format!("S{}", (row * 7_919) % staff);
        assert_eq!(records.text(supervisee), expected);
        assert_eq!(records.interner.get(&expected), Some(supervisee));
    }
    for bytes in [200_000, 1 << 20] {
        let chunked = dump(&load_dir_in_chunks(&dir, &policy, &options, bytes));
        assert!(chunked == whole, "chunks of {bytes} bytes read otherwise");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A table that others reference is joined before them, whatever its place
/// in table order: its ids are numbered together, below every id of the
/// tables that name them (`case_decisions` and `sessions` come before
/// `staff` in table order, and name its people). Its messages still come
/// in table order, chunked or not.
#[test]
fn referenced_tables_are_numbered_first_and_messages_stay_in_table_order() {
    let policy = corpus_policy();
    let dir = fresh_dir("order");
    let files = [
        (
            "case_decisions.csv",
            "id,case,decided_by,decided,recorded,extra_d\n\
             D1,C2,S3,2026-01-05,2026-01-06,x\nD2,C1,S1,2026-01-05,2026-01-06,x\n",
        ),
        (
            "cases.csv",
            "id,worker,flags,opened,closed\nC1,S2,,2026-01-01,\nC2,S3,,2026-01-01,\n",
        ),
        (
            "sessions.csv",
            "id,supervisee,supervisor,kind,status,start,duration,recorded\n\
             X1,S3,S1,one_to_one,held,2026-01-12T10:00,60,2026-01-12T15:00\n",
        ),
        (
            "staff.csv",
            "id,role,team,start_date,end_date,extra_s\n\
             S1,team_manager,A,2020-01-06,,y\nS2,social_worker,A,2020-01-06,,y\n\
             S3,social_worker,A,2020-01-06,,y\n",
        ),
    ];
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    let options = LoadOptions::default();
    let loaded = load_dir(&dir, &policy, &options);
    let records = &loaded.as_ref().unwrap().records;
    let sym = |text: &str| {
        records
            .interner
            .get(text)
            .unwrap_or_else(|| panic!("{text}"))
            .0
    };
    let staff = ["S1", "S2", "S3"].map(sym);
    let others = ["D1", "D2", "X1"].map(sym);
    assert!(
        staff.iter().all(|s| others.iter().all(|o| s < o)),
        "staff {staff:?}, others {others:?}"
    );
    let notes: Vec<String> = loaded
        .as_ref()
        .unwrap()
        .notes
        .iter()
        .map(|n| format!("{} {}", n.file.rsplit('/').next().unwrap(), n.message))
        .collect();
    assert_eq!(
        notes,
        [
            "case_decisions.csv column `extra_d` is not in the `case_decisions` table of the schema; ignored",
            "cases.csv not read: no rule of this policy uses `cases`",
            "staff.csv has no columns `level`, `tags`, `registrations`, `fte`; no rule of this policy reads them",
            "staff.csv column `extra_s` is not in the `staff` table of the schema; ignored",
        ]
    );
    let whole = dump(&loaded);
    for bytes in [1, 30] {
        let chunked = dump(&load_dir_in_chunks(&dir, &policy, &options, bytes));
        assert_eq!(chunked, whole, "chunks of {bytes} bytes");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
