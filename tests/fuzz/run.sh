#!/bin/bash
# Runs each fuzz target for SECONDS seconds on a copy of its seed corpus
# (tests/fuzz/corpus/<target without "fuzz_">, grown in build-fuzz/), and
# prints "fuzz_x: N execs, N crashes" per target.  Crash inputs land in
# build-fuzz/crashes/; the exit status is 1 when any target crashed.
# Usage: tests/fuzz/run.sh SECONDS BINARY...
set -u
secs=$1
shift
root=build-fuzz
mkdir -p "$root/crashes"
total_crashes=0
for bin in "$@"; do
    name=$(basename "$bin")
    seeds="tests/fuzz/corpus/${name#fuzz_}"
    corpus="$root/corpus/$name"
    mkdir -p "$corpus"
    [ -d "$seeds" ] && cp -n "$seeds"/* "$corpus"/ 2>/dev/null
    log="$root/$name.log"
    before=$(ls "$root/crashes" | grep -c "^$name-" || true)
    timeout -k 10 $((secs + 60)) "$bin" -max_total_time="$secs" \
        -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$root/crashes/$name-" "$corpus" >"$log" 2>&1
    rc=$?
    after=$(ls "$root/crashes" | grep -c "^$name-" || true)
    crashes=$((after - before))
    [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    echo "$name: ${execs:-0} execs, $crashes crashes"
    if [ "$crashes" -gt 0 ]; then
        grep -E "ERROR|SUMMARY|==[0-9]+==" "$log" | head -5 | sed 's/^/    /'
    fi
    total_crashes=$((total_crashes + crashes))
done
[ "$total_crashes" -eq 0 ]
