//! Access rules checked and lowered: grants, denials and notice.

use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy;
use crate::span::Span;
use crate::syntax::ast;

/// Roles an access rule may name without declaring them: the person the
/// record is about, and anyone at all.
const SPECIAL_ROLES: &[&str] = &["subject", "anyone"];

impl Checker<'_> {
    pub(super) fn access(&mut self, rule: &ast::AccessRule) -> Option<policy::Access> {
        let mut ok = true;
        for kind in &rule.record_kinds {
            ok &= self.lookup_value("record_kind", kind);
        }
        let mut allow = Vec::new();
        let mut deny: Vec<(String, Span)> = Vec::new();
        let mut allowed: Vec<(String, Span)> = Vec::new();
        let mut notify = None;
        for clause in &rule.clauses {
            match clause {
                ast::AccessClause::Allow {
                    roles,
                    purposes,
                    notify: grant_notify,
                    ..
                } => {
                    for role in roles {
                        if !SPECIAL_ROLES.contains(&role.node.as_str()) {
                            ok &= self.lookup_value("role", role);
                        }
                        allowed.push((role.node.clone(), role.span));
                    }
                    for purpose in purposes {
                        if purpose.node != "any" {
                            ok &= self.lookup_value("purpose", purpose);
                        }
                    }
                    let grant_notify = match grant_notify {
                        None => None,
                        Some(None) => Some(policy::Notify { within: None }),
                        Some(Some(q)) => match self.duration(&q.node, q.span) {
                            Some(d) => Some(policy::Notify { within: Some(d) }),
                            None => {
                                ok = false;
                                None
                            }
                        },
                    };
                    allow.push(policy::Grant {
                        roles: roles.iter().map(|r| r.node.clone()).collect(),
                        purposes: purposes.iter().map(|p| p.node.clone()).collect(),
                        notify: grant_notify,
                    });
                }
                ast::AccessClause::Deny { roles, .. } => {
                    for role in roles {
                        ok &= SPECIAL_ROLES.contains(&role.node.as_str())
                            || self.lookup_value("role", role);
                        deny.push((role.node.clone(), role.span));
                    }
                }
                ast::AccessClause::Notify { within, span } => {
                    if notify.is_some() {
                        self.error(
                            Diagnostic::error(
                                Code::DuplicateOption,
                                "`notify subject` is given twice",
                            )
                            .with_label(*span, "given again")
                            .with_help("keep one"),
                        );
                        ok = false;
                        // Still say if the copy's own duration is wrong.
                        if let Some(q) = within {
                            let _ = self.duration(&q.node, q.span);
                        }
                        continue;
                    }
                    let within = match within {
                        Some(q) => match self.duration(&q.node, q.span) {
                            Some(d) => Some(d),
                            None => {
                                ok = false;
                                None
                            }
                        },
                        None => None,
                    };
                    notify = Some(policy::Notify { within });
                }
            }
        }
        for (role, span) in &deny {
            if let Some((_, allow_span)) = allowed.iter().find(|(r, _)| r == role) {
                self.error(
                    Diagnostic::error(
                        Code::ContradictoryAccess,
                        format!("`{role}` is both allowed and denied"),
                    )
                    .with_label(*span, "denied here")
                    .with_label(*allow_span, "allowed here")
                    .with_help("remove one: a role is either allowed for some purposes or denied"),
                );
                ok = false;
            }
        }
        if allow.is_empty() && ok {
            self.error(
                Diagnostic::warning(Code::ContradictoryAccess, "no one may read these records")
                    .with_label(rule.span, "this access rule allows no role")
                    .with_help("add `allow ROLE for PURPOSE`"),
            );
        }
        ok.then(|| policy::Access {
            record_kinds: rule.record_kinds.iter().map(|k| k.node.clone()).collect(),
            allow,
            deny: deny.into_iter().map(|(r, _)| r).collect(),
            notify,
        })
    }
}
