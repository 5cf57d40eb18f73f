//! Deadline breaches: decisions recorded late, records signed late, a
//! reduction decided before the practice was observed.

use super::*;

impl Planter<'_> {
    pub(super) fn decision(&mut self, late: bool) {
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

    pub(super) fn signature(&mut self, supervisee: bool) {
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
}

impl Planter<'_> {
    /// A decision to reduce an overseas social worker's frequency of
    /// supervision taken before the practice it rests on was observed
    /// (`late`), or with no observation recorded at all.
    pub(super) fn reduction_before_observation(&mut self, late: bool) {
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
}
