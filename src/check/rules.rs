//! Rules: each of the seven families checked and lowered to the compiled form.

use super::conditions::Context;
use super::symbols::SymbolKind;
use super::units::Kind;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{
    self, Amount, CalendarPeriod, ColumnType, Condition, Duration, DurationUnit, Measure,
    PartialWindows,
};
use crate::span::Span;
use crate::syntax::ast::{self, RuleOption};

/// `per ...` periods and what they mean.
const PERIODS: &[(&str, CalendarPeriod)] = &[
    ("week", CalendarPeriod::Week),
    ("calendar week", CalendarPeriod::Week),
    ("fortnight", CalendarPeriod::Fortnight),
    ("month", CalendarPeriod::Month),
    ("calendar month", CalendarPeriod::Month),
    ("quarter", CalendarPeriod::Quarter),
    ("year", CalendarPeriod::Year),
    ("calendar year", CalendarPeriod::Year),
    ("financial year", CalendarPeriod::FinancialYear),
    ("academic year", CalendarPeriod::AcademicYear),
];

const PARTIAL_WINDOWS: &[(&str, PartialWindows)] = &[
    ("prorated", PartialWindows::Prorated),
    ("full", PartialWindows::Full),
    ("ignored", PartialWindows::Ignored),
];

/// Roles an access rule may name without declaring them: the person the
/// record is about, and anyone at all.
const SPECIAL_ROLES: &[&str] = &["subject", "anyone"];

/// Options checked once per rule.
struct Options {
    waivable_by: Vec<String>,
    overrides: Vec<String>,
    pro_rata: Option<Option<ast::Name>>,
    partial_windows: Option<(PartialWindows, Span)>,
    alternating: Option<(ast::Name, ast::Name)>,
}

impl Checker<'_> {
    pub(super) fn check_rule_names(&mut self, names: &[&ast::Name]) {
        // The first of each name, looked up rather than searched for, so
        // many rules do not take quadratic time.
        let mut first_of: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
        for name in names {
            if let Some(first) = first_of.get(name.node.as_str()) {
                self.duplicate("rule", name, Some(*first));
            } else {
                first_of.insert(&name.node, name.span);
                self.symbols
                    .define(SymbolKind::Rule, &name.node, name.span, name.span);
            }
        }
    }

    pub(super) fn check_rule(&mut self, rule: &ast::RuleDecl, all_rules: &[&ast::Name]) {
        let options = self.rule_options(rule, all_rules);
        let body = match &rule.body {
            ast::RuleBody::Frequency(f) => {
                self.frequency(f, &options).map(policy::RuleBody::Frequency)
            }
            ast::RuleBody::Eligibility(e) => self.eligibility(e).map(policy::RuleBody::Eligibility),
            ast::RuleBody::Limit(l) => self.limit(l).map(policy::RuleBody::Limit),
            ast::RuleBody::Deadline(d) => self.deadline(d).map(policy::RuleBody::Deadline),
            ast::RuleBody::Retention(r) => self.retention(r).map(policy::RuleBody::Retention),
            ast::RuleBody::Access(a) => self.access(a).map(policy::RuleBody::Access),
            ast::RuleBody::Attribute(a) => self.attribute(a).map(policy::RuleBody::Attribute),
        };
        let is_frequency = matches!(rule.body, ast::RuleBody::Frequency(_));
        for option in &rule.options {
            let frequency_only = matches!(
                option.node,
                RuleOption::NotProRata
                    | RuleOption::ProRata(_)
                    | RuleOption::PartialWindows(_)
                    | RuleOption::Alternating(..)
            );
            if frequency_only && !is_frequency {
                self.error(
                    Diagnostic::error(Code::OptionNotApplicable, "this option only applies to `require` rules")
                        .with_label(option.span, "means nothing for this rule")
                        .with_help(if matches!(option.node, RuleOption::Alternating(..)) {
                            "alternating says who takes turns leading the sessions a `require` rule counts; remove the option here"
                        } else {
                            "pro rata and partial windows change how often something must happen; remove the option here"
                        }),
                );
            }
        }
        let Some(body) = body else { return };
        if self.rule_index.contains_key(&rule.name.node) {
            return;
        }
        self.rule_index
            .insert(rule.name.node.clone(), self.rules.len());
        self.rules.push(policy::Rule {
            name: rule.name.node.clone(),
            source: self.source_ref(rule.span),
            text: self.text_of(rule.span),
            waivable_by: options.waivable_by,
            overrides: options.overrides,
            body,
        });
    }

    fn rule_options(&mut self, rule: &ast::RuleDecl, all_rules: &[&ast::Name]) -> Options {
        let empty = || Options {
            waivable_by: Vec::new(),
            overrides: Vec::new(),
            pro_rata: None,
            partial_windows: None,
            alternating: None,
        };
        let mut options = empty();
        let mut seen: Vec<(std::mem::Discriminant<RuleOption>, Span)> = Vec::new();
        for option in &rule.options {
            let kind = std::mem::discriminant(&option.node);
            let same_family = |k: &std::mem::Discriminant<RuleOption>| {
                *k == kind
                    || (matches!(option.node, RuleOption::ProRata(_) | RuleOption::NotProRata)
                        && (*k == std::mem::discriminant(&RuleOption::NotProRata)
                            || *k == std::mem::discriminant(&RuleOption::ProRata(None))))
            };
            if let Some((_, first)) = seen.iter().find(|(k, _)| same_family(k)) {
                self.error(
                    Diagnostic::error(Code::DuplicateOption, "this option is given twice")
                        .with_label(option.span, "given again here")
                        .with_label(*first, "first given here")
                        .with_help("keep one of them"),
                );
                // Its names are still checked (a misspelt role in the copy
                // would otherwise show only once the first copy is removed),
                // but it sets nothing.
                self.rule_option(rule, all_rules, option, &mut empty());
                continue;
            }
            seen.push((kind, option.span));
            self.rule_option(rule, all_rules, option, &mut options);
        }
        options
    }

    /// Check one rule option and record what it says in `options`.
    fn rule_option(
        &mut self,
        rule: &ast::RuleDecl,
        all_rules: &[&ast::Name],
        option: &ast::Spanned<RuleOption>,
        options: &mut Options,
    ) {
        match &option.node {
            RuleOption::WaivableBy(roles) => {
                for role in roles {
                    if self.lookup_value("role", role) {
                        options.waivable_by.push(role.node.clone());
                    }
                }
            }
            RuleOption::Overrides(names) => {
                for name in names {
                    if name.node == rule.name.node {
                        self.error(
                            Diagnostic::error(Code::UnknownRule, "a rule cannot override itself")
                                .with_label(name.span, "this is the rule's own name")
                                .with_help("name the other rule that this one replaces"),
                        );
                    } else if all_rules.iter().any(|r| r.node == name.node) {
                        self.symbols.refer(SymbolKind::Rule, &name.node, name.span);
                        options.overrides.push(name.node.clone());
                    } else {
                        self.unknown(
                            Code::UnknownRule,
                            "rule",
                            name,
                            all_rules.iter().map(|r| r.node.as_str()),
                            "rules",
                        );
                    }
                }
            }
            RuleOption::NotProRata => options.pro_rata = Some(None),
            RuleOption::ProRata(column) => {
                options.pro_rata =
                    Some(Some(column.clone().unwrap_or_else(|| {
                        ast::Spanned::new("fte".into(), option.span)
                    })));
            }
            RuleOption::Alternating(first, second) => {
                options.alternating = Some((first.clone(), second.clone()));
            }
            RuleOption::PartialWindows(word) => {
                match PARTIAL_WINDOWS.iter().find(|(w, _)| *w == word.node) {
                    Some((_, p)) => options.partial_windows = Some((*p, option.span)),
                    None => self.unknown(
                        Code::UnknownValue,
                        "way to treat partial windows",
                        word,
                        PARTIAL_WINDOWS.iter().map(|(w, _)| *w),
                        "the choices",
                    ),
                }
            }
        }
    }

    // ------------------------------------------------------------ frequency

    fn frequency(
        &mut self,
        rule: &ast::FrequencyRule,
        options: &Options,
    ) -> Option<policy::Frequency> {
        let group = self.lookup_group(&rule.group);
        let activities = self.activities_for(&rule.activities);
        // One unknown name must not hide the other mistakes in the rule
        // (`every 2 wekes`, a `with` or `pro rata by` column that is not
        // there): every part is checked, its columns against the group's
        // table or, for an unknown group, the one it was meant to be (the
        // table the activities happen to, else staff). Only a rule with no
        // mistake at all is compiled.
        let table = match &group {
            Some(g) => Some(g.table.clone()),
            None => {
                let implied = activities
                    .as_ref()
                    .and_then(|a| a.first())
                    .map_or("staff", |a| a.subject_table.as_str())
                    .to_string();
                self.table_for_unknown_group(&rule.group, Some(&implied))
            }
        };
        let table = table.and_then(|t| self.tables.get(&t).cloned());
        // Only sessions have a supervisor and a leader; unknown activities
        // are reported already, so say nothing more about them.
        let uses_sessions = activities
            .as_ref()
            .is_none_or(|a| a.iter().all(|a| a.table == "sessions"));
        let mut ok = true;
        if let (Some(group), Some(activities)) = (&group, &activities) {
            for (name, activity) in rule.activities.iter().zip(activities) {
                if activity.subject_table != group.table {
                    self.error(
                        Diagnostic::error(
                            Code::WrongTable,
                            format!(
                                "`{}` happens to rows of `{}`, but `{}` is a group of `{}`",
                                name.node, activity.subject_table, rule.group.node, group.table
                            ),
                        )
                        .with_label(name.span, format!("about `{}`", activity.subject_table))
                        .with_label(rule.group.span, format!("a group of `{}`", group.table))
                        .with_help(format!(
                            "require it for a group of `{}`",
                            activity.subject_table
                        )),
                    );
                    ok = false;
                }
            }
        }
        let with_supervisor = match &rule.with_supervisor {
            Some(column) => {
                let col = table.as_ref().and_then(|t| self.lookup_column(t, column));
                if let Some(col) = &col {
                    if col.ty != ColumnType::Ref("staff".into()) {
                        self.error(
                            Diagnostic::error(Code::TypeMismatch, format!("`{}` is not a member of staff", column.node))
                                .with_label(column.span, format!("this is {}", col.ty.describe()))
                                .with_help("`with COLUMN` names a column of type `ref staff`, such as `line_manager`"),
                        );
                        ok = false;
                    }
                }
                if !uses_sessions {
                    self.error(
                        Diagnostic::error(
                            Code::OptionNotApplicable,
                            "only sessions have a supervisor",
                        )
                        .with_label(column.span, "cannot be checked for these activities")
                        .with_help("use `with` only with session kinds such as `one_to_one`"),
                    );
                    ok = false;
                }
                match col {
                    Some(col) => Some(Some(col.name)),
                    None => None,
                }
            }
            None => Some(None),
        };
        let alternating = match &options.alternating {
            Some((first, second)) => {
                let (a, b) = match &table {
                    Some(t) => (self.staff_column(t, first), self.staff_column(t, second)),
                    None => (None, None),
                };
                if !uses_sessions {
                    self.error(
                        Diagnostic::error(
                            Code::OptionNotApplicable,
                            "only sessions are led by someone",
                        )
                        .with_label(first.span.to(second.span), "cannot be checked for these activities")
                        .with_help("use `alternating between` only with session kinds such as `one_to_one`"),
                    );
                    ok = false;
                }
                if first.node == second.node {
                    self.error(
                        Diagnostic::error(
                            Code::OptionNotApplicable,
                            format!("`{}` cannot take turns with itself", first.node),
                        )
                        .with_label(second.span, "the same column again")
                        .with_label(first.span, "first named here")
                        .with_help("name the two columns whose people take turns, such as `alternating between line_manager and asye_assessor`"),
                    );
                    ok = false;
                }
                match (a, b) {
                    (Some(first), Some(second)) => {
                        Some(Some(policy::Alternation { first, second }))
                    }
                    _ => None,
                }
            }
            None => Some(None),
        };
        let schedule = match &rule.schedule {
            ast::Schedule::Fixed(requirement) => {
                // No table for a group whose declaration failed: the
                // requirement's amount and window are still checked.
                let subject = table.as_ref().map_or("", |t| t.name.as_str());
                self.requirement(requirement, subject)
                    .map(|requirement| policy::Schedule::Fixed { requirement })
            }
            ast::Schedule::ByTenure(phases) => {
                // Said only of a known group: the table of an unknown one is
                // a guess.
                if let Some(group) = group.as_ref().filter(|g| g.table != "staff") {
                    self.error(
                        Diagnostic::error(Code::WrongTable, "only staff have a tenure")
                            .with_label(rule.group.span, format!("a group of `{}`", group.table))
                            .with_help("phase requirements by tenure for a group of staff"),
                    );
                    ok = false;
                }
                self.phases(phases, rule.span)
                    .map(|phases| policy::Schedule::ByTenure { phases })
            }
        };
        if let (Some(schedule), Some(activities)) = (&schedule, &activities) {
            if schedule_counts_time(schedule) {
                for (name, activity) in rule.activities.iter().zip(activities) {
                    let has_duration = self
                        .tables
                        .get(&activity.table)
                        .and_then(|t| t.column("duration"))
                        .is_some_and(|c| c.ty == ColumnType::Duration);
                    if !has_duration {
                        self.error(
                            Diagnostic::error(Code::TypeMismatch, format!("`{}` has no duration, so its time cannot be counted", name.node))
                                .with_label(name.span, format!("rows of `{}` have no `duration` column", activity.table))
                                .with_help("count how many there are (`at least 2 per year`), or require a kind of session, which has a duration"),
                        );
                        ok = false;
                    }
                }
            }
        }
        let pro_rata = match &options.pro_rata {
            Some(Some(column)) => {
                let col = table.as_ref().and_then(|t| self.lookup_column(t, column));
                match col {
                    Some(col) if col.ty != ColumnType::Number => {
                        self.error(
                            Diagnostic::error(
                                Code::TypeMismatch,
                                format!("cannot pro-rate by `{}`", column.node),
                            )
                            .with_label(column.span, format!("this is {}", col.ty.describe()))
                            .with_help("pro rata scales by a number column such as `fte`"),
                        );
                        None
                    }
                    Some(col) => Some(Some(col.name)),
                    None => None,
                }
            }
            _ => Some(None),
        };
        let (group, with_supervisor, alternating, schedule, pro_rata) =
            (group?, with_supervisor?, alternating?, schedule?, pro_rata?);
        if activities.is_none() || !ok {
            return None;
        }
        Some(policy::Frequency {
            activities: rule.activities.iter().map(|a| a.node.clone()).collect(),
            group: group.name,
            subject_table: group.table,
            with_supervisor,
            schedule,
            pro_rata,
            pro_rata_stated: options.pro_rata.is_some(),
            partial_windows: options
                .partial_windows
                .map_or(PartialWindows::Prorated, |(p, _)| p),
            alternating,
        })
    }

    /// A column of the subject's table that names a member of staff, for
    /// `alternating between`; `None` once the problem is reported.
    fn staff_column(&mut self, table: &policy::Table, column: &ast::Name) -> Option<String> {
        let col = self.lookup_column(table, column)?;
        if col.ty != ColumnType::Ref("staff".into()) {
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    format!("`{}` is not a member of staff", column.node),
                )
                .with_label(column.span, format!("this is {}", col.ty.describe()))
                .with_help(
                    "`alternating between` names two columns of type `ref staff`, such as `line_manager` and `asye_assessor`",
                ),
            );
            return None;
        }
        Some(col.name)
    }

    fn activities_for(&mut self, names: &[ast::Name]) -> Option<Vec<policy::Activity>> {
        let found: Vec<Option<policy::Activity>> =
            names.iter().map(|n| self.lookup_activity(n)).collect();
        found.into_iter().collect()
    }

    fn requirement(
        &mut self,
        requirement: &ast::Requirement,
        subject_table: &str,
    ) -> Option<policy::Requirement> {
        match requirement {
            ast::Requirement::Every { gap, .. } => {
                let max = self.duration(&gap.node, gap.span)?;
                if max.is_zero() {
                    self.error(
                        Diagnostic::error(Code::InvalidQuantity, "a gap of zero can never be met")
                            .with_label(gap.span, "zero")
                            .with_help("write the longest time allowed between sessions, such as `every 2 weeks`"),
                    );
                    return None;
                }
                Some(policy::Requirement::Gap { max })
            }
            ast::Requirement::AtLeast {
                amount,
                window,
                scaled_by,
                ..
            } => {
                let window = self.window(window);
                let is_duration = amount
                    .node
                    .unit
                    .as_ref()
                    .is_some_and(|u| DurationUnit::from_word(&u.node).is_some());
                // A `scaled by` column that is missing or not a number must
                // not hide a mistake in the amount (`at least 0 minutes`).
                // No table when the rule's group is unknown and its table
                // cannot be guessed (reported already).
                let scaled = match scaled_by {
                    None => Some(None),
                    Some(column) => {
                        match self.tables.get(subject_table).cloned() {
                            None => None,
                            Some(table) => {
                                match self.lookup_column(&table, column) {
                                    Some(col) if col.ty != ColumnType::Number => {
                                        self.error(
                                    Diagnostic::error(
                                        Code::TypeMismatch,
                                        format!("cannot scale by `{}`", column.node),
                                    )
                                    .with_label(column.span, format!("this is {}", col.ty.describe()))
                                    .with_help("scale by a number column, such as `placement_days`"),
                                );
                                        None
                                    }
                                    Some(col) => Some(Some(col.name)),
                                    None => None,
                                }
                            }
                        }
                    }
                };
                if is_duration {
                    let min = self.duration(&amount.node, amount.span)?;
                    if min.is_zero() {
                        self.error(
                            Diagnostic::error(Code::InvalidQuantity, "a time of zero is always met")
                                .with_label(amount.span, "zero")
                                .with_help("write the least time required, such as `at least 1 hour per fortnight`"),
                        );
                        return None;
                    }
                    Some(policy::Requirement::Time {
                        min,
                        window: window?,
                        scaled_by: scaled?,
                    })
                } else {
                    let min = self.count(amount);
                    // Wrong whether or not the column is right.
                    if scaled_by.is_some() {
                        self.error(
                            Diagnostic::error(Code::OptionNotApplicable, "only a time can be scaled")
                                .with_label(amount.span, "a count")
                                .with_help("scale a time requirement, such as `at least 30 minutes per week scaled by placement_days`"),
                        );
                        return None;
                    }
                    Some(policy::Requirement::Count {
                        min: min?,
                        window: window?,
                    })
                }
            }
        }
    }

    fn window(&mut self, window: &ast::Spanned<ast::WindowExpr>) -> Option<policy::Window> {
        match &window.node {
            ast::WindowExpr::Per { qualifier, period } => {
                let words = match qualifier {
                    Some(q) => format!("{q} {}", period.node),
                    None => period.node.clone(),
                };
                match PERIODS.iter().find(|(w, _)| *w == words) {
                    Some((_, p)) => Some(policy::Window::Calendar { period: *p }),
                    None => {
                        // `per 12 months` and `per kilogram` land here.
                        let span = Span::new(period.span.start as usize, period.span.end as usize);
                        let name = ast::Spanned::new(words.clone(), span);
                        let d = Diagnostic::error(
                            Code::UnknownPeriod,
                            format!("unknown period `{words}`"),
                        )
                        .with_label(span, "not a period `sup` knows")
                        .suggest_or(&name.node, span, PERIODS.iter().map(|(w, _)| *w), || {
                            Some("write `per week`, `per month`, `per year`, `per financial year`, `per academic year`, or `in any 12 months` for a rolling window".into())
                        });
                        self.error(d);
                        None
                    }
                }
            }
            ast::WindowExpr::InAny(length) => {
                let length = self.duration(&length.node, length.span)?;
                if length.is_zero() {
                    self.error(
                        Diagnostic::error(
                            Code::InvalidQuantity,
                            "a window of zero length holds nothing",
                        )
                        .with_label(window.span, "zero")
                        .with_help("write the window's length, such as `in any 12 months`"),
                    );
                    return None;
                }
                Some(policy::Window::Rolling { length })
            }
            ast::WindowExpr::InEach(calendar) => {
                let c = self.lookup_calendar(calendar)?;
                Some(policy::Window::Periods { calendar: c.name })
            }
        }
    }

    fn phases(&mut self, phases: &[ast::Phase], span: Span) -> Option<Vec<policy::Phase>> {
        let zero = Duration::new(0, DurationUnit::Days);
        let mut out: Vec<(policy::Phase, Span)> = Vec::new();
        let mut ok = true;
        for phase in phases {
            let previous_end: Option<Option<Duration>> = out.last().map(|(p, _)| p.until);
            let (from, until) = match &phase.range.node {
                ast::PhaseRange::First(q) => {
                    let until = self.duration(&q.node, q.span);
                    if !out.is_empty() {
                        self.error(
                            Diagnostic::error(
                                Code::PhaseOverlap,
                                "`first` starts the schedule again",
                            )
                            .with_label(phase.range.span, "`first` counts from the start of tenure")
                            .with_label(out[0].1, "so it overlaps the first phase")
                            .with_help("use `until DURATION:` to continue from the previous phase"),
                        );
                        ok = false;
                    }
                    (Some(zero), until.map(Some))
                }
                ast::PhaseRange::Until(q) => {
                    let from = match previous_end {
                        Some(Some(end)) => Some(end),
                        Some(None) => None,
                        None => Some(zero),
                    };
                    (from, self.duration(&q.node, q.span).map(Some))
                }
                ast::PhaseRange::From(a, b) => {
                    let from = self.duration(&a.node, a.span);
                    let until = match b {
                        Some(b) => self.duration(&b.node, b.span).map(Some),
                        None => Some(None),
                    };
                    (from, until)
                }
                ast::PhaseRange::Then => {
                    let from = match previous_end {
                        Some(Some(end)) => Some(end),
                        Some(None) => None,
                        None => Some(zero),
                    };
                    (from, Some(None))
                }
            };
            let requirement = self.requirement(&phase.requirement, "staff");
            if let Some(None) = previous_end {
                self.error(
                    Diagnostic::error(Code::UnreachablePhase, "this phase can never apply")
                        .with_label(phase.range.span, "unreachable")
                        .with_label(
                            out.last().map_or(phase.span, |(_, s)| *s),
                            "the phase before it never ends",
                        )
                        .with_help(
                            "put open-ended phases (`then:` or `from ...:` without `until`) last",
                        ),
                );
                ok = false;
                continue;
            }
            let (Some(from), Some(until), Some(requirement)) = (from, until, requirement) else {
                ok = false;
                continue;
            };
            if let Some(end) = until {
                if end.approx_minutes() <= from.approx_minutes() {
                    self.error(
                        Diagnostic::error(Code::UnreachablePhase, format!("this phase ends at {end} but starts at {from}"))
                            .with_label(phase.range.span, "empty phase")
                            .with_help("each phase must end later than it starts; check the order of the phases"),
                    );
                    ok = false;
                    continue;
                }
            }
            let expected_start = match previous_end {
                Some(Some(end)) => end,
                _ => zero,
            };
            let gap = from.approx_minutes() - expected_start.approx_minutes();
            // Durations in different units are compared approximately: a day
            // either way is "the same moment" (`12 months` and `1 year`).
            if gap > 1440.0 {
                let d = Diagnostic::error(
                    Code::PhaseGap,
                    format!("nothing is required between {expected_start} and {from} of tenure"),
                )
                .with_label(phase.range.span, format!("starts at {from}"));
                let d = match out.last() {
                    Some((_, s)) => {
                        d.with_label(*s, format!("the previous phase ends at {expected_start}"))
                    }
                    None => d,
                };
                self.error(d.with_help(
                    "start this phase where the previous one ends, or add a phase for the gap",
                ));
                ok = false;
            } else if gap < -1440.0 {
                let d = Diagnostic::error(Code::PhaseOverlap, format!("this phase starts at {from}, before the previous one ends at {expected_start}"))
                    .with_label(phase.range.span, format!("starts at {from}"));
                let d = match out.last() {
                    Some((_, s)) => d.with_label(*s, format!("ends at {expected_start}")),
                    None => d,
                };
                self.error(d.with_help(
                    "phases must not overlap: start this one where the previous one ends",
                ));
                ok = false;
            }
            out.push((
                policy::Phase {
                    from,
                    until,
                    requirement,
                },
                phase.span,
            ));
        }
        if phases.is_empty() {
            self.error(
                Diagnostic::error(Code::EmptyRule, "this schedule has no phases")
                    .with_label(span, "nothing is required")
                    .with_help("add phases such as `first 6 weeks: every 1 week` and `then: every 1 month`"),
            );
            return None;
        }
        if out.is_empty() && ok {
            return None;
        }
        ok.then(|| out.into_iter().map(|(p, _)| p).collect())
    }

    // ------------------------------------------------------------ eligibility

    fn eligibility(&mut self, rule: &ast::EligibilityRule) -> Option<policy::Eligibility> {
        let group = self.lookup_group(&rule.group);
        let activities = if rule.activities.is_empty() {
            Some(
                self.vocabularies
                    .get("session_kind")
                    .map(|v| v.values.clone())
                    .unwrap_or_default(),
            )
        } else {
            let found = self.activities_for(&rule.activities);
            if let Some(found) = &found {
                for (name, a) in rule.activities.iter().zip(found) {
                    if a.table != "sessions" {
                        self.error(
                            Diagnostic::error(Code::WrongTable, format!("`{}` is not a kind of session", name.node))
                                .with_label(name.span, "has no supervisor")
                                .with_help("an eligibility rule judges the supervisors of sessions: name session kinds"),
                        );
                    }
                }
            }
            found.map(|f| f.into_iter().map(|a| a.name).collect())
        };
        let mut clauses = Vec::new();
        let mut ok = true;
        for clause in &rule.clauses {
            let when = clause
                .when
                .as_ref()
                .map(|w| self.condition(w, &Context::Pair));
            let require = self.condition(&clause.require, &Context::Pair);
            match (when, require) {
                (Some(None), _) | (_, None) => ok = false,
                (when, Some(require)) => clauses.push(policy::EligibilityClause {
                    when: when.flatten(),
                    require,
                    text: self.text_of(clause.span),
                }),
            }
        }
        // An unknown group or one of the wrong table must not hide that the
        // rule is empty: each is its own mistake.
        if let Some(g) = &group {
            ok &= self.expect_group_table(&rule.group, g, "staff", "an eligibility rule");
        }
        if rule.clauses.is_empty() {
            self.error(
                Diagnostic::error(Code::EmptyRule, "this eligibility rule has no conditions")
                    .with_label(rule.span, "nothing to check")
                    .with_help("add a condition such as `supervisor.level > supervisee.level` inside the braces"),
            );
            ok = false;
        }
        let group = group?;
        if !ok {
            return None;
        }
        Some(policy::Eligibility {
            activities: activities?,
            any_session: rule.activities.is_empty(),
            group: group.name,
            clauses,
        })
    }

    // ------------------------------------------------------------ limits

    fn limit(&mut self, rule: &ast::LimitRule) -> Option<policy::Limit> {
        let words = match &rule.per {
            Some(per) => format!("{} per {}", rule.measure.node, per.node),
            None => rule.measure.node.clone(),
        };
        let measure_span = match &rule.per {
            Some(per) => rule.measure.span.to(per.span),
            None => rule.measure.span,
        };
        let measure = Measure::ALL
            .iter()
            .find(|(w, _)| *w == words)
            .map(|(_, m)| *m);
        let group = self.lookup_group(&rule.group);
        if measure.is_none() {
            let name = ast::Spanned::new(words, measure_span);
            self.unknown(
                Code::UnknownMeasure,
                "measure",
                &name,
                Measure::ALL.iter().map(|(w, _)| *w),
                "the measures",
            );
        }
        // Every part of the rule is checked whatever is wrong with another
        // (an unknown measure or activity, a reversed range), so one run
        // reports every mistake; the rule is compiled only if all are right.
        let mut ok = true;
        let activities = if rule.activities.is_empty() {
            Some(Vec::new())
        } else {
            let found = self.activities_for(&rule.activities);
            // `of` suits a per-session measure whichever activities it names;
            // with an unknown measure there is nothing to say.
            if let Some(m) =
                measure.filter(|m| !matches!(m, Measure::GroupSize | Measure::SessionLength))
            {
                self.error(
                    Diagnostic::error(
                        Code::OptionNotApplicable,
                        format!("`{}` is not measured per session", m.name()),
                    )
                    .with_label(
                        rule.activities[0]
                            .span
                            .to(rule.activities[rule.activities.len() - 1].span),
                        "remove this",
                    )
                    .with_help("`of ACTIVITY` applies to `group_size` and `session_length`"),
                );
                ok = false;
            }
            found.map(|f| f.into_iter().map(|a| a.name).collect())
        };
        let kind = match measure {
            Some(Measure::SessionLength) => Kind::Duration,
            Some(Measure::TeamCover) => Kind::Percent,
            Some(_) => Kind::Count,
            // An unknown measure: check the range as the kind of amount it is
            // written as, so a reversed or malformed range is still found.
            None => {
                let first = match &rule.range.node {
                    ast::RangeExpr::AtMost(q)
                    | ast::RangeExpr::AtLeast(q)
                    | ast::RangeExpr::Between(q, _) => q,
                };
                match first.node.unit.as_ref().map(|u| u.node.as_str()) {
                    Some(u) if DurationUnit::from_word(u).is_some() => Kind::Duration,
                    Some("%") => Kind::Percent,
                    _ => Kind::Count,
                }
            }
        };
        let range = self.range(rule, kind);
        let excluding = match &rule.excluding {
            Some(c) => self.lookup_calendar(c).map(|c| Some(c.name)),
            None => Some(None),
        };
        if let Some(g) = &group {
            ok &= self.expect_group_table(&rule.group, g, "staff", "a limit");
        }
        if let (Some((_, Some(Amount::Count(n)))), Some(Measure::GroupSize)) = (range, measure) {
            if n < 1.0 {
                self.error(
                    Diagnostic::error(
                        Code::ImpossibleRange,
                        "a group of fewer than one cannot meet",
                    )
                    .with_label(rule.range.span, "at most zero")
                    .with_help("give the largest group allowed, such as `at most 6`"),
                );
                ok = false;
            }
        }
        let (measure, activities, (min, max), excluding, group) =
            (measure?, activities?, range?, excluding?, group?);
        ok.then_some(policy::Limit {
            measure,
            activities,
            group: group.name,
            min,
            max,
            excluding,
        })
    }

    /// A limit's bounds, checked as amounts of `kind`.
    fn range(
        &mut self,
        rule: &ast::LimitRule,
        kind: Kind,
    ) -> Option<(Option<Amount>, Option<Amount>)> {
        Some(match &rule.range.node {
            ast::RangeExpr::AtMost(q) => (None, Some(self.amount(q, kind)?)),
            ast::RangeExpr::AtLeast(q) => (Some(self.amount(q, kind)?), None),
            ast::RangeExpr::Between(a, b) => {
                let low = self.amount(a, kind);
                let high = self.amount(b, kind);
                let (low, high) = (low?, high?);
                if low.magnitude() > high.magnitude() {
                    self.error(
                        Diagnostic::error(Code::ImpossibleRange, format!("the range {low} to {high} is empty: its minimum is above its maximum"))
                            .with_label(a.span, "minimum")
                            .with_label(b.span, "maximum")
                            .with_help(format!("did you mean `{} to {}`?", self.text_of(b.span), self.text_of(a.span)))
                            .with_fix("swap the minimum and maximum", rule.range.span, format!("{} to {}", self.text_of(b.span), self.text_of(a.span))),
                    );
                    return None;
                }
                (Some(low), Some(high))
            }
        })
    }

    // ------------------------------------------------------------ deadlines

    fn deadline(&mut self, rule: &ast::DeadlineRule) -> Option<policy::Deadline> {
        // The source is an activity (its rows, filtered) or a whole table.
        let source = if let Some(a) = self.activities.get(&rule.source.node).cloned() {
            self.refer(SymbolKind::Activity, &rule.source.node, rule.source.span);
            self.tables.get(&a.table).cloned().map(|table| {
                let filters = a.filter.clone().into_iter().collect::<Vec<Condition>>();
                (table, Some(a), filters)
            })
        } else if self.tables.contains_key(&rule.source.node) {
            self.lookup_table(&rule.source)
                .map(|table| (table, None, Vec::new()))
        } else {
            None
        };
        // An unknown source must not hide the rest of the rule: the time
        // allowed (`48 horus`) is checked whatever the source, and the
        // columns and `where` against the table the "did you mean" points
        // to. With no good guess they are left until the source is fixed,
        // rather than reported against a table nobody meant.
        let table = match &source {
            Some((table, _, _)) => Some(table.clone()),
            None => self.unknown_deadline_source(&rule.source),
        };
        let end_column = table
            .as_ref()
            .and_then(|t| self.lookup_column(t, &rule.end_column));
        let end = self.deadline_end(&rule.end, table.as_ref());
        let end_is_date = end_column
            .as_ref()
            .map(|c| self.expect_date(c, &rule.end_column));
        let written = match (&rule.condition, &table) {
            (Some(condition), Some(table)) => {
                Some(self.condition(condition, &Context::Row(table.name.clone())))
            }
            (Some(_), None) => Some(None),
            (None, _) => None,
        };
        let (table, activity, mut filters) = source?;
        let (end_column, end) = (end_column?, end?);
        end_is_date.flatten()?;
        let written = match written {
            Some(condition) => Some(condition?),
            None => None,
        };
        filters.extend(written.clone());
        let filter = match filters.len() {
            0 => None,
            1 => filters.pop(),
            _ => Some(Condition::All { of: filters }),
        };
        Some(policy::Deadline {
            table: table.name,
            activity: activity.map(|a| a.name),
            filter,
            condition: written,
            end_column: end_column.name,
            end,
        })
    }

    /// Report a deadline's unknown source, and give the table the "did you
    /// mean" points to (an activity's table, or the table itself), if any.
    fn unknown_deadline_source(&mut self, source: &ast::Name) -> Option<policy::Table> {
        if self.activities.contains_key(&source.node) {
            // An activity over a table that failed to declare: reported
            // already, and no table to check against.
            return None;
        }
        let mut names: Vec<String> = self.tables.keys().cloned().collect();
        names.extend(self.activities.keys().cloned());
        self.unknown(
            Code::UnknownTable,
            "table or activity",
            source,
            names.iter().map(String::as_str),
            "tables and activities",
        );
        let meant = crate::suggest::closest(&source.node, names.iter().map(String::as_str))?;
        let table = match self.activities.get(meant) {
            Some(a) => a.table.clone(),
            None => meant.to_string(),
        };
        self.tables.get(&table).cloned()
    }

    /// How a deadline ends, checked against the source's `table` (`None`
    /// when the source is unknown and could not be guessed: its columns are
    /// then not checked). Every part is checked before giving up, so one
    /// run reports every mistake.
    fn deadline_end(
        &mut self,
        end: &ast::DeadlineEnd,
        table: Option<&policy::Table>,
    ) -> Option<policy::DeadlineEnd> {
        match end {
            ast::DeadlineEnd::Within {
                limit,
                start_column,
            } => {
                let limit = self.duration(&limit.node, limit.span);
                let start = self.date_columns(table, &[start_column]);
                Some(policy::DeadlineEnd::Within {
                    limit: limit?,
                    start_column: start?.pop()?,
                })
            }
            ast::DeadlineEnd::BeforeNext(next) => {
                // An unknown activity is unknown whatever the source.
                let next_activity = self.lookup_activity(next)?;
                let table = table?;
                if next_activity.table != table.name {
                    self.error(
                        Diagnostic::error(
                            Code::WrongTable,
                            format!(
                                "`{}` is recorded in `{}`, not in `{}`",
                                next.node, next_activity.table, table.name
                            ),
                        )
                        .with_label(next.span, format!("rows of `{}`", next_activity.table))
                        .with_help("`before the next ACTIVITY` compares rows of the same table"),
                    );
                    return None;
                }
                Some(policy::DeadlineEnd::BeforeNext {
                    activity: next_activity.name,
                })
            }
            ast::DeadlineEnd::LeadTime {
                lead,
                before_column,
            } => {
                let lead = self.duration(&lead.node, lead.span);
                let before = self.date_columns(table, &[before_column]);
                Some(policy::DeadlineEnd::LeadTime {
                    lead: lead?,
                    before_column: before?.pop()?,
                })
            }
            ast::DeadlineEnd::LeadLength {
                from_column,
                to_column,
                before_column,
                ..
            } => {
                let columns = self.date_columns(table, &[from_column, to_column, before_column])?;
                let [from, to, before] = <[String; 3]>::try_from(columns).ok()?;
                Some(policy::DeadlineEnd::LeadLength {
                    from_column: from,
                    to_column: to,
                    before_column: before,
                })
            }
        }
    }

    /// The named columns of `table`, each a date or datetime: all looked up
    /// first, then each type checked, so every unknown or mistyped column is
    /// reported. `None` once any problem is reported, or with no table.
    fn date_columns(
        &mut self,
        table: Option<&policy::Table>,
        names: &[&ast::Name],
    ) -> Option<Vec<String>> {
        let table = table?;
        let found: Vec<Option<policy::Column>> = names
            .iter()
            .map(|name| self.lookup_column(table, name))
            .collect();
        let mut ok = true;
        for (column, name) in found.iter().zip(names) {
            if let Some(column) = column {
                ok &= self.expect_date(column, name).is_some();
            }
        }
        let columns: Option<Vec<String>> = found.into_iter().map(|c| c.map(|c| c.name)).collect();
        ok.then_some(columns).flatten()
    }

    fn expect_date(&mut self, column: &policy::Column, name: &ast::Name) -> Option<()> {
        if matches!(column.ty, ColumnType::Date | ColumnType::Datetime) {
            return Some(());
        }
        self.error(
            Diagnostic::error(Code::TypeMismatch, format!("`{}` is not a date", name.node))
                .with_label(name.span, format!("this is {}", column.ty.describe()))
                .with_help("a deadline runs from one date or datetime column to another"),
        );
        None
    }

    // ------------------------------------------------------------ retention

    fn retention(&mut self, rule: &ast::RetentionRule) -> Option<policy::Retention> {
        let kind_ok = self.lookup_value("record_kind", &rule.record_kind);
        let mut min = None;
        let mut max = None;
        let mut ok = kind_ok;
        let mut spans: (Option<Span>, Option<Span>) = (None, None);
        for bound in &rule.bounds {
            let (slot, span_slot, q) = match &bound.node {
                ast::RetentionBound::AtLeast(q) => (&mut min, &mut spans.0, q),
                ast::RetentionBound::AtMost(q) => (&mut max, &mut spans.1, q),
            };
            if slot.is_some() {
                self.error(
                    Diagnostic::error(Code::DuplicateOption, "this bound is given twice")
                        .with_label(bound.span, "given again")
                        .with_help("give at most one `at least` and one `at most`"),
                );
                ok = false;
                // Still say if the copy's own duration is wrong.
                let _ = self.duration(&q.node, q.span);
                continue;
            }
            *span_slot = Some(q.span);
            match self.duration(&q.node, q.span) {
                Some(d) => *slot = Some(d),
                None => ok = false,
            }
        }
        if let (Some(low), Some(high), (Some(ls), Some(hs))) = (min, max, spans) {
            if low.approx_minutes() > high.approx_minutes() {
                self.error(
                    Diagnostic::error(
                        Code::ImpossibleRange,
                        format!("records cannot be kept at least {low} and at most {high}"),
                    )
                    .with_label(ls, "minimum")
                    .with_label(hs, "maximum")
                    .with_help("the minimum time records are kept must not exceed the maximum"),
                );
                ok = false;
            }
        }
        ok.then(|| policy::Retention {
            record_kinds: vec![rule.record_kind.node.clone()],
            min,
            max,
            anchor: rule.anchor.node,
        })
    }

    // ------------------------------------------------------------ access

    fn access(&mut self, rule: &ast::AccessRule) -> Option<policy::Access> {
        let mut ok = true;
        for kind in &rule.record_kinds {
            ok &= self.lookup_value("record_kind", kind);
        }
        let mut allow = Vec::new();
        let mut deny: Vec<(String, Span)> = Vec::new();
        let mut allowed: Vec<(String, Span)> = Vec::new();
        let mut notify = None;
        for clause in &rule.clauses {
            match clause {
                ast::AccessClause::Allow {
                    roles,
                    purposes,
                    notify: grant_notify,
                    ..
                } => {
                    for role in roles {
                        if !SPECIAL_ROLES.contains(&role.node.as_str()) {
                            ok &= self.lookup_value("role", role);
                        }
                        allowed.push((role.node.clone(), role.span));
                    }
                    for purpose in purposes {
                        if purpose.node != "any" {
                            ok &= self.lookup_value("purpose", purpose);
                        }
                    }
                    let grant_notify = match grant_notify {
                        None => None,
                        Some(None) => Some(policy::Notify { within: None }),
                        Some(Some(q)) => match self.duration(&q.node, q.span) {
                            Some(d) => Some(policy::Notify { within: Some(d) }),
                            None => {
                                ok = false;
                                None
                            }
                        },
                    };
                    allow.push(policy::Grant {
                        roles: roles.iter().map(|r| r.node.clone()).collect(),
                        purposes: purposes.iter().map(|p| p.node.clone()).collect(),
                        notify: grant_notify,
                    });
                }
                ast::AccessClause::Deny { roles, .. } => {
                    for role in roles {
                        ok &= SPECIAL_ROLES.contains(&role.node.as_str())
                            || self.lookup_value("role", role);
                        deny.push((role.node.clone(), role.span));
                    }
                }
                ast::AccessClause::Notify { within, span } => {
                    if notify.is_some() {
                        self.error(
                            Diagnostic::error(
                                Code::DuplicateOption,
                                "`notify subject` is given twice",
                            )
                            .with_label(*span, "given again")
                            .with_help("keep one"),
                        );
                        ok = false;
                        // Still say if the copy's own duration is wrong.
                        if let Some(q) = within {
                            let _ = self.duration(&q.node, q.span);
                        }
                        continue;
                    }
                    let within = match within {
                        Some(q) => match self.duration(&q.node, q.span) {
                            Some(d) => Some(d),
                            None => {
                                ok = false;
                                None
                            }
                        },
                        None => None,
                    };
                    notify = Some(policy::Notify { within });
                }
            }
        }
        for (role, span) in &deny {
            if let Some((_, allow_span)) = allowed.iter().find(|(r, _)| r == role) {
                self.error(
                    Diagnostic::error(
                        Code::ContradictoryAccess,
                        format!("`{role}` is both allowed and denied"),
                    )
                    .with_label(*span, "denied here")
                    .with_label(*allow_span, "allowed here")
                    .with_help("remove one: a role is either allowed for some purposes or denied"),
                );
                ok = false;
            }
        }
        if allow.is_empty() && ok {
            self.error(
                Diagnostic::warning(Code::ContradictoryAccess, "no one may read these records")
                    .with_label(rule.span, "this access rule allows no role")
                    .with_help("add `allow ROLE for PURPOSE`"),
            );
        }
        ok.then(|| policy::Access {
            record_kinds: rule.record_kinds.iter().map(|k| k.node.clone()).collect(),
            allow,
            deny: deny.into_iter().map(|(r, _)| r).collect(),
            notify,
        })
    }

    // ------------------------------------------------------------ attributes

    fn attribute(&mut self, rule: &ast::AttributeRule) -> Option<policy::Attribute> {
        let group = self.lookup_group(&rule.group);
        // An unknown group must not hide the condition's own mistakes: check
        // it against the table the group was most likely meant to range over.
        let table = match &group {
            Some(g) => Some(g.table.clone()),
            None => self.table_for_unknown_group(&rule.group, Some("staff")),
        };
        let condition = match table {
            Some(table) => self.condition(&rule.condition, &Context::Row(table)),
            None => None,
        };
        let (group, condition) = (group?, condition?);
        Some(policy::Attribute {
            group: group.name,
            subject_table: group.table,
            condition,
            text: self.text_of(rule.condition.span()),
        })
    }
}

/// Whether any requirement of the schedule is a time (`at least 1 hour ...`).
fn schedule_counts_time(schedule: &policy::Schedule) -> bool {
    let is_time = |r: &policy::Requirement| matches!(r, policy::Requirement::Time { .. });
    match schedule {
        policy::Schedule::Fixed { requirement } => is_time(requirement),
        policy::Schedule::ByTenure { phases } => phases.iter().any(|p| is_time(&p.requirement)),
    }
}
