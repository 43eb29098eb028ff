#!/bin/sh
# `apicc import` end to end.
#
# 1. Golden cases (tests/import/<case>/): the command line in `args`, the
#    spec and the warnings expected in expected/.  APICC_UPDATE_GOLDEN=1
#    rewrites expected/ instead of comparing (review the diff).
# 2. The real documents in ../shared/provider-docs/ (Quatrix, Koyeb, both
#    IBKR) and the seed markdown docs in ../shared/seeds/ (alone, and with
#    the providers' model docs).  They are not part of the repository
#    ($APICC_SHARED names the shared folder, default ../shared): when a
#    whole folder is not there (a fresh clone), its cases are counted as
#    skipped with the reason; a file missing from a folder that is there
#    is a failure.
# Every spec imported is validated, generated into a temporary folder,
# and the C compiled with the project's warning flags.  For the OpenAPI
# documents, every operation must have become an endpoint or have been
# reported as skipped.  Prints "N passed, N failed, N skipped".
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
PY=${APICC_TEST_PYTHON:-/usr/bin/python3}
SHARED=${APICC_SHARED:-../shared}
DOCS=$SHARED/provider-docs
SEEDS=$SHARED/seeds
CC=${CC:-cc}
# The generated C must build warning-free with gcc and clang alike.
COMPILERS=$CC
if command -v clang >/dev/null 2>&1 && [ "$CC" != clang ]; then
    COMPILERS="$CC clang"
fi
WARN="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes
      -Wmissing-prototypes -Wwrite-strings -Wformat=2 -D_DEFAULT_SOURCE"
passed=0
failed=0
skipped=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { passed=$((passed + 1)); }
bad() {
    failed=$((failed + 1))
    echo "FAIL $1"
}
# skip NAME WHY: a case whose shared data is not beside this clone; its
# later checks are skipped too (has looks for the mark).
skip() {
    skipped=$((skipped + 1))
    echo "SKIP $1: $2"
    : >"$work/$1.skipped"
}
# absent_root PATH: prints the shared folder PATH is in when that whole
# folder is not there, else nothing.
absent_root() {
    for root in "$DOCS" "$SEEDS"; do
        case $1 in "$root"/*) [ -d "$root" ] || echo "$root" ;; esac
    done
}
finish() {
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit $?
}

if [ ! -x "$APICC" ]; then
    bad "$APICC is missing (build it first)"
    finish
fi

# check_spec NAME SPEC: validates, generates and compiles.
check_spec() {
    name=$1 spec=$2
    if "$APICC" validate "$spec" >"$work/v.err" 2>&1; then ok; else
        bad "$name: apicc validate"
        head -20 "$work/v.err" | sed 's/^/    /'
        return
    fi
    out="$work/gen-$name"
    if "$APICC" generate --templates templates/c --out "$out" "$spec" \
        >"$work/g.err" 2>&1; then ok; else
        bad "$name: apicc generate"
        head -20 "$work/g.err" | sed 's/^/    /'
        return
    fi
    for c in "$out"/*/*.c; do
        [ -f "$c" ] || { bad "$name: no C file generated"; continue; }
        for cc in $COMPILERS; do
            # shellcheck disable=SC2086
            if $cc $WARN -Iruntime/include -c "$c" -o "$work/obj.o" \
                >"$work/cc.err" 2>&1; then ok; else
                bad "$name: $(basename "$c") does not compile with $cc"
                head -20 "$work/cc.err" | sed 's/^/    /'
            fi
        done
    done
    rm -rf "$out"
}

# ---- 1. golden cases -------------------------------------------------

for dir in tests/import/*/; do
    case=$(basename "$dir")
    [ -f "$dir/args" ] || continue
    # shellcheck disable=SC2046
    set -- $(cat "$dir/args")
    spec="$work/$case.yaml"
    "$APICC" import "$@" --check -o "$spec" 2>"$work/$case.err"
    rc=$?
    if [ "$rc" -eq 0 ]; then ok; else
        bad "$case: apicc import exited $rc"
        sed 's/^/    /' "$work/$case.err" | head -20
        continue
    fi
    if [ "${APICC_UPDATE_GOLDEN:-0}" = 1 ]; then
        mkdir -p "$dir/expected"
        cp "$spec" "$dir/expected/spec.yaml"
        cp "$work/$case.err" "$dir/expected/warnings.txt"
        echo "updated $dir/expected"
    fi
    if diff -u "$dir/expected/spec.yaml" "$spec" >"$work/diff"; then ok; else
        bad "$case: spec differs from $dir/expected/spec.yaml"
        head -40 "$work/diff" | sed 's/^/    /'
    fi
    if diff -u "$dir/expected/warnings.txt" "$work/$case.err" >"$work/diff"
    then ok; else
        bad "$case: warnings differ from $dir/expected/warnings.txt"
        head -40 "$work/diff" | sed 's/^/    /'
    fi
    check_spec "$case" "$spec"
done

# Determinism: the same input gives the same bytes.
"$APICC" import openapi tests/import/oas30/input.yaml >"$work/a" 2>/dev/null
"$APICC" import openapi tests/import/oas30/input.yaml >"$work/b" 2>/dev/null
if cmp -s "$work/a" "$work/b" && [ -s "$work/a" ]; then ok; else
    bad "determinism: two imports differ"
fi

# ---- 2. the providers' documents -------------------------------------

# count_ops DOC SPEC: "operations endpoints" of an OpenAPI document and
# the spec imported from it.
count_ops() {
    "$PY" - "$1" "$2" <<'PY'
import json, sys
import yaml
doc, spec = sys.argv[1], sys.argv[2]
with open(doc, encoding="utf-8") as f:
    d = json.load(f) if doc.endswith(".json") else yaml.safe_load(f)
methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
ops = 0
for item in (d.get("paths") or {}).values():
    if isinstance(item, dict):
        ops += sum(1 for m in item if m in methods)
with open(spec, encoding="utf-8") as f:
    s = yaml.safe_load(f)
print(ops, len(s["endpoints"]))
PY
}

import_doc() { # import_doc NAME PROVIDER DOC
    name=$1 provider=$2 doc=$3
    root=$(absent_root "$doc")
    if [ -n "$root" ]; then
        skip "$name" "$root is not there: the shared data is not beside this clone"
        return
    fi
    if [ ! -f "$doc" ]; then
        bad "MISSING $doc: the shared provider docs are not there"
        return
    fi
    spec="$work/$name.yaml"
    if "$APICC" import openapi "$doc" --provider "$provider" --check -o "$spec" \
        2>"$work/$name.err"; then ok; else
        bad "$name: apicc import openapi $doc"
        tail -20 "$work/$name.err" | sed 's/^/    /'
        return
    fi
    counts=$(count_ops "$doc" "$spec")
    ops=${counts% *}
    endpoints=${counts#* }
    skipped=$(grep -c ': operation skipped:' "$work/$name.err")
    if [ -n "$ops" ] && [ "$ops" -gt 0 ] &&
        [ "$ops" -eq $((endpoints + skipped)) ]; then ok; else
        bad "$name: $ops operations, but $endpoints endpoints and $skipped reported skipped"
    fi
    check_spec "$name" "$spec"
}

import_doc quatrix quatrix "$DOCS/quatrix/swagger.yaml"
import_doc koyeb koyeb "$DOCS/koyeb/openapi.yaml"
import_doc ibkr_legacy ibkr "$DOCS/ibkr/doc.json"
import_doc ibkr ibkr "$DOCS/ibkr/ibkr-openapi.json"

# ---- 3. the seed markdown docs ---------------------------------------

# endpoint_names SPEC: the endpoint names, sorted, on one line.
endpoint_names() {
    "$PY" - "$1" <<'PY'
import sys
import yaml
with open(sys.argv[1], encoding="utf-8") as f:
    s = yaml.safe_load(f)
print(" ".join(sorted(e["name"] for e in s["endpoints"])))
PY
}

# import_md NAME PROVIDER "WANTED ENDPOINTS" ARGS...
import_md() {
    name=$1 provider=$2 want=$3
    shift 3
    for f in "$@"; do
        case $f in --*) continue ;; esac
        root=$(absent_root "$f")
        if [ -n "$root" ]; then
            skip "$name" "$root is not there: the shared data is not beside this clone"
            return
        fi
        if [ ! -e "$f" ]; then
            bad "MISSING $f: the shared seeds or provider docs are not there"
            return
        fi
    done
    spec="$work/$name.yaml"
    if "$APICC" import markdown "$@" --provider "$provider" --check -o "$spec" \
        2>"$work/$name.err"; then ok; else
        bad "$name: apicc import markdown $*"
        tail -20 "$work/$name.err" | sed 's/^/    /'
        return
    fi
    got=$(endpoint_names "$spec")
    if [ "$got" = "$want" ]; then ok; else
        bad "$name: endpoints \"$got\", want \"$want\""
    fi
    check_spec "$name" "$spec"
}

BINANCE="session_logon session_logout session_status"
QUATRIX="session_keepalive_get session_login_get session_login_post session_logout_get session_unblock_captcha_post"
KOYEB="login logout refresh_token"
IBKR="iserver_auth_status_post iserver_reauthenticate_post logout_post sso_validate_get tickle_post"

import_md seed000 binance_spot "$BINANCE" $SEEDS/000_*.txt
import_md seed001 binance_spot "$BINANCE" $SEEDS/001_*.txt
import_md seed002 quatrix "$QUATRIX" $SEEDS/002_*.txt
import_md seed003 koyeb "$KOYEB" $SEEDS/003_*.txt
import_md seed004 ibkr "$IBKR" $SEEDS/004_*.txt

# With the model docs, the models come through too.
import_md binance_models binance_spot "$BINANCE" $SEEDS/000_*.txt \
    $SEEDS/001_*.txt --models "$DOCS/binance/go" "$DOCS/binance/java"
import_md quatrix_models quatrix "$QUATRIX" $SEEDS/002_*.txt \
    --models "$DOCS/quatrix"
# The Koyeb folder holds the current SessionsApi.md, with NewSession.
import_md koyeb_models koyeb "login logout new_session refresh_token" \
    $SEEDS/003_*.txt --models "$DOCS/koyeb"
import_md ibkr_models ibkr "$IBKR" $SEEDS/004_*.txt \
    --models "$DOCS/ibkr/gfalcon"

# has NAME FILE TEXT (skipped with the import that made FILE)
has() {
    if [ -e "${2%.yaml}.skipped" ]; then
        skip "$1" "$(basename "${2%.yaml}") was skipped"
        rm -f "$work/$1.skipped"
    elif [ -f "$2" ] && grep -qF -- "$3" "$2"; then ok; else
        bad "$1: no \"$3\" in $2"
    fi
}
has binance-ws "$work/binance_models.yaml" "transport: websocket"
has binance-method "$work/binance_models.yaml" "method: session.logon"
has binance-result "$work/binance_models.yaml" \
    "response: SessionLogonResponseResult"
has binance-param "$work/binance_models.yaml" "- name: recvWindow"
has quatrix-model "$work/quatrix_models.yaml" "  SessionLoginPostResp:"
has quatrix-prop "$work/quatrix_models.yaml" "      auth_type:"
has koyeb-model "$work/koyeb_models.yaml" "  LoginRequest:"
has koyeb-prop "$work/koyeb_models.yaml" "      organization_id:"
has koyeb-bearer "$work/koyeb_models.yaml" "type: bearer"
has ibkr-model "$work/ibkr_models.yaml" "  AuthStatus:"
has ibkr-prop "$work/ibkr_models.yaml" "      authenticated:"
has ibkr-wrapped "$work/ibkr_models.yaml" "      competing:"

# ---- 4. the command line ---------------------------------------------

expect() { # expect NAME STATUS command...
    name=$1 want=$2
    shift 2
    "$@" >"$work/out" 2>"$work/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        bad "$name: exit $got, want $want"
        head -5 "$work/err" | sed 's/^/    /'
    fi
}
expect help 0 "$APICC" import --help
has help-text "$work/out" "apicc import openapi FILE"
expect help-openapi 0 "$APICC" import openapi --help
expect no-kind 2 "$APICC" import
expect bad-kind 2 "$APICC" import raml x.raml
expect no-file 2 "$APICC" import openapi
expect missing-file 2 "$APICC" import openapi "$work/nope.yaml"
expect bad-provider 2 "$APICC" import openapi tests/import/oas30/input.yaml \
    --provider Bad-Name
expect bad-option 2 "$APICC" import openapi tests/import/oas30/input.yaml --nope
printf 'openapi: 9.0\ninfo: {title: x}\n' >"$work/v9.yaml"
expect bad-version 2 "$APICC" import openapi "$work/v9.yaml"
has bad-version-msg "$work/err" "OpenAPI version '9.0' is not supported"
printf '{"openapi": "3.0.0", "info": {' >"$work/broken.json"
expect broken-json 2 "$APICC" import openapi "$work/broken.json"
has broken-json-pos "$work/err" "broken.json:1:"
printf 'openapi: 3.0.0\ninfo: {title: x}\npaths: {}\n' >"$work/empty.yaml"
expect no-operations 2 "$APICC" import openapi "$work/empty.yaml"
# Webhooks alone: no endpoint, but the payloads as models when asked.
expect webhooks-only 2 "$APICC" import openapi tests/import/oas31_webhooks/input.yaml
has webhooks-hint "$work/err" "--all-models imports the schemas as models"
# The provider prefix from the server host, else short words of the title.
printf 'openapi: 3.0.0\ninfo: {title: "GitHub'"'"'s official OpenAPI spec", version: "1"}\nservers: [{url: "https://api.github.com"}]\npaths: {/x: {get: {responses: {"204": {description: ok}}}}}\n' >"$work/gh.yaml"
expect provider-host 0 "$APICC" import openapi "$work/gh.yaml"
has provider-host-name "$work/out" "provider: github"
has provider-host-said "$work/err" "provider name 'github' guessed from the server host"
sed 's|https://api.github.com|http://localhost:8080|' "$work/gh.yaml" >"$work/gh2.yaml"
expect provider-title 0 "$APICC" import openapi "$work/gh2.yaml"
has provider-title-name "$work/out" "provider: github"
# A reference through a symbolic link out of the document's folder is
# not read: the file outside stays out of the spec.
mkdir -p "$work/split" "$work/secret"
printf 'get: {operationId: leak, responses: {"204": {description: ok}}}\n' >"$work/secret/item.yaml"
ln -s ../secret/item.yaml "$work/split/item.yaml"
printf 'openapi: 3.0.0\ninfo: {title: Split, version: "1"}\npaths:\n  /a: {$ref: item.yaml}\n  /b: {get: {operationId: kept, responses: {"204": {description: ok}}}}\n' >"$work/split/doc.yaml"
expect split-link 0 "$APICC" import openapi "$work/split/doc.yaml"
has split-link-said "$work/err" "a link out of the document's folder"
if grep -q "leak" "$work/out"; then bad "split-link: the linked file was read"; else ok; fi
expect markdown-nothing 2 "$APICC" import markdown tests/import/markdown_go/models/README.md

finish
