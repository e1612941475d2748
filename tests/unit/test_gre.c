/* test_gre.c - GRE (RFC 2784/2890) with and without key and sequence number, over IPv4 and
 * IPv6, BGP inside a Transit Gateway Connect tunnel, ERSPAN types I, II and III, MPLS with
 * one and three labels, Ethernet pseudowires with and without a control word; GRE as a
 * carrier in flows; every cut of each, with the fields a cut header still shows. */
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
#include "decode/stream.h"

struct pkt {
	uint8_t b[512];
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

/* IPv4 header of a datagram of total length 20 + plen; the length is patched by fix4. */
static size_t
ipv4(struct pkt *p, uint32_t src, uint32_t dst, unsigned proto)
{
	size_t at = p->n;
	put32(p, 0x45000000);
	put32(p, 0x00010000);
	put8(p, 64);
	put8(p, proto);
	put16(p, 0);
	put32(p, src);
	put32(p, dst);
	return at;
}

static void
fix4(struct pkt *p, size_t at)
{
	size_t len = p->n - at;
	p->b[at + 2] = (uint8_t)(len >> 8);
	p->b[at + 3] = (uint8_t)len;
}

static size_t
ipv6(struct pkt *p, unsigned nh)
{
	size_t at = p->n;
	put32(p, 0x60000000);
	put16(p, 0);
	put8(p, nh);
	put8(p, 64);
	for (int i = 0; i < 2; i++) {
		put32(p, 0x20010db8);
		put32(p, 0);
		put32(p, 0);
		put32(p, (uint32_t)i + 1);
	}
	return at;
}

static void
fix6(struct pkt *p, size_t at)
{
	size_t len = p->n - at - 40;
	p->b[at + 4] = (uint8_t)(len >> 8);
	p->b[at + 5] = (uint8_t)len;
}

/* TCP header, ACK PSH, seq 1 */
static void
tcp(struct pkt *p, unsigned sport, unsigned dport)
{
	put16(p, sport);
	put16(p, dport);
	put32(p, 1);
	put32(p, 1);
	put16(p, 0x5018);
	put16(p, 1000);
	put32(p, 0);
}

static void
keepalive(struct pkt *p)
{
	for (int i = 0; i < 16; i++)
		put8(p, 0xFF);
	put16(p, 19);
	put8(p, 4);
}

/* ICMP echo request id 7 seq 1 with 8 bytes of data */
static void
icmp_echo(struct pkt *p)
{
	put32(p, 0x08000000);
	put32(p, 0x00070001);
	put32(p, 0x61626364);
	put32(p, 0x65666768);
}

/* 10.0.0.1 > 10.0.0.2 GRE (flags) [key] [seq] inner IPv4 169.254.6.1 > 169.254.6.2 TCP 179
 * KEEPALIVE: a TGW Connect peer's BGP inside the tunnel. */
static struct pkt
gre_bgp(unsigned flags, uint32_t key, uint32_t seq)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0x0800);
	size_t o = ipv4(&p, 0x0a000001, 0x0a000002, 47);
	put16(&p, flags);
	put16(&p, 0x0800);
	if (flags & 0x8000)
		put32(&p, 0xabcd0000);
	if (flags & 0x2000)
		put32(&p, key);
	if (flags & 0x1000)
		put32(&p, seq);
	size_t i = ipv4(&p, 0xa9fe0601, 0xa9fe0602, 6);
	tcp(&p, 40000, 179);
	keepalive(&p);
	fix4(&p, i);
	fix4(&p, o);
	return p;
}

static int
setup(void **state)
{
	*state = dec_new();
	return 0;
}

static int
teardown(void **state)
{
	dec_free(*state);
	return 0;
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
assert_json(const struct dec *d, const char *want)
{
	char *t = test_json(d);
	assert_contains(t, want);
	g_free(t);
}

static void
test_gre_plain_bgp_inside(void **state)
{
	struct dec *d = *state;
	struct pkt p = gre_bgp(0, 0, 0);
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *g = test_layer(d, DEC_P_GRE, 0);
	assert_non_null(g);
	assert_int_equal(g->len, 4);
	assert_int_equal(g->tunnel, 0);
	assert_false(g->u.gre.has_key);
	assert_false(g->u.gre.has_seq);
	assert_int_equal(g->u.gre.proto, 0x0800);
	const struct dec_layer *ip = test_layer(d, DEC_P_IPV4, 1);
	assert_non_null(ip);
	assert_int_equal(ip->tunnel, 1);
	const struct dec_layer *b = test_layer(d, DEC_P_BGP, 0);
	assert_non_null(b);
	assert_int_equal(b->u.bgp.msgs->type, DEC_BGP_KEEPALIVE);
	assert_text(d, "10.0.0.1 > 10.0.0.2 GRE proto=IPv4 | 169.254.6.1 > 169.254.6.2 TCP 40000 > 179");
	assert_text(d, "BGP KEEPALIVE");
	assert_json(d, "{\"p\":\"gre\",\"ver\":0,\"flags\":0,\"proto\":2048}");
}

static void
test_gre_key_seq_checksum(void **state)
{
	struct dec *d = *state;
	struct pkt p = gre_bgp(0xB000, 0x3e8, 77);
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_gre_layer *g = &test_layer(d, DEC_P_GRE, 0)->u.gre;
	assert_true(g->has_key && g->has_seq && g->has_cksum);
	assert_int_equal(g->key, 0x3e8);
	assert_int_equal(g->seq, 77);
	assert_int_equal(g->cksum, 0xabcd);
	assert_int_equal(test_layer(d, DEC_P_GRE, 0)->len, 16);
	assert_non_null(test_layer(d, DEC_P_BGP, 0));
	assert_text(d, "GRE key=0x000003e8 seq=77 csum=0xabcd proto=IPv4");
	assert_json(d, "\"checksum\":43981,\"key\":1000,\"seq\":77}");
}

/* GRE over IPv6 carrying IPv4 (key only) */
static void
test_gre_over_ipv6(void **state)
{
	struct dec *d = *state;
	struct pkt p = { .n = 0 };
	eth(&p, 0x86DD);
	size_t o = ipv6(&p, 47);
	put16(&p, 0x2000);
	put16(&p, 0x0800);
	put32(&p, 5);
	size_t i = ipv4(&p, 0x0a010101, 0x0a020202, 1);
	icmp_echo(&p);
	fix4(&p, i);
	fix6(&p, o);
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_GRE, 0)->u.gre.key, 5);
	assert_int_equal(test_layer(d, DEC_P_ICMP, 0)->tunnel, 1);
	assert_text(d, "GRE key=0x00000005 proto=IPv4 | 10.1.1.1 > 10.2.2.2 ICMP echo request");
}

static void
test_gre_bad_version_and_routing(void **state)
{
	struct dec *d = *state;
	struct pkt p = gre_bgp(0x0002, 0, 0); /* version 2 */
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_BAD_VERSION));
	assert_null(test_layer(d, DEC_P_BGP, 0));
	p = gre_bgp(0x4000, 0, 0); /* RFC 1701 routing */
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_RESERVED));
	assert_null(test_layer(d, DEC_P_BGP, 0));
}

/* ERSPAN type II: GRE S bit, sequence 9; version 1, VLAN 100, COS 5, session 42, index 7;
 * the mirrored Ethernet/IPv4/ICMP frame */
static struct pkt
erspan2(void)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0x0800);
	size_t o = ipv4(&p, 0x0a000001, 0x0a000002, 47);
	put16(&p, 0x1000);
	put16(&p, 0x88BE);
	put32(&p, 9);
	put32(&p, 1u << 28 | 100u << 16 | 5u << 13 | 42);
	put32(&p, 7);
	eth(&p, 0x0800);
	size_t i = ipv4(&p, 0xc0a80001, 0xc0a80002, 1);
	icmp_echo(&p);
	fix4(&p, i);
	fix4(&p, o);
	return p;
}

static void
test_erspan_type2(void **state)
{
	struct dec *d = *state;
	struct pkt p = erspan2();
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_erspan_layer *e = &test_layer(d, DEC_P_ERSPAN, 0)->u.erspan;
	assert_int_equal(e->type, 2);
	assert_int_equal(e->ver, 1);
	assert_int_equal(e->vlan, 100);
	assert_int_equal(e->cos, 5);
	assert_int_equal(e->session, 42);
	assert_int_equal(e->index, 7);
	assert_non_null(test_layer(d, DEC_P_ICMP, 0));
	assert_text(d, "GRE seq=9 proto=ERSPAN ERSPAN II session=42 vlan=100 cos=5 index=7 | ");
	assert_text(d, "192.168.0.1 > 192.168.0.2 ICMP echo request");
	/* type I: the same protocol type without S, no ERSPAN header */
	struct pkt q = { .n = 0 };
	eth(&q, 0x0800);
	size_t o = ipv4(&q, 0x0a000001, 0x0a000002, 47);
	put16(&q, 0);
	put16(&q, 0x88BE);
	eth(&q, 0x0800);
	size_t i = ipv4(&q, 0xc0a80001, 0xc0a80002, 1);
	icmp_echo(&q);
	fix4(&q, i);
	fix4(&q, o);
	test_decode(d, q.b, q.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_ERSPAN, 0)->u.erspan.type, 1);
	assert_non_null(test_layer(d, DEC_P_ICMP, 0));
}

static struct pkt
erspan3(bool platform)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0x0800);
	size_t o = ipv4(&p, 0x0a000001, 0x0a000002, 47);
	put16(&p, 0x1000);
	put16(&p, 0x22EB);
	put32(&p, 3);
	put32(&p, 2u << 28 | 0u << 16 | 300);   /* version 2, session 300 */
	put32(&p, 123456);                      /* timestamp */
	put32(&p, 55u << 16 | 9u << 4 | (platform ? 1 : 0)); /* SGT 55, hw id 9, O */
	if (platform) {
		put32(&p, 3u << 26);
		put32(&p, 0);
	}
	eth(&p, 0x0800);
	size_t i = ipv4(&p, 0xc0a80001, 0xc0a80002, 1);
	icmp_echo(&p);
	fix4(&p, i);
	fix4(&p, o);
	return p;
}

static void
test_erspan_type3(void **state)
{
	struct dec *d = *state;
	for (int pf = 0; pf < 2; pf++) {
		struct pkt p = erspan3(pf);
		test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
		assert_int_equal(d->nerrors, 0);
		const struct dec_layer *l = test_layer(d, DEC_P_ERSPAN, 0);
		assert_int_equal(l->u.erspan.type, 3);
		assert_int_equal(l->u.erspan.session, 300);
		assert_int_equal(l->u.erspan.timestamp, 123456);
		assert_int_equal(l->u.erspan.sgt, 55);
		assert_int_equal(l->u.erspan.hwid, 9);
		assert_int_equal(l->u.erspan.has_platform, pf);
		assert_int_equal(l->len, pf ? 20 : 12);
		assert_non_null(test_layer(d, DEC_P_ICMP, 0));
		assert_text(d, "ERSPAN III session=300 ts=123456 sgt=55 hwid=9 | ");
	}
}

/* Ethernet, MPLS stack of n labels (16000 + k, TTL 64 - k), then the payload */
static struct pkt
mpls(unsigned n, int payload /* 4, 6, 'c': CW + Ethernet, 'e': Ethernet */)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0x8847);
	for (unsigned k = 0; k < n; k++)
		put32(&p, (16000u + k) << 12 | (k == n - 1 ? 0x100u : 0) | (64 - k));
	if (payload == 'c')
		put32(&p, 0x00000005); /* control word, sequence 5 */
	if (payload == 'c' || payload == 'e')
		eth(&p, 0x0800);
	if (payload == 6) {
		size_t o = ipv6(&p, 58);
		put32(&p, 0x80000000);
		put32(&p, 0x00070001);
		fix6(&p, o);
	} else {
		size_t i = ipv4(&p, 0x0a000001, 0x0a000002, 1);
		icmp_echo(&p);
		fix4(&p, i);
	}
	return p;
}

static void
test_mpls_one_label_ipv4(void **state)
{
	struct dec *d = *state;
	struct pkt p = mpls(1, 4);
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_mpls_layer *m = &test_layer(d, DEC_P_MPLS, 0)->u.mpls;
	assert_int_equal(m->nlabels, 1);
	assert_int_equal(m->e[0].label, 16000);
	assert_true(m->e[0].s);
	assert_int_equal(m->e[0].ttl, 64);
	assert_int_equal(m->payload, DEC_MPLS_PAY_IPV4);
	assert_int_equal(test_layer(d, DEC_P_IPV4, 0)->tunnel, 0);
	assert_text(d, "MPLS [16000 ttl=64 S] | 10.0.0.1 > 10.0.0.2 ICMP echo request");
	assert_json(d, "{\"p\":\"mpls\",\"labels\":[{\"label\":16000,\"tc\":0,\"s\":true,"
		       "\"ttl\":64}],\"depth\":1,\"payload\":\"ipv4\"}");
}

static void
test_mpls_three_labels_ipv6(void **state)
{
	struct dec *d = *state;
	struct pkt p = mpls(3, 6);
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *l = test_layer(d, DEC_P_MPLS, 0);
	assert_int_equal(l->len, 12);
	assert_int_equal(l->u.mpls.nlabels, 3);
	assert_int_equal(l->u.mpls.e[2].label, 16002);
	assert_false(l->u.mpls.e[1].s);
	assert_true(l->u.mpls.e[2].s);
	assert_non_null(test_layer(d, DEC_P_ICMPV6, 0));
	assert_text(d, "MPLS [16000 ttl=64] [16001 ttl=63] [16002 ttl=62 S] | 2001:db8::1 > 2001:db8::2");
}

static void
test_mpls_pseudowire(void **state)
{
	struct dec *d = *state;
	struct pkt p = mpls(2, 'c');
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_mpls_layer *m = &test_layer(d, DEC_P_MPLS, 0)->u.mpls;
	assert_true(m->cw);
	assert_int_equal(m->cw_seq, 5);
	assert_int_equal(m->payload, DEC_MPLS_PAY_ETH);
	assert_int_equal(test_count(d, DEC_P_ETH), 2);
	assert_non_null(test_layer(d, DEC_P_ICMP, 0));
	assert_text(d, "[16001 ttl=63 S] cw seq=5 | ");
	/* without the control word: the destination MAC's first nibble (0) would be read as
	 * one, so the pseudowire's frame here starts with 0x02 - not 0, 1, 4 or 6 */
	struct pkt q = { .n = 0 };
	eth(&q, 0x8847);
	put32(&q, 16000u << 12 | 0x100 | 64);
	static const uint8_t macs[12] = { 0x22, 0, 0, 0, 0, 2, 0x22, 0, 0, 0, 0, 1 };
	memcpy(q.b + q.n, macs, 12);
	q.n += 12;
	put16(&q, 0x0800);
	size_t i = ipv4(&q, 0x0a000001, 0x0a000002, 1);
	icmp_echo(&q);
	fix4(&q, i);
	test_decode(d, q.b, q.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_false(test_layer(d, DEC_P_MPLS, 0)->u.mpls.cw);
	assert_int_equal(test_layer(d, DEC_P_MPLS, 0)->u.mpls.payload, DEC_MPLS_PAY_ETH);
	assert_non_null(test_layer(d, DEC_P_ICMP, 0));
}

/* MPLS inside GRE (protocol type 0x8847) */
static void
test_gre_mpls(void **state)
{
	struct dec *d = *state;
	struct pkt p = { .n = 0 };
	eth(&p, 0x0800);
	size_t o = ipv4(&p, 0x0a000001, 0x0a000002, 47);
	put16(&p, 0);
	put16(&p, 0x8847);
	put32(&p, 3000u << 12 | 0x100 | 9);
	size_t i = ipv4(&p, 0x0a0a0a01, 0x0a0a0a02, 1);
	icmp_echo(&p);
	fix4(&p, i);
	fix4(&p, o);
	test_decode(d, p.b, p.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_MPLS, 0)->u.mpls.e[0].label, 3000);
	assert_int_equal(test_layer(d, DEC_P_ICMP, 0)->tunnel, 1);
}

/* Every cut of every frame: no crash, an event, and the fields a cut header holds whole:
 * a GRE header cut inside its sequence number still shows its key; an MPLS stack cut in
 * its third entry still shows the first two. */
static void
test_gre_mpls_every_cut(void **state)
{
	struct dec *d = *state;
	struct pkt ps[] = { gre_bgp(0, 0, 0), gre_bgp(0xB000, 0x3e8, 77), erspan2(),
		erspan3(true), mpls(1, 4), mpls(3, 6), mpls(2, 'c') };
	/* a stack that ends the frame carries nothing: not an error (nor for tshark) */
	static const size_t none[1] = { 0 }, at18[] = { 18 }, at26[] = { 26 }, at22[] = { 22 };
	struct {
		const size_t *x;
		size_t n;
	} ex[] = { { none, 0 }, { none, 0 }, { none, 0 }, { none, 0 }, { at18, 1 }, { at26, 1 },
		{ at22, 1 } };
	for (size_t k = 0; k < G_N_ELEMENTS(ps); k++)
		test_every_cut(ps[k].b, ps[k].n, DEC_LINK_EN10MB, ex[k].x, ex[k].n);
	/* GRE C K S: header at 34; checksum 38..41, key 42..45, seq 46..49 */
	struct pkt p = gre_bgp(0xB000, 0x3e8, 77);
	for (size_t cut = 34; cut < 50; cut++) {
		test_decode(d, p.b, cut, DEC_LINK_EN10MB);
		const struct dec_layer *l = test_layer(d, DEC_P_GRE, 0);
		assert_non_null(l);
		assert_true(l->truncated);
		assert_true(test_has_event(d, DEC_E_TRUNCATED) || test_has_event(d, DEC_E_BAD_LENGTH));
		assert_int_equal(l->u.gre.has_cksum, cut >= 42);
		assert_int_equal(l->u.gre.has_key, cut >= 46);
		assert_false(l->u.gre.has_seq);
		if (cut >= 46) {
			assert_int_equal(l->u.gre.key, 0x3e8);
			assert_text(d, "GRE key=0x000003e8 csum=0xabcd proto=IPv4 [truncated]");
		}
	}
	/* MPLS: entries at 14, 18, 22 */
	p = mpls(3, 6);
	for (size_t cut = 14; cut < 26; cut++) {
		test_decode(d, p.b, cut, DEC_LINK_EN10MB);
		const struct dec_layer *l = test_layer(d, DEC_P_MPLS, 0);
		assert_non_null(l);
		assert_true(test_has_event(d, DEC_E_TRUNCATED));
		assert_int_equal(l->u.mpls.nlabels, (cut - 14) / 4);
		if (cut >= 22)
			assert_text(d, "MPLS [16000 ttl=64] [16001 ttl=63] [truncated]");
	}
}

/* flows: the GRE flow (endpoints + key) carries the BGP session's flow, which names it */
struct flows_seen {
	unsigned n;
	struct flow f[8];
	/* a label is only valid inside the done callback (decode/flow.h): copied there */
	const struct flow_table *t;
	char label[8][96];
	char carrier[8][96];
};

static void
on_done(const struct flow *f, void *user)
{
	struct flows_seen *s = user;
	if (s->n < 8) {
		const char *l = s->t ? flow_table_label(s->t, f->label) : NULL;
		const char *c = s->t ? flow_table_label(s->t, f->carrier) : NULL;
		g_strlcpy(s->label[s->n], l ? l : "", sizeof(s->label[0]));
		g_strlcpy(s->carrier[s->n], c ? c : "", sizeof(s->carrier[0]));
		s->f[s->n++] = *f;
	}
}

static void
test_gre_flows_carrier(void **state)
{
	struct dec *d = *state;
	struct flows_seen seen = { 0 };
	struct flow_table *t = flow_table_new(NULL, on_done, &seen);
	seen.t = t;
	struct pkt a = gre_bgp(0x2000, 0x3e8, 0), b = gre_bgp(0x2000, 0x3e9, 0);
	for (int k = 0; k < 3; k++) {
		test_decode(d, a.b, a.n, DEC_LINK_EN10MB);
		flow_table_add(t, d, 1700000000 + k, 0, 6, (uint32_t)a.n);
	}
	test_decode(d, b.b, b.n, DEC_LINK_EN10MB);
	flow_table_add(t, d, 1700000005, 0, 6, (uint32_t)b.n);
	flow_table_flush(t);
	/* two GRE flows (key 1000 and 1001); the inner TCP flow is keyed on what is inside
	 * (as GENEVE's): one flow, named after the tunnel of its first packet */
	assert_int_equal(seen.n, 3);
	unsigned gre = 0, inner = 0;
	for (unsigned k = 0; k < seen.n; k++) {
		const struct flow *f = &seen.f[k];
		if (f->key.proto == 47) {
			gre++;
			assert_true(f->apps & (1u << FLOW_APP_GRE));
			assert_false(flow_has_ports(f));
			const char *lab = seen.label[k];
			assert_true(!strcmp(lab, "gre key=0x000003e8 10.0.0.1>10.0.0.2") ||
				!strcmp(lab, "gre key=0x000003e9 10.0.0.1>10.0.0.2"));
			assert_int_equal(f->pkts[0], strstr(lab, "3e8") ? 3 : 1);
		} else {
			inner++;
			assert_int_equal(f->key.proto, 6);
			assert_true(f->apps & (1u << FLOW_APP_BGP));
			assert_string_equal(seen.carrier[k], "gre key=0x000003e8 10.0.0.1>10.0.0.2");
			assert_int_equal(f->pkts[0], 4);
		}
	}
	assert_int_equal(gre, 2);
	assert_int_equal(inner, 1);
	flow_table_free(t);
}

/* PPP captures (LINKTYPE_PPP, HDLC framing) carrying MPLS; MPLS in UDP 6635 (RFC 7510);
 * GRE with Cisco MetaData (0x8909) before an IPv4 payload */
static void
test_ppp_mpls_udp_cmd(void **state)
{
	struct dec *d = *state;
	struct pkt p = { .n = 0 };
	put16(&p, 0xFF03);
	put16(&p, 0x0281);
	put32(&p, 100704u << 12 | 0x100 | 1);
	size_t i = ipv4(&p, 0x0c040404, 0x0c010101, 1);
	icmp_echo(&p);
	fix4(&p, i);
	test_decode(d, p.b, p.n, DEC_LINK_PPP);
	assert_int_equal(d->nerrors, 0);
	assert_true(test_layer(d, DEC_P_PPP, 0)->u.ppp.hdlc);
	assert_int_equal(test_layer(d, DEC_P_PPP, 0)->u.ppp.protocol, 0x0281);
	assert_int_equal(test_layer(d, DEC_P_MPLS, 0)->u.mpls.e[0].label, 100704);
	assert_non_null(test_layer(d, DEC_P_ICMP, 0));
	test_every_cut(p.b, p.n, DEC_LINK_PPP, (const size_t[]){ 8 }, 1);

	struct pkt u = { .n = 0 };
	eth(&u, 0x0800);
	size_t o = ipv4(&u, 0x0a000001, 0x0a000002, 17);
	put16(&u, 58699);
	put16(&u, 6635);
	size_t ul = u.n;
	put32(&u, 0);
	put32(&u, 21u << 12 | 0x100 | 63);
	i = ipv4(&u, 0x0a030001, 0x0a010001, 1);
	icmp_echo(&u);
	fix4(&u, i);
	u.b[ul] = (uint8_t)((u.n - ul + 4) >> 8);
	u.b[ul + 1] = (uint8_t)(u.n - ul + 4);
	fix4(&u, o);
	test_decode(d, u.b, u.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_MPLS, 0)->u.mpls.e[0].label, 21);
	assert_non_null(test_layer(d, DEC_P_ICMP, 0));

	struct pkt g = { .n = 0 };
	eth(&g, 0x0800);
	o = ipv4(&g, 0x0aac4007, 0x0aac4006, 47);
	put16(&g, 0x2000);
	put16(&g, 0x8909);
	put32(&g, 40);
	put32(&g, 0x08000101); /* CMD: IPv4, version 1, length 1 */
	put32(&g, 0x0001002a); /* option 1, SGT 42 */
	i = ipv4(&g, 0xac110136, 0xac110137, 1);
	icmp_echo(&g);
	fix4(&g, i);
	fix4(&g, o);
	test_decode(d, g.b, g.n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_gre_layer *gl = &test_layer(d, DEC_P_GRE, 0)->u.gre;
	assert_true(gl->has_cmd);
	assert_int_equal(gl->cmd_sgt, 42);
	assert_int_equal(test_layer(d, DEC_P_GRE, 0)->len, 16);
	assert_non_null(test_layer(d, DEC_P_ICMP, 0));
	assert_text(d, "GRE key=0x00000028 sgt=42 proto=0x8909 | 172.17.1.54 > 172.17.1.55 ICMP");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gre_plain_bgp_inside),
		cmocka_unit_test(test_gre_key_seq_checksum),
		cmocka_unit_test(test_gre_over_ipv6),
		cmocka_unit_test(test_gre_bad_version_and_routing),
		cmocka_unit_test(test_erspan_type2),
		cmocka_unit_test(test_erspan_type3),
		cmocka_unit_test(test_mpls_one_label_ipv4),
		cmocka_unit_test(test_mpls_three_labels_ipv6),
		cmocka_unit_test(test_mpls_pseudowire),
		cmocka_unit_test(test_gre_mpls),
		cmocka_unit_test(test_gre_mpls_every_cut),
		cmocka_unit_test(test_gre_flows_carrier),
		cmocka_unit_test(test_ppp_mpls_udp_cmd),
	};
	return cmocka_run_group_tests_name("gre", tests, setup, teardown);
}
