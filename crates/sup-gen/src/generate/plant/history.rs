//! Plants that only an evaluator reading `staff_history` gets right: a
//! breach the snapshot alone hides (the snapshot shows someone as they are
//! now, compliant, while on the day judged they were in a stricter group,
//! had another supervisor or line manager, or were one of too many
//! supervisees), and a compliant case the snapshot alone would flag
//! (recorded in [`Org::traps`]).
//!
//! Each plant writes the history rows that make it so and changes the
//! sessions to match; everyone it changes is marked used, so no other plant
//! touches them and no padding session is added for them.

use super::*;
use crate::policy::CalendarPeriod;

/// The reallocation period of [`Planter::reallocation_over_capacity`], in
/// days before the last day: after every supervisor swap (which ends by day
/// 280 of the judged year) and before the team that
/// [`Planter::too_few_supervisees`] leaves short (45 days before the end).
const REALLOCATION: (i64, i64) = (70, 50);

impl Planter<'_> {
    pub(super) fn history_plants(&mut self) {
        self.line_manager_away();
        self.former_nqep();
        self.supervisor_swap();
        self.reallocation_over_capacity();
        self.stage_increased();
    }

    fn history(&mut self, row: StaffHistory) {
        self.org.history.push(row);
    }

    fn record_history(&mut self, rule: &str, subject: &str, date: Option<NaiveDate>, what: String) {
        self.record(rule, subject, date, "breach", what);
        if let Some(p) = self.org.planted.last_mut() {
            p.only_with_history = true;
        }
    }

    pub(super) fn trap(&mut self, rule: &str, subject: &str, what: String) {
        self.org.traps.push(Planted {
            rule: rule.to_string(),
            subject: subject.to_string(),
            date: None,
            status: "met",
            what,
            only_with_history: false,
        });
    }

    /// Team managers of social work teams, with their supervisees on each
    /// day of `[a, b]` as the snapshot allocates them (fewest first).
    fn team_managers(&self, a: NaiveDate, b: NaiveDate) -> Vec<(usize, usize, String)> {
        let mut list: Vec<(usize, usize, String)> = self
            .org
            .staff
            .iter()
            .filter(|s| s.role == "team_manager" && s.end.is_none())
            .map(|s| {
                let counts =
                    (0..=(b - a).num_days()).map(|k| self.supervisees_on(&s.id, days(a, k), &[]));
                let lo = counts.clone().min().unwrap_or(0);
                let hi = counts.max().unwrap_or(0);
                (lo, hi, s.id.clone())
            })
            .collect();
        list.sort();
        list
    }

    /// An unused long-serving social worker supervised by `manager`.
    fn member_of(&mut self, manager: &str, ok: impl Fn(&Staff) -> bool) -> Option<String> {
        let from = self.span.from;
        let chosen = self
            .org
            .staff
            .iter()
            .find(|s| {
                s.supervisor.as_deref() == Some(manager)
                    && s.kind == Kind::Monthly
                    && s.role == "social_worker"
                    && s.start < days(from, -400)
                    && s.end.is_none()
                    && !self.used.contains(&s.id)
                    && ok(s)
            })
            .map(|s| s.id.clone())?;
        self.used.insert(chosen.clone());
        Some(chosen)
    }

    /// The days of `who`'s live supervision sessions.
    fn live_days(&mut self, who: &str) -> Vec<NaiveDate> {
        self.sessions_of(who)
            .into_iter()
            .filter_map(|i| self.org.sessions.get(i))
            .filter(|s| s.kind == "live_supervision")
            .map(|s| s.start.date())
            .collect()
    }

    /// A newly qualified educational psychologist whose line manager was
    /// the service manager for one month (the principal educational
    /// psychologist was away); every session that month was still with the
    /// principal, so no session was with the line manager of the day.
    fn line_manager_away(&mut self) {
        let (a, b) = self.month();
        let Some(who) = self.pick(days(self.span.from, -30), self.span.last, |s| {
            s.kind == Kind::Nqep
        }) else {
            return;
        };
        let Some(principal) = self.staff(&who).and_then(|s| s.line_manager.clone()) else {
            return;
        };
        let Some(acting) = self.staff(&principal).and_then(|s| s.line_manager.clone()) else {
            return;
        };
        self.history(StaffHistory {
            id: who.clone(),
            from: a,
            to: Some(b),
            line_manager: Some(acting.clone()),
            ..StaffHistory::default()
        });
        self.record_history(
            "nqep_monthly_with_line_manager",
            &who,
            Some(b),
            format!(
                "line-managed by {acting} in {}, but every session that month was with {principal}",
                a.format("%B %Y")
            ),
        );
    }

    /// An educational psychologist who was newly qualified (tag `nqep`)
    /// until a day in the judged year, supervised weekly until then and
    /// monthly after, with no session in one fortnight while newly
    /// qualified. The snapshot shows a qualified psychologist supervised
    /// more than monthly.
    fn former_nqep(&mut self) {
        let span = self.span;
        let Some(who) = self.pick(span.start, span.last, |s| {
            s.kind == Kind::Monthly && s.role == "educational_psychologist"
        }) else {
            return;
        };
        let Some(supervisor) = self.staff(&who).and_then(|s| s.supervisor.clone()) else {
            return;
        };
        let begin = days(span.from, -150);
        // Qualified on the day of a monthly session, so the month they
        // qualify in keeps a session.
        let sessions = self.one_to_ones(&who);
        let Some(qualified) = sessions
            .iter()
            .filter_map(|i| self.org.sessions.get(*i))
            .map(|s| s.start.date())
            .find(|d| *d >= days(span.from, 100))
        else {
            return;
        };
        let (fa, fb) =
            crate::calendar::period_containing(days(span.from, 40), CalendarPeriod::Fortnight);
        let before: Vec<usize> = sessions
            .into_iter()
            .filter(|i| {
                self.org
                    .sessions
                    .get(*i)
                    .is_some_and(|s| s.start.date() >= begin && s.start.date() < qualified)
            })
            .collect();
        self.remove_sessions(&before);
        // Weekly on Tuesdays, and on the last day newly qualified: a
        // fortnight only partly while newly qualified asks for its share of
        // the hour from sessions on those days.
        let mut planned = Vec::new();
        let mut d = days(super::super::build::monday(begin), 8);
        while d < qualified {
            planned.push(d);
            d = days(d, 7);
        }
        if let Some(eve) = qualified.pred_opt().filter(|e| !planned.contains(e)) {
            planned.push(eve);
        }
        for d in planned {
            if !(fa..=fb).contains(&d) {
                self.add_held_one_to_one(who.clone(), supervisor.clone(), at(d, 10), 60);
            }
        }
        self.history(StaffHistory {
            id: who.clone(),
            from: begin,
            to: qualified.pred_opt(),
            tags: Some(vec!["nqep"]),
            ..StaffHistory::default()
        });
        self.record_history(
            "nqep_hour_per_fortnight",
            &who,
            Some(fb),
            format!("newly qualified until {qualified}; no session in the fortnight {fa} to {fb}"),
        );
    }

    /// Two social workers of different teams swap supervisors for about
    /// eight months (covering two live supervisions of each). One (a trap)
    /// had every session, live supervision included, with the supervisor
    /// of the day; the other had their one-to-ones with the new supervisor
    /// but their live supervisions still with the old one, who was no
    /// longer their supervisor. Each manager keeps six supervisees.
    fn supervisor_swap(&mut self) {
        let span = self.span;
        let window = (days(span.from, 10), days(span.from, 90));
        let managers = self.team_managers(span.from, span.last);
        let mut pair = Vec::new();
        for (_, _, tm) in managers {
            if self.short_staffed.contains(&tm) {
                continue;
            }
            let wanted =
                |live: &[NaiveDate]| live.iter().any(|d| (window.0..=window.1).contains(d));
            let candidates = self.monthly_supervisees(&tm, |s| {
                s.role == "social_worker" && s.start < days(span.from, -400)
            });
            for c in candidates {
                let live = self.live_days(&c);
                if wanted(&live) {
                    self.used.insert(c.clone());
                    pair.push((tm.clone(), c, live));
                    break;
                }
            }
            if pair.len() == 2 {
                break;
            }
        }
        let [(a, trap, trap_live), (b, breach, breach_live)] = <[_; 2]>::try_from(pair)
            .unwrap_or_else(|p: Vec<_>| {
                // Not two teams to swap between: release whoever was taken.
                for (_, who, _) in &p {
                    self.used.remove(who);
                }
                Default::default()
            });
        if a.is_empty() {
            return;
        }
        let first = |live: &[NaiveDate]| {
            live.iter()
                .copied()
                .find(|d| (window.0..=window.1).contains(d))
                .unwrap_or(window.0)
        };
        let start = days(first(&trap_live).min(first(&breach_live)), -5);
        let end = days(months(first(&trap_live).max(first(&breach_live)), 6), 5);
        for (who, to) in [(&trap, &b), (&breach, &a)] {
            self.history(StaffHistory {
                id: who.clone(),
                from: start,
                to: Some(end),
                supervisor: Some(to.clone()),
                ..StaffHistory::default()
            });
        }
        let to = b.clone();
        self.alter_sessions(&trap, start, end, |s| s.supervisor = to.clone());
        self.hand_one_to_ones(&breach, start, end, &a);
        self.trap(
            "annual_live_supervision",
            &trap,
            format!("supervised by {b} from {start} to {end}, and live-supervised by them then"),
        );
        self.swapped = Some((breach.clone(), a.clone(), end));
        self.record_history(
            "annual_live_supervision",
            &breach,
            None,
            format!(
                "supervised by {a} from {start} to {end}, but live-supervised by {b}, their supervisor before and after"
            ),
        );
        let _ = trap_live;
        let _ = breach_live;
    }

    /// Two social workers of two teams reallocated for three weeks to a
    /// third team manager who already supervises six: eight supervisees on
    /// each day of the reallocation. The snapshot shows six.
    fn reallocation_over_capacity(&mut self) {
        let last = self.span.last;
        let (a, b) = (days(last, -REALLOCATION.0), days(last, -REALLOCATION.1));
        let managers = self.team_managers(a, b);
        let Some(target) = managers
            .iter()
            .find(|(lo, hi, _)| *lo == 6 && *hi == 6)
            .map(|(_, _, tm)| tm.clone())
        else {
            return;
        };
        let donors: Vec<String> = managers
            .iter()
            .filter(|(lo, _, tm)| *lo >= 6 && *tm != target)
            .map(|(_, _, tm)| tm.clone())
            .collect();
        let mut moved = Vec::new();
        for donor in donors {
            if let Some(who) = self.member_of(&donor, |_| true) {
                moved.push(who);
            }
            if moved.len() == 2 {
                break;
            }
        }
        if moved.len() < 2 {
            for who in &moved {
                self.used.remove(who);
            }
            return;
        }
        for who in &moved {
            self.history(StaffHistory {
                id: who.clone(),
                from: a,
                to: Some(b),
                supervisor: Some(target.clone()),
                ..StaffHistory::default()
            });
            let to = target.clone();
            self.alter_sessions(who, a, b, |s| s.supervisor = to.clone());
        }
        self.record_history(
            "five_to_seven_supervisees",
            &target,
            Some(b),
            format!(
                "eight supervisees from {a} to {b}, while {} and {} were reallocated to them",
                moved.first().map_or("", String::as_str),
                moved.get(1).map_or("", String::as_str)
            ),
        );
    }

    /// An overseas social worker moved back from the monthly stage to a
    /// more frequent one during the judged year (a trap): supervised
    /// monthly until then and at the stage's frequency after. The snapshot
    /// shows the frequent stage all year, with monthly gaps.
    fn stage_increased(&mut self) {
        let span = self.span;
        let begin = days(span.from, -60);
        let Some(who) = self.pick(begin, span.last, |s| {
            matches!(s.kind, Kind::OverseasTwoWeekly | Kind::OverseasThreeWeekly)
        }) else {
            return;
        };
        let Some(s) = self.staff(&who).cloned() else {
            return;
        };
        let (step, rule) = if s.kind == Kind::OverseasTwoWeekly {
            (14, "overseas_every_two_weeks")
        } else {
            (21, "overseas_every_three_weeks")
        };
        let supervisor = s.supervisor.clone().unwrap_or_default();
        let back = days(span.from, 100 + self.rng.below(40) as i64);
        self.remove_one_to_ones(&who, |d| d >= begin);
        // Monthly on the day of the month they move back, a week before it
        // (so the stricter stage starts with a recent session), then at the
        // stage's frequency.
        let mut planned = Vec::new();
        for k in (1..=12).rev() {
            let d = back.checked_sub_months(Months::new(k)).unwrap_or(back);
            if d >= begin {
                planned.push(d);
            }
        }
        planned.push(days(back, -7));
        let mut d = back;
        while d <= span.last {
            planned.push(d);
            d = days(d, step);
        }
        for d in planned {
            self.add_held_one_to_one(who.clone(), supervisor.clone(), at(d, 11), 60);
        }
        let mut tags: Vec<&'static str> = s
            .tags
            .iter()
            .copied()
            .filter(|t| *t != "overseas_three_weekly")
            .collect();
        tags.push("overseas_monthly");
        self.history(StaffHistory {
            id: who.clone(),
            from: begin,
            to: back.pred_opt(),
            tags: Some(tags),
            ..StaffHistory::default()
        });
        self.trap(
            rule,
            &who,
            format!("at the monthly stage until {back}, supervised monthly until then"),
        );
    }

    /// A service manager whose HCPC registration lapsed for a few days
    /// around one day of supervision of team managers in statutory social
    /// work. The snapshot records no registration (a history cannot record
    /// an empty value, so the registered periods are in the history): an
    /// evaluator reading only the snapshot flags every such session of the
    /// year (traps), one that reads the history only those in the lapse.
    pub(super) fn registration_lapsed(&mut self) {
        let span = self.span;
        let Some(manager) = self
            .org
            .staff
            .iter()
            // Used or not: the plants that use a service manager do not
            // depend on their registration.
            .find(|s| s.role == "service_manager")
            .map(|s| (s.id.clone(), s.start))
        else {
            return;
        };
        let (manager, since) = manager;
        let statutory: HashSet<&str> = self
            .org
            .staff
            .iter()
            .filter(|s| s.tags.contains(&"statutory"))
            .map(|s| s.id.as_str())
            .collect();
        // (day, supervisee) of the manager's sessions with statutory staff.
        let mut held: Vec<(NaiveDate, String)> = self
            .org
            .sessions
            .iter()
            .filter(|s| {
                s.supervisor == manager
                    && s.kind == "one_to_one"
                    && statutory.contains(s.supervisee.as_str())
            })
            .map(|s| (s.start.date(), s.supervisee.clone()))
            .collect();
        held.sort();
        let judged: Vec<NaiveDate> = held
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| *d >= days(span.from, 60) && *d <= days(span.last, -60))
            .collect();
        let Some(day) = judged.get(judged.len() / 2).copied() else {
            return;
        };
        let before = held
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| *d < day)
            .max()
            .unwrap_or(day);
        let after = held
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| *d > day)
            .min()
            .unwrap_or(day);
        let lapse = (
            days(day, -5).max(days(before, 1)),
            days(day, 5).min(days(after, -1)),
        );
        self.used.insert(manager.clone());
        if let Some(s) = self.org.staff.iter_mut().find(|s| s.id == manager) {
            s.registrations.clear();
        }
        self.history(StaffHistory {
            id: manager.clone(),
            from: since,
            to: lapse.0.pred_opt(),
            registrations: Some(vec!["HCPC"]),
            ..StaffHistory::default()
        });
        self.history(StaffHistory {
            id: manager.clone(),
            from: days(lapse.1, 1),
            to: None,
            registrations: Some(vec!["HCPC"]),
            ..StaffHistory::default()
        });
        let mut flagged = HashSet::new();
        for (d, who) in &held {
            if *d == day {
                flagged.insert(who.clone());
                self.record(
                    "hcpc_registered_supervisors",
                    who,
                    Some(day),
                    "breach",
                    format!(
                        "supervised by {manager}, whose HCPC registration lapsed from {} to {}",
                        lapse.0, lapse.1
                    ),
                );
            }
        }
        // No padding sessions for them: one in the lapse would be another
        // breach.
        for (d, who) in held {
            self.used.insert(who.clone());
            if d >= span.from && !flagged.contains(&who) {
                flagged.insert(who.clone());
                self.trap(
                    "hcpc_registered_supervisors",
                    &who,
                    format!("supervised by {manager} while registered"),
                );
            }
        }
    }
}
