/* dfilter.c - the display filter (dfilter.h): a recursive-descent parser builds a tree of
 * at most DF_MAX_NODES nodes in one array (children by index); matching walks it over the
 * packet's layers, restricted to a range of tunnel levels, with no allocation. Names in a
 * comparison (NXDOMAIN, NOTIFICATION) become numbers when compiled, so the per-packet work
 * is integer and byte comparisons only.
 */
#include "decode/dfilter.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "decode/bgp.h"
#include "decode/dns.h"

#define DF_MAX_NODES 256
#define DF_MAX_DEPTH 64

G_DEFINE_QUARK(dec-dfilter-error-quark, dec_dfilter_error)

enum df_kind {
	DF_AND, DF_OR, DF_NOT, DF_LEVEL,
	DF_HOST, DF_NET, DF_PORT, DF_PROTO, DF_VLAN, DF_SPI, DF_VNI, DF_FIELD,
};

enum df_op { DF_EQ, DF_NE, DF_LT, DF_GT, DF_LE, DF_GE, DF_HAS };

enum df_level { DF_ANY, DF_OUTER, DF_INNER };

/* Fields a comparison may name: the JSON key of that layer (reports/layer_*.c). */
enum df_field {
	F_IP_SRC, F_IP_DST, F_IP_TTL, F_IP_PROTO, F_IP_LEN,
	F_SPORT, F_DPORT, F_L4_LEN,
	F_TCP_FLAGS, F_TCP_SEQ, F_TCP_ACK, F_TCP_WIN,
	F_ICMP_TYPE, F_ICMP_CODE,
	F_DNS_ID, F_DNS_QR, F_DNS_OPCODE, F_DNS_RCODE, F_DNS_QDCOUNT, F_DNS_ANCOUNT,
	F_BGP_TYPE,
	F_ESP_SPI, F_ESP_SEQ,
	F_IKE_ISPI, F_IKE_RSPI, F_IKE_EXCHANGE, F_IKE_MSGID,
	F_VNI, F_VLAN_VID, F_VLAN_PCP,
};

enum df_ftype { FT_NUM, FT_ADDR, FT_FLAGS, FT_BOOL };

struct df_field_def {
	const char *layer; /* a dec_proto_name() */
	const char *name;
	enum df_field f;
	enum df_ftype type;
	const char *(*value_name)(unsigned v); /* names a value may be given by; or NULL */
	unsigned names_max;
};

static const char *
bgp_type_name(unsigned v)
{
	return dec_bgp_type_name((uint8_t)v);
}

static const struct df_field_def fields[] = {
	{ "ipv4", "src", F_IP_SRC, FT_ADDR, NULL, 0 },
	{ "ipv4", "dst", F_IP_DST, FT_ADDR, NULL, 0 },
	{ "ipv4", "ttl", F_IP_TTL, FT_NUM, NULL, 0 },
	{ "ipv4", "proto", F_IP_PROTO, FT_NUM, NULL, 0 },
	{ "ipv4", "len", F_IP_LEN, FT_NUM, NULL, 0 },
	{ "ipv6", "src", F_IP_SRC, FT_ADDR, NULL, 0 },
	{ "ipv6", "dst", F_IP_DST, FT_ADDR, NULL, 0 },
	{ "ipv6", "hlim", F_IP_TTL, FT_NUM, NULL, 0 },
	{ "ipv6", "proto", F_IP_PROTO, FT_NUM, NULL, 0 },
	{ "ipv6", "plen", F_IP_LEN, FT_NUM, NULL, 0 },
	{ "udp", "sport", F_SPORT, FT_NUM, NULL, 0 },
	{ "udp", "dport", F_DPORT, FT_NUM, NULL, 0 },
	{ "udp", "len", F_L4_LEN, FT_NUM, NULL, 0 },
	{ "tcp", "sport", F_SPORT, FT_NUM, NULL, 0 },
	{ "tcp", "dport", F_DPORT, FT_NUM, NULL, 0 },
	{ "tcp", "len", F_L4_LEN, FT_NUM, NULL, 0 },
	{ "tcp", "flags", F_TCP_FLAGS, FT_FLAGS, NULL, 0 },
	{ "tcp", "seq", F_TCP_SEQ, FT_NUM, NULL, 0 },
	{ "tcp", "ack", F_TCP_ACK, FT_NUM, NULL, 0 },
	{ "tcp", "win", F_TCP_WIN, FT_NUM, NULL, 0 },
	{ "icmp", "type", F_ICMP_TYPE, FT_NUM, NULL, 0 },
	{ "icmp", "code", F_ICMP_CODE, FT_NUM, NULL, 0 },
	{ "icmpv6", "type", F_ICMP_TYPE, FT_NUM, NULL, 0 },
	{ "icmpv6", "code", F_ICMP_CODE, FT_NUM, NULL, 0 },
	{ "dns", "id", F_DNS_ID, FT_NUM, NULL, 0 },
	{ "dns", "qr", F_DNS_QR, FT_BOOL, NULL, 0 },
	{ "dns", "opcode", F_DNS_OPCODE, FT_NUM, dec_dns_opcode_name, 15 },
	{ "dns", "rcode", F_DNS_RCODE, FT_NUM, dec_dns_rcode_name, 4095 },
	{ "dns", "qdcount", F_DNS_QDCOUNT, FT_NUM, NULL, 0 },
	{ "dns", "ancount", F_DNS_ANCOUNT, FT_NUM, NULL, 0 },
	{ "bgp", "type", F_BGP_TYPE, FT_NUM, bgp_type_name, 255 },
	{ "esp", "spi", F_ESP_SPI, FT_NUM, NULL, 0 },
	{ "esp", "seq", F_ESP_SEQ, FT_NUM, NULL, 0 },
	{ "ike", "ispi", F_IKE_ISPI, FT_NUM, NULL, 0 },
	{ "ike", "rspi", F_IKE_RSPI, FT_NUM, NULL, 0 },
	{ "ike", "exchange", F_IKE_EXCHANGE, FT_NUM, NULL, 0 },
	{ "ike", "msgid", F_IKE_MSGID, FT_NUM, NULL, 0 },
	{ "geneve", "vni", F_VNI, FT_NUM, NULL, 0 },
	{ "vxlan", "vni", F_VNI, FT_NUM, NULL, 0 },
	{ "vlan", "vid", F_VLAN_VID, FT_NUM, NULL, 0 },
	{ "vlan", "pcp", F_VLAN_PCP, FT_NUM, NULL, 0 },
};

/* TCP flag letters as JSON writes them (reports/layer_ip.c), bit 0 first */
static const char tcp_letters[] = "FSRPAUECN";

struct df_node {
	uint8_t kind;  /* enum df_kind */
	uint8_t op;    /* enum df_op (DF_FIELD) */
	uint8_t level; /* enum df_level (DF_LEVEL) */
	uint8_t family; /* 4 or 6 (DF_HOST, DF_NET, FT_ADDR fields) */
	uint8_t plen;   /* DF_NET prefix length */
	uint16_t proto; /* DF_PROTO; DF_FIELD: the layer */
	uint16_t field; /* enum df_field */
	int a, b;       /* children */
	uint64_t num;
	uint8_t addr[16];
};

struct dec_dfilter {
	unsigned n;
	int root;
	struct df_node nodes[DF_MAX_NODES];
};

/* ---- parsing ---- */

struct df_parser {
	const char *s;
	size_t pos;      /* next unread byte */
	size_t tok, len; /* the current token: its offset and length (len 0: the end) */
	unsigned depth;
	struct dec_dfilter *f;
	GError **error;
	unsigned *column;
	bool failed;
};

static bool
is_op_char(char c)
{
	return c == '(' || c == ')' || c == '!' || c == '=' || c == '<' || c == '>' || c == '&' ||
		c == '|';
}

static void
next_token(struct df_parser *p)
{
	const char *s = p->s;
	while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n')
		p->pos++;
	p->tok = p->pos;
	if (!s[p->pos]) {
		p->len = 0;
		return;
	}
	char c = s[p->pos], c2 = s[p->pos + 1];
	if ((c == '=' && c2 == '=') || (c == '!' && c2 == '=') || (c == '<' && c2 == '=') ||
		(c == '>' && c2 == '=') || (c == '&' && c2 == '&') || (c == '|' && c2 == '|'))
		p->len = 2;
	else if (is_op_char(c))
		p->len = 1;
	else {
		size_t e = p->pos;
		while (s[e] && s[e] != ' ' && s[e] != '\t' && s[e] != '\n' && !is_op_char(s[e]))
			e++;
		p->len = e - p->pos;
	}
	p->pos += p->len;
}

static bool
tok_is(const struct df_parser *p, const char *w)
{
	return p->len == strlen(w) && strncmp(p->s + p->tok, w, p->len) == 0;
}

static int G_GNUC_PRINTF(2, 3)
fail(struct df_parser *p, const char *fmt, ...)
{
	if (p->failed)
		return -1;
	p->failed = true;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	unsigned col = (unsigned)p->tok + 1;
	if (p->column)
		*p->column = col;
	g_set_error(p->error, DEC_DFILTER_ERROR, 1, "column %u: %s", col, what);
	return -1;
}

static int
new_node(struct df_parser *p, enum df_kind kind)
{
	if (p->f->n >= DF_MAX_NODES)
		return fail(p, "the expression has more than %d terms", DF_MAX_NODES);
	int i = (int)p->f->n++;
	p->f->nodes[i].kind = (uint8_t)kind;
	p->f->nodes[i].a = p->f->nodes[i].b = -1;
	return i;
}

/* The current token as a C string in buf (truncated to fit). */
static const char *
tok_str(const struct df_parser *p, char *buf, size_t n)
{
	size_t k = p->len < n - 1 ? p->len : n - 1;
	memcpy(buf, p->s + p->tok, k);
	buf[k] = '\0';
	return buf;
}

static bool
parse_num(const char *w, uint64_t *v)
{
	char *end = NULL;
	if (!*w || *w == '-')
		return false;
	errno = 0;
	unsigned long long x = strtoull(w, &end, 0);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

/* "10.0.0.1" or "2001:db8::1", with "/len" when cidr */
static bool
parse_addr(const char *w, bool cidr, struct df_node *n)
{
	char buf[64];
	g_strlcpy(buf, w, sizeof(buf));
	char *slash = strchr(buf, '/');
	if (slash && !cidr)
		return false;
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, buf, n->addr) == 1)
		n->family = 4;
	else if (inet_pton(AF_INET6, buf, n->addr) == 1)
		n->family = 6;
	else
		return false;
	unsigned max = n->family == 4 ? 32 : 128;
	n->plen = (uint8_t)max;
	if (slash) {
		uint64_t len;
		if (!parse_num(slash + 1, &len) || len > max)
			return false;
		n->plen = (uint8_t)len;
	}
	return true;
}

static int
proto_by_name(const char *w)
{
	for (unsigned i = 1; i < DEC_P_COUNT; i++)
		if (strcmp(dec_proto_name(i), w) == 0)
			return (int)i;
	return -1;
}

/* A primitive with one value ("port 443"): the number after the keyword */
static int
prim_number(struct df_parser *p, enum df_kind kind, const char *kw, uint64_t max)
{
	next_token(p);
	char buf[64];
	uint64_t v;
	if (!p->len)
		return fail(p, "%s needs a number", kw);
	if (!parse_num(tok_str(p, buf, sizeof(buf)), &v) || v > max)
		return fail(p, "%s needs a number 0-%" G_GUINT64_FORMAT ", not \"%s\"", kw, max, buf);
	int i = new_node(p, kind);
	if (i >= 0)
		p->f->nodes[i].num = v;
	next_token(p);
	return i;
}

static int
prim_field(struct df_parser *p, const char *w)
{
	const char *dot = strchr(w, '.');
	size_t ll = (size_t)(dot - w);
	const struct df_field_def *def = NULL;
	bool layer_known = false;
	for (size_t k = 0; k < G_N_ELEMENTS(fields); k++) {
		if (strlen(fields[k].layer) != ll || strncmp(fields[k].layer, w, ll) != 0)
			continue;
		layer_known = true;
		if (strcmp(fields[k].name, dot + 1) == 0) {
			def = &fields[k];
			break;
		}
	}
	if (!def && layer_known)
		return fail(p, "no field \"%s\" the filter can compare (README)", w);
	if (!def)
		return fail(p, "no layer \"%.*s\" with fields the filter compares", (int)ll, w);
	int i = new_node(p, DF_FIELD);
	if (i < 0)
		return -1;
	struct df_node *n = &p->f->nodes[i];
	n->field = (uint16_t)def->f;
	n->proto = (uint16_t)proto_by_name(def->layer);
	next_token(p);
	static const char *const ops[] = { "==", "!=", "<", ">", "<=", ">=", "has" };
	unsigned op = G_N_ELEMENTS(ops);
	for (unsigned k = 0; k < G_N_ELEMENTS(ops); k++)
		if (tok_is(p, ops[k]))
			op = k;
	if (op == G_N_ELEMENTS(ops))
		return fail(p, "%s needs ==, !=, <, >, <=, >= or has", w);
	if ((op == DF_HAS) != (def->type == FT_FLAGS))
		return fail(p, def->type == FT_FLAGS ? "%s is compared with has (flags letters)"
						   : "has is for flags, and %s is not one",
			w);
	if (def->type == FT_ADDR && op != DF_EQ && op != DF_NE)
		return fail(p, "an address is compared with == or !=");
	n->op = (uint8_t)op;
	next_token(p);
	char buf[64];
	tok_str(p, buf, sizeof(buf));
	if (!p->len)
		return fail(p, "%s needs a value", w);
	switch (def->type) {
	case FT_ADDR:
		if (!parse_addr(buf, false, n))
			return fail(p, "not an address: \"%s\"", buf);
		break;
	case FT_FLAGS:
		for (const char *c = buf; *c; c++) {
			const char *at = strchr(tcp_letters, g_ascii_toupper(*c));
			if (!at)
				return fail(p, "not a TCP flag letter (%s): '%c'", tcp_letters, *c);
			n->num |= 1u << (at - tcp_letters);
		}
		break;
	case FT_BOOL:
		if (strcmp(buf, "true") == 0 || strcmp(buf, "1") == 0)
			n->num = 1;
		else if (strcmp(buf, "false") != 0 && strcmp(buf, "0") != 0)
			return fail(p, "%s is true or false, not \"%s\"", w, buf);
		break;
	case FT_NUM:
		if (parse_num(buf, &n->num))
			break;
		for (unsigned v = 0; def->value_name && v <= def->names_max; v++) {
			const char *name = def->value_name(v);
			if (name && g_ascii_strcasecmp(name, buf) == 0) {
				n->num = v;
				goto named;
			}
		}
		return fail(p, "%s needs a number%s, not \"%s\"", w,
			def->value_name ? " or a name" : "", buf);
	named:
		break;
	}
	next_token(p);
	return i;
}

static int parse_or(struct df_parser *p);

static int
parse_unary(struct df_parser *p)
{
	if (p->failed)
		return -1;
	if (++p->depth > DF_MAX_DEPTH)
		return fail(p, "nested deeper than %d", DF_MAX_DEPTH);
	int r = -1;
	char buf[128];
	tok_str(p, buf, sizeof(buf));
	if (!p->len) {
		r = fail(p, "the expression ends where a term was expected");
	} else if (tok_is(p, "not") || tok_is(p, "!")) {
		next_token(p);
		int a = parse_unary(p);
		r = a < 0 ? -1 : new_node(p, DF_NOT);
		if (r >= 0)
			p->f->nodes[r].a = a;
	} else if (tok_is(p, "inner") || tok_is(p, "outer")) {
		bool inner = tok_is(p, "inner");
		next_token(p);
		int a = parse_unary(p);
		r = a < 0 ? -1 : new_node(p, DF_LEVEL);
		if (r >= 0) {
			p->f->nodes[r].a = a;
			p->f->nodes[r].level = inner ? DF_INNER : DF_OUTER;
		}
	} else if (tok_is(p, "(")) {
		next_token(p);
		r = parse_or(p);
		if (r >= 0 && !tok_is(p, ")"))
			r = fail(p, "a ) is missing");
		next_token(p);
	} else if (tok_is(p, "host") || tok_is(p, "net")) {
		bool net = tok_is(p, "net");
		next_token(p);
		tok_str(p, buf, sizeof(buf));
		struct df_node tmp = { 0 };
		if (!p->len || !parse_addr(buf, net, &tmp))
			r = fail(p, net ? "net needs ADDRESS/LENGTH" : "host needs an address");
		else if ((r = new_node(p, net ? DF_NET : DF_HOST)) >= 0) {
			tmp.kind = p->f->nodes[r].kind;
			tmp.a = tmp.b = -1;
			p->f->nodes[r] = tmp;
			next_token(p);
		}
	} else if (tok_is(p, "port")) {
		r = prim_number(p, DF_PORT, "port", 65535);
	} else if (tok_is(p, "vlan")) {
		r = prim_number(p, DF_VLAN, "vlan", 4095);
	} else if (tok_is(p, "spi")) {
		r = prim_number(p, DF_SPI, "spi", UINT64_MAX);
	} else if (tok_is(p, "vni")) {
		r = prim_number(p, DF_VNI, "vni", 0xFFFFFF);
	} else if (tok_is(p, "proto")) {
		next_token(p);
		tok_str(p, buf, sizeof(buf));
		int proto = p->len ? proto_by_name(buf) : -1;
		if (proto < 0)
			r = fail(p, "proto needs a layer name (bgp, esp, geneve...)");
		else if ((r = new_node(p, DF_PROTO)) >= 0) {
			p->f->nodes[r].proto = (uint16_t)proto;
			next_token(p);
		}
	} else if (strchr(buf, '.') && buf[0] >= 'a' && buf[0] <= 'z') {
		r = prim_field(p, buf);
	} else if (proto_by_name(buf) >= 0) {
		/* a bare layer name, as tshark's filters have it */
		if ((r = new_node(p, DF_PROTO)) >= 0) {
			p->f->nodes[r].proto = (uint16_t)proto_by_name(buf);
			next_token(p);
		}
	} else {
		r = fail(p, "unknown term \"%s\"", buf);
	}
	p->depth--;
	return p->failed ? -1 : r;
}

static int
parse_and(struct df_parser *p)
{
	int l = parse_unary(p);
	while (l >= 0 && (tok_is(p, "and") || tok_is(p, "&&"))) {
		next_token(p);
		int r = parse_unary(p);
		int n = r < 0 ? -1 : new_node(p, DF_AND);
		if (n >= 0) {
			p->f->nodes[n].a = l;
			p->f->nodes[n].b = r;
		}
		l = n;
	}
	return l;
}

static int
parse_or(struct df_parser *p)
{
	int l = parse_and(p);
	while (l >= 0 && (tok_is(p, "or") || tok_is(p, "||"))) {
		next_token(p);
		int r = parse_and(p);
		int n = r < 0 ? -1 : new_node(p, DF_OR);
		if (n >= 0) {
			p->f->nodes[n].a = l;
			p->f->nodes[n].b = r;
		}
		l = n;
	}
	return l;
}

struct dec_dfilter *
dec_dfilter_compile(const char *expr, unsigned *column, GError **error)
{
	struct dec_dfilter *f = g_new0(struct dec_dfilter, 1);
	struct df_parser p = { .s = expr, .f = f, .error = error, .column = column };
	next_token(&p);
	f->root = parse_or(&p);
	if (f->root >= 0 && p.len) {
		char buf[64];
		fail(&p, "unexpected \"%s\" (and, or, or the end expected)",
			tok_str(&p, buf, sizeof(buf)));
	}
	if (p.failed || f->root < 0) {
		if (!p.failed)
			fail(&p, "not an expression");
		g_free(f);
		return NULL;
	}
	return f;
}

void
dec_dfilter_free(struct dec_dfilter *f)
{
	g_free(f);
}

/* ---- matching ---- */

static bool
prefix_match(const uint8_t *a, const uint8_t *b, unsigned plen)
{
	unsigned bytes = plen / 8, bits = plen % 8;
	if (memcmp(a, b, bytes) != 0)
		return false;
	if (!bits)
		return true;
	uint8_t mask = (uint8_t)(0xFF << (8 - bits));
	return (a[bytes] & mask) == (b[bytes] & mask);
}

/* The addresses of IP layer l, or false when it is not one of n's family */
static bool
ip_addrs(const struct dec_layer *l, unsigned family, const uint8_t **src, const uint8_t **dst)
{
	if (l->proto == DEC_P_IPV4 && family == 4) {
		*src = l->u.ipv4.src;
		*dst = l->u.ipv4.dst;
		return true;
	}
	if (l->proto == DEC_P_IPV6 && family == 6) {
		*src = l->u.ipv6.src;
		*dst = l->u.ipv6.dst;
		return true;
	}
	return false;
}

static bool
cmp(enum df_op op, uint64_t v, uint64_t want)
{
	switch (op) {
	case DF_EQ: return v == want;
	case DF_NE: return v != want;
	case DF_LT: return v < want;
	case DF_GT: return v > want;
	case DF_LE: return v <= want;
	case DF_GE: return v >= want;
	case DF_HAS: return (v & want) == want;
	}
	return false;
}

static uint64_t
be64(const uint8_t *b)
{
	uint64_t v = 0;
	for (int k = 0; k < 8; k++)
		v = v << 8 | b[k];
	return v;
}

/* One layer against a field comparison (n->proto already matched). */
static bool
field_match(const struct df_node *n, const struct dec_layer *l)
{
	enum df_op op = n->op;
	const union dec_layer_u *u = &l->u;
	bool v4 = l->proto == DEC_P_IPV4;
	switch ((enum df_field)n->field) {
	case F_IP_SRC:
	case F_IP_DST: {
		const uint8_t *s, *d;
		if (!ip_addrs(l, n->family, &s, &d))
			return op == DF_NE;
		bool eq = memcmp(n->field == F_IP_SRC ? s : d, n->addr, n->family == 4 ? 4 : 16) == 0;
		return op == DF_EQ ? eq : !eq;
	}
	case F_IP_TTL: return cmp(op, v4 ? u->ipv4.ttl : u->ipv6.hlim, n->num);
	case F_IP_PROTO: return cmp(op, v4 ? u->ipv4.proto : u->ipv6.proto, n->num);
	case F_IP_LEN: return cmp(op, v4 ? u->ipv4.totlen : u->ipv6.plen, n->num);
	case F_SPORT: return cmp(op, l->proto == DEC_P_UDP ? u->udp.sport : u->tcp.sport, n->num);
	case F_DPORT: return cmp(op, l->proto == DEC_P_UDP ? u->udp.dport : u->tcp.dport, n->num);
	case F_L4_LEN: return cmp(op, l->proto == DEC_P_UDP ? u->udp.len : u->tcp.plen, n->num);
	case F_TCP_FLAGS: return cmp(op, u->tcp.flags, n->num);
	case F_TCP_SEQ: return cmp(op, u->tcp.seq, n->num);
	case F_TCP_ACK: return cmp(op, u->tcp.ack, n->num);
	case F_TCP_WIN: return cmp(op, u->tcp.win, n->num);
	case F_ICMP_TYPE: return cmp(op, u->icmp.type, n->num);
	case F_ICMP_CODE: return cmp(op, u->icmp.code, n->num);
	case F_DNS_ID: return cmp(op, u->dns.id, n->num);
	case F_DNS_QR: return cmp(op, (u->dns.flags & DEC_DNS_F_QR) != 0, n->num);
	case F_DNS_OPCODE: return cmp(op, u->dns.flags >> 11 & 0xF, n->num);
	case F_DNS_RCODE: return cmp(op, dec_dns_rcode(&u->dns), n->num);
	case F_DNS_QDCOUNT: return cmp(op, u->dns.qdcount, n->num);
	case F_DNS_ANCOUNT: return cmp(op, u->dns.ancount, n->num);
	case F_BGP_TYPE:
		/* a segment may carry several messages: any of them */
		for (const struct dec_bgp_msg *m = u->bgp.msgs; m; m = m->next)
			if (cmp(op, m->type, n->num))
				return true;
		return false;
	case F_ESP_SPI: return cmp(op, u->esp.spi, n->num);
	case F_ESP_SEQ: return cmp(op, u->esp.seq, n->num);
	case F_IKE_ISPI: return cmp(op, be64(u->ike.ispi), n->num);
	case F_IKE_RSPI: return cmp(op, be64(u->ike.rspi), n->num);
	case F_IKE_EXCHANGE: return cmp(op, u->ike.exchange, n->num);
	case F_IKE_MSGID: return cmp(op, u->ike.msgid, n->num);
	case F_VNI:
		return cmp(op, l->proto == DEC_P_GENEVE ? u->geneve.vni : u->vxlan.vni, n->num);
	case F_VLAN_VID: return cmp(op, u->vlan.vid, n->num);
	case F_VLAN_PCP: return cmp(op, u->vlan.pcp, n->num);
	}
	return false;
}

/* Whether primitive n holds for layer l. */
static bool
prim_match(const struct df_node *n, const struct dec_layer *l)
{
	const uint8_t *s, *d;
	switch ((enum df_kind)n->kind) {
	case DF_HOST:
	case DF_NET:
		if (!ip_addrs(l, n->family, &s, &d))
			return false;
		return prefix_match(s, n->addr, n->plen) || prefix_match(d, n->addr, n->plen);
	case DF_PORT:
		if (l->proto == DEC_P_UDP)
			return l->u.udp.sport == n->num || l->u.udp.dport == n->num;
		if (l->proto == DEC_P_TCP)
			return l->u.tcp.sport == n->num || l->u.tcp.dport == n->num;
		return false;
	case DF_PROTO: return l->proto == n->proto;
	case DF_VLAN: return l->proto == DEC_P_VLAN && l->u.vlan.vid == n->num;
	case DF_SPI:
		if (l->proto == DEC_P_ESP)
			return l->u.esp.spi == n->num;
		if (l->proto == DEC_P_IKE)
			return be64(l->u.ike.ispi) == n->num || be64(l->u.ike.rspi) == n->num;
		return false;
	case DF_VNI:
		if (l->proto == DEC_P_GENEVE)
			return l->u.geneve.vni == n->num;
		if (l->proto == DEC_P_VXLAN)
			return l->u.vxlan.vni == n->num;
		return false;
	case DF_FIELD:
		/* a truncated header's fields are not data (ports of an ICMP quote are) */
		return l->proto == n->proto &&
			(!l->truncated || l->proto == DEC_P_TCP || l->proto == DEC_P_UDP) &&
			field_match(n, l);
	default: return false;
	}
}

static bool
eval(const struct dec_dfilter *f, int i, const struct dec *d, unsigned lo, unsigned hi)
{
	const struct df_node *n = &f->nodes[i];
	switch ((enum df_kind)n->kind) {
	case DF_AND: return eval(f, n->a, d, lo, hi) && eval(f, n->b, d, lo, hi);
	case DF_OR: return eval(f, n->a, d, lo, hi) || eval(f, n->b, d, lo, hi);
	case DF_NOT: return !eval(f, n->a, d, lo, hi);
	case DF_LEVEL: {
		if (n->level == DF_OUTER)
			return eval(f, n->a, d, 0, 0);
		unsigned inner = 0;
		for (unsigned k = 0; k < d->nlayers; k++)
			if (d->layers[k].tunnel > inner)
				inner = d->layers[k].tunnel;
		return inner > 0 && eval(f, n->a, d, inner, inner);
	}
	default:
		for (unsigned k = 0; k < d->nlayers; k++) {
			const struct dec_layer *l = &d->layers[k];
			if (l->tunnel >= lo && l->tunnel <= hi && prim_match(n, l))
				return true;
		}
		return false;
	}
}

bool
dec_dfilter_match(const struct dec_dfilter *f, const struct dec *d)
{
	return eval(f, f->root, d, 0, UINT_MAX);
}
