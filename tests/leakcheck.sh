#!/usr/bin/env bash
# valgrind over every example case (check and render), the blank forms, the
# PDF/A copies (--pdfa), the bad-input cases, the small hostile ones and `samdoc new`.
# Any leak or memory error fails. Prints "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/debug}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
vg() {
  if valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
       --error-exitcode=99 "$BUILD/samdoc" "$@" >"$tmp/out" 2>"$tmp/err"; then
    passed=$((passed + 1))
  else
    status=$?
    # 1 is an honest "invalid input"; 99 is valgrind's verdict
    if [ "$status" -eq 99 ] || [ "$status" -gt 2 ]; then
      failed=$((failed + 1)); echo "FAIL valgrind samdoc $*"; sed 's/^/    /' "$tmp/err" | head -40
    else passed=$((passed + 1)); fi
  fi
}
for c in examples/*/; do
  vg check --dato 2026-11-23 "$c"
  vg render --dato 2026-11-23 -o "$tmp/out" "$c"
done
vg render --blank -o "$tmp/out"
# PDF/A: XMP, output intent, CIDSet, /ID, the logo's alpha flattened by libpng
vg render --dato 2026-11-23 --pdfa -o "$tmp/pdfa" examples/sara-nielsen
vg render --dato 2026-11-23 --pdfa -o "$tmp/pdfa" -d diplom tests/cases/sara-logo
vg render --dato 2026-11-23 -o "$tmp/batch" -j 1 examples   # a batch, in this process
# Bad input: every bad case runs under ASan with LeakSanitizer in `make asan`;
# here one case of each kind (each ten rule numbers, and every case that is
# not a rule's: YAML, schema, characters, dates, case numbers), so that each
# error path also runs under valgrind without repeating all of them.
declare -A seen
for d in tests/bad/*/; do
  name=$(basename "$d")
  case "$name" in r[0-9][0-9]-*) kind=${name:0:2} ;; *) kind=$name ;; esac
  [ -n "${seen[$kind]:-}" ] && continue
  seen[$kind]=1
  vg check --dato 2026-11-23 "$d"
done

# watch: the first rendering, one with an invalid record, one after the fix,
# then Ctrl-C; every wait bounded.
within() {   # within SECONDS COMMAND...
  local i; for ((i = 0; i < $1 * 20; i++)); do "${@:2}" && return 0; sleep 0.05; done; return 1
}
mkdir -p "$tmp/case"
cp examples/sara-nielsen/*.yaml "$tmp/case/"
pdf=$tmp/wout/2026-0147/maalskema-moede-4.pdf
valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99 \
  "$BUILD/samdoc" watch "$tmp/case" -d maalskema -m 4 -o "$tmp/wout" --dato 2026-11-23 \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
within 60 test -s "$pdf"
sed -i '0,/tema: social-stoette/s//tema: job/' "$tmp/case/moede-4.yaml"
within 60 grep -q "intet er skrevet" "$tmp/err"
old=$(stat -c %i "$pdf")
replaced() { [ "$(stat -c %i "$pdf")" != "$old" ]; }
sed -i 's/tema: job/tema: social-stoette/' "$tmp/case/moede-4.yaml"
within 60 replaced
kill -INT "$pid"
if wait "$pid"; then passed=$((passed + 1))
else failed=$((failed + 1)); echo "FAIL valgrind samdoc watch"; sed 's/^/    /' "$tmp/err" | head -40; fi

vg new "$tmp/ny/sag"          # written
vg new "$tmp/ny/sag"          # refused: the files exist
vg check --dato 2026-11-23 "$tmp/ny/sag"

# The hostile cases that are refused while loading (tests/hostile/), all in
# one process: the fixed cost under valgrind is the schemas and fonts. The
# big ones that render (2 000 delmål, 300 persons, 100 000-character values:
# 15-35 s each here) run under ASan only (make asan).
small=(alias-bomb nesting-flow nesting-map nesting-block nesting-indent keys-1mib keys-too-big
       keys-same control-raw control-nul control-escape control-c1 bidi-rlo bidi-escaped
       bidi-isolate-in-list invisible-zwsp emoji emoji-escaped no-font invalid-utf8 utf16
       line-separator garbage empty)
bash tests/hostile/make-cases.sh "$tmp/hostile" "${small[@]}"
vg check --dato 2026-11-23 "${small[@]/#/$tmp/hostile/}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
