#!/usr/bin/env python3
"""Prints compare.sh's results as Markdown tables of medians.

    summarise.py WORK SIZE...

Reads WORK/results.tsv (size, round, what, wall s, CPU s, peak KB per process), the runner's
own timings (WORK/SIZE.duckN.rR.json: CSV load and each query) and sup's SUP_TIMINGS lines
(WORK/SIZE.seven.rR.timings). Ratios are DuckDB's time (CSV load and queries, timed inside the
runner, so without Python's start and `import duckdb`) over the whole `sup eval` process's,
taken round by round (the runs of a round are adjacent) and then the median: above 1, sup is
faster; the 3x target of issue 14 is 3.
"""
import collections
import glob
import json
import re
import statistics
import sys

WORK, SIZES = sys.argv[1], sys.argv[2:]
runs = collections.defaultdict(dict)  # (size, what) -> round -> (wall, cpu, peak MiB)
with open(f"{WORK}/results.tsv") as f:
    for line in f:
        size, rnd, what, wall, cpu, peak = line.split("\t")
        runs[(size, what)][rnd] = (float(wall), float(cpu), int(peak) / 1024)


def med(values):
    return statistics.median(values) if values else float("nan")


def cell(size, what):
    r = runs[(size, what)].values()
    return (f"{med([x[0] for x in r]):.2f} / {med([x[1] for x in r]):.2f} / "
            f"{med([x[2] for x in r]):.0f}")


def inner(size, threads):
    """round -> (wall, cpu) of the runner's own total: CSV load and the seven queries."""
    out = {}
    for path in glob.glob(f"{WORK}/{size}.duck{threads}.r*.json"):
        rnd = re.search(r"\.r(\d+)\.json$", path)[1]
        with open(path) as f:
            t = json.load(f)["total"]
        out[rnd] = (t["wall"], t["cpu"])
    return out


def inner_cell(size, threads):
    r = inner(size, threads).values()
    return f"{med([x[0] for x in r]):.2f} / {med([x[1] for x in r]):.2f} / –"


def ratio(size, threads, i):
    d, s = inner(size, threads), runs[(size, "seven")]
    return f"{med([d[k][i] / s[k][i] for k in d if k in s]):.2f}"


def runner(size, threads):
    """The runner's own timings per round: CSV load and each query (wall s)."""
    out = []
    for path in sorted(glob.glob(f"{WORK}/{size}.duck{threads}.r*.json")):
        with open(path) as f:
            out.append(json.load(f))
    return out


def sup_rules(size):
    """sup's SUP_TIMINGS per round: load and each rule (s)."""
    out = []
    for path in sorted(glob.glob(f"{WORK}/{size}.seven.r*.timings")):
        t = {}
        with open(path) as f:
            for line in f:
                if m := re.match(r"timing: load ([\d.]+)s", line):
                    t["load"] = float(m[1])
                elif m := re.match(r"timing:\s+([\d.]+)s\s+(\w+)", line):
                    t[m[2]] = float(m[1])
        out.append(t)
    return out


head = "| | " + " | ".join(SIZES) + " |\n|---|" + "---|" * len(SIZES)
print("Whole runs, median of the rounds: wall s / CPU s (user + sys) / peak MiB\n")
print(head)
for what, label in [("seven", "`sup eval`, the 7 rules"), ("all", "`sup eval`, all 34 rules"),
                    ("duck1", "DuckDB 1 thread, the 7 rules: the Python process"),
                    ("duck2", "DuckDB 2 threads, the 7 rules: the Python process")]:
    print(f"| {label} | " + " | ".join(cell(s, what) for s in SIZES) + " |")
for t in (1, 2):
    print(f"| DuckDB {t} thread{'s' * (t > 1)}: CSV load + 7 queries, in the runner | "
          + " | ".join(inner_cell(s, t) for s in SIZES) + " |")
for t, i, label in [(1, 0, "wall"), (1, 1, "CPU"), (2, 0, "wall"), (2, 1, "CPU")]:
    print(f"| DuckDB {t} thread{'s' * (t > 1)} (load + queries) ÷ sup 7 rules, {label} | "
          + " | ".join(ratio(s, t, i) for s in SIZES) + " |")

print("\nInside the process, median wall s: DuckDB's CSV load and each query (1 thread / 2 "
      "threads) against sup's load and each rule (SUP_TIMINGS), and DuckDB 1 thread ÷ sup\n")
for size in SIZES:
    d1, d2, s = runner(size, 1), runner(size, 2), sup_rules(size)
    if not (d1 and d2 and s):
        continue
    print(f"{size}:\n\n| | DuckDB 1 thread | DuckDB 2 threads | sup | DuckDB 1 ÷ sup |\n|---|---|---|---|---|")
    rows = [("load (CSV, typed)", "load", [r["load"]["wall"] for r in d1],
             [r["load"]["wall"] for r in d2], [t.get("load", 0) for t in s])]
    for q in d1[0]["queries"]:
        rule = q["rule"]
        pick = lambda rs: [x["wall"] for r in rs for x in r["queries"] if x["rule"] == rule]
        rows.append((f"{q['family']} (`{rule}`)", rule, pick(d1), pick(d2),
                     [t.get(rule, 0) for t in s]))
    rows.append(("total", "total", [r["total"]["wall"] for r in d1],
                 [r["total"]["wall"] for r in d2],
                 [t.get("load", 0) + sum(v for k, v in t.items() if k != "load") for t in s]))
    for label, _, a, b, c in rows:
        # SUP_TIMINGS has millisecond resolution: a rule under 1 ms has no ratio to show.
        r = f"{med(a) / med(c):.1f}" if med(c) >= 0.001 else "–"
        print(f"| {label} | {med(a):.3f} | {med(b):.3f} | {med(c):.3f} | {r} |")
    print()
