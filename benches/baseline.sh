#!/usr/bin/env bash
# Baseline exports and reports for checking that a faster build reports exactly what an older
# one did (docs/performance.md calls the folder $BENCH):
#
#   benches/baseline.sh OLD_SUP_BINARY BENCH_DIR
#
# writes BENCH_DIR/sup-old (a copy of the binary), bcp.sup, the `--seed 42` exports 100k/ and
# 1m/ with their planted lists, and base-<size>[-upcoming].<json|human> and base-100k.html. Then
# compare a new build's output with `cmp` (the loop at the end prints the commands).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_SUP_BINARY BENCH_DIR" >&2; exit 2; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$2"
cp "$1" "$2/sup-old"
cp "$REPO/policies/bcp-childrens-services.sup" "$2/bcp.sup"
cd "$2"
S=./sup-old
$S generate --out 100k --staff 1000  --sessions 100000  --seed 42 --plants 5  --planted 100k.planted.json
$S generate --out 1m   --staff 10000 --sessions 1000000 --seed 42 --plants 20 --planted 1m.planted.json
# Exit code 1 means breaches were found, which these exports always have.
for n in 100k 1m; do
  for f in json human; do
    $S eval bcp.sup --records $n --as-of 2026-11-22 --format $f -o base-$n.$f || [ $? -eq 1 ]
    $S eval bcp.sup --records $n --as-of 2026-11-22 --upcoming 28d --format $f -o base-$n-upcoming.$f || [ $? -eq 1 ]
  done
done
$S eval bcp.sup --records 100k --as-of 2026-11-22 --format html -o base-100k.html || [ $? -eq 1 ]
echo "to compare a new build NEW: for each base file, run the same command with NEW and cmp the outputs"
