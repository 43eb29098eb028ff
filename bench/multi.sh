#!/bin/bash
# Many calls at once: N small GETs with K in flight (K in KS) against nginx
# on loopback, over HTTP/1.1 and HTTP/2 (both TLS), of
#   (b) a bare libcurl multi loop (bench/multi_bare.c), and
#   (a) the generated client of bench/multi.yaml, its `_start` calls on an
#       apicc_multi (bench/multi_bench.c, mode multi),
# plus (s) the same client's blocking calls one after another (mode seq).
# Both sides parse each answer (cJSON; apicc into the Item model) and
# check it; a failed call fails this script.  The client keeps libcurl's
# default (HTTP/2 over TLS where offered), so nginx decides the protocol:
# one listener is `ssl` only (HTTP/1.1 by ALPN), the other `ssl http2`.
#
# nginx answers at once, so on loopback a call costs CPU and no waiting.
# What running calls side by side gains against a server that takes its
# time is measured too, with each answer held DELAY_MS back by nginx's
# JavaScript module (njs: Debian's libnginx-mod-http-js; without it that
# part is skipped), KS_SLOW in flight.
#
# Each round runs every K of both protocols, b and a back to back (which
# goes first alternates between rounds), and s; each figure is the median
# of RUNS rounds.  Prints one Markdown table per protocol and part with
# calls/s, client CPU per call and peak RSS, the ratios a/b and
# 64-in-flight/s.  Figures and how they were taken: bench/README.md.
#
# Environment: RUNS (default 5), N (calls per run, 10000), N_SEQ (calls of
# a sequential run, 3000), KS ("1 8 64 256"), DELAY_MS (1), N_SLOW (3000),
# N_SLOW_SEQ (500), KS_SLOW ("64"), BUILD, and KEEP_ALLOCATORS=1 to run
# the apicc side without wiping libcurl's and cJSON's freed memory (what
# that wiping costs; bench/multi_bench.c).
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${RUNS:-5}
N=${N:-10000}
N_SEQ=${N_SEQ:-3000}
KS=${KS:-1 8 64 256}
DELAY_MS=${DELAY_MS:-1}
N_SLOW=${N_SLOW:-3000}
N_SLOW_SEQ=${N_SLOW_SEQ:-500}
KS_SLOW=${KS_SLOW:-64}
NJS=/usr/lib/nginx/modules/ngx_http_js_module.so
export MULTI_BENCH_KEEP_ALLOCATORS=${KEEP_ALLOCATORS:-0}
BARE="$BUILD/bench/multi_bare"
APICC="$BUILD/bench/multi_bench"

for tool in nginx openssl curl python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "multi.sh: $tool is not installed; skipping the many-calls benchmark"
        exit 0
    fi
done
make --no-print-directory -s BUILD="$BUILD" "$BARE" "$APICC"

dir=$(mktemp -d /tmp/apicc-multi-bench.XXXXXX)
NGINX_PID=
# nginx ends on TERM at once; KILL after 5 s in case it does not.
cleanup() {
    if [ -n "$NGINX_PID" ]; then
        kill "$NGINX_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$NGINX_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT

# Two free ports, asked of the kernel (nginx binds them a moment later;
# should another program take one first, nginx fails to start and the
# check below says so).
read -r H1_PORT H2_PORT < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in ss))')

# A throw-away RSA-2048 certificate, made here and removed afterwards.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" \
    -out "$dir/cert.pem" -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null

ANSWER='{"id":1,"name":"x"}'
# The delayed answer: a timer in njs, so the one worker goes on serving
# other requests meanwhile.
SLOW=0 LOAD_NJS="" USE_NJS="" SLOW_ITEM="return 404;"
if [ -f "$NJS" ]; then
    SLOW=1
    LOAD_NJS="load_module $NJS;"
    USE_NJS="js_import slow from slow.js;"
    SLOW_ITEM="js_content slow.item;"
    cat >"$dir/slow.js" <<EOF
function item(r) {
    setTimeout(function () { r.return(200, '$ANSWER'); }, $DELAY_MS);
}
export default { item };
EOF
else
    echo "multi.sh: nginx's njs module ($NJS, Debian's libnginx-mod-http-js) is missing: the part with delayed answers is skipped"
fi

# One worker; keep-alive for the whole run (keepalive_requests also
# bounds the requests of an HTTP/2 connection); 256 streams on one
# HTTP/2 connection (nginx's default is 128), so that at every K both
# sides can multiplex all their calls on one connection.
cat >"$dir/nginx.conf" <<EOF
$LOAD_NJS
worker_processes 1;
pid nginx.pid;
error_log error.log;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    http2_max_concurrent_streams 256;
    client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp;
    uwsgi_temp_path tmp; scgi_temp_path tmp;
    ssl_certificate     cert.pem;
    ssl_certificate_key key.pem;
    default_type application/json;
    $USE_NJS
    server {
        listen 127.0.0.1:$H1_PORT ssl;
        location = /item { return 200 '$ANSWER'; }
        location = /slow/item { $SLOW_ITEM }
    }
    server {
        listen 127.0.0.1:$H2_PORT ssl http2;
        location = /item { return 200 '$ANSWER'; }
        location = /slow/item { $SLOW_ITEM }
    }
}
EOF
mkdir -p "$dir/tmp"
nginx -p "$dir/" -c nginx.conf -e error.log -g 'daemon off;' &
NGINX_PID=$!
CA="$dir/cert.pem"
H1="https://127.0.0.1:$H1_PORT"
H2="https://127.0.0.1:$H2_PORT"
# The protocol a listener speaks, in curl's own words.
proto() { curl -s --max-time 2 --cacert "$CA" -o /dev/null -w '%{http_version}' "$1" || true; }
for _ in $(seq 1 50); do
    [ "$(proto "$H2/item")" = 2 ] && break
    sleep 0.1
done
if [ "$(proto "$H1/item")" != 1.1 ] || [ "$(proto "$H2/item")" != 2 ]; then
    echo "multi.sh: nginx did not start with an HTTP/1.1 and an HTTP/2 listener" >&2
    cat "$dir/error.log" >&2 || true
    exit 1
fi

declare -A rate cpu rss
# measure KEY CMD...: one run, bounded by 300 s; keeps its calls/s, CPU
# µs per call and peak RSS.  A failed run ends the benchmark.
measure() {
    local key=$1 out calls us kib
    shift
    if ! out=$(timeout 300 "$@"); then
        echo "multi.sh: FAILED: $*" >&2
        exit 1
    fi
    read -r calls us kib <<<"$out"
    rate[$key]="${rate[$key]:-} $calls"
    cpu[$key]="${cpu[$key]:-} $us"
    rss[$key]="${rss[$key]:-} $kib"
}

# one_k PART K PROTO BASE_URL CALLS: b and a with K in flight, b first in
# odd rounds, a first in even ones.
one_k() {
    local part=$1 k=$2 p=$3 url=$4 n=$5
    local -a b=("$BARE" "$url/item" "$n" "$k" "$CA" "$p")
    local -a a=("$APICC" multi "$k" "$url" "$n" "$CA")
    if [ $((round % 2)) = 1 ]; then
        measure "b $part $p $k" "${b[@]}"
        measure "a $part $p $k" "${a[@]}"
    else
        measure "a $part $p $k" "${a[@]}"
        measure "b $part $p $k" "${b[@]}"
    fi
}

for round in $(seq 1 "$RUNS"); do
    for p in 1.1 2; do
        url=$H1
        [ "$p" = 2 ] && url=$H2
        for k in $KS; do
            one_k now "$k" "$p" "$url" "$N"
        done
        measure "s now $p" "$APICC" seq "$url" "$N_SEQ" "$CA"
        if [ "$SLOW" = 1 ]; then
            for k in $KS_SLOW; do
                one_k slow "$k" "$p" "$url/slow" "$N_SLOW"
            done
            measure "s slow $p" "$APICC" seq "$url/slow" "$N_SLOW_SEQ" "$CA"
        fi
    done
    echo "round $round/$RUNS done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR/2] + v[NR/2 + 1]) / 2 }'; }
med() { echo "${rate[$1]:-}" | median | awk '{printf "%.0f", $1}'; }
medcpu() { echo "${cpu[$1]:-}" | median | awk '{printf "%.1f", $1}'; }
# Peak RSS: the largest of the rounds, in MiB.
maxrss() { echo "${rss[$1]:-}" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1 | awk '{printf "%.1f", $1 / 1024}'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { if (x > 0 && y > 0) printf "%.2f", x / y; else print "-" }'; }
# The median over rounds of rate(x) / rate(y).
round_ratio() {
    paste <(echo "${rate[$1]}" | tr -s ' ' '\n' | grep -v '^$') \
          <(echo "${rate[$2]}" | tr -s ' ' '\n' | grep -v '^$') |
        awk '{ printf "%f ", $1 / $2 }' | median | awk '{printf "%.2f", $1}'
}

# table PART KS TITLE: one table per protocol.
table() {
    local part=$1 ks=$2 title=$3 p k b a s
    for p in 1.1 2; do
        s="s $part $p"
        echo
        echo "$title, HTTP/$p over TLS:"
        echo
        echo "| in flight | (b) bare calls/s | (a) apicc calls/s | a/b (median of rounds) | CPU µs/call b / a | peak RSS MiB b / a |"
        echo "|---:|---:|---:|---:|---:|---:|"
        for k in $ks; do
            b="b $part $p $k" a="a $part $p $k"
            echo "| $k | $(med "$b") | **$(med "$a")** | $(ratio "$(med "$a")" "$(med "$b")") ($(round_ratio "$a" "$b")) | $(medcpu "$b") / $(medcpu "$a") | $(maxrss "$b") / $(maxrss "$a") |"
        done
        echo "| (s) sequential blocking | | **$(med "$s")** | | $(medcpu "$s") | $(maxrss "$s") |"
        if [[ " $ks " == *" 64 "* ]]; then
            echo
            echo "64 in flight / sequential: b $(ratio "$(med "b $part $p 64")" "$(med "$s")"), a $(ratio "$(med "a $part $p 64")" "$(med "$s")")"
        fi
    done
}

table now "$KS" "Answers at once"
if [ "$SLOW" = 1 ]; then
    table slow "$KS_SLOW" "Answers held $DELAY_MS ms"
fi
echo
[ "$MULTI_BENCH_KEEP_ALLOCATORS" = 1 ] &&
    echo "apicc ran with KEEP_ALLOCATORS=1: libcurl's and cJSON's freed memory not wiped"
echo "medians of $RUNS rounds of $N calls ($N_SEQ sequential; held answers: $N_SLOW, $N_SLOW_SEQ sequential) after a first batch that opens the connections; peak RSS: the largest of the rounds"
