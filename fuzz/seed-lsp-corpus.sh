#!/bin/sh
# Seed the corpus of the `lsp` fuzz target from the example policies: each
# policy as the document text alone, and once more followed by a NUL and
# its own bytes as the choices (see fuzz_targets/lsp.rs). The corpus is not
# committed (fuzz/corpus/ is ignored).
set -eu
here=$(dirname "$0")
out="$here/corpus/lsp"
mkdir -p "$out"
for policy in "$here"/../policies/*.sup; do
    name=$(basename "$policy" .sup)
    cp "$policy" "$out/$name"
    { cat "$policy"; printf '\000'; cat "$policy"; } > "$out/$name-with-choices"
done
echo "seeded $(ls "$out" | wc -l) inputs in $out"
