/* awstrace.c - main: dispatches to one cmd_<name>.c per subcommand; also what they share
 * (cmd.h): option parsing and the capture-reading loop's open and filtered next. */
#include "reports/cmd.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>
#include <nghttp2/nghttp2.h>
#include <openssl/crypto.h>
#include <pcap/pcap.h>
#include <zlib.h>

#include "capture/capture.h"
#include "capture/filter.h"
#include "decode/dfilter.h"
#include "decode/http2.h"
#include "decode/ipfrag.h"
#include "decode/stream.h"
#include "reports/out.h"
#include "reports/argv.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
};

static const struct command commands[] = {
	{ "decode", cmd_decode, "per-packet layered decode (text, --json NDJSON, -q hierarchy)" },
	{ "flows", cmd_flows, "bidirectional, tunnel-aware flow table with stats (--json NDJSON)" },
	{ "capture", cmd_capture, "capture from an interface to pcap files (gzip, rotation, drop counts)" },
	{ "topology", cmd_topology, "validate and list an AWS-CLI topology snapshot (show --dot draws it)" },
	{ "explain", cmd_explain, "one packet's hop-by-hop path through the topology, with the rule at each hop" },
	{ "analyze", cmd_analyze, "the post-incident report: every flow through the model in time, timelines, anomalies" },
	{ "replay", cmd_replay, "the capture through the forwarding engine: throughput, latency, modeled links" },
	{ "bench", cmd_bench, "bench compare OLD.json NEW.json: fail on a throughput or latency regression" },
};

/* What cmd_parse() made of argv: the strings (owned) and the vector GOption rearranges. */
static char **argv_owned;
static char **argv_view;

/* tcpdump's -n, for the commands that read packets: accepted so fingers need not unlearn
 * it, and ignored, since awstrace prints addresses and never looks names up. */
static gboolean opt_numeric;
static const GOptionEntry numeric_entries[] = {
	{ "numeric", 'n', 0, G_OPTION_ARG_NONE, &opt_numeric,
		"Accepted and ignored (tcpdump's -n): awstrace never resolves names", NULL },
	G_OPTION_ENTRY_NULL
};

/* --color, for the commands that print packets and verdicts (tshark's --color) */
static gchar *opt_color;
static const GOptionEntry color_entries_decode[] = {
	{ "color", 0, 0, G_OPTION_ARG_STRING, &opt_color,
		"Errors in red, layer names and tunnel separators dimmed: auto (the default: when "
		"standard output is a terminal and NO_COLOR is unset), always or never",
		"WHEN" },
	G_OPTION_ENTRY_NULL
};
static const GOptionEntry color_entries_explain[] = {
	{ "color", 0, 0, G_OPTION_ARG_STRING, &opt_color,
		"Drops and an asymmetric round trip in red: auto (the default: when standard "
		"output is a terminal and NO_COLOR is unset), always or never",
		"WHEN" },
	G_OPTION_ENTRY_NULL
};

static const GOptionEntry *
cmd_color_entries(const char *cmd)
{
	if (!strcmp(cmd, "decode"))
		return color_entries_decode;
	if (!strcmp(cmd, "explain"))
		return color_entries_explain;
	return NULL;
}

bool
cmd_color(int fd)
{
	if (opt_color && !strcmp(opt_color, "always"))
		return true;
	if (opt_color && !strcmp(opt_color, "never"))
		return false;
	/* https://no-color.org: set and not empty turns colour off */
	const char *nc = getenv("NO_COLOR");
	return isatty(fd) && !(nc && *nc);
}

gboolean
cmd_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv)
{
	GError *err = NULL;
	if (!strcmp(cmd, "decode") || !strcmp(cmd, "flows") || !strcmp(cmd, "capture") ||
		!strcmp(cmd, "analyze") || !strcmp(cmd, "replay"))
		g_option_context_add_main_entries(ctx, numeric_entries, NULL);
	if (cmd_color_entries(cmd))
		g_option_context_add_main_entries(ctx, cmd_color_entries(cmd), NULL);
	/* getopt's habits (-c2, -nr FILE) first: one rewrite for every command (argv.c) */
	int n;
	g_strfreev(argv_owned);
	g_free(argv_view);
	argv_owned = cmd_argv_normalise(*argc, *argv, CMD_VALUE_LETTERS, &n);
	argv_view = g_memdup2(argv_owned, sizeof(char *) * ((size_t)n + 1));
	*argc = n;
	*argv = argv_view;
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, "awstrace %s: %s\nTry \"awstrace %s --help\".\n", cmd, err->message,
			cmd);
		g_error_free(err);
		return FALSE;
	}
	if (opt_color && strcmp(opt_color, "auto") && strcmp(opt_color, "always") &&
		strcmp(opt_color, "never")) {
		fprintf(stderr,
			"awstrace %s: --color takes auto, always or never, not \"%s\"\n"
			"Try \"awstrace %s --help\".\n",
			cmd, opt_color, cmd);
		return FALSE;
	}
	return TRUE;
}

struct dec_dfilter *
cmd_dfilter(const char *cmd, const char *expr, bool *failed)
{
	*failed = false;
	if (!expr)
		return NULL;
	GError *err = NULL;
	unsigned col = 0;
	struct dec_dfilter *f = dec_dfilter_compile(expr, &col, &err);
	if (f)
		return f;
	/* the expression with a caret under the mistake, as a compiler shows it */
	fprintf(stderr, "awstrace %s: -Y: %s\n  %s\n  %*s^\n", cmd, err->message, expr,
		(int)(col ? col - 1 : 0), "");
	g_error_free(err);
	*failed = true;
	return NULL;
}

void
cmd_parse_release(void)
{
	g_strfreev(argv_owned);
	g_free(argv_view);
	g_free(opt_color);
	argv_owned = argv_view = NULL;
	opt_color = NULL;
}

/* The reader's idle callback: the command's own work, then a --stats line when due. */
static void
live_idle(void *arg)
{
	struct cmd_live *live = arg;
	if (live->idle)
		live->idle(live->idle_arg);
	cmd_live_tick(live);
}

/* libpcap's verdict on expr's syntax before any device is opened, so a mistake in a live
 * filter is a usage error (exit 2) as it is for a file. Ethernet stands for the link type
 * the device will have: what fails there is a syntax error on any link. */
static bool
bpf_syntax_ok(const char *cmd, const char *expr)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 262144);
	struct bpf_program prog;
	if (!dead)
		return true; /* the live open will say what is wrong */
	bool ok = pcap_compile(dead, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) == 0;
	if (ok)
		pcap_freecode(&prog);
	else
		fprintf(stderr, "awstrace %s: filter \"%s\": %s\n", cmd, expr, pcap_geterr(dead));
	pcap_close(dead);
	return ok;
}

/* What cmd_next_packet() needs for the VLAN hint: the filter as typed, whether the first
 * packet was 802.1Q/802.1ad-tagged, whether any packet matched. One capture per process. */
static struct {
	const char *expr;
	bool seen, tagged, matched;
} bpf_hint;

struct cap_reader *
cmd_open_capture(const char *cmd, const char *path, const char *iface, struct cmd_live *live,
	const char *expr, struct cap_filter **filter, int *rc)
{
	GError *err = NULL;
	struct cap_reader *r;
	*filter = NULL;
	bpf_hint.expr = expr;
	if (iface && expr && !bpf_syntax_ok(cmd, expr)) {
		*rc = 2;
		return NULL;
	}
	if (iface) {
		/* live: the kernel runs the filter, and root is dropped once the device is open */
		struct cap_live_opts lo = {
			.snaplen = live->snaplen,
			.buffer_mb = live->buffer_mb,
			.immediate = live->immediate,
			.no_promisc = live->no_promisc,
			.nano = live->nano,
			.filter = expr,
			.user = live->user,
			.idle = live_idle,
			.idle_arg = live,
		};
		r = cap_open_live(iface, &lo, &err);
		live->r = r;
		live->next_stats = g_get_monotonic_time() + (int64_t)live->stats * G_USEC_PER_SEC;
	} else {
		r = cap_open(path, &err);
	}
	if (!r) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		*rc = 1;
		return NULL;
	}
	if (expr && !iface) {
		*filter = cap_filter_new(expr, cap_linktype(r), &err);
		if (!*filter) {
			fprintf(stderr, "awstrace %s: %s\n", cmd, err->message);
			g_error_free(err);
			cap_close(r);
			*rc = 2;
			return NULL;
		}
	}
	return r;
}

int
cmd_next_packet(const char *cmd, struct cap_reader *r, struct cap_filter *filter, struct cap_pkt *p,
	GError **error)
{
	int got;
	while ((got = cap_next(r, p, error)) == 1) {
		if (!filter)
			return 1;
		if (!bpf_hint.seen) {
			/* an Ethernet frame whose type is a VLAN tag's TPID (802.1Q, 802.1ad) */
			unsigned type = p->caplen >= 14 ? (unsigned)(p->data[12] << 8 | p->data[13]) : 0;
			bpf_hint.seen = true;
			bpf_hint.tagged = p->linktype == DLT_EN10MB &&
				(type == 0x8100 || type == 0x88a8 || type == 0x9100);
		}
		GError *ferr = NULL;
		bool match = cap_filter_match(filter, p, &ferr);
		if (ferr) {
			fprintf(stderr,
				"awstrace %s: %s: frame %" G_GUINT64_FORMAT
				": %s (frames of link type %d are skipped)\n",
				cmd, cap_name(r), p->n, ferr->message, p->linktype);
			g_error_free(ferr);
		}
		if (match) {
			bpf_hint.matched = true;
			return 1;
		}
	}
	/* what the reader ignored is said once the file is read, never silently */
	if (got == 0 && cap_warning(r))
		fprintf(stderr, "awstrace: warning: %s\n", cap_warning(r));
	/* libpcap's filters see a tagged frame's fields 4 bytes later only after "vlan"
	 * (pcap-filter(7), "vlan [vlan_id]"): say so when nothing matched on tagged frames */
	if (got == 0 && bpf_hint.tagged && !bpf_hint.matched && bpf_hint.expr &&
		!strstr(bpf_hint.expr, "vlan"))
		fprintf(stderr,
			"awstrace %s: %s: no packet matched \"%s\"; the frames are VLAN-tagged, "
			"and BPF looks inside a tag only after \"vlan\": try \"vlan and %s\"\n",
			cmd, cap_name(r), bpf_hint.expr, bpf_hint.expr);
	return got;
}

gboolean
cmd_http2_ports(const char *cmd, gchar **ports)
{
	for (gchar **p = ports; p && *p; p++) {
		char *end = NULL;
		unsigned long port = strtoul(*p, &end, 10);
		if (!**p || *end || port == 0 || port > 65535) {
			fprintf(stderr, "awstrace %s: --http2-port needs a port 1-65535, not \"%s\"\n",
				cmd, *p);
			return FALSE;
		}
		dec_http2_add_port((uint16_t)port);
	}
	return TRUE;
}

gboolean
cmd_dns_ports(const char *cmd, gchar **ports)
{
	for (gchar **p = ports; p && *p; p++) {
		char *end = NULL;
		unsigned long port = strtoul(*p, &end, 10);
		if (!**p || *end || port == 0 || port > 65535) {
			fprintf(stderr, "awstrace %s: --dns-port needs a port 1-65535, not \"%s\"\n",
				cmd, *p);
			return FALSE;
		}
		dec_dns_add_port((uint16_t)port);
	}
	return TRUE;
}

void
cmd_reasm_report(const char *name, const struct dec_reasm *ra)
{
	struct dec_reasm_stats rs;
	dec_reasm_get_stats(ra, &rs);
	if (!rs.gaps && !rs.bytes_dropped && !rs.conns_evicted && !rs.bytes_late)
		return;
	fprintf(stderr,
		"awstrace: %s: reassembly: %" G_GUINT64_FORMAT " gaps (%" G_GUINT64_FORMAT
		" bytes lost), %" G_GUINT64_FORMAT " bytes dropped over caps",
		name, rs.gaps, rs.bytes_lost, rs.bytes_dropped);
	if (rs.conns_evicted)
		fprintf(stderr, ", %" G_GUINT64_FORMAT " connections evicted", rs.conns_evicted);
	if (rs.eof_holes || rs.eof_bytes)
		fprintf(stderr,
			"; at the end %" G_GUINT64_FORMAT " holes never filled, %" G_GUINT64_FORMAT
			" bytes held behind them or in partial messages lost",
			rs.eof_holes, rs.eof_bytes);
	if (rs.bytes_late)
		fprintf(stderr,
			"; %" G_GUINT64_FORMAT " bytes of holes already declared lost arrived later"
			" (trimmed, not decoded)",
			rs.bytes_late);
	fputc('\n', stderr);
}

void
cmd_ipfrag_report(const char *name, const struct dec_ipfrag *f)
{
	struct dec_ipfrag_stats s;
	dec_ipfrag_get_stats(f, &s);
	uint64_t lost = s.at_end + s.timed_out + s.evicted + s.dropped;
	if (!lost && !s.overlaps)
		return;
	fprintf(stderr,
		"awstrace: %s: IP reassembly: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
		" datagrams never completed (%" G_GUINT64_FORMAT " at the end, %" G_GUINT64_FORMAT
		" timed out, %" G_GUINT64_FORMAT " evicted over caps, %" G_GUINT64_FORMAT
		" given up), %" G_GUINT64_FORMAT " fragments (%" G_GUINT64_FORMAT
		" bytes) in them; %" G_GUINT64_FORMAT " overlapping fragments\n",
		name, lost, s.dgrams, s.at_end, s.timed_out, s.evicted, s.dropped, s.frags_lost,
		s.bytes_lost, s.overlaps);
}

/* The version and the libraries' (run-time where they say it), as tcpdump --version. */
static void
print_version(void)
{
	printf("awstrace %s\n", AWSTRACE_VERSION);
	printf("%s\n", pcap_lib_version());
	printf("GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
	printf("json-glib %s (built with)\n", JSON_VERSION_S);
	printf("nghttp2 %s\n", nghttp2_version(0)->version_str);
	printf("zlib %s\n", zlibVersion());
	printf("%s\n", OpenSSL_version(OPENSSL_VERSION));
}

static void
usage(FILE *f)
{
	fprintf(f, "Usage: awstrace COMMAND [OPTIONS] ...\n\nCommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\n\"awstrace COMMAND --help\" (or \"awstrace help COMMAND\") describes a "
		   "command's options;\n\"awstrace --version\" the libraries'.\n");
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* every command's stdio output is checked once at the end, --help's too (GOption
	 * exits from inside the parser): a full disk is an error, not a silent exit 0 */
	atexit(out_stdout_atexit);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	/* "awstrace help decode" is "awstrace decode --help", as git and go have it */
	char *help_argv[4] = { NULL };
	if (!strcmp(argv[1], "help") && argc == 3) {
		help_argv[0] = argv[0];
		help_argv[1] = argv[2];
		help_argv[2] = (char *)"--help";
		argv = help_argv;
		argc = 3;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		print_version();
		return 0;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		/* the subcommand sees argv[0] = "awstrace decode" so --help reads right */
		char *prog = g_strdup_printf("awstrace %s", commands[i].name);
		g_set_prgname(prog);
		argv[1] = prog;
		int rc = commands[i].run(argc - 1, argv + 1);
		cmd_parse_release();
		g_free(prog);
		if (!out_stdout_checked())
			rc = 1;
		return rc;
	}
	fprintf(stderr, "awstrace: no command \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}
