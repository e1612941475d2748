/* gwlb.c - Gateway Load Balancer endpoints: which load balancer, interface and appliance an
 * endpoint leads to, and the GENEVE round trip through the appliance. Follows Elastic Load
 * Balancing, "Gateway Load Balancers" ("Getting started", "GENEVE protocol": UDP 6081 with
 * AWS's TLVs of option class 0x0108, RFC 8926) and AWS PrivateLink, "Gateway Load Balancer
 * endpoints".
 */
#include "model/forward.h"

#include <string.h>

#include "model/walk.h"

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
 * in the endpoint's VPC (else any), and the appliance is a healthy target's interface when
 * describe-target-health is in the snapshot, else an instance interface in a target
 * group's VPC whose security group admits GENEVE (UDP 6081). */
void
model_gwlb_compile(const struct model *m, const struct model_vpce *v, struct gwlb_info *gi)
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
	/* describe-target-health names the appliances and their health (ELB API reference,
	 * DescribeTargetHealth): a healthy target's interface, by instance id or address */
	for (guint t = 0; t < gi->lb->tgs->len && !gi->appliance; t++) {
		const struct model_tg *tg = g_ptr_array_index(gi->lb->tgs, t);
		for (size_t k = 0; tg->health_known && k < tg->n_targets && !gi->appliance; k++) {
			const struct model_tg_target *x = &tg->targets[k];
			if (!x->healthy || !x->id)
				continue;
			struct model_addr a;
			bool is_ip = model_addr_parse(x->id, &a);
			for (guint i = 0; i < MODEL_COUNT(m, MODEL_ENI) && !gi->appliance; i++) {
				const struct model_eni *e = MODEL_GET(m, MODEL_ENI, struct model_eni, i);
				bool hit = !is_ip && e->instance_id && !strcmp(e->instance_id, x->id) &&
					   e->device_index <= 0;
				for (size_t j = 0; is_ip && j < e->n_ips && !hit; j++)
					hit = e->ips[j].priv.af == a.af &&
					      !memcmp(&e->ips[j].priv, &a, sizeof(a));
				if (hit) {
					gi->appliance = e;
					gi->healthy = true;
				}
			}
		}
	}
	/* without it: an interface in a target group's VPC whose security group admits
	 * GENEVE */
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

/* Gateway Load Balancer endpoint: the packet goes to an appliance in GENEVE (UDP 6081,
 * RFC 8926) with AWS's three options of class 0x0108 and comes back through the same
 * endpoint (ELB guide for Gateway Load Balancers, "GENEVE protocol"), then is routed by
 * the endpoint subnet's route table. */
void
model_to_gwlbe(struct walk *w, const struct model_vpce *v)
{
	const struct gwlb_info *gi = &w->e->gwlbe[v->o.idx];
	if (gi->subnet && !model_enter_subnet(w, gi->subnet))
		return;
	/* the endpoint's interface: its security groups, when the snapshot gives it any
	 * (issue 11 rule 6: every interface on the path) */
	const struct model_eni *ep = v->enis->len ? g_ptr_array_index(v->enis, 0) : NULL;
	if (ep && ep->sgs->len && !model_eni_hop(w, ep, false))
		return;
	uint32_t cookie = model_walk_hash(w);
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
		if (gi->healthy)
			why_s(w, " (healthy in describe-target-health)");
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
	model_vpc_route(w, v->vpc, model_subnet_route_table(gi->subnet));
}
