//! Semantic diff of two compiled policies, and the stricter/looser judgement
//! that conformance to a framework reuses (`check::conformance`).
//!
//! Rules are matched by what they govern (family, group, activity, record
//! kind, measure, table and column), never by name, line or order, so a file
//! that was only reformatted or reordered has no semantic change. Each
//! matched pair is compared aspect by aspect (how often, who, which kinds of
//! session count, how long, who may read...), and each aspect is judged
//! stricter, looser, mixed or neutral with a reason in plain words. The
//! meaning of every judgement is documented in `docs/diff.md`.
//!
//! **Invariant:** the diff reads only compiled policies, never the syntax
//! tree, and depends on nothing but them (no clock, no files). The impact
//! on records (`sup diff --records`) reads evaluations too, so it is in
//! `sup-eval` (`sup_eval::diff::impact`); printing a diff is the command's.

mod conditions;
mod matching;
pub(crate) mod quantity;
pub(crate) mod rules;

// The impact on records pairs the two runs' rules the way the diff does.
pub use matching::match_rules;
pub use rules::Sides;

use serde::Serialize;

use crate::policy::{CompiledPolicy, Rule};
use crate::span::Span;

/// Whether a change makes a policy ask more of people, or less.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Asks more: more often, sooner, of more people, fewer readers.
    Stricter,
    /// Asks less.
    Looser,
    /// Stricter in one way and looser in another.
    Mixed,
    /// Changed, but neither stricter nor looser (or the two cannot be
    /// compared, such as a count of sessions against a time).
    Neutral,
}

impl Direction {
    /// The direction of a change made of several aspects.
    pub fn combine(directions: impl IntoIterator<Item = Direction>) -> Direction {
        let mut stricter = false;
        let mut looser = false;
        for d in directions {
            match d {
                Direction::Stricter => stricter = true,
                Direction::Looser => looser = true,
                Direction::Mixed => {
                    stricter = true;
                    looser = true;
                }
                Direction::Neutral => {}
            }
        }
        match (stricter, looser) {
            (true, true) => Direction::Mixed,
            (true, false) => Direction::Stricter,
            (false, true) => Direction::Looser,
            (false, false) => Direction::Neutral,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Direction::Stricter => "stricter",
            Direction::Looser => "looser",
            Direction::Mixed => "mixed",
            Direction::Neutral => "neutral",
        }
    }
}

/// One way in which a rule changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aspect {
    /// What changed: "how often", "who it applies to", "who may read: auditor".
    pub what: String,
    /// Before and after, in the policy's own terms (`at least 10 per year`).
    pub old: String,
    pub new: String,
    pub direction: Direction,
    /// Why the change is judged so, in plain words.
    pub reason: String,
}

impl Aspect {
    pub(crate) fn new(
        what: impl Into<String>,
        old: impl Into<String>,
        new: impl Into<String>,
        direction: Direction,
        reason: impl Into<String>,
    ) -> Self {
        Aspect {
            what: what.into(),
            old: old.into(),
            new: new.into(),
            direction,
            reason: reason.into(),
        }
    }
}

/// A rule as it appears on one side of the diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRef {
    pub name: String,
    pub line: u32,
    #[serde(skip)]
    pub span: Span,
    /// The rule as written.
    pub text: String,
    /// The rule in plain English.
    pub description: String,
}

impl RuleRef {
    fn of(policy: &CompiledPolicy, rule: &Rule) -> Self {
        RuleRef {
            name: rule.name.clone(),
            line: rule.source.line,
            span: rule.source.span,
            text: rule.text.clone(),
            description: crate::describe::describe_rule(policy, rule),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// A rule added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleChange {
    pub kind: ChangeKind,
    pub direction: Direction,
    pub family: &'static str,
    /// What the rule governs, in the policy's terms:
    /// "one_to_one or group_supervision for all_staff".
    pub governs: String,
    pub old: Option<RuleRef>,
    pub new: Option<RuleRef>,
    /// For a changed rule, each way it changed; for an added or removed
    /// rule, one aspect saying so.
    pub aspects: Vec<Aspect>,
}

impl RuleChange {
    /// The rule's name on the newest side it exists on.
    pub fn name(&self) -> &str {
        self.new
            .as_ref()
            .or(self.old.as_ref())
            .map_or("", |r| r.name.as_str())
    }
}

/// A header field that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeaderChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A definition (group, activity, calendar, vocabulary, table) that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionChange {
    /// "group", "activity", "calendar", "values of role", "table".
    pub what: String,
    pub name: String,
    pub kind: ChangeKind,
    pub detail: String,
    /// For a redefined group: stricter when it now takes in more people
    /// (every rule about it asks more), looser when fewer.
    pub direction: Direction,
}

/// One side of the diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub file: String,
    pub title: String,
    pub version: Option<String>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub stricter: usize,
    pub looser: usize,
    pub mixed: usize,
    pub neutral: usize,
    pub added: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// Bumped whenever the JSON form of [`PolicyDiff`] changes.
pub const FORMAT_VERSION: u32 = 1;

/// Everything that changed between two versions of a policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyDiff {
    pub format_version: u32,
    pub old: Side,
    pub new: Side,
    pub header: Vec<HeaderChange>,
    pub definitions: Vec<DefinitionChange>,
    /// Changed and added rules in the new file's order, then removed rules
    /// in the old file's order.
    pub rules: Vec<RuleChange>,
    /// Rules with no semantic change, by their new names.
    pub unchanged: Vec<String>,
    pub summary: Summary,
    /// All rule changes taken together.
    pub direction: Direction,
}

impl PolicyDiff {
    /// True when nothing but layout, order or comments changed.
    pub fn is_empty(&self) -> bool {
        self.header.is_empty() && self.definitions.is_empty() && self.rules.is_empty()
    }
}

/// Compare two compiled policies.
pub fn diff(old: &CompiledPolicy, new: &CompiledPolicy) -> PolicyDiff {
    // Working days are measured with the holidays each version skips.
    let _holidays = quantity::holidays_in_use(old, new);
    let sides = rules::Sides { old, new };
    let pairs = matching::match_rules(&sides);
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    let mut summary = Summary::default();
    for (index, rule) in new.rules.iter().enumerate() {
        match pairs.iter().find(|(_, n)| *n == index) {
            Some((o, _)) => {
                let Some(old_rule) = old.rules.get(*o) else {
                    continue;
                };
                let aspects = rules::compare(&sides, old_rule, rule);
                if aspects.is_empty() {
                    unchanged.push(rule.name.clone());
                    summary.unchanged += 1;
                    continue;
                }
                let direction = Direction::combine(aspects.iter().map(|a| a.direction));
                match direction {
                    Direction::Stricter => summary.stricter += 1,
                    Direction::Looser => summary.looser += 1,
                    Direction::Mixed => summary.mixed += 1,
                    Direction::Neutral => summary.neutral += 1,
                }
                changes.push(RuleChange {
                    kind: ChangeKind::Changed,
                    direction,
                    family: rule.body.family(),
                    governs: rules::governs(rule),
                    old: Some(RuleRef::of(old, old_rule)),
                    new: Some(RuleRef::of(new, rule)),
                    aspects,
                });
            }
            None => {
                summary.added += 1;
                changes.push(RuleChange {
                    kind: ChangeKind::Added,
                    direction: Direction::Stricter,
                    family: rule.body.family(),
                    governs: rules::governs(rule),
                    old: None,
                    new: Some(RuleRef::of(new, rule)),
                    aspects: vec![Aspect::new(
                        "rule",
                        "",
                        rules::summary(rule),
                        Direction::Stricter,
                        "a new rule: it asks something the old version did not",
                    )],
                });
            }
        }
    }
    for (index, rule) in old.rules.iter().enumerate() {
        if pairs.iter().any(|(o, _)| *o == index) {
            continue;
        }
        summary.removed += 1;
        changes.push(RuleChange {
            kind: ChangeKind::Removed,
            direction: Direction::Looser,
            family: rule.body.family(),
            governs: rules::governs(rule),
            old: Some(RuleRef::of(old, rule)),
            new: None,
            aspects: vec![Aspect::new(
                "rule",
                rules::summary(rule),
                "",
                Direction::Looser,
                "the rule is dropped: nothing asks this any more",
            )],
        });
    }
    let direction = Direction::combine(changes.iter().map(|r| r.direction));
    PolicyDiff {
        format_version: FORMAT_VERSION,
        old: side(old),
        new: side(new),
        header: rules::header_changes(old, new),
        definitions: rules::definition_changes(&sides),
        rules: changes,
        unchanged,
        summary,
        direction,
    }
}

fn side(policy: &CompiledPolicy) -> Side {
    Side {
        file: policy.source.clone(),
        title: policy.header.title.clone(),
        version: policy.header.version.clone(),
    }
}

/// The policy with everything that says where it was written taken out
/// (file name, spans, lines and columns, the text of rules as written), so
/// that two compiled policies can be compared for meaning alone.
pub fn without_positions(policy: &CompiledPolicy) -> CompiledPolicy {
    let mut policy = policy.clone();
    policy.source = String::new();
    for rule in &mut policy.rules {
        rule.source.file = String::new();
        rule.source.span = Span::default();
        rule.source.line = 0;
        rule.source.column = 0;
        rule.text = String::new();
        match &mut rule.body {
            crate::policy::RuleBody::Eligibility(e) => {
                for clause in &mut e.clauses {
                    clause.text = String::new();
                }
            }
            crate::policy::RuleBody::Attribute(a) => a.text = String::new(),
            _ => {}
        }
    }
    policy
}

/// True when two compiled policies mean the same, however they are laid out.
pub fn same_meaning(a: &CompiledPolicy, b: &CompiledPolicy) -> bool {
    without_positions(a) == without_positions(b)
}
