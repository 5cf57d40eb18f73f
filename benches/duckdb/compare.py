#!/usr/bin/env python3
"""Checks that DuckDB's breach list (run.py) equals sup's for the seven rules.

    compare.py DUCKDB.tsv SUP.json [SUP2.json ...]

Each `sup eval --format json` report is cut down to the seven rules' findings (pending ones
left out) in the key form run.py writes: rule, status, subject id, and the window for findings
about a window or a run of days (frequency, limit); a finding about one row (deadline,
retention, access) is keyed by that row's id alone. Exits 1, printing the first differences,
unless every list is the same set.
"""
import json
import sys

RULES = {
    "monthly_supervision", "overseas_every_two_weeks", "case_decisions_recorded_within_a_week",
    "record_signed_by_supervisee", "five_to_seven_supervisees",
    "personal_supervision_kept_six_years", "personal_supervision_file_access",
}
WINDOWED = {"frequency", "limit"}


def sup_keys(path):
    with open(path) as f:
        report = json.load(f)
    keys = set()
    for f in report["findings"]:
        if f["rule"] not in RULES or f["status"] == "pending":
            continue
        window = ""
        if f["family"] in WINDOWED:
            window = f"{f['window']['start']}..{f['window']['end']}"
        keys.add(f"{f['rule']}\t{f['status']}\t{f['subject']['id']}\t{window}")
    return keys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        duck = {line.rstrip("\n") for line in f if line.strip()}
    same = True
    for path in sys.argv[2:]:
        sup = sup_keys(path)
        if sup == duck:
            print(f"equal: {len(duck)} findings ({sys.argv[1]} = {path})")
            continue
        same = False
        print(f"DIFFERENT: {sys.argv[1]} against {path}")
        for name, only in (("only in DuckDB", duck - sup), ("only in sup", sup - duck)):
            print(f"  {name}: {len(only)}")
            for key in sorted(only)[:10]:
                print(f"    {key}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
