# Prism, a validating mock server nobody here wrote, for the tests that
# check generated clients against an OpenAPI document: Prism answers a
# request that matches the document from its examples and refuses one
# whose path, parameters or body do not (status 422, or 400/401/404/405,
# with a JSON problem body naming each violation).
#
# Sourced by test scripts (POSIX sh):
#   . tests/support/prism.sh
#   prism_ensure || { echo "SKIP ...: $PRISM_SKIP"; ... }
#   prism_start DOC || ...        # sets PRISM_URL, PRISM_PID, PRISM_LOG
#   ... calls against "$PRISM_URL" ...
#   prism_stop
#
# The npm package goes into a cache outside the source tree,
# ${XDG_CACHE_HOME:-$HOME/.cache}/apicc-test; when it is missing and npm
# cannot fetch it, prism_ensure fails with the reason in PRISM_SKIP and the
# caller counts its cases as skipped.  The server listens on 127.0.0.1 on
# a free port; every wait is bounded and stretched by
# APICC_TEST_TIME_SCALE, like the rest of the suite.

PRISM_VERSION=5.14.2
PRISM_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/apicc-test
PRISM=$PRISM_CACHE/node_modules/.bin/prism
PRISM_PID=
PRISM_URL=
PRISM_LOG=
PRISM_SKIP=

# Installs Prism into the cache once (under a lock, as several tests may
# ask at the same time).  0: "$PRISM" runs; 1: PRISM_SKIP says why not.
prism_ensure() {
    if ! command -v node >/dev/null 2>&1; then
        PRISM_SKIP="node is not installed (setup.sh installs it)"
        return 1
    fi
    [ -x "$PRISM" ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        PRISM_SKIP="npm is not installed and $PRISM_CACHE has no Prism"
        return 1
    fi
    mkdir -p "$PRISM_CACHE" || {
        PRISM_SKIP="cannot create $PRISM_CACHE"
        return 1
    }
    (
        flock -w $((300 * ${APICC_TEST_TIME_SCALE:-1})) 9 || exit 1
        [ -x "$PRISM" ] && exit 0
        timeout $((300 * ${APICC_TEST_TIME_SCALE:-1})) \
            npm install --prefix "$PRISM_CACHE" --no-audit --no-fund \
            --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION" \
            >"$PRISM_CACHE/npm.log" 2>&1
    ) 9>"$PRISM_CACHE/.lock"
    if [ ! -x "$PRISM" ]; then
        PRISM_SKIP="npm could not install @stoplight/prism-cli (see $PRISM_CACHE/npm.log)"
        return 1
    fi
    return 0
}

# A port nobody listens on now (the kernel's pick for port 0).
prism_free_port() {
    "${APICC_TEST_PYTHON:-/usr/bin/python3}" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Starts `prism mock` on DOC, validating requests (--errors: a request that
# breaks the document is answered with an error, not an example).  Waits
# until Prism says it listens, at most PRISM_WAIT seconds (default 60: a
# large document takes a while to load).  0: PRISM_URL is the base URL.
prism_start() {
    doc=$1
    port=$(prism_free_port) || return 1
    PRISM_LOG=$(mktemp)
    "$PRISM" mock --host 127.0.0.1 --port "$port" --errors "$doc" \
        >"$PRISM_LOG" 2>&1 &
    PRISM_PID=$!
    PRISM_URL="http://127.0.0.1:$port"
    limit=$((${PRISM_WAIT:-60} * ${APICC_TEST_TIME_SCALE:-1} * 10))
    n=0
    while [ "$n" -lt "$limit" ]; do
        if grep -q "Prism is listening" "$PRISM_LOG" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$PRISM_PID" 2>/dev/null; then
            break
        fi
        sleep 0.1
        n=$((n + 1))
    done
    echo "prism did not start on $doc:" >&2
    tail -n 20 "$PRISM_LOG" >&2
    prism_stop
    return 1
}

# Stops the server (bounded: TERM, then KILL) and removes its log.
prism_stop() {
    if [ -n "$PRISM_PID" ]; then
        kill "$PRISM_PID" 2>/dev/null
        n=0
        while kill -0 "$PRISM_PID" 2>/dev/null && [ "$n" -lt 50 ]; do
            sleep 0.1
            n=$((n + 1))
        done
        kill -9 "$PRISM_PID" 2>/dev/null
        wait "$PRISM_PID" 2>/dev/null
    fi
    [ -n "$PRISM_LOG" ] && rm -f "$PRISM_LOG"
    PRISM_PID=
    PRISM_URL=
    PRISM_LOG=
}
