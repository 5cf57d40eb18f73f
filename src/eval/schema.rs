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

/// Values of the standard vocabularies.
pub mod sym {
    /// `session_status`: a cancelled session never counts.
    pub const CANCELLED: &str = "cancelled";
}
