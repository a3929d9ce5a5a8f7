#!/usr/bin/env bash
# Rewrites the expected text and checksums of every golden test from the
# current build. Run it only after looking at the PDFs (pdftoppm -png) and
# reading the text diff: the golden files are what a person has approved.
set -eu
cd "$(dirname "$0")/../.."
SAMDOC=${SAMDOC:-$PWD/build/samdoc}
for d in tests/golden/*/; do
  d=${d%/}
  [ -f "$d/cmd" ] || continue
  out=$(mktemp -d)
  # shellcheck disable=SC2046
  "$SAMDOC" $(cat "$d/cmd") -o "$out" --dato 2026-11-23 >/dev/null
  rm -rf "$d/expected"
  (cd "$out" && find . -name '*.pdf') | while read -r rel; do
    rel=${rel#./}
    mkdir -p "$d/expected/$(dirname "$rel")"
    pdftotext -q -enc UTF-8 -layout "$out/$rel" "$d/expected/${rel%.pdf}.txt"
    sha256sum <"$out/$rel" | cut -d' ' -f1 >"$d/expected/${rel%.pdf}.sha256"
  done
  rm -rf "$out"
  echo "updated $d"
done
