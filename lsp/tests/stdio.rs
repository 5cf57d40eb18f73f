//! End to end: start the built `sup-lsp` binary and talk JSON-RPC to it over
//! stdio, as an editor does — initialize, open, change, diagnostics, hover,
//! completion, shutdown, exit — and check that the process really exits.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

#[path = "common/mod.rs"]
mod common;

use std::process::Stdio;
use std::time::Duration;

use common::{at, cursor, mark, TestClient, TODAY};
use serde_json::{json, Value};
use tokio::process::{Child, Command};
use tower_lsp_server::ls_types::Position;

/// How long the process may take to exit after `exit`.
const EXIT_TIMEOUT: Duration = Duration::from_secs(10);

const POLICY: &str = "# A policy — café\npolicy \"P\" {\n  owner: \"Org\"\n  review: 2027-04-01\n}\ntags: asye\ngroup nqsw \"newly qualified\": staff where tags has asye\nrule fortnightly: require one_to_one for nqsw: every 2 weeks\n";
const URI: &str = "file:///tests/stdio/policy.sup";

fn start() -> (Child, TestClient) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sup-lsp"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("cannot start sup-lsp");
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    (child, TestClient::new(stdout, stdin))
}

/// Wait for the process to exit, failing (not hanging) if it does not.
async fn exit_code(child: &mut Child) -> i32 {
    match tokio::time::timeout(EXIT_TIMEOUT, child.wait()).await {
        Ok(status) => status.unwrap().code().unwrap_or(-1),
        Err(_) => {
            let _ = child.kill().await;
            panic!("sup-lsp did not exit within {EXIT_TIMEOUT:?} of `exit`");
        }
    }
}

#[tokio::test]
async fn a_whole_session_over_stdio() {
    let (mut child, mut client) = start();
    let init = client
        .initialize_with(json!({}), json!({ "today": TODAY, "debounceMs": 10 }))
        .await;
    assert_eq!(init["serverInfo"]["name"], "sup-lsp");
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");

    client.open(URI, POLICY).await;
    let opened = client.diagnostics(URI).await;
    assert_eq!(opened["version"], 1);
    assert_eq!(opened["diagnostics"], json!([]));

    // A typo, typed as an incremental change: `weeks` becomes `wekes`.
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": URI, "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 7, "character": 55 }, "end": { "line": 7, "character": 60 } }, "text": "wekes" }]
            }),
        )
        .await;
    let changed = client.diagnostics(URI).await;
    assert_eq!(changed["version"], 2);
    assert_eq!(
        changed["diagnostics"][0]["code"], "sup::unknown-unit",
        "{changed}"
    );
    assert_eq!(
        changed["diagnostics"][0]["range"]["start"],
        json!({ "line": 7, "character": 55 })
    );

    let hover = client
        .request("textDocument/hover", at(URI, Position::new(7, 8)))
        .await;
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**rule** `fortnightly`"), "{text}");

    let (_, position) = cursor(&mark(POLICY, "for |nqsw"), client.encoding);
    let completion = client
        .request("textDocument/completion", at(URI, position))
        .await;
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["nqsw"]);

    client.shutdown().await;
    assert_eq!(
        exit_code(&mut child).await,
        0,
        "exit after shutdown is a clean exit"
    );
}

#[tokio::test]
async fn bad_input_is_answered_and_the_process_goes_on() {
    let (mut child, mut client) = start();
    client.initialize(json!({})).await;
    // Each bad message gets the JSON-RPC error it is owed, in order, and
    // the session goes on.
    client.send_raw("{ this is not json").await;
    let parse_error = client.reply(&Value::Null).await;
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    client
        .send_raw(r#"{"jsonrpc":"2.0","id":"x","method":5}"#)
        .await;
    let invalid = client.reply(&json!("x")).await;
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    // A frame without `Content-Length`: the body cannot be found, so the
    // reply has no id either.
    client
        .send_bytes(b"Content-Type: application/vscode-jsonrpc\r\n\r\n")
        .await;
    let unframed = client.reply(&Value::Null).await;
    assert_eq!(unframed["error"]["code"], -32700, "{unframed}");
    let unknown = client.request_raw("sup/nothingHere", json!({})).await;
    assert_eq!(unknown["error"]["code"], -32601);
    let wrong_params = client
        .request_raw("textDocument/hover", json!({ "textDocument": 3 }))
        .await;
    assert_eq!(wrong_params["error"]["code"], -32602, "{wrong_params}");
    client.open(URI, POLICY).await;
    assert_eq!(client.diagnostics(URI).await["version"], 1);
    client.shutdown().await;
    assert_eq!(exit_code(&mut child).await, 0);
}

#[tokio::test]
async fn exit_without_shutdown_exits_with_an_error_code() {
    let (mut child, mut client) = start();
    client.initialize(json!({})).await;
    client.notify("exit", serde_json::Value::Null).await;
    assert_eq!(exit_code(&mut child).await, 1);
}

#[tokio::test]
async fn closing_stdin_ends_the_process() {
    let (mut child, client) = start();
    drop(client); // Closes the server's stdin, as a crashed editor would.
    let code = exit_code(&mut child).await;
    assert_eq!(code, 1, "no shutdown was asked for");
}

/// Start the server as a client that offers dynamic registration of file
/// watchers, and return without ever answering the server's requests.
async fn start_with_an_unanswering_client() -> (
    Child,
    tokio::process::ChildStdin,
    tokio::process::ChildStdout,
) {
    use tokio::io::AsyncWriteExt;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sup-lsp"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("cannot start sup-lsp");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let send = |body: Value| {
        let body = body.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    };
    let capabilities =
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    stdin
        .write_all(&send(
            json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": { "processId": null, "rootUri": null, "capabilities": capabilities } }),
        ))
        .await
        .unwrap();
    stdin.flush().await.unwrap();
    // A client sends `initialized` once it has the answer to `initialize`
    // (the server ignores it before), then this one leaves the server's
    // `client/registerCapability` request unanswered.
    let mut seen = Vec::new();
    read_until(&mut stdout, &mut seen, "\"serverInfo\"").await;
    stdin
        .write_all(&send(
            json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
        ))
        .await
        .unwrap();
    stdin.flush().await.unwrap();
    read_until(&mut stdout, &mut seen, "client/registerCapability").await;
    (child, stdin, stdout)
}

/// Keep the server's output open and drained, so it never blocks writing.
fn drain(mut stdout: tokio::process::ChildStdout) {
    tokio::spawn(async move {
        let _ = tokio::io::copy(&mut stdout, &mut tokio::io::sink()).await;
    });
}

/// Read the server's output until `needle` has appeared in it.
async fn read_until(stdout: &mut tokio::process::ChildStdout, seen: &mut Vec<u8>, needle: &str) {
    use tokio::io::AsyncReadExt;
    let mut buffer = [0; 4096];
    tokio::time::timeout(common::TIMEOUT, async {
        while !String::from_utf8_lossy(seen).contains(needle) {
            let n = stdout.read(&mut buffer).await.unwrap();
            assert!(n > 0, "the server closed its output");
            seen.extend_from_slice(&buffer[..n]);
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the server never sent {needle}"));
}

#[tokio::test]
async fn exit_is_prompt_while_a_registration_goes_unanswered() {
    use tokio::io::AsyncWriteExt;
    let (mut child, mut stdin, mut stdout) = start_with_an_unanswering_client().await;
    // As an editor does: `exit` once `shutdown` is answered.
    let frame = |body: Value| {
        let body = body.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    };
    let shutdown = json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" });
    stdin.write_all(&frame(shutdown)).await.unwrap();
    stdin.flush().await.unwrap();
    read_until(&mut stdout, &mut Vec::new(), "\"id\":2").await;
    drain(stdout);
    let exit = json!({ "jsonrpc": "2.0", "method": "exit" });
    stdin.write_all(&frame(exit)).await.unwrap();
    stdin.flush().await.unwrap();
    // Stdin stays open, as some editors leave it.
    assert_eq!(exit_code(&mut child).await, 0);
}

#[tokio::test]
async fn closing_stdin_ends_the_process_while_a_registration_goes_unanswered() {
    let (mut child, stdin, stdout) = start_with_an_unanswering_client().await;
    drain(stdout);
    drop(stdin);
    assert_eq!(exit_code(&mut child).await, 1);
}

/// Each way a client can get a frame's headers wrong, as the bytes sent:
/// the server answers each with one `-32700` (null id), finds the next
/// message, and the session goes on to a clean `shutdown` and `exit`.
#[tokio::test]
async fn a_bad_frame_is_answered_once_and_the_next_message_is_found() {
    let body = r#"{"jsonrpc":"2.0","method":"sup/noSuchNotification"}"#;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "a length that is not a number",
            format!("Content-Length: abc\r\n\r\n{body}").into_bytes(),
        ),
        (
            "no Content-Length",
            format!("Content-Type: application/vscode-jsonrpc\r\n\r\n{body}").into_bytes(),
        ),
        (
            "2^64",
            format!("Content-Length: 18446744073709551616\r\n\r\n{body}").into_bytes(),
        ),
        (
            "2^64 - 1",
            format!("Content-Length: 18446744073709551615\r\n\r\n{body}").into_bytes(),
        ),
        (
            "a length too short",
            format!("Content-Length: 10\r\n\r\n{body}").into_bytes(),
        ),
        ("a header line that is not UTF-8", {
            let mut bytes = b"X-Note: caf\xe9\r\n".to_vec();
            bytes.extend_from_slice(
                format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes(),
            );
            bytes
        }),
        (
            "a line that is no header",
            format!("hello\r\nContent-Length: {}\r\n\r\n{body}", body.len()).into_bytes(),
        ),
    ];
    for (case, bytes) in cases {
        let (mut child, mut client) = start();
        client.initialize(json!({})).await;
        client.send_bytes(&bytes).await;
        let error = client.reply(&Value::Null).await;
        assert_eq!(error["error"]["code"], -32700, "{case}: {error}");
        // A request right after the broken frame is read and answered.
        let hover = client
            .request_raw("textDocument/hover", at(URI, Position::new(0, 0)))
            .await;
        assert_eq!(hover["result"], Value::Null, "{case}: {hover}");
        assert!(!client.has_reply(&Value::Null), "{case}: answered twice");
        client.shutdown().await;
        assert_eq!(exit_code(&mut child).await, 0, "{case}: exit is honoured");
    }
}

/// A condition nested 100,000 parentheses deep, and one with 1,000 `not`s:
/// the check and every request that walks the syntax tree leave the server
/// answering (the parser refuses nesting past its limit; the server's
/// threads have stack to spare below it).
#[tokio::test]
async fn deep_nesting_leaves_the_server_answering() {
    let (mut child, mut client) = start();
    client.initialize(json!({})).await;
    let header = "policy \"P\" {\n  owner: \"Org\"\n  review: 2027-04-01\n}\n";
    let parens = format!(
        "{header}group deep: staff where {}level >= 3{}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let nots = format!(
        "{header}group negated: staff where {}level >= 3\n",
        "not ".repeat(1_000)
    );
    for (name, text) in [("parens", parens), ("nots", nots)] {
        let uri = format!("file:///tests/stdio/{name}.sup");
        client.open(&uri, &text).await;
        let published = client.diagnostics(&uri).await;
        assert_eq!(published["version"], 1, "{name}");
        let line = Position::new(4, 30);
        for (method, params) in [
            ("textDocument/hover", at(&uri, line)),
            ("textDocument/completion", at(&uri, line)),
            (
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": uri } }),
            ),
            (
                "textDocument/semanticTokens/full",
                json!({ "textDocument": { "uri": uri } }),
            ),
            (
                "textDocument/foldingRange",
                json!({ "textDocument": { "uri": uri } }),
            ),
            (
                "textDocument/formatting",
                json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
            ),
            (
                "textDocument/inlayHint",
                json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 5, "character": 0 } } }),
            ),
        ] {
            let answer = client.request_raw(method, params).await;
            // An error for a method the server does not offer is an
            // answer too; what matters is that one comes.
            assert!(
                answer.get("result").is_some() || answer["error"]["code"] == -32601,
                "{name} {method}: {answer}"
            );
        }
    }
    client.shutdown().await;
    assert_eq!(exit_code(&mut child).await, 0);
}
