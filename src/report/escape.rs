//! Text from an export (ids, codes, team names, waiver reasons, file names,
//! the values quoted in errors), made safe for every report that shows it:
//! the one place every command escapes — `eval` in all its formats (HTML
//! included),
//! `explain`, `diff --records` and the errors printed when an export cannot
//! be read.
//!
//! What is unsafe is the same everywhere ([`is_unsafe`]): control
//! characters (an escape sequence could recolour, hide or rewrite what a
//! terminal shows; a line break would forge a line of the report; most are
//! illegal in XML 1.0) and the bidirectional overrides and isolates that
//! reorder what is seen. Each format shows them as Rust writes them,
//! `\u{1b}`, `\n`, `\u{202e}`, so what the export holds can still be read
//! and fixed; text without them comes back unchanged.

use std::borrow::Cow;

/// A character no report shows as it is: a control character (C0, DEL,
/// C1) or a bidirectional override or isolate.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text as it is safe to print on a terminal (the human reports), with
/// every [`is_unsafe`] character escaped.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text from an export in a Markdown table cell. The page is read in a
/// browser and in a job log, so it is escaped as for a terminal too (a
/// right-to-left override in an id would reorder the row as shown); a `|`
/// would end the cell and a `<` could open HTML.
pub fn markdown_cell(text: &str) -> String {
    terminal(text).replace('|', "\\|").replace('<', "&lt;")
}

/// Text the policy wrote (a rule's wording, a description) in a Markdown
/// table cell: its line breaks are its own wrapping, so they become spaces;
/// anything else unsafe is escaped, and a `|` would end the cell.
pub fn markdown_policy_cell(text: &str) -> String {
    terminal(&text.replace('\n', " ")).replace('|', "\\|")
}

/// Text in an XML attribute or element (JUnit). `text` is written by the
/// report itself, so its line breaks are kept (as `&#10;`); export text in
/// it has been through [`terminal`] already. Any other character XML 1.0
/// cannot hold (the C0 controls, U+FFFE, U+FFFF) is escaped as text, so the
/// file stays well-formed and nothing is dropped unseen.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.extend(c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

/// Text in an HTML page (the `html` report), in an element or a quoted
/// attribute: escaped as for a terminal first (a bidirectional override in
/// an id would reorder what the reader sees, a line break would forge a
/// line), then `&`, `<`, `>`, `"` and `'` as character references, so no
/// text from an export can open an element, close an attribute or run a
/// script.
pub fn html(text: &str) -> String {
    let safe = terminal(text);
    let mut out = String::with_capacity(safe.len() + 8);
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A cell of the CSV report: escaped as for a terminal (the file is as
/// likely to be printed as opened), and kept from being read as a formula
/// by a spreadsheet (a cell starting `=`, `+`, `@`, or `-` and a non-digit
/// is prefixed with `'`). The CSV writer quotes what needs quoting.
pub fn csv_cell(text: &str) -> String {
    let cell = terminal(text);
    let risky = match cell.as_bytes() {
        [b'=' | b'+' | b'@', ..] => true,
        [b'-', next, ..] => !next.is_ascii_digit(),
        _ => false,
    };
    if risky {
        format!("'{cell}")
    } else {
        cell.into_owned()
    }
}

/// One line of a GitHub Actions workflow command's message (`::error ...::MESSAGE`): unsafe
/// characters escaped as for a terminal (a line break in the text cannot end the command
/// early), then `%` written `%25`, as the runner decodes it. Join lines with `%0A`.
pub fn github_message(text: &str) -> String {
    terminal(text).replace('%', "%25")
}

/// A workflow command's property value (`file=...,title=...`): as [`github_message`], with the
/// `:` and `,` that would end the value written `%3A` and `%2C`.
pub fn github_property(text: &str) -> String {
    github_message(text).replace(':', "%3A").replace(',', "%2C")
}

/// JSON as serde wrote it, with the unsafe characters serde leaves raw
/// (DEL, the C1 controls, the bidirectional overrides) written as `\uXXXX`
/// too. serde escapes the C0 controls inside strings; outside strings JSON
/// has only ASCII punctuation and white space, so every character changed
/// here is inside a string, and the JSON means exactly what it meant.
pub fn json(text: String) -> String {
    let raw = |c: char| is_unsafe(c) && c > '\u{1f}';
    if !text.chars().any(raw) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            // Every such character is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod github_tests {
    #[test]
    fn workflow_commands_cannot_be_forged_or_cut_short() {
        assert_eq!(
            super::github_message("50% done\n::error::forged"),
            "50%25 done\\n::error::forged"
        );
        assert_eq!(super::github_property("a,b:c%\r"), "a%2Cb%3Ac%25\\r");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_are_escaped() {
        assert_eq!(terminal("S1\x1b[2J"), "S1\\u{1b}[2J");
        assert_eq!(terminal("held\nheld"), "held\\nheld");
        assert_eq!(terminal("a\nb\tc\r\0"), "a\\nb\\tc\\r\\0");
        assert_eq!(terminal("a\u{202e}b\u{2066}"), "a\\u{202e}b\\u{2066}");
        assert_eq!(terminal("x\u{7f}\u{9b}"), "x\\u{7f}\\u{9b}");
        assert!(matches!(
            terminal("plain, é — ok"),
            Cow::Borrowed("plain, é — ok")
        ));
    }

    #[test]
    fn a_markdown_cell_keeps_to_its_row_and_its_reading_order() {
        assert_eq!(markdown_cell("a|b"), "a\\|b");
        assert_eq!(markdown_cell("<b>"), "&lt;b>");
        assert_eq!(markdown_cell("S1\u{202e}2"), "S1\\u{202e}2");
        assert_eq!(markdown_cell("held\nheld"), "held\\nheld");
        assert_eq!(markdown_cell("x\x1b[2J"), "x\\u{1b}[2J");
        assert_eq!(
            markdown_policy_cell("at least\nonce | twice"),
            "at least once \\| twice"
        );
        assert_eq!(markdown_policy_cell("a\x1bb\r"), "a\\u{1b}b\\r");
    }

    #[test]
    fn xml_stays_well_formed() {
        assert_eq!(xml("a<b & \"c\"'>"), "a&lt;b &amp; &quot;c&quot;&apos;&gt;");
        assert_eq!(xml("one\ntwo\tthree"), "one&#10;two three");
        assert_eq!(xml("\u{1}\u{1b}\r\u{fffe}"), "\\u{1}\\u{1b}\\u{d}\\u{fffe}");
        assert_eq!(xml("caf\u{e9}"), "caf\u{e9}");
    }

    #[test]
    fn html_text_cannot_open_an_element_or_leave_an_attribute() {
        assert_eq!(
            html("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(html("a\" onload=\"x"), "a&quot; onload=&quot;x");
        assert_eq!(html("R&D"), "R&amp;D");
        assert_eq!(html("S1\u{202e}2\n"), "S1\\u{202e}2\\n");
        assert_eq!(html("Team é"), "Team é");
    }

    #[test]
    fn csv_cells_are_escaped_and_defused() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("-5"), "-5");
        assert_eq!(csv_cell("-cmd"), "'-cmd");
        assert_eq!(csv_cell("S1"), "S1");
        // A tab or carriage return no longer starts the cell: it is escaped.
        assert_eq!(csv_cell("\t=1"), "\\t=1");
        assert_eq!(csv_cell("S1\x1b[31m"), "S1\\u{1b}[31m");
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let value = serde_json::json!({ "id": "S1\u{202e}\u{9b}\u{7f}\u{1b}\n" });
        let text = json(serde_json::to_string_pretty(&value).unwrap_or_default());
        assert_eq!(
            text,
            "{\n  \"id\": \"S1\\u202e\\u009b\\u007f\\u001b\\n\"\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, value);
        assert_eq!(json("{\"a\": \"é\"}".into()), "{\"a\": \"é\"}");
    }
}
