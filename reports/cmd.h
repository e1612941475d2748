/* cmd.h - the subcommands' entry points and what they share. Each returns the process
 * exit code: 0 success, 1 the input was bad, 2 bad usage (DESIGN.md). */
#ifndef AWSTRACE_REPORTS_CMD_H
#define AWSTRACE_REPORTS_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#define AWSTRACE_VERSION "0.1.0"

int cmd_decode(int argc, char **argv);
int cmd_topology(int argc, char **argv);
int cmd_flows(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_bench(int argc, char **argv);

/* Parses argv with ctx; on failure prints the message and a --help hint (exit code 2). */
gboolean cmd_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv);
/* cmd_parse() first rewrites argv as getopt would read it (reports/argv.h: -c2, -nr FILE,
 * -r FILE) and adds the options every packet command shares: -n (ignored) for decode,
 * flows and capture, --color for decode and explain. What it allocated is freed by
 * cmd_parse_release() once the command has returned. */
void cmd_parse_release(void);
struct dec_dfilter;
/* Compiles -Y EXPR (decode/dfilter.h); NULL without one. On a mistake says where on
 * stderr, with a caret under the column, sets *failed (exit 2) and returns NULL. */
struct dec_dfilter *cmd_dfilter(const char *cmd, const char *expr, bool *failed);
/* Whether to colour what goes to fd: --color always, never, or auto (fd a terminal and
 * NO_COLOR unset or empty, https://no-color.org). Never colour into a pipe unless asked. */
bool cmd_color(int fd);

struct cap_filter;
struct cap_pkt;
struct cap_reader;

/* The live-capture options (live_opts.c): one set, one meaning, for capture, decode -i
 * and flows -i, as issue 7 has it: the live source is one more reader, so every command
 * that reads packets takes the same -i options. A command keeps one in its options. */
struct cmd_live {
	/* from the command line (0 / false / NULL: not given) */
	int snaplen;     /* -s N: bytes kept per packet; 0: 262144 */
	int buffer_mb;   /* -B MB: kernel buffer; 0: libpcap's 2 MiB */
	int stats;       /* --stats N: a statistics line every N seconds; 0: only at the end */
	bool immediate;  /* --immediate */
	bool no_promisc; /* -p */
	bool nano;       /* --nano */
	char *user;      /* -Z USER; NULL: nobody when it exists (cap_live_opts.user) */
	char *given;     /* the first of them given, as typed ("-Z"), for the error without -i */

	/* while capturing: set by cmd_open_capture() */
	struct cap_reader *r;
	int64_t next_stats; /* g_get_monotonic_time() of the next --stats line */
	/* the command's own work while the wire is quiet (capture flushes its file); NULL:
	 * none. --stats lines are printed either way. */
	void (*idle)(void *arg);
	void *idle_arg;
};

/* Makes own (the command's entries) and the live options ctx's main group, so --help
 * lists them together. A live option whose short letter own already uses keeps only its
 * long name (flows: -s is --sort, so the snapshot length is --snaplen). Values are checked
 * while parsing: a bad one fails cmd_parse() (exit 2) with the option's name. */
void cmd_live_options(GOptionContext *ctx, const GOptionEntry *own, struct cmd_live *live);

/* After parsing: false after printing a usage error (exit 2) when a live option was given
 * without -i IFACE (iface NULL). */
gboolean cmd_live_check(const struct cmd_live *live, const char *cmd, const char *iface);

/* "awstrace: listening on IFACE, link-type N, snapshot length N bytes" on stderr (as
 * tcpdump says it): the capture is open, filtered and running as -Z USER. */
void cmd_live_banner(const struct cmd_live *live);

/* Prints the statistics line when --stats N seconds have passed since the last: after
 * each packet (busy wire) and from the reader's idle callback (quiet wire). */
void cmd_live_tick(struct cmd_live *live);

/* Prints "awstrace: IFACE: N packets received, D dropped by kernel, I dropped by
 * interface" (pcap_stats) on stderr now: at the end, so loss is never silent. */
void cmd_live_print_stats(const struct cmd_live *live);

/* Frees what parsing allocated; the reader is the command's to close. */
void cmd_live_clear(struct cmd_live *live);

/* Opens what `awstrace cmd` reads: path, or iface live with the kernel running expr
 * (NULL: no filter) and live's options (live->r is set to the reader; its idle callback
 * runs live->idle and the --stats lines). For a file, *filter gets expr compiled by
 * libpcap, or NULL without one. Returns the reader, which the caller closes along with
 * *filter; or NULL after printing why on stderr, with *rc the exit code: 1 when the
 * capture cannot be opened, 2 when the filter does not compile. */
struct cap_reader *cmd_open_capture(const char *cmd, const char *path, const char *iface,
	struct cmd_live *live, const char *expr, struct cap_filter **filter,
	int *rc) G_GNUC_WARN_UNUSED_RESULT;

/* cap_next() over the packets filter matches (NULL: all). A link type the filter cannot
 * be compiled for is said once on stderr and its frames are skipped. Returns as cap_next():
 * 1 with *p filled, 0 at the end, -1 with *error set. */
int cmd_next_packet(const char *cmd, struct cap_reader *r, struct cap_filter *filter,
	struct cap_pkt *p, GError **error);

struct dec_reasm;

/* Registers each --http2-port value (prior-knowledge h2c on that TCP port); false after
 * saying which value is not a port 1-65535. */
gboolean cmd_http2_ports(const char *cmd, gchar **ports);
/* --dns-port: the same checks; each port is decoded as DNS over UDP and TCP. */
gboolean cmd_dns_ports(const char *cmd, gchar **ports);
struct dec_ipfrag;
/* One stderr line on IP reassembly when a datagram was not completed (never, timed out,
 * evicted or given up) or fragments overlapped; nothing otherwise. */
void cmd_ipfrag_report(const char *name, const struct dec_ipfrag *f);

/* Says on stderr, once, what TCP reassembly lost or dropped over its caps, when it did:
 * what was decoded from those streams is incomplete. */
void cmd_reasm_report(const char *name, const struct dec_reasm *ra);

/* The key options decode and flows share (reports/crypto_opts.c, issue 18). */
struct cmd_keys {
	gchar **md5;     /* --tcp-md5-key PEER=KEY ... */
	gchar *md5_file; /* --tcp-md5-keys FILE */
	gchar *esp_file; /* --esp-keys FILE */
	struct dec_keys *table; /* what cmd_keys_load() made; freed by cmd_keys_clear() */
	gboolean dnssec;        /* --dnssec: validate DNS answers (decode/dnssec.h) */
	gchar *trust_anchor;    /* --trust-anchor FILE (implies --dnssec) */
	struct dec_dnssec *validator; /* cmd_keys_load() made it when asked */
};
struct dec_keys;
/* Adds the options to ctx's main group (after cmd_live_options); --dnssec and
 * --trust-anchor only when dnssec (decode: the command that shows DNS answers). */
void cmd_keys_options(GOptionContext *ctx, struct cmd_keys *k, bool dnssec);
/* The key table the options give (kept in ko->table); NULL without any, or, with *failed
 * set to the exit code (2: a bad --tcp-md5-key value, 1: a bad key file), after saying on
 * stderr what is wrong, without the key. */
struct dec_keys *cmd_keys_load(const char *cmd, struct cmd_keys *ko, int *failed);
void cmd_keys_clear(struct cmd_keys *ko);

#endif /* AWSTRACE_REPORTS_CMD_H */
