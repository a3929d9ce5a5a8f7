#!/usr/bin/env bash
# Faults of the machine, each with its outcome: a clear Danish message, exit
# 2 (environment) or 1 (input), no partial file, and an existing PDF from an
# earlier run untouched.
#   - output folder missing (created, 0700), a file in its place, read-only
#   - a full disk: a file-size limit (ulimit -f; SIGXFSZ), and ENOSPC from
#     write() or fsync() injected with strace
#   - a font, template, schema or rule file missing, truncated or damaged
#     (SAMDOC_DATA pointing at a copy of the data folder)
#   - a record that vanishes between listing and reading (strace makes its
#     open fail), a dangling link, a read error, a pipe, a folder, a case
#     folder that is gone or unreadable
# Read-only folders need a user the permissions apply to: as root the runs
# are made as nobody (setpriv). strace's fault injection needs ptrace; where
# it is refused those checks are skipped and said so.
source "$(dirname "$0")/lib.bash"

case_dir=$tmp/case
mkdir -p "$case_dir"
cp examples/sara-nielsen/*.yaml "$case_dir/"
chmod 755 "$tmp"          # nobody must reach the case and the output folders
chmod -R a+rX "$case_dir"

run() {   # run ARGS...: samdoc with ARGS; sets $status, output in $tmp/err
  timeout 300 "$SAMDOC" "$@" >"$tmp/stdout" 2>"$tmp/err"
  status=$?
}
says() {   # says WHAT TEXT: the diagnostics contain TEXT
  if grep -qF -- "$2" "$tmp/err"; then ok; else fail "$1: no \"$2\""; sed 's/^/    /' "$tmp/err" | head -5; fi
}
no_temp_files() { test -z "$(find "$1" -name '.samdoc-*' 2>/dev/null)"; }
as_user() {   # as_user CMD...: CMD as an unprivileged user (nobody when we are root)
  if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
  else "$@"; fi
}

# An earlier run's PDFs, to be left untouched by every failing run below
# (which uses another --dato, so a new PDF would differ in its bytes).
good=$tmp/good
"$SAMDOC" render "$case_dir" -o "$good" --dato "$DATO" >/dev/null 2>&1
cp -a "$good" "$tmp/good.before"
untouched() { diff -r "$tmp/good.before" "$good" >/dev/null && no_temp_files "$good"; }
LATER=2026-11-24

# ---- the output folder ----
run render "$case_dir" -o "$tmp/new/a/b" --dato "$DATO"
expect "missing output folder: created (exit $status)" test "$status" -eq 0
expect "…with every document" test "$(find "$tmp/new/a/b/2026-0147" -name '*.pdf' | wc -l)" -ge 6
expect "…folders 0700" test "$(stat -c %a "$tmp/new/a/b/2026-0147")" = 700
expect "…files 0600" test -z "$(find "$tmp/new" -name '*.pdf' ! -perm 600)"

: >"$tmp/a-file"
run render "$case_dir" -o "$tmp/a-file" --dato "$DATO"
expect "output path is a file: exit 2 (got $status)" test "$status" -eq 2
says "output path is a file" "$tmp/a-file: fejl: Mappen kan ikke oprettes: en del af stien er en fil, ikke en mappe."

chmod -R a+rX "$good"
chmod 555 "$good/2026-0147"
status=$(as_user "$SAMDOC" render "$case_dir" -o "$good" --dato "$LATER" >/dev/null 2>"$tmp/err"; echo $?)
expect "read-only output folder: exit 2 (got $status)" test "$status" -eq 2
says "read-only output folder" "fejl: Mappen kan ikke skrives: ingen adgang (tjek rettighederne)."
expect "…the earlier PDFs untouched" untouched
chmod 755 "$good/2026-0147"
mkdir -p "$tmp/ro"
chmod 555 "$tmp/ro"
status=$(as_user "$SAMDOC" render "$case_dir" -o "$tmp/ro/out" --dato "$LATER" >/dev/null 2>"$tmp/err"; echo $?)
expect "output folder cannot be made: exit 2 (got $status)" test "$status" -eq 2
says "output folder cannot be made" "$tmp/ro/out: fejl: Mappen kan ikke oprettes: ingen adgang (tjek rettighederne)."
chmod 755 "$tmp/ro"

# ---- a full disk ----
# 10 KiB: no PDF fits. Without SIGXFSZ ignored, the kernel killed samdoc
# (exit 153) and a half-written .samdoc-* file stayed.
status=$( (ulimit -f 10; "$SAMDOC" render "$case_dir" -o "$good" --dato "$LATER" >/dev/null 2>"$tmp/err"); echo $?)
expect "file-size limit: exit 2, not a signal (got $status)" test "$status" -eq 2
says "file-size limit" "fejl: PDF-filen kan ikke skrives: filen bliver større, end systemet tillader."
expect "…the earlier PDFs untouched, no temporary file" untouched
# A limit the smallest PDF fits under but not the biggest: the ones that
# were written are not put in place either.
sizes=$(find "$good" -name '*.pdf' -printf '%s\n' | sort -n)
limit=$(( ($(head -n 1 <<<"$sizes") + $(tail -n 1 <<<"$sizes")) / 2 / 1024 ))
status=$( (ulimit -f "$limit"; "$SAMDOC" render "$case_dir" -o "$good" --dato "$LATER" >/dev/null 2>"$tmp/err"); echo $?)
expect "file-size limit half-way: exit 2 (got $status)" test "$status" -eq 2
expect "…no PDF replaced, not even those that fitted" untouched

if strace -f -qq -o /dev/null true 2>/dev/null; then
  inject() {   # inject STRACE-ARGS -- SAMDOC-ARGS: run samdoc under strace's fault injection
    local args=()
    while [ "$1" != -- ]; do args+=("$1"); shift; done; shift
    # LeakSanitizer cannot run under ptrace: off for these runs of an ASan build
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
      timeout 300 strace -f -qq -o /dev/null "${args[@]}" "$SAMDOC" "$@" >"$tmp/stdout" 2>"$tmp/err"
    status=$?
  }
  inject -e trace=write -e inject=write:error=ENOSPC:when=3 -- render "$case_dir" -o "$good" --dato "$LATER"
  expect "disk full (ENOSPC from the third write): exit 2 (got $status)" test "$status" -eq 2
  says "disk full" "fejl: PDF-filen kan ikke skrives: der er ikke mere plads på drevet."
  expect "…the earlier PDFs untouched" untouched
  inject -e trace=fsync -e inject=fsync:error=ENOSPC:when=5 -- render "$case_dir" -o "$good" --dato "$LATER"
  expect "disk full at fsync: exit 2 (got $status)" test "$status" -eq 2
  expect "…the earlier PDFs untouched" untouched

  # a record deleted after the folder was listed: its open fails
  inject -P "$case_dir/moede-2.yaml" -e trace=openat -e inject=openat:error=ENOENT -- \
    render "$case_dir" -o "$good" --dato "$LATER"
  expect "record gone between listing and reading: exit 2 (got $status)" test "$status" -eq 2
  says "record gone" "$case_dir/moede-2.yaml: fejl: Filen kan ikke læses: den findes ikke."
  expect "…nothing written" untouched
  inject -P "$case_dir/moede-2.yaml" -e trace=read -e inject=read:error=EIO -- \
    check "$case_dir" --dato "$DATO"
  expect "read error in a record: exit 2 (got $status)" test "$status" -eq 2
  says "read error in a record" "$case_dir/moede-2.yaml: fejl: Filen kan ikke læses: læse- eller skrivefejl på drevet."
else
  echo "SKIP: strace cannot trace here (ptrace refused): ENOSPC, EIO and a vanishing record not injected"
fi

# ---- the data folder: fonts, templates, schemas, rules ----
data() {   # data: a fresh copy of the data folder in $tmp/data
  rm -rf "$tmp/data"; mkdir -p "$tmp/data"; cp -r templates schemas fonts "$tmp/data/"
}
with_data() { SAMDOC_DATA=$tmp/data run "$@"; }
broken_data() {   # broken_data WHAT TEXT: a render with $tmp/data fails with exit 2 and TEXT
  with_data render "$case_dir" -o "$good" --dato "$LATER"
  expect "$1: exit 2 (got $status)" test "$status" -eq 2
  says "$1" "$2"
  expect "$1: nothing written" untouched
}
data; rm "$tmp/data/fonts/SamdocSans-Bold.ttf"
broken_data "font missing" "$tmp/data/fonts/SamdocSans-Bold.ttf: fejl: skrifttypen kan ikke læses: den findes ikke"
data; head -c 4096 fonts/SamdocSans.ttf >"$tmp/data/fonts/SamdocSans.ttf"
broken_data "font truncated" "$tmp/data/fonts/SamdocSans.ttf: fejl: skrifttypen er beskadiget: tabellen"
data; size=$(stat -c %s "$tmp/data/fonts/SamdocSans.ttf")
printf 'XXXX' | dd of="$tmp/data/fonts/SamdocSans.ttf" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
broken_data "font damaged inside" "$tmp/data/fonts/SamdocSans.ttf: fejl: skrifttypen er beskadiget: tabellen"
data; echo "ikke en skrifttype" >"$tmp/data/fonts/SamdocSerif.ttf"
broken_data "no font at all" "$tmp/data/fonts/SamdocSerif.ttf: fejl: filen er ikke en TrueType-skrifttype"
data; rm "$tmp/data/templates/maalskema.xml"
broken_data "template missing" "$tmp/data/templates/maalskema.xml: fejl: Skabelonen kan ikke læses: den findes ikke."
data; head -c 2000 templates/maalskema.xml >"$tmp/data/templates/maalskema.xml"
broken_data "template truncated" "$tmp/data/templates/maalskema.xml:"
says "template truncated" "fejl: Skabelonen er ikke gyldig XML"
data; rm "$tmp/data/templates/template.xsd"
broken_data "template schema missing" "$tmp/data/templates/template.xsd: fejl: Skabelonskemaet kan ikke læses: den findes ikke."
expect "…and no English from libxml2" test -z "$(grep -v -e ': fejl: ' -e ': advarsel: ' "$tmp/err")"
data; rm "$tmp/data/schemas/moede.xsd"
broken_data "record schema missing" "$tmp/data/schemas/moede.xsd: fejl: Skemaet mangler."
data; head -c 500 schemas/rules/maalskema.xml >"$tmp/data/schemas/rules/maalskema.xml"
broken_data "rule file truncated" "$tmp/data/schemas/rules/maalskema.xml:"
SAMDOC_DATA=$tmp/nowhere run check "$case_dir" --dato "$DATO"
expect "no data folder: exit 2 (got $status)" test "$status" -eq 2
says "no data folder" "$tmp/nowhere/fonts/SamdocSans.ttf: fejl: skrifttypen kan ikke læses: den findes ikke"

# ---- records that cannot be read ----
bad=$tmp/bad
reset_bad() { rm -rf "$bad"; mkdir -p "$bad"; cp "$case_dir"/*.yaml "$bad/"; chmod -R a+rX "$bad"; }
reset_bad; rm "$bad/moede-3.yaml"; ln -s "$bad/gone.yaml" "$bad/moede-3.yaml"
run render "$bad" -o "$good" --dato "$LATER"
expect "dangling link: exit 2 (got $status)" test "$status" -eq 2
says "dangling link" "$bad/moede-3.yaml: fejl: Filen kan ikke læses: den findes ikke."
expect "…nothing written" untouched
reset_bad; chmod 000 "$bad/moede-3.yaml"
status=$(as_user "$SAMDOC" check "$bad" --dato "$DATO" >/dev/null 2>"$tmp/err"; echo $?)
expect "unreadable record: exit 2 (got $status)" test "$status" -eq 2
says "unreadable record" "$bad/moede-3.yaml: fejl: Filen kan ikke læses: ingen adgang (tjek rettighederne)."
reset_bad; rm "$bad/moede-3.yaml"; mkfifo "$bad/moede-3.yaml"
run check "$bad" --dato "$DATO"
expect "a pipe for a record, nobody writing: exit 2 at once (got $status)" test "$status" -eq 2
says "a pipe" "$bad/moede-3.yaml: fejl: Filen kan ikke læses: det er ikke en almindelig fil (men fx en pipe eller en enhed)."
reset_bad; rm "$bad/moede-3.yaml"; mkdir "$bad/moede-3.yaml"
run check "$bad" --dato "$DATO"
expect "a folder for a record: exit 2 (got $status)" test "$status" -eq 2
says "a folder for a record" "$bad/moede-3.yaml: fejl: Filen kan ikke læses: det er en mappe, ikke en fil."
run render "$tmp/gone" -o "$good" --dato "$LATER"
expect "case folder gone: exit 2 (got $status)" test "$status" -eq 2
says "case folder gone" "$tmp/gone: fejl: Sagsmappen findes ikke"
reset_bad; chmod 000 "$bad"
status=$(as_user "$SAMDOC" check "$bad" --dato "$DATO" >/dev/null 2>"$tmp/err"; echo $?)
expect "unreadable case folder: exit 2 (got $status)" test "$status" -eq 2
says "unreadable case folder" "$bad: fejl: Sagsmappen kan ikke læses: ingen adgang (tjek rettighederne)."
chmod 755 "$bad"
expect "after all of it: the earlier PDFs untouched" untouched
finish
