/* stream.h - framed application protocols over TCP, and the reassembler that feeds them.
 *
 * A protocol carried in TCP (BGP, DNS over TCP, HTTP/2) describes itself once as a struct
 * dec_stream_proto: how long the message at a boundary is, how to decode one whole
 * message, and where a message may start again after a gap. Its TCP-port decoder calls
 * dec_stream_segment() with the segment's payload. With a reassembler attached to the
 * decode context (d->reasm), bytes are delivered in order per connection and direction,
 * and each message is decoded on the packet whose segment completes it (as tshark does);
 * several messages completed by one segment are all decoded on it. Without one (the fuzz
 * targets, a single-packet decode) the whole messages inside the segment are decoded.
 *
 * The bytes a message's cursor covers stay valid until the next packet is decoded: the
 * reassembler frees and compacts its buffers only then, so a view may point into them.
 * The cursor's base is the frame offset of the message's first byte when the message
 * starts in the current segment, else the offset of the current segment's payload.
 *
 * Lost bytes (a hole the capture never fills) are a DEC_E_STREAM_GAP event on the packet
 * that settles it; the partial message before it is dropped and resync() finds the next
 * boundary. A connection seen without its SYN starts the same way: resync() at its first
 * byte. Design, limits and complexity: decode/reasm.c.
 */
#ifndef AWSTRACE_DECODE_STREAM_H
#define AWSTRACE_DECODE_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"

struct dec_stream_proto {
	const char *name;
	uint16_t proto;     /* enum dec_proto its messages are recorded as */
	size_t conn_size;   /* per-connection state, zeroed when the connection is first seen */
	/* Frees what conn holds (not conn itself); NULL when it holds nothing. */
	void (*conn_free)(void *conn);
	/* Given n bytes at a message boundary: the whole message's length (which may be more
	 * than n), 0 when n bytes are too few to tell, -1 when they cannot start a message.
	 * conn is NULL without a reassembler. */
	long (*frame)(const uint8_t *p, size_t n, void *conn);
	/* Decodes one whole message: c covers exactly its bytes, at frame offsets as close as
	 * the reassembly allows. dir is 0 for the side that opened the connection (or sent the
	 * first packet seen), 1 for the other. conn as for frame. */
	void (*message)(struct dec *d, struct cur *c, void *conn, int dir);
	/* After a gap: the offset of the first byte in p[0..n) where a message plausibly
	 * starts, or -1 when none does (the bytes are dropped, but for the last 32, which are
	 * offered again with the next ones). NULL: a stream that lost bytes is not decoded
	 * further. */
	long (*resync)(const uint8_t *p, size_t n);
	/* Told when bytes of direction dir were lost (a gap), before resync: state that a
	 * lost byte can corrupt (an HPACK dynamic table) must be given up. NULL: nothing to
	 * give up. */
	void (*gap)(struct dec *d, void *conn, int dir);
	/* Whether p[0..n) begins with a message boundary the protocol can tell with certainty
	 * (BGP: the 16-byte marker, a valid length and type). A segment that arrives after a
	 * hole and begins with one settles the hole at once: it is declared lost and the
	 * message is decoded on its own packet, as tshark does. NULL: holes wait (for an ACK
	 * past them, a FIN, the age or a cap). */
	bool (*certain)(const uint8_t *p, size_t n);
	/* Told the bytes of a message that will never complete (a hole after them was declared
	 * lost): c covers them. It may show the fields of its header that are whole (issue
	 * 14: as tshark shows a message the capture cut). NULL: they are dropped unseen. */
	void (*partial)(struct dec *d, struct cur *c, void *conn, int dir);
};

/* A field left 0 takes its default (decode/reasm.c): 1 MiB, 64 MiB, 65536, 300 s. */
struct dec_reasm_limits {
	size_t stream_bytes;      /* buffered per direction (partial message + out of order) */
	size_t total_bytes;       /* buffered in all */
	size_t max_streams;       /* connections tracked at once */
	uint32_t idle_timeout;    /* seconds of capture time without a packet */
};

struct dec_reasm_stats {
	uint64_t conns;           /* connections seen */
	uint64_t conns_closed;    /* freed on FIN/RST */
	uint64_t conns_idle;      /* freed by idle timeout */
	uint64_t conns_evicted;   /* freed because max_streams was reached */
	uint64_t gaps;            /* holes declared lost */
	uint64_t bytes_lost;      /* bytes in those holes */
	uint64_t bytes_dropped;   /* bytes not buffered because a cap was reached (an out-of-order
				   * segment over the total cap, an evicted connection's, those
				   * skipped after a message length above the per-stream cap) */
	uint64_t resyncs;         /* times a decoder had to look for the next message (after a
				   * gap or a frame() of -1; not for a start without SYN) */
	uint64_t bytes_late;      /* bytes of a hole already declared lost that arrived later
				   * (a retransmission): trimmed, never decoded */
	uint64_t eof_holes;       /* holes still open at the end (dec_reasm_finish) */
	uint64_t eof_bytes;       /* bytes held behind them, and partial messages, lost then */
	size_t bytes_buffered;    /* now */
	size_t conns_open;        /* now */
};

struct dec_reasm;

/* A reassembler with the given limits (NULL: defaults documented in reasm.c); never NULL.
 * The caller owns it, attaches it as d->reasm and sets d->ts_sec before each packet. */
struct dec_reasm *dec_reasm_new(const struct dec_reasm_limits *lim);
/* Frees r and every connection it follows (conn_free runs for each); r may be NULL. */
void dec_reasm_free(struct dec_reasm *r);
/* The end of the capture (or of a -c run): every hole still open is declared lost and
 * what was held behind it is resynchronised and counted (eof_holes, eof_bytes in the
 * stats, and gaps/bytes_lost); nothing held vanishes silently. Messages it would complete
 * have no packet to be shown on, so they are counted, not decoded. r may be NULL. */
void dec_reasm_finish(struct dec_reasm *r);

/* Copies the counters into *s. */
void dec_reasm_get_stats(const struct dec_reasm *r, struct dec_reasm_stats *s);

/* Called by a TCP-port decoder with the cursor at the segment's payload (the TCP layer is
 * the view's last layer), at most once per packet. Follows the connection with sp (a
 * connection already followed keeps the protocol it started with); a segment with neither
 * payload nor SYN starts nothing. Returns DEC_STOP when an event was recorded (a gap, or
 * one of sp->message's), else DEC_DONE; the cursor is left at the payload's end. */
enum dec_rc dec_stream_segment(struct dec *d, struct cur *c, const struct dec_stream_proto *sp);

/* The decoder for a TCP segment whose ports name no protocol: continues a connection the
 * reassembler already follows (one a heuristic recognised earlier), else does nothing. */
dec_fn dec_stream_known;

#endif /* AWSTRACE_DECODE_STREAM_H */
