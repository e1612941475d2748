/* dx.c - AWS Direct Connect: virtual interfaces (private, transit, public), Direct Connect
 * gateways and their associations with VGWs and transit gateways. Follows the AWS Direct
 * Connect User Guide: "Virtual interfaces", "Direct Connect gateways" ("Transit gateway
 * associations", "Allowed prefixes interactions"), "Routing policies and BGP communities".
 */
#include "model/forward.h"

#include <string.h>

#include "model/walk.h"

/* Whether the VIF carries traffic: not taken down (what-if, itself or its connection),
 * described well enough, and with an established BGP session (Direct Connect user guide,
 * "Virtual interfaces": routes are exchanged only over BGP, so a VIF whose BGP peers are
 * all down carries nothing; issue 11 rule 8). @return false when the walk ended here. */
static bool
vif_usable(struct walk *w, const struct model_dxvif *vif)
{
	if ((down_bits(w->e, vif) | (vif->con ? down_bits(w->e, vif->con) : 0)) & DOWN_WHOLE) {
		if (hop(w, vif->o.id, "dx-vif", MODEL_ACT_DROP)) {
			why_s(w, "down (what-if");
			if (vif->con && (down_bits(w->e, vif->con) & DOWN_WHOLE)) {
				why_s(w, ": connection ");
				why_s(w, vif->con->o.id);
				why_s(w, " down");
			}
			why_s(w, "): it carries nothing");
		}
		drop(w, vif->o.id, MODEL_R_UNAVAILABLE);
		return false;
	}
	if (unknown_if_missing(w, &vif->o, "dx-vif"))
		return false;
	bool up = false, unknown_state = false;
	for (size_t i = 0; i < vif->n_peers; i++) {
		up |= vif->peers[i].up;
		unknown_state |= !vif->peers[i].status_known;
	}
	if (!vif->n_peers || up)
		return true;
	if (unknown_state) {
		static const char bgp_missing[] =
			"the BGP state of the virtual interface is not in the snapshot (no "
			"bgpStatus)";
		if (hop(w, vif->o.id, "dx-vif", MODEL_ACT_FORWARD))
			why_s(w, bgp_missing);
		unknown(w, vif->o.id, MODEL_R_NOT_IN_SNAPSHOT, bgp_missing);
		return false;
	}
	if (hop(w, vif->o.id, "dx-vif", MODEL_ACT_DROP))
		why_s(w, "BGP down (bgpStatus down): no routes are exchanged, nothing is "
			 "forwarded over it");
	drop(w, vif->o.id, MODEL_R_UNAVAILABLE);
	return false;
}

/* Direct Connect user guide, "Virtual interfaces": a VIF is one 802.1Q VLAN on a
 * connection with its own BGP session; private VIFs reach a VGW or DX gateway, transit VIFs a
 * DX gateway associated with transit gateways, public VIFs AWS public prefixes. @return
 * false when the walk ended (the VIF cannot be used). */
bool
model_vif_hop(struct walk *w, const struct model_dxvif *vif, bool out)
{
	if (!vif_usable(w, vif))
		return false;
	if (!hop(w, vif->o.id, "dx-vif", MODEL_ACT_FORWARD))
		return false;
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
	return true;
}

/* A DX gateway toward on-premises: the VIF of this gateway that advertises the network
 * with the shortest AS_PATH (Direct Connect user guide, "Routing policies and BGP
 * communities": AS_PATH length then the other BGP attributes pick among VIFs). */
void
model_dxgw_out(struct walk *w, const struct model_dxgw *g)
{
	if (unknown_if_missing(w, &g->o, "dx-gateway"))
		return;
	const struct model_onprem *n = onprem_of(w->e, &w->dst);
	const struct model_dxvif *best = NULL;
	uint32_t best_as = UINT32_MAX;
	for (size_t i = 0; n && i < n->n_adv; i++) {
		const struct model_obj *via = n->adv[i].via;
		if (!via || via->kind != MODEL_DXVIF)
			continue;
		const struct model_dxvif *v = (const struct model_dxvif *)via;
		if (v->dxgw == g && vif_candidate(w->e, v) && n->adv[i].as_path_len < best_as) {
			best = v;
			best_as = n->adv[i].as_path_len;
		}
	}
	for (guint i = 0; !best && i < g->vifs->len; i++)
		if (vif_candidate(w->e, g_ptr_array_index(g->vifs, i)))
			best = g_ptr_array_index(g->vifs, i);
	if (!hop(w, g->o.id, "dx-gateway", MODEL_ACT_FORWARD))
		return;
	if (!best) {
		why_s(w, g->vifs->len ? "no virtual interface is up" : "no virtual interface");
		drop(w, g->o.id, g->vifs->len ? MODEL_R_UNAVAILABLE : MODEL_R_NO_ROUTE);
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
	if (model_vif_hop(w, best, true))
		model_deliver_onprem(w, &best->o);
}

/* Whether an association's allowed prefixes cover a (an empty list: not in the snapshot,
 * taken as covering). */
static bool
assoc_allows(const struct model_dxgw_assoc *a, const struct model_addr *dst)
{
	if (!a->allowed || !a->allowed->len)
		return true;
	for (guint i = 0; i < a->allowed->len; i++)
		if (model_prefix_contains(&g_array_index(a->allowed, struct model_prefix, i), dst))
			return true;
	return false;
}

/* The TGW attachment of DX gateway g on some transit gateway, when the association list
 * is not in the snapshot but the TGW's direct-connect-gateway attachment is (issue 11
 * rule 9). */
static const struct model_tgw_attach *
dxgw_tgw_attachment(const struct walk *w, const struct model_dxgw *g)
{
	const struct model_tgw_attach *found = NULL;
	for (guint i = 0; i < MODEL_COUNT(w->e->m, MODEL_TGW_ATTACH); i++) {
		const struct model_tgw_attach *a =
			MODEL_GET(w->e->m, MODEL_TGW_ATTACH, struct model_tgw_attach, i);
		if (a->res_type != MODEL_TGW_RES_DXGW ||
			!(a->res == &g->o || g_strcmp0(a->res_id, g->o.id) == 0))
			continue;
		if (!a->tgw || !a->tgw->o.missing)
			return a;
		if (!found)
			found = a;
	}
	return found;
}

/* Direct Connect user guide, "Direct Connect gateways": the gateway passes traffic between
 * its VIFs and its associated VGWs or transit gateways (never VIF to VIF); "Allowed
 * prefixes interactions": with several transit gateways associated, traffic goes to the
 * one whose association's allowed prefixes cover the destination (issue 11 rule 1). */
void
model_from_dxgw(struct walk *w, const struct model_dxgw *g)
{
	if (unknown_if_missing(w, &g->o, "dx-gateway"))
		return;
	const struct model_dxgw_assoc *pick = NULL;
	const struct model_dxgw_assoc *tgw_any = NULL; /* a TGW association, for the why */
	unsigned n_tgw = 0;
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
		} else if (a->gateway->kind == MODEL_TGW) {
			n_tgw++;
			tgw_any = a;
			if (!pick && a->allowed && a->allowed->len && assoc_allows(a, &w->dst))
				pick = a;
		}
	}
	/* associations that list no allowed prefixes (not in the snapshot): the only one */
	if (!pick && n_tgw == 1 && assoc_allows(tgw_any, &w->dst))
		pick = tgw_any;
	if (!hop(w, g->o.id, "dx-gateway", MODEL_ACT_FORWARD))
		return;
	if (!pick) {
		const struct model_tgw_attach *att =
			g->assocs->len ? NULL : dxgw_tgw_attachment(w, g);
		if (att) {
			why_s(w, "to ");
			why_s(w, att->tgw ? att->tgw->o.id : att->o.id);
			why_s(w, " (the association list is not in the snapshot; the transit "
				 "gateway's direct-connect-gateway attachment ");
			why_s(w, att->o.id);
			why_s(w, " names this gateway)");
			model_tgw_enter(w, att);
			return;
		}
		if (n_tgw) {
			why_s(w, "no transit gateway association allows ");
			why_addr(w, &w->dst);
			why_s(w, " (allowed prefixes)");
		} else {
			why_s(w, "associated with no gateway that reaches ");
			why_addr(w, &w->dst);
		}
		drop(w, g->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	why_s(w, "to ");
	why_s(w, pick->gateway->id);
	why_s(w, " (association ");
	why_s(w, pick->o.id);
	if (n_tgw > 1 && pick->gateway->kind == MODEL_TGW)
		why_s(w, ", whose allowed prefixes cover the destination");
	why_s(w, ")");
	if (pick->gateway->kind == MODEL_VGW) {
		model_from_vgw(w, (const struct model_vgw *)pick->gateway);
		return;
	}
	const struct model_tgw *tgw = (const struct model_tgw *)pick->gateway;
	const struct model_tgw_attach *att = model_tgw_attach_of(tgw, &g->o);
	if (!att) {
		/* a TGW of another account or Region (a stub): its side is not in the snapshot */
		if (unknown_if_missing(w, &tgw->o, "transit-gateway"))
			return;
		drop(w, g->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	model_tgw_enter(w, att);
}

void
model_from_vif(struct walk *w, const struct model_dxvif *vif)
{
	if (!model_vif_hop(w, vif, false))
		return;
	if (vif->dxgw)
		model_from_dxgw(w, vif->dxgw);
	else if (vif->vgw)
		model_from_vgw(w, vif->vgw);
	else if (!model_addr_is_public(&w->dst)) {
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
		model_deliver_pseudo(w, vif->o.id, "dx-vif", "public VIF: AWS public prefixes");
}
