//! `sup explain`: the traced subject's rows that an activity did not count,
//! and why, said once per rule rather than once per activity.
//!
//! An activity's index is built once, without knowing which rule asked for
//! it, so it cannot tell whether a row it leaves out counts under another
//! activity of the same rule (`require one_to_one or group_supervision`: a
//! group session is not a one-to-one, yet counts). Building an index only
//! records what it left out; the rule that reads the activities then says,
//! for the rows none of them counted, why each did not.

use chrono::NaiveDate;

/// A row of the traced subject that one activity left out.
#[derive(Debug, Clone)]
pub struct Uncounted<'a> {
    pub activity: &'a str,
    pub table: &'a str,
    pub row: usize,
    /// The row's id, as the timeline shows it.
    pub id: String,
    pub date: Option<NaiveDate>,
    pub why: String,
}

/// The timeline lines for rows left out by `activities`, one per row, in the
/// order they were first left out. `counts(table, row)` says whether one of
/// the activities counted the row after all: such a row is left out of the
/// lines, since the timeline says it counts.
pub fn lines<'a>(
    left_out: &[Uncounted<'a>],
    activities: &[&str],
    counts: impl Fn(&str, usize) -> bool,
) -> Vec<(Option<NaiveDate>, String)> {
    // Rows in first-seen order, each with its activities' reasons.
    let mut rows: Vec<(&Uncounted<'a>, Vec<(&str, &str)>)> = Vec::new();
    for u in left_out.iter().filter(|u| activities.contains(&u.activity)) {
        match rows
            .iter_mut()
            .find(|(first, _)| first.table == u.table && first.row == u.row)
        {
            Some((_, reasons)) => reasons.push((u.activity, u.why.as_str())),
            None => rows.push((u, vec![(u.activity, u.why.as_str())])),
        }
    }
    rows.into_iter()
        .filter(|(first, _)| !counts(first.table, first.row))
        .map(|(first, reasons)| (first.date, line(first, &reasons)))
        .collect()
}

/// `sessions X4 does not count as `one_to_one` or `group_supervision`: why`
/// when every activity gives the same reason (a cancelled session, a kind
/// that neither is), else each activity with its own.
fn line(first: &Uncounted, reasons: &[(&str, &str)]) -> String {
    let same = reasons.windows(2).all(|w| match w {
        [a, b] => a.1 == b.1,
        _ => true,
    });
    let why = if same {
        let names: Vec<String> = reasons.iter().map(|(a, _)| format!("`{a}`")).collect();
        format!(
            "{}: {}",
            names.join(" or "),
            reasons.first().map_or("", |r| r.1)
        )
    } else {
        let each: Vec<String> = reasons
            .iter()
            .map(|(a, why)| format!("`{a}`: {why}"))
            .collect();
        each.join("; nor as ")
    };
    format!("{} {} does not count as {why}", first.table, first.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn left_out<'a>(activity: &'a str, row: usize, why: &str) -> Uncounted<'a> {
        Uncounted {
            activity,
            table: "sessions",
            row,
            id: format!("X{row}"),
            date: None,
            why: why.to_string(),
        }
    }

    #[test]
    fn a_row_another_activity_counts_is_not_said_not_to_count() {
        let all = [
            left_out("one_to_one", 1, "group"),
            left_out("group_supervision", 2, "one"),
            left_out("one_to_one", 3, "cancelled"),
            left_out("group_supervision", 3, "cancelled"),
            left_out("one_to_one", 4, "a"),
            left_out("group_supervision", 4, "b"),
        ];
        let counted = |_: &str, row: usize| row == 1 || row == 2;
        let got: Vec<String> = lines(&all, &["one_to_one", "group_supervision"], counted)
            .into_iter()
            .map(|(_, l)| l)
            .collect();
        assert_eq!(
            got,
            [
                "sessions X3 does not count as `one_to_one` or `group_supervision`: cancelled",
                "sessions X4 does not count as `one_to_one`: a; nor as `group_supervision`: b",
            ]
        );
        // Another rule's activities are not this rule's business.
        assert!(lines(&all, &["peer_supervision"], |_, _| false).is_empty());
    }
}
