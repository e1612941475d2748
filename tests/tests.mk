# tests/: cmocka units (sanitized), golden files, fuzz corpora, conformance, bench.
UNIT_TESTS := cursor decode macsec geneve vxlan reader esp ike
UNIT_BINS := $(UNIT_TESTS:%=$(TBUILD)/tests/unit/test_%)

$(TBUILD)/tests/unit/test_%: $(TBUILD)/tests/unit/test_%.o $(TBUILD)/tests/unit/testlib.o $(TBUILD)/libawstrace.a
	@echo "  LD      $@"
	$(Q)$(CC) $(TEST_CFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(PKG_LIBS)

unit: $(UNIT_BINS)
	$(Q)fail=0; for t in $(UNIT_BINS); do $$t || fail=1; done; exit $$fail

golden: $(TBUILD)/awstrace
	$(Q)sh tests/golden/run.sh $(TBUILD)/awstrace

golden-update: awstrace
	$(Q)sh tests/golden/run.sh ./awstrace --update $(NAME)

test: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory unit golden fuzz-replay

conformance: deps
	$(Q)$(MAKE) --no-print-directory awstrace
	$(Q)sh tests/conformance.sh ./awstrace

bench: deps
	$(Q)$(MAKE) --no-print-directory awstrace $(BENCH_PCAP) $(BUILD)/bench/pcap_floor
	$(Q)sh tests/bench.sh ./awstrace $(BENCH_PCAP) $(BUILD)/bench/pcap_floor

$(BUILD)/bench/pcap_floor: tests/bench/pcap_floor.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASE_CFLAGS) -O2 -o $@ $< $(PKG_LIBS)

include tests/fuzz/fuzz.mk
