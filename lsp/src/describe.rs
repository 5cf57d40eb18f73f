//! A rule in plain English, for hover.
//!
//! DESCRIBE: `sup::describe::describe_rule(policy, rule)` is being written on
//! main and gives the same text as `sup describe`. Once it reaches this
//! branch, replace the body of [`describe_rule`] with a call to it and delete
//! the fallback below; the hover tests' snapshots will then show its text.

use sup::policy::{
    CalendarPeriod, CompiledPolicy, DeadlineEnd, Measure, Requirement, RetentionAnchor, Rule,
    RuleBody, Schedule, Window,
};

/// One plain-English paragraph saying what a rule requires.
pub fn describe_rule(policy: &CompiledPolicy, rule: &Rule) -> String {
    fallback(policy, rule)
}

fn fallback(policy: &CompiledPolicy, rule: &Rule) -> String {
    let group = |name: &str| match policy.groups.get(name).and_then(|g| g.label.clone()) {
        Some(label) => format!("{label} (`{name}`)"),
        None => format!("`{name}`"),
    };
    let list = |items: &[String], joiner: &str| {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(joiner)
    };
    let mut text = match &rule.body {
        RuleBody::Frequency(f) => {
            let what = list(&f.activities, " or ");
            let with = f
                .with_supervisor
                .as_ref()
                .map(|c| format!(" with their `{c}`"))
                .unwrap_or_default();
            let when = match &f.schedule {
                Schedule::Fixed { requirement } => requirement_text(requirement),
                Schedule::ByTenure { phases } => phases
                    .iter()
                    .map(|p| {
                        let span = match &p.until {
                            Some(until) if p.from.is_zero() => format!("for the first {until}"),
                            Some(until) => format!("from {} to {until}", p.from),
                            None => format!("after {}", p.from),
                        };
                        format!("{span} of tenure, {}", requirement_text(&p.requirement))
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            let pro_rata = match &f.pro_rata {
                Some(column) => format!(" Part-time staff's requirement is scaled by `{column}`."),
                None => String::new(),
            };
            format!(
                "Each member of {} must have {what}{with} {when}.{pro_rata}",
                group(&f.group)
            )
        }
        RuleBody::Eligibility(e) => {
            format!(
            "Every {} session of a member of {} must have a supervisor who meets {} condition{}.",
            list(&e.activities, " or "),
            group(&e.group),
            if e.clauses.len() == 1 { "this" } else { "these" },
            if e.clauses.len() == 1 { "" } else { "s" }
        )
        }
        RuleBody::Limit(l) => {
            let measure = Measure::ALL
                .iter()
                .find(|(_, m)| *m == l.measure)
                .map_or("the measure", |(n, _)| n);
            let range = match (&l.min, &l.max) {
                (Some(min), Some(max)) => format!("between {min} and {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => "within its range".into(),
            };
            format!(
                "For each member of {}, `{measure}` must be {range}.",
                group(&l.group)
            )
        }
        RuleBody::Deadline(d) => {
            let source = d.activity.as_ref().unwrap_or(&d.table);
            match &d.end {
                DeadlineEnd::Within {
                    limit,
                    start_column,
                } => {
                    format!("For each `{source}`, `{}` must be filled in within {limit} of `{start_column}`.", d.end_column)
                }
                DeadlineEnd::BeforeNext { activity } => {
                    format!(
                        "For each `{source}`, `{}` must be filled in before the next `{activity}`.",
                        d.end_column
                    )
                }
            }
        }
        RuleBody::Retention(r) => {
            let after = match r.anchor {
                RetentionAnchor::Leaving => "after the staff member leaves",
                RetentionAnchor::Creation => "after the record is created",
            };
            let bound = match (&r.min, &r.max) {
                (Some(min), Some(max)) => format!("at least {min} and at most {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => "for a time".into(),
            };
            format!(
                "{} records must be kept {bound} {after}.",
                list(&r.record_kinds, ", ")
            )
        }
        RuleBody::Access(a) => {
            let grants = a
                .allow
                .iter()
                .map(|g| format!("{} for {}", list(&g.roles, ", "), list(&g.purposes, ", ")))
                .collect::<Vec<_>>()
                .join("; ");
            let mut s = format!(
                "{} records may be read only by {grants}.",
                list(&a.record_kinds, ", ")
            );
            if !a.deny.is_empty() {
                s.push_str(&format!(" {} may never read them.", list(&a.deny, ", ")));
            }
            if let Some(n) = &a.notify {
                match n.within {
                    Some(within) => {
                        s.push_str(&format!(" The subject must be told within {within}."))
                    }
                    None => s.push_str(" The subject must be told, no later than the access."),
                }
            }
            s
        }
    };
    if !rule.waivable_by.is_empty() {
        text.push_str(&format!(
            " A waiver approved by {} makes a finding waived.",
            list(&rule.waivable_by, " or ")
        ));
    }
    if !rule.overrides.is_empty() {
        text.push_str(&format!(
            " For the people it covers, it replaces {}.",
            list(&rule.overrides, ", ")
        ));
    }
    text
}

fn requirement_text(r: &Requirement) -> String {
    match r {
        Requirement::Count { min, window } => {
            let times = match min {
                1 => "at least once".to_string(),
                2 => "at least twice".to_string(),
                n => format!("at least {n} times"),
            };
            format!("{times} {}", window_text(window))
        }
        Requirement::Gap { max } => format!("at least every {max}"),
        Requirement::Time {
            min,
            window,
            scaled_by,
        } => {
            let scaled = scaled_by
                .as_ref()
                .map(|c| format!(" for each unit of `{c}`"))
                .unwrap_or_default();
            format!("at least {min}{scaled} {}", window_text(window))
        }
    }
}

fn window_text(w: &Window) -> String {
    match w {
        Window::Calendar { period } => match period {
            CalendarPeriod::Week => "each week".into(),
            CalendarPeriod::Fortnight => "each fortnight".into(),
            CalendarPeriod::Month => "each calendar month".into(),
            CalendarPeriod::Quarter => "each quarter".into(),
            CalendarPeriod::Year => "each calendar year".into(),
            CalendarPeriod::FinancialYear => "each financial year".into(),
            CalendarPeriod::AcademicYear => "each academic year".into(),
        },
        Window::Rolling { length } => format!("in any {length}"),
        Window::Periods { calendar } => format!("in each period of `{calendar}`"),
    }
}
