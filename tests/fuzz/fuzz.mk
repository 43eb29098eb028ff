# Fuzzing with libFuzzer (clang), included by the top-level Makefile.
#
#   make fuzz                    build every target into build-fuzz/
#   make fuzz-run SECONDS=N      run each for N seconds; prints, per target,
#                                "fuzz_x: N execs, N crashes"
#
# Targets: the spec loader, the mustache engine, the WebSocket frame
# decoder and upgrade answer parser, the URL and query builder, the JSON
# parser for responses, spec text that must not become C code (with the
# tests' C lexer), and for every spec in specs/ and tests/specs/ one target
# over all its models' _from_json (generated from templates/fuzz/).
# The libraries are rebuilt with coverage instrumentation and ASan+UBSan.

FUZZ_BUILD  := build-fuzz

# The instrumented libraries are built by a sub-make with BUILD set to
# build-fuzz; the rules below belong to the outer make only.
ifneq ($(BUILD),$(FUZZ_BUILD))
FUZZ_CC     := clang
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_PLAIN  := spec_load mustache ws_frame ws_handshake url spec_inject json_parse sse
FUZZ_SPECS  := $(SPECS) $(TEST_SPECS)
FUZZ_BINS   := $(FUZZ_PLAIN:%=$(FUZZ_BUILD)/fuzz_%) \
               $(foreach f,$(FUZZ_SPECS),$(FUZZ_BUILD)/fuzz_models_$(basename $(notdir $(f))))
FUZZ_LIBS   := $(FUZZ_BUILD)/libapiccgen.a $(FUZZ_BUILD)/libapicc.a
FUZZ_GEN_OBJS := $(GENERATED_OBJS:$(BUILD)/%=$(FUZZ_BUILD)/%)
# The tests' own clients come from this build's apicc (the sub-make's
# would be instrumented) and are compiled here.
FUZZ_TEST_GEN_OBJS := $(TEST_GEN_SRCS:$(BUILD)/%.c=$(FUZZ_BUILD)/%.o)
FUZZ_INC    := $(BASE_CFLAGS) -Igenerator -Iruntime/include -Iruntime/src -Igenerated \
               -I$(TEST_GEN)

.PHONY: fuzz fuzz-run fuzz-libs
fuzz: $(FUZZ_BINS)

# The same sources as the normal build, instrumented.
fuzz-libs:
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) BUILD=$(FUZZ_BUILD) \
	    CFLAGS="$(FUZZ_CFLAGS)" $(FUZZ_LIBS) $(FUZZ_GEN_OBJS)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c fuzz-libs
	$(FUZZ_CC) $(FUZZ_INC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_LIBS) $(PKG_LIBS) -lpthread

# Spec injection checks generated C with the tests' own lexer and specs.
FUZZ_INJECT_SUPPORT := tests/support/c_lexer.c tests/support/inject_specs.c
$(FUZZ_BUILD)/fuzz_spec_inject: tests/fuzz/fuzz_spec_inject.c $(FUZZ_INJECT_SUPPORT) fuzz-libs
	$(FUZZ_CC) $(FUZZ_INC) -Itests $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_INJECT_SUPPORT) $(FUZZ_LIBS) $(PKG_LIBS) -lpthread

# One target per provider, generated from templates/fuzz by apicc itself.
$(FUZZ_BUILD)/fuzz-gen/stamp: $(BUILD)/apicc $(FUZZ_SPECS) $(wildcard templates/fuzz/*.mustache)
	@mkdir -p $(dir $@)
	$(BUILD)/apicc generate --templates templates/fuzz --out $(FUZZ_BUILD)/fuzz-gen $(FUZZ_SPECS)
	@touch $@

$(FUZZ_BUILD)/tests/generated/%.o: $(TEST_GEN)/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CLIENT_CFLAGS) -I$(TEST_GEN) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz_models_%: $(FUZZ_BUILD)/fuzz-gen/stamp fuzz-libs $(FUZZ_TEST_GEN_OBJS)
	$(FUZZ_CC) $(FUZZ_INC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ \
	    $(FUZZ_BUILD)/fuzz-gen/$*/$*_fuzz.c $(FUZZ_GEN_OBJS) \
	    $(FUZZ_TEST_GEN_OBJS) $(FUZZ_BUILD)/libapicc.a $(PKG_LIBS) -lpthread

SECONDS ?= 60
fuzz-run: fuzz
	@bash tests/fuzz/run.sh $(SECONDS) $(FUZZ_BINS)

endif
