/* render.c - one packet's text line and NDJSON object from the decode view.
 *
 * Each protocol's fields are written by its layer file (reports/layer_*.c) through the
 * report_layer_ops table below: adding a protocol adds one line here.
 */
#include "reports/render.h"

#include <stdio.h>

#define OPS(name, seg, part) { report_##name##_text, report_##name##_json, seg, part }

const struct report_layer_ops report_layer_ops[DEC_P_COUNT] = {
	[DEC_P_NULL] = OPS(null, false, false),
	[DEC_P_SLL] = OPS(sll, false, false),
	[DEC_P_SLL2] = OPS(sll, false, false),
	[DEC_P_ETH] = OPS(eth, true, false),
	[DEC_P_LLC] = OPS(llc, true, false),
	[DEC_P_VLAN] = OPS(vlan, true, false),
	[DEC_P_ARP] = OPS(arp, true, false),
	[DEC_P_IPV4] = OPS(ipv4, true, false),
	[DEC_P_IPV6] = OPS(ipv6, true, false),
	[DEC_P_ICMP] = OPS(icmp, false, false),
	[DEC_P_ICMPV6] = OPS(icmp, false, false),
	[DEC_P_UDP] = OPS(udp, false, true),
	[DEC_P_TCP] = OPS(tcp, false, true),
	[DEC_P_MACSEC] = OPS(macsec, true, false),
	[DEC_P_ESP] = OPS(esp, false, false),
	[DEC_P_IKE] = OPS(ike, false, false),
	[DEC_P_NATT_KEEPALIVE] = OPS(natt_keepalive, false, false),
	[DEC_P_GENEVE] = OPS(geneve, false, false),
	[DEC_P_VXLAN] = OPS(vxlan, false, false),
	[DEC_P_JUNIPER] = OPS(juniper, false, false),
	[DEC_P_BGP] = OPS(bgp, false, false),
	[DEC_P_DNS] = OPS(dns, false, false),
	[DEC_P_HTTP2] = OPS(http2, false, false),
	[DEC_P_BFD] = OPS(bfd, false, false),
	[DEC_P_LACP] = OPS(lacp, true, false),
	[DEC_P_GRE] = OPS(gre, false, true),
	[DEC_P_ERSPAN] = OPS(erspan, false, false),
	[DEC_P_MPLS] = OPS(mpls, false, true),
	[DEC_P_PPP] = OPS(ppp, false, false),
};

bool report_color;

/* SGR sequences (ECMA-48 §8.3.117): faint for what frames the data, red for what went
 * wrong, as tshark --color dims its tree lines */
#define SGR_DIM "\033[2m"
#define SGR_RED "\033[31m"
#define SGR_OFF "\033[0m"

static void
text_events(struct out *o, const struct dec *d)
{
	if (report_color && (d->nerrors || d->errors_lost))
		out_str(o, SGR_RED);
	for (unsigned i = 0; i < d->nerrors; i++) {
		const struct dec_event *ev = &d->errors[i];
		out_str(o, " [!");
		out_str(o, dec_proto_name(ev->proto));
		out_ch(o, '@');
		out_u64(o, ev->off);
		out_str(o, ": ");
		out_str(o, ev->what);
		out_ch(o, ']');
	}
	if (d->errors_lost) {
		out_str(o, " [!");
		out_u64(o, d->errors_lost);
		out_str(o, " more]");
	}
	if (report_color && (d->nerrors || d->errors_lost))
		out_str(o, SGR_OFF);
}

void
report_text_packet(struct out *o, const struct cap_pkt *p, const struct dec *d)
{
	out_u64(o, p->n);
	out_ch(o, ' ');
	out_time(o, p->sec, p->nsec, p->prec);
	bool any = false;
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		const struct report_layer_ops *ops = &report_layer_ops[l->proto];
		if (!ops->text)
			continue;
		/* the separator goes first; it is taken back when the layer writes nothing */
		size_t before = o->n;
		if (any && ops->segment)
			out_str(o, report_color ? " " SGR_DIM "|" SGR_OFF " " : " | ");
		else
			out_ch(o, ' ');
		size_t mark = o->n;
		if (l->truncated && !ops->partial) {
			if (!report_partial_text(o, d, i)) {
				out_str(o, dec_proto_name(l->proto));
				out_str(o, " [truncated]");
			}
		} else {
			ops->text(o, d, i);
		}
		if (o->n == mark && o->n >= before)
			o->n = before;
		else
			any = true;
	}
	if (!any) {
		out_str(o, " len=");
		out_u64(o, p->len);
	}
	text_events(o, d);
	out_ch(o, '\n');
}

void
report_json_packet(struct out *o, const struct cap_pkt *p, const struct dec *d)
{
	out_str(o, "{\"n\":");
	out_u64(o, p->n);
	out_str(o, ",\"ts\":\"");
	out_time(o, p->sec, p->nsec, p->prec);
	out_str(o, "\",\"caplen\":");
	out_u64(o, p->caplen);
	out_str(o, ",\"len\":");
	out_u64(o, p->len);
	out_str(o, ",\"layers\":[");
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		const struct report_layer_ops *ops = &report_layer_ops[l->proto];
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"p\":\"");
		out_str(o, dec_proto_name(l->proto));
		out_ch(o, '"');
		if (l->tunnel)
			json_u64(o, "tunnel", l->tunnel);
		if (l->truncated)
			json_bool(o, "truncated", true);
		if (ops->json && (!l->truncated || ops->partial))
			ops->json(o, d, i);
		else if (l->truncated)
			report_partial_json(o, d, i);
		out_ch(o, '}');
	}
	out_str(o, "],\"errors\":[");
	for (unsigned i = 0; i < d->nerrors; i++) {
		const struct dec_event *ev = &d->errors[i];
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"layer\":\"");
		out_str(o, dec_proto_name(ev->proto));
		out_str(o, "\",\"offset\":");
		out_u64(o, ev->off);
		out_str(o, ",\"code\":\"");
		out_str(o, dec_event_name(ev->code));
		out_str(o, "\",\"what\":");
		out_json_str(o, ev->what, strlen(ev->what));
		out_ch(o, '}');
	}
	out_ch(o, ']');
	if (d->errors_lost)
		json_u64(o, "errors_lost", d->errors_lost);
	out_str(o, "}\n");
}

const char *
report_name_or_num(const char *name, const char *prefix, unsigned v, char *buf, size_t n)
{
	if (name)
		return name;
	snprintf(buf, n, "%s%u", prefix, v);
	return buf;
}
