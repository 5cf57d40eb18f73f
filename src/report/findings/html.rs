//! The HTML report (`--format html`): one self-contained page that works
//! from an email attachment or a shared drive — inline CSS, no scripts, no
//! fonts, images or anything else fetched. Summary cards, compliance by team
//! over time (an inline SVG chart with its data table beside it), the open
//! breaches, what falls due soon, and each person's timeline with each
//! finding's evidence.
//!
//! Accessible: real tables with `<th scope>`, a status is always written in
//! words (colour only repeats it), the chart's lines differ in dash as well
//! as colour and its figures are in the table. Every figure a test compares
//! with the JSON report carries a `data-figure` attribute. All text goes
//! through [`crate::report::escape::html`].

use std::fmt::Write;

use super::digest::{percent, Digest, Entry, Standing, TeamSeries};
use super::{evidence_text, Report};
use crate::eval::Status;
use crate::report::escape::html as esc;

const STYLE: &str = "
:root { --ink: #1b1b1b; --muted: #555; --line: #c8c8c8; --open: #a4000f; --closed: #2f5d2f;
  --waived: #7a4b00; --due: #00527a; --bg: #fff; --card: #f4f4f4; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: var(--ink);
  background: var(--bg); margin: 0 auto; max-width: 72rem; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
.meta { color: var(--muted); margin: 0; }
.meta dt { font-weight: 600; float: left; clear: left; width: 6rem; }
.meta dd { margin: 0 0 0 6.5rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; list-style: none; padding: 0; margin: 0; }
.card { background: var(--card); border-left: .4rem solid var(--line); padding: .6rem .9rem; min-width: 11rem; }
.card .figure { display: block; font-size: 1.9rem; font-weight: 700; }
.card.open { border-color: var(--open); } .card.closed { border-color: var(--closed); }
.card.waived { border-color: var(--waived); } .card.due { border-color: var(--due); }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--card); }
time { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 700; white-space: nowrap; }
.status.open { color: var(--open); } .status.closed { color: var(--closed); }
.status.waived { color: var(--waived); } .status.due { color: var(--due); }
.status.open::before { content: '\\2717  '; } .status.closed::before { content: '\\2713  '; }
.status.waived::before { content: '~ '; } .status.due::before { content: '\\2026  '; }
.trend { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.trend svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
.legend { list-style: none; padding: 0; margin: .5rem 0; font-size: .9rem; }
.legend li { display: flex; align-items: center; gap: .4rem; }
.timeline { list-style: none; padding-left: 0; margin: 0; }
.timeline li { border-left: 3px solid var(--line); padding: .2rem 0 .5rem .8rem; margin-left: .3rem; }
.timeline li.open { border-color: var(--open); } .timeline li.waived { border-color: var(--waived); }
.timeline li.due { border-color: var(--due); }
.next { margin: .15rem 0; }
.rule, .evidence { color: var(--muted); font-size: .88rem; }
details summary { cursor: pointer; color: var(--muted); font-size: .88rem; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@media print { body { max-width: none; } details { display: block; } }
";

/// The colours and dash patterns of the chart's lines, in turn: a line is
/// told apart by its dash as well as its colour.
const LINES: &[(&str, &str)] = &[
    ("#1f5f99", ""),
    ("#a4000f", "8 4"),
    ("#2f5d2f", "2 4"),
    ("#7a4b00", "10 4 2 4"),
    ("#5b2a86", "4 4"),
    ("#00606b", "12 3"),
    ("#444444", "2 2"),
    ("#8a3b12", "6 2 2 2"),
];

pub(super) fn render(r: &Report) -> String {
    let d = Digest::of(r);
    let e = r.evaluation;
    let period = e.period;
    let title = format!("sup eval: {}", r.policy.header.title);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        esc(&title)
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<dl class=\"meta\">",
        esc(&r.policy.header.title)
    );
    let policies = if e.versions.is_empty() {
        r.policy.source.clone()
    } else {
        e.versions
            .iter()
            .map(|v| v.describe())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let _ = writeln!(out, "<dt>Policy</dt><dd>{}</dd>", esc(&policies));
    let _ = writeln!(out, "<dt>Records</dt><dd>{}</dd>", esc(r.records));
    let _ = writeln!(
        out,
        "<dt>Judged</dt><dd><time datetime=\"{0}\">{0}</time> to <time datetime=\"{1}\">{1}</time> (records as they stood at the start of {2})</dd>\n</dl>\n</header>\n<main>",
        period.from, period.last, period.as_of
    );
    summary(&mut out, r, &d);
    trend(&mut out, r);
    open_breaches(&mut out, r, &d);
    due_soon(&mut out, r, &d);
    timelines(&mut out, r, &d);
    notes(&mut out, r);
    let _ = writeln!(
        out,
        "</main>\n<footer>Made by {} from the policy and the export named above. The page fetches nothing and runs no script.</footer>\n</body>\n</html>",
        esc(&format!("sup {}", env!("CARGO_PKG_VERSION")))
    );
    out
}

/// The cards, with the JSON report's figures as `data-figure`, and the
/// table by team.
fn summary(out: &mut String, r: &Report, d: &Digest) {
    let e = r.evaluation;
    let t = &d.total;
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n<ul class=\"cards\">"
    );
    let card = |out: &mut String, class: &str, figure: &str, n: usize, words: &str| {
        let _ = writeln!(
            out,
            "<li class=\"card{}\"><span class=\"figure\" data-figure=\"{figure}\">{n}</span> {words}</li>",
            if class.is_empty() {
                String::new()
            } else {
                format!(" {class}")
            }
        );
    };
    card(out, "open", "open", t.open, "breaches open now");
    card(
        out,
        "closed",
        "closed",
        t.closed,
        "breaches closed since the start",
    );
    card(
        out,
        "waived",
        "waived",
        e.count(Status::Waived),
        &format!("findings waived (under {} waivers)", d.waivers),
    );
    if let Some(days) = r.upcoming_days {
        card(
            out,
            "due",
            "pending",
            e.count(Status::Pending),
            &format!("due in the next {days} days"),
        );
    }
    card(
        out,
        "",
        "breaches",
        e.count(Status::Breach),
        "breaches in all",
    );
    let with = r.rules_with_breaches();
    let _ = writeln!(
        out,
        "<li class=\"card\"><span class=\"figure\"><span data-figure=\"rules_with_breaches\">{with}</span> of <span data-figure=\"rules\">{}</span></span> rules with breaches</li>\n</ul>",
        e.rules.len()
    );
    if d.teams.is_empty() {
        let _ = writeln!(out, "<p>Nothing was found.</p>\n</section>");
        return;
    }
    let due = r.upcoming_days.is_some();
    let _ = writeln!(
        out,
        "<table id=\"by-team\">\n<caption>Findings by team</caption>\n<thead><tr><th scope=\"col\">Team</th><th scope=\"col\" class=\"num\">People</th><th scope=\"col\" class=\"num\">Open</th><th scope=\"col\" class=\"num\">Closed</th><th scope=\"col\" class=\"num\">Waived</th>{}</tr></thead>\n<tbody>",
        if due {
            "<th scope=\"col\" class=\"num\">Due soon</th>"
        } else {
            ""
        }
    );
    for (team, c) in &d.teams {
        let _ = write!(
            out,
            "<tr data-team=\"{0}\"><th scope=\"row\">{0}</th><td class=\"num\">{1}</td><td class=\"num\" data-count=\"open\">{2}</td><td class=\"num\" data-count=\"closed\">{3}</td><td class=\"num\" data-count=\"waived\">{4}</td>",
            esc(team),
            c.people,
            c.open,
            c.closed,
            c.waived
        );
        if due {
            let _ = write!(
                out,
                "<td class=\"num\" data-count=\"pending\">{}</td>",
                c.due_soon
            );
        }
        out.push_str("</tr>\n");
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</section>");
}

/// Compliance by team over time: an SVG line per team and the same figures
/// in a table.
fn trend(out: &mut String, r: &Report) {
    let Some(t) = &r.evaluation.trend else {
        return;
    };
    let series = TeamSeries::of(t);
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"trend\">\n<h2 id=\"trend\">Compliance by team over time</h2>\n<p>The share of each team's people and rules judged in each period that met the rule (a period marked * is only partly inside the days judged).</p>\n<div class=\"trend\">"
    );
    if series.periods.is_empty() {
        let _ = writeln!(out, "<p>No one was judged.</p>\n</div>\n</section>");
        return;
    }
    chart(out, &series);
    let _ = writeln!(
        out,
        "<table id=\"trend-table\">\n<caption>Met, as a share of judged</caption>\n<thead><tr><th scope=\"col\">Period</th>"
    );
    for (team, _) in &series.teams {
        let _ = write!(out, "<th scope=\"col\" class=\"num\">{}</th>", esc(team));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, (label, partial)) in series.periods.iter().enumerate() {
        let mark = if *partial { "*" } else { "" };
        let _ = write!(out, "<tr><th scope=\"row\">{}{mark}</th>", esc(label));
        for (_, cells) in &series.teams {
            let (met, judged) = cells.get(i).copied().unwrap_or((0, 0));
            let _ = write!(
                out,
                "<td class=\"num\" title=\"{met} of {judged}\">{}</td>",
                percent(met, judged)
            );
        }
        out.push_str("</tr>\n");
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>\n</section>");
}

fn chart(out: &mut String, series: &TeamSeries) {
    let (width, height) = (640.0_f64, 300.0_f64);
    let (left, right, top, bottom) = (44.0, 32.0, 12.0, 40.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let n = series.periods.len();
    let x = |i: usize| {
        if n <= 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = |rate: f64| top + plot_h * (1.0 - rate);
    let _ = writeln!(
        out,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-title\">\n<title id=\"chart-title\">Compliance by team, per period (the figures are in the table beside the chart)</title>"
    );
    for pct in [0, 25, 50, 75, 100] {
        let py = y(f64::from(pct) / 100.0);
        let _ = writeln!(
            out,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{py:.1}\" y2=\"{py:.1}\" stroke=\"#ddd\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">{pct}%</text>",
            left + plot_w,
            left - 6.0,
            py + 4.0
        );
    }
    // Every label when they fit, else every few.
    let step = n.div_ceil(12).max(1);
    for (i, (label, partial)) in series.periods.iter().enumerate() {
        if i % step != 0 && i + 1 != n {
            continue;
        }
        let mark = if *partial { "*" } else { "" };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{}{mark}</text>",
            x(i),
            height - bottom + 16.0,
            esc(label)
        );
    }
    for (k, (team, cells)) in series.teams.iter().enumerate() {
        let (colour, dash) = LINES.get(k % LINES.len()).copied().unwrap_or(("#000", ""));
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        // A period with no one judged breaks the line rather than joining
        // its neighbours; a lone point is a dot.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, (met, judged)) in cells.iter().enumerate() {
            if *judged == 0 {
                runs.push(Vec::new());
            } else if let Some(run) = runs.last_mut() {
                run.push((x(i), y(*met as f64 / *judged as f64)));
            }
        }
        let _ = writeln!(out, "<g><title>{}</title>", esc(team));
        for run in runs.iter().filter(|r| !r.is_empty()) {
            if let [(px, py)] = run.as_slice() {
                let _ = writeln!(
                    out,
                    "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"3\" fill=\"{colour}\"/>"
                );
                continue;
            }
            let points: Vec<String> = run
                .iter()
                .map(|(px, py)| format!("{px:.1},{py:.1}"))
                .collect();
            let _ = writeln!(
                out,
                "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash} points=\"{}\"/>",
                points.join(" ")
            );
        }
        out.push_str("</g>\n");
    }
    let _ = writeln!(out, "</svg>\n<figcaption><ul class=\"legend\">");
    for (k, (team, _)) in series.teams.iter().enumerate() {
        let (colour, dash) = LINES.get(k % LINES.len()).copied().unwrap_or(("#000", ""));
        let _ = writeln!(
            out,
            "<li><svg width=\"36\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" x2=\"36\" y1=\"5\" y2=\"5\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\"/></svg>{}</li>",
            esc(team)
        );
    }
    let _ = writeln!(out, "</ul></figcaption>\n</figure>");
}

/// A status in words, coloured by its class.
fn status(standing: Standing) -> String {
    let class = match standing {
        Standing::Open => "open",
        Standing::Closed => "closed",
        Standing::Waived => "waived",
        Standing::DueSoon => "due",
    };
    format!(
        "<span class=\"status {class}\">{}</span>",
        capitalise_word(standing.word())
    )
}

fn capitalise_word(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The open breaches: who, what, what to do next.
fn open_breaches(out: &mut String, r: &Report, d: &Digest) {
    let open = d.standing(Standing::Open);
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"open\">\n<h2 id=\"open\">Open breaches (<span data-figure=\"open-rows\">{}</span>)</h2>",
        open.len()
    );
    entries_table(
        out,
        r,
        &open,
        "open-table",
        "Breaches still open, oldest first",
    );
    let _ = writeln!(out, "</section>");
}

/// What falls due soon (with `--upcoming`).
fn due_soon(out: &mut String, r: &Report, d: &Digest) {
    let Some(days) = r.upcoming_days else {
        return;
    };
    let due = d.standing(Standing::DueSoon);
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"due\">\n<h2 id=\"due\">Due in the next {days} days ({})</h2>",
        due.len()
    );
    entries_table(out, r, &due, "due-table", "Due soon, soonest first");
    let _ = writeln!(out, "</section>");
}

fn entries_table(out: &mut String, r: &Report, entries: &[&Entry], id: &str, caption: &str) {
    if entries.is_empty() {
        let _ = writeln!(out, "<p>None.</p>");
        return;
    }
    let _ = writeln!(
        out,
        "<table id=\"{id}\">\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Person</th><th scope=\"col\">Team</th><th scope=\"col\">What</th><th scope=\"col\">Next</th><th scope=\"col\">Rule</th></tr></thead>\n<tbody>"
    );
    for e in entries {
        let Some(f) = e.first() else {
            continue;
        };
        let _ = writeln!(
            out,
            "<tr><td><time datetime=\"{0}\">{0}</time></td><th scope=\"row\">{1}</th><td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td></tr>",
            f.date,
            esc(&person_label(r, e)),
            esc(&e.team),
            esc(&e.plain.what),
            esc(e.plain.next.as_deref().unwrap_or("")),
            esc(&f.rule)
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>");
}

/// `S00013 (social worker)`, or the subject when it names no one.
fn person_label(r: &Report, e: &Entry) -> String {
    let who = e.who();
    let role = e
        .person
        .as_deref()
        .and_then(|id| r.people.person(id))
        .map(|p| p.role.as_str())
        .filter(|role| !role.is_empty())
        .map(|role| crate::describe::names::vocabulary_value(r.policy, "role", role));
    match role {
        Some(role) => format!("{who} ({role})"),
        None => who,
    }
}

/// Each person's findings in date order, each with its evidence.
fn timelines(out: &mut String, r: &Report, d: &Digest) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"people\">\n<h2 id=\"people\">Each person's timeline</h2>"
    );
    for (team, _) in &d.teams {
        let _ = writeln!(out, "<h3 class=\"team\">{}</h3>", esc(team));
        for (who, mut entries) in d.by_person(Some(team)) {
            entries.sort_by(|a, b| {
                let day = |e: &Entry| e.first().map(|f| f.date);
                day(a).cmp(&day(b)).then(a.standing.cmp(&b.standing))
            });
            let heading = entries
                .first()
                .map(|e| person_label(r, e))
                .unwrap_or(who.clone());
            let _ = writeln!(
                out,
                "<article aria-label=\"{0}\">\n<h4>{0}</h4>\n<ol class=\"timeline\">",
                esc(&heading)
            );
            for e in entries {
                timeline_item(out, e);
            }
            let _ = writeln!(out, "</ol>\n</article>");
        }
    }
    let _ = writeln!(out, "</section>");
}

fn timeline_item(out: &mut String, e: &Entry) {
    let Some(f) = e.first() else {
        return;
    };
    let class = match e.standing {
        Standing::Open => "open",
        Standing::Closed => "closed",
        Standing::Waived => "waived",
        Standing::DueSoon => "due",
    };
    let _ = write!(
        out,
        "<li class=\"{class}\" data-findings=\"{}\"><time datetime=\"{1}\">{1}</time> {2} {3}",
        e.findings.len(),
        f.date,
        status(e.standing),
        esc(&e.plain.what)
    );
    if let (Standing::Waived, Some(w)) = (e.standing, &f.waiver) {
        let times = match e.findings.len() {
            1 => String::new(),
            n => format!(
                " {n} times to {}",
                e.findings.last().map_or(f.date, |l| l.date)
            ),
        };
        let expires = w
            .expires
            .map_or_else(|| "no expiry".to_string(), |x| format!("until {x}"));
        let _ = write!(
            out,
            "<p class=\"next\">Waived{} by {} (approved by {}, {}, granted {}, {expires}): {}</p>",
            esc(&times),
            esc(&w.id),
            esc(&w.approved_by),
            esc(&crate::describe::english::words(&w.approver_role)),
            w.granted,
            esc(&w.reason)
        );
    }
    if let Some(next) = &e.plain.next {
        let _ = write!(
            out,
            "<p class=\"next\"><strong>Next:</strong> {}</p>",
            esc(next)
        );
    }
    let _ = write!(
        out,
        "<p class=\"rule\">Rule {} (line {})</p>",
        esc(&f.rule),
        f.line
    );
    if !f.evidence.is_empty() || !f.notes.is_empty() {
        let _ = write!(
            out,
            "<details><summary>Evidence</summary><p class=\"evidence\">Expected: {}<br>Found: {}",
            esc(&f.expected),
            esc(&f.actual)
        );
        if !f.evidence.is_empty() {
            let _ = write!(out, "<br>Rows: {}", esc(&evidence_text(f)));
        }
        for note in &f.notes {
            let _ = write!(out, "<br>Note: {}", esc(note));
        }
        out.push_str("</p></details>");
    }
    out.push_str("</li>\n");
}

/// Notes from loading and judging, and rows skipped under `--lenient`.
fn notes(out: &mut String, r: &Report) {
    let e = r.evaluation;
    if r.load_notes.is_empty() && e.notes.is_empty() && r.skipped.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"notes\">\n<h2 id=\"notes\">Notes</h2>\n<ul>"
    );
    for n in r.load_notes {
        let _ = writeln!(out, "<li>{}: {}</li>", esc(&n.file), esc(&n.message));
    }
    for n in &e.notes {
        let rule = n
            .rule
            .as_ref()
            .map(|r| format!("{r}: "))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<li>{} ({} rows)</li>",
            esc(&format!("{rule}{}", n.message)),
            n.count
        );
    }
    if !r.skipped.is_empty() {
        let _ = writeln!(
            out,
            "<li>Skipped under --lenient: <span data-figure=\"skipped_rows\">{}</span> rows</li>",
            r.skipped_rows
        );
        for s in r.skipped.iter().take(r.limit) {
            let _ = writeln!(
                out,
                "<li>[{}] {}</li>",
                esc(&s.code_str()),
                esc(&s.to_string())
            );
        }
    }
    let _ = writeln!(out, "</ul>\n</section>");
}
