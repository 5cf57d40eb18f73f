//! Diagnostics: published on open, change and save; the same codes,
//! messages, help and related locations as `sup check`; debounced; never
//! stale; cleared on close.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use sup_lsp::convert::{Encoding, LineIndex};
use tower_lsp_server::ls_types::{Position, Uri};

use crate::common::{draw, range_of, TestClient, TODAY};
use crate::{POLICY, URI};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/check/err")
}

fn uri_of(path: &Path) -> String {
    Uri::from_file_path(path).unwrap().as_str().to_string()
}

/// The diagnostics drawn under the source: `code: message` under each range.
fn render(text: &str, encoding: Encoding, published: &Value) -> String {
    let ranges: Vec<_> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap().replace('\n', " ⏎ ");
            (
                range_of(&d["range"]),
                format!("{}: {message}", d["code"].as_str().unwrap()),
            )
        })
        .collect();
    format!(
        "version {}\n{}",
        published["version"],
        draw(text, encoding, None, &ranges)
    )
}

#[tokio::test]
async fn every_fixture_gets_the_same_diagnostics_as_sup_check() {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let mut client = TestClient::start().await;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(paths.len() > 40, "fixtures not found");
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let path = std::fs::canonicalize(&path).unwrap();
        let uri = uri_of(&path);
        client.open(&uri, &text).await;
        let published = client.diagnostics(&uri).await;
        let expected = sup_eval::workspace::check_source(
            &path,
            &path.display().to_string(),
            text.clone(),
            Some(today),
        );
        let got = published["diagnostics"].as_array().unwrap();
        assert_eq!(
            got.len(),
            expected.checked.diagnostics.len(),
            "{}",
            path.display()
        );
        let index = LineIndex::new(&text, Encoding::Utf16);
        for (lsp, lib) in got.iter().zip(&expected.checked.diagnostics) {
            assert_eq!(lsp["code"], lib.code.as_str(), "{}", path.display());
            assert_eq!(lsp["source"], "sup");
            let message = match &lib.help {
                Some(help) => format!("{}\nhelp: {help}", lib.message),
                None => lib.message.clone(),
            };
            assert_eq!(lsp["message"], message.as_str());
            let span = index.span(&text, range_of(&lsp["range"]));
            assert_eq!(
                (span.start, span.end),
                (lib.primary_span().start, lib.primary_span().end)
            );
            let related = lsp["relatedInformation"].as_array().map_or(0, Vec::len);
            assert_eq!(
                related,
                lib.labels.len().saturating_sub(1) + lib.related.len(),
                "{}",
                path.display()
            );
            let severity = if lib.is_error() { 1 } else { 2 };
            assert_eq!(lsp["severity"], severity);
        }
        client
            .notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await;
        let cleared = client.diagnostics(&uri).await;
        assert_eq!(cleared["diagnostics"], json!([]));
    }
}

#[tokio::test]
async fn several_syntax_errors_are_drawn_where_they_are() {
    let path = fixtures().join("syntax--several.sup");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = TestClient::start().await;
    client.open(URI, &text).await;
    let published = client.diagnostics(URI).await;
    insta::assert_snapshot!(render(&text, client.encoding, &published));
}

#[tokio::test]
async fn related_labels_point_at_the_first_definition() {
    let text = std::fs::read_to_string(fixtures().join("duplicate-definition.sup")).unwrap();
    let mut client = TestClient::start().await;
    client.open(URI, &text).await;
    let published = client.diagnostics(URI).await;
    let d = &published["diagnostics"][0];
    let related: Vec<_> = d["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                range_of(&r["location"]["range"]),
                format!("related: {}", r["message"].as_str().unwrap()),
            )
        })
        .collect();
    let mut ranges = vec![(
        range_of(&d["range"]),
        d["code"].as_str().unwrap().to_string(),
    )];
    ranges.extend(related);
    insta::assert_snapshot!(draw(&text, client.encoding, None, &ranges));
}

#[tokio::test]
async fn unused_definitions_are_marked_unnecessary() {
    let text = std::fs::read_to_string(fixtures().join("unused-definition.sup")).unwrap();
    let mut client = TestClient::start().await;
    client.open(URI, &text).await;
    let published = client.diagnostics(URI).await;
    let unused = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "sup::unused-definition")
        .unwrap();
    assert_eq!(unused["tags"], json!([1]));
    assert_eq!(unused["severity"], 2);
}

#[tokio::test]
async fn a_change_publishes_diagnostics_for_the_new_version() {
    let mut client = TestClient::start().await;
    client.open(URI, POLICY).await;
    let first = client.diagnostics(URI).await;
    assert_eq!(first["version"], 1);
    assert_eq!(first["diagnostics"], json!([]));
    let broken = POLICY.replace("for nqsw: every 2 weeks", "for nqws: every 2 weks");
    client.change_full(URI, 2, &broken).await;
    let second = client.diagnostics(URI).await;
    insta::assert_snapshot!(render(&broken, client.encoding, &second));
}

#[tokio::test]
async fn incremental_changes_with_utf16_columns_land_after_non_ascii_text() {
    let mut client = TestClient::start().await;
    let text = "policy \"P\" { }\n# café — note\ngroup g \"é — é\": staff # é — é\n";
    client.open(URI, text).await;
    client.diagnostics(URI).await;
    // Insert after `staff`: UTF-16 column 22 on line 2 (byte 26).
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": URI, "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 2, "character": 22 }, "end": { "line": 2, "character": 22 } }, "text": " where levl > 1" }]
            }),
        )
        .await;
    let published = client.diagnostics(URI).await;
    let changed =
        "policy \"P\" { }\n# café — note\ngroup g \"é — é\": staff where levl > 1 # é — é\n";
    insta::assert_snapshot!(render(changed, client.encoding, &published));
}

/// A diagnostic after non-ASCII text on its own line: `levl` starts at
/// character 29 (UTF-16) or byte 33 (UTF-8).
const NON_ASCII: &str =
    "policy \"P\" { }\n# café — note\ngroup g \"é — é\": staff where levl > 1 # é — é\n";

#[tokio::test]
async fn utf16_is_the_default_encoding() {
    let mut client = TestClient::in_process();
    let result = client.initialize(json!({})).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    client.open(URI, NON_ASCII).await;
    let published = client.diagnostics(URI).await;
    assert_eq!(
        published["diagnostics"][0]["range"]["start"]["character"],
        29
    );
    insta::assert_snapshot!(render(NON_ASCII, client.encoding, &published));
}

#[tokio::test]
async fn utf8_clients_get_byte_columns() {
    let mut client = TestClient::in_process();
    let result = client
        .initialize(json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }))
        .await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    client.open(URI, NON_ASCII).await;
    let published = client.diagnostics(URI).await;
    assert_eq!(
        published["diagnostics"][0]["range"]["start"]["character"],
        33
    );
    // The same picture as for UTF-16: only the numbers differ.
    insta::assert_snapshot!(render(NON_ASCII, client.encoding, &published));
}

#[tokio::test]
async fn a_burst_of_changes_is_checked_once_for_the_last_version() {
    let mut client = TestClient::in_process();
    client
        .initialize_with(json!({}), json!({ "today": TODAY, "debounceMs": 150 }))
        .await;
    client.open(URI, POLICY).await;
    assert_eq!(client.diagnostics(URI).await["version"], 1);
    for version in 2..=6 {
        let text = POLICY.replace("every 2 weeks", &format!("every {version} wek"));
        client.change_full(URI, version, &text).await;
    }
    let published = client.diagnostics(URI).await;
    assert_eq!(
        published["version"], 6,
        "only the last version is published"
    );
    assert!(published["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("wek"));
    assert!(
        client
            .quiet_for(
                "textDocument/publishDiagnostics",
                Duration::from_millis(400)
            )
            .await
    );
}

#[tokio::test]
async fn changes_during_a_check_are_gathered_and_versions_only_go_up() {
    // No fixed delay: fast typing on a large file. Checks of one document
    // never overlap, so some versions are skipped, none is published out of
    // order, and the last one is always published.
    let mut client = TestClient::start().await;
    let mut big = POLICY.to_string();
    for i in 0..300 {
        big.push_str(&format!(
            "group g{i}: staff where level >= 2\nrule r{i}: require one_to_one for g{i}: every 2 weeks\n"
        ));
    }
    client.open(URI, &big).await;
    assert_eq!(client.diagnostics(URI).await["version"], 1);
    for version in 2..=30 {
        let text = big.replacen("every 2 weeks", &format!("every {version} weeks"), 1);
        client.change_full(URI, version, &text).await;
    }
    let mut last = 1;
    while last < 30 {
        let published = client.diagnostics(URI).await;
        let version = published["version"].as_i64().unwrap();
        assert!(version > last, "version {version} published after {last}");
        last = version;
    }
    assert!(
        client
            .quiet_for(
                "textDocument/publishDiagnostics",
                Duration::from_millis(300)
            )
            .await
    );
}

#[tokio::test]
async fn a_change_that_is_not_newer_is_ignored() {
    let mut client = TestClient::start().await;
    client.open_version(URI, POLICY, 5).await;
    client.diagnostics(URI).await;
    client.change_full(URI, 4, "group broken:").await;
    client.change_full(URI, 5, "group broken:").await;
    // Still the version-5 text: a hover on its rule works.
    let hover = client
        .request(
            "textDocument/hover",
            crate::common::at(URI, tower_lsp_server::ls_types::Position::new(22, 8)),
        )
        .await;
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("nqsw_fortnightly"));
    assert!(
        client
            .quiet_for(
                "textDocument/publishDiagnostics",
                Duration::from_millis(200)
            )
            .await
    );
}

#[tokio::test]
async fn saving_checks_again() {
    let mut client = TestClient::start().await;
    client.open(URI, POLICY).await;
    client.diagnostics(URI).await;
    client
        .notify(
            "textDocument/didSave",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let again = client.diagnostics(URI).await;
    assert_eq!(again["version"], 1);
}

#[tokio::test]
async fn a_weaker_policy_points_at_the_framework_rule_it_falls_short_of() {
    let path = std::fs::canonicalize(fixtures().join("weaker-than-framework.sup")).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = uri_of(&path);
    // Files are named from the workspace folder, as `sup check` run there would.
    let mut client = TestClient::in_process();
    client
        .initialize_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .await;
    client.open(&uri, &text).await;
    let published = client.diagnostics(&uri).await;
    let d = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["relatedInformation"]
                .as_array()
                .is_some_and(|r| r.iter().any(|r| r["location"]["uri"] != uri.as_str()))
        })
        .expect("a diagnostic with a location in the framework");
    let mut out = render(
        &text,
        client.encoding,
        &json!({ "version": published["version"], "diagnostics": [d] }),
    );
    for related in d["relatedInformation"].as_array().unwrap() {
        let target: Uri = related["location"]["uri"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let target = target.to_file_path().unwrap().into_owned();
        let other = std::fs::read_to_string(&target).unwrap();
        let name = target.file_name().unwrap().to_string_lossy();
        out.push_str(&format!("--- related, in {name}\n"));
        let label = related["message"].as_str().unwrap().to_string();
        out.push_str(&draw(
            &other,
            client.encoding,
            None,
            &[(range_of(&related["location"]["range"]), label)],
        ));
    }
    insta::assert_snapshot!(out);
}

#[tokio::test]
async fn a_new_today_from_the_settings_rechecks_the_open_documents() {
    let mut client = TestClient::start().await;
    let policy = "policy \"P\" {\n  review: 2026-12-01\n}\n";
    client.open(URI, policy).await;
    // Judged against TODAY (2026-11-22) the review is still ahead.
    assert_eq!(client.diagnostics(URI).await["diagnostics"], json!([]));
    // VS Code sends its `sup.*` settings under `sup`.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "sup": { "today": "2027-01-01" } } }),
        )
        .await;
    let published = client.diagnostics(URI).await;
    assert_eq!(
        published["diagnostics"][0]["code"], "sup::review-overdue",
        "{published}"
    );
    // A client that sends no settings (it expects to be asked) changes
    // nothing, so nothing is checked again.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": null }),
        )
        .await;
    assert!(
        client
            .quiet_for(
                "textDocument/publishDiagnostics",
                Duration::from_millis(300)
            )
            .await
    );
}

/// A framework asking for a session every four weeks, and the policy of
/// [`conforming_policy`], which asks for one every two: stricter, so it
/// conforms.
const LENIENT_FRAMEWORK: &str = r#"framework "Shared" {
  owner: "Board"
  review: 2027-04-01
}

group all_staff "everyone": staff
rule regular: require one_to_one for all_staff: every 4 weeks
"#;

const CONFORMING_POLICY: &str = r#"policy "Team" {
  owner: "Team"
  review: 2027-04-01
  conforms to: "framework.sup"
}

group all_staff: staff
rule regular: require one_to_one for all_staff: every 2 weeks
"#;

#[tokio::test]
async fn a_policy_is_judged_against_its_framework_as_it_stands_in_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let folder = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::write(folder.join("framework.sup"), LENIENT_FRAMEWORK).unwrap();
    std::fs::write(folder.join("policy.sup"), CONFORMING_POLICY).unwrap();
    let framework = uri_of(&folder.join("framework.sup"));
    let policy = uri_of(&folder.join("policy.sup"));
    let mut client = TestClient::in_process();
    client.initialize_folder(&folder).await;
    client.open(&framework, LENIENT_FRAMEWORK).await;
    client.open(&policy, CONFORMING_POLICY).await;
    assert_eq!(client.diagnostics(&policy).await["diagnostics"], json!([]));

    // The framework is made stricter in the editor and not saved; its rule
    // moves down two lines, so where the policy's diagnostic points in it
    // shows which text was read.
    let strict = LENIENT_FRAMEWORK.replace(
        "rule regular: require one_to_one for all_staff: every 4 weeks",
        "# Weekly from April.\n\nrule regular: require one_to_one for all_staff: every 1 week",
    );
    client.change_full(&framework, 2, &strict).await;
    let published = client.diagnostics(&policy).await;
    let found = published["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{published}");
    let d = &found[0];
    assert_eq!(d["code"], "sup::weaker-than-framework");
    // Line 9 of the buffer; the rule is on line 7 of the file.
    assert_eq!(
        d["message"],
        "`regular` is weaker than the framework's `regular` (how often)\n\
         help: less often: 2 weeks is longer than 1 week; make it at least as strict as the \
         framework (`framework.sup` line 9), which says: Everyone must have a one-to-one \
         session at least every week."
    );
    // Labelled at the policy's rule name (line 7, after `rule `).
    assert_eq!(range_of(&d["range"]).start, Position::new(7, 5));
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], framework.as_str());
    assert_eq!(related["message"], "the framework's `regular`");
    assert_eq!(
        range_of(&related["location"]["range"]).start,
        Position::new(8, 0)
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("framework.sup")).unwrap(),
        LENIENT_FRAMEWORK,
        "the edit was not saved"
    );

    // Back to four weeks, still unsaved: the policy conforms again.
    client.change_full(&framework, 3, LENIENT_FRAMEWORK).await;
    assert_eq!(client.diagnostics(&policy).await["diagnostics"], json!([]));

    // Closed unsaved while strict: the policy is judged against the file
    // on disk again.
    client.change_full(&framework, 4, &strict).await;
    let strict_again = client.diagnostics(&policy).await;
    assert_eq!(
        strict_again["diagnostics"][0]["code"], "sup::weaker-than-framework",
        "{strict_again}"
    );
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": framework } }),
        )
        .await;
    assert_eq!(client.diagnostics(&policy).await["diagnostics"], json!([]));
}
