#!/bin/sh
# Requests fill from literals: tests/request/fill_request.c, which fills
# a model, a params struct and path arguments from string literals and
# const arrays with no cast, builds warning-free with -Wwrite-strings
# -Werror as C11, C99 and C++ (gcc, g++, and clang when installed)
# against the golden client, and the body it prints leaves out every
# optional pointer left NULL.
BUILD=${APICC_BUILD:-build}
passed=0
failed=0
gold=tests/golden/everything/expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. tests/support/client_link.sh
WARN="-Wall -Wextra -Wpedantic -Werror -Wwrite-strings"
INC="-Iruntime/include -I$gold $CJSON_CFLAGS"
LIBS=$CLIENT_LIBS
# a sanitized runtime's programs are compiled with the sanitizers too
if [ "$CLIENT_SANITIZE" = 1 ]; then
    WARN="$WARN -fsanitize=address,undefined"
fi
want='{"id":"w-17","count":3,"ratio":null,"owner":{"name":"ann","parent":{"name":"root"}},"tags":["blue","round"],"colors":["red"],"parts":[{"name":"ann","parent":{"name":"root"}}]}'

# build NAME COMPILER LANG-FLAGS: compiles the request file as NAME and
# the golden client as C, links and runs it, and checks the body.
build() {
    name=$1 cc=$2
    shift 2
    if ! cc -std=c11 $WARN $INC -c "$gold/everything.c" -o "$work/gen.o" 2>"$work/$name.err" ||
        ! $cc "$@" $WARN $INC -c tests/request/fill_request.c -o "$work/$name.o" 2>>"$work/$name.err" ||
        ! $cc -o "$work/$name" "$work/$name.o" "$work/gen.o" $LIBS 2>>"$work/$name.err"; then
        failed=$((failed + 1))
        echo "FAIL $name: does not build warning-free"
        sed 's/^/    /' "$work/$name.err" | head -10
        return
    fi
    passed=$((passed + 1))
    got=$("$work/$name")
    if [ "$got" = "$want" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1))
        echo "FAIL $name: body $got"
        echo "     want $want"
    fi
}

build c11 cc -std=c11
build c99 cc -std=c99
build cxx c++ -x c++ -std=c++11
if command -v clang >/dev/null 2>&1; then
    build clang clang -std=c11
    build clangxx clang++ -x c++ -std=c++11
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
