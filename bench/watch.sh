#!/usr/bin/env bash
# The live preview's latency: from saving a record to the new goal sheet in
# place. `samdoc watch` runs on a copy of the Sara example (meeting 4); each
# save renames a changed moede-4.yaml over the old one, as an editor does;
# the clock stops when watch names the new PDF on its output, which it does
# right after renaming it into place. The time includes the quiet period
# (SD_WATCH_QUIET_MS in generator/watch.h) and mv's own start. Median and
# maximum over N saves. Prints figures, asserts nothing.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${N:-21}
tmp=$(mktemp -d)
mkdir -p "$tmp/case"
cp examples/sara-nielsen/*.yaml "$tmp/case/"
mkfifo "$tmp/log"
"$BUILD/samdoc" watch "$tmp/case" -d maalskema -m 4 -o "$tmp/out" --dato 2026-11-23 \
  >"$tmp/log" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
exec 3<"$tmp/log"
if ! read -r -t 10 _ <&3; then echo "watch wrote no first PDF"; exit 1; fi

us() { local t=${EPOCHREALTIME/./}; echo "${t#0}"; }   # microseconds, no fork
times=()
for i in $(seq "$N"); do
  sed "s/drikker kaffe sammen hver torsdag/drikker kaffe sammen for $i. gang/" \
    examples/sara-nielsen/moede-4.yaml >"$tmp/next.yaml"
  sleep 0.1   # let the previous round settle
  start=$(us)
  mv "$tmp/next.yaml" "$tmp/case/moede-4.yaml"
  if ! read -r -t 10 _ <&3; then echo "no new PDF within 10 s"; exit 1; fi
  end=$(us)
  times+=($((end - start)))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(sed -n "$(( (N + 1) / 2 ))p" <<<"$sorted")
max=$(tail -n 1 <<<"$sorted")
quiet=$(sed -n 's/^#define SD_WATCH_QUIET_MS \([0-9]*\).*/\1/p' generator/watch.h)
ms() { printf '%d.%d' $(($1 / 1000)) $(( ($1 % 1000) / 100 )); }
echo "watch, save to new goal sheet: median $(ms "$median") ms, max $(ms "$max") ms over $N saves" \
     "(of which ${quiet} ms quiet period)"
