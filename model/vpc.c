/* vpc.c - inside a VPC: route tables and their targets, network ACLs, security groups, local
 * delivery to an interface, VPC peering and middlebox (ENI) targets. Follows the Amazon VPC
 * User Guide: "Configure route tables" ("Route priority", "Gateway route tables",
 * "Middlebox routing"), "Control subnet traffic with network ACLs", "Control traffic to
 * your AWS resources using security groups", "Subnet CIDR blocks" (reserved addresses),
 * "Amazon DNS server"; and the VPC Peering Guide, "VPC peering limitations" and
 * "Unsupported VPC peering configurations".
 */
#include "model/forward.h"

#include <string.h>

#include "model/walk.h"

static const char *
proto_name(int p)
{
	switch (p) {
	case -1:
		return "all";
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 58:
		return "icmpv6";
	default:
		return NULL;
	}
}

static void
gs_proto_ports(GString *s, int proto, int from, int to, bool icmp_style)
{
	const char *pn = proto_name(proto);
	if (proto == -1) {
		g_string_append(s, "all traffic");
		return;
	}
	if (pn)
		g_string_append(s, pn);
	else
		g_string_append_printf(s, "protocol %d", proto);
	if (proto == 6 || proto == 17) {
		if (from < 0 || (from == 0 && to == 65535))
			g_string_append(s, " all ports");
		else if (from == to)
			g_string_append_printf(s, " %d", from);
		else
			g_string_append_printf(s, " %d-%d", from, to);
	} else if ((proto == 1 || proto == 58) && icmp_style && from >= 0) {
		g_string_append_printf(s, " type %d", from);
		if (to >= 0)
			g_string_append_printf(s, " code %d", to);
	}
}

char *
model_nacl_entry_text(const struct model_nacl *n, const struct model_nacl_entry *x)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "NACL %s %s rule ", n->o.id, x->egress ? "outbound" : "inbound");
	if (x->number >= 32767)
		g_string_append_printf(s, "* (%u)", x->number);
	else
		g_string_append_printf(s, "%u", x->number);
	g_string_append(s, x->allow ? " allow " : " deny ");
	if (x->protocol == 1 || x->protocol == 58)
		gs_proto_ports(s, x->protocol, x->icmp_type, x->icmp_code, true);
	else
		gs_proto_ports(s, x->protocol, x->port_from, x->port_to, false);
	g_string_append(s, x->egress ? " to " : " from ");
	gs_pfx(s, &x->cidr);
	return g_string_free(s, FALSE);
}

void
model_sg_rules_compile(const struct model_sg_rule *r, size_t n, struct csg_rule **out)
{
	*out = g_new0(struct csg_rule, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		GString *s = g_string_new(NULL);
		bool icmp = r[i].protocol == 1 || r[i].protocol == 58;
		gs_proto_ports(s, r[i].protocol, r[i].from_port, r[i].to_port, icmp);
		(*out)[i].desc = g_string_free(s, FALSE);
		guint nc = r[i].cidrs ? r[i].cidrs->len : 0;
		(*out)[i].cidr_str = g_new0(char *, nc + 1);
		for (guint k = 0; k < nc; k++) {
			char b[MODEL_PREFIX_STRLEN];
			(*out)[i].cidr_str[k] = g_strdup(model_prefix_format(
				&g_array_index(r[i].cidrs, struct model_prefix, k), b));
		}
	}
}

void
model_sg_rules_free(struct csg_rule *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		g_free(r[i].desc);
		g_strfreev(r[i].cidr_str);
	}
	g_free(r);
}

/* ---- network ACLs (VPC guide, "Network ACLs": stateless, lowest rule number first, the
 * first match decides, the `*` rule denies; both directions) ---- */
static bool
nacl_match(const struct model_nacl_entry *x, const struct walk *w, const struct model_addr *peer)
{
	const struct model_packet *k = w->pkt;
	if (x->protocol != -1 && x->protocol != k->proto)
		return false;
	if (!model_prefix_contains(&x->cidr, peer))
		return false;
	if ((k->proto == 6 || k->proto == 17) && x->protocol != -1 && x->port_from >= 0 &&
		(k->dport < x->port_from || k->dport > x->port_to))
		return false;
	if ((k->proto == 1 || k->proto == 58) && x->protocol != -1) {
		if (x->icmp_type >= 0 && x->icmp_type != k->icmp_type)
			return false;
		if (x->icmp_code >= 0 && x->icmp_code != k->icmp_code)
			return false;
	}
	return true;
}

bool
model_nacl_check(struct walk *w, const struct model_subnet *s, bool egress)
{
	const struct model_nacl *n = model_subnet_nacl(s);
	if (!n && !w->e->m->described[MODEL_NACL] && !w->nacl_noted) {
		/* no describe-network-acls in the snapshot: say so once, never a silent
		 * allow-all (issue 11) */
		w->nacl_noted = true;
		if (!hop(w, s->o.id, "network-acl", MODEL_ACT_FORWARD))
			return false;
		why_s(w, "NACLs not in the snapshot: not evaluated");
	}
	if (!n)
		return true;
	const struct model_nacl_entry *x = egress ? n->egress : n->ingress;
	size_t cnt = egress ? n->n_egress : n->n_ingress;
	const struct cnacl *cn = &w->e->nacls[n->o.idx];
	char **txt = egress ? cn->out : cn->in;
	const uint16_t *tlen = egress ? cn->out_len : cn->in_len;
	const struct model_addr *peer = egress ? &w->dst : &w->src;
	for (size_t i = 0; i < cnt; i++) {
		if (!nacl_match(&x[i], w, peer))
			continue;
		if (!hop(w, n->o.id, "network-acl",
			    x[i].allow ? MODEL_ACT_FORWARD : MODEL_ACT_DROP))
			return false;
		w->p->hops[w->p->n_hops - 1].rule = &x[i];
		w->p->hops[w->p->n_hops - 1].rule_egress = egress;
		why_put(w, txt[i], tlen[i]);
		why_s(w, egress ? " (leaving " : " (entering ");
		why_s(w, s->o.id);
		why_s(w, ")");
		if (!x[i].allow) {
			drop(w, n->o.id, MODEL_R_NACL_DENY);
			return false;
		}
		return true;
	}
	if (hop(w, n->o.id, "network-acl", MODEL_ACT_DROP)) {
		w->p->hops[w->p->n_hops - 1].rule_default = true;
		w->p->hops[w->p->n_hops - 1].rule_egress = egress;
		why_s(w, "NACL ");
		why_s(w, n->o.id);
		why_s(w, egress ? " outbound" : " inbound");
		why_s(w, ": no rule matches (the implicit * rule denies)");
	}
	drop(w, n->o.id, MODEL_R_NACL_DENY);
	return false;
}

/* The packet leaves the subnet it is in (its outbound ACL). */
bool
model_leave_subnet(struct walk *w)
{
	const struct model_subnet *s = w->cur;
	w->cur = NULL;
	return !s || model_nacl_check(w, s, true);
}

/* The packet crosses into subnet s: the outbound ACL of the subnet it leaves and s's
 * inbound ACL; nothing within one subnet (NACLs filter at the subnet boundary). */
bool
model_enter_subnet(struct walk *w, const struct model_subnet *s)
{
	if (w->cur == s)
		return true;
	if (!model_leave_subnet(w))
		return false;
	if (s && !model_nacl_check(w, s, false))
		return false;
	w->cur = s;
	return true;
}

/* ---- security groups (VPC guide, "Security groups": allow rules only, stateful, may
 * reference other groups by the membership of the peer's interface) ---- */
struct sg_hit {
	const struct model_sg *sg;
	size_t rule;
	const char *what; /* the matching source/destination */
	/* a rule would match by a group reference across a transit gateway, which needs
	 * Security Group Referencing Support on the TGW and its attachments: the snapshot
	 * does not say (the group it names, and the TGW of another account) */
	const struct model_sg *tgw_ref;
	const struct model_tgw *tgw_via;
	/* a group that would match but is across a TGW with the option disabled */
	const struct model_sg *tgw_off;
	const struct model_tgw *tgw_off_via;
};

/* Whether the group membership of peer (in VPC other) may be referenced from VPC self:
 * within the VPC; over an active peering only in one Region (VPC Peering guide, "Update
 * your security groups to reference peer security groups": "you cannot reference the
 * security group of a peer VPC that's in a different Region"); across a transit gateway
 * only when both VPCs are attached to the same TGW and Security Group Referencing Support
 * is enabled on the TGW and on both VPC attachments (Transit Gateways guide, "Security
 * group referencing": https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
 * #vpc-attachment-security; EC2 API Reference, TransitGatewayOptions and
 * TransitGatewayVpcAttachmentOptions, SecurityGroupReferencingSupport). Not across a TGW
 * peering (two TGWs): the option is per TGW and its VPC attachments.
 * @return 1 yes, 0 no, -1 would be across a TGW whose options the snapshot does not hold
 * (a stub of another account); *via is then that TGW; on 0, *via is a TGW both VPCs are
 * attached to with the option disabled somewhere, if any. */
static int
sg_ref_scope(const struct walk *w, const struct model_vpc *self, const struct model_vpc *other,
	const struct model_tgw **via)
{
	if (self == other)
		return 1;
	for (guint i = 0; i < MODEL_COUNT(w->e->m, MODEL_PCX); i++) {
		const struct model_pcx *x = MODEL_GET(w->e->m, MODEL_PCX, struct model_pcx, i);
		if (!x->active || !((x->requester.vpc == self && x->accepter.vpc == other) ||
					  (x->requester.vpc == other && x->accepter.vpc == self)))
			continue;
		if (g_strcmp0(x->requester.region, x->accepter.region) == 0)
			return 1;
		break; /* a peering across Regions: a TGW between them may still allow it */
	}
	int ans = 0;
	for (guint i = 0; i < MODEL_COUNT(w->e->m, MODEL_TGW); i++) {
		const struct model_tgw *t = MODEL_GET(w->e->m, MODEL_TGW, struct model_tgw, i);
		const struct model_tgw_attach *as = NULL, *ao = NULL;
		for (guint j = 0; t->attachments && j < t->attachments->len; j++) {
			const struct model_tgw_attach *a = g_ptr_array_index(t->attachments, j);
			if (a->res_type != MODEL_TGW_RES_VPC || !a->res)
				continue;
			if (a->res == &self->o && !as)
				as = a;
			if (a->res == &other->o && !ao)
				ao = a;
		}
		if (!as || !ao)
			continue;
		if (t->o.stub || as->o.stub || ao->o.stub) {
			/* another account's TGW or attachment: its options are in that account's
			 * snapshot */
			if (!ans) {
				ans = -1;
				*via = t;
			}
			continue;
		}
		if (t->sg_referencing && as->sg_referencing && ao->sg_referencing)
			return 1;
		if (!ans && !*via)
			*via = t; /* a common TGW with the option disabled: said on a drop */
	}
	return ans;
}

static bool
sg_rule_match(const struct walk *w, const struct model_eni *self, const struct model_sg_rule *r,
	const struct csg_rule *cr, const struct model_addr *peer, struct sg_hit *hit)
{
	const char **what = &hit->what;
	const struct model_packet *k = w->pkt;
	if (r->protocol != -1 && r->protocol != k->proto)
		return false;
	if (r->protocol == 6 || r->protocol == 17) {
		if (r->from_port >= 0 && (k->dport < r->from_port || k->dport > r->to_port))
			return false;
	} else if (r->protocol == 1 || r->protocol == 58) {
		if (r->from_port >= 0 && r->from_port != k->icmp_type)
			return false;
		if (r->to_port >= 0 && r->to_port != k->icmp_code)
			return false;
	}
	for (guint i = 0; r->cidrs && i < r->cidrs->len; i++)
		if (model_prefix_contains(&g_array_index(r->cidrs, struct model_prefix, i), peer)) {
			*what = cr->cidr_str[i];
			return true;
		}
	if (r->groups && r->groups->len) {
		const struct eaddr *ea = eni_addr(w->e, peer);
		for (guint i = 0; ea && i < r->groups->len; i++) {
			const void *g = g_ptr_array_index(r->groups, i);
			for (guint k2 = 0; k2 < ea->eni->sgs->len; k2++) {
				if (g_ptr_array_index(ea->eni->sgs, k2) != g)
					continue;
				const struct model_tgw *via = NULL;
				int scope = sg_ref_scope(w, self->vpc, ea->eni->vpc, &via);
				if (scope < 0 && !hit->tgw_ref) {
					hit->tgw_ref = g;
					hit->tgw_via = via;
				}
				if (scope == 0 && via && !hit->tgw_off) {
					hit->tgw_off = g;
					hit->tgw_off_via = via;
				}
				if (scope <= 0)
					continue;
				*what = ((const struct model_sg *)g)->o.id;
				return true;
			}
		}
	}
	for (guint i = 0; r->pls && i < r->pls->len; i++) {
		const struct model_pl *pl = g_ptr_array_index(r->pls, i);
		for (guint k2 = 0; k2 < pl->cidrs->len; k2++)
			if (model_prefix_contains(
				    &g_array_index(pl->cidrs, struct model_prefix, k2), peer)) {
				*what = pl->o.id;
				return true;
			}
	}
	return false;
}

static bool
sg_eval(const struct walk *w, const struct model_eni *eni, bool egress, struct sg_hit *hit)
{
	const struct model_addr *peer = egress ? &w->dst : &w->src;
	for (guint g = 0; g < eni->sgs->len; g++) {
		const struct model_sg *sg = g_ptr_array_index(eni->sgs, g);
		const struct model_sg_rule *r = egress ? sg->egress : sg->ingress;
		size_t n = egress ? sg->n_egress : sg->n_ingress;
		const struct csg_rule *cr =
			egress ? w->e->sgs[sg->o.idx].out : w->e->sgs[sg->o.idx].in;
		for (size_t i = 0; i < n; i++)
			if (sg_rule_match(w, eni, &r[i], &cr[i], peer, hit)) {
				hit->sg = sg;
				hit->rule = i;
				return true;
			}
	}
	return false;
}

/* Emits the ENI's hop (egress or ingress) with its security-group verdict. */
bool
model_eni_hop(struct walk *w, const struct model_eni *eni, bool egress)
{
	struct sg_hit hit;
	hit.tgw_ref = NULL;
	hit.tgw_via = NULL;
	hit.tgw_off = NULL;
	hit.tgw_off_via = NULL;
	if (!w->e->m->described[MODEL_SG]) {
		/* no describe-security-groups in the snapshot: said, not silently allowed */
		if (!hop(w, eni->o.id, "eni", egress ? MODEL_ACT_EGRESS : MODEL_ACT_INGRESS))
			return false;
		why_s(w, "security groups not in the snapshot: not evaluated");
		return true;
	}
	if (!eni->sgs->len || w->reply) {
		if (!hop(w, eni->o.id, "eni", egress ? MODEL_ACT_EGRESS : MODEL_ACT_INGRESS))
			return false;
		why_s(w, eni->sgs->len ? "return traffic of an allowed flow (security groups are "
					 "stateful)"
			 : w->e->m->described[MODEL_SG] ? "no security groups"
							: "security groups not in the snapshot: "
							  "not evaluated");
		if (eni->o.name) {
			why_s(w, " (");
			why_s(w, eni->o.name);
			why_s(w, ")");
		}
		return true;
	}
	if (sg_eval(w, eni, egress, &hit)) {
		if (!hop(w, eni->o.id, "eni", egress ? MODEL_ACT_EGRESS : MODEL_ACT_INGRESS))
			return false;
		const struct csg_rule *cr =
			egress ? w->e->sgs[hit.sg->o.idx].out : w->e->sgs[hit.sg->o.idx].in;
		why_s(w, hit.sg->o.id);
		why_s(w, egress ? " egress rule " : " ingress rule ");
		why_u(w, (uint32_t)hit.rule + 1);
		why_s(w, " allows ");
		why_s(w, cr[hit.rule].desc);
		why_s(w, egress ? " to " : " from ");
		why_s(w, hit.what);
		return true;
	}
	/* nothing allowed it, but what would decide is not in the snapshot: a group of
	 * another account (a stub), or a reference across a transit gateway */
	for (guint g = 0; g < eni->sgs->len; g++) {
		const struct model_sg *sg = g_ptr_array_index(eni->sgs, g);
		if (sg->o.missing && unknown_if_missing(w, &sg->o, "security-group"))
			return false;
	}
	if (hit.tgw_ref) {
		static const char tgw_ref_missing[] =
			"a rule references a security group across a transit gateway, which "
			"needs Security Group Referencing Support on the TGW and its "
			"attachments (Options.SecurityGroupReferencingSupport): that TGW is "
			"another account's, its options are not in the snapshot";
		if (hop(w, hit.tgw_ref->o.id, "security-group", MODEL_ACT_FORWARD)) {
			why_s(w, "the peer ");
			why_addr(w, egress ? &w->dst : &w->src);
			why_s(w, " is in ");
			why_s(w, hit.tgw_ref->o.id);
			if (hit.tgw_via) {
				why_s(w, " across ");
				why_s(w, hit.tgw_via->o.id);
			}
			why_s(w, "; ");
			why_s(w, tgw_ref_missing);
		}
		unknown(w, hit.tgw_ref->o.id, MODEL_R_NOT_IN_SNAPSHOT, tgw_ref_missing);
		return false;
	}
	const struct model_sg *first = g_ptr_array_index(eni->sgs, 0);
	if (hop(w, first->o.id, "security-group", MODEL_ACT_DROP)) {
		why_s(w, "no rule of ");
		for (guint g = 0; g < eni->sgs->len; g++) {
			if (g)
				why_s(w, ", ");
			why_s(w, ((const struct model_sg *)g_ptr_array_index(eni->sgs, g))->o.id);
		}
		why_s(w, egress ? " allows egress to " : " allows ingress from ");
		why_addr(w, egress ? &w->dst : &w->src);
		why_s(w, " (");
		why_s(w, proto_name(w->pkt->proto) ? proto_name(w->pkt->proto) : "protocol");
		if (w->pkt->proto == 6 || w->pkt->proto == 17) {
			why_s(w, " port ");
			why_u(w, w->pkt->dport);
		}
		why_s(w, ") on ");
		why_s(w, eni->o.id);
		if (hit.tgw_off) {
			why_s(w, "; a rule references ");
			why_s(w, hit.tgw_off->o.id);
			why_s(w, ", which the peer is in, across ");
			why_s(w, hit.tgw_off_via->o.id);
			why_s(w, " where Security Group Referencing Support is not enabled on the "
				 "TGW and both VPC attachments");
		}
	}
	drop(w, first->o.id, MODEL_R_SG_DENY);
	return false;
}

static void
classify_outside(struct walk *w, const struct model_vpc *vpc, const struct model_obj *via)
{
	/* dst is outside vpc and nothing routes ingress traffic on: say why AWS drops it */
	const struct pentry *pe =
		vpc->main_rtb ? fib_lookup(&w->e->vrtb[vpc->main_rtb->o.idx], &w->dst) : NULL;
	const struct cand *c = pe ? entry_cand(&w->e->vrtb[vpc->main_rtb->o.idx], pe) : NULL;
	if (c && c->tkind == MODEL_TGT_PCX && c->target) {
		bool transit = w->edge == EDGE_PCX || w->edge == EDGE_TGW;
		if (hop(w, c->target->id, "vpc-peering", MODEL_ACT_DROP)) {
			why_s(w, transit ? "arrived over " : "arrived from ");
			why_s(w, via ? via->id : "outside");
			why_s(w, transit ? ": VPC peering is not transitive"
					 : ": VPC peering does not extend to a gateway or "
					   "VPN/Direct Connect (no edge-to-edge routing)");
		}
		drop(w, c->target->id,
			transit ? MODEL_R_PEERING_NOT_TRANSITIVE : MODEL_R_PEERING_EDGE_TO_EDGE);
		return;
	}
	if (w->edge == EDGE_PCX && c && c->target) {
		if (hop(w, c->target->id, model_kind_name(c->target->kind), MODEL_ACT_DROP)) {
			why_s(w, "arrived over ");
			why_s(w, via ? via->id : "a peering connection");
			why_s(w, ": a peer cannot use this VPC's gateways or connections (no "
				 "edge-to-edge routing)");
		}
		drop(w, c->target->id, MODEL_R_PEERING_EDGE_TO_EDGE);
		return;
	}
	const char *at = via ? via->id : vpc->o.id;
	if (hop(w, at, via ? model_kind_name(via->kind) : "vpc", MODEL_ACT_DROP)) {
		why_addr(w, &w->dst);
		why_s(w, " is outside ");
		why_s(w, vpc->o.id);
		why_s(w, ": ingress from ");
		why_s(w, via ? via->id : "outside");
		why_s(w, " reaches only the VPC's own addresses (no gateway route table routes it "
			 "on)");
	}
	drop(w, at, MODEL_R_NO_ROUTE);
}

static void deliver_local(struct walk *w, const struct model_vpc *vpc);

/* Ingress from a gateway (IGW, VGW) into a VPC: its gateway route table if one is
 * associated (VPC guide, "Gateway route tables"), else local delivery only. */
void
model_ingress_vpc(struct walk *w, const struct model_vpc *vpc, const struct model_obj *via,
	const struct model_rtb *edge_rtb)
{
	w->cur = NULL;
	if (edge_rtb) {
		model_vpc_route(w, vpc, edge_rtb);
		return;
	}
	if (vpc_contains(vpc, &w->dst)) {
		deliver_local(w, vpc);
		return;
	}
	classify_outside(w, vpc, via);
}

static bool
reserved(const struct model_subnet *s, const struct model_addr *a)
{
	if (a->af == MODEL_AF_INET && s->cidr4.af == MODEL_AF_INET) {
		uint32_t off = a->a.v4 - s->cidr4.a.v4;
		uint32_t last = s->cidr4.len ? (UINT32_MAX >> s->cidr4.len) : UINT32_MAX;
		return off < 4 || off == last;
	}
	if (a->af == MODEL_AF_INET6 && s->cidr6.af == MODEL_AF_INET6 && s->cidr6.len >= 64) {
		/* first four and last of the subnet's /64 */
		bool low = true, high = true;
		for (unsigned i = 8; i < 15; i++) {
			low &= a->a.v6[i] == 0;
			high &= a->a.v6[i] == 0xff;
		}
		return (low && a->a.v6[15] < 4) || (high && a->a.v6[15] == 0xff);
	}
	return false;
}

/* Delivery by the local route: the interface holding dst in vpc. */
static void
deliver_local(struct walk *w, const struct model_vpc *vpc)
{
	const struct model_eni *eni = eni_in_vpc(w->e, vpc, &w->dst);
	if (!eni) {
		struct model_addr r2;
		const struct model_subnet *s = subnet_of(w->e, vpc, &w->dst);
		if (model_vpc_resolver(vpc, &r2) && addr_eq(&r2, &w->dst)) {
			if (hop(w, "route53-resolver", "route53-resolver", MODEL_ACT_DROP))
				why_s(w, "the Route 53 Resolver at VPC base + 2 answers only "
					 "queries from inside the VPC (use an inbound endpoint)");
			drop(w, "route53-resolver", MODEL_R_RESERVED_ADDRESS);
			return;
		}
		const char *at = s ? s->o.id : vpc->o.id;
		if (s && reserved(s, &w->dst)) {
			if (hop(w, at, "subnet", MODEL_ACT_DROP)) {
				why_addr(w, &w->dst);
				why_s(w, " is reserved by AWS (first four and last address of ");
				why_s(w, s->o.id);
				why_s(w, ")");
			}
			drop(w, at, MODEL_R_RESERVED_ADDRESS);
			return;
		}
		if (hop(w, at, s ? "subnet" : "vpc", MODEL_ACT_DROP)) {
			why_s(w, "no network interface holds ");
			why_addr(w, &w->dst);
			why_s(w, s ? "" : " (in no subnet)");
		}
		drop(w, at, MODEL_R_NO_DESTINATION);
		return;
	}
	if (!model_enter_subnet(w, eni->subnet))
		return;
	if (eni->owner && eni->owner->kind == MODEL_NATGW) {
		model_nat_inbound(w, (const struct model_natgw *)eni->owner);
		return;
	}
	if (!model_eni_hop(w, eni, false))
		return;
	deliver(w, eni->o.id);
}

/* VPC Peering guide, "VPC peering limitations" / "Unsupported VPC peering configurations":
 * a peering carries traffic between the two VPCs only: no transit to a third VPC, and no
 * edge-to-edge routing through the peer's gateways (edge_refused). */
static void
to_pcx(struct walk *w, const struct model_vpc *vpc, const struct model_pcx *pcx)
{
	if (!model_leave_subnet(w))
		return;
	const struct model_pcx_side *far =
		pcx->requester.vpc == vpc ? &pcx->accepter : &pcx->requester;
	if (!hop(w, pcx->o.id, "vpc-peering", MODEL_ACT_FORWARD))
		return;
	why_s(w, "to ");
	why_s(w, far->vpc_id);
	why_s(w, far == &pcx->accepter ? " (accepter)" : " (requester)");
	if (!pcx->active) {
		why_s(w, "; the peering connection is not active");
		drop(w, pcx->o.id, MODEL_R_BLACKHOLE);
		return;
	}
	if (!far->vpc || far->vpc->o.missing) {
		/* the peer VPC is of another account or Region: the peering's CidrBlockSet
		 * says what it holds (VPC Peering guide, "VPC peering connection": traffic
		 * goes only to the peer VPC's CIDR blocks); inside them, which interface holds
		 * the address is not in the snapshot (issue 11 rule 7) */
		GArray *cidrs = w->dst.af == MODEL_AF_INET6 ? far->cidr6 : far->cidr4;
		bool inside = false;
		for (guint i = 0; cidrs && i < cidrs->len; i++)
			inside |= model_prefix_contains(
				&g_array_index(cidrs, struct model_prefix, i), &w->dst);
		if (!inside && cidrs && cidrs->len) {
			why_s(w, "; ");
			why_addr(w, &w->dst);
			why_s(w, " is outside the peer VPC's CIDR blocks (CidrBlockSet)");
			drop(w, pcx->o.id, MODEL_R_NO_ROUTE);
			return;
		}
		static const char peer_missing[] =
			"the peer VPC's subnets and interfaces are not in the snapshot (another "
			"account or Region)";
		why_s(w, "; ");
		why_s(w, peer_missing);
		unknown(w, pcx->o.id, MODEL_R_NOT_IN_SNAPSHOT, peer_missing);
		return;
	}
	w->edge = EDGE_PCX;
	w->src_eni = NULL;
	if (vpc_contains(far->vpc, &w->dst)) {
		deliver_local(w, far->vpc);
		return;
	}
	classify_outside(w, far->vpc, &pcx->o);
}

static bool
eni_owns(const struct model_eni *e, const struct model_addr *a)
{
	for (size_t i = 0; i < e->n_ips; i++)
		if (addr_eq(&e->ips[i].priv, a))
			return true;
	return false;
}

static void
to_eni_target(struct walk *w, const struct model_eni *eni)
{
	if (!model_enter_subnet(w, eni->subnet))
		return;
	if (eni->source_dest_check && !eni_owns(eni, &w->dst)) {
		if (hop(w, eni->o.id, "eni", MODEL_ACT_DROP))
			why_s(w, "route target with source/destination check enabled: it drops "
				 "packets not addressed to it");
		drop(w, eni->o.id, MODEL_R_SOURCE_DEST_CHECK);
		return;
	}
	if (eni_owns(eni, &w->dst)) {
		if (model_eni_hop(w, eni, false))
			deliver(w, eni->o.id);
		return;
	}
	/* VPC guide, "Middlebox routing" and "Security groups": a middlebox (firewall, NAT
	 * instance) is an instance like any other; its security groups see the packet come
	 * in and go out (issue 11 rule 6) */
	if (!model_eni_hop(w, eni, false))
		return;
	if (!hop(w, eni->o.id, "eni", MODEL_ACT_FORWARD))
		return;
	why_s(w, "middlebox ");
	why_s(w, eni->o.name ? eni->o.name : eni->o.id);
	why_s(w, " (source/destination check off) forwards it on from ");
	why_s(w, eni->subnet->o.id);
	if (!model_eni_hop(w, eni, true))
		return;
	w->cur = eni->subnet;
	w->src_eni = NULL;
	model_vpc_route(w, eni->vpc, model_subnet_route_table(eni->subnet));
}

/* VPC Peering guide, "Unsupported VPC peering configurations": a packet that came over a
 * peering cannot leave through this VPC's IGW, NAT device, VPN/Direct Connect or gateway
 * endpoint (edge-to-edge routing), and one that came from such an edge, a transit gateway
 * or another peering cannot go on over a peering (transitive peering): peering carries
 * only traffic between the two VPCs' own addresses. */
static bool
edge_refused(struct walk *w, const struct model_obj *target, bool is_pcx)
{
	if (w->edge == EDGE_NONE || !target)
		return false;
	if (is_pcx) {
		if (w->edge == EDGE_IGW || w->edge == EDGE_VGW) {
			if (hop(w, target->id, "vpc-peering", MODEL_ACT_DROP))
				why_s(w,
					"arrived from a gateway or VPN/Direct Connect: VPC peering "
					"does not extend to it (no edge-to-edge routing)");
			drop(w, target->id, MODEL_R_PEERING_EDGE_TO_EDGE);
			return true;
		}
		if (hop(w, target->id, "vpc-peering", MODEL_ACT_DROP))
			why_s(w, w->edge == EDGE_PCX ? "arrived over a peering connection: VPC "
						       "peering is not transitive"
						     : "arrived from a transit gateway: VPC "
						       "peering is not transitive");
		drop(w, target->id, MODEL_R_PEERING_NOT_TRANSITIVE);
		return true;
	}
	if (w->edge == EDGE_PCX) {
		if (hop(w, target->id, model_kind_name(target->kind), MODEL_ACT_DROP))
			why_s(w, "arrived over a peering connection: a peer cannot use this VPC's "
				 "gateways, endpoints or connections (no edge-to-edge routing)");
		drop(w, target->id, MODEL_R_PEERING_EDGE_TO_EDGE);
		return true;
	}
	return false;
}

static void
route_target(struct walk *w, const struct model_vpc *vpc, const struct cand *c)
{
	const struct model_obj *t = c->target;
	if (c->tkind == MODEL_TGT_OTHER) {
		/* local gateways (Outposts), carrier gateways (Wavelength), a Cloud WAN core
		 * network: the path leaves what awstrace models */
		not_modelled(w, c->target_id ? c->target_id : "route-target", "route-target",
			"route target outside the model");
		return;
	}
	if (c->tkind != MODEL_TGT_LOCAL && !t) {
		if (c->target_id) {
			static const char tgt_missing[] =
				"the route's target is not in the snapshot";
			if (hop(w, c->target_id, "route-target", MODEL_ACT_FORWARD))
				why_s(w, tgt_missing);
			unknown(w, c->target_id, MODEL_R_NOT_IN_SNAPSHOT, tgt_missing);
			return;
		}
		drop(w, w->p->hops[w->p->n_hops - 1].id, MODEL_R_BLACKHOLE);
		return;
	}
	/* a stub (another account's NAT gateway, endpoint, peering…): nothing to forward by;
	 * a TGW stub is entered through this VPC's own attachment first (model_vpc_to_tgw) */
	if (t && c->tkind != MODEL_TGT_TGW && t->missing &&
		unknown_if_missing(w, t, model_kind_name(t->kind)))
		return;
	switch ((enum model_target_kind)c->tkind) {
	case MODEL_TGT_LOCAL:
		if (vpc_contains(vpc, &w->dst) || w->edge == EDGE_NONE)
			deliver_local(w, vpc);
		else
			classify_outside(w, vpc, NULL);
		return;
	case MODEL_TGT_IGW:
		if (!edge_refused(w, t, false))
			model_to_igw(w, (const struct model_igw *)t);
		return;
	case MODEL_TGT_EIGW:
		if (edge_refused(w, t, false) || !model_leave_subnet(w))
			return;
		if (hop(w, t->id, "eigw", MODEL_ACT_FORWARD))
			why_s(w, "IPv6 outbound only; replies return (stateful)");
		model_deliver_pseudo(w, "internet", "internet", "the internet");
		return;
	case MODEL_TGT_NAT:
		if (!edge_refused(w, t, false))
			model_to_nat(w, (const struct model_natgw *)t);
		return;
	case MODEL_TGT_TGW:
		if (!edge_refused(w, t, false))
			model_vpc_to_tgw(w, vpc, (const struct model_tgw *)t);
		return;
	case MODEL_TGT_VGW:
		if (!edge_refused(w, t, false) && model_leave_subnet(w))
			model_vgw_out(w, (const struct model_vgw *)t);
		return;
	case MODEL_TGT_PCX:
		if (!edge_refused(w, t, true))
			to_pcx(w, vpc, (const struct model_pcx *)t);
		return;
	case MODEL_TGT_VPCE_GATEWAY:
		if (edge_refused(w, t, false))
			return;
		if (w->edge != EDGE_NONE) {
			if (hop(w, t->id, "vpc-endpoint", MODEL_ACT_DROP))
				why_s(w, "a gateway endpoint serves only the VPC's own instances, "
					 "not traffic from a VPN, Direct Connect or transit "
					 "gateway");
			drop(w, t->id, MODEL_R_ENDPOINT_NOT_TRANSITIVE);
			return;
		}
		if (!model_leave_subnet(w))
			return;
		/* PrivateLink guide, "Gateway endpoints" (Considerations): a gateway endpoint
		 * carries TCP (and ICMP echo for reachability), nothing else */
		if (w->pkt->proto != 6 &&
			!((w->pkt->proto == 1 && w->pkt->icmp_type == 8) ||
				(w->pkt->proto == 58 && w->pkt->icmp_type == 128))) {
			if (hop(w, t->id, "vpc-endpoint", MODEL_ACT_DROP))
				why_s(w, "a gateway endpoint carries only TCP and ICMP echo");
			drop(w, t->id, MODEL_R_UNSUPPORTED_PROTOCOL);
			return;
		}
		if (hop(w, t->id, "vpc-endpoint", MODEL_ACT_DELIVER)) {
			const struct model_vpce *v = (const struct model_vpce *)t;
			why_s(w, "gateway endpoint for ");
			why_s(w, v->service_name);
		}
		deliver(w, t->id);
		return;
	case MODEL_TGT_VPCE_GWLB:
		model_to_gwlbe(w, (const struct model_vpce *)t);
		return;
	case MODEL_TGT_VPCE_INTERFACE:
		if (hop(w, t->id, "vpc-endpoint", MODEL_ACT_DELIVER))
			why_s(w, "interface endpoint");
		deliver(w, t->id);
		return;
	case MODEL_TGT_ENI:
	case MODEL_TGT_INSTANCE:
		if (t->kind == MODEL_ENI) {
			to_eni_target(w, (const struct model_eni *)t);
			return;
		}
		break;
	default:
		break;
	}
	not_modelled(w, t->id, model_kind_name(t->kind),
		"route target of a kind awstrace does not model");
}

/* VPC guide, "Route priority": longest prefix; same prefix resolved at compile time. */
/* A VPC route's Origin as describe-route-tables says it */
static const char *
vpc_route_origin(const struct cand *c)
{
	if (!c->vr)
		return "propagated"; /* added by a BGP update seen in a capture */
	switch (c->vr->origin) {
	case MODEL_ORIGIN_CREATE_ROUTE_TABLE: return "CreateRouteTable";
	case MODEL_ORIGIN_CREATE_ROUTE: return "CreateRoute";
	case MODEL_ORIGIN_VGW_PROPAGATION: return "EnableVgwRoutePropagation";
	default: return "other";
	}
}

void
model_vpc_route(struct walk *w, const struct model_vpc *vpc, const struct model_rtb *rtb)
{
	if (w->done)
		return;
	if (!rtb) {
		if (hop(w, vpc->o.id, "vpc", MODEL_ACT_DROP))
			why_s(w, "no route table");
		drop(w, vpc->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	if (!seen_once(w, rtb, rtb->o.id, "route-table"))
		return;
	const struct fib *f = &w->e->vrtb[rtb->o.idx];
	const struct pentry *pe = fib_lookup(f, &w->dst);
	if (!pe) {
		if (hop(w, rtb->o.id, "route-table", MODEL_ACT_DROP)) {
			why_s(w, "no route matches ");
			why_addr(w, &w->dst);
		}
		drop(w, rtb->o.id, MODEL_R_NO_ROUTE);
		return;
	}
	const struct cand *c = entry_cand(f, pe);
	if (!hop(w, rtb->o.id, "route-table", MODEL_ACT_FORWARD))
		return;
	hop_route(w, c, vpc_route_origin(c));
	why_put(w, pe->why, pe->why_len);
	if (c->blackhole) {
		drop(w, rtb->o.id, MODEL_R_BLACKHOLE);
		return;
	}
	route_target(w, vpc, c);
}

static bool
resolver_dst(const struct model_vpc *vpc, const struct model_addr *a)
{
	struct model_addr r;
	if (a->af == MODEL_AF_INET && a->a.v4 == 0xa9fea9fdu) /* 169.254.169.253 */
		return true;
	return model_vpc_resolver(vpc, &r) && addr_eq(&r, a);
}

void
model_from_eni(struct walk *w, const struct model_eni *eni)
{
	w->src_eni = eni;
	w->cur = eni->subnet;
	w->edge = EDGE_NONE;
	if (resolver_dst(eni->vpc, &w->dst)) {
		/* SGs and NACLs do not filter the Amazon DNS server (VPC guide, "Security group
		 * rules" and "Network ACL rules": Amazon DNS traffic is not filtered) */
		if (hop(w, eni->o.id, "eni", MODEL_ACT_EGRESS))
			why_s(w, "Amazon DNS traffic is not filtered by security groups or "
				 "network ACLs");
		model_deliver_pseudo(w, "route53-resolver", "route53-resolver",
			"Route 53 Resolver (VPC base + 2, 169.254.169.253)");
		return;
	}
	if (!model_eni_hop(w, eni, true))
		return;
	model_vpc_route(w, eni->vpc, model_subnet_route_table(eni->subnet));
}

void
model_from_subnet(struct walk *w, const struct model_subnet *s)
{
	/* an instance the snapshot does not describe (no ENI holds the address, or --from
	 * subnet-...): it is in the subnet, so the subnet's route table and NACL apply, but its
	 * security groups are unknown; said, never assumed (issue 16) */
	w->src_eni = NULL;
	w->cur = s;
	w->edge = EDGE_NONE;
	if (!hop(w, s->o.id, "subnet", MODEL_ACT_EGRESS))
		return;
	if (w->pkt->from) {
		why_s(w, "enters at ");
		why_s(w, s->o.id);
		why_s(w, " (--from) from ");
		why_addr(w, &w->src);
		why_s(w, ": the sending instance's security groups are not evaluated");
	} else {
		why_s(w, "an unknown instance at ");
		why_addr(w, &w->src);
		why_s(w, " in ");
		why_s(w, s->o.id);
		why_s(w, " (no interface in the snapshot holds the address): its security groups "
			 "are unknown and not evaluated");
	}
	if (resolver_dst(s->vpc, &w->dst)) {
		model_deliver_pseudo(w, "route53-resolver", "route53-resolver",
			"Route 53 Resolver (VPC base + 2, 169.254.169.253)");
		return;
	}
	model_vpc_route(w, s->vpc, model_subnet_route_table(s));
}
