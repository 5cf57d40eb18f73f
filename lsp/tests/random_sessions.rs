//! 10,000 random edit sequences through the real transport (`serve` over an
//! in-memory pipe): documents opened and changed at arbitrary ranges,
//! requests at arbitrary positions, malformed frames in between. Every
//! request is answered exactly once, every malformed frame gets exactly
//! one error reply, and `shutdown` and `exit` still work afterwards. The
//! seed is fixed, so a failure is reproducible.

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
#[path = "common/sessions.rs"]
mod sessions;

use std::time::{Duration, Instant};

use common::{TestClient, TODAY};
use serde_json::{json, Value};
use sessions::{Rng, Script};

/// Sequences in all, and how many share one session: one session each
/// would spend most of the time starting servers.
const SEQUENCES: usize = 10_000;
const SESSIONS: usize = 10;

/// The start of each example policy: real statements to edit, short
/// enough that the thousands of checks a run causes stay quick.
fn seed_texts() -> Vec<String> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sup"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let mut end = text.len().min(1_500);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[..end].to_string()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edit_sequences_leave_the_server_answering() {
    let texts = seed_texts();
    let mut rng = Rng::new(0x005e_ed0f_5e55_1045);
    let started = Instant::now();
    let (mut requests, mut bad_frames) = (0, 0);
    for session in 0..SESSIONS {
        let mut script = Script::new();
        script.start(json!({ "today": TODAY, "debounceMs": 0 }));
        for _ in 0..SEQUENCES / SESSIONS {
            script.sequence(&mut rng, &texts);
        }
        script.shutdown();
        let mut client = TestClient::in_process();
        client.send_bytes(&script.bytes).await;
        let shutdown = client.reply(&json!("shutdown")).await;
        assert_eq!(
            shutdown["result"],
            Value::Null,
            "session {session}: {shutdown}"
        );
        for id in &script.requests {
            let reply = client.reply(&json!(id)).await;
            assert!(
                reply.get("result").is_some() != reply.get("error").is_some(),
                "session {session}: {reply}"
            );
            // Bad parameters or a bad message are the client's mistakes;
            // an internal error is a panic or a request that timed out.
            assert_ne!(reply["error"]["code"], -32603, "session {session}: {reply}");
            assert!(
                !client.has_reply(&json!(id)),
                "session {session}: {id} answered twice"
            );
        }
        for n in 0..script.null_replies {
            let reply = client.reply(&Value::Null).await;
            assert_eq!(
                reply["error"]["code"], -32700,
                "session {session}, bad frame {n}: {reply}"
            );
        }
        client.notify("exit", Value::Null).await;
        assert!(
            client.server_ended().await,
            "session {session}: exit was not honoured"
        );
        assert!(
            client
                .quiet_for("nothing", Duration::from_millis(200))
                .await
                && !client.has_reply(&Value::Null),
            "session {session}: more error replies than malformed frames"
        );
        requests += script.requests.len();
        bad_frames += script.null_replies;
    }
    // Enough of each to mean something.
    assert!(
        requests > 5_000 && bad_frames > 300,
        "{requests} requests, {bad_frames} bad frames"
    );
    eprintln!(
        "{SEQUENCES} sequences: {requests} requests, {bad_frames} malformed frames, {:?}",
        started.elapsed()
    );
}
