//! The wire between the editor and the server: whole messages in, whole
//! messages out, and a bad message answered instead of ending the session.
//!
//! tower-lsp-server reads its input with tokio-util's `FramedRead`, which
//! ends the stream at the first message that fails to decode: one malformed
//! message from a client (bad JSON, a body that is not JSON-RPC, an unknown
//! charset) would stop the server. So every message is read here first, and
//! only well-formed ones are passed on; the rest get the JSON-RPC error a
//! server owes them (`-32700` parse error, `-32600` invalid request), and the
//! session goes on. Server output is relayed frame by frame so those replies
//! never land inside another message.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message accepted; anything bigger is refused, not buffered.
const MAX_MESSAGE: usize = 256 << 20;

/// How long the server may go on after `exit` or the end of its input,
/// finishing what it was doing, before it stops regardless.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Serve LSP over `input` and `output` until the client says `exit` or
/// closes `input`.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = crate::service();
    let (to_server, server_input) = tokio::io::duplex(1 << 16);
    let (server_output, from_server) = tokio::io::duplex(1 << 16);
    let (frames, pending) = mpsc::unbounded_channel::<Vec<u8>>();
    let mut server = tokio::spawn(
        tower_lsp_server::Server::new(server_input, server_output, socket).serve(service),
    );
    let writer = tokio::spawn(write_frames(pending, output));
    let relay = tokio::spawn(relay(from_server, frames.clone()));
    let mut reader = tokio::spawn(read_input(input, to_server, frames));
    tokio::select! {
        // The server ended on its own.
        _ = &mut server => {}
        // The client said `exit` or closed its input. tower-lsp-server then
        // still waits for every unfinished handler (a check of a huge file,
        // a request to the client that is never answered): give them a
        // moment to finish, then stop without them.
        _ = &mut reader => {
            if tokio::time::timeout(EXIT_GRACE, &mut server).await.is_err() {
                server.abort();
            }
        }
    }
    reader.abort();
    // The server's output is closed now: pass on what is left, then stop,
    // also if the client no longer reads.
    let _ = tokio::time::timeout(EXIT_GRACE, async {
        let _ = relay.await;
        let _ = writer.await;
    })
    .await;
}

/// Read messages from the client; forward the well-formed, answer the rest.
/// Returns once `exit` is passed on, or the input ends.
async fn read_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    replies: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut input = BufReader::new(input);
    loop {
        match read_message(&mut input).await {
            Read::Message(body) => {
                if let Some(error) = check_message(&body) {
                    let _ = replies.send(frame(error.to_string().as_bytes()));
                    continue;
                }
                if to_server.write_all(&frame(&body)).await.is_err()
                    || to_server.flush().await.is_err()
                {
                    return; // The server has ended.
                }
                if is_exit(&body) {
                    return;
                }
            }
            Read::Bad => {
                let _ = replies.send(frame(
                    error_reply(Value::Null, -32700, "Parse error")
                        .to_string()
                        .as_bytes(),
                ));
            }
            Read::End => return,
        }
    }
}

enum Read {
    Message(Vec<u8>),
    /// Headers without a usable `Content-Length`, or a body too large.
    Bad,
    End,
}

/// One message: headers up to a blank line, then `Content-Length` bytes.
async fn read_message(input: &mut (impl AsyncBufReadExt + Unpin)) -> Read {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        match input.read_line(&mut line).await {
            Ok(0) | Err(_) => return Read::End,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue; // Stray blank lines between messages.
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length else {
        return Read::Bad;
    };
    if length > MAX_MESSAGE {
        // Skip the body without keeping it.
        let mut rest = input.take(length as u64);
        let _ = tokio::io::copy(&mut rest, &mut tokio::io::sink()).await;
        return Read::Bad;
    }
    // Grown as the body arrives, not reserved from the header: a client
    // announcing a huge length and sending little costs little memory.
    let mut body = Vec::with_capacity(length.min(1 << 20));
    match (&mut *input)
        .take(length as u64)
        .read_to_end(&mut body)
        .await
    {
        Ok(n) if n == length => Read::Message(body),
        _ => Read::End,
    }
}

/// Whether a well-formed message is the `exit` notification. Only small
/// messages are looked at: `exit` has no parameters.
fn is_exit(body: &[u8]) -> bool {
    body.len() < 512
        && serde_json::from_slice::<Value>(body)
            .is_ok_and(|v| v.get("method").and_then(Value::as_str) == Some("exit"))
}

/// `None` if the server can decode the message; otherwise the error reply.
fn check_message(body: &[u8]) -> Option<Value> {
    // The common case first, in one pass over the text: a request or
    // notification (a `didChange` may carry a whole file).
    // (A body without `method` decodes as a request with an empty one.)
    if serde_json::from_slice::<Request>(body).is_ok_and(|r| !r.method().is_empty()) {
        return None;
    }
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Some(error_reply(Value::Null, -32700, "Parse error"));
    };
    // A response has exactly one of `result` and `error`; a message with
    // neither (nor a method) is no message at all, and is owed an error
    // rather than being taken for an empty response.
    let is_response = value.get("method").is_none()
        && (value.get("result").is_some() != value.get("error").is_some());
    if is_response && serde_json::from_value::<Response>(value.clone()).is_ok() {
        return None;
    }
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(Value::Null);
    Some(error_reply(id, -32600, "Invalid request"))
}

fn error_reply(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Pass the server's messages on whole, so replies from here never split one.
async fn relay(from_server: impl AsyncRead + Unpin, frames: mpsc::UnboundedSender<Vec<u8>>) {
    let mut from_server = BufReader::new(from_server);
    loop {
        match read_message(&mut from_server).await {
            Read::Message(body) => {
                if frames.send(frame(&body)).is_err() {
                    return;
                }
            }
            Read::Bad => {}
            Read::End => return,
        }
    }
}

async fn write_frames(
    mut pending: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) {
    while let Some(frame) = pending.recv().await {
        if output.write_all(&frame).await.is_err() || output.flush().await.is_err() {
            return; // The client has gone.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_messages_pass() {
        assert!(
            check_message(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
                .is_none()
        );
        assert!(check_message(br#"{"jsonrpc":"2.0","method":"exit"}"#).is_none());
        assert!(check_message(br#"{"jsonrpc":"2.0","id":4,"result":null}"#).is_none());
    }

    #[test]
    fn malformed_messages_get_the_right_error() {
        assert_eq!(
            check_message(b"{\"jsonrpc\": ").unwrap()["error"]["code"],
            -32700
        );
        assert_eq!(check_message(b"\xff\xfe").unwrap()["error"]["code"], -32700);
        let invalid = check_message(br#"{"jsonrpc":"1.0","id":7,"method":"initialize"}"#).unwrap();
        assert_eq!(invalid["error"]["code"], -32600);
        assert_eq!(invalid["id"], 7);
        assert_eq!(check_message(b"[1,2,3]").unwrap()["id"], Value::Null);
    }

    #[test]
    fn an_id_without_a_method_or_result_is_an_invalid_request() {
        let invalid = check_message(br#"{"jsonrpc":"2.0","id":78}"#).unwrap();
        assert_eq!(invalid["error"]["code"], -32600);
        assert_eq!(invalid["id"], 78);
        assert!(
            check_message(br#"{"jsonrpc":"2.0","id":78,"error":{"code":1,"message":"no"}}"#)
                .is_none()
        );
    }

    #[tokio::test]
    async fn a_body_shorter_than_a_huge_announced_length_ends_the_input() {
        // 200 MB announced, three bytes sent: the read ends at the end of
        // input without having allocated the announced length.
        let input: &[u8] = b"Content-Length: 209715200\r\n\r\n{}x";
        let mut input = BufReader::new(input);
        assert!(matches!(read_message(&mut input).await, Read::End));
    }

    #[test]
    fn only_the_exit_notification_is_exit() {
        assert!(is_exit(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert!(!is_exit(br#"{"jsonrpc":"2.0","method":"shutdown","id":1}"#));
    }

    #[tokio::test]
    async fn headers_without_a_length_are_bad_and_reading_goes_on() {
        let input: &[u8] = b"Content-Type: x\r\n\r\nContent-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}";
        let mut input = BufReader::new(input);
        assert!(matches!(read_message(&mut input).await, Read::Bad));
        assert!(matches!(read_message(&mut input).await, Read::Message(body) if body == b"{}"));
        assert!(matches!(read_message(&mut input).await, Read::End));
    }
}
