//! Code actions: the checker's fixes as quick fixes.

use serde_json::json;
use tower_lsp_server::ls_types::Position;

use crate::common::{draw, range_of, TestClient};
use crate::URI;

/// Ask for actions at `line`/`character`, and show each with its edit.
async fn actions(text: &str, position: Position) -> String {
    let mut client = TestClient::start().await;
    client.open(URI, text).await;
    let published = client.diagnostics(URI).await;
    let result = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": URI },
                "range": { "start": position, "end": position },
                "context": { "diagnostics": published["diagnostics"] }
            }),
        )
        .await;
    let mut out = draw(text, client.encoding, Some(position), &[]);
    for action in result.as_array().unwrap() {
        let edit = &action["edit"]["changes"][URI][0];
        out.push_str(&format!(
            "----- {} ({}{}) for {}\n",
            action["title"].as_str().unwrap(),
            action["kind"].as_str().unwrap(),
            if action["isPreferred"] == true {
                ", preferred"
            } else {
                ""
            },
            action["diagnostics"][0]["code"].as_str().unwrap()
        ));
        let label = format!("→ {:?}", edit["newText"].as_str().unwrap());
        out.push_str(&draw(
            text,
            client.encoding,
            None,
            &[(range_of(&edit["range"]), label)],
        ));
    }
    out
}

#[tokio::test]
async fn a_misspelt_group_offers_the_close_name() {
    let text = "policy \"P\" { }\ngroup social_workers: staff\nrule r: require one_to_one for social_wokers: every 2 weeks\n";
    insta::assert_snapshot!(actions(text, Position::new(2, 36)).await);
}

#[tokio::test]
async fn a_missing_unit_can_be_added() {
    let text = "policy \"P\" { }\ngroup g: staff\nrule r: require one_to_one for g: every 2\n";
    insta::assert_snapshot!(actions(text, Position::new(2, 40)).await);
}

#[tokio::test]
async fn a_misspelt_unit_after_non_ascii_text_is_replaced_in_place() {
    let text = "policy \"P — é\" { }\ngroup g \"café\": staff\nrule r: require one_to_one for g: every 2 wekes # — é\n";
    insta::assert_snapshot!(actions(text, Position::new(2, 43)).await);
}

#[tokio::test]
async fn no_actions_away_from_a_diagnostic() {
    let text = "policy \"P\" { }\ngroup social_workers: staff\nrule r: require one_to_one for social_wokers: every 2 weeks\n";
    let out = actions(text, Position::new(1, 2)).await;
    assert!(!out.contains("-----"), "{out}");
}

#[tokio::test]
async fn only_quick_fixes_are_offered_to_a_client_that_asks_for_them() {
    let text = "policy \"P\" { }\ngroup g: staff\nrule r: require one_to_one for g: every 2\n";
    let mut client = TestClient::start().await;
    client.open(URI, text).await;
    let published = client.diagnostics(URI).await;
    let mut titles = Vec::new();
    for only in [
        None,
        Some(json!(["quickfix"])),
        Some(json!([""])),
        Some(json!(["source.organizeImports"])),
        Some(json!(["refactor", "source"])),
    ] {
        let mut context = json!({ "diagnostics": published["diagnostics"] });
        if let Some(only) = &only {
            context["only"] = only.clone();
        }
        let result = client
            .request(
                "textDocument/codeAction",
                json!({
                    "textDocument": { "uri": URI },
                    "range": { "start": Position::new(2, 40), "end": Position::new(2, 40) },
                    "context": context,
                }),
            )
            .await;
        let offered: Vec<&str> = result
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect();
        titles.push(format!(
            "{}: {}",
            only.map_or("(any)".into(), |o| o.to_string()),
            offered.join(", ")
        ));
    }
    insta::assert_snapshot!(titles.join("\n"));
}
