#!/usr/bin/env bash
# Builds the fuzz seeds from the repository at run time (nothing binary is
# committed): seeds.sh LOAD_DIR PIPELINE_DIR
#   LOAD_DIR      every record file of examples/, tests/bad/, tests/cases/ and
#                 tests/hostile/ (the small committed inputs), one file each
#   PIPELINE_DIR  every such case folder as one input for fuzz_pipeline: its
#                 sag.yaml, then each moede-*.yaml after a line "#@moede" and
#                 diplom.yaml after "#@diplom" (see fuzz_pipeline.c)
set -euo pipefail
cd "$(dirname "$0")/../.."
load=$1 pipeline=$2
mkdir -p "$load" "$pipeline"
n=0
while IFS= read -r f; do
  n=$((n + 1))
  cp "$f" "$load/seed-$n-$(basename "$f")"
done < <(find examples tests/bad tests/cases tests/hostile -name '*.yaml' -size -1024k 2>/dev/null | sort)
n=0
while IFS= read -r sag; do
  dir=$(dirname "$sag")
  n=$((n + 1))
  out="$pipeline/seed-$n-$(basename "$dir")"
  cat "$sag" >"$out"
  for m in "$dir"/moede*.yaml; do
    [ -f "$m" ] || continue
    printf '\n#@moede\n' >>"$out"; cat "$m" >>"$out"
  done
  if [ -f "$dir/diplom.yaml" ]; then
    printf '\n#@diplom\n' >>"$out"; cat "$dir/diplom.yaml" >>"$out"
  fi
done < <(find examples tests/bad tests/cases tests/hostile -name sag.yaml -size -1024k 2>/dev/null | sort)
