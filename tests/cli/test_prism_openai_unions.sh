#!/bin/sh
# Union answers against Prism, on OpenAI's description:
# tests/prism/openai/excerpt.json (a cut of OpenAI's published document,
# see tests/prism/README.md) is imported as a user would, generated,
# compiled with the project's warning flags, and
# tests/prism/openai/unions_client.c calls Prism serving the excerpt: the
# unions in each answer must parse into the alternative the answer holds.
# The answers are also read raw, to show that they hold what the client
# expects (a function call, an image file part, a message creation).
# Prism's log must say every request passed its validation.  Without
# Prism (no node, no npm), the cases are skipped with the reason.
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
PY=${APICC_TEST_PYTHON:-/usr/bin/python3}
DOC=tests/prism/openai/excerpt.json
CASES="tool_call_is_function_call tool_call_is_not_custom_call
       content_part_is_image_file content_part_is_no_other
       step_details_is_message_creation step_details_is_not_tool_calls
       answers_hold_those_alternatives requests_pass_validation"
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
prism_client_build "$DOC" oai tests/prism/openai/unions_client.c

# raw_types URL: prints the "type" of the answers' union values, as
# Prism sends them (the tool call, the content part, the step details).
raw_types() {
    "$PY" - "$1" <<'PYEOF'
import json, sys, urllib.request
base = sys.argv[1]
def get(path):
    req = urllib.request.Request(base + path,
                                 headers={"Authorization": "Bearer sk-test-not-a-key"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)
chat = get("/chat/completions/chatcmpl-1")
msg = get("/threads/thread_1/messages/msg_1")
step = get("/threads/thread_1/runs/run_1/steps/step_1")
print(chat["choices"][0]["message"]["tool_calls"][0]["type"],
      msg["content"][0]["type"], step["step_details"]["type"])
PYEOF
}

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
        case $c in answers_hold_those_alternatives | requests_pass_validation) continue ;; esac
        if grep -qx "ok $c" "$work/out"; then
            passed=$((passed + 1))
        else
            bad "$c: $(grep "^not ok $c" "$work/out" || tail -n 3 "$work/out")"
        fi
    done
    types=$(raw_types "$PRISM_URL" 2>&1) # each read bounded by its timeout
    if [ "$types" = "function image_file message_creation" ]; then
        passed=$((passed + 1))
    else
        bad "answers_hold_those_alternatives: $types"
    fi
    # Six requests (three by the client, three read raw), each validated
    # by Prism and none refused.
    if [ "$(grep -c 'request passed the validation rules' "$PRISM_LOG")" -eq 6 ] &&
        ! grep -q 'Request terminated with error\|Violation' "$PRISM_LOG"; then
        passed=$((passed + 1))
    else
        bad "requests_pass_validation: $(grep -i 'violation\|error' "$PRISM_LOG" | head -n 3)"
    fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
