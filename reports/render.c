/* render.c - one packet's text line and NDJSON object from the decode view.
 *
 * Each protocol's fields are written by its layer file (reports/layer_*.c) through the
 * report_layer_ops table below: adding a protocol adds one line here.
 */
#include "reports/render.h"

#include <stdio.h>

#define OPS(name, seg, part) { report_##name##_text, report_##name##_json, seg, part, false }
/* the IP layers write their addresses first: they have no name in the line to dim */
#define OPS_DATA_FIRST(name, seg, part) \
	{ report_##name##_text, report_##name##_json, seg, part, true }

const struct report_layer_ops report_layer_ops[DEC_P_COUNT] = {
	[DEC_P_NULL] = OPS(null, false, false),
	[DEC_P_SLL] = OPS(sll, false, false),
	[DEC_P_SLL2] = OPS(sll, false, false),
	[DEC_P_ETH] = OPS(eth, true, false),
	[DEC_P_LLC] = OPS(llc, true, false),
	[DEC_P_VLAN] = OPS(vlan, true, false),
	[DEC_P_ARP] = OPS(arp, true, false),
	[DEC_P_IPV4] = OPS_DATA_FIRST(ipv4, true, false),
	[DEC_P_IPV6] = OPS_DATA_FIRST(ipv6, true, false),
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

#define SGR_DIM REPORT_SGR_DIM
#define SGR_RED REPORT_SGR_RED
#define SGR_OFF REPORT_SGR_OFF

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

/* Writes layer i's text into o (possibly nothing). @return true when what it writes begins
 * with the layer's name (its first word: "UDP", "GENEVE", "vlan", "IKEv2", "ipv4" in
 * "ipv4 [truncated]"), false when it begins with data (the IP layers' addresses). */
static bool
layer_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = &d->layers[i];
	const struct report_layer_ops *ops = &report_layer_ops[l->proto];
	if (l->truncated && !ops->partial) {
		if (!report_partial_text(o, d, i)) {
			out_str(o, dec_proto_name(l->proto));
			out_str(o, " [truncated]");
		}
		return true;
	}
	ops->text(o, d, i);
	return !ops->data_first;
}

/* --color: each layer's text is written here first, then copied to the line with its name
 * wrapped in SGR 2. A static buffer: no allocation per packet, nothing to free. */
static struct out layer_scratch = { .fd = -1 };

/* Copies layer i's text to o with its name dimmed. @return the bytes of text written. */
static size_t
layer_text_colour(struct out *o, const struct dec *d, unsigned i)
{
	layer_scratch.n = 0;
	layer_scratch.broken = false;
	bool named = layer_text(&layer_scratch, d, i);
	if (layer_scratch.broken) {
		/* more than OUT_BUF_SIZE of text for one layer: written plain, not lost */
		size_t mark = o->n;
		layer_text(o, d, i);
		return o->n >= mark ? o->n - mark : 1;
	}
	const char *t = layer_scratch.buf;
	size_t n = layer_scratch.n, k = 0;
	while (named && k < n && t[k] != ' ')
		k++;
	if (k) {
		out_str(o, SGR_DIM);
		out_mem(o, t, k);
		out_str(o, SGR_OFF);
	}
	out_mem(o, t + k, n - k);
	return n;
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
		bool empty;
		if (report_color) {
			empty = layer_text_colour(o, d, i) == 0;
		} else {
			layer_text(o, d, i);
			empty = o->n == mark;
		}
		if (empty && o->n >= before)
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
