#!/usr/bin/env bash
# samdoc watch, driven like a referent at the meeting: it renders the goal
# sheet, renders it again when a record is saved (by an editor that renames a
# new file over the old one, and by one that writes in place) or a template
# changes; an invalid record prints check's diagnostics and leaves the last
# good PDF; SIGINT and SIGTERM end it with status 0. Every wait is bounded.
source "$(dirname "$0")/lib.bash"

run() { timeout 10 "$SAMDOC" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; echo $?; }   # 124: did not end
expect "watch without a folder" test "$(run watch)" = 2
expect "watch follows one folder" test "$(run watch examples/sara-nielsen examples/emil-soerensen)" = 2
expect "watch has no --blank" test "$(run watch --blank)" = 2
expect "watch of a missing folder" test "$(run watch "$tmp/nowhere" -o "$tmp/o")" = 2
expect "…says so" grep -q "Sagsmappen" "$tmp/stderr"
expect "watch of an unknown document ends at once" test "$(run watch examples/sara-nielsen -d nope -o "$tmp/o")" = 2
expect "…and says why" grep -q "Ukendt dokument" "$tmp/stderr"

within() {   # within SECONDS COMMAND...: true as soon as COMMAND is, polling every 20 ms
  local limit=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  until "$@"; do
    [ "$(date +%s%N)" -lt "$limit" ] || return 1
    sleep 0.02
  done
}
inode() { stat -c %i "$pdf" 2>/dev/null; }
# mark the state before a change: the PDF's inode, the files written so far,
# the diagnostics so far
mark() { old=$(inode); logged=$(wc -l <"$tmp/w.out"); errs_before=$(stat -c %s "$tmp/w.err"); }
# a new PDF was renamed over $pdf and the round is over (watch flushes its
# output last, after the round's diagnostics)
replaced() { [ "$(inode)" != "$old" ] && [ "$(wc -l <"$tmp/w.out")" -gt "$logged" ]; }
pdf_text() { pdftotext -q -enc UTF-8 "$pdf" - | tr -s ' \n' '  '; }   # cells wrap: one line
says() { grep -qF -- "$1" <(pdf_text); }
new_errors() { tail -c +$((errs_before + 1)) "$tmp/w.err"; }   # since mark
reported() { new_errors | grep -q "intet er skrevet"; }

# a copy of the case, and of the templates and schemas (fonts linked), to edit
mkdir -p "$tmp/case" "$tmp/data"
cp examples/sara-nielsen/*.yaml "$tmp/case/"
cp -R templates schemas "$tmp/data/"
ln -s "$PWD/fonts" "$tmp/data/fonts"
pdf=$tmp/out/2026-0147/maalskema-moede-4.pdf

SAMDOC_DATA=$tmp/data "$SAMDOC" watch "$tmp/case" -d maalskema -m 4 -o "$tmp/out" --dato $DATO \
  >"$tmp/w.out" 2>"$tmp/w.err" &
pid=$!
# whatever happens below, the watcher does not outlive the test
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

expect "the first PDF appears" within 10 test -s "$pdf"
expect "…and is named on stdout" within 10 grep -qx "$pdf" "$tmp/w.out"
expect "…it is the goal sheet of meeting 4" says "Netværksmøde nr. 4"

# an editor that writes a new file and renames it over the record (sed -i does)
mark
sed -i 's/Sara og Hanne drikker kaffe sammen hver torsdag/Sara og Hanne går en tur hver torsdag/' \
  "$tmp/case/moede-4.yaml"
expect "a saved record gives a new PDF" within 10 replaced
expect "…with the new text" says "går en tur hver torsdag"

# an editor that writes the file in place
mark
sed 's/går en tur hver torsdag/spiser frokost hver torsdag/' "$tmp/case/moede-4.yaml" >"$tmp/edit"
cat "$tmp/edit" >"$tmp/case/moede-4.yaml"
expect "a record written in place gives a new PDF" within 10 replaced
expect "…with the new text" says "spiser frokost hver torsdag"

# an editor that renames the old file away first and writes the new one a
# little later (vim with a backup): no rendering in between, so no error
mark
mv "$tmp/case/moede-4.yaml" "$tmp/case/moede-4.yaml~"
sleep 0.1
sed 's/spiser frokost hver torsdag/ser fodbold hver torsdag/' "$tmp/case/moede-4.yaml~" \
  >"$tmp/case/moede-4.yaml"
rm "$tmp/case/moede-4.yaml~"
expect "a record renamed away and written anew gives a new PDF" within 10 replaced
expect "…with the new text" says "ser fodbold hver torsdag"
expect "…and no error on the way" test -z "$(new_errors | grep fejl)"

# a mistake: the diagnostics of check, the last good PDF stays
cp "$pdf" "$tmp/good.pdf"
mark
sed -i '0,/tema: social-stoette/s//tema: job/' "$tmp/case/moede-4.yaml"
expect "an invalid record is reported" within 10 reported
new_errors | grep -E ': (fejl|advarsel): ' >"$tmp/got"
"$SAMDOC" check "$tmp/case" --dato $DATO 2>"$tmp/want" >/dev/null
expect "…with the same diagnostics as check" diff -u "$tmp/want" "$tmp/got"
expect "…naming the file and line" grep -q "moede-4.yaml:[0-9]*:[0-9]*: fejl: Ukendt værdi \"job\"" "$tmp/got"
sleep 0.2
expect "…and the last good PDF stays" cmp -s "$pdf" "$tmp/good.pdf"
expect "…the very same file" test "$(inode)" = "$old"

sed -i 's/tema: job/tema: social-stoette/' "$tmp/case/moede-4.yaml"
expect "the mistake corrected, a new PDF" within 10 replaced

# a template changed: the context is reloaded
mark
sed -i 's|>Mål- og aftaleskema</p>|>Mål- og aftaleskema på væggen</p>|' "$tmp/data/templates/maalskema.xml"
expect "a changed template gives a new PDF" within 10 replaced
expect "…laid out with the new template" says "Mål- og aftaleskema på væggen"

# files that are not records do not wake it
mark
touch "$tmp/case/.moede-4.yaml.swp" "$tmp/case/noter.txt"
sleep 0.3
expect "an editor's swap file or a note does not render" test "$(inode)" = "$old"

kill -INT "$pid"
wait "$pid"
expect "Ctrl-C ends it with status 0" test $? = 0
expect "no temporary files left" test -z "$(find "$tmp/out" -name '.samdoc-*')"

SAMDOC_DATA=$tmp/data "$SAMDOC" watch "$tmp/case" -d maalskema -m 4 -o "$tmp/out2" --dato $DATO \
  >"$tmp/w.out" 2>"$tmp/w.err" &
pid=$!
pdf=$tmp/out2/2026-0147/maalskema-moede-4.pdf
expect "a second watcher renders" within 10 test -s "$pdf"
kill -TERM "$pid"
wait "$pid"
expect "SIGTERM ends it with status 0" test $? = 0
finish
