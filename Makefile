# apicc: the generator (build/apicc), the runtime (build/libapicc.{a,so}),
# the generated clients, their examples, and the tests.
#
#   make                  build everything and regenerate generated/ from specs/
#   make test             run the whole test suite ("N passed, N failed, N skipped")
#   make test-sanitize    the same under AddressSanitizer + UBSan
#   make check-generated  fail when generated/ is stale
#   make install PREFIX=/usr/local [DESTDIR=...]
#   make memcheck         the test programs under valgrind
#   make check-clang      everything (generated clients too) built with clang
#   make fuzz, make fuzz-run SECONDS=N   libFuzzer targets (tests/fuzz/)
#   make bench            benchmarks, report in bench/README.md

.DEFAULT_GOAL := all

CC      ?= cc
PREFIX  ?= /usr/local
# Install folders, each settable on its own (Debian multiarch:
# LIBDIR=$(PREFIX)/lib/x86_64-linux-gnu).
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
BUILD   ?= build
CFLAGS  ?= -O2 -g
LDFLAGS ?=

PKGS      := libcurl openssl libcjson yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

WARN := -std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow \
        -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wformat=2
BASE_CFLAGS := $(WARN) -D_DEFAULT_SOURCE $(PKG_CFLAGS) -MMD -MP

VERSION := $(shell sed -n 's/^\#define APICC_VERSION_STRING "\(.*\)"/\1/p' runtime/include/apicc/version.h)
SOMAJOR := 0

# ---- runtime ---------------------------------------------------------------
RT_SRCS := $(sort $(wildcard runtime/src/*.c))
RT_OBJS := $(RT_SRCS:runtime/src/%.c=$(BUILD)/runtime/%.o)
RT_CFLAGS := $(BASE_CFLAGS) -fPIC -fvisibility=hidden -Iruntime/include -Iruntime/src

$(BUILD)/runtime/%.o: runtime/src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libapicc.a: $(RT_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libapicc.so.$(VERSION): $(RT_OBJS)
	$(CC) -shared -Wl,-soname,libapicc.so.$(SOMAJOR) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/libapicc.so: $(BUILD)/libapicc.so.$(VERSION)
	ln -sf libapicc.so.$(VERSION) $@

# ---- generator -------------------------------------------------------------
# generator/ holds one folder per stage (see README, "How it is built").
GEN_SRCS := $(sort $(filter-out generator/main.c,$(shell find generator -name '*.c')))
GEN_OBJS := $(GEN_SRCS:generator/%.c=$(BUILD)/generator/%.o)
GEN_CFLAGS := $(BASE_CFLAGS) -Igenerator -Iruntime/include \
              -DAPICC_DATADIR='"$(DATADIR)/apicc"'

$(BUILD)/generator/%.o: generator/%.c
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libapiccgen.a: $(GEN_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/apicc: $(BUILD)/generator/main.o $(BUILD)/libapiccgen.a $(BUILD)/libapicc.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -pthread

# ---- generated clients and examples ----------------------------------------
SPECS     := $(sort $(wildcard specs/*.yaml))
PROVIDERS := $(SPECS:specs/%.yaml=%)
GENERATED_SRCS := $(foreach p,$(PROVIDERS),generated/$(p)/$(p).c)
GENERATED_OBJS := $(GENERATED_SRCS:generated/%.c=$(BUILD)/generated/%.o)
CLIENT_CFLAGS := $(BASE_CFLAGS) -Iruntime/include -Igenerated

$(BUILD)/generated/%.o: generated/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CLIENT_CFLAGS) $(CFLAGS) -c $< -o $@

EXAMPLE_SRCS := $(sort $(wildcard examples/*.c))
EXAMPLES := $(EXAMPLE_SRCS:examples/%.c=$(BUILD)/examples/%)

$(BUILD)/examples/%: examples/%.c $(GENERATED_OBJS) $(BUILD)/libapicc.a
	@mkdir -p $(dir $@)
	$(CC) $(CLIENT_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(GENERATED_OBJS) $(BUILD)/libapicc.a $(PKG_LIBS)

# ---- tests -----------------------------------------------------------------
TEST_SUPPORT := $(sort $(wildcard tests/support/*.c))
TEST_SUPPORT_OBJS := $(TEST_SUPPORT:tests/support/%.c=$(BUILD)/tests/support/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
INTEG_SRCS := $(sort $(wildcard tests/integration/test_*.c))
INTEG_BINS := $(INTEG_SRCS:tests/integration/%.c=$(BUILD)/tests/%)
TEST_CFLAGS := $(BASE_CFLAGS) -Itests -Igenerator -Iruntime/include \
               -Iruntime/src -Igenerated

$(BUILD)/tests/support/%.o: tests/support/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/tests/test_%: tests/unit/test_%.c $(TEST_SUPPORT_OBJS) $(BUILD)/libapiccgen.a $(BUILD)/libapicc.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_SUPPORT_OBJS) $(BUILD)/libapiccgen.a $(BUILD)/libapicc.a $(PKG_LIBS) -lpthread

# Specs of the tests' own, for shapes the seed providers do not use (array
# responses), generated into the build tree by the apicc just built.  The
# objects go to a folder of their own: apicc refuses a provider folder
# holding files it did not write.
TEST_SPECS := $(sort $(wildcard tests/specs/*.yaml))
TEST_GEN := $(BUILD)/tests/generated
TEST_GEN_SRCS := $(foreach p,$(TEST_SPECS:tests/specs/%.yaml=%),$(TEST_GEN)/$(p)/$(p).c)
TEST_GEN_OBJS := $(TEST_GEN_SRCS:$(TEST_GEN)/%.c=$(BUILD)/tests/generated-obj/%.o)

$(TEST_GEN)/.stamp: $(TEST_SPECS) $(BUILD)/apicc $(wildcard templates/c/*.mustache)
	@mkdir -p $(TEST_GEN)
	$(BUILD)/apicc generate --templates templates/c --out $(TEST_GEN) $(TEST_SPECS)
	touch $@

$(TEST_GEN_SRCS): $(TEST_GEN)/.stamp
# Kept between runs: make would otherwise delete them as intermediates.
.SECONDARY: $(TEST_GEN_SRCS) $(TEST_GEN_OBJS)

$(BUILD)/tests/generated-obj/%.o: $(TEST_GEN)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CLIENT_CFLAGS) -I$(TEST_GEN) $(CFLAGS) -c $< -o $@

$(BUILD)/tests/test_%: tests/integration/test_%.c $(TEST_SUPPORT_OBJS) $(GENERATED_OBJS) $(TEST_GEN_OBJS) $(BUILD)/libapicc.a
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -I$(TEST_GEN) $(CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_SUPPORT_OBJS) $(GENERATED_OBJS) $(TEST_GEN_OBJS) $(BUILD)/libapicc.a $(PKG_LIBS) -lpthread

# ---- bench -----------------------------------------------------------------
$(BUILD)/bench/http_bench: bench/http_bench.c $(BUILD)/libapicc.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -Iruntime/include $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libapicc.a $(PKG_LIBS)

$(BUILD)/bench/ws_bench: bench/ws_bench.c $(BUILD)/libapicc.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -Iruntime/include $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libapicc.a $(PKG_LIBS)

# The event benchmark's client, built on its own generated client.
$(BUILD)/bench/gen/evbench/evbench.c: bench/events.yaml $(BUILD)/apicc $(wildcard templates/c/*.mustache)
	@mkdir -p $(BUILD)/bench/gen
	$(BUILD)/apicc generate --templates templates/c --out $(BUILD)/bench/gen $<

$(BUILD)/bench/events_bench: bench/events_bench.c $(BUILD)/bench/gen/evbench/evbench.c $(BUILD)/libapicc.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -Iruntime/include -I$(BUILD)/bench/gen $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/bench/gen/evbench/evbench.c $(BUILD)/libapicc.a $(PKG_LIBS)

# The SSE benchmark's client, likewise.
$(BUILD)/bench/gen/ssebench/ssebench.c: bench/sse.yaml $(BUILD)/apicc $(wildcard templates/c/*.mustache)
	@mkdir -p $(BUILD)/bench/gen
	$(BUILD)/apicc generate --templates templates/c --out $(BUILD)/bench/gen $<

$(BUILD)/bench/sse_bench: bench/sse_bench.c $(BUILD)/bench/gen/ssebench/ssebench.c $(BUILD)/libapicc.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -Iruntime/include -I$(BUILD)/bench/gen $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/bench/gen/ssebench/ssebench.c $(BUILD)/libapicc.a $(PKG_LIBS)

# The many-calls-at-once benchmark: the bare libcurl multi loop, and the
# generated client of bench/multi.yaml.
$(BUILD)/bench/multi_bare: bench/multi_bare.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(PKG_LIBS)

$(BUILD)/bench/gen/mbench/mbench.c: bench/multi.yaml $(BUILD)/apicc $(wildcard templates/c/*.mustache)
	@mkdir -p $(BUILD)/bench/gen
	$(BUILD)/apicc generate --templates templates/c --out $(BUILD)/bench/gen $<

$(BUILD)/bench/multi_bench: bench/multi_bench.c $(BUILD)/bench/gen/mbench/mbench.c $(BUILD)/libapicc.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -Iruntime/include -I$(BUILD)/bench/gen $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/bench/gen/mbench/mbench.c $(BUILD)/libapicc.a $(PKG_LIBS)

# ---- top-level targets -----------------------------------------------------
.PHONY: all build generate check-generated test test-build test-sanitize \
        install uninstall clean bench memcheck check-clang

all: build generate
	@$(MAKE) --no-print-directory examples

build: $(BUILD)/apicc $(BUILD)/libapicc.a $(BUILD)/libapicc.so $(BUILD)/man/apicc.1

# The manual page is written from the program's --help texts.
$(BUILD)/man/apicc.1: $(BUILD)/apicc packaging/man.sh
	@mkdir -p $(dir $@)
	sh packaging/man.sh $(BUILD)/apicc > $@.tmp && mv $@.tmp $@

.PHONY: examples
examples: $(GENERATED_OBJS) $(EXAMPLES)

generate: $(BUILD)/apicc
	@if [ -n "$(SPECS)" ]; then $(BUILD)/apicc generate --templates templates/c --out generated $(SPECS); fi

check-generated: $(BUILD)/apicc
	$(BUILD)/apicc check --templates templates/c --out generated $(SPECS)

test-build: build $(GENERATED_OBJS) $(UNIT_BINS) $(INTEG_BINS) $(EXAMPLES)

test: test-build
	@BUILD=$(BUILD) sh tests/run.sh

SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
test-sanitize:
	@$(MAKE) --no-print-directory BUILD=build-san CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" test

# valgrind over every test program (the scripts drive other binaries):
# any definite leak or memory error fails the program it happened in.
VALGRIND := valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
            --error-exitcode=99 --track-fds=no
# Programs run 10 to 50 times slower under valgrind: every bounded wait
# of the run and the tests is stretched to match (tests/support/test_time.h).
memcheck: test-build
	@BUILD=$(BUILD) APICC_TEST_SCRIPTS=0 APICC_TEST_WRAPPER="$(VALGRIND)" \
	    APICC_TEST_TIME_SCALE=10 sh tests/run.sh

# The same warning flags must hold for clang as for gcc.
check-clang:
	@$(MAKE) --no-print-directory CC=clang BUILD=build-clang test-build

# The CMake package files and apicc.pc are written from templates in
# packaging/ with the folders of this install.
PKG_SUBST := -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
             -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
             -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
             -e 's|@SOMAJOR@|$(SOMAJOR)|g'
install: build
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(LIBDIR)/cmake/apicc $(DESTDIR)$(INCLUDEDIR)/apicc \
	    $(DESTDIR)$(DATADIR)/apicc/templates/c $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 755 $(BUILD)/apicc $(DESTDIR)$(BINDIR)/apicc
	install -m 644 $(BUILD)/man/apicc.1 $(DESTDIR)$(MANDIR)/man1/apicc.1
	install -m 644 packaging/apicc.bash-completion \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions/apicc
	install -m 644 $(BUILD)/libapicc.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(BUILD)/libapicc.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libapicc.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libapicc.so.$(SOMAJOR)
	ln -sf libapicc.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libapicc.so
	install -m 644 runtime/include/apicc/*.h $(DESTDIR)$(INCLUDEDIR)/apicc/
	install -m 644 templates/c/*.mustache $(DESTDIR)$(DATADIR)/apicc/templates/c/
	sed $(PKG_SUBST) packaging/apicc.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/apicc.pc
	sed $(PKG_SUBST) packaging/apiccConfig.cmake.in \
	    > $(DESTDIR)$(LIBDIR)/cmake/apicc/apiccConfig.cmake
	sed $(PKG_SUBST) packaging/apiccConfigVersion.cmake.in \
	    > $(DESTDIR)$(LIBDIR)/cmake/apicc/apiccConfigVersion.cmake

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/apicc $(DESTDIR)$(LIBDIR)/libapicc.* \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/apicc.pc $(DESTDIR)$(MANDIR)/man1/apicc.1 \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions/apicc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/apicc $(DESTDIR)$(DATADIR)/apicc \
	    $(DESTDIR)$(LIBDIR)/cmake/apicc

bench: build $(BUILD)/bench/http_bench $(BUILD)/bench/ws_bench $(BUILD)/bench/events_bench $(BUILD)/bench/sse_bench \
       $(BUILD)/bench/multi_bare $(BUILD)/bench/multi_bench
	@bash bench/run.sh

clean:
	rm -rf build build-san build-clang build-fuzz

-include $(shell find $(BUILD) build-san -name '*.d' 2>/dev/null)

include tests/fuzz/fuzz.mk
