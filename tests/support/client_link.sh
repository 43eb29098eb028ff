# Sourced by the test scripts that compile a program against the runtime
# just built in $BUILD: CJSON_CFLAGS, CLIENT_LIBS (libapicc.a and the
# libraries it needs) and CLIENT_SANITIZE (1 when the runtime was built
# with the sanitizers, `make test-sanitize`: such a runtime links only
# into a program built with them too, so CLIENT_LIBS then carries them).
CJSON_CFLAGS=$(pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
CLIENT_LIBS="$BUILD/libapicc.a -lcurl -lssl -lcrypto -lcjson -lm"
CLIENT_SANITIZE=0
if nm "$BUILD/libapicc.a" 2>/dev/null | grep -q __asan_; then
    CLIENT_SANITIZE=1
    CLIENT_LIBS="-fsanitize=address,undefined $CLIENT_LIBS"
fi
