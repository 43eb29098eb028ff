#!/bin/bash
# Whole real API descriptions against Prism, a validating mock server
# nobody here wrote: every operation called once through the client
# apicc generates, and the raw requests checked against the document's
# own encoding rules.  Per document:
#   1. `apicc import openapi`, `apicc generate`, and a driver rendered
#      from the spec's view by `apicc render bench/prism/driver.c.mustache`
#      with the document's values (bench/prism/values.py), compiled
#      -Werror with the client and bench/prism/driver_support.c;
#   2. Prism (tests/support/prism.sh) started on the ORIGINAL document
#      with --errors, the driver run against it: one CALL line per
#      endpoint, and Prism's log says which requests passed its
#      validation and what it found wrong;
#   3. the driver run again against a capture server
#      (bench/prism/capture.py), and bench/prism/wire_check.py checks each
#      array query param and form body on the wire against the
#      document's style, explode and encoding;
#   4. bench/prism/classify.py: one row of the table in bench/README.md.
#
# Not part of `make test`: it needs npm and takes minutes.  Documents:
#   github   @octokit/openapi from npm (the cache bench/npm_cache.sh keeps)
#   openai   CORPUS_OPENAI=FILE (OpenAI's openapi.yaml), skipped without
#   twilio   CORPUS_TWILIO=DIR (twilio/twilio-oai's spec/json/v3), the
#            documents named in CORPUS_TWILIO_DOCS; skipped without
#   CORPUS_FILTER=REGEX   only the documents whose name matches
#   CORPUS_DOC_SECONDS=N  the time limit of one run of a driver (600)
set -u
BUILD=${BUILD:-build}
APICC="$BUILD/apicc"
CC=${CC:-cc}
PY=${PYTHON:-python3}
LIMIT=${CORPUS_DOC_SECONDS:-600}
TWILIO_DOCS=${CORPUS_TWILIO_DOCS:-"twilio_api_v2010 twilio_messaging_v1 twilio_verify_v2 twilio_video_v1"}
FLAGS="-std=c11 -Wall -Wextra -Wpedantic -Werror -D_DEFAULT_SOURCE -Iruntime/include -Ibench/prism"
LIBS="$BUILD/libapicc.a -lcurl -lssl -lcrypto -lcjson -lm"
. bench/npm_cache.sh
. tests/support/prism.sh
work=$(mktemp -d)
CAPTURE_PID=
trap 'prism_stop; [ -n "$CAPTURE_PID" ] && kill "$CAPTURE_PID" 2>/dev/null; rm -rf "$work"' EXIT

if ! prism_ensure; then
    echo "prism corpus: SKIPPED: $PRISM_SKIP"
    exit 0
fi

# NAME<TAB>PROVIDER<TAB>FILE, one line per document.
{
    if npm_cache_ensure @octokit/openapi; then
        f=$(find "$NM/@octokit/openapi" -name api.github.com.json \
            -not -path '*deref*' | head -n 1)
        [ -n "$f" ] && printf 'github\tgithub\t%s\n' "$f"
    else
        echo "github: SKIPPED: $NPM_CACHE_SKIP" >&2
    fi
    if [ -f "${CORPUS_OPENAI:-}" ]; then
        printf 'openai\topenai\t%s\n' "$CORPUS_OPENAI"
    else
        echo "openai: SKIPPED: CORPUS_OPENAI names no file" >&2
    fi
    if [ -d "${CORPUS_TWILIO:-}" ]; then
        for t in $TWILIO_DOCS; do
            [ -f "$CORPUS_TWILIO/$t.json" ] &&
                printf '%s\ttwilio\t%s\n' "$t" "$CORPUS_TWILIO/$t.json"
        done
    else
        echo "twilio: SKIPPED: CORPUS_TWILIO names no folder" >&2
    fi
} | grep -E "${CORPUS_FILTER:-.}" >"$work/list"

# Credentials for every scheme a README example reads from the
# environment (a mock checks that they are there, not what they are).
credentials() {
    local P
    P=$(echo "$1" | tr '[:lower:]' '[:upper:]')
    export "${P}_USER=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "${P}_PASSWORD=password" \
        "${P}_TOKEN=token" "${P}_API_KEY=key" "${P}_API_SECRET=secret"
}

# Builds the driver of one document into $dir/driver; 0 when it built.
build_driver() {
    local name=$1 provider=$2 doc=$3 dir=$4
    mkdir -p "$dir"
    "$APICC" import openapi "$doc" --provider "$provider" -o "$dir/spec.yaml" \
        2>"$dir/import.err" || { tail -3 "$dir/import.err"; return 1; }
    "$APICC" generate -o "$dir/gen" "$dir/spec.yaml" >"$dir/gen.err" 2>&1 ||
        { tail -3 "$dir/gen.err"; return 1; }
    "$APICC" view "$dir/spec.yaml" -o "$dir/view.json" || return 1
    "$PY" bench/prism/values.py "$doc" "$dir/view.json" "$dir/values.h" ||
        return 1
    "$APICC" render bench/prism/driver.c.mustache --data "$dir/view.json" \
        --escape c >"$dir/driver.c" || return 1
    # shellcheck disable=SC2086
    $CC $FLAGS -I"$dir/gen" -I"$dir" "$dir/driver.c" \
        bench/prism/driver_support.c $LIBS -o "$dir/driver" 2>"$dir/cc.err" ||
        { head -20 "$dir/cc.err"; return 1; }
}

# The capture server: every request is answered 200 {} and written down.
capture_start() {
    local port
    port=$(prism_free_port) || return 1
    "$PY" bench/prism/capture.py "$port" "$1" &
    CAPTURE_PID=$!
    CAPTURE_URL="http://127.0.0.1:$port"
    for _ in $(seq 50); do
        "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" \
            2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

capture_stop() {
    [ -n "$CAPTURE_PID" ] && kill "$CAPTURE_PID" 2>/dev/null
    [ -n "$CAPTURE_PID" ] && wait "$CAPTURE_PID" 2>/dev/null
    CAPTURE_PID=
}

: >"$work/rows"
while IFS="$(printf '\t')" read -r name provider doc; do
    dir="$work/$name"
    echo "== $name: $doc"
    start=$(date +%s)
    if ! build_driver "$name" "$provider" "$doc" "$dir"; then
        echo "$name: the driver did not build"
        continue
    fi
    ops=$(sed -n 's/^apicc import: kept [0-9]* of \([0-9]*\) operations.*/\1/p' \
        "$dir/import.err")
    echo "$name: $ops operations, driver built in $(($(date +%s) - start)) s"
    credentials "$provider"
    # The wire first: a capture server answers at once.
    if capture_start "$dir/wire.jsonl"; then
        timeout "$LIMIT" "$dir/driver" "$CAPTURE_URL" >"$dir/wire.out" 2>"$dir/wire.err"
        capture_stop
        "$PY" bench/prism/wire_check.py "$doc" "$dir/view.json" \
            "$dir/wire.out" "$dir/wire.jsonl" "$dir/wire.err" >"$dir/wire.report"
        echo "$name: wire: $(head -1 "$dir/wire.report")"
    fi
    if ! PRISM_WAIT=300 prism_start "$doc"; then
        echo "$name: Prism did not start"
        continue
    fi
    echo "$name: Prism listens after $(($(date +%s) - start)) s; calling"
    timeout "$LIMIT" "$dir/driver" "$PRISM_URL" >"$dir/driver.out" 2>"$dir/driver.err"
    echo "$name: driver exit $?, $(grep -c '^CALL' "$dir/driver.out") calls"
    sleep 1 # Prism's log may trail its last answer
    cp "$PRISM_LOG" "$dir/prism.log"
    prism_stop
    "$PY" bench/prism/classify.py "$name" "$ops" "$dir/driver.out" \
        "$dir/prism.log" "$dir/wire.report" >"$dir/class"
    cat "$dir/class" >>"$work/rows"
    echo "$name: done in $(($(date +%s) - start)) s"
    [ -n "${CORPUS_KEEP:-}" ] && cp -r "$dir" "$CORPUS_KEEP/"
done <"$work/list"

echo
printf '%-22s %6s %6s %8s %8s %7s %10s %8s %8s %8s\n' document ops called \
    accepted rejected parsed "not parsed" "no answer" wire "differs"
grep '^ROW' "$work/rows" | cut -f2- | awk -F '\t' '
    { printf "%-22s %6s %6s %8s %8s %7s %10s %8s %8s %8s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
      for (i = 2; i <= 10; i++) t[i] += $i; n++ }
    END { if (n > 1) printf "%-22s %6d %6d %8d %8d %7d %10d %8d %8d %8d\n", "total", t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10] }'
echo
grep '^REASON' "$work/rows" | cut -f2- | sed 's/\t/: /; s/\t/: /; s/\t/ x /'
grep -h '^DIFF' "$work"/*/wire.report 2>/dev/null | head -20
