/* cmd_analyze.c - `awstrace analyze`: the post-incident report (DESIGN.md "awstrace
 * analyze", issue 12). Reads one or more captures merged by time, runs the analysis
 * (replay/analyze.h) and renders it as text (analyze_text.c) or JSON (analyze_json.c).
 *
 * Exit 0 when the report was written; 1 when a capture or the topology is bad, or the
 * vantage is ambiguous (the message names both candidates); 2 on bad usage.
 */
#include "reports/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/filter.h"
#include "decode/decode.h"
#include "decode/dfilter.h"
#include "decode/dnssec.h"
#include "decode/stream.h"
#include "model/forward.h"
#include "model/model.h"
#include "replay/analyze.h"
#include "reports/analyze_report.h"
#include "reports/embedded.h"

static struct {
	gchar **topology;
	struct cmd_keys keys; /* --tcp-md5-key, --tcp-md5-keys, --esp-keys (issue 18) */
	gchar *vantage;
	gchar *json;
	gchar *html;
	gchar *filter;
	gchar *dfilter;             /* -Y */
	struct dec_dfilter *df;     /* ... compiled; freed with the options */
	gint64 keep;
	gint64 idle;
	gchar **http2_ports;
	gboolean no_progress;
} opt;

static const GOptionEntry entries[] = {
	CMD_TOPOLOGY_OPTION(opt.topology),
	{ "vantage", 0, 0, G_OPTION_ARG_STRING, &opt.vantage,
		"Where the capture was taken, when the packets cannot tell: a component id "
		"(dxvif-…, vpn-…, eni-…) or an awstrace.json Vantages name", "ID" },
	{ "json", 0, 0, G_OPTION_ARG_FILENAME, &opt.json,
		"Write the analysis as JSON (schema 1) to OUT, or to standard output with -", "OUT" },
	{ "html", 0, 0, G_OPTION_ARG_FILENAME, &opt.html,
		"Write the report as one self-contained HTML page to OUT (- standard output)", "OUT" },
	{ "filter", 'f', 0, G_OPTION_ARG_STRING, &opt.filter,
		"Only packets matching this BPF expression (libpcap syntax)", "BPF" },
	{ "display-filter", 'Y', 0, G_OPTION_ARG_STRING, &opt.dfilter,
		"Only packets whose decoded layers match EXPR, at any tunnel level (README: "
		"\"Display filter\"); keep BGP in it (-Y 'bgp or ...') for routes to move",
		"EXPR" },
	{ "keep-flows", 0, 0, G_OPTION_ARG_INT64, &opt.keep,
		"Flows listed in full besides those with evidence (default 200)", "N" },
	{ "idle-timeout", 0, 0, G_OPTION_ARG_INT64, &opt.idle,
		"Seconds of capture time after which a quiet flow is finished (default 600)", "S" },
	{ "http2-port", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.http2_ports,
		"Read TCP on PORT as HTTP/2 with prior knowledge (h2c)", "PORT" },
	{ "no-progress", 0, 0, G_OPTION_ARG_NONE, &opt.no_progress,
		"No progress line on stderr even when it is a terminal", NULL },
	G_OPTION_ENTRY_NULL
};

struct src {
	struct cap_reader *r;
	struct cap_filter *filter;
	const char *path;
	struct cap_pkt p;
	bool have;     /* p holds the next packet */
	bool done;
	uint64_t size; /* file size for the progress line; 0 unknown (stdin, gzip) */
};

/* Reads the next packet of s into s->p; false at its end (or after printing an error). */
static bool
src_next(struct src *s, int *rc)
{
	GError *err = NULL;
	int got = cmd_next_packet("analyze", s->r, s->filter, &s->p, &err);
	if (got == 1) {
		s->have = true;
		return true;
	}
	if (got < 0) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		*rc = 1;
	}
	s->have = false;
	s->done = true;
	return false;
}

struct progress {
	bool on;
	int64_t start, next;
	uint64_t total;
};

static void
progress_show(struct progress *pg, struct src *srcs, size_t n, uint64_t packets, bool end)
{
	if (!pg->on)
		return;
	int64_t now = g_get_monotonic_time();
	if (!end && now < pg->next)
		return;
	pg->next = now + 250000;
	double el = (double)(now - pg->start) / 1e6;
	uint64_t pos = 0;
	bool known = pg->total > 0;
	for (size_t i = 0; i < n; i++)
		pos += srcs[i].done ? srcs[i].size : (srcs[i].have ? srcs[i].p.off : 0);
	double rate = el > 0 ? (double)packets / el : 0;
	if (known && pos && !end) {
		double frac = (double)pos / (double)pg->total;
		double eta = frac > 0 ? el * (1 - frac) / frac : 0;
		fprintf(stderr, "\r%" G_GUINT64_FORMAT " packets, %.0f pkt/s, %.1f%%, ETA %.0f s   ",
			packets, rate, frac * 100, eta);
	} else {
		fprintf(stderr, "\r%" G_GUINT64_FORMAT " packets, %.0f pkt/s%s   ", packets, rate,
			end ? ", done" : "");
	}
	if (end)
		fputc('\n', stderr);
}

static int
analyze_run(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("FILE... - the post-incident report of one or more captures");
	g_option_context_add_main_entries(ctx, entries, NULL);
	cmd_keys_options(ctx, &opt.keys, true);
	g_option_context_set_summary(ctx,
		"Walks every flow of the captures (merged by time; - is standard input) through the\n"
		"topology from where the capture saw it, and again whenever BGP in the capture moves\n"
		"a route; tells BGP, IPsec, IKE, DNS, GWLB, HTTP/2, TCP and MACsec timelines and the\n"
		"anomalies, the incident summarised first. The snapshot's routes are taken as the\n"
		"state at the capture's start.");
	g_option_context_set_description(ctx,
		"Examples:\n"
		"  awstrace analyze samples/captures/incident-hold.pcap\n"
		"  awstrace analyze --topology snap/ --json report.json edge-*.pcap\n"
		"  awstrace analyze --html incident.html samples/captures/incident-hold.pcap\n"
		"  awstrace analyze --vantage dx-router -f 'not port 22' capture.pcapng.gz\n");
	if (!cmd_parse(ctx, "analyze", &argc, &argv))
		return 2;
	if (argc < 2) {
		fprintf(stderr, "awstrace analyze: a capture file is needed\n"
				"Try \"awstrace analyze --help\".\n");
		return 2;
	}
	if (opt.keep < 0 || opt.idle < 0 || opt.idle > UINT32_MAX) {
		fprintf(stderr, "awstrace analyze: --keep-flows and --idle-timeout take a positive "
				"number\n");
		return 2;
	}
	if (!cmd_http2_ports("analyze", opt.http2_ports))
		return 2;
	if (opt.html && opt.json) {
		fprintf(stderr, "awstrace analyze: --html and --json: one report at a time\n");
		return 2;
	}

	bool df_failed;
	opt.df = cmd_dfilter("analyze", opt.dfilter, &df_failed);
	if (df_failed)
		return 2;
	int keys_failed;
	struct dec_keys *keys = cmd_keys_load("analyze", &opt.keys, &keys_failed);
	if (keys_failed)
		return keys_failed;

	g_autofree char *dir = NULL;
	GError *err = NULL;
	/* --topology repeatable: one snapshot per account and Region, or a directory holding
	 * one per sub-directory (model_load_dirs()); loader warnings are counted in the report */
	struct model *m = cmd_topology_load(opt.topology, 0, &dir, &err);
	if (!m) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		return 1;
	}
	struct model_engine *e = model_engine_new(m, &err);
	if (!e) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		model_free(m);
		return 1;
	}
	struct analyze_opts ao = {
		.vantage = opt.vantage,
		.idle_timeout = (uint32_t)opt.idle,
		.keep_flows = (size_t)opt.keep,
		.topology_name = opt.topology && opt.topology[0] ? dir : SAMPLE_TOPOLOGY " (bundled)",
		.topology_bundled = !(opt.topology && opt.topology[0]),
		.dnssec = opt.keys.validator != NULL,
	};
	struct analyze *a = analyze_new(m, e, &ao, &err);
	int rc = 0;
	size_t nsrc = (size_t)argc - 1;
	struct src *srcs = g_new0(struct src, nsrc);
	struct dec *d = NULL;
	if (!a) {
		fprintf(stderr, "awstrace analyze: %s\n", err->message);
		g_error_free(err);
		rc = 2;
		goto out_free;
	}
	struct progress pg = { .on = !opt.no_progress && isatty(STDERR_FILENO) };
	for (size_t i = 0; i < nsrc; i++) {
		int orc = 0;
		srcs[i].path = argv[i + 1];
		srcs[i].r = cmd_open_capture("analyze", srcs[i].path, NULL, NULL, opt.filter,
			&srcs[i].filter, &orc);
		if (!srcs[i].r) {
			rc = orc;
			goto out_free;
		}
		analyze_add_file(a, cap_name(srcs[i].r));
		struct stat st;
		if (strcmp(srcs[i].path, "-") && !cap_gzipped(srcs[i].r) && !stat(srcs[i].path, &st))
			srcs[i].size = (uint64_t)st.st_size;
		pg.total += srcs[i].size;
		src_next(&srcs[i], &rc);
	}
	for (size_t i = 0; i < nsrc; i++)
		if (!srcs[i].size)
			pg.total = 0; /* a part of unknown size: no percentage */
	pg.start = g_get_monotonic_time();
	signal(SIGPIPE, SIG_IGN);
	d = dec_new();
	d->reasm = dec_reasm_new(NULL);
	d->keys = keys; /* decrypted ESP's inner flows are walked like any other */
	uint64_t n = 0;
	for (;;) {
		/* the earliest packet of all files (ties: the file named first) */
		struct src *best = NULL;
		for (size_t i = 0; i < nsrc; i++) {
			struct src *s = &srcs[i];
			if (!s->have)
				continue;
			if (!best || s->p.sec < best->p.sec ||
				(s->p.sec == best->p.sec && s->p.nsec < best->p.nsec))
				best = s;
		}
		if (!best)
			break;
		n++;
		d->ts_sec = best->p.sec;
		d->ts_nsec = best->p.nsec;
		dec_packet(d, best->p.data, best->p.caplen, best->p.len, best->p.linktype);
		if (opt.keys.validator)
			dec_dnssec_packet(opt.keys.validator, d, best->p.sec);
		/* a packet -Y does not match is not analyzed (its frame number stays); its
		 * time still runs the clocks */
		if (!opt.df || dec_dfilter_match(opt.df, d))
			analyze_packet(a, d, best->p.prec, best->p.len, n);
		else
			analyze_skip(a, d);
		progress_show(&pg, srcs, nsrc, n, false);
		src_next(best, &rc);
	}
	progress_show(&pg, srcs, nsrc, n, true);
	const struct analysis *r = analyze_finish(a);
	if (r->vantage_error) {
		fprintf(stderr, "awstrace analyze: %s\n", r->vantage_error_text);
		rc = 1;
		goto out_free;
	}
	int fd = STDOUT_FILENO;
	bool close_fd = false;
	const char *file = opt.json ? opt.json : opt.html;
	if (file && strcmp(file, "-")) {
		fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			fprintf(stderr, "awstrace analyze: %s: %s\n", file, g_strerror(errno));
			rc = 1;
			goto out_free;
		}
		close_fd = true;
	}
	struct out *o = out_new(fd);
	if (opt.json)
		analyze_json(r, o);
	else if (opt.html)
		analyze_html(r, m, o);
	else
		analyze_text(r, o);
	if (!out_free(o)) {
		fprintf(stderr, "awstrace: writing output failed\n");
		rc = 1;
	}
	if (close_fd && close(fd)) {
		fprintf(stderr, "awstrace analyze: %s: %s\n", file, g_strerror(errno));
		rc = 1;
	}
	if (file && strcmp(file, "-")) {
		/* the JSON or HTML went to a file: the summary still goes to the terminal */
		struct out *t = out_new(STDOUT_FILENO);
		GPtrArray *sum = g_ptr_array_new_with_free_func(g_free);
		analyze_summary(r, sum);
		for (guint i = 0; i < sum->len; i++)
			out_printf(t, "%s\n", (char *)g_ptr_array_index(sum, i));
		g_ptr_array_free(sum, TRUE);
		out_printf(t, "analysis written to %s\n", file);
		out_free(t);
	}
	cmd_reasm_report(nsrc == 1 ? cap_name(srcs[0].r) : "analyze", d->reasm);
out_free:
	if (d) {
		dec_reasm_free(d->reasm);
		dec_free(d);
	}
	for (size_t i = 0; i < nsrc; i++) {
		cap_filter_free(srcs[i].filter);
		if (srcs[i].r)
			cap_close(srcs[i].r);
	}
	g_free(srcs);
	analyze_free(a);
	model_engine_free(e);
	model_free(m);
	return rc;
}

int
cmd_analyze(int argc, char **argv)
{
	memset(&opt, 0, sizeof(opt));
	int rc = analyze_run(argc, argv);
	g_strfreev(opt.topology);
	cmd_keys_clear(&opt.keys);
	g_free(opt.vantage);
	g_free(opt.json);
	g_free(opt.html);
	g_free(opt.filter);
	g_free(opt.dfilter);
	dec_dfilter_free(opt.df);
	g_strfreev(opt.http2_ports);
	return rc;
}
