#!/usr/bin/env bash
# valgrind over every example case (check and render), the blank forms, the
# bad-input cases and the small hostile ones.
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
for d in tests/bad/*/; do vg check --dato 2026-11-23 "$d"; done
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
