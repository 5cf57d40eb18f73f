//! Completion by context: what fits at the cursor, from the rest of the file.

use crate::common::{at, cursor, draw, TestClient};
use crate::{POLICY, URI};

/// Complete at the `|` in `marked` and list the items under the source.
async fn complete(marked: &str) -> String {
    let mut client = TestClient::start().await;
    let (text, position) = cursor(marked, client.encoding);
    client.open(URI, &text).await;
    let result = client
        .request("textDocument/completion", at(URI, position))
        .await;
    let items = result.as_array().cloned().unwrap_or_default();
    let mut out = draw(&text, client.encoding, Some(position), &[]);
    out.push_str("----- COMPLETIONS\n");
    for item in items {
        let detail = item["detail"]
            .as_str()
            .map(|d| format!(" — {d}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} ({}){detail}\n",
            item["label"].as_str().unwrap(),
            kind(&item["kind"])
        ));
    }
    out
}

fn kind(kind: &serde_json::Value) -> &'static str {
    match kind.as_u64() {
        Some(5) => "field",
        Some(7) => "class",
        Some(10) => "property",
        Some(11) => "unit",
        Some(12) => "value",
        Some(13) => "enum",
        Some(14) => "keyword",
        Some(3) => "function",
        Some(9) => "module",
        Some(20) => "enum member",
        Some(22) => "struct",
        Some(23) => "event",
        Some(25) => "type",
        _ => "?",
    }
}

/// [`POLICY`] with one more line at the end.
fn with_line(line: &str) -> String {
    format!("{POLICY}{line}\n")
}

#[tokio::test]
async fn a_new_line_offers_the_statements() {
    insta::assert_snapshot!(complete(&with_line("|")).await);
}

#[tokio::test]
async fn after_a_rule_name_come_the_rule_families() {
    insta::assert_snapshot!(complete(&with_line("rule r: |")).await);
}

#[tokio::test]
async fn after_require_come_session_kinds_and_activities() {
    insta::assert_snapshot!(complete(&with_line("rule r: require |")).await);
}

#[tokio::test]
async fn after_for_come_the_groups() {
    insta::assert_snapshot!(complete(&with_line("rule r: require one_to_one for |")).await);
}

#[tokio::test]
async fn a_partly_typed_group_is_completed_from_what_comes_before_it() {
    insta::assert_snapshot!(
        complete(&with_line(
            "rule r: require one_to_one or group_supervision for nq|"
        ))
        .await
    );
}

#[tokio::test]
async fn after_a_number_come_the_units() {
    insta::assert_snapshot!(
        complete(&with_line("rule r: require one_to_one for nqsw: every 3 |")).await
    );
}

#[tokio::test]
async fn after_the_amount_of_at_least_come_units_and_windows() {
    insta::assert_snapshot!(
        complete(&with_line(
            "rule r: require one_to_one for nqsw: at least 10 |"
        ))
        .await
    );
}

#[tokio::test]
async fn after_per_come_the_periods() {
    insta::assert_snapshot!(
        complete(&with_line(
            "rule r: require one_to_one for nqsw: at least 2 per |"
        ))
        .await
    );
}

#[tokio::test]
async fn after_in_each_come_the_calendars() {
    insta::assert_snapshot!(
        complete(&with_line(
            "rule r: require one_to_one for nqsw: at least once in each |"
        ))
        .await
    );
}

#[tokio::test]
async fn after_a_finished_requirement_come_the_options() {
    insta::assert_snapshot!(
        complete(&with_line(
            "rule r: require one_to_one for nqsw: every 2 weeks |"
        ))
        .await
    );
}

#[tokio::test]
async fn a_condition_offers_the_columns_of_the_groups_table() {
    insta::assert_snapshot!(complete(&with_line("group g: all_staff where |")).await);
}

#[tokio::test]
async fn after_is_come_the_columns_values() {
    insta::assert_snapshot!(complete(&with_line("group g: all_staff where role is |")).await);
}

#[tokio::test]
async fn after_is_a_datetime_offers_working_hours() {
    insta::assert_snapshot!(complete(&with_line("group g: sessions where start is |")).await);
}

#[tokio::test]
async fn after_has_come_the_sets_values() {
    insta::assert_snapshot!(complete(&with_line("group g: staff where tags has |")).await);
}

#[tokio::test]
async fn after_supervisor_dot_come_staff_columns() {
    let text = format!(
        "{POLICY}rule e: eligible supervisor of one_to_one for nqsw {{\n  supervisor.|\n}}\n"
    );
    insta::assert_snapshot!(complete(&text).await);
}

#[tokio::test]
async fn an_access_rule_offers_roles_then_purposes() {
    let roles = format!("{POLICY}rule a: access appraisal records {{\n  allow |\n}}\n");
    let purposes =
        format!("{POLICY}rule a: access appraisal records {{\n  allow team_manager for |\n}}\n");
    insta::assert_snapshot!(format!(
        "{}\n{}",
        complete(&roles).await,
        complete(&purposes).await
    ));
}

#[tokio::test]
async fn an_access_rule_on_one_line_reads_the_clause_after_the_brace() {
    let clauses = with_line("rule a: access appraisal records { |");
    let denied = with_line("rule a: access appraisal records { deny |");
    insta::assert_snapshot!(format!(
        "{}\n{}",
        complete(&clauses).await,
        complete(&denied).await
    ));
}

#[tokio::test]
async fn retention_offers_record_kinds() {
    insta::assert_snapshot!(complete(&with_line("rule k: retain |")).await);
}

#[tokio::test]
async fn a_header_offers_its_fields() {
    insta::assert_snapshot!(complete("policy \"P\" {\n  owner: \"x\"\n  |\n}\n").await);
}

#[tokio::test]
async fn a_column_declaration_offers_types() {
    insta::assert_snapshot!(complete(&with_line("table reviews {\n  due: |\n}")).await);
}

#[tokio::test]
async fn a_limit_offers_measures() {
    insta::assert_snapshot!(complete(&with_line("rule l: limit |")).await);
}

#[tokio::test]
async fn a_reference_reaches_one_table_and_no_further() {
    // `line_manager` is a `ref staff` column of `staff`: its dot offers
    // staff's columns; a second dot would be a second hop, which the checker
    // rejects, so nothing is offered there.
    let one = complete(&with_line("group g: staff where line_manager.|")).await;
    assert!(one.contains("role (field)"), "{one}");
    let two = complete(&with_line("group g: staff where line_manager.supervisor.|")).await;
    assert!(two.ends_with("----- COMPLETIONS\n"), "{two}");
}

#[tokio::test]
async fn nothing_is_offered_in_a_comment_or_a_string() {
    let comment = complete(&with_line("# require |")).await;
    let string = complete(&with_line("group g \"the |")).await;
    assert!(comment.ends_with("----- COMPLETIONS\n"), "{comment}");
    assert!(string.ends_with("----- COMPLETIONS\n"), "{string}");
}

#[tokio::test]
async fn names_come_from_the_rest_of_a_broken_file() {
    // The header is half-typed and a rule is broken; the groups still count.
    let text = POLICY
        .replace("review: 2027-04-01", "review: 2027-04-")
        .replace("every 2 weeks", "every");
    insta::assert_snapshot!(complete(&format!("{text}rule r: require one_to_one for |\n")).await);
}

#[tokio::test]
async fn each_eligibility_clause_is_read_on_its_own_line() {
    let second = format!(
        "{POLICY}rule e: eligible supervisor of one_to_one for nqsw {{\n  supervisor.level >= 3\n  supervisor.role is |\n}}\n"
    );
    let after_when = format!(
        "{POLICY}rule e: eligible supervisor of one_to_one for nqsw {{\n  when supervisee.tenure < 12 months: supervisor.tags has |\n}}\n"
    );
    insta::assert_snapshot!(format!(
        "{}\n{}",
        complete(&second).await,
        complete(&after_when).await
    ));
}

/// The items offered at the `|` in `marked`, as the client receives them.
async fn offered_at(marked: &str) -> (crate::common::TestClient, Vec<serde_json::Value>) {
    let mut client = TestClient::start().await;
    let (text, position) = cursor(marked, client.encoding);
    client.open(URI, &text).await;
    let result = client
        .request("textDocument/completion", at(URI, position))
        .await;
    (client, result.as_array().cloned().unwrap_or_default())
}

fn labels(items: &[serde_json::Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_label_of_several_words_replaces_the_words_already_typed() {
    let line = "rule x: require one_to_one for nqsw: every 2 weeks, not pro ";
    let (_, items) = offered_at(&with_line(&format!("{line}|"))).await;
    let item = items
        .iter()
        .find(|i| i["label"] == "not pro rata")
        .expect("`not pro rata` is offered");
    let edit = &item["textEdit"];
    assert_eq!(edit["newText"], "not pro rata");
    let last_line = POLICY.lines().count();
    assert_eq!(
        edit["range"]["start"],
        serde_json::json!({ "line": last_line, "character": line.len() - "not pro ".len() })
    );
    assert_eq!(
        edit["range"]["end"],
        serde_json::json!({ "line": last_line, "character": line.len() })
    );
    // A single word is left to the client's own word range.
    let (_, items) = offered_at(&with_line(
        "rule x: require one_to_one for nqsw: every 2 weeks, |",
    ))
    .await;
    assert!(items
        .iter()
        .filter(|i| !i["label"].as_str().unwrap().contains(' '))
        .all(|i| i.get("textEdit").is_none()));
}

#[tokio::test]
async fn working_after_a_number_offers_days() {
    let (_, items) = offered_at(&with_line(
        "rule r: deadline sessions: recorded within 5 working |",
    ))
    .await;
    assert_eq!(labels(&items), ["days"]);
}

#[tokio::test]
async fn the_first_word_of_a_heading_offers_the_whole_heading() {
    let (_, items) = offered_at(&with_line("session |")).await;
    assert_eq!(labels(&items), ["session kinds:"]);
    assert_eq!(items[0]["textEdit"]["newText"], "session kinds:");
    assert_eq!(items[0]["textEdit"]["range"]["start"]["character"], 0);
}

#[tokio::test]
async fn alternating_between_offers_the_staff_reference_columns() {
    let start = "rule x: require one_to_one for nqsw: every 2 weeks, alternating between ";
    let (_, items) = offered_at(&with_line(&format!("{start}|"))).await;
    let offered = labels(&items);
    assert!(offered.contains(&"line_manager"), "{offered:?}");
    assert!(!offered.contains(&"overrides"), "{offered:?}");
    assert!(!offered.contains(&"placement_days"), "{offered:?}");
    let (_, items) = offered_at(&with_line(&format!("{start}line_manager |"))).await;
    assert_eq!(labels(&items), ["and"]);
    let (_, items) = offered_at(&with_line(&format!("{start}line_manager and |"))).await;
    assert!(
        labels(&items).contains(&"supervisor"),
        "{:?}",
        labels(&items)
    );
}

#[tokio::test]
async fn units_are_offered_in_the_plural() {
    let (_, items) = offered_at(&with_line("rule x: require one_to_one for nqsw: every 2 |")).await;
    let offered = labels(&items);
    assert!(offered.contains(&"fortnights"), "{offered:?}");
    assert!(!offered.contains(&"fortnight"), "{offered:?}");
}

#[tokio::test]
async fn an_access_grant_offers_relationships_to_the_subject() {
    let (_, items) = offered_at(&with_line(
        "rule files: access personal_supervision records {\n  allow |\n}",
    ))
    .await;
    let offered = labels(&items);
    // `supervisor` and `line_manager` are `ref staff` columns of staff and
    // no role of that name is declared, so they name relationships.
    for expected in ["subject", "supervisor", "line_manager", "team_manager"] {
        assert!(offered.contains(&expected), "{expected}: {offered:?}");
    }
}

#[tokio::test]
async fn whose_next_activity_may_follow_it() {
    let (_, items) = offered_at(&with_line(
        "rule told: deadline agreement: date before the next one_to_one |",
    ))
    .await;
    assert_eq!(labels(&items), ["of", "where"]);
    let (_, items) = offered_at(&with_line(
        "rule told: deadline agreement: date before the next one_to_one of |",
    ))
    .await;
    let offered = labels(&items);
    assert!(offered.contains(&"supervisor"), "{offered:?}");
}

#[tokio::test]
async fn after_the_amount_of_at_most_come_windows_only() {
    let items = complete(&with_line(
        "rule r: require one_to_one for nqsw: at most 2 |",
    ))
    .await;
    // A maximum counts sessions: no units are offered, only windows.
    assert!(items.contains("per (keyword)"), "{items}");
    assert!(!items.contains("hours"), "{items}");
}

#[tokio::test]
async fn after_a_time_of_at_least_comes_apart() {
    let items = complete(&with_line(
        "rule r: require one_to_one for nqsw: at least 4 weeks |",
    ))
    .await;
    assert!(items.contains("apart (keyword)"), "{items}");
    assert!(items.contains("per (keyword)"), "{items}");
}
