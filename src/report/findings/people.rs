//! Who each finding is about, for the reports that group findings by team
//! and person: each member of staff's role and team, the colleagues their
//! row names (line manager, supervisor, assessor), and the member of staff
//! a finding about a case, session or record belongs to.
//!
//! Read from the export as it stands on the last day judged (the staff
//! table's history included), so a person who moved team is shown in the
//! team they are in now.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::eval::trend::NO_TEAM;
use crate::eval::{Finding, Ref};
use crate::policy::{ColumnType, CompiledPolicy};
use crate::records::{Records, Value};

/// One member of staff as the reports show them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// Their `role` (a vocabulary value), empty when not recorded.
    pub role: String,
    /// Their `team`, or [`NO_TEAM`].
    pub team: String,
    /// The staff each of their reference columns names, by column
    /// (`line_manager` → `S00004`).
    pub colleagues: BTreeMap<String, String>,
}

/// Every member of staff a report needs, and whose each other row is.
#[derive(Debug, Clone, Default)]
pub struct People {
    staff: HashMap<String, Person>,
    /// A non-staff row (`cases C1`) → the member of staff it belongs to,
    /// through the first column of its table that refers to staff.
    owners: HashMap<(String, String), String>,
}

/// The staff columns [`People::read`] reads, to keep when loading an export
/// (no rule may read them): `role`, `team`, and every column of any table
/// that refers to staff.
pub fn columns_read(
    policy: &CompiledPolicy,
) -> BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut keep: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    let staff = keep.entry("staff".to_string()).or_default();
    staff.insert("role".to_string());
    staff.insert("team".to_string());
    let refers = ColumnType::Ref("staff".to_string());
    for table in policy.tables.values() {
        for column in table.columns.iter().filter(|c| c.ty == refers) {
            keep.entry(table.name.clone())
                .or_default()
                .insert(column.name.clone());
        }
    }
    keep
}

impl People {
    /// The people `findings` are about, read from `records` as they stood on
    /// `day`.
    pub fn read(
        records: &Records,
        policy: &CompiledPolicy,
        findings: &[Finding],
        day: NaiveDate,
    ) -> People {
        let mut people = People::default();
        let text = |v: Value| match v {
            Value::Str(s) => Some(records.text(s).to_string()),
            _ => None,
        };
        let row_of = |table: &str, id: &str| {
            let t = records.table(table)?;
            Some((t, t.row_of(records.interner.get(id)?)?))
        };
        let refers = ColumnType::Ref("staff".to_string());
        let mut wanted: Vec<String> = Vec::new();
        for f in findings {
            let mut about: Vec<&Ref> = vec![&f.subject];
            about.extend(&f.related);
            if f.subject.kind != "staff" && !people.owners.contains_key(&key(&f.subject)) {
                let owner = f
                    .related
                    .iter()
                    .find(|r| r.kind == "staff")
                    .map(|r| r.id.clone())
                    .or_else(|| {
                        let (table, row) = row_of(&f.subject.kind, &f.subject.id)?;
                        let columns = &policy.tables.get(&f.subject.kind)?.columns;
                        columns.iter().filter(|c| c.ty == refers).find_map(|c| {
                            let index = table.column_index(&c.name)?;
                            text(table.at_on(row, index, day))
                        })
                    });
                if let Some(owner) = owner {
                    wanted.push(owner.clone());
                    people.owners.insert(key(&f.subject), owner);
                }
            }
            wanted.extend(
                about
                    .iter()
                    .filter(|r| r.kind == "staff")
                    .map(|r| r.id.clone()),
            );
        }
        let columns: Vec<&str> = policy
            .tables
            .get("staff")
            .map(|t| {
                t.columns
                    .iter()
                    .filter(|c| c.ty == refers)
                    .map(|c| c.name.as_str())
                    .collect()
            })
            .unwrap_or_default();
        for id in wanted {
            if people.staff.contains_key(&id) {
                continue;
            }
            let Some((table, row)) = row_of("staff", &id) else {
                people.staff.insert(
                    id,
                    Person {
                        team: NO_TEAM.to_string(),
                        ..Person::default()
                    },
                );
                continue;
            };
            let read = |column: &str| {
                table
                    .column_index(column)
                    .and_then(|c| text(table.at_on(row, c, day)))
            };
            let person = Person {
                role: read("role").unwrap_or_default(),
                team: read("team").unwrap_or_else(|| NO_TEAM.to_string()),
                colleagues: columns
                    .iter()
                    .filter_map(|c| Some((c.to_string(), read(c)?)))
                    .collect(),
            };
            people.staff.insert(id, person);
        }
        people
    }

    /// Add (or replace) a member of staff, as a report built without an
    /// export (a test, a tool of its own) names them.
    pub fn insert(&mut self, id: &str, person: Person) {
        self.staff.insert(id.to_string(), person);
    }

    /// A member of staff, by id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.staff.get(id)
    }

    /// The member of staff a finding is about: its subject when that is
    /// staff, else the one its row belongs to. `None` for a team, or a row
    /// that names no one.
    pub fn owner_of<'a>(&'a self, f: &'a Finding) -> Option<&'a str> {
        if f.subject.kind == "staff" {
            return Some(&f.subject.id);
        }
        self.owners.get(&key(&f.subject)).map(String::as_str)
    }

    /// The team a finding counts in: its owner's, the team itself for a
    /// finding about a team, else [`NO_TEAM`].
    pub fn team_of<'a>(&'a self, f: &'a Finding) -> &'a str {
        if f.subject.kind == "team" {
            return &f.subject.id;
        }
        self.owner_of(f)
            .and_then(|id| self.staff.get(id))
            .map_or(NO_TEAM, |p| p.team.as_str())
    }
}

fn key(r: &Ref) -> (String, String) {
    (r.kind.clone(), r.id.clone())
}
