/* test_replay.c - replay/replay.c over the sample topology (samples/topologies/hybrid):
 * every packet of the sample captures gets the verdict, drop reason and hops
 * model_forward() gives for it; per-hop counters equal those counted from model_forward's
 * paths; no counter changes with the thread count; --loops multiplies counters exactly;
 * replies of NATed flows are walked back through the translation; a capture the topology
 * knows nothing of still replays, every packet unmodeled with its reason.
 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "model/forward.h"
#include "model/model.h"
#include "replay/replay.h"

#define TOPO "samples/topologies/hybrid"

struct fx {
	struct model *m;
	struct model_engine *e;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	GError *err = NULL;
	f->m = model_load(TOPO, &err);
	assert_non_null(f->m);
	f->e = model_engine_new(f->m, &err);
	assert_non_null(f->e);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	model_engine_free(f->e);
	model_free(f->m);
	free(f);
	return 0;
}

/* ---- building keys ---- */

static void
key_set(struct replay_key *k, const char *src, const char *dst, uint8_t proto, uint16_t sport,
	uint16_t dport)
{
	memset(k, 0, sizeof(*k));
	bool v6 = strchr(src, ':') != NULL;
	k->af = v6 ? 6 : 4;
	assert_int_equal(inet_pton(v6 ? AF_INET6 : AF_INET, src, k->src), 1);
	assert_int_equal(inet_pton(v6 ? AF_INET6 : AF_INET, dst, k->dst), 1);
	k->proto = proto;
	k->sport = sport;
	k->dport = dport;
}

static void
pkt_set(struct replay_batch *b, size_t i, const char *src, const char *dst, uint8_t proto,
	uint16_t sport, uint16_t dport, uint32_t len)
{
	struct replay_pkt *p = &b->pkts[i];
	key_set(&p->k, src, dst, proto, sport, dport);
	p->wire_len = len;
	p->ts_ns = (uint64_t)i * 1000;
	replay_pkt_hash(p);
	b->bytes += len;
	b->duration_ns = p->ts_ns;
}

static const char *
comp_id(const GPtrArray *comps, uint32_t c)
{
	return ((const struct replay_comp *)g_ptr_array_index(comps, c))->id;
}

/* ---- a reference: connection tracking and the walk, packet by packet ---- */

struct ref_flow {
	int init_dir;
	bool init_ok;
	uint32_t init_dec; /* decision of the first packet's direction */
};

static void
key_reverse(const struct replay_key *k, struct replay_key *r)
{
	*r = *k;
	memcpy(r->src, k->dst, 16);
	memcpy(r->dst, k->src, 16);
	r->sport = k->dport;
	r->dport = k->sport;
}

struct hop_ref {
	uint64_t packets, bytes, dropped;
};

/* Checks every packet's decision (ids[i]) against model_forward() of what replay walks for
 * it, with connection state kept here independently; counts per-hop packets into refc
 * (id -> struct hop_ref). @return packets walked through the model. */
static size_t
check_against_model_forward(struct fx *f, struct replay *r, const struct replay_batch *b,
	const uint32_t *ids, GHashTable *refc)
{
	GHashTable *flows = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
		(GDestroyNotify)g_bytes_unref, g_free);
	struct model_path *path = g_new(struct model_path, 1);
	const GArray *decs = replay_decisions(r);
	const GArray *hops = replay_hops(r);
	const GPtrArray *comps = replay_comps(r);
	size_t walked = 0;
	for (size_t i = 0; i < b->n; i++) {
		const struct replay_pkt *p = &b->pkts[i];
		struct replay_key rev;
		key_reverse(&p->k, &rev);
		GBytes *fk = g_bytes_new(&p->k, sizeof(p->k));
		GBytes *rk = g_bytes_new(&rev, sizeof(rev));
		struct ref_flow *fl = g_hash_table_lookup(flows, fk);
		int dir = 0;
		if (!fl && (fl = g_hash_table_lookup(flows, rk)))
			dir = 1;
		if (!fl) {
			fl = g_new0(struct ref_flow, 1);
			fl->init_dir = 0;
			fl->init_dec = UINT32_MAX;
			g_hash_table_insert(flows, g_bytes_ref(fk), fl);
		}
		g_bytes_unref(fk);
		g_bytes_unref(rk);
		bool reply = dir != fl->init_dir && fl->init_ok;
		const struct replay_decision *d =
			&g_array_index(decs, struct replay_decision, ids[i]);
		const struct replay_decision *init =
			reply && fl->init_dec != UINT32_MAX
				? &g_array_index(decs, struct replay_decision, fl->init_dec)
				: NULL;
		struct model_packet legs[2];
		uint8_t why;
		unsigned n = replay_model_packets(r, &p->k, NULL, reply, init, legs, &why);
		const struct replay_hop *h = &g_array_index(hops, struct replay_hop, d->hops_off);
		if (!n) {
			assert_int_equal(d->verdict, REPLAY_VERDICT_UNMODELED);
			assert_int_equal(d->reason, why);
		} else {
			walked++;
			unsigned k = 0;
			uint8_t verdict = 0, reason = 0;
			const char *end = NULL;
			for (unsigned l = 0; l < n; l++) {
				model_forward(f->e, &legs[l], path);
				for (unsigned j = 0; j < path->n_hops; j++, k++) {
					assert_true(k < d->n_hops);
					assert_string_equal(comp_id(comps, h[k].comp), path->hops[j].id);
					assert_int_equal(h[k].action, path->hops[j].action);
				}
				verdict = path->verdict;
				reason = path->reason;
				end = path->end_id;
				if (path->verdict != MODEL_VERDICT_DELIVERED)
					break;
			}
			assert_int_equal(k, d->n_hops);
			assert_int_equal(d->verdict, verdict);
			assert_int_equal(d->reason, reason);
			if (end)
				assert_string_equal(comp_id(comps, d->end), end);
		}
		/* engine per-hop counters count walked packets only (an unmodeled packet's
		 * link is loaded in the modeled network, not counted on an engine hop) */
		if (refc && d->verdict != REPLAY_VERDICT_UNMODELED) {
			for (unsigned j = 0; j < d->n_hops; j++) {
				const char *id = comp_id(comps, h[j].comp);
				struct hop_ref *hr = g_hash_table_lookup(refc, id);
				if (!hr) {
					hr = g_new0(struct hop_ref, 1);
					g_hash_table_insert(refc, g_strdup(id), hr);
				}
				hr->packets++;
				hr->bytes += p->wire_len;
				if (h[j].action == MODEL_ACT_DROP &&
					d->verdict != MODEL_VERDICT_DELIVERED)
					hr->dropped++;
			}
		}
		if (dir == fl->init_dir) {
			if (fl->init_dec == UINT32_MAX)
				fl->init_dec = ids[i];
			if (d->verdict == MODEL_VERDICT_DELIVERED)
				fl->init_ok = true;
		}
	}
	g_free(path);
	g_hash_table_destroy(flows);
	return walked;
}

static const char *const captures[] = {
	"samples/captures/core.pcap",
	"samples/captures/core.pcapng.gz",
	"samples/captures/bgp-dx-vif.pcap",
	"samples/captures/dns-route53.pcap",
	"samples/captures/encap-mix.pcapng.gz",
	"samples/captures/gwlb-geneve.pcap",
	"samples/captures/h2c-alb.pcap",
	"samples/captures/ipsec.pcap",
	"samples/captures/macsec.pcap",
	"samples/captures/mirror-vxlan.pcap",
	"samples/captures/vlan-qinq.pcapng",
	"samples/captures/raw6.pcap",
	"samples/captures/sll2.pcap",
};

/* The fast path (model_forward_fast, through the decision cache) gives, for every packet
 * of every sample capture, model_forward's verdict, reason, end and hops; and the run's
 * per-hop counters are what counting model_forward's paths gives. */
static void
test_replay_equals_model_forward_on_samples(void **state)
{
	struct fx *f = *state;
	size_t walked = 0, total = 0;
	for (size_t c = 0; c < G_N_ELEMENTS(captures); c++) {
		GError *err = NULL;
		struct replay_batch *b = replay_batch_read(captures[c], NULL, NULL, &err);
		assert_non_null(b);
		struct replay *r = replay_new(f->e);
		uint32_t *ids = g_new(uint32_t, b->n);
		replay_decide_all(r, b, NULL, ids);
		GHashTable *refc = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		walked += check_against_model_forward(f, r, b, ids, refc);
		total += b->n;

		struct replay_opts o = { .loops = 1, .threads = 1 };
		struct replay_result *res = replay_run(r, b, &o);
		assert_int_equal(res->packets, b->n);
		assert_int_equal(res->hop_counts->len, g_hash_table_size(refc));
		for (guint i = 0; i < res->hop_counts->len; i++) {
			const struct replay_hop_count *hc =
				&g_array_index(res->hop_counts, struct replay_hop_count, i);
			const struct hop_ref *hr = g_hash_table_lookup(refc, comp_id(res->comps, hc->comp));
			assert_non_null(hr);
			assert_int_equal(hc->packets, hr->packets);
			assert_int_equal(hc->bytes, hr->bytes);
			assert_int_equal(hc->dropped, hr->dropped);
		}
		replay_result_free(res);
		g_hash_table_destroy(refc);
		g_free(ids);
		replay_free(r);
		replay_batch_free(b);
	}
	/* most packets of the samples are walked, not waved through as unmodeled */
	assert_true(walked > total / 2);
	assert_true(walked > 200);
}

/* A mix over the sample topology: on-premises to VPC1 with replies, VPC2 to its database
 * (SG stateful) with the reply sometimes first, a blackholed VPC1->VPC2 flow, VPC2 to the
 * internet through the NAT gateway and back, ESP on a tunnel. */
static struct replay_batch *
mix_batch(size_t n)
{
	struct replay_batch *b = replay_batch_new(n);
	uint64_t rng = 0x9e3779b97f4a7c15u;
	for (size_t i = 0; i < n; i++) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		unsigned flow = (unsigned)(rng % 97);
		bool back = (rng >> 20) & 1;
		uint32_t len = 64 + (uint32_t)((rng >> 32) % 1400);
		char onprem[32];
		g_snprintf(onprem, sizeof(onprem), "192.168.1.%u", 1 + flow);
		uint16_t port = (uint16_t)(40000 + flow);
		switch (flow % 5) {
		case 0:
			if (back)
				pkt_set(b, i, "10.1.1.10", onprem, 6, 80, port, len);
			else
				pkt_set(b, i, onprem, "10.1.1.10", 6, port, 80, len);
			break;
		case 1:
			if (back)
				pkt_set(b, i, "10.2.2.30", "10.2.1.20", 6, 3306, port, len);
			else
				pkt_set(b, i, "10.2.1.20", "10.2.2.30", 6, port, 3306, len);
			break;
		case 2:
			pkt_set(b, i, "10.1.1.10", "10.2.1.20", 6, port, 443, len);
			break;
		case 3:
			if (back)
				pkt_set(b, i, "8.8.8.8", "10.2.1.20", 6, 443, port, len);
			else
				pkt_set(b, i, "10.2.1.20", "8.8.8.8", 6, port, 443, len);
			break;
		default:
			pkt_set(b, i, "203.0.113.10", "52.95.100.10", 50, 0, 0, len);
			b->pkts[i].k.unmodeled = REPLAY_U_ESP;
			replay_pkt_hash(&b->pkts[i]);
			break;
		}
	}
	return b;
}

/* id -> struct hop_ref of a result, for comparing runs whose component order differs */
static GHashTable *
hop_table(const struct replay_result *res, uint64_t div)
{
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (guint i = 0; i < res->hop_counts->len; i++) {
		const struct replay_hop_count *hc =
			&g_array_index(res->hop_counts, struct replay_hop_count, i);
		struct hop_ref *hr = g_new0(struct hop_ref, 1);
		assert_int_equal(hc->packets % div, 0);
		hr->packets = hc->packets / div;
		hr->bytes = hc->bytes / div;
		hr->dropped = hc->dropped / div;
		g_hash_table_insert(t, g_strdup(comp_id(res->comps, hc->comp)), hr);
	}
	return t;
}

static void
assert_same_counters(const struct replay_result *a, uint64_t adiv, const struct replay_result *b,
	uint64_t bdiv)
{
	for (int v = 0; v < 3; v++)
		assert_int_equal(a->by_verdict[v] / adiv, b->by_verdict[v] / bdiv);
	for (size_t r = 0; r < G_N_ELEMENTS(a->by_reason); r++)
		assert_int_equal(a->by_reason[r] / adiv, b->by_reason[r] / bdiv);
	for (int u = 0; u < REPLAY_U_N; u++)
		assert_int_equal(a->unmodeled[u] / adiv, b->unmodeled[u] / bdiv);
	GHashTable *ta = hop_table(a, adiv), *tb = hop_table(b, bdiv);
	assert_int_equal(g_hash_table_size(ta), g_hash_table_size(tb));
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, ta);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const struct hop_ref *x = v, *y = g_hash_table_lookup(tb, k);
		assert_non_null(y);
		assert_int_equal(x->packets, y->packets);
		assert_int_equal(x->bytes, y->bytes);
		assert_int_equal(x->dropped, y->dropped);
	}
	g_hash_table_destroy(ta);
	g_hash_table_destroy(tb);
}

static void
test_replay_thread_count_changes_no_counter(void **state)
{
	struct fx *f = *state;
	struct replay_batch *b = mix_batch(20000);
	struct replay_result *one = NULL;
	static const unsigned threads[] = { 1, 2, 3, 5, 8 };
	for (size_t i = 0; i < G_N_ELEMENTS(threads); i++) {
		struct replay *r = replay_new(f->e);
		struct replay_opts o = { .loops = 2, .threads = threads[i] };
		struct replay_result *res = replay_run(r, b, &o);
		assert_int_equal(res->threads, threads[i]);
		assert_int_equal(res->packets, 2 * b->n);
		/* the mix has every verdict: the comparison below compares something */
		assert_true(res->by_verdict[MODEL_VERDICT_DELIVERED] > 0);
		assert_true(res->by_verdict[MODEL_VERDICT_DROPPED] > 0);
		assert_true(res->unmodeled[REPLAY_U_ESP] > 0);
		if (!one)
			one = res;
		else {
			assert_same_counters(one, 1, res, 1);
			replay_result_free(res);
		}
		replay_free(r);
	}
	replay_result_free(one);
	replay_batch_free(b);
}

static void
test_replay_loops_multiply_counters(void **state)
{
	struct fx *f = *state;
	struct replay_batch *b = mix_batch(5000);
	struct replay *r = replay_new(f->e);
	struct replay_opts o1 = { .loops = 1, .threads = 2 };
	struct replay_result *a = replay_run(r, b, &o1);
	struct replay_opts o4 = { .loops = 4, .threads = 2 };
	struct replay_result *c = replay_run(r, b, &o4);
	assert_int_equal(c->packets, 4 * a->packets);
	assert_int_equal(c->bytes, 4 * a->bytes);
	assert_int_equal(c->loops, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(c->runs[i].packets, b->n);
	for (int v = 0; v < 3; v++)
		assert_int_equal(c->by_verdict[v], 4 * a->by_verdict[v]);
	for (int u = 0; u < REPLAY_U_N; u++)
		assert_int_equal(c->unmodeled[u], 4 * a->unmodeled[u]);
	assert_same_counters(a, 1, c, 4);
	/* the hop counters really are four times: not all divisible by chance */
	bool odd = false;
	for (guint i = 0; i < a->hop_counts->len; i++)
		odd |= g_array_index(a->hop_counts, struct replay_hop_count, i).packets % 4 != 0;
	assert_true(odd);
	replay_result_free(a);
	replay_result_free(c);
	replay_free(r);
	replay_batch_free(b);
}

static bool
has_hop(const struct replay *r, const struct replay_decision *d, const char *id)
{
	const struct replay_hop *h =
		&g_array_index(replay_hops(r), struct replay_hop, d->hops_off);
	for (unsigned i = 0; i < d->n_hops; i++)
		if (!strcmp(comp_id(replay_comps(r), h[i].comp), id))
			return true;
	return false;
}

/* The reply of a flow that left through the NAT gateway (then the IGW's Elastic IP) comes
 * back to the Elastic IP and through the gateway to the host; an interface's public IP
 * likewise through the IGW. Unsolicited, it is not delivered. */
static void
test_replay_nat_reverse_mapping(void **state)
{
	struct fx *f = *state;
	struct replay_batch *b = replay_batch_new(5);
	pkt_set(b, 0, "10.2.1.20", "8.8.8.8", 6, 50000, 443, 100);
	pkt_set(b, 1, "8.8.8.8", "10.2.1.20", 6, 443, 50000, 100);
	pkt_set(b, 2, "8.8.4.4", "10.2.1.20", 6, 443, 50001, 100); /* unsolicited */
	pkt_set(b, 3, "10.1.2.10", "1.1.1.1", 6, 50002, 443, 100);
	pkt_set(b, 4, "1.1.1.1", "10.1.2.10", 6, 443, 50002, 100);
	struct replay *r = replay_new(f->e);
	uint32_t ids[5];
	replay_decide_all(r, b, NULL, ids);
	const GArray *decs = replay_decisions(r);
	const struct replay_decision *out = &g_array_index(decs, struct replay_decision, ids[0]);
	const struct replay_decision *back = &g_array_index(decs, struct replay_decision, ids[1]);
	const struct replay_decision *uns = &g_array_index(decs, struct replay_decision, ids[2]);
	assert_int_equal(out->verdict, MODEL_VERDICT_DELIVERED);
	assert_true(has_hop(r, out, "nat-0ea1b2c3d4e5f1001"));
	assert_int_equal(back->verdict, MODEL_VERDICT_DELIVERED);
	assert_true(has_hop(r, back, "igw-0ea1b2c3d4e5f0010"));
	assert_true(has_hop(r, back, "nat-0ea1b2c3d4e5f1001"));
	assert_string_equal(comp_id(replay_comps(r), back->end), "eni-02a1b2c3d4e5f0201");
	assert_int_not_equal(uns->verdict, MODEL_VERDICT_DELIVERED);
	const struct replay_decision *pub = &g_array_index(decs, struct replay_decision, ids[4]);
	assert_int_equal(pub->verdict, MODEL_VERDICT_DELIVERED);
	assert_true(has_hop(r, pub, "igw-01a1b2c3d4e5f0001"));
	assert_string_equal(comp_id(replay_comps(r), pub->end), "eni-01a1b2c3d4e5f0102");
	replay_free(r);
	replay_batch_free(b);

	/* IPv6 out through the egress-only gateway: the reply comes back in through it */
	b = replay_batch_new(3);
	pkt_set(b, 0, "2600:1f18:4a3:6e01::10", "2606:4700::1111", 6, 50010, 443, 100);
	pkt_set(b, 1, "2606:4700::1111", "2600:1f18:4a3:6e01::10", 6, 443, 50010, 100);
	pkt_set(b, 2, "2606:4700::1111", "2600:1f18:4a3:6e01::10", 6, 443, 50011, 100);
	r = replay_new(f->e);
	replay_decide_all(r, b, NULL, ids);
	decs = replay_decisions(r);
	out = &g_array_index(decs, struct replay_decision, ids[0]);
	back = &g_array_index(decs, struct replay_decision, ids[1]);
	uns = &g_array_index(decs, struct replay_decision, ids[2]);
	assert_int_equal(out->verdict, MODEL_VERDICT_DELIVERED);
	assert_true(has_hop(r, out, "eigw-01a1b2c3d4e5f0001"));
	assert_int_equal(back->verdict, MODEL_VERDICT_DELIVERED);
	assert_true(has_hop(r, back, "eigw-01a1b2c3d4e5f0001"));
	assert_string_equal(comp_id(replay_comps(r), back->end), "eni-01a1b2c3d4e5f0101");
	assert_int_not_equal(uns->verdict, MODEL_VERDICT_DELIVERED);
	replay_free(r);
	replay_batch_free(b);
}

/* Nothing the topology knows: every packet unmodeled with its reason, throughput still
 * measured. */
static void
test_replay_unknown_capture_still_replays(void **state)
{
	struct fx *f = *state;
	size_t n = 3000;
	struct replay_batch *b = replay_batch_new(n);
	for (size_t i = 0; i < n; i++) {
		char src[32];
		g_snprintf(src, sizeof(src), "172.31.%zu.%zu", i % 7, 1 + i % 200);
		if (i % 10 == 9) {
			memset(&b->pkts[i].k, 0, sizeof(b->pkts[i].k)); /* ARP: no IP */
			b->pkts[i].k.unmodeled = REPLAY_U_NOT_IP;
			b->pkts[i].wire_len = 60;
			b->bytes += 60;
			replay_pkt_hash(&b->pkts[i]);
		} else {
			pkt_set(b, i, src, "172.30.9.9", 17, (uint16_t)(1000 + i % 50), 53, 90);
		}
	}
	struct replay *r = replay_new(f->e);
	struct replay_opts o = { .loops = 3, .threads = 2 };
	struct replay_result *res = replay_run(r, b, &o);
	assert_int_equal(res->by_verdict[0] + res->by_verdict[1] + res->by_verdict[2], 0);
	assert_int_equal(res->unmodeled[REPLAY_U_OUTSIDE], 3 * (n - n / 10));
	assert_int_equal(res->unmodeled[REPLAY_U_NOT_IP], 3 * (n / 10));
	assert_int_equal(res->packets, 3 * n);
	assert_true(res->seconds > 0);
	assert_true(res->pps > 0);
	assert_int_equal(res->hop_counts->len, 0);
	replay_result_free(res);
	replay_free(r);
	replay_batch_free(b);
}

/* Reading a capture: the batch holds the model's view of each packet. */
static void
test_replay_batch_of_gwlb_capture(void **state)
{
	(void)state;
	GError *err = NULL;
	struct replay_batch *b = replay_batch_read("samples/captures/gwlb-geneve.pcap", NULL, NULL,
		&err);
	assert_non_null(b);
	assert_int_equal(b->n, 21);
	/* GENEVE: the inner packet 10.1.1.10 -> 192.168.10.5 is what the model sees */
	const struct replay_key *k = &b->pkts[0].k;
	assert_int_equal(k->carrier, REPLAY_C_GENEVE);
	assert_int_equal(k->af, 4);
	static const uint8_t src[4] = { 10, 1, 1, 10 }, dst[4] = { 192, 168, 10, 5 };
	assert_memory_equal(k->src, src, 4);
	assert_memory_equal(k->dst, dst, 4);
	assert_int_equal(k->dport, 80);
	replay_batch_free(b);
	assert_null(replay_batch_read("no/such/file.pcap", NULL, NULL, &err));
	assert_non_null(err);
	g_error_free(err);
}

/* Issue 13: what replay decides like analyze. A TGW Connect capture's GRE is counted
 * unmodeled with its reason (the engine has no entry at a Connect peer); a fragmented
 * datagram is walked as a whole, every fragment with the datagram's key (fragments.pcap:
 * frames 2-3 and 4-5 are two reassembled datagrams, frame 7 a fragment never completed). */
static void
test_replay_gre_and_fragments(void **state)
{
	(void)state;
	GError *err = NULL;
	struct replay_batch *b = replay_batch_read("samples/captures/tgw-connect.pcap", NULL, NULL, &err);
	assert_non_null(b);
	assert_true(b->n > 0);
	for (size_t i = 0; i < b->n; i++)
		assert_int_equal(b->pkts[i].k.unmodeled, REPLAY_U_GRE);
	assert_string_equal(replay_unmodeled_name(REPLAY_U_GRE), "gre_tunnel");
	replay_batch_free(b);
	b = replay_batch_read("samples/captures/fragments.pcap", NULL, NULL, &err);
	assert_non_null(b);
	assert_int_equal(b->n, 7);
	/* frame 2 (first fragment, held) carries frame 3's reassembled UDP key */
	assert_int_equal(b->pkts[1].k.unmodeled, REPLAY_U_NONE);
	assert_int_equal(b->pkts[1].k.proto, 17);
	assert_int_equal(b->pkts[1].k.sport, 53);
	assert_memory_equal(&b->pkts[1].k, &b->pkts[2].k, sizeof(b->pkts[1].k));
	assert_int_equal(b->pkts[1].hash, b->pkts[2].hash);
	assert_memory_equal(&b->pkts[3].k, &b->pkts[4].k, sizeof(b->pkts[3].k));
	assert_int_equal(b->pkts[3].k.dport, 4500);
	/* frame 7: its datagram never completes */
	assert_int_equal(b->pkts[6].k.unmodeled, REPLAY_U_FRAGMENT);
	replay_batch_free(b);
}

/* --down through the engine (model_engine_set_down): with the VIF down, on-premises traffic
 * seen on its VLAN enters over a VPN instead; with tunnel 2 of a VPN down, what enters over
 * that VPN loads tunnel 1 in the modeled network. */
static void
test_replay_down(void **state)
{
	(void)state;
	GError *err = NULL;
	struct model *m = model_load(TOPO, &err);
	assert_non_null(m);
	struct model_engine *e = model_engine_new(m, &err);
	assert_non_null(e);
	struct replay_batch *b = replay_batch_new(1);
	pkt_set(b, 0, "192.168.1.10", "10.1.1.10", 6, 40000, 80, 100);
	b->pkts[0].k.vlan = 201; /* seen on dxvif-ffabc123's VLAN */
	replay_pkt_hash(&b->pkts[0]);
	uint32_t id;

	struct replay *r = replay_new(e);
	replay_decide_all(r, b, NULL, &id);
	const struct replay_decision *d =
		&g_array_index(replay_decisions(r), struct replay_decision, id);
	assert_true(has_hop(r, d, "dxvif-ffabc123"));
	replay_free(r);

	const struct model_obj *vif = model_find_id(m, "dxvif-ffabc123");
	assert_true(model_engine_set_down(e, vif, -1, true));
	r = replay_new(e);
	replay_note_down(r, vif, -1);
	replay_decide_all(r, b, NULL, &id);
	d = &g_array_index(replay_decisions(r), struct replay_decision, id);
	assert_false(has_hop(r, d, "dxvif-ffabc123"));
	assert_true(has_hop(r, d, "vpn-0a1b2c3d4e5f60001") || has_hop(r, d, "vpn-05a1b2c3d4e5f0002"));
	assert_true(d->tunnel >= 1);
	replay_free(r);
	assert_true(model_engine_set_down(e, vif, -1, false));

	const struct model_obj *vpn = model_find_id(m, "vpn-0a1b2c3d4e5f60001");
	unsigned seen[3] = { 0 };
	for (int down = 0; down <= 1; down++) {
		if (down) {
			assert_true(model_engine_set_down(e, vpn, 2, true));
		}
		for (unsigned port = 1000; port < 1064; port++) {
			r = replay_new(e);
			if (down)
				replay_note_down(r, vpn, 2);
			b->pkts[0].k.sport = (uint16_t)port;
			b->pkts[0].k.vlan = 0;
			replay_pkt_hash(&b->pkts[0]);
			replay_decide_all(r, b, vpn, &id);
			d = &g_array_index(replay_decisions(r), struct replay_decision, id);
			assert_true(d->tunnel == 1 || d->tunnel == 2);
			if (down)
				assert_int_equal(d->tunnel, 1);
			else
				seen[d->tunnel]++;
			replay_free(r);
		}
	}
	/* with both up, ECMP spreads the flows over both tunnels */
	assert_true(seen[1] > 0 && seen[2] > 0);
	replay_batch_free(b);
	model_engine_free(e);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_equals_model_forward_on_samples),
		cmocka_unit_test(test_replay_thread_count_changes_no_counter),
		cmocka_unit_test(test_replay_loops_multiply_counters),
		cmocka_unit_test(test_replay_nat_reverse_mapping),
		cmocka_unit_test(test_replay_unknown_capture_still_replays),
		cmocka_unit_test(test_replay_batch_of_gwlb_capture),
		cmocka_unit_test(test_replay_down),
		cmocka_unit_test(test_replay_gre_and_fragments),
	};
	return cmocka_run_group_tests_name("replay", tests, setup, teardown);
}
