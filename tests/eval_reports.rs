//! The reports for people of `sup eval` on the example organisation: the
//! HTML page (its structure, its figures against the JSON report's, that it
//! fetches and runs nothing), the xlsx workbook read back, and one report
//! per team (`--split-by team`).

// A failed expectation in a test is a failing test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const POLICY: &str = "policies/bcp-childrens-services.sup";

/// `sup eval` of the example organisation with `extra` arguments; (exit
/// code, stdout, stderr).
fn eval(extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "eval",
        POLICY,
        "--records",
        "examples/records",
        "--as-of",
        "2026-11-22",
        "--upcoming",
        "30d",
    ];
    args.extend(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args(&args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the sup binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_report() -> serde_json::Value {
    let (code, out, err) = eval(&["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    serde_json::from_str(&out).expect("valid JSON")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sup-eval-reports-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The value of each `data-figure="NAME">VALUE<` on the page.
fn figure(html: &str, name: &str) -> u64 {
    let marker = format!("data-figure=\"{name}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no figure `{name}`"))
        + marker.len();
    let rest = &html[start..];
    rest[..rest.find('<').unwrap()].parse().unwrap()
}

/// The page's element tree, one start tag a line, indented by depth, with
/// only the attributes that give it structure (`id`, `class`, `scope`,
/// `data-*` names); a run of identical siblings' subtrees as one with `×N`.
fn outline(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..];
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut depth = 0usize;
    for tag in body.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        if let Some(_end) = tag.strip_prefix('/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let mut shown = name.clone();
        for attr in ["id", "class", "scope"] {
            let marker = format!(" {attr}=\"");
            if let Some(at) = tag.find(&marker) {
                let value = &tag[at + marker.len()..];
                let value = &value[..value.find('"').unwrap()];
                shown.push_str(&format!(" {attr}={value}"));
            }
        }
        for part in tag.split(' ').filter(|p| p.starts_with("data-")) {
            shown.push_str(&format!(" {}", part.split('=').next().unwrap()));
        }
        lines.push((depth, shown));
        if !tag.ends_with('/') && !matches!(name.as_str(), "meta" | "br") {
            depth += 1;
        }
    }
    // Collapse runs of identical sibling subtrees, at every depth.
    let mut out = String::new();
    emit(&lines, 0, lines.len(), &mut out);
    out
}

/// The lines of `lines[start..end]` (siblings and their subtrees) into
/// `out`, a run of identical subtrees shown once with `×N`.
fn emit(lines: &[(usize, String)], start: usize, end: usize, out: &mut String) {
    let subtree_end = |i: usize| {
        (i + 1..end)
            .find(|&j| lines[j].0 <= lines[i].0)
            .unwrap_or(end)
    };
    let mut i = start;
    while i < end {
        let stop = subtree_end(i);
        let tree = &lines[i..stop];
        let mut next = stop;
        let mut count = 1;
        while next < end {
            let after = subtree_end(next);
            if &lines[next..after] != tree {
                break;
            }
            count += 1;
            next = after;
        }
        let (depth, text) = &lines[i];
        out.push_str(&"  ".repeat(*depth));
        out.push_str(text.trim_end());
        if count > 1 {
            out.push_str(&format!(" ×{count}"));
        }
        out.push('\n');
        emit(lines, i + 1, stop, out);
        i = next;
    }
}

#[test]
fn the_html_page_is_self_contained_and_its_figures_are_the_json_reports() {
    let dir = scratch("html");
    let page = dir.join("report.html");
    let (code, out, err) = eval(&["--format", "html", "-o", page.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty() && err.is_empty(), "{out}{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    // Nothing fetched, nothing run.
    for forbidden in [
        "<script", "<link", " src=", "url(", "@import", "http://", "https://",
    ] {
        let found = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!found.contains(forbidden), "`{forbidden}` on the page");
    }
    let json = json_report();
    let summary = &json["summary"];
    for (figure_name, key) in [
        ("breaches", "breaches"),
        ("waived", "waived"),
        ("pending", "pending"),
        ("rules", "rules"),
        ("rules_with_breaches", "rules_with_breaches"),
    ] {
        assert_eq!(
            figure(&html, figure_name),
            summary[key].as_u64().unwrap(),
            "{figure_name}"
        );
    }
    assert_eq!(
        figure(&html, "open") + figure(&html, "closed"),
        summary["breaches"].as_u64().unwrap()
    );
    // Each timeline entry says how many findings it stands for: together,
    // every finding of the JSON report.
    let stood_for: u64 = html
        .split("data-findings=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse::<u64>().unwrap())
        .sum();
    assert_eq!(stood_for, json["findings"].as_array().unwrap().len() as u64);
    // Real tables: every table has a caption and column headers.
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<caption>").count()
    );
    assert!(html.contains("<th scope=\"col\">Team</th>"));
    insta::assert_snapshot!(outline(&html));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn html_escapes_what_the_export_holds() {
    // A team name and a waiver reason that would be markup if not escaped.
    let dir = scratch("hostile");
    for entry in std::fs::read_dir(root().join("examples/records")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace(",Team 1,", ",<img src=x onerror=alert(1)>,")
            .replace(
                "agreed with the Chief Executive",
                "</p><script>alert(2)</script>",
            );
        std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
    }
    let page = dir.join("report.html");
    let status = Command::new(env!("CARGO_BIN_EXE_sup"))
        .args([
            "eval",
            POLICY,
            "--records",
            dir.to_str().unwrap(),
            "--as-of",
            "2026-11-22",
        ])
        .args(["--format", "html", "-o", page.to_str().unwrap()])
        .current_dir(root())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<img"), "a team name became markup");
    assert!(!html.contains("<script"), "a waiver reason became markup");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A part of the workbook, as text.
fn part(book: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no `{name}` in the workbook"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_workbook_has_its_four_sheets_with_filters_frozen_headers_and_dates() {
    let dir = scratch("xlsx");
    let book = dir.join("report.xlsx");
    let (code, _, err) = eval(&["--format", "xlsx", "-o", book.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let workbook = part(&book, "xl/workbook.xml");
    let names: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(names, ["summary", "findings", "due soon", "trend"]);
    let json = json_report();
    let findings = json["findings"].as_array().unwrap();
    let not_pending = findings.iter().filter(|f| f["status"] != "pending").count();
    let pending = findings.len() - not_pending;
    for (index, rows) in [(1, None), (2, Some(not_pending)), (3, Some(pending))] {
        let sheet = part(&book, &format!("xl/worksheets/sheet{index}.xml"));
        assert!(
            sheet.contains("state=\"frozen\""),
            "sheet {index} header not frozen"
        );
        if let Some(rows) = rows {
            // The header and a row per finding, with a filter over them all.
            assert_eq!(sheet.matches("<row ").count(), rows + 1, "sheet {index}");
            assert!(
                sheet.contains("<autoFilter ref=\"A1:"),
                "sheet {index} has no filter"
            );
        }
    }
    let trend = part(&book, "xl/worksheets/sheet4.xml");
    assert!(
        trend.contains("<autoFilter ref=\"A1:K"),
        "the trend has no filter"
    );
    // Dates are numbers with a date format, not text.
    let styles = part(&book, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"yyyy-mm-dd\""), "{styles}");
    let findings_sheet = part(&book, "xl/worksheets/sheet2.xml");
    let b2 = findings_sheet
        .split("<c r=\"B2\"")
        .nth(1)
        .expect("a date in B2");
    assert!(
        !b2[..b2.find("</c>").unwrap()].contains("t=\"s\""),
        "B2 is text"
    );
    // Without `-o`, a workbook is refused: it is not text.
    let (code, _, err) = eval(&["--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("-o FILE.xlsx"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_report_per_team_holds_every_finding_once() {
    let dir = scratch("split");
    let out_dir = dir.join("teams");
    let (code, _, err) = eval(&[
        "--format",
        "json",
        "--split-by",
        "team",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("wrote 8 teams' reports"), "{err}");
    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "directorate.json",
            "ep-1.json",
            "former-staff.json",
            "service-management.json",
            "team-1.json",
            "team-2.json",
            "team-3.json",
            "team-4.json"
        ]
    );
    let all = json_report();
    let mut seen = 0;
    let mut breaches = 0;
    for file in &files {
        let one: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out_dir.join(file)).unwrap()).unwrap();
        seen += one["findings"].as_array().unwrap().len();
        breaches += one["summary"]["breaches"].as_u64().unwrap();
    }
    assert_eq!(seen, all["findings"].as_array().unwrap().len());
    assert_eq!(breaches, all["summary"]["breaches"].as_u64().unwrap());
    // Team 2's report is Team 2's: its people only.
    let human_dir = dir.join("human");
    let (_, _, err) = eval(&["--split-by", "team", "-o", human_dir.to_str().unwrap()]);
    assert!(err.contains("wrote 8"), "{err}");
    let team2 = std::fs::read_to_string(human_dir.join("team-2.txt")).unwrap();
    assert!(team2.contains("── Team 2: 4 open, 7 closed"), "{team2}");
    assert!(!team2.contains("── Team 1"), "{team2}");
    // `-o` naming a file is refused.
    let file = dir.join("a-file");
    std::fs::write(&file, "").unwrap();
    let (code, _, err) = eval(&["--split-by", "team", "-o", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("`-o` takes a directory"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
