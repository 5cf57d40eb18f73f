//! Standing checks in English: judged on every day, so the sentence says so.

use crate::describe::names;
use crate::policy::{CompiledPolicy, Standing, StandingSide};

pub(super) fn standing(policy: &CompiledPolicy, s: &Standing) -> String {
    let activity = names::activities(policy, std::slice::from_ref(&s.activity));
    let group = names::group(policy, &s.group);
    match s.side {
        StandingSide::Last => format!(
            "on every day, {group} must each have had {} within the last {}",
            activity.with_article, s.within
        ),
        StandingSide::Next => {
            format!(
                "on every day, {group} must each have {} already booked for a day within the next {} (a booking counts from the day it was booked)",
                activity.with_article, s.within
            )
        }
    }
}
