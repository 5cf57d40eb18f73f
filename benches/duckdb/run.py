#!/usr/bin/env python3
"""Computes the seven BCP rules' breach lists from a generated export with DuckDB (sql/*.sql).

Prints one JSON object of timings (wall and CPU seconds: the CSV load, each query, the total)
and writes the breach list, one finding a line in the comparer's key form (compare.py).
Run with the venv that setup.sh makes.
"""
import argparse
import json
import pathlib
import time

import duckdb

HERE = pathlib.Path(__file__).resolve().parent
# One query per rule family, in the policy's order (benches/duckdb/seven.sup).
QUERIES = [
    ("frequency, calendar month", "monthly_supervision"),
    ("frequency, every N", "overseas_every_two_weeks"),
    ("deadline, within N", "case_decisions_recorded_within_a_week"),
    ("deadline, before the next", "record_signed_by_supervisee"),
    ("limit, supervisees", "five_to_seven_supervisees"),
    ("retention", "personal_supervision_kept_six_years"),
    ("access", "personal_supervision_file_access"),
]
# The policy's `effective` date: the period starts no earlier (docs/semantics.md, Time).
EFFECTIVE = "2025-04-01"


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", required=True, help="the export's directory")
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", required=True, help="where to write the breach list")
    args = ap.parse_args()

    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {args.threads}")
    # Defaults of `sup eval`: the last day judged is the day before the as-of date, and the
    # first is twelve months before the as-of date, or the effective date if later.
    con.execute(
        "CREATE TABLE period AS SELECT greatest((d - INTERVAL 12 MONTH)::DATE, ?::DATE) AS from_day,"
        " (d - INTERVAL 1 DAY)::DATE AS last_day, d AS as_of FROM (SELECT ?::DATE AS d)",
        [EFFECTIVE, args.as_of],
    )
    load = (HERE / "sql" / "load.sql").read_text().replace("{dir}", args.records)
    _, load_wall, load_cpu = timed(lambda: con.execute(load))
    timings = {"threads": args.threads, "load": {"wall": load_wall, "cpu": load_cpu},
               "queries": []}
    rows = []
    for family, rule in QUERIES:
        sql = (HERE / "sql" / f"{rule}.sql").read_text()
        found, wall, cpu = timed(lambda: con.execute(sql).fetchall())
        timings["queries"].append({"rule": rule, "family": family, "wall": wall, "cpu": cpu,
                                   "findings": len(found)})
        rows.extend(found)
    timings["total"] = {
        "wall": load_wall + sum(q["wall"] for q in timings["queries"]),
        "cpu": load_cpu + sum(q["cpu"] for q in timings["queries"]),
    }
    with open(args.out, "w") as out:
        for rule, status, subject, start, end in sorted(rows, key=lambda r: tuple(map(str, r))):
            window = f"{start}..{end}" if start is not None else ""
            out.write(f"{rule}\t{status}\t{subject}\t{window}\n")
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
