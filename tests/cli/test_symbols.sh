#!/bin/sh
# Namespaces: libapicc.so exports only apicc_* symbols, and each generated
# object defines only <provider>_* global symbols.  A stray export would
# collide in a user's program.
BUILD=${APICC_BUILD:-build}
passed=0
failed=0

lib="$BUILD/libapicc.so"
if [ -f "$lib" ]; then
    stray=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -v '^apicc_' || true)
    if [ -z "$stray" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL libapicc.so exports: $stray"; fi
    count=$(nm -D --defined-only "$lib" | grep -c ' apicc_')
    if [ "$count" -gt 20 ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL libapicc.so exports only $count apicc_ symbols"; fi
else
    failed=$((failed + 1)); echo "FAIL $lib is missing"
fi

for obj in "$BUILD"/generated/*/*.o; do
    [ -f "$obj" ] || continue
    p=$(basename "$obj" .o)
    stray=$(nm --defined-only "$obj" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -v "^${p}_" || true)
    if [ -z "$stray" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL $obj defines: $stray"; fi
done

# Every public header compiles on its own.
for h in runtime/include/apicc/*.h; do
    if printf '#include "%s"\ntypedef int header_check_unit_;\n' "$h" | cc -std=c11 -Wall -Wextra -Wpedantic -Werror \
        -Iruntime/include -x c -c -o /dev/null - 2>/dev/null; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "FAIL $h does not compile on its own"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
