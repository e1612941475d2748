/* decode.h - the decode module's public face: the packet view, events and dispatch.
 *
 * Design: dec_packet() runs one loop over a table of decoders. Each decoder reads its
 * header through the cursor it is given, appends one layer to the view and names what
 * follows (d->next_kind and d->next_v[]); the loop finds the next decoder in the table and
 * runs it on the same cursor, which the decoder has left at (and trimmed to) its payload.
 * One loop, no recursion: one place caps the number of layers and tunnels. Nothing here
 * allocates: the view is a fixed array reset per packet, and what must be built
 * (lists of IKE payloads, GENEVE options) comes from a per-packet arena.
 */
#ifndef AWSTRACE_DECODE_DECODE_H
#define AWSTRACE_DECODE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "capture/captime.h"
#include "decode/cursor.h"
#include "decode/layers.h"

#define DEC_MAX_LAYERS	48
#define DEC_MAX_ERRORS	8
#define DEC_MAX_TUNNELS 8
#define DEC_ARENA_SIZE	(64 * 1024)

/* Link types (pcap LINKTYPE_ values) the decoder knows. */
enum {
	DEC_LINK_NULL = 0,
	DEC_LINK_EN10MB = 1,
	DEC_LINK_PPP = 9,
	DEC_LINK_PPP_HDLC = 50,
	DEC_LINK_RAW_12 = 12, /* DLT_RAW on most BSDs */
	DEC_LINK_RAW_14 = 14, /* DLT_RAW on OpenBSD */
	DEC_LINK_RAW = 101,
	DEC_LINK_LOOP = 108,
	DEC_LINK_SLL = 113,
	DEC_LINK_JUNIPER_ETHER = 178,
	DEC_LINK_IPV4 = 228,
	DEC_LINK_IPV6 = 229,
	DEC_LINK_SLL2 = 276,
};

/* What a decoder says follows it. */
enum dec_key_kind {
	DEC_K_NONE = 0,
	DEC_K_LINK,      /* v[0] = link type */
	DEC_K_ETHERTYPE, /* v[0] = ethertype */
	DEC_K_IPPROTO,   /* v[0] = IP protocol number */
	DEC_K_UDP_PORT,  /* v[0], v[1] = the two ports; the lower one is tried first */
	DEC_K_TCP_PORT,  /* likewise */
	DEC_K_LLC,       /* 802.3 frame: v[0] = length field */
	DEC_K_COUNT
};

enum dec_rc {
	DEC_DONE, /* the layer is complete and nothing the decoder knows follows */
	DEC_NEXT, /* d->next_kind/next_v name what follows; the cursor is at its first byte */
	DEC_STOP, /* an event was recorded; decoding of this packet ends */
};

/* Event codes: stable names in dec_event_name(); tests assert codes, wording may change. */
enum dec_ecode {
	DEC_E_TRUNCATED = 1,    /* a header ends past the captured bytes */
	DEC_E_LINKTYPE,         /* a link type no decoder knows */
	DEC_E_LAYERS_FULL,      /* more than DEC_MAX_LAYERS layers */
	DEC_E_TUNNEL_DEPTH,     /* more than DEC_MAX_TUNNELS tunnels */
	DEC_E_ARENA_FULL,       /* the per-packet arena is exhausted */
	DEC_E_BAD_VERSION,      /* IPv4 header in an IPv6 slot, unknown GENEVE version... */
	DEC_E_BAD_HEADER_LEN,   /* a header length field below the minimum */
	DEC_E_BAD_LENGTH,       /* a length field that contradicts the headers around it */
	DEC_E_OPTION_LEN,       /* an option/TLV length below its minimum or past its end */
	DEC_E_EXT_CHAIN,        /* IPv6 extension chain too long */
	DEC_E_PAYLOAD_LEN,      /* a payload length running past its message */
	DEC_E_RESERVED,         /* a reserved bit or value that must not be set */
	DEC_E_IKE_TOO_MANY,     /* more IKE payloads/proposals/transforms/selectors than recorded */
	DEC_E_DNS_NAME_LOOP,    /* a compression pointer not strictly before the last target */
	DEC_E_DNS_NAME_PTR,     /* a compression pointer into the 12-byte header */
	DEC_E_DNS_NAME_LONG,    /* a name over 255 octets on the wire */
	DEC_E_DNS_LABEL_TYPE,   /* an extended/reserved label type (0x40, 0x80) */
	DEC_E_DNS_RDATA_LEN,    /* rdlength past the message, or rdata not of its type's shape */
	DEC_E_DNS_COUNT,        /* a section count larger than the records present */
	DEC_E_BGP_MARKER,       /* a BGP header whose 16-byte marker is not all ones */
	DEC_E_BGP_MSG_LEN,      /* a BGP length below 19, its type's minimum, or the maximum */
	DEC_E_BGP_TYPE,         /* a BGP message type no RFC assigns */
	DEC_E_BGP_OPT_LEN,      /* an OPEN optional parameter or capability past its end */
	DEC_E_BGP_WITHDRAWN_LEN, /* UPDATE withdrawn routes length past the message */
	DEC_E_BGP_ATTR_LEN,     /* a path attribute (or the attributes' total) past its end */
	DEC_E_BGP_ATTR,         /* a path attribute whose value is malformed (RFC 7606) */
	DEC_E_BGP_PREFIX,       /* an NLRI prefix longer than its family or past its end */
	DEC_E_BGP_DUP_ATTR,     /* a path attribute that appeared before in the UPDATE */
	DEC_E_BGP_NOTIFY_DATA,  /* NOTIFICATION data not of its code's shape */
	DEC_E_BGP_TOO_MANY,     /* more BGP messages/capabilities/attributes than recorded */
	DEC_E_STREAM_GAP,       /* TCP reassembly: bytes of a stream never seen (decode/stream.h) */
	DEC_E_HTTP2_FRAME_LEN,  /* an HTTP/2 frame length wrong for its type, a block over its cap */
	DEC_E_HTTP2_PADDING,    /* HTTP/2 pad length past the frame */
	DEC_E_HTTP2_SEQUENCE,   /* an HTTP/2 frame where RFC 9113 forbids it */
	DEC_E_HTTP2_HPACK,      /* the HPACK inflater failed: that direction's headers are lost */
	DEC_E_HTTP2_TOO_MANY,   /* more open HTTP/2 streams than followed */
	DEC_E_BFD_INVALID,      /* a BFD packet RFC 5880 §6.8.6 says to discard */
	DEC_E_TCP_MD5_MISMATCH, /* a TCP-MD5 signature (RFC 2385) that the configured key denies */
	DEC_E_TCP_MD5_MISSING,  /* an unsigned segment of a peer with a TCP-MD5 key */
	DEC_E_ESP_ICV,          /* an ESP ICV (RFC 4303 §3.4.4) that the SA's key denies */
	DEC_E_ESP_DECRYPT,      /* an ESP payload not of the SA's shape (length, padding) */
	DEC_E_FRAG_OVERLAP,     /* an IP fragment overlapping another of its datagram */
	DEC_E_FRAG_TOO_BIG,     /* fragments reaching past 65,535 bytes */
	DEC_E_FRAG_LIMIT,       /* more fragments per datagram than the reassembler keeps */
	DEC_E_FRAG_LEN,         /* a fragment length not a multiple of 8, or past the last one */
	DEC_E_COUNT
};

struct dec_event {
	uint16_t proto; /* enum dec_proto of the layer that recorded it */
	uint16_t code;  /* enum dec_ecode */
	uint32_t off;   /* byte offset in the captured frame */
	char what[96];
};

struct dec_layer {
	uint16_t proto;  /* enum dec_proto */
	bool truncated;  /* the header was cut short: fields are not data */
	uint8_t tunnel;  /* tunnel depth this layer is at (0 = outermost frame) */
	uint32_t off;    /* offset of the layer's first byte in the frame */
	uint32_t len;    /* header length (what the layer itself occupies) */
	union dec_layer_u u;
};

struct dec {
	/* the packet, as the reader gave it */
	const uint8_t *data;
	uint32_t caplen, len;
	int linktype;

	/* the view */
	unsigned nlayers;
	struct dec_layer layers[DEC_MAX_LAYERS];
	unsigned nerrors, errors_lost;
	struct dec_event errors[DEC_MAX_ERRORS];

	/* dispatch state */
	uint8_t next_kind;
	uint32_t next_v[2];
	uint16_t cur_proto; /* layer the running decoder belongs to */
	uint8_t tunnels;
	/* payload length the innermost IP header announces (TCP's segment length comes from
	 * it, not from caplen); UINT32_MAX when no IP header bounds the payload */
	uint32_t ip_payload_len;
	/* frame offset where the innermost length field read so far (IP total length, UDP
	 * length, 802.3 length...) says the data ends; before any, the frame's length on the
	 * wire (len, counting what a snaplen cut off). See dec_claim_past(). */
	uint32_t wire_end;
	/* inside the IP header an ICMP error quotes: it is cut short by design (RFC 792
	 * quotes 64 bits of the datagram), so truncation there is no event */
	bool quoted;

	/* capture time of the packet, set by the caller before dec_packet() (reassembly's
	 * idle timeout and per-request timing use it) */
	union {
		struct cap_time ts; /* capture/captime.h; the same two fields */
		struct {
			int64_t ts_sec;
			uint32_t ts_nsec;
		};
	};
	/* TCP reassembly (decode/stream.h); NULL decodes each segment on its own */
	struct dec_reasm *reasm;
	/* keys for TCP-MD5 verification and ESP decryption (decode/keys.h); NULL: none */
	struct dec_keys *keys;
	/* DNSSEC verdicts of this packet (decode/dnssec.h, dec_dnssec_packet()); arena */
	struct dec_dnssec_result *dnssec;
	unsigned ndnssec;
	/* IP fragment reassembly (decode/ipfrag.h); NULL decodes a first fragment on its own */
	struct dec_ipfrag *ipfrag;
	/* the frame's number in the capture, set by the caller (0: unknown); reassembly
	 * names the frames of a datagram with it */
	uint64_t frame_n;
	/* dec_packet() calls so far: tells reassembly a new packet began */
	uint64_t pkt_seq;

	/* per-packet arena for what the view points to but the packet does not hold */
	size_t arena_used;
	_Alignas(16) uint8_t arena[DEC_ARENA_SIZE];
};

typedef enum dec_rc dec_fn(struct dec *d, struct cur *c);
/* Heuristic: looks at the payload without recording anything; true when it is ours. */
typedef bool dec_probe_fn(const struct cur *c);

/* Decodes one captured frame into d's view. Never fails: what is wrong becomes events. */
void dec_packet(struct dec *d, const uint8_t *data, uint32_t caplen, uint32_t len, int linktype);

/* A new context (large: allocate it, do not put it on the stack). */
struct dec *dec_new(void);
void dec_free(struct dec *d);

/* Appends a layer for the running decoder at the cursor's position; NULL when the view is
 * full (an event has then been recorded). The union is zeroed. */
struct dec_layer *dec_layer_add(struct dec *d, enum dec_proto proto, const struct cur *c);

/* Records an event for the running decoder at frame offset off; returns DEC_STOP so a
 * decoder can `return dec_err(...)`. */
enum dec_rc dec_err(struct dec *d, size_t off, enum dec_ecode code, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

/* Records the standard truncation event for layer l (marks it truncated); inside an ICMP
 * quote only marks it. */
enum dec_rc dec_truncated(struct dec *d, struct dec_layer *l, size_t need, size_t have);

/* A length field says the n bytes from frame offset off are its own. Returns true, with
 * *room set to the bytes there are, when they run past where the enclosing length field
 * says the data ends (or past the frame as it was on the wire, a snaplen's cut counted,
 * when no length encloses it): a wrong length, or a frame cut short. Either way the claim
 * bounds the layers inside from then on, so one frame cut short is one event, at the
 * outermost length it contradicts. Inside an ICMP error's quote (short by design, RFC 792)
 * nothing is checked or kept: false. */
bool dec_claim_past(struct dec *d, size_t off, size_t n, size_t *room);

/* The innermost IPv4 or IPv6 layer decoded so far, or NULL. */
const struct dec_layer *dec_ip_below(const struct dec *d);

/* Whether IP layer l (may be NULL) carries part of a fragmented datagram (IPv4 MF or a
 * fragment offset, RFC 791 §3.2; an IPv6 Fragment header, RFC 8200 §4.5): a length
 * field above it counts the whole datagram, not this packet. */
bool dec_ip_is_fragment(const struct dec_layer *l);

/* Per-packet memory, 8-byte aligned, zeroed; NULL (and an event) when the arena is full. */
void *dec_alloc(struct dec *d, size_t n);

/* Sets what follows. */
static inline enum dec_rc
dec_next(struct dec *d, enum dec_key_kind kind, uint32_t v0, uint32_t v1)
{
	d->next_kind = (uint8_t)kind;
	d->next_v[0] = v0;
	d->next_v[1] = v1;
	return DEC_NEXT;
}

/* Restricts the cursor to at most n more bytes (a length field bounds the payload; a
 * snaplen may have cut it shorter, which is normal and not an error). */
static inline void
cur_limit(struct cur *c, size_t n)
{
	if (!c->bad && c->len - c->pos > n)
		c->len = c->pos + n;
}

/* Bytes the wire held from the cursor's position to the end of what bounds it: what is
 * left captured, plus what a snaplen cut off (len - caplen) when the cursor runs to the end
 * of the capture; no more than the innermost length field gives (d->wire_end). For cursors
 * over the captured frame (not over a reassembled stream). */
static inline size_t
dec_wire_left(const struct dec *d, const struct cur *c)
{
	size_t left = cur_left(c);
	if (!c->bad && c->base + c->len == d->caplen && d->len > d->caplen)
		left += d->len - d->caplen;
	size_t off = cur_off(c);
	size_t room = d->wire_end > off ? d->wire_end - off : 0;
	return left < room ? left : room;
}

const char *dec_proto_name(unsigned proto);
const char *dec_event_name(unsigned code);

/* The IANA name of an ethertype we decode, or NULL. */
const char *dec_ethertype_name(unsigned type);

/* Decodes UDP and TCP port `port` as DNS (RFC 1035 §4.2) from now on, for every context;
 * AWSTRACE_DNS_PORTS adds ports the same way when the table is first built. */
void dec_dns_add_port(uint16_t port);

#endif /* AWSTRACE_DECODE_DECODE_H */
