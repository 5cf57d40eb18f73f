//! The compiled policy: what the checker produces and everything downstream
//! (evaluator, diff, describe, language server) consumes.
//!
//! **Invariant:** every name in a compiled policy is resolved and every
//! quantity has its unit checked; consumers never see the syntax tree and
//! never need to re-check. The format is versioned by [`FORMAT_VERSION`] and
//! documented in `docs/compiled-policy.md`; a change to these types that
//! changes the JSON bumps the version (`tests/compiled_schema.rs` holds the
//! golden schema). The types are the policy's own: nothing here names the
//! syntax tree, whose enums the checker lowers (`check/lower.rs`).
//!
//! Longer than 800 lines: the types of the versioned JSON format, kept
//! together in the order `docs/compiled-policy.md` documents them.

pub mod hash;
mod kinds;
mod overrides;
mod quantity;
mod walk;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use kinds::{ArithOp, CompareOp, PolicyKind, RetentionAnchor};
pub use overrides::uncovered_after_last_phase;
pub use quantity::{Amount, Duration, DurationUnit};
pub use walk::Part;

use crate::span::Span;

/// Bumped whenever the JSON form of [`CompiledPolicy`] changes.
pub const FORMAT_VERSION: u32 = 4;

/// A checked policy, ready to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompiledPolicy {
    pub format_version: u32,
    /// The file it was compiled from, as named on the command line.
    pub source: String,
    pub header: Header,
    pub tables: BTreeMap<String, Table>,
    pub vocabularies: BTreeMap<String, Vocabulary>,
    pub groups: BTreeMap<String, Group>,
    pub calendars: BTreeMap<String, Calendar>,
    pub holidays: BTreeMap<String, HolidayCalendar>,
    pub activities: BTreeMap<String, Activity>,
    /// In source order.
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub kind: PolicyKind,
    pub title: String,
    pub owner: Option<String>,
    pub version: Option<String>,
    pub effective: Option<NaiveDate>,
    pub review: Option<NaiveDate>,
    /// IANA name; naive datetimes in exports are read in this zone.
    pub timezone: String,
    /// The holiday calendar that working days skip, besides weekends.
    pub holidays: String,
    /// The framework this policy must at least meet, as a path relative to it.
    pub conforms_to: Option<String>,
    /// `working hours: "08:30 to 17:30"`, for `is within working hours`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_hours: Option<WorkingHours>,
}

/// The working day's hours, local time in the policy's timezone, from
/// `from` (included) to `to` (excluded), Monday to Friday except holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingHours {
    pub from: chrono::NaiveTime,
    pub to: chrono::NaiveTime,
}

/// Where a definition came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The standard prelude shipped with `sup`.
    Prelude,
    /// The policy file itself.
    Policy,
}

/// A place in the policy's source, for reports and editors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: String,
    pub span: Span,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    pub label: Option<String>,
    pub origin: Origin,
    pub columns: Vec<Column>,
    /// `lifetime from START [to END]` on a policy's own table: the date
    /// columns that bound a row's life (`staff` and `cases` have theirs
    /// built in). Left out of the JSON when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime: Option<Lifetime>,
}

/// The columns that bound a row's life: it exists from the day in `start`
/// to the day in `end`, both counted; an empty `end` (or none named): still
/// there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifetime {
    pub start: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    pub optional: bool,
    /// Set for columns the evaluator computes rather than reads (`tenure`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Derivation>,
    /// How the column reads in English (`signed: date "date of
    /// signature"`), in `describe`, hover and findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// How a derived column is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Derivation {
    /// The time from the date in `column` to the day being judged.
    Since { column: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "of")]
pub enum ColumnType {
    Id,
    Text,
    Number,
    Bool,
    Date,
    Datetime,
    Duration,
    /// The id of a row in another table.
    Ref(String),
    /// One value of a vocabulary.
    OneOf(String),
    /// Any number of values of a vocabulary.
    SetOf(String),
}

impl ColumnType {
    /// How the type reads in messages.
    pub fn describe(&self) -> String {
        match self {
            ColumnType::Id => "an id".into(),
            ColumnType::Text => "text".into(),
            ColumnType::Number => "a number".into(),
            ColumnType::Bool => "yes or no".into(),
            ColumnType::Date => "a date".into(),
            ColumnType::Datetime => "a date and time".into(),
            ColumnType::Duration => "a duration".into(),
            ColumnType::Ref(t) => format!("a reference to `{t}`"),
            ColumnType::OneOf(v) => format!("one `{v}`"),
            ColumnType::SetOf(v) => format!("a set of `{v}`"),
        }
    }
}

/// A named list of allowed values: roles, purposes, session kinds, ...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    pub name: String,
    pub values: Vec<String>,
    /// How a value reads in plain English, where the policy says
    /// (`service_manager "Service Manager"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

impl Vocabulary {
    /// The value's label, if the policy gave one.
    pub fn label(&self, value: &str) -> Option<&str> {
        self.labels.get(value).map(String::as_str)
    }
}

/// A set of staff (or of rows of another table) chosen by a condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub label: Option<String>,
    /// The table whose rows are members.
    pub table: String,
    /// The group this one refines; its condition applies too.
    pub parent: Option<String>,
    /// This group's own condition (not including the parent's).
    pub condition: Option<Condition>,
}

/// Named date ranges, such as academic half terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub name: String,
    pub label: Option<String>,
    /// Sorted by start; never overlapping.
    pub periods: Vec<Period>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    pub name: String,
    pub start: NaiveDate,
    /// Inclusive.
    pub end: NaiveDate,
}

/// Days that are not working days, besides weekends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HolidayCalendar {
    pub name: String,
    /// Sorted, without duplicates.
    pub dates: Vec<NaiveDate>,
}

/// Something that happens to a subject on a date and can be counted: a kind
/// of session, an agreement review, an observation, a case discussion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub name: String,
    pub label: Option<String>,
    pub table: String,
    /// The column holding the subject's id (`supervisee`).
    pub subject_column: String,
    /// The table the subject column refers to (`staff`, `cases`).
    pub subject_table: String,
    /// The column holding when it happened (`start`).
    pub date_column: String,
    /// Which rows count; cancelled sessions are excluded here.
    pub filter: Option<Condition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub name: String,
    pub source: SourceRef,
    /// The rule as written, for reports that quote it.
    pub text: String,
    /// Roles whose recorded approval turns a finding into a waived one.
    pub waivable_by: Vec<String>,
    /// Rules that this rule replaces for the subjects it covers.
    pub overrides: Vec<String>,
    pub body: RuleBody,
}

/// The rule families: the six of the product brief, standing requirements
/// on every member of a group (`Attribute`), and checks judged on every day
/// of membership (`Standing`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "family")]
pub enum RuleBody {
    Frequency(Frequency),
    Eligibility(Eligibility),
    Limit(Limit),
    Deadline(Deadline),
    Retention(Retention),
    Access(Access),
    Attribute(Attribute),
    /// `every member of GROUP: ACTIVITY within the last D` (or `booked
    /// within the next D`): a condition judged on every day.
    Standing(Standing),
}

impl RuleBody {
    /// The group a rule is for, if its family has one.
    pub fn group(&self) -> Option<&str> {
        match self {
            RuleBody::Frequency(f) => Some(f.group.as_str()),
            RuleBody::Eligibility(e) => Some(e.group.as_str()),
            RuleBody::Limit(l) => Some(l.group.as_str()),
            RuleBody::Attribute(a) => Some(a.group.as_str()),
            RuleBody::Standing(s) => Some(s.group.as_str()),
            RuleBody::Deadline(_) | RuleBody::Retention(_) | RuleBody::Access(_) => None,
        }
    }

    pub fn family(&self) -> &'static str {
        match self {
            RuleBody::Frequency(_) => "frequency",
            RuleBody::Eligibility(_) => "eligibility",
            RuleBody::Limit(_) => "limit",
            RuleBody::Deadline(_) => "deadline",
            RuleBody::Retention(_) => "retention",
            RuleBody::Access(_) => "access",
            RuleBody::Attribute(_) => "attribute",
            RuleBody::Standing(_) => "standing",
        }
    }
}

/// How often an activity must happen for each member of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frequency {
    /// Any of these counts.
    pub activities: Vec<String>,
    pub group: String,
    /// The table of the group's members (`staff` or `cases`).
    pub subject_table: String,
    /// Only sessions whose supervisor is the subject's `line_manager` (say) count.
    pub with_supervisor: Option<String>,
    pub schedule: Schedule,
    /// Scale the requirement by this column (`fte`); `None`: not pro rata.
    pub pro_rata: Option<String>,
    /// Whether the policy says `pro rata` or `not pro rata` in so many words
    /// (saying nothing means not pro rata too; describe only repeats what
    /// was said).
    #[serde(default)]
    pub pro_rata_stated: bool,
    pub partial_windows: PartialWindows,
    /// Two of the subject's `ref staff` columns that must take turns leading
    /// the held sessions (`alternating between line_manager and
    /// asye_assessor`). Absent from JSON written before version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternating: Option<Alternation>,
}

/// `alternating between FIRST and SECOND`: of two consecutive held sessions
/// led by one of these people, the second must not be led by the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternation {
    pub first: String,
    pub second: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Schedule {
    Fixed {
        requirement: Requirement,
    },
    /// Phases in order of tenure; contiguous, from zero, the last open-ended
    /// unless the schedule stops applying.
    ByTenure {
        phases: Vec<Phase>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// Tenure at which the phase starts (zero for the first).
    pub from: Duration,
    /// Tenure at which it ends; `None` for ever.
    pub until: Option<Duration>,
    pub requirement: Requirement,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Requirement {
    /// At least `min` qualifying activities in each window, and at most
    /// `max` when there is one (`at most 2 per month` alone has `min` 0).
    /// `max` is absent from JSON written before version 4.
    Count {
        min: u32,
        window: Window,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
    },
    /// No gap between qualifying activities longer than `max` (`every 6
    /// weeks`), and no two closer than `min` (`at least 4 weeks apart`);
    /// `every 4 to 6 weeks` has both. At least one is present; `min` is
    /// absent from JSON written before version 4.
    Gap {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Duration>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Duration>,
    },
    /// `every 8 shifts`: no more than `count` rows of the activity `of`
    /// for the subject between two qualifying activities (the next one is
    /// due before the row after the `count`th).
    Occurrences { count: u32, of: String },
    /// At least `min` of activity time in each window, times `scaled_by`.
    Time {
        min: Duration,
        window: Window,
        scaled_by: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Window {
    /// Fixed calendar periods (`per year`).
    Calendar { period: CalendarPeriod },
    /// Every window of this length (`in any 12 months`).
    Rolling { length: Duration },
    /// Each period of a declared calendar (`in each half_term`).
    Periods { calendar: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarPeriod {
    /// Monday to Sunday.
    Week,
    /// Two weeks, counted from Monday 3 January 2000.
    Fortnight,
    Month,
    Quarter,
    /// January to December.
    Year,
    /// April to March.
    FinancialYear,
    /// September to August.
    AcademicYear,
}

/// What to do with a window that the subject only partly falls in (a starter,
/// a leaver, someone who joined the group mid-window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartialWindows {
    /// Scale the requirement by the share of the window covered, rounding down.
    Prorated,
    /// Require the full amount anyway.
    Full,
    /// Do not judge partial windows.
    Ignored,
}

/// Who may supervise members of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Eligibility {
    /// The kinds of session judged.
    pub activities: Vec<String>,
    /// True when the rule names no kind (`eligible supervisor for ...`):
    /// every kind of session is judged, including kinds added later.
    #[serde(default)]
    pub any_session: bool,
    pub group: String,
    pub clauses: Vec<EligibilityClause>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EligibilityClause {
    /// The clause applies only when this holds.
    pub when: Option<Condition>,
    pub require: Condition,
    /// The clause as written.
    pub text: String,
}

/// A measure that must stay within a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    pub measure: Measure,
    /// For session measures: the kinds of session judged.
    pub activities: Vec<String>,
    pub group: String,
    pub min: Option<Amount>,
    pub max: Option<Amount>,
    /// Days in this calendar's periods are not judged.
    pub excluding: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Staff whose `supervisor` is this member, on each day.
    Supervisees,
    /// The member's `caseload`.
    Caseload,
    /// The member's `caseload` divided by `fte`.
    CaseloadPerFte,
    /// Attendees of one session.
    GroupSize,
    /// Length of one session.
    SessionLength,
    /// Share of a team not on leave, on each day.
    TeamCover,
}

impl Measure {
    pub const ALL: &'static [(&'static str, Measure)] = &[
        ("supervisees", Measure::Supervisees),
        ("caseload", Measure::Caseload),
        ("caseload per fte", Measure::CaseloadPerFte),
        ("group_size", Measure::GroupSize),
        ("session_length", Measure::SessionLength),
        ("team_cover", Measure::TeamCover),
    ];

    pub fn name(self) -> &'static str {
        Measure::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("", |(n, _)| n)
    }
}

/// An event that must be followed by another within a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub table: String,
    /// Set when the rule was written over an activity rather than a table.
    pub activity: Option<String>,
    /// Which rows are judged (the activity's filter and the `where`).
    pub filter: Option<Condition>,
    /// The `where` alone, as written (for describe and diff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The column that must be filled in by the deadline.
    pub end_column: String,
    pub end: DeadlineEnd,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DeadlineEnd {
    Within {
        limit: Duration,
        /// `within 5 working days of absence.end`: the `ref` columns
        /// followed from the row to the one whose `start_column` is read
        /// (empty, and left out of the JSON, for the row's own column).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        through: Vec<Step>,
        start_column: String,
    },
    /// By the subject's next qualifying activity after this row's date; with
    /// `of`, the next one of the person (or row) that this `ref` column of
    /// the source row names, in whatever table the activity is recorded.
    BeforeNext {
        activity: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        of: Option<String>,
    },
    /// At least `lead` before the date in `before_column`: a minimum notice
    /// (`booked at least 1 week before start`).
    LeadTime {
        lead: Duration,
        before_column: String,
    },
    /// At least as many days before the date in `before_column` as the row's
    /// span from `from_column` to `to_column` covers, both ends counted
    /// (`requested at least the length of start to end before start`).
    LeadLength {
        from_column: String,
        to_column: String,
        before_column: String,
    },
}

/// How long records of some kinds must (and may) be kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retention {
    pub record_kinds: Vec<String>,
    pub min: Option<Duration>,
    pub max: Option<Duration>,
    pub anchor: RetentionAnchor,
}

/// Who may read records of some kinds, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Access {
    pub record_kinds: Vec<String>,
    pub allow: Vec<Grant>,
    pub deny: Vec<String>,
    /// Relationships denied, as for `Grant::relations`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny_relations: Vec<Relation>,
    pub notify: Option<Notify>,
}

/// Who someone is to the person a record is about: the `ref staff` columns
/// of `staff` followed from that person's row, each read on the day of the
/// access (`["supervisor", "line_manager"]`: their supervisor's line
/// manager).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Relation {
    pub path: Vec<String>,
}

impl Relation {
    /// As written: `supervisor.line_manager`.
    pub fn dotted(&self) -> String {
        self.path.join(".")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grant {
    /// Roles, `subject` for the person the record is about, or `anyone`.
    pub roles: Vec<String>,
    /// Relationships to the person the record is about (`supervisor`,
    /// `supervisor.line_manager`), judged on the day of access.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Purposes, or `any`.
    pub purposes: Vec<String>,
    /// Notification owed to the subject for accesses under this grant alone
    /// (besides the rule-wide `notify`, which covers every grant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<Notify>,
}

/// Something every member of a group must have, judged on the as-of date
/// (`every member of all_staff: dbs_checked is yes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    pub group: String,
    /// The table of the group's members.
    pub subject_table: String,
    pub condition: Condition,
    /// The condition as written.
    pub text: String,
}

/// A check judged on every day a subject is a member of the group: the most
/// recent row of an activity is no older than `within` (`Last`), or a row
/// already booked falls within the next `within` (`Next`). Semantics and
/// boundary days: `docs/semantics.md`, "Standing checks".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    pub group: String,
    /// The table of the group's members.
    pub subject_table: String,
    pub activity: String,
    pub side: StandingSide,
    pub within: Duration,
    /// For `booked`: the date or datetime column of the activity's table
    /// that says when a row was booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked_column: Option<String>,
    /// For `booked`: which rows are bookings. The activity's filter without
    /// its `status is held` test (a booked session is still `planned`);
    /// cancelled sessions never count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_filter: Option<Condition>,
}

/// Which way from the day judged a standing check looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandingSide {
    /// `within the last D`: the most recent row on or before the day.
    Last,
    /// `booked within the next D`: a row after the day, booked by then.
    Next,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notify {
    /// `None`: no later than the access itself.
    pub within: Option<Duration>,
}

/// A condition over one row (`Subject::Row`), or over a session's supervisor
/// and supervisee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Condition {
    All {
        of: Vec<Condition>,
    },
    Any {
        of: Vec<Condition>,
    },
    Not {
        condition: Box<Condition>,
    },
    /// The value is (or is not) one of `values`.
    Is {
        target: Expr,
        negated: bool,
        values: Vec<Literal>,
    },
    /// The column has a value (`negated`: it is empty).
    Recorded {
        target: Expr,
        negated: bool,
    },
    /// A datetime falls within the header's working hours on a working day
    /// (`negated`: it does not). An empty value makes both false.
    WorkingHours {
        target: Expr,
        negated: bool,
    },
    /// A set column contains the value.
    Has {
        target: Expr,
        value: Literal,
    },
    /// The row (or person) whose id `target` gives is a member of the group.
    InGroup {
        target: Expr,
        group: String,
    },
    Compare {
        left: Expr,
        op: CompareOp,
        right: Expr,
    },
}

/// Whose column an expression reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// The row being judged (a staff member for a group).
    Row,
    Supervisor,
    Supervisee,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Expr {
    Column {
        of: Subject,
        column: String,
    },
    /// A column read through a reference (boxed: it is the largest
    /// expression, and conditions are held in every rule).
    Via(Box<Via>),
    /// `month of COLUMN`: the calendar month (year and month) of a date,
    /// or of a datetime's local date in the policy's timezone.
    MonthOf {
        of: Box<Expr>,
    },
    Literal {
        value: Literal,
    },
    Arith {
        left: Box<Expr>,
        op: ArithOp,
        right: Box<Expr>,
    },
}

/// A column of the row that a `ref` column of the subject's row names:
/// `staff.role` on an absence is `reference: "staff"`, `table: "staff"`,
/// `column: "role"`. A longer path (`supervisor.line_manager.registrations`)
/// follows further `ref` columns, each of the row the step before reached,
/// listed in `then`; `column` is a column of the last step's table. The
/// tables are kept so the evaluator need not look the references' types up
/// again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Via {
    pub of: Subject,
    pub reference: String,
    pub table: String,
    /// The steps after the first (empty for a one-step path, and then left
    /// out of the JSON, so one-step paths read as they always have).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub then: Vec<Step>,
    pub column: String,
}

impl DeadlineEnd {
    /// `within D of absence.end`: the start as written, steps and column
    /// (`None` for the other forms).
    pub fn start_path(&self) -> Option<String> {
        let DeadlineEnd::Within {
            through,
            start_column,
            ..
        } = self
        else {
            return None;
        };
        let mut out = String::new();
        for step in through {
            out.push_str(&step.reference);
            out.push('.');
        }
        out.push_str(start_column);
        Some(out)
    }
}

/// One further step of a [`Via`]: a `ref` column of the row reached so far,
/// and the table it refers to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub reference: String,
    pub table: String,
}

impl Via {
    /// The table whose `column` is read: that of the last step.
    pub fn column_table(&self) -> &str {
        self.then.last().map_or(&self.table, |s| &s.table)
    }

    /// Every step, the first included, as (reference column, table it
    /// refers to).
    pub fn steps(&self) -> impl Iterator<Item = (&str, &str)> {
        std::iter::once((self.reference.as_str(), self.table.as_str())).chain(
            self.then
                .iter()
                .map(|s| (s.reference.as_str(), s.table.as_str())),
        )
    }

    /// The path as written after the subject: `line_manager.registrations`.
    pub fn dotted(&self) -> String {
        let mut out = String::new();
        for (reference, _) in self.steps() {
            out.push_str(reference);
            out.push('.');
        }
        out.push_str(&self.column);
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Literal {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    Duration(Duration),
    /// A value of a vocabulary.
    Value(String),
}

impl CompiledPolicy {
    /// The label the policy gave a column of a table
    /// (`signed: date "date of signature"`), if any. Describe, hover and
    /// findings all read labels through this one place.
    pub fn column_label(&self, table: &str, column: &str) -> Option<&str> {
        self.tables
            .get(table)
            .and_then(|t| t.column(column))
            .and_then(|c| c.label.as_deref())
    }

    /// A column as findings name it: its label, else its name as written,
    /// so reports of policies without labels read as they always have.
    pub fn column_named(&self, table: &str, column: &str) -> String {
        self.column_label(table, column)
            .unwrap_or(column)
            .to_string()
    }

    pub fn rule(&self, name: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.name == name)
    }

    /// The conditions a row must meet to be in `group`: its own and every
    /// ancestor's, innermost last.
    pub fn group_conditions(&self, group: &str) -> Vec<&Condition> {
        let mut chain = Vec::new();
        let mut current = self.groups.get(group);
        let mut guard = 0;
        while let Some(g) = current {
            if let Some(c) = &g.condition {
                chain.push(c);
            }
            guard += 1;
            if guard > self.groups.len() {
                break;
            }
            current = g.parent.as_deref().and_then(|p| self.groups.get(p));
        }
        chain.reverse();
        chain
    }

    /// True when `inner` is `outer` or refines it, directly or not.
    pub fn group_within(&self, inner: &str, outer: &str) -> bool {
        let mut current = Some(inner);
        let mut guard = 0;
        while let Some(name) = current {
            if name == outer {
                return true;
            }
            guard += 1;
            if guard > self.groups.len() + 1 {
                return false;
            }
            current = self.groups.get(name).and_then(|g| g.parent.as_deref());
        }
        false
    }
}
