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
