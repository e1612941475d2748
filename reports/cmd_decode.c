/* cmd_decode.c - `awstrace decode`: per-packet layered decode as text lines, NDJSON, or
 * (with -q) only the protocol hierarchy. */
#include "reports/cmd.h"

#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/filter.h"
#include "decode/decode.h"
#include "decode/dfilter.h"
#include "decode/dnssec.h"
#include "decode/keys.h"
#include "decode/http2.h"
#include "decode/ipfrag.h"
#include "decode/stream.h"
#include "reports/out.h"
#include "reports/phs.h"
#include "reports/render.h"
#include "reports/verbose.h"

static struct {
	gboolean json;
	gboolean quiet;
	gint verbose; /* -v, -vv */
	gint64 count;
	gchar *filter;
	gchar *dfilter; /* -Y */
	gchar *iface;
	gchar **http2_ports;
	struct cmd_keys keys; /* --tcp-md5-key, --tcp-md5-keys, --esp-keys */
	gchar **dns_ports;
	struct cmd_live live; /* -s, -B, --stats, --immediate, -p, --nano, -Z: with -i only */
} opt;

/* -v given twice is -vv, as tcpdump counts it */
static gboolean
on_verbose(const char *name, const char *value, void *data, GError **error)
{
	(void)name;
	(void)value;
	(void)data;
	(void)error;
	opt.verbose++;
	return TRUE;
}

static const GOptionEntry entries[] = {
	{ "json", 0, 0, G_OPTION_ARG_NONE, &opt.json, "One JSON object per packet (NDJSON)", NULL },
	{ "count", 'c', 0, G_OPTION_ARG_INT64, &opt.count, "Stop after N packets (after the filter)",
		"N" },
	{ "filter", 'f', 0, G_OPTION_ARG_STRING, &opt.filter,
		"Only packets matching this BPF expression (libpcap syntax)", "BPF" },
	{ "display-filter", 'Y', 0, G_OPTION_ARG_STRING, &opt.dfilter,
		"Only packets whose decoded layers match EXPR, at any tunnel level (README: "
		"\"Display filter\"; e.g. 'inner host 10.0.0.5 and port 443')",
		"EXPR" },
	{ "verbose", 'v', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (void *)on_verbose,
		"Below each line, the fields it leaves out (IKE proposals, DNS flags and EDNS, "
		"BGP attributes, GENEVE options, MACsec, TCP options); -vv: every field of every "
		"layer, one per line",
		NULL },
	{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt.quiet,
		"Print only the protocol hierarchy: frames and bytes per layer", NULL },
	{ "interface", 'i', 0, G_OPTION_ARG_STRING, &opt.iface,
		"Capture live on IFACE instead of reading a file (Ctrl-C ends)", "IFACE" },
	{ "dns-port", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.dns_ports,
		"Decode UDP and TCP on PORT as DNS (repeatable; also AWSTRACE_DNS_PORTS)", "PORT" },
	{ "http2-port", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.http2_ports,
		"Decode TCP on PORT as HTTP/2 with prior knowledge even without the connection "
		"preface (repeatable)",
		"PORT" },
	G_OPTION_ENTRY_NULL
};

/* The first packet-level event is worth a line on stderr: the user learns which frame and
 * byte to look at even when the output went to a file. */
struct event_note {
	uint64_t frames;
	uint64_t first_n;
	struct dec_event first;
};

static void
note_events(struct event_note *en, const struct cap_pkt *p, const struct dec *d)
{
	if (!d->nerrors)
		return;
	if (en->frames++ == 0) {
		en->first_n = p->n;
		en->first = d->errors[0];
	}
}

int
cmd_decode(int argc, char **argv)
{
	memset(&opt, 0, sizeof(opt));
	g_autoptr(GOptionContext) ctx = g_option_context_new("FILE - decode every packet of a capture");
	cmd_live_options(ctx, entries, &opt.live);
	cmd_keys_options(ctx, &opt.keys, true);
	g_option_context_set_summary(ctx,
		"Reads pcap or pcapng, gzip-compressed or not (- is standard input), and prints\n"
		"one line per packet with every layer decoded.");
	g_option_context_set_description(ctx,
		"Examples:\n"
		"  awstrace decode samples/captures/ipsec.pcap\n"
		"  awstrace decode --json -f 'udp port 4500' capture.pcapng.gz | jq .layers\n"
		"  awstrace decode -q big.pcap\n"
		"  sudo awstrace decode -i eth0 --stats 10 -f 'udp port 4500'\n");
	int rc = 2;
	struct dec_dfilter *dfilter = NULL;
	if (!cmd_parse(ctx, "decode", &argc, &argv))
		goto out_opts;
	if (argc != (opt.iface ? 1 : 2)) {
		fprintf(stderr, "awstrace decode: %s\nTry \"awstrace decode --help\".\n",
			opt.iface ? "a capture file or -i IFACE, not both"
			: argc < 2 ? "a capture file is needed" : "one capture file at a time");
		goto out_opts;
	}
	if (!cmd_live_check(&opt.live, "decode", opt.iface))
		goto out_opts;
	if (opt.count < 0) {
		fprintf(stderr, "awstrace decode: -c needs a positive count\n");
		goto out_opts;
	}
	if (opt.quiet && opt.json) {
		fprintf(stderr, "awstrace decode: -q prints a protocol hierarchy, --json packets: "
				"one or the other\n");
		return 2;
	}
	if (!cmd_dns_ports("decode", opt.dns_ports))
		goto out_opts;
	if (!cmd_http2_ports("decode", opt.http2_ports))
		goto out_opts;
	const char *path = opt.iface ? NULL : argv[1];
	bool df_failed;
	dfilter = cmd_dfilter("decode", opt.dfilter, &df_failed);
	if (df_failed)
		goto out_opts;
	int keys_failed;
	struct dec_keys *keys = cmd_keys_load("decode", &opt.keys, &keys_failed);
	if (keys_failed) {
		rc = keys_failed;
		goto out_opts;
	}

	GError *err = NULL;
	struct cap_filter *filter;
	struct cap_reader *r =
		cmd_open_capture("decode", path, opt.iface, &opt.live, opt.filter, &filter, &rc);
	if (!r)
		goto out_opts;
	if (opt.iface)
		cmd_live_banner(&opt.live);

	/* a reader that went away (| head) ends the run quietly, as EPIPE from write() */
	signal(SIGPIPE, SIG_IGN);
	struct out *o = out_new(STDOUT_FILENO);
	struct out *scratch = opt.verbose ? out_new(-1) : NULL;
	report_color = !opt.json && cmd_color(STDOUT_FILENO);
	struct dec *d = dec_new();
	d->keys = keys;
	d->reasm = dec_reasm_new(NULL);
	d->ipfrag = dec_ipfrag_new(NULL);
	struct phs *phs = opt.quiet ? phs_new() : NULL;
	struct event_note en = { 0 };
	rc = 0;
	uint64_t shown = 0;
	struct cap_pkt p;
	int got;
	while ((got = cmd_next_packet("decode", r, filter, &p, &err)) == 1) {
		d->ts_sec = p.sec;
		d->frame_n = p.n;
		d->ts_nsec = p.nsec;
		dec_packet(d, p.data, p.caplen, p.len, p.linktype);
		if (dfilter && !dec_dfilter_match(dfilter, d))
			continue;
		if (opt.keys.validator)
			dec_dnssec_packet(opt.keys.validator, d, p.sec);
		note_events(&en, &p, d);
		if (phs)
			phs_add(phs, d, p.len);
		else if (opt.json)
			report_json_packet(o, &p, d);
		else
			report_text_packet(o, &p, d);
		if (opt.verbose && !phs && !opt.json)
			report_verbose_packet(o, scratch, d, opt.verbose);
		if (opt.iface) {
			out_flush(o); /* live: each packet as it comes, like tcpdump -l */
			cmd_live_tick(&opt.live);
		}
		if (out_broken(o))
			break;
		if (opt.count && ++shown >= (uint64_t)opt.count)
			break;
	}
	if (phs && !out_broken(o))
		phs_write(phs, o, opt.filter);
	out_flush(o);
	if (opt.iface)
		cmd_live_print_stats(&opt.live); /* loss is never silent */
	if (got < 0) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		rc = 1;
	}
	if (en.frames)
		fprintf(stderr,
			"awstrace: %s: %" G_GUINT64_FORMAT " frame(s) with decode errors; first: frame %"
			G_GUINT64_FORMAT " at byte %u: %s: %s\n",
			cap_name(r), en.frames, en.first_n, en.first.off,
			dec_proto_name(en.first.proto), en.first.what);
	dec_reasm_finish(d->reasm); /* what is held behind a hole is counted, not lost */
	cmd_reasm_report(cap_name(r), d->reasm);
	dec_ipfrag_finish(d->ipfrag);
	cmd_ipfrag_report(cap_name(r), d->ipfrag);
	if (!out_close_checked(o))
		rc = 1;
	phs_free(phs);
	if (scratch)
		(void)out_free(scratch);
	dec_reasm_free(d->reasm);
	dec_ipfrag_free(d->ipfrag);
	dec_free(d);
	cap_filter_free(filter);
	cap_close(r);
out_opts:
	dec_dfilter_free(dfilter);
	g_free(opt.dfilter);
	g_free(opt.filter);
	g_strfreev(opt.http2_ports);
	g_strfreev(opt.dns_ports);
	g_free(opt.iface);
	cmd_live_clear(&opt.live);
	cmd_keys_clear(&opt.keys);
	return rc;
}
