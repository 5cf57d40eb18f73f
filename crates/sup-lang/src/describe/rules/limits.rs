//! Limit rules in English: a measure and its range.

use crate::describe::names;
use crate::policy::{Amount, CompiledPolicy, Limit, Measure};

/// "between 5 and 7", "at most 6", "at least 50%", "exactly 3".
fn range(min: Option<Amount>, max: Option<Amount>) -> String {
    match (min, max) {
        (Some(low), Some(high)) if low == high => format!("exactly {low}"),
        (Some(low), Some(high)) => format!("between {low} and {high}"),
        (Some(low), None) => format!("at least {low}"),
        (None, Some(high)) => format!("at most {high}"),
        (None, None) => "any number of".into(),
    }
}

pub(super) fn limit(policy: &CompiledPolicy, l: &Limit) -> String {
    let who = names::group(policy, &l.group);
    let amount = range(l.min, l.max);
    let sessions = || {
        if l.activities.is_empty() {
            "supervision session".to_string()
        } else {
            names::activities(policy, &l.activities).singular
        }
    };
    let mut text = match l.measure {
        Measure::Supervisees => format!("{who} must each have {amount} supervisees at all times"),
        Measure::Caseload => format!("{who} must each have a caseload of {amount}"),
        Measure::CaseloadPerFte => {
            format!("{who} must each have a caseload of {amount} per full-time equivalent (FTE)")
        }
        Measure::GroupSize => format!(
            "each {} with {who} must have {amount} attendees",
            sessions()
        ),
        Measure::SessionLength => format!("each {} with {who} must last {amount}", sessions()),
        Measure::TeamCover => format!(
            "among {who}, {amount} of each team must be available (not on leave) on every day"
        ),
    };
    if let Some(calendar) = &l.excluding {
        text.push_str(&format!(
            ", except during {}",
            names::calendar(policy, calendar)
        ));
    }
    text
}
