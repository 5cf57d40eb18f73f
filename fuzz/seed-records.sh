#!/usr/bin/env bash
# Seed corpus for the `records` fuzz target, made from the example export:
# one input per table (the selector byte picks the table, see
# fuzz_targets/records.rs), each the table's first 40 lines, and one input
# holding staff and sessions together. Written to fuzz/corpus/records/,
# which is not committed.
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/records
mkdir -p "$out"
tables=(staff sessions cases case_discussions case_decisions records access_log agreements observations frequency_reductions waivers)
for i in "${!tables[@]}"; do
    t=${tables[$i]}
    { printf "\\x$(printf %02x "$i")"; head -n 40 "../examples/records/$t.csv"; } > "$out/seed-$t"
done
{ printf '\x00'; head -n 40 ../examples/records/staff.csv; printf '\xff'; head -n 40 ../examples/records/sessions.csv; } > "$out/seed-staff-and-sessions"
# Leniently (bit 7 of the selector), and one table as JSON Lines.
{ printf '\x81'; head -n 40 ../examples/records/sessions.csv; } > "$out/seed-sessions-lenient"
{ printf '\x0a'; printf '{"id": "W1", "waived_rule": "monthly_supervision", "subject": "S00001", "approved_by": "S00003", "reason": "cover", "granted": "2026-01-05"}\n'; } > "$out/seed-waivers-jsonl"
echo "wrote $(ls "$out" | wc -l) seeds to fuzz/$out"
