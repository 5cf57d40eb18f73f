//! The staff of the baseline: teams, managers, new starters and leavers,
//! with their roles, tags and supervisors.

use super::*;

impl Builder<'_> {
    pub(super) fn people(&mut self) {
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
    pub(super) fn employed(&self, s: &Staff) -> Option<(NaiveDate, NaiveDate)> {
        let a = s.start.max(self.span.start);
        let b = s.end.unwrap_or(self.span.last).min(self.span.last);
        (a <= b && s.kind != Kind::Former).then_some((a, b))
    }
}
