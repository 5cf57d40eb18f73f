//! The names of the standard tables, columns and vocabulary values that the
//! evaluator itself relies on (the prelude in `src/check/prelude.sup`
//! declares them). Every such name the evaluator reads is written here
//! once; judges name `schema::staff::START_DATE`, never `"start_date"`.

pub const STAFF: &str = "staff";
pub const SESSIONS: &str = "sessions";
pub const CASES: &str = "cases";
pub const RECORDS: &str = "records";
pub const ACCESS_LOG: &str = "access_log";
pub const WAIVERS: &str = "waivers";
pub const ABSENCES: &str = "absences";
/// Not a table: the subject kind of a team caseload finding.
pub const TEAM: &str = "team";
/// Every table's key column.
pub const ID: &str = "id";

/// The columns whose dates tenures are measured from (derived `since`
/// columns), in the order membership change days are collected.
pub const TENURE_ANCHORS: [&str; 3] = [staff::START_DATE, staff::SUPERVISOR_SINCE, cases::OPENED];

pub mod staff {
    pub const ROLE: &str = "role";
    pub const TEAM: &str = "team";
    pub const FTE: &str = "fte";
    pub const CASELOAD: &str = "caseload";
    pub const START_DATE: &str = "start_date";
    pub const END_DATE: &str = "end_date";
    pub const SUPERVISOR: &str = "supervisor";
    pub const SUPERVISOR_SINCE: &str = "supervisor_since";
}

pub mod sessions {
    pub const SUPERVISOR: &str = "supervisor";
    pub const KIND: &str = "kind";
    pub const STATUS: &str = "status";
    pub const DURATION: &str = "duration";
    pub const ATTENDEES: &str = "attendees";
}

pub mod cases {
    pub const OPENED: &str = "opened";
    pub const CLOSED: &str = "closed";
}

pub mod records {
    pub const SUBJECT: &str = "subject";
    pub const KIND: &str = "kind";
    pub const CREATED: &str = "created";
    pub const DELETED: &str = "deleted";
}

pub mod access_log {
    pub const RECORD: &str = "record";
    pub const ACCESSED_BY: &str = "accessed_by";
    pub const ROLE: &str = "role";
    pub const PURPOSE: &str = "purpose";
    pub const ACCESSED: &str = "accessed";
    pub const SUBJECT_NOTIFIED: &str = "subject_notified";
}

pub mod absences {
    pub const STAFF: &str = "staff";
    pub const START: &str = "start";
    pub const END: &str = "end";
}

pub mod waivers {
    pub const WAIVED_RULE: &str = "waived_rule";
    pub const SUBJECT: &str = "subject";
    pub const APPROVED_BY: &str = "approved_by";
    pub const GRANTED: &str = "granted";
    pub const EXPIRES: &str = "expires";
    pub const REASON: &str = "reason";
}

/// The standard vocabularies the evaluator reads.
pub mod vocab {
    /// The kinds of supervision session (`any session` means all of them).
    pub const SESSION_KIND: &str = "session_kind";
}

/// Values of the standard vocabularies.
pub mod sym {
    /// `session_status`: a cancelled session never counts.
    pub const CANCELLED: &str = "cancelled";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, CheckOptions};

    /// Every name written here is declared by the standard prelude: a
    /// renamed prelude column fails here, not silently in evaluation.
    #[test]
    fn every_name_is_in_the_prelude() {
        let source = "policy \"p\" {\n  effective: 2025-01-01\n}\n";
        let checked = check(source, &CheckOptions::default());
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        let policy = checked.policy;
        let columns: &[(&str, &[&str])] = &[
            (
                STAFF,
                &[
                    ID,
                    staff::ROLE,
                    staff::TEAM,
                    staff::FTE,
                    staff::CASELOAD,
                    staff::START_DATE,
                    staff::END_DATE,
                    staff::SUPERVISOR,
                    staff::SUPERVISOR_SINCE,
                ],
            ),
            (
                SESSIONS,
                &[
                    sessions::SUPERVISOR,
                    sessions::KIND,
                    sessions::STATUS,
                    sessions::DURATION,
                    sessions::ATTENDEES,
                ],
            ),
            (CASES, &[cases::OPENED, cases::CLOSED]),
            (
                RECORDS,
                &[
                    records::SUBJECT,
                    records::KIND,
                    records::CREATED,
                    records::DELETED,
                ],
            ),
            (
                ACCESS_LOG,
                &[
                    access_log::RECORD,
                    access_log::ACCESSED_BY,
                    access_log::ROLE,
                    access_log::PURPOSE,
                    access_log::ACCESSED,
                    access_log::SUBJECT_NOTIFIED,
                ],
            ),
            (ABSENCES, &[absences::STAFF, absences::START, absences::END]),
            (
                WAIVERS,
                &[
                    waivers::WAIVED_RULE,
                    waivers::SUBJECT,
                    waivers::APPROVED_BY,
                    waivers::GRANTED,
                    waivers::EXPIRES,
                    waivers::REASON,
                ],
            ),
        ];
        for (table, names) in columns {
            let t = policy
                .tables
                .get(*table)
                .unwrap_or_else(|| panic!("no table `{table}`"));
            for name in *names {
                assert!(t.column(name).is_some(), "no column `{table}.{name}`");
            }
        }
        for anchor in TENURE_ANCHORS {
            assert!(
                [STAFF, CASES]
                    .iter()
                    .any(|t| policy.tables[*t].column(anchor).is_some()),
                "no anchor `{anchor}`"
            );
        }
        let kinds = &policy.vocabularies[vocab::SESSION_KIND];
        assert!(!kinds.values.is_empty());
        let statuses = &policy.vocabularies["session_status"];
        assert!(statuses.values.iter().any(|v| v == sym::CANCELLED));
    }
}
