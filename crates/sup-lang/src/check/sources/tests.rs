//! `check_source` over sources held in memory: the framework comes from
//! the `Sources` given, never from the disk, and each way it can be missing
//! has its own words.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::diagnostic::Label;

/// Files by tidied path; any other path is not found.
struct Memory(BTreeMap<PathBuf, Result<String, SourceError>>);

impl Memory {
    fn with(files: &[(&str, Result<&str, SourceError>)]) -> Memory {
        Memory(
            files
                .iter()
                .map(|(path, read)| (PathBuf::from(path), read.clone().map(str::to_string)))
                .collect(),
        )
    }
}

impl Sources for Memory {
    fn read(&self, path: &Path) -> Result<String, SourceError> {
        self.0
            .get(&tidy(path))
            .cloned()
            .unwrap_or(Err(SourceError::NotFound))
    }
}

const POLICY_PATH: &str = "team/policy.sup";
const FRAMEWORK_PATH: &str = "shared/framework.sup";

fn policy(conforms_to: &str, rule: &str) -> String {
    format!(
        "policy \"Team\" {{\n  owner: \"Team\"\n  review: 2030-01-01\n  conforms to: \"{conforms_to}\"\n}}\n\n\
         group all_staff: staff\n{rule}\n"
    )
}

fn framework(every: &str, extra_header: &str) -> String {
    format!(
        "framework \"Shared\" {{\n  owner: \"Board\"\n  review: 2030-01-01\n{extra_header}}}\n\n\
         group all_staff: staff\nrule regular: require one_to_one for all_staff: every {every}\n"
    )
}

const FORTNIGHTLY: &str = "rule regular: require one_to_one for all_staff: every 2 weeks";

/// The policy checked as `team/policy.sup` against `sources`.
fn checked(source: &str, sources: &dyn Sources) -> CheckedSource {
    let options = CheckOptions {
        file_name: POLICY_PATH.to_string(),
        today: None,
    };
    check_source(Path::new(POLICY_PATH), source, &options, sources)
}

/// Each diagnostic as (code, message, primary label's text in the source,
/// its message, help).
fn described(source: &str, found: &CheckedSource) -> Vec<[String; 5]> {
    found
        .checked
        .diagnostics
        .iter()
        .map(|d| {
            let label = d.labels.first().cloned().unwrap_or_else(|| Label {
                span: Span::default(),
                message: String::new(),
            });
            [
                d.code.as_str().to_string(),
                d.message.clone(),
                label.span.text(source).to_string(),
                label.message,
                d.help.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

#[test]
fn a_policy_stricter_than_its_framework_checks_clean() {
    let source = policy("../shared/framework.sup", FORTNIGHTLY);
    let text = framework("4 weeks", "");
    let sources = Memory::with(&[(FRAMEWORK_PATH, Ok(&text))]);
    let found = checked(&source, &sources);
    assert!(
        found.checked.diagnostics.is_empty(),
        "{:#?}",
        found.checked.diagnostics
    );
    assert!(found.related_sources.is_empty());
}

#[test]
fn the_framework_is_read_from_the_sources_given() {
    let source = policy("../shared/framework.sup", FORTNIGHTLY);
    let text = framework("1 week", "");
    let sources = Memory::with(&[(FRAMEWORK_PATH, Ok(&text))]);
    let found = checked(&source, &sources);
    assert_eq!(
        described(&source, &found),
        [[
            "sup::weaker-than-framework".to_string(),
            "`regular` is weaker than the framework's `regular` (how often)".to_string(),
            "regular".to_string(),
            "how often: every 2 weeks; the framework requires every 1 week".to_string(),
            "less often: 2 weeks is longer than 1 week; make it at least as strict as the \
             framework (`shared/framework.sup` line 7), which says: All staff must have a \
             one-to-one session at least every week."
                .to_string(),
        ]]
    );
    let d = &found.checked.diagnostics[0];
    assert_eq!(d.related.len(), 1);
    assert_eq!(d.related[0].file, FRAMEWORK_PATH);
    assert!(d.related[0]
        .span
        .text(&text)
        .starts_with("rule regular: require one_to_one for all_staff: every 1 week"));
    // The framework's text comes back for drawing its rule under the error.
    assert_eq!(
        found.related_sources,
        [(FRAMEWORK_PATH.to_string(), text.clone())]
    );
}

#[test]
fn a_framework_rule_no_policy_rule_governs_is_labelled_at_conforms_to() {
    let source = policy("../shared/framework.sup", "");
    let text = framework("1 week", "");
    let sources = Memory::with(&[(FRAMEWORK_PATH, Ok(&text))]);
    let found = checked(&source, &sources);
    let described = described(&source, &found);
    let codes: Vec<&str> = described.iter().map(|d| d[0].as_str()).collect();
    assert!(
        codes.contains(&"sup::weaker-than-framework"),
        "{described:#?}"
    );
    let missing = described
        .iter()
        .find(|d| d[0] == "sup::weaker-than-framework")
        .unwrap();
    assert_eq!(missing[1], "no rule meets the framework's `regular`");
    assert_eq!(missing[2], "\"../shared/framework.sup\"");
    assert_eq!(missing[3], "this framework requires `regular`");
}

/// The `sup::missing-framework` diagnostics of a policy made of `rule`
/// when reading its framework gives `read`.
fn missing(read: Result<&str, SourceError>, rule: &str) -> Vec<[String; 5]> {
    let source = policy("../shared/framework.sup", rule);
    let sources = Memory::with(&[(FRAMEWORK_PATH, read)]);
    described(&source, &checked(&source, &sources))
        .into_iter()
        .filter(|d| d[0] == "sup::missing-framework")
        .collect()
}

/// One `sup::missing-framework`, labelled on the `conforms to` value.
fn one(message: &str, label: &str, help: &str) -> Vec<[String; 5]> {
    vec![[
        "sup::missing-framework".to_string(),
        message.to_string(),
        "\"../shared/framework.sup\"".to_string(),
        label.to_string(),
        help.to_string(),
    ]]
}

const RELATIVE: &str = "`conforms to` names a `.sup` file relative to this one";

#[test]
fn each_way_a_framework_is_missing_has_its_own_words() {
    let target = "`../shared/framework.sup`";
    assert_eq!(
        missing(Err(SourceError::NotFound), FORTNIGHTLY),
        one(
            &format!("cannot find the framework {target}"),
            // As the policy was named, not tidied.
            "looked for team/../shared/framework.sup",
            RELATIVE
        )
    );
    assert_eq!(
        missing(Err(SourceError::Directory), FORTNIGHTLY),
        one(
            &format!("the framework {target} is a directory"),
            "shared/framework.sup is a directory",
            "`conforms to` names a `.sup` file, not a folder"
        )
    );
    assert_eq!(
        missing(Err(SourceError::NotRegularFile), FORTNIGHTLY),
        one(
            &format!("the framework {target} is not a regular file"),
            "shared/framework.sup is a device, pipe or socket",
            RELATIVE
        )
    );
    assert_eq!(
        missing(
            Err(SourceError::TooLarge {
                limit: 16 * 1024 * 1024
            }),
            FORTNIGHTLY
        ),
        one(
            &format!("the framework {target} is larger than 16 MiB"),
            "shared/framework.sup is too large to read",
            RELATIVE
        )
    );
    assert_eq!(
        missing(Ok(""), FORTNIGHTLY),
        one(
            &format!("the framework {target} is an empty file"),
            "shared/framework.sup is empty",
            "a framework is a `.sup` file with a `framework` header and rules"
        )
    );
    assert_eq!(
        missing(
            Err(SourceError::Unreadable(
                "stream did not contain valid UTF-8".to_string()
            )),
            FORTNIGHTLY
        ),
        one(
            &format!("cannot read the framework {target}: stream did not contain valid UTF-8"),
            "read shared/framework.sup",
            "`conforms to` names a readable `.sup` file relative to this one"
        )
    );
}

#[test]
fn a_framework_with_errors_is_reported_not_judged() {
    let text = framework("1 week", "").replace("one_to_one", "one_two_one");
    assert_eq!(
        missing(Ok(&text), FORTNIGHTLY),
        one(
            "the framework `../shared/framework.sup` has errors",
            "conformance cannot be checked against it",
            "run `sup check shared/framework.sup` and fix it first"
        )
    );
}

#[test]
fn a_policy_with_errors_is_told_only_what_is_missing() {
    // Its broken rule would be reported again as a weaker point, and a
    // framework that is there but unreadable or broken can wait.
    let broken = FORTNIGHTLY.replace("one_to_one", "one_two_one");
    let strict = framework("1 week", "");
    let with_errors = framework("1 week", "").replace("one_to_one", "one_two_one");
    for read in [
        Ok(strict.as_str()),
        Ok(with_errors.as_str()),
        Err(SourceError::Unreadable("denied".to_string())),
    ] {
        let source = policy("../shared/framework.sup", &broken);
        let sources = Memory::with(&[(FRAMEWORK_PATH, read.clone())]);
        let found = checked(&source, &sources);
        assert!(found.checked.has_errors());
        let codes: Vec<&str> = found
            .checked
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, ["sup::unknown-activity"], "{read:?}");
        assert!(found.related_sources.is_empty());
    }
    assert_eq!(missing(Err(SourceError::NotFound), &broken).len(), 1);
    assert_eq!(missing(Ok(""), &broken).len(), 1);
}

#[test]
fn a_policy_that_names_itself_or_is_named_back_is_a_cycle() {
    let own = policy("policy.sup", FORTNIGHTLY);
    let found = checked(&own, &Memory::with(&[(POLICY_PATH, Ok(&own))]));
    assert_eq!(
        described(&own, &found),
        [[
            "sup::conformance-cycle".to_string(),
            "the policy conforms to itself".to_string(),
            "conforms to: \"policy.sup\"".to_string(),
            "this names the policy's own file".to_string(),
            "name the framework this policy must meet, one that does not itself conform to this policy"
                .to_string(),
        ]]
    );

    let source = policy("../shared/framework.sup", FORTNIGHTLY);
    let back = framework("4 weeks", "  conforms to: \"../team/policy.sup\"\n");
    let sources = Memory::with(&[(FRAMEWORK_PATH, Ok(&back)), (POLICY_PATH, Ok(&source))]);
    let found = checked(&source, &sources);
    let described = described(&source, &found);
    assert_eq!(described.len(), 1, "{described:#?}");
    assert_eq!(described[0][1], "`conforms to` leads back to this policy");
    assert_eq!(
        described[0][3],
        "team/policy.sup → shared/framework.sup → team/policy.sup"
    );
}

#[test]
fn a_chain_of_frameworks_that_does_not_lead_back_is_no_cycle() {
    // The policy's framework conforms to another framework, which names
    // none: the policy is judged against its own framework only.
    let source = policy("../shared/framework.sup", FORTNIGHTLY);
    let middle = framework("4 weeks", "  conforms to: \"national.sup\"\n");
    let national = framework("1 week", "");
    let sources = Memory::with(&[
        (FRAMEWORK_PATH, Ok(&middle)),
        ("shared/national.sup", Ok(&national)),
    ]);
    let found = checked(&source, &sources);
    assert!(
        found.checked.diagnostics.is_empty(),
        "{:#?}",
        found.checked.diagnostics
    );
}

#[test]
fn paths_are_resolved_and_tidied_without_the_disk() {
    assert_eq!(
        framework_path(Path::new("team/policy.sup"), "../shared/f.sup"),
        Path::new("team/../shared/f.sup")
    );
    assert_eq!(
        framework_path(Path::new("policy.sup"), "f.sup"),
        Path::new("f.sup")
    );
    assert_eq!(tidy(Path::new("./a/../b/./c.sup")), Path::new("b/c.sup"));
    // A `..` with nothing before it to take out stays.
    assert_eq!(tidy(Path::new("../a/../b.sup")), Path::new("../b.sup"));
}
