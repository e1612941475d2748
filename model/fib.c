/* fib.c - compiles the topology into forwarding tables (the FIB of each route table, TGW
 * route table and VGW), the engine's other compiled structures, and the updates one
 * prefix at a time (DESIGN.md "The forwarding model"; design note in forward.h).
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

#include "model/walk.h"

/* names of the route classes of walk.h, best first */
static const char *const vc_names[] = { "local", "static", "prefix-list", "propagated" };
static const char *const gc_names[] = { "Direct Connect BGP", "VPN static", "VPN BGP" };

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
	g_free(f->warning);
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
	return !c->withdrawn && !c->ignored && !c->down;
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
		if (o->down) {
			g_string_append_printf(s, "%s down (what-if): its route is withdrawn",
				o->target_id ? o->target_id : "?");
		} else if (o->ignored) {
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
	if (t->routes_truncated)
		f->warning = g_strdup_printf("the snapshot holds only part of %s's routes "
					     "(AdditionalRoutesAvailable): a route it lacks may "
					     "change this path",
			t->o.id);
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
			/* TGW guide, "Transit gateway peering attachments": TGW-to-TGW peering
			 * carries static routes only, so a propagated one is never used; a peering
			 * with a Cloud WAN core network exchanges routes by BGP (Cloud WAN guide,
			 * "Peerings": "dynamic routing with automatic exchange of routes"), so
			 * those are used */
			c.ignored = a->res_type == MODEL_TGW_RES_PEERING &&
				    !model_attach_is_cloudwan(a);
			tgw_cand_add(f, &c, r);
		}
	}
}

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
	return false; /* as model_vpn_tunnel_pick(): no tunnel known up, nothing forwarded or
			 learned */
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
		model_sg_rules_compile(g->ingress, g->n_ingress, &e->sgs[i].in);
		model_sg_rules_compile(g->egress, g->n_egress, &e->sgs[i].out);
	}
	e->nacls = g_new0(struct cnacl, MODEL_COUNT(m, MODEL_NACL) + 1);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_NACL); i++) {
		const struct model_nacl *n = MODEL_GET(m, MODEL_NACL, struct model_nacl, i);
		e->nacls[i].in = g_new0(char *, n->n_ingress + 1);
		e->nacls[i].in_len = g_new0(uint16_t, n->n_ingress + 1);
		for (size_t k = 0; k < n->n_ingress; k++) {
			e->nacls[i].in[k] = model_nacl_entry_text(n, &n->ingress[k]);
			e->nacls[i].in_len[k] = (uint16_t)strlen(e->nacls[i].in[k]);
		}
		e->nacls[i].out = g_new0(char *, n->n_egress + 1);
		e->nacls[i].out_len = g_new0(uint16_t, n->n_egress + 1);
		for (size_t k = 0; k < n->n_egress; k++) {
			e->nacls[i].out[k] = model_nacl_entry_text(n, &n->egress[k]);
			e->nacls[i].out_len[k] = (uint16_t)strlen(e->nacls[i].out[k]);
		}
	}
	e->gwlbe = g_new0(struct gwlb_info, MODEL_COUNT(m, MODEL_VPCE) + 1);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPCE); i++) {
		const struct model_vpce *v = MODEL_GET(m, MODEL_VPCE, struct model_vpce, i);
		if (v->type == MODEL_VPCE_GWLB)
			model_gwlb_compile(m, v, &e->gwlbe[i]);
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
		model_sg_rules_free(e->sgs[i].in, g->n_ingress);
		model_sg_rules_free(e->sgs[i].out, g->n_egress);
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
	if (e->down)
		g_hash_table_destroy(e->down);
	g_free(e);
}

const struct model *
model_engine_model(const struct model_engine *e)
{
	return e->m;
}

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
			(((const struct model_tgw_attach *)target)->res_type ==
					MODEL_TGW_RES_PEERING &&
				!model_attach_is_cloudwan((const struct model_tgw_attach *)target)))
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

/* ---- what-if: components down (explain --down; analyze from BGP) ------------------------ */

/* A VPN connection carries nothing: taken down whole, or every tunnel up in the snapshot
 * taken down. */
static bool
vpn_down(const struct model_engine *e, const struct model_vpn *v)
{
	unsigned bits = down_bits(e, v);
	if (!bits)
		return false;
	if (bits & DOWN_WHOLE)
		return true;
	for (size_t i = 0; i < v->n_tunnels; i++)
		if (v->tunnels[i].up && !(bits & (DOWN_TUNNEL_1 << i)))
			return false;
	return true;
}

/* Some VIF of DX gateway g that can carry traffic advertises pfx (per awstrace.json's
 * AdvertisedVia; when no network there overlaps pfx, any usable VIF of g counts). */
static bool
dxgw_still_advertises(
	const struct model_engine *e, const struct model_dxgw *g, const struct model_prefix *pfx)
{
	bool told = false;
	for (guint i = 0; i < MODEL_COUNT(e->m, MODEL_ONPREM); i++) {
		const struct model_onprem *n =
			MODEL_GET(e->m, MODEL_ONPREM, struct model_onprem, i);
		if (!model_prefix_covers(&n->cidr, pfx) && !model_prefix_covers(pfx, &n->cidr))
			continue;
		for (size_t k = 0; k < n->n_adv; k++) {
			const struct model_obj *via = n->adv[k].via;
			if (!via || via->kind != MODEL_DXVIF ||
				((const struct model_dxvif *)via)->dxgw != g)
				continue;
			told = true;
			if (vif_candidate(e, (const struct model_dxvif *)via))
				return true;
		}
	}
	if (told)
		return false;
	for (guint i = 0; i < g->vifs->len; i++)
		if (vif_candidate(e, g_ptr_array_index(g->vifs, i)))
			return true;
	return false;
}

/* Whether candidate c of f was propagated by something now down: BGP withdraws it. */
static bool
cand_down(const struct model_engine *e, const struct fib *f, const struct cand *c)
{
	const struct model_obj *t = c->target;
	if (!t || !e->down || !g_hash_table_size(e->down))
		return false;
	switch (f->type) {
	case FIB_VGW:
		if (t->kind == MODEL_VPN)
			return vpn_down(e, (const struct model_vpn *)t);
		if (t->kind == MODEL_DXVIF)
			return !vif_candidate(e, (const struct model_dxvif *)t);
		return false;
	case FIB_TGW: {
		bool propagated =
			c->truth < 0 || (c->tr && c->tr->type == MODEL_TGW_ROUTE_PROPAGATED);
		if (!propagated || t->kind != MODEL_TGW_ATTACH)
			return false;
		const struct model_tgw_attach *a = (const struct model_tgw_attach *)t;
		if (down_bits(e, a) & DOWN_WHOLE)
			return true;
		if (a->res_type == MODEL_TGW_RES_VPN && a->res)
			return vpn_down(e, (const struct model_vpn *)a->res);
		if (a->res_type == MODEL_TGW_RES_DXGW && a->res)
			return !dxgw_still_advertises(
				e, (const struct model_dxgw *)a->res, &c->pfx);
		return false;
	}
	case FIB_VPC: {
		if (c->cls != VC_PROPAGATED || t->kind != MODEL_VGW)
			return false;
		const struct fib *g = &e->vgw[t->idx];
		int ei = fib_find(g, &c->pfx);
		return ei >= 0 && g_array_index(g->ents, struct pentry, ei).win < 0;
	}
	}
	return false;
}

/* Re-marks every candidate of f and, where one changed, reselects and re-explains. */
static void
fib_redo_down(struct model_engine *e, struct fib *f)
{
	bool changed = false;
	for (guint i = 0; i < f->cands->len; i++) {
		struct cand *c = &g_array_index(f->cands, struct cand, i);
		bool d = cand_down(e, f, c);
		changed |= d != c->down;
		c->down = d;
	}
	if (!changed)
		return;
	for (guint i = 0; i < f->ents->len; i++)
		entry_select(f, i);
	for (guint i = 0; i < f->ents->len; i++)
		entry_explain(f, i);
	f->version++;
}

bool
model_engine_set_down(
	struct model_engine *e, const struct model_obj *component, int tunnel, bool down)
{
	if (!component)
		return false;
	switch (component->kind) {
	case MODEL_VPN:
		if (tunnel > 0 && (size_t)tunnel > ((const struct model_vpn *)component)->n_tunnels)
			return false;
		break;
	case MODEL_DXVIF:
	case MODEL_DXCON:
	case MODEL_NATGW:
	case MODEL_TGW_ATTACH:
		if (tunnel > 0)
			return false;
		break;
	default:
		return false;
	}
	if (tunnel > 31)
		return false;
	if (!e->down)
		e->down = g_hash_table_new(g_direct_hash, g_direct_equal);
	unsigned bit = tunnel > 0 ? DOWN_TUNNEL_1 << (tunnel - 1) : DOWN_WHOLE;
	unsigned bits = GPOINTER_TO_UINT(g_hash_table_lookup(e->down, component));
	bits = down ? bits | bit : bits & ~bit;
	if (bits)
		g_hash_table_insert(
			e->down, (gpointer)(uintptr_t)component, GUINT_TO_POINTER(bits));
	else
		g_hash_table_remove(e->down, component);
	/* VGWs first: a VPC's propagated route follows what its VGW still holds */
	const struct model *m = e->m;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VGW); i++)
		fib_redo_down(e, &e->vgw[i]);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW_RTB); i++)
		fib_redo_down(e, &e->trtb[i]);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_RTB); i++)
		fib_redo_down(e, &e->vrtb[i]);
	return true;
}
