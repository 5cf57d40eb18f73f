//! Syntax tree → compiled policy: name resolution, type and unit checking,
//! and lints. Knows nothing of record exports or LSP.
//!
//! **Invariant:** checking never stops at the first problem. Each statement
//! is checked on its own; a broken statement is left out of the compiled
//! policy and every other one is still checked, so an author sees all the
//! mistakes in one run.

mod conditions;
mod conflicts;
pub mod conformance;
mod contradictions;
mod header;
mod lints;
mod lower;
mod rules;
mod schema;
mod sources;
mod symbols;
mod units;
pub mod words;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::diagnostic::{self, Code, Diagnostic};
use crate::policy::{self, CompiledPolicy, Origin};
use crate::span::{LineIndex, Span};
use crate::syntax::{self, ast, Module};

pub use schema::VOCABULARY_HEADINGS;
pub use sources::{
    check_source, check_source_reusing, framework_path, tidy, CheckedSource, SourceError, Sources,
};
pub use symbols::{Definition, Reference, SymbolIndex, SymbolKind};

/// The name under which prelude definitions are reported.
pub const PRELUDE_FILE: &str = "<prelude>";

/// The prelude's source, for editors that want to show a definition in it.
pub const PRELUDE_SOURCE: &str = include_str!("prelude.sup");

/// What the checker needs besides the source.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The file name to record in the compiled policy and its rules.
    pub file_name: String,
    /// The date a review date is judged against; `None` skips that lint.
    pub today: Option<NaiveDate>,
}

/// Everything the checker learnt about one file.
#[derive(Debug, Clone)]
pub struct Checked {
    pub module: Module,
    /// The compiled policy. Statements with errors are left out of it, so
    /// use it only when [`Checked::has_errors`] is false, or for best-effort
    /// tooling (an editor's outline).
    pub policy: CompiledPolicy,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each name is defined and used, for editors.
    pub symbols: SymbolIndex,
}

impl Checked {
    /// A policy read back from the JSON `sup compile` wrote: no syntax tree
    /// and no diagnostics, since it was checked when it was compiled.
    pub fn compiled(policy: CompiledPolicy) -> Checked {
        Checked {
            module: Module::default(),
            policy,
            diagnostics: Vec::new(),
            symbols: SymbolIndex::default(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parse and check one policy file.
pub fn check(source: &str, options: &CheckOptions) -> Checked {
    check_parsed(source, options, syntax::parse(source))
}

/// [`check`], reusing the statements `cache` holds from earlier versions of
/// the file (an editor's), with the same result.
pub fn check_reusing(source: &str, options: &CheckOptions, cache: &syntax::ParseCache) -> Checked {
    check_parsed(source, options, syntax::parse_reusing(source, cache))
}

fn check_parsed(
    source: &str,
    options: &CheckOptions,
    (module, mut diagnostics): (Module, Vec<Diagnostic>),
) -> Checked {
    let mut checker = Checker::new(source, options);
    checker.load_prelude();
    // A statement that did not parse may use names defined elsewhere, so
    // "unused" would be a guess: only lint files that parsed completely.
    checker.lint_unused = diagnostics.is_empty();
    checker.header_unparsed = !diagnostics.is_empty() && starts_with_header(source);
    checker.check_module(&module);
    diagnostics.append(&mut checker.diagnostics);
    diagnostic::sort(&mut diagnostics);
    let policy = checker.finish();
    Checked {
        module,
        policy,
        diagnostics,
        symbols: checker.symbols,
    }
}

/// Whether the first word of the file, past comments, begins a header.
fn starts_with_header(source: &str) -> bool {
    let first = source
        .trim_start_matches(syntax::BOM)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    first.starts_with("policy") || first.starts_with("framework")
}

/// The parsed prelude, shared by every check.
fn prelude_module() -> &'static Module {
    static PRELUDE: OnceLock<Module> = OnceLock::new();
    PRELUDE.get_or_init(|| syntax::parse(PRELUDE_SOURCE).0)
}

/// Where each of the prelude's tables, columns, values and activities is
/// defined in [`PRELUDE_SOURCE`], for editors (hover and go-to-definition on
/// names a policy uses without declaring them). The checker declares the
/// prelude once more, recording its definitions as it does a policy's, so
/// they are exactly the names a check knows.
pub fn prelude_definitions() -> &'static [Definition] {
    static DEFINITIONS: OnceLock<Vec<Definition>> = OnceLock::new();
    DEFINITIONS.get_or_init(|| {
        let options = CheckOptions {
            file_name: PRELUDE_FILE.into(),
            today: None,
        };
        let mut checker = Checker::new(PRELUDE_SOURCE, &options);
        checker.origin = Origin::Policy;
        checker.declare_items(&prelude_module().items);
        checker.symbols.definitions
    })
}

/// The state of one check: what has been declared so far, and what was found.
pub(crate) struct Checker<'a> {
    source: &'a str,
    /// Line starts of `source`, for source references: built once, so a
    /// large file is not rescanned for every definition.
    lines: LineIndex,
    options: &'a CheckOptions,
    /// Where definitions come from while the prelude is loaded, then the policy.
    origin: Origin,
    diagnostics: Vec<Diagnostic>,
    symbols: SymbolIndex,
    header: Option<policy::Header>,
    tables: BTreeMap<String, policy::Table>,
    vocabularies: BTreeMap<String, policy::Vocabulary>,
    groups: BTreeMap<String, policy::Group>,
    calendars: BTreeMap<String, policy::Calendar>,
    holidays: BTreeMap<String, policy::HolidayCalendar>,
    activities: BTreeMap<String, policy::Activity>,
    rules: Vec<policy::Rule>,
    /// Where each rule's name is in `rules`.
    rule_index: std::collections::HashMap<String, usize>,
    /// The file starts with `policy` or `framework` but the header did not parse.
    header_unparsed: bool,
    /// Whether to report unused definitions.
    lint_unused: bool,
    /// Where the header names its holiday calendar.
    holidays_span: Option<Span>,
    /// Names whose declaration failed: uses of them are not reported again.
    broken: std::collections::BTreeSet<String>,
}

impl<'a> Checker<'a> {
    fn new(source: &'a str, options: &'a CheckOptions) -> Self {
        Checker {
            source,
            lines: LineIndex::new(source),
            options,
            origin: Origin::Prelude,
            diagnostics: Vec::new(),
            symbols: SymbolIndex::default(),
            header: None,
            tables: BTreeMap::new(),
            vocabularies: BTreeMap::new(),
            groups: BTreeMap::new(),
            calendars: BTreeMap::new(),
            holidays: BTreeMap::new(),
            activities: BTreeMap::new(),
            rules: Vec::new(),
            rule_index: Default::default(),
            broken: Default::default(),
            holidays_span: None,
            lint_unused: true,
            header_unparsed: false,
        }
    }

    fn load_prelude(&mut self) {
        let prelude = prelude_module();
        self.declare_items(&prelude.items);
        // The prelude's own diagnostics would point into another file; it is
        // tested to have none (see the tests below).
        self.diagnostics.clear();
        self.symbols = SymbolIndex::default();
        self.holidays.insert(
            "england_and_wales".to_string(),
            policy::HolidayCalendar {
                name: "england_and_wales".to_string(),
                dates: crate::calendar::england_and_wales().to_vec(),
            },
        );
        self.origin = Origin::Policy;
    }

    fn check_module(&mut self, module: &Module) {
        self.check_header(module);
        self.declare_items(&module.items);
        let rule_names: Vec<&ast::Name> = module
            .items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Rule(r) => Some(&r.name),
                _ => None,
            })
            .collect();
        self.check_rule_names(&rule_names);
        for item in &module.items {
            if let ast::Item::Rule(rule) = item {
                self.check_rule(rule, &rule_names);
            }
        }
        self.lint(module);
    }

    /// Declarations in dependency order: vocabularies and tables first (types
    /// refer to them), then groups, calendars and activities.
    fn declare_items(&mut self, items: &[ast::Item]) {
        for item in items {
            if let ast::Item::Vocabulary(v) = item {
                self.declare_vocabulary(v);
            }
        }
        for item in items {
            if let ast::Item::Table(t) = item {
                self.declare_table(t);
            }
        }
        for item in items {
            if let ast::Item::Extend(e) = item {
                self.extend_table(e);
            }
        }
        self.add_derived_columns();
        self.check_table_types(items);
        for item in items {
            match item {
                ast::Item::Calendar(c) => self.declare_calendar(c),
                ast::Item::Holidays(h) => self.declare_holidays(h),
                _ => {}
            }
        }
        self.declare_session_activities();
        let groups: Vec<&ast::GroupDecl> = items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Group(g) => Some(g),
                _ => None,
            })
            .collect();
        self.declare_groups(&groups);
        for item in items {
            if let ast::Item::Activity(a) = item {
                self.declare_activity(a);
            }
        }
        self.resolve_header_holidays();
    }

    /// The compiled policy, taking the checker's tables rather than copying
    /// them: the check is over, and only its symbols are read after this.
    fn finish(&mut self) -> CompiledPolicy {
        let header = self.header.take().unwrap_or_else(|| policy::Header {
            kind: policy::PolicyKind::Policy,
            title: String::new(),
            owner: None,
            version: None,
            effective: None,
            review: None,
            timezone: header::DEFAULT_TIMEZONE.to_string(),
            holidays: header::DEFAULT_HOLIDAYS.to_string(),
            conforms_to: None,
            working_hours: None,
        });
        CompiledPolicy {
            format_version: policy::FORMAT_VERSION,
            source: self.options.file_name.clone(),
            header,
            tables: std::mem::take(&mut self.tables),
            vocabularies: std::mem::take(&mut self.vocabularies),
            groups: std::mem::take(&mut self.groups),
            calendars: std::mem::take(&mut self.calendars),
            holidays: std::mem::take(&mut self.holidays),
            activities: std::mem::take(&mut self.activities),
            rules: std::mem::take(&mut self.rules),
        }
    }

    // ------------------------------------------------------------ helpers

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn source_ref(&self, span: Span) -> policy::SourceRef {
        let at = self.lines.line_column(self.source, span.start as usize);
        policy::SourceRef {
            file: self.options.file_name.clone(),
            span,
            line: at.line,
            column: at.column,
        }
    }

    fn text_of(&self, span: Span) -> String {
        span.text(self.source).to_string()
    }

    /// Report an unknown name with a did-you-mean and a quick fix.
    fn unknown<'c>(
        &mut self,
        code: Code,
        what: &str,
        name: &ast::Name,
        candidates: impl IntoIterator<Item = &'c str> + Clone,
        plural: &str,
    ) {
        let d = Diagnostic::error(code, format!("unknown {what} `{}`", name.node)).with_label(
            name.span,
            if matches!(code, Code::UnknownMeasure | Code::UnknownType) {
                format!("not a {what} `sup` knows")
            } else {
                format!("not a declared {what}")
            },
        );
        let d = d.suggest_or(&name.node, name.span, candidates.clone(), || {
            Some(
                crate::suggest::help_for(&name.node, candidates, plural)
                    .unwrap_or_else(|| format!("declare the {what}")),
            )
        });
        self.error(d);
    }

    fn duplicate(&mut self, what: &str, name: &ast::Name, first: Option<Span>) {
        let mut d = Diagnostic::error(
            Code::DuplicateDefinition,
            format!("the {what} `{}` is defined twice", name.node),
        )
        .with_label(name.span, "defined again here");
        match first {
            Some(span) => {
                d = d.with_label(span, "first defined here");
            }
            None => {
                d = d.with_help(format!(
                    "`{}` is already defined by the standard prelude; choose another name",
                    name.node
                ));
            }
        }
        if d.help.is_none() {
            d = d.with_help("rename one of them, or remove the second");
        }
        self.error(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prelude_checks_clean() {
        let options = CheckOptions {
            file_name: PRELUDE_FILE.into(),
            today: None,
        };
        let mut checker = Checker::new(PRELUDE_SOURCE, &options);
        checker.origin = Origin::Prelude;
        checker.declare_items(&prelude_module().items);
        assert!(checker.diagnostics.is_empty(), "{:#?}", checker.diagnostics);
    }

    #[test]
    fn the_preludes_definitions_are_its_names_at_their_places() {
        let at = |kind, name: &str| {
            prelude_definitions()
                .iter()
                .find(|d| d.kind == kind && d.name == name)
                .map(|d| d.span.text(PRELUDE_SOURCE))
        };
        assert_eq!(at(SymbolKind::Table, "staff"), Some("staff"));
        assert_eq!(at(SymbolKind::Column, "staff.role"), Some("role"));
        assert_eq!(
            at(SymbolKind::Value, "session_kind.one_to_one"),
            Some("one_to_one")
        );
        assert_eq!(at(SymbolKind::Activity, "agreement"), Some("agreement"));
        // Every table and column the check knows is there.
        let policy = check("", &CheckOptions::default()).policy;
        for (name, table) in &policy.tables {
            assert_eq!(at(SymbolKind::Table, name), Some(name.as_str()));
            for column in table.columns.iter().filter(|c| c.derived.is_none()) {
                let full = format!("{name}.{}", column.name);
                assert!(at(SymbolKind::Column, &full).is_some(), "{full}");
            }
        }
    }
}
