//! Expressions and literals as noun phrases.

use super::Scope;
use crate::describe::english::{self, escape};
use crate::describe::names;
use crate::policy::{ArithOp, Expr, Literal, Subject};

/// An expression as a noun phrase.
pub(crate) fn expr(scope: &Scope<'_>, e: &Expr) -> String {
    match e {
        Expr::Column { of, column } => {
            let whose = match of {
                Subject::Row => scope.possessive(),
                Subject::Supervisor => "the supervisor's",
                Subject::Supervisee => "the supervisee's",
            };
            if column == "id" {
                return match of {
                    Subject::Row => scope.pronoun().0.to_string(),
                    Subject::Supervisor => "the supervisor".into(),
                    Subject::Supervisee => "the supervisee".into(),
                };
            }
            format!("{whose} {}", scope.column_words(*of, column))
        }
        // "the role of their supervisor", "the role of its staff member":
        // the reference read as the person or row it names.
        Expr::Via(via) => {
            let whose = match via.of {
                Subject::Row => scope.possessive(),
                Subject::Supervisor => "the supervisor's",
                Subject::Supervisee => "the supervisee's",
            };
            // A reference named for the staff table ("staff") is one person;
            // further steps read as possessives: "their supervisor's line
            // manager". Each column reads as labelled in its own table.
            let mut table: Option<&str> = None;
            let whom: Vec<String> = via
                .steps()
                .map(|(reference, to)| {
                    let words = match table {
                        None => scope.column_words(via.of, reference),
                        Some(t) => names::column_in(scope.policy, t, reference),
                    };
                    table = Some(to);
                    match words.as_str() {
                        "staff" => "staff member".to_string(),
                        _ => words,
                    }
                })
                .collect();
            format!(
                "the {} of {whose} {}",
                names::column_in(scope.policy, via.column_table(), &via.column),
                whom.join("'s ")
            )
        }
        Expr::Literal { value } => literal(value),
        Expr::MonthOf { of } => format!("the calendar month of {}", expr(scope, of)),
        Expr::Arith { left, op, right } => {
            let word = match op {
                ArithOp::Add => "plus",
                ArithOp::Sub => "minus",
            };
            format!("{} {word} {}", expr(scope, left), expr(scope, right))
        }
    }
}

/// A literal value as it reads in a sentence.
pub(crate) fn literal(value: &Literal) -> String {
    match value {
        Literal::Text(t) => escape(t),
        Literal::Number(n) => format!("{n}"),
        Literal::Bool(true) => "yes".into(),
        Literal::Bool(false) => "no".into(),
        Literal::Date(d) => english::date(*d),
        Literal::Duration(d) => d.to_string(),
        Literal::Value(v) => names::value(v),
    }
}
