#!/usr/bin/env bash
# `samdoc render DIR` where DIR is a folder of cases: every case in one run,
# each standing alone (a bad case writes nothing, the good ones are written,
# exit 1), the same bytes and the same output with -j 1 and -j 2, a summary
# line, a progress line only on a terminal.
source "$(dirname "$0")/lib.bash"

run() { "$SAMDOC" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; echo $?; }

mkdir -p "$tmp/cases" "$tmp/cases/noter"
cp -r examples/sara-nielsen examples/emil-soerensen examples/aase-oestergaard "$tmp/cases/"
echo "ikke en sag" >"$tmp/cases/noter/README.txt"          # no records: not a case
mkdir -p "$tmp/cases/bad"
cp examples/sara-nielsen/*.yaml "$tmp/cases/bad/"
sed -i 's/^  id: "2026-0147"/  id: "2026-0900"/' "$tmp/cases/bad/sag.yaml"
sed -i 's/tema: oekonomi/tema: job/' "$tmp/cases/bad/moede-2.yaml"

expect "a batch with a bad case exits 1" test "$(run render "$tmp/cases" -o "$tmp/j1" --dato $DATO -j 1)" = 1
cp "$tmp/stdout" "$tmp/stdout1"; cp "$tmp/stderr" "$tmp/stderr1"
expect "…the good cases are written" test -f "$tmp/j1/2026-0147/maalskema-moede-4.pdf" -a \
  -f "$tmp/j1/2026-0212/dagsorden-moede-4.pdf" -a -f "$tmp/j1/2026-0999/diplom.pdf"
expect "…the bad case writes nothing" test ! -e "$tmp/j1/2026-0900"
expect "…its error names file:line:col" grep -q "bad/moede-2.yaml:[0-9]*:[0-9]*: fejl:" "$tmp/stderr1"
expect "…stdout names every file written" test "$(wc -l <"$tmp/stdout1")" = "$(find "$tmp/j1" -name '*.pdf' | wc -l)"
expect "…a folder without records is no case" test -z "$(grep noter "$tmp/stderr1")"
summary=$(tail -n 1 "$tmp/stderr1")
expect "…the summary counts cases and documents" grep -q "^samdoc: 4 sager, $(find "$tmp/j1" -name '*.pdf' | wc -l) dokumenter på [0-9,]* s" <<<"$summary"
expect "…and names the failed case" grep -q "1 sag fejlede: $tmp/cases/bad\.$" <<<"$summary"
expect "…no progress line when stderr is not a terminal" test -z "$(tr -d -c '\r' <"$tmp/stderr1")"

expect "with -j 2: exit 1 as well" test "$(run render "$tmp/cases" -o "$tmp/j2" --dato $DATO -j 2)" = 1
expect "…the same files, byte for byte" diff -r "$tmp/j1" "$tmp/j2"
expect "…the same stdout" diff <(sed "s#$tmp/j1#OUT#" "$tmp/stdout1") <(sed "s#$tmp/j2#OUT#" "$tmp/stdout")
expect "…the same diagnostics, in the same order" diff <(head -n -1 "$tmp/stderr1") <(head -n -1 "$tmp/stderr")
expect "…counted as 2 processes" grep -q "2 processer" <(tail -n 1 "$tmp/stderr")

rm -rf "$tmp/cases/bad"
expect "all cases good: exit 0" test "$(run render "$tmp/cases" -o "$tmp/j3" --dato $DATO -j 3 -d maalskema)" = 0
expect "…one goal sheet per case" test "$(wc -l <"$tmp/stdout")" = 3
expect "…the same bytes as a single-case run" \
  cmp "$tmp/j3/2026-0147/maalskema-moede-4.pdf" "$tmp/j1/2026-0147/maalskema-moede-4.pdf"
expect "…summary says none failed" grep -q "ingen sager fejlede" "$tmp/stderr"

# A folder of cases beside a case folder: a batch of both.
expect "a case and a folder of cases" test "$(run render tests/cases/emil-aflyst "$tmp/cases" -o "$tmp/j4" --dato $DATO -d diplom)" = 1
expect "…the cases without diplom.yaml fail alone" grep -q "2 sager fejlede: tests/cases/emil-aflyst, $tmp/cases/emil-soerensen\.$" <(tail -n 1 "$tmp/stderr")
expect "…the others are written" test -f "$tmp/j4/2026-0147/diplom.pdf" -a -f "$tmp/j4/2026-0999/diplom.pdf"

# Two cases with the same sag.id write the same files: said, not hidden.
run render tests/cases/sara-logo "$tmp/cases" -o "$tmp/j6" --dato $DATO -d diplom >/dev/null
expect "the same sag.id twice is told" grep -q "diplom.pdf: advarsel: Sagerne tests/cases/sara-logo og $tmp/cases/sara-nielsen har samme sagsnummer" "$tmp/stderr"

# On a terminal, a progress line (script gives the command a terminal).
if script -qec true /dev/null >/dev/null 2>&1; then
  script -qec "'$SAMDOC' render '$tmp/cases' -o '$tmp/j5' --dato $DATO -d maalskema" /dev/null >"$tmp/tty" 2>&1
  expect "progress on a terminal" grep -q "af 3 sager" "$tmp/tty"
else
  ok
fi
finish
