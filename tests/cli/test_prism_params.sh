#!/bin/sh
# Parameters and servers against Prism, a validating mock server nobody
# here wrote (tests/support/prism.sh), on two OpenAPI documents:
#  - tests/prism/styles.yaml (ours): every parameter style, a JSON query
#    parameter, constant headers, cookies, a server variable and a path
#    with a server of its own;
#  - tests/prism/twilio_excerpt.json (Twilio's, cut by
#    tests/prism/cut_twilio.py): GET operations whose paths carry
#    Twilio's servers, api.twilio.com and messaging.twilio.com.
# Each document is imported, its client generated and a driver
# (tests/prism/*_driver.c) calls every operation: each call must print
# "ok", Prism's log must say every request passed its validation rules
# and list no violation of a request.  A request that breaks the document
# (a constant header left out) must be refused, so the log check is live.
# Without Prism (no node, npm unreachable) the cases are skipped.
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
passed=0
failed=0
skipped=0
work=$(mktemp -d)
. tests/support/prism.sh
trap 'prism_stop; rm -rf "$work"' EXIT
. tests/support/client_link.sh
FLAGS="-std=c11 -Wall -Wextra -Wpedantic -Werror -D_DEFAULT_SOURCE \
-Iruntime/include $CJSON_CFLAGS"
LIBS=$CLIENT_LIBS

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# run_doc NAME DOC PROVIDER CALLS: import, generate, build the driver,
# run it against Prism; CALLS is how many requests it makes.
run_doc() {
    name=$1 doc=$2 provider=$3 calls=$4
    spec="$work/$name.yaml"
    if "$APICC" import openapi "$doc" --provider "$provider" --check \
        -o "$spec" 2>"$work/import.err"; then ok; else
        bad "$name: apicc import"
        sed 's/^/    /' "$work/import.err" | head -10
        return
    fi
    if "$APICC" generate -o "$work/gen" "$spec" 2>"$work/gen.err" &&
        # shellcheck disable=SC2086
        cc $FLAGS -I"$work/gen" "tests/prism/${name}_driver.c" \
            "$work/gen/$provider/$provider.c" $LIBS -o "$work/$name" \
            2>"$work/cc.err"; then ok; else
        bad "$name: the client or the driver does not build"
        cat "$work/gen.err" "$work/cc.err" | sed 's/^/    /' | head -20
        return
    fi
    if ! prism_start "$doc"; then
        bad "$name: Prism did not start"
        return
    fi
    "$work/$name" "$PRISM_URL" >"$work/out" 2>&1
    while read -r line; do
        case $line in
        ok*) ok ;;
        *) bad "$name: $line" ;;
        esac
    done <"$work/out"
    n=$(grep -c '^ok' "$work/out")
    [ "$n" -eq "$calls" ] && ok || bad "$name: $n of $calls calls ok"
    n=$(grep -c 'The request passed the validation rules' "$PRISM_LOG")
    if [ "$n" -eq "$calls" ]; then ok; else
        bad "$name: Prism accepted $n of $calls requests"
        grep -i 'violation\|request' "$PRISM_LOG" | head -20 | sed 's/^/    /'
    fi
    if grep -q '"location":\["\(query\|path\|header\|cookie\)' "$PRISM_LOG" ||
        grep -qi 'Request did not pass' "$PRISM_LOG"; then
        bad "$name: Prism reports a request violation"
        grep -i 'violation' "$PRISM_LOG" | head -10 | sed 's/^/    /'
    else ok; fi
    # The check above is live: a request without the constant header
    # the document requires is refused.
    if [ "$name" = styles ]; then
        code=$(curl -s -o "$work/neg" -w '%{http_code}' -m 20 \
            -H 'X-Tags: a' -H 'anthropic-version: 2023-06-01' \
            -b 'session=s; prefs=a' "$PRISM_URL/headers")
        if [ "$code" = 422 ] && grep -qi 'X-Api-Version' "$work/neg"; then ok
        else bad "$name: a request without X-Api-Version got $code"; fi
    fi
    prism_stop
}

if ! prism_ensure; then
    echo "SKIP prism_params: $PRISM_SKIP"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
if [ ! -x "$APICC" ]; then
    bad "$APICC is missing (build it first)"
else
    run_doc styles tests/prism/styles.yaml styles 4
    run_doc twilio tests/prism/twilio_excerpt.json twilio 3
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
