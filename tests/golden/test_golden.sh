#!/bin/sh
# Golden tests: each tests/golden/<case>/spec.yaml generates exactly the
# files in tests/golden/<case>/expected/.  After an intended change to the
# templates or the view, refresh them with APICC_UPDATE_GOLDEN=1 and review
# the diff.  Every generated file must also compile warning-free with gcc
# and clang under the project's flags.
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
FLAGS="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
-Wmissing-prototypes -Wwrite-strings -Wformat=2 -D_DEFAULT_SOURCE -Iruntime/include"

for dir in tests/golden/*/; do
    dir=${dir%/}
    case=$(basename "$dir")
    [ -f "$dir/spec.yaml" ] || continue
    out="$work/$case"
    if ! "$APICC" generate --templates templates/c --out "$out" "$dir/spec.yaml" 2>"$work/err"; then
        echo "FAIL $case: generate failed"
        sed 's/^/    /' "$work/err" | head -20
        failed=$((failed + 1))
        continue
    fi
    if [ "${APICC_UPDATE_GOLDEN:-0}" = 1 ]; then
        rm -rf "$dir/expected"
        mkdir -p "$dir/expected"
        cp -R "$out"/*/. "$dir/expected/"
    fi
    if diff -ru "$dir/expected" "$out"/*/ >"$work/diff" 2>&1; then
        passed=$((passed + 1))
    else
        echo "FAIL $case: output differs from $dir/expected"
        head -40 "$work/diff"
        failed=$((failed + 1))
    fi
done

# Every generated source, golden and committed, compiles cleanly.
for src in tests/golden/*/expected/*.c generated/*/*.c; do
    [ -f "$src" ] || continue
    for cc in gcc clang; do
        command -v $cc >/dev/null 2>&1 || continue
        if $cc $FLAGS -I"$(dirname "$src")" -c "$src" -o "$work/x.o" 2>"$work/err"; then
            passed=$((passed + 1))
        else
            echo "FAIL $cc $src does not compile cleanly"
            head -20 "$work/err"
            failed=$((failed + 1))
        fi
    done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
