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
	 * starts, or -1 when none does. */
	long (*resync)(const uint8_t *p, size_t n);
};

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
	uint64_t bytes_dropped;   /* bytes not buffered because a cap was reached */
	uint64_t resyncs;         /* times a decoder had to look for the next message */
	size_t bytes_buffered;    /* now */
	size_t conns_open;        /* now */
};

struct dec_reasm;

/* A reassembler with the given limits (NULL: defaults documented in reasm.c). */
struct dec_reasm *dec_reasm_new(const struct dec_reasm_limits *lim);
void dec_reasm_free(struct dec_reasm *r);
void dec_reasm_get_stats(const struct dec_reasm *r, struct dec_reasm_stats *s);

/* Called by a TCP-port decoder with the cursor at the segment's payload (the TCP layer is
 * the view's last layer). Returns DEC_DONE (or DEC_STOP after an event). */
enum dec_rc dec_stream_segment(struct dec *d, struct cur *c, const struct dec_stream_proto *sp);

/* The decoder for a TCP segment whose ports name no protocol: continues a connection the
 * reassembler already follows (one a heuristic recognised earlier), else does nothing. */
dec_fn dec_stream_known;

#endif /* AWSTRACE_DECODE_STREAM_H */
