//! Diagnostics: what the checker found, as data.
//!
//! The core returns [`Diagnostic`] values; rendering them (miette's report,
//! JSON, LSP) happens at the edges (`src/report/`, `lsp/`). Every diagnostic
//! has a stable [`Code`]: tools and tests match on the code, never on the text.

use serde::{Deserialize, Serialize};

use crate::span::{line_column, LineColumn, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Information that changes nothing (an ignored column, say).
    Note,
}

/// Which stage of `sup` gives a code: the checker (a policy's text), the
/// records loader (an export's files) or the evaluator (judging the rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Check,
    Records,
    Eval,
}

macro_rules! codes {
    ($( $stage:ident { $( $variant:ident => $code:literal, $summary:literal; )* } )*) => {
        /// The stable code of each kind of diagnostic, record error and note:
        /// one list for every stage, so no two stages can give one code two
        /// meanings.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Code { $( $( #[serde(rename = $code)] $variant, )* )* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[ $( $( Code::$variant, )* )* ];

            /// The code as shown to users, e.g. `sup::unknown-group`.
            pub fn as_str(self) -> &'static str {
                match self { $( $( Code::$variant => $code, )* )* }
            }

            /// One line saying what the code means, for docs and hover.
            pub fn summary(self) -> &'static str {
                match self { $( $( Code::$variant => $summary, )* )* }
            }

            /// The stage that gives the code.
            pub fn stage(self) -> Stage {
                match self { $( $( Code::$variant => Stage::$stage, )* )* }
            }
        }
    };
}

codes! {
    Check {
        Syntax => "sup::syntax", "the text does not follow the grammar of a `.sup` file";
        TooDeeplyNested => "sup::too-deeply-nested", "a condition nests brackets and `not`s more deeply than `sup` reads";
        UnknownKeyword => "sup::unknown-keyword", "a statement starts with a word that is not a keyword";
        MissingHeader => "sup::missing-header", "the file has no `policy` or `framework` header";
        DuplicateHeader => "sup::duplicate-header", "the file has more than one header";
        UnknownHeaderField => "sup::unknown-header-field", "a header field that `sup` does not know";
        DuplicateHeaderField => "sup::duplicate-header-field", "a header field given twice";
        InvalidHeaderValue => "sup::invalid-header-value", "a header field with a value of the wrong kind";
        InvalidDate => "sup::invalid-date", "a date that does not exist, such as `2023-02-30`";
        UnknownTimezone => "sup::unknown-timezone", "a timezone that is not in the IANA database";
        ReviewOverdue => "sup::review-overdue", "the policy's review date has passed";
        EffectiveAfterReview => "sup::effective-after-review", "the policy takes effect after it is due for review";
        DuplicateDefinition => "sup::duplicate-definition", "two definitions with the same name";
        UnknownTable => "sup::unknown-table", "a table that the schema does not declare";
        UnknownColumn => "sup::unknown-column", "a column that the table does not have";
        UnknownType => "sup::unknown-type", "a column type that `sup` does not know";
        UnknownVocabulary => "sup::unknown-vocabulary", "a list of values (roles, purposes, ...) that is not declared";
        UnknownValue => "sup::unknown-value", "a role, purpose, kind or other value that is not declared";
        UnknownGroup => "sup::unknown-group", "a staff or case group that is not declared";
        UnknownActivity => "sup::unknown-activity", "a session kind or activity that is not declared";
        UnknownCalendar => "sup::unknown-calendar", "a calendar that is not declared";
        UnknownHolidays => "sup::unknown-holidays", "a holiday calendar that is not declared or shipped";
        UnknownRule => "sup::unknown-rule", "a rule that is not declared";
        UnknownMeasure => "sup::unknown-measure", "a limit on something `sup` cannot measure";
        UnknownPeriod => "sup::unknown-period", "a period such as `per year` that `sup` does not know";
        UnknownUnit => "sup::unknown-unit", "a unit that `sup` does not know";
        UnitMismatch => "sup::unit-mismatch", "a quantity of the wrong kind, such as a count where a duration belongs";
        TypeMismatch => "sup::type-mismatch", "a condition that compares values of different types";
        MissingWorkingHours => "sup::missing-working-hours", "a condition tests working hours, but the header does not declare them";
        WrongTable => "sup::wrong-table", "a group or activity about a different table than the rule needs";
        InvalidQuantity => "sup::invalid-quantity", "a negative, zero or fractional amount where that makes no sense";
        ImpossibleRange => "sup::impossible-range", "a range whose minimum is above its maximum";
        InvalidPeriod => "sup::invalid-period", "a calendar period that ends before it starts, or overlaps another";
        PhaseOverlap => "sup::phase-overlap", "two phases of a tenure schedule cover the same time";
        PhaseGap => "sup::phase-gap", "a tenure schedule leaves a stretch of time with no requirement";
        UnreachablePhase => "sup::unreachable-phase", "a phase that can never apply";
        OverrideCycle => "sup::override-cycle", "rules that override each other in a circle, so none of them judges anyone";
        ConflictingRules => "sup::conflicting-rules", "two rules govern the same thing (group and activity, measure, column or record kind) differently";
        ContradictoryRules => "sup::contradictory-rules", "two rules for the same people and activity that no one can meet together, such as a minimum above another rule's maximum";
        OverrideAfterLastPhase => "sup::override-after-last-phase", "a `by tenure` rule whose last phase ends still overrides another rule after it, leaving no requirement";
        ContradictoryAccess => "sup::contradictory-access", "an access rule both allows and denies the same role";
        OptionNotApplicable => "sup::option-not-applicable", "a rule option that means nothing for this kind of rule";
        DuplicateOption => "sup::duplicate-option", "a rule option given more than once";
        EmptyRule => "sup::empty-rule", "a rule with nothing in it to check";
        UnusedDefinition => "sup::unused-definition", "a group, table, calendar, holiday calendar or activity that nothing uses";
        MissingFramework => "sup::missing-framework", "the framework named in `conforms to` cannot be read";
        ConformanceCycle => "sup::conformance-cycle", "a policy conforms to itself, or to a framework that conforms back to it";
        StandingDirection => "sup::standing-direction", "a standing check that looks back with `booked`, or ahead without it";
        NoBookingDate => "sup::no-booking-date", "a `booked within the next` check on a table with no `booked` date column";
        WeakerThanFramework => "sup::weaker-than-framework", "a rule is less strict than the framework the policy conforms to, or the framework's rule has no counterpart";
    }
    // An export's files (`src/records/`): errors stop the evaluation (or,
    // for one row under `--lenient`, skip the row); notes change nothing.
    Records {
        RecordUnreadable => "sup::records::unreadable", "a file of the export, or the mapping, cannot be read";
        RecordMissingTable => "sup::records::missing-table", "no file for a table the policy's rules read";
        RecordAmbiguousTable => "sup::records::ambiguous-table", "two files for one table, such as `staff.csv` and `staff.jsonl`";
        RecordEmptyFile => "sup::records::empty-file", "a CSV file with not even a header row";
        RecordMissingColumn => "sup::records::missing-column", "a file without a column its table needs";
        RecordDuplicateColumn => "sup::records::duplicate-column", "a file that names one column twice";
        RecordRaggedRow => "sup::records::ragged-row", "a CSV row with more or fewer fields than the header";
        RecordBadCsv => "sup::records::bad-csv", "a CSV file that cannot be read as CSV, such as a quote left open";
        RecordBadJson => "sup::records::bad-json", "a line of a `.jsonl` file that is not one JSON object";
        RecordNotUtf8 => "sup::records::not-utf8", "a file, or a value, that is not UTF-8 text";
        RecordBadDate => "sup::records::bad-date", "a value that is not a date (or a date and time) where the column needs one";
        RecordBadValue => "sup::records::bad-value", "a value not of its column's type, such as text in a number column";
        RecordUnknownValue => "sup::records::unknown-value", "a value that is not one of the policy's values for its column";
        RecordMissingValue => "sup::records::missing-value", "a required value left empty";
        RecordDuplicateId => "sup::records::duplicate-id", "two rows of a table with the same id";
        RecordDanglingRef => "sup::records::dangling-ref", "a reference to an id that no row of the table has";
        RecordUnknownHistoryColumn => "sup::records::unknown-history-column", "a history file with a column its table does not have";
        RecordDatedLifetime => "sup::records::dated-lifetime", "a history file that dates a row's first or last day";
        RecordOverlappingHistory => "sup::records::overlapping-history", "two periods of one row's history that set a column on the same day";
        RecordBadMapping => "sup::records::bad-mapping", "a mapping file that is not what `sup` reads";
        RecordMissingSheet => "sup::records::missing-sheet", "a workbook without the sheet the mapping or the table names";
        RecordTooManyErrors => "sup::records::too-many-errors", "a file with more bad rows than are shown";
        RecordUnknownFile => "sup::records::unknown-file", "a file in the export folder that is no table's";
        RecordUnusedTable => "sup::records::unused-table", "a table's file that no rule reads";
        RecordNoWaivers => "sup::records::no-waivers", "the policy can be waived, but the export has no waivers file";
        RecordMissingOptionalColumn => "sup::records::missing-optional-column", "an optional column the export leaves out, read as empty";
        RecordMissingUnusedColumn => "sup::records::missing-unused-column", "a column the export leaves out that no rule reads";
        RecordUnknownColumn => "sup::records::unknown-column", "a column that its table does not have, ignored";
        RecordUnusedColumn => "sup::records::unused-column", "columns of a file that no rule reads";
        RecordMultiLineValue => "sup::records::multi-line-value", "a quoted CSV value that runs over several lines";
    }
    // Judging the rules (`src/eval/`): notes about what could not be judged,
    // or was judged on less than the records say.
    Eval {
        EvalEmptyValue => "sup::eval::empty-value", "a row is not judged by a rule because a value the rule needs is empty";
        EvalNegativeValue => "sup::eval::negative-value", "a member is not judged because a share or scale is negative";
        EvalSomeDaysNotJudged => "sup::eval::some-days-not-judged", "the days on which a member's share is empty or negative are not judged";
        EvalReversedNotice => "sup::eval::reversed-notice", "a row is not judged because its notice ends before it starts";
        EvalSamePerson => "sup::eval::same-person", "an alternation is not judged for a member whose two people are the same";
        EvalNoDuration => "sup::eval::no-duration", "sessions with no duration count as no time";
        EvalNoWindowEnded => "sup::eval::no-window-ended", "a rule judges no one because none of its windows has ended yet";
        EvalFutureRows => "sup::eval::future-rows", "rows dated on or after the as-of date are not counted";
        EvalOutsideLifetime => "sup::eval::outside-lifetime", "sessions dated outside their subject's lifetime count towards no rule";
        EvalHolidaysNotCovered => "sup::eval::holidays-not-covered", "the days judged reach past the years the holiday calendar lists";
        EvalWaiverNamesNoRule => "sup::eval::waiver-names-no-rule", "a waiver names a rule the policy does not have";
        EvalFutureAsOf => "sup::eval::future-as-of", "the as-of date is after today, so some days judged have no records yet";
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled span: the underlined text and what to say about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A machine-applicable edit that fixes the diagnostic (the language server
/// offers it as a quick fix).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub span: Span,
    pub replacement: String,
}

/// A location in another file that explains this diagnostic (the framework a
/// policy conforms to, say).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    pub file: String,
    pub span: Span,
    pub message: String,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The first label is the primary one: where the problem is.
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fixes: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(
        mut self,
        title: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        self.fixes.push(Fix {
            title: title.into(),
            span,
            replacement: replacement.into(),
        });
        self
    }

    pub fn with_related(
        mut self,
        file: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.into(),
            span,
            message: message.into(),
        });
        self
    }

    /// Add "did you mean `x`?" and its quick fix when a candidate is close to
    /// `word`; otherwise the help `otherwise` gives (if any). Every unknown
    /// name goes through here, so the CLI and the editor suggest alike.
    pub fn suggest_or<'a, I>(
        mut self,
        word: &str,
        span: Span,
        candidates: I,
        otherwise: impl FnOnce() -> Option<String>,
    ) -> Self
    where
        I: IntoIterator<Item = &'a str>,
    {
        match crate::suggest::closest(word, candidates) {
            Some(best) => {
                self = self.with_help(format!("did you mean `{best}`?")).with_fix(
                    format!("replace with `{best}`"),
                    span,
                    best,
                );
            }
            None => {
                if let Some(help) = otherwise() {
                    self = self.with_help(help);
                }
            }
        }
        self
    }

    /// The primary span, or an empty span at the start of the file.
    pub fn primary_span(&self) -> Span {
        self.labels.first().map_or_else(Span::default, |l| l.span)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where the primary span starts, as a line and column of `source`.
    pub fn position(&self, source: &str) -> LineColumn {
        line_column(source, self.primary_span().start as usize)
    }
}

/// Sort diagnostics by position, then code, so output is deterministic.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            a.primary_span().start,
            a.primary_span().end,
            a.code,
            &a.message,
        )
            .cmp(&(
                b.primary_span().start,
                b.primary_span().end,
                b.code,
                &b.message,
            ))
    });
}
