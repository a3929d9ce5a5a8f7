#!/usr/bin/env bash
# The command line as a contract: exit statuses, output paths, nothing
# written on invalid input, existing files untouched, mode 0600, same bytes
# twice.
source "$(dirname "$0")/lib.bash"

run() { "$SAMDOC" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; echo $?; }

expect "--help exits 0" test "$(run --help)" = 0
expect "--help names render" grep -q "samdoc render" "$tmp/stdout"
expect "--help after a command" test "$(run render examples/sara-nielsen --help)" = 0
expect "--version" test "$(run --version)" = 0
expect "--version prints samdoc" grep -q "^samdoc [0-9]" "$tmp/stdout"
expect "no command is a usage error" test "$(run)" = 2
expect "unknown command" test "$(run frobnicate)" = 2
expect "unknown option" test "$(run render examples/sara-nielsen --frob)" = 2
expect "bad --dato" test "$(run check examples/sara-nielsen --dato 2026-02-30)" = 2
expect "bad --meeting" test "$(run render examples/sara-nielsen -m nul)" = 2
expect "unknown document" test "$(run render examples/sara-nielsen -d nope -o "$tmp/o")" = 2
expect "missing folder" test "$(run check "$tmp/nowhere" --dato $DATO)" = 2

for c in examples/*/; do
  expect "check $c" test "$(run check "$c" --dato $DATO)" = 0
done

expect "render sara" test "$(run render examples/sara-nielsen -o "$tmp/o" --dato $DATO)" = 0
# the latest held meeting of the example, read from its records
latest=$(grep -l "^  status: afholdt" examples/sara-nielsen/moede-*.yaml | xargs grep -h "^  nr:" |
         awk '{print $2}' | sort -n | tail -n 1)
pdf="$tmp/o/2026-0147/maalskema-moede-$latest.pdf"
expect "latest held meeting rendered by default" test -f "$pdf"
expect "stdout names the file" grep -qx "$pdf" "$tmp/stdout"
expect "the agenda of the next planned meeting by default" test -f "$tmp/o/2026-0147/dagsorden-moede-5.pdf"
expect "mode 0600" test "$(stat -c %a "$pdf")" = 600
expect "no temporary files left" test -z "$(find "$tmp/o" -name '*.tmp' -o -name '.samdoc-*')"
expect "only the faces a document uses are embedded" test "$(pdffonts "$pdf" 2>/dev/null | grep -c Samdoc)" = 2
cp "$pdf" "$tmp/first.pdf"
run render examples/sara-nielsen -o "$tmp/o" --dato $DATO >/dev/null
expect "same input, same bytes" cmp -s "$pdf" "$tmp/first.pdf"

expect "meeting 1 of emil" test "$(run render examples/emil-soerensen -m 1 -d maalskema -o "$tmp/o" --dato $DATO)" = 0
expect "emil meeting 1 file" test -f "$tmp/o/2026-0212/maalskema-moede-1.pdf"
expect "a cancelled-only or missing meeting is refused" test "$(run render examples/emil-soerensen -m 7 -o "$tmp/o" --dato $DATO)" = 1
mkdir -p "$tmp/unplanned"
cp examples/emil-soerensen/*.yaml "$tmp/unplanned/"
grep -l "^  status: planlagt" "$tmp"/unplanned/moede-*.yaml | xargs rm -f
expect "no planned meeting: no agenda unless one is chosen" test "$(run render "$tmp/unplanned" -d dagsorden -o "$tmp/o" --dato $DATO)" = 1
expect "…and the message says how to choose one" grep -q "vælg et møde med -m" "$tmp/stderr"
expect "the agenda of a held meeting on request" test "$(run render examples/emil-soerensen -d dagsorden -m 1 -o "$tmp/o" --dato $DATO)" = 0
expect "a planned meeting has no goal sheet" test "$(run render examples/sara-nielsen -m 5 -d maalskema -o "$tmp/o" --dato $DATO)" = 1

expect "blank form" test "$(run render --blank -d maalskema -o "$tmp/o")" = 0
expect "blank file" test -f "$tmp/o/blank/maalskema.pdf"
expect "--blank with --meeting is a usage error" test "$(run render --blank -m 2 -o "$tmp/o")" = 2
expect "--blank with a case folder is a usage error" test "$(run render --blank examples/sara-nielsen -o "$tmp/o")" = 2

# Invalid input: exit 1, nothing written, an existing PDF untouched.
mkdir -p "$tmp/bad"
cp examples/sara-nielsen/*.yaml "$tmp/bad/"
sed -i 's/tema: oekonomi/tema: job/' "$tmp/bad/moede-2.yaml"
expect "invalid case exits 1" test "$(run render "$tmp/bad" -o "$tmp/o" --dato $DATO)" = 1
expect "existing PDF untouched by a failed run" cmp -s "$pdf" "$tmp/first.pdf"
expect "invalid case: nothing new written" test "$(run render "$tmp/bad" -o "$tmp/fresh" --dato $DATO)" = 1
expect "no output folder for invalid input" test ! -e "$tmp/fresh"
expect "the error names file:line:col" grep -q "moede-2.yaml:[0-9]*:[0-9]*: fejl:" "$tmp/stderr"

# The default agenda is the next planned meeting from --dato, not the highest number.
mkdir -p "$tmp/twoplanned"
cp examples/emil-soerensen/*.yaml "$tmp/twoplanned/"
sed -e 's/^  nr: 4/  nr: 5/' -e 's/^  dato: 2026-12-01/  dato: 2027-03-02/' \
  examples/emil-soerensen/moede-4.yaml >"$tmp/twoplanned/moede-5.yaml"
expect "two planned meetings" test "$(run render "$tmp/twoplanned" -d dagsorden -o "$tmp/tp" --dato $DATO)" = 0
expect "the next one's agenda" test -f "$tmp/tp/2026-0212/dagsorden-moede-4.pdf" -a ! -f "$tmp/tp/2026-0212/dagsorden-moede-5.pdf"

# Checklist section 5 keeps an attendance row given by role only (rolle: privat),
# and a cancelled meeting shows the VIP answers when they were recorded.
mkdir -p "$tmp/rows"
cp examples/emil-soerensen/sag.yaml examples/emil-soerensen/moede-1.yaml "$tmp/rows/"
sed -i 's/    - {person: charlotte, deltog: ja, hvorfor: "Emil ønskede, at hans mor deltog"}/    - {rolle: privat, deltog: ja, hvorfor: "Emils moster kom med"}/' "$tmp/rows/moede-1.yaml"
sed 's/^  status: aflyst/  status: aflyst\n  vip: {har_vip: ja, fra: privat, hvem: "Fodboldtræner, Bo Andersen"}/' \
  examples/emil-soerensen/moede-2-aflyst.yaml >"$tmp/rows/moede-2-aflyst.yaml"
expect "checklists render" test "$(run render "$tmp/rows" -d tjekliste -m 1 -o "$tmp/rw" --dato $DATO)" = 0
expect "a role-only private row is printed" grep -q "Emils moster kom med" <(pdftotext -q "$tmp/rw/2026-0212/tjekliste-moede-1.pdf" -)
expect "cancelled checklist" test "$(run render "$tmp/rows" -d tjekliste -m 2 -o "$tmp/rw" --dato $DATO)" = 0
expect "…with the recorded VIP section" grep -q "3: VIP" <(pdftotext -q "$tmp/rw/2026-0212/tjekliste-moede-2.pdf" -)
expect "…and nothing that did not happen" test -z "$(pdftotext -q "$tmp/rw/2026-0212/tjekliste-moede-2.pdf" - | grep -e "5: Hvem deltog" -e "6: Afholdelse")"

# The diploma: never the case id, an address or a CPR number, in the text or the metadata.
expect "diploma" test "$(run render examples/sara-nielsen -d diplom -o "$tmp/dip" --dato $DATO)" = 0
dip="$tmp/dip/2026-0147/diplom.pdf"
expect "…written" test -f "$dip"
expect "…title is the first name" grep -q "Title: *Diplom – Sara" <(pdfinfo "$dip" 2>/dev/null)
expect "…no case id, address or CPR anywhere" test -z "$( (pdfinfo "$dip" 2>/dev/null; pdftotext -q "$dip" -) | grep -e 2026-0147 -e Lærkevænget -e 230806)"
expect "a logo in the case folder" test "$(run render tests/cases/sara-logo -d diplom -o "$tmp/logo" --dato $DATO)" = 0
expect "…is drawn with its transparency (an image and its soft mask)" test "$(pdfimages -list "$tmp/logo/2026-0147/diplom.pdf" 2>/dev/null | grep -c -e ' image ' -e ' smask ')" = 2
expect "no logo, no image" test -z "$(pdfimages -list "$dip" 2>/dev/null | tail -n +3)"
expect "no diplom.yaml, no diploma" test "$(run render examples/emil-soerensen -d diplom -o "$tmp/dip" --dato $DATO)" = 1

# Several cases: one invalid case means nothing is written for any of them.
expect "two cases, one invalid: exit 1" test "$(run render examples/sara-nielsen "$tmp/bad" -o "$tmp/multi" --dato $DATO)" = 1
expect "two cases, one invalid: nothing written" test ! -e "$tmp/multi"
expect "two valid cases" test "$(run render examples/sara-nielsen examples/emil-soerensen -o "$tmp/multi" --dato $DATO)" = 0
expect "both written" test -f "$tmp/multi/2026-0147/maalskema-moede-$latest.pdf" -a -d "$tmp/multi/2026-0212"

# The output folder is created with its parents.
expect "nested -o" test "$(run render examples/sara-nielsen -o "$tmp/a/b/c" --dato $DATO)" = 0
expect "nested -o file" test -f "$tmp/a/b/c/2026-0147/maalskema-moede-$latest.pdf"

# Without --dato the creation date comes from the records, not the clock.
run render examples/sara-nielsen -m 2 -d maalskema -o "$tmp/nodate" >/dev/null
expect "creation date = meeting date" grep -q "2026-03-10" <(pdfinfo -isodates "$tmp/nodate/2026-0147/maalskema-moede-2.pdf" 2>/dev/null | grep CreationDate)
run render --blank -o "$tmp/nodate" >/dev/null
expect "a blank form has no creation date" test -z "$(pdfinfo "$tmp/nodate/blank/maalskema.pdf" 2>/dev/null | grep CreationDate)"

# An unwritable output folder is an environment error.
if [ "$(id -u)" -ne 0 ]; then
  mkdir -p "$tmp/ro"; chmod 500 "$tmp/ro"
  expect "unwritable folder exits 2" test "$(run render examples/sara-nielsen -o "$tmp/ro" --dato $DATO)" = 2
else
  expect "output path through a file exits 2" test "$(touch "$tmp/afile"; run render examples/sara-nielsen -o "$tmp/afile" --dato $DATO)" = 2
fi
finish
