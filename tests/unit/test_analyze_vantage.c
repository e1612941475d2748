/* test_analyze_vantage.c - replay/vantage.c on the bundled topology
 * (samples/topologies/hybrid): each kind of evidence attributed to its component, the
 * vantage decided from a tally, --vantage and awstrace.json Vantages, and the error when
 * two components are equally likely. Frames are built here header by header.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include "replay/vantage.h"

#include <stdio.h>
#include <string.h>

#define TOPO "samples/topologies/hybrid"

struct fb {
	uint8_t b[512];
	size_t n;
	size_t ip4;  /* offset of the open IPv4 header */
	size_t udp;  /* offset of the open UDP header */
};

static void
put(struct fb *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}
static void
put16(struct fb *f, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	put(f, x, 2);
}
static void
put32(struct fb *f, uint32_t v)
{
	put16(f, (uint16_t)(v >> 16));
	put16(f, (uint16_t)v);
}

/* Ethernet, with an 802.1Q tag when vid >= 0, carrying IPv4 */
static void
eth(struct fb *f, int vid)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };
	put(f, macs, 12);
	if (vid >= 0) {
		put16(f, 0x8100);
		put16(f, (uint16_t)vid);
	}
	put16(f, 0x0800);
}

static void
ip4(struct fb *f, const char *src, const char *dst, uint8_t proto)
{
	struct model_addr s, d;
	assert_true(model_addr_parse(src, &s));
	assert_true(model_addr_parse(dst, &d));
	f->ip4 = f->n;
	uint8_t h[12] = { 0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, proto, 0, 0 };
	put(f, h, 12);
	put32(f, s.a.v4);
	put32(f, d.a.v4);
}

static void
udp(struct fb *f, uint16_t sport, uint16_t dport)
{
	f->udp = f->n;
	put16(f, sport);
	put16(f, dport);
	put32(f, 0);
}

/* fixes the IPv4 total length and UDP length up to the end */
static void
close_all(struct fb *f)
{
	uint16_t tl = (uint16_t)(f->n - f->ip4);
	f->b[f->ip4 + 2] = (uint8_t)(tl >> 8);
	f->b[f->ip4 + 3] = (uint8_t)tl;
	if (f->udp) {
		uint16_t ul = (uint16_t)(f->n - f->udp);
		f->b[f->udp + 4] = (uint8_t)(ul >> 8);
		f->b[f->udp + 5] = (uint8_t)ul;
	}
}

struct st {
	struct model *m;
	struct dec *d;
};

static int
setup(void **state)
{
	struct st *s = g_new0(struct st, 1);
	GError *err = NULL;
	s->m = model_load(TOPO, &err);
	if (!s->m) {
		fprintf(stderr, "%s\n", err->message);
		return -1;
	}
	s->d = dec_new();
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct st *s = *state;
	model_free(s->m);
	dec_free(s->d);
	g_free(s);
	return 0;
}

static void
attribute(struct st *s, struct fb *f, struct replay_attr *a)
{
	close_all(f);
	test_decode(s->d, f->b, f->n, DEC_LINK_EN10MB);
	replay_attribute(s->m, s->d, a);
}

static void
vlan_frame(struct fb *f, int vid)
{
	memset(f, 0, sizeof(*f));
	eth(f, vid);
	ip4(f, "192.168.1.10", "10.1.1.10", 17);
	udp(f, 40000, 53);
	put32(f, 0);
}

static void
esp_frame(struct fb *f, const char *src, const char *dst)
{
	memset(f, 0, sizeof(*f));
	eth(f, -1);
	ip4(f, src, dst, 50);
	put32(f, 0xc0010001); /* SPI */
	put32(f, 7);          /* sequence number */
	uint8_t body[16] = { 0 };
	put(f, body, sizeof(body));
}

static void
test_vantage_vlan_is_the_vif(void **state)
{
	struct st *s = *state;
	struct fb f;
	struct replay_attr a;
	vlan_frame(&f, 201);
	attribute(s, &f, &a);
	assert_int_equal(a.kind, REPLAY_V_DXVIF);
	assert_string_equal(a.obj->id, "dxvif-ffabc123");
	assert_int_equal(a.vlan, 201);
	assert_non_null(strstr(a.how, "802.1Q 201"));
	/* a VLAN no VIF has: the addresses decide instead (on-premises source, VPC ENI) */
	vlan_frame(&f, 999);
	attribute(s, &f, &a);
	assert_int_equal(a.kind, REPLAY_V_ENI);
	assert_string_equal(a.obj->id, "eni-01a1b2c3d4e5f0101");
}

static void
test_vantage_esp_names_the_tunnel(void **state)
{
	struct st *s = *state;
	struct fb f;
	struct replay_attr a;
	esp_frame(&f, "203.0.113.10", "52.95.100.11");
	attribute(s, &f, &a);
	assert_int_equal(a.kind, REPLAY_V_VPN);
	assert_string_equal(a.obj->id, "vpn-0a1b2c3d4e5f60001");
	assert_int_equal(a.tunnel, 2);
	assert_non_null(a.peer);
	assert_string_equal(a.peer->id, "cgw-0a1b2c3d4e5f60001");
	/* the reverse direction, tunnel 1 */
	esp_frame(&f, "52.95.100.10", "203.0.113.10");
	attribute(s, &f, &a);
	assert_int_equal(a.tunnel, 1);
	/* a tunnel address talking to someone other than the customer gateway is not it */
	esp_frame(&f, "198.51.100.7", "52.95.100.10");
	attribute(s, &f, &a);
	assert_int_not_equal(a.kind, REPLAY_V_VPN);
}

static void
test_vantage_geneve_option_names_the_endpoint(void **state)
{
	struct st *s = *state;
	struct fb f;
	struct replay_attr a;
	memset(&f, 0, sizeof(f));
	eth(&f, -1);
	ip4(&f, "10.1.200.50", "10.1.210.20", 17);
	udp(&f, 40000, 6081);
	/* GENEVE: ver 0, opt len 3 words (one 8-byte option and its header), proto IPv4, VNI 0 */
	put16(&f, 0x0300);
	put16(&f, 0x0800);
	put32(&f, 0);
	put16(&f, 0x0108); /* AWS class */
	f.b[f.n++] = 1;    /* type 1: GWLB endpoint id */
	f.b[f.n++] = 2;    /* 2 words */
	put32(&f, 0x12345678);
	put32(&f, 0x9abcdef0);
	size_t outer_ip = f.ip4, outer_udp = f.udp;
	ip4(&f, "192.168.1.10", "10.1.1.10", 6);
	size_t inner = f.ip4;
	uint8_t tcp[20] = { 0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff };
	put(&f, tcp, sizeof(tcp));
	f.ip4 = inner;
	f.udp = 0;
	close_all(&f);
	f.ip4 = outer_ip;
	f.udp = outer_udp;
	attribute(s, &f, &a);
	assert_int_equal(a.kind, REPLAY_V_GWLBE);
	assert_string_equal(a.obj->id, "vpce-0123456789abcdef0");
	/* the model packet is the inner datagram */
	struct model_packet p;
	assert_true(replay_packet_of(s->d, &p));
	assert_int_equal(p.proto, 6);
	assert_int_equal(p.dport, 80);
	char t[MODEL_PREFIX_STRLEN];
	assert_string_equal(model_addr_format(&p.src, t), "192.168.1.10");
}

static void
test_vantage_vxlan_is_a_mirror_session(void **state)
{
	struct st *s = *state;
	struct fb f;
	struct replay_attr a;
	memset(&f, 0, sizeof(f));
	eth(&f, -1);
	ip4(&f, "10.1.1.10", "10.1.250.10", 17);
	udp(&f, 40000, 4789);
	put32(&f, 0x08000000);
	put32(&f, 77 << 8);
	static const uint8_t in_eth[14] = { 2, 0, 0, 0, 0, 3, 2, 0, 0, 0, 0, 4, 0x08, 0 };
	put(&f, in_eth, sizeof(in_eth));
	size_t o_ip = f.ip4, o_udp = f.udp;
	ip4(&f, "10.1.1.10", "10.2.1.20", 1);
	uint8_t icmp[8] = { 8, 0, 0, 0, 0, 1, 0, 1 };
	put(&f, icmp, sizeof(icmp));
	f.udp = 0;
	close_all(&f);
	f.ip4 = o_ip;
	f.udp = o_udp;
	attribute(s, &f, &a);
	assert_int_equal(a.kind, REPLAY_V_MIRROR);
	assert_int_equal(a.vni, 77);
	assert_string_equal(a.obj->id, "eni-01a1b2c3d4e5f0106");
}

static void
test_vantage_plain_address_is_the_eni(void **state)
{
	struct st *s = *state;
	struct fb f;
	struct replay_attr a;
	memset(&f, 0, sizeof(f));
	eth(&f, -1);
	ip4(&f, "10.2.2.30", "10.2.1.20", 17);
	udp(&f, 3306, 40000);
	put32(&f, 0);
	attribute(s, &f, &a);
	assert_int_equal(a.kind, REPLAY_V_ENI);
	assert_string_equal(a.obj->id, "eni-02a1b2c3d4e5f0202");
	/* an address in a subnet that no ENI holds */
	memset(&f, 0, sizeof(f));
	eth(&f, -1);
	ip4(&f, "10.2.2.99", "172.31.0.1", 17);
	udp(&f, 1, 2);
	attribute(s, &f, &a);
	assert_int_equal(a.kind, REPLAY_V_SUBNET);
	assert_string_equal(a.obj->id, "subnet-02a1b2c3d4e5f0202");
	/* nothing the topology knows */
	memset(&f, 0, sizeof(f));
	eth(&f, -1);
	ip4(&f, "172.31.0.2", "172.31.0.1", 17);
	udp(&f, 1, 2);
	attribute(s, &f, &a);
	assert_int_equal(a.kind, REPLAY_V_NONE);
	assert_null(a.obj);
}

static void
test_vantage_gre_is_tgw_connect(void **state)
{
	struct st *s = *state;
	struct model_tgw *g = MODEL_GET(s->m, MODEL_TGW, struct model_tgw, 0);
	struct fb f;
	struct replay_attr a;
	/* the bundled TGW declares no TransitGatewayCidrBlocks: GRE names nothing */
	assert_int_equal(g->cidr_blocks->len, 0);
	memset(&f, 0, sizeof(f));
	eth(&f, -1);
	ip4(&f, "192.168.255.1", "192.0.2.1", 47);
	put32(&f, 0x00000800);
	attribute(s, &f, &a);
	assert_int_not_equal(a.kind, REPLAY_V_CONNECT);
	/* with 192.0.2.0/24 as its CIDR block, GRE to a Connect peer address in it is Connect */
	struct model_prefix p;
	assert_true(model_prefix_parse("192.0.2.0/24", &p));
	g_array_append_val(g->cidr_blocks, p);
	memset(&f, 0, sizeof(f));
	eth(&f, -1);
	ip4(&f, "192.168.255.1", "192.0.2.1", 47);
	put32(&f, 0x00000800);
	attribute(s, &f, &a);
	g_array_set_size(g->cidr_blocks, 0);
	assert_int_equal(a.kind, REPLAY_V_CONNECT);
	assert_string_equal(a.obj->id, g->o.id);
	assert_non_null(strstr(a.how, "TGW Connect"));
}

/* GRE of a Connect peer (tests/fixtures/analyze-connect-peers: two Connect attachments,
 * their peers' GRE addresses 10.99.0.2 <-> 10.3.2.10 and 10.99.0.1 <-> 10.3.1.10) is that
 * peer's attachment; GRE to the TGW's CIDR block from anywhere else is the TGW. */
static void
gre_frame(struct fb *f, const char *src, const char *dst)
{
	memset(f, 0, sizeof(*f));
	eth(f, -1);
	ip4(f, src, dst, 47);
	put32(f, 0x00000800);
}

static void
test_vantage_gre_is_the_connect_peers_attachment(void **state)
{
	struct st *s = *state;
	GError *err = NULL;
	struct model *m = model_load("tests/fixtures/analyze-connect-peers", &err);
	assert_non_null(m);
	struct fb f;
	struct replay_attr a;
	gre_frame(&f, "10.3.1.10", "10.99.0.1");
	close_all(&f);
	test_decode(s->d, f.b, f.n, DEC_LINK_EN10MB);
	assert_true(replay_attribute(m, s->d, &a));
	assert_int_equal(a.kind, REPLAY_V_CONNECT);
	assert_string_equal(a.obj->id, "tgw-attach-0a1b2c3d4e5f60302");
	assert_string_equal(a.how,
		"GRE 10.99.0.1 <-> 10.3.1.10 = "
		"tgw-connect-peer-0a1b2c3d4e5f60302 of tgw-attach-0a1b2c3d4e5f60302");
	/* the other direction, the other peer */
	gre_frame(&f, "10.99.0.2", "10.3.2.10");
	close_all(&f);
	test_decode(s->d, f.b, f.n, DEC_LINK_EN10MB);
	assert_true(replay_attribute(m, s->d, &a));
	assert_string_equal(a.obj->id, "tgw-attach-0a1b2c3d4e5f60301");
	/* a TGW address with an appliance no peer names: the transport's traffic to AWS, not
	 * a Connect attachment's (TGW guide, Connect peers): the TGW, and the how says so */
	gre_frame(&f, "10.3.9.9", "10.99.0.1");
	close_all(&f);
	test_decode(s->d, f.b, f.n, DEC_LINK_EN10MB);
	assert_true(replay_attribute(m, s->d, &a));
	assert_int_equal(a.kind, REPLAY_V_CONNECT);
	assert_string_equal(a.obj->id, "tgw-0a1b2c3d4e5f60001");
	assert_non_null(strstr(a.how, "no Connect peer's addresses"));
	model_free(m);
}

static void
test_vantage_most_packets_decide(void **state)
{
	struct st *s = *state;
	GError *err = NULL;
	struct replay_vantage *v = replay_vantage_new(s->m, NULL, &err);
	assert_non_null(v);
	struct fb f;
	struct replay_attr a;
	for (int i = 0; i < 3; i++) {
		vlan_frame(&f, 201);
		attribute(s, &f, &a);
		replay_vantage_note(v, &a);
	}
	esp_frame(&f, "203.0.113.10", "52.95.100.10");
	attribute(s, &f, &a);
	replay_vantage_note(v, &a);
	struct replay_vantage_result r;
	assert_true(replay_vantage_decide(v, &r, &err));
	assert_string_equal(r.obj->id, "dxvif-ffabc123");
	assert_int_equal(r.packets, 3);
	assert_string_equal(r.declared, "dx-router");
	assert_non_null(strstr(r.how, "3 packets"));
	const struct model_obj *objs[4];
	enum replay_vkind kinds[4];
	uint64_t pk[4];
	assert_int_equal(replay_vantage_seen(v, objs, kinds, pk, 4), 2);
	assert_string_equal(objs[1]->id, "vpn-0a1b2c3d4e5f60001");
	assert_int_equal(pk[1], 1);
	replay_vantage_free(v);
}

static void
test_vantage_tie_is_an_error_naming_both(void **state)
{
	struct st *s = *state;
	GError *err = NULL;
	struct replay_vantage *v = replay_vantage_new(s->m, NULL, &err);
	struct fb f;
	struct replay_attr a;
	/* two tunnels' worth of ESP on two connections, as many packets each; neither is a
	 * declared vantage */
	for (int i = 0; i < 2; i++) {
		esp_frame(&f, "203.0.113.10", "52.95.100.10");
		attribute(s, &f, &a);
		replay_vantage_note(v, &a);
		esp_frame(&f, "203.0.113.10", "52.95.100.30");
		attribute(s, &f, &a);
		assert_string_equal(a.obj->id, "vpn-05a1b2c3d4e5f0002");
		replay_vantage_note(v, &a);
	}
	struct replay_vantage_result r;
	assert_false(replay_vantage_decide(v, &r, &err));
	assert_non_null(err);
	assert_int_equal(err->code, REPLAY_VANTAGE_ERROR_AMBIGUOUS);
	assert_non_null(strstr(err->message, "vpn-0a1b2c3d4e5f60001"));
	assert_non_null(strstr(err->message, "vpn-05a1b2c3d4e5f0002"));
	assert_non_null(strstr(err->message, "--vantage"));
	g_clear_error(&err);
	replay_vantage_free(v);

	/* --vantage settles it, by a Vantages name too */
	v = replay_vantage_new(s->m, "cgw-outside", &err);
	assert_non_null(v);
	esp_frame(&f, "203.0.113.10", "52.95.100.10");
	attribute(s, &f, &a);
	replay_vantage_note(v, &a);
	assert_true(replay_vantage_decide(v, &r, &err));
	assert_true(r.forced);
	assert_string_equal(r.obj->id, "cgw-0a1b2c3d4e5f60001");
	assert_string_equal(r.declared, "cgw-outside");
	replay_vantage_free(v);

	assert_null(replay_vantage_new(s->m, "vpn-nope", &err));
	assert_int_equal(err->code, REPLAY_VANTAGE_ERROR_UNKNOWN);
	g_clear_error(&err);
}

static void
test_vantage_tie_broken_by_declared(void **state)
{
	struct st *s = *state;
	GError *err = NULL;
	struct replay_vantage *v = replay_vantage_new(s->m, NULL, &err);
	struct fb f;
	struct replay_attr a;
	vlan_frame(&f, 201); /* dxvif-ffabc123: declared as "dx-router" */
	attribute(s, &f, &a);
	replay_vantage_note(v, &a);
	esp_frame(&f, "203.0.113.10", "52.95.100.30"); /* vpn-05…: not declared */
	attribute(s, &f, &a);
	replay_vantage_note(v, &a);
	struct replay_vantage_result r;
	assert_true(replay_vantage_decide(v, &r, &err));
	assert_string_equal(r.obj->id, "dxvif-ffabc123");
	replay_vantage_free(v);
	/* no evidence at all: said, not guessed */
	v = replay_vantage_new(s->m, NULL, &err);
	assert_true(replay_vantage_decide(v, &r, &err));
	assert_null(r.obj);
	assert_non_null(strstr(r.how, "no packet"));
	replay_vantage_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vantage_vlan_is_the_vif),
		cmocka_unit_test(test_vantage_esp_names_the_tunnel),
		cmocka_unit_test(test_vantage_geneve_option_names_the_endpoint),
		cmocka_unit_test(test_vantage_vxlan_is_a_mirror_session),
		cmocka_unit_test(test_vantage_plain_address_is_the_eni),
		cmocka_unit_test(test_vantage_gre_is_tgw_connect),
		cmocka_unit_test(test_vantage_gre_is_the_connect_peers_attachment),
		cmocka_unit_test(test_vantage_most_packets_decide),
		cmocka_unit_test(test_vantage_tie_is_an_error_naming_both),
		cmocka_unit_test(test_vantage_tie_broken_by_declared),
	};
	return cmocka_run_group_tests_name("analyze_vantage", tests, setup, teardown);
}
