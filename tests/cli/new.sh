#!/usr/bin/env bash
# samdoc new CASE_DIR: a commented sag.yaml and moede-1.yaml to begin from.
#  - the folder is made with its parents (0700), the files are 0600, and the
#    first line of each points an editor at its JSON Schema;
#  - `check` on the fresh case fails and names every placeholder, with what
#    to write there (tests/editor/ny/check.expected);
#  - filling in exactly the lines it names (tests/editor/ny/*.sed) gives a
#    valid case with the two warnings a new case should get
#    (tests/editor/ny/filled.expected): no network mapping date yet, no topics
#    from the young person yet;
#  - a second `new`, or one into a folder that has either file, writes
#    nothing and exits 2;
#  - the templates name every key of the records (template_keys.py).
source "$(dirname "$0")/lib.bash"
PYTHON=${PYTHON:-/usr/bin/python3}
run() { "$SAMDOC" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; echo $?; }
d="$tmp/sager/ny sag"            # a space, and parents that do not exist

expect "new exits 0" test "$(run new "$d")" = 0
expect "stdout names both files" diff <(printf '%s\n' "$d/sag.yaml" "$d/moede-1.yaml") "$tmp/stdout"
expect "nothing on stderr" test ! -s "$tmp/stderr"
expect "the folder is 0700" test "$(stat -c %a "$d")" = 700
expect "its parent too" test "$(stat -c %a "$tmp/sager")" = 700
for f in sag moede-1; do
  expect "$f.yaml is 0600" test "$(stat -c %a "$d/$f.yaml")" = 600
done
expect "only the two files" test "$(ls -A "$d" | tr '\n' ' ')" = "moede-1.yaml sag.yaml "

# The modeline: the absolute path of the schema (a file:// URI when the path
# must be escaped), read here as the language server reads it.
for f in sag:sag moede-1:moede; do
  line=$(head -n 1 "$d/${f%%:*}.yaml")
  loc=${line#'# yaml-language-server: $schema='}
  expect "${f%%:*}.yaml begins with the modeline" test "$loc" != "$line"
  path=${loc#file://}
  path=$(printf '%b' "${path//%/\\x}")
  expect "${f%%:*}.yaml points at an existing ${f#*:}.schema.json" \
    test -f "$path" -a "$(basename "$path")" = "${f#*:}.schema.json"
  expect "…by an absolute path" test "${path:0:1}" = /
done
# A data folder whose path has a space gets a file:// URI with %20.
mkdir -p "$tmp/data dir"
cp -r templates schemas "$tmp/data dir/"
SAMDOC_DATA="$tmp/data dir" "$SAMDOC" new "$tmp/spaced" >/dev/null 2>&1
expect "a space in the data folder is escaped" \
  grep -qF "\$schema=file://${tmp// /%20}/data%20dir/schemas/sag.schema.json" "$tmp/spaced/sag.yaml"

# A fresh case: every placeholder is an error that says what to write.
expect "check of a fresh case exits 1" test "$(run check --dato "$DATO" "$d")" = 1
sed "s#^$d/#DIR/#" "$tmp/stderr" >"$tmp/got"
expect "check names every placeholder" diff -u tests/editor/ny/check.expected "$tmp/got"

# The editor marks the same placeholders (as many, and in the same fields).
"$PYTHON" tests/editor/validate.py --all "$d/sag.yaml" "$d/moede-1.yaml" >"$tmp/editor" 2>&1
for f in sag moede-1; do
  expect "the editor marks as many places in $f.yaml as check" test \
    "$(grep -c "^bad $d/$f.yaml:" "$tmp/editor")" = "$(grep -c "^DIR/$f.yaml:.*: fejl:" tests/editor/ny/check.expected)"
done

# Filling in exactly those lines gives a valid case.
cp "$d/sag.yaml" "$tmp/sag.fresh"; cp "$d/moede-1.yaml" "$tmp/moede-1.fresh"
sed -i -f tests/editor/ny/sag.sed "$d/sag.yaml"
sed -i -f tests/editor/ny/moede-1.sed "$d/moede-1.yaml"
for f in sag moede-1; do
  changed=$(diff --unchanged-line-format= --new-line-format= --old-line-format='%dn ' \
             "$tmp/$f.fresh" "$d/$f.yaml")
  named=$(grep "^DIR/$f.yaml:[0-9]*:[0-9]*: fejl:" tests/editor/ny/check.expected | cut -d: -f2 | sort -n | tr '\n' ' ')
  expect "$f.yaml: the lines filled in are the lines check named" test "$changed" = "$named"
done
expect "the filled-in case passes check" test "$(run check --dato "$DATO" "$d")" = 0
cp "$tmp/stderr" "$tmp/check-filled"
expect "…and the editor's schemas" "$PYTHON" tests/editor/validate.py "$d/sag.yaml" "$d/moede-1.yaml" >/dev/null
sed "s#^$d/#DIR/#" "$tmp/check-filled" >"$tmp/got"
expect "…with the warnings of a new case" diff -u tests/editor/ny/filled.expected "$tmp/got"
expect "…and renders" test "$(run render --dato "$DATO" "$d" -o "$tmp/out")" = 0

# Never over an existing case.
cp "$d/sag.yaml" "$tmp/sag.before"
expect "a second new exits 2" test "$(run new "$d")" = 2
expect "…names both files" test "$(grep -c 'fejl: Filen findes allerede' "$tmp/stderr")" = 2
expect "…writes nothing" cmp -s "$d/sag.yaml" "$tmp/sag.before"
expect "…and leaves no temporary file" test "$(ls -A "$d" | tr '\n' ' ')" = "moede-1.yaml sag.yaml "
mkdir -p "$tmp/half"; echo "moede: {}" >"$tmp/half/moede-1.yaml"
expect "a folder with only moede-1.yaml is refused" test "$(run new "$tmp/half")" = 2
expect "…and gets no sag.yaml" test ! -e "$tmp/half/sag.yaml"
expect "…nor a new moede-1.yaml" test "$(cat "$tmp/half/moede-1.yaml")" = "moede: {}"
mkdir -p "$tmp/link"; ln -s nowhere "$tmp/link/sag.yaml"
expect "a dangling link named sag.yaml is refused" test "$(run new "$tmp/link")" = 2

# Usage.
expect "new without a folder is a usage error" test "$(run new)" = 2
expect "new with two folders is a usage error" test "$(run new "$tmp/x" "$tmp/y")" = 2
expect "…and writes nothing" test ! -e "$tmp/x" -a ! -e "$tmp/y"
expect "new under a file exits 2" test "$(run new "$d/sag.yaml/sub")" = 2
expect "a missing template exits 2" test "$(SAMDOC_DATA="$tmp/nodata" run new "$tmp/z")" = 2
expect "…and creates no folder" test ! -e "$tmp/z"

# The templates explain every key of the records.
for f in sag:sag moede-1:moede; do
  if "$PYTHON" tests/editor/template_keys.py "templates/ny/${f%%:*}.yaml" \
       "schemas/${f#*:}.schema.json" >"$tmp/keys" 2>&1; then ok
  else fail "templates/ny/${f%%:*}.yaml does not name every key:"; sed 's/^/    /' "$tmp/keys"; fi
done
finish
