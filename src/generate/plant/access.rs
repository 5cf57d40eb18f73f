//! Access breaches: records read by a role without the right purpose.

use super::*;

impl Planter<'_> {
    pub(super) fn bad_access(&mut self, role: &'static str, purpose: &'static str) {
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
}
