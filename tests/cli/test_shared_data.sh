#!/bin/sh
# The suite on a clone without the shared data beside it: the tests that
# read ../shared report their cases as skipped, with the reason, and
# tests/run.sh counts skips in its closing line; a shared folder that is
# there but incomplete is still a failure.  Also: run.sh hands its time
# scale (APICC_TEST_TIME_SCALE, set by make memcheck) to every test.
BUILD=${APICC_BUILD:-build}
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
has() { # has NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then ok; else
        bad "$1: no \"$3\" in output"
        tail -n 5 "$2" | sed 's/^/    /'
    fi
}

# run.sh adds up skips, takes summaries with or without them, shows the
# reasons, and passes the time scale on.
mkdir -p "$work/build/tests"
cat >"$work/build/tests/test_a" <<'SH'
#!/bin/sh
echo "SKIP data: not beside this clone"
echo "2 passed, 0 failed, 3 skipped"
SH
cat >"$work/build/tests/test_b" <<'SH'
#!/bin/sh
echo "scale $APICC_TEST_TIME_SCALE"
echo "1 passed, 0 failed"
SH
chmod +x "$work/build/tests/test_a" "$work/build/tests/test_b"
BUILD="$work/build" APICC_TEST_SCRIPTS=0 APICC_TEST_WRAPPER= \
    APICC_TEST_TIME_SCALE=7 sh tests/run.sh >"$work/run.out" 2>&1
if [ $? -eq 0 ]; then ok; else bad "run.sh: skips made the run fail"; fi
if [ "$(tail -n 1 "$work/run.out")" = "3 passed, 0 failed, 3 skipped" ]; then ok; else
    bad "run.sh closing line: $(tail -n 1 "$work/run.out")"
fi
has run-reason "$work/run.out" "SKIP data: not beside this clone"
has run-per-test "$work/run.out" "test_b: 1 passed, 0 failed, 0 skipped"
cat >"$work/build/tests/test_b" <<'SH'
#!/bin/sh
echo "FAIL scale is $APICC_TEST_TIME_SCALE, want 7"
[ "$APICC_TEST_TIME_SCALE" = 7 ] && echo "1 passed, 0 failed" && exit 0
echo "0 passed, 1 failed"; exit 1
SH
BUILD="$work/build" APICC_TEST_SCRIPTS=0 APICC_TEST_WRAPPER= \
    APICC_TEST_TIME_SCALE=7 sh tests/run.sh >"$work/run.out" 2>&1
if [ $? -eq 0 ]; then ok; else bad "run.sh does not pass APICC_TEST_TIME_SCALE on"; fi

# No shared folder at all: every case that needs it is skipped, none fails.
APICC_SHARED="$work/none" "$BUILD/tests/test_mustache_spec" >"$work/m.out" 2>&1
if [ $? -eq 0 ]; then ok; else bad "mustache spec without shared data exited non-zero"; fi
has mustache-skips "$work/m.out" "0 passed, 0 failed, 8 skipped"
has mustache-reason "$work/m.out" "SKIP comments: $work/none/mustache-spec is not there"
APICC_SHARED="$work/none" APICC_BUILD="$BUILD" bash tests/cli/test_import.sh >"$work/i.out" 2>&1
if [ $? -eq 0 ]; then ok; else bad "import without shared data exited non-zero"; fi
has import-skips "$work/i.out" "0 failed, 25 skipped"
has import-reason "$work/i.out" "SKIP seed000: $work/none/seeds is not there"

# A shared folder that is there but lacks the suite's files fails loudly.
mkdir -p "$work/partial/mustache-spec"
APICC_SHARED="$work/partial" "$BUILD/tests/test_mustache_spec" >"$work/p.out" 2>&1
if [ $? -ne 0 ]; then ok; else bad "an empty mustache-spec folder passed"; fi
has partial-failures "$work/p.out" "0 passed, 8 failed, 0 skipped"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
