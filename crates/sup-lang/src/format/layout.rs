//! Syntax tree → lines of canonical text, each remembering the stretch of
//! source it came from so that comments can be put back beside it.
//!
//! The layout: two spaces of indentation per block; one statement or clause
//! per line; `{` at the end of the line that opens a block and `}` on a line
//! of its own (with the rule's options after it); one space after `:` and `,`
//! and around operators. Words the grammar treats as optional noise
//! (`records`, `the`) are always written; choices that read differently
//! (`once` or `1`, `5 to 7` or `between 5 and 7`) are kept as written.
//!
//! Longer than 800 lines: one match per form of the syntax tree, so that
//! every form's layout is read in one place, in the grammar's order.

use crate::syntax::ast::*;

/// What part a line plays, for the blank-line and comment rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The first line of a top-level item; `vocabulary` is set for `roles:`
    /// and the like, which may stay together without a blank line.
    ItemStart { vocabulary: bool },
    /// Any other line inside an item.
    Inner,
}

/// One line of output before comments are woven in.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub indent: usize,
    pub text: String,
    /// Byte range of the source this line was printed from (code only).
    pub start: usize,
    pub end: usize,
    pub role: Role,
    /// The line ends with `{`: no blank line may follow it.
    pub opens: bool,
    /// The line starts with `}`: no blank line may come before it, and
    /// comments written just before it belong inside the block.
    pub closes: bool,
}

/// Lays out a module. Needs the source only to find braces and to keep the
/// author's choice between equivalent spellings.
pub(super) struct Layout<'a> {
    source: &'a str,
    comments: &'a [Comment],
    pub lines: Vec<Line>,
}

impl<'a> Layout<'a> {
    pub fn new(source: &'a str, comments: &'a [Comment]) -> Self {
        Layout {
            source,
            comments,
            lines: Vec::new(),
        }
    }

    pub fn module(&mut self, module: &Module) {
        for item in &module.items {
            self.item(item);
        }
    }

    // ------------------------------------------------------------ positions

    /// The end of the code in `start..end`, leaving out trailing whitespace
    /// and comments (a span that ends the file can take them in).
    fn code_end(&self, start: usize, end: usize) -> usize {
        let mut end = end.min(self.source.len());
        loop {
            let trimmed = self
                .source
                .get(start..end)
                .map_or(0, |t| t.trim_end().len());
            end = start + trimmed;
            match self
                .comments
                .iter()
                .find(|c| c.span.end as usize == end && c.span.start as usize >= start)
            {
                Some(c) => end = c.span.start as usize,
                None => return end,
            }
        }
    }

    /// The offset of the first `{` at or after `from` that is code (not in a
    /// string or a comment).
    fn open_brace(&self, from: usize, to: usize) -> usize {
        let bytes = self.source.as_bytes();
        let mut i = from;
        let mut in_string = false;
        while i < to.min(bytes.len()) {
            match bytes.get(i) {
                Some(b'"') => in_string = !in_string,
                Some(b'\n') => in_string = false,
                Some(b'#') if !in_string => {
                    while i < bytes.len() && bytes.get(i) != Some(&b'\n') {
                        i += 1;
                    }
                    continue;
                }
                Some(b'{') if !in_string => return i,
                _ => {}
            }
            i += 1;
        }
        from
    }

    /// The offset of the `}` that ends a block whose node spans `start..end`.
    fn close_brace(&self, start: usize, end: usize) -> usize {
        self.code_end(start, end).saturating_sub(1)
    }

    fn push(&mut self, indent: usize, text: String, start: usize, end: usize, role: Role) {
        let opens = text.ends_with('{');
        let closes = text.starts_with('}');
        self.lines.push(Line {
            indent,
            text,
            start,
            end,
            role,
            opens,
            closes,
        });
    }

    /// A block: the opening line (text up to and including `{`), one line per
    /// child, then `}` followed by `after`. An empty block is `{}` on the
    /// opening line.
    fn block(
        &mut self,
        head: String,
        span: (usize, usize),
        role: Role,
        children: Vec<(String, usize, usize)>,
        after: &str,
        block_end: usize,
    ) {
        // Blocks are only ever top-level items.
        let indent = 0;
        let (start, end) = span;
        if children.is_empty() {
            let end = self.code_end(start, end);
            self.push(indent, format!("{head} {{}}{after}"), start, end, role);
            return;
        }
        let brace = self.open_brace(start, end);
        self.push(indent, format!("{head} {{"), start, brace + 1, role);
        for (text, s, e) in children {
            let e = self.code_end(s, e);
            self.push(indent + 1, text, s, e, Role::Inner);
        }
        let close = self.close_brace(start, block_end);
        let end = self.code_end(start, end);
        self.push(
            indent,
            format!("}}{after}"),
            close,
            end.max(close + 1),
            Role::Inner,
        );
    }

    fn span_of(span: crate::span::Span) -> (usize, usize) {
        (span.start as usize, span.end as usize)
    }

    // ------------------------------------------------------------ items

    fn item(&mut self, item: &Item) {
        let start = Role::ItemStart {
            vocabulary: matches!(item, Item::Vocabulary(_)),
        };
        let span = Self::span_of(item.span());
        match item {
            Item::Header(h) => {
                let kind = match h.kind {
                    PolicyKind::Policy => "policy",
                    PolicyKind::Framework => "framework",
                };
                let children = h
                    .fields
                    .iter()
                    .map(|f| {
                        (
                            format!("{}: {}", f.name.node, value(&f.value.node)),
                            f.span.start as usize,
                            f.span.end as usize,
                        )
                    })
                    .collect();
                self.block(
                    format!("{kind} {}", quoted(&h.title.node)),
                    span,
                    start,
                    children,
                    "",
                    span.1,
                );
            }
            Item::Table(t) => {
                let head = format!("table {}{}", t.name.node, label(&t.label));
                let mut children: Vec<(String, usize, usize)> =
                    t.columns.iter().map(column).collect();
                // The lifetime closes the block, after the columns it names.
                if let Some(l) = &t.lifetime {
                    let to = l
                        .end
                        .as_ref()
                        .map(|e| format!(" to {}", e.node))
                        .unwrap_or_default();
                    children.push((
                        format!("lifetime from {}{to}", l.start.node),
                        l.span.start as usize,
                        l.span.end as usize,
                    ));
                }
                self.block(head, span, start, children, "", span.1);
            }
            Item::Extend(e) => {
                let children = e.columns.iter().map(column).collect();
                self.block(
                    format!("extend {}", e.table.node),
                    span,
                    start,
                    children,
                    "",
                    span.1,
                );
            }
            Item::Vocabulary(v) => {
                let heading = if v.custom {
                    format!("values of {}", v.heading.node)
                } else {
                    v.heading.node.clone()
                };
                let values: Vec<String> = v
                    .values
                    .iter()
                    .zip(&v.labels)
                    .map(|(value, l)| format!("{}{}", value.node, label(l)))
                    .collect();
                let text = format!("{heading}: {}", values.join(", "));
                let end = self.code_end(span.0, span.1);
                self.push(0, text, span.0, end, start);
            }
            Item::Group(g) => {
                let mut text = format!("group {}{}: {}", g.name.node, label(&g.label), g.base.node);
                if let Some(c) = &g.condition {
                    text.push_str(" where ");
                    text.push_str(&condition(c));
                }
                let end = self.code_end(span.0, span.1);
                self.push(0, text, span.0, end, start);
            }
            Item::Calendar(c) => {
                let head = format!("calendar {}{}", c.name.node, label(&c.label));
                let children = c
                    .periods
                    .iter()
                    .map(|p| {
                        (
                            format!("{}: {} to {}", p.name.node, p.start.node, p.end.node),
                            p.span.start as usize,
                            p.span.end as usize,
                        )
                    })
                    .collect();
                self.block(head, span, start, children, "", span.1);
            }
            Item::Holidays(h) => {
                // Includes and dates are stored apart; print them in the
                // order written so comments stay beside their lines.
                let mut children: Vec<(String, usize, usize)> = h
                    .includes
                    .iter()
                    .map(|n| {
                        (
                            format!("include {}", n.node),
                            n.span.start as usize,
                            n.span.end as usize,
                        )
                    })
                    .chain(h.dates.iter().map(|d| {
                        (
                            format!("{}{}", d.date.node, label(&d.label)),
                            d.span.start as usize,
                            d.span.end as usize,
                        )
                    }))
                    .collect();
                children.sort_by_key(|(_, s, _)| *s);
                // An include's span is its name: widen it to the keyword.
                let children = children
                    .into_iter()
                    .map(|(t, s, e)| {
                        let s = if t.starts_with("include ") {
                            self.source
                                .get(..s)
                                .and_then(|b| b.rfind("include"))
                                .unwrap_or(s)
                        } else {
                            s
                        };
                        (t, s, e)
                    })
                    .collect();
                self.block(
                    format!("holidays {}", h.name.node),
                    span,
                    start,
                    children,
                    "",
                    span.1,
                );
            }
            Item::Activity(a) => {
                let mut text = format!(
                    "activity {}{}: {} by {} on {}",
                    a.name.node,
                    label(&a.label),
                    a.table.node,
                    a.subject_column.node,
                    a.date_column.node
                );
                if let Some(c) = &a.condition {
                    text.push_str(" where ");
                    text.push_str(&condition(c));
                }
                let end = self.code_end(span.0, span.1);
                self.push(0, text, span.0, end, start);
            }
            Item::Rule(r) => self.rule(r, span, start),
        }
    }

    fn rule(&mut self, rule: &RuleDecl, span: (usize, usize), role: Role) {
        let prefix = format!("rule {}: ", rule.name.node);
        let options: Vec<String> = rule.options.iter().map(|o| option(&o.node)).collect();
        let inline_options = |text: &mut String| {
            for o in &options {
                text.push_str(", ");
                text.push_str(o);
            }
        };
        let after_block = if options.is_empty() {
            String::new()
        } else {
            format!(" {}", options.join(", "))
        };
        match &rule.body {
            RuleBody::Frequency(f) => {
                let head = format!(
                    "{prefix}require {}{} for {}",
                    alternatives(&f.activities),
                    f.with_supervisor
                        .as_ref()
                        .map_or(String::new(), |s| format!(" with {}", s.node)),
                    f.group.node
                );
                match &f.schedule {
                    Schedule::Fixed(req) => {
                        let mut text = format!("{head}: {}", self.requirement(req));
                        inline_options(&mut text);
                        let end = self.code_end(span.0, span.1);
                        self.push(0, text, span.0, end, role);
                    }
                    Schedule::ByTenure(phases) => {
                        let children = phases
                            .iter()
                            .map(|p| {
                                (
                                    format!(
                                        "{}: {}",
                                        phase_range(&p.range.node),
                                        self.requirement(&p.requirement)
                                    ),
                                    p.span.start as usize,
                                    p.span.end as usize,
                                )
                            })
                            .collect();
                        self.block(
                            format!("{head} by tenure"),
                            span,
                            role,
                            children,
                            &after_block,
                            f.span.end as usize,
                        );
                    }
                }
            }
            RuleBody::Eligibility(e) => {
                let of = if e.activities.is_empty() {
                    String::new()
                } else {
                    format!(" of {}", alternatives(&e.activities))
                };
                let head = format!("{prefix}eligible supervisor{of} for {}", e.group.node);
                let children = e
                    .clauses
                    .iter()
                    .map(|c| {
                        let text = match &c.when {
                            Some(w) => format!("when {}: {}", condition(w), condition(&c.require)),
                            None => condition(&c.require),
                        };
                        (text, c.span.start as usize, c.span.end as usize)
                    })
                    .collect();
                self.block(
                    head,
                    span,
                    role,
                    children,
                    &after_block,
                    e.span.end as usize,
                );
            }
            RuleBody::Limit(l) => {
                let mut text = format!("{prefix}limit {}", l.measure.node);
                if let Some(per) = &l.per {
                    text.push_str(&format!(" per {}", per.node));
                }
                if !l.activities.is_empty() {
                    text.push_str(&format!(" of {}", alternatives(&l.activities)));
                }
                text.push_str(&format!(" for {}: {}", l.group.node, self.range(&l.range)));
                if let Some(x) = &l.excluding {
                    text.push_str(&format!(" excluding {}", x.node));
                }
                inline_options(&mut text);
                let end = self.code_end(span.0, span.1);
                self.push(0, text, span.0, end, role);
            }
            RuleBody::Deadline(d) => {
                let end_text = match &d.end {
                    DeadlineEnd::Within {
                        limit,
                        through,
                        start_column,
                    } => {
                        let mut path: Vec<&str> = through.iter().map(|n| n.node.as_str()).collect();
                        path.push(&start_column.node);
                        format!("within {} of {}", quantity(&limit.node), path.join("."))
                    }
                    DeadlineEnd::BeforeNext { activity, of } => match of {
                        Some(of) => format!("before the next {} of {}", activity.node, of.node),
                        None => format!("before the next {}", activity.node),
                    },
                    DeadlineEnd::LeadTime {
                        lead,
                        before_column,
                    } => format!(
                        "at least {} before {}",
                        quantity(&lead.node),
                        before_column.node
                    ),
                    DeadlineEnd::LeadLength {
                        from_column,
                        to_column,
                        before_column,
                        ..
                    } => format!(
                        "at least the length of {} to {} before {}",
                        from_column.node, to_column.node, before_column.node
                    ),
                };
                let mut text = format!(
                    "{prefix}deadline {}: {} {end_text}",
                    d.source.node, d.end_column.node
                );
                if let Some(c) = &d.condition {
                    text.push_str(" where ");
                    text.push_str(&condition(c));
                }
                inline_options(&mut text);
                let end = self.code_end(span.0, span.1);
                self.push(0, text, span.0, end, role);
            }
            RuleBody::Retention(r) => {
                let bounds: Vec<String> = r
                    .bounds
                    .iter()
                    .map(|b| match &b.node {
                        RetentionBound::AtLeast(q) => format!("at least {}", quantity(&q.node)),
                        RetentionBound::AtMost(q) => format!("at most {}", quantity(&q.node)),
                    })
                    .collect();
                let anchor = match r.anchor.node {
                    RetentionAnchor::Leaving => "leaving",
                    RetentionAnchor::Creation => "creation",
                };
                let mut text = format!(
                    "{prefix}retain {} records: {} after {anchor}",
                    r.record_kind.node,
                    bounds.join(" and ")
                );
                inline_options(&mut text);
                let end = self.code_end(span.0, span.1);
                self.push(0, text, span.0, end, role);
            }
            RuleBody::Attribute(a) => {
                let mut text = format!(
                    "{prefix}every member of {}: {}",
                    a.group.node,
                    condition(&a.condition)
                );
                inline_options(&mut text);
                let end = self.code_end(span.0, span.1);
                self.push(0, text, span.0, end, role);
            }
            RuleBody::Standing(s) => {
                let booked = if s.booked.is_some() { " booked" } else { "" };
                let side = match s.side.node {
                    StandingSide::Last => "last",
                    StandingSide::Next => "next",
                };
                let mut text = format!(
                    "{prefix}every member of {}: {}{booked} within the {side} {}",
                    s.group.node,
                    s.activity.node,
                    quantity(&s.within.node)
                );
                inline_options(&mut text);
                let end = self.code_end(span.0, span.1);
                self.push(0, text, span.0, end, role);
            }
            RuleBody::Access(a) => {
                let head = format!("{prefix}access {} records", names(&a.record_kinds));
                let children = a
                    .clauses
                    .iter()
                    .map(|c| match c {
                        AccessClause::Allow {
                            roles,
                            purposes,
                            notify,
                            span,
                        } => {
                            let mut text =
                                format!("allow {} for {}", names(roles), names(purposes));
                            match notify {
                                Some(Some(q)) => text.push_str(&format!(
                                    " and notify subject within {}",
                                    quantity(&q.node)
                                )),
                                Some(None) => text.push_str(" and notify subject"),
                                None => {}
                            }
                            (text, span.start as usize, span.end as usize)
                        }
                        AccessClause::Deny { roles, span } => (
                            format!("deny {}", names(roles)),
                            span.start as usize,
                            span.end as usize,
                        ),
                        AccessClause::Notify { within, span } => {
                            let text = match within {
                                Some(q) => format!("notify subject within {}", quantity(&q.node)),
                                None => "notify subject".to_string(),
                            };
                            (text, span.start as usize, span.end as usize)
                        }
                    })
                    .collect();
                self.block(
                    head,
                    span,
                    role,
                    children,
                    &after_block,
                    a.span.end as usize,
                );
            }
        }
    }

    fn requirement(&self, req: &Requirement) -> String {
        match req {
            Requirement::Every {
                gap,
                shortest: None,
                ..
            } => format!("every {}", quantity(&gap.node)),
            Requirement::Every {
                gap,
                shortest: Some(shortest),
                ..
            } => format!(
                "every {} to {}",
                quantity(&shortest.node),
                quantity(&gap.node)
            ),
            Requirement::Apart { gap, .. } => format!("at least {} apart", quantity(&gap.node)),
            Requirement::AtMost { amount, window, .. } => {
                format!(
                    "at most {} {}",
                    self.amount(amount),
                    window_text(&window.node)
                )
            }
            Requirement::AtLeast {
                amount,
                most,
                window,
                scaled_by,
                ..
            } => {
                let most = most.as_ref().map_or(String::new(), |m| {
                    format!(" and at most {}", self.amount(m))
                });
                let scaled = scaled_by
                    .as_ref()
                    .map_or(String::new(), |s| format!(" scaled by {}", s.node));
                format!(
                    "at least {}{most} {}{scaled}",
                    self.amount(amount),
                    window_text(&window.node)
                )
            }
        }
    }

    /// An amount as written: `once` and `twice` are kept, as they read
    /// better than 1 and 2.
    fn amount(&self, amount: &Spanned<Quantity>) -> String {
        let written = amount.span.text(self.source);
        if written == "once" || written == "twice" {
            written.to_string()
        } else {
            quantity(&amount.node)
        }
    }

    fn range(&self, range: &Spanned<RangeExpr>) -> String {
        match &range.node {
            RangeExpr::AtMost(q) => format!("at most {}", quantity(&q.node)),
            RangeExpr::AtLeast(q) => format!("at least {}", quantity(&q.node)),
            RangeExpr::Between(a, b) => {
                if range.span.text(self.source).starts_with("between") {
                    format!("between {} and {}", quantity(&a.node), quantity(&b.node))
                } else {
                    format!("{} to {}", quantity(&a.node), quantity(&b.node))
                }
            }
        }
    }
}

// ---------------------------------------------------------------- pieces

fn column(c: &ColumnDecl) -> (String, usize, usize) {
    let ty = match &c.ty.node {
        ColumnTypeExpr::Basic(b) => b.clone(),
        ColumnTypeExpr::Ref(n) => format!("ref {}", n.node),
        ColumnTypeExpr::OneOf(n) => format!("one of {}", n.node),
        ColumnTypeExpr::SetOf(n) => format!("set of {}", n.node),
    };
    let optional = if c.optional { "optional " } else { "" };
    (
        format!("{}: {optional}{ty}{}", c.name.node, label(&c.label)),
        c.span.start as usize,
        c.span.end as usize,
    )
}

fn label(label: &Option<Spanned<String>>) -> String {
    label
        .as_ref()
        .map_or(String::new(), |l| format!(" {}", quoted(&l.node)))
}

fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}

fn names(list: &[Name]) -> String {
    list.iter()
        .map(|n| n.node.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn alternatives(list: &[Name]) -> String {
    list.iter()
        .map(|n| n.node.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

fn option(option: &RuleOption) -> String {
    match option {
        RuleOption::WaivableBy(roles) => format!("waivable by {}", names(roles)),
        RuleOption::Overrides(rules) => format!("overrides {}", names(rules)),
        RuleOption::NotProRata => "not pro rata".to_string(),
        RuleOption::ProRata(None) => "pro rata".to_string(),
        RuleOption::ProRata(Some(column)) => format!("pro rata by {}", column.node),
        RuleOption::PartialWindows(how) => format!("partial windows {}", how.node),
        RuleOption::Alternating(first, second) => {
            format!("alternating between {} and {}", first.node, second.node)
        }
    }
}

fn phase_range(range: &PhaseRange) -> String {
    match range {
        PhaseRange::First(q) => format!("first {}", quantity(&q.node)),
        PhaseRange::Until(q) => format!("until {}", quantity(&q.node)),
        PhaseRange::From(a, Some(b)) => {
            format!("from {} until {}", quantity(&a.node), quantity(&b.node))
        }
        PhaseRange::From(a, None) => format!("from {}", quantity(&a.node)),
        PhaseRange::Then => "then".to_string(),
    }
}

pub(super) fn quantity(q: &Quantity) -> String {
    match &q.unit {
        Some(u) if u.node == "%" => format!("{}%", q.number),
        Some(u) => format!("{} {}", q.number, u.node),
        None => q.number.clone(),
    }
}

fn value(v: &Value) -> String {
    match v {
        Value::Date(d) => d.clone(),
        Value::Text(t) => quoted(t),
        Value::Quantity(q) => quantity(q),
        Value::Word(w) => w.clone(),
    }
}

/// A condition with the fewest parentheses that keep its tree: `and` binds
/// tighter than `or`, and a nested `and` inside `and` (or `or` inside `or`)
/// keeps its parentheses so the tree, and so the compiled policy, is the same.
pub(super) fn condition(c: &Condition) -> String {
    match c {
        Condition::And(parts, _) => parts
            .iter()
            .map(|p| match p {
                Condition::And(..) | Condition::Or(..) => format!("({})", condition(p)),
                _ => condition(p),
            })
            .collect::<Vec<_>>()
            .join(" and "),
        Condition::Or(parts, _) => parts
            .iter()
            .map(|p| match p {
                Condition::Or(..) => format!("({})", condition(p)),
                _ => condition(p),
            })
            .collect::<Vec<_>>()
            .join(" or "),
        Condition::Not(inner, _) => match inner.as_ref() {
            Condition::And(..) | Condition::Or(..) => format!("not ({})", condition(inner)),
            _ => format!("not {}", condition(inner)),
        },
        Condition::Is {
            path,
            negated,
            values,
            ..
        } => {
            let not = if *negated { "not " } else { "" };
            let values = if values.len() == 1 {
                values.iter().map(|v| value(&v.node)).collect::<String>()
            } else {
                format!(
                    "one of {}",
                    values
                        .iter()
                        .map(|v| value(&v.node))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            format!("{} is {not}{values}", path.node.dotted())
        }
        Condition::Recorded { path, negated, .. } => {
            let not = if *negated { "not " } else { "" };
            format!("{} is {not}recorded", path.node.dotted())
        }
        Condition::WorkingHours { path, negated, .. } => {
            let not = if *negated { "not " } else { "" };
            format!("{} is {not}within working hours", path.node.dotted())
        }
        Condition::Has { path, value: v, .. } => {
            format!("{} has {}", path.node.dotted(), value(&v.node))
        }
        Condition::InGroup { path, group, .. } => {
            format!("{} in {}", path.node.dotted(), group.node)
        }
        Condition::Compare {
            left, op, right, ..
        } => format!("{} {} {}", operand(left), op.symbol(), operand(right)),
    }
}

fn operand(o: &Operand) -> String {
    let mut text = term(&o.first);
    for (op, t) in &o.rest {
        text.push_str(match op {
            ArithOp::Add => " + ",
            ArithOp::Sub => " - ",
        });
        text.push_str(&term(t));
    }
    text
}

fn term(t: &Term) -> String {
    match t {
        Term::Path(p) => p.node.dotted(),
        Term::Literal(v) => value(&v.node),
        Term::MonthOf(p, _) => format!("month of {}", p.node.dotted()),
    }
}

fn window_text(window: &WindowExpr) -> String {
    match window {
        WindowExpr::Per { qualifier, period } => match qualifier {
            Some(q) => format!("per {q} {}", period.node),
            None => format!("per {}", period.node),
        },
        WindowExpr::InAny(q) => format!("in any {}", quantity(&q.node)),
        WindowExpr::InEach(c) => format!("in each {}", c.node),
    }
}
