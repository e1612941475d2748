/* walk.c - the walk core: the entry points of a packet (an interface, an on-premises
 * network, a gateway named by --from), the delivery to destinations outside the model, and
 * model_forward() (DESIGN.md "The forwarding model — rules it must get right", "awstrace
 * explain"; design note in forward.h and walk.h). The rules of each component are in its
 * own file: vpc.c, tgw.c, dx.c, vpn.c, gwlb.c, nat.c.
 */
#include "model/forward.h"

#include <string.h>

#include "model/walk.h"

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
	[MODEL_R_NOT_IN_SNAPSHOT] = "not_in_snapshot",
	[MODEL_R_NOT_MODELLED] = "not_modelled",
	[MODEL_R_UNAVAILABLE] = "unavailable",
	[MODEL_R_PRIVATE_ADDRESS] = "private_address",
	[MODEL_R_SOURCE_NOT_IN_VPC] = "source_not_in_vpc",
	[MODEL_R_UNSUPPORTED_PROTOCOL] = "unsupported_protocol",
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
 * which is what appliance mode and the GWLB's flow stickiness need. Taken of the packet as
 * it is where the choice is made: after an internet gateway's 1:1 NAT or a NAT gateway the
 * request and its reply carry the translated addresses there, and hash alike. */
uint32_t
model_walk_hash(const struct walk *w)
{
	const struct model_packet *k = w->pkt;
	uint32_t a = addr_fold(&w->src), b = addr_fold(&w->dst);
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	uint32_t plo = k->sport < k->dport ? k->sport : k->dport;
	uint32_t phi = k->sport < k->dport ? k->dport : k->sport;
	return mix32(lo ^ mix32(hi ^ mix32(k->proto ^ (plo << 16 | phi))));
}

void
model_deliver_pseudo(struct walk *w, const char *id, const char *kind, const char *why)
{
	if (hop(w, id, kind, MODEL_ACT_DELIVER))
		why_s(w, why);
	deliver(w, id);
}

void
model_deliver_onprem(struct walk *w, const struct model_obj *via)
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

/* Whether connection via (a VIF or a VPN connection) can carry traffic now. */
static bool
entry_usable(const struct walk *w, const struct model_obj *via)
{
	if (via->kind == MODEL_DXVIF) {
		const struct model_dxvif *v = (const struct model_dxvif *)via;
		return v->type != MODEL_VIF_PUBLIC && vif_candidate(w->e, v);
	}
	unsigned no;
	return via->kind == MODEL_VPN &&
	       model_vpn_tunnel_pick(w, (const struct model_vpn *)via, &no, false) != NULL;
}

/* Whether AWS advertises a route for dst over connection via, so that the on-premises
 * router would send dst's traffic on it: a VGW advertises its VPC's CIDRs (Site-to-Site
 * VPN guide, "Route tables and VPN route priority"); a TGW what the attachment's route
 * table holds; a DX gateway the VPCs of its VGW associations and the allowed prefixes of
 * its TGW associations (Direct Connect user guide, "Allowed prefixes interactions"). When
 * the snapshot does not say, it is taken as advertised. */
static bool
entry_advertises(const struct walk *w, const struct model_obj *via, const struct model_addr *dst)
{
	const struct model_vgw *vgw = NULL;
	const struct model_tgw_attach *att = NULL;
	if (via->kind == MODEL_VPN) {
		const struct model_vpn *v = (const struct model_vpn *)via;
		vgw = v->vgw;
		if (v->tgw)
			att = v->tgw_attach ? v->tgw_attach : model_tgw_attach_of(v->tgw, &v->o);
	} else if (via->kind == MODEL_DXVIF) {
		const struct model_dxvif *vif = (const struct model_dxvif *)via;
		vgw = vif->vgw;
		if (vif->dxgw && vif->dxgw->assocs->len) {
			for (guint i = 0; i < vif->dxgw->assocs->len; i++) {
				const struct model_dxgw_assoc *a =
					g_ptr_array_index(vif->dxgw->assocs, i);
				if (!a->gateway)
					continue;
				if (a->gateway->kind == MODEL_VGW) {
					const struct model_vgw *g =
						(const struct model_vgw *)a->gateway;
					for (guint k = 0; k < g->vpcs->len; k++)
						if (vpc_contains(
							    g_ptr_array_index(g->vpcs, k), dst))
							return true;
					continue;
				}
				if (!a->allowed || !a->allowed->len)
					return true;
				for (guint k = 0; k < a->allowed->len; k++)
					if (model_prefix_contains(&g_array_index(a->allowed,
									  struct model_prefix, k),
						    dst))
						return true;
			}
			return false;
		}
	}
	if (vgw) {
		for (guint k = 0; k < vgw->vpcs->len; k++)
			if (vpc_contains(g_ptr_array_index(vgw->vpcs, k), dst))
				return true;
		return false;
	}
	if (att && att->assoc_rtb && !att->assoc_rtb->o.missing) {
		const struct fib *f = &w->e->trtb[att->assoc_rtb->o.idx];
		const struct pentry *pe = fib_lookup(f, dst);
		return pe && !entry_cand(f, pe)->blackhole;
	}
	return true;
}

/* a better entry than b: Direct Connect before VPN, then the shorter AS_PATH (VPC guide,
 * "Route priority", propagated routes; Direct Connect user guide, "Routing policies and
 * BGP communities") */
static bool
entry_better(const struct model_obj *a, uint32_t a_as, const struct model_obj *b, uint32_t b_as)
{
	bool a_dx = a->kind == MODEL_DXVIF, b_dx = b->kind == MODEL_DXVIF;
	return a_dx != b_dx ? a_dx : a_as < b_as;
}

/* An on-premises source without --from enters where its return path leaves: over the
 * connections awstrace.json's AdvertisedVia names for its network, the one AWS prefers
 * (Direct Connect before VPN, shorter AS_PATH first). Without AdvertisedVia, every private
 * or transit VIF and VPN connection is a candidate: the hop names them and picks by the
 * same preference, saying so (issue 11 rule 9). Connections down (BGP, tunnels, what-if)
 * are skipped: the path falls back to what remains. */
static void
from_onprem(struct walk *w, const struct model_onprem *n)
{
	const struct model_obj *best = NULL;
	uint32_t best_as = UINT32_MAX;
	bool best_adv = false;
	unsigned n_cand = 0, n_down = 0;
	for (size_t i = 0; i < n->n_adv; i++) {
		const struct model_adv *a = &n->adv[i];
		if (!a->via || (a->via->kind != MODEL_DXVIF && a->via->kind != MODEL_VPN))
			continue;
		n_cand++;
		if (!entry_usable(w, a->via)) {
			n_down++;
			continue;
		}
		bool adv = entry_advertises(w, a->via, &w->dst);
		if (!best ||
			(adv != best_adv ? adv
					 : entry_better(a->via, a->as_path_len, best, best_as))) {
			best = a->via;
			best_as = a->as_path_len;
			best_adv = adv;
		}
	}
	static const enum model_kind kinds[] = { MODEL_DXVIF, MODEL_VPN };
	bool guessed = n->n_adv == 0;
	for (size_t k = 0; guessed && k < G_N_ELEMENTS(kinds); k++)
		for (guint i = 0; i < MODEL_COUNT(w->e->m, kinds[k]); i++) {
			const struct model_obj *o = g_ptr_array_index(w->e->m->objs[kinds[k]], i);
			if (o->kind == MODEL_DXVIF &&
				((const struct model_dxvif *)o)->type == MODEL_VIF_PUBLIC)
				continue;
			n_cand++;
			if (!entry_usable(w, o)) {
				n_down++;
				continue;
			}
			bool adv = entry_advertises(w, o, &w->dst);
			if (!best || (adv != best_adv ? adv : entry_better(o, 1, best, best_as))) {
				best = o;
				best_as = 1;
				best_adv = adv;
			}
		}
	if (!hop(w, n->o.id, "on-premises", MODEL_ACT_FORWARD))
		return;
	why_s(w, "source in ");
	why_pfx(w, &n->cidr);
	if (!best) {
		why_s(w, n_cand ? ", every connection that could carry it is down"
				: ", advertised over no connection");
		drop(w, n->o.id, n_cand ? MODEL_R_UNAVAILABLE : MODEL_R_UNKNOWN_SOURCE);
		return;
	}
	if (guessed) {
		why_s(w, "; AdvertisedVia not in awstrace.json: candidates ");
		unsigned listed = 0;
		for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++)
			for (guint i = 0; i < MODEL_COUNT(w->e->m, kinds[k]); i++) {
				const struct model_obj *o =
					g_ptr_array_index(w->e->m->objs[kinds[k]], i);
				if (o->kind == MODEL_DXVIF &&
					((const struct model_dxvif *)o)->type == MODEL_VIF_PUBLIC)
					continue;
				why_s(w, listed++ ? ", " : "");
				why_s(w, o->id);
			}
		why_s(w, "; enters over ");
		why_s(w, best->id);
		why_s(w, " by AWS's preference (a connection AWS advertises the destination over, "
			 "Direct Connect before VPN)");
	} else {
		why_s(w, "; enters over ");
		why_s(w, best->id);
		why_s(w, " (the path AWS returns traffic on: a connection AWS advertises the "
			 "destination over, Direct Connect before VPN, shorter AS_PATH first)");
	}
	if (n_down) {
		why_s(w, "; ");
		why_u(w, n_down);
		why_s(w, n_down == 1 ? " candidate is down" : " candidates are down");
	}
	if (best->kind == MODEL_DXVIF)
		model_from_vif(w, (const struct model_dxvif *)best);
	else
		model_from_vpn(w, (const struct model_vpn *)best);
}

/* A source the walk cannot place (reason unknown_source). dropped_at is always a component
 * id, never an address (issue 16): with --from, the drop is at that component, on a hop
 * that says why; when nothing holds the source and no --from names an entry, the path has
 * no hop and no end (dropped_at null, as DESIGN.md's analyze schema writes "no component")
 * and why_no_hop says why. */
static void
unknown_source(struct walk *w, const struct model_obj *from, const char *why)
{
	if (from) {
		if (hop(w, from->id, model_kind_name(from->kind), MODEL_ACT_DROP))
			why_s(w, why);
		drop(w, from->id, MODEL_R_UNKNOWN_SOURCE);
		return;
	}
	drop(w, NULL, MODEL_R_UNKNOWN_SOURCE);
	w->p->why_no_hop = why;
}

/* The one walk both model_forward() and model_forward_fast() run: quiet skips every
 * why-string, nothing else. */
static void
walk_run(const struct model_engine *e, const struct model_packet *pkt, struct model_path *out,
	bool quiet)
{
	struct walk w;
	w.e = e;
	w.p = out;
	w.pkt = pkt;
	w.src = pkt->src;
	w.dst = pkt->dst;
	w.reply = pkt->flags & MODEL_PKT_REPLY;
	w.done = false;
	w.quiet = quiet;
	w.nacl_noted = false;
	w.open = false;
	w.cur = NULL;
	w.edge = EDGE_NONE;
	w.src_eni = NULL;
	w.az = NULL;
	w.tgw = NULL;
	w.n_seen = 0;
	out->verdict = MODEL_VERDICT_DROPPED;
	out->reason = MODEL_R_NONE;
	out->why_truncated = false;
	out->end_id = NULL;
	out->unknown_at = NULL;
	out->missing = NULL;
	out->warning = NULL;
	out->why_no_hop = NULL;
	out->n_hops = 0;
	out->why_used = 0;
	out->why[0] = 0;

	const struct model_obj *from = pkt->from;
	if (pkt->src.af != pkt->dst.af || pkt->src.af == MODEL_AF_NONE) {
		unknown_source(&w, pkt->from, "source and destination are of different families");
	} else if (from) {
		switch (from->kind) {
		case MODEL_IGW:
			model_from_internet(&w, (const struct model_igw *)from);
			break;
		case MODEL_EIGW:
			model_from_eigw(&w, (const struct model_eigw *)from);
			break;
		case MODEL_VPN:
			model_from_vpn(&w, (const struct model_vpn *)from);
			break;
		case MODEL_DXVIF:
			model_from_vif(&w, (const struct model_dxvif *)from);
			break;
		case MODEL_DXGW:
			model_from_dxgw(&w, (const struct model_dxgw *)from);
			break;
		case MODEL_TGW_ATTACH:
			model_tgw_enter(&w, (const struct model_tgw_attach *)from);
			break;
		case MODEL_ENI:
			model_from_eni(&w, (const struct model_eni *)from);
			break;
		case MODEL_VGW:
			model_from_vgw(&w, (const struct model_vgw *)from);
			break;
		case MODEL_ONPREM:
			from_onprem(&w, (const struct model_onprem *)from);
			break;
		case MODEL_SUBNET:
			model_from_subnet(&w, (const struct model_subnet *)from);
			break;
		default:
			unknown_source(
				&w, from, "--from names a component packets cannot enter at");
			break;
		}
	} else {
		const struct eaddr *ea = eni_addr(e, &pkt->src);
		const struct model_onprem *n;
		const struct model_subnet *sn;
		if (ea)
			model_from_eni(&w, ea->eni);
		else if ((sn = subnet_of(e, NULL, &pkt->src)))
			model_from_subnet(&w, sn);
		else if ((n = onprem_of(e, &pkt->src)))
			from_onprem(&w, n);
		else
			unknown_source(&w, NULL,
				"no interface holds this address and no OnPremises network "
				"contains it (inject it with --from)");
	}
	if (!w.done)
		drop(&w, out->n_hops ? out->hops[out->n_hops - 1].id : "unknown", MODEL_R_NO_ROUTE);
	hop_close(&w);
	out->src = w.src;
	out->dst = w.dst;
}

bool
model_forward(const struct model_engine *e, const struct model_packet *pkt, struct model_path *out)
{
	walk_run(e, pkt, out, false);
	return out->verdict == MODEL_VERDICT_DELIVERED;
}

bool
model_forward_fast(
	const struct model_engine *e, const struct model_packet *pkt, struct model_fast_path *out)
{
	/* the walk writes a model_path; its why buffer is never touched when quiet, so the
	 * stack copy costs only the hops it fills */
	struct model_path p;
	walk_run(e, pkt, &p, true);
	out->verdict = p.verdict;
	out->reason = p.reason;
	out->n_hops = p.n_hops;
	out->src = p.src;
	out->dst = p.dst;
	for (unsigned i = 0; i < p.n_hops; i++) {
		out->hops[i].id = p.hops[i].id;
		out->hops[i].kind = p.hops[i].kind;
		out->hops[i].action = p.hops[i].action;
	}
	out->end_id = p.end_id;
	out->unknown_at = p.unknown_at;
	out->missing = p.missing;
	return out->verdict == MODEL_VERDICT_DELIVERED;
}
