/* dns.c - DNS messages (RFC 1035 §4.1) on UDP 53, mDNS on UDP 5353 (RFC 6762 §18) and DNS
 * over TCP with its two-byte length prefix (RFC 1035 §4.2.2, RFC 7766 §8): the header,
 * questions, the three record sections with rdata for the common and the DNSSEC types
 * (RFC 4034, RFC 5155), SVCB/HTTPS (RFC 9460) and EDNS(0) (RFC 6891) with its options.
 *
 * Header (RFC 1035 §4.1.1; AD and CD from RFC 4035 §3.2):
 *
 *   |                      ID                       |
 *   |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 *   |                    QDCOUNT                    |
 *   |                    ANCOUNT                    |
 *   |                    NSCOUNT                    |
 *   |                    ARCOUNT                    |
 *
 * Question: QNAME, QTYPE (16), QCLASS (16). Resource record (§4.1.3): NAME, TYPE (16),
 * CLASS (16), TTL (32), RDLENGTH (16), RDATA. OPT (RFC 6891 §6.1.2) reuses CLASS as the
 * requestor's UDP payload size and TTL as EXTENDED-RCODE (8), VERSION (8), DO (1), Z (15);
 * its RDATA is a list of OPTION-CODE (16), OPTION-LENGTH (16), OPTION-DATA.
 *
 * Degrading in steps (STYLE §4): a record whose rdata does not have its type's shape is an
 * event and is kept with its bytes as hex (rdlength still frames the next record); an
 * rdlength past the message, a name that fails or a record cut short ends the walk of all
 * sections (nothing frames what follows) and keeps what came before; a count larger than
 * the records present is an event. The section arrays grow by doubling up to the count,
 * capped by what the remaining bytes could hold (5 bytes per question, 11 per record), so
 * the arena a message takes is bounded by its length, not by what its header claims.
 */
#include "decode/dns.h"

#include <stdio.h>

#include "decode/decoders.h"
#include "decode/stream.h"

#define DNS_HDR_LEN 12
#define DNS_Q_MIN   5  /* root name, type, class */
#define DNS_RR_MIN  11 /* root name, type, class, ttl, rdlength */
#define MDNS_PORT   5353
#define DNS_TOP_BIT 0x8000

/* Whether the walk can go on after a record. */
enum rr_rc { RR_OK, RR_STOP };

static const char *
type_label(uint16_t type, char *buf, size_t n)
{
	const char *s = dec_dns_type_name(type);
	if (s)
		return s;
	snprintf(buf, n, "TYPE%u", type);
	return buf;
}

/* Records a malformed-rdata event for rr; the record stays, rendered as hex. */
static void
rdata_bad(struct dec *d, const struct dec_dns_rr *rr, size_t off, const char *why)
{
	char buf[16];
	dec_err(d, off, DEC_E_DNS_RDATA_LEN, "%s rdata (%u bytes): %s",
		type_label(rr->type, buf, sizeof(buf)), rr->rdlength, why);
}

static bool
take_bytes(struct cur *c, struct dec_dns_bytes *b, size_t n)
{
	b->p = cur_take(c, n);
	b->len = b->p ? (uint16_t)n : 0;
	return b->p != NULL;
}

/* RFC 4034 §4.1.2 type bit maps (NSEC; NSEC3 by RFC 5155 §3.2.1): windows in increasing
 * order, each 1-32 octets of bitmap. Types come out ascending. */
static bool
type_bitmap(struct dec *d, struct cur b, uint16_t *ntypes, uint16_t **types, const char **why)
{
	struct cur scan = b;
	size_t count = 0;
	int last = -1;
	while (cur_left(&scan) > 0) {
		uint8_t win = cur_u8(&scan);
		uint8_t len = cur_u8(&scan);
		if (scan.bad || len == 0 || len > 32 || len > cur_left(&scan)) {
			*why = "type bitmap window length";
			return false;
		}
		if ((int)win <= last) {
			*why = "type bitmap windows out of order";
			return false;
		}
		last = win;
		const uint8_t *bits = cur_take(&scan, len);
		for (size_t k = 0; k < len; k++)
			count += (size_t)__builtin_popcount(bits[k]);
	}
	*ntypes = 0;
	*types = NULL;
	if (count == 0)
		return true;
	uint16_t *t = dec_alloc(d, count * sizeof(*t));
	if (!t) {
		*why = NULL; /* dec_alloc recorded the event */
		return false;
	}
	size_t n = 0;
	while (cur_left(&b) > 0) {
		uint8_t win = cur_u8(&b);
		uint8_t len = cur_u8(&b);
		const uint8_t *bits = cur_take(&b, len);
		for (size_t k = 0; k < len; k++)
			for (unsigned bit = 0; bit < 8; bit++)
				if (bits[k] & (0x80 >> bit))
					t[n++] = (uint16_t)(win << 8 | (k * 8 + bit));
	}
	*ntypes = (uint16_t)n;
	*types = t;
	return true;
}

/* RFC 1035 §3.3.14: one or more <character-string>s. */
static bool
rd_txt(struct dec *d, struct dec_dns_rr *rr, struct cur b, const char **why)
{
	struct cur scan = b;
	size_t n = 0;
	while (cur_left(&scan) > 0) {
		uint8_t len = cur_u8(&scan);
		if (len > cur_left(&scan)) {
			*why = "string length past the rdata";
			return false;
		}
		cur_skip(&scan, len);
		n++;
	}
	if (n == 0) {
		*why = "no string";
		return false;
	}
	struct dec_dns_bytes *s = dec_alloc(d, n * sizeof(*s));
	if (!s) {
		*why = NULL; /* dec_alloc recorded the event */
		return false;
	}
	for (size_t k = 0; k < n; k++) {
		uint8_t len = cur_u8(&b);
		take_bytes(&b, &s[k], len);
	}
	rr->u.txt.n = (uint16_t)n;
	rr->u.txt.s = s;
	return true;
}

/* RFC 9460 §2.2: SvcPriority, TargetName (never compressed, §2.2), then SvcParams
 * (key 16, length 16, value) in strictly increasing key order. Each value is checked
 * against its key's wire format (§7) so the renderer can print it as key=value. */
static bool
svc_param_ok(uint16_t key, const struct dec_dns_bytes *v)
{
	switch (key) {
	case 0: /* mandatory: a non-empty list of keys */
		return v->len >= 2 && v->len % 2 == 0;
	case 1: { /* alpn: a non-empty list of non-empty length-prefixed ids */
		if (v->len == 0)
			return false;
		for (size_t k = 0; k < v->len;) {
			uint8_t l = v->p[k];
			if (l == 0 || l > v->len - k - 1)
				return false;
			k += 1u + l;
		}
		return true;
	}
	case 2: /* no-default-alpn */
		return v->len == 0;
	case 3: /* port */
		return v->len == 2;
	case 4: /* ipv4hint */
		return v->len >= 4 && v->len % 4 == 0;
	case 6: /* ipv6hint */
		return v->len >= 16 && v->len % 16 == 0;
	default: /* ech (5) and keys we do not know: opaque */
		return true;
	}
}

static bool
rd_svcb(struct dec *d, const struct cur *msg, struct dec_dns_rr *rr, struct cur b, const char **why)
{
	rr->u.svcb.priority = cur_be16(&b);
	if (b.bad) {
		*why = "no priority";
		return false;
	}
	if (!dec_dns_name(d, msg, &b, &rr->u.svcb.target)) {
		*why = NULL; /* the name recorded its event */
		return false;
	}
	struct cur scan = b;
	size_t n = 0;
	int last = -1;
	while (cur_left(&scan) > 0) {
		uint16_t key = cur_be16(&scan);
		uint16_t len = cur_be16(&scan);
		if (scan.bad || len > cur_left(&scan)) {
			*why = "SvcParam length past the rdata";
			return false;
		}
		if ((int)key <= last) {
			*why = "SvcParamKeys not in increasing order";
			return false;
		}
		last = key;
		cur_skip(&scan, len);
		n++;
	}
	if (n == 0)
		return true;
	struct dec_dns_svc_param *p = dec_alloc(d, n * sizeof(*p));
	if (!p) {
		*why = NULL; /* dec_alloc recorded the event */
		return false;
	}
	for (size_t k = 0; k < n; k++) {
		p[k].key = cur_be16(&b);
		uint16_t len = cur_be16(&b);
		take_bytes(&b, &p[k].v, len);
		p[k].ok = svc_param_ok(p[k].key, &p[k].v);
	}
	rr->u.svcb.nparams = (uint16_t)n;
	rr->u.svcb.params = p;
	return true;
}

/* The rdata of rr in b (exactly rdlength bytes, all captured). True when it has the
 * type's shape, with nothing left over; else *why says what is wrong, or is NULL when
 * an event was recorded already (by the name reader or the arena). Names inside rdata
 * may be compressed where RFC 3597 §4 allows it (the RFC 1035 types); reading them all
 * through dec_dns_name() is safe either way. */
static bool
rdata_parse(
	struct dec *d, const struct cur *msg, struct dec_dns_rr *rr, struct cur b, const char **why)
{
	*why = "shorter than its fields";
	switch (rr->type) {
	case DEC_DNS_T_A:
		*why = "not 4 bytes";
		return rr->rdlength == 4;
	case DEC_DNS_T_AAAA:
		*why = "not 16 bytes";
		return rr->rdlength == 16;
	case DEC_DNS_T_CNAME:
	case DEC_DNS_T_NS:
	case DEC_DNS_T_PTR:
	case DEC_DNS_T_DNAME:
		if (!dec_dns_name(d, msg, &b, &rr->u.target)) {
			*why = NULL; /* the name recorded its event */
			return false;
		}
		break;
	case DEC_DNS_T_MX:
		rr->u.mx.pref = cur_be16(&b);
		if (!dec_dns_name(d, msg, &b, &rr->u.mx.exchange)) {
			*why = NULL; /* the name recorded its event */
			return false;
		}
		break;
	case DEC_DNS_T_TXT:
		return rd_txt(d, rr, b, why);
	case DEC_DNS_T_SOA:
		if (!dec_dns_name(d, msg, &b, &rr->u.soa.mname) ||
			!dec_dns_name(d, msg, &b, &rr->u.soa.rname)) {
			*why = NULL; /* the name recorded its event */
			return false;
		}
		rr->u.soa.serial = cur_be32(&b);
		rr->u.soa.refresh = cur_be32(&b);
		rr->u.soa.retry = cur_be32(&b);
		rr->u.soa.expire = cur_be32(&b);
		rr->u.soa.minimum = cur_be32(&b);
		break;
	case DEC_DNS_T_SRV: /* RFC 2782 */
		rr->u.srv.prio = cur_be16(&b);
		rr->u.srv.weight = cur_be16(&b);
		rr->u.srv.port = cur_be16(&b);
		if (!dec_dns_name(d, msg, &b, &rr->u.srv.target)) {
			*why = NULL; /* the name recorded its event */
			return false;
		}
		break;
	case DEC_DNS_T_CAA: { /* RFC 8659 §4.1: the tag is 1-15 octets */
		rr->u.caa.flags = cur_u8(&b);
		uint8_t tlen = cur_u8(&b);
		if (b.bad || tlen == 0 || tlen > cur_left(&b)) {
			*why = "tag length";
			return false;
		}
		take_bytes(&b, &rr->u.caa.tag, tlen);
		take_bytes(&b, &rr->u.caa.value, cur_left(&b));
		break;
	}
	case DEC_DNS_T_DNSKEY: /* RFC 4034 §2.1 */
	case DEC_DNS_T_CDNSKEY:
		rr->u.dnskey.flags = cur_be16(&b);
		rr->u.dnskey.protocol = cur_u8(&b);
		rr->u.dnskey.alg = cur_u8(&b);
		if (b.bad)
			return false;
		rr->u.dnskey.key_tag = dec_dns_key_tag(rr->rdata.p, rr->rdata.len);
		take_bytes(&b, &rr->u.dnskey.key, cur_left(&b));
		break;
	case DEC_DNS_T_DS: /* RFC 4034 §5.1 */
	case DEC_DNS_T_CDS:
		rr->u.ds.key_tag = cur_be16(&b);
		rr->u.ds.alg = cur_u8(&b);
		rr->u.ds.digest_type = cur_u8(&b);
		if (b.bad)
			return false;
		take_bytes(&b, &rr->u.ds.digest, cur_left(&b));
		break;
	case DEC_DNS_T_RRSIG: /* RFC 4034 §3.1: the signer name is not compressed */
		rr->u.rrsig.type_covered = cur_be16(&b);
		rr->u.rrsig.alg = cur_u8(&b);
		rr->u.rrsig.labels = cur_u8(&b);
		rr->u.rrsig.orig_ttl = cur_be32(&b);
		rr->u.rrsig.expiration = cur_be32(&b);
		rr->u.rrsig.inception = cur_be32(&b);
		rr->u.rrsig.key_tag = cur_be16(&b);
		if (b.bad)
			return false;
		if (!dec_dns_name(d, msg, &b, &rr->u.rrsig.signer)) {
			*why = NULL; /* the name recorded its event */
			return false;
		}
		take_bytes(&b, &rr->u.rrsig.sig, cur_left(&b));
		break;
	case DEC_DNS_T_NSEC: /* RFC 4034 §4.1 */
		if (!dec_dns_name(d, msg, &b, &rr->u.nsec.next)) {
			*why = NULL; /* the name recorded its event */
			return false;
		}
		return type_bitmap(d, b, &rr->u.nsec.ntypes, &rr->u.nsec.types, why);
	case DEC_DNS_T_NSEC3:        /* RFC 5155 §3.2 */
	case DEC_DNS_T_NSEC3PARAM: { /* RFC 5155 §4.2 */
		rr->u.nsec3.hash_alg = cur_u8(&b);
		rr->u.nsec3.flags = cur_u8(&b);
		rr->u.nsec3.iterations = cur_be16(&b);
		uint8_t slen = cur_u8(&b);
		if (b.bad || !take_bytes(&b, &rr->u.nsec3.salt, slen))
			return false;
		if (rr->type == DEC_DNS_T_NSEC3PARAM)
			break;
		uint8_t hlen = cur_u8(&b);
		if (b.bad || hlen == 0 || !take_bytes(&b, &rr->u.nsec3.next_hashed, hlen)) {
			*why = "hash length";
			return false;
		}
		return type_bitmap(d, b, &rr->u.nsec3.ntypes, &rr->u.nsec3.types, why);
	}
	case DEC_DNS_T_SVCB:
	case DEC_DNS_T_HTTPS:
		return rd_svcb(d, msg, rr, b, why);
	default:
		return false;
	}
	if (b.bad)
		return false;
	if (cur_left(&b) != 0) {
		*why = "bytes left after its fields";
		return false;
	}
	return true;
}

/* Types whose rdata this file reads; the rest are shown as hex (RFC 3597 §5). */
static bool
type_known(uint16_t type)
{
	switch (type) {
	case DEC_DNS_T_A:
	case DEC_DNS_T_AAAA:
	case DEC_DNS_T_CNAME:
	case DEC_DNS_T_NS:
	case DEC_DNS_T_PTR:
	case DEC_DNS_T_DNAME:
	case DEC_DNS_T_MX:
	case DEC_DNS_T_TXT:
	case DEC_DNS_T_SOA:
	case DEC_DNS_T_SRV:
	case DEC_DNS_T_CAA:
	case DEC_DNS_T_DNSKEY:
	case DEC_DNS_T_CDNSKEY:
	case DEC_DNS_T_DS:
	case DEC_DNS_T_CDS:
	case DEC_DNS_T_RRSIG:
	case DEC_DNS_T_NSEC:
	case DEC_DNS_T_NSEC3:
	case DEC_DNS_T_NSEC3PARAM:
	case DEC_DNS_T_SVCB:
	case DEC_DNS_T_HTTPS:
		return true;
	default:
		return false;
	}
}

/* One EDNS option's fields (RFC 7871 §6, RFC 7873 §4, RFC 8914 §2); false when the data
 * has not the option's shape (the option is then shown by code and hex). */
static bool
edns_option(struct dec_dns_opt *op)
{
	struct cur b = cur_make(op->data.p, op->data.len, 0);
	switch (op->code) {
	case DEC_DNS_OPT_ECS: {
		op->u.ecs.family = cur_be16(&b);
		op->u.ecs.source = cur_u8(&b);
		op->u.ecs.scope = cur_u8(&b);
		unsigned maxbits = op->u.ecs.family == 1 ? 32 : op->u.ecs.family == 2 ? 128 : 0;
		/* §6: ADDRESS is exactly as long as SOURCE PREFIX-LENGTH needs */
		if (b.bad || maxbits == 0 || op->u.ecs.source > maxbits ||
			op->u.ecs.scope > maxbits || cur_left(&b) != (op->u.ecs.source + 7u) / 8)
			return false;
		cur_copy(&b, op->u.ecs.addr, cur_left(&b));
		return true;
	}
	case DEC_DNS_OPT_COOKIE:
		/* §4: an 8-byte client cookie, then none or an 8-32 byte server cookie */
		if (op->data.len != 8 && (op->data.len < 16 || op->data.len > 40))
			return false;
		take_bytes(&b, &op->u.cookie.client, 8);
		take_bytes(&b, &op->u.cookie.server, cur_left(&b));
		return true;
	case DEC_DNS_OPT_PADDING:
		return true;
	case DEC_DNS_OPT_EDE:
		op->u.ede.info = cur_be16(&b);
		if (b.bad)
			return false;
		take_bytes(&b, &op->u.ede.text, cur_left(&b));
		return true;
	default:
		return false;
	}
}

/* The OPT pseudo-record's parsed form (RFC 6891 §6.1.2). Only the first OPT counts
 * (§6.1.1: more than one makes the message FORMERR); the others stay plain records. */
static void
edns_parse(struct dec *d, struct dec_dns_layer *m, const struct dec_dns_rr *rr, size_t rd_off)
{
	struct dec_dns_edns *e = dec_alloc(d, sizeof(*e));
	if (!e)
		return;
	e->udp_size = rr->cls;
	e->ext_rcode = (uint8_t)(rr->ttl >> 24);
	e->version = (uint8_t)(rr->ttl >> 16);
	e->dnssec_ok = rr->ttl & DNS_TOP_BIT;
	e->z = (uint16_t)(rr->ttl & 0x7FFF);
	m->edns = e;

	struct cur b = cur_make(rr->rdata.p, rr->rdata.len, rd_off);
	size_t n = 0;
	struct cur scan = b;
	while (cur_left(&scan) >= 4) {
		cur_skip(&scan, 2);
		uint16_t len = cur_be16(&scan);
		if (len > cur_left(&scan))
			break;
		cur_skip(&scan, len);
		n++;
	}
	if (n && !(e->opts = dec_alloc(d, n * sizeof(*e->opts))))
		return;
	while (cur_left(&b) > 0) {
		size_t at = cur_off(&b), left = cur_left(&b);
		uint16_t code = cur_be16(&b);
		uint16_t len = cur_be16(&b);
		if (b.bad) {
			dec_err(d, at, DEC_E_OPTION_LEN,
				"EDNS option header needs 4 bytes, %zu left in OPT", left);
			return;
		}
		if (len > cur_left(&b)) {
			dec_err(d, at, DEC_E_OPTION_LEN,
				"EDNS option %u: length %u, %zu bytes left", code, len, left - 4);
			return;
		}
		struct dec_dns_opt *op = &e->opts[e->nopts++];
		op->code = code;
		take_bytes(&b, &op->data, len);
		op->ok = edns_option(op);
		if (!op->ok && (code == DEC_DNS_OPT_ECS || code == DEC_DNS_OPT_COOKIE ||
				       code == DEC_DNS_OPT_EDE))
			dec_err(d, at, DEC_E_OPTION_LEN, "EDNS option %u: malformed %u-byte data",
				code, len);
	}
}

/* One record at the cursor into *rr. RR_STOP after an event that leaves the cursor
 * nowhere (a bad name, a header or rdata past the message; past the capture when cut). */
static enum rr_rc
rr_read(struct dec *d, struct dec_dns_layer *m, const struct cur *msg, struct cur *c,
	struct dec_dns_rr *rr, bool cut)
{
	size_t at = cur_off(c);
	rr->off = (uint32_t)at;
	if (!dec_dns_name(d, msg, c, &rr->name))
		return RR_STOP;
	rr->type = cur_be16(c);
	uint16_t cls = cur_be16(c);
	rr->ttl = cur_be32(c);
	rr->rdlength = cur_be16(c);
	if (c->bad) {
		dec_err(d, at, DEC_E_TRUNCATED, "record at %zu: header cut short", at);
		return RR_STOP;
	}
	rr->cls = cls;
	if (m->mdns && rr->type != DEC_DNS_T_OPT) {
		rr->cls = cls & 0x7FFF;
		rr->cache_flush = cls & DNS_TOP_BIT;
	}
	size_t rd_off = cur_off(c);
	struct cur b = cur_sub(c, rr->rdlength);
	rr->rdata.p = b.p;
	rr->rdata.len = (uint16_t)b.len;
	if (c->bad) {
		char buf[16];
		dec_err(d, rd_off - 2, cut ? DEC_E_TRUNCATED : DEC_E_DNS_RDATA_LEN,
			"%s record at %zu: rdlength %u, %zu bytes %s",
			type_label(rr->type, buf, sizeof(buf)), at, rr->rdlength, b.len,
			cut ? "captured" : "left");
		return RR_STOP;
	}
	if (rr->type == DEC_DNS_T_OPT) {
		rr->rdata_ok = true;
		if (!m->edns)
			edns_parse(d, m, rr, rd_off);
		return RR_OK;
	}
	if (!type_known(rr->type))
		return RR_OK;
	const char *why = NULL;
	rr->rdata_ok = rdata_parse(d, msg, rr, b, &why);
	if (!rr->rdata_ok && why)
		rdata_bad(d, rr, rd_off, why);
	if (!rr->rdata_ok)
		memset(&rr->u, 0, sizeof(rr->u));
	return RR_OK;
}

/* Room for item n of an arena array of *room items: grows it by doubling up to max (the
 * most items the message's bytes could hold), so a message whose counts lie takes no
 * more arena than its records do, and real ones at most twice theirs. NULL (after
 * dec_alloc's event) when the arena is full; the old array stays valid and the caller
 * stops the walk with what it holds. */
static void *
make_room(struct dec *d, void *arr, size_t *room, size_t n, size_t size, size_t max)
{
	if (n < *room)
		return arr;
	size_t want = *room ? *room * 2 : 8;
	if (want > max)
		want = max;
	void *p = dec_alloc(d, want * size);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, arr, n * size);
	*room = want;
	return p;
}

static const char *const section_names[DEC_DNS_NSECT] = { "answer", "authority", "additional" };

/* Decodes the message msg (its bytes as captured) into layer l. cut: the capture ends
 * before the message does (a snaplen, or UDP's length says more), so running out of
 * records is a truncation, not a count that lies. */
static void
dns_message(struct dec *d, struct dec_layer *l, struct cur msg, bool cut)
{
	struct dec_dns_layer *m = &l->u.dns;
	struct cur c = msg;
	m->id = cur_be16(&c);
	m->flags = cur_be16(&c);
	m->qdcount = cur_be16(&c);
	m->ancount = cur_be16(&c);
	m->nscount = cur_be16(&c);
	m->arcount = cur_be16(&c);
	if (c.bad) {
		/* the header fields that are whole are shown (render.c) */
		l->len = (uint32_t)msg.len;
		dec_truncated(d, l, DNS_HDR_LEN + (m->tcp ? 2 : 0), msg.len + (m->tcp ? 2 : 0));
		return;
	}
	uint16_t counts[1 + DEC_DNS_NSECT] = { m->qdcount, m->ancount, m->nscount, m->arcount };

	/* one more than the bytes could hold whole: a last item cut short is then read and
	 * fails with its own event (where and what), not as a count that lies */
	size_t max = MIN((size_t)m->qdcount, cur_left(&c) / DNS_Q_MIN + 1), room = 0;
	for (unsigned k = 0; k < m->qdcount; k++) {
		if (cur_left(&c) == 0 || m->nq == max) {
			dec_err(d, cur_off(&c), cut ? DEC_E_TRUNCATED : DEC_E_DNS_COUNT,
				"qdcount %u, %u questions %s", m->qdcount, m->nq,
				cut ? "captured" : "present");
			goto out_len;
		}
		void *grown = make_room(d, m->q, &room, m->nq, sizeof(*m->q), max);
		if (!grown)
			goto out_len;
		m->q = grown;
		struct dec_dns_question *q = &m->q[m->nq];
		size_t at = cur_off(&c);
		if (!dec_dns_name(d, &msg, &c, &q->name))
			goto out_len;
		q->type = cur_be16(&c);
		uint16_t cls = cur_be16(&c);
		if (c.bad) {
			dec_err(d, at, DEC_E_TRUNCATED, "question at %zu cut short", at);
			goto out_len;
		}
		q->cls = m->mdns ? cls & 0x7FFF : cls;
		q->unicast = m->mdns && (cls & DNS_TOP_BIT);
		m->nq++;
	}
	for (unsigned s = 0; s < DEC_DNS_NSECT; s++) {
		unsigned want = counts[1 + s];
		max = MIN((size_t)want, cur_left(&c) / DNS_RR_MIN + 1);
		room = 0;
		for (unsigned k = 0; k < want; k++) {
			if (cur_left(&c) == 0 || m->nrr[s] == max) {
				dec_err(d, cur_off(&c), cut ? DEC_E_TRUNCATED : DEC_E_DNS_COUNT,
					"%s count %u, %u records %s", section_names[s], want,
					m->nrr[s], cut ? "captured" : "present");
				goto out_len;
			}
			void *grown =
				make_room(d, m->rr[s], &room, m->nrr[s], sizeof(*m->rr[s]), max);
			if (!grown)
				goto out_len;
			m->rr[s] = grown;
			if (rr_read(d, m, &msg, &c, &m->rr[s][m->nrr[s]], cut) == RR_STOP)
				goto out_len;
			m->nrr[s]++;
		}
	}
out_len:
	l->len = (uint32_t)(cur_off(&c) - l->off);
	if (c.bad)
		l->len = (uint32_t)(msg.base + msg.len - l->off);
}

enum dec_rc
dec_dns_udp(struct dec *d, struct cur *c)
{
	const struct dec_udp_layer *u = NULL;
	if (d->nlayers > 0 && d->layers[d->nlayers - 1].proto == DEC_P_UDP)
		u = &d->layers[d->nlayers - 1].u.udp;
	bool mdns = u && (u->sport == MDNS_PORT || u->dport == MDNS_PORT);
	bool cut = d->caplen < d->len || (u && u->len > 8 + cur_left(c));
	struct dec_layer *l = dec_layer_add(d, DEC_P_DNS, c);
	if (!l)
		return DEC_STOP;
	l->u.dns.mdns = mdns;
	size_t before = d->nerrors + d->errors_lost;
	dns_message(d, l, cur_rest(c), cut);
	return d->nerrors + d->errors_lost > before ? DEC_STOP : DEC_DONE;
}

/* RFC 1035 §4.2.2: each message is preceded by its length; a DNS header is 12 bytes, so
 * a shorter length cannot start a message. */
static long
dns_tcp_frame(const uint8_t *p, size_t n, void *conn)
{
	(void)conn;
	if (n < 2)
		return 0;
	size_t len = (size_t)p[0] << 8 | p[1];
	if (len < DNS_HDR_LEN)
		return -1;
	return (long)(2 + len);
}

static void
dns_tcp_message(struct dec *d, struct cur *c, void *conn, int dir)
{
	(void)conn;
	(void)dir;
	struct dec_layer *l = dec_layer_add(d, DEC_P_DNS, c);
	if (!l)
		return;
	l->u.dns.tcp = true;
	l->u.dns.tcp_len = cur_be16(c);
	if (c->bad) {
		dec_truncated(d, l, 2, 0);
		return;
	}
	dns_message(d, l, cur_rest(c), d->caplen < d->len);
}

/* Whether p[0..n) plausibly starts a length-prefixed message: a length a header fits
 * in, then a header with a known opcode, at most 4 questions (servers answer one; RFC
 * 9619 makes it exactly one) and counts the length could hold. */
static bool
tcp_plausible(const uint8_t *p, size_t n)
{
	if (n < 2 + DNS_HDR_LEN)
		return false;
	size_t len = (size_t)p[0] << 8 | p[1];
	if (len < DNS_HDR_LEN)
		return false;
	unsigned opcode = p[4] >> 3 & 0xF;
	if (!dec_dns_opcode_name(opcode))
		return false;
	size_t qd = (size_t)p[6] << 8 | p[7];
	size_t an = (size_t)p[8] << 8 | p[9];
	size_t ns = (size_t)p[10] << 8 | p[11];
	size_t ar = (size_t)p[12] << 8 | p[13];
	if (qd > 4)
		return false;
	return DNS_HDR_LEN + qd * DNS_Q_MIN + (an + ns + ar) * DNS_RR_MIN <= len;
}

static long
dns_tcp_resync(const uint8_t *p, size_t n)
{
	for (size_t k = 0; k + 2 + DNS_HDR_LEN <= n; k++)
		if (tcp_plausible(p + k, n - k))
			return (long)k;
	return -1;
}

const struct dec_stream_proto dec_dns_stream = {
	.name = "dns",
	.proto = DEC_P_DNS,
	.conn_size = 0,
	.conn_free = NULL,
	.frame = dns_tcp_frame,
	.message = dns_tcp_message,
	.resync = dns_tcp_resync,
};

enum dec_rc
dec_dns_tcp(struct dec *d, struct cur *c)
{
	return dec_stream_segment(d, c, &dec_dns_stream);
}

uint16_t
dec_dns_key_tag(const uint8_t *rdata, size_t n)
{
	/* RSA/MD5 (algorithm 1): the tag is bits 16-23... of the modulus's last three
	 * octets, i.e. the two octets before the last (RFC 4034 appendix B.1) */
	if (n >= 4 && rdata[3] == 1)
		return n >= 7 ? (uint16_t)(rdata[n - 3] << 8 | rdata[n - 2]) : 0;
	uint32_t ac = 0;
	for (size_t k = 0; k < n; k++)
		ac += (k & 1) ? rdata[k] : (uint32_t)rdata[k] << 8;
	ac += ac >> 16 & 0xFFFF;
	return (uint16_t)(ac & 0xFFFF);
}

/* IANA "Resource Record (RR) TYPEs", 2024. */
const char *
dec_dns_type_name(uint16_t type)
{
	static const char *const low[] = { NULL, "A", "NS", "MD", "MF", "CNAME", "SOA", "MB", "MG",
		"MR", "NULL", "WKS", "PTR", "HINFO", "MINFO", "MX", "TXT", "RP", "AFSDB", "X25",
		"ISDN", "RT", "NSAP", "NSAP-PTR", "SIG", "KEY", "PX", "GPOS", "AAAA", "LOC", "NXT",
		"EID", "NIMLOC", "SRV", "ATMA", "NAPTR", "KX", "CERT", "A6", "DNAME", "SINK", "OPT",
		"APL", "DS", "SSHFP", "IPSECKEY", "RRSIG", "NSEC", "DNSKEY", "DHCID", "NSEC3",
		"NSEC3PARAM", "TLSA", "SMIMEA", NULL, "HIP", "NINFO", "RKEY", "TALINK", "CDS",
		"CDNSKEY", "OPENPGPKEY", "CSYNC", "ZONEMD", "SVCB", "HTTPS", "DSYNC" };
	static const char *const mid[] = { "SPF", "UINFO", "UID", "GID", "UNSPEC", "NID", "L32",
		"L64", "LP", "EUI48", "EUI64" };
	static const char *const meta[] = { "TKEY", "TSIG", "IXFR", "AXFR", "MAILB", "MAILA", "ANY",
		"URI", "CAA", "AVC", "DOA", "AMTRELAY", "RESINFO", "WALLET" };
	if (type < G_N_ELEMENTS(low))
		return low[type];
	if (type >= 99 && type < 99 + G_N_ELEMENTS(mid))
		return mid[type - 99];
	if (type >= 249 && type < 249 + G_N_ELEMENTS(meta))
		return meta[type - 249];
	if (type == 32768)
		return "TA";
	if (type == 32769)
		return "DLV";
	return NULL;
}

const char *
dec_dns_class_name(uint16_t cls)
{
	switch (cls) {
	case 1:
		return "IN";
	case 3:
		return "CH";
	case 4:
		return "HS";
	case 254:
		return "NONE";
	case 255:
		return "ANY";
	default:
		return NULL;
	}
}

/* IANA "DNS RCODEs": 16 is BADVERS in an OPT record (and BADSIG in a TSIG one) */
const char *
dec_dns_rcode_name(unsigned rcode)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
		"REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE", "DSOTYPENI",
		NULL, NULL, NULL, NULL, "BADVERS", "BADKEY", "BADTIME", "BADMODE", "BADNAME",
		"BADALG", "BADTRUNC", "BADCOOKIE" };
	return rcode < G_N_ELEMENTS(names) ? names[rcode] : NULL;
}

const char *
dec_dns_opcode_name(unsigned opcode)
{
	static const char *const names[] = { "QUERY", "IQUERY", "STATUS", NULL, "NOTIFY", "UPDATE",
		"DSO" };
	return opcode < G_N_ELEMENTS(names) ? names[opcode] : NULL;
}

/* IANA "DNS EDNS0 Option Codes (OPT)" */
const char *
dec_dns_opt_name(uint16_t code)
{
	static const char *const names[] = { NULL, "LLQ", "UL", "NSID", NULL, "DAU", "DHU", "N3U",
		"ECS", "EXPIRE", "COOKIE", "TCP-KEEPALIVE", "PADDING", "CHAIN", "KEY-TAG", "EDE",
		"CLIENT-TAG", "SERVER-TAG", "REPORT-CHANNEL", "ZONEVERSION" };
	if (code < G_N_ELEMENTS(names))
		return names[code];
	return code == 26946 ? "DEVICEID" : NULL;
}

/* RFC 8914 §5.2 and IANA "Extended DNS Error Codes" */
const char *
dec_dns_ede_name(uint16_t info)
{
	static const char *const names[] = { "Other Error", "Unsupported DNSKEY Algorithm",
		"Unsupported DS Digest Type", "Stale Answer", "Forged Answer",
		"DNSSEC Indeterminate", "DNSSEC Bogus", "Signature Expired",
		"Signature Not Yet Valid", "DNSKEY Missing", "RRSIGs Missing",
		"No Zone Key Bit Set", "NSEC Missing", "Cached Error", "Not Ready", "Blocked",
		"Censored", "Filtered", "Prohibited", "Stale NXDomain Answer", "Not Authoritative",
		"Not Supported", "No Reachable Authority", "Network Error", "Invalid Data",
		"Signature Expired before Valid", "Too Early", "Unsupported NSEC3 Iterations Value",
		"Unable to conform to policy", "Synthesized", "Invalid Query Type" };
	return info < G_N_ELEMENTS(names) ? names[info] : NULL;
}

const char *
dec_dns_svc_key_name(uint16_t key)
{
	static const char *const names[] = { "mandatory", "alpn", "no-default-alpn", "port",
		"ipv4hint", "ech", "ipv6hint", "dohpath", "ohttp", "tls-supported-groups" };
	return key < G_N_ELEMENTS(names) ? names[key] : NULL;
}
