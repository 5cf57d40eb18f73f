//! Limit breaches: a team manager with too few supervisees, and the counts
//! the limit reads.

use super::*;

impl Planter<'_> {
    pub(super) fn too_few_supervisees(&mut self) {
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
        let from = self.span.from;
        let members: Vec<String> = self
            .monthly_supervisees(&tm, |s| s.start < from)
            .into_iter()
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
}

impl Planter<'_> {
    /// `supervisor`'s supervisees employed on `day`, leaving out `except`,
    /// as the `supervisees` limit counts them.
    pub(super) fn supervisees_on(
        &self,
        supervisor: &str,
        day: NaiveDate,
        except: &[String],
    ) -> usize {
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
    pub(super) fn supervisee_count(&self, supervisor: &str) -> usize {
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
}
