/* cmd_flows.c - `awstrace flows`: the bidirectional, tunnel-aware flow table of a capture
 * (decode/flow.h) as a table sorted by bytes, packets, start or duration, or as NDJSON.
 *
 * Finished flows come from the table's callback: without --top every one is kept (about
 * sizeof(struct flow) each, after the table has forgotten it) and sorted at the end; with
 * --top N only the best N are kept, in a binary heap, so memory is bounded by N plus the
 * live flows. The summary (per application, per carrier) is counted as flows finish, so
 * it covers every flow either way.
 */
#include "reports/cmd.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/filter.h"
#include "decode/decode.h"
#include "decode/dfilter.h"
#include "decode/dnssec.h"
#include "decode/keys.h"
#include "decode/flow.h"
#include "decode/ipfrag.h"
#include "decode/stream.h"
#include "reports/out.h"

enum sort_key { SORT_BYTES, SORT_PACKETS, SORT_FIRST, SORT_DURATION };

static struct {
	gboolean json;
	gchar *sort;
	gint64 top;
	gchar *filter;
	gchar *dfilter; /* -Y */
	gint64 idle;
	gint64 max_flows;
	gchar *iface;
	gchar **http2_ports;
	struct cmd_keys keys; /* --tcp-md5-key, --tcp-md5-keys, --esp-keys */
	gchar **dns_ports;
	struct cmd_live live; /* --snaplen, -B, --stats, -Z...: only with -i */
} opt;

static const GOptionEntry entries[] = {
	{ "json", 0, 0, G_OPTION_ARG_NONE, &opt.json,
		"One JSON object per flow (NDJSON), then one {\"summary\":{...}}", NULL },
	{ "sort", 0, 0, G_OPTION_ARG_STRING, &opt.sort,
		"Order: bytes (default), packets, first (start time) or duration", "KEY" },
	{ "top", 0, 0, G_OPTION_ARG_INT64, &opt.top, "Only the first N flows of that order", "N" },
	{ "filter", 'f', 0, G_OPTION_ARG_STRING, &opt.filter,
		"Only packets matching this BPF expression (libpcap syntax)", "BPF" },
	{ "display-filter", 'Y', 0, G_OPTION_ARG_STRING, &opt.dfilter,
		"Only flows with a packet whose decoded layers match EXPR, at any tunnel level "
		"(README: \"Display filter\")",
		"EXPR" },
	{ "idle-timeout", 0, 0, G_OPTION_ARG_INT64, &opt.idle,
		"Seconds of capture time after which a quiet flow is finished (default 600)", "S" },
	{ "max-flows", 0, 0, G_OPTION_ARG_INT64, &opt.max_flows,
		"Live flows held at once (the least recently seen are evicted), and flows kept for "
		"the sorted table (then each flow is written as it ends); default: sized from "
		"available memory, 16384 to 262144",
		"N" },
	{ "dns-port", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.dns_ports,
		"Decode UDP and TCP on PORT as DNS (repeatable; also AWSTRACE_DNS_PORTS)", "PORT" },
	{ "http2-port", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.http2_ports,
		"Read TCP on PORT as HTTP/2 without the connection preface (prior knowledge, h2c); "
		"may be given more than once", "PORT" },
	{ "interface", 'i', 0, G_OPTION_ARG_STRING, &opt.iface,
		"Capture live on IFACE instead of reading a file (Ctrl-C ends and reports)", "IFACE" },
	G_OPTION_ENTRY_NULL
};

/* flows, packets and bytes of one application or carrier */
struct agg {
	uint64_t flows, packets, bytes;
};

/* A finished flow kept for the output, with its carrier's text: a label is freed with the
 * last flow that names it (decode/flow.h), so the text is copied. */
struct kept {
	struct flow f; /* first: the rank functions see a struct flow */
	char *carrier; /* NULL: none */
};

/* Distinct carriers listed in the summary; the rest add up in one "(other carriers)" row,
 * so a capture with a million tunnels does not grow the summary (issue 17). */
#define FLOWS_CARRIER_ROWS 1000

struct collect {
	enum sort_key key;
	size_t top;            /* 0: keep all, up to keep_max */
	size_t keep_max;       /* no --top: flows kept for the sorted table; then streamed */
	GArray *flows;         /* struct kept; a heap (worst first) when top */
	struct flow_table *t;
	GHashTable *apps;      /* app text -> struct agg */
	GHashTable *carriers;  /* carrier text -> struct agg */
	struct agg all;
	/* flows written as they ended once keep_max were kept (as Zeek writes conn.log) */
	struct out *o;
	bool json, live;
	uint64_t streamed;
	uint64_t carriers_folded; /* flows counted in "(other carriers)" */
	bool only_matched; /* -Y: a flow none of whose packets matched is left out */
};

static int64_t
sort_value(const struct flow *f, enum sort_key k)
{
	switch (k) {
	case SORT_PACKETS: return (int64_t)(f->pkts[0] + f->pkts[1]);
	case SORT_DURATION: return cap_time_diff_ns(f->last, f->first); /* saturated */
	default: return (int64_t)(f->bytes[0] + f->bytes[1]);
	}
}

/* < 0 when a comes before b in the output: larger value first, then lower id */
static int
flow_rank(const struct flow *a, const struct flow *b, enum sort_key k)
{
	if (k == SORT_FIRST) { /* earliest first */
		int c = cap_time_cmp(a->first, b->first);
		if (c)
			return c;
		return a->id < b->id ? -1 : (a->id > b->id);
	}
	int64_t x = sort_value(a, k), y = sort_value(b, k);
	if (x != y)
		return x > y ? -1 : 1;
	return a->id < b->id ? -1 : (a->id > b->id);
}

static int
rank_cmp(const void *a, const void *b, void *key)
{
	return flow_rank(&((const struct kept *)a)->f, &((const struct kept *)b)->f,
		*(enum sort_key *)key);
}

/* The heap keeps the worst-ranked kept flow at index 0. */
static void
heap_sift_down(struct kept *h, size_t n, size_t i, enum sort_key k)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < n && flow_rank(&h[l].f, &h[w].f, k) > 0)
			w = l;
		if (r < n && flow_rank(&h[r].f, &h[w].f, k) > 0)
			w = r;
		if (w == i)
			return;
		struct kept tmp = h[i];
		h[i] = h[w];
		h[w] = tmp;
		i = w;
	}
}

static void
heap_push(GArray *a, const struct kept *kf, enum sort_key k)
{
	g_array_append_val(a, *kf);
	struct kept *h = (struct kept *)(void *)a->data;
	for (size_t i = a->len - 1; i > 0;) {
		size_t p = (i - 1) / 2;
		if (flow_rank(&h[i].f, &h[p].f, k) <= 0)
			break;
		struct kept tmp = h[i];
		h[i] = h[p];
		h[p] = tmp;
		i = p;
	}
}

/* "bgp", "ike+esp", "http?" (a port's guess), or "" */
static void
app_text(const struct flow *f, char *buf, size_t n)
{
	buf[0] = '\0';
	size_t used = 0;
	for (unsigned a = 0; a < FLOW_APP_COUNT; a++) {
		if (!(f->apps & (1u << a)))
			continue;
		int w = snprintf(buf + used, n - used, "%s%s", used ? "+" : "", flow_app_name(a));
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
	if (!used) {
		const char *hint = flow_port_hint(f);
		if (hint)
			g_strlcpy(buf, hint, n);
	}
}

static void
agg_add(GHashTable *h, const char *name, const struct flow *f)
{
	struct agg *a = g_hash_table_lookup(h, name);
	if (!a) {
		a = g_new0(struct agg, 1);
		g_hash_table_insert(h, g_strdup(name), a);
	}
	a->flows++;
	a->packets += f->pkts[0] + f->pkts[1];
	a->bytes += f->bytes[0] + f->bytes[1];
}

static void stream_flow(struct collect *c, const struct flow *f, const char *car);

static void
on_done(const struct flow *f, void *user)
{
	struct collect *c = user;
	if (c->only_matched && !f->matched)
		return;
	char app[96];
	app_text(f, app, sizeof(app));
	agg_add(c->apps, app[0] ? app : "(none)", f);
	const char *car = flow_table_label(c->t, f->carrier);
	const char *row = car ? car : "(none)";
	if (g_hash_table_size(c->carriers) >= FLOWS_CARRIER_ROWS &&
		!g_hash_table_contains(c->carriers, row)) {
		row = "(other carriers)";
		c->carriers_folded++;
	}
	agg_add(c->carriers, row, f);
	c->all.flows++;
	c->all.packets += f->pkts[0] + f->pkts[1];
	c->all.bytes += f->bytes[0] + f->bytes[1];

	if (!c->top) {
		if (c->flows->len >= c->keep_max) {
			stream_flow(c, f, car);
			return;
		}
		struct kept k = { *f, g_strdup(car) };
		g_array_append_val(c->flows, k);
		return;
	}
	if (c->flows->len < c->top) {
		struct kept k = { *f, g_strdup(car) };
		heap_push(c->flows, &k, c->key);
		return;
	}
	struct kept *h = (struct kept *)(void *)c->flows->data;
	if (flow_rank(f, &h[0].f, c->key) < 0) {
		g_free(h[0].carrier);
		h[0].f = *f;
		h[0].carrier = g_strdup(car);
		heap_sift_down(h, c->flows->len, 0, c->key);
	}
}

/* ---- rendering ---- */

static void
out_addr(struct out *o, const struct flow *f, const uint8_t *a)
{
	switch (FLOW_K_FAMILY(f->key.kind)) {
	case FLOW_K_IPV4: out_ipv4(o, a); break;
	case FLOW_K_IPV6: out_ipv6(o, a); break;
	default: out_mac(o, a); break;
	}
}

static const char *
kind_name(const struct flow *f)
{
	switch (FLOW_K_FAMILY(f->key.kind)) {
	case FLOW_K_IPV4: return "ipv4";
	case FLOW_K_IPV6: return "ipv6";
	default: return "macsec";
	}
}

static void
out_ms(struct out *o, int64_t ns)
{
	out_printf(o, "%.3f", (double)ns / 1e6);
}

static void
json_flow(struct out *o, const char *car, const struct flow *f)
{
	out_str(o, "{\"id\":");
	out_u64(o, f->id);
	out_str(o, ",\"kind\":\"");
	out_str(o, kind_name(f));
	out_str(o, "\",\"proto\":");
	out_u64(o, f->key.proto);
	const char *pn = f->key.kind == FLOW_K_MACSEC ? NULL : flow_proto_name(f->key.proto);
	if (pn) {
		out_str(o, ",\"proto_name\":\"");
		out_str(o, pn);
		out_ch(o, '"');
	}
	out_str(o, ",\"vlan\":[");
	for (int i = 0, n = 0; i < FLOW_MAX_VLAN; i++) {
		if (!f->key.vlan[i])
			continue;
		if (n++)
			out_ch(o, ',');
		out_u64(o, f->key.vlan[i] - 1u);
	}
	out_str(o, "],\"src\":\"");
	out_addr(o, f, flow_src(f));
	out_ch(o, '"');
	bool ports = flow_has_ports(f);
	if (ports) {
		out_str(o, ",\"sport\":");
		out_u64(o, flow_sport(f));
	}
	out_str(o, ",\"dst\":\"");
	out_addr(o, f, flow_dst(f));
	out_ch(o, '"');
	if (ports) {
		out_str(o, ",\"dport\":");
		out_u64(o, flow_dport(f));
	}
	if (f->key.kind & FLOW_K_FRAG)
		out_str(o, ",\"fragments\":true");
	int prec = f->prec == 9 ? 9 : 6;
	out_str(o, ",\"first\":\"");
	out_time(o, f->first.sec, f->first.nsec, prec);
	out_str(o, "\",\"last\":\"");
	out_time(o, f->last.sec, f->last.nsec, prec);
	out_str(o, "\",\"duration\":");
	out_printf(o, prec == 9 ? "%.9f" : "%.6f", cap_time_diff_s(f->last, f->first));
	out_str(o, ",\"packets\":");
	out_u64(o, f->pkts[0] + f->pkts[1]);
	out_str(o, ",\"bytes\":");
	out_u64(o, f->bytes[0] + f->bytes[1]);
	out_str(o, ",\"packets_ab\":");
	out_u64(o, f->pkts[0]);
	out_str(o, ",\"packets_ba\":");
	out_u64(o, f->pkts[1]);
	out_str(o, ",\"bytes_ab\":");
	out_u64(o, f->bytes[0]);
	out_str(o, ",\"bytes_ba\":");
	out_u64(o, f->bytes[1]);
	char app[96];
	app_text(f, app, sizeof(app));
	out_str(o, ",\"app\":");
	if (app[0])
		out_json_str(o, app, strlen(app));
	else
		out_str(o, "null");
	out_str(o, ",\"carrier\":");
	if (car) {
		out_json_str(o, car, strlen(car));
		out_str(o, ",\"carrier_flow\":");
		out_u64(o, f->carrier_flow);
	} else {
		out_str(o, "null");
	}
	char cid[32];
	if (flow_community_id_of(f, cid)) {
		out_str(o, ",\"community_id\":\"");
		out_str(o, cid);
		out_ch(o, '"');
	}
	if (f->key.kind == FLOW_K_MACSEC && f->sci) {
		out_str(o, ",\"sci\":\"");
		out_printf(o, "%016" G_GINT64_MODIFIER "x", (guint64)f->sci);
		out_ch(o, '"');
	}
	if (f->key.proto == 6 && !(f->key.kind & FLOW_K_FRAG) && f->key.kind != FLOW_K_MACSEC) {
		const struct flow_tcp *tc = &f->u.tcp;
		unsigned fab = tc->state & FLOW_TCP_FIN_AB, fba = tc->state & FLOW_TCP_FIN_BA;
		out_printf(o, ",\"syn\":%s,\"handshake\":%s,\"fin_ab\":%s,\"fin_ba\":%s,\"rst\":%s",
			tc->state & FLOW_TCP_SYN ? "true" : "false",
			tc->state & FLOW_TCP_HANDSHAKE ? "true" : "false", fab ? "true" : "false",
			fba ? "true" : "false", tc->state & FLOW_TCP_RST ? "true" : "false");
		out_str(o, ",\"retransmissions\":");
		out_u64(o, tc->retrans);
		out_str(o, ",\"out_of_order\":");
		out_u64(o, tc->ooo);
		out_str(o, ",\"zero_windows\":");
		out_u64(o, tc->zero_win);
		out_str(o, ",\"tunnel_copies\":");
		out_u64(o, tc->copies);
		out_str(o, ",\"rtt_ms\":");
		if (tc->rtt_ns >= 0)
			out_ms(o, tc->rtt_ns);
		else
			out_str(o, "null");
	} else if ((f->key.kind & FLOW_K_SA) && f->key.proto == 50) {
		out_str(o, ",\"sa\":\"esp\",\"esp_spi_ab\":");
		out_u64(o, f->u.ipsec.spi[0]);
		out_str(o, ",\"esp_spi_ba\":");
		out_u64(o, f->u.ipsec.spi[1]);
		out_str(o, f->u.ipsec.natt ? ",\"natt\":true" : ",\"natt\":false");
	} else if (f->key.kind & FLOW_K_SA) {
		out_str(o, ",\"sa\":\"ike\",\"ike_ispi\":\"");
		out_printf(o, "%016" G_GINT64_MODIFIER "x", (guint64)f->u.ipsec.ike_ispi);
		out_str(o, "\",\"ike_rspi\":\"");
		out_printf(o, "%016" G_GINT64_MODIFIER "x", (guint64)f->u.ipsec.ike_rspi);
		out_ch(o, '"');
	}
	out_str(o, ",\"end\":\"");
	out_str(o, flow_end_name(f->end));
	out_str(o, "\"}\n");
}

/* "10.1.1.10:51000", "[2600:1f18::1]:443", "0a:3f:11:22:33:fe" */
static void
endpoint_text(char *buf, size_t n, const struct flow *f, bool src)
{
	const uint8_t *a = src ? flow_src(f) : flow_dst(f);
	char addr[INET6_ADDRSTRLEN];
	switch (FLOW_K_FAMILY(f->key.kind)) {
	case FLOW_K_IPV4: inet_ntop(AF_INET, a, addr, sizeof(addr)); break;
	case FLOW_K_IPV6: inet_ntop(AF_INET6, a, addr, sizeof(addr)); break;
	default:
		snprintf(addr, sizeof(addr), "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3],
			a[4], a[5]);
		break;
	}
	bool v6 = FLOW_K_FAMILY(f->key.kind) == FLOW_K_IPV6;
	bool ports = flow_has_ports(f) && f->key.proto != 1 && f->key.proto != 58;
	if (!ports)
		g_strlcpy(buf, addr, n);
	else
		snprintf(buf, n, v6 ? "[%s]:%u" : "%s:%u", addr, src ? flow_sport(f) : flow_dport(f));
}

static void
proto_text(char *buf, size_t n, const struct flow *f)
{
	if (f->key.kind == FLOW_K_MACSEC) {
		g_strlcpy(buf, "macsec", n);
		return;
	}
	const char *pn = flow_proto_name(f->key.proto);
	if (f->key.kind & FLOW_K_SA)
		snprintf(buf, n, "%s sa", f->key.proto == 50 ? "esp" : "ike");
	else if (f->key.proto == 1 || f->key.proto == 58)
		snprintf(buf, n, "%s %u/%u", pn, f->icmp_type, f->icmp_code);
	else if (pn)
		snprintf(buf, n, "%s%s", pn, f->key.kind & FLOW_K_FRAG ? " frag" : "");
	else
		snprintf(buf, n, "ip %u%s", f->key.proto, f->key.kind & FLOW_K_FRAG ? " frag" : "");
	if (FLOW_K_FAMILY(f->key.kind) == FLOW_K_IPV6 && f->key.proto != 58)
		g_strlcat(buf, "6", n);
}

static void
vlan_text(char *buf, size_t n, const struct flow *f)
{
	buf[0] = '\0';
	for (int i = 0; i < FLOW_MAX_VLAN; i++) {
		if (!f->key.vlan[i])
			continue;
		char one[8];
		snprintf(one, sizeof(one), "%s%u", buf[0] ? "." : "", f->key.vlan[i] - 1u);
		g_strlcat(buf, one, n);
	}
	if (!buf[0])
		g_strlcpy(buf, "-", n);
}

static void
tcp_text(char *buf, size_t n, const struct flow *f)
{
	if (f->key.proto != 6 || f->key.kind == FLOW_K_MACSEC || (f->key.kind & FLOW_K_FRAG)) {
		g_strlcpy(buf, "-", n);
		return;
	}
	const struct flow_tcp *t = &f->u.tcp;
	char s[8];
	size_t k = 0;
	if (t->state & FLOW_TCP_SYN)
		s[k++] = 'S';
	if (t->state & FLOW_TCP_HANDSHAKE)
		s[k++] = 'H';
	if ((t->state & FLOW_TCP_FIN_AB) && (t->state & FLOW_TCP_FIN_BA))
		s[k++] = 'F';
	else if (t->state & (FLOW_TCP_FIN_AB | FLOW_TCP_FIN_BA))
		s[k++] = 'f';
	if (t->state & FLOW_TCP_RST)
		s[k++] = 'R';
	if (!k)
		s[k++] = '.';
	s[k] = '\0';
	snprintf(buf, n, "%s", s);
	if (t->retrans) {
		char x[24];
		snprintf(x, sizeof(x), " rtx=%u", t->retrans);
		g_strlcat(buf, x, n);
	}
	if (t->ooo) {
		char x[24];
		snprintf(x, sizeof(x), " ooo=%u", t->ooo);
		g_strlcat(buf, x, n);
	}
	if (t->zero_win) {
		char x[24];
		snprintf(x, sizeof(x), " zwin=%u", t->zero_win);
		g_strlcat(buf, x, n);
	}
}

struct row {
	char proto[24], vlan[24], src[64], dst[64], bytes[16], app[96], tcp[64], rtt[16];
};

static void
row_make(struct row *r, const struct flow *f)
{
	proto_text(r->proto, sizeof(r->proto), f);
	vlan_text(r->vlan, sizeof(r->vlan), f);
	endpoint_text(r->src, sizeof(r->src), f, true);
	endpoint_text(r->dst, sizeof(r->dst), f, false);
	out_human_bytes(r->bytes, sizeof(r->bytes), f->bytes[0] + f->bytes[1]);
	app_text(f, r->app, sizeof(r->app));
	if (!r->app[0])
		g_strlcpy(r->app, "-", sizeof(r->app));
	tcp_text(r->tcp, sizeof(r->tcp), f);
	if (f->key.proto == 6 && f->key.kind != FLOW_K_MACSEC && !(f->key.kind & FLOW_K_FRAG) &&
		f->u.tcp.rtt_ns >= 0)
		snprintf(r->rtt, sizeof(r->rtt), "%.3f", (double)f->u.tcp.rtt_ns / 1e6);
	else
		g_strlcpy(r->rtt, "-", sizeof(r->rtt));
}

/* Two passes over the flows, the first for the column widths: the rows are formatted
 * twice rather than kept (a row is larger than a flow). */
/* Column widths of the text table. */
struct widths {
	int start, proto, vlan, src, dst, app, tcp;
};

static void
text_header(struct out *o, const struct widths *w)
{
	out_printf(o, "%6s  %-*s  %-*s  %-*s  %-*s  %-*s  %9s  %10s  %10s  %-*s  %-*s  %8s  %s\n",
		"id", w->start, "start", w->proto, "proto", w->vlan, "vlan", w->src, "src", w->dst, "dst", "pkts", "bytes",
		"duration", w->app, "app", w->tcp, "tcp", "rtt_ms", "carrier");
}

static void
text_row(struct out *o, const struct widths *w, const struct flow *f, const char *car)
{
	struct row r;
	row_make(&r, f);
	int prec = f->prec == 9 ? 9 : 6;
	out_printf(o, "%6" G_GUINT64_FORMAT "  ", f->id);
	/* the start as decode prints a packet's time (UTC) */
	(void)out_reserve(o, 64); /* so out_time() flushes nothing: its width is o->n's growth */
	size_t before = o->n;
	out_time(o, f->first.sec, f->first.nsec, prec);
	int used = (int)(o->n - before);
	if (used < w->start)
		out_printf(o, "%*s", w->start - used, "");
	out_printf(o,
		"  %-*s  %-*s  %-*s  %-*s  %9" G_GUINT64_FORMAT
		"  %10s  %8.3f s  %-*s  %-*s  %8s  %s\n",
		w->proto, r.proto, w->vlan, r.vlan, w->src, r.src, w->dst, r.dst,
		f->pkts[0] + f->pkts[1], r.bytes, cap_time_diff_s(f->last, f->first), w->app,
		r.app, w->tcp, r.tcp, r.rtt, car ? car : "-");
}

/* Once keep_max flows are kept, each further flow is written as it ends (issue 17: the
 * default flows run grew with the capture), in fixed-width columns under a note; the
 * sorted table of the kept flows follows at the end. */
static void
stream_flow(struct collect *c, const struct flow *f, const char *car)
{
	static const struct widths fixed = { 27, 10, 4, 21, 21, 8, 6 };
	if (!c->streamed && !c->json) {
		out_printf(c->o,
			"# more than %zu flows: each further flow is written as it ends, unsorted "
			"(--max-flows sets how many are kept for the sorted table below)\n",
			c->keep_max);
		text_header(c->o, &fixed);
	}
	c->streamed++;
	if (c->json)
		json_flow(c->o, car, f);
	else
		text_row(c->o, &fixed, f, car);
	if (c->live)
		out_flush(c->o);
}

static void
text_table(struct out *o, const struct kept *fl, size_t n)
{
	struct row r;
	int w_proto = 5, w_vlan = 4, w_src = 3, w_dst = 3, w_app = 3, w_tcp = 3;
	for (size_t i = 0; i < n; i++) {
		row_make(&r, &fl[i].f);
		w_proto = MAX(w_proto, (int)strlen(r.proto));
		w_vlan = MAX(w_vlan, (int)strlen(r.vlan));
		w_src = MAX(w_src, (int)strlen(r.src));
		w_dst = MAX(w_dst, (int)strlen(r.dst));
		w_app = MAX(w_app, (int)strlen(r.app));
		w_tcp = MAX(w_tcp, (int)strlen(r.tcp));
	}
	/* the start as decode prints a packet's time (UTC); every row as wide as the widest */
	int w_start = 5;
	for (size_t i = 0; i < n; i++)
		w_start = MAX(w_start, fl[i].f.prec == 9 ? 30 : 27);
	const struct widths w = { w_start, w_proto, w_vlan, w_src, w_dst, w_app, w_tcp };
	text_header(o, &w);
	for (size_t i = 0; i < n && !out_broken(o); i++)
		text_row(o, &w, &fl[i].f, fl[i].carrier);
}

struct agg_item {
	const char *name;
	const struct agg *a;
};

static int
agg_cmp(const void *x, const void *y)
{
	const struct agg_item *a = x, *b = y;
	if (a->a->bytes != b->a->bytes)
		return a->a->bytes > b->a->bytes ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* the entries of h, most bytes first; g_free() the array */
static struct agg_item *
agg_sorted(GHashTable *h, size_t *n)
{
	*n = g_hash_table_size(h);
	struct agg_item *v = g_new(struct agg_item, *n ? *n : 1);
	GHashTableIter it;
	gpointer k, val;
	size_t i = 0;
	g_hash_table_iter_init(&it, h);
	while (g_hash_table_iter_next(&it, &k, &val)) {
		v[i].name = k;
		v[i].a = val;
		i++;
	}
	qsort(v, *n, sizeof(*v), agg_cmp);
	return v;
}

static void
text_summary(struct out *o, const struct collect *c, const struct flow_stats *st,
	uint64_t frames, uint64_t frame_bytes)
{
	char b[16];
	out_human_bytes(b, sizeof(b), frame_bytes);
	out_printf(o, "\n%" G_GUINT64_FORMAT " flows; %" G_GUINT64_FORMAT " frames (%s), %"
		G_GUINT64_FORMAT " with no IP or MACsec header to key a flow on\n",
		c->all.flows, frames, b, st->frames_no_flow);
	out_printf(o, "finished before the end: %" G_GUINT64_FORMAT " (idle %" G_GUINT64_FORMAT
		", fin %" G_GUINT64_FORMAT ", rst %" G_GUINT64_FORMAT ", port reuse %" G_GUINT64_FORMAT
		", evicted (table full) %" G_GUINT64_FORMAT "); live flows at most %zu\n",
		st->evicted, st->ended[FLOW_END_IDLE], st->ended[FLOW_END_FIN],
		st->ended[FLOW_END_RST], st->ended[FLOW_END_REUSED], st->ended[FLOW_END_EVICTED],
		st->live_peak);
	if (c->streamed)
		out_printf(o, "written as they ended, above the table: %" G_GUINT64_FORMAT
			" (the sorted table holds at most %zu: --max-flows)\n", c->streamed, c->keep_max);
	if (c->carriers_folded)
		out_printf(o, "carriers: %" G_GUINT64_FORMAT " made, at most %zu at once; flows of "
			"carriers past the first %u are under \"(other carriers)\"\n",
			st->labels_made, st->labels_peak, FLOWS_CARRIER_ROWS);
	const struct {
		const char *title;
		GHashTable *h;
	} parts[] = { { "application", c->apps }, { "carrier", c->carriers } };
	for (size_t p = 0; p < G_N_ELEMENTS(parts); p++) {
		size_t n;
		struct agg_item *v = agg_sorted(parts[p].h, &n);
		int w = (int)strlen(parts[p].title);
		for (size_t i = 0; i < n; i++)
			w = MAX(w, (int)strlen(v[i].name));
		out_printf(o, "\n%-*s  %7s  %9s  %10s\n", w, parts[p].title, "flows", "pkts", "bytes");
		for (size_t i = 0; i < n; i++) {
			out_human_bytes(b, sizeof(b), v[i].a->bytes);
			out_printf(o, "%-*s  %7" G_GUINT64_FORMAT "  %9" G_GUINT64_FORMAT "  %10s\n", w,
				v[i].name, v[i].a->flows, v[i].a->packets, b);
		}
		g_free(v);
	}
}

static void
json_aggs(struct out *o, GHashTable *h)
{
	size_t n;
	struct agg_item *v = agg_sorted(h, &n);
	out_ch(o, '{');
	for (size_t i = 0; i < n; i++) {
		if (i)
			out_ch(o, ',');
		out_json_str(o, v[i].name, strlen(v[i].name));
		out_printf(o, ":{\"flows\":%" G_GUINT64_FORMAT ",\"packets\":%" G_GUINT64_FORMAT
			",\"bytes\":%" G_GUINT64_FORMAT "}", v[i].a->flows, v[i].a->packets, v[i].a->bytes);
	}
	out_ch(o, '}');
	g_free(v);
}

static void
json_summary(struct out *o, const struct collect *c, const struct flow_stats *st,
	uint64_t frames, uint64_t frame_bytes)
{
	out_printf(o, "{\"summary\":{\"flows\":%" G_GUINT64_FORMAT ",\"frames\":%" G_GUINT64_FORMAT
		",\"frame_bytes\":%" G_GUINT64_FORMAT ",\"frames_no_flow\":%" G_GUINT64_FORMAT
		",\"evicted\":%" G_GUINT64_FORMAT ",\"ended\":{",
		c->all.flows, frames, frame_bytes, st->frames_no_flow, st->evicted);
	for (int e = 0; e < FLOW_END_COUNT; e++)
		out_printf(o, "%s\"%s\":%" G_GUINT64_FORMAT, e ? "," : "", flow_end_name(e),
			st->ended[e]);
	out_printf(o, "},\"live_peak\":%zu,\"apps\":", st->live_peak);
	json_aggs(o, c->apps);
	out_str(o, ",\"carriers\":");
	json_aggs(o, c->carriers);
	/* issue 17: what stays bounded, counted */
	out_printf(o, ",\"carrier_labels\":{\"made\":%" G_GUINT64_FORMAT ",\"peak\":%zu,"
		"\"folded_flows\":%" G_GUINT64_FORMAT "}",
		st->labels_made, st->labels_peak, c->carriers_folded);
	out_printf(o, ",\"written_as_ended\":%" G_GUINT64_FORMAT, c->streamed);
	if (c->streamed)
		out_printf(o, ",\"table_max\":%zu", c->keep_max);
	out_str(o, "}}\n");
}

/* The default --max-flows (issue 17: 2 M distinct 5-tuples took 752 MB): what a 32nd of
 * the memory available now holds, a flow costing its table entry and its kept copy,
 * between 16,384 and 262,144 (about 150 MB; --max-flows goes up to what is wanted).
 * Linux's MemAvailable (proc(5)); elsewhere, or unreadable, 65,536. */
#define FLOWS_DEFAULT_MAX_CAP 262144
static size_t
flows_default_max(void)
{
	const size_t per = sizeof(struct flow) + sizeof(struct kept) + 64;
	size_t n = 65536;
	gchar *text = NULL;
	if (g_file_get_contents("/proc/meminfo", &text, NULL, NULL)) {
		const char *m = strstr(text, "MemAvailable:");
		if (m) {
			guint64 kb = g_ascii_strtoull(m + strlen("MemAvailable:"), NULL, 10);
			n = (size_t)MIN(kb / 32 * 1024 / per, (guint64)SIZE_MAX);
		}
		g_free(text);
	}
	return CLAMP(n, (size_t)16384, (size_t)FLOWS_DEFAULT_MAX_CAP);
}

static bool
parse_sort(const char *s, enum sort_key *k)
{
	if (!s || !strcmp(s, "bytes"))
		*k = SORT_BYTES;
	else if (!strcmp(s, "packets"))
		*k = SORT_PACKETS;
	else if (!strcmp(s, "first"))
		*k = SORT_FIRST;
	else if (!strcmp(s, "duration"))
		*k = SORT_DURATION;
	else
		return false;
	return true;
}

int
cmd_flows(int argc, char **argv)
{
	memset(&opt, 0, sizeof(opt));
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("FILE - the bidirectional, tunnel-aware flow table of a capture");
	cmd_live_options(ctx, entries, &opt.live);
	cmd_keys_options(ctx, &opt.keys, false);
	g_option_context_set_summary(ctx,
		"Reads pcap or pcapng, gzip-compressed or not (- is standard input), and prints one\n"
		"line per flow: packets and bytes both ways, TCP state and handshake RTT, the\n"
		"application, the tunnel that carried it (GENEVE, VXLAN, MACsec, IP-in-IP) and its\n"
		"Community ID; then totals per application and per carrier.");
	g_option_context_set_description(ctx,
		"Columns: start is the first packet's time (UTC, as decode prints it); tcp is the\n"
		"connection's state: S an opening SYN was seen, H the three-way handshake completed, F both\n"
		"sides sent FIN, f one side did, R a RST was seen, . none of those (a connection\n"
		"already open when the capture began); then rtx=N retransmitted, ooo=N out-of-order\n"
		"and zwin=N zero-window segments when there were any. --json fields: README.md,\n"
		"\"flows --json fields\".\n\n"
		"Examples:\n"
		"  awstrace flows samples/captures/gwlb-geneve.pcap\n"
		"  awstrace flows -Y 'inner host 192.168.10.5' samples/captures/encap-mix.pcapng.gz\n"
		"  awstrace flows --sort packets --top 10 -f 'not port 22' capture.pcapng.gz\n"
		"  awstrace flows --json samples/captures/encap-mix.pcapng.gz | jq -c 'select(.carrier)'\n"
		"  sudo awstrace flows -i any --stats 60 -Z nobody --top 20\n");
	int rc = 2;
	struct dec_dfilter *dfilter = NULL;
	if (!cmd_parse(ctx, "flows", &argc, &argv))
		goto out_opts;
	if (argc != (opt.iface ? 1 : 2)) {
		fprintf(stderr, "awstrace flows: %s\nTry \"awstrace flows --help\".\n",
			opt.iface ? "a capture file or -i IFACE, not both"
			: argc < 2 ? "a capture file is needed" : "one capture file at a time");
		goto out_opts;
	}
	if (!cmd_live_check(&opt.live, "flows", opt.iface))
		goto out_opts;
	enum sort_key key;
	if (!parse_sort(opt.sort, &key)) {
		fprintf(stderr, "awstrace flows: --sort takes bytes, packets, first or duration\n");
		goto out_opts;
	}
	if (opt.top < 0 || opt.idle < 0 || opt.idle > UINT32_MAX || opt.max_flows < 0) {
		fprintf(stderr, "awstrace flows: --top, --idle-timeout and --max-flows take a "
				"positive number\n");
		goto out_opts;
	}
	if (!cmd_dns_ports("flows", opt.dns_ports))
		goto out_opts;
	if (!cmd_http2_ports("flows", opt.http2_ports))
		goto out_opts;
	bool df_failed;
	dfilter = cmd_dfilter("flows", opt.dfilter, &df_failed);
	if (df_failed)
		goto out_opts;
	int keys_failed;
	struct dec_keys *keys = cmd_keys_load("flows", &opt.keys, &keys_failed);
	if (keys_failed) {
		rc = keys_failed;
		goto out_opts;
	}

	GError *err = NULL;
	struct cap_filter *filter;
	struct cap_reader *r = cmd_open_capture("flows", opt.iface ? NULL : argv[1], opt.iface,
		&opt.live, opt.filter, &filter, &rc);
	if (!r)
		goto out_opts;
	if (opt.iface)
		cmd_live_banner(&opt.live);

	signal(SIGPIPE, SIG_IGN);
	rc = 0;
	size_t max_flows = opt.max_flows ? (size_t)opt.max_flows : flows_default_max();
	struct out *o = out_new(STDOUT_FILENO);
	struct collect c = {
		.key = key,
		.top = (size_t)opt.top,
		.keep_max = max_flows,
		.o = o,
		.json = opt.json,
		.live = opt.iface != NULL,
		.flows = g_array_new(FALSE, FALSE, sizeof(struct kept)),
		.apps = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		.carriers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		.only_matched = dfilter != NULL,
	};
	struct flow_limits lim = { .idle_timeout = (uint32_t)opt.idle, .max_flows = max_flows };
	c.t = flow_table_new(&lim, on_done, &c);
	struct dec *d = dec_new();
	d->keys = keys;
	/* the application of a TCP flow is what its reassembled stream holds, as in decode:
	 * a DNS length prefix or a BGP header split across segments is still recognised */
	d->reasm = dec_reasm_new(NULL);
	d->ipfrag = dec_ipfrag_new(NULL);
	uint64_t frames = 0, frame_bytes = 0;
	struct cap_pkt p;
	int got;
	while ((got = cmd_next_packet("flows", r, filter, &p, &err)) == 1) {
		d->ts_sec = p.sec;
		d->frame_n = p.n;
		d->ts_nsec = p.nsec;
		dec_packet(d, p.data, p.caplen, p.len, p.linktype);
		if (opt.keys.validator)
			dec_dnssec_packet(opt.keys.validator, d, p.sec);
		if (dfilter)
			flow_table_set_mark(c.t, dec_dfilter_match(dfilter, d));
		flow_table_add(c.t, d, p.sec, p.nsec, p.prec, p.len);
		frames++;
		frame_bytes += p.len;
		if (opt.iface)
			cmd_live_tick(&opt.live);
		if (out_broken(o))
			break;
	}
	flow_table_flush(c.t);
	struct flow_stats st;
	flow_table_get_stats(c.t, &st);

	struct kept *fl = (struct kept *)(void *)c.flows->data;
	g_qsort_with_data(fl, (gint)c.flows->len, sizeof(*fl), rank_cmp, &c.key);
	if (c.streamed && !opt.json && !out_broken(o))
		out_ch(o, '\n');
	if (opt.json) {
		for (size_t i = 0; i < c.flows->len && !out_broken(o); i++)
			json_flow(o, fl[i].carrier, &fl[i].f);
		if (!out_broken(o))
			json_summary(o, &c, &st, frames, frame_bytes);
	} else {
		text_table(o, fl, c.flows->len);
		if (!out_broken(o))
			text_summary(o, &c, &st, frames, frame_bytes);
	}
	out_flush(o);
	if (opt.iface)
		cmd_live_print_stats(&opt.live); /* loss is never silent */
	if (got < 0) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		rc = 1;
	}
	dec_reasm_finish(d->reasm); /* what is held behind a hole is counted, not lost */
	cmd_reasm_report(cap_name(r), d->reasm);
	dec_ipfrag_finish(d->ipfrag);
	cmd_ipfrag_report(cap_name(r), d->ipfrag);
	if (!out_close_checked(o))
		rc = 1;
	dec_reasm_free(d->reasm);
	dec_ipfrag_free(d->ipfrag);
	dec_free(d);
	flow_table_free(c.t);
	for (size_t i = 0; i < c.flows->len; i++)
		g_free(fl[i].carrier);
	g_array_free(c.flows, TRUE);
	g_hash_table_destroy(c.apps);
	g_hash_table_destroy(c.carriers);
	cap_filter_free(filter);
	cap_close(r);
out_opts:
	dec_dfilter_free(dfilter);
	g_free(opt.dfilter);
	g_free(opt.filter);
	g_free(opt.sort);
	g_free(opt.iface);
	g_strfreev(opt.http2_ports);
	g_strfreev(opt.dns_ports);
	cmd_live_clear(&opt.live);
	cmd_keys_clear(&opt.keys);
	return rc;
}
