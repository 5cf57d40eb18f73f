//! Groups declared: each group's table found by walking up its parents,
//! with cycles and unknown bases reported once.

use crate::check::conditions::Context;
use crate::check::symbols::SymbolKind;
use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy;
use crate::syntax::ast;

impl Checker<'_> {
    pub(in crate::check) fn declare_groups(&mut self, decls: &[&ast::GroupDecl]) {
        // Names first, so groups can refine groups declared further down.
        // Names are looked up in sets and maps, not searched for, so that
        // many groups do not take quadratic time.
        let mut fresh = Vec::new();
        let mut fresh_names: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for decl in decls {
            if self.groups.contains_key(&decl.name.node)
                || fresh_names.contains(decl.name.node.as_str())
            {
                let first = self.first_definition(SymbolKind::Group, &decl.name.node);
                self.duplicate("group", &decl.name, first);
                continue;
            }
            self.define(SymbolKind::Group, &decl.name, decl.span);
            fresh_names.insert(&decl.name.node);
            fresh.push(*decl);
        }
        let names: Vec<String> = fresh.iter().map(|d| d.name.node.clone()).collect();
        let position: std::collections::HashMap<&str, usize> = fresh
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name.node.as_str(), i))
            .collect();
        // Resolve bases: a table, or a group (its table follows the chain).
        let mut parents: Vec<(String, Option<String>, Option<String>)> = Vec::new();
        for decl in &fresh {
            let base = &decl.base.node;
            if self.tables.contains_key(base) {
                self.refer(SymbolKind::Table, base, decl.base.span);
                parents.push((decl.name.node.clone(), None, Some(base.clone())));
            } else if position.contains_key(base.as_str()) || self.groups.contains_key(base) {
                self.refer(SymbolKind::Group, base, decl.base.span);
                parents.push((decl.name.node.clone(), Some(base.clone()), None));
            } else {
                let mut candidates: Vec<String> = self.tables.keys().cloned().collect();
                candidates.extend(names.iter().cloned());
                candidates.extend(self.groups.keys().cloned());
                self.unknown(
                    Code::UnknownGroup,
                    "group or table",
                    &decl.base,
                    candidates.iter().map(String::as_str),
                    "groups and tables",
                );
                self.broken.insert(decl.name.node.clone());
                parents.push((decl.name.node.clone(), None, None));
            }
        }
        // Find each group's table by walking up; a cycle is an error. Each
        // walk stops at a group already settled and settles every group it
        // passed, so a chain of n refinements costs n steps, not n² (or,
        // with the search of the path for a repeat, n³).
        let settled = settle_chains(&parents, &position, |name| {
            self.groups.get(name).map(|g| g.table.clone())
        });
        for (i, decl) in fresh.iter().enumerate() {
            let table = match settled.get(i) {
                Some(Walk::Table(t)) => Some(t.clone()),
                Some(Walk::Cycle(entry)) => {
                    // The first group met twice on the walk up from this one.
                    let parent = fresh.get(*entry).map_or("", |g| g.name.node.as_str());
                    self.error(
                        Diagnostic::error(Code::UnknownGroup, format!("the group `{}` refines itself", decl.name.node))
                            .with_label(decl.base.span, format!("`{parent}` leads back to `{}`", decl.name.node))
                            .with_help("a group must end in a table such as `staff`: `group NAME: staff where ...`"),
                    );
                    None
                }
                _ => None,
            };
            let Some(table) = table else {
                self.broken.insert(decl.name.node.clone());
                continue;
            };
            let parent = parents.get(i).and_then(|(_, p, _)| p.clone());
            self.groups.insert(
                decl.name.node.clone(),
                policy::Group {
                    name: decl.name.node.clone(),
                    label: decl.label.as_ref().map(|l| l.node.clone()),
                    table,
                    parent,
                    condition: None,
                },
            );
        }
        // Conditions last: they may test membership of any group.
        for decl in &fresh {
            let Some(table) = self.groups.get(&decl.name.node).map(|g| g.table.clone()) else {
                continue;
            };
            if let Some(condition) = &decl.condition {
                let compiled = self.condition(condition, &Context::Row(table));
                match compiled {
                    Some(c) => {
                        if let Some(g) = self.groups.get_mut(&decl.name.node) {
                            g.condition = Some(c);
                        }
                    }
                    None => {
                        self.broken.insert(decl.name.node.clone());
                    }
                }
            }
        }
    }
}

/// Where the walk up from a group ends.
#[derive(Debug, Clone, PartialEq)]
enum Walk {
    /// Not walked yet.
    Unvisited,
    /// On the walk being made.
    OnPath,
    /// At a table.
    Table(String),
    /// In a circle of refinements: the index of the first group the walk
    /// up from this one meets twice.
    Cycle(usize),
    /// At a base that does not exist (reported already).
    Nowhere,
}

/// Each group's end of the walk up its parents. `parents[i]` is group i's
/// (name, parent group, table); `position` finds a group among them;
/// `earlier` gives the table of a group declared before (the prelude's).
/// Every group is stepped through once in all, without recursion.
fn settle_chains(
    parents: &[(String, Option<String>, Option<String>)],
    position: &std::collections::HashMap<&str, usize>,
    earlier: impl Fn(&str) -> Option<String>,
) -> Vec<Walk> {
    let mut state = vec![Walk::Unvisited; parents.len()];
    for start in 0..parents.len() {
        if state.get(start) != Some(&Walk::Unvisited) {
            continue;
        }
        let mut path = Vec::new();
        let mut current = start;
        let end = loop {
            match state.get_mut(current) {
                Some(Walk::OnPath) => break Walk::Cycle(current),
                Some(s @ Walk::Unvisited) => *s = Walk::OnPath,
                Some(settled) => break settled.clone(),
                None => break Walk::Nowhere,
            }
            path.push(current);
            let Some((_, parent, table)) = parents.get(current) else {
                break Walk::Nowhere;
            };
            if let Some(t) = table {
                break Walk::Table(t.clone());
            }
            let Some(parent) = parent else {
                break Walk::Nowhere;
            };
            match position.get(parent.as_str()).copied() {
                Some(p) => current = p,
                None => break earlier(parent).map_or(Walk::Nowhere, Walk::Table),
            }
        };
        // A group in the circle meets itself first; one leading into it
        // meets the circle's first group on its way.
        let circle_from = match end {
            Walk::Cycle(entry) => path.iter().position(|&p| p == entry),
            _ => None,
        };
        for (k, &p) in path.iter().enumerate() {
            let walk = match (&end, circle_from) {
                (Walk::Cycle(_), Some(from)) if k >= from => Walk::Cycle(p),
                _ => end.clone(),
            };
            if let Some(s) = state.get_mut(p) {
                *s = walk;
            }
        }
    }
    state
}
