/* dx.c - AWS Direct Connect: virtual interfaces (private, transit, public), Direct Connect
 * gateways and their associations with VGWs and transit gateways. Follows the AWS Direct
 * Connect User Guide: "Virtual interfaces", "Direct Connect gateways" ("Transit gateway
 * associations", "Allowed prefixes interactions"), "Routing policies and BGP communities".
 */
#include "model/forward.h"

#include <string.h>

#include "model/walk.h"

/* Direct Connect user guide, "Virtual interfaces": a VIF is one 802.1Q VLAN on a
 * connection with its own BGP session; private VIFs reach a VGW or DX gateway, transit VIFs a
 * DX gateway associated with transit gateways, public VIFs AWS public prefixes. */
void
model_vif_hop(struct walk *w, const struct model_dxvif *vif, bool out)
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
void
model_dxgw_out(struct walk *w, const struct model_dxgw *g)
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
	model_vif_hop(w, best, true);
	model_deliver_onprem(w, &best->o);
}

/* Direct Connect user guide, "Direct Connect gateways": the gateway passes traffic between
 * its VIFs and its associated VGWs or transit gateways (never VIF to VIF), and only for
 * the prefixes the association allows toward on-premises. */
void
model_from_dxgw(struct walk *w, const struct model_dxgw *g)
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
		model_from_vgw(w, (const struct model_vgw *)pick->gateway);
		return;
	}
	const struct model_tgw_attach *att =
		model_tgw_attach_of((const struct model_tgw *)pick->gateway, &g->o);
	if (!att) {
		drop(w, g->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	model_tgw_enter(w, att);
}

void
model_from_vif(struct walk *w, const struct model_dxvif *vif)
{
	model_vif_hop(w, vif, false);
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
