#!/bin/bash
# Spec text that tries to become C code (docs/reliability.md, gen.inject_*):
# a hostile spec either generates a client whose code is the code of a
# benign spec and that builds under the project's -Werror flags, or is
# refused with its file:line:col.  The accepted specs put comment ends,
# quotes, backslashes, "??/" trigraphs and a bidirectional override in
# every field that reaches C; each case prints
#   FAULT <name> | exit <n> | - | <what holds or the error line> | -
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
FLAGS="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
-Wmissing-prototypes -Wwrite-strings -Wformat=2 -D_DEFAULT_SOURCE -Iruntime/include"

cat >"$work/http.yaml" <<'YAML'
apicc: 1
provider: demo
title: "Demo */ int pwned_title; /* ??/"
version: "1*/int pwned_version;/*"
servers:
  - name: production
    url: "https://api.example.com/*/int_pwned_url;/*"
auth:
  key: { type: apikey, in: query, name: "k*/int pwned_key;/*\\" }
models:
  "Thing */ int pwned_model; /*":
    c_name: thing
    description: "ends in a splice ??/"
    properties:
      "a\"b*/": { type: string, c_name: member, description: "\u202e*/" }
endpoints:
  - name: ping
    summary: "A summary that ends ??/"
    method: GET
    path: "/a*/__asm__(\"nop\");int/**/pwned_path;/*"
    params:
      - { name: "q*/int pwned_query;/*", c_name: q, in: query, type: string }
      - { name: "X-A*", c_name: h, in: header, type: string }
    response: "Thing */ int pwned_model; /*"
    auth: [key]
YAML
cat >"$work/ws.yaml" <<'YAML'
apicc: 1
provider: wsdemo
title: WS
transport: websocket
servers:
  - name: local
    url: ws://127.0.0.1:9000/ws
endpoints:
  - name: call
    method: "x*/int pwned_method;/*\\"
    params:
      - { name: "p*/int pwned_param;/*", c_name: p, type: string }
YAML

# accepted NAME SPEC PROVIDER: generated, builds, and no "pwned" reaches
# the compiler outside a string literal (the preprocessor has dropped the
# comments; sed drops the literals).
code() {
    cc $FLAGS -E "$1" 2>/dev/null | sed 's/"\([^"\\]\|\\.\)*"/""/g'
}
accepted() {
    local name=$1 spec=$2 p=$3
    rm -rf "$work/out"
    "$APICC" generate --templates templates/c --out "$work/out" "$spec" \
        >"$work/stderr" 2>&1
    local rc=$?
    if [ "$rc" -eq 0 ]; then ok; else bad "$name: exit $rc"; cat "$work/stderr"; fi
    if cc $FLAGS -c "$work/out/$p/$p.c" -o "$work/$p.o" 2>"$work/cc"; then ok; else
        bad "$name: does not build under -Werror"; head -n 5 "$work/cc"; fi
    if code "$work/out/$p/$p.c" | grep -q pwned; then
        bad "$name: spec text became code"
        code "$work/out/$p/$p.c" | grep pwned | head -n 3
    else ok; fi
    echo "FAULT $name | exit $rc | - | no code from spec text; builds under -Werror | -"
}
accepted gen.inject_http_fields "$work/http.yaml" demo
accepted gen.inject_websocket_fields "$work/ws.yaml" wsdemo

# refused NAME WANT_LINE SPEC_TEXT: exit 2 with exactly that error line.
refused() {
    local name=$1 want=$2
    printf '%s\n' "$3" >"$work/bad.yaml"
    rm -rf "$work/out"
    "$APICC" generate --templates templates/c --out "$work/out" "$work/bad.yaml" \
        >/dev/null 2>"$work/stderr"
    local rc=$?
    local first
    first=$(sed "s|$work/||g" "$work/stderr" | grep -a -m 1 -x -F -- "$want")
    if [ "$rc" -eq 2 ]; then ok; else bad "$name: exit $rc, want 2"; fi
    if [ -n "$first" ]; then ok; else
        bad "$name: no error line \"$want\""; head -n 3 "$work/stderr"; fi
    if [ -e "$work/out" ]; then bad "$name: wrote $work/out"; else ok; fi
    echo "FAULT $name | exit $rc | - | $first | -"
}
HEAD='apicc: 1
provider: demo
title: Demo
servers:
  - name: production
    url: https://api.example.com
endpoints:
  - name: ping
    method: GET'
refused gen.inject_path_line_break \
    "bad.yaml:10:11: error: path holds a control character \\x0A at byte 3; it must be one line of printable text without spaces" \
    "$HEAD
    path: \"/a\\n*/\""
refused gen.inject_header_name \
    "bad.yaml:12:17: error: header param name is not an HTTP token (RFC 9110 tchar): \\x0D at byte 2" \
    "$HEAD
    path: /ping
    params:
      - { name: \"X\\r\\nHost: evil\", c_name: h, in: header, type: string }"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
