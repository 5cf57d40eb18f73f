//! Conditions in English, in both moods, from checked sources.

use super::*;
use crate::describe::clean_policy;
use crate::policy::{CompareOp, Literal, RuleBody};

const HEADER: &str = "policy \"T\" { owner: \"O\" }\nroles: team_manager, assistant_team_manager, social_worker\nregistrations: HCPC\ntags: asye, nqep, dsl\n";

/// The compiled policy of `src` after the header.
fn compile(src: &str) -> CompiledPolicy {
    clean_policy(&format!("{HEADER}{src}"))
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
        group_condition(
            "group g: staff where level >= 3 and (role is team_manager or tags has dsl)"
        ),
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
