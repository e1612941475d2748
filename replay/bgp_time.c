/* bgp_time.c - BGP seen in the capture drives the model in time (issue 12 "BGP drives the
 * model in time"; DESIGN.md "The forwarding model": routes learned over BGP change the
 * propagated routes from the moment they are seen).
 *
 * A session is a TCP connection carrying BGP (RFC 4271), placed on a component: the Direct
 * Connect VIF whose 802.1Q tag or peer addresses it uses, or the VPN tunnel whose inside
 * /30 holds both addresses (AWS side .1, customer side .2: Site-to-Site VPN guide, "Tunnel
 * options for your Site-to-Site VPN connection", inside tunnel IPv4 CIDR), or the TGW
 * Connect attachment of the Connect peer whose GRE or inside addresses it uses (see
 * connect_of: never a guess among several Connect attachments). Only what the
 * customer side advertises moves AWS's tables: an UPDATE adds (NLRI, MP_REACH_NLRI) or
 * withdraws (withdrawn routes, MP_UNREACH_NLRI) prefixes from that moment on the tables the
 * component propagates to: a transit VIF's DX gateway attachment's and a VPN attachment's
 * propagation TGW route tables (TGW guide, "Transit gateway route tables", route
 * propagation), or the VPC route tables a VGW propagates to.
 *
 * A session ends (all its routes withdrawn at that moment, RFC 4271 §6: routes learned over
 * a closed session are removed) at a NOTIFICATION, a FIN or RST on its connection, or when
 * a side has sent nothing for the negotiated hold time (RFC 4271 §4.2: the smaller of the
 * two OPENs' Hold Time; §6.5 hold timer expiry), at last message + hold time even when no
 * packet of the capture falls at that instant. Without the OPENs in the capture the hold
 * time is AWS's default: 90 s on Direct Connect (Direct Connect user guide, "Routing
 * policies and BGP communities"/"Troubleshooting": keepalive 30 s, hold 90 s) and 30 s on
 * VPN tunnels (Site-to-Site VPN guide, "Your customer gateway device": keepalive 10 s,
 * hold 30 s).
 *
 * Routes the snapshot holds are the state at the capture's start: a session first seen
 * mid-way holds the prefixes awstrace.json's AdvertisedVia gives its component. A route is
 * withdrawn from a table only when no advertiser of it (per target: the DX gateway
 * attachment, the VPN attachment, the VGW) is left, so a second VIF on the same DX gateway
 * keeps it. A VGW chooses between its own connections (Direct Connect over VPN BGP over
 * VPN static: Site-to-Site VPN guide, "Route tables and VPN route priority"): a session on a
 * VIF or tunnel that feeds a VGW ending takes that connection out of the VGW's choice with
 * model_engine_set_down() (as `explain --down` does) and its coming back puts it in again.
 */
#include "replay/analyze_int.h"

#include <stdio.h>
#include <string.h>

#include "decode/bgp.h"

/* AWS defaults when the OPENs are not in the capture (see the head comment) */
#define HOLD_DX_DEFAULT 90
#define HOLD_VPN_DEFAULT 30
#define PROBE_PREFIXES 8

struct target {
	const struct model_obj *obj; /* tgw attachment or VGW */
	GPtrArray *tables;           /* struct model_obj * (tgw-rtb / rtb), not owned */
};

struct held {
	struct model_prefix p;
	uint32_t as_path, med;
};

struct sess {
	char *key;
	struct model_addr addr[2]; /* [0] customer side when known, [1] AWS side */
	uint16_t port[2];
	bool sides_known;
	const struct model_obj *comp;
	int tunnel;
	uint16_t open_hold[2];
	bool opened[2];
	int64_t last[2];           /* last message per side (ns); 0 none */
	uint64_t last_frame[2];
	bool up;
	bool assumed_hold;
	GArray *targets;           /* struct target */
	GHashTable *held;          /* prefix text -> struct held (owned) */
	struct an_bgp_session *tl;
	unsigned md5_told;         /* anomalies said: bit side (mismatch), 4 << side (missing) */
};

struct bgp_clock {
	struct analyze *a;
	GHashTable *sess;          /* key -> struct sess (owned) */
	GHashTable *refs;          /* "target|prefix" -> advertisers (GINT_TO_POINTER) */
	GHashTable *placed;        /* components whose first session was seen (not owned) */
	int64_t next_deadline;     /* INT64_MAX: none */
	GHashTable *vgw_down;      /* connections model_engine_set_down() took out of their
				      VGW's choice: vgw_key() strings (owned) */
};

static void
target_clear(gpointer p)
{
	struct target *t = p;
	g_ptr_array_free(t->tables, TRUE);
}

static void
sess_free(gpointer p)
{
	struct sess *s = p;
	g_free(s->key);
	g_array_free(s->targets, TRUE);
	g_hash_table_destroy(s->held);
	g_free(s);
}

struct bgp_clock *
bgp_clock_new(struct analyze *a)
{
	struct bgp_clock *c = g_new0(struct bgp_clock, 1);
	c->a = a;
	c->sess = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, sess_free);
	c->refs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c->placed = g_hash_table_new(g_direct_hash, g_direct_equal);
	c->next_deadline = INT64_MAX;
	c->vgw_down = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return c;
}

void
bgp_clock_free(struct bgp_clock *c)
{
	if (!c)
		return;
	g_hash_table_destroy(c->sess);
	g_hash_table_destroy(c->refs);
	g_hash_table_destroy(c->placed);
	g_hash_table_destroy(c->vgw_down);
	g_free(c);
}

static bool
addr_eq(const struct model_addr *x, const struct model_addr *y)
{
	if (x->af != y->af || x->af == MODEL_AF_NONE)
		return false;
	return x->af == MODEL_AF_INET ? x->a.v4 == y->a.v4 : !memcmp(x->a.v6, y->a.v6, 16);
}

/* ---- where a session sits and where its routes go ------------------------------------ */

static void
target_add(GArray *ts, const struct model_obj *obj, GPtrArray *tables)
{
	struct target t = { .obj = obj, .tables = tables };
	g_array_append_val(ts, t);
}

static GPtrArray *
vgw_tables(const struct model *m, const struct model_vgw *g)
{
	GPtrArray *t = g_ptr_array_new();
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_RTB); i++) {
		struct model_rtb *r = MODEL_GET(m, MODEL_RTB, struct model_rtb, i);
		for (guint k = 0; r->propagating_vgws && k < r->propagating_vgws->len; k++)
			if (g_ptr_array_index(r->propagating_vgws, k) == g)
				g_ptr_array_add(t, &r->o);
	}
	return t;
}

static GPtrArray *
attach_tables(const struct model_tgw_attach *at)
{
	GPtrArray *t = g_ptr_array_new();
	for (guint k = 0; at->propagates_to && k < at->propagates_to->len; k++)
		g_ptr_array_add(t, &((struct model_tgw_rtb *)g_ptr_array_index(at->propagates_to, k))->o);
	return t;
}

static void
targets_of(const struct model *m, const struct model_obj *comp, GArray *ts)
{
	if (!comp)
		return;
	if (comp->kind == MODEL_DXVIF) {
		const struct model_dxvif *v = (const struct model_dxvif *)comp;
		if (v->vgw)
			target_add(ts, &v->vgw->o, vgw_tables(m, v->vgw));
		for (guint i = 0; v->dxgw && i < v->dxgw->assocs->len; i++) {
			const struct model_dxgw_assoc *as = g_ptr_array_index(v->dxgw->assocs, i);
			if (!as->gateway)
				continue;
			if (as->gateway->kind == MODEL_VGW) {
				target_add(ts, as->gateway,
					vgw_tables(m, (const struct model_vgw *)as->gateway));
			} else if (as->gateway->kind == MODEL_TGW) {
				const struct model_tgw_attach *at = model_tgw_attachment_for(
					(const struct model_tgw *)as->gateway, v->dxgw->o.id);
				if (at)
					target_add(ts, &at->o, attach_tables(at));
			}
		}
	} else if (comp->kind == MODEL_TGW_ATTACH) {
		/* a TGW Connect attachment: its BGP peers' routes propagate like any
		 * attachment's (TGW guide, "Transit gateway Connect attachments and Connect
		 * peers"); the engine does not forward past the Connect attachment, so paths
		 * through them end there, but the TGW tables move in time */
		const struct model_tgw_attach *at = (const struct model_tgw_attach *)comp;
		target_add(ts, comp, attach_tables(at));
	} else if (comp->kind == MODEL_VPN) {
		const struct model_vpn *v = (const struct model_vpn *)comp;
		if (v->tgw_attach)
			target_add(ts, &v->tgw_attach->o, attach_tables(v->tgw_attach));
		else if (v->vgw)
			target_add(ts, &v->vgw->o, vgw_tables(m, v->vgw));
	}
}

/* The component a session's two addresses sit on: VIF peer addresses, then a VPN tunnel's
 * inside /30. *customer_side is 0 or 1 (which of a, b is the customer) or -1. */
static const struct model_obj *
place(const struct model *m, const struct model_addr *x, const struct model_addr *y,
	int *tunnel, int *customer_side)
{
	*tunnel = 0;
	*customer_side = -1;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXVIF); i++) {
		const struct model_dxvif *v = MODEL_GET(m, MODEL_DXVIF, struct model_dxvif, i);
		for (size_t k = 0; k <= v->n_peers; k++) {
			const struct model_addr *am = k < v->n_peers ? &v->peers[k].amazon_addr.addr
								     : &v->amazon_addr.addr;
			const struct model_addr *cu = k < v->n_peers ? &v->peers[k].customer_addr.addr
								     : &v->customer_addr.addr;
			if ((addr_eq(am, x) && addr_eq(cu, y)) || (addr_eq(am, y) && addr_eq(cu, x))) {
				*customer_side = addr_eq(cu, x) ? 0 : 1;
				return &v->o;
			}
		}
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPN); i++) {
		const struct model_vpn *v = MODEL_GET(m, MODEL_VPN, struct model_vpn, i);
		for (size_t k = 0; k < v->n_tunnels; k++) {
			const struct model_prefix *p = &v->tunnels[k].inside_cidr;
			if (p->af == MODEL_AF_NONE || !model_prefix_contains(p, x) ||
				!model_prefix_contains(p, y))
				continue;
			*tunnel = (int)k + 1;
			/* AWS's side is the first host of the /30 */
			*customer_side = x->af == MODEL_AF_INET && x->a.v4 == p->a.v4 + 1 ? 1 : 0;
			return &v->o;
		}
	}
	return NULL;
}

static void
pfx_text(const struct model_prefix *p, char *buf)
{
	model_prefix_format(p, buf);
}

static char *
ref_key(const struct model_obj *target, const struct model_prefix *p)
{
	char t[MODEL_PREFIX_STRLEN];
	pfx_text(p, t);
	return g_strdup_printf("%s|%s", target->id, t);
}

/* Advertisers of p to target in the snapshot: AdvertisedVia entries whose component
 * propagates to target, and (TGW) a propagated route from target already in its tables. */
static int
snapshot_advertisers(const struct model *m, const struct model_obj *target,
	const struct model_prefix *p)
{
	int n = 0;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		const struct model_onprem *o = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		if (model_prefix_cmp(&o->cidr, p))
			continue;
		for (size_t k = 0; k < o->n_adv; k++) {
			GArray *ts = g_array_new(FALSE, FALSE, sizeof(struct target));
			g_array_set_clear_func(ts, target_clear);
			targets_of(m, o->adv[k].via, ts);
			for (guint j = 0; j < ts->len; j++)
				if (g_array_index(ts, struct target, j).obj == target)
					n++;
			g_array_free(ts, TRUE);
		}
	}
	if (!n && target->kind == MODEL_TGW_ATTACH) {
		const struct model_tgw_attach *at = (const struct model_tgw_attach *)target;
		for (guint k = 0; at->propagates_to && k < at->propagates_to->len && !n; k++) {
			const struct model_tgw_rtb *t = g_ptr_array_index(at->propagates_to, k);
			for (size_t r = 0; r < t->n_routes && !n; r++) {
				const struct model_tgw_route *rt = &t->routes[r];
				if (rt->type != MODEL_TGW_ROUTE_PROPAGATED || model_prefix_cmp(&rt->dst, p))
					continue;
				for (guint x = 0; x < rt->attachments->len; x++)
					if (g_ptr_array_index(rt->attachments, x) == at)
						n = 1;
			}
		}
	}
	return n;
}

static int *
ref_slot(struct bgp_clock *c, const struct model_obj *target, const struct model_prefix *p,
	int *tmp)
{
	char *k = ref_key(target, p);
	gpointer old;
	if (g_hash_table_lookup_extended(c->refs, k, NULL, &old)) {
		*tmp = GPOINTER_TO_INT(old);
		g_free(k);
	} else {
		*tmp = snapshot_advertisers(c->a->m, target, p);
		g_hash_table_insert(c->refs, k, GINT_TO_POINTER(*tmp));
	}
	return tmp;
}

static void
ref_set(struct bgp_clock *c, const struct model_obj *target, const struct model_prefix *p, int v)
{
	g_hash_table_insert(c->refs, ref_key(target, p), GINT_TO_POINTER(v));
}

/* ---- recording ------------------------------------------------------------------------ */

static void
tl_add(struct sess *s, int64_t ts, uint64_t frame, const char *kind, const char *detail)
{
	struct an_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.ts = ts;
	ev.kind = kind;
	ev.component = g_strdup(s->comp ? s->comp->id : NULL);
	ev.detail = g_strdup(detail);
	if (frame) {
		ev.frames[0] = frame;
		ev.nframes = 1;
	}
	g_array_append_val(s->tl->timeline, ev);
}

static const char *
side_name(const struct sess *s, int side)
{
	if (!s->sides_known)
		return side ? "second peer" : "first peer";
	return side ? "AWS" : "customer";
}

static void
addr_text(const struct model_addr *x, char *buf)
{
	model_addr_format(x, buf);
}

/* ---- route changes -------------------------------------------------------------------- */

static bool
apply(struct bgp_clock *c, const struct target *t, const struct model_prefix *p, bool add,
	uint32_t as_path, uint32_t med)
{
	bool changed = false;
	for (guint i = 0; i < t->tables->len; i++) {
		const struct model_obj *tb = g_ptr_array_index(t->tables, i);
		bool ok = add ? model_rtb_route_add(c->a->e, tb, p, t->obj, as_path, med)
			      : model_rtb_route_withdraw(c->a->e, tb, p, t->obj);
		changed |= ok;
	}
	if (changed) {
		c->a->version++;
		c->a->r.model_changes++;
	}
	return changed;
}

/* A prefix enters (add) or leaves a session's set; the tables change when the first
 * advertiser comes or the last one goes. @return true when a table changed. */
static bool
held_change(struct bgp_clock *c, struct sess *s, const struct model_prefix *p, bool add,
	uint32_t as_path, uint32_t med)
{
	char t[MODEL_PREFIX_STRLEN];
	pfx_text(p, t);
	struct held *h = g_hash_table_lookup(s->held, t);
	bool changed = false;
	if (add && h) {
		/* an implicit withdraw and replace (RFC 4271 §3.1): new attributes */
		h->as_path = as_path;
		h->med = med;
		for (guint i = 0; i < s->targets->len; i++) {
			const struct target *tg = &g_array_index(s->targets, struct target, i);
			int n;
			ref_slot(c, tg->obj, p, &n);
			if (n <= 1)
				changed |= apply(c, tg, p, true, as_path, med);
		}
		return changed;
	}
	if (!add && !h)
		return false;
	if (add) {
		h = g_new0(struct held, 1);
		h->p = *p;
		h->as_path = as_path;
		h->med = med;
		g_hash_table_insert(s->held, g_strdup(t), h);
	}
	for (guint i = 0; i < s->targets->len; i++) {
		const struct target *tg = &g_array_index(s->targets, struct target, i);
		int n;
		ref_slot(c, tg->obj, p, &n);
		n += add ? 1 : -1;
		if (n < 0)
			n = 0;
		ref_set(c, tg->obj, p, n);
		if ((add && n == 1) || (!add && n == 0))
			changed |= apply(c, tg, p, add, as_path, med);
	}
	if (!add)
		g_hash_table_remove(s->held, t);
	return changed;
}

/* The session starts being followed: its snapshot routes are what it holds. */
static void
held_from_snapshot(struct bgp_clock *c, struct sess *s)
{
	const struct model *m = c->a->m;
	for (guint i = 0; s->comp && i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		const struct model_onprem *o = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		for (size_t k = 0; k < o->n_adv; k++) {
			if (o->adv[k].via != s->comp)
				continue;
			char t[MODEL_PREFIX_STRLEN];
			pfx_text(&o->cidr, t);
			struct held *h = g_new0(struct held, 1);
			h->p = o->cidr;
			h->as_path = o->adv[k].as_path_len;
			g_hash_table_insert(s->held, g_strdup(t), h);
			/* make sure the advertiser count starts from the snapshot */
			for (guint j = 0; j < s->targets->len; j++) {
				int n;
				ref_slot(c, g_array_index(s->targets, struct target, j).obj, &o->cidr, &n);
			}
		}
	}
}

static int
key_cmp(gconstpointer x, gconstpointer y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

struct probe {
	struct model_prefix p;
	GPtrArray *before; /* vpc, exit, vpc, exit... */
};

static void
probe_dst(const struct model_prefix *p, struct model_addr *d)
{
	memset(d, 0, sizeof(*d));
	d->af = p->af;
	if (d->af == MODEL_AF_INET) {
		d->a.v4 = p->a.v4 + (p->len < 32);
	} else {
		memcpy(d->a.v6, p->a.v6, 16);
		d->a.v6[15] |= (uint8_t)(p->len < 128);
	}
}

/* Where traffic to p leaves AWS from each VPC, before a change. */
static void
probe_take(struct bgp_clock *c, GArray *probes, const struct model_prefix *p)
{
	if (probes->len >= PROBE_PREFIXES)
		return;
	struct probe pr = { .p = *p, .before = g_ptr_array_new_with_free_func(g_free) };
	struct model_addr d;
	probe_dst(p, &d);
	an_probe_exits(c->a, &d, pr.before);
	g_array_append_val(probes, pr);
}

/* After the change: an event (and an anomaly of severity sev) per prefix whose way out
 * moved, naming each VPC's way before and after. Frees the probes. */
static void
probe_report(struct bgp_clock *c, GArray *probes, bool changed, int64_t ts, const char *id,
	const char *kind, enum an_severity sev)
{
	struct analyze *a = c->a;
	for (guint i = 0; i < probes->len; i++) {
		struct probe *pr = &g_array_index(probes, struct probe, i);
		struct model_addr d;
		probe_dst(&pr->p, &d);
		GPtrArray *after = g_ptr_array_new_with_free_func(g_free);
		if (changed)
			an_probe_exits(a, &d, after);
		/* per VPC, what changed: "from vpc-…: dxvif-… -> vpn-… tunnel 1" */
		GString *moved = g_string_new(NULL);
		for (guint x = 0; changed && x + 1 < pr->before->len; x += 2) {
			const char *vpc = g_ptr_array_index(pr->before, x);
			const char *was = g_ptr_array_index(pr->before, x + 1);
			const char *now = "no way out";
			for (guint y = 0; y + 1 < after->len; y += 2)
				if (!strcmp(g_ptr_array_index(after, y), vpc))
					now = g_ptr_array_index(after, y + 1);
			if (strcmp(was, now))
				g_string_append_printf(moved, "%sfrom %s: %s -> %s", moved->len ? "; " : "",
					vpc, was, now);
		}
		if (moved->len) {
			char t[MODEL_PREFIX_STRLEN];
			pfx_text(&pr->p, t);
			an_record(a, false, ts, kind, AN_SEV_INFO, id, 0, "traffic to %s moved %s", t,
				moved->str);
			an_record(a, true, ts, kind, sev, id, 0, "traffic from AWS to %s moved %s", t,
				moved->str);
		}
		g_string_free(moved, TRUE);
		g_ptr_array_free(after, TRUE);
		g_ptr_array_free(pr->before, TRUE);
	}
	g_array_free(probes, TRUE);
}

/* Whether the session's component is one of a VGW's own connections (a private VIF on the
 * VGW or through a DX gateway association, or a VPN connection on a VGW). */
static bool
feeds_vgw(const struct sess *s)
{
	if (!s->comp)
		return false;
	for (guint i = 0; i < s->targets->len; i++)
		if (g_array_index(s->targets, struct target, i).obj->kind == MODEL_VGW)
			return true;
	return false;
}

/* The key of a connection (a VIF, or a VPN tunnel) in c->vgw_down (owned by the caller) */
static char *
vgw_key(const struct sess *s)
{
	return g_strdup_printf("%s#%d", s->comp->id, s->tunnel);
}

/* Withdraws everything s holds at ts; route_failover when traffic to them now leaves
 * another way. */
static void
sess_down(struct bgp_clock *c, struct sess *s, int64_t ts, uint64_t frame, const char *why)
{
	struct analyze *a = c->a;
	if (!s->up)
		return;
	s->up = false;
	s->tl->downs++;
	s->tl->up_at_end = false;
	const char *id = s->comp ? s->comp->id : NULL;
	tl_add(s, ts, frame, "bgp_session_down", why);
	an_record(a, false, ts, "bgp_session_down", AN_SEV_INFO, id, 0, "%s", why);
	an_record(a, true, ts, "bgp_session_loss", AN_SEV_HIGH, id, 0, "BGP session %s on %s ended: %s",
		s->tl->peers, id ? id : "an unplaced link", why);
	an_bfd_bgp_closed(a, id, ts, why);
	if (s->tl->downs >= 2)
		an_record(a, true, ts, "bgp_flap", AN_SEV_MEDIUM, id, 0,
			"BGP session %s went down %u times", s->tl->peers, s->tl->downs);
	/* the held prefixes, in a fixed order */
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, s->held);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_ptr_array_add(keys, g_strdup(k));
	g_ptr_array_sort(keys, key_cmp);
	GArray *probes = g_array_new(FALSE, TRUE, sizeof(struct probe));
	for (guint i = 0; i < keys->len; i++)
		probe_take(c, probes,
			&((struct held *)g_hash_table_lookup(s->held, g_ptr_array_index(keys, i)))->p);
	bool changed = false;
	unsigned n = 0;
	GString *list = g_string_new(NULL);
	for (guint i = 0; i < keys->len; i++) {
		const char *key = g_ptr_array_index(keys, i);
		if (n < 6)
			g_string_append_printf(list, "%s%s", n ? ", " : "", key);
		n++;
		struct held *h = g_hash_table_lookup(s->held, key);
		struct model_prefix p = h->p;
		changed |= held_change(c, s, &p, false, 0, 0);
	}
	if (n > 6)
		g_string_append_printf(list, " and %u more", n - 6);
	if (feeds_vgw(s)) {
		char *vk = vgw_key(s);
		if (!g_hash_table_contains(c->vgw_down, vk) &&
			model_engine_set_down(a->e, s->comp, s->tunnel ? s->tunnel : -1, true)) {
			g_hash_table_add(c->vgw_down, vk);
			vk = NULL;
			changed = true;
			a->version++;
			a->r.model_changes++;
		}
		g_free(vk);
	}
	s->tl->withdrawn += n;
	if (n) {
		char *d = g_strdup_printf("%u prefix%s withdrawn with the session: %s%s", n,
			n == 1 ? "" : "es", list->str,
			changed    ? ""
			: !s->comp ? " (the topology does not place this session: it moves no "
				     "route table)"
			: s->comp->kind == MODEL_TGW
				? " (which Connect attachment carries the session is unknown: it "
				  "moves no route table)"
				: " (other advertisers keep them in the route tables)");
		tl_add(s, ts, 0, "bgp_routes_withdrawn", d);
		an_record(a, false, ts, "bgp_routes_withdrawn", AN_SEV_INFO, id, 0, "%s", d);
		g_free(d);
	}
	g_string_free(list, TRUE);
	if (changed)
		an_model_changed(a, ts);
	probe_report(c, probes, changed, ts, id, "route_failover", AN_SEV_HIGH);
	g_ptr_array_free(keys, TRUE);
}

static void
sess_up(struct bgp_clock *c, struct sess *s, int64_t ts, uint64_t frame, const char *why)
{
	if (s->up)
		return;
	/* any session on the connection coming up (a new TCP connection after the old one
	 * closed) puts it back in its VGW's choice; the routes the VGW then holds are the
	 * snapshot's, and UPDATEs seen move them from here */
	if (s->comp) {
		char *vk = vgw_key(s);
		bool was_down = g_hash_table_remove(c->vgw_down, vk);
		g_free(vk);
		if (was_down &&
			model_engine_set_down(c->a->e, s->comp, s->tunnel ? s->tunnel : -1, false)) {
			c->a->version++;
			c->a->r.model_changes++;
			an_model_changed(c->a, ts);
		}
	}
	s->up = true;
	s->tl->ups++;
	s->tl->up_at_end = true;
	s->last[0] = s->last[1] = ts;
	tl_add(s, ts, frame, "bgp_session_up", why);
	an_record(c->a, false, ts, "bgp_session_up", AN_SEV_INFO, s->comp ? s->comp->id : NULL, 0,
		"%s", why);
}

static uint32_t
hold_of(const struct sess *s)
{
	if (s->opened[0] && s->opened[1]) {
		uint16_t h = MIN(s->open_hold[0], s->open_hold[1]);
		return h; /* 0: no keepalives, no hold timer (RFC 4271 §4.2) */
	}
	if (s->comp && s->comp->kind == MODEL_VPN)
		return HOLD_VPN_DEFAULT;
	return HOLD_DX_DEFAULT;
}

static void
recompute_deadline(struct bgp_clock *c)
{
	c->next_deadline = INT64_MAX;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, c->sess);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct sess *s = v;
		uint32_t hold = hold_of(s);
		if (!s->up || !hold)
			continue;
		for (int i = 0; i < 2; i++) {
			/* a side the capture never heard (a one-way SPAN) cannot be judged silent */
			if (!s->last_frame[i])
				continue;
			int64_t d = s->last[i] + (int64_t)hold * 1000000000LL;
			if (d < c->next_deadline)
				c->next_deadline = d;
		}
	}
}

void
bgp_clock_advance(struct bgp_clock *c, int64_t now)
{
	while (c->next_deadline < now) {
		/* the earliest expiry first: one session at a time, at its own instant */
		struct sess *first = NULL;
		int side = 0;
		int64_t when = INT64_MAX;
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, c->sess);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			struct sess *s = v;
			uint32_t hold = hold_of(s);
			if (!s->up || !hold)
				continue;
			for (int i = 0; i < 2; i++) {
				if (!s->last_frame[i])
					continue;
				int64_t d = s->last[i] + (int64_t)hold * 1000000000LL;
				if (d < when || (d == when && first && strcmp(s->key, first->key) < 0)) {
					when = d;
					first = s;
					side = i;
				}
			}
		}
		if (!first || when >= now)
			break;
		char t[MODEL_PREFIX_STRLEN], lt[48];
		addr_text(&first->addr[side], t);
		an_time_text(c->a, first->last[side], lt, sizeof(lt));
		char *why = g_strdup_printf("hold timer expired: nothing from %s (%s) since %s + %u s%s",
			t, side_name(first, side), lt, hold_of(first),
			first->opened[0] && first->opened[1] ? "" : " (AWS default hold time: no OPEN in the capture)");
		uint64_t save = c->a->frame;
		c->a->frame = first->last_frame[side];
		sess_down(c, first, when, first->last_frame[side], why);
		c->a->frame = save;
		g_free(why);
		recompute_deadline(c);
	}
}

/* ---- messages ------------------------------------------------------------------------- */

static uint32_t
aspath_len(const struct dec_bgp_aspath *ap)
{
	if (!ap->p || !ap->len)
		return 0;
	uint32_t n = 0;
	size_t i = 0;
	while (i + 2 <= ap->len) {
		uint8_t type = ap->p[i], cnt = ap->p[i + 1];
		/* RFC 4271 §9.1.2.2: an AS_SET counts 1, a sequence its members; confederation
		 * segments (RFC 5065 §5.3) count nothing */
		if (type == 1)
			n += 1;
		else if (type == 2)
			n += cnt;
		i += 2 + (size_t)cnt * ap->asn_size;
	}
	return n;
}

static void
pfx_of(const struct dec_bgp_prefix *bp, uint8_t family, struct model_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->len = bp->plen;
	if (family == 4) {
		p->af = MODEL_AF_INET;
		p->a.v4 = (uint32_t)bp->addr[0] << 24 | (uint32_t)bp->addr[1] << 16 |
			(uint32_t)bp->addr[2] << 8 | bp->addr[3];
	} else {
		p->af = MODEL_AF_INET6;
		memcpy(p->a.v6, bp->addr, 16);
	}
}

/* Applies one NLRI run: returns prefixes seen; fills list text. */
static unsigned
nlri_apply(struct bgp_clock *c, struct sess *s, const struct dec_bgp_nlri *n, bool add,
	uint32_t as_path, uint32_t med, GString *list, bool *changed)
{
	if (!n->p || !n->len)
		return 0;
	struct cur it = cur_make(n->p, n->len, 0);
	struct dec_bgp_prefix bp;
	unsigned cnt = 0;
	while (dec_bgp_prefix_next(&it, n, &bp)) {
		struct model_prefix p;
		pfx_of(&bp, n->family, &p);
		char t[MODEL_PREFIX_STRLEN];
		pfx_text(&p, t);
		if (cnt < 6)
			g_string_append_printf(list, "%s%s", list->len ? ", " : "", t);
		cnt++;
		*changed |= held_change(c, s, &p, add, as_path, med);
	}
	if (cnt > 6)
		g_string_append_printf(list, " and %u more", cnt - 6);
	return cnt;
}

static void
on_update(struct bgp_clock *c, struct sess *s, int side, const struct dec_bgp_update *u,
	int64_t ts)
{
	s->tl->updates++;
	/* only the customer's advertisements move AWS's tables */
	if (s->sides_known && side != 0)
		return;
	if (!s->up)
		sess_up(c, s, ts, c->a->frame, "UPDATE on a session not seen opening");
	uint32_t asp = u->present & DEC_BGP_HAS_AS_PATH ? aspath_len(&u->as_path) : 1;
	uint32_t med = u->present & DEC_BGP_HAS_MED ? u->med : 0;
	bool changed = false;
	GArray *probes = g_array_new(FALSE, TRUE, sizeof(struct probe));
	const struct dec_bgp_nlri *runs[4] = { &u->withdrawn,
		u->present & DEC_BGP_HAS_MP_UNREACH && u->mp_unreach.unicast ? &u->mp_unreach.nlri : NULL,
		&u->nlri, u->present & DEC_BGP_HAS_MP_REACH && u->mp_reach.unicast ? &u->mp_reach.nlri : NULL };
	for (int r = 0; r < 4; r++) {
		if (!runs[r] || !runs[r]->p)
			continue;
		struct cur it = cur_make(runs[r]->p, runs[r]->len, 0);
		struct dec_bgp_prefix bp;
		while (dec_bgp_prefix_next(&it, runs[r], &bp)) {
			struct model_prefix p;
			pfx_of(&bp, runs[r]->family, &p);
			probe_take(c, probes, &p);
		}
	}
	GString *adv = g_string_new(NULL), *wd = g_string_new(NULL);
	unsigned nw = nlri_apply(c, s, &u->withdrawn, false, 0, 0, wd, &changed);
	if (u->present & DEC_BGP_HAS_MP_UNREACH && u->mp_unreach.unicast)
		nw += nlri_apply(c, s, &u->mp_unreach.nlri, false, 0, 0, wd, &changed);
	unsigned na = nlri_apply(c, s, &u->nlri, true, asp, med, adv, &changed);
	if (u->present & DEC_BGP_HAS_MP_REACH && u->mp_reach.unicast)
		na += nlri_apply(c, s, &u->mp_reach.nlri, true, asp, med, adv, &changed);
	const char *id = s->comp ? s->comp->id : NULL;
	if (na) {
		s->tl->advertised += na;
		char *d = g_strdup_printf("advertised %s (AS_PATH length %u%s)", adv->str, asp,
			!s->comp ? "; the topology does not place this session"
			: s->comp->kind == MODEL_TGW
				? "; which Connect attachment carries the session is unknown"
				: "");
		tl_add(s, ts, c->a->frame, "bgp_routes_advertised", d);
		an_record(c->a, false, ts, "bgp_routes_advertised", AN_SEV_INFO, id, 0, "%s", d);
		g_free(d);
	}
	if (nw) {
		s->tl->withdrawn += nw;
		char *d = g_strdup_printf("withdrew %s", wd->str);
		tl_add(s, ts, c->a->frame, "bgp_routes_withdrawn", d);
		an_record(c->a, false, ts, "bgp_routes_withdrawn", AN_SEV_INFO, id, 0, "%s", d);
		g_free(d);
	}
	g_string_free(adv, TRUE);
	g_string_free(wd, TRUE);
	if (changed)
		an_model_changed(c->a, ts);
	probe_report(c, probes, changed, ts, id, na && !nw ? "route_restored" : "route_change",
		AN_SEV_LOW);
}

/* TCP-MD5 (RFC 2385) and TCP-AO (RFC 5925) on the session's segments; with a key given
 * (--tcp-md5-key), a segment the key does not verify is the classic reason a Direct Connect
 * BGP session never comes up after a router change (Direct Connect user guide,
 * "Troubleshooting": BGP authentication key mismatch). One anomaly per direction, from the
 * first mismatching segment. */
static void
note_signature(struct bgp_clock *c, struct sess *s, const struct dec_tcp_layer *t,
	const struct model_packet *pkt, int64_t ts)
{
	struct an_bgp_session *r = s->tl;
	r->md5 |= t->has_md5;
	r->ao |= t->has_ao;
	if (t->md5_check == DEC_MD5_OK)
		r->md5_ok++;
	if (t->md5_check != DEC_MD5_MISMATCH && t->md5_check != DEC_MD5_MISSING)
		return;
	bool mismatch = t->md5_check == DEC_MD5_MISMATCH;
	if (mismatch)
		r->md5_mismatch++;
	else
		r->md5_missing++;
	int side = addr_eq(&pkt->src, &s->addr[0]) && pkt->sport == s->port[0] ? 0 : 1;
	unsigned bit = (mismatch ? 1u : 4u) << side;
	if (s->md5_told & bit)
		return;
	s->md5_told |= bit;
	char x[MODEL_PREFIX_STRLEN], y[MODEL_PREFIX_STRLEN];
	addr_text(&pkt->src, x);
	addr_text(&pkt->dst, y);
	/* "169.254.255.1 → .2": the destination shortened to what differs from the source */
	const char *yd = y;
	if (pkt->src.af == MODEL_AF_INET) {
		const char *xd = strrchr(x, '.'), *yl = strrchr(y, '.');
		if (xd && yl && xd - x == yl - y && !strncmp(x, y, (size_t)(xd - x)))
			yd = yl;
	}
	char when[48];
	an_time_text(c->a, ts, when, sizeof(when));
	/* HH:MM:SS of the ISO time */
	char hms[9];
	memcpy(hms, when + 11, 8);
	hms[8] = '\0';
	tl_add(s, ts, c->a->frame, mismatch ? "bgp_md5_mismatch" : "bgp_md5_missing",
		mismatch ? "TCP-MD5 signature does not match the key given" :
			   "unsigned segment, though a TCP-MD5 key is given for this peer");
	an_record(c->a, true, ts, mismatch ? "bgp_md5_mismatch" : "bgp_md5_missing", AN_SEV_HIGH,
		s->comp ? s->comp->id : NULL, 0, "%s on %s → %s from %s%s", mismatch ?
		"MD5 signature mismatch" : "TCP-MD5 signature missing", x, yd, hms,
		" (RFC 2385: the peer drops these segments, so the session cannot come up)");
}

/* Which side of a Connect peer's BGP session x is: 0 the appliance (the BgpConfigurations'
 * PeerAddress, else the first address of an InsideCidrBlocks /29, which "must be configured
 * on the appliance as the BGP IP address": Transit Gateways guide, "Transit gateway Connect
 * attachments and Connect peers", Inside CIDR blocks), 1 the TGW, -1 unknown. */
static int
connect_side(const struct model_tgw_connect_peer *p, const struct model_addr *x)
{
	for (size_t k = 0; k < p->n_bgp; k++) {
		if (addr_eq(&p->bgp[k].peer_addr, x))
			return 0;
		if (addr_eq(&p->bgp[k].tgw_addr, x))
			return 1;
	}
	for (guint k = 0; p->inside && k < p->inside->len; k++) {
		const struct model_prefix *c = &g_array_index(p->inside, struct model_prefix, k);
		if (c->af == MODEL_AF_INET && model_prefix_contains(c, x))
			return x->a.v4 == c->a.v4 + 1 ? 0 : 1;
	}
	return -1;
}

/* The Connect peer of attachment at whose inside addresses x and y are, or NULL. */
static const struct model_tgw_connect_peer *
peer_of_attach(const struct model *m, const struct model_tgw_attach *at, const struct model_addr *x,
	const struct model_addr *y)
{
	const struct model_tgw_connect_peer *p =
		model_find_connect_peer_by_inside(m, at->tgw, x, y);
	return p && p->attach == at ? p : NULL;
}

/* The Connect attachment of a BGP session with addresses x, y (customer side in *cside,
 * 0 x, 1 y, -1 unknown), or NULL when it is none; attr is the packet's attribution.
 *   - GRE between a Connect peer's outer addresses (vantage: attr->obj is that peer's
 *     attachment), or a peer whose InsideCidrBlocks / BGP addresses hold x and y: that
 *     peer's attachment (Transit Gateways guide, "Transit gateway Connect attachments and
 *     Connect peers": the TGW tells Connect peers apart by their GRE addresses, and each
 *     peer's BGP sessions use its own inside /29);
 *   - GRE to a TGW's TransitGatewayCidrBlocks without describe-transit-gateway-connect-
 *     peers: the TGW's Connect attachment when it is the only one (it is the one, not a
 *     guess); with several, the TGW itself and *unplaced set: the snapshot cannot tell
 *     which one carries the session, so its routes move no TGW route table (a session on
 *     the TGW has no propagation target, see targets_of);
 *   - the TGW too, *unplaced set, when the peers are described and none matches.
 */
static const struct model_obj *
connect_of(const struct model *m, const struct replay_attr *attr, const struct model_addr *x,
	const struct model_addr *y, int *cside, bool *unplaced)
{
	*unplaced = false;
	const struct model_tgw_connect_peer *p = NULL;
	if (attr->kind == REPLAY_V_CONNECT && attr->obj && attr->obj->kind == MODEL_TGW_ATTACH) {
		const struct model_tgw_attach *at = (const struct model_tgw_attach *)attr->obj;
		p = peer_of_attach(m, at, x, y);
		if (p)
			*cside = connect_side(p, x);
		return attr->obj;
	}
	const struct model_tgw *g =
		attr->kind == REPLAY_V_CONNECT && attr->obj && attr->obj->kind == MODEL_TGW
			? (const struct model_tgw *)attr->obj
			: NULL;
	p = model_find_connect_peer_by_inside(m, g, x, y);
	if (p) {
		*cside = connect_side(p, x);
		return &p->attach->o;
	}
	if (!g)
		return NULL;
	if (g->connect_peers_described) {
		*unplaced = model_tgw_connect_count(g) > 0;
		return &g->o;
	}
	if (model_tgw_connect_count(g) == 1) {
		for (guint i = 0; i < g->attachments->len; i++) {
			const struct model_tgw_attach *at = g_ptr_array_index(g->attachments, i);
			if (at->res_type == MODEL_TGW_RES_CONNECT)
				return &at->o;
		}
	}
	*unplaced = model_tgw_connect_count(g) > 1;
	return &g->o;
}

/* An event saying why the session stays on the TGW: which Connect attachment carries it
 * is unknown (never the first one listed: that would be a guess). */
static void
record_unplaced(struct bgp_clock *c, const struct sess *s)
{
	const struct model_tgw *g = (const struct model_tgw *)s->comp;
	GString *ids = g_string_new(NULL);
	for (guint i = 0; i < g->attachments->len; i++) {
		const struct model_tgw_attach *at = g_ptr_array_index(g->attachments, i);
		if (at->res_type == MODEL_TGW_RES_CONNECT)
			g_string_append_printf(ids, "%s%s", ids->len ? ", " : "", at->o.id);
	}
	if (g->connect_peers_described)
		an_record(c->a, false, c->a->now, "bgp_session_unplaced", AN_SEV_INFO, g->o.id, 0,
			"BGP session %s: no Connect peer of %s (%s) has these GRE or inside "
			"addresses: which Connect attachment carries it is unknown, so its routes "
			"move no TGW route table",
			s->tl->peers, g->o.id, ids->str);
	else
		an_record(c->a, false, c->a->now, "bgp_session_unplaced", AN_SEV_INFO, g->o.id, 0,
			"BGP session %s: several Connect attachments on %s (%s); "
			"describe-transit-gateway-connect-peers is not in the snapshot: which one "
			"carries this session is unknown, so its routes move no TGW route table",
			s->tl->peers, g->o.id, ids->str);
	g_string_free(ids, TRUE);
}

static struct sess *
sess_get(struct bgp_clock *c, const struct replay_attr *attr, const struct model_packet *pkt)
{
	char x[MODEL_PREFIX_STRLEN], y[MODEL_PREFIX_STRLEN];
	addr_text(&pkt->src, x);
	addr_text(&pkt->dst, y);
	int cmp = strcmp(x, y);
	bool swap = cmp > 0 || (cmp == 0 && pkt->sport > pkt->dport);
	char *key = swap ? g_strdup_printf("%s.%u-%s.%u", y, pkt->dport, x, pkt->sport)
			 : g_strdup_printf("%s.%u-%s.%u", x, pkt->sport, y, pkt->dport);
	struct sess *s = g_hash_table_lookup(c->sess, key);
	if (s) {
		g_free(key);
		return s;
	}
	s = g_new0(struct sess, 1);
	s->key = key;
	s->targets = g_array_new(FALSE, FALSE, sizeof(struct target));
	g_array_set_clear_func(s->targets, target_clear);
	s->held = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	int cside;
	s->comp = place(c->a->m, &pkt->src, &pkt->dst, &s->tunnel, &cside);
	if (!s->comp && attr->kind == REPLAY_V_DXVIF)
		s->comp = attr->obj;
	bool unplaced = false;
	if (!s->comp)
		s->comp = connect_of(c->a->m, attr, &pkt->src, &pkt->dst, &cside, &unplaced);
	if (cside >= 0) {
		s->sides_known = true;
		s->addr[0] = cside == 0 ? pkt->src : pkt->dst;
		s->addr[1] = cside == 0 ? pkt->dst : pkt->src;
		s->port[0] = cside == 0 ? pkt->sport : pkt->dport;
		s->port[1] = cside == 0 ? pkt->dport : pkt->sport;
	} else {
		s->addr[0] = pkt->src;
		s->addr[1] = pkt->dst;
		s->port[0] = pkt->sport;
		s->port[1] = pkt->dport;
	}
	targets_of(c->a->m, s->comp, s->targets);
	s->tl = g_new0(struct an_bgp_session, 1);
	s->tl->component = g_strdup(s->comp ? s->comp->id : NULL);
	s->tl->tunnel = s->tunnel;
	addr_text(&s->addr[0], x);
	addr_text(&s->addr[1], y);
	s->tl->peers = g_strdup_printf("%s <-> %s", x, y);
	if (unplaced)
		record_unplaced(c, s);
	s->tl->timeline = g_array_new(FALSE, TRUE, sizeof(struct an_event));
	g_ptr_array_add(c->a->r.bgp, s->tl);
	/* the snapshot's routes belong to the session that was up when the capture began: the
	 * first one seen on the component; a later one starts empty and advertises anew */
	if (s->comp && !g_hash_table_contains(c->placed, s->comp)) {
		held_from_snapshot(c, s);
		g_hash_table_add(c->placed, (gpointer)(uintptr_t)s->comp);
	}
	g_hash_table_insert(c->sess, s->key, s);
	return s;
}

bool
bgp_clock_packet(struct bgp_clock *c, const struct dec *d, const struct replay_attr *attr,
	const struct model_packet *pkt)
{
	const struct dec_layer *tcp = NULL, *bgp = NULL;
	for (unsigned i = 0; i < d->nlayers; i++) {
		if (d->layers[i].proto == DEC_P_TCP)
			tcp = &d->layers[i];
		else if (d->layers[i].proto == DEC_P_BGP)
			bgp = &d->layers[i];
	}
	if (!tcp || pkt->proto != 6)
		return false;
	bool port = pkt->sport == 179 || pkt->dport == 179;
	if (!bgp && !port)
		return false;
	struct sess *s = sess_get(c, attr, pkt);
	int64_t ts = c->a->now;
	int side = addr_eq(&pkt->src, &s->addr[0]) && pkt->sport == s->port[0] ? 0 : 1;
	const char *id = s->comp ? s->comp->id : NULL;
	bool touched = false;
	for (const struct dec_bgp_msg *msg = bgp ? bgp->u.bgp.msgs : NULL; msg; msg = msg->next) {
		s->last[side] = ts;
		s->last_frame[side] = c->a->frame;
		touched = true;
		switch (msg->type) {
		case DEC_BGP_OPEN:
			if (msg->u.open) {
				if (s->opened[0] && s->opened[1] && !s->up) {
					/* a new connection attempt after a close */
					s->opened[0] = s->opened[1] = false;
				}
				s->opened[side] = true;
				s->open_hold[side] = msg->u.open->hold;
			}
			break;
		case DEC_BGP_KEEPALIVE:
			s->tl->keepalives++;
			if (!s->up && s->opened[0] && s->opened[1]) {
				char *why = g_strdup_printf(
					"OPENs exchanged, KEEPALIVE from %s: established, hold time %u s",
					side_name(s, side), hold_of(s));
				sess_up(c, s, ts, c->a->frame, why);
				g_free(why);
			} else if (!s->up && s->tl->ups == 0 && s->tl->downs == 0) {
				/* the capture starts inside an established session */
				sess_up(c, s, ts, c->a->frame,
					"session already established when the capture starts (KEEPALIVE)");
			}
			break;
		case DEC_BGP_UPDATE:
			if (msg->u.update)
				on_update(c, s, side, msg->u.update, ts);
			break;
		case DEC_BGP_NOTIFICATION: {
			s->tl->notifications++;
			const struct dec_bgp_notification *n = &msg->u.notif;
			const char *cn = dec_bgp_notify_code_name(n->code);
			const char *sn = dec_bgp_notify_subcode_name(n->code, n->subcode);
			/* RFC 9003: the shutdown communication says why, in the sender's words */
			char *text = n->has_text ? g_strndup((const char *)n->text, n->text_len) : NULL;
			char *why = g_strdup_printf("NOTIFICATION %u/%u %s%s%s from %s%s%s%s", n->code,
				n->subcode, cn ? cn : "(unassigned)", sn ? " / " : "", sn ? sn : "",
				side_name(s, side), text ? ": \"" : "", text ? text : "", text ? "\"" : "");
			g_free(text);
			if (!s->up && !s->tl->ups && !s->tl->downs)
				s->up = true; /* the session was up before the capture */
			sess_down(c, s, ts, c->a->frame, why);
			g_free(why);
			break;
		}
		default:
			break;
		}
	}
	(void)id;
	const struct dec_tcp_layer *tl = &tcp->u.tcp;
	note_signature(c, s, tl, pkt, ts);
	uint16_t fl = tcp->u.tcp.flags;
	if (fl & (DEC_TCP_FIN | DEC_TCP_RST)) {
		if (!s->up && !s->tl->ups && !s->tl->downs && s->held && g_hash_table_size(s->held))
			s->up = true;
		char t[MODEL_PREFIX_STRLEN];
		addr_text(&pkt->src, t);
		char *why = g_strdup_printf("TCP %s from %s (%s)", fl & DEC_TCP_RST ? "RST" : "FIN", t,
			side_name(s, side));
		sess_down(c, s, ts, c->a->frame, why);
		g_free(why);
	}
	if (touched || (fl & (DEC_TCP_FIN | DEC_TCP_RST)))
		recompute_deadline(c);
	return true;
}

void
bgp_clock_finish(struct bgp_clock *c, int64_t last)
{
	bgp_clock_advance(c, last + 1);
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, c->sess);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct sess *s = v;
		s->tl->hold = hold_of(s);
		s->tl->up_at_end = s->up;
	}
}
