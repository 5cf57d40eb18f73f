//! Retention rules in English.

use crate::describe::english::list;
use crate::describe::names;
use crate::policy::{CompiledPolicy, Retention, RetentionAnchor};

pub(super) fn record_kinds(policy: &CompiledPolicy, kinds: &[String]) -> String {
    format!(
        "{} records",
        list(
            &kinds
                .iter()
                .map(|k| names::vocabulary_value(policy, "record_kind", k))
                .collect::<Vec<_>>(),
            "and"
        )
    )
}

pub(super) fn retention(policy: &CompiledPolicy, r: &Retention) -> String {
    let what = record_kinds(policy, &r.record_kinds);
    let after = match r.anchor {
        RetentionAnchor::Leaving => "after the member of staff leaves",
        RetentionAnchor::Creation => "after they are created",
    };
    match (r.min, r.max) {
        (Some(min), Some(max)) => {
            format!("{what} must be kept for at least {min}, and for no more than {max}, {after}")
        }
        (Some(min), None) => format!("{what} must be kept for at least {min} {after}"),
        (None, Some(max)) => format!("{what} must not be kept for more than {max} {after}"),
        (None, None) => format!("{what} may be kept for any length of time"),
    }
}
