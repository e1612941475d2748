/* live.c - live capture with libpcap behind the reader interface of capture.h.
 *
 * DOC: design
 * pcap_create, then the options (snaplen, promiscuous mode, timeout, immediate mode,
 * buffer size, timestamp precision), pcap_activate, the kernel filter, and only then the
 * privilege drop, as tcpdump does: opening a packet socket needs root (or CAP_NET_RAW),
 * reading from it afterwards does not.
 *
 * The handle is non-blocking and we poll(2) its selectable descriptor ourselves, for at
 * most timeout_ms at a time: with TPACKET_V3 libpcap's own wait can block indefinitely on
 * a quiet interface (the kernel does not retire empty blocks), and a caller needs its
 * idle callback (flushing a file, printing statistics) to run while nothing arrives.
 * SIGINT, SIGTERM and SIGHUP (the terminal or ssh session went away: issue 17, the
 * capture must still end its file cleanly) set the reader's stop flag and call pcap_breakloop()
 * (documented as safe in a signal handler); poll returns EINTR or its timeout, cap_next() sees the
 * flag and returns 0, a clean end, so the command flushes its output and prints its report. A
 * second signal does not kill (no SA_RESETHAND): timeout(1) and shells may deliver one signal
 * twice, to the process and to its group, and the stop takes at most timeout_ms.
 *
 * pcap_stats() counters are u_int and wrap: we keep the last values and add the
 * differences to 64-bit totals.
 */
#include "capture/capture.h"

#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib.h>
#include <pcap/pcap.h>

#define LIVE_SNAPLEN    262144
#define LIVE_TIMEOUT_MS 100
#define LINKTYPE_RAW    101

struct cap_live {
	pcap_t *pc;
	int fd; /* pcap_get_selectable_fd, -1 if none */
	char *iface;
	char *user; /* whom root was dropped to; NULL: privileges kept */
	volatile sig_atomic_t stop; /* 1: a signal (drain what is queued), 2: cap_live_stop() */
	uint32_t drain_left;        /* packets still read after a signal; set at the first stop */
	bool draining;
	int64_t drain_until;        /* monotonic µs: stop draining when nothing came by then */
	int timeout_ms;
	uint32_t snaplen;
	uint8_t prec;
	uint64_t n;
	void (*idle)(void *arg);
	void *idle_arg;

	u_int last_recv, last_drop, last_ifdrop;
	uint64_t recv, drop, ifdrop;
};

/* packets read after SIGINT/SIGTERM/SIGHUP at most: what the kernel queued before it */
#define LIVE_DRAIN_MAX 65536

/* the live reader the signal handlers stop */
static struct cap_live *volatile sig_live;

static void
on_signal(int sig)
{
	int saved = errno;
	struct cap_live *l = sig_live;

	(void)sig;
	if (l != NULL) {
		l->stop = 1;
		pcap_breakloop(l->pc);
	}
	errno = saved;
}

static void
install_signals(struct cap_live *l)
{
	struct sigaction sa;

	sig_live = l;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: poll and write return EINTR and the loop looks at the flag */
	sa.sa_flags = 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* libpcap reports DLT_ values; files and decoders use LINKTYPE_ values. They agree except
 * for a few historical DLTs, of which only DLT_RAW occurs on the systems we capture on. */
static int
dlt_to_linktype(int dlt)
{
#ifdef DLT_RAW
	if (dlt == DLT_RAW)
		return LINKTYPE_RAW;
#endif
	return dlt;
}

/* Like tcpdump's droproot(): supplementary groups, then the group, then the user, and a
 * check that root cannot be regained. *dropped_to gets the user's name (g_free it) when
 * the process switched, stays NULL when it kept what it had. */
static bool
drop_privileges(const char *user, char **dropped_to, GError **error)
{
	bool by_default = user == NULL;
	struct passwd *pw;

	if (getuid() != 0 && geteuid() != 0)
		return true;
	if (by_default)
		user = "nobody";
	if (strcmp(user, "root") == 0)
		return true;
	errno = 0;
	pw = getpwnam(user);
	if (pw == NULL) {
		if (by_default)
			return true; /* no "nobody" here: stay as we are, like tcpdump */
		g_set_error(error, CAP_ERROR, CAP_ERROR_PRIVS, "no user \"%s\" to run as%s%s",
			user, errno ? ": " : "", errno ? g_strerror(errno) : "");
		return false;
	}
	if (pw->pw_uid == 0)
		return true;
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
		setuid(pw->pw_uid) != 0) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_PRIVS, "cannot switch to user \"%s\": %s",
			user, g_strerror(errno));
		return false;
	}
	if (setuid(0) == 0) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_PRIVS,
			"switched to user \"%s\" but could become root again", user);
		return false;
	}
	*dropped_to = g_strdup(pw->pw_name);
	return true;
}

static void
live_error(GError **error, const char *iface, const char *what, int status, pcap_t *pc)
{
	const char *why = pcap_statustostr(status);
	const char *more = "";

	if (status == PCAP_ERROR)
		why = pcap_geterr(pc);
	else if (status == PCAP_ERROR_NO_SUCH_DEVICE)
		more = " (awstrace capture --list-interfaces shows what there is)";
	else if (status == PCAP_ERROR_PERM_DENIED)
		more = " (capturing needs root or CAP_NET_RAW)";
	g_set_error(error, CAP_ERROR, CAP_ERROR_LIVE, "%s: %s: %s%s", iface, what, why, more);
}

struct cap_reader *
cap_open_live(const char *iface, const struct cap_live_opts *o, GError **error)
{
	static const struct cap_live_opts defaults = { 0 };
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct cap_live *l;
	int rc;

	g_return_val_if_fail(iface != NULL, NULL);
	if (o == NULL)
		o = &defaults;
	l = g_new0(struct cap_live, 1);
	l->fd = -1;
	l->iface = g_strdup(iface);
	l->idle = o->idle;
	l->idle_arg = o->idle_arg;
	l->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : LIVE_TIMEOUT_MS;
	l->pc = pcap_create(iface, errbuf);
	if (l->pc == NULL) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_LIVE, "%s: %s", iface, errbuf);
		goto out_free;
	}
	pcap_set_snaplen(l->pc, o->snaplen > 0 ? o->snaplen : LIVE_SNAPLEN);
	pcap_set_promisc(l->pc, !o->no_promisc);
	pcap_set_timeout(l->pc, l->timeout_ms);
	if (o->immediate)
		pcap_set_immediate_mode(l->pc, 1);
	if (o->buffer_mb > 0)
		pcap_set_buffer_size(l->pc, o->buffer_mb * 1024 * 1024);
	if (o->nano)
		/* an interface that cannot gives microseconds: cap_live_prec() tells */
		(void)pcap_set_tstamp_precision(l->pc, PCAP_TSTAMP_PRECISION_NANO);

	rc = pcap_activate(l->pc);
	if (rc < 0) {
		live_error(error, iface, "cannot capture", rc, l->pc);
		goto out_free;
	}
	if (rc > 0) {
		/* a warning (promiscuous mode not supported, ...): capture goes on */
		fprintf(stderr, "awstrace: %s: warning: %s\n", iface,
			rc == PCAP_WARNING ? pcap_geterr(l->pc) : pcap_statustostr(rc));
	}
	l->snaplen = (uint32_t)pcap_snapshot(l->pc);
	l->prec = pcap_get_tstamp_precision(l->pc) == PCAP_TSTAMP_PRECISION_NANO ? 9 : 6;

	if (o->filter != NULL) {
		struct bpf_program prog;

		if (pcap_compile(l->pc, &prog, o->filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
			g_set_error(error, CAP_ERROR, CAP_ERROR_LIVE, "%s: filter \"%s\": %s",
				iface, o->filter, pcap_geterr(l->pc));
			goto out_free;
		}
		rc = pcap_setfilter(l->pc, &prog);
		pcap_freecode(&prog);
		if (rc != 0) {
			live_error(error, iface, "cannot set the filter", rc, l->pc);
			goto out_free;
		}
	}
	if (pcap_setnonblock(l->pc, 1, errbuf) != 0) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_LIVE, "%s: %s", iface, errbuf);
		goto out_free;
	}
	l->fd = pcap_get_selectable_fd(l->pc);
	if (!drop_privileges(o->user, &l->user, error))
		goto out_free;

	struct cap_reader *r =
		cap_reader_new_live(l, iface, dlt_to_linktype(pcap_datalink(l->pc)));

	install_signals(l);
	return r;

out_free:
	cap_live_free(l);
	return NULL;
}

/* Waits for the descriptor to be readable, at most timeout_ms. Returns false when the
 * time passed with nothing to read (or a signal came). */
static bool
live_wait(struct cap_live *l)
{
	if (l->fd < 0) {
		/* no selectable descriptor: sleep a little rather than spin */
		g_usleep(1000);
		return true;
	}
	struct pollfd pfd = { .fd = l->fd, .events = POLLIN };

	return poll(&pfd, 1, l->timeout_ms) > 0;
}

/* one buffer timeout and some slack for a loaded machine */
static int64_t
drain_wait_us(const struct cap_live *l)
{
	return (int64_t)l->timeout_ms * 1000 + 100000;
}

int
cap_live_next(struct cap_live *l, struct cap_pkt *pkt, GError **error)
{
	for (;;) {
		struct pcap_pkthdr *h;
		const u_char *data;

		/* After Ctrl-C the packets the kernel already holds are read, not thrown away:
		 * they count as received, so dropping them would be a silent loss. The drain
		 * is bounded, as traffic may keep coming. */
		if (l->stop) {
			if (l->stop != 1)
				return 0;
			if (!l->draining) {
				l->draining = true;
				l->drain_left = LIVE_DRAIN_MAX;
				l->drain_until = g_get_monotonic_time() + drain_wait_us(l);
			}
			if (l->drain_left == 0)
				return 0;
		}
		int rc = pcap_next_ex(l->pc, &h, &data);

		if (rc == 1) {
			if (l->draining) {
				l->drain_left--;
				l->drain_until = g_get_monotonic_time() + drain_wait_us(l);
			}
			pkt->data = data;
			pkt->caplen = h->caplen;
			pkt->len = h->len;
			pkt->sec = h->ts.tv_sec;
			/* tv_usec holds nanoseconds when nanosecond precision was granted */
			pkt->nsec = l->prec == 9 ? (uint32_t)h->ts.tv_usec
						 : (uint32_t)h->ts.tv_usec * 1000u;
			pkt->prec = l->prec;
			pkt->linktype = dlt_to_linktype(pcap_datalink(l->pc));
			pkt->ifindex = 0;
			pkt->n = ++l->n;
			pkt->off = 0;
			return 1;
		}
		if (rc == PCAP_ERROR_BREAK) {
			if (l->stop == 1)
				continue; /* the signal's breakloop: drain next */
			return 0;
		}
		if (rc < 0) {
			g_set_error(error, CAP_ERROR, CAP_ERROR_LIVE,
				"%s: capture failed after %" G_GUINT64_FORMAT " packets: %s",
				l->iface, l->n, pcap_geterr(l->pc));
			return -1;
		}
		if (l->stop) {
			/* Nothing readable now; with TPACKET_V3 the kernel may still hold packets
			 * in a block it hands over only at the buffer timeout: wait up to that
			 * (again after each packet), through the signals that may still come. */
			if (l->stop != 1)
				return 0;
			int64_t left = l->drain_until - g_get_monotonic_time();
			if (left <= 0)
				return 0;
			if (l->fd >= 0) {
				struct pollfd pfd = { .fd = l->fd, .events = POLLIN };
				poll(&pfd, 1, (int)(left / 1000) + 1);
			} else {
				g_usleep(1000);
			}
			continue;
		}
		if (!live_wait(l) && !l->stop && l->idle)
			l->idle(l->idle_arg);
	}
}

void
cap_live_free(struct cap_live *l)
{
	if (l == NULL)
		return;
	if (sig_live == l)
		sig_live = NULL;
	if (l->pc)
		pcap_close(l->pc);
	g_free(l->iface);
	g_free(l->user);
	g_free(l);
}

bool
cap_is_live(const struct cap_reader *r)
{
	return cap_reader_live(r) != NULL;
}

void
cap_live_stop(struct cap_reader *r)
{
	struct cap_live *l = cap_reader_live(r);

	if (l != NULL) {
		l->stop = 2;
		pcap_breakloop(l->pc);
	}
}

bool
cap_live_stopped(const struct cap_reader *r)
{
	struct cap_live *l = cap_reader_live(r);

	return l != NULL && l->stop;
}

bool
cap_live_stats(struct cap_reader *r, struct cap_live_stats *st, GError **error)
{
	struct cap_live *l = cap_reader_live(r);
	struct pcap_stat ps;

	if (l == NULL) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_LIVE, "%s: not a live capture",
			cap_name(r));
		return false;
	}
	memset(&ps, 0, sizeof(ps));
	if (pcap_stats(l->pc, &ps) != 0) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_LIVE, "%s: no statistics: %s", l->iface,
			pcap_geterr(l->pc));
		return false;
	}
	/* unsigned differences are right across one wrap between two calls */
	l->recv += (u_int)(ps.ps_recv - l->last_recv);
	l->drop += (u_int)(ps.ps_drop - l->last_drop);
	l->ifdrop += (u_int)(ps.ps_ifdrop - l->last_ifdrop);
	l->last_recv = ps.ps_recv;
	l->last_drop = ps.ps_drop;
	l->last_ifdrop = ps.ps_ifdrop;
	st->captured = l->n;
	st->received = l->recv;
	st->dropped_kernel = l->drop;
	st->dropped_iface = l->ifdrop;
	return true;
}

char *
cap_live_stats_line(struct cap_reader *r)
{
	struct cap_live_stats st;
	GError *err = NULL;

	if (!cap_live_stats(r, &st, &err)) {
		char *s = g_strdup(err->message);

		g_error_free(err);
		return s;
	}
	return g_strdup_printf("%s: %" G_GUINT64_FORMAT " packets received, %" G_GUINT64_FORMAT
			       " dropped by kernel, %" G_GUINT64_FORMAT " dropped by interface",
		cap_name(r), st.received, st.dropped_kernel, st.dropped_iface);
}

const char *
cap_live_user(const struct cap_reader *r)
{
	struct cap_live *l = cap_reader_live(r);

	return l ? l->user : NULL;
}

uint32_t
cap_live_snaplen(const struct cap_reader *r)
{
	struct cap_live *l = cap_reader_live(r);

	return l ? l->snaplen : 0;
}

uint8_t
cap_live_prec(const struct cap_reader *r)
{
	struct cap_live *l = cap_reader_live(r);

	return l ? l->prec : 6;
}

char *
cap_live_interfaces(GError **error)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	pcap_if_t *all = NULL;

	if (pcap_findalldevs(&all, errbuf) != 0) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_LIVE, "cannot list interfaces: %s",
			errbuf);
		return NULL;
	}
	GString *s = g_string_new(NULL);
	unsigned i = 0;

	for (const pcap_if_t *d = all; d != NULL; d = d->next) {
		g_string_append_printf(s, "%u.%s", ++i, d->name);
		if (d->description)
			g_string_append_printf(s, " (%s)", d->description);
		g_string_append(s, " [");
		const char *sep = "";

		if (d->flags & PCAP_IF_UP) {
			g_string_append_printf(s, "%sUp", sep);
			sep = ", ";
		}
		if (d->flags & PCAP_IF_RUNNING) {
			g_string_append_printf(s, "%sRunning", sep);
			sep = ", ";
		}
		if (d->flags & PCAP_IF_LOOPBACK) {
			g_string_append_printf(s, "%sLoopback", sep);
			sep = ", ";
		}
		if (d->flags & PCAP_IF_WIRELESS) {
			g_string_append_printf(s, "%sWireless", sep);
			sep = ", ";
		}
		switch (d->flags & PCAP_IF_CONNECTION_STATUS) {
		case PCAP_IF_CONNECTION_STATUS_CONNECTED:
			g_string_append_printf(s, "%sConnected", sep);
			break;
		case PCAP_IF_CONNECTION_STATUS_DISCONNECTED:
			g_string_append_printf(s, "%sDisconnected", sep);
			break;
		default:
			break;
		}
		g_string_append(s, "]\n");
	}
	pcap_freealldevs(all);
	return g_string_free(s, FALSE);
}
