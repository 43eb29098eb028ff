# The npm packages the benchmarks read, in a cache outside the source
# tree: ${XDG_CACHE_HOME:-$HOME/.cache}/apicc-bench (node_modules below).
# Sourced by bench scripts (bash):
#   . bench/npm_cache.sh
#   npm_cache_ensure PACKAGE... || { echo "SKIPPED: $NPM_CACHE_SKIP"; exit 0; }
# Fetches only the packages that are absent; without npm, or when npm
# fails, returns 1 with the reason in NPM_CACHE_SKIP.
# The variables set here are read by the scripts that source this one.
# shellcheck disable=SC2034
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/apicc-bench
NM="$CACHE/node_modules"
NPM_CACHE_SKIP=

npm_cache_ensure() {
    local missing='' p log
    for p in "$@"; do
        [ -d "$NM/$p" ] || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if ! command -v npm >/dev/null; then
        NPM_CACHE_SKIP="npm is not installed, and $CACHE lacks$missing"
        return 1
    fi
    mkdir -p "$CACHE"
    echo "fetching$missing into $CACHE"
    log=$(mktemp)
    # shellcheck disable=SC2086
    if ! npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error \
        $missing >"$log" 2>&1; then
        cat "$log"
        rm -f "$log"
        NPM_CACHE_SKIP="npm install failed"
        return 1
    fi
    rm -f "$log"
    return 0
}
