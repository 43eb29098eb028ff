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

. bench/event_rounds.sh
event_rounds_server node bench/sse_server.js
URL="http://127.0.0.1:$PORT"
event_rounds "apicc, typed callback" "Node http + JSON.parse" "$BENCH" "$URL" "$N" -- \
    node bench/sse_ref_client.js "$URL" "$N"
