#!/bin/bash
# WebSocket events: how many small JSON events per second a subscription
# delivers to a typed handler, and the client CPU per event, over one
# loopback connection from bench/events_server.js (Node, with the framing
# written by hand so the server outruns the clients):
#   (a) apicc: the generated client of bench/events.yaml with a typed
#       handler (frame decoding, JSON parsing, recognising the event,
#       reading it into the Trade model, the call) (bench/events_bench.c)
#   (r) the reference: Node's `ws` client parsing each event with
#       JSON.parse and checking it (bench/events_ref_client.js)
# Rounds interleave a and r; each figure is the median of RUNS rounds.
#
# Environment: RUNS (default 5), N (events per run, 500000), BUILD.
# Node and the npm package `ws` are needed: `ws` is fetched once into
# ${XDG_CACHE_HOME:-$HOME/.cache}/apicc-bench; without node or npm the
# benchmark says so and is skipped.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${RUNS:-5}
N=${N:-500000}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/apicc-bench
WSM=$CACHE/node_modules/ws
BENCH="$BUILD/bench/events_bench"

if [ ! -x /usr/bin/time ] || ! command -v node >/dev/null; then
    echo "events.sh: GNU time or node is missing; skipping"
    exit 0
fi
if [ ! -f "$WSM/package.json" ]; then
    if ! command -v npm >/dev/null ||
        ! npm install --prefix "$CACHE" --no-audit --no-fund \
            --loglevel=error ws@8 >/dev/null 2>&1; then
        echo "events.sh: cannot fetch the npm package ws; skipping"
        exit 0
    fi
fi
make --no-print-directory -s BUILD="$BUILD" "$BENCH"

dir=$(mktemp -d /tmp/apicc-events-bench.XXXXXX)
node bench/events_server.js >"$dir/port" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do
    grep -qs '^PORT ' "$dir/port" && break
    sleep 0.1
done
URL="ws://127.0.0.1:$(sed -n 's/^PORT //p' "$dir/port")/"

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
    measure r node bench/events_ref_client.js "$WSM" "$URL" "$N"
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
echo "| (a) apicc, typed handler | **$(med a)** ($(all a)) | $(medcpu a) | ${rss[a]} |"
echo "| (r) Node ws + JSON.parse | **$(med r)** ($(all r)) | $(medcpu r) | ${rss[r]} |"
echo
echo "a/r events/s: $(ratio "$(med a)" "$(med r)"); r/a CPU per event: $(ratio "$(medcpu r)" "$(medcpu a)")"
echo "medians of $RUNS rounds of $N events each"
