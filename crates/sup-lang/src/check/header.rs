//! The header: title, owner, dates, timezone, holidays and the framework a
//! policy conforms to.

use super::{words, Checker};
use crate::diagnostic::{Code, Diagnostic};
use crate::policy;
use crate::span::Span;
use crate::syntax::ast::{self, Value};

pub(super) const DEFAULT_TIMEZONE: &str = "Europe/London";
pub(super) const DEFAULT_HOLIDAYS: &str = "england_and_wales";

/// The header's fields: the one list is `words::HEADER_FIELDS`.
fn fields() -> impl Iterator<Item = &'static str> + Clone {
    words::spellings(words::HEADER_FIELDS)
}

impl Checker<'_> {
    pub(super) fn check_header(&mut self, module: &ast::Module) {
        let headers: Vec<&ast::Header> = module
            .items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Header(h) => Some(h),
                _ => None,
            })
            .collect();
        let Some(first) = headers.first() else {
            if self.header_unparsed {
                // The header is there but did not parse: the syntax error says so.
                return;
            }
            let span = module.items.first().map_or(Span::new(0, 0), |i| {
                let s = i.span();
                Span::new(s.start as usize, s.start as usize)
            });
            self.error(
                Diagnostic::error(Code::MissingHeader, "the file has no header")
                    .with_label(span, "expected `policy \"Title\" { ... }` before this")
                    .with_help("start the file with `policy \"Title\" { owner: \"...\" review: 2026-09-01 }`"),
            );
            return;
        };
        for extra in headers.iter().skip(1) {
            self.error(
                Diagnostic::error(Code::DuplicateHeader, "the file has a second header")
                    .with_label(extra.title.span, "second header")
                    .with_label(first.title.span, "first header")
                    .with_help("a file holds one policy; move the second to a file of its own"),
            );
        }
        let mut header = policy::Header {
            kind: first.kind.into(),
            title: first.title.node.clone(),
            owner: None,
            version: None,
            effective: None,
            review: None,
            timezone: DEFAULT_TIMEZONE.to_string(),
            holidays: DEFAULT_HOLIDAYS.to_string(),
            conforms_to: None,
            working_hours: None,
        };
        let mut seen: Vec<&ast::HeaderField> = Vec::new();
        let mut review_span = None;
        let mut effective_span = None;
        for field in &first.fields {
            if let Some(earlier) = seen.iter().find(|f| f.name.node == field.name.node) {
                self.error(
                    Diagnostic::error(
                        Code::DuplicateHeaderField,
                        format!("`{}` is given twice", field.name.node),
                    )
                    .with_label(field.name.span, "given again here")
                    .with_label(earlier.name.span, "first given here")
                    .with_help("keep one of them"),
                );
                continue;
            }
            seen.push(field);
            let value = &field.value;
            match field.name.node.as_str() {
                "owner" => header.owner = self.header_text(field),
                "version" => {
                    header.version = match &value.node {
                        Value::Quantity(q) if q.unit.is_none() => Some(q.number.clone()),
                        _ => self.header_text(field),
                    }
                }
                "effective" => {
                    header.effective = self.header_date(field);
                    effective_span = Some(value.span);
                }
                "review" => {
                    header.review = self.header_date(field);
                    review_span = Some(value.span);
                }
                "timezone" => {
                    if let Some(tz) = self.header_text(field) {
                        if tz.parse::<chrono_tz::Tz>().is_ok() {
                            header.timezone = tz;
                        } else {
                            let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
                            let mut d = Diagnostic::error(
                                Code::UnknownTimezone,
                                format!("unknown timezone `{tz}`"),
                            )
                            .with_label(value.span, "not an IANA timezone name");
                            if let Some(best) = crate::suggest::closest(&tz, names) {
                                d = d.with_help(format!("did you mean `{best}`?")).with_fix(
                                    format!("replace with `\"{best}\"`"),
                                    value.span,
                                    format!("\"{best}\""),
                                );
                            } else {
                                d = d.with_help("write an IANA name such as `\"Europe/London\"`");
                            }
                            self.error(d);
                        }
                    }
                }
                "holidays" => match &value.node {
                    Value::Word(w) => {
                        header.holidays = w.clone();
                        self.holidays_span = Some(value.span);
                    }
                    _ => self.bad_header_value(
                        field,
                        "the name of a holiday calendar, such as `england_and_wales`",
                    ),
                },
                "conforms to" => header.conforms_to = self.header_text(field),
                "working hours" => header.working_hours = self.working_hours(field),
                other => {
                    let d = Diagnostic::error(
                        Code::UnknownHeaderField,
                        format!("unknown header field `{other}`"),
                    )
                    .with_label(field.name.span, "not a header field");
                    // `conforms:` is `conforms to:` with a word left out, too
                    // far from it for the spelling matcher.
                    let first_word_of = fields()
                        .find(|f| f.strip_prefix(other).is_some_and(|r| r.starts_with(' ')));
                    if let Some(full) = first_word_of {
                        self.error(d.with_help(format!("did you mean `{full}`?")).with_fix(
                            format!("replace with `{full}`"),
                            field.name.span,
                            full,
                        ));
                        continue;
                    }
                    let d = d.suggest_or(other, field.name.span, fields(), || {
                        let all: Vec<String> = fields().map(|f| format!("`{f}`")).collect();
                        Some(format!("the header fields are {}", all.join(", ")))
                    });
                    self.error(d);
                }
            }
        }
        if let (Some(effective), Some(review)) = (header.effective, header.review) {
            if effective > review {
                let mut d = Diagnostic::error(
                    Code::EffectiveAfterReview,
                    format!(
                        "the policy takes effect on {effective}, after its review date {review}"
                    ),
                );
                if let Some(s) = effective_span {
                    d = d.with_label(s, "takes effect here");
                }
                if let Some(s) = review_span {
                    d = d.with_label(s, "but is due for review before that");
                }
                self.error(d.with_help("the review date must be on or after the effective date"));
            }
        }
        if let (Some(today), Some(review), Some(span)) =
            (self.options.today, header.review, review_span)
        {
            if review < today {
                let days = (today - review).num_days();
                self.error(
                    Diagnostic::warning(
                        Code::ReviewOverdue,
                        format!(
                            "the policy was due for review on {review}, {days} {} ago",
                            if days == 1 { "day" } else { "days" }
                        ),
                    )
                    .with_label(span, "this date has passed")
                    .with_help("review the policy and set the next review date"),
                );
            }
        }
        if header.title.trim().is_empty() {
            self.error(
                Diagnostic::error(Code::InvalidHeaderValue, "the policy has no title")
                    .with_label(first.title.span, "empty title")
                    .with_help("give the policy the title it is published under"),
            );
        }
        self.header = Some(header);
    }

    /// Check the header's holiday calendar once holidays are declared.
    pub(super) fn resolve_header_holidays(&mut self) {
        if self.origin != policy::Origin::Policy {
            return;
        }
        let Some(name) = self.header.as_ref().map(|h| h.holidays.clone()) else {
            return;
        };
        if self.holidays.contains_key(&name) {
            if let Some(span) = self.holidays_span {
                self.refer(super::SymbolKind::Holidays, &name, span);
            }
            return;
        }
        let names: Vec<String> = self.holidays.keys().cloned().collect();
        let span = self.holidays_span.unwrap_or_default();
        let d = Diagnostic::error(
            Code::UnknownHolidays,
            format!("unknown holiday calendar `{name}`"),
        )
        .with_label(span, "not a declared holiday calendar")
        .suggest_or(&name, span, names.iter().map(String::as_str), || {
            Some("use `england_and_wales`, or declare one with `holidays NAME { ... }`".into())
        });
        self.error(d);
    }

    fn header_text(&mut self, field: &ast::HeaderField) -> Option<String> {
        match &field.value.node {
            Value::Text(t) => Some(t.clone()),
            _ => {
                self.bad_header_value(field, "text in double quotes");
                None
            }
        }
    }

    /// `working hours: "08:30 to 17:30"`: two times of day, the first
    /// earlier. Written as text because a bare `08:30` is not a value
    /// anywhere else in the language.
    fn working_hours(&mut self, field: &ast::HeaderField) -> Option<policy::WorkingHours> {
        const WANTED: &str = "two times of day in double quotes, such as `\"08:30 to 17:30\"`";
        let Value::Text(text) = &field.value.node else {
            self.bad_header_value(field, WANTED);
            return None;
        };
        let time = |t: &str| chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
        let parsed = text
            .split_once(" to ")
            .and_then(|(a, b)| Some((time(a)?, time(b)?)));
        match parsed {
            Some((from, to)) if from < to => Some(policy::WorkingHours { from, to }),
            Some(_) => {
                self.error(
                    Diagnostic::error(
                        Code::InvalidHeaderValue,
                        format!("the working hours `{text}` end before they start"),
                    )
                    .with_label(field.value.span, "the second time must be later")
                    .with_help("write the start of the working day first: `\"08:30 to 17:30\"`; working hours cannot run past midnight"),
                );
                None
            }
            None => {
                self.bad_header_value(field, WANTED);
                None
            }
        }
    }

    fn header_date(&mut self, field: &ast::HeaderField) -> Option<chrono::NaiveDate> {
        match &field.value.node {
            Value::Date(d) => super::schema::parse_date(self, d, field.value.span),
            _ => {
                self.bad_header_value(field, "a date such as `2026-09-01`");
                None
            }
        }
    }

    fn bad_header_value(&mut self, field: &ast::HeaderField, wanted: &str) {
        self.error(
            Diagnostic::error(
                Code::InvalidHeaderValue,
                format!("`{}` needs {wanted}", field.name.node),
            )
            .with_label(field.value.span, format!("expected {wanted}"))
            .with_help(format!(
                "write `{}: ` followed by {wanted}",
                field.name.node
            )),
        );
    }
}
