/* cmd.h - the subcommands' entry points and what they share. Each returns the process
 * exit code: 0 success, 1 the input was bad, 2 bad usage (DESIGN.md). */
#ifndef AWSTRACE_REPORTS_CMD_H
#define AWSTRACE_REPORTS_CMD_H

#include <glib.h>

#define AWSTRACE_VERSION "0.1.0"

int cmd_decode(int argc, char **argv);
int cmd_topology(int argc, char **argv);
int cmd_flows(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* Parses argv with ctx; on failure prints the message and a --help hint (exit code 2). */
gboolean cmd_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv);

struct cap_filter;
struct cap_pkt;
struct cap_reader;

/* Opens what `awstrace cmd` reads: path, or iface live with the kernel running expr
 * (NULL: no filter). For a file, *filter gets expr compiled by libpcap, or NULL without
 * one. Returns the reader, which the caller closes along with *filter; or NULL after
 * printing why on stderr, with *rc the exit code: 1 when the capture cannot be opened, 2
 * when the filter does not compile. */
struct cap_reader *cmd_open_capture(const char *cmd, const char *path, const char *iface,
	const char *expr, struct cap_filter **filter, int *rc) G_GNUC_WARN_UNUSED_RESULT;

/* cap_next() over the packets filter matches (NULL: all). A link type the filter cannot
 * be compiled for is said once on stderr and its frames are skipped. Returns as cap_next():
 * 1 with *p filled, 0 at the end, -1 with *error set. */
int cmd_next_packet(const char *cmd, struct cap_reader *r, struct cap_filter *filter,
	struct cap_pkt *p, GError **error);

struct dec_reasm;

/* Registers each --http2-port value (prior-knowledge h2c on that TCP port); false after
 * saying which value is not a port 1-65535. */
gboolean cmd_http2_ports(const char *cmd, gchar **ports);

/* Says on stderr, once, what TCP reassembly lost or dropped over its caps, when it did:
 * what was decoded from those streams is incomplete. */
void cmd_reasm_report(const char *name, const struct dec_reasm *ra);

#endif /* AWSTRACE_REPORTS_CMD_H */
