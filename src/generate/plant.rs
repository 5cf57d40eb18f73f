//! Planted breaches: one change to the baseline per kind of breach, each on
//! a different person (or case, or row), each recorded in
//! [`Org::planted`] with the finding it must cause.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};

use super::build::{at, days, months, span_of, Span};
use super::*;

mod history;

struct Planter<'o> {
    org: &'o mut Org,
    rng: Rng,
    span: Span,
    /// Staff ids already changed, so no two plants interact.
    used: HashSet<String>,
    /// Team managers left with too few supervisees: no one joins their team.
    short_staffed: HashSet<String>,
    next: usize,
    /// Each supervisee's sessions, as indices into `org.sessions`, made on
    /// first use. Plants look up one person's sessions hundreds of times;
    /// scanning a million rows each time made planting quadratic.
    by_supervisee: Option<HashMap<String, Vec<usize>>>,
    /// Sessions the plants removed. They stay in place, so that indices
    /// stay valid, and go in one pass when planting ends.
    removed: HashSet<usize>,
    /// Sessions were added at the end: sort once when planting ends.
    added: bool,
}

pub(super) fn plant(org: &mut Org, config: &Config) {
    let mut p = Planter {
        org,
        rng: Rng::new(config.seed ^ 0x5EED),
        span: span_of(config),
        used: HashSet::new(),
        short_staffed: HashSet::new(),
        next: 0,
        by_supervisee: None,
        removed: HashSet::new(),
        added: false,
    };
    // First, so that a small organisation has the people they need; the
    // plants below pick from the rest.
    if config.history {
        p.history_plants();
    }
    for _ in 0..config.plants {
        // Team managers are few in a small organisation: the plants that
        // need one go first.
        p.peer_supervisor(None);
        p.peer_supervisor(Some(true));
        p.peer_supervisor(Some(false));
        p.too_few_supervisees();
        p.yearly_gap("observation");
        p.monthly_missed();
        p.nqsw_phase_one_missed();
        p.nqsw_line_manager_missed();
        p.nqep_short_fortnight();
        p.nqep_no_line_manager();
        p.tep_short_week();
        p.overseas_gap(Kind::OverseasTwoWeekly, "overseas_every_two_weeks", 14);
        p.overseas_gap(Kind::OverseasThreeWeekly, "overseas_every_three_weeks", 21);
        p.case_gap(&["safeguarding"], "concern_cases_every_month", 1, 1);
        p.case_gap(
            &["private_fostering"],
            "private_fostering_every_month",
            1,
            1,
        );
        p.case_gap(&[], "all_cases_every_two_months", 2, 2);
        p.case_gap(
            &["private_fostering", "language_student"],
            "language_students_every_three_months",
            3,
            3,
        );
        p.decision(true);
        p.decision(false);
        p.signature(true);
        p.signature(false);
        p.yearly_gap("live");
        p.yearly_gap("agreement");
        p.unregistered_supervisor();
        p.inexperienced_supervisor();
        p.untrained_supervisor();
        p.assistant_team_manager();
        p.tep_wrong_supervisor();
        p.deleted_early();
        p.bad_access("family_support_worker", "quality_assurance");
        p.bad_access("line_manager", "disciplinary");
        p.reduction_before_observation(true);
        p.reduction_before_observation(false);
        p.untrained_new_supervisor();
        // New starters last: they join teams the plants above have settled.
        p.nqsw_without_assessor();
        p.tep_without_supervisor();
    }
    p.settle_sessions();
    if config.history {
        // Last: it reads every session the other plants left.
        p.registration_lapsed();
        p.settle_sessions();
    }
    let protected = p.used.clone();
    p.org.protected = protected;
}

impl Planter<'_> {
    fn record(
        &mut self,
        rule: &str,
        subject: &str,
        date: Option<NaiveDate>,
        status: &'static str,
        what: String,
    ) {
        self.org.planted.push(Planted {
            rule: rule.to_string(),
            subject: subject.to_string(),
            date,
            status,
            what,
            only_with_history: false,
        });
    }

    fn id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}P{:05}", self.next)
    }

    /// Current staff of a kind, employed throughout `[a, b]`, not yet used.
    fn pick(&mut self, a: NaiveDate, b: NaiveDate, ok: impl Fn(&Staff) -> bool) -> Option<String> {
        let pool: Vec<String> = self
            .org
            .staff
            .iter()
            .filter(|s| s.start <= a && s.end.is_none_or(|e| e >= b) && s.kind != Kind::Former)
            .filter(|s| !self.used.contains(&s.id) && ok(s))
            .map(|s| s.id.clone())
            .collect();
        let chosen = pool
            .get(self.rng.below(pool.len() as u64) as usize)
            .cloned()?;
        self.used.insert(chosen.clone());
        Some(chosen)
    }

    fn staff(&self, id: &str) -> Option<&Staff> {
        self.org.staff.iter().find(|s| s.id == id)
    }

    /// A whole month inside the judged year.
    /// `who`'s sessions dated from `a` to `b`, both included, to be altered.
    fn sessions_between(&mut self, who: &str, a: NaiveDate, b: NaiveDate) -> Vec<usize> {
        let mut list = self.sessions_of(who);
        list.retain(|i| {
            self.org
                .sessions
                .get(*i)
                .is_some_and(|s| (a..=b).contains(&s.start.date()))
        });
        list
    }

    /// Change each of `who`'s sessions from `a` to `b`.
    fn alter_sessions(
        &mut self,
        who: &str,
        a: NaiveDate,
        b: NaiveDate,
        mut change: impl FnMut(&mut Session),
    ) {
        for i in self.sessions_between(who, a, b) {
            if let Some(s) = self.org.sessions.get_mut(i) {
                change(s);
            }
        }
    }

    /// `who`'s sessions that are not removed, in date order (as indices).
    fn sessions_of(&mut self, who: &str) -> Vec<usize> {
        let sessions = &self.org.sessions;
        let index = self.by_supervisee.get_or_insert_with(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, s) in sessions.iter().enumerate() {
                index.entry(s.supervisee.clone()).or_default().push(i);
            }
            index
        });
        let mut list: Vec<usize> = index
            .get(who)
            .into_iter()
            .flatten()
            .copied()
            .filter(|i| !self.removed.contains(i))
            .collect();
        list.sort_by(|a, b| {
            let (x, y) = (sessions.get(*a), sessions.get(*b));
            let key = |s: Option<&Session>| s.map(|s| (s.start, s.id.clone()));
            key(x).cmp(&key(y))
        });
        list
    }

    /// Add a session (in date order once planting ends).
    fn add_session(&mut self, session: Session) {
        let i = self.org.sessions.len();
        if let Some(index) = &mut self.by_supervisee {
            index.entry(session.supervisee.clone()).or_default().push(i);
        }
        self.org.sessions.push(session);
        self.added = true;
    }

    /// Take out the removed sessions, keeping the case discussions held at
    /// them (as discussions outside a session), and put added ones in order.
    fn settle_sessions(&mut self) {
        if !self.removed.is_empty() {
            let ids: HashSet<String> = self
                .removed
                .iter()
                .filter_map(|i| self.org.sessions.get(*i))
                .map(|s| s.id.clone())
                .collect();
            for d in &mut self.org.discussions {
                if d.session.as_ref().is_some_and(|s| ids.contains(s)) {
                    d.session = None;
                }
            }
            let mut i = 0;
            let removed = &self.removed;
            self.org.sessions.retain(|_| {
                i += 1;
                !removed.contains(&(i - 1))
            });
        }
        if self.added {
            self.org
                .sessions
                .sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
        }
        self.by_supervisee = None;
        self.removed.clear();
        self.added = false;
    }

    fn month(&mut self) -> (NaiveDate, NaiveDate) {
        let first = NaiveDate::from_ymd_opt(self.span.from.year(), self.span.from.month(), 1)
            .unwrap_or(self.span.from);
        let k = 1 + self.rng.below(9) as u32;
        let start = months(first, k);
        let end = months(start, 1).pred_opt().unwrap_or(start);
        (start, end)
    }

    fn one_to_ones(&mut self, who: &str) -> Vec<usize> {
        let mut list = self.sessions_of(who);
        list.retain(|i| {
            self.org
                .sessions
                .get(*i)
                .is_some_and(|s| s.kind == "one_to_one")
        });
        list
    }

    /// Remove sessions (see [`Planter::settle_sessions`]).
    fn remove_sessions(&mut self, remove: &[usize]) {
        self.removed.extend(remove.iter().copied());
    }

    fn monthly_missed(&mut self) {
        let (a, b) = self.month();
        let Some(who) = self.pick(a, b, |s| s.kind == Kind::Monthly && s.role != "director") else {
            return;
        };
        let remove: Vec<usize> = self
            .one_to_ones(&who)
            .into_iter()
            .filter(|i| {
                self.org
                    .sessions
                    .get(*i)
                    .is_some_and(|s| s.start.date() >= a && s.start.date() <= b)
            })
            .collect();
        self.remove_sessions(&remove);
        self.record(
            "monthly_supervision",
            &who,
            Some(b),
            "breach",
            format!("no one-to-one in {}", a.format("%B %Y")),
        );
    }

    fn nqsw(&mut self, ok: impl Fn(&Staff, &Span) -> bool) -> Option<String> {
        let span = self.span;
        let pool: Vec<String> = self
            .org
            .staff
            .iter()
            .filter(|s| s.kind == Kind::Nqsw && !self.used.contains(&s.id) && ok(s, &span))
            .map(|s| s.id.clone())
            .collect();
        let chosen = pool.first().cloned()?;
        self.used.insert(chosen.clone());
        Some(chosen)
    }

    fn nqsw_phase_one_missed(&mut self) {
        let Some(who) =
            self.nqsw(|s, span| days(s.start, 14) >= span.from && days(s.start, 42) <= span.last)
        else {
            return;
        };
        let Some(start) = self.staff(&who).map(|s| s.start) else {
            return;
        };
        let day14 = days(start, 14);
        let remove: Vec<usize> = self
            .one_to_ones(&who)
            .into_iter()
            .filter(|i| {
                self.org
                    .sessions
                    .get(*i)
                    .is_some_and(|s| s.start.date() == day14)
            })
            .collect();
        self.remove_sessions(&remove);
        let what = "the week-2 session (with the ASYE assessor) is missing".to_string();
        self.record("nqsw_schedule", &who, Some(day14), "breach", what.clone());
        self.record("nqsw_with_asye_assessor", &who, Some(day14), "breach", what);
        // Without it, the line manager leads weeks 1 and 3 in a row.
        self.record(
            "nqsw_schedule",
            &who,
            Some(days(start, 21)),
            "breach",
            "the line manager leads two sessions in a row (weeks 1 and 3)".into(),
        );
    }

    fn nqsw_line_manager_missed(&mut self) {
        // Phase two: line manager sessions on days 49 + 28j. Move the one on
        // day 77 (or later) to the assessor.
        let Some(who) = self.nqsw(|s, span| {
            days(s.start, 49).max(span.from) <= days(s.start, 200)
                && days(s.start, 49 + 28 * 4) <= span.last
                && days(s.start, 49) >= span.from
        }) else {
            return;
        };
        let Some(s) = self.staff(&who).cloned() else {
            return;
        };
        let day = days(s.start, 49 + 28);
        let assessor = s.asye_assessor.clone().unwrap_or_default();
        self.alter_sessions(&who, day, day, |session| {
            if session.kind == "one_to_one" {
                session.supervisor = assessor.clone();
            }
        });
        self.record(
            "nqsw_with_line_manager",
            &who,
            Some(day),
            "breach",
            "a line-manager session in the fortnightly phase was held by the assessor instead"
                .into(),
        );
        // The assessor now leads three sessions in a row: two repeats.
        for repeat in [day, days(day, 14)] {
            self.record(
                "nqsw_schedule",
                &who,
                Some(repeat),
                "breach",
                "the ASYE assessor leads two sessions in a row".into(),
            );
        }
    }

    fn nqep_short_fortnight(&mut self) {
        let Some(who) = self.pick(days(self.span.from, -30), self.span.last, |s| {
            s.kind == Kind::Nqep
        }) else {
            return;
        };
        let (a, b) = crate::calendar::period_containing(
            days(self.span.from, 70),
            crate::policy::CalendarPeriod::Fortnight,
        );
        self.alter_sessions(&who, a, b, |s| s.duration = 25);
        self.record(
            "nqep_hour_per_fortnight",
            &who,
            Some(b),
            "breach",
            "two 25-minute sessions in a fortnight".into(),
        );
    }

    fn nqep_no_line_manager(&mut self) {
        let (a, b) = self.month();
        let Some(who) = self.pick(days(self.span.from, -30), self.span.last, |s| {
            s.kind == Kind::Nqep
        }) else {
            return;
        };
        let Some(other) = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "service_manager")
            .map(|s| s.id.clone())
        else {
            return;
        };
        self.alter_sessions(&who, a, b, |s| s.supervisor = other.clone());
        self.record(
            "nqep_monthly_with_line_manager",
            &who,
            Some(b),
            "breach",
            format!(
                "every session in {} was with the service manager",
                a.format("%B %Y")
            ),
        );
    }

    fn tep_short_week(&mut self) {
        let Some(who) = self.pick(self.span.from, self.span.last, |s| s.kind == Kind::Tep) else {
            return;
        };
        let (a, b) = crate::calendar::period_containing(
            days(self.span.from, 100),
            crate::policy::CalendarPeriod::Week,
        );
        self.alter_sessions(&who, a, b, |s| s.duration = 60);
        self.record(
            "tep_half_hour_per_placement_day",
            &who,
            Some(b),
            "breach",
            "60 minutes in a week, with 3 placement days".into(),
        );
    }

    fn overseas_gap(&mut self, kind: Kind, rule: &str, step: i64) {
        let Some(who) = self.pick(self.span.from, self.span.last, |s| s.kind == kind) else {
            return;
        };
        let list = self.one_to_ones(&who);
        let dates: Vec<(usize, NaiveDate)> = list
            .iter()
            .filter_map(|i| self.org.sessions.get(*i).map(|s| (*i, s.start.date())))
            .collect();
        let Some(k) = dates
            .iter()
            .position(|(_, d)| *d >= days(self.span.from, 60))
        else {
            return;
        };
        let (Some((_, prev)), Some((remove, _)), Some(_)) =
            (dates.get(k - 1), dates.get(k), dates.get(k + 1))
        else {
            return;
        };
        let due = days(*prev, step);
        self.remove_sessions(&[*remove]);
        self.record(
            rule,
            &who,
            Some(due),
            "breach",
            format!("a session is missing, leaving a {}-day gap", 2 * step),
        );
    }

    fn case_gap(&mut self, flags: &[&str], rule: &str, remove: usize, gap_months: u32) {
        let span = self.span;
        // Asked once per case, `staff()` would scan the staff for each.
        let workers: HashSet<&str> = self
            .org
            .staff
            .iter()
            .filter(|w| w.kind == Kind::Monthly && w.end.is_none())
            .map(|w| w.id.as_str())
            .collect();
        let candidates: Vec<String> = self
            .org
            .cases
            .iter()
            .filter(|c| c.flags == flags && c.closed.is_none() && !self.used.contains(&c.id))
            .filter(|c| workers.contains(c.worker.as_str()))
            .map(|c| c.id.clone())
            .collect();
        let Some(case) = candidates
            .get(self.rng.below(candidates.len() as u64) as usize)
            .cloned()
        else {
            return;
        };
        self.used.insert(case.clone());
        let dates: Vec<NaiveDate> = {
            let mut d: Vec<NaiveDate> = self
                .org
                .discussions
                .iter()
                .filter(|d| d.case == case)
                .map(|d| d.discussed)
                .collect();
            d.sort();
            d
        };
        let Some(k) = dates.iter().position(|d| *d >= days(span.from, 40)) else {
            return;
        };
        let Some(anchor) = dates.get(k) else { return };
        if dates.get(k + remove + 1).is_none() {
            return;
        }
        let gone: Vec<NaiveDate> = dates.iter().skip(k + 1).take(remove).copied().collect();
        self.org
            .discussions
            .retain(|d| !(d.case == case && gone.contains(&d.discussed)));
        let due = anchor
            .checked_add_months(Months::new(gap_months))
            .unwrap_or(*anchor);
        self.record(
            rule,
            &case,
            Some(due),
            "breach",
            format!("{remove} discussion(s) missing after {anchor}"),
        );
    }

    fn decision(&mut self, late: bool) {
        let span = self.span;
        let candidates: Vec<usize> = self
            .org
            .decisions
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.decided.date() >= days(span.from, 30) && days(d.decided.date(), 10) < span.last
            })
            .map(|(i, _)| i)
            .collect();
        // A decision planted already (late, or never recorded) must not be
        // planted again: the second plant would overwrite the first, and the
        // planted list would name a breach the export no longer has. Walk on
        // from the random pick to the next one not planted, so a run with no
        // such clash draws (and writes) exactly what it did before.
        const RULE: &str = "case_decisions_recorded_within_a_week";
        let start = self.rng.below(candidates.len() as u64) as usize;
        let planted = |i: usize| {
            self.org.decisions.get(i).is_some_and(|d| {
                self.org
                    .planted
                    .iter()
                    .any(|p| p.rule == RULE && p.subject == d.id)
            })
        };
        let Some(i) = (0..candidates.len())
            .filter_map(|k| candidates.get((start + k) % candidates.len()).copied())
            .find(|i| !planted(*i))
        else {
            return;
        };
        let Some(d) = self.org.decisions.get_mut(i) else {
            return;
        };
        d.recorded = if late {
            Some(d.decided + chrono::TimeDelta::days(9))
        } else {
            None
        };
        let (id, due) = (d.id.clone(), days(d.decided.date(), 7));
        let what = if late {
            "recorded 9 days after the decision"
        } else {
            "never recorded"
        };
        self.record(RULE, &id, Some(due), "breach", what.into());
    }

    fn signature(&mut self, supervisee: bool) {
        let Some(who) = self.pick(self.span.from, self.span.last, |s| {
            s.kind == Kind::Monthly && s.role != "director"
        }) else {
            return;
        };
        let list = self.one_to_ones(&who);
        let Some(pos) = list.iter().position(|i| {
            self.org
                .sessions
                .get(*i)
                .is_some_and(|s| s.start.date() >= days(self.span.from, 30))
        }) else {
            return;
        };
        let (Some(&i), Some(&next)) = (list.get(pos), list.get(pos + 1)) else {
            return;
        };
        let Some(next_start) = self.org.sessions.get(next).map(|s| s.start) else {
            return;
        };
        let Some(s) = self.org.sessions.get_mut(i) else {
            return;
        };
        let rule = if supervisee {
            s.signed_by_supervisee = Some(next_start + chrono::TimeDelta::days(1));
            "record_signed_by_supervisee"
        } else {
            s.signed_by_supervisor = None;
            "record_signed_by_supervisor"
        };
        let id = s.id.clone();
        let what = if supervisee {
            "signed by the supervisee a day after the next session"
        } else {
            "never signed by the supervisor"
        };
        self.record(rule, &id, Some(next_start.date()), "breach", what.into());
    }

    fn yearly_gap(&mut self, what: &str) {
        let cutoff = self
            .span
            .from
            .checked_sub_months(Months::new(6))
            .unwrap_or(self.span.from);
        let long_ago = self
            .span
            .start
            .checked_sub_months(Months::new(12))
            .unwrap_or(self.span.start);
        let Some(who) = self.pick(long_ago, self.span.last, |s| {
            s.kind == Kind::Monthly
                && s.role != "director"
                && (what == "observation") == s.supervisor_since.is_some()
        }) else {
            return;
        };
        let rule = match what {
            "live" => {
                let gone: Vec<usize> = self
                    .sessions_of(&who)
                    .into_iter()
                    .filter(|i| {
                        self.org.sessions.get(*i).is_some_and(|s| {
                            s.kind == "live_supervision" && s.start.date() >= cutoff
                        })
                    })
                    .collect();
                self.removed.extend(gone);
                "annual_live_supervision"
            }
            "agreement" => {
                self.org
                    .agreements
                    .retain(|a| !(a.supervisee == who && a.date >= cutoff));
                "agreement_reviewed_annually"
            }
            _ => {
                self.org
                    .observations
                    .retain(|o| !(o.observed == who && o.date >= cutoff));
                "supervisors_observed_annually"
            }
        };
        self.record(
            rule,
            &who,
            None,
            "breach",
            format!("no {what} since {cutoff}"),
        );
    }

    /// A session in the judged year, for a person picked by `ok`.
    fn session_of(&mut self, ok: impl Fn(&Staff) -> bool) -> Option<(String, usize)> {
        let who = self.pick(self.span.from, self.span.last, ok)?;
        let list = self.one_to_ones(&who);
        let i = list.iter().copied().find(|i| {
            self.org
                .sessions
                .get(*i)
                .is_some_and(|s| s.start.date() >= days(self.span.from, 45))
        })?;
        Some((who, i))
    }

    fn peer_supervisor(&mut self, waiver: Option<bool>) {
        let Some((who, i)) = self.session_of(|s| s.role == "team_manager") else {
            return;
        };
        let peer = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "team_manager" && s.id != who)
            .map(|s| s.id.clone());
        let approver = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "service_manager")
            .map(|s| s.id.clone());
        let (Some(peer), Some(approver)) = (peer, approver) else {
            return;
        };
        let Some(s) = self.org.sessions.get_mut(i) else {
            return;
        };
        s.supervisor = peer;
        let day = s.start.date();
        let status = match waiver {
            None => "breach",
            Some(valid) => {
                let id = self.id("W");
                self.org.waivers.push(Waiver {
                    id,
                    waived_rule: "one_level_higher".into(),
                    subject: who.clone(),
                    approved_by: approver,
                    reason: "cover by a peer manager during the service manager's leave".into(),
                    granted: days(day, -10),
                    expires: Some(if valid { days(day, 30) } else { days(day, -1) }),
                });
                if valid {
                    "waived"
                } else {
                    "breach"
                }
            }
        };
        let what = match waiver {
            None => "supervised once by a fellow team manager",
            Some(true) => "supervised once by a fellow team manager, under a waiver",
            Some(false) => {
                "supervised once by a fellow team manager, the day after the waiver expired"
            }
        };
        self.record("one_level_higher", &who, Some(day), status, what.into());
    }

    fn replace_supervisor(
        &mut self,
        rule: &str,
        ok: impl Fn(&Staff) -> bool,
        supervisor: Option<String>,
        what: &str,
    ) {
        let Some(supervisor) = supervisor else { return };
        let Some((who, i)) = self.session_of(ok) else {
            return;
        };
        let Some(s) = self.org.sessions.get_mut(i) else {
            return;
        };
        s.supervisor = supervisor;
        let day = s.start.date();
        self.record(rule, &who, Some(day), "breach", what.into());
    }

    fn unregistered_supervisor(&mut self) {
        let pep = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "principal_educational_psychologist")
            .map(|s| s.id.clone());
        self.replace_supervisor(
            "hcpc_registered_supervisors",
            |s| s.role == "social_worker" && s.kind == Kind::Monthly && s.tags.contains(&"statutory"),
            pep,
            "a statutory social worker supervised once by the principal educational psychologist, who has no HCPC registration on record",
        );
    }

    fn untrained_supervisor(&mut self) {
        let senior = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "senior_social_worker" && !self.used.contains(&s.id))
            .map(|s| s.id.clone());
        if let Some(s) = &senior {
            self.used.insert(s.clone());
        }
        self.replace_supervisor(
            "supervisors_trained",
            |s| s.role == "family_support_worker" && s.kind == Kind::Monthly,
            senior,
            "supervised once by a senior social worker without supervision training",
        );
    }

    fn assistant_team_manager(&mut self) {
        let atm = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "assistant_team_manager")
            .map(|s| s.id.clone());
        self.replace_supervisor(
            "assistant_team_managers_supervise_asye_only",
            |s| {
                s.role == "social_worker"
                    && s.kind == Kind::Monthly
                    && s.tags.contains(&"sw_qualified")
            },
            atm,
            "a qualified social worker (not ASYE) supervised once by an assistant team manager",
        );
    }

    fn tep_wrong_supervisor(&mut self) {
        let sm = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "service_manager")
            .map(|s| s.id.clone());
        self.replace_supervisor(
            "teps_supervised_by_experienced_eps",
            |s| s.kind == Kind::Tep,
            sm,
            "a trainee educational psychologist supervised once by a service manager",
        );
    }

    fn inexperienced_supervisor(&mut self) {
        // An extra session with an assistant team manager, who has never
        // held a supervisory post.
        let Some(atm) = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "assistant_team_manager")
            .map(|s| s.id.clone())
        else {
            return;
        };
        let Some(who) =
            self.nqsw(|s, span| days(s.start, 52) >= span.from && days(s.start, 52) <= span.last)
        else {
            return;
        };
        let Some(start) = self.staff(&who).map(|s| s.start) else {
            return;
        };
        let day = days(start, 52);
        let id = self.id("X");
        let t = at(day, 13);
        self.add_session(Session {
            id,
            supervisee: who.clone(),
            supervisor: atm,
            kind: "one_to_one",
            status: "held",
            start: t,
            duration: 60,
            recorded: Some(t + chrono::TimeDelta::hours(1)),
            signed_by_supervisor: Some(t + chrono::TimeDelta::hours(1)),
            signed_by_supervisee: Some(t + chrono::TimeDelta::hours(1)),
        });
        self.record("experienced_supervisors_for_new_practitioners", &who, Some(day), "breach", "an ASYE social worker supervised once by an assistant team manager who has never held a supervisory post".into());
    }

    fn too_few_supervisees(&mut self) {
        let last = self.span.last;
        let leave = days(last, -45);
        let leave = if leave.succ_opt().is_some_and(|n| n.day() == 1) {
            days(leave, -1)
        } else {
            leave
        };
        let Some(tm) = self.pick(self.span.from, last, |s| s.role == "team_manager") else {
            return;
        };
        let members: Vec<String> = self
            .org
            .staff
            .iter()
            .filter(|s| {
                s.supervisor.as_deref() == Some(tm.as_str())
                    && s.kind == Kind::Monthly
                    && s.end.is_none()
                    && s.start < self.span.from
                    && !self.used.contains(&s.id)
            })
            .map(|s| s.id.clone())
            .take(2)
            .collect();
        let current = self
            .org
            .staff
            .iter()
            .filter(|s| {
                s.supervisor.as_deref() == Some(tm.as_str())
                    && s.end.is_none_or(|e| e >= last)
                    && s.start <= leave
            })
            .count();
        if members.len() < 2 || current < 6 {
            return;
        }
        // The breach is planted as one run of days under five, from the day
        // after the two leave to the last day. Anyone who joins the team in
        // between (a starter planted by an earlier round of plants, such as
        // an NQSW without an assessor, or one in the history) ends the run
        // early, and the breach would be found on another day: choose
        // another manager next time instead.
        let stays_short = (1..=(last - leave).num_days())
            .all(|k| self.supervisees_on(&tm, days(leave, k), &members) < 5);
        if !stays_short {
            return;
        }
        self.short_staffed.insert(tm.clone());
        for m in &members {
            self.used.insert(m.clone());
            if let Some(s) = self.org.staff.iter_mut().find(|s| &s.id == m) {
                s.end = Some(leave);
            }
            let gone: Vec<usize> = self
                .sessions_of(m)
                .into_iter()
                .filter(|i| {
                    self.org
                        .sessions
                        .get(*i)
                        .is_some_and(|s| s.start.date() > leave)
                })
                .collect();
            self.removed.extend(gone);
            self.org
                .agreements
                .retain(|a| !(&a.supervisee == m && a.date > leave));
            let cases: Vec<String> = self
                .org
                .cases
                .iter()
                .filter(|c| &c.worker == m)
                .map(|c| c.id.clone())
                .collect();
            for c in &mut self.org.cases {
                if &c.worker == m {
                    c.closed = Some(c.closed.map_or(leave, |x| x.min(leave)));
                }
            }
            self.org
                .discussions
                .retain(|d| !(cases.contains(&d.case) && d.discussed > leave));
            self.org
                .decisions
                .retain(|d| !(cases.contains(&d.case) && d.decided.date() > leave));
            self.org
                .access
                .retain(|a| !(a.accessed_by == *m && a.accessed.date() > leave));
        }
        self.record(
            "five_to_seven_supervisees",
            &tm,
            Some(last),
            "breach",
            format!("two of the team left on {leave} and were not replaced"),
        );
    }

    fn deleted_early(&mut self) {
        let target = self
            .org
            .staff
            .iter()
            .filter(|s| {
                s.kind == Kind::Former
                    && s.end.is_some_and(|e| months(e, 72) > self.span.last)
                    && !self.used.contains(&s.id)
            })
            .map(|s| s.id.clone())
            .next();
        let Some(who) = target else { return };
        self.used.insert(who.clone());
        let deleted = days(self.span.from, 30);
        let Some(r) = self
            .org
            .records
            .iter_mut()
            .find(|r| r.subject == who && r.kind == "personal_supervision")
        else {
            return;
        };
        r.deleted = Some(deleted);
        let id = r.id.clone();
        self.record(
            "personal_supervision_kept_six_years",
            &id,
            Some(deleted),
            "breach",
            "deleted less than six years after the employee left".into(),
        );
    }

    fn bad_access(&mut self, role: &'static str, purpose: &'static str) {
        let reader = self
            .org
            .staff
            .iter()
            .find(|s| s.role == role)
            .map_or_else(|| "S-UNKNOWN".to_string(), |s| s.id.clone());
        // Not the reader's own record: the subject may read it for any purpose.
        let records: Vec<String> = self
            .org
            .records
            .iter()
            .filter(|r| r.kind == "personal_supervision" && r.subject != reader)
            .map(|r| r.id.clone())
            .collect();
        let Some(record) = records
            .get(self.rng.below(records.len() as u64) as usize)
            .cloned()
        else {
            return;
        };
        let day = days(self.span.from, 90 + self.rng.below(120) as i64);
        let id = self.id("L");
        self.org.access.push(Access {
            id: id.clone(),
            record,
            accessed_by: reader,
            role,
            purpose,
            accessed: at(day, 12),
        });
        self.record(
            "personal_supervision_file_access",
            &id,
            Some(day),
            "breach",
            format!("read by a `{role}` for `{purpose}`"),
        );
    }

    /// `supervisor`'s supervisees employed on `day`, leaving out `except`,
    /// as the `supervisees` limit counts them.
    fn supervisees_on(&self, supervisor: &str, day: NaiveDate, except: &[String]) -> usize {
        self.org
            .staff
            .iter()
            .filter(|s| {
                s.supervisor.as_deref() == Some(supervisor)
                    && s.start <= day
                    && s.end.is_none_or(|e| e >= day)
                    && !except.contains(&s.id)
            })
            .count()
    }

    /// Current supervisees of a member of staff on the last day.
    fn supervisee_count(&self, supervisor: &str) -> usize {
        let last = self.span.last;
        self.org
            .staff
            .iter()
            .filter(|s| {
                s.supervisor.as_deref() == Some(supervisor)
                    && s.start <= last
                    && s.end.is_none_or(|e| e >= last)
            })
            .count()
    }

    /// A decision to reduce an overseas social worker's frequency of
    /// supervision taken before the practice it rests on was observed
    /// (`late`), or with no observation recorded at all.
    fn reduction_before_observation(&mut self, late: bool) {
        let workers: Vec<String> = self
            .org
            .staff
            .iter()
            .filter(|s| {
                matches!(s.kind, Kind::OverseasTwoWeekly | Kind::OverseasThreeWeekly)
                    && s.start <= self.span.from
                    && s.end.is_none()
            })
            .map(|s| s.id.clone())
            .collect();
        let Some(worker) = workers
            .get(self.rng.below(workers.len() as u64) as usize)
            .cloned()
        else {
            return;
        };
        let decided = days(self.span.from, 40 + self.rng.below(200) as i64);
        let id = self.id("F");
        self.org.reductions.push(FrequencyReduction {
            id: id.clone(),
            worker,
            decided,
            practice_observed: late.then(|| days(decided, 5)),
        });
        let what = if late {
            "practice observed five days after the decision to reduce supervision"
        } else {
            "a decision to reduce supervision with no observation of practice recorded"
        };
        self.record(
            "practice_observed_before_reduction",
            &id,
            Some(decided),
            "breach",
            what.into(),
        );
    }

    /// A senior social worker appointed to a supervisory post ten days
    /// ago, not yet trained and with no supervisees allocated yet (the
    /// ratio breach is covered by the service manager's waiver).
    fn untrained_new_supervisor(&mut self) {
        let last = self.span.last;
        let Some(who) = self.pick(self.span.start, last, |s| {
            s.role == "senior_social_worker"
                && s.kind == Kind::Monthly
                && s.supervisor_since.is_none()
        }) else {
            return;
        };
        let approver = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "service_manager")
            .map(|s| s.id.clone());
        let Some(approver) = approver else { return };
        let since = days(last, -10);
        if let Some(s) = self.org.staff.iter_mut().find(|s| s.id == who) {
            s.supervisor_since = Some(since);
            s.tags.retain(|t| *t != "supervision_trained");
        }
        self.record(
            "every_supervisor_trained",
            &who,
            Some(last),
            "breach",
            format!("appointed to a supervisory post on {since} without supervision training"),
        );
        let id = self.id("W");
        self.org.waivers.push(Waiver {
            id,
            waived_rule: "five_to_seven_supervisees".into(),
            subject: who.clone(),
            approved_by: approver,
            reason: "newly appointed supervisor; supervisees are being allocated".into(),
            granted: since,
            expires: None,
        });
        self.record(
            "five_to_seven_supervisees",
            &who,
            Some(last),
            "waived",
            "no supervisees yet since the appointment, under a waiver".into(),
        );
    }

    /// A social worker starting their ASYE three days before the last day,
    /// with no assessor allocated yet (nothing else is due so soon).
    fn nqsw_without_assessor(&mut self) {
        let last = self.span.last;
        let start = days(last, -3);
        let manager = self
            .org
            .staff
            .iter()
            .filter(|s| {
                s.role == "team_manager" && s.end.is_none() && !self.short_staffed.contains(&s.id)
            })
            .map(|s| (self.supervisee_count(&s.id), s.id.clone(), s.team.clone()))
            .min();
        let Some((count, tm, team)) = manager else {
            return;
        };
        if count >= 7 {
            return;
        }
        let id = format!("S{:05}", self.org.staff.len() + 1);
        self.org.staff.push(Staff {
            id: id.clone(),
            role: "social_worker",
            team,
            level: 1,
            tags: vec!["asye", "statutory", "sw_qualified"],
            registrations: vec!["HCPC"],
            fte: 1.0,
            caseload: Some(0),
            start,
            line_manager: Some(tm.clone()),
            supervisor: Some(tm),
            kind: Kind::Nqsw,
            ..Staff::default()
        });
        self.used.insert(id.clone());
        self.record(
            "nqsw_assessor_allocated",
            &id,
            Some(last),
            "breach",
            format!("started the ASYE on {start} with no assessor allocated"),
        );
    }

    /// A trainee educational psychologist starting three days before the
    /// last day, supervised by the principal educational psychologist from
    /// the first day, with that allocation missing from the staff record.
    fn tep_without_supervisor(&mut self) {
        let last = self.span.last;
        let start = days(last, -3);
        let Some((pep, team)) = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "principal_educational_psychologist" && s.end.is_none())
            .map(|s| (s.id.clone(), s.team.clone()))
        else {
            return;
        };
        let id = format!("S{:05}", self.org.staff.len() + 1);
        self.org.staff.push(Staff {
            id: id.clone(),
            role: "trainee_educational_psychologist",
            team,
            level: 1,
            fte: 1.0,
            start,
            line_manager: Some(pep.clone()),
            placement_days: Some(3),
            kind: Kind::Tep,
            ..Staff::default()
        });
        self.used.insert(id.clone());
        // Their first week's supervision, so the week is met whatever day
        // of the week the history ends on.
        let t = at(start, 10);
        let session = self.id("X");
        self.add_session(Session {
            id: session,
            supervisee: id.clone(),
            supervisor: pep,
            kind: "one_to_one",
            status: "held",
            start: t,
            duration: 90,
            recorded: Some(t + chrono::TimeDelta::hours(1)),
            signed_by_supervisor: Some(t + chrono::TimeDelta::hours(1)),
            signed_by_supervisee: Some(t + chrono::TimeDelta::hours(1)),
        });
        self.record(
            "teps_have_a_supervisor",
            &id,
            Some(last),
            "breach",
            "started three days ago; the supervisor is not recorded".into(),
        );
    }
}
