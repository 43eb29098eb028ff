#!/bin/sh
# Runs every test program and test script, adds up their
# "N passed, N failed" lines, and ends with the total in the same form.
# A program that crashes or prints no summary counts as one failure.
# Each test is bounded by `timeout`, so nothing can hang the suite.
# APICC_TEST_WRAPPER (e.g. a valgrind command line) is put in front of
# every test program; APICC_TEST_SCRIPTS=0 leaves the scripts out.
BUILD=${BUILD:-build}
export APICC_BUILD="$BUILD"
export APICC_TEST_SERVERS="$(pwd)/tests/servers"
export APICC_TEST_PYTHON="${APICC_TEST_PYTHON:-/usr/bin/python3}"
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() {
    name=$1
    shift
    timeout -k 10 600 "$@" >"$log" 2>&1
    rc=$?
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        cat "$log"
        echo "FAIL $name: exited $rc without a summary line"
        failed=$((failed + 1))
        return
    fi
    p=$(echo "$summary" | sed 's/^\([0-9]*\) passed.*/\1/')
    f=$(echo "$summary" | sed 's/.*passed, \([0-9]*\) failed.*/\1/')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # a non-zero exit with no counted failure is still a failure
    fi
    grep -E '^(FAIL|SKIP)' "$log"
    [ "$f" -gt 0 ] && tail -n 30 "$log"
    echo "$name: $p passed, $f failed"
    passed=$((passed + p))
    failed=$((failed + f))
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    # shellcheck disable=SC2086
    run_one "$(basename "$t")" ${APICC_TEST_WRAPPER:-} "$t"
done
for t in tests/*/test_*.sh; do
    [ -f "$t" ] || continue
    [ "${APICC_TEST_SCRIPTS:-1}" = 0 ] && continue
    run_one "$(basename "$t")" bash "$t"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
