//! The protocol itself, and robustness: capabilities, bad JSON-RPC, unknown
//! methods, half-typed and huge files, many files, files deleted or renamed
//! while open, and a clean exit.

use std::time::Duration;

use serde_json::{json, Value};
use tower_lsp_server::ls_types::{Position, Uri};

use crate::common::{at, TestClient};
use crate::{POLICY, URI};

#[tokio::test]
async fn initialize_announces_the_capabilities() {
    let mut client = TestClient::in_process();
    let result = client.initialize(json!({})).await;
    insta::assert_snapshot!(serde_json::to_string_pretty(&result).unwrap());
}

#[tokio::test]
async fn requests_before_initialize_are_refused_not_fatal() {
    let mut client = TestClient::in_process();
    let early = client
        .request_raw("textDocument/hover", at(URI, Position::new(0, 0)))
        .await;
    assert!(early["error"]["code"].is_i64(), "{early}");
    client.initialize(json!({})).await;
    client.open(URI, POLICY).await;
    client.diagnostics(URI).await;
}

#[tokio::test]
async fn unknown_methods_get_method_not_found_and_the_server_goes_on() {
    let mut client = TestClient::start().await;
    let unknown = client.request_raw("sup/unheardOf", json!({})).await;
    assert_eq!(unknown["error"]["code"], -32601);
    client
        .notify("sup/unheardOfNotification", json!({ "x": 1 }))
        .await;
    client
        .notify("$/cancelRequest", json!({ "id": 12345 }))
        .await;
    client
        .notify("$/setTrace", json!({ "value": "verbose" }))
        .await;
    client.open(URI, POLICY).await;
    assert_eq!(client.diagnostics(URI).await["version"], 1);
}

#[tokio::test]
async fn bad_json_rpc_gets_an_error_and_the_server_goes_on() {
    let mut client = TestClient::start().await;
    // Cut short: not JSON, so no id can be read and the reply has none.
    client
        .send_raw(r#"{"jsonrpc": "2.0", "id": 7, "method": "#)
        .await;
    let parse_error = client.reply(&Value::Null).await;
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    // JSON, but not a JSON-RPC message.
    client.send_raw(r#"[1, 2, 3]"#).await;
    let invalid = client.reply(&Value::Null).await;
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    // A well-formed request whose parameters do not fit the method.
    client.send_raw(r#"{"jsonrpc": "2.0", "id": 8, "method": "textDocument/hover", "params": {"nonsense": true}}"#).await;
    let nonsense = client.reply(&json!(8)).await;
    assert_eq!(nonsense["error"]["code"], -32602, "{nonsense}");
    client.open(URI, POLICY).await;
    assert_eq!(client.diagnostics(URI).await["version"], 1);
    // Wrong parameters for a known method: an error for that request only.
    let wrong = client
        .request_raw("textDocument/hover", json!({ "textDocument": 3 }))
        .await;
    assert_eq!(wrong["error"]["code"], -32602, "{wrong}");
    let hover = client
        .request("textDocument/hover", at(URI, Position::new(22, 8)))
        .await;
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("nqsw_fortnightly"));
}

#[tokio::test]
async fn requests_about_a_file_that_is_not_open_answer_nothing() {
    let mut client = TestClient::start().await;
    let other = "file:///tests/not-open.sup";
    let hover = client
        .request("textDocument/hover", at(other, Position::new(0, 0)))
        .await;
    assert!(hover.is_null());
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": other } }),
        )
        .await;
    assert!(symbols.is_null());
    // A change to a file that is not open is ignored.
    client.change_full(other, 2, "group g: staff").await;
    assert!(
        client
            .quiet_for(
                "textDocument/publishDiagnostics",
                Duration::from_millis(100)
            )
            .await
    );
}

/// Every request the server answers, at `position`.
async fn ask_everything(client: &mut TestClient, position: Position) {
    let document = json!({ "textDocument": { "uri": URI } });
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 10000, "character": 0 } });
    let here = json!({ "start": position, "end": position });
    let mut references = at(URI, position);
    references["context"] = json!({ "includeDeclaration": true });
    let requests: Vec<(&str, Value)> = vec![
        ("textDocument/hover", at(URI, position)),
        ("textDocument/completion", at(URI, position)),
        ("textDocument/definition", at(URI, position)),
        ("textDocument/references", references),
        ("textDocument/documentHighlight", at(URI, position)),
        ("textDocument/prepareRename", at(URI, position)),
        ("textDocument/documentSymbol", document.clone()),
        ("textDocument/foldingRange", document.clone()),
        ("textDocument/semanticTokens/full", document.clone()),
        (
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": URI }, "range": whole }),
        ),
        (
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": here, "context": { "diagnostics": [] } }),
        ),
    ];
    for (method, params) in requests {
        let response = client.request_raw(method, params).await;
        if let Some(error) = response.get("error") {
            // Only "cannot rename this" is an expected refusal.
            assert_eq!(
                method, "textDocument/prepareRename",
                "{method} at {position:?}: {error}"
            );
            assert_eq!(error["code"], -32602);
        }
    }
}

#[tokio::test]
async fn every_prefix_of_a_policy_is_answered_without_failing() {
    // Typing the policy from the first character to the last: each prefix
    // is a half-typed file, and every feature must cope with it.
    let mut client = TestClient::start().await;
    client.open(URI, "").await;
    let chars: Vec<(usize, char)> = POLICY.char_indices().collect();
    let mut version = 1;
    for (i, _) in chars.iter().step_by(11) {
        let prefix = &POLICY[..*i];
        version += 1;
        client.change_full(URI, version, prefix).await;
        let lines = prefix.lines().count() as u32;
        for position in [
            Position::new(0, 0),
            Position::new(lines / 2, 3),
            Position::new(lines.saturating_sub(1), 200),
        ] {
            ask_everything(&mut client, position).await;
        }
    }
}

#[tokio::test]
async fn garbage_and_unicode_do_not_break_anything() {
    let mut client = TestClient::start().await;
    let texts = [
        "\u{0}\u{1}{{{{}}}}::::\"\"\"",
        "rule : : : require for for for : every every",
        "𝄞𝄞𝄞 — é\r\n\r\n\tgroup é: staff where 𝄞 is é",
        "policy \"unclosed\n{ owner: 2025-13-45 review: 9999-99-99 }",
        "group g: staff where ((((((((((role is x",
        "rule r: require one_to_one for g: every 99999999999999999999999 weeks",
        "rule r: require one_to_one for g: at least -1.5 per year",
    ];
    for (n, text) in texts.iter().enumerate() {
        client.change_full(URI, n as i32 + 2, text).await;
        if n == 0 {
            client.open(URI, text).await;
        }
        ask_everything(&mut client, Position::new(0, 5)).await;
        ask_everything(&mut client, Position::new(2, 3)).await;
    }
}

#[tokio::test]
async fn a_request_about_a_small_file_does_not_wait_for_a_huge_one_to_be_checked() {
    let mut client = TestClient::start().await;
    client.open(URI, POLICY).await;
    client.diagnostics(URI).await;
    // Thousands of rules: a check that takes a while (seconds in a debug build).
    let mut text = String::from("policy \"Huge\" {\n  owner: \"x\"\n}\n");
    for i in 0..1500 {
        text.push_str(&format!("group g{i}: staff where level >= {}\nrule r{i}: require one_to_one for g{i}: every {} weeks\n", i % 7, i % 5 + 1));
    }
    let huge = "file:///tests/features/huge.sup";
    client.open(huge, &text).await;
    // A request about the huge file needs its check; one about the small
    // file does not, and is answered first, while that check runs.
    client
        .send_request(
            "huge",
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": huge } }),
        )
        .await;
    client
        .send_request("small", "textDocument/hover", at(URI, Position::new(7, 8)))
        .await;
    let hover = client.reply(&json!("small")).await;
    assert!(hover.get("error").is_none(), "{hover}");
    assert!(
        !client.has_reply(&json!("huge")),
        "the hover waited for the huge file's check"
    );
    let symbols = client.reply(&json!("huge")).await;
    assert!(
        symbols["result"].as_array().is_some_and(|s| s.len() > 1000),
        "{symbols}"
    );
    // Both requests and the background check share one check of the text.
    client.diagnostics(huge).await;
}

#[tokio::test]
async fn a_request_waiting_for_a_check_can_be_cancelled() {
    let mut client = TestClient::start().await;
    let mut text = String::from("policy \"Huge\" {\n  owner: \"x\"\n}\n");
    for i in 0..1500 {
        text.push_str(&format!("group g{i}: staff where level >= {}\nrule r{i}: require one_to_one for g{i}: every {} weeks\n", i % 7, i % 5 + 1));
    }
    let huge = "file:///tests/features/huge.sup";
    client.open(huge, &text).await;
    client
        .send_request(
            "huge",
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": huge } }),
        )
        .await;
    client
        .notify("$/cancelRequest", json!({ "id": "huge" }))
        .await;
    // The cancellation is answered at once, not when the check ends.
    let cancelled = client.reply(&json!("huge")).await;
    assert_eq!(cancelled["error"]["code"], -32800, "{cancelled}");
    assert!(
        client
            .quiet_for("textDocument/publishDiagnostics", Duration::ZERO)
            .await,
        "the cancellation waited for the check"
    );
    client.diagnostics(huge).await;
}

#[tokio::test]
async fn a_huge_file_is_checked() {
    let mut client = TestClient::start().await;
    let mut text = String::from("policy \"Huge\" {\n  owner: \"x\"\n}\n");
    // Some 40,000 lines: long comment blocks (cheap to check, costly to
    // tokenize and convert) between 500 groups and rules.
    for i in 0..500 {
        for k in 0..70 {
            text.push_str(&format!(
                "# clause {i}.{k} of the written policy, quoted word for word — café\n"
            ));
        }
        text.push_str(&format!("group g{i}: staff where level >= {}\nrule r{i}: require one_to_one for g{i}: every {} weeks\n", i % 7, i % 5 + 1));
    }
    text.push_str("rule broken: require one_to_one for g1: every 2 wekes\n");
    client.open(URI, &text).await;
    let published = client.diagnostics(URI).await;
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"sup::unknown-unit"), "{codes:?}");
    let last = text.lines().count() as u32 - 1;
    let hover = client
        .request("textDocument/hover", at(URI, Position::new(last, 37)))
        .await;
    assert!(
        hover["contents"]["value"].as_str().unwrap().contains("g1"),
        "{hover}"
    );
    let tokens = client
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert!(tokens["data"].as_array().unwrap().len() > 5 * 36_000);
}

#[tokio::test]
async fn many_open_files_each_get_their_diagnostics() {
    let mut client = TestClient::start().await;
    let uris: Vec<String> = (0..100)
        .map(|i| format!("file:///tests/many/{i}.sup"))
        .collect();
    for (i, uri) in uris.iter().enumerate() {
        client
            .open(
                uri,
                &POLICY.replace("every 2 weeks", &format!("every {} weeks", i % 9 + 1)),
            )
            .await;
    }
    let mut seen = std::collections::BTreeSet::new();
    while seen.len() < uris.len() {
        let published = client.notification("textDocument/publishDiagnostics").await;
        assert_eq!(published["diagnostics"], json!([]), "{published}");
        seen.insert(published["uri"].as_str().unwrap().to_string());
    }
    for uri in &uris {
        client
            .notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await;
    }
    for _ in &uris {
        let cleared = client.notification("textDocument/publishDiagnostics").await;
        assert_eq!(cleared["diagnostics"], json!([]));
    }
}

#[tokio::test]
async fn a_framework_deleted_while_open_is_reported_then_restored() {
    let dir = tempfile::tempdir().unwrap();
    let framework_path = dir.path().join("framework.sup");
    let framework = "framework \"F\" {\n  owner: \"Board\"\n}\n";
    std::fs::write(&framework_path, framework).unwrap();
    let policy_path = dir.path().join("policy.sup");
    let policy = "policy \"P\" {\n  owner: \"Org\"\n  conforms to: \"framework.sup\"\n}\n";
    std::fs::write(&policy_path, policy).unwrap();
    let policy_uri = Uri::from_file_path(std::fs::canonicalize(&policy_path).unwrap())
        .unwrap()
        .as_str()
        .to_string();
    let framework_uri = Uri::from_file_path(std::fs::canonicalize(&framework_path).unwrap())
        .unwrap()
        .as_str()
        .to_string();

    let mut client = TestClient::in_process();
    let result = client
        .initialize(
            json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
        )
        .await;
    assert!(result["capabilities"]["workspace"]["fileOperations"]["didDelete"].is_object());
    client.open(&policy_uri, policy).await;
    assert_eq!(
        client.diagnostics(&policy_uri).await["diagnostics"],
        json!([])
    );

    std::fs::remove_file(&framework_path).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": framework_uri, "type": 3 }] }),
        )
        .await;
    let missing = client.diagnostics(&policy_uri).await;
    assert_eq!(
        missing["diagnostics"][0]["code"], "sup::missing-framework",
        "{missing}"
    );

    std::fs::write(&framework_path, framework).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": framework_uri, "type": 1 }] }),
        )
        .await;
    assert_eq!(
        client.diagnostics(&policy_uri).await["diagnostics"],
        json!([])
    );
}

#[tokio::test]
async fn a_change_on_disk_or_a_save_rechecks_only_the_files_it_concerns() {
    let dir = tempfile::tempdir().unwrap();
    let folder = std::fs::canonicalize(dir.path()).unwrap();
    let framework = "framework \"F\" {\n  owner: \"Board\"\n}\n";
    let policy = "policy \"P\" {\n  owner: \"Org\"\n  conforms to: \"framework.sup\"\n}\n";
    let other = "policy \"Q\" {\n  owner: \"Org\"\n}\n";
    for (name, text) in [
        ("framework.sup", framework),
        ("policy.sup", policy),
        ("other.sup", other),
    ] {
        std::fs::write(folder.join(name), text).unwrap();
    }
    let uri = |name: &str| {
        Uri::from_file_path(folder.join(name))
            .unwrap()
            .as_str()
            .to_string()
    };
    let (framework_uri, policy_uri, other_uri) =
        (uri("framework.sup"), uri("policy.sup"), uri("other.sup"));
    let quiet = Duration::from_millis(300);

    let mut client = TestClient::start().await;
    // One at a time: waiting for one file's diagnostics passes over others.
    client.open(&policy_uri, policy).await;
    client.diagnostics(&policy_uri).await;
    client.open(&other_uri, other).await;
    client.diagnostics(&other_uri).await;

    // The framework goes: the policy that names it is told, the other
    // policy is not checked again.
    std::fs::remove_file(folder.join("framework.sup")).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": framework_uri, "type": 3 }] }),
        )
        .await;
    let (missing, others) = published_for(&mut client, &policy_uri).await;
    assert_eq!(missing["diagnostics"][0]["code"], "sup::missing-framework");
    assert!(
        others.is_empty()
            && client
                .quiet_for("textDocument/publishDiagnostics", quiet)
                .await,
        "only the policy that names the framework is checked again: {others:?}"
    );

    // It comes back under the name the policy gives.
    std::fs::write(folder.join("framework.sup"), framework).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": framework_uri, "type": 1 }] }),
        )
        .await;
    let (found, others) = published_for(&mut client, &policy_uri).await;
    assert_eq!(found["diagnostics"], json!([]));
    assert!(
        others.is_empty()
            && client
                .quiet_for("textDocument/publishDiagnostics", quiet)
                .await,
        "{others:?}"
    );

    // Saving the other policy checks it again, and only it.
    client
        .notify(
            "textDocument/didSave",
            json!({ "textDocument": { "uri": other_uri } }),
        )
        .await;
    let (saved, others) = published_for(&mut client, &other_uri).await;
    assert_eq!(saved["version"], 1);
    assert!(
        others.is_empty()
            && client
                .quiet_for("textDocument/publishDiagnostics", quiet)
                .await,
        "saving one file does not check the unrelated ones: {others:?}"
    );
}

/// The next diagnostics published for `uri`, and the files any diagnostics
/// published before them were for.
async fn published_for(client: &mut TestClient, uri: &str) -> (Value, Vec<String>) {
    let mut others = Vec::new();
    loop {
        let params = client.notification("textDocument/publishDiagnostics").await;
        if params["uri"] == uri {
            return (params, others);
        }
        others.push(params["uri"].as_str().unwrap_or_default().to_string());
    }
}

#[tokio::test]
async fn an_open_file_renamed_into_another_folder_is_checked_from_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("framework.sup"),
        "framework \"F\" {\n  owner: \"Board\"\n}\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    let policy = "policy \"P\" {\n  owner: \"Org\"\n  conforms to: \"framework.sup\"\n}\n";
    let old_path = dir.path().join("policy.sup");
    std::fs::write(&old_path, policy).unwrap();
    let old_uri = Uri::from_file_path(std::fs::canonicalize(&old_path).unwrap())
        .unwrap()
        .as_str()
        .to_string();

    let mut client = TestClient::start().await;
    client.open(&old_uri, policy).await;
    assert_eq!(client.diagnostics(&old_uri).await["diagnostics"], json!([]));

    let new_path = std::fs::canonicalize(dir.path().join("elsewhere"))
        .unwrap()
        .join("policy.sup");
    std::fs::rename(&old_path, &new_path).unwrap();
    let new_uri = Uri::from_file_path(&new_path).unwrap().as_str().to_string();
    client
        .notify(
            "workspace/didRenameFiles",
            json!({ "files": [{ "oldUri": old_uri, "newUri": new_uri }] }),
        )
        .await;
    // The old name is cleared; from its new folder the framework is missing.
    assert_eq!(client.diagnostics(&old_uri).await["diagnostics"], json!([]));
    let moved = client.diagnostics(&new_uri).await;
    assert_eq!(
        moved["diagnostics"][0]["code"], "sup::missing-framework",
        "{moved}"
    );
    // The document keeps working under its new name.
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": new_uri } }),
        )
        .await;
    assert_eq!(symbols[0]["name"], "P");
}

#[tokio::test]
async fn a_rename_notified_after_the_editor_reopened_the_file_keeps_the_new_buffer() {
    let dir = tempfile::tempdir().unwrap();
    let folder = std::fs::canonicalize(dir.path()).unwrap();
    let old_uri = Uri::from_file_path(folder.join("old.sup"))
        .unwrap()
        .as_str()
        .to_string();
    let new_uri = Uri::from_file_path(folder.join("new.sup"))
        .unwrap()
        .as_str()
        .to_string();
    let mut client = TestClient::start().await;
    // The old buffer has been edited a few times; the editor opens the new
    // name (its own version 1) before it closes the old one or says that
    // the file was renamed: the order is the editor's to choose.
    client.open_version(&old_uri, POLICY, 5).await;
    client.diagnostics(&old_uri).await;
    client.open(&new_uri, POLICY).await;
    client.diagnostics(&new_uri).await;
    client
        .notify(
            "workspace/didRenameFiles",
            json!({ "files": [{ "oldUri": old_uri, "newUri": new_uri }] }),
        )
        .await;
    assert_eq!(client.diagnostics(&old_uri).await["diagnostics"], json!([]));
    // The new buffer's own versions go on counting from 1.
    client
        .change_full(&new_uri, 2, "group g: staff where levl > 1\n")
        .await;
    loop {
        let published = client.diagnostics(&new_uri).await;
        if published["version"] == 2 {
            let codes: Vec<&str> = published["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap())
                .collect();
            assert_eq!(codes, ["sup::missing-header", "sup::unknown-column"]);
            break;
        }
        // A re-check of version 1 after the rename may come first.
        assert_eq!(published["version"], 1, "{published}");
    }
}

#[tokio::test]
async fn an_open_file_deleted_on_disk_keeps_its_buffer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.sup");
    std::fs::write(&path, POLICY).unwrap();
    let uri = Uri::from_file_path(std::fs::canonicalize(&path).unwrap())
        .unwrap()
        .as_str()
        .to_string();
    let mut client = TestClient::start().await;
    client.open(&uri, POLICY).await;
    client.diagnostics(&uri).await;
    std::fs::remove_file(&path).unwrap();
    client
        .notify(
            "workspace/didDeleteFiles",
            json!({ "files": [{ "uri": uri }] }),
        )
        .await;
    // Still open in the editor: still checked, still answered.
    assert_eq!(client.diagnostics(&uri).await["diagnostics"], json!([]));
    let hover = client
        .request("textDocument/hover", at(&uri, Position::new(22, 8)))
        .await;
    assert!(!hover.is_null());
}

#[tokio::test]
async fn shutdown_then_exit_ends_the_server() {
    let mut client = TestClient::start().await;
    client.open(URI, POLICY).await;
    client.diagnostics(URI).await;
    client.shutdown().await;
    assert!(
        client.server_ended().await,
        "the server did not stop after exit"
    );
}

#[tokio::test]
async fn an_unsaved_buffer_is_checked_too() {
    let mut client = TestClient::start().await;
    let uri = "untitled:Untitled-1";
    client.open(uri, "group g: staff where levl > 1\n").await;
    let published = client.diagnostics(uri).await;
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"sup::unknown-column"), "{codes:?}");
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    assert_eq!(symbols[0]["name"], "g");
}

#[tokio::test]
async fn an_ill_typed_option_is_logged_and_the_others_still_apply() {
    let mut client = TestClient::in_process();
    client
        .initialize_with(
            json!({}),
            json!({ "today": crate::common::TODAY, "debounceMs": "20" }),
        )
        .await;
    let logged = client.notification("window/logMessage").await;
    let message = logged["message"].as_str().unwrap();
    assert!(message.contains("debounceMs"), "{message}");
    assert!(!message.contains("today"), "{message}");
    client.open(URI, POLICY).await;
    assert_eq!(client.diagnostics(URI).await["version"], 1);
}
