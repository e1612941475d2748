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
	if (!att && unknown_if_missing(w, &tgw->o, "transit-gateway"))
		return;
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

/* The attachment's state and what the snapshot tells of it: @return false when the walk
 * ended here (unusable, or unknown). */
static bool
attach_usable(struct walk *w, const struct model_tgw_attach *a)
{
	bool down = down_bits(w->e, a) & DOWN_WHOLE;
	if (!down && attach_state_usable(a->state))
		return true;
	if (hop(w, a->o.id, "tgw-attachment", MODEL_ACT_DROP)) {
		if (down) {
			why_s(w, "down (what-if): it carries nothing");
		} else {
			why_s(w, "state ");
			why_s(w, a->state);
			why_s(w, ": an attachment carries traffic only when available");
		}
	}
	drop(w, a->o.id, MODEL_R_UNAVAILABLE);
	return false;
}

void
model_tgw_enter(struct walk *w, const struct model_tgw_attach *att)
{
	if (!attach_usable(w, att))
		return;
	if (!hop(w, att->o.id, "tgw-attachment", MODEL_ACT_FORWARD))
		return;
	why_s(w, "into ");
	why_s(w, att->tgw ? att->tgw->o.id : "the transit gateway");
	why_s(w, " from ");
	why_s(w, model_tgw_res_name(att->res_type));
	why_s(w, " ");
	why_s(w, att->res_id);
	/* a spoke's view of a shared TGW: the route tables belong to the network account
	 * (Reachability Analyzer: TGW_RTB_ROUTES_ARE_UNKNOWN) */
	if (att->tgw && unknown_if_missing(w, &att->tgw->o, "transit-gateway"))
		return;
	if (!att->assoc_rtb) {
		if (att->o.missing) {
			why_s(w, "; ");
			why_s(w, att->o.missing);
			unknown(w, att->o.id, MODEL_R_NOT_IN_SNAPSHOT, att->o.missing);
			return;
		}
		why_s(w, "; associated with no route table");
		drop(w, att->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	why_s(w, "; associated with ");
	why_s(w, att->assoc_rtb->o.id);
	if (unknown_if_missing(w, &att->assoc_rtb->o, "tgw-route-table"))
		return;
	tgw_route(w, att->assoc_rtb, att);
}

/* TGW guide, "Transit gateway peering attachments": the far TGW routes what crosses the
 * peering by the route table associated with the peering attachment on its side. The far
 * side is known only when a snapshot holding it was loaded (several snapshots, one
 * model): then its association names the table; else the walk stops (unknown). */
static const struct model_tgw_rtb *
peer_far_rtb(const struct walk *w, const struct model_tgw_attach *a, const struct model_tgw **far)
{
	const struct model_tgw *near = w->tgw;
	*far = NULL;
	/* the loader links the two sides of one peering attachment (peer_side) */
	const struct model_tgw_attach *ps = a->peer_side;
	if (ps && ps->tgw && ps->tgw != near && !ps->tgw->o.missing && ps->assoc_rtb) {
		*far = ps->tgw;
		return ps->assoc_rtb;
	}
	if (a->tgw && a->tgw != near)
		*far = a->tgw;
	else if (a->res_id)
		*far = (const struct model_tgw *)model_find(w->e->m, MODEL_TGW, a->res_id);
	if (!*far || *far == near || (*far)->o.missing)
		return NULL;
	if (a->tgw == *far && a->assoc_rtb)
		return a->assoc_rtb;
	for (guint i = 0; i < (*far)->rtbs->len; i++) {
		const struct model_tgw_rtb *r = g_ptr_array_index((*far)->rtbs, i);
		for (guint k = 0; k < r->associations->len; k++)
			if (g_ptr_array_index(r->associations, k) == a)
				return r;
	}
	/* the far side's own view of the peering: its peering attachment toward us */
	for (guint i = 0; near && i < (*far)->attachments->len; i++) {
		const struct model_tgw_attach *b = g_ptr_array_index((*far)->attachments, i);
		if (b->res_type == MODEL_TGW_RES_PEERING && b->assoc_rtb &&
			g_strcmp0(b->res_id, near->o.id) == 0)
			return b->assoc_rtb;
	}
	return NULL;
}

static void
tgw_peering_out(struct walk *w, const struct model_tgw_attach *a)
{
	/* Cloud WAN peering: the attachment's resource is a core network (Cloud WAN guide,
	 * "Peerings"), which awstrace does not model */
	if (model_attach_is_cloudwan(a)) {
		not_modelled(w, a->o.id, "tgw-attachment", "to Cloud WAN core network");
		return;
	}
	const struct model_tgw *far;
	const struct model_tgw_rtb *r = peer_far_rtb(w, a, &far);
	if (!r) {
		bool stub = far && far->o.missing;
		if (hop(w, a->o.id, "tgw-attachment", MODEL_ACT_FORWARD)) {
			why_s(w, "to TGW peering with ");
			why_s(w, a->res_id);
			why_s(w, stub ? ": "
				      : ": its side is not in the snapshot (not modelled past "
					"here)");
			if (stub)
				why_s(w, far->o.missing);
		}
		/* a stub far TGW: the snapshot lacks it; no far TGW at all: past the model */
		unknown(w, a->o.id, stub ? MODEL_R_NOT_IN_SNAPSHOT : MODEL_R_NOT_MODELLED,
			stub ? far->o.missing : "not modelled past here");
		return;
	}
	if (!hop(w, a->o.id, "tgw-attachment", MODEL_ACT_FORWARD))
		return;
	why_s(w, "across the peering into ");
	why_s(w, far->o.id);
	why_s(w, "; associated there with ");
	why_s(w, r->o.id);
	w->az = NULL;
	if (unknown_if_missing(w, &r->o, "tgw-route-table"))
		return;
	tgw_route(w, r, a);
}

static void
tgw_exit(struct walk *w, const struct model_tgw_attach *a)
{
	if (!attach_usable(w, a))
		return;
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
				s = g_ptr_array_index(
					a->subnets, model_walk_hash(w) % a->subnets->len);
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
		if (!vpc || !s || vpc->o.missing || (s && s->o.missing)) {
			/* a VPC of another account: its subnets are not in the snapshot */
			const char *what = a->o.missing            ? a->o.missing
					   : vpc && vpc->o.missing ? vpc->o.missing
					   : s && s->o.missing     ? s->o.missing
							       : "the attached VPC's subnets are "
								 "not in the snapshot";
			why_s(w, "; ");
			why_s(w, what);
			unknown(w, a->o.id, MODEL_R_NOT_IN_SNAPSHOT, what);
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
	case MODEL_TGW_RES_PEERING:
		tgw_peering_out(w, a);
		return;
	default:
		break;
	}
	if (a->o.missing && unknown_if_missing(w, &a->o, "tgw-attachment"))
		return;
	/* TGW Connect peers (GRE + BGP to an appliance), network functions and anything
	 * newer lead where the model does not go */
	if (hop(w, a->o.id, "tgw-attachment", MODEL_ACT_FORWARD)) {
		why_s(w, "to ");
		why_s(w, model_tgw_res_name(a->res_type));
		why_s(w, " ");
		why_s(w, a->res_id);
		why_s(w, " (not modelled past here)");
	}
	unknown(w, a->o.id, MODEL_R_NOT_MODELLED, "not modelled past here");
}

/* TGW guide, "Route evaluation order": longest prefix, then the origin order of
 * route_order.c, then AS_PATH and MED; blackhole routes drop. */
static void
tgw_route(struct walk *w, const struct model_tgw_rtb *t, const struct model_tgw_attach *in)
{
	(void)in;
	if (!seen_once(w, t, t->o.id, "tgw-route-table"))
		return;
	w->tgw = t->tgw;
	const struct fib *f = &w->e->trtb[t->o.idx];
	/* AdditionalRoutesAvailable: the snapshot holds part of the table's routes (issue
	 * 11); the answer stands on what it holds, with a warning */
	if (f->warning && !w->p->warning)
		w->p->warning = f->warning;
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
	hop_route(w, c, model_tgw_origin_name((enum model_tgw_origin)c->cls));
	if (pe->n_ecmp)
		w->p->hops[w->p->n_hops - 1].route_target = pe->ecmp[0] ? pe->ecmp[0]->o.id : NULL;
	why_put(w, pe->why, pe->why_len);
	if (c->blackhole) {
		drop(w, t->o.id, MODEL_R_BLACKHOLE);
		return;
	}
	const struct model_tgw_attach *out = pe->ecmp[0];
	if (pe->n_ecmp > 1) {
		out = pe->ecmp[model_walk_hash(w) % pe->n_ecmp];
		why_s(w, "; flow hash picks ");
		why_s(w, out->o.id);
	}
	if (!out) {
		drop(w, t->o.id, MODEL_R_BLACKHOLE);
		return;
	}
	tgw_exit(w, out);
}
