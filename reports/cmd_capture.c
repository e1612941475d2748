/* cmd_capture.c - `awstrace capture`: packets from an interface (libpcap) to pcap files,
 * gzip-compressed when OUT ends in .gz, rotated by size or time, with the kernel's and
 * the interface's drop counts printed at the end (and every N seconds with --stats), so
 * that loss is never silent. */
#include "reports/cmd.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "capture/writer.h"

static struct {
	gchar *iface;
	gchar *out;
	gchar *filter;
	gint64 count;
	gchar *rotate_size;
	gint64 rotate_seconds;
	gint ring;
	gboolean list;
	struct cmd_live live; /* -s, -B, --stats, --immediate, -p, --nano, -Z: as decode -i's */
} opt;

static const GOptionEntry entries[] = {
	{ "interface", 'i', 0, G_OPTION_ARG_STRING, &opt.iface,
		"Capture on IFACE (\"any\": all interfaces)", "IFACE" },
	{ "write", 'w', 0, G_OPTION_ARG_FILENAME, &opt.out,
		"Write pcap to OUT (gzip when it ends in .gz; - is standard output)", "OUT" },
	{ "filter", 'f', 0, G_OPTION_ARG_STRING, &opt.filter,
		"Only packets matching this BPF expression, filtered in the kernel", "BPF" },
	{ "count", 'c', 0, G_OPTION_ARG_INT64, &opt.count, "Stop after N packets", "N" },
	{ "rotate-size", 'C', 0, G_OPTION_ARG_STRING, &opt.rotate_size,
		"Start a new file before one passes SIZE: millions of bytes, or with a k, m or g "
		"suffix KiB, MiB, GiB (as tcpdump -C)",
		"SIZE" },
	{ "rotate-seconds", 'G', 0, G_OPTION_ARG_INT64, &opt.rotate_seconds,
		"Start a new file every N seconds (by packet time)", "N" },
	{ "ring", 'W', 0, G_OPTION_ARG_INT, &opt.ring,
		"With rotation, keep only the last K files, deleting older ones", "K" },
	{ "list-interfaces", 'D', 0, G_OPTION_ARG_NONE, &opt.list,
		"List the interfaces libpcap can capture on, and exit", NULL },
	G_OPTION_ENTRY_NULL
};

/* state the reader's idle callback shares with the packet loop */
struct run {
	struct cap_reader *r;
	struct cap_writer *w;
	GError *err; /* the first write failure: ends the capture */
};

/* After each packet and whenever the wire is quiet (the --stats lines are printed by
 * cmd_live_tick() in both cases): flush the file when due. */
static void
flush_when_due(void *arg)
{
	struct run *run = arg;

	if (run->r == NULL || run->w == NULL)
		return;
	if (run->err == NULL && !cap_writer_tick(run->w, &run->err))
		cap_live_stop(run->r);
}

/* tcpdump -C: millions of bytes, or k/K, m/M, g/G for 2^10, 2^20, 2^30. */
static bool
parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	uint64_t mult = 1000000;

	errno = 0;
	guint64 v = g_ascii_strtoull(s, &end, 10);

	if (end == s || errno != 0)
		return false;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		mult = UINT64_C(1) << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mult = UINT64_C(1) << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mult = UINT64_C(1) << 30;
		end++;
		break;
	default:
		return false;
	}
	if (*end != '\0' || v == 0 || v > UINT64_MAX / mult)
		return false;
	*bytes = v * mult;
	return true;
}

static int
usage_error(const char *msg)
{
	fprintf(stderr, "awstrace capture: %s\nTry \"awstrace capture --help\".\n", msg);
	return 2;
}

static int
list_interfaces(void)
{
	GError *err = NULL;
	char *list = cap_live_interfaces(&err);

	if (list == NULL) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		return 1;
	}
	fputs(list, stdout);
	g_free(list);
	return 0;
}

/* A write error; when the system refused a file and root was dropped before creating it,
 * that is the likely reason, and the way out is said. */
static void
print_write_error(const GError *err, struct cap_reader *r)
{
	const char *user = cap_live_user(r);

	if (user != NULL && g_error_matches(err, CAP_ERROR, CAP_ERROR_DENIED))
		fprintf(stderr,
			"awstrace: %s (privileges were dropped to %s after opening %s: -Z root "
			"keeps root, or write to a directory %s can write to)\n",
			err->message, user, cap_name(r), user);
	else
		fprintf(stderr, "awstrace: %s\n", err->message);
}

static int
run_capture(const struct cap_writer_opts *wo_in)
{
	struct run run = { 0 };
	struct cap_filter *no_filter; /* live: the kernel runs -f */
	GError *err = NULL;
	int rc;

	opt.live.idle = flush_when_due;
	opt.live.idle_arg = &run;
	run.r = cmd_open_capture(
		"capture", NULL, opt.iface, &opt.live, opt.filter, &no_filter, &rc);
	if (run.r == NULL)
		return rc;
	rc = 0;

	/* opened after the privilege drop, as tcpdump does: the files belong to -Z USER */
	struct cap_writer_opts wo = *wo_in;

	wo.linktype = cap_linktype(run.r);
	wo.snaplen = cap_live_snaplen(run.r);
	wo.nano = cap_live_prec(run.r) == 9;
	run.w = cap_writer_open(opt.out, &wo, &err);
	if (run.w == NULL) {
		print_write_error(err, run.r);
		g_error_free(err);
		cap_close(run.r);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	cmd_live_banner(&opt.live);

	struct cap_pkt p;
	int got;

	while ((got = cap_next(run.r, &p, &err)) == 1) {
		if (!cap_writer_write(run.w, &p, &run.err))
			break;
		if (opt.count && cap_writer_packets(run.w) >= (uint64_t)opt.count)
			break;
		flush_when_due(&run);
		cmd_live_tick(&opt.live);
		if (run.err)
			break;
	}
	if (got < 0) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		rc = 1;
	}
	uint64_t written = cap_writer_packets(run.w);
	unsigned files = cap_writer_files(run.w);

	if (!cap_writer_close(run.w, run.err ? NULL : &run.err) || run.err) {
		print_write_error(run.err, run.r);
		g_clear_error(&run.err);
		rc = 1;
	}
	cmd_live_print_stats(&opt.live);
	fprintf(stderr, "awstrace: %s: %" G_GUINT64_FORMAT " packets written to %u file%s\n",
		opt.out, written, files, files == 1 ? "" : "s");
	cap_close(run.r);
	return rc;
}

int
cmd_capture(int argc, char **argv)
{
	memset(&opt, 0, sizeof(opt));
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("- capture packets from an interface to pcap files");
	cmd_live_options(ctx, entries, &opt.live);
	g_option_context_set_summary(ctx,
		"Captures with libpcap on -i IFACE and writes pcap to -w OUT (gzip-compressed when\n"
		"OUT ends in .gz). Ctrl-C stops cleanly; the counts of packets received and dropped\n"
		"(by the kernel, by the interface) are printed at the end. Run as root, it drops to\n"
		"USER (-Z, default nobody) once the device is open, before creating OUT.\n"
		"\n"
		"Rotation names the files OUT, OUT.1, OUT.2, ... (for OUT.gz: OUT.1.gz, ...).\n"
		"Files are flushed every second: a killed capture leaves a readable file.");
	g_option_context_set_description(ctx,
		"Examples:\n"
		"  awstrace capture --list-interfaces\n"
		"  awstrace capture -i eth0 -w vpn.pcap.gz -f 'udp port 500 or udp port 4500'\n"
		"  awstrace capture -i any -w ring.pcap -C 100 -W 10 --stats 60\n"
		"  awstrace capture -i eth0 -w - | awstrace decode -\n");
	int rc = 2;

	if (!cmd_parse(ctx, "capture", &argc, &argv))
		goto out_opts;
	if (opt.list) {
		rc = list_interfaces();
		goto out_opts;
	}
	if (argc != 1) {
		rc = usage_error("unexpected argument (a filter goes after -f)");
		goto out_opts;
	}
	if (!opt.iface || !opt.out) {
		rc = usage_error("-i IFACE and -w OUT are needed");
		goto out_opts;
	}
	/* -s, -B and --stats were checked while parsing (live_opts.c) */
	if (opt.count < 0 || opt.rotate_seconds < 0 || opt.rotate_seconds > UINT32_MAX ||
		opt.ring < 0) {
		rc = usage_error("-c, -G and -W take a positive number");
		goto out_opts;
	}
	struct cap_writer_opts wo = { .rotate_seconds = (uint32_t)opt.rotate_seconds,
		.ring = (uint32_t)opt.ring };

	if (opt.rotate_size && !parse_size(opt.rotate_size, &wo.rotate_bytes)) {
		rc = usage_error("--rotate-size takes a positive number of millions of bytes, or "
				 "of KiB, MiB, GiB with a k, m, g suffix");
		goto out_opts;
	}
	/* a usage error, found before the device is opened (issue 17: it exited 1) */
	if (strcmp(opt.out, "-") == 0 && (wo.rotate_bytes || wo.rotate_seconds || opt.ring)) {
		rc = usage_error("standard output (-w -) cannot be rotated (-C, -G, -W): give a "
				 "file name");
		goto out_opts;
	}
	if (opt.ring && !wo.rotate_bytes && !wo.rotate_seconds) {
		rc = usage_error("--ring needs --rotate-size or --rotate-seconds");
		goto out_opts;
	}
	rc = run_capture(&wo);

out_opts:
	g_free(opt.iface);
	g_free(opt.out);
	g_free(opt.filter);
	g_free(opt.rotate_size);
	cmd_live_clear(&opt.live);
	return rc;
}
