//! Source text → syntax tree. Knows nothing of records, evaluation or LSP.
//!
//! **Invariant:** parsing never fails as a whole. [`parse`] returns the tree
//! of every statement it could read and one diagnostic for each stretch it
//! could not, so an editor sees all the problems at once.

pub mod ast;
mod comments;
mod depth;
mod expected;
pub mod keywords;
mod parser;
mod reuse;
pub mod tokens;

use crate::diagnostic::Diagnostic;
pub use ast::Module;
pub use depth::MAX_NESTING;
pub use reuse::ParseCache;

/// Parse a whole file.
///
/// A UTF-8 byte-order mark at the start (Windows editors save one) is
/// skipped here, the one place every reader goes through, so that spans
/// still count bytes from the start of the text as given.
pub fn parse(source: &str) -> (Module, Vec<Diagnostic>) {
    // Lone carriage returns (old Mac line ends) end lines, as everywhere:
    // the grammar and the comment collector read `\n`, so swap them, byte
    // for byte, and every span still holds for the text as given.
    let normalised = crate::span::lone_cr_as_lf(source);
    let source = normalised.as_deref().unwrap_or(source);
    let comments = comments::collect(source);
    let text = source.strip_prefix(BOM).unwrap_or(source);
    let bom = source.len() - text.len();
    // Statements nested too deeply for the recursive code after this point
    // are blanked out (same length, so every span still holds) and reported.
    let (masked, mut too_deep) = mask_too_deep(text, bom, &chunks(text));
    let text = masked.as_deref().unwrap_or(text);
    match parser::parse_chunk(text, bom, true) {
        Ok(items) => (Module { items, comments }, too_deep),
        Err(_) => {
            // Recover at statement boundaries: each top-level statement that
            // starts at the beginning of a line is parsed on its own, so one
            // mistake costs one statement, not the rest of the file.
            let mut items = Vec::new();
            let mut diagnostics = Vec::new();
            for (start, end) in chunks(text) {
                let last = end == text.len();
                match parser::parse_chunk(text.get(start..end).unwrap_or(""), bom + start, last) {
                    Ok(mut found) => items.append(&mut found),
                    Err(d) => {
                        // A stray line at column 1 that starts no statement
                        // (`foo bar`) joins the statement above it: if the
                        // mistake is on such a line and the lines before it
                        // read on their own, keep that statement and report
                        // only the stray stretch.
                        let at = (d.primary_span().start as usize).saturating_sub(bom);
                        let line = text.get(..at).and_then(|t| t.rfind('\n')).map(|i| i + 1);
                        let stray = line.filter(|&l| {
                            l > start
                                && l < end
                                && text
                                    .get(l..)
                                    .is_some_and(|r| r.starts_with(|c: char| !c.is_whitespace()))
                        });
                        let kept = stray.and_then(|l| {
                            parser::parse_chunk(
                                text.get(start..l).unwrap_or(""),
                                bom + start,
                                false,
                            )
                            .ok()
                            .map(|found| (l, found))
                        });
                        match kept {
                            Some((l, mut found)) => {
                                items.append(&mut found);
                                match parser::parse_chunk(
                                    text.get(l..end).unwrap_or(""),
                                    bom + l,
                                    last,
                                ) {
                                    Ok(mut rest) => items.append(&mut rest),
                                    Err(e) => diagnostics.push(*e),
                                }
                            }
                            None => diagnostics.push(*d),
                        }
                    }
                }
            }
            diagnostics.append(&mut too_deep);
            crate::diagnostic::sort(&mut diagnostics);
            (Module { items, comments }, diagnostics)
        }
    }
}

/// Parse a whole file as [`parse`] does, reusing the statements `cache`
/// holds from earlier versions of it (same text at the same offset) and
/// keeping the new ones there. Only a file whose every statement parses on
/// its own is assembled from statements; any other goes through [`parse`],
/// so the tree and the diagnostics are always the same as its.
pub fn parse_reusing(source: &str, cache: &ParseCache) -> (Module, Vec<Diagnostic>) {
    let normalised = crate::span::lone_cr_as_lf(source);
    let text = normalised.as_deref().unwrap_or(source);
    let body = text.strip_prefix(BOM).unwrap_or(text);
    let bom = text.len() - body.len();
    // The statements are found once (each line's first word is read by the
    // grammar), and again only if one was blanked out.
    let found = chunks(body);
    let (masked, too_deep) = mask_too_deep(body, bom, &found);
    let chunks = match &masked {
        Some(masked) => chunks(masked),
        None => found,
    };
    let body = masked.as_deref().unwrap_or(body);
    let mut items = Vec::new();
    for &(start, end) in &chunks {
        let chunk = body.get(start..end).unwrap_or("");
        if let Some(mut found) = cache.get(bom + start, chunk) {
            items.append(&mut found);
            continue;
        }
        let last = end == body.len();
        match parser::parse_chunk(chunk, bom + start, last) {
            Ok(mut found) => {
                cache.put(bom + start, chunk, &found);
                items.append(&mut found);
            }
            Err(_) => return parse(source),
        }
    }
    let comments = comments::collect(text);
    (Module { items, comments }, too_deep)
}

/// The byte-order mark, U+FEFF.
pub const BOM: char = '\u{feff}';

/// Each statement that nests deeper than [`MAX_NESTING`] gets a
/// `sup::too-deeply-nested` diagnostic and is replaced by spaces (line ends
/// kept), so the grammar never recurses through it. `None` when every
/// statement is within the limit, the usual case, which copies nothing.
/// `chunks` are the statements of `text` (found once by the caller).
fn mask_too_deep(
    text: &str,
    offset: usize,
    chunks: &[(usize, usize)],
) -> (Option<String>, Vec<Diagnostic>) {
    let mut masked: Option<Vec<u8>> = None;
    let mut found = Vec::new();
    for &(start, end) in chunks {
        let Some((from, to)) = depth::first_too_deep(text.get(start..end).unwrap_or("")) else {
            continue;
        };
        found.push(depth::diagnostic(
            offset + start + from,
            offset + start + to,
        ));
        let bytes = masked.get_or_insert_with(|| text.as_bytes().to_vec());
        for b in bytes.get_mut(start..end).unwrap_or_default() {
            if !matches!(*b, b'\n' | b'\r') {
                *b = b' ';
            }
        }
    }
    // Only ASCII bytes were written, over whole statements, so the text is
    // still UTF-8; the fallback keeps library code free of panics.
    let masked = masked.map(|b| String::from_utf8(b).unwrap_or_default());
    (masked, found)
}

/// Byte ranges of the stretches between lines that start a statement at
/// column 1.
fn chunks(source: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let begins_statement = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && parser::starts_item(line);
        if offset > 0 && begins_statement {
            starts.push(offset);
        }
        offset += line.len();
    }
    let mut ranges = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(source.len());
        ranges.push((start, end));
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn parses_an_empty_file() {
        let (module, diagnostics) = parse("");
        assert!(module.items.is_empty());
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_skipped_and_spans_still_count_it() {
        let src = "\u{feff}group g: staff\ngroup h: staf where\n";
        let (module, diagnostics) = parse(src);
        assert_eq!(module.items.len(), 1, "{diagnostics:#?}");
        let ast::Item::Group(g) = &module.items[0] else {
            panic!("{:#?}", module.items);
        };
        assert_eq!(
            &src[g.name.span.start as usize..g.name.span.end as usize],
            "g"
        );
        let (clean, diagnostics) = parse("\u{feff}group g: staff\n");
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        assert_eq!(clean.items.len(), 1);
    }

    #[test]
    fn recovers_at_each_statement() {
        let src = "group g1: staff where\ngroup g2: staff\nrule r: require one_to_one for g2: at least\ngroup g3: staff\n";
        let (module, diagnostics) = parse(src);
        assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
        assert_eq!(module.items.len(), 2);
    }

    #[test]
    fn a_stray_line_costs_only_itself_not_the_statement_above() {
        let src = "group g1: staff\ngroup g2: staf\nfoo bar\ngroup g3: staff\n";
        let (module, diagnostics) = parse(src);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert!(diagnostics[0].message.contains("foo"), "{diagnostics:#?}");
        assert_eq!(module.items.len(), 3, "g1, g2 and g3 are all read");
        // A continuation that is indented is part of its statement: the
        // whole statement is the mistake, as before.
        let (module, diagnostics) = parse("group g1: staff where\n  foo bar\ngroup g2: staff\n");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert_eq!(module.items.len(), 1);
    }

    #[test]
    fn a_length_after_per_suggests_in_any() {
        let src = "rule r: require one_to_one for g: at least 6 per 12 months\n";
        let (_, diagnostics) = parse(src);
        assert_eq!(diagnostics[0].code, Code::Syntax);
        let fix = &diagnostics[0].fixes[0];
        assert_eq!(
            &src[fix.span.start as usize..fix.span.end as usize],
            "per 12 months"
        );
        assert_eq!(fix.replacement, "in any 12 months");
    }

    #[test]
    fn an_unknown_unit_after_per_gets_no_fix_but_says_what_per_takes() {
        let (_, diagnostics) =
            parse("rule r: require one_to_one for g: at least 6 per 12 kilograms\n");
        let d = &diagnostics[0];
        assert!(d.message.contains("after `per`"), "{d:#?}");
        assert!(d.fixes.is_empty(), "{d:#?}");
        assert!(
            d.help.as_deref().unwrap_or("").contains("in any 12 months"),
            "{d:#?}"
        );
    }

    #[test]
    fn a_missing_colon_is_inserted_after_the_word_before_it() {
        let src = "policy \"P\" {\n  review 2027-01-01\n}\n";
        let (_, diagnostics) = parse(src);
        let fix = &diagnostics[0].fixes[0];
        assert_eq!(fix.replacement, ":");
        assert_eq!(fix.span.start, fix.span.end);
        assert!(src[..fix.span.start as usize].ends_with("review"));
    }

    #[test]
    fn a_header_field_without_a_value_is_named() {
        let help = |src: &str| parse(src).1[0].help.clone().unwrap_or_default();
        assert_eq!(
            help("policy \"P\" {\n  owner: \"X\"\n  review:\n}\n"),
            "`review:` has no value: write one after the `:`"
        );
        assert!(help("policy \"P\" {\n  owner:\n  review: 2027-01-01\n}\n")
            .starts_with("`owner:` on the line above has no value"),);
        assert!(help("policy {\n}\n").contains("title in double quotes"));
        // Underlined where the value belongs, at the end of `review:`.
        let src = "policy \"P\" {\n  review:\n}\n";
        let span = parse(src).1[0].primary_span();
        assert!(src[..span.start as usize].ends_with("review:"), "{span:?}");
        // Something else after the `:` is another mistake.
        assert!(!help("rule r: requir one_to_one for g: every 1 week\n").contains("no value"));
    }

    #[test]
    fn a_misspelt_keyword_inside_a_statement_gets_a_suggestion() {
        let first = |src: &str| parse(src).1.remove(0);
        let d = first("rule r: requre one_to_one for g: every 1 week\n");
        assert_eq!(d.help.as_deref(), Some("did you mean `require`?"));
        let d = first("rule r: require one_to_one for g: every 1 week, waiveable by m\n");
        assert_eq!(d.fixes[0].replacement, "waivable");
        // A name where a keyword belongs is not "corrected" to a keyword.
        let d = first("rule r: require one_to_one for g: monthly\n");
        assert!(d.fixes.is_empty(), "{d:#?}");
    }

    #[test]
    fn a_unit_apart_from_its_number_is_joined_by_the_fix() {
        let fixed = |src: &str| {
            let (_, diagnostics) = parse(src);
            let fix = diagnostics[0].fixes[0].clone();
            let (start, end) = (fix.span.start as usize, fix.span.end as usize);
            format!("{}{}{}", &src[..start], fix.replacement, &src[end..])
        };
        assert_eq!(
            fixed("rule r: deadline sessions: recorded within 48hours of start\n"),
            "rule r: deadline sessions: recorded within 48 hours of start\n"
        );
        assert_eq!(
            fixed("rule r: require one_to_one for g: every 2\n  weeks\n"),
            "rule r: require one_to_one for g: every 2 weeks\n"
        );
        assert_eq!(
            fixed("rule r: limit team_cover for g: at least 50 %\n"),
            "rule r: limit team_cover for g: at least 50%\n"
        );
    }

    #[test]
    fn no_colon_is_offered_before_punctuation() {
        let src = "rule r: retain personal_supervision, appraisal records: at least 6 years after leaving\n";
        let (_, diagnostics) = parse(src);
        assert!(diagnostics[0].fixes.is_empty(), "{:#?}", diagnostics[0]);
    }

    #[test]
    fn an_unfinished_statement_is_underlined_where_it_stops() {
        let src = "rule r: require one_to_one for  # to do\n\ngroup g: staff\n";
        let (_, diagnostics) = parse(src);
        let span = diagnostics[0].primary_span();
        assert!(src[..span.start as usize].ends_with("for"), "{span:?}");
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("name the group the rule is for (`for social_workers`), or delete the unfinished rule")
        );
    }

    #[test]
    fn a_misspelt_keyword_gets_a_suggestion() {
        let (_, diagnostics) = parse("rul r: require one_to_one for g: every 1 week\n");
        assert_eq!(diagnostics[0].code, Code::UnknownKeyword);
        assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `rule`?"));
    }
}

#[cfg(test)]
mod condition_tests {
    use super::ast::{Condition, Item, Term};

    /// The condition of the first group in `src`.
    fn group_condition(src: &str) -> Condition {
        let (module, diagnostics) = super::parse(src);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        match module.items.into_iter().next() {
            Some(Item::Group(g)) => g.condition.unwrap_or_else(|| panic!("no condition")),
            other => panic!("not a group: {other:?}"),
        }
    }

    #[test]
    fn a_path_through_a_reference_is_two_segments() {
        let Condition::Is { path, .. } =
            group_condition("group g: absences where staff.role is officer\n")
        else {
            panic!("not an is-test");
        };
        assert_eq!(path.node.dotted(), "staff.role");
    }

    #[test]
    fn within_working_hours_and_its_negation() {
        for (src, want) in [
            ("start is within working hours", false),
            ("start is not within working hours", true),
        ] {
            let c = group_condition(&format!("group g: sessions where {src}\n"));
            let Condition::WorkingHours { path, negated, .. } = c else {
                panic!("{src}: {c:?}");
            };
            assert_eq!((path.node.dotted().as_str(), negated), ("start", want));
        }
    }

    #[test]
    fn month_of_is_a_term_and_month_alone_is_a_column() {
        let c = group_condition("group g: t where month of taken = month of accrued\n");
        let Condition::Compare { left, right, .. } = c else {
            panic!("{c:?}");
        };
        assert!(matches!(left.first, Term::MonthOf(ref p, _) if p.node.dotted() == "taken"));
        assert!(matches!(right.first, Term::MonthOf(ref p, _) if p.node.dotted() == "accrued"));
        let c = group_condition("group g: t where month = 3\n");
        let Condition::Compare { left, .. } = c else {
            panic!("{c:?}");
        };
        assert!(matches!(left.first, Term::Path(ref p) if p.node.dotted() == "month"));
    }
}

#[cfg(test)]
mod prelude_tests {
    #[test]
    fn the_prelude_parses() {
        let (module, diagnostics) = super::parse(include_str!("../check/prelude.sup"));
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        assert!(module.items.len() > 10);
    }
}
