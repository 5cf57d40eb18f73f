//! Rules: each family checked and lowered to the compiled form.
//!
//! One file per family (`frequency`, `eligibility`, `limits`, `deadlines`,
//! `retention`, `access`, `attribute`, `standing`), named as in `eval/`, `describe/rules/`
//! and `diff/rules/`; this file checks a rule's name and options and hands
//! its body to its family.

mod access;
mod attribute;
mod deadlines;
mod eligibility;
mod frequency;
mod limits;
mod retention;
mod standing;

use super::symbols::SymbolKind;
use super::{words, Checker};
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, PartialWindows};
use crate::span::Span;
use crate::syntax::ast::{self, RuleOption};

/// Options checked once per rule.
struct Options {
    waivable_by: Vec<String>,
    overrides: Vec<String>,
    pro_rata: Option<Option<ast::Name>>,
    partial_windows: Option<(PartialWindows, Span)>,
    alternating: Option<(ast::Name, ast::Name)>,
}

impl Checker<'_> {
    pub(super) fn check_rule_names(&mut self, names: &[&ast::Name]) {
        // The first of each name, looked up rather than searched for, so
        // many rules do not take quadratic time.
        let mut first_of: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
        for name in names {
            if let Some(first) = first_of.get(name.node.as_str()) {
                self.duplicate("rule", name, Some(*first));
            } else {
                first_of.insert(&name.node, name.span);
                self.symbols
                    .define(SymbolKind::Rule, &name.node, name.span, name.span);
            }
        }
    }

    pub(super) fn check_rule(&mut self, rule: &ast::RuleDecl, all_rules: &[&ast::Name]) {
        let options = self.rule_options(rule, all_rules);
        let body = match &rule.body {
            ast::RuleBody::Frequency(f) => {
                self.frequency(f, &options).map(policy::RuleBody::Frequency)
            }
            ast::RuleBody::Eligibility(e) => self.eligibility(e).map(policy::RuleBody::Eligibility),
            ast::RuleBody::Limit(l) => self.limit(l).map(policy::RuleBody::Limit),
            ast::RuleBody::Deadline(d) => self.deadline(d).map(policy::RuleBody::Deadline),
            ast::RuleBody::Retention(r) => self.retention(r).map(policy::RuleBody::Retention),
            ast::RuleBody::Access(a) => self.access(a).map(policy::RuleBody::Access),
            ast::RuleBody::Attribute(a) => self.attribute(a).map(policy::RuleBody::Attribute),
            ast::RuleBody::Standing(s) => self.standing(s).map(policy::RuleBody::Standing),
        };
        let is_frequency = matches!(rule.body, ast::RuleBody::Frequency(_));
        for option in &rule.options {
            let frequency_only = matches!(
                option.node,
                RuleOption::NotProRata
                    | RuleOption::ProRata(_)
                    | RuleOption::PartialWindows(_)
                    | RuleOption::Alternating(..)
            );
            if frequency_only && !is_frequency {
                self.error(
                    Diagnostic::error(Code::OptionNotApplicable, "this option only applies to `require` rules")
                        .with_label(option.span, "means nothing for this rule")
                        .with_help(if matches!(option.node, RuleOption::Alternating(..)) {
                            "alternating says who takes turns leading the sessions a `require` rule counts; remove the option here"
                        } else {
                            "pro rata and partial windows change how often something must happen; remove the option here"
                        }),
                );
            }
        }
        let Some(body) = body else { return };
        if self.rule_index.contains_key(&rule.name.node) {
            return;
        }
        self.rule_index
            .insert(rule.name.node.clone(), self.rules.len());
        self.rules.push(policy::Rule {
            name: rule.name.node.clone(),
            source: self.source_ref(rule.span),
            text: self.text_of(rule.span),
            waivable_by: options.waivable_by,
            overrides: options.overrides,
            body,
        });
    }

    fn rule_options(&mut self, rule: &ast::RuleDecl, all_rules: &[&ast::Name]) -> Options {
        let empty = || Options {
            waivable_by: Vec::new(),
            overrides: Vec::new(),
            pro_rata: None,
            partial_windows: None,
            alternating: None,
        };
        let mut options = empty();
        let mut seen: Vec<(std::mem::Discriminant<RuleOption>, Span)> = Vec::new();
        for option in &rule.options {
            let kind = std::mem::discriminant(&option.node);
            let same_family = |k: &std::mem::Discriminant<RuleOption>| {
                *k == kind
                    || (matches!(option.node, RuleOption::ProRata(_) | RuleOption::NotProRata)
                        && (*k == std::mem::discriminant(&RuleOption::NotProRata)
                            || *k == std::mem::discriminant(&RuleOption::ProRata(None))))
            };
            if let Some((_, first)) = seen.iter().find(|(k, _)| same_family(k)) {
                self.error(
                    Diagnostic::error(Code::DuplicateOption, "this option is given twice")
                        .with_label(option.span, "given again here")
                        .with_label(*first, "first given here")
                        .with_help("keep one of them"),
                );
                // Its names are still checked (a misspelt role in the copy
                // would otherwise show only once the first copy is removed),
                // but it sets nothing.
                self.rule_option(rule, all_rules, option, &mut empty());
                continue;
            }
            seen.push((kind, option.span));
            self.rule_option(rule, all_rules, option, &mut options);
        }
        options
    }

    /// Check one rule option and record what it says in `options`.
    fn rule_option(
        &mut self,
        rule: &ast::RuleDecl,
        all_rules: &[&ast::Name],
        option: &ast::Spanned<RuleOption>,
        options: &mut Options,
    ) {
        match &option.node {
            RuleOption::WaivableBy(roles) => {
                for role in roles {
                    if self.lookup_value("role", role) {
                        options.waivable_by.push(role.node.clone());
                    }
                }
            }
            RuleOption::Overrides(names) => {
                for name in names {
                    if name.node == rule.name.node {
                        self.error(
                            Diagnostic::error(Code::UnknownRule, "a rule cannot override itself")
                                .with_label(name.span, "this is the rule's own name")
                                .with_help("name the other rule that this one replaces"),
                        );
                    } else if all_rules.iter().any(|r| r.node == name.node) {
                        self.symbols.refer(SymbolKind::Rule, &name.node, name.span);
                        options.overrides.push(name.node.clone());
                    } else {
                        self.unknown(
                            Code::UnknownRule,
                            "rule",
                            name,
                            all_rules.iter().map(|r| r.node.as_str()),
                            "rules",
                        );
                    }
                }
            }
            RuleOption::NotProRata => options.pro_rata = Some(None),
            RuleOption::ProRata(column) => {
                options.pro_rata =
                    Some(Some(column.clone().unwrap_or_else(|| {
                        ast::Spanned::new("fte".into(), option.span)
                    })));
            }
            RuleOption::Alternating(first, second) => {
                options.alternating = Some((first.clone(), second.clone()));
            }
            RuleOption::PartialWindows(word) => {
                match words::find(words::PARTIAL_WINDOWS, &word.node) {
                    Some(choice) => options.partial_windows = Some((choice.means, option.span)),
                    None => self.unknown(
                        Code::UnknownValue,
                        "way to treat partial windows",
                        word,
                        words::spellings(words::PARTIAL_WINDOWS),
                        "the choices",
                    ),
                }
            }
        }
    }
}
