/* analyze.c - the post-incident analysis (analyze.h): flows walked through the model in
 * time, evidence against the model, timelines and anomalies.
 *
 * Per packet (analyze_packet): hold timers that expired before this packet fire first
 * (bgp_time.c), so a withdrawal at t changes the walk of every packet after t; the flow
 * table is fed; BGP messages may change the model; then the packet's flow - keyed like the
 * flow table's innermost level (addresses, ports, VLAN tags of its own level) - is looked
 * up in `live`. A direction is walked with model_forward() when it is first seen and when
 * the model version moved since its last walk; a walk whose outcome differs from the
 * direction's current path opens a new path, from the time of the change.
 *
 * Entry points: a packet on a VIF's VLAN or a VPN tunnel whose source is not inside a VPC
 * enters AWS there (from = the VIF / VPN connection); a packet whose source is in a VPC is
 * walked from its source (the ENI), and the component it was seen on is where AWS must
 * have sent it: when the walk leaves by another, that is asymmetric routing.
 */
#include "replay/analyze_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "decode/dnssec.h"

#define NS 1000000000LL
#define ANALYZE_NS_MAX (INT64_C(1) << 62)
#define KEEP_DEFAULT 200
#define INTERESTING_MAX 2000
#define UNMODELED_MAX 50
#define ANOMALY_KIND_MAX 40
#define DNS_TIMEOUT_NS (5 * NS) /* a resolver that has not answered in 5 s will not */
#define DNS_MAX_PENDING 200000
#define LAT_MAX 1000000
/* Site-to-Site VPN quotas ("Site-to-Site VPN quotas"): per tunnel */
#define VPN_TUNNEL_MBPS 1250.0
#define VPN_TUNNEL_PPS 140000

const double an_dns_hist_bounds[AN_DNS_HIST - 1] = { 1, 2, 5, 10, 20, 50, 100, 200, 500 };

const char *
an_severity_name(enum an_severity s)
{
	static const char *const n[] = { "info", "low", "medium", "high" };
	return (unsigned)s < G_N_ELEMENTS(n) ? n[s] : "info";
}

const char *
an_verdict_name(uint8_t v)
{
	return v == MODEL_VERDICT_DELIVERED ? "delivered" : v == MODEL_VERDICT_DROPPED ? "dropped"
										   : "unknown";
}

/* ---- keys ------------------------------------------------------------------------------ */

struct akey {
	uint8_t a[16], b[16];
	uint16_t pa, pb;
	uint16_t vlan[FLOW_MAX_VLAN];
	uint8_t proto, fam;
};

/* multiply-xorshift over the key's words (as decode/flow.c does): one pass, no per-byte
 * loop on the hot path */
static guint
akey_hash(gconstpointer p)
{
	uint64_t w[6] = { 0 };
	_Static_assert(sizeof(struct akey) <= sizeof(w), "akey fits six words");
	memcpy(w, p, sizeof(struct akey));
	uint64_t h = 0;
	for (int i = 0; i < 6; i++) {
		h ^= w[i];
		h *= UINT64_C(0x9e3779b97f4a7c15);
		h ^= h >> 32;
	}
	return (guint)h;
}

static gboolean
akey_equal(gconstpointer x, gconstpointer y)
{
	return !memcmp(x, y, sizeof(struct akey));
}

static bool
is_icmp(uint8_t proto, uint8_t fam)
{
	return (proto == 1 && fam == 4) || (proto == 58 && fam == 6);
}

/* the flow table's canonical order (decode/flow.c key_canon): @return true if swapped */
static bool
akey_canon(struct akey *k)
{
	size_t n = k->fam == 4 ? 4 : 16;
	int c = memcmp(k->a, k->b, n);
	bool icmp = is_icmp(k->proto, k->fam);
	if (c < 0 || (c == 0 && (icmp || k->pa <= k->pb)))
		return false;
	uint8_t t[16];
	memcpy(t, k->a, 16);
	memcpy(k->a, k->b, 16);
	memcpy(k->b, t, 16);
	if (!icmp) {
		uint16_t p = k->pa;
		k->pa = k->pb;
		k->pb = p;
	}
	return true;
}

/* ---- per-flow state ---------------------------------------------------------------------- */

struct fstate {
	struct akey key;
	struct an_flow *rec;
	struct model_packet pkt[2]; /* dir 0: as first seen; 1: the reply */
	bool have[2];
	uint64_t ver[2];
	struct an_path *cur[2];
	const struct model_obj *seen_on[2]; /* VIF / VPN the direction was seen on */
	struct replay_attr attr[2];         /* per direction, from its first packet */
	bool attr_have[2];
	bool src_in[2];                     /* the direction's source is inside a VPC */
	bool asym_reported, drop_reported;
	struct an_link *link[2];            /* the link each direction was seen on, or NULL */
	uint64_t since_reply;               /* packets sent after the last reply */
	int64_t since_ts;                   /* the first of them */
	uint64_t since_frame;
	bool dns;
	uint8_t gwlb;                       /* inner flow of GENEVE */
	struct an_gwlb *gw;
};

static void
path_free(gpointer p)
{
	struct an_path *x = p;
	g_free(x->end_id);
	g_free(x->exit_id);
	g_free(x->why);
	if (x->hops)
		g_ptr_array_free(x->hops, TRUE);
	if (x->hop_why)
		g_ptr_array_free(x->hop_why, TRUE);
	g_free(x);
}

static void
flow_rec_free(struct an_flow *f)
{
	if (!f)
		return;
	g_free(f->key);
	g_free(f->carrier);
	g_free(f->entry);
	g_free(f->why_unmodeled);
	g_ptr_array_free(f->paths, TRUE);
	g_free(f);
}

static void
fstate_free(gpointer p)
{
	struct fstate *s = p;
	flow_rec_free(s->rec);
	g_free(s);
}

/* ---- recording ---------------------------------------------------------------------------- */

void
an_time_text(const struct analyze *a, int64_t ts, char *buf, size_t n)
{
	time_t sec = (time_t)(ts / NS);
	struct tm tm;
	gmtime_r(&sec, &tm);
	int prec = a->r.prec == 9 ? 9 : 6;
	long frac = (long)(ts % NS);
	if (prec == 6)
		frac /= 1000;
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%0*ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, prec, frac);
}

void
an_record(struct analyze *a, bool anomaly, int64_t ts, const char *kind, enum an_severity sev,
	const char *component, uint64_t frame2, const char *fmt, ...)
{
	if (anomaly) {
		gpointer n = g_hash_table_lookup(a->anom_count, kind);
		g_hash_table_insert(a->anom_count, (gpointer)(uintptr_t)kind,
			GINT_TO_POINTER(GPOINTER_TO_INT(n) + 1));
		if (GPOINTER_TO_INT(n) >= ANOMALY_KIND_MAX)
			return; /* counted above, shown as "and N more" */
	}
	struct an_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.ts = ts;
	ev.kind = kind;
	ev.severity = anomaly ? sev : AN_SEV_INFO;
	ev.component = g_strdup(component);
	va_list ap;
	va_start(ap, fmt);
	ev.detail = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (a->frame)
		ev.frames[ev.nframes++] = a->frame;
	if (frame2 && frame2 != a->frame)
		ev.frames[ev.nframes++] = frame2;
	ev.seq = a->seq++;
	g_array_append_val(anomaly ? a->r.anomalies : a->r.events, ev);
}

static void
event_clear(gpointer p)
{
	struct an_event *e = p;
	g_free(e->component);
	g_free(e->detail);
}

/* ---- walking ---------------------------------------------------------------------------- */

static bool
in_vpc(const struct analyze *a, const struct model_addr *x)
{
	return model_vpc_of_addr(a->m, x) != NULL;
}

/* The VIF or VPN connection a path leaves AWS by (its last such hop) and the tunnel. */
static void
path_exit(const struct model_path *p, const char **id, int *tunnel)
{
	*id = NULL;
	*tunnel = 0;
	for (unsigned i = 0; i < p->n_hops; i++) {
		const struct model_hop *h = &p->hops[i];
		if (!strcmp(h->kind, "vpn-connection") && h->action == MODEL_ACT_ENCAP) {
			*id = h->id;
			const char *w = strstr(model_hop_why(p, i), "tunnel ");
			*tunnel = w ? atoi(w + 7) : 0;
		} else if (!strcmp(h->kind, "dx-vif") && i + 1 < p->n_hops) {
			*id = h->id;
			*tunnel = 0;
		}
	}
	if (*id && p->verdict != MODEL_VERDICT_DELIVERED)
		*id = NULL;
}

static bool
same_path(const struct an_path *x, const struct model_path *p, const char *exit_id, int tunnel)
{
	if (x->verdict != p->verdict || x->reason != p->reason || x->hops->len != p->n_hops)
		return false;
	if (g_strcmp0(x->end_id, p->end_id) || g_strcmp0(x->exit_id, exit_id) ||
		x->exit_tunnel != tunnel)
		return false;
	for (unsigned i = 0; i < p->n_hops; i++)
		if (strcmp(g_ptr_array_index(x->hops, i), p->hops[i].id))
			return false;
	return true;
}

static void
mark_interesting(struct fstate *s)
{
	s->rec->interesting = true;
}

/* Walks direction dir of s at ts (the model's version now); opens a path when it differs. */
static void
walk(struct analyze *a, struct fstate *s, int dir, int64_t ts)
{
	/* large (about 7 KiB): one per analysis, reused for every walk */
	struct model_path *p = a->path;
	model_forward(a->e, &s->pkt[dir], p);
	a->r.walks++;
	s->ver[dir] = a->version;
	const char *exit_id;
	int tunnel;
	path_exit(p, &exit_id, &tunnel);
	if (p->reason == MODEL_R_UNKNOWN_SOURCE && !s->cur[dir]) {
		/* a reply from what the model cannot place (the .2 resolver's own answers, an
		 * address outside the topology): that direction has no path, the flow still has
		 * its first one */
		if (dir == 1)
			return;
		if (!s->rec->unmodeled) {
			s->rec->unmodeled = true;
			s->rec->why_unmodeled = g_strdup(p->n_hops ? model_hop_why(p, p->n_hops - 1)
							 : p->why_no_hop ? p->why_no_hop
									 : "unknown source");
		}
		return;
	}
	if (s->cur[dir] && same_path(s->cur[dir], p, exit_id, tunnel))
		return;
	struct an_path *x = g_new0(struct an_path, 1);
	x->from = ts;
	x->verdict = p->verdict;
	x->reason = p->reason;
	x->reply = dir == 1;
	x->end_id = g_strdup(p->end_id);
	x->hops = g_ptr_array_new_with_free_func(g_free);
	x->hop_why = g_ptr_array_new_with_free_func(g_free);
	for (unsigned i = 0; i < p->n_hops; i++) {
		g_ptr_array_add(x->hops, g_strdup(p->hops[i].id));
		g_ptr_array_add(x->hop_why, g_strdup(model_hop_why(p, i)));
	}
	x->exit_id = g_strdup(exit_id);
	x->exit_tunnel = tunnel;
	if (p->verdict != MODEL_VERDICT_DELIVERED && p->n_hops)
		x->why = g_strdup(model_hop_why(p, p->n_hops - 1));
	if (s->cur[dir])
		mark_interesting(s);
	s->cur[dir] = x;
	g_ptr_array_add(s->rec->paths, x);
	/* only a drop is evidence: the engine branch's MODEL_VERDICT_UNKNOWN (the snapshot
	 * cannot see that far) is neither delivered nor dropped, and renders as "unknown" */
	if (p->verdict == MODEL_VERDICT_DROPPED && !s->drop_reported && !x->reply) {
		s->drop_reported = true;
		mark_interesting(s);
		a->r.flows_dropped++;
		bool bh = p->reason == MODEL_R_BLACKHOLE;
		const char *why = x->why ? x->why : p->why_no_hop;
		an_record(a, true, ts, bh ? "blackholed_flow" : "dropped_flow",
			bh ? AN_SEV_HIGH : AN_SEV_MEDIUM, p->end_id, 0,
			"%s: the model drops it %s%s (%s)%s%s", s->rec->key,
			p->end_id ? "at " : "before any component", p->end_id ? p->end_id : "",
			model_reason_name(p->reason), why ? ": " : "", why ? why : "");
	}
}

void
an_model_changed(struct analyze *a, int64_t ts)
{
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, a->live);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct fstate *s = v;
		for (int d = 0; d < 2; d++)
			if (s->have[d] && s->cur[d] && s->ver[d] != a->version)
				walk(a, s, d, ts);
	}
}

void
an_probe_exits(struct analyze *a, const struct model_addr *dst, GPtrArray *out)
{
	struct model_path *p = a->path;
	const struct model *m = a->m;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPC); i++) {
		const struct model_vpc *vpc = MODEL_GET(m, MODEL_VPC, struct model_vpc, i);
		const struct model_eni *src = NULL;
		for (guint k = 0; k < MODEL_COUNT(m, MODEL_ENI) && !src; k++) {
			const struct model_eni *e = MODEL_GET(m, MODEL_ENI, struct model_eni, k);
			if (e->vpc == vpc && e->n_ips && e->ips[0].priv.af == dst->af &&
				e->interface_type && !strcmp(e->interface_type, "interface"))
				src = e;
		}
		if (!src)
			continue;
		struct model_packet pk;
		memset(&pk, 0, sizeof(pk));
		pk.src = src->ips[0].priv;
		pk.dst = *dst;
		pk.proto = 6;
		pk.sport = 49152;
		pk.dport = 443;
		pk.flags = MODEL_PKT_REPLY;
		model_forward(a->e, &pk, p);
		const char *ex;
		int tun;
		path_exit(p, &ex, &tun);
		if (!ex && p->verdict == MODEL_VERDICT_DELIVERED)
			continue; /* reaches it without leaving over DX or VPN: not on-premises */
		g_ptr_array_add(out, g_strdup(vpc->o.id));
		if (ex && tun)
			g_ptr_array_add(out, g_strdup_printf("%s tunnel %d", ex, tun));
		else if (ex)
			g_ptr_array_add(out, g_strdup(ex));
		else
			g_ptr_array_add(out, g_strdup_printf("dropped at %s (%s)",
				p->end_id ? p->end_id : "?", model_reason_name(p->reason)));
	}
}

/* ---- flows ------------------------------------------------------------------------------ */

static const char *
proto_word(uint8_t proto)
{
	switch (proto) {
	case 6: return "tcp";
	case 17: return "udp";
	case 1: return "icmp";
	case 58: return "icmpv6";
	case 50: return "esp";
	case 47: return "gre";
	default: return NULL;
	}
}

static char *
key_text(const struct model_packet *p)
{
	char s[MODEL_PREFIX_STRLEN], d[MODEL_PREFIX_STRLEN];
	model_addr_format(&p->src, s);
	model_addr_format(&p->dst, d);
	const char *w = proto_word(p->proto);
	bool v6 = p->src.af == MODEL_AF_INET6;
	if (p->proto == 6 || p->proto == 17)
		return g_strdup_printf(v6 ? "%s [%s]:%u > [%s]:%u" : "%s %s:%u > %s:%u", w, s,
			p->sport, d, p->dport);
	if (w)
		return g_strdup_printf("%s %s > %s", w, s, d);
	return g_strdup_printf("ip%u %s > %s", p->proto, s, d);
}

static void
community_id(const struct akey *k, bool swapped, const struct model_packet *p, char out[32])
{
	struct flow f;
	memset(&f, 0, sizeof(f));
	memcpy(f.key.a, k->a, 16);
	memcpy(f.key.b, k->b, 16);
	f.key.pa = k->pa;
	f.key.pb = k->pb;
	f.key.proto = k->proto;
	f.key.kind = k->fam == 4 ? FLOW_K_IPV4 : FLOW_K_IPV6;
	f.swapped = swapped;
	f.icmp_type = p->icmp_type;
	f.icmp_code = p->icmp_code;
	if (!flow_community_id_of(&f, out))
		out[0] = '\0';
}

/* Keeps a finished flow's record if it is evidence or among the largest. */
static int
bytes_desc(gconstpointer x, gconstpointer y)
{
	const struct an_flow *a = *(struct an_flow *const *)x, *b = *(struct an_flow *const *)y;
	uint64_t u = a->bytes[0] + a->bytes[1], v = b->bytes[0] + b->bytes[1];
	if (u != v)
		return u > v ? -1 : 1;
	return a->id < b->id ? -1 : (a->id > b->id);
}

static void
keep_flow(struct analyze *a, struct an_flow *f)
{
	if (f->interesting || f->unmodeled) {
		if (a->r.flows->len < INTERESTING_MAX) {
			g_ptr_array_add(a->r.flows, f);
			return;
		}
	}
	g_ptr_array_add(a->ordinary, f);
	size_t keep = a->o.keep_flows;
	if (a->ordinary->len >= 2 * keep) {
		g_ptr_array_sort(a->ordinary, bytes_desc);
		for (guint i = (guint)keep; i < a->ordinary->len; i++)
			flow_rec_free(g_ptr_array_index(a->ordinary, i));
		a->r.flows_not_kept += a->ordinary->len - keep;
		g_ptr_array_set_size(a->ordinary, (guint)keep);
	}
}

/* The flow's end: evidence that needs all of it, then the record is kept or dropped. */
static void
flow_end(struct analyze *a, struct fstate *s, const struct flow *ft)
{
	struct an_flow *f = s->rec;
	if (ft && !(ft->key.kind & (FLOW_K_SA | FLOW_K_FRAG)) && ft->key.proto == 6) {
		const struct flow_tcp *t = &ft->u.tcp;
		f->tcp = true;
		f->syn_seen = t->state & FLOW_TCP_SYN;
		f->handshake = t->state & FLOW_TCP_HANDSHAKE;
		f->retrans = t->retrans;
		f->zero_win = t->zero_win;
	}
	a->r.flows_total++;
	if (f->control)
		a->r.flows_control++;
	else if (f->unmodeled)
		a->r.flows_unmodeled++;
	else
		a->r.flows_walked++;
	if (f->unmodeled && a->r.unmodeled->len < UNMODELED_MAX)
		g_ptr_array_add(a->r.unmodeled, g_strdup_printf("%s (%s)", f->key,
			f->why_unmodeled ? f->why_unmodeled : "addresses outside the topology"));
	uint64_t save = a->frame;
	a->frame = 0;
	if (f->tcp) {
		a->r.tcp.flows++;
		a->r.tcp.retrans += f->retrans;
		a->r.tcp.zero_win += f->zero_win;
		if (f->handshake)
			a->r.tcp.handshakes++;
		else if (f->syn_seen) {
			a->r.tcp.incomplete++;
			if (!f->control && !f->unmodeled) {
				const struct an_path *p = s->cur[0];
				mark_interesting(s);
				an_record(a, true, f->first, "handshake_incomplete", AN_SEV_MEDIUM,
					p ? p->end_id : NULL, 0,
					"%s: SYN without a completed handshake (%" G_GUINT64_FORMAT
					" packets, none back)%s%s",
					f->key, f->pkts[0], p && p->verdict == MODEL_VERDICT_DELIVERED
						? "; the model delivers it to " : "",
					p && p->verdict == MODEL_VERDICT_DELIVERED ? p->end_id : "");
			}
		}
		uint64_t pk = f->pkts[0] + f->pkts[1];
		if (f->retrans >= 5 && f->retrans * 10 >= pk) {
			a->r.tcp.bursts++;
			mark_interesting(s);
			an_record(a, true, f->last, "retransmission_burst", AN_SEV_LOW, f->entry, 0,
				"%s: %u retransmissions in %" G_GUINT64_FORMAT " packets, the last at "
				"this time", f->key, f->retrans, pk);
		}
		if (f->zero_win >= 3) {
			mark_interesting(s);
			an_record(a, true, f->last, "zero_window_burst", AN_SEV_LOW, f->entry, 0,
				"%s: %u zero-window advertisements", f->key, f->zero_win);
		}
	}
	/* replies that stopped coming while the other side kept sending */
	if (!f->control && !f->unmodeled && f->pkts[1] && s->since_reply >= 3 && s->cur[0] &&
		s->cur[0]->verdict == MODEL_VERDICT_DELIVERED) {
		mark_interesting(s);
		a->frame = s->since_frame;
		const struct an_path *rp = s->cur[1];
		an_record(a, true, s->since_ts, "replies_stopped", AN_SEV_MEDIUM, f->entry, 0,
			"%s: %" G_GUINT64_FORMAT " packets sent from this time on got no reply, though "
			"the model delivers them to %s%s%s", f->key, s->since_reply, s->cur[0]->end_id,
			rp && rp->exit_id ? " and returns replies over " : "",
			rp && rp->exit_id ? rp->exit_id : "");
		a->frame = 0;
	}
	/* requests whose replies never come where the model delivers them */
	if (!f->control && !f->unmodeled && !s->dns && !f->syn_seen && f->pkts[1] == 0 &&
		f->pkts[0] >= 3 && s->cur[0] && s->cur[0]->verdict == MODEL_VERDICT_DELIVERED &&
		(s->pkt[0].proto == 6 || s->pkt[0].proto == 17)) {
		mark_interesting(s);
		an_record(a, true, f->first, "no_reply", AN_SEV_LOW, s->cur[0]->end_id, 0,
			"%s: %" G_GUINT64_FORMAT " packets and no reply, though the model delivers "
			"them to %s",
			f->key, f->pkts[0], s->cur[0]->end_id);
	}
	if (s->gwlb && s->gw) {
		s->gw->flows++;
		if (!f->pkts[1] || !f->pkts[0]) {
			s->gw->one_way_flows++;
			mark_interesting(s);
			an_record(a, true, f->first, "gwlb_one_way", AN_SEV_MEDIUM, s->gw->endpoint, 0,
				"%s: seen through %s in one direction only: the other direction bypasses "
				"the appliance %s (GWLB needs both directions through the same endpoint)",
				f->key, s->gw->endpoint, s->gw->appliance);
		}
	}
	a->frame = save;
	s->rec = NULL;
	keep_flow(a, f);
}

static void
on_flow_done(const struct flow *f, void *user)
{
	struct analyze *a = user;
	if (f->key.kind & (FLOW_K_SA | FLOW_K_FRAG) || f->key.kind == FLOW_K_MACSEC)
		return;
	struct akey k;
	memset(&k, 0, sizeof(k));
	memcpy(k.a, f->key.a, 16);
	memcpy(k.b, f->key.b, 16);
	k.fam = FLOW_K_FAMILY(f->key.kind) == FLOW_K_IPV4 ? 4 : 6;
	k.proto = f->key.proto;
	if (is_icmp(k.proto, k.fam)) {
		k.pa = k.pb = 0;
	} else if (k.proto == 6 || k.proto == 17) {
		k.pa = f->key.pa;
		k.pb = f->key.pb;
	}
	memcpy(k.vlan, f->key.vlan, sizeof(k.vlan));
	akey_canon(&k);
	struct fstate *s = g_hash_table_lookup(a->live, &k);
	if (!s || !s->rec)
		return;
	flow_end(a, s, f);
	g_hash_table_remove(a->live, &k);
}

/* ---- DNS ---------------------------------------------------------------------------------- */

struct dns_qkey {
	uint8_t client[16], server[16];
	uint16_t cport, id;
};

static guint
akey_hash_dns(gconstpointer p)
{
	const uint8_t *b = p;
	guint h = 2166136261u;
	for (size_t i = 0; i < sizeof(struct dns_qkey); i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static gboolean
akey_equal_dns(gconstpointer x, gconstpointer y)
{
	return !memcmp(x, y, sizeof(struct dns_qkey));
}

struct dns_q {
	int64_t ts;
	uint64_t frame;
	struct an_dns_server *srv;
};

static struct an_dns_server *
dns_server(struct analyze *a, const struct model_addr *x)
{
	char t[MODEL_PREFIX_STRLEN];
	model_addr_format(x, t);
	struct an_dns_server *s = g_hash_table_lookup(a->dns_servers, t);
	if (s)
		return s;
	s = g_new0(struct an_dns_server, 1);
	s->addr = g_strdup(t);
	const struct model_vpc *vpc = model_vpc_of_addr(a->m, x);
	struct model_addr r2;
	struct model_addr link = { .af = MODEL_AF_INET, .a.v4 = 0xa9fea9fd }; /* 169.254.169.253 */
	const struct model_eni *eni = model_find_eni_by_addr(a->m, NULL, x);
	const struct model_onprem *op = model_find_onprem(a->m, x);
	if (vpc && model_vpc_resolver(vpc, &r2) && r2.af == x->af && !memcmp(&r2.a, &x->a,
			x->af == MODEL_AF_INET ? 4 : 16))
		s->what = g_strdup_printf("Route 53 Resolver (VPC+2) of %s", vpc->o.id);
	else if (x->af == MODEL_AF_INET && x->a.v4 == link.a.v4)
		s->what = g_strdup("Route 53 Resolver (169.254.169.253)");
	else if (eni && eni->description && strstr(eni->description, "Route 53 Resolver"))
		s->what = g_strdup_printf("Route 53 Resolver endpoint %s", eni->o.id);
	else if (eni)
		s->what = g_strdup_printf("%s%s%s%s", eni->o.id, eni->description ? " (" : "",
			eni->description ? eni->description : "", eni->description ? ")" : "");
	else if (op)
		s->what = g_strdup_printf("on-premises %s", op->o.id);
	else
		s->what = g_strdup("");
	g_hash_table_insert(a->dns_servers, s->addr, s);
	g_ptr_array_add(a->r.dns.servers, s);
	return s;
}

static void
dns_expire(struct analyze *a, int64_t before)
{
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, a->dnsq);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct dns_q *q = v;
		if (q->ts >= before)
			continue;
		q->srv->unanswered++;
		a->r.dns.unanswered++;
		if (!q->srv->first_unanswered || q->ts < q->srv->first_unanswered) {
			q->srv->first_unanswered = q->ts;
			q->srv->first_unanswered_frame = q->frame;
		}
		g_hash_table_iter_remove(&it);
	}
}

/* The DNSSEC verdicts decode gave the response of layer li (--dnssec, --trust-anchor) are
 * counted; a bogus one is an anomaly, once per name, type and denial: a validating
 * resolver answers SERVFAIL instead (RFC 4035 §5.5; the Route 53 Resolver does when DNSSEC
 * validation is on for the VPC, "Enabling DNSSEC validation in Amazon Route 53"). */
static void
dnssec_note(struct analyze *a, const struct dec *d, unsigned li, const struct model_packet *pk)
{
	for (unsigned k = 0; k < d->ndnssec; k++) {
		const struct dec_dnssec_result *r = &d->dnssec[k];
		if (r->layer != li || r->status >= G_N_ELEMENTS(a->r.dns.dnssec))
			continue;
		a->r.dns.dnssec[r->status]++;
		if (r->status != DEC_DNSSEC_BOGUS || g_hash_table_size(a->dnssec_bogus) >= 4096)
			continue;
		char tb[16];
		const char *tn = dec_dns_type_name(r->type);
		if (!tn) {
			g_snprintf(tb, sizeof(tb), "TYPE%u", r->type);
			tn = tb;
		}
		char *key = g_strdup_printf("%s/%s/%u", r->name, tn, r->denial);
		if (!g_hash_table_add(a->dnssec_bogus, key))
			continue; /* reported already (the set took key over) */
		char sv[MODEL_PREFIX_STRLEN];
		model_addr_format(&pk->src, sv);
		const char *den = dec_dnssec_denial_name(r->denial);
		an_record(a, true, a->now, "dnssec_bogus", AN_SEV_HIGH, NULL, 0,
			"%s answered %s %s%s%s%s, DNSSEC bogus: %s%s%s; a validating resolver answers "
			"SERVFAIL instead",
			sv, tn, r->name, *den ? " (" : "", den, *den ? ")" : "",
			dec_dnssec_why_text(r->why), r->signer ? ", signer " : "",
			r->signer ? r->signer : "");
	}
}

static void
dns_note(struct analyze *a, const struct dec_dns_layer *m, const struct model_packet *pk)
{
	if (m->mdns)
		return;
	bool qr = m->flags & 0x8000;
	size_t n = pk->src.af == MODEL_AF_INET ? 4 : 16;
	struct dns_qkey k;
	memset(&k, 0, sizeof(k));
	const struct model_addr *cl = qr ? &pk->dst : &pk->src, *sv = qr ? &pk->src : &pk->dst;
	memcpy(k.client, &cl->a, n);
	memcpy(k.server, &sv->a, n);
	k.cport = qr ? pk->dport : pk->sport;
	k.id = m->id;
	if (!qr) {
		if (g_hash_table_contains(a->dnsq, &k))
			return; /* a retransmitted query: the first one's time counts */
		struct an_dns_server *srv = dns_server(a, sv);
		srv->queries++;
		a->r.dns.queries++;
		if (m->edns && m->edns->dnssec_ok)
			a->r.dns.do_bit++;
		struct dns_q *q = g_new0(struct dns_q, 1);
		q->ts = a->now;
		q->frame = a->frame;
		q->srv = srv;
		g_hash_table_insert(a->dnsq, g_memdup2(&k, sizeof(k)), q);
		if (g_hash_table_size(a->dnsq) > DNS_MAX_PENDING)
			dns_expire(a, a->now - DNS_TIMEOUT_NS);
		/* the VPC resolver answers only inside its VPC (Route 53 Resolver guide,
		 * "Resolving DNS queries between VPCs and your network": use an inbound
		 * endpoint) */
		const struct model_vpc *vpc = model_vpc_of_addr(a->m, sv);
		struct model_addr r2;
		if (vpc && model_vpc_resolver(vpc, &r2) && !memcmp(&r2.a, &sv->a, n) &&
			model_vpc_of_addr(a->m, cl) != vpc) {
			a->r.dns.to_vpc_resolver_from_outside++;
			char c[MODEL_PREFIX_STRLEN];
			model_addr_format(cl, c);
			char *rk = g_strdup_printf("%s>%s", c, srv->addr);
			if (!g_hash_table_contains(a->dns_outside, rk)) {
				const struct model_onprem *op = model_find_onprem(a->m, cl);
				const char *qn = m->nq && m->q ? m->q[0].name : NULL;
				an_record(a, true, a->now, "dns_vpc_resolver_from_outside", AN_SEV_HIGH,
					vpc->o.id, 0,
					"%s%s%s%s queries %s, the Route 53 Resolver of %s, which answers only "
					"inside its VPC%s%s%s: send them to a Resolver inbound endpoint",
					c, op ? " (on-premises " : "", op ? op->o.id : "", op ? ")" : "",
					srv->addr, vpc->o.id, qn ? " (first: " : "", qn ? qn : "", qn ? ")" : "");
				g_hash_table_add(a->dns_outside, rk);
			} else {
				g_free(rk);
			}
		}
		return;
	}
	struct dns_q *q = g_hash_table_lookup(a->dnsq, &k);
	if (!q)
		return;
	double ms = (double)(a->now - q->ts) / 1e6;
	q->srv->answered++;
	a->r.dns.answered++;
	if (a->dns_lat->len < LAT_MAX)
		g_array_append_val(a->dns_lat, ms);
	unsigned hb = 0;
	while (hb < AN_DNS_HIST - 1 && ms > an_dns_hist_bounds[hb])
		hb++;
	a->r.dns.lat_hist[hb]++;
	unsigned rc = dec_dns_rcode(m);
	if (rc < G_N_ELEMENTS(a->r.dns.rcodes))
		a->r.dns.rcodes[rc]++;
	if (m->flags & 0x0200)
		a->r.dns.truncated++;
	if (m->flags & 0x0020)
		a->r.dns.ad_bit++;
	for (int s = 0; s < DEC_DNS_NSECT; s++)
		for (unsigned i = 0; m->rr[s] && i < m->nrr[s]; i++)
			if (m->rr[s][i].type == 46) {
				a->r.dns.rrsig++;
				s = DEC_DNS_NSECT;
				break;
			}
	if (rc == 2 || rc == 5) /* SERVFAIL, REFUSED */
		an_record(a, true, a->now, "dns_failure", AN_SEV_LOW, NULL, q->frame,
			"%s answered %s%s%s", q->srv->addr, dec_dns_rcode_name(rc),
			m->nq && m->q ? " for " : "", m->nq && m->q ? m->q[0].name : "");
	g_hash_table_remove(a->dnsq, &k);
}

static int
dbl_cmp(gconstpointer x, gconstpointer y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

static double
pct(GArray *v, double p)
{
	if (!v->len)
		return 0;
	size_t i = (size_t)ceil(p / 100.0 * v->len);
	if (i)
		i--;
	if (i >= v->len)
		i = v->len - 1;
	return g_array_index(v, double, i);
}

/* ---- IPsec, IKE, MACsec, HTTP/2 --------------------------------------------------------- */

struct sa_key {
	uint32_t spi;
	uint8_t src[16], dst[16];
};

static guint
sa_key_hash(gconstpointer p)
{
	const struct sa_key *k = p;
	uint64_t x, y;
	memcpy(&x, k->src, 8);
	memcpy(&y, k->dst, 8);
	uint64_t h = (k->spi * UINT64_C(0x9e3779b97f4a7c15)) ^ x ^ (y * UINT64_C(0xff51afd7ed558ccd));
	return (guint)(h ^ h >> 29);
}

static gboolean
sa_key_equal(gconstpointer a, gconstpointer b)
{
	return !memcmp(a, b, sizeof(struct sa_key));
}

struct sa_live {
	struct an_ipsec_sa *r;
	struct an_link *link;
	struct replay_attr attr;
	int64_t sec;
	uint64_t sec_pkts, sec_bytes;
	bool over_reported;
};

/* ---- throughput per link (issue 15) ---------------------------------------------------- */

/* The link record of an attributed packet's component (made at its first packet), or NULL
 * when the attribution names no link (an ENI, a subnet, nothing). */
static struct an_link *
link_of(struct analyze *a, const struct replay_attr *attr)
{
	switch (attr->kind) {
	case REPLAY_V_DXVIF:
	case REPLAY_V_VPN:
	case REPLAY_V_GWLBE:
	case REPLAY_V_MIRROR:
	case REPLAY_V_CONNECT:
		break;
	default:
		return NULL;
	}
	if (!attr->obj)
		return NULL;
	char *key = g_strdup_printf("%s#%d", attr->obj->id, attr->tunnel);
	struct an_link *l = g_hash_table_lookup(a->links, key);
	if (l) {
		g_free(key);
		return l;
	}
	l = g_new0(struct an_link, 1);
	l->component = g_strdup(attr->obj->id);
	l->tunnel = attr->tunnel;
	l->kind = replay_vkind_name(attr->kind);
	g_hash_table_insert(a->links, key, l);
	g_ptr_array_add(a->r.links, l);
	return l;
}

/* Counts len bytes on l at the current packet's time; widens every link's buckets (merged
 * in pairs) while the capture runs past the last one. */
static void
link_count(struct analyze *a, struct an_link *l, uint32_t len)
{
	if (!l)
		return;
	struct analysis *r = &a->r;
	l->packets++;
	l->bytes += len;
	int64_t off = a->now - r->tp_start;
	if (off < 0)
		off = 0;
	while (off / r->tp_width >= AN_TP_BUCKETS) {
		for (guint k = 0; k < r->links->len; k++) {
			struct an_link *x = g_ptr_array_index(r->links, k);
			for (unsigned i = 0; i < AN_TP_BUCKETS / 2; i++)
				x->buckets[i] = x->buckets[2 * i] + x->buckets[2 * i + 1];
			memset(x->buckets + AN_TP_BUCKETS / 2, 0,
				sizeof(x->buckets[0]) * (AN_TP_BUCKETS - AN_TP_BUCKETS / 2));
		}
		r->tp_width *= 2;
	}
	l->buckets[off / r->tp_width] += len;
}

static void
sa_second_close(struct analyze *a, struct sa_live *l)
{
	if (l->sec_pkts > l->r->peak_pps)
		l->r->peak_pps = l->sec_pkts;
	double mbps = (double)l->sec_bytes * 8 / 1e6;
	if (mbps > l->r->peak_mbps)
		l->r->peak_mbps = mbps;
	if (!l->over_reported && l->r->component &&
		(l->sec_pkts > VPN_TUNNEL_PPS || mbps > VPN_TUNNEL_MBPS)) {
		l->over_reported = true;
		an_record(a, true, l->sec * NS, "tunnel_over_limit", AN_SEV_HIGH, l->r->component, 0,
			"tunnel %d SPI 0x%08x carried %" G_GUINT64_FORMAT " packets/s, %.1f Mbit/s in "
			"one second: over the per-tunnel limit (%d packets/s, %.0f Mbit/s)",
			l->r->tunnel, l->r->spi, l->sec_pkts, mbps, VPN_TUNNEL_PPS, VPN_TUNNEL_MBPS);
	}
}

static void
ipsec_note(struct analyze *a, const struct dec_esp_layer *esp, const struct dec *d, uint32_t len)
{
	int oi = -1;
	for (unsigned i = 0; i < d->nlayers; i++)
		if (d->layers[i].proto == DEC_P_IPV4 || d->layers[i].proto == DEC_P_IPV6) {
			oi = (int)i;
			break;
		}
	if (oi < 0)
		return;
	const struct dec_layer *ip = &d->layers[oi];
	/* the SA's key: SPI and the outer addresses, as bytes (no text per packet) */
	struct sa_key sk;
	memset(&sk, 0, sizeof(sk));
	sk.spi = esp->spi;
	if (ip->proto == DEC_P_IPV4) {
		memcpy(sk.src, ip->u.ipv4.src, 4);
		memcpy(sk.dst, ip->u.ipv4.dst, 4);
	} else {
		memcpy(sk.src, ip->u.ipv6.src, 16);
		memcpy(sk.dst, ip->u.ipv6.dst, 16);
	}
	struct sa_live *l = g_hash_table_lookup(a->sas, &sk);
	char s[MODEL_PREFIX_STRLEN] = "", t[MODEL_PREFIX_STRLEN] = "";
	if (!l) {
		struct model_addr x, y;
		memset(&x, 0, sizeof(x));
		memset(&y, 0, sizeof(y));
		if (ip->proto == DEC_P_IPV4) {
			x.af = y.af = MODEL_AF_INET;
			x.a.v4 = g_ntohl(*(const uint32_t *)(const void *)sk.src);
			y.a.v4 = g_ntohl(*(const uint32_t *)(const void *)sk.dst);
		} else {
			x.af = y.af = MODEL_AF_INET6;
			memcpy(x.a.v6, sk.src, 16);
			memcpy(y.a.v6, sk.dst, 16);
		}
		model_addr_format(&x, s);
		model_addr_format(&y, t);
	}
	if (!l) {
		l = g_new0(struct sa_live, 1);
		/* the SA's outer addresses and SPI are the same on every packet: attributed once */
		replay_attribute(a->m, d, &l->attr);
		l->link = link_of(a, &l->attr);
		const struct replay_attr *attr = &l->attr;
		const char *comp = attr->kind == REPLAY_V_VPN ? attr->obj->id : NULL;
		l->r = g_new0(struct an_ipsec_sa, 1);
		l->r->component = g_strdup(comp);
		l->r->tunnel = attr->kind == REPLAY_V_VPN ? attr->tunnel : 0;
		l->r->spi = esp->spi;
		l->r->peers = g_strdup_printf("%s -> %s", s, t);
		l->r->first = a->now;
		l->r->seq_first = esp->seq;
		l->r->seq_last = esp->seq;
		l->sec = a->now / NS;
		g_ptr_array_add(a->r.ipsec, l->r);
		g_hash_table_insert(a->sas, g_memdup2(&sk, sizeof(sk)), l);
		if (comp) {
			/* one event per tunnel and direction when ESP starts or changes SPI there */
			char *tk = g_strdup_printf("%s#%d %s>%s", comp, l->r->tunnel, s, t);
			gpointer prev = g_hash_table_lookup(a->tunnels_seen, tk);
			if (!prev) {
				/* ESP starting on a tunnel while another of the same connection carried
				 * it before: traffic moved between tunnels */
				char *other = NULL;
				GHashTableIter it;
				gpointer k2, v2;
				g_hash_table_iter_init(&it, a->sas);
				while (g_hash_table_iter_next(&it, &k2, &v2)) {
					struct sa_live *o = v2;
					if (o != l && o->r->component && !strcmp(o->r->component, comp) &&
						o->r->tunnel != l->r->tunnel && o->r->last < a->now - 2 * NS)
					{
						g_free(other);
						other = g_strdup_printf("%d", o->r->tunnel);
					}
				}
				if (other) {
					an_record(a, false, a->now, "ipsec_tunnel_failover", AN_SEV_INFO, comp, 0,
						"ESP moves from tunnel %s to tunnel %d (%s, SPI 0x%08x)", other,
						l->r->tunnel, l->r->peers, esp->spi);
					an_record(a, true, a->now, "ipsec_tunnel_failover", AN_SEV_MEDIUM, comp, 0,
						"ESP moved from tunnel %s to tunnel %d", other, l->r->tunnel);
					g_free(other);
				} else {
					an_record(a, false, a->now, "ipsec_tunnel_active", AN_SEV_INFO, comp, 0,
						"ESP on tunnel %d: %s, SPI 0x%08x", l->r->tunnel, l->r->peers,
						esp->spi);
				}
				g_hash_table_insert(a->tunnels_seen, tk, GUINT_TO_POINTER(esp->spi));
			} else if (GPOINTER_TO_UINT(prev) != esp->spi) {
				an_record(a, false, a->now, "ipsec_rekey", AN_SEV_INFO, comp, 0,
					"tunnel %d %s: new SPI 0x%08x replaces 0x%08x (child SA rekey, RFC 7296 "
					"§2.8)", l->r->tunnel, l->r->peers, esp->spi, GPOINTER_TO_UINT(prev));
				g_hash_table_insert(a->tunnels_seen, tk, GUINT_TO_POINTER(esp->spi));
			} else {
				g_free(tk);
			}
		}
	} else {
		/* RFC 4303 §3.3.3: the sender counts up by one per packet; a jump is loss (or
		 * loss before the capture point), a repeat or step back a replay or reordering */
		if (esp->seq > l->r->seq_last + 1) {
			l->r->gaps++;
			l->r->lost += esp->seq - l->r->seq_last - 1;
		} else if (esp->seq <= l->r->seq_last) {
			l->r->replays++;
		}
		if (esp->seq > l->r->seq_last)
			l->r->seq_last = esp->seq;
	}
	replay_vantage_note(a->vant, &l->attr);
	link_count(a, l->link, len);
	l->r->last = a->now;
	l->r->packets++;
	l->r->bytes += len;
	int64_t sec = a->now / NS;
	if (sec != l->sec) {
		sa_second_close(a, l);
		l->sec = sec;
		l->sec_pkts = l->sec_bytes = 0;
	}
	l->sec_pkts++;
	l->sec_bytes += len;
}

static void
ike_note(struct analyze *a, const struct dec_ike_layer *k, const struct replay_attr *attr,
	const struct model_packet *pk)
{
	uint64_t ispi = 0;
	for (int i = 0; i < 8; i++)
		ispi = ispi << 8 | k->ispi[i];
	struct an_ike *r = g_hash_table_lookup(a->ikes, &ispi);
	if (!r) {
		r = g_new0(struct an_ike, 1);
		char s[MODEL_PREFIX_STRLEN], t[MODEL_PREFIX_STRLEN];
		model_addr_format(&pk->src, s);
		model_addr_format(&pk->dst, t);
		r->peers = g_strdup_printf("%s <-> %s (SPI %016" G_GINT64_MODIFIER "x)", s, t,
			(guint64)ispi);
		r->component = g_strdup(attr->kind == REPLAY_V_VPN ? attr->obj->id : NULL);
		g_ptr_array_add(a->r.ike, r);
		g_hash_table_insert(a->ikes, g_memdup2(&ispi, sizeof(ispi)), r);
	}
	r->messages++;
	bool v2 = (k->version >> 4) == 2;
	if (v2 && k->exchange == 34)
		r->exchanges_ike_sa_init++;
	else if (v2 && k->exchange == 35)
		r->exchanges_auth++;
	else if (v2 && k->exchange == 37) {
		r->informational++;
		/* RFC 7296 §1.4: a liveness check (dead peer detection) is an INFORMATIONAL
		 * request with no payloads; encrypted, it is an SK payload holding only IV,
		 * padding and ICV: 80 bytes or less with every cipher AWS negotiates */
		if (k->length <= 80)
			r->dpd++;
	}
	for (unsigned i = 0; k->payloads && i < k->npayloads; i++) {
		const struct dec_ike_payload *p = &k->payloads[i];
		/* RFC 7296 §3.10.1: Notify types below 16384 are errors */
		if (p->type == 41 && p->u.notify.type < 16384) {
			r->failures++;
			const char *nm = dec_ike_notify_name(p->u.notify.type);
			g_free(r->last_error);
			r->last_error = g_strdup(nm ? nm : "error");
			an_record(a, true, a->now, "ike_failure", AN_SEV_MEDIUM, r->component, 0,
				"IKE %s: NOTIFY %s (%u)", r->peers, nm ? nm : "error", p->u.notify.type);
		}
	}
}

struct macsec_live {
	struct an_macsec *r;
	uint32_t last_pn;
};

static void
macsec_note(struct analyze *a, const struct dec_macsec_layer *m)
{
	if (!m->has_sci)
		return;
	struct macsec_live *l = g_hash_table_lookup(a->macsecs, &m->sci);
	if (!l) {
		l = g_new0(struct macsec_live, 1);
		l->r = g_new0(struct an_macsec, 1);
		l->r->sci = g_strdup_printf("%016" G_GINT64_MODIFIER "x", (guint64)m->sci);
		l->r->an = m->an;
		l->last_pn = m->pn;
		l->r->packets = 1;
		g_ptr_array_add(a->r.macsec, l->r);
		g_hash_table_insert(a->macsecs, g_memdup2(&m->sci, sizeof(m->sci)), l);
		return;
	}
	l->r->packets++;
	/* IEEE 802.1AE §10.6: the PN rises by one per frame of an SA; a new AN is a new SA
	 * (key change) whose PN starts again */
	if (m->an != l->r->an) {
		l->r->an_changes++;
		an_record(a, false, a->now, "macsec_an_change", AN_SEV_INFO, NULL, 0,
			"SCI %s: association number %u -> %u (new SA, PN %u)", l->r->sci, l->r->an, m->an,
			m->pn);
		l->r->an = m->an;
	} else if (m->pn > l->last_pn + 1) {
		l->r->pn_gaps++;
	}
	l->last_pn = m->pn;
}

static void
h2_note(struct analyze *a, const struct dec_http2_layer *h)
{
	for (const struct dec_http2_request *r = h->requests; r; r = r->next) {
		a->r.http2.requests++;
		if (!r->status)
			continue;
		a->r.http2.responses++;
		unsigned cls = r->status / 100;
		a->r.http2.status[cls >= 1 && cls <= 5 ? cls : 0]++;
		if (r->has_start && a->h2_lat->len < LAT_MAX) {
			double ms = (double)(r->end_sec - r->start_sec) * 1e3 +
				((double)r->end_nsec - (double)r->start_nsec) / 1e6;
			g_array_append_val(a->h2_lat, ms);
		}
		if (cls == 5)
			an_record(a, true, a->now, "http2_server_error", AN_SEV_LOW, NULL, 0,
				"HTTP/2 %s %s%s -> %u", r->method ? r->method : "?",
				r->authority ? r->authority : "", r->path ? r->path : "", r->status);
	}
}

/* ---- the packet loop --------------------------------------------------------------------- */

static int
inner_ip(const struct dec *d)
{
	int found = -1;
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		if ((l->proto == DEC_P_ICMP || l->proto == DEC_P_ICMPV6) && l->u.icmp.quote)
			break;
		if ((l->proto == DEC_P_IPV4 || l->proto == DEC_P_IPV6) && !l->truncated)
			found = (int)i;
	}
	return found;
}

static struct an_gwlb *
gwlb_of(struct analyze *a, const struct dec *d, const struct replay_attr *attr)
{
	int oi = -1;
	for (unsigned i = 0; i < d->nlayers; i++)
		if (d->layers[i].proto == DEC_P_IPV4) {
			oi = (int)i;
			break;
		}
	if (oi < 0)
		return NULL;
	struct model_addr s = { .af = MODEL_AF_INET }, t = { .af = MODEL_AF_INET };
	const uint8_t *x = d->layers[oi].u.ipv4.src, *y = d->layers[oi].u.ipv4.dst;
	s.a.v4 = (uint32_t)x[0] << 24 | (uint32_t)x[1] << 16 | (uint32_t)x[2] << 8 | x[3];
	t.a.v4 = (uint32_t)y[0] << 24 | (uint32_t)y[1] << 16 | (uint32_t)y[2] << 8 | y[3];
	/* the appliance is the end that is not the load balancer's own interface */
	const struct model_eni *e = model_find_eni_by_addr(a->m, NULL, &s);
	const struct model_addr *app =
		e && e->interface_type && !strcmp(e->interface_type, "gateway_load_balancer") ? &t : &s;
	char at[MODEL_PREFIX_STRLEN];
	model_addr_format(app, at);
	char *k = g_strdup_printf("%s>%s", attr->obj->id, at);
	struct an_gwlb *g = g_hash_table_lookup(a->gwlbs, k);
	if (g) {
		g_free(k);
		return g;
	}
	g = g_new0(struct an_gwlb, 1);
	g->endpoint = g_strdup(attr->obj->id);
	g->appliance = g_strdup(at);
	g_ptr_array_add(a->r.gwlb, g);
	g_hash_table_insert(a->gwlbs, k, g);
	return g;
}

static void
carrier_text(const struct dec *d, const struct replay_attr *attr, struct an_flow *f)
{
	if (attr->kind == REPLAY_V_GWLBE)
		f->carrier = g_strdup_printf("geneve vni %u (%s)", attr->vni, attr->obj->id);
	else if (attr->kind == REPLAY_V_MIRROR)
		f->carrier = g_strdup_printf("vxlan vni %u", attr->vni);
	else if (attr->vlan >= 0)
		f->carrier = g_strdup_printf("vlan %d", attr->vlan);
	(void)d;
}

/* analyze keeps one int64 clock in ns since the epoch, clamped to +-2^62 (years +-146) so
 * that no time past 2262 wraps (issue 17) and the timers' sums (hold times, DNS timeouts)
 * stay within int64 */
static int64_t
clock_of(const struct dec *d)
{
	int64_t now = cap_time_diff_ns(d->ts, cap_time_make(0, 0));
	return CLAMP(now, -ANALYZE_NS_MAX, ANALYZE_NS_MAX);
}

void
analyze_skip(struct analyze *a, const struct dec *d)
{
	int64_t now = clock_of(d);
	a->r.not_matching++;
	if (!a->r.packets || now <= a->r.last)
		return;
	a->r.last = now;
	a->now = now;
	bgp_clock_advance(a->bgp, now);
}

void
analyze_packet(struct analyze *a, const struct dec *d, uint8_t prec, uint32_t len, uint64_t n)
{
	int64_t now = clock_of(d);
	if (!a->r.packets) {
		a->r.first = a->r.last = now;
		a->r.tp_start = now;
		a->r.prec = prec == 9 ? 9 : 6;
	}
	a->r.packets++;
	a->r.bytes += len;
	/* a packet stamped before the one before it (a clock step, a merged file out of
	 * order) is taken at the latest time seen: the model's clock never runs back */
	if (now < a->r.first)
		a->r.first = now;
	if (now < a->r.last)
		now = a->r.last;
	a->r.last = now;
	a->now = now;
	/* a hold timer that expired before this packet fires first, at its own time */
	bgp_clock_advance(a->bgp, now);
	a->frame = n;
	flow_table_add(a->ft, d, d->ts_sec, d->ts_nsec, prec, len);

	bool tunnel_only = false;
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		switch (l->proto) {
		case DEC_P_ESP:
			ipsec_note(a, &l->u.esp, d, len);
			/* decrypted with --esp-keys (issue 18): the inner packet is a flow like any
			 * other, walked from the tunnel it came over */
			if (l->u.esp.decrypt != DEC_ESP_DECRYPTED)
				tunnel_only = true;
			if (l->u.esp.decrypt == DEC_ESP_ICV_FAILED ||
				l->u.esp.decrypt == DEC_ESP_BAD_PLAINTEXT)
				an_record(a, true, now, "esp_icv_failed", AN_SEV_MEDIUM, NULL, 0,
					"ESP SPI 0x%08x seq %u: %s with the key given: a wrong key, "
					"or the packet was altered on the way", l->u.esp.spi, l->u.esp.seq,
					l->u.esp.decrypt == DEC_ESP_ICV_FAILED
						? "the integrity check value does not verify"
						: "decrypted, but its trailer is not valid");
			break;
		case DEC_P_IKE:
		case DEC_P_NATT_KEEPALIVE:
			tunnel_only = true;
			break;
		case DEC_P_MACSEC:
			macsec_note(a, &l->u.macsec);
			break;
		case DEC_P_HTTP2:
			h2_note(a, &l->u.http2);
			break;
		case DEC_P_LACP:
			an_lacp_note(a, &l->u.lacp);
			break;
		default:
			break;
		}
	}
	struct model_packet pk;
	if (!replay_packet_of(d, &pk))
		return;
	for (unsigned i = 0; i < d->nlayers; i++) {
		if (d->layers[i].proto == DEC_P_IKE) {
			struct replay_attr attr;
			replay_attribute(a->m, d, &attr);
			replay_vantage_note(a->vant, &attr);
			ike_note(a, &d->layers[i].u.ike, &attr, &pk);
		} else if (d->layers[i].proto == DEC_P_DNS) {
			dns_note(a, &d->layers[i].u.dns, &pk);
			dnssec_note(a, d, i, &pk);
		} else if (d->layers[i].proto == DEC_P_BFD && !d->layers[i].truncated) {
			an_bfd_note(a, &d->layers[i].u.bfd, d, &pk);
		}
	}
	if (tunnel_only)
		return; /* ESP / IKE: the tunnel itself, in the IPsec and IKE timelines */

	struct akey k;
	memset(&k, 0, sizeof(k));
	k.fam = pk.src.af == MODEL_AF_INET ? 4 : 6;
	if (k.fam == 4) {
		uint32_t x = g_htonl(pk.src.a.v4), y = g_htonl(pk.dst.a.v4);
		memcpy(k.a, &x, 4);
		memcpy(k.b, &y, 4);
	} else {
		memcpy(k.a, pk.src.a.v6, 16);
		memcpy(k.b, pk.dst.a.v6, 16);
	}
	k.proto = pk.proto;
	if (pk.proto == 6 || pk.proto == 17) {
		k.pa = pk.sport;
		k.pb = pk.dport;
	}
	int ii = inner_ip(d);
	unsigned nv = 0;
	for (int i = 0; i < ii && nv < FLOW_MAX_VLAN; i++)
		if (d->layers[i].proto == DEC_P_VLAN && d->layers[i].tunnel == d->layers[ii].tunnel)
			k.vlan[nv++] = (uint16_t)(d->layers[i].u.vlan.vid + 1);
	bool swapped = akey_canon(&k);
	struct fstate *s = g_hash_table_lookup(a->live, &k);
	if (!s) {
		s = g_new0(struct fstate, 1);
		s->key = k;
		s->rec = g_new0(struct an_flow, 1);
		s->rec->id = ++a->next_flow_id;
		s->rec->key = key_text(&pk);
		s->rec->first = now;
		s->rec->paths = g_ptr_array_new_with_free_func(path_free);
		community_id(&k, swapped, &pk, s->rec->community_id);
		s->pkt[0] = pk;
		s->pkt[1] = pk;
		s->pkt[1].src = pk.dst;
		s->pkt[1].dst = pk.src;
		s->pkt[1].sport = pk.dport;
		s->pkt[1].dport = pk.sport;
		s->pkt[1].flags = MODEL_PKT_REPLY;
		if (pk.proto == 1 || pk.proto == 58)
			s->pkt[1].icmp_type = pk.icmp_type == 8 ? 0 : pk.icmp_type == 128 ? 129 : pk.icmp_type;
		s->dns = pk.sport == 53 || pk.dport == 53;
		s->src_in[0] = in_vpc(a, &pk.src);
		s->src_in[1] = in_vpc(a, &pk.dst);
		if (!s->src_in[0] && !s->src_in[1] &&
			!model_find_eni_by_public(a->m, &pk.src, NULL) &&
			!model_find_eni_by_public(a->m, &pk.dst, NULL)) {
			s->rec->unmodeled = true;
			s->rec->why_unmodeled = g_strdup("neither address is in a VPC of the topology");
		}
		g_hash_table_insert(a->live, &s->key, s);
	}
	bool fwd = !memcmp(&pk.src, &s->pkt[0].src, sizeof(pk.src)) && pk.sport == s->pkt[0].sport;
	int dir = fwd ? 0 : 1;
	/* what the outer layers say is the same for every packet of one direction of a flow
	 * (same tag, same tunnel): worked out once per direction, counted per packet */
	if (!s->attr_have[dir]) {
		s->attr_have[dir] = true;
		replay_attribute(a->m, d, &s->attr[dir]);
		s->link[dir] = link_of(a, &s->attr[dir]);
		if (!s->rec->entry && s->attr[dir].obj)
			s->rec->entry = g_strdup(s->attr[dir].obj->id);
		if (!s->rec->carrier)
			carrier_text(d, &s->attr[dir], s->rec);
	}
	const struct replay_attr *attrp = &s->attr[dir];
	replay_vantage_note(a->vant, attrp);
	if (bgp_clock_packet(a->bgp, d, attrp, &pk) && !s->rec->control) {
		s->rec->control = true;
		s->rec->unmodeled = false;
	}
	link_count(a, s->link[dir], len);
	/* BFD (issue 18) is link control like BGP: its timeline says what it did */
	if (!s->rec->control && ii + 2 < (int)d->nlayers && d->layers[ii + 2].proto == DEC_P_BFD) {
		s->rec->control = true;
		s->rec->unmodeled = false;
	}
	struct an_flow *f = s->rec;
	f->pkts[dir]++;
	f->bytes[dir] += len;
	f->last = now;
	/* a bare ACK asks for nothing: only segments with data (or SYN/FIN) wait for a reply */
	bool asks = true;
	if (ii + 1 < (int)d->nlayers && d->layers[ii + 1].proto == DEC_P_TCP) {
		const struct dec_tcp_layer *tl = &d->layers[ii + 1].u.tcp;
		asks = tl->plen || (tl->flags & (DEC_TCP_SYN | DEC_TCP_FIN));
	}
	if (dir == 1) {
		s->since_reply = 0;
	} else if (f->pkts[1] && asks) {
		if (!s->since_reply++) {
			s->since_ts = now;
			s->since_frame = n;
		}
	}
	if (attrp->kind == REPLAY_V_GWLBE) {
		s->gwlb = 1;
		s->gw = gwlb_of(a, d, attrp);
		if (s->gw) {
			s->gw->packets++;
			s->gw->bytes += len;
		}
	}
	if (f->control || f->unmodeled)
		return;
	bool src_in = s->src_in[dir];
	if (!s->have[dir]) {
		s->have[dir] = true;
		if ((attrp->kind == REPLAY_V_DXVIF || attrp->kind == REPLAY_V_VPN) && !src_in)
			s->pkt[dir].from = attrp->obj;
		if (attrp->kind == REPLAY_V_DXVIF || attrp->kind == REPLAY_V_VPN)
			s->seen_on[dir] = attrp->obj;
		walk(a, s, dir, now);
	} else if (s->ver[dir] != a->version) {
		walk(a, s, dir, now);
	}
	if (s->cur[dir]) {
		s->cur[dir]->pkts++;
		s->cur[dir]->bytes += len;
	}
	/* evidence: seen leaving AWS on a VIF or tunnel the model does not send it over */
	const struct an_path *cp = s->cur[dir];
	const struct model_obj *on = (attrp->kind == REPLAY_V_DXVIF || attrp->kind == REPLAY_V_VPN)
					     ? attrp->obj : NULL;
	if (on && src_in && cp && cp->verdict == MODEL_VERDICT_DELIVERED && !s->asym_reported &&
		g_strcmp0(cp->exit_id, on->id)) {
		s->asym_reported = true;
		mark_interesting(s);
		an_record(a, true, now, "asymmetric_path", AN_SEV_MEDIUM, on->id, 0,
			"%s seen on %s, but the model sends it over %s", f->key, on->id,
			cp->exit_id ? cp->exit_id : cp->end_id);
	} else if (on && !src_in && s->cur[1 - dir] && !s->asym_reported &&
		s->cur[1 - dir]->verdict == MODEL_VERDICT_DELIVERED && s->cur[1 - dir]->exit_id &&
		strcmp(s->cur[1 - dir]->exit_id, on->id)) {
		s->asym_reported = true;
		mark_interesting(s);
		an_record(a, true, now, "asymmetric_path", AN_SEV_LOW, on->id, 0,
			"%s arrives over %s while the model returns its replies over %s", f->key, on->id,
			s->cur[1 - dir]->exit_id);
	}
}

/* ---- life cycle ---------------------------------------------------------------------------- */

struct analyze *
analyze_new(const struct model *m, struct model_engine *e, const struct analyze_opts *opts,
	GError **error)
{
	struct analyze *a = g_new0(struct analyze, 1);
	a->m = m;
	a->e = e;
	a->path = g_new(struct model_path, 1);
	if (opts)
		a->o = *opts;
	if (!a->o.keep_flows)
		a->o.keep_flows = KEEP_DEFAULT;
	a->vant = replay_vantage_new(m, a->o.vantage, error);
	if (!a->vant) {
		g_free(a->path);
		g_free(a);
		return NULL;
	}
	struct flow_limits lim = { .idle_timeout = a->o.idle_timeout, .max_flows = a->o.max_flows };
	a->ft = flow_table_new(&lim, on_flow_done, a);
	a->live = g_hash_table_new_full(akey_hash, akey_equal, NULL, fstate_free);
	a->bgp = bgp_clock_new(a);
	a->dnsq = g_hash_table_new_full(akey_hash_dns, akey_equal_dns, g_free, g_free);
	a->dns_lat = g_array_new(FALSE, FALSE, sizeof(double));
	a->h2_lat = g_array_new(FALSE, FALSE, sizeof(double));
	a->dns_servers = g_hash_table_new(g_str_hash, g_str_equal);
	a->dns_outside = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	a->dnssec_bogus = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	a->r.dns.dnssec_ran = opts && opts->dnssec;
	a->sas = g_hash_table_new_full(sa_key_hash, sa_key_equal, g_free, g_free);
	a->tunnels_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	a->gwlbs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	a->ikes = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	a->macsecs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	a->anom_count = g_hash_table_new(g_str_hash, g_str_equal);
	a->ordinary = g_ptr_array_new();
	a->links = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	struct analysis *r = &a->r;
	r->links = g_ptr_array_new();
	r->tp_width = AN_TP_WIDTH0;
	r->files = g_ptr_array_new_with_free_func(g_free);
	r->topology = g_strdup(a->o.topology_name ? a->o.topology_name : m->dir);
	r->seen = g_ptr_array_new_with_free_func(g_free);
	r->events = g_array_new(FALSE, TRUE, sizeof(struct an_event));
	g_array_set_clear_func(r->events, event_clear);
	r->anomalies = g_array_new(FALSE, TRUE, sizeof(struct an_event));
	g_array_set_clear_func(r->anomalies, event_clear);
	r->flows = g_ptr_array_new();
	r->unmodeled = g_ptr_array_new_with_free_func(g_free);
	r->bgp = g_ptr_array_new();
	r->ipsec = g_ptr_array_new();
	r->ike = g_ptr_array_new();
	r->dns.servers = g_ptr_array_new();
	r->gwlb = g_ptr_array_new();
	r->macsec = g_ptr_array_new();
	an_l2_init(a);
	r->topology_warnings = m->warnings ? m->warnings->len : 0;
	if (!a->o.topology_bundled && m->dirs && m->dirs->len) {
		r->topology_dirs = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < m->dirs->len; i++)
			g_ptr_array_add(r->topology_dirs, g_strdup(g_ptr_array_index(m->dirs, i)));
	}
	r->prec = 6;
	return a;
}

void
analyze_add_file(struct analyze *a, const char *name)
{
	g_ptr_array_add(a->r.files, g_strdup(name));
}

static gint
ev_cmp(gconstpointer x, gconstpointer y)
{
	const struct an_event *a = x, *b = y;
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

static int
flow_first_cmp(gconstpointer x, gconstpointer y)
{
	const struct an_flow *a = *(struct an_flow *const *)x, *b = *(struct an_flow *const *)y;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->id < b->id ? -1 : (a->id > b->id);
}

static int
str_cmp(gconstpointer x, gconstpointer y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

const struct analysis *
analyze_finish(struct analyze *a)
{
	if (a->finished)
		return &a->r;
	a->finished = true;
	struct analysis *r = &a->r;
	a->frame = 0;
	bgp_clock_finish(a->bgp, r->last);
	an_bfd_finish(a);
	flow_table_flush(a->ft);
	/* flows the flow table did not hand back under the same key */
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, a->live);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct fstate *s = v;
		if (s->rec)
			flow_end(a, s, NULL);
	}
	g_hash_table_remove_all(a->live);
	/* the ordinary flows kept: the largest */
	g_ptr_array_sort(a->ordinary, bytes_desc);
	for (guint i = 0; i < a->ordinary->len; i++) {
		struct an_flow *f = g_ptr_array_index(a->ordinary, i);
		if (i < a->o.keep_flows)
			g_ptr_array_add(r->flows, f);
		else {
			flow_rec_free(f);
			r->flows_not_kept++;
		}
	}
	g_ptr_array_set_size(a->ordinary, 0);
	g_ptr_array_sort(r->flows, flow_first_cmp);
	/* DNS: what was never answered */
	dns_expire(a, INT64_MAX);
	for (guint i = 0; i < r->dns.servers->len; i++) {
		struct an_dns_server *s = g_ptr_array_index(r->dns.servers, i);
		if (!s->unanswered)
			continue;
		a->frame = s->first_unanswered_frame;
		an_record(a, true, s->first_unanswered, "dns_unanswered", AN_SEV_MEDIUM, NULL, 0,
			"%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " queries to %s%s%s%s unanswered",
			s->unanswered, s->queries, s->addr, s->what[0] ? " (" : "", s->what,
			s->what[0] ? ")" : "");
	}
	a->frame = 0;
	g_array_sort(a->dns_lat, dbl_cmp);
	r->dns.p50_ms = pct(a->dns_lat, 50);
	r->dns.p90_ms = pct(a->dns_lat, 90);
	r->dns.p99_ms = pct(a->dns_lat, 99);
	r->dns.max_ms = a->dns_lat->len ? g_array_index(a->dns_lat, double, a->dns_lat->len - 1) : 0;
	g_array_sort(a->h2_lat, dbl_cmp);
	r->http2.p50_ms = pct(a->h2_lat, 50);
	r->http2.p99_ms = pct(a->h2_lat, 99);
	/* IPsec: the last second of each SA */
	g_hash_table_iter_init(&it, a->sas);
	while (g_hash_table_iter_next(&it, &k, &v))
		sa_second_close(a, v);
	for (guint i = 0; i < r->ipsec->len; i++) {
		struct an_ipsec_sa *sa = g_ptr_array_index(r->ipsec, i);
		if (sa->gaps)
			an_record(a, true, sa->first, "esp_sequence_gaps", AN_SEV_LOW, sa->component, 0,
				"SPI 0x%08x %s: %" G_GUINT64_FORMAT " gaps, about %" G_GUINT64_FORMAT
				" packets lost before the capture point", sa->spi, sa->peers, sa->gaps,
				sa->lost);
	}
	/* the vantage */
	GError *err = NULL;
	if (!replay_vantage_decide(a->vant, &r->vantage, &err)) {
		r->vantage_error = true;
		r->vantage_error_text = g_strdup(err->message);
		g_error_free(err);
	}
	const struct model_obj *objs[16];
	enum replay_vkind kinds[16];
	uint64_t pk[16];
	size_t n = replay_vantage_seen(a->vant, objs, kinds, pk, 16);
	for (size_t i = 0; i < n && i < 16; i++)
		g_ptr_array_add(r->seen, g_strdup_printf("%s (%s): %" G_GUINT64_FORMAT " packet%s, "
			"first as %s", objs[i]->id, replay_vkind_name(kinds[i]), pk[i],
			pk[i] == 1 ? "" : "s", replay_vantage_how(a->vant, objs[i])));
	/* anomalies cut at ANOMALY_KIND_MAX per kind: say how many more */
	GPtrArray *kinds_over = g_ptr_array_new();
	g_hash_table_iter_init(&it, a->anom_count);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (GPOINTER_TO_INT(v) > ANOMALY_KIND_MAX)
			g_ptr_array_add(kinds_over, k);
	g_ptr_array_sort(kinds_over, str_cmp);
	for (guint i = 0; i < kinds_over->len; i++) {
		const char *kind = g_ptr_array_index(kinds_over, i);
		int cnt = GPOINTER_TO_INT(g_hash_table_lookup(a->anom_count, kind));
		struct an_event ev;
		memset(&ev, 0, sizeof(ev));
		ev.ts = r->last;
		ev.kind = "more_anomalies";
		ev.severity = AN_SEV_INFO;
		ev.detail = g_strdup_printf("%d more %s anomalies not listed", cnt - ANOMALY_KIND_MAX,
			kind);
		ev.seq = a->seq++;
		g_array_append_val(r->anomalies, ev);
	}
	g_ptr_array_free(kinds_over, TRUE);
	g_array_sort(r->events, ev_cmp);
	g_array_sort(r->anomalies, ev_cmp);
	for (guint i = 0; i < r->bgp->len; i++) {
		struct an_bgp_session *s = g_ptr_array_index(r->bgp, i);
		g_array_sort(s->timeline, ev_cmp);
	}
	return r;
}

void
analyze_free(struct analyze *a)
{
	if (!a)
		return;
	struct analysis *r = &a->r;
	flow_table_free(a->ft);
	g_hash_table_destroy(a->live);
	bgp_clock_free(a->bgp);
	replay_vantage_free(a->vant);
	g_hash_table_destroy(a->dnsq);
	g_array_free(a->dns_lat, TRUE);
	g_array_free(a->h2_lat, TRUE);
	g_hash_table_destroy(a->dns_servers);
	g_hash_table_destroy(a->dns_outside);
	g_hash_table_destroy(a->dnssec_bogus);
	g_hash_table_destroy(a->sas);
	g_hash_table_destroy(a->tunnels_seen);
	g_hash_table_destroy(a->gwlbs);
	g_hash_table_destroy(a->ikes);
	g_hash_table_destroy(a->macsecs);
	g_hash_table_destroy(a->anom_count);
	g_hash_table_destroy(a->links);
	for (guint i = 0; i < r->links->len; i++) {
		struct an_link *l = g_ptr_array_index(r->links, i);
		g_free(l->component);
		g_free(l);
	}
	g_ptr_array_free(r->links, TRUE);
	for (guint i = 0; i < a->ordinary->len; i++)
		flow_rec_free(g_ptr_array_index(a->ordinary, i));
	g_ptr_array_free(a->ordinary, TRUE);
	g_ptr_array_free(r->files, TRUE);
	g_free(r->topology);
	g_free(r->vantage_error_text);
	g_ptr_array_free(r->seen, TRUE);
	g_array_free(r->events, TRUE);
	g_array_free(r->anomalies, TRUE);
	for (guint i = 0; i < r->flows->len; i++)
		flow_rec_free(g_ptr_array_index(r->flows, i));
	g_ptr_array_free(r->flows, TRUE);
	g_ptr_array_free(r->unmodeled, TRUE);
	for (guint i = 0; i < r->bgp->len; i++) {
		struct an_bgp_session *s = g_ptr_array_index(r->bgp, i);
		g_free(s->component);
		g_free(s->peers);
		for (guint k = 0; k < s->timeline->len; k++)
			event_clear(&g_array_index(s->timeline, struct an_event, k));
		g_array_free(s->timeline, TRUE);
		g_free(s);
	}
	g_ptr_array_free(r->bgp, TRUE);
	for (guint i = 0; i < r->ipsec->len; i++) {
		struct an_ipsec_sa *s = g_ptr_array_index(r->ipsec, i);
		g_free(s->component);
		g_free(s->peers);
		g_free(s);
	}
	g_ptr_array_free(r->ipsec, TRUE);
	for (guint i = 0; i < r->ike->len; i++) {
		struct an_ike *s = g_ptr_array_index(r->ike, i);
		g_free(s->peers);
		g_free(s->component);
		g_free(s->last_error);
		g_free(s);
	}
	g_ptr_array_free(r->ike, TRUE);
	for (guint i = 0; i < r->dns.servers->len; i++) {
		struct an_dns_server *s = g_ptr_array_index(r->dns.servers, i);
		g_free(s->addr);
		g_free(s->what);
		g_free(s);
	}
	g_ptr_array_free(r->dns.servers, TRUE);
	for (guint i = 0; i < r->gwlb->len; i++) {
		struct an_gwlb *g = g_ptr_array_index(r->gwlb, i);
		g_free(g->endpoint);
		g_free(g->appliance);
		g_free(g);
	}
	g_ptr_array_free(r->gwlb, TRUE);
	for (guint i = 0; i < r->macsec->len; i++) {
		struct an_macsec *s = g_ptr_array_index(r->macsec, i);
		g_free(s->sci);
		g_free(s);
	}
	g_ptr_array_free(r->macsec, TRUE);
	an_l2_free(a);
	if (r->topology_dirs)
		g_ptr_array_free(r->topology_dirs, TRUE);
	g_free(a->path);
	g_free(a);
}
