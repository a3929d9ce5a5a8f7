#!/usr/bin/env bash
# Editor support: the JSON Schemas in schemas/*.schema.json that an editor's
# YAML language server checks records with while a coordinator types.
#  - they are what `make schemas` makes from the XSDs today;
#  - every record of examples/ and tests/cases/ passes them;
#  - of the bad-input cases, they reject the files whose mistake is in the
#    schema's domain (types, keys, lengths) and accept the rest (mistakes
#    only a rule sees), or the editor would mark what samdoc accepts;
#  - on a table of single changes to a valid case, they agree with
#    `samdoc check`, above all where YAML 1.1 and 1.2 read a scalar
#    differently (the editor reads 1.2; samdoc reads the text as written).
# Validation runs on Debian's python3-jsonschema and python3-yaml through
# tests/editor/validate.py, which reads YAML as the language server does.
source "$(dirname "$0")/lib.bash"
PYTHON=${PYTHON:-/usr/bin/python3}
if ! "$PYTHON" -c 'import jsonschema, yaml' 2>/dev/null; then
  fail "$PYTHON with jsonschema and yaml (make deps installs python3-jsonschema, python3-yaml)"
  finish; exit
fi

# ---- the committed schemas are the generator's output ----
for n in sag moede diplom; do
  if "$PYTHON" scripts/xsd2json.py "schemas/$n.xsd" "$tmp/$n.schema.json" 2>"$tmp/err"; then
    expect "schemas/$n.schema.json is up to date (make schemas)" cmp -s "$tmp/$n.schema.json" "schemas/$n.schema.json"
  else
    fail "xsd2json.py $n: $(cat "$tmp/err")"
  fi
done

# ---- single changes to examples/sara-nielsen: samdoc's verdict | the
# editor's | file | sed expression | why. "ok" = no fejl. Where the two
# differ, YAML 1.2 has lost the spelling samdoc judges, so no JSON Schema can
# tell; `samdoc check` still does. ----
mutations='
ok  |ok |sag.yaml    |s/postnummer: "8700"/postnummer: 8700/            |a bare 8700 is a number in YAML 1.2; samdoc reads the text 8700
ok  |ok |sag.yaml    |s/telefon: "00 00 01 47"/telefon: 00000147/       |YAML 1.2 reads 147, samdoc the 8 digits
ok  |ok |sag.yaml    |s/cpr: "230806-XXXX" .*/cpr: 2308064234/          |an unquoted CPR is a number in YAML 1.2
ok  |ok |sag.yaml    |s/id: "2026-0147"/id: 2026/                       |a case number of digits
ok  |ok |sag.yaml    |s/vip: true/vip: "true"/                          |a quoted flag is the text true
ok  |ok |sag.yaml    |s/relation: moster/relation: true/                |a text that YAML 1.2 reads as a boolean
ok  |ok |sag.yaml    |s/^  henvist: .*/  henvist:/                      |an empty mapping whose keys are all optional
ok  |ok |sag.yaml    |s/bolig: {dato: 2026-04-01}/bolig: {}/            |the same in flow style
ok  |ok |sag.yaml    |s/naerhed: 1,/naerhed: "1",/                      |a quoted closeness
ok  |ok |moede-1.yaml|s/^  nr: 1/  nr: "1"/                             |a quoted meeting number
ok  |ok |moede-1.yaml|s/fra: "10:00"/fra: 10:00/                         |an unquoted time is text in YAML 1.2 (60 x 10 in YAML 1.1)
ok  |ok |moede-1.yaml|s/varighed_min: 90/varighed_min: "90"/             |quoted minutes
ok  |ok |moede-1.yaml|s/efter_punkt: 3/efter_punkt: "3"/                 |a quoted agenda item
ok  |ok |moede-1.yaml|s/sted: "Jobcentret, mødelokale 3"/sted: 42/       |a text that YAML 1.2 reads as a number
ok  |ok |moede-5.yaml|s/^  spilleregler: .*/  spilleregler:/            |an empty list that may be empty
bad |bad|sag.yaml    |s/vip: true/vip: yes/                             |yes is true in YAML 1.1, text in YAML 1.2, and not a flag
bad |bad|sag.yaml    |s/team: true/team: 1/                             |1 is not true
bad |bad|sag.yaml    |s/postnummer: "8700"/postnummer: 87000/           |five digits
bad |bad|sag.yaml    |s/naerhed: 1,/naerhed: 4,/                        |closeness is 1, 2 or 3
bad |bad|sag.yaml    |s/^  kommune: .*/  kommune:/                      |a required text left empty
bad |bad|sag.yaml    |s/^  kaldenavn: Sara/  kaldnavn: Sara/            |a misspelt key
bad |bad|sag.yaml    |/^  status: aktiv/d                               |a required key left out
bad |bad|sag.yaml    |s/^  navn: Sara Nielsen/  navn: [Sara Nielsen]/   |a list where a text belongs
bad |bad|sag.yaml    |s/^  visiteret: 2026-01-12/  visiteret: 12-01-2026/ |a date in Danish order
bad |bad|sag.yaml    |/^samtykke:/,/omfang/{/^samtykke:/!d}             |a list that needs one entry left empty
bad |bad|moede-1.yaml|s/{rolle: den-unge, deltog: ja}/{rolle: den-unge, deltog: no}/ |no is false in YAML 1.1, text in 1.2, and not an answer
bad |bad|moede-1.yaml|s/{person: mette, deltog: ja}/{person: mette, deltog: true}/ |answers are ja and nej, not booleans
bad |bad|moede-1.yaml|s/fra: "10:00"/fra: 1000/                          |a time without a colon
bad |bad|moede-1.yaml|s/varighed_min: 90/varighed_min: 601/              |more than 600 minutes
bad |bad|moede-1.yaml|s/^  emner:/  emner: Bolig\n  gamle_emner:/        |a text where a list belongs
bad |bad|moede-1.yaml|s/^  type: netvaerksmoede/  type: netværksmøde/    |a value with æ and ø
bad |bad|diplom.yaml |s/udstedt_af: \[jonas\]/udstedt_af: [jonas, mette, hanne]/ |at most two signers
bad |ok |sag.yaml    |s/team: true/team: True/                          |True and true are one boolean in YAML 1.2
bad |ok |moede-1.yaml|s/^  nr: 1/  nr: 01/                               |01 and 1 are one number in YAML 1.2
bad |ok |sag.yaml    |s/^  telefon: "00 00 01 47"/  telefon: 147/       |147 and 00000147 are one number in YAML 1.2
'
n=0; dirs=()
while IFS='|' read -r want_samdoc want_editor file expr why; do
  want_samdoc=$(echo $want_samdoc); want_editor=$(echo $want_editor); file=$(echo $file)
  [ -n "$file" ] || continue
  expr=$(sed 's/ *$//' <<<"$expr")
  n=$((n + 1)); d="$tmp/m$n"; mkdir -p "$d"; cp examples/sara-nielsen/*.yaml "$d/"
  sed -i -e "$expr" "$d/$file"
  if cmp -s "$d/$file" "examples/sara-nielsen/$file"; then fail "mutation $n did not change $file: $expr"; fi
  printf '%s|%s|%s|%s\n' "$want_samdoc" "$want_editor" "$file" "$why" >"$d/.want"
  dirs+=("$d")
done <<<"$mutations"
# Both judges at once (two cores): samdoc on every changed case, the
# schemas on every record file.
"$SAMDOC" check --dato "$DATO" "${dirs[@]}" >/dev/null 2>"$tmp/samdoc" &
files=(); for d in "${dirs[@]}"; do files+=("$d/$(cut -d'|' -f3 "$d/.want")"); done
"$PYTHON" tests/editor/validate.py examples/*/*.yaml tests/cases/*/*.yaml tests/bad/*/*.yaml \
  "${files[@]}" >"$tmp/editor" 2>&1
wait

# ---- records that samdoc accepts ----
grep -E "^(ok|bad) (examples|tests/cases)/" "$tmp/editor" >"$tmp/good"
expect "every example and test case was validated" \
  test "$(wc -l <"$tmp/good")" -eq "$(ls examples/*/*.yaml tests/cases/*/*.yaml | wc -l)"
while IFS= read -r line; do
  case "$line" in ok\ *) ok ;; *) fail "valid record rejected: $line" ;; esac
done <"$tmp/good"

# ---- bad-input cases: these files are wrong in a way the schema sees
# (the rest of tests/bad/ is wrong only by a rule and must pass) ----
schema_level="
r01-cpr-form/sag.yaml
r36-tema-job/moede-2.yaml
r52-hilsen-for-lang/diplom.yaml
skema-forkert-tid/moede-2.yaml
skema-ukendt-felt/moede-2.yaml
yaml-alias/moede-2.yaml
yaml-tabulator/sag.yaml
yaml-ugyldig-utf8/moede-2.yaml
"
grep -E "^(ok|bad) tests/bad/" "$tmp/editor" >"$tmp/bad"
while IFS= read -r line; do
  f=${line#* }; f=${f%%:*}; rel=${f#tests/bad/}
  if grep -qxF "$rel" <<<"$schema_level"; then
    case "$line" in bad\ *) ok ;; *) fail "schema-level mistake not marked: $rel" ;; esac
  else
    case "$line" in ok\ *) ok ;; *) fail "marked, but only a rule rejects it: $line" ;; esac
  fi
done <"$tmp/bad"
expect "every bad case was validated" test "$(wc -l <"$tmp/bad")" -eq "$(ls tests/bad/*/*.yaml | wc -l)"

# ---- the single changes: both verdicts as the table says ----
for d in "${dirs[@]}"; do
  IFS='|' read -r want_samdoc want_editor file why <"$d/.want"
  got_samdoc=ok; grep -q "^$d/[^:]*:[0-9]*:[0-9]*: fejl:" "$tmp/samdoc" && got_samdoc=bad
  got_editor=$(grep -F " $d/$file" "$tmp/editor" | cut -d' ' -f1)
  if [ "$got_samdoc" != "$want_samdoc" ]; then fail "$file ($why): samdoc says $got_samdoc"
  elif [ "$got_editor" != "$want_editor" ]; then fail "$file ($why): the editor says $got_editor"
  else ok; fi
done
finish
