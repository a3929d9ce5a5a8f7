#!/usr/bin/env bash
# A full CPR number must never appear in any output unless --cpr full is
# given, and then only on documents whose form has a CPR field (the
# checklist, section 1, and the network card, 2: Den unge; every other
# document has none). Both examples, every document, and the blank forms. Checked in the decompressed PDF bytes (as ASCII and as the
# UCS-2 codes the CID fonts use), in pdftotext, file names, stdout and stderr.
source "$(dirname "$0")/lib.bash"

# Both examples, each with a full CPR number of its own birth date.
for example in sara-nielsen:230806 emil-soerensen:051108; do
name=${example%%:*} born=${example#*:}
cpr="$born-4321"
rm -rf "$tmp/case" "$tmp"/out-*
mkdir -p "$tmp/case"
cp examples/$name/*.yaml "$tmp/case/"
sed -i "s/cpr: \"$born-XXXX\".*/cpr: \"$cpr\"/; /foedselsdato:/d" "$tmp/case/sag.yaml"

# every way the number could be spelled, as ASCII and as UCS-2 hex
patterns=()
for form in "$born"4321 "$cpr" "$born 4321" 4321; do
  # bare "4321" could occur by chance in font data; its UCS-2 form cannot
  [ "$form" = 4321 ] || patterns+=("$form")
  hex=$(printf '%s' "$form" | iconv -t UCS-2BE | od -An -tx1 | tr -d ' \n')
  patterns+=("$hex" "${hex^^}")
done
leaks() {   # leaks FILE: prints the patterns found in FILE
  for p in "${patterns[@]}"; do grep -qiF -- "$p" "$1" && echo "$p"; done
}

for mode in "" "--cpr full"; do
  out="$tmp/out-${mode// /}"
  # shellcheck disable=SC2086
  "$SAMDOC" render "$tmp/case" -o "$out" --dato $DATO $mode >"$tmp/stdout" 2>"$tmp/stderr"
  expect "$name: render with a full CPR ($mode)" test $? -eq 0
  # shellcheck disable=SC2086
  "$SAMDOC" render --blank -o "$out" $mode >>"$tmp/stdout" 2>>"$tmp/stderr"
  n=0
  while IFS= read -r pdf; do
    n=$((n + 1))
    qpdf --qdf --object-streams=disable "$pdf" "$tmp/plain.pdf" 2>/dev/null
    pdftotext -q -enc UTF-8 "$pdf" "$tmp/text.txt"
    found="$(leaks "$tmp/plain.pdf")$(leaks "$tmp/text.txt")"
    # only the checklist (section 1) and the network card (2: Den unge) have
    # a CPR field; it is full only when asked. The overview sent with an
    # invitation (netvaerksoverblik) has none.
    key="$mode:$(basename "$pdf")"
    case "$pdf" in */blank/*) key="$mode:blank form" ;; esac
    case "$key" in
      "--cpr full:tjekliste-"*|"--cpr full:netvaerkskort.pdf")
        expect "full CPR printed on request in $(basename "$pdf")" grep -q "$cpr" "$tmp/text.txt"
        expect "…and not in its metadata" test -z "$(pdfinfo "$pdf" 2>/dev/null | grep -e 4321 -e "$born")" ;;
      *:tjekliste-*|*:netvaerkskort.pdf)
        expect "masked CPR in $(basename "$pdf")" grep -q "$born-XXXX" "$tmp/text.txt"
        expect "no full CPR in $(basename "$pdf") ($mode): $found" test -z "$found" ;;
      *)
        expect "no CPR in $(basename "$pdf") ($mode): $found" test -z "$found" ;;
    esac
    case "$pdf" in *"$born"*|*4321*) fail "CPR in a file name: $pdf";; *) ok;; esac
  done < <(find "$out" -name '*.pdf' | sort)
  expect "some PDFs were checked ($mode)" test "$n" -ge 2
  expect "no CPR on stdout/stderr ($mode)" test -z "$(leaks "$tmp/stdout")$(leaks "$tmp/stderr")"
done

done

# A malformed CPR must not be echoed in the diagnostics either.
sed -i "s/cpr: \"$cpr\"/cpr: \"310299-4321\"/" "$tmp/case/sag.yaml"
"$SAMDOC" check "$tmp/case" --dato $DATO >"$tmp/stdout" 2>"$tmp/stderr"
expect "an impossible CPR date is an error" test $? -eq 1
expect "the diagnostic does not echo it" test -z "$(grep -F -e 310299 -e 4321 "$tmp/stderr")"
finish
