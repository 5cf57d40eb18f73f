#!/usr/bin/env bash
# The real-editor test: packages the extension, installs it into code-server
# (VS Code in a browser) and drives that with Debian's Chromium through
# puppeteer-core, asserting what a user sees (test/editor.mjs).
#
# Downloads nothing but Debian and npm packages: code-server's post-install
# (which fetches ripgrep from GitHub) is skipped and redone here by hand.
# Runs as root on a fresh machine with no standard input; a second run on the
# same machine reuses what the first installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ext="$(dirname "$here")"
root="$(cd "$ext/../../.." && pwd)"

step() { echo "== editor test: $*"; }

# --- system packages ------------------------------------------------------
need=()
for pkg in build-essential pkg-config python3 libkrb5-dev chromium ripgrep; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
  step "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null
fi

# --- npm, retried only when the registry could not be reached -------------
npm_retry() {
  local attempt log
  log="$(mktemp)"
  for attempt in 1 2 3 4; do
    if "$@" >"$log" 2>&1; then
      tail -n 3 "$log"
      rm -f "$log"
      return 0
    fi
    cat "$log"
    if ! grep -Eq 'ETIMEDOUT|ECONNRESET|ECONNREFUSED|EAI_AGAIN|ENOTFOUND|ENETUNREACH|socket hang up|network|fetch failed|E50[0-9]' "$log"; then
      rm -f "$log"
      return 1
    fi
    echo "npm: network failure (attempt $attempt), retrying in $((attempt * 15)) s"
    sleep $((attempt * 15))
  done
  rm -f "$log"
  return 1
}
npm_ci() { npm_retry npm ci --ignore-scripts --no-audit --no-fund "$@"; }

# --- the extension, packaged as a user installs it ------------------------
step "package the extension"
(cd "$ext" && npm_ci && npm run --silent package </dev/null)
vsix="$ext/sup-language.vsix"
test -s "$vsix"
# Only the bundle and the language files ship: no sources, dotfiles or
# node_modules (vsce lists what `package` put in the .vsix).
shipped="$(cd "$ext" && npx vsce ls 2>&1 | grep -v "WARNING\|Use --" | LC_ALL=C sort | tr '\n' ' ')"
expected="README.md dist/extension.js language-configuration.json package.json syntaxes/sup.tmLanguage.json "
if [[ "$shipped" != "$expected" ]]; then
  echo "the .vsix should hold exactly: $expected"
  echo "it holds: $shipped"
  exit 1
fi

# --- code-server and puppeteer-core ---------------------------------------
cs="$here/node_modules/code-server"
vs="$cs/lib/vscode"
if [[ ! -f "$vs/.sup-ready" ]]; then
  step "install code-server and puppeteer-core"
  (cd "$here" && npm_ci)
  # What code-server's post-install does, without the ripgrep download.
  # Its npm-shrinkwrap.json is not quite in sync with its package.json, so
  # `npm install` (as the post-install runs it) rather than `npm ci`.
  (cd "$vs" && npm_retry npm install --omit=dev --ignore-scripts --no-audit --no-fund)
  # Native modules, built against the installed Node headers (no header
  # download): code-server's own password hashing, and VS Code's.
  gyp_dir="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin"
  export npm_config_nodedir=/usr
  build_log="$(mktemp)"
  built() { "$@" >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }; }
  step "build argon2"
  (cd "$here/node_modules/argon2" &&
    PATH="$gyp_dir:$PATH" built node ../@mapbox/node-pre-gyp/bin/node-pre-gyp rebuild --nodedir=/usr)
  for mod in @vscode/spdlog native-watchdog node-pty kerberos @vscode/deviceid; do
    step "build $mod"
    (cd "$vs/node_modules/$mod" && built node "$gyp_dir/node-gyp.js" rebuild --nodedir=/usr -j 2)
  done
  mkdir -p "$vs/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$vs/node_modules/@vscode/ripgrep/bin/rg"
  ln -sfn node_modules "$vs/node_modules.asar"
  ln -sfn code-linux.sh "$vs/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$vs/bin/helpers/browser.sh"
  touch "$vs/.sup-ready"
fi

# --- the server -------------------------------------------------------------
# The debug build `cargo test --workspace` already made in .ci/run: this is
# a no-op there, and brings a stale one up to date when run by hand.
step "build sup-lsp"
(cd "$root" && cargo build --quiet -p sup-lsp --locked)
server="$root/target/debug/sup-lsp"

step "drive VS Code"
export SUP_LSP="$server" SUP_VSIX="$vsix" CHROMIUM="$(command -v chromium)"
exec node "$here/editor.mjs"
