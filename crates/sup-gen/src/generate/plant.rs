//! Planted breaches: one change to the baseline per kind of breach, each on
//! a different person (or case, or row), each recorded in
//! [`Org::planted`] with the finding it must cause.
//!
//! This file holds the planter and its helpers and the order plants run in;
//! the plants themselves live in one file per rule family they breach
//! (`frequency`, `deadlines`, `eligibility`, `limits`, `retention`, `access`,
//! `attribute`), and `history` holds those only `staff_history` reveals.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};

use super::build::{at, days, months, span_of, Span};
use super::*;

mod access;
mod attribute;
mod deadlines;
mod eligibility;
mod frequency;
mod history;
mod limits;
mod retention;

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
    /// The supervisee the supervisor swap moved (`history.rs`), the
    /// supervisor they had during the swap, and its last day.
    swapped: Option<(String, String, NaiveDate)>,
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
        swapped: None,
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
        p.unrelated_reader();
    }
    p.settle_sessions();
    if config.history {
        // Last: it reads every session the other plants left.
        p.registration_lapsed();
        p.settle_sessions();
        p.former_supervisor_reads();
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

    /// The id of the first member of staff, in staff order, who holds
    /// `role`: the same person on every run with the same seed.
    fn first_with_role(&self, role: &str) -> Option<String> {
        self.org
            .staff
            .iter()
            .find(|s| s.role == role)
            .map(|s| s.id.clone())
    }

    /// The ids of the staff `supervisor` supervises monthly who have not
    /// left, no plant has used yet, and `ok` accepts, in staff order.
    fn monthly_supervisees(&self, supervisor: &str, ok: impl Fn(&Staff) -> bool) -> Vec<String> {
        self.org
            .staff
            .iter()
            .filter(|s| {
                s.supervisor.as_deref() == Some(supervisor)
                    && s.kind == Kind::Monthly
                    && s.end.is_none()
                    && !self.used.contains(&s.id)
                    && ok(s)
            })
            .map(|s| s.id.clone())
            .collect()
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

    /// Give `who`'s one-to-one sessions from `a` to `b` to `supervisor`
    /// (other kinds, such as group supervision, keep theirs).
    fn hand_one_to_ones(&mut self, who: &str, a: NaiveDate, b: NaiveDate, supervisor: &str) {
        self.alter_sessions(who, a, b, |s| {
            if s.kind == "one_to_one" {
                s.supervisor = supervisor.to_string();
            }
        });
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

    /// Add a one-to-one session held at `start`, recorded and signed by
    /// both an hour after it starts: a session no rule faults, so only
    /// what the plant means to change is a breach.
    fn add_held_one_to_one(
        &mut self,
        supervisee: String,
        supervisor: String,
        start: NaiveDateTime,
        duration: u32,
    ) {
        let id = self.id("X");
        let done = Some(start + chrono::TimeDelta::hours(1));
        self.add_session(Session {
            id,
            supervisee,
            supervisor,
            kind: "one_to_one",
            status: "held",
            start,
            duration,
            recorded: done,
            signed_by_supervisor: done,
            signed_by_supervisee: done,
        });
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

    /// Remove `who`'s one-to-one sessions held on a day `on` accepts.
    fn remove_one_to_ones(&mut self, who: &str, on: impl Fn(NaiveDate) -> bool) {
        let remove: Vec<usize> = self
            .one_to_ones(who)
            .into_iter()
            .filter(|i| {
                self.org
                    .sessions
                    .get(*i)
                    .is_some_and(|s| on(s.start.date()))
            })
            .collect();
        self.remove_sessions(&remove);
    }

    /// Remove sessions (see [`Planter::settle_sessions`]).
    fn remove_sessions(&mut self, remove: &[usize]) {
        self.removed.extend(remove.iter().copied());
    }
}
