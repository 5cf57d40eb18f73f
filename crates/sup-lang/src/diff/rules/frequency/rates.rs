//! A requirement in words, and how often it asks for something in a year: the rates and
//! guarantees the diff compares, counted from the calendar where the policy declares one.

use super::*;

pub(super) fn tenure_words(start: Duration, end: Option<Duration>) -> String {
    match (start.is_zero(), end) {
        (true, Some(e)) => format!("tenure under {e}"),
        (true, None) => "any tenure".to_string(),
        (false, Some(e)) => format!("tenure from {start} to {e}"),
        (false, None) => format!("tenure from {start}"),
    }
}

pub(super) fn period_words(p: CalendarPeriod) -> &'static str {
    match p {
        CalendarPeriod::Week => "week",
        CalendarPeriod::Fortnight => "fortnight",
        CalendarPeriod::Month => "month",
        CalendarPeriod::Quarter => "quarter",
        CalendarPeriod::Year => "year",
        CalendarPeriod::FinancialYear => "financial year",
        CalendarPeriod::AcademicYear => "academic year",
    }
}

/// A fixed period as a window in words: "calendar month", but "financial
/// year" (a financial or academic year is not a calendar one).
pub(super) fn calendar_period_words(p: CalendarPeriod) -> String {
    match p {
        CalendarPeriod::FinancialYear | CalendarPeriod::AcademicYear => period_words(p).to_string(),
        _ => format!("calendar {}", period_words(p)),
    }
}

pub(super) fn window_text(w: &Window) -> String {
    match w {
        Window::Calendar { period } => format!("per {}", period_words(*period)),
        Window::Rolling { length } => format!("in any {length}"),
        Window::Periods { calendar } => format!("in each {calendar}"),
    }
}

pub(crate) fn requirement_text(r: &Requirement) -> String {
    match r {
        Requirement::Count {
            min: 0,
            window,
            max: Some(max),
        } => format!("at most {max} {}", window_text(window)),
        Requirement::Count {
            min,
            window,
            max: Some(max),
        } => format!("at least {min} and at most {max} {}", window_text(window)),
        Requirement::Count { min, window, .. } => {
            format!("at least {min} {}", window_text(window))
        }
        Requirement::Gap {
            max: Some(max),
            min: Some(min),
        } if min.unit == max.unit => format!("every {} to {max}", min.amount),
        Requirement::Gap {
            max: Some(max),
            min: Some(min),
        } => format!("every {min} to {max}"),
        Requirement::Gap { max: Some(max), .. } => format!("every {max}"),
        Requirement::Gap { max: None, min } => {
            min.map_or_else(String::new, |m| format!("at least {m} apart"))
        }
        Requirement::Occurrences { count, of } => format!("every {count} {of}"),
        Requirement::Time {
            min,
            window,
            scaled_by,
        } => {
            let scaled = scaled_by
                .as_ref()
                .map_or(String::new(), |c| format!(" scaled by {c}"));
            format!("at least {min} {}{scaled}", window_text(window))
        }
    }
}

/// How many a year a requirement asks for, roughly.
pub(super) fn per_year(r: &Requirement, policy: &CompiledPolicy) -> Option<f64> {
    match r {
        Requirement::Count { min, window, .. } => {
            // A declared calendar says how many periods a year it has:
            // three terms a year are three a year, whatever their lengths
            // and the holidays between them.
            if let Some(periods) = periods_per_year(window, policy) {
                return Some(f64::from(*min) * periods);
            }
            let days = quantity::typical_days(quantity::shape(window, policy)?);
            (days > 0.0).then(|| f64::from(*min) * 365.25 / days)
        }
        Requirement::Gap { max: Some(max), .. } => {
            let days = max.approx_minutes() / 1440.0;
            (days > 0.0).then(|| 365.25 / days)
        }
        Requirement::Gap { max: None, .. } => None,
        Requirement::Time { .. } | Requirement::Occurrences { .. } => None,
    }
}

/// The periods a declared calendar has in a year: its periods over the
/// whole years it covers (a school year of three terms from September to
/// July is one year of three periods), as the editor's hints count them.
pub(super) fn periods_per_year(window: &Window, policy: &CompiledPolicy) -> Option<f64> {
    let periods = declared_periods(window, policy)?;
    let first = periods.iter().map(|p| p.start).min()?;
    let last = periods.iter().map(|p| p.end).max()?;
    let days = (last - first).num_days() + 1;
    #[expect(
        clippy::cast_precision_loss,
        reason = "a calendar spans a few thousand days at most"
    )]
    let (years, count) = (
        ((days as f64) / 365.25).round().max(1.0),
        periods.len() as f64,
    );
    Some(count / years)
}

/// The longest time a requirement lets pass between two sessions, in days,
/// roughly: its gap, or for a count two of its windows (one session at the
/// start of a window, the next at the end of the following).
pub(super) fn longest_gap_days(r: &Requirement, policy: &CompiledPolicy) -> Option<f64> {
    match r {
        Requirement::Gap { max: Some(max), .. } => Some(quantity::bounds(*max).1 / 1440.0),
        Requirement::Count { min, window, .. } if *min >= 1 => {
            // In a declared calendar, from the first day of one period to
            // the last of the next, holidays between them included.
            if let Some(periods) = declared_periods(window, policy) {
                let longest = periods
                    .windows(2)
                    .filter_map(|w| match w {
                        [a, b] => Some((b.end - a.start).num_days()),
                        _ => None,
                    })
                    .max();
                #[expect(
                    clippy::cast_precision_loss,
                    reason = "a calendar spans a few thousand days at most"
                )]
                if let Some(longest) = longest {
                    return Some(longest as f64);
                }
            }
            Some(quantity::longest_gap(quantity::shape(window, policy)?) / 1440.0)
        }
        _ => None,
    }
}

pub(super) fn rate_words(x: f64) -> String {
    if x >= 10.0 || (x - x.round()).abs() < 0.05 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// True when meeting requirement `a` (in policy `pa`) always meets `b` (in
/// `pb`); `None` when the two cannot be compared.
pub(super) fn guarantees(
    pa: &CompiledPolicy,
    a: &Requirement,
    pb: &CompiledPolicy,
    b: &Requirement,
) -> Option<bool> {
    match b {
        Requirement::Count { min, window, .. } => {
            let target = quantity::shape(window, pb)?;
            match a {
                Requirement::Count {
                    min: n, window: w, ..
                } => {
                    if let Some(whole) = whole_periods(pa, w, pb, window) {
                        return Some(n.saturating_mul(whole) >= *min);
                    }
                    let inner = quantity::shape(w, pa)?;
                    Some(n.saturating_mul(quantity::whole_windows(inner, target)) >= *min)
                }
                Requirement::Gap { max: Some(max), .. } => {
                    Some(quantity::events_with_gap(*max, target) >= *min)
                }
                Requirement::Gap { max: None, .. } => Some(*min == 0),
                Requirement::Time { .. } | Requirement::Occurrences { .. } => None,
            }
        }
        Requirement::Gap { max: None, .. } => Some(true),
        Requirement::Gap { max: Some(max), .. } => match a {
            Requirement::Gap { max: None, .. } => Some(false),
            Requirement::Gap { max: Some(h), .. } => Some(matches!(
                compare_durations(*max, *h),
                Length::Same | Length::Shorter
            )),
            Requirement::Count { min: n, window, .. } if *n >= 1 => {
                let shape = quantity::shape(window, pa)?;
                Some(match shape {
                    // One in every stretch of `w` starting anywhere: the next
                    // comes at most `w` after each, measured as `w` is (in
                    // months when both are in months), so `at least 1 in any
                    // 1 month` is `every 1 month`.
                    Shape::Rolling(w) => {
                        matches!(compare_durations(*max, w), Length::Same | Length::Shorter)
                    }
                    _ => quantity::longest_gap(shape) <= quantity::bounds(*max).0,
                })
            }
            Requirement::Count { .. } => Some(false),
            Requirement::Time { .. } | Requirement::Occurrences { .. } => None,
        },
        // Counted in rows of another activity, not in time: comparable only
        // with a count of the same activity.
        Requirement::Occurrences { count, of } => match a {
            Requirement::Occurrences { count: n, of: o } if o == of => Some(n <= count),
            _ => None,
        },
        Requirement::Time {
            min,
            window,
            scaled_by,
        } => match a {
            Requirement::Time {
                min: u,
                window: w,
                scaled_by: sa,
            } if sa == scaled_by => {
                let whole = match whole_periods(pa, w, pb, window) {
                    Some(whole) => whole,
                    None => quantity::whole_windows(
                        quantity::shape(w, pa)?,
                        quantity::shape(window, pb)?,
                    ),
                };
                Some(quantity::bounds(*u).0 * f64::from(whole) >= quantity::bounds(*min).1)
            }
            _ => None,
        },
    }
}

/// The periods of the declared calendar a window counts in (`in each
/// half_term`), if it is one.
pub(super) fn declared_periods<'p>(
    window: &Window,
    policy: &'p CompiledPolicy,
) -> Option<&'p [Period]> {
    match window {
        Window::Periods { calendar } => policy.calendars.get(calendar).map(|c| &c.periods[..]),
        Window::Calendar { .. } | Window::Rolling { .. } => None,
    }
}

/// When both windows are declared calendars: how many whole periods of
/// `inner` (in `pa`) each period of `outer` (in `pb`) always holds, the
/// fewest over `outer`'s periods. Compared date by date, so a calendar
/// redefined under the same name (a term split in two, a year added) is
/// judged by its periods, not its name.
pub(super) fn whole_periods(
    pa: &CompiledPolicy,
    inner: &Window,
    pb: &CompiledPolicy,
    outer: &Window,
) -> Option<u32> {
    let (inner, outer) = (declared_periods(inner, pa)?, declared_periods(outer, pb)?);
    let fewest = outer
        .iter()
        .map(|o| {
            inner
                .iter()
                .filter(|i| i.start >= o.start && i.end <= o.end)
                .count()
        })
        .min()
        // A calendar with no periods asks for nothing.
        .map_or(u32::MAX, |n| u32::try_from(n).unwrap_or(u32::MAX));
    Some(fewest)
}
