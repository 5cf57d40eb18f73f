//! Random editing sessions as the bytes a client would send: documents
//! opened, changed at arbitrary ranges and closed, requests at arbitrary
//! positions, and malformed frames mixed in. Shared by the seeded test in
//! `tests/random_sessions.rs` and the fuzz target `fuzz/fuzz_targets/lsp.rs`
//! (which includes this file by path), so it depends on `serde_json` only.
//!
//! Every choice comes from a [`Choices`]: a seeded generator for the test,
//! the fuzzer's bytes for the fuzz target. The script records what the
//! server owes in return: a reply for every request id, and one reply with
//! a null id for every malformed frame.

#![allow(dead_code, reason = "each user takes a different part")]

use serde_json::{json, Value};

/// Where the choices come from.
pub trait Choices {
    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize;
    /// Some text: pieces of policies, odd characters, line breaks.
    fn text(&mut self) -> String;
}

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same sessions on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// What random text is made of: statements and pieces of statements,
/// brackets and quotes that do not match, characters wider than a byte
/// or than one UTF-16 unit, and every kind of line break.
const PIECES: &[&str] = &[
    "policy \"P\" {\n  owner: \"Org\"\n  review: 2027-04-01\n}\n",
    "framework \"F\" {\n  owner: \"Board\"\n  review: 2027-04-01\n}\n",
    "  conforms to: \"framework.sup\"\n",
    "group g: staff where level >= 3\n",
    "group h \"label\": g where tags has asye\n",
    "rule r: require one_to_one for g: every 2 weeks\n",
    "rule s: require one_to_one for h: at least 30 minutes per week\n",
    "calendar terms {\n  autumn: 2025-09-01 to 2025-12-19\n}\n",
    "roles: social_worker, team_manager\n",
    "tags: asye\n",
    "extend staff {\n  days: optional number\n}\n",
    "rule t: access personal_supervision records {\n  allow team_manager for supervision\n}\n",
    "(",
    ")",
    "not ",
    "\"",
    "{",
    "}",
    ":",
    "# comment\n",
    "é",
    "😀",
    "\r\n",
    "\r",
    "\n",
    "\t",
    " ",
    "g",
    "staff",
    "where ",
    "every ",
    "2027-02-30",
];

impl Choices for Rng {
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn text(&mut self) -> String {
        let mut text = String::new();
        for _ in 0..self.below(6) {
            if self.below(8) == 0 {
                // Any character at all, controls and surrogate-free
                // planes included.
                let c = char::from_u32(self.below(0x11_0000) as u32).unwrap_or('\u{fffd}');
                text.push(c);
            } else {
                text.push_str(PIECES[self.below(PIECES.len())]);
            }
        }
        text
    }
}

/// Choices read from a fuzzer's input, one or two bytes at a time; once the
/// input is used up every choice is 0.
pub struct Bytes<'a>(pub &'a [u8]);

impl Choices for Bytes<'_> {
    fn below(&mut self, n: usize) -> usize {
        let wide = n > 256;
        let take = if wide { 2 } else { 1 };
        let (head, rest) = self.0.split_at(take.min(self.0.len()));
        self.0 = rest;
        let value = head.iter().fold(0usize, |v, b| v << 8 | *b as usize);
        value % n
    }

    fn text(&mut self) -> String {
        // A length, then that many bytes taken as text (invalid UTF-8
        // replaced), or a piece when the length byte says so.
        let length = self.below(256);
        if length >= 224 {
            return PIECES[(length - 224) % PIECES.len()].to_string();
        }
        let (head, rest) = self.0.split_at(length.min(self.0.len()));
        self.0 = rest;
        String::from_utf8_lossy(head).into_owned()
    }
}

/// The documents sessions use: files, an unsaved buffer, and URIs that are
/// not files at all.
pub const URIS: &[&str] = &[
    "file:///sessions/a.sup",
    "file:///sessions/framework.sup",
    "untitled:Untitled-1",
    "http://example.com/x.sup",
];

/// The bytes of one session and what the server owes for them.
#[derive(Default)]
pub struct Script {
    pub bytes: Vec<u8>,
    /// The id of every request sent: each is owed exactly one reply.
    pub requests: Vec<String>,
    /// How many replies with a null id are owed (one per malformed frame).
    pub null_replies: usize,
    /// The version last sent for each of [`URIS`]; 0 when not open.
    versions: [i32; 4],
    /// Whether the last frame sent had a body that is not JSON: a line
    /// that is no header right after it is taken for the rest of that
    /// body, and not answered again (see `transport.rs`).
    after_unparsable: bool,
    /// Whether the server is looking for the next `Content-Length:` after
    /// a bad frame: frames without one are skipped whole, unanswered.
    resyncing: bool,
    next_id: u64,
}

/// Frame a body as a client does.
pub fn frame(body: &str) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

impl Script {
    pub fn new() -> Self {
        Script::default()
    }

    fn send(&mut self, message: Value) {
        self.bytes.extend(frame(&message.to_string()));
        self.after_unparsable = false;
        self.resyncing = false;
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) {
        self.next_id += 1;
        let id = format!("r{}", self.next_id);
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.requests.push(id);
    }

    /// `initialize` and `initialized`, with a fixed date.
    pub fn start(&mut self, options: Value) {
        self.next_id += 1;
        let id = format!("r{}", self.next_id);
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": "initialize",
            "params": { "processId": null, "rootUri": null, "capabilities": {},
                "initializationOptions": options } }));
        self.requests.push(id);
        self.notify("initialized", json!({}));
    }

    /// `shutdown` (id `"shutdown"`, not counted in [`Script::requests`]).
    pub fn shutdown(&mut self) {
        self.send(json!({ "jsonrpc": "2.0", "id": "shutdown", "method": "shutdown" }));
    }

    pub fn exit(&mut self) {
        self.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    }

    /// A position anywhere: in the text, past the ends of lines and of the
    /// file, or at the largest value the protocol allows.
    fn position(choices: &mut impl Choices) -> Value {
        let mut coordinate = |scale: usize| match choices.below(10) {
            0 => u32::MAX as usize,
            _ => choices.below(scale),
        };
        json!({ "line": coordinate(40), "character": coordinate(80) })
    }

    fn range(choices: &mut impl Choices) -> Value {
        json!({ "start": Self::position(choices), "end": Self::position(choices) })
    }

    /// One edit sequence: a few messages about one document, or a
    /// malformed frame.
    pub fn sequence(&mut self, choices: &mut impl Choices, texts: &[String]) {
        let doc = choices.below(URIS.len());
        let uri = URIS[doc];
        if self.versions[doc] == 0 || choices.below(20) == 0 {
            let text = match texts.len() {
                0 => choices.text(),
                n => {
                    let mut text = texts[choices.below(n)].clone();
                    let at = floor_char_boundary(&text, choices.below(text.len() + 1));
                    text.insert_str(at, &choices.text());
                    text
                }
            };
            self.versions[doc] += 1;
            let version = self.versions[doc];
            self.notify(
                "textDocument/didOpen",
                json!({ "textDocument": { "uri": uri, "languageId": "sup", "version": version, "text": text } }),
            );
        }
        for _ in 0..1 + choices.below(3) {
            self.message(choices, doc);
        }
    }

    fn message(&mut self, choices: &mut impl Choices, doc: usize) {
        let uri = URIS[doc];
        let document = json!({ "uri": uri });
        match choices.below(24) {
            0..=5 => {
                // Mostly newer versions; now and then a stale one.
                let version = match choices.below(8) {
                    0 => self.versions[doc],
                    _ => self.versions[doc] + 1,
                };
                self.versions[doc] = self.versions[doc].max(version);
                let mut changes = Vec::new();
                for _ in 0..1 + choices.below(2) {
                    changes.push(match choices.below(6) {
                        0 => json!({ "text": choices.text() }),
                        _ => json!({ "range": Self::range(choices), "text": choices.text() }),
                    });
                }
                self.notify(
                    "textDocument/didChange",
                    json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
                );
            }
            6 => {
                self.notify("textDocument/didClose", json!({ "textDocument": document }));
                self.versions[doc] = 0;
            }
            7 => self.notify("textDocument/didSave", json!({ "textDocument": document })),
            8..=18 => {
                let at = json!({ "textDocument": document, "position": Self::position(choices) });
                let (method, params) = match choices.below(15) {
                    0 => ("textDocument/hover", at),
                    1 => ("textDocument/completion", at),
                    2 => ("textDocument/definition", at),
                    3 => ("textDocument/documentHighlight", at),
                    4 => ("textDocument/prepareRename", at),
                    5 => {
                        let mut params = at;
                        params["context"] = json!({ "includeDeclaration": choices.below(2) == 0 });
                        ("textDocument/references", params)
                    }
                    6 => {
                        let mut params = at;
                        params["newName"] =
                            json!(["renamed", "x", "", "two words", "é"][choices.below(5)]);
                        ("textDocument/rename", params)
                    }
                    7 => (
                        "textDocument/documentSymbol",
                        json!({ "textDocument": document }),
                    ),
                    8 => (
                        "textDocument/foldingRange",
                        json!({ "textDocument": document }),
                    ),
                    9 => (
                        "textDocument/semanticTokens/full",
                        json!({ "textDocument": document }),
                    ),
                    10 => (
                        "textDocument/semanticTokens/range",
                        json!({ "textDocument": document, "range": Self::range(choices) }),
                    ),
                    11 => (
                        "textDocument/inlayHint",
                        json!({ "textDocument": document, "range": Self::range(choices) }),
                    ),
                    12 => (
                        "textDocument/codeAction",
                        json!({ "textDocument": document, "range": Self::range(choices),
                            "context": { "diagnostics": [] } }),
                    ),
                    13 => (
                        "textDocument/formatting",
                        json!({ "textDocument": document,
                            "options": { "tabSize": 2, "insertSpaces": true } }),
                    ),
                    _ => (
                        "workspace/didChangeConfiguration",
                        json!({ "settings": { "sup": { "today": "2026-11-22", "debounceMs": choices.below(3) } } }),
                    ),
                };
                if method.starts_with("workspace/") {
                    self.notify(method, params);
                } else {
                    self.request(method, params);
                }
            }
            _ => self.malformed(choices),
        }
    }

    /// A frame a broken client might send. Each is owed one reply: with a
    /// null id when the frame (or its id) cannot be read, else with its id.
    fn malformed(&mut self, choices: &mut impl Choices) {
        let body = r#"{"jsonrpc":"2.0","method":"sup/ignored"}"#;
        let mut unparsable = false;
        let mut owed = 1;
        // All but an unparsable body make the server resynchronise.
        let mut resync = true;
        let null_frame: Vec<u8> = match choices.below(9) {
            0 => {
                unparsable = true;
                resync = false;
                frame("{\"jsonrpc\": ")
            }
            1 => format!("Content-Length: abc\r\n\r\n{body}").into_bytes(),
            2 => {
                if self.resyncing {
                    owed = 0;
                }
                format!("Content-Type: application/vscode-jsonrpc\r\n\r\n{body}").into_bytes()
            }
            3 => {
                if self.after_unparsable || self.resyncing {
                    owed = 0;
                }
                b"X-Note: caf\xe9\r\n".to_vec()
            }
            // The rest of the body is garbage where headers should be:
            // one reply in all.
            4 => format!("Content-Length: 7\r\n\r\n{body}").into_bytes(),
            5 => b"Content-Length: 18446744073709551615\r\n\r\n".to_vec(),
            6 => {
                // Any bytes, made unparsable by a leading NUL.
                let mut text = String::from("\0");
                text.push_str(&choices.text());
                unparsable = true;
                resync = false;
                frame(&text)
            }
            7 => {
                self.next_id += 1;
                let id = format!("bad{}", self.next_id);
                self.requests.push(id.clone());
                self.send(json!({ "jsonrpc": "2.0", "id": id, "method": 5 }));
                return;
            }
            _ => {
                self.request("textDocument/hover", json!({ "textDocument": 3 }));
                return;
            }
        };
        self.bytes.extend(null_frame);
        self.null_replies += owed;
        self.after_unparsable = unparsable;
        self.resyncing = resync;
    }
}

/// The largest char boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
