#!/bin/bash
# The generator's fault catalogue (docs/reliability.md): specs and
# templates that are empty, binary, deeply nested, enormous, or built to
# explode (YAML aliases).  Each must be refused with a clear error, exit
# status 2, nothing written, in bounded time and memory.  Each case prints
#   FAULT <name> | exit <n> | - | <first error line> | <peak RSS bound>
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

# refused NAME WANT_LINE ARGS...: apicc must exit 2 within 60 s, under
# 1 GiB of memory, writing nothing, and print exactly the error line
# WANT_LINE (file names relative to the scratch folder).
refused() {
    local name=$1 want=$2
    shift 2
    rm -rf "$work/out"
    /usr/bin/time -f '%M' -o "$work/rss" timeout 60 "$APICC" "$@" \
        >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    local first
    first=$(sed "s|$work/||g" "$work/stderr" | grep -a -m 1 -x -F -- "$want")
    local rss
    rss=$(tail -n 1 "$work/rss")
    if [ "$rc" -eq 2 ]; then ok; else bad "$name: exit $rc, want 2"; fi
    if [ -n "$first" ]; then ok; else
        bad "$name: no error line \"$want\""
        head -n 3 "$work/stderr" | sed 's/^/    /'
    fi
    if [ -e "$work/out" ]; then bad "$name: wrote $work/out"; else ok; fi
    if [ "${rss:-0}" -lt 1048576 ]; then ok; else bad "$name: peak RSS ${rss} KiB"; fi
    echo "FAULT $name | exit $rc | - | $first | under 1 GiB"
}

gen() { refused "$1" "$2" generate --templates templates/c --out "$work/out" "$3"; }

# ---- specs --------------------------------------------------------------
: >"$work/empty.yaml"
gen gen.spec_empty "empty.yaml:1:1: error: expected a mapping, got null" "$work/empty.yaml"

# every byte value, 16 times over: the same "binary" file on every run
/usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 16)' >"$work/binary.yaml"
gen gen.spec_binary "binary.yaml:1:1: error: control characters are not allowed" "$work/binary.yaml"

/usr/bin/python3 -c 'print("a: " * 0 + "[" * 100000 + "]" * 100000)' >"$work/deep.yaml"
gen gen.spec_deeply_nested "deep.yaml:1:65: error: nesting deeper than 64 levels" "$work/deep.yaml"

/usr/bin/python3 - "$work/deepmap.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(1000):
        f.write(" " * i + "k%d:\n" % i)
    f.write(" " * 1000 + "v\n")
PY
gen gen.spec_deep_mapping "deepmap.yaml:65:65: error: nesting deeper than 64 levels" "$work/deepmap.yaml"

# 50 MB: a valid-looking spec padded with a huge description
/usr/bin/python3 - "$work/huge.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("apicc: 1\nprovider: huge\ntitle: Huge\nservers:\n"
            "  - {name: p, url: https://x.example}\ndescription: |\n")
    line = "  " + "lorem ipsum " * 8 + "\n"
    n = 0
    while n < 50 * 1024 * 1024:
        f.write(line)
        n += len(line)
PY
gen gen.spec_50mb "huge.yaml:1:1: error: the file is larger than 16777216 bytes" "$work/huge.yaml"

# "billion laughs": nine levels of aliases, each ten times the last
/usr/bin/python3 - "$work/laughs.yaml" <<'PY'
import sys
lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i in range(1, 10):
    prev = "*a%d" % (i - 1)
    lines.append("a%d: &a%d [%s]" % (i, i, ",".join([prev] * 10)))
lines.append("apicc: 1\nprovider: laughs\ntitle: *a9")
with open(sys.argv[1], "w") as f:
    f.write("\n".join(lines) + "\n")
PY
gen gen.spec_billion_laughs "laughs.yaml:2:10: error: YAML aliases are not supported" "$work/laughs.yaml"

# ---- templates -------------------------------------------------------------
mkt() { # mkt NAME CONTENT_FILE: a template folder with one template
    mkdir -p "$work/t-$1"
    cp "$2" "$work/t-$1/x.txt.mustache"
}
: >"$work/e"
mkt empty "$work/e"
# an empty template is a valid one: it renders an empty file
rm -rf "$work/out"
if "$APICC" generate --templates "$work/t-empty" --out "$work/out" specs/koyeb.yaml \
    2>"$work/stderr" && [ -f "$work/out/koyeb/x.txt" ] && [ ! -s "$work/out/koyeb/x.txt" ]; then
    ok; echo "FAULT gen.template_empty | exit 0 | - | renders an empty file | -"
else bad "empty template"; fi

/usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(1, 256)) * 16 + b"{{#x}}")' >"$work/b"
mkt binary "$work/b"
refused gen.template_binary 't-binary/x.txt.mustache:17:246: error: section "x" is never closed' generate --templates "$work/t-binary" --out "$work/out" specs/koyeb.yaml

/usr/bin/python3 -c 'print("{{#a}}" * 100000)' >"$work/d"
mkt deep "$work/d"
refused gen.template_deeply_nested "t-deep/x.txt.mustache:1:1537: error: sections nested deeper than 256" generate --templates "$work/t-deep" --out "$work/out" specs/koyeb.yaml

printf '{{>x.txt}}' >"$work/r"
mkt recursive "$work/r"
refused gen.template_recursive "x.txt:1:1: error: templates nested deeper than 256 (a partial that includes itself?)" generate --templates "$work/t-recursive" --out "$work/out" specs/koyeb.yaml

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
