#!/bin/sh
# Bodies and answers beyond a JSON object against a validating mock
# nobody here wrote: media.yaml (a multipart upload, downloads into a
# file and into memory, text, a JSON array body answered 201 or 200, a
# POST without a body) is imported with `apicc import`, generated,
# compiled and called (media_calls.c) against Prism mocking the same
# document.  Each request must pass Prism's validation (its log says
# "The request passed the validation rules" and names no violation) and
# each typed answer be read.  Without Prism the calls count as skipped.
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
DOC=tests/prism/media.yaml
CALLS=7
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

if "$APICC" import openapi "$DOC" --provider media -o "$work/media.yaml" \
    2>"$work/import.err"; then ok; else bad "import failed"; cat "$work/import.err"; fi
grep -q 'kept 5 of 5 operations, 2 of 2 request bodies, 4 of 4 success responses' \
    "$work/import.err" && ok || bad "import lost something: $(tail -1 "$work/import.err")"
if "$APICC" generate -o "$work/gen" "$work/media.yaml" 2>"$work/gen.err" &&
    cc $FLAGS -I"$work/gen" tests/prism/media_calls.c "$work/gen/media/media.c" \
        $LIBS -o "$work/calls" 2>"$work/cc"; then ok; else
    bad "the client does not build"; head -20 "$work/gen.err" "$work/cc"
fi

if ! prism_ensure; then
    echo "SKIP media_prism: $PRISM_SKIP"
    echo "$passed passed, $failed failed, $CALLS skipped"
    exit $((failed > 0))
fi
if ! prism_start "$DOC"; then
    bad "Prism did not start"
    echo "$passed passed, $failed failed"
    exit 1
fi
"$work/calls" "$PRISM_URL" "$work" >"$work/out" 2>&1
expect() {
    grep -qxF "ok $1" "$work/out" && ok ||
        bad "$1: $(grep "${1%% *}" "$work/out" | head -1)"
}
expect "upload_file file-1"
expect "download_file_to_file hello bytes"
expect "download_file_to_memory hello bytes"
expect "latest_note remember the milk"
expect "replace_tags_201 201 2 tags"
expect "replace_tags_200 200 replaced 2"
expect "cancel_job 204"
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
