//! What may come next inside a rule: its family's words, requirements,
//! quantities and options.

use sup::policy::CompiledPolicy;

use super::conditions::{condition, condition_tail, table_of, Row};
use super::Expect;

pub(super) fn rule_body(
    body: &[&str],
    policy: &CompiledPolicy,
    after_number: bool,
    line: &[&str],
) -> Expect {
    let last = body.last().copied().unwrap_or("");
    let prev = body
        .len()
        .checked_sub(2)
        .and_then(|i| body.get(i))
        .copied()
        .unwrap_or("");
    let has = |word: &str| body.contains(&word);
    let family = body.first().copied().unwrap_or("");
    // Options after a finished rule come first: they may follow any family.
    match (prev, last) {
        ("waivable", "by") => return Expect::Roles { subject: false },
        (_, "overrides") => return Expect::Rules,
        ("partial", "windows") => return Expect::PartialWindows,
        (_, "partial") => return Expect::Keywords(vec!["windows"]),
        (_, "waivable") => return Expect::Keywords(vec!["by"]),
        (_, "not") if family == "require" => return Expect::Keywords(vec!["pro rata"]),
        // Two of the supervisee's `ref staff` columns take turns.
        ("alternating", "between") if family == "require" => return Expect::StaffRefs,
        ("between", _) if family == "require" && has("alternating") => {
            return Expect::Keywords(vec!["and"]);
        }
        (_, "and") if family == "require" && body.ends_with(&["between", prev, "and"]) => {
            return Expect::StaffRefs;
        }
        // `5 working ` is a unit half-typed; `within working ` is a time of day.
        ("within", "working") => return Expect::Keywords(vec!["hours"]),
        (_, "working") => return Expect::Keywords(vec!["days"]),
        _ => {}
    }
    if let Some(i) = body
        .iter()
        .rposition(|t| *t == "waivable" || *t == "overrides")
    {
        if last == "," && body.get(i + 1).is_some() {
            return if body.get(i) == Some(&"waivable") {
                Expect::Roles { subject: false }
            } else {
                Expect::Rules
            };
        }
    }
    match family {
        "require" => {
            let group_at = body.iter().position(|t| *t == "for");
            if group_at.is_none() {
                return match last {
                    "require" | "or" => Expect::Activities,
                    "with" => Expect::Columns {
                        table: "staff".into(),
                        condition: false,
                    },
                    _ => Expect::Keywords(vec!["or", "with", "for"]),
                };
            }
            let group_at = group_at.unwrap_or(0);
            if body.len() == group_at + 1 {
                return Expect::Groups;
            }
            let group = body.get(group_at + 1).copied().unwrap_or("");
            if body.len() == group_at + 2 {
                return Expect::Keywords(vec!["by tenure"]);
            }
            if last == "by" && prev == group {
                return Expect::Keywords(vec!["tenure"]);
            }
            if has("tenure") && line.iter().all(|t| *t == "{") && !body.ends_with(&["tenure"]) {
                return Expect::Keywords(vec!["first", "until", "from", "then"]);
            }
            let table = table_of(policy, group).unwrap_or_else(|| "staff".into());
            requirement(body, prev, last, after_number, &table)
        }
        "eligible" => match last {
            "eligible" => Expect::Keywords(vec!["supervisor"]),
            "supervisor" if body.len() == 2 => Expect::Keywords(vec!["of", "for"]),
            "of" | "or" if !has("{") => Expect::Activities,
            "for" if !has("{") => Expect::Groups,
            _ if !has("{") => Expect::Keywords(vec!["or", "for", "{"]),
            _ => {
                // One clause per line: read the cursor's line, after any
                // `{` and `when ...:`.
                let clause = line.strip_prefix(&["{"]).unwrap_or(line);
                if clause.is_empty() {
                    return Expect::Keywords(vec!["when", "supervisor.", "supervisee."]);
                }
                let clause = clause
                    .iter()
                    .rposition(|t| *t == ":")
                    .map_or(clause, |i| clause.get(i + 1..).unwrap_or_default());
                condition_tail(clause, &Row::Pair, policy)
            }
        },
        "every" => match (prev, last) {
            (_, "every") => Expect::Keywords(vec!["member"]),
            (_, "member") => Expect::Keywords(vec!["of"]),
            ("member", "of") => Expect::Groups,
            _ => match body.iter().position(|t| *t == ":") {
                Some(colon) => {
                    let group = body.get(colon.saturating_sub(1)).copied().unwrap_or("");
                    let table = table_of(policy, group).unwrap_or_else(|| "staff".into());
                    let rest = body.get(colon + 1..).unwrap_or_default();
                    // A standing check: `ACTIVITY within the last D` or
                    // `ACTIVITY booked within the next D`.
                    let standing = rest
                        .first()
                        .is_some_and(|a| policy.activities.contains_key(*a));
                    match (standing, rest) {
                        (true, [_]) => {
                            Expect::Keywords(vec!["within the last", "booked within the next"])
                        }
                        (true, [.., "booked"]) => Expect::Keywords(vec!["within the next"]),
                        (true, [.., "within"]) => Expect::Keywords(vec!["the last", "the next"]),
                        (true, [.., "the"]) => Expect::Keywords(vec!["last", "next"]),
                        (true, [.., "last" | "next"]) => Expect::Nothing,
                        (true, _) if after_number => Expect::Units,
                        (true, _) => Expect::RuleOptions,
                        _ => condition_tail(rest, &Row::Table(table), policy),
                    }
                }
                None => Expect::Nothing,
            },
        },
        "limit" => match (prev, last) {
            (_, "limit") => Expect::Measures,
            (_, "of") | (_, "or") if !has("for") => Expect::Activities,
            (_, "for") => Expect::Groups,
            (_, "excluding") => Expect::Calendars,
            (_, ":") => Expect::Keywords(vec!["at least", "at most", "between"]),
            _ if after_number && has(":") => Expect::Units,
            _ => Expect::Nothing,
        },
        "deadline" => {
            let source = body.get(1).copied().unwrap_or("");
            let table = table_of(policy, source).unwrap_or_else(|| source.to_string());
            match (prev, last) {
                (_, "deadline") => Expect::TablesAndActivities,
                (_, ":") => Expect::Columns {
                    table,
                    condition: false,
                },
                ("the", "next") | ("before", "next") => Expect::Activities,
                (_, "before") if has("least") => Expect::Columns {
                    table,
                    condition: false,
                },
                (_, "before") => Expect::Keywords(vec!["the next"]),
                (_, "at") => Expect::Keywords(vec!["least"]),
                (_, "the") => Expect::Keywords(vec!["next"]),
                // `before the next one_to_one of supervisor`: whose next one.
                ("next", _) => Expect::Keywords(vec!["of", "where"]),
                (_, "within") => Expect::Nothing,
                (_, "of") => Expect::Columns {
                    table,
                    condition: false,
                },
                _ if after_number => Expect::Units,
                _ => match body.iter().position(|t| *t == "where") {
                    Some(i) => condition(
                        body.get(i..).unwrap_or_default(),
                        &Row::Table(table),
                        policy,
                    ),
                    None if body.len() == 4 => {
                        Expect::Keywords(vec!["within", "before", "at least"])
                    }
                    None if has("least") && !has("before") => Expect::Keywords(vec!["before"]),
                    None => Expect::Keywords(vec!["where"]),
                },
            }
        }
        "retain" => match (prev, last) {
            (_, "retain") => Expect::RecordKinds,
            (_, ":") | (_, "and") => Expect::Keywords(vec!["at least", "at most"]),
            ("at", "least") | ("at", "most") => Expect::Nothing,
            (_, "after") => Expect::Keywords(vec!["leaving", "creation"]),
            _ if after_number => Expect::Units,
            _ if !has(":") => Expect::Keywords(vec!["records"]),
            _ => Expect::Keywords(vec!["and", "after"]),
        },
        "access" => {
            if !has("{") {
                return match last {
                    "access" | "," => Expect::RecordKinds,
                    _ => Expect::Keywords(vec!["records"]),
                };
            }
            // A clause usually has a line of its own, but a short rule may
            // be written on one line: `access x records { deny inspector }`.
            let clause = match line.iter().rposition(|t| *t == "{") {
                Some(brace) => line.get(brace + 1..).unwrap_or_default(),
                None => line,
            };
            match clause {
                [] => Expect::Keywords(vec!["allow", "deny", "notify subject"]),
                ["allow", ..] if clause.contains(&"for") => match (prev, last) {
                    (_, "for" | ",") => Expect::Purposes,
                    (_, "and") => Expect::Keywords(vec!["notify subject"]),
                    (_, "notify") => Expect::Keywords(vec!["subject"]),
                    ("notify", "subject") => Expect::Keywords(vec!["within"]),
                    _ if after_number => Expect::Units,
                    _ if clause.contains(&"notify") => Expect::Nothing,
                    _ => Expect::Keywords(vec!["and notify subject"]),
                },
                ["allow"] | ["allow", .., ","] => Expect::Roles { subject: true },
                ["allow", ..] => Expect::Keywords(vec!["for"]),
                ["deny"] | ["deny", .., ","] => Expect::Roles { subject: false },
                ["notify"] => Expect::Keywords(vec!["subject"]),
                ["notify", "subject"] => Expect::Keywords(vec!["within"]),
                [.., "within", _] if after_number => Expect::Units,
                _ => Expect::Nothing,
            }
        }
        _ => Expect::Nothing,
    }
}

/// The rest of a frequency requirement: `at least N [and at most M] WINDOW`,
/// `at most N WINDOW`, `every [N to] N UNIT` or `at least N UNIT apart`.
fn requirement(body: &[&str], prev: &str, last: &str, after_number: bool, table: &str) -> Expect {
    match (prev, last) {
        (_, ":") => Expect::Keywords(vec!["at least", "at most", "every"]),
        (_, "at") => Expect::Keywords(vec!["least", "most"]),
        ("at", "least" | "most") | (_, "every" | "to") => Expect::Nothing,
        // `at least 1 and at most 2 per month`
        (_, "and") => Expect::Keywords(vec!["at most"]),
        // `every 4 to 6 weeks`: a gap range, or a unit for a single gap.
        // `every 8 shifts`: an activity counted, too.
        ("every", _) if after_number => {
            Expect::With(Box::new(Expect::UnitsAndActivities), vec!["to"])
        }
        // A maximum counts sessions: no unit, straight on to the window.
        ("most", _) if after_number => Expect::Keywords(vec!["per", "in any", "in each"]),
        (_, "per") => Expect::Periods,
        (_, "calendar") => Expect::Keywords(vec!["month", "year", "week"]),
        (_, "financial" | "academic") => Expect::Keywords(vec!["year"]),
        (_, "in") => Expect::Keywords(vec!["any", "each"]),
        ("in", "each") => Expect::Calendars,
        ("in", "any") => Expect::Nothing,
        ("scaled", "by") | ("rata", "by") => Expect::Columns {
            table: table.to_string(),
            condition: false,
        },
        (_, "scaled") => Expect::Keywords(vec!["by"]),
        (_, "once" | "twice") => Expect::Keywords(vec!["per", "in any", "in each"]),
        // The amount of `at least`: a count (`at least 10 per year`) goes
        // straight on to its window, a time (`at least 30 minutes per week`)
        // takes a unit first.
        ("least", _) if after_number => Expect::With(
            Box::new(Expect::Units),
            vec!["per", "in any", "in each", "and at most"],
        ),
        _ if after_number => Expect::Units,
        _ => {
            let window_done = body.contains(&"per")
                || body.contains(&"each")
                || body.contains(&"any")
                || body.contains(&"every")
                || body.contains(&"apart");
            if window_done {
                Expect::RuleOptions
            } else if body.contains(&"least") && !body.contains(&"and") {
                // `at least 4 weeks`: a time in a window, or a shortest gap.
                Expect::Keywords(vec!["per", "in any", "in each", "apart"])
            } else {
                Expect::Keywords(vec!["per", "in any", "in each"])
            }
        }
    }
}
