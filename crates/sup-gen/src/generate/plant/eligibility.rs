//! Eligibility breaches: sessions led by a supervisor who may not
//! supervise that person.

use super::*;

impl Planter<'_> {
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

    pub(super) fn peer_supervisor(&mut self, waiver: Option<bool>) {
        let Some((who, i)) = self.session_of(|s| s.role == "team_manager") else {
            return;
        };
        let peer = self
            .org
            .staff
            .iter()
            .find(|s| s.role == "team_manager" && s.id != who)
            .map(|s| s.id.clone());
        let approver = self.first_with_role("service_manager");
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

    pub(super) fn unregistered_supervisor(&mut self) {
        let pep = self.first_with_role("principal_educational_psychologist");
        self.replace_supervisor(
            "hcpc_registered_supervisors",
            |s| s.role == "social_worker" && s.kind == Kind::Monthly && s.tags.contains(&"statutory"),
            pep,
            "a statutory social worker supervised once by the principal educational psychologist, who has no HCPC registration on record",
        );
    }

    pub(super) fn untrained_supervisor(&mut self) {
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

    pub(super) fn assistant_team_manager(&mut self) {
        let atm = self.first_with_role("assistant_team_manager");
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

    pub(super) fn tep_wrong_supervisor(&mut self) {
        let sm = self.first_with_role("service_manager");
        self.replace_supervisor(
            "teps_supervised_by_experienced_eps",
            |s| s.kind == Kind::Tep,
            sm,
            "a trainee educational psychologist supervised once by a service manager",
        );
    }

    pub(super) fn inexperienced_supervisor(&mut self) {
        // An extra session with an assistant team manager, who has never
        // held a supervisory post.
        let Some(atm) = self.first_with_role("assistant_team_manager") else {
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
        self.add_held_one_to_one(who.clone(), atm, at(day, 13), 60);
        self.record("experienced_supervisors_for_new_practitioners", &who, Some(day), "breach", "an ASYE social worker supervised once by an assistant team manager who has never held a supervisory post".into());
    }
}
