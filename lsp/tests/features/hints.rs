//! Inlay hints: how many a year a frequency asks for.

use serde_json::json;
use tower_lsp_server::ls_types::Range;

use crate::common::{draw, TestClient};

#[tokio::test]
async fn frequencies_show_about_how_many_a_year() {
    let text = r#"policy "P" { }
group g: staff
calendar half_term {
  autumn_1: 2025-09-01 to 2025-10-24
  autumn_2: 2025-11-03 to 2025-12-19
  spring_1: 2026-01-05 to 2026-02-13
  spring_2: 2026-02-23 to 2026-03-27
  summer_1: 2026-04-13 to 2026-05-22
  summer_2: 2026-06-01 to 2026-07-22
}
rule fortnightly: require one_to_one for g: every 2 weeks
rule monthly: require one_to_one for g: every 1 month
rule weekly_count: require one_to_one for g: at least 1 per week
rule rolling: require one_to_one for g: at least 6 in any 12 months
rule quarterly: require one_to_one for g: at least 2 per quarter
rule termly: require one_to_one for g: at least once in each half_term
rule time: require one_to_one for g: at least 1 hours per fortnight
rule phased: require one_to_one for g by tenure {
  first 6 weeks: every 1 week
  until 12 months: every 2 weeks
  from 12 months until 24 months: at least 1 per month
  then: every 3 weeks
}
"#;
    let mut client = TestClient::start().await;
    let uri = "file:///tests/hints.sup";
    client.open(uri, text).await;
    let result = client
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 100, "character": 0 } } }),
        )
        .await;
    let hints: Vec<_> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let p: tower_lsp_server::ls_types::Position =
                serde_json::from_value(h["position"].clone()).unwrap();
            (Range::new(p, p), h["label"].as_str().unwrap().to_string())
        })
        .collect();
    insta::assert_snapshot!(draw(text, client.encoding, None, &hints));
}
