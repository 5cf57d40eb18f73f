//! A diff for people (terminal text, Markdown for a review paper) and for
//! tools (JSON). The JSON is the [`PolicyDiff`] itself, serialised.

use std::fmt::Write as _;

use super::{ChangeKind, Direction, PolicyDiff, RuleChange};

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
    serde_json::to_string_pretty(diff).unwrap_or_else(|_| "{}".to_string()) + "\n"
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
    out
}

// ---------------------------------------------------------------- markdown

/// Text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

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
    out
}

fn side_markdown(file: &str, version: Option<&str>) -> String {
    match version {
        Some(v) => format!("version **{}** (`{file}`)", cell(v)),
        None => format!("`{file}`"),
    }
}
