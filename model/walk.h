/* walk.h - private to the forwarding engine (model/fib.c, walk.c, vpc.c, tgw.c, dx.c, vpn.c,
 * gwlb.c, nat.c): the compiled tables, the state of one walk, and the hop and why-string
 * helpers every component uses. Not a public face: other modules include model/forward.h.
 *
 * Design note (the public half is in forward.h):
 *  - A `struct fib` is one route table (VPC, TGW) or one VGW compiled: candidates as AWS
 *    describes them, one entry per distinct prefix with its winner and the explanation of
 *    the win, and an LPM per family whose leaves hold entry indexes (model/fib.c).
 *  - A `struct walk` is one packet's trip. Each component's file has the steps AWS keeps
 *    in that component (vpc.c: route tables, NACLs, SGs, local delivery and peering;
 *    tgw.c; dx.c; vpn.c with the VGW; gwlb.c; nat.c with the internet gateways); walk.c
 *    holds the entry points and model_forward().
 *  - The helpers below are static inline: they run on every hop of every packet.
 */
#ifndef AWSTRACE_MODEL_WALK_H
#define AWSTRACE_MODEL_WALK_H

#include "model/forward.h"

#include <string.h>

#include "model/lpm.h"

enum fib_type { FIB_VPC, FIB_TGW, FIB_VGW };

/* VPC route classes, best first (VPC User Guide, "Route priority"). */
enum { VC_LOCAL, VC_STATIC, VC_PL, VC_PROPAGATED };
/* VGW classes, best first (Site-to-Site VPN guide, "Route tables and VPN route priority"). */
enum { GC_DX_BGP, GC_VPN_STATIC, GC_VPN_BGP };

#define ECMP_MAX 8

struct cand {
	struct model_prefix pfx;
	uint8_t cls;  /* VC_* / GC_* / TGW origin */
	uint8_t rank; /* the order compared: cls, or the origin's documented rank */
	bool blackhole;
	bool ignored; /* propagated inside a local CIDR: never used */
	bool withdrawn;
	bool down;     /* what-if: what propagated it is down (model_engine_set_down()) */
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
	char *warning; /* TGW: the snapshot's route list is cut (AdditionalRoutesAvailable) */
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
	bool healthy; /* the appliance is a healthy target (describe-target-health) */
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
	/* explain --down / analyze (model_engine_set_down()): struct model_obj * -> DOWN_*
	 * bits; empty in the common case, so the walk's checks cost one size test */
	GHashTable *down;
};

#define DOWN_WHOLE    0x1u
#define DOWN_TUNNEL_1 0x2u /* DOWN_TUNNEL_1 << i for tunnel i + 1 */

static inline unsigned
down_bits(const struct model_engine *e, const void *obj)
{
	if (!e->down || !g_hash_table_size(e->down))
		return 0;
	return GPOINTER_TO_UINT(g_hash_table_lookup(e->down, obj));
}

/* A VIF traffic may use: not down (what-if, itself or its connection), BGP not known
 * down. */
static inline bool
vif_candidate(const struct model_engine *e, const struct model_dxvif *v)
{
	if ((down_bits(e, v) | (v->con ? down_bits(e, v->con) : 0)) & DOWN_WHOLE)
		return false;
	bool up = !v->n_peers;
	for (size_t i = 0; i < v->n_peers; i++)
		up |= v->peers[i].up || !v->peers[i].status_known;
	return up;
}

/* A TGW peering attachment to an AWS Cloud WAN core network (its resource is core-network-…)
 * rather than to another transit gateway. */
static inline bool
model_attach_is_cloudwan(const struct model_tgw_attach *a)
{
	return a->res_type == MODEL_TGW_RES_PEERING && a->res_id &&
	       g_str_has_prefix(a->res_id, "core-network-");
}

/* A TGW attachment forwards in these states (EC2 API reference, TransitGatewayAttachment
 * State: "pendingAcceptance", "rejected", "failed", "deleted"… carry nothing). */
static inline bool
attach_state_usable(const char *state)
{
	return !state || !strcmp(state, "available") || !strcmp(state, "modifying");
}

static inline void
gs_pfx(GString *s, const struct model_prefix *p)
{
	char b[MODEL_PREFIX_STRLEN];
	g_string_append(s, model_prefix_format(p, b));
}

enum edge { EDGE_NONE, EDGE_PCX, EDGE_TGW, EDGE_IGW, EDGE_VGW };

#define SEEN_MAX 24

struct walk {
	const struct model_engine *e;
	struct model_path *p;
	const struct model_packet *pkt;
	struct model_addr src, dst;
	bool reply;
	bool done;
	bool quiet;      /* model_forward_fast(): hops without why-strings (every why_* returns) */
	bool nacl_noted; /* said once that the snapshot has no NACLs */
	bool open;       /* the last hop's why-string is still being written */
	const struct model_subnet *cur; /* the subnet the packet is in, NULL outside */
	enum edge edge;                 /* how it entered the VPC it is in */
	const struct model_eni *src_eni;
	const char *az;              /* AZ it entered the TGW from */
	const struct model_tgw *tgw; /* the transit gateway it is in (TGW peering) */
	unsigned n_seen;
	const void *seen[SEEN_MAX];
};

/* The symmetric flow hash of the packet as it is now (its addresses after any NAT so far):
 * what ECMP, appliance mode and a GWLB choose by. */
uint32_t model_walk_hash(const struct walk *w);

/* ---- hops and why-strings ---- */

/* Appends to the open hop's why-string; hop_close() terminates it. One byte of the buffer
 * always stays free for the terminating NUL. */
static inline void
why_put(struct walk *w, const char *s, size_t n)
{
	struct model_path *p = w->p;
	if (w->quiet)
		return;
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
	if (s && !w->quiet)
		why_put(w, s, strlen(s));
}

static inline void
hop_close(struct walk *w)
{
	struct model_path *p = w->p;
	if (!w->open || w->quiet)
		return;
	w->open = false;
	struct model_hop *h = &p->hops[p->n_hops - 1];
	h->why_len = (uint16_t)(p->why_used - h->why_off);
	p->why[p->why_used] = 0;
	if (p->why_used + 1 < sizeof(p->why))
		p->why_used++;
}

static inline void
why_u(struct walk *w, uint32_t v)
{
	if (w->quiet)
		return;
	char b[12];
	int i = 11;
	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	why_put(w, b + i, 11 - (size_t)i);
}

static inline void
why_hex(struct walk *w, uint64_t v, unsigned digits)
{
	if (w->quiet)
		return;
	char b[17];
	static const char hx[] = "0123456789abcdef";
	if (digits > 16)
		digits = 16;
	for (unsigned i = 0; i < digits; i++)
		b[i] = hx[(v >> (4 * (digits - 1 - i))) & 0xf];
	why_put(w, b, digits);
}

static inline void
why_addr(struct walk *w, const struct model_addr *a)
{
	if (w->quiet)
		return;
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

static inline void
why_pfx(struct walk *w, const struct model_prefix *p)
{
	if (w->quiet)
		return;
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
static inline bool
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
	h->route_prefix = NULL;
	h->route_target = h->route_origin = NULL;
	h->rule = NULL;
	h->rule_default = h->rule_egress = false;
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

/* The route a route-table hop followed, for the structured fields (explain --json). */
static inline void
hop_route(struct walk *w, const struct cand *c, const char *origin)
{
	struct model_hop *h = &w->p->hops[w->p->n_hops - 1];
	h->route_prefix = &c->pfx;
	h->route_target = c->target_id ? c->target_id : c->target ? c->target->id : NULL;
	if (!h->route_target && c->blackhole)
		h->route_target = "blackhole";
	h->route_origin = origin;
}

static inline void
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

static inline void
deliver(struct walk *w, const char *to)
{
	if (w->done)
		return;
	w->p->verdict = MODEL_VERDICT_DELIVERED;
	w->p->reason = MODEL_R_NONE;
	w->p->end_id = to;
	w->done = true;
}

/* Ends the walk with verdict unknown at component `at` (PLAN.md contract point 7): what
 * decides the next hop is not in the snapshot (MODEL_R_NOT_IN_SNAPSHOT, missing: the
 * object's own `missing` sentence) or lies outside what awstrace models
 * (MODEL_R_NOT_MODELLED). Never a guessed delivered or dropped: Reachability Analyzer
 * answers the same way (TGW_RTB_ROUTES_ARE_UNKNOWN). */
static inline void
unknown(struct walk *w, const char *at, enum model_reason r, const char *missing)
{
	if (w->done)
		return;
	w->p->verdict = MODEL_VERDICT_UNKNOWN;
	w->p->reason = (uint8_t)r;
	w->p->end_id = at;
	w->p->unknown_at = at;
	w->p->missing = missing;
	w->done = true;
}

/* The hop that says why the walk stops at obj, and the unknown verdict, when the snapshot
 * lacks what forwarding through obj needs (a stub of another account, a TGW whose route
 * tables it cannot read). @return true when the walk stopped. */
static inline bool
unknown_if_missing(struct walk *w, const struct model_obj *obj, const char *kind)
{
	if (!obj || !obj->missing)
		return false;
	if (hop(w, obj->id, kind, MODEL_ACT_FORWARD)) {
		if (obj->kind == MODEL_TGW || obj->kind == MODEL_TGW_RTB)
			why_s(w, "TGW_RTB_ROUTES_ARE_UNKNOWN: ");
		why_s(w, obj->missing);
	}
	unknown(w, obj->id, MODEL_R_NOT_IN_SNAPSHOT, obj->missing);
	return true;
}

/* The path leaves what awstrace models (TGW Connect peers, a Cloud WAN core network, local
 * and carrier gateways, a TGW peering whose far side is not loaded): unknown, not a
 * delivery. */
static inline void
not_modelled(struct walk *w, const char *id, const char *kind, const char *what)
{
	if (hop(w, id, kind, MODEL_ACT_FORWARD)) {
		why_s(w, what);
		why_s(w, " (not modelled past here)");
	}
	unknown(w, id, MODEL_R_NOT_MODELLED, "not modelled past here");
}

/* A route table seen twice for the same packet means a loop: real packets would circle
 * until their TTL ran out (STYLE.md §8). */
static inline bool
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

static inline const struct eaddr *
eni_addr(const struct model_engine *e, const struct model_addr *a)
{
	uint32_t v;
	bool hit = a->af == MODEL_AF_INET    ? lpm4_lookup(e->eni4, a->a.v4, &v)
		   : a->af == MODEL_AF_INET6 ? lpm6_lookup(e->eni6, a->a.v6, &v)
					     : false;
	return hit ? &g_array_index(e->eaddrs, struct eaddr, v) : NULL;
}

/* The ENI holding private address a inside vpc (VPCs may overlap: fall back to a scan). */
static inline const struct model_eni *
eni_in_vpc(const struct model_engine *e, const struct model_vpc *vpc, const struct model_addr *a)
{
	const struct eaddr *ea = eni_addr(e, a);
	if (!ea)
		return NULL;
	if (!vpc || ea->eni->vpc == vpc)
		return ea->eni;
	return model_find_eni_by_addr(e->m, vpc, a);
}

static inline const struct model_subnet *
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

static inline const struct model_onprem *
onprem_of(const struct model_engine *e, const struct model_addr *a)
{
	uint32_t v;
	bool hit = a->af == MODEL_AF_INET ? lpm4_lookup(e->onp4, a->a.v4, &v)
					  : lpm6_lookup(e->onp6, a->a.v6, &v);
	return hit ? MODEL_GET(e->m, MODEL_ONPREM, struct model_onprem, v) : NULL;
}

static inline const struct pentry *
fib_lookup(const struct fib *f, const struct model_addr *a)
{
	uint32_t v;
	bool hit = a->af == MODEL_AF_INET ? lpm4_lookup(f->l4, a->a.v4, &v)
					  : lpm6_lookup(f->l6, a->a.v6, &v);
	return hit ? &g_array_index(f->ents, struct pentry, v) : NULL;
}

static inline const struct cand *
entry_cand(const struct fib *f, const struct pentry *pe)
{
	return &g_array_index(f->cands, struct cand, pe->win);
}

static inline bool
vpc_contains(const struct model_vpc *v, const struct model_addr *a)
{
	GArray *c = a->af == MODEL_AF_INET ? v->cidr4 : v->cidr6;
	for (guint i = 0; i < c->len; i++)
		if (model_prefix_contains(&g_array_index(c, struct model_prefix, i), a))
			return true;
	return false;
}

static inline bool
addr_eq(const struct model_addr *a, const struct model_addr *b)
{
	if (a->af != b->af)
		return false;
	return a->af == MODEL_AF_INET ? a->a.v4 == b->a.v4 : memcmp(a->a.v6, b->a.v6, 16) == 0;
}

/* ---- the components' steps (one file each) ---- */

/* model/walk.c */
void model_deliver_pseudo(struct walk *w, const char *id, const char *kind, const char *why);
void model_deliver_onprem(struct walk *w, const struct model_obj *via);

/* model/vpc.c */
char *model_nacl_entry_text(const struct model_nacl *n, const struct model_nacl_entry *x);
void model_sg_rules_compile(const struct model_sg_rule *r, size_t n, struct csg_rule **out);
void model_sg_rules_free(struct csg_rule *r, size_t n);
bool model_nacl_check(struct walk *w, const struct model_subnet *s, bool egress);
bool model_leave_subnet(struct walk *w);
bool model_enter_subnet(struct walk *w, const struct model_subnet *s);
bool model_eni_hop(struct walk *w, const struct model_eni *eni, bool egress);
void model_ingress_vpc(struct walk *w, const struct model_vpc *vpc, const struct model_obj *via,
	const struct model_rtb *edge_rtb);
void model_vpc_route(struct walk *w, const struct model_vpc *vpc, const struct model_rtb *rtb);
void model_from_eni(struct walk *w, const struct model_eni *eni);
/* Enters at subnet s from an instance the snapshot does not describe (vpc.c). */
void model_from_subnet(struct walk *w, const struct model_subnet *s);

/* model/tgw.c */
const struct model_tgw_attach *model_tgw_attach_of(
	const struct model_tgw *tgw, const struct model_obj *res);
void model_vpc_to_tgw(struct walk *w, const struct model_vpc *vpc, const struct model_tgw *tgw);
void model_tgw_enter(struct walk *w, const struct model_tgw_attach *att);

/* model/dx.c */
bool model_vif_hop(struct walk *w, const struct model_dxvif *vif, bool out);
void model_dxgw_out(struct walk *w, const struct model_dxgw *g);
void model_from_dxgw(struct walk *w, const struct model_dxgw *g);
void model_from_vif(struct walk *w, const struct model_dxvif *vif);

/* model/vpn.c */
const struct model_vpn_tunnel *model_vpn_tunnel_pick(
	const struct walk *w, const struct model_vpn *v, unsigned *no, bool ecmp);
void model_vpn_out(struct walk *w, const struct model_vpn *v);
void model_vgw_out(struct walk *w, const struct model_vgw *g);
void model_from_vgw(struct walk *w, const struct model_vgw *g);
void model_from_vpn(struct walk *w, const struct model_vpn *v);

/* model/gwlb.c */
void model_gwlb_compile(const struct model *m, const struct model_vpce *v, struct gwlb_info *gi);
void model_to_gwlbe(struct walk *w, const struct model_vpce *v);

/* model/nat.c */
void model_nat_inbound(struct walk *w, const struct model_natgw *nat);
void model_to_igw(struct walk *w, const struct model_igw *igw);
void model_to_nat(struct walk *w, const struct model_natgw *nat);
bool model_addr_is_public(const struct model_addr *a);
void model_from_internet(struct walk *w, const struct model_igw *igw);
void model_from_eigw(struct walk *w, const struct model_eigw *g);

#endif /* AWSTRACE_MODEL_WALK_H */
