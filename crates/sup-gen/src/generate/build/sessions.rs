//! The baseline's sessions: a schedule for everyone that meets every
//! frequency rule, case discussions, frequency reductions, and the padding
//! sessions benchmarks ask for.

use super::*;

impl Builder<'_> {
    fn session(
        &mut self,
        supervisee: &str,
        supervisor: &str,
        kind: &'static str,
        start: NaiveDateTime,
        duration: u32,
    ) -> String {
        let id = self.ids.session();
        let signed = start + chrono::TimeDelta::hours(2);
        self.org.sessions.push(Session {
            id: id.clone(),
            supervisee: supervisee.to_string(),
            supervisor: supervisor.to_string(),
            kind,
            status: "held",
            start,
            duration,
            recorded: Some(start + chrono::TimeDelta::hours(1)),
            signed_by_supervisor: Some(signed),
            signed_by_supervisee: Some(signed),
        });
        id
    }

    pub(super) fn schedules(&mut self) {
        let staff = self.org.staff.clone();
        for (index, s) in staff.iter().enumerate() {
            let Some((first, last)) = self.employed(s) else {
                continue;
            };
            let supervisor = s.supervisor.clone().unwrap_or_default();
            let line_manager = s.line_manager.clone().unwrap_or_else(|| supervisor.clone());
            // (date, supervisor, minutes)
            let mut planned: Vec<(NaiveDate, String, u32)> = Vec::new();
            match s.kind {
                Kind::Monthly => {
                    let day = 5 + (index as u32 * 7) % 18;
                    let mut month =
                        NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
                    while month <= last {
                        if let Some(d) = NaiveDate::from_ymd_opt(month.year(), month.month(), day) {
                            if d >= first && d <= last {
                                planned.push((d, supervisor.clone(), 60));
                            }
                        }
                        month = months(month, 1);
                    }
                }
                Kind::Nqsw => {
                    let assessor = s
                        .asye_assessor
                        .clone()
                        .unwrap_or_else(|| supervisor.clone());
                    // Weeks 1 to 6, then every two weeks from week 7: the
                    // line manager and the assessor take turns throughout.
                    for k in 1..=6 {
                        let who = if k % 2 == 1 { &line_manager } else { &assessor };
                        planned.push((days(s.start, 7 * k), who.clone(), 60));
                    }
                    let year = months(s.start, 12);
                    let mut k = 0;
                    loop {
                        let d = days(s.start, 49 + 14 * k);
                        if d >= year {
                            break;
                        }
                        let who = if k % 2 == 0 { &line_manager } else { &assessor };
                        planned.push((d, who.clone(), 60));
                        k += 1;
                    }
                    let mut m = 0;
                    loop {
                        let d = months(year, m);
                        if d > last {
                            break;
                        }
                        planned.push((d, line_manager.clone(), 60));
                        m += 1;
                    }
                }
                Kind::Nqep | Kind::Tep => {
                    let minutes = if s.kind == Kind::Tep {
                        30 * s.placement_days.unwrap_or(1)
                    } else {
                        60
                    };
                    let mut d = days(s.start, 1);
                    while d <= last {
                        planned.push((d, supervisor.clone(), minutes));
                        d = days(d, 7);
                    }
                }
                Kind::OverseasTwoWeekly | Kind::OverseasThreeWeekly => {
                    let step = if s.kind == Kind::OverseasTwoWeekly {
                        14
                    } else {
                        21
                    };
                    let mut d = days(s.start, 7);
                    while d <= last {
                        planned.push((d, supervisor.clone(), 60));
                        d = days(d, step);
                    }
                }
                Kind::Former => {}
            }
            let hour = 9 + (index as u32 % 7);
            let mut held = Vec::new();
            for (d, who, minutes) in planned {
                if d < first || d > last {
                    continue;
                }
                let id = self.session(&s.id, &who, "one_to_one", at(d, hour), minutes);
                held.push((d, id));
            }
            self.cases_for(s, first, last, &held);
            // Live supervision and agreements every six months.
            for k in 0.. {
                let d = months(s.start, 3 + 6 * k);
                if d > last {
                    break;
                }
                if d >= first {
                    self.session(&s.id, &supervisor, "live_supervision", at(d, 14), 90);
                }
            }
            for k in 0.. {
                let d = months(s.start, 6 * k);
                if d > last {
                    break;
                }
                if d >= first {
                    let id = self.ids.next("A");
                    self.org.agreements.push(Agreement {
                        id,
                        supervisee: s.id.clone(),
                        supervisor: Some(supervisor.clone()),
                        date: d,
                    });
                }
            }
            if let Some(since) = s.supervisor_since {
                for k in 0.. {
                    let d = months(since, 1 + 6 * k);
                    if d > last {
                        break;
                    }
                    if d >= first {
                        let id = self.ids.next("O");
                        self.org.observations.push(Observation {
                            id,
                            observed: s.id.clone(),
                            observer: supervisor.clone(),
                            kind: "supervision",
                            date: d,
                        });
                    }
                }
            }
        }
        self.org
            .sessions
            .sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
    }

    fn cases_for(
        &mut self,
        s: &Staff,
        first: NaiveDate,
        last: NaiveDate,
        held: &[(NaiveDate, String)],
    ) {
        if s.caseload.is_none() && s.kind != Kind::Nqsw {
            return;
        }
        let count = if s.kind == Kind::Nqsw { 2 } else { 3 };
        const FLAGS: [&[&str]; 6] = [
            &["safeguarding"],
            &[],
            &["care_proceedings"],
            &["private_fostering"],
            &["private_fostering", "language_student"],
            &[],
        ];
        for k in 0..count {
            let flags = FLAGS
                .get((self.org.cases.len() + k) % FLAGS.len())
                .copied()
                .unwrap_or(&[]);
            // Long-serving staff's cases were opened before the records
            // begin; a starter's at their first session.
            let opened = if s.start < self.span.start {
                days(self.span.start, -30 - self.rng.below(300) as i64)
            } else {
                held.first().map_or(first, |(d, _)| *d)
            };
            let closed = s.end.filter(|e| *e <= last);
            let id = self.ids.next("C");
            self.org.cases.push(Case {
                id: id.clone(),
                worker: s.id.clone(),
                flags: flags.to_vec(),
                opened,
                closed,
            });
            for (n, (d, session)) in held.iter().enumerate() {
                if *d < opened || closed.is_some_and(|c| *d > c) {
                    continue;
                }
                let did = self.ids.next("D");
                self.org.discussions.push(Discussion {
                    id: did,
                    case: id.clone(),
                    session: Some(session.clone()),
                    discussed: *d,
                });
                if n % 3 == k % 3 {
                    let decided = at(*d, 16);
                    let kid = self.ids.next("K");
                    let lag = 1 + self.rng.below(5) as i64;
                    self.org.decisions.push(Decision {
                        id: kid,
                        case: id.clone(),
                        decided_by: s.id.clone(),
                        decided,
                        recorded: Some(decided + chrono::TimeDelta::days(lag)),
                    });
                }
            }
        }
    }

    /// Decisions to reduce overseas social workers' frequency of
    /// supervision, each after a direct observation of practice: for the
    /// three-weekly stage, the decision that put them there (six months in);
    /// for the two-weekly stage, a recent decision to move to three-weekly
    /// (the export is taken before their tags change). Some observations are
    /// on the day of the decision, which is still in time.
    pub(super) fn reductions(&mut self) {
        let staff = self.org.staff.clone();
        for s in &staff {
            let Some((_, last)) = self.employed(s) else {
                continue;
            };
            let decided = match s.kind {
                Kind::OverseasThreeWeekly => months(s.start, 6),
                Kind::OverseasTwoWeekly => days(last, -14 - self.rng.below(60) as i64),
                _ => continue,
            };
            if decided > last {
                continue;
            }
            let before = 7 * (self.org.reductions.len() as i64 % 3);
            let id = self.ids.next("F");
            self.org.reductions.push(FrequencyReduction {
                id,
                worker: s.id.clone(),
                decided,
                practice_observed: Some(days(decided, -before)),
            });
        }
    }
}

/// Extra held one-to-ones with the usual supervisor, for benchmarks: on
/// days with no other session of that person, signed the same day.
pub(in crate::generate) fn pad_sessions(org: &mut Org, config: &Config) {
    if org.sessions.len() >= config.sessions {
        return;
    }
    let span = span_of(config);
    let mut rng = Rng::new(config.seed ^ 0xBEEF);
    let current: Vec<(String, String, NaiveDate, NaiveDate)> = org
        .staff
        .iter()
        .filter(|s| {
            s.kind == Kind::Monthly && s.supervisor.is_some() && !org.protected.contains(&s.id)
        })
        .filter_map(|s| {
            let a = s.start.max(span.start);
            let b = s.end.unwrap_or(span.last).min(span.last);
            (a < b).then(|| (s.id.clone(), s.supervisor.clone().unwrap_or_default(), a, b))
        })
        .collect();
    if current.is_empty() {
        return;
    }
    let mut taken: std::collections::HashSet<(usize, NaiveDate)> = std::collections::HashSet::new();
    let index: std::collections::HashMap<&str, usize> = current
        .iter()
        .enumerate()
        .map(|(i, c)| (c.0.as_str(), i))
        .collect();
    for s in &org.sessions {
        if let Some(i) = index.get(s.supervisee.as_str()) {
            taken.insert((*i, s.start.date()));
        }
    }
    // Their own prefix: plants removed sessions, so counting rows would reuse ids.
    let mut next_id = 1;
    let mut extra = Vec::new();
    let mut tries = 0usize;
    while org.sessions.len() + extra.len() < config.sessions && tries < config.sessions * 4 {
        tries += 1;
        let i = rng.below(current.len() as u64) as usize;
        let Some((who, supervisor, a, b)) = current.get(i) else {
            continue;
        };
        let d = days(*a, rng.below(((*b - *a).num_days() + 1) as u64) as i64);
        if d.weekday() == Weekday::Sun || !taken.insert((i, d)) {
            continue;
        }
        let start = at(d, 15);
        let signed = start + chrono::TimeDelta::hours(2);
        extra.push(Session {
            id: format!("XE{next_id:07}"),
            supervisee: who.clone(),
            supervisor: supervisor.clone(),
            kind: "one_to_one",
            status: "held",
            start,
            duration: 60,
            recorded: Some(signed),
            signed_by_supervisor: Some(signed),
            signed_by_supervisee: Some(signed),
        });
        next_id += 1;
    }
    org.sessions.append(&mut extra);
    org.sessions
        .sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
}
