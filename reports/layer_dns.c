/* layer_dns.c - DNS messages (RFC 1035 §4.1) in text and NDJSON: DESIGN.md's `dns` fields.
 *
 * Text, tcpdump-like and compact:
 *   `DNS 0x1a2b A? www.example.com.`                                     a query
 *   `DNS 0x1a2b NOERROR A www.example.com. 1/0/1 [A 93.184.216.34]`      a response
 * (answer, authority and additional counts as sent, then the answers' data). Names carry
 * the trailing dot in text and none in JSON, where the root is ".". Type and class names
 * that IANA has not assigned print as `TYPE65534` / `CLASS7` (RFC 3597 §5), so nothing is
 * dropped. Rdata the decoder could not read as its type is shown as `rdata` in hex.
 */
#include "reports/render.h"

#include <arpa/inet.h>
#include <stdio.h>

#include "decode/dns.h"

/* answers named in the text line before "..." */
#define TEXT_MAX_ANSWERS 8
/* an SVCB parameter's key=value text; longer values end in "..." */
#define SVC_TEXT_MAX 2048

static const char *
type_str(uint16_t type, char *buf, size_t n)
{
	return report_name_or_num(dec_dns_type_name(type), "TYPE", type, buf, n);
}

static const char *
class_str(uint16_t cls, char *buf, size_t n)
{
	return report_name_or_num(dec_dns_class_name(cls), "CLASS", cls, buf, n);
}

static const char *
rcode_str(unsigned rcode, char *buf, size_t n)
{
	return report_name_or_num(dec_dns_rcode_name(rcode), "RCODE", rcode, buf, n);
}

/* A name with the trailing dot of presentation form (the root is already "."). */
static void
text_name(struct out *o, const char *name)
{
	out_str(o, name);
	if (strcmp(name, ".") != 0)
		out_ch(o, '.');
}

static void
text_answer(struct out *o, const struct dec_dns_rr *rr)
{
	char buf[16];
	out_str(o, type_str(rr->type, buf, sizeof(buf)));
	if (!rr->rdata_ok)
		return;
	switch (rr->type) {
	case DEC_DNS_T_A:
		out_ch(o, ' ');
		out_ipv4(o, rr->rdata.p);
		break;
	case DEC_DNS_T_AAAA:
		out_ch(o, ' ');
		out_ipv6(o, rr->rdata.p);
		break;
	case DEC_DNS_T_CNAME:
	case DEC_DNS_T_NS:
	case DEC_DNS_T_PTR:
	case DEC_DNS_T_DNAME:
		out_ch(o, ' ');
		text_name(o, rr->u.target);
		break;
	case DEC_DNS_T_MX:
		out_printf(o, " %u ", rr->u.mx.pref);
		text_name(o, rr->u.mx.exchange);
		break;
	case DEC_DNS_T_SRV:
		out_printf(o, " %u %u %u ", rr->u.srv.prio, rr->u.srv.weight, rr->u.srv.port);
		text_name(o, rr->u.srv.target);
		break;
	default:
		break;
	}
}

void
report_dns_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_dns_layer *m = &d->layers[i].u.dns;
	char buf[16];
	unsigned opcode = m->flags >> 11 & 0xF;
	out_str(o, m->mdns ? "mDNS " : "DNS ");
	out_hex0x(o, m->id, 4);
	if (opcode != 0) {
		out_ch(o, ' ');
		out_str(o, report_name_or_num(dec_dns_opcode_name(opcode), "OPCODE", opcode, buf,
				   sizeof(buf)));
	}
	if (m->flags & DEC_DNS_F_TC)
		out_str(o, " TC");
	bool response = m->flags & DEC_DNS_F_QR;
	if (response) {
		out_ch(o, ' ');
		out_str(o, rcode_str(dec_dns_rcode(m), buf, sizeof(buf)));
	}
	for (unsigned k = 0; k < m->nq; k++) {
		out_ch(o, ' ');
		out_str(o, type_str(m->q[k].type, buf, sizeof(buf)));
		if (!response)
			out_ch(o, '?');
		out_ch(o, ' ');
		text_name(o, m->q[k].name);
	}
	if (!response)
		return;
	out_printf(o, " %u/%u/%u", m->ancount, m->nscount, m->arcount);
	if (m->nrr[DEC_DNS_AN] == 0) {
		report_dnssec_text(o, d, i); /* a denial's verdict */
		return;
	}
	out_str(o, " [");
	for (unsigned k = 0; k < m->nrr[DEC_DNS_AN]; k++) {
		if (k == TEXT_MAX_ANSWERS) {
			out_str(o, ", ...");
			break;
		}
		if (k)
			out_str(o, ", ");
		text_answer(o, &m->rr[DEC_DNS_AN][k]);
	}
	out_ch(o, ']');
	report_dnssec_text(o, d, i);
}

/* Bounded text builder for the key=value strings (no allocation per packet). */
struct sb {
	char s[SVC_TEXT_MAX];
	size_t n;
	bool full;
};

static void
sb_put(struct sb *b, const char *s, size_t n)
{
	if (b->full || n > sizeof(b->s) - 4 - b->n) {
		if (!b->full) {
			memcpy(b->s + b->n, "...", 3);
			b->n += 3;
		}
		b->full = true;
		return;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
}

static void
sb_str(struct sb *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

/* RFC 9460 appendix A.1: a value in presentation form, `,` and `\` escaped inside a
 * comma-separated list, bytes outside 0x21-0x7E as \DDD. */
static void
sb_escaped(struct sb *b, const uint8_t *p, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		char t[5];
		uint8_t ch = p[k];
		if (ch <= 0x20 || ch >= 0x7F) {
			snprintf(t, sizeof(t), "\\%03u", ch);
			sb_put(b, t, 4);
		} else if (ch == ',' || ch == '\\') {
			t[0] = '\\';
			t[1] = (char)ch;
			sb_put(b, t, 2);
		} else {
			t[0] = (char)ch;
			sb_put(b, t, 1);
		}
	}
}

static void
sb_hex(struct sb *b, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t k = 0; k < n; k++) {
		char t[2] = { hex[p[k] >> 4], hex[p[k] & 0xF] };
		sb_put(b, t, 2);
	}
}

/* RFC 4648 §4 base64, as dig prints an ECHConfigList */
static void
sb_base64(struct sb *b, const uint8_t *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t k = 0; k < n; k += 3) {
		uint32_t v = (uint32_t)p[k] << 16;
		if (k + 1 < n)
			v |= (uint32_t)p[k + 1] << 8;
		if (k + 2 < n)
			v |= p[k + 2];
		char t[4] = { a[v >> 18 & 63], a[v >> 12 & 63], k + 1 < n ? a[v >> 6 & 63] : '=',
			k + 2 < n ? a[v & 63] : '=' };
		sb_put(b, t, 4);
	}
}

static void
sb_key(struct sb *b, uint16_t key)
{
	char buf[16];
	sb_str(b, report_name_or_num(dec_dns_svc_key_name(key), "key", key, buf, sizeof(buf)));
}

/* One SvcParam as `key=value` (RFC 9460 §2.1 presentation form). */
static void
json_svc_param(struct out *o, const struct dec_dns_svc_param *sp)
{
	struct sb b = { .n = 0, .full = false };
	const uint8_t *v = sp->v.p;
	size_t n = sp->v.len;
	char t[64];
	sb_key(&b, sp->key);
	if (sp->ok && sp->key == 2) {
		out_json_str(o, b.s, b.n);
		return;
	}
	sb_put(&b, "=", 1);
	if (!sp->ok) {
		sb_hex(&b, v, n);
		out_json_str(o, b.s, b.n);
		return;
	}
	switch (sp->key) {
	case 0:
		for (size_t k = 0; k + 1 < n; k += 2) {
			if (k)
				sb_put(&b, ",", 1);
			sb_key(&b, (uint16_t)(v[k] << 8 | v[k + 1]));
		}
		break;
	case 1:
		for (size_t k = 0; k < n; k += 1u + v[k]) {
			if (k)
				sb_put(&b, ",", 1);
			sb_escaped(&b, v + k + 1, v[k]);
		}
		break;
	case 3:
		snprintf(t, sizeof(t), "%u", (unsigned)(v[0] << 8 | v[1]));
		sb_str(&b, t);
		break;
	case 4:
		for (size_t k = 0; k < n; k += 4) {
			snprintf(t, sizeof(t), "%s%u.%u.%u.%u", k ? "," : "", v[k], v[k + 1],
				v[k + 2], v[k + 3]);
			sb_str(&b, t);
		}
		break;
	case 5:
		sb_base64(&b, v, n);
		break;
	case 6:
		for (size_t k = 0; k < n; k += 16) {
			char a6[INET6_ADDRSTRLEN];
			if (k)
				sb_put(&b, ",", 1);
			/* glibc's inet_ntop writes the RFC 5952 form */
			if (inet_ntop(AF_INET6, v + k, a6, sizeof(a6)))
				sb_str(&b, a6);
		}
		break;
	case 7: /* dohpath: a URI template (RFC 9461 §5) */
		sb_escaped(&b, v, n);
		break;
	default:
		sb_hex(&b, v, n);
		break;
	}
	out_json_str(o, b.s, b.n);
}

static void
json_name(struct out *o, const char *key, const char *name)
{
	json_key(o, key);
	out_json_str(o, name, strlen(name));
}

static void
json_bytes_str(struct out *o, const char *key, const struct dec_dns_bytes *b)
{
	json_key(o, key);
	out_json_str(o, (const char *)b->p, b->len);
}

static void
json_hexb(struct out *o, const char *key, const struct dec_dns_bytes *b)
{
	json_hex(o, key, b->p, b->len);
}

/* RFC 4648 §7 base32hex, the form NSEC3 owner names use (RFC 5155 §3.3). */
static void
json_base32hex(struct out *o, const char *key, const struct dec_dns_bytes *b)
{
	static const char a[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
	json_key(o, key);
	out_ch(o, '"');
	uint32_t acc = 0;
	unsigned bits = 0;
	for (size_t k = 0; k < b->len; k++) {
		acc = acc << 8 | b->p[k];
		bits += 8;
		while (bits >= 5) {
			out_ch(o, a[acc >> (bits - 5) & 31]);
			bits -= 5;
		}
	}
	if (bits)
		out_ch(o, a[acc << (5 - bits) & 31]);
	out_ch(o, '"');
}

static void
json_types(struct out *o, const uint16_t *types, unsigned n)
{
	char buf[16];
	json_key(o, "types");
	out_ch(o, '[');
	for (unsigned k = 0; k < n; k++) {
		const char *t = type_str(types[k], buf, sizeof(buf));
		if (k)
			out_ch(o, ',');
		out_json_str(o, t, strlen(t));
	}
	out_ch(o, ']');
}

static void
json_rdata(struct out *o, const struct dec_dns_rr *rr)
{
	char buf[16];
	unsigned k;
	switch (rr->type) {
	case DEC_DNS_T_A:
		json_ipv4(o, "addr", rr->rdata.p);
		break;
	case DEC_DNS_T_AAAA:
		json_ipv6(o, "addr", rr->rdata.p);
		break;
	case DEC_DNS_T_CNAME:
	case DEC_DNS_T_NS:
	case DEC_DNS_T_PTR:
	case DEC_DNS_T_DNAME:
		json_name(o, "target", rr->u.target);
		break;
	case DEC_DNS_T_MX:
		json_u64(o, "pref", rr->u.mx.pref);
		json_name(o, "exchange", rr->u.mx.exchange);
		break;
	case DEC_DNS_T_TXT:
		json_key(o, "strings");
		out_ch(o, '[');
		for (k = 0; k < rr->u.txt.n; k++) {
			if (k)
				out_ch(o, ',');
			out_json_str(o, (const char *)rr->u.txt.s[k].p, rr->u.txt.s[k].len);
		}
		out_ch(o, ']');
		break;
	case DEC_DNS_T_SOA:
		json_name(o, "mname", rr->u.soa.mname);
		json_name(o, "rname", rr->u.soa.rname);
		json_u64(o, "serial", rr->u.soa.serial);
		json_u64(o, "refresh", rr->u.soa.refresh);
		json_u64(o, "retry", rr->u.soa.retry);
		json_u64(o, "expire", rr->u.soa.expire);
		json_u64(o, "minimum", rr->u.soa.minimum);
		break;
	case DEC_DNS_T_SRV:
		json_u64(o, "prio", rr->u.srv.prio);
		json_u64(o, "weight", rr->u.srv.weight);
		json_u64(o, "port", rr->u.srv.port);
		json_name(o, "target", rr->u.srv.target);
		break;
	case DEC_DNS_T_CAA:
		json_u64(o, "flags", rr->u.caa.flags);
		json_bytes_str(o, "tag", &rr->u.caa.tag);
		json_bytes_str(o, "value", &rr->u.caa.value);
		break;
	case DEC_DNS_T_DNSKEY:
	case DEC_DNS_T_CDNSKEY:
		json_u64(o, "flags", rr->u.dnskey.flags);
		json_u64(o, "protocol", rr->u.dnskey.protocol);
		json_u64(o, "alg", rr->u.dnskey.alg);
		json_u64(o, "key_tag", rr->u.dnskey.key_tag);
		json_u64(o, "key_len", rr->u.dnskey.key.len);
		break;
	case DEC_DNS_T_DS:
	case DEC_DNS_T_CDS:
		json_u64(o, "key_tag", rr->u.ds.key_tag);
		json_u64(o, "alg", rr->u.ds.alg);
		json_u64(o, "digest_type", rr->u.ds.digest_type);
		json_hexb(o, "digest", &rr->u.ds.digest);
		break;
	case DEC_DNS_T_RRSIG:
		json_str(o, "type_covered", type_str(rr->u.rrsig.type_covered, buf, sizeof(buf)));
		json_u64(o, "alg", rr->u.rrsig.alg);
		json_u64(o, "labels", rr->u.rrsig.labels);
		json_u64(o, "orig_ttl", rr->u.rrsig.orig_ttl);
		json_u64(o, "expiration", rr->u.rrsig.expiration);
		json_u64(o, "inception", rr->u.rrsig.inception);
		json_u64(o, "key_tag", rr->u.rrsig.key_tag);
		json_name(o, "signer", rr->u.rrsig.signer);
		break;
	case DEC_DNS_T_NSEC:
		json_name(o, "next", rr->u.nsec.next);
		json_types(o, rr->u.nsec.types, rr->u.nsec.ntypes);
		break;
	case DEC_DNS_T_NSEC3:
	case DEC_DNS_T_NSEC3PARAM:
		json_u64(o, "hash_alg", rr->u.nsec3.hash_alg);
		json_u64(o, "flags", rr->u.nsec3.flags);
		json_u64(o, "iterations", rr->u.nsec3.iterations);
		json_hexb(o, "salt", &rr->u.nsec3.salt);
		if (rr->type == DEC_DNS_T_NSEC3PARAM)
			break;
		json_base32hex(o, "next_hashed", &rr->u.nsec3.next_hashed);
		json_types(o, rr->u.nsec3.types, rr->u.nsec3.ntypes);
		break;
	case DEC_DNS_T_SVCB:
	case DEC_DNS_T_HTTPS:
		json_u64(o, "priority", rr->u.svcb.priority);
		json_name(o, "target", rr->u.svcb.target);
		json_key(o, "params");
		out_ch(o, '[');
		for (k = 0; k < rr->u.svcb.nparams; k++) {
			if (k)
				out_ch(o, ',');
			json_svc_param(o, &rr->u.svcb.params[k]);
		}
		out_ch(o, ']');
		break;
	default:
		json_hexb(o, "rdata", &rr->rdata);
		break;
	}
}

static void
json_rr(struct out *o, const struct dec_dns_layer *m, const struct dec_dns_rr *rr)
{
	char buf[16];
	out_str(o, "{\"name\":");
	out_json_str(o, rr->name, strlen(rr->name));
	json_str(o, "type", type_str(rr->type, buf, sizeof(buf)));
	json_str(o, "class", class_str(rr->cls, buf, sizeof(buf)));
	json_u64(o, "ttl", rr->ttl);
	if (m->mdns && rr->cache_flush)
		json_bool(o, "cache_flush", true);
	if (rr->type == DEC_DNS_T_OPT) {
		/* RFC 6891 §6.1.2: CLASS and TTL are not a class and a TTL here */
		json_u64(o, "udp_size", rr->cls);
		json_u64(o, "rdlength", rr->rdlength);
	} else if (rr->rdata_ok) {
		json_rdata(o, rr);
	} else {
		json_hexb(o, "rdata", &rr->rdata);
	}
	out_ch(o, '}');
}

static void
json_option(struct out *o, const struct dec_dns_opt *op)
{
	out_str(o, "{\"code\":");
	out_u64(o, op->code);
	const char *name = dec_dns_opt_name(op->code);
	if (name)
		json_str(o, "name", name);
	if (!op->ok) {
		json_hexb(o, "data", &op->data);
		out_ch(o, '}');
		return;
	}
	switch (op->code) {
	case DEC_DNS_OPT_ECS:
		json_u64(o, "family", op->u.ecs.family);
		json_u64(o, "source", op->u.ecs.source);
		json_u64(o, "scope", op->u.ecs.scope);
		if (op->u.ecs.family == 1)
			json_ipv4(o, "address", op->u.ecs.addr);
		else
			json_ipv6(o, "address", op->u.ecs.addr);
		break;
	case DEC_DNS_OPT_COOKIE:
		json_hexb(o, "client", &op->u.cookie.client);
		if (op->u.cookie.server.len)
			json_hexb(o, "server", &op->u.cookie.server);
		break;
	case DEC_DNS_OPT_PADDING:
		json_u64(o, "len", op->data.len);
		break;
	case DEC_DNS_OPT_EDE:
		json_u64(o, "info_code", op->u.ede.info);
		name = dec_dns_ede_name(op->u.ede.info);
		if (name)
			json_str(o, "info_name", name);
		/* RFC 8914 §2: UTF-8 text, not NUL-terminated */
		if (op->u.ede.text.len)
			json_bytes_str(o, "text", &op->u.ede.text);
		break;
	default:
		break;
	}
	out_ch(o, '}');
}

static void
json_edns(struct out *o, const struct dec_dns_edns *e)
{
	json_key(o, "edns");
	out_str(o, "{\"udp_size\":");
	out_u64(o, e->udp_size);
	json_bool(o, "do", e->dnssec_ok);
	json_u64(o, "version", e->version);
	json_u64(o, "ext_rcode", e->ext_rcode);
	if (e->z)
		json_u64(o, "z", e->z);
	json_key(o, "options");
	out_ch(o, '[');
	for (unsigned k = 0; k < e->nopts; k++) {
		if (k)
			out_ch(o, ',');
		json_option(o, &e->opts[k]);
	}
	out_str(o, "]}");
}

void
report_dns_json(struct out *o, const struct dec *d, unsigned i)
{
	static const char *const sect[DEC_DNS_NSECT] = { "answers", "authority", "additional" };
	const struct dec_dns_layer *m = &d->layers[i].u.dns;
	char buf[16];
	unsigned opcode = m->flags >> 11 & 0xF;
	json_u64(o, "id", m->id);
	json_bool(o, "qr", m->flags & DEC_DNS_F_QR);
	json_u64(o, "opcode", opcode);
	json_u64(o, "qdcount", m->qdcount);
	json_u64(o, "ancount", m->ancount);
	json_u64(o, "nscount", m->nscount);
	json_u64(o, "arcount", m->arcount);
	json_bool(o, "aa", m->flags & DEC_DNS_F_AA);
	json_bool(o, "tc", m->flags & DEC_DNS_F_TC);
	json_bool(o, "rd", m->flags & DEC_DNS_F_RD);
	json_bool(o, "ra", m->flags & DEC_DNS_F_RA);
	json_bool(o, "z", m->flags & DEC_DNS_F_Z);
	json_bool(o, "ad", m->flags & DEC_DNS_F_AD);
	json_bool(o, "cd", m->flags & DEC_DNS_F_CD);
	/* DESIGN.md lists rcode for every message, so a reader never has to tell a missing
	 * field from NOERROR; in a query it is what the header says, normally 0 (RFC 1035
	 * §4.1.1: RCODE is "set as part of responses") */
	json_u64(o, "rcode", dec_dns_rcode(m));
	json_str(o, "rcode_name", rcode_str(dec_dns_rcode(m), buf, sizeof(buf)));
	if (m->mdns)
		json_bool(o, "mdns", true);
	if (m->tcp)
		json_u64(o, "tcp_len", m->tcp_len);
	json_key(o, "questions");
	out_ch(o, '[');
	for (unsigned k = 0; k < m->nq; k++) {
		const struct dec_dns_question *q = &m->q[k];
		if (k)
			out_ch(o, ',');
		out_str(o, "{\"name\":");
		out_json_str(o, q->name, strlen(q->name));
		json_str(o, "type", type_str(q->type, buf, sizeof(buf)));
		json_str(o, "class", class_str(q->cls, buf, sizeof(buf)));
		if (m->mdns && q->unicast)
			json_bool(o, "unicast_response", true);
		out_ch(o, '}');
	}
	out_ch(o, ']');
	for (unsigned s = 0; s < DEC_DNS_NSECT; s++) {
		json_key(o, sect[s]);
		out_ch(o, '[');
		for (unsigned k = 0; k < m->nrr[s]; k++) {
			if (k)
				out_ch(o, ',');
			json_rr(o, m, &m->rr[s][k]);
		}
		out_ch(o, ']');
	}
	if (m->edns)
		json_edns(o, m->edns);
	report_dnssec_json(o, d, i);
}
