//! Calendars and holidays declared: their periods, dates and names.

use super::parse_date;
use crate::check::symbols::SymbolKind;
use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy;
use crate::span::Span;
use crate::syntax::ast;

impl Checker<'_> {
    pub(in crate::check) fn declare_calendar(&mut self, decl: &ast::CalendarDecl) {
        if self.calendars.contains_key(&decl.name.node) {
            let first = self.first_definition(SymbolKind::Calendar, &decl.name.node);
            self.duplicate("calendar", &decl.name, first);
            return;
        }
        self.define(SymbolKind::Calendar, &decl.name, decl.span);
        let mut periods: Vec<(policy::Period, Span)> = Vec::new();
        // A period's name is what findings report (`in each half_term`,
        // period `autumn_1`), so two periods of one name are ambiguous.
        let mut named: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
        for period in &decl.periods {
            if let Some(first) = named.get(period.name.node.as_str()) {
                self.error(
                    Diagnostic::error(
                        Code::DuplicateDefinition,
                        format!(
                            "the period `{}` is defined twice in `{}`",
                            period.name.node, decl.name.node
                        ),
                    )
                    .with_label(period.name.span, "defined again here")
                    .with_label(*first, "first defined here")
                    .with_help("give each period of a calendar its own name, such as `autumn_1` and `autumn_2`"),
                );
                continue;
            }
            named.insert(&period.name.node, period.name.span);
            let start = parse_date(self, &period.start.node, period.start.span);
            let end = parse_date(self, &period.end.node, period.end.span);
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            if end < start {
                self.error(
                    Diagnostic::error(
                        Code::InvalidPeriod,
                        format!("the period `{}` ends before it starts", period.name.node),
                    )
                    .with_label(period.end.span, format!("ends {end}"))
                    .with_label(period.start.span, format!("starts {start}"))
                    .with_help("periods run from their first day to their last day, both included"),
                );
                continue;
            }
            periods.push((
                policy::Period {
                    name: period.name.node.clone(),
                    start,
                    end,
                },
                period.span,
            ));
        }
        periods.sort_by_key(|(p, _)| p.start);
        for pair in periods.windows(2) {
            if let [(a, a_span), (b, b_span)] = pair {
                if b.start <= a.end {
                    self.error(
                        Diagnostic::error(
                            Code::InvalidPeriod,
                            format!("the periods `{}` and `{}` overlap", a.name, b.name),
                        )
                        .with_label(*b_span, format!("starts {} ...", b.start))
                        .with_label(*a_span, format!("... before this one ends on {}", a.end))
                        .with_help("each day belongs to at most one period of a calendar"),
                    );
                }
            }
        }
        self.calendars.insert(
            decl.name.node.clone(),
            policy::Calendar {
                name: decl.name.node.clone(),
                label: decl.label.as_ref().map(|l| l.node.clone()),
                periods: periods.into_iter().map(|(p, _)| p).collect(),
            },
        );
    }

    pub(in crate::check) fn declare_holidays(&mut self, decl: &ast::HolidaysDecl) {
        if self.holidays.contains_key(&decl.name.node)
            || crate::calendar::shipped(&decl.name.node).is_some()
        {
            let first = self.first_definition(SymbolKind::Holidays, &decl.name.node);
            self.duplicate("holiday calendar", &decl.name, first);
            return;
        }
        self.define(SymbolKind::Holidays, &decl.name, decl.span);
        let mut dates = Vec::new();
        for include in &decl.includes {
            if let Some(shipped) = crate::calendar::shipped(&include.node) {
                dates.extend_from_slice(shipped);
            } else if let Some(other) = self.holidays.get(&include.node) {
                dates.extend(other.dates.iter().copied());
                self.refer(SymbolKind::Holidays, &include.node, include.span);
            } else {
                let mut names: Vec<String> = self.holidays.keys().cloned().collect();
                names.extend(crate::calendar::SHIPPED.iter().map(|s| (*s).to_string()));
                self.unknown(
                    Code::UnknownHolidays,
                    "holiday calendar",
                    include,
                    names.iter().map(String::as_str),
                    "holiday calendars",
                );
            }
        }
        for date in &decl.dates {
            if let Some(d) = parse_date(self, &date.date.node, date.date.span) {
                dates.push(d);
            }
        }
        dates.sort();
        dates.dedup();
        self.holidays.insert(
            decl.name.node.clone(),
            policy::HolidayCalendar {
                name: decl.name.node.clone(),
                dates,
            },
        );
    }
}
