//! Date formats a mapping accepts, and which lists of them are ambiguous (two formats that
//! read the same text as different days).

use super::*;

/// What a part of a date format reads, in order, to compare formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

/// The shape of the text a part of a format reads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A run of digits, from `min` to `max` of them.
    Digits {
        min: usize,
        max: usize,
    },
    /// A word: a month or weekday name, AM or PM.
    Letters,
    Literal(char),
    /// A specifier not compared by shape (time zones, fractions, ...).
    Other(String),
}

/// The shape of the text `format` reads, and the fields it reads in order.
/// Numbers next to each other make one run of digits: chrono reads all but
/// the last at their widest (`%d%m%Y` reads eight digits). A year (`%Y`)
/// has four digits, as only the years 1000 to 9999 are read.
fn shape(format: &str) -> (Vec<Token>, Vec<Field>) {
    let mut tokens: Vec<Token> = Vec::new();
    let mut fields = Vec::new();
    let digits = |tokens: &mut Vec<Token>, min: usize, max: usize| match tokens.last_mut() {
        Some(Token::Digits { min: m, max: x }) => {
            *m = *x + min;
            *x += max;
        }
        _ => tokens.push(Token::Digits { min, max }),
    };
    let expanded = format
        .replace("%F", "%Y-%m-%d")
        .replace("%D", "%m/%d/%y")
        .replace("%T", "%H:%M:%S")
        .replace("%R", "%H:%M");
    let mut chars = expanded.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            let c = if c.is_whitespace() { ' ' } else { c };
            if !(c == ' ' && tokens.last() == Some(&Token::Literal(' '))) {
                tokens.push(Token::Literal(c));
            }
            continue;
        }
        let mut spec = chars.next().unwrap_or('%');
        if matches!(spec, '-' | '_' | '0') {
            spec = chars.next().unwrap_or('%');
        }
        let number = match spec {
            'Y' => Some((4, 4, Field::Year)),
            'y' => Some((2, 2, Field::Year)),
            'm' => Some((1, 2, Field::Month)),
            'd' | 'e' => Some((1, 2, Field::Day)),
            'H' | 'I' | 'k' | 'l' => Some((1, 2, Field::Hour)),
            'M' => Some((1, 2, Field::Minute)),
            'S' => Some((1, 2, Field::Second)),
            _ => None,
        };
        if let Some((min, max, field)) = number {
            digits(&mut tokens, min, max);
            fields.push(field);
            continue;
        }
        match spec {
            'b' | 'h' | 'B' => {
                tokens.push(Token::Letters);
                fields.push(Field::Month);
            }
            'a' | 'A' | 'p' | 'P' => tokens.push(Token::Letters),
            '%' => tokens.push(Token::Literal('%')),
            'n' | 't' => {
                if tokens.last() != Some(&Token::Literal(' ')) {
                    tokens.push(Token::Literal(' '));
                }
            }
            other => {
                // `%.3f`, `%:z` and the like: the rest of the specifier too.
                let mut name = other.to_string();
                if matches!(other, '.' | ':' | '#') || other.is_ascii_digit() {
                    name.extend(chars.next());
                }
                tokens.push(Token::Other(name));
            }
        }
    }
    (tokens, fields)
}

/// Whether some text has both shapes.
fn overlaps(a: &[Token], b: &[Token]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Token::Digits { min: a0, max: a1 }, Token::Digits { min: b0, max: b1 }) => {
                a0 <= b1 && b0 <= a1
            }
            (a, b) => a == b,
        })
}

/// Two of `formats` (ISO 8601 first) that read text of one shape with
/// their fields in different orders (`%d/%m/%Y` and `%m/%d/%Y`, or
/// `%d%m%Y` and `%Y%m%d`): some text is then read as two different days.
pub(super) fn same_shape(formats: &[String], with_time: bool) -> Option<(String, String)> {
    let iso = if with_time {
        "%Y-%m-%dT%H:%M:%S"
    } else {
        "%Y-%m-%d"
    };
    type Shaped = (String, (Vec<Token>, Vec<Field>));
    let all: Vec<Shaped> = std::iter::once(("ISO 8601".to_string(), shape(iso)))
        .chain(formats.iter().map(|f| (format!("`{f}`"), shape(f))))
        .collect();
    for (i, (first, (a, a_fields))) in all.iter().enumerate() {
        for (second, (b, b_fields)) in all.iter().skip(i + 1) {
            if overlaps(a, b) && a_fields != b_fields {
                return Some((first.clone(), second.clone()));
            }
        }
    }
    None
}

/// Two of `formats` (ISO 8601 first, which is always tried first) that
/// read one text as two different days or times: (the first's name, the
/// second's, the text).
pub(super) fn ambiguous(formats: &[String], with_time: bool) -> Option<(String, String, String)> {
    use std::fmt::Write;
    let iso = if with_time {
        "%Y-%m-%dT%H:%M:%S"
    } else {
        "%Y-%m-%d"
    };
    let all: Vec<(String, &str)> = std::iter::once(("ISO 8601".to_string(), iso))
        .chain(formats.iter().map(|f| (format!("`{f}`"), f.as_str())))
        .collect();
    let read = |text: &str, format: &str| {
        if with_time {
            crate::records::value::parse_datetime_as(text, format)
        } else {
            crate::records::value::parse_date_as(text, format)
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        }
    };
    for (y, m, d, h, min, s) in PROBES {
        let Some(probe) =
            chrono::NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, s))
        else {
            continue;
        };
        for (i, (writer_name, writer)) in all.iter().enumerate() {
            let mut text = String::new();
            if write!(text, "{}", probe.format(writer)).is_err() {
                continue;
            }
            let Some(meant) = read(&text, writer) else {
                continue;
            };
            for (j, (reader_name, reader)) in all.iter().enumerate() {
                if i == j {
                    continue;
                }
                if let Some(other) = read(&text, reader) {
                    if other != meant {
                        let (first, second) = if j < i {
                            (reader_name, writer_name)
                        } else {
                            (writer_name, reader_name)
                        };
                        return Some((first.clone(), second.clone(), text));
                    }
                }
            }
        }
    }
    None
}
