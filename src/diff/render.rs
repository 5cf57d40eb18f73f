//! A diff for people (terminal text, Markdown for a review paper) and for
//! tools (JSON). The JSON is the [`PolicyDiff`] itself, serialised.

use std::fmt::Write as _;

use super::impact::{Impact, ImpactFinding};
use super::{ChangeKind, Direction, PolicyDiff, RuleChange};
use crate::report::escape::{self, markdown_cell, markdown_policy_cell as cell, terminal as safe};

/// The most added (and resolved) breaches listed per rule in the human and
/// Markdown reports; the JSON lists them all.
const LISTED_PER_RULE: usize = 10;

/// How a diff is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Markdown,
}

pub fn render(diff: &PolicyDiff, format: Format) -> String {
    match format {
        Format::Human => human(diff),
        Format::Markdown => markdown(diff),
        Format::Json => json(diff),
    }
}

pub fn json(diff: &PolicyDiff) -> String {
    // Serialising plain data with string keys cannot fail; an empty object
    // is a safe fallback all the same.
    // serde leaves bidirectional overrides and C1 controls from the export
    // (team names, ids) raw.
    escape::json(serde_json::to_string_pretty(diff).unwrap_or_else(|_| "{}".to_string())) + "\n"
}

fn side_words(file: &str, version: Option<&str>) -> String {
    match version {
        Some(v) => format!("{file} (version {v})"),
        None => file.to_string(),
    }
}

/// "3 stricter, 1 looser, 2 added; 20 unchanged"
fn counts(diff: &PolicyDiff) -> String {
    let s = diff.summary;
    let parts: Vec<String> = [
        (s.stricter, "stricter"),
        (s.looser, "looser"),
        (s.mixed, "mixed"),
        (s.neutral, "neutral"),
        (s.added, "added"),
        (s.removed, "removed"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    let changed = if parts.is_empty() {
        "no rule changed".to_string()
    } else {
        parts.join(", ")
    };
    format!("{changed}; {} unchanged", s.unchanged)
}

fn label(change: &RuleChange) -> &'static str {
    match change.kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => change.direction.word(),
    }
}

// ---------------------------------------------------------------- human

pub fn human(diff: &PolicyDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} → {}",
        side_words(&diff.old.file, diff.old.version.as_deref()),
        side_words(&diff.new.file, diff.new.version.as_deref())
    );
    if diff.is_empty() {
        out.push_str("no semantic change\n");
        if let Some(impact) = &diff.impact {
            human_impact(&mut out, impact);
        }
        return out;
    }
    if !diff.header.is_empty() {
        out.push_str("\nheader\n");
        for h in &diff.header {
            let _ = writeln!(
                out,
                "  {:<12}{} → {}",
                h.field,
                h.old.as_deref().unwrap_or("(none)"),
                h.new.as_deref().unwrap_or("(none)")
            );
        }
    }
    if !diff.definitions.is_empty() {
        out.push_str("\ndefinitions\n");
        for d in &diff.definitions {
            let kind = match d.kind {
                ChangeKind::Added => "added",
                ChangeKind::Removed => "removed",
                ChangeKind::Changed => "changed",
            };
            let _ = write!(out, "  {kind:<9}{} `{}`", d.what, d.name);
            if d.direction != Direction::Neutral {
                let _ = write!(out, " ({})", d.direction.word());
            }
            if !d.detail.is_empty() {
                let _ = write!(out, ": {}", d.detail);
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "\nrules: {}", counts(diff));
    for change in &diff.rules {
        let _ = writeln!(
            out,
            "\n{:<9}{} ({}: {})",
            label(change),
            change.name(),
            change.family,
            change.governs
        );
        if let (Some(old), Some(new)) = (&change.old, &change.new) {
            if old.name != new.name {
                let _ = writeln!(out, "         was `{}`", old.name);
            }
        }
        for a in &change.aspects {
            match change.kind {
                ChangeKind::Added => {
                    let _ = writeln!(out, "         + {}", a.new);
                }
                ChangeKind::Removed => {
                    let _ = writeln!(out, "         - {}", a.old);
                }
                ChangeKind::Changed => {
                    let _ = writeln!(
                        out,
                        "         {}: {} → {}\n           {}: {}",
                        a.what,
                        a.old,
                        a.new,
                        a.direction.word(),
                        a.reason
                    );
                }
            }
        }
    }
    if let Some(impact) = &diff.impact {
        human_impact(&mut out, impact);
    }
    out
}

/// "36 → 378 (344 added, 2 resolved)"
fn breach_line(impact: &Impact) -> String {
    format!(
        "{} → {} ({} added, {} resolved)",
        impact.old.breaches,
        impact.new.breaches,
        impact.added.len(),
        impact.resolved.len()
    )
}

/// A team's name as shown: from the export, so escaped.
fn team_name(team: Option<&str>) -> std::borrow::Cow<'_, str> {
    team.map_or("(no team)".into(), safe)
}

/// The findings of one rule in `list`, a line per subject (in report
/// order, a subject's findings are together): at most [`LISTED_PER_RULE`]
/// lines, and how many subjects more there are.
fn of_rule(list: &[ImpactFinding], rule: &str) -> (Vec<String>, usize) {
    let mut subjects: Vec<Vec<&ImpactFinding>> = Vec::new();
    for f in list.iter().filter(|f| f.finding.rule == rule) {
        match subjects.last_mut() {
            Some(last)
                if last
                    .first()
                    .is_some_and(|g| g.finding.subject == f.finding.subject) =>
            {
                last.push(f);
            }
            _ => subjects.push(vec![f]),
        }
    }
    let more = subjects.len().saturating_sub(LISTED_PER_RULE);
    let lines = subjects
        .iter()
        .take(LISTED_PER_RULE)
        .filter_map(|fs| Some(finding_words(fs.first()?, fs.len())))
        .collect();
    (lines, more)
}

/// "staff S00013 (Team 2), 2025-12-15 to 2025-12-29, due 2025-12-22: none from ...",
/// or for a subject with several, "staff S00001 (Directorate): 12 breaches, the first 2025-11-05 to ...".
/// Ids, team names and what was found come from the export: escaped.
fn finding_words(f: &ImpactFinding, count: usize) -> String {
    safe(&raw_finding_words(f, count)).into_owned()
}

fn raw_finding_words(f: &ImpactFinding, count: usize) -> String {
    let mut text = format!("{}", f.finding.subject);
    if let Some(team) = &f.team {
        if f.finding.subject.kind != "team" {
            let _ = write!(text, " ({team})");
        }
    }
    if count > 1 {
        let _ = write!(text, ": {count} breaches, the first");
    }
    if let Some(window) = &f.finding.window {
        let _ = write!(text, ", {window}");
    }
    if let Some(due) = &f.finding.due {
        let _ = write!(text, ", due {due}");
    }
    let _ = write!(text, ": {}", f.finding.actual);
    text.replace("the first, ", "the first ")
}

fn human_impact(out: &mut String, impact: &Impact) {
    let _ = writeln!(
        out,
        "\nimpact on the records ({}, {} to {}, as of {})",
        safe(&impact.records),
        impact.period.from,
        impact.period.to,
        impact.period.as_of
    );
    let _ = writeln!(
        out,
        "  breaches: {}; waived: {} → {}",
        breach_line(impact),
        impact.old.waived,
        impact.new.waived
    );
    if impact.is_empty() {
        out.push_str("  no breach added or resolved\n");
        return;
    }
    let width = impact
        .by_rule
        .iter()
        .map(|r| r.rule.len())
        .chain(
            impact
                .by_team
                .iter()
                .map(|t| team_name(t.team.as_deref()).len()),
        )
        .max()
        .unwrap_or(0)
        .max(8);
    let _ = writeln!(
        out,
        "\n  {:<width$}  {:>6}  {:>8}",
        "by rule", "added", "resolved"
    );
    for r in &impact.by_rule {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>6}  {:>8}",
            r.rule, r.added, r.resolved
        );
    }
    let _ = writeln!(
        out,
        "\n  {:<width$}  {:>6}  {:>8}",
        "by team", "added", "resolved"
    );
    for t in &impact.by_team {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>6}  {:>8}",
            team_name(t.team.as_deref()),
            t.added,
            t.resolved
        );
    }
    for r in &impact.by_rule {
        let _ = writeln!(out, "\n  {}", r.rule);
        if let Some(was) = &r.was {
            let _ = writeln!(out, "    was `{was}`");
        }
        let old_name = r.was.as_deref().unwrap_or(&r.rule);
        for (sign, list, name) in [
            ("+", &impact.added, r.rule.as_str()),
            ("-", &impact.resolved, old_name),
        ] {
            let (shown, more) = of_rule(list, name);
            for line in shown {
                let _ = writeln!(out, "    {sign} {line}");
            }
            if more > 0 {
                let _ = writeln!(
                    out,
                    "    {sign} … and {more} more {} (`--format json` lists every breach)",
                    if more == 1 { "subject" } else { "subjects" }
                );
            }
        }
    }
}

// ---------------------------------------------------------------- markdown

fn code(text: &str) -> String {
    if text.is_empty() {
        "—".to_string()
    } else {
        format!("`{}`", text.replace('`', "'"))
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

pub fn markdown(diff: &PolicyDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Changes to {}\n", cell(&diff.new.title));
    let _ = writeln!(
        out,
        "Comparing {} with {}.\n",
        side_markdown(&diff.old.file, diff.old.version.as_deref()),
        side_markdown(&diff.new.file, diff.new.version.as_deref())
    );
    if diff.is_empty() {
        out.push_str("**No semantic change.** The two versions differ at most in layout, order or comments.\n");
        if let Some(impact) = &diff.impact {
            markdown_impact(&mut out, impact);
        }
        return out;
    }
    let _ = writeln!(
        out,
        "**Overall: {}.** Rules: {}.\n",
        diff.direction.word(),
        counts(diff)
    );
    if !diff.header.is_empty() {
        out.push_str("## Header\n\n| Field | Was | Now |\n|---|---|---|\n");
        for h in &diff.header {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                capitalised(h.field),
                cell(h.old.as_deref().unwrap_or("—")),
                cell(h.new.as_deref().unwrap_or("—"))
            );
        }
        out.push('\n');
    }
    if !diff.definitions.is_empty() {
        out.push_str(
            "## Definitions\n\n| Definition | Change | Effect | Detail |\n|---|---|---|---|\n",
        );
        for d in &diff.definitions {
            let kind = match d.kind {
                ChangeKind::Added => "added",
                ChangeKind::Removed => "removed",
                ChangeKind::Changed => "changed",
            };
            let effect = if d.direction == Direction::Neutral {
                "—".to_string()
            } else {
                d.direction.word().to_string()
            };
            let _ = writeln!(
                out,
                "| {} `{}` | {kind} | {effect} | {} |",
                d.what,
                d.name,
                cell(if d.detail.is_empty() {
                    "—"
                } else {
                    &d.detail
                })
            );
        }
        out.push('\n');
    }
    if !diff.rules.is_empty() {
        out.push_str(
            "## Rules at a glance\n\n| Rule | Governs | Change | Why |\n|---|---|---|---|\n",
        );
        for change in &diff.rules {
            // A rename shows in the first column rather than as a reason.
            let why: Vec<String> = change
                .aspects
                .iter()
                .filter(|a| a.what != "name")
                .map(|a| a.reason.clone())
                .collect();
            let name = match (&change.old, &change.new) {
                (Some(o), Some(n)) if o.name != n.name => {
                    format!("`{}` (was `{}`)", n.name, o.name)
                }
                _ => format!("`{}`", change.name()),
            };
            let _ = writeln!(
                out,
                "| {name} | {}: {} | **{}** | {} |",
                change.family,
                cell(&change.governs),
                label(change),
                cell(&why.join("; "))
            );
        }
        out.push('\n');
        out.push_str("## Rule by rule\n");
        for change in &diff.rules {
            let _ = writeln!(out, "\n### `{}` — {}\n", change.name(), label(change));
            if let Some(old) = &change.old {
                let _ = writeln!(out, "- **Was** (line {}): {}", old.line, old.description);
            }
            if let Some(new) = &change.new {
                let _ = writeln!(out, "- **Now** (line {}): {}", new.line, new.description);
            }
            if change.kind == ChangeKind::Changed {
                out.push_str("\n| What | Was | Now | Judged | Why |\n|---|---|---|---|---|\n");
                for a in &change.aspects {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} | {} |",
                        cell(&a.what),
                        cell(&code(&a.old)),
                        cell(&code(&a.new)),
                        a.direction.word(),
                        cell(&a.reason)
                    );
                }
            }
        }
        out.push('\n');
    }
    if !diff.unchanged.is_empty() {
        let names: Vec<String> = diff.unchanged.iter().map(|n| format!("`{n}`")).collect();
        let _ = writeln!(out, "## Unchanged rules\n\n{}", names.join(", "));
    }
    if let Some(impact) = &diff.impact {
        markdown_impact(&mut out, impact);
    }
    out
}

fn markdown_impact(out: &mut String, impact: &Impact) {
    let _ = writeln!(
        out,
        "\n## Impact on the records\n\nBoth versions judged against `{}` from {} to {} (records as of {}).\n",
        safe(&impact.records).replace('`', "'"),
        impact.period.from,
        impact.period.to,
        impact.period.as_of
    );
    let _ = writeln!(
        out,
        "**Breaches: {}.** Waived: {} → {}.",
        breach_line(impact),
        impact.old.waived,
        impact.new.waived
    );
    if impact.is_empty() {
        out.push_str("\nNo breach is added or resolved.\n");
        return;
    }
    out.push_str("\n### By rule\n\n| Rule | Added | Resolved |\n|---|---:|---:|\n");
    for r in &impact.by_rule {
        let name = match &r.was {
            Some(was) => format!("`{}` (was `{was}`)", r.rule),
            None => format!("`{}`", r.rule),
        };
        let _ = writeln!(out, "| {name} | {} | {} |", r.added, r.resolved);
    }
    out.push_str("\n### By team\n\n| Team | Added | Resolved |\n|---|---:|---:|\n");
    for t in &impact.by_team {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            markdown_cell(&team_name(t.team.as_deref())),
            t.added,
            t.resolved
        );
    }
    out.push_str("\n### Breaches added and resolved\n");
    for r in &impact.by_rule {
        let _ = writeln!(out, "\n#### `{}`\n", r.rule);
        let old_name = r.was.as_deref().unwrap_or(&r.rule);
        for (word, list, name) in [
            ("Added", &impact.added, r.rule.as_str()),
            ("Resolved", &impact.resolved, old_name),
        ] {
            let (shown, more) = of_rule(list, name);
            for line in shown {
                let _ = writeln!(out, "- **{word}:** {}", markdown_cell(&line));
            }
            if more > 0 {
                let _ = writeln!(
                    out,
                    "- {word} for {more} more {} (`--format json` lists every breach)",
                    if more == 1 { "subject" } else { "subjects" }
                );
            }
        }
    }
}

fn side_markdown(file: &str, version: Option<&str>) -> String {
    match version {
        Some(v) => format!("version **{}** (`{file}`)", cell(v)),
        None => format!("`{file}`"),
    }
}
