/* load.c - reads AWS-CLI snapshot directories (DESIGN.md "Topology") into struct model,
 * resolving every cross reference: the JSON layer (files, pages, depth, paths in messages),
 * the helpers every per-service loader uses (load.h), freeing, and the order of the steps.
 * The loaders themselves follow AWS's service families: load_vpc.c (EC2/VPC), load_tgw.c,
 * load_vpn.c, load_dx.c (Direct Connect), load_elb.c (ELBv2), load_awstrace.c.
 *
 * Loading runs in dependency order: prefix lists, VPCs, subnets, gateways, security
 * groups, NACLs, transit gateways and their route tables (shells), peerings, Direct
 * Connect, VPN connections, TGW attachments and their Connect peers, ENIs, NAT gateways,
 * route-table shells, endpoints, load balancers, then the route tables' routes and
 * associations, the TGW routes/associations/propagations and awstrace.json. A reference is
 * resolved when read, so it must name an object of an earlier step (or of the same file's
 * first pass). Every error names the file, the JSON path and the id; the first error stops
 * the load.
 */
#include "model/load.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

G_DEFINE_QUARK(awstrace-model-error-quark, model_error)

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
		g_free(v->owner_id);
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
		g_free(t->owner_id);
		break;
	}
	case MODEL_TGW_ATTACH: {
		struct model_tgw_attach *a = p;
		g_free(a->res_id);
		g_free(a->state);
		ptrs_free(a->propagates_to);
		ptrs_free(a->subnets);
		ptrs_free(a->connect_peers);
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
		for (size_t i = 0; i < t->n_targets; i++) {
			g_free(t->targets[i].id);
			g_free(t->targets[i].az);
			g_free(t->targets[i].state);
		}
		g_free(t->targets);
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
snapshot_free(gpointer p)
{
	struct model_snapshot *sn = p;
	g_free(sn->dir);
	g_free(sn->account);
	g_free(sn->region);
	g_free(sn);
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
	ptrs_free(m->snapshots);
	g_free(m->dir);
	g_free(m);
}

/* ---- the loader's state and JSON helpers -------------------------------------------- */

G_GNUC_PRINTF(4, 5)
bool
ld_fail(struct ld *ld, int code, const char *key, const char *fmt, ...)
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
void
ld_warn(struct ld *ld, const char *key, const char *fmt, ...)
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

size_t
ld_push_idx(struct ld *ld, const char *key, guint i)
{
	size_t mark = ld->path->len;
	g_string_append_printf(ld->path, ".%s[%u]", key, i);
	return mark;
}

size_t
ld_push_key(struct ld *ld, const char *key)
{
	size_t mark = ld->path->len;
	g_string_append_printf(ld->path, ".%s", key);
	return mark;
}

void
ld_pop(struct ld *ld, size_t mark)
{
	g_string_truncate(ld->path, mark);
}

guint
ld_src_len(const struct src *s)
{
	return s->elems ? s->elems->len : 0;
}

/* The member, or NULL when absent or JSON null. */
JsonNode *
ld_member(JsonObject *o, const char *key)
{
	JsonNode *n = json_object_get_member(o, key);
	if (n && JSON_NODE_HOLDS_NULL(n))
		return NULL;
	return n;
}

const char *
ld_node_type(JsonNode *n)
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

bool
ld_is_value(JsonNode *n, GType t)
{
	return JSON_NODE_TYPE(n) == JSON_NODE_VALUE && json_node_get_value_type(n) == t;
}

/* *out = the string member or NULL when absent; "" counts as absent when !keep_empty. */
bool
ld_str(struct ld *ld, JsonObject *o, const char *key, bool required, const char **out)
{
	*out = NULL;
	JsonNode *n = ld_member(o, key);
	if (n && !ld_is_value(n, G_TYPE_STRING))
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "expected a string, got %s", ld_node_type(n));
	if (n)
		*out = json_node_get_string(n);
	if (*out && !**out)
		*out = NULL;
	if (!*out && required)
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "missing");
	return true;
}

bool
ld_strdup(struct ld *ld, JsonObject *o, const char *key, char **out)
{
	const char *s;
	if (!ld_str(ld, o, key, false, &s))
		return false;
	*out = g_strdup(s);
	return true;
}

bool
ld_int(struct ld *ld, JsonObject *o, const char *key, gint64 dflt, gint64 *out)
{
	*out = dflt;
	JsonNode *n = ld_member(o, key);
	if (!n)
		return true;
	if (!ld_is_value(n, G_TYPE_INT64))
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "expected an integer, got %s", ld_node_type(n));
	*out = json_node_get_int(n);
	return true;
}

bool
ld_double(struct ld *ld, JsonObject *o, const char *key, double *out)
{
	*out = 0;
	JsonNode *n = ld_member(o, key);
	if (!n)
		return true;
	if (!ld_is_value(n, G_TYPE_INT64) && !ld_is_value(n, G_TYPE_DOUBLE))
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "expected a number, got %s", ld_node_type(n));
	*out = json_node_get_double(n);
	return true;
}

bool
ld_bool(struct ld *ld, JsonObject *o, const char *key, bool dflt, bool *out)
{
	*out = dflt;
	JsonNode *n = ld_member(o, key);
	if (!n)
		return true;
	if (!ld_is_value(n, G_TYPE_BOOLEAN))
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "expected a boolean, got %s", ld_node_type(n));
	*out = json_node_get_boolean(n);
	return true;
}

/* An ASN: a number, or a string of digits (describe-customer-gateways' BgpAsn). */
bool
ld_asn(struct ld *ld, JsonObject *o, const char *key, uint32_t *out)
{
	*out = 0;
	JsonNode *n = ld_member(o, key);
	if (!n)
		return true;
	gint64 v = -1;
	if (ld_is_value(n, G_TYPE_INT64)) {
		v = json_node_get_int(n);
	} else if (ld_is_value(n, G_TYPE_STRING)) {
		const char *s = json_node_get_string(n);
		char *end;
		errno = 0;
		v = g_ascii_strtoll(s, &end, 10);
		if (errno || end == s || *end)
			v = -1;
	} else {
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "expected an ASN, got %s", ld_node_type(n));
	}
	if (v < 0 || v > G_MAXUINT32)
		return ld_fail(ld, MODEL_ERROR_VALUE, key, "not an ASN");
	*out = (uint32_t)v;
	return true;
}

bool
ld_arr(struct ld *ld, JsonObject *o, const char *key, JsonArray **out)
{
	*out = NULL;
	JsonNode *n = ld_member(o, key);
	if (!n)
		return true;
	if (JSON_NODE_TYPE(n) != JSON_NODE_ARRAY)
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "expected an array, got %s", ld_node_type(n));
	*out = json_node_get_array(n);
	return true;
}

bool
ld_obj(struct ld *ld, JsonObject *o, const char *key, JsonObject **out)
{
	*out = NULL;
	JsonNode *n = ld_member(o, key);
	if (!n)
		return true;
	if (JSON_NODE_TYPE(n) != JSON_NODE_OBJECT)
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "expected an object, got %s", ld_node_type(n));
	*out = json_node_get_object(n);
	return true;
}

guint
ld_alen(JsonArray *a)
{
	return a ? json_array_get_length(a) : 0;
}

/* Element i of a, which must be an object; the path already ends in [i]. */
bool
ld_elem_obj(struct ld *ld, JsonArray *a, guint i, JsonObject **out)
{
	JsonNode *n = json_array_get_element(a, i);
	if (JSON_NODE_TYPE(n) != JSON_NODE_OBJECT) {
		*out = NULL;
		return ld_fail(ld, MODEL_ERROR_TYPE, NULL, "expected an object, got %s", ld_node_type(n));
	}
	*out = json_node_get_object(n);
	return true;
}

/* Element i of a, which must be a string; the path already ends in [i]. */
bool
ld_elem_str(struct ld *ld, JsonArray *a, guint i, const char **out)
{
	JsonNode *n = json_array_get_element(a, i);
	if (!ld_is_value(n, G_TYPE_STRING)) {
		*out = NULL;
		return ld_fail(ld, MODEL_ERROR_TYPE, NULL, "expected a string, got %s", ld_node_type(n));
	}
	*out = json_node_get_string(n);
	return true;
}

bool
ld_prefix(struct ld *ld, JsonObject *o, const char *key, bool required, struct model_prefix *p)
{
	const char *s;
	memset(p, 0, sizeof(*p));
	if (!ld_str(ld, o, key, required, &s))
		return false;
	if (s && !model_prefix_parse(s, p))
		return ld_fail(ld, MODEL_ERROR_VALUE, key, "not a CIDR: \"%s\"", s);
	return true;
}

/* "169.254.100.1/30": an address and its prefix length, not masked. */
bool
ld_ifaddr(struct ld *ld, JsonObject *o, const char *key, struct model_ifaddr *ia)
{
	const char *s;
	memset(ia, 0, sizeof(*ia));
	if (!ld_str(ld, o, key, false, &s))
		return false;
	if (!s)
		return true;
	struct model_prefix p;
	const char *slash = strchr(s, '/');
	char host[MODEL_PREFIX_STRLEN];
	if (!model_prefix_parse(s, &p) || (size_t)(slash - s) >= sizeof(host))
		return ld_fail(ld, MODEL_ERROR_VALUE, key, "not an address/length: \"%s\"", s);
	memcpy(host, s, (size_t)(slash - s));
	host[slash - s] = '\0';
	if (!model_addr_parse(host, &ia->addr))
		return ld_fail(ld, MODEL_ERROR_VALUE, key, "not an address/length: \"%s\"", s);
	ia->len = p.len;
	return true;
}

bool
ld_addr(struct ld *ld, JsonObject *o, const char *key, bool required, struct model_addr *a)
{
	const char *s;
	memset(a, 0, sizeof(*a));
	if (!ld_str(ld, o, key, required, &s))
		return false;
	if (s && !model_addr_parse(s, a))
		return ld_fail(ld, MODEL_ERROR_VALUE, key, "not an IP address: \"%s\"", s);
	return true;
}

/* Appends the prefix of each element's member key (e.g. CidrBlockSet[].CidrBlock) to the
 * array of its family. */
bool
ld_prefix_list(struct ld *ld, JsonObject *o, const char *arrkey, const char *key,
	GArray *v4, GArray *v6)
{
	JsonArray *a;
	if (!ld_arr(ld, o, arrkey, &a))
		return false;
	for (guint i = 0; i < ld_alen(a); i++) {
		size_t mk = ld_push_idx(ld, arrkey, i);
		JsonObject *e;
		struct model_prefix p;
		if (!ld_elem_obj(ld, a, i, &e) || !ld_prefix(ld, e, key, false, &p))
			return false;
		if (p.af == MODEL_AF_INET)
			g_array_append_val(v4, p);
		else if (p.af == MODEL_AF_INET6)
			g_array_append_val(v6 ? v6 : v4, p);
		ld_pop(ld, mk);
	}
	return true;
}

GArray *
ld_prefixes_new(void)
{
	return g_array_new(FALSE, TRUE, sizeof(struct model_prefix));
}

/* The Value of the tag "Name" in Tags[] (or tags[] for Direct Connect), owned. */
bool
ld_name_tag(struct ld *ld, JsonObject *o, char **out)
{
	*out = NULL;
	const char *tk = json_object_has_member(o, "tags") ? "tags" : "Tags";
	JsonArray *a;
	if (!ld_arr(ld, o, tk, &a))
		return false;
	bool lower = tk[0] == 't';
	for (guint i = 0; i < ld_alen(a); i++) {
		size_t mk = ld_push_idx(ld, tk, i);
		JsonObject *t;
		const char *k, *v;
		if (!ld_elem_obj(ld, a, i, &t) || !ld_str(ld, t, lower ? "key" : "Key", false, &k) ||
			!ld_str(ld, t, lower ? "value" : "Value", false, &v))
			return false;
		if (k && v && !strcmp(k, "Name") && !*out)
			*out = g_strdup(v);
		ld_pop(ld, mk);
	}
	return true;
}

/* ---- objects and references ------------------------------------------------------- */

/* A new object of kind with this id (from member key of o), registered; NULL on a
 * duplicate or missing id. */
void *
ld_obj_new(struct ld *ld, enum model_kind kind, size_t size, JsonObject *o, const char *key)
{
	const char *id;
	if (!ld_str(ld, o, key, true, &id))
		return NULL;
	if (g_hash_table_contains(ld->m->by_id, id)) {
		ld_fail(ld, MODEL_ERROR_VALUE, key, "duplicate id %s", id);
		return NULL;
	}
	struct model_obj *ob = g_malloc0(size);
	ob->kind = kind;
	ob->id = g_strdup(id);
	ob->idx = ld->m->objs[kind]->len;
	ob->snapshot = ld->snapshot;
	g_ptr_array_add(ld->m->objs[kind], ob);
	g_hash_table_insert(ld->m->by_id, ob->id, ob);
	if (!ld_name_tag(ld, o, &ob->name))
		return NULL;
	return ob;
}

/* Another object with the id of one already registered (member key of o): the second
 * side of a TGW peering attachment. Not in m->by_id (that finds the first side); in
 * m->objs[kind] like any other. NULL when the id is missing. */
void *
ld_obj_new_side(struct ld *ld, enum model_kind kind, size_t size, JsonObject *o, const char *key)
{
	const char *id;
	if (!ld_str(ld, o, key, true, &id))
		return NULL;
	struct model_obj *ob = g_malloc0(size);
	ob->kind = kind;
	ob->id = g_strdup(id);
	ob->idx = ld->m->objs[kind]->len;
	ob->snapshot = ld->snapshot;
	g_ptr_array_add(ld->m->objs[kind], ob);
	if (!ld_name_tag(ld, o, &ob->name))
		return NULL;
	return ob;
}

const char *const ld_kind_words[MODEL_N_KINDS] = {
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

/* A stub of kind for id (model.h, struct model_obj): registered, its arrays empty, stub
 * set and missing the sentence fmt makes; the same sentence is a warning at the current
 * path (+ key). The caller fills what the reference itself told (a TGW attachment's TGW). */
void *
ld_stub(struct ld *ld, enum model_kind kind, const char *id, const char *key, const char *fmt, ...)
{
	static const size_t sizes[MODEL_N_KINDS] = {
		[MODEL_VPC] = sizeof(struct model_vpc),
		[MODEL_SUBNET] = sizeof(struct model_subnet),
		[MODEL_RTB] = sizeof(struct model_rtb),
		[MODEL_NACL] = sizeof(struct model_nacl),
		[MODEL_SG] = sizeof(struct model_sg),
		[MODEL_ENI] = sizeof(struct model_eni),
		[MODEL_IGW] = sizeof(struct model_igw),
		[MODEL_EIGW] = sizeof(struct model_eigw),
		[MODEL_NATGW] = sizeof(struct model_natgw),
		[MODEL_PCX] = sizeof(struct model_pcx),
		[MODEL_VPCE] = sizeof(struct model_vpce),
		[MODEL_PL] = sizeof(struct model_pl),
		[MODEL_TGW] = sizeof(struct model_tgw),
		[MODEL_TGW_ATTACH] = sizeof(struct model_tgw_attach),
		[MODEL_TGW_RTB] = sizeof(struct model_tgw_rtb),
		[MODEL_VPN] = sizeof(struct model_vpn),
		[MODEL_VGW] = sizeof(struct model_vgw),
		[MODEL_CGW] = sizeof(struct model_cgw),
		[MODEL_DXCON] = sizeof(struct model_dxcon),
		[MODEL_DXVIF] = sizeof(struct model_dxvif),
		[MODEL_DXGW] = sizeof(struct model_dxgw),
		[MODEL_DXGW_ASSOC] = sizeof(struct model_dxgw_assoc),
		[MODEL_LB] = sizeof(struct model_lb),
		[MODEL_TG] = sizeof(struct model_tg),
		[MODEL_ONPREM] = sizeof(struct model_onprem),
	};
	struct model_obj *ob = g_malloc0(sizes[kind]);
	ob->kind = kind;
	ob->id = g_strdup(id);
	ob->idx = ld->m->objs[kind]->len;
	ob->stub = true;
	va_list ap;
	va_start(ap, fmt);
	ob->missing = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(ld->m->objs[kind], ob);
	g_hash_table_insert(ld->m->by_id, ob->id, ob);
	switch (kind) {
	case MODEL_VPC: {
		struct model_vpc *v = (struct model_vpc *)ob;
		v->cidr4 = ld_prefixes_new();
		v->cidr6 = ld_prefixes_new();
		v->subnets = g_ptr_array_new();
		break;
	}
	case MODEL_TGW: {
		struct model_tgw *t = (struct model_tgw *)ob;
		t->cidr_blocks = ld_prefixes_new();
		t->attachments = g_ptr_array_new();
		t->rtbs = g_ptr_array_new();
		break;
	}
	case MODEL_TGW_ATTACH: {
		struct model_tgw_attach *a = (struct model_tgw_attach *)ob;
		a->propagates_to = g_ptr_array_new();
		a->subnets = g_ptr_array_new();
		a->res_type = MODEL_TGW_RES_OTHER;
		break;
	}
	case MODEL_PL:
		((struct model_pl *)ob)->cidrs = ld_prefixes_new();
		break;
	case MODEL_DXCON:
		((struct model_dxcon *)ob)->vlan = -1;
		break;
	case MODEL_DXGW: {
		struct model_dxgw *g = (struct model_dxgw *)ob;
		g->vifs = g_ptr_array_new();
		g->assocs = g_ptr_array_new();
		break;
	}
	case MODEL_VGW:
		((struct model_vgw *)ob)->vpcs = g_ptr_array_new();
		break;
	default:
		g_assert(kind == MODEL_SG); /* rules stay empty: n_ingress = n_egress = 0 */
		break;
	}
	ld_warn(ld, key, "%s", ob->missing);
	return ob;
}

/* Resolves id (from member key) to an object of kind. An unknown id of a kind another
 * account or Region may hold (a TGW shared by RAM, a hosted VIF's connection, another
 * account's security group, a prefix list, a DX gateway, a VGW) becomes a stub and a
 * warning (issue 11); any other unknown id is an error. */
bool
ld_ref_id(struct ld *ld, const char *key, enum model_kind kind, const char *id, void **out)
{
	*out = NULL;
	struct model_obj *o = g_hash_table_lookup(ld->m->by_id, id);
	if (!o) {
		const char *why;
		switch (kind) {
		case MODEL_TGW:
			why = " (another account's or Region's): its route tables are unknown";
			break;
		case MODEL_DXCON:
			why = " (a hosted virtual interface's connection is the partner's)";
			break;
		case MODEL_SG:
			why = " (another account's?): its rules are unknown";
			break;
		case MODEL_PL:
			why = ": its entries are unknown";
			break;
		case MODEL_DXGW:
			why = " (another account's?)";
			break;
		case MODEL_VGW:
			why = " (another account's or Region's?)";
			break;
		default:
			return ld_fail(ld, MODEL_ERROR_REFERENCE, key, "unknown %s %s",
				ld_kind_words[kind], id);
		}
		*out = ld_stub(ld, kind, id, key, "%s %s is not in the snapshot%s",
			ld_kind_words[kind], id, why);
		return true;
	}
	if (o->kind != kind)
		return ld_fail(ld, MODEL_ERROR_REFERENCE, key, "%s is a %s, not a %s", id,
			ld_kind_words[o->kind], ld_kind_words[kind]);
	*out = o;
	return true;
}

/* Resolves member key of o (absent → NULL unless required). */
bool
ld_ref(struct ld *ld, JsonObject *o, const char *key, enum model_kind kind, bool required,
	void **out)
{
	const char *id;
	*out = NULL;
	if (!ld_str(ld, o, key, required, &id))
		return false;
	return !id || ld_ref_id(ld, key, kind, id, out);
}

/* Appends the objects named by a string array (e.g. SubnetIds) to refs. */
bool
ld_ref_strings(struct ld *ld, JsonObject *o, const char *key, enum model_kind kind, GPtrArray *refs)
{
	JsonArray *a;
	if (!ld_arr(ld, o, key, &a))
		return false;
	for (guint i = 0; i < ld_alen(a); i++) {
		size_t mk = ld_push_idx(ld, key, i);
		const char *id;
		void *p;
		if (!ld_elem_str(ld, a, i, &id) || !ld_ref_id(ld, NULL, kind, id, &p))
			return false;
		g_ptr_array_add(refs, p);
		ld_pop(ld, mk);
	}
	return true;
}

/* Appends the objects named by an array of objects' member idkey (e.g. Groups[].GroupId). */
bool
ld_ref_objects(struct ld *ld, JsonObject *o, const char *key, const char *idkey,
	enum model_kind kind, GPtrArray *refs)
{
	JsonArray *a;
	if (!ld_arr(ld, o, key, &a))
		return false;
	for (guint i = 0; i < ld_alen(a); i++) {
		size_t mk = ld_push_idx(ld, key, i);
		JsonObject *e;
		void *p;
		if (!ld_elem_obj(ld, a, i, &e) || !ld_ref(ld, e, idkey, kind, true, &p))
			return false;
		g_ptr_array_add(refs, p);
		ld_pop(ld, mk);
	}
	return true;
}

void
ld_add_unique(GPtrArray *a, gpointer p)
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
	{ "describe-transit-gateway-connect-peers.json", MODEL_N_KINDS },
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
		/* an empty file (no document at all) goes to the parser, which says so; only a
		 * document found too deep stops here (depth_at is set only then) */
		size_t depth_at = 0;
		size_t end = at < len ? json_value_end(text, len, at, MODEL_JSON_MAX_DEPTH, &depth_at) : len;
		unsigned line, col;
		if (!end && at < len) {
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
			ok = ld_fail(ld, MODEL_ERROR_TYPE, NULL, "expected an object, got %s",
				root ? ld_node_type(root) : "nothing");
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

/* The id member of each top-level array (to merge the same object seen from several
 * snapshots); arrays without one are per-table files (routes, entries…). */
static const char *
id_key_of(const char *key)
{
	static const char *const keys[][2] = {
		{ "Vpcs", "VpcId" },
		{ "Subnets", "SubnetId" },
		{ "RouteTables", "RouteTableId" },
		{ "NetworkAcls", "NetworkAclId" },
		{ "SecurityGroups", "GroupId" },
		{ "NetworkInterfaces", "NetworkInterfaceId" },
		{ "InternetGateways", "InternetGatewayId" },
		{ "EgressOnlyInternetGateways", "EgressOnlyInternetGatewayId" },
		{ "NatGateways", "NatGatewayId" },
		{ "VpcPeeringConnections", "VpcPeeringConnectionId" },
		{ "VpcEndpoints", "VpcEndpointId" },
		{ "PrefixLists", "PrefixListId" },
		{ "TransitGateways", "TransitGatewayId" },
		{ "TransitGatewayAttachments", "TransitGatewayAttachmentId" },
		{ "TransitGatewayVpcAttachments", "TransitGatewayAttachmentId" },
		{ "TransitGatewayRouteTables", "TransitGatewayRouteTableId" },
		{ "TransitGatewayConnectPeers", "TransitGatewayConnectPeerId" },
		{ "VpnConnections", "VpnConnectionId" },
		{ "VpnGateways", "VpnGatewayId" },
		{ "CustomerGateways", "CustomerGatewayId" },
		{ "connections", "connectionId" },
		{ "virtualInterfaces", "virtualInterfaceId" },
		{ "directConnectGateways", "directConnectGatewayId" },
		{ "directConnectGatewayAssociations", "associationId" },
		{ "LoadBalancers", "LoadBalancerArn" },
		{ "TargetGroups", "TargetGroupArn" },
	};
	for (size_t i = 0; key && i < G_N_ELEMENTS(keys); i++)
		if (!strcmp(keys[i][0], key))
			return keys[i][1];
	return NULL;
}

/* Tags are per account (a RAM-shared TGW's tags are its owner's), so they never make two
 * views of one object disagree. */
static bool
ignored_member(const char *name)
{
	return !strcmp(name, "Tags") || !strcmp(name, "tags");
}

/* The first member both objects have with different values, or NULL when they agree. */
static const char *
first_difference(JsonObject *a, JsonObject *b)
{
	const char *diff = NULL;
	GList *names = json_object_get_members(a);
	for (GList *l = names; l && !diff; l = l->next) {
		const char *n = l->data;
		JsonNode *y = json_object_get_member(b, n);
		if (y && !ignored_member(n) && !json_node_equal(json_object_get_member(a, n), y))
			diff = n;
	}
	g_list_free(names);
	return diff;
}

/* Element e (from file, index idx, snapshot directory dir) joins s: a new id is added; the
 * same id from another directory merges when every member both views have agrees (the union
 * of their members is kept, so an owner's fuller view completes a spoke's), and is a warning
 * naming both files when they disagree (the first is kept). Ids seen twice in one directory
 * are left for ld_obj_new() to refuse. */
static void
src_add(struct ld *ld, struct src *s, GHashTable *seen, GPtrArray *merged, JsonNode *e,
	const char *file, guint idx, guint dir)
{
	const char *idkey = id_key_of(s->key);
	const char *id = NULL;
	char *both = NULL;
	if (idkey && JSON_NODE_TYPE(e) == JSON_NODE_OBJECT) {
		JsonObject *eo = json_node_get_object(e);
		JsonNode *n = json_object_get_member(eo, idkey);
		if (n && ld_is_value(n, G_TYPE_STRING))
			id = json_node_get_string(n);
		/* Transit Gateways guide, "Transit gateway peering attachments": one peering
		 * attachment id is seen from both TGWs, each side with its own TransitGatewayId,
		 * association and propagations; they are two sides, not two views of one */
		n = json_object_get_member(eo, "TransitGatewayId");
		if (id && !strcmp(s->key, "TransitGatewayAttachments") && n &&
			ld_is_value(n, G_TYPE_STRING))
			id = both = g_strdup_printf("%s %s", id, json_node_get_string(n));
	}
	gpointer at;
	if (id && g_hash_table_lookup_extended(seen, id, NULL, &at)) {
		guint i = GPOINTER_TO_UINT(at) & 0xffffffu, from_dir = GPOINTER_TO_UINT(at) >> 24;
		if (from_dir != dir) {
			JsonNode *kept = g_ptr_array_index(s->elems, i);
			JsonObject *ko = json_node_get_object(kept), *eo = json_node_get_object(e);
			const char *diff = first_difference(ko, eo);
			if (diff) {
				const struct origin *og =
					&g_array_index(s->origins, struct origin, i);
				ld->file = file;
				g_string_printf(ld->path, "$.%s[%u]", s->key, idx);
				ld_warn(ld, diff,
					"%s is described differently in %s (%s differs): that "
					"one is used",
					json_node_get_string(json_object_get_member(ko, idkey)),
					og->file, diff);
				g_free(both);
				return;
			}
			GList *names = json_object_get_members(eo);
			JsonNode *copy = NULL;
			for (GList *l = names; l; l = l->next) {
				if (json_object_has_member(ko, l->data))
					continue;
				if (!copy) {
					copy = json_node_copy(kept);
					g_ptr_array_add(merged, copy);
					ko = json_node_get_object(copy);
				}
				json_object_set_member(ko, l->data,
					json_node_copy(json_object_get_member(eo, l->data)));
			}
			g_list_free(names);
			if (copy)
				s->elems->pdata[i] = copy;
			g_free(both);
			return;
		}
	}
	if (id && s->elems->len < 0xffffffu && dir < 0xffu)
		g_hash_table_insert(
			seen, g_strdup(id), GUINT_TO_POINTER(s->elems->len | (dir << 24)));
	g_free(both);
	struct origin og = { file, idx, dir };
	g_ptr_array_add(s->elems, e);
	g_array_append_val(s->origins, og);
}

/* Reads rel (relative to each snapshot dir) and its top-level array key into s: the
 * elements of every directory's file, every page of each, the same object from several
 * directories once (src_add). No file anywhere leaves s->elems NULL ("none of those"). A
 * per-table file (no id key) found in several directories is read from the first; a
 * different copy elsewhere is a warning. A NextToken left on a file's last page means
 * pages were not fetched: a warning (AWS CLI User Guide, "Pagination"). */
bool
ld_src_open(struct ld *ld, const char *rel, const char *key, struct src *s)
{
	memset(s, 0, sizeof(*s));
	s->key = key;
	s->origins = g_array_new(FALSE, FALSE, sizeof(struct origin));
	s->roots = g_ptr_array_new();
	s->root_files = g_ptr_array_new();
	g_ptr_array_add(ld->keep_arrs, s->origins);
	g_ptr_array_add(ld->keep_ptrs, s->roots);
	g_ptr_array_add(ld->keep_ptrs, s->root_files);
	GPtrArray *merged = g_ptr_array_new_with_free_func((GDestroyNotify)json_node_unref);
	g_ptr_array_add(ld->keep_ptrs, merged);
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	bool ok = true;
	const char *table_from = NULL; /* per-table files: the directory's file read */
	guint table_first = 0, table_n = 0;
	for (guint d = 0; ok && d < ld->dirs->len; d++) {
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
			if (!strcmp(rel, snapshot_files[i].file) &&
				snapshot_files[i].kind != MODEL_N_KINDS) {
				ld->m->described[snapshot_files[i].kind] = true;
				if (d < ld->m->snapshots->len)
					((struct model_snapshot *)g_ptr_array_index(
						 ld->m->snapshots, d))
						->described[snapshot_files[i].kind] = true;
			}
		guint first = s->roots->len;
		if (!(ok = parse_documents(ld, path, s->roots)))
			break;
		guint pages = s->roots->len - first;
		bool per_table = key && !id_key_of(key);
		guint elems_before = s->elems ? s->elems->len : 0;
		GPtrArray *again = per_table && table_from ? g_ptr_array_new() : NULL;
		for (guint r = first; ok && r < s->roots->len; r++) {
			char *file = path;
			if (pages > 1) {
				char *named = g_strdup_printf("%s (page %u)", path, r - first + 1);
				g_ptr_array_add(ld->names, named);
				file = named;
			}
			g_ptr_array_add(s->root_files, file);
			JsonObject *root = g_ptr_array_index(s->roots, r);
			ld->file = file;
			g_string_assign(ld->path, "$");
			if (r + 1 == s->roots->len && key) {
				const char *tk = json_object_has_member(root, "nextToken")
							 ? "nextToken"
							 : "NextToken";
				const char *next;
				if (!(ok = ld_str(ld, root, tk, false, &next)))
					continue;
				if (next)
					ld_warn(ld, tk,
						"a NextToken is left: the pages after this one "
						"were not fetched, so this list is incomplete");
			}
			if (!ok || !key)
				continue;
			JsonArray *a;
			if (!(ok = ld_arr(ld, root, key, &a)) || !a)
				continue;
			if (!s->elems) {
				s->elems = g_ptr_array_new();
				g_ptr_array_add(ld->keep_ptrs, s->elems);
			}
			for (guint i = 0; i < json_array_get_length(a); i++) {
				if (again)
					g_ptr_array_add(again, json_array_get_element(a, i));
				else
					src_add(ld, s, seen, merged, json_array_get_element(a, i),
						file, i, d);
			}
		}
		if (again) {
			bool same = again->len == table_n;
			for (guint i = 0; same && i < again->len; i++)
				same = json_node_equal(g_ptr_array_index(again, i),
					g_ptr_array_index(s->elems, table_first + i));
			if (!same) {
				ld->file = path;
				g_string_assign(ld->path, "$");
				ld_warn(ld, key, "differs from %s: that one is used", table_from);
			}
			g_ptr_array_free(again, TRUE);
		} else if (per_table && s->elems && s->elems->len > elems_before) {
			table_from = path;
			table_first = elems_before;
			table_n = s->elems->len - elems_before;
		} else if (per_table && !table_from) {
			table_from = path;
		}
	}
	g_hash_table_destroy(seen);
	ld->file = s->file;
	return ok;
}

/* The path of rel in the first snapshot directory that has it (else in the first
 * directory), for a message about an object of that file; owned by ld. */
const char *
ld_file_of(struct ld *ld, const char *rel)
{
	const char *first = NULL;
	for (guint d = 0; d < ld->dirs->len; d++) {
		char *f = g_build_filename(g_ptr_array_index(ld->dirs, d), rel, NULL);
		g_ptr_array_add(ld->names, f);
		if (!first)
			first = f;
		if (g_file_test(f, G_FILE_TEST_EXISTS))
			return f;
	}
	return first ? first : rel;
}

/* Element i of s's array as an object, with the file and path set to where it came from:
 * "$.Key[i]" of its own file. */
bool
ld_src_elem(struct ld *ld, const struct src *s, guint i, JsonObject **out)
{
	const struct origin *og = &g_array_index(s->origins, struct origin, i);
	ld->file = og->file;
	ld->snapshot = og->dir < ld->m->snapshots->len
			       ? g_ptr_array_index(ld->m->snapshots, og->dir)
			       : NULL;
	g_string_printf(ld->path, "$.%s[%u]", s->key, og->idx);
	JsonNode *n = g_ptr_array_index(s->elems, i);
	if (JSON_NODE_TYPE(n) != JSON_NODE_OBJECT) {
		*out = NULL;
		return ld_fail(ld, MODEL_ERROR_TYPE, NULL, "expected an object, got %s", ld_node_type(n));
	}
	*out = json_node_get_object(n);
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
				ok = ld_fail(ld, MODEL_ERROR_REFERENCE, NULL, "%s is not in %s", id,
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

/* account.json in each snapshot directory (aws-snapshot.sh: `aws sts
 * get-caller-identity` with the Region added): which account and Region it shows. Absent:
 * unknown, as for snapshots taken before it existed. */
static bool
load_accounts(struct ld *ld)
{
	for (guint d = 0; d < ld->dirs->len; d++) {
		struct model_snapshot *sn = g_new0(struct model_snapshot, 1);
		sn->dir = g_strdup(g_ptr_array_index(ld->dirs, d));
		g_ptr_array_add(ld->m->snapshots, sn);
		char *path = g_build_filename(sn->dir, "account.json", NULL);
		g_ptr_array_add(ld->names, path);
		if (!g_file_test(path, G_FILE_TEST_EXISTS))
			continue;
		GPtrArray *roots = g_ptr_array_new();
		g_ptr_array_add(ld->keep_ptrs, roots);
		if (!parse_documents(ld, path, roots) || !roots->len ||
			!ld_strdup(ld, g_ptr_array_index(roots, 0), "Account", &sn->account) ||
			!ld_strdup(ld, g_ptr_array_index(roots, 0), "Region", &sn->region))
			return false;
	}
	return true;
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
	m->snapshots = g_ptr_array_new_with_free_func(snapshot_free);
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
	bool ok = load_accounts(&ld) && ld_load_prefix_lists(&ld) && ld_load_vpcs(&ld) &&
		  ld_load_subnets(&ld) && ld_load_igws(&ld, false) && ld_load_igws(&ld, true) &&
		  ld_load_vgws(&ld) && ld_load_cgws(&ld) && ld_load_sgs(&ld) &&
		  ld_load_nacls(&ld) && ld_load_tgws(&ld) && ld_load_tgw_rtbs(&ld) &&
		  ld_load_pcxs(&ld) && ld_load_dx(&ld) && ld_load_dxgw_assocs(&ld) &&
		  ld_load_vpns(&ld) && ld_load_tgw_attachments(&ld) &&
		  ld_load_tgw_connect_peers(&ld) && ld_load_enis(&ld) &&
		  ld_load_natgws(&ld) && ld_load_rtb_shells(&ld, &rtbs) && ld_load_vpces(&ld) &&
		  ld_load_elbv2(&ld) && ld_load_rtb_routes(&ld, &rtbs) && ld_load_tgw_tables(&ld) &&
		  check_table_files(&ld) && ld_load_awstrace(&ld);
	unsigned vpcs = 0;
	for (guint i = 0; ok && i < MODEL_COUNT(m, MODEL_VPC); i++)
		vpcs += !MODEL_GET(m, MODEL_VPC, struct model_vpc, i)->o.stub;
	if (ok && !vpcs) {
		/* nothing to trace through: an empty or wrong directory, not "ok, 0 of each" */
		g_set_error(error, MODEL_ERROR, MODEL_ERROR_EMPTY,
			"%s: no VPC in the snapshot%s "
			"(describe-vpcs.json is absent or empty)",
			m->dir, m->dirs->len > 1 ? "s" : "");
		ok = false;
	}
	if (ok && (flags & MODEL_LOAD_STRICT) && m->warnings->len) {
		const struct model_warning *w = g_ptr_array_index(m->warnings, 0);
		g_set_error(error, MODEL_ERROR, MODEL_ERROR_WARNING,
			"%s: %s: %s (warning 1 of %u, strict)", w->file, w->path, w->what,
			m->warnings->len);
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
