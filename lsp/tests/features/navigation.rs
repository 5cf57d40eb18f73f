//! Go to definition, references, highlight and rename, in one file and
//! across a policy and the framework it conforms to.

use std::path::Path;

use serde_json::{json, Value};
use tower_lsp_server::ls_types::{Position, Uri};

use crate::common::{at, cursor, draw, mark, range_of, TestClient};
use crate::{POLICY, URI};

const FRAMEWORK: &str = r#"framework "Multi-agency framework" {
  owner: "Safeguarding board"
  review: 2027-04-01
}

# "All staff receive supervision at least monthly"
group all_staff "everyone": staff

rule monthly: require one_to_one for all_staff: at least 1 per month
"#;

const CONFORMING: &str = r#"policy "Agency policy" {
  owner: "Agency"
  review: 2027-04-01
  conforms to: "framework.sup"
}

group all_staff "everyone": staff
group seniors: all_staff where level >= 3

rule monthly: require one_to_one for all_staff: at least 1 per month
rule seniors_too: require one_to_one for seniors: every 1 month
"#;

/// A folder holding the framework and a policy that conforms to it.
fn linked_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("framework.sup"), FRAMEWORK).unwrap();
    std::fs::write(dir.path().join("policy.sup"), CONFORMING).unwrap();
    dir
}

fn uri_in(dir: &Path, name: &str) -> String {
    let path = std::fs::canonicalize(dir.join(name)).unwrap();
    Uri::from_file_path(path).unwrap().as_str().to_string()
}

/// The text of the file a location points to: a test file or the prelude.
fn text_at(uri: &str) -> (String, String) {
    let parsed: Uri = uri.parse().unwrap();
    let path = parsed.to_file_path().unwrap().into_owned();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, std::fs::read_to_string(&path).unwrap_or_default())
}

/// Locations drawn under each file's text, files in a stable order.
fn render_locations(locations: &[Value], open: &[(&str, &str)]) -> String {
    let mut by_file: std::collections::BTreeMap<String, (String, Vec<_>)> = Default::default();
    for location in locations {
        let uri = location["uri"].as_str().unwrap();
        let (name, text) = match open.iter().find(|(u, _)| *u == uri) {
            Some((_, text)) => (
                Path::new(uri)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                text.to_string(),
            ),
            None => text_at(uri),
        };
        let entry = by_file.entry(name).or_insert((text, Vec::new()));
        entry.1.push((range_of(&location["range"]), String::new()));
    }
    let mut out = String::new();
    for (name, (text, ranges)) in by_file {
        out.push_str(&format!("--- {name}\n"));
        out.push_str(&draw(
            &text,
            sup_lsp::convert::Encoding::Utf16,
            None,
            &ranges,
        ));
    }
    out
}

async fn definition(marked: &str) -> String {
    let mut client = TestClient::start().await;
    let (text, position) = cursor(marked, client.encoding);
    client.open(URI, &text).await;
    let result = client
        .request("textDocument/definition", at(URI, position))
        .await;
    let mut out = draw(&text, client.encoding, Some(position), &[]);
    out.push_str("----- DEFINITION\n");
    if result.is_null() {
        out.push_str("(none)\n");
    } else {
        out.push_str(&render_locations(&[result], &[(URI, &text)]));
    }
    out
}

#[tokio::test]
async fn a_group_use_goes_to_its_definition() {
    insta::assert_snapshot!(
        definition(&mark(POLICY, "eligible supervisor of one_to_one for nq|sw")).await
    );
}

#[tokio::test]
async fn a_column_goes_to_its_extend_declaration() {
    insta::assert_snapshot!(definition(&mark(POLICY, "scaled by placement_d|ays")).await);
}

#[tokio::test]
async fn a_value_goes_to_its_list() {
    insta::assert_snapshot!(definition(&mark(POLICY, "allow social_wo|rker")).await);
}

#[tokio::test]
async fn a_prelude_table_goes_to_the_prelude() {
    insta::assert_snapshot!(definition(&mark(POLICY, "\"everyone\": sta|ff")).await);
}

#[tokio::test]
async fn a_keyword_goes_nowhere() {
    insta::assert_snapshot!(definition(&mark(POLICY, "requ|ire one_to_one for nqsw")).await);
}

#[tokio::test]
async fn references_include_the_definition_when_asked() {
    let mut client = TestClient::start().await;
    let (text, position) = cursor(&mark(POLICY, "group nq|sw"), client.encoding);
    client.open(URI, &text).await;
    let mut params = at(URI, position);
    params["context"] = json!({ "includeDeclaration": true });
    let with = client
        .request("textDocument/references", params.clone())
        .await;
    params["context"] = json!({ "includeDeclaration": false });
    let without = client.request("textDocument/references", params).await;
    assert_eq!(
        with.as_array().unwrap().len(),
        without.as_array().unwrap().len() + 1
    );
    insta::assert_snapshot!(render_locations(with.as_array().unwrap(), &[(URI, &text)]));
}

#[tokio::test]
async fn highlight_marks_the_definition_as_written() {
    let mut client = TestClient::start().await;
    let (text, position) = cursor(
        &mark(POLICY, "for all_st|aff: at least once"),
        client.encoding,
    );
    client.open(URI, &text).await;
    let result = client
        .request("textDocument/documentHighlight", at(URI, position))
        .await;
    let ranges: Vec<_> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                range_of(&h["range"]),
                if h["kind"] == 3 { "write" } else { "read" }.to_string(),
            )
        })
        .collect();
    insta::assert_snapshot!(draw(&text, client.encoding, Some(position), &ranges));
}

#[tokio::test]
async fn rename_changes_every_use_in_the_file() {
    let mut client = TestClient::start().await;
    let (text, position) = cursor(&mark(POLICY, "group nq|sw"), client.encoding);
    client.open(URI, &text).await;
    let prepared = client
        .request("textDocument/prepareRename", at(URI, position))
        .await;
    assert_eq!(prepared["placeholder"], "nqsw");
    let mut params = at(URI, position);
    params["newName"] = json!("newly_qualified");
    let edit = client.request("textDocument/rename", params).await;
    let edits = edit["changes"][URI].as_array().unwrap();
    assert!(edits.iter().all(|e| e["newText"] == "newly_qualified"));
    let locations: Vec<Value> = edits
        .iter()
        .map(|e| json!({ "uri": URI, "range": e["range"] }))
        .collect();
    insta::assert_snapshot!(render_locations(&locations, &[(URI, &text)]));
}

#[tokio::test]
async fn rename_refuses_prelude_names_keywords_and_clashes() {
    let mut client = TestClient::start().await;
    client.open(URI, POLICY).await;
    let staff = {
        let (_, position) = cursor(&mark(POLICY, "\"everyone\": st|aff"), client.encoding);
        client
            .request_raw("textDocument/prepareRename", at(URI, position))
            .await
    };
    let (_, nqsw) = cursor(&mark(POLICY, "group nq|sw"), client.encoding);
    let mut keyword = at(URI, nqsw);
    keyword["newName"] = json!("require");
    let keyword = client.request_raw("textDocument/rename", keyword).await;
    let mut clash = at(URI, nqsw);
    clash["newName"] = json!("all_staff");
    let clash = client.request_raw("textDocument/rename", clash).await;
    let mut spaces = at(URI, nqsw);
    spaces["newName"] = json!("new staff");
    let spaces = client.request_raw("textDocument/rename", spaces).await;
    let messages: Vec<&str> = [&staff, &keyword, &clash, &spaces]
        .iter()
        .map(|r| r["error"]["message"].as_str().unwrap())
        .collect();
    insta::assert_snapshot!(messages.join("\n"));
}

/// Where a group is based (`group x: BASE`), a table and a group of the
/// same name are both allowed and the table is read; a rename must not
/// quietly turn a group into a table there, or the other way round.
#[tokio::test]
async fn rename_refuses_a_name_that_a_table_or_group_would_shadow() {
    let text =
        format!("{POLICY}table visits {{\n  id: id\n}}\ngroup seniors: nqsw where level > 2\n");
    let mut client = TestClient::start().await;
    client.open(URI, &text).await;
    let mut messages = Vec::new();
    for (needle, new_name) in [
        ("group nq|sw", "staff"),
        ("group nq|sw", "visits"),
        ("table vis|its", "all_staff"),
        ("table vis|its", "sessions"),
    ] {
        let (_, position) = cursor(&mark(&text, needle), client.encoding);
        let mut params = at(URI, position);
        params["newName"] = json!(new_name);
        let refused = client.request_raw("textDocument/rename", params).await;
        messages.push(format!(
            "{needle} → {new_name}: {}",
            refused["error"]["message"].as_str().unwrap_or("(renamed)")
        ));
    }
    insta::assert_snapshot!(messages.join("\n"));
}

/// A rename that would still check but mean something else is refused: a
/// role renamed `subject` or `anyone`, or a purpose renamed `any`, turns
/// every grant naming it into a grant to someone else or for anything; a
/// column renamed to one `sup` works out itself (`tenure`) is defined twice.
#[tokio::test]
async fn rename_refuses_a_name_that_would_change_what_a_rule_means() {
    let mut client = TestClient::start().await;
    client.open(URI, POLICY).await;
    let mut messages = Vec::new();
    for (needle, new_name) in [
        ("allow social_wor|ker", "subject"),
        ("allow social_wor|ker", "anyone"),
        ("for supervis|ion, audit", "any"),
        ("placement_d|ays: optional", "tenure"),
        ("placement_d|ays: optional", "supervising_for"),
        // Still allowed: the words mean nothing special here.
        ("allow social_wor|ker", "any"),
        ("for supervis|ion, audit", "subject"),
    ] {
        let (_, position) = cursor(&mark(POLICY, needle), client.encoding);
        let mut params = at(URI, position);
        params["newName"] = json!(new_name);
        let answer = client.request_raw("textDocument/rename", params).await;
        messages.push(format!(
            "{needle} → {new_name}: {}",
            answer["error"]["message"].as_str().unwrap_or("(renamed)")
        ));
    }
    insta::assert_snapshot!(messages.join("\n"));
}

#[tokio::test]
async fn a_column_rename_changes_only_the_column_name() {
    let mut client = TestClient::start().await;
    let (text, position) = cursor(&mark(POLICY, "placement_d|ays: optional"), client.encoding);
    client.open(URI, &text).await;
    let mut params = at(URI, position);
    params["newName"] = json!("days_on_placement");
    let edit = client.request("textDocument/rename", params).await;
    let locations: Vec<Value> = edit["changes"][URI]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!({ "uri": URI, "range": e["range"] }))
        .collect();
    insta::assert_snapshot!(render_locations(&locations, &[(URI, &text)]));
}

// ------------------------------------------------------------ across files

#[tokio::test]
async fn conforms_to_leads_to_the_framework() {
    let dir = linked_files();
    let policy = uri_in(dir.path(), "policy.sup");
    let mut client = TestClient::start().await;
    client.open(&policy, CONFORMING).await;
    let (_, position) = cursor(&mark(CONFORMING, "\"frame|work.sup\""), client.encoding);
    let result = client
        .request("textDocument/definition", at(&policy, position))
        .await;
    assert_eq!(result["uri"], uri_in(dir.path(), "framework.sup"));
}

#[tokio::test]
async fn a_definition_leads_to_the_frameworks_counterpart() {
    let dir = linked_files();
    let policy = uri_in(dir.path(), "policy.sup");
    let mut client = TestClient::start().await;
    client.open(&policy, CONFORMING).await;
    let (_, position) = cursor(&mark(CONFORMING, "group all_st|aff"), client.encoding);
    let result = client
        .request("textDocument/definition", at(&policy, position))
        .await;
    insta::assert_snapshot!(render_locations(&[result], &[]));
}

#[tokio::test]
async fn references_from_a_framework_find_the_policies_that_conform_to_it() {
    let dir = linked_files();
    let framework = uri_in(dir.path(), "framework.sup");
    // Policies on disk are looked for in the workspace folders only.
    let mut client = TestClient::in_process();
    client.initialize_folder(dir.path()).await;
    // Only the framework is open: the policy is found on disk.
    client.open(&framework, FRAMEWORK).await;
    let (_, position) = cursor(&mark(FRAMEWORK, "group all_st|aff"), client.encoding);
    let mut params = at(&framework, position);
    params["context"] = json!({ "includeDeclaration": true });
    let result = client.request("textDocument/references", params).await;
    insta::assert_snapshot!(render_locations(result.as_array().unwrap(), &[]));
}

#[tokio::test]
async fn rename_in_a_policy_renames_in_its_framework_too() {
    let dir = linked_files();
    let policy = uri_in(dir.path(), "policy.sup");
    let framework = uri_in(dir.path(), "framework.sup");
    let mut client = TestClient::start().await;
    client.open(&policy, CONFORMING).await;
    let (_, position) = cursor(&mark(CONFORMING, "rule month|ly"), client.encoding);
    let mut params = at(&policy, position);
    params["newName"] = json!("at_least_monthly");
    let edit = client.request("textDocument/rename", params).await;
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 2, "{edit}");
    assert!(changes.contains_key(&framework));
    let locations: Vec<Value> = changes
        .iter()
        .flat_map(|(uri, edits)| {
            edits
                .as_array()
                .unwrap()
                .iter()
                .map(move |e| json!({ "uri": uri, "range": e["range"] }))
        })
        .collect();
    insta::assert_snapshot!(render_locations(&locations, &[]));
}

#[tokio::test]
async fn positions_past_the_end_find_nothing_and_do_not_fail() {
    let mut client = TestClient::start().await;
    client.open(URI, POLICY).await;
    for method in [
        "textDocument/definition",
        "textDocument/references",
        "textDocument/hover",
        "textDocument/documentHighlight",
    ] {
        let mut params = at(URI, Position::new(999, 999));
        params["context"] = json!({ "includeDeclaration": true });
        let response = client.request_raw(method, params).await;
        assert!(response.get("error").is_none(), "{method}: {response}");
    }
}

#[tokio::test]
async fn conforms_to_completes_the_files_next_to_the_policy_and_hovers_with_the_framework() {
    let dir = linked_files();
    let policy = uri_in(dir.path(), "policy.sup");
    let mut client = TestClient::start().await;
    let half_typed = CONFORMING.replace("conforms to: \"framework.sup\"", "conforms to: ");
    client.open(&policy, &half_typed).await;
    let (_, position) = cursor(&mark(&half_typed, "conforms to: |"), client.encoding);
    let items = client
        .request("textDocument/completion", at(&policy, position))
        .await;
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["\"framework.sup\""]);

    client.change_full(&policy, 2, CONFORMING).await;
    let (_, position) = cursor(&mark(CONFORMING, "\"frame|work.sup\""), client.encoding);
    let hover = client
        .request("textDocument/hover", at(&policy, position))
        .await;
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("The framework this policy must at least meet"),
        "{text}"
    );
    assert!(text.contains("framework.sup"), "{text}");
}

/// A framework and a policy that conforms to it, sharing a name of every
/// kind the issue asks about: a group, a table, a column, a role and a
/// calendar (and a purpose, another list value).
const SHARED_FRAMEWORK: &str = r#"framework "F" {
  owner: "Board"
  review: 2027-04-01
}

roles: social_worker, team_manager
purposes: supervision

extend staff {
  placement_days: optional number
}

table visits "home visits" {
  id: id
  worker: ref staff
  day: date
}

activity home_visit: visits by worker on day

group all_staff: staff where role is social_worker

calendar half_term {
  autumn_1: 2025-09-01 to 2025-10-24
}

rule termly: require one_to_one for all_staff: at least 1 in each half_term
rule seen: access personal_supervision records {
  allow team_manager for supervision
}
"#;

const SHARED_POLICY: &str = r#"policy "P" {
  owner: "Org"
  review: 2027-04-01
  conforms to: "framework.sup"
}

roles: social_worker, team_manager
purposes: supervision

extend staff {
  placement_days: optional number
}

table visits "home visits" {
  id: id
  worker: ref staff
  day: date
}

activity home_visit: visits by worker on day

group all_staff: staff where role is social_worker
group on_placement: all_staff where placement_days > 1

calendar half_term {
  autumn_1: 2025-09-01 to 2025-10-24
}

rule termly: require one_to_one for all_staff: at least 1 in each half_term
rule placements: require one_to_one for on_placement: every 2 weeks
rule seen: access personal_supervision records {
  allow team_manager for supervision
}
"#;

/// For each kind of name, from a use in the policy: its references in both
/// files, and a rename that edits exactly those places.
#[tokio::test]
async fn every_kind_of_name_is_found_and_renamed_in_the_framework_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("framework.sup"), SHARED_FRAMEWORK).unwrap();
    std::fs::write(dir.path().join("policy.sup"), SHARED_POLICY).unwrap();
    let policy = uri_in(dir.path(), "policy.sup");
    let framework = uri_in(dir.path(), "framework.sup");
    let mut client = TestClient::start().await;
    client.open(&policy, SHARED_POLICY).await;
    let mut out = String::new();
    for (what, needle) in [
        ("group", "for all_st|aff"),
        ("table", "table vis|its"),
        ("column", "where placement_d|ays"),
        ("role", "allow team_ma|nager"),
        ("purpose", "for supervi|sion\n}"),
        ("calendar", "in each half_te|rm"),
    ] {
        let (_, position) = cursor(&mark(SHARED_POLICY, needle), client.encoding);
        let mut params = at(&policy, position);
        params["context"] = json!({ "includeDeclaration": true });
        let found = client.request("textDocument/references", params).await;
        let found = found.as_array().unwrap();
        let mut params = at(&policy, position);
        params["newName"] = json!("renamed");
        let edit = client.request("textDocument/rename", params).await;
        let changes = edit["changes"].as_object().unwrap();
        assert!(changes.contains_key(&framework), "{what}: {edit}");
        let mut edited: Vec<(String, Value)> = changes
            .iter()
            .flat_map(|(uri, edits)| {
                edits.as_array().unwrap().iter().map(move |e| {
                    assert_eq!(e["newText"], "renamed");
                    (uri.clone(), e["range"].clone())
                })
            })
            .collect();
        let mut referenced: Vec<(String, Value)> = found
            .iter()
            .map(|l| (l["uri"].as_str().unwrap().to_string(), l["range"].clone()))
            .collect();
        let key = |(uri, range): &(String, Value)| (uri.clone(), range.to_string());
        edited.sort_by_key(key);
        referenced.sort_by_key(key);
        assert_eq!(edited, referenced, "{what}: a rename edits every reference");
        out.push_str(&format!("===== {what} ({needle:?})\n"));
        out.push_str(&render_locations(found, &[]));
    }
    insta::assert_snapshot!(out);
}

/// From the framework, with the policy only on disk: renaming a calendar
/// renames it in the policy as well.
#[tokio::test]
async fn a_rename_in_a_framework_reaches_the_policies_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("framework.sup"), SHARED_FRAMEWORK).unwrap();
    std::fs::write(dir.path().join("policy.sup"), SHARED_POLICY).unwrap();
    let policy = uri_in(dir.path(), "policy.sup");
    let framework = uri_in(dir.path(), "framework.sup");
    // Policies on disk are looked for in the workspace folders only.
    let mut client = TestClient::in_process();
    client.initialize_folder(dir.path()).await;
    client.open(&framework, SHARED_FRAMEWORK).await;
    let (_, position) = cursor(
        &mark(SHARED_FRAMEWORK, "calendar half_t|erm"),
        client.encoding,
    );
    let mut params = at(&framework, position);
    params["newName"] = json!("terms");
    let edit = client.request("textDocument/rename", params).await;
    let count = |uri: &str| edit["changes"][uri].as_array().map_or(0, Vec::len);
    // Each file declares the calendar once and uses it once.
    assert_eq!((count(&framework), count(&policy)), (2, 2), "{edit}");
}

#[tokio::test]
async fn the_prelude_opened_from_a_definition_gets_no_diagnostics() {
    let mut client = TestClient::start().await;
    let (text, position) = cursor(&mark(POLICY, "\"everyone\": sta|ff"), client.encoding);
    client.open(URI, &text).await;
    client.diagnostics(URI).await;
    let found = client
        .request("textDocument/definition", at(URI, position))
        .await;
    let prelude = found["uri"]
        .as_str()
        .or_else(|| found[0]["uri"].as_str())
        .unwrap()
        .to_string();
    let (_, prelude_text) = text_at(&prelude);
    assert!(!prelude_text.is_empty());
    client.open(&prelude, &prelude_text).await;
    assert!(
        client
            .quiet_for(
                "textDocument/publishDiagnostics",
                std::time::Duration::from_millis(500)
            )
            .await,
        "diagnostics were published for the prelude"
    );
    // Requests about it are still answered.
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": prelude } }),
        )
        .await;
    assert!(symbols.as_array().is_some_and(|s| !s.is_empty()));
}

#[tokio::test]
async fn a_rename_onto_an_activity_says_an_activity() {
    let text = format!("{POLICY}activity yearly_agreement: agreements by supervisee on date\n");
    let mut client = TestClient::start().await;
    client.open(URI, &text).await;
    let (_, position) = cursor(&mark(&text, "activity yearly_agr|eement"), client.encoding);
    let mut params = at(URI, position);
    params["newName"] = json!("agreement");
    let refused = client.request_raw("textDocument/rename", params).await;
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("there is already an activity `agreement`"),
        "{message}"
    );
}
