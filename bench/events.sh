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

. bench/event_rounds.sh
event_rounds_server node bench/events_server.js
URL="ws://127.0.0.1:$PORT/"
event_rounds "apicc, typed handler" "Node ws + JSON.parse" "$BENCH" "$URL" "$N" -- \
    node bench/events_ref_client.js "$WSM" "$URL" "$N"
