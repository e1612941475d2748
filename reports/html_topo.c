/* html_topo.c - the topology as inline SVG (html.h), laid out here in C: the graph is small
 * and layered, so columns by kind (on-premises -> links -> gateways -> TGW and its route
 * tables -> VPCs -> subnets -> appliances), an order within each column from the mean
 * position of a node's neighbours in the columns before it (one sweep forward, one back
 * for the first column), and edges as cubic curves between column sides. No Graphviz.
 *
 * With an analysis, every kept flow's paths are mapped onto the nodes (an ENI stands for
 * its subnet, a VPC route table for its VPC, a TGW attachment and NACLs are not drawn) and
 * each edge gets the bytes the paths over it carried; an edge only paths replaced during
 * the capture used is dashed and titled with the time they ended (e.g. the DX VIF after a
 * failover to the VPN), one a current path uses is solid.
 */
#include "reports/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/analyze_report.h"

enum { L_ONPREM, L_LINK, L_GW, L_TGW, L_VPC, L_SUBNET, L_APPL, L_N };
#define NODE_W    156
#define NODE_H    38
#define GAP_Y     12
#define COL_W     176
#define MARGIN    12
#define LAYER_MAX 28 /* nodes drawn per column; the rest are counted */

struct node {
	char *id;    /* object id, or "vpn-…#2" for a tunnel */
	char *label; /* first line */
	char *sub;   /* second line */
	const char *cls;
	int layer;
	int group; /* TGW route tables: the index of their TGW's node; else -1 */
	double key;
	int pos;
	double x, y;
	bool traffic;
	bool keep;
};

struct edge {
	int a, b;
	uint64_t bytes;
	bool is_static, current, before;
	int64_t until; /* latest end of a replaced path over it */
};

struct graph {
	GPtrArray *nodes; /* struct node * */
	GHashTable *by_id;
	GArray *edges;
	GHashTable *edge_ix; /* "a>b" -> index + 1 */
	const struct model *m;
};

static void
node_free(gpointer p)
{
	struct node *n = p;
	g_free(n->id);
	g_free(n->label);
	g_free(n->sub);
	g_free(n);
}

static int
node_add(struct graph *g, const char *id, int layer, const char *cls, const char *label,
	const char *sub)
{
	gpointer v;
	if (g_hash_table_lookup_extended(g->by_id, id, NULL, &v))
		return GPOINTER_TO_INT(v) - 1;
	struct node *n = g_new0(struct node, 1);
	n->id = g_strdup(id);
	n->layer = layer;
	n->cls = cls;
	n->label = g_strdup(label);
	n->sub = g_strdup(sub);
	n->group = -1;
	n->keep = true;
	g_ptr_array_add(g->nodes, n);
	g_hash_table_insert(g->by_id, n->id, GINT_TO_POINTER((int)g->nodes->len));
	return (int)g->nodes->len - 1;
}

static int
node_of(struct graph *g, const char *id)
{
	gpointer v = g_hash_table_lookup(g->by_id, id);
	return v ? GPOINTER_TO_INT(v) - 1 : -1;
}

static struct edge *
edge_get(struct graph *g, int a, int b)
{
	if (a > b) {
		int t = a;
		a = b;
		b = t;
	}
	char key[32];
	snprintf(key, sizeof(key), "%d>%d", a, b);
	gpointer v = g_hash_table_lookup(g->edge_ix, key);
	if (v)
		return &g_array_index(g->edges, struct edge, GPOINTER_TO_UINT(v) - 1);
	struct edge e = { .a = a, .b = b, .until = INT64_MIN };
	g_array_append_val(g->edges, e);
	g_hash_table_insert(g->edge_ix, g_strdup(key), GUINT_TO_POINTER(g->edges->len));
	return &g_array_index(g->edges, struct edge, g->edges->len - 1);
}

static void
static_edge(struct graph *g, const char *x, const char *y)
{
	int a = node_of(g, x), b = node_of(g, y);
	if (a >= 0 && b >= 0 && a != b)
		edge_get(g, a, b)->is_static = true;
}

static const char *
name_or(const struct model_obj *o, const char *dflt)
{
	return o->name && o->name[0] ? o->name : dflt;
}

static void
tunnel_id(char *buf, size_t n, const char *vpn, int t)
{
	snprintf(buf, n, "%s#%d", vpn, t);
}

/* Every drawable object of m as a node, and the attachments/associations as thin edges. */
static void
build_nodes(struct graph *g)
{
	const struct model *m = g->m;
	char buf[MODEL_PREFIX_STRLEN], tid[160];
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		const struct model_onprem *p = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		node_add(g, p->o.id, L_ONPREM, "onprem", p->o.id,
			model_prefix_format(&p->cidr, buf));
	}
	if (!MODEL_COUNT(m, MODEL_ONPREM))
		for (guint i = 0; i < MODEL_COUNT(m, MODEL_CGW); i++) {
			const struct model_cgw *c = MODEL_GET(m, MODEL_CGW, struct model_cgw, i);
			node_add(g, c->o.id, L_ONPREM, "onprem", name_or(&c->o, "customer gateway"),
				c->o.id);
		}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXVIF); i++) {
		const struct model_dxvif *v = MODEL_GET(m, MODEL_DXVIF, struct model_dxvif, i);
		char *l = g_strdup_printf("DX VIF VLAN %d", v->vlan);
		node_add(g, v->o.id, L_LINK, "link", l, v->o.id);
		g_free(l);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPN); i++) {
		const struct model_vpn *v = MODEL_GET(m, MODEL_VPN, struct model_vpn, i);
		for (size_t t = 0; t < v->n_tunnels; t++) {
			tunnel_id(tid, sizeof(tid), v->o.id, (int)t + 1);
			char *l = g_strdup_printf("VPN tunnel %zu", t + 1);
			node_add(g, tid, L_LINK, "link", l,
				model_addr_format(&v->tunnels[t].outside_ip, buf));
			g_free(l);
		}
		node_add(g, v->o.id, L_GW, "gw", "VPN connection", v->o.id);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXGW); i++) {
		const struct model_dxgw *d = MODEL_GET(m, MODEL_DXGW, struct model_dxgw, i);
		node_add(g, d->o.id, L_GW, "gw", name_or(&d->o, "DX gateway"), d->o.id);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VGW); i++) {
		const struct model_vgw *v = MODEL_GET(m, MODEL_VGW, struct model_vgw, i);
		node_add(
			g, v->o.id, L_GW, "gw", name_or(&v->o, "virtual private gateway"), v->o.id);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW); i++) {
		const struct model_tgw *t = MODEL_GET(m, MODEL_TGW, struct model_tgw, i);
		int h = node_add(
			g, t->o.id, L_TGW, "tgw", name_or(&t->o, "transit gateway"), t->o.id);
		for (guint k = 0; t->rtbs && k < t->rtbs->len; k++) {
			const struct model_tgw_rtb *r = g_ptr_array_index(t->rtbs, k);
			int n = node_add(g, r->o.id, L_TGW, "tgwrtb",
				name_or(&r->o, "TGW route table"), r->o.id);
			((struct node *)g_ptr_array_index(g->nodes, n))->group = h;
		}
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPC); i++) {
		const struct model_vpc *v = MODEL_GET(m, MODEL_VPC, struct model_vpc, i);
		const char *c =
			v->cidr4 && v->cidr4->len
				? model_prefix_format(
					  &g_array_index(v->cidr4, struct model_prefix, 0), buf)
				: v->o.id;
		char *l = g_strdup_printf("%s %s", name_or(&v->o, "VPC"), c);
		node_add(g, v->o.id, L_VPC, "vpc", l, v->o.id);
		g_free(l);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_SUBNET); i++) {
		const struct model_subnet *s = MODEL_GET(m, MODEL_SUBNET, struct model_subnet, i);
		const char *c = s->cidr4.af ? model_prefix_format(&s->cidr4, buf) : "IPv6 only";
		char *l = g_strdup_printf("%s %s", name_or(&s->o, "subnet"), c);
		node_add(g, s->o.id, L_SUBNET, "subnet", l, s->o.id);
		g_free(l);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPCE); i++) {
		const struct model_vpce *e = MODEL_GET(m, MODEL_VPCE, struct model_vpce, i);
		if (e->type == MODEL_VPCE_GWLB)
			node_add(g, e->o.id, L_APPL, "appl", "GWLB endpoint", e->o.id);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_LB); i++) {
		const struct model_lb *b = MODEL_GET(m, MODEL_LB, struct model_lb, i);
		if (b->type && !strcmp(b->type, "gateway"))
			node_add(g, b->o.id, L_APPL, "appl", "Gateway LB", name_or(&b->o, b->o.id));
	}

	/* what connects them in the snapshot */
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_ONPREM); i++) {
		const struct model_onprem *p = MODEL_GET(m, MODEL_ONPREM, struct model_onprem, i);
		for (size_t k = 0; k < p->n_adv; k++) {
			if (!p->adv[k].via)
				continue;
			if (p->adv[k].via->kind == MODEL_VPN) {
				const struct model_vpn *v = (const struct model_vpn *)p->adv[k].via;
				for (size_t t = 0; t < v->n_tunnels; t++) {
					tunnel_id(tid, sizeof(tid), v->o.id, (int)t + 1);
					static_edge(g, p->o.id, tid);
				}
			} else {
				static_edge(g, p->o.id, p->adv[k].via->id);
			}
		}
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXVIF); i++) {
		const struct model_dxvif *v = MODEL_GET(m, MODEL_DXVIF, struct model_dxvif, i);
		if (v->dxgw)
			static_edge(g, v->o.id, v->dxgw->o.id);
		if (v->vgw)
			static_edge(g, v->o.id, v->vgw->o.id);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPN); i++) {
		const struct model_vpn *v = MODEL_GET(m, MODEL_VPN, struct model_vpn, i);
		for (size_t t = 0; t < v->n_tunnels; t++) {
			tunnel_id(tid, sizeof(tid), v->o.id, (int)t + 1);
			static_edge(g, tid, v->o.id);
			if (v->cgw && !MODEL_COUNT(m, MODEL_ONPREM))
				static_edge(g, v->cgw->o.id, tid);
		}
		if (v->vgw)
			static_edge(g, v->o.id, v->vgw->o.id);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW_ATTACH); i++) {
		const struct model_tgw_attach *a =
			MODEL_GET(m, MODEL_TGW_ATTACH, struct model_tgw_attach, i);
		const char *to = a->assoc_rtb ? a->assoc_rtb->o.id : a->tgw ? a->tgw->o.id : NULL;
		if (to && a->res_id)
			static_edge(g, a->res_id, to);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXGW_ASSOC); i++) {
		const struct model_dxgw_assoc *a =
			MODEL_GET(m, MODEL_DXGW_ASSOC, struct model_dxgw_assoc, i);
		if (a->dxgw && a->gateway && a->gateway->kind == MODEL_VGW)
			static_edge(g, a->dxgw->o.id, a->gateway->id);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VGW); i++) {
		const struct model_vgw *v = MODEL_GET(m, MODEL_VGW, struct model_vgw, i);
		for (guint k = 0; v->vpcs && k < v->vpcs->len; k++)
			static_edge(g, v->o.id,
				((const struct model_vpc *)g_ptr_array_index(v->vpcs, k))->o.id);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_SUBNET); i++) {
		const struct model_subnet *s = MODEL_GET(m, MODEL_SUBNET, struct model_subnet, i);
		if (s->vpc)
			static_edge(g, s->vpc->o.id, s->o.id);
	}
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPCE); i++) {
		const struct model_vpce *e = MODEL_GET(m, MODEL_VPCE, struct model_vpce, i);
		for (guint k = 0; e->type == MODEL_VPCE_GWLB && e->subnets && k < e->subnets->len;
			k++)
			static_edge(g,
				((const struct model_subnet *)g_ptr_array_index(e->subnets, k))
					->o.id,
				e->o.id);
	}
}

/* The node a hop of a path is drawn on, or -1 when that kind is not drawn. */
static int
hop_node(struct graph *g, const char *id)
{
	int n = node_of(g, id);
	if (n >= 0)
		return n;
	const struct model_obj *o = model_find_id(g->m, id);
	if (!o)
		return -1;
	switch (o->kind) {
	case MODEL_RTB: {
		const struct model_rtb *r = (const struct model_rtb *)o;
		return r->vpc ? node_of(g, r->vpc->o.id) : -1;
	}
	case MODEL_ENI: {
		const struct model_eni *e = (const struct model_eni *)o;
		return e->subnet ? node_of(g, e->subnet->o.id) : -1;
	}
	default:
		return -1;
	}
}

/* The paths of r's flows onto the graph. */
static void
add_traffic(struct graph *g, const struct analysis *r)
{
	char tid[160];
	for (guint i = 0; i < r->flows->len; i++) {
		const struct an_flow *f = g_ptr_array_index(r->flows, i);
		for (guint k = 0; k < f->paths->len; k++) {
			const struct an_path *p = g_ptr_array_index(f->paths, k);
			/* the next path of the same direction, if any, replaced this one */
			const struct an_path *next = NULL;
			for (guint j = k + 1; j < f->paths->len && !next; j++) {
				const struct an_path *q = g_ptr_array_index(f->paths, j);
				if (q->reply == p->reply)
					next = q;
			}
			int prev = -1;
			for (guint h = 0; h < p->hops->len; h++) {
				const char *id = g_ptr_array_index(p->hops, h);
				int seq[2] = { hop_node(g, id), -1 };
				if (p->exit_tunnel && p->exit_id && !strcmp(id, p->exit_id)) {
					tunnel_id(tid, sizeof(tid), id, p->exit_tunnel);
					seq[1] = node_of(g, tid);
				}
				for (int s = 0; s < 2; s++) {
					int n = seq[s];
					if (n < 0 || n == prev)
						continue;
					((struct node *)g_ptr_array_index(g->nodes, n))->traffic =
						true;
					if (prev >= 0) {
						struct edge *e = edge_get(g, prev, n);
						e->bytes += p->bytes;
						if (next) {
							e->before = true;
							if (next->from > e->until)
								e->until = next->from;
						} else {
							e->current = true;
						}
					}
					prev = n;
				}
			}
		}
	}
}

static int
key_cmp(const void *x, const void *y, void *user)
{
	GPtrArray *nodes = user;
	const struct node *a = g_ptr_array_index(nodes, *(const int *)x);
	const struct node *b = g_ptr_array_index(nodes, *(const int *)y);
	/* TGW route tables stay under their TGW: a group sorts by its TGW's key */
	const struct node *ga = a->group >= 0 ? g_ptr_array_index(nodes, a->group) : a;
	const struct node *gb = b->group >= 0 ? g_ptr_array_index(nodes, b->group) : b;
	if (ga != gb) {
		if (ga->key != gb->key)
			return ga->key < gb->key ? -1 : 1;
		return ga->pos - gb->pos;
	}
	if ((a->group >= 0) != (b->group >= 0))
		return a->group >= 0 ? 1 : -1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->pos - b->pos;
}

/* Orders one column by the mean position of each node's neighbours in the columns `from`
 * (before it, or after it on the way back). */
static void
order_layer(struct graph *g, GArray *col, bool before)
{
	for (guint i = 0; i < col->len; i++) {
		int n = g_array_index(col, int, i);
		struct node *x = g_ptr_array_index(g->nodes, n);
		double sum = 0;
		unsigned cnt = 0;
		for (guint k = 0; k < g->edges->len; k++) {
			const struct edge *e = &g_array_index(g->edges, struct edge, k);
			int o = e->a == n ? e->b : e->b == n ? e->a : -1;
			if (o < 0)
				continue;
			const struct node *y = g_ptr_array_index(g->nodes, o);
			if (!y->keep || (before ? y->layer >= x->layer : y->layer <= x->layer))
				continue;
			sum += y->pos;
			cnt++;
		}
		x->key = cnt ? sum / cnt : x->pos;
	}
	/* a TGW's key is its route tables' mean */
	for (guint i = 0; i < col->len; i++) {
		struct node *x = g_ptr_array_index(g->nodes, g_array_index(col, int, i));
		if (strcmp(x->cls, "tgw"))
			continue;
		double sum = 0;
		unsigned cnt = 0;
		for (guint k = 0; k < col->len; k++) {
			const struct node *y =
				g_ptr_array_index(g->nodes, g_array_index(col, int, k));
			if (y->group >= 0 && g_ptr_array_index(g->nodes, y->group) == x) {
				sum += y->key;
				cnt++;
			}
		}
		if (cnt)
			x->key = sum / cnt - 0.5;
	}
	g_array_sort_with_data(col, key_cmp, g->nodes);
	for (guint i = 0; i < col->len; i++)
		((struct node *)g_ptr_array_index(g->nodes, g_array_index(col, int, i)))->pos =
			(int)i;
}

static void
edge_path(struct out *o, const struct node *a, const struct node *b)
{
	if (a->x > b->x) {
		const struct node *t = a;
		a = b;
		b = t;
	}
	double y1 = a->y + NODE_H / 2.0, y2 = b->y + NODE_H / 2.0;
	if (a->x == b->x) {
		out_printf(o, "M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", a->x + NODE_W, y1,
			a->x + NODE_W + 30, y1, b->x + NODE_W + 30, y2, b->x + NODE_W, y2);
		return;
	}
	double x1 = a->x + NODE_W, x2 = b->x, mx = (x1 + x2) / 2;
	out_printf(o, "M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", x1, y1, mx, y1, mx, y2, x2, y2);
}

/* "12:32:31" of a capture time */
static void
tod_short(const struct analysis *r, int64_t ts, char *buf, size_t n)
{
	char full[48];
	analyze_time(r, ts, full, sizeof(full));
	const char *t = strchr(full, 'T');
	g_strlcpy(buf, t ? t + 1 : full, n);
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = '\0';
}

static void
human(char *buf, size_t n, uint64_t b)
{
	if (b >= 1048576)
		snprintf(buf, n, "%.1f MiB", (double)b / 1048576);
	else if (b >= 1024)
		snprintf(buf, n, "%.1f KiB", (double)b / 1024);
	else
		snprintf(buf, n, "%" G_GUINT64_FORMAT " B", b);
}

/* text cut to at most max characters (UTF-8), with an ellipsis */
static void
text_cut(struct out *o, const char *s, long max)
{
	if (!s)
		return;
	if (!g_utf8_validate(s, -1, NULL)) {
		html_esc(o, "?");
		return;
	}
	if (g_utf8_strlen(s, -1) <= max) {
		html_esc(o, s);
		return;
	}
	char *c = g_utf8_substring(s, 0, max - 1);
	html_esc(o, c);
	out_str(o, "\xe2\x80\xa6");
	g_free(c);
}

void
html_topology_svg(struct out *o, const struct model *m, const struct analysis *r)
{
	struct graph g = {
		.nodes = g_ptr_array_new_with_free_func(node_free),
		.by_id = g_hash_table_new(g_str_hash, g_str_equal),
		.edges = g_array_new(FALSE, TRUE, sizeof(struct edge)),
		.edge_ix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.m = m,
	};
	build_nodes(&g);
	if (r)
		add_traffic(&g, r);
	/* columns; a crowded one keeps the nodes with traffic (or the first ones) */
	GArray *cols[L_N];
	unsigned hidden[L_N] = { 0 };
	for (int l = 0; l < L_N; l++)
		cols[l] = g_array_new(FALSE, FALSE, sizeof(int));
	for (guint i = 0; i < g.nodes->len; i++) {
		struct node *n = g_ptr_array_index(g.nodes, i);
		n->pos = (int)cols[n->layer]->len;
		g_array_append_val(cols[n->layer], i);
	}
	for (int l = 0; l < L_N; l++) {
		if (cols[l]->len <= LAYER_MAX)
			continue;
		unsigned kept = 0;
		GArray *k = g_array_new(FALSE, FALSE, sizeof(int));
		for (int pass = 0; pass < 2; pass++)
			for (guint i = 0; i < cols[l]->len; i++) {
				int ix = g_array_index(cols[l], int, i);
				struct node *n = g_ptr_array_index(g.nodes, ix);
				if ((pass == 0) != n->traffic)
					continue;
				if (kept < LAYER_MAX) {
					g_array_append_val(k, ix);
					kept++;
				} else {
					n->keep = false;
					hidden[l]++;
				}
			}
		for (guint i = 0; i < k->len; i++)
			((struct node *)g_ptr_array_index(g.nodes, g_array_index(k, int, i)))->pos =
				(int)i;
		g_array_free(cols[l], TRUE);
		cols[l] = k;
	}
	for (int l = 1; l < L_N; l++)
		order_layer(&g, cols[l], true);
	order_layer(&g, cols[0], false);
	/* coordinates: non-empty columns side by side, each centred */
	unsigned tallest = 1;
	int ncols = 0;
	for (int l = 0; l < L_N; l++) {
		if (cols[l]->len + (hidden[l] ? 1 : 0) > tallest)
			tallest = cols[l]->len + (hidden[l] ? 1 : 0);
		ncols += cols[l]->len ? 1 : 0;
	}
	double height = MARGIN * 2 + 18 + tallest * (NODE_H + GAP_Y);
	/* room on the right for a curve between two nodes of the last column */
	double width = MARGIN * 2 + (ncols ? ncols - 1 : 0) * COL_W + NODE_W + 40;
	static const char *const titles[L_N] = { "On-premises", "Links", "Gateways",
		"Transit gateway", "VPCs", "Subnets", "Appliances" };
	int c = 0;
	for (int l = 0; l < L_N; l++) {
		if (!cols[l]->len)
			continue;
		double h = (cols[l]->len + (hidden[l] ? 1 : 0)) * (NODE_H + GAP_Y);
		double top = MARGIN + 18 + (height - MARGIN * 2 - 18 - h) / 2;
		for (guint i = 0; i < cols[l]->len; i++) {
			struct node *n = g_ptr_array_index(g.nodes, g_array_index(cols[l], int, i));
			n->x = MARGIN + c * COL_W;
			n->y = top + i * (NODE_H + GAP_Y);
		}
		c++;
	}
	uint64_t maxb = 1;
	for (guint i = 0; i < g.edges->len; i++) {
		const struct edge *e = &g_array_index(g.edges, struct edge, i);
		if (e->bytes > maxb)
			maxb = e->bytes;
	}

	out_printf(o,
		"<svg id=\"topology\" class=\"topo\" xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		"aria-label=\"topology\">\n",
		width, height + 26, width, height + 26);
	out_str(o, "<style>.topo .n rect{stroke:#8a93a3;stroke-width:1}.topo .onprem "
		   "rect{fill:#eef1e6}"
		   ".topo .link rect{fill:#fdf1dc}.topo .gw rect{fill:#f3e8f7}.topo .tgw "
		   "rect{fill:#dfe9f8}"
		   ".topo .tgwrtb rect{fill:#eef4fc}.topo .vpc rect{fill:#e3f2ec}.topo .subnet rect"
		   "{fill:#f1f8f4}.topo .appl rect{fill:#fbe9e7}.topo .n.t rect{stroke:#1f5fbf;"
		   "stroke-width:2}.topo text{font-size:11px;fill:#1d2330}.topo "
		   "text.s{font-size:9.5px;"
		   "fill:#5b6475}.topo text.h{font-size:11px;font-weight:600;fill:#5b6475}"
		   ".topo .st{stroke:#c5cad3;stroke-width:1;fill:none}.topo .cur{stroke:#1f5fbf;"
		   "fill:none;stroke-opacity:.8}.topo .bef{stroke:#b3261e;fill:none;"
		   "stroke-dasharray:6 4;stroke-opacity:.8}.topo "
		   "text.until{font-size:9.5px;fill:#b3261e;"
		   "paint-order:stroke;stroke:#fff;stroke-width:3px}</style>\n");
	c = 0;
	for (int l = 0; l < L_N; l++) {
		if (!cols[l]->len)
			continue;
		out_printf(o, "<text class=\"h\" x=\"%d\" y=\"%d\">%s</text>\n", MARGIN + c * COL_W,
			MARGIN + 4, titles[l]);
		c++;
	}
	/* TGW boxes around their route tables */
	for (guint i = 0; i < cols[L_TGW]->len; i++) {
		const struct node *t =
			g_ptr_array_index(g.nodes, g_array_index(cols[L_TGW], int, i));
		if (strcmp(t->cls, "tgw"))
			continue;
		double bottom = t->y + NODE_H;
		for (guint k = 0; k < cols[L_TGW]->len; k++) {
			const struct node *x =
				g_ptr_array_index(g.nodes, g_array_index(cols[L_TGW], int, k));
			if (x->group >= 0 && g_ptr_array_index(g.nodes, x->group) == t &&
				x->y + NODE_H > bottom)
				bottom = x->y + NODE_H;
		}
		out_printf(o,
			"<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" rx=\"8\" "
			"fill=\"none\" stroke=\"#1f5fbf\" stroke-dasharray=\"2 3\"/>\n",
			t->x - 5, t->y - 5, NODE_W + 10, bottom - t->y + 10);
	}
	/* edges: the snapshot's thin, then the traffic's by bytes (replaced paths dashed) */
	for (int pass = 0; pass < 2; pass++)
		for (guint i = 0; i < g.edges->len; i++) {
			const struct edge *e = &g_array_index(g.edges, struct edge, i);
			const struct node *a = g_ptr_array_index(g.nodes, e->a);
			const struct node *b = g_ptr_array_index(g.nodes, e->b);
			if (!a->keep || !b->keep)
				continue;
			bool traffic = e->current || e->before;
			if ((pass == 0) == traffic)
				continue;
			if (!traffic) {
				out_str(o, "<path class=\"st\" d=\"");
				edge_path(o, a, b);
				out_str(o, "\"/>\n");
				continue;
			}
			/* width by the bytes' order of magnitude (bits of the number: no libm) */
			double w = 1.5 + 7.0 * (double)g_bit_storage(e->bytes) /
						 (double)g_bit_storage(maxb);
			char hb[32], t[48];
			human(hb, sizeof(hb), e->bytes);
			out_printf(o, "<path class=\"%s\" stroke-width=\"%.1f\" d=\"",
				e->current ? "cur" : "bef", w);
			edge_path(o, a, b);
			out_str(o, "\"><title>");
			html_esc(o, a->id);
			out_str(o, " \xe2\x80\x94 ");
			html_esc(o, b->id);
			out_printf(o, ": %s", hb);
			if (!e->current && r) {
				analyze_time(r, e->until, t, sizeof(t));
				out_printf(o, ", paths over it replaced at %s", t);
			}
			out_str(o, "</title></path>\n");
			if (!e->current && r && a->x != b->x) {
				/* the time the replaced paths ended, on the edge itself */
				double mx = (a->x + NODE_W + b->x) / 2 + (a->x < b->x ? 0 : NODE_W);
				double my = (a->y + b->y) / 2 + NODE_H / 2.0 - 4;
				tod_short(r, e->until, t, sizeof(t));
				out_printf(o,
					"<text class=\"until\" x=\"%.1f\" y=\"%.1f\" "
					"text-anchor=\"middle\">until %s</text>\n",
					mx, my, t);
			}
		}
	for (int l = 0; l < L_N; l++) {
		for (guint i = 0; i < cols[l]->len; i++) {
			const struct node *n =
				g_ptr_array_index(g.nodes, g_array_index(cols[l], int, i));
			out_printf(
				o, "<g class=\"n %s%s\"><title>", n->cls, n->traffic ? " t" : "");
			html_esc(o, n->id);
			out_printf(o,
				"</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" "
				"rx=\"4\"/>"
				"<text x=\"%.1f\" y=\"%.1f\">",
				n->x, n->y, NODE_W, NODE_H, n->x + 6, n->y + 15);
			text_cut(o, n->label, 25);
			out_printf(o, "</text><text class=\"s\" x=\"%.1f\" y=\"%.1f\">", n->x + 6,
				n->y + 30);
			text_cut(o, n->sub, 28);
			out_str(o, "</text></g>\n");
		}
		if (hidden[l] && cols[l]->len) {
			const struct node *last = g_ptr_array_index(
				g.nodes, g_array_index(cols[l], int, cols[l]->len - 1));
			out_printf(o,
				"<text class=\"s\" x=\"%.1f\" y=\"%.1f\">and %u more not "
				"drawn</text>\n",
				last->x + 6, last->y + NODE_H + 18, hidden[l]);
		}
	}
	/* legend */
	double ly = height + 8;
	out_printf(o,
		"<g transform=\"translate(%d %.0f)\"><path class=\"st\" d=\"M0 6H30\"/>"
		"<text x=\"36\" y=\"10\">in the snapshot</text>",
		MARGIN, ly);
	if (r)
		out_str(o,
			"<path class=\"cur\" stroke-width=\"4\" d=\"M150 6H180\"/><text x=\"186\" "
			"y=\"10\">traffic at the end (width: bytes)</text><path class=\"bef\" "
			"stroke-width=\"4\" d=\"M400 6H430\"/><text x=\"436\" y=\"10\">traffic on "
			"a path "
			"replaced during the capture</text>");
	out_str(o, "</g>\n</svg>\n");
	for (int l = 0; l < L_N; l++)
		g_array_free(cols[l], TRUE);
	g_ptr_array_free(g.nodes, TRUE);
	g_hash_table_destroy(g.by_id);
	g_array_free(g.edges, TRUE);
	g_hash_table_destroy(g.edge_ix);
}

void
topology_html(const struct model *m, const char *dir, struct out *o)
{
	char *title = g_strdup_printf("awstrace topology: %s", dir);
	html_page_begin(o, title);
	out_str(o, "<h1>");
	html_esc(o, title);
	out_str(o,
		"</h1>\n<p class=\"sub\">The snapshot as awstrace reads it: what is attached and "
		"associated to what. <code>awstrace analyze --html</code> draws the traffic of a "
		"capture on the same picture.</p>\n<figure>\n");
	html_topology_svg(o, m, NULL);
	out_str(o, "</figure>\n<h2>Objects</h2>\n<table class=\"sortable\"><thead><tr><th>kind</th>"
		   "<th>count</th></tr></thead><tbody>\n");
	for (int k = 0; k < MODEL_N_KINDS; k++) {
		if (!MODEL_COUNT(m, k))
			continue;
		out_str(o, "<tr><td>");
		html_esc(o, model_kind_name((enum model_kind)k));
		out_printf(o, "</td><td class=\"n\" data-v=\"%u\">%u</td></tr>\n",
			MODEL_COUNT(m, k), MODEL_COUNT(m, k));
	}
	out_str(o, "</tbody></table>\n");
	if (m->warnings && m->warnings->len) {
		out_printf(o, "<h2>Warnings (%u)</h2>\n<ul>\n", m->warnings->len);
		for (guint i = 0; i < m->warnings->len; i++) {
			const struct model_warning *w = g_ptr_array_index(m->warnings, i);
			out_str(o, "<li><code>");
			html_esc(o, w->file);
			out_str(o, " ");
			html_esc(o, w->path);
			out_str(o, "</code>: ");
			html_esc(o, w->what);
			out_str(o, "</li>\n");
		}
		out_str(o, "</ul>\n");
	}
	html_page_end(o);
	g_free(title);
}
