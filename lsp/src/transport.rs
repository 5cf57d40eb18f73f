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
//!
//! Broken framing is recovered from too (`Framer`): a frame whose headers
//! cannot be used is answered once and reading resumes at the next
//! `Content-Length:`, so one bad frame costs only itself and `exit` is
//! always seen.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message accepted; anything bigger is refused, not buffered.
const MAX_MESSAGE: usize = 256 << 20;

/// How many messages the server handles at once; the next waits for one of
/// them to finish. Requests run on blocking threads and give up after
/// `server::REQUEST_TIMEOUT`, so a few slow ones cannot keep `shutdown`
/// waiting (tower-lsp-server's default is 4).
const MAX_CONCURRENT: usize = 64;

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
        tower_lsp_server::Server::new(server_input, server_output, socket)
            .concurrency_level(MAX_CONCURRENT)
            .serve(service),
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
    let mut input = Framer::new(input);
    // Whether the last frame's body was not JSON: a `Content-Length` too
    // short leaves the rest of that body where the next headers should be,
    // and that one mistake is answered once, not twice (garbage right after
    // an unparsable body is taken for the rest of it).
    let mut after_unparsable = false;
    loop {
        match input.next().await {
            Read::Message(body) => {
                if let Some(error) = check_message(&body) {
                    after_unparsable = error
                        .get("error")
                        .and_then(|e| e.get("code"))
                        .and_then(serde_json::Value::as_i64)
                        == Some(-32700);
                    let _ = replies.send(frame(error.to_string().as_bytes()));
                    continue;
                }
                after_unparsable = false;
                if to_server.write_all(&frame(&body)).await.is_err()
                    || to_server.flush().await.is_err()
                {
                    return; // The server has ended.
                }
                if is_exit(&body) {
                    return;
                }
            }
            Read::Bad { garbage } => {
                if !(std::mem::take(&mut after_unparsable) && garbage) {
                    let _ = replies.send(frame(
                        error_reply(Value::Null, -32700, "Parse error")
                            .to_string()
                            .as_bytes(),
                    ));
                }
            }
            Read::End => return,
        }
    }
}

enum Read {
    Message(Vec<u8>),
    /// Headers without a usable `Content-Length`, or a body too large.
    /// `garbage` if the first bad line was no header at all (not UTF-8, not
    /// `Name: value`, too long): what a body longer than its
    /// `Content-Length` leaves behind.
    Bad {
        garbage: bool,
    },
    End,
}

/// The longest header line read; a longer one is a bad header.
const MAX_HEADER_LINE: usize = 8 << 10;

/// The largest body skipped byte for byte when it is over [`MAX_MESSAGE`]:
/// a client may really send one that big. A larger length is taken for a
/// corrupt header instead, and the input resynchronised, since skipping it
/// would swallow everything the client sends after.
const MAX_SKIPPED: u64 = 1 << 30;

/// The header that starts every message, looked for when resynchronising.
const LENGTH_HEADER: &[u8] = b"content-length:";

/// Messages read from a byte stream, with recovery from broken framing.
///
/// A message is headers up to a blank line, then `Content-Length` bytes.
/// After bad headers (no usable `Content-Length`, a header line that is not
/// UTF-8 or not `Name: value`, one too long) the bytes that follow cannot be
/// trusted to start a message, so reading resumes at the next
/// `Content-Length:` in the input (also one glued to the end of the bad
/// frame's body, which is where a wrong length leaves it).
struct Framer<R> {
    input: R,
    /// Bytes read and not yet used are `buf[pos..]`.
    buf: Vec<u8>,
    pos: usize,
    /// Whether the next read must first look for a `Content-Length:`.
    resync: bool,
}

impl<R: AsyncRead + Unpin> Framer<R> {
    fn new(input: R) -> Self {
        Framer {
            input,
            buf: Vec::new(),
            pos: 0,
            resync: false,
        }
    }

    /// Read more input; false at its end (or on a read error).
    async fn fill(&mut self) -> bool {
        if self.pos > 0 && self.pos * 2 >= self.buf.len() {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let mut chunk = [0u8; 8 << 10];
        match self.input.read(&mut chunk).await {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                self.buf
                    .extend_from_slice(chunk.get(..n).unwrap_or_default());
                true
            }
        }
    }

    /// The next message, `Bad` for each broken frame, or `End`.
    async fn next(&mut self) -> Read {
        if self.resync {
            if !self.skip_to_length_header().await {
                return Read::End;
            }
            self.resync = false;
        }
        let length = match self.headers().await {
            Headers::Length(length) => length,
            Headers::Bad { resume_at, garbage } => {
                self.pos = resume_at;
                self.resync = true;
                return Read::Bad { garbage };
            }
            Headers::End => return Read::End,
        };
        if length > MAX_MESSAGE as u64 {
            if length > MAX_SKIPPED {
                self.resync = true;
                return Read::Bad { garbage: false };
            }
            // Skip the body without keeping it.
            return match self.take(length, false).await {
                Some(_) => Read::Bad { garbage: false },
                None => Read::End,
            };
        }
        match self.take(length, true).await {
            Some(body) => Read::Message(body),
            None => Read::End,
        }
    }

    /// The next `length` bytes (kept only if `keep`); `None` if the input
    /// ends first. The body grows as it arrives, not reserved from the
    /// header: a client announcing a huge length and sending little costs
    /// little memory.
    async fn take(&mut self, length: u64, keep: bool) -> Option<Vec<u8>> {
        let mut body = Vec::new();
        let mut left = length;
        loop {
            let available = (self.buf.len() - self.pos) as u64;
            let n = available.min(left) as usize;
            if keep {
                body.extend_from_slice(self.buf.get(self.pos..self.pos + n).unwrap_or_default());
            }
            self.pos += n;
            left -= n as u64;
            if left == 0 {
                return Some(body);
            }
            if !self.fill().await {
                return None;
            }
        }
    }

    /// Skip input up to the next `Content-Length:` (any case); false if
    /// the input ends first.
    async fn skip_to_length_header(&mut self) -> bool {
        loop {
            let rest = self.buf.get(self.pos..).unwrap_or_default();
            if let Some(at) = rest
                .windows(LENGTH_HEADER.len())
                .position(|w| w.eq_ignore_ascii_case(LENGTH_HEADER))
            {
                self.pos += at;
                return true;
            }
            // Keep a tail that may be the start of the header.
            self.pos += rest.len().saturating_sub(LENGTH_HEADER.len() - 1);
            if !self.fill().await {
                return false;
            }
        }
    }

    /// The next line, without its line break, and where it started;
    /// `Err` with its start if it is longer than [`MAX_HEADER_LINE`].
    async fn line(&mut self) -> Option<std::result::Result<(usize, Vec<u8>), usize>> {
        loop {
            let start = self.pos;
            let rest = self.buf.get(start..).unwrap_or_default();
            if let Some(at) = rest.iter().position(|&b| b == b'\n') {
                self.pos = start + at + 1;
                if at > MAX_HEADER_LINE {
                    return Some(Err(start));
                }
                let mut line = rest.get(..at).unwrap_or_default().to_vec();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Some(Ok((start, line)));
            }
            if self.buf.len() - start > MAX_HEADER_LINE {
                return Some(Err(start));
            }
            if !self.fill().await {
                return None;
            }
        }
    }

    /// Read headers up to the blank line that ends them.
    async fn headers(&mut self) -> Headers {
        let mut length: Option<u64> = None;
        let mut saw_header = false;
        loop {
            let (start, line) = match self.line().await {
                None => return Headers::End,
                // Resume inside the line: it may end in a good header.
                Some(Err(start)) => {
                    return Headers::Bad {
                        resume_at: start + 1,
                        garbage: true,
                    }
                }
                Some(Ok(line)) => line,
            };
            let bad = |garbage| Headers::Bad {
                resume_at: start + 1,
                garbage,
            };
            if line.is_empty() {
                if saw_header {
                    break;
                }
                continue; // Stray blank lines between messages.
            }
            saw_header = true;
            let Ok(line) = std::str::from_utf8(&line) else {
                return bad(true);
            };
            let Some((name, value)) = line.split_once(':') else {
                return bad(true);
            };
            let is_token = |c: char| c.is_ascii_alphanumeric() || "-_.".contains(c);
            if name.is_empty() || !name.chars().all(is_token) {
                return bad(true);
            }
            // A header glued after garbage: resume at it.
            let glued = line
                .as_bytes()
                .get(1..)
                .unwrap_or_default()
                .windows(LENGTH_HEADER.len())
                .any(|w| w.eq_ignore_ascii_case(LENGTH_HEADER));
            if glued {
                return bad(true);
            }
            if name.eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<u64>() {
                    Ok(n) => length = Some(n),
                    Err(_) => return bad(false),
                }
            }
        }
        match length {
            Some(length) => Headers::Length(length),
            // Nothing says where the body ends: resume after the headers.
            None => Headers::Bad {
                resume_at: self.pos,
                garbage: false,
            },
        }
    }
}

enum Headers {
    Length(u64),
    /// Unusable headers; reading resumes by looking for the next
    /// `Content-Length:` from `resume_at` on.
    Bad {
        resume_at: usize,
        garbage: bool,
    },
    End,
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
    let mut from_server = Framer::new(from_server);
    loop {
        match from_server.next().await {
            Read::Message(body) => {
                if frames.send(frame(&body)).is_err() {
                    return;
                }
            }
            Read::Bad { .. } => {}
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

    #[test]
    fn only_the_exit_notification_is_exit() {
        assert!(is_exit(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert!(!is_exit(br#"{"jsonrpc":"2.0","method":"shutdown","id":1}"#));
    }

    /// Every read of `input`, in order, as the test names them.
    async fn reads(input: &[u8]) -> Vec<String> {
        let mut framer = Framer::new(input);
        let mut out = Vec::new();
        loop {
            match framer.next().await {
                Read::Message(body) => out.push(String::from_utf8_lossy(&body).into_owned()),
                Read::Bad { garbage: false } => out.push("BAD".into()),
                Read::Bad { garbage: true } => out.push("GARBAGE".into()),
                Read::End => return out,
            }
        }
    }

    #[tokio::test]
    async fn a_body_shorter_than_a_huge_announced_length_ends_the_input() {
        // 200 MB announced, three bytes sent: the read ends at the end of
        // input without having allocated the announced length.
        let input: &[u8] = b"Content-Length: 209715200\r\n\r\n{}x";
        assert_eq!(reads(input).await, ["BAD"; 0]);
    }

    #[tokio::test]
    async fn headers_without_a_length_are_bad_and_reading_goes_on() {
        let input: &[u8] = b"Content-Type: x\r\n\r\nContent-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}";
        assert_eq!(reads(input).await, ["BAD", "{}"]);
    }

    #[tokio::test]
    async fn a_bad_length_resynchronises_on_the_next_header() {
        // The bad frame's body is not read as headers: reading resumes at
        // the `Content-Length:` glued to its end.
        for bad in ["abc", "18446744073709551616", "-1", "", "1e3"] {
            let input = format!(
                "Content-Length: {bad}\r\n\r\n{{\"a\":1}}Content-Length: 2\r\n\r\n{{}}content-length: 3\r\n\r\n[1]"
            );
            assert_eq!(reads(input.as_bytes()).await, ["BAD", "{}", "[1]"], "{bad}");
        }
    }

    #[tokio::test]
    async fn a_length_too_short_costs_only_its_own_frame() {
        let input: &[u8] = b"Content-Length: 3\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}";
        assert_eq!(reads(input).await, ["{\"a", "GARBAGE", "{}"]);
    }

    #[tokio::test]
    async fn a_header_line_that_is_not_utf8_is_a_bad_header() {
        let input: &[u8] = b"Content-\xff: 2\r\n\r\n{}Content-Length: 2\r\n\r\n[]";
        assert_eq!(reads(input).await, ["GARBAGE", "[]"]);
        let input: &[u8] = b"\xc3\r\nContent-Length: 2\r\n\r\n[]";
        assert_eq!(reads(input).await, ["GARBAGE", "[]"]);
    }

    #[tokio::test]
    async fn a_length_over_the_cap_skips_exactly_that_body() {
        let over = MAX_MESSAGE + 1;
        let mut input = format!("Content-Length: {over}\r\n\r\n").into_bytes();
        let end = input.len() + over;
        // A body that itself looks like frames: it is skipped, not read.
        let fake = b"Content-Length: 2\r\n\r\n{}";
        while input.len() + fake.len() < end {
            input.extend_from_slice(fake);
        }
        input.resize(end, b' ');
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n[]");
        assert_eq!(reads(&input).await, ["BAD", "[]"]);
    }

    #[tokio::test]
    async fn a_length_too_large_to_skip_resynchronises() {
        let input: &[u8] =
            b"Content-Length: 18446744073709551615\r\n\r\n{}Content-Length: 2\r\n\r\n[]";
        assert_eq!(reads(input).await, ["BAD", "[]"]);
    }

    #[tokio::test]
    async fn an_endless_header_line_is_bad_and_bounded() {
        let mut input = vec![b'x'; 3 * MAX_HEADER_LINE];
        input.extend_from_slice(b"\r\nContent-Length: 2\r\n\r\n[]");
        assert_eq!(reads(&input).await, ["GARBAGE", "[]"]);
    }
}
