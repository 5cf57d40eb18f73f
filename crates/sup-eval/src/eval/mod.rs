//! Records → findings: every rule of a compiled policy judged against a
//! loaded export. The exact meaning of each rule family is written in
//! `docs/semantics.md` and pinned by the tests beside each module.
//!
//! **Invariant:** the evaluator reads the compiled policy, never the syntax
//! tree, and returns data; it does no I/O and never panics on bad records.
//! Findings come out in a deterministic order ([`Finding::report_order`]).

mod access;
mod activities;
mod alternation;
mod attribute;
mod conditions;
mod context;
mod deadlines;
mod eligibility;
mod finding;
mod frequency;
mod indexes;
mod limits;
mod membership;
mod parallel;
mod plan;
mod retention;
mod row_test;
mod schema;
mod standing;
mod sym_map;
mod trace;
pub mod trend;
mod uncounted;
mod versions;
mod waivers;
mod windows;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::Serialize;

pub use context::Period;
pub use finding::{natural_cmp, DateRange, EvalNote, Finding, Ref, Severity, Status, WaiverInfo};
pub use frequency::set_window_shortcut;
pub use parallel::{set_threads, threads};
pub use versions::{
    evaluate_versions, explain_versions, first_day, order_versions, tags as version_tags,
    PolicyVersion, VersionError, VersionTag,
};

use crate::diagnostic::Code;
use crate::policy::{CompiledPolicy, Rule, RuleBody};
use crate::records::Records;
use context::Ctx;

/// What to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalOptions {
    /// Records are judged as they stood at the start of this day.
    pub as_of: NaiveDate,
    /// The first day judged; by default [`default_from`].
    pub from: Option<NaiveDate>,
    /// Also list what falls due in this many days from the as-of date.
    pub upcoming_days: Option<u32>,
}

/// The first day judged when `--from` is not given: twelve months before
/// the as-of date, but not before the policy took effect.
pub fn default_from(policy: &CompiledPolicy, as_of: NaiveDate) -> NaiveDate {
    let year_ago = as_of
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(as_of);
    match policy.header.effective {
        Some(effective) if effective > year_ago => effective,
        _ => year_ago,
    }
}

/// Everything one evaluation found.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    #[serde(skip)]
    pub period: Period,
    /// In report order.
    pub findings: Vec<Finding>,
    /// What could not be judged, and other remarks.
    pub notes: Vec<EvalNote>,
    /// One per rule, in source order (with several policy versions, each
    /// version's rules in turn).
    pub rules: Vec<RuleSummary>,
    /// The policy versions judged, in effective-date order; empty when one
    /// policy was judged.
    #[serde(skip)]
    pub versions: Vec<VersionTag>,
    /// Who each rule judged and when: recorded only by
    /// [`evaluate_recording`] (for `--trend`), empty otherwise.
    #[serde(skip)]
    pub judgements: Vec<Judgement>,
    /// Compliance per period, rule and team (`--trend`), once computed
    /// by [`trend::trend`].
    #[serde(skip)]
    pub trend: Option<trend::Trend>,
}

/// One unit a rule judged: a subject on a day (a window by its last day, a
/// deadline by its due day, a session on its day, a member of an `every
/// member` rule on the last day judged). Whether it was met is read from the
/// findings, once waivers have been applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The rule's position in the policy.
    pub rule_index: usize,
    pub subject: Ref,
    /// The staff member the subject is about, when it is not staff itself
    /// (a record's subject, a session's supervisee): whose team it counts in.
    pub staff: Option<String>,
    pub day: NaiveDate,
}

impl Evaluation {
    pub fn breaches(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.status == Status::Breach)
            .count()
    }

    pub fn count(&self, status: Status) -> usize {
        self.findings.iter().filter(|f| f.status == status).count()
    }
}

/// How one rule fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSummary {
    pub rule: String,
    pub family: &'static str,
    pub line: u32,
    /// The rule as written.
    pub text: String,
    /// Subjects (or rows) the rule was judged for.
    pub judged: usize,
    pub breaches: usize,
    pub waived: usize,
    pub pending: usize,
    /// How long judging the rule took (for `SUP_TIMINGS`).
    #[serde(skip)]
    pub elapsed: std::time::Duration,
    /// The policy version the rule belongs to, when several were judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionTag>,
}

/// Judge every rule.
pub fn evaluate(policy: &CompiledPolicy, records: &Records, options: &EvalOptions) -> Evaluation {
    evaluate_recording(policy, records, options, false)
}

/// Judge every rule and, if `record`, keep every [`Judgement`] made (for
/// `--trend`; recording costs time and memory, so [`evaluate`] does not).
pub fn evaluate_recording(
    policy: &CompiledPolicy,
    records: &Records,
    options: &EvalOptions,
    record: bool,
) -> Evaluation {
    evaluate_in(policy, records, period_of(policy, options), record)
}

/// Judge every rule over a given period (for one version of several, its
/// [`Period::in_force`] days), recording judgements if `record`.
fn evaluate_in(
    policy: &CompiledPolicy,
    records: &Records,
    period: Period,
    record: bool,
) -> Evaluation {
    evaluate_on(policy, records, period, record, threads())
}

/// [`evaluate_in`] with rules judged on `threads` threads. The result is
/// the same whatever the number: each rule's findings and judgements are
/// kept apart and put together in rule order, as one thread would.
fn evaluate_on(
    policy: &CompiledPolicy,
    records: &Records,
    period: Period,
    record: bool,
    threads: usize,
) -> Evaluation {
    let mut ctx = Ctx::new(policy, records, period, &trace::NoTrace);
    ctx.threads = threads.max(1);
    note_holidays_not_covered(&ctx, policy, period);
    let recording = record.then_some(period);
    let mut findings = Vec::new();
    let mut judged = Vec::new();
    let mut elapsed = Vec::new();
    let mut judgements = Vec::new();
    for mut done in parallel::judge_all(&ctx, &policy.rules, recording, threads) {
        judged.push(done.judged);
        judgements.append(&mut done.judgements);
        findings.append(&mut done.findings);
        elapsed.push(done.elapsed);
    }
    waivers::apply(&ctx, &mut findings);
    findings.sort_by(Finding::report_order);
    let mut rules = summaries(policy, &findings, &judged);
    for (summary, time) in rules.iter_mut().zip(elapsed) {
        summary.elapsed = time;
    }
    let notes = ctx.take_notes();
    Evaluation {
        period,
        findings,
        notes,
        rules,
        judgements,
        trend: None,
        versions: Vec::new(),
    }
}

/// A holiday calendar lists the years someone wrote down (the shipped one
/// 2015 to 2030). Outside them a working day is any weekday, which would
/// quietly move working-day deadlines and team cover: say so when the days
/// judged (or due soon) reach past the years listed.
fn note_holidays_not_covered(ctx: &Ctx, policy: &CompiledPolicy, period: Period) {
    use chrono::Datelike;
    let name = &policy.header.holidays;
    let Some(calendar) = policy.holidays.get(name) else {
        return;
    };
    let (Some(first), Some(last)) = (calendar.dates.first(), calendar.dates.last()) else {
        return;
    };
    let end = period.horizon.unwrap_or(period.last).max(period.last);
    if period.from.year() < first.year() || end.year() > last.year() {
        ctx.note(
            Code::EvalHolidaysNotCovered,
            None,
            format!(
                "the holiday calendar `{name}` lists holidays from {} to {}, but the days judged run from {} to {end}: outside those years, working days skip weekends only",
                first.year(),
                last.year(),
                period.from
            ),
            None,
        );
    }
}

/// The timeline behind one rule's verdict on one subject.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub rule: RuleSummary,
    pub subject: String,
    /// What happened, in order: which rows counted, which windows or
    /// deadlines failed, and why.
    pub timeline: Vec<TimelineEntry>,
    pub findings: Vec<Finding>,
    /// Why nothing was judged, when the rule judged no one for a reason of
    /// its own (no window has closed yet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_judged: Option<String>,
    #[serde(skip)]
    pub period: Period,
    /// The policy version explained under, when several were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionTag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    pub text: String,
}

/// Why `explain` could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    #[error("the policy has no rule `{rule}`{hint}")]
    UnknownRule { rule: String, hint: String },
}

/// Explain one rule's verdict on one subject (a staff, case or row id).
pub fn explain(
    policy: &CompiledPolicy,
    records: &Records,
    options: &EvalOptions,
    rule_name: &str,
    subject: &str,
) -> Result<Explanation, ExplainError> {
    explain_in(
        policy,
        records,
        period_of(policy, options),
        rule_name,
        subject,
    )
}

/// [`explain`] over a given period (for one version of several, its
/// [`Period::in_force`] days).
fn explain_in(
    policy: &CompiledPolicy,
    records: &Records,
    period: Period,
    rule_name: &str,
    subject: &str,
) -> Result<Explanation, ExplainError> {
    let Some((index, rule)) = policy
        .rules
        .iter()
        .enumerate()
        .find(|(_, r)| r.name == rule_name)
    else {
        let hint = crate::suggest::closest(rule_name, policy.rules.iter().map(|r| r.name.as_str()))
            .map(|b| format!("; did you mean `{b}`?"))
            .unwrap_or_default();
        return Err(ExplainError::UnknownRule {
            rule: rule_name.to_string(),
            hint,
        });
    };
    let tracer = trace::Timeline::new(subject);
    let ctx = Ctx::new(policy, records, period, &tracer);
    let mut sink = Sink::new(index, rule);
    judge(&ctx, rule, &mut sink);
    ctx.trace_uncounted_rest();
    let mut findings: Vec<Finding> = sink
        .findings
        .into_iter()
        .filter(|f| f.subject.id == subject || f.related.iter().any(|r| r.id == subject))
        .collect();
    waivers::apply(&ctx, &mut findings);
    findings.sort_by(Finding::report_order);
    let not_judged = sink.not_judged.take();
    let summary = summaries(policy, &findings, &[sink.judged])
        .into_iter()
        .find(|s| s.rule == rule.name)
        .unwrap_or_else(|| RuleSummary {
            rule: rule.name.clone(),
            family: rule.body.family(),
            line: rule.source.line,
            text: rule_text(&rule.text),
            judged: 0,
            breaches: 0,
            waived: 0,
            pending: 0,
            elapsed: std::time::Duration::ZERO,
            version: None,
        });
    drop(ctx);
    let mut timeline: Vec<TimelineEntry> = tracer
        .into_lines()
        .into_iter()
        .map(|(date, text)| TimelineEntry { date, text })
        .collect();
    // In date order; remarks without a date close the timeline.
    timeline.sort_by_key(|e| (e.date.is_none(), e.date));
    Ok(Explanation {
        rule: summary,
        subject: subject.to_string(),
        timeline,
        findings,
        not_judged,
        period,
        version: None,
    })
}

/// A rule as written, without the comments and blank lines that follow it
/// in the file (the checker's span runs to the next statement).
fn rule_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let keep = lines
        .iter()
        .rposition(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(0, |i| i + 1);
    lines.get(..keep).unwrap_or(&[]).join("\n")
}

fn period_of(policy: &CompiledPolicy, options: &EvalOptions) -> Period {
    let from = options
        .from
        .unwrap_or_else(|| default_from(policy, options.as_of));
    Period::new(from, options.as_of, options.upcoming_days)
}

fn judge(ctx: &Ctx, rule: &Rule, sink: &mut Sink) {
    match &rule.body {
        RuleBody::Frequency(f) => frequency::judge(ctx, rule, f, sink),
        RuleBody::Eligibility(e) => eligibility::judge(ctx, rule, e, sink),
        RuleBody::Limit(l) => limits::judge(ctx, rule, l, sink),
        RuleBody::Deadline(d) => deadlines::judge(ctx, rule, d, sink),
        RuleBody::Retention(r) => retention::judge(ctx, rule, r, sink),
        RuleBody::Access(a) => access::judge(ctx, rule, a, sink),
        RuleBody::Attribute(a) => attribute::judge(ctx, rule, a, sink),
        RuleBody::Standing(s) => standing::judge(ctx, rule, s, sink),
    }
}

fn summaries(policy: &CompiledPolicy, findings: &[Finding], judged: &[usize]) -> Vec<RuleSummary> {
    policy
        .rules
        .iter()
        .enumerate()
        .filter_map(|(i, rule)| {
            let judged = *judged
                .get(i)
                .or_else(|| (judged.len() == 1).then(|| judged.first()).flatten())?;
            let mine = findings.iter().filter(|f| f.rule == rule.name);
            let count = |s: Status| mine.clone().filter(|f| f.status == s).count();
            Some(RuleSummary {
                rule: rule.name.clone(),
                family: rule.body.family(),
                line: rule.source.line,
                text: rule_text(&rule.text),
                judged,
                breaches: count(Status::Breach),
                waived: count(Status::Waived),
                pending: count(Status::Pending),
                elapsed: std::time::Duration::ZERO,
                version: None,
            })
        })
        .collect()
}

/// A finding before the rule's details are attached.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub status: Status,
    pub subject: Ref,
    pub related: Vec<Ref>,
    pub window: Option<DateRange>,
    pub due: Option<String>,
    pub expected: String,
    pub actual: String,
    pub evidence: Vec<Ref>,
    pub date: NaiveDate,
}

/// Where one rule's findings are collected.
pub(crate) struct Sink<'r> {
    rule: &'r Rule,
    index: usize,
    pub findings: Vec<Finding>,
    /// Subjects or rows judged.
    pub judged: usize,
    /// Why the rule judged no one at all, when that is not for want of
    /// members (no window has closed yet), for `explain`'s verdict.
    pub not_judged: Option<String>,
    /// The period, when judgements are recorded (`--trend`).
    pub recording: Option<Period>,
    pub judgements: Vec<Judgement>,
}

impl<'r> Sink<'r> {
    fn new(index: usize, rule: &'r Rule) -> Self {
        Sink {
            rule,
            index,
            findings: Vec::new(),
            judged: 0,
            not_judged: None,
            recording: None,
            judgements: Vec::new(),
        }
    }

    /// Whether judgements are recorded: callers build a judgement's subject
    /// only then, so that evaluating without `--trend` costs nothing more.
    pub fn recording(&self) -> bool {
        self.recording.is_some()
    }

    /// Record that `subject` was judged on `day`. Judgements of one subject
    /// in one calendar month (the finest trend period) are one: a rolling
    /// rule judges a window ending on every day.
    pub fn judged_on(&mut self, subject: &Ref, staff: Option<&str>, day: NaiveDate) {
        use chrono::Datelike;
        let Some(period) = self.recording else {
            return;
        };
        if day < period.from || day > period.last {
            return;
        }
        if let Some(last) = self.judgements.last() {
            if last.subject == *subject
                && last.day.year() == day.year()
                && last.day.month() == day.month()
            {
                return;
            }
        }
        self.judgements.push(Judgement {
            rule_index: self.index,
            subject: subject.clone(),
            staff: staff.map(str::to_string),
            day,
        });
    }

    /// Record that `subject` was judged on every day of `spans` in the
    /// period (a gap rule or a limit watches its members every day): once
    /// per month, on the first such day.
    pub fn judged_over(
        &mut self,
        subject: &Ref,
        staff: Option<&str>,
        spans: &[(NaiveDate, NaiveDate)],
    ) {
        let Some(period) = self.recording else {
            return;
        };
        for span in spans {
            let (mut day, end) = (span.0.max(period.from), span.1.min(period.last));
            while day <= end {
                self.judged_on(subject, staff, day);
                day = match trend::next_month_start(day) {
                    Some(next) => next,
                    None => break,
                };
            }
        }
    }

    pub fn push(&mut self, draft: Draft) {
        self.push_spanning(draft, None);
    }

    /// Push a finding that covers the days `span`: a waiver covers it only if
    /// in force on all of them (see `waivers.rs`).
    pub fn push_spanning(&mut self, draft: Draft, span: Option<DateRange>) {
        let severity = match draft.status {
            Status::Breach => Severity::Error,
            Status::Pending => Severity::Warning,
            Status::Waived => Severity::Info,
        };
        self.findings.push(Finding {
            rule: self.rule.name.clone(),
            family: self.rule.body.family(),
            line: self.rule.source.line,
            column: self.rule.source.column,
            status: draft.status,
            severity,
            subject: draft.subject,
            related: draft.related,
            window: draft.window,
            due: draft.due,
            expected: draft.expected,
            actual: draft.actual,
            evidence: draft.evidence,
            waiver: None,
            notes: Vec::new(),
            date: draft.date,
            span,
            rule_index: self.index,
            version: None,
        });
    }
}

/// `1 item`, `3 items`.
pub(crate) fn plural(n: impl Into<f64>, one: &str, many: &str) -> String {
    let n: f64 = n.into();
    let shown = crate::records::format_number(n);
    if (n - 1.0).abs() < f64::EPSILON {
        format!("{shown} {one}")
    } else {
        format!("{shown} {many}")
    }
}
