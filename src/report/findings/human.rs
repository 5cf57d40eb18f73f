//! The report for people: a header saying what was judged, a summary
//! (breaches open now, closed since, waived, due soon; by team), then each
//! team and person (`--by team`, the default), each person (`--by person`)
//! or each rule (`--by rule`) with its findings in plain words and what to
//! do next, then notes and a one-line summary.

use std::fmt::Write;

use super::digest::{Counts, Digest, Entry, Standing};
use super::{evidence_text, plural, By, Report};
use crate::eval::Status;
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
    let digest = Digest::of(r);
    summary(&mut out, &p, r, &digest);
    match r.by {
        By::Team => {
            for (team, counts) in &digest.teams {
                out.push('\n');
                let _ = writeln!(
                    out,
                    "{}",
                    p.bold(&safe(&format!("── {team}: {}", counts_text(counts))))
                );
                people(&mut out, &p, r, &digest, Some(team));
            }
        }
        By::Person => {
            out.push('\n');
            people(&mut out, &p, r, &digest, None);
        }
        By::Rule => by_rule(&mut out, &p, r, &digest),
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

/// The summary: what is open now, closed since, waived and due soon, and
/// the same by team.
fn summary(out: &mut String, p: &Paint, r: &Report, d: &Digest) {
    let period = r.evaluation.period;
    let t = &d.total;
    let _ = writeln!(out, "{}", p.bold("Summary"));
    let open = plural(t.open, "breach", "breaches");
    let _ = writeln!(
        out,
        "  open now       {} to put right (still open on {})",
        if t.open > 0 { p.red(&open) } else { open },
        period.last
    );
    let _ = writeln!(
        out,
        "  closed since   {} between {} and {}, over by {}",
        plural(t.closed, "breach", "breaches"),
        period.from,
        period.last,
        period.last
    );
    let waived = match t.waived {
        0 => "none".to_string(),
        n => format!(
            "{} covered by {}",
            plural(n, "finding", "findings"),
            plural(d.waivers, "waiver", "waivers")
        ),
    };
    let _ = writeln!(out, "  waived         {waived}");
    if let Some(days) = r.upcoming_days {
        let until = period.horizon.map(|h| h.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "  due soon       {} in the next {days} days (to {until})",
            t.due_soon
        );
    }
    if d.teams.is_empty() {
        return;
    }
    let width = d
        .teams
        .iter()
        .map(|(team, _)| safe(team).chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    out.push('\n');
    let mut head = format!("  {:<width$}  people  open  closed  waived", "team");
    if r.upcoming_days.is_some() {
        head.push_str("  due soon");
    }
    let _ = writeln!(out, "{}", p.dim(&head));
    for (team, c) in &d.teams {
        let mut row = format!(
            "  {:<width$}  {:>6}  {:>4}  {:>6}  {:>6}",
            safe(team),
            c.people,
            c.open,
            c.closed,
            c.waived
        );
        if r.upcoming_days.is_some() {
            row.push_str(&format!("  {:>8}", c.due_soon));
        }
        let _ = writeln!(out, "{row}");
    }
}

/// `2 open, 3 closed, 12 waived, 4 due soon` (the parts that are not zero).
fn counts_text(c: &Counts) -> String {
    let parts: Vec<String> = [
        (c.open, "open"),
        (c.closed, "closed"),
        (c.waived, "waived"),
        (c.due_soon, "due soon"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if parts.is_empty() {
        "nothing found".to_string()
    } else {
        parts.join(", ")
    }
}

/// A person as a heading: `S00013  social worker, Team 3`.
fn person_line(r: &Report, who: &str, entries: &[&Entry]) -> String {
    match entries.first().and_then(|e| e.person.as_ref()) {
        Some(id) => {
            let person = r.people.person(id);
            let role = person
                .map(|p| p.role.as_str())
                .filter(|role| !role.is_empty())
                .map(|role| crate::describe::names::vocabulary_value(r.policy, "role", role));
            let team = person.map(|p| p.team.as_str()).unwrap_or_default();
            match role {
                Some(role) => format!("{who}  {role}, {team}"),
                None => format!("{who}  {team}"),
            }
        }
        None => who.to_string(),
    }
}

/// Each person (of `team`, or everyone) with their entries: open first.
fn people(out: &mut String, p: &Paint, r: &Report, d: &Digest, team: Option<&str>) {
    for (who, entries) in d.by_person(team) {
        let _ = writeln!(out, "{}", p.bold(&safe(&person_line(r, &who, &entries))));
        let mut shown: [usize; 4] = [0; 4];
        for e in &entries {
            let slot = e.standing as usize;
            let Some(count) = shown.get_mut(slot) else {
                continue;
            };
            *count += 1;
            if *count > r.limit {
                continue;
            }
            entry(out, p, e, None);
        }
        for (standing, count) in [
            Standing::Open,
            Standing::Closed,
            Standing::Waived,
            Standing::DueSoon,
        ]
        .iter()
        .zip(shown)
        {
            if count > r.limit {
                let _ = writeln!(
                    out,
                    "  … and {} more {} (all are in `--format csv` or `json`)",
                    count - r.limit,
                    standing.word()
                );
            }
        }
    }
}

/// One entry: its standing, what happened, what to do next, the rule and
/// the rows that decided it. `who`: the person, when the heading above is
/// not theirs (the rule view).
fn entry(out: &mut String, p: &Paint, e: &Entry, who: Option<&str>) {
    let Some(f) = e.first() else {
        return;
    };
    let mark = match e.standing {
        Standing::Open => p.red("✗ open    "),
        Standing::Closed => p.dim("✓ closed  "),
        Standing::Waived => p.yellow("~ waived  "),
        Standing::DueSoon => p.cyan("… due soon"),
    };
    let lead = who.map(|w| format!("{w}: ")).unwrap_or_default();
    // With several policy versions, which one judged it.
    let version = f
        .version
        .as_ref()
        .map(|v| format!(", under {}", v.label.as_deref().unwrap_or(&v.file)))
        .unwrap_or_default();
    let rule = if who.is_some() {
        String::new()
    } else {
        safe(&format!(" [{}{version}]", f.rule)).into_owned()
    };
    if let (Standing::Waived, Some(w)) = (e.standing, &f.waiver) {
        let last = e.findings.last().map_or(f.date, |l| l.date);
        let when = if e.findings.len() == 1 {
            format!("on {}", f.date)
        } else {
            format!("{} times from {} to {last}", e.findings.len(), f.date)
        };
        let expires = w
            .expires
            .map_or_else(|| "no expiry".to_string(), |x| format!("until {x}"));
        let _ = writeln!(
            out,
            "  {mark} {}{}",
            safe(&format!(
                "{lead}{}, waived {when} by {} (approved by {}, {}, {expires}): {}",
                e.plain.what,
                w.id,
                w.approved_by,
                crate::describe::english::words(&w.approver_role),
                w.reason
            )),
            p.dim(&rule)
        );
        return;
    }
    let _ = writeln!(
        out,
        "  {mark} {}{}",
        safe(&format!("{lead}{}", e.plain.what)),
        p.dim(&rule)
    );
    if let Some(next) = &e.plain.next {
        let _ = writeln!(out, "             {} {}", p.bold("next:"), safe(next));
    }
    if !f.evidence.is_empty() && e.standing != Standing::DueSoon {
        let _ = writeln!(
            out,
            "             {}",
            p.dim(&safe(&format!("evidence: {}", evidence_text(f))))
        );
    }
    for note in &f.notes {
        let _ = writeln!(
            out,
            "             {}",
            p.dim(&safe(&format!("note: {note}")))
        );
    }
}

/// Each rule (under each version's heading, when several were judged)
/// with its entries, then what is due soon, soonest first.
fn by_rule(out: &mut String, p: &Paint, r: &Report, d: &Digest) {
    let e = r.evaluation;
    let period = e.period;
    out.push('\n');
    if e.versions.is_empty() {
        rules(out, p, r, d, e.rules.iter().collect(), &r.policy.source);
    }
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
        rules(out, p, r, d, mine, &v.file);
    }
    let Some(days) = r.upcoming_days else {
        return;
    };
    let pending = d.standing(Standing::DueSoon);
    out.push('\n');
    let until = period.horizon.map(|h| h.to_string()).unwrap_or_default();
    let count = if pending.is_empty() {
        "nothing".to_string()
    } else {
        pending.len().to_string()
    };
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!(
            "Due in the next {days} days (to {until}): {count}"
        ))
    );
    let most = r.limit.max(50);
    for x in pending.iter().take(most) {
        let Some(f) = x.first() else {
            continue;
        };
        let next = x.plain.next.clone().unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}",
            f.date,
            safe(&format!("{}: {next} [{}]", x.who(), f.rule))
        );
    }
    if pending.len() > most {
        let _ = writeln!(out, "  … and {} more", pending.len() - most);
    }
}

/// Each rule with what it requires in words and its entries (`source`: the
/// policy file).
fn rules(
    out: &mut String,
    p: &Paint,
    r: &Report,
    d: &Digest,
    list: Vec<&crate::eval::RuleSummary>,
    source: &str,
) {
    for rule in list {
        let entries: Vec<&Entry> = d
            .entries
            .iter()
            .filter(|x| {
                x.standing != Standing::DueSoon
                    && x.first().is_some_and(|f| {
                        f.rule == rule.rule
                            && f.version.as_ref().map(|v| v.index)
                                == rule.version.as_ref().map(|v| v.index)
                    })
            })
            .collect();
        let location = format!("{}:{}", source, rule.line);
        if entries.is_empty() {
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
        if let Some(policy_rule) = r.policy.rules.iter().find(|x| x.name == rule.rule) {
            let _ = writeln!(
                out,
                "  {}",
                p.cyan(&safe(&plain_sentence(&crate::describe::describe_rule(
                    r.policy,
                    policy_rule
                ))))
            );
        }
        for x in entries.iter().take(r.limit) {
            entry(out, p, x, Some(&person_line(r, &x.who(), &[x])));
        }
        if entries.len() > r.limit {
            let _ = writeln!(
                out,
                "  … and {} more (all are in `--format csv` or `json`)",
                entries.len() - r.limit
            );
        }
    }
}

/// `describe`'s sentence is Markdown: its code spans and escapes read as
/// plain text on a terminal.
fn plain_sentence(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut chars = markdown.chars();
    while let Some(c) = chars.next() {
        match c {
            '`' => {}
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    let mut text = out;
    if !text.ends_with('.') {
        text.push('.');
    }
    text
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
