/* forward.c - compiles the topology into forwarding tables and walks packets through them
 * (DESIGN.md "The forwarding model — rules it must get right"; design note in forward.h).
 *
 * Tables. Every route table (VPC, TGW) and every VGW becomes a `struct fib`: the candidate
 * routes as AWS describes them (`cands`, pointing back at the truth), one entry per distinct
 * prefix (`ents`, with the winning candidate and the explanation of its win) and an LPM per
 * family whose leaves hold entry indexes. Compile resolves the ties:
 *   - VPC route table, same prefix: the local route, then static (CreateRoute), then static
 *     through a prefix list, then propagated (VPC User Guide, "Route priority": "static
 *     routes", "prefix list routes", "propagated routes"); a propagated route inside a local
 *     CIDR never enters the LPM: only a more specific *static* route overrides local
 *     (same page, "Route priority for local routes" / middlebox routing).
 *   - VGW, same prefix: Direct Connect BGP, then VPN static, then VPN BGP, shorter AS_PATH
 *     first (VPC User Guide "Route priority" → "Propagated routes"; Site-to-Site VPN User
 *     Guide, "Route tables and VPN route priority").
 *   - TGW route table, same prefix: the origin order of route_order.c, then AS_PATH, then
 *     MED; equal VPN routes spread by ECMP when VpnEcmpSupport is enabled (TGW guide, "Route
 *     evaluation order" and "Equal Cost Multipath routing").
 * Lookups are O(1) LPM reads (lpm.h); the walk copies precomputed explanations.
 */
#include "model/forward.h"

#include <string.h>

#include "model/lpm.h"

/* ---- names -------------------------------------------------------------------------- */

static const char *const reason_names[MODEL_R_N] = {
	[MODEL_R_NONE] = "none",
	[MODEL_R_NO_ROUTE] = "no_route",
	[MODEL_R_BLACKHOLE] = "blackhole",
	[MODEL_R_NACL_DENY] = "nacl_deny",
	[MODEL_R_SG_DENY] = "sg_deny",
	[MODEL_R_PEERING_EDGE_TO_EDGE] = "peering_edge_to_edge",
	[MODEL_R_PEERING_NOT_TRANSITIVE] = "peering_not_transitive",
	[MODEL_R_NAT_UNSOLICITED] = "nat_unsolicited",
	[MODEL_R_EIGW_UNSOLICITED] = "eigw_unsolicited",
	[MODEL_R_NO_PUBLIC_IP] = "no_public_ip",
	[MODEL_R_TTL_EXCEEDED] = "ttl_exceeded",
	[MODEL_R_UNKNOWN_SOURCE] = "unknown_source",
	[MODEL_R_RESERVED_ADDRESS] = "reserved_address",
	[MODEL_R_NO_DESTINATION] = "no_destination",
	[MODEL_R_TUNNEL_DOWN] = "tunnel_down",
	[MODEL_R_SOURCE_DEST_CHECK] = "source_dest_check",
	[MODEL_R_ENDPOINT_NOT_TRANSITIVE] = "endpoint_not_transitive",
};

const char *
model_reason_name(enum model_reason r)
{
	return (unsigned)r < MODEL_R_N ? reason_names[r] : "unknown";
}

const char *
model_action_name(enum model_action a)
{
	static const char *const n[] = { "forward", "drop", "nat", "encap", "decap", "egress",
		"ingress", "deliver" };
	return (unsigned)a < G_N_ELEMENTS(n) ? n[a] : "unknown";
}

/* ---- compiled tables ------------------------------------------------------------------ */

enum fib_type { FIB_VPC, FIB_TGW, FIB_VGW };

/* VPC route classes, best first (VPC User Guide, "Route priority"). */
enum { VC_LOCAL, VC_STATIC, VC_PL, VC_PROPAGATED };
static const char *const vc_names[] = { "local", "static", "prefix-list", "propagated" };
/* VGW classes, best first (Site-to-Site VPN guide, "Route tables and VPN route priority"). */
enum { GC_DX_BGP, GC_VPN_STATIC, GC_VPN_BGP };
static const char *const gc_names[] = { "Direct Connect BGP", "VPN static", "VPN BGP" };

#define ECMP_MAX 8

struct cand {
	struct model_prefix pfx;
	uint8_t cls;  /* VC_* / GC_* / TGW origin */
	uint8_t rank; /* the order compared: cls, or the origin's documented rank */
	bool blackhole;
	bool ignored; /* propagated inside a local CIDR: never used */
	bool withdrawn;
	uint8_t tkind; /* VPC: enum model_target_kind */
	uint32_t as_path, med;
	int truth;                      /* index in the truth array; -1 when added by an update */
	const struct model_obj *target; /* VPC target, TGW attachment, VGW's vpn / dx-vif */
	const char *target_id;
	const struct model_route *vr;
	const struct model_tgw_route *tr;
	const struct model_pl *pl;
};

struct pentry {
	struct model_prefix pfx;
	GArray *cands; /* uint32_t indexes into fib->cands */
	int win;       /* candidate index or -1 */
	bool in_lpm;
	uint8_t n_ecmp;
	const struct model_tgw_attach *ecmp[ECMP_MAX];
	char *why;
	uint16_t why_len;
};

struct fib {
	enum fib_type type;
	const struct model_obj *owner;
	GArray *cands;      /* struct cand */
	GArray *ents;       /* struct pentry */
	GHashTable *by_pfx; /* struct model_prefix * (owned) → entry index + 1 */
	struct lpm4 *l4;
	struct lpm6 *l6;
	uint64_t version;
	bool vpn_ecmp; /* TGW */
};

struct eaddr {
	const struct model_eni *eni;
	const struct model_eni_ip *ip;
};

struct csg_rule {
	char *desc;      /* "tcp 443", "all traffic" */
	char **cidr_str; /* one per rule->cidrs entry */
};

struct csg {
	struct csg_rule *in, *out;
};

struct cnacl {
	char **in, **out;           /* one explanation per entry */
	uint16_t *in_len, *out_len; /* their lengths */
};

struct gwlb_info {
	const struct model_lb *lb;
	const struct model_eni *lb_eni;
	const struct model_eni *appliance;
	const struct model_subnet *subnet;
};

struct model_engine {
	const struct model *m;
	struct fib *vrtb; /* per MODEL_RTB index */
	struct fib *trtb; /* per MODEL_TGW_RTB index */
	struct fib *vgw;  /* per MODEL_VGW index */
	GArray *eaddrs;   /* struct eaddr */
	struct lpm4 *eni4, *pub4, *sub4, *onp4;
	struct lpm6 *eni6, *sub6, *onp6;
	struct csg *sgs;         /* per MODEL_SG index */
	struct cnacl *nacls;     /* per MODEL_NACL index */
	struct gwlb_info *gwlbe; /* per MODEL_VPCE index */
};

static guint
pfx_hash(gconstpointer k)
{
	const struct model_prefix *p = k;
	guint h = p->af * 131u + p->len;
	const uint8_t *b = (const uint8_t *)&p->a;
	size_t n = p->af == MODEL_AF_INET6 ? 16 : 4;
	for (size_t i = 0; i < n; i++)
		h = h * 31u + b[i];
	return h;
}

static gboolean
pfx_equal(gconstpointer a, gconstpointer b)
{
	const struct model_prefix *x = a, *y = b;
	if (x->af != y->af || x->len != y->len)
		return FALSE;
	return x->af == MODEL_AF_INET6 ? memcmp(x->a.v6, y->a.v6, 16) == 0 : x->a.v4 == y->a.v4;
}

static struct model_prefix
pfx_clean(const struct model_prefix *p)
{
	struct model_prefix k;
	memset(&k, 0, sizeof(k));
	k.af = p->af;
	k.len = p->len;
	if (p->af == MODEL_AF_INET6)
		memcpy(k.a.v6, p->a.v6, 16);
	else
		k.a.v4 = p->a.v4;
	return k;
}

/* p masked to len bits */
static struct model_prefix
pfx_mask(const struct model_prefix *p, unsigned len)
{
	struct model_prefix k = pfx_clean(p);
	k.len = (uint8_t)len;
	if (k.af == MODEL_AF_INET) {
		k.a.v4 &= len ? UINT32_MAX << (32 - len) : 0;
	} else {
		for (unsigned i = 0; i < 16; i++) {
			unsigned keep = len > i * 8 ? len - i * 8 : 0;
			if (keep < 8)
				k.a.v6[i] &= (uint8_t)(0xff00u >> keep);
		}
	}
	return k;
}

static void
fib_init(struct fib *f, enum fib_type type, const struct model_obj *owner)
{
	f->type = type;
	f->owner = owner;
	f->cands = g_array_new(FALSE, TRUE, sizeof(struct cand));
	f->ents = g_array_new(FALSE, TRUE, sizeof(struct pentry));
	f->by_pfx = g_hash_table_new_full(pfx_hash, pfx_equal, g_free, NULL);
	f->l4 = lpm4_new();
	f->l6 = lpm6_new();
}

static void
fib_clear(struct fib *f)
{
	if (!f->cands)
		return;
	for (guint i = 0; i < f->ents->len; i++) {
		struct pentry *pe = &g_array_index(f->ents, struct pentry, i);
		g_array_free(pe->cands, TRUE);
		g_free(pe->why);
	}
	g_array_free(f->ents, TRUE);
	g_array_free(f->cands, TRUE);
	g_hash_table_destroy(f->by_pfx);
	lpm4_free(f->l4);
	lpm6_free(f->l6);
}

static int
fib_find(const struct fib *f, const struct model_prefix *p)
{
	struct model_prefix k = pfx_clean(p);
	gpointer v = g_hash_table_lookup(f->by_pfx, &k);
	return v ? GPOINTER_TO_INT(v) - 1 : -1;
}

static unsigned
fib_entry(struct fib *f, const struct model_prefix *p)
{
	int i = fib_find(f, p);
	if (i >= 0)
		return (unsigned)i;
	struct pentry pe;
	memset(&pe, 0, sizeof(pe));
	pe.pfx = pfx_clean(p);
	pe.cands = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	pe.win = -1;
	g_array_append_val(f->ents, pe);
	struct model_prefix *k = g_new(struct model_prefix, 1);
	*k = pe.pfx;
	g_hash_table_insert(f->by_pfx, k, GINT_TO_POINTER((int)f->ents->len));
	return f->ents->len - 1;
}

static unsigned
fib_add(struct fib *f, const struct cand *c)
{
	g_array_append_val(f->cands, *c);
	uint32_t ci = f->cands->len - 1;
	unsigned ei = fib_entry(f, &c->pfx);
	g_array_append_val(g_array_index(f->ents, struct pentry, ei).cands, ci);
	return ei;
}

/* a better than b for the same prefix */
static bool
cand_better(const struct cand *a, const struct cand *b)
{
	if (a->rank != b->rank)
		return a->rank < b->rank;
	if (a->as_path != b->as_path)
		return a->as_path < b->as_path;
	if (a->med != b->med)
		return a->med < b->med;
	unsigned ta = a->truth < 0 ? UINT32_MAX : (unsigned)a->truth;
	unsigned tb = b->truth < 0 ? UINT32_MAX : (unsigned)b->truth;
	if (ta != tb)
		return ta < tb;
	return g_strcmp0(a->target_id, b->target_id) < 0;
}

static bool
cand_usable(const struct cand *c)
{
	return !c->withdrawn && !c->ignored;
}

static bool
is_vpn_origin(uint8_t cls)
{
	return cls == MODEL_TGW_O_VPN || cls == MODEL_TGW_O_VPN_OVER_DX;
}

/* Chooses the entry's winner and ECMP set; updates its LPM leaf. */
static bool
entry_select(struct fib *f, unsigned ei)
{
	struct pentry *pe = &g_array_index(f->ents, struct pentry, ei);
	const struct cand *cs = (const struct cand *)(void *)f->cands->data;
	int win = -1;
	for (guint i = 0; i < pe->cands->len; i++) {
		uint32_t ci = g_array_index(pe->cands, uint32_t, i);
		if (!cand_usable(&cs[ci]))
			continue;
		if (win < 0 || cand_better(&cs[ci], &cs[win]))
			win = (int)ci;
	}
	pe->win = win;
	pe->n_ecmp = 0;
	if (win >= 0 && f->type == FIB_TGW && !cs[win].blackhole) {
		const struct cand *w = &cs[win];
		if (w->tr && w->tr->attachments->len > 1 && w->truth >= 0 &&
			w->tr->type == MODEL_TGW_ROUTE_STATIC) {
			for (guint i = 0; i < w->tr->attachments->len && pe->n_ecmp < ECMP_MAX; i++)
				pe->ecmp[pe->n_ecmp++] = g_ptr_array_index(w->tr->attachments, i);
		} else {
			pe->ecmp[pe->n_ecmp++] = (const struct model_tgw_attach *)w->target;
			if (f->vpn_ecmp && is_vpn_origin(w->cls)) {
				for (guint i = 0; i < pe->cands->len && pe->n_ecmp < ECMP_MAX;
					i++) {
					uint32_t ci = g_array_index(pe->cands, uint32_t, i);
					const struct cand *o = &cs[ci];
					if ((int)ci == win || !cand_usable(o) || o->blackhole ||
						o->rank != w->rank || o->as_path != w->as_path ||
						o->med != w->med || !o->target)
						continue;
					pe->ecmp[pe->n_ecmp++] =
						(const struct model_tgw_attach *)o->target;
				}
			}
		}
	}
	bool ok = true;
	if (win >= 0) {
		if (pe->pfx.af == MODEL_AF_INET)
			ok = lpm4_add(f->l4, pe->pfx.a.v4, pe->pfx.len, ei);
		else
			ok = lpm6_add(f->l6, pe->pfx.a.v6, pe->pfx.len, ei);
		pe->in_lpm = ok;
	} else if (pe->in_lpm) {
		bool gone = pe->pfx.af == MODEL_AF_INET
				    ? lpm4_delete(f->l4, pe->pfx.a.v4, pe->pfx.len)
				    : lpm6_delete(f->l6, pe->pfx.a.v6, pe->pfx.len);
		(void)gone;
		pe->in_lpm = false;
	}
	return ok;
}

/* The longest entry with a winner strictly covering entry ei, or -1. */
static int
entry_shorter(const struct fib *f, unsigned ei)
{
	const struct pentry *pe = &g_array_index(f->ents, struct pentry, ei);
	for (int len = (int)pe->pfx.len - 1; len >= 0; len--) {
		struct model_prefix k = pfx_mask(&pe->pfx, (unsigned)len);
		int j = fib_find(f, &k);
		if (j >= 0 && g_array_index(f->ents, struct pentry, j).win >= 0)
			return j;
	}
	return -1;
}

static const char *
cand_class_name(const struct fib *f, const struct cand *c)
{
	switch (f->type) {
	case FIB_VPC:
		return vc_names[c->cls];
	case FIB_VGW:
		return gc_names[c->cls];
	case FIB_TGW:
		return model_tgw_origin_name((enum model_tgw_origin)c->cls);
	}
	return "?";
}

static void
gs_pfx(GString *s, const struct model_prefix *p)
{
	char b[MODEL_PREFIX_STRLEN];
	g_string_append(s, model_prefix_format(p, b));
}

static void
cand_target_text(const struct fib *f, const struct cand *c, GString *s)
{
	if (c->blackhole) {
		g_string_append(s, "blackhole");
		if (c->target_id && f->type == FIB_VPC)
			g_string_append_printf(s, " (%s gone)", c->target_id);
		return;
	}
	g_string_append(s, c->target_id ? c->target_id : "?");
	if (f->type == FIB_TGW && c->target) {
		const struct model_tgw_attach *a = (const struct model_tgw_attach *)c->target;
		g_string_append_printf(s, " (%s %s)", model_tgw_res_name(a->res_type),
			a->res_id ? a->res_id : "?");
	}
}

/* Rebuilds entry ei's explanation: its winner, why it beat each other route of the same
 * prefix, and the next shorter prefix it is longer than. */
static void
entry_explain(struct fib *f, unsigned ei)
{
	struct pentry *pe = &g_array_index(f->ents, struct pentry, ei);
	g_clear_pointer(&pe->why, g_free);
	pe->why_len = 0;
	if (pe->win < 0)
		return;
	const struct cand *cs = (const struct cand *)(void *)f->cands->data;
	const struct cand *w = &cs[pe->win];
	int sh = entry_shorter(f, ei);
	unsigned others = 0;
	for (guint i = 0; i < pe->cands->len; i++) {
		uint32_t ci = g_array_index(pe->cands, uint32_t, i);
		if ((int)ci != pe->win && !cs[ci].withdrawn)
			others++;
	}
	GString *s = g_string_new(NULL);
	gs_pfx(s, &pe->pfx);
	g_string_append(s, " -> ");
	cand_target_text(f, w, s);
	g_string_append_printf(s, " (%s", cand_class_name(f, w));
	if (w->pl)
		g_string_append_printf(s, " %s", w->pl->o.id);
	if (f->type != FIB_VPC && (w->cls != GC_VPN_STATIC || f->type != FIB_VGW) &&
		w->cls != MODEL_TGW_O_STATIC && w->as_path)
		g_string_append_printf(s, ", AS_PATH %u", w->as_path);
	if (!others && sh < 0)
		g_string_append(s, ", only match");
	g_string_append(s, ")");
	bool cited = false;
	for (guint i = 0; i < pe->cands->len; i++) {
		uint32_t ci = g_array_index(pe->cands, uint32_t, i);
		const struct cand *o = &cs[ci];
		if ((int)ci == pe->win || o->withdrawn)
			continue;
		g_string_append(s, "; ");
		bool in_ecmp = false;
		for (unsigned k = 1; k < pe->n_ecmp; k++)
			if (o->target == &pe->ecmp[k]->o)
				in_ecmp = true;
		if (o->ignored) {
			g_string_append(s, "propagated route ignored");
		} else if (in_ecmp) {
			g_string_append_printf(s, "ties with %s (%s, AS_PATH %u, MED %u): ECMP",
				o->target_id, cand_class_name(f, o), o->as_path, o->med);
		} else if (o->rank != w->rank) {
			if (f->type == FIB_TGW) {
				g_string_append_printf(s, "%s beats %s", cand_class_name(f, w),
					cand_class_name(f, o));
			} else {
				gs_pfx(s, &pe->pfx);
				g_string_append_printf(s, " %s beats ", cand_class_name(f, w));
				gs_pfx(s, &pe->pfx);
				g_string_append_printf(s, " %s", cand_class_name(f, o));
			}
			if (o->target_id)
				g_string_append_printf(s, " (%s)", o->target_id);
			if (!cited) {
				cited = true;
				g_string_append_printf(s, " [%s]",
					f->type == FIB_TGW   ? model_tgw_order_source
					: f->type == FIB_VGW ? "Site-to-Site VPN guide \"Route "
							       "tables and VPN route priority\""
							     : "VPC guide \"Route priority\"");
			}
		} else if (o->as_path != w->as_path) {
			g_string_append_printf(s, "%s AS_PATH %u beats AS_PATH %u (%s)",
				cand_class_name(f, w), w->as_path, o->as_path,
				o->target_id ? o->target_id : "?");
		} else if (o->med != w->med) {
			g_string_append_printf(s, "MED %u beats MED %u (%s)", w->med, o->med,
				o->target_id ? o->target_id : "?");
		} else {
			g_string_append_printf(s, "equal to %s; chosen deterministically%s",
				o->target_id ? o->target_id : "?",
				f->type == FIB_TGW && is_vpn_origin(w->cls)
					? " (VpnEcmpSupport disable)"
					: "");
		}
	}
	if (pe->n_ecmp > 1)
		g_string_append_printf(s, "; ECMP over %u attachments", pe->n_ecmp);
	if (sh >= 0) {
		g_string_append(s, "; ");
		gs_pfx(s, &pe->pfx);
		g_string_append(s, " is longer than ");
		gs_pfx(s, &g_array_index(f->ents, struct pentry, sh).pfx);
	}
	if (f->type == FIB_VPC && w->cls == VC_LOCAL) {
		unsigned n = 0;
		for (guint i = 0; i < f->cands->len; i++) {
			const struct cand *o = &cs[i];
			if (!o->ignored || o->withdrawn || !model_prefix_covers(&pe->pfx, &o->pfx))
				continue;
			g_string_append(s, n++ ? ", " : "; propagated ");
			gs_pfx(s, &o->pfx);
		}
		if (n)
			g_string_append(s, " cannot override the local route (only a more "
					   "specific static route can)");
	}
	if (s->len > UINT16_MAX - 1)
		g_string_truncate(s, UINT16_MAX - 1);
	pe->why_len = (uint16_t)s->len;
	pe->why = g_string_free(s, FALSE);
}

/* Marks VPC propagated candidates that lie inside a local CIDR (VPC guide, "Route
 * priority": the local route can only be overridden by a more specific static route). */
static void
vpc_mark_ignored(struct fib *f, struct cand *c)
{
	const struct cand *cs = (const struct cand *)(void *)f->cands->data;
	if (c->cls != VC_PROPAGATED)
		return;
	for (guint i = 0; i < f->cands->len; i++)
		if (cs[i].cls == VC_LOCAL && !cs[i].withdrawn && cs[i].pfx.len < c->pfx.len &&
			model_prefix_covers(&cs[i].pfx, &c->pfx))
			c->ignored = true;
}

static bool
fib_finish(struct fib *f)
{
	bool ok = true;
	for (guint i = 0; i < f->ents->len; i++)
		ok &= entry_select(f, i);
	for (guint i = 0; i < f->ents->len; i++)
		entry_explain(f, i);
	return ok;
}

/* ---- compile: VPC route tables -------------------------------------------------------- */

static void
compile_vpc_rtb(struct fib *f, const struct model_rtb *rtb)
{
	fib_init(f, FIB_VPC, &rtb->o);
	for (size_t i = 0; i < rtb->n_routes; i++) {
		const struct model_route *r = &rtb->routes[i];
		struct cand c;
		memset(&c, 0, sizeof(c));
		c.truth = (int)i;
		c.vr = r;
		c.tkind = (uint8_t)r->tkind;
		c.target = r->target;
		c.target_id = r->tkind == MODEL_TGT_LOCAL ? "local" : r->target_id;
		c.blackhole = r->state == MODEL_STATE_BLACKHOLE || r->tkind == MODEL_TGT_BLACKHOLE;
		switch (r->origin) {
		case MODEL_ORIGIN_CREATE_ROUTE_TABLE:
			c.cls = VC_LOCAL;
			break;
		case MODEL_ORIGIN_VGW_PROPAGATION:
			c.cls = VC_PROPAGATED;
			break;
		default:
			c.cls = r->dkind == MODEL_DEST_PREFIX_LIST ? VC_PL : VC_STATIC;
			break;
		}
		c.rank = c.cls;
		if (r->dkind == MODEL_DEST_PREFIX_LIST) {
			if (!r->dst_pl)
				continue;
			c.pl = r->dst_pl;
			for (guint k = 0; k < r->dst_pl->cidrs->len; k++) {
				c.pfx = g_array_index(r->dst_pl->cidrs, struct model_prefix, k);
				fib_add(f, &c);
			}
		} else {
			c.pfx = r->dst;
			fib_add(f, &c);
		}
	}
	/* every table holds the local route of each VPC CIDR, IPv4 and IPv6 (VPC guide, "Route
	 * tables": "a local route for communication within the VPC" is added to every table);
	 * a snapshot that lacks one gets it here */
	for (int fam = 0; rtb->vpc && fam < 2; fam++) {
		GArray *cidrs = fam ? rtb->vpc->cidr6 : rtb->vpc->cidr4;
		for (guint k = 0; k < cidrs->len; k++) {
			const struct model_prefix *vp =
				&g_array_index(cidrs, struct model_prefix, k);
			int ei = fib_find(f, vp);
			bool have = false;
			const struct pentry *pe =
				ei >= 0 ? &g_array_index(f->ents, struct pentry, ei) : NULL;
			for (guint j = 0; pe && j < pe->cands->len; j++)
				have |= g_array_index(f->cands, struct cand,
						g_array_index(pe->cands, uint32_t, j))
						.cls == VC_LOCAL;
			if (have)
				continue;
			struct cand c;
			memset(&c, 0, sizeof(c));
			c.pfx = *vp;
			c.cls = c.rank = VC_LOCAL;
			c.tkind = MODEL_TGT_LOCAL;
			c.target_id = "local";
			c.truth = (int)(rtb->n_routes + k);
			fib_add(f, &c);
		}
	}
	for (guint i = 0; i < f->cands->len; i++)
		vpc_mark_ignored(f, &g_array_index(f->cands, struct cand, i));
}

/* ---- compile: TGW route tables -------------------------------------------------------- */

static enum model_tgw_origin
tgw_origin_of(const struct model_tgw_attach *a)
{
	switch (a->res_type) {
	case MODEL_TGW_RES_VPC:
		return MODEL_TGW_O_VPC;
	case MODEL_TGW_RES_DXGW:
		return MODEL_TGW_O_DXGW;
	case MODEL_TGW_RES_CONNECT:
		return MODEL_TGW_O_CONNECT;
	case MODEL_TGW_RES_VPN: {
		const struct model_vpn *v = (const struct model_vpn *)a->res;
		return v && v->over_dx ? MODEL_TGW_O_VPN_OVER_DX : MODEL_TGW_O_VPN;
	}
	case MODEL_TGW_RES_PEERING:
		return MODEL_TGW_O_PEERING;
	default:
		return MODEL_TGW_O_PEERING;
	}
}

/* The AS_PATH length awstrace.json gives for pfx learned over via (a VPN connection, or
 * any VIF of a DX gateway); 1 when not said. */
static uint32_t
as_path_for(const struct model *m, const struct model_prefix *pfx, const struct model_obj *via)
{
	for (guint i = 0; via && i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		const struct model_onprem *n = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		if (!model_prefix_covers(&n->cidr, pfx) && !model_prefix_covers(pfx, &n->cidr))
			continue;
		for (size_t k = 0; k < n->n_adv; k++) {
			const struct model_obj *a = n->adv[k].via;
			if (!a)
				continue;
			if (a == via)
				return n->adv[k].as_path_len;
			if (a->kind == MODEL_DXVIF && via->kind == MODEL_DXGW &&
				((const struct model_dxvif *)a)->dxgw ==
					(const struct model_dxgw *)via)
				return n->adv[k].as_path_len;
		}
	}
	return 1;
}

static void
tgw_cand_add(struct fib *f, struct cand *c, const struct model_tgw_route *r)
{
	if (r->dkind == MODEL_DEST_PREFIX_LIST) {
		if (!r->dst_pl)
			return;
		for (guint k = 0; k < r->dst_pl->cidrs->len; k++) {
			c->pfx = g_array_index(r->dst_pl->cidrs, struct model_prefix, k);
			fib_add(f, c);
		}
	} else {
		c->pfx = r->dst;
		fib_add(f, c);
	}
}

static void
compile_tgw_rtb(const struct model *m, struct fib *f, const struct model_tgw_rtb *t)
{
	fib_init(f, FIB_TGW, &t->o);
	f->vpn_ecmp = t->tgw && t->tgw->vpn_ecmp;
	for (size_t i = 0; i < t->n_routes; i++) {
		const struct model_tgw_route *r = &t->routes[i];
		struct cand c;
		memset(&c, 0, sizeof(c));
		c.truth = (int)i;
		c.tr = r;
		c.blackhole = r->state == MODEL_STATE_BLACKHOLE || r->attachments->len == 0;
		if (r->type == MODEL_TGW_ROUTE_STATIC || c.blackhole) {
			c.cls = r->dst_pl ? MODEL_TGW_O_PREFIX_LIST : MODEL_TGW_O_STATIC;
			c.rank = (uint8_t)model_tgw_origin_rank(c.cls);
			if (!c.blackhole) {
				c.target = g_ptr_array_index(r->attachments, 0);
				c.target_id = c.target->id;
			}
			c.pl = r->dst_pl;
			tgw_cand_add(f, &c, r);
			continue;
		}
		/* a propagated route: one candidate per attachment it came from */
		for (guint k = 0; k < r->attachments->len; k++) {
			const struct model_tgw_attach *a = g_ptr_array_index(r->attachments, k);
			c.target = &a->o;
			c.target_id = a->o.id;
			c.cls = (uint8_t)tgw_origin_of(a);
			c.rank = (uint8_t)model_tgw_origin_rank(c.cls);
			c.as_path = a->res_type == MODEL_TGW_RES_VPC
					    ? 0
					    : as_path_for(m, &r->dst, a->res);
			/* TGW guide, "Transit gateway peering attachments": peering carries static
			 * routes only; a propagated one cannot exist, so it is never used */
			c.ignored = a->res_type == MODEL_TGW_RES_PEERING;
			tgw_cand_add(f, &c, r);
		}
	}
}

/* ---- compile: VGWs -------------------------------------------------------------------- */

static bool
vif_reaches_vgw(const struct model_dxvif *vif, const struct model_vgw *g)
{
	if (vif->vgw == g)
		return true;
	if (!vif->dxgw)
		return false;
	for (guint i = 0; i < vif->dxgw->assocs->len; i++) {
		const struct model_dxgw_assoc *a = g_ptr_array_index(vif->dxgw->assocs, i);
		if (a->gateway == &g->o)
			return true;
	}
	return false;
}

static bool
vpn_any_up(const struct model_vpn *v)
{
	for (size_t i = 0; i < v->n_tunnels; i++)
		if (v->tunnels[i].up)
			return true;
	return false; /* as vpn_tunnel(): no tunnel known up, nothing forwarded or learned */
}

/* A VIF without BGP peers in the snapshot is taken as up; with peers, one must be up. */
static bool
vif_bgp_up(const struct model_dxvif *vif)
{
	for (size_t i = 0; i < vif->n_peers; i++)
		if (vif->peers[i].up)
			return true;
	return vif->n_peers == 0;
}

static void
compile_vgw(const struct model *m, struct fib *f, const struct model_vgw *g)
{
	fib_init(f, FIB_VGW, &g->o);
	int order = 0;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPN); i++) {
		const struct model_vpn *v = MODEL_GET(m, MODEL_VPN, struct model_vpn, i);
		if (v->vgw != g)
			continue;
		for (size_t k = 0; k < v->n_routes; k++) {
			if (!v->routes[k].is_static || !v->routes[k].available)
				continue;
			struct cand c;
			memset(&c, 0, sizeof(c));
			c.pfx = v->routes[k].dst;
			c.cls = c.rank = GC_VPN_STATIC;
			c.target = &v->o;
			c.target_id = v->o.id;
			c.truth = order++;
			fib_add(f, &c);
		}
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		const struct model_onprem *n = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		for (size_t k = 0; k < n->n_adv; k++) {
			const struct model_obj *via = n->adv[k].via;
			struct cand c;
			memset(&c, 0, sizeof(c));
			if (!via)
				continue;
			/* Only an established session advertises: a dynamic VPN tunnel is UP only
			 * while its BGP session is (Site-to-Site VPN guide, "Monitoring your
			 * Site-to-Site VPN connection using Amazon CloudWatch", TunnelState), and a
			 * VIF's routes go with its BGP peer's state. */
			if (via->kind == MODEL_VPN) {
				const struct model_vpn *v = (const struct model_vpn *)via;
				if (v->vgw != g || v->static_only || !vpn_any_up(v))
					continue;
				c.cls = GC_VPN_BGP;
			} else if (via->kind == MODEL_DXVIF) {
				const struct model_dxvif *vif = (const struct model_dxvif *)via;
				if (!vif_reaches_vgw(vif, g) || !vif_bgp_up(vif))
					continue;
				c.cls = GC_DX_BGP;
			} else {
				continue;
			}
			c.rank = c.cls;
			c.pfx = n->cidr;
			c.as_path = n->adv[k].as_path_len;
			c.target = via;
			c.target_id = via->id;
			c.truth = order++;
			fib_add(f, &c);
		}
	}
}

/* ---- compile: addresses, SGs, NACLs, GWLB ---------------------------------------------- */

static const char *
proto_name(int p)
{
	switch (p) {
	case -1:
		return "all";
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 58:
		return "icmpv6";
	default:
		return NULL;
	}
}

static void
gs_proto_ports(GString *s, int proto, int from, int to, bool icmp_style)
{
	const char *pn = proto_name(proto);
	if (proto == -1) {
		g_string_append(s, "all traffic");
		return;
	}
	if (pn)
		g_string_append(s, pn);
	else
		g_string_append_printf(s, "protocol %d", proto);
	if (proto == 6 || proto == 17) {
		if (from < 0 || (from == 0 && to == 65535))
			g_string_append(s, " all ports");
		else if (from == to)
			g_string_append_printf(s, " %d", from);
		else
			g_string_append_printf(s, " %d-%d", from, to);
	} else if ((proto == 1 || proto == 58) && icmp_style && from >= 0) {
		g_string_append_printf(s, " type %d", from);
		if (to >= 0)
			g_string_append_printf(s, " code %d", to);
	}
}

static char *
nacl_entry_text(const struct model_nacl *n, const struct model_nacl_entry *x)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "NACL %s %s rule ", n->o.id, x->egress ? "outbound" : "inbound");
	if (x->number >= 32767)
		g_string_append_printf(s, "* (%u)", x->number);
	else
		g_string_append_printf(s, "%u", x->number);
	g_string_append(s, x->allow ? " allow " : " deny ");
	if (x->protocol == 1 || x->protocol == 58)
		gs_proto_ports(s, x->protocol, x->icmp_type, x->icmp_code, true);
	else
		gs_proto_ports(s, x->protocol, x->port_from, x->port_to, false);
	g_string_append(s, x->egress ? " to " : " from ");
	gs_pfx(s, &x->cidr);
	return g_string_free(s, FALSE);
}

static void
compile_sg_rules(const struct model_sg_rule *r, size_t n, struct csg_rule **out)
{
	*out = g_new0(struct csg_rule, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		GString *s = g_string_new(NULL);
		bool icmp = r[i].protocol == 1 || r[i].protocol == 58;
		gs_proto_ports(s, r[i].protocol, r[i].from_port, r[i].to_port, icmp);
		(*out)[i].desc = g_string_free(s, FALSE);
		guint nc = r[i].cidrs ? r[i].cidrs->len : 0;
		(*out)[i].cidr_str = g_new0(char *, nc + 1);
		for (guint k = 0; k < nc; k++) {
			char b[MODEL_PREFIX_STRLEN];
			(*out)[i].cidr_str[k] = g_strdup(model_prefix_format(
				&g_array_index(r[i].cidrs, struct model_prefix, k), b));
		}
	}
}

static void
free_sg_rules(struct csg_rule *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		g_free(r[i].desc);
		g_strfreev(r[i].cidr_str);
	}
	g_free(r);
}

static bool
sg_allows_udp(const struct model_sg *g, int port)
{
	for (size_t i = 0; i < g->n_ingress; i++) {
		const struct model_sg_rule *r = &g->ingress[i];
		if (r->protocol == -1 ||
			(r->protocol == 17 &&
				(r->from_port < 0 || (r->from_port <= port && port <= r->to_port))))
			return true;
	}
	return false;
}

/* GWLB endpoint → its load balancer, the load balancer's interface and an appliance: the
 * snapshot has no endpoint-service description, so the gateway load balancer is the one
 * in the endpoint's VPC (else any), and an appliance is an instance interface in a target
 * group's VPC whose security group admits GENEVE (UDP 6081). */
static void
compile_gwlb(const struct model *m, const struct model_vpce *v, struct gwlb_info *gi)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_LB); i++) {
		const struct model_lb *lb = MODEL_GET(m, MODEL_LB, struct model_lb, i);
		if (g_strcmp0(lb->type, "gateway") != 0)
			continue;
		if (!gi->lb || lb->vpc == v->vpc)
			gi->lb = lb;
	}
	if (v->subnets->len)
		gi->subnet = g_ptr_array_index(v->subnets, 0);
	else if (v->enis->len)
		gi->subnet = ((const struct model_eni *)g_ptr_array_index(v->enis, 0))->subnet;
	if (!gi->lb)
		return;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ENI); i++) {
		const struct model_eni *e = MODEL_GET(m, MODEL_ENI, struct model_eni, i);
		if (!gi->lb_eni && g_strcmp0(e->interface_type, "gateway_load_balancer") == 0) {
			for (guint k = 0; k < gi->lb->subnets->len; k++)
				if (g_ptr_array_index(gi->lb->subnets, k) == e->subnet)
					gi->lb_eni = e;
		}
	}
	for (guint t = 0; t < gi->lb->tgs->len && !gi->appliance; t++) {
		const struct model_tg *tg = g_ptr_array_index(gi->lb->tgs, t);
		for (guint i = 0; i < MODEL_COUNT(m, MODEL_ENI) && !gi->appliance; i++) {
			const struct model_eni *e = MODEL_GET(m, MODEL_ENI, struct model_eni, i);
			if (e->vpc != tg->vpc || g_strcmp0(e->interface_type, "interface") != 0)
				continue;
			for (guint k = 0; k < e->sgs->len; k++)
				if (sg_allows_udp(g_ptr_array_index(e->sgs, k), 6081))
					gi->appliance = e;
		}
	}
}

struct model_engine *
model_engine_new(const struct model *m, GError **error)
{
	struct model_engine *e = g_new0(struct model_engine, 1);
	e->m = m;
	bool ok = true;
	e->vrtb = g_new0(struct fib, MODEL_COUNT(m, MODEL_RTB) + 1);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_RTB); i++) {
		compile_vpc_rtb(&e->vrtb[i], MODEL_GET(m, MODEL_RTB, struct model_rtb, i));
		ok &= fib_finish(&e->vrtb[i]);
	}
	e->trtb = g_new0(struct fib, MODEL_COUNT(m, MODEL_TGW_RTB) + 1);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW_RTB); i++) {
		compile_tgw_rtb(
			m, &e->trtb[i], MODEL_GET(m, MODEL_TGW_RTB, struct model_tgw_rtb, i));
		ok &= fib_finish(&e->trtb[i]);
	}
	e->vgw = g_new0(struct fib, MODEL_COUNT(m, MODEL_VGW) + 1);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VGW); i++) {
		compile_vgw(m, &e->vgw[i], MODEL_GET(m, MODEL_VGW, struct model_vgw, i));
		ok &= fib_finish(&e->vgw[i]);
	}

	e->eaddrs = g_array_new(FALSE, FALSE, sizeof(struct eaddr));
	e->eni4 = lpm4_new();
	e->eni6 = lpm6_new();
	e->pub4 = lpm4_new();
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ENI); i++) {
		const struct model_eni *n = MODEL_GET(m, MODEL_ENI, struct model_eni, i);
		for (size_t k = 0; k < n->n_ips; k++) {
			struct eaddr ea = { n, &n->ips[k] };
			g_array_append_val(e->eaddrs, ea);
			uint32_t v = e->eaddrs->len - 1;
			const struct model_addr *a = &n->ips[k].priv;
			uint32_t old;
			if (a->af == MODEL_AF_INET && !lpm4_get(e->eni4, a->a.v4, 32, &old))
				ok &= lpm4_add(e->eni4, a->a.v4, 32, v);
			else if (a->af == MODEL_AF_INET6 && !lpm6_get(e->eni6, a->a.v6, 128, &old))
				ok &= lpm6_add(e->eni6, a->a.v6, 128, v);
			if (n->ips[k].pub.af == MODEL_AF_INET)
				ok &= lpm4_add(e->pub4, n->ips[k].pub.a.v4, 32, v);
		}
	}
	e->sub4 = lpm4_new();
	e->sub6 = lpm6_new();
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_SUBNET); i++) {
		const struct model_subnet *s = MODEL_GET(m, MODEL_SUBNET, struct model_subnet, i);
		if (s->cidr4.af == MODEL_AF_INET)
			ok &= lpm4_add(e->sub4, s->cidr4.a.v4, s->cidr4.len, i);
		if (s->cidr6.af == MODEL_AF_INET6)
			ok &= lpm6_add(e->sub6, s->cidr6.a.v6, s->cidr6.len, i);
	}
	e->onp4 = lpm4_new();
	e->onp6 = lpm6_new();
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		const struct model_onprem *n = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		if (n->cidr.af == MODEL_AF_INET)
			ok &= lpm4_add(e->onp4, n->cidr.a.v4, n->cidr.len, i);
		else if (n->cidr.af == MODEL_AF_INET6)
			ok &= lpm6_add(e->onp6, n->cidr.a.v6, n->cidr.len, i);
	}
	e->sgs = g_new0(struct csg, MODEL_COUNT(m, MODEL_SG) + 1);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_SG); i++) {
		const struct model_sg *g = MODEL_GET(m, MODEL_SG, struct model_sg, i);
		compile_sg_rules(g->ingress, g->n_ingress, &e->sgs[i].in);
		compile_sg_rules(g->egress, g->n_egress, &e->sgs[i].out);
	}
	e->nacls = g_new0(struct cnacl, MODEL_COUNT(m, MODEL_NACL) + 1);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_NACL); i++) {
		const struct model_nacl *n = MODEL_GET(m, MODEL_NACL, struct model_nacl, i);
		e->nacls[i].in = g_new0(char *, n->n_ingress + 1);
		e->nacls[i].in_len = g_new0(uint16_t, n->n_ingress + 1);
		for (size_t k = 0; k < n->n_ingress; k++) {
			e->nacls[i].in[k] = nacl_entry_text(n, &n->ingress[k]);
			e->nacls[i].in_len[k] = (uint16_t)strlen(e->nacls[i].in[k]);
		}
		e->nacls[i].out = g_new0(char *, n->n_egress + 1);
		e->nacls[i].out_len = g_new0(uint16_t, n->n_egress + 1);
		for (size_t k = 0; k < n->n_egress; k++) {
			e->nacls[i].out[k] = nacl_entry_text(n, &n->egress[k]);
			e->nacls[i].out_len[k] = (uint16_t)strlen(e->nacls[i].out[k]);
		}
	}
	e->gwlbe = g_new0(struct gwlb_info, MODEL_COUNT(m, MODEL_VPCE) + 1);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPCE); i++) {
		const struct model_vpce *v = MODEL_GET(m, MODEL_VPCE, struct model_vpce, i);
		if (v->type == MODEL_VPCE_GWLB)
			compile_gwlb(m, v, &e->gwlbe[i]);
	}
	if (!ok) {
		g_set_error(error, MODEL_ERROR, MODEL_ERROR_VALUE,
			"%s: a forwarding table holds more routes than the LPM allows", m->dir);
		model_engine_free(e);
		return NULL;
	}
	return e;
}

void
model_engine_free(struct model_engine *e)
{
	if (!e)
		return;
	const struct model *m = e->m;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_RTB); i++)
		fib_clear(&e->vrtb[i]);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW_RTB); i++)
		fib_clear(&e->trtb[i]);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VGW); i++)
		fib_clear(&e->vgw[i]);
	g_free(e->vrtb);
	g_free(e->trtb);
	g_free(e->vgw);
	if (e->eaddrs)
		g_array_free(e->eaddrs, TRUE);
	lpm4_free(e->eni4);
	lpm6_free(e->eni6);
	lpm4_free(e->pub4);
	lpm4_free(e->sub4);
	lpm6_free(e->sub6);
	lpm4_free(e->onp4);
	lpm6_free(e->onp6);
	for (guint i = 0; e->sgs && i < MODEL_COUNT(m, MODEL_SG); i++) {
		const struct model_sg *g = MODEL_GET(m, MODEL_SG, struct model_sg, i);
		free_sg_rules(e->sgs[i].in, g->n_ingress);
		free_sg_rules(e->sgs[i].out, g->n_egress);
	}
	g_free(e->sgs);
	for (guint i = 0; e->nacls && i < MODEL_COUNT(m, MODEL_NACL); i++) {
		g_strfreev(e->nacls[i].in);
		g_strfreev(e->nacls[i].out);
		g_free(e->nacls[i].in_len);
		g_free(e->nacls[i].out_len);
	}
	g_free(e->nacls);
	g_free(e->gwlbe);
	g_free(e);
}

const struct model *
model_engine_model(const struct model_engine *e)
{
	return e->m;
}

/* ---- updates ---------------------------------------------------------------------------- */

static struct fib *
fib_of(struct model_engine *e, const struct model_obj *table)
{
	if (!table)
		return NULL;
	if (table->kind == MODEL_RTB && table->idx < MODEL_COUNT(e->m, MODEL_RTB))
		return &e->vrtb[table->idx];
	if (table->kind == MODEL_TGW_RTB && table->idx < MODEL_COUNT(e->m, MODEL_TGW_RTB))
		return &e->trtb[table->idx];
	return NULL;
}

/* Re-explains entry ei, every entry it covers and (VPC) the local entries covering it. */
static void
fib_touch(struct fib *f, unsigned ei)
{
	const struct model_prefix p = g_array_index(f->ents, struct pentry, ei).pfx;
	for (guint i = 0; i < f->ents->len; i++) {
		const struct pentry *o = &g_array_index(f->ents, struct pentry, i);
		if (model_prefix_covers(&p, &o->pfx) || model_prefix_covers(&o->pfx, &p))
			entry_explain(f, i);
	}
	f->version++;
}

bool
model_rtb_route_add(struct model_engine *e, const struct model_obj *table,
	const struct model_prefix *dst, const struct model_obj *target, uint32_t as_path_len,
	uint32_t med)
{
	struct fib *f = fib_of(e, table);
	if (!f || !target || dst->af == MODEL_AF_NONE)
		return false;
	struct cand c;
	memset(&c, 0, sizeof(c));
	c.pfx = pfx_clean(dst);
	c.truth = -1;
	c.target = target;
	c.target_id = target->id;
	c.as_path = as_path_len;
	c.med = med;
	if (f->type == FIB_VPC) {
		if (target->kind != MODEL_VGW)
			return false;
		c.cls = c.rank = VC_PROPAGATED;
		c.tkind = MODEL_TGT_VGW;
	} else {
		if (target->kind != MODEL_TGW_ATTACH ||
			((const struct model_tgw_attach *)target)->res_type ==
				MODEL_TGW_RES_PEERING)
			return false;
		c.cls = (uint8_t)tgw_origin_of((const struct model_tgw_attach *)target);
		c.rank = (uint8_t)model_tgw_origin_rank(c.cls);
	}
	/* an update replaces the same target's propagated route for the prefix */
	int ei = fib_find(f, &c.pfx);
	if (ei >= 0) {
		struct pentry *pe = &g_array_index(f->ents, struct pentry, ei);
		for (guint i = 0; i < pe->cands->len; i++) {
			struct cand *o = &g_array_index(
				f->cands, struct cand, g_array_index(pe->cands, uint32_t, i));
			bool propagated = f->type == FIB_VPC ? o->cls == VC_PROPAGATED
							     : o->cls > MODEL_TGW_O_PREFIX_LIST;
			if (o->target == target && propagated) {
				o->withdrawn = false;
				o->as_path = as_path_len;
				o->med = med;
				if (!entry_select(f, (unsigned)ei))
					return false;
				fib_touch(f, (unsigned)ei);
				return true;
			}
		}
	}
	if (f->type == FIB_VPC)
		vpc_mark_ignored(f, &c);
	unsigned ni = fib_add(f, &c);
	if (!entry_select(f, ni))
		return false;
	fib_touch(f, ni);
	return true;
}

bool
model_rtb_route_withdraw(struct model_engine *e, const struct model_obj *table,
	const struct model_prefix *dst, const struct model_obj *target)
{
	struct fib *f = fib_of(e, table);
	if (!f || !target)
		return false;
	int ei = fib_find(f, dst);
	if (ei < 0)
		return false;
	struct pentry *pe = &g_array_index(f->ents, struct pentry, ei);
	for (guint i = 0; i < pe->cands->len; i++) {
		struct cand *o = &g_array_index(
			f->cands, struct cand, g_array_index(pe->cands, uint32_t, i));
		bool propagated = f->type == FIB_VPC ? o->cls == VC_PROPAGATED
						     : o->cls > MODEL_TGW_O_PREFIX_LIST;
		if (o->target == target && propagated && !o->withdrawn) {
			o->withdrawn = true;
			bool ok = entry_select(f, (unsigned)ei);
			fib_touch(f, (unsigned)ei);
			return ok;
		}
	}
	return false;
}

uint64_t
model_rtb_version(const struct model_engine *e, const struct model_obj *table)
{
	const struct fib *f = fib_of((struct model_engine *)(uintptr_t)e, table);
	return f ? f->version : 0;
}

/* ---- the walk ---------------------------------------------------------------------------- */

enum edge { EDGE_NONE, EDGE_PCX, EDGE_TGW, EDGE_IGW, EDGE_VGW };

#define SEEN_MAX 24

struct walk {
	const struct model_engine *e;
	struct model_path *p;
	const struct model_packet *pkt;
	struct model_addr src, dst;
	bool reply;
	bool done;
	bool open;                      /* the last hop's why-string is still being written */
	uint32_t hash;                  /* symmetric flow hash */
	const struct model_subnet *cur; /* the subnet the packet is in, NULL outside */
	enum edge edge;                 /* how it entered the VPC it is in */
	const struct model_eni *src_eni;
	const char *az; /* AZ it entered the TGW from */
	unsigned n_seen;
	const void *seen[SEEN_MAX];
};

/* ---- hops and why-strings ---- */

/* Appends to the open hop's why-string; hop_close() terminates it. One byte of the buffer
 * always stays free for the terminating NUL. */
static inline void
why_put(struct walk *w, const char *s, size_t n)
{
	struct model_path *p = w->p;
	size_t room = sizeof(p->why) - 1 - p->why_used;
	if (n > room) {
		n = room;
		p->why_truncated = true;
	}
	memcpy(p->why + p->why_used, s, n);
	p->why_used += n;
}

/* why_s() of a literal folds strlen() at compile time once inlined */
static inline void
why_s(struct walk *w, const char *s)
{
	if (s)
		why_put(w, s, strlen(s));
}

static void
hop_close(struct walk *w)
{
	struct model_path *p = w->p;
	if (!w->open)
		return;
	w->open = false;
	struct model_hop *h = &p->hops[p->n_hops - 1];
	h->why_len = (uint16_t)(p->why_used - h->why_off);
	p->why[p->why_used] = 0;
	if (p->why_used + 1 < sizeof(p->why))
		p->why_used++;
}

static void
why_u(struct walk *w, uint32_t v)
{
	char b[12];
	int i = 11;
	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	why_put(w, b + i, 11 - (size_t)i);
}

static void
why_hex(struct walk *w, uint64_t v, unsigned digits)
{
	char b[17];
	static const char hx[] = "0123456789abcdef";
	if (digits > 16)
		digits = 16;
	for (unsigned i = 0; i < digits; i++)
		b[i] = hx[(v >> (4 * (digits - 1 - i))) & 0xf];
	why_put(w, b, digits);
}

static void
why_addr(struct walk *w, const struct model_addr *a)
{
	if (a->af == MODEL_AF_INET) {
		uint32_t v = a->a.v4;
		for (int i = 3; i >= 0; i--) {
			why_u(w, (v >> (8 * i)) & 0xff);
			if (i)
				why_put(w, ".", 1);
		}
		return;
	}
	char b[MODEL_PREFIX_STRLEN];
	why_s(w, model_addr_format(a, b));
}

static void
why_pfx(struct walk *w, const struct model_prefix *p)
{
	if (p->af == MODEL_AF_INET) {
		struct model_addr a = { .af = MODEL_AF_INET, .a.v4 = p->a.v4 };
		why_addr(w, &a);
		why_put(w, "/", 1);
		why_u(w, p->len);
		return;
	}
	char b[MODEL_PREFIX_STRLEN];
	why_s(w, model_prefix_format(p, b));
}

/* Starts a hop; its why-string follows with why_*(). When the path is full the walk ends
 * in ttl_exceeded (a loop the route-table memory did not catch). */
static bool
hop(struct walk *w, const char *id, const char *kind, enum model_action a)
{
	struct model_path *p = w->p;
	if (w->done)
		return false;
	hop_close(w);
	bool full = p->n_hops >= MODEL_PATH_MAX_HOPS - 1;
	struct model_hop *h = &p->hops[p->n_hops++];
	h->id = id;
	h->kind = kind;
	h->action = (uint8_t)(full ? MODEL_ACT_DROP : a);
	h->why_off = (uint16_t)p->why_used;
	h->why_len = 0;
	w->open = true;
	if (full) {
		why_s(w, "hop limit reached: the path loops");
		p->verdict = MODEL_VERDICT_DROPPED;
		p->reason = MODEL_R_TTL_EXCEEDED;
		p->end_id = id;
		w->done = true;
		return false;
	}
	return true;
}

static void
drop(struct walk *w, const char *at, enum model_reason r)
{
	if (w->done)
		return;
	w->p->verdict = MODEL_VERDICT_DROPPED;
	w->p->reason = (uint8_t)r;
	w->p->end_id = at;
	if (w->p->n_hops)
		w->p->hops[w->p->n_hops - 1].action = MODEL_ACT_DROP;
	w->done = true;
}

static void
deliver(struct walk *w, const char *to)
{
	if (w->done)
		return;
	w->p->verdict = MODEL_VERDICT_DELIVERED;
	w->p->reason = MODEL_R_NONE;
	w->p->end_id = to;
	w->done = true;
}

/* A route table seen twice for the same packet means a loop: real packets would circle
 * until their TTL ran out (STYLE.md §8). */
static bool
seen_once(struct walk *w, const void *table, const char *id, const char *kind)
{
	for (unsigned i = 0; i < w->n_seen; i++) {
		if (w->seen[i] != table)
			continue;
		if (hop(w, id, kind, MODEL_ACT_DROP)) {
			why_s(w, "visited twice for ");
			why_addr(w, &w->dst);
			why_s(w, ": a routing loop; the packet would circle until its TTL expires");
		}
		drop(w, id, MODEL_R_TTL_EXCEEDED);
		return false;
	}
	if (w->n_seen < SEEN_MAX)
		w->seen[w->n_seen++] = table;
	return true;
}

/* ---- lookups ---- */

static const struct eaddr *
eni_addr(const struct model_engine *e, const struct model_addr *a)
{
	uint32_t v;
	bool hit = a->af == MODEL_AF_INET    ? lpm4_lookup(e->eni4, a->a.v4, &v)
		   : a->af == MODEL_AF_INET6 ? lpm6_lookup(e->eni6, a->a.v6, &v)
					     : false;
	return hit ? &g_array_index(e->eaddrs, struct eaddr, v) : NULL;
}

/* The ENI holding private address a inside vpc (VPCs may overlap: fall back to a scan). */
static const struct model_eni *
eni_in_vpc(const struct model_engine *e, const struct model_vpc *vpc, const struct model_addr *a)
{
	const struct eaddr *ea = eni_addr(e, a);
	if (!ea)
		return NULL;
	if (!vpc || ea->eni->vpc == vpc)
		return ea->eni;
	return model_find_eni_by_addr(e->m, vpc, a);
}

static const struct model_subnet *
subnet_of(const struct model_engine *e, const struct model_vpc *vpc, const struct model_addr *a)
{
	uint32_t v;
	bool hit = a->af == MODEL_AF_INET ? lpm4_lookup(e->sub4, a->a.v4, &v)
					  : lpm6_lookup(e->sub6, a->a.v6, &v);
	if (!hit)
		return NULL;
	const struct model_subnet *s = MODEL_GET(e->m, MODEL_SUBNET, struct model_subnet, v);
	if (!vpc || s->vpc == vpc)
		return s;
	return model_find_subnet_by_addr(e->m, vpc, a);
}

static const struct model_onprem *
onprem_of(const struct model_engine *e, const struct model_addr *a)
{
	uint32_t v;
	bool hit = a->af == MODEL_AF_INET ? lpm4_lookup(e->onp4, a->a.v4, &v)
					  : lpm6_lookup(e->onp6, a->a.v6, &v);
	return hit ? MODEL_GET(e->m, MODEL_ONPREM, struct model_onprem, v) : NULL;
}

static const struct pentry *
fib_lookup(const struct fib *f, const struct model_addr *a)
{
	uint32_t v;
	bool hit = a->af == MODEL_AF_INET ? lpm4_lookup(f->l4, a->a.v4, &v)
					  : lpm6_lookup(f->l6, a->a.v6, &v);
	return hit ? &g_array_index(f->ents, struct pentry, v) : NULL;
}

static const struct cand *
entry_cand(const struct fib *f, const struct pentry *pe)
{
	return &g_array_index(f->cands, struct cand, pe->win);
}

static bool
vpc_contains(const struct model_vpc *v, const struct model_addr *a)
{
	GArray *c = a->af == MODEL_AF_INET ? v->cidr4 : v->cidr6;
	for (guint i = 0; i < c->len; i++)
		if (model_prefix_contains(&g_array_index(c, struct model_prefix, i), a))
			return true;
	return false;
}

static bool
addr_eq(const struct model_addr *a, const struct model_addr *b)
{
	if (a->af != b->af)
		return false;
	return a->af == MODEL_AF_INET ? a->a.v4 == b->a.v4 : memcmp(a->a.v6, b->a.v6, 16) == 0;
}

static uint32_t
mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x7feb352dU;
	h ^= h >> 15;
	h *= 0x846ca68bU;
	h ^= h >> 16;
	return h;
}

static uint32_t
addr_fold(const struct model_addr *a)
{
	if (a->af == MODEL_AF_INET)
		return a->a.v4;
	uint32_t h = 0;
	for (unsigned i = 0; i < 16; i += 4)
		h = h * 0x9e3779b1U + ((uint32_t)a->a.v6[i] << 24 | (uint32_t)a->a.v6[i + 1] << 16 |
					      (uint32_t)a->a.v6[i + 2] << 8 | a->a.v6[i + 3]);
	return h;
}

/* Symmetric in (src, dst) and (sport, dport): both directions of a flow hash the same,
 * which is what appliance mode and the GWLB's flow stickiness need. */
static uint32_t
flow_hash(const struct model_packet *k)
{
	uint32_t a = addr_fold(&k->src), b = addr_fold(&k->dst);
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	uint32_t plo = k->sport < k->dport ? k->sport : k->dport;
	uint32_t phi = k->sport < k->dport ? k->dport : k->sport;
	return mix32(lo ^ mix32(hi ^ mix32(k->proto ^ (plo << 16 | phi))));
}

/* ---- network ACLs (VPC guide, "Network ACLs": stateless, lowest rule number first, the
 * first match decides, the `*` rule denies; both directions) ---- */

static bool
nacl_match(const struct model_nacl_entry *x, const struct walk *w, const struct model_addr *peer)
{
	const struct model_packet *k = w->pkt;
	if (x->protocol != -1 && x->protocol != k->proto)
		return false;
	if (!model_prefix_contains(&x->cidr, peer))
		return false;
	if ((k->proto == 6 || k->proto == 17) && x->protocol != -1 && x->port_from >= 0 &&
		(k->dport < x->port_from || k->dport > x->port_to))
		return false;
	if ((k->proto == 1 || k->proto == 58) && x->protocol != -1) {
		if (x->icmp_type >= 0 && x->icmp_type != k->icmp_type)
			return false;
		if (x->icmp_code >= 0 && x->icmp_code != k->icmp_code)
			return false;
	}
	return true;
}

static bool
nacl_check(struct walk *w, const struct model_subnet *s, bool egress)
{
	const struct model_nacl *n = model_subnet_nacl(s);
	if (!n)
		return true;
	const struct model_nacl_entry *x = egress ? n->egress : n->ingress;
	size_t cnt = egress ? n->n_egress : n->n_ingress;
	const struct cnacl *cn = &w->e->nacls[n->o.idx];
	char **txt = egress ? cn->out : cn->in;
	const uint16_t *tlen = egress ? cn->out_len : cn->in_len;
	const struct model_addr *peer = egress ? &w->dst : &w->src;
	for (size_t i = 0; i < cnt; i++) {
		if (!nacl_match(&x[i], w, peer))
			continue;
		if (!hop(w, n->o.id, "network-acl",
			    x[i].allow ? MODEL_ACT_FORWARD : MODEL_ACT_DROP))
			return false;
		why_put(w, txt[i], tlen[i]);
		why_s(w, egress ? " (leaving " : " (entering ");
		why_s(w, s->o.id);
		why_s(w, ")");
		if (!x[i].allow) {
			drop(w, n->o.id, MODEL_R_NACL_DENY);
			return false;
		}
		return true;
	}
	if (hop(w, n->o.id, "network-acl", MODEL_ACT_DROP)) {
		why_s(w, "NACL ");
		why_s(w, n->o.id);
		why_s(w, egress ? " outbound" : " inbound");
		why_s(w, ": no rule matches (the implicit * rule denies)");
	}
	drop(w, n->o.id, MODEL_R_NACL_DENY);
	return false;
}

/* The packet leaves the subnet it is in (its outbound ACL). */
static bool
leave_subnet(struct walk *w)
{
	const struct model_subnet *s = w->cur;
	w->cur = NULL;
	return !s || nacl_check(w, s, true);
}

/* The packet crosses into subnet s: the outbound ACL of the subnet it leaves and s's
 * inbound ACL; nothing within one subnet (NACLs filter at the subnet boundary). */
static bool
enter_subnet(struct walk *w, const struct model_subnet *s)
{
	if (w->cur == s)
		return true;
	if (!leave_subnet(w))
		return false;
	if (s && !nacl_check(w, s, false))
		return false;
	w->cur = s;
	return true;
}

/* ---- security groups (VPC guide, "Security groups": allow rules only, stateful, may
 * reference other groups by the membership of the peer's interface) ---- */

struct sg_hit {
	const struct model_sg *sg;
	size_t rule;
	const char *what; /* the matching source/destination */
};

static bool
sg_rule_match(const struct walk *w, const struct model_sg_rule *r, const struct csg_rule *cr,
	const struct model_addr *peer, const char **what)
{
	const struct model_packet *k = w->pkt;
	if (r->protocol != -1 && r->protocol != k->proto)
		return false;
	if (r->protocol == 6 || r->protocol == 17) {
		if (r->from_port >= 0 && (k->dport < r->from_port || k->dport > r->to_port))
			return false;
	} else if (r->protocol == 1 || r->protocol == 58) {
		if (r->from_port >= 0 && r->from_port != k->icmp_type)
			return false;
		if (r->to_port >= 0 && r->to_port != k->icmp_code)
			return false;
	}
	for (guint i = 0; r->cidrs && i < r->cidrs->len; i++)
		if (model_prefix_contains(&g_array_index(r->cidrs, struct model_prefix, i), peer)) {
			*what = cr->cidr_str[i];
			return true;
		}
	if (r->groups && r->groups->len) {
		const struct eaddr *ea = eni_addr(w->e, peer);
		for (guint i = 0; ea && i < r->groups->len; i++) {
			const void *g = g_ptr_array_index(r->groups, i);
			for (guint k2 = 0; k2 < ea->eni->sgs->len; k2++)
				if (g_ptr_array_index(ea->eni->sgs, k2) == g) {
					*what = ((const struct model_sg *)g)->o.id;
					return true;
				}
		}
	}
	for (guint i = 0; r->pls && i < r->pls->len; i++) {
		const struct model_pl *pl = g_ptr_array_index(r->pls, i);
		for (guint k2 = 0; k2 < pl->cidrs->len; k2++)
			if (model_prefix_contains(
				    &g_array_index(pl->cidrs, struct model_prefix, k2), peer)) {
				*what = pl->o.id;
				return true;
			}
	}
	return false;
}

static bool
sg_eval(const struct walk *w, const struct model_eni *eni, bool egress, struct sg_hit *hit)
{
	const struct model_addr *peer = egress ? &w->dst : &w->src;
	for (guint g = 0; g < eni->sgs->len; g++) {
		const struct model_sg *sg = g_ptr_array_index(eni->sgs, g);
		const struct model_sg_rule *r = egress ? sg->egress : sg->ingress;
		size_t n = egress ? sg->n_egress : sg->n_ingress;
		const struct csg_rule *cr =
			egress ? w->e->sgs[sg->o.idx].out : w->e->sgs[sg->o.idx].in;
		for (size_t i = 0; i < n; i++)
			if (sg_rule_match(w, &r[i], &cr[i], peer, &hit->what)) {
				hit->sg = sg;
				hit->rule = i;
				return true;
			}
	}
	return false;
}

/* Emits the ENI's hop (egress or ingress) with its security-group verdict. */
static bool
eni_hop(struct walk *w, const struct model_eni *eni, bool egress)
{
	struct sg_hit hit;
	if (!eni->sgs->len || w->reply) {
		if (!hop(w, eni->o.id, "eni", egress ? MODEL_ACT_EGRESS : MODEL_ACT_INGRESS))
			return false;
		why_s(w, !eni->sgs->len ? "no security groups"
					: "return traffic of an allowed flow (security groups are "
					  "stateful)");
		if (eni->o.name) {
			why_s(w, " (");
			why_s(w, eni->o.name);
			why_s(w, ")");
		}
		return true;
	}
	if (sg_eval(w, eni, egress, &hit)) {
		if (!hop(w, eni->o.id, "eni", egress ? MODEL_ACT_EGRESS : MODEL_ACT_INGRESS))
			return false;
		const struct csg_rule *cr =
			egress ? w->e->sgs[hit.sg->o.idx].out : w->e->sgs[hit.sg->o.idx].in;
		why_s(w, hit.sg->o.id);
		why_s(w, egress ? " egress rule " : " ingress rule ");
		why_u(w, (uint32_t)hit.rule + 1);
		why_s(w, " allows ");
		why_s(w, cr[hit.rule].desc);
		why_s(w, egress ? " to " : " from ");
		why_s(w, hit.what);
		return true;
	}
	const struct model_sg *first = g_ptr_array_index(eni->sgs, 0);
	if (hop(w, first->o.id, "security-group", MODEL_ACT_DROP)) {
		why_s(w, "no rule of ");
		for (guint g = 0; g < eni->sgs->len; g++) {
			if (g)
				why_s(w, ", ");
			why_s(w, ((const struct model_sg *)g_ptr_array_index(eni->sgs, g))->o.id);
		}
		why_s(w, egress ? " allows egress to " : " allows ingress from ");
		why_addr(w, egress ? &w->dst : &w->src);
		why_s(w, " (");
		why_s(w, proto_name(w->pkt->proto) ? proto_name(w->pkt->proto) : "protocol");
		if (w->pkt->proto == 6 || w->pkt->proto == 17) {
			why_s(w, " port ");
			why_u(w, w->pkt->dport);
		}
		why_s(w, ") on ");
		why_s(w, eni->o.id);
	}
	drop(w, first->o.id, MODEL_R_SG_DENY);
	return false;
}

/* ---- the steps ---- */

static void vpc_route(struct walk *w, const struct model_vpc *vpc, const struct model_rtb *rtb);
static void tgw_enter(struct walk *w, const struct model_tgw_attach *att);

static void
deliver_pseudo(struct walk *w, const char *id, const char *kind, const char *why)
{
	if (hop(w, id, kind, MODEL_ACT_DELIVER))
		why_s(w, why);
	deliver(w, id);
}

static void
deliver_onprem(struct walk *w, const struct model_obj *via)
{
	const struct model_onprem *n = onprem_of(w->e, &w->dst);
	if (n) {
		if (hop(w, n->o.id, "on-premises", MODEL_ACT_DELIVER)) {
			why_pfx(w, &n->cidr);
			why_s(w, " (");
			why_s(w, n->o.id);
			why_s(w, ") reached over ");
			why_s(w, via->id);
		}
		deliver(w, n->o.id);
		return;
	}
	if (hop(w, via->id, "on-premises", MODEL_ACT_DELIVER)) {
		why_s(w, "beyond ");
		why_s(w, via->id);
		why_s(w, " (no OnPremises network in awstrace.json holds ");
		why_addr(w, &w->dst);
		why_s(w, ")");
	}
	deliver(w, via->id);
}

static const struct model_vpn_tunnel *
vpn_tunnel(const struct walk *w, const struct model_vpn *v, unsigned *no, bool ecmp)
{
	unsigned up = 0;
	for (size_t i = 0; i < v->n_tunnels; i++)
		up += v->tunnels[i].up;
	if (!up)
		return NULL;
	unsigned pick = ecmp ? w->hash % up : 0;
	for (size_t i = 0; i < v->n_tunnels; i++) {
		if (!v->tunnels[i].up)
			continue;
		if (!pick--) {
			*no = (unsigned)i + 1;
			return &v->tunnels[i];
		}
	}
	return NULL;
}

/* Out over a Site-to-Site VPN connection: ESP between the tunnel outside addresses
 * (Site-to-Site VPN guide, "Tunnel options"); with a TGW and VpnEcmpSupport, both tunnels
 * carry traffic, else the first one up does. */
static void
vpn_out(struct walk *w, const struct model_vpn *v)
{
	unsigned no = 0;
	bool ecmp = v->tgw && v->tgw->vpn_ecmp;
	const struct model_vpn_tunnel *t = vpn_tunnel(w, v, &no, ecmp);
	if (!t) {
		if (hop(w, v->o.id, "vpn-connection", MODEL_ACT_DROP))
			why_s(w, "no tunnel is up");
		drop(w, v->o.id, MODEL_R_TUNNEL_DOWN);
		return;
	}
	if (!hop(w, v->o.id, "vpn-connection", MODEL_ACT_ENCAP))
		return;
	why_s(w, "ESP in tunnel ");
	why_u(w, no);
	why_s(w, " ");
	why_addr(w, &t->outside_ip);
	why_s(w, " -> ");
	if (v->cgw) {
		why_addr(w, &v->cgw->ip);
		why_s(w, " (");
		why_s(w, v->cgw->o.id);
		why_s(w, ")");
	} else {
		why_s(w, "customer gateway");
	}
	why_s(w, ecmp ? "; VpnEcmpSupport: flow hash picks the tunnel" : "; first tunnel up");
	deliver_onprem(w, &v->o);
}

/* Direct Connect user guide, "Virtual interfaces": a VIF is one 802.1Q VLAN on a
 * connection with its own BGP session; private VIFs reach a VGW or DX gateway, transit VIFs a
 * DX gateway associated with transit gateways, public VIFs AWS public prefixes. */
static void
vif_hop(struct walk *w, const struct model_dxvif *vif, bool out)
{
	if (!hop(w, vif->o.id, "dx-vif", MODEL_ACT_FORWARD))
		return;
	why_s(w, vif->type == MODEL_VIF_TRANSIT   ? "transit VIF"
		 : vif->type == MODEL_VIF_PRIVATE ? "private VIF"
						  : "public VIF");
	why_s(w, ", 802.1Q VLAN ");
	why_u(w, vif->vlan < 0 ? 0 : (uint32_t)vif->vlan);
	if (vif->con) {
		why_s(w, " on ");
		why_s(w, vif->con->o.id);
	}
	why_s(w, out ? ", to the customer router (BGP AS " : ", from the customer router (BGP AS ");
	why_u(w, vif->asn);
	why_s(w, ")");
}

/* A DX gateway toward on-premises: the VIF of this gateway that advertises the network
 * with the shortest AS_PATH (Direct Connect user guide, "Routing policies and BGP
 * communities": AS_PATH length then the other BGP attributes pick among VIFs). */
static void
dxgw_out(struct walk *w, const struct model_dxgw *g)
{
	const struct model_onprem *n = onprem_of(w->e, &w->dst);
	const struct model_dxvif *best = NULL;
	uint32_t best_as = UINT32_MAX;
	for (size_t i = 0; n && i < n->n_adv; i++) {
		const struct model_obj *via = n->adv[i].via;
		if (!via || via->kind != MODEL_DXVIF)
			continue;
		const struct model_dxvif *v = (const struct model_dxvif *)via;
		if (v->dxgw == g && n->adv[i].as_path_len < best_as) {
			best = v;
			best_as = n->adv[i].as_path_len;
		}
	}
	if (!best && g->vifs->len)
		best = g_ptr_array_index(g->vifs, 0);
	if (!hop(w, g->o.id, "dx-gateway", MODEL_ACT_FORWARD))
		return;
	if (!best) {
		why_s(w, "no virtual interface");
		drop(w, g->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	why_s(w, "to ");
	why_s(w, best->o.id);
	if (best_as != UINT32_MAX) {
		why_s(w, " (advertises ");
		why_pfx(w, &n->cidr);
		why_s(w, ", AS_PATH ");
		why_u(w, best_as);
		why_s(w, ")");
	}
	vif_hop(w, best, true);
	deliver_onprem(w, &best->o);
}

/* A VPC route to the VGW: the VGW's own choice among its connections for the prefix. */
static void
vgw_out(struct walk *w, const struct model_vgw *g)
{
	const struct fib *f = &w->e->vgw[g->o.idx];
	const struct pentry *pe = fib_lookup(f, &w->dst);
	if (!hop(w, g->o.id, "vgw", MODEL_ACT_FORWARD))
		return;
	if (!pe) {
		why_s(w, "no VPN or Direct Connect route for ");
		why_addr(w, &w->dst);
		drop(w, g->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	why_put(w, pe->why, pe->why_len);
	const struct cand *c = entry_cand(f, pe);
	if (c->target->kind == MODEL_VPN) {
		vpn_out(w, (const struct model_vpn *)c->target);
	} else {
		vif_hop(w, (const struct model_dxvif *)c->target, true);
		deliver_onprem(w, c->target);
	}
}

/* Ingress from a gateway (IGW, VGW) into a VPC: its gateway route table if one is
 * associated (VPC guide, "Gateway route tables"), else local delivery only. */
static void deliver_local(struct walk *w, const struct model_vpc *vpc);

static void
classify_outside(struct walk *w, const struct model_vpc *vpc, const struct model_obj *via)
{
	/* dst is outside vpc and nothing routes ingress traffic on: say why AWS drops it */
	const struct pentry *pe =
		vpc->main_rtb ? fib_lookup(&w->e->vrtb[vpc->main_rtb->o.idx], &w->dst) : NULL;
	const struct cand *c = pe ? entry_cand(&w->e->vrtb[vpc->main_rtb->o.idx], pe) : NULL;
	if (c && c->tkind == MODEL_TGT_PCX && c->target) {
		bool transit = w->edge == EDGE_PCX || w->edge == EDGE_TGW;
		if (hop(w, c->target->id, "vpc-peering", MODEL_ACT_DROP)) {
			why_s(w, transit ? "arrived over " : "arrived from ");
			why_s(w, via ? via->id : "outside");
			why_s(w, transit ? ": VPC peering is not transitive"
					 : ": VPC peering does not extend to a gateway or "
					   "VPN/Direct Connect (no edge-to-edge routing)");
		}
		drop(w, c->target->id,
			transit ? MODEL_R_PEERING_NOT_TRANSITIVE : MODEL_R_PEERING_EDGE_TO_EDGE);
		return;
	}
	if (w->edge == EDGE_PCX && c && c->target) {
		if (hop(w, c->target->id, model_kind_name(c->target->kind), MODEL_ACT_DROP)) {
			why_s(w, "arrived over ");
			why_s(w, via ? via->id : "a peering connection");
			why_s(w, ": a peer cannot use this VPC's gateways or connections (no "
				 "edge-to-edge routing)");
		}
		drop(w, c->target->id, MODEL_R_PEERING_EDGE_TO_EDGE);
		return;
	}
	const char *at = via ? via->id : vpc->o.id;
	if (hop(w, at, via ? model_kind_name(via->kind) : "vpc", MODEL_ACT_DROP)) {
		why_addr(w, &w->dst);
		why_s(w, " is outside ");
		why_s(w, vpc->o.id);
		why_s(w, ": ingress from ");
		why_s(w, via ? via->id : "outside");
		why_s(w, " reaches only the VPC's own addresses (no gateway route table routes it "
			 "on)");
	}
	drop(w, at, MODEL_R_NO_ROUTE);
}

static void
ingress_vpc(struct walk *w, const struct model_vpc *vpc, const struct model_obj *via,
	const struct model_rtb *edge_rtb)
{
	w->cur = NULL;
	if (edge_rtb) {
		vpc_route(w, vpc, edge_rtb);
		return;
	}
	if (vpc_contains(vpc, &w->dst)) {
		deliver_local(w, vpc);
		return;
	}
	classify_outside(w, vpc, via);
}

/* VPC guide, "NAT gateways": traffic from outside reaches a NAT gateway only as the reply
 * to a connection one of its clients opened; anything unsolicited is dropped. */
static void
nat_inbound(struct walk *w, const struct model_natgw *nat)
{
	if (w->reply) {
		if (hop(w, nat->o.id, "nat-gateway", MODEL_ACT_NAT))
			why_s(w, "reply to a flow it translated: back to the inner host from its "
				 "connection table");
		deliver(w, nat->o.id);
		return;
	}
	if (hop(w, nat->o.id, "nat-gateway", MODEL_ACT_DROP))
		why_s(w, "NAT gateways pass only replies to flows started from inside "
			 "(unsolicited inbound is dropped)");
	drop(w, nat->o.id, MODEL_R_NAT_UNSOLICITED);
}

static bool
reserved(const struct model_subnet *s, const struct model_addr *a)
{
	if (a->af == MODEL_AF_INET && s->cidr4.af == MODEL_AF_INET) {
		uint32_t off = a->a.v4 - s->cidr4.a.v4;
		uint32_t last = s->cidr4.len ? (UINT32_MAX >> s->cidr4.len) : UINT32_MAX;
		return off < 4 || off == last;
	}
	if (a->af == MODEL_AF_INET6 && s->cidr6.af == MODEL_AF_INET6 && s->cidr6.len >= 64) {
		/* first four and last of the subnet's /64 */
		bool low = true, high = true;
		for (unsigned i = 8; i < 15; i++) {
			low &= a->a.v6[i] == 0;
			high &= a->a.v6[i] == 0xff;
		}
		return (low && a->a.v6[15] < 4) || (high && a->a.v6[15] == 0xff);
	}
	return false;
}

/* Delivery by the local route: the interface holding dst in vpc. */
static void
deliver_local(struct walk *w, const struct model_vpc *vpc)
{
	const struct model_eni *eni = eni_in_vpc(w->e, vpc, &w->dst);
	if (!eni) {
		struct model_addr r2;
		const struct model_subnet *s = subnet_of(w->e, vpc, &w->dst);
		if (model_vpc_resolver(vpc, &r2) && addr_eq(&r2, &w->dst)) {
			if (hop(w, "route53-resolver", "route53-resolver", MODEL_ACT_DROP))
				why_s(w, "the Route 53 Resolver at VPC base + 2 answers only "
					 "queries from inside the VPC (use an inbound endpoint)");
			drop(w, "route53-resolver", MODEL_R_RESERVED_ADDRESS);
			return;
		}
		const char *at = s ? s->o.id : vpc->o.id;
		if (s && reserved(s, &w->dst)) {
			if (hop(w, at, "subnet", MODEL_ACT_DROP)) {
				why_addr(w, &w->dst);
				why_s(w, " is reserved by AWS (first four and last address of ");
				why_s(w, s->o.id);
				why_s(w, ")");
			}
			drop(w, at, MODEL_R_RESERVED_ADDRESS);
			return;
		}
		if (hop(w, at, s ? "subnet" : "vpc", MODEL_ACT_DROP)) {
			why_s(w, "no network interface holds ");
			why_addr(w, &w->dst);
			why_s(w, s ? "" : " (in no subnet)");
		}
		drop(w, at, MODEL_R_NO_DESTINATION);
		return;
	}
	if (!enter_subnet(w, eni->subnet))
		return;
	if (eni->owner && eni->owner->kind == MODEL_NATGW) {
		nat_inbound(w, (const struct model_natgw *)eni->owner);
		return;
	}
	if (!eni_hop(w, eni, false))
		return;
	deliver(w, eni->o.id);
}

static void
to_igw(struct walk *w, const struct model_igw *igw)
{
	if (!leave_subnet(w))
		return;
	if (w->dst.af == MODEL_AF_INET6) {
		if (hop(w, igw->o.id, "igw", MODEL_ACT_FORWARD))
			why_s(w, "IPv6 passes untranslated");
		deliver_pseudo(w, "internet", "internet", "the internet");
		return;
	}
	const struct eaddr *ea = eni_addr(w->e, &w->src);
	if (ea && igw->vpc && ea->eni->vpc != igw->vpc)
		ea = NULL;
	if (!ea || ea->ip->pub.af != MODEL_AF_INET) {
		if (hop(w, igw->o.id, "igw", MODEL_ACT_DROP)) {
			why_addr(w, &w->src);
			why_s(w, " has no public or Elastic IP: the internet gateway has nothing "
				 "to translate it to");
		}
		drop(w, igw->o.id, MODEL_R_NO_PUBLIC_IP);
		return;
	}
	if (!hop(w, igw->o.id, "igw", MODEL_ACT_NAT))
		return;
	why_s(w, "1:1 NAT ");
	why_addr(w, &w->src);
	why_s(w, " -> ");
	why_addr(w, &ea->ip->pub);
	why_s(w, ea->eni->owner && ea->eni->owner->kind == MODEL_NATGW ? " (Elastic IP of "
								       : " (public IP of ");
	why_s(w, ea->eni->owner ? ea->eni->owner->id : ea->eni->o.id);
	why_s(w, ")");
	w->src = ea->ip->pub;
	deliver_pseudo(w, "internet", "internet", "the internet");
}

/* VPC guide, "NAT gateways" (How NAT gateways work): a public NAT gateway replaces the
 * source with its private address, the IGW maps that to its Elastic IP; it only lets in
 * replies to connections opened from inside (nat_inbound). */
static void
to_nat(struct walk *w, const struct model_natgw *nat)
{
	if (!enter_subnet(w, nat->subnet))
		return;
	if (!hop(w, nat->o.id, "nat-gateway", MODEL_ACT_NAT))
		return;
	why_s(w, "SNAT ");
	why_addr(w, &w->src);
	why_s(w, " -> ");
	why_addr(w, &nat->private_ip);
	why_s(w, " (its private IP");
	if (nat->public_ip.af) {
		why_s(w, "; Elastic IP ");
		why_addr(w, &nat->public_ip);
		why_s(w, " at the internet gateway");
	}
	why_s(w, ")");
	w->src = nat->private_ip;
	w->src_eni = nat->eni;
	w->edge = EDGE_NONE;
	w->cur = nat->subnet;
	vpc_route(w, nat->vpc, model_subnet_route_table(nat->subnet));
}

static const struct model_tgw_attach *
tgw_attach_of(const struct model_tgw *tgw, const struct model_obj *res)
{
	for (guint i = 0; i < tgw->attachments->len; i++) {
		const struct model_tgw_attach *a = g_ptr_array_index(tgw->attachments, i);
		if (a->res == res)
			return a;
	}
	return NULL;
}

static const char *
subnet_az(const struct model_subnet *s)
{
	return s->az_id ? s->az_id : s->az;
}

/* A VPC route to a TGW: through the VPC attachment's interface in the source's AZ (TGW
 * guide, "Resource attachments": traffic reaches the TGW only from AZs where the
 * attachment has a subnet). */
static void
vpc_to_tgw(struct walk *w, const struct model_vpc *vpc, const struct model_tgw *tgw)
{
	const struct model_tgw_attach *att = tgw_attach_of(tgw, &vpc->o);
	if (!att) {
		if (hop(w, tgw->o.id, "transit-gateway", MODEL_ACT_DROP)) {
			why_s(w, vpc->o.id);
			why_s(w, " has no attachment to it");
		}
		drop(w, tgw->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	const struct model_subnet *via = NULL;
	const char *az = w->cur ? subnet_az(w->cur) : NULL;
	for (guint i = 0; i < att->subnets->len; i++) {
		const struct model_subnet *s = g_ptr_array_index(att->subnets, i);
		if (!az || g_strcmp0(subnet_az(s), az) == 0) {
			via = s;
			break;
		}
	}
	if (att->subnets->len && !via) {
		if (hop(w, att->o.id, "tgw-attachment", MODEL_ACT_DROP)) {
			why_s(w, "no attachment subnet in ");
			why_s(w, w->cur->az ? w->cur->az : az);
			why_s(w, " (a TGW attachment serves only the AZs it has a subnet in)");
		}
		drop(w, att->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	/* TGW guide, "How network ACLs work with transit gateways": from instances to the
	 * transit gateway, the instances' subnet applies its outbound rules and the attachment
	 * subnet its inbound rules, never its outbound ones; when both are one subnet, its
	 * ACL applies both. */
	if (via && w->cur == via) {
		if (!nacl_check(w, via, true) || !nacl_check(w, via, false))
			return;
	} else {
		if (!leave_subnet(w))
			return;
		if (via && !nacl_check(w, via, false))
			return;
	}
	w->cur = NULL;
	w->az = via ? subnet_az(via) : NULL;
	tgw_enter(w, att);
}

static void tgw_route(
	struct walk *w, const struct model_tgw_rtb *t, const struct model_tgw_attach *in);

static void
tgw_enter(struct walk *w, const struct model_tgw_attach *att)
{
	if (!hop(w, att->o.id, "tgw-attachment", MODEL_ACT_FORWARD))
		return;
	why_s(w, "into ");
	why_s(w, att->tgw ? att->tgw->o.id : "the transit gateway");
	why_s(w, " from ");
	why_s(w, model_tgw_res_name(att->res_type));
	why_s(w, " ");
	why_s(w, att->res_id);
	if (!att->assoc_rtb) {
		why_s(w, "; associated with no route table");
		drop(w, att->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	why_s(w, "; associated with ");
	why_s(w, att->assoc_rtb->o.id);
	tgw_route(w, att->assoc_rtb, att);
}

static void
tgw_exit(struct walk *w, const struct model_tgw_attach *a)
{
	switch (a->res_type) {
	case MODEL_TGW_RES_VPC: {
		const struct model_vpc *vpc = (const struct model_vpc *)a->res;
		const struct model_subnet *s = NULL;
		if (a->subnets->len) {
			/* appliance mode: one flow hash for both directions picks the AZ (TGW
			 * guide, "Appliance in a shared services VPC"); else the source's AZ */
			if (!a->appliance_mode && w->az)
				for (guint i = 0; i < a->subnets->len && !s; i++)
					if (g_strcmp0(subnet_az(g_ptr_array_index(a->subnets, i)),
						    w->az) == 0)
						s = g_ptr_array_index(a->subnets, i);
			if (!s)
				s = g_ptr_array_index(a->subnets, w->hash % a->subnets->len);
		}
		if (!hop(w, a->o.id, "tgw-attachment", MODEL_ACT_FORWARD))
			return;
		why_s(w, "to ");
		why_s(w, a->res_id);
		if (s) {
			why_s(w, " through ");
			why_s(w, s->o.id);
			why_s(w, " (");
			why_s(w, s->az);
			why_s(w, ")");
		}
		if (a->appliance_mode)
			why_s(w, "; appliance mode: the flow hash keeps both directions on this "
				 "interface");
		if (!vpc || !s) {
			deliver(w, a->res_id);
			return;
		}
		/* Same guide: from the transit gateway, the attachment subnet applies its
		 * outbound rules, never its inbound ones, as the packet leaves it for another
		 * subnet (enter_subnet); to an instance in the attachment subnet itself, no
		 * rules apply. */
		w->cur = s;
		w->edge = EDGE_TGW;
		w->src_eni = NULL;
		vpc_route(w, vpc, model_subnet_route_table(s));
		return;
	}
	case MODEL_TGW_RES_VPN:
		if (a->res) {
			vpn_out(w, (const struct model_vpn *)a->res);
			return;
		}
		break;
	case MODEL_TGW_RES_DXGW:
		if (a->res) {
			dxgw_out(w, (const struct model_dxgw *)a->res);
			return;
		}
		break;
	default:
		break;
	}
	if (hop(w, a->o.id, "tgw-attachment", MODEL_ACT_DELIVER)) {
		why_s(w, "to ");
		why_s(w, model_tgw_res_name(a->res_type));
		why_s(w, " ");
		why_s(w, a->res_id);
		why_s(w, " (not modelled past here)");
	}
	deliver(w, a->o.id);
}

/* TGW guide, "Route evaluation order": longest prefix, then the origin order of
 * route_order.c, then AS_PATH and MED; blackhole routes drop. */
static void
tgw_route(struct walk *w, const struct model_tgw_rtb *t, const struct model_tgw_attach *in)
{
	(void)in;
	if (!seen_once(w, t, t->o.id, "tgw-route-table"))
		return;
	const struct fib *f = &w->e->trtb[t->o.idx];
	const struct pentry *pe = fib_lookup(f, &w->dst);
	if (!pe) {
		if (hop(w, t->o.id, "tgw-route-table", MODEL_ACT_DROP)) {
			why_s(w, "no route matches ");
			why_addr(w, &w->dst);
		}
		drop(w, t->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	const struct cand *c = entry_cand(f, pe);
	if (!hop(w, t->o.id, "tgw-route-table", MODEL_ACT_FORWARD))
		return;
	why_put(w, pe->why, pe->why_len);
	if (c->blackhole) {
		drop(w, t->o.id, MODEL_R_BLACKHOLE);
		return;
	}
	const struct model_tgw_attach *out = pe->ecmp[0];
	if (pe->n_ecmp > 1) {
		out = pe->ecmp[w->hash % pe->n_ecmp];
		why_s(w, "; flow hash picks ");
		why_s(w, out->o.id);
	}
	if (!out) {
		drop(w, t->o.id, MODEL_R_BLACKHOLE);
		return;
	}
	tgw_exit(w, out);
}

/* VPC Peering guide, "VPC peering limitations" / "Unsupported VPC peering configurations":
 * a peering carries traffic between the two VPCs only: no transit to a third VPC, and no
 * edge-to-edge routing through the peer's gateways (edge_refused). */
static void
to_pcx(struct walk *w, const struct model_vpc *vpc, const struct model_pcx *pcx)
{
	if (!leave_subnet(w))
		return;
	const struct model_pcx_side *far =
		pcx->requester.vpc == vpc ? &pcx->accepter : &pcx->requester;
	if (!hop(w, pcx->o.id, "vpc-peering", MODEL_ACT_FORWARD))
		return;
	why_s(w, "to ");
	why_s(w, far->vpc_id);
	why_s(w, far == &pcx->accepter ? " (accepter)" : " (requester)");
	if (!pcx->active) {
		why_s(w, "; the peering connection is not active");
		drop(w, pcx->o.id, MODEL_R_BLACKHOLE);
		return;
	}
	if (!far->vpc) {
		deliver(w, far->vpc_id);
		return;
	}
	w->edge = EDGE_PCX;
	w->src_eni = NULL;
	if (vpc_contains(far->vpc, &w->dst)) {
		deliver_local(w, far->vpc);
		return;
	}
	classify_outside(w, far->vpc, &pcx->o);
}

/* Gateway Load Balancer endpoint: the packet goes to an appliance in GENEVE (UDP 6081,
 * RFC 8926) with AWS's three options of class 0x0108 and comes back through the same
 * endpoint (ELB guide for Gateway Load Balancers, "GENEVE protocol"), then is routed by
 * the endpoint subnet's route table. */
static void
to_gwlbe(struct walk *w, const struct model_vpce *v)
{
	const struct gwlb_info *gi = &w->e->gwlbe[v->o.idx];
	if (gi->subnet && !enter_subnet(w, gi->subnet))
		return;
	uint32_t cookie = w->hash;
	if (!hop(w, v->o.id, "gwlb-endpoint", MODEL_ACT_ENCAP))
		return;
	why_s(w, "GENEVE UDP 6081 to ");
	if (gi->lb) {
		why_s(w, gi->lb->o.name ? gi->lb->o.name : "the gateway load balancer");
		if (gi->lb_eni && gi->lb_eni->n_ips) {
			why_s(w, " ");
			why_addr(w, &gi->lb_eni->ips[0].priv);
		}
	} else {
		why_s(w, "the gateway load balancer");
	}
	why_s(w, "; options class 0x0108: type 1 endpoint ");
	why_s(w, v->o.id);
	why_s(w, ", type 2 attachment id, type 3 flow cookie 0x");
	why_hex(w, cookie, 8);
	if (gi->lb && hop(w, gi->lb->o.id, "gateway-load-balancer", MODEL_ACT_FORWARD)) {
		why_s(w, "flow hash (5-tuple, both directions) picks target ");
		why_s(w,
			gi->appliance ? gi->appliance->o.id : "(no appliance interface described)");
	}
	if (gi->appliance && hop(w, gi->appliance->o.id, "appliance", MODEL_ACT_FORWARD)) {
		why_s(w, gi->appliance->o.name ? gi->appliance->o.name : "appliance");
		why_s(w, " inspects and returns the GENEVE packet, flow cookie unchanged");
	}
	if (!hop(w, v->o.id, "gwlb-endpoint", MODEL_ACT_DECAP))
		return;
	why_s(w, "returns through the same endpoint; routed by ");
	why_s(w, gi->subnet ? gi->subnet->o.id : "its subnet");
	why_s(w, "'s route table");
	if (!gi->subnet) {
		drop(w, v->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	w->cur = gi->subnet;
	vpc_route(w, v->vpc, model_subnet_route_table(gi->subnet));
}

static bool
eni_owns(const struct model_eni *e, const struct model_addr *a)
{
	for (size_t i = 0; i < e->n_ips; i++)
		if (addr_eq(&e->ips[i].priv, a))
			return true;
	return false;
}

static void
to_eni_target(struct walk *w, const struct model_eni *eni)
{
	if (!enter_subnet(w, eni->subnet))
		return;
	if (eni->source_dest_check && !eni_owns(eni, &w->dst)) {
		if (hop(w, eni->o.id, "eni", MODEL_ACT_DROP))
			why_s(w, "route target with source/destination check enabled: it drops "
				 "packets not addressed to it");
		drop(w, eni->o.id, MODEL_R_SOURCE_DEST_CHECK);
		return;
	}
	if (eni_owns(eni, &w->dst)) {
		if (eni_hop(w, eni, false))
			deliver(w, eni->o.id);
		return;
	}
	if (!hop(w, eni->o.id, "eni", MODEL_ACT_FORWARD))
		return;
	why_s(w, "middlebox ");
	why_s(w, eni->o.name ? eni->o.name : eni->o.id);
	why_s(w, " (source/destination check off) forwards it on from ");
	why_s(w, eni->subnet->o.id);
	w->cur = eni->subnet;
	w->src_eni = NULL;
	vpc_route(w, eni->vpc, model_subnet_route_table(eni->subnet));
}

/* VPC Peering guide, "Unsupported VPC peering configurations": a packet that came over a
 * peering cannot leave through this VPC's IGW, NAT device, VPN/Direct Connect or gateway
 * endpoint (edge-to-edge routing), and one that came from such an edge, a transit gateway
 * or another peering cannot go on over a peering (transitive peering): peering carries
 * only traffic between the two VPCs' own addresses. */
static bool
edge_refused(struct walk *w, const struct model_obj *target, bool is_pcx)
{
	if (w->edge == EDGE_NONE || !target)
		return false;
	if (is_pcx) {
		if (w->edge == EDGE_IGW || w->edge == EDGE_VGW) {
			if (hop(w, target->id, "vpc-peering", MODEL_ACT_DROP))
				why_s(w,
					"arrived from a gateway or VPN/Direct Connect: VPC peering "
					"does not extend to it (no edge-to-edge routing)");
			drop(w, target->id, MODEL_R_PEERING_EDGE_TO_EDGE);
			return true;
		}
		if (hop(w, target->id, "vpc-peering", MODEL_ACT_DROP))
			why_s(w, w->edge == EDGE_PCX ? "arrived over a peering connection: VPC "
						       "peering is not transitive"
						     : "arrived from a transit gateway: VPC "
						       "peering is not transitive");
		drop(w, target->id, MODEL_R_PEERING_NOT_TRANSITIVE);
		return true;
	}
	if (w->edge == EDGE_PCX) {
		if (hop(w, target->id, model_kind_name(target->kind), MODEL_ACT_DROP))
			why_s(w, "arrived over a peering connection: a peer cannot use this VPC's "
				 "gateways, endpoints or connections (no edge-to-edge routing)");
		drop(w, target->id, MODEL_R_PEERING_EDGE_TO_EDGE);
		return true;
	}
	return false;
}

static void
route_target(struct walk *w, const struct model_vpc *vpc, const struct cand *c)
{
	const struct model_obj *t = c->target;
	if (c->tkind != MODEL_TGT_LOCAL && !t) {
		drop(w, w->p->hops[w->p->n_hops - 1].id, MODEL_R_BLACKHOLE);
		return;
	}
	switch ((enum model_target_kind)c->tkind) {
	case MODEL_TGT_LOCAL:
		if (vpc_contains(vpc, &w->dst) || w->edge == EDGE_NONE)
			deliver_local(w, vpc);
		else
			classify_outside(w, vpc, NULL);
		return;
	case MODEL_TGT_IGW:
		if (!edge_refused(w, t, false))
			to_igw(w, (const struct model_igw *)t);
		return;
	case MODEL_TGT_EIGW:
		if (edge_refused(w, t, false) || !leave_subnet(w))
			return;
		if (hop(w, t->id, "eigw", MODEL_ACT_FORWARD))
			why_s(w, "IPv6 outbound only; replies return (stateful)");
		deliver_pseudo(w, "internet", "internet", "the internet");
		return;
	case MODEL_TGT_NAT:
		if (!edge_refused(w, t, false))
			to_nat(w, (const struct model_natgw *)t);
		return;
	case MODEL_TGT_TGW:
		if (!edge_refused(w, t, false))
			vpc_to_tgw(w, vpc, (const struct model_tgw *)t);
		return;
	case MODEL_TGT_VGW:
		if (!edge_refused(w, t, false) && leave_subnet(w))
			vgw_out(w, (const struct model_vgw *)t);
		return;
	case MODEL_TGT_PCX:
		if (!edge_refused(w, t, true))
			to_pcx(w, vpc, (const struct model_pcx *)t);
		return;
	case MODEL_TGT_VPCE_GATEWAY:
		if (edge_refused(w, t, false))
			return;
		if (w->edge != EDGE_NONE) {
			if (hop(w, t->id, "vpc-endpoint", MODEL_ACT_DROP))
				why_s(w, "a gateway endpoint serves only the VPC's own instances, "
					 "not traffic from a VPN, Direct Connect or transit "
					 "gateway");
			drop(w, t->id, MODEL_R_ENDPOINT_NOT_TRANSITIVE);
			return;
		}
		if (!leave_subnet(w))
			return;
		if (hop(w, t->id, "vpc-endpoint", MODEL_ACT_DELIVER)) {
			const struct model_vpce *v = (const struct model_vpce *)t;
			why_s(w, "gateway endpoint for ");
			why_s(w, v->service_name);
		}
		deliver(w, t->id);
		return;
	case MODEL_TGT_VPCE_GWLB:
		to_gwlbe(w, (const struct model_vpce *)t);
		return;
	case MODEL_TGT_VPCE_INTERFACE:
		if (hop(w, t->id, "vpc-endpoint", MODEL_ACT_DELIVER))
			why_s(w, "interface endpoint");
		deliver(w, t->id);
		return;
	case MODEL_TGT_ENI:
	case MODEL_TGT_INSTANCE:
		if (t->kind == MODEL_ENI) {
			to_eni_target(w, (const struct model_eni *)t);
			return;
		}
		break;
	default:
		break;
	}
	if (hop(w, t->id, model_kind_name(t->kind), MODEL_ACT_DROP))
		why_s(w, "route target of a kind awstrace does not model");
	drop(w, t->id, MODEL_R_NO_ROUTE);
}

/* VPC guide, "Route priority": longest prefix; same prefix resolved at compile time. */
static void
vpc_route(struct walk *w, const struct model_vpc *vpc, const struct model_rtb *rtb)
{
	if (w->done)
		return;
	if (!rtb) {
		if (hop(w, vpc->o.id, "vpc", MODEL_ACT_DROP))
			why_s(w, "no route table");
		drop(w, vpc->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	if (!seen_once(w, rtb, rtb->o.id, "route-table"))
		return;
	const struct fib *f = &w->e->vrtb[rtb->o.idx];
	const struct pentry *pe = fib_lookup(f, &w->dst);
	if (!pe) {
		if (hop(w, rtb->o.id, "route-table", MODEL_ACT_DROP)) {
			why_s(w, "no route matches ");
			why_addr(w, &w->dst);
		}
		drop(w, rtb->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	const struct cand *c = entry_cand(f, pe);
	if (!hop(w, rtb->o.id, "route-table", MODEL_ACT_FORWARD))
		return;
	why_put(w, pe->why, pe->why_len);
	if (c->blackhole) {
		drop(w, rtb->o.id, MODEL_R_BLACKHOLE);
		return;
	}
	route_target(w, vpc, c);
}

static bool
resolver_dst(const struct model_vpc *vpc, const struct model_addr *a)
{
	struct model_addr r;
	if (a->af == MODEL_AF_INET && a->a.v4 == 0xa9fea9fdu) /* 169.254.169.253 */
		return true;
	return model_vpc_resolver(vpc, &r) && addr_eq(&r, a);
}

static void
from_eni(struct walk *w, const struct model_eni *eni)
{
	w->src_eni = eni;
	w->cur = eni->subnet;
	w->edge = EDGE_NONE;
	if (resolver_dst(eni->vpc, &w->dst)) {
		/* SGs and NACLs do not filter the Amazon DNS server (VPC guide, "Security group
		 * rules" and "Network ACL rules": Amazon DNS traffic is not filtered) */
		if (hop(w, eni->o.id, "eni", MODEL_ACT_EGRESS))
			why_s(w, "Amazon DNS traffic is not filtered by security groups or "
				 "network ACLs");
		deliver_pseudo(w, "route53-resolver", "route53-resolver",
			"Route 53 Resolver (VPC base + 2, 169.254.169.253)");
		return;
	}
	if (!eni_hop(w, eni, true))
		return;
	vpc_route(w, eni->vpc, model_subnet_route_table(eni->subnet));
}

static void
from_vgw(struct walk *w, const struct model_vgw *g)
{
	const struct model_vpc *vpc = g->vpcs->len ? g_ptr_array_index(g->vpcs, 0) : NULL;
	if (!hop(w, g->o.id, "vgw", MODEL_ACT_FORWARD))
		return;
	if (!vpc) {
		why_s(w, "attached to no VPC");
		drop(w, g->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	why_s(w, "into ");
	why_s(w, vpc->o.id);
	if (g->edge_rtb) {
		why_s(w, " through gateway route table ");
		why_s(w, g->edge_rtb->o.id);
	}
	w->edge = EDGE_VGW;
	ingress_vpc(w, vpc, &g->o, g->edge_rtb);
}

/* Direct Connect user guide, "Direct Connect gateways": the gateway passes traffic between
 * its VIFs and its associated VGWs or transit gateways (never VIF to VIF), and only for
 * the prefixes the association allows toward on-premises. */
static void
from_dxgw(struct walk *w, const struct model_dxgw *g)
{
	const struct model_dxgw_assoc *pick = NULL;
	for (guint i = 0; i < g->assocs->len; i++) {
		const struct model_dxgw_assoc *a = g_ptr_array_index(g->assocs, i);
		if (!a->gateway)
			continue;
		if (a->gateway->kind == MODEL_VGW) {
			const struct model_vgw *v = (const struct model_vgw *)a->gateway;
			if (v->vpcs->len && vpc_contains(g_ptr_array_index(v->vpcs, 0), &w->dst)) {
				pick = a;
				break;
			}
		} else if (a->gateway->kind == MODEL_TGW && !pick) {
			pick = a;
		}
	}
	if (!hop(w, g->o.id, "dx-gateway", MODEL_ACT_FORWARD))
		return;
	if (!pick) {
		why_s(w, "associated with no gateway that reaches ");
		why_addr(w, &w->dst);
		drop(w, g->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	why_s(w, "to ");
	why_s(w, pick->gateway->id);
	why_s(w, " (association ");
	why_s(w, pick->o.id);
	why_s(w, ")");
	if (pick->gateway->kind == MODEL_VGW) {
		from_vgw(w, (const struct model_vgw *)pick->gateway);
		return;
	}
	const struct model_tgw_attach *att =
		tgw_attach_of((const struct model_tgw *)pick->gateway, &g->o);
	if (!att) {
		drop(w, g->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	tgw_enter(w, att);
}

/* Whether a is a globally routed address: not RFC 1918 or shared (RFC 6598) space,
 * loopback, link-local, multicast, or IPv6 unique-local (RFC 4193) / link-local. */
static bool
public_addr(const struct model_addr *a)
{
	if (a->af == MODEL_AF_INET) {
		uint32_t v = a->a.v4;
		return !((v >> 24) == 10 || (v >> 20) == 0xAC1 || (v >> 16) == 0xC0A8 ||
			(v >> 22) == (100u << 2 | 1) || (v >> 24) == 127 || (v >> 16) == 0xA9FE ||
			(v >> 28) == 0xE || v == 0);
	}
	const uint8_t *b = a->a.v6;
	return (b[0] & 0xE0) == 0x20; /* 2000::/3, global unicast */
}

static void
from_vif(struct walk *w, const struct model_dxvif *vif)
{
	vif_hop(w, vif, false);
	if (vif->dxgw)
		from_dxgw(w, vif->dxgw);
	else if (vif->vgw)
		from_vgw(w, vif->vgw);
	else if (!public_addr(&w->dst)) {
		/* Direct Connect user guide, "Virtual interfaces": a public VIF reaches AWS public
		 * services over public addresses; a VPC's private addresses only over a private
		 * or transit VIF, so Amazon has no route for them here. */
		if (hop(w, vif->o.id, "dx-vif", MODEL_ACT_DROP)) {
			why_s(w, "public VIF: AWS advertises only public prefixes on it; ");
			why_addr(w, &w->dst);
			why_s(w, " is private (a VPC is reached over a private or transit VIF)");
		}
		drop(w, vif->o.id, MODEL_R_NO_ROUTE);
	} else
		deliver_pseudo(w, vif->o.id, "dx-vif", "public VIF: AWS public prefixes");
}

static void
from_vpn(struct walk *w, const struct model_vpn *v)
{
	unsigned no = 0;
	const struct model_vpn_tunnel *t = vpn_tunnel(w, v, &no, v->tgw && v->tgw->vpn_ecmp);
	if (!t) {
		if (hop(w, v->o.id, "vpn-connection", MODEL_ACT_DROP))
			why_s(w, "no tunnel is up");
		drop(w, v->o.id, MODEL_R_TUNNEL_DOWN);
		return;
	}
	if (!hop(w, v->o.id, "vpn-connection", MODEL_ACT_DECAP))
		return;
	why_s(w, "ESP from ");
	if (v->cgw)
		why_addr(w, &v->cgw->ip);
	else
		why_s(w, "the customer gateway");
	why_s(w, " on tunnel ");
	why_u(w, no);
	why_s(w, " (");
	why_addr(w, &t->outside_ip);
	why_s(w, ")");
	if (v->tgw) {
		const struct model_tgw_attach *att =
			v->tgw_attach ? v->tgw_attach : tgw_attach_of(v->tgw, &v->o);
		if (!att) {
			drop(w, v->o.id, MODEL_R_NO_ROUTE);
			return;
		}
		tgw_enter(w, att);
	} else if (v->vgw) {
		from_vgw(w, v->vgw);
	} else {
		drop(w, v->o.id, MODEL_R_NO_ROUTE);
	}
}

/* An on-premises source without --from: AWS returns traffic over Direct Connect before
 * VPN (VPC guide, "Route priority", propagated routes), shorter AS_PATH first. */
static void
from_onprem(struct walk *w, const struct model_onprem *n)
{
	const struct model_adv *best = NULL;
	for (size_t i = 0; i < n->n_adv; i++) {
		const struct model_adv *a = &n->adv[i];
		if (!a->via || (a->via->kind != MODEL_DXVIF && a->via->kind != MODEL_VPN))
			continue;
		if (!best) {
			best = a;
			continue;
		}
		bool a_dx = a->via->kind == MODEL_DXVIF, b_dx = best->via->kind == MODEL_DXVIF;
		if (a_dx != b_dx ? a_dx : a->as_path_len < best->as_path_len)
			best = a;
	}
	if (!hop(w, n->o.id, "on-premises", MODEL_ACT_FORWARD))
		return;
	why_s(w, "source in ");
	why_pfx(w, &n->cidr);
	if (!best) {
		why_s(w, ", advertised over no connection");
		drop(w, n->o.id, MODEL_R_UNKNOWN_SOURCE);
		return;
	}
	why_s(w, "; enters over ");
	why_s(w, best->via->id);
	why_s(w, " (the path AWS returns traffic on: Direct Connect before VPN, shorter "
		 "AS_PATH first)");
	if (best->via->kind == MODEL_DXVIF)
		from_vif(w, (const struct model_dxvif *)best->via);
	else
		from_vpn(w, (const struct model_vpn *)best->via);
}

/* From the internet through an IGW: 1:1 NAT of a public/Elastic IP to its private
 * address (VPC guide, "Internet gateways"), then the IGW's gateway route table. */
static void
from_internet(struct walk *w, const struct model_igw *igw)
{
	w->edge = EDGE_IGW;
	if (w->dst.af == MODEL_AF_INET6) {
		const struct model_vpc *vpc = model_vpc_of_addr(w->e->m, &w->dst);
		if (!hop(w, igw->o.id, "igw", MODEL_ACT_FORWARD))
			return;
		if (!vpc || vpc->igw != igw) {
			why_s(w, "no VPC behind this internet gateway holds ");
			why_addr(w, &w->dst);
			drop(w, igw->o.id, MODEL_R_NO_ROUTE);
			return;
		}
		why_s(w, "IPv6 passes untranslated into ");
		why_s(w, vpc->o.id);
		ingress_vpc(w, vpc, &igw->o, igw->edge_rtb);
		return;
	}
	uint32_t v;
	if (!lpm4_lookup(w->e->pub4, w->dst.a.v4, &v)) {
		const struct eaddr *priv = eni_addr(w->e, &w->dst);
		if (hop(w, igw->o.id, "igw", MODEL_ACT_DROP)) {
			why_addr(w, &w->dst);
			if (priv) {
				why_s(w, " is a private address of ");
				why_s(w, priv->eni->o.id);
				why_s(w, ", which has no public or Elastic IP the internet could "
					 "reach it at");
			} else {
				why_s(w, " is no public or Elastic IP of this topology");
			}
		}
		drop(w, igw->o.id, MODEL_R_NO_PUBLIC_IP);
		return;
	}
	const struct eaddr *ea = &g_array_index(w->e->eaddrs, struct eaddr, v);
	const struct model_vpc *vpc = ea->eni->vpc;
	const struct model_igw *gw = vpc && vpc->igw ? vpc->igw : igw;
	if (!hop(w, gw->o.id, "igw", MODEL_ACT_NAT))
		return;
	why_s(w, "1:1 NAT ");
	why_addr(w, &w->dst);
	why_s(w, " -> ");
	why_addr(w, &ea->ip->priv);
	why_s(w, ea->eni->owner && ea->eni->owner->kind == MODEL_NATGW ? " (Elastic IP of "
								       : " (public IP of ");
	why_s(w, ea->eni->owner ? ea->eni->owner->id : ea->eni->o.id);
	why_s(w, ")");
	w->dst = ea->ip->priv;
	if (ea->eni->owner && ea->eni->owner->kind == MODEL_NATGW) {
		nat_inbound(w, (const struct model_natgw *)ea->eni->owner);
		return;
	}
	if (gw->edge_rtb) {
		why_s(w, "; gateway route table ");
		why_s(w, gw->edge_rtb->o.id);
	}
	ingress_vpc(w, vpc, &gw->o, gw->edge_rtb);
}

/* VPC guide, "Enable outbound IPv6 traffic using an egress-only internet gateway": IPv6
 * from the internet enters only as the reply to a connection opened from the VPC. */
static void
from_eigw(struct walk *w, const struct model_eigw *g)
{
	if (!w->reply || !g->vpc) {
		if (hop(w, g->o.id, "eigw", MODEL_ACT_DROP))
			why_s(w, "egress-only: the internet cannot start a connection inward "
				 "(only replies to outbound IPv6 flows pass)");
		drop(w, g->o.id, MODEL_R_EIGW_UNSOLICITED);
		return;
	}
	if (hop(w, g->o.id, "eigw", MODEL_ACT_FORWARD))
		why_s(w, "reply to an outbound IPv6 flow (stateful)");
	w->edge = EDGE_IGW;
	ingress_vpc(w, g->vpc, &g->o, NULL);
}

static void
unknown_source(struct walk *w, const char *why)
{
	model_addr_format(&w->src, w->p->end_buf);
	if (hop(w, w->p->end_buf, "source", MODEL_ACT_DROP))
		why_s(w, why);
	drop(w, w->p->end_buf, MODEL_R_UNKNOWN_SOURCE);
}

bool
model_forward(const struct model_engine *e, const struct model_packet *pkt, struct model_path *out)
{
	struct walk w;
	w.e = e;
	w.p = out;
	w.pkt = pkt;
	w.src = pkt->src;
	w.dst = pkt->dst;
	w.reply = pkt->flags & MODEL_PKT_REPLY;
	w.done = false;
	w.open = false;
	w.hash = flow_hash(pkt);
	w.cur = NULL;
	w.edge = EDGE_NONE;
	w.src_eni = NULL;
	w.az = NULL;
	w.n_seen = 0;
	out->verdict = MODEL_VERDICT_DROPPED;
	out->reason = MODEL_R_NONE;
	out->why_truncated = false;
	out->end_id = NULL;
	out->n_hops = 0;
	out->why_used = 0;
	out->why[0] = 0;
	out->end_buf[0] = 0;

	const struct model_obj *from = pkt->from;
	if (pkt->src.af != pkt->dst.af || pkt->src.af == MODEL_AF_NONE) {
		unknown_source(&w, "source and destination are of different families");
	} else if (from) {
		switch (from->kind) {
		case MODEL_IGW:
			from_internet(&w, (const struct model_igw *)from);
			break;
		case MODEL_EIGW:
			from_eigw(&w, (const struct model_eigw *)from);
			break;
		case MODEL_VPN:
			from_vpn(&w, (const struct model_vpn *)from);
			break;
		case MODEL_DXVIF:
			from_vif(&w, (const struct model_dxvif *)from);
			break;
		case MODEL_DXGW:
			from_dxgw(&w, (const struct model_dxgw *)from);
			break;
		case MODEL_TGW_ATTACH:
			tgw_enter(&w, (const struct model_tgw_attach *)from);
			break;
		case MODEL_ENI:
			from_eni(&w, (const struct model_eni *)from);
			break;
		case MODEL_VGW:
			from_vgw(&w, (const struct model_vgw *)from);
			break;
		case MODEL_ONPREM:
			from_onprem(&w, (const struct model_onprem *)from);
			break;
		default:
			unknown_source(&w, "--from names a component packets cannot enter at");
			break;
		}
	} else {
		const struct eaddr *ea = eni_addr(e, &pkt->src);
		const struct model_onprem *n;
		if (ea)
			from_eni(&w, ea->eni);
		else if ((n = onprem_of(e, &pkt->src)))
			from_onprem(&w, n);
		else
			unknown_source(&w, "no interface holds this address and no OnPremises "
					   "network contains it (inject it with --from)");
	}
	if (!w.done)
		drop(&w, out->n_hops ? out->hops[out->n_hops - 1].id : "unknown", MODEL_R_NO_ROUTE);
	hop_close(&w);
	out->src = w.src;
	out->dst = w.dst;
	return out->verdict == MODEL_VERDICT_DELIVERED;
}
