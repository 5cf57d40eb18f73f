#!/usr/bin/env python3
"""Writes the small SENDSARS example export in `examples/sendsars-records/`
(deterministic: the same files on every run).

Twelve staff of a SEND service, January 2025 to November 2026, compliant with
both `policies/sendsars.sup` (effective 2018-08-01) and the 2026 draft
(effective 2026-09-01) except for a few planted differences, each of which
only one version breaches (see README.md, "Policy versions in force"):

- S05's July 2026 one-to-one recorded 3 days after it: late under the 2018
  policy (48 hours); July is judged under it.
- S08's October 2026 one-to-one recorded 3 working days after it: in time
  under the draft (5 working days), which judges October.
- S09 has no one-to-one in October 2026: the draft asks for one a month.
- S07 holds 190 cases full time: within 150 to 200 (2018), above 140 to 180
  (the draft judges the last day).
- A call missed on Friday 12 June 2026 returned on Monday: late under 24 hours;
  one missed on Friday 16 October 2026 returned on Monday: in time under
  "1 working day".
- A review on 2026-10-20 whose school was contacted 16 days before: enough
  for 2 weeks (2018), not for 3 weeks (the draft).

Run: python3 examples/generate-sendsars-records.py
"""

import csv
import datetime as dt
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sendsars-records")
FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2026, 11, 21)

# id, role, team, fte, caseload, start, line manager / supervisor, buddy
STAFF = [
    ("S01", "head_of_service", "Service", 1, "", "2014-04-01", "S02", "S02"),
    ("S02", "service_manager", "Service", 1, "", "2015-09-07", "S01", "S01"),
    ("S03", "locality_manager", "East", 1, "", "2016-01-04", "S02", "S04"),
    ("S04", "locality_manager", "West", 1, "", "2017-03-06", "S02", "S03"),
    ("S05", "inclusion_officer", "East", 1, "170", "2018-09-03", "S03", "S06"),
    ("S06", "inclusion_officer", "East", 0.8, "130", "2019-01-07", "S03", "S07"),
    ("S07", "inclusion_officer", "East", 1, "190", "2019-06-03", "S03", "S05"),
    ("S08", "inclusion_officer", "West", 1, "165", "2020-02-03", "S04", "S09"),
    ("S09", "inclusion_officer", "West", 1, "160", "2020-09-07", "S04", "S10"),
    ("S10", "inclusion_officer", "West", 1, "155", "2021-04-12", "S04", "S08"),
    ("S11", "business_support", "East", 1, "", "2022-05-03", "S03", "S12"),
    ("S12", "business_support", "West", 1, "", "2023-01-09", "S04", "S11"),
]


def write(name, header, rows):
    with open(os.path.join(HERE, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def at(day, hour=10, minute=0):
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def months():
    y, m = FIRST.year, FIRST.month
    while dt.date(y, m, 1) <= LAST:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def second_tuesday(y, m):
    d = dt.date(y, m, 8)
    return d + dt.timedelta(days=(1 - d.weekday()) % 7)


staff_rows = []
for sid, role, team, fte, caseload, start, manager, buddy in STAFF:
    staff_rows.append([sid, role, team, 3, "", "", fte, caseload, start, "",
                       manager, manager, start, "2024-06-03", buddy])
write("staff", ["id", "role", "team", "level", "tags", "registrations", "fte",
                "caseload", "start_date", "end_date", "line_manager", "supervisor",
                "supervisor_since", "enhanced_dbs_check", "buddy"], staff_rows)

sessions = []
n = 0


def session(supervisee, supervisor, kind, start, recorded_after=None, signed=True):
    global n
    n += 1
    rec = at(start.date() + dt.timedelta(days=0), start.hour + 2) if recorded_after is None else recorded_after
    signed_at = (start + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M") if signed else ""
    sessions.append([f"X{n:04d}", supervisee, supervisor, kind, "held",
                     start.strftime("%Y-%m-%dT%H:%M"), 60, "", rec,
                     signed_at if kind == "one_to_one" else "",
                     signed_at if kind == "one_to_one" else "", ""])


for i, (sid, _, _, _, _, _, manager, _) in enumerate(STAFF):
    for y, m in months():
        day = second_tuesday(y, m) + dt.timedelta(days=i % 3)
        start = dt.datetime.combine(day, dt.time(10 + i % 5, 0))
        if start.date() > LAST:
            continue
        recorded = None
        if sid == "S05" and (y, m) == (2026, 7):
            recorded = at(day + dt.timedelta(days=3), start.hour)
        if sid == "S08" and (y, m) == (2026, 10):
            recorded = at(day + dt.timedelta(days=3), start.hour)
        # Planted: no one-to-one for S09 in October 2026.
        if not (sid == "S09" and (y, m) == (2026, 10)):
            session(sid, manager, "one_to_one", start, recorded)
        meeting = dt.datetime.combine(dt.date(y, m, 20), dt.time(9, 30))
        while meeting.weekday() >= 5:
            meeting += dt.timedelta(days=1)
        if meeting.date() <= LAST:
            session(sid, manager, "team_meeting", meeting, "")
    day = FIRST + dt.timedelta(days=2)
    while day <= LAST:
        session(sid, manager, "locality_meeting", dt.datetime.combine(day, dt.time(14, 0)), "")
        day += dt.timedelta(days=14)
write("sessions", ["id", "supervisee", "supervisor", "kind", "status", "start",
                   "duration", "attendees", "recorded", "signed_by_supervisor",
                   "signed_by_supervisee", "rebooked"], sessions)

# Annual leave: a week each summer, asked for a month ahead, buddy named.
absences = []
for i, (sid, *_rest) in enumerate(STAFF):
    for year in (2025, 2026):
        start = dt.date(year, 7, 7) + dt.timedelta(weeks=i % 6)
        end = start + dt.timedelta(days=4)
        absences.append([f"A{len(absences) + 1:03d}", sid, start, end, "annual_leave",
                         start - dt.timedelta(days=7), "", start - dt.timedelta(days=30),
                         "", "", ""])
write("absences", ["id", "staff", "start", "end", "kind", "buddy_identified",
                   "sick_note", "requested", "caseload_reallocated", "flexi_accrual",
                   "conversion_agreed"], absences)

records = [[f"R{i + 1:02d}", sid, "personal_supervision", "2025-01-06", ""]
           for i, (sid, *_r) in enumerate(STAFF)]
write("records", ["id", "subject", "kind", "created", "deleted"], records)
access = []
for i, (sid, _, _, _, _, _, manager, _) in enumerate(STAFF):
    for when in (dt.datetime(2026, 3, 10, 11), dt.datetime(2026, 10, 13, 11)):
        access.append([f"L{len(access) + 1:03d}", f"R{i + 1:02d}", manager, "supervisor",
                       "supervision", when.strftime("%Y-%m-%dT%H:%M"),
                       (when + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")])
write("access_log", ["id", "record", "accessed_by", "role", "purpose", "accessed",
                     "subject_notified"], access)

officers = [s[0] for s in STAFF if s[1] == "inclusion_officer"]
reviews = []
for i, review in enumerate([dt.date(2025, 12, 9), dt.date(2026, 3, 17), dt.date(2026, 6, 23),
                            dt.date(2026, 10, 20)]):
    # Contacted 4 weeks before, except the planted October review: 16 days.
    contacted = review - dt.timedelta(days=16 if review.month == 10 else 28)
    received = dt.datetime.combine(review + dt.timedelta(days=7), dt.time(9, 0))
    reviews.append([f"AR{i + 1}", officers[i], review, "green", "false", contacted, "",
                    received.strftime("%Y-%m-%dT%H:%M"),
                    (received + dt.timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M"),
                    received.date() + dt.timedelta(days=2),
                    review + dt.timedelta(days=14), "", "", ""])
write("annual_reviews", ["id", "case_holder", "review_date", "rag_rating",
                         "amendments_proposed", "school_contacted", "attendance_requested",
                         "paperwork_received", "paperwork_processed",
                         "notification_requested", "notification_sent",
                         "amended_plan_quality_assured", "amended_plan_sent",
                         "amended_final_plan_sent"], reviews)

assessments = []
for i, received in enumerate([dt.date(2025, 11, 3), dt.date(2026, 2, 2), dt.date(2026, 5, 4)]):
    week = lambda w: received + dt.timedelta(weeks=w)
    assessments.append([f"EHC{i + 1}", officers[i + 2], received, week(8), week(13),
                        week(15), week(19), week(19) + dt.timedelta(days=2)])
write("ehc_assessments", ["id", "officer", "request_received", "child_centred_meeting",
                          "assessment_drafted", "plan_drafted", "plan_finalised",
                          "quality_assured"], assessments)

calls = [
    ["C1", "S05", "2026-02-11T15:00", "2026-02-12T09:30"],
    ["C2", "S06", "2026-06-12T16:00", "2026-06-15T10:00"],  # Friday to Monday
    ["C3", "S08", "2026-10-16T16:00", "2026-10-19T10:00"],  # Friday to Monday
]
write("missed_calls", ["id", "officer", "missed", "returned"], calls)
write("agreed_outcomes", ["id", "officer", "agreed", "shared"],
      [["O1", "S07", "2026-04-14", "2026-04-17"], ["O2", "S10", "2026-10-06", "2026-10-09"]])
write("leaver_cases", ["id", "case", "previous_officer", "officer_left", "reassigned",
                       "family_letter_sent"], [])
reports = []
for sid in ("S03", "S04"):
    for y, m in months():
        day = dt.date(y, m, 25)
        if day <= LAST:
            reports.append([f"CR{len(reports) + 1:03d}", sid, day])
write("compliance_reports", ["id", "locality_manager", "produced"], reports)
timesheets = []
for sid, *_r in STAFF:
    for y, m in months():
        day = dt.date(y, m, 27)
        if day <= LAST:
            timesheets.append([f"T{len(timesheets) + 1:04d}", sid, day])
write("timesheets", ["id", "employee", "submitted"], timesheets)
write("waivers", ["id", "waived_rule", "subject", "approved_by", "reason", "granted",
                  "expires"], [])
