/* test_dnssec.c - DNSSEC validation (decode/dnssec.c) against the published examples of
 * RFC 6605 §6.1 (ECDSA P-256) and RFC 8080 §6.1 (Ed25519, with erratum 4935's Labels=2
 * signature), carried in DNS responses the decoder reads: canonical form, wildcard-free
 * owners, a compressed MX exchange rebuilt lowercase, the time window, key tags, trust
 * anchors given as DNSKEY and DS records. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "decode/dnssec.h"
#include "reports/render.h"

/* RFC 6605 §6.1: example.net. DNSKEY 257 3 13 (P-256), key tag 55648 */
static const uint8_t p256_key[] = { 0x1a, 0x88, 0xc8, 0x86, 0x15, 0xd4, 0x37, 0xfb, 0xb8, 0xbf,
	0x9e, 0x19, 0x42, 0xa1, 0x92, 0x9f, 0x28, 0x56, 0x27, 0x06, 0xae, 0x6c, 0x2b, 0xd3, 0x99,
	0xe7, 0xb1, 0xbf, 0xb6, 0xd1, 0xe9, 0xe7, 0x5b, 0x92, 0xb4, 0xaa, 0x42, 0x91, 0x7a, 0xe1,
	0xc6, 0x1b, 0x70, 0x1e, 0xf0, 0x35, 0xc3, 0xfe, 0x7b, 0xe3, 0x00, 0x9c, 0xba, 0xfe, 0x5a,
	0x2f, 0x71, 0x31, 0x6c, 0x90, 0x2d, 0xcf, 0x0d, 0x00 };
/* its RRSIG over www.example.net. 3600 IN A 192.0.2.1: A 13 3 3600 20100909100439
 * 20100812100439 55648 example.net. */
static const uint8_t p256_sig[] = { 0xab, 0x1e, 0xb0, 0x2d, 0x8a, 0xa6, 0x87, 0xe9, 0x7d, 0xa0,
	0x22, 0x93, 0x37, 0xaa, 0x88, 0x73, 0xe6, 0xf0, 0xeb, 0x26, 0xbe, 0x28, 0x9f, 0x28, 0x33,
	0x3d, 0x18, 0x3f, 0x5d, 0x3b, 0x7a, 0x95, 0xc0, 0xc8, 0x69, 0xad, 0xfb, 0x74, 0x8d, 0xae,
	0xe3, 0xc5, 0x28, 0x6e, 0xed, 0x66, 0x82, 0xc1, 0x2e, 0x55, 0x33, 0x18, 0x6b, 0xac, 0xed,
	0x9c, 0x26, 0xc1, 0x67, 0xa9, 0xeb, 0xae, 0x95, 0x0b };
/* RFC 8080 §6.1 with erratum 4935: example.com. DNSKEY 257 3 15, key tag 3613 */
static const uint8_t ed_key[] = { 0x97, 0x4d, 0x96, 0xa2, 0x2d, 0x22, 0x4b, 0xc0, 0x1a, 0xdb, 0x91,
	0x50, 0x91, 0x47, 0x7d, 0x44, 0xcc, 0xd9, 0x1c, 0x9a, 0x41, 0xa1, 0x14, 0x30, 0x01, 0x01,
	0x17, 0xd5, 0x2c, 0x59, 0x24, 0x0e };
/* its RRSIG over example.com. 3600 IN MX 10 mail.example.com.: MX 15 2 3600 1440021600
 * 1438207200 3613 example.com. */
static const uint8_t ed_sig[] = { 0xa0, 0xbf, 0x64, 0xac, 0x9b, 0xa7, 0xef, 0x17, 0xc1, 0x38, 0x85,
	0x9c, 0x18, 0x78, 0xbb, 0x99, 0xa8, 0x39, 0xfe, 0x17, 0x59, 0xac, 0xa5, 0xb0, 0xd7, 0x98,
	0xcf, 0x1a, 0xb1, 0xe9, 0x8d, 0x07, 0x91, 0x02, 0xf4, 0xdd, 0xb3, 0x36, 0x8f, 0x0f, 0xe4,
	0x0b, 0xb3, 0x77, 0xf1, 0xf0, 0x0e, 0x0c, 0xdd, 0xed, 0xb7, 0x99, 0x16, 0x7d, 0x56, 0xb6,
	0xe9, 0x32, 0x78, 0x30, 0x72, 0xba, 0x8d, 0x02 };

struct msg {
	uint8_t b[1024];
	size_t n;
};

static void
put(struct msg *m, const void *p, size_t n)
{
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void
put16(struct msg *m, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	put(m, x, 2);
}

static void
put32(struct msg *m, uint32_t v)
{
	put16(m, (uint16_t)(v >> 16));
	put16(m, (uint16_t)v);
}

/* a name in wire form, uncompressed ("www.example.net") */
static void
put_name(struct msg *m, const char *name)
{
	uint8_t w[256];
	size_t n = dec_dnssec_name_wire(name, w);
	assert_true(n > 0);
	put(m, w, n);
}

static void
rr_head(struct msg *m, const char *owner, uint16_t type, uint32_t ttl, uint16_t rdlen)
{
	put_name(m, owner);
	put16(m, type);
	put16(m, 1);
	put32(m, ttl);
	put16(m, rdlen);
}

static void
rrsig(struct msg *m, const char *owner, uint16_t covered, uint8_t alg, uint8_t labels, uint32_t exp,
	uint32_t inc, uint16_t tag, const char *signer, const uint8_t *sig, size_t siglen)
{
	uint8_t w[256];
	size_t sn = dec_dnssec_name_wire(signer, w);
	rr_head(m, owner, 46, 3600, (uint16_t)(18 + sn + siglen));
	put16(m, covered);
	put(m, &alg, 1);
	put(m, &labels, 1);
	put32(m, 3600);
	put32(m, exp);
	put32(m, inc);
	put16(m, tag);
	put(m, w, sn);
	put(m, sig, siglen);
}

static void
dnskey(struct msg *m, const char *owner, uint8_t alg, const uint8_t *key, size_t n)
{
	rr_head(m, owner, 48, 3600, (uint16_t)(4 + n));
	put16(m, 257);
	uint8_t pa[2] = { 3, alg };
	put(m, pa, 2);
	put(m, key, n);
}

/* header of a response with one question and ancount answers */
static void
head(struct msg *m, uint16_t ancount, const char *qname, uint16_t qtype)
{
	m->n = 0;
	put16(m, 0x1234);
	put16(m, 0x8180);
	put16(m, 1);
	put16(m, ancount);
	put16(m, 0);
	put16(m, 0);
	put_name(m, qname);
	put16(m, qtype);
	put16(m, 1);
}

/* Ethernet / IPv4 / UDP 53 > 40000 / the message */
static size_t
frame(uint8_t *f, const struct msg *m)
{
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0 };
	size_t udp = 8 + m->n, tot = 20 + udp;
	memcpy(f, eth, 14);
	uint8_t ip[20] = { 0x45, 0, (uint8_t)(tot >> 8), (uint8_t)tot, 0, 1, 0, 0, 64, 17, 0, 0, 10,
		1, 0, 2, 10, 1, 1, 10 };
	memcpy(f + 14, ip, 20);
	uint8_t u[8] = { 0, 53, 0x9c, 0x40, (uint8_t)(udp >> 8), (uint8_t)udp, 0, 0 };
	memcpy(f + 34, u, 8);
	memcpy(f + 42, m->b, m->n);
	return 42 + m->n;
}

/* www.example.net. A 192.0.2.1 with its RFC 6605 RRSIG; sig_flip flips a signature bit */
static void
p256_answer(struct msg *m, bool with_key, bool sig_flip)
{
	head(m, with_key ? 3 : 2, "www.example.net", 1);
	if (with_key)
		dnskey(m, "example.net", 13, p256_key, sizeof(p256_key));
	rr_head(m, "www.example.net", 1, 3600, 4);
	put(m, (const uint8_t[]){ 192, 0, 2, 1 }, 4);
	uint8_t sig[sizeof(p256_sig)];
	memcpy(sig, p256_sig, sizeof(sig));
	if (sig_flip)
		sig[40] ^= 1;
	rrsig(m, "www.example.net", 1, 13, 3, 1284026679u, 1281607479u, 55648, "example.net", sig,
		sizeof(sig));
}

static const struct dec_dnssec_result *
result_of(const struct dec *d, uint16_t type)
{
	for (unsigned i = 0; i < d->ndnssec; i++)
		if (d->dnssec[i].type == type)
			return &d->dnssec[i];
	return NULL;
}

static void
test_dnssec_rfc6605_p256(void **state)
{
	(void)state;
	struct dec *d = dec_new();
	struct dec_dnssec *v = dec_dnssec_new();
	GError *err = NULL;
	uint8_t f[1200];
	struct msg m;

	/* the example's key as the trust anchor (a DNSKEY line) */
	assert_true(dec_dnssec_parse_anchors(v,
		"example.net. 3600 IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb "
		"krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA== ; RFC 6605 6.1\n",
		"anchors", &err));
	p256_answer(&m, false, false);
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	dec_dnssec_packet(v, d, 1283000000);
	const struct dec_dnssec_result *r = result_of(d, 1);
	assert_non_null(r);
	assert_int_equal(r->status, DEC_DNSSEC_SECURE);
	assert_int_equal(r->key_tag, 55648);
	char *t = test_text(d);
	assert_non_null(strstr(t, "dnssec=[A www.example.net secure]"));
	g_free(t);

	/* the same answer after the signature expired, and before its inception */
	dec_dnssec_packet(v, d, 1284026679 + 1);
	assert_int_equal(result_of(d, 1)->status, DEC_DNSSEC_BOGUS);
	assert_int_equal(result_of(d, 1)->why, DEC_DNSSEC_W_EXPIRED);
	dec_dnssec_packet(v, d, 1281607479 - 1);
	assert_int_equal(result_of(d, 1)->why, DEC_DNSSEC_W_NOT_YET_VALID);

	/* one signature bit changed */
	p256_answer(&m, false, true);
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	dec_dnssec_packet(v, d, 1283000000);
	assert_int_equal(result_of(d, 1)->status, DEC_DNSSEC_BOGUS);
	assert_int_equal(result_of(d, 1)->why, DEC_DNSSEC_W_BAD_SIGNATURE);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"dnssec\":[{\"name\":\"www.example.net\",\"type\":\"A\","
				  "\"status\":\"bogus\",\"why\":\"bad signature\",\"alg\":13,"
				  "\"key_tag\":55648,\"signer\":\"example.net\"}]"));
	g_free(j);
	dec_dnssec_free(v);

	/* root anchors only: the key comes with the answer, its chain is not in the capture */
	v = dec_dnssec_new();
	p256_answer(&m, true, false);
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	dec_dnssec_packet(v, d, 1283000000);
	assert_int_equal(result_of(d, 1)->status, DEC_DNSSEC_INDETERMINATE);
	assert_int_equal(result_of(d, 1)->why, DEC_DNSSEC_W_NO_CHAIN);
	dec_dnssec_free(v);

	/* the RFC's DS as the anchor: the DNSKEY set signed by that key becomes trusted */
	v = dec_dnssec_new();
	assert_true(dec_dnssec_parse_anchors(v,
		"example.net. IN DS 55648 13 2 b4c8c1fe2e7477127b27115656ad6256f424625bf5c1"
		"e2770ce6d6e37df61d17\n",
		"ds", &err));
	/* no DNSKEY yet: indeterminate */
	p256_answer(&m, false, false);
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	dec_dnssec_packet(v, d, 1283000000);
	assert_int_equal(result_of(d, 1)->why, DEC_DNSSEC_W_NO_KEY);
	dec_dnssec_free(v);

	/* a DS that matches no key of the DNSKEY RRset: digest mismatch */
	v = dec_dnssec_new();
	assert_true(dec_dnssec_parse_anchors(v,
		"example.net. IN DS 55648 13 2 b4c8c1fe2e7477127b27115656ad6256f424625bf5c1"
		"e2770ce6d6e37df61d18\n",
		"ds", &err));
	head(&m, 1, "example.net", 48);
	dnskey(&m, "example.net", 13, p256_key, sizeof(p256_key));
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	dec_dnssec_packet(v, d, 1283000000);
	assert_int_equal(result_of(d, 48)->status, DEC_DNSSEC_BOGUS);
	assert_int_equal(result_of(d, 48)->why, DEC_DNSSEC_W_DIGEST_MISMATCH);
	dec_dnssec_free(v);
	dec_free(d);
}

static void
test_dnssec_rfc8080_ed25519_compressed_mx(void **state)
{
	(void)state;
	struct dec *d = dec_new();
	struct dec_dnssec *v = dec_dnssec_new();
	GError *err = NULL;
	uint8_t f[1200];
	struct msg m;
	assert_true(dec_dnssec_parse_anchors(v,
		"Example.COM. IN DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=\n",
		"anchors", &err));
	/* MX 10 mail.example.com, the exchange compressed to "mail" + a pointer to the
	 * question's name (offset 12), the owner in mixed case: canonical form lowercases */
	m.n = 0;
	head(&m, 2, "example.com", 15);
	put(&m, "\007EXAMPLE\003com\000", 13);
	put16(&m, 15);
	put16(&m, 1);
	put32(&m, 3600);
	put16(&m, 9);
	put16(&m, 10);
	put(&m, "\004mail\300\014", 7);
	rrsig(&m, "example.com", 15, 15, 2, 1440021600u, 1438207200u, 3613, "example.com", ed_sig,
		sizeof(ed_sig));
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	dec_dnssec_packet(v, d, 1439000000);
	assert_int_equal(result_of(d, 15)->status, DEC_DNSSEC_SECURE);
	/* another key tag than the signer's keys have */
	m.b[m.n - sizeof(ed_sig) - 13 - 2] ^= 0x01;
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	dec_dnssec_packet(v, d, 1439000000);
	assert_int_equal(result_of(d, 15)->status, DEC_DNSSEC_BOGUS);
	assert_int_equal(result_of(d, 15)->why, DEC_DNSSEC_W_KEY_TAG);
	dec_dnssec_free(v);
	dec_free(d);
}

/* RFC 6605 §6.2 (ECDSA P-384) and RFC 5702 §6.1 (RSA/SHA-256, a 512-bit key): an A
 * record www.example.net and its RRSIG, the key given as the trust anchor */
static void
test_dnssec_rfc6605_p384_and_rfc5702_rsa(void **state)
{
	(void)state;
	static const struct {
		const char *anchor, *sig_b64;
		uint8_t alg, addr;
		uint32_t exp, inc, now;
		uint16_t tag;
	} v[] = {
		{ "example.net. IN DNSKEY 257 3 14 xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/eg"
		  "sXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/"
		  "qTI37m40",
			"/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP95hxQouuroGCeZOvzFaxsT8Glr74"
			"hbavRKayJNuydCuzWTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm",
			14, 1, 1284027625u, 1281608425u, 1283000000u, 10771 },
		{ "example.net. IN DNSKEY 256 3 8 AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFt"
		  "R2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=",
			"kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/"
			"lPtPiVYP4bwg==",
			8, 91, 1893456000u, 946684800u, 1714564800u, 9033 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(v); i++) {
		struct dec *d = dec_new();
		struct dec_dnssec *val = dec_dnssec_new();
		GError *err = NULL;
		uint8_t f[1200];
		struct msg m;
		assert_true(dec_dnssec_parse_anchors(val, v[i].anchor, "anchors", &err));
		gsize sl = 0;
		guchar *sig = g_base64_decode(v[i].sig_b64, &sl);
		for (int flip = 0; flip < 2; flip++) {
			head(&m, 2, "www.example.net", 1);
			rr_head(&m, "www.example.net", 1, 3600, 4);
			put(&m, (const uint8_t[]){ 192, 0, 2, v[i].addr }, 4);
			sig[sl / 2] ^= (guchar)flip;
			rrsig(&m, "www.example.net", 1, v[i].alg, 3, v[i].exp, v[i].inc, v[i].tag,
				"example.net", sig, sl);
			sig[sl / 2] ^= (guchar)flip;
			test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
			dec_dnssec_packet(val, d, v[i].now);
			const struct dec_dnssec_result *r = result_of(d, 1);
			assert_non_null(r);
			assert_int_equal(r->alg, v[i].alg);
			assert_int_equal(r->status, flip ? DEC_DNSSEC_BOGUS : DEC_DNSSEC_SECURE);
		}
		g_free(sig);
		dec_dnssec_free(val);
		dec_free(d);
	}
}

/* RFC 8080 §6.1's private key for ed_key: signs what this test needs signed */
static const char ed_priv_b64[] = "ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI=";

/* An NSEC at child.example.com (types NS RRSIG NSEC: no DS, RFC 4035 §5.2) in the
 * authority section of a NODATA answer to "child.example.com DS?", signed by example.com's
 * key; then an unsigned answer below child.example.com is insecure. */
static void
test_dnssec_insecure_delegation(void **state)
{
	(void)state;
	struct dec *d = dec_new();
	struct dec_dnssec *v = dec_dnssec_new();
	GError *err = NULL;
	uint8_t f[1200];
	struct msg m;
	assert_true(dec_dnssec_parse_anchors(v,
		"example.com. IN DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=\n",
		"anchors", &err));
	/* NSEC rdata: next "d.example.com", bitmap window 0: NS(2), RRSIG(46), NSEC(47) */
	uint8_t rd[256 + 8];
	size_t rn = dec_dnssec_name_wire("d.example.com", rd);
	const uint8_t bitmap[] = { 0, 6, 0x20, 0, 0, 0, 0, 0x03 };
	memcpy(rd + rn, bitmap, sizeof(bitmap));
	rn += sizeof(bitmap);
	/* the signed data: RRSIG fields, signer, then the one NSEC record (RFC 4034 §3.1.8.1) */
	uint8_t sd[512], w[256];
	size_t n = 0;
	const uint8_t fix[18] = { 0, 47, 15, 3, 0, 0, 0x0e, 0x10, 0x55, 0xd4, 0xfc, 0x60, 0x55,
		0xb9, 0x4c, 0xe0, 0x0e, 0x1d };
	memcpy(sd, fix, 18);
	n = 18;
	size_t wn = dec_dnssec_name_wire("example.com", w);
	memcpy(sd + n, w, wn);
	n += wn;
	wn = dec_dnssec_name_wire("child.example.com", w);
	memcpy(sd + n, w, wn);
	n += wn;
	const uint8_t rrh[10] = { 0, 47, 0, 1, 0, 0, 0x0e, 0x10, 0, (uint8_t)rn };
	memcpy(sd + n, rrh, 10);
	n += 10;
	memcpy(sd + n, rd, rn);
	n += rn;
	gsize pl = 0;
	guchar *priv = g_base64_decode(ed_priv_b64, &pl);
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv, pl);
	g_free(priv);
	assert_non_null(pk);
	uint8_t sig[64];
	size_t sl = sizeof(sig);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk), 1);
	assert_int_equal(EVP_DigestSign(ctx, sig, &sl, sd, n), 1);
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);

	/* the NODATA response: question, no answer, NSEC + RRSIG in authority */
	head(&m, 0, "child.example.com", 43);
	m.b[9] = 2; /* nscount */
	rr_head(&m, "child.example.com", 47, 3600, (uint16_t)rn);
	put(&m, rd, rn);
	rrsig(&m, "child.example.com", 47, 15, 3, 0x55d4fc60u, 0x55b94ce0u, 3613, "example.com",
		sig, 64);
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	dec_dnssec_packet(v, d, 1439000000);

	/* an unsigned answer below it */
	head(&m, 1, "www.child.example.com", 1);
	rr_head(&m, "www.child.example.com", 1, 60, 4);
	put(&m, (const uint8_t[]){ 192, 0, 2, 7 }, 4);
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	dec_dnssec_packet(v, d, 1439000000);
	assert_int_equal(result_of(d, 1)->status, DEC_DNSSEC_INSECURE);
	assert_int_equal(result_of(d, 1)->why, DEC_DNSSEC_W_NO_DS);
	/* and one elsewhere stays indeterminate */
	head(&m, 1, "www.other.example", 1);
	rr_head(&m, "www.other.example", 1, 60, 4);
	put(&m, (const uint8_t[]){ 192, 0, 2, 8 }, 4);
	test_decode(d, f, frame(f, &m), DEC_LINK_EN10MB);
	dec_dnssec_packet(v, d, 1439000000);
	assert_int_equal(result_of(d, 1)->status, DEC_DNSSEC_INDETERMINATE);
	assert_int_equal(result_of(d, 1)->why, DEC_DNSSEC_W_UNSIGNED);
	dec_dnssec_free(v);
	dec_free(d);
}

static void
test_dnssec_names_and_anchor_errors(void **state)
{
	(void)state;
	uint8_t w[256];
	assert_int_equal(dec_dnssec_name_wire(".", w), 1);
	assert_int_equal(dec_dnssec_name_wire("A.b", w), 5);
	assert_memory_equal(w, "\001a\001b", 5);
	assert_int_equal(dec_dnssec_name_wire("a\\.b.c", w), 7); /* "a.b" is one label */
	assert_int_equal(w[0], 3);
	assert_int_equal(dec_dnssec_name_wire("\\065", w), 3);
	assert_int_equal(w[1], 'a');
	assert_int_equal(dec_dnssec_name_wire("a..b", w), 0);
	struct dec_dnssec *v = dec_dnssec_new();
	GError *err = NULL;
	assert_false(dec_dnssec_parse_anchors(v, "example. IN DS 1 8 2 XYZ\n", "ta", &err));
	assert_non_null(strstr(err->message, "ta:1"));
	g_clear_error(&err);
	assert_false(dec_dnssec_parse_anchors(v, "; nothing\n", "ta", &err));
	g_clear_error(&err);
	assert_false(dec_dnssec_parse_anchors(v, "example. IN A 192.0.2.1\n", "ta", &err));
	g_clear_error(&err);
	dec_dnssec_free(v);
	/* the primitive alone: an unsupported algorithm, a P-256 key of the wrong size */
	assert_int_equal(dec_dnssec_verify(5, p256_key, sizeof(p256_key), p256_sig, 64,
				 (const uint8_t *)"x", 1),
		-1);
	assert_int_equal(
		dec_dnssec_verify(13, p256_key, 10, p256_sig, 64, (const uint8_t *)"x", 1), -1);
	assert_int_equal(dec_dnssec_verify(15, ed_key, 32, ed_sig, 64, (const uint8_t *)"x", 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dnssec_rfc6605_p256),
		cmocka_unit_test(test_dnssec_rfc8080_ed25519_compressed_mx),
		cmocka_unit_test(test_dnssec_rfc6605_p384_and_rfc5702_rsa),
		cmocka_unit_test(test_dnssec_insecure_delegation),
		cmocka_unit_test(test_dnssec_names_and_anchor_errors),
	};
	return cmocka_run_group_tests_name("dnssec", tests, NULL, NULL);
}
