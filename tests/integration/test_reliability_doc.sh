#!/bin/bash
# Keeps docs/reliability.md in step with the fault tests.  The fault
# programs and scripts print one line per fault,
#   FAULT <name> | <status> | <HTTP status> | <message> | <detail>
# and the catalogue's table has one row per fault with the same first four
# cells.  Every printed fault must have its row, and every row a fault.
# APICC_UPDATE_RELIABILITY=1 rewrites the table from what the tests print.
BUILD=${APICC_BUILD:-build}
DOC=docs/reliability.md
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for t in test_faults_http test_faults_ws test_ws_hostile; do
    if [ -x "$BUILD/tests/$t" ]; then
        timeout 300 "$BUILD/tests/$t" 2>/dev/null | grep '^FAULT ' >>"$work/faults"
    else
        echo "FAIL $BUILD/tests/$t is not built"
        failed=$((failed + 1))
    fi
done
for s in test_faults_gen test_generate test_faults_inject; do
    APICC_BUILD="$BUILD" timeout 300 bash "tests/cli/$s.sh" 2>/dev/null |
        grep '^FAULT ' >>"$work/faults"
done

# "FAULT a | b | c | d | e" -> "| a | b | c | d |" (the row's key) and the
# full row with the detail.
sed -e 's/^FAULT /| /' -e 's/$/ |/' "$work/faults" >"$work/rows"
cut -d'|' -f1-5 "$work/rows" | sed 's/ *$/|/' | sort -u >"$work/want"

if [ "${APICC_UPDATE_RELIABILITY:-0}" = 1 ]; then
    {
        sed '/^<!-- faults:begin -->$/q' "$DOC"
        echo "| fault | status | HTTP | message | detail (observed) |"
        echo "|---|---|---|---|---|"
        cat "$work/rows"
        sed -n '/^<!-- faults:end -->$/,$p' "$DOC"
    } >"$work/new"
    cp "$work/new" "$DOC"
fi

sed -n '/^<!-- faults:begin -->$/,/^<!-- faults:end -->$/p' "$DOC" |
    grep '^| [a-z]' | grep -v '^| fault |' | cut -d'|' -f1-5 |
    sed 's/ *$/|/' | sort -u >"$work/have"

while IFS= read -r row; do
    if grep -qxF -- "$row" "$work/have"; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL not in $DOC: $row"; fi
done <"$work/want"
while IFS= read -r row; do
    if grep -qxF -- "$row" "$work/want"; then :; else
        failed=$((failed + 1)); echo "FAIL $DOC lists a fault no test prints: $row"; fi
done <"$work/have"
n=$(wc -l <"$work/want")
if [ "$n" -ge 40 ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL only $n faults printed"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
