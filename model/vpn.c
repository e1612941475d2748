/* vpn.c - AWS Site-to-Site VPN and the virtual private gateway: tunnels (ESP between the
 * outside addresses), the VGW's choice among its VPN connections and Direct Connect VIFs,
 * and traffic entering a VPC through its VGW. Follows the AWS Site-to-Site VPN User Guide:
 * "Tunnel options for your Site-to-Site VPN connection", "Route tables and VPN route
 * priority", "Monitoring ... with Amazon CloudWatch" (TunnelState).
 */
#include "model/forward.h"

#include <string.h>

#include "model/walk.h"

/* A tunnel carries traffic when its telemetry says UP and no what-if took it (or the whole
 * connection) down. */
static bool
tunnel_usable(const struct model_vpn *v, size_t i, unsigned down)
{
	return v->tunnels[i].up && !(down & DOWN_WHOLE) && !(down & (DOWN_TUNNEL_1 << i));
}

static void
why_no_tunnel(struct walk *w, const struct model_vpn *v)
{
	why_s(w, down_bits(w->e, v) ? "no tunnel is up (what-if: taken down)" : "no tunnel is up");
}

const struct model_vpn_tunnel *
model_vpn_tunnel_pick(const struct walk *w, const struct model_vpn *v, unsigned *no, bool ecmp)
{
	unsigned up = 0;
	unsigned down = down_bits(w->e, v);
	for (size_t i = 0; i < v->n_tunnels; i++)
		up += tunnel_usable(v, i, down);
	if (!up)
		return NULL;
	unsigned pick = ecmp ? model_walk_hash(w) % up : 0;
	for (size_t i = 0; i < v->n_tunnels; i++) {
		if (!tunnel_usable(v, i, down))
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
void
model_vpn_out(struct walk *w, const struct model_vpn *v)
{
	if (unknown_if_missing(w, &v->o, "vpn-connection"))
		return;
	unsigned no = 0;
	bool ecmp = v->tgw && v->tgw->vpn_ecmp;
	const struct model_vpn_tunnel *t = model_vpn_tunnel_pick(w, v, &no, ecmp);
	if (!t) {
		if (hop(w, v->o.id, "vpn-connection", MODEL_ACT_DROP))
			why_no_tunnel(w, v);
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
	model_deliver_onprem(w, &v->o);
}

/* A VPC route to the VGW: the VGW's own choice among its connections for the prefix. */
void
model_vgw_out(struct walk *w, const struct model_vgw *g)
{
	const struct fib *f = &w->e->vgw[g->o.idx];
	const struct pentry *pe = fib_lookup(f, &w->dst);
	if (!hop(w, g->o.id, "vgw", MODEL_ACT_FORWARD))
		return;
	/* Reachability Analyzer, VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS: a VGW carries out of
	 * the VPC only packets whose source is an address of a VPC it is attached to; no
	 * transit through a VPC's VGW (issue 11 rule 3) */
	bool own = false;
	for (guint i = 0; i < g->vpcs->len && !own; i++)
		own = vpc_contains(g_ptr_array_index(g->vpcs, i), &w->src);
	if (!own) {
		why_s(w, "source ");
		why_addr(w, &w->src);
		why_s(w, " is no address of the VPC it is attached to: a virtual private gateway "
			 "carries out only the VPC's own traffic");
		drop(w, g->o.id, MODEL_R_SOURCE_NOT_IN_VPC);
		return;
	}
	if (!pe) {
		why_s(w, "no VPN or Direct Connect route for ");
		why_addr(w, &w->dst);
		drop(w, g->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	why_put(w, pe->why, pe->why_len);
	const struct cand *c = entry_cand(f, pe);
	if (c->target->kind == MODEL_VPN) {
		model_vpn_out(w, (const struct model_vpn *)c->target);
	} else {
		if (model_vif_hop(w, (const struct model_dxvif *)c->target, true))
			model_deliver_onprem(w, c->target);
	}
}

void
model_from_vgw(struct walk *w, const struct model_vgw *g)
{
	if (unknown_if_missing(w, &g->o, "vgw"))
		return;
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
	model_ingress_vpc(w, vpc, &g->o, g->edge_rtb);
}

void
model_from_vpn(struct walk *w, const struct model_vpn *v)
{
	if (unknown_if_missing(w, &v->o, "vpn-connection"))
		return;
	unsigned no = 0;
	const struct model_vpn_tunnel *t =
		model_vpn_tunnel_pick(w, v, &no, v->tgw && v->tgw->vpn_ecmp);
	if (!t) {
		if (hop(w, v->o.id, "vpn-connection", MODEL_ACT_DROP))
			why_no_tunnel(w, v);
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
			v->tgw_attach ? v->tgw_attach : model_tgw_attach_of(v->tgw, &v->o);
		if (!att) {
			drop(w, v->o.id, MODEL_R_NO_ROUTE);
			return;
		}
		model_tgw_enter(w, att);
	} else if (v->vgw) {
		model_from_vgw(w, v->vgw);
	} else {
		drop(w, v->o.id, MODEL_R_NO_ROUTE);
	}
}
