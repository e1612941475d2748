/* dns.h - DNS messages (RFC 1035 §4.1) on UDP 53, mDNS on UDP 5353 (RFC 6762) and DNS
 * over TCP (RFC 1035 §4.2.2, RFC 7766): the layer the view records, the name reader every
 * name in a message goes through, and the IANA names the renderers print.
 *
 * The layer stays small (it sits in the view's union): questions, records, EDNS options
 * and everything they point to live in the per-packet arena, names in text form (RFC 4343
 * escapes, no trailing dot, the root as "."). Byte strings (rdata, digests, salts, option
 * data) point into the captured frame.
 */
#ifndef AWSTRACE_DECODE_DNS_H
#define AWSTRACE_DECODE_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dec;
struct cur;
struct dec_stream_proto;

/* RR types (IANA "Resource Record (RR) TYPEs") the decoder looks into */
enum {
	DEC_DNS_T_A = 1,
	DEC_DNS_T_NS = 2,
	DEC_DNS_T_CNAME = 5,
	DEC_DNS_T_SOA = 6,
	DEC_DNS_T_PTR = 12,
	DEC_DNS_T_MX = 15,
	DEC_DNS_T_TXT = 16,
	DEC_DNS_T_AAAA = 28,
	DEC_DNS_T_SRV = 33,
	DEC_DNS_T_DNAME = 39,
	DEC_DNS_T_OPT = 41,
	DEC_DNS_T_DS = 43,
	DEC_DNS_T_RRSIG = 46,
	DEC_DNS_T_NSEC = 47,
	DEC_DNS_T_DNSKEY = 48,
	DEC_DNS_T_NSEC3 = 50,
	DEC_DNS_T_NSEC3PARAM = 51,
	DEC_DNS_T_CDS = 59,
	DEC_DNS_T_CDNSKEY = 60,
	DEC_DNS_T_SVCB = 64,
	DEC_DNS_T_HTTPS = 65,
	DEC_DNS_T_CAA = 257,
};

/* EDNS option codes (IANA "DNS EDNS0 Option Codes") the decoder looks into */
enum {
	DEC_DNS_OPT_ECS = 8,      /* RFC 7871 */
	DEC_DNS_OPT_COOKIE = 10,  /* RFC 7873 */
	DEC_DNS_OPT_PADDING = 12, /* RFC 7830 */
	DEC_DNS_OPT_EDE = 15,     /* RFC 8914 */
};

/* Header flag bits (RFC 1035 §4.1.1, RFC 2535 §6.1 for AD and CD) */
enum {
	DEC_DNS_F_QR = 0x8000,
	DEC_DNS_F_AA = 0x0400,
	DEC_DNS_F_TC = 0x0200,
	DEC_DNS_F_RD = 0x0100,
	DEC_DNS_F_RA = 0x0080,
	DEC_DNS_F_Z = 0x0040,
	DEC_DNS_F_AD = 0x0020,
	DEC_DNS_F_CD = 0x0010,
};

/* A length-delimited byte string in the captured frame. */
struct dec_dns_bytes {
	const uint8_t *p;
	uint16_t len;
};

struct dec_dns_question {
	const char *name; /* arena, text form */
	uint16_t type;
	uint16_t cls; /* for mDNS without the unicast-response bit */
	bool unicast; /* mDNS QU bit (RFC 6762 §5.4) */
};

/* An SVCB/HTTPS SvcParam (RFC 9460 §2.2); ok when the value has the key's format. */
struct dec_dns_svc_param {
	uint16_t key;
	bool ok;
	struct dec_dns_bytes v;
};

struct dec_dns_rr {
	const char *name; /* arena, text form */
	uint32_t off;     /* frame offset of the owner name */
	uint16_t type;
	uint16_t cls;     /* for mDNS without the cache-flush bit */
	bool cache_flush; /* mDNS (RFC 6762 §10.2) */
	bool rdata_ok;    /* the rdata parsed as its type: u below is data */
	uint32_t ttl;
	uint16_t rdlength;          /* as sent */
	struct dec_dns_bytes rdata; /* what was captured of it */
	union {
		const char *target; /* CNAME, NS, PTR, DNAME */
		struct {
			uint16_t pref;
			const char *exchange;
		} mx;
		struct {
			uint16_t n;
			struct dec_dns_bytes *s; /* arena */
		} txt;
		struct {
			const char *mname, *rname;
			uint32_t serial, refresh, retry, expire, minimum;
		} soa;
		struct {
			uint16_t prio, weight, port;
			const char *target;
		} srv;
		struct {
			uint8_t flags;
			struct dec_dns_bytes tag, value;
		} caa;
		struct { /* DNSKEY, CDNSKEY */
			uint16_t flags;
			uint8_t protocol, alg;
			uint16_t key_tag; /* computed, RFC 4034 appendix B */
			struct dec_dns_bytes key;
		} dnskey;
		struct { /* DS, CDS */
			uint16_t key_tag;
			uint8_t alg, digest_type;
			struct dec_dns_bytes digest;
		} ds;
		struct {
			uint16_t type_covered;
			uint8_t alg, labels;
			uint32_t orig_ttl, expiration, inception;
			uint16_t key_tag;
			const char *signer;
			struct dec_dns_bytes sig;
		} rrsig;
		struct { /* NSEC, and the bitmap of NSEC3 (in nsec3 below) */
			const char *next;
			uint16_t ntypes;
			uint16_t *types; /* arena */
		} nsec;
		struct { /* NSEC3, NSEC3PARAM (no hash, no types) */
			uint8_t hash_alg, flags;
			uint16_t iterations;
			struct dec_dns_bytes salt, next_hashed;
			uint16_t ntypes;
			uint16_t *types; /* arena */
		} nsec3;
		struct { /* SVCB, HTTPS */
			uint16_t priority;
			const char *target;
			uint16_t nparams;
			struct dec_dns_svc_param *params; /* arena */
		} svcb;
	} u;
};

struct dec_dns_opt {
	uint16_t code;
	bool ok; /* the option's fields below are data */
	struct dec_dns_bytes data;
	union {
		struct { /* ECS, RFC 7871 §6 */
			uint16_t family;
			uint8_t source, scope;
			uint8_t addr[16]; /* zero-filled past source prefix bits */
		} ecs;
		struct { /* COOKIE, RFC 7873 §4 */
			struct dec_dns_bytes client, server;
		} cookie;
		struct { /* EDE, RFC 8914 §2 */
			uint16_t info;
			struct dec_dns_bytes text;
		} ede;
	} u;
};

/* The first OPT record's parsed form (RFC 6891 §6.1.2-6.1.3). */
struct dec_dns_edns {
	uint16_t udp_size;
	uint8_t ext_rcode; /* the upper 8 of the 12-bit rcode */
	uint8_t version;
	bool dnssec_ok;
	uint16_t z; /* the other 15 flag bits */
	uint16_t nopts;
	struct dec_dns_opt *opts; /* arena */
};

enum { DEC_DNS_AN, DEC_DNS_NS, DEC_DNS_AR, DEC_DNS_NSECT };

struct dec_dns_layer {
	uint16_t id;
	uint16_t flags; /* the second header word: QR, opcode, flags, rcode */
	uint16_t qdcount, ancount, nscount, arcount;
	bool mdns; /* on UDP 5353: the class top bit means QU / cache-flush */
	bool tcp;  /* a DNS-over-TCP message: tcp_len is its length prefix */
	uint16_t tcp_len;
	uint16_t nq;
	struct dec_dns_question *q; /* arena */
	uint16_t nrr[DEC_DNS_NSECT];
	struct dec_dns_rr *rr[DEC_DNS_NSECT]; /* arena */
	struct dec_dns_edns *edns;            /* arena; NULL without an OPT record */
};

/* The 12-bit rcode: the header's 4 bits extended by EDNS (RFC 6891 §6.1.3). */
static inline unsigned
dec_dns_rcode(const struct dec_dns_layer *m)
{
	unsigned rc = m->flags & 0xF;
	return m->edns ? (unsigned)m->edns->ext_rcode << 4 | rc : rc;
}

/* Reads the domain name at c (RFC 1035 §3.1, §4.1.4) into text form.
 *
 * msg covers the whole DNS message (as captured): compression pointers are offsets from
 * its first byte. c is where the name starts, inside msg, and bounds the name's own bytes
 * (an rdata sub-cursor keeps a name from running past rdlength); pointers may reach
 * anywhere in msg before the name. Pointers must each land strictly before the previous
 * jump's target (the first one before the name's start) and never in the 12-byte header;
 * labels are 0-63 octets and the name at most 255 on the wire.
 *
 * Returns true with c moved past the name (up to its first pointer) and *out the text in
 * the per-packet arena: RFC 4343 escapes (\DDD for bytes outside 0x21-0x7E, \. and \\),
 * no trailing dot, "." for the root. Returns false after recording an event (a loop, a
 * bad pointer, an extended label type, a name too long, bytes short); c is then bad and
 * *out NULL. */
bool dec_dns_name(struct dec *d, const struct cur *msg, struct cur *c, const char **out);

/* DNSKEY key tag over the whole rdata (RFC 4034 appendix B; algorithm 1 takes bits of the
 * modulus instead). */
uint16_t dec_dns_key_tag(const uint8_t *rdata, size_t n);

/* DNS over TCP framing: a two-byte length before each message (RFC 1035 §4.2.2). */
extern const struct dec_stream_proto dec_dns_stream;

/* IANA mnemonic of an RR type ("A", "RRSIG"...); NULL when none. Static strings. */
const char *dec_dns_type_name(uint16_t type);
/* "IN", "CH", "HS", "NONE", "ANY"; NULL for other classes. */
const char *dec_dns_class_name(uint16_t cls);
/* "NOERROR", "NXDOMAIN", "BADVERS"... for a 12-bit rcode; NULL when unassigned. */
const char *dec_dns_rcode_name(unsigned rcode);
/* "QUERY", "IQUERY", "STATUS", "NOTIFY", "UPDATE", "DSO"; NULL when unassigned. */
const char *dec_dns_opcode_name(unsigned opcode);
/* EDNS option name ("ECS", "COOKIE", "PADDING", "EDE", "NSID"...); NULL when unknown. */
const char *dec_dns_opt_name(uint16_t code);
/* Extended DNS Error info-code name (RFC 8914 §4, "Stale Answer"...); NULL when unknown. */
const char *dec_dns_ede_name(uint16_t info);
/* SvcParamKey name (RFC 9460 §14.3.2: "alpn", "port"...); NULL when unassigned. */
const char *dec_dns_svc_key_name(uint16_t key);

#endif /* AWSTRACE_DECODE_DNS_H */
