#!/usr/bin/env python3
"""Copies an export and perturbs it so the seven rules meet their edge cases.

    mutate.py SRC DST

The generator's exports hold only held sessions and planted breaches, so equal breach lists
there say little about cancelled sessions, sessions at the same moment, missing or future
signatures, leavers on boundary days (29 February, the first and last days judged, the as-of
date), deletions on boundary days, or empty supervisors and line managers. This writes a copy
with every such case many times over (deterministically), for compare.py to check on.
"""
import csv
import pathlib
import random
import shutil
import sys

src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst)
pick = random.Random(3).choice


def rewrite(table, change):
    path = dst / f"{table}.csv"
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0].keys())
    extra = []
    for i, row in enumerate(rows):
        change(i, row, extra)
    with open(path, "w", newline="") as f:
        out = csv.DictWriter(f, fields, lineterminator="\n")
        out.writeheader()
        out.writerows(rows + extra)


def sessions(i, r, extra):
    if i % 40 == 0:
        r["status"] = "cancelled"  # never counts, never judged, never a next session
    if i % 97 == 0:
        r["signed_by_supervisee"] = ""  # missing
    if i % 211 == 0:
        # Another session at the same moment: not each other's next one.
        extra.append(dict(r, id=f"Z{i:07d}", signed_by_supervisee=""))
    if i % 300 == 0:
        r["signed_by_supervisee"] = "2026-12-01T10:00"  # after the as-of date: not known yet


def staff(i, r, extra):
    if i % 53 == 5:
        ends = ["2020-02-29", "2026-02-28", "2025-11-22", "2026-11-21", "2026-11-22", "2026-01-31"]
        end = pick(ends)
        r["end_date"] = end if end >= r["start_date"] else ""
    if i % 71 == 3:
        r["supervisor"] = ""
    if i % 89 == 7:
        r["line_manager"] = ""


def records(i, r, extra):
    if i % 13 == 0:
        r["deleted"] = pick(["2026-02-28", "2025-11-22", "2025-11-21", "2026-11-21", "2026-11-22"])


def decisions(i, r, extra):
    if i % 17 == 0:
        r["recorded"] = ""
    if i % 19 == 0:
        r["recorded"] = r["decided"][:10] + "T00:00"  # the day's first minute


rewrite("sessions", sessions)
rewrite("staff", staff)
rewrite("records", records)
rewrite("case_decisions", decisions)
