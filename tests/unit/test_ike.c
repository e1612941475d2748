/* test_ike.c - IKEv2 (RFC 7296) and ISAKMP/IKEv1 (RFC 2408) on UDP 500 and behind the
 * non-ESP marker on 4500: header, payload chain, SA/KE/Nonce/Notify/Delete/TS/SK bodies,
 * every truncation, and the malformed lengths that broke other dissectors (a payload past
 * the message, a length below the generic header, tcpdump's 5-byte IKEv2 ID). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include "decode/ike.h"
#include "reports/render.h"

/* Ethernet / IPv4 52.0.0.1 > 198.51.100.10 / UDP sport > dport, for an m-byte UDP payload */
#define FRAME_HDR(m, sport, dport) \
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, \
	/* eth, IPv4 */ \
	0x45, 0x00, ((m) + 28) >> 8, ((m) + 28) & 0xff, 0x00, 0x01, 0x00, 0x00, /* v4 len */ \
	0x40, 0x11, 0x00, 0x00, 0x34, 0x00, 0x00, 0x01, 0xc6, 0x33, 0x64, 0x0a, /* udp */ \
	(sport) >> 8, (sport) & 0xff, (dport) >> 8, (dport) & 0xff,             /* ports */ \
	((m) + 8) >> 8, ((m) + 8) & 0xff, 0x00, 0x00                            /* UDP len */

#define L2L4 42 /* bytes before the UDP payload */

#define SPI_I 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
#define SPI_R 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01
#define SPI_0 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
#define BYTES8(b) b, b, b, b, b, b, b, b
#define BYTES16(b) BYTES8(b), BYTES8(b)

/* IKE_SA_INIT request: SA (1 proposal, 4 transforms), KE (group 19), Nonce 32, N, N */
#define SA_INIT_LEN 192
#define SA_INIT_MSG \
	SPI_I, SPI_0,                                   /* ispi, rspi */ \
	0x21, 0x20, 0x22, 0x08,                         /* np SA, v2.0, IKE_SA_INIT, I */ \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, /* msgid 0, length 192 */ \
	0x22, 0x00, 0x00, 0x30,                         /* SA: np KE, len 48 */ \
	0x00, 0x00, 0x00, 0x2c, 0x01, 0x01, 0x00, 0x04, /* last prop len 44 #1 IKE spi0 4tr */ \
	0x03, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x0c, /* ENCR AES_CBC len 12 */ \
	0x80, 0x0e, 0x01, 0x00,                         /* key length 256 (TV) */ \
	0x03, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x05, /* PRF HMAC_SHA2_256 */ \
	0x03, 0x00, 0x00, 0x08, 0x03, 0x00, 0x00, 0x0c, /* INTEG HMAC_SHA2_256_128 */ \
	0x00, 0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x13, /* last: DH 19 */ \
	0x28, 0x00, 0x00, 0x18, 0x00, 0x13, 0x00, 0x00, /* KE: np Nonce, len 24, group 19 */ \
	BYTES16(0x4b),                                  /* key data (shortened) */ \
	0x29, 0x00, 0x00, 0x24,                         /* Nonce: np N, len 36 */ \
	BYTES16(0x6e), BYTES16(0x6f),                   /* 32 bytes of nonce */ \
	0x29, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x40, 0x04, /* N: np N len 28 NAT_D_SOURCE_IP */ \
	BYTES16(0xa1), 0xa1, 0xa1, 0xa1, 0xa1,          /* SHA-1 hash */ \
	0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x40, 0x05, /* N: last, NAT_D_DESTINATION_IP */ \
	BYTES16(0xa2), 0xa2, 0xa2, 0xa2, 0xa2           /* SHA-1 hash */

static const uint8_t sa_init[] = {
	FRAME_HDR(SA_INIT_LEN, 500, 500),
	SA_INIT_MSG,
};

/* the same message from a NAT-T peer on 4500, behind the non-ESP marker */
static const uint8_t sa_init_natt[] = {
	FRAME_HDR(SA_INIT_LEN + 4, 4500, 4500),
	0x00, 0x00, 0x00, 0x00, /* non-ESP marker */
	SA_INIT_MSG,
};

/* IKE_AUTH request: only SK, whose first inner payload is IDi */
static const uint8_t ike_auth[] = {
	FRAME_HDR(80, 4500, 4500),
	0x00, 0x00, 0x00, 0x00,                         /* non-ESP marker */
	SPI_I, SPI_R,                                   /* ispi, rspi */
	0x2e, 0x20, 0x23, 0x08,                         /* np SK, v2.0, IKE_AUTH, I */
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x4c, /* msgid 1, length 76 */
	0x23, 0x00, 0x00, 0x30,                         /* SK: inner np IDi, len 48 */
	BYTES16(0x1f),                                  /* IV */
	BYTES16(0xc1), 0xc2, 0xc2, 0xc2, 0xc2,          /* ciphertext */
	BYTES8(0x1c),                                   /* ICV */
};

/* INFORMATIONAL with a Delete of two ESP SPIs (in the clear, as after decryption) */
static const uint8_t informational_delete[] = {
	FRAME_HDR(44, 500, 500),
	SPI_I, SPI_R,                                   /* ispi, rspi */
	0x2a, 0x20, 0x25, 0x20,                         /* np D, v2.0, INFORMATIONAL, R */
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x2c, /* msgid 2, length 44 */
	0x00, 0x00, 0x00, 0x10, 0x03, 0x04, 0x00, 0x02, /* D: len 16, ESP, SPI size 4, 2 */
	0x0a, 0x1b, 0x2c, 0x3d, 0xc0, 0xff, 0xee, 0x01, /* the two SPIs */
};

/* CREATE_CHILD_SA with TSi 10.1.0.0-10.1.255.255 any, TSr 10.2.0.5 TCP 443 */
static const uint8_t child_ts[] = {
	FRAME_HDR(76, 500, 500),
	SPI_I, SPI_R,                                   /* ispi, rspi */
	0x2c, 0x20, 0x24, 0x08,                         /* np TSi, v2.0, CREATE_CHILD_SA, I */
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x4c, /* msgid 3, length 76 */
	0x2d, 0x00, 0x00, 0x18, 0x01, 0x00, 0x00, 0x00, /* TSi: np TSr, len 24, 1 TS */
	0x07, 0x00, 0x00, 0x10, 0x00, 0x00, 0xff, 0xff, /* IPv4 range, any proto, 0-65535 */
	0x0a, 0x01, 0x00, 0x00, 0x0a, 0x01, 0xff, 0xff, /* 10.1.0.0 - 10.1.255.255 */
	0x00, 0x00, 0x00, 0x18, 0x01, 0x00, 0x00, 0x00, /* TSr: last, len 24, 1 TS */
	0x07, 0x06, 0x00, 0x10, 0x01, 0xbb, 0x01, 0xbb, /* IPv4 range, TCP, 443-443 */
	0x0a, 0x02, 0x00, 0x05, 0x0a, 0x02, 0x00, 0x05, /* 10.2.0.5 - 10.2.0.5 */
};

/* IKEv1 Main Mode first message: SA and a Vendor ID */
static const uint8_t v1_main_mode[] = {
	FRAME_HDR(60, 500, 500),
	SPI_I, SPI_0,                                   /* initiator, responder cookie */
	0x01, 0x10, 0x02, 0x00,                         /* np SA, v1.0, Identity Prot. */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3c, /* msgid 0, length 60 */
	0x0d, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01, /* SA: np VID, len 12, DOI IPsec */
	0x00, 0x00, 0x00, 0x01,                         /* situation identity only */
	0x00, 0x00, 0x00, 0x14, BYTES16(0x5d),          /* VID: last, len 20 */
};

/* Nonce then a Notify whose length (200) runs past the 72-byte message */
static const uint8_t payload_past_end[] = {
	FRAME_HDR(72, 500, 500),
	SPI_I, SPI_0,                                   /* ispi, rspi */
	0x28, 0x20, 0x22, 0x08,                         /* np Nonce, IKE_SA_INIT, I */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x48, /* msgid 0, length 72 */
	0x29, 0x00, 0x00, 0x14, BYTES16(0x6e),          /* Nonce: np N, len 20 */
	0x00, 0x00, 0x00, 0xc8, 0x00, 0x00, 0x40, 0x06, /* N: len 200, COOKIE */
	BYTES16(0xcc),
};

/* Nonce then a Notify whose length is 2, below the generic header */
static const uint8_t payload_len_2[] = {
	FRAME_HDR(56, 500, 500),
	SPI_I, SPI_0,                                   /* ispi, rspi */
	0x28, 0x20, 0x22, 0x08,                         /* np Nonce, IKE_SA_INIT, I */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x38, /* msgid 0, length 56 */
	0x29, 0x00, 0x00, 0x14, BYTES16(0x6e),          /* Nonce: np N, len 20 */
	0x29, 0x00, 0x00, 0x02, 0x00, 0x00, 0x40, 0x06, /* N: np N, len 2 */
};

/* tcpdump's print-isakmp.c bug: an IDi of payload length 5 where the ID payload has an
 * 8-byte fixed part; a V payload after it must still be read */
static const uint8_t idi_len_5[] = {
	FRAME_HDR(45, 500, 500),
	SPI_I, SPI_R,                                   /* ispi, rspi */
	0x23, 0x20, 0x23, 0x08,                         /* np IDi, v2.0, IKE_AUTH, I */
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2d, /* msgid 1, length 45 */
	0x2b, 0x00, 0x00, 0x05, 0x01,                   /* IDi: np V, len 5, 1 byte */
	0x00, 0x00, 0x00, 0x0c, BYTES8(0x76),           /* V: last, len 12 */
};

/* the same IDi at its normal size: ID_IPV4_ADDR 192.0.2.1 */
static const uint8_t idi_normal[] = {
	FRAME_HDR(40, 500, 500),
	SPI_I, SPI_R,                                   /* ispi, rspi */
	0x23, 0x20, 0x23, 0x08,                         /* np IDi, v2.0, IKE_AUTH, I */
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x28, /* msgid 1, length 40 */
	0x00, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x00, /* IDi: last, len 12, ID_IPV4_ADDR */
	0xc0, 0x00, 0x02, 0x01,                         /* 192.0.2.1 */
};

/* header length field 20, below the 28-byte header */
static const uint8_t msg_len_short[] = {
	FRAME_HDR(28, 500, 500),
	SPI_I, SPI_0,                                   /* ispi, rspi */
	0x21, 0x20, 0x22, 0x08,                         /* np SA, IKE_SA_INIT, I */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, /* msgid 0, length 20 */
};

/* an SA whose proposal length (4) is below the proposal header: the KE after it is read */
static const uint8_t bad_proposal[] = {
	FRAME_HDR(52, 500, 500),
	SPI_I, SPI_0,                                   /* ispi, rspi */
	0x21, 0x20, 0x22, 0x08,                         /* np SA, IKE_SA_INIT, I */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x34, /* msgid 0, length 52 */
	0x22, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x04, /* SA: np KE, len 12; prop len 4 */
	0x01, 0x01, 0x00, 0x00,                         /* #1 IKE */
	0x00, 0x00, 0x00, 0x0c, 0x00, 0x0e, 0x00, 0x00, /* KE: last, len 12, group 14 */
	0x4b, 0x4b, 0x4b, 0x4b,                         /* key data */
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

static const struct dec_ike_layer *
ike_of(const struct dec *d)
{
	const struct dec_layer *l = test_layer(d, DEC_P_IKE, 0);
	assert_non_null(l);
	assert_false(l->truncated);
	return &l->u.ike;
}

static const struct dec_event *
event_of(const struct dec *d, unsigned code)
{
	for (unsigned i = 0; i < d->nerrors; i++)
		if (d->errors[i].code == code)
			return &d->errors[i];
	fail_msg("no event %s", dec_event_name(code));
	return NULL;
}

static void
assert_contains(const char *s, const char *want)
{
	if (!strstr(s, want))
		fail_msg("\"%s\" not in %s", want, s);
}

static void
test_ike_sa_init_fields(void **state)
{
	struct dec *d = test_decode(*state, sa_init, sizeof(sa_init), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_ike_layer *k = ike_of(d);
	assert_int_equal(test_layer(d, DEC_P_IKE, 0)->off, L2L4);
	assert_int_equal(k->version, 0x20);
	assert_int_equal(k->exchange, 34);
	assert_string_equal(dec_ike_exchange_name(k->version, k->exchange), "IKE_SA_INIT");
	assert_int_equal(k->flags, DEC_IKE_F_INITIATOR);
	assert_int_equal(k->length, SA_INIT_LEN);
	assert_false(k->natt);
	assert_int_equal(k->ispi[0], 0x11);
	assert_int_equal(k->ispi[7], 0x88);
	assert_int_equal(k->npayloads, 5);
	const uint8_t types[] = { 33, 34, 40, 41, 41 };
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(k->payloads[i].type, types[i]);

	const struct dec_ike_payload *sa = &k->payloads[0];
	assert_int_equal(sa->len, 48);
	assert_int_equal(sa->u.sa.nprop, 1);
	const struct dec_ike_proposal *pp = &sa->u.sa.prop[0];
	assert_int_equal(pp->num, 1);
	assert_int_equal(pp->proto, 1);
	assert_int_equal(pp->spi_size, 0);
	assert_int_equal(pp->ntr, 4);
	assert_int_equal(pp->tr[0].type, 1);
	assert_int_equal(pp->tr[0].id, 12);
	assert_true(pp->tr[0].has_keylen);
	assert_int_equal(pp->tr[0].keylen, 256);
	assert_int_equal(pp->tr[1].type, 2);
	assert_int_equal(pp->tr[1].id, 5);
	assert_false(pp->tr[1].has_keylen);
	assert_int_equal(pp->tr[2].type, 3);
	assert_int_equal(pp->tr[2].id, 12);
	assert_int_equal(pp->tr[3].type, 4);
	assert_int_equal(pp->tr[3].id, 19);
	assert_string_equal(dec_ike_transform_name(1, 12), "ENCR_AES_CBC");
	assert_string_equal(dec_ike_transform_name(4, 19), "ECP_256");

	assert_int_equal(k->payloads[1].u.ke.group, 19);
	assert_int_equal(k->payloads[1].u.ke.data_len, 16);
	assert_int_equal(k->payloads[2].u.opaque.data_len, 32);
	assert_int_equal(k->payloads[3].u.notify.type, 16388);
	assert_int_equal(k->payloads[3].u.notify.data_len, 20);
	assert_int_equal(k->payloads[4].u.notify.type, 16389);
	assert_string_equal(dec_ike_notify_name(16388), "NAT_DETECTION_SOURCE_IP");
	assert_string_equal(dec_ike_notify_name(16389), "NAT_DETECTION_DESTINATION_IP");
	assert_string_equal(dec_ike_notify_name(14), "NO_PROPOSAL_CHOSEN");
	assert_null(dec_ike_notify_name(16000));
}

static void
test_ike_sa_init_rendered(void **state)
{
	struct dec *d = test_decode(*state, sa_init, sizeof(sa_init), DEC_LINK_EN10MB);
	char *t = test_text(d);
	assert_contains(t, "UDP 500 IKEv2 IKE_SA_INIT ispi=0x1122334455667788 "
			   "rspi=0x0000000000000000 msgid=0 I [SA KE Nonce "
			   "N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP)]");
	g_free(t);
	char *j = test_json(d);
	assert_contains(j, "{\"p\":\"ike\",\"version\":32,\"major\":2,\"minor\":0,"
			   "\"ispi\":\"1122334455667788\",\"rspi\":\"0000000000000000\","
			   "\"natt\":false,\"exchange\":34,\"exchange_name\":\"IKE_SA_INIT\","
			   "\"msgid\":0,\"flags\":8,\"initiator\":true,\"response\":false,"
			   "\"length\":192,\"payloads\":[\"SA\",\"KE\",\"Nonce\",\"N\",\"N\"]");
	assert_contains(j, "{\"type\":\"SA\",\"len\":48,\"proposals\":[{\"num\":1,"
			   "\"proto\":\"IKE\",\"spi\":\"\",\"ntransforms\":4,\"transforms\":["
			   "{\"type\":\"ENCR\",\"id\":12,\"name\":\"ENCR_AES_CBC\",\"keylen\":256},"
			   "{\"type\":\"PRF\",\"id\":5,\"name\":\"PRF_HMAC_SHA2_256\"},");
	assert_contains(j, "{\"type\":\"DH\",\"id\":19,\"name\":\"ECP_256\"}]}]}");
	assert_contains(j, "{\"type\":\"KE\",\"len\":24,\"group\":19,\"group_name\":\"ECP_256\","
			   "\"data_len\":16}");
	assert_contains(j, "{\"type\":\"Nonce\",\"len\":36,\"data_len\":32}");
	assert_contains(j, "{\"type\":\"N\",\"len\":28,\"notify\":16388,"
			   "\"notify_name\":\"NAT_DETECTION_SOURCE_IP\",\"data_len\":20}");
	assert_contains(j, "\"errors\":[]");
	g_free(j);
}

static void
test_ike_behind_natt_marker(void **state)
{
	struct dec *d = test_decode(*state, sa_init_natt, sizeof(sa_init_natt), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_ESP), 0);
	const struct dec_ike_layer *k = ike_of(d);
	/* the layer starts at the IKE header, after the 4-byte marker */
	assert_int_equal(test_layer(d, DEC_P_IKE, 0)->off, L2L4 + 4);
	assert_true(k->natt);
	assert_int_equal(k->exchange, 34);
	assert_int_equal(k->npayloads, 5);
	assert_int_equal(k->payloads[0].off, L2L4 + 4 + 28);
	char *j = test_json(d);
	assert_contains(j, "\"natt\":true");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "UDP 4500 IKEv2 IKE_SA_INIT ispi=0x1122334455667788");
	g_free(t);
}

static void
test_ike_auth_sk_opaque(void **state)
{
	struct dec *d = test_decode(*state, ike_auth, sizeof(ike_auth), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_ike_layer *k = ike_of(d);
	assert_true(k->natt);
	assert_int_equal(k->exchange, 35);
	assert_int_equal(k->msgid, 1);
	assert_int_equal(k->npayloads, 1);
	assert_int_equal(k->payloads[0].type, DEC_IKE2_SK);
	assert_int_equal(k->payloads[0].next, DEC_IKE2_IDI);
	assert_int_equal(k->payloads[0].u.sk.data_len, 44);
	char *t = test_text(d);
	assert_contains(t, "IKEv2 IKE_AUTH ispi=0x1122334455667788 rspi=0x99aabbccddeeff01 msgid=1 I "
			   "[SK(IDi)]");
	g_free(t);
	char *j = test_json(d);
	assert_contains(j, "\"payloads\":[\"SK\"],\"payload_details\":[{\"type\":\"SK\","
			   "\"len\":48,\"data_len\":44,\"inner_next\":\"IDi\"}]");
	g_free(j);
}

static void
test_ike_delete_two_spis(void **state)
{
	struct dec *d = test_decode(*state, informational_delete, sizeof(informational_delete),
		DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_ike_layer *k = ike_of(d);
	assert_int_equal(k->exchange, 37);
	assert_int_equal(k->flags, DEC_IKE_F_RESPONSE);
	assert_int_equal(k->npayloads, 1);
	const struct dec_ike_payload *p = &k->payloads[0];
	assert_int_equal(p->u.del.proto, 3);
	assert_int_equal(p->u.del.spi_size, 4);
	assert_int_equal(p->u.del.nspi, 2);
	assert_int_equal(p->u.del.nspi_seen, 2);
	assert_int_equal(p->u.del.spis[4], 0xc0);
	char *j = test_json(d);
	assert_contains(j, "{\"type\":\"D\",\"len\":16,\"proto\":\"ESP\",\"count\":2,"
			   "\"spis\":[\"0a1b2c3d\",\"c0ffee01\"]}");
	assert_contains(j, "\"initiator\":false,\"response\":true");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "IKEv2 INFORMATIONAL ispi=0x1122334455667788 rspi=0x99aabbccddeeff01 "
			   "msgid=2 R [D]");
	g_free(t);
}

static void
test_ike_traffic_selectors_ipv4(void **state)
{
	struct dec *d = test_decode(*state, child_ts, sizeof(child_ts), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_ike_layer *k = ike_of(d);
	assert_int_equal(k->npayloads, 2);
	const struct dec_ike_payload *tsi = &k->payloads[0], *tsr = &k->payloads[1];
	assert_int_equal(tsi->type, DEC_IKE2_TSI);
	assert_int_equal(tsi->u.ts.nts, 1);
	assert_int_equal(tsi->u.ts.ts[0].type, 7);
	assert_int_equal(tsi->u.ts.ts[0].end_port, 65535);
	assert_memory_equal(tsi->u.ts.ts[0].end, ((const uint8_t[]){ 10, 1, 255, 255 }), 4);
	assert_int_equal(tsr->u.ts.ts[0].ip_proto, 6);
	assert_int_equal(tsr->u.ts.ts[0].start_port, 443);
	char *j = test_json(d);
	assert_contains(j, "{\"type\":\"TSi\",\"len\":24,\"count\":1,\"selectors\":[{"
			   "\"ts_type\":7,\"ip_proto\":0,\"ports\":\"0-65535\","
			   "\"range\":\"10.1.0.0-10.1.255.255\"}]}");
	assert_contains(j, "{\"type\":\"TSr\",\"len\":24,\"count\":1,\"selectors\":[{"
			   "\"ts_type\":7,\"ip_proto\":6,\"ports\":\"443-443\","
			   "\"range\":\"10.2.0.5-10.2.0.5\"}]}");
	g_free(j);
}

static void
test_ike_v1_main_mode(void **state)
{
	struct dec *d = test_decode(*state, v1_main_mode, sizeof(v1_main_mode), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_ike_layer *k = ike_of(d);
	assert_int_equal(k->version, 0x10);
	assert_int_equal(k->exchange, 2);
	assert_int_equal(k->npayloads, 2);
	assert_int_equal(k->payloads[0].type, 1);
	assert_int_equal(k->payloads[0].len, 12);
	assert_int_equal(k->payloads[1].type, 13);
	assert_int_equal(k->payloads[1].len, 20);
	assert_string_equal(dec_ike_payload_name(0x10, 20), "NAT-D");
	assert_string_equal(dec_ike_exchange_name(0x10, 32), "Quick-Mode");
	char *t = test_text(d);
	assert_contains(t, "ISAKMP Identity-Protection ispi=0x1122334455667788 "
			   "rspi=0x0000000000000000 msgid=0 [SA VID]");
	g_free(t);
	char *j = test_json(d);
	assert_contains(j, "\"version\":16,\"major\":1,\"minor\":0");
	assert_contains(j, "\"exchange\":2,\"exchange_name\":\"Identity-Protection\"");
	assert_contains(j, "\"payloads\":[\"SA\",\"VID\"],\"payload_details\":["
			   "{\"type\":\"SA\",\"len\":12},{\"type\":\"VID\",\"len\":20}]");
	assert_null(strstr(j, "\"initiator\""));
	g_free(j);
}

static void
test_ike_payload_len_past_message(void **state)
{
	struct dec *d = test_decode(*state, payload_past_end, sizeof(payload_past_end),
		DEC_LINK_EN10MB);
	const struct dec_event *ev = event_of(d, DEC_E_PAYLOAD_LEN);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(ev->proto, DEC_P_IKE);
	assert_int_equal(ev->off, L2L4 + 28 + 20);
	const struct dec_ike_layer *k = ike_of(d);
	assert_int_equal(k->npayloads, 1); /* the Nonce before it is kept */
	assert_int_equal(k->payloads[0].type, DEC_IKE2_NONCE);
	char *j = test_json(d);
	assert_contains(j, "\"payloads\":[\"Nonce\"]");
	assert_contains(j, "payload_len_past_end");
	g_free(j);
}

static void
test_ike_payload_len_below_header(void **state)
{
	struct dec *d = test_decode(*state, payload_len_2, sizeof(payload_len_2), DEC_LINK_EN10MB);
	const struct dec_event *ev = event_of(d, DEC_E_BAD_HEADER_LEN);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(ev->off, L2L4 + 28 + 20 + 2);
	assert_int_equal(ike_of(d)->npayloads, 1);
}

static void
test_ike_id_len_5_regression(void **state)
{
	struct dec *d = test_decode(*state, idi_len_5, sizeof(idi_len_5), DEC_LINK_EN10MB);
	const struct dec_event *ev = event_of(d, DEC_E_BAD_HEADER_LEN);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(ev->off, L2L4 + 28 + 2);
	const struct dec_ike_layer *k = ike_of(d);
	/* the ID is kept with nothing read from it, and the V after it is still read */
	assert_int_equal(k->npayloads, 2);
	assert_int_equal(k->payloads[0].len, 5);
	assert_int_equal(k->payloads[0].u.opaque.data_len, 0);
	assert_int_equal(k->payloads[1].type, DEC_IKE2_V);
	assert_int_equal(k->payloads[1].u.opaque.data_len, 8);
	char *t = test_text(d);
	assert_contains(t, "[IDi V]");
	g_free(t);

	d = test_decode(*state, idi_normal, sizeof(idi_normal), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	k = ike_of(d);
	assert_int_equal(k->npayloads, 1);
	assert_int_equal(k->payloads[0].u.opaque.kind, 1);
	assert_int_equal(k->payloads[0].u.opaque.data_len, 4);
}

static void
test_ike_message_len_below_header(void **state)
{
	struct dec *d = test_decode(*state, msg_len_short, sizeof(msg_len_short), DEC_LINK_EN10MB);
	const struct dec_event *ev = event_of(d, DEC_E_BAD_LENGTH);
	assert_int_equal(ev->off, L2L4 + 24);
	assert_int_equal(ike_of(d)->npayloads, 0);
}

/* RFC 7296 §3.1: the length counts the whole message; one past the UDP payload is an
 * event, and the payloads there are still walked */
static void
test_ike_message_len_past_datagram(void **state)
{
	uint8_t f[sizeof(informational_delete)];
	memcpy(f, informational_delete, sizeof(f));
	f[L2L4 + 27] = 60; /* 44 bytes in the datagram */
	struct dec *d = test_decode(*state, f, sizeof(f), DEC_LINK_EN10MB);
	const struct dec_event *ev = event_of(d, DEC_E_BAD_LENGTH);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(ev->proto, DEC_P_IKE);
	assert_int_equal(ev->off, L2L4 + 24);
	assert_int_equal(ike_of(d)->npayloads, 1);
	/* in the first IP fragment (MF set) the rest of the message is in later fragments */
	f[14 + 6] = 0x20;
	d = test_decode(*state, f, sizeof(f), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(ike_of(d)->npayloads, 1);
}

static void
test_ike_bad_proposal_keeps_chain(void **state)
{
	struct dec *d = test_decode(*state, bad_proposal, sizeof(bad_proposal), DEC_LINK_EN10MB);
	const struct dec_event *ev = event_of(d, DEC_E_OPTION_LEN);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(ev->off, L2L4 + 28 + 4);
	const struct dec_ike_layer *k = ike_of(d);
	assert_int_equal(k->npayloads, 2);
	assert_int_equal(k->payloads[0].u.sa.nprop, 0);
	assert_int_equal(k->payloads[1].u.ke.group, 14);
}

/* 70 payloads of 4 bytes: 64 recorded, then an event */
static void
test_ike_too_many_payloads(void **state)
{
	enum { N = 70, M = 28 + 4 * N };
	uint8_t f[L2L4 + M] = { FRAME_HDR(M, 500, 500), SPI_I, SPI_0,
		0x2b, 0x20, 0x22, 0x08, 0, 0, 0, 0, 0, 0, M >> 8, M & 0xff };
	for (unsigned i = 0; i < N; i++) {
		uint8_t *p = f + L2L4 + 28 + 4 * i;
		p[0] = i + 1 < N ? 0x2b : 0; /* V, V, ... */
		p[3] = 4;
	}
	struct dec *d = test_decode(*state, f, sizeof(f), DEC_LINK_EN10MB);
	event_of(d, DEC_E_IKE_TOO_MANY);
	assert_int_equal(ike_of(d)->npayloads, DEC_IKE_MAX_ITEMS);
	assert_string_equal(dec_event_name(DEC_E_IKE_TOO_MANY), "ike.too_many_items");
}

static void
test_ike_every_truncation(void **state)
{
	(void)state;
	/* cut as a frame, every prefix has an event: the IPv4 total length past the frame, or a
	 * header cut; as a snaplen cut, only truncation events (testlib.h). On 4500 an empty
	 * UDP payload captured is nothing yet, so that snaplen cut has no event. */
	test_every_cut(sa_init, sizeof(sa_init), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(child_ts, sizeof(child_ts), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(v1_main_mode, sizeof(v1_main_mode), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(sa_init_natt, sizeof(sa_init_natt), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(ike_auth, sizeof(ike_auth), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(informational_delete, sizeof(informational_delete), DEC_LINK_EN10MB, NULL,
		0);
	test_every_cut(payload_past_end, sizeof(payload_past_end), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(idi_len_5, sizeof(idi_len_5), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(bad_proposal, sizeof(bad_proposal), DEC_LINK_EN10MB, NULL, 0);
}

static void
test_ike_truncation_points(void **state)
{
	struct dec *d = *state;
	/* Snaplen cuts; cut as frames, each has the IPv4 total length's event in front. */
	/* inside the header: the layer is marked, nothing is data */
	test_cut_adds_length_event(d, sa_init, L2L4 + 10, sizeof(sa_init), DEC_LINK_EN10MB,
		DEC_P_IPV4, 14 + 2);
	const struct dec_layer *l = test_layer(d, DEC_P_IKE, 0);
	assert_non_null(l);
	assert_true(l->truncated);
	assert_int_equal(d->errors[0].code, DEC_E_TRUNCATED);
	assert_int_equal(d->errors[0].proto, DEC_P_IKE);

	/* inside the SA: header kept, no payload yet, event at the SA */
	test_cut_adds_length_event(d, sa_init, L2L4 + 28 + 20, sizeof(sa_init), DEC_LINK_EN10MB,
		DEC_P_IPV4, 14 + 2);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_TRUNCATED);
	assert_int_equal(d->errors[0].off, L2L4 + 28);
	assert_int_equal(ike_of(d)->npayloads, 0);

	/* right after the SA: the SA is whole, the KE header is missing */
	test_cut_adds_length_event(d, sa_init, L2L4 + 28 + 48, sizeof(sa_init), DEC_LINK_EN10MB,
		DEC_P_IPV4, 14 + 2);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_TRUNCATED);
	assert_int_equal(d->errors[0].off, L2L4 + 28 + 48);
	assert_int_equal(ike_of(d)->npayloads, 1);
	assert_int_equal(ike_of(d)->payloads[0].u.sa.prop[0].ntr, 4);

	/* inside the marker on 4500: too short for anything but a cut ESP header */
	test_cut_adds_length_event(d, sa_init_natt, L2L4 + 3, sizeof(sa_init_natt),
		DEC_LINK_EN10MB, DEC_P_IPV4, 14 + 2);
	assert_int_equal(d->errors[0].code, DEC_E_TRUNCATED);
	assert_int_equal(test_count(d, DEC_P_IKE), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ike_sa_init_fields),
		cmocka_unit_test(test_ike_sa_init_rendered),
		cmocka_unit_test(test_ike_behind_natt_marker),
		cmocka_unit_test(test_ike_auth_sk_opaque),
		cmocka_unit_test(test_ike_delete_two_spis),
		cmocka_unit_test(test_ike_traffic_selectors_ipv4),
		cmocka_unit_test(test_ike_v1_main_mode),
		cmocka_unit_test(test_ike_payload_len_past_message),
		cmocka_unit_test(test_ike_payload_len_below_header),
		cmocka_unit_test(test_ike_id_len_5_regression),
		cmocka_unit_test(test_ike_message_len_below_header),
		cmocka_unit_test(test_ike_message_len_past_datagram),
		cmocka_unit_test(test_ike_bad_proposal_keeps_chain),
		cmocka_unit_test(test_ike_too_many_payloads),
		cmocka_unit_test(test_ike_every_truncation),
		cmocka_unit_test(test_ike_truncation_points),
	};
	return cmocka_run_group_tests_name("ike", tests, setup, teardown);
}
