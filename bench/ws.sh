#!/bin/bash
# WebSocket runtime: round trips per second of small JSON request/response
# frames over one connection on loopback, against a Python `websockets`
# server (bench/ws_bench_server.py), over ws:// and wss://, of
#   (a) apicc_ws (ws_bench raw): send a frame, receive, parse, check the id
#   (b) apicc_call (ws_bench call): the whole generated-code path
#   (r) the reference: the same loop as (a) with Python `websockets`, the
#       library the server uses (bench/ws_ref_client.py)
# Rounds interleave a, b and r; each figure is the median of RUNS rounds.
# Prints a Markdown table and the ratios to the reference.  Figures and
# how they were taken: bench/README.md.
#
# Environment: RUNS (default 5), N (round trips per run, 20000), BUILD,
# PYTHON (default /usr/bin/python3, which has python3-websockets).
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${RUNS:-5}
N=${N:-20000}
PY=${PYTHON:-/usr/bin/python3}
BENCH="$BUILD/bench/ws_bench"

if [ ! -x /usr/bin/time ]; then
    echo "ws.sh: GNU time (/usr/bin/time, package time) is missing; skipping"
    exit 0
fi
if ! "$PY" -c 'import websockets' 2>/dev/null; then
    echo "ws.sh: $PY has no websockets module (python3-websockets); skipping"
    exit 0
fi
make --no-print-directory -s BUILD="$BUILD" "$BENCH"

dir=$(mktemp -d /tmp/apicc-ws-bench.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$dir"
}
trap cleanup EXIT

# A throw-away certificate, made here and removed afterwards.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" \
    -out "$dir/cert.pem" -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null

# Starts a server; its port goes to the named variable.
start() {
    local var=$1 out=$2
    shift 2
    "$PY" bench/ws_bench_server.py "$@" >"$out" &
    PIDS+=($!)
    for _ in $(seq 1 100); do
        if grep -qs '^PORT ' "$out"; then
            printf -v "$var" '%s' "$(sed -n 's/^PORT //p' "$out")"
            return 0
        fi
        sleep 0.1
    done
    echo "ws.sh: the server did not start" >&2
    exit 1
}
start WS_PORT "$dir/ws.port"
start WSS_PORT "$dir/wss.port" --tls "$dir/cert.pem" "$dir/key.pem"
WS="ws://127.0.0.1:$WS_PORT/"
WSS="wss://127.0.0.1:$WSS_PORT/"
CA="$dir/cert.pem"

declare -A runs cpu
record() { runs[$1]="${runs[$1]:-} $2"; }
# Runs a client under GNU time: records its rate, and its CPU time (user +
# system, start-up and warm-up included) per round trip in microseconds.
measure() {
    local key=$1
    shift
    local rate
    rate=$(timeout 300 /usr/bin/time -o "$dir/time" -f '%U %S' "$@")
    record "$key" "$rate"
    cpu[$key]="${cpu[$key]:-} $(awk -v n="$N" '{ printf "%.1f", ($1 + $2) * 1e6 / (n + 200) }' "$dir/time")"
}

for r in $(seq 1 "$RUNS"); do
    measure ws_a "$BENCH" raw "$WS" "$N"
    measure ws_b "$BENCH" call "$WS" "$N"
    measure ws_r "$PY" bench/ws_ref_client.py "$WS" "$N"
    measure wss_a "$BENCH" raw "$WSS" "$N" "$CA"
    measure wss_b "$BENCH" call "$WSS" "$N" "$CA"
    measure wss_r "$PY" bench/ws_ref_client.py "$WSS" "$N" "$CA"
    echo "round $r/$RUNS done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR]=$1} END {
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR/2] + v[NR/2 + 1]) / 2 }'; }
med() { echo "${runs[$1]}" | median; }
medcpu() { echo "${cpu[$1]}" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR]=$1} END { print v[int((NR + 1) / 2)] }'; }
all() { echo "${runs[$1]}" | tr -s ' ' | sed 's/^ //; s/ / \/ /g'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }

echo
echo "| client | ws:// round trips/s | wss:// round trips/s |"
echo "|---|---:|---:|"
echo "| (a) apicc_ws send/recv | **$(med ws_a)** ($(all ws_a)) | **$(med wss_a)** ($(all wss_a)) |"
echo "| (b) apicc_call | **$(med ws_b)** ($(all ws_b)) | **$(med wss_b)** ($(all wss_b)) |"
echo "| (r) Python websockets client | **$(med ws_r)** ($(all ws_r)) | **$(med wss_r)** ($(all wss_r)) |"
echo
echo "| ratio | ws:// | wss:// |"
echo "|---|---:|---:|"
echo "| a/r | $(ratio "$(med ws_a)" "$(med ws_r)") | $(ratio "$(med wss_a)" "$(med wss_r)") |"
echo "| b/r | $(ratio "$(med ws_b)" "$(med ws_r)") | $(ratio "$(med wss_b)" "$(med wss_r)") |"
echo
echo "| client CPU per round trip (user + system, µs) | ws:// | wss:// |"
echo "|---|---:|---:|"
echo "| (a) apicc_ws send/recv | $(medcpu ws_a) | $(medcpu wss_a) |"
echo "| (b) apicc_call | $(medcpu ws_b) | $(medcpu wss_b) |"
echo "| (r) Python websockets client | $(medcpu ws_r) | $(medcpu wss_r) |"
echo
echo "medians of $RUNS rounds of $N round trips each"
