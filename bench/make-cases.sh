#!/usr/bin/env bash
# make-cases.sh N DIR — N generated case folders in DIR for the benchmark:
# copies of examples/sara-nielsen, each with its own sag.id (2099-0001 …)
# and a young person's name from a list of names in Latin script (Danish,
# Polish, Turkish, Vietnamese …), so every case renders every document
# (goal sheet, checklist, agenda, diploma) and no two write the same files.
set -eu
cd "$(dirname "$0")/.."
n=$1 dir=$2
names=("Sara Nielsen" "Łukasz Nowak" "Şahin Yılmaz" "Nguyễn Thị Lan" "Mikkel Jørgensen"
       "Amira Hassan" "Åse Ærtebjerg" "Oliver Østergård" "Zoë Müller" "Ştefan Popescu")
mkdir -p "$dir"
for i in $(seq 1 "$n"); do
  c=$(printf '%s/sag-%04d' "$dir" "$i")
  mkdir -p "$c"
  cp examples/sara-nielsen/*.yaml "$c/"
  name=${names[$(( (i - 1) % ${#names[@]} ))]}
  sed -i -e "s/^  id: \"2026-0147\"/  id: \"2099-$(printf '%04d' "$i")\"/" \
         -e "s/^  navn: Sara Nielsen$/  navn: $name/" "$c/sag.yaml"
done
