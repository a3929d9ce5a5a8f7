#!/usr/bin/env bash
# Runs every test and adds up their closing lines "N passed, N failed":
#   build/tests/test_*        unit tests per stage (tests/unit/)
#   tests/bad/<case>/         samdoc check on a broken case; `expected` holds
#                             the exit status on its first line ("exit 1") and
#                             then the exact diagnostics
#   tests/golden/<name>/      `cmd` holds samdoc's arguments (output folder
#                             and --dato are added); every expected/<path>.txt
#                             must equal pdftotext of <path>.pdf, and every
#                             expected/<path>.sha256 the PDF's bytes
#   tests/cli/*.sh            end-to-end scripts with their own closing line
#   tests/hostile/run.sh      hostile input (tests/hostile/README.md), the same
# Prints the failures, then the total.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
case "$BUILD" in /*) SAMDOC=$BUILD/samdoc ;; *) SAMDOC=$PWD/$BUILD/samdoc ;; esac
export SAMDOC
DATO=2026-11-23
passed=0; failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

tally() {   # adds the last "N passed, N failed" line of file $2; $1 names the test
  local line p f
  line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
  if [ -z "$line" ]; then
    echo "FAIL $1: no closing line"; sed 's/^/    /' "$2" | tail -n 20; failed=$((failed + 1)); return
  fi
  p=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
  f=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/' <<<"$line")
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -ne 0 ]; then echo "FAIL $1:"; grep -v -E '^[0-9]+ passed' "$2" | sed 's/^/    /'; fi
}
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  case "$t" in /*) bin=$t ;; *) bin=../../$t ;; esac
  (cd tests/unit && "$bin") >"$tmp/out" 2>&1
  tally "$(basename "$t")" "$tmp/out"
done

for d in tests/bad/*/; do
  [ -f "$d/expected" ] || continue
  d=${d%/}
  "$SAMDOC" check --dato "$DATO" "$d" >"$tmp/stdout" 2>"$tmp/stderr"
  status=$?
  want_status=$(head -n 1 "$d/expected" | sed 's/^exit //')
  tail -n +2 "$d/expected" >"$tmp/want"
  if [ "$status" != "$want_status" ]; then
    fail "$d: exit $status, expected $want_status"; sed 's/^/    /' "$tmp/stderr"
  elif ! diff -u "$tmp/want" "$tmp/stderr" >"$tmp/diff"; then
    fail "$d: diagnostics differ"; sed 's/^/    /' "$tmp/diff"
  else pass; fi
done

for d in tests/golden/*/; do
  [ -f "$d/cmd" ] || continue
  d=${d%/}
  if [ ! -d "$d/expected" ]; then fail "$d: no expected/ (run tests/golden/update.sh)"; continue; fi
  out="$tmp/golden-$(basename "$d")"
  # shellcheck disable=SC2046
  if ! "$SAMDOC" $(cat "$d/cmd") -o "$out" --dato "$DATO" >"$tmp/stdout" 2>"$tmp/stderr"; then
    fail "$d: samdoc failed"; sed 's/^/    /' "$tmp/stderr"; continue
  fi
  while IFS= read -r want; do
    rel=${want#"$d/expected/"}
    pdf="$out/${rel%.*}.pdf"
    if [ ! -f "$pdf" ]; then fail "$d: $rel: no PDF written"; continue; fi
    case "$want" in
      *.txt)
        pdftotext -q -enc UTF-8 -layout "$pdf" "$tmp/got.txt"
        if diff -u "$want" "$tmp/got.txt" >"$tmp/diff"; then pass
        else fail "$d: $rel: text differs"; head -n 40 "$tmp/diff" | sed 's/^/    /'; fi ;;
      *.sha256)
        if [ "$(sha256sum <"$pdf" | cut -d' ' -f1)" = "$(cat "$want")" ]; then pass
        else fail "$d: $rel: bytes differ (run tests/golden/update.sh after checking the text and the pictures)"; fi ;;
    esac
  done < <(find "$d/expected" -type f | sort)
done

for s in tests/cli/*.sh tests/hostile/run.sh; do
  [ -f "$s" ] || continue
  bash "$s" >"$tmp/out" 2>&1
  tally "$s" "$tmp/out"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
