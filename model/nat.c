/* nat.c - address translation at the VPC's edges: NAT gateways, the internet gateway's 1:1
 * NAT of public and Elastic IPs, and the egress-only internet gateway. Follows the Amazon
 * VPC User Guide: "NAT gateways" ("How NAT gateways work"), "Enable internet access for a
 * VPC using an internet gateway", "Enable outbound IPv6 traffic using an egress-only
 * internet gateway".
 */
#include "model/forward.h"

#include <string.h>

#include "model/walk.h"

/* RFC 1918 §3 private IPv4 space: 10/8, 172.16/12, 192.168/16. */
static bool
rfc1918(const struct model_addr *a)
{
	if (a->af != MODEL_AF_INET)
		return false;
	uint32_t v = a->a.v4;
	return (v >> 24) == 10 || (v >> 20) == 0xAC1 || (v >> 16) == 0xC0A8;
}

/* VPC guide, "NAT gateways": traffic from outside reaches a NAT gateway only as the reply
 * to a connection one of its clients opened; anything unsolicited is dropped. */
void
model_nat_inbound(struct walk *w, const struct model_natgw *nat)
{
	if (w->reply) {
		if (hop(w, nat->o.id, "nat-gateway", MODEL_ACT_NAT))
			why_s(w, "reply to a flow it translated: back to the inner host from its "
				 "connection table");
		deliver(w, nat->o.id);
		return;
	}
	if (hop(w, nat->o.id, "nat-gateway", MODEL_ACT_DROP))
		why_s(w, "NAT gateways pass only replies to flows started from inside "
			 "(unsolicited inbound is dropped)");
	drop(w, nat->o.id, MODEL_R_NAT_UNSOLICITED);
}

void
model_to_igw(struct walk *w, const struct model_igw *igw)
{
	if (!model_leave_subnet(w))
		return;
	if (rfc1918(&w->dst)) {
		/* Reachability Analyzer, IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS: an internet
		 * gateway does not send private (RFC 1918) destinations to the internet */
		if (hop(w, igw->o.id, "igw", MODEL_ACT_DROP)) {
			why_addr(w, &w->dst);
			why_s(w, " is a private (RFC 1918) address: the internet gateway does not "
				 "forward it to the internet");
		}
		drop(w, igw->o.id, MODEL_R_PRIVATE_ADDRESS);
		return;
	}
	if (w->dst.af == MODEL_AF_INET6) {
		if (hop(w, igw->o.id, "igw", MODEL_ACT_FORWARD))
			why_s(w, "IPv6 passes untranslated");
		model_deliver_pseudo(w, "internet", "internet", "the internet");
		return;
	}
	const struct eaddr *ea = eni_addr(w->e, &w->src);
	if (ea && igw->vpc && ea->eni->vpc != igw->vpc)
		ea = NULL;
	if (!ea || ea->ip->pub.af != MODEL_AF_INET) {
		if (hop(w, igw->o.id, "igw", MODEL_ACT_DROP)) {
			why_addr(w, &w->src);
			why_s(w, " has no public or Elastic IP: the internet gateway has nothing "
				 "to translate it to");
		}
		drop(w, igw->o.id, MODEL_R_NO_PUBLIC_IP);
		return;
	}
	if (!hop(w, igw->o.id, "igw", MODEL_ACT_NAT))
		return;
	why_s(w, "1:1 NAT ");
	why_addr(w, &w->src);
	why_s(w, " -> ");
	why_addr(w, &ea->ip->pub);
	why_s(w, ea->eni->owner && ea->eni->owner->kind == MODEL_NATGW ? " (Elastic IP of "
								       : " (public IP of ");
	why_s(w, ea->eni->owner ? ea->eni->owner->id : ea->eni->o.id);
	why_s(w, ")");
	w->src = ea->ip->pub;
	model_deliver_pseudo(w, "internet", "internet", "the internet");
}

/* VPC guide, "NAT gateways" (How NAT gateways work): a public NAT gateway replaces the
 * source with its private address, the IGW maps that to its Elastic IP; it only lets in
 * replies to connections opened from inside (model_nat_inbound). */
void
model_to_nat(struct walk *w, const struct model_natgw *nat)
{
	if (!model_enter_subnet(w, nat->subnet))
		return;
	bool down = down_bits(w->e, nat) & DOWN_WHOLE;
	if (down || (nat->state && strcmp(nat->state, "available") != 0)) {
		/* VPC guide, "NAT gateways" (NAT gateway basics): only an available NAT
		 * gateway translates; pending, failed, deleting and deleted ones carry
		 * nothing (issue 11 rule 8) */
		if (hop(w, nat->o.id, "nat-gateway", MODEL_ACT_DROP)) {
			if (down) {
				why_s(w, "down (what-if): it translates nothing");
			} else {
				why_s(w, "state ");
				why_s(w, nat->state);
				why_s(w, ": only an available NAT gateway translates");
			}
		}
		drop(w, nat->o.id, MODEL_R_UNAVAILABLE);
		return;
	}
	/* NAT64 (VPC guide, "DNS64 and NAT64"): an IPv6 packet to 64:ff9b::/96 leaves as IPv4
	 * to the address in its last 32 bits; other IPv6 is not translated */
	struct model_addr dst4 = w->dst;
	if (w->dst.af == MODEL_AF_INET6) {
		static const uint8_t wkp[12] = { 0, 0x64, 0xff, 0x9b };
		if (memcmp(w->dst.a.v6, wkp, 12) != 0 || nat->private_ip.af != MODEL_AF_INET) {
			if (hop(w, nat->o.id, "nat-gateway", MODEL_ACT_DROP)) {
				why_s(w, "NAT64 translates only 64:ff9b::/96; ");
				why_addr(w, &w->dst);
				why_s(w, " is outside it");
			}
			drop(w, nat->o.id, MODEL_R_NO_ROUTE);
			return;
		}
		dst4.af = MODEL_AF_INET;
		dst4.a.v4 = (uint32_t)w->dst.a.v6[12] << 24 | (uint32_t)w->dst.a.v6[13] << 16 |
			    (uint32_t)w->dst.a.v6[14] << 8 | w->dst.a.v6[15];
	}
	if (!hop(w, nat->o.id, "nat-gateway", MODEL_ACT_NAT))
		return;
	if (dst4.af != w->dst.af) {
		why_s(w, "NAT64 ");
		why_addr(w, &w->dst);
		why_s(w, " -> ");
		why_addr(w, &dst4);
		why_s(w, "; ");
		w->dst = dst4;
	}
	why_s(w, "SNAT ");
	why_addr(w, &w->src);
	why_s(w, " -> ");
	why_addr(w, &nat->private_ip);
	why_s(w, " (its private IP");
	if (nat->public_ip.af) {
		why_s(w, "; Elastic IP ");
		why_addr(w, &nat->public_ip);
		why_s(w, " at the internet gateway");
	}
	why_s(w, ")");
	w->src = nat->private_ip;
	w->src_eni = nat->eni;
	/* the translated packet is looked up afresh (its NAT subnet's table may be the one
	 * it came by); a real loop still ends at the hop limit */
	w->n_seen = 0;
	w->edge = EDGE_NONE;
	w->cur = nat->subnet;
	model_vpc_route(w, nat->vpc, model_subnet_route_table(nat->subnet));
}

/* Whether a is a globally routed address: not RFC 1918 or shared (RFC 6598) space,
 * loopback, link-local, multicast, or IPv6 unique-local (RFC 4193) / link-local. */
bool
model_addr_is_public(const struct model_addr *a)
{
	if (a->af == MODEL_AF_INET) {
		uint32_t v = a->a.v4;
		return !((v >> 24) == 10 || (v >> 20) == 0xAC1 || (v >> 16) == 0xC0A8 ||
			 (v >> 22) == (100u << 2 | 1) || (v >> 24) == 127 || (v >> 16) == 0xA9FE ||
			 (v >> 28) == 0xE || v == 0);
	}
	const uint8_t *b = a->a.v6;
	return (b[0] & 0xE0) == 0x20; /* 2000::/3, global unicast */
}

/* From the internet through an IGW: 1:1 NAT of a public/Elastic IP to its private
 * address (VPC guide, "Internet gateways"), then the IGW's gateway route table. */
void
model_from_internet(struct walk *w, const struct model_igw *igw)
{
	w->edge = EDGE_IGW;
	if (rfc1918(&w->src)) {
		/* the ingress twin: the internet carries no RFC 1918 source to the gateway */
		if (hop(w, igw->o.id, "igw", MODEL_ACT_DROP)) {
			why_s(w, "source ");
			why_addr(w, &w->src);
			why_s(w, " is a private (RFC 1918) address: nothing from the internet "
				 "carries it");
		}
		drop(w, igw->o.id, MODEL_R_PRIVATE_ADDRESS);
		return;
	}
	if (w->dst.af == MODEL_AF_INET6) {
		const struct model_vpc *vpc = model_vpc_of_addr(w->e->m, &w->dst);
		if (!hop(w, igw->o.id, "igw", MODEL_ACT_FORWARD))
			return;
		if (!vpc || vpc->igw != igw) {
			why_s(w, "no VPC behind this internet gateway holds ");
			why_addr(w, &w->dst);
			drop(w, igw->o.id, MODEL_R_NO_ROUTE);
			return;
		}
		why_s(w, "IPv6 passes untranslated into ");
		why_s(w, vpc->o.id);
		model_ingress_vpc(w, vpc, &igw->o, igw->edge_rtb);
		return;
	}
	uint32_t v;
	if (!lpm4_lookup(w->e->pub4, w->dst.a.v4, &v)) {
		const struct eaddr *priv = eni_addr(w->e, &w->dst);
		if (hop(w, igw->o.id, "igw", MODEL_ACT_DROP)) {
			why_addr(w, &w->dst);
			if (priv) {
				why_s(w, " is a private address of ");
				why_s(w, priv->eni->o.id);
				why_s(w, ", which has no public or Elastic IP the internet could "
					 "reach it at");
			} else {
				why_s(w, " is no public or Elastic IP of this topology");
			}
		}
		drop(w, igw->o.id, MODEL_R_NO_PUBLIC_IP);
		return;
	}
	const struct eaddr *ea = &g_array_index(w->e->eaddrs, struct eaddr, v);
	const struct model_vpc *vpc = ea->eni->vpc;
	const struct model_igw *gw = vpc && vpc->igw ? vpc->igw : igw;
	if (!hop(w, gw->o.id, "igw", MODEL_ACT_NAT))
		return;
	why_s(w, "1:1 NAT ");
	why_addr(w, &w->dst);
	why_s(w, " -> ");
	why_addr(w, &ea->ip->priv);
	why_s(w, ea->eni->owner && ea->eni->owner->kind == MODEL_NATGW ? " (Elastic IP of "
								       : " (public IP of ");
	why_s(w, ea->eni->owner ? ea->eni->owner->id : ea->eni->o.id);
	why_s(w, ")");
	w->dst = ea->ip->priv;
	if (ea->eni->owner && ea->eni->owner->kind == MODEL_NATGW) {
		model_nat_inbound(w, (const struct model_natgw *)ea->eni->owner);
		return;
	}
	if (gw->edge_rtb) {
		why_s(w, "; gateway route table ");
		why_s(w, gw->edge_rtb->o.id);
	}
	model_ingress_vpc(w, vpc, &gw->o, gw->edge_rtb);
}

/* VPC guide, "Enable outbound IPv6 traffic using an egress-only internet gateway": IPv6
 * from the internet enters only as the reply to a connection opened from the VPC. */
void
model_from_eigw(struct walk *w, const struct model_eigw *g)
{
	if (!w->reply || !g->vpc) {
		if (hop(w, g->o.id, "eigw", MODEL_ACT_DROP))
			why_s(w, "egress-only: the internet cannot start a connection inward "
				 "(only replies to outbound IPv6 flows pass)");
		drop(w, g->o.id, MODEL_R_EIGW_UNSOLICITED);
		return;
	}
	if (hop(w, g->o.id, "eigw", MODEL_ACT_FORWARD))
		why_s(w, "reply to an outbound IPv6 flow (stateful)");
	w->edge = EDGE_IGW;
	model_ingress_vpc(w, g->vpc, &g->o, NULL);
}
