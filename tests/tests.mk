# tests/: cmocka units (sanitized), golden files, fuzz corpora, conformance, bench.
UNIT_TESTS := cursor decode macsec geneve vxlan reader esp ike dns http2 lpm reasm bgp flow model writer forward out
UNIT_TESTS += argv dfilter
UNIT_TESTS += protos dnssec
UNIT_TESTS += captime
UNIT_TESTS += analyze_vantage analyze
UNIT_TESTS += gre ipfrag partial
UNIT_TESTS += html
# issue 16: --color dims the layer names (reports/render.c)
UNIT_TESTS += color
UNIT_BINS := $(UNIT_TESTS:%=$(TBUILD)/tests/unit/test_%)

$(TBUILD)/tests/unit/test_%: $(TBUILD)/tests/unit/test_%.o $(TBUILD)/tests/unit/testlib.o $(TBUILD)/libawstrace.a
	@echo "  LD      $@"
	$(Q)$(CC) $(TEST_CFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(PKG_LIBS)

unit: $(UNIT_BINS)
	$(Q)fail=0; for t in $(UNIT_BINS); do $$t || fail=1; done; exit $$fail

golden: $(TBUILD)/awstrace
	$(Q)sh tests/golden/run.sh $(TBUILD)/awstrace

# awstrace explain over the sample topology: verdict, end point and reason per query
explain-golden: $(TBUILD)/awstrace
	$(Q)sh tests/golden/explain.sh $(TBUILD)/awstrace
.PHONY: explain-golden

golden-update: awstrace
	$(Q)sh tests/golden/run.sh ./awstrace --update $(NAME)

test: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory unit golden explain-golden cli-test fuzz-replay live-test

# exit codes and a reader that goes away (| head): what golden files cannot show
.PHONY: cli-test
cli-test: $(TBUILD)/awstrace
	$(Q)sh tests/cli.sh $(TBUILD)/awstrace

# capture on lo and between network namespaces: skipped (with a message) unless root
.PHONY: live-test
live-test: awstrace
	$(Q)sh tests/live/run.sh ./awstrace

conformance: deps
	$(Q)$(MAKE) --no-print-directory awstrace
	$(Q)sh tests/conformance.sh ./awstrace
	$(Q)sh tests/conformance_flows.sh ./awstrace
	$(Q)sh tests/conformance_esp.sh ./awstrace
	$(Q)sh tests/conformance_samples.sh ./awstrace

bench: deps
	$(Q)$(MAKE) --no-print-directory awstrace $(BENCH_PCAP) $(BUILD)/bench/pcap_floor $(BUILD)/bench/lpm_bench \
		$(BUILD)/bench/forward_bench
	$(Q)LPM_BENCH=$(BUILD)/bench/lpm_bench sh tests/bench.sh ./awstrace $(BENCH_PCAP) $(BUILD)/bench/pcap_floor

$(BUILD)/bench/pcap_floor: tests/bench/pcap_floor.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASE_CFLAGS) -O2 -o $@ $< $(PKG_LIBS)

# LPM lookups/s on a 100,000-route table against a linear scan (issue 6)
$(BUILD)/bench/lpm_bench: tests/bench/lpm_bench.c $(BUILD)/model/lpm.o
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE_CFLAGS) -O2 -o $@ $(filter %.c %.o,$^) $(PKG_LIBS)

# model_forward() full paths/s on the sample topology (issue 6)
$(BUILD)/bench/forward_bench: tests/bench/forward_bench.c $(BUILD)/libawstrace.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE_CFLAGS) -O2 -o $@ $(filter %.c %.a,$^) $(PKG_LIBS)

include tests/fuzz/fuzz.mk

# the fragment-heavy benchmark capture (issue 14): IP reassembly's rate in decode and flows
BENCH_FRAG_PCAP := $(BUILD)/bench/bench-frag-200k.pcap
$(BENCH_FRAG_PCAP): $(GEN)
	@mkdir -p $(dir $@)
	$(Q)./$(GEN) bench-frag $@ 200000
.PHONY: bench-frag
bench-frag: awstrace $(BENCH_FRAG_PCAP)
	$(Q)sh tests/bench_frag.sh ./awstrace $(BENCH_FRAG_PCAP)
UNIT_TESTS += replay replay_des replay_compare
# issue 15: the HTML report in headless Chromium (tests/browser/run.sh; skipped with a
# message when chromium is absent) and the golden HTML of the sample incident
.PHONY: browser-test html-golden
browser-test: awstrace
	$(Q)sh tests/browser/run.sh ./awstrace
html-golden: $(TBUILD)/awstrace
	$(Q)sh tests/golden/html.sh $(TBUILD)/awstrace
test: html-golden browser-test
