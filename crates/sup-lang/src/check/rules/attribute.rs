//! Attribute rules checked and lowered.

use crate::check::conditions::Context;
use crate::check::Checker;
use crate::policy;
use crate::syntax::ast;

impl Checker<'_> {
    pub(super) fn attribute(&mut self, rule: &ast::AttributeRule) -> Option<policy::Attribute> {
        let group = self.lookup_group(&rule.group);
        // An unknown group must not hide the condition's own mistakes: check
        // it against the table the group was most likely meant to range over.
        let table = match &group {
            Some(g) => Some(g.table.clone()),
            None => self.table_for_unknown_group(&rule.group, Some("staff")),
        };
        let condition = match table {
            Some(table) => self.condition(&rule.condition, &Context::Row(table)),
            None => None,
        };
        let (group, condition) = (group?, condition?);
        Some(policy::Attribute {
            group: group.name,
            subject_table: group.table,
            condition,
            text: self.text_of(rule.condition.span()),
        })
    }
}
