/* vantage.c - which AWS component an outer packet belongs to, and where the capture was
 * taken (vantage.h). The rules and the AWS pages they come from are in vantage.h.
 *
 * The tally is a hash table keyed by the component (its model_obj pointer, stable for the
 * model's life) holding a packet count and the first "how" seen: one entry per component,
 * never per packet.
 */
#include "replay/vantage.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK(awstrace-replay-vantage-error-quark, replay_vantage_error)

const char *
replay_vkind_name(enum replay_vkind k)
{
	static const char *const names[REPLAY_V_COUNT] = {
		[REPLAY_V_NONE] = "none",
		[REPLAY_V_DXVIF] = "dx-vif",
		[REPLAY_V_VPN] = "vpn-tunnel",
		[REPLAY_V_GWLBE] = "gwlb-endpoint",
		[REPLAY_V_MIRROR] = "traffic-mirror",
		[REPLAY_V_CONNECT] = "tgw-connect",
		[REPLAY_V_ENI] = "eni",
		[REPLAY_V_SUBNET] = "subnet",
		[REPLAY_V_ONPREM] = "on-premises",
	};
	return (unsigned)k < REPLAY_V_COUNT ? names[k] : "none";
}

/* ---- packet views -> model packets ------------------------------------------------- */

static void
addr_of(struct model_addr *a, const struct dec_layer *l, bool src)
{
	memset(a, 0, sizeof(*a));
	if (l->proto == DEC_P_IPV4) {
		const uint8_t *b = src ? l->u.ipv4.src : l->u.ipv4.dst;
		a->af = MODEL_AF_INET;
		a->a.v4 = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	} else {
		a->af = MODEL_AF_INET6;
		memcpy(a->a.v6, src ? l->u.ipv6.src : l->u.ipv6.dst, 16);
	}
}

/* The index of the innermost IP layer outside an ICMP quote at or below `below` (exclusive
 * upper bound), or -1. An ICMP error's quoted header comes after the ICMP layer. */
static int
ip_index(const struct dec *d, unsigned below, bool outermost)
{
	int found = -1;
	for (unsigned i = 0; i < below && i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		if (l->proto == DEC_P_ICMP || l->proto == DEC_P_ICMPV6) {
			if (l->u.icmp.quote)
				break;
			continue;
		}
		if ((l->proto == DEC_P_IPV4 || l->proto == DEC_P_IPV6) && !l->truncated) {
			found = (int)i;
			if (outermost)
				return found;
		}
	}
	return found;
}

bool
replay_packet_of(const struct dec *d, struct model_packet *pkt)
{
	memset(pkt, 0, sizeof(*pkt));
	int ii = ip_index(d, d->nlayers, false);
	if (ii < 0)
		return false;
	const struct dec_layer *ip = &d->layers[ii];
	addr_of(&pkt->src, ip, true);
	addr_of(&pkt->dst, ip, false);
	pkt->proto = ip->proto == DEC_P_IPV4 ? ip->u.ipv4.proto : ip->u.ipv6.proto;
	if ((unsigned)ii + 1 < d->nlayers) {
		const struct dec_layer *l4 = &d->layers[ii + 1];
		switch (l4->proto) {
		case DEC_P_TCP:
			pkt->sport = l4->u.tcp.sport;
			pkt->dport = l4->u.tcp.dport;
			break;
		case DEC_P_UDP:
			pkt->sport = l4->u.udp.sport;
			pkt->dport = l4->u.udp.dport;
			break;
		case DEC_P_ICMP:
		case DEC_P_ICMPV6:
			pkt->icmp_type = l4->u.icmp.type;
			pkt->icmp_code = l4->u.icmp.code;
			break;
		default:
			break;
		}
	}
	return true;
}

/* ---- one packet's component ------------------------------------------------------------ */

static bool
addr_eq(const struct model_addr *x, const struct model_addr *y)
{
	if (x->af != y->af || x->af == MODEL_AF_NONE)
		return false;
	return x->af == MODEL_AF_INET ? x->a.v4 == y->a.v4 : !memcmp(x->a.v6, y->a.v6, 16);
}

static void
how_set(struct replay_attr *a, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void
how_set(struct replay_attr *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->how, sizeof(a->how), fmt, ap);
	va_end(ap);
}

static bool
by_vlan(const struct model *m, int vid, struct replay_attr *a)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXVIF); i++) {
		const struct model_dxvif *v = MODEL_GET(m, MODEL_DXVIF, struct model_dxvif, i);
		if (v->vlan != vid)
			continue;
		if (a->obj) { /* one VLAN on two connections: the tag alone cannot tell */
			a->ambiguous = true;
			a->other = &v->o;
			break;
		}
		a->kind = REPLAY_V_DXVIF;
		a->obj = &v->o;
	}
	if (!a->obj)
		return false;
	if (a->ambiguous)
		how_set(a, "802.1Q %d is the VLAN of both %s and %s", vid, a->obj->id, a->other->id);
	else
		how_set(a, "802.1Q %d = %s VLAN", vid, a->obj->id);
	return true;
}

/* ESP/IKE between a tunnel outside address and (if known) the customer gateway. */
static bool
by_vpn(const struct model *m, const struct model_addr *s, const struct model_addr *t,
	const char *what, struct replay_attr *a)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPN); i++) {
		const struct model_vpn *v = MODEL_GET(m, MODEL_VPN, struct model_vpn, i);
		for (size_t k = 0; k < v->n_tunnels; k++) {
			const struct model_addr *out = &v->tunnels[k].outside_ip;
			const struct model_addr *far = NULL;
			if (addr_eq(out, s))
				far = t;
			else if (addr_eq(out, t))
				far = s;
			else
				continue;
			/* with a customer gateway described, its address must be the other end */
			if (v->cgw && v->cgw->ip.af != MODEL_AF_NONE && !addr_eq(&v->cgw->ip, far))
				continue;
			a->kind = REPLAY_V_VPN;
			a->obj = &v->o;
			a->peer = v->cgw ? &v->cgw->o : NULL;
			a->tunnel = (int)k + 1;
			char x[MODEL_PREFIX_STRLEN], y[MODEL_PREFIX_STRLEN];
			how_set(a, "%s %s <-> %s = %s tunnel %d%s%s", what, model_addr_format(out, x),
				model_addr_format(far, y), v->o.id, a->tunnel, v->cgw ? " / " : "",
				v->cgw ? v->cgw->o.id : "");
			return true;
		}
	}
	return false;
}

/* GRE between a Connect peer's two outer addresses = that peer's Connect attachment: the
 * TGW takes a GRE packet as a Connect attachment's only when both addresses are a peer's,
 * and any other one as its transport attachment's (Transit Gateways guide, "Transit
 * gateway Connect attachments and Connect peers"). */
static bool
by_connect_peer(const struct model *m, const struct model_addr *s, const struct model_addr *t,
	struct replay_attr *a)
{
	const struct model_tgw_connect_peer *p = model_find_connect_peer_by_gre(m, s, t);
	if (!p)
		return false;
	a->kind = REPLAY_V_CONNECT;
	a->obj = &p->attach->o;
	char x[MODEL_PREFIX_STRLEN], y[MODEL_PREFIX_STRLEN];
	how_set(a, "GRE %s <-> %s = %s of %s", model_addr_format(&p->tgw_addr, x),
		model_addr_format(&p->peer_addr, y), p->id, p->attach->o.id);
	return true;
}

/* GRE to a TGW's TransitGatewayCidrBlocks without a Connect peer that matches: the TGW
 * (which Connect attachment, if any, the snapshot cannot tell). */
static bool
by_tgw_cidr(const struct model *m, const struct model_addr *s, const struct model_addr *t,
	struct replay_attr *a)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW); i++) {
		const struct model_tgw *g = MODEL_GET(m, MODEL_TGW, struct model_tgw, i);
		for (guint k = 0; g->cidr_blocks && k < g->cidr_blocks->len; k++) {
			const struct model_prefix *p =
				&g_array_index(g->cidr_blocks, struct model_prefix, k);
			if (!model_prefix_contains(p, s) && !model_prefix_contains(p, t))
				continue;
			a->kind = REPLAY_V_CONNECT;
			a->obj = &g->o;
			char x[MODEL_PREFIX_STRLEN];
			if (g->connect_peers_described)
				how_set(a,
					"GRE to %s (TransitGatewayCidrBlocks of %s), no "
					"Connect peer's addresses",
					model_prefix_format(p, x), g->o.id);
			else
				how_set(a,
					"GRE to %s (TransitGatewayCidrBlocks of %s) = TGW "
					"Connect",
					model_prefix_format(p, x), g->o.id);
			return true;
		}
	}
	return false;
}

/* An address an ENI holds, else the subnet holding it, else an on-premises network. */
static bool
by_addr(const struct model *m, const struct model_addr *x, const char *side,
	struct replay_attr *a)
{
	char t[MODEL_PREFIX_STRLEN];
	struct model_eni *eni = model_find_eni_by_addr(m, NULL, x);
	if (eni) {
		a->kind = REPLAY_V_ENI;
		a->obj = &eni->o;
		/* overlapping VPCs (two ENIs holding one address): the address cannot tell */
		for (guint i = 0; i < MODEL_COUNT(m, MODEL_ENI); i++) {
			const struct model_eni *o = MODEL_GET(m, MODEL_ENI, struct model_eni, i);
			if (o == eni || o->vpc == eni->vpc)
				continue;
			for (size_t k = 0; k < o->n_ips; k++)
				if (addr_eq(&o->ips[k].priv, x)) {
					a->ambiguous = true;
					a->other = &o->o;
				}
		}
		if (a->ambiguous)
			how_set(a, "%s %s is held by both %s and %s", side, model_addr_format(x, t),
				eni->o.id, a->other->id);
		else
			how_set(a, "%s %s = %s", side, model_addr_format(x, t), eni->o.id);
		return true;
	}
	struct model_subnet *sn = model_find_subnet_by_addr(m, NULL, x);
	if (sn) {
		a->kind = REPLAY_V_SUBNET;
		a->obj = &sn->o;
		how_set(a, "%s %s inside %s", side, model_addr_format(x, t), sn->o.id);
		return true;
	}
	struct model_onprem *op = model_find_onprem(m, x);
	if (op) {
		a->kind = REPLAY_V_ONPREM;
		a->obj = &op->o;
		how_set(a, "%s %s inside on-premises %s", side, model_addr_format(x, t), op->o.id);
		return true;
	}
	return false;
}

bool
replay_attribute(const struct model *m, const struct dec *d, struct replay_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->vlan = -1;
	/* the VIF's tag: the innermost VLAN layer of the outermost level; with QinQ the
	 * outer (S) tag is the carrier's and the inner one the VIF's (Direct Connect user
	 * guide, "Hosted connections"), as replay keys it (issue 13: the same entry point) */
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		if (l->tunnel)
			break;
		if (l->proto == DEC_P_VLAN)
			a->vlan = l->u.vlan.vid;
	}
	int oi = ip_index(d, d->nlayers, true);
	struct model_addr s, t;
	if (oi >= 0) {
		addr_of(&s, &d->layers[oi], true);
		addr_of(&t, &d->layers[oi], false);
	}
	/* what rides on the outer IP header says the most */
	for (unsigned i = oi < 0 ? d->nlayers : (unsigned)oi + 1; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		if (l->tunnel != d->layers[oi].tunnel && l->proto != DEC_P_GENEVE &&
			l->proto != DEC_P_VXLAN)
			break;
		if (l->proto == DEC_P_ESP || l->proto == DEC_P_IKE) {
			if (by_vpn(m, &s, &t, l->proto == DEC_P_ESP ? "ESP" : "IKE", a))
				return true;
			break;
		}
		if (l->proto == DEC_P_GENEVE) {
			const struct dec_geneve_layer *g = &l->u.geneve;
			a->vni = g->vni;
			for (unsigned k = 0; k < g->nopts; k++) {
				const struct dec_geneve_opt *o = &g->opts[k];
				if (o->cls != DEC_GENEVE_CLASS_AWS ||
					(o->type & 0x7f) != DEC_GENEVE_AWS_ENDPOINT_ID || o->len != 8)
					continue;
				uint64_t id = 0;
				for (int b = 0; b < 8; b++)
					id = id << 8 | o->value[b];
				const struct model_vpce *e = model_find_vpce_by_geneve(m, id);
				if (!e)
					continue;
				a->kind = REPLAY_V_GWLBE;
				a->obj = &e->o;
				how_set(a, "GENEVE vni %u option 1 = %s (gwlb)", g->vni, e->o.id);
				return true;
			}
			break;
		}
		if (l->proto == DEC_P_VXLAN) {
			a->vni = l->u.vxlan.vni;
			/* the mirror target is the ENI the VXLAN is sent to */
			struct model_eni *eni = model_find_eni_by_addr(m, NULL, &t);
			a->kind = REPLAY_V_MIRROR;
			a->obj = eni ? &eni->o : NULL;
			char x[MODEL_PREFIX_STRLEN];
			how_set(a, "VXLAN vni %u to %s = traffic-mirror session%s%s", a->vni,
				model_addr_format(&t, x), eni ? " target " : "", eni ? eni->o.id : "");
			if (a->obj)
				return true;
			a->kind = REPLAY_V_NONE;
			break;
		}
	}
	if (oi >= 0) {
		uint8_t proto = d->layers[oi].proto == DEC_P_IPV4 ? d->layers[oi].u.ipv4.proto
								  : d->layers[oi].u.ipv6.proto;
		if (proto == 47 && (by_connect_peer(m, &s, &t, a) || by_tgw_cidr(m, &s, &t, a)))
			return true;
	}
	if (a->vlan >= 0 && by_vlan(m, a->vlan, a))
		return true;
	a->ambiguous = false;
	a->other = NULL;
	a->obj = NULL;
	if (oi < 0)
		return false;
	/* plain addresses: the source first (a capture on an ENI sees its own address both
	 * ways; the source of the first packet is as good as the destination) */
	if (by_addr(m, &s, "source", a) && a->kind == REPLAY_V_ENI)
		return true;
	struct replay_attr b;
	memset(&b, 0, sizeof(b));
	b.vlan = a->vlan;
	if (by_addr(m, &t, "destination", &b) && (b.kind == REPLAY_V_ENI || !a->obj)) {
		*a = b;
		return true;
	}
	return a->obj != NULL;
}

/* ---- the tally ------------------------------------------------------------------------ */

struct tally {
	const struct model_obj *obj;
	enum replay_vkind kind;
	uint64_t packets;
	uint64_t ambiguous; /* of those, packets that fit another component as well */
	const struct model_obj *other;
	char how[REPLAY_HOW_BYTES];
	unsigned order; /* first noted */
};

struct replay_vantage {
	const struct model *m;
	const struct model_obj *forced;
	const char *forced_name;
	GHashTable *seen; /* model_obj * -> struct tally * (owned) */
};

struct replay_vantage *
replay_vantage_new(const struct model *m, const char *forced_id, GError **error)
{
	struct replay_vantage *v = g_new0(struct replay_vantage, 1);
	v->m = m;
	v->seen = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	if (forced_id) {
		for (size_t i = 0; i < m->n_vantages; i++)
			if (!strcmp(m->vantages[i].name, forced_id) && m->vantages[i].where) {
				v->forced = m->vantages[i].where;
				v->forced_name = m->vantages[i].name;
			}
		if (!v->forced)
			v->forced = model_find_id(m, forced_id);
		if (!v->forced) {
			g_set_error(error, REPLAY_VANTAGE_ERROR, REPLAY_VANTAGE_ERROR_UNKNOWN,
				"--vantage %s: no component or awstrace.json Vantage of that name",
				forced_id);
			replay_vantage_free(v);
			return NULL;
		}
	}
	return v;
}

void
replay_vantage_free(struct replay_vantage *v)
{
	if (!v)
		return;
	g_hash_table_destroy(v->seen);
	g_free(v);
}

void
replay_vantage_note(struct replay_vantage *v, const struct replay_attr *a)
{
	if (a->kind == REPLAY_V_NONE || !a->obj)
		return;
	struct tally *t = g_hash_table_lookup(v->seen, a->obj);
	if (!t) {
		t = g_new0(struct tally, 1);
		t->obj = a->obj;
		t->kind = a->kind;
		t->order = g_hash_table_size(v->seen);
		g_strlcpy(t->how, a->how, sizeof(t->how));
		g_hash_table_insert(v->seen, (gpointer)(uintptr_t)a->obj, t);
	}
	t->packets++;
	if (a->ambiguous) {
		t->ambiguous++;
		t->other = a->other;
	}
}

/* Strong evidence (a tag, a tunnel) names a place; an address only says the packet passed
 * near it. The rank orders kinds so a capture on a DX router is not taken for an ENI just
 * because its packets carry VPC addresses. */
static int
kind_rank(enum replay_vkind k)
{
	switch (k) {
	case REPLAY_V_DXVIF:
	case REPLAY_V_VPN:
	case REPLAY_V_GWLBE:
	case REPLAY_V_MIRROR:
	case REPLAY_V_CONNECT: return 2;
	case REPLAY_V_ENI: return 1;
	default: return 0;
	}
}

static int
tally_cmp(const void *x, const void *y)
{
	const struct tally *a = *(const struct tally *const *)x, *b = *(const struct tally *const *)y;
	if (kind_rank(a->kind) != kind_rank(b->kind))
		return kind_rank(b->kind) - kind_rank(a->kind);
	if (a->packets != b->packets)
		return a->packets > b->packets ? -1 : 1;
	return (int)a->order - (int)b->order;
}

static struct tally **
tallies_sorted(const struct replay_vantage *v, size_t *n)
{
	*n = g_hash_table_size(v->seen);
	struct tally **ts = g_new(struct tally *, *n + 1);
	GHashTableIter it;
	gpointer k, val;
	size_t i = 0;
	g_hash_table_iter_init(&it, v->seen);
	while (g_hash_table_iter_next(&it, &k, &val))
		ts[i++] = val;
	qsort(ts, *n, sizeof(*ts), tally_cmp);
	return ts;
}

static const char *
declared_name(const struct model *m, const struct model_obj *o)
{
	for (size_t i = 0; i < m->n_vantages; i++)
		if (m->vantages[i].where == o)
			return m->vantages[i].name;
	return NULL;
}

bool
replay_vantage_decide(const struct replay_vantage *v, struct replay_vantage_result *out,
	GError **error)
{
	memset(out, 0, sizeof(*out));
	size_t n;
	struct tally **ts = tallies_sorted(v, &n);
	bool ok = true;
	if (v->forced) {
		out->obj = v->forced;
		out->forced = true;
		out->declared = v->forced_name ? v->forced_name : declared_name(v->m, v->forced);
		struct tally *t = g_hash_table_lookup(v->seen, v->forced);
		out->kind = t ? t->kind : REPLAY_V_NONE;
		out->packets = t ? t->packets : 0;
		snprintf(out->how, sizeof(out->how), "given with --vantage%s%s%s",
			out->declared ? " (awstrace.json Vantage " : "",
			out->declared ? out->declared : "", out->declared ? ")" : "");
		goto out_free;
	}
	if (!n) {
		/* nothing in the capture points anywhere: a single declared vantage decides */
		if (v->m->n_vantages == 1 && v->m->vantages[0].where) {
			out->obj = v->m->vantages[0].where;
			out->declared = v->m->vantages[0].name;
			snprintf(out->how, sizeof(out->how),
				"declared in awstrace.json (Vantage %s); no packet names a component",
				out->declared);
		} else {
			snprintf(out->how, sizeof(out->how),
				"no packet matches a component of the topology");
		}
		goto out_free;
	}
	/* a component awstrace.json declares as a vantage is where captures are taken: among
	 * the strongest kind of evidence, a declared one wins over an undeclared one */
	for (size_t i = 1; i < n && !declared_name(v->m, ts[0]->obj); i++) {
		if (kind_rank(ts[i]->kind) != kind_rank(ts[0]->kind))
			break;
		if (declared_name(v->m, ts[i]->obj)) {
			struct tally *t = ts[i];
			memmove(ts + 1, ts, i * sizeof(*ts));
			ts[0] = t;
		}
	}
	struct tally *best = ts[0];
	/* the same evidence fits two components (one VLAN on two connections, one address
	 * in two overlapping VPCs) */
	if (best->ambiguous == best->packets && best->other) {
		g_set_error(error, REPLAY_VANTAGE_ERROR, REPLAY_VANTAGE_ERROR_AMBIGUOUS,
			"the vantage is ambiguous: %s; name it with --vantage %s or --vantage %s",
			best->how, best->obj->id, best->other->id);
		ok = false;
		goto out_free;
	}
	if (n > 1 && kind_rank(ts[1]->kind) == kind_rank(best->kind) &&
		ts[1]->packets == best->packets) {
		/* a tie: an awstrace.json Vantage among the two breaks it */
		const char *d0 = declared_name(v->m, best->obj), *d1 = declared_name(v->m, ts[1]->obj);
		if (!d0 == !d1) {
			g_set_error(error, REPLAY_VANTAGE_ERROR, REPLAY_VANTAGE_ERROR_AMBIGUOUS,
				"the vantage is ambiguous: %s and %s are equally likely (%" G_GUINT64_FORMAT
				" packets each: %s; %s); name it with --vantage %s or --vantage %s",
				best->obj->id, ts[1]->obj->id, best->packets, best->how, ts[1]->how,
				best->obj->id, ts[1]->obj->id);
			ok = false;
			goto out_free;
		}
		if (d1)
			best = ts[1];
	}
	out->obj = best->obj;
	out->kind = best->kind;
	out->packets = best->packets;
	out->declared = declared_name(v->m, best->obj);
	snprintf(out->how, sizeof(out->how), "%s (%" G_GUINT64_FORMAT " packet%s)", best->how,
		best->packets, best->packets == 1 ? "" : "s");
out_free:
	g_free(ts);
	return ok;
}

size_t
replay_vantage_seen(const struct replay_vantage *v, const struct model_obj **objs,
	enum replay_vkind *kinds, uint64_t *packets, size_t max)
{
	size_t n;
	struct tally **ts = tallies_sorted(v, &n);
	for (size_t i = 0; i < n && i < max; i++) {
		objs[i] = ts[i]->obj;
		kinds[i] = ts[i]->kind;
		packets[i] = ts[i]->packets;
	}
	g_free(ts);
	return n;
}

const char *
replay_vantage_how(const struct replay_vantage *v, const struct model_obj *obj)
{
	const struct tally *t = g_hash_table_lookup(v->seen, obj);
	return t ? t->how : NULL;
}
