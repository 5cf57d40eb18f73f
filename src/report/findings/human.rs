//! The report for people: a header saying what was judged, then each rule
//! with its source line and its findings, then what is due soon, notes and
//! a one-line summary.

use std::fmt::Write;

use super::{evidence_text, first_line, plural, window_text, Report};
use crate::eval::{Finding, Status};
use crate::report::escape::terminal as safe;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn red(&self, t: &str) -> String {
        self.wrap("31;1", t)
    }
    fn green(&self, t: &str) -> String {
        self.wrap("32", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.wrap("33", t)
    }
    fn cyan(&self, t: &str) -> String {
        self.wrap("36", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
}

/// The header's line naming the policy's content hash (with several versions, the latest's).
fn hash_line(out: &mut String, r: &Report) {
    let _ = writeln!(out, "  hash     {}", r.policy_hash());
}

pub(super) fn render(r: &Report) -> String {
    let p = Paint { on: r.color };
    let e = r.evaluation;
    let mut out = String::new();
    let period = e.period;
    let _ = writeln!(
        out,
        "{}",
        p.bold(&safe(&format!("sup eval: {}", r.policy.header.title)))
    );
    if e.versions.is_empty() {
        let _ = writeln!(out, "  policy   {}", safe(&r.policy.source));
    } else {
        for (i, v) in e.versions.iter().enumerate() {
            let lead = if i == 0 { "  policies " } else { "           " };
            let _ = writeln!(out, "{lead}{}", safe(&v.describe()));
        }
    }
    hash_line(&mut out, r);
    let sizes: Vec<String> = r
        .table_sizes
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    let _ = writeln!(
        out,
        "  records  {}",
        safe(&format!("{} ({})", r.records, sizes.join(", ")))
    );
    let _ = writeln!(
        out,
        "  judged   {} to {} (records as they stood at the start of {})",
        period.from, period.last, period.as_of
    );
    out.push('\n');
    if e.versions.is_empty() {
        rules(&mut out, &p, r, e.rules.iter().collect(), &r.policy.source);
    }
    // With several versions, each version's rules and findings under a
    // heading saying which days it judged.
    for (i, v) in e.versions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let first = v.effective.max(period.from);
        let last = v.until.map_or(period.last, |u| u.min(period.last));
        let days = if first <= last {
            format!("in force {first} to {last}")
        } else {
            "not in force on the days judged".to_string()
        };
        let _ = writeln!(
            out,
            "{}",
            p.bold(&safe(&format!("── {}: {days}", v.describe())))
        );
        let mine = e
            .rules
            .iter()
            .filter(|rule| rule.version.as_ref().is_some_and(|t| t.index == v.index))
            .collect();
        rules(&mut out, &p, r, mine, &v.file);
    }
    if let Some(days) = r.upcoming_days {
        let pending: Vec<&Finding> = r.shown().filter(|f| f.status == Status::Pending).collect();
        out.push('\n');
        let until = period.horizon.map(|h| h.to_string()).unwrap_or_default();
        if pending.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                p.bold(&format!(
                    "Due in the next {days} days (to {until}): nothing"
                ))
            );
        } else {
            let _ = writeln!(
                out,
                "{}",
                p.bold(&format!(
                    "Due in the next {days} days (to {until}): {}",
                    pending.len()
                ))
            );
            let mut by_due: Vec<&&Finding> = pending.iter().collect();
            by_due.sort_by(|a, b| {
                a.date
                    .cmp(&b.date)
                    .then_with(|| Finding::report_order(a, b))
            });
            for f in by_due.iter().take(r.limit.max(50)) {
                let _ = writeln!(
                    out,
                    "  {} {:<28} {}",
                    f.date,
                    f.rule,
                    safe(&format!("{} — {}; {}", f.subject, f.expected, f.actual))
                );
            }
            if by_due.len() > r.limit.max(50) {
                let _ = writeln!(out, "  … and {} more", by_due.len() - r.limit.max(50));
            }
        }
    }
    notes(&mut out, &p, r);
    out.push('\n');
    let judged: usize = e.rules.iter().map(|r| r.judged).sum();
    let breaches = e.count(Status::Breach);
    let mut summary = if breaches == 0 {
        p.green(&format!("no breaches in {} rules", e.rules.len()))
    } else {
        p.red(&format!(
            "{} in {} of {} rules",
            plural(breaches, "breach", "breaches"),
            r.rules_with_breaches(),
            e.rules.len()
        ))
    };
    let waived = e.count(Status::Waived);
    if waived > 0 {
        summary.push_str(&format!(", {waived} waived"));
    }
    if r.upcoming_days.is_some() {
        summary.push_str(&format!(", {} due soon", e.count(Status::Pending)));
    }
    if r.skipped_rows > 0 {
        summary.push_str(&format!(
            ", {}",
            p.yellow(&plural(r.skipped_rows, "row skipped", "rows skipped"))
        ));
    }
    let _ = writeln!(out, "{summary} ({judged} judgements)");
    if let Some(t) = &e.trend {
        super::trend::human(&mut out, t);
    }
    out
}

/// Each rule with its source line and findings (`source`: the policy file).
fn rules(
    out: &mut String,
    p: &Paint,
    r: &Report,
    list: Vec<&crate::eval::RuleSummary>,
    source: &str,
) {
    for rule in list {
        let findings: Vec<&Finding> = r
            .shown()
            .filter(|f| {
                f.rule == rule.rule
                    && f.status != Status::Pending
                    && f.version.as_ref().map(|v| v.index) == rule.version.as_ref().map(|v| v.index)
            })
            .collect();
        let location = format!("{}:{}", source, rule.line);
        if findings.is_empty() {
            let what = if rule.judged == 0 {
                "nothing to judge".to_string()
            } else {
                format!("{} judged, all met", rule.judged)
            };
            let _ = writeln!(
                out,
                "{} {} {}",
                p.green("✓"),
                p.bold(&rule.rule),
                p.dim(&format!("({}, {location}) {what}", rule.family))
            );
            continue;
        }
        let mut counts = Vec::new();
        if rule.breaches > 0 {
            counts.push(plural(rule.breaches, "breach", "breaches"));
        }
        if rule.waived > 0 {
            counts.push(format!("{} waived", rule.waived));
        }
        let mark = if rule.breaches > 0 {
            p.red("✗")
        } else {
            p.yellow("~")
        };
        let _ = writeln!(
            out,
            "{mark} {} {} {}",
            p.bold(&rule.rule),
            p.dim(&format!("({}, {location})", rule.family)),
            counts.join(", ")
        );
        let _ = writeln!(
            out,
            "  {} {}",
            p.dim(&format!("{:>4} │", rule.line)),
            p.cyan(first_line(&rule.text))
        );
        for f in findings.iter().take(r.limit) {
            finding(out, p, f);
        }
        if findings.len() > r.limit {
            let _ = writeln!(
                out,
                "  … and {} more (all are in `--format csv` or `json`)",
                findings.len() - r.limit
            );
        }
    }
}

fn finding(out: &mut String, p: &Paint, f: &Finding) {
    // A waived finding is shown, not hidden, but on one line: what was
    // waived and by which waiver.
    if let (Status::Waived, Some(w)) = (f.status, &f.waiver) {
        let expires = w
            .expires
            .map_or_else(|| "no expiry".to_string(), |e| format!("until {e}"));
        let _ = writeln!(
            out,
            "  {} {} {}  {}",
            p.bold(&safe(&f.subject.to_string())),
            p.yellow("[waived]"),
            window_text(f),
            p.dim(&safe(&format!(
                "{}; waiver {} by {} ({}), {expires}: {}",
                f.actual, w.id, w.approved_by, w.approver_role, w.reason
            )))
        );
        return;
    }
    let status = match f.status {
        Status::Breach => String::new(),
        Status::Waived => p.yellow(" [waived]"),
        Status::Pending => p.yellow(" [due soon]"),
    };
    let mut head = format!("  {}{status}", p.bold(&safe(&f.subject.to_string())));
    let window = window_text(f);
    if !window.is_empty() {
        head.push_str(&format!("  {window}"));
    }
    if let Some(due) = &f.due {
        head.push_str(&p.dim(&format!("  due {due}")));
    }
    let _ = writeln!(out, "{head}");
    let _ = writeln!(out, "      expected {}", safe(&f.expected));
    let _ = writeln!(out, "      actual   {}", safe(&f.actual));
    if !f.evidence.is_empty() {
        let _ = writeln!(out, "      evidence {}", safe(&evidence_text(f)));
    }
    if !f.related.is_empty() {
        let related: Vec<String> = f.related.iter().map(|r| r.to_string()).collect();
        let _ = writeln!(out, "      about    {}", safe(&related.join(", ")));
    }
    if let Some(w) = &f.waiver {
        let expires = w
            .expires
            .map_or_else(|| "no expiry".to_string(), |e| format!("expires {e}"));
        let _ = writeln!(
            out,
            "      waiver   {}",
            safe(&format!(
                "{} by {} ({}), granted {}, {expires}: {}",
                w.id, w.approved_by, w.approver_role, w.granted, w.reason
            ))
        );
    }
    for note in &f.notes {
        let _ = writeln!(out, "      note     {}", safe(note));
    }
}

fn notes(out: &mut String, p: &Paint, r: &Report) {
    let e = r.evaluation;
    if r.load_notes.is_empty() && e.notes.is_empty() && r.skipped.is_empty() {
        return;
    }
    out.push('\n');
    if !r.skipped.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            p.yellow(&format!(
                "Skipped under --lenient: {}",
                plural(r.skipped_rows, "row", "rows")
            ))
        );
        for s in r.skipped.iter().take(r.limit) {
            let _ = writeln!(
                out,
                "  {} {}",
                p.dim(&format!("[{}]", s.code_str())),
                safe(&s.to_string())
            );
        }
        if r.skipped.len() > r.limit {
            let _ = writeln!(
                out,
                "  … and {} more (all are in `--format json`)",
                r.skipped.len() - r.limit
            );
        }
    }
    if !r.load_notes.is_empty() || !e.notes.is_empty() {
        let _ = writeln!(out, "{}", p.bold("Notes"));
    }
    for n in r.load_notes {
        let _ = writeln!(out, "  {}", safe(&format!("{}: {}", n.file, n.message)));
    }
    for n in &e.notes {
        let rule = n
            .rule
            .as_ref()
            .map(|r| format!("{r}: "))
            .unwrap_or_default();
        let rows = if n.rows.is_empty() {
            String::new()
        } else {
            let more = if n.count > n.rows.len() { ", …" } else { "" };
            format!(" ({}{more})", n.rows.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}",
            safe(&format!("{rule}{} ×{}{rows}", n.message, n.count))
        );
    }
}
