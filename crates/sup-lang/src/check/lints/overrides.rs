//! `overrides` that cannot work: on or naming a rule without a group, on a
//! rule of another group or family, or in a cycle.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::RuleBody;
use crate::syntax::ast;

impl Checker<'_> {
    /// `overrides` takes the members of one rule's group out of another
    /// rule, so both rules need a group: deadlines, retention and access
    /// rules have none, and an `overrides` naming or written on one would be
    /// silently ignored by the evaluator.
    pub(super) fn check_overrides(&mut self, module: &ast::Module) {
        let groupless = |body: &RuleBody| {
            matches!(
                body,
                RuleBody::Deadline(_) | RuleBody::Retention(_) | RuleBody::Access(_)
            )
        };
        let mut found = Vec::new();
        for item in &module.items {
            let ast::Item::Rule(rule) = item else {
                continue;
            };
            let Some(this) = self.rule(&rule.name.node) else {
                continue;
            };
            for option in &rule.options {
                let ast::RuleOption::Overrides(targets) = &option.node else {
                    continue;
                };
                if groupless(&this.body) {
                    found.push(
                        Diagnostic::error(
                            Code::OptionNotApplicable,
                            format!("a {} rule cannot override another rule", this.body.family()),
                        )
                        .with_label(option.span, "means nothing for this rule")
                        .with_help("`overrides` takes the members of this rule's group out of another rule, and this rule has no group; remove the option, and remove or change the rule it names"),
                    );
                    continue;
                }
                for target in targets {
                    let Some(other) = self.rule(&target.node) else {
                        continue;
                    };
                    if !groupless(&other.body) {
                        // The evaluator takes the members of this rule's group
                        // out of the other rule whatever it is: across
                        // families that silently drops an unrelated
                        // requirement, and across tables it tests one
                        // table's group against another table's rows.
                        if let Some(d) = self.override_mismatch(this, other, target) {
                            found.push(d);
                        }
                        continue;
                    }
                    found.push(
                        Diagnostic::error(
                            Code::OptionNotApplicable,
                            format!(
                                "`{}` is a {} rule, which cannot be overridden",
                                target.node,
                                other.body.family()
                            ),
                        )
                        .with_label(target.span, "has no group to take members out of")
                        .with_help(format!(
                            "`overrides` only replaces rules with a group (`require`, `eligible supervisor`, `limit`, `every member of`); remove `{}` here, and change that rule itself",
                            target.node
                        )),
                    );
                }
            }
        }
        found.extend(self.override_cycles(module));
        self.diagnostics.extend(found);
    }

    /// An `overrides` between rules of different families, or whose groups
    /// are about different tables.
    fn override_mismatch(
        &self,
        this: &crate::policy::Rule,
        other: &crate::policy::Rule,
        target: &ast::Name,
    ) -> Option<Diagnostic> {
        if this.body.family() != other.body.family() {
            return Some(
                Diagnostic::error(
                    Code::OptionNotApplicable,
                    format!(
                        "`{}` is a {} rule, which {} {} rule cannot override",
                        target.node,
                        other.body.family(),
                        if this.body.family().starts_with(['a', 'e']) { "an" } else { "a" },
                        this.body.family()
                    ),
                )
                .with_label(target.span, "a rule of another family")
                .with_help(format!(
                    "`overrides` would take the members of `{}`'s group out of `{}` altogether, though the two rules check different things; remove `{}` here, and narrow `{}`'s group if its members should be exempt",
                    this.name, target.node, target.node, target.node
                )),
            );
        }
        let table_of = |body: &RuleBody| Some(self.groups.get(body.group()?)?.table.clone());
        let (mine, theirs) = (table_of(&this.body)?, table_of(&other.body)?);
        (mine != theirs).then(|| {
            Diagnostic::error(
                Code::WrongTable,
                format!(
                    "`{}` judges `{theirs}` rows, but `{}` is for a group of `{mine}` rows",
                    target.node, this.name
                ),
            )
            .with_label(target.span, format!("a rule about `{theirs}`"))
            .with_help(format!(
                "a rule can only replace another for members of its group, and a `{mine}` group has no members among `{theirs}` rows; remove `{}` here",
                target.node
            ))
        })
    }

    /// Rules that override each other in a circle (`a` overrides `b`, `b`
    /// overrides `a`): each takes its members out of the next, so none of
    /// them judges anyone. Reported once per circle, on the first rule in it.
    fn override_cycles(&self, module: &ast::Module) -> Vec<Diagnostic> {
        // Rule name → the `overrides` targets as written, with their spans.
        let mut targets: BTreeMap<&str, Vec<&ast::Name>> = BTreeMap::new();
        for item in &module.items {
            let ast::Item::Rule(rule) = item else {
                continue;
            };
            if self.rule(&rule.name.node).is_none() {
                continue;
            }
            let entry = targets.entry(rule.name.node.as_str()).or_default();
            for option in &rule.options {
                if let ast::RuleOption::Overrides(names) = &option.node {
                    entry.extend(names.iter().filter(|n| n.node != rule.name.node));
                }
            }
        }
        let mut reported: BTreeSet<&str> = BTreeSet::new();
        let mut found = Vec::new();
        for rule in &self.rules {
            let start = rule.name.as_str();
            if reported.contains(start) {
                continue;
            }
            // Breadth-first from `start`, remembering how each rule was
            // reached, until `start` comes round again.
            let mut came_from: BTreeMap<&str, (&str, &ast::Name)> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([start]);
            let mut closing = None;
            while let Some(at) = queue.pop_front() {
                for next in targets.get(at).into_iter().flatten() {
                    let name = next.node.as_str();
                    if name == start {
                        closing = Some((at, *next));
                        queue.clear();
                        break;
                    }
                    if !targets.contains_key(name) || came_from.contains_key(name) {
                        continue;
                    }
                    came_from.insert(name, (at, next));
                    queue.push_back(name);
                }
            }
            let Some((mut at, last)) = closing else {
                continue;
            };
            // Walk back from the rule that names `start` to `start`: each
            // link is (the rule written in, the name it overrides).
            let mut links = vec![(at, last)];
            while at != start {
                let Some(&(from, link)) = came_from.get(at) else {
                    break;
                };
                links.push((from, link));
                at = from;
            }
            links.reverse();
            reported.extend(links.iter().map(|(from, _)| *from));
            let circle = links
                .iter()
                .map(|(from, _)| format!("`{from}`"))
                .chain([format!("`{start}`")])
                .collect::<Vec<_>>()
                .join(" → ");
            let mut d = Diagnostic::error(
                Code::OverrideCycle,
                format!("rules override each other in a circle: {circle}"),
            );
            for (from, link) in &links {
                d = d.with_label(link.span, format!("`{from}` overrides `{}`", link.node));
            }
            found.push(d.with_help(
                "each rule takes its members out of the next, so members of their groups are judged by none of them; keep `overrides` only on the rule that should win",
            ));
        }
        found
    }

    /// The compiled rule of this name.
    pub(in crate::check) fn rule(&self, name: &str) -> Option<&crate::policy::Rule> {
        self.rules.get(*self.rule_index.get(name)?)
    }
}
