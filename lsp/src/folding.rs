//! Folding ranges: multi-line statements, runs of comment lines, and the
//! `# ---- section` banners the shipped policies use.

use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

use crate::analysis::Analysis;

pub fn folding_ranges(analysis: &Analysis) -> Vec<FoldingRange> {
    let text = &*analysis.text;
    let line_of = |offset: u32| analysis.index.position(text, offset as usize).line;
    let mut ranges = Vec::new();
    for item in &analysis.checked.module.items {
        let span = analysis.trimmed(item.span());
        let (start, end) = (line_of(span.start), line_of(span.end));
        if end > start {
            ranges.push(fold(start, end, None));
        }
    }
    // Runs of whole-line comments (two or more lines), and sections.
    let lines: Vec<&str> = text.lines().collect();
    let is_comment = |l: &str| l.trim_start().starts_with('#');
    let is_banner = |l: &str| l.trim_start().starts_with("# ----");
    let mut i = 0;
    while i < lines.len() {
        if lines.get(i).is_some_and(|l| is_comment(l) && !is_banner(l)) {
            let start = i;
            while lines
                .get(i + 1)
                .is_some_and(|l| is_comment(l) && !is_banner(l))
            {
                i += 1;
            }
            if i > start {
                ranges.push(fold(
                    to_u32(start),
                    to_u32(i),
                    Some(FoldingRangeKind::Comment),
                ));
            }
        }
        i += 1;
    }
    let banners: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_banner(l))
        .map(|(i, _)| i)
        .collect();
    for (k, &start) in banners.iter().enumerate() {
        let next = banners.get(k + 1).copied().unwrap_or(lines.len());
        // End on the last non-blank line of the section.
        let mut end = next.saturating_sub(1);
        while end > start && lines.get(end).is_some_and(|l| l.trim().is_empty()) {
            end -= 1;
        }
        if end > start {
            ranges.push(fold(
                to_u32(start),
                to_u32(end),
                Some(FoldingRangeKind::Region),
            ));
        }
    }
    ranges.sort_by_key(|r| (r.start_line, std::cmp::Reverse(r.end_line)));
    ranges
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn fold(start_line: u32, end_line: u32, kind: Option<FoldingRangeKind>) -> FoldingRange {
    FoldingRange {
        start_line,
        start_character: None,
        end_line,
        end_character: None,
        kind,
        collapsed_text: None,
    }
}
