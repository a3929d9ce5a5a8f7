#!/usr/bin/env bash
# The caseload: a generated folder of 33 cases (tests/caseload/make-caseload.sh)
# through check (with the caseload rule R51), report and render; the report's
# anonymity threshold (a group of 4 is "under 5", a group of 5 is 5); no
# name, case id or CPR number in the report; invalid input writes nothing.
source "$(dirname "$0")/lib.bash"
make_cases() { bash tests/caseload/make-caseload.sh "$@"; }
period=(--fra 2026-01-01 --til 2026-06-30)
report_text() { pdftotext -q -layout "$1" -; }

make_cases "$tmp/sager" 33
"$SAMDOC" check "$tmp/sager" --dato $DATO >"$tmp/out" 2>"$tmp/err"
expect "check of 33 cases: exit 0 (warnings only)" test $? -eq 0
expect "…R51: Jonas Berg has 11 young people in CTI" \
  grep -q "sag-001/sag.yaml:[0-9]*:[0-9]*: advarsel: Jonas Berg har 11 unge i CTI" "$tmp/err"
expect "…R51: the ICM worker has 11 (at most 8)" grep -q "har 11 unge i ICM .*højst 8" "$tmp/err"
expect "…told at each of the 11 CTI cases" test "$(grep -c 'Jonas Berg har 11' "$tmp/err")" -eq 11

# R51 counts only across the cases checked together: ten CTI cases are fine
make_cases "$tmp/ti" 10 sara-nielsen
"$SAMDOC" check "$tmp/ti" --dato $DATO 2>"$tmp/err"
expect "ten CTI cases of one worker: no R51" test -z "$(grep 'unge i CTI' "$tmp/err")"

"$SAMDOC" report "$tmp/sager" "${period[@]}" -o "$tmp/rapport" --dato $DATO >"$tmp/out" 2>"$tmp/err"
expect "report over 33 cases: exit 0" test $? -eq 0
pdf=$tmp/rapport/statusrapport-2026-01-01-2026-06-30.pdf
expect "…writes statusrapport-FRA-TIL.pdf and names it" grep -qx "$pdf" "$tmp/out"
report_text "$pdf" >"$tmp/text"
expect "…33 young people in the period" grep -Eq "Unge i Samarbejdsmodellen i perioden +33" "$tmp/text"
expect "…11 of them in ICM" grep -Eq "ICM-metoden +11" "$tmp/text"
expect "…the held meetings counted (Sara 3, Emil 2, Åse 1 in the half-year: 66)" \
  grep -Eq "Netværksmøder afholdt +66" "$tmp/text"
expect "…bars are drawn (vector rectangles on the page)" \
  test "$(qpdf --qdf --object-streams=disable "$pdf" - 2>/dev/null | grep -c ' re$')" -gt 10
leaks=$(grep -E -o "Sara|Nielsen|Emil|Sørensen|Jonas Berg|Mette Holm|Østergård|2026-1[0-9]{3}|2308|XXXX" "$tmp/text" | sort -u | tr '\n' ' ')
expect "…no name, case id or CPR number in the report: $leaks" test -z "$leaks"
leaks=$(pdfinfo "$pdf" 2>/dev/null | grep -E -o "Sara|Nielsen|2026-1[0-9]{3}" | tr '\n' ' ')
expect "…none in its metadata either: $leaks" test -z "$leaks"

# the threshold: 4 young people at risk are "under 5", 5 are 5
make_cases "$tmp/fire" 4 emil-soerensen
make_cases "$tmp/fem" 5 emil-soerensen
for n in fire fem; do
  "$SAMDOC" report "$tmp/$n" "${period[@]}" -o "$tmp/r-$n" --dato $DATO >/dev/null 2>&1
  report_text "$tmp/r-$n/statusrapport-2026-01-01-2026-06-30.pdf" >"$tmp/t-$n"
done
expect "4 young people at risk: \"under 5\"" grep -Eq "i risiko for hjemløshed +under 5" "$tmp/t-fire"
expect "5 young people at risk: 5" grep -Eq "i risiko for hjemløshed +5$" "$tmp/t-fem"
expect "…and no count from 1 to 4 anywhere in either report" \
  test -z "$(grep -E '  [1-4]( |$)' "$tmp/t-fire" "$tmp/t-fem" | grep -v '^.*[0-9]\.[0-9]' | grep -vi 'side')"
expect "…a share of a group under 5 is left out (–)" grep -Eq "På eller over tre om året +under 5 +–" "$tmp/t-fire"

# a bad case: nothing written, exit 1
make_cases "$tmp/med-fejl" 3
sed -i 's/^  status: aktiv/  status: ukendt/' "$tmp/med-fejl/sag-002/sag.yaml"
"$SAMDOC" report "$tmp/med-fejl" "${period[@]}" -o "$tmp/r-fejl" --dato $DATO >/dev/null 2>"$tmp/err"
expect "a report with an invalid case: exit 1" test $? -eq 1
expect "…names the file" grep -q "sag-002/sag.yaml:[0-9]*:[0-9]*: fejl" "$tmp/err"
expect "…writes nothing" test ! -e "$tmp/r-fejl"

"$SAMDOC" report "$tmp/sager" -o "$tmp/x" >/dev/null 2>&1
expect "report without a period: exit 2" test $? -eq 2
"$SAMDOC" report "$tmp/sager" --fra 2026-07-01 --til 2026-06-30 -o "$tmp/x" >/dev/null 2>&1
expect "a period that ends before it begins: exit 2" test $? -eq 2
"$SAMDOC" render "$tmp/sager" --fra 2026-01-01 >/dev/null 2>&1
expect "--fra with render: exit 2" test $? -eq 2

"$SAMDOC" render "$tmp/sager" -o "$tmp/alle" -j 2 --dato $DATO >"$tmp/out" 2>"$tmp/err"
expect "render of the 33 cases with -j 2: exit 0" test $? -eq 0
expect "…every case has its course overview" test "$(find "$tmp/alle" -name forloeb.pdf | wc -l)" -eq 33
finish
