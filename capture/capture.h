/* capture.h - the capture module's public face: one streaming reader interface for pcap,
 * pcapng and either of them gzip-compressed, from a file or standard input.
 *
 * A reader holds one buffer that grows to the largest record it has seen (capped), never
 * with the file: memory does not grow with the capture's length. A packet returned by
 * cap_next() points into that buffer and is valid until the next call.
 */
#ifndef AWSTRACE_CAPTURE_CAPTURE_H
#define AWSTRACE_CAPTURE_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "capture/captime.h"

#define CAP_ERROR cap_error_quark()
GQuark cap_error_quark(void);

enum cap_error_code {
	CAP_ERROR_OPEN,      /* cannot open or read the file */
	CAP_ERROR_FORMAT,    /* not a capture file at all */
	CAP_ERROR_TRUNCATED, /* the file ends inside a record */
	CAP_ERROR_CORRUPT,   /* a record that cannot be right (length, block type...) */
	CAP_ERROR_LIVE,      /* a live source failed (libpcap's message says how) */
	CAP_ERROR_PRIVS,     /* dropping privileges failed */
	CAP_ERROR_DENIED,    /* the system refused a file (EACCES, EPERM): a caller that
			      * dropped root can say so */
};

enum cap_format {
	CAP_FMT_PCAP,
	CAP_FMT_PCAPNG,
};

struct cap_pkt {
	const uint8_t *data; /* caplen bytes, valid until the next cap_next() */
	uint32_t caplen;     /* bytes captured */
	uint32_t len;        /* bytes on the wire */
	/* capture time (capture/captime.h): sec within [CAP_TIME_SEC_MIN, CAP_TIME_SEC_MAX]
	 * (the reader clamps a hostile file's), nsec < 10^9; ts is the same two fields */
	union {
		struct cap_time ts;
		struct {
			int64_t sec;   /* UTC seconds since 1970 */
			uint32_t nsec; /* nanoseconds within the second */
		};
	};
	uint8_t prec;        /* digits the capture's resolution warrants: 6 or 9 */
	int linktype;        /* LINKTYPE_ value of the interface it came from */
	uint32_t ifindex;    /* pcapng interface number; 0 in pcap */
	uint64_t n;          /* frame number, from 1 */
	uint64_t off;        /* byte offset of its record in the (uncompressed) stream */
};

/* The packet's capture time. */
static inline struct cap_time
cap_pkt_time(const struct cap_pkt *p)
{
	return p->ts;
}

struct cap_reader;

/* Opens path ("-" is standard input), reads and checks the file header (gzip detected by
 * its magic bytes). Returns NULL and sets error (naming the file) when the file cannot be
 * read or is not a capture. */
struct cap_reader *cap_open(const char *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Reads the next packet. Returns 1 with *pkt filled, 0 at a clean end of file, -1 when
 * the file is damaged: error then says "FILE: frame N at byte OFFSET: what is wrong",
 * and every packet before the damage has been returned. */
int cap_next(struct cap_reader *r, struct cap_pkt *pkt, GError **error);

/* The link type of the first interface (pcap: the file's), -1 if none seen yet. */
int cap_linktype(const struct cap_reader *r);
enum cap_format cap_format(const struct cap_reader *r);
bool cap_gzipped(const struct cap_reader *r);
/* What the reader ignored without failing, to print as a warning once the file is read:
 * "FILE: trailing garbage after the last gzip member, from compressed byte N, ignored";
 * NULL when nothing. Owned by the reader. */
const char *cap_warning(const struct cap_reader *r);

/* The name given to cap_open ("-" shown as "<stdin>"). */
const char *cap_name(const struct cap_reader *r);

void cap_close(struct cap_reader *r);

/* Live capture (live.c): one more reader behind the same interface. cap_next() on it
 * waits for the next packet and returns 0 (a clean end) once cap_live_stop() was called
 * or SIGINT/SIGTERM/SIGHUP arrived; cap_name() is the interface; cap_linktype() is libpcap's
 * link type for it as a LINKTYPE_ value; cap_format() says pcap. */
struct cap_live_opts {
	int snaplen;          /* bytes kept per packet; 0: 262144 */
	int buffer_mb;        /* kernel buffer in MiB (bursts); 0: libpcap's default (2) */
	int timeout_ms;       /* how long the kernel holds packets back; 0: 100 */
	bool no_promisc;      /* do not put the interface in promiscuous mode */
	bool immediate;       /* deliver each packet at once (low latency, more wakeups) */
	bool nano;            /* ask for nanosecond timestamps (falls back to microseconds) */
	const char *filter;   /* BPF, run in the kernel; NULL: every packet */
	/* After the device is open: NULL drops to "nobody" when it exists, "root" keeps root,
	 * another name drops to that user (setgroups/initgroups, setgid, setuid, like
	 * tcpdump -Z). Nothing changes when the process is not root. */
	const char *user;
	/* Called from inside cap_next() each time timeout_ms passes with no packet, so a
	 * caller can flush or print statistics while the wire is quiet. */
	void (*idle)(void *arg);
	void *idle_arg;
};

struct cap_live_stats {
	uint64_t captured;       /* packets cap_next() returned */
	uint64_t received;       /* pcap_stats ps_recv: seen by the filter */
	uint64_t dropped_kernel; /* ps_drop: no room in the buffer */
	uint64_t dropped_iface;  /* ps_ifdrop: dropped by the interface or its driver */
};

/* Opens iface ("any" for all of them) with libpcap, applies o (NULL: defaults), installs
 * SIGINT/SIGTERM/SIGHUP handlers that stop it, then drops
 * privileges as o->user says. Returns NULL with error set when the device cannot be
 * opened or activated, the filter does not compile, or the user cannot be switched to.
 * The caller owns the reader: cap_close() it. One live reader at a time gets the signals
 * (the last one opened). */
struct cap_reader *cap_open_live(const char *iface, const struct cap_live_opts *o,
	GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* True for a reader from cap_open_live(). */
bool cap_is_live(const struct cap_reader *r);

/* Makes the next (or the current, waiting) cap_next() return 0. Async-signal-safe. */
void cap_live_stop(struct cap_reader *r);

/* True once a signal or cap_live_stop() ended the capture. */
bool cap_live_stopped(const struct cap_reader *r);

/* Fills st from pcap_stats(), counters widened to 64 bits across wraps. False with error
 * set for a reader that is not live or when libpcap cannot say. */
bool cap_live_stats(struct cap_reader *r, struct cap_live_stats *st, GError **error)
	G_GNUC_WARN_UNUSED_RESULT;

/* "IFACE: N packets received, D dropped by kernel, I dropped by interface" (no newline)
 * from cap_live_stats(), or why there are none; g_free() it. */
char *cap_live_stats_line(struct cap_reader *r);

/* The user a root process switched to once the device was open (o->user or the default
 * nobody), owned by the reader; NULL when it kept its privileges (not root, -Z root, no
 * nobody). What a caller says when it cannot create a file afterwards. */
const char *cap_live_user(const struct cap_reader *r);

/* Snapshot length and timestamp digits (6 or 9) of a live reader, for a writer's header. */
uint32_t cap_live_snaplen(const struct cap_reader *r);
uint8_t cap_live_prec(const struct cap_reader *r);

/* The devices pcap_findalldevs() lists, in its order, one line each as tcpdump -D prints
 * them ("1.lo [Up, Running, Loopback]"). Returns NULL with error set when libpcap fails;
 * g_free() the string. */
char *cap_live_interfaces(GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Between reader.c and live.c only: a live reader is a cap_reader holding a cap_live that
 * cap_next(), cap_close() hand over to. */
struct cap_live;
struct cap_reader *cap_reader_new_live(struct cap_live *l, const char *name, int linktype);
struct cap_live *cap_reader_live(const struct cap_reader *r);
int cap_live_next(struct cap_live *l, struct cap_pkt *pkt, GError **error);
void cap_live_free(struct cap_live *l);


#endif /* AWSTRACE_CAPTURE_CAPTURE_H */
