/* test_geneve.c - GENEVE (RFC 8926) with AWS Gateway Load Balancer options: fields, option
 * names and values, inner frames by protocol type, bad option lengths, every truncation,
 * and GENEVE nested past the tunnel cap. */
#include <stdarg.h>             /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include "reports/render.h"

/* GWLB to appliance: outer IPv4/UDP 6081, GENEVE with the three AWS options, inner IPv4
 * (protocol type 0x0800, no inner Ethernet) carrying a TCP SYN. 122 bytes. */
static const uint8_t gwlb_frame[] = {
	/* 0: Ethernet: dst 02:00:00:00:00:02, src 02:00:00:00:00:01, IPv4 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	/* 14: IPv4: len 108, id 1, ttl 64, UDP, 10.0.0.5 > 10.0.0.9 */
	0x45, 0x00, 0x00, 0x6c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x00, 0x09,
	/* 34: UDP: 49152 > 6081, len 88 */
	0xc0, 0x00, 0x17, 0xc1, 0x00, 0x58, 0x00, 0x00,
	/* 42: GENEVE: ver 0, opt len 8 words, O=0 C=0, proto 0x0800, VNI 0x000abc */
	0x08, 0x00, 0x08, 0x00, 0x00, 0x0a, 0xbc, 0x00,
	/* 50: option class 0x0108 type 1 len 2: GWLB endpoint id */
	0x01, 0x08, 0x01, 0x02, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
	/* 62: option class 0x0108 type 2 len 2: attachment id */
	0x01, 0x08, 0x02, 0x02, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
	/* 74: option class 0x0108 type 3 len 1: flow cookie */
	0x01, 0x08, 0x03, 0x01, 0x1a, 0x2b, 0x3c, 0x4d,
	/* 82: inner IPv4: len 40, TCP, 10.1.1.10 > 192.168.10.5 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x02, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
	0x0a, 0x01, 0x01, 0x0a, 0xc0, 0xa8, 0x0a, 0x05,
	/* 102: TCP: 40000 > 443, seq 1, SYN, win 65535 */
	0x9c, 0x40, 0x01, 0xbb, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x50, 0x02, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
};

enum {
	GWLB_GENEVE_OFF = 42,
	GWLB_OPTS_OFF = 50,
	GWLB_INNER_OFF = 82,
};

/* GENEVE with an inner Ethernet frame (protocol type 0x6558), no options. 92 bytes. */
static const uint8_t teb_frame[] = {
	/* 0: Ethernet: IPv4 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	/* 14: IPv4: len 78, UDP, 20.0.0.1 > 20.0.0.2 */
	0x45, 0x00, 0x00, 0x4e, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x14, 0x00, 0x00, 0x01, 0x14, 0x00, 0x00, 0x02,
	/* 34: UDP: 12618 > 6081, len 58 */
	0x31, 0x4a, 0x17, 0xc1, 0x00, 0x3a, 0x00, 0x00,
	/* 42: GENEVE: ver 0, no options, O=1, proto 0x6558, VNI 0x00000a */
	0x00, 0x80, 0x65, 0x58, 0x00, 0x00, 0x0a, 0x00,
	/* 50: inner Ethernet: 0a:00:00:00:00:02 < 0a:00:00:00:00:01, IPv4 */
	0x0a, 0x00, 0x00, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	/* 64: inner IPv4: len 28, UDP, 30.0.0.1 > 30.0.0.2 */
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x03, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x1e, 0x00, 0x00, 0x01, 0x1e, 0x00, 0x00, 0x02,
	/* 84: inner UDP: 1111 > 2222, len 8 */
	0x04, 0x57, 0x08, 0xae, 0x00, 0x08, 0x00, 0x00,
};

/* The options area is 3 words; the second option claims 4 words of data. 90 bytes. */
static const uint8_t badopt_frame[] = {
	/* 0: Ethernet: IPv4 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	/* 14: IPv4: len 76, UDP, 10.0.0.5 > 10.0.0.9 */
	0x45, 0x00, 0x00, 0x4c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x00, 0x09,
	/* 34: UDP: 49152 > 6081, len 56 */
	0xc0, 0x00, 0x17, 0xc1, 0x00, 0x38, 0x00, 0x00,
	/* 42: GENEVE: ver 0, opt len 3 words, C=1, proto 0x0800, VNI 7 */
	0x03, 0x40, 0x08, 0x00, 0x00, 0x00, 0x07, 0x00,
	/* 50: option class 0x0101 type 0x80 (critical) len 1 */
	0x01, 0x01, 0x80, 0x01, 0xde, 0xad, 0xbe, 0xef,
	/* 58: option class 0x0102 type 5 len 4: runs 12 bytes past the area */
	0x01, 0x02, 0x05, 0x04,
	/* 62: inner IPv4: len 28, UDP, 10.1.1.1 > 10.1.1.2 */
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x01, 0x01, 0x01, 0x0a, 0x01, 0x01, 0x02,
	/* 82: inner UDP: 1111 > 2222, len 8 */
	0x04, 0x57, 0x08, 0xae, 0x00, 0x08, 0x00, 0x00,
};

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
		fail_msg("\"%s\"\n  does not contain \"%s\"", s, want);
}

static void
test_geneve_gwlb_options_and_inner_tcp(void **state)
{
	struct dec *d = *state;
	test_decode(d, gwlb_frame, sizeof(gwlb_frame), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 6);
	const struct dec_layer *l = test_layer(d, DEC_P_GENEVE, 0);
	assert_non_null(l);
	assert_false(l->truncated);
	assert_int_equal(l->off, GWLB_GENEVE_OFF);
	assert_int_equal(l->len, 40);
	const struct dec_geneve_layer *g = &l->u.geneve;
	assert_int_equal(g->ver, 0);
	assert_int_equal(g->opt_len, 32);
	assert_false(g->oam);
	assert_false(g->critical);
	assert_int_equal(g->proto, 0x0800);
	assert_int_equal(g->vni, 0x000abc);
	assert_int_equal(g->nopts, 3);
	static const uint8_t want_types[] = { 1, 2, 3 };
	static const uint8_t want_lens[] = { 8, 8, 4 };
	static const char *const want_names[] = { "gwlb_endpoint_id", "gwlb_attachment_id",
		"gwlb_flow_cookie" };
	static const uint32_t want_offs[] = { 54, 66, 78 };
	for (unsigned k = 0; k < 3; k++) {
		const struct dec_geneve_opt *op = &g->opts[k];
		assert_int_equal(op->cls, DEC_GENEVE_CLASS_AWS);
		assert_int_equal(op->type, want_types[k]);
		assert_int_equal(op->len, want_lens[k]);
		assert_int_equal(op->off, want_offs[k]);
		assert_memory_equal(op->value, gwlb_frame + want_offs[k], op->len);
		assert_string_equal(dec_geneve_opt_name(op->cls, op->type), want_names[k]);
	}
	assert_null(dec_geneve_opt_name(DEC_GENEVE_CLASS_AWS, 4));
	assert_null(dec_geneve_opt_name(0x0100, 1));

	/* the inner frame is IPv4 (AWS sends no inner Ethernet header) and TCP */
	assert_int_equal(test_count(d, DEC_P_IPV4), 2);
	assert_int_equal(test_count(d, DEC_P_ETH), 1);
	const struct dec_layer *ip = test_layer(d, DEC_P_IPV4, 1);
	assert_int_equal(ip->off, GWLB_INNER_OFF);
	assert_int_equal(ip->tunnel, 1);
	const struct dec_layer *t = test_layer(d, DEC_P_TCP, 0);
	assert_non_null(t);
	assert_int_equal(t->u.tcp.sport, 40000);
	assert_int_equal(t->u.tcp.dport, 443);

	char *text = test_text(d);
	assert_contains(text, "UDP 49152 > 6081 GENEVE vni=2748 [gwlb_endpoint_id="
			      "vpce-0123456789abcdef0 gwlb_attachment_id=0x0a0b0c0d0e0f1011 "
			      "gwlb_flow_cookie=0x1a2b3c4d] | 10.1.1.10 > 192.168.10.5");
	g_free(text);
	char *json = test_json(d);
	assert_contains(json, "{\"p\":\"geneve\",\"ver\":0,\"opt_len\":32,"
			      "\"oam\":false,\"critical\":false,\"proto\":2048,\"vni\":2748,"
			      "\"options\":[{\"class\":264,\"type\":1,\"len\":8,"
			      "\"value\":\"123456789abcdef0\",\"name\":\"gwlb_endpoint_id\","
			      "\"vpce\":\"vpce-0123456789abcdef0\"},"
			      "{\"class\":264,\"type\":2,\"len\":8,\"value\":\"0a0b0c0d0e0f1011\","
			      "\"name\":\"gwlb_attachment_id\"},"
			      "{\"class\":264,\"type\":3,\"len\":4,\"value\":\"1a2b3c4d\","
			      "\"name\":\"gwlb_flow_cookie\"}]}");
	assert_contains(json, "\"errors\":[]");
	g_free(json);
}

static void
test_geneve_inner_ethernet(void **state)
{
	struct dec *d = *state;
	test_decode(d, teb_frame, sizeof(teb_frame), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 7);
	const struct dec_geneve_layer *g = &test_layer(d, DEC_P_GENEVE, 0)->u.geneve;
	assert_int_equal(g->proto, 0x6558);
	assert_true(g->oam);
	assert_int_equal(g->nopts, 0);
	assert_int_equal(g->vni, 10);
	const struct dec_layer *e = test_layer(d, DEC_P_ETH, 1);
	assert_non_null(e);
	assert_int_equal(e->off, 50);
	assert_int_equal(e->tunnel, 1);
	assert_int_equal(e->u.eth.type, 0x0800);
	const struct dec_layer *ip = test_layer(d, DEC_P_IPV4, 1);
	assert_non_null(ip);
	assert_memory_equal(ip->u.ipv4.src, teb_frame + 76, 4);
	const struct dec_layer *u = test_layer(d, DEC_P_UDP, 1);
	assert_non_null(u);
	assert_int_equal(u->u.udp.sport, 1111);
	assert_int_equal(u->u.udp.dport, 2222);

	char *text = test_text(d);
	assert_contains(text, "GENEVE vni=10 oam | ");
	g_free(text);
	char *json = test_json(d);
	assert_contains(json, "\"proto\":25944,\"vni\":10,\"options\":[]}");
	g_free(json);
}

static void
test_geneve_option_len_past_header(void **state)
{
	struct dec *d = *state;
	test_decode(d, badopt_frame, sizeof(badopt_frame), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_OPTION_LEN);
	assert_int_equal(d->errors[0].proto, DEC_P_GENEVE);
	assert_int_equal(d->errors[0].off, 61); /* the second option's length byte */
	const struct dec_layer *l = test_layer(d, DEC_P_GENEVE, 0);
	assert_false(l->truncated);
	const struct dec_geneve_layer *g = &l->u.geneve;
	assert_true(g->critical);
	assert_int_equal(g->opt_len, 12);
	/* the good option before it is kept */
	assert_int_equal(g->nopts, 1);
	assert_int_equal(g->opts[0].cls, 0x0101);
	assert_int_equal(g->opts[0].type, 0x80);
	assert_int_equal(g->opts[0].len, 4);
	assert_null(dec_geneve_opt_name(g->opts[0].cls, g->opts[0].type));
	/* Opt Len is authoritative: the inner frame starts after the options area */
	const struct dec_layer *ip = test_layer(d, DEC_P_IPV4, 1);
	assert_non_null(ip);
	assert_int_equal(ip->off, 62);
	assert_int_equal(test_layer(d, DEC_P_UDP, 1)->u.udp.dport, 2222);

	char *text = test_text(d);
	assert_contains(text, "GENEVE vni=7 [0x0101/0x80=deadbeef] | 10.1.1.1 > 10.1.1.2");
	g_free(text);
	char *json = test_json(d);
	assert_contains(json, "\"options\":[{\"class\":257,\"type\":128,\"len\":4,"
			      "\"value\":\"deadbeef\"}]}");
	assert_contains(json, "\"layer\":\"geneve\",\"offset\":61,\"code\":\"bad_option_len\"");
	g_free(json);
}

static void
test_geneve_option_len_zero_terminates(void **state)
{
	struct dec *d = *state;
	/* a GENEVE header whose options area is 63 words of zero-length options: each takes
	 * its 4-byte header, so the loop ends, with 63 options and no event */
	uint8_t f[sizeof(gwlb_frame) + 252];
	memcpy(f, gwlb_frame, GWLB_GENEVE_OFF);
	f[16] = (uint8_t)((108 + 220) >> 8); /* IPv4 total length 328 */
	f[17] = (uint8_t)((108 + 220) & 0xff);
	f[38] = (uint8_t)((88 + 220) >> 8); /* UDP length 308 */
	f[39] = (uint8_t)((88 + 220) & 0xff);
	static const uint8_t hdr[] = { 0x3f, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00 };
	memcpy(f + GWLB_GENEVE_OFF, hdr, sizeof(hdr));
	for (unsigned k = 0; k < 63; k++) {
		uint8_t *op = f + GWLB_OPTS_OFF + 4 * k;
		op[0] = 0x01;
		op[1] = 0x00;
		op[2] = (uint8_t)k;
		op[3] = 0x00;
	}
	memcpy(f + GWLB_OPTS_OFF + 252, gwlb_frame + GWLB_INNER_OFF,
		sizeof(gwlb_frame) - GWLB_INNER_OFF);
	size_t n = GWLB_OPTS_OFF + 252 + sizeof(gwlb_frame) - GWLB_INNER_OFF;
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_geneve_layer *g = &test_layer(d, DEC_P_GENEVE, 0)->u.geneve;
	assert_int_equal(g->opt_len, 252);
	assert_int_equal(g->nopts, 63);
	assert_int_equal(g->opts[62].type, 62);
	assert_int_equal(g->opts[62].len, 0);
	assert_int_equal(test_layer(d, DEC_P_TCP, 0)->u.tcp.dport, 443);
}

static void
test_geneve_bad_version(void **state)
{
	struct dec *d = *state;
	uint8_t f[sizeof(gwlb_frame)];
	memcpy(f, gwlb_frame, sizeof(f));
	f[GWLB_GENEVE_OFF] |= 0x40; /* version 1 */
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_BAD_VERSION));
	assert_int_equal(d->errors[0].off, GWLB_GENEVE_OFF);
	const struct dec_layer *l = test_layer(d, DEC_P_GENEVE, 0);
	assert_non_null(l);
	assert_int_equal(l->u.geneve.ver, 1);
	assert_int_equal(l->u.geneve.nopts, 0);
	/* an unknown version's payload is not decoded */
	assert_int_equal(test_count(d, DEC_P_IPV4), 1);
	assert_null(test_layer(d, DEC_P_TCP, 0));
	char *text = test_text(d);
	assert_contains(text, "GENEVE ver=1 [!geneve@42: ");
	g_free(text);
}

/* The code recorded first when a snaplen cuts the GWLB frame to n bytes, and by which
 * layer. A frame that ends there has one more event in front (testlib.h). */
static void
expected_at(size_t n, unsigned *proto, unsigned *code)
{
	*code = DEC_E_TRUNCATED;
	if (n < 14)
		*proto = DEC_P_ETH;
	else if (n < 34)
		*proto = DEC_P_IPV4;
	else if (n < 42)
		*proto = DEC_P_UDP;
	else if (n < GWLB_INNER_OFF)
		*proto = DEC_P_GENEVE;
	else if (n < 102)
		*proto = DEC_P_IPV4;
	else
		*proto = DEC_P_TCP;
}

static void
test_geneve_truncated_at_every_byte(void **state)
{
	struct dec *d = *state;
	size_t n = sizeof(gwlb_frame);
	assert_int_equal(test_every_truncation(gwlb_frame, n, DEC_LINK_EN10MB), n);
	for (size_t k = 0; k < n; k++) {
		/* a snaplen cut: the header the cut went through is the first event; cut as a
		 * frame, the outer IPv4 total length (the outermost length it contradicts) comes
		 * first, once whole, and the rest is the same: no length inside repeats it */
		test_cut_adds_length_event(d, gwlb_frame, k, n, DEC_LINK_EN10MB, DEC_P_IPV4,
			k < 34 ? TEST_NO_LENGTH_EVENT : 14 + 2);
		unsigned proto, code;
		expected_at(k, &proto, &code);
		assert_true(d->nerrors >= 1);
		assert_int_equal(d->errors[0].code, code);
		assert_int_equal(d->errors[0].proto, proto);
		const struct dec_layer *g = test_layer(d, DEC_P_GENEVE, 0);
		if (k < GWLB_GENEVE_OFF) {
			assert_null(g);
			continue;
		}
		assert_non_null(g);
		if (k < GWLB_OPTS_OFF) {
			/* the fixed header itself is cut: its fields are not data */
			assert_true(g->truncated);
			continue;
		}
		assert_false(g->truncated);
		assert_int_equal(g->u.geneve.vni, 0x000abc);
		/* cut inside the options: the whole options before the cut are kept, the
		 * inner frame is not decoded */
		unsigned want = (k >= 62) + (k >= 74) + (k >= 82);
		assert_int_equal(g->u.geneve.nopts, want);
		if (k < GWLB_INNER_OFF) {
			assert_int_equal(test_count(d, DEC_P_IPV4), 1);
			assert_int_equal(d->errors[0].off, k);
			char *json = test_json(d);
			assert_contains(json, "\"code\":\"truncated\"");
			g_free(json);
		}
	}
}

static void
test_geneve_teb_truncated_at_every_byte(void **state)
{
	(void)state;
	size_t n = sizeof(teb_frame);
	assert_int_equal(test_every_truncation(teb_frame, n, DEC_LINK_EN10MB), n);
	n = sizeof(badopt_frame);
	assert_int_equal(test_every_truncation(badopt_frame, n, DEC_LINK_EN10MB), n);
}

/* Appends one IPv4/UDP 6081/GENEVE level (protocol type IPv4, no options) at f + at whose
 * payload is `inner` bytes long; returns the new offset. */
static size_t
put_level(uint8_t *f, size_t at, size_t inner, uint32_t vni)
{
	size_t udp_len = 8 + 8 + inner;
	size_t ip_len = 20 + udp_len;
	uint8_t ip[20] = { 0x45, 0x00, (uint8_t)(ip_len >> 8), (uint8_t)ip_len, 0x00, 0x01,
		0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 10, 0, 0, 1, 10, 0, 0, 2 };
	uint8_t udp[8] = { 0xc0, 0x00, 0x17, 0xc1, (uint8_t)(udp_len >> 8), (uint8_t)udp_len,
		0x00, 0x00 };
	uint8_t gen[8] = { 0x00, 0x00, 0x08, 0x00, (uint8_t)(vni >> 16), (uint8_t)(vni >> 8),
		(uint8_t)vni, 0x00 };
	memcpy(f + at, ip, 20);
	memcpy(f + at + 20, udp, 8);
	memcpy(f + at + 28, gen, 8);
	return at + 36;
}

static void
test_geneve_nested_past_tunnel_cap(void **state)
{
	struct dec *d = *state;
	enum { LEVELS = 9, LEAF = 28 };
	uint8_t f[14 + LEVELS * 36 + LEAF];
	memcpy(f, gwlb_frame, 14);
	size_t at = 14;
	for (unsigned k = 0; k < LEVELS; k++)
		at = put_level(f, at, (size_t)(LEVELS - 1 - k) * 36 + LEAF, k + 1);
	/* the innermost: IPv4/UDP 1111 > 2222 */
	memcpy(f + at, badopt_frame + 62, LEAF);
	at += LEAF;
	assert_int_equal(at, sizeof(f));

	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_TUNNEL_DEPTH));
	assert_int_equal(test_count(d, DEC_P_GENEVE), DEC_MAX_TUNNELS);
	assert_int_equal(test_layer(d, DEC_P_GENEVE, 7)->u.geneve.vni, 8);
	assert_int_equal(test_layer(d, DEC_P_GENEVE, 7)->tunnel, 7); /* the header sits at its outer level */
	/* the ninth GENEVE header is where decoding stopped */
	assert_int_equal(d->errors[0].off, 14 + 8 * 36 + 28);
	char *json = test_json(d);
	assert_contains(json, "\"code\":\"tunnel_depth\"");
	g_free(json);
	g_free(test_text(d));

	/* eight levels are fine */
	uint8_t f8[14 + 8 * 36 + LEAF];
	memcpy(f8, gwlb_frame, 14);
	at = 14;
	for (unsigned k = 0; k < 8; k++)
		at = put_level(f8, at, (size_t)(8 - 1 - k) * 36 + LEAF, k + 1);
	memcpy(f8 + at, badopt_frame + 62, LEAF);
	test_decode(d, f8, sizeof(f8), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_GENEVE), 8);
	assert_int_equal(test_layer(d, DEC_P_UDP, 8)->u.udp.dport, 2222);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geneve_gwlb_options_and_inner_tcp),
		cmocka_unit_test(test_geneve_inner_ethernet),
		cmocka_unit_test(test_geneve_option_len_past_header),
		cmocka_unit_test(test_geneve_option_len_zero_terminates),
		cmocka_unit_test(test_geneve_bad_version),
		cmocka_unit_test(test_geneve_truncated_at_every_byte),
		cmocka_unit_test(test_geneve_teb_truncated_at_every_byte),
		cmocka_unit_test(test_geneve_nested_past_tunnel_cap),
	};
	return cmocka_run_group_tests_name("geneve", tests, setup, teardown);
}
