//! The language server through its real transport (`sup_lsp::transport::serve`
//! over in-memory pipes): random edit sequences (`didOpen`/`didChange` with
//! arbitrary text and ranges, requests at arbitrary positions) and
//! malformed frames, then `shutdown`, which must be answered, and `exit`,
//! which must end the server. A panic, a hang or a missing answer is a bug.
//!
//! The input is a document text, then optionally a NUL byte and the bytes
//! every later choice is read from (`Bytes` in
//! `lsp/tests/common/sessions.rs`, shared with the seeded test
//! `lsp/tests/random_sessions.rs`). Seed the corpus with
//! `fuzz/seed-lsp-corpus.sh`, then:
//!
//! ```sh
//! RUSTC_BOOTSTRAP=1 cargo fuzz run lsp --sanitizer none -- -max_total_time=600
//! ```
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "../../lsp/tests/common/sessions.rs"]
mod sessions;

use sessions::{Bytes, Choices, Script};

/// How long the server may take to answer `shutdown` after the last
/// message; beyond every request timeout of the server, so only a hang
/// trips it.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

/// One runtime for the whole run, as the binary builds it (thread stacks
/// included).
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| sup_lsp::runtime().expect("a runtime"))
}

fuzz_target!(|data: &[u8]| {
    let (text, choices) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[][..]),
    };
    let text = String::from_utf8_lossy(text).into_owned();
    let mut choices = Bytes(choices);
    let mut script = Script::new();
    script.start(json!({ "today": "2026-11-22", "debounceMs": 0 }));
    for _ in 0..1 + choices.below(32) {
        script.sequence(&mut choices, std::slice::from_ref(&text));
    }
    script.shutdown();
    runtime().block_on(session(script.bytes));
});

/// Serve one session; panic unless `shutdown` is answered and `exit` ends it.
async fn session(bytes: Vec<u8>) {
    let (client, server) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server);
    let mut serving = tokio::spawn(sup_lsp::transport::serve(server_read, server_write));
    let (mut from_server, mut to_server) = tokio::io::split(client);
    // Written from a task of its own: the server's output is read below
    // meanwhile, or both sides could wait on full pipes.
    let writer = tokio::spawn(async move {
        let _ = to_server.write_all(&bytes).await;
        let _ = to_server.flush().await;
        to_server
    });
    // Compact JSON from serde: a quote inside a string is escaped, so only
    // the reply itself can hold this.
    let needle = br#""id":"shutdown""#;
    let mut seen: Vec<u8> = Vec::new();
    let answered = tokio::time::timeout(ANSWER_TIMEOUT, async {
        let mut buffer = vec![0; 1 << 16];
        loop {
            let n = from_server.read(&mut buffer).await.unwrap_or(0);
            if n == 0 {
                return false;
            }
            // Keep only what may still hold the start of the needle.
            let keep = seen.len().saturating_sub(needle.len());
            seen.drain(..keep);
            seen.extend_from_slice(&buffer[..n]);
            if seen.windows(needle.len()).any(|w| w == needle) {
                return true;
            }
        }
    })
    .await;
    assert!(
        matches!(answered, Ok(true)),
        "shutdown was not answered: {answered:?}"
    );
    let mut to_server = writer.await.expect("the writer");
    let exit = br#"{"jsonrpc":"2.0","method":"exit"}"#;
    let mut frame = format!("Content-Length: {}\r\n\r\n", exit.len()).into_bytes();
    frame.extend_from_slice(exit);
    to_server.write_all(&frame).await.expect("exit is written");
    to_server.flush().await.expect("exit is written");
    // Drain the rest so the server never blocks writing.
    tokio::spawn(async move {
        let _ = tokio::io::copy(&mut from_server, &mut tokio::io::sink()).await;
    });
    let ended = tokio::time::timeout(Duration::from_secs(10), &mut serving).await;
    assert!(matches!(ended, Ok(Ok(()))), "exit did not end the server");
}
