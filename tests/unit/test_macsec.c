/* test_macsec.c - MACsec (IEEE 802.1AE-2018 §9): SecTAG fields, SCI, ICV, integrity-only
 * frames decoded on, encrypted frames reported by length, short length (SL), the version
 * bit, snaplen-cut ICVs and every truncation. */
#include <stdarg.h>             /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

/* Integrity only (E=0 C=0) with an SCI; the user data is IPv4/UDP. 74 bytes. */
static const uint8_t integ_frame[] = {
	/* 0: Ethernet: 02:aa:bb:cc:dd:ee < 00:11:22:33:44:55, MACsec */
	0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x88, 0xe5,
	/* 14: SecTAG: TCI SC, AN 0; SL 0; PN 12; SCI 00:11:22:33:44:55 port 1 */
	0x20, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x01,
	/* 28: user data ethertype IPv4 */
	0x08, 0x00,
	/* 30: IPv4: len 28, UDP, 10.0.0.1 > 10.0.0.2 */
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	/* 50: UDP: 1111 > 2222, len 8 */
	0x04, 0x57, 0x08, 0xae, 0x00, 0x08, 0x00, 0x00,
	/* 58: ICV */
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
};

enum {
	SECTAG_OFF = 14,
	INTEG_DATA_OFF = 28,
	INTEG_IP_OFF = 30,
	INTEG_UDP_OFF = 50,
	INTEG_ICV_OFF = 58,
};

/* Encrypted (E=1 C=1), no SCI (ES=1), AN 1, PN 72: 64 bytes of ciphertext. 100 bytes. */
static const uint8_t enc_frame[] = {
	/* 0: Ethernet: 02:aa:bb:cc:dd:ee < 00:11:22:33:44:55, MACsec */
	0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x88, 0xe5,
	/* 14: SecTAG: TCI ES E C, AN 1; SL 0; PN 72 */
	0x4d, 0x00, 0x00, 0x00, 0x00, 0x48,
	/* 20: secure data, encrypted: 64 bytes */
	0x50, 0xc6, 0x8a, 0xab, 0xf6, 0x82, 0x2b, 0x69, 0xad, 0xc7, 0xf4, 0xbc, 0xa4, 0xd8, 0xaf, 0x67,
	0x54, 0x37, 0x64, 0xc9, 0xb9, 0x27, 0x4d, 0xcb, 0x49, 0xf5, 0x76, 0x41, 0xd6, 0xee, 0x5a, 0xaa,
	0x34, 0xb1, 0x17, 0x48, 0x45, 0x65, 0xfb, 0x62, 0xd3, 0x28, 0x81, 0x0d, 0xb6, 0xce, 0x99, 0xb3,
	0x71, 0x9f, 0x73, 0x33, 0x1d, 0xbe, 0xcd, 0xfe, 0xd3, 0xdc, 0x75, 0xa4, 0xfe, 0x35, 0xdd, 0x96,
	/* 84: ICV */
	0x79, 0xc2, 0xe4, 0x60, 0x9e, 0x0d, 0x52, 0xeb, 0xe8, 0x04, 0x83, 0xa3, 0x17, 0xee, 0xf3, 0x59,
};

/* Integrity only, no SCI, SL 30 (secure data below 48 octets), then 4 bytes of trailer
 * after the ICV. 70 bytes. */
static const uint8_t short_frame[] = {
	/* 0: Ethernet: MACsec */
	0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x88, 0xe5,
	/* 14: SecTAG: TCI ES, AN 2; SL 30; PN 7 */
	0x42, 0x1e, 0x00, 0x00, 0x00, 0x07,
	/* 20: user data ethertype IPv4 */
	0x08, 0x00,
	/* 22: IPv4: len 28, UDP, 10.0.0.1 > 10.0.0.2 */
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	/* 42: UDP: 1111 > 2222, len 8 */
	0x04, 0x57, 0x08, 0xae, 0x00, 0x08, 0x00, 0x00,
	/* 50: ICV */
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	/* 66: trailer (not part of the MACsec frame) */
	0x00, 0x00, 0x00, 0x00,
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
assert_lacks(const char *s, const char *unwanted)
{
	if (strstr(s, unwanted))
		fail_msg("\"%s\"\n  contains \"%s\"", s, unwanted);
}

static void
test_macsec_integrity_only_with_sci(void **state)
{
	struct dec *d = *state;
	test_decode(d, integ_frame, sizeof(integ_frame), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 4);
	const struct dec_layer *l = test_layer(d, DEC_P_MACSEC, 0);
	assert_non_null(l);
	assert_false(l->truncated);
	assert_int_equal(l->off, SECTAG_OFF);
	assert_int_equal(l->len, 16); /* SecTAG with SCI, and the user data's ethertype */
	const struct dec_macsec_layer *m = &l->u.macsec;
	assert_false(m->v);
	assert_false(m->es);
	assert_true(m->sc);
	assert_false(m->scb);
	assert_false(m->e);
	assert_false(m->c);
	assert_false(m->encrypted);
	assert_int_equal(m->an, 0);
	assert_int_equal(m->sl, 0);
	assert_int_equal(m->pn, 12);
	assert_true(m->has_sci);
	assert_int_equal(m->sci, 0x0011223344550001ULL);
	assert_int_equal(m->secure_len, 30);
	assert_true(m->has_type);
	assert_int_equal(m->type, 0x0800);
	assert_true(m->has_icv);
	assert_memory_equal(m->icv, integ_frame + INTEG_ICV_OFF, 16);

	const struct dec_layer *ip = test_layer(d, DEC_P_IPV4, 0);
	assert_non_null(ip);
	assert_int_equal(ip->off, INTEG_IP_OFF);
	const struct dec_layer *u = test_layer(d, DEC_P_UDP, 0);
	assert_non_null(u);
	assert_int_equal(u->off, INTEG_UDP_OFF);
	assert_int_equal(u->u.udp.sport, 1111);
	assert_int_equal(u->u.udp.dport, 2222);

	char *text = test_text(d);
	assert_contains(text, "MACsec an=0 pn=12 sci=001122334455 0001 | 10.0.0.1 > 10.0.0.2 UDP");
	assert_lacks(text, "encrypted");
	g_free(text);
	char *json = test_json(d);
	assert_contains(json, "{\"p\":\"macsec\",\"v\":false,\"an\":0,\"sl\":0,\"pn\":12,"
			      "\"sci\":\"0011223344550001\",\"e\":false,\"c\":false,\"es\":false,"
			      "\"sc\":true,\"scb\":false,\"encrypted\":false,\"secure_len\":30,"
			      "\"type\":2048,\"icv\":\"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf\"}");
	g_free(json);
}

static void
test_macsec_icv_not_seen_by_inner_layers(void **state)
{
	struct dec *d = *state;
	/* an IPv4 total length of 0 makes IPv4 take what its cursor holds (TSO captures):
	 * the 8 UDP bytes, not the ICV after them */
	uint8_t f[sizeof(integ_frame)];
	memcpy(f, integ_frame, sizeof(f));
	f[INTEG_IP_OFF + 2] = 0;
	f[INTEG_IP_OFF + 3] = 0;
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->ip_payload_len, 8);
}

static void
test_macsec_encrypted_without_sci(void **state)
{
	struct dec *d = *state;
	test_decode(d, enc_frame, sizeof(enc_frame), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 2);
	const struct dec_layer *l = test_layer(d, DEC_P_MACSEC, 0);
	assert_int_equal(l->len, 6);
	const struct dec_macsec_layer *m = &l->u.macsec;
	assert_true(m->es);
	assert_false(m->sc);
	assert_true(m->e);
	assert_true(m->c);
	assert_true(m->encrypted);
	assert_false(m->has_sci);
	assert_false(m->has_type);
	assert_int_equal(m->an, 1);
	assert_int_equal(m->pn, 72);
	assert_int_equal(m->secure_len, 64);
	assert_true(m->has_icv);
	assert_memory_equal(m->icv, enc_frame + 84, 16);

	char *text = test_text(d);
	assert_contains(text, "Z MACsec an=1 pn=72 [encrypted 64 bytes]");
	assert_lacks(text, "sci=");
	g_free(text);
	char *json = test_json(d);
	assert_contains(json, "{\"p\":\"macsec\",\"v\":false,\"an\":1,\"sl\":0,\"pn\":72,"
			      "\"e\":true,\"c\":true,\"es\":true,\"sc\":false,\"scb\":false,"
			      "\"encrypted\":true,\"secure_len\":64,"
			      "\"icv\":\"79c2e4609e0d52ebe80483a317eef359\"}");
	g_free(json);
}

static void
test_macsec_version_bit_is_an_event(void **state)
{
	struct dec *d = *state;
	uint8_t f[sizeof(integ_frame)];
	memcpy(f, integ_frame, sizeof(f));
	f[SECTAG_OFF] |= 0x80;
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_BAD_VERSION);
	assert_int_equal(d->errors[0].proto, DEC_P_MACSEC);
	assert_int_equal(d->errors[0].off, SECTAG_OFF);
	const struct dec_layer *l = test_layer(d, DEC_P_MACSEC, 0);
	assert_non_null(l);
	assert_true(l->u.macsec.v);
	/* what follows a SecTAG of an unknown version is not decoded */
	assert_int_equal(d->nlayers, 2);
	assert_null(test_layer(d, DEC_P_IPV4, 0));
	char *text = test_text(d);
	assert_contains(text, "MACsec v=1 an=0 pn=12 sci=001122334455 0001 [!macsec@14: ");
	g_free(text);
	char *json = test_json(d);
	assert_contains(json, "\"v\":true");
	assert_contains(json, "\"code\":\"bad_version\"");
	g_free(json);
}

static void
test_macsec_short_length_with_trailer(void **state)
{
	struct dec *d = *state;
	test_decode(d, short_frame, sizeof(short_frame), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_macsec_layer *m = &test_layer(d, DEC_P_MACSEC, 0)->u.macsec;
	assert_int_equal(m->sl, 30);
	assert_int_equal(m->an, 2);
	assert_int_equal(m->secure_len, 30);
	/* the ICV follows the SL octets of secure data, not the frame's last 16 bytes */
	assert_true(m->has_icv);
	assert_memory_equal(m->icv, short_frame + 50, 16);
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.dport, 2222);
	char *text = test_text(d);
	assert_contains(text, "MACsec an=2 pn=7 sl=30 | 10.0.0.1 > 10.0.0.2");
	g_free(text);
}

static void
test_macsec_short_length_past_icv(void **state)
{
	struct dec *d = *state;
	/* SL 34 on the same bytes: the 16-octet ICV would end 4 bytes past the 66-byte frame
	 * (as in Wireshark's macsec-short-shorter sample) */
	uint8_t f[66];
	memcpy(f, short_frame, sizeof(f));
	f[SECTAG_OFF + 1] = 34;
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_BAD_LENGTH);
	const struct dec_macsec_layer *m = &test_layer(d, DEC_P_MACSEC, 0)->u.macsec;
	assert_int_equal(m->secure_len, 34);
	assert_false(m->has_icv);
	/* the user data is still decoded */
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.dport, 2222);
	char *text = test_text(d);
	assert_contains(text, "sl=34 [no icv] | 10.0.0.1");
	g_free(text);
	char *json = test_json(d);
	assert_lacks(json, "\"icv\"");
	g_free(json);

	/* SL past the frame's end: the secure data is what there is */
	f[SECTAG_OFF + 1] = 47;
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_BAD_LENGTH));
	assert_int_equal(test_layer(d, DEC_P_MACSEC, 0)->u.macsec.secure_len, 66 - 20);

	/* SL of 48 or more is not a short length; reserved bits above SL */
	f[SECTAG_OFF + 1] = 0xc0 | 30;
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_RESERVED));
	assert_int_equal(test_layer(d, DEC_P_MACSEC, 0)->u.macsec.sl, 30);
	f[SECTAG_OFF + 1] = 50;
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_int_equal(d->errors[0].code, DEC_E_BAD_LENGTH);
	assert_int_equal(d->errors[0].off, SECTAG_OFF + 1);
}

static void
test_macsec_icv_cut_by_snaplen(void **state)
{
	struct dec *d = *state;
	/* captured up to the ICV, 74 bytes on the wire: the ICV is simply not captured,
	 * which is no event, and the secure data length comes from the wire length */
	size_t cap = INTEG_ICV_OFF;
	uint8_t *p = test_dup(integ_frame, cap);
	dec_packet(d, p, (uint32_t)cap, sizeof(integ_frame), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_macsec_layer *m = &test_layer(d, DEC_P_MACSEC, 0)->u.macsec;
	assert_int_equal(m->secure_len, 30);
	assert_false(m->has_icv);
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.sport, 1111);

	/* cut inside the user data: the inner layer reports its truncation */
	dec_packet(d, p, 40, sizeof(integ_frame), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].proto, DEC_P_IPV4);
	assert_int_equal(d->errors[0].code, DEC_E_TRUNCATED);
	assert_int_equal(test_layer(d, DEC_P_MACSEC, 0)->u.macsec.secure_len, 30);
	free(p);
}

static void
test_macsec_truncated_at_every_byte(void **state)
{
	struct dec *d = *state;
	size_t n = sizeof(integ_frame);
	assert_int_equal(test_every_truncation(integ_frame, n, DEC_LINK_EN10MB), n);
	/* an encrypted frame cut after SecTAG + 16 bytes reads as a shorter valid one: only
	 * the 36 prefixes without room for the ICV are events */
	assert_int_equal(test_every_truncation(enc_frame, sizeof(enc_frame), DEC_LINK_EN10MB),
		20 + 16);
	/* with SL, a cut in the trailer after the ICV (bytes 66..69) is no event */
	assert_int_equal(test_every_truncation(short_frame, sizeof(short_frame),
				 DEC_LINK_EN10MB),
		66);
	for (size_t k = 0; k < n; k++) {
		test_decode(d, integ_frame, k, DEC_LINK_EN10MB);
		assert_true(d->nerrors >= 1);
		const struct dec_event *ev = &d->errors[0];
		const struct dec_layer *l = test_layer(d, DEC_P_MACSEC, 0);
		if (k < SECTAG_OFF) {
			assert_null(l);
			continue;
		}
		if (k < INTEG_DATA_OFF) {
			/* the SecTAG is cut: one truncation event, fields are not data */
			assert_true(l->truncated);
			assert_int_equal(ev->proto, DEC_P_MACSEC);
			assert_int_equal(ev->code, DEC_E_TRUNCATED);
			assert_int_equal(ev->off, SECTAG_OFF);
			char *json = test_json(d);
			assert_contains(json, "{\"p\":\"macsec\",\"truncated\":true}");
			g_free(json);
			continue;
		}
		/* the frame (caplen = len) ends early: the last 16 bytes are taken as the ICV,
		 * and with fewer than 16 after the SecTAG there is no room for one */
		assert_false(l->truncated);
		assert_int_equal(l->u.macsec.pn, 12);
		size_t after = k - INTEG_DATA_OFF;
		if (after < 16) {
			assert_int_equal(ev->proto, DEC_P_MACSEC);
			assert_int_equal(ev->code, DEC_E_BAD_LENGTH);
			assert_false(l->u.macsec.has_icv);
			continue;
		}
		assert_true(l->u.macsec.has_icv);
		assert_int_equal(l->u.macsec.secure_len, after - 16);
		if (after - 16 < 2) {
			assert_int_equal(ev->proto, DEC_P_MACSEC);
			assert_int_equal(ev->code, DEC_E_BAD_LENGTH);
		} else if (after - 16 < 2 + 20) {
			assert_int_equal(ev->code, DEC_E_TRUNCATED);
			assert_int_equal(ev->proto, DEC_P_IPV4);
		} else {
			/* the inner IPv4 header is whole; its total length runs into what is
			 * taken as the ICV, past the Secure Data: that is the event, and the
			 * UDP header cut at the Secure Data's end the next one */
			assert_int_equal(ev->code, DEC_E_BAD_LENGTH);
			assert_int_equal(ev->proto, DEC_P_IPV4);
			assert_int_equal(ev->off, INTEG_IP_OFF + 2);
			assert_int_equal(d->nerrors, 2);
			assert_int_equal(d->errors[1].code, DEC_E_TRUNCATED);
			assert_int_equal(d->errors[1].proto, DEC_P_UDP);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_macsec_integrity_only_with_sci),
		cmocka_unit_test(test_macsec_icv_not_seen_by_inner_layers),
		cmocka_unit_test(test_macsec_encrypted_without_sci),
		cmocka_unit_test(test_macsec_version_bit_is_an_event),
		cmocka_unit_test(test_macsec_short_length_with_trailer),
		cmocka_unit_test(test_macsec_short_length_past_icv),
		cmocka_unit_test(test_macsec_icv_cut_by_snaplen),
		cmocka_unit_test(test_macsec_truncated_at_every_byte),
	};
	return cmocka_run_group_tests_name("macsec", tests, setup, teardown);
}
