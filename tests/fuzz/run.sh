#!/usr/bin/env bash
# Runs the fuzz targets built by `make fuzz`: run.sh SECONDS
# Both targets run side by side for SECONDS each (libFuzzer's
# -max_total_time), from seeds built afresh (seeds.sh) plus whatever earlier
# runs found in build/fuzz/corpus/. A crash, leak, sanitizer report, timeout
# (10 s for one input) or out-of-memory is a finding: the input is saved as
# build/fuzz/<target>-crash-… (or -timeout-, -leak-, -oom-) and the run
# fails. Reproduce one with `build/fuzz/fuzz_pipeline FILE`; then add it as a
# regression test (tests/hostile/ or tests/bad/) and fix it.
# Prints per target the inputs run and the time, then "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
FUZZ=${FUZZ:-build/fuzz}
seeds=$(mktemp -d); trap 'rm -rf "$seeds"' EXIT
bash tests/fuzz/seeds.sh "$seeds/load" "$seeds/pipeline"
passed=0; failed=0
pids=()
for t in load pipeline; do
  mkdir -p "$FUZZ/corpus/$t"
  # new inputs go to the first folder; the seeds are read only
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$FUZZ/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 \
      -artifact_prefix="$FUZZ/$t-" "$FUZZ/corpus/$t" "$seeds/$t" \
      >"$FUZZ/$t.log" 2>&1 &
  pids+=($!)
done
i=0
for t in load pipeline; do
  wait "${pids[$i]}"; status=$?; i=$((i + 1))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$FUZZ/$t.log" | grep -o '[0-9]*$')
  took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$FUZZ/$t.log" | grep -o 'in [0-9]*' | grep -o '[0-9]*')
  cov=$(grep -o 'cov: [0-9]*' "$FUZZ/$t.log" | tail -n 1)
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "fuzz_$t: ${runs:-?} inputs in ${took:-?} s, ${cov:-cov: ?} edges, no findings"
  else
    failed=$((failed + 1))
    echo "FAIL fuzz_$t (exit $status): $(ls "$FUZZ/$t-"* 2>/dev/null | tr '\n' ' ')"
    grep -E 'ERROR|SUMMARY|runtime error|fuzz_pipeline:|Test unit written' "$FUZZ/$t.log" | head -n 20 | sed 's/^/    /'
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
