//! The outline (document symbols) and folding ranges.

use serde_json::{json, Value};

use crate::common::{draw, range_of, TestClient};
use crate::{POLICY, URI};

fn symbol_kind(kind: &Value) -> &'static str {
    match kind.as_u64().unwrap_or(0) {
        2 => "module",
        3 => "namespace",
        7 => "property",
        8 => "field",
        10 => "enum",
        12 => "function",
        14 => "constant",
        19 => "object",
        22 => "enum member",
        23 => "struct",
        24 => "event",
        _ => "?",
    }
}

fn outline(symbols: &Value, depth: usize, out: &mut String) {
    for s in symbols.as_array().unwrap() {
        let detail = s["detail"]
            .as_str()
            .map(|d| format!(" — {d}"))
            .unwrap_or_default();
        let range = range_of(&s["range"]);
        out.push_str(&format!(
            "{}{} ({}){detail}  [lines {}-{}]\n",
            "  ".repeat(depth),
            s["name"].as_str().unwrap(),
            symbol_kind(&s["kind"]),
            range.start.line + 1,
            range.end.line + 1
        ));
        if let Some(children) = s.get("children") {
            outline(children, depth + 1, out);
        }
    }
}

#[tokio::test]
async fn the_outline_lists_every_statement() {
    let mut client = TestClient::start().await;
    client.open(URI, POLICY).await;
    let result = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let mut out = String::new();
    outline(&result, 0, &mut out);
    insta::assert_snapshot!(out);
}

#[tokio::test]
async fn a_broken_statement_leaves_the_rest_of_the_outline() {
    let mut client = TestClient::start().await;
    let text = "group a: staff where\ngroup b: staff\nrule r: require one_to_one for b: at least\nrule s: require one_to_one for b: every 1 week\n";
    client.open(URI, text).await;
    let result = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let mut out = String::new();
    outline(&result, 0, &mut out);
    insta::assert_snapshot!(out);
}

#[tokio::test]
async fn blocks_comments_and_sections_fold() {
    let text = "# ---------------------------------------------------------------- groups\n\n# a comment\n# on two lines\ngroup a: staff\n\n# ---------------------------------------------------------------- rules\n\nrule r: eligible supervisor for a {\n  supervisor.level >= 3\n}\n";
    let mut client = TestClient::start().await;
    client.open(URI, text).await;
    let result = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let ranges: Vec<_> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let start = f["startLine"].as_u64().unwrap() as u32;
            let end = f["endLine"].as_u64().unwrap() as u32;
            let range = tower_lsp_server::ls_types::Range::new(
                tower_lsp_server::ls_types::Position::new(start, 0),
                tower_lsp_server::ls_types::Position::new(end, 1),
            );
            (range, f["kind"].as_str().unwrap_or("block").to_string())
        })
        .collect();
    // One picture per fold, so they do not run together.
    let pictures: Vec<String> = ranges
        .iter()
        .map(|r| draw(text, client.encoding, None, std::slice::from_ref(r)))
        .collect();
    insta::assert_snapshot!(pictures.join("\n"));
}
