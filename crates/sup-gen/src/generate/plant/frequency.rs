//! Frequency breaches: supervision missed or too far apart, for a group,
//! a case or a yearly activity.

use super::*;
use crate::policy::CalendarPeriod;

impl Planter<'_> {
    pub(super) fn monthly_missed(&mut self) {
        let (a, b) = self.month();
        let Some(who) = self.pick(a, b, |s| s.kind == Kind::Monthly && s.role != "director") else {
            return;
        };
        self.remove_one_to_ones(&who, |d| d >= a && d <= b);
        self.record(
            "monthly_supervision",
            &who,
            Some(b),
            "breach",
            format!("no one-to-one in {}", a.format("%B %Y")),
        );
    }

    pub(super) fn nqsw(&mut self, ok: impl Fn(&Staff, &Span) -> bool) -> Option<String> {
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

    pub(super) fn nqsw_phase_one_missed(&mut self) {
        let Some(who) =
            self.nqsw(|s, span| days(s.start, 14) >= span.from && days(s.start, 42) <= span.last)
        else {
            return;
        };
        let Some(start) = self.staff(&who).map(|s| s.start) else {
            return;
        };
        let day14 = days(start, 14);
        self.remove_one_to_ones(&who, |d| d == day14);
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

    pub(super) fn nqsw_line_manager_missed(&mut self) {
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
        self.hand_one_to_ones(&who, day, day, &assessor);
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

    /// Cut every session `who` has in the calendar `period` that holds `day`
    /// to `minutes`, and give the period's last day, when the shortfall
    /// is found.
    fn shorten_period(
        &mut self,
        who: &str,
        day: NaiveDate,
        period: CalendarPeriod,
        minutes: u32,
    ) -> NaiveDate {
        let (a, b) = crate::calendar::period_containing(day, period);
        self.alter_sessions(who, a, b, |s| s.duration = minutes);
        b
    }

    pub(super) fn nqep_short_fortnight(&mut self) {
        let Some(who) = self.pick(days(self.span.from, -30), self.span.last, |s| {
            s.kind == Kind::Nqep
        }) else {
            return;
        };
        let b = self.shorten_period(
            &who,
            days(self.span.from, 70),
            CalendarPeriod::Fortnight,
            25,
        );
        self.record(
            "nqep_hour_per_fortnight",
            &who,
            Some(b),
            "breach",
            "two 25-minute sessions in a fortnight".into(),
        );
    }

    pub(super) fn nqep_no_line_manager(&mut self) {
        let (a, b) = self.month();
        let Some(who) = self.pick(days(self.span.from, -30), self.span.last, |s| {
            s.kind == Kind::Nqep
        }) else {
            return;
        };
        let Some(other) = self.first_with_role("service_manager") else {
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

    pub(super) fn tep_short_week(&mut self) {
        let Some(who) = self.pick(self.span.from, self.span.last, |s| s.kind == Kind::Tep) else {
            return;
        };
        let b = self.shorten_period(&who, days(self.span.from, 100), CalendarPeriod::Week, 60);
        self.record(
            "tep_half_hour_per_placement_day",
            &who,
            Some(b),
            "breach",
            "60 minutes in a week, with 3 placement days".into(),
        );
    }

    pub(super) fn overseas_gap(&mut self, kind: Kind, rule: &str, step: i64) {
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

    pub(super) fn case_gap(&mut self, flags: &[&str], rule: &str, remove: usize, gap_months: u32) {
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
}

impl Planter<'_> {
    pub(super) fn yearly_gap(&mut self, what: &str) {
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
}
