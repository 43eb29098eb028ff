#!/bin/sh
# Part of a spec under other C names without editing it: --only (endpoint
# name globs, path:/prefix) keeps those endpoints and the models they
# reach, --rename and --rename-file give endpoints and models other C
# names; check and view take the same options; the result compiles.
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
T=templates/c
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
FLAGS="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
-Wmissing-prototypes -Wwrite-strings -Wformat=2 -D_DEFAULT_SOURCE -Iruntime/include"

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
expect() { # expect NAME WANT_STATUS command...
    name=$1 want=$2
    shift 2
    "$@" >"$work/out" 2>"$work/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        bad "$name: exit $got, want $want"
        sed 's/^/    /' "$work/err" | head -10
    fi
}
has() { if grep -qF -- "$3" "$2"; then ok; else bad "$1: no \"$3\""; fi; }
lacks() { if grep -qF -- "$3" "$2"; then bad "$1: \"$3\" is there"; else ok; fi; }
compiles() { # compiles NAME DIR
    if cc $FLAGS -I"$2" -c "$2"/*.c -o "$work/obj.o" 2>"$work/cc"; then ok; else
        bad "$1: does not compile"
        head -10 "$work/cc"
    fi
}

# By name: one endpoint, and only the models it reaches (its response and
# the provider's error model).
expect only-name 0 "$APICC" generate -t $T -o "$work/a" --only session_keepalive_get specs/quatrix.yaml
h="$work/a/quatrix/quatrix.h"
has only-kept "$h" "quatrix_session_keepalive_get("
lacks only-dropped "$h" "quatrix_session_login_get("
lacks only-model-dropped "$h" "quatrix_session_login_resp"
has only-error-model "$h" "quatrix_error_model"
compiles only-name "$work/a/quatrix"

# A glob and a path prefix together; the models login reaches stay.
expect only-glob 0 "$APICC" generate -t $T -o "$work/b" --only 'session_login_*' --only=path:/session/logout specs/quatrix.yaml
h="$work/b/quatrix/quatrix.h"
has glob-get "$h" "quatrix_session_login_get("
has glob-post "$h" "quatrix_session_login_post("
has path-logout "$h" "quatrix_session_logout_get("
lacks glob-keepalive "$h" "quatrix_session_keepalive_get("
has glob-model "$h" "quatrix_session_login_resp"
compiles only-glob "$work/b/quatrix"

# Renames: an endpoint, a model by its spec name, one by its C name, from
# the command line and from a file.
printf '# vendored names\nsession_logout_get = logout\n\nsession_login_resp=login_reply # C name\n' >"$work/renames"
expect rename 0 "$APICC" generate -t $T -o "$work/c" --only 'session_log*' \
    --rename session_login_get=login --rename-file "$work/renames" specs/quatrix.yaml
h="$work/c/quatrix/quatrix.h"
has rename-endpoint "$h" "quatrix_login(apicc_client"
has rename-file-endpoint "$h" "quatrix_logout(apicc_client"
has rename-model "$h" "quatrix_login_reply_free("
lacks rename-old "$h" "quatrix_session_login_get("
compiles rename "$work/c/quatrix"
expect rename-spec-name 0 "$APICC" generate -t $T -o "$work/d" --rename SessionLoginResp=login_reply specs/quatrix.yaml
has rename-spec-name-model "$work/d/quatrix/quatrix.h" "quatrix_login_reply_free("

# check and view take the same options.
expect check-same 0 "$APICC" check -t $T -o "$work/c" --only 'session_log*' \
    --rename session_login_get=login --rename-file "$work/renames" specs/quatrix.yaml
expect check-without 1 "$APICC" check -t $T -o "$work/c" specs/quatrix.yaml
expect view-only 0 "$APICC" view --only session_keepalive_get specs/quatrix.yaml
lacks view-only-dropped "$work/out" "session_login_get"

# Mistakes are errors, and nothing is written.
expect only-nothing 2 "$APICC" generate -t $T -o "$work/e" --only nosuch specs/quatrix.yaml
has only-nothing-says "$work/err" "--only nosuch picks no endpoint"
expect rename-nothing 2 "$APICC" generate -t $T -o "$work/e" --rename nosuch=x specs/quatrix.yaml
has rename-nothing-says "$work/err" "no endpoint or model is named nosuch"
expect rename-form 2 "$APICC" generate -t $T -o "$work/e" --rename nosuch specs/quatrix.yaml
expect rename-clash 2 "$APICC" generate -t $T -o "$work/e" --rename session_login_get=session_logout_get specs/quatrix.yaml
expect rename-bad-c 2 "$APICC" generate -t $T -o "$work/e" --rename session_login_get=1x specs/quatrix.yaml
# a new name is a C name the validator checks, never code
expect rename-not-c 2 "$APICC" generate -t $T -o "$work/e" --rename 'SessionLoginResp=x;system("id")' specs/quatrix.yaml
has rename-not-c-says "$work/err" "is not a valid C identifier"
expect rename-file-missing 2 "$APICC" generate -t $T -o "$work/e" --rename-file "$work/nosuch" specs/quatrix.yaml
if [ ! -e "$work/e" ]; then ok; else bad "a failed selection wrote output"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
