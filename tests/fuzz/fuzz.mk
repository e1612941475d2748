# tests/fuzz/: libFuzzer targets (make fuzz) and their corpora replayed by make test.
#   make fuzz          builds every target with clang and libFuzzer into build/fuzz/ and runs
#                      each FUZZ_SECONDS on a copy of its seeds (build/fuzz/corpus/<t>, kept
#                      between runs); FUZZ_JOBS run at once; crashes in build/fuzz/artifacts/
#   make fuzz-replay   every file of tests/fuzz/corpus/<t>/ once through a plain main()
#                      (gcc, ASan+UBSan, no libFuzzer); run by make test
# Knobs: FUZZ_TARGETS="eth ike" FUZZ_SECONDS=60 FUZZ_JOBS=4 FUZZ_ARGS="-max_len=65536"
#        FUZZ_EXTRA="dir..." (more seed directories, read only, e.g. for the reader)
#        FUZZ_CAPTURES="dir..." (captures cut into seeds for every target by fuzz_seeds:
#        samples/captures and ../shared/captures by default)
FUZZ_ALL := eth raw sll sll2 null loop raw12 raw14 raw_ipv4 raw_ipv6 juniper ipv4 ipv6 macsec \
	vlan tcp udp esp geneve vxlan esp_natt ike bgp dns dns_tcp http2 reader reasm
FUZZ_ALL += bfd lacp esp_decrypt dnssec
# the topology loader (issue 11, issue 17 item 2): tests/fuzz/fuzz_topology.c
FUZZ_ALL += topology
FUZZ_ALL += analyze
FUZZ_ALL += gre mpls ipfrag ppp
FUZZ_ALL += dfilter
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 20
FUZZ_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
FUZZ_ARGS ?=
FUZZ_EXTRA ?=
FUZZ_CAPTURES ?= samples/captures $(wildcard ../shared/captures)
FUZZ_CC ?= clang
FUZZ_SRC := tests/fuzz/fuzz_decode.c
FUZZ_CORPUS := tests/fuzz/corpus
FBUILD := $(BUILD)/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -O1 -g $(FUZZ_SAN)

# LIB_SRCS is set after tests/tests.mk is read: expand it late (= here, $$ in the rule)
FLIB_OBJS = $(LIB_SRCS:%.c=$(FBUILD)/%.o)
FUZZ_FOBJS := $(FUZZ_ALL:%=$(FBUILD)/tests/fuzz/fuzz_%.o)
FUZZ_BINS := $(FUZZ_ALL:%=$(FBUILD)/fuzz_%)
FUZZ_RUNS := $(FUZZ_TARGETS:%=fuzz-run-%)
FUZZ_TOBJS := $(FUZZ_ALL:%=$(TBUILD)/tests/fuzz/fuzz_%.o)
REPLAY_BINS := $(FUZZ_ALL:%=$(TBUILD)/tests/fuzz/replay_%)

.PHONY: fuzz fuzz-replay fuzz-build fuzz-runs $(FUZZ_RUNS)
.SECONDEXPANSION:

# --- libFuzzer (clang) ---------------------------------------------------------------------
$(FBUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC/fuzz $<"
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_FOBJS): $(FBUILD)/tests/fuzz/fuzz_%.o: $$(firstword $$(wildcard tests/fuzz/fuzz_$$*.c) $(FUZZ_SRC))
	@mkdir -p $(dir $@)
	@echo "  CC/fuzz $< ($*)"
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-DFUZZ_ENTRY='"$*"' -c -o $@ $<

$(FBUILD)/libawstrace.a: $$(FLIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_BINS): $(FBUILD)/fuzz_%: $(FBUILD)/tests/fuzz/fuzz_%.o $(FBUILD)/libawstrace.a
	@echo "  LD/fuzz $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(FBUILD)/fuzz_%)

# Seeds cut from real captures (tests/fuzz/seeds.c): every target starts from real traffic
# as well as its own corpus. Rebuilt each `make fuzz` (cheap), read only for the fuzzer.
FUZZ_SEEDS := $(FBUILD)/seeds
$(FBUILD)/fuzz_seeds: tests/fuzz/seeds.c $(BUILD)/libawstrace.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $(filter %.c %.a,$^) $(PKG_LIBS)

.PHONY: fuzz-seeds
fuzz-seeds: $(FBUILD)/fuzz_seeds
	$(Q)rm -rf $(FUZZ_SEEDS) && mkdir -p $(FUZZ_SEEDS)
	$(Q)$(FBUILD)/fuzz_seeds $(FUZZ_SEEDS) $(FUZZ_CAPTURES)

# Seeds are copied, never fuzzed in place: libFuzzer writes what it finds to the first
# directory, and the committed corpus stays small. A run that crashes prints the end of
# its log and the artifact; the exit status of make is then non-zero.
$(FUZZ_RUNS): fuzz-run-%: $(FBUILD)/fuzz_%
	@mkdir -p $(FBUILD)/corpus/$* $(FBUILD)/artifacts $(FBUILD)/logs $(FUZZ_SEEDS)/$*
	@if [ -d $(FUZZ_CORPUS)/$* ]; then cp -n $(FUZZ_CORPUS)/$*/* $(FBUILD)/corpus/$*/ 2>/dev/null || true; fi
	@echo "  FUZZ    $* ($(FUZZ_SECONDS) s)"
	$(Q)log=$(FBUILD)/logs/$*.log; \
	if $(FBUILD)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix=$(FBUILD)/artifacts/$*- $(FUZZ_ARGS) \
		$(FBUILD)/corpus/$* $(FUZZ_SEEDS)/$* $(FUZZ_EXTRA) >$$log 2>&1; then \
		echo "fuzz: $*: ok, $$(sed -n 's/^stat::number_of_executed_units: *//p' $$log) runs," \
			"$$(grep -o 'cov: [0-9]*' $$log | tail -n 1), corpus $$(ls $(FBUILD)/corpus/$* | wc -l)"; \
	else \
		tail -n 40 $$log; \
		echo "fuzz: $*: FAILED (log $$log; artifacts $(FBUILD)/artifacts/$*-*)"; \
		exit 1; \
	fi

fuzz-runs: $(FUZZ_RUNS)

fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build fuzz-seeds
	$(Q)$(MAKE) --no-print-directory -k -j$(FUZZ_JOBS) fuzz-runs

# --- replay (gcc, sanitized test objects) --------------------------------------------------
$(FUZZ_TOBJS): $(TBUILD)/tests/fuzz/fuzz_%.o: $$(firstword $$(wildcard tests/fuzz/fuzz_$$*.c) $(FUZZ_SRC))
	@mkdir -p $(dir $@)
	@echo "  CC/san  $< ($*)"
	$(Q)$(CC) $(BASE_CFLAGS) $(TEST_CFLAGS) -DFUZZ_ENTRY='"$*"' -c -o $@ $<

$(REPLAY_BINS): $(TBUILD)/tests/fuzz/replay_%: $(TBUILD)/tests/fuzz/replay_main.o \
		$(TBUILD)/tests/fuzz/fuzz_%.o $(TBUILD)/libawstrace.a
	@echo "  LD      $@"
	$(Q)$(CC) $(TEST_CFLAGS) -o $@ $^ $(PKG_LIBS)

fuzz-replay: $(REPLAY_BINS)
	$(Q)fail=0; for t in $(FUZZ_ALL); do \
		$(TBUILD)/tests/fuzz/replay_$$t $$t $(FUZZ_CORPUS)/$$t || { \
			echo "fuzz-replay: $$t: FAILED (rerun with REPLAY_VERBOSE=1 to see the input)"; \
			fail=1; }; \
	done; exit $$fail
