#!/bin/sh
# `apicc sign --spec` against published signing vectors, through the same
# code a client runs (apicc_sign_offline): AWS Signature Version 4's test
# suite (get-vanilla, get-vanilla-query-order-key-case, post-vanilla,
# post-x-www-form-urlencoded; AKIDEXAMPLE, 20150830T123600Z, us-east-1,
# service "service") with its intermediates (string to sign, derived key),
# BitMEX's documented examples (a GET and a POST with a body), Kraken's
# (a nonce in a form body, a nested digest, a base64 secret), and an
# EdDSA JWT (header and claims exact, signature verified by openssl).  Then
# the short form: a GET needs no --body, and a `query` payload is built
# from --param, --api-key and --timestamp as the client builds it.
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
# has NAME OUTPUT LINE: OUTPUT holds LINE exactly.
has() {
    if printf '%s\n' "$2" | grep -qxF -- "$3"; then
        passed=$((passed + 1))
    else
        fail "$1" "no line \"$3\" in:
$2"
    fi
}

if [ ! -x "$APICC" ]; then
    fail apicc_built "$APICC is missing (build it first)"
    echo "$passed passed, $failed failed"
    exit 1
fi

# ---- AWS Signature Version 4 -------------------------------------------------
AWS=tests/specs/sign_aws.yaml
printf 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n' >"$tmp/aws"
aws() {
    "$APICC" sign --spec "$AWS" --key-file "$tmp/aws" --api-key AKIDEXAMPLE \
        --timestamp 1440938160000 --host example.amazonaws.com --path / "$@"
}
CRED="AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"

out=$(aws --auth sigv4 --method GET)
has get_vanilla "$out" "header: Authorization: $CRED, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
has get_vanilla_date "$out" "header: X-Amz-Date: 20150830T123600Z"
has get_vanilla_sts "$out" "  bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
has get_vanilla_key "$out" "signing_key: (32 bytes, in hex) 938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75"
has get_vanilla_line "$out" "request: GET /"

out=$(aws --auth sigv4 --method GET --param Param2=value2 --param Param1=value1)
has get_vanilla_query_order_key_case "$out" "header: Authorization: $CRED, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
has get_query_as_sent "$out" "request: GET /?Param2=value2&Param1=value1"
has get_query_canonical "$out" "  Param1=value1&Param2=value2"

out=$(aws --auth sigv4 --method POST)
has post_vanilla "$out" "header: Authorization: $CRED, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"

out=$(aws --auth sigv4_typed --method POST \
    --header 'Content-Type: application/x-www-form-urlencoded' \
    --body Param1=value1)
has post_x_www_form_urlencoded "$out" "header: Authorization: $CRED, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
has post_form_payload_hash "$out" "  9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"

# ---- BitMEX -------------------------------------------------------------------
printf 'chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO\n' >"$tmp/bitmex"
bitmex() {
    "$APICC" sign --spec tests/specs/sign_bitmex.yaml --auth bitmex \
        --key-file "$tmp/bitmex" --api-key LAqUlngMIQkIUjXMUreyu3qn "$@"
}
# expires is the time in seconds plus 60
out=$(bitmex --timestamp 1518064176000 --method GET --path /api/v1/instrument)
has bitmex_get "$out" "header: api-signature: c7682d435d0cfe87c16098df34ef2eb5a549d4c5a3c2b1f0f77b8af73423bf00"
has bitmex_expires "$out" "header: api-expires: 1518064236"
out=$(bitmex --timestamp 1518064178000 --method POST --path /api/v1/order \
    --body '{"symbol":"XBTM15","price":219.0,"clOrdID":"mm_bitmex_1a/oemUeQ4CAJZgP3fjHsA","orderQty":98}')
has bitmex_post "$out" "header: api-signature: 1749cd2ccae4aa49048ae09f0b95110cee706e0944e6a14ad0b3a8cb45bd336b"

# ---- Kraken ---------------------------------------------------------------------
# The example of Kraken's REST authentication guide: the nonce put first in
# a form body, a secret issued in base64, HMAC-SHA512 of the path and
# SHA256(nonce + body).
printf 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==\n' >"$tmp/kraken"
out=$("$APICC" sign --spec tests/specs/sign_kraken.yaml --auth kraken \
    --key-file "$tmp/kraken" --api-key K --nonce 1616492376594 \
    --method POST --path /0/private/AddOrder \
    --header 'Content-Type: application/x-www-form-urlencoded' \
    --body 'ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25')
has kraken_sign "$out" "header: API-Sign: 4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
has kraken_body "$out" "body: nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"

# ---- an EdDSA JWT built per request ---------------------------------------------
# Header and claims exactly; the Ed25519 signature verified by openssl
# with the public half of the key.
cat >"$tmp/eddsa.yaml" <<'YAML'
apicc: 1
provider: eddsa_jwt
title: EdDSA JWT
servers:
  - name: local
    url: http://127.0.0.1:9
auth:
  jwt:
    type: signature
    algorithm: ed25519
    values:
      - name: unsigned
        value:
          - base64url: [{ literal: '{"alg":"EdDSA","typ":"JWT"}' }]
          - { literal: . }
          - base64url:
              - { literal: '{"sub":' }
              - { json_string: [api_key] }
              - { literal: ',"iat":' }
              - { timestamp: s }
              - { literal: ',"exp":' }
              - { timestamp: { format: s, offset: 30 } }
              - { literal: ',"uri":"' }
              - method
              - { literal: ' ' }
              - path_query
              - { literal: '"}' }
      - name: Authorization
        in: header
        value:
          - { literal: "Bearer " }
          - { value: unsigned }
          - { literal: . }
          - base64url: [{sign: [{value: unsigned}]}]
endpoints: []
YAML
cat >"$tmp/ed.pem" <<'PEM'
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u
-----END PRIVATE KEY-----
PEM
out=$("$APICC" sign --spec "$tmp/eddsa.yaml" --auth jwt --key-file "$tmp/ed.pem" \
    --api-key user-1 --timestamp 1700000000123 --method GET --path /v1/orders \
    --param symbol=BTC)
jwt=$(printf '%s\n' "$out" | sed -n 's/^header: Authorization: Bearer //p')
unb64url() {
    "${APICC_TEST_PYTHON:-python3}" -c 'import base64,sys
s=sys.argv[1]; sys.stdout.buffer.write(base64.urlsafe_b64decode(s+"="*(-len(s)%4)))' "$1"
}
hdr=$(unb64url "$(printf '%s' "$jwt" | cut -d. -f1)")
claims=$(unb64url "$(printf '%s' "$jwt" | cut -d. -f2)")
has eddsa_header "$hdr" '{"alg":"EdDSA","typ":"JWT"}'
has eddsa_claims "$claims" '{"sub":"user-1","iat":1700000000,"exp":1700000030,"uri":"GET /v1/orders?symbol=BTC"}'
printf '%s' "${jwt%.*}" >"$tmp/jwt_msg"
unb64url "${jwt##*.}" >"$tmp/jwt_sig"
openssl pkey -in "$tmp/ed.pem" -pubout -out "$tmp/ed_pub.pem" 2>/dev/null
if openssl pkeyutl -verify -pubin -inkey "$tmp/ed_pub.pem" -rawin \
    -in "$tmp/jwt_msg" -sigfile "$tmp/jwt_sig" >/dev/null 2>&1; then
    passed=$((passed + 1))
else
    fail eddsa_signature "openssl does not verify the JWT's signature: $jwt"
fi

# ---- the short form ------------------------------------------------------------
cat >"$tmp/short.yaml" <<'YAML'
apicc: 1
provider: shortform
title: Short form
servers:
  - name: local
    url: http://127.0.0.1:9
auth:
  hmac:
    type: signature
    algorithm: hmac-sha256
    payload: [method, path, {literal: "?"}, query, body]
    key: { in: query, name: apiKey }
    signature: { in: query, name: signature }
    timestamp: { in: query, name: timestamp }
endpoints: []
YAML
printf 'secret\n' >"$tmp/secret"
out=$("$APICC" sign --spec "$tmp/short.yaml" --auth hmac --key-file "$tmp/secret" \
    --api-key K --timestamp 1000 --method GET --path /x --param 'a=1 2' 2>&1)
has short_get_without_body "$out" "GET/x?a=1%202&apiKey=K&timestamp=1000"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
