/* cmd_topology.c - `awstrace topology check|show [DIR]`: loads an AWS-CLI snapshot
 * directory (DESIGN.md "Topology"), validates it and lists what it holds; `show --dot`
 * draws it as a Graphviz graph.
 *
 * Without DIR (or --topology DIR) the built-in sample samples/topologies/hybrid is used,
 * looked up first next to the binary (its directory, then its parent: ./awstrace and
 * build/awstrace both find it from a checkout), then in the current directory.
 */
#include "reports/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "reports/embedded.h"
#include "reports/out.h"
#include "reports/html.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>


static struct {
	gboolean dot;
	gchar *html;
	gboolean strict;
	gchar **topology;
} opt;

static const GOptionEntry entries[] = {
	{ "dot", 0, 0, G_OPTION_ARG_NONE, &opt.dot, "show: write a Graphviz (dot) graph instead", NULL },
	{ "html", 0, 0, G_OPTION_ARG_FILENAME, &opt.html,
		"show: write the drawing as one self-contained HTML page to OUT (- standard output)",
		"OUT" },
	{ "strict", 0, 0, G_OPTION_ARG_NONE, &opt.strict,
		"A warning (something referenced but not in the snapshot) is an error (exit 1)", NULL },
	CMD_TOPOLOGY_OPTION(opt.topology),
	G_OPTION_ENTRY_NULL
};

static const char *
label(const struct model_obj *o)
{
	return o->name ? o->name : "";
}

/* What the snapshot lacks about o (model.h, struct model_obj), on its own line. */
static void
print_missing(const struct model_obj *o, const char *indent)
{
	if (o->missing)
		printf("%sunknown: %s\n", indent, o->missing);
}

static void
print_prefixes(const char *lead, GArray *a)
{
	char buf[MODEL_PREFIX_STRLEN];
	for (guint i = 0; i < a->len; i++)
		printf("%s%s", i ? " " : lead, model_prefix_format(&g_array_index(a, struct model_prefix, i), buf));
}

static void
print_refs(const char *lead, GPtrArray *a)
{
	for (guint i = 0; i < a->len; i++)
		printf("%s%s", i ? ", " : lead, ((struct model_obj *)g_ptr_array_index(a, i))->id);
}

/* The counts, which snapshot is which account (account.json), and the warnings: what the
 * snapshots refer to but do not hold, each with its file and JSON path (issue 11). */
static int
check(const struct model *m, const char *dir)
{
	if (m->warnings->len)
		printf("topology %s: ok, %u warning%s\n", dir, m->warnings->len,
			m->warnings->len > 1 ? "s" : "");
	else
		printf("topology %s: ok\n", dir);
	bool accounts = false;
	for (guint i = 0; i < m->snapshots->len; i++)
		accounts |=
			((struct model_snapshot *)g_ptr_array_index(m->snapshots, i))->account != NULL;
	for (guint i = 0; (accounts || m->snapshots->len > 1) && i < m->snapshots->len; i++) {
		const struct model_snapshot *sn = g_ptr_array_index(m->snapshots, i);
		printf("  snapshot %s: account %s, %s\n", sn->dir, sn->account ? sn->account : "unknown",
			sn->region ? sn->region : "Region unknown");
	}
	for (unsigned k = 0; k < MODEL_N_KINDS; k++) {
		unsigned stubs = 0;
		for (guint i = 0; i < MODEL_COUNT(m, k); i++)
			stubs += ((struct model_obj *)g_ptr_array_index(m->objs[k], i))->stub;
		printf("  %-24s %u", model_kind_name(k), MODEL_COUNT(m, k) - stubs);
		if (stubs)
			printf(" (+%u referenced, not in the snapshot)", stubs);
		if (!m->described[k] && k != MODEL_ONPREM)
			printf(" (file absent: unknown)");
		printf("\n");
	}
	for (guint i = 0; i < m->warnings->len; i++) {
		const struct model_warning *w = g_ptr_array_index(m->warnings, i);
		printf("warning: %s: %s: %s\n", w->file, w->path, w->what);
	}
	return 0;
}

/* Route order for listings: IPv4, IPv6, prefix lists; then address, length, target. */
static int
route_cmp(const void *a, const void *b)
{
	const struct model_route *x = *(const struct model_route *const *)a;
	const struct model_route *y = *(const struct model_route *const *)b;
	if (x->dkind != y->dkind)
		return x->dkind < y->dkind ? -1 : 1;
	int c = x->dkind == MODEL_DEST_PREFIX_LIST ? strcmp(x->dst_pl->o.id, y->dst_pl->o.id) :
						     model_prefix_cmp(&x->dst, &y->dst);
	if (c)
		return c;
	return g_strcmp0(x->target_id, y->target_id);
}

static const char *
origin_name(enum model_route_origin o)
{
	switch (o) {
	case MODEL_ORIGIN_CREATE_ROUTE_TABLE:
		return "CreateRouteTable";
	case MODEL_ORIGIN_CREATE_ROUTE:
		return "CreateRoute";
	case MODEL_ORIGIN_VGW_PROPAGATION:
		return "EnableVgwRoutePropagation";
	case MODEL_ORIGIN_OTHER:
		break;
	}
	return "other";
}

static void
show_rtb(const struct model_rtb *r)
{
	printf("  %s %s (%s)%s\n", r->o.id, label(&r->o), r->vpc->o.id, r->is_main ? " main" : "");
	if (r->subnets->len) {
		print_refs("    subnets: ", r->subnets);
		printf("\n");
	}
	if (r->edge_gateways->len) {
		print_refs("    edge associations: ", r->edge_gateways);
		printf("\n");
	}
	if (r->propagating_vgws->len) {
		print_refs("    propagating: ", r->propagating_vgws);
		printf("\n");
	}
	const struct model_route **sorted = g_new(const struct model_route *, r->n_routes + 1);
	for (size_t i = 0; i < r->n_routes; i++)
		sorted[i] = &r->routes[i];
	qsort(sorted, r->n_routes, sizeof(*sorted), route_cmp);
	char buf[MODEL_PREFIX_STRLEN];
	for (size_t i = 0; i < r->n_routes; i++) {
		const struct model_route *rt = sorted[i];
		const char *dst = rt->dkind == MODEL_DEST_PREFIX_LIST ? rt->dst_pl->o.id :
									 model_prefix_format(&rt->dst, buf);
		printf("    %-26s -> %-14s %-24s %s%s%s\n", dst, model_target_kind_name(rt->tkind),
			rt->target_id ? rt->target_id : "-", origin_name(rt->origin),
			rt->state == MODEL_STATE_BLACKHOLE ? " blackhole" : "",
			rt->target || rt->tkind == MODEL_TGT_BLACKHOLE || rt->tkind == MODEL_TGT_OTHER ?
				"" : " (target not described)");
	}
	g_free(sorted);
}

static int
tgw_route_cmp(const void *a, const void *b)
{
	const struct model_tgw_route *x = *(const struct model_tgw_route *const *)a;
	const struct model_tgw_route *y = *(const struct model_tgw_route *const *)b;
	if (x->dkind != y->dkind)
		return x->dkind < y->dkind ? -1 : 1;
	int c = x->dkind == MODEL_DEST_PREFIX_LIST ? strcmp(x->dst_pl->o.id, y->dst_pl->o.id) :
						     model_prefix_cmp(&x->dst, &y->dst);
	if (c)
		return c;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	const char *xa = x->attachments->len ? ((struct model_obj *)x->attachments->pdata[0])->id : "";
	const char *ya = y->attachments->len ? ((struct model_obj *)y->attachments->pdata[0])->id : "";
	return strcmp(xa, ya);
}

/* A Connect attachment's Connect peers (GRE tunnels), or that the snapshot does not say. */
static void
show_connect_peers(const struct model_tgw *t, const struct model_tgw_attach *a)
{
	if (a->res_type != MODEL_TGW_RES_CONNECT)
		return;
	if (!t->connect_peers_described) {
		printf("      Connect peers: unknown (describe-transit-gateway-connect-peers.json "
		       "is not in the snapshot)\n");
		return;
	}
	if (!a->connect_peers || !a->connect_peers->len) {
		printf("      Connect peers: none\n");
		return;
	}
	for (guint i = 0; i < a->connect_peers->len; i++) {
		const struct model_tgw_connect_peer *c = g_ptr_array_index(a->connect_peers, i);
		char x[MODEL_PREFIX_STRLEN], y[MODEL_PREFIX_STRLEN];
		printf("      Connect peer %s%s%s%s %s: GRE %s <-> %s", c->id, c->name ? " (" : "",
			c->name ? c->name : "", c->name ? ")" : "", c->state ? c->state : "-",
			c->tgw_addr.af ? model_addr_format(&c->tgw_addr, x) : "-",
			model_addr_format(&c->peer_addr, y));
		print_prefixes(", inside ", c->inside);
		if (c->peer_asn)
			printf(", peer asn %u", c->peer_asn);
		for (size_t k = 0; k < c->n_bgp; k++)
			printf("%s%s %s", k ? ", " : "; BGP ",
				c->bgp[k].tgw_addr.af ? model_addr_format(&c->bgp[k].tgw_addr, x)
						      : "-",
				c->bgp[k].status ? c->bgp[k].status : "-");
		printf("\n");
	}
}

static void
show_tgw_rtb(const struct model_tgw_rtb *r)
{
	printf("  %s %s (%s)%s%s%s\n", r->o.id, label(&r->o), r->tgw->o.id,
		r->default_association ? " default-association" : "",
		r->default_propagation ? " default-propagation" : "",
		r->routes_truncated ? " (routes truncated)" : "");
	print_refs("    associations: ", r->associations);
	if (!r->associations->len)
		printf("    associations: none");
	printf("\n");
	print_refs("    propagations: ", r->propagations);
	if (!r->propagations->len)
		printf("    propagations: none");
	printf("\n");
	const struct model_tgw_route **sorted = g_new(const struct model_tgw_route *, r->n_routes + 1);
	for (size_t i = 0; i < r->n_routes; i++)
		sorted[i] = &r->routes[i];
	qsort(sorted, r->n_routes, sizeof(*sorted), tgw_route_cmp);
	char buf[MODEL_PREFIX_STRLEN];
	for (size_t i = 0; i < r->n_routes; i++) {
		const struct model_tgw_route *rt = sorted[i];
		const char *dst = rt->dkind == MODEL_DEST_PREFIX_LIST ? rt->dst_pl->o.id :
									 model_prefix_format(&rt->dst, buf);
		printf("    %-26s %-10s %-9s", dst, rt->type == MODEL_TGW_ROUTE_STATIC ? "static" : "propagated",
			rt->state == MODEL_STATE_BLACKHOLE ? "blackhole" : "active");
		for (guint j = 0; j < rt->attachments->len; j++) {
			const struct model_tgw_attach *a = g_ptr_array_index(rt->attachments, j);
			printf("%s%s (%s %s)", j ? ", " : " -> ", a->o.id, model_tgw_res_name(a->res_type),
				a->res_id ? a->res_id : "-");
		}
		printf("\n");
	}
	g_free(sorted);
}

static int
show(const struct model *m, const char *dir)
{
	char buf[MODEL_PREFIX_STRLEN], buf2[MODEL_PREFIX_STRLEN];
	printf("topology %s\n", dir);
	printf("\nVPCs (%u)\n", MODEL_COUNT(m, MODEL_VPC));
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPC); i++) {
		struct model_vpc *v = MODEL_GET(m, MODEL_VPC, struct model_vpc, i);
		printf("  %s %s", v->o.id, label(&v->o));
		print_prefixes(" ", v->cidr4);
		print_prefixes(" ", v->cidr6);
		printf("\n    main %s", v->main_rtb ? v->main_rtb->o.id : "-");
		if (v->igw)
			printf(", %s", v->igw->o.id);
		if (v->eigw)
			printf(", %s", v->eigw->o.id);
		if (v->vgw)
			printf(", %s", v->vgw->o.id);
		printf("\n");
		print_missing(&v->o, "    ");
		for (guint j = 0; j < v->subnets->len; j++) {
			struct model_subnet *s = g_ptr_array_index(v->subnets, j);
			struct model_rtb *r = model_subnet_route_table(s);
			struct model_nacl *n = model_subnet_nacl(s);
			printf("    %s %-12s %-16s %-24s %s  %s (%s)  %s\n", s->o.id, label(&s->o),
				model_prefix_format(&s->cidr4, buf), model_prefix_format(&s->cidr6, buf2),
				s->az ? s->az : "-", r ? r->o.id : "-", s->rtb ? "explicit" : "main",
				n ? n->o.id : "-");
		}
	}
	printf("\nroute tables (%u)\n", MODEL_COUNT(m, MODEL_RTB));
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_RTB); i++)
		show_rtb(MODEL_GET(m, MODEL_RTB, struct model_rtb, i));
	printf("\ntransit gateways (%u)\n", MODEL_COUNT(m, MODEL_TGW));
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW); i++) {
		struct model_tgw *t = MODEL_GET(m, MODEL_TGW, struct model_tgw, i);
		printf("  %s %s asn %u vpn-ecmp %s\n", t->o.id, label(&t->o), t->asn, t->vpn_ecmp ? "on" : "off");
		print_missing(&t->o, "    ");
		for (guint j = 0; j < t->attachments->len; j++) {
			struct model_tgw_attach *a = g_ptr_array_index(t->attachments, j);
			printf("    %s %s %s, associated with %s%s", a->o.id, model_tgw_res_name(a->res_type),
				a->res_id ? a->res_id : "-", a->assoc_rtb ? a->assoc_rtb->o.id : "none",
				a->appliance_mode ? ", appliance mode" : "");
			print_refs(", propagates to ", a->propagates_to);
			printf("\n");
			print_missing(&a->o, "      ");
			show_connect_peers(t, a);
		}
	}
	printf("\nTGW route tables (%u)\n", MODEL_COUNT(m, MODEL_TGW_RTB));
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW_RTB); i++)
		show_tgw_rtb(MODEL_GET(m, MODEL_TGW_RTB, struct model_tgw_rtb, i));
	printf("\nVPN connections (%u)\n", MODEL_COUNT(m, MODEL_VPN));
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPN); i++) {
		struct model_vpn *v = MODEL_GET(m, MODEL_VPN, struct model_vpn, i);
		char cgw[MODEL_PREFIX_STRLEN];
		printf("  %s %s %s (%s) -> %s%s%s, %s\n", v->o.id, label(&v->o), v->cgw->o.id,
			model_addr_format(&v->cgw->ip, cgw), v->vgw ? v->vgw->o.id : v->tgw->o.id,
			v->tgw_attach ? " " : "", v->tgw_attach ? v->tgw_attach->o.id : "",
			v->static_only ? "static" : "BGP");
		for (size_t j = 0; j < v->n_tunnels; j++)
			printf("    tunnel %s inside %s %s\n", model_addr_format(&v->tunnels[j].outside_ip, buf),
				model_prefix_format(&v->tunnels[j].inside_cidr, buf2),
				v->tunnels[j].up ? "UP" : "DOWN");
		for (size_t j = 0; j < v->n_routes; j++)
			printf("    route %s %s %s\n", model_prefix_format(&v->routes[j].dst, buf),
				v->routes[j].is_static ? "static" : "bgp",
				v->routes[j].available ? "available" : "unavailable");
	}
	printf("\nDirect Connect (%u connections, %u virtual interfaces, %u gateways)\n",
		MODEL_COUNT(m, MODEL_DXCON), MODEL_COUNT(m, MODEL_DXVIF), MODEL_COUNT(m, MODEL_DXGW));
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXCON); i++) {
		struct model_dxcon *c = MODEL_GET(m, MODEL_DXCON, struct model_dxcon, i);
		printf("  %s %s %s %u Mbit/s%s\n", c->o.id, label(&c->o), c->location ? c->location : "-",
			c->bandwidth_mbps, c->macsec_capable ? " MACsec" : "");
		print_missing(&c->o, "    ");
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXVIF); i++) {
		struct model_dxvif *v = MODEL_GET(m, MODEL_DXVIF, struct model_dxvif, i);
		static const char *const types[] = { "private", "transit", "public" };
		printf("  %s %s %s vlan %d asn %u amazon-asn %u on %s -> %s\n", v->o.id, label(&v->o),
			types[v->type], v->vlan, v->asn, v->amazon_asn, v->con ? v->con->o.id : "-",
			v->dxgw ? v->dxgw->o.id : v->vgw ? v->vgw->o.id : "-");
		for (size_t j = 0; j < v->n_peers; j++)
			printf("    bgp %s amazon %s/%u customer %s/%u asn %u %s\n",
				v->peers[j].id ? v->peers[j].id : "-",
				model_addr_format(&v->peers[j].amazon_addr.addr, buf), v->peers[j].amazon_addr.len,
				model_addr_format(&v->peers[j].customer_addr.addr, buf2),
				v->peers[j].customer_addr.len, v->peers[j].asn,
				!v->peers[j].status_known ? "unknown" : v->peers[j].up ? "up" : "down");
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXGW_ASSOC); i++) {
		struct model_dxgw_assoc *a = MODEL_GET(m, MODEL_DXGW_ASSOC, struct model_dxgw_assoc, i);
		printf("  %s %s -> %s", a->dxgw->o.id, label(&a->dxgw->o), a->gateway_id);
		print_prefixes(" allowed ", a->allowed);
		printf("\n");
	}
	printf("\non-premises (%u)\n", MODEL_COUNT(m, MODEL_ONPREM));
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		struct model_onprem *n = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		printf("  %s %s via", n->o.id, model_prefix_format(&n->cidr, buf));
		for (size_t j = 0; j < n->n_adv; j++)
			printf(" %s (as-path %u)", n->adv[j].id, n->adv[j].as_path_len);
		printf("\n");
	}
	return 0;
}

/* ---- Graphviz ---------------------------------------------------------------------- */

static void
dot_node(const struct model_obj *o, const char *shape)
{
	printf("  \"%s\" [shape=%s, label=\"%s\\n%s\"];\n", o->id, shape, model_kind_name(o->kind),
		o->name ? o->name : o->id);
}

static void
dot_edge(const char *a, const char *b, const char *label_)
{
	printf("  \"%s\" -> \"%s\"", a, b);
	if (label_)
		printf(" [label=\"%s\"]", label_);
	printf(";\n");
}

static int
dot(const struct model *m)
{
	char buf[MODEL_PREFIX_STRLEN];
	printf("digraph topology {\n  rankdir=LR;\n  node [fontsize=10];\n  edge [fontsize=9];\n");
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPC); i++) {
		struct model_vpc *v = MODEL_GET(m, MODEL_VPC, struct model_vpc, i);
		printf("  subgraph \"cluster_%s\" {\n    label=\"%s %s %s\";\n", v->o.id, v->o.id,
			label(&v->o), v->cidr4->len ? model_prefix_format(&g_array_index(v->cidr4,
								     struct model_prefix, 0), buf) : "");
		for (guint j = 0; j < v->subnets->len; j++) {
			struct model_subnet *s = g_ptr_array_index(v->subnets, j);
			printf("    \"%s\" [shape=box, label=\"%s\\n%s\"];\n", s->o.id, label(&s->o),
				model_prefix_format(&s->cidr4, buf));
		}
		printf("  }\n");
	}
	static const struct {
		enum model_kind kind;
		const char *shape;
	} nodes[] = {
		{ MODEL_IGW, "invhouse" }, { MODEL_EIGW, "invhouse" }, { MODEL_NATGW, "octagon" },
		{ MODEL_VPCE, "cds" }, { MODEL_TGW, "doublecircle" }, { MODEL_VPN, "parallelogram" },
		{ MODEL_VGW, "circle" }, { MODEL_CGW, "house" }, { MODEL_DXVIF, "parallelogram" },
		{ MODEL_DXGW, "circle" }, { MODEL_ONPREM, "folder" }, { MODEL_PCX, "diamond" },
	};
	for (unsigned n = 0; n < G_N_ELEMENTS(nodes); n++)
		for (guint i = 0; i < MODEL_COUNT(m, nodes[n].kind); i++)
			dot_node(g_ptr_array_index(m->objs[nodes[n].kind], i), nodes[n].shape);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_IGW); i++) {
		struct model_igw *g = MODEL_GET(m, MODEL_IGW, struct model_igw, i);
		if (g->vpc && g->vpc->subnets->len)
			dot_edge(g->o.id, ((struct model_obj *)g->vpc->subnets->pdata[0])->id, "attached");
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_EIGW); i++) {
		struct model_eigw *g = MODEL_GET(m, MODEL_EIGW, struct model_eigw, i);
		if (g->vpc && g->vpc->subnets->len)
			dot_edge(g->o.id, ((struct model_obj *)g->vpc->subnets->pdata[0])->id, "attached");
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_NATGW); i++) {
		struct model_natgw *n = MODEL_GET(m, MODEL_NATGW, struct model_natgw, i);
		dot_edge(n->subnet->o.id, n->o.id, NULL);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPCE); i++) {
		struct model_vpce *e = MODEL_GET(m, MODEL_VPCE, struct model_vpce, i);
		for (guint j = 0; j < e->subnets->len; j++)
			dot_edge(((struct model_obj *)e->subnets->pdata[j])->id, e->o.id, NULL);
		if (!e->subnets->len && e->vpc->subnets->len)
			dot_edge(((struct model_obj *)e->vpc->subnets->pdata[0])->id, e->o.id, "gateway");
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_PCX); i++) {
		struct model_pcx *x = MODEL_GET(m, MODEL_PCX, struct model_pcx, i);
		struct model_pcx_side *sides[] = { &x->requester, &x->accepter };
		for (unsigned s = 0; s < 2; s++)
			if (sides[s]->vpc && sides[s]->vpc->subnets->len)
				dot_edge(x->o.id, ((struct model_obj *)sides[s]->vpc->subnets->pdata[0])->id,
					s ? "accepter" : "requester");
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW_ATTACH); i++) {
		struct model_tgw_attach *a = MODEL_GET(m, MODEL_TGW_ATTACH, struct model_tgw_attach, i);
		const char *rtb = a->assoc_rtb ? (a->assoc_rtb->o.name ? a->assoc_rtb->o.name :
								      a->assoc_rtb->o.id) : NULL;
		/* one edge per attachment subnet: each AZ's subnet is where the TGW's interface is */
		for (guint j = 0; j < a->subnets->len; j++)
			dot_edge(a->tgw->o.id, ((struct model_obj *)a->subnets->pdata[j])->id, rtb);
		if (!a->subnets->len && a->res)
			dot_edge(a->tgw->o.id, a->res->id, rtb);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPN); i++) {
		struct model_vpn *v = MODEL_GET(m, MODEL_VPN, struct model_vpn, i);
		dot_edge(v->cgw->o.id, v->o.id, v->static_only ? "static" : "BGP");
		if (v->vgw)
			dot_edge(v->o.id, v->vgw->o.id, NULL);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VGW); i++) {
		struct model_vgw *g = MODEL_GET(m, MODEL_VGW, struct model_vgw, i);
		for (guint j = 0; j < g->vpcs->len; j++) {
			struct model_vpc *v = g_ptr_array_index(g->vpcs, j);
			if (v->subnets->len)
				dot_edge(g->o.id, ((struct model_obj *)v->subnets->pdata[0])->id, "attached");
		}
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXVIF); i++) {
		struct model_dxvif *v = MODEL_GET(m, MODEL_DXVIF, struct model_dxvif, i);
		char vlan[32];
		snprintf(vlan, sizeof(vlan), "vlan %d", v->vlan);
		if (v->dxgw)
			dot_edge(v->o.id, v->dxgw->o.id, vlan);
		else if (v->vgw)
			dot_edge(v->o.id, v->vgw->o.id, vlan);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXGW_ASSOC); i++) {
		struct model_dxgw_assoc *a = MODEL_GET(m, MODEL_DXGW_ASSOC, struct model_dxgw_assoc, i);
		dot_edge(a->dxgw->o.id, a->gateway_id, "associated");
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		struct model_onprem *n = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		for (size_t j = 0; j < n->n_adv; j++) {
			char l[32];
			snprintf(l, sizeof(l), "as-path %u", n->adv[j].as_path_len);
			dot_edge(n->o.id, n->adv[j].id, l);
		}
	}
	printf("}\n");
	return 0;
}

/* show --html: the layered drawing of reports/html_topo.c on a page of its own */
static int
html(const struct model *m, const char *dir)
{
	bool to_stdout = !strcmp(opt.html, "-");
	int fd = to_stdout ? STDOUT_FILENO
			   : open(opt.html, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "awstrace topology: %s: %s\n", opt.html, g_strerror(errno));
		return 1;
	}
	fflush(stdout);
	struct out *o = out_new(fd);
	topology_html(m, dir, o);
	int rc = 0;
	if (!out_free(o)) {
		fprintf(stderr, "awstrace topology: %s: writing failed\n", opt.html);
		rc = 1;
	}
	if (!to_stdout && close(fd)) {
		fprintf(stderr, "awstrace topology: %s: %s\n", opt.html, g_strerror(errno));
		rc = 1;
	}
	return rc;
}

int
cmd_topology(int argc, char **argv)
{
	memset(&opt, 0, sizeof(opt));
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("check|show [DIR…] - validate and list AWS topology snapshots");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"DIR holds what the AWS CLI printed (describe-vpcs.json, describe-route-tables.json…;\n"
		"directly or under DIR/snap/), as samples/aws-snapshot.sh writes it. `check` validates it\n"
		"and counts what it holds; `show` lists VPCs, subnets, route tables and the transit\n"
		"gateways' tables. Without DIR the sample " SAMPLE_TOPOLOGY " is used (next to the\n"
		"binary or in the current directory, else the copy built into awstrace).\n"
		"Several DIRs (one per account/Region, or one DIR holding a sub-directory for each)\n"
		"load as one model. What a snapshot refers to but does not hold is a warning; check\n"
		"lists them and exits 0 (1 with --strict, or when a snapshot is unusable).");
	g_option_context_set_description(ctx,
		"Examples:\n"
		"  awstrace topology check my-account/\n"
		"  awstrace topology check --strict hub/ spoke-a/ spoke-b/\n"
		"  awstrace topology show\n"
		"  awstrace topology show --dot | dot -Tsvg > topology.svg\n"
		"  awstrace topology show --html topology.html\n");
	if (!cmd_parse(ctx, "topology", &argc, &argv))
		return 2;
	int rc = 2;
	g_autofree char *dir = NULL;
	if (argc < 2 || (strcmp(argv[1], "check") && strcmp(argv[1], "show"))) {
		fprintf(stderr, "awstrace topology: %s\nTry \"awstrace topology --help\".\n",
			argc < 2 ? "check or show is needed" : "the action is check or show");
		goto out;
	}
	bool is_show = !strcmp(argv[1], "show");
	if ((opt.dot || opt.html) && !is_show) {
		fprintf(stderr, "awstrace topology: --dot and --html go with show\n");
		goto out;
	}
	if (opt.dot && opt.html) {
		fprintf(stderr, "awstrace topology: --dot or --html, not both\n");
		goto out;
	}
	if (argc > 2 && opt.topology) {
		fprintf(stderr, "awstrace topology: give DIR or --topology, not both\n");
		goto out;
	}
	GError *err = NULL;
	struct model *m = cmd_topology_load(argc > 2 ? argv + 2 : opt.topology,
		opt.strict ? MODEL_LOAD_STRICT : 0, &dir, &err);
	if (!m) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		rc = 1;
		goto out;
	}
	rc = !is_show ? check(m, dir) : opt.dot ? dot(m) : opt.html ? html(m, dir) : show(m, dir);
	if (!out_stdout_checked())
		rc = 1;
	model_free(m);
out:
	g_strfreev(opt.topology);
	g_free(opt.html);
	return rc;
}
