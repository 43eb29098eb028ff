#!/bin/sh
# Installs the Debian packages apicc needs that are missing, then builds
# everything and regenerates generated/ from specs/ (`make`).
# Usage: ./setup.sh   (as root, or with sudo available)
set -eu

PACKAGES="make gcc clang pkg-config libyaml-dev libcurl4-openssl-dev \
libcjson-dev libssl-dev openssl python3 python3-websockets valgrind \
libclang-rt-14-dev nginx libnginx-mod-http-js time cmake ninja-build meson \
groff-base"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
# Node and npm run the validating mock server (Prism) some tests use; a
# machine that has them from elsewhere keeps its own.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi

if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq $missing
fi

make -j"$(nproc)"
