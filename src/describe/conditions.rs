//! Conditions in English: "the supervisor's level is at least the
//! supervisee's level plus 1", "their tags include ASYE or NQEP".
//!
//! A condition is read in one of two moods. A group's membership or a
//! deadline's `where` states a fact ([`Mood::Is`]); an eligibility clause
//! states a requirement ([`Mood::Must`]: "the supervisor's registrations must
//! include HCPC"). Tests on the same column next to each other are merged,
//! so a long `or` of `tags has ...` reads as one list.

use super::english::{self, escape};
use super::names;
use crate::policy::{
    ArithOp, ColumnType, CompareOp, CompiledPolicy, Condition, Expr, Literal, Subject,
};

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
                .get(&via.table)?
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

/// Where a part of a condition sits, so nested `and`/`or` can be marked
/// ("either ... or ...", "both ... and ...").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nesting {
    Top,
    InAll,
    InAny,
}

/// A condition after negations are pushed inwards and neighbouring tests on
/// one column are merged.
#[derive(Debug, Clone, PartialEq)]
enum Item<'a> {
    All(Vec<Item<'a>>),
    Any(Vec<Item<'a>>),
    /// `not` around an `and` or `or`, which has no shorter English.
    NotCompound(Box<Item<'a>>),
    /// The target is (or is not) one of the values.
    Is {
        target: &'a Expr,
        negated: bool,
        values: Vec<&'a Literal>,
    },
    /// The set includes the values: all of them when `all`, else any.
    Has {
        target: &'a Expr,
        negated: bool,
        values: Vec<&'a Literal>,
        all: bool,
    },
    InGroup {
        target: &'a Expr,
        negated: bool,
        group: &'a str,
    },
    Recorded {
        target: &'a Expr,
        negated: bool,
    },
    WorkingHours {
        target: &'a Expr,
        negated: bool,
    },
    Compare {
        left: &'a Expr,
        op: CompareOp,
        right: &'a Expr,
    },
}

impl<'a> Item<'a> {
    fn from(condition: &'a Condition) -> Item<'a> {
        Item::build(condition, false)
    }

    fn build(condition: &'a Condition, negated: bool) -> Item<'a> {
        match condition {
            Condition::Not { condition } => Item::build(condition, !negated),
            Condition::All { of } | Condition::Any { of } => {
                let parts: Vec<Item<'a>> = of.iter().map(|c| Item::build(c, false)).collect();
                let is_all = matches!(condition, Condition::All { .. });
                let item = if is_all {
                    Item::All(merge(parts, true))
                } else {
                    Item::Any(merge(parts, false))
                };
                if negated {
                    Item::NotCompound(Box::new(item))
                } else {
                    item
                }
            }
            Condition::Is {
                target,
                negated: n,
                values,
            } => Item::Is {
                target,
                negated: *n != negated,
                values: values.iter().collect(),
            },
            Condition::Has { target, value } => Item::Has {
                target,
                negated,
                values: vec![value],
                all: false,
            },
            Condition::InGroup { target, group } => Item::InGroup {
                target,
                negated,
                group,
            },
            Condition::Recorded { target, negated: n } => Item::Recorded {
                target,
                negated: *n != negated,
            },
            Condition::WorkingHours { target, negated: n } => Item::WorkingHours {
                target,
                negated: *n != negated,
            },
            Condition::Compare { left, op, right } => Item::Compare {
                left,
                op: if negated { inverse(*op) } else { *op },
                right,
            },
        }
    }
}

/// The comparison that holds exactly when `op` does not.
fn inverse(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Eq => CompareOp::Ne,
        CompareOp::Ne => CompareOp::Eq,
        CompareOp::Lt => CompareOp::Ge,
        CompareOp::Ge => CompareOp::Lt,
        CompareOp::Le => CompareOp::Gt,
        CompareOp::Gt => CompareOp::Le,
    }
}

/// Merge neighbouring tests on the same column where English has a short
/// form: in an `or`, "include A or B" and "is A or B"; in an `and`,
/// "include A and B", "include neither A nor B" and "is neither A nor B".
fn merge(parts: Vec<Item<'_>>, in_all: bool) -> Vec<Item<'_>> {
    let mut out: Vec<Item<'_>> = Vec::new();
    for part in parts {
        let merged = match (out.last_mut(), &part) {
            (
                Some(Item::Has {
                    target: t1,
                    negated: n1,
                    values: v1,
                    all: a1,
                }),
                Item::Has {
                    target: t2,
                    negated: n2,
                    values: v2,
                    ..
                },
            ) if t1 == t2 && n1 == n2 && (in_all || !*n1) => {
                // `and` of positives: all of them; `and` of negatives: none
                // of them; `or` of positives: any of them.
                *a1 = in_all && !*n1;
                v1.extend(v2.iter().copied());
                true
            }
            (
                Some(Item::Is {
                    target: t1,
                    negated: n1,
                    values: v1,
                }),
                Item::Is {
                    target: t2,
                    negated: n2,
                    values: v2,
                },
            ) if t1 == t2 && n1 == n2 && *n1 == in_all => {
                v1.extend(v2.iter().copied());
                true
            }
            _ => false,
        };
        if !merged {
            out.push(part);
        }
    }
    out
}

fn render_item(scope: &Scope<'_>, item: &Item<'_>, mood: Mood, nesting: Nesting) -> String {
    match item {
        Item::All(parts) | Item::Any(parts) => {
            let is_all = matches!(item, Item::All(_));
            let inner = if is_all {
                Nesting::InAll
            } else {
                Nesting::InAny
            };
            let texts: Vec<String> = parts
                .iter()
                .map(|p| render_item(scope, p, mood, inner))
                .collect();
            let joined = english::list(&texts, if is_all { "and" } else { "or" });
            match (nesting, is_all, texts.len()) {
                (_, _, 0 | 1) | (Nesting::Top, _, _) => joined,
                (Nesting::InAll, false, _) => format!("either {joined}"),
                (Nesting::InAny, true, 2) => format!("both {joined}"),
                (_, _, _) => format!("({joined})"),
            }
        }
        Item::NotCompound(inner) => {
            let text = render_item(scope, inner, Mood::Is, Nesting::Top);
            match mood {
                Mood::Is => format!("it is not the case that {text}"),
                Mood::Must => format!("it must not be the case that {text}"),
            }
        }
        Item::Is {
            target,
            negated,
            values,
        } => {
            if let (Some(bool_column), [Literal::Bool(value)]) =
                (bool_target(scope, target), values.as_slice())
            {
                return bool_clause(scope, bool_column, *value != *negated, mood);
            }
            let (complement, negated) = values_phrase(values, *negated, "or");
            let (subject, plural) = expr_subject(scope, target);
            clause(&subject, plural, Verb::Be, negated, mood, &complement)
        }
        Item::Has {
            target,
            negated,
            values,
            all,
        } => {
            let (complement, negated) =
                values_phrase(values, *negated, if *all { "and" } else { "or" });
            let (subject, plural) = expr_subject(scope, target);
            clause(&subject, plural, Verb::Include, negated, mood, &complement)
        }
        Item::InGroup {
            target,
            negated,
            group,
        } => {
            let label = names::group(scope.policy, group);
            let complement = if english::has_determiner(&label) {
                format!("one of {label}")
            } else {
                format!("one of the {label}")
            };
            let (subject, plural) = expr_subject(scope, target);
            clause(&subject, plural, Verb::Be, *negated, mood, &complement)
        }
        Item::Recorded { target, negated } => recorded(scope, target, *negated, mood),
        Item::WorkingHours { target, negated } => {
            let (subject, plural) = expr_subject(scope, target);
            clause(
                &subject,
                plural,
                Verb::Be,
                *negated,
                mood,
                &working_hours(scope),
            )
        }
        Item::Compare { left, op, right } => compare(scope, left, *op, right, mood),
    }
}

/// "within working hours (08:30 to 17:30 on a working day)": the hours are
/// spelt out, since a reader cannot be assumed to know them.
fn working_hours(scope: &Scope<'_>) -> String {
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
fn recorded(scope: &Scope<'_>, target: &Expr, negated: bool, mood: Mood) -> String {
    if let Expr::Column {
        of: Subject::Row,
        column,
    } = target
    {
        if let Some((noun, participle)) = english::split_participle(&names::column(column)) {
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
fn values_phrase(values: &[&Literal], negated: bool, conjunction: &str) -> (String, bool) {
    let texts: Vec<String> = values.iter().map(|v| literal(v)).collect();
    match (negated, texts.as_slice()) {
        (true, [a, b]) => (format!("neither {a} nor {b}"), false),
        (true, [_, _, _, ..]) => (format!("none of {}", english::list(&texts, "or")), false),
        _ => (english::list(&texts, conjunction), negated),
    }
}

fn compare(scope: &Scope<'_>, left: &Expr, op: CompareOp, right: &Expr, mood: Mood) -> String {
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
fn bool_target<'e>(scope: &Scope<'_>, target: &'e Expr) -> Option<(Subject, &'e str)> {
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
fn bool_clause(
    scope: &Scope<'_>,
    (of, column): (Subject, &str),
    truth: bool,
    mood: Mood,
) -> String {
    let negated = !truth;
    let text = names::column(column);
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
enum Verb {
    Be,
    Include,
    Have,
}

/// Subject, verb and complement, agreeing in number and mood.
fn clause(
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
fn expr_subject(scope: &Scope<'_>, e: &Expr) -> (String, bool) {
    match e {
        Expr::Column {
            of: Subject::Row,
            column,
        } if column == "id" => {
            let (pronoun, plural) = scope.pronoun();
            (pronoun.to_string(), plural)
        }
        Expr::Column { column, .. } => (expr(scope, e), is_plural_noun(&names::column(column))),
        Expr::Via(via) => (expr(scope, e), is_plural_noun(&names::column(&via.column))),
        _ => (expr(scope, e), false),
    }
}

/// Whether a column's words name more than one thing ("registrations",
/// not "status").
fn is_plural_noun(words: &str) -> bool {
    let last = words.rsplit(' ').next().unwrap_or(words);
    last.ends_with('s') && !["ss", "us", "is"].iter().any(|end| last.ends_with(end))
}

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
            format!("{whose} {}", names::column(column))
        }
        // "the role of their supervisor", "the role of its staff member":
        // the reference read as the person or row it names.
        Expr::Via(via) => {
            let whose = match via.of {
                Subject::Row => scope.possessive(),
                Subject::Supervisor => "the supervisor's",
                Subject::Supervisee => "the supervisee's",
            };
            // A reference named for the staff table ("staff") is one person.
            let whom = match names::column(&via.reference).as_str() {
                "staff" => "staff member".to_string(),
                other => other.to_string(),
            };
            format!("the {} of {whose} {whom}", names::column(&via.column))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, CheckOptions};
    use crate::policy::RuleBody;

    const HEADER: &str = "policy \"T\" { owner: \"O\" }\nroles: team_manager, assistant_team_manager, social_worker\nregistrations: HCPC\ntags: asye, nqep, dsl\n";

    fn compile(src: &str) -> CompiledPolicy {
        let checked = check(
            &format!("{HEADER}{src}"),
            &CheckOptions {
                file_name: "test.sup".into(),
                today: None,
            },
        );
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        checked.policy
    }

    /// The clauses of the one eligibility rule in `body`, in the must mood.
    fn eligibility(body: &str) -> Vec<String> {
        let p = compile(&format!(
            "group all: staff\nrule r: eligible supervisor for all {{\n{body}\n}}\n"
        ));
        let Some(RuleBody::Eligibility(e)) = p.rules.first().map(|r| &r.body) else {
            panic!("no eligibility rule")
        };
        let scope = Scope {
            policy: &p,
            table: "staff",
            owner: RowOwner::Their,
        };
        e.clauses
            .iter()
            .map(|c| render(&scope, &c.require, Mood::Must))
            .collect()
    }

    /// The condition of group `g` (declared in `src`), as a fact.
    fn group_condition(src: &str) -> String {
        let p = compile(src);
        let g = p.groups.get("g").unwrap();
        let scope = Scope {
            policy: &p,
            table: &g.table,
            owner: RowOwner::Their,
        };
        render(&scope, g.condition.as_ref().unwrap(), Mood::Is)
    }

    #[test]
    fn level_arithmetic_reads_as_plus() {
        assert_eq!(
            eligibility("supervisor.level >= supervisee.level + 1"),
            ["the supervisor's level must be at least the supervisee's level plus 1"]
        );
    }

    #[test]
    fn set_membership_reads_as_include() {
        assert_eq!(
            eligibility("supervisor.registrations has HCPC"),
            ["the supervisor's registrations must include HCPC"]
        );
        assert_eq!(
            group_condition("group g: staff where registrations has HCPC"),
            "their registrations include HCPC"
        );
    }

    #[test]
    fn negated_set_membership() {
        assert_eq!(
            eligibility("not supervisor.tags has nqep"),
            ["the supervisor's tags must not include NQEP"]
        );
        assert_eq!(
            group_condition("group g: staff where not tags has asye"),
            "their tags do not include ASYE"
        );
    }

    #[test]
    fn one_of_lists_the_values() {
        assert_eq!(
            eligibility("supervisor.role is one of team_manager, assistant_team_manager"),
            ["the supervisor's role must be team manager or assistant team manager"]
        );
        assert_eq!(
            group_condition("group g: staff where role is not one of team_manager, social_worker"),
            "their role is neither team manager nor social worker"
        );
    }

    #[test]
    fn same_column_tests_merge() {
        assert_eq!(
            group_condition("group g: staff where tags has asye or tags has nqep or tags has dsl"),
            "their tags include ASYE, NQEP or DSL"
        );
        assert_eq!(
            group_condition("group g: staff where not tags has asye and not tags has nqep"),
            "their tags include neither ASYE nor NQEP"
        );
        assert_eq!(
            group_condition("group g: staff where tags has asye and tags has dsl"),
            "their tags include ASYE and DSL"
        );
    }

    #[test]
    fn columns_compared_with_each_other() {
        assert_eq!(
            eligibility("supervisor.team = supervisee.team"),
            ["the supervisor's team must be the same as the supervisee's team"]
        );
        assert_eq!(
            eligibility("supervisor = supervisee.line_manager"),
            ["the supervisor must be the supervisee's line manager"]
        );
        assert_eq!(
            eligibility("supervisor != supervisee.line_manager"),
            ["the supervisor must not be the supervisee's line manager"]
        );
    }

    #[test]
    fn derived_columns_have_plain_names() {
        assert_eq!(
            eligibility("supervisor.supervising_for >= 2 years"),
            ["the supervisor's time as a supervisor must be at least 2 years"]
        );
        assert_eq!(
            group_condition("group g: staff where tenure < 12 months"),
            "their length of service is less than 12 months"
        );
    }

    #[test]
    fn dates_compare_as_before_and_after() {
        assert_eq!(
            group_condition("group g: staff where start_date >= 2025-09-01"),
            "their start date is on or after 1 September 2025"
        );
        assert_eq!(
            group_condition("group g: staff where not start_date >= 2025-09-01"),
            "their start date is before 1 September 2025"
        );
    }

    #[test]
    fn text_values_are_plain() {
        assert_eq!(
            group_condition("group g: staff where team = \"Children in Care\""),
            "their team is Children in Care"
        );
    }

    #[test]
    fn nested_or_inside_and_says_either() {
        assert_eq!(
            group_condition("group g: staff where level >= 3 and (role is team_manager or tags has dsl)"),
            "their level is at least 3 and either their role is team manager or their tags include DSL"
        );
    }

    #[test]
    fn negated_compound_falls_back_to_not_the_case() {
        assert_eq!(
            group_condition("group g: staff where not (role is team_manager or level >= 3)"),
            "it is not the case that their role is team manager or their level is at least 3"
        );
    }

    #[test]
    fn group_membership() {
        let p = compile("group g \"newly qualified social workers\": staff where tags has asye\ngroup all: staff\nrule r: eligible supervisor for all {\n supervisee in g\n}\n");
        let Some(RuleBody::Eligibility(e)) = p.rules.first().map(|r| &r.body) else {
            panic!()
        };
        let scope = Scope {
            policy: &p,
            table: "staff",
            owner: RowOwner::Their,
        };
        let texts: Vec<String> = e
            .clauses
            .iter()
            .map(|c| render(&scope, &c.require, Mood::Is))
            .collect();
        assert_eq!(
            texts,
            ["the supervisee is one of the newly qualified social workers"]
        );
    }

    #[test]
    fn recorded_columns() {
        let p = compile("");
        let scope = Scope {
            policy: &p,
            table: "sessions",
            owner: RowOwner::Its,
        };
        let column = |name: &str| Expr::Column {
            of: Subject::Row,
            column: name.into(),
        };
        let signed = Condition::Recorded {
            target: column("recorded"),
            negated: true,
        };
        assert_eq!(
            render(&scope, &signed, Mood::Is),
            "it has not been recorded"
        );
        let duration = Condition::Recorded {
            target: column("duration"),
            negated: false,
        };
        assert_eq!(
            render(&scope, &duration, Mood::Is),
            "its duration is recorded"
        );
        let staff = Scope {
            policy: &p,
            table: "staff",
            owner: RowOwner::Their,
        };
        let end = Condition::Recorded {
            target: column("end_date"),
            negated: false,
        };
        assert_eq!(
            render(&staff, &end, Mood::Must),
            "their leaving date must be recorded"
        );
    }

    #[test]
    fn yes_or_no_columns_read_as_statements() {
        let p = compile("extend requests {\n amendments_proposed: bool\n}\n");
        let scope = Scope {
            policy: &p,
            table: "requests",
            owner: RowOwner::Its,
        };
        let urgent = Condition::Is {
            target: Expr::Column {
                of: Subject::Row,
                column: "urgent".into(),
            },
            negated: false,
            values: vec![Literal::Bool(true)],
        };
        assert_eq!(render(&scope, &urgent, Mood::Is), "it is urgent");
        let proposed = Condition::Compare {
            left: Expr::Column {
                of: Subject::Row,
                column: "amendments_proposed".into(),
            },
            op: CompareOp::Eq,
            right: Expr::Literal {
                value: Literal::Bool(false),
            },
        };
        assert_eq!(
            render(&scope, &proposed, Mood::Is),
            "amendments are not proposed"
        );
    }
}
