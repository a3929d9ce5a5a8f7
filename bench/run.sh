#!/usr/bin/env bash
# The benchmark (`make bench`): for each document type, one document in one
# process (N runs), and a batch of BATCH generated cases, one document each,
# with -j 1 and -j 2; the same for the floor — the same bytes written the
# same careful way with no rendering (bench/floor.c) — and the ratio. Prints
# a table; asserts nothing (bench/README.md has the targets and figures).
#
# One document: median [25th–75th percentile] of N runs, wall-clock and CPU
# (user + system) ms, by bench/measure.c (fork+exec, rusage).
# Batch: per document = the run's wall-clock (or CPU) time / BATCH; the
# spread is that of the cases inside the run, as samdoc timed them
# (SAMDOC_CASE_TIMES: the wall-clock and CPU ms of each case in its worker).
# Peak RSS: the largest process of a run, KB.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${N:-11}            # one-document runs per document type
BATCH=${BATCH:-1000}  # generated cases (= documents) per batch
DATO=2026-11-23
SAMDOC=$BUILD/samdoc MEASURE=$BUILD/bench/measure FLOOR=$BUILD/bench/floor
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# document, its options, the file it writes for examples/sara-nielsen
docs=("maalskema|-d maalskema -m 2|maalskema-moede-2.pdf"
      "tjekliste|-d tjekliste -m 2|tjekliste-moede-2.pdf"
      "dagsorden|-d dagsorden|dagsorden-moede-5.pdf"
      "diplom|-d diplom|diplom.pdf")

bash bench/make-cases.sh "$BATCH" "$tmp/cases"

# "median p25 p75" of column $1 of file $2
quartiles() {
  sort -n -k"$1","$1" "$2" | awk -v c="$1" '{ v[NR] = $c }
    function q(p,  x, i) { x = 1 + p * (NR - 1); i = int(x); return v[i] + (x - i) * (v[i + 1 < NR ? i + 1 : NR] - v[i]) }
    END { printf "%.2f %.2f %.2f", q(0.5), q(0.25), q(0.75) }'
}
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
row() { printf '  %-30s %-46s %-22s %s\n' "$@"; }

# batch NAME OPTS J: runs one batch; sets b_wall b_cpu (ms per document),
# b_case_wall b_case_cpu ("median p25 p75" per case) and b_rss
batch() {
  local out
  # shellcheck disable=SC2086
  out=$(SAMDOC_CASE_TIMES="$tmp/times" $MEASURE 1 "$SAMDOC" render "$tmp/cases" $2 -o "$tmp/b$3" --dato $DATO -j "$3")
  read -r w _ _ c _ _ b_rss <<<"$out"
  b_wall=$(div "$w" "$BATCH") b_cpu=$(div "$c" "$BATCH")
  b_case_wall=$(quartiles 1 "$tmp/times") b_case_cpu=$(quartiles 2 "$tmp/times")
}
q3() { read -r m a b <<<"$1"; printf '%.2f [%.2f-%.2f]' "$m" "$a" "$b"; }

echo "samdoc $($SAMDOC --version | cut -d' ' -f2) on $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "one document: $N runs, median [25th–75th percentile]; batch: $BATCH cases of one document each"
for d in "${docs[@]}"; do
  IFS='|' read -r name opts file <<<"$d"
  # shellcheck disable=SC2086
  read -r ow o25 o75 oc oc25 oc75 orss <<<"$($MEASURE "$N" "$SAMDOC" render examples/sara-nielsen $opts -o "$tmp/one" --dato $DATO)"
  pdf="$tmp/one/2026-0147/$file"
  bytes=$(stat -c %s "$pdf")
  batch "$name" "$opts" 1; j1=("$b_wall" "$b_cpu" "$b_case_wall" "$b_case_cpu" "$b_rss")
  batch "$name" "$opts" 2; j2=("$b_wall" "$b_cpu" "$b_case_wall" "$b_case_cpu" "$b_rss")
  avg=$(find "$tmp/b1" -name "$file" -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%d", s / n }')
  # the floor: these bytes one document per process, then the batch's in one process
  read -r fw f25 f75 fc fc25 fc75 frss <<<"$($MEASURE "$N" "$FLOOR" "$tmp/f1" "$pdf")"
  mapfile -t pdfs < <(find "$tmp/b1" -name "$file" | sort)
  read -r fbw _ _ fbc _ _ fbrss <<<"$($MEASURE 1 "$FLOOR" "$tmp/fb" "${pdfs[@]}")"
  fbw=$(div "$fbw" "$BATCH") fbc=$(div "$fbc" "$BATCH")

  echo
  echo "$name: $bytes bytes (the batch's: $avg bytes per document)"
  row "" "samdoc" "floor" "samdoc/floor"
  row "one document, wall ms" "$(q3 "$ow $o25 $o75")" "$(q3 "$fw $f25 $f75")" "$(ratio "$ow" "$fw")"
  row "one document, CPU ms" "$(q3 "$oc $oc25 $oc75")" "$(q3 "$fc $fc25 $fc75")" "$(ratio "$oc" "$fc")"
  row "batch -j 1, wall ms/document" "${j1[0]}  (a case: $(q3 "${j1[2]}"))" "$fbw" "$(ratio "${j1[0]}" "$fbw")"
  row "batch -j 1, CPU ms/document" "${j1[1]}  (a case: $(q3 "${j1[3]}"))" "$fbc" "$(ratio "${j1[1]}" "$fbc")"
  row "batch -j 2, wall ms/document" "${j2[0]}  (a case: $(q3 "${j2[2]}"))" "$fbw" "$(ratio "${j2[0]}" "$fbw")"
  row "batch -j 2, CPU ms/document" "${j2[1]}  (a case: $(q3 "${j2[3]}"))" "$fbc" "$(ratio "${j2[1]}" "$fbc")"
  row "peak RSS KB: one / -j 1 / -j 2" "$orss / ${j1[4]} / ${j2[4]}" "$frss / $fbrss" ""
  rm -rf "$tmp/b1" "$tmp/b2" "$tmp/fb" "$tmp/f1" "$tmp/one"
done
