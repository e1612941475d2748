/* cmd_explain.c - `awstrace explain`: one packet's hop-by-hop path through the topology,
 * with the rule that decided each hop (DESIGN.md "awstrace explain --json").
 *
 * Exit 0 when the query ran, whatever the verdict; 1 when the topology is bad; 2 on bad
 * usage (a malformed address, an unknown --from id, a port out of range).
 */
#include "reports/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/forward.h"
#include "model/json.h"
#include "model/model.h"
#include "reports/embedded.h"
#include "reports/render.h"

static struct {
	gchar **topology;
	gchar **down;
	gchar *src;
	gchar *dst;
	gchar *proto;
	gint sport;
	gint dport;
	gchar *from;
	gint vlan;
	gboolean json;
	gboolean reply;
	gboolean round_trip;
} opt;

static const GOptionEntry entries[] = { CMD_TOPOLOGY_OPTION(opt.topology),
	{ "down", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.down,
		"What-if: this component is down (repeatable): a VIF, a VPN connection or one "
		"tunnel (vpn-…:1, vpn-…:2), a DX connection, a NAT gateway, a TGW attachment; the "
		"routes it propagated are withdrawn",
		"ID" },
	{ "src", 0, 0, G_OPTION_ARG_STRING, &opt.src, "Source address (IPv4 or IPv6)", "IP" },
	{ "dst", 0, 0, G_OPTION_ARG_STRING, &opt.dst, "Destination address", "IP" },
	{ "proto", 0, 0, G_OPTION_ARG_STRING, &opt.proto,
		"tcp, udp, icmp, icmpv6 or a protocol number (default: tcp with --dport, else icmp "
		"echo)",
		"P" },
	{ "sport", 0, 0, G_OPTION_ARG_INT, &opt.sport, "Source port (default 49152)", "N" },
	{ "dport", 0, 0, G_OPTION_ARG_INT, &opt.dport, "Destination port (default 443)", "N" },
	{ "from", 0, 0, G_OPTION_ARG_STRING, &opt.from,
		"Where the packet enters: igw-…, eigw-…, vpn-…, dxvif-…, a DX gateway id, "
		"tgw-attach-…, eni-…, subnet-… (an instance the snapshot does not describe)",
		"ID" },
	{ "vlan", 0, 0, G_OPTION_ARG_INT, &opt.vlan,
		"Enters from Direct Connect on this 802.1Q VLAN: the virtual interface with that "
		"tag (with --from dxcon-…, on that connection)",
		"N" },
	{ "reply", 0, 0, G_OPTION_ARG_NONE, &opt.reply,
		"The packet answers an allowed flow (stateful security groups, NAT and egress-only "
		"gateways pass it)",
		NULL },
	{ "round-trip", 0, 0, G_OPTION_ARG_NONE, &opt.round_trip,
		"Also walk the reply, from where the request was delivered, and say whether it "
		"comes back the way the request went (VIF, VPN tunnel, GWLB appliance)",
		NULL },
	{ "json", 0, 0, G_OPTION_ARG_NONE, &opt.json, "One JSON object (DESIGN.md)", NULL },
	G_OPTION_ENTRY_NULL };

static int
usage_error(const char *msg)
{
	fprintf(stderr, "awstrace explain: %s\nTry \"awstrace explain --help\".\n", msg);
	return 2;
}

static bool
parse_proto(const char *s, bool v6, uint8_t *out)
{
	static const struct {
		const char *name;
		uint8_t num;
	} names[] = { { "tcp", 6 }, { "udp", 17 }, { "icmp", 1 }, { "icmpv6", 58 }, { "esp", 50 },
		{ "gre", 47 } };
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (!g_ascii_strcasecmp(s, names[i].name)) {
			*out = names[i].num == 1 && v6 ? 58 : names[i].num;
			return true;
		}
	char *end;
	long n = strtol(s, &end, 10);
	if (!*s || *end || n < 0 || n > 255)
		return false;
	*out = (uint8_t)n;
	return true;
}

/* "with dxvif-… down, 192.168.1.10 is reached over vpn-… tunnel 1": the connection the
 * path now leaves or enters by, from its hops. */
static void
fallback_sentence(
	const struct model_path *p, const struct model_packet *pkt, const char *downs, GString *s)
{
	char b[MODEL_PREFIX_STRLEN];
	model_addr_format(&pkt->dst, b);
	if (p->verdict != MODEL_VERDICT_DELIVERED) {
		g_string_append_printf(s, "with %s down, %s is not reached\n", downs, b);
		return;
	}
	for (unsigned i = 0; i < p->n_hops; i++) {
		const struct model_hop *h = &p->hops[i];
		if (strcmp(h->kind, "vpn-connection") && strcmp(h->kind, "dx-vif"))
			continue;
		const char *why = model_hop_why(p, i);
		const char *tn = strstr(why, "tunnel ");
		g_string_append_printf(s, "with %s down, %s is reached over %s", downs, b, h->id);
		if (tn && g_ascii_isdigit(tn[7]))
			g_string_append_printf(s, " tunnel %c", tn[7]);
		g_string_append_c(s, '\n');
		return;
	}
	g_string_append_printf(s, "with %s down, %s is reached at %s\n", downs, b, p->end_id);
}

/* The first hop of one of kinds (a NULL-ended list), or -1. */
static int
first_hop_of(const struct model_path *p, const char *const *kinds)
{
	for (unsigned i = 0; i < p->n_hops; i++)
		for (const char *const *k = kinds; *k; k++)
			if (!strcmp(p->hops[i].kind, *k))
				return (int)i;
	return -1;
}

/* "tunnel N" in a VPN hop's why, or 0 */
static int
hop_tunnel(const struct model_path *p, int i)
{
	const char *tn = i >= 0 ? strstr(model_hop_why(p, (unsigned)i), "tunnel ") : NULL;
	return tn && g_ascii_isdigit(tn[7]) ? tn[7] - '0' : 0;
}

/* One difference between a request's path and its reply's (issue 16), for the text line
 * "round trip: asymmetric: DETAIL" and the JSON's "asymmetry" array. */
struct asym {
	const char *kind; /* "crossing", "gwlb_bypass", "gwlb_differs" (stable, for scripts) */
	const char *req;  /* the request's VIF / VPN connection / GWLB endpoint, or NULL */
	const char *rep;  /* the reply's, or NULL */
	int req_tunnel, rep_tunnel; /* "crossing": the VPN tunnel (1, 2), 0 for none */
	char *detail;               /* the sentence (owned) */
};

static void
asym_free(void *p)
{
	struct asym *x = p;
	g_free(x->detail);
	g_free(x);
}

static void
asym_add(GPtrArray *out, const char *kind, const char *req, int req_tunnel, const char *rep,
	int rep_tunnel, char *detail)
{
	struct asym *x = g_new0(struct asym, 1);
	x->kind = kind;
	x->req = req;
	x->rep = rep;
	x->req_tunnel = req_tunnel;
	x->rep_tunnel = rep_tunnel;
	x->detail = detail;
	g_ptr_array_add(out, x);
}

/* What makes a round trip asymmetric (issue 16), one struct asym each into out:
 *  - "crossing": the reply crosses the hybrid edge by another VIF, VPN connection or tunnel
 *    than the request (or only one of them crosses it): the on-premises firewall or the
 *    VPN peer sees one direction only;
 *  - "gwlb_bypass": the request went through a Gateway Load Balancer endpoint and the
 *    delivered reply through none. The appliance is stateful and must see both directions
 *    of a flow: AWS routes the return traffic back through the endpoint (the application
 *    subnet's route table sends 0.0.0.0/0 to the endpoint, beside the internet gateway's
 *    ingress route table; AWS PrivateLink guide, "Access an inspection system using a
 *    Gateway Load Balancer endpoint", "Configure routing"; reference architecture
 *    "Distributed Inspection Route Tables": "to maintain flow symmetry"). A reply that is
 *    dropped before it gets there is "not delivered", not a bypass;
 *  - "gwlb_differs": request and reply through different endpoints (different
 *    appliances' state). */
static void
round_trip_asymmetry(const struct model_path *req, const struct model_path *rep, GPtrArray *out)
{
	static const char *const edge[] = { "dx-vif", "vpn-connection", NULL };
	static const char *const gwlb[] = { "gwlb-endpoint", NULL };
	int a = first_hop_of(req, edge), b = first_hop_of(rep, edge);
	int ta = hop_tunnel(req, a), tb = hop_tunnel(rep, b);
	bool delivered = rep->verdict == MODEL_VERDICT_DELIVERED;
	if (a >= 0 && b >= 0 && (strcmp(req->hops[a].id, rep->hops[b].id) != 0 || ta != tb))
		asym_add(out, "crossing", req->hops[a].id, ta, rep->hops[b].id, tb,
			g_strdup_printf("the request crosses by %s%s%.0d, the reply by %s%s%.0d",
				req->hops[a].id, ta ? " tunnel " : "", ta, rep->hops[b].id,
				tb ? " tunnel " : "", tb));
	else if (a >= 0 && b < 0 && delivered)
		asym_add(out, "crossing", req->hops[a].id, ta, NULL, 0,
			g_strdup_printf(
				"the request crosses by %s, the reply by neither a VIF nor a "
				"VPN connection",
				req->hops[a].id));
	else if (a < 0 && b >= 0)
		asym_add(out, "crossing", NULL, 0, rep->hops[b].id, tb,
			g_strdup_printf(
				"the reply crosses by %s, the request did not", rep->hops[b].id));
	int g = first_hop_of(req, gwlb), h = first_hop_of(rep, gwlb);
	if (g >= 0 && h < 0 && delivered)
		asym_add(out, "gwlb_bypass", req->hops[g].id, 0, NULL, 0,
			g_strdup_printf("the reply bypasses the GWLB appliance the request went "
					"through (%s)",
				req->hops[g].id));
	else if (g >= 0 && h >= 0 && strcmp(req->hops[g].id, rep->hops[h].id) != 0)
		asym_add(out, "gwlb_differs", req->hops[g].id, 0, rep->hops[h].id, 0,
			g_strdup_printf("the request goes through %s, the reply through %s",
				req->hops[g].id, rep->hops[h].id));
}

/* "key":"id" or "key":null */
static void
json_id(GString *s, const char *key, const char *id)
{
	g_string_append_printf(s, ",\"%s\":", key);
	model_json_gstring(s, id);
}

/* The "asymmetry" array: one object per difference, the kind and the components a script
 * compares, the sentence of the text output beside them. */
static void
asym_json(GString *s, const GPtrArray *asym)
{
	g_string_append(s, ",\"asymmetry\":[");
	for (guint i = 0; i < asym->len; i++) {
		const struct asym *x = asym->pdata[i];
		g_string_append_printf(s, "%s{\"kind\":\"%s\"", i ? "," : "", x->kind);
		json_id(s, "request", x->req);
		json_id(s, "reply", x->rep);
		if (!strcmp(x->kind, "crossing")) {
			g_string_append(s, ",\"request_tunnel\":");
			if (x->req_tunnel)
				g_string_append_printf(s, "%d", x->req_tunnel);
			else
				g_string_append(s, "null");
			g_string_append(s, ",\"reply_tunnel\":");
			if (x->rep_tunnel)
				g_string_append_printf(s, "%d", x->rep_tunnel);
			else
				g_string_append(s, "null");
		}
		g_string_append(s, ",\"detail\":");
		model_json_gstring(s, x->detail);
		g_string_append_c(s, '}');
	}
	g_string_append_c(s, ']');
}

/* Where the reply to a delivered request enters: the ENI or on-premises network it was
 * delivered to; for a request delivered to the internet, the internet or egress-only
 * gateway it left by (the reply comes back in through it); else NULL (found from the
 * reply's source address). */
static const struct model_obj *
reply_entry(const struct model *m, const struct model_path *req)
{
	const struct model_obj *end = model_find_id(m, req->end_id);
	if (end && (end->kind == MODEL_ENI || end->kind == MODEL_ONPREM))
		return end;
	if (strcmp(req->end_id, "internet") != 0)
		return NULL;
	for (unsigned i = req->n_hops; i-- > 0;) {
		const struct model_obj *o = model_find_id(m, req->hops[i].id);
		if (o && (o->kind == MODEL_IGW || o->kind == MODEL_EIGW))
			return o;
	}
	return NULL;
}

/* The query echoed first in the JSON object (issue 16): what was asked and where the
 * packet entered, and how that entry point was chosen (--from, --vlan, or the interface
 * or network that holds the source address, the walk's first hop). */
static void
query_json(const struct model_packet *pkt, const struct model_path *p, GString *s)
{
	char a[MODEL_PREFIX_STRLEN], b[MODEL_PREFIX_STRLEN];
	g_autoptr(GString) q = g_string_new(",\"query\":{\"src\":\"");
	g_string_append_printf(q, "%s\",\"dst\":\"%s\",\"proto\":%u",
		model_addr_format(&pkt->src, a), model_addr_format(&pkt->dst, b), pkt->proto);
	if (pkt->proto == 6 || pkt->proto == 17)
		g_string_append_printf(q, ",\"sport\":%u,\"dport\":%u", pkt->sport, pkt->dport);
	else if (pkt->proto == 1 || pkt->proto == 58)
		g_string_append_printf(q, ",\"icmp_type\":%u,\"icmp_code\":%u", pkt->icmp_type,
			pkt->icmp_code);
	g_string_append_printf(q, ",\"reply\":%s", opt.reply ? "true" : "false");
	const char *entry = pkt->from ? pkt->from->id : p->n_hops ? p->hops[0].id : NULL;
	const char *by = opt.vlan ? "vlan" : opt.from ? "from" : "source_address";
	g_string_append(q, ",\"entry\":");
	model_json_gstring(q, entry);
	g_string_append_printf(q, ",\"entry_by\":\"%s\"}", by);
	/* last in the object ("}\n" ends it): verdict and end stay first for line tools */
	g_assert(s->len >= 2);
	g_string_insert(s, (gssize)s->len - 2, q->str);
}

/* --color: a drop hop, the "dropped at" line and an asymmetric round trip in red (SGR 31,
 * ECMA-48 §8.3.117), as decode colours its errors */
static void
colour_drops(GString *s)
{
	g_autoptr(GString) out = g_string_sized_new(s->len + 64);
	const char *p = s->str;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		bool red = !strncmp(p, "dropped at ", 11) || !strncmp(p, "dropped before ", 15) ||
			   !strncmp(p, "round trip: asymmetric", 22) ||
			   (n > 12 && !strncmp(p + 4, "drop     ", 9));
		if (red)
			g_string_append(out, REPORT_SGR_RED);
		g_string_append_len(out, p, (gssize)n);
		if (red)
			g_string_append(out, REPORT_SGR_OFF);
		if (!nl)
			break;
		g_string_append_c(out, '\n');
		p = nl + 1;
	}
	g_string_assign(s, out->str);
}

static int
explain_run(int argc, char **argv)
{
	opt.sport = -1;
	opt.dport = -1;
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("- explain one packet's path through the topology");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Walks a packet from its source (an interface found by --src, an on-premises\n"
		"network, or the entry point named by --from) to its delivery or drop, naming at\n"
		"each hop the component, the action and the rule that decided it.");
	g_option_context_set_description(ctx,
		"Examples:\n"
		"  awstrace explain --src 10.1.1.10 --dst 192.168.1.10 --dport 443\n"
		"  awstrace explain --src 203.0.113.5 --dst 198.51.100.20 --dport 443 "
		"--from igw-01a1b2c3d4e5f0001 --json\n"
		"  awstrace explain --topology snap/ --src 10.2.1.20 --dst 10.2.2.30 --dport "
		"3306\n"
		"  awstrace explain --src 10.1.1.10 --dst 192.168.1.10 --down "
		"dxvif-0a1b2c3d4e5f60001\n"
		"\n"
		"Verdicts: delivered, dropped (with a reason), or unknown when the path depends "
		"on\n"
		"what the snapshot cannot see (another account's route tables, a BGP state not\n"
		"described) or leaves what awstrace models (TGW Connect, Cloud WAN, local\n"
		"gateways): unknown_at names the component and missing says what is lacking.\n");
	if (!cmd_parse(ctx, "explain", &argc, &argv))
		return 2;
	if (argc > 1)
		return usage_error("unexpected argument");
	if (!opt.src || !opt.dst)
		return usage_error("--src and --dst are needed");
	struct model_packet pkt;
	memset(&pkt, 0, sizeof(pkt));
	if (!model_addr_parse(opt.src, &pkt.src))
		return usage_error("--src is not an IP address");
	if (!model_addr_parse(opt.dst, &pkt.dst))
		return usage_error("--dst is not an IP address");
	if (pkt.src.af != pkt.dst.af)
		return usage_error("--src and --dst must be of one address family");
	bool v6 = pkt.src.af == MODEL_AF_INET6;
	if (opt.proto) {
		if (!parse_proto(opt.proto, v6, &pkt.proto))
			return usage_error("--proto wants tcp, udp, icmp, icmpv6 or 0-255");
	} else {
		pkt.proto = opt.dport >= 0 || opt.sport >= 0 ? 6 : (v6 ? 58 : 1);
	}
	if (opt.sport > 65535 || opt.dport > 65535 || opt.sport < -1 || opt.dport < -1)
		return usage_error("ports are 0-65535");
	pkt.sport = (uint16_t)(opt.sport >= 0 ? opt.sport : 49152);
	pkt.dport = (uint16_t)(opt.dport >= 0 ? opt.dport : 443);
	if (pkt.proto == 1 || pkt.proto == 58) {
		pkt.icmp_type = pkt.proto == 1 ? 8 : 128; /* echo request */
		pkt.sport = pkt.dport = 0;
	}
	pkt.flags = opt.reply ? MODEL_PKT_REPLY : 0;

	g_autofree char *dir = NULL;
	GError *err = NULL;
	struct model *m;
	m = cmd_topology_load(opt.topology, 0, &dir, &err);
	if (!m) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		return 1;
	}
	if (opt.from) {
		pkt.from = model_find_id(m, opt.from);
		if (!pkt.from) {
			model_free(m);
			fprintf(stderr, "awstrace explain: --from %s: no such component in %s\n",
				opt.from, dir);
			return 2;
		}
	}
	if (opt.vlan) {
		const struct model_dxcon *con = NULL;
		if (pkt.from && pkt.from->kind != MODEL_DXCON) {
			model_free(m);
			return usage_error(
				"--vlan goes with --from dxcon-… (a connection) or alone");
		}
		con = (const struct model_dxcon *)pkt.from;
		struct model_dxvif *vif = NULL, *other = NULL;
		for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXVIF); i++) {
			struct model_dxvif *v = MODEL_GET(m, MODEL_DXVIF, struct model_dxvif, i);
			if (v->vlan != opt.vlan || (con && v->con != con))
				continue;
			if (vif)
				other = v;
			else
				vif = v;
		}
		if (!vif || other) {
			if (!vif)
				fprintf(stderr,
					"awstrace explain: no virtual interface has VLAN %d%s%s\n",
					opt.vlan, con ? " on " : "", con ? con->o.id : "");
			else
				fprintf(stderr,
					"awstrace explain: VLAN %d is %s on %s and %s on %s: "
					"name the connection with --from dxcon-…\n",
					opt.vlan, vif->o.id, vif->con ? vif->con->o.id : "?",
					other->o.id, other->con ? other->con->o.id : "?");
			model_free(m);
			return 2;
		}
		pkt.from = &vif->o;
	}
	struct model_engine *e = model_engine_new(m, &err);
	if (!e) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		model_free(m);
		return 1;
	}
	g_autoptr(GString) downs = g_string_new(NULL);
	for (gchar **d = opt.down; d && *d; d++) {
		/* ID or ID:TUNNEL (a VPN connection's tunnel 1 or 2) */
		g_autofree char *id = g_strdup(*d);
		int tunnel = -1;
		char *colon = strrchr(id, ':');
		if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
			*colon = 0;
			tunnel = atoi(colon + 1);
			if (tunnel < 1) {
				model_engine_free(e);
				model_free(m);
				return usage_error("--down ID:N wants a tunnel number from 1");
			}
		}
		const struct model_obj *o = model_find_id(m, id);
		if (!o || !model_engine_set_down(e, o, tunnel, true)) {
			fprintf(stderr,
				"awstrace explain: --down %s: %s\nTry \"awstrace explain "
				"--help\".\n",
				*d,
				!o ? "no such component"
				: o->kind == MODEL_VPN && tunnel > 0
					? "the VPN connection has no such tunnel"
					: "not a VIF, VPN connection or tunnel, "
					  "DX connection, NAT gateway or TGW "
					  "attachment");
			model_engine_free(e);
			model_free(m);
			return 2;
		}
		g_string_append(downs, downs->len ? ", " : "");
		g_string_append(downs, *d);
	}
	struct model_path *path = g_new(struct model_path, 1);
	model_forward(e, &pkt, path);
	/* --round-trip: the reply, as a reply (stateful rules pass it), entering where the
	 * request was delivered */
	struct model_path *back = NULL;
	struct model_packet rpkt = pkt;
	g_autoptr(GPtrArray) asym = g_ptr_array_new_with_free_func(asym_free);
	if (opt.round_trip && path->verdict == MODEL_VERDICT_DELIVERED) {
		/* the reply answers the packet as it was delivered: after the internet
		 * gateway's 1:1 NAT or a NAT gateway, its addresses are the translated ones
		 * (VPC guide, "Enable internet access": the IGW translates back on the way
		 * out) */
		rpkt.src = path->dst;
		rpkt.dst = path->src;
		rpkt.sport = pkt.dport;
		rpkt.dport = pkt.sport;
		if (pkt.proto == 1 || pkt.proto == 58)
			rpkt.icmp_type = pkt.proto == 1 ? 0 : 129; /* echo reply */
		rpkt.flags = pkt.flags ^ MODEL_PKT_REPLY;
		rpkt.from = reply_entry(m, path);
		back = g_new(struct model_path, 1);
		model_forward(e, &rpkt, back);
		round_trip_asymmetry(path, back, asym);
	}
	g_autoptr(GString) s = g_string_new(NULL);
	if (opt.json && opt.round_trip) {
		g_string_append(s, "{\"request\":");
		model_path_json(path, s);
		query_json(&pkt, path, s);
		g_string_truncate(s, s->len - 1); /* the "\n" */
		g_string_append(s, ",\"reply\":");
		if (back) {
			model_path_json(back, s);
			g_string_truncate(s, s->len - 1);
		} else {
			g_string_append(s, "null");
		}
		g_string_append_printf(s, ",\"symmetric\":%s",
			back && !asym->len && back->verdict == MODEL_VERDICT_DELIVERED ? "true"
										       : "false");
		asym_json(s, asym);
		g_string_append(s, "}\n");
	} else if (opt.json) {
		model_path_json(path, s);
		query_json(&pkt, path, s);
	} else {
		char a[MODEL_PREFIX_STRLEN], b[MODEL_PREFIX_STRLEN];
		static const char *const pn[256] = { [1] = "icmp",
			[6] = "tcp",
			[17] = "udp",
			[50] = "esp",
			[47] = "gre",
			[58] = "icmpv6" };
		g_string_append_printf(s, "%s -> %s ", model_addr_format(&pkt.src, a),
			model_addr_format(&pkt.dst, b));
		if (pn[pkt.proto])
			g_string_append(s, pn[pkt.proto]);
		else
			g_string_append_printf(s, "protocol %u", pkt.proto);
		if (pkt.proto == 6 || pkt.proto == 17)
			g_string_append_printf(s, " %u -> %u", pkt.sport, pkt.dport);
		else if (pkt.proto == 1 || pkt.proto == 58)
			g_string_append(s, " echo request");
		if (pkt.from)
			g_string_append_printf(s, " from %s", pkt.from->id);
		g_string_append(s, opt.reply ? " (reply)\n" : "\n");
		if (downs->len)
			g_string_append_printf(s, "with %s down (what-if)\n", downs->str);
		model_path_text(path, s);
		if (downs->len)
			fallback_sentence(path, &pkt, downs->str, s);
		if (opt.round_trip && !back)
			g_string_append(s, "round trip: no reply, the request is not delivered\n");
		if (back) {
			g_string_append_printf(s, "reply %s -> %s from %s\n",
				model_addr_format(&rpkt.src, a), model_addr_format(&rpkt.dst, b),
				rpkt.from ? rpkt.from->id : "its address");
			model_path_text(back, s);
			if (!asym->len && back->verdict == MODEL_VERDICT_DELIVERED)
				g_string_append(s, "round trip: symmetric\n");
			else if (!asym->len)
				g_string_append(s, "round trip: the reply is not delivered\n");
			for (guint i = 0; i < asym->len; i++)
				g_string_append_printf(s, "round trip: asymmetric: %s\n",
					((const struct asym *)asym->pdata[i])->detail);
		}
	}
	if (!opt.json && cmd_color(STDOUT_FILENO))
		colour_drops(s);
	fwrite(s->str, 1, s->len, stdout);
	g_free(back);
	g_free(path);
	model_engine_free(e);
	model_free(m);
	return 0;
}

int
cmd_explain(int argc, char **argv)
{
	memset(&opt, 0, sizeof(opt));
	int rc = explain_run(argc, argv);
	g_strfreev(opt.topology);
	g_strfreev(opt.down);
	g_free(opt.src);
	g_free(opt.dst);
	g_free(opt.proto);
	g_free(opt.from);
	return rc;
}
