/* replay.c - the capture through the forwarding engine, measured (replay.h has the design
 * note). */
#include "replay/replay.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>

#include "capture/capture.h"
#include "decode/decode.h"
#include "decode/ipfrag.h"
#include "replay/vantage.h"

GQuark
replay_error_quark(void)
{
	return g_quark_from_static_string("awstrace-replay-error");
}

static const char *const unmodeled_names[REPLAY_U_N] = {
	[REPLAY_U_NONE] = "none",
	[REPLAY_U_NOT_IP] = "not_ip",
	[REPLAY_U_DECODE_ERROR] = "decode_error",
	[REPLAY_U_ESP] = "esp_encrypted",
	[REPLAY_U_VPN_CONTROL] = "vpn_control",
	[REPLAY_U_BGP_PEERING] = "bgp_peering",
	[REPLAY_U_MACSEC_ENCRYPTED] = "macsec_encrypted",
	[REPLAY_U_OUTSIDE] = "outside_topology",
	[REPLAY_U_FRAGMENT] = "non_first_fragment",
	[REPLAY_U_RESOLVER] = "resolver_answer",
	[REPLAY_U_BFD] = "bfd_session",
	[REPLAY_U_NO_INTERFACE] = "source_not_in_snapshot",
	[REPLAY_U_GRE] = "gre_tunnel",
};

static const char *const unmodeled_texts[REPLAY_U_N] = {
	[REPLAY_U_NONE] = "",
	[REPLAY_U_NOT_IP] = "no IP header (ARP, LLC, ...)",
	[REPLAY_U_DECODE_ERROR] = "IP or transport header cut short or malformed",
	[REPLAY_U_ESP] = "ESP of a VPN tunnel: the inner packet is encrypted (counted on the tunnel)",
	[REPLAY_U_VPN_CONTROL] = "IKE or NAT-T keepalive to a VPN tunnel endpoint (ends at AWS)",
	[REPLAY_U_BGP_PEERING] = "BGP session of a Direct Connect VIF with AWS's router (ends at AWS)",
	[REPLAY_U_MACSEC_ENCRYPTED] = "MACsec with encrypted payload",
	[REPLAY_U_OUTSIDE] = "no interface, on-premises network, public IP or vantage of the "
			     "topology holds either address",
	[REPLAY_U_FRAGMENT] = "an IP fragment of a datagram never reassembled (no ports to walk "
			      "it by)",
	[REPLAY_U_RESOLVER] = "an answer of the Route 53 Resolver (VPC base + 2, "
			      "169.254.169.253, fd00:ec2::253): the VPC answers it, nothing routes it",
	[REPLAY_U_BFD] = "BFD session of a Direct Connect VIF with AWS's router (ends at AWS)",
	[REPLAY_U_NO_INTERFACE] = "a source inside a VPC's CIDR that no interface of the "
				  "snapshot holds: the packet was sent, so it is not a drop, "
				  "and there is nowhere to start its walk",
	[REPLAY_U_GRE] = "GRE of a transit gateway Connect attachment (or another GRE tunnel): "
			 "the engine has no entry at a Connect peer, so neither the carrier nor "
			 "its inner packet is walked",
};

const char *
replay_unmodeled_name(enum replay_unmodeled u)
{
	return u < REPLAY_U_N ? unmodeled_names[u] : "unknown";
}

const char *
replay_unmodeled_text(enum replay_unmodeled u)
{
	return u < REPLAY_U_N ? unmodeled_texts[u] : "unknown";
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline uint64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the batch ---- */

static inline uint32_t
mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x7feb352dU;
	h ^= h >> 15;
	h *= 0x846ca68bU;
	h ^= h >> 16;
	return h;
}

static inline uint32_t
fold16(const uint8_t *a)
{
	uint32_t h = 0;
	for (unsigned i = 0; i < 16; i += 4)
		h = h * 0x9e3779b1U + ((uint32_t)a[i] << 24 | (uint32_t)a[i + 1] << 16 |
					      (uint32_t)a[i + 2] << 8 | a[i + 3]);
	return h;
}

/* Symmetric: both directions of a flow hash the same, so they meet in one thread. */
void
replay_pkt_hash(struct replay_pkt *p)
{
	const struct replay_key *k = &p->k;
	uint32_t a = fold16(k->src), b = fold16(k->dst);
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	uint32_t plo = k->sport < k->dport ? k->sport : k->dport;
	uint32_t phi = k->sport < k->dport ? k->dport : k->sport;
	uint32_t x = (uint32_t)k->proto | (uint32_t)k->carrier << 8 | (uint32_t)k->unmodeled << 16 |
		(uint32_t)k->icmp_type << 24;
	p->hash = mix32(lo ^ mix32(hi ^ mix32((plo << 16 | phi) ^ mix32(x ^ k->vlan))));
}

struct replay_batch *
replay_batch_new(size_t n)
{
	struct replay_batch *b = g_new0(struct replay_batch, 1);
	b->pkts = g_new0(struct replay_pkt, n ? n : 1);
	b->n = n;
	return b;
}

void
replay_batch_free(struct replay_batch *b)
{
	if (!b)
		return;
	g_free(b->pkts);
	g_free(b->name);
	g_free(b->damage);
	g_free(b);
}

/* Echo request and reply are one flow: both keep the request's type. */
static uint8_t
icmp_flow_type(uint8_t proto, uint8_t type)
{
	if (proto == 1 && type == 0)
		return 8;
	if (proto == 58 && type == 129)
		return 128;
	return type;
}

/* The packet as the model sees it, from the decoded view: the first IP header after the
 * last GENEVE/VXLAN layer (the inner packet of a GWLB or mirror tunnel), else the first IP
 * header (an ICMP error's quoted header comes after it and is not taken). */
static void
key_from_view(const struct dec *d, struct replay_key *k)
{
	memset(k, 0, sizeof(*k));
	int ip = -1, carrier_at = -1;
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		switch (l->proto) {
		case DEC_P_VLAN:
			/* the innermost tag of the outer frame: with QinQ the outer (S) tag is
			 * the carrier's, the inner one the VIF's (Direct Connect user guide,
			 * "Hosted connections": the partner delivers the VIF's VLAN) */
			if (l->tunnel == 0)
				k->vlan = l->u.vlan.vid;
			break;
		case DEC_P_GENEVE:
			carrier_at = (int)i;
			k->carrier = REPLAY_C_GENEVE;
			break;
		case DEC_P_VXLAN:
		case DEC_P_ERSPAN:
			/* a mirror session (Traffic Mirroring's VXLAN, or ERSPAN from a
			 * switch): the mirrored packet is what is walked, as analyze does */
			carrier_at = (int)i;
			k->carrier = REPLAY_C_VXLAN;
			break;
		case DEC_P_MACSEC:
			if (l->u.macsec.encrypted) {
				k->unmodeled = REPLAY_U_MACSEC_ENCRYPTED;
				return;
			}
			if (k->carrier == REPLAY_C_PLAIN)
				k->carrier = REPLAY_C_MACSEC;
			break;
		default:
			break;
		}
	}
	for (unsigned i = (unsigned)(carrier_at + 1); i < d->nlayers; i++) {
		if (d->layers[i].proto == DEC_P_IPV4 || d->layers[i].proto == DEC_P_IPV6) {
			ip = (int)i;
			break;
		}
	}
	/* GRE that is not ERSPAN (a mirror, walked as its inner packet like VXLAN): a TGW
	 * Connect tunnel (Transit Gateways guide, "Transit gateway Connect attachments and
	 * Connect peers": GRE between the appliance and the TGW's Connect peer address) */
	bool gre = false, erspan = false;
	for (unsigned i = 0; i < d->nlayers; i++) {
		gre |= d->layers[i].proto == DEC_P_GRE;
		erspan |= d->layers[i].proto == DEC_P_ERSPAN;
	}
	if (gre && !erspan) {
		k->unmodeled = REPLAY_U_GRE;
		return;
	}
	if (ip < 0) {
		/* a GENEVE/VXLAN packet whose inner frame is not IP: walk nothing */
		k->carrier = REPLAY_C_PLAIN;
		k->unmodeled = REPLAY_U_NOT_IP;
		return;
	}
	const struct dec_layer *l = &d->layers[ip];
	if (l->truncated) {
		k->unmodeled = REPLAY_U_DECODE_ERROR;
		return;
	}
	/* a fragment is walked as its datagram: the packet that completes it carries the
	 * reassembled upper layers (decode/ipfrag.h), and replay_batch_read() gives the
	 * datagram's key to its earlier fragments; a fragment of a datagram never completed
	 * has no ports to walk it by */
	bool frag;
	if (l->proto == DEC_P_IPV4) {
		k->af = 4;
		memcpy(k->src, l->u.ipv4.src, 4);
		memcpy(k->dst, l->u.ipv4.dst, 4);
		k->proto = l->u.ipv4.proto;
		frag = (l->u.ipv4.frag != 0 || l->u.ipv4.mf) && !l->u.ipv4.reasm;
	} else {
		k->af = 6;
		memcpy(k->src, l->u.ipv6.src, 16);
		memcpy(k->dst, l->u.ipv6.dst, 16);
		k->proto = l->u.ipv6.proto;
		frag = l->u.ipv6.is_fragment && (l->u.ipv6.frag != 0 || l->u.ipv6.mf) &&
			!l->u.ipv6.reasm;
	}
	if (frag) {
		k->unmodeled = REPLAY_U_FRAGMENT;
		return;
	}
	for (unsigned i = (unsigned)ip + 1; i < d->nlayers; i++) {
		const struct dec_layer *t = &d->layers[i];
		switch (t->proto) {
		case DEC_P_TCP:
			if (t->truncated && !t->u.tcp.ports_only) {
				k->unmodeled = REPLAY_U_DECODE_ERROR;
				return;
			}
			k->sport = t->u.tcp.sport;
			k->dport = t->u.tcp.dport;
			return;
		case DEC_P_UDP:
			if (t->truncated && !t->u.udp.ports_only) {
				k->unmodeled = REPLAY_U_DECODE_ERROR;
				return;
			}
			k->sport = t->u.udp.sport;
			k->dport = t->u.udp.dport;
			continue; /* what UDP carries may say more (IKE, ESP in NAT-T) */
		case DEC_P_ICMP:
		case DEC_P_ICMPV6:
			if (t->truncated) {
				k->unmodeled = REPLAY_U_DECODE_ERROR;
				return;
			}
			k->icmp_type = icmp_flow_type(k->proto, t->u.icmp.type);
			return;
		case DEC_P_ESP:
			k->unmodeled = REPLAY_U_ESP;
			return;
		case DEC_P_IKE:
		case DEC_P_NATT_KEEPALIVE:
			k->unmodeled = REPLAY_U_VPN_CONTROL;
			return;
		default:
			return;
		}
	}
}

/* The reassembly record of the IP layer this packet completed a datagram at, or NULL. */
static const struct dec_frag_done *
reasm_of(const struct dec *d)
{
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		if (l->proto == DEC_P_IPV4 && l->u.ipv4.reasm)
			return l->u.ipv4.reasm;
		if (l->proto == DEC_P_IPV6 && l->u.ipv6.reasm)
			return l->u.ipv6.reasm;
	}
	return NULL;
}

struct replay_batch *
replay_batch_read(const char *path, const struct model *m, struct replay_vantage *tally,
	GError **error)
{
	struct cap_reader *cr = cap_open(path, error);
	if (!cr)
		return NULL;
	struct replay_batch *b = g_new0(struct replay_batch, 1);
	b->name = g_strdup(path);
	struct stat st;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0)
		b->file_size = (uint64_t)st.st_size;
	size_t cap = 1024;
	b->pkts = g_new(struct replay_pkt, cap);
	struct dec *d = dec_new();
	d->ipfrag = dec_ipfrag_new(NULL);
	struct cap_pkt p;
	GError *err = NULL;
	int got;
	double t_read = 0, t_dec = 0;
	double t0 = now_s();
	bool first = true;
	while ((got = cap_next(cr, &p, &err)) == 1) {
		double t1 = now_s();
		t_read += t1 - t0;
		if (b->n == cap) {
			cap *= 2;
			b->pkts = g_renew(struct replay_pkt, b->pkts, cap);
		}
		struct replay_pkt *rp = &b->pkts[b->n++];
		d->ts_sec = p.sec;
		d->ts_nsec = p.nsec;
		d->frame_n = b->n; /* 1-based: frames[] of a reassembled datagram name these */
		dec_packet(d, p.data, p.caplen, p.len, p.linktype);
		key_from_view(d, &rp->k);
		replay_pkt_hash(rp);
		/* the earlier fragments of a datagram this packet completes cross the same
		 * hops as it (each is a packet on the wire, as flows counts them) */
		const struct dec_frag_done *fd = reasm_of(d);
		for (uint32_t i = 0; fd && i < fd->nframes; i++) {
			uint64_t f = fd->frames[i];
			if (f >= 1 && f < b->n) {
				b->pkts[f - 1].k = rp->k;
				b->pkts[f - 1].hash = rp->hash;
			}
		}
		if (tally && m) {
			struct replay_attr a;
			replay_attribute(m, d, &a);
			replay_vantage_note(tally, &a);
		}
		if (first) {
			b->first_sec = p.sec;
			b->first_nsec = p.nsec;
			first = false;
		}
		int64_t ns = cap_time_diff_ns(cap_pkt_time(&p),
			cap_time_make(b->first_sec, b->first_nsec)); /* saturated (issue 17) */
		rp->ts_ns = ns > 0 ? (uint64_t)ns : 0;
		if (rp->ts_ns > b->duration_ns)
			b->duration_ns = rp->ts_ns;
		rp->wire_len = p.len;
		b->bytes += p.len;
		t0 = now_s();
		t_dec += t0 - t1;
	}
	dec_ipfrag_free(d->ipfrag);
	d->ipfrag = NULL;
	dec_free(d);
	cap_close(cr);
	b->read_s = t_read;
	b->decode_s = t_dec;
	if (got < 0) {
		if (b->n == 0) {
			g_propagate_error(error, err);
			replay_batch_free(b);
			return NULL;
		}
		b->damaged = true;
		b->damage = g_strdup(err->message);
		g_error_free(err);
	}
	return b;
}

/* ---- components and decisions (shared by the threads; the miss path holds the lock) ---- */

struct replay {
	const struct model_engine *e;
	const struct model *m;
	GMutex lock;
	GPtrArray *comps;        /* struct replay_comp * */
	GHashTable *comp_by_id;  /* id -> index + 1 */
	GArray *decisions;       /* struct replay_decision */
	GArray *hops;            /* struct replay_hop */
	GHashTable *dec_by_body; /* GBytes -> index + 1 */
	uint32_t gen;            /* model generation, from 1 */
	uint64_t computed;
	double decide_s;
	const struct model_obj *down[8]; /* taken down (--down) */
	int down_tunnel[8];              /* -1 whole, else the VPN tunnel number */
	unsigned n_down;
};

static void
comp_free(gpointer p)
{
	struct replay_comp *c = p;
	g_free(c->id);
	g_free(c);
}

struct replay *
replay_new(const struct model_engine *e)
{
	struct replay *r = g_new0(struct replay, 1);
	r->e = e;
	r->m = model_engine_model(e);
	g_mutex_init(&r->lock);
	r->comps = g_ptr_array_new_with_free_func(comp_free);
	r->comp_by_id = g_hash_table_new(g_str_hash, g_str_equal);
	r->decisions = g_array_new(FALSE, TRUE, sizeof(struct replay_decision));
	r->hops = g_array_new(FALSE, TRUE, sizeof(struct replay_hop));
	r->dec_by_body = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
		(GDestroyNotify)g_bytes_unref, NULL);
	r->gen = 1;
	return r;
}

void
replay_free(struct replay *r)
{
	if (!r)
		return;
	g_hash_table_destroy(r->comp_by_id);
	g_ptr_array_unref(r->comps);
	g_array_free(r->decisions, TRUE);
	g_array_free(r->hops, TRUE);
	g_hash_table_destroy(r->dec_by_body);
	g_mutex_clear(&r->lock);
	g_free(r);
}

void
replay_model_changed(struct replay *r)
{
	g_mutex_lock(&r->lock);
	r->gen++;
	g_mutex_unlock(&r->lock);
}

const GArray *
replay_decisions(const struct replay *r)
{
	return r->decisions;
}

const GArray *
replay_hops(const struct replay *r)
{
	return r->hops;
}

const GPtrArray *
replay_comps(const struct replay *r)
{
	return r->comps;
}

const struct model *
replay_model(const struct replay *r)
{
	return r->m;
}

static uint32_t
comp_intern(struct replay *r, const char *id, const char *kind)
{
	gpointer v = g_hash_table_lookup(r->comp_by_id, id);
	if (v)
		return (uint32_t)GPOINTER_TO_UINT(v) - 1;
	struct replay_comp *c = g_new0(struct replay_comp, 1);
	c->id = g_strdup(id);
	c->kind = kind;
	c->obj = model_find_id(r->m, id);
	g_ptr_array_add(r->comps, c);
	g_hash_table_insert(r->comp_by_id, c->id, GUINT_TO_POINTER(r->comps->len));
	return r->comps->len - 1;
}

static uint32_t
decision_intern(struct replay *r, const struct replay_decision *d, const struct replay_hop *h)
{
	/* the body, field by field (struct padding must not make equal decisions differ) */
	size_t n = 9 + d->n_hops * 5u;
	uint8_t *body = g_malloc0(n);
	body[0] = d->verdict;
	body[1] = d->reason;
	body[2] = d->n_hops;
	body[3] = d->tunnel;
	body[4] = d->from_aws;
	memcpy(body + 5, &d->end, 4);
	for (unsigned i = 0; i < d->n_hops; i++) {
		memcpy(body + 9 + i * 5, &h[i].comp, 4);
		body[9 + i * 5 + 4] = h[i].action;
	}
	GBytes *bytes = g_bytes_new_take(body, n);
	gpointer v = g_hash_table_lookup(r->dec_by_body, bytes);
	if (v) {
		g_bytes_unref(bytes);
		return (uint32_t)GPOINTER_TO_UINT(v) - 1;
	}
	struct replay_decision nd = *d;
	nd.hops_off = r->hops->len;
	nd.packets = nd.bytes = 0;
	g_array_append_vals(r->hops, h, d->n_hops);
	g_array_append_val(r->decisions, nd);
	g_hash_table_insert(r->dec_by_body, bytes, GUINT_TO_POINTER(r->decisions->len));
	return r->decisions->len - 1;
}

/* ---- the miss path: which model packet(s) to walk ---- */

static void
addr_of(const struct replay_key *k, const uint8_t *b, struct model_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (k->af == 4) {
		a->af = MODEL_AF_INET;
		a->a.v4 = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	} else {
		a->af = MODEL_AF_INET6;
		memcpy(a->a.v6, b, 16);
	}
}

static bool
addr_eq(const struct model_addr *a, const struct model_addr *b)
{
	if (a->af != b->af)
		return false;
	if (a->af == MODEL_AF_INET)
		return a->a.v4 == b->a.v4;
	return memcmp(a->a.v6, b->a.v6, 16) == 0;
}

/* The VPN connection and tunnel (1-based) whose AWS outside address is a, or NULL. */
static const struct model_vpn *
vpn_by_outside(const struct model *m, const struct model_addr *a, unsigned *tunnel)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPN); i++) {
		const struct model_vpn *v = MODEL_GET(m, MODEL_VPN, struct model_vpn, i);
		for (size_t t = 0; t < v->n_tunnels; t++) {
			if (addr_eq(&v->tunnels[t].outside_ip, a)) {
				*tunnel = (unsigned)t + 1;
				return v;
			}
		}
	}
	return NULL;
}

/* The Direct Connect VIF with a BGP peer (or its own interface addresses) at a. */
static const struct model_dxvif *
vif_by_peer_addr(const struct model *m, const struct model_addr *a)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXVIF); i++) {
		const struct model_dxvif *v = MODEL_GET(m, MODEL_DXVIF, struct model_dxvif, i);
		if (addr_eq(&v->amazon_addr.addr, a) || addr_eq(&v->customer_addr.addr, a))
			return v;
		for (size_t p = 0; p < v->n_peers; p++)
			if (addr_eq(&v->peers[p].amazon_addr.addr, a) ||
				addr_eq(&v->peers[p].customer_addr.addr, a))
				return v;
	}
	return NULL;
}

static const struct model_dxvif *
vif_by_vlan(const struct model *m, unsigned vlan)
{
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_DXVIF); i++) {
		const struct model_dxvif *v = MODEL_GET(m, MODEL_DXVIF, struct model_dxvif, i);
		if (v->vlan >= 0 && (unsigned)v->vlan == vlan)
			return v;
	}
	return NULL;
}

/* Globally routed: not RFC 1918, RFC 6598, loopback, link-local, multicast; IPv6 2000::/3. */
static bool
is_public(const struct model_addr *a)
{
	if (a->af == MODEL_AF_INET) {
		uint32_t v = a->a.v4;
		return !((v >> 24) == 10 || (v >> 20) == 0xAC1 || (v >> 16) == 0xC0A8 ||
			(v >> 22) == (100u << 2 | 1) || (v >> 24) == 127 || (v >> 16) == 0xA9FE ||
			(v >> 28) >= 0xE || v == 0);
	}
	return (a->a.v6[0] & 0xE0) == 0x20;
}

static const struct model_igw *
first_igw(const struct model *m)
{
	return MODEL_COUNT(m, MODEL_IGW) ? MODEL_GET(m, MODEL_IGW, struct model_igw, 0) : NULL;
}

static bool
is_down(const struct replay *r, const struct model_obj *o)
{
	for (unsigned i = 0; i < r->n_down; i++)
		if (r->down[i] == o && r->down_tunnel[i] < 1)
			return true;
	return false;
}

/* Whether tunnel t (1-based) of v is up: in the snapshot and not taken down. */
static bool
tunnel_up(const struct replay *r, const struct model_vpn *v, size_t t)
{
	if (!v->tunnels[t - 1].up)
		return false;
	for (unsigned i = 0; i < r->n_down; i++)
		if (r->down[i] == &v->o && (r->down_tunnel[i] < 1 || (size_t)r->down_tunnel[i] == t))
			return false;
	return true;
}

/* What the initiator's walk translated: a NAT gateway's SNAT (then the IGW's 1:1 NAT of its
 * Elastic IP) or an IGW's 1:1 NAT of an interface's public IP, when it went to the internet.
 * The reply comes back to the translated address (VPC guide, "NAT gateways" and "Internet
 * gateways"), so replay walks it to there and, for a NAT gateway, on from the gateway. */
static unsigned
reverse_nat(struct replay *r, const struct replay_decision *init, const struct model_packet *pk,
	struct model_packet legs[2])
{
	const struct replay_hop *h = &g_array_index(r->hops, struct replay_hop, init->hops_off);
	const struct model_natgw *nat = NULL;
	const struct model_igw *igw = NULL;
	if (init->end == UINT32_MAX)
		return 0;
	const struct replay_comp *end = g_ptr_array_index(r->comps, init->end);
	if (strcmp(end->id, "internet") != 0)
		return 0;
	for (unsigned i = 0; i < init->n_hops; i++) {
		const struct replay_comp *c = g_ptr_array_index(r->comps, h[i].comp);
		if (h[i].action != MODEL_ACT_NAT || !c->obj)
			continue;
		if (c->obj->kind == MODEL_NATGW)
			nat = (const struct model_natgw *)c->obj;
		else if (c->obj->kind == MODEL_IGW)
			igw = (const struct model_igw *)c->obj;
	}
	if (nat && nat->eni) {
		if (nat->public_ip.af == MODEL_AF_NONE || !igw)
			return 0;
		legs[0] = *pk;
		legs[0].dst = nat->public_ip;
		legs[0].from = &igw->o;
		legs[1] = *pk;
		legs[1].from = &nat->eni->o;
		return 2;
	}
	if (igw && pk->dst.af == MODEL_AF_INET) {
		const struct model_eni *eni = model_find_eni_by_addr(r->m, NULL, &pk->dst);
		for (size_t i = 0; eni && i < eni->n_ips; i++) {
			if (!addr_eq(&eni->ips[i].priv, &pk->dst) || !eni->ips[i].pub.af)
				continue;
			legs[0] = *pk;
			legs[0].dst = eni->ips[i].pub;
			legs[0].from = &igw->o;
			return 1;
		}
	}
	/* IPv6, untranslated: the reply comes in through the gateway the flow left by, an
	 * egress-only one included (VPC guide, "Egress-only internet gateways": stateful) */
	/* ... unless an interface of the topology holds the reply's source: the packet was
	 * sent there, and its own VPC's routes carry it (as analyze walks it) */
	if (pk->dst.af == MODEL_AF_INET6 && !model_find_eni_by_addr(r->m, NULL, &pk->src)) {
		for (unsigned i = init->n_hops; i-- > 0;) {
			const struct replay_comp *c = g_ptr_array_index(r->comps, h[i].comp);
			if (c->obj && (c->obj->kind == MODEL_EIGW || c->obj->kind == MODEL_IGW)) {
				legs[0] = *pk;
				legs[0].from = c->obj;
				return 1;
			}
		}
	}
	return 0;
}

unsigned
replay_model_packets(struct replay *r, const struct replay_key *k,
	const struct model_obj *vantage, bool reply, const struct replay_decision *init,
	struct model_packet legs[2], uint8_t *why)
{
	const struct model *m = r->m;
	*why = REPLAY_U_NONE;
	if (k->unmodeled || k->af == 0) {
		*why = k->unmodeled ? k->unmodeled : REPLAY_U_NOT_IP;
		return 0;
	}
	struct model_packet pk;
	memset(&pk, 0, sizeof(pk));
	addr_of(k, k->src, &pk.src);
	addr_of(k, k->dst, &pk.dst);
	pk.proto = k->proto;
	pk.sport = k->sport;
	pk.dport = k->dport;
	pk.icmp_type = k->icmp_type;
	pk.flags = reply ? MODEL_PKT_REPLY : 0;
	/* BGP with AWS's end of a VIF (Direct Connect user guide, "Virtual interfaces": one
	 * BGP session per VIF) ends at AWS's router: nothing is forwarded */
	if (k->proto == 6 && (k->sport == 179 || k->dport == 179) &&
		(vif_by_peer_addr(m, &pk.src) || vif_by_peer_addr(m, &pk.dst))) {
		*why = REPLAY_U_BGP_PEERING;
		return 0;
	}
	/* BFD beside it (Direct Connect user guide, "Virtual interfaces": asynchronous BFD on
	 * every VIF; UDP 3784 single hop, RFC 5881 §4; 4784 multihop, RFC 5883 §5) ends at
	 * AWS's router too */
	if (k->proto == 17 &&
		(k->dport == 3784 || k->sport == 3784 || k->dport == 4784 || k->sport == 4784) &&
		(vif_by_peer_addr(m, &pk.src) || vif_by_peer_addr(m, &pk.dst))) {
		*why = REPLAY_U_BFD;
		return 0;
	}
	/* the Route 53 Resolver answers from the VPC's base + 2 or 169.254.169.253 (VPC
	 * guide, "Amazon DNS server"): the VPC itself answers; no route table, NACL or
	 * security group sees it, and the engine has no component to start it at */
	/* and from fd00:ec2::253 over IPv6 (VPC guide, "Amazon DNS server": the IPv6 address
	 * of the Amazon DNS server on Nitro instances) */
	static const uint8_t resolver6[16] = { 0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0x02, 0x53 };
	if ((k->proto == 17 || k->proto == 6) && k->sport == 53 && k->af == 6 &&
		!memcmp(k->src, resolver6, 16)) {
		*why = REPLAY_U_RESOLVER;
		return 0;
	}
	if ((k->proto == 17 || k->proto == 6) && k->sport == 53 && pk.src.af == MODEL_AF_INET) {
		struct model_addr res;
		const struct model_vpc *vpc = model_vpc_of_addr(m, &pk.src);
		if (pk.src.a.v4 == 0xA9FEA9FDu ||
			(vpc && model_vpc_resolver(vpc, &res) && addr_eq(&res, &pk.src))) {
			*why = REPLAY_U_RESOLVER;
			return 0;
		}
	}
	if (reply && init) {
		unsigned n = reverse_nat(r, init, &pk, legs);
		if (n)
			return n;
	}
	legs[0] = pk;
	if (model_find_eni_by_addr(m, NULL, &pk.src))
		return 1; /* the engine starts at the interface holding the source */
	if (vantage) {
		legs[0].from = vantage;
		return 1;
	}
	const struct model_dxvif *vif = k->vlan ? vif_by_vlan(m, k->vlan) : NULL;
	bool vif_is_up = vif && vif->n_peers == 0;
	for (size_t i = 0; vif && i < vif->n_peers; i++)
		vif_is_up |= vif->peers[i].up;
	if (vif && (is_down(r, &vif->o) || (vif->con && is_down(r, &vif->con->o))))
		vif_is_up = false;
	/* a VIF that is down carries nothing: on-premises traffic then enters where AWS
	 * returns it (below), which is the failover --down shows */
	if (vif && vif_is_up) {
		legs[0].from = &vif->o;
		return 1;
	}
	if (model_find_onprem(m, &pk.src))
		return 1; /* the engine enters where AWS would return traffic */
	if (is_public(&pk.src)) {
		const struct model_eni_ip *ip;
		const struct model_eni *eni = model_find_eni_by_public(m, &pk.dst, &ip);
		const struct model_vpc *vpc = eni ? eni->vpc : NULL;
		if (!vpc && pk.dst.af == MODEL_AF_INET6)
			vpc = model_vpc_of_addr(m, &pk.dst);
		if (vpc && pk.dst.af == MODEL_AF_INET6 && !vpc->igw && vpc->eigw) {
			legs[0].from = &vpc->eigw->o;
			return 1;
		}
		const struct model_igw *igw = vpc && vpc->igw ? vpc->igw : NULL;
		if (!igw && eni)
			igw = first_igw(m);
		if (igw) {
			legs[0].from = &igw->o;
			return 1;
		}
	}
	/* inside a VPC but on no interface: something the snapshot lacks sent it (the
	 * capture holds it), so the engine's unknown_source drop would count a drop AWS did
	 * not make; analyze does not walk it either (issue 13: the same counters) */
	if (model_vpc_of_addr(m, &pk.src)) {
		*why = REPLAY_U_NO_INTERFACE;
		return 0;
	}
	*why = REPLAY_U_OUTSIDE;
	return 0;
}

/* The tunnel of v a flow uses: the first one up, or with VpnEcmpSupport on its TGW one of
 * those up by flow hash (Site-to-Site VPN guide, "Tunnel options"; TGW guide, "VPN
 * attachments": ECMP across tunnels). 0 when none is up. */
static unsigned
vpn_tunnel_of(const struct replay *r, const struct model_vpn *v, uint32_t hash)
{
	unsigned up = 0;
	for (size_t i = 0; i < v->n_tunnels; i++)
		up += tunnel_up(r, v, i + 1);
	if (!up)
		return 0;
	unsigned pick = v->tgw && v->tgw->vpn_ecmp ? hash % up : 0;
	for (size_t i = 0; i < v->n_tunnels; i++)
		if (tunnel_up(r, v, i + 1) && !pick--)
			return (unsigned)i + 1;
	return 0;
}

/* The engine's symmetric flow hash (model/forward.c flow_hash(), which picks the tunnel
 * with VpnEcmpSupport), so the link replay loads is the tunnel the engine chose. */
static uint32_t
engine_hash(const struct model_packet *k)
{
	uint32_t a = k->src.af == MODEL_AF_INET ? k->src.a.v4 : fold16(k->src.a.v6);
	uint32_t b = k->dst.af == MODEL_AF_INET ? k->dst.a.v4 : fold16(k->dst.a.v6);
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	uint32_t plo = k->sport < k->dport ? k->sport : k->dport;
	uint32_t phi = k->sport < k->dport ? k->dport : k->sport;
	return mix32(lo ^ mix32(hi ^ mix32(k->proto ^ (plo << 16 | phi))));
}

/* One walk through the engine's fast path: model_forward() without the explanation
 * strings, equal to it in verdict, reason, end and hops (model/forward.h). */
static void
walk(const struct model_engine *e, const struct model_packet *pk, struct model_fast_path *path)
{
	model_forward_fast(e, pk, path);
}


/* Computes (or finds) the decision for key k. Holds the lock. */
static uint32_t
decide(struct replay *r, struct model_fast_path *path, const struct replay_key *k,
	const struct model_obj *vantage, bool reply, uint32_t init_id)
{
	double t0 = now_s();
	g_mutex_lock(&r->lock);
	struct replay_decision d;
	memset(&d, 0, sizeof(d));
	d.end = UINT32_MAX;
	struct replay_hop hops[REPLAY_MAX_HOPS];
	struct model_packet legs[2];
	uint8_t why;
	const struct replay_decision *init =
		init_id != UINT32_MAX ? &g_array_index(r->decisions, struct replay_decision, init_id)
				      : NULL;
	unsigned n_legs = replay_model_packets(r, k, vantage, reply, init, legs, &why);
	if (!n_legs) {
		d.verdict = REPLAY_VERDICT_UNMODELED;
		d.reason = why;
		/* what crosses a modeled link without being walked still loads it */
		struct model_addr a, b;
		unsigned t = 0;
		const struct model_vpn *v = NULL;
		if (k->af) {
			addr_of(k, k->src, &a);
			addr_of(k, k->dst, &b);
			if (why == REPLAY_U_ESP || why == REPLAY_U_VPN_CONTROL) {
				bool in = (v = vpn_by_outside(r->m, &b, &t)) != NULL;
				if (!v)
					v = vpn_by_outside(r->m, &a, &t);
				if (v) {
					hops[0].comp = comp_intern(r, v->o.id, "vpn-connection");
					hops[0].action = in ? MODEL_ACT_DECAP : MODEL_ACT_ENCAP;
					d.n_hops = 1;
					d.tunnel = (uint8_t)t;
				}
			} else if (why == REPLAY_U_BGP_PEERING || why == REPLAY_U_BFD) {
				const struct model_dxvif *vif = vif_by_peer_addr(r->m, &a);
				if (!vif)
					vif = vif_by_peer_addr(r->m, &b);
				bool aws = addr_eq(&vif->amazon_addr.addr, &a);
				for (size_t i = 0; i < vif->n_peers; i++)
					aws |= addr_eq(&vif->peers[i].amazon_addr.addr, &a);
				d.from_aws = aws;
				hops[0].comp = comp_intern(r, vif->o.id, "dx-vif");
				hops[0].action = MODEL_ACT_FORWARD;
				d.n_hops = 1;
			}
		}
	} else {
		unsigned n = 0;
		for (unsigned l = 0; l < n_legs; l++) {
			walk(r->e, &legs[l], path);
			for (unsigned i = 0; i < path->n_hops && n < REPLAY_MAX_HOPS; i++) {
				hops[n].comp = comp_intern(r, path->hops[i].id, path->hops[i].kind);
				hops[n].action = path->hops[i].action;
				const struct replay_comp *c = g_ptr_array_index(r->comps, hops[n].comp);
				if (!d.tunnel && c->obj && c->obj->kind == MODEL_VPN)
					d.tunnel = (uint8_t)vpn_tunnel_of(r,
						(const struct model_vpn *)c->obj, engine_hash(&legs[l]));
				n++;
			}
			d.verdict = path->verdict;
			d.reason = path->reason;
			d.end = UINT32_MAX;
			if (path->end_id) {
				/* the end is usually the last hop: keep that hop's kind */
				const char *kind = "end";
				for (unsigned i = path->n_hops; i-- > 0;)
					if (!strcmp(path->hops[i].id, path->end_id)) {
						kind = path->hops[i].kind;
						break;
					}
				d.end = comp_intern(r, path->end_id, kind);
			}
			if (path->verdict != MODEL_VERDICT_DELIVERED)
				break;
		}
		d.n_hops = (uint8_t)n;
	}
	uint32_t id = decision_intern(r, &d, hops);
	r->computed++;
	r->decide_s += now_s() - t0;
	g_mutex_unlock(&r->lock);
	return id;
}

/* ---- per thread: the flow table and counters ---- */

struct rflow {
	struct replay_key k; /* as its first packet had it */
	uint32_t hash;
	uint32_t loop;       /* the loop its connection state belongs to */
	uint8_t used;
	uint8_t init_dir;    /* direction of the first packet this loop */
	uint8_t init_ok;     /* a packet of init_dir was delivered: replies are allowed */
	uint8_t ok[4];       /* dec[i] delivered */
	uint32_t dec[4];     /* decision per direction * 2 + reply */
	uint32_t gen[4];     /* model generation it was computed at (0 never) */
};

struct counter {
	uint64_t packets, bytes;
};

struct tctx {
	struct replay *r;
	const struct replay_batch *b;
	const struct model_obj *vantage;
	struct rflow *tab;
	uint32_t mask;
	uint32_t used;
	struct counter *cnt;
	uint32_t n_cnt;
	/* this thread's packets, in capture order: with one thread the batch itself, else a
	 * copy of its shard (as a NIC's RSS fills one ring per queue), so the thread streams
	 * through memory instead of picking every other entry of the batch */
	const struct replay_pkt *pk;
	struct replay_pkt *own;  /* the copy, or NULL */
	uint32_t *idx;           /* batch index of pk[i]; NULL: i itself */
	size_t n_idx;
	GArray *lat;   /* double ns, this loop */
	struct model_fast_path *path;
	double busy_s;
	double overhead_ns;
	uint32_t *ids_out; /* replay_decide_all(): decision per packet, else NULL */
};

static void
tctx_init(struct tctx *t, struct replay *r, const struct replay_batch *b,
	const struct model_obj *vantage)
{
	memset(t, 0, sizeof(*t));
	t->r = r;
	t->b = b;
	t->vantage = vantage;
	t->mask = 1023;
	t->tab = g_new0(struct rflow, t->mask + 1);
	t->lat = g_array_new(FALSE, FALSE, sizeof(double));
	t->path = g_new(struct model_fast_path, 1);
}

static void
tctx_clear(struct tctx *t)
{
	g_free(t->tab);
	g_free(t->cnt);
	g_free(t->idx);
	g_free(t->own);
	g_array_free(t->lat, TRUE);
	g_free(t->path);
}

static void
tab_grow(struct tctx *t)
{
	uint32_t nmask = t->mask * 2 + 1;
	struct rflow *nt = g_new0(struct rflow, nmask + 1);
	for (uint32_t i = 0; i <= t->mask; i++) {
		if (!t->tab[i].used)
			continue;
		uint32_t s = t->tab[i].hash & nmask;
		while (nt[s].used)
			s = (s + 1) & nmask;
		nt[s] = t->tab[i];
	}
	g_free(t->tab);
	t->tab = nt;
	t->mask = nmask;
}

/* 0: same direction as f's key; 1: the reverse; -1: another flow. */
static inline int
flow_dir(const struct replay_key *f, const struct replay_key *k)
{
	if (memcmp(f, k, sizeof(*k)) == 0)
		return 0;
	if (f->af == k->af && f->proto == k->proto && f->sport == k->dport &&
		f->dport == k->sport && f->carrier == k->carrier && f->icmp_type == k->icmp_type &&
		f->vlan == k->vlan && f->unmodeled == k->unmodeled && !memcmp(f->src, k->dst, 16) &&
		!memcmp(f->dst, k->src, 16))
		return 1;
	return -1;
}

static void
cnt_ensure(struct tctx *t, uint32_t id)
{
	if (id < t->n_cnt)
		return;
	uint32_t n = t->n_cnt ? t->n_cnt : 64;
	while (n <= id)
		n *= 2;
	t->cnt = g_renew(struct counter, t->cnt, n);
	memset(t->cnt + t->n_cnt, 0, (n - t->n_cnt) * sizeof(*t->cnt));
	t->n_cnt = n;
}

static void
miss(struct tctx *t, struct rflow *f, const struct replay_pkt *p, unsigned s, bool reply,
	uint32_t gen)
{
	uint32_t init_id = UINT32_MAX;
	if (reply) {
		unsigned is = (unsigned)f->init_dir * 2;
		if (f->gen[is] == gen)
			init_id = f->dec[is];
	}
	uint32_t id = decide(t->r, t->path, &p->k, t->vantage, reply, init_id);
	g_mutex_lock(&t->r->lock);
	const struct replay_decision *d =
		&g_array_index(t->r->decisions, struct replay_decision, id);
	f->ok[s] = d->verdict == MODEL_VERDICT_DELIVERED;
	g_mutex_unlock(&t->r->lock);
	f->dec[s] = id;
	f->gen[s] = gen;
	cnt_ensure(t, id);
}

/* One packet: the flow, its connection state, its decision, the counters. */
static inline uint32_t
one(struct tctx *t, const struct replay_pkt *p, uint32_t loop, uint32_t gen)
{
	uint32_t s = p->hash & t->mask;
	struct rflow *f;
	int dir;
	for (;;) {
		f = &t->tab[s];
		if (!f->used) {
			if ((t->used + 1) * 2 > t->mask) {
				tab_grow(t);
				return one(t, p, loop, gen);
			}
			memset(f, 0, sizeof(*f));
			f->used = 1;
			f->k = p->k;
			f->hash = p->hash;
			t->used++;
			dir = 0;
			break;
		}
		if (f->hash == p->hash && (dir = flow_dir(&f->k, &p->k)) >= 0)
			break;
		s = (s + 1) & t->mask;
	}
	if (f->loop != loop) {
		/* connection tracking starts afresh each loop */
		f->loop = loop;
		f->init_dir = (uint8_t)dir;
		f->init_ok = 0;
	}
	bool reply = dir != f->init_dir && f->init_ok;
	unsigned slot = (unsigned)dir * 2 + reply;
	if (f->gen[slot] != gen)
		miss(t, f, p, slot, reply, gen);
	uint32_t id = f->dec[slot];
	t->cnt[id].packets++;
	t->cnt[id].bytes += p->wire_len;
	if (dir == f->init_dir && f->ok[slot])
		f->init_ok = 1;
	return id;
}

static void
run_pass(struct tctx *t, uint32_t loop, uint32_t gen, bool sample)
{
	const struct replay_pkt *pk = t->pk;
	const uint32_t *idx = t->idx;
	g_array_set_size(t->lat, 0);
	double t0 = now_s();
	for (size_t i = 0; i < t->n_idx; i++) {
		uint32_t bi = idx ? idx[i] : (uint32_t)i;
		if (sample && (bi & (REPLAY_LAT_STRIDE - 1)) == 0) {
			uint64_t a = now_ns();
			one(t, &pk[i], loop, gen);
			uint64_t b = now_ns();
			double ns = (double)(b - a) - t->overhead_ns;
			if (ns < 0)
				ns = 0;
			g_array_append_val(t->lat, ns);
		} else {
			uint32_t id = one(t, &pk[i], loop, gen);
			if (t->ids_out)
				t->ids_out[bi] = id;
		}
	}
	t->busy_s = now_s() - t0;
}

/* ---- threads ---- */

struct pool {
	pthread_barrier_t start, done;
	unsigned loops;
	bool warmup;
	uint32_t gen;
	struct tctx *t;
};

struct worker {
	struct pool *pool;
	struct tctx *t;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *pl = w->pool;
	unsigned total = pl->loops + (pl->warmup ? 1 : 0);
	for (unsigned l = 0; l < total; l++) {
		pthread_barrier_wait(&pl->start);
		run_pass(w->t, l + 1, pl->gen, !(pl->warmup && l == 0));
		pthread_barrier_wait(&pl->done);
	}
	return NULL;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

void
replay_latency_of(double *s, size_t n, struct replay_latency *out)
{
	memset(out, 0, sizeof(*out));
	out->samples = n;
	if (!n)
		return;
	qsort(s, n, sizeof(*s), dbl_cmp);
	/* nearest rank (the smallest sample with at least p of them at or below it) */
	double q[4] = { 0.50, 0.90, 0.99, 0.999 };
	double *o[4] = { &out->p50, &out->p90, &out->p99, &out->p999 };
	for (int i = 0; i < 4; i++) {
		size_t rank = (size_t)(q[i] * (double)n + 0.999999);
		if (rank < 1)
			rank = 1;
		if (rank > n)
			rank = n;
		*o[i] = s[rank - 1];
	}
	out->max = s[n - 1];
}


/* The median cost of reading the clock twice back to back, in ns. */
static double
clock_overhead(void)
{
	double s[201];
	for (int i = 0; i < 201; i++) {
		uint64_t a = now_ns();
		uint64_t b = now_ns();
		s[i] = (double)(b - a);
	}
	qsort(s, 201, sizeof(double), dbl_cmp);
	return s[100];
}

static uint64_t
peak_rss(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (uint64_t)ru.ru_maxrss * 1024u;
}

static void
shard(struct tctx *ts, unsigned n, const struct replay_batch *b)
{
	if (n == 1) {
		ts[0].pk = b->pkts;
		ts[0].n_idx = b->n;
		return;
	}
	size_t *cnt = g_new0(size_t, n);
	for (size_t i = 0; i < b->n; i++)
		cnt[b->pkts[i].hash % n]++;
	for (unsigned t = 0; t < n; t++) {
		ts[t].idx = g_new(uint32_t, cnt[t] ? cnt[t] : 1);
		ts[t].own = g_new(struct replay_pkt, cnt[t] ? cnt[t] : 1);
		ts[t].pk = ts[t].own;
		ts[t].n_idx = 0;
	}
	for (size_t i = 0; i < b->n; i++) {
		struct tctx *t = &ts[b->pkts[i].hash % n];
		t->own[t->n_idx] = b->pkts[i];
		t->idx[t->n_idx++] = (uint32_t)i;
	}
	g_free(cnt);
}

static int
hop_count_cmp(const void *a, const void *b)
{
	const struct replay_hop_count *x = a, *y = b;
	return x->comp < y->comp ? -1 : x->comp > y->comp;
}

struct replay_result *
replay_run(struct replay *r, const struct replay_batch *b, const struct replay_opts *o)
{
	struct replay_result *res = g_new0(struct replay_result, 1);
	unsigned loops = o->loops ? o->loops : 1;
	unsigned nt = o->threads ? o->threads : g_get_num_processors();
	if (nt < 1)
		nt = 1;
	if (nt > 256)
		nt = 256;
	res->loops = loops;
	res->threads = nt;
	res->clock_overhead_ns = clock_overhead();
	struct tctx *ts = g_new0(struct tctx, nt);
	for (unsigned i = 0; i < nt; i++) {
		tctx_init(&ts[i], r, b, o->vantage);
		ts[i].overhead_ns = res->clock_overhead_ns;
	}
	shard(ts, nt, b);

	struct pool pl;
	pl.loops = loops;
	pl.warmup = !o->no_warmup;
	pl.gen = r->gen;
	pl.t = ts;
	pthread_barrier_init(&pl.start, NULL, nt + 1);
	pthread_barrier_init(&pl.done, NULL, nt + 1);
	pthread_t *th = g_new(pthread_t, nt);
	struct worker *wk = g_new(struct worker, nt);
	for (unsigned i = 0; i < nt; i++) {
		wk[i].pool = &pl;
		wk[i].t = &ts[i];
		pthread_create(&th[i], NULL, worker_main, &wk[i]);
	}
	res->runs = g_new0(struct replay_loop, loops);
	GArray *all_lat = g_array_new(FALSE, FALSE, sizeof(double));
	unsigned total = loops + (pl.warmup ? 1 : 0);
	for (unsigned l = 0; l < total; l++) {
		bool measured = !(pl.warmup && l == 0);
		if (measured && l == total - loops) {
			/* the warm-up's counts are not reported */
			for (unsigned i = 0; i < nt; i++)
				if (ts[i].cnt)
					memset(ts[i].cnt, 0, ts[i].n_cnt * sizeof(*ts[i].cnt));
		}
		pthread_barrier_wait(&pl.start);
		double t0 = now_s();
		pthread_barrier_wait(&pl.done);
		double secs = now_s() - t0;
		if (!measured)
			continue;
		struct replay_loop *lp = &res->runs[l - (total - loops)];
		lp->packets = b->n;
		lp->bytes = b->bytes;
		lp->seconds = secs;
		lp->pps = secs > 0 ? (double)b->n / secs : 0;
		lp->bps = secs > 0 ? (double)b->bytes * 8 / secs : 0;
		GArray *ll = g_array_new(FALSE, FALSE, sizeof(double));
		for (unsigned i = 0; i < nt; i++)
			g_array_append_vals(ll, ts[i].lat->data, ts[i].lat->len);
		g_array_append_vals(all_lat, ll->data, ll->len);
		replay_latency_of((double *)(void *)ll->data, ll->len, &lp->lat);
		g_array_free(ll, TRUE);
		res->packets += b->n;
		res->bytes += b->bytes;
		res->seconds += secs;
		if (o->progress)
			o->progress(o->progress_arg, l - (total - loops) + 1, loops);
	}
	for (unsigned i = 0; i < nt; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&pl.start);
	pthread_barrier_destroy(&pl.done);
	g_free(th);
	g_free(wk);
	res->pps = res->seconds > 0 ? (double)res->packets / res->seconds : 0;
	res->bps = res->seconds > 0 ? (double)res->bytes * 8 / res->seconds : 0;
	replay_latency_of((double *)(void *)all_lat->data, all_lat->len, &res->lat);
	g_array_free(all_lat, TRUE);
	res->peak_rss_bytes = peak_rss();

	/* counters: per decision, summed over threads, then per hop */
	g_mutex_lock(&r->lock);
	res->decisions = g_array_copy(r->decisions);
	res->hops = g_array_copy(r->hops);
	res->comps = g_ptr_array_ref(r->comps);
	res->decisions_computed = r->computed;
	res->decide_s = r->decide_s;
	g_mutex_unlock(&r->lock);
	for (guint d = 0; d < res->decisions->len; d++) {
		struct replay_decision *dd = &g_array_index(res->decisions, struct replay_decision, d);
		dd->packets = dd->bytes = 0;
		for (unsigned i = 0; i < nt; i++) {
			if (d < ts[i].n_cnt) {
				dd->packets += ts[i].cnt[d].packets;
				dd->bytes += ts[i].cnt[d].bytes;
			}
		}
	}
	uint32_t ncomp = res->comps->len;
	struct replay_hop_count *hc = g_new0(struct replay_hop_count, ncomp ? ncomp : 1);
	for (guint d = 0; d < res->decisions->len; d++) {
		const struct replay_decision *dd =
			&g_array_index(res->decisions, struct replay_decision, d);
		if (!dd->packets)
			continue;
		if (dd->verdict == REPLAY_VERDICT_UNMODELED) {
			if (dd->reason < REPLAY_U_N)
				res->unmodeled[dd->reason] += dd->packets;
		} else {
			res->by_verdict[dd->verdict < 3 ? dd->verdict : 2] += dd->packets;
			if (dd->reason < G_N_ELEMENTS(res->by_reason))
				res->by_reason[dd->reason] += dd->packets;
		}
		/* the engine's per-hop counters count walked packets only, as analyze's paths
		 * do (issue 13: replay and analyze give the same per-hop counters): ESP, IKE
		 * and a VIF's own BGP session are not forwarded by any hop (they end at AWS's
		 * tunnel endpoint or router); they still load their link in the modeled
		 * network (des.c), which is where capacity is reported */
		if (dd->verdict == REPLAY_VERDICT_UNMODELED)
			continue;
		const struct replay_hop *h =
			&g_array_index(res->hops, struct replay_hop, dd->hops_off);
		for (unsigned i = 0; i < dd->n_hops; i++) {
			hc[h[i].comp].comp = h[i].comp;
			hc[h[i].comp].packets += dd->packets;
			hc[h[i].comp].bytes += dd->bytes;
			if (h[i].action == MODEL_ACT_DROP && dd->verdict != MODEL_VERDICT_DELIVERED)
				hc[h[i].comp].dropped += dd->packets;
		}
	}
	res->hop_counts = g_array_new(FALSE, FALSE, sizeof(struct replay_hop_count));
	for (uint32_t c = 0; c < ncomp; c++)
		if (hc[c].packets)
			g_array_append_val(res->hop_counts, hc[c]);
	g_array_sort(res->hop_counts, hop_count_cmp);
	g_free(hc);
	for (unsigned i = 0; i < nt; i++)
		tctx_clear(&ts[i]);
	g_free(ts);
	return res;
}

void
replay_result_free(struct replay_result *res)
{
	if (!res)
		return;
	g_free(res->runs);
	if (res->decisions)
		g_array_free(res->decisions, TRUE);
	if (res->hops)
		g_array_free(res->hops, TRUE);
	if (res->comps)
		g_ptr_array_unref(res->comps);
	if (res->hop_counts)
		g_array_free(res->hop_counts, TRUE);
	g_free(res);
}

void
replay_decide_all(struct replay *r, const struct replay_batch *b, const struct model_obj *vantage,
	uint32_t *ids)
{
	struct tctx t;
	tctx_init(&t, r, b, vantage);
	shard(&t, 1, b);
	t.ids_out = ids;
	run_pass(&t, 1, r->gen, false);
	tctx_clear(&t);
}

void
replay_note_down(struct replay *r, const struct model_obj *o, int tunnel)
{
	if (r->n_down < G_N_ELEMENTS(r->down)) {
		r->down_tunnel[r->n_down] = tunnel;
		r->down[r->n_down++] = o;
	}
}

/* ---- the machine ---- */

void
replay_machine_get(struct replay_machine *m)
{
	memset(m, 0, sizeof(*m));
	g_strlcpy(m->cpu, "unknown", sizeof(m->cpu));
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (f) {
		char line[512];
		while (fgets(line, sizeof(line), f)) {
			if (strncmp(line, "model name", 10) != 0)
				continue;
			char *c = strchr(line, ':');
			if (!c)
				continue;
			c++;
			while (*c == ' ' || *c == '\t')
				c++;
			c[strcspn(c, "\n")] = 0;
			g_strlcpy(m->cpu, c, sizeof(m->cpu));
			break;
		}
		fclose(f);
	}
	m->cores = g_get_num_processors();
	struct utsname u;
	if (uname(&u) == 0)
		snprintf(m->kernel, sizeof(m->kernel), "%s %s", u.sysname, u.release);
	else
		g_strlcpy(m->kernel, "unknown", sizeof(m->kernel));
}
