/* test_protos.c - the protocols of issue 18: BFD (RFC 5880), LACP and Marker (IEEE
 * 802.1AX), TCP-MD5 (RFC 2385) and TCP-AO (RFC 5925) options with verification, ESP
 * decryption (RFC 4303 with RFC 4106 AES-GCM and RFC 3602 AES-CBC + RFC 2404/4868 HMACs)
 * and the key files that drive them.
 *
 * The ESP and TCP-MD5 vectors below were made outside awstrace, with Python's hashlib,
 * hmac and `cryptography` packages framing the packets as RFC 4106 §3-5 (nonce = salt |
 * IV, AAD = SPI | sequence number), RFC 4303 §2.4 (padding 1, 2, 3, ...) and RFC 2385
 * §2.0 say: the decoder must agree with that independent framing byte for byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include "decode/flow.h"
#include "decode/keys.h"
#include "reports/render.h"

/* ---- frame builders: Ethernet / IPv4 / UDP or TCP, lengths filled in ---- */

static const uint8_t out_src[4] = { 203, 0, 113, 10 }, out_dst[4] = { 52, 95, 100, 10 };

static size_t
put_eth(uint8_t *b, uint16_t type)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	memcpy(b, macs, 12);
	b[12] = (uint8_t)(type >> 8);
	b[13] = (uint8_t)type;
	return 14;
}

static size_t
put_ipv4(uint8_t *b, const uint8_t src[4], const uint8_t dst[4], uint8_t proto, size_t payload)
{
	size_t tot = 20 + payload;
	const uint8_t h[20] = { 0x45, 0, (uint8_t)(tot >> 8), (uint8_t)tot, 0, 1, 0x40, 0, 64, proto,
		0, 0 };
	memcpy(b, h, 20);
	memcpy(b + 12, src, 4);
	memcpy(b + 16, dst, 4);
	return 20;
}

/* Ethernet / IPv4 203.0.113.10 > 52.95.100.10 / UDP sport > dport / payload: the length */
static size_t
frame_udp(uint8_t *b, uint16_t sport, uint16_t dport, const uint8_t *pl, size_t n)
{
	size_t at = put_eth(b, 0x0800);
	at += put_ipv4(b + at, out_src, out_dst, 17, 8 + n);
	const uint8_t u[8] = { (uint8_t)(sport >> 8), (uint8_t)sport, (uint8_t)(dport >> 8),
		(uint8_t)dport, (uint8_t)((8 + n) >> 8), (uint8_t)(8 + n), 0, 0 };
	memcpy(b + at, u, 8);
	memcpy(b + at + 8, pl, n);
	return at + 8 + n;
}

/* ---- BFD ---- */

/* BFD control: v1 diag 0, Up, C flag, mult 3, my 0x7429abf9, your 0xd43a40c1,
 * 300000 / 300000 / 50000 us */
static const uint8_t bfd_up[] = {
	0x20, 0xc8, 0x03, 0x18,  /* version 1, diag 0; Up, C; mult 3; length 24 */
	0x74, 0x29, 0xab, 0xf9,  /* My Discriminator */
	0xd4, 0x3a, 0x40, 0xc1,  /* Your Discriminator */
	0x00, 0x04, 0x93, 0xe0,  /* Desired Min TX 300000 */
	0x00, 0x04, 0x93, 0xe0,  /* Required Min RX 300000 */
	0x00, 0x00, 0xc3, 0x50,  /* Required Min Echo RX 50000 */
};

/* BFD Down, diag 1 (Control Detection Time Expired), A flag, Keyed MD5 key 2 seq 5 */
static const uint8_t bfd_md5[] = {
	0x21, 0x44, 0x05, 0x30,  /* version 1, diag 1; Down, A; mult 5; length 48 */
	0x00, 0x00, 0x00, 0x01,  /* My Discriminator */
	0x00, 0x00, 0x00, 0x00,  /* Your Discriminator */
	0x00, 0x0f, 0x42, 0x40,  /* Desired Min TX 1000000 */
	0x00, 0x0f, 0x42, 0x40,  /* Required Min RX 1000000 */
	0x00, 0x00, 0x00, 0x00,  /* Required Min Echo RX 0 */
	0x02, 0x18, 0x02, 0x00,  /* auth type 2 (Keyed MD5), len 24, key id 2, reserved */
	0x00, 0x00, 0x00, 0x05,  /* sequence 5 */
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, /* digest */
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

static void
test_bfd_control_fields(void **state)
{
	(void)state;
	uint8_t f[128];
	size_t n = frame_udp(f, 49152, 3784, bfd_up, sizeof(bfd_up));
	struct dec *d = dec_new();
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *l = test_layer(d, DEC_P_BFD, 0);
	assert_non_null(l);
	const struct dec_bfd_layer *b = &l->u.bfd;
	assert_int_equal(b->version, 1);
	assert_int_equal(b->state, BFD_UP);
	assert_int_equal(b->flags, BFD_F_C);
	assert_int_equal(b->detect_mult, 3);
	assert_int_equal(b->my_disc, 0x7429abf9u);
	assert_int_equal(b->your_disc, 0xd43a40c1u);
	assert_int_equal(b->desired_min_tx_us, 300000);
	assert_int_equal(b->required_min_echo_rx_us, 50000);
	assert_int_equal(b->hop, BFD_HOP_SINGLE);
	char *t = test_text(d);
	assert_non_null(strstr(t, "BFD Up diag=0 (No Diagnostic) flags=C mult=3 my=0x7429abf9 "
				  "your=0xd43a40c1 tx=300000us rx=300000us echo=50000us"));
	g_free(t);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"state_name\":\"Up\""));
	assert_non_null(strstr(j, "\"flags\":\"C\""));
	g_free(j);
	dec_free(d);
}

static void
test_bfd_md5_auth_and_diag(void **state)
{
	(void)state;
	uint8_t f[128];
	size_t n = frame_udp(f, 49999, 4784, bfd_md5, sizeof(bfd_md5));
	struct dec *d = dec_new();
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_bfd_layer *b = &test_layer(d, DEC_P_BFD, 0)->u.bfd;
	assert_int_equal(b->hop, BFD_HOP_MULTI);
	assert_int_equal(b->diag, BFD_DIAG_DETECT_EXPIRED);
	assert_string_equal(dec_bfd_diag_name(b->diag), "Control Detection Time Expired");
	assert_true(b->has_auth);
	assert_int_equal(b->auth_type, 2);
	assert_int_equal(b->auth_key_id, 2);
	assert_int_equal(b->auth_seq, 5);
	assert_int_equal(b->auth_digest_len, 16);
	assert_int_equal(b->auth_digest[15], 0x1f);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"auth\":{\"type\":2,\"type_name\":\"Keyed MD5\",\"len\":24,"
				  "\"key_id\":2,\"seq\":5,\"digest\":\"101112131415161718191a1b1c1d1e1f\"}"));
	g_free(j);
	dec_free(d);
}

static void
test_bfd_rfc5880_discard_checks(void **state)
{
	(void)state;
	uint8_t pkt[sizeof(bfd_up)], f[128];
	struct dec *d = dec_new();
	/* version 0 */
	memcpy(pkt, bfd_up, sizeof(pkt));
	pkt[0] = 0x00;
	test_decode(d, f, frame_udp(f, 49152, 3784, pkt, sizeof(pkt)), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_BAD_VERSION));
	/* Detect Mult 0, M bit */
	memcpy(pkt, bfd_up, sizeof(pkt));
	pkt[2] = 0;
	pkt[1] |= BFD_F_M;
	test_decode(d, f, frame_udp(f, 49152, 3784, pkt, sizeof(pkt)), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 2);
	assert_int_equal(d->errors[0].code, DEC_E_BFD_INVALID);
	assert_int_equal(d->errors[1].code, DEC_E_BFD_INVALID);
	assert_non_null(test_layer(d, DEC_P_BFD, 0)); /* the layer stays */
	/* Your Discriminator 0 while Up */
	memcpy(pkt, bfd_up, sizeof(pkt));
	memset(pkt + 8, 0, 4);
	test_decode(d, f, frame_udp(f, 49152, 3784, pkt, sizeof(pkt)), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_BFD_INVALID));
	/* length past the datagram */
	memcpy(pkt, bfd_up, sizeof(pkt));
	pkt[3] = 40;
	test_decode(d, f, frame_udp(f, 49152, 3784, pkt, sizeof(pkt)), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_BAD_LENGTH));
	/* A bit with an auth length past the packet */
	uint8_t md5[sizeof(bfd_md5)];
	memcpy(md5, bfd_md5, sizeof(md5));
	md5[25] = 60;
	test_decode(d, f, frame_udp(f, 49152, 3784, md5, sizeof(md5)), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_OPTION_LEN));
	/* echo: opaque */
	test_decode(d, f, frame_udp(f, 49152, 3785, bfd_up, 10), DEC_LINK_EN10MB);
	assert_true(test_layer(d, DEC_P_BFD, 0)->u.bfd.echo);
	assert_int_equal(test_layer(d, DEC_P_BFD, 0)->u.bfd.echo_len, 10);
	dec_free(d);
}

static void
test_bfd_every_truncation(void **state)
{
	(void)state;
	uint8_t f[128];
	size_t n = frame_udp(f, 49152, 3784, bfd_md5, sizeof(bfd_md5));
	assert_true(test_every_truncation(f, n, DEC_LINK_EN10MB) > 0);
}

/* A BFD session's two directions (each from its own source port to 3784) are one flow */
static unsigned nflows_seen;
static void
count_flow(const struct flow *f, void *user)
{
	(void)user;
	assert_int_equal(f->pkts[0], 1);
	assert_int_equal(f->pkts[1], 1);
	assert_true(f->apps & (1u << FLOW_APP_BFD));
	nflows_seen++;
}

static void
test_bfd_session_is_one_flow(void **state)
{
	(void)state;
	uint8_t f[128];
	struct dec *d = dec_new();
	struct flow_table *t = flow_table_new(&(struct flow_limits){ 0 }, count_flow, NULL);
	size_t n = frame_udp(f, 49152, 3784, bfd_up, sizeof(bfd_up));
	test_decode(d, f, n, DEC_LINK_EN10MB);
	flow_table_add(t, d, 1, 0, 6, (uint32_t)n);
	/* the reply: addresses swapped, its own source port */
	n = frame_udp(f, 50001, 3784, bfd_up, sizeof(bfd_up));
	uint8_t tmp[4];
	memcpy(tmp, f + 26, 4);
	memcpy(f + 26, f + 30, 4);
	memcpy(f + 30, tmp, 4);
	test_decode(d, f, n, DEC_LINK_EN10MB);
	flow_table_add(t, d, 1, 500000, 6, (uint32_t)n);
	nflows_seen = 0;
	flow_table_flush(t);
	assert_int_equal(nflows_seen, 1);
	flow_table_free(t);
	dec_free(d);
}

/* ---- LACP ---- */

#define LACP_FRAME_HDR \
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x02, 0x00, 0x13, 0xc4, 0x12, 0x0f, 0x0d, 0x88, 0x09

static const uint8_t lacpdu[] = {
	LACP_FRAME_HDR,                                 /* Ethernet to 01:80:c2:00:00:02, 0x8809 */
	0x01, 0x01,                                     /* subtype LACP, version 1 */
	0x01, 0x14, 0x80, 0x00,                         /* Actor, 20; system priority 32768 */
	0x00, 0x13, 0xc4, 0x12, 0x0f, 0x00,             /* actor system */
	0x00, 0x0d, 0x80, 0x00, 0x00, 0x16,             /* key 13, port priority 32768, port 22 */
	0x85, 0x00, 0x00, 0x00,                         /* state: Activity Aggregation Expired */
	0x02, 0x14, 0x80, 0x00,                         /* Partner, 20 */
	0x00, 0x0e, 0x83, 0x16, 0xf5, 0x00,             /* partner system */
	0x00, 0x0d, 0x80, 0x00, 0x00, 0x19,             /* key 13, port 25 */
	0x36, 0x00, 0x00, 0x00,                         /* Timeout Aggregation Coll. Distr. */
	0x03, 0x10, 0x00, 0x05,                         /* Collector, 16, max delay 5 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x00, 0x00,                                     /* Terminator */
};

static const uint8_t marker[] = {
	LACP_FRAME_HDR,
	0x02, 0x01,                                     /* subtype Marker, version 1 */
	0x01, 0x10, 0x00, 0x16,                         /* Marker Information, 16; port 22 */
	0x00, 0x13, 0xc4, 0x12, 0x0f, 0x00,             /* requester system */
	0x00, 0x00, 0x00, 0x2a, 0x00, 0x00,             /* transaction 42, pad */
	0x00, 0x00,                                     /* Terminator */
};

static void
test_lacp_actor_partner_state(void **state)
{
	(void)state;
	struct dec *d = dec_new();
	test_decode(d, lacpdu, sizeof(lacpdu), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_lacp_layer *s = &test_layer(d, DEC_P_LACP, 0)->u.lacp;
	assert_int_equal(s->subtype, LACP_SUBTYPE_LACP);
	assert_true(s->actor.present && s->partner.present);
	assert_int_equal(s->actor.sys_prio, 32768);
	assert_int_equal(s->actor.sys[5], 0x00);
	assert_int_equal(s->actor.sys[3], 0x12);
	assert_int_equal(s->actor.key, 13);
	assert_int_equal(s->actor.port, 22);
	assert_int_equal(s->actor.state, LACP_ST_ACTIVITY | LACP_ST_AGGREGATION | LACP_ST_EXPIRED);
	assert_int_equal(s->partner.port, 25);
	assert_int_equal(s->collector_max_delay, 5);
	char *t = test_text(d);
	assert_non_null(strstr(t, "LACP actor=32768,00:13:c4:12:0f:00 key=13 port=32768,22 "
				  "state=Activity,Aggregation,Expired partner=32768,00:0e:83:16:f5:00 "
				  "key=13 port=32768,25 "
				  "state=Timeout,Aggregation,Collecting,Distributing"));
	g_free(t);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"state_names\":[\"Activity\",\"Aggregation\",\"Expired\"]"));
	g_free(j);
	dec_free(d);
}

static void
test_lacp_marker_and_bad_tlv(void **state)
{
	(void)state;
	struct dec *d = dec_new();
	test_decode(d, marker, sizeof(marker), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_lacp_layer *s = &test_layer(d, DEC_P_LACP, 0)->u.lacp;
	assert_int_equal(s->marker_type, 1);
	assert_int_equal(s->marker_port, 22);
	assert_int_equal(s->marker_xid, 42);
	uint8_t bad[sizeof(lacpdu)];
	memcpy(bad, lacpdu, sizeof(bad));
	bad[17] = 1; /* actor TLV length 1: would not advance */
	test_decode(d, bad, sizeof(bad), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_OPTION_LEN));
	bad[17] = 200; /* past the PDU */
	test_decode(d, bad, sizeof(bad), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_OPTION_LEN));
	bad[17] = 18; /* a well-formed TLV of the wrong length for an Actor */
	test_decode(d, bad, sizeof(bad), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_OPTION_LEN));
	assert_false(test_layer(d, DEC_P_LACP, 0)->u.lacp.actor.present);
	dec_free(d);
	assert_true(test_every_truncation(lacpdu, sizeof(lacpdu), DEC_LINK_EN10MB) > 0);
}

/* ---- TCP-MD5 and TCP-AO ---- */

static const uint8_t bgp_src[4] = { 169, 254, 255, 1 }, bgp_dst[4] = { 169, 254, 255, 2 };
/* a BGP KEEPALIVE, the segment's data */
static const uint8_t keepalive[19] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x04 };
/* RFC 2385 digest of that segment with key "dx-bgp-key", computed with Python's hashlib */
static const uint8_t md5_vector[16] = { 0x15, 0xc1, 0x33, 0x12, 0x5c, 0x90, 0x3d, 0x25, 0xea,
	0x15, 0xeb, 0xb9, 0x7f, 0xb0, 0xf7, 0x30 };

/* Ethernet / IPv4 169.254.255.1 > .2 / TCP 179 > 40001 seq 0x11223344 ack 0x55667788 PA win
 * 500 with options opt (nopt bytes, a multiple of 4) / KEEPALIVE */
static size_t
frame_bgp(uint8_t *b, const uint8_t *opt, size_t nopt)
{
	size_t hlen = 20 + nopt;
	size_t at = put_eth(b, 0x0800);
	at += put_ipv4(b + at, bgp_src, bgp_dst, 6, hlen + sizeof(keepalive));
	const uint8_t t[20] = { 0x00, 0xb3, 0x9c, 0x41, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, (uint8_t)((hlen / 4) << 4), 0x18, 0x01, 0xf4, 0xbe, 0xef, 0, 0 };
	memcpy(b + at, t, 20);
	memcpy(b + at + 20, opt, nopt);
	memcpy(b + at + hlen, keepalive, sizeof(keepalive));
	return at + hlen + sizeof(keepalive);
}

static void
test_tcp_md5_digest_matches_vector(void **state)
{
	(void)state;
	uint8_t f[256], opt[20] = { 1, 1, 19, 18 };
	memcpy(opt + 4, md5_vector, 16);
	size_t n = frame_bgp(f, opt, sizeof(opt));
	uint8_t got[16];
	/* the checksum in the frame (0xbeef) must be zeroed by the digest, not by the caller */
	assert_true(dec_tcp_md5_digest(4, bgp_src, bgp_dst, f + 34, f + n - 19, 19, 40 + 19,
		(const uint8_t *)"dx-bgp-key", 10, got));
	assert_memory_equal(got, md5_vector, 16);
}

static void
test_tcp_md5_verify(void **state)
{
	(void)state;
	uint8_t f[256], opt[20] = { 1, 1, 19, 18 };
	memcpy(opt + 4, md5_vector, 16);
	size_t n = frame_bgp(f, opt, sizeof(opt));
	struct dec *d = dec_new();
	GError *err = NULL;

	/* no keys: the option is shown, nothing is checked */
	test_decode(d, f, n, DEC_LINK_EN10MB);
	const struct dec_tcp_layer *t = &test_layer(d, DEC_P_TCP, 0)->u.tcp;
	assert_true(t->has_md5);
	assert_memory_equal(t->md5, md5_vector, 16);
	assert_int_equal(t->md5_check, DEC_MD5_NOT_CHECKED);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"md5\":\"15c133125c903d25ea15ebb97fb0f730\""));
	g_free(j);

	/* the right key, given for the far peer */
	d->keys = dec_keys_new();
	assert_true(dec_keys_add_tcp_md5(d->keys, "169.254.255.2=dx-bgp-key", &err));
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_TCP, 0)->u.tcp.md5_check, DEC_MD5_OK);
	char *txt = test_text(d);
	assert_non_null(strstr(txt, " md5=ok"));
	g_free(txt);
	dec_keys_free(d->keys);

	/* a wrong key: the event names the peers, never the key */
	d->keys = dec_keys_new();
	assert_true(dec_keys_add_tcp_md5(d->keys, "169.254.255.1=dx-bgp-kez", &err));
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(test_layer(d, DEC_P_TCP, 0)->u.tcp.md5_check, DEC_MD5_MISMATCH);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_TCP_MD5_MISMATCH);
	assert_string_equal(d->errors[0].what,
		"MD5 signature mismatch on 169.254.255.1 \u2192 169.254.255.2");
	txt = test_text(d);
	assert_null(strstr(txt, "dx-bgp-kez"));
	g_free(txt);

	/* one changed data byte fails too */
	f[n - 1] = 0x03;
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_TCP_MD5_MISMATCH));

	/* unsigned segment of a keyed peer */
	uint8_t nops[4] = { 1, 1, 1, 1 };
	n = frame_bgp(f, nops, sizeof(nops));
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(test_layer(d, DEC_P_TCP, 0)->u.tcp.md5_check, DEC_MD5_MISSING);
	assert_true(test_has_event(d, DEC_E_TCP_MD5_MISSING));
	dec_keys_free(d->keys);
	d->keys = NULL;
	dec_free(d);

	/* bad specs */
	struct dec_keys *k = dec_keys_new();
	assert_false(dec_keys_add_tcp_md5(k, "169.254.255.1", &err));
	g_clear_error(&err);
	assert_false(dec_keys_add_tcp_md5(k, "router=secret", &err));
	assert_null(strstr(err->message, "secret"));
	g_clear_error(&err);
	assert_int_equal(dec_keys_n_tcp_md5(k), 0);
	dec_keys_free(k);
}

static void
test_tcp_ao_option(void **state)
{
	(void)state;
	/* RFC 5925 §2.2: kind 29, length 16, KeyID 3, RNextKeyID 4, 12-byte MAC */
	uint8_t f[256], opt[20] = { 1, 1, 1, 1, 29, 16, 3, 4, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
		0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab };
	size_t n = frame_bgp(f, opt, sizeof(opt));
	struct dec *d = dec_new();
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_tcp_layer *t = &test_layer(d, DEC_P_TCP, 0)->u.tcp;
	assert_true(t->has_ao);
	assert_int_equal(t->ao_keyid, 3);
	assert_int_equal(t->ao_rnextkeyid, 4);
	assert_int_equal(t->ao_maclen, 12);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"ao\":{\"keyid\":3,\"rnextkeyid\":4,\"mac\":\"a0a1a2a3a4a5a6a7a8a9aaab\"}"));
	g_free(j);
	/* a too-short AO and a wrong-length MD5 option are events */
	opt[5] = 3;
	opt[4] = 1;
	opt[5] = 1;
	uint8_t bad[8] = { 29, 3, 0, 1, 19, 4, 0, 0 };
	n = frame_bgp(f, bad, sizeof(bad));
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 2);
	assert_int_equal(d->errors[0].code, DEC_E_OPTION_LEN);
	assert_int_equal(d->errors[1].code, DEC_E_OPTION_LEN);
	dec_free(d);
}

/* ---- ESP decryption ---- */

/* AES-GCM-16-128: key 40 41 ... , salt cafebabe, IV 0102030405060708 */
static const uint8_t esp_gcm128[] = {
	0x0a, 0x1b, 0x2c, 0x3d, 0x00, 0x00, 0x00, 0x07, 0x01, 0x02, 0x03, 0x04,
	0x05, 0x06, 0x07, 0x08, 0x85, 0x9b, 0x58, 0xae, 0x02, 0x5e, 0x71, 0x01,
	0x06, 0x84, 0x1f, 0xb1, 0x2a, 0xce, 0x8f, 0x39, 0x2e, 0xbe, 0xe8, 0x39,
	0x58, 0xb3, 0xc1, 0x04, 0xbd, 0xca, 0xed, 0x6f, 0x4c, 0xb5, 0xfb, 0xe6,
	0x6f, 0x16, 0x39, 0x14, 0x8e, 0xaf, 0xf6, 0x44, 0x2f, 0xed, 0x15, 0x0b,
	0x41, 0xa9, 0xb9, 0x67, 0xf0, 0xc9, 0xc7, 0x54, 0x4c, 0xb8, 0x00, 0x5f,
	0x61, 0xc0, 0x8e, 0xf9, 0xae, 0x7d, 0x9c, 0x2d,
};
/* key+salt as xfrm prints it: 0x404142434445464748494a4b4c4d4e4fcafebabe */
/* AES-GCM-16-256: key 40 41 ... , salt cafebabe, IV 0102030405060708 */
static const uint8_t esp_gcm256[] = {
	0x0a, 0x1b, 0x2c, 0x3d, 0x00, 0x00, 0x00, 0x07, 0x01, 0x02, 0x03, 0x04,
	0x05, 0x06, 0x07, 0x08, 0x9b, 0xc6, 0x7c, 0xb6, 0x8d, 0xe4, 0x4e, 0x5c,
	0xf9, 0xb0, 0xc9, 0x94, 0xdd, 0xa1, 0x77, 0xf1, 0x3d, 0xeb, 0x9d, 0xe8,
	0x6a, 0x1d, 0x88, 0x73, 0x87, 0x61, 0xed, 0x2c, 0x02, 0x4a, 0x53, 0x53,
	0xce, 0xdc, 0xfb, 0xe7, 0xbf, 0x49, 0x86, 0xdf, 0x13, 0x1b, 0x9d, 0xaf,
	0x40, 0x3b, 0x83, 0xab, 0xa2, 0x31, 0x0b, 0xc1, 0xc1, 0xf0, 0x21, 0x6b,
	0x51, 0xa9, 0xd8, 0xb1, 0xb6, 0x68, 0x8b, 0x5e,
};
/* key+salt as xfrm prints it: 0x404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5fcafebabe */
/* AES-CBC-128 + HMAC-sha1: enc key 0x606162636465666768696a6b6c6d6e6f auth key 0x808182838485868788898a8b8c8d8e8f90919293 */
static const uint8_t esp_cbc_sha1[] = {
	0x0a, 0x1b, 0x2c, 0x3d, 0x00, 0x00, 0x00, 0x07, 0xa0, 0xa1, 0xa2, 0xa3,
	0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0x87, 0xc3, 0x14, 0xfa, 0x10, 0x1b, 0x06, 0x0e, 0xd8, 0x0f, 0xdd, 0xaa,
	0x00, 0x58, 0x02, 0xe1, 0x24, 0x25, 0x8b, 0xb2, 0x31, 0xf4, 0x5d, 0x46,
	0x80, 0xe0, 0x69, 0x6a, 0xae, 0xf3, 0x9d, 0x64, 0x21, 0xce, 0xe4, 0xe0,
	0xd4, 0x37, 0xb0, 0x85, 0x71, 0x04, 0xe1, 0xb2, 0x07, 0x16, 0x54, 0xa4,
	0xa4, 0x1b, 0xff, 0x39, 0xdb, 0xe4, 0xa6, 0x52, 0x50, 0x23, 0x69, 0x96,
};
/* AES-CBC-256 + HMAC-sha256: enc key 0x606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f auth key 0x808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f */
static const uint8_t esp_cbc_sha256[] = {
	0x0a, 0x1b, 0x2c, 0x3d, 0x00, 0x00, 0x00, 0x07, 0xa0, 0xa1, 0xa2, 0xa3,
	0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0x88, 0x2f, 0x8c, 0x5e, 0x3b, 0x42, 0x5a, 0xec, 0x8f, 0x06, 0x21, 0xf5,
	0x1a, 0x66, 0x9e, 0xe0, 0xf4, 0x5c, 0xf3, 0x0e, 0xa9, 0xd9, 0x4f, 0xaf,
	0x0b, 0x1f, 0x03, 0xac, 0x84, 0x16, 0xde, 0xb8, 0x62, 0xf1, 0x73, 0x48,
	0xab, 0x89, 0x50, 0xc6, 0xe8, 0xb3, 0x6a, 0xa9, 0x44, 0x03, 0x81, 0x59,
	0xd2, 0xc6, 0xe3, 0x7d, 0x5a, 0x5e, 0xc9, 0xf1, 0xde, 0x63, 0xb0, 0xbf,
	0xcb, 0xa6, 0x57, 0x40,
};
/* AES-CBC-128 + HMAC-sha384: enc key 0x606162636465666768696a6b6c6d6e6f auth key 0x808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf */
static const uint8_t esp_cbc_sha384[] = {
	0x0a, 0x1b, 0x2c, 0x3d, 0x00, 0x00, 0x00, 0x07, 0xa0, 0xa1, 0xa2, 0xa3,
	0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0x87, 0xc3, 0x14, 0xfa, 0x10, 0x1b, 0x06, 0x0e, 0xd8, 0x0f, 0xdd, 0xaa,
	0x00, 0x58, 0x02, 0xe1, 0x24, 0x25, 0x8b, 0xb2, 0x31, 0xf4, 0x5d, 0x46,
	0x80, 0xe0, 0x69, 0x6a, 0xae, 0xf3, 0x9d, 0x64, 0x21, 0xce, 0xe4, 0xe0,
	0xd4, 0x37, 0xb0, 0x85, 0x71, 0x04, 0xe1, 0xb2, 0x07, 0x16, 0x54, 0xa4,
	0x9e, 0x80, 0xf6, 0x8a, 0xd3, 0x0f, 0x5c, 0x1e, 0x02, 0x75, 0x6a, 0x90,
	0x3a, 0x5b, 0xd2, 0xdb, 0xd5, 0x7e, 0xe0, 0xc8, 0xbb, 0xdb, 0x95, 0x7e,
};
/* AES-CBC-256 + HMAC-sha512: enc key 0x606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f auth key 0x808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf */
static const uint8_t esp_cbc_sha512[] = {
	0x0a, 0x1b, 0x2c, 0x3d, 0x00, 0x00, 0x00, 0x07, 0xa0, 0xa1, 0xa2, 0xa3,
	0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0x88, 0x2f, 0x8c, 0x5e, 0x3b, 0x42, 0x5a, 0xec, 0x8f, 0x06, 0x21, 0xf5,
	0x1a, 0x66, 0x9e, 0xe0, 0xf4, 0x5c, 0xf3, 0x0e, 0xa9, 0xd9, 0x4f, 0xaf,
	0x0b, 0x1f, 0x03, 0xac, 0x84, 0x16, 0xde, 0xb8, 0x62, 0xf1, 0x73, 0x48,
	0xab, 0x89, 0x50, 0xc6, 0xe8, 0xb3, 0x6a, 0xa9, 0x44, 0x03, 0x81, 0x59,
	0xe8, 0x52, 0x66, 0x3c, 0xb6, 0x63, 0xaa, 0x28, 0xac, 0xdf, 0xbc, 0xae,
	0xdc, 0x7f, 0x1d, 0x56, 0x1f, 0x5a, 0x75, 0xbb, 0xe0, 0x6c, 0x2d, 0x84,
	0x9a, 0x82, 0x4b, 0xa6, 0x40, 0x9f, 0xd6, 0x32,
};
static const uint8_t esp_inner[] = {
	0x45, 0x00, 0x00, 0x2d, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0xa5, 0x17,
	0x0a, 0x01, 0x01, 0x0a, 0xc0, 0xa8, 0x0a, 0x05, 0x08, 0x00, 0x93, 0x5a,
	0x12, 0x34, 0x00, 0x01, 0x61, 0x77, 0x73, 0x74, 0x72, 0x61, 0x63, 0x65,
	0x2d, 0x65, 0x73, 0x70, 0x2d, 0x74, 0x65, 0x73, 0x74,
};
static const char xfrm_state[] =
	"src 203.0.113.10 dst 52.95.100.10\n"
	"\tproto esp spi 0x0a1b2c3d reqid 1 mode tunnel\n"
	"\treplay-window 0 flag af-unspec\n"
	"\taead rfc4106(gcm(aes)) 0x404142434445464748494a4b4c4d4e4fcafebabe 128\n"
	"\tanti-replay context: seq 0x0, oseq 0x7, bitmap 0x00000000\n"
	"\tsel src 0.0.0.0/0 dst 0.0.0.0/0 \n"
	"src 52.95.100.10 dst 203.0.113.10\n"
	"\tproto ah spi 0x00000099 reqid 1 mode tunnel\n"
	"\tauth-trunc hmac(sha256) 0x00112233445566778899aabbccddeeff 128\n"
	"src 52.95.100.10 dst 203.0.113.10\n"
	"\tproto esp spi 0x7e5d4c3b reqid 1 mode tunnel\n"
	"\tauth-trunc hmac(sha256) "
	"0x808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f 128\n"
	"\tenc cbc(aes) 0x606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f\n"
	"\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0\n";

struct vec {
	const char *name;
	const uint8_t *esp;
	size_t len;
	const char *csv;
};

#define VEC(n, csv) { #n, n, sizeof(n), csv }
static const struct vec vecs[] = {
	VEC(esp_gcm128, "0x0a1b2c3d,,,aes-gcm-16,404142434445464748494a4b4c4d4e4fcafebabe,none,"),
	VEC(esp_gcm256, "0x0a1b2c3d,,,rfc4106(gcm(aes)),0x404142434445464748494a4b4c4d4e4f"
			"505152535455565758595a5b5c5d5e5fcafebabe,,"),
	VEC(esp_cbc_sha1, "169552957,*,*,aes-cbc,606162636465666768696a6b6c6d6e6f,hmac-sha1-96,"
			  "808182838485868788898a8b8c8d8e8f90919293"),
	VEC(esp_cbc_sha256, "0x0a1b2c3d,,,cbc(aes),606162636465666768696a6b6c6d6e6f70717273747576"
			    "7778797a7b7c7d7e7f,hmac(sha256),808182838485868788898a8b8c8d8e8f9091"
			    "92939495969798999a9b9c9d9e9f"),
	VEC(esp_cbc_sha384, "0x0a1b2c3d,,,aes-cbc,606162636465666768696a6b6c6d6e6f,"
			    "hmac-sha2-384-192,808182838485868788898a8b8c8d8e8f909192939495969798"
			    "999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf"),
	VEC(esp_cbc_sha512, "0x0a1b2c3d,,,aes-cbc,606162636465666768696a6b6c6d6e6f707172737475"
			    "767778797a7b7c7d7e7f,hmac-sha2-512-256,808182838485868788898a8b8c8d8e"
			    "8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1"
			    "b2b3b4b5b6b7b8b9babbbcbdbebf"),
};

static void
test_esp_open_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(vecs); i++) {
		struct dec_keys *k = dec_keys_new();
		GError *err = NULL;
		if (!dec_keys_parse_esp(k, vecs[i].csv, vecs[i].name, &err))
			fail_msg("%s: %s", vecs[i].name, err->message);
		const struct dec_esp_sa *sa = dec_keys_esp_find(k, 0x0a1b2c3d, 4, out_src, out_dst);
		assert_non_null(sa);
		uint8_t out[256];
		size_t plen = 0;
		uint8_t nh = 0;
		const char *why = NULL;
		if (!dec_esp_open(k, sa, vecs[i].esp, vecs[i].len, out, &plen, &nh, &why))
			fail_msg("%s: %s", vecs[i].name, why);
		assert_int_equal(nh, 4);
		assert_int_equal(plen, sizeof(esp_inner));
		assert_memory_equal(out, esp_inner, plen);
		/* any changed byte (SPI, sequence, IV, ciphertext, ICV) fails the ICV */
		uint8_t *bad = test_dup(vecs[i].esp, vecs[i].len);
		for (size_t at = 0; at < vecs[i].len; at += 7) {
			bad[at] ^= 0x40;
			assert_false(dec_esp_open(k, sa, bad, vecs[i].len, out, &plen, &nh, &why));
			assert_non_null(strstr(why, "ICV"));
			bad[at] ^= 0x40;
		}
		free(bad);
		dec_keys_free(k);
	}
}

/* draft-mcgrew-gcm-test-01 (the AES-GCM ESP vectors RFC 4106 implementations test with):
 * case 7, AES-192: SPI 0000a5f8, seq 0000000a, IV facedbaddecaf888, salt cafebabe */
static const uint8_t gcm_case7[] = { 0x00, 0x00, 0xa5, 0xf8, 0x00, 0x00, 0x00, 0x0a, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88, 0xa5, 0xb1, 0xf8, 0x06, 0x60, 0x29, 0xae, 0xa4, 0x0e, 0x59, 0x8b, 0x81, 0x22, 0xde, 0x02, 0x42, 0x09, 0x38, 0xb3, 0xab, 0x33, 0xf8, 0x28, 0xe6, 0x87, 0xb8, 0x85, 0x8b, 0x5b, 0xfb, 0xdb, 0xd0, 0x31, 0x5b, 0x27, 0x45, 0x21, 0x44, 0xcc, 0x77, 0x95, 0x45, 0x7b, 0x96, 0x52, 0x03, 0x7f, 0x53, 0x18, 0x02, 0x7b, 0x5b, 0x4c, 0xd7, 0xa6, 0x36 };
static const uint8_t gcm_case7_plain[] = { 0x45, 0x00, 0x00, 0x28, 0xa4, 0xad, 0x40, 0x00, 0x40, 0x06, 0x78, 0x80, 0x0a, 0x01, 0x03, 0x8f, 0x0a, 0x01, 0x06, 0x12, 0x80, 0x23, 0x06, 0xb8, 0xcb, 0x71, 0x26, 0x02, 0xdd, 0x6b, 0xb0, 0x3e, 0x50, 0x10, 0x16, 0xd0, 0x75, 0x68, 0x00, 0x01 };
/* the 4-byte-plaintext case of page 16, AES-128: SPI 335467ae, seq ffffffff, the payload
 * is the trailer alone (padding 1 2, pad length 2, next header 1) */
static const uint8_t gcm_page16[] = { 0x33, 0x54, 0x67, 0xae, 0xff, 0xff, 0xff, 0xff, 0x43, 0x45, 0x7e, 0x91, 0x82, 0x44, 0x3b, 0xc6, 0x43, 0x7f, 0x86, 0x6b, 0xcb, 0x3f, 0x69, 0x9f, 0xe9, 0xb0, 0x82, 0x2b, 0xac, 0x96, 0x1c, 0x45, 0x04, 0xbe, 0xf2, 0x70 };

static void
test_esp_gcm_draft_vectors(void **state)
{
	(void)state;
	struct dec_keys *k = dec_keys_new();
	GError *err = NULL;
	assert_true(dec_keys_parse_esp(k,
		"0x0000a5f8,,,aes-gcm-16,feffe9928665731c6d6a8f9467308308feffe9928665731ccafebabe,,\n"
		"0x335467ae,,,aes-gcm-16,7d773d00c144c525ac619d18c84a3f47d9664267,,\n",
		"draft", &err));
	uint8_t out[128];
	size_t plen = 0;
	uint8_t nh = 0;
	const char *why = NULL;
	const struct dec_esp_sa *sa = dec_keys_esp_find(k, 0x0000a5f8, 4, NULL, NULL);
	assert_non_null(sa);
	assert_int_equal(sa->enc_keylen, 24);
	assert_true(dec_esp_open(k, sa, gcm_case7, sizeof(gcm_case7), out, &plen, &nh, &why));
	/* the vector's plaintext ends 00 01: pad length 0, next header 1 */
	assert_int_equal(plen, sizeof(gcm_case7_plain) - 2);
	assert_int_equal(nh, 1);
	assert_memory_equal(out, gcm_case7_plain, plen);
	sa = dec_keys_esp_find(k, 0x335467ae, 4, NULL, NULL);
	assert_true(dec_esp_open(k, sa, gcm_page16, sizeof(gcm_page16), out, &plen, &nh, &why));
	assert_int_equal(plen, 0);
	assert_int_equal(nh, 1);
	dec_keys_free(k);
}

/* Ethernet / IPv4 203.0.113.10 > 52.95.100.10 / ESP: the GCM-128 vector */
static size_t
frame_esp(uint8_t *b, const uint8_t *esp, size_t n)
{
	size_t at = put_eth(b, 0x0800);
	at += put_ipv4(b + at, out_src, out_dst, 50, n);
	memcpy(b + at, esp, n);
	return at + n;
}

static void
test_esp_decrypt_in_frame(void **state)
{
	(void)state;
	uint8_t f[512];
	size_t n = frame_esp(f, esp_gcm128, sizeof(esp_gcm128));
	struct dec *d = dec_new();
	GError *err = NULL;
	d->keys = dec_keys_new();
	if (!dec_keys_parse_esp(d->keys, xfrm_state, "xfrm", &err))
		fail_msg("%s", err->message);
	assert_int_equal(dec_keys_n_esp(d->keys), 2); /* the AH state is not ESP */
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_esp_layer *e = &test_layer(d, DEC_P_ESP, 0)->u.esp;
	assert_int_equal(e->decrypt, DEC_ESP_DECRYPTED);
	assert_int_equal(e->next_header, 4);
	const struct dec_layer *in = test_layer(d, DEC_P_IPV4, 1);
	assert_non_null(in);
	assert_int_equal(in->u.ipv4.src[0], 10);
	assert_int_equal(in->u.ipv4.dst[0], 192);
	const struct dec_layer *icmp = test_layer(d, DEC_P_ICMP, 0);
	assert_non_null(icmp);
	assert_int_equal(icmp->tunnel, 1);
	assert_int_equal(icmp->u.icmp.id, 0x1234);
	char *t = test_text(d);
	assert_non_null(strstr(t, "esp(decrypted) aes-gcm-16-128 nh=4 | 10.1.1.10 > 192.168.10.5"));
	assert_null(strstr(t, "4041424344"));
	g_free(t);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"decrypt\":\"decrypted\",\"enc\":\"aes-gcm-16-128\""));
	assert_null(strstr(j, "404142434445"));
	g_free(j);

	/* the other direction's SA is keyed by its own addresses: this packet's do not match */
	n = frame_esp(f, esp_cbc_sha256, sizeof(esp_cbc_sha256));
	f[14 + 8 + 8] ^= 0; /* unchanged */
	memcpy(f + 14 + 20, "\x7e\x5d\x4c\x3b", 4);
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(test_layer(d, DEC_P_ESP, 0)->u.esp.decrypt, DEC_ESP_OPAQUE);

	/* a wrong key: an event, and nothing decoded from the garbage */
	dec_keys_free(d->keys);
	d->keys = dec_keys_new();
	assert_true(dec_keys_parse_esp(d->keys,
		"0x0a1b2c3d,203.0.113.10,52.95.100.10,aes-gcm-16,"
		"404142434445464748494a4b4c4d4e4fcafebabf,none,",
		"csv", &err));
	n = frame_esp(f, esp_gcm128, sizeof(esp_gcm128));
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(test_layer(d, DEC_P_ESP, 0)->u.esp.decrypt, DEC_ESP_ICV_FAILED);
	assert_true(test_has_event(d, DEC_E_ESP_ICV));
	assert_int_equal(test_count(d, DEC_P_IPV4), 1);

	/* cut short by a snaplen: the ICV cannot be checked, so nothing is decrypted */
	test_decode_snaplen(d, f, n - 4, n, DEC_LINK_EN10MB);
	assert_int_equal(test_layer(d, DEC_P_ESP, 0)->u.esp.decrypt, DEC_ESP_CUT_SHORT);
	assert_int_equal(test_count(d, DEC_P_IPV4), 1);
	dec_keys_free(d->keys);
	d->keys = NULL;
	dec_free(d);
}

static void
test_esp_natt_decrypt(void **state)
{
	(void)state;
	uint8_t f[512];
	size_t n = frame_udp(f, 4500, 4500, esp_cbc_sha1, sizeof(esp_cbc_sha1));
	struct dec *d = dec_new();
	GError *err = NULL;
	d->keys = dec_keys_new();
	assert_true(dec_keys_parse_esp(d->keys, vecs[2].csv, "csv", &err));
	test_decode(d, f, n, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_true(test_layer(d, DEC_P_ESP, 0)->u.esp.natt);
	assert_int_equal(test_layer(d, DEC_P_ESP, 0)->u.esp.decrypt, DEC_ESP_DECRYPTED);
	assert_non_null(test_layer(d, DEC_P_ICMP, 0));
	/* every cut: no crash, no read past the bytes given */
	dec_keys_free(d->keys);
	d->keys = NULL;
	dec_free(d);
}

static void
test_esp_keys_errors_never_show_keys(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"0x0a1b2c3d,,,aes-gcm-16,deadbeefdeadbeef,none,",          /* key too short */
		"0x0a1b2c3d,,,aes-ctr,00112233445566778899aabbccddeeff,,", /* cipher */
		"0x0a1b2c3d,,,aes-cbc,00112233445566778899aabbccddeeff,hmac-md5,00112233", /* auth */
		"zz,,,aes-cbc,00112233445566778899aabbccddeeff,hmac-sha1-96,00112233", /* spi */
		"0x0a1b2c3d,10.0.0.1,,aes-cbc,00112233445566778899aabbccddeeff,hmac-sha1-96,0011",
		"0x0a1b2c3d,aes-cbc,00112233445566778899aabbccddeeff", /* fields */
		"src 10.0.0.1 dst 10.0.0.2\n\tproto esp spi 0x1 reqid 1 mode tunnel\n"
		"\tenc cbc(aes) 0x00112233445566778899aabbccddee\n",
		"src 10.0.0.1 dst 10.0.0.2\n\tproto esp spi 0x1 reqid 1 mode tunnel\n"
		"\tauth-trunc hmac(sha256) 0x00112233445566778899aabbccddeeff 96\n"
		"\tenc cbc(aes) 0x00112233445566778899aabbccddeeff\n",
		"# nothing\n",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct dec_keys *k = dec_keys_new();
		GError *err = NULL;
		assert_false(dec_keys_parse_esp(k, bad[i], "keys.txt", &err));
		assert_non_null(err);
		assert_non_null(strstr(err->message, "keys.txt"));
		assert_null(strstr(err->message, "001122"));
		assert_null(strstr(err->message, "deadbeef"));
		g_error_free(err);
		dec_keys_free(k);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bfd_control_fields),
		cmocka_unit_test(test_bfd_md5_auth_and_diag),
		cmocka_unit_test(test_bfd_rfc5880_discard_checks),
		cmocka_unit_test(test_bfd_every_truncation),
		cmocka_unit_test(test_bfd_session_is_one_flow),
		cmocka_unit_test(test_lacp_actor_partner_state),
		cmocka_unit_test(test_lacp_marker_and_bad_tlv),
		cmocka_unit_test(test_tcp_md5_digest_matches_vector),
		cmocka_unit_test(test_tcp_md5_verify),
		cmocka_unit_test(test_tcp_ao_option),
		cmocka_unit_test(test_esp_open_vectors),
		cmocka_unit_test(test_esp_gcm_draft_vectors),
		cmocka_unit_test(test_esp_decrypt_in_frame),
		cmocka_unit_test(test_esp_natt_decrypt),
		cmocka_unit_test(test_esp_keys_errors_never_show_keys),
	};
	return cmocka_run_group_tests_name("protos", tests, NULL, NULL);
}
