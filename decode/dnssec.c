/* dnssec.c - DNSSEC validation of the responses a capture holds (decode/dnssec.h).
 *
 * For each answer RRset (RFC 4035 §5.3): the RRSIGs covering it are tried in turn, the
 * best outcome wins (one valid signature suffices, RFC 4035 §5.3.3). One RRSIG is checked
 * as RFC 4035 §5.3.1 orders it: its time window against the capture time (serial number
 * arithmetic, RFC 4034 §3.1.5), the signer's DNSKEY with the RRSIG's key tag and algorithm,
 * then the signature over the canonical RRset (RFC 4034 §6: lowercase uncompressed owner,
 * the RRSIG's original TTL, records sorted by canonical RDATA, duplicates dropped; names in
 * RDATA lowercased for the types RFC 4034 §6.2 lists, minus NSEC per RFC 6840 §5.1;
 * wildcard owners rebuilt from the Labels field, RFC 4035 §5.3.2).
 *
 * Keys (RFC 4035 §5.2): a DNSKEY RRset becomes trusted when a key in it matches a trust
 * anchor or a secure DS (digest of owner wire name and DNSKEY RDATA, RFC 4034 §5.1.4) and
 * that key's signature over the whole set verifies; a DS RRset becomes secure when its
 * signature verifies with a trusted key of the parent. Every primitive is libcrypto's.
 *
 * Memory: the key store is a hash table from lowercase owner to its records, grown as the
 * capture shows DNSKEY and DS RRsets (a few per zone); verdicts live in the packet arena.
 */
#include "decode/dnssec.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/dns.h"
#include "decode/dnssec_int.h"

struct ds_rec {
	uint16_t tag;
	uint8_t alg, dtype;
	uint8_t digest[64];
	uint8_t dlen;
};

struct key_rec {
	uint16_t flags, tag;
	uint8_t alg;
	bool trusted;
	GBytes *rdata; /* the whole DNSKEY RDATA (flags, protocol, algorithm, key) */
};

struct zone_keys {
	GPtrArray *keys; /* struct key_rec, owned */
	GArray *ds;      /* struct ds_rec: trust anchors and secure DS */
	bool dnskey_seen;
	bool insecure; /* a secure NSEC denied its DS */
};

G_DEFINE_QUARK(awstrace - dnssec - error - quark, dec_dnssec_error)

struct dec_dnssec {
	GHashTable *zones; /* lowercase owner (text, no trailing dot) -> struct zone_keys */
};

static void
key_rec_free(gpointer p)
{
	struct key_rec *k = p;
	g_bytes_unref(k->rdata);
	g_free(k);
}

static void
zone_free(gpointer p)
{
	struct zone_keys *z = p;
	g_ptr_array_free(z->keys, TRUE);
	g_array_free(z->ds, TRUE);
	g_free(z);
}

static struct zone_keys *
zone_get(struct dec_dnssec *v, const char *name, bool create)
{
	g_autofree char *k = g_ascii_strdown(name, -1);
	struct zone_keys *z = g_hash_table_lookup(v->zones, k);
	if (z || !create)
		return z;
	z = g_new0(struct zone_keys, 1);
	z->keys = g_ptr_array_new_with_free_func(key_rec_free);
	z->ds = g_array_new(FALSE, TRUE, sizeof(struct ds_rec));
	g_hash_table_insert(v->zones, g_steal_pointer(&k), z);
	return z;
}

static const char root_anchors[] =
	". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
	". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16\n";

struct dec_dnssec *
dec_dnssec_new(void)
{
	struct dec_dnssec *v = g_new0(struct dec_dnssec, 1);
	v->zones = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, zone_free);
	GError *err = NULL;
	if (!dec_dnssec_parse_anchors(v, root_anchors, "root anchors", &err))
		g_error("%s", err->message);
	return v;
}

void
dec_dnssec_free(struct dec_dnssec *v)
{
	if (!v)
		return;
	g_hash_table_destroy(v->zones);
	g_free(v);
}

const char *
dec_dnssec_status_name(unsigned status)
{
	switch (status) {
	case DEC_DNSSEC_SECURE:
		return "secure";
	case DEC_DNSSEC_INSECURE:
		return "insecure";
	case DEC_DNSSEC_BOGUS:
		return "bogus";
	default:
		return "indeterminate";
	}
}

const char *
dec_dnssec_denial_name(unsigned denial)
{
	switch (denial) {
	case DEC_DNSSEC_D_NXDOMAIN:
		return "NXDOMAIN";
	case DEC_DNSSEC_D_NODATA:
		return "NODATA";
	case DEC_DNSSEC_D_NO_DS:
		return "no DS";
	default:
		return "";
	}
}

const char *
dec_dnssec_proof_name(unsigned proof)
{
	return proof == DEC_DNSSEC_P_NSEC ? "NSEC" : proof == DEC_DNSSEC_P_NSEC3 ? "NSEC3" : "";
}

const char *
dec_dnssec_why_text(unsigned why)
{
	static const char *const t[DEC_DNSSEC_W_COUNT] = {
		[DEC_DNSSEC_W_NONE] = "",
		[DEC_DNSSEC_W_UNSIGNED] = "no RRSIG",
		[DEC_DNSSEC_W_EXPIRED] = "expired signature",
		[DEC_DNSSEC_W_NOT_YET_VALID] = "signature not yet valid",
		[DEC_DNSSEC_W_KEY_TAG] = "key tag not found",
		[DEC_DNSSEC_W_BAD_SIGNATURE] = "bad signature",
		[DEC_DNSSEC_W_DIGEST_MISMATCH] = "digest mismatch",
		[DEC_DNSSEC_W_NO_KEY] = "signer's DNSKEY not in the capture",
		[DEC_DNSSEC_W_NO_CHAIN] = "chain to a trust anchor not in the capture",
		[DEC_DNSSEC_W_ALGORITHM] = "algorithm not supported",
		[DEC_DNSSEC_W_CUT] = "record not captured whole",
		[DEC_DNSSEC_W_NO_DS] = "no DS at the delegation",
		[DEC_DNSSEC_W_NO_PROOF] = "no NSEC or NSEC3",
		[DEC_DNSSEC_W_NOT_COVERED] = "no NSEC or NSEC3 proves the name absent",
		[DEC_DNSSEC_W_NO_ENCLOSER] = "no closest encloser proof",
		[DEC_DNSSEC_W_WILDCARD] = "wildcard not denied",
		[DEC_DNSSEC_W_TYPE_EXISTS] = "the type is in the bitmap",
		[DEC_DNSSEC_W_WILDCARD_ANSWER] = "wildcard expansion without proof",
		[DEC_DNSSEC_W_OPT_OUT] = "NSEC3 opt-out",
		[DEC_DNSSEC_W_ITERATIONS] = "NSEC3 iterations over 150",
		[DEC_DNSSEC_W_NSEC3_HASH] = "NSEC3 hash algorithm not supported",
		[DEC_DNSSEC_W_LABELS] = "RRSIG labels above the owner's",
		[DEC_DNSSEC_W_PARENT_SIDE] = "NSEC or NSEC3 from the wrong side of a zone cut",
		[DEC_DNSSEC_W_SIGNER] = "signer is not the owner's zone",
		[DEC_DNSSEC_W_EXPANDED] = "NSEC or NSEC3 expanded from a wildcard",
	};
	return why < DEC_DNSSEC_W_COUNT ? t[why] : "";
}

/* ---- names ---- */

size_t
dec_dnssec_name_wire(const char *text, uint8_t out[256])
{
	size_t n = 0;
	if (!text)
		return 0;
	if (!strcmp(text, ".")) {
		out[0] = 0;
		return 1;
	}
	const char *p = text;
	while (*p) {
		size_t lenat = n++;
		size_t len = 0;
		while (*p && *p != '.') {
			unsigned ch;
			if (*p == '\\') {
				if (g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]) &&
					g_ascii_isdigit(p[3])) {
					ch = (unsigned)((p[1] - '0') * 100 + (p[2] - '0') * 10 +
							(p[3] - '0'));
					p += 4;
				} else if (p[1]) {
					ch = (unsigned char)p[1];
					p += 2;
				} else {
					return 0;
				}
			} else {
				ch = (unsigned char)*p++;
			}
			if (ch > 255 || n >= 255 || ++len > 63)
				return 0;
			out[n++] = (uint8_t)g_ascii_tolower((char)ch);
		}
		if (len == 0)
			return 0;
		out[lenat] = (uint8_t)len;
		if (*p == '.')
			p++;
	}
	if (n >= 256)
		return 0;
	out[n++] = 0;
	return n;
}

/* labels of a wire name, the root not counted (RFC 4034 §3.1.3) */
static unsigned
wire_labels(const uint8_t *w)
{
	unsigned n = 0;
	while (*w) {
		n++;
		w += *w + 1;
	}
	return n;
}

static bool
name_eq(const char *a, const char *b)
{
	return a && b && g_ascii_strcasecmp(a, b) == 0;
}

/* ---- signature verification ---- */

static EVP_PKEY *
rsa_key(const uint8_t *k, size_t n)
{
	/* RFC 3110 §2: exponent length in one byte, or 0 then two bytes */
	size_t elen, at;
	if (n < 1)
		return NULL;
	if (k[0]) {
		elen = k[0];
		at = 1;
	} else {
		if (n < 3)
			return NULL;
		elen = (size_t)k[1] << 8 | k[2];
		at = 3;
	}
	if (elen == 0 || at + elen >= n)
		return NULL;
	BIGNUM *e = BN_bin2bn(k + at, (int)elen, NULL);
	BIGNUM *m = BN_bin2bn(k + at + elen, (int)(n - at - elen), NULL);
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (e && m && b && ctx && OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, m) &&
		OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, e) &&
		(params = OSSL_PARAM_BLD_to_param(b)) && EVP_PKEY_fromdata_init(ctx) == 1)
		EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(ctx);
	BN_free(e);
	BN_free(m);
	return pkey;
}

static EVP_PKEY *
ec_key(const uint8_t *k, size_t n, const char *group, size_t want)
{
	if (n != want)
		return NULL;
	uint8_t pub[97];
	pub[0] = 0x04; /* uncompressed point: RFC 6605 §4 gives X | Y */
	memcpy(pub + 1, k, n);
	char g[16];
	g_strlcpy(g, group, sizeof(g));
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, g, 0),
		OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pub, n + 1),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (ctx && EVP_PKEY_fromdata_init(ctx) == 1)
		EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

int
dec_dnssec_verify(unsigned alg, const uint8_t *key, size_t keylen, const uint8_t *sig,
	size_t siglen, const uint8_t *data, size_t n)
{
	EVP_PKEY *pkey = NULL;
	const EVP_MD *md = NULL;
	uint8_t *der = NULL;
	int derlen = 0;
	switch (alg) {
	case 5: /* RFC 3110 RSA/SHA-1, and its NSEC3 alias (RFC 5155 §2): RFC 8624 §3.1
		 * still has validators check them */
	case 7:
		pkey = rsa_key(key, keylen);
		md = EVP_sha1();
		break;
	case 8: /* RFC 5702 */
	case 10:
		pkey = rsa_key(key, keylen);
		md = alg == 8 ? EVP_sha256() : EVP_sha512();
		break;
	case 13: /* RFC 6605 */
	case 14: {
		size_t half = alg == 13 ? 32 : 48;
		pkey = ec_key(key, keylen, alg == 13 ? "prime256v1" : "secp384r1", 2 * half);
		md = alg == 13 ? EVP_sha256() : EVP_sha384();
		if (siglen != 2 * half) {
			EVP_PKEY_free(pkey);
			return 0;
		}
		/* r | s to the DER form libcrypto verifies */
		ECDSA_SIG *es = ECDSA_SIG_new();
		BIGNUM *r = BN_bin2bn(sig, (int)half, NULL),
		       *s = BN_bin2bn(sig + half, (int)half, NULL);
		if (es && r && s && ECDSA_SIG_set0(es, r, s) == 1) {
			r = s = NULL;
			derlen = i2d_ECDSA_SIG(es, &der);
		}
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(es);
		if (derlen <= 0) {
			EVP_PKEY_free(pkey);
			return -1;
		}
		break;
	}
	case 15: /* RFC 8080 */
		if (keylen == 32)
			pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, key, keylen);
		break;
	default:
		return -1;
	}
	if (!pkey) {
		OPENSSL_free(der);
		return -1;
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = -1;
	if (ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, pkey) == 1) {
		const uint8_t *s = der ? der : sig;
		size_t sl = der ? (size_t)derlen : siglen;
		ok = EVP_DigestVerify(ctx, s, sl, data, n) == 1 ? 1 : 0;
	}
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	OPENSSL_free(der);
	return ok;
}

/* ---- canonical form ---- */

struct buf {
	uint8_t *p;
	size_t n, cap;
};

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = MAX(b->cap * 2, b->n + n + 256);
		b->p = g_realloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void
buf_u16(struct buf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	buf_add(b, x, 2);
}

static void
buf_u32(struct buf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	buf_add(b, x, 4);
}

static bool
buf_name(struct buf *b, const char *text)
{
	uint8_t w[256];
	size_t n = dec_dnssec_name_wire(text, w);
	if (!n)
		return false;
	buf_add(b, w, n);
	return true;
}

/* The canonical RDATA of rr into b (RFC 4034 §6.2, RFC 6840 §5.1); false when the record
 * was not captured whole or not parsed. */
static bool
rdata_canonical(struct buf *b, const struct dec_dns_rr *rr)
{
	if (!rr->rdata_ok || rr->rdata.len != rr->rdlength || !rr->rdata.p)
		return false;
	switch (rr->type) {
	case DEC_DNS_T_NS:
	case DEC_DNS_T_CNAME:
	case DEC_DNS_T_PTR:
	case DEC_DNS_T_DNAME:
		return buf_name(b, rr->u.target);
	case DEC_DNS_T_MX:
		buf_u16(b, rr->u.mx.pref);
		return buf_name(b, rr->u.mx.exchange);
	case DEC_DNS_T_SRV:
		buf_u16(b, rr->u.srv.prio);
		buf_u16(b, rr->u.srv.weight);
		buf_u16(b, rr->u.srv.port);
		return buf_name(b, rr->u.srv.target);
	case DEC_DNS_T_SOA:
		if (!buf_name(b, rr->u.soa.mname) || !buf_name(b, rr->u.soa.rname))
			return false;
		buf_u32(b, rr->u.soa.serial);
		buf_u32(b, rr->u.soa.refresh);
		buf_u32(b, rr->u.soa.retry);
		buf_u32(b, rr->u.soa.expire);
		buf_u32(b, rr->u.soa.minimum);
		return true;
	default:
		buf_add(b, rr->rdata.p, rr->rdata.len);
		return true;
	}
}

static int
bytes_cmp(const void *a, const void *b)
{
	GBytes *const *x = a, *const *y = b;
	gsize xn, yn;
	const uint8_t *xp = g_bytes_get_data(*x, &xn), *yp = g_bytes_get_data(*y, &yn);
	/* an empty rdata's data is NULL, which memcmp() must not be given even for 0 bytes */
	int c = MIN(xn, yn) ? memcmp(xp, yp, MIN(xn, yn)) : 0;
	return c ? c : (xn < yn ? -1 : xn > yn);
}

/* The data an RRSIG signs (RFC 4034 §3.1.8.1) for the records of section sec with the
 * RRSIG's owner, class and covered type; false when one cannot be rebuilt. */
static bool
signed_data(struct buf *out, const struct dec_dns_layer *m, int sec, const struct dec_dns_rr *sig)
{
	uint8_t signer[256], owner[256];
	size_t sn = dec_dnssec_name_wire(sig->u.rrsig.signer, signer);
	size_t on = dec_dnssec_name_wire(sig->name, owner);
	if (!sn || !on)
		return false;
	buf_u16(out, sig->u.rrsig.type_covered);
	uint8_t al[2] = { sig->u.rrsig.alg, sig->u.rrsig.labels };
	buf_add(out, al, 2);
	buf_u32(out, sig->u.rrsig.orig_ttl);
	buf_u32(out, sig->u.rrsig.expiration);
	buf_u32(out, sig->u.rrsig.inception);
	buf_u16(out, sig->u.rrsig.key_tag);
	buf_add(out, signer, sn);
	/* RFC 4035 §5.3.2: a wildcard expansion is signed as "*." and the Labels rightmost */
	struct buf own = { 0 };
	unsigned nl = wire_labels(owner);
	if (sig->u.rrsig.labels < nl) {
		const uint8_t *w = owner;
		for (unsigned i = 0; i < nl - sig->u.rrsig.labels; i++)
			w += *w + 1;
		buf_add(&own, "\001*", 2);
		buf_add(&own, w, on - (size_t)(w - owner));
	} else {
		buf_add(&own, owner, on);
	}
	GPtrArray *rds = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	bool ok = true;
	for (unsigned i = 0; ok && i < m->nrr[sec]; i++) {
		const struct dec_dns_rr *rr = &m->rr[sec][i];
		if (rr->type != sig->u.rrsig.type_covered || rr->cls != sig->cls ||
			!name_eq(rr->name, sig->name))
			continue;
		struct buf rd = { 0 };
		ok = rdata_canonical(&rd, rr);
		g_ptr_array_add(rds, g_bytes_new_take(rd.p, rd.n));
	}
	if (ok && rds->len == 0)
		ok = false;
	g_ptr_array_sort(rds, bytes_cmp);
	for (guint i = 0; ok && i < rds->len; i++) {
		if (i && bytes_cmp(&rds->pdata[i], &rds->pdata[i - 1]) == 0)
			continue; /* RFC 4034 §6.3: duplicates appear once */
		gsize n;
		const uint8_t *p = g_bytes_get_data(rds->pdata[i], &n);
		buf_add(out, own.p, own.n);
		buf_u16(out, sig->u.rrsig.type_covered);
		buf_u16(out, sig->cls);
		buf_u32(out, sig->u.rrsig.orig_ttl);
		buf_u16(out, (uint16_t)n);
		buf_add(out, p, n);
	}
	g_ptr_array_free(rds, TRUE);
	g_free(own.p);
	return ok;
}

/* ---- one RRset ---- */

int
dnssec_rank(unsigned status)
{
	static const int r[] = { 0, 4, 3, 1, 2 };
	return status < G_N_ELEMENTS(r) ? r[status] : 0;
}

static struct dnssec_verdict
check_rrsig(struct dec_dnssec *v, const struct dec_dns_layer *m, int sec,
	const struct dec_dns_rr *sig, int64_t now)
{
	struct dnssec_verdict r = { .status = DEC_DNSSEC_INDETERMINATE,
		.alg = sig->u.rrsig.alg,
		.sig_labels = sig->u.rrsig.labels,
		.tag = sig->u.rrsig.key_tag,
		.signer = sig->u.rrsig.signer };
	unsigned alg = sig->u.rrsig.alg;
	if (alg != 5 && alg != 7 && alg != 8 && alg != 10 && alg != 13 && alg != 14 && alg != 15) {
		r.why = DEC_DNSSEC_W_ALGORITHM;
		return r;
	}
	if (!sig->rdata_ok || sig->rdata.len != sig->rdlength) {
		r.why = DEC_DNSSEC_W_CUT;
		return r;
	}
	/* RFC 4035 §5.3.1: Labels is at most the owner's count (a "*" label not counted,
	 * RFC 4034 §3.1.3); fewer means the RRset was expanded from a wildcard (§5.3.4) */
	uint8_t ow[256];
	size_t own = dec_dnssec_name_wire(sig->name, ow);
	unsigned nl = own ? wire_labels(ow) : 0;
	if (nl && ow[0] == 1 && ow[1] == '*')
		nl--;
	if (!own || sig->u.rrsig.labels > nl) {
		r.status = DEC_DNSSEC_BOGUS;
		r.why = DEC_DNSSEC_W_LABELS;
		return r;
	}
	r.wildcard = sig->u.rrsig.labels < nl;
	/* RFC 4035 §5.3.1: the Signer's Name is the zone holding the RRset: the owner or an
	 * ancestor of it, and the owner itself for a DNSKEY RRset (a zone signs its apex
	 * keys); any other zone's key proves nothing about the owner */
	uint8_t sw[256];
	size_t swn = dec_dnssec_name_wire(sig->u.rrsig.signer, sw);
	unsigned snl = swn ? wire_labels(sw) : 0;
	const uint8_t *tail = ow;
	for (unsigned i = 0; swn && i + snl < wire_labels(ow); i++)
		tail += *tail + 1;
	if (!swn || snl > wire_labels(ow) || memcmp(tail, sw, swn) != 0 ||
		(sig->u.rrsig.type_covered == DEC_DNS_T_DNSKEY && snl != wire_labels(ow))) {
		r.status = DEC_DNSSEC_BOGUS;
		r.why = DEC_DNSSEC_W_SIGNER;
		return r;
	}
	/* RFC 4034 §3.1.5: serial number arithmetic on 32-bit times */
	uint32_t t = (uint32_t)now;
	if ((int32_t)(t - sig->u.rrsig.inception) < 0) {
		r.status = DEC_DNSSEC_BOGUS;
		r.why = DEC_DNSSEC_W_NOT_YET_VALID;
		return r;
	}
	if ((int32_t)(sig->u.rrsig.expiration - t) < 0) {
		r.status = DEC_DNSSEC_BOGUS;
		r.why = DEC_DNSSEC_W_EXPIRED;
		return r;
	}
	struct zone_keys *z = zone_get(v, sig->u.rrsig.signer, false);
	if (!z || !z->dnskey_seen) {
		r.why = DEC_DNSSEC_W_NO_KEY;
		return r;
	}
	struct buf data = { 0 };
	if (!signed_data(&data, m, sec, sig)) {
		g_free(data.p);
		r.why = DEC_DNSSEC_W_CUT;
		return r;
	}
	r.status = DEC_DNSSEC_BOGUS;
	r.why = DEC_DNSSEC_W_KEY_TAG;
	for (guint i = 0; i < z->keys->len; i++) {
		const struct key_rec *k = z->keys->pdata[i];
		if (k->tag != sig->u.rrsig.key_tag || k->alg != alg || !(k->flags & 0x0100))
			continue;
		gsize kn;
		const uint8_t *kp = g_bytes_get_data(k->rdata, &kn);
		int ok = dec_dnssec_verify(alg, kp + 4, kn - 4, sig->u.rrsig.sig.p,
			sig->u.rrsig.sig.len, data.p, data.n);
		if (ok == 1) {
			r.key = k;
			r.status = k->trusted ? DEC_DNSSEC_SECURE : DEC_DNSSEC_INDETERMINATE;
			r.why = k->trusted ? DEC_DNSSEC_W_NONE : DEC_DNSSEC_W_NO_CHAIN;
			break;
		}
		r.why = ok == 0 ? DEC_DNSSEC_W_BAD_SIGNATURE : DEC_DNSSEC_W_ALGORITHM;
		if (ok < 0)
			r.status = DEC_DNSSEC_INDETERMINATE;
	}
	g_free(data.p);
	return r;
}

/* Whether an identical RRSIG (same owner, same RDATA) came earlier in the section: a
 * repeated record is one record (RFC 4034 §6.3) and is verified once. */
static bool
same_rrsig_before(const struct dec_dns_layer *m, int sec, unsigned i)
{
	const struct dec_dns_rr *rr = &m->rr[sec][i];
	for (unsigned j = 0; j < i; j++) {
		const struct dec_dns_rr *o = &m->rr[sec][j];
		if (o->type == DEC_DNS_T_RRSIG && o->rdata_ok && o->rdata.len == rr->rdata.len &&
			(rr->rdata.len == 0 || !memcmp(o->rdata.p, rr->rdata.p, rr->rdata.len)) &&
			name_eq(o->name, rr->name))
			return true;
	}
	return false;
}

struct dnssec_verdict
dnssec_check_rrset(struct dec_dnssec *v, const struct dec_dns_layer *m, int sec, const char *name,
	uint16_t type, int64_t now)
{
	struct dnssec_verdict best = { .status = DEC_DNSSEC_INDETERMINATE,
		.why = DEC_DNSSEC_W_UNSIGNED };
	bool signed_ = false;
	for (unsigned i = 0; i < m->nrr[sec]; i++) {
		const struct dec_dns_rr *rr = &m->rr[sec][i];
		if (rr->type != DEC_DNS_T_RRSIG || !rr->rdata_ok ||
			rr->u.rrsig.type_covered != type || !name_eq(rr->name, name) ||
			same_rrsig_before(m, sec, i))
			continue;
		struct dnssec_verdict r = check_rrsig(v, m, sec, rr, now);
		if (!signed_ || dnssec_rank(r.status) > dnssec_rank(best.status))
			best = r;
		signed_ = true;
		if (best.status == DEC_DNSSEC_SECURE)
			break;
	}
	if (!signed_ && dnssec_insecure_above(v, name)) {
		best.status = DEC_DNSSEC_INSECURE;
		best.why = DEC_DNSSEC_W_NO_DS;
	}
	return best;
}

bool
dnssec_insecure_above(struct dec_dnssec *v, const char *name)
{
	/* from the name up: the nearest zone that says decides. A zone with trusted keys (a
	 * trust anchor's island below an unsigned cut, RFC 4035 §4.3) is signed whatever is
	 * above it */
	for (const char *p = name; p; p = strchr(p, '.') ? strchr(p, '.') + 1 : NULL) {
		struct zone_keys *z = zone_get(v, p, false);
		if (z && dnssec_zone_trusted(v, p))
			return false;
		if (z && z->insecure)
			return true;
	}
	return false;
}

void
dnssec_mark_insecure(struct dec_dnssec *v, const char *name)
{
	zone_get(v, name, true)->insecure = true;
}

bool
dnssec_zone_trusted(struct dec_dnssec *v, const char *zone)
{
	struct zone_keys *z = zone ? zone_get(v, zone, false) : NULL;
	for (guint i = 0; z && i < z->keys->len; i++)
		if (((const struct key_rec *)z->keys->pdata[i])->trusted)
			return true;
	return false;
}

/* ---- feeding the store ---- */

static bool
ds_matches(const struct ds_rec *ds, const char *owner, GBytes *rdata)
{
	const EVP_MD *md = ds->dtype == 1   ? EVP_sha1()
			   : ds->dtype == 2 ? EVP_sha256()
			   : ds->dtype == 4 ? EVP_sha384()
					    : NULL;
	uint8_t w[256], out[EVP_MAX_MD_SIZE];
	size_t wn = dec_dnssec_name_wire(owner, w);
	unsigned int n = 0;
	gsize rn;
	const uint8_t *rp = g_bytes_get_data(rdata, &rn);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = md && wn && ctx && EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
		  EVP_DigestUpdate(ctx, w, wn) == 1 && EVP_DigestUpdate(ctx, rp, rn) == 1 &&
		  EVP_DigestFinal_ex(ctx, out, &n) == 1 && n == ds->dlen &&
		  CRYPTO_memcmp(out, ds->digest, n) == 0;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* DNSKEYs kept per zone: a key rollover shows a handful; more is noise that would make
 * every RRSIG try each key with its tag */
#define KEYS_PER_ZONE_MAX 64

/* Whether the DNSKEY RRset (name) of section sec holds the key with this RDATA. */
static bool
key_in_rrset(const struct dec_dns_layer *m, int sec, const char *name, GBytes *rdata)
{
	gsize n;
	const uint8_t *p = g_bytes_get_data(rdata, &n);
	for (unsigned i = 0; i < m->nrr[sec]; i++) {
		const struct dec_dns_rr *rr = &m->rr[sec][i];
		if (rr->type == DEC_DNS_T_DNSKEY && rr->rdata_ok && rr->rdata.len == n &&
			name_eq(rr->name, name) && (n == 0 || !memcmp(rr->rdata.p, p, n)))
			return true;
	}
	return false;
}

/* Adds the DNSKEY RRset (name) of section sec to the store and decides whether it is
 * trusted; returns the set's verdict. */
static struct dnssec_verdict
feed_dnskeys(
	struct dec_dnssec *v, const struct dec_dns_layer *m, int sec, const char *name, int64_t now)
{
	struct zone_keys *z = zone_get(v, name, true);
	z->dnskey_seen = true;
	for (unsigned i = 0; i < m->nrr[sec]; i++) {
		const struct dec_dns_rr *rr = &m->rr[sec][i];
		if (rr->type != DEC_DNS_T_DNSKEY || !name_eq(rr->name, name) || !rr->rdata_ok ||
			rr->rdata.len != rr->rdlength || rr->rdlength < 4)
			continue;
		GBytes *rd = g_bytes_new(rr->rdata.p, rr->rdata.len);
		bool have = false;
		for (guint j = 0; j < z->keys->len && !have; j++)
			have = g_bytes_equal(((struct key_rec *)z->keys->pdata[j])->rdata, rd);
		if (have) {
			g_bytes_unref(rd);
			continue;
		}
		if (z->keys->len >= KEYS_PER_ZONE_MAX) { /* bounds the work per RRSIG */
			g_bytes_unref(rd);
			continue;
		}
		struct key_rec *k = g_new0(struct key_rec, 1);
		k->flags = rr->u.dnskey.flags;
		k->alg = rr->u.dnskey.alg;
		k->tag = rr->u.dnskey.key_tag;
		k->rdata = rd;
		g_ptr_array_add(z->keys, k);
	}
	/* keys a trusted DS (or anchor) vouches for */
	bool any_ds = z->ds->len > 0, matched = false;
	for (guint j = 0; j < z->keys->len; j++) {
		const struct key_rec *k = z->keys->pdata[j];
		for (guint d = 0; d < z->ds->len; d++) {
			const struct ds_rec *ds = &g_array_index(z->ds, struct ds_rec, d);
			/* matched: still to sign the set to be trusted (below) */
			if (ds->tag == k->tag && ds->alg == k->alg &&
				ds_matches(ds, name, k->rdata))
				matched = true;
		}
	}
	/* RFC 4035 §5.2: the DNSKEY RRset is trusted when a DS-matched key signs it; every
	 * RRSIG over the set is tried, as a ZSK may sign it too */
	struct dnssec_verdict best = dnssec_check_rrset(v, m, sec, name, DEC_DNS_T_DNSKEY, now);
	for (unsigned i = 0; best.status != DEC_DNSSEC_SECURE && i < m->nrr[sec]; i++) {
		const struct dec_dns_rr *rr = &m->rr[sec][i];
		if (rr->type != DEC_DNS_T_RRSIG || !rr->rdata_ok ||
			rr->u.rrsig.type_covered != DEC_DNS_T_DNSKEY || !name_eq(rr->name, name))
			continue;
		struct dnssec_verdict r = check_rrsig(v, m, sec, rr, now);
		const struct key_rec *k = r.key;
		bool vouched = false;
		for (guint d = 0; k && d < z->ds->len && !vouched; d++) {
			const struct ds_rec *ds = &g_array_index(z->ds, struct ds_rec, d);
			vouched = ds->tag == k->tag && ds->alg == k->alg &&
				  ds_matches(ds, name, k->rdata);
		}
		if (vouched) {
			/* the keys of this RRset, the one the vouched key signed: not every
			 * key the capture ever showed for the zone */
			for (guint j = 0; j < z->keys->len; j++) {
				struct key_rec *kj = z->keys->pdata[j];
				kj->trusted |= key_in_rrset(m, sec, name, kj->rdata);
			}
			best = r;
			best.status = DEC_DNSSEC_SECURE;
			best.why = DEC_DNSSEC_W_NONE;
		}
	}
	if (any_ds && !matched && best.status != DEC_DNSSEC_SECURE) {
		best.status = DEC_DNSSEC_BOGUS;
		best.why = DEC_DNSSEC_W_DIGEST_MISMATCH;
	}
	return best;
}

static void
feed_ds(struct dec_dnssec *v, const struct dec_dns_layer *m, int sec, const char *name)
{
	struct zone_keys *z = zone_get(v, name, true);
	for (unsigned i = 0; i < m->nrr[sec]; i++) {
		const struct dec_dns_rr *rr = &m->rr[sec][i];
		if (rr->type != DEC_DNS_T_DS || !name_eq(rr->name, name) || !rr->rdata_ok ||
			rr->u.ds.digest.len > 64)
			continue;
		struct ds_rec d = { rr->u.ds.key_tag, rr->u.ds.alg, rr->u.ds.digest_type, { 0 },
			(uint8_t)rr->u.ds.digest.len };
		memcpy(d.digest, rr->u.ds.digest.p, d.dlen);
		g_array_append_val(z->ds, d);
	}
}

/* Whether the RRset of rr came earlier in the section (one verdict per RRset). */
static bool
seen_before(const struct dec_dns_layer *m, int sec, unsigned i)
{
	const struct dec_dns_rr *rr = &m->rr[sec][i];
	for (unsigned j = 0; j < i; j++)
		if (m->rr[sec][j].type == rr->type && name_eq(m->rr[sec][j].name, rr->name))
			return true;
	return false;
}

/* RFC 4035 §5.2: a secure NSEC at the delegation whose bitmap has NS but no DS proves the
 * child unsigned (NSEC3 and the proofs of referrals: dnssec_denial.c) */
static void
feed_nsec(struct dec_dnssec *v, const struct dec_dns_layer *m, int sec, int64_t now)
{
	for (unsigned i = 0; i < m->nrr[sec]; i++) {
		const struct dec_dns_rr *rr = &m->rr[sec][i];
		if (rr->type != DEC_DNS_T_NSEC || !rr->rdata_ok || seen_before(m, sec, i))
			continue;
		bool ns = false, ds = false, soa = false;
		for (unsigned t = 0; t < rr->u.nsec.ntypes; t++) {
			ns |= rr->u.nsec.types[t] == DEC_DNS_T_NS;
			ds |= rr->u.nsec.types[t] == DEC_DNS_T_DS;
			soa |= rr->u.nsec.types[t] == DEC_DNS_T_SOA;
		}
		/* RFC 6840 §4.4: NS without SOA: the parent side of a cut, not a zone's apex */
		if (!ns || ds || soa)
			continue;
		struct dnssec_verdict r = dnssec_check_rrset(v, m, sec, rr->name, DEC_DNS_T_NSEC, now);
		if (r.status == DEC_DNSSEC_SECURE)
			zone_get(v, rr->name, true)->insecure = true;
	}
}

void
dnssec_add_result(struct dec *d, unsigned layer, uint16_t type, const char *name,
	const struct dnssec_verdict *r, unsigned denial, unsigned proof)
{
	if (d->ndnssec % 16 == 0) {
		struct dec_dnssec_result *n = dec_alloc(d, (d->ndnssec + 16) * sizeof(*n));
		if (!n)
			return;
		if (d->ndnssec)
			memcpy(n, d->dnssec, d->ndnssec * sizeof(*n));
		d->dnssec = n;
	}
	struct dec_dnssec_result *x = &d->dnssec[d->ndnssec++];
	x->layer = (uint16_t)layer;
	x->type = type;
	x->name = name;
	x->denial = (uint8_t)denial;
	x->proof = (uint8_t)proof;
	x->wildcard = r->wildcard && !denial;
	x->status = r->status;
	x->why = r->why;
	x->alg = r->alg;
	x->key_tag = r->tag;
	x->signer = r->signer;
}


void
dec_dnssec_packet(struct dec_dnssec *v, struct dec *d, int64_t now)
{
	d->ndnssec = 0;
	for (unsigned li = 0; li < d->nlayers; li++) {
		const struct dec_layer *l = &d->layers[li];
		if (l->proto != DEC_P_DNS || l->truncated)
			continue;
		const struct dec_dns_layer *m = &l->u.dns;
		if (!(m->flags & DEC_DNS_F_QR))
			continue;
		/* keys first, then DS, then denials, then the verdicts */
		for (int sec = DEC_DNS_AN; sec <= DEC_DNS_NS; sec++)
			for (unsigned i = 0; i < m->nrr[sec]; i++)
				if (m->rr[sec][i].type == DEC_DNS_T_DNSKEY &&
					!seen_before(m, sec, i)) {
					struct dnssec_verdict r =
						feed_dnskeys(v, m, sec, m->rr[sec][i].name, now);
					if (sec == DEC_DNS_AN)
						dnssec_add_result(d, li, m->rr[sec][i].type,
							m->rr[sec][i].name, &r, 0, 0);
				}
		for (int sec = DEC_DNS_AN; sec <= DEC_DNS_NS; sec++)
			for (unsigned i = 0; i < m->nrr[sec]; i++) {
				const struct dec_dns_rr *rr = &m->rr[sec][i];
				if (rr->type != DEC_DNS_T_DS || seen_before(m, sec, i))
					continue;
				struct dnssec_verdict r =
					dnssec_check_rrset(v, m, sec, rr->name, DEC_DNS_T_DS, now);
				if (r.status == DEC_DNSSEC_SECURE)
					feed_ds(v, m, sec, rr->name);
			}
		feed_nsec(v, m, DEC_DNS_NS, now);
		for (unsigned i = 0; i < m->nrr[DEC_DNS_AN]; i++) {
			const struct dec_dns_rr *rr = &m->rr[DEC_DNS_AN][i];
			if (rr->type == DEC_DNS_T_RRSIG || rr->type == DEC_DNS_T_DNSKEY ||
				rr->type == DEC_DNS_T_OPT || seen_before(m, DEC_DNS_AN, i))
				continue;
			struct dnssec_verdict r =
				dnssec_check_rrset(v, m, DEC_DNS_AN, rr->name, rr->type, now);
			unsigned proof = 0;
			if (r.wildcard && r.status == DEC_DNSSEC_SECURE)
				dnssec_wildcard_answer(v, m, rr->name, &r, &proof, now);
			dnssec_add_result(d, li, rr->type, rr->name, &r, 0, proof);
		}
		dnssec_denials(v, d, li, m, now);
	}
}

/* ---- trust anchors ---- */

static bool
anchor_line(struct dec_dnssec *v, char **t, size_t n, const char *where, GError **error)
{
	size_t at = 1;
	while (at < n && strcmp(t[at], "DS") && strcmp(t[at], "DNSKEY"))
		at++;
	if (at >= n) {
		g_set_error(error, DEC_DNSSEC_ERROR, 1, "%s: want OWNER [TTL] [IN] DS|DNSKEY ...",
			where);
		return false;
	}
	g_autofree char *owner = g_strdup(t[0]);
	size_t ol = strlen(owner);
	if (ol > 1 && owner[ol - 1] == '.')
		owner[ol - 1] = 0;
	uint8_t w[256];
	if (!dec_dnssec_name_wire(owner, w)) {
		g_set_error(error, DEC_DNSSEC_ERROR, 1, "%s: bad owner name", where);
		return false;
	}
	struct zone_keys *z = zone_get(v, owner, true);
	if (!strcmp(t[at], "DS")) {
		if (n - at < 5) {
			g_set_error(error, DEC_DNSSEC_ERROR, 1,
				"%s: DS wants key tag, algorithm, digest type, digest", where);
			return false;
		}
		struct ds_rec d = { (uint16_t)atoi(t[at + 1]), (uint8_t)atoi(t[at + 2]),
			(uint8_t)atoi(t[at + 3]), { 0 }, 0 };
		g_autofree char *hex = g_strjoinv("", t + at + 4);
		size_t hl = strlen(hex);
		if (hl == 0 || hl % 2 || hl / 2 > sizeof(d.digest)) {
			g_set_error(error, DEC_DNSSEC_ERROR, 1, "%s: bad DS digest", where);
			return false;
		}
		for (size_t i = 0; i < hl / 2; i++) {
			int hi = g_ascii_xdigit_value(hex[2 * i]),
			    lo = g_ascii_xdigit_value(hex[2 * i + 1]);
			if (hi < 0 || lo < 0) {
				g_set_error(error, DEC_DNSSEC_ERROR, 1, "%s: bad DS digest", where);
				return false;
			}
			d.digest[i] = (uint8_t)(hi << 4 | lo);
		}
		d.dlen = (uint8_t)(hl / 2);
		g_array_append_val(z->ds, d);
		return true;
	}
	if (n - at < 5) {
		g_set_error(error, DEC_DNSSEC_ERROR, 1,
			"%s: DNSKEY wants flags, protocol, algorithm, key", where);
		return false;
	}
	g_autofree char *b64 = g_strjoinv("", t + at + 4);
	gsize kl = 0;
	g_autofree guchar *key = g_base64_decode(b64, &kl);
	if (kl == 0 || kl > 2048) {
		g_set_error(error, DEC_DNSSEC_ERROR, 1, "%s: bad DNSKEY key", where);
		return false;
	}
	uint8_t *rd = g_malloc(kl + 4);
	uint16_t flags = (uint16_t)atoi(t[at + 1]);
	rd[0] = (uint8_t)(flags >> 8);
	rd[1] = (uint8_t)flags;
	rd[2] = (uint8_t)atoi(t[at + 2]);
	rd[3] = (uint8_t)atoi(t[at + 3]);
	memcpy(rd + 4, key, kl);
	struct key_rec *k = g_new0(struct key_rec, 1);
	k->flags = flags;
	k->alg = rd[3];
	k->tag = dec_dns_key_tag(rd, kl + 4);
	k->trusted = true;
	k->rdata = g_bytes_new_take(rd, kl + 4);
	g_ptr_array_add(z->keys, k);
	z->dnskey_seen = true;
	return true;
}

bool
dec_dnssec_parse_anchors(struct dec_dnssec *v, const char *text, const char *name, GError **error)
{
	g_hash_table_remove_all(v->zones);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	size_t got = 0;
	for (size_t i = 0; lines[i]; i++) {
		char *semi = strchr(lines[i], ';');
		if (semi)
			*semi = 0;
		g_auto(GStrv) t = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
		size_t n = 0;
		for (size_t j = 0; t[j]; j++)
			if (*t[j])
				t[n++] = t[j];
			else
				g_free(t[j]);
		t[n] = NULL;
		if (n == 0)
			continue;
		g_autofree char *where = g_strdup_printf("%s:%zu", name, i + 1);
		if (!anchor_line(v, t, n, where, error))
			return false;
		got++;
	}
	if (!got) {
		g_set_error(error, DEC_DNSSEC_ERROR, 1, "%s: no DS or DNSKEY record", name);
		return false;
	}
	return true;
}

bool
dec_dnssec_load_anchors(struct dec_dnssec *v, const char *path, GError **error)
{
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, error))
		return false;
	return dec_dnssec_parse_anchors(v, text, path, error);
}
