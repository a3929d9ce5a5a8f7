#!/usr/bin/env bash
# How time grows with the size of a case (issue 8): the goal sheet of one
# meeting with N delmål, `samdoc check` of that case (every document laid
# out, the course overview too), and the network card with N persons. The
# cases come from tests/hostile/make-cases.sh. Median of 3 runs each; prints
# figures and the time per delmål or person, asserts nothing.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SAMDOC=$PWD/$BUILD/samdoc
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() {   # median CMD...: the median wall time of 3 runs, in ms
  local t=()
  for _ in 1 2 3; do
    local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    t+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n 2p
}
printf '%8s  %14s  %10s  %14s  %10s\n' delmål "goal sheet ms" "µs/delmål" "check ms" "µs/delmål"
for n in 250 500 1000 2000 3000; do
  N_DELMAAL=$n bash tests/hostile/make-cases.sh "$tmp" delmaal-2000
  c=$tmp/delmaal-2000
  g=$(median "$SAMDOC" render "$c" -d maalskema -m 1 -o "$tmp/out" --dato 2026-11-23)
  k=$(median "$SAMDOC" check "$c" --dato 2026-11-23)
  printf '%8d  %14d  %10d  %14d  %10d\n' "$n" "$g" $((g * 1000 / n)) "$k" $((k * 1000 / n))
done
printf '\n%8s  %14s  %10s\n' persons "card ms" "µs/person"
for n in 38 88 188 288 588; do
  N_PERSONS=$n bash tests/hostile/make-cases.sh "$tmp" netvaerk-300
  p=$(median "$SAMDOC" render "$tmp/netvaerk-300" -d netvaerkskort -o "$tmp/out" --dato 2026-11-23)
  printf '%8d  %14d  %10d\n' $((n + 12)) "$p" $((p * 1000 / (n + 12)))
done
