//! Limit rules checked and lowered: a measure and its range.

use crate::check::units::Kind;
use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, Amount, DurationUnit, Measure};
use crate::syntax::ast;

impl Checker<'_> {
    pub(super) fn limit(&mut self, rule: &ast::LimitRule) -> Option<policy::Limit> {
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
            // The activities as written, from the first to the last.
            let written = (rule.activities.first())
                .zip(rule.activities.last())
                .map(|(first, last)| first.span.to(last.span));
            if let (Some(m), Some(written)) = (
                measure.filter(|m| !matches!(m, Measure::GroupSize | Measure::SessionLength)),
                written,
            ) {
                self.error(
                    Diagnostic::error(
                        Code::OptionNotApplicable,
                        format!("`{}` is not measured per session", m.name()),
                    )
                    .with_label(written, "remove this")
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
}
