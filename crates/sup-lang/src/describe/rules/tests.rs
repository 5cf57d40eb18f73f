//! Sentences for each rule family, from checked sources.

use super::*;
use crate::describe::clean_policy;

const HEADER: &str = "policy \"T\" { owner: \"O\" }\n\
    roles: service_manager, line_manager, inspector, senior_manager\n\
    purposes: supervision, inspection, quality_assurance\n\
    registrations: HCPC\n\
    tags: asye\n\
    group social_workers: staff\n\
    group nqsw \"newly qualified social workers\": staff where tags has asye\n";

/// The sentence for the last rule in `src` (after a standard header).
fn describe(src: &str) -> String {
    let policy = clean_policy(&format!("{HEADER}{src}"));
    let rule = policy.rules.last().expect("a rule");
    sentence(&policy, &rule.body)
}

#[test]
fn frequency_count_not_pro_rata() {
    assert_eq!(
        describe("rule r: require one_to_one for social_workers: at least 10 per year, not pro rata"),
        "Social workers must have at least 10 one-to-one sessions in each calendar year; part-time staff are not pro-rated."
    );
}

#[test]
fn frequency_pro_rata_by_fte() {
    assert_eq!(
        describe("rule r: require one_to_one for social_workers: at least 10 per year, pro rata"),
        "Social workers must have at least 10 one-to-one sessions in each calendar year; this is pro-rated for part-time staff by their full-time equivalent (FTE)."
    );
}

#[test]
fn frequency_once_reads_as_an_adverb() {
    assert_eq!(
        describe("rule r: require one_to_one for social_workers: at least once in any 12 months"),
        "Social workers must have a one-to-one session at least once in any period of 12 months; part-time staff are not pro-rated."
    );
}

#[test]
fn frequency_gap() {
    assert_eq!(
        describe("rule r: require one_to_one for social_workers: every 2 weeks"),
        "Social workers must have a one-to-one session at least every 2 weeks."
    );
}

#[test]
fn frequency_by_tenure() {
    assert_eq!(
        describe("rule r: require one_to_one for nqsw by tenure {\n first 6 weeks: every 1 week\n until 12 months: every 2 weeks\n then: every 1 month\n}"),
        "Newly qualified social workers must have a one-to-one session at least every week for their first 6 weeks, at least every 2 weeks from then until 12 months, and at least every month after that."
    );
}

#[test]
fn frequency_by_tenure_that_stops() {
    assert_eq!(
        describe("rule r: require one_to_one with line_manager for nqsw by tenure {\n first 6 weeks: every 2 weeks\n until 12 months: every 4 weeks\n}"),
        "Newly qualified social workers must have a one-to-one session with their line manager at least every 2 weeks for their first 6 weeks and at least every 4 weeks from then until 12 months; nothing is required after 12 months."
    );
}

#[test]
fn frequency_time_scaled() {
    assert_eq!(
        describe("extend staff {\n placement_days: optional number\n}\nrule r: require one_to_one for social_workers: at least 30 minutes per week scaled by placement_days, not pro rata"),
        "Social workers must have at least 30 minutes of one-to-one sessions in each calendar week for each of their placement days; part-time staff are not pro-rated."
    );
}

#[test]
fn frequency_over_declared_calendar_and_cases() {
    assert_eq!(
        describe("calendar half_term \"academic half terms\" {\n a: 2025-09-01 to 2025-10-24\n}\ngroup concern \"cases with a safeguarding concern\": cases\nrule r: require case_discussion for concern: at least once in each half_term"),
        "Cases with a safeguarding concern must have a discussion of the case at supervision at least once in each academic half term."
    );
}

#[test]
fn frequency_partial_windows_named_when_not_the_default() {
    assert_eq!(
        describe("rule r: require agreement for social_workers: at least 3 per financial year, pro rata, partial windows full"),
        "Social workers must have a supervision agreement made or reviewed at least 3 times in each financial year (April to March); this is pro-rated for part-time staff by their full-time equivalent (FTE); the full amount is required even for a period someone is only partly covered for."
    );
}

#[test]
fn eligibility_with_when() {
    assert_eq!(
        describe("rule r: eligible supervisor of one_to_one for social_workers {\n supervisor.level >= supervisee.level + 1\n supervisor.registrations has HCPC\n when supervisee.tenure < 12 months: supervisor.supervising_for >= 2 years\n}"),
        "In any one-to-one session with social workers, the supervisor's level must be at least the supervisee's level plus 1; the supervisor's registrations must include HCPC; and when the supervisee's length of service is less than 12 months, the supervisor's time as a supervisor must be at least 2 years."
    );
}

#[test]
fn eligibility_clauses_share_a_when() {
    assert_eq!(
        describe("rule r: eligible supervisor of one_to_one for social_workers {\n when supervisor.role is line_manager: supervisee.tags has asye\n when supervisor.role is line_manager: supervisor.level >= 3\n}"),
        "In any one-to-one session with social workers, when the supervisor's role is line manager, the supervisee's tags must include ASYE and the supervisor's level must be at least 3."
    );
}

#[test]
fn eligibility_lists_are_kept_apart_with_semicolons() {
    assert_eq!(
        describe("rule r: eligible supervisor of one_to_one for social_workers {\n supervisor.role is one of line_manager, senior_manager\n supervisor.level >= 3\n}"),
        "In any one-to-one session with social workers, the supervisor's role must be line manager or senior manager and the supervisor's level must be at least 3."
    );
    assert_eq!(
        describe("rule r: eligible supervisor of one_to_one for social_workers {\n supervisor.role is one of line_manager, senior_manager, service_manager\n supervisor.level >= 3\n}"),
        "In any one-to-one session with social workers, the supervisor's role must be line manager, senior manager or service manager; and the supervisor's level must be at least 3."
    );
}

#[test]
fn eligibility_for_every_kind_of_session() {
    assert_eq!(
        describe("rule r: eligible supervisor for social_workers {\n supervisor.role is service_manager\n}"),
        "In any supervision session with social workers, the supervisor's role must be service manager."
    );
}

#[test]
fn limit_range() {
    assert_eq!(
        describe("rule r: limit supervisees for social_workers: 5 to 7"),
        "Social workers must each have between 5 and 7 supervisees at all times."
    );
    assert_eq!(
        describe("rule r: limit caseload per fte for social_workers: between 150 and 200"),
        "Social workers must each have a caseload of between 150 and 200 per full-time equivalent (FTE)."
    );
    assert_eq!(
        describe("rule r: limit group_size of group_supervision for social_workers: at most 6"),
        "Each group supervision session with social workers must have at most 6 attendees."
    );
    assert_eq!(
        describe("rule r: limit session_length for social_workers: at most 1 hour"),
        "Each supervision session with social workers must last at most 1 hour."
    );
}

#[test]
fn limit_team_cover_excluding_a_calendar() {
    assert_eq!(
        describe("calendar christmas \"the Christmas period\" {\n c: 2025-12-24 to 2026-01-01\n}\nrule r: limit team_cover for social_workers: at least 50% excluding christmas"),
        "Among social workers, at least 50% of each team must be available (not on leave) on every day, except during the Christmas period."
    );
}

#[test]
fn deadline_within() {
    assert_eq!(
        describe("rule r: deadline sessions: recorded within 48 hours of start"),
        "Each supervision session must be recorded within 48 hours of its start."
    );
    assert_eq!(
        describe("rule r: deadline case_decisions: recorded within 1 week of decided"),
        "Each case decision must be recorded within 1 week of being decided."
    );
}

#[test]
fn deadline_with_where() {
    assert_eq!(
        describe("rule r: deadline sessions: rebooked within 2 working days of start where status is cancelled"),
        "Each supervision session, when its status is cancelled, must be rebooked within 2 working days of its start."
    );
    assert_eq!(
        describe("rule r: deadline requests: met within 24 hours of requested where urgent is yes"),
        "Each supervision request, when it is urgent, must be met within 24 hours of being requested."
    );
}

#[test]
fn deadline_before_next_over_an_activity() {
    assert_eq!(
        describe("rule r: deadline one_to_one: signed_by_supervisee before the next one_to_one"),
        "The record of each one-to-one session must be signed by the supervisee before the next one-to-one session."
    );
}

#[test]
fn deadline_on_a_declared_table() {
    let table = "table reviews \"annual reviews of EHC plans\" {\n id: id\n holder: ref staff\n review_date: date\n amendments_proposed: bool\n notification_sent: optional date\n plan_sent: optional date\n meeting: optional date\n officer_left: optional date\n}\n";
    assert_eq!(
        describe(&format!("{table}rule r: deadline reviews: notification_sent within 4 weeks of review_date")),
        "For each annual review of EHC plans, the notification must be sent within 4 weeks of its review date."
    );
    assert_eq!(
        describe(&format!("{table}rule r: deadline reviews: plan_sent within 4 weeks of notification_sent where amendments_proposed is yes")),
        "For each annual review of EHC plans when amendments are proposed, the plan must be sent within 4 weeks of the notification being sent."
    );
    assert_eq!(
        describe(&format!("{table}rule r: deadline reviews: meeting within 9 weeks of officer_left")),
        "For each annual review of EHC plans, the meeting must take place within 9 weeks of the date the officer left."
    );
}

#[test]
fn retention_bounds() {
    assert_eq!(
        describe("rule r: retain personal_supervision records: at least 6 years after leaving"),
        "Personal supervision records must be kept for at least 6 years after the member of staff leaves."
    );
    assert_eq!(
        describe("rule r: retain appraisal records: at least 2 years and at most 6 years after creation"),
        "Appraisal records must be kept for at least 2 years, and for no more than 6 years, after they are created."
    );
    assert_eq!(describe("rule r: retain appraisal records: at most 6 years after leaving"), "Appraisal records must not be kept for more than 6 years after the member of staff leaves.");
}

#[test]
fn deadline_with_lead_time() {
    assert_eq!(
        describe("extend sessions {\n booked: optional datetime\n}\nrule r: deadline sessions: booked at least 1 week before start"),
        "Each supervision session must be booked at least 1 week before its start."
    );
}

#[test]
fn deadline_with_zero_lead_time() {
    let table = "table reductions \"decisions to reduce supervision\" {\n id: id\n worker: ref staff\n decided: date\n practice_observed: optional date\n plan_quality_assured: optional date\n}\n";
    assert_eq!(
        describe(&format!("{table}rule r: deadline reductions: practice_observed at least 0 days before decided")),
        "For each decision to reduce supervision, the practice must be observed no later than the date it was decided."
    );
    assert_eq!(
        describe(&format!("{table}rule r: deadline reductions: plan_quality_assured at least 2 weeks before practice_observed where practice_observed is recorded")),
        "For each decision to reduce supervision when the practice has been observed, the plan must be quality assured at least 2 weeks before the date the practice was observed."
    );
}

#[test]
fn attribute_with_recorded() {
    assert_eq!(
        describe("rule r: every member of social_workers: supervisor is recorded or tenure >= 12 months"),
        "Social workers must each meet this condition: their supervisor is recorded or their length of service is at least 12 months."
    );
}

#[test]
fn attribute_every_member() {
    assert_eq!(
        describe("rule r: every member of nqsw: registrations has HCPC"),
        "Newly qualified social workers must each meet this condition: their registrations include HCPC."
    );
}

#[test]
fn access_with_notice_for_one_grant() {
    assert_eq!(
        describe("rule r: access personal_supervision records {\n allow line_manager for supervision\n allow anyone for inspection and notify subject within 5 working days\n}"),
        "Personal supervision records may be read only by line managers for supervision and by anyone for inspection (telling the member of staff within 5 working days)."
    );
}

#[test]
fn access_open_to_anyone_drops_only() {
    assert_eq!(
        describe("rule r: access personal_supervision records {\n allow line_manager for supervision\n allow anyone for any and notify subject\n}"),
        "Personal supervision records may be read by line managers for supervision and by anyone for any purpose (telling the member of staff by the time of the access)."
    );
}

#[test]
fn access_with_notification() {
    assert_eq!(
        describe("rule r: access personal_supervision records {\n allow line_manager for supervision\n allow inspector for inspection\n notify subject within 5 working days\n}"),
        "Personal supervision records may be read only by line managers for supervision and by inspectors for inspection; the member of staff must be told of each access within 5 working days."
    );
}

#[test]
fn access_with_subject_and_deny() {
    assert_eq!(
        describe("rule r: access case_supervision, appraisal records {\n allow subject for any\n allow line_manager, senior_manager for supervision, quality_assurance\n allow inspector for inspection\n deny service_manager\n notify subject\n}"),
        "Case supervision and appraisal records may be read only by the member of staff themselves for any purpose, by line managers and senior managers for supervision and quality assurance, and by inspectors for inspection; service managers may not read them; the member of staff must be told of each access by the time it happens."
    );
}
