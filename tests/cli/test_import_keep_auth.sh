#!/bin/sh
# `apicc import openapi --keep-auth SPEC`: a signing rule written by hand
# survives re-importing the provider's document.  The document's security
# requirements become `auth:` lists (an object of two schemes is one
# alternative of both); the kept spec's schemes replace the imported ones
# of their names, as written (comments, another indentation), or are
# added; its default_auth replaces the imported one; keeping the result
# again changes nothing; and what cannot be kept is an error.
# Prints "N passed, N failed"; exits 1 when anything failed.
APICC=${APICC_BUILD:-build}/apicc
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
}
# has NAME FILE LINE: FILE holds LINE exactly.
has() {
    if grep -qxF -- "$3" "$2"; then
        passed=$((passed + 1))
    else
        fail "$1" "no line \"$3\" in $2:
$(cat "$2")"
    fi
}
lacks() {
    if grep -qxF -- "$3" "$2"; then
        fail "$1" "line \"$3\" in $2"
    else
        passed=$((passed + 1))
    fi
}
ok() {
    if "$@" >"$tmp/log" 2>&1; then
        passed=$((passed + 1))
    else
        fail "$1 $2" "exited $?: $(cat "$tmp/log")"
    fi
}

if [ ! -x "$APICC" ]; then
    fail apicc_built "$APICC is missing (build it first)"
    echo "$passed passed, $failed failed"
    exit 1
fi

cat >"$tmp/doc.yaml" <<'YAML'
openapi: 3.0.3
info: { title: Exchange, version: "1" }
servers: [{ url: "https://api.example.com" }]
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
    sig: { type: apiKey, in: header, name: X-Sig, description: signed }
    token: { type: http, scheme: bearer }
security:
  - key: []
    sig: []
paths:
  /orders:
    get:
      operationId: list_orders
      responses: { "200": { description: ok } }
  /me:
    get:
      operationId: me
      security: [{ token: [] }, { key: [], sig: [] }]
      responses: { "200": { description: ok } }
YAML
imp() { "$APICC" import openapi "$tmp/doc.yaml" --provider exch --check "$@"; }

ok imp -o "$tmp/first.yaml"
has and_default "$tmp/first.yaml" "default_auth: [[key, sig]]"
has or_of_and "$tmp/first.yaml" "    auth: [token, [key, sig]]"

# The user's own spec: `sig` is really a signature, written with four
# spaces; a scheme of their own; a default_auth of their own.
cat >"$tmp/hand.yaml" <<'YAML'
apicc: 1
provider: exch
title: Exchange
servers:
    - name: server
      url: https://api.example.com
auth:
    sig:
        # from the provider's signing page
        type: signature
        algorithm: hmac-sha256
        values:
            - name: X-Sig
              in: header
              value: [{hex: [{sign: [method, path_query, {header: X-Key}]}]}]
    spare:
        type: bearer
default_auth: [token, [key, sig]]
endpoints: []
YAML
ok imp --keep-auth "$tmp/hand.yaml" -o "$tmp/second.yaml"
# moved left as a whole, its own indentation kept inside
has kept_type "$tmp/second.yaml" "      type: signature"
has kept_comment "$tmp/second.yaml" "      # from the provider's signing page"
has kept_value "$tmp/second.yaml" "            value: [{hex: [{sign: [method, path_query, {header: X-Key}]}]}]"
lacks replaced "$tmp/second.yaml" "    name: X-Sig"
has imported_kept "$tmp/second.yaml" "    name: X-Key"
has added "$tmp/second.yaml" "  spare:"
has default_kept "$tmp/second.yaml" "default_auth: [token, [key, sig]]"
lacks default_replaced "$tmp/second.yaml" "default_auth: [[key, sig]]"
# the result generates a client with the rule
ok "$APICC" generate --templates templates/c --out "$tmp/gen" "$tmp/second.yaml"
if grep -q 'exch_set_sig_credentials' "$tmp/gen/exch/exch.h"; then
    passed=$((passed + 1))
else
    fail setter "no exch_set_sig_credentials in the generated header"
fi

# Keeping the kept spec again: the same bytes.
ok imp --keep-auth "$tmp/second.yaml" -o "$tmp/third.yaml"
if cmp -s "$tmp/second.yaml" "$tmp/third.yaml"; then
    passed=$((passed + 1))
else
    fail idempotent "$(diff "$tmp/second.yaml" "$tmp/third.yaml")"
fi

# What cannot be kept.
printf 'apicc: 1\nauth: {sig: {type: bearer}}\n' >"$tmp/flow.yaml"
if imp --keep-auth "$tmp/flow.yaml" -o "$tmp/x.yaml" 2>"$tmp/err"; then
    fail flow_refused "a flow-style auth was taken"
else
    has flow_refused "$tmp/err" "$tmp/flow.yaml:2:7: error: --keep-auth needs 'auth' as a block mapping (one scheme per line, indented under it)"
fi
printf 'apicc: 1\n' >"$tmp/none.yaml"
if imp --keep-auth "$tmp/none.yaml" 2>"$tmp/err" >/dev/null; then
    fail no_auth "a spec without auth was taken"
else
    has no_auth "$tmp/err" "$tmp/none.yaml:1:1: error: no 'auth:' to keep"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
