#!/usr/bin/env bash
# The benchmark: the goal sheet of the Sara example, one process per
# document, median of N runs; peak memory of one run. Prints figures, asserts
# nothing (the targets are in issue 9 and bench/README.md).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${N:-21}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
times=()
for _ in $(seq "$N"); do
  s=$(date +%s%N)
  "$BUILD/samdoc" render examples/sara-nielsen -d maalskema -m 2 -o "$tmp" --dato 2026-11-23 >/dev/null 2>&1
  e=$(date +%s%N)
  times+=($(( (e - s) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (N + 1) / 2 ))p")
/usr/bin/time -o "$tmp/rss" -f '%M' "$BUILD/samdoc" render examples/sara-nielsen -d maalskema -m 2 \
  -o "$tmp" --dato 2026-11-23 >/dev/null 2>&1
rss=$(cat "$tmp/rss")
size=$(stat -c %s "$tmp/2026-0147/maalskema-moede-2.pdf")
echo "goal sheet, one process per document: median $((median / 1000)).$(( (median % 1000) / 100 )) ms over $N runs"
echo "peak memory: ${rss} KB"
echo "file size: ${size} bytes"
