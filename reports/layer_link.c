/* layer_link.c - text and NDJSON for the link layers: null, cooked, Ethernet, LLC, VLAN,
 * ARP. A link header the reader already knows from the network layer (tcpdump without
 * -e) stays out of the text line unless nothing above it was decoded. */
#include "reports/render.h"

static const struct dec_layer *
layer(const struct dec *d, unsigned i)
{
	return &d->layers[i];
}

void
report_null_text(struct out *o, const struct dec *d, unsigned i)
{
	if (i + 1 == d->nlayers) {
		out_str(o, "null family=");
		out_u64(o, layer(d, i)->u.null.family);
	}
}

void
report_null_json(struct out *o, const struct dec *d, unsigned i)
{
	json_u64(o, "family", layer(d, i)->u.null.family);
}

void
report_sll_text(struct out *o, const struct dec *d, unsigned i)
{
	if (i + 1 == d->nlayers) {
		out_str(o, "cooked protocol=");
		out_hex0x(o, layer(d, i)->u.sll.protocol, 4);
	}
}

void
report_sll_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = layer(d, i);
	const struct dec_sll_layer *s = &l->u.sll;
	json_u64(o, "pkttype", s->pkttype);
	json_u64(o, "hatype", s->hatype);
	json_hex(o, "addr", s->addr, s->alen < 8 ? s->alen : 8);
	json_u64(o, "protocol", s->protocol);
	if (l->proto == DEC_P_SLL2)
		json_u64(o, "ifindex", s->ifindex);
}

void
report_juniper_text(struct out *o, const struct dec *d, unsigned i)
{
	(void)o;
	(void)d;
	(void)i;
}

void
report_juniper_json(struct out *o, const struct dec *d, unsigned i)
{
	json_u64(o, "flags", d->layers[i].u.juniper.flags);
}

void
report_eth_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_eth_layer *e = &layer(d, i)->u.eth;
	bool last = i + 1 == d->nlayers;
	if (!last && d->layers[i + 1].proto != DEC_P_LLC)
		return;
	if (e->type < 0x0600) {
		out_str(o, "802.3 ");
	} else {
		out_str(o, "eth ");
	}
	out_mac(o, e->src);
	out_str(o, " > ");
	out_mac(o, e->dst);
	if (e->type < 0x0600) {
		out_str(o, " len=");
		out_u64(o, e->type);
		return;
	}
	out_str(o, " type=");
	out_hex0x(o, e->type, 4);
	const char *name = dec_ethertype_name(e->type);
	if (name) {
		out_str(o, " (");
		out_str(o, name);
		out_ch(o, ')');
	}
}

void
report_eth_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_eth_layer *e = &layer(d, i)->u.eth;
	json_mac(o, "src", e->src);
	json_mac(o, "dst", e->dst);
	json_u64(o, "type", e->type);
}

void
report_llc_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_llc_layer *x = &layer(d, i)->u.llc;
	if (x->snap) {
		out_str(o, "SNAP oui=");
		out_hex0x(o, x->oui, 6);
		out_str(o, " pid=");
		out_hex0x(o, x->pid, 4);
		return;
	}
	out_str(o, "LLC dsap=");
	out_hex0x(o, x->dsap, 2);
	out_str(o, " ssap=");
	out_hex0x(o, x->ssap, 2);
	out_str(o, " ctrl=");
	out_hex0x(o, x->control, 2);
	if (x->dsap == 0x42 && x->ssap == 0x42)
		out_str(o, " (STP)");
}

void
report_llc_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_llc_layer *x = &layer(d, i)->u.llc;
	json_u64(o, "dsap", x->dsap);
	json_u64(o, "ssap", x->ssap);
	json_u64(o, "control", x->control);
	if (x->snap) {
		json_u64(o, "oui", x->oui);
		json_u64(o, "pid", x->pid);
	}
}

void
report_vlan_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_vlan_layer *v = &layer(d, i)->u.vlan;
	out_str(o, "vlan ");
	out_u64(o, v->vid);
	if (v->tpid != 0x8100) {
		out_str(o, v->tpid == 0x88A8 ? " s-tag" : " tpid=");
		if (v->tpid != 0x88A8)
			out_hex0x(o, v->tpid, 4);
	}
	if (v->pcp) {
		out_str(o, " p");
		out_u64(o, v->pcp);
	}
	if (v->dei)
		out_str(o, " dei");
	if (i + 1 == d->nlayers) {
		out_str(o, " type=");
		out_hex0x(o, v->type, 4);
	}
}

void
report_vlan_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_vlan_layer *v = &layer(d, i)->u.vlan;
	json_u64(o, "tpid", v->tpid);
	json_u64(o, "pcp", v->pcp);
	json_u64(o, "dei", v->dei);
	json_u64(o, "vid", v->vid);
	json_u64(o, "type", v->type);
}

void
report_arp_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_arp_layer *a = &layer(d, i)->u.arp;
	if (!a->eth_ipv4) {
		out_str(o, "ARP op=");
		out_u64(o, a->op);
		out_str(o, " htype=");
		out_u64(o, a->htype);
		out_str(o, " ptype=");
		out_hex0x(o, a->ptype, 4);
		return;
	}
	switch (a->op) {
	case 1:
		out_str(o, "ARP who-has ");
		out_ipv4(o, a->tpa);
		out_str(o, " tell ");
		out_ipv4(o, a->spa);
		break;
	case 2:
		out_str(o, "ARP reply ");
		out_ipv4(o, a->spa);
		out_str(o, " is-at ");
		out_mac(o, a->sha);
		break;
	default:
		out_str(o, "ARP op=");
		out_u64(o, a->op);
		out_ch(o, ' ');
		out_ipv4(o, a->spa);
		out_str(o, " > ");
		out_ipv4(o, a->tpa);
		break;
	}
}

void
report_arp_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_arp_layer *a = &layer(d, i)->u.arp;
	json_u64(o, "htype", a->htype);
	json_u64(o, "ptype", a->ptype);
	json_u64(o, "op", a->op);
	if (!a->eth_ipv4)
		return;
	json_mac(o, "sha", a->sha);
	json_ipv4(o, "spa", a->spa);
	json_mac(o, "tha", a->tha);
	json_ipv4(o, "tpa", a->tpa);
}
