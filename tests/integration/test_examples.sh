#!/bin/bash
# Runs each example program in examples/ against its provider's test
# server: the whole session flow (one JSON line per response on stdout,
# exit 0), and the failures a user meets (the error on stderr, exit 1).
# Credentials come from the environment only.  APICC_EXAMPLE_WRAPPER
# (e.g. a valgrind command line with --error-exitcode) is put in front of
# every example run, so a memory error shows as a wrong exit status.
BUILD=${APICC_BUILD:-build}
EX="$BUILD/examples"
PY=${APICC_TEST_PYTHON:-/usr/bin/python3}
SERVERS=tests/servers
passed=0
failed=0
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

# start NAME SCRIPT ARGS...: starts a server, sets PORT_<NAME>; its other
# output lines stay in $work/NAME.out.  Waits at most 15 s.
start() {
    local name=$1 script=$2
    shift 2
    "$PY" "$SERVERS/$script" "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pids+=($!)
    for _ in $(seq 150); do
        if grep -q '^PORT ' "$work/$name.out" 2>/dev/null; then
            printf -v "PORT_$name" '%s' \
                "$(sed -n 's/^PORT //p' "$work/$name.out" | head -n 1)"
            return 0
        fi
        sleep 0.1
    done
    bad "$name server did not start"
    return 1
}

# run NAME WANT_STATUS CMD...: runs an example (bounded), keeping stdout
# and stderr in $work/NAME.stdout / .stderr.
run() {
    local name=$1 want=$2
    shift 2
    # shellcheck disable=SC2086
    timeout 120 ${APICC_EXAMPLE_WRAPPER:-} "$@" >"$work/$name.stdout" \
        2>"$work/$name.stderr"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else
        bad "$name: exit $rc, want $want"
        sed 's/^/    /' "$work/$name.stderr" | head -5
    fi
}

# lines NAME N: stdout has N lines, each a JSON object with "call".
lines() {
    local n
    n=$(grep -c '^{"call":' "$work/$1.stdout")
    if [ "$n" -eq "$2" ]; then ok; else bad "$1: $n JSON lines, want $2"; fi
}

has() { # has NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then ok; else
        bad "$1: no \"$3\" in $(basename "$2")"
        sed 's/^/    /' "$2" | head -5
    fi
}

lacks() { # lacks NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then bad "$1: \"$3\" in $(basename "$2")"
    else ok; fi
}

for e in koyeb_session quatrix_session ibkr_session binance_session; do
    if [ -x "$EX/$e" ]; then ok; else bad "$EX/$e not built"; fi
done

# ---- Koyeb ------------------------------------------------------------
if start koyeb koyeb_api.py; then
    url="http://127.0.0.1:$PORT_koyeb"
    KOYEB_EMAIL=john@snow.com KOYEB_PASSWORD=winter-is-coming \
        run koyeb-flow 0 "$EX/koyeb_session" --base-url "$url"
    lines koyeb-flow 3
    has koyeb-flow "$work/koyeb-flow.stdout" '"call":"refresh_token"'
    has koyeb-flow "$work/koyeb-flow.stdout" '"id":"(redacted)"'
    KOYEB_EMAIL=john@snow.com KOYEB_PASSWORD=spring \
        run koyeb-wrong 1 "$EX/koyeb_session" --base-url "$url"
    has koyeb-wrong "$work/koyeb-wrong.stderr" \
        "HTTP status 401, provider code authentication_error"
    lacks koyeb-wrong "$work/koyeb-wrong.stderr" "spring"
    KOYEB_PASSWORD= KOYEB_EMAIL=john@snow.com \
        run koyeb-noenv 1 "$EX/koyeb_session" --base-url "$url"
    has koyeb-noenv "$work/koyeb-noenv.stderr" "set KOYEB_PASSWORD"
fi

# ---- Quatrix ------------------------------------------------------------
if start quatrix quatrix_api.py; then
    url="http://127.0.0.1:$PORT_quatrix/api/1.0"
    QUATRIX_USER=alice@example.com QUATRIX_PASSWORD=wonderland \
        run quatrix-flow 0 "$EX/quatrix_session" --base-url "$url"
    lines quatrix-flow 3
    has quatrix-flow "$work/quatrix-flow.stdout" '"session_id":"(redacted)"'
    # APICC_TRACE=1: each request and answer on stderr, no credential.
    APICC_TRACE=1 QUATRIX_USER=alice@example.com QUATRIX_PASSWORD=wonderland \
        run quatrix-trace 0 "$EX/quatrix_session" --base-url "$url"
    has quatrix-trace "$work/quatrix-trace.stderr" "apicc: GET $url/session/login -> 200"
    has quatrix-trace "$work/quatrix-trace.stderr" "apicc: > Authorization: [redacted]"
    has quatrix-trace "$work/quatrix-trace.stderr" "apicc: > X-Auth-Token: [redacted]"
    lacks quatrix-trace "$work/quatrix-trace.stderr" "wonderland"
    lacks quatrix-trace "$work/quatrix-trace.stderr" "YWxpY2VAZXhhbXBsZS5jb206d29uZGVybGFuZA"
    QUATRIX_USER=bob@example.com QUATRIX_PASSWORD=builder QUATRIX_PIN=4321 \
        run quatrix-mfa 0 "$EX/quatrix_session" --base-url "$url"
    lines quatrix-mfa 4
    has quatrix-mfa "$work/quatrix-mfa.stdout" '"call":"session_login_post"'
    QUATRIX_USER=bob@example.com QUATRIX_PASSWORD=builder \
        run quatrix-mfa-nopin 1 "$EX/quatrix_session" --base-url "$url"
    has quatrix-mfa-nopin "$work/quatrix-mfa-nopin.stderr" "set QUATRIX_PIN"
    QUATRIX_USER=bob@example.com QUATRIX_PASSWORD=builder QUATRIX_PIN=1 \
        run quatrix-mfa-badpin 1 "$EX/quatrix_session" --base-url "$url"
    has quatrix-mfa-badpin "$work/quatrix-mfa-badpin.stderr" \
        "provider code 3, provider message Wrong MFA code"
    QUATRIX_USER=alice@example.com QUATRIX_PASSWORD=x \
        run quatrix-wrong 1 "$EX/quatrix_session" --base-url "$url"
    has quatrix-wrong "$work/quatrix-wrong.stderr" "HTTP status 401, provider code 1"
    QUATRIX_USER=carol@example.com QUATRIX_PASSWORD=singer \
        run quatrix-captcha 1 "$EX/quatrix_session" --base-url "$url"
    has quatrix-captcha "$work/quatrix-captcha.stderr" "provider code 5"
fi

# ---- IBKR ------------------------------------------------------------------
if start ibkr ibkr_gateway.py --tls-auto; then
    url="https://127.0.0.1:$PORT_ibkr/v1/api"
    for _ in $(seq 50); do grep -q '^CA ' "$work/ibkr.out" && break; sleep 0.1; done
    ca=$(sed -n 's/^CA //p' "$work/ibkr.out")
    run ibkr-untrusted 1 "$EX/ibkr_session" --base-url "$url"
    has ibkr-untrusted "$work/ibkr-untrusted.stderr" "APICC_ERR_TLS"
    run ibkr-insecure 0 "$EX/ibkr_session" --base-url "$url" --insecure
    lines ibkr-insecure 5
    # the logout ended the gateway's session: a new gateway for --cacert
fi
if start ibkr2 ibkr_gateway.py --tls-auto; then
    url="https://127.0.0.1:$PORT_ibkr2/v1/api"
    for _ in $(seq 50); do grep -q '^CA ' "$work/ibkr2.out" && break; sleep 0.1; done
    ca=$(sed -n 's/^CA //p' "$work/ibkr2.out")
    run ibkr-flow 0 "$EX/ibkr_session" --base-url "$url" --cacert "$ca"
    lines ibkr-flow 5
    has ibkr-flow "$work/ibkr-flow.stdout" '"session":"(redacted)"'
    has ibkr-flow "$work/ibkr-flow.stdout" '"collission":false'
    # the cookie the gateway set on the first answer came back afterwards
    has ibkr-flow "$work/ibkr2.out" "EVENT POST /v1/api/tickle cookie=yes length=0"
    run ibkr-after-logout 1 "$EX/ibkr_session" --base-url "$url" --cacert "$ca"
    has ibkr-after-logout "$work/ibkr-after-logout.stderr" \
        "HTTP status 401, provider code 401, provider message not authenticated"
fi

# ---- Binance ----------------------------------------------------------------
# an RSA key made for this run; the server gets the public half
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out "$work/rsa.pem" 2>/dev/null
openssl pkey -in "$work/rsa.pem" -pubout -out "$work/rsa.pub.pem" 2>/dev/null
if start binance binance_ws_api.py --rsa-public "$work/rsa.pub.pem"; then
    url="ws://127.0.0.1:$PORT_binance/ws-api/v3"
    # the Ed25519 test key Binance publishes in its FIX API docs
    cat >"$work/ed25519.pem" <<'PEM'
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u
-----END PRIVATE KEY-----
PEM
    BINANCE_API_KEY=ed-key-1 BINANCE_PRIVATE_KEY_FILE="$work/ed25519.pem" \
        run binance-ed25519 0 "$EX/binance_session" --base-url "$url"
    lines binance-ed25519 5
    # the API key the session answers echo is a credential: redacted
    has binance-ed25519 "$work/binance-ed25519.stdout" '"apiKey":"(redacted)"'
    lacks binance-ed25519 "$work/binance-ed25519.stdout" "ed-key-1"
    lacks binance-ed25519 "$work/binance-ed25519.stderr" "ed-key-1"
    has binance-ed25519 "$work/binance.out" "EVENT logon ed-key-1 ed25519"
    BINANCE_API_KEY=rsa-key-1 BINANCE_PRIVATE_KEY_FILE="$work/rsa.pem" \
    BINANCE_KEY_TYPE=rsa run binance-rsa 0 "$EX/binance_session" --base-url "$url"
    lines binance-rsa 5
    has binance-rsa "$work/binance.out" "EVENT logon rsa-key-1 rsa"
    BINANCE_API_KEY=rsa-key-1 BINANCE_PRIVATE_KEY_FILE="$work/ed25519.pem" \
    BINANCE_KEY_TYPE=rsa run binance-keytype 1 "$EX/binance_session" --base-url "$url"
    has binance-keytype "$work/binance-keytype.stderr" "session_logon failed"
    has binance-keytype "$work/binance-keytype.stderr" "APICC_ERR_SIGN"
    lacks binance-keytype "$work/binance-keytype.stderr" "MC4CAQAw"
    BINANCE_API_KEY=hmac-key-1 \
    BINANCE_API_SECRET=NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j \
        run binance-hmac 0 "$EX/binance_session" --base-url "$url"
    lines binance-hmac 5
    lacks binance-hmac "$work/binance-hmac.stdout" "hmac-key-1"
    BINANCE_API_KEY=hmac-key-1 BINANCE_API_SECRET=wrong \
        run binance-badsig 1 "$EX/binance_session" --base-url "$url"
    has binance-badsig "$work/binance-badsig.stderr" \
        "provider code -1022, provider message Signature for this request is not valid."
    lacks binance-badsig "$work/binance-badsig.stderr" "wrong"
fi

# ---- a provider that is not there --------------------------------------------
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
KOYEB_EMAIL=a KOYEB_PASSWORD=b \
    run koyeb-down 1 "$EX/koyeb_session" --base-url "http://127.0.0.1:$port"
has koyeb-down "$work/koyeb-down.stderr" "APICC_ERR_TRANSPORT"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
