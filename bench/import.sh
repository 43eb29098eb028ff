#!/bin/bash
# Times `apicc import openapi` + `apicc generate` on GitHub's REST
# description (api.github.com.json from the npm package @octokit/openapi,
# about 13 MB and 1,200 operations), side by side with openapi-typescript
# on the same file in the same run: median wall time and peak memory.
#
# The packages are fetched with npm into a cache outside the source tree
# when absent: ${XDG_CACHE_HOME:-$HOME/.cache}/apicc-bench.
#   RUNS=N       runs of apicc (default 11)
#   PEER_RUNS=N  runs of openapi-typescript (default 3)
set -eu
BUILD=${BUILD:-build}
RUNS=${RUNS:-11}
PEER_RUNS=${PEER_RUNS:-3}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/apicc-bench
APICC="$BUILD/apicc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -d "$CACHE/node_modules/@octokit/openapi" ] ||
    [ ! -x "$CACHE/node_modules/.bin/openapi-typescript" ]; then
    if ! command -v npm >/dev/null; then
        echo "import: SKIPPED: npm is not installed, and $CACHE has no @octokit/openapi"
        exit 0
    fi
    mkdir -p "$CACHE"
    echo "import: fetching @octokit/openapi and openapi-typescript into $CACHE"
    if ! npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error \
        @octokit/openapi openapi-typescript >"$work/npm.log" 2>&1; then
        cat "$work/npm.log"
        echo "import: SKIPPED: npm install failed"
        exit 0
    fi
fi
doc=$(find "$CACHE/node_modules/@octokit/openapi" -name 'api.github.com.json' \
    -not -path '*deref*' | head -n 1)
if [ -z "$doc" ]; then
    echo "import: SKIPPED: no api.github.com.json in @octokit/openapi"
    exit 0
fi
octokit=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' \
    "$CACHE/node_modules/@octokit/openapi/package.json" | head -n 1)
ots=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' \
    "$CACHE/node_modules/openapi-typescript/package.json" | head -n 1)
ops="?"
if command -v jq >/dev/null; then
    ops=$(jq '[.paths[] | to_entries[] | select(.key | IN("get", "put",
        "post", "delete", "options", "head", "patch", "trace"))] | length' \
        "$doc")
fi
echo "import: $doc ($(wc -c <"$doc") bytes, $ops operations, @octokit/openapi $octokit)"

# One run: import, then generate.
pipeline() {
    rm -rf "$work/out"
    "$APICC" import openapi "$doc" --provider github -o "$work/github.yaml" \
        2>"$work/import.err" &&
        "$APICC" generate --templates templates/c --out "$work/out" \
            "$work/github.yaml" 2>"$work/generate.err"
}

median_ms() { # median of microsecond figures, in ms with one decimal
    printf '%s\n' "$@" | sort -n |
        awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

peak_kib() { # peak_kib command...: maximum resident set size in KiB
    /usr/bin/time -v "$@" 2>&1 >/dev/null |
        sed -n 's/.*Maximum resident set size (kbytes): *//p' | tail -n 1
}

if ! pipeline; then
    cat "$work/import.err" "$work/generate.err" | tail -20
    echo "import: FAILED: apicc import + generate"
    exit 1
fi
tail -n 1 "$work/import.err"
echo "import: spec $(wc -c <"$work/github.yaml") bytes, generated $(cat "$work"/out/*/* | wc -c) bytes"

times=""
for _ in $(seq "$RUNS"); do
    s=$(date +%s%N)
    pipeline
    e=$(date +%s%N)
    times="$times $(((e - s) / 1000))"
done
# shellcheck disable=SC2086
ours=$(median_ms $times)
peak_import=$(peak_kib "$APICC" import openapi "$doc" --provider github \
    -o "$work/github.yaml")
rm -rf "$work/out"
peak_generate=$(peak_kib "$APICC" generate --templates templates/c \
    --out "$work/out" "$work/github.yaml")

peer_times=""
peer_peak=""
for _ in $(seq "$PEER_RUNS"); do
    s=$(date +%s%N)
    if ! (cd "$CACHE" && npx --no-install openapi-typescript "$doc" \
        -o "$work/github.ts" >"$work/peer.log" 2>&1); then
        tail -5 "$work/peer.log"
        peer_times=""
        break
    fi
    e=$(date +%s%N)
    peer_times="$peer_times $(((e - s) / 1000))"
done
if [ -n "$peer_times" ]; then
    # shellcheck disable=SC2086
    peer=$(median_ms $peer_times)
    peer_peak=$(cd "$CACHE" && peak_kib npx --no-install openapi-typescript \
        "$doc" -o "$work/github.ts")
fi

echo "import: apicc import + generate: median $ours ms over $RUNS runs," \
    "peak RSS ${peak_import} KiB (import), ${peak_generate} KiB (generate)"
if [ -n "$peer_times" ]; then
    echo "import: openapi-typescript $ots: median $peer ms over $PEER_RUNS runs, peak RSS ${peer_peak} KiB"
    awk -v a="$ours" -v b="$peer" \
        'BEGIN {printf "import: apicc is %.1fx faster\n", b / a}'
else
    echo "import: openapi-typescript could not run (see above)"
fi
