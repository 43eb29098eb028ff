#!/bin/sh
# `apicc sign` end to end: Binance's documented HMAC signature (H3) from a
# key file and from a spec's signature scheme, the Ed25519 signatures of
# the same payload, RSA-SHA256 checked with `openssl dgst -verify`, an HTTP
# scheme with method/path/query/body parts, and the errors that exit 2.
# Prints "N passed, N failed"; exits 1 when anything failed.
APICC=${APICC_BUILD:-build}/apicc
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] || exit 1
    exit 0
}

if [ ! -x "$APICC" ]; then
    fail apicc_built "$APICC is missing (build it first)"
    finish
fi

SECRET=NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j
KEY=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A
H3="apiKey=$KEY&timestamp=1649729878532"
H3_HMAC=1cf54395b336b0a9727ef27d5d98987962bc47aca6e13fe978612d0adee066ed
H3_HMAC64=HPVDlbM2sKlyfvJ9XZiYeWK8R6ym4T/peGEtCt7gZu0=
H3_ED=PdyZthZkWH6iRM43rd8+UBP8CPxkW5TJq6Wxsjy8vl5St2O54RDvgGcqRWskW7xWLdftHLxCKA0PDzjLt26eDg==

printf '%s\n' "$SECRET" >"$tmp/secret"
printf '%s\r\n' "$SECRET" >"$tmp/secret_crlf"
printf '%s' "$SECRET" >"$tmp/secret_bare"
: >"$tmp/empty"
cat >"$tmp/ed.pem" <<'PEM'
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u
-----END PRIVATE KEY-----
PEM

cat >"$tmp/ws.yaml" <<'YAML'
apicc: 1
provider: signtest
title: Signing test
transport: websocket
servers:
  - name: local
    url: ws://127.0.0.1:9/ws-api/v3
auth:
  hmac:
    type: signature
    algorithm: hmac-sha256
    payload: [sorted_params]
    key: { in: param, name: apiKey }
    signature: { in: param, name: signature }
    timestamp: { in: param, name: timestamp }
  ed:
    type: signature
    algorithm: ed25519
    payload: [sorted_params]
    key: { in: param, name: apiKey }
    signature: { in: param, name: signature }
    timestamp: { in: param, name: timestamp }
endpoints:
  - name: session_logon
    method: session.logon
    auth: [hmac, ed]
    params:
      - { name: recvWindow, type: integer }
YAML

cat >"$tmp/http.yaml" <<'YAML'
apicc: 1
provider: httpsign
title: HTTP signing test
servers:
  - name: local
    url: http://127.0.0.1:9
auth:
  token: { type: bearer }
  signed:
    type: signature
    algorithm: hmac-sha512
    encoding: base64
    payload: [timestamp, method, path, {literal: "?"}, query, body]
    key: { in: header, name: X-Key }
    signature: { in: header, name: X-Sig }
    timestamp: { in: header, name: X-Ts, unit: s }
endpoints:
  - name: thing_post
    method: POST
    path: /v1/thing
    auth: [signed, token]
YAML

printf 'apicc: 1\nprovider: [\n' >"$tmp/broken.yaml"

# run ARGS...: `apicc sign ARGS`, stdout in $tmp/out, stderr in $tmp/err.
run() {
    "$APICC" sign "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    cat "$tmp/out" "$tmp/err" >>"$tmp/all_output"
}

# expect NAME WANT ARGS...: exit 0 and stdout exactly WANT.
expect() {
    name=$1
    want=$2
    shift 2
    run "$@"
    got=$(cat "$tmp/out")
    if [ "$rc" -eq 0 ] && [ "$got" = "$want" ] && [ ! -s "$tmp/err" ]; then
        pass
    else
        fail "$name" "exit $rc, stdout [$got], stderr [$(cat "$tmp/err")]"
    fi
}

# expect_error NAME ARGS...: exit 2, nothing on stdout, a message on
# stderr ("apicc sign: ..." or a spec diagnostic).
expect_error() {
    name=$1
    shift
    run "$@"
    if [ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ] &&
        grep -Eq '^apicc sign: |: error: ' "$tmp/err"; then
        pass
    else
        fail "$name" "exit $rc, stdout [$(cat "$tmp/out")], stderr [$(cat "$tmp/err")]"
    fi
}

# ---- the first form: given bytes ------------------------------------------
expect hmac_h3 "$H3_HMAC" \
    --algorithm hmac-sha256 --key-file "$tmp/secret" --payload "$H3"
expect hmac_h3_crlf_key "$H3_HMAC" \
    --algorithm hmac-sha256 --key-file "$tmp/secret_crlf" --payload "$H3"
expect hmac_h3_bare_key "$H3_HMAC" \
    --algorithm=hmac-sha256 --key-file="$tmp/secret_bare" --payload="$H3"
expect hmac_h3_base64 "$H3_HMAC64" --algorithm hmac-sha256 \
    --key-file "$tmp/secret" --encoding base64 --payload "$H3"
expect ed25519_h3 "$H3_ED" \
    --algorithm ed25519 --key-file "$tmp/ed.pem" --payload "$H3"
expect ed25519_fix_soh \
    4MHXelVVcpkdwuLbl6n73HQUXUf1dse2PCgT1DYqW9w8AVZ1RACFGM+5UdlGPrQHrgtS3CvsRURC1oj73j8gCA== \
    --algorithm ed25519 --key-file "$tmp/ed.pem" \
    --payload "$(printf 'A\001EXAMPLE\001SPOT\0011\00120240627-11:17:25.223')"
expect ed25519_hex \
    "$(printf '%s' "$H3_ED" | base64 -d | od -An -v -tx1 | tr -d ' \n')" \
    --algorithm ed25519 --encoding hex --key-file "$tmp/ed.pem" --payload "$H3"

# ---- the second form: a spec's scheme --------------------------------------
expect spec_hmac_h3 "$(printf '%s\n%s' "$H3" "$H3_HMAC")" \
    --spec "$tmp/ws.yaml" --auth hmac --key-file "$tmp/secret" \
    --api-key "$KEY" --timestamp 1649729878532
expect spec_ed25519_h3 "$(printf '%s\n%s' "$H3" "$H3_ED")" \
    --spec "$tmp/ws.yaml" --auth ed --key-file "$tmp/ed.pem" \
    --api-key "$KEY" --timestamp 1649729878532

# Params sort with the key and timestamp; the signature matches the first
# form over the printed payload.
run --spec "$tmp/ws.yaml" --auth hmac --key-file "$tmp/secret" \
    --api-key "$KEY" --timestamp 1649729878532 --param recvWindow=5000 \
    --param "symbol=BTC USDT"
payload=$(sed -n 1p "$tmp/out")
sig=$(sed -n 2p "$tmp/out")
want="apiKey=$KEY&recvWindow=5000&symbol=BTC USDT&timestamp=1649729878532"
if [ "$rc" -eq 0 ] && [ "$payload" = "$want" ]; then pass; else
    fail spec_params_sorted "exit $rc, payload [$payload]"
fi
expect spec_params_signature_agrees "$sig" \
    --algorithm hmac-sha256 --key-file "$tmp/secret" --payload "$want"

# Without --timestamp the scheme's unit decides: milliseconds, now.
run --spec "$tmp/ws.yaml" --auth hmac --key-file "$tmp/secret" --api-key "$KEY"
ts=$(sed -n 1p "$tmp/out" | sed -n 's/.*&timestamp=\([0-9]*\)$/\1/p')
now=$(date +%s)
if [ "$rc" -eq 0 ] && [ -n "$ts" ] && [ $((ts / 1000 - now)) -le 600 ] &&
    [ $((now - ts / 1000)) -le 600 ]; then pass; else
    fail spec_timestamp_now_ms "exit $rc, timestamp [$ts], now $now"
fi

# An HTTP scheme: timestamp (seconds), method, path, a literal, query and
# body, HMAC-SHA512 in base64; the API key goes in a header, unsigned.
hp='1700000000POST/v1/thing?a=1&b=x y{"x":1}'
run --spec "$tmp/http.yaml" --auth signed --key-file "$tmp/secret" \
    --api-key "$KEY" --timestamp 1700000000 --method POST --path /v1/thing \
    --query 'a=1&b=x y' --body '{"x":1}'
payload=$(sed -n 1p "$tmp/out")
sig=$(sed -n 2p "$tmp/out")
if [ "$rc" -eq 0 ] && [ "$payload" = "$hp" ]; then pass; else
    fail spec_http_parts "exit $rc, payload [$payload] err [$(cat "$tmp/err")]"
fi
expect spec_http_signature_agrees "$sig" --algorithm hmac-sha512 \
    --encoding base64 --key-file "$tmp/secret" --payload "$hp"
if command -v openssl >/dev/null 2>&1; then
    want=$(printf '%s' "$hp" | openssl dgst -sha512 -hmac "$SECRET" -binary |
        base64 | tr -d '\n')
    if [ "$sig" = "$want" ]; then pass; else
        fail spec_http_openssl_agrees "apicc [$sig], openssl [$want]"
    fi
fi
run --spec "$tmp/http.yaml" --auth signed --key-file "$tmp/secret" \
    --api-key "$KEY" --method POST --path /v1/thing --query '' --body ''
ts=$(sed -n 1p "$tmp/out" | sed -n 's/^\([0-9]*\)POST.*/\1/p')
now=$(date +%s)
if [ "$rc" -eq 0 ] && [ -n "$ts" ] && [ $((ts - now)) -le 600 ] &&
    [ $((now - ts)) -le 600 ]; then pass; else
    fail spec_timestamp_now_s "exit $rc, timestamp [$ts], now $now"
fi

# ---- RSA-SHA256, verified by OpenSSL with the public key -------------------
if command -v openssl >/dev/null 2>&1 &&
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
        -out "$tmp/rsa.pem" 2>/dev/null &&
    openssl pkey -in "$tmp/rsa.pem" -pubout -out "$tmp/rsa.pub" 2>/dev/null; then
    run --algorithm rsa-sha256 --key-file "$tmp/rsa.pem" --payload "$H3"
    printf '%s' "$H3" >"$tmp/msg"
    base64 -d "$tmp/out" >"$tmp/sig.bin" 2>/dev/null
    if [ "$rc" -eq 0 ] && openssl dgst -sha256 -verify "$tmp/rsa.pub" \
        -signature "$tmp/sig.bin" "$tmp/msg" >/dev/null 2>&1; then pass; else
        fail rsa_verifies "exit $rc, stderr [$(cat "$tmp/err")]"
    fi
    first=$(cat "$tmp/out")
    expect rsa_deterministic "$first" \
        --algorithm rsa-sha256 --key-file "$tmp/rsa.pem" --payload "$H3"
    expect_error rsa_key_for_ed25519 \
        --algorithm ed25519 --key-file "$tmp/rsa.pem" --payload x
else
    echo "SKIP rsa: openssl cannot make an RSA key here"
fi

# ---- help and errors --------------------------------------------------------
"$APICC" sign --help >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^usage: apicc sign' "$tmp/out" &&
    [ ! -s "$tmp/err" ]; then pass; else fail help "exit $rc"; fi

expect_error no_arguments
expect_error unknown_option --algorithm hmac-sha256 --frobnicate 1
expect_error positional_argument hmac-sha256
expect_error missing_value --algorithm
expect_error unknown_algorithm \
    --algorithm md5 --key-file "$tmp/secret" --payload x
expect_error unknown_encoding --algorithm hmac-sha256 --encoding hex32 \
    --key-file "$tmp/secret" --payload x
expect_error missing_payload --algorithm hmac-sha256 --key-file "$tmp/secret"
expect_error option_twice --algorithm hmac-sha256 --algorithm ed25519 \
    --key-file "$tmp/secret" --payload x
expect_error missing_key_file \
    --algorithm hmac-sha256 --key-file "$tmp/nope" --payload x
expect_error empty_key_file \
    --algorithm hmac-sha256 --key-file "$tmp/empty" --payload x
expect_error secret_is_no_pem \
    --algorithm ed25519 --key-file "$tmp/secret" --payload x
expect_error spec_option_in_first_form --algorithm hmac-sha256 \
    --key-file "$tmp/secret" --payload x --api-key "$KEY"
expect_error payload_with_spec --spec "$tmp/ws.yaml" --auth hmac \
    --key-file "$tmp/secret" --api-key "$KEY" --payload x
expect_error spec_missing_auth --spec "$tmp/ws.yaml" --key-file "$tmp/secret"
expect_error spec_unknown_auth --spec "$tmp/ws.yaml" --auth nope \
    --key-file "$tmp/secret" --api-key "$KEY"
expect_error spec_not_signature --spec "$tmp/http.yaml" --auth token \
    --key-file "$tmp/secret"
expect_error spec_needs_api_key --spec "$tmp/ws.yaml" --auth hmac \
    --key-file "$tmp/secret"
expect_error spec_bad_timestamp --spec "$tmp/ws.yaml" --auth hmac \
    --key-file "$tmp/secret" --api-key "$KEY" --timestamp 12ab
expect_error spec_bad_param --spec "$tmp/ws.yaml" --auth hmac \
    --key-file "$tmp/secret" --api-key "$KEY" --param novalue
expect_error spec_param_is_timestamp --spec "$tmp/ws.yaml" --auth hmac \
    --key-file "$tmp/secret" --api-key "$KEY" --param timestamp=1
expect_error spec_needs_method --spec "$tmp/http.yaml" --auth signed \
    --key-file "$tmp/secret" --api-key "$KEY" --path /v1/thing --query '' \
    --body ''
expect_error spec_missing_file --spec "$tmp/none.yaml" --auth hmac \
    --key-file "$tmp/secret"
expect_error spec_broken --spec "$tmp/broken.yaml" --auth hmac \
    --key-file "$tmp/secret"

# The secret never appears in anything apicc printed above.
if grep -q "$SECRET" "$tmp/all_output"; then
    fail secret_never_printed "the HMAC secret was printed"
else
    pass
fi
if grep -q 'MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9' "$tmp/all_output"; then
    fail pem_never_printed "the private key was printed"
else
    pass
fi

finish
