/* test_ipfrag.c - IP fragment reassembly (decode/ipfrag.c): IPv4 and IPv6 fragments in
 * order, out of order, duplicated, overlapping (IPv4 keeps going, IPv6 discards, RFC 5722),
 * never completed, over every limit (size, fragments, bytes, datagrams, timeout), a bad
 * fragment length, IPv6 extension headers before the Fragment header, fragments inside a
 * GENEVE tunnel (two tunnels never mix), a snaplen cut (not reassembled), the text and JSON of each state,
 * and flows counting every fragment in the datagram's 5-tuple flow. */
#include <stdarg.h>             /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "decode/flow.h"
#include "decode/ipfrag.h"

struct pkt {
	uint8_t b[2048];
	size_t n;
};

static void
put8(struct pkt *p, unsigned v)
{
	p->b[p->n++] = (uint8_t)v;
}

static void
put16(struct pkt *p, unsigned v)
{
	put8(p, v >> 8);
	put8(p, v);
}

static void
put32(struct pkt *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p, v & 0xFFFF);
}

static void
eth(struct pkt *p, unsigned type)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	memcpy(p->b + p->n, macs, 12);
	p->n += 12;
	put16(p, type);
}

/* The datagram every test fragments: UDP 40000 > 9999 (no decoder above UDP), 8 + 2392
 * bytes, byte k of the data is k % 251. Its UDP checksum is not checked. */
#define DGRAM_LEN 2400
static uint8_t dgram[DGRAM_LEN];

static void
dgram_init(uint16_t dport)
{
	dgram[0] = 0x9c;
	dgram[1] = 0x40;
	dgram[2] = (uint8_t)(dport >> 8);
	dgram[3] = (uint8_t)dport;
	dgram[4] = DGRAM_LEN >> 8;
	dgram[5] = DGRAM_LEN & 0xFF;
	dgram[6] = dgram[7] = 0;
	for (size_t k = 8; k < DGRAM_LEN; k++)
		dgram[k] = (uint8_t)(k % 251);
}

/* Bytes [off, off + len) of dgram, and past its end bytes of the same pattern (the limit
 * tests reach further than the datagram). */
static void
data(struct pkt *p, uint32_t off, uint32_t len)
{
	assert_true(p->n + len <= sizeof(p->b));
	for (uint32_t k = 0; k < len; k++)
		p->b[p->n++] = off + k < DGRAM_LEN ? dgram[off + k] : (uint8_t)((off + k) % 251);
}

/* An IPv4 fragment of dgram: bytes [off, off + len), MF when more; id; src last byte */
static struct pkt
frag4(uint16_t id, uint32_t off, uint32_t len, bool more, uint8_t src)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0x0800);
	put16(&p, 0x4500);
	put16(&p, 20 + len);
	put16(&p, id);
	put16(&p, (more ? 0x2000 : 0) | off / 8);
	put16(&p, 0x4011);
	put16(&p, 0);
	put32(&p, 0x0a000000 | src);
	put32(&p, 0x0a000002);
	data(&p, off, len);
	return p;
}

/* An IPv6 fragment: [hop-by-hop, destination options when ext] then the Fragment header */
static struct pkt
frag6(uint32_t id, uint32_t off, uint32_t len, bool more, bool ext)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0x86DD);
	put32(&p, 0x60000000);
	put16(&p, (ext ? 16 : 0) + 8 + len);
	put8(&p, ext ? 0 : 44);
	put8(&p, 64);
	for (int i = 0; i < 2; i++) {
		put32(&p, 0x20010db8);
		put32(&p, 0);
		put32(&p, 0);
		put32(&p, (uint32_t)i + 1);
	}
	if (ext) {
		put8(&p, 60); /* hop-by-hop: next destination options, 8 bytes, PadN */
		put8(&p, 0);
		put32(&p, 0x01040000);
		put16(&p, 0);
		put8(&p, 44); /* destination options: next fragment */
		put8(&p, 0);
		put32(&p, 0x01040000);
		put16(&p, 0);
	}
	put8(&p, 17); /* fragment header: next UDP */
	put8(&p, 0);
	put16(&p, off | (more ? 1 : 0));
	put32(&p, id);
	data(&p, off, len);
	return p;
}

struct fx {
	struct dec *d;
	struct pkt cur; /* the view points into it */
	uint64_t n;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	x->d = dec_new();
	x->d->ipfrag = dec_ipfrag_new(NULL);
	x->d->ts_sec = 1000;
	dgram_init(9999);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;
	dec_ipfrag_free(x->d->ipfrag);
	dec_free(x->d);
	free(x);
	return 0;
}

static struct dec *
feed(struct fx *x, struct pkt p)
{
	x->cur = p;
	x->d->frame_n = ++x->n;
	uint8_t *copy = test_dup(x->cur.b, x->cur.n); /* exactly n bytes: ASan sees past */
	memcpy(x->cur.b, copy, x->cur.n);
	free(copy);
	dec_packet(x->d, x->cur.b, (uint32_t)x->cur.n, (uint32_t)x->cur.n, DEC_LINK_EN10MB);
	return x->d;
}

static struct dec_ipfrag_stats
stats(const struct fx *x)
{
	struct dec_ipfrag_stats s;
	dec_ipfrag_get_stats(x->d->ipfrag, &s);
	return s;
}

static void
assert_contains(const char *s, const char *want)
{
	if (!strstr(s, want))
		fail_msg("expected \"%s\" in: %s", want, s);
}

static void
assert_text(const struct dec *d, const char *want)
{
	char *t = test_text(d);
	assert_contains(t, want);
	g_free(t);
}

static void
assert_held(const struct dec *d)
{
	const struct dec_layer *ip = dec_ip_below(d); /* the innermost IP layer */
	assert_non_null(ip);
	assert_int_equal(ip->proto == DEC_P_IPV4 ? ip->u.ipv4.frag_state : ip->u.ipv6.frag_state,
		DEC_FRAG_HELD);
	assert_ptr_equal(ip, &d->layers[d->nlayers - 1]); /* nothing decoded above it */
	assert_int_equal(d->nerrors, 0);
}

/* The completing packet: UDP over the whole datagram, its bytes those of dgram */
static void
assert_whole(const struct dec *d)
{
	const struct dec_layer *u = &d->layers[d->nlayers - 1];
	assert_int_equal(u->proto, DEC_P_UDP);
	assert_int_equal(u->u.udp.len, DGRAM_LEN);
	assert_int_equal(u->u.udp.dport, 9999);
	assert_int_equal(d->ip_payload_len, DGRAM_LEN);
}

static void
test_ipfrag_v4_in_order(void **state)
{
	struct fx *x = *state;
	assert_held(feed(x, frag4(7, 0, 1000, true, 1)));
	assert_text(x->d, "10.0.0.1 > 10.0.0.2 frag id=7 off=0+ held proto=17");
	assert_held(feed(x, frag4(7, 1000, 1000, true, 1)));
	struct dec *d = feed(x, frag4(7, 2000, 400, false, 1));
	assert_int_equal(d->nerrors, 0);
	assert_whole(d);
	const struct dec_ipv4_layer *ip = &test_layer(d, DEC_P_IPV4, 0)->u.ipv4;
	assert_int_equal(ip->frag_state, DEC_FRAG_DONE);
	assert_int_equal(ip->reasm->total, DGRAM_LEN);
	assert_int_equal(ip->reasm->nframes, 3);
	assert_int_equal(ip->reasm->frames[0], 1);
	assert_int_equal(ip->reasm->frames[2], 3);
	assert_int_equal(ip->reasm->npkts, 2);
	assert_int_equal(ip->reasm->other_bytes, 2 * (14 + 20 + 1000));
	assert_text(d, "frag id=7 off=2000 reassembled 3 frames #1,#2,#3 len=2400 UDP 40000 > 9999");
	char *j = test_json(d);
	assert_contains(j, "\"frag_state\":\"reassembled\",\"reassembled\":{\"frames\":[1,2,3],"
			   "\"len\":2400}");
	g_free(j);
	assert_int_equal(stats(x).completed, 1);
	assert_int_equal(stats(x).bytes_held, 0);
	assert_int_equal(stats(x).dgrams_open, 0);
}

static void
test_ipfrag_v4_out_of_order_and_duplicate(void **state)
{
	struct fx *x = *state;
	assert_held(feed(x, frag4(8, 2000, 400, false, 1)));
	assert_held(feed(x, frag4(8, 0, 1000, true, 1)));
	/* an exact duplicate: dropped and counted, no event */
	struct dec *d = feed(x, frag4(8, 0, 1000, true, 1));
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_IPV4, 0)->u.ipv4.frag_state, DEC_FRAG_DROPPED);
	assert_int_equal(stats(x).dups, 1);
	d = feed(x, frag4(8, 1000, 1000, true, 1));
	assert_int_equal(d->nerrors, 0);
	assert_whole(d);
	const struct dec_frag_done *r = test_layer(d, DEC_P_IPV4, 0)->u.ipv4.reasm;
	/* by offset: frames 2, 4, 1; the duplicate counts as a packet of the datagram */
	assert_int_equal(r->nframes, 3);
	assert_int_equal(r->frames[0], 2);
	assert_int_equal(r->frames[1], 4);
	assert_int_equal(r->frames[2], 1);
	assert_int_equal(r->npkts, 3);
	/* a late duplicate after completion starts a datagram that never completes */
	feed(x, frag4(8, 0, 1000, true, 1));
	dec_ipfrag_finish(x->d->ipfrag);
	assert_int_equal(stats(x).at_end, 1);
	assert_int_equal(stats(x).frags_lost, 1);
}

static void
test_ipfrag_v4_overlap_keeps_first(void **state)
{
	struct fx *x = *state;
	assert_held(feed(x, frag4(9, 0, 1000, true, 1)));
	/* [992, 1992): its first 8 bytes overlap, with other data */
	struct pkt p = frag4(9, 992, 1000, true, 1);
	p.b[34] ^= 0xFF;
	struct dec *d = feed(x, p);
	assert_true(test_has_event(d, DEC_E_FRAG_OVERLAP));
	assert_int_equal(stats(x).overlaps, 1);
	d = feed(x, frag4(9, 1992, 408, false, 1));
	assert_int_equal(d->nerrors, 0);
	assert_whole(d);
	assert_int_equal(test_layer(d, DEC_P_IPV4, 0)->u.ipv4.reasm->nframes, 3);
}

static void
test_ipfrag_v6_overlap_discards(void **state)
{
	struct fx *x = *state;
	assert_held(feed(x, frag6(0x11, 0, 1000, true, false)));
	struct dec *d = feed(x, frag6(0x11, 992, 1008, true, false));
	assert_true(test_has_event(d, DEC_E_FRAG_OVERLAP));
	assert_int_equal(stats(x).dropped, 1);
	/* RFC 5722 §4: the rest of it is discarded too, silently */
	d = feed(x, frag6(0x11, 2000, 400, false, false));
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_IPV6, 0)->u.ipv6.frag_state, DEC_FRAG_DROPPED);
	assert_null(test_layer(d, DEC_P_UDP, 0));
	assert_int_equal(stats(x).completed, 0);
	assert_int_equal(stats(x).bytes_held, 0);
}

static void
test_ipfrag_v6_ext_headers_before_fragment(void **state)
{
	struct fx *x = *state;
	assert_held(feed(x, frag6(0x22, 1200, 1200, false, true)));
	assert_text(x->d, "ext=0,60,44 frag id=0x00000022 off=1200 held next=17");
	struct dec *d = feed(x, frag6(0x22, 0, 1200, true, true));
	assert_int_equal(d->nerrors, 0);
	assert_whole(d);
	const struct dec_ipv6_layer *ip = &test_layer(d, DEC_P_IPV6, 0)->u.ipv6;
	assert_int_equal(ip->next_ext, 3);
	assert_int_equal(ip->proto, 17);
	assert_int_equal(ip->reasm->nframes, 2);
	assert_text(d, "reassembled 2 frames #2,#1 len=2400 UDP 40000 > 9999");
}

static void
test_ipfrag_never_completed(void **state)
{
	struct fx *x = *state;
	assert_held(feed(x, frag4(10, 0, 1000, true, 1)));
	assert_held(feed(x, frag4(10, 2000, 400, false, 1)));
	assert_int_equal(stats(x).dgrams_open, 1);
	assert_int_equal(stats(x).bytes_held, 1400);
	dec_ipfrag_finish(x->d->ipfrag);
	struct dec_ipfrag_stats s = stats(x);
	assert_int_equal(s.at_end, 1);
	assert_int_equal(s.frags_lost, 2);
	assert_int_equal(s.bytes_lost, 1400);
	assert_int_equal(s.bytes_held, 0);
	assert_int_equal(s.dgrams_open, 0);
}

static void
test_ipfrag_timeout(void **state)
{
	struct fx *x = *state;
	assert_held(feed(x, frag4(11, 0, 1000, true, 1)));
	x->d->ts_sec += 60;
	assert_held(feed(x, frag4(11, 1000, 1000, true, 1))); /* 60 s: still in time */
	x->d->ts_sec += 1;
	assert_held(feed(x, frag4(11, 2000, 400, false, 1))); /* 61 s: the first two expired */
	struct dec_ipfrag_stats s = stats(x);
	assert_int_equal(s.timed_out, 1);
	assert_int_equal(s.frags_lost, 2);
	assert_int_equal(s.dgrams_open, 1);
}

static void
test_ipfrag_limits(void **state)
{
	struct fx *x = *state;
	/* ending past 65535 (the "ping of death") */
	struct dec *d = feed(x, frag4(12, 65528, 16, false, 1));
	assert_true(test_has_event(d, DEC_E_FRAG_TOO_BIG));
	/* a length not a multiple of 8 with more to follow */
	d = feed(x, frag4(13, 0, 1001, true, 1));
	assert_true(test_has_event(d, DEC_E_FRAG_LEN));
	assert_int_equal(stats(x).dgrams_open, 0);
	/* two different ends */
	assert_held(feed(x, frag4(14, 1000, 1000, false, 1)));
	d = feed(x, frag4(14, 1000, 1400, false, 1));
	assert_true(test_has_event(d, DEC_E_FRAG_LEN));
	assert_int_equal(stats(x).dgrams_open, 0);

	/* small caps: 3 fragments, 3000 bytes, 2 datagrams */
	struct dec_ipfrag_limits lim = { .max_frags = 3, .total_bytes = 3000, .max_dgrams = 2 };
	dec_ipfrag_free(x->d->ipfrag);
	x->d->ipfrag = dec_ipfrag_new(&lim);
	for (uint32_t k = 0; k < 3; k++)
		assert_held(feed(x, frag4(15, k * 400, 400, true, 1)));
	d = feed(x, frag4(15, 1200, 400, true, 1));
	assert_true(test_has_event(d, DEC_E_FRAG_LIMIT));
	assert_int_equal(stats(x).dropped, 1);
	assert_int_equal(stats(x).bytes_held, 0);
	/* datagrams: the oldest is evicted for a third */
	assert_held(feed(x, frag4(16, 0, 1000, true, 1)));
	assert_held(feed(x, frag4(17, 0, 1000, true, 1)));
	assert_held(feed(x, frag4(18, 0, 1000, true, 1)));
	assert_int_equal(stats(x).evicted, 1);
	assert_int_equal(stats(x).dgrams_open, 2);
	/* bytes: 2000 held, 1200 more evicts the oldest (id 17) */
	assert_held(feed(x, frag4(18, 1000, 1200, true, 1)));
	assert_int_equal(stats(x).evicted, 2);
	assert_int_equal(stats(x).bytes_held, 2200);
	/* one datagram alone over the byte cap: given up with an event */
	d = feed(x, frag4(18, 2200, 1000, true, 1));
	assert_true(test_has_event(d, DEC_E_FRAG_LIMIT));
	assert_int_equal(stats(x).bytes_held, 0);
}

/* The same id and addresses in two GENEVE tunnels (VNI 1 and 2): two datagrams. */
static struct pkt
geneve_frag(uint32_t vni, uint32_t off, uint32_t len, bool more)
{
	struct pkt in = frag4(99, off, len, more, 5);
	struct pkt p = { .n = 0 };
	eth(&p, 0x0800);
	put16(&p, 0x4500);
	put16(&p, (unsigned)(20 + 8 + 8 + in.n - 14 + 14));
	put32(&p, 0x00014000);
	put16(&p, 0x4011);
	put16(&p, 0);
	put32(&p, 0x0a010101);
	put32(&p, 0x0a020202);
	put16(&p, 60000);
	put16(&p, 6081);
	put16(&p, (unsigned)(8 + 8 + in.n));
	put16(&p, 0);
	put32(&p, 0x00006558);
	put32(&p, vni << 8);
	memcpy(p.b + p.n, in.b, in.n);
	p.n += in.n;
	return p;
}

static void
test_ipfrag_inside_tunnel(void **state)
{
	struct fx *x = *state;
	assert_held(feed(x, geneve_frag(1, 0, 1200, true)));
	assert_int_equal(test_layer(x->d, DEC_P_IPV4, 1)->tunnel, 1);
	assert_held(feed(x, geneve_frag(2, 1200, 1200, false)));
	assert_int_equal(stats(x).dgrams_open, 2);
	struct dec *d = feed(x, geneve_frag(1, 1200, 1200, false));
	assert_int_equal(d->nerrors, 0);
	assert_whole(d);
	assert_int_equal(test_layer(d, DEC_P_UDP, 1)->tunnel, 1);
	d = feed(x, geneve_frag(2, 0, 1200, true));
	assert_whole(d);
	assert_int_equal(stats(x).completed, 2);
}

/* A fragment the capture does not hold whole is not reassembled (as tshark): a first one
 * is decoded on its own, and the datagram never completes. */
static void
test_ipfrag_snaplen_cut_never_completes(void **state)
{
	struct fx *x = *state;
	struct pkt p = frag4(20, 0, 1200, true, 1);
	x->cur = p;
	x->d->frame_n = ++x->n;
	dec_packet(x->d, x->cur.b, (uint32_t)(p.n - 100), (uint32_t)p.n, DEC_LINK_EN10MB);
	assert_int_equal(test_layer(x->d, DEC_P_IPV4, 0)->u.ipv4.frag_state, DEC_FRAG_NONE);
	assert_non_null(test_layer(x->d, DEC_P_UDP, 0));
	struct dec *d = feed(x, frag4(20, 1200, 1200, false, 1));
	assert_held(d);
	assert_int_equal(stats(x).bytes_held, 1200);
	dec_ipfrag_finish(x->d->ipfrag);
	assert_int_equal(stats(x).at_end, 1);
}

/* Without a reassembler: the first fragment is decoded on its own, as before */
static void
test_ipfrag_without_reassembler(void **state)
{
	struct fx *x = *state;
	struct dec_ipfrag *f = x->d->ipfrag;
	x->d->ipfrag = NULL;
	struct dec *d = feed(x, frag4(21, 0, 1000, true, 1));
	assert_non_null(test_layer(d, DEC_P_UDP, 0));
	x->d->ipfrag = f;
}

struct seen {
	unsigned n;
	struct flow f[4];
};

static void
on_done(const struct flow *f, void *user)
{
	struct seen *s = user;
	if (s->n < 4)
		s->f[s->n++] = *f;
}

/* flows: the three fragments are three packets of the UDP 5-tuple flow, no port-less one */
static void
test_ipfrag_flows_count_every_fragment(void **state)
{
	struct fx *x = *state;
	struct seen s = { 0 };
	struct flow_table *t = flow_table_new(NULL, on_done, &s);
	struct pkt ps[3] = { frag4(30, 0, 1000, true, 1), frag4(30, 2000, 400, false, 1),
		frag4(30, 1000, 1000, true, 1) };
	size_t bytes = 0;
	for (int k = 0; k < 3; k++) {
		struct dec *d = feed(x, ps[k]);
		flow_table_add(t, d, 1000 + k, 0, 6, (uint32_t)ps[k].n);
		bytes += ps[k].n;
	}
	flow_table_flush(t);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.f[0].key.proto, 17);
	assert_int_equal(flow_sport(&s.f[0]), 40000);
	assert_int_equal(flow_dport(&s.f[0]), 9999);
	assert_int_equal(s.f[0].pkts[0] + s.f[0].pkts[1], 3);
	assert_int_equal(s.f[0].bytes[0] + s.f[0].bytes[1], bytes);
	struct flow_stats fs;
	flow_table_get_stats(t, &fs);
	assert_int_equal(fs.frames_frag_held, 2);
	assert_int_equal(fs.frames_no_flow, 0);
	flow_table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ipfrag_v4_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_ipfrag_v4_out_of_order_and_duplicate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfrag_v4_overlap_keeps_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfrag_v6_overlap_discards, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_ipfrag_v6_ext_headers_before_fragment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfrag_never_completed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfrag_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfrag_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfrag_inside_tunnel, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_ipfrag_snaplen_cut_never_completes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfrag_without_reassembler, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_ipfrag_flows_count_every_fragment, setup, teardown),
	};
	return cmocka_run_group_tests_name("ipfrag", tests, NULL, NULL);
}
