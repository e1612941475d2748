/* test_vxlan.c - VXLAN (RFC 7348 §5) as AWS Traffic Mirroring delivers it: header fields,
 * the inner Ethernet frame and what is in it, a clear I flag, every truncation. */
#include <stdarg.h>             /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

/* A mirrored TCP segment: outer IPv4/UDP 4789, VXLAN VNI 0x123456, inner Ethernet/IPv4/TCP.
 * 104 bytes. */
static const uint8_t mirror_frame[] = {
	/* 0: Ethernet: 02:00:00:00:00:02 < 02:00:00:00:00:01, IPv4 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	/* 14: IPv4: len 90, UDP, 10.0.1.10 > 10.0.2.20 */
	0x45, 0x00, 0x00, 0x5a, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x00, 0x01, 0x0a, 0x0a, 0x00, 0x02, 0x14,
	/* 34: UDP: 50000 > 4789, len 70 */
	0xc3, 0x50, 0x12, 0xb5, 0x00, 0x46, 0x00, 0x00,
	/* 42: VXLAN: flags I, VNI 0x123456 */
	0x08, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x00,
	/* 50: inner Ethernet: 06:00:00:00:00:02 < 06:00:00:00:00:01, IPv4 */
	0x06, 0x00, 0x00, 0x00, 0x00, 0x02, 0x06, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	/* 64: inner IPv4: len 40, TCP, 172.31.0.5 > 172.31.0.9 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x02, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
	0xac, 0x1f, 0x00, 0x05, 0xac, 0x1f, 0x00, 0x09,
	/* 84: TCP: 51000 > 22, ACK */
	0xc7, 0x38, 0x00, 0x16, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
	0x50, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
};

enum {
	VXLAN_OFF = 42,
	INNER_ETH_OFF = 50,
	INNER_IP_OFF = 64,
	TCP_OFF = 84,
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
test_vxlan_inner_ethernet_ipv4_tcp(void **state)
{
	struct dec *d = *state;
	test_decode(d, mirror_frame, sizeof(mirror_frame), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 7);
	const struct dec_layer *l = test_layer(d, DEC_P_VXLAN, 0);
	assert_non_null(l);
	assert_int_equal(l->off, VXLAN_OFF);
	assert_int_equal(l->len, 8);
	assert_int_equal(l->tunnel, 0); /* the VXLAN header belongs to the outer level */
	assert_int_equal(l->u.vxlan.flags, DEC_VXLAN_FLAG_I);
	assert_int_equal(l->u.vxlan.vni, 0x123456);
	assert_int_equal(l->u.vxlan.reserved, 0);
	const struct dec_layer *e = test_layer(d, DEC_P_ETH, 1);
	assert_non_null(e);
	assert_int_equal(e->off, INNER_ETH_OFF);
	assert_memory_equal(e->u.eth.src, mirror_frame + 56, 6);
	const struct dec_layer *ip = test_layer(d, DEC_P_IPV4, 1);
	assert_non_null(ip);
	assert_int_equal(ip->off, INNER_IP_OFF);
	const struct dec_layer *t = test_layer(d, DEC_P_TCP, 0);
	assert_non_null(t);
	assert_int_equal(t->off, TCP_OFF);
	assert_int_equal(t->u.tcp.sport, 51000);
	assert_int_equal(t->u.tcp.dport, 22);

	char *text = test_text(d);
	assert_contains(text, "UDP 50000 > 4789 VXLAN vni=1193046 | ");
	assert_contains(text, "172.31.0.5 > 172.31.0.9");
	g_free(text);
	char *json = test_json(d);
	assert_contains(json, "{\"p\":\"vxlan\",\"flags\":8,\"vni\":1193046}");
	g_free(json);
}

static void
test_vxlan_i_flag_clear_still_decodes(void **state)
{
	struct dec *d = *state;
	uint8_t f[sizeof(mirror_frame)];
	memcpy(f, mirror_frame, sizeof(f));
	f[VXLAN_OFF] = 0x88; /* I clear, a reserved bit set (as VXLAN-GBP uses it) */
	f[VXLAN_OFF + 7] = 0x5a; /* last reserved byte */
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_vxlan_layer *v = &test_layer(d, DEC_P_VXLAN, 0)->u.vxlan;
	assert_int_equal(v->flags, 0x88);
	assert_int_equal(v->vni, 0x123456);
	assert_int_equal(v->reserved, 0x5a);
	assert_int_equal(test_layer(d, DEC_P_TCP, 0)->u.tcp.dport, 22);
	char *text = test_text(d);
	assert_contains(text, "VXLAN flags=0x88 vni=1193046 | ");
	g_free(text);
}

static void
test_vxlan_truncated_at_every_byte(void **state)
{
	struct dec *d = *state;
	size_t n = sizeof(mirror_frame);
	assert_int_equal(test_every_truncation(mirror_frame, n, DEC_LINK_EN10MB), n);
	for (size_t k = 0; k < n; k++) {
		/* a snaplen cut, whose first event is the cut header's; as a frame that ends
		 * there, the outer IPv4 total length is one more event in front */
		test_cut_adds_length_event(d, mirror_frame, k, n, DEC_LINK_EN10MB, DEC_P_IPV4,
			k < 34 ? TEST_NO_LENGTH_EVENT : 14 + 2);
		assert_true(d->nerrors >= 1);
		assert_int_equal(d->errors[0].code, DEC_E_TRUNCATED);
		const struct dec_layer *v = test_layer(d, DEC_P_VXLAN, 0);
		if (k < VXLAN_OFF) {
			assert_null(v);
			continue;
		}
		assert_non_null(v);
		if (k < INNER_ETH_OFF) {
			/* the VXLAN header is cut: it is the one event, its fields not data */
			assert_true(v->truncated);
			assert_int_equal(d->errors[0].proto, DEC_P_VXLAN);
			assert_int_equal(d->errors[0].off, VXLAN_OFF);
			assert_int_equal(d->nlayers, 4);
			char *json = test_json(d);
			assert_contains(json, "{\"p\":\"vxlan\",\"truncated\":true}");
			g_free(json);
			char *text = test_text(d);
			assert_contains(text, "vxlan [truncated]");
			g_free(text);
			continue;
		}
		assert_false(v->truncated);
		assert_int_equal(v->u.vxlan.vni, 0x123456);
		unsigned want = k < INNER_IP_OFF ? DEC_P_ETH : k < TCP_OFF ? DEC_P_IPV4 : DEC_P_TCP;
		assert_int_equal(d->errors[0].proto, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vxlan_inner_ethernet_ipv4_tcp),
		cmocka_unit_test(test_vxlan_i_flag_clear_still_decodes),
		cmocka_unit_test(test_vxlan_truncated_at_every_byte),
	};
	return cmocka_run_group_tests_name("vxlan", tests, setup, teardown);
}
