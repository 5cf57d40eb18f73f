//! Turns pest's pairs into the typed syntax tree.
//!
//! This is the only module that names the grammar's `Rule` enum: everything
//! after it works on [`crate::syntax::ast`]. Parsing never fails as a whole:
//! it returns what it could read and a diagnostic for each statement it could
//! not (see [`crate::syntax::recovery`]).
//!
//! This file holds the entry point, the keyword lists and the lowering of
//! names, the header and columns; `definitions` lowers tables, vocabularies,
//! groups, calendars and activities, `rules` each rule family, and
//! `conditions` quantities, values and conditions.

use pest::iterators::Pair;
use pest::Parser;

use super::ast::*;
use super::expected;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

mod conditions;
mod definitions;
mod rules;

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/sup.pest"]
struct SupParser;

/// Parse `text`, a piece of a file that starts at byte `offset` of it.
/// Spans in the result are relative to the whole file.
pub(super) fn parse_chunk(
    text: &str,
    offset: usize,
    last_chunk: bool,
) -> Result<Vec<Item>, Box<Diagnostic>> {
    match SupParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let lower = Lower { offset };
            let items = pairs
                .next()
                .map(|file| {
                    file.into_inner()
                        .filter(|p| p.as_rule() != Rule::EOI)
                        .filter_map(|p| lower.item(p))
                        .collect()
                })
                .unwrap_or_default();
            Ok(items)
        }
        Err(error) => {
            let position = match error.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((start, _)) => start,
            };
            let mut wanted: Vec<&'static str> = match &error.variant {
                pest::error::ErrorVariant::ParsingError { positives, .. } => {
                    // After `at least 4` a window is what is missing far more
                    // often than `and at most` or `apart`: naming those
                    // first would bury it.
                    // Likewise `to` after a complete `every 2` (a gap
                    // range's first number), where options may follow.
                    let window = positives.contains(&Rule::window);
                    let options = positives.contains(&Rule::rule_option);
                    positives
                        .iter()
                        .filter(|r| !(window && matches!(r, Rule::kw_and | Rule::kw_apart)))
                        .filter(|r| !(options && **r == Rule::kw_to))
                        .filter_map(|r| describe(*r))
                        .collect()
                }
                pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
            };
            wanted.sort_unstable();
            wanted.dedup();
            Err(Box::new(expected::diagnostic(
                text, offset, position, &wanted, last_chunk,
            )))
        }
    }
}

/// True when `word` starts a top-level statement, so recovery can resync there.
pub(super) fn starts_item(line: &str) -> bool {
    // A statement keyword (`kw_group` is `"group" ~ !word_chars`: the next
    // character is no letter and no `_`) answers without a parse, which
    // costs more than the rest of the line scan; anything else, the
    // headings of lists of values included, is the grammar's to answer.
    let keyword = super::keywords::STATEMENT_STARTS.iter().any(|kw| {
        line.strip_prefix(kw).is_some_and(|rest| {
            !rest
                .as_bytes()
                .first()
                .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_')
        })
    });
    keyword || SupParser::parse(Rule::item_start, line).is_ok()
}

/// Whether `word` is a reserved word (grammar rule `reserved`), which can
/// never be a name.
pub(super) fn is_reserved(word: &str) -> bool {
    SupParser::parse(Rule::reserved, word).is_ok_and(|mut p| {
        p.next()
            .is_some_and(|pair| pair.as_str().len() == word.len())
    })
}

/// A grammar rule in plain words, for "expected ..." messages; `None` for
/// rules too internal to mean anything to an author.
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        file | header | table_decl | extend_decl | group_decl | calendar_decl | holidays_decl
        | activity_decl | rule_decl | vocab_decl | vocab_head | vocab_word | kw_policy | kw_framework
        | kw_table | kw_extend | kw_group | kw_calendar | kw_holidays | kw_activity | kw_rule
        | kw_values | EOI => expected::STATEMENT,
        header_field | field_name => "a header field such as `review: 2026-09-01`",
        field_value | value => "a value: a word, a number, a date or text in double quotes",
        vocab_values | vocab_value => "a value such as `service_manager` or `service_manager \"Service Manager\"`",
        column_decl => "a column such as `placement_days: optional number \"placement days a week\"`",
        lifetime_decl | kw_lifetime => "a lifetime such as `lifetime from approved to deregistered`",
        column_type | ref_type | one_of_type | set_of_type | kw_ref | kw_set => {
            "a column type such as `date`, `ref staff` or `one of role`"
        }
        period_decl => "a period such as `autumn_1: 2025-09-03 to 2025-10-24`",
        holiday_include | holiday_date | kw_include => "a date or `include NAME`",
        rule_option | waivable | overrides | not_pro_rata | pro_rata | partial_windows | alternating
        | kw_waivable | kw_overrides | kw_pro | kw_partial | kw_alternating => "a rule option such as `waivable by service_manager`",
        frequency | eligibility | limit | deadline | retention | access | kw_require | kw_eligible
        | kw_limit | kw_deadline | kw_retain | kw_access => {
            "a rule such as `require ...`, `eligible supervisor ...`, `limit ...`, `deadline ...`, `retain ...` or `access ...`"
        }
        requirement | at_least_req | every_req | kw_every | at_most_req | min_gap_req => {
            "a requirement such as `at least 10 per year`, `at most 2 per month`, `every 2 weeks` or `at least 4 weeks apart`"
        }
        most_also => "`and at most N`",
        gap_range => "a gap range such as `4 to 6 weeks`",
        kw_apart => "`apart`",
        window | per_period | in_any | in_each => "a window such as `per year`, `in any 12 months` or `in each half_term`",
        period_word => "a period such as `year`, `month` or `calendar month`",
        phased | kw_tenure => "`by tenure { ... }` or `:` and a requirement",
        phase | phase_range | first_phase | until_phase | from_phase | then_phase | kw_first
        | kw_until | kw_from | kw_then => "a phase such as `first 6 weeks:`, `until 12 months:` or `then:`",
        eligibility_clause | kw_when => "a condition such as `supervisor.level > supervisee.level`",
        range | at_most | at_least | between | from_to | kw_between => "a range such as `5 to 7` or `at most 6`",
        deadline_end | within_of | before_next | lead_time | lead_length | kw_within | kw_before
        | kw_length => {
            "`within 48 hours of COLUMN`, `before the next ACTIVITY`, `at least 1 week before COLUMN` or `at least the length of COLUMN to COLUMN before COLUMN`"
        }
        attribute | kw_member => "`every member of GROUP: CONDITION`",
        standing | standing_booked | standing_side | kw_last | kw_booked => {
            "`ACTIVITY within the last 3 years` or `ACTIVITY booked within the next 3 months`"
        }
        grant_notify => "`and notify subject`",
        retention_bound => "`at least 6 years` or `at most 7 years`",
        retention_anchor | kw_leaving | kw_creation => "`leaving` or `creation`",
        allow_clause | deny_clause | notify_clause | kw_allow | kw_deny | kw_notify => {
            "`allow ROLE for PURPOSE`, `deny ROLE` or `notify subject`"
        }
        condition | or_expr | and_expr | not_expr | negation | is_test | has_test | in_test | comparison
        | presence_test | kw_recorded => {
            "a condition such as `role is social_worker`"
        }
        is_not | one_of_values => "a value, `not` or `one of`",
        compare_op => "a comparison such as `>=` or `=`",
        operand | path => "a column such as `supervisor.level`",
        arith_op => "`+` or `-`",
        name | name_list | activity_list | measure | word => "a name",
        grantee_list => "a role, or a relationship such as `supervisor.line_manager`",
        string | string_body => "text in double quotes",
        date => "a date such as `2025-09-01`",
        number | quantity | amount | once | twice => "a number such as `10` or `48 hours`",
        unit => "a unit such as `hours`, `working days` or `years`",
        colon => "`:`",
        open_brace => "`{`",
        close_brace => "`}`",
        kw_of => "`of`",
        kw_to => "`to`",
        kw_by => "`by`",
        kw_on => "`on`",
        kw_for => "`for`",
        kw_where => "`where`",
        kw_with => "`with`",
        kw_at => "`at`",
        kw_least => "`least`",
        kw_most => "`most`",
        kw_per => "`per`",
        kw_in => "`in`",
        kw_any => "`any`",
        kw_each => "`each`",
        kw_and => "`and`",
        kw_or => "`or`",
        kw_not => "`not`",
        kw_is => "`is`",
        kw_has => "`has`",
        kw_after => "`after`",
        kw_next => "`next`",
        kw_subject => "`subject`",
        kw_supervisor => "`supervisor`",
        kw_rata => "`rata`",
        kw_windows => "`windows`",
        kw_scaled => "`scaled by`",
        kw_one => "`one of`",
        kw_optional => "`optional`",
        kw_excluding => "`excluding`",
        _ => return None,
    })
}

struct Lower {
    offset: usize,
}

impl Lower {
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(s.start() + self.offset, s.end() + self.offset)
    }

    /// The span of a statement or clause: from its first token to the end of
    /// its last one. pest's own span would also take in the blank lines and
    /// comments after it, which belong to the next statement.
    fn stmt_span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        // What follows a statement's last token is what the grammar skips:
        // whitespace and comments. With no `#` in the text there is no
        // comment, and no token ends in whitespace, so the last token ends
        // where the trailing whitespace starts: no walk down the tree (the
        // usual case for a clause or a condition).
        let text = s.as_str();
        if !text.contains('#') {
            let end = s.start() + text.trim_end_matches([' ', '\t', '\r', '\n']).len();
            return Span::new(s.start() + self.offset, end + self.offset);
        }
        self.walked_span(pair)
    }

    /// [`Lower::stmt_span`] found by walking down to the last token.
    fn walked_span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        // Follow the last child down to a token; strings, quantities and
        // paths are tokens whose own spans are exact.
        let mut last = pair.clone();
        while !matches!(last.as_rule(), Rule::string | Rule::quantity | Rule::path) {
            // `next_back`: the last child without walking the others.
            match last.clone().into_inner().next_back() {
                Some(child) => last = child,
                None => break,
            }
        }
        let end = last.as_span().end().max(s.start());
        Span::new(s.start() + self.offset, end + self.offset)
    }

    fn name(&self, pair: Pair<Rule>) -> Name {
        Spanned::new(pair.as_str().to_string(), self.span(&pair))
    }

    fn string(&self, pair: Pair<Rule>) -> Spanned<String> {
        let span = self.span(&pair);
        let body = pair
            .into_inner()
            .next()
            .map(|b| b.as_str().to_string())
            .unwrap_or_default();
        Spanned::new(body, span)
    }

    fn names(&self, pair: Pair<Rule>) -> Vec<Name> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::name)
            .map(|p| self.name(p))
            .collect()
    }

    /// A list of grantees: each a role or a dotted relationship, kept as
    /// written (`supervisor.line_manager`) for the checker to split.
    fn grantees(&self, pair: Pair<Rule>) -> Vec<Name> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::path)
            .map(|p| {
                let span = self.span(&p);
                Name::new(p.as_str().to_string(), span)
            })
            .collect()
    }

    fn item(&self, pair: Pair<Rule>) -> Option<Item> {
        Some(match pair.as_rule() {
            Rule::header => Item::Header(self.header(pair)),
            Rule::table_decl => Item::Table(self.table(pair)),
            Rule::extend_decl => Item::Extend(self.extend(pair)),
            Rule::vocab_decl => Item::Vocabulary(self.vocabulary(pair)),
            Rule::group_decl => Item::Group(self.group(pair)),
            Rule::calendar_decl => Item::Calendar(self.calendar(pair)),
            Rule::holidays_decl => Item::Holidays(self.holidays(pair)),
            Rule::activity_decl => Item::Activity(self.activity(pair)),
            Rule::rule_decl => Item::Rule(self.rule(pair)?),
            _ => return None,
        })
    }

    fn header(&self, pair: Pair<Rule>) -> Header {
        let span = self.stmt_span(&pair);
        let mut kind = PolicyKind::Policy;
        let mut title = Spanned::new(String::new(), span);
        let mut fields = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::policy_kind if p.as_str() == "framework" => kind = PolicyKind::Framework,
                Rule::string => title = self.string(p),
                Rule::header_field => {
                    let fspan = self.stmt_span(&p);
                    let mut name = None;
                    let mut value = None;
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::field_name => {
                                // The words only: the text between them may hold a comment.
                                let span = self.span(&q);
                                let words: Vec<&str> = q.into_inner().map(|w| w.as_str()).collect();
                                name = Some(Spanned::new(words.join(" "), span));
                            }
                            Rule::field_value => {
                                let vspan = self.span(&q);
                                value = q
                                    .into_inner()
                                    .next()
                                    .map(|v| self.value(v))
                                    .map(|v| Spanned::new(v, vspan));
                            }
                            _ => {}
                        }
                    }
                    if let (Some(name), Some(value)) = (name, value) {
                        fields.push(HeaderField {
                            name,
                            value,
                            span: fspan,
                        });
                    }
                }
                _ => {}
            }
        }
        Header {
            kind,
            title,
            fields,
            span,
        }
    }

    fn columns<'i>(&self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<ColumnDecl> {
        pairs
            .filter(|p| p.as_rule() == Rule::column_decl)
            .filter_map(|p| self.column(p))
            .collect()
    }

    fn column(&self, pair: Pair<Rule>) -> Option<ColumnDecl> {
        let span = self.stmt_span(&pair);
        let mut name = None;
        let mut optional = false;
        let mut ty = None;
        let mut label = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.name(p)),
                Rule::optional_marker => optional = true,
                Rule::string => label = Some(self.string(p)),
                Rule::column_type => {
                    let tspan = self.span(&p);
                    let inner = p.into_inner().next()?;
                    let expr = match inner.as_rule() {
                        Rule::ref_type => ColumnTypeExpr::Ref(self.last_name(inner)?),
                        Rule::one_of_type => ColumnTypeExpr::OneOf(self.last_name(inner)?),
                        Rule::set_of_type => ColumnTypeExpr::SetOf(self.last_name(inner)?),
                        _ => ColumnTypeExpr::Basic(inner.as_str().to_string()),
                    };
                    ty = Some(Spanned::new(expr, tspan));
                }
                _ => {}
            }
        }
        Some(ColumnDecl {
            name: name?,
            optional,
            ty: ty?,
            label,
            span,
        })
    }

    fn last_name(&self, pair: Pair<Rule>) -> Option<Name> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::name)
            .last()
            .map(|p| self.name(p))
    }

    fn first_name(&self, pair: &Pair<Rule>) -> Option<Name> {
        pair.clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::name)
            .map(|p| self.name(p))
    }

    fn label(&self, pair: &Pair<Rule>) -> Option<Spanned<String>> {
        pair.clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::string)
            .map(|p| self.string(p))
    }

    fn condition_child(&self, pair: &Pair<Rule>) -> Option<Condition> {
        pair.clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::condition)
            .and_then(|p| self.condition(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `.sup` file under `dir`, recursively.
    fn sup_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sup_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "sup") {
                out.push(path);
            }
        }
    }

    #[test]
    fn a_span_without_a_comment_is_trimmed_to_where_the_walk_ends() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        sup_files(&root.join("policies"), &mut files);
        sup_files(&root.join("tests/data"), &mut files);
        assert!(files.len() > 50, "the policies and fixtures were not found");
        let lower = Lower { offset: 3 };
        let mut compared = 0;
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let Ok(pairs) = SupParser::parse(Rule::file, &text) else {
                continue;
            };
            // The file itself (ending at `EOI`) is never lowered with a span.
            for pair in pairs
                .flatten()
                .filter(|p| !matches!(p.as_rule(), Rule::file | Rule::EOI))
            {
                let span = lower.stmt_span(&pair);
                let walked = lower.walked_span(&pair);
                assert_eq!(
                    (span.start, span.end),
                    (walked.start, walked.end),
                    "{} {:?} {:?}",
                    file.display(),
                    pair.as_rule(),
                    pair.as_str()
                );
                compared += 1;
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    #[test]
    fn a_statement_start_is_the_grammars_with_or_without_the_shortcut() {
        for line in [
            "rule r: x\n",
            "rule1 r\n",
            "rules\n",
            "rule_x\n",
            "group: x\n",
            "group\n",
            "group",
            "groupé\n",
            "policy \"P\" {\n",
            "framework\n",
            "values of colours: red\n",
            "values\n",
            "roles: a, b\n",
            "rolesx: a\n",
            "session kinds: live\n",
            "calendarx\n",
            "foo bar\n",
            "activity\tx\n",
        ] {
            let grammar = SupParser::parse(Rule::item_start, line).is_ok();
            assert_eq!(starts_item(line), grammar, "{line:?}");
        }
    }
}
