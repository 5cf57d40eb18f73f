//! Access rules checked and lowered: grants, denials and notice.

use crate::check::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{self, ColumnType};
use crate::span::Span;
use crate::syntax::ast;

/// Roles an access rule may name without declaring them: the person the
/// record is about, and anyone at all.
const SPECIAL_ROLES: &[&str] = &["subject", "anyone"];

/// What a word after `allow` or `deny` names.
enum Grantee {
    Role(String),
    Relation(policy::Relation),
}

/// A grantee as compared for contradictions: `subject.supervisor` is
/// `supervisor`.
fn normalised(written: &str) -> String {
    written
        .strip_prefix("subject.")
        .unwrap_or(written)
        .to_string()
}

impl Checker<'_> {
    /// The relationship a misspelt grantee was probably meant to be: the
    /// closest `ref staff` column of `staff` that no role shadows, when no
    /// declared role is closer to the word.
    fn near_relationship(&self, word: &str) -> Option<String> {
        let roles: Vec<String> = self
            .vocabularies
            .get("role")
            .map(|v| v.values.clone())
            .unwrap_or_default();
        let staff = self.tables.get("staff")?;
        let columns: Vec<&str> = staff
            .columns
            .iter()
            .filter(|c| c.ty == ColumnType::Ref("staff".into()) && !roles.contains(&c.name))
            .map(|c| c.name.as_str())
            .collect();
        let best = crate::suggest::closest(word, columns.iter().copied())?;
        let everything = columns
            .iter()
            .copied()
            .chain(roles.iter().map(String::as_str));
        (crate::suggest::closest(word, everything) == Some(best)).then(|| best.to_string())
    }

    /// A role (declared, or `subject` / `anyone`), or a relationship to the
    /// record's subject through `ref staff` columns of `staff`. A declared
    /// role wins over a column of the same name, so existing policies keep
    /// their meaning; `subject.supervisor` names the relationship
    /// explicitly. `None` once a problem is reported.
    fn grantee(&mut self, name: &ast::Name) -> Option<Grantee> {
        let word = name.node.as_str();
        let dotted = word.contains('.');
        if !dotted {
            let declared = SPECIAL_ROLES.contains(&word)
                || self
                    .vocabularies
                    .get("role")
                    .is_some_and(|v| v.values.iter().any(|r| r == word));
            let staff_ref = self
                .tables
                .get("staff")
                .and_then(|t| t.column(word))
                .is_some_and(|c| c.ty == ColumnType::Ref("staff".into()));
            if SPECIAL_ROLES.contains(&word) {
                return Some(Grantee::Role(word.to_string()));
            }
            if !declared && !staff_ref {
                if let Some(best) = self.near_relationship(word) {
                    self.error(
                        Diagnostic::error(
                            Code::UnknownValue,
                            format!("unknown role or relationship `{word}`"),
                        )
                        .with_label(name.span, "neither a declared role nor a `ref staff` column of `staff`")
                        .with_help(format!(
                            "did you mean the relationship `{best}` (whoever the subject's `{best}` is on the day of access)?"
                        ))
                        .with_fix(format!("replace with `{best}`"), name.span, best.clone()),
                    );
                    return None;
                }
            }
            if declared || !staff_ref {
                // A declared role, or an unknown one (with "did you mean").
                return self
                    .lookup_value("role", name)
                    .then(|| Grantee::Role(word.to_string()));
            }
        }
        let staff = self.tables.get("staff").cloned()?;
        let steps = word.strip_prefix("subject.").unwrap_or(word);
        let mut offset = word.len() - steps.len();
        let mut path = Vec::new();
        for step in steps.split('.') {
            let start = name.span.start as usize + offset;
            let span = Span::new(start, start + step.len());
            offset += step.len() + 1;
            let step_name = ast::Name::new(step.to_string(), span);
            let column = self.lookup_column(&staff, &step_name)?;
            if column.ty != ColumnType::Ref("staff".into()) {
                let people: Vec<&str> = staff
                    .columns
                    .iter()
                    .filter(|c| c.ty == ColumnType::Ref("staff".into()))
                    .map(|c| c.name.as_str())
                    .collect();
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        format!("`{step}` does not name a member of staff, so `{word}` is no one"),
                    )
                    .with_label(span, format!("this is {}", column.ty.describe()))
                    .with_help(format!(
                        "a relationship follows `ref staff` columns of `staff` from the record's subject: {}",
                        crate::check::schema::backticked(&people)
                    )),
                );
                return None;
            }
            path.push(column.name.clone());
        }
        Some(Grantee::Relation(policy::Relation { path }))
    }

    pub(super) fn access(&mut self, rule: &ast::AccessRule) -> Option<policy::Access> {
        let mut ok = true;
        for kind in &rule.record_kinds {
            ok &= self.lookup_value("record_kind", kind);
        }
        let mut allow = Vec::new();
        let mut deny: Vec<(String, Span)> = Vec::new();
        let mut deny_relations: Vec<(policy::Relation, Span)> = Vec::new();
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
                    let mut role_names = Vec::new();
                    let mut relations = Vec::new();
                    for role in roles {
                        match self.grantee(role) {
                            Some(Grantee::Role(r)) => role_names.push(r),
                            Some(Grantee::Relation(r)) => relations.push(r),
                            None => ok = false,
                        }
                        allowed.push((normalised(&role.node), role.span));
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
                        roles: role_names,
                        relations,
                        purposes: purposes.iter().map(|p| p.node.clone()).collect(),
                        notify: grant_notify,
                    });
                }
                ast::AccessClause::Deny { roles, .. } => {
                    for role in roles {
                        match self.grantee(role) {
                            Some(Grantee::Role(_)) => deny.push((role.node.clone(), role.span)),
                            Some(Grantee::Relation(r)) => deny_relations.push((r, role.span)),
                            None => ok = false,
                        }
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
        let denied_relations = deny_relations.iter().map(|(r, span)| (r.dotted(), *span));
        let denied: Vec<(String, Span)> = deny.iter().cloned().chain(denied_relations).collect();
        for (role, span) in &denied {
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
            deny_relations: deny_relations.into_iter().map(|(r, _)| r).collect(),
            notify,
        })
    }
}
