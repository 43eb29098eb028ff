#!/bin/sh
# Every ```c example of every generated README (generated/*/README.md and
# the golden ones) compiles warning-free as C11 against its header, and
# the first of each links against the client and the runtime: an example
# copied as it is builds.  Examples of endpoints that need a credential
# set it, and required params get values.
BUILD=${APICC_BUILD:-build}
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. tests/support/client_link.sh
FLAGS="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
-Wmissing-prototypes -Wwrite-strings -Wformat=2 -D_DEFAULT_SOURCE -Iruntime/include \
$CJSON_CFLAGS"
LIBS=$CLIENT_LIBS

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

for readme in generated/*/README.md tests/golden/*/expected/README.md; do
    dir=$(dirname "$readme")
    name=$(echo "$dir" | tr '/' '_')
    # one file per ```c block that is a whole program
    awk -v out="$work/$name" '
        /^```c$/ { n++; f = sprintf("%s_%03d.c", out, n); inblock = 1; next }
        /^```$/ && inblock { inblock = 0; close(f); next }
        inblock { print > f }
    ' "$readme"
    examples=0
    for ex in "$work/$name"_*.c; do
        [ -f "$ex" ] || continue
        grep -q '^int main(void)' "$ex" || continue
        examples=$((examples + 1))
        if cc $FLAGS -I"$dir" -fsyntax-only "$ex" 2>"$work/cc"; then ok; else
            bad "$readme: example $(basename "$ex") does not compile"
            head -10 "$work/cc"
        fi
        if [ "$examples" -eq 1 ]; then
            c_file=$(ls "$dir"/*.c | head -1)
            if cc $FLAGS -I"$dir" "$ex" "$c_file" $LIBS -o "$work/a.out" 2>"$work/cc"; then ok; else
                bad "$readme: example $(basename "$ex") does not link"
                head -10 "$work/cc"
            fi
        fi
    done
    endpoints=$(grep -c '^## ' "$readme")
    # "## Methods", "## Authorization schemes", "## Events", "## Models"
    # are not endpoints
    endpoints=$((endpoints - $(grep -cE '^## (Methods|Authorization schemes|Events|Models|Enums)$' "$readme")))
    if [ "$examples" -eq "$endpoints" ]; then ok; else
        bad "$readme: $examples examples for $endpoints endpoints"
    fi
done

# What the examples set, on providers whose endpoints need it.
grep -qF 'quatrix_set_basic_auth(c, getenv("QUATRIX_USER"), getenv("QUATRIX_PASSWORD"));' generated/quatrix/README.md && ok ||
    bad "quatrix's login example sets no Basic credentials"
grep -qF 'koyeb_set_bearer(c, getenv("KOYEB_TOKEN"));' generated/koyeb/README.md && ok ||
    bad "koyeb's examples set no token"
# Required params get values in the params struct, or, for path params,
# as the function's own arguments.
grep -qE 'params\.[a-z_]+ = |[a-z_]+\(c, ("[^"]+"|[0-9])' generated/*/README.md \
    tests/golden/*/expected/README.md && ok ||
    bad "no example gives a required param a value"
# The headers the runtime really sends (runtime/src/http.c).
grep -qF -- '- **Accept**: `*/*`' generated/quatrix/README.md && ok || bad "README claims another Accept"
if grep -qF 'Accept**: application/json' generated/*/README.md; then bad "README says Accept: application/json"; else ok; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
