//! Access breaches: records read by a role without the right purpose, and
//! supervision files read "as supervisor" by someone who was not, on the
//! day, the supervisee's supervisor, line manager or supervisor's line
//! manager (the policy grants those relationships, not the logged role).

use super::*;

impl Planter<'_> {
    pub(super) fn bad_access(&mut self, role: &'static str, purpose: &'static str) {
        let reader = self
            .first_with_role(role)
            .unwrap_or_else(|| "S-UNKNOWN".to_string());
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

    /// The personal supervision file of `subject`, read by `reader` on
    /// `day` for supervision, the log calling the reader `supervisor`: the
    /// access log's id.
    fn read_as_supervisor(
        &mut self,
        subject: &str,
        reader: &str,
        day: NaiveDate,
    ) -> Option<String> {
        let record = self
            .org
            .records
            .iter()
            .find(|r| r.kind == "personal_supervision" && r.subject == subject)
            .map(|r| r.id.clone())?;
        let id = self.id("L");
        self.org.access.push(Access {
            id: id.clone(),
            record,
            accessed_by: reader.to_string(),
            role: "supervisor",
            purpose: "supervision",
            accessed: at(day, 12),
        });
        Some(id)
    }

    /// A long-serving social worker's file read, logged as by their
    /// `supervisor`, by the manager of another team, who is neither their
    /// supervisor nor their line manager nor their supervisor's line
    /// manager. No random draw, so the plants before it are as they were.
    pub(super) fn unrelated_reader(&mut self) {
        let day = days(self.span.from, 150);
        let line_manager = |id: &Option<String>| {
            id.as_ref().and_then(|id| {
                self.org
                    .staff
                    .iter()
                    .find(|s| &s.id == id)
                    .and_then(|s| s.line_manager.clone())
            })
        };
        let subject = self.org.staff.iter().find(|s| {
            s.kind == Kind::Monthly
                && s.role == "social_worker"
                && s.start < self.span.start
                && s.end.is_none()
                && s.supervisor.is_some()
                && !self.used.contains(&s.id)
        });
        let Some((subject, related)) = subject.map(|s| {
            let related = [
                s.supervisor.clone(),
                s.line_manager.clone(),
                line_manager(&s.supervisor),
            ];
            (s.id.clone(), related)
        }) else {
            return;
        };
        let Some(reader) = self
            .org
            .staff
            .iter()
            .find(|s| {
                s.role == "team_manager"
                    && s.end.is_none()
                    && s.start < self.span.start
                    && !related.contains(&Some(s.id.clone()))
            })
            .map(|s| s.id.clone())
        else {
            return;
        };
        self.used.insert(subject.clone());
        let Some(id) = self.read_as_supervisor(&subject, &reader, day) else {
            return;
        };
        self.record(
            "personal_supervision_file_access",
            &id,
            Some(day),
            "breach",
            format!(
                "{subject}'s file read by {reader}, logged as `supervisor`, who is not their supervisor, line manager or supervisor's line manager"
            ),
        );
    }

    /// The supervisee of the supervisor swap (`history.rs`) whose
    /// supervisor was another team's manager for a while: that manager
    /// reads their file on the last day of the swap (allowed: a trap, since
    /// the snapshot shows the manager they have now) and on the day after
    /// (a breach: a former supervisor no longer has access). Last, so the
    /// ids of every other plant are as they were.
    pub(super) fn former_supervisor_reads(&mut self) {
        let Some((who, former, last)) = self.swapped.clone() else {
            return;
        };
        if let Some(id) = self.read_as_supervisor(&who, &former, last) {
            self.trap(
                "personal_supervision_file_access",
                &id,
                format!("{who}'s file read by {former}, their supervisor until that day"),
            );
        }
        let after = days(last, 1);
        if let Some(id) = self.read_as_supervisor(&who, &former, after) {
            self.record(
                "personal_supervision_file_access",
                &id,
                Some(after),
                "breach",
                format!(
                    "{who}'s file read by {former} the day after they stopped being {who}'s supervisor, logged as `supervisor`"
                ),
            );
        }
    }
}
