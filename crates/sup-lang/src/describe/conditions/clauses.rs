//! One test in words: a comparison, a value recorded or not, a boolean
//! column, with its subject and verb in the mood asked for.

use super::expressions::{expr, literal};
use super::{Mood, Scope};
use crate::describe::english;
use crate::describe::names;
use crate::policy::{ColumnType, CompareOp, Expr, Literal, Subject};

/// "within working hours (08:30 to 17:30 on a working day)": the hours are
/// spelt out, since a reader cannot be assumed to know them.
pub(super) fn working_hours(scope: &Scope<'_>) -> String {
    match scope.policy.header.working_hours {
        Some(h) => format!(
            "within working hours ({} to {} on a working day)",
            h.from.format("%H:%M"),
            h.to.format("%H:%M")
        ),
        None => "within working hours".into(),
    }
}

/// Whether a column has a value. A column named for an event reads as the
/// event ("it has been signed", "the notification has not been sent");
/// any other as "is recorded" ("their end date is recorded").
pub(super) fn recorded(scope: &Scope<'_>, target: &Expr, negated: bool, mood: Mood) -> String {
    if let Expr::Column {
        of: Subject::Row,
        column,
    } = target
    {
        if let Some((noun, participle)) =
            english::split_participle(&scope.column_words(Subject::Row, column))
        {
            let (subject, plural) = if noun.is_empty() {
                let (pronoun, plural) = scope.pronoun();
                (pronoun.to_string(), plural)
            } else {
                (format!("the {noun}"), is_plural_noun(&noun))
            };
            let not = if negated { " not" } else { "" };
            let verb = match (mood, plural) {
                (Mood::Must, _) => format!("must{not} have been"),
                (Mood::Is, true) => format!("have{not} been"),
                (Mood::Is, false) => format!("has{not} been"),
            };
            return format!("{subject} {verb} {participle}");
        }
    }
    let (subject, plural) = expr_subject(scope, target);
    clause(&subject, plural, Verb::Be, negated, mood, "recorded")
}

/// "A, B or C"; negated: "neither A nor B" or "none of A, B or C", with the
/// negation moved into the words (so the verb stays positive).
pub(super) fn values_phrase(
    scope: &Scope<'_>,
    target: &Expr,
    values: &[&Literal],
    negated: bool,
    conjunction: &str,
) -> (String, bool) {
    // A vocabulary's values read as the policy labelled them
    // (`registrations: swe "Social Work England"`).
    let vocabulary = scope.vocabulary_of(target);
    let texts: Vec<String> = values
        .iter()
        .map(|v| match (v, vocabulary) {
            (Literal::Value(value), Some(vocabulary)) => {
                names::vocabulary_value(scope.policy, vocabulary, value)
            }
            _ => literal(v),
        })
        .collect();
    match (negated, texts.as_slice()) {
        (true, [a, b]) => (format!("neither {a} nor {b}"), false),
        (true, [_, _, _, ..]) => (format!("none of {}", english::list(&texts, "or")), false),
        _ => (english::list(&texts, conjunction), negated),
    }
}

pub(super) fn compare(
    scope: &Scope<'_>,
    left: &Expr,
    op: CompareOp,
    right: &Expr,
    mood: Mood,
) -> String {
    // `urgent = yes` reads like `urgent is yes`.
    if let (
        Some(column),
        Expr::Literal {
            value: Literal::Bool(value),
        },
        CompareOp::Eq | CompareOp::Ne,
    ) = (bool_target(scope, left), right, op)
    {
        return bool_clause(scope, column, *value == (op == CompareOp::Eq), mood);
    }
    let dates = is_date(scope, left) || is_date(scope, right);
    let both_values = is_column_value(scope, left) && is_column_value(scope, right);
    let (negated, words) = match op {
        CompareOp::Eq if both_values => (false, "the same as"),
        CompareOp::Ne if both_values => (false, "different from"),
        CompareOp::Eq => (false, ""),
        CompareOp::Ne => (true, ""),
        CompareOp::Lt if dates => (false, "before"),
        CompareOp::Le if dates => (false, "on or before"),
        CompareOp::Gt if dates => (false, "after"),
        CompareOp::Ge if dates => (false, "on or after"),
        CompareOp::Lt => (false, "less than"),
        CompareOp::Le => (false, "at most"),
        CompareOp::Gt => (false, "more than"),
        CompareOp::Ge => (false, "at least"),
    };
    let right_text = expr(scope, right);
    let complement = if words.is_empty() {
        right_text
    } else {
        format!("{words} {right_text}")
    };
    let (subject, plural) = expr_subject(scope, left);
    clause(&subject, plural, Verb::Be, negated, mood, &complement)
}

/// True for a column that holds an ordinary value (not a person or row),
/// so `a = b` between two of them reads "is the same as".
fn is_column_value(scope: &Scope<'_>, e: &Expr) -> bool {
    match e {
        Expr::Column { .. } | Expr::Via(_) => !matches!(
            scope.read_type(e),
            Some(ColumnType::Id | ColumnType::Ref(_)) | None
        ),
        Expr::MonthOf { .. } => true,
        _ => false,
    }
}

fn is_date(scope: &Scope<'_>, e: &Expr) -> bool {
    match e {
        Expr::Literal {
            value: Literal::Date(_),
        } => true,
        Expr::Column { .. } | Expr::Via(_) => matches!(
            scope.read_type(e),
            Some(ColumnType::Date | ColumnType::Datetime)
        ),
        Expr::Arith { left, right, .. } => is_date(scope, left) || is_date(scope, right),
        // Months are ordered as dates are: "before", "on or after".
        Expr::MonthOf { .. } => true,
        Expr::Literal { .. } => false,
    }
}

/// The column, when `target` is a yes-or-no column.
pub(super) fn bool_target<'e>(scope: &Scope<'_>, target: &'e Expr) -> Option<(Subject, &'e str)> {
    match target {
        Expr::Column { of, column }
            if scope.column_type(*of, column) == Some(&ColumnType::Bool) =>
        {
            Some((*of, column.as_str()))
        }
        _ => None,
    }
}

/// A yes-or-no column read as a statement: `urgent` → "it is urgent",
/// `amendments_proposed` → "amendments are proposed", `has_car` → "they
/// have car".
pub(super) fn bool_clause(
    scope: &Scope<'_>,
    (of, column): (Subject, &str),
    truth: bool,
    mood: Mood,
) -> String {
    let negated = !truth;
    let text = scope.column_words(of, column);
    let (person, person_plural) = match of {
        Subject::Row => scope.pronoun(),
        Subject::Supervisor => ("the supervisor", false),
        Subject::Supervisee => ("the supervisee", false),
    };
    if let Some(rest) = text.strip_prefix("is ") {
        return clause(person, person_plural, Verb::Be, negated, mood, rest);
    }
    if let Some(rest) = text.strip_prefix("has ") {
        return clause(person, person_plural, Verb::Have, negated, mood, rest);
    }
    match english::split_participle(&text) {
        Some((noun, participle)) if !noun.is_empty() => {
            let subject = match of {
                Subject::Row => noun.clone(),
                _ => format!("{person}'s {noun}"),
            };
            clause(
                &subject,
                is_plural_noun(&noun),
                Verb::Be,
                negated,
                mood,
                &participle,
            )
        }
        _ if !text.contains(' ') => clause(person, person_plural, Verb::Be, negated, mood, &text),
        _ => {
            let (subject, plural) = expr_subject(
                scope,
                &Expr::Column {
                    of,
                    column: column.to_string(),
                },
            );
            clause(
                &subject,
                plural,
                Verb::Be,
                false,
                mood,
                if truth { "yes" } else { "no" },
            )
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    Be,
    Include,
    Have,
}

/// Subject, verb and complement, agreeing in number and mood.
pub(super) fn clause(
    subject: &str,
    plural: bool,
    verb: Verb,
    negated: bool,
    mood: Mood,
    complement: &str,
) -> String {
    let not = if negated { " not" } else { "" };
    let verb_text = match (mood, verb) {
        (Mood::Must, Verb::Be) => format!("must{not} be"),
        (Mood::Must, Verb::Include) => format!("must{not} include"),
        (Mood::Must, Verb::Have) => format!("must{not} have"),
        (Mood::Is, Verb::Be) => format!("{}{not}", if plural { "are" } else { "is" }),
        (Mood::Is, Verb::Include | Verb::Have) => {
            let base = if verb == Verb::Include {
                "include"
            } else {
                "have"
            };
            match (negated, plural) {
                (true, true) => format!("do not {base}"),
                (true, false) => format!("does not {base}"),
                (false, true) => base.to_string(),
                (false, false) => {
                    if verb == Verb::Include {
                        "includes".into()
                    } else {
                        "has".into()
                    }
                }
            }
        }
    };
    format!("{subject} {verb_text} {complement}")
}

/// An expression as the subject of a clause, and whether it is plural.
pub(super) fn expr_subject(scope: &Scope<'_>, e: &Expr) -> (String, bool) {
    match e {
        Expr::Column {
            of: Subject::Row,
            column,
        } if column == "id" => {
            let (pronoun, plural) = scope.pronoun();
            (pronoun.to_string(), plural)
        }
        Expr::Column { of, column } => (
            expr(scope, e),
            is_plural_noun(&scope.column_words(*of, column)),
        ),
        Expr::Via(via) => (
            expr(scope, e),
            is_plural_noun(&names::column_in(scope.policy, &via.table, &via.column)),
        ),
        _ => (expr(scope, e), false),
    }
}

/// Whether a column's words name more than one thing ("registrations",
/// not "status").
fn is_plural_noun(words: &str) -> bool {
    let last = words.rsplit(' ').next().unwrap_or(words);
    last.ends_with('s') && !["ss", "us", "is"].iter().any(|end| last.ends_with(end))
}
