/* load.c - reads an AWS-CLI snapshot directory (DESIGN.md "Topology") into struct model,
 * resolving every cross reference; also the address helpers and linear lookups of model.h.
 *
 * Loading runs in dependency order: prefix lists, VPCs, subnets, gateways, security
 * groups, NACLs, transit gateways and their route tables (shells), peerings, Direct
 * Connect, VPN connections, TGW attachments, ENIs, NAT gateways, route-table shells,
 * endpoints, load balancers, then the route tables' routes and associations, the TGW
 * routes/associations/propagations and awstrace.json. A reference is resolved when read,
 * so it must name an object of an earlier step (or of the same file's first pass). Every
 * error names the file, the JSON path and the id; the first error stops the load.
 */
#include "model/model.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

G_DEFINE_QUARK(awstrace-model-error-quark, model_error)

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

/* ---- freeing ---------------------------------------------------------------------- */

static void
arr_free(GArray *a)
{
	if (a)
		g_array_free(a, TRUE);
}

static void
ptrs_free(GPtrArray *a)
{
	if (a)
		g_ptr_array_free(a, TRUE);
}

static void
sg_rules_free(struct model_sg_rule *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		arr_free(r[i].cidrs);
		ptrs_free(r[i].groups);
		ptrs_free(r[i].group_ids);
		ptrs_free(r[i].pls);
	}
	g_free(r);
}

static void
obj_free(gpointer p)
{
	struct model_obj *o = p;
	switch (o->kind) {
	case MODEL_VPC: {
		struct model_vpc *v = p;
		arr_free(v->cidr4);
		arr_free(v->cidr6);
		ptrs_free(v->subnets);
		break;
	}
	case MODEL_SUBNET: {
		struct model_subnet *s = p;
		g_free(s->az);
		g_free(s->az_id);
		break;
	}
	case MODEL_RTB: {
		struct model_rtb *r = p;
		for (size_t i = 0; i < r->n_routes; i++) {
			g_free(r->routes[i].target_id);
			g_free(r->routes[i].instance_id);
		}
		g_free(r->routes);
		ptrs_free(r->subnets);
		ptrs_free(r->edge_gateways);
		ptrs_free(r->propagating_vgws);
		break;
	}
	case MODEL_NACL: {
		struct model_nacl *n = p;
		g_free(n->ingress);
		g_free(n->egress);
		ptrs_free(n->subnets);
		break;
	}
	case MODEL_SG: {
		struct model_sg *s = p;
		g_free(s->description);
		sg_rules_free(s->ingress, s->n_ingress);
		sg_rules_free(s->egress, s->n_egress);
		break;
	}
	case MODEL_ENI: {
		struct model_eni *e = p;
		g_free(e->interface_type);
		g_free(e->description);
		g_free(e->ips);
		ptrs_free(e->sgs);
		g_free(e->instance_id);
		break;
	}
	case MODEL_NATGW:
		g_free(((struct model_natgw *)p)->state);
		break;
	case MODEL_PCX: {
		struct model_pcx *x = p;
		struct model_pcx_side *sides[] = { &x->requester, &x->accepter };
		for (unsigned i = 0; i < 2; i++) {
			g_free(sides[i]->vpc_id);
			g_free(sides[i]->owner_id);
			g_free(sides[i]->region);
			arr_free(sides[i]->cidr4);
			arr_free(sides[i]->cidr6);
		}
		g_free(x->status);
		break;
	}
	case MODEL_VPCE: {
		struct model_vpce *e = p;
		g_free(e->service_name);
		g_free(e->state);
		ptrs_free(e->rtbs);
		ptrs_free(e->subnets);
		ptrs_free(e->enis);
		ptrs_free(e->sgs);
		break;
	}
	case MODEL_PL:
		arr_free(((struct model_pl *)p)->cidrs);
		break;
	case MODEL_TGW: {
		struct model_tgw *t = p;
		g_free(t->state);
		arr_free(t->cidr_blocks);
		ptrs_free(t->attachments);
		ptrs_free(t->rtbs);
		break;
	}
	case MODEL_TGW_ATTACH: {
		struct model_tgw_attach *a = p;
		g_free(a->res_id);
		g_free(a->state);
		ptrs_free(a->propagates_to);
		ptrs_free(a->subnets);
		break;
	}
	case MODEL_TGW_RTB: {
		struct model_tgw_rtb *r = p;
		for (size_t i = 0; i < r->n_routes; i++)
			ptrs_free(r->routes[i].attachments);
		g_free(r->routes);
		ptrs_free(r->associations);
		ptrs_free(r->propagations);
		break;
	}
	case MODEL_VPN: {
		struct model_vpn *v = p;
		g_free(v->state);
		g_free(v->routes);
		g_free(v->tunnels);
		break;
	}
	case MODEL_VGW: {
		struct model_vgw *v = p;
		g_free(v->state);
		ptrs_free(v->vpcs);
		break;
	}
	case MODEL_CGW:
		g_free(((struct model_cgw *)p)->state);
		break;
	case MODEL_DXCON: {
		struct model_dxcon *c = p;
		g_free(c->bandwidth);
		g_free(c->location);
		g_free(c->state);
		g_free(c->encryption_mode);
		break;
	}
	case MODEL_DXVIF: {
		struct model_dxvif *v = p;
		g_free(v->state);
		for (size_t i = 0; i < v->n_peers; i++) {
			g_free(v->peers[i].id);
			g_free(v->peers[i].state);
		}
		g_free(v->peers);
		arr_free(v->route_filter);
		break;
	}
	case MODEL_DXGW: {
		struct model_dxgw *d = p;
		g_free(d->state);
		ptrs_free(d->vifs);
		ptrs_free(d->assocs);
		break;
	}
	case MODEL_DXGW_ASSOC: {
		struct model_dxgw_assoc *a = p;
		g_free(a->gateway_id);
		g_free(a->gateway_type);
		arr_free(a->allowed);
		g_free(a->state);
		break;
	}
	case MODEL_LB: {
		struct model_lb *l = p;
		g_free(l->type);
		g_free(l->scheme);
		g_free(l->state);
		ptrs_free(l->subnets);
		ptrs_free(l->tgs);
		break;
	}
	case MODEL_TG: {
		struct model_tg *t = p;
		g_free(t->protocol);
		g_free(t->target_type);
		ptrs_free(t->lbs);
		break;
	}
	case MODEL_ONPREM: {
		struct model_onprem *n = p;
		for (size_t i = 0; i < n->n_adv; i++)
			g_free(n->adv[i].id);
		g_free(n->adv);
		break;
	}
	case MODEL_IGW:
	case MODEL_EIGW:
	case MODEL_N_KINDS:
		break;
	}
	g_free(o->id);
	g_free(o->name);
	g_free(o->missing);
	g_free(o);
}

static void
warning_free(gpointer p)
{
	struct model_warning *w = p;
	g_free(w->file);
	g_free(w->path);
	g_free(w->what);
	g_free(w);
}

void
model_free(struct model *m)
{
	if (!m)
		return;
	if (m->by_id)
		g_hash_table_destroy(m->by_id);
	/* free in reverse kind order; objects only point at each other, so any order works */
	for (int k = MODEL_N_KINDS - 1; k >= 0; k--)
		ptrs_free(m->objs[k]);
	for (size_t i = 0; i < m->n_links; i++)
		g_free(m->links[i].id);
	g_free(m->links);
	for (size_t i = 0; i < m->n_vantages; i++) {
		g_free(m->vantages[i].name);
		g_free(m->vantages[i].where_id);
	}
	g_free(m->vantages);
	ptrs_free(m->warnings);
	ptrs_free(m->dirs);
	g_free(m->dir);
	g_free(m);
}

/* ---- the loader's state and JSON helpers -------------------------------------------- */

struct ld {
	struct model *m;
	GPtrArray *dirs;       /* char *: the snapshot directories, in the order given */
	const char *file;      /* the file being read, as named in messages */
	GString *path;         /* JSON path of the current element: "$.RouteTables[3]" */
	GPtrArray *keep;       /* JsonParser * kept alive while their arrays are read */
	GPtrArray *keep_ptrs;  /* GPtrArray * of struct src, freed at the end */
	GPtrArray *keep_arrs;  /* GArray * of struct src, freed at the end */
	GPtrArray *names;      /* char * file names of the sources */
	GError **error;
};

/* Where element i of a merged array came from: its file (with the page when the file holds
 * several) and its index there. */
struct origin {
	const char *file;
	guint idx;
};

/* A top-level array of one snapshot file, read from every directory and every page (JSON
 * document) of each: arr is NULL when no directory has the file. */
struct src {
	const char *file;      /* the first file found (or the name looked for) */
	const char *key;
	GPtrArray *elems;      /* JsonNode *: the elements, not owned (the parsers own them) */
	GArray *origins;       /* struct origin, one per element */
	GPtrArray *roots;      /* JsonObject *: every document's root object */
	GPtrArray *root_files; /* const char *: the file (and page) of each root */
};

G_GNUC_PRINTF(4, 5)
static bool
fail(struct ld *ld, int code, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(ld->error, MODEL_ERROR, code, "%s: %s%s%s: %s", ld->file, ld->path->str,
		key ? "." : "", key ? key : "", msg);
	g_free(msg);
	return false;
}

G_GNUC_PRINTF(3, 4)
G_GNUC_UNUSED static void
warn(struct ld *ld, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct model_warning *w = g_new0(struct model_warning, 1);
	w->what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	w->file = g_strdup(ld->file);
	w->path = g_strdup_printf("%s%s%s", ld->path->str, key ? "." : "", key ? key : "");
	g_ptr_array_add(ld->m->warnings, w);
}

static size_t
push_idx(struct ld *ld, const char *key, guint i)
{
	size_t mark = ld->path->len;
	g_string_append_printf(ld->path, ".%s[%u]", key, i);
	return mark;
}

static size_t
push_key(struct ld *ld, const char *key)
{
	size_t mark = ld->path->len;
	g_string_append_printf(ld->path, ".%s", key);
	return mark;
}

static void
pop(struct ld *ld, size_t mark)
{
	g_string_truncate(ld->path, mark);
}

static guint
src_len(const struct src *s)
{
	return s->elems ? s->elems->len : 0;
}

/* The member, or NULL when absent or JSON null. */
static JsonNode *
member(JsonObject *o, const char *key)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n && JSON_NODE_HOLDS_NULL(n))
		return NULL;
	return n;
}

static const char *
node_type(JsonNode *n)
{
	switch (JSON_NODE_TYPE(n)) {
	case JSON_NODE_OBJECT:
		return "an object";
	case JSON_NODE_ARRAY:
		return "an array";
	case JSON_NODE_NULL:
		return "null";
	case JSON_NODE_VALUE:
		break;
	}
	GType t = json_node_get_value_type(n);
	if (t == G_TYPE_STRING)
		return "a string";
	if (t == G_TYPE_BOOLEAN)
		return "a boolean";
	return "a number";
}

static bool
is_value(JsonNode *n, GType t)
{
	return JSON_NODE_TYPE(n) == JSON_NODE_VALUE && json_node_get_value_type(n) == t;
}

/* *out = the string member or NULL when absent; "" counts as absent when !keep_empty. */
static bool
get_str(struct ld *ld, JsonObject *o, const char *key, bool required, const char **out)
{
	*out = NULL;
	JsonNode *n = member(o, key);
	if (n && !is_value(n, G_TYPE_STRING))
		return fail(ld, MODEL_ERROR_TYPE, key, "expected a string, got %s", node_type(n));
	if (n)
		*out = json_node_get_string(n);
	if (*out && !**out)
		*out = NULL;
	if (!*out && required)
		return fail(ld, MODEL_ERROR_TYPE, key, "missing");
	return true;
}

static bool
get_strdup(struct ld *ld, JsonObject *o, const char *key, char **out)
{
	const char *s;
	if (!get_str(ld, o, key, false, &s))
		return false;
	*out = g_strdup(s);
	return true;
}

static bool
get_int(struct ld *ld, JsonObject *o, const char *key, gint64 dflt, gint64 *out)
{
	*out = dflt;
	JsonNode *n = member(o, key);
	if (!n)
		return true;
	if (!is_value(n, G_TYPE_INT64))
		return fail(ld, MODEL_ERROR_TYPE, key, "expected an integer, got %s", node_type(n));
	*out = json_node_get_int(n);
	return true;
}

static bool
get_double(struct ld *ld, JsonObject *o, const char *key, double *out)
{
	*out = 0;
	JsonNode *n = member(o, key);
	if (!n)
		return true;
	if (!is_value(n, G_TYPE_INT64) && !is_value(n, G_TYPE_DOUBLE))
		return fail(ld, MODEL_ERROR_TYPE, key, "expected a number, got %s", node_type(n));
	*out = json_node_get_double(n);
	return true;
}

static bool
get_bool(struct ld *ld, JsonObject *o, const char *key, bool dflt, bool *out)
{
	*out = dflt;
	JsonNode *n = member(o, key);
	if (!n)
		return true;
	if (!is_value(n, G_TYPE_BOOLEAN))
		return fail(ld, MODEL_ERROR_TYPE, key, "expected a boolean, got %s", node_type(n));
	*out = json_node_get_boolean(n);
	return true;
}

/* An ASN: a number, or a string of digits (describe-customer-gateways' BgpAsn). */
static bool
get_asn(struct ld *ld, JsonObject *o, const char *key, uint32_t *out)
{
	*out = 0;
	JsonNode *n = member(o, key);
	if (!n)
		return true;
	gint64 v = -1;
	if (is_value(n, G_TYPE_INT64)) {
		v = json_node_get_int(n);
	} else if (is_value(n, G_TYPE_STRING)) {
		const char *s = json_node_get_string(n);
		char *end;
		errno = 0;
		v = g_ascii_strtoll(s, &end, 10);
		if (errno || end == s || *end)
			v = -1;
	} else {
		return fail(ld, MODEL_ERROR_TYPE, key, "expected an ASN, got %s", node_type(n));
	}
	if (v < 0 || v > G_MAXUINT32)
		return fail(ld, MODEL_ERROR_VALUE, key, "not an ASN");
	*out = (uint32_t)v;
	return true;
}

static bool
get_arr(struct ld *ld, JsonObject *o, const char *key, JsonArray **out)
{
	*out = NULL;
	JsonNode *n = member(o, key);
	if (!n)
		return true;
	if (JSON_NODE_TYPE(n) != JSON_NODE_ARRAY)
		return fail(ld, MODEL_ERROR_TYPE, key, "expected an array, got %s", node_type(n));
	*out = json_node_get_array(n);
	return true;
}

static bool
get_obj(struct ld *ld, JsonObject *o, const char *key, JsonObject **out)
{
	*out = NULL;
	JsonNode *n = member(o, key);
	if (!n)
		return true;
	if (JSON_NODE_TYPE(n) != JSON_NODE_OBJECT)
		return fail(ld, MODEL_ERROR_TYPE, key, "expected an object, got %s", node_type(n));
	*out = json_node_get_object(n);
	return true;
}

static guint
alen(JsonArray *a)
{
	return a ? json_array_get_length(a) : 0;
}

/* Element i of a, which must be an object; the path already ends in [i]. */
static bool
elem_obj(struct ld *ld, JsonArray *a, guint i, JsonObject **out)
{
	JsonNode *n = json_array_get_element(a, i);
	if (JSON_NODE_TYPE(n) != JSON_NODE_OBJECT) {
		*out = NULL;
		return fail(ld, MODEL_ERROR_TYPE, NULL, "expected an object, got %s", node_type(n));
	}
	*out = json_node_get_object(n);
	return true;
}

/* Element i of a, which must be a string; the path already ends in [i]. */
static bool
elem_str(struct ld *ld, JsonArray *a, guint i, const char **out)
{
	JsonNode *n = json_array_get_element(a, i);
	if (!is_value(n, G_TYPE_STRING)) {
		*out = NULL;
		return fail(ld, MODEL_ERROR_TYPE, NULL, "expected a string, got %s", node_type(n));
	}
	*out = json_node_get_string(n);
	return true;
}

static bool
get_prefix(struct ld *ld, JsonObject *o, const char *key, bool required, struct model_prefix *p)
{
	const char *s;
	memset(p, 0, sizeof(*p));
	if (!get_str(ld, o, key, required, &s))
		return false;
	if (s && !model_prefix_parse(s, p))
		return fail(ld, MODEL_ERROR_VALUE, key, "not a CIDR: \"%s\"", s);
	return true;
}

/* "169.254.100.1/30": an address and its prefix length, not masked. */
static bool
get_ifaddr(struct ld *ld, JsonObject *o, const char *key, struct model_ifaddr *ia)
{
	const char *s;
	memset(ia, 0, sizeof(*ia));
	if (!get_str(ld, o, key, false, &s))
		return false;
	if (!s)
		return true;
	struct model_prefix p;
	const char *slash = strchr(s, '/');
	char host[MODEL_PREFIX_STRLEN];
	if (!model_prefix_parse(s, &p) || (size_t)(slash - s) >= sizeof(host))
		return fail(ld, MODEL_ERROR_VALUE, key, "not an address/length: \"%s\"", s);
	memcpy(host, s, (size_t)(slash - s));
	host[slash - s] = '\0';
	if (!model_addr_parse(host, &ia->addr))
		return fail(ld, MODEL_ERROR_VALUE, key, "not an address/length: \"%s\"", s);
	ia->len = p.len;
	return true;
}

static bool
get_addr(struct ld *ld, JsonObject *o, const char *key, bool required, struct model_addr *a)
{
	const char *s;
	memset(a, 0, sizeof(*a));
	if (!get_str(ld, o, key, required, &s))
		return false;
	if (s && !model_addr_parse(s, a))
		return fail(ld, MODEL_ERROR_VALUE, key, "not an IP address: \"%s\"", s);
	return true;
}

/* Appends the prefix of each element's member key (e.g. CidrBlockSet[].CidrBlock) to the
 * array of its family. */
static bool
get_prefix_list(struct ld *ld, JsonObject *o, const char *arrkey, const char *key,
	GArray *v4, GArray *v6)
{
	JsonArray *a;
	if (!get_arr(ld, o, arrkey, &a))
		return false;
	for (guint i = 0; i < alen(a); i++) {
		size_t mk = push_idx(ld, arrkey, i);
		JsonObject *e;
		struct model_prefix p;
		if (!elem_obj(ld, a, i, &e) || !get_prefix(ld, e, key, false, &p))
			return false;
		if (p.af == MODEL_AF_INET)
			g_array_append_val(v4, p);
		else if (p.af == MODEL_AF_INET6)
			g_array_append_val(v6 ? v6 : v4, p);
		pop(ld, mk);
	}
	return true;
}

static GArray *
prefixes_new(void)
{
	return g_array_new(FALSE, TRUE, sizeof(struct model_prefix));
}

/* The Value of the tag "Name" in Tags[] (or tags[] for Direct Connect), owned. */
static bool
get_name_tag(struct ld *ld, JsonObject *o, char **out)
{
	*out = NULL;
	const char *tk = json_object_has_member(o, "tags") ? "tags" : "Tags";
	JsonArray *a;
	if (!get_arr(ld, o, tk, &a))
		return false;
	bool lower = tk[0] == 't';
	for (guint i = 0; i < alen(a); i++) {
		size_t mk = push_idx(ld, tk, i);
		JsonObject *t;
		const char *k, *v;
		if (!elem_obj(ld, a, i, &t) || !get_str(ld, t, lower ? "key" : "Key", false, &k) ||
			!get_str(ld, t, lower ? "value" : "Value", false, &v))
			return false;
		if (k && v && !strcmp(k, "Name") && !*out)
			*out = g_strdup(v);
		pop(ld, mk);
	}
	return true;
}

/* ---- objects and references ------------------------------------------------------- */

/* A new object of kind with this id (from member key of o), registered; NULL on a
 * duplicate or missing id. */
static void *
obj_new(struct ld *ld, enum model_kind kind, size_t size, JsonObject *o, const char *key)
{
	const char *id;
	if (!get_str(ld, o, key, true, &id))
		return NULL;
	if (g_hash_table_contains(ld->m->by_id, id)) {
		fail(ld, MODEL_ERROR_VALUE, key, "duplicate id %s", id);
		return NULL;
	}
	struct model_obj *ob = g_malloc0(size);
	ob->kind = kind;
	ob->id = g_strdup(id);
	ob->idx = ld->m->objs[kind]->len;
	g_ptr_array_add(ld->m->objs[kind], ob);
	g_hash_table_insert(ld->m->by_id, ob->id, ob);
	if (!get_name_tag(ld, o, &ob->name))
		return NULL;
	return ob;
}

static const char *const kind_words[MODEL_N_KINDS] = {
	[MODEL_VPC] = "VPC",
	[MODEL_SUBNET] = "subnet",
	[MODEL_RTB] = "route table",
	[MODEL_NACL] = "network ACL",
	[MODEL_SG] = "security group",
	[MODEL_ENI] = "network interface",
	[MODEL_IGW] = "internet gateway",
	[MODEL_EIGW] = "egress-only internet gateway",
	[MODEL_NATGW] = "NAT gateway",
	[MODEL_PCX] = "VPC peering connection",
	[MODEL_VPCE] = "VPC endpoint",
	[MODEL_PL] = "prefix list",
	[MODEL_TGW] = "transit gateway",
	[MODEL_TGW_ATTACH] = "transit gateway attachment",
	[MODEL_TGW_RTB] = "transit gateway route table",
	[MODEL_VPN] = "VPN connection",
	[MODEL_VGW] = "virtual private gateway",
	[MODEL_CGW] = "customer gateway",
	[MODEL_DXCON] = "Direct Connect connection",
	[MODEL_DXVIF] = "virtual interface",
	[MODEL_DXGW] = "Direct Connect gateway",
	[MODEL_DXGW_ASSOC] = "Direct Connect gateway association",
	[MODEL_LB] = "load balancer",
	[MODEL_TG] = "target group",
	[MODEL_ONPREM] = "on-premises network",
};

/* Resolves id (from member key) to an object of kind; an unknown id is an error. */
static bool
ref_id(struct ld *ld, const char *key, enum model_kind kind, const char *id, void **out)
{
	*out = NULL;
	struct model_obj *o = g_hash_table_lookup(ld->m->by_id, id);
	if (!o)
		return fail(ld, MODEL_ERROR_REFERENCE, key, "unknown %s %s", kind_words[kind], id);
	if (o->kind != kind)
		return fail(ld, MODEL_ERROR_REFERENCE, key, "%s is a %s, not a %s", id,
			kind_words[o->kind], kind_words[kind]);
	*out = o;
	return true;
}

/* Resolves member key of o (absent → NULL unless required). */
static bool
ref(struct ld *ld, JsonObject *o, const char *key, enum model_kind kind, bool required,
	void **out)
{
	const char *id;
	*out = NULL;
	if (!get_str(ld, o, key, required, &id))
		return false;
	return !id || ref_id(ld, key, kind, id, out);
}

/* Appends the objects named by a string array (e.g. SubnetIds) to refs. */
static bool
ref_strings(struct ld *ld, JsonObject *o, const char *key, enum model_kind kind, GPtrArray *refs)
{
	JsonArray *a;
	if (!get_arr(ld, o, key, &a))
		return false;
	for (guint i = 0; i < alen(a); i++) {
		size_t mk = push_idx(ld, key, i);
		const char *id;
		void *p;
		if (!elem_str(ld, a, i, &id) || !ref_id(ld, NULL, kind, id, &p))
			return false;
		g_ptr_array_add(refs, p);
		pop(ld, mk);
	}
	return true;
}

/* Appends the objects named by an array of objects' member idkey (e.g. Groups[].GroupId). */
static bool
ref_objects(struct ld *ld, JsonObject *o, const char *key, const char *idkey,
	enum model_kind kind, GPtrArray *refs)
{
	JsonArray *a;
	if (!get_arr(ld, o, key, &a))
		return false;
	for (guint i = 0; i < alen(a); i++) {
		size_t mk = push_idx(ld, key, i);
		JsonObject *e;
		void *p;
		if (!elem_obj(ld, a, i, &e) || !ref(ld, e, idkey, kind, true, &p))
			return false;
		g_ptr_array_add(refs, p);
		pop(ld, mk);
	}
	return true;
}

static void
add_unique(GPtrArray *a, gpointer p)
{
	if (!g_ptr_array_find(a, p, NULL))
		g_ptr_array_add(a, p);
}

/* ---- files ------------------------------------------------------------------------ */

/* What each snapshot file describes (the kinds of model.h), so m->described[] says which
 * ones were there; also the list of names that make a directory a snapshot. */
static const struct {
	const char *file;
	enum model_kind kind; /* MODEL_N_KINDS: describes no kind of its own */
} snapshot_files[] = {
	{ "describe-vpcs.json", MODEL_VPC },
	{ "describe-subnets.json", MODEL_SUBNET },
	{ "describe-route-tables.json", MODEL_RTB },
	{ "describe-network-acls.json", MODEL_NACL },
	{ "describe-security-groups.json", MODEL_SG },
	{ "describe-network-interfaces.json", MODEL_ENI },
	{ "describe-internet-gateways.json", MODEL_IGW },
	{ "describe-egress-only-internet-gateways.json", MODEL_EIGW },
	{ "describe-nat-gateways.json", MODEL_NATGW },
	{ "describe-vpc-peering-connections.json", MODEL_PCX },
	{ "describe-vpc-endpoints.json", MODEL_VPCE },
	{ "describe-prefix-lists.json", MODEL_PL },
	{ "describe-managed-prefix-lists.json", MODEL_PL },
	{ "describe-transit-gateways.json", MODEL_TGW },
	{ "describe-transit-gateway-attachments.json", MODEL_TGW_ATTACH },
	{ "describe-transit-gateway-vpc-attachments.json", MODEL_N_KINDS },
	{ "describe-transit-gateway-route-tables.json", MODEL_TGW_RTB },
	{ "describe-vpn-connections.json", MODEL_VPN },
	{ "describe-vpn-gateways.json", MODEL_VGW },
	{ "describe-customer-gateways.json", MODEL_CGW },
	{ "describe-connections.json", MODEL_DXCON },
	{ "describe-virtual-interfaces.json", MODEL_DXVIF },
	{ "describe-direct-connect-gateways.json", MODEL_DXGW },
	{ "describe-direct-connect-gateway-associations.json", MODEL_DXGW_ASSOC },
	{ "describe-load-balancers.json", MODEL_LB },
	{ "describe-target-groups.json", MODEL_TG },
	{ "awstrace.json", MODEL_ONPREM },
	{ "account.json", MODEL_N_KINDS },
};

/* The end of the JSON value starting at text[at] (an object or array: its closing
 * bracket + 1), counting nesting outside strings (RFC 8259 §7: a string ends at an
 * unescaped quote). *depth_at gets the offset where nesting first passed max (then the
 * return is 0), *end_ok false when the text ends before the value does. A scalar or a
 * stray byte at the top is left for the parser: returns len. */
static size_t
json_value_end(const char *text, size_t len, size_t at, unsigned max, size_t *depth_at)
{
	*depth_at = (size_t)-1;
	if (text[at] != '{' && text[at] != '[')
		return len;
	unsigned depth = 0;
	bool in_str = false;
	for (size_t i = at; i < len; i++) {
		char c = text[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max) {
				*depth_at = i;
				return 0;
			}
		} else if (c == '}' || c == ']') {
			if (depth == 0 || --depth == 0)
				return i + 1;
		}
	}
	return len;
}

/* 1-based line and column of offset off in text. */
static void
line_col(const char *text, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Parses the JSON documents of one file, one after another (the CLI's pages, when a
 * --no-paginate loop appends them), each bounded in depth first; adds the parsers to
 * ld->keep and their roots to *roots. The file is named in every message. */
static bool
parse_documents(struct ld *ld, const char *path, GPtrArray *roots)
{
	char *text = NULL;
	gsize len = 0;
	GError *err = NULL;
	if (!g_file_get_contents(path, &text, &len, &err)) {
		g_set_error(ld->error, MODEL_ERROR, MODEL_ERROR_IO, "%s: %s", path, err->message);
		g_error_free(err);
		return false;
	}
	bool ok = true;
	size_t at = 0;
	unsigned doc = 0;
	for (;;) {
		while (at < len && g_ascii_isspace(text[at]))
			at++;
		if (at >= len && doc > 0)
			break;
		size_t depth_at;
		size_t end = at < len ? json_value_end(text, len, at, MODEL_JSON_MAX_DEPTH, &depth_at) : len;
		unsigned line, col;
		if (!end) {
			line_col(text, depth_at, &line, &col);
			g_set_error(ld->error, MODEL_ERROR, MODEL_ERROR_PARSE,
				"%s: JSON nested deeper than %u levels at %u:%u", path,
				MODEL_JSON_MAX_DEPTH, line, col);
			ok = false;
			break;
		}
		/* the document alone, after as many newlines and spaces as preceded it, so the
		 * parser's line:column are the file's */
		line_col(text, at, &line, &col);
		GString *one = g_string_sized_new(end - at + line + col);
		for (unsigned i = 1; i < line; i++)
			g_string_append_c(one, '\n');
		for (unsigned i = 1; i < col; i++)
			g_string_append_c(one, ' ');
		g_string_append_len(one, text + at, (gssize)(end - at));
		JsonParser *p = json_parser_new();
		g_ptr_array_add(ld->keep, p);
		if (!json_parser_load_from_data(p, one->str, (gssize)one->len, &err)) {
			const char *msg = err->message;
			if (g_str_has_prefix(msg, "<data>:"))
				msg += strlen("<data>:");
			g_set_error(ld->error, MODEL_ERROR, MODEL_ERROR_PARSE, "%s: malformed JSON at %s",
				path, msg);
			g_error_free(err);
			g_string_free(one, TRUE);
			ok = false;
			break;
		}
		g_string_free(one, TRUE);
		doc++;
		ld->file = path;
		g_string_assign(ld->path, "$");
		JsonNode *root = json_parser_get_root(p);
		if (!root || JSON_NODE_TYPE(root) != JSON_NODE_OBJECT) {
			ok = fail(ld, MODEL_ERROR_TYPE, NULL, "expected an object, got %s",
				root ? node_type(root) : "nothing");
			break;
		}
		g_ptr_array_add(roots, json_node_get_object(root));
		at = end;
		if (at >= len)
			break;
	}
	g_free(text);
	return ok;
}

/* Reads rel (relative to each snapshot dir) and its top-level array key into s: the
 * elements of every directory's file, every page of each. No file anywhere leaves s->elems
 * NULL ("none of those"). */
static bool
src_open(struct ld *ld, const char *rel, const char *key, struct src *s)
{
	memset(s, 0, sizeof(*s));
	s->key = key;
	s->origins = g_array_new(FALSE, FALSE, sizeof(struct origin));
	s->roots = g_ptr_array_new();
	s->root_files = g_ptr_array_new();
	g_ptr_array_add(ld->keep_arrs, s->origins);
	g_ptr_array_add(ld->keep_ptrs, s->roots);
	g_ptr_array_add(ld->keep_ptrs, s->root_files);
	for (guint d = 0; d < ld->dirs->len; d++) {
		char *path = g_build_filename(g_ptr_array_index(ld->dirs, d), rel, NULL);
		g_ptr_array_add(ld->names, path);
		if (!s->file)
			s->file = path;
		ld->file = path;
		g_string_assign(ld->path, "$");
		if (!g_file_test(path, G_FILE_TEST_EXISTS))
			continue;
		if (!s->roots->len)
			s->file = path;
		for (size_t i = 0; i < G_N_ELEMENTS(snapshot_files); i++)
			if (!strcmp(rel, snapshot_files[i].file) && snapshot_files[i].kind != MODEL_N_KINDS)
				ld->m->described[snapshot_files[i].kind] = true;
		guint first = s->roots->len;
		if (!parse_documents(ld, path, s->roots))
			return false;
		guint pages = s->roots->len - first;
		for (guint r = first; r < s->roots->len; r++) {
			char *file = path;
			if (pages > 1) {
				char *named = g_strdup_printf("%s (page %u)", path, r - first + 1);
				g_ptr_array_add(ld->names, named);
				file = named;
			}
			g_ptr_array_add(s->root_files, file);
			if (!key)
				continue;
			JsonArray *a;
			ld->file = file;
			g_string_assign(ld->path, "$");
			if (!get_arr(ld, g_ptr_array_index(s->roots, r), key, &a))
				return false;
			if (!a)
				continue;
			if (!s->elems) {
				s->elems = g_ptr_array_new();
				g_ptr_array_add(ld->keep_ptrs, s->elems);
			}
			for (guint i = 0; i < json_array_get_length(a); i++) {
				struct origin og = { file, i };
				g_ptr_array_add(s->elems, json_array_get_element(a, i));
				g_array_append_val(s->origins, og);
			}
		}
	}
	ld->file = s->file;
	return true;
}

/* Element i of s's array as an object, with the file and path set to where it came from:
 * "$.Key[i]" of its own file. */
static bool
src_elem(struct ld *ld, const struct src *s, guint i, JsonObject **out)
{
	const struct origin *og = &g_array_index(s->origins, struct origin, i);
	ld->file = og->file;
	g_string_printf(ld->path, "$.%s[%u]", s->key, og->idx);
	JsonNode *n = g_ptr_array_index(s->elems, i);
	if (JSON_NODE_TYPE(n) != JSON_NODE_OBJECT) {
		*out = NULL;
		return fail(ld, MODEL_ERROR_TYPE, NULL, "expected an object, got %s", node_type(n));
	}
	*out = json_node_get_object(n);
	return true;
}

/* ---- per-file loaders --------------------------------------------------------------- */

/* describe-prefix-lists (AWS-managed, with Cidrs), describe-managed-prefix-lists and
 * get-managed-prefix-list-entries/<pl>.json. The same list may appear in both. */
static bool
load_prefix_lists(struct ld *ld)
{
	static const char *const files[] = { "describe-prefix-lists.json",
		"describe-managed-prefix-lists.json" };
	for (unsigned f = 0; f < G_N_ELEMENTS(files); f++) {
		struct src s;
		if (!src_open(ld, files[f], "PrefixLists", &s))
			return false;
		for (guint i = 0; i < src_len(&s); i++) {
			JsonObject *o;
			const char *id, *name;
			if (!src_elem(ld, &s, i, &o) || !get_str(ld, o, "PrefixListId", true, &id) ||
				!get_str(ld, o, "PrefixListName", false, &name))
				return false;
			struct model_obj *ob = g_hash_table_lookup(ld->m->by_id, id);
			struct model_pl *pl = (struct model_pl *)ob;
			if (!ob) {
				pl = obj_new(ld, MODEL_PL, sizeof(*pl), o, "PrefixListId");
				if (!pl)
					return false;
				pl->cidrs = prefixes_new();
			} else if (ob->kind != MODEL_PL) {
				return fail(ld, MODEL_ERROR_VALUE, "PrefixListId", "duplicate id %s", id);
			}
			if (name && !pl->o.name)
				pl->o.name = g_strdup(name);
			if (f == 0)
				pl->aws_managed = true;
			JsonArray *c;
			if (!get_arr(ld, o, "Cidrs", &c))
				return false;
			for (guint j = 0; j < alen(c); j++) {
				size_t mk = push_idx(ld, "Cidrs", j);
				const char *cs;
				struct model_prefix p;
				if (!elem_str(ld, c, j, &cs))
					return false;
				if (!model_prefix_parse(cs, &p))
					return fail(ld, MODEL_ERROR_VALUE, NULL, "not a CIDR: \"%s\"", cs);
				g_array_append_val(pl->cidrs, p);
				pop(ld, mk);
			}
		}
	}
	for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_PL); i++) {
		struct model_pl *pl = MODEL_GET(ld->m, MODEL_PL, struct model_pl, i);
		char *rel = g_strdup_printf("get-managed-prefix-list-entries/%s.json", pl->o.id);
		struct src s;
		bool ok = src_open(ld, rel, "Entries", &s);
		g_free(rel);
		if (!ok)
			return false;
		for (guint j = 0; j < src_len(&s); j++) {
			JsonObject *o;
			struct model_prefix p;
			if (!src_elem(ld, &s, j, &o) || !get_prefix(ld, o, "Cidr", true, &p))
				return false;
			bool dup = false;
			for (guint k = 0; k < pl->cidrs->len; k++)
				dup |= !model_prefix_cmp(&g_array_index(pl->cidrs, struct model_prefix, k), &p);
			if (!dup)
				g_array_append_val(pl->cidrs, p);
		}
	}
	return true;
}

static bool
load_vpcs(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-vpcs.json", "Vpcs", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_vpc *v;
		if (!src_elem(ld, &s, i, &o) || !(v = obj_new(ld, MODEL_VPC, sizeof(*v), o, "VpcId")))
			return false;
		v->cidr4 = prefixes_new();
		v->cidr6 = prefixes_new();
		v->subnets = g_ptr_array_new();
		struct model_prefix primary;
		if (!get_prefix(ld, o, "CidrBlock", false, &primary) ||
			!get_bool(ld, o, "IsDefault", false, &v->is_default))
			return false;
		if (primary.af)
			g_array_append_val(v->cidr4, primary);
		/* the association sets, skipping the primary again and disassociated blocks */
		static const char *const sets[][3] = {
			{ "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState" },
			{ "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState" },
		};
		for (unsigned k = 0; k < 2; k++) {
			JsonArray *a;
			if (!get_arr(ld, o, sets[k][0], &a))
				return false;
			for (guint j = 0; j < alen(a); j++) {
				size_t mk = push_idx(ld, sets[k][0], j);
				JsonObject *e, *st;
				struct model_prefix p;
				const char *state = NULL;
				if (!elem_obj(ld, a, j, &e) || !get_prefix(ld, e, sets[k][1], false, &p) ||
					!get_obj(ld, e, sets[k][2], &st) ||
					(st && !get_str(ld, st, "State", false, &state)))
					return false;
				pop(ld, mk);
				if (!p.af || (state && strcmp(state, "associated") != 0))
					continue;
				GArray *to = p.af == MODEL_AF_INET ? v->cidr4 : v->cidr6;
				bool dup = false;
				for (guint n = 0; n < to->len; n++)
					dup |= !model_prefix_cmp(&g_array_index(to, struct model_prefix, n), &p);
				if (!dup)
					g_array_append_val(to, p);
			}
		}
	}
	return true;
}

static bool
load_subnets(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-subnets.json", "Subnets", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_subnet *sn;
		if (!src_elem(ld, &s, i, &o) ||
			!(sn = obj_new(ld, MODEL_SUBNET, sizeof(*sn), o, "SubnetId")) ||
			!ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&sn->vpc) ||
			!get_prefix(ld, o, "CidrBlock", false, &sn->cidr4) ||
			!get_strdup(ld, o, "AvailabilityZone", &sn->az) ||
			!get_strdup(ld, o, "AvailabilityZoneId", &sn->az_id) ||
			!get_bool(ld, o, "MapPublicIpOnLaunch", false, &sn->map_public_ip))
			return false;
		GArray *v6 = prefixes_new();
		bool ok = get_prefix_list(ld, o, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", v6, v6);
		if (ok && v6->len)
			sn->cidr6 = g_array_index(v6, struct model_prefix, 0);
		arr_free(v6);
		if (!ok)
			return false;
		g_ptr_array_add(sn->vpc->subnets, sn);
	}
	return true;
}

/* describe-internet-gateways / describe-egress-only-internet-gateways */
static bool
load_igws(struct ld *ld, bool eigw)
{
	struct src s;
	if (!src_open(ld,
		    eigw ? "describe-egress-only-internet-gateways.json" :
			   "describe-internet-gateways.json",
		    eigw ? "EgressOnlyInternetGateways" : "InternetGateways", &s))
		return false;
	const char *idkey = eigw ? "EgressOnlyInternetGatewayId" : "InternetGatewayId";
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_obj *g;
		if (!src_elem(ld, &s, i, &o) ||
			!(g = obj_new(ld, eigw ? MODEL_EIGW : MODEL_IGW,
				  eigw ? sizeof(struct model_eigw) : sizeof(struct model_igw), o, idkey)))
			return false;
		JsonArray *a;
		if (!get_arr(ld, o, "Attachments", &a))
			return false;
		for (guint j = 0; j < alen(a); j++) {
			size_t mk = push_idx(ld, "Attachments", j);
			JsonObject *e;
			const char *state;
			struct model_vpc *v;
			if (!elem_obj(ld, a, j, &e) || !get_str(ld, e, "State", false, &state) ||
				!ref(ld, e, "VpcId", MODEL_VPC, true, (void **)&v))
				return false;
			pop(ld, mk);
			/* IGWs say "available" when attached, EIGWs "attached" */
			if (state && strcmp(state, "available") && strcmp(state, "attached"))
				continue;
			if (eigw) {
				((struct model_eigw *)g)->vpc = v;
				v->eigw = (struct model_eigw *)g;
			} else {
				((struct model_igw *)g)->vpc = v;
				v->igw = (struct model_igw *)g;
			}
		}
	}
	return true;
}

static bool
load_vgws(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-vpn-gateways.json", "VpnGateways", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_vgw *g;
		if (!src_elem(ld, &s, i, &o) ||
			!(g = obj_new(ld, MODEL_VGW, sizeof(*g), o, "VpnGatewayId")) ||
			!get_asn(ld, o, "AmazonSideAsn", &g->asn) || !get_strdup(ld, o, "State", &g->state))
			return false;
		g->vpcs = g_ptr_array_new();
		JsonArray *a;
		if (!get_arr(ld, o, "VpcAttachments", &a))
			return false;
		for (guint j = 0; j < alen(a); j++) {
			size_t mk = push_idx(ld, "VpcAttachments", j);
			JsonObject *e;
			const char *state;
			struct model_vpc *v;
			if (!elem_obj(ld, a, j, &e) || !get_str(ld, e, "State", false, &state) ||
				!ref(ld, e, "VpcId", MODEL_VPC, true, (void **)&v))
				return false;
			pop(ld, mk);
			if (state && strcmp(state, "attached"))
				continue;
			g_ptr_array_add(g->vpcs, v);
			v->vgw = g;
		}
	}
	return true;
}

static bool
load_cgws(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-customer-gateways.json", "CustomerGateways", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_cgw *g;
		if (!src_elem(ld, &s, i, &o) ||
			!(g = obj_new(ld, MODEL_CGW, sizeof(*g), o, "CustomerGatewayId")) ||
			!get_asn(ld, o, "BgpAsn", &g->asn) || !get_addr(ld, o, "IpAddress", false, &g->ip) ||
			!get_strdup(ld, o, "State", &g->state))
			return false;
	}
	return true;
}

/* IpProtocol: "tcp", "udp", "icmp", "icmpv6", "-1" or an IANA number as a string. */
static bool
parse_proto(struct ld *ld, JsonObject *o, const char *key, int *out)
{
	*out = -1;
	JsonNode *n = member(o, key);
	if (!n)
		return true;
	if (is_value(n, G_TYPE_INT64)) {
		*out = (int)json_node_get_int(n);
	} else if (is_value(n, G_TYPE_STRING)) {
		const char *s = json_node_get_string(n);
		static const struct {
			const char *name;
			int num;
		} names[] = { { "tcp", 6 }, { "udp", 17 }, { "icmp", 1 }, { "icmpv6", 58 }, { "all", -1 } };
		for (unsigned i = 0; i < G_N_ELEMENTS(names); i++)
			if (!g_ascii_strcasecmp(s, names[i].name)) {
				*out = names[i].num;
				return true;
			}
		char *end;
		errno = 0;
		long v = strtol(s, &end, 10);
		if (errno || end == s || *end || v < -1 || v > 255)
			return fail(ld, MODEL_ERROR_VALUE, key, "not a protocol: \"%s\"", s);
		*out = (int)v;
	} else {
		return fail(ld, MODEL_ERROR_TYPE, key, "expected a string, got %s", node_type(n));
	}
	if (*out < -1 || *out > 255)
		return fail(ld, MODEL_ERROR_VALUE, key, "not a protocol: %d", *out);
	return true;
}

static bool
load_sg_rules(struct ld *ld, JsonObject *o, const char *key, bool egress,
	struct model_sg_rule **out, size_t *n_out)
{
	JsonArray *a;
	if (!get_arr(ld, o, key, &a))
		return false;
	*n_out = alen(a);
	*out = g_new0(struct model_sg_rule, *n_out + 1);
	for (guint i = 0; i < alen(a); i++) {
		size_t mk = push_idx(ld, key, i);
		struct model_sg_rule *r = &(*out)[i];
		r->egress = egress;
		r->cidrs = prefixes_new();
		r->groups = g_ptr_array_new();
		r->group_ids = g_ptr_array_new_with_free_func(g_free);
		r->pls = g_ptr_array_new();
		JsonObject *e;
		gint64 from, to;
		if (!elem_obj(ld, a, i, &e) || !parse_proto(ld, e, "IpProtocol", &r->protocol) ||
			!get_int(ld, e, "FromPort", -1, &from) || !get_int(ld, e, "ToPort", -1, &to) ||
			!get_prefix_list(ld, e, "IpRanges", "CidrIp", r->cidrs, NULL) ||
			!get_prefix_list(ld, e, "Ipv6Ranges", "CidrIpv6", r->cidrs, NULL) ||
			!ref_objects(ld, e, "PrefixListIds", "PrefixListId", MODEL_PL, r->pls))
			return false;
		r->from_port = (int)from;
		r->to_port = (int)to;
		JsonArray *pairs;
		if (!get_arr(ld, e, "UserIdGroupPairs", &pairs))
			return false;
		for (guint j = 0; j < alen(pairs); j++) {
			size_t mk2 = push_idx(ld, "UserIdGroupPairs", j);
			JsonObject *p;
			const char *gid, *pcx;
			if (!elem_obj(ld, pairs, j, &p) || !get_str(ld, p, "GroupId", true, &gid) ||
				!get_str(ld, p, "VpcPeeringConnectionId", false, &pcx))
				return false;
			g_ptr_array_add(r->group_ids, g_strdup(gid));
			struct model_obj *g = g_hash_table_lookup(ld->m->by_id, gid);
			if (g && g->kind == MODEL_SG)
				g_ptr_array_add(r->groups, g);
			else if (!pcx && !json_object_has_member(p, "UserId"))
				return fail(ld, MODEL_ERROR_REFERENCE, "GroupId", "unknown %s %s",
					kind_words[MODEL_SG], gid);
			pop(ld, mk2);
		}
		pop(ld, mk);
	}
	return true;
}

static bool
load_sgs(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-security-groups.json", "SecurityGroups", &s))
		return false;
	/* first pass: the groups, so rules may reference any of them */
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_sg *g;
		const char *gname;
		if (!src_elem(ld, &s, i, &o) || !(g = obj_new(ld, MODEL_SG, sizeof(*g), o, "GroupId")) ||
			!ref(ld, o, "VpcId", MODEL_VPC, false, (void **)&g->vpc) ||
			!get_strdup(ld, o, "Description", &g->description) ||
			!get_str(ld, o, "GroupName", false, &gname))
			return false;
		if (gname) {
			g_free(g->o.name);
			g->o.name = g_strdup(gname);
		}
	}
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_sg *g = MODEL_GET(ld->m, MODEL_SG, struct model_sg, i);
		if (!src_elem(ld, &s, i, &o) ||
			!load_sg_rules(ld, o, "IpPermissions", false, &g->ingress, &g->n_ingress) ||
			!load_sg_rules(ld, o, "IpPermissionsEgress", true, &g->egress, &g->n_egress))
			return false;
	}
	return true;
}

static int
nacl_entry_cmp(const void *a, const void *b)
{
	const struct model_nacl_entry *x = a, *y = b;
	return x->number < y->number ? -1 : x->number > y->number;
}

static bool
load_nacls(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-network-acls.json", "NetworkAcls", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_nacl *n;
		if (!src_elem(ld, &s, i, &o) ||
			!(n = obj_new(ld, MODEL_NACL, sizeof(*n), o, "NetworkAclId")) ||
			!ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&n->vpc) ||
			!get_bool(ld, o, "IsDefault", false, &n->is_default))
			return false;
		n->subnets = g_ptr_array_new();
		if (n->is_default && !n->vpc->default_nacl)
			n->vpc->default_nacl = n;
		JsonArray *a;
		if (!get_arr(ld, o, "Entries", &a))
			return false;
		n->ingress = g_new0(struct model_nacl_entry, alen(a) + 1);
		n->egress = g_new0(struct model_nacl_entry, alen(a) + 1);
		for (guint j = 0; j < alen(a); j++) {
			size_t mk = push_idx(ld, "Entries", j);
			JsonObject *e, *pr, *icmp;
			struct model_nacl_entry en = { 0 };
			gint64 num;
			const char *action;
			struct model_prefix v6;
			if (!elem_obj(ld, a, j, &e) || !get_int(ld, e, "RuleNumber", -1, &num) ||
				!get_bool(ld, e, "Egress", false, &en.egress) ||
				!parse_proto(ld, e, "Protocol", &en.protocol) ||
				!get_str(ld, e, "RuleAction", true, &action) ||
				!get_prefix(ld, e, "CidrBlock", false, &en.cidr) ||
				!get_prefix(ld, e, "Ipv6CidrBlock", false, &v6) ||
				!get_obj(ld, e, "PortRange", &pr) || !get_obj(ld, e, "IcmpTypeCode", &icmp))
				return false;
			if (num < 1 || num > 32768)
				return fail(ld, MODEL_ERROR_VALUE, "RuleNumber", "not a rule number: %" G_GINT64_FORMAT, num);
			en.number = (uint32_t)num;
			if (!strcmp(action, "allow"))
				en.allow = true;
			else if (strcmp(action, "deny"))
				return fail(ld, MODEL_ERROR_VALUE, "RuleAction", "not allow or deny: \"%s\"", action);
			if (!en.cidr.af)
				en.cidr = v6;
			if (!en.cidr.af)
				return fail(ld, MODEL_ERROR_TYPE, "CidrBlock", "missing (and no Ipv6CidrBlock)");
			en.port_from = en.port_to = -1;
			en.icmp_type = en.icmp_code = -1;
			gint64 v1, v2;
			if (pr) {
				size_t mk2 = push_key(ld, "PortRange");
				if (!get_int(ld, pr, "From", -1, &v1) || !get_int(ld, pr, "To", -1, &v2))
					return false;
				en.port_from = (int)v1;
				en.port_to = (int)v2;
				pop(ld, mk2);
			}
			if (icmp) {
				size_t mk2 = push_key(ld, "IcmpTypeCode");
				if (!get_int(ld, icmp, "Type", -1, &v1) || !get_int(ld, icmp, "Code", -1, &v2))
					return false;
				en.icmp_type = (int)v1;
				en.icmp_code = (int)v2;
				pop(ld, mk2);
			}
			if (en.egress)
				n->egress[n->n_egress++] = en;
			else
				n->ingress[n->n_ingress++] = en;
			pop(ld, mk);
		}
		qsort(n->ingress, n->n_ingress, sizeof(*n->ingress), nacl_entry_cmp);
		qsort(n->egress, n->n_egress, sizeof(*n->egress), nacl_entry_cmp);
		if (!get_arr(ld, o, "Associations", &a))
			return false;
		for (guint j = 0; j < alen(a); j++) {
			size_t mk = push_idx(ld, "Associations", j);
			JsonObject *e;
			struct model_subnet *sn;
			if (!elem_obj(ld, a, j, &e) || !ref(ld, e, "SubnetId", MODEL_SUBNET, true, (void **)&sn))
				return false;
			if (sn->nacl && sn->nacl != n)
				return fail(ld, MODEL_ERROR_VALUE, "SubnetId",
					"subnet %s is already associated with %s", sn->o.id, sn->nacl->o.id);
			sn->nacl = n;
			add_unique(n->subnets, sn);
			pop(ld, mk);
		}
	}
	return true;
}

static bool
enable_flag(struct ld *ld, JsonObject *o, const char *key, bool *out)
{
	const char *v;
	if (!get_str(ld, o, key, false, &v))
		return false;
	*out = v && !strcmp(v, "enable");
	return true;
}

static bool
load_tgws(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-transit-gateways.json", "TransitGateways", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o, *op;
		struct model_tgw *t;
		if (!src_elem(ld, &s, i, &o) ||
			!(t = obj_new(ld, MODEL_TGW, sizeof(*t), o, "TransitGatewayId")) ||
			!get_strdup(ld, o, "State", &t->state) || !get_obj(ld, o, "Options", &op))
			return false;
		t->cidr_blocks = prefixes_new();
		t->attachments = g_ptr_array_new();
		t->rtbs = g_ptr_array_new();
		if (!op)
			continue;
		size_t mk = push_key(ld, "Options");
		JsonArray *cb;
		if (!get_asn(ld, op, "AmazonSideAsn", &t->asn) ||
			!enable_flag(ld, op, "VpnEcmpSupport", &t->vpn_ecmp) ||
			!enable_flag(ld, op, "DnsSupport", &t->dns_support) ||
			!enable_flag(ld, op, "DefaultRouteTableAssociation", &t->default_association) ||
			!enable_flag(ld, op, "DefaultRouteTablePropagation", &t->default_propagation) ||
			!get_arr(ld, op, "TransitGatewayCidrBlocks", &cb))
			return false;
		for (guint j = 0; j < alen(cb); j++) {
			size_t mk2 = push_idx(ld, "TransitGatewayCidrBlocks", j);
			const char *cs;
			struct model_prefix p;
			if (!elem_str(ld, cb, j, &cs))
				return false;
			if (!model_prefix_parse(cs, &p))
				return fail(ld, MODEL_ERROR_VALUE, NULL, "not a CIDR: \"%s\"", cs);
			g_array_append_val(t->cidr_blocks, p);
			pop(ld, mk2);
		}
		pop(ld, mk);
	}
	return true;
}

static bool
load_tgw_rtbs(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-transit-gateway-route-tables.json", "TransitGatewayRouteTables", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_tgw_rtb *r;
		if (!src_elem(ld, &s, i, &o) ||
			!(r = obj_new(ld, MODEL_TGW_RTB, sizeof(*r), o, "TransitGatewayRouteTableId")) ||
			!ref(ld, o, "TransitGatewayId", MODEL_TGW, true, (void **)&r->tgw) ||
			!get_bool(ld, o, "DefaultAssociationRouteTable", false, &r->default_association) ||
			!get_bool(ld, o, "DefaultPropagationRouteTable", false, &r->default_propagation))
			return false;
		r->associations = g_ptr_array_new();
		r->propagations = g_ptr_array_new();
		g_ptr_array_add(r->tgw->rtbs, r);
	}
	/* the transit gateways' default tables, now that the tables exist */
	if (!src_open(ld, "describe-transit-gateways.json", "TransitGateways", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o, *op;
		struct model_tgw *t = MODEL_GET(ld->m, MODEL_TGW, struct model_tgw, i);
		if (!src_elem(ld, &s, i, &o) || !get_obj(ld, o, "Options", &op))
			return false;
		if (!op)
			continue;
		size_t mk = push_key(ld, "Options");
		if (!ref(ld, op, "AssociationDefaultRouteTableId", MODEL_TGW_RTB, false,
			    (void **)&t->assoc_default_rtb) ||
			!ref(ld, op, "PropagationDefaultRouteTableId", MODEL_TGW_RTB, false,
				(void **)&t->prop_default_rtb))
			return false;
		pop(ld, mk);
	}
	return true;
}

static bool
load_pcx_side(struct ld *ld, JsonObject *o, const char *key, struct model_pcx_side *side)
{
	JsonObject *e;
	if (!get_obj(ld, o, key, &e))
		return false;
	side->cidr4 = prefixes_new();
	side->cidr6 = prefixes_new();
	if (!e)
		return fail(ld, MODEL_ERROR_TYPE, key, "missing");
	size_t mk = push_key(ld, key);
	struct model_prefix p;
	if (!get_strdup(ld, e, "VpcId", &side->vpc_id) || !get_strdup(ld, e, "OwnerId", &side->owner_id) ||
		!get_strdup(ld, e, "Region", &side->region) ||
		!get_prefix(ld, e, "CidrBlock", false, &p))
		return false;
	if (p.af)
		g_array_append_val(side->cidr4, p);
	GArray *more = prefixes_new();
	bool ok = get_prefix_list(ld, e, "CidrBlockSet", "CidrBlock", more, NULL) &&
		get_prefix_list(ld, e, "Ipv6CidrBlockSet", "Ipv6CidrBlock", side->cidr6, NULL);
	for (guint i = 0; ok && i < more->len; i++) {
		struct model_prefix *q = &g_array_index(more, struct model_prefix, i);
		if (!p.af || model_prefix_cmp(q, &p))
			g_array_append_val(side->cidr4, *q);
	}
	arr_free(more);
	if (!ok)
		return false;
	/* the far side may be another account's or region's VPC (documented exception) */
	struct model_obj *v = side->vpc_id ? g_hash_table_lookup(ld->m->by_id, side->vpc_id) : NULL;
	if (v && v->kind == MODEL_VPC)
		side->vpc = (struct model_vpc *)v;
	pop(ld, mk);
	return true;
}

static bool
load_pcxs(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-vpc-peering-connections.json", "VpcPeeringConnections", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o, *st;
		struct model_pcx *x;
		if (!src_elem(ld, &s, i, &o) ||
			!(x = obj_new(ld, MODEL_PCX, sizeof(*x), o, "VpcPeeringConnectionId")) ||
			!load_pcx_side(ld, o, "RequesterVpcInfo", &x->requester) ||
			!load_pcx_side(ld, o, "AccepterVpcInfo", &x->accepter) ||
			!get_obj(ld, o, "Status", &st) || (st && !get_strdup(ld, st, "Code", &x->status)))
			return false;
		x->active = x->status && !strcmp(x->status, "active");
		if (!x->requester.vpc && !x->accepter.vpc)
			return fail(ld, MODEL_ERROR_REFERENCE, "RequesterVpcInfo.VpcId",
				"neither %s nor %s is a known VPC", x->requester.vpc_id ? x->requester.vpc_id : "-",
				x->accepter.vpc_id ? x->accepter.vpc_id : "-");
	}
	return true;
}

/* "10Gbps", "500Mbps" → Mbit/s; 0 when not understood. */
static uint32_t
bandwidth_mbps(const char *s)
{
	if (!s)
		return 0;
	char *end;
	double v = g_ascii_strtod(s, &end);
	if (end == s)
		return 0;
	if (!g_ascii_strcasecmp(end, "Gbps"))
		return (uint32_t)(v * 1000);
	if (!g_ascii_strcasecmp(end, "Mbps"))
		return (uint32_t)v;
	return 0;
}

static bool
load_dx(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-connections.json", "connections", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_dxcon *c;
		const char *cname;
		gint64 vlan;
		if (!src_elem(ld, &s, i, &o) ||
			!(c = obj_new(ld, MODEL_DXCON, sizeof(*c), o, "connectionId")) ||
			!get_str(ld, o, "connectionName", false, &cname) ||
			!get_strdup(ld, o, "bandwidth", &c->bandwidth) || !get_int(ld, o, "vlan", -1, &vlan) ||
			!get_strdup(ld, o, "location", &c->location) ||
			!get_strdup(ld, o, "connectionState", &c->state) ||
			!get_bool(ld, o, "macSecCapable", false, &c->macsec_capable) ||
			!get_strdup(ld, o, "encryptionMode", &c->encryption_mode))
			return false;
		c->vlan = (int)vlan;
		c->bandwidth_mbps = bandwidth_mbps(c->bandwidth);
		if (cname && !c->o.name)
			c->o.name = g_strdup(cname);
	}
	if (!src_open(ld, "describe-direct-connect-gateways.json", "directConnectGateways", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_dxgw *g;
		const char *gname;
		if (!src_elem(ld, &s, i, &o) ||
			!(g = obj_new(ld, MODEL_DXGW, sizeof(*g), o, "directConnectGatewayId")) ||
			!get_str(ld, o, "directConnectGatewayName", false, &gname) ||
			!get_asn(ld, o, "amazonSideAsn", &g->asn) ||
			!get_strdup(ld, o, "directConnectGatewayState", &g->state))
			return false;
		g->vifs = g_ptr_array_new();
		g->assocs = g_ptr_array_new();
		if (gname && !g->o.name)
			g->o.name = g_strdup(gname);
	}
	if (!src_open(ld, "describe-virtual-interfaces.json", "virtualInterfaces", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_dxvif *v;
		const char *type, *vname;
		gint64 vlan, mtu;
		if (!src_elem(ld, &s, i, &o) ||
			!(v = obj_new(ld, MODEL_DXVIF, sizeof(*v), o, "virtualInterfaceId")) ||
			!get_str(ld, o, "virtualInterfaceType", true, &type) ||
			!get_str(ld, o, "virtualInterfaceName", false, &vname) ||
			!get_int(ld, o, "vlan", -1, &vlan) || !get_int(ld, o, "mtu", 1500, &mtu) ||
			!ref(ld, o, "connectionId", MODEL_DXCON, false, (void **)&v->con) ||
			!get_asn(ld, o, "asn", &v->asn) || !get_asn(ld, o, "amazonSideAsn", &v->amazon_asn) ||
			!get_ifaddr(ld, o, "amazonAddress", &v->amazon_addr) ||
			!get_ifaddr(ld, o, "customerAddress", &v->customer_addr) ||
			!ref(ld, o, "virtualGatewayId", MODEL_VGW, false, (void **)&v->vgw) ||
			!ref(ld, o, "directConnectGatewayId", MODEL_DXGW, false, (void **)&v->dxgw) ||
			!get_strdup(ld, o, "virtualInterfaceState", &v->state))
			return false;
		if (!strcmp(type, "private"))
			v->type = MODEL_VIF_PRIVATE;
		else if (!strcmp(type, "transit"))
			v->type = MODEL_VIF_TRANSIT;
		else if (!strcmp(type, "public"))
			v->type = MODEL_VIF_PUBLIC;
		else
			return fail(ld, MODEL_ERROR_VALUE, "virtualInterfaceType",
				"not private, transit or public: \"%s\"", type);
		if (vname && !v->o.name)
			v->o.name = g_strdup(vname);
		v->vlan = (int)vlan;
		v->mtu = (int)mtu;
		/* Direct Connect user guide, "Virtual interfaces": a VLAN tag names one virtual
		 * interface on its connection; a second one with the same tag cannot exist */
		for (guint j = 0; v->con && vlan >= 0 && j + 1 < MODEL_COUNT(ld->m, MODEL_DXVIF); j++) {
			const struct model_dxvif *w =
				MODEL_GET(ld->m, MODEL_DXVIF, struct model_dxvif, j);
			if (w != v && w->con == v->con && w->vlan == v->vlan)
				return fail(ld, MODEL_ERROR_VALUE, "vlan", "VLAN %d on %s is already %s's",
					v->vlan, v->con->o.id, w->o.id);
		}
		if (v->dxgw)
			g_ptr_array_add(v->dxgw->vifs, v);
		v->route_filter = prefixes_new();
		if (!get_prefix_list(ld, o, "routeFilterPrefixes", "cidr", v->route_filter, NULL))
			return false;
		JsonArray *a;
		if (!get_arr(ld, o, "bgpPeers", &a))
			return false;
		v->peers = g_new0(struct model_bgp_peer, alen(a) + 1);
		for (guint j = 0; j < alen(a); j++) {
			size_t mk = push_idx(ld, "bgpPeers", j);
			JsonObject *e;
			struct model_bgp_peer *p = &v->peers[v->n_peers++];
			const char *status;
			if (!elem_obj(ld, a, j, &e) || !get_strdup(ld, e, "bgpPeerId", &p->id) ||
				!get_asn(ld, e, "asn", &p->asn) ||
				!get_ifaddr(ld, e, "amazonAddress", &p->amazon_addr) ||
				!get_ifaddr(ld, e, "customerAddress", &p->customer_addr) ||
				!get_strdup(ld, e, "bgpPeerState", &p->state) ||
				!get_str(ld, e, "bgpStatus", false, &status))
				return false;
			p->up = status && !strcmp(status, "up");
			p->status_known = status != NULL;
			v->bgp_known |= p->status_known;
			pop(ld, mk);
		}
	}
	return true;
}

static bool
load_dxgw_assocs(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-direct-connect-gateway-associations.json",
		    "directConnectGatewayAssociations", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o, *gw;
		struct model_dxgw *dxgw;
		const char *aid;
		if (!src_elem(ld, &s, i, &o) ||
			!ref(ld, o, "directConnectGatewayId", MODEL_DXGW, true, (void **)&dxgw) ||
			!get_str(ld, o, "associationId", false, &aid) ||
			!get_obj(ld, o, "associatedGateway", &gw))
			return false;
		if (!gw)
			return fail(ld, MODEL_ERROR_TYPE, "associatedGateway", "missing");
		size_t mk = push_key(ld, "associatedGateway");
		const char *gid, *gtype;
		if (!get_str(ld, gw, "id", true, &gid) || !get_str(ld, gw, "type", false, &gtype))
			return false;
		enum model_kind gk = g_str_has_prefix(gid, "tgw-") ? MODEL_TGW : MODEL_VGW;
		void *target;
		if (!ref_id(ld, "id", gk, gid, &target))
			return false;
		pop(ld, mk);
		/* registered under associationId, or "<dxgw>/<gateway>" when the CLI omits it */
		char *synth = aid ? NULL : g_strdup_printf("%s/%s", dxgw->o.id, gid);
		JsonObject *idobj = json_object_new();
		json_object_set_string_member(idobj, "Id", aid ? aid : synth);
		struct model_dxgw_assoc *a = obj_new(ld, MODEL_DXGW_ASSOC, sizeof(*a), idobj, "Id");
		json_object_unref(idobj);
		g_free(synth);
		if (!a)
			return false;
		a->dxgw = dxgw;
		a->gateway_id = g_strdup(gid);
		a->gateway_type = g_strdup(gtype);
		a->gateway = target;
		a->allowed = prefixes_new();
		g_ptr_array_add(dxgw->assocs, a);
		if (!get_prefix_list(ld, o, "allowedPrefixesToDirectConnectGateway", "cidr", a->allowed,
			    NULL) ||
			!get_strdup(ld, o, "associationState", &a->state))
			return false;
	}
	return true;
}

static bool
load_vpns(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-vpn-connections.json", "VpnConnections", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o, *op;
		struct model_vpn *v;
		if (!src_elem(ld, &s, i, &o) ||
			!(v = obj_new(ld, MODEL_VPN, sizeof(*v), o, "VpnConnectionId")) ||
			!get_strdup(ld, o, "State", &v->state) ||
			!ref(ld, o, "CustomerGatewayId", MODEL_CGW, true, (void **)&v->cgw) ||
			!ref(ld, o, "VpnGatewayId", MODEL_VGW, false, (void **)&v->vgw) ||
			!ref(ld, o, "TransitGatewayId", MODEL_TGW, false, (void **)&v->tgw) ||
			!get_obj(ld, o, "Options", &op))
			return false;
		if (!v->vgw == !v->tgw)
			return fail(ld, MODEL_ERROR_VALUE, "VpnGatewayId",
				"needs exactly one of VpnGatewayId and TransitGatewayId");
		JsonArray *topts = NULL, *tele, *routes;
		if (op) {
			size_t mk = push_key(ld, "Options");
			const char *transport;
			if (!get_bool(ld, op, "StaticRoutesOnly", false, &v->static_only) ||
				!get_str(ld, op, "TransportTransitGatewayAttachmentId", false, &transport) ||
				!get_arr(ld, op, "TunnelOptions", &topts))
				return false;
			v->over_dx = transport != NULL;
			pop(ld, mk);
		}
		if (!get_arr(ld, o, "VgwTelemetry", &tele) || !get_arr(ld, o, "Routes", &routes))
			return false;
		v->tunnels = g_new0(struct model_vpn_tunnel, alen(topts) + alen(tele) + 1);
		for (guint j = 0; j < alen(topts); j++) {
			size_t mk = push_idx(ld, "Options.TunnelOptions", j);
			JsonObject *e;
			struct model_vpn_tunnel *t = &v->tunnels[v->n_tunnels];
			if (!elem_obj(ld, topts, j, &e) ||
				!get_addr(ld, e, "OutsideIpAddress", false, &t->outside_ip) ||
				!get_prefix(ld, e, "TunnelInsideCidr", false, &t->inside_cidr))
				return false;
			if (t->outside_ip.af)
				v->n_tunnels++;
			pop(ld, mk);
		}
		for (guint j = 0; j < alen(tele); j++) {
			size_t mk = push_idx(ld, "VgwTelemetry", j);
			JsonObject *e;
			struct model_addr ip;
			const char *status;
			gint64 accepted;
			if (!elem_obj(ld, tele, j, &e) || !get_addr(ld, e, "OutsideIpAddress", true, &ip) ||
				!get_str(ld, e, "Status", false, &status) ||
				!get_int(ld, e, "AcceptedRouteCount", 0, &accepted))
				return false;
			struct model_vpn_tunnel *t = NULL;
			for (size_t k = 0; k < v->n_tunnels && !t; k++)
				if (!memcmp(&v->tunnels[k].outside_ip, &ip, sizeof(ip)))
					t = &v->tunnels[k];
			if (!t) {
				t = &v->tunnels[v->n_tunnels++];
				t->outside_ip = ip;
			}
			t->up = status && !strcmp(status, "UP");
			t->accepted_routes = accepted > 0 ? (uint32_t)accepted : 0;
			pop(ld, mk);
		}
		v->routes = g_new0(struct model_vpn_route, alen(routes) + 1);
		for (guint j = 0; j < alen(routes); j++) {
			size_t mk = push_idx(ld, "Routes", j);
			JsonObject *e;
			struct model_vpn_route *r = &v->routes[v->n_routes++];
			const char *src, *state;
			if (!elem_obj(ld, routes, j, &e) ||
				!get_prefix(ld, e, "DestinationCidrBlock", true, &r->dst) ||
				!get_str(ld, e, "Source", false, &src) || !get_str(ld, e, "State", false, &state))
				return false;
			r->is_static = !src || !g_ascii_strcasecmp(src, "static");
			r->available = !state || !strcmp(state, "available");
			pop(ld, mk);
		}
	}
	return true;
}

static bool
parse_res_type(const char *t, enum model_tgw_res *out)
{
	static const struct {
		const char *name;
		enum model_tgw_res r;
	} types[] = {
		{ "vpc", MODEL_TGW_RES_VPC },
		{ "vpn", MODEL_TGW_RES_VPN },
		{ "direct-connect-gateway", MODEL_TGW_RES_DXGW },
		{ "connect", MODEL_TGW_RES_CONNECT },
		{ "peering", MODEL_TGW_RES_PEERING },
		{ "tgw-peering", MODEL_TGW_RES_PEERING },
		{ "network-function", MODEL_TGW_RES_NETWORK_FUNCTION },
	};
	*out = MODEL_TGW_RES_OTHER;
	for (unsigned i = 0; i < G_N_ELEMENTS(types); i++)
		if (!strcmp(t, types[i].name)) {
			*out = types[i].r;
			return true;
		}
	return false;
}

static void
tgw_associate(struct model_tgw_attach *a, struct model_tgw_rtb *r)
{
	a->assoc_rtb = r;
	add_unique(r->associations, a);
}

static void
tgw_propagate(struct model_tgw_attach *a, struct model_tgw_rtb *r)
{
	add_unique(a->propagates_to, r);
	add_unique(r->propagations, a);
}

static bool
load_tgw_attachments(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-transit-gateway-attachments.json", "TransitGatewayAttachments", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o, *as;
		struct model_tgw_attach *a;
		const char *type;
		if (!src_elem(ld, &s, i, &o) ||
			!(a = obj_new(ld, MODEL_TGW_ATTACH, sizeof(*a), o, "TransitGatewayAttachmentId")) ||
			!ref(ld, o, "TransitGatewayId", MODEL_TGW, true, (void **)&a->tgw) ||
			!get_str(ld, o, "ResourceType", true, &type) ||
			!get_strdup(ld, o, "ResourceId", &a->res_id) || !get_strdup(ld, o, "State", &a->state) ||
			!get_obj(ld, o, "Association", &as))
			return false;
		a->propagates_to = g_ptr_array_new();
		a->subnets = g_ptr_array_new();
		g_ptr_array_add(a->tgw->attachments, a);
		parse_res_type(type, &a->res_type);
		static const enum model_kind res_kinds[] = {
			[MODEL_TGW_RES_VPC] = MODEL_VPC,
			[MODEL_TGW_RES_VPN] = MODEL_VPN,
			[MODEL_TGW_RES_DXGW] = MODEL_DXGW,
		};
		if (a->res_type <= MODEL_TGW_RES_DXGW) {
			if (!a->res_id)
				return fail(ld, MODEL_ERROR_TYPE, "ResourceId", "missing");
			if (!ref_id(ld, "ResourceId", res_kinds[a->res_type], a->res_id, (void **)&a->res))
				return false;
			if (a->res_type == MODEL_TGW_RES_VPN) {
				struct model_vpn *vpn = (struct model_vpn *)a->res;
				if (vpn->tgw != a->tgw)
					return fail(ld, MODEL_ERROR_REFERENCE, "ResourceId",
						"%s is not on %s", vpn->o.id, a->tgw->o.id);
				vpn->tgw_attach = a;
			}
		} else if (a->res_id) {
			a->res = g_hash_table_lookup(ld->m->by_id, a->res_id);
		}
		if (as) {
			size_t mk = push_key(ld, "Association");
			struct model_tgw_rtb *r;
			const char *state;
			if (!ref(ld, as, "TransitGatewayRouteTableId", MODEL_TGW_RTB, false, (void **)&r) ||
				!get_str(ld, as, "State", false, &state))
				return false;
			if (r && (!state || !strcmp(state, "associated") || !strcmp(state, "associating")))
				tgw_associate(a, r);
			pop(ld, mk);
		}
	}
	if (!src_open(ld, "describe-transit-gateway-vpc-attachments.json",
		    "TransitGatewayVpcAttachments", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o, *op;
		struct model_tgw_attach *a;
		if (!src_elem(ld, &s, i, &o) ||
			!ref(ld, o, "TransitGatewayAttachmentId", MODEL_TGW_ATTACH, true, (void **)&a) ||
			!ref_strings(ld, o, "SubnetIds", MODEL_SUBNET, a->subnets) ||
			!get_obj(ld, o, "Options", &op))
			return false;
		if (op) {
			size_t mk = push_key(ld, "Options");
			if (!enable_flag(ld, op, "ApplianceModeSupport", &a->appliance_mode) ||
				!enable_flag(ld, op, "Ipv6Support", &a->ipv6_support))
				return false;
			pop(ld, mk);
		}
	}
	return true;
}

/* "aa:bb:cc:dd:ee:ff" */
static bool
parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
		return false;
	for (unsigned i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return true;
}

static bool
load_enis(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-network-interfaces.json", "NetworkInterfaces", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o, *att, *assoc;
		struct model_eni *e;
		const char *mac;
		struct model_addr primary;
		if (!src_elem(ld, &s, i, &o) ||
			!(e = obj_new(ld, MODEL_ENI, sizeof(*e), o, "NetworkInterfaceId")) ||
			!ref(ld, o, "SubnetId", MODEL_SUBNET, true, (void **)&e->subnet) ||
			!ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&e->vpc) ||
			!get_strdup(ld, o, "InterfaceType", &e->interface_type) ||
			!get_strdup(ld, o, "Description", &e->description) ||
			!get_str(ld, o, "MacAddress", false, &mac) ||
			!get_addr(ld, o, "PrivateIpAddress", false, &primary) ||
			!get_bool(ld, o, "SourceDestCheck", true, &e->source_dest_check) ||
			!get_bool(ld, o, "RequesterManaged", false, &e->requester_managed) ||
			!get_obj(ld, o, "Attachment", &att) || !get_obj(ld, o, "Association", &assoc))
			return false;
		if (e->subnet->vpc != e->vpc)
			return fail(ld, MODEL_ERROR_REFERENCE, "SubnetId", "%s is not in %s",
				e->subnet->o.id, e->vpc->o.id);
		if (mac) {
			if (!parse_mac(mac, e->mac))
				return fail(ld, MODEL_ERROR_VALUE, "MacAddress", "not a MAC address: \"%s\"", mac);
			e->has_mac = true;
		}
		e->sgs = g_ptr_array_new();
		if (!ref_objects(ld, o, "Groups", "GroupId", MODEL_SG, e->sgs))
			return false;
		e->device_index = -1;
		if (att) {
			size_t mk = push_key(ld, "Attachment");
			gint64 di;
			if (!get_strdup(ld, att, "InstanceId", &e->instance_id) ||
				!get_int(ld, att, "DeviceIndex", -1, &di))
				return false;
			e->device_index = (int)di;
			pop(ld, mk);
		}
		struct model_addr top_pub = { 0 };
		if (assoc) {
			size_t mk = push_key(ld, "Association");
			if (!get_addr(ld, assoc, "PublicIp", false, &top_pub))
				return false;
			pop(ld, mk);
		}
		JsonArray *ips, *v6;
		if (!get_arr(ld, o, "PrivateIpAddresses", &ips) || !get_arr(ld, o, "Ipv6Addresses", &v6))
			return false;
		e->ips = g_new0(struct model_eni_ip, alen(ips) + alen(v6) + 2);
		for (guint j = 0; j < alen(ips); j++) {
			size_t mk = push_idx(ld, "PrivateIpAddresses", j);
			JsonObject *p, *pa;
			struct model_eni_ip ip = { 0 };
			if (!elem_obj(ld, ips, j, &p) ||
				!get_addr(ld, p, "PrivateIpAddress", true, &ip.priv) ||
				!get_bool(ld, p, "Primary", false, &ip.primary) || !get_obj(ld, p, "Association", &pa))
				return false;
			if (pa) {
				size_t mk2 = push_key(ld, "Association");
				if (!get_addr(ld, pa, "PublicIp", false, &ip.pub))
					return false;
				pop(ld, mk2);
			}
			if (ip.primary && !ip.pub.af)
				ip.pub = top_pub;
			/* the primary first */
			if (ip.primary && e->n_ips) {
				memmove(&e->ips[1], &e->ips[0], e->n_ips * sizeof(*e->ips));
				e->ips[0] = ip;
			} else {
				e->ips[e->n_ips] = ip;
			}
			e->n_ips++;
			pop(ld, mk);
		}
		if (!e->n_ips && primary.af) {
			e->ips[0].priv = primary;
			e->ips[0].pub = top_pub;
			e->ips[0].primary = true;
			e->n_ips = 1;
		}
		for (guint j = 0; j < alen(v6); j++) {
			size_t mk = push_idx(ld, "Ipv6Addresses", j);
			JsonObject *p;
			struct model_eni_ip ip = { 0 };
			if (!elem_obj(ld, v6, j, &p) || !get_addr(ld, p, "Ipv6Address", true, &ip.priv))
				return false;
			e->ips[e->n_ips++] = ip;
			pop(ld, mk);
		}
	}
	return true;
}

static void
eni_owner(struct model_eni *e, struct model_obj *owner)
{
	if (e && !e->owner)
		e->owner = owner;
}

static bool
load_natgws(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-nat-gateways.json", "NatGateways", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_natgw *n;
		const char *ct;
		if (!src_elem(ld, &s, i, &o) ||
			!(n = obj_new(ld, MODEL_NATGW, sizeof(*n), o, "NatGatewayId")) ||
			!ref(ld, o, "SubnetId", MODEL_SUBNET, true, (void **)&n->subnet) ||
			!ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&n->vpc) ||
			!get_strdup(ld, o, "State", &n->state) ||
			!get_str(ld, o, "ConnectivityType", false, &ct))
			return false;
		n->is_public = !ct || !strcmp(ct, "public");
		JsonArray *a;
		if (!get_arr(ld, o, "NatGatewayAddresses", &a))
			return false;
		for (guint j = 0; j < alen(a); j++) {
			size_t mk = push_idx(ld, "NatGatewayAddresses", j);
			JsonObject *e;
			struct model_addr priv, pub;
			struct model_eni *eni;
			bool primary;
			if (!elem_obj(ld, a, j, &e) || !get_addr(ld, e, "PrivateIp", false, &priv) ||
				!get_addr(ld, e, "PublicIp", false, &pub) ||
				!get_bool(ld, e, "IsPrimary", j == 0, &primary) ||
				!ref(ld, e, "NetworkInterfaceId", MODEL_ENI, false, (void **)&eni))
				return false;
			eni_owner(eni, &n->o);
			if (primary || !n->private_ip.af) {
				n->private_ip = priv;
				n->public_ip = pub;
				n->eni = eni;
			}
			pop(ld, mk);
		}
	}
	return true;
}

/* Route tables in two passes: shells (ids, VPC) before endpoints, which name them, and
 * routes and associations after everything a route may target. */
static bool
load_rtb_shells(struct ld *ld, struct src *s)
{
	if (!src_open(ld, "describe-route-tables.json", "RouteTables", s))
		return false;
	for (guint i = 0; i < src_len(s); i++) {
		JsonObject *o;
		struct model_rtb *r;
		if (!src_elem(ld, s, i, &o) ||
			!(r = obj_new(ld, MODEL_RTB, sizeof(*r), o, "RouteTableId")) ||
			!ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&r->vpc))
			return false;
		r->subnets = g_ptr_array_new();
		r->edge_gateways = g_ptr_array_new();
		r->propagating_vgws = g_ptr_array_new();
	}
	return true;
}

static bool
load_vpces(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-vpc-endpoints.json", "VpcEndpoints", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_vpce *e;
		const char *type;
		if (!src_elem(ld, &s, i, &o) ||
			!(e = obj_new(ld, MODEL_VPCE, sizeof(*e), o, "VpcEndpointId")) ||
			!get_str(ld, o, "VpcEndpointType", false, &type) ||
			!get_strdup(ld, o, "ServiceName", &e->service_name) ||
			!get_strdup(ld, o, "State", &e->state) ||
			!ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&e->vpc))
			return false;
		e->rtbs = g_ptr_array_new();
		e->subnets = g_ptr_array_new();
		e->enis = g_ptr_array_new();
		e->sgs = g_ptr_array_new();
		if (!type || !strcmp(type, "Gateway"))
			e->type = MODEL_VPCE_GATEWAY;
		else if (!strcmp(type, "Interface"))
			e->type = MODEL_VPCE_INTERFACE;
		else if (!strcmp(type, "GatewayLoadBalancer"))
			e->type = MODEL_VPCE_GWLB;
		else
			e->type = MODEL_VPCE_OTHER;
		if (!ref_strings(ld, o, "RouteTableIds", MODEL_RTB, e->rtbs) ||
			!ref_strings(ld, o, "SubnetIds", MODEL_SUBNET, e->subnets) ||
			!ref_strings(ld, o, "NetworkInterfaceIds", MODEL_ENI, e->enis) ||
			!ref_objects(ld, o, "Groups", "GroupId", MODEL_SG, e->sgs))
			return false;
		for (guint j = 0; j < e->enis->len; j++)
			eni_owner(g_ptr_array_index(e->enis, j), &e->o);
		const char *hex = e->o.id + (g_str_has_prefix(e->o.id, "vpce-") ? 5 : 0);
		char *end;
		errno = 0;
		guint64 gid = g_ascii_strtoull(hex, &end, 16);
		e->geneve_id = errno || *end ? 0 : gid;
		if (e->type == MODEL_VPCE_GATEWAY && e->service_name) {
			for (guint j = 0; j < MODEL_COUNT(ld->m, MODEL_PL) && !e->pl; j++) {
				struct model_pl *pl = MODEL_GET(ld->m, MODEL_PL, struct model_pl, j);
				if (pl->o.name && !strcmp(pl->o.name, e->service_name))
					e->pl = pl;
			}
		}
	}
	return true;
}

static bool
load_elbv2(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "describe-load-balancers.json", "LoadBalancers", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o, *st;
		struct model_lb *l;
		const char *lname;
		if (!src_elem(ld, &s, i, &o) ||
			!(l = obj_new(ld, MODEL_LB, sizeof(*l), o, "LoadBalancerArn")) ||
			!get_str(ld, o, "LoadBalancerName", false, &lname) ||
			!get_strdup(ld, o, "Type", &l->type) || !get_strdup(ld, o, "Scheme", &l->scheme) ||
			!ref(ld, o, "VpcId", MODEL_VPC, false, (void **)&l->vpc) ||
			!get_obj(ld, o, "State", &st) || (st && !get_strdup(ld, st, "Code", &l->state)))
			return false;
		if (lname && !l->o.name)
			l->o.name = g_strdup(lname);
		l->subnets = g_ptr_array_new();
		l->tgs = g_ptr_array_new();
		if (!ref_objects(ld, o, "AvailabilityZones", "SubnetId", MODEL_SUBNET, l->subnets))
			return false;
	}
	if (!src_open(ld, "describe-target-groups.json", "TargetGroups", &s))
		return false;
	for (guint i = 0; i < src_len(&s); i++) {
		JsonObject *o;
		struct model_tg *t;
		const char *tname;
		gint64 port;
		if (!src_elem(ld, &s, i, &o) ||
			!(t = obj_new(ld, MODEL_TG, sizeof(*t), o, "TargetGroupArn")) ||
			!get_str(ld, o, "TargetGroupName", false, &tname) ||
			!get_strdup(ld, o, "Protocol", &t->protocol) || !get_int(ld, o, "Port", 0, &port) ||
			!get_strdup(ld, o, "TargetType", &t->target_type) ||
			!ref(ld, o, "VpcId", MODEL_VPC, false, (void **)&t->vpc))
			return false;
		if (tname && !t->o.name)
			t->o.name = g_strdup(tname);
		t->port = (int)port;
		t->lbs = g_ptr_array_new();
		if (!ref_strings(ld, o, "LoadBalancerArns", MODEL_LB, t->lbs))
			return false;
		for (guint j = 0; j < t->lbs->len; j++)
			add_unique(((struct model_lb *)g_ptr_array_index(t->lbs, j))->tgs, t);
	}
	/* AWS-managed ENIs name their owner in the description */
	for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_ENI); i++) {
		struct model_eni *e = MODEL_GET(ld->m, MODEL_ENI, struct model_eni, i);
		const char *d = e->description;
		if (e->owner || !d)
			continue;
		static const char tgw_pfx[] = "Network Interface for Transit Gateway Attachment ";
		if (g_str_has_prefix(d, tgw_pfx)) {
			struct model_obj *a = g_hash_table_lookup(ld->m->by_id, d + strlen(tgw_pfx));
			if (a && a->kind == MODEL_TGW_ATTACH)
				e->owner = a;
		} else if (g_str_has_prefix(d, "ELB ")) {
			/* "ELB gwy/name/hash" ↔ "arn:…:loadbalancer/gwy/name/hash" */
			for (guint j = 0; j < MODEL_COUNT(ld->m, MODEL_LB) && !e->owner; j++) {
				struct model_lb *l = MODEL_GET(ld->m, MODEL_LB, struct model_lb, j);
				const char *lb = strstr(l->o.id, ":loadbalancer/");
				if (lb && !strcmp(lb + strlen(":loadbalancer/"), d + 4))
					e->owner = &l->o;
			}
		}
	}
	return true;
}

/* The target of a VPC route (describe-route-tables Routes[]). */
static bool
route_target(struct ld *ld, JsonObject *o, struct model_rtb *rtb, struct model_route *r)
{
	static const struct {
		const char *key;
		enum model_target_kind tk;
		enum model_kind kind;
	} keys[] = {
		{ "NatGatewayId", MODEL_TGT_NAT, MODEL_NATGW },
		{ "TransitGatewayId", MODEL_TGT_TGW, MODEL_TGW },
		{ "VpcPeeringConnectionId", MODEL_TGT_PCX, MODEL_PCX },
		{ "EgressOnlyInternetGatewayId", MODEL_TGT_EIGW, MODEL_EIGW },
		{ "VpcEndpointId", MODEL_TGT_VPCE_GATEWAY, MODEL_VPCE },
		{ "NetworkInterfaceId", MODEL_TGT_ENI, MODEL_ENI },
		{ "InstanceId", MODEL_TGT_INSTANCE, MODEL_N_KINDS },
		{ "GatewayId", MODEL_TGT_OTHER, MODEL_N_KINDS },
		{ "LocalGatewayId", MODEL_TGT_OTHER, MODEL_N_KINDS },
		{ "CarrierGatewayId", MODEL_TGT_OTHER, MODEL_N_KINDS },
		{ "CoreNetworkArn", MODEL_TGT_OTHER, MODEL_N_KINDS },
	};
	const char *inst;
	if (!get_str(ld, o, "InstanceId", false, &inst))
		return false;
	r->instance_id = g_strdup(inst);
	r->tkind = MODEL_TGT_BLACKHOLE;
	bool tolerant = r->state == MODEL_STATE_BLACKHOLE;
	for (unsigned k = 0; k < G_N_ELEMENTS(keys); k++) {
		const char *id;
		if (!get_str(ld, o, keys[k].key, false, &id))
			return false;
		if (!id)
			continue;
		const char *key = keys[k].key;
		r->target_id = g_strdup(id);
		r->tkind = keys[k].tk;
		enum model_kind kind = keys[k].kind;
		if (!strcmp(key, "GatewayId")) {
			if (!strcmp(id, "local")) {
				r->tkind = MODEL_TGT_LOCAL;
				r->target = &rtb->vpc->o;
				return true;
			}
			if (g_str_has_prefix(id, "igw-"))
				r->tkind = MODEL_TGT_IGW, kind = MODEL_IGW;
			else if (g_str_has_prefix(id, "vgw-"))
				r->tkind = MODEL_TGT_VGW, kind = MODEL_VGW;
			else if (g_str_has_prefix(id, "vpce-"))
				kind = MODEL_VPCE;
		}
		if (!strcmp(key, "InstanceId")) {
			/* no describe-instances: the instance's device-0 ENI stands for it */
			for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_ENI) && !r->target; i++) {
				struct model_eni *e = MODEL_GET(ld->m, MODEL_ENI, struct model_eni, i);
				if (e->instance_id && !strcmp(e->instance_id, id) && e->device_index <= 0)
					r->target = &e->o;
			}
			return true;
		}
		if (kind == MODEL_N_KINDS)
			return true;
		struct model_obj *t = g_hash_table_lookup(ld->m->by_id, id);
		if (!t && tolerant)
			return true;
		if (!ref_id(ld, key, kind, id, (void **)&r->target))
			return false;
		if (kind == MODEL_VPCE) {
			static const enum model_target_kind by_type[] = {
				[MODEL_VPCE_GATEWAY] = MODEL_TGT_VPCE_GATEWAY,
				[MODEL_VPCE_INTERFACE] = MODEL_TGT_VPCE_INTERFACE,
				[MODEL_VPCE_GWLB] = MODEL_TGT_VPCE_GWLB,
				[MODEL_VPCE_OTHER] = MODEL_TGT_OTHER,
			};
			r->tkind = by_type[((struct model_vpce *)r->target)->type];
		}
		return true;
	}
	return true;
}

static bool
load_rtb_routes(struct ld *ld, const struct src *s)
{
	for (guint i = 0; i < src_len(s); i++) {
		JsonObject *o;
		struct model_rtb *r = MODEL_GET(ld->m, MODEL_RTB, struct model_rtb, i);
		JsonArray *routes, *assocs;
		if (!src_elem(ld, s, i, &o) || !get_arr(ld, o, "Routes", &routes) ||
			!get_arr(ld, o, "Associations", &assocs) ||
			!ref_objects(ld, o, "PropagatingVgws", "GatewayId", MODEL_VGW, r->propagating_vgws))
			return false;
		r->routes = g_new0(struct model_route, alen(routes) + 1);
		for (guint j = 0; j < alen(routes); j++) {
			size_t mk = push_idx(ld, "Routes", j);
			JsonObject *e;
			struct model_route *rt = &r->routes[r->n_routes++];
			struct model_prefix v6;
			const char *pl, *origin, *state;
			if (!elem_obj(ld, routes, j, &e) ||
				!get_prefix(ld, e, "DestinationCidrBlock", false, &rt->dst) ||
				!get_prefix(ld, e, "DestinationIpv6CidrBlock", false, &v6) ||
				!get_str(ld, e, "DestinationPrefixListId", false, &pl) ||
				!get_str(ld, e, "Origin", false, &origin) || !get_str(ld, e, "State", false, &state))
				return false;
			if (rt->dst.af == MODEL_AF_INET) {
				rt->dkind = MODEL_DEST_CIDR4;
			} else if (v6.af == MODEL_AF_INET6) {
				rt->dst = v6;
				rt->dkind = MODEL_DEST_CIDR6;
			} else if (pl) {
				rt->dkind = MODEL_DEST_PREFIX_LIST;
				if (!ref_id(ld, "DestinationPrefixListId", MODEL_PL, pl, (void **)&rt->dst_pl))
					return false;
			} else {
				return fail(ld, MODEL_ERROR_TYPE, "DestinationCidrBlock",
					"missing (and no DestinationIpv6CidrBlock or DestinationPrefixListId)");
			}
			if (!origin || !strcmp(origin, "CreateRoute"))
				rt->origin = MODEL_ORIGIN_CREATE_ROUTE;
			else if (!strcmp(origin, "CreateRouteTable"))
				rt->origin = MODEL_ORIGIN_CREATE_ROUTE_TABLE;
			else if (!strcmp(origin, "EnableVgwRoutePropagation"))
				rt->origin = MODEL_ORIGIN_VGW_PROPAGATION;
			else
				rt->origin = MODEL_ORIGIN_OTHER;
			if (!state || !strcmp(state, "active"))
				rt->state = MODEL_STATE_ACTIVE;
			else if (!strcmp(state, "blackhole"))
				rt->state = MODEL_STATE_BLACKHOLE;
			else
				return fail(ld, MODEL_ERROR_VALUE, "State", "not active or blackhole: \"%s\"", state);
			if (!route_target(ld, e, r, rt))
				return false;
			pop(ld, mk);
		}
		for (guint j = 0; j < alen(assocs); j++) {
			size_t mk = push_idx(ld, "Associations", j);
			JsonObject *e, *st;
			bool is_main;
			const char *gw, *state = NULL;
			struct model_subnet *sn;
			if (!elem_obj(ld, assocs, j, &e) || !get_bool(ld, e, "Main", false, &is_main) ||
				!ref(ld, e, "SubnetId", MODEL_SUBNET, false, (void **)&sn) ||
				!get_str(ld, e, "GatewayId", false, &gw) ||
				!get_obj(ld, e, "AssociationState", &st) ||
				(st && !get_str(ld, st, "State", false, &state)))
				return false;
			if (state && strcmp(state, "associated") && strcmp(state, "associating")) {
				pop(ld, mk);
				continue;
			}
			if (is_main) {
				if (r->vpc->main_rtb && r->vpc->main_rtb != r)
					return fail(ld, MODEL_ERROR_VALUE, "Main", "%s already has main route table %s",
						r->vpc->o.id, r->vpc->main_rtb->o.id);
				r->is_main = true;
				r->vpc->main_rtb = r;
			}
			if (sn) {
				if (sn->vpc != r->vpc)
					return fail(ld, MODEL_ERROR_REFERENCE, "SubnetId", "%s is not in %s",
						sn->o.id, r->vpc->o.id);
				if (sn->rtb && sn->rtb != r)
					return fail(ld, MODEL_ERROR_VALUE, "SubnetId",
						"subnet %s is already associated with %s", sn->o.id, sn->rtb->o.id);
				sn->rtb = r;
				add_unique(r->subnets, sn);
			}
			if (gw) {
				enum model_kind gk = g_str_has_prefix(gw, "vgw-") ? MODEL_VGW : MODEL_IGW;
				struct model_obj *g;
				if (!ref_id(ld, "GatewayId", gk, gw, (void **)&g))
					return false;
				add_unique(r->edge_gateways, g);
				if (gk == MODEL_IGW)
					((struct model_igw *)g)->edge_rtb = r;
				else
					((struct model_vgw *)g)->edge_rtb = r;
			}
			pop(ld, mk);
		}
	}
	/* AWS gives every VPC a main route table */
	ld->file = s->file;
	for (guint i = 0; i < src_len(s); i++) {
		struct model_rtb *r = MODEL_GET(ld->m, MODEL_RTB, struct model_rtb, i);
		if (!r->vpc->main_rtb) {
			g_string_printf(ld->path, "$.RouteTables[%u]", i);
			return fail(ld, MODEL_ERROR_VALUE, "VpcId", "%s has no main route table", r->vpc->o.id);
		}
	}
	return true;
}

/* search-transit-gateway-routes, get-transit-gateway-route-table-associations and
 * -propagations, one file per TGW route table. */
static bool
load_tgw_tables(struct ld *ld)
{
	for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_TGW_RTB); i++) {
		struct model_tgw_rtb *r = MODEL_GET(ld->m, MODEL_TGW_RTB, struct model_tgw_rtb, i);
		char *rel = g_strdup_printf("search-transit-gateway-routes/%s.json", r->o.id);
		struct src s;
		bool ok = src_open(ld, rel, "Routes", &s);
		g_free(rel);
		if (!ok)
			return false;
		/* any page cut short cuts the table (search-transit-gateway-routes: at most
		 * 1,000 routes, AdditionalRoutesAvailable says there were more) */
		for (guint p = 0; p < s.roots->len; p++) {
			bool more;
			ld->file = g_ptr_array_index(s.root_files, p);
			g_string_assign(ld->path, "$");
			if (!get_bool(ld, g_ptr_array_index(s.roots, p), "AdditionalRoutesAvailable", false,
				    &more))
				return false;
			r->routes_truncated |= more;
		}
		r->routes = g_new0(struct model_tgw_route, src_len(&s) + 1);
		for (guint j = 0; j < src_len(&s); j++) {
			JsonObject *o;
			struct model_tgw_route *rt = &r->routes[r->n_routes++];
			rt->attachments = g_ptr_array_new();
			const char *type, *state, *pl;
			struct model_prefix v6;
			if (!src_elem(ld, &s, j, &o) ||
				!get_prefix(ld, o, "DestinationCidrBlock", false, &rt->dst) ||
				!get_prefix(ld, o, "DestinationIpv6CidrBlock", false, &v6) ||
				!get_str(ld, o, "PrefixListId", false, &pl) ||
				!get_str(ld, o, "Type", true, &type) || !get_str(ld, o, "State", true, &state))
				return false;
			if (!rt->dst.af)
				rt->dst = v6;
			if (pl && !ref_id(ld, "PrefixListId", MODEL_PL, pl, (void **)&rt->dst_pl))
				return false;
			if (rt->dst.af)
				rt->dkind = rt->dst.af == MODEL_AF_INET ? MODEL_DEST_CIDR4 : MODEL_DEST_CIDR6;
			else if (pl)
				rt->dkind = MODEL_DEST_PREFIX_LIST;
			else
				return fail(ld, MODEL_ERROR_TYPE, "DestinationCidrBlock",
					"missing (and no PrefixListId)");
			if (!strcmp(type, "static"))
				rt->type = MODEL_TGW_ROUTE_STATIC;
			else if (!strcmp(type, "propagated"))
				rt->type = MODEL_TGW_ROUTE_PROPAGATED;
			else
				return fail(ld, MODEL_ERROR_VALUE, "Type", "not static or propagated: \"%s\"", type);
			if (!strcmp(state, "active"))
				rt->state = MODEL_STATE_ACTIVE;
			else if (!strcmp(state, "blackhole"))
				rt->state = MODEL_STATE_BLACKHOLE;
			else
				return fail(ld, MODEL_ERROR_VALUE, "State", "not active or blackhole: \"%s\"", state);
			JsonArray *a;
			if (!get_arr(ld, o, "TransitGatewayAttachments", &a))
				return false;
			for (guint k = 0; k < alen(a); k++) {
				size_t mk = push_idx(ld, "TransitGatewayAttachments", k);
				JsonObject *e;
				const char *aid;
				struct model_tgw_attach *at;
				if (!elem_obj(ld, a, k, &e) ||
					!get_str(ld, e, "TransitGatewayAttachmentId", true, &aid))
					return false;
				struct model_obj *known = g_hash_table_lookup(ld->m->by_id, aid);
				if (!known && rt->state == MODEL_STATE_BLACKHOLE) {
					pop(ld, mk);
					continue;
				}
				if (!ref_id(ld, "TransitGatewayAttachmentId", MODEL_TGW_ATTACH, aid, (void **)&at))
					return false;
				if (at->tgw != r->tgw)
					return fail(ld, MODEL_ERROR_REFERENCE, "TransitGatewayAttachmentId",
						"%s belongs to %s, not %s", aid, at->tgw->o.id, r->tgw->o.id);
				g_ptr_array_add(rt->attachments, at);
				pop(ld, mk);
			}
		}
		static const char *const files[][2] = {
			{ "get-transit-gateway-route-table-associations", "Associations" },
			{ "get-transit-gateway-route-table-propagations", "TransitGatewayRouteTablePropagations" },
		};
		for (unsigned f = 0; f < 2; f++) {
			rel = g_strdup_printf("%s/%s.json", files[f][0], r->o.id);
			ok = src_open(ld, rel, files[f][1], &s);
			g_free(rel);
			if (!ok)
				return false;
			for (guint j = 0; j < src_len(&s); j++) {
				JsonObject *o;
				struct model_tgw_attach *at;
				const char *state;
				if (!src_elem(ld, &s, j, &o) ||
					!ref(ld, o, "TransitGatewayAttachmentId", MODEL_TGW_ATTACH, true, (void **)&at) ||
					!get_str(ld, o, "State", false, &state))
					return false;
				if (at->tgw != r->tgw)
					return fail(ld, MODEL_ERROR_REFERENCE, "TransitGatewayAttachmentId",
						"%s belongs to %s, not %s", at->o.id, at->tgw->o.id, r->tgw->o.id);
				if (state && strcmp(state, f ? "enabled" : "associated") &&
					strcmp(state, f ? "enabling" : "associating"))
					continue;
				if (f == 0) {
					if (at->assoc_rtb && at->assoc_rtb != r)
						return fail(ld, MODEL_ERROR_VALUE, "TransitGatewayAttachmentId",
							"%s is already associated with %s", at->o.id,
							at->assoc_rtb->o.id);
					tgw_associate(at, r);
				} else {
					tgw_propagate(at, r);
				}
			}
		}
	}
	return true;
}

/* awstrace.json: what the AWS APIs cannot describe (DESIGN.md); one per snapshot
 * directory that has it. */
static bool
load_awstrace_root(struct ld *ld, JsonObject *root)
{
	JsonObject *onprem;
	JsonArray *nets = NULL, *links, *vantages;
	if (!get_obj(ld, root, "OnPremises", &onprem))
		return false;
	if (onprem) {
		size_t mk = push_key(ld, "OnPremises");
		if (!get_arr(ld, onprem, "Networks", &nets))
			return false;
		pop(ld, mk);
	}
	for (guint i = 0; i < alen(nets); i++) {
		g_string_printf(ld->path, "$.OnPremises.Networks[%u]", i);
		JsonObject *o;
		const char *cidr, *nname;
		if (!elem_obj(ld, nets, i, &o) || !get_str(ld, o, "Cidr", true, &cidr) ||
			!get_str(ld, o, "Name", false, &nname))
			return false;
		JsonObject *idobj = json_object_new();
		json_object_set_string_member(idobj, "Id", nname ? nname : cidr);
		struct model_onprem *n = obj_new(ld, MODEL_ONPREM, sizeof(*n), idobj, "Id");
		json_object_unref(idobj);
		if (!n || !get_prefix(ld, o, "Cidr", true, &n->cidr))
			return false;
		n->o.name = g_strdup(nname);
		JsonArray *a;
		if (!get_arr(ld, o, "AdvertisedVia", &a))
			return false;
		n->adv = g_new0(struct model_adv, alen(a) + 1);
		for (guint j = 0; j < alen(a); j++) {
			size_t mk = push_idx(ld, "AdvertisedVia", j);
			JsonObject *e;
			const char *id;
			gint64 len;
			if (!elem_obj(ld, a, j, &e) || !get_str(ld, e, "Id", true, &id) ||
				!get_int(ld, e, "AsPathLength", 1, &len))
				return false;
			struct model_obj *via = g_hash_table_lookup(ld->m->by_id, id);
			if (!via || (via->kind != MODEL_DXVIF && via->kind != MODEL_VPN))
				return fail(ld, MODEL_ERROR_REFERENCE, "Id",
					"%s is not a known virtual interface or VPN connection", id);
			if (len < 0 || len > 255)
				return fail(ld, MODEL_ERROR_VALUE, "AsPathLength", "out of range: %" G_GINT64_FORMAT, len);
			struct model_adv *ad = &n->adv[n->n_adv++];
			ad->id = g_strdup(id);
			ad->via = via;
			ad->as_path_len = (uint32_t)len;
			pop(ld, mk);
		}
	}
	/* Links and Vantages at the top (DESIGN.md); also accepted under OnPremises */
	JsonObject *holders[] = { root, onprem };
	const char *hpath[] = { "$", "$.OnPremises" };
	for (unsigned h = 0; h < 2; h++) {
		if (!holders[h])
			continue;
		g_string_assign(ld->path, hpath[h]);
		if (!get_arr(ld, holders[h], "Links", &links) || !get_arr(ld, holders[h], "Vantages", &vantages))
			return false;
		if (alen(links)) {
			ld->m->links = g_renew(struct model_link, ld->m->links, ld->m->n_links + alen(links));
		}
		for (guint i = 0; i < alen(links); i++) {
			size_t mk = push_idx(ld, "Links", i);
			JsonObject *e;
			const char *id;
			struct model_link *l = &ld->m->links[ld->m->n_links];
			memset(l, 0, sizeof(*l));
			if (!elem_obj(ld, links, i, &e) || !get_str(ld, e, "Id", true, &id) ||
				!get_double(ld, e, "CapacityMbps", &l->capacity_mbps) ||
				!get_double(ld, e, "LatencyMs", &l->latency_ms))
				return false;
			l->obj = g_hash_table_lookup(ld->m->by_id, id);
			if (!l->obj)
				return fail(ld, MODEL_ERROR_REFERENCE, "Id", "unknown link %s", id);
			l->id = g_strdup(id);
			ld->m->n_links++;
			pop(ld, mk);
		}
		if (alen(vantages))
			ld->m->vantages = g_renew(struct model_vantage, ld->m->vantages,
				ld->m->n_vantages + alen(vantages));
		for (guint i = 0; i < alen(vantages); i++) {
			size_t mk = push_idx(ld, "Vantages", i);
			JsonObject *e;
			const char *vname, *where;
			if (!elem_obj(ld, vantages, i, &e) || !get_str(ld, e, "Name", true, &vname) ||
				!get_str(ld, e, "Where", true, &where))
				return false;
			struct model_obj *w = g_hash_table_lookup(ld->m->by_id, where);
			if (!w)
				return fail(ld, MODEL_ERROR_REFERENCE, "Where", "unknown %s", where);
			struct model_vantage *v = &ld->m->vantages[ld->m->n_vantages++];
			v->name = g_strdup(vname);
			v->where_id = g_strdup(where);
			v->where = w;
			pop(ld, mk);
		}
	}
	return true;
}

static bool
load_awstrace(struct ld *ld)
{
	struct src s;
	if (!src_open(ld, "awstrace.json", NULL, &s))
		return false;
	for (guint r = 0; r < s.roots->len; r++) {
		ld->file = g_ptr_array_index(s.root_files, r);
		g_string_assign(ld->path, "$");
		if (!load_awstrace_root(ld, g_ptr_array_index(s.roots, r)))
			return false;
	}
	return true;
}

/* A per-table file (search-transit-gateway-routes/<id>.json and the like) names its table
 * in its file name; one for a table the snapshot does not describe is a stale or misplaced
 * file, and its routes would be silently unused. */
static bool
check_table_files(struct ld *ld)
{
	static const struct {
		const char *dir;
		enum model_kind kind;
		const char *listed_in;
	} dirs[] = {
		{ "search-transit-gateway-routes", MODEL_TGW_RTB,
			"describe-transit-gateway-route-tables.json" },
		{ "get-transit-gateway-route-table-associations", MODEL_TGW_RTB,
			"describe-transit-gateway-route-tables.json" },
		{ "get-transit-gateway-route-table-propagations", MODEL_TGW_RTB,
			"describe-transit-gateway-route-tables.json" },
		{ "get-managed-prefix-list-entries", MODEL_PL, "describe-managed-prefix-lists.json" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(dirs) * ld->dirs->len; i++) {
		const char *top = g_ptr_array_index(ld->dirs, i / G_N_ELEMENTS(dirs));
		char *path = g_build_filename(top, dirs[i % G_N_ELEMENTS(dirs)].dir, NULL);
		g_ptr_array_add(ld->names, path);
		GDir *d = g_dir_open(path, 0, NULL);
		const char *n;
		bool ok = true;
		while (ok && d && (n = g_dir_read_name(d)) != NULL) {
			if (!g_str_has_suffix(n, ".json"))
				continue;
			char *id = g_strndup(n, strlen(n) - 5);
			if (!model_find(ld->m, dirs[i % G_N_ELEMENTS(dirs)].kind, id)) {
				char *file = g_build_filename(path, n, NULL);
				g_ptr_array_add(ld->names, file);
				ld->file = file;
				g_string_assign(ld->path, "$");
				ok = fail(ld, MODEL_ERROR_REFERENCE, NULL, "%s is not in %s", id,
					dirs[i % G_N_ELEMENTS(dirs)].listed_in);
			}
			g_free(id);
		}
		if (d)
			g_dir_close(d);
		if (!ok)
			return false;
	}
	return true;
}

static bool
has_snapshot_file(const char *dir)
{
	for (size_t i = 0; i < G_N_ELEMENTS(snapshot_files); i++) {
		char *p = g_build_filename(dir, snapshot_files[i].file, NULL);
		bool there = g_file_test(p, G_FILE_TEST_EXISTS);
		g_free(p);
		if (there)
			return true;
	}
	return false;
}

static int
str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds the snapshot directories dir stands for to out: dir (or dir/snap) when it holds a
 * snapshot file, else those of its sub-directories (two levels: account/Region), in name
 * order so the model does not depend on readdir. FALSE when there is none. */
static bool
expand_dir(const char *dir, GPtrArray *out, int levels)
{
	char *snap = g_build_filename(dir, "snap", NULL);
	if (g_file_test(snap, G_FILE_TEST_IS_DIR) && has_snapshot_file(snap)) {
		g_ptr_array_add(out, snap);
		return true;
	}
	g_free(snap);
	if (has_snapshot_file(dir)) {
		g_ptr_array_add(out, g_strdup(dir));
		return true;
	}
	if (!levels)
		return false;
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return false;
	GPtrArray *subs = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while ((n = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, n, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			g_ptr_array_add(subs, p);
		else
			g_free(p);
	}
	g_dir_close(d);
	g_ptr_array_sort(subs, str_cmp);
	bool found = false;
	for (guint i = 0; i < subs->len; i++)
		found |= expand_dir(g_ptr_array_index(subs, i), out, levels - 1);
	g_ptr_array_free(subs, TRUE);
	return found;
}

struct model *
model_load_dirs(const char *const *dirs, size_t n, unsigned flags, GError **error)
{
	g_return_val_if_fail(dirs != NULL && n > 0, NULL);
	struct model *m = g_new0(struct model, 1);
	for (unsigned k = 0; k < MODEL_N_KINDS; k++)
		m->objs[k] = g_ptr_array_new_with_free_func(obj_free);
	m->by_id = g_hash_table_new(g_str_hash, g_str_equal);
	m->warnings = g_ptr_array_new_with_free_func(warning_free);
	m->dirs = g_ptr_array_new_with_free_func(g_free);
	for (size_t i = 0; i < n; i++) {
		if (!g_file_test(dirs[i], G_FILE_TEST_IS_DIR)) {
			g_set_error(error, MODEL_ERROR, MODEL_ERROR_IO, "%s: not a topology directory",
				dirs[i]);
			model_free(m);
			return NULL;
		}
		if (!expand_dir(dirs[i], m->dirs, 2)) {
			g_set_error(error, MODEL_ERROR, MODEL_ERROR_EMPTY,
				"%s: no snapshot files (describe-vpcs.json, describe-subnets.json…) in it or "
				"its sub-directories", dirs[i]);
			model_free(m);
			return NULL;
		}
	}
	m->dir = g_strdup(g_ptr_array_index(m->dirs, 0));
	struct ld ld = {
		.m = m,
		.dirs = m->dirs,
		.file = m->dir,
		.path = g_string_new("$"),
		.keep = g_ptr_array_new_with_free_func(g_object_unref),
		.keep_ptrs = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref),
		.keep_arrs = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref),
		.names = g_ptr_array_new_with_free_func(g_free),
		.error = error,
	};
	struct src rtbs;
	bool ok = load_prefix_lists(&ld) && load_vpcs(&ld) && load_subnets(&ld) &&
		load_igws(&ld, false) && load_igws(&ld, true) && load_vgws(&ld) && load_cgws(&ld) &&
		load_sgs(&ld) && load_nacls(&ld) && load_tgws(&ld) && load_tgw_rtbs(&ld) &&
		load_pcxs(&ld) && load_dx(&ld) && load_dxgw_assocs(&ld) && load_vpns(&ld) &&
		load_tgw_attachments(&ld) && load_enis(&ld) && load_natgws(&ld) &&
		load_rtb_shells(&ld, &rtbs) && load_vpces(&ld) && load_elbv2(&ld) &&
		load_rtb_routes(&ld, &rtbs) && load_tgw_tables(&ld) && check_table_files(&ld) &&
		load_awstrace(&ld);
	if (ok && (flags & MODEL_LOAD_STRICT) && m->warnings->len) {
		const struct model_warning *w = g_ptr_array_index(m->warnings, 0);
		g_set_error(error, MODEL_ERROR, MODEL_ERROR_WARNING, "%s: %s: %s%s", w->file, w->path,
			w->what, m->warnings->len > 1 ? " (and more warnings)" : "");
		ok = false;
	}
	g_string_free(ld.path, TRUE);
	g_ptr_array_free(ld.keep, TRUE);
	g_ptr_array_free(ld.keep_ptrs, TRUE);
	g_ptr_array_free(ld.keep_arrs, TRUE);
	g_ptr_array_free(ld.names, TRUE);
	if (!ok) {
		model_free(m);
		return NULL;
	}
	return m;
}

struct model *
model_load(const char *dir, GError **error)
{
	g_return_val_if_fail(dir != NULL, NULL);
	return model_load_dirs(&dir, 1, 0, error);
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
