#!/bin/sh
# Twilio's form bodies against a validating mock nobody here wrote: an
# excerpt of twilio_api_v2010.json (see README.md) is imported with
# `apicc import`, generated, compiled and called (twilio_calls.c)
# against Prism mocking the same excerpt.  Each call must be accepted by
# Prism (its log says "The request passed the validation rules", and names
# no violation) and its typed answer read.  Without Prism (no node, no
# npm and no cache) the cases count as skipped, with the reason.
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
DOC=tests/prism/twilio_api_v2010_excerpt.json
CALLS=4
passed=0
failed=0
work=$(mktemp -d)
. tests/support/prism.sh
trap 'prism_stop; rm -rf "$work"' EXIT
. tests/support/client_link.sh
FLAGS="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
-Wmissing-prototypes -Wwrite-strings -Wformat=2 -D_DEFAULT_SOURCE -Iruntime/include \
$CJSON_CFLAGS"
LIBS=$CLIENT_LIBS
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# The import keeps every form body, and the client builds.
if "$APICC" import openapi "$DOC" --provider twilio -o "$work/twilio.yaml" \
    2>"$work/import.err"; then ok; else bad "import failed"; cat "$work/import.err"; fi
grep -q 'kept 4 of 4 operations, 3 of 3 request bodies' "$work/import.err" && ok ||
    bad "import did not keep every body: $(tail -1 "$work/import.err")"
grep -q 'media_type: application/x-www-form-urlencoded' "$work/twilio.yaml" && ok ||
    bad "no form body in the imported spec"
if "$APICC" generate -o "$work/gen" "$work/twilio.yaml" 2>"$work/gen.err" &&
    cc $FLAGS -I"$work/gen" tests/prism/twilio_calls.c "$work/gen/twilio/twilio.c" \
        $LIBS -o "$work/calls" 2>"$work/cc"; then ok; else
    bad "the client does not build"; head -20 "$work/gen.err" "$work/cc"
fi

if ! prism_ensure; then
    echo "SKIP twilio_prism: $PRISM_SKIP"
    echo "$passed passed, $failed failed, $CALLS skipped"
    exit $((failed > 0))
fi
if ! prism_start "$DOC"; then
    bad "Prism did not start"; cat "$PRISM_LOG"
    echo "$passed passed, $failed failed"
    exit 1
fi
"$work/calls" "$PRISM_URL" >"$work/out" 2>&1
for name in create_message create_call update_incoming_phone_number list_message; do
    grep -q "^ok $name " "$work/out" && ok || bad "$name: $(grep "$name" "$work/out" | head -1)"
done
# Prism's log may trail its answers by a moment: wait for it, bounded.
tries=$((50 * ${APICC_TEST_TIME_SCALE:-1}))
while :; do
    accepted=$(grep -c 'request passed the validation rules' "$PRISM_LOG")
    [ "$accepted" -ge "$CALLS" ] || [ "$tries" -le 0 ] && break
    tries=$((tries - 1))
    sleep 0.1
done
[ "$accepted" -eq "$CALLS" ] && ok || bad "Prism accepted $accepted of $CALLS requests"
if grep -q '✖' "$PRISM_LOG"; then
    bad "Prism reported violations:"; grep '✖' "$PRISM_LOG" | head -10
else ok; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
