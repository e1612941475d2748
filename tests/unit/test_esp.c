/* test_esp.c - ESP (RFC 4303) in IP and in UDP 4500 (RFC 3948), NAT keepalives, and how
 * UDP 4500 tells ESP, IKE (non-ESP marker) and keepalives apart; every truncation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include "reports/render.h"

#define ETH_IPV4 \
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00

/* IPv4 52.0.0.1 > 198.51.100.10 carrying protocol proto and m bytes after the header */
#define IPV4_HDR(m, proto) \
	0x45, 0x00, ((m) + 20) >> 8, ((m) + 20) & 0xff, 0x00, 0x01, 0x00, 0x00, \
	0x40, (proto), 0x00, 0x00, 0x34, 0x00, 0x00, 0x01, 0xc6, 0x33, 0x64, 0x0a

/* UDP 4500 > 4500 with m bytes of payload */
#define UDP_4500(m) 0x11, 0x94, 0x11, 0x94, ((m) + 8) >> 8, ((m) + 8) & 0xff, 0x00, 0x00

#define BYTES8(b) b, b, b, b, b, b, b, b

/* Ethernet / IPv4 / ESP spi 0x0a1b2c3d seq 412, 24 opaque bytes */
static const uint8_t esp_ip[] = {
	ETH_IPV4,                                       /* Ethernet */
	IPV4_HDR(32, 50),                               /* IPv4, protocol ESP */
	0x0a, 0x1b, 0x2c, 0x3d, 0x00, 0x00, 0x01, 0x9c, /* ESP: SPI, seq 412 */
	BYTES8(0xe1), BYTES8(0xe2), BYTES8(0xe3),       /* IV, ciphertext, ICV */
};

/* Ethernet / IPv4 / UDP 4500 / ESP spi 0x0a1b2c3d seq 412, 24 opaque bytes */
static const uint8_t esp_udp[] = {
	ETH_IPV4,                                       /* Ethernet */
	IPV4_HDR(40, 17),                               /* IPv4, protocol UDP */
	UDP_4500(32),                                   /* UDP 4500 > 4500 */
	0x0a, 0x1b, 0x2c, 0x3d, 0x00, 0x00, 0x01, 0x9c, /* ESP: SPI, seq 412 */
	BYTES8(0xe1), BYTES8(0xe2), BYTES8(0xe3),       /* IV, ciphertext, ICV */
};

/* Ethernet / IPv4 / UDP 4500 / NAT keepalive */
static const uint8_t keepalive[] = {
	ETH_IPV4,         /* Ethernet */
	IPV4_HDR(9, 17),  /* IPv4, protocol UDP */
	UDP_4500(1),      /* UDP 4500 > 4500, length 9 */
	0xff,             /* keepalive */
};

/* Ethernet / IPv4 / UDP 4500 / non-ESP marker / IKEv2 INFORMATIONAL without payloads */
static const uint8_t marker_ike[] = {
	ETH_IPV4,                                       /* Ethernet */
	IPV4_HDR(40, 17),                               /* IPv4, protocol UDP */
	UDP_4500(32),                                   /* UDP 4500 > 4500 */
	0x00, 0x00, 0x00, 0x00,                         /* non-ESP marker */
	BYTES8(0x11), BYTES8(0x22),                     /* ispi, rspi */
	0x00, 0x20, 0x25, 0x08,                         /* np none, v2.0, INFORMATIONAL, I */
	0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x1c, /* msgid 7, length 28 */
};

/* ESP in IP with SPI 0, which RFC 4303 §2.1 keeps off the wire */
static const uint8_t esp_spi0[] = {
	ETH_IPV4,                                       /* Ethernet */
	IPV4_HDR(8, 50),                                /* IPv4, protocol ESP */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* ESP: SPI 0, seq 1 */
};

#define L2L3 34
#define L2L4 42

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
		fail_msg("\"%s\" not in %s", want, s);
}

static void
test_esp_in_ip(void **state)
{
	struct dec *d = test_decode(*state, esp_ip, sizeof(esp_ip), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *l = test_layer(d, DEC_P_ESP, 0);
	assert_non_null(l);
	assert_false(l->truncated);
	assert_int_equal(l->off, L2L3);
	assert_int_equal(l->len, 8);
	assert_int_equal(l->u.esp.spi, 0x0a1b2c3d);
	assert_int_equal(l->u.esp.seq, 412);
	assert_int_equal(l->u.esp.payload_len, 24);
	assert_false(l->u.esp.natt);
	char *t = test_text(d);
	assert_contains(t, "ESP spi=0x0a1b2c3d seq=412 len=24");
	g_free(t);
	char *j = test_json(d);
	assert_contains(j, "{\"p\":\"esp\",\"spi\":169552957,\"seq\":412,\"natt\":false,"
			   "\"payload_len\":24}");
	g_free(j);
}

static void
test_esp_in_udp_4500(void **state)
{
	struct dec *d = test_decode(*state, esp_udp, sizeof(esp_udp), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_IKE), 0);
	const struct dec_layer *l = test_layer(d, DEC_P_ESP, 0);
	assert_non_null(l);
	assert_int_equal(l->off, L2L4);
	assert_int_equal(l->u.esp.spi, 0x0a1b2c3d);
	assert_int_equal(l->u.esp.seq, 412);
	assert_int_equal(l->u.esp.payload_len, 24);
	assert_true(l->u.esp.natt);
	char *t = test_text(d);
	assert_contains(t, "52.0.0.1 > 198.51.100.10 UDP 4500 ESP spi=0x0a1b2c3d seq=412 len=24");
	g_free(t);
	char *j = test_json(d);
	assert_contains(j, "\"natt\":true,\"payload_len\":24");
	g_free(j);
}

/* a snaplen cut the ciphertext: the length comes from UDP, and that is no event */
static void
test_esp_payload_len_from_header_not_caplen(void **state)
{
	struct dec *d = test_decode_snaplen(*state, esp_udp, L2L4 + 12, sizeof(esp_udp),
		DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *l = test_layer(d, DEC_P_ESP, 0);
	assert_non_null(l);
	assert_int_equal(l->u.esp.payload_len, 24);
	d = test_decode_snaplen(*state, esp_ip, L2L3 + 9, sizeof(esp_ip), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_ESP, 0)->u.esp.payload_len, 24);
	/* the same bytes as a whole frame: it ends before the IPv4 total length says, which is
	 * the one event; ESP's length still comes from the header */
	d = test_decode(*state, esp_ip, L2L3 + 9, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_BAD_LENGTH);
	assert_int_equal(d->errors[0].proto, DEC_P_IPV4);
	assert_int_equal(test_layer(d, DEC_P_ESP, 0)->u.esp.payload_len, 24);
}

static void
test_natt_keepalive(void **state)
{
	struct dec *d = test_decode(*state, keepalive, sizeof(keepalive), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_ESP), 0);
	const struct dec_layer *l = test_layer(d, DEC_P_NATT_KEEPALIVE, 0);
	assert_non_null(l);
	assert_int_equal(l->off, L2L4);
	assert_int_equal(l->len, 1);
	char *t = test_text(d);
	assert_contains(t, "UDP 4500 NAT-keepalive");
	g_free(t);
	char *j = test_json(d);
	assert_contains(j, "{\"p\":\"natt_keepalive\"}");
	g_free(j);
}

static void
test_natt_marker_gives_ike(void **state)
{
	struct dec *d = test_decode(*state, marker_ike, sizeof(marker_ike), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_ESP), 0);
	const struct dec_layer *l = test_layer(d, DEC_P_IKE, 0);
	assert_non_null(l);
	assert_int_equal(l->off, L2L4 + 4);
	assert_true(l->u.ike.natt);
	assert_int_equal(l->u.ike.exchange, 37);
	assert_int_equal(l->u.ike.msgid, 7);
	assert_int_equal(l->u.ike.npayloads, 0);
	char *t = test_text(d);
	assert_contains(t, "UDP 4500 IKEv2 INFORMATIONAL ispi=0x1111111111111111 "
			   "rspi=0x2222222222222222 msgid=7 I []");
	g_free(t);
}

static void
test_esp_spi_zero_in_ip(void **state)
{
	struct dec *d = test_decode(*state, esp_spi0, sizeof(esp_spi0), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_RESERVED));
	const struct dec_layer *l = test_layer(d, DEC_P_ESP, 0);
	assert_non_null(l);
	assert_false(l->truncated);
	assert_int_equal(l->u.esp.seq, 1);
}

static void
test_esp_every_truncation(void **state)
{
	(void)state;
	/* cut as a frame, every prefix has an event: a header cut, or the IPv4 total length
	 * past the frame; as a snaplen cut only truncation events (testlib.h). A snaplen cut
	 * that leaves no byte of the UDP payload on 4500 is nothing yet, and no event. */
	test_every_cut(esp_ip, sizeof(esp_ip), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(esp_udp, sizeof(esp_udp), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(keepalive, sizeof(keepalive), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(marker_ike, sizeof(marker_ike), DEC_LINK_EN10MB, NULL, 0);
}

static void
test_esp_truncation_points(void **state)
{
	struct dec *d = *state;
	/* snaplen cuts; cut as frames, each has the IPv4 total length's event in front */
	for (size_t n = L2L3; n < L2L3 + 8; n++) {
		test_cut_adds_length_event(d, esp_ip, n, sizeof(esp_ip), DEC_LINK_EN10MB,
			DEC_P_IPV4, 14 + 2);
		assert_int_equal(d->nerrors, 1);
		assert_int_equal(d->errors[0].code, DEC_E_TRUNCATED);
		assert_int_equal(d->errors[0].proto, DEC_P_ESP);
		assert_int_equal(d->errors[0].off, L2L3);
		const struct dec_layer *l = test_layer(d, DEC_P_ESP, 0);
		assert_non_null(l);
		assert_true(l->truncated);
	}
	/* 1..7 bytes on 4500 that are neither a keepalive nor a marker: a cut ESP header */
	for (size_t n = L2L4 + 1; n < L2L4 + 8; n++) {
		test_cut_adds_length_event(d, esp_udp, n, sizeof(esp_udp), DEC_LINK_EN10MB,
			DEC_P_IPV4, 14 + 2);
		assert_int_equal(d->errors[0].code, DEC_E_TRUNCATED);
		assert_true(test_layer(d, DEC_P_ESP, 0)->truncated);
	}
	/* a 0xFF first byte that the UDP length says continues is an SPI, not a keepalive */
	uint8_t f[sizeof(esp_udp)];
	memcpy(f, esp_udp, sizeof(f));
	f[L2L4] = 0xff;
	test_cut_adds_length_event(d, f, L2L4 + 1, sizeof(f), DEC_LINK_EN10MB, DEC_P_IPV4,
		14 + 2);
	assert_int_equal(test_count(d, DEC_P_NATT_KEEPALIVE), 0);
	assert_true(test_has_event(d, DEC_E_TRUNCATED));
	/* the keepalive cut by a snaplen before its byte: nothing after UDP, no event (as a
	 * frame, only the IPv4 total length's) */
	test_cut_adds_length_event(d, keepalive, L2L4, sizeof(keepalive), DEC_LINK_EN10MB,
		DEC_P_IPV4, 14 + 2);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_NATT_KEEPALIVE), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_esp_in_ip),
		cmocka_unit_test(test_esp_in_udp_4500),
		cmocka_unit_test(test_esp_payload_len_from_header_not_caplen),
		cmocka_unit_test(test_natt_keepalive),
		cmocka_unit_test(test_natt_marker_gives_ike),
		cmocka_unit_test(test_esp_spi_zero_in_ip),
		cmocka_unit_test(test_esp_every_truncation),
		cmocka_unit_test(test_esp_truncation_points),
	};
	return cmocka_run_group_tests_name("esp", tests, setup, teardown);
}
