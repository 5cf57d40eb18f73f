//! Retention breaches: records deleted before their time.

use super::*;

impl Planter<'_> {
    pub(super) fn deleted_early(&mut self) {
        let target = self
            .org
            .staff
            .iter()
            .filter(|s| {
                s.kind == Kind::Former
                    && s.end.is_some_and(|e| months(e, 72) > self.span.last)
                    && !self.used.contains(&s.id)
            })
            .map(|s| s.id.clone())
            .next();
        let Some(who) = target else { return };
        self.used.insert(who.clone());
        let deleted = days(self.span.from, 30);
        let Some(r) = self
            .org
            .records
            .iter_mut()
            .find(|r| r.subject == who && r.kind == "personal_supervision")
        else {
            return;
        };
        r.deleted = Some(deleted);
        let id = r.id.clone();
        self.record(
            "personal_supervision_kept_six_years",
            &id,
            Some(deleted),
            "breach",
            "deleted less than six years after the employee left".into(),
        );
    }
}
