//! Semantic tokens: each token's class drawn under the source.

use serde_json::json;
use tower_lsp_server::ls_types::{Position, Range};

use crate::common::{draw, TestClient};

const TYPES: &[&str] = &[
    "keyword",
    "comment",
    "string",
    "number",
    "operator",
    "type",
    "struct",
    "property",
    "class",
    "enumMember",
    "namespace",
    "event",
    "function",
    "parameter",
];

/// Decode the delta-encoded tokens into labelled ranges.
fn decode(data: &[u64]) -> Vec<(Range, String)> {
    let (mut line, mut start) = (0u32, 0u32);
    data.chunks(5)
        .map(|t| {
            let (dl, ds, len, ty, mods) =
                (t[0] as u32, t[1] as u32, t[2] as u32, t[3] as usize, t[4]);
            if dl > 0 {
                line += dl;
                start = ds;
            } else {
                start += ds;
            }
            let mut label = TYPES[ty].to_string();
            if mods & 1 != 0 {
                label.push_str("+decl");
            }
            if mods & 2 != 0 {
                label.push_str("+lib");
            }
            (
                Range::new(Position::new(line, start), Position::new(line, start + len)),
                label,
            )
        })
        .collect()
}

/// One picture per line of source, each token on its own line.
async fn render(text: &str) -> String {
    let mut client = TestClient::start().await;
    let uri = "file:///tests/tokens.sup";
    client.open(uri, text).await;
    let result = client
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    let data: Vec<u64> = result["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let tokens = decode(&data);
    tokens
        .iter()
        .map(|t| draw(text, client.encoding, None, std::slice::from_ref(t)))
        .collect::<Vec<_>>()
        .join("")
}

#[tokio::test]
async fn names_are_classified_by_what_they_name() {
    let text = "# café — note\nroles: lead\ngroup leads \"x\": staff where role is lead and level >= 2\nrule r: require one_to_one for leads: every 2 weeks\n";
    insta::assert_snapshot!(render(text).await);
}

#[tokio::test]
async fn eligibility_paths_and_column_types() {
    let text = "extend staff {\n  mentor: optional ref staff\n}\ngroup g: staff\nrule e: eligible supervisor for g {\n  supervisor.level > supervisee.level\n}\nrule d: deadline sessions: recorded within 5 working days of start\n";
    insta::assert_snapshot!(render(text).await);
}

#[tokio::test]
async fn a_range_request_returns_only_tokens_in_the_range() {
    let mut client = TestClient::start().await;
    client.open(crate::URI, crate::POLICY).await;
    let full = client
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": crate::URI } }),
        )
        .await;
    let range = client
        .request(
            "textDocument/semanticTokens/range",
            json!({ "textDocument": { "uri": crate::URI }, "range": { "start": { "line": 22, "character": 0 }, "end": { "line": 23, "character": 0 } } }),
        )
        .await;
    let (full, part) = (
        full["data"].as_array().unwrap().len(),
        range["data"].as_array().unwrap().len(),
    );
    assert!(part > 0 && part < full, "{part} of {full}");
}
