/* model.c - the model's address helpers, stable names and linear lookups (model.h); no
 * JSON here: loading is load.c and its per-service load_*.c.
 */
#include "model/model.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* ---- addresses -------------------------------------------------------------------- */

gboolean
model_addr_parse(const char *s, struct model_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (!s)
		return FALSE;
	struct in_addr v4;
	if (inet_pton(AF_INET, s, &v4) == 1) {
		a->af = MODEL_AF_INET;
		a->a.v4 = ntohl(v4.s_addr);
		return TRUE;
	}
	if (inet_pton(AF_INET6, s, a->a.v6) == 1) {
		a->af = MODEL_AF_INET6;
		return TRUE;
	}
	memset(a, 0, sizeof(*a));
	return FALSE;
}

static void
prefix_mask(struct model_prefix *p)
{
	if (p->af == MODEL_AF_INET) {
		p->a.v4 = p->len ? p->a.v4 & (0xffffffffu << (32 - p->len)) : 0;
		return;
	}
	for (unsigned i = 0; i < 16; i++) {
		unsigned keep = p->len > i * 8 ? p->len - i * 8 : 0;
		if (keep >= 8)
			continue;
		p->a.v6[i] &= (uint8_t)(0xff00u >> keep);
	}
}

gboolean
model_prefix_parse(const char *s, struct model_prefix *p)
{
	memset(p, 0, sizeof(*p));
	if (!s)
		return FALSE;
	const char *slash = strchr(s, '/');
	if (!slash || slash == s || slash - s >= MODEL_PREFIX_STRLEN)
		return FALSE;
	char host[MODEL_PREFIX_STRLEN];
	memcpy(host, s, (size_t)(slash - s));
	host[slash - s] = '\0';
	struct model_addr a;
	if (!model_addr_parse(host, &a))
		return FALSE;
	const char *d = slash + 1;
	if (!g_ascii_isdigit(*d))
		return FALSE;
	char *end;
	errno = 0;
	unsigned long len = strtoul(d, &end, 10);
	unsigned max = a.af == MODEL_AF_INET ? 32 : 128;
	if (errno || *end || len > max || end - d > 3)
		return FALSE;
	p->af = a.af;
	p->len = (uint8_t)len;
	memcpy(&p->a, &a.a, sizeof(p->a));
	prefix_mask(p);
	return TRUE;
}

char *
model_addr_format(const struct model_addr *a, char *buf)
{
	if (a->af == MODEL_AF_INET) {
		uint32_t v = a->a.v4;
		snprintf(buf, MODEL_PREFIX_STRLEN, "%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff,
			(v >> 8) & 0xff, v & 0xff);
	} else if (a->af == MODEL_AF_INET6) {
		if (!inet_ntop(AF_INET6, a->a.v6, buf, MODEL_PREFIX_STRLEN))
			strcpy(buf, "?");
	} else {
		strcpy(buf, "-");
	}
	return buf;
}

char *
model_prefix_format(const struct model_prefix *p, char *buf)
{
	if (p->af == MODEL_AF_NONE) {
		strcpy(buf, "-");
		return buf;
	}
	struct model_addr a = { .af = p->af };
	memcpy(&a.a, &p->a, sizeof(a.a));
	model_addr_format(&a, buf);
	size_t n = strlen(buf);
	snprintf(buf + n, MODEL_PREFIX_STRLEN - n, "/%u", p->len);
	return buf;
}

bool
model_prefix_contains(const struct model_prefix *p, const struct model_addr *a)
{
	if (p->af == MODEL_AF_NONE || p->af != a->af)
		return false;
	if (p->af == MODEL_AF_INET) {
		uint32_t mask = p->len ? 0xffffffffu << (32 - p->len) : 0;
		return (a->a.v4 & mask) == p->a.v4;
	}
	unsigned full = p->len / 8, rest = p->len % 8;
	if (memcmp(p->a.v6, a->a.v6, full) != 0)
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff00u >> rest);
	return (a->a.v6[full] & mask) == p->a.v6[full];
}

bool
model_prefix_covers(const struct model_prefix *outer, const struct model_prefix *inner)
{
	if (outer->af != inner->af || inner->len < outer->len)
		return false;
	struct model_addr a = { .af = inner->af };
	memcpy(&a.a, &inner->a, sizeof(a.a));
	return model_prefix_contains(outer, &a);
}

int
model_prefix_cmp(const struct model_prefix *a, const struct model_prefix *b)
{
	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	int c = 0;
	if (a->af == MODEL_AF_INET)
		c = a->a.v4 < b->a.v4 ? -1 : a->a.v4 > b->a.v4;
	else if (a->af == MODEL_AF_INET6)
		c = memcmp(a->a.v6, b->a.v6, 16);
	if (c)
		return c < 0 ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* ---- names ------------------------------------------------------------------------ */

static const char *const kind_names[MODEL_N_KINDS] = {
	[MODEL_VPC] = "vpc",
	[MODEL_SUBNET] = "subnet",
	[MODEL_RTB] = "route-table",
	[MODEL_NACL] = "network-acl",
	[MODEL_SG] = "security-group",
	[MODEL_ENI] = "eni",
	[MODEL_IGW] = "igw",
	[MODEL_EIGW] = "eigw",
	[MODEL_NATGW] = "nat-gateway",
	[MODEL_PCX] = "vpc-peering",
	[MODEL_VPCE] = "vpc-endpoint",
	[MODEL_PL] = "prefix-list",
	[MODEL_TGW] = "transit-gateway",
	[MODEL_TGW_ATTACH] = "tgw-attachment",
	[MODEL_TGW_RTB] = "tgw-route-table",
	[MODEL_VPN] = "vpn-connection",
	[MODEL_VGW] = "vgw",
	[MODEL_CGW] = "customer-gateway",
	[MODEL_DXCON] = "dx-connection",
	[MODEL_DXVIF] = "dx-vif",
	[MODEL_DXGW] = "dx-gateway",
	[MODEL_DXGW_ASSOC] = "dx-gateway-association",
	[MODEL_LB] = "load-balancer",
	[MODEL_TG] = "target-group",
	[MODEL_ONPREM] = "on-premises",
};

const char *
model_kind_name(enum model_kind k)
{
	return (unsigned)k < MODEL_N_KINDS ? kind_names[k] : "?";
}

const char *
model_target_kind_name(enum model_target_kind k)
{
	static const char *const names[] = {
		[MODEL_TGT_LOCAL] = "local",
		[MODEL_TGT_IGW] = "igw",
		[MODEL_TGT_EIGW] = "eigw",
		[MODEL_TGT_NAT] = "nat",
		[MODEL_TGT_TGW] = "tgw",
		[MODEL_TGT_VGW] = "vgw",
		[MODEL_TGT_PCX] = "pcx",
		[MODEL_TGT_VPCE_GATEWAY] = "vpce-gateway",
		[MODEL_TGT_VPCE_GWLB] = "vpce-gwlb",
		[MODEL_TGT_VPCE_INTERFACE] = "vpce-interface",
		[MODEL_TGT_ENI] = "eni",
		[MODEL_TGT_INSTANCE] = "instance",
		[MODEL_TGT_BLACKHOLE] = "blackhole",
		[MODEL_TGT_OTHER] = "other",
	};
	return (unsigned)k < G_N_ELEMENTS(names) ? names[k] : "?";
}

const char *
model_tgw_res_name(enum model_tgw_res r)
{
	static const char *const names[] = {
		[MODEL_TGW_RES_VPC] = "vpc",
		[MODEL_TGW_RES_VPN] = "vpn",
		[MODEL_TGW_RES_DXGW] = "direct-connect-gateway",
		[MODEL_TGW_RES_CONNECT] = "connect",
		[MODEL_TGW_RES_PEERING] = "peering",
		[MODEL_TGW_RES_NETWORK_FUNCTION] = "network-function",
		[MODEL_TGW_RES_OTHER] = "other",
	};
	return (unsigned)r < G_N_ELEMENTS(names) ? names[r] : "?";
}

/* ---- lookups ------------------------------------------------------------------------ */

struct model_obj *
model_find_id(const struct model *m, const char *id)
{
	return id ? g_hash_table_lookup(m->by_id, id) : NULL;
}

struct model_obj *
model_find(const struct model *m, enum model_kind kind, const char *id)
{
	struct model_obj *o = model_find_id(m, id);
	return o && o->kind == kind ? o : NULL;
}

struct model_rtb *
model_subnet_route_table(const struct model_subnet *s)
{
	return s->rtb ? s->rtb : s->vpc->main_rtb;
}

struct model_nacl *
model_subnet_nacl(const struct model_subnet *s)
{
	return s->nacl ? s->nacl : s->vpc->default_nacl;
}

static bool
vpc_contains(const struct model_vpc *v, const struct model_addr *a)
{
	GArray *cidrs = a->af == MODEL_AF_INET ? v->cidr4 : v->cidr6;
	for (guint i = 0; i < cidrs->len; i++)
		if (model_prefix_contains(&g_array_index(cidrs, struct model_prefix, i), a))
			return true;
	return false;
}

struct model_vpc *
model_vpc_of_addr(const struct model *m, const struct model_addr *a)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPC); i++) {
		struct model_vpc *v = MODEL_GET(m, MODEL_VPC, struct model_vpc, i);
		if (vpc_contains(v, a))
			return v;
	}
	return NULL;
}

struct model_subnet *
model_find_subnet_by_addr(const struct model *m, const struct model_vpc *vpc,
	const struct model_addr *a)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_SUBNET); i++) {
		struct model_subnet *s = MODEL_GET(m, MODEL_SUBNET, struct model_subnet, i);
		if (vpc && s->vpc != vpc)
			continue;
		if (model_prefix_contains(&s->cidr4, a) || model_prefix_contains(&s->cidr6, a))
			return s;
	}
	return NULL;
}

static bool
addr_eq(const struct model_addr *x, const struct model_addr *y)
{
	if (x->af != y->af || x->af == MODEL_AF_NONE)
		return false;
	return x->af == MODEL_AF_INET ? x->a.v4 == y->a.v4 : !memcmp(x->a.v6, y->a.v6, 16);
}

struct model_eni *
model_find_eni_by_addr(const struct model *m, const struct model_vpc *vpc,
	const struct model_addr *a)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ENI); i++) {
		struct model_eni *e = MODEL_GET(m, MODEL_ENI, struct model_eni, i);
		if (vpc && e->vpc != vpc)
			continue;
		for (size_t j = 0; j < e->n_ips; j++)
			if (addr_eq(&e->ips[j].priv, a))
				return e;
	}
	return NULL;
}

struct model_eni *
model_find_eni_by_public(const struct model *m, const struct model_addr *a,
	const struct model_eni_ip **ip)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ENI); i++) {
		struct model_eni *e = MODEL_GET(m, MODEL_ENI, struct model_eni, i);
		for (size_t j = 0; j < e->n_ips; j++)
			if (addr_eq(&e->ips[j].pub, a)) {
				if (ip)
					*ip = &e->ips[j];
				return e;
			}
	}
	if (ip)
		*ip = NULL;
	return NULL;
}

struct model_eni *
model_find_eni_by_mac(const struct model *m, const uint8_t mac[6])
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ENI); i++) {
		struct model_eni *e = MODEL_GET(m, MODEL_ENI, struct model_eni, i);
		if (e->has_mac && !memcmp(e->mac, mac, 6))
			return e;
	}
	return NULL;
}

struct model_vpce *
model_find_vpce_by_geneve(const struct model *m, uint64_t id)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPCE); i++) {
		struct model_vpce *e = MODEL_GET(m, MODEL_VPCE, struct model_vpce, i);
		if (e->type == MODEL_VPCE_GWLB && e->geneve_id == id)
			return e;
	}
	return NULL;
}

struct model_tgw_attach *
model_tgw_attachment_for(const struct model_tgw *tgw, const char *res_id)
{
	for (guint i = 0; i < tgw->attachments->len; i++) {
		struct model_tgw_attach *a = g_ptr_array_index(tgw->attachments, i);
		if (a->res_id && !strcmp(a->res_id, res_id))
			return a;
	}
	return NULL;
}

static bool
same_addr(const struct model_addr *x, const struct model_addr *y)
{
	if (x->af != y->af || x->af == MODEL_AF_NONE)
		return false;
	return x->af == MODEL_AF_INET ? x->a.v4 == y->a.v4 : !memcmp(x->a.v6, y->a.v6, 16);
}

/* Calls fn on each live Connect peer of tgw (NULL: every TGW) until it returns true. */
static const struct model_tgw_connect_peer *
connect_peer_find(const struct model *m, const struct model_tgw *tgw,
	bool (*fn)(const struct model_tgw_connect_peer *, const struct model_addr *,
		const struct model_addr *),
	const struct model_addr *x, const struct model_addr *y)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW_ATTACH); i++) {
		const struct model_tgw_attach *a =
			MODEL_GET(m, MODEL_TGW_ATTACH, struct model_tgw_attach, i);
		if (!a->connect_peers || (tgw && a->tgw != tgw))
			continue;
		for (guint k = 0; k < a->connect_peers->len; k++) {
			const struct model_tgw_connect_peer *p =
				g_ptr_array_index(a->connect_peers, k);
			/* EC2 API Reference, TransitGatewayConnectPeer: State pending, available,
			 * deleting, deleted; a deleted peer stays listed for a while but has no
			 * tunnel, and its addresses may be another peer's now */
			if (p->state && !strcmp(p->state, "deleted"))
				continue;
			if (fn(p, x, y))
				return p;
		}
	}
	return NULL;
}

static bool
gre_match(const struct model_tgw_connect_peer *p, const struct model_addr *a,
	const struct model_addr *b)
{
	return (same_addr(&p->tgw_addr, a) && same_addr(&p->peer_addr, b)) ||
	       (same_addr(&p->tgw_addr, b) && same_addr(&p->peer_addr, a));
}

static bool
inside_match(const struct model_tgw_connect_peer *p, const struct model_addr *x,
	const struct model_addr *y)
{
	for (size_t k = 0; k < p->n_bgp; k++) {
		const struct model_tgw_connect_bgp *b = &p->bgp[k];
		if ((same_addr(&b->tgw_addr, x) && same_addr(&b->peer_addr, y)) ||
			(same_addr(&b->tgw_addr, y) && same_addr(&b->peer_addr, x)))
			return true;
	}
	for (guint k = 0; p->inside && k < p->inside->len; k++) {
		const struct model_prefix *c = &g_array_index(p->inside, struct model_prefix, k);
		if (model_prefix_contains(c, x) && model_prefix_contains(c, y))
			return true;
	}
	return false;
}

const struct model_tgw_connect_peer *
model_find_connect_peer_by_gre(
	const struct model *m, const struct model_addr *a, const struct model_addr *b)
{
	return connect_peer_find(m, NULL, gre_match, a, b);
}

const struct model_tgw_connect_peer *
model_find_connect_peer_by_inside(const struct model *m, const struct model_tgw *tgw,
	const struct model_addr *x, const struct model_addr *y)
{
	return connect_peer_find(m, tgw, inside_match, x, y);
}

unsigned
model_tgw_connect_count(const struct model_tgw *tgw)
{
	unsigned n = 0;
	for (guint i = 0; tgw->attachments && i < tgw->attachments->len; i++) {
		const struct model_tgw_attach *a = g_ptr_array_index(tgw->attachments, i);
		n += a->res_type == MODEL_TGW_RES_CONNECT;
	}
	return n;
}

struct model_onprem *
model_find_onprem(const struct model *m, const struct model_addr *a)
{
	struct model_onprem *best = NULL;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		struct model_onprem *n = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		if (model_prefix_contains(&n->cidr, a) && (!best || n->cidr.len > best->cidr.len))
			best = n;
	}
	return best;
}

bool
model_vpc_resolver(const struct model_vpc *vpc, struct model_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (!vpc->cidr4->len)
		return false;
	out->af = MODEL_AF_INET;
	out->a.v4 = g_array_index(vpc->cidr4, struct model_prefix, 0).a.v4 + 2;
	return true;
}
