#!/bin/sh
# Installs ccxt (npm), an implementation of exchanges' signing rules that
# nobody here wrote, into a cache outside the source tree, once, under a
# lock: ${XDG_CACHE_HOME:-$HOME/.cache}/apicc-test/ccxt.  Exit status 0
# when it is there; 1 (the reason on stderr) when node or npm is missing
# or npm cannot fetch it, and the caller skips its comparisons.
CCXT_VERSION=4.5.84
dir=${XDG_CACHE_HOME:-$HOME/.cache}/apicc-test/ccxt
mod=$dir/node_modules/ccxt/dist/ccxt.cjs
[ -f "$mod" ] && command -v node >/dev/null 2>&1 && exit 0
command -v node >/dev/null 2>&1 || { echo "node is not installed" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "npm is not installed" >&2; exit 1; }
mkdir -p "$dir" || exit 1
(
    flock -w $((300 * ${APICC_TEST_TIME_SCALE:-1})) 9 || exit 1
    [ -f "$mod" ] && exit 0
    timeout $((300 * ${APICC_TEST_TIME_SCALE:-1})) \
        npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
        "ccxt@$CCXT_VERSION" >"$dir/npm.log" 2>&1
) 9>"$dir/.lock"
[ -f "$mod" ] || { echo "npm could not install ccxt (see $dir/npm.log)" >&2; exit 1; }
