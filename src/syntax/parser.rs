//! Turns pest's pairs into the typed syntax tree.
//!
//! This is the only module that names the grammar's `Rule` enum: everything
//! after it works on [`crate::syntax::ast`]. Parsing never fails as a whole:
//! it returns what it could read and a diagnostic for each statement it could
//! not (see [`crate::syntax::recovery`]).

use pest::iterators::Pair;
use pest::Parser;

use super::ast::*;
use super::expected;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/sup.pest"]
struct SupParser;

/// Parse `text`, a piece of a file that starts at byte `offset` of it.
/// Spans in the result are relative to the whole file.
pub(super) fn parse_chunk(
    text: &str,
    offset: usize,
    last_chunk: bool,
) -> Result<Vec<Item>, Box<Diagnostic>> {
    match SupParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let lower = Lower { offset };
            let items = pairs
                .next()
                .map(|file| {
                    file.into_inner()
                        .filter(|p| p.as_rule() != Rule::EOI)
                        .filter_map(|p| lower.item(p))
                        .collect()
                })
                .unwrap_or_default();
            Ok(items)
        }
        Err(error) => {
            let position = match error.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((start, _)) => start,
            };
            let mut wanted: Vec<&'static str> = match &error.variant {
                pest::error::ErrorVariant::ParsingError { positives, .. } => {
                    positives.iter().filter_map(|r| describe(*r)).collect()
                }
                pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
            };
            wanted.sort_unstable();
            wanted.dedup();
            Err(Box::new(expected::diagnostic(
                text, offset, position, &wanted, last_chunk,
            )))
        }
    }
}

/// True when `word` starts a top-level statement, so recovery can resync there.
pub(super) fn starts_item(line: &str) -> bool {
    SupParser::parse(Rule::item_start, line).is_ok()
}

/// Whether `word` is a reserved word (grammar rule `reserved`), which can
/// never be a name.
pub(super) fn is_reserved(word: &str) -> bool {
    SupParser::parse(Rule::reserved, word).is_ok_and(|mut p| {
        p.next()
            .is_some_and(|pair| pair.as_str().len() == word.len())
    })
}

/// The keywords that start a top-level statement, for did-you-mean.
pub(super) const ITEM_KEYWORDS: &[&str] = &[
    "policy",
    "framework",
    "table",
    "extend",
    "group",
    "calendar",
    "holidays",
    "activity",
    "rule",
    "values",
    "roles",
    "tags",
    "registrations",
    "purposes",
    "teams",
];

/// A grammar rule in plain words, for "expected ..." messages; `None` for
/// rules too internal to mean anything to an author.
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        file | header | table_decl | extend_decl | group_decl | calendar_decl | holidays_decl
        | activity_decl | rule_decl | vocab_decl | vocab_head | vocab_word | kw_policy | kw_framework
        | kw_table | kw_extend | kw_group | kw_calendar | kw_holidays | kw_activity | kw_rule
        | kw_values | EOI => expected::STATEMENT,
        header_field | field_name => "a header field such as `review: 2026-09-01`",
        field_value | value => "a value: a word, a number, a date or text in double quotes",
        vocab_values | vocab_value => "a value such as `service_manager` or `service_manager \"Service Manager\"`",
        column_decl => "a column such as `placement_days: optional number`",
        lifetime_decl | kw_lifetime => "a lifetime such as `lifetime from approved to deregistered`",
        column_type | ref_type | one_of_type | set_of_type | kw_ref | kw_set => {
            "a column type such as `date`, `ref staff` or `one of role`"
        }
        period_decl => "a period such as `autumn_1: 2025-09-03 to 2025-10-24`",
        holiday_include | holiday_date | kw_include => "a date or `include NAME`",
        rule_option | waivable | overrides | not_pro_rata | pro_rata | partial_windows | alternating
        | kw_waivable | kw_overrides | kw_pro | kw_partial | kw_alternating => "a rule option such as `waivable by service_manager`",
        frequency | eligibility | limit | deadline | retention | access | kw_require | kw_eligible
        | kw_limit | kw_deadline | kw_retain | kw_access => {
            "a rule such as `require ...`, `eligible supervisor ...`, `limit ...`, `deadline ...`, `retain ...` or `access ...`"
        }
        requirement | at_least_req | every_req | kw_every => "a requirement such as `at least 10 per year` or `every 2 weeks`",
        window | per_period | in_any | in_each => "a window such as `per year`, `in any 12 months` or `in each half_term`",
        phased | kw_tenure => "`by tenure { ... }` or `:` and a requirement",
        phase | phase_range | first_phase | until_phase | from_phase | then_phase | kw_first
        | kw_until | kw_from | kw_then => "a phase such as `first 6 weeks:`, `until 12 months:` or `then:`",
        eligibility_clause | kw_when => "a condition such as `supervisor.level > supervisee.level`",
        range | at_most | at_least | between | from_to | kw_between => "a range such as `5 to 7` or `at most 6`",
        deadline_end | within_of | before_next | lead_time | lead_length | kw_within | kw_before
        | kw_length => {
            "`within 48 hours of COLUMN`, `before the next ACTIVITY`, `at least 1 week before COLUMN` or `at least the length of COLUMN to COLUMN before COLUMN`"
        }
        attribute | kw_member => "`every member of GROUP: CONDITION`",
        grant_notify => "`and notify subject`",
        retention_bound => "`at least 6 years` or `at most 7 years`",
        retention_anchor | kw_leaving | kw_creation => "`leaving` or `creation`",
        allow_clause | deny_clause | notify_clause | kw_allow | kw_deny | kw_notify => {
            "`allow ROLE for PURPOSE`, `deny ROLE` or `notify subject`"
        }
        condition | or_expr | and_expr | not_expr | negation | is_test | has_test | in_test | comparison
        | presence_test | kw_recorded => {
            "a condition such as `role is social_worker`"
        }
        is_not | one_of_values => "a value, `not` or `one of`",
        compare_op => "a comparison such as `>=` or `=`",
        operand | path => "a column such as `supervisor.level`",
        arith_op => "`+` or `-`",
        name | name_list | activity_list | measure | word => "a name",
        string | string_body => "text in double quotes",
        date => "a date such as `2025-09-01`",
        number | quantity | amount | once | twice => "a number such as `10` or `48 hours`",
        unit => "a unit such as `hours`, `working days` or `years`",
        colon => "`:`",
        open_brace => "`{`",
        close_brace => "`}`",
        kw_of => "`of`",
        kw_to => "`to`",
        kw_by => "`by`",
        kw_on => "`on`",
        kw_for => "`for`",
        kw_where => "`where`",
        kw_with => "`with`",
        kw_at => "`at`",
        kw_least => "`least`",
        kw_most => "`most`",
        kw_per => "`per`",
        kw_in => "`in`",
        kw_any => "`any`",
        kw_each => "`each`",
        kw_and => "`and`",
        kw_or => "`or`",
        kw_not => "`not`",
        kw_is => "`is`",
        kw_has => "`has`",
        kw_after => "`after`",
        kw_next => "`next`",
        kw_subject => "`subject`",
        kw_supervisor => "`supervisor`",
        kw_rata => "`rata`",
        kw_windows => "`windows`",
        kw_scaled => "`scaled by`",
        kw_one => "`one of`",
        kw_optional => "`optional`",
        kw_excluding => "`excluding`",
        _ => return None,
    })
}

struct Lower {
    offset: usize,
}

impl Lower {
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(s.start() + self.offset, s.end() + self.offset)
    }

    /// The span of a statement or clause: from its first token to the end of
    /// its last one. pest's own span would also take in the blank lines and
    /// comments after it, which belong to the next statement.
    fn stmt_span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        // Follow the last child down to a token; strings, quantities and
        // paths are tokens whose own spans are exact.
        let mut last = pair.clone();
        while !matches!(last.as_rule(), Rule::string | Rule::quantity | Rule::path) {
            match last.clone().into_inner().last() {
                Some(child) => last = child,
                None => break,
            }
        }
        let end = last.as_span().end().max(s.start());
        Span::new(s.start() + self.offset, end + self.offset)
    }

    fn name(&self, pair: Pair<Rule>) -> Name {
        Spanned::new(pair.as_str().to_string(), self.span(&pair))
    }

    fn string(&self, pair: Pair<Rule>) -> Spanned<String> {
        let span = self.span(&pair);
        let body = pair
            .into_inner()
            .next()
            .map(|b| b.as_str().to_string())
            .unwrap_or_default();
        Spanned::new(body, span)
    }

    fn names(&self, pair: Pair<Rule>) -> Vec<Name> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::name)
            .map(|p| self.name(p))
            .collect()
    }

    fn item(&self, pair: Pair<Rule>) -> Option<Item> {
        Some(match pair.as_rule() {
            Rule::header => Item::Header(self.header(pair)),
            Rule::table_decl => Item::Table(self.table(pair)),
            Rule::extend_decl => Item::Extend(self.extend(pair)),
            Rule::vocab_decl => Item::Vocabulary(self.vocabulary(pair)),
            Rule::group_decl => Item::Group(self.group(pair)),
            Rule::calendar_decl => Item::Calendar(self.calendar(pair)),
            Rule::holidays_decl => Item::Holidays(self.holidays(pair)),
            Rule::activity_decl => Item::Activity(self.activity(pair)),
            Rule::rule_decl => Item::Rule(self.rule(pair)?),
            _ => return None,
        })
    }

    fn header(&self, pair: Pair<Rule>) -> Header {
        let span = self.stmt_span(&pair);
        let mut kind = PolicyKind::Policy;
        let mut title = Spanned::new(String::new(), span);
        let mut fields = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::policy_kind if p.as_str() == "framework" => kind = PolicyKind::Framework,
                Rule::string => title = self.string(p),
                Rule::header_field => {
                    let fspan = self.stmt_span(&p);
                    let mut name = None;
                    let mut value = None;
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::field_name => {
                                // The words only: the text between them may hold a comment.
                                let span = self.span(&q);
                                let words: Vec<&str> = q.into_inner().map(|w| w.as_str()).collect();
                                name = Some(Spanned::new(words.join(" "), span));
                            }
                            Rule::field_value => {
                                let vspan = self.span(&q);
                                value = q
                                    .into_inner()
                                    .next()
                                    .map(|v| self.value(v))
                                    .map(|v| Spanned::new(v, vspan));
                            }
                            _ => {}
                        }
                    }
                    if let (Some(name), Some(value)) = (name, value) {
                        fields.push(HeaderField {
                            name,
                            value,
                            span: fspan,
                        });
                    }
                }
                _ => {}
            }
        }
        Header {
            kind,
            title,
            fields,
            span,
        }
    }

    fn columns<'i>(&self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<ColumnDecl> {
        pairs
            .filter(|p| p.as_rule() == Rule::column_decl)
            .filter_map(|p| self.column(p))
            .collect()
    }

    fn column(&self, pair: Pair<Rule>) -> Option<ColumnDecl> {
        let span = self.stmt_span(&pair);
        let mut name = None;
        let mut optional = false;
        let mut ty = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.name(p)),
                Rule::optional_marker => optional = true,
                Rule::column_type => {
                    let tspan = self.span(&p);
                    let inner = p.into_inner().next()?;
                    let expr = match inner.as_rule() {
                        Rule::ref_type => ColumnTypeExpr::Ref(self.last_name(inner)?),
                        Rule::one_of_type => ColumnTypeExpr::OneOf(self.last_name(inner)?),
                        Rule::set_of_type => ColumnTypeExpr::SetOf(self.last_name(inner)?),
                        _ => ColumnTypeExpr::Basic(inner.as_str().to_string()),
                    };
                    ty = Some(Spanned::new(expr, tspan));
                }
                _ => {}
            }
        }
        Some(ColumnDecl {
            name: name?,
            optional,
            ty: ty?,
            span,
        })
    }

    fn last_name(&self, pair: Pair<Rule>) -> Option<Name> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::name)
            .last()
            .map(|p| self.name(p))
    }

    fn first_name(&self, pair: &Pair<Rule>) -> Option<Name> {
        pair.clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::name)
            .map(|p| self.name(p))
    }

    fn label(&self, pair: &Pair<Rule>) -> Option<Spanned<String>> {
        pair.clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::string)
            .map(|p| self.string(p))
    }

    fn condition_child(&self, pair: &Pair<Rule>) -> Option<Condition> {
        pair.clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::condition)
            .and_then(|p| self.condition(p))
    }

    fn table(&self, pair: Pair<Rule>) -> TableDecl {
        let span = self.stmt_span(&pair);
        let name = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let label = self.label(&pair);
        let lifetime = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::lifetime_decl)
            .map(|p| {
                let span = self.stmt_span(&p);
                let mut names = p
                    .into_inner()
                    .filter(|n| n.as_rule() == Rule::name)
                    .map(|n| self.name(n));
                LifetimeDecl {
                    start: names
                        .next()
                        .unwrap_or_else(|| Spanned::new(String::new(), span)),
                    end: names.next(),
                    span,
                }
            });
        let columns = self.columns(pair.into_inner());
        TableDecl {
            name,
            label,
            columns,
            lifetime,
            span,
        }
    }

    fn extend(&self, pair: Pair<Rule>) -> ExtendDecl {
        let span = self.stmt_span(&pair);
        let table = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let columns = self.columns(pair.into_inner());
        ExtendDecl {
            table,
            columns,
            span,
        }
    }

    fn vocabulary(&self, pair: Pair<Rule>) -> VocabularyDecl {
        let span = self.stmt_span(&pair);
        let mut heading = Spanned::new(String::new(), span);
        let mut custom = false;
        let mut values = Vec::new();
        let mut labels = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::vocab_head => {
                    let hspan = self.span(&p);
                    if let Some(n) = p.clone().into_inner().find(|q| q.as_rule() == Rule::name) {
                        custom = true;
                        heading = self.name(n);
                    } else {
                        let words: Vec<&str> = p.as_str().split_whitespace().collect();
                        heading = Spanned::new(words.join(" "), hspan);
                    }
                }
                Rule::vocab_values => {
                    for value in p.into_inner().filter(|q| q.as_rule() == Rule::vocab_value) {
                        let label = self.label(&value);
                        if let Some(name) = self.first_name(&value) {
                            values.push(name);
                            labels.push(label);
                        }
                    }
                }
                _ => {}
            }
        }
        VocabularyDecl {
            heading,
            custom,
            values,
            labels,
            span,
        }
    }

    fn group(&self, pair: Pair<Rule>) -> GroupDecl {
        let span = self.stmt_span(&pair);
        let label = self.label(&pair);
        let condition = self.condition_child(&pair);
        let mut names = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::name)
            .map(|p| self.name(p));
        let empty = Spanned::new(String::new(), span);
        let name = names.next().unwrap_or_else(|| empty.clone());
        let base = names.next().unwrap_or(empty);
        GroupDecl {
            name,
            label,
            base,
            condition,
            span,
        }
    }

    fn calendar(&self, pair: Pair<Rule>) -> CalendarDecl {
        let span = self.stmt_span(&pair);
        let label = self.label(&pair);
        let name = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let periods = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::period_decl)
            .filter_map(|p| {
                let pspan = self.stmt_span(&p);
                let mut it = p.into_inner();
                let name = self.name(it.next()?);
                let mut dates = it
                    .filter(|d| d.as_rule() == Rule::date)
                    .map(|d| Spanned::new(d.as_str().to_string(), self.span(&d)));
                let start = dates.next()?;
                let end = dates.next()?;
                Some(PeriodDecl {
                    name,
                    start,
                    end,
                    span: pspan,
                })
            })
            .collect();
        CalendarDecl {
            name,
            label,
            periods,
            span,
        }
    }

    fn holidays(&self, pair: Pair<Rule>) -> HolidaysDecl {
        let span = self.stmt_span(&pair);
        let name = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let mut includes = Vec::new();
        let mut dates = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::holiday_include => {
                    if let Some(n) = self.last_name(p) {
                        includes.push(n);
                    }
                }
                Rule::holiday_date => {
                    let dspan = self.span(&p);
                    let label = self.label(&p);
                    if let Some(d) = p.into_inner().find(|q| q.as_rule() == Rule::date) {
                        dates.push(HolidayDate {
                            date: Spanned::new(d.as_str().to_string(), self.span(&d)),
                            label,
                            span: dspan,
                        });
                    }
                }
                _ => {}
            }
        }
        HolidaysDecl {
            name,
            includes,
            dates,
            span,
        }
    }

    fn activity(&self, pair: Pair<Rule>) -> ActivityDecl {
        let span = self.stmt_span(&pair);
        let label = self.label(&pair);
        let condition = self.condition_child(&pair);
        let names: Vec<Name> = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::name)
            .map(|p| self.name(p))
            .collect();
        let get = |i: usize| {
            names
                .get(i)
                .cloned()
                .unwrap_or_else(|| Spanned::new(String::new(), span))
        };
        ActivityDecl {
            name: get(0),
            label,
            table: get(1),
            subject_column: get(2),
            date_column: get(3),
            condition,
            span,
        }
    }

    fn rule(&self, pair: Pair<Rule>) -> Option<RuleDecl> {
        let span = self.stmt_span(&pair);
        let mut name = None;
        let mut body = None;
        let mut options = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.name(p)),
                Rule::frequency => body = self.frequency(p).map(RuleBody::Frequency),
                Rule::eligibility => body = Some(RuleBody::Eligibility(self.eligibility(p))),
                Rule::limit => body = self.limit(p).map(RuleBody::Limit),
                Rule::deadline => body = self.deadline(p).map(RuleBody::Deadline),
                Rule::retention => body = self.retention(p).map(RuleBody::Retention),
                Rule::access => body = Some(RuleBody::Access(self.access(p))),
                Rule::attribute => {
                    let aspan = self.span(&p);
                    let group = self.first_name(&p);
                    let condition = self.condition_child(&p);
                    if let (Some(group), Some(condition)) = (group, condition) {
                        body = Some(RuleBody::Attribute(AttributeRule {
                            group,
                            condition,
                            span: aspan,
                        }));
                    }
                }
                Rule::rule_option => {
                    if let Some(o) = self.rule_option(p) {
                        options.push(o);
                    }
                }
                _ => {}
            }
        }
        Some(RuleDecl {
            name: name?,
            body: body?,
            options,
            span,
        })
    }

    fn rule_option(&self, pair: Pair<Rule>) -> Option<Spanned<RuleOption>> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let option = match inner.as_rule() {
            Rule::waivable => RuleOption::WaivableBy(
                self.names(
                    inner
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::name_list)?,
                ),
            ),
            Rule::overrides => RuleOption::Overrides(
                self.names(
                    inner
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::name_list)?,
                ),
            ),
            Rule::not_pro_rata => RuleOption::NotProRata,
            Rule::pro_rata => RuleOption::ProRata(self.first_name(&inner)),
            Rule::partial_windows => RuleOption::PartialWindows(self.first_name(&inner)?),
            Rule::alternating => {
                let mut names = self.names(inner);
                let second = names.pop()?;
                let first = names.pop()?;
                RuleOption::Alternating(first, second)
            }
            _ => return None,
        };
        Some(Spanned::new(option, span))
    }

    fn activity_list(&self, pair: &Pair<Rule>) -> Vec<Name> {
        pair.clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::activity_list)
            .map(|p| self.names(p))
            .unwrap_or_default()
    }

    fn frequency(&self, pair: Pair<Rule>) -> Option<FrequencyRule> {
        let span = self.stmt_span(&pair);
        let activities = self.activity_list(&pair);
        let mut with_supervisor = None;
        let mut group = None;
        let mut schedule = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::with_supervisor => with_supervisor = self.first_name(&p),
                Rule::name => group = Some(self.name(p)),
                Rule::requirement => schedule = self.requirement(p).map(Schedule::Fixed),
                Rule::phased => {
                    let phases = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::phase)
                        .filter_map(|q| self.phase(q))
                        .collect();
                    schedule = Some(Schedule::ByTenure(phases));
                }
                _ => {}
            }
        }
        Some(FrequencyRule {
            activities,
            with_supervisor,
            group: group?,
            schedule: schedule?,
            span,
        })
    }

    fn phase(&self, pair: Pair<Rule>) -> Option<Phase> {
        let span = self.stmt_span(&pair);
        let mut range = None;
        let mut requirement = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::phase_range => {
                    let rspan = self.span(&p);
                    let inner = p.into_inner().next()?;
                    let quantities: Vec<Spanned<Quantity>> = inner
                        .clone()
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::quantity)
                        .map(|q| self.quantity(q))
                        .collect();
                    let mut qs = quantities.into_iter();
                    let r = match inner.as_rule() {
                        Rule::first_phase => PhaseRange::First(qs.next()?),
                        Rule::until_phase => PhaseRange::Until(qs.next()?),
                        Rule::from_phase => {
                            let from = qs.next()?;
                            PhaseRange::From(from, qs.next())
                        }
                        _ => PhaseRange::Then,
                    };
                    range = Some(Spanned::new(r, rspan));
                }
                Rule::requirement => requirement = self.requirement(p),
                _ => {}
            }
        }
        Some(Phase {
            range: range?,
            requirement: requirement?,
            span,
        })
    }

    fn requirement(&self, pair: Pair<Rule>) -> Option<Requirement> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::every_req => {
                let q = inner.into_inner().find(|p| p.as_rule() == Rule::quantity)?;
                Some(Requirement::Every {
                    gap: self.quantity(q),
                    span,
                })
            }
            _ => {
                let mut amount = None;
                let mut window = None;
                let mut scaled_by = None;
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::amount => amount = self.amount(p),
                        Rule::window => window = self.window(p),
                        Rule::scaled_by => scaled_by = self.first_name(&p),
                        _ => {}
                    }
                }
                Some(Requirement::AtLeast {
                    amount: amount?,
                    window: window?,
                    scaled_by,
                    span,
                })
            }
        }
    }

    fn amount(&self, pair: Pair<Rule>) -> Option<Spanned<Quantity>> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let number = match inner.as_rule() {
            Rule::once => "1",
            Rule::twice => "2",
            _ => return Some(self.quantity(inner)),
        };
        Some(Spanned::new(
            Quantity {
                number: number.to_string(),
                unit: None,
            },
            span,
        ))
    }

    fn window(&self, pair: Pair<Rule>) -> Option<Spanned<WindowExpr>> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let window = match inner.as_rule() {
            Rule::per_period => {
                let mut qualifier = None;
                let mut period = None;
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::period_qualifier => qualifier = Some(p.as_str().to_string()),
                        Rule::word => period = Some(self.name(p)),
                        _ => {}
                    }
                }
                WindowExpr::Per {
                    qualifier,
                    period: period?,
                }
            }
            Rule::in_any => WindowExpr::InAny(
                self.quantity(inner.into_inner().find(|p| p.as_rule() == Rule::quantity)?),
            ),
            _ => WindowExpr::InEach(self.first_name(&inner)?),
        };
        Some(Spanned::new(window, span))
    }

    fn eligibility(&self, pair: Pair<Rule>) -> EligibilityRule {
        let span = self.stmt_span(&pair);
        let activities = self.activity_list(&pair);
        let group = self
            .first_name(&pair)
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let clauses = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::eligibility_clause)
            .filter_map(|p| {
                let cspan = self.stmt_span(&p);
                let mut conditions: Vec<Condition> = p
                    .into_inner()
                    .filter(|q| q.as_rule() == Rule::condition)
                    .filter_map(|q| self.condition(q))
                    .collect();
                let require = conditions.pop()?;
                let when = conditions.pop();
                Some(EligibilityClause {
                    when,
                    require,
                    span: cspan,
                })
            })
            .collect();
        EligibilityRule {
            activities,
            group,
            clauses,
            span,
        }
    }

    fn limit(&self, pair: Pair<Rule>) -> Option<LimitRule> {
        let span = self.stmt_span(&pair);
        let activities = self.activity_list(&pair);
        let mut measure = None;
        let mut per = None;
        let mut group = None;
        let mut range = None;
        let mut excluding = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::measure => {
                    let mut names = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::name)
                        .map(|q| self.name(q));
                    measure = names.next();
                    per = names.next();
                }
                Rule::name => group = Some(self.name(p)),
                Rule::range => range = self.range(p),
                Rule::excluding => excluding = self.first_name(&p),
                _ => {}
            }
        }
        Some(LimitRule {
            measure: measure?,
            per,
            activities,
            group: group?,
            range: range?,
            excluding,
            span,
        })
    }

    fn quantities(&self, pair: Pair<Rule>) -> Vec<Spanned<Quantity>> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::quantity)
            .map(|p| self.quantity(p))
            .collect()
    }

    fn range(&self, pair: Pair<Rule>) -> Option<Spanned<RangeExpr>> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let rule = inner.as_rule();
        let mut qs = self.quantities(inner).into_iter();
        let range = match rule {
            Rule::at_most => RangeExpr::AtMost(qs.next()?),
            Rule::at_least => RangeExpr::AtLeast(qs.next()?),
            _ => {
                let low = qs.next()?;
                RangeExpr::Between(low, qs.next()?)
            }
        };
        Some(Spanned::new(range, span))
    }

    fn deadline(&self, pair: Pair<Rule>) -> Option<DeadlineRule> {
        let span = self.stmt_span(&pair);
        let condition = self.condition_child(&pair);
        let mut names = Vec::new();
        let mut end = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => names.push(self.name(p)),
                Rule::deadline_end => {
                    let inner = p.into_inner().next()?;
                    end = Some(match inner.as_rule() {
                        Rule::within_of => {
                            let limit = self.quantity(
                                inner
                                    .clone()
                                    .into_inner()
                                    .find(|q| q.as_rule() == Rule::quantity)?,
                            );
                            DeadlineEnd::Within {
                                limit,
                                start_column: self.first_name(&inner)?,
                            }
                        }
                        Rule::lead_time => {
                            let lead = self.quantity(
                                inner
                                    .clone()
                                    .into_inner()
                                    .find(|q| q.as_rule() == Rule::quantity)?,
                            );
                            DeadlineEnd::LeadTime {
                                lead,
                                before_column: self.first_name(&inner)?,
                            }
                        }
                        Rule::lead_length => {
                            let span = self.span(&inner);
                            let mut names = inner
                                .into_inner()
                                .filter(|n| n.as_rule() == Rule::name)
                                .map(|n| self.name(n));
                            DeadlineEnd::LeadLength {
                                from_column: names.next()?,
                                to_column: names.next()?,
                                before_column: names.next()?,
                                span,
                            }
                        }
                        _ => DeadlineEnd::BeforeNext(self.first_name(&inner)?),
                    });
                }
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Some(DeadlineRule {
            source: names.next()?,
            end_column: names.next()?,
            end: end?,
            condition,
            span,
        })
    }

    fn retention(&self, pair: Pair<Rule>) -> Option<RetentionRule> {
        let span = self.stmt_span(&pair);
        let record_kind = self.first_name(&pair)?;
        let mut bounds = Vec::new();
        let mut anchor = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::retention_bound => {
                    let inner = p.into_inner().next()?;
                    let bspan = self.span(&inner);
                    let rule = inner.as_rule();
                    let q = self.quantities(inner).into_iter().next()?;
                    let bound = if rule == Rule::at_most {
                        RetentionBound::AtMost(q)
                    } else {
                        RetentionBound::AtLeast(q)
                    };
                    bounds.push(Spanned::new(bound, bspan));
                }
                Rule::retention_anchor => {
                    let a = if p.as_str().trim() == "creation" {
                        RetentionAnchor::Creation
                    } else {
                        RetentionAnchor::Leaving
                    };
                    anchor = Some(Spanned::new(a, self.span(&p)));
                }
                _ => {}
            }
        }
        Some(RetentionRule {
            record_kind,
            bounds,
            anchor: anchor?,
            span,
        })
    }

    fn access(&self, pair: Pair<Rule>) -> AccessRule {
        let span = self.stmt_span(&pair);
        let mut record_kinds = Vec::new();
        let mut clauses = Vec::new();
        for p in pair.into_inner() {
            let cspan = self.stmt_span(&p);
            match p.as_rule() {
                Rule::name_list => record_kinds = self.names(p),
                Rule::allow_clause => {
                    let notify = p
                        .clone()
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::grant_notify)
                        .map(|q| {
                            q.into_inner()
                                .find(|r| r.as_rule() == Rule::quantity)
                                .map(|r| self.quantity(r))
                        });
                    let mut lists = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::name_list)
                        .map(|q| self.names(q));
                    let roles = lists.next().unwrap_or_default();
                    let purposes = lists.next().unwrap_or_default();
                    clauses.push(AccessClause::Allow {
                        roles,
                        purposes,
                        notify,
                        span: cspan,
                    });
                }
                Rule::deny_clause => {
                    let roles = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::name_list)
                        .map(|q| self.names(q))
                        .unwrap_or_default();
                    clauses.push(AccessClause::Deny { roles, span: cspan });
                }
                Rule::notify_clause => {
                    let within = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::quantity)
                        .map(|q| self.quantity(q));
                    clauses.push(AccessClause::Notify {
                        within,
                        span: cspan,
                    });
                }
                _ => {}
            }
        }
        AccessRule {
            record_kinds,
            clauses,
            span,
        }
    }

    fn quantity(&self, pair: Pair<Rule>) -> Spanned<Quantity> {
        let span = self.span(&pair);
        let mut number = String::new();
        let mut unit = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::number => number = p.as_str().to_string(),
                Rule::percent => unit = Some(Spanned::new("%".to_string(), self.span(&p))),
                Rule::unit => {
                    let words: Vec<&str> = p.as_str().split_whitespace().collect();
                    unit = Some(Spanned::new(words.join(" "), self.span(&p)));
                }
                _ => {}
            }
        }
        Spanned::new(Quantity { number, unit }, span)
    }

    fn value(&self, pair: Pair<Rule>) -> Value {
        match pair.as_rule() {
            Rule::date => Value::Date(pair.as_str().to_string()),
            Rule::string => Value::Text(self.string(pair).node),
            Rule::quantity => Value::Quantity(self.quantity(pair).node),
            Rule::value => pair
                .into_inner()
                .next()
                .map(|p| self.value(p))
                .unwrap_or(Value::Word(String::new())),
            _ => Value::Word(pair.as_str().to_string()),
        }
    }

    fn spanned_value(&self, pair: Pair<Rule>) -> Spanned<Value> {
        let span = self.span(&pair);
        Spanned::new(self.value(pair), span)
    }

    fn path(&self, pair: Pair<Rule>) -> Spanned<Path> {
        let span = self.span(&pair);
        let segments = pair
            .into_inner()
            .filter(|p| matches!(p.as_rule(), Rule::name | Rule::word))
            .map(|p| self.name(p))
            .collect();
        Spanned::new(Path { segments }, span)
    }

    fn condition(&self, pair: Pair<Rule>) -> Option<Condition> {
        let span = self.stmt_span(&pair);
        match pair.as_rule() {
            Rule::condition => self.condition(pair.into_inner().next()?),
            Rule::or_expr | Rule::and_expr => {
                let is_or = pair.as_rule() == Rule::or_expr;
                let mut parts: Vec<Condition> = pair
                    .into_inner()
                    .filter(|p| !matches!(p.as_rule(), Rule::kw_or | Rule::kw_and))
                    .filter_map(|p| self.condition(p))
                    .collect();
                if parts.len() == 1 {
                    return parts.pop();
                }
                Some(if is_or {
                    Condition::Or(parts, span)
                } else {
                    Condition::And(parts, span)
                })
            }
            // A parenthesised condition: skip the brackets.
            Rule::not_expr => pair.into_inner().find_map(|p| self.condition(p)),
            Rule::negation => {
                let inner = pair.into_inner().find(|p| p.as_rule() != Rule::kw_not)?;
                Some(Condition::Not(Box::new(self.condition(inner)?), span))
            }
            Rule::is_test => {
                let mut path = None;
                let mut negated = false;
                let mut values = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::path => path = Some(self.path(p)),
                        Rule::is_not => negated = true,
                        Rule::one_of_values => {
                            values = p
                                .into_inner()
                                .filter(|q| q.as_rule() == Rule::value)
                                .map(|q| self.spanned_value(q))
                                .collect();
                        }
                        Rule::value => values.push(self.spanned_value(p)),
                        _ => {}
                    }
                }
                Some(Condition::Is {
                    path: path?,
                    negated,
                    values,
                    span,
                })
            }
            Rule::presence_test => {
                let negated = pair
                    .clone()
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::is_not);
                let path = self.path(pair.into_inner().find(|p| p.as_rule() == Rule::path)?);
                Some(Condition::Recorded {
                    path,
                    negated,
                    span,
                })
            }
            Rule::hours_test => {
                let negated = pair
                    .clone()
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::is_not);
                let path = self.path(pair.into_inner().find(|p| p.as_rule() == Rule::path)?);
                Some(Condition::WorkingHours {
                    path,
                    negated,
                    span,
                })
            }
            Rule::has_test => {
                let mut it = pair
                    .into_inner()
                    .filter(|p| matches!(p.as_rule(), Rule::path | Rule::value));
                let path = self.path(it.next()?);
                let value = self.spanned_value(it.next()?);
                Some(Condition::Has { path, value, span })
            }
            Rule::in_test => {
                let mut path = None;
                let mut group = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::path => path = Some(self.path(p)),
                        Rule::name => group = Some(self.name(p)),
                        _ => {}
                    }
                }
                Some(Condition::InGroup {
                    path: path?,
                    group: group?,
                    span,
                })
            }
            Rule::comparison => {
                let mut left = None;
                let mut op = None;
                let mut right = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::operand if left.is_none() => left = self.operand(p),
                        Rule::operand => right = self.operand(p),
                        Rule::compare_op => {
                            op = Some(match p.as_str() {
                                "=" => CompareOp::Eq,
                                "!=" => CompareOp::Ne,
                                "<" => CompareOp::Lt,
                                "<=" => CompareOp::Le,
                                ">" => CompareOp::Gt,
                                _ => CompareOp::Ge,
                            })
                        }
                        _ => {}
                    }
                }
                Some(Condition::Compare {
                    left: left?,
                    op: op?,
                    right: right?,
                    span,
                })
            }
            _ => None,
        }
    }

    fn operand(&self, pair: Pair<Rule>) -> Option<Operand> {
        let span = self.stmt_span(&pair);
        let mut first = None;
        let mut rest = Vec::new();
        let mut pending = ArithOp::Add;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::arith_op => {
                    pending = if p.as_str() == "-" {
                        ArithOp::Sub
                    } else {
                        ArithOp::Add
                    }
                }
                _ => {
                    let term = match p.as_rule() {
                        Rule::path => Term::Path(self.path(p)),
                        Rule::month_of => {
                            let whole = self.span(&p);
                            let path = p.into_inner().find(|q| q.as_rule() == Rule::path)?;
                            Term::MonthOf(self.path(path), whole)
                        }
                        _ => Term::Literal(self.spanned_value(p)),
                    };
                    if first.is_none() {
                        first = Some(term);
                    } else {
                        rest.push((pending, term));
                    }
                }
            }
        }
        Some(Operand {
            first: first?,
            rest,
            span,
        })
    }
}
