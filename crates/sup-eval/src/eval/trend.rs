//! Compliance over time (`--trend month|quarter`): per calendar period, rule
//! and team, how many people were judged, met the rule, breached it or were
//! covered by a waiver — the series a service reports to its leadership.
//! Built from the evaluation's [`Judgement`]s and findings; the team is the
//! staff member's `team` as it stood on the day judged (histories included).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{natural_cmp, Evaluation, Finding, Judgement, Ref, Status};
use crate::records::{Records, Value};

/// The team of a subject that is about no staff member (an access-log row
/// whose record names no one), or of a staff member with no team that day.
pub const NO_TEAM: &str = "(no team)";

/// How long each period of the series is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Month,
    Quarter,
}

/// The series: one row per period, rule and team with someone judged, in
/// period order, then the rules' order in the policy, then team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub granularity: Granularity,
    pub rows: Vec<TrendRow>,
}

/// How one rule fared in one team in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendRow {
    /// `2026-10` for a month, `2026-Q4` for a quarter.
    pub period: String,
    /// The days of the period that were judged: the whole calendar period,
    /// or for the first and last, only its days inside the evaluation period.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Whether the evaluation period covers only part of the calendar period.
    pub partial: bool,
    pub rule: String,
    pub team: String,
    /// Distinct subjects with at least one judgement in the period.
    pub judged: usize,
    /// Judged, with no breach and no waived finding in the period.
    pub met: usize,
    /// With at least one breach (not waived) in the period.
    pub breached: usize,
    /// With a waived finding and no breach in the period.
    pub waived: usize,
}

impl TrendRow {
    /// Met as a share of judged, in percent (`None` when no one was judged).
    pub fn rate(&self) -> Option<f64> {
        (self.judged > 0).then(|| self.met as f64 * 100.0 / self.judged as f64)
    }
}

/// The first day of the month after `day`'s.
pub(crate) fn next_month_start(day: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if day.month() == 12 {
        (day.year().checked_add(1)?, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// The first month of the calendar period `day` falls in.
fn first_month(day: NaiveDate, granularity: Granularity) -> u32 {
    match granularity {
        Granularity::Month => day.month(),
        Granularity::Quarter => (day.month() - 1) / 3 * 3 + 1,
    }
}

/// The first day of the calendar period `day` falls in: [`period_of`]'s
/// first day, without the label (asked for every judgement).
fn period_start(day: NaiveDate, granularity: Granularity) -> NaiveDate {
    NaiveDate::from_ymd_opt(day.year(), first_month(day, granularity), 1).unwrap_or(day)
}

/// The calendar period (first and last day) that `day` falls in, and its label.
pub fn period_of(day: NaiveDate, granularity: Granularity) -> (NaiveDate, NaiveDate, String) {
    let first_month = first_month(day, granularity);
    let months = match granularity {
        Granularity::Month => 1,
        Granularity::Quarter => 3,
    };
    let start = period_start(day, granularity);
    let end = start
        .checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX);
    let label = match granularity {
        Granularity::Month => format!("{:04}-{:02}", day.year(), day.month()),
        Granularity::Quarter => format!("{:04}-Q{}", day.year(), (first_month - 1) / 3 + 1),
    };
    (start, end, label)
}

/// A subject's outcome in one period.
/// Subjects by kind and id, borrowed from the evaluation.
#[derive(Default)]
struct Tally<'e> {
    judged: BTreeSet<(&'e str, &'e str)>,
    breached: BTreeSet<(&'e str, &'e str)>,
    waived: BTreeSet<(&'e str, &'e str)>,
}

/// The staff member a finding or judgement counts for: the subject itself
/// when it is staff, else the first staff member it concerns.
fn staff_of<'a>(subject: &'a Ref, related: &'a [Ref]) -> Option<&'a str> {
    if subject.kind == super::schema::STAFF {
        return Some(&subject.id);
    }
    related
        .iter()
        .find(|r| r.kind == super::schema::STAFF)
        .map(|r| r.id.as_str())
}

/// Where the team is read from: the staff table and its `team` column.
struct Teams<'r> {
    records: &'r Records,
    staff: Option<(&'r crate::records::TableData, usize)>,
}

impl<'r> Teams<'r> {
    /// Borrowed from the subject or the records, not copied: it is asked
    /// for every judgement, and most are of a team already tallied.
    fn of<'x>(&self, subject: &'x Ref, staff: Option<&str>, day: NaiveDate) -> &'x str
    where
        'r: 'x,
    {
        // Team cover is judged for the team itself.
        if subject.kind == super::schema::TEAM {
            return &subject.id;
        }
        let found = staff.zip(self.staff).and_then(|(id, (table, column))| {
            let row = table.row_of(self.records.interner.get(id)?)?;
            match table.at_on(row, column, day) {
                Value::Str(team) => Some(self.records.text(team)),
                _ => None,
            }
        });
        found.unwrap_or(NO_TEAM)
    }
}

/// The series of `evaluation` (made by [`super::evaluate_recording`] with
/// recording on) by `granularity`. Pending findings (due after the as-of
/// date) are outside every period and count for nothing.
pub fn trend<'e>(records: &Records, evaluation: &'e Evaluation, granularity: Granularity) -> Trend {
    let period = evaluation.period;
    let staff = records
        .tables
        .get(super::schema::STAFF)
        .and_then(|t| t.column_index(super::schema::staff::TEAM).map(|c| (t, c)));
    let teams = Teams { records, staff };
    let mut tallies: BTreeMap<(NaiveDate, usize, &str), Tally<'e>> = BTreeMap::new();
    let key = |r: &'e Ref| (r.kind.as_str(), r.id.as_str());
    let in_period = |day: NaiveDate| day >= period.from && day <= period.last;
    for j in &evaluation.judgements {
        if !in_period(j.day) {
            continue;
        }
        let Judgement {
            rule_index,
            subject,
            staff,
            day,
        } = j;
        let staff = staff.as_deref().or_else(|| staff_of(subject, &[]));
        let team = teams.of(subject, staff, *day);
        let start = period_start(*day, granularity);
        tallies
            .entry((start, *rule_index, team))
            .or_default()
            .judged
            .insert(key(subject));
    }
    // A finding about a case names no staff member: it counts in the team of
    // the one its judgements were about (the case's worker).
    let about: std::collections::HashMap<(&str, &str), &str> = evaluation
        .judgements
        .iter()
        .filter_map(|j| {
            Some((
                (j.subject.kind.as_str(), j.subject.id.as_str()),
                j.staff.as_deref()?,
            ))
        })
        .collect();
    for f in &evaluation.findings {
        let Finding {
            status,
            date,
            subject,
            related,
            rule_index,
            ..
        } = f;
        // A breach dated before `from` (a gap or a deletion due long ago,
        // still open on `from`) is judged because it reaches into the
        // period: it counts in the first period.
        let day = (*date).max(period.from);
        if *status == Status::Pending || day > period.last {
            continue;
        }
        let staff = staff_of(subject, related).or_else(|| {
            about
                .get(&(subject.kind.as_str(), subject.id.as_str()))
                .copied()
        });
        let team = teams.of(subject, staff, day);
        let start = period_start(day, granularity);
        let tally = tallies.entry((start, *rule_index, team)).or_default();
        // A finding is a judgement too, whether or not its judge said so.
        tally.judged.insert(key(subject));
        match status {
            Status::Breach => tally.breached.insert(key(subject)),
            Status::Waived => tally.waived.insert(key(subject)),
            Status::Pending => false,
        };
    }
    let rule_names: BTreeMap<usize, &str> = evaluation
        .findings
        .iter()
        .map(|f| (f.rule_index, f.rule.as_str()))
        .collect();
    let rows: Vec<TrendRow> = tallies
        .into_iter()
        .map(|((start, rule_index, team), t)| {
            let (first, last, label) = period_of(start, granularity);
            let waived = t.waived.difference(&t.breached).count();
            let breached = t.breached.len();
            TrendRow {
                period: label,
                start: first.max(period.from),
                end: last.min(period.last),
                partial: first < period.from || last > period.last,
                rule: rule_names
                    .get(&rule_index)
                    .map(|s| s.to_string())
                    .or_else(|| evaluation.rules.get(rule_index).map(|r| r.rule.clone()))
                    .unwrap_or_default(),
                team: team.to_string(),
                judged: t.judged.len(),
                met: t.judged.len().saturating_sub(breached + waived),
                breached,
                waived,
            }
        })
        .collect();
    // The map's order put teams in byte order: people sort `Team 2` before `Team 10`.
    // A rule's place is its name's first in the summaries (with several
    // versions, the first version's), found once per row, not per comparison.
    let position = |rule: &str| {
        evaluation
            .rules
            .iter()
            .position(|r| r.rule == rule)
            .unwrap_or(usize::MAX)
    };
    let mut placed: Vec<(usize, TrendRow)> = rows
        .into_iter()
        .map(|row| (position(&row.rule), row))
        .collect();
    placed.sort_by(|(pa, a), (pb, b)| {
        a.start
            .cmp(&b.start)
            .then_with(|| pa.cmp(pb))
            .then_with(|| natural_cmp(&a.team, &b.team))
    });
    let rows = placed.into_iter().map(|(_, row)| row).collect();
    Trend { granularity, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_last_day_of_a_month_belongs_to_that_month_and_the_next_day_does_not() {
        let (start, end, label) = period_of(d("2026-10-31"), Granularity::Month);
        assert_eq!(
            (start, end, label.as_str()),
            (d("2026-10-01"), d("2026-10-31"), "2026-10")
        );
        let (start, _, label) = period_of(d("2026-11-01"), Granularity::Month);
        assert_eq!((start, label.as_str()), (d("2026-11-01"), "2026-11"));
        // February of a leap year ends on the 29th.
        assert_eq!(
            period_of(d("2024-02-29"), Granularity::Month).1,
            d("2024-02-29")
        );
    }

    #[test]
    fn quarters_run_january_april_july_and_october() {
        let q = |s: &str| {
            let (a, b, l) = period_of(d(s), Granularity::Quarter);
            format!("{l} {a} {b}")
        };
        assert_eq!(q("2026-01-01"), "2026-Q1 2026-01-01 2026-03-31");
        assert_eq!(q("2026-03-31"), "2026-Q1 2026-01-01 2026-03-31");
        assert_eq!(q("2026-04-01"), "2026-Q2 2026-04-01 2026-06-30");
        assert_eq!(q("2026-12-31"), "2026-Q4 2026-10-01 2026-12-31");
    }

    #[test]
    fn next_month_start_crosses_the_year() {
        assert_eq!(next_month_start(d("2026-12-31")), Some(d("2027-01-01")));
        assert_eq!(next_month_start(d("2026-01-31")), Some(d("2026-02-01")));
    }
}
