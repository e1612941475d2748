/* live_opts.c - the live-capture options capture, decode -i and flows -i share (cmd.h):
 * parsed in one place, checked in one place, and the statistics they print while running.
 *
 * The options are GLib callbacks rather than typed entries so that parsing records which
 * were given (0 is a valid --stats or -s value, so "still 0" cannot tell) and checks each
 * value with a message naming the option as typed. The callbacks find the command's
 * struct cmd_live through the main group's user data, which is why cmd_live_options()
 * builds the main group itself.
 */
#include "reports/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "capture/capture.h"

enum live_opt {
	LIVE_SNAPLEN,
	LIVE_BUFFER,
	LIVE_STATS,
	LIVE_IMMEDIATE,
	LIVE_NO_PROMISC,
	LIVE_NANO,
	LIVE_USER,
	LIVE_N
};

static gboolean on_live_option(const char *name, const char *value, void *data, GError **error);

/* In enum live_opt's order: on_live_option() finds an option by its index here. */
static const GOptionEntry live_entries[LIVE_N + 1] = {
	[LIVE_SNAPLEN] = { "snaplen", 's', 0, G_OPTION_ARG_CALLBACK, (void *)on_live_option,
		"Live: keep at most N bytes of each packet (default and 0: 262144)", "N" },
	[LIVE_BUFFER] = { "buffer-size", 'B', 0, G_OPTION_ARG_CALLBACK, (void *)on_live_option,
		"Live: kernel capture buffer in MiB, for bursts (default and 0: libpcap's, 2)",
		"MB" },
	[LIVE_STATS] = { "stats", 0, 0, G_OPTION_ARG_CALLBACK, (void *)on_live_option,
		"Live: also print packets received and dropped (pcap_stats) every N seconds", "N" },
	[LIVE_IMMEDIATE] = { "immediate", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK,
		(void *)on_live_option, "Live: deliver each packet at once instead of in batches",
		NULL },
	[LIVE_NO_PROMISC] = { "no-promiscuous-mode", 'p', G_OPTION_FLAG_NO_ARG,
		G_OPTION_ARG_CALLBACK, (void *)on_live_option,
		"Live: do not put the interface in promiscuous mode", NULL },
	[LIVE_NANO] = { "nano", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK,
		(void *)on_live_option, "Live: nanosecond timestamps when the interface has them",
		NULL },
	[LIVE_USER] = { "relinquish-privileges", 'Z', 0, G_OPTION_ARG_CALLBACK,
		(void *)on_live_option,
		"Live: after opening the device, run as USER (default nobody when it exists; root "
		"keeps root)",
		"USER" },
	[LIVE_N] = G_OPTION_ENTRY_NULL,
};

/* GLib passes the name as typed: "-s" or "--snaplen". */
static int
live_option_index(const char *name)
{
	for (int i = 0; i < LIVE_N; i++) {
		const GOptionEntry *e = &live_entries[i];

		if ((name[0] == '-' && name[1] == '-' && strcmp(name + 2, e->long_name) == 0) ||
			(e->short_name && name[0] == '-' && name[1] == e->short_name &&
				name[2] == '\0'))
			return i;
	}
	return -1;
}

static gboolean
parse_int(const char *name, const char *value, int max, const char *what, int *out, GError **error)
{
	char *end = NULL;

	errno = 0;
	gint64 v = g_ascii_strtoll(value, &end, 10);

	if (*value == '\0' || *end != '\0' || errno != 0 || v < 0 || v > max) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			"%s takes %s, 0 to %d, not \"%s\"", name, what, max, value);
		return FALSE;
	}
	*out = (int)v;
	return TRUE;
}

static gboolean
on_live_option(const char *name, const char *value, void *data, GError **error)
{
	struct cmd_live *live = data;
	int i = live_option_index(name);

	g_return_val_if_fail(i >= 0, FALSE);
	if (live->given == NULL)
		live->given = g_strdup(name); /* GLib frees name after the call */
	switch ((enum live_opt)i) {
	case LIVE_SNAPLEN:
		/* libpcap's own ceiling for a snapshot (MAXIMUM_SNAPLEN) */
		return parse_int(name, value, 262144, "a number of bytes", &live->snaplen, error);
	case LIVE_BUFFER:
		/* MiB to bytes must fit pcap_set_buffer_size()'s int */
		return parse_int(name, value, 2047, "a number of MiB", &live->buffer_mb, error);
	case LIVE_STATS:
		return parse_int(name, value, G_MAXINT, "a number of seconds", &live->stats, error);
	case LIVE_IMMEDIATE:
		live->immediate = true;
		return TRUE;
	case LIVE_NO_PROMISC:
		live->no_promisc = true;
		return TRUE;
	case LIVE_NANO:
		live->nano = true;
		return TRUE;
	case LIVE_USER:
		if (*value == '\0') {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				"%s needs a user name", name);
			return FALSE;
		}
		g_free(live->user);
		live->user = g_strdup(value);
		return TRUE;
	case LIVE_N:
		break;
	}
	return FALSE;
}

static bool
short_name_used(const GOptionEntry *own, char c)
{
	for (const GOptionEntry *e = own; e->long_name != NULL; e++)
		if (e->short_name == c)
			return true;
	return false;
}

void
cmd_live_options(GOptionContext *ctx, const GOptionEntry *own, struct cmd_live *live)
{
	GOptionGroup *g = g_option_group_new(NULL, NULL, NULL, live, NULL);
	GOptionEntry e[LIVE_N + 1];

	g_option_group_add_entries(g, own);
	for (int i = 0; i <= LIVE_N; i++) {
		e[i] = live_entries[i];
		/* the command's letter came first (flows -s is --sort): GLib would take the
		 * first match silently, so the live option goes without one */
		if (e[i].short_name && short_name_used(own, e[i].short_name))
			e[i].short_name = 0;
	}
	g_option_group_add_entries(g, e); /* copies e */
	g_option_context_set_main_group(ctx, g);
}

gboolean
cmd_live_check(const struct cmd_live *live, const char *cmd, const char *iface)
{
	if (iface != NULL || live->given == NULL)
		return TRUE;
	fprintf(stderr,
		"awstrace %s: %s is a live capture option: it needs -i IFACE\n"
		"Try \"awstrace %s --help\".\n",
		cmd, live->given, cmd);
	return FALSE;
}

void
cmd_live_banner(const struct cmd_live *live)
{
	fprintf(stderr, "awstrace: listening on %s, link-type %d, snapshot length %u bytes\n",
		cap_name(live->r), cap_linktype(live->r), cap_live_snaplen(live->r));
}

void
cmd_live_print_stats(const struct cmd_live *live)
{
	char *line = cap_live_stats_line(live->r);

	fprintf(stderr, "awstrace: %s\n", line);
	g_free(line);
}

void
cmd_live_tick(struct cmd_live *live)
{
	if (live->stats <= 0 || live->r == NULL)
		return;
	int64_t now = g_get_monotonic_time();

	if (now < live->next_stats)
		return;
	cmd_live_print_stats(live);
	live->next_stats = now + (int64_t)live->stats * G_USEC_PER_SEC;
}

void
cmd_live_clear(struct cmd_live *live)
{
	g_free(live->user);
	live->user = NULL;
	g_free(live->given);
	live->given = NULL;
}
