//! Files whose lines end in a lone carriage return (old Mac), or in a mix of
//! line ends, read as lines everywhere: the grammar, comments, line and
//! column numbers, the report and the formatter.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::process::Command;

use sup::check::{check, CheckOptions};

const LF: &str = "# A policy\npolicy \"P\" {\n  owner: \"X\"\n}\n\nroles: a\n\ngroup g: staff where rol is a # trailing\n\nrule r: require one_to_one for g: every 1 week\n";

fn options() -> CheckOptions {
    CheckOptions {
        file_name: "cr.sup".into(),
        today: None,
    }
}

fn sup(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn carriage_returns_alone_read_as_the_same_lines_as_line_feeds() {
    for source in [LF.replace('\n', "\r"), LF.replace('\n', "\r\n"), mixed()] {
        let checked = check(&source, &options());
        let codes: Vec<&str> = checked
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        // The header is read (no `sup::missing-header`), the comment ends at
        // its line end, and the one mistake is on line 8.
        assert_eq!(codes, ["sup::unknown-column"], "{source:?}");
        let at = sup::span::line_column(
            &source,
            checked.diagnostics[0].primary_span().start as usize,
        );
        assert_eq!((at.line, at.column), (8, 22), "{source:?}");
        let (module, _) = sup::syntax::parse(&source);
        let comments: Vec<&str> = module.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(comments, [" A policy", " trailing"]);
        let fixed = source.replace("rol is", "role is");
        assert_eq!(
            sup::format::format(&fixed).unwrap(),
            LF.replace("rol is", "role is")
        );
    }
}

/// Each line end a different kind.
fn mixed() -> String {
    let ends = ["\r", "\r\n", "\n"];
    LF.split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| format!("{}{}", line.trim_end_matches('\n'), ends[i % 3]))
        .collect()
}

#[test]
fn check_reports_the_right_line_of_a_carriage_return_file() {
    let dir = std::env::temp_dir().join(format!("sup-cr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [("cr.sup", LF.replace('\n', "\r")), ("mixed.sup", mixed())] {
        let path = dir.join(name);
        std::fs::write(&path, &text).unwrap();
        let p = path.to_str().unwrap();
        let out = sup(&["check", p]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&format!("[{p}:8:22]")), "{stderr}");
        assert!(
            stderr.contains(" 8 │ group g: staff where rol is a # trailing"),
            "{stderr}"
        );
        let out = sup(&["check", "--format", "json", p]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json[0]["line"], 8);
        assert_eq!(json[0]["column"], 22);

        // Fixed, the file is checked clean but is not in the canonical
        // layout: its line ends become line feeds.
        std::fs::write(&path, text.replace("rol is", "role is")).unwrap();
        let out = sup(&["check", p]);
        assert_eq!(out.status.code(), Some(0));
        let out = sup(&["fmt", "--check", p]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("1 file is not formatted"), "{stderr}");
        if name == "cr.sup" {
            assert!(
                stderr.contains("ends lines with carriage returns"),
                "{stderr}"
            );
            // The diff shows the lines as lines, not one long line of
            // carriage returns.
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(!stdout.contains('\r'), "{stdout}");
        }
        let out = sup(&["fmt", p]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            LF.replace("rol is", "role is")
        );
        let out = sup(&["fmt", "--check", p]);
        assert_eq!(out.status.code(), Some(0));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
