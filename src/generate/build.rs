//! The baseline organisation: teams of a manager and six staff, service
//! managers over five to seven teams, and a schedule for everyone that
//! meets every rule of the BCP policy.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::*;

pub(super) struct Ids {
    pub session: usize,
    pub other: usize,
}

impl Ids {
    pub fn session(&mut self) -> String {
        self.session += 1;
        format!("X{:07}", self.session)
    }
    pub fn next(&mut self, prefix: &str) -> String {
        self.other += 1;
        format!("{prefix}{:07}", self.other)
    }
}

/// Dates that bound the history.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    /// The first day of history.
    pub start: NaiveDate,
    /// The first day judged by default (a year before the as-of date).
    pub from: NaiveDate,
    /// The last day of history: the day before the as-of date.
    pub last: NaiveDate,
}

pub(super) fn span_of(config: &Config) -> Span {
    let as_of = config.as_of;
    Span {
        start: as_of
            .checked_sub_months(Months::new(config.years.max(1).saturating_mul(12)))
            .unwrap_or(as_of),
        from: as_of.checked_sub_months(Months::new(12)).unwrap_or(as_of),
        last: as_of.pred_opt().unwrap_or(as_of),
    }
}

pub(super) fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN))
}

pub(super) fn days(date: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        date.checked_add_days(Days::new(n.unsigned_abs()))
            .unwrap_or(date)
    } else {
        date.checked_sub_days(Days::new(n.unsigned_abs()))
            .unwrap_or(date)
    }
}

pub(super) fn months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_months(Months::new(n)).unwrap_or(date)
}

/// The Monday on or before a date.
pub(super) fn monday(date: NaiveDate) -> NaiveDate {
    days(date, -i64::from(date.weekday().num_days_from_monday()))
}

struct Builder<'c> {
    config: &'c Config,
    rng: Rng,
    span: Span,
    org: Org,
    ids: Ids,
}

pub(super) fn baseline(config: &Config) -> Org {
    let mut b = Builder {
        config,
        rng: Rng::new(config.seed),
        span: span_of(config),
        org: Org::default(),
        ids: Ids {
            session: 0,
            other: 0,
        },
    };
    b.people();
    b.schedules();
    b.inventory();
    b.reductions();
    if config.history {
        b.neutral_history();
    }
    b.org
}

impl Builder<'_> {
    fn staff_id(&self) -> String {
        format!("S{:05}", self.org.staff.len() + 1)
    }

    fn long_serving_start(&mut self) -> NaiveDate {
        let year = 2014 + self.rng.below(8) as i32;
        let day = 1 + self.rng.below(300) as i64;
        monday(days(
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(self.span.start),
            day,
        ))
    }

    fn add(&mut self, mut s: Staff) -> String {
        s.id = self.staff_id();
        let id = s.id.clone();
        self.org.staff.push(s);
        id
    }

    fn people(&mut self) {
        let mut teams = (self.config.staff / 7).max(5);
        if teams == 8 || teams == 9 {
            teams = 10;
        }
        let span = self.span;
        // Top: the head of service and the director, who supervise each other.
        let head = self.add(Staff {
            role: "head_of_service",
            team: "Directorate".into(),
            level: 5,
            tags: vec!["statutory", "sw_qualified", "supervision_trained"],
            registrations: vec!["HCPC"],
            fte: 1.0,
            start: NaiveDate::from_ymd_opt(2012, 4, 2).unwrap_or(span.start),
            ..Staff::default()
        });
        let director = self.add(Staff {
            role: "director",
            team: "Directorate".into(),
            level: 6,
            tags: vec!["supervision_trained"],
            registrations: vec!["HCPC"],
            fte: 1.0,
            start: NaiveDate::from_ymd_opt(2011, 9, 5).unwrap_or(span.start),
            line_manager: Some(head.clone()),
            supervisor: Some(head.clone()),
            ..Staff::default()
        });
        if let Some(h) = self.org.staff.first_mut() {
            h.line_manager = Some(director.clone());
            h.supervisor = Some(director.clone());
        }
        // Service managers over five to seven teams each.
        let groups = teams.div_ceil(7);
        let mut sms = Vec::new();
        for _ in 0..groups {
            let start = self.long_serving_start();
            let sm = self.add(Staff {
                role: "service_manager",
                team: "Service management".into(),
                level: 4,
                tags: vec!["statutory", "sw_qualified", "supervision_trained"],
                registrations: vec!["HCPC"],
                fte: 1.0,
                start,
                line_manager: Some(head.clone()),
                supervisor: Some(head.clone()),
                supervisor_since: Some(start),
                ..Staff::default()
            });
            sms.push(sm);
        }
        // The head of service is supervised by the director, one level up;
        // the director by the head of service under a standing waiver.
        self.org.waivers.push(Waiver {
            id: "W0000001".into(),
            waived_rule: "one_level_higher".into(),
            subject: director.clone(),
            approved_by: sms.first().cloned().unwrap_or_default(),
            reason:
                "the Director's supervision by the Head of Service, agreed with the Chief Executive"
                    .into(),
            granted: NaiveDate::from_ymd_opt(2020, 1, 6).unwrap_or(span.start),
            expires: None,
        });
        self.org.planted.push(Planted {
            rule: "one_level_higher".into(),
            subject: director,
            date: None,
            status: "waived",
            what: "the Director is supervised by the Head of Service (a standing waiver)".into(),
            only_with_history: false,
        });
        // Team managers first, so each NQSW can have a neighbouring team's
        // manager as ASYE assessor.
        let mut tms = Vec::new();
        for t in 0..teams {
            let sm = sms.get(t * groups / teams).cloned().unwrap_or_default();
            let ep = t % 5 == 4;
            let start = self.long_serving_start();
            let tm = self.add(Staff {
                role: if ep {
                    "principal_educational_psychologist"
                } else {
                    "team_manager"
                },
                team: if ep {
                    format!("EP {}", t / 5 + 1)
                } else {
                    format!("Team {}", t + 1)
                },
                level: 3,
                tags: if ep {
                    vec!["supervision_trained"]
                } else {
                    vec!["statutory", "sw_qualified", "supervision_trained"]
                },
                // The educational psychology manager's HCPC entry is
                // missing from the HR system: harmless until they supervise
                // a social worker.
                registrations: if ep { vec![] } else { vec!["HCPC"] },
                fte: 1.0,
                start,
                line_manager: Some(sm.clone()),
                supervisor: Some(sm),
                supervisor_since: Some(days(start, 30)),
                ..Staff::default()
            });
            tms.push((tm, ep));
        }
        let sw_tms: Vec<String> = tms
            .iter()
            .filter(|(_, ep)| !ep)
            .map(|(t, _)| t.clone())
            .collect();
        let mut sw_team = 0usize;
        let mut nqsw_count = 0i64;
        for (t, (tm, ep)) in tms.clone().into_iter().enumerate() {
            let team = self
                .org
                .staff
                .iter()
                .find(|s| s.id == tm)
                .map(|s| s.team.clone())
                .unwrap_or_default();
            let member = |role: &'static str, level: u32, kind: Kind| Staff {
                role,
                team: team.clone(),
                level,
                fte: 1.0,
                line_manager: Some(tm.clone()),
                supervisor: Some(tm.clone()),
                kind,
                ..Staff::default()
            };
            let mut members: Vec<Staff> = Vec::new();
            if ep {
                for k in 0..2 {
                    let mut s = member("educational_psychologist", 2, Kind::Monthly);
                    s.fte = if k == 1 { 0.6 } else { 1.0 };
                    members.push(s);
                }
                for _ in 0..2 {
                    let mut s = member("educational_psychologist", 1, Kind::Nqep);
                    s.tags = vec!["nqep"];
                    members.push(s);
                }
                for _ in 0..2 {
                    let mut s = member("trainee_educational_psychologist", 1, Kind::Tep);
                    s.placement_days = Some(3);
                    members.push(s);
                }
            } else {
                let qualified = |mut s: Staff| {
                    s.tags = vec!["statutory", "sw_qualified"];
                    s.registrations = vec!["HCPC"];
                    s.caseload = Some(15);
                    s
                };
                members.push(qualified(member("senior_social_worker", 2, Kind::Monthly)));
                let mut part_time = qualified(member("social_worker", 1, Kind::Monthly));
                part_time.fte = 0.5;
                members.push(part_time);
                members.push(qualified(member("social_worker", 1, Kind::Monthly)));
                let mut fsw = member("family_support_worker", 1, Kind::Monthly);
                fsw.caseload = Some(10);
                members.push(fsw);
                let assessor = sw_tms
                    .get((sw_team + 1) % sw_tms.len().max(1))
                    .cloned()
                    .unwrap_or_else(|| tm.clone());
                let nqsw = |mut s: Staff| {
                    s.tags = vec!["asye", "statutory", "sw_qualified"];
                    s.asye_assessor = Some(if assessor == tm {
                        sms.first().cloned().unwrap_or_default()
                    } else {
                        assessor.clone()
                    });
                    s
                };
                let extra: [Staff; 2] = match sw_team % 4 {
                    0 => [nqsw(qualified(member("social_worker", 1, Kind::Nqsw))), {
                        let mut s = qualified(member("social_worker", 1, Kind::OverseasTwoWeekly));
                        s.tags.push("overseas");
                        s
                    }],
                    1 => [nqsw(qualified(member("social_worker", 1, Kind::Nqsw))), {
                        let mut s =
                            qualified(member("social_worker", 1, Kind::OverseasThreeWeekly));
                        s.tags.extend(["overseas", "overseas_three_weekly"]);
                        s
                    }],
                    2 => [
                        {
                            let mut s =
                                qualified(member("assistant_team_manager", 2, Kind::Monthly));
                            s.tags.push("supervision_trained");
                            s
                        },
                        nqsw(qualified(member("social_worker", 1, Kind::Nqsw))),
                    ],
                    _ => [
                        qualified(member("social_worker", 1, Kind::Monthly)),
                        qualified(member("senior_social_worker", 2, Kind::Monthly)),
                    ],
                };
                members.extend(extra);
                sw_team += 1;
            }
            for mut s in members {
                s.start = match s.kind {
                    Kind::Nqsw => {
                        // Spread over the judged year, so every phase is seen.
                        const OFFSETS: [i64; 5] = [20, 70, 150, -60, 230];
                        let offset = OFFSETS.get((nqsw_count % 5) as usize).copied().unwrap_or(0)
                            + 7 * (nqsw_count / 5);
                        nqsw_count += 1;
                        monday(days(self.span.from, offset))
                    }
                    Kind::Nqep => monday(days(self.span.from, -60 - self.rng.below(200) as i64)),
                    Kind::Tep => monday(days(self.span.start, 30 + self.rng.below(200) as i64)),
                    Kind::OverseasTwoWeekly => {
                        monday(days(self.span.start, 10 + self.rng.below(100) as i64))
                    }
                    _ => self.long_serving_start(),
                };
                self.add(s);
            }
            // One member of every third team leaves mid-year and is replaced
            // the next day: partial windows for a leaver and a starter.
            if t % 3 == 1 {
                let leaver_index = self.org.staff.iter().rposition(|s| {
                    s.team == team && s.role == "social_worker" && s.kind == Kind::Monthly
                });
                if let Some(i) = leaver_index {
                    let end = days(self.span.from, 120 + self.rng.below(90) as i64);
                    let mut replacement = self.org.staff.get(i).cloned().unwrap_or_default();
                    if let Some(leaver) = self.org.staff.get_mut(i) {
                        leaver.end = Some(end);
                    }
                    replacement.start = days(end, 1);
                    replacement.end = None;
                    self.add(replacement);
                }
            }
        }
        // Former staff, for the record inventory.
        for (k, left) in ["2017-03-31", "2019-08-30", "2021-12-31", "2023-06-30"]
            .iter()
            .enumerate()
        {
            let end = NaiveDate::parse_from_str(left, "%Y-%m-%d").unwrap_or(span.start);
            let (tm, _) = tms.get(k % tms.len().max(1)).cloned().unwrap_or_default();
            self.add(Staff {
                role: "social_worker",
                team: "Former staff".into(),
                level: 1,
                tags: vec!["sw_qualified"],
                registrations: vec!["HCPC"],
                fte: 1.0,
                start: NaiveDate::from_ymd_opt(2010 + k as i32, 6, 7).unwrap_or(span.start),
                end: Some(end),
                line_manager: Some(tm.clone()),
                supervisor: Some(tm),
                kind: Kind::Former,
                ..Staff::default()
            });
        }
    }

    /// The days a person is employed within the history.
    fn employed(&self, s: &Staff) -> Option<(NaiveDate, NaiveDate)> {
        let a = s.start.max(self.span.start);
        let b = s.end.unwrap_or(self.span.last).min(self.span.last);
        (a <= b && s.kind != Kind::Former).then_some((a, b))
    }

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

    fn schedules(&mut self) {
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
    fn reductions(&mut self) {
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

    /// Three past periods for each long-serving social worker and family
    /// support worker who supervises no one: spells with their manager's
    /// manager as acting line manager (one in each of the last two years,
    /// while their own manager was away) and, for social workers, the tags
    /// they had before their supervision training (which the snapshot now
    /// records); a family support worker's third period is a third acting
    /// spell, in their first year. No rule of the policy judges these
    /// people differently for them (only newly qualified staff must see
    /// their line manager, and training matters only for a supervisor), so
    /// the verdicts do not change: they give the evaluator histories of
    /// columns its rules read, at the scale of the export.
    fn neutral_history(&mut self) {
        let span = self.span;
        let managers: std::collections::HashMap<String, Option<String>> = self
            .org
            .staff
            .iter()
            .map(|s| (s.id.clone(), s.line_manager.clone()))
            .collect();
        for (index, s) in self.org.staff.iter_mut().enumerate() {
            let eligible = s.kind == Kind::Monthly
                && matches!(s.role, "social_worker" | "family_support_worker")
                && s.start < span.start
                && s.end.is_none()
                && s.supervisor_since.is_none();
            let acting = s
                .line_manager
                .as_ref()
                .and_then(|m| managers.get(m).cloned().flatten());
            let Some(acting) = acting.filter(|_| eligible) else {
                continue;
            };
            let k = index as u32;
            let spell = |from: NaiveDate, length: u32| StaffHistory {
                id: s.id.clone(),
                from,
                to: months(from, length).pred_opt(),
                line_manager: Some(acting.clone()),
                ..StaffHistory::default()
            };
            self.org
                .history
                .push(spell(months(span.start, 1 + k % 6), 2));
            self.org
                .history
                .push(spell(months(span.from, 1 + k % 7), 2));
            if s.role == "social_worker" {
                let trained = months(span.from, 2 + k % 8);
                self.org.history.push(StaffHistory {
                    id: s.id.clone(),
                    from: s.start,
                    to: trained.pred_opt(),
                    tags: Some(s.tags.clone()),
                    ..StaffHistory::default()
                });
                s.tags.push("supervision_trained");
            } else {
                self.org.history.push(spell(s.start, 3));
            }
        }
    }

    /// Records inventory and access log.
    fn inventory(&mut self) {
        let staff = self.org.staff.clone();
        for (i, s) in staff.iter().enumerate() {
            for (kind, created) in [
                ("personal_supervision", s.start),
                ("agreement", s.start),
                ("appraisal", months(s.start, 12)),
            ] {
                if created > self.span.last {
                    continue;
                }
                let deleted = s
                    .end
                    .map(|e| days(months(e, 72), 20))
                    .filter(|d| *d <= self.span.last);
                let id = self.ids.next("R");
                self.org.records.push(RecordRow {
                    id: id.clone(),
                    subject: s.id.clone(),
                    kind,
                    created,
                    deleted,
                });
                if kind != "personal_supervision" || s.kind == Kind::Former || i % 3 != 0 {
                    continue;
                }
                let Some((first, last)) = self.employed(s) else {
                    continue;
                };
                let span_days = (last - first).num_days().max(1);
                let readers: [(&str, &'static str, &'static str); 3] = [
                    (
                        s.line_manager.as_deref().unwrap_or(""),
                        "line_manager",
                        "supervision",
                    ),
                    ("OFSTED-INSPECTOR-1", "inspector", "inspection"),
                    (s.id.as_str(), s.role, "supervision"),
                ];
                for (k, (who, role, purpose)) in readers.iter().enumerate() {
                    let day = days(
                        first,
                        (self.rng.below(span_days as u64) as i64 + 17 * k as i64) % span_days,
                    );
                    let aid = self.ids.next("L");
                    self.org.access.push(Access {
                        id: aid,
                        record: id.clone(),
                        accessed_by: who.to_string(),
                        role,
                        purpose,
                        accessed: at(day, 11),
                    });
                }
            }
        }
    }
}

/// Extra held one-to-ones with the usual supervisor, for benchmarks: on
/// days with no other session of that person, signed the same day.
pub(super) fn pad_sessions(org: &mut Org, config: &Config) {
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
