/* flow.c - the flow table (flow.h): levels of a packet from its view, an open-addressing
 * hash table over a pool of flows, TCP state, expiry in capture time.
 *
 * Per packet: one pass over the view's layers splits it into levels (outer flow, inner
 * flow...); each level is one lookup: canonical key, a 64-bit multiply-xorshift hash over
 * its six words, linear probing over 8-byte slots {32-bit hash, pool index + 1}, and one
 * 48-byte memcmp on a hash match. Nothing is allocated per packet; the pool and the slots
 * double when needed (load factor at most 0.7).
 *
 * Expiry: every sweep interval (idle_timeout / 8, at least 1 s, of capture time) the slots
 * are walked once and flows idle past their timeout are finished; deletion shifts the
 * following cluster back (Knuth's Algorithm R), so there are no tombstones to degrade
 * probing on long captures.
 */
#include "decode/flow.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "decode/community_id.h"

#define NS_PER_S CAP_NS_PER_S
#define FLOW_INIT_SLOTS 1024
/* Wireshark's default out-of-order threshold when no handshake RTT is known */
#define FLOW_OOO_NS 3000000LL
#define FLOW_MAX_LEVELS (DEC_MAX_TUNNELS + 2)

struct slot {
	uint32_t hash;
	uint32_t idx; /* pool index + 1; 0 = empty */
};

struct flow_table {
	struct slot *slots;
	size_t nslots; /* power of two */
	struct flow *pool;
	uint32_t pool_cap, pool_used;
	uint32_t *free_idx;
	uint32_t nfree;
	size_t max_flows;
	int64_t idle_ns, sweep_ns;       /* durations: at most 2^32 s, they fit */
	struct cap_time next_sweep, now; /* capture time: seconds and ns apart, no overflow */
	bool have_now;
	uint64_t next_id;
	flow_done_fn *done;
	void *user;
	struct flow_stats st;
	/* ESP SA pairing (see sa_find): alias (other side's SPI) and pending (side still
	 * without its SPI) keys -> the SA flow's key; allocated only when an SA starts */
	GHashTable *sa_map;
	/* carrier labels, each held by the live flows that name it (its own carrier flow's
	 * `label`, the `carrier` of flows inside it) and freed with the last of them, so at
	 * most one label per live flow exists (issue 17: they were never freed) */
	GHashTable *label_ids; /* label text -> index */
	GPtrArray *labels;     /* index -> text; [0] = NULL; NULL when free */
	GArray *label_refs;    /* index -> uint32_t live flows holding it */
	GArray *label_free;    /* free indices, reused first */
	bool mark;             /* flow_table_set_mark() */
};

enum { LEVEL_SA_ESP = 1, LEVEL_SA_IKE = 2 };
/* side-map keys only, never in the flow table: see sa_find */
#define SA_K_ALIAS 0x20
#define SA_K_PENDING 0x10

/* One level of a packet: what its flow is keyed on and what updates it. */
struct level {
	struct flow_key key; /* a = source, b = destination as sent */
	bool valid;
	bool has_ip, l4, icmp;
	uint8_t icmp_type, icmp_code;
	uint8_t tunnel;      /* enum flow_app of the tunnel this level carries, or 0xff */
	uint8_t nvlan;
	bool has_sci;
	uint8_t sa;          /* LEVEL_SA_ESP, LEVEL_SA_IKE or 0 */
	bool natt;           /* an SA level carried in UDP */
	uint16_t apps;
	uint32_t extra_pkts;  /* a reassembled datagram's earlier fragments (their packets) */
	uint64_t extra_bytes; /* and their bytes on the wire */
	uint32_t vni;       /* GENEVE/VXLAN VNI, or the GRE key */
	bool has_gre_key;
	uint64_t sci;
	const struct dec_tcp_layer *tcp;
	const struct dec_esp_layer *esp;
	const struct dec_ike_layer *ike;
};

static const char *const app_names[FLOW_APP_COUNT] = {
	[FLOW_APP_BGP] = "bgp",
	[FLOW_APP_DNS] = "dns",
	[FLOW_APP_HTTP2] = "http2",
	[FLOW_APP_IKE] = "ike",
	[FLOW_APP_ESP] = "esp",
	[FLOW_APP_NATT_KEEPALIVE] = "natt-keepalive",
	[FLOW_APP_GENEVE] = "geneve",
	[FLOW_APP_VXLAN] = "vxlan",
	[FLOW_APP_MACSEC] = "macsec",
	[FLOW_APP_IPIP] = "ipip",
	[FLOW_APP_BFD] = "bfd",
	[FLOW_APP_GRE] = "gre",
};

static const char *const end_names[FLOW_END_COUNT] = {
	[FLOW_END_EOF] = "eof",
	[FLOW_END_IDLE] = "idle",
	[FLOW_END_FIN] = "fin",
	[FLOW_END_RST] = "rst",
	[FLOW_END_REUSED] = "reused",
	[FLOW_END_EVICTED] = "evicted",
};

const char *
flow_app_name(enum flow_app app)
{
	return (unsigned)app < FLOW_APP_COUNT ? app_names[app] : "?";
}

const char *
flow_end_name(enum flow_end end)
{
	return (unsigned)end < FLOW_END_COUNT ? end_names[end] : "?";
}

const char *
flow_proto_name(uint8_t proto)
{
	switch (proto) {
	case 1: return "icmp";
	case 2: return "igmp";
	case 4: return "ipip";
	case 6: return "tcp";
	case 17: return "udp";
	case 41: return "ipv6";
	case 47: return "gre";
	case 50: return "esp";
	case 51: return "ah";
	case 58: return "icmpv6";
	case 89: return "ospf";
	case 103: return "pim";
	case 112: return "vrrp";
	case 132: return "sctp";
	default: return NULL;
	}
}

static bool
is_icmp_key(const struct flow_key *k)
{
	return (k->proto == 1 && FLOW_K_FAMILY(k->kind) == FLOW_K_IPV4) ||
		(k->proto == 58 && FLOW_K_FAMILY(k->kind) == FLOW_K_IPV6);
}

bool
flow_has_ports(const struct flow *f)
{
	if (f->key.kind & (FLOW_K_FRAG | FLOW_K_SA) || f->key.kind == FLOW_K_MACSEC)
		return false;
	return f->key.proto == 6 || f->key.proto == 17 || is_icmp_key(&f->key);
}

uint16_t
flow_sport(const struct flow *f)
{
	if (is_icmp_key(&f->key))
		return f->icmp_type;
	return f->swapped ? f->key.pb : f->key.pa;
}

uint16_t
flow_dport(const struct flow *f)
{
	if (is_icmp_key(&f->key))
		return f->icmp_code;
	return f->swapped ? f->key.pa : f->key.pb;
}

bool
flow_community_id_of(const struct flow *f, char out[32])
{
	out[0] = '\0';
	uint8_t kind = f->key.kind;
	if (kind & FLOW_K_SA) {
		/* An ESP SA pair is what other monitors see as the IP protocol 50 flow between
		 * the two addresses; in UDP (NAT-T) and for IKE, they see the UDP flow, whose ID
		 * the carrier flow has. */
		if (f->key.proto != 50 || f->u.ipsec.natt)
			return false;
		kind &= (uint8_t)~FLOW_K_SA;
	}
	if (kind != FLOW_K_IPV4 && kind != FLOW_K_IPV6)
		return false;
	size_t alen = kind == FLOW_K_IPV4 ? 4 : 16;
	if (is_icmp_key(&f->key)) {
		flow_community_id_icmp(out, 0, flow_src(f), flow_dst(f), alen, f->key.proto,
			f->icmp_type, f->icmp_code);
		return true;
	}
	/* SCTP is not decoded: without its ports the ID would not match other monitors' */
	if (f->key.proto == 132)
		return false;
	bool ports = f->key.proto == 6 || f->key.proto == 17;
	flow_community_id(out, 0, flow_src(f), flow_dst(f), alen, f->key.proto, ports,
		flow_sport(f), flow_dport(f));
	return true;
}

/* Well-known ports, for a hint when no decoder recognised the application. */
static const struct {
	uint8_t proto; /* 6, 17, or 0 for both */
	uint16_t port;
	const char *hint;
} port_hints[] = {
	{ 6, 80, "http?" }, { 6, 8080, "http?" }, { 6, 443, "https?" }, { 17, 443, "quic?" },
	{ 6, 8443, "https?" }, { 6, 22, "ssh?" }, { 6, 179, "bgp?" }, { 0, 53, "dns?" },
	{ 17, 123, "ntp?" }, { 17, 500, "ike?" }, { 17, 4500, "ipsec-natt?" },
	{ 17, 6081, "geneve?" }, { 17, 4789, "vxlan?" }, { 6, 3306, "mysql?" },
	{ 6, 5432, "postgres?" }, { 6, 6379, "redis?" }, { 6, 25, "smtp?" },
	{ 17, 67, "dhcp?" }, { 17, 68, "dhcp?" }, { 17, 161, "snmp?" }, { 17, 514, "syslog?" },
	{ 6, 389, "ldap?" }, { 6, 636, "ldaps?" }, { 6, 3389, "rdp?" }, { 6, 2049, "nfs?" },
	{ 17, 3784, "bfd?" }, { 6, 853, "dot?" },
};

const char *
flow_port_hint(const struct flow *f)
{
	if (!flow_has_ports(f) || is_icmp_key(&f->key))
		return NULL;
	/* the lower port first, as the dispatcher tries it: servers tend to sit there */
	uint16_t lo = f->key.pa < f->key.pb ? f->key.pa : f->key.pb;
	uint16_t hi = f->key.pa < f->key.pb ? f->key.pb : f->key.pa;
	for (int pass = 0; pass < 2; pass++) {
		uint16_t p = pass ? hi : lo;
		for (size_t i = 0; i < G_N_ELEMENTS(port_hints); i++)
			if (port_hints[i].port == p &&
				(!port_hints[i].proto || port_hints[i].proto == f->key.proto))
				return port_hints[i].hint;
	}
	return NULL;
}

/* ---- the table ---- */

static inline uint64_t
key_hash(const struct flow_key *k)
{
	uint64_t w[sizeof(*k) / 8];
	memcpy(w, k, sizeof(w));
	uint64_t h = 0x9E3779B97F4A7C15ULL;
	for (size_t i = 0; i < G_N_ELEMENTS(w); i++) {
		h = (h ^ w[i]) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
	}
	/* MurmurHash3's finaliser: every input bit reaches the low bits the mask keeps */
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return h;
}

_Static_assert(sizeof(struct flow_key) == 48, "the key is hashed as six 64-bit words");

static guint
sa_map_hash(gconstpointer k)
{
	return (guint)key_hash(k);
}

static gboolean
sa_map_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct flow_key)) == 0;
}

struct flow_table *
flow_table_new(const struct flow_limits *lim, flow_done_fn *done, void *user)
{
	struct flow_table *t = g_new0(struct flow_table, 1);
	uint32_t idle = lim && lim->idle_timeout ? lim->idle_timeout : FLOW_DEFAULT_IDLE;
	t->max_flows = lim && lim->max_flows ? lim->max_flows : FLOW_DEFAULT_MAX;
	if (t->max_flows > UINT32_MAX / 2)
		t->max_flows = UINT32_MAX / 2;
	t->idle_ns = (int64_t)idle * NS_PER_S;
	t->sweep_ns = t->idle_ns / 8 < NS_PER_S ? NS_PER_S : t->idle_ns / 8;
	t->nslots = FLOW_INIT_SLOTS;
	t->slots = g_new0(struct slot, t->nslots);
	t->pool_cap = 256;
	t->pool = g_new(struct flow, t->pool_cap);
	t->free_idx = g_new(uint32_t, t->pool_cap);
	t->next_id = 1;
	t->done = done;
	t->user = user;
	t->label_ids = g_hash_table_new(g_str_hash, g_str_equal);
	t->sa_map = g_hash_table_new_full(sa_map_hash, sa_map_equal, g_free, g_free);
	t->labels = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(t->labels, NULL);
	t->label_refs = g_array_new(FALSE, TRUE, sizeof(uint32_t));
	g_array_set_size(t->label_refs, 1);
	t->label_free = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	return t;
}

void
flow_table_free(struct flow_table *t)
{
	if (!t)
		return;
	g_free(t->slots);
	g_free(t->pool);
	g_free(t->free_idx);
	g_hash_table_destroy(t->label_ids);
	g_hash_table_destroy(t->sa_map);
	g_ptr_array_free(t->labels, TRUE);
	g_array_free(t->label_refs, TRUE);
	g_array_free(t->label_free, TRUE);
	g_free(t);
}

const char *
flow_table_label(const struct flow_table *t, uint32_t label)
{
	if (!label || label >= t->labels->len)
		return NULL;
	return g_ptr_array_index(t->labels, label);
}

/* The index of text, taking one reference for the flow that will hold it. */
static uint32_t
label_intern(struct flow_table *t, const char *text)
{
	gpointer v;
	uint32_t id;
	if (g_hash_table_lookup_extended(t->label_ids, text, NULL, &v)) {
		id = GPOINTER_TO_UINT(v);
	} else {
		char *copy = g_strdup(text);
		if (t->label_free->len) {
			id = g_array_index(t->label_free, uint32_t, t->label_free->len - 1);
			g_array_set_size(t->label_free, t->label_free->len - 1);
			t->labels->pdata[id] = copy;
		} else {
			id = t->labels->len;
			g_ptr_array_add(t->labels, copy);
			g_array_set_size(t->label_refs, id + 1);
		}
		g_hash_table_insert(t->label_ids, copy, GUINT_TO_POINTER(id));
		t->st.labels_made++;
		if (++t->st.labels_live > t->st.labels_peak)
			t->st.labels_peak = t->st.labels_live;
	}
	g_array_index(t->label_refs, uint32_t, id)++;
	return id;
}

/* Another reference to a label a flow already holds (a flow inside the carrier). */
static uint32_t
label_hold(struct flow_table *t, uint32_t id)
{
	if (id)
		g_array_index(t->label_refs, uint32_t, id)++;
	return id;
}

/* Drops one reference; the label is freed (and its index reused) with the last. */
static void
label_release(struct flow_table *t, uint32_t id)
{
	if (!id)
		return;
	uint32_t *refs = &g_array_index(t->label_refs, uint32_t, id);
	g_assert(*refs > 0);
	if (--*refs)
		return;
	char *text = g_ptr_array_index(t->labels, id);
	g_hash_table_remove(t->label_ids, text);
	g_free(text);
	t->labels->pdata[id] = NULL;
	g_array_append_val(t->label_free, id);
	t->st.labels_live--;
}

static void
note_bytes(struct flow_table *t)
{
	size_t b = t->nslots * sizeof(struct slot) +
		(size_t)t->pool_cap * (sizeof(struct flow) + sizeof(uint32_t));
	if (b > t->st.bytes_peak)
		t->st.bytes_peak = b;
}

/* Slot position of key, or -1. */
static inline long
slot_find(const struct flow_table *t, const struct flow_key *k, uint64_t h)
{
	size_t mask = t->nslots - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		const struct slot *s = &t->slots[i];
		if (!s->idx)
			return -1;
		if (s->hash == (uint32_t)h && !memcmp(&t->pool[s->idx - 1].key, k, sizeof(*k)))
			return (long)i;
	}
}

static inline void
slot_put(struct slot *slots, size_t nslots, uint32_t hash, uint32_t idx)
{
	size_t mask = nslots - 1;
	size_t i = hash & mask;
	while (slots[i].idx)
		i = (i + 1) & mask;
	slots[i].hash = hash;
	slots[i].idx = idx;
}

/* Backward-shift deletion: moves each later member of the cluster that may live at the
 * hole into it, so lookups never need tombstones. */
static void
slot_delete(struct flow_table *t, size_t i)
{
	size_t mask = t->nslots - 1;
	size_t j = i;
	for (;;) {
		j = (j + 1) & mask;
		if (!t->slots[j].idx)
			break;
		size_t home = t->slots[j].hash & mask;
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			t->slots[i] = t->slots[j];
			i = j;
		}
	}
	t->slots[i].idx = 0;
}

static void
table_grow(struct flow_table *t)
{
	size_t n = t->nslots * 2;
	struct slot *s = g_new0(struct slot, n);
	for (size_t i = 0; i < t->nslots; i++)
		if (t->slots[i].idx)
			slot_put(s, n, t->slots[i].hash, t->slots[i].idx);
	g_free(t->slots);
	t->slots = s;
	t->nslots = n;
	note_bytes(t);
}

/* The side-map key of an ESP SA flow: its canonical addresses with the id and kind bits
 * given. */
static struct flow_key
sa_side_key(const struct flow_key *k, uint64_t sa, uint8_t bits)
{
	struct flow_key x = *k;
	x.sa = sa;
	x.kind |= bits;
	return x;
}

/* Removes what the side map holds for a finished ESP SA flow: the alias of the SPI the
 * second side sent, and the pending entry when that side never answered. */
static void
sa_forget(struct flow_table *t, const struct flow *f)
{
	unsigned creator = (unsigned)(f->key.sa >> 32) - 1, other = creator ^ 1;
	uint32_t spi = f->u.ipsec.spi[1]; /* [1]: the direction from the other side */
	struct flow_key k;
	if (spi) {
		k = sa_side_key(&f->key, (uint64_t)(other + 1) << 32 | spi, SA_K_ALIAS);
		g_hash_table_remove(t->sa_map, &k);
	}
	k = sa_side_key(&f->key, (uint64_t)(other + 1) << 32, SA_K_PENDING);
	const struct flow_key *v = g_hash_table_lookup(t->sa_map, &k);
	if (v && !memcmp(v, &f->key, sizeof(*v)))
		g_hash_table_remove(t->sa_map, &k);
}

/* Hands the flow at slot i to the callback and frees its place. */
static void
flow_finish(struct flow_table *t, size_t i, enum flow_end why)
{
	uint32_t idx = t->slots[i].idx - 1;
	struct flow *f = &t->pool[idx];
	f->end = (uint8_t)why;
	t->st.ended[why]++;
	if (why != FLOW_END_EOF)
		t->st.evicted++;
	if (t->done)
		t->done(f, t->user);
	/* after the callback, which may still look the labels up */
	label_release(t, f->label);
	label_release(t, f->carrier);
	if ((f->key.kind & FLOW_K_SA) && f->key.proto == 50)
		sa_forget(t, f);
	slot_delete(t, i);
	t->free_idx[t->nfree++] = idx;
	t->st.live--;
}

static enum flow_end
expired(const struct flow *f, struct cap_time cutoff_idle, struct cap_time cutoff_closed)
{
	if (f->closed && cap_time_cmp(f->last, cutoff_closed) < 0)
		return (f->u.tcp.state & FLOW_TCP_RST) ? FLOW_END_RST : FLOW_END_FIN;
	if (cap_time_cmp(f->last, cutoff_idle) < 0)
		return FLOW_END_IDLE;
	return FLOW_END_COUNT;
}

/* Finishes every flow last seen before the cutoffs; `forced` names them evicted. */
static void
sweep(struct flow_table *t, struct cap_time cutoff_idle, struct cap_time cutoff_closed,
	bool forced)
{
	for (size_t i = 0; i < t->nslots;) {
		if (!t->slots[i].idx) {
			i++;
			continue;
		}
		const struct flow *f = &t->pool[t->slots[i].idx - 1];
		enum flow_end why = expired(f, cutoff_idle, cutoff_closed);
		if (why == FLOW_END_COUNT) {
			i++;
			continue;
		}
		if (forced && why == FLOW_END_IDLE)
			why = FLOW_END_EVICTED;
		/* a later member of the cluster may move into slot i: look at it again */
		flow_finish(t, i, why);
	}
}

/* The table is full: finish the least recently seen flows, halving the idle time until
 * an eighth of the room is free. */
static void
make_room(struct flow_table *t)
{
	int64_t idle = t->idle_ns / 2;
	size_t want = t->max_flows - t->max_flows / 8;
	while (t->st.live >= want && idle >= NS_PER_S / 1000) {
		sweep(t, cap_time_add_ns(t->now, -idle),
			cap_time_add_s(t->now, -FLOW_CLOSE_LINGER), true);
		idle /= 2;
	}
	if (t->st.live >= t->max_flows) {
		/* every flow: times are clamped below CAP_TIME_SEC_MAX + 1 */
		const struct cap_time all = { INT64_MAX, 0 };
		sweep(t, all, all, true);
	}
}

static uint32_t
flow_create(struct flow_table *t, const struct flow_key *k, uint64_t h)
{
	if (t->st.live >= t->max_flows)
		make_room(t);
	if ((t->st.live + 1) * 10 > t->nslots * 7)
		table_grow(t);
	uint32_t idx;
	if (t->nfree) {
		idx = t->free_idx[--t->nfree];
	} else {
		if (t->pool_used == t->pool_cap) {
			t->pool_cap *= 2;
			t->pool = g_renew(struct flow, t->pool, t->pool_cap);
			t->free_idx = g_renew(uint32_t, t->free_idx, t->pool_cap);
			note_bytes(t);
		}
		idx = t->pool_used++;
	}
	struct flow *f = &t->pool[idx];
	memset(f, 0, sizeof(*f));
	f->key = *k;
	f->id = t->next_id++;
	f->u.tcp.rtt_ns = -1;
	slot_put(t->slots, t->nslots, (uint32_t)h, idx + 1);
	t->st.flows++;
	if (++t->st.live > t->st.live_peak)
		t->st.live_peak = t->st.live;
	return idx;
}


static void
addr_text(char *buf, size_t n, const struct flow_key *k, const uint8_t *a)
{
	if (FLOW_K_FAMILY(k->kind) == FLOW_K_IPV4)
		inet_ntop(AF_INET, a, buf, (socklen_t)n);
	else if (FLOW_K_FAMILY(k->kind) == FLOW_K_IPV6)
		inet_ntop(AF_INET6, a, buf, (socklen_t)n);
	else
		snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* The label of the tunnel a flow is: the outer flow's endpoints as first seen. */
static uint32_t
label_make(struct flow_table *t, const struct flow *f, const struct level *lv)
{
	char s[INET6_ADDRSTRLEN + 2], d[INET6_ADDRSTRLEN + 2], text[160];
	addr_text(s, sizeof(s), &f->key, flow_src(f));
	addr_text(d, sizeof(d), &f->key, flow_dst(f));
	switch (lv->tunnel) {
	case FLOW_APP_GENEVE:
		snprintf(text, sizeof(text), "geneve vni=%u %s>%s", lv->vni, s, d);
		break;
	case FLOW_APP_VXLAN:
		snprintf(text, sizeof(text), "vxlan vni=%u %s>%s", lv->vni, s, d);
		break;
	case FLOW_APP_ESP:
	case FLOW_APP_IKE:
		if (f->key.kind & FLOW_K_SA) { /* the SA itself carries what --esp-keys decrypted */
			snprintf(text, sizeof(text), "esp(decrypted) %s>%s", s, d);
			break;
		}
		/* RFC 3948: ESP in UDP; RFC 7296 §2.23: IKE on 500, then 4500 */
		snprintf(text, sizeof(text), "udp %s:%u>%s:%u", s, flow_sport(f), d, flow_dport(f));
		break;
	case FLOW_APP_MACSEC:
		if (lv->has_sci)
			snprintf(text, sizeof(text), "macsec sci=%016" G_GINT64_MODIFIER "x",
				(guint64)lv->sci);
		else
			snprintf(text, sizeof(text), "macsec %s>%s", s, d);
		break;
	case FLOW_APP_GRE:
		if (lv->has_gre_key)
			snprintf(text, sizeof(text), "gre key=0x%08x %s>%s", lv->vni, s, d);
		else
			snprintf(text, sizeof(text), "gre %s>%s", s, d);
		break;
	default:
		snprintf(text, sizeof(text), "ipip %s>%s", s, d);
		break;
	}
	return label_intern(t, text);
}

/* ---- a packet's levels ---- */

static inline void
level_start(struct level *lv, const struct level *vlans_from)
{
	memset(lv, 0, sizeof(*lv));
	lv->tunnel = 0xff;
	if (vlans_from) {
		memcpy(lv->key.vlan, vlans_from->key.vlan, sizeof(lv->key.vlan));
		lv->nvlan = vlans_from->nvlan;
	}
}

static inline void
icmp_key(struct level *lv, const struct dec_icmp_layer *m, bool v6)
{
	lv->icmp = true;
	lv->icmp_type = m->type;
	lv->icmp_code = m->code;
	int other = flow_icmp_counterpart(v6, m->type);
	if (other < 0) {
		lv->key.pa = m->type;
		lv->key.pb = m->code;
	} else {
		lv->key.pa = (uint16_t)(other < m->type ? other : m->type);
		lv->key.pb = m->echo ? m->id : 0;
	}
	lv->l4 = true;
}

static unsigned
levels_build(const struct dec *d, struct level *lvs, bool *held)
{
	unsigned n = 0;
	int reasm_level = -1;
	uint32_t xp = 0;
	uint64_t xb = 0;
	*held = false;
	struct level *cur = &lvs[0];
	level_start(cur, NULL);
	const uint8_t *mac_src = NULL, *mac_dst = NULL;
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		switch (l->proto) {
		case DEC_P_ETH:
			if (!l->truncated && !cur->has_ip) {
				mac_src = l->u.eth.src;
				mac_dst = l->u.eth.dst;
			}
			break;
		case DEC_P_VLAN:
			if (!l->truncated && !cur->has_ip && cur->nvlan < FLOW_MAX_VLAN)
				cur->key.vlan[cur->nvlan++] = (uint16_t)(l->u.vlan.vid + 1);
			break;
		case DEC_P_MACSEC:
			if (l->truncated || cur->has_ip || !mac_src || n + 1 >= FLOW_MAX_LEVELS)
				break;
			cur->valid = true;
			cur->key.kind = FLOW_K_MACSEC;
			memcpy(cur->key.a, mac_src, 6);
			memcpy(cur->key.b, mac_dst, 6);
			cur->tunnel = FLOW_APP_MACSEC;
			cur->apps |= 1u << FLOW_APP_MACSEC;
			cur->has_sci = l->u.macsec.has_sci;
			cur->sci = l->u.macsec.sci;
			cur = &lvs[++n];
			level_start(cur, cur - 1);
			break;
		case DEC_P_IPV4:
		case DEC_P_IPV6: {
			if (l->truncated)
				goto out;
			/* a fragment held for reassembly counts in its datagram's flow when the
			 * datagram completes (with the completing packet), not before */
			uint8_t fs = l->proto == DEC_P_IPV4 ? l->u.ipv4.frag_state : l->u.ipv6.frag_state;
			const struct dec_frag_done *done =
				l->proto == DEC_P_IPV4 ? l->u.ipv4.reasm : l->u.ipv6.reasm;
			if (fs == DEC_FRAG_HELD) {
				*held = true;
				goto out;
			}
			if (cur->has_ip) { /* IP in IP: the level so far carries what follows */
				if (n + 1 >= FLOW_MAX_LEVELS)
					goto out;
				/* after an ESP SA level: the packet --esp-keys decrypted */
				cur->tunnel = cur->sa == LEVEL_SA_ESP ? FLOW_APP_ESP : FLOW_APP_IPIP;
				cur->apps |= 1u << cur->tunnel;
				cur = &lvs[++n];
				level_start(cur, NULL);
			}
			cur->valid = cur->has_ip = true;
			if (l->proto == DEC_P_IPV4) {
				const struct dec_ipv4_layer *ip = &l->u.ipv4;
				cur->key.kind = FLOW_K_IPV4;
				memcpy(cur->key.a, ip->src, 4);
				memcpy(cur->key.b, ip->dst, 4);
				cur->key.proto = ip->proto;
				if (ip->frag && fs != DEC_FRAG_DONE)
					cur->key.kind |= FLOW_K_FRAG;
			} else {
				const struct dec_ipv6_layer *ip = &l->u.ipv6;
				cur->key.kind = FLOW_K_IPV6;
				memcpy(cur->key.a, ip->src, 16);
				memcpy(cur->key.b, ip->dst, 16);
				cur->key.proto = ip->proto;
				if (ip->is_fragment && ip->frag && fs != DEC_FRAG_DONE)
					cur->key.kind |= FLOW_K_FRAG;
			}
			if (fs == DEC_FRAG_DONE && done && reasm_level < 0) {
				reasm_level = (int)n;
				xp = done->npkts;
				xb = done->other_bytes;
			}
			break;
		}
		case DEC_P_ICMP:
		case DEC_P_ICMPV6:
			if (!cur->has_ip || cur->l4 || (cur->key.kind & FLOW_K_FRAG))
				goto out;
			if (l->truncated)
				goto out;
			icmp_key(cur, &l->u.icmp, l->proto == DEC_P_ICMPV6);
			if (l->u.icmp.quote) /* the rest is the datagram it quotes */
				goto out;
			break;
		case DEC_P_UDP:
			if (!cur->has_ip || cur->l4 || (cur->key.kind & FLOW_K_FRAG))
				break;
			if (l->truncated && !l->u.udp.ports_only)
				break;
			cur->key.pa = l->u.udp.sport;
			cur->key.pb = l->u.udp.dport;
			cur->l4 = true;
			break;
		case DEC_P_TCP:
			if (!cur->has_ip || cur->l4 || (cur->key.kind & FLOW_K_FRAG))
				break;
			if (l->truncated && !l->u.tcp.ports_only)
				break;
			cur->key.pa = l->u.tcp.sport;
			cur->key.pb = l->u.tcp.dport;
			cur->l4 = true;
			if (!l->truncated)
				cur->tcp = &l->u.tcp;
			break;
		case DEC_P_ESP:
		case DEC_P_IKE: {
			bool esp = l->proto == DEC_P_ESP;
			enum flow_app app = esp ? FLOW_APP_ESP : FLOW_APP_IKE;
			if (!cur->has_ip || l->truncated || (cur->key.kind & FLOW_K_FRAG) ||
				(!esp && !cur->l4) || cur->sa)
				break;
			cur->apps |= 1u << app;
			if (cur->l4) { /* in UDP: the SA is a level below the UDP flow */
				if (n + 1 >= FLOW_MAX_LEVELS)
					break;
				struct level *udp = cur;
				udp->tunnel = (uint8_t)app;
				cur = &lvs[++n];
				level_start(cur, udp);
				cur->valid = cur->has_ip = cur->l4 = true;
				cur->natt = true;
				cur->key = udp->key;
				cur->apps = 1u << app;
			}
			cur->key.proto = esp ? 50 : 17;
			cur->key.pa = cur->key.pb = 0;
			cur->sa = esp ? LEVEL_SA_ESP : LEVEL_SA_IKE;
			if (esp)
				cur->esp = &l->u.esp;
			else
				cur->ike = &l->u.ike;
			break;
		}
		case DEC_P_NATT_KEEPALIVE:
			cur->apps |= 1u << FLOW_APP_NATT_KEEPALIVE;
			break;
		case DEC_P_BGP:
			cur->apps |= 1u << FLOW_APP_BGP;
			break;
		case DEC_P_BFD:
			/* RFC 5881 §4: each side sends from its own source port to 3784 (4784
			 * multihop, 6784 LAG): one session, two UDP port pairs. Keyed on the
			 * destination port both ways, the session is one flow. */
			cur->apps |= 1u << FLOW_APP_BFD;
			if (cur->l4 && cur->key.proto == 17 && !l->truncated && i > 0 &&
				d->layers[i - 1].proto == DEC_P_UDP)
				cur->key.pa = cur->key.pb = d->layers[i - 1].u.udp.dport;
			break;
		case DEC_P_DNS:
			cur->apps |= 1u << FLOW_APP_DNS;
			break;
		case DEC_P_HTTP2:
			cur->apps |= 1u << FLOW_APP_HTTP2;
			break;
		case DEC_P_GRE: {
			/* RFC 2784: the tunnel's endpoints (and RFC 2890 key) are the outer flow */
			if (!cur->has_ip || cur->l4 || (cur->key.kind & FLOW_K_FRAG) ||
				n + 1 >= FLOW_MAX_LEVELS)
				goto out;
			cur->apps |= 1u << FLOW_APP_GRE;
			cur->l4 = true;
			if (l->u.gre.has_key) {
				memcpy(cur->key.pad, &l->u.gre.key, sizeof(cur->key.pad));
				cur->vni = l->u.gre.key;
				cur->has_gre_key = true;
			}
			if (l->truncated || !l->u.gre.whole)
				goto out;
			cur->tunnel = FLOW_APP_GRE;
			cur = &lvs[++n];
			level_start(cur, NULL);
			mac_src = mac_dst = NULL;
			break;
		}
		case DEC_P_GENEVE:
		case DEC_P_VXLAN: {
			if (!cur->l4 || n + 1 >= FLOW_MAX_LEVELS)
				goto out;
			enum flow_app app = l->proto == DEC_P_GENEVE ? FLOW_APP_GENEVE : FLOW_APP_VXLAN;
			cur->apps |= 1u << app;
			if (l->truncated) /* nothing inside to follow */
				goto out;
			cur->tunnel = (uint8_t)app;
			cur->vni = l->proto == DEC_P_GENEVE ? l->u.geneve.vni : l->u.vxlan.vni;
			cur = &lvs[++n];
			level_start(cur, NULL);
			mac_src = mac_dst = NULL;
			break;
		}
		default:
			break;
		}
	}
out:
	if (cur->valid)
		n++;
	/* the levels from the reassembled datagram down count its earlier fragments too */
	for (int k = reasm_level; k >= 0 && k < (int)n; k++) {
		lvs[k].extra_pkts = xp;
		lvs[k].extra_bytes = xb;
	}
	return n;
}

/* ---- per-flow state ---- */

static void
tcp_update(struct flow *f, const struct dec_tcp_layer *tl, unsigned dir, struct cap_time now,
	uint8_t outer)
{
	struct flow_tcp *t = &f->u.tcp;
	uint16_t fl = tl->flags;
	uint32_t seq = tl->seq;
	uint32_t seglen = tl->plen + !!(fl & DEC_TCP_SYN) + !!(fl & DEC_TCP_FIN);

	if ((fl & (DEC_TCP_SYN | DEC_TCP_ACK)) == DEC_TCP_SYN) {
		if (!(t->state & FLOW_TCP_SYN)) {
			t->state |= FLOW_TCP_SYN;
			t->client = (uint8_t)dir;
			t->isn[dir] = seq;
			t->syn = now;
		}
	} else if ((fl & (DEC_TCP_SYN | DEC_TCP_ACK)) == (DEC_TCP_SYN | DEC_TCP_ACK)) {
		if ((t->state & FLOW_TCP_SYN) && !(t->state & FLOW_TCP_SYNACK) && dir != t->client) {
			t->state |= FLOW_TCP_SYNACK;
			t->isn[dir] = seq;
			t->synack = now;
		}
	} else if ((fl & DEC_TCP_ACK) && (t->state & FLOW_TCP_SYNACK) &&
		!(t->state & FLOW_TCP_HANDSHAKE) && dir == t->client &&
		tl->ack == t->isn[!dir] + 1) {
		t->state |= FLOW_TCP_HANDSHAKE;
		t->rtt_ns = cap_time_diff_ns(now, t->syn);
	}
	if (fl & DEC_TCP_RST)
		t->state |= FLOW_TCP_RST;
	if (fl & DEC_TCP_FIN)
		t->state |= dir ? FLOW_TCP_FIN_BA : FLOW_TCP_FIN_AB;
	if (tl->win == 0 && !(fl & (DEC_TCP_SYN | DEC_TCP_FIN | DEC_TCP_RST)))
		t->zero_win++;

	uint8_t bit = (uint8_t)(1u << dir);
	if (!(t->seen & bit)) {
		t->seen |= bit;
		t->next_seq[dir] = seq + seglen;
	} else if (seglen > 0 && !(fl & DEC_TCP_RST)) {
		int32_t diff = (int32_t)(seq - t->next_seq[dir]);
		if (diff < 0) {
			/* the same segment again through the other direction of its tunnel (a
			 * GWLB appliance hairpin: to the appliance and back): one segment */
			bool copy = outer && t->last_outer[dir] && outer != t->last_outer[dir] &&
				seq == t->last_seq[dir] && seglen == t->last_len[dir];
			bool keepalive = tl->plen <= 1 && !(fl & (DEC_TCP_SYN | DEC_TCP_FIN)) &&
				seq == t->next_seq[dir] - 1;
			int64_t thresh = t->rtt_ns > 0 ? t->rtt_ns : FLOW_OOO_NS;
			if (copy)
				t->copies++;
			else if (keepalive)
				;
			else if ((t->gap & bit) && cap_time_diff_ns(now, t->last[dir]) < thresh)
				t->ooo++;
			else
				t->retrans++;
			if ((int32_t)(seq + seglen - t->next_seq[dir]) > 0)
				t->next_seq[dir] = seq + seglen;
		} else {
			if (diff > 0)
				t->gap |= bit;
			t->next_seq[dir] = seq + seglen;
		}
	}
	t->last_seq[dir] = seq;
	t->last_len[dir] = seglen;
	t->last_outer[dir] = outer;
	t->last[dir] = now;
	if ((t->state & FLOW_TCP_RST) ||
		((t->state & FLOW_TCP_FIN_AB) && (t->state & FLOW_TCP_FIN_BA)))
		f->closed = 1;
}

static void
ipsec_update(struct flow *f, const struct level *lv, unsigned dir)
{
	struct flow_ipsec *s = &f->u.ipsec;
	if (lv->esp) {
		if (!s->spi[dir])
			s->spi[dir] = lv->esp->spi;
		return;
	}
	uint64_t i = 0, r = 0;
	for (int k = 0; k < 8; k++) {
		i = i << 8 | lv->ike->ispi[k];
		r = r << 8 | lv->ike->rspi[k];
	}
	if (!s->ike_ispi)
		s->ike_ispi = i;
	if (!s->ike_rspi && r)
		s->ike_rspi = r;
}

/* Puts the key's endpoints in canonical order; true when they were swapped. ICMP keeps
 * its "ports" (type class, id) as they are: they name the exchange, not an endpoint. */
static inline bool
key_canon(struct flow_key *k)
{
	size_t alen = FLOW_K_FAMILY(k->kind) == FLOW_K_IPV4 ? 4 : (k->kind == FLOW_K_MACSEC ? 6 : 16);
	int c = memcmp(k->a, k->b, alen);
	bool icmp = is_icmp_key(k);
	if (c < 0 || (c == 0 && (icmp || k->pa <= k->pb)))
		return false;
	uint8_t tmp[16];
	memcpy(tmp, k->a, 16);
	memcpy(k->a, k->b, 16);
	memcpy(k->b, tmp, 16);
	if (!icmp) {
		uint16_t p = k->pa;
		k->pa = k->pb;
		k->pb = p;
	}
	return true;
}

/* The flow of an SA level: sets lv->key to the SA flow's key, *swapped, *h, and returns
 * its slot, or -1 when it is new (the caller creates it under lv->key, then calls
 * sa_started).
 *
 * IKE: the initiator's SPI is in every message of the SA (RFC 7296 §3.1), so it is the key.
 * ESP: a packet carries the SPI its receiver chose for this direction only (RFC 4303
 * §2.1); the flow is keyed by the first SPI seen and the side that sent it, and the other
 * side's SPI is learned: an unknown SPI from side s is looked up as that key, then as an
 * alias (a second side's SPI already paired), then pairs with the SA waiting for side s
 * (pending) - the newest one, as a rekey's new SAs start together. */
static long
sa_find(struct flow_table *t, struct level *lv, bool *swapped, uint64_t *h)
{
	lv->key.kind |= FLOW_K_SA;
	lv->key.sa = 0;
	*swapped = key_canon(&lv->key);
	if (lv->sa == LEVEL_SA_IKE) {
		uint64_t ispi = 0;
		for (int k = 0; k < 8; k++)
			ispi = ispi << 8 | lv->ike->ispi[k];
		lv->key.sa = ispi;
		*h = key_hash(&lv->key);
		return slot_find(t, &lv->key, *h);
	}
	unsigned side = *swapped;
	uint64_t id = (uint64_t)(side + 1) << 32 | lv->esp->spi;
	struct flow_key base = lv->key;
	lv->key.sa = id;
	*h = key_hash(&lv->key);
	long si = slot_find(t, &lv->key, *h);
	if (si >= 0)
		return si;
	struct flow_key side_keys[2] = {
		sa_side_key(&base, id, SA_K_ALIAS),
		sa_side_key(&base, (uint64_t)(side + 1) << 32, SA_K_PENDING),
	};
	for (int w = 0; w < 2; w++) {
		const struct flow_key *main = g_hash_table_lookup(t->sa_map, &side_keys[w]);
		if (!main)
			continue;
		uint64_t mh = key_hash(main);
		long mi = slot_find(t, main, mh);
		if (mi < 0) { /* finished without its side entries: forget them */
			g_hash_table_remove(t->sa_map, &side_keys[w]);
			continue;
		}
		lv->key = *main;
		*h = mh;
		if (w == 1) { /* pair: this SPI is the SA's second one from now on */
			g_hash_table_insert(t->sa_map, g_memdup2(&side_keys[0], sizeof(side_keys[0])),
				g_memdup2(main, sizeof(*main)));
			g_hash_table_remove(t->sa_map, &side_keys[1]);
		}
		return mi;
	}
	return -1;
}

/* A new ESP SA flow waits for the other side's SPI. */
static void
sa_started(struct flow_table *t, const struct flow_key *k)
{
	unsigned other = ((unsigned)(k->sa >> 32) - 1) ^ 1;
	struct flow_key p = sa_side_key(k, (uint64_t)(other + 1) << 32, SA_K_PENDING);
	g_hash_table_replace(t->sa_map, g_memdup2(&p, sizeof(p)), g_memdup2(k, sizeof(*k)));
}

void
flow_table_add(struct flow_table *t, const struct dec *d, int64_t sec, uint32_t nsec,
	uint8_t prec, uint32_t len)
{
	/* seconds and nanoseconds apart: a pcapng time past 2262 does not overflow (issue 17) */
	struct cap_time now = cap_time_make(sec, nsec);
	t->st.frames++;
	if (!t->have_now) {
		t->have_now = true;
		t->now = now;
		t->next_sweep = cap_time_add_ns(now, t->sweep_ns);
	} else if (cap_time_cmp(now, t->now) > 0) {
		t->now = now;
	}
	if (cap_time_cmp(t->now, t->next_sweep) >= 0) {
		sweep(t, cap_time_add_ns(t->now, -t->idle_ns),
			cap_time_add_s(t->now, -FLOW_CLOSE_LINGER), false);
		t->next_sweep = cap_time_add_ns(t->now, t->sweep_ns);
	}

	struct level lvs[FLOW_MAX_LEVELS];
	bool held;
	unsigned n = levels_build(d, lvs, &held);
	if (!n) {
		if (held)
			t->st.frames_frag_held++;
		else
			t->st.frames_no_flow++;
		return;
	}
	uint32_t carrier = 0;
	uint64_t carrier_id = 0;
	uint8_t outer = 0;
	for (unsigned k = 0; k < n; k++) {
		struct level *lv = &lvs[k];
		bool swapped;
		uint64_t h;
		long si;
		if (lv->sa) {
			si = sa_find(t, lv, &swapped, &h);
		} else {
			swapped = key_canon(&lv->key);
			h = key_hash(&lv->key);
			si = slot_find(t, &lv->key, h);
		}
		uint32_t idx;
		if (si >= 0) {
			idx = t->slots[si].idx - 1;
			const struct flow *old = &t->pool[idx];
			const struct dec_tcp_layer *tl = lv->tcp;
			/* a new connection on a closed one's ports (Wireshark starts a new stream) */
			if (tl && (tl->flags & (DEC_TCP_SYN | DEC_TCP_ACK)) == DEC_TCP_SYN &&
				(old->u.tcp.state & (FLOW_TCP_FIN_AB | FLOW_TCP_FIN_BA | FLOW_TCP_RST))) {
				unsigned odir = swapped != old->swapped;
				if (!(old->u.tcp.state & FLOW_TCP_SYN) || old->u.tcp.isn[odir] != tl->seq) {
					flow_finish(t, (size_t)si, FLOW_END_REUSED);
					si = -1;
				}
			}
		}
		struct flow *f;
		if (si < 0) {
			idx = flow_create(t, &lv->key, h);
			f = &t->pool[idx];
			f->swapped = swapped;
			f->first = f->last = now;
			f->icmp_type = lv->icmp_type;
			f->icmp_code = lv->icmp_code;
			f->carrier = label_hold(t, carrier);
			f->carrier_flow = carrier_id;
			if (lv->key.kind == FLOW_K_MACSEC)
				f->sci = lv->sci;
			if (lv->sa) {
				f->u.ipsec.natt = lv->natt;
				if (lv->sa == LEVEL_SA_ESP)
					sa_started(t, &lv->key);
			}
		} else {
			f = &t->pool[idx];
			if (cap_time_cmp(now, f->last) > 0)
				f->last = now;
			if (cap_time_cmp(now, f->first) < 0)
				f->first = now;
			if (!f->carrier && carrier) {
				f->carrier = label_hold(t, carrier);
				f->carrier_flow = carrier_id;
			}
		}
		unsigned dir = swapped != f->swapped;
		f->pkts[dir] += 1 + lv->extra_pkts;
		f->bytes[dir] += len + lv->extra_bytes;
		f->matched |= t->mark;
		f->apps |= lv->apps;
		if (prec > f->prec)
			f->prec = prec;
		if (lv->tcp && lv->key.proto == 6)
			tcp_update(f, lv->tcp, dir, now, outer);
		else if (lv->sa)
			ipsec_update(f, lv, dir);
		if (lv->tunnel != 0xff && !f->label)
			f->label = label_make(t, f, lv);
		/* the packet holds its carrier's label itself: making room for the next
		 * level's flow may finish the outer flow that held it (found by fuzz_ipv4) */
		label_hold(t, f->label);
		label_release(t, carrier);
		carrier = f->label;
		carrier_id = f->id;
		/* which outer flow and direction carried the level below: a tag, 1..255 */
		outer = (uint8_t)(((f->id << 1) | dir) % 255 + 1);
	}
	label_release(t, carrier);
}

static int
cmp_id(const void *a, const void *b, void *pool)
{
	const struct flow *p = pool;
	uint64_t x = p[*(const uint32_t *)a].id, y = p[*(const uint32_t *)b].id;
	return x < y ? -1 : x > y;
}

void
flow_table_set_mark(struct flow_table *t, bool mark)
{
	t->mark = mark;
}

void
flow_table_flush(struct flow_table *t)
{
	size_t n = 0;
	uint32_t *order = g_new(uint32_t, t->st.live ? t->st.live : 1);
	for (size_t i = 0; i < t->nslots; i++)
		if (t->slots[i].idx)
			order[n++] = t->slots[i].idx - 1;
	g_qsort_with_data(order, (gint)n, sizeof(*order), cmp_id, t->pool);
	for (size_t i = 0; i < n; i++) {
		struct flow *f = &t->pool[order[i]];
		f->end = FLOW_END_EOF;
		t->st.ended[FLOW_END_EOF]++;
		if (t->done)
			t->done(f, t->user);
		label_release(t, f->label);
		label_release(t, f->carrier);
		t->free_idx[t->nfree++] = order[i];
	}
	memset(t->slots, 0, t->nslots * sizeof(*t->slots));
	g_hash_table_remove_all(t->sa_map);
	t->st.live = 0;
	g_free(order);
}

void
flow_table_get_stats(const struct flow_table *t, struct flow_stats *s)
{
	*s = t->st;
	s->slots = t->nslots;
}
