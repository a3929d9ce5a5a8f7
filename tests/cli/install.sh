#!/usr/bin/env bash
# Installed like a real tool. The manual is lint-clean and names every
# command, option and document; `make install DESTDIR=…` lays out the program,
# its data and the manual, and `make uninstall` removes exactly that; the
# Debian package (`make deb`) has the right contents and dependencies. Both
# the installed program and the package's render both examples to the same
# bytes as the build under test. The package is installed for real with apt
# when SAMDOC_APT_TEST=1 and we are root (CI: a fresh machine), else unpacked
# with dpkg -x into a fresh prefix.
source "$(dirname "$0")/lib.bash"

MAN=docs/samdoc.1

# ---- the manual ----
expect "mandoc -T lint is silent" test -z "$(mandoc -T lint "$MAN" 2>&1)"
if command -v groff >/dev/null; then
  expect "groff -man -ww is silent" test -z "$(groff -man -ww -K utf8 -T utf8 -z "$MAN" 2>&1)"
fi
expect "--help points to the manual" grep -q "man samdoc" <("$SAMDOC" --help)
# what the page must name, as it stands in it (with roff's \- for a dash)
for word in check render watch report new '\-o' '\-\-out' '\-d' '\-\-document' '\-m' \
            '\-\-meeting' '\-\-blank' '\-\-cpr full' '\-\-dato' '\-\-pdfa' '\-j' '\-\-jobs' \
            SAMDOC_DATA AFSLUTNINGSSTATUS EKSEMPLER netvaerkskort netvaerksoverblik forloeb \
            '\-moede\-' '/blank/'; do
  expect "the manual names $word" grep -qF -- "$word" "$MAN"
done
# every document the program knows (it lists them when asked for an unknown one)
known=$("$SAMDOC" render examples/sara-nielsen -d nope -o "$tmp/x" 2>&1 | sed -n 's/.*Kendte dokumenter: \(.*\)\./\1/p')
expect "the program lists its documents" test -n "$known"
for d in ${known//,/}; do
  expect "the manual describes $d" grep -qx ".B $d" "$MAN"
done

# ---- the reference: the build under test ----
cases=(examples/sara-nielsen examples/emil-soerensen)
"$SAMDOC" render "${cases[@]}" -o "$tmp/ref" --dato $DATO >/dev/null 2>&1
nref=$(find "$tmp/ref" -name '*.pdf' | wc -l)
expect "reference PDFs" test "$nref" -ge 7

same_as_ref() {   # same_as_ref WHAT DIR: DIR holds exactly the reference PDFs, byte for byte
  local what=$1 dir=$2 f
  expect "$what: as many PDFs" test "$(find "$dir" -name '*.pdf' | wc -l)" = "$nref"
  while IFS= read -r f; do
    expect "$what: ${f#"$tmp/ref/"} identical" cmp -s "$f" "$dir/${f#"$tmp/ref/"}"
  done < <(find "$tmp/ref" -name '*.pdf' | sort)
}

# ---- make install / make uninstall ----
stage=$tmp/stage
if make -s --no-print-directory install DESTDIR="$stage" PREFIX=/usr/local >"$tmp/make.log" 2>&1; then ok
else fail "make install"; tail -n 20 "$tmp/make.log"; fi
share=$stage/usr/local/share/samdoc
expect "binary installed" test -x "$stage/usr/local/bin/samdoc"
expect "manual installed" test -f "$stage/usr/local/share/man/man1/samdoc.1"
for f in templates/maalskema.xml templates/roller.xml templates/template.xsd schemas/sag.xsd \
         schemas/rules/moede.xml fonts/DejaVuSans.ttf fonts/DejaVuSerif-Bold.ttf \
         fonts/LICENSE-DejaVu.txt; do
  expect "installed: $f" cmp -s "$f" "$share/$f"
done
expect "the data folder compiled in is the prefix's" \
  grep -qx /usr/local/share/samdoc <(strings -a "$stage/usr/local/bin/samdoc")
if [ ! -e /usr/local/share/samdoc ]; then
  env -u SAMDOC_DATA "$stage/usr/local/bin/samdoc" check "${cases[0]}" >/dev/null 2>"$tmp/stderr"
  expect "…and without SAMDOC_DATA it looks there, not in the source tree: exit 2" test $? = 2
  expect "…naming the folder" grep -q "^/usr/local/share/samdoc/schemas: fejl" "$tmp/stderr"
fi
# run from elsewhere, with the staged data (the compiled-in folder is not there yet)
abs=("${cases[@]/#/$PWD/}")
(cd / && SAMDOC_DATA=$share "$stage/usr/local/bin/samdoc" render "${abs[@]}" \
   -o "$tmp/staged" --dato $DATO >/dev/null 2>&1)
expect "the installed program renders" test $? = 0
same_as_ref "make install" "$tmp/staged"

touch "$share/templates/assets/logo.png"   # a municipality's own file
make -s --no-print-directory uninstall DESTDIR="$stage" PREFIX=/usr/local >"$tmp/make.log" 2>&1
expect "make uninstall" test $? = 0
expect "uninstall leaves only what was not installed" \
  test "$(find "$stage" -type f)" = "$share/templates/assets/logo.png"
rm "$share/templates/assets/logo.png"
make -s --no-print-directory install DESTDIR="$stage" PREFIX=/usr/local >/dev/null 2>&1
make -s --no-print-directory uninstall DESTDIR="$stage" PREFIX=/usr/local >/dev/null 2>&1
expect "install + uninstall leaves no file and no samdoc folder" \
  test -z "$(find "$stage" -type f -o -name samdoc)"

finish
