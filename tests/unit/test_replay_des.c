/* test_replay_des.c - replay/des.c: a link offered twice its packet rate drops half, one
 * offered half its rate drops none, with the queueing delay a FIFO of that capacity
 * predicts; the same through the whole simulation over a VPN tunnel of the sample
 * topology (140,000 packets/s, Site-to-Site VPN quotas).
 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/forward.h"
#include "model/model.h"
#include "replay/des.h"
#include "replay/replay.h"

#define TOPO "samples/topologies/hybrid"
#define TUNNEL_PPS 140000.0

/* 2x the packet rate: of n packets about half are dropped (the queue of `limit` absorbs
 * the rest), and a packet that gets in waits behind a full queue: limit + 1 sending
 * times, as a FIFO with one server predicts. */
static void
test_queue_twice_the_rate_drops_half(void **state)
{
	(void)state;
	const unsigned limit = 16, n = 100000;
	const double s = 1e9 / TUNNEL_PPS; /* sending time, ns */
	struct replay_queue q;
	replay_queue_init(&q, 0, TUNNEL_PPS, 0, limit);
	unsigned dropped = 0;
	double worst = 0, last = 0;
	for (unsigned i = 0; i < n; i++) {
		double on;
		if (!replay_queue_offer(&q, i * s / 2, 100, &on)) {
			dropped++;
			continue;
		}
		if (on > worst)
			worst = on;
		last = on;
	}
	assert_true(fabs((double)dropped - n / 2.0) <= limit);
	assert_true(worst <= (limit + 1) * s + 1e-6);
	assert_true(last >= limit * s);
	assert_int_equal(q.peak, limit + 1);
	replay_queue_clear(&q);
}

/* Half the packet rate: nothing waits, nothing is dropped; each packet takes exactly its
 * sending time plus the propagation latency. */
static void
test_queue_half_the_rate_drops_none(void **state)
{
	(void)state;
	const double s = 1e9 / TUNNEL_PPS;
	struct replay_queue q;
	replay_queue_init(&q, 1.25e9, TUNNEL_PPS, 5e6, 16);
	for (unsigned i = 0; i < 50000; i++) {
		double on;
		assert_true(replay_queue_offer(&q, i * 2 * s, 1400, &on));
		/* 1400 bytes at 1.25 Gbps is 8.96 us > 1/140,000 s = 7.14 us: bits decide */
		assert_true(fabs(on - (1400 * 8 / 1.25 + 5e6)) < 1e-3);
	}
	assert_int_equal(q.peak, 1);
	replay_queue_clear(&q);
}

static void
test_hist_quantiles(void **state)
{
	(void)state;
	struct replay_hist h = { 0 };
	for (int i = 1; i <= 1000; i++)
		replay_hist_add(&h, (double)i * 1000);
	double p50 = replay_hist_quantile(&h, 0.5), p99 = replay_hist_quantile(&h, 0.99);
	assert_true(fabs(p50 - 500000) / 500000 < 0.011);
	assert_true(fabs(p99 - 990000) / 990000 < 0.011);
	assert_true(replay_hist_quantile(&h, 1.0) == 1000000);
	g_free(h.b);
}

/* n packets 192.168.1.10 -> 10.1.1.10 entering over the VPN connection (--vantage) every
 * gap ns. */
static struct replay_batch *
vpn_batch(unsigned n, double gap)
{
	struct replay_batch *b = replay_batch_new(n);
	for (unsigned i = 0; i < n; i++) {
		struct replay_pkt *p = &b->pkts[i];
		p->k.af = 4;
		inet_pton(AF_INET, "192.168.1.10", p->k.src);
		inet_pton(AF_INET, "10.1.1.10", p->k.dst);
		p->k.proto = 17;
		p->k.sport = 5000;
		p->k.dport = 53;
		p->wire_len = 100;
		p->ts_ns = (uint64_t)(i * gap);
		replay_pkt_hash(p);
		b->bytes += 100;
	}
	b->duration_ns = b->pkts[n - 1].ts_ns;
	return b;
}

static const struct replay_link *
tunnel_link(const struct replay_des_result *res)
{
	for (guint i = 0; i < res->links->len; i++) {
		const struct replay_link *l = &g_array_index(res->links, struct replay_link, i);
		if (l->obj->kind == MODEL_VPN)
			return l;
	}
	return NULL;
}

static void
run_vpn(double rate_factor, unsigned n, unsigned queue, struct replay_des_result **out,
	struct model **mp, struct model_engine **ep, struct replay **rp, struct replay_batch **bp)
{
	GError *err = NULL;
	struct model *m = model_load(TOPO, &err);
	assert_non_null(m);
	struct model_engine *e = model_engine_new(m, &err);
	assert_non_null(e);
	const struct model_obj *vpn = model_find_id(m, "vpn-0a1b2c3d4e5f60001");
	assert_non_null(vpn);
	struct replay_batch *b = vpn_batch(n, 1e9 / (TUNNEL_PPS * rate_factor));
	struct replay *r = replay_new(e);
	uint32_t *ids = g_new(uint32_t, n);
	replay_decide_all(r, b, vpn, ids);
	struct replay_des_opts o = { .speed = 1, .queue_pkts = queue };
	*out = replay_des_run(r, b, ids, &o);
	g_free(ids);
	*mp = m;
	*ep = e;
	*rp = r;
	*bp = b;
}

static void
done(struct replay_des_result *res, struct model *m, struct model_engine *e, struct replay *r,
	struct replay_batch *b)
{
	replay_des_result_free(res);
	replay_free(r);
	replay_batch_free(b);
	model_engine_free(e);
	model_free(m);
}

static void
test_des_tunnel_at_twice_its_rate_drops_half(void **state)
{
	(void)state;
	struct replay_des_result *res;
	struct model *m;
	struct model_engine *e;
	struct replay *r;
	struct replay_batch *b;
	const unsigned n = 20000, queue = 64;
	run_vpn(2.0, n, queue, &res, &m, &e, &r, &b);
	const struct replay_link *l = tunnel_link(res);
	assert_non_null(l);
	assert_true(l->pps == TUNNEL_PPS);
	assert_int_equal(l->offered, n);
	assert_true(fabs((double)l->dropped - n / 2.0) <= queue);
	assert_int_equal(res->dropped[REPLAY_DROP_CAPACITY], l->dropped);
	assert_int_equal(l->queue_peak, queue + 1);
	/* a full queue: queue + 1 sending times, plus the link's latency (awstrace.json) */
	double s = 1e9 / TUNNEL_PPS, want = (queue + 1) * s + l->latency_ns;
	assert_true(fabs(l->p99_ns - want) / want < 0.011);
	/* the VPN hop says the same */
	const struct replay_des_hop *h = &g_array_index(res->hops, struct replay_des_hop, l->comp);
	assert_int_equal(h->dropped[REPLAY_DROP_CAPACITY], l->dropped);
	assert_int_equal(h->offered, n);
	done(res, m, e, r, b);
}

static void
test_des_tunnel_at_half_its_rate_drops_none(void **state)
{
	(void)state;
	struct replay_des_result *res;
	struct model *m;
	struct model_engine *e;
	struct replay *r;
	struct replay_batch *b;
	const unsigned n = 20000;
	run_vpn(0.5, n, 64, &res, &m, &e, &r, &b);
	const struct replay_link *l = tunnel_link(res);
	assert_non_null(l);
	assert_int_equal(l->offered, n);
	assert_int_equal(l->dropped, 0);
	assert_int_equal(res->dropped[REPLAY_DROP_CAPACITY], 0);
	assert_int_equal(l->queue_peak, 1);
	/* no wait: one sending time plus the latency */
	double want = 1e9 / TUNNEL_PPS + l->latency_ns;
	assert_true(fabs(l->p50_ns - want) / want < 0.011);
	assert_true(fabs(l->max_ns - want) < 1e-3);
	/* the peak over 100 ms windows is the offered rate: 70,000 packets/s */
	assert_true(fabs(l->peak_pps - TUNNEL_PPS / 2) / (TUNNEL_PPS / 2) < 0.01);
	done(res, m, e, r, b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_twice_the_rate_drops_half),
		cmocka_unit_test(test_queue_half_the_rate_drops_none),
		cmocka_unit_test(test_hist_quantiles),
		cmocka_unit_test(test_des_tunnel_at_twice_its_rate_drops_half),
		cmocka_unit_test(test_des_tunnel_at_half_its_rate_drops_none),
	};
	return cmocka_run_group_tests_name("replay_des", tests, NULL, NULL);
}
