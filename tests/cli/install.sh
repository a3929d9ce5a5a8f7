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
         schemas/rules/moede.xml fonts/SamdocSans.ttf fonts/SamdocSerif-Bold.ttf \
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

# ---- the Debian package ----
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
deb=build/samdoc_${version}_$(dpkg --print-architecture).deb
if make -s --no-print-directory deb >"$tmp/make.log" 2>&1; then ok
else fail "make deb"; tail -n 30 "$tmp/make.log"; fi
expect "$deb built" test -f "$deb"
expect "debian/changelog has the Makefile's version" \
  test "$(dpkg-parsechangelog -l debian/changelog -S Version)" = "$version"
expect "package version" test "$(dpkg-deb -f "$deb" Version)" = "$version"
expect "the manual's header names this version" grep -q "^\.TH SAMDOC 1 .* \"samdoc $version\"" "$MAN"
for lib in libc6 libhpdf-2.3.0 libxml2 libyaml-0-2; do
  expect "Depends names $lib (from shlibs)" grep -qE "(^|, )$lib( |,|$)" <(dpkg-deb -f "$deb" Depends)
done
dpkg-deb -c "$deb" | awk '{print $NF}' >"$tmp/contents"
for f in ./usr/bin/samdoc ./usr/share/man/man1/samdoc.1.gz ./usr/share/doc/samdoc/copyright \
         ./usr/share/samdoc/templates/maalskema.xml ./usr/share/samdoc/schemas/rules/moede.xml \
         ./usr/share/samdoc/fonts/SamdocSans.ttf ./usr/share/samdoc/fonts/LICENSE-DejaVu.txt; do
  expect "the package holds $f" grep -qx "$f" "$tmp/contents"
done
expect "the package installs under /usr only" test -z "$(grep -v '^\./usr/' "$tmp/contents" | grep -vx './')"
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/doc/samdoc/copyright >"$tmp/copyright"
expect "copyright carries the DejaVu licence" grep -q "License: bitstream-vera" "$tmp/copyright"

if [ "${SAMDOC_APT_TEST:-}" = 1 ] && [ "$(id -u)" = 0 ] && ! dpkg -s samdoc >/dev/null 2>&1; then
  # For real, as a municipality's IT would; removed again whatever happens.
  # (dpkg purges: apt's own removal costs seconds more and proves nothing more)
  trap 'dpkg --purge samdoc >/dev/null 2>&1; rm -rf "$tmp"' EXIT
  apt-get install -y -qq -o DPkg::Lock::Timeout=120 "./$deb" >"$tmp/apt.log" 2>&1
  expect "apt-get install ./$deb" test $? = 0 || tail -n 20 "$tmp/apt.log"
  expect "samdoc on the PATH is the package's" test "$(command -v samdoc)" = /usr/bin/samdoc
  (cd / && env -u SAMDOC_DATA samdoc render "${abs[@]}" -o "$tmp/apt" --dato $DATO >/dev/null 2>&1)
  expect "the installed package renders (its own data, from /)" test $? = 0
  same_as_ref "apt-installed package" "$tmp/apt"
  if command -v man >/dev/null; then
    expect "man samdoc finds the page" test "$(man -w samdoc 2>/dev/null)" = /usr/share/man/man1/samdoc.1.gz
  fi
  dpkg --purge samdoc >"$tmp/apt.log" 2>&1
  expect "dpkg --purge samdoc" test $? = 0
  expect "…leaves nothing behind" test ! -e /usr/bin/samdoc -a ! -e /usr/share/samdoc -a ! -e /usr/share/doc/samdoc
else
  root=$tmp/root
  dpkg -x "$deb" "$root"
  (cd / && SAMDOC_DATA=$root/usr/share/samdoc "$root/usr/bin/samdoc" render "${abs[@]}" \
     -o "$tmp/pkg" --dato $DATO >/dev/null 2>&1)
  expect "the unpacked package renders" test $? = 0
  same_as_ref "unpacked package" "$tmp/pkg"
fi

finish
