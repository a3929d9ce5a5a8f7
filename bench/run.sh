#!/usr/bin/env bash
# The benchmark (`make bench`): for each document type, one document in one
# process (N runs), and a batch of BATCH generated cases in one run with
# -j 1 and -j 2 (REPS runs each); the same for the floor — the same bytes
# written the same careful way with no rendering (bench/floor.c). Prints a
# table; asserts nothing (the targets are in bench/README.md). Figures:
# median [25th–75th percentile] wall-clock ms, CPU ms (user + system, all
# processes), peak resident memory of the largest process, bytes per PDF.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${N:-21}            # one-document runs per document type
BATCH=${BATCH:-1000}  # generated cases (= documents) per batch
REPS=${REPS:-3}       # batch runs per document type and -j
DATO=2026-11-23
SAMDOC=$BUILD/samdoc MEASURE=$BUILD/bench/measure FLOOR=$BUILD/bench/floor
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# document, its options, the file it writes for examples/sara-nielsen
docs=("maalskema|-d maalskema -m 2|maalskema-moede-2.pdf"
      "tjekliste|-d tjekliste -m 2|tjekliste-moede-2.pdf"
      "dagsorden|-d dagsorden|dagsorden-moede-5.pdf"
      "diplom|-d diplom|diplom.pdf")

bash bench/make-cases.sh "$BATCH" "$tmp/cases"
# shellcheck disable=SC2206
fields() { f=($1); }   # measure's line: wall med p25 p75, cpu med p25 p75, rss
fmt() { printf '%.1f [%.1f–%.1f]' "$1" "$2" "$3"; }
fmt2() { printf '%.2f [%.2f–%.2f]' "$1" "$2" "$3"; }
per_doc() { awk -v n="$BATCH" '{ printf "%.3f %.3f %.3f %.3f %.3f %.3f %d", $1/n, $2/n, $3/n, $4/n, $5/n, $6/n, $7 }' <<<"$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }

echo "samdoc $($SAMDOC --version | cut -d' ' -f2), $(nproc) cores, $(date -u +%Y-%m-%d); one document: $N runs; batch: $BATCH documents, $REPS runs"
echo "wall-clock ms: median [25th–75th percentile]; CPU = user + system of every process"
echo
printf '%-10s %-26s %-9s | %-26s %-9s | %-26s %-9s | %-13s | %s\n' "document" \
  "one document: wall" "cpu" "batch -j 1: wall/doc" "cpu/doc" "batch -j 2: wall/doc" \
  "cpu/doc" "peak RSS KB" "bytes/doc"
for d in "${docs[@]}"; do
  IFS='|' read -r name opts file <<<"$d"
  # shellcheck disable=SC2086
  one=$($MEASURE "$N" "$SAMDOC" render examples/sara-nielsen $opts -o "$tmp/one" --dato $DATO)
  pdf="$tmp/one/2026-0147/$file"
  bytes=$(stat -c %s "$pdf")
  # shellcheck disable=SC2086
  j1=$(per_doc "$($MEASURE "$REPS" "$SAMDOC" render "$tmp/cases" $opts -o "$tmp/b1" --dato $DATO -j 1)")
  # shellcheck disable=SC2086
  j2=$(per_doc "$($MEASURE "$REPS" "$SAMDOC" render "$tmp/cases" $opts -o "$tmp/b2" --dato $DATO -j 2)")
  total=$(find "$tmp/b1" -name "$file" -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%d", s / n }')
  # the floor: the same bytes, one document per process, then the batch's in one
  fone=$($MEASURE "$N" "$FLOOR" "$tmp/f1" "$pdf")
  mapfile -t batch_pdfs < <(find "$tmp/b1" -name "$file" | sort)
  fbatch=$(per_doc "$($MEASURE "$REPS" "$FLOOR" "$tmp/fb" "${batch_pdfs[@]}")")

  fields "$one"; o=("${f[@]}")
  fields "$j1"; a=("${f[@]}")
  fields "$j2"; b=("${f[@]}")
  fields "$fone"; fo=("${f[@]}")
  fields "$fbatch"; fb=("${f[@]}")
  printf '%-10s %-26s %-9s | %-26s %-9s | %-26s %-9s | %-13s | %s\n' "$name" \
    "$(fmt "${o[0]}" "${o[1]}" "${o[2]}")" "$(printf '%.1f' "${o[3]}")" \
    "$(fmt2 "${a[0]}" "${a[1]}" "${a[2]}")" "$(printf '%.2f' "${a[3]}")" \
    "$(fmt2 "${b[0]}" "${b[1]}" "${b[2]}")" "$(printf '%.2f' "${b[3]}")" \
    "${o[6]} / ${b[6]}" "$bytes (batch $total)"
  printf '%-10s %-26s %-9s | %-26s %-9s | %-26s %-9s | %-13s |\n' "  floor" \
    "$(fmt "${fo[0]}" "${fo[1]}" "${fo[2]}")" "$(printf '%.1f' "${fo[3]}")" \
    "$(fmt2 "${fb[0]}" "${fb[1]}" "${fb[2]}")" "$(printf '%.2f' "${fb[3]}")" \
    "" "" "${fo[6]} / ${fb[6]}"
  printf '%-10s %-26s %-9s | %-26s %-9s | %-26s %-9s |\n' "  ratio" \
    "$(ratio "${o[0]}" "${fo[0]}")" "$(ratio "${o[3]}" "${fo[3]}")" \
    "$(ratio "${a[0]}" "${fb[0]}")" "$(ratio "${a[3]}" "${fb[3]}")" \
    "$(ratio "${b[0]}" "${fb[0]}")" "$(ratio "${b[3]}" "${fb[3]}")"
  rm -rf "$tmp/b1" "$tmp/b2" "$tmp/fb" "$tmp/f1"
done
