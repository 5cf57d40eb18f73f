//! Attribute breaches: a member of a group without something every member
//! must have (training, an assessor, a supervisor).

use super::*;

impl Planter<'_> {
    /// A senior social worker appointed to a supervisory post ten days
    /// ago, not yet trained and with no supervisees allocated yet (the
    /// ratio breach is covered by the service manager's waiver).
    pub(super) fn untrained_new_supervisor(&mut self) {
        let last = self.span.last;
        let Some(who) = self.pick(self.span.start, last, |s| {
            s.role == "senior_social_worker"
                && s.kind == Kind::Monthly
                && s.supervisor_since.is_none()
        }) else {
            return;
        };
        let approver = self.first_with_role("service_manager");
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
    pub(super) fn nqsw_without_assessor(&mut self) {
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
    pub(super) fn tep_without_supervisor(&mut self) {
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
        self.add_held_one_to_one(id.clone(), pep, at(start, 10), 90);
        self.record(
            "teps_have_a_supervisor",
            &id,
            Some(last),
            "breach",
            "started three days ago; the supervisor is not recorded".into(),
        );
    }
}
