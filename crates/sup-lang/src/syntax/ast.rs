//! The typed syntax tree of a `.sup` file, as written: no name is resolved here.
//!
//! Every node carries a [`Span`]. Spans compare equal to each other whatever
//! their offsets, so two trees that differ only in layout are `==`: the
//! formatter's "meaning unchanged" property and the semantic diff rely on it.

use crate::span::Span;

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

/// A name as written (`social_workers`), with its span.
pub type Name = Spanned<String>;

/// A whole `.sup` file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Module {
    pub items: Vec<Item>,
    /// Comments in source order; kept so that a formatter can put them back.
    pub comments: Vec<Comment>,
}

/// A `# ...` comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// One top-level statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Header(Header),
    Table(TableDecl),
    Extend(ExtendDecl),
    Vocabulary(VocabularyDecl),
    Group(GroupDecl),
    Calendar(CalendarDecl),
    Holidays(HolidaysDecl),
    Activity(ActivityDecl),
    Rule(RuleDecl),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Header(h) => h.span,
            Item::Table(t) => t.span,
            Item::Extend(e) => e.span,
            Item::Vocabulary(v) => v.span,
            Item::Group(g) => g.span,
            Item::Calendar(c) => c.span,
            Item::Holidays(h) => h.span,
            Item::Activity(a) => a.span,
            Item::Rule(r) => r.span,
        }
    }
}

/// Whether a file is an organisation's policy or a framework that policies conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    Policy,
    Framework,
}

/// `policy "Title" { owner: "...", review: 2021-09-01 }`
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub kind: PolicyKind,
    pub title: Spanned<String>,
    pub fields: Vec<HeaderField>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeaderField {
    /// The field's words joined by one space (`conforms to`).
    pub name: Name,
    pub value: Spanned<Value>,
    pub span: Span,
}

/// `table annual_reviews "Annual reviews" { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct TableDecl {
    pub name: Name,
    pub label: Option<Spanned<String>>,
    pub columns: Vec<ColumnDecl>,
    /// `lifetime from START [to END]`: the columns that bound a row's life.
    pub lifetime: Option<LifetimeDecl>,
    pub span: Span,
}

/// `lifetime from approved to deregistered`: a row exists from the day in
/// its START column to the day in its END column (inclusive; an empty END:
/// still there).
#[derive(Debug, Clone, PartialEq)]
pub struct LifetimeDecl {
    pub start: Name,
    pub end: Option<Name>,
    pub span: Span,
}

/// `extend staff { placement_days: optional number }`
#[derive(Debug, Clone, PartialEq)]
pub struct ExtendDecl {
    pub table: Name,
    pub columns: Vec<ColumnDecl>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDecl {
    pub name: Name,
    pub optional: bool,
    pub ty: Spanned<ColumnTypeExpr>,
    /// `"date of signature"`: how the column reads in English.
    pub label: Option<Spanned<String>>,
    pub span: Span,
}

/// A column type as written; resolved against the schema by the checker.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnTypeExpr {
    /// `id`, `text`, `number`, `bool`, `date`, `datetime`, `duration`.
    Basic(String),
    /// `ref staff`
    Ref(Name),
    /// `one of role`
    OneOf(Name),
    /// `set of tag`
    SetOf(Name),
}

/// `roles: social_worker, team_manager` or `values of outcome: met, missed`.
#[derive(Debug, Clone, PartialEq)]
pub struct VocabularyDecl {
    /// The heading as written (`roles`, `session kinds`, or the custom name).
    pub heading: Name,
    /// True for the `values of NAME` form.
    pub custom: bool,
    pub values: Vec<Name>,
    /// The label written after each value, if any (`service_manager
    /// "Service Manager"`); as long as `values`.
    pub labels: Vec<Option<Spanned<String>>>,
    pub span: Span,
}

/// `group nqsw "newly qualified social workers": social_workers where tags has asye`
#[derive(Debug, Clone, PartialEq)]
pub struct GroupDecl {
    pub name: Name,
    pub label: Option<Spanned<String>>,
    /// A table (`staff`, `cases`) or another group that this one refines.
    pub base: Name,
    pub condition: Option<Condition>,
    pub span: Span,
}

/// `calendar half_term { autumn_1: 2025-09-03 to 2025-10-24 }`
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarDecl {
    pub name: Name,
    pub label: Option<Spanned<String>>,
    pub periods: Vec<PeriodDecl>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PeriodDecl {
    pub name: Name,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub span: Span,
}

/// `holidays closures { include england_and_wales  2025-12-24 "closure day" }`
#[derive(Debug, Clone, PartialEq)]
pub struct HolidaysDecl {
    pub name: Name,
    pub includes: Vec<Name>,
    pub dates: Vec<HolidayDate>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HolidayDate {
    pub date: Spanned<String>,
    pub label: Option<Spanned<String>>,
    pub span: Span,
}

/// `activity agreement_review: agreements by supervisee on reviewed`
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityDecl {
    pub name: Name,
    pub label: Option<Spanned<String>>,
    pub table: Name,
    pub subject_column: Name,
    pub date_column: Name,
    pub condition: Option<Condition>,
    pub span: Span,
}

/// `rule NAME: BODY OPTIONS`
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDecl {
    pub name: Name,
    pub body: RuleBody,
    pub options: Vec<Spanned<RuleOption>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RuleOption {
    WaivableBy(Vec<Name>),
    Overrides(Vec<Name>),
    NotProRata,
    /// `pro rata` (by `fte` unless another column is named).
    ProRata(Option<Name>),
    PartialWindows(Name),
    /// `alternating between line_manager and asye_assessor`: two of the
    /// subject's `ref staff` columns, in the order written.
    Alternating(Name, Name),
}

#[derive(Debug, Clone, PartialEq)]
pub enum RuleBody {
    Frequency(FrequencyRule),
    Eligibility(EligibilityRule),
    Limit(LimitRule),
    Deadline(DeadlineRule),
    Retention(RetentionRule),
    Access(AccessRule),
    Attribute(AttributeRule),
    Standing(StandingRule),
}

/// `every member of all_staff: dbs_checked is yes`
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeRule {
    pub group: Name,
    pub condition: Condition,
    pub span: Span,
}

/// `every member of agency_staff: dbs_check within the last 3 years`, or
/// `...: one_to_one booked within the next 3 months`: judged on every day.
#[derive(Debug, Clone, PartialEq)]
pub struct StandingRule {
    pub group: Name,
    pub activity: Name,
    /// `booked` was written (`Some` holds its span).
    pub booked: Option<Span>,
    pub side: Spanned<StandingSide>,
    pub within: Spanned<Quantity>,
    pub span: Span,
}

/// Which way from the day judged a `within the ...` check looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingSide {
    Last,
    Next,
}

/// `require one_to_one with line_manager for nqep: at least 1 per month`
#[derive(Debug, Clone, PartialEq)]
pub struct FrequencyRule {
    pub activities: Vec<Name>,
    pub with_supervisor: Option<Name>,
    pub group: Name,
    pub schedule: Schedule,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per rule, built once by the parser; boxing would only add a hop to every reader"
)]
pub enum Schedule {
    Fixed(Requirement),
    ByTenure(Vec<Phase>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub range: Spanned<PhaseRange>,
    pub requirement: Requirement,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PhaseRange {
    /// `first 6 weeks`
    First(Spanned<Quantity>),
    /// `until 12 months`: from the end of the previous phase.
    Until(Spanned<Quantity>),
    /// `from 6 weeks until 12 months`, or `from 12 months` (open-ended).
    From(Spanned<Quantity>, Option<Spanned<Quantity>>),
    /// `then`: from the end of the previous phase, for ever.
    Then,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Requirement {
    /// `at least N [and at most M] WINDOW [scaled by COLUMN]`; N may be a
    /// count or a duration.
    AtLeast {
        amount: Spanned<Quantity>,
        /// `and at most M`: a maximum in the same window.
        most: Option<Spanned<Quantity>>,
        window: Spanned<WindowExpr>,
        scaled_by: Option<Name>,
        span: Span,
    },
    /// `at most N WINDOW`: a maximum on its own.
    AtMost {
        amount: Spanned<Quantity>,
        window: Spanned<WindowExpr>,
        span: Span,
    },
    /// `every 2 weeks`: the longest gap allowed; `every 4 to 6 weeks` adds
    /// the shortest (whose number may have no unit of its own).
    Every {
        gap: Spanned<Quantity>,
        shortest: Option<Spanned<Quantity>>,
        span: Span,
    },
    /// `at least 4 weeks apart`: the shortest gap allowed, on its own.
    Apart { gap: Spanned<Quantity>, span: Span },
}

#[derive(Debug, Clone, PartialEq)]
pub enum WindowExpr {
    /// `per year`, `per calendar month`, `per financial year`.
    Per {
        qualifier: Option<String>,
        period: Name,
    },
    /// `in any 12 months`
    InAny(Spanned<Quantity>),
    /// `in each half_term`
    InEach(Name),
}

/// `eligible supervisor of one_to_one for social_workers { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct EligibilityRule {
    pub activities: Vec<Name>,
    pub group: Name,
    pub clauses: Vec<EligibilityClause>,
    pub span: Span,
}

/// `[when CONDITION:] CONDITION`
#[derive(Debug, Clone, PartialEq)]
pub struct EligibilityClause {
    pub when: Option<Condition>,
    pub require: Condition,
    pub span: Span,
}

/// `limit supervisees for supervisors: 5 to 7`
#[derive(Debug, Clone, PartialEq)]
pub struct LimitRule {
    /// The measure's words (`caseload`, or `caseload per fte`).
    pub measure: Name,
    pub per: Option<Name>,
    pub activities: Vec<Name>,
    pub group: Name,
    pub range: Spanned<RangeExpr>,
    pub excluding: Option<Name>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RangeExpr {
    AtMost(Spanned<Quantity>),
    AtLeast(Spanned<Quantity>),
    Between(Spanned<Quantity>, Spanned<Quantity>),
}

/// `deadline sessions: recorded within 48 hours of start where status is held`
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineRule {
    /// A table or an activity.
    pub source: Name,
    pub end_column: Name,
    pub end: DeadlineEnd,
    pub condition: Option<Condition>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeadlineEnd {
    Within {
        limit: Spanned<Quantity>,
        /// `absence.end`: the `ref` columns followed before the start
        /// column (empty for a column of the row itself).
        through: Vec<Name>,
        start_column: Name,
    },
    /// `before the next one_to_one`, or `before the next one_to_one of
    /// supervisor`: the next row of the person the `of` column names.
    BeforeNext { activity: Name, of: Option<Name> },
    /// `at least 1 week before start`: a minimum notice.
    LeadTime {
        lead: Spanned<Quantity>,
        before_column: Name,
    },
    /// `at least the length of start to end before start`: a minimum notice
    /// as long as the row's own span, counting both ends.
    LeadLength {
        from_column: Name,
        to_column: Name,
        before_column: Name,
        /// From `at` to the last column.
        span: Span,
    },
}

/// `retain personal_supervision records: at least 6 years after leaving`
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionRule {
    pub record_kind: Name,
    pub bounds: Vec<Spanned<RetentionBound>>,
    pub anchor: Spanned<RetentionAnchor>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RetentionBound {
    AtLeast(Spanned<Quantity>),
    AtMost(Spanned<Quantity>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionAnchor {
    /// After the staff member the record is about leaves.
    Leaving,
    /// After the record was created.
    Creation,
}

/// `access personal_supervision records { allow ... deny ... notify ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct AccessRule {
    pub record_kinds: Vec<Name>,
    pub clauses: Vec<AccessClause>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AccessClause {
    Allow {
        roles: Vec<Name>,
        purposes: Vec<Name>,
        /// `and notify subject [within D]` for this grant alone.
        notify: Option<Option<Spanned<Quantity>>>,
        span: Span,
    },
    Deny {
        roles: Vec<Name>,
        span: Span,
    },
    Notify {
        within: Option<Spanned<Quantity>>,
        span: Span,
    },
}

/// A number with an optional unit as written: `48 hours`, `10`, `50%`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The number's text, kept exact (`1.5`).
    pub number: String,
    pub unit: Option<Spanned<String>>,
}

impl Quantity {
    pub fn value(&self) -> f64 {
        self.number.parse().unwrap_or(0.0)
    }
}

/// A literal on the right of `is`, `has`, a header field or a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Date(String),
    Text(String),
    Quantity(Quantity),
    /// A bare word: a vocabulary value (`social_worker`), `yes`/`no`, or a name.
    Word(String),
}

/// A boolean condition over a row (or over a supervisor and supervisee).
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    And(Vec<Condition>, Span),
    Or(Vec<Condition>, Span),
    Not(Box<Condition>, Span),
    /// `role is social_worker`, `status is not cancelled`, `role is one of a, b`
    Is {
        path: Spanned<Path>,
        negated: bool,
        values: Vec<Spanned<Value>>,
        span: Span,
    },
    /// `buddy is recorded`: the column has a value.
    Recorded {
        path: Spanned<Path>,
        negated: bool,
        span: Span,
    },
    /// `start is within working hours`: a datetime in the declared
    /// working hours of a working day.
    WorkingHours {
        path: Spanned<Path>,
        negated: bool,
        span: Span,
    },
    /// `registrations has HCPC`
    Has {
        path: Spanned<Path>,
        value: Spanned<Value>,
        span: Span,
    },
    /// `supervisee in qualified_social_workers`
    InGroup {
        path: Spanned<Path>,
        group: Name,
        span: Span,
    },
    /// `supervisor.level >= supervisee.level + 1`
    Compare {
        left: Operand,
        op: CompareOp,
        right: Operand,
        span: Span,
    },
}

impl Condition {
    pub fn span(&self) -> Span {
        match self {
            Condition::And(_, s) | Condition::Or(_, s) | Condition::Not(_, s) => *s,
            Condition::Is { span, .. }
            | Condition::Recorded { span, .. }
            | Condition::WorkingHours { span, .. }
            | Condition::Has { span, .. }
            | Condition::InGroup { span, .. }
            | Condition::Compare { span, .. } => *span,
        }
    }
}

/// `supervisor.level`: dot-separated words.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub segments: Vec<Name>,
}

impl Path {
    pub fn dotted(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.node.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// `term (+|- term)*`
#[derive(Debug, Clone, PartialEq)]
pub struct Operand {
    pub first: Term,
    pub rest: Vec<(ArithOp, Term)>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Path(Spanned<Path>),
    Literal(Spanned<Value>),
    /// `month of taken`: the calendar month of a date column. The span
    /// covers the whole term, the path's its own.
    MonthOf(Spanned<Path>, Span),
}
