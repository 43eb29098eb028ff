#!/bin/bash
# HTTP runtime throughput: requests per second against nginx on loopback
# (a 29-byte JSON body, keep-alive), over HTTP and HTTPS, of
#   (a) a bare loop reusing one libcurl easy handle,
#   (b) a loop with a new easy handle per request (how openapi-generator's
#       C client works),
#   (c) apicc_call on an endpoint described like a generated one.
# Every mode parses the JSON body.  Each round runs a, c and b in turn;
# each figure is the median of RUNS rounds.  Prints a Markdown table and
# the ratios c/a and c/b.  Figures and how they were taken: bench/README.md.
#
# Environment: RUNS (default 11), N_REUSE (20000), N_FRESH_HTTP (3000),
# N_FRESH_HTTPS (300), HTTP_PORT (18080), HTTPS_PORT (18443), BUILD, and
# PIN=1 to run client and server on separate CPUs.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${RUNS:-11}
N_REUSE=${N_REUSE:-20000}
N_FRESH_HTTP=${N_FRESH_HTTP:-3000}
N_FRESH_HTTPS=${N_FRESH_HTTPS:-300}
HTTP_PORT=${HTTP_PORT:-18080}
HTTPS_PORT=${HTTPS_PORT:-18443}
BENCH="$BUILD/bench/http_bench"

for tool in nginx openssl curl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "http.sh: $tool is not installed; skipping the HTTP benchmark"
        exit 0
    fi
done
make --no-print-directory -s BUILD="$BUILD" "$BENCH"

for port in "$HTTP_PORT" "$HTTPS_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "http.sh: port $port is taken (set HTTP_PORT/HTTPS_PORT)" >&2
        exit 1
    fi
done

dir=$(mktemp -d /tmp/apicc-http-bench.XXXXXX)
NGINX_PID=
cleanup() {
    if [ -n "$NGINX_PID" ]; then
        kill "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT

# A throw-away RSA-2048 certificate, made here and removed afterwards.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" \
    -out "$dir/cert.pem" -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null

cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid nginx.pid;
error_log error.log;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp;
    uwsgi_temp_path tmp; scgi_temp_path tmp;
    server {
        listen 127.0.0.1:$HTTP_PORT;
        location = /json { default_type application/json; return 200 '{"ok":true,"price":"123.45"}\n'; }
    }
    server {
        listen 127.0.0.1:$HTTPS_PORT ssl;
        ssl_certificate     cert.pem;
        ssl_certificate_key key.pem;
        location = /json { default_type application/json; return 200 '{"ok":true,"price":"123.45"}\n'; }
    }
}
EOF
mkdir -p "$dir/tmp"
# PIN=1 gives client and server a CPU each (taskset).  Off by default:
# sharing the CPUs as the scheduler likes was faster and steadier on the
# 2-core reference machine, and it charges the client for all its CPU.
PIN_SERVER=() PIN_CLIENT=()
if [ "${PIN:-0}" = 1 ] && command -v taskset >/dev/null 2>&1 &&
    [ "$(nproc)" -ge 2 ]; then
    PIN_SERVER=(taskset -c 1) PIN_CLIENT=(taskset -c 0)
fi
"${PIN_SERVER[@]}" nginx -p "$dir/" -c nginx.conf -e error.log -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 1 50); do
    if curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/json"; then
        break
    fi
    sleep 0.1
done
curl -s --cacert "$dir/cert.pem" "https://127.0.0.1:$HTTPS_PORT/json" \
    | grep -q '"ok":true' || { echo "http.sh: nginx did not start" >&2; exit 1; }

HTTP="http://127.0.0.1:$HTTP_PORT"
HTTPS="https://127.0.0.1:$HTTPS_PORT"
CA="$dir/cert.pem"
declare -A runs cpu
# record KEY "RATE CPU": keeps the rate and the client CPU per request.
record() {
    runs[$1]="${runs[$1]:-} ${2%% *}"
    cpu[$1]="${cpu[$1]:-} ${2##* }"
}
one() { timeout 120 "${PIN_CLIENT[@]}" "$BENCH" "$@"; }

# (a) and (c) run back to back in each round, so the ratio of a round
# compares two runs under the same load; the ratios' median is reported
# next to the ratio of the medians.
for r in $(seq 1 "$RUNS"); do
    record http_a "$(one reuse "$HTTP" "$N_REUSE")"
    record http_c "$(one apicc "$HTTP" "$N_REUSE")"
    record http_b "$(one fresh "$HTTP" "$N_FRESH_HTTP")"
    record https_a "$(one reuse "$HTTPS" "$N_REUSE" "$CA")"
    record https_c "$(one apicc "$HTTPS" "$N_REUSE" "$CA")"
    record https_b "$(one fresh "$HTTPS" "$N_FRESH_HTTPS" "$CA")"
    echo "round $r/$RUNS done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR/2] + v[NR/2 + 1]) / 2 }'; }
med() { echo "${runs[$1]}" | median | awk '{printf "%.0f\n", $1}'; }
cpu_med() { echo "${cpu[$1]}" | median | awk '{printf "%.1f\n", $1}'; }
all() { echo "${runs[$1]}" | tr -s ' ' | sed 's/^ //; s/ / \/ /g'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }
# The median over rounds of run(x) / run(y).
round_ratio() {
    paste <(echo "${runs[$1]}" | tr -s ' ' '\n' | grep -v '^$') \
          <(echo "${runs[$2]}" | tr -s ' ' '\n' | grep -v '^$') |
        awk '{ printf "%f ", $1 / $2 }' | median | awk '{printf "%.2f", $1}'
}

echo
echo "| client | HTTP req/s | HTTPS req/s |"
echo "|---|---:|---:|"
echo "| (a) one reused easy handle | **$(med http_a)** ($(all http_a)) | **$(med https_a)** ($(all https_a)) |"
echo "| (b) new easy handle per request | **$(med http_b)** ($(all http_b)) | **$(med https_b)** ($(all https_b)) |"
echo "| (c) apicc_call | **$(med http_c)** ($(all http_c)) | **$(med https_c)** ($(all https_c)) |"
echo
echo "| ratio | HTTP | HTTPS |"
echo "|---|---:|---:|"
echo "| c/a, of the medians | $(ratio "$(med http_c)" "$(med http_a)") | $(ratio "$(med https_c)" "$(med https_a)") |"
echo "| c/a, median of the rounds | $(round_ratio http_c http_a) | $(round_ratio https_c https_a) |"
echo "| c/b, of the medians | $(ratio "$(med http_c)" "$(med http_b)") | $(ratio "$(med https_c)" "$(med https_b)") |"
echo "| c/b, median of the rounds | $(round_ratio http_c http_b) | $(round_ratio https_c https_b) |"
echo
echo "| client CPU per request (µs, user + system, median) | HTTP | HTTPS |"
echo "|---|---:|---:|"
echo "| (a) one reused easy handle | $(cpu_med http_a) | $(cpu_med https_a) |"
echo "| (b) new easy handle per request | $(cpu_med http_b) | $(cpu_med https_b) |"
echo "| (c) apicc_call | $(cpu_med http_c) | $(cpu_med https_c) |"
echo
echo "medians of $RUNS rounds; (a) and (c) $N_REUSE requests per run, (b) $N_FRESH_HTTP (HTTP) / $N_FRESH_HTTPS (HTTPS)"

# Wall-clock rates move with whatever else the machine runs; the count
# of user-space instructions per request does not, so it is shown too
# when perf can count them.
instr() {
    perf stat -x, -e instructions:u "$BENCH" "$@" 2>&1 >/dev/null |
        awk -F, -v n="$3" '/instructions/ { printf "%.0f", $1 / (n + 50) }'
}
if command -v perf >/dev/null 2>&1 &&
    perf stat -e instructions:u true >/dev/null 2>&1; then
    echo
    echo "| user-space instructions per request (perf stat) | HTTP | HTTPS |"
    echo "|---|---:|---:|"
    for m in reuse apicc; do
        echo "| $m | $(instr $m "$HTTP" "$N_REUSE") | $(instr $m "$HTTPS" "$N_REUSE" "$CA") |"
    done
fi
