#!/bin/sh
# Runs every test program and test script, adds up their
# "N passed, N failed, N skipped" lines (", N skipped" may be left out),
# and ends with the total "N passed, N failed, N skipped".  A skip is a
# case whose data lives outside the repository and is missing; its SKIP
# line, with the reason, is shown.  A program that crashes or prints no
# summary counts as one failure.  Each test is bounded by `timeout`, so
# nothing can hang the suite.
# APICC_TEST_WRAPPER (e.g. a valgrind command line) is put in front of
# every test program; APICC_TEST_SCRIPTS=0 leaves the scripts out.
# APICC_TEST_TIME_SCALE=N (a whole number, default 1) multiplies every
# bounded wait, here and in the tests (tests/support/test_time.h), for
# slow runs such as valgrind's.
BUILD=${BUILD:-build}
SCALE=${APICC_TEST_TIME_SCALE:-1}
case $SCALE in '' | *[!0-9]* | 0) SCALE=1 ;; esac
export APICC_TEST_TIME_SCALE="$SCALE"
export APICC_BUILD="$BUILD"
export APICC_TEST_SERVERS="$(pwd)/tests/servers"
export APICC_TEST_PYTHON="${APICC_TEST_PYTHON:-/usr/bin/python3}"
passed=0
failed=0
skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() {
    name=$1
    shift
    timeout -k 10 $((600 * SCALE)) "$@" >"$log" 2>&1
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
    s=0
    case $summary in
    *", "*" skipped"*) s=$(echo "$summary" | sed 's/.*failed, \([0-9]*\) skipped.*/\1/') ;;
    esac
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # a non-zero exit with no counted failure is still a failure
    fi
    grep -E '^(FAIL|SKIP)' "$log"
    [ "$f" -gt 0 ] && tail -n 30 "$log"
    echo "$name: $p passed, $f failed, $s skipped"
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
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

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
