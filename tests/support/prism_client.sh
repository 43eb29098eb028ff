# Sourced by the Prism union tests (tests/cli/test_prism_*unions.sh):
# imports an OpenAPI excerpt as a user would, generates its client and
# compiles a test program against it, warning-free, into $work/client.
# Needs $APICC, $work, and the caller's counters `passed` and `failed`
# and its `bad` function.  Needs no Prism.
. tests/support/client_link.sh

# prism_client_build DOC PROVIDER PROGRAM.c
prism_client_build() {
    _doc=$1 _p=$2 _prog=$3
    _warn="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow
           -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings
           -Wformat=2 -D_DEFAULT_SOURCE"
    # a sanitized runtime's programs are compiled with the sanitizers too
    if [ "$CLIENT_SANITIZE" = 1 ]; then
        _warn="$_warn -fsanitize=address,undefined"
    fi
    if ! "$APICC" import openapi "$_doc" --provider "$_p" --check \
        -o "$work/$_p.yaml" 2>"$work/import.err"; then
        bad "import: $(tail -n 3 "$work/import.err")"
    elif grep -q ': warning: ' "$work/import.err"; then
        bad "import warns: $(grep ': warning: ' "$work/import.err" | head -n 3)"
    elif ! "$APICC" generate --templates templates/c --out "$work/gen" \
        "$work/$_p.yaml" 2>"$work/gen.err"; then
        bad "generate: $(tail -n 3 "$work/gen.err")"
    elif ! cc $_warn -Iruntime/include -I"$work/gen/$_p" $CJSON_CFLAGS \
        -o "$work/client" "$_prog" "$work/gen/$_p/$_p.c" $CLIENT_LIBS \
        2>"$work/cc.err"; then
        bad "the client does not build warning-free: $(head -n 5 "$work/cc.err")"
    else
        passed=$((passed + 1))
    fi
}
