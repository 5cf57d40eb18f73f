#!/usr/bin/env bash
# Installs the pinned DuckDB Python package into a venv under /tmp for the comparison
# benchmark. Not run by CI: the benchmark is run by hand (compare.sh).
set -euo pipefail
VENV=${DUCK_VENV:-/tmp/sup-duckdb-venv}
DUCKDB_VERSION=2.0.0
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet "duckdb==$DUCKDB_VERSION"
"$VENV/bin/python" -c 'import duckdb; print("duckdb", duckdb.__version__)'
