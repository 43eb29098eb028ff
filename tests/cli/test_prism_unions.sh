#!/bin/sh
# Union responses against Prism: tests/prism/github/excerpt.json (a cut of
# GitHub's own description, see tests/prism/README.md) is imported as a
# user would, generated, compiled with the project's warning flags, and
# tests/prism/github/unions_client.c calls Prism serving the excerpt: each
# response must parse into the alternative its example is.  Prism's log
# must also say every request passed its validation.  Without Prism (no
# node, no npm), the cases are skipped with the reason.
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
DOC=tests/prism/github/excerpt.json
CASES="user_is_private_user user_is_not_public_user username_is_public_user
       username_kind_public_user installation_account_is_simple_user
       installation_account_is_not_enterprise requests_pass_validation"
passed=0
failed=0
skipped=0
work=$(mktemp -d)
. tests/support/prism.sh
trap 'prism_stop; rm -rf "$work"' EXIT

bad() {
    failed=$((failed + 1))
    echo "FAIL $1"
}

# The client: import, generate, compile.  Needs no Prism.
. tests/support/prism_client.sh
prism_client_build "$DOC" ghx tests/prism/github/unions_client.c

if [ "$failed" -gt 0 ]; then
    :
elif ! prism_ensure; then
    for c in $CASES; do
        skipped=$((skipped + 1))
        echo "SKIP $c: $PRISM_SKIP"
    done
elif ! prism_start "$DOC"; then
    bad "Prism did not start on $DOC: $(tail -n 5 "$PRISM_LOG")"
else
    timeout $((60 * ${APICC_TEST_TIME_SCALE:-1})) "$work/client" "$PRISM_URL" \
        >"$work/out" 2>&1
    for c in $CASES; do
        [ "$c" = requests_pass_validation ] && continue
        if grep -qx "ok $c" "$work/out"; then
            passed=$((passed + 1))
        else
            bad "$c: $(grep "^not ok $c" "$work/out" || tail -n 3 "$work/out")"
        fi
    done
    # Three requests, each validated by Prism and none refused.
    if [ "$(grep -c 'request passed the validation rules' "$PRISM_LOG")" -eq 3 ] &&
        ! grep -q 'Request terminated with error\|Violation' "$PRISM_LOG"; then
        passed=$((passed + 1))
    else
        bad "requests_pass_validation: $(grep -i 'violation\|error' "$PRISM_LOG" | head -n 3)"
    fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
