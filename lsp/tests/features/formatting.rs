//! Formatting: the same layout as `sup fmt`, as one small edit; a file
//! with syntax errors is left alone.

use serde_json::{json, Value};
use sup_lsp::convert::{Encoding, LineIndex};

use crate::common::{range_of, TestClient};
use crate::URI;

fn apply(text: &str, edits: &Value) -> String {
    let index = LineIndex::new(text, Encoding::Utf16);
    let mut out = text.to_string();
    // Edits do not overlap; apply from the end so offsets stay valid.
    let mut edits: Vec<_> = edits.as_array().unwrap().iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(index.offset(text, range_of(&e["range"]).start)));
    for edit in edits {
        let span = index.span(text, range_of(&edit["range"]));
        out.replace_range(span.range(), edit["newText"].as_str().unwrap());
    }
    out
}

async fn format(text: &str) -> Value {
    let mut client = TestClient::start().await;
    client.open(URI, text).await;
    client
        .request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .await
}

#[tokio::test]
async fn formatting_gives_the_same_text_as_sup_fmt() {
    let messy = "# café — a policy\npolicy   \"P\"   {\n owner:\"Org\"\n   review: 2027-01-01 }\ngroup   g : staff   where level>=2   # seniors\nrule r:require one_to_one for g:every 2 weeks\n";
    let edits = format(messy).await;
    let formatted = apply(messy, &edits);
    assert_eq!(formatted, sup::format::format(messy).unwrap());
    insta::assert_snapshot!(formatted);
}

#[tokio::test]
async fn a_formatted_file_gets_no_edits() {
    let clean = sup::format::format(crate::POLICY).unwrap();
    assert!(format(&clean).await.is_null());
}

#[tokio::test]
async fn a_file_with_syntax_errors_is_left_alone() {
    assert!(
        format("group g: staff where\nrule r: require x for g: every\n")
            .await
            .is_null()
    );
}

/// A Windows file keeps its CRLF line ends: a tidy one gets no edits, and
/// a messy one is laid out as `sup fmt` would, with `\r\n` still between
/// its lines, not rewritten whole with `\n`.
#[tokio::test]
async fn a_crlf_file_keeps_its_line_ends() {
    let clean = sup::format::format(crate::POLICY)
        .unwrap()
        .replace('\n', "\r\n");
    assert!(format(&clean).await.is_null());

    let messy = "group   a: staff\r\nrule x:   require one_to_one for a: every 2 weeks\r\n";
    let edits = format(messy).await;
    let formatted = apply(messy, &edits);
    assert_eq!(
        formatted,
        sup::format::format(messy).unwrap().replace('\n', "\r\n")
    );
}
