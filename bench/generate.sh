#!/bin/sh
# Times `apicc generate` on a synthetic spec of 2,000 endpoints and 500
# models: median wall time of several runs, and peak memory.
set -eu
BUILD=${BUILD:-build}
RUNS=${RUNS:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_spec.py 2000 500 >"$work/bench.yaml"
echo "generator: spec of $(wc -c <"$work/bench.yaml") bytes, 2000 endpoints, 500 models"
"$BUILD/apicc" generate --templates templates/c --out "$work/out" "$work/bench.yaml"
# hyperfine (Debian's package) when present: it subtracts its own shell
# start-up and reports the median; otherwise a plain loop of date stamps.
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --runs "$RUNS" --warmup 2 --shell=none \
        --prepare "rm -rf $work/out" --export-json "$work/h.json" \
        "$BUILD/apicc generate --templates templates/c --out $work/out $work/bench.yaml" \
        >/dev/null
    median=$(/usr/bin/python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["results"][0]["median"] * 1e6))' "$work/h.json")
    how="hyperfine, $RUNS runs"
else
    times=""
    i=0
    while [ $i -lt "$RUNS" ]; do
        rm -rf "$work/out"
        s=$(date +%s%N)
        "$BUILD/apicc" generate --templates templates/c --out "$work/out" "$work/bench.yaml"
        e=$(date +%s%N)
        times="$times $(( (e - s) / 1000 ))"
        i=$((i + 1))
    done
    median=$(printf '%s\n' $times | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    how="$RUNS runs"
fi
rm -rf "$work/out"
peak=$(/usr/bin/time -f %M "$BUILD/apicc" generate --templates templates/c --out "$work/out" "$work/bench.yaml" 2>&1 >/dev/null | tail -n 1)
out=$(cat "$work"/out/bench/* | wc -c)
echo "generator: median $(awk "BEGIN {printf \"%.1f\", $median/1000}") ms ($how), peak RSS ${peak} KiB, output $out bytes"
