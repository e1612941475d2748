/* bgp.h - BGP-4 (RFC 4271 §4) messages: the layer the view records, the helpers renderers
 * use to walk what the decoder validated, and the IANA names they print.
 *
 * The layer itself stays small (it sits in the view's union): the messages are a list in
 * the per-packet arena, in wire order. Runs of many small items (NLRI prefixes, AS_PATH
 * segments, communities) are not copied: the decoder checks that a run tiles its bytes
 * exactly and records a pointer to them (into the frame, or into the reassembler's buffer,
 * valid until the next packet: decode/stream.h), so a 4096-byte UPDATE with a thousand
 * prefixes costs no arena. dec_bgp_prefix_next() walks such a run.
 */
#ifndef AWSTRACE_DECODE_BGP_H
#define AWSTRACE_DECODE_BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/cursor.h"

/* Messages recorded per layer (one segment), capabilities per OPEN, attributes kept by
 * type and length only per UPDATE; more is counted and an event. */
#define DEC_BGP_MAX_MSGS   128
#define DEC_BGP_MAX_CAPS   48
#define DEC_BGP_MAX_OTHER  8
#define DEC_BGP_MAX_AFS    8

/* Message types (RFC 4271 §4.1, RFC 2918 §3) */
enum {
	DEC_BGP_OPEN = 1,
	DEC_BGP_UPDATE = 2,
	DEC_BGP_NOTIFICATION = 3,
	DEC_BGP_KEEPALIVE = 4,
	DEC_BGP_ROUTE_REFRESH = 5,
};

/* Path attribute type codes (IANA "BGP Path Attributes") */
enum {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MULTI_EXIT_DISC = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,     /* RFC 1997 */
	BGP_ATTR_ORIGINATOR_ID = 9,   /* RFC 4456 */
	BGP_ATTR_CLUSTER_LIST = 10,   /* RFC 4456 */
	BGP_ATTR_MP_REACH_NLRI = 14,  /* RFC 4760 */
	BGP_ATTR_MP_UNREACH_NLRI = 15,
	BGP_ATTR_EXT_COMMUNITIES = 16, /* RFC 4360 */
	BGP_ATTR_AS4_PATH = 17,       /* RFC 6793 */
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_LARGE_COMMUNITY = 32, /* RFC 8092 */
};

/* A run of NLRI prefixes that tiles its bytes (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3). */
struct dec_bgp_nlri {
	const uint8_t *p;
	uint16_t len;      /* bytes */
	uint16_t count;    /* prefixes */
	uint8_t family;    /* 4 or 6 */
	bool path_id;      /* each prefix starts with a 4-byte Path Identifier */
};

struct dec_bgp_prefix {
	uint32_t path_id;
	uint8_t plen;      /* bits */
	uint8_t addr[16];  /* 4 used for IPv4; bits past plen are zero */
};

/* A run of AS_PATH or AS4_PATH segments (RFC 4271 §4.3, RFC 6793 §3) that tiles its
 * bytes: each `type(1) count(1) count * asn_size`. */
struct dec_bgp_aspath {
	const uint8_t *p;
	uint16_t len;
	uint8_t asn_size;  /* 2 or 4 */
	bool guessed;      /* no pair of OPENs said which: chosen by how the bytes tile */
};

/* A capability (RFC 5492 §4) and what the decoder read out of the ones it knows. */
struct dec_bgp_af {
	uint16_t afi;
	uint8_t safi;
	uint8_t flags;     /* add-path: 1 receive, 2 send (RFC 7911 §4); GR/LLGR: F bit */
	uint32_t stale;    /* LLGR: long-lived stale time (RFC 9494 §3) */
};

struct dec_bgp_cap {
	uint8_t code;
	uint8_t len;
	bool bad;          /* its length does not fit its code: only code and len are data */
	uint16_t afi;      /* multiprotocol (1) */
	uint8_t safi;
	uint32_t as;       /* 4-octet AS (65) */
	uint16_t gr_time;  /* graceful restart (64): restart time, and the R/N flags */
	uint8_t gr_flags;
	uint8_t naf;       /* add-path, GR and LLGR entries recorded */
	struct dec_bgp_af *af; /* arena */
	const uint8_t *data; /* the value (len bytes): FQDN (73) and unknown codes */
};

struct dec_bgp_open {
	uint8_t version;
	uint16_t my_as;
	uint16_t hold;
	uint8_t id[4];
	uint16_t opt_len;  /* optional parameters length (the RFC 9072 one when ext_opt) */
	bool ext_opt;      /* RFC 9072 extended optional parameters length */
	bool as4;          /* a 4-octet AS capability was present */
	uint32_t as4_asn;
	uint16_t ncaps, caps_lost;
	uint16_t nparams_other; /* optional parameters other than capabilities */
	struct dec_bgp_cap *caps; /* arena */
};

struct dec_bgp_attr_other {
	uint8_t type, flags;
	uint16_t len;
};

struct dec_bgp_mp {
	uint16_t afi;
	uint8_t safi;
	uint8_t nh_len;
	const uint8_t *nh;  /* nh_len bytes */
	bool unicast;       /* IPv4 or IPv6 unicast: nlri is set; else only nlri_len */
	uint16_t nlri_len;  /* bytes of NLRI, decoded or not */
	struct dec_bgp_nlri nlri;
};

/* present bits for what an UPDATE carried */
enum {
	DEC_BGP_HAS_ORIGIN = 1u << 0,
	DEC_BGP_HAS_AS_PATH = 1u << 1,
	DEC_BGP_HAS_NEXT_HOP = 1u << 2,
	DEC_BGP_HAS_MED = 1u << 3,
	DEC_BGP_HAS_LOCAL_PREF = 1u << 4,
	DEC_BGP_HAS_ATOMIC = 1u << 5,
	DEC_BGP_HAS_AGGREGATOR = 1u << 6,
	DEC_BGP_HAS_COMMUNITIES = 1u << 7,
	DEC_BGP_HAS_ORIGINATOR = 1u << 8,
	DEC_BGP_HAS_CLUSTER = 1u << 9,
	DEC_BGP_HAS_MP_REACH = 1u << 10,
	DEC_BGP_HAS_MP_UNREACH = 1u << 11,
	DEC_BGP_HAS_EXT_COMM = 1u << 12,
	DEC_BGP_HAS_AS4_PATH = 1u << 13,
	DEC_BGP_HAS_AS4_AGGREGATOR = 1u << 14,
	DEC_BGP_HAS_LARGE_COMM = 1u << 15,
};

struct dec_bgp_aggregator {
	uint32_t as;
	uint8_t id[4];
};

struct dec_bgp_update {
	uint32_t present;          /* DEC_BGP_HAS_ bits */
	bool attrs_bad;            /* an attribute was malformed: what follows it is missing */
	struct dec_bgp_nlri withdrawn, nlri;
	uint8_t origin;
	struct dec_bgp_aspath as_path, as4_path;
	uint8_t next_hop[4];
	uint32_t med, local_pref;
	struct dec_bgp_aggregator aggregator, as4_aggregator;
	uint8_t originator[4];
	const uint8_t *comms;      /* ncomms * 4 bytes */
	const uint8_t *ext_comms;  /* next * 8 bytes */
	const uint8_t *large_comms; /* nlarge * 12 bytes */
	const uint8_t *cluster;    /* ncluster * 4 bytes */
	uint16_t ncomms, next, nlarge, ncluster;
	struct dec_bgp_mp mp_reach, mp_unreach;
	uint8_t nother, other_lost;
	struct dec_bgp_attr_other other[DEC_BGP_MAX_OTHER];
};

struct dec_bgp_notification {
	uint8_t code, subcode;
	uint16_t data_len;
	const uint8_t *data;       /* data_len bytes */
	bool has_text;             /* RFC 9003 shutdown communication */
	uint8_t text_len;
	const uint8_t *text;       /* text_len bytes of UTF-8 (not checked: render escapes) */
	bool hard_reset;           /* RFC 8538 §3: data holds the code/subcode that caused it */
	uint8_t inner_code, inner_subcode;
};

struct dec_bgp_refresh {
	uint16_t afi;
	uint8_t subtype;           /* RFC 7313 §3.2: 0 normal, 1 BoRR, 2 EoRR */
	uint8_t safi;
	uint16_t orf_len;          /* bytes after the fixed part (RFC 5291 ORF entries) */
};

struct dec_bgp_msg {
	struct dec_bgp_msg *next;
	uint32_t off;              /* frame offset of the marker */
	uint16_t len;              /* the header's length field */
	uint8_t type;
	union {
		struct dec_bgp_open *open;     /* arena */
		struct dec_bgp_update *update; /* arena */
		struct dec_bgp_notification notif;
		struct dec_bgp_refresh refresh;
	} u;
};

struct dec_bgp_layer {
	uint16_t nmsgs;
	uint16_t msgs_lost;        /* past DEC_BGP_MAX_MSGS (counted, not recorded) */
	struct dec_bgp_msg *msgs, *last; /* arena, wire order */
	/* without reassembly: bytes before the first marker (the end of a message begun in an
	 * earlier segment, or not BGP), and a message that begins here but ends later */
	uint32_t skipped;
	bool has_partial;
	uint8_t partial_type;
	uint16_t partial_len;
	uint32_t partial_have;
};

/* Reads the next prefix of a run the decoder validated (n) from it (a cursor made over
 * n->p, n->len); false at its end. */
bool dec_bgp_prefix_next(struct cur *it, const struct dec_bgp_nlri *n, struct dec_bgp_prefix *out);

/* Names; NULL when there is none. Static strings. */
const char *dec_bgp_type_name(uint8_t type);           /* "OPEN", "ROUTE-REFRESH" */
const char *dec_bgp_cap_name(uint8_t code);            /* "4-octet-as", "add-path" */
const char *dec_bgp_attr_name(uint8_t type);           /* "AS_PATH", "MP_REACH_NLRI" */
const char *dec_bgp_community_name(uint32_t c);        /* "NO_EXPORT", "BLACKHOLE" */
const char *dec_bgp_notify_code_name(uint8_t code);    /* "Cease" */
const char *dec_bgp_notify_subcode_name(uint8_t code, uint8_t subcode); /* "Administrative Shutdown" */

#endif /* AWSTRACE_DECODE_BGP_H */
