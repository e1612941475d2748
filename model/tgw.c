/* tgw.c - transit gateways: a VPC's route into the TGW through its attachment subnets, the
 * attachment's association, the TGW route table lookup (ECMP, blackholes) and the way out
 * of each attachment type. Follows Amazon VPC Transit Gateways: "How transit gateways
 * work" ("Route evaluation order", "Availability Zones"), "Transit gateway attachments to
 * a VPC" (appliance mode, "Network ACLs for transit gateways"), "Transit gateway peering
 * attachments" and "Equal Cost Multipath routing".
 */
#include "model/forward.h"

#include <string.h>

#include "model/walk.h"

const struct model_tgw_attach *
model_tgw_attach_of(const struct model_tgw *tgw, const struct model_obj *res)
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
void
model_vpc_to_tgw(struct walk *w, const struct model_vpc *vpc, const struct model_tgw *tgw)
{
	const struct model_tgw_attach *att = model_tgw_attach_of(tgw, &vpc->o);
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
		if (!model_nacl_check(w, via, true) || !model_nacl_check(w, via, false))
			return;
	} else {
		if (!model_leave_subnet(w))
			return;
		if (via && !model_nacl_check(w, via, false))
			return;
	}
	w->cur = NULL;
	w->az = via ? subnet_az(via) : NULL;
	model_tgw_enter(w, att);
}

static void tgw_route(
	struct walk *w, const struct model_tgw_rtb *t, const struct model_tgw_attach *in);

void
model_tgw_enter(struct walk *w, const struct model_tgw_attach *att)
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
		 * subnet (model_enter_subnet); to an instance in the attachment subnet itself, no
		 * rules apply. */
		w->cur = s;
		w->edge = EDGE_TGW;
		w->src_eni = NULL;
		model_vpc_route(w, vpc, model_subnet_route_table(s));
		return;
	}
	case MODEL_TGW_RES_VPN:
		if (a->res) {
			model_vpn_out(w, (const struct model_vpn *)a->res);
			return;
		}
		break;
	case MODEL_TGW_RES_DXGW:
		if (a->res) {
			model_dxgw_out(w, (const struct model_dxgw *)a->res);
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
