#!/bin/bash
# Server-sent events: how many small JSON events per second a stream
# delivers to a typed callback, and the client CPU per event, over one
# loopback HTTP connection from bench/sse_server.js (Node):
#   (a) apicc: the generated client of bench/sse.yaml with a typed
#       callback (chunked decoding, the WHATWG event parser, JSON
#       parsing, reading each event into the Trade model, the call)
#       (bench/sse_bench.c)
#   (r) the reference: Node's http client splitting the stream into
#       events and parsing each with JSON.parse (bench/sse_ref_client.js)
# Rounds interleave a and r; each figure is the median of RUNS rounds.
#
# Environment: RUNS (default 5), N (events per run, 500000), BUILD.
# Without node the benchmark says so and is skipped.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${RUNS:-5}
N=${N:-500000}
BENCH="$BUILD/bench/sse_bench"

if [ ! -x /usr/bin/time ] || ! command -v node >/dev/null; then
    echo "sse.sh: GNU time or node is missing; skipping"
    exit 0
fi
make --no-print-directory -s BUILD="$BUILD" "$BENCH"

dir=$(mktemp -d /tmp/apicc-sse-bench.XXXXXX)
node bench/sse_server.js >"$dir/port" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do
    grep -qs '^PORT ' "$dir/port" && break
    sleep 0.1
done
URL="http://127.0.0.1:$(sed -n 's/^PORT //p' "$dir/port")"

declare -A runs cpu
measure() {
    local key=$1 rate
    shift
    rate=$(timeout 300 /usr/bin/time -o "$dir/time" -f '%U %S %M' "$@")
    runs[$key]="${runs[$key]:-} $rate"
    cpu[$key]="${cpu[$key]:-} $(awk -v n="$N" '{ printf "%.2f", ($1 + $2) * 1e6 / n }' "$dir/time")"
    rss[$key]=$(awk '{ print $3 }' "$dir/time")
}
declare -A rss
for r in $(seq 1 "$RUNS"); do
    measure a "$BENCH" "$URL" "$N"
    measure r node bench/sse_ref_client.js "$URL" "$N"
    echo "round $r/$RUNS done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR]=$1} END { print v[int((NR + 1) / 2)] }'; }
med() { echo "${runs[$1]}" | median; }
medcpu() { echo "${cpu[$1]}" | median; }
all() { echo "${runs[$1]}" | tr -s ' ' | sed 's/^ //; s/ / \/ /g'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }

echo
echo "| client | events/s | CPU per event (µs, user + system, start-up included) | peak RSS (KiB) |"
echo "|---|---:|---:|---:|"
echo "| (a) apicc, typed callback | **$(med a)** ($(all a)) | $(medcpu a) | ${rss[a]} |"
echo "| (r) Node http + JSON.parse | **$(med r)** ($(all r)) | $(medcpu r) | ${rss[r]} |"
echo
echo "a/r events/s: $(ratio "$(med a)" "$(med r)"); r/a CPU per event: $(ratio "$(medcpu r)" "$(medcpu a)")"
echo "medians of $RUNS rounds of $N events each"
