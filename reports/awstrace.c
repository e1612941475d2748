/* awstrace.c - main: dispatches to one cmd_<name>.c per subcommand; also what they share
 * (cmd.h): option parsing and the capture-reading loop's open and filtered next. */
#include "reports/cmd.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "capture/filter.h"
#include "decode/http2.h"
#include "decode/ipfrag.h"
#include "decode/stream.h"
#include "reports/out.h"

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

gboolean
cmd_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv)
{
	GError *err = NULL;
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, "awstrace %s: %s\nTry \"awstrace %s --help\".\n", cmd, err->message,
			cmd);
		g_error_free(err);
		return FALSE;
	}
	return TRUE;
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

struct cap_reader *
cmd_open_capture(const char *cmd, const char *path, const char *iface, struct cmd_live *live,
	const char *expr, struct cap_filter **filter, int *rc)
{
	GError *err = NULL;
	struct cap_reader *r;
	*filter = NULL;
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
		GError *ferr = NULL;
		bool match = cap_filter_match(filter, p, &ferr);
		if (ferr) {
			fprintf(stderr,
				"awstrace %s: %s: frame %" G_GUINT64_FORMAT
				": %s (frames of link type %d are skipped)\n",
				cmd, cap_name(r), p->n, ferr->message, p->linktype);
			g_error_free(ferr);
		}
		if (match)
			return 1;
	}
	/* what the reader ignored is said once the file is read, never silently */
	if (got == 0 && cap_warning(r))
		fprintf(stderr, "awstrace: warning: %s\n", cap_warning(r));
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

static void
usage(FILE *f)
{
	fprintf(f, "Usage: awstrace COMMAND [OPTIONS] ...\n\nCommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\n\"awstrace COMMAND --help\" describes a command's options.\n");
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
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("awstrace %s\n", AWSTRACE_VERSION);
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
		g_free(prog);
		if (!out_stdout_checked())
			rc = 1;
		return rc;
	}
	fprintf(stderr, "awstrace: no command \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}
