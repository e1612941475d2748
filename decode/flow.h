/* flow.h - the flow table: bidirectional, tunnel-aware flows built from the packet view.
 *
 * A packet touches one flow per level it carries: a GENEVE frame from a Gateway Load
 * Balancer counts in the outer UDP flow (GWLB <-> appliance, port 6081) and in the inner
 * flow it carries, whose `carrier` names the outer one ("geneve vni=0 10.1.200.50>10.1.210.20").
 * Levels are split at GENEVE, VXLAN, IP-in-IP, and MACsec (a link-level pseudo-flow
 * between two MAC addresses, "macsec sci=..."). An ICMP error's quoted datagram belongs to
 * the ICMP flow, not to a flow of its own.
 *
 * The key (struct flow_key, 48 bytes, compared and hashed as bytes):
 *   - VLAN stack: up to FLOW_MAX_VLAN ids of the tags at the flow's own level, outermost
 *     first (deeper tags are not part of the key)
 *   - IP version, the two addresses, IP protocol (after IPv6 extension headers)
 *   - ports for TCP, UDP and SCTP
 *   - ICMP/ICMPv6: the request type of a request/reply pair (echo request and reply are
 *     one flow) and the echo identifier; other (one-way) types by type and code
 *   - ESP: a flow is one child SA pair, keyed by its two SPIs (RFC 4301 §4.1: an SA is
 *     one-way, so a tunnel's two directions are two SAs with their own SPIs). A packet
 *     names only the SPI of its own direction, so the pairing is learned from traffic, as
 *     IKE (encrypted) cannot be read: the first packet of an unknown SPI starts a flow
 *     (keyed on that SPI and the side that sent it); the first unknown SPI from the other
 *     side pairs with the newest flow still waiting for that side's SPI. A rekey (new
 *     SPIs) is a new flow. ESP in UDP 4500 (RFC 3948) is the same SA flow one level
 *     down: the UDP 4500 flow is its carrier ("udp a:4500>b:4500").
 *   - IKE: a flow is one IKE SA, keyed by the initiator's SPI (RFC 7296 §2.6: it is in
 *     every message, and with the responder's SPI names the SA; the responder's is 0 in the
 *     first message) and the addresses; the responder's SPI is recorded. It is a level
 *     below the UDP flow that carries it, so the IKE SA that moves from port 500 to 4500
 *     (NAT-T) stays one flow with the UDP 500 flow as its carrier, while the UDP flows
 *     still count as the conversations tshark and a NAT see.
 *   SA flows have no ports; their key holds the SA id (FLOW_K_SA or-ed into kind).
 *   - GRE (RFC 2784): the outer flow is keyed by the two endpoints and the GRE key
 *     (RFC 2890 §2.1, in the key's pad bytes), no ports; it is the carrier of what the
 *     tunnel holds ("gre key=0x000003e8 a>b"); ERSPAN's mirrored frames are inner flows
 *   - an MPLS label stack is not a level: the flow is keyed on what it carries
 *   - IP fragments, with a reassembler attached to the decoder (decode/ipfrag.h), count in
 *     their datagram's flow, all on the packet that completes it (its view says how many
 *     packets and bytes came before); a datagram never completed is in no flow (the
 *     reassembler counts it). Without one, non-first fragments carry no ports: they form
 *     a flow of their own without ports
 * The endpoints are stored in a canonical order so that both directions find one flow;
 * `src` of a flow is the side that sent the first packet seen.
 *
 * Memory: live flows sit in an open-addressing table (linear probing, backward-shift
 * deletion, no tombstones) of 8-byte slots {hash, index} over a pool of struct flow. A flow
 * is finished - handed to the caller's callback and removed from the table - when it has
 * been idle for idle_timeout seconds of capture time, FLOW_CLOSE_LINGER seconds after a TCP
 * close (FIN both ways or RST), when a new SYN reuses a closed connection's ports, when
 * the table holds max_flows live flows (the least recently seen go first, counted as
 * evicted), or at flow_table_flush(). So memory follows the live flows, not the capture.
 */
#ifndef AWSTRACE_DECODE_FLOW_H
#define AWSTRACE_DECODE_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/captime.h"
#include "decode/decode.h"

#define FLOW_MAX_VLAN 3
/* seconds a closed TCP flow stays in the table for its last ACKs and retransmitted FINs */
#define FLOW_CLOSE_LINGER 5
#define FLOW_DEFAULT_IDLE 600
#define FLOW_DEFAULT_MAX (1u << 20)

enum flow_kind {
	FLOW_K_MACSEC = 1, /* a MACsec link between two MAC addresses (first 6 bytes of a, b) */
	FLOW_K_IPV4 = 4,
	FLOW_K_IPV6 = 6,
	FLOW_K_SA = 0x40,   /* or-ed in: an ESP SA pair or IKE SA flow; key.sa holds its id */
	FLOW_K_FRAG = 0x80, /* or-ed in: non-first fragments, no ports */
};
/* FLOW_K_MACSEC, FLOW_K_IPV4 or FLOW_K_IPV6 without the or-ed bits */
#define FLOW_K_FAMILY(kind) ((kind) & 0x0f)

struct flow_key {
	uint8_t a[16], b[16]; /* IPv4: first 4 bytes; the rest zero */
	union {
		struct {
			uint16_t pa, pb; /* ports of a and b; ICMP: (request type, echo id or code) */
			uint8_t pad[4];
		};
		/* FLOW_K_SA: ESP, (side that sent the first SPI + 1) << 32 | that SPI;
		 * IKE, the initiator's SPI */
		uint64_t sa;
	};
	uint16_t vlan[FLOW_MAX_VLAN]; /* vid + 1; 0 = no tag */
	uint8_t proto;
	uint8_t kind;         /* enum flow_kind */
};

/* Application protocols: bits of flow.apps, in the order `app` lists them. */
enum flow_app {
	FLOW_APP_BGP,
	FLOW_APP_DNS,
	FLOW_APP_HTTP2,
	FLOW_APP_IKE,
	FLOW_APP_ESP,
	FLOW_APP_NATT_KEEPALIVE,
	FLOW_APP_GENEVE,
	FLOW_APP_VXLAN,
	FLOW_APP_MACSEC,
	FLOW_APP_IPIP,
	FLOW_APP_BFD,
	FLOW_APP_GRE,
	FLOW_APP_COUNT
};

/* Why a flow was finished. */
enum flow_end {
	FLOW_END_EOF,     /* still live at the end of the capture */
	FLOW_END_IDLE,    /* idle timeout */
	FLOW_END_FIN,     /* FIN both ways, then the linger time */
	FLOW_END_RST,     /* RST, then the linger time */
	FLOW_END_REUSED,  /* a new SYN on a closed connection's ports */
	FLOW_END_EVICTED, /* the table was full */
	FLOW_END_COUNT
};

enum {
	FLOW_TCP_SYN = 0x01,       /* a SYN without ACK was seen */
	FLOW_TCP_SYNACK = 0x02,
	FLOW_TCP_HANDSHAKE = 0x04, /* SYN, SYN/ACK and the ACK that completes them */
	FLOW_TCP_FIN_AB = 0x08,
	FLOW_TCP_FIN_BA = 0x10,
	FLOW_TCP_RST = 0x20,
};

struct flow_tcp {
	uint8_t state;        /* FLOW_TCP_ bits */
	uint8_t client;       /* direction that sent the SYN (0 = ab) */
	uint8_t seen;         /* bit per direction: next_seq is set */
	uint8_t gap;          /* bit per direction: a segment past next_seq was seen */
	uint32_t isn[2];      /* sequence number of each direction's SYN */
	uint32_t next_seq[2]; /* highest sequence number + length seen, per direction */
	uint32_t last_seq[2]; /* the last segment per direction (tunnel copies) */
	uint32_t last_len[2];
	uint8_t last_outer[2]; /* tag of the outer flow and direction it came in; 0 none */
	uint32_t retrans, ooo, zero_win, copies;
	struct cap_time last[2]; /* time of the last segment per direction */
	struct cap_time syn, synack;
	int64_t rtt_ns;       /* SYN to the handshake's ACK (saturated); -1 unknown */
};

struct flow_ipsec {
	uint32_t spi[2];       /* ESP SA flows: the SPI each direction sent (0: not seen yet) */
	uint64_t ike_ispi, ike_rspi; /* IKE SA flows: the SPIs (rspi 0 until the response) */
	bool natt;             /* carried in UDP (RFC 3948 ESP, or IKE): the carrier is that flow */
};

struct flow {
	struct flow_key key;
	uint64_t id;           /* creation order, from 1 */
	struct cap_time first, last; /* capture time (capture/captime.h) */
	uint64_t pkts[2], bytes[2]; /* [0] from src (first sender) to dst, [1] back */
	uint32_t carrier;      /* label index of the tunnel that carried its first packet; 0 */
	uint32_t label;        /* label index of this flow as a carrier of others; 0 */
	uint64_t carrier_flow; /* id of that outer flow; 0 */
	uint64_t sci;          /* MACsec flows: SCI of the first packet (0 without) */
	uint16_t apps;         /* 1 << enum flow_app */
	uint8_t swapped;       /* the first packet went from key.b to key.a */
	uint8_t prec;          /* 6 or 9 fractional digits */
	uint8_t icmp_type, icmp_code; /* of the first packet */
	uint8_t end;           /* enum flow_end, set when finished */
	uint8_t closed;        /* TCP FIN both ways or RST */
	union {
		struct flow_tcp tcp;
		struct flow_ipsec ipsec;
	} u;
	uint8_t matched;       /* a packet of it was added while flow_table_set_mark() was on */
};

struct flow_limits {
	uint32_t idle_timeout; /* seconds of capture time; 0: FLOW_DEFAULT_IDLE */
	size_t max_flows;      /* live flows; 0: FLOW_DEFAULT_MAX */
};

struct flow_stats {
	uint64_t flows;          /* created */
	uint64_t frames;         /* packets given to flow_table_add */
	uint64_t frames_no_flow; /* of those, frames with no IP or MACsec (ARP, LLC...) */
	uint64_t frames_frag_held; /* frames of IP fragments held for reassembly: counted in
				    * their datagram's flow when it completes (decode/ipfrag.h) */
	uint64_t ended[FLOW_END_COUNT]; /* finished flows by reason */
	uint64_t evicted;        /* removed before the end of the capture (idle, close, full) */
	size_t live, live_peak;
	size_t slots;            /* hash table size now */
	size_t bytes_peak;       /* table + pool at their largest */
	/* carrier labels: created, held now, most held at once. A label lives while a live
	 * flow names it, so labels_live <= live <= max_flows: the cap is --max-flows. */
	uint64_t labels_made;
	size_t labels_live, labels_peak;
};

struct flow_table;
/* Receives each finished flow; f is valid during the call only. */
typedef void flow_done_fn(const struct flow *f, void *user);

struct flow_table *flow_table_new(const struct flow_limits *lim, flow_done_fn *done, void *user);
void flow_table_free(struct flow_table *t);

/* Accounts one decoded packet (d's view) of `len` bytes on the wire at capture time
 * sec.nsec (prec 6 or 9 digits): every flow it belongs to, outermost first. */
void flow_table_add(struct flow_table *t, const struct dec *d, int64_t sec, uint32_t nsec,
	uint8_t prec, uint32_t len);

/* Whether the packets added from now on mark every flow they belong to (flow->matched):
 * flows -Y keeps the flows of which any packet matched the display filter. */
void flow_table_set_mark(struct flow_table *t, bool mark);

/* Finishes every live flow (FLOW_END_EOF), in creation order. */
void flow_table_flush(struct flow_table *t);

void flow_table_get_stats(const struct flow_table *t, struct flow_stats *s);

/* The text of a carrier label ("geneve vni=0 10.1.200.50>10.1.210.20"); NULL for 0. Valid
 * while a live flow names it: in a done callback for the flow it is given, not after
 * (the label is freed with the last flow that names it; copy the text to keep it). */
const char *flow_table_label(const struct flow_table *t, uint32_t label);

/* "tcp", "udp", "icmp", "esp", ... or NULL for a number without a name. */
const char *flow_proto_name(uint8_t proto);
const char *flow_app_name(enum flow_app app);
const char *flow_end_name(enum flow_end end);
/* A guess from a well-known port when no application layer was decoded ("http?"), or NULL. */
const char *flow_port_hint(const struct flow *f);

/* The flow's endpoints as first seen: source side (sent the first packet) and destination. */
static inline const uint8_t *
flow_src(const struct flow *f)
{
	return f->swapped ? f->key.b : f->key.a;
}
static inline const uint8_t *
flow_dst(const struct flow *f)
{
	return f->swapped ? f->key.a : f->key.b;
}
/* Ports as first seen; for ICMP the first packet's type and code (as Zeek's conn.log). */
uint16_t flow_sport(const struct flow *f);
uint16_t flow_dport(const struct flow *f);
/* Whether sport/dport mean anything (TCP, UDP, SCTP, ICMP; not fragments or others). */
bool flow_has_ports(const struct flow *f);

/* The flow's Community ID v1 (seed 0) into out; false (out "") when none applies
 * (MACsec, non-first fragments). */
bool flow_community_id_of(const struct flow *f, char out[32]);

#endif /* AWSTRACE_DECODE_FLOW_H */
