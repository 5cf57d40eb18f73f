//! The formatter's promises, over the shipped policies and over generated
//! ones laid out at random: formatting is idempotent, keeps the syntax tree
//! and the compiled policy, and keeps every comment in order.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use sup::check::{check, CheckOptions};
use sup::diff::same_meaning;
use sup::format::format;

fn policy_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sup"))
        .collect();
    files.sort();
    files
}

/// Checks every promise for one input; returns a message on the first broken one.
fn promises_hold(source: &str) -> Result<(), String> {
    let once = format(source).map_err(|e| format!("format failed: {e:?}"))?;
    let twice =
        format(&once).map_err(|e| format!("formatted text does not parse: {e:?}\n{once}"))?;
    if once != twice {
        return Err(format!(
            "not idempotent:\n--- once\n{once}\n--- twice\n{twice}"
        ));
    }
    let (before, _) = sup::syntax::parse(source);
    let (after, _) = sup::syntax::parse(&once);
    if before.items != after.items {
        return Err(format!("the syntax tree changed:\n{once}"));
    }
    let texts = |m: &sup::syntax::Module| {
        m.comments
            .iter()
            .map(|c| c.text.trim_end().to_string())
            .collect::<Vec<_>>()
    };
    if texts(&before) != texts(&after) {
        return Err(format!(
            "comments changed: {:?} -> {:?}\n{once}",
            texts(&before),
            texts(&after)
        ));
    }
    let options = CheckOptions {
        file_name: "policy.sup".into(),
        today: None,
    };
    let compiled_before = check(source, &options);
    let compiled_after = check(&once, &options);
    if !same_meaning(&compiled_before.policy, &compiled_after.policy) {
        return Err(format!("the compiled policy changed:\n{once}"));
    }
    let codes = |c: &sup::check::Checked| c.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
    if codes(&compiled_before) != codes(&compiled_after) {
        return Err(format!(
            "the diagnostics changed: {:?} -> {:?}",
            codes(&compiled_before),
            codes(&compiled_after)
        ));
    }
    Ok(())
}

#[test]
fn every_shipped_policy_keeps_its_meaning_and_formats_idempotently() {
    let files = policy_files();
    assert!(!files.is_empty());
    for path in files {
        let source = fs::read_to_string(&path).unwrap();
        if let Err(message) = promises_hold(&source) {
            panic!("{}: {message}", path.display());
        }
    }
}

#[test]
fn every_test_fixture_that_parses_keeps_its_meaning_and_formats_idempotently() {
    // The fixtures are not kept formatted (some test layout on purpose), but
    // formatting any of them must keep the promises.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut stack = vec![root];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "sup") {
                let source = fs::read_to_string(&path).unwrap();
                if !sup::syntax::parse(&source).1.is_empty() {
                    continue;
                }
                if let Err(message) = promises_hold(&source) {
                    panic!("{}: {message}", path.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "only {checked} fixtures checked");
}

#[test]
fn every_shipped_policy_is_formatted() {
    for path in policy_files() {
        let source = fs::read_to_string(&path).unwrap();
        let formatted = format(&source).unwrap();
        assert!(
            formatted == source,
            "{} is not formatted: run `sup fmt {}`",
            path.display(),
            path.display()
        );
    }
}

#[test]
fn shipped_policies_relaid_out_at_random_keep_their_meaning() {
    // Squash each shipped policy onto as few lines as the grammar allows
    // (comments keep their own line ends), then check the promises again.
    for path in policy_files() {
        let source = fs::read_to_string(&path).unwrap();
        let squashed: String = source
            .lines()
            .map(|l| {
                if l.contains('#') {
                    format!("{l}\n")
                } else {
                    format!("{} ", l.trim())
                }
            })
            .collect();
        // Statements must still start at a line's beginning for nothing; the
        // parser does not care, but a quantity's unit must stay on its line.
        if let Err(message) = promises_hold(&squashed) {
            panic!("{} squashed: {message}", path.display());
        }
    }
}

/// The number of cases: `PROPTEST_CASES` when set (for a long run), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Byte offsets of spaces in `source` that may become any whitespace: outside
/// strings and comments, and not between a number and its unit or inside the
/// two-word keywords that must stay on one line (`session kinds`, `working days`).
fn loose_spaces(source: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (line_start, line) in source.split_inclusive('\n').scan(0, |at, l| {
        let start = *at;
        *at += l.len();
        Some((start, l))
    }) {
        let mut in_string = false;
        for (i, c) in line.char_indices() {
            match c {
                '"' => in_string = !in_string,
                '#' if !in_string => break,
                ' ' if !in_string => {
                    let before = &line[..i];
                    let word = before.rsplit(' ').next().unwrap_or("");
                    let glued = word.chars().last().is_some_and(|c| c.is_ascii_digit())
                        || ["session", "record", "case", "working"].contains(&word);
                    if !glued {
                        out.push(line_start + i);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// `source` with each loose space replaced as `choices` say.
fn relaid(source: &str, spaces: &[usize], choices: &[u8]) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    let mut next = 0;
    for (&at, &choice) in spaces.iter().zip(choices) {
        out.push_str(&source[next..at]);
        out.push_str(match choice {
            0 => "\n",
            1 => "\n      ",
            2 => "\t",
            3 => "   ",
            4 => " # a note\n ",
            _ => " ",
        });
        next = at + 1;
    }
    out.push_str(&source[next..]);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(24), ..ProptestConfig::default() })]

    #[test]
    fn shipped_policies_laid_out_at_random_format_back_and_keep_their_meaning(
        which in 0usize..16,
        choices in prop::collection::vec(0u8..12, 4000),
    ) {
        let files = policy_files();
        let path = &files[which % files.len()];
        let source = fs::read_to_string(path).unwrap();
        let spaces = loose_spaces(&source);
        let messy = relaid(&source, &spaces, &choices);
        let (_, diagnostics) = sup::syntax::parse(&messy);
        prop_assert!(diagnostics.is_empty(), "{}: the relaid text does not parse: {diagnostics:#?}", path.display());
        if let Err(message) = promises_hold(&messy) {
            return Err(TestCaseError::fail(format!("{}: {message}", path.display())));
        }
    }
}

// ---------------------------------------------------------------- generated policies

/// A token and whether the text after it must contain a line break (between
/// block children, so that a number never runs into the next clause's name).
#[derive(Debug, Clone)]
struct Tok(String, bool);

fn t(s: &str) -> Tok {
    Tok(s.to_string(), false)
}

fn nl(s: &str) -> Tok {
    Tok(s.to_string(), true)
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "alpha",
        "beta",
        "gamma",
        "staff",
        "social_workers",
        "team_x",
        "delta_2",
    ])
    .prop_map(str::to_string)
}

fn quantity() -> impl Strategy<Value = String> {
    (
        1u32..30,
        prop::sample::select(vec![
            "hours",
            "days",
            "working days",
            "weeks",
            "months",
            "years",
            "minutes",
        ]),
    )
        .prop_map(|(n, u)| format!("{n} {u}"))
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        name(),
        Just("\"text with # hash\"".to_string()),
        Just("2025-09-01".to_string()),
        quantity(),
        (1u32..9).prop_map(|n| n.to_string()),
    ]
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        name(),
        (
            prop::sample::select(vec!["supervisor", "supervisee"]),
            name()
        )
            .prop_map(|(a, b)| format!("{a}.{b}")),
    ]
}

fn atom() -> impl Strategy<Value = Vec<Tok>> {
    prop_oneof![
        (path(), any::<bool>(), value()).prop_map(|(p, n, v)| {
            let mut toks = vec![t(&p), t("is")];
            if n {
                toks.push(t("not"));
            }
            toks.push(t(&v));
            toks
        }),
        (path(), prop::collection::vec(name(), 2..4)).prop_map(|(p, vs)| {
            let mut toks = vec![t(&p), t("is"), t("one"), t("of")];
            for (i, v) in vs.iter().enumerate() {
                if i > 0 {
                    toks.push(t(","));
                }
                toks.push(t(v));
            }
            toks
        }),
        (path(), name()).prop_map(|(p, v)| vec![t(&p), t("has"), t(&v)]),
        (path(), any::<bool>()).prop_map(|(p, n)| {
            let mut toks = vec![t(&p), t("is")];
            if n {
                toks.push(t("not"));
            }
            toks.push(t("recorded"));
            toks
        }),
        (path(), any::<bool>()).prop_map(|(p, n)| {
            let mut toks = vec![t(&p), t("is")];
            if n {
                toks.push(t("not"));
            }
            toks.extend([t("within"), t("working"), t("hours")]);
            toks
        }),
        (path(), prop::sample::select(vec!["=", "!=", "<="]), path()).prop_map(|(a, op, b)| vec![
            t("month"),
            t("of"),
            t(&a),
            t(op),
            t("month"),
            t("of"),
            t(&b)
        ]),
        (path(), name()).prop_map(|(p, g)| vec![t(&p), t("in"), t(&g)]),
        (
            path(),
            prop::sample::select(vec![">=", "<=", "=", "!=", "<", ">"]),
            path(),
            0u32..3
        )
            .prop_map(|(a, op, b, k)| {
                let mut toks = vec![t(&a), t(op), t(&b)];
                if k > 0 {
                    toks.push(t("+"));
                    toks.push(t(&k.to_string()));
                }
                toks
            }),
    ]
}

fn condition() -> impl Strategy<Value = Vec<Tok>> {
    atom().prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| [a, vec![t("and")], b].concat()),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| [a, vec![t("or")], b].concat()),
            inner.clone().prop_map(|a| [vec![t("not")], a].concat()),
            inner
                .clone()
                .prop_map(|a| [vec![t("(")], a, vec![t(")")]].concat()),
            (inner.clone(), inner).prop_map(|(a, b)| [
                vec![t("not"), t("(")],
                a,
                vec![t("and")],
                b,
                vec![t(")")]
            ]
            .concat()),
        ]
    })
}

fn requirement() -> impl Strategy<Value = Vec<Tok>> {
    prop_oneof![
        (
            1u32..12,
            prop::sample::select(vec![
                "per year",
                "per month",
                "per financial year",
                "per calendar month"
            ])
        )
            .prop_map(|(n, w)| [
                vec![t("at"), t("least"), t(&n.to_string())],
                w.split(' ').map(t).collect()
            ]
            .concat()),
        quantity().prop_map(|q| vec![t("at"), t("least"), t("once"), t("in"), t("any"), t(&q)]),
        (quantity(), name()).prop_map(|(q, c)| vec![
            t("at"),
            t("least"),
            t(&q),
            t("per"),
            t("week"),
            t("scaled"),
            t("by"),
            t(&c)
        ]),
        Just(vec![
            t("at"),
            t("least"),
            t("twice"),
            t("in"),
            t("each"),
            t("half_term")
        ]),
        quantity().prop_map(|q| vec![t("every"), t(&q)]),
        // Maxima, gap ranges and shortest gaps.
        (1u32..9).prop_map(|n| vec![t("at"), t("most"), t(&n.to_string()), t("per"), t("month")]),
        (1u32..5, 5u32..9).prop_map(|(a, b)| vec![
            t("at"),
            t("least"),
            t(&a.to_string()),
            t("and"),
            t("at"),
            t("most"),
            t(&b.to_string()),
            t("in"),
            t("any"),
            t("4 weeks")
        ]),
        (1u32..4, 4u32..9).prop_map(|(a, b)| vec![
            t("every"),
            t(&a.to_string()),
            t("to"),
            t(&format!("{b} weeks"))
        ]),
        quantity().prop_map(|q| vec![t("at"), t("least"), t(&q), t("apart")]),
    ]
}

fn options() -> impl Strategy<Value = Vec<Tok>> {
    prop::collection::vec(
        prop_oneof![
            name().prop_map(|r| vec![t("waivable"), t("by"), t(&r)]),
            Just(vec![t("not"), t("pro"), t("rata")]),
            Just(vec![t("pro"), t("rata"), t("by"), t("fte")]),
            name().prop_map(|r| vec![t("overrides"), t(&r)]),
            Just(vec![t("partial"), t("windows"), t("full")]),
            (name(), name()).prop_map(|(a, b)| vec![
                t("alternating"),
                t("between"),
                t(&a),
                t("and"),
                t(&b)
            ]),
        ],
        0..3,
    )
    .prop_map(|opts| {
        let mut toks = Vec::new();
        for o in opts {
            toks.push(t(","));
            toks.extend(o);
        }
        toks
    })
}

fn block(head: Vec<Tok>, children: Vec<Vec<Tok>>) -> Vec<Tok> {
    let mut toks = head;
    toks.push(nl("{"));
    for child in children {
        let n = child.len();
        for (i, tok) in child.into_iter().enumerate() {
            toks.push(if i + 1 == n { Tok(tok.0, true) } else { tok });
        }
    }
    toks.push(t("}"));
    toks
}

fn statement() -> impl Strategy<Value = Vec<Tok>> {
    prop_oneof![
        (
            prop::sample::select(vec!["roles", "purposes", "tags", "teams", "registrations"]),
            prop::collection::vec(name(), 1..4)
        )
            .prop_map(|(h, vs)| {
                let mut toks = vec![t(h)];
                toks.push(t(":"));
                toks.push(t(&vs.join(", ")));
                toks
            }),
        prop::collection::vec(name(), 1..4).prop_map(|vs| vec![
            t("session kinds"),
            t(":"),
            t(&vs.join(", "))
        ]),
        (name(), prop::collection::vec(name(), 1..4)).prop_map(|(h, vs)| vec![
            t("values"),
            t("of"),
            t(&h),
            t(":"),
            t(&vs.join(", "))
        ]),
        (name(), name(), proptest::option::of(condition())).prop_map(|(g, b, c)| {
            let mut toks = vec![t("group"), t(&g), t("\"a label\""), t(":"), t(&b)];
            if let Some(c) = c {
                toks.push(t("where"));
                toks.extend(c);
            }
            toks
        }),
        (name(), name(), requirement(), options()).prop_map(|(r, g, req, opts)| {
            [
                vec![
                    t("rule"),
                    t(&r),
                    t(":"),
                    t("require"),
                    t("one_to_one"),
                    t("or"),
                    t("group_supervision"),
                    t("for"),
                    t(&g),
                    t(":"),
                ],
                req,
                opts,
            ]
            .concat()
        }),
        (name(), prop::collection::vec(requirement(), 1..3)).prop_map(|(r, reqs)| {
            let head = vec![
                t("rule"),
                t(&r),
                t(":"),
                t("require"),
                t("one_to_one"),
                t("for"),
                t("nqsw"),
                t("by"),
                t("tenure"),
            ];
            let mut children = Vec::new();
            for (i, req) in reqs.into_iter().enumerate() {
                let range = if i == 0 {
                    vec![t("first"), t("6 weeks")]
                } else {
                    vec![t("then")]
                };
                children.push([range, vec![t(":")], req].concat());
            }
            block(head, children)
        }),
        (
            name(),
            prop::collection::vec((proptest::option::of(condition()), condition()), 1..3),
            options()
        )
            .prop_map(|(r, clauses, opts)| {
                let head = vec![
                    t("rule"),
                    t(&r),
                    t(":"),
                    t("eligible"),
                    t("supervisor"),
                    t("of"),
                    t("one_to_one"),
                    t("for"),
                    t("social_workers"),
                ];
                let children = clauses
                    .into_iter()
                    .map(|(w, c)| match w {
                        Some(w) => [vec![t("when")], w, vec![t(":")], c].concat(),
                        None => c,
                    })
                    .collect();
                [block(head, children), opts].concat()
            }),
        (
            name(),
            prop::sample::select(vec![
                "5 to 7",
                "between 150 and 200",
                "at most 6",
                "at least 50%"
            ]),
            options()
        )
            .prop_map(|(r, range, opts)| {
                [
                    vec![
                        t("rule"),
                        t(&r),
                        t(":"),
                        t("limit"),
                        t("caseload"),
                        t("per"),
                        t("fte"),
                        t("for"),
                        t("staff"),
                        t(":"),
                    ],
                    range.split(' ').map(t).collect(),
                    opts,
                ]
                .concat()
            }),
        (name(), quantity(), proptest::option::of(condition())).prop_map(|(r, q, c)| {
            let mut toks = vec![
                t("rule"),
                t(&r),
                t(":"),
                t("deadline"),
                t("sessions"),
                t(":"),
                t("recorded"),
                t("within"),
                t(&q),
                t("of"),
                t("start"),
            ];
            if let Some(c) = c {
                toks.push(t("where"));
                toks.extend(c);
            }
            toks
        }),
        (name(), name(), condition(), options()).prop_map(|(r, g, c, opts)| {
            [
                vec![
                    t("rule"),
                    t(&r),
                    t(":"),
                    t("every"),
                    t("member"),
                    t("of"),
                    t(&g),
                    t(":"),
                ],
                c,
                opts,
            ]
            .concat()
        }),
        (name(), quantity()).prop_map(|(r, q)| {
            vec![
                t("rule"),
                t(&r),
                t(":"),
                t("deadline"),
                t("sessions"),
                t(":"),
                t("booked"),
                t("at"),
                t("least"),
                t(&q),
                t("before"),
                t("start"),
            ]
        }),
        name().prop_map(|r| {
            [
                "rule", &r, ":", "deadline", "sessions", ":", "booked", "at", "least", "the",
                "length", "of", "start", "to", "recorded", "before", "start",
            ]
            .map(t)
            .to_vec()
        }),
        (name(), any::<bool>()).prop_map(|(r, the)| {
            let mut toks = vec![
                t("rule"),
                t(&r),
                t(":"),
                t("deadline"),
                t("one_to_one"),
                t(":"),
                t("signed_by_supervisee"),
                t("before"),
            ];
            if the {
                toks.push(t("the"));
            }
            toks.extend([t("next"), t("one_to_one")]);
            toks
        }),
        (name(), quantity(), proptest::option::of(quantity())).prop_map(|(r, q, m)| {
            let mut toks = vec![
                t("rule"),
                t(&r),
                t(":"),
                t("retain"),
                t("personal_supervision"),
                t("records"),
                t(":"),
                t("at"),
                t("least"),
                t(&q),
            ];
            if let Some(m) = m {
                toks.extend([t("and"), t("at"), t("most"), t(&m)]);
            }
            toks.extend([t("after"), t("leaving")]);
            toks
        }),
        (
            name(),
            prop::collection::vec((name(), name()), 0..4),
            proptest::option::of(quantity()),
            options()
        )
            .prop_map(|(r, allows, notify, opts)| {
                let head = vec![
                    t("rule"),
                    t(&r),
                    t(":"),
                    t("access"),
                    t("personal_supervision"),
                    t(","),
                    t("appraisal"),
                    t("records"),
                ];
                let mut children: Vec<Vec<Tok>> = allows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (a, p))| {
                        let mut toks =
                            vec![t("allow"), t(&a), t(","), t("subject"), t("for"), t(&p)];
                        if i == 1 {
                            toks.extend([t("and"), t("notify"), t("subject")]);
                        }
                        if i == 2 {
                            toks.extend([
                                t("and"),
                                t("notify"),
                                t("subject"),
                                t("within"),
                                t("5 working days"),
                            ]);
                        }
                        toks
                    })
                    .collect();
                children.push(vec![t("deny"), t("outsider")]);
                if let Some(q) = notify {
                    children.push(vec![t("notify"), t("subject"), t("within"), t(&q)]);
                }
                [block(head, children), opts].concat()
            }),
        prop::collection::vec((name(), any::<bool>()), 1..4).prop_map(|cols| {
            let children = cols
                .into_iter()
                .map(|(c, opt)| {
                    let mut toks = vec![t(&c), t(":")];
                    if opt {
                        toks.push(t("optional"));
                    }
                    toks.extend([t("ref"), t("staff")]);
                    toks
                })
                .collect();
            block(
                vec![t("table"), t("extra_things"), t("\"extra\"")],
                children,
            )
        }),
        Just(block(
            vec![t("calendar"), t("half_term")],
            vec![vec![
                t("autumn_1"),
                t(":"),
                t("2025-09-01"),
                t("to"),
                t("2025-10-24")
            ]]
        )),
    ]
}

/// Whitespace (and comments) between tokens of a statement.
fn separator(must_break: bool) -> impl Strategy<Value = String> {
    let any = vec![
        " ",
        "  ",
        "\t",
        "\n",
        "\n    ",
        " # trailing note\n",
        "\n# an own-line note\n  ",
    ];
    let breaking = vec![
        "\n",
        "\n\n",
        "\n    ",
        " # trailing note\n",
        "\n\n\n# own line\n",
    ];
    prop::sample::select(if must_break { breaking } else { any }).prop_map(str::to_string)
}

/// Whitespace (and comments) between statements.
fn statement_separator() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "\n",
        "\n\n",
        "\n\n\n\n",
        " # after\n",
        "\n# section\n\n",
        "\n\n# about the next\n",
    ])
    .prop_map(str::to_string)
}

fn header() -> Vec<Tok> {
    block(
        vec![t("policy"), t("\"Generated\"")],
        vec![
            vec![t("owner"), t(":"), t("\"someone\"")],
            vec![t("version"), t(":"), t("\"1\"")],
            vec![t("review"), t(":"), t("2027-01-01")],
            vec![t("conforms"), t("to"), t(":"), t("\"framework.sup\"")],
        ],
    )
}

fn policy() -> impl Strategy<Value = String> {
    prop::collection::vec(statement(), 1..8)
        .prop_flat_map(|statements| {
            let mut all = vec![header()];
            all.extend(statements);
            let seps: Vec<_> = all
                .iter()
                .map(|s| prop::collection::vec((separator(false), separator(true)), s.len()))
                .collect();
            let between = prop::collection::vec(statement_separator(), all.len());
            (Just(all), seps, between)
        })
        .prop_map(|(statements, seps, between)| {
            let mut out = String::new();
            for ((statement, seps), after) in statements.iter().zip(&seps).zip(&between) {
                for (i, (tok, (soft, hard))) in statement.iter().zip(seps).enumerate() {
                    out.push_str(&tok.0);
                    if i + 1 < statement.len() {
                        out.push_str(if tok.1 { hard } else { soft });
                    }
                }
                out.push_str(after);
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn generated_policies_format_idempotently_and_keep_their_meaning(source in policy()) {
        let (_, diagnostics) = sup::syntax::parse(&source);
        prop_assume!(diagnostics.is_empty());
        if let Err(message) = promises_hold(&source) {
            return Err(TestCaseError::fail(format!("{message}\n--- source\n{source}")));
        }
    }

    #[test]
    fn the_generator_makes_policies_that_parse(source in policy()) {
        let (_, diagnostics) = sup::syntax::parse(&source);
        prop_assert!(diagnostics.is_empty(), "{diagnostics:#?}\n{source}");
    }
}
