//! A compiled policy rendered back as plain-English Markdown, for the
//! service managers and staff who must follow it.
//!
//! [`describe`] writes the whole document; [`describe_rule`] gives the one
//! sentence for a rule (the language server shows it on hover), and
//! [`rule_notes`] the sentences about waivers and overrides that follow it.
//!
//! **Layout.** Rules are grouped into one section per rule family, in a
//! fixed order (how often, who may supervise, what every member must meet,
//! limits, deadlines, keeping records, who may see records; any family added
//! later and not yet placed comes last, under "Other rules"), and keep their
//! source order within a
//! section. A reader comes with a question ("how often must NQSWs be
//! supervised?", "who can see my file?"), and the author's file order mixes
//! topics; keeping source order inside each section means the document still
//! lines up with the file when the two are read side by side.
//!
//! **Invariant:** the output depends only on the compiled policy, so the
//! same policy always gives the same text (maps are ordered; nothing reads
//! the clock or the environment).

mod conditions;
pub mod english;
pub mod names;
mod rules;

use std::collections::BTreeMap;
use std::fmt::Write as _;

pub use conditions::{Mood, RowOwner, Scope};

use crate::policy::{
    CompiledPolicy, Condition, DeadlineEnd, Duration, DurationUnit, PartialWindows, PolicyKind,
    Requirement, Rule, RuleBody, Schedule,
};
use english::{capitalise, escape, list};

/// The sections of the document, in order: a rule family and its heading.
const SECTIONS: &[(&str, &str)] = &[
    ("frequency", "How often"),
    ("eligibility", "Who may supervise"),
    ("attribute", "What every member must meet"),
    ("limit", "Limits"),
    ("deadline", "Deadlines"),
    ("retention", "Keeping records"),
    ("access", "Who may see records"),
];

/// A calendar with more periods than this is summarised rather than listed
/// in full: a table of a hundred school weeks helps no one.
const MAX_LISTED_PERIODS: usize = 24;

/// The whole policy as a Markdown document.
pub fn describe(policy: &CompiledPolicy) -> String {
    let mut out = String::new();
    header(&mut out, policy);
    groups(&mut out, policy);
    for (family, heading) in SECTIONS {
        let rules: Vec<&Rule> = policy
            .rules
            .iter()
            .filter(|r| r.body.family() == *family)
            .collect();
        section(&mut out, policy, heading, &rules);
    }
    // A family this module does not know yet is still shown, never dropped.
    let others: Vec<&Rule> = policy
        .rules
        .iter()
        .filter(|r| !SECTIONS.iter().any(|(f, _)| *f == r.body.family()))
        .collect();
    section(&mut out, policy, "Other rules", &others);
    calendars(&mut out, policy);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// A heading and a bullet per rule; nothing when there are no rules.
fn section(out: &mut String, policy: &CompiledPolicy, heading: &str, rules: &[&Rule]) {
    if rules.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    if rules
        .iter()
        .any(|r| matches!(r.body, RuleBody::Frequency(_)))
    {
        frequency_preamble(out, policy, rules);
    }
    for rule in rules {
        let mut line = format!("- `{}`: {}", rule.name, describe_rule(policy, rule));
        for note in rule_notes(policy, rule) {
            line.push(' ');
            line.push_str(&note);
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

/// One sentence saying what a rule requires, without a list marker:
/// "Social workers must have at least 10 one-to-one sessions in each
/// calendar year; part-time staff are not pro-rated."
pub fn describe_rule(policy: &CompiledPolicy, rule: &Rule) -> String {
    rules::sentence(policy, &rule.body)
}

/// Sentences that follow a rule's description: who may approve a departure
/// from it, and which rules it replaces.
pub fn rule_notes(policy: &CompiledPolicy, rule: &Rule) -> Vec<String> {
    let mut notes = Vec::new();
    if !rule.waivable_by.is_empty() {
        let people: Vec<String> = rule
            .waivable_by
            .iter()
            .map(|r| names::role_as_person(policy, r))
            .collect();
        notes.push(format!(
            "{} may approve a departure from this rule.",
            capitalise(&list(&people, "or"))
        ));
    }
    if !rule.overrides.is_empty() {
        let replaced: Vec<String> = rule.overrides.iter().map(|r| format!("`{r}`")).collect();
        // The rule's sentence has just named who it covers; saying it again
        // would only repeat a long group label.
        notes.push(format!(
            "It replaces {} for those it covers.",
            list(&replaced, "and")
        ));
        // The replacement lasts as long as membership of the group, not as
        // long as the schedule: say what that leaves after the last phase.
        if let Some(end) =
            crate::policy::uncovered_after_last_phase(&policy.rules, &policy.groups, rule)
        {
            notes.push(format!(
                "After {end} of service this rule requires nothing, and {} still does not apply to them, so no rule requires anything of them.",
                list(&replaced, "and")
            ));
        }
    }
    notes
}

/// A condition as English, as a statement of fact: `table` is the table
/// whose row the condition reads ("their tags include ASYE").
pub fn describe_condition(policy: &CompiledPolicy, condition: &Condition, table: &str) -> String {
    let scope = Scope {
        policy,
        table,
        owner: RowOwner::Their,
    };
    conditions::render(&scope, condition, Mood::Is)
}

/// A condition in the given scope and mood, for callers that need more
/// control than [`describe_condition`] (an eligibility clause reads "must").
pub fn describe_condition_in(scope: &Scope<'_>, condition: &Condition, mood: Mood) -> String {
    conditions::render(scope, condition, mood)
}

fn header(out: &mut String, policy: &CompiledPolicy) {
    let h = &policy.header;
    let _ = writeln!(out, "# {}\n", escape(&h.title));
    if h.kind == PolicyKind::Framework {
        out.push_str("This is a framework: a policy that conforms to it must be at least as strict as every rule below.\n\n");
    }
    let mut rows: Vec<(&str, String)> = Vec::new();
    if let Some(owner) = &h.owner {
        rows.push(("Owner", escape(owner)));
    }
    if let Some(version) = &h.version {
        rows.push(("Version", escape(version)));
    }
    if let Some(date) = h.effective {
        rows.push(("In effect from", english::date(date)));
    }
    if let Some(date) = h.review {
        rows.push(("Due for review", english::date(date)));
    }
    if let Some(framework) = &h.conforms_to {
        rows.push((
            "Conforms to",
            format!("`{framework}` (it must be at least as strict)"),
        ));
    }
    if uses_working_days(policy) {
        rows.push((
            "Working days",
            format!("Monday to Friday, except {}", names::holidays(&h.holidays)),
        ));
    }
    if let Some(hours) = h.working_hours {
        rows.push((
            "Working hours",
            format!(
                "{} to {}, Monday to Friday, except {}",
                hours.from.format("%H:%M"),
                hours.to.format("%H:%M"),
                names::holidays(&h.holidays)
            ),
        ));
    }
    if rows.is_empty() {
        return;
    }
    out.push_str("| | |\n|---|---|\n");
    for (name, value) in rows {
        let _ = writeln!(out, "| {name} | {value} |");
    }
    out.push('\n');
}

/// Whether any rule counts in working days, so the header says which days
/// those are.
fn uses_working_days(policy: &CompiledPolicy) -> bool {
    let working = |d: &Duration| d.unit == DurationUnit::WorkingDays;
    let requirement = |r: &Requirement| match r {
        Requirement::Gap { max, min } => max.iter().chain(min).any(working),
        Requirement::Time { min, .. } => working(min),
        Requirement::Count { .. } | Requirement::Occurrences { .. } => false,
    };
    policy.rules.iter().any(|rule| match &rule.body {
        RuleBody::Frequency(f) => match &f.schedule {
            Schedule::Fixed { requirement: r } => requirement(r),
            Schedule::ByTenure { phases } => phases.iter().any(|p| requirement(&p.requirement)),
        },
        RuleBody::Deadline(d) => match &d.end {
            DeadlineEnd::Within { limit, .. } => working(limit),
            DeadlineEnd::LeadTime { lead, .. } => working(lead),
            DeadlineEnd::BeforeNext { .. } | DeadlineEnd::LeadLength { .. } => false,
        },
        RuleBody::Access(a) => {
            let notices = a
                .notify
                .iter()
                .chain(a.allow.iter().filter_map(|g| g.notify.as_ref()));
            notices.filter_map(|n| n.within).any(|d| working(&d))
        }
        _ => false,
    })
}

/// The groups rules name, parents before the groups that refine them.
fn groups(out: &mut String, policy: &CompiledPolicy) {
    if policy.groups.is_empty() {
        return;
    }
    out.push_str("## Who the rules apply to\n\n");
    let mut children: BTreeMap<Option<&str>, Vec<&str>> = BTreeMap::new();
    for (name, group) in &policy.groups {
        // A parent that is not a known group would hide its children; list
        // them at the top level instead.
        let parent = group
            .parent
            .as_deref()
            .filter(|p| policy.groups.contains_key(*p));
        children.entry(parent).or_default().push(name.as_str());
    }
    let mut stack: Vec<&str> = children
        .get(&None)
        .map(|c| c.iter().rev().copied().collect())
        .unwrap_or_default();
    let mut seen = 0;
    while let Some(name) = stack.pop() {
        seen += 1;
        if seen > policy.groups.len() {
            break;
        }
        let _ = writeln!(out, "- {}", group_line(policy, name));
        if let Some(kids) = children.get(&Some(name)) {
            stack.extend(kids.iter().rev());
        }
    }
    out.push('\n');
}

fn group_line(policy: &CompiledPolicy, name: &str) -> String {
    let label = names::group(policy, name);
    let Some(group) = policy.groups.get(name) else {
        return format!("**{label}** (`{name}`).");
    };
    let base = match &group.parent {
        Some(parent) => names::group(policy, parent),
        None => names::table_all(policy, &group.table),
    };
    let definition = match &group.condition {
        Some(condition) => format!(
            "{base}, where {}",
            describe_condition(policy, condition, &group.table)
        ),
        None => base,
    };
    // A table's declared lifetime bounds when anything is asked of its rows.
    let lifetime = policy
        .tables
        .get(&group.table)
        .and_then(|t| t.lifetime.as_ref())
        .filter(|_| group.parent.is_none())
        .map(|l| match &l.end {
            Some(end) => format!(", each from its `{}` date to its `{end}` date", l.start),
            None => format!(", each from its `{}` date", l.start),
        })
        .unwrap_or_default();
    format!(
        "**{}** (`{name}`): {definition}{lifetime}.",
        capitalise(&label)
    )
}

/// What holds for every frequency rule, said once rather than on each:
/// how partial periods are treated, and that only held sessions count.
fn frequency_preamble(out: &mut String, policy: &CompiledPolicy, rules: &[&Rule]) {
    let counted = |r: &Requirement| {
        !matches!(
            r,
            Requirement::Gap { .. }
                | Requirement::Count { min: 0, .. }
                | Requirement::Occurrences { .. }
        )
    };
    let frequencies = rules.iter().filter_map(|r| match &r.body {
        RuleBody::Frequency(f) => Some(f),
        _ => None,
    });
    let mut prorated = false;
    let mut sessions = false;
    for f in frequencies {
        let any_counted = match &f.schedule {
            Schedule::Fixed { requirement } => counted(requirement),
            Schedule::ByTenure { phases } => phases.iter().any(|p| counted(&p.requirement)),
        };
        prorated |= any_counted && f.partial_windows == PartialWindows::Prorated;
        sessions |= f.activities.iter().any(|a| {
            policy
                .activities
                .get(a)
                .is_some_and(|a| a.table == "sessions")
        });
    }
    let mut sentences = Vec::new();
    if prorated {
        sentences.push(
            "Unless a rule says otherwise, someone who is covered by a rule for only part of a period (a starter or a leaver, say) \
             needs the same share of the number required as the share of the period they are covered for, rounded down.",
        );
    }
    if sessions {
        sentences
            .push("Only sessions that were held count: cancelled and planned sessions do not.");
    }
    if !sentences.is_empty() {
        let _ = writeln!(out, "{}\n", sentences.join(" "));
    }
}

fn calendars(out: &mut String, policy: &CompiledPolicy) {
    if policy.calendars.is_empty() {
        return;
    }
    out.push_str("## Calendars\n\n");
    for (name, calendar) in &policy.calendars {
        let _ = writeln!(
            out,
            "### {} (`{name}`)\n",
            capitalise(&names::calendar(policy, name))
        );
        let periods = &calendar.periods;
        match (periods.first(), periods.last()) {
            (Some(first), Some(last)) if periods.len() > MAX_LISTED_PERIODS => {
                let _ = writeln!(
                    out,
                    "{} periods, from {} to {}; the policy file lists each one.\n",
                    periods.len(),
                    english::date(first.start),
                    english::date(last.end)
                );
            }
            (Some(_), Some(_)) => {
                out.push_str("| Period | From | To |\n|---|---|---|\n");
                for period in periods {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        capitalise(&english::words(&period.name)),
                        english::date(period.start),
                        english::date(period.end)
                    );
                }
                out.push('\n');
            }
            _ => out.push_str("No periods are listed.\n\n"),
        }
    }
}

/// The compiled policy of `src`, which must check without errors: how the
/// tests of `describe` and of its modules compile the sources they word.
#[cfg(test)]
fn clean_policy(src: &str) -> CompiledPolicy {
    let checked = crate::check::check(
        src,
        &crate::check::CheckOptions {
            file_name: "test.sup".into(),
            today: None,
        },
    );
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    checked.policy
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"policy "Small Team Supervision Policy" {
  owner: "Small Team"
  version: "2025-09"
  effective: 2025-09-01
  review: 2027-09-01
}
roles: service_manager, line_manager
purposes: supervision
tags: asye
group social_workers "social workers": staff
group nqsw "newly qualified social workers": social_workers where tags has asye
rule records_within_48_hours: deadline sessions: recorded within 2 working days of start
rule monthly: require one_to_one for social_workers: at least once per month
rule nqsw_fortnightly: require one_to_one for nqsw: every 2 weeks, overrides monthly
rule one_level_higher: eligible supervisor of one_to_one for social_workers {
  supervisor.level >= supervisee.level + 1
} waivable by service_manager
rule file_access: access personal_supervision records {
  allow line_manager for supervision
}
"#;

    #[test]
    fn whole_document() {
        let text = describe(&clean_policy(SMALL));
        let expected = "\
# Small Team Supervision Policy

| | |
|---|---|
| Owner | Small Team |
| Version | 2025-09 |
| In effect from | 1 September 2025 |
| Due for review | 1 September 2027 |
| Working days | Monday to Friday, except bank holidays in England and Wales |

## Who the rules apply to

- **Social workers** (`social_workers`): all staff.
- **Newly qualified social workers** (`nqsw`): social workers, where their tags include ASYE.

## How often

Unless a rule says otherwise, someone who is covered by a rule for only part of a period (a starter or a leaver, say) needs the same share of the number required as the share of the period they are covered for, rounded down. Only sessions that were held count: cancelled and planned sessions do not.

- `monthly`: Social workers must have a one-to-one session at least once in each calendar month; part-time staff are not pro-rated.
- `nqsw_fortnightly`: Newly qualified social workers must have a one-to-one session at least every 2 weeks. It replaces `monthly` for those it covers.

## Who may supervise

- `one_level_higher`: In any one-to-one session with social workers, the supervisor's level must be at least the supervisee's level plus 1. A Service Manager may approve a departure from this rule.

## Deadlines

- `records_within_48_hours`: Each supervision session must be recorded within 2 working days of its start.

## Who may see records

- `file_access`: Personal supervision records may be read only by line managers for supervision.
";
        assert_eq!(text, expected);
    }

    #[test]
    fn describe_is_deterministic() {
        let policy = clean_policy(SMALL);
        assert_eq!(describe(&policy), describe(&policy));
    }

    #[test]
    fn describe_rule_has_no_list_marker() {
        let policy = clean_policy(SMALL);
        let rule = policy.rule("monthly").unwrap();
        assert_eq!(
            describe_rule(&policy, rule),
            "Social workers must have a one-to-one session at least once in each calendar month; part-time staff are not pro-rated."
        );
    }

    #[test]
    fn waivers_name_every_role() {
        let policy = clean_policy(
            "policy \"T\" { owner: \"O\" }\nroles: service_manager, head_of_service, hr_adviser\ngroup all: staff\nrule r: limit supervisees for all: at most 7 waivable by service_manager, head_of_service, hr_adviser\n",
        );
        let rule = policy.rule("r").unwrap();
        assert_eq!(rule_notes(&policy, rule), ["A Service Manager, a Head of Service or an HR Adviser may approve a departure from this rule."]);
    }

    #[test]
    fn frameworks_say_so() {
        let text = describe(&clean_policy(
            "framework \"Multi-agency Framework\" { owner: \"Board\" }\n",
        ));
        assert!(text.starts_with("# Multi-agency Framework\n\nThis is a framework: a policy that conforms to it must be at least as strict as every rule below.\n"), "{text}");
    }

    #[test]
    fn long_calendars_are_summarised() {
        let mut src =
            String::from("policy \"T\" { owner: \"O\" }\ncalendar weeks \"school weeks\" {\n");
        for week in 0..30u32 {
            let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap()
                + chrono::Duration::weeks(i64::from(week));
            let end = start + chrono::Duration::days(4);
            src.push_str(&format!("  w{week}: {start} to {end}\n"));
        }
        src.push_str("}\n");
        let text = describe(&clean_policy(&src));
        assert!(text.contains("### School weeks (`weeks`)\n\n30 periods, from 6 January 2025 to 1 August 2025; the policy file lists each one."), "{text}");
    }

    #[test]
    fn short_calendars_are_listed() {
        let text = describe(&clean_policy(
            "policy \"T\" { owner: \"O\" }\ncalendar half_term \"academic half terms\" {\n  autumn_1: 2025-09-01 to 2025-10-24\n  autumn_2: 2025-11-03 to 2025-12-19\n}\n",
        ));
        assert!(
            text.ends_with("### Academic half terms (`half_term`)\n\n| Period | From | To |\n|---|---|---|\n| Autumn 1 | 1 September 2025 | 24 October 2025 |\n| Autumn 2 | 3 November 2025 | 19 December 2025 |\n"),
            "{text}"
        );
    }

    #[test]
    fn group_conditions_render_as_facts() {
        let policy = clean_policy("policy \"T\" { owner: \"O\" }\ngroup g: cases where flags has safeguarding\ncase flags: safeguarding\n");
        let group = policy.groups.get("g").unwrap();
        assert_eq!(
            describe_condition(&policy, group.condition.as_ref().unwrap(), "cases"),
            "their flags include safeguarding"
        );
    }
}
