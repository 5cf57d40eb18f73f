#!/usr/bin/env bash
# Paired, alternating runs of two builds on one export (the host's speed drifts, so compare
# builds within one run of this, never across days):
#
#   benches/paired.sh OLD_SUP_BINARY NEW_SUP_BINARY EXPORT_DIR [ROUNDS]   (default 3 rounds)
#
# Runs `sup eval` of the full BCP policy (JSON, --as-of 2026-11-22) with each build in turn and
# prints user, system and wall time and peak memory (GNU time) for each run. POLICY chooses
# another policy (default: the repo's BCP policy).
set -uo pipefail
[ $# -ge 3 ] || { echo "usage: $0 OLD_SUP NEW_SUP EXPORT_DIR [ROUNDS]" >&2; exit 2; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
OLD=$(readlink -f "$1"); NEW=$(readlink -f "$2"); DIR=$3; ROUNDS=${4:-3}
POLICY=${POLICY:-$REPO/policies/bcp-childrens-services.sup}
for r in $(seq 1 "$ROUNDS"); do
  for b in "$OLD" "$NEW"; do
    /usr/bin/time -f "$b r$r %U user %S sys %e wall %M KB" "$b" eval \
      "$POLICY" --records "$DIR" --as-of 2026-11-22 \
      --format json -o /dev/null 2>&1 | tail -1
  done
done
