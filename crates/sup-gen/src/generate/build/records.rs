//! The baseline's other tables: a neutral staff history, the records
//! inventory and the access log.

use super::*;

impl Builder<'_> {
    /// Three past periods for each long-serving social worker and family
    /// support worker who supervises no one: spells with their manager's
    /// manager as acting line manager (one in each of the last two years,
    /// while their own manager was away) and, for social workers, the tags
    /// they had before their supervision training (which the snapshot now
    /// records); a family support worker's third period is a third acting
    /// spell, in their first year. No rule of the policy judges these
    /// people differently for them (only newly qualified staff must see
    /// their line manager, and training matters only for a supervisor), so
    /// the verdicts do not change: they give the evaluator histories of
    /// columns its rules read, at the scale of the export.
    pub(super) fn neutral_history(&mut self) {
        let span = self.span;
        let managers: std::collections::HashMap<String, Option<String>> = self
            .org
            .staff
            .iter()
            .map(|s| (s.id.clone(), s.line_manager.clone()))
            .collect();
        for (index, s) in self.org.staff.iter_mut().enumerate() {
            let eligible = s.kind == Kind::Monthly
                && matches!(s.role, "social_worker" | "family_support_worker")
                && s.start < span.start
                && s.end.is_none()
                && s.supervisor_since.is_none();
            let acting = s
                .line_manager
                .as_ref()
                .and_then(|m| managers.get(m).cloned().flatten());
            let Some(acting) = acting.filter(|_| eligible) else {
                continue;
            };
            let k = index as u32;
            let spell = |from: NaiveDate, length: u32| StaffHistory {
                id: s.id.clone(),
                from,
                to: months(from, length).pred_opt(),
                line_manager: Some(acting.clone()),
                ..StaffHistory::default()
            };
            self.org
                .history
                .push(spell(months(span.start, 1 + k % 6), 2));
            self.org
                .history
                .push(spell(months(span.from, 1 + k % 7), 2));
            if s.role == "social_worker" {
                let trained = months(span.from, 2 + k % 8);
                self.org.history.push(StaffHistory {
                    id: s.id.clone(),
                    from: s.start,
                    to: trained.pred_opt(),
                    tags: Some(s.tags.clone()),
                    ..StaffHistory::default()
                });
                s.tags.push("supervision_trained");
            } else {
                self.org.history.push(spell(s.start, 3));
            }
        }
    }

    /// Records inventory and access log.
    pub(super) fn inventory(&mut self) {
        let staff = self.org.staff.clone();
        for (i, s) in staff.iter().enumerate() {
            for (kind, created) in [
                ("personal_supervision", s.start),
                ("agreement", s.start),
                ("appraisal", months(s.start, 12)),
            ] {
                if created > self.span.last {
                    continue;
                }
                let deleted = s
                    .end
                    .map(|e| days(months(e, 72), 20))
                    .filter(|d| *d <= self.span.last);
                let id = self.ids.next("R");
                self.org.records.push(RecordRow {
                    id: id.clone(),
                    subject: s.id.clone(),
                    kind,
                    created,
                    deleted,
                });
                if kind != "personal_supervision" || s.kind == Kind::Former || i % 3 != 0 {
                    continue;
                }
                let Some((first, last)) = self.employed(s) else {
                    continue;
                };
                let span_days = (last - first).num_days().max(1);
                let readers: [(&str, &'static str, &'static str); 3] = [
                    (
                        s.line_manager.as_deref().unwrap_or(""),
                        "line_manager",
                        "supervision",
                    ),
                    ("OFSTED-INSPECTOR-1", "inspector", "inspection"),
                    (s.id.as_str(), s.role, "supervision"),
                ];
                for (k, (who, role, purpose)) in readers.iter().enumerate() {
                    let day = days(
                        first,
                        (self.rng.below(span_days as u64) as i64 + 17 * k as i64) % span_days,
                    );
                    let aid = self.ids.next("L");
                    self.org.access.push(Access {
                        id: aid,
                        record: id.clone(),
                        accessed_by: who.to_string(),
                        role,
                        purpose,
                        accessed: at(day, 11),
                    });
                }
            }
        }
    }
}
