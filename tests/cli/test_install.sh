#!/bin/sh
# `make install` as a C team uses it: into a prefix with a multiarch
# LIBDIR, then three small projects outside the tree build a generated
# client against it, one with Make + pkg-config, one with CMake
# (find_package + apicc_generate) and one with Meson (dependency()).  Each
# program calls cJSON itself, which a dynamic link only resolves when
# apicc.pc and the CMake package make cJSON a public dependency.
# A build tool that is not installed makes its part a skip, not a failure.
BUILD=${APICC_BUILD:-build}
passed=0
failed=0
skipped=0
top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -f "$work/log" ] && sed 's/^/    /' "$work/log" | tail -15; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
# run NAME command...: passes when the command exits 0, its output in log
run() {
    name=$1
    shift
    if "$@" >"$work/log" 2>&1; then ok; return 0; fi
    bad "$name"
    return 1
}

# The outside projects build as a user's would: nothing of this build's
# make (its MAKEFLAGS, or CFLAGS given on its command line, e.g. the
# sanitizer flags of make test-sanitize) leaks into them.
outside() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CFLAGS -u LDFLAGS "$@"; }

prefix="$work/prefix"
libdir="$prefix/lib/x86_64-linux-gnu"
if ! run install make --no-print-directory BUILD="$BUILD" PREFIX="$prefix" \
    LIBDIR="$libdir" MANDIR="$prefix/man" install; then
    echo "$passed passed, $failed failed, $skipped skipped"
    exit 1
fi
for f in bin/apicc lib/x86_64-linux-gnu/libapicc.so lib/x86_64-linux-gnu/libapicc.a \
    lib/x86_64-linux-gnu/pkgconfig/apicc.pc include/apicc/apicc.h \
    lib/x86_64-linux-gnu/cmake/apicc/apiccConfig.cmake \
    lib/x86_64-linux-gnu/cmake/apicc/apiccConfigVersion.cmake \
    share/apicc/templates/c/PROVIDER.h.mustache man/man1/apicc.1 \
    share/bash-completion/completions/apicc; do
    if [ -e "$prefix/$f" ]; then ok; else bad "installed: $f is missing"; fi
done
if grep -q "^libdir=$libdir\$" "$libdir/pkgconfig/apicc.pc"; then ok; else
    bad "apicc.pc: libdir is not the LIBDIR given"
fi

# The program every project builds: a generated client plus a direct cJSON
# call (the DSO-missing case), run against nothing (no network needed).
app_c() {
    cat <<'EOF'
#include <stdio.h>
#include <cjson/cJSON.h>
#include "quatrix/quatrix.h"
int main(void)
{
    apicc_client *c = quatrix_client_new("https://127.0.0.1:1");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ok", c ? "client" : "none");
    char *s = cJSON_PrintUnformatted(o);
    puts(s);
    cJSON_free(s);
    cJSON_Delete(o);
    apicc_client_free(c);
    return 0;
}
EOF
}
export PKG_CONFIG_PATH="$libdir/pkgconfig"
export LD_LIBRARY_PATH="$libdir"
# Under make test-sanitize the installed library is the sanitizer build,
# whose runtime must be loaded first: the apps get it preloaded.
preload=""
for lib in $(ldd "$libdir/libapicc.so" 2>/dev/null | sed -n 's/.*\(lib[a-z]*san\.so[.0-9]*\) => \([^ ]*\).*/\2/p'); do
    preload="$preload${preload:+:}$lib"
done
app() { LD_PRELOAD="$preload" ASAN_OPTIONS=detect_leaks=0 "$@"; }
spec="$top/specs/quatrix.yaml"
want='{"ok":"client"}'

# ---- Make + pkg-config ------------------------------------------------------
mkdir -p "$work/make"
app_c >"$work/make/app.c"
cat >"$work/make/Makefile" <<EOF
APICC = $prefix/bin/apicc
TEMPLATES = $prefix/share/apicc/templates/c
CFLAGS = -std=c11 -Wall -Wextra -Werror \$(shell pkg-config --cflags apicc) -Igen
LDLIBS = \$(shell pkg-config --libs apicc)
app: app.o gen/quatrix/quatrix.o
	\$(CC) -Wl,--no-undefined -Wl,--as-needed -o \$@ \$^ \$(LDLIBS)
app.o: gen/quatrix/quatrix.h
gen/quatrix/quatrix.c gen/quatrix/quatrix.h: $spec
	\$(APICC) generate --templates \$(TEMPLATES) --out gen $spec
EOF
if run make-build outside make -C "$work/make" --no-print-directory; then
    if [ "$(app "$work/make/app")" = "$want" ]; then ok; else bad "make: app printed $(app "$work/make/app" 2>&1)"; fi
fi

# ---- CMake: find_package(apicc) and apicc_generate() ------------------------
if command -v cmake >/dev/null 2>&1 && command -v ninja >/dev/null 2>&1; then
    mkdir -p "$work/cmake/src"
    app_c >"$work/cmake/src/app.c"
    cp "$spec" "$work/cmake/src/quatrix.yaml"
    cat >"$work/cmake/src/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.18)
project(app C)
find_package(apicc 0.1 REQUIRED)
apicc_generate(quatrix_client SPEC quatrix.yaml)
add_executable(app app.c)
target_link_libraries(app PRIVATE quatrix_client)
EOF
    b="$work/cmake/build"
    if run cmake-configure outside cmake -G Ninja -S "$work/cmake/src" -B "$b" \
        -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS="-Wall -Werror" &&
        run cmake-build outside cmake --build "$b"; then
        if [ "$(app "$b/app")" = "$want" ]; then ok; else bad "cmake: app printed $(app "$b/app" 2>&1)"; fi
        # Nothing changed: nothing runs.
        run cmake-noop outside cmake --build "$b" &&
            if grep -q 'no work to do' "$work/log"; then ok; else bad "cmake: a second build did work"; fi
        # An edit of the spec that changes no output regenerates but
        # recompiles nothing (apicc leaves unchanged files alone).
        echo "# a comment" >>"$work/cmake/src/quatrix.yaml"
        run cmake-comment-edit outside cmake --build "$b" &&
            if grep -q 'apicc: generating' "$work/log" &&
                ! grep -q 'Building C object' "$work/log"; then ok; else
                bad "cmake: a no-op spec edit recompiled"
            fi
        # A version the package does not meet is refused at configure time.
        sed -i 's/apicc 0.1 REQUIRED/apicc 1.0 REQUIRED/' "$work/cmake/src/CMakeLists.txt"
        if cmake -S "$work/cmake/src" -B "$work/cmake/b2" -G Ninja \
            -DCMAKE_PREFIX_PATH="$prefix" >"$work/log" 2>&1; then
            bad "cmake: find_package(apicc 1.0) accepted version 0.x"
        else ok; fi
    fi
else
    skip "cmake: cmake or ninja is not installed"
fi

# ---- Meson: dependency('apicc') and a custom_target --------------------------
if command -v meson >/dev/null 2>&1 && command -v ninja >/dev/null 2>&1; then
    mkdir -p "$work/meson/src"
    app_c >"$work/meson/src/app.c"
    cp "$spec" "$work/meson/src/quatrix.yaml"
    # apicc writes <out>/quatrix/quatrix.c; Meson wants a custom_target's
    # outputs in the build folder of the meson.build that declares it, so
    # the target lives in a subdir named after the provider.
    mkdir -p "$work/meson/src/quatrix"
    cat >"$work/meson/src/meson.build" <<'EOF'
project('app', 'c', default_options: ['c_std=c11', 'werror=true'])
apicc = find_program('apicc')
subdir('quatrix')
executable('app', 'app.c', client, dependencies: dependency('apicc'))
EOF
    cat >"$work/meson/src/quatrix/meson.build" <<EOF
client = custom_target('quatrix',
  input: '../quatrix.yaml',
  output: ['quatrix.c', 'quatrix.h'],
  command: [apicc, 'generate', '--templates',
            '$prefix/share/apicc/templates/c', '--out', '@OUTDIR@/..',
            '@INPUT@'])
EOF
    b="$work/meson/build"
    if PATH="$prefix/bin:$PATH" run meson-setup outside meson setup "$b" "$work/meson/src" &&
        run meson-build outside ninja -C "$b"; then
        if [ "$(app "$b/app")" = "$want" ]; then ok; else bad "meson: app printed $(app "$b/app" 2>&1)"; fi
    fi
else
    skip "meson: meson or ninja is not installed"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
