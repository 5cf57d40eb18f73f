#!/usr/bin/env bash
# The DuckDB comparison (README.md): for each SIZE (100k, 1m, 4m), generates the standard
# export (docs/performance.md) under $WORK, then runs, in $ROUNDS paired rounds whose order
# alternates, `sup eval` on the seven rules (seven.sup), `sup eval` on all of the BCP policy,
# and DuckDB (run.py) with 1 and 2 threads; checks every DuckDB breach list against both sup
# reports (compare.py) and prints a Markdown table of medians (summarise.py). At 100k it also
# checks the two on a copy of the export perturbed to meet the rules' edge cases (mutate.py).
#
#   benches/duckdb/compare.sh 100k 1m 4m
#
# SUP: the sup binary (default: target/release/sup, built with `cargo build --release`).
# WORK: where exports and results go (default /tmp/sup-duckdb; the 4m export is ~550 MB).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SUP=${SUP:-$REPO/target/release/sup}
[ -x "$SUP" ] || { echo "$SUP: no such binary; run cargo build --release first" >&2; exit 2; }
WORK=${WORK:-/tmp/sup-duckdb}
ROUNDS=${ROUNDS:-3}
AS_OF=2026-11-22
PY=${DUCK_VENV:-/tmp/sup-duckdb-venv}/bin/python
[ $# -gt 0 ] || { echo "usage: $0 SIZE... (100k, 1m, 4m)" >&2; exit 2; }
[ -x "$PY" ] || bash "$HERE/setup.sh"
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: > "$RESULTS"
"$SUP" check "$HERE/seven.sup" >&2

# time_run SIZE ROUND WHAT COMMAND...: one timed run; appends "size round what wall cpu
# peak_kb" to the results (cpu = user + sys of the whole process).
time_run() {
  local size=$1 round=$2 what=$3; shift 3
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" || [ $? -eq 1 ] # 1: breaches found
  read -r wall user sys peak < <(tail -1 "$WORK/time.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$round" "$what" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$peak" >> "$RESULTS"
}

sup_run() { # SIZE ROUND WHAT POLICY
  local out=$WORK/$1.$3
  time_run "$1" "$2" "$3" env SUP_TIMINGS=1 "$SUP" eval "$4" --records "$WORK/$1" \
    --as-of $AS_OF --format json -o "$out.json" 2> "$out.r$2.timings"
}

duck_run() { # SIZE ROUND THREADS
  local out=$WORK/$1.duck$3
  time_run "$1" "$2" "duck$3" "$PY" "$HERE/run.py" --records "$WORK/$1" --as-of $AS_OF \
    --threads "$3" --out "$out.tsv" > "$out.r$2.json"
}

mismatch=0
for size in "$@"; do
  case $size in
    100k) staff=1000 sessions=100000 plants=5 ;;
    1m) staff=10000 sessions=1000000 plants=20 ;;
    4m) staff=40000 sessions=4000000 plants=20 ;;
    *) echo "unknown size $size (100k, 1m, 4m)" >&2; exit 2 ;;
  esac
  if [ ! -f "$WORK/$size/sessions.csv" ]; then
    "$SUP" generate --out "$WORK/$size" --staff $staff --sessions $sessions --seed 42 \
      --plants $plants --planted "$WORK/$size.planted.json" >&2
  fi
  if [ "$size" = 100k ]; then
    # The same check on a copy perturbed to meet the rules' edge cases (mutate.py), untimed.
    edges=$WORK/100k-edges
    python3 "$HERE/mutate.py" "$WORK/100k" "$edges"
    "$SUP" eval "$HERE/seven.sup" --records "$edges" --as-of $AS_OF --format json \
      -o "$edges.json" || [ $? -eq 1 ]
    "$PY" "$HERE/run.py" --records "$edges" --as-of $AS_OF --out "$edges.tsv" > /dev/null
    python3 "$HERE/compare.py" "$edges.tsv" "$edges.json" >&2 || mismatch=1
  fi
  for round in $(seq 1 "$ROUNDS"); do
    echo "$size round $round" >&2
    if [ $((round % 2)) -eq 1 ]; then order="seven all duck1 duck2"; else order="duck2 duck1 all seven"; fi
    for what in $order; do
      case $what in
        seven) sup_run "$size" "$round" seven "$HERE/seven.sup" ;;
        all) sup_run "$size" "$round" all "$REPO/policies/bcp-childrens-services.sup" ;;
        duck1) duck_run "$size" "$round" 1 ;;
        duck2) duck_run "$size" "$round" 2 ;;
      esac
    done
    for t in 1 2; do
      python3 "$HERE/compare.py" "$WORK/$size.duck$t.tsv" "$WORK/$size.seven.json" \
        "$WORK/$size.all.json" >&2 || mismatch=1
    done
  done
done
python3 "$HERE/summarise.py" "$WORK" "$@"
[ $mismatch -eq 0 ] || { echo "DuckDB and sup gave different breach lists (above)" >&2; exit 1; }
