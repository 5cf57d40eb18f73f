//! The server's limits: what it reads from disk for cross-file features,
//! how large a document it checks, how long a delay it accepts.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;
use tower_lsp_server::ls_types::{Position, Uri};

use crate::common::{at, cursor, mark, TestClient, TODAY};
use crate::{POLICY, URI};

const FRAMEWORK: &str = r#"framework "Shared" {
  owner: "Board"
  review: 2027-04-01
}

group all_staff "everyone": staff
rule monthly: require one_to_one for all_staff: at least 1 per month
"#;

const CONFORMING: &str = r#"policy "Team" {
  owner: "Team"
  review: 2027-04-01
  conforms to: "framework.sup"
}

group all_staff: staff
rule monthly: require one_to_one for all_staff: every 1 month
"#;

fn uri_in(dir: &Path, name: &str) -> String {
    let path = std::fs::canonicalize(dir.join(name)).unwrap();
    Uri::from_file_path(path).unwrap().as_str().to_string()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

/// References, rename and prepareRename on a document whose URI is not a
/// file (its path is `/x.sup`): answered at once, without reading the
/// filesystem from `/`, and more of them than the server has request
/// slots still leave `shutdown` answered.
#[tokio::test]
async fn a_document_that_is_not_a_file_is_not_searched_for_on_disk() {
    let uri = "http://example.com/x.sup";
    let mut client = TestClient::start().await;
    client.open(uri, FRAMEWORK).await;
    assert_eq!(client.diagnostics(uri).await["version"], 1);
    let (_, position) = cursor(&mark(FRAMEWORK, "group all_st|aff"), client.encoding);
    let started = Instant::now();
    for round in 0..6 {
        let mut params = at(uri, position);
        params["context"] = json!({ "includeDeclaration": true });
        let found = client.request("textDocument/references", params).await;
        let uris: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["uri"].as_str().unwrap())
            .collect();
        assert_eq!(uris, [uri, uri], "round {round}: {found}");
        let prepared = client
            .request("textDocument/prepareRename", at(uri, position))
            .await;
        assert!(prepared.is_object(), "{prepared}");
        let mut params = at(uri, position);
        params["newName"] = json!("everyone");
        let edit = client.request("textDocument/rename", params).await;
        assert_eq!(edit["changes"].as_object().unwrap().len(), 1, "{edit}");
    }
    // 18 requests that each used to scan from `/` (seconds each).
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    client.shutdown().await;
    assert!(client.server_ended().await);
}

/// A FIFO named `*.sup` in the workspace is never opened (opening one
/// blocks until a writer comes): requests that search the workspace are
/// answered, and find the real policy next to it.
#[cfg(unix)]
#[tokio::test]
async fn a_fifo_in_the_workspace_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("framework.sup"), FRAMEWORK).unwrap();
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    let below = CONFORMING.replace("\"framework.sup\"", "\"../framework.sup\"");
    std::fs::write(dir.path().join("teams/policy.sup"), below).unwrap();
    mkfifo(&dir.path().join("a.sup"));
    mkfifo(&dir.path().join("teams/fifo.sup"));
    let framework = uri_in(dir.path(), "framework.sup");
    let policy = uri_in(&dir.path().join("teams"), "policy.sup");
    let mut client = TestClient::in_process();
    client.initialize_folder(dir.path()).await;
    client.open(&framework, FRAMEWORK).await;
    let (_, position) = cursor(&mark(FRAMEWORK, "group all_st|aff"), client.encoding);
    // More requests at once than the server has request slots by default.
    for n in 0..6 {
        let mut params = at(&framework, position);
        params["context"] = json!({ "includeDeclaration": true });
        client
            .send_request(&format!("refs-{n}"), "textDocument/references", params)
            .await;
        let mut params = at(&framework, position);
        params["newName"] = json!("everyone");
        client
            .send_request(&format!("rename-{n}"), "textDocument/rename", params)
            .await;
    }
    for n in 0..6 {
        let found = client.reply(&json!(format!("refs-{n}"))).await;
        let mut uris: Vec<&str> = found["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{found}"))
            .iter()
            .map(|l| l["uri"].as_str().unwrap())
            .collect();
        uris.sort();
        uris.dedup();
        assert_eq!(uris.len(), 2, "{found}");
        assert!(uris.contains(&policy.as_str()), "{found}");
        let edit = client.reply(&json!(format!("rename-{n}"))).await;
        assert!(edit["result"]["changes"].get(&policy).is_some(), "{edit}");
    }
    client.shutdown().await;
    assert!(client.server_ended().await);
}

/// A document over the size limit is not checked: its one diagnostic says
/// it is too large, and requests about it are still answered.
#[tokio::test]
async fn a_document_over_the_size_limit_gets_one_diagnostic() {
    let mut client = TestClient::start().await;
    let mut huge = POLICY.to_string();
    let line = "# filler\n";
    let over = sup_lsp::MAX_POLICY_BYTES + 1 - huge.len();
    huge.push_str(&line.repeat(over / line.len() + 1));
    assert!(huge.len() > sup_lsp::MAX_POLICY_BYTES);
    let uri = "file:///tests/huge.sup";
    client.open(uri, &huge).await;
    let published = client.diagnostics(uri).await;
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    assert_eq!(diagnostics[0]["code"], sup_lsp::diagnostics::TOO_LARGE);
    assert_eq!(diagnostics[0]["severity"], 1);
    assert_eq!(
        diagnostics[0]["range"],
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } })
    );
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!(
            "this file is too large to check: {} bytes, over the 16 MiB",
            huge.len()
        )),
        "{message}"
    );
    let hover = client
        .request_raw("textDocument/hover", at(uri, Position::new(7, 3)))
        .await;
    assert!(hover.get("error").is_none(), "{hover}");
    // Exactly at the limit, a file is checked as usual.
    let mut at_limit = POLICY.to_string();
    at_limit.push_str(&" ".repeat(sup_lsp::MAX_POLICY_BYTES - at_limit.len()));
    client.change_full(uri, 2, &at_limit).await;
    let published = client.diagnostics(uri).await;
    assert_eq!(published["version"], 2);
    assert_eq!(published["diagnostics"], json!([]), "{published}");
    client.shutdown().await;
}

/// A `debounceMs` of 2^64 - 1 is taken as the longest delay, 10 s, with a
/// note: diagnostics still arrive after a change.
#[tokio::test]
async fn an_endless_delay_is_bounded() {
    let mut client = TestClient::in_process();
    client
        .initialize_with(json!({}), json!({ "today": TODAY, "debounceMs": u64::MAX }))
        .await;
    let logged = client.notification("window/logMessage").await;
    assert_eq!(
        logged["message"],
        "sup: option ignored: `debounceMs`: 18446744073709551615 is longer than the longest delay, 10000 ms; 10000 ms is used"
    );
    client.open(URI, POLICY).await;
    assert_eq!(client.diagnostics(URI).await["version"], 1);
    let changed = Instant::now();
    client.change_full(URI, 2, "policy").await;
    let published = client.diagnostics(URI).await;
    assert_eq!(published["version"], 2);
    assert!(published["diagnostics"]
        .as_array()
        .is_some_and(|d| !d.is_empty()));
    let waited = changed.elapsed();
    assert!(
        waited >= Duration::from_millis(9_900) && waited < Duration::from_secs(20),
        "{waited:?}"
    );
}
