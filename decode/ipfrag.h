/* ipfrag.h - IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5) fragment reassembly for the
 * decoders: the datagram's upper layer is decoded once, on the packet that completes it,
 * as tshark does. Design, limits and complexity: decode/ipfrag.c. */
#ifndef AWSTRACE_DECODE_IPFRAG_H
#define AWSTRACE_DECODE_IPFRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"

/* A field left 0 takes its default (decode/ipfrag.c): 64 fragments, 4 MiB, 8192
 * datagrams, 60 s. */
struct dec_ipfrag_limits {
	uint32_t max_frags;    /* fragments per datagram */
	size_t total_bytes;    /* fragment bytes held in all */
	size_t max_dgrams;     /* datagrams being reassembled at once */
	uint32_t timeout;      /* seconds of capture time from a datagram's first fragment */
};

struct dec_ipfrag_stats {
	uint64_t frags;        /* fragments seen */
	uint64_t dgrams;       /* datagrams started */
	uint64_t completed;    /* datagrams reassembled */
	uint64_t dups;         /* exact duplicate fragments dropped (RFC 8200 §4.5) */
	uint64_t overlaps;     /* fragments overlapping another (events) */
	uint64_t dropped;      /* datagrams given up: too big, too many fragments, overlap in
				* IPv6 (RFC 5722), a bad fragment length */
	uint64_t timed_out;    /* datagrams never completed within the timeout */
	uint64_t evicted;      /* datagrams given up to stay under the byte or datagram cap */
	uint64_t at_end;       /* datagrams still incomplete at dec_ipfrag_finish() */
	uint64_t frags_lost;   /* fragments of the datagrams in the last four counters */
	uint64_t bytes_lost;   /* and their bytes */
	size_t bytes_held;     /* now */
	size_t dgrams_open;    /* now */
};

struct dec_ipfrag;

/* A reassembler with the given limits (NULL: defaults); never NULL. The caller owns it,
 * attaches it as d->ipfrag, and sets d->ts_sec and d->frame_n before each packet. */
struct dec_ipfrag *dec_ipfrag_new(const struct dec_ipfrag_limits *lim);
void dec_ipfrag_free(struct dec_ipfrag *f);
/* The end of the capture: what is still held is counted as never completed. f may be NULL. */
void dec_ipfrag_finish(struct dec_ipfrag *f);
void dec_ipfrag_get_stats(const struct dec_ipfrag *f, struct dec_ipfrag_stats *s);

enum dec_ipfrag_rc {
	DEC_IPFRAG_HELD,     /* kept; nothing to decode further on this packet */
	DEC_IPFRAG_COMPLETE, /* *out covers the whole reassembled payload */
	DEC_IPFRAG_DROPPED,  /* not kept (an event was recorded, or it is a duplicate) */
};

/* For the IPv4/IPv6 decoders: the fragment of IP layer l (its fields filled) whose data
 * is the cursor c's bytes (frag_len of them on the wire; the cursor may hold fewer when a
 * snaplen cut it), at byte offset frag_off of the datagram, more fragments following when
 * more. id is the identification (IPv4's 16 bits or IPv6's 32), proto the IPv4 protocol
 * (0 for IPv6: RFC 8200 §4.5 keys on addresses and id only). On DEC_IPFRAG_COMPLETE *out
 * covers the datagram's payload (valid until the next packet), l->u.ipv4/ipv6.reasm is set
 * and *total is its length. */
enum dec_ipfrag_rc dec_ipfrag_add(struct dec *d, struct dec_layer *l, uint32_t id, uint8_t proto,
	uint32_t frag_off, uint32_t frag_len, bool more, const struct cur *c, struct cur *out,
	uint32_t *total);

#endif /* AWSTRACE_DECODE_IPFRAG_H */
