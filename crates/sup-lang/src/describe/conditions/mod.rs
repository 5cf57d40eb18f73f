//! Conditions in English: "the supervisor's level is at least the
//! supervisee's level plus 1", "their tags include ASYE or NQEP".
//!
//! A condition is read in one of two moods. A group's membership or a
//! deadline's `where` states a fact ([`Mood::Is`]); an eligibility clause
//! states a requirement ([`Mood::Must`]: "the supervisor's registrations must
//! include HCPC"). Tests on the same column next to each other are merged,
//! so a long `or` of `tags has ...` reads as one list.
//!
//! Topics: `items` (the shape of a condition), `clauses` (one test in
//! words), `expressions` (expressions and literals as nouns).

mod clauses;
mod expressions;
mod items;
#[cfg(test)]
mod tests;

use crate::policy::{ColumnType, CompiledPolicy, Condition, Expr, Subject};

use items::{render_item, Item, Nesting};

/// Whether a condition states a fact or a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// "the supervisor's role is team manager"
    Is,
    /// "the supervisor's role must be team manager"
    Must,
}

/// How the row being judged is referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOwner {
    /// One record: "its status is held".
    Its,
    /// Members of a group: "their tags include ASYE".
    Their,
}

/// What a condition's names refer to.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub policy: &'a CompiledPolicy,
    /// The table whose columns `Subject::Row` reads.
    pub table: &'a str,
    pub owner: RowOwner,
}

impl Scope<'_> {
    /// A column as words: the label the policy gave it, else its name in
    /// words.
    pub(crate) fn column_words(&self, of: Subject, column: &str) -> String {
        let table = match of {
            Subject::Row => self.table,
            Subject::Supervisor | Subject::Supervisee => "staff",
        };
        crate::describe::names::column_in(self.policy, table, column)
    }

    /// The vocabulary a column read holds values of, if it holds any.
    pub(crate) fn vocabulary_of(&self, e: &Expr) -> Option<&str> {
        match self.read_type(e)? {
            ColumnType::OneOf(v) | ColumnType::SetOf(v) => Some(v.as_str()),
            _ => None,
        }
    }

    fn column_type(&self, of: Subject, column: &str) -> Option<&ColumnType> {
        let table = match of {
            Subject::Row => self.table,
            Subject::Supervisor | Subject::Supervisee => "staff",
        };
        self.policy.tables.get(table)?.column(column).map(|c| &c.ty)
    }

    /// The type of a column read, own or through a reference.
    fn read_type(&self, e: &Expr) -> Option<&ColumnType> {
        match e {
            Expr::Column { of, column } => self.column_type(*of, column),
            Expr::Via(via) => self
                .policy
                .tables
                .get(via.column_table())?
                .column(&via.column)
                .map(|c| &c.ty),
            _ => None,
        }
    }

    fn pronoun(&self) -> (&'static str, bool) {
        match self.owner {
            RowOwner::Its => ("it", false),
            RowOwner::Their => ("they", true),
        }
    }

    fn possessive(&self) -> &'static str {
        match self.owner {
            RowOwner::Its => "its",
            RowOwner::Their => "their",
        }
    }
}

/// The condition as English, in the given mood.
pub fn render(scope: &Scope<'_>, condition: &Condition, mood: Mood) -> String {
    render_item(scope, &Item::from(condition), mood, Nesting::Top)
}
