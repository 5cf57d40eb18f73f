#!/usr/bin/env bash
# The HTML report in a real browser: writes the example organisation's page
# and JSON report, loads the page in Debian's Chromium through
# puppeteer-core (check.mjs) and checks it loads with no console error and
# no request, and that the figures on the page equal the JSON report's.
#
# `SUP_SCREENSHOT=docs/report.png bash tests/html/run.sh` also takes the
# screenshot the docs show.
#
# Downloads nothing but Debian and npm packages; a second run on the same
# machine reuses what the first installed (and .ci/run has installed
# Chromium for the editor test already).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

step() { echo "== html test: $*"; }

if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  step "apt-get install chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium </dev/null
fi

if [[ ! -d "$here/node_modules/puppeteer-core" ]]; then
  step "install puppeteer-core"
  # Retried only when the registry could not be reached.
  for attempt in 1 2 3; do
    if (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund); then
      break
    fi
    [[ $attempt == 3 ]] && exit 1
    sleep $((attempt * 15))
  done
fi

step "build sup"
(cd "$root" && cargo build --quiet --locked --bin sup)
sup="$root/target/debug/sup"

out="$here/out"
rm -rf "$out"
mkdir -p "$out"
step "write the example organisation's reports"
args=(eval policies/bcp-childrens-services.sup --records examples/records --as-of 2026-11-22 --upcoming 30d)
# Exit 1: the example has breaches, as planted.
(cd "$root" && { "$sup" "${args[@]}" --format html -o "$out/report.html" || [[ $? == 1 ]]; })
(cd "$root" && { "$sup" "${args[@]}" --format json -o "$out/report.json" || [[ $? == 1 ]]; })

step "load the page in Chromium"
screenshot=""
if [[ -n "${SUP_SCREENSHOT:-}" ]]; then
  screenshot="$root/$SUP_SCREENSHOT"
fi
CHROMIUM="$(command -v chromium)" node "$here/check.mjs" "$out/report.html" "$out/report.json" "$screenshot"
