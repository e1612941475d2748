/* des.c - the modeled network: links with capacities from AWS's documented limits, a
 * discrete-event simulation in capture time (des.h has the design note). */
#include "replay/des.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const drop_names[REPLAY_DROP_N] = {
	[REPLAY_DROP_NO_ROUTE] = "no_route",
	[REPLAY_DROP_ACL] = "acl",
	[REPLAY_DROP_SG] = "sg",
	[REPLAY_DROP_CAPACITY] = "capacity",
	[REPLAY_DROP_OTHER] = "other",
};

const char *
replay_drop_name(enum replay_drop d)
{
	return d < REPLAY_DROP_N ? drop_names[d] : "other";
}

enum replay_drop
replay_drop_of(enum model_reason r)
{
	switch (r) {
	case MODEL_R_NO_ROUTE:
	case MODEL_R_BLACKHOLE:
	case MODEL_R_NO_DESTINATION:
	case MODEL_R_TUNNEL_DOWN:
	case MODEL_R_PEERING_EDGE_TO_EDGE:
	case MODEL_R_PEERING_NOT_TRANSITIVE:
	case MODEL_R_ENDPOINT_NOT_TRANSITIVE:
		return REPLAY_DROP_NO_ROUTE;
	case MODEL_R_NACL_DENY:
		return REPLAY_DROP_ACL;
	case MODEL_R_SG_DENY:
		return REPLAY_DROP_SG;
	default:
		return REPLAY_DROP_OTHER;
	}
}

/* ---- one queue ---- */

void
replay_queue_init(struct replay_queue *q, double bps, double pps, double latency_ns,
	unsigned limit)
{
	memset(q, 0, sizeof(*q));
	q->bps = bps;
	q->pps = pps;
	q->latency_ns = latency_ns;
	q->limit = limit;
	q->ring = g_new(double, limit + 1);
}

void
replay_queue_clear(struct replay_queue *q)
{
	g_free(q->ring);
	q->ring = NULL;
}

bool
replay_queue_offer(struct replay_queue *q, double t, uint32_t bytes, double *out_ns)
{
	unsigned cap = q->limit + 1;
	while (q->count && q->ring[q->head] <= t) {
		q->head = (q->head + 1) % cap;
		q->count--;
	}
	if (q->count >= cap)
		return false;
	double s = 0;
	if (q->bps > 0)
		s = (double)bytes * 8.0 * 1e9 / q->bps;
	if (q->pps > 0 && 1e9 / q->pps > s)
		s = 1e9 / q->pps;
	double start = t > q->busy_until ? t : q->busy_until;
	double depart = start + s;
	q->busy_until = depart;
	q->ring[(q->head + q->count) % cap] = depart;
	q->count++;
	if (q->count > q->peak)
		q->peak = q->count;
	*out_ns = depart - t + q->latency_ns;
	return true;
}

/* ---- a log histogram: bucket i >= 1 holds [1.01^(i-1), 1.01^i) ns ---- */

void
replay_hist_add(struct replay_hist *h, double v)
{
	if (!h->b)
		h->b = g_new0(uint32_t, REPLAY_HIST_BUCKETS);
	unsigned i = 0;
	if (v >= 1.0) {
		double x = floor(log(v) / log(1.01)) + 1;
		i = x >= REPLAY_HIST_BUCKETS - 1 ? REPLAY_HIST_BUCKETS - 1 : (unsigned)x;
	}
	h->b[i]++;
	h->n++;
	if (v > h->max)
		h->max = v;
}

double
replay_hist_quantile(const struct replay_hist *h, double q)
{
	if (!h->n || !h->b)
		return 0;
	uint64_t want = (uint64_t)ceil(q * (double)h->n);
	if (want < 1)
		want = 1;
	uint64_t seen = 0;
	for (unsigned i = 0; i < REPLAY_HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= want) {
			if (i == 0)
				return 0;
			double hi = pow(1.01, (double)i);
			return hi < h->max ? hi : h->max;
		}
	}
	return h->max;
}

/* ---- links and their defaults ---- */

/* Site-to-Site VPN quotas (https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html):
 * up to 1.25 Gbps and up to 140,000 packets per second per tunnel. */
#define VPN_TUNNEL_BPS 1.25e9
#define VPN_TUNNEL_PPS 140000.0
static const char vpn_source[] = "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html";
/* NAT gateway basics (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html):
 * 5 Gbps scaling automatically to 100 Gbps, one million packets/s scaling to ten million.
 * The model takes the scaled figures: AWS documents no scaling rate to model it in time
 * (give `Links` 5000 Mbps to see the unscaled gateway). */
#define NAT_BPS 100e9
#define NAT_PPS 10e6
static const char nat_source[] =
	"https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html";
/* Transit Gateway quotas (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html):
 * up to 100 Gbps (burst) per VPC, Direct Connect gateway or peering attachment, and up to
 * 7,500,000 packets per second per attachment. */
#define TGW_ATTACH_BPS 100e9
#define TGW_ATTACH_PPS 7.5e6
static const char tgw_source[] =
	"https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html";
/* A dedicated connection's port speed is its describe-connections `bandwidth` (Direct
 * Connect user guide, "Dedicated and hosted connections":
 * https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithConnections.html);
 * AWS documents no packet rate for a port. */
static const char dx_source[] =
	"describe-connections bandwidth "
	"(https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithConnections.html)";
static const char links_source[] = "awstrace.json Links";

struct ctx {
	const struct replay *r;
	const struct model *m;
	const GPtrArray *comps;
	const GArray *decs;
	const GArray *hops;
	struct replay_des_result *res;
	GHashTable *link_by_key; /* "obj-id/tunnel/dir" -> index + 1 */
	int32_t **dec_links;     /* per decision: link index per hop, -1 none (lazily) */
	unsigned queue_pkts;
};

/* The Links entry of awstrace.json for obj, or NULL. */
static const struct model_link *
link_override(const struct model *m, const struct model_obj *obj)
{
	for (size_t i = 0; i < m->n_links; i++)
		if (m->links[i].obj == obj || (m->links[i].id && !strcmp(m->links[i].id, obj->id)))
			return &m->links[i];
	return NULL;
}

static int32_t
link_get(struct ctx *c, uint32_t comp, const struct model_obj *obj, unsigned tunnel, unsigned dir)
{
	char key[256];
	g_snprintf(key, sizeof(key), "%s/%u/%u", obj->id, tunnel, dir);
	gpointer v = g_hash_table_lookup(c->link_by_key, key);
	if (v)
		return (int32_t)GPOINTER_TO_INT(v) - 1;
	struct replay_link l;
	memset(&l, 0, sizeof(l));
	l.comp = comp;
	l.obj = obj;
	l.tunnel = (uint8_t)tunnel;
	l.dir = (uint8_t)dir;
	switch (obj->kind) {
	case MODEL_VPN:
		l.bps = VPN_TUNNEL_BPS;
		l.pps = VPN_TUNNEL_PPS;
		l.source = vpn_source;
		l.name = g_strdup_printf("tunnel %u of %s (%s)", tunnel, obj->id,
			dir == 0 ? "from on-premises" : "to on-premises");
		break;
	case MODEL_DXCON: {
		const struct model_dxcon *dc = (const struct model_dxcon *)obj;
		l.bps = (double)dc->bandwidth_mbps * 1e6;
		l.source = dx_source;
		l.name = g_strdup_printf("port of %s%s%s (%s)", obj->id, dc->bandwidth ? ", " : "",
			dc->bandwidth ? dc->bandwidth : "",
			dir == 0 ? "from on-premises" : "to on-premises");
		break;
	}
	case MODEL_NATGW:
		l.bps = NAT_BPS;
		l.pps = NAT_PPS;
		l.source = nat_source;
		l.name = g_strdup_printf("%s", obj->id);
		break;
	default: /* MODEL_TGW_ATTACH */
		l.bps = TGW_ATTACH_BPS;
		l.pps = TGW_ATTACH_PPS;
		l.source = tgw_source;
		l.name = g_strdup_printf("%s (%s)", obj->id, dir == 0 ? "into the TGW" : "out of the TGW");
		break;
	}
	const struct model_link *ov = link_override(c->m, obj);
	if (ov) {
		if (ov->capacity_mbps > 0)
			l.bps = ov->capacity_mbps * 1e6;
		l.latency_ns = ov->latency_ms * 1e6;
		l.source = links_source;
	}
	replay_queue_init(&l.q, l.bps, l.pps, l.latency_ns, c->queue_pkts);
	g_array_append_val(c->res->links, l);
	g_hash_table_insert(c->link_by_key, g_strdup(key), GINT_TO_POINTER(c->res->links->len));
	return (int32_t)c->res->links->len - 1;
}

/* Which link each hop of decision id loads (-1 none). */
static const int32_t *
dec_links(struct ctx *c, uint32_t id)
{
	if (c->dec_links[id])
		return c->dec_links[id];
	const struct replay_decision *d = &g_array_index(c->decs, struct replay_decision, id);
	const struct replay_hop *h = &g_array_index(c->hops, struct replay_hop, d->hops_off);
	int32_t *out = g_new(int32_t, d->n_hops ? d->n_hops : 1);
	for (unsigned j = 0; j < d->n_hops; j++) {
		const struct replay_comp *cp = g_ptr_array_index(c->comps, h[j].comp);
		const struct model_obj *o = cp->obj;
		out[j] = -1;
		if (!o)
			continue;
		const struct replay_comp *prev =
			j ? g_ptr_array_index(c->comps, h[j - 1].comp) : NULL;
		const struct replay_comp *next =
			j + 1 < d->n_hops ? g_ptr_array_index(c->comps, h[j + 1].comp) : NULL;
		switch (o->kind) {
		case MODEL_VPN:
			if (d->tunnel)
				out[j] = link_get(c, h[j].comp, o, d->tunnel,
					h[j].action == MODEL_ACT_ENCAP ? 1 : 0);
			break;
		case MODEL_DXVIF: {
			const struct model_dxvif *vif = (const struct model_dxvif *)o;
			bool in = (j == 0 && !d->from_aws) ||
				(prev && !strcmp(prev->kind, "on-premises"));
			if (vif->con)
				out[j] = link_get(c, h[j].comp, &vif->con->o, 0, in ? 0 : 1);
			break;
		}
		case MODEL_NATGW:
			if (h[j].action == MODEL_ACT_NAT)
				out[j] = link_get(c, h[j].comp, o, 0, 2);
			break;
		case MODEL_TGW_ATTACH: {
			const struct model_tgw_attach *a = (const struct model_tgw_attach *)o;
			if (a->res_type == MODEL_TGW_RES_VPN)
				break; /* its tunnels are the limit */
			bool in = next && !strcmp(next->kind, "tgw-route-table");
			out[j] = link_get(c, h[j].comp, o, 0, in ? 0 : 1);
			break;
		}
		default:
			break;
		}
	}
	c->dec_links[id] = out;
	return out;
}

/* ---- events ---- */

struct ev {
	double t;       /* ns, model time */
	uint32_t pkt;
	uint16_t hop;   /* resume at this hop, its link already crossed */
};

struct heap {
	struct ev *v;
	size_t n, cap;
};

static void
heap_push(struct heap *h, struct ev e)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 1024;
		h->v = g_renew(struct ev, h->v, h->cap);
	}
	size_t i = h->n++;
	while (i) {
		size_t p = (i - 1) / 2;
		if (h->v[p].t < e.t || (h->v[p].t == e.t && h->v[p].pkt <= e.pkt))
			break;
		h->v[i] = h->v[p];
		i = p;
	}
	h->v[i] = e;
}

static struct ev
heap_pop(struct heap *h)
{
	struct ev top = h->v[0];
	struct ev last = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct ev *best = &last;
		if (l < h->n && (h->v[l].t < best->t || (h->v[l].t == best->t && h->v[l].pkt < best->pkt))) {
			m = l;
			best = &h->v[l];
		}
		if (r < h->n && (h->v[r].t < best->t || (h->v[r].t == best->t && h->v[r].pkt < best->pkt)))
			m = r;
		if (m == i)
			break;
		h->v[i] = h->v[m];
		i = m;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

static struct replay_des_hop *
hop_of(struct ctx *c, uint32_t comp)
{
	struct replay_des_hop *dh = &g_array_index(c->res->hops, struct replay_des_hop, comp);
	dh->comp = comp;
	return dh;
}

/* Moves packet i on from hop j at time t (entered at t0); resumed says hop j's link was
 * crossed already. Schedules the next link crossing on the heap, or ends the packet. */
static void
advance(struct ctx *c, struct heap *hp, const struct replay_batch *b, const uint32_t *ids,
	const double *t0, uint32_t i, unsigned j, double t, bool resumed)
{
	const struct replay_decision *d = &g_array_index(c->decs, struct replay_decision, ids[i]);
	const struct replay_hop *h = &g_array_index(c->hops, struct replay_hop, d->hops_off);
	const int32_t *lk = dec_links(c, ids[i]);
	uint32_t bytes = b->pkts[i].wire_len;
	struct replay_des_result *res = c->res;
	for (; j < d->n_hops; j++) {
		struct replay_des_hop *dh = hop_of(c, h[j].comp);
		if (!resumed) {
			dh->offered++;
			dh->offered_bytes += bytes;
			if (lk[j] >= 0) {
				struct replay_link *l =
					&g_array_index(res->links, struct replay_link, lk[j]);
				l->offered++;
				l->offered_bytes += bytes;
				uint64_t w = (uint64_t)(t / res->window_ns);
				if (w != l->win) {
					l->win = w;
					l->win_bytes = l->win_pkts = 0;
				}
				l->win_bytes += bytes;
				l->win_pkts++;
				double bps = (double)l->win_bytes * 8 * 1e9 / res->window_ns;
				double pps = (double)l->win_pkts * 1e9 / res->window_ns;
				if (bps > l->peak_bps)
					l->peak_bps = bps;
				if (pps > l->peak_pps)
					l->peak_pps = pps;
				double on;
				if (!replay_queue_offer(&l->q, t, bytes, &on)) {
					l->dropped++;
					dh->dropped[REPLAY_DROP_CAPACITY]++;
					res->dropped[REPLAY_DROP_CAPACITY]++;
					if (l->q.peak > dh->queue_peak)
						dh->queue_peak = l->q.peak;
					return;
				}
				if (l->q.peak > dh->queue_peak)
					dh->queue_peak = l->q.peak;
				l->delivered++;
				l->delivered_bytes += bytes;
				replay_hist_add(&l->hist, on);
				heap_push(hp, (struct ev){ .t = t + on, .pkt = i, .hop = (uint16_t)j });
				return;
			}
		}
		resumed = false;
		bool last = j + 1 == d->n_hops;
		if (last && d->verdict == MODEL_VERDICT_DROPPED) {
			enum replay_drop why = replay_drop_of(d->reason);
			dh->dropped[why]++;
			res->dropped[why]++;
			return;
		}
		dh->delivered++;
		dh->delivered_bytes += bytes;
		replay_hist_add(&dh->hist, t - t0[i]);
	}
	if (d->verdict == MODEL_VERDICT_DELIVERED)
		res->delivered++;
	else if (d->verdict == MODEL_VERDICT_UNKNOWN)
		res->unknown++; /* left what the model knows: neither delivered nor dropped */
}

static int
ts_order(const void *a, const void *b, void *arg)
{
	const struct replay_batch *bt = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t tx = bt->pkts[x].ts_ns, ty = bt->pkts[y].ts_ns;
	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x < y ? -1 : x > y;
}

struct replay_des_result *
replay_des_run(const struct replay *r, const struct replay_batch *b, const uint32_t *ids,
	const struct replay_des_opts *o)
{
	struct replay_des_result *res = g_new0(struct replay_des_result, 1);
	res->speed = o->speed > 0 ? o->speed : 1;
	res->queue_pkts = o->queue_pkts ? o->queue_pkts : REPLAY_DES_QUEUE;
	res->window_ns = o->window_ns > 0 ? o->window_ns : 100e6;
	res->links = g_array_new(FALSE, TRUE, sizeof(struct replay_link));
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.comps = replay_comps(r);
	c.m = replay_model(r);
	c.decs = replay_decisions(r);
	c.hops = replay_hops(r);
	c.res = res;
	c.queue_pkts = res->queue_pkts;
	c.link_by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c.dec_links = g_new0(int32_t *, c.decs->len ? c.decs->len : 1);
	res->hops = g_array_new(FALSE, TRUE, sizeof(struct replay_des_hop));
	g_array_set_size(res->hops, c.comps->len);
	struct replay_hist path = { 0 };

	uint32_t *order = g_new(uint32_t, b->n ? b->n : 1);
	for (size_t i = 0; i < b->n; i++)
		order[i] = (uint32_t)i;
	g_qsort_with_data(order, (gint)b->n, sizeof(*order), ts_order, (gpointer)(uintptr_t)b);
	double *t0 = g_new(double, b->n ? b->n : 1);
	for (size_t i = 0; i < b->n; i++)
		t0[i] = (double)b->pkts[i].ts_ns / res->speed;

	struct heap hp = { 0 };
	size_t next = 0;
	res->packets = b->n;
	uint64_t delivered_before;
	while (next < b->n || hp.n) {
		bool take_arrival = next < b->n && (!hp.n || t0[order[next]] <= hp.v[0].t);
		delivered_before = res->delivered;
		uint32_t pkt;
		double t;
		if (take_arrival) {
			pkt = order[next++];
			t = t0[pkt];
			const struct replay_decision *d =
				&g_array_index(c.decs, struct replay_decision, ids[pkt]);
			if (d->verdict == REPLAY_VERDICT_UNMODELED)
				res->unmodeled++;
			advance(&c, &hp, b, ids, t0, pkt, 0, t, false);
		} else {
			struct ev e = heap_pop(&hp);
			pkt = e.pkt;
			t = e.t;
			advance(&c, &hp, b, ids, t0, pkt, e.hop, t, true);
		}
		if (res->delivered != delivered_before)
			replay_hist_add(&path, t - t0[pkt]);
	}
	res->p50_ns = replay_hist_quantile(&path, 0.50);
	res->p99_ns = replay_hist_quantile(&path, 0.99);
	g_free(path.b);
	for (guint i = 0; i < res->hops->len; i++) {
		struct replay_des_hop *dh = &g_array_index(res->hops, struct replay_des_hop, i);
		dh->comp = i;
		dh->p50_ns = replay_hist_quantile(&dh->hist, 0.50);
		dh->p99_ns = replay_hist_quantile(&dh->hist, 0.99);
		g_free(dh->hist.b);
		dh->hist.b = NULL;
	}
	for (guint i = 0; i < res->links->len; i++) {
		struct replay_link *l = &g_array_index(res->links, struct replay_link, i);
		l->queue_peak = l->q.peak;
		l->p50_ns = replay_hist_quantile(&l->hist, 0.50);
		l->p99_ns = replay_hist_quantile(&l->hist, 0.99);
		l->max_ns = l->hist.max;
		g_free(l->hist.b);
		l->hist.b = NULL;
		replay_queue_clear(&l->q);
	}
	for (guint i = 0; i < c.decs->len; i++)
		g_free(c.dec_links[i]);
	g_free(c.dec_links);
	g_hash_table_destroy(c.link_by_key);
	g_free(hp.v);
	g_free(order);
	g_free(t0);
	return res;
}

void
replay_des_result_free(struct replay_des_result *res)
{
	if (!res)
		return;
	for (guint i = 0; res->links && i < res->links->len; i++)
		g_free(g_array_index(res->links, struct replay_link, i).name);
	if (res->links)
		g_array_free(res->links, TRUE);
	if (res->hops)
		g_array_free(res->hops, TRUE);
	g_free(res);
}
