//! Hover: rules in plain English, names with their definitions, keywords,
//! units and dates explained.

use serde_json::Value;

use crate::common::{at, cursor, draw, mark, range_of, TestClient};
use crate::{POLICY, URI};

/// Hover at the `|` in `marked` and render the answer under the source.
async fn hover(marked: &str) -> String {
    let mut client = TestClient::start().await;
    let (text, position) = cursor(marked, client.encoding);
    client.open(URI, &text).await;
    let result = client
        .request("textDocument/hover", at(URI, position))
        .await;
    if result.is_null() {
        return format!(
            "{}----- HOVER\n(none)\n",
            draw(&text, client.encoding, Some(position), &[])
        );
    }
    let ranges = match result.get("range") {
        Some(r) if !r.is_null() => vec![(range_of(r), String::new())],
        _ => Vec::new(),
    };
    let value = match &result["contents"] {
        Value::Object(o) => o["value"].as_str().unwrap_or("").to_string(),
        other => other.to_string(),
    };
    format!(
        "{}----- HOVER\n{value}\n",
        draw(&text, client.encoding, Some(position), &ranges)
    )
}

#[tokio::test]
async fn a_rule_name_reads_as_plain_english() {
    insta::assert_snapshot!(hover(&mark(POLICY, "rule nqsw_fort|nightly")).await);
}

#[tokio::test]
async fn a_waivable_rule_says_who_may_approve_a_departure() {
    let text = "roles: service_manager\ngroup all_staff: staff\nrule monthly: require one_to_one for all_staff: at least 1 per month, waivable by service_manager\n";
    insta::assert_snapshot!(hover(&mark(text, "rule mon|thly")).await);
}

#[tokio::test]
async fn a_group_shows_its_definition_and_the_comment_above_it() {
    let text = "# \"Newly qualified social workers\" (Formal 1:1 supervision)\ngroup nqsw \"newly qualified\": staff where tags has asye\ntags: asye\nrule r: require one_to_one for nqsw: every 1 week\n";
    insta::assert_snapshot!(hover(&mark(text, "for nq|sw:")).await);
}

#[tokio::test]
async fn a_prelude_table_shows_its_prelude_definition() {
    insta::assert_snapshot!(hover(&mark(POLICY, "\"everyone\": st|aff")).await);
}

#[tokio::test]
async fn a_column_in_a_condition_shows_its_type() {
    insta::assert_snapshot!(hover(&mark(POLICY, "supervisor.ro|le")).await);
}

#[tokio::test]
async fn a_value_names_its_list() {
    insta::assert_snapshot!(hover(&mark(POLICY, "is team_man|ager")).await);
}

#[tokio::test]
async fn a_calendar_summarises_its_periods() {
    insta::assert_snapshot!(hover(&mark(POLICY, "in each half_t|erm")).await);
}

#[tokio::test]
async fn a_session_kind_is_an_activity() {
    insta::assert_snapshot!(hover(&mark(POLICY, "require one_to_|one for nqsw")).await);
}

#[tokio::test]
async fn a_unit_is_explained() {
    insta::assert_snapshot!(hover(&mark(POLICY, "every 2 we|eks")).await);
}

#[tokio::test]
async fn working_days_read_as_one_unit() {
    let text =
        "group g: staff\nrule r: deadline sessions: recorded within 5 working da|ys of start\n";
    insta::assert_snapshot!(hover(text).await);
}

#[tokio::test]
async fn a_keyword_is_explained() {
    insta::assert_snapshot!(hover(&mark(POLICY, "eligible super|visor of")).await);
}

#[tokio::test]
async fn a_period_after_per_is_explained() {
    insta::assert_snapshot!(hover(&mark(POLICY, "per we|ek")).await);
}

#[tokio::test]
async fn a_header_field_is_explained() {
    insta::assert_snapshot!(hover(&mark(POLICY, "rev|iew: 2027")).await);
}

#[tokio::test]
async fn a_date_reads_as_a_day() {
    insta::assert_snapshot!(hover(&mark(POLICY, "2027-04-|01")).await);
}

#[tokio::test]
async fn a_comment_has_no_hover() {
    insta::assert_snapshot!(hover(&mark(POLICY, "caf|é")).await);
}

#[tokio::test]
async fn hover_after_non_ascii_text_finds_the_right_word() {
    // `—` and `é` before the cursor: a UTF-16 column counts each as one.
    let text = "# café — x\ngroup g \"é — é\": st|aff\n";
    insta::assert_snapshot!(hover(text).await);
}

/// On every rule of the shipped policies, the hover says what `sup describe`
/// says of that rule, word for word: the same sentence and the same notes.
#[tokio::test]
async fn every_shipped_rule_hovers_with_its_sup_describe_line() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sup"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    let mut client = TestClient::start().await;
    let mut compared = 0;
    for path in files {
        let path = std::fs::canonicalize(path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = sup_eval::workspace::check_source(&path, "policy.sup", text.clone(), None);
        let described = sup::describe::describe(&loaded.checked.policy);
        let uri = tower_lsp_server::ls_types::Uri::from_file_path(&path)
            .unwrap()
            .as_str()
            .to_string();
        client.open(&uri, &text).await;
        for rule in &loaded.checked.policy.rules {
            let (_, position) = cursor(
                &mark(&text, &format!("rule {}|", rule.name)),
                client.encoding,
            );
            let result = client
                .request("textDocument/hover", at(&uri, position))
                .await;
            let value = result["contents"]["value"].as_str().unwrap_or_default();
            let (_, sentence) = value
                .split_once("\n\n")
                .unwrap_or_else(|| panic!("no sentence for `{}`: {value}", rule.name));
            let line = format!("- `{}`: {sentence}\n", rule.name);
            assert!(
                described.contains(&line),
                "{}: `{}` hovers with\n{sentence}\nwhich `sup describe` does not say",
                path.display(),
                rule.name
            );
            compared += 1;
        }
    }
    // The shipped policies hold dozens of rules; none may be skipped.
    assert!(compared > 50, "only {compared} rules compared");
}

/// A list of values has no symbol of its own, only its values do; its name
/// is still explained, where declared and where a column uses it.
#[tokio::test]
async fn a_list_of_values_shows_its_values() {
    let text = "values of rag: red, amber, green\nextend staff {\n  rating: optional one of rag\n  marks: optional set of rag\n  grade: one of role\n}\n";
    let mut shown = String::new();
    for needle in [
        "values of ra|g",
        "optional one of ra|g",
        "set of ra|g",
        "one of ro|le",
    ] {
        shown.push_str(&hover(&mark(text, needle)).await);
    }
    insta::assert_snapshot!(shown);
}

#[tokio::test]
async fn a_labelled_column_and_value_show_their_labels() {
    let text = "registrations: swe \"registration with Social Work England\"\nextend sessions {\n  given_for_signature: optional date \"supervisee's signature requested\"\n}\ngroup registered: staff where registrations has swe\nrule r: deadline sessions: given_for_signature within 5 working days of start\n";
    insta::assert_snapshot!(hover(&mark(text, "sessions: given_for_sig|nature within")).await);
    insta::assert_snapshot!(hover(&mark(text, "has s|we")).await);
}

#[tokio::test]
async fn a_standing_check_reads_as_plain_english() {
    let text = "extend sessions {\n  booked: optional datetime\n}\ngroup all_staff: staff\nrule ahead: every member of all_staff: one_to_one booked within the next 3 months\n";
    insta::assert_snapshot!(hover(&mark(text, "rule ah|ead")).await);
}

#[tokio::test]
async fn a_relationship_in_an_access_rule_shows_its_column_and_the_rule_reads_it() {
    let source = format!(
        "{POLICY}rule files: access personal_supervision records {{\n  allow subject for any\n  allow supervisor, supervisor.line_man|ager for supervision\n}}\n"
    );
    let step = hover(&source).await;
    assert!(
        step.contains("**column** `line_manager`") && step.contains("A column of `staff`"),
        "{step}"
    );
    let rule = hover(
        &source
            .replace("line_man|ager", "line_manager")
            .replace("rule fi", "rule f|i"),
    )
    .await;
    assert!(
        rule.contains("their supervisor's line manager at the time"),
        "{rule}"
    );
}
