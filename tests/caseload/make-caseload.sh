#!/usr/bin/env bash
# make-caseload.sh OUT N [EXAMPLE...] — a caseload of N case folders in OUT,
# made from the examples in turn (default: sara-nielsen, emil-soerensen,
# aase-oestergaard), each with its own case number 2026-1001, 2026-1002, …
# The same arguments give the same files. Used by tests/cli/report.sh.
set -eu
out=$1 n=$2
shift 2
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ $# -gt 0 ]; then examples=("$@"); else examples=(sara-nielsen emil-soerensen aase-oestergaard); fi
mkdir -p "$out"
for ((i = 1; i <= n; i++)); do
  ex=${examples[$(((i - 1) % ${#examples[@]}))]}
  id=$(printf '2026-1%03d' "$i")
  dir="$out/$(printf 'sag-%03d' "$i")"
  mkdir -p "$dir"
  for f in "$here/examples/$ex"/*.yaml; do
    sed -E "s/^(  id: )\"[0-9-]+\"/\1\"$id\"/" "$f" >"$dir/$(basename "$f")"
  done
done
