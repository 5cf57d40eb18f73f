//! Frequency rules checked and lowered: requirements, windows and
//! schedules by tenure.

use super::Options;
use crate::check::SymbolKind;
use crate::check::{words, Checker};
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, ColumnType, Duration, DurationUnit, PartialWindows};
use crate::span::Span;
use crate::syntax::ast;

impl Checker<'_> {
    pub(super) fn frequency(
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
            Some(Some(column)) => table
                .as_ref()
                .and_then(|t| {
                    self.number_column(
                        t,
                        column,
                        "pro-rate",
                        "pro rata scales by a number column such as `fte`",
                    )
                })
                .map(Some),
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

    /// A number column of the subject's table, to `verb` by (`pro rata by`,
    /// `scaled by`); `None` once the problem is reported.
    fn number_column(
        &mut self,
        table: &policy::Table,
        column: &ast::Name,
        verb: &str,
        help: &str,
    ) -> Option<String> {
        let col = self.lookup_column(table, column)?;
        if col.ty != ColumnType::Number {
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    format!("cannot {verb} by `{}`", column.node),
                )
                .with_label(column.span, format!("this is {}", col.ty.describe()))
                .with_help(help),
            );
            return None;
        }
        Some(col.name)
    }

    pub(super) fn activities_for(&mut self, names: &[ast::Name]) -> Option<Vec<policy::Activity>> {
        let found: Vec<Option<policy::Activity>> =
            names.iter().map(|n| self.lookup_activity(n)).collect();
        found.into_iter().collect()
    }

    /// `every 8 shifts`: the unit names an activity (`shift` or `shifts`)
    /// whose rows are counted for the subject between qualifying sessions.
    fn every_occurrences(
        &mut self,
        gap: &ast::Spanned<ast::Quantity>,
        unit: &ast::Spanned<String>,
        subject_table: &str,
    ) -> Option<policy::Requirement> {
        let word = unit.node.as_str();
        let singular = word.strip_suffix('s').unwrap_or(word);
        let found = [word, singular]
            .into_iter()
            .find(|n| self.activities.contains_key(*n))
            .map(str::to_string);
        let Some(name) = found else {
            let names: Vec<String> = self.activities.keys().cloned().collect();
            let d = Diagnostic::error(
                Code::UnknownUnit,
                format!("`every {} {word}`: `{word}` is neither a unit of time nor an activity", gap.node.number),
            )
            .with_label(unit.span, "not a unit or an activity")
            .suggest_or(word, unit.span, names.iter().map(String::as_str), || {
                Some(format!(
                    "`every` takes a time (`every 2 weeks`) or an activity counted for each person (`every 8 shifts`, with `activity shift: TABLE by COLUMN on COLUMN`); declare `{singular}` as an activity to count it"
                ))
            });
            self.error(d);
            return None;
        };
        self.refer(SymbolKind::Activity, &name, unit.span);
        let activity = self.activities.get(&name).cloned()?;
        if activity.subject_table != subject_table {
            self.error(
                Diagnostic::error(
                    Code::WrongTable,
                    format!(
                        "`{name}` happens to rows of `{}`, but the rule is about `{subject_table}`",
                        activity.subject_table
                    ),
                )
                .with_label(unit.span, format!("about `{}`", activity.subject_table))
                .with_help(format!(
                    "count an activity of `{subject_table}`: its rows are counted for each member"
                )),
            );
            return None;
        }
        let number = ast::Spanned::new(
            ast::Quantity {
                number: gap.node.number.clone(),
                unit: None,
            },
            gap.span,
        );
        let count = self.count(&number)?;
        Some(policy::Requirement::Occurrences { count, of: name })
    }

    fn requirement(
        &mut self,
        requirement: &ast::Requirement,
        subject_table: &str,
    ) -> Option<policy::Requirement> {
        match requirement {
            ast::Requirement::Every { gap, shortest, .. } => {
                if let Some(unit) = &gap.node.unit {
                    // A misspelt unit of time (`every 2 wekes`) is still
                    // reported as one; any other word may be an activity.
                    let word = unit.node.as_str();
                    // Only a word that is not a unit is matched against the
                    // units (the matcher is the costly part).
                    let near_a_unit = || {
                        crate::suggest::closest(
                            word,
                            DurationUnit::SPELLINGS.iter().map(|(w, _, _)| *w),
                        )
                        .is_some()
                    };
                    let is_activity = [word, word.strip_suffix('s').unwrap_or(word)]
                        .iter()
                        .any(|n| self.activities.contains_key(*n));
                    if DurationUnit::from_word(word).is_none()
                        && word != "%"
                        && (is_activity || !near_a_unit())
                    {
                        if let Some(shortest) = shortest {
                            // `every 6 to 8 shifts`: a range is for gaps of
                            // time only.
                            self.error(
                                Diagnostic::error(
                                    Code::InvalidQuantity,
                                    format!("`every {} to {} {word}`: rows counted take one number, not a range", shortest.node.number, gap.node.number),
                                )
                                .with_label(shortest.span, "a range")
                                .with_help(format!("write the most rows of `{word}` allowed between sessions, such as `every {} {word}`", gap.node.number)),
                            );
                            return None;
                        }
                        return self.every_occurrences(gap, unit, subject_table);
                    }
                }
                let max = self.duration(&gap.node, gap.span)?;
                if max.is_zero() {
                    self.error(
                        Diagnostic::error(Code::InvalidQuantity, "a gap of zero can never be met")
                            .with_label(gap.span, "zero")
                            .with_help("write the longest time allowed between sessions, such as `every 2 weeks`"),
                    );
                    return None;
                }
                let min = match shortest {
                    None => None,
                    Some(shortest) => Some(self.shortest_gap(shortest, gap, max)?),
                };
                Some(policy::Requirement::Gap {
                    max: Some(max),
                    min,
                })
            }
            ast::Requirement::Apart { gap, .. } => {
                let min = self.duration(&gap.node, gap.span)?;
                if min.is_zero() {
                    self.error(
                        Diagnostic::error(Code::InvalidQuantity, "sessions zero apart is no limit at all")
                            .with_label(gap.span, "zero")
                            .with_help("write the shortest time allowed between two sessions, such as `at least 4 weeks apart`"),
                    );
                    return None;
                }
                Some(policy::Requirement::Gap {
                    max: None,
                    min: Some(min),
                })
            }
            ast::Requirement::AtMost { amount, window, .. } => {
                let window = self.window(window);
                let max = self.maximum(amount);
                Some(policy::Requirement::Count {
                    min: 0,
                    window: window?,
                    max: Some(max?),
                })
            }
            ast::Requirement::AtLeast {
                amount,
                most,
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
                    Some(column) => self
                        .tables
                        .get(subject_table)
                        .cloned()
                        .and_then(|table| {
                            self.number_column(
                                &table,
                                column,
                                "scale",
                                "scale by a number column, such as `placement_days`",
                            )
                        })
                        .map(Some),
                };
                if is_duration {
                    if let Some(most) = most {
                        self.error(
                            Diagnostic::error(Code::UnitMismatch, "a maximum counts sessions, not time")
                                .with_label(most.span, "a maximum")
                                .with_label(amount.span, "a time")
                                .with_help("cap the number of sessions in a rule of its own, such as `at most 2 per month`"),
                        );
                        return None;
                    }
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
                    let max = match most {
                        None => Some(None),
                        Some(most) => self.maximum(most).map(Some),
                    };
                    let (min, max) = (min?, max?);
                    if let (Some(most_span), Some(m)) = (most.as_ref().map(|m| m.span), max) {
                        if m < min {
                            self.error(
                                Diagnostic::error(
                                    Code::ImpossibleRange,
                                    format!("at most {m} is fewer than the {min} required"),
                                )
                                .with_label(most_span, format!("the maximum, {m}"))
                                .with_label(amount.span, format!("the minimum, {min}"))
                                .with_help(
                                    "no one can meet both: raise the maximum or lower the minimum",
                                ),
                            );
                            return None;
                        }
                    }
                    Some(policy::Requirement::Count {
                        min,
                        window: window?,
                        max,
                    })
                }
            }
        }
    }

    /// The number after `at most`: a whole count of 1 or more. A time
    /// (`at most 3 hours per week`) is not a maximum `sup` can judge.
    fn maximum(&mut self, amount: &ast::Spanned<ast::Quantity>) -> Option<u32> {
        let unit = amount.node.unit.as_ref();
        if unit.is_some_and(|u| DurationUnit::from_word(&u.node).is_some()) {
            self.error(
                Diagnostic::error(Code::UnitMismatch, "a maximum counts sessions, not time")
                    .with_label(amount.span, "a time")
                    .with_help("write how many sessions at most, such as `at most 2 per month`"),
            );
            return None;
        }
        self.count(amount)
    }

    /// The shortest gap of `every A to B`: `A` takes the unit of `B` when
    /// written without one (`every 4 to 6 weeks`), and may not exceed `B`.
    fn shortest_gap(
        &mut self,
        shortest: &ast::Spanned<ast::Quantity>,
        longest: &ast::Spanned<ast::Quantity>,
        max: Duration,
    ) -> Option<Duration> {
        let mut written = shortest.node.clone();
        if written.unit.is_none() {
            written.unit = longest.node.unit.clone();
        }
        let min = self.duration(&written, shortest.span)?;
        if min.is_zero() {
            self.error(
                Diagnostic::error(
                    Code::InvalidQuantity,
                    "a shortest gap of zero is no limit at all",
                )
                .with_label(shortest.span, "zero")
                .with_help(format!("write only the longest gap, `every {max}`")),
            );
            return None;
        }
        if min.approx_minutes() > max.approx_minutes() {
            self.error(
                Diagnostic::error(
                    Code::ImpossibleRange,
                    format!("the shortest gap, {min}, is longer than the longest, {max}"),
                )
                .with_label(shortest.span, format!("no two sessions closer than {min}"))
                .with_label(longest.span, format!("none further apart than {max}"))
                .with_help("write the shorter gap first, such as `every 4 to 6 weeks`"),
            );
            return None;
        }
        Some(min)
    }

    fn window(&mut self, window: &ast::Spanned<ast::WindowExpr>) -> Option<policy::Window> {
        match &window.node {
            ast::WindowExpr::Per { qualifier, period } => {
                let spelt = match qualifier {
                    Some(q) => format!("{q} {}", period.node),
                    None => period.node.clone(),
                };
                match words::find(words::PERIODS, &spelt) {
                    Some(period) => Some(policy::Window::Calendar {
                        period: period.means,
                    }),
                    None => {
                        // `per 12 months` and `per kilogram` land here.
                        let span = Span::new(period.span.start as usize, period.span.end as usize);
                        let name = ast::Spanned::new(spelt.clone(), span);
                        let d = Diagnostic::error(
                            Code::UnknownPeriod,
                            format!("unknown period `{spelt}`"),
                        )
                        .with_label(span, "not a period `sup` knows")
                        .suggest_or(&name.node, span, words::spellings(words::PERIODS), || {
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
                    if let Some(&(_, first_span)) = out.first() {
                        self.error(
                            Diagnostic::error(
                                Code::PhaseOverlap,
                                "`first` starts the schedule again",
                            )
                            .with_label(phase.range.span, "`first` counts from the start of tenure")
                            .with_label(first_span, "so it overlaps the first phase")
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
}

/// Whether any requirement of the schedule is a time (`at least 1 hour ...`).
fn schedule_counts_time(schedule: &policy::Schedule) -> bool {
    let is_time = |r: &policy::Requirement| matches!(r, policy::Requirement::Time { .. });
    match schedule {
        policy::Schedule::Fixed { requirement } => is_time(requirement),
        policy::Schedule::ByTenure { phases } => phases.iter().any(|p| is_time(&p.requirement)),
    }
}
