//! Which tables and columns a policy's rules read, so the loader keeps only
//! those: memory grows with what the rules need, not with the export.

use std::collections::{BTreeMap, BTreeSet};

use crate::policy::{
    ColumnType, CompiledPolicy, Condition, DeadlineEnd, Derivation, Expr, Measure, Part,
    Requirement, RuleBody, Schedule, Subject,
};

/// Table name → the columns read from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    pub tables: BTreeMap<String, BTreeSet<String>>,
}

impl Needs {
    pub fn of(policy: &CompiledPolicy) -> Needs {
        let mut needs = Needs::default();
        needs.collect(policy);
        needs
    }

    pub fn table(&self, name: &str) -> Option<&BTreeSet<String>> {
        self.tables.get(name)
    }

    fn add(&mut self, table: &str, column: &str) {
        self.tables
            .entry(table.to_string())
            .or_default()
            .insert(column.to_string());
    }

    fn collect(&mut self, policy: &CompiledPolicy) {
        let mut groups: BTreeSet<String> = BTreeSet::new();
        let mut activities: BTreeSet<String> = BTreeSet::new();
        let mut pair_conditions: Vec<&Condition> = Vec::new();
        for rule in &policy.rules {
            if !rule.waivable_by.is_empty() {
                self.add("staff", "role");
            }
            match &rule.body {
                RuleBody::Frequency(f) => {
                    groups.insert(f.group.clone());
                    activities.extend(f.activities.iter().cloned());
                    if let Some(c) = &f.with_supervisor {
                        self.add(&f.subject_table, c);
                        self.add("sessions", "supervisor");
                    }
                    if let Some(c) = &f.pro_rata {
                        self.add(&f.subject_table, c);
                    }
                    if let Some(alt) = &f.alternating {
                        self.add(&f.subject_table, &alt.first);
                        self.add(&f.subject_table, &alt.second);
                        self.add("sessions", "supervisor");
                    }
                    let requirements: Vec<&Requirement> = match &f.schedule {
                        Schedule::Fixed { requirement } => vec![requirement],
                        Schedule::ByTenure { phases } => {
                            self.add("staff", "start_date");
                            phases.iter().map(|p| &p.requirement).collect()
                        }
                    };
                    for r in requirements {
                        if let Requirement::Occurrences { of, .. } = r {
                            activities.insert(of.clone());
                        }
                        if let Requirement::Time { scaled_by, .. } = r {
                            for a in &f.activities {
                                if let Some(act) = policy.activities.get(a) {
                                    if act.table == "sessions" {
                                        self.add("sessions", "duration");
                                    }
                                }
                            }
                            if let Some(c) = scaled_by {
                                self.add(&f.subject_table, c);
                            }
                        }
                    }
                }
                RuleBody::Eligibility(e) => {
                    groups.insert(e.group.clone());
                    activities.extend(e.activities.iter().cloned());
                    self.add("sessions", "supervisor");
                    for clause in &e.clauses {
                        pair_conditions.extend(clause.when.iter());
                        pair_conditions.push(&clause.require);
                    }
                }
                RuleBody::Limit(l) => {
                    groups.insert(l.group.clone());
                    activities.extend(l.activities.iter().cloned());
                    match l.measure {
                        Measure::Supervisees => self.add("staff", "supervisor"),
                        Measure::Caseload => self.add("staff", "caseload"),
                        Measure::CaseloadPerFte => {
                            self.add("staff", "caseload");
                            self.add("staff", "fte");
                        }
                        Measure::GroupSize => {
                            self.add("sessions", "attendees");
                            if l.activities.is_empty() {
                                self.session_basics();
                            }
                        }
                        Measure::SessionLength => {
                            self.add("sessions", "duration");
                            if l.activities.is_empty() {
                                self.session_basics();
                            }
                        }
                        Measure::TeamCover => {
                            self.add("staff", "team");
                            for c in ["id", "staff", "start", "end"] {
                                self.add("absences", c);
                            }
                        }
                    }
                }
                RuleBody::Deadline(d) => {
                    self.add(&d.table, "id");
                    self.add(&d.table, &d.end_column);
                    if let Some(filter) = &d.filter {
                        self.row_condition(&d.table, filter);
                    }
                    if let Some(a) = &d.activity {
                        activities.insert(a.clone());
                    }
                    match &d.end {
                        DeadlineEnd::Within {
                            through,
                            start_column,
                            ..
                        } => {
                            // Each step's reference is a column of the table
                            // before it; the start is a column of the last.
                            let mut here = d.table.as_str();
                            for step in through {
                                self.add(here, &step.reference);
                                here = &step.table;
                            }
                            self.add(here, start_column)
                        }
                        DeadlineEnd::BeforeNext { activity, of } => {
                            activities.insert(activity.clone());
                            if let Some(of) = of {
                                // Each word of the path is a column of the
                                // table the word before refers to.
                                let mut here = d.table.clone();
                                for word in of.split('.') {
                                    self.add(&here, word);
                                    let next = policy
                                        .tables
                                        .get(&here)
                                        .and_then(|t| t.column(word))
                                        .and_then(|c| match &c.ty {
                                            ColumnType::Ref(t) => Some(t.clone()),
                                            _ => None,
                                        });
                                    match next {
                                        Some(t) => here = t,
                                        None => break,
                                    }
                                }
                            }
                        }
                        DeadlineEnd::LeadTime { before_column, .. } => {
                            self.add(&d.table, before_column)
                        }
                        DeadlineEnd::LeadLength {
                            from_column,
                            to_column,
                            before_column,
                        } => {
                            self.add(&d.table, from_column);
                            self.add(&d.table, to_column);
                            self.add(&d.table, before_column);
                        }
                    }
                    // The first reference to staff names whose the row is.
                    if let Some(table) = policy.tables.get(&d.table) {
                        if let Some(c) = table
                            .columns
                            .iter()
                            .find(|c| c.ty == ColumnType::Ref("staff".into()))
                        {
                            self.add(&d.table, &c.name);
                        }
                    }
                }
                RuleBody::Attribute(a) => {
                    groups.insert(a.group.clone());
                    self.add(&a.subject_table, "id");
                    self.row_condition(&a.subject_table, &a.condition);
                    let mut named = Vec::new();
                    named_groups(&a.condition, &mut named);
                    groups.extend(named);
                }
                RuleBody::Standing(s) => {
                    groups.insert(s.group.clone());
                    self.add(&s.subject_table, "id");
                    activities.insert(s.activity.clone());
                    if let (Some(column), Some(act)) =
                        (&s.booked_column, policy.activities.get(&s.activity))
                    {
                        self.add(&act.table, column);
                        if act.table == "sessions" {
                            self.add("sessions", "status");
                        }
                        if let Some(filter) = &s.booking_filter {
                            self.row_condition(&act.table, filter);
                        }
                    }
                }
                RuleBody::Retention(_) => {
                    for c in ["id", "subject", "kind", "created", "deleted"] {
                        self.add("records", c);
                    }
                }
                RuleBody::Access(a) => {
                    // A relationship reads its `ref staff` columns of staff.
                    let relations = a
                        .allow
                        .iter()
                        .flat_map(|g| &g.relations)
                        .chain(&a.deny_relations);
                    for relation in relations {
                        for step in &relation.path {
                            self.add("staff", step);
                        }
                    }
                    for c in [
                        "id",
                        "record",
                        "accessed_by",
                        "role",
                        "purpose",
                        "accessed",
                        "subject_notified",
                    ] {
                        self.add("access_log", c);
                    }
                    for c in ["id", "subject", "kind"] {
                        self.add("records", c);
                    }
                }
            }
        }
        for activity in &activities {
            let Some(a) = policy.activities.get(activity) else {
                continue;
            };
            self.add(&a.table, "id");
            self.add(&a.table, &a.subject_column);
            self.add(&a.table, &a.date_column);
            if a.table == "sessions" {
                // Cancelled sessions never count, whatever the filter says.
                self.add("sessions", "status");
            }
            if let Some(filter) = &a.filter {
                self.row_condition(&a.table, filter);
            }
        }
        for condition in pair_conditions {
            self.pair_condition(condition, &mut groups);
        }
        // Groups, with their parents and the groups their conditions name.
        let mut pending: Vec<String> = groups.into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(group) = policy.groups.get(&name) else {
                continue;
            };
            self.add(&group.table, "id");
            if let Some(parent) = &group.parent {
                pending.push(parent.clone());
            }
            if let Some(condition) = &group.condition {
                self.row_condition(&group.table, condition);
                named_groups(condition, &mut pending);
            }
        }
        self.finish(policy);
    }

    fn session_basics(&mut self) {
        for c in ["id", "supervisee", "kind", "status", "start"] {
            self.add("sessions", c);
        }
    }

    fn row_condition(&mut self, table: &str, condition: &Condition) {
        let mut columns = Vec::new();
        condition_columns(condition, &mut columns);
        for (subject, column, via) in columns {
            let target = match subject {
                Subject::Row => table,
                Subject::Supervisor | Subject::Supervisee => "staff",
            };
            self.add(target, &column);
            for (other, column) in via {
                self.add(&other, &column);
            }
        }
    }

    fn pair_condition(&mut self, condition: &Condition, groups: &mut BTreeSet<String>) {
        let mut columns = Vec::new();
        condition_columns(condition, &mut columns);
        for (_, column, via) in columns {
            self.add("staff", &column);
            for (other, column) in via {
                self.add(&other, &column);
            }
        }
        let mut named = Vec::new();
        named_groups(condition, &mut named);
        groups.extend(named);
    }

    /// Every table read gets its id and validity dates; derived columns
    /// become their source; references bring their target's ids.
    fn finish(&mut self, policy: &CompiledPolicy) {
        if self.tables.contains_key("staff") || self.tables.keys().any(|t| t != "staff") {
            for c in ["id", "start_date", "end_date"] {
                self.add("staff", c);
            }
        }
        if self.tables.contains_key("cases") {
            for c in ["id", "opened", "closed"] {
                self.add("cases", c);
            }
        }
        // A table's declared lifetime is read whenever the table is.
        let read: Vec<String> = self.tables.keys().cloned().collect();
        for table_name in read {
            let Some(lifetime) = policy
                .tables
                .get(&table_name)
                .and_then(|t| t.lifetime.as_ref())
            else {
                continue;
            };
            self.add(&table_name, &lifetime.start);
            if let Some(end) = &lifetime.end {
                self.add(&table_name, end);
            }
        }
        let snapshot = self.tables.clone();
        for (table_name, columns) in &snapshot {
            let Some(table) = policy.tables.get(table_name) else {
                continue;
            };
            for column in columns {
                let Some(col) = table.column(column) else {
                    continue;
                };
                if let Some(Derivation::Since { column: source }) = &col.derived {
                    self.add(table_name, source);
                }
                if let ColumnType::Ref(target) = &col.ty {
                    self.add(target, "id");
                }
            }
        }
        // Derived columns are computed, never read.
        for (table_name, columns) in self.tables.iter_mut() {
            if let Some(table) = policy.tables.get(table_name) {
                columns.retain(|c| table.column(c).is_some_and(|col| col.derived.is_none()));
            }
        }
        // A second pass: references added above may point at new tables.
        for (table_name, columns) in self.tables.clone() {
            let Some(table) = policy.tables.get(&table_name) else {
                continue;
            };
            for column in columns {
                if let Some(ColumnType::Ref(target)) = table.column(&column).map(|c| &c.ty) {
                    self.add(target, "id");
                    if target == "staff" {
                        for c in ["start_date", "end_date"] {
                            self.add("staff", c);
                        }
                    }
                }
            }
        }
    }
}

/// A column read: whose, which, and for `REF.COLUMN` the table and column
/// it reaches (the first column is then the reference).
/// A column of the subject's row, and the (table, column) pairs a path
/// through it reads further on.
type Read = (Subject, String, Vec<(String, String)>);

fn condition_columns(condition: &Condition, out: &mut Vec<Read>) {
    condition.for_each_part(&mut |part| {
        if let Part::Expr(expr) = part {
            expr_columns(expr, out);
        }
    });
}

/// The columns one expression node reads itself (not its inner expressions).
fn expr_columns(expr: &Expr, out: &mut Vec<Read>) {
    match expr {
        Expr::Column { of, column } => out.push((*of, column.clone(), Vec::new())),
        Expr::Via(via) => {
            // Each step's `ref` column is a column of the table before it.
            let mut further: Vec<(String, String)> = via
                .then
                .iter()
                .scan(via.table.clone(), |here, step| {
                    let read = (here.clone(), step.reference.clone());
                    here.clone_from(&step.table);
                    Some(read)
                })
                .collect();
            further.push((via.column_table().to_string(), via.column.clone()));
            out.push((via.of, via.reference.clone(), further))
        }
        // Inner expressions are met by the walk on their own.
        Expr::Literal { .. } | Expr::MonthOf { .. } | Expr::Arith { .. } => {}
    }
}

fn named_groups(condition: &Condition, out: &mut Vec<String>) {
    match condition {
        Condition::All { of } | Condition::Any { of } => {
            of.iter().for_each(|c| named_groups(c, out))
        }
        Condition::Not { condition } => named_groups(condition, out),
        Condition::InGroup { group, .. } => out.push(group.clone()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, CheckOptions};

    #[test]
    fn a_frequency_rule_needs_sessions_and_staff_columns() {
        let source = r#"policy "p" {}
tags: asye
group nqsw: staff where tags has asye and tenure < 12 months
rule r: require one_to_one for nqsw: at least 1 per month
"#;
        let checked = check(source, &CheckOptions::default());
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        let needs = Needs::of(&checked.policy);
        let staff: Vec<&str> = needs
            .table("staff")
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(staff, ["end_date", "id", "start_date", "tags"]);
        let sessions: Vec<&str> = needs
            .table("sessions")
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(sessions, ["id", "kind", "start", "status", "supervisee"]);
        assert!(needs.table("records").is_none());
    }
}
