#!/usr/bin/env bash
# Check that a build reports byte for byte what the baselines of benches/baseline.sh say:
#
#   benches/compare.sh NEW_SUP_BINARY BENCH_DIR [SIZE...]    (sizes: 100k 1m, the default)
#
# For each size, JSON and human reports with and without `--upcoming 28d`, and HTML at 100k;
# prints `same` or `DIFF` for each and exits 1 on any difference.
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: $0 NEW_SUP_BINARY BENCH_DIR [SIZE...]" >&2; exit 2; }
NEW=$(readlink -f "$1"); BENCH=$2; shift 2
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
cd "$BENCH" || exit 2
rc=0
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100k 1m)
for n in "${sizes[@]}"; do
  for up in "" "-upcoming"; do
    for f in json human; do
      "$NEW" eval bcp.sup --records "$n" --as-of 2026-11-22 ${up:+--upcoming 28d} --format $f -o "$out/r" >/dev/null 2>&1
      if cmp -s "$out/r" "base-$n$up.$f"; then echo "same $n$up.$f"; else echo "DIFF $n$up.$f"; rc=1; fi
    done
  done
done
"$NEW" eval bcp.sup --records 100k --as-of 2026-11-22 --format html -o "$out/r" >/dev/null 2>&1
if cmp -s "$out/r" base-100k.html; then echo "same 100k.html"; else echo "DIFF 100k.html"; rc=1; fi
exit $rc
