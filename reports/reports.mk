# reports/: renderers and one cmd_<name>.c per subcommand (awstrace.c holds main)
REPORTS_SRCS := reports/out.c reports/render.c reports/layer_link.c reports/layer_ip.c \
	reports/layer_macsec.c reports/layer_esp.c reports/layer_ike.c \
	reports/layer_natt_keepalive.c reports/layer_geneve.c reports/layer_vxlan.c \
	reports/layer_bgp.c reports/layer_dns.c reports/layer_http2.c \
	reports/phs.c reports/live_opts.c reports/cmd_decode.c
REPORTS_SRCS += reports/cmd_flows.c
REPORTS_SRCS += reports/cmd_topology.c
REPORTS_SRCS += reports/cmd_capture.c
REPORTS_SRCS += reports/cmd_explain.c
REPORTS_SRCS += reports/sample_topology.c

# The sample topology built into the binary (reports/embedded.h), written by the project's
# own samples/embed from the JSON files as they are at build time.
EMBED := $(BUILD)/embed
SAMPLE_TOPO_FILES := $(shell find samples/topologies/hybrid -type f -name '*.json' | LC_ALL=C sort)
SAMPLE_TOPO_OBJ := $(BUILD)/gen/sample_topology_data.o

$(EMBED): samples/embed.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASE_CFLAGS) -O2 -o $@ $<

$(BUILD)/gen/sample_topology_data.c: $(EMBED) $(SAMPLE_TOPO_FILES)
	@mkdir -p $(dir $@)
	@echo "  EMBED   samples/topologies/hybrid"
	$(Q)$(EMBED) samples/topologies/hybrid sample_topology $(SAMPLE_TOPO_FILES) >$@.tmp && mv $@.tmp $@

$(SAMPLE_TOPO_OBJ): $(BUILD)/gen/sample_topology_data.c
	$(Q)$(CC) $(BASE_CFLAGS) -O0 -c -o $@ $<
REPORTS_SRCS += reports/layer_bfd.c reports/layer_lacp.c reports/layer_tcp_sig.c \
	reports/layer_esp_decrypt.c reports/crypto_opts.c reports/layer_dnssec.c
REPORTS_SRCS += reports/cmd_analyze.c reports/analyze_text.c reports/analyze_json.c
REPORTS_SRCS += reports/layer_gre.c
REPORTS_SRCS += reports/layer_partial.c
REPORTS_SRCS += reports/cmd_replay.c reports/cmd_bench.c
REPORTS_SRCS += reports/argv.c
REPORTS_SRCS += reports/verbose.c
REPORTS_SRCS += reports/html.c reports/html_topo.c reports/analyze_html.c
