#!/usr/bin/env bash
# Writes the hostile case folders into OUT: make-cases.sh OUT [NAME...]
# Each is the Sara example (examples/sara-nielsen) with one thing made
# hostile; the big ones are generated here, not committed. Without NAMEs,
# every case. Needs only bash, awk, sed, head and tr (and printf for bytes).
# The expected outcome of each is in run.sh; the list is in README.md.
set -euo pipefail
export LC_ALL=C   # bytes are bytes: sed and awk must not decode UTF-8
cd "$(dirname "$0")/../.."
out=$1; shift
src=examples/sara-nielsen
all=(alias-bomb nesting-flow nesting-map nesting-block nesting-indent keys-1mib keys-too-big
     keys-same scalar-resume scalar-person scalar-name scalar-kaldenavn scalar-kommune delmaal-2000
     netvaerk-300 control-raw control-nul control-escape control-c1 bidi-rlo bidi-escaped
     bidi-isolate-in-list invisible-zwsp emoji emoji-escaped no-font invalid-utf8 utf16 bom
     crlf cr-only line-separator garbage empty)
[ $# -gt 0 ] || set -- "${all[@]}"

base() {   # base NAME: a copy of the example in OUT/NAME
  rm -rf "${out:?}/$1"; mkdir -p "$out/$1"; cp "$src"/*.yaml "$out/$1/"
}
# rep STRING COUNT: STRING repeated COUNT times, no newline
rep() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
# in_name NAME BYTES: the young person's name (sag.yaml, ung.navn) becomes
# "Sara<BYTES>Nielsen"; BYTES in printf's octal escapes (no NUL: see control-nul)
in_name() { sed -i "s/^  navn: Sara Nielsen\$/  navn: Sara$(printf "$2")Nielsen/" "$out/$1/sag.yaml"; }

for name in "$@"; do
  case $name in
    alias-bomb)   # the billion laughs: nine levels of nine aliases each
      base "$name"
      { echo 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]'
        prev=a
        for l in b c d e f g h i; do
          printf '%s: &%s [' "$l" "$l"
          for k in 1 2 3 4 5 6 7 8; do printf '*%s, ' "$prev"; done
          printf '*%s]\n' "$prev"; prev=$l
        done; } >"$out/$name/moede-9.yaml" ;;
    nesting-flow)   # 10 000 open flow sequences
      base "$name"; { printf 'moede: '; rep '[' 10000; rep ']' 10000; echo; } >"$out/$name/moede-9.yaml" ;;
    nesting-map)    # 10 000 nested flow mappings
      base "$name"; { printf 'moede: '; rep '{a: ' 10000; rep '}' 10000; echo; } >"$out/$name/moede-9.yaml" ;;
    nesting-block)  # 10 000 block sequences on one line: "- - - - … x"
      base "$name"; { echo 'moede:'; rep '- ' 10000; echo x; } >"$out/$name/moede-9.yaml" ;;
    nesting-indent) # 1 000 block mappings, each indented one more space
      base "$name"
      awk 'BEGIN { print "moede:"; for (i = 1; i <= 1000; i++) { for (j = 0; j < i; j++) printf " "; print "k:" } }' \
        >"$out/$name/moede-9.yaml" ;;
    keys-1mib)      # 1 MiB less one byte of distinct unknown keys
      base "$name"
      awk 'BEGIN { print "moede:"; n = 7
                   for (i = 0; ; i++) { l = sprintf("  felt%06d: x", i); if (n + length(l) + 1 > 1048575) break
                                        print l; n += length(l) + 1 } }' >"$out/$name/moede-9.yaml" ;;
    keys-too-big)   # one byte over the cap
      base "$name"
      awk 'BEGIN { print "moede:"; n = 7
                   for (i = 0; n < 1048577; i++) { l = sprintf("  felt%06d: x\n", i)
                     if (n + length(l) > 1048577) l = substr(l, 1, 1048577 - n)
                     printf "%s", l; n += length(l) } }' >"$out/$name/moede-9.yaml" ;;
    keys-same)      # 1 MiB of the same key: duplicates
      base "$name"
      awk 'BEGIN { print "moede:"; for (i = 0; i < 130000; i++) print "  nr: 1" }' >"$out/$name/moede-9.yaml" ;;
    scalar-resume)  # a 100 000-character summary of words (the goal sheet of meeting 4)
      base "$name"
      words=$(rep 'ord ' 25000)
      awk -v w="${words% }" '/^  resume: \|$/ { print "  resume: \"" w "\""; skip = 1; next }
                             skip && /^    / { next } { skip = 0; print }' \
        "$src/moede-4.yaml" >"$out/$name/moede-4.yaml" ;;
    scalar-person)  # a person on the card named by 100 000 x's
      base "$name"; sed -i "s/navn: Hanne Lund,/navn: \"$(rep x 100000)\",/" "$out/$name/sag.yaml" ;;
    scalar-name)    # the young person's name: 100 000 x's
      base "$name"; sed -i "s/^  navn: Sara Nielsen\$/  navn: \"$(rep x 100000)\"/" "$out/$name/sag.yaml" ;;
    scalar-kaldenavn)  # the name in the card's centre disc: 100 000 x's
      base "$name"; sed -i "s/^  kaldenavn: Sara\$/  kaldenavn: \"$(rep x 100000)\"/" "$out/$name/sag.yaml" ;;
    scalar-kommune)  # the municipality (the PDFs' author): 100 000 x's
      base "$name"; sed -i "s/^  kommune: Horsens Kommune\$/  kommune: \"$(rep x 100000)\"/" "$out/$name/sag.yaml" ;;
    delmaal-2000)   # meeting 1 alone, its first goal with 2 000 more delmål ($N_DELMAAL)
      rm -rf "${out:?}/$name"; mkdir -p "$out/$name"; cp "$src/sag.yaml" "$out/$name/"
      awk -v n="${N_DELMAAL:-2000}" '{ print }
        /^      delmaal:$/ && !done { done = 1
          for (i = 1; i <= n; i++)
            printf "        - id: g-%04d\n          dato: 2026-02-03\n          tekst: \"Delmål nr. %d: et lille skridt på vejen\"\n          handlinger:\n            - {tekst: \"Sara tager skridt nr. %d sammen med Hanne\", ansvarlig: [den-unge, hanne]}\n          opfoelgning: {dato: 2026-03-10, maade: moede}\n", i, i, i }' \
        "$src/moede-1.yaml" >"$out/$name/moede-1.yaml" ;;
    netvaerk-300)   # 288 more persons on the card: 300 in all ($N_PERSONS more)
      base "$name"
      awk -v n="${N_PERSONS:-288}" 'BEGIN { split("familie slaegt andre arbejde-skole fagpersoner", s, " ") }
        { print }
        /^  personer:$/ && !done { done = 1
          for (i = 1; i <= n; i++)
            printf "    - {id: p-%03d, navn: \"Person %03d Testesen\", rolle: privat, relation: \"bekendt nr. %d\", sektor: %s, naerhed: %d}\n", i, i, i, s[i % 5 + 1], i % 3 + 1 }' \
        "$src/sag.yaml" >"$out/$name/sag.yaml" ;;
    control-raw)    base "$name"; in_name "$name" '\001' ;;
    control-nul)    # a NUL byte (the shell cannot hold one in a string; awk can print it)
      base "$name"
      awk '$0 == "  navn: Sara Nielsen" { printf "  navn: Sara%cNielsen\n", 0; next } { print }' \
        "$src/sag.yaml" >"$out/$name/sag.yaml" ;;
    control-escape) base "$name"; sed -i 's/^  navn: Sara Nielsen$/  navn: "Sara\\x01Nielsen"/' "$out/$name/sag.yaml" ;;
    control-c1)     base "$name"; sed -i 's/^  navn: Sara Nielsen$/  navn: "Sara\\x85Nielsen"/' "$out/$name/sag.yaml" ;;
    bidi-rlo)       base "$name"; in_name "$name" ' \342\200\256' ;;        # U+202E
    bidi-escaped)   base "$name"; sed -i 's/^  navn: Sara Nielsen$/  navn: "Sara \\u202ENielsen"/' "$out/$name/sag.yaml" ;;
    bidi-isolate-in-list)   # U+2066 … U+2069 around the second topic of meeting 5
      base "$name"
      awk '/^  emner:$/ { list = 1 } list && /^    - "/ { k++ }
           k == 2 && !done { sub(/- "/, "- \"\342\201\246"); sub(/"$/, "\342\201\251\""); done = 1 } { print }' \
        "$src/moede-5.yaml" >"$out/$name/moede-5.yaml" ;;
    invisible-zwsp) base "$name"; in_name "$name" '\342\200\213' ;;          # U+200B
    emoji)          base "$name"; in_name "$name" ' \360\237\230\200 ' ;;    # U+1F600
    emoji-escaped)  base "$name"; sed -i 's/^  navn: Sara Nielsen$/  navn: "Sara \\U0001F600 Nielsen"/' "$out/$name/sag.yaml" ;;
    no-font)        base "$name"; in_name "$name" ' \346\274\242\345\255\227 ' ;;   # 漢字: no font here has them
    invalid-utf8)   base "$name"; in_name "$name" ' \303\050 ' ;;
    utf16)          base "$name"; printf '\377\376m\000o\000e\000d\000e\000:\000\n\000' >"$out/$name/moede-9.yaml" ;;
    bom)            base "$name"; for f in "$out/$name"/*.yaml; do { printf '\357\273\277'; cat "$f"; } >"$f.new"; mv "$f.new" "$f"; done ;;
    crlf)           base "$name"; sed -i 's/$/\r/' "$out/$name"/*.yaml ;;
    cr-only)        base "$name"; for f in "$out/$name"/*.yaml; do tr '\n' '\r' <"$f" >"$f.new"; mv "$f.new" "$f"; done ;;
    line-separator) base "$name"; in_name "$name" '\342\200\250' ;;          # U+2028
    garbage)        # 64 KiB of pseudo-random bytes (the same every time)
      base "$name"
      awk 'BEGIN { srand(8); for (i = 0; i < 65536; i++) printf "%c", int(rand() * 256) }' \
        >"$out/$name/moede-9.yaml" ;;
    empty)          base "$name"; : >"$out/$name/moede-9.yaml" ;;
    *) echo "make-cases.sh: no case $name" >&2; exit 2 ;;
  esac
done
