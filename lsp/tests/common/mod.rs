//! A small LSP client for tests: frames JSON-RPC over any pair of streams
//! (an in-process pipe or a child process's stdio), and draws cursors and
//! ranges under the source so snapshots can be reviewed by reading them.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the client"
)]

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{json, Value};
use sup_lsp::convert::{Encoding, LineIndex};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{Position, Range};

/// How long any one wait for the server may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The date review dates are judged against in every test.
pub const TODAY: &str = "2026-11-22";

pub struct TestClient {
    writer: Box<dyn AsyncWrite + Unpin + Send>,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Notifications received while waiting for something else.
    pending: VecDeque<Value>,
    next_id: i64,
    pub encoding: Encoding,
    /// The in-process server's task, to see that it ends on `exit`.
    server: Option<tokio::task::JoinHandle<()>>,
}

/// Write one framed message.
pub async fn write_message(writer: &mut (dyn AsyncWrite + Unpin + Send), body: &str) {
    let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
    writer.write_all(frame.as_bytes()).await.unwrap();
    writer.flush().await.unwrap();
}

/// Read framed messages until the stream ends.
async fn read_messages(reader: impl AsyncRead + Unpin, tx: mpsc::UnboundedSender<Value>) {
    let mut reader = BufReader::new(reader);
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse::<usize>().ok();
            }
        }
        let Some(length) = length else { return };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let Ok(value) = serde_json::from_slice(&body) else {
            return;
        };
        if tx.send(value).is_err() {
            return;
        }
    }
}

impl TestClient {
    pub fn new(
        reader: impl AsyncRead + Unpin + Send + 'static,
        writer: impl AsyncWrite + Unpin + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(read_messages(reader, tx));
        TestClient {
            writer: Box::new(writer),
            incoming: rx,
            pending: VecDeque::new(),
            next_id: 1,
            encoding: Encoding::Utf16,
            server: None,
        }
    }

    /// A server running in this process, connected by an in-memory pipe.
    pub fn in_process() -> Self {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        let server = tokio::spawn(sup_lsp::transport::serve(server_read, server_write));
        let (client_read, client_write) = tokio::io::split(client_side);
        let mut client = TestClient::new(client_read, client_write);
        client.server = Some(server);
        client
    }

    /// Start in process and initialize with the usual test settings.
    pub async fn start() -> Self {
        let mut client = TestClient::in_process();
        client.initialize(json!({})).await;
        client
    }

    /// `initialize` + `initialized`. `capabilities` is merged into a
    /// minimal client's capabilities.
    pub async fn initialize(&mut self, capabilities: Value) -> Value {
        self.initialize_with(capabilities, json!({ "today": TODAY, "debounceMs": 0 }))
            .await
    }

    pub async fn initialize_with(&mut self, capabilities: Value, options: Value) -> Value {
        self.initialize_params(json!({
            "processId": null,
            "rootUri": null,
            "capabilities": capabilities,
            "initializationOptions": options,
        }))
        .await
    }

    /// Initialize with one workspace folder, and the usual test settings.
    pub async fn initialize_folder(&mut self, folder: &std::path::Path) -> Value {
        let uri =
            tower_lsp_server::ls_types::Uri::from_file_path(std::fs::canonicalize(folder).unwrap())
                .unwrap();
        self.initialize_params(json!({
            "processId": null,
            "workspaceFolders": [{ "uri": uri, "name": "workspace" }],
            "capabilities": {},
            "initializationOptions": { "today": TODAY, "debounceMs": 0 },
        }))
        .await
    }

    pub async fn initialize_params(&mut self, params: Value) -> Value {
        let result = self.request("initialize", params).await;
        if result["capabilities"]["positionEncoding"] == "utf-8" {
            self.encoding = Encoding::Utf8;
        }
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn send_raw(&mut self, body: &str) {
        write_message(&mut *self.writer, body).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let body = json!({ "jsonrpc": "2.0", "method": method, "params": params }).to_string();
        self.send_raw(&body).await;
    }

    /// Send a request and wait for its response; returns the whole response
    /// (with `result` or `error`).
    pub async fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let body =
            json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }).to_string();
        self.send_raw(&body).await;
        loop {
            let message = self.receive().await;
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    /// Write bytes to the server as they are, unframed: for headers a
    /// client gets wrong.
    pub async fn send_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    /// Wait for the response with this `id` (`null` for the replies to
    /// messages too broken to have one), keeping everything else.
    pub async fn reply(&mut self, id: &Value) -> Value {
        let is_it = |m: &Value| m.get("id") == Some(id) && m.get("method").is_none();
        if let Some(i) = self.pending.iter().position(is_it) {
            return self.pending.remove(i).unwrap();
        }
        loop {
            let message = self.receive().await;
            if is_it(&message) {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    /// Send a request with this id without waiting for its response.
    pub async fn send_request(&mut self, id: &str, method: &str, params: Value) {
        let body =
            json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }).to_string();
        self.send_raw(&body).await;
    }

    /// Whether the response with this id has arrived while waiting for
    /// something else.
    pub fn has_reply(&self, id: &Value) -> bool {
        self.pending
            .iter()
            .any(|m| m.get("id") == Some(id) && m.get("method").is_none())
    }

    /// Send a request and return its result, failing the test on an error.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params).await;
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The next message from the server. Requests from the server (such as
    /// `client/registerCapability`) are answered with `null` on the way.
    async fn receive(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(TIMEOUT, self.incoming.recv())
                .await
                .expect("the server did not answer in time")
                .expect("the server closed the connection");
            if message.get("method").is_some() && message.get("id").is_some() {
                let reply =
                    json!({ "jsonrpc": "2.0", "id": message["id"], "result": null }).to_string();
                self.send_raw(&reply).await;
                continue;
            }
            return message;
        }
    }

    /// Wait for the next notification with this method, keeping the others.
    pub async fn notification(&mut self, method: &str) -> Value {
        if let Some(i) = self.pending.iter().position(|m| m["method"] == method) {
            return self.pending.remove(i).unwrap()["params"].clone();
        }
        loop {
            let message = self.receive().await;
            if message["method"] == method {
                return message["params"].clone();
            }
            self.pending.push_back(message);
        }
    }

    /// The diagnostics published for `uri`, skipping those for other files.
    pub async fn diagnostics(&mut self, uri: &str) -> Value {
        loop {
            let params = self.notification("textDocument/publishDiagnostics").await;
            if params["uri"] == uri {
                return params;
            }
        }
    }

    /// Whether a notification arrives within `wait`.
    pub async fn quiet_for(&mut self, method: &str, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if self.pending.iter().any(|m| m["method"] == method) {
                return false;
            }
            match tokio::time::timeout_at(deadline, self.incoming.recv()).await {
                Err(_) => return true,
                Ok(None) => return true,
                Ok(Some(message)) => self.pending.push_back(message),
            }
        }
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.open_version(uri, text, 1).await;
    }

    pub async fn open_version(&mut self, uri: &str, text: &str, version: i32) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "sup", "version": version, "text": text } }),
        )
        .await;
    }

    pub async fn change_full(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        )
        .await;
    }

    /// Whether the in-process server's task ends within the timeout.
    pub async fn server_ended(&mut self) -> bool {
        match self.server.take() {
            Some(handle) => tokio::time::timeout(TIMEOUT, handle)
                .await
                .is_ok_and(|r| r.is_ok()),
            None => false,
        }
    }

    pub async fn shutdown(&mut self) {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
    }
}

/// A document position request's parameters.
pub fn at(uri: &str, position: Position) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

/// Take the `|` marking the cursor out of `marked`: the text and the
/// cursor's position in `encoding`.
pub fn cursor(marked: &str, encoding: Encoding) -> (String, Position) {
    let offset = marked.find('|').expect("no | marks the cursor");
    let text = marked.replacen('|', "", 1);
    let index = LineIndex::new(&text, encoding);
    (text.clone(), index.position(&text, offset))
}

/// The source with the cursor drawn under its line.
pub fn draw_cursor(text: &str, position: Position, encoding: Encoding) -> String {
    draw(text, encoding, Some(position), &[])
}

/// The lines of the source that hold the cursor or a range, numbered from
/// 1, each range underlined (`▔`) and labelled below its lines, and the
/// cursor marked with `↑`. Lines in between are left out (`⋮`).
pub fn draw(
    text: &str,
    encoding: Encoding,
    cursor: Option<Position>,
    ranges: &[(Range, String)],
) -> String {
    let index = LineIndex::new(text, encoding);
    let column = |p: Position| -> usize {
        let offset = index.offset(text, p);
        let line_start = index.offset(text, Position::new(p.line, 0));
        text[line_start..offset].chars().count()
    };
    let mut out = String::new();
    let mut last_shown: Option<u32> = None;
    for (n, line) in text.lines().enumerate() {
        let n = n as u32;
        let mut marks = Vec::new();
        for (range, label) in ranges {
            if range.start.line > n || range.end.line < n {
                continue;
            }
            let from = if range.start.line == n {
                column(range.start)
            } else {
                0
            };
            let to = if range.end.line == n {
                column(range.end)
            } else {
                line.chars().count()
            };
            let mut mark = " ".repeat(from);
            mark.push_str(&"▔".repeat(to.saturating_sub(from).max(1)));
            if !label.is_empty() && range.end.line == n {
                mark.push(' ');
                mark.push_str(label);
            }
            marks.push(mark);
        }
        if let Some(c) = cursor.filter(|c| c.line == n) {
            marks.push(format!("{}↑", " ".repeat(column(c))));
        }
        if marks.is_empty() {
            continue;
        }
        if last_shown.is_some_and(|l| l + 1 < n) {
            out.push_str("   ⋮\n");
        }
        last_shown = Some(n);
        out.push_str(&format!("{:>3}│{line}\n", n + 1));
        for mark in marks {
            out.push_str(&format!("   │{}\n", mark.trim_end()));
        }
    }
    out
}

/// `text` with a `|` inserted where `needle` (written with a `|` in it) is found.
pub fn mark(text: &str, needle: &str) -> String {
    let bare = needle.replacen('|', "", 1);
    let at = text
        .find(&bare)
        .unwrap_or_else(|| panic!("`{bare}` is not in the text"));
    let offset = at + needle.find('|').expect("the needle has no |");
    format!("{}|{}", &text[..offset], &text[offset..])
}

pub fn range_of(value: &Value) -> Range {
    serde_json::from_value(value.clone()).expect("not a range")
}
