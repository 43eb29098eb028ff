#!/bin/sh
# `apicc view SPEC [-o FILE]`: the JSON templates read.  Rendering each
# template with it through `apicc render` gives exactly the files
# `apicc generate` wrote, so the view shown is the view used.
BUILD=${APICC_BUILD:-build}
APICC="$BUILD/apicc"
PY=${APICC_TEST_PYTHON:-python3}
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

"$APICC" view --help | grep -q "usage: apicc view SPEC" && ok || bad "view --help"
"$APICC" --help | grep -q "view     SPEC" && ok || bad "apicc --help lists view"

for spec in specs/*.yaml tests/golden/*/spec.yaml; do
    "$APICC" view "$spec" >"$work/stdout.json" 2>"$work/err" || { bad "view $spec: $(cat "$work/err")"; continue; }
    "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/stdout.json" && ok || bad "view $spec is not JSON"
    "$APICC" view "$spec" -o "$work/view.json" && cmp -s "$work/view.json" "$work/stdout.json" && ok || bad "view $spec -o differs from stdout"
    rm -rf "$work/gen"
    mkdir -p "$work/gen"
    "$APICC" generate --templates templates/c --out "$work/gen" "$spec" >/dev/null 2>&1 || { bad "generate $spec"; continue; }
    p=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["provider"])' "$work/view.json")
    for t in templates/c/[!_]*.mustache; do
        name=$(basename "$t" .mustache | sed "s/PROVIDER/$p/")
        case "$name" in *.c|*.h) esc=c ;; *) esc=none ;; esac
        "$APICC" render "$t" --data "$work/view.json" --escape "$esc" >"$work/rendered" &&
            cmp -s "$work/rendered" "$work/gen/$p/$name" && ok || bad "render $(basename "$t") with the view of $spec differs from generate"
    done
done

# Bad input: exit 2 with the spec's errors, nothing on stdout.
printf 'apicc: 1\nprovider: 9bad\n' >"$work/bad.yaml"
"$APICC" view "$work/bad.yaml" >"$work/out" 2>"$work/err"
[ $? -eq 2 ] && [ ! -s "$work/out" ] && grep -q "bad.yaml" "$work/err" && ok || bad "view of a bad spec"
"$APICC" view >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "view without a spec"
"$APICC" view specs/quatrix.yaml specs/koyeb.yaml >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "view of two specs"
"$APICC" view specs/quatrix.yaml -o "$work/no/such/dir/v.json" 2>"$work/err"
[ $? -eq 2 ] && grep -q "cannot write" "$work/err" && ok || bad "view -o to a missing folder"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
