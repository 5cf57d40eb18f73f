//! Load fuzzer-chosen bytes as an export, then judge and render it: any
//! panic in the loaders, the evaluator or a report renderer is a bug.
//!
//! The input is a selector byte and then up to one chunk per table,
//! separated by `0xFF` (a byte no UTF-8 text holds, so it never splits a
//! valid file). Chunk `i` becomes the file of table
//! `TABLES[(selector + i) % TABLES.len()]`: `.jsonl` when it starts with `{`,
//! `.csv` otherwise; bit 7 of the selector loads leniently. Tables with no
//! chunk get a header-only CSV file, so any one table can be fuzzed alone.
//! The policy is fixed: the BCP children's services policy, checked once.
//! Besides not panicking, no report may print a control character or a
//! bidirectional override from the export raw.
//!
//! Seeds: `fuzz/seed-records.sh` (see the README).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sup::eval::{evaluate, EvalOptions};
use sup::records::{load_dir, LoadOptions};
use sup::report::findings::{By, Format, Report};

const POLICY: &str = include_str!("../../policies/bcp-childrens-services.sup");

/// Every table the policy reads, with the header its example export has.
const TABLES: &[(&str, &str)] = &[
    ("staff", "id,role,team,level,tags,registrations,fte,caseload,start_date,end_date,line_manager,supervisor,supervisor_since,asye_assessor,placement_days"),
    ("sessions", "id,supervisee,supervisor,kind,status,start,duration,recorded,signed_by_supervisor,signed_by_supervisee"),
    ("cases", "id,worker,flags,opened,closed"),
    ("case_discussions", "id,case,session,discussed"),
    ("case_decisions", "id,case,decided_by,decided,recorded"),
    ("records", "id,subject,kind,created,deleted"),
    ("access_log", "id,record,accessed_by,role,purpose,accessed,subject_notified"),
    ("agreements", "id,supervisee,supervisor,date"),
    ("observations", "id,observed,observer,kind,date"),
    ("frequency_reductions", "id,worker,decided,practice_observed"),
    ("waivers", "id,waived_rule,subject,approved_by,reason,granted,expires"),
];

fn policy() -> &'static sup::policy::CompiledPolicy {
    static POLICY_CHECKED: OnceLock<sup::policy::CompiledPolicy> = OnceLock::new();
    POLICY_CHECKED.get_or_init(|| {
        let options = sup::check::CheckOptions {
            file_name: "policies/bcp-childrens-services.sup".into(),
            today: None,
        };
        let checked = sup::check::check(POLICY, &options);
        assert!(!checked.has_errors(), "the fixed policy must check cleanly");
        checked.policy
    })
}

/// One directory for the whole run, emptied before each input.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sup-fuzz-records-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let dir = dir();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let mut given = vec![false; TABLES.len()];
    for (i, chunk) in body.split(|b| *b == 0xFF).enumerate().take(TABLES.len()) {
        let at = (usize::from(selector & 0x7F) + i) % TABLES.len();
        let Some((table, _)) = TABLES.get(at) else {
            continue;
        };
        if given.get(at).copied().unwrap_or(true) {
            continue;
        }
        given[at] = true;
        let ext = if chunk.trim_ascii_start().starts_with(b"{") {
            "jsonl"
        } else {
            "csv"
        };
        if std::fs::write(dir.join(format!("{table}.{ext}")), chunk).is_err() {
            return;
        }
    }
    for ((table, header), given) in TABLES.iter().zip(&given) {
        if !given
            && std::fs::write(dir.join(format!("{table}.csv")), format!("{header}\n")).is_err()
        {
            return;
        }
    }
    let policy = policy();
    let options = LoadOptions {
        lenient: selector & 0x80 != 0,
        ..LoadOptions::default()
    };
    let loaded = match load_dir(dir, policy, &options) {
        Ok(loaded) => loaded,
        Err(errors) => {
            for e in &errors {
                assert!(!e.code_str().is_empty(), "every error has a code: {e:?}");
                let _ = e.to_string();
            }
            return;
        }
    };
    let Some(as_of) = sup::records::parse_date("2026-11-22") else {
        return;
    };
    let evaluation = evaluate(
        policy,
        &loaded.records,
        &EvalOptions {
            as_of,
            from: None,
            upcoming_days: Some(30),
        },
    );
    let records = dir.display().to_string();
    let people = sup::report::findings::people::People::read(
        &loaded.records,
        policy,
        &evaluation.findings,
        evaluation.period.last,
    );
    for color in [false, true] {
        let report = Report {
            policy,
            records: &records,
            table_sizes: Vec::new(),
            evaluation: &evaluation,
            load_notes: &loaded.notes,
            skipped: &loaded.skipped,
            skipped_rows: loaded.skipped_rows,
            upcoming_days: Some(30),
            color,
            limit: 20,
            by: By::Team,
            people: &people,
        };
        let formats: &[Format] = if color {
            &[Format::Human]
        } else {
            &[
                Format::Human,
                Format::Json,
                Format::Junit,
                Format::Csv,
                Format::Markdown,
                Format::Sarif,
                Format::Github,
                Format::Html,
            ]
        };
        for format in formats {
            let text = report.render(*format);
            // Whatever the export held, no report prints a control
            // character or a bidirectional override raw (but its own line
            // ends, and the colours it paints itself).
            if !color {
                if let Some(c) = text
                    .chars()
                    .find(|c| *c != '\n' && sup::report::escape::is_unsafe(*c))
                {
                    panic!("{format:?} printed {c:?} raw:\n{text}");
                }
            }
        }
        // The workbook is written whatever the export held.
        if !color {
            assert!(report.xlsx().is_ok(), "the workbook could not be written");
        }
    }
});
