//! What the reports for people (`human`, `html`, `xlsx`) share: every
//! finding shown told in plain words, placed with its person and team,
//! sorted open, closed, waived, due soon, with a waiver that covers many
//! windows kept as one entry; and the summary counts, overall and by team.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::people::People;
use super::words::{Plain, Words};
use super::Report;
use crate::eval::trend::NO_TEAM;
use crate::eval::{natural_cmp, Finding, Status};

/// Where a finding stands, in the order the reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// A breach still to put right.
    Open,
    /// A breach that is over: put right, or in the past.
    Closed,
    Waived,
    DueSoon,
}

impl Standing {
    pub fn word(self) -> &'static str {
        match self {
            Standing::Open => "open",
            Standing::Closed => "closed",
            Standing::Waived => "waived",
            Standing::DueSoon => "due soon",
        }
    }
}

/// One line of a report for people: a finding, or every finding of one
/// subject and rule that one waiver covers.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub standing: Standing,
    /// The findings (more than one only for a waiver's run), in date order.
    pub findings: Vec<&'a Finding>,
    pub plain: Plain,
    /// The member of staff it is about (or belongs to), when there is one.
    pub person: Option<String>,
    pub team: String,
}

impl Entry<'_> {
    pub fn first(&self) -> Option<&Finding> {
        self.findings.first().copied()
    }

    /// Who the entry is about: the person, else the subject itself.
    pub fn who(&self) -> String {
        match (&self.person, self.first()) {
            (Some(p), _) => p.clone(),
            (None, Some(f)) => f.subject.to_string(),
            (None, None) => String::new(),
        }
    }
}

/// The counts of the summary, for all teams or one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Breaches still open on the last day judged.
    pub open: usize,
    /// Breaches over by then.
    pub closed: usize,
    /// Findings a waiver covers.
    pub waived: usize,
    /// Pending findings (only with `--upcoming`).
    pub due_soon: usize,
    /// People (or, for rows that name no one, subjects) with any entry.
    pub people: usize,
}

/// Everything the reports for people show, worked out once.
pub struct Digest<'a> {
    pub entries: Vec<Entry<'a>>,
    pub total: Counts,
    /// Distinct waivers behind the waived findings.
    pub waivers: usize,
    /// Counts per team, teams as people sort them (`(no team)` last).
    pub teams: Vec<(String, Counts)>,
}

impl<'a> Digest<'a> {
    pub fn of(r: &'a Report<'a>) -> Digest<'a> {
        let words = Words::new(r.policy, r.evaluation.period.last);
        let people: &People = r.people;
        let mut entries: Vec<Entry<'a>> = Vec::new();
        // A waiver's run: one subject, one rule, one waiver.
        let mut runs: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for f in r.shown() {
            let person = people.owner_of(f).map(str::to_string);
            let team = people.team_of(f).to_string();
            if let (Status::Waived, Some(w)) = (f.status, &f.waiver) {
                let key = (f.subject.to_string(), f.rule.clone(), w.id.clone());
                if let Some(entry) = runs.get(&key).and_then(|i| entries.get_mut(*i)) {
                    entry.findings.push(f);
                    continue;
                }
                runs.insert(key, entries.len());
            }
            let plain = words.plain(f, people);
            let standing = match f.status {
                Status::Breach if plain.open => Standing::Open,
                Status::Breach => Standing::Closed,
                Status::Waived => Standing::Waived,
                Status::Pending => Standing::DueSoon,
            };
            entries.push(Entry {
                standing,
                findings: vec![f],
                plain,
                person,
                team,
            });
        }
        entries.sort_by(|a, b| order(a, b));
        let mut teams: BTreeMap<String, (Counts, std::collections::BTreeSet<String>)> =
            BTreeMap::new();
        let mut total = Counts::default();
        let mut everyone = std::collections::BTreeSet::new();
        let mut waivers = std::collections::BTreeSet::new();
        for e in &entries {
            let (counts, who) = teams.entry(e.team.clone()).or_default();
            for c in [&mut *counts, &mut total] {
                match e.standing {
                    Standing::Open => c.open += 1,
                    Standing::Closed => c.closed += 1,
                    Standing::Waived => c.waived += e.findings.len(),
                    Standing::DueSoon => c.due_soon += 1,
                }
            }
            who.insert(e.who());
            everyone.insert(e.who());
            if let Some(w) = e.first().and_then(|f| f.waiver.as_ref()) {
                waivers.insert(w.id.clone());
            }
        }
        total.people = everyone.len();
        let mut teams: Vec<(String, Counts)> = teams
            .into_iter()
            .map(|(team, (mut counts, who))| {
                counts.people = who.len();
                (team, counts)
            })
            .collect();
        teams.sort_by(|a, b| team_order(&a.0, &b.0));
        Digest {
            entries,
            total,
            waivers: waivers.len(),
            teams,
        }
    }

    /// The entries that stand so (the open breaches, what is due soon), in
    /// report order.
    pub fn standing(&self, standing: Standing) -> Vec<&Entry<'a>> {
        self.entries
            .iter()
            .filter(|e| e.standing == standing)
            .collect()
    }

    /// The entries of one team, or of everyone (`None`).
    pub fn of_team<'d>(&'d self, team: Option<&'d str>) -> impl Iterator<Item = &'d Entry<'a>> {
        self.entries
            .iter()
            .filter(move |e| team.is_none_or(|t| e.team == t))
    }

    /// The entries grouped by person (or subject), people in id order.
    pub fn by_person<'d>(&'d self, team: Option<&'d str>) -> Vec<(String, Vec<&'d Entry<'a>>)> {
        let mut people: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
        for e in self.of_team(team) {
            people.entry(e.who()).or_default().push(e);
        }
        let mut people: Vec<(String, Vec<&Entry>)> = people.into_iter().collect();
        people.sort_by(|a, b| natural_cmp(&a.0, &b.0));
        people
    }
}

/// Teams as people sort them (`Team 2` before `Team 10`), findings about
/// no team last.
pub fn team_order(a: &str, b: &str) -> Ordering {
    (a == NO_TEAM)
        .cmp(&(b == NO_TEAM))
        .then_with(|| natural_cmp(a, b))
}

/// Open before closed before waived before due soon; then by day (due soon:
/// soonest first), then as the other reports order findings.
fn order(a: &Entry, b: &Entry) -> Ordering {
    a.standing
        .cmp(&b.standing)
        .then_with(|| match (a.first(), b.first()) {
            (Some(x), Some(y)) => x
                .date
                .cmp(&y.date)
                .then_with(|| Finding::report_order(x, y)),
            _ => Ordering::Equal,
        })
}

/// Compliance by team over time: the `--trend` series summed over rules —
/// per period and team, the (person, rule) pairs judged and met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamSeries {
    /// Each period's label and whether it is partial, in order.
    pub periods: Vec<(String, bool)>,
    /// Each team (as people sort them) with, per period, `(met, judged)`.
    pub teams: Vec<(String, Vec<(usize, usize)>)>,
}

impl TeamSeries {
    pub fn of(trend: &crate::eval::trend::Trend) -> TeamSeries {
        let mut periods: Vec<(String, bool)> = Vec::new();
        let mut sums: BTreeMap<String, BTreeMap<usize, (usize, usize)>> = BTreeMap::new();
        for row in &trend.rows {
            if periods.last().is_none_or(|(p, _)| *p != row.period) {
                periods.push((row.period.clone(), row.partial));
            }
            let index = periods.len().saturating_sub(1);
            let cell = sums
                .entry(row.team.clone())
                .or_default()
                .entry(index)
                .or_default();
            cell.0 += row.met;
            cell.1 += row.judged;
        }
        let mut teams: Vec<(String, Vec<(usize, usize)>)> = sums
            .into_iter()
            .map(|(team, cells)| {
                let row = (0..periods.len())
                    .map(|i| cells.get(&i).copied().unwrap_or((0, 0)))
                    .collect();
                (team, row)
            })
            .collect();
        teams.sort_by(|a, b| team_order(&a.0, &b.0));
        TeamSeries { periods, teams }
    }
}

/// Met as a whole percentage of judged, kept off 0% and 100% unless it is
/// exactly that (one decimal near the ends); empty when no one was judged.
pub fn percent(met: usize, judged: usize) -> String {
    if judged == 0 {
        return String::new();
    }
    let r = met as f64 * 100.0 / judged as f64;
    if (r > 0.0 && r < 1.0) || (r > 99.0 && r < 100.0) {
        format!("{r:.1}%")
    } else {
        format!("{r:.0}%")
    }
}
